//! SCTP (RFC 4960), as tcpdump's print-sctp.c: the ports and each chunk, with DATA chunks
//! handed to ForCES (by port or payload protocol) and, with `-vv`, to M3UA or a hex dump.
use super::ip::IpHdr;
use super::{Nd, Res, Trunc, ascii, be16, be32, has, tail, tok};

const CHUNKS: &[(u32, &str)] = &[
    (0x00, "DATA"),
    (0x01, "INIT"),
    (0x02, "INIT ACK"),
    (0x03, "SACK"),
    (0x04, "HB REQ"),
    (0x05, "HB ACK"),
    (0x06, "ABORT"),
    (0x07, "SHUTDOWN"),
    (0x08, "SHUTDOWN ACK"),
    (0x09, "OP ERR"),
    (0x0a, "COOKIE ECHO"),
    (0x0b, "COOKIE ACK"),
    (0x0c, "ECN ECHO"),
    (0x0d, "ECN CWR"),
    (0x0e, "SHUTDOWN COMPLETE"),
    (0xc0, "FOR CUM TSN"),
    (0xc1, "REL CTRL"),
    (0xc2, "REL CTRL ACK"),
];

const PPIDS: &[(u32, &str)] = &[
    (1, "ISDN Q.921"),
    (2, "M2UA"),
    (3, "M3UA"),
    (4, "SUA"),
    (5, "M2PA"),
    (6, "V5.2"),
    (7, "H.248"),
    (8, "BICC"),
    (9, "TALI"),
    (10, "DUA"),
    (11, "ASAP"),
    (12, "ENRP"),
    (13, "H.323"),
    (14, "Q.IPC"),
    (15, "SIMCO"),
    (16, "DDPSC"),
    (17, "DDPSSC"),
    (18, "S1AP"),
    (19, "RUA"),
    (20, "HNBAP"),
    (21, "ForCES HP"),
    (22, "ForCES MP"),
    (23, "ForCES LP"),
    (24, "SBc-AP"),
    (25, "NBAP"),
    (27, "X2AP"),
];

/// The ForCES channel a port is, if any.
fn forces_channel(port: u16) -> Option<&'static str> {
    match port {
        6704 => Some("ForCES HP"),
        6705 => Some("ForCES MP"),
        6706 => Some("ForCES LP"),
        _ => None,
    }
}

/// Prints an SCTP packet; `length` is the IP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, ip: IpHdr<'_>) -> Res {
    nd.proto = "sctp";
    if length < 12 {
        nd.f(format_args!(
            "truncated-sctp - {} bytes missing!",
            12 - length
        ));
        return Ok(());
    }
    if !has(bp, 0, 12) {
        nd.trunc();
        return Ok(());
    }
    let sport = be16(bp, 0)?;
    let dport = be16(bp, 2)?;
    if ip.v6 {
        nd.host6(&ip.raw[8..24]);
        nd.f(format_args!(".{sport} > "));
        nd.host6(&ip.raw[24..40]);
    } else {
        nd.host4(&ip.raw[12..16]);
        nd.f(format_args!(".{sport} > "));
        nd.host4(&ip.raw[16..20]);
    }
    nd.f(format_args!(".{dport}: sctp"));
    let mut isforces = false;
    for port in [sport, dport] {
        if let Some(name) = forces_channel(port) {
            nd.f(format_args!("[{name}]"));
            isforces = true;
        }
    }
    if !chunks(nd, bp, length as u32, isforces)? {
        nd.trunc();
    }
    Ok(())
}

/// The chunks. Ok(false): a chunk or its padding was not captured (tcpdump's local
/// `goto trunc`, whose mark the caller prints).
fn chunks(nd: &mut Nd<'_>, bp: &[u8], length: u32, mut isforces: bool) -> Res<bool> {
    let mut sep = if nd.opts.verbose >= 2 { "\n\t" } else { " (" };
    // tcpdump's unsigned remaining length, which wraps as its does.
    let mut remaining = length - 12;
    let mut pos = 12usize;
    let mut count = 0u32;
    while remaining != 0 {
        count += 1;
        if remaining < 4 {
            nd.f(format_args!(
                "{sep}{count}) [chunk descriptor cut off at end of packet]"
            ));
            break;
        }
        if !has(bp, pos, 4) {
            return Ok(false);
        }
        let chunk_len = be16(bp, pos + 2)?;
        if chunk_len < 4 {
            nd.f(format_args!(
                "{sep}{count}) [Bad chunk length {chunk_len}, < size of chunk descriptor]"
            ));
            break;
        }
        let mut chunk_rem = chunk_len;
        let align = match chunk_len % 4 {
            0 => 0,
            a => 4 - u32::from(a),
        };
        if remaining < align {
            nd.f(format_args!(
                "{sep}{count}) [Bad chunk length {chunk_len}, > remaining data in packet]"
            ));
            break;
        }
        if !has(bp, pos, usize::from(chunk_len)) {
            return Ok(false);
        }
        let id = bp[pos];
        let flags = bp[pos + 1];
        pos += 4;
        remaining = remaining.wrapping_sub(4);
        chunk_rem -= 4;
        nd.f(format_args!("{sep}{count}) "));
        nd.s("[");
        match tok(CHUNKS, u32::from(id)) {
            Some(name) => nd.s(name),
            None => nd.f(format_args!("Unknown chunk type: 0x{id:x}")),
        }
        nd.s("] ");
        match id {
            0x00 => {
                if flags & 4 != 0 {
                    nd.s("(U)");
                }
                if flags & 2 != 0 {
                    nd.s("(B)");
                }
                if flags & 1 != 0 {
                    nd.s("(E)");
                }
                if flags & 7 != 0 {
                    nd.s(" ");
                }
                if chunk_rem < 12 {
                    nd.f(format_args!("bogus chunk length {chunk_len}]"));
                    return Ok(true);
                }
                let ppid = be32(bp, pos + 8)?;
                nd.f(format_args!(
                    "[TSN: {}] [SID: {}] [SSEQ {}] [PPID ",
                    be32(bp, pos)?,
                    be16(bp, pos + 4)?,
                    be16(bp, pos + 6)?
                ));
                match tok(PPIDS, ppid) {
                    Some(name) => nd.s(name),
                    None => nd.f(format_args!("0x{ppid:x}")),
                }
                nd.s("] ");
                if !isforces {
                    isforces = (21..=23).contains(&ppid);
                }
                pos += 12;
                remaining = remaining.wrapping_sub(12);
                chunk_rem -= 12;
                let payload_size = chunk_rem;
                if payload_size == 0 {
                    nd.f(format_args!("bogus chunk length {chunk_len}]"));
                    return Ok(true);
                }
                let payload = tail(bp, pos);
                if isforces {
                    super::forces::print(nd, payload, u32::from(payload_size))?;
                    nd.proto = "sctp";
                } else if nd.opts.verbose >= 2 {
                    if ppid == 3 {
                        super::m3ua::print(nd, payload, usize::from(payload_size))?;
                        nd.proto = "sctp";
                    } else {
                        nd.s("[Payload");
                        if !nd.opts.suppress_default_print() {
                            nd.s(":");
                            let n = usize::from(payload_size);
                            ascii::hex_and_ascii(nd.o, "\n\t", &payload[..n.min(payload.len())]);
                            if n > payload.len() {
                                return Err(Trunc);
                            }
                        }
                        nd.s("]");
                    }
                }
                pos += usize::from(payload_size);
                remaining = remaining.wrapping_sub(u32::from(payload_size));
                chunk_rem = 0;
            }
            0x01 | 0x02 => {
                if chunk_rem < 16 {
                    nd.f(format_args!("bogus chunk length {chunk_len}]"));
                    return Ok(true);
                }
                nd.f(format_args!(
                    "[init tag: {}] [rwnd: {}] [OS: {}] [MIS: {}] [init TSN: {}] ",
                    be32(bp, pos)?,
                    be32(bp, pos + 4)?,
                    be16(bp, pos + 8)?,
                    be16(bp, pos + 10)?,
                    be32(bp, pos + 12)?
                ));
                pos += usize::from(chunk_rem);
                remaining = remaining.wrapping_sub(u32::from(chunk_rem));
                chunk_rem = 0;
            }
            0x03 => {
                if chunk_rem < 12 {
                    nd.f(format_args!("bogus chunk length {chunk_len}]"));
                    return Ok(true);
                }
                let cum = be32(bp, pos)?;
                let ngaps = be16(bp, pos + 8)?;
                let ndups = be16(bp, pos + 10)?;
                nd.f(format_args!(
                    "[cum ack {cum}] [a_rwnd {}] [#gap acks {ngaps}] [#dup tsns {ndups}] ",
                    be32(bp, pos + 4)?
                ));
                pos += 12;
                remaining = remaining.wrapping_sub(12);
                chunk_rem -= 12;
                let mut n = 0u32;
                while chunk_rem != 0 && n < u32::from(ngaps) {
                    if chunk_rem < 4 {
                        nd.f(format_args!("bogus chunk length {chunk_len}]"));
                        return Ok(true);
                    }
                    nd.f(format_args!(
                        "\n\t\t[gap ack block #{}: start = {}, end = {}] ",
                        n + 1,
                        cum.wrapping_add(u32::from(be16(bp, pos)?)),
                        cum.wrapping_add(u32::from(be16(bp, pos + 2)?))
                    ));
                    pos += 4;
                    remaining = remaining.wrapping_sub(4);
                    chunk_rem -= 4;
                    n += 1;
                }
                let mut n = 0u32;
                while chunk_rem != 0 && n < u32::from(ndups) {
                    if chunk_rem < 4 {
                        nd.f(format_args!("bogus chunk length {chunk_len}]"));
                        return Ok(true);
                    }
                    nd.f(format_args!(
                        "\n\t\t[dup TSN #{}: {}] ",
                        n + 1,
                        be32(bp, pos)?
                    ));
                    pos += 4;
                    remaining = remaining.wrapping_sub(4);
                    chunk_rem -= 4;
                    n += 1;
                }
            }
            _ => {
                pos += usize::from(chunk_rem);
                remaining = remaining.wrapping_sub(u32::from(chunk_rem));
                chunk_rem = 0;
            }
        }
        pos += usize::from(chunk_rem);
        remaining = remaining.wrapping_sub(u32::from(chunk_rem));
        if nd.opts.verbose < 2 {
            sep = ", (";
        }
        if align != 0 {
            if !has(bp, pos, align as usize) {
                return Ok(false);
            }
            pos += align as usize;
            remaining = remaining.wrapping_sub(align);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn sctp_chunks_v0() {
        check(
            1,
            "-n",
            186,
            "0011223344556655443322110800450000ac12344000408413980a0000010a00000213880b5900001234000000000100001c0000000700010000000a000a00000064000500080a0000010300001c000003e800001388000200010002000300050006000003e70003001b0000002a000100020000006368656c6c6f20776f726c64000003002c0000002b0001000300000003010001010000001c00060008000000050210000961626364650000000b0000049900000778797a00",
            "IP 10.0.0.1.5000 > 10.0.0.2.2905: sctp (1) [INIT] [init tag: 7] [rwnd: 65536] [OS: 10] [MIS: 10] [init TSN: 100] , (2) [SACK] [cum ack 1000] [a_rwnd 5000] [#gap acks 2] [#dup tsns 1] \n\t\t[gap ack block #1: start = 1002, end = 1003] \n\t\t[gap ack block #2: start = 1005, end = 1006] \n\t\t[dup TSN #1: 999] , (3) [DATA] (B)(E) [TSN: 42] [SID: 1] [SSEQ 2] [PPID 0x63] , (4) [DATA] (B)(E) [TSN: 43] [SID: 1] [SSEQ 3] [PPID M3UA] , (5) [COOKIE ACK] , (6) [Unknown chunk type: 0x99] ",
        );
    }

    #[test]
    fn sctp_chunks_v1() {
        check(
            1,
            "-n -v",
            186,
            "0011223344556655443322110800450000ac12344000408413980a0000010a00000213880b5900001234000000000100001c0000000700010000000a000a00000064000500080a0000010300001c000003e800001388000200010002000300050006000003e70003001b0000002a000100020000006368656c6c6f20776f726c64000003002c0000002b0001000300000003010001010000001c00060008000000050210000961626364650000000b0000049900000778797a00",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 172)\n    10.0.0.1.5000 > 10.0.0.2.2905: sctp (1) [INIT] [init tag: 7] [rwnd: 65536] [OS: 10] [MIS: 10] [init TSN: 100] , (2) [SACK] [cum ack 1000] [a_rwnd 5000] [#gap acks 2] [#dup tsns 1] \n\t\t[gap ack block #1: start = 1002, end = 1003] \n\t\t[gap ack block #2: start = 1005, end = 1006] \n\t\t[dup TSN #1: 999] , (3) [DATA] (B)(E) [TSN: 42] [SID: 1] [SSEQ 2] [PPID 0x63] , (4) [DATA] (B)(E) [TSN: 43] [SID: 1] [SSEQ 3] [PPID M3UA] , (5) [COOKIE ACK] , (6) [Unknown chunk type: 0x99] ",
        );
    }

    #[test]
    fn sctp_chunks_v2() {
        check(
            1,
            "-n -vv",
            186,
            "0011223344556655443322110800450000ac12344000408413980a0000010a00000213880b5900001234000000000100001c0000000700010000000a000a00000064000500080a0000010300001c000003e800001388000200010002000300050006000003e70003001b0000002a000100020000006368656c6c6f20776f726c64000003002c0000002b0001000300000003010001010000001c00060008000000050210000961626364650000000b0000049900000778797a00",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 172)\n    10.0.0.1.5000 > 10.0.0.2.2905: sctp\n\t1) [INIT] [init tag: 7] [rwnd: 65536] [OS: 10] [MIS: 10] [init TSN: 100] \n\t2) [SACK] [cum ack 1000] [a_rwnd 5000] [#gap acks 2] [#dup tsns 1] \n\t\t[gap ack block #1: start = 1002, end = 1003] \n\t\t[gap ack block #2: start = 1005, end = 1006] \n\t\t[dup TSN #1: 999] \n\t3) [DATA] (B)(E) [TSN: 42] [SID: 1] [SSEQ 2] [PPID 0x63] [Payload:\n\t0x0000:  6865 6c6c 6f20 776f 726c 64              hello.world]\n\t4) [DATA] (B)(E) [TSN: 43] [SID: 1] [SSEQ 3] [PPID M3UA] \n\t\tTransfer Data Message\n\t\t\tRouting Context: 0x00060008\n\t\t\tProtocol Data: (length 9)\n\t5) [COOKIE ACK] \n\t6) [Unknown chunk type: 0x99] ",
        );
    }

    #[test]
    fn sctp_ipv6() {
        check(
            1,
            "-n",
            94,
            "00112233445566554433221186dd6000000000288440fe80000000000000000000000000000120010db80000000000000000000000020001000200001234000000000100001c0000000700010000000a000a00000064000500080a000001",
            "IP6 fe80::1.1 > 2001:db8::2.2: sctp (1) [INIT] [init tag: 7] [rwnd: 65536] [OS: 10] [MIS: 10] [init TSN: 100] ",
        );
    }

    #[test]
    fn sctp_truncated_chunk() {
        check(
            1,
            "-n",
            90,
            "0011223344556655443322110800450000ac12344000408413980a0000010a00000213880b5900001234000000000100001c0000000700010000000a000a00000064000500080a0000010300001c000003e80000138800020001",
            "IP truncated-ip - 96 bytes missing! 10.0.0.1.5000 > 10.0.0.2.2905: sctp (1) [INIT] [init tag: 7] [rwnd: 65536] [OS: 10] [MIS: 10] [init TSN: 100]  [|sctp]",
        );
    }

    #[test]
    fn sctp_bad_chunk_length() {
        check(
            1,
            "-n",
            50,
            "00112233445566554433221108004500002412344000408414200a0000010a00000200010002000012340000000000000002",
            "IP 10.0.0.1.1 > 10.0.0.2.2: sctp (1) [Bad chunk length 2, < size of chunk descriptor]",
        );
    }

    #[test]
    fn sctp_short() {
        check(
            1,
            "-n",
            38,
            "001122334455665544332211080045000018123440004084142c0a0000010a00000200010002",
            "IP truncated-sctp - 8 bytes missing!",
        );
    }

    #[test]
    fn forces_query_v0() {
        check(
            1,
            "-n",
            110,
            "00112233445566554433221108004500006012344000408413e40a0000010a00000215b31a300000123400000000000300400000000100000001000000001004000c40000001000000020000000000000001384000001000001800000001000000010007000c0000000100000002",
            "IP 10.0.0.1.5555 > 10.0.0.2.6704: sctp[ForCES HP] (1) [DATA] (B)(E) [TSN: 1] [SID: 0] [SSEQ 1] [PPID 0x0] \n\tForCES Query \n\t\tMessy PATHDATA TLV header, type (0x0)\n\t\texcess of 7 Bytes ",
        );
    }

    #[test]
    fn forces_query_v1() {
        check(
            1,
            "-n -v",
            110,
            "00112233445566554433221108004500006012344000408413e40a0000010a00000215b31a300000123400000000000300400000000100000001000000001004000c40000001000000020000000000000001384000001000001800000001000000010007000c0000000100000002",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 96)\n    10.0.0.1.5555 > 10.0.0.2.6704: sctp[ForCES HP] (1) [DATA] (B)(E) [TSN: 1] [SID: 0] [SSEQ 1] [PPID 0x0] \n\tForCES Query \n\tForCES Version 1 len 48B flags 0x38400000 \n\tSrcID 0x40000001(CE) DstID 0x2(FE) Correlator 0x1\n\t\tMessy PATHDATA TLV header, type (0x0)\n\t\texcess of 7 Bytes ",
        );
    }

    #[test]
    fn forces_query_v2() {
        check(
            1,
            "-n -vv",
            110,
            "00112233445566554433221108004500006012344000408413e40a0000010a00000215b31a300000123400000000000300400000000100000001000000001004000c40000001000000020000000000000001384000001000001800000001000000010007000c0000000100000002",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 96)\n    10.0.0.1.5555 > 10.0.0.2.6704: sctp[ForCES HP]\n\t1) [DATA] (B)(E) [TSN: 1] [SID: 0] [SSEQ 1] [PPID 0x0] \n\tForCES Query \n\tForCES Version 1 len 48B flags 0x38400000 \n\tSrcID 0x40000001(CE) DstID 0x2(FE) Correlator 0x1\n\tForCES flags:\n\t  NoACK(0x0), prio=7, execute-all-or-none(0x1),\n\t  Standalone(0x0), StartofTransaction(0x0)\n\t  Extra flags: rsv(b5-7) 0x0 rsv(b13-31) 0x0\n\n\t\tMessy PATHDATA TLV header, type (0x0)\n\t\texcess of 7 Bytes ",
        );
    }

    #[test]
    fn forces_query_v3() {
        check(
            1,
            "-n -vvv",
            110,
            "00112233445566554433221108004500006012344000408413e40a0000010a00000215b31a300000123400000000000300400000000100000001000000001004000c40000001000000020000000000000001384000001000001800000001000000010007000c0000000100000002",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 96)\n    10.0.0.1.5555 > 10.0.0.2.6704: sctp[ForCES HP]\n\t1) [DATA] (B)(E) [TSN: 1] [SID: 0] [SSEQ 1] [PPID 0x0] \n\tForCES Query \n\tForCES Version 1 len 48B flags 0x38400000 \n\tSrcID 0x40000001(CE) DstID 0x2(FE) Correlator 0x1\n\tForCES flags:\n\t  NoACK(0x0), prio=7, execute-all-or-none(0x1),\n\t  Standalone(0x0), StartofTransaction(0x0)\n\t  Extra flags: rsv(b5-7) 0x0 rsv(b13-31) 0x0\n\tLFBselect TLV, length 24 (data length 20 Bytes)\n         FEObj LFB(Classid 1) instance 1\n          Oper TLV  Get(0x7) length 12\n\n\t\tMessy PATHDATA TLV header, type (0x0)\n\t\texcess of 7 Bytes ",
        );
    }

    #[test]
    fn forces_query_v4() {
        check(
            1,
            "-n -vvvv",
            110,
            "00112233445566554433221108004500006012344000408413e40a0000010a00000215b31a300000123400000000000300400000000100000001000000001004000c40000001000000020000000000000001384000001000001800000001000000010007000c0000000100000002",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 96)\n    10.0.0.1.5555 > 10.0.0.2.6704: sctp[ForCES HP]\n\t1) [DATA] (B)(E) [TSN: 1] [SID: 0] [SSEQ 1] [PPID 0x0] \n\tForCES Query \n\tForCES Version 1 len 48B flags 0x38400000 \n\tSrcID 0x40000001(CE) DstID 0x2(FE) Correlator 0x1\n\tForCES flags:\n\t  NoACK(0x0), prio=7, execute-all-or-none(0x1),\n\t  Standalone(0x0), StartofTransaction(0x0)\n\t  Extra flags: rsv(b5-7) 0x0 rsv(b13-31) 0x0\n\tLFBselect TLV, length 24 (data length 20 Bytes)\n         FEObj LFB(Classid 1) instance 1\n          Oper TLV  Get(0x7) length 12\n\n\t\tMessy PATHDATA TLV header, type (0x0)\n\t\texcess of 7 Bytes \n\t  Raw ForCES message\n\t [\n\t 0x0000:  1004 000c 4000 0001 0000 0002 0000 0000\n\t 0x0010:  0000 0001 3840 0000 1000 0018 0000 0001\n\t 0x0020:  0000 0001 0007 000c 0000 0001 0000 0002\n\t ]",
        );
    }

    #[test]
    fn forces_bad_length() {
        check(
            1,
            "-n -v",
            106,
            "00112233445566554433221108004500005c12344000408413e80a0000010a00000215b31a3100001234000000000003003c0000000100000001000000001004000c40000001000000020000000000000001384000001000001800000001000000010007000c00000001",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto SCTP (132), length 92)\n    10.0.0.1.5555 > 10.0.0.2.6705: sctp[ForCES MP] (1) [DATA] (B)(E) [TSN: 1] [SID: 0] [SSEQ 1] [PPID 0x0] \n\tForCES Query Illegal ForCES pkt len - min 24, total recvd 44, advertised 48 \n\t[0x0000:  1004 000c 4000 0001 0000 0002 0000 0000\n\t[0x0010:  0000 0001 3840 0000 1000 0018 0000 0001\n\t[0x0020:  0000 0001 0007 000c 0000 0001\n\t]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_chunks_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
                                     dport in proptest::sample::select(vec![2905u16, 6704, 80]),
                                     v in 0u8..5, cut in 0usize..360, v6: bool) {
            let mut p = vec![0x13, 0x88];
            p.extend_from_slice(&dport.to_be_bytes());
            p.extend_from_slice(&[0, 0, 0x12, 0x34, 0, 0, 0, 0]);
            p.extend_from_slice(&body);
            let frame = if v6 { crate::test_pkt::eth6(132, &p) } else { crate::test_pkt::eth4(132, &p) };
            crate::test_pkt::print_all(&frame, v, None, cut);
        }

        #[test]
        fn random_forces_and_m3ua_never_panic(msg in proptest::collection::vec(proptest::num::u8::ANY, 4..300),
                                              ppid in proptest::sample::select(vec![3u32, 21]),
                                              v in 0u8..5, cut in 0usize..360) {
            // One DATA chunk whose payload is a message with a consistent length field.
            let mut msg = msg;
            if ppid == 21 {
                msg[1] %= 0x15;
                let words = (msg.len() / 4) as u16;
                msg.truncate(usize::from(words) * 4);
                msg[2..4].copy_from_slice(&words.to_be_bytes());
            } else {
                msg[0] = 1;
                if msg.len() >= 8 {
                    let len = msg.len() as u32;
                    msg[4..8].copy_from_slice(&len.to_be_bytes());
                }
            }
            let mut p = vec![0x13, 0x88, 0x0b, 0x59, 0, 0, 0x12, 0x34, 0, 0, 0, 0, 0, 3];
            p.extend_from_slice(&((16 + msg.len()) as u16).to_be_bytes());
            p.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1]);
            p.extend_from_slice(&ppid.to_be_bytes());
            p.extend_from_slice(&msg);
            crate::test_pkt::print_all(&crate::test_pkt::eth4(132, &p), v, None, cut);
        }
    }
}
