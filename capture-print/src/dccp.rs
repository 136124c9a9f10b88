//! DCCP (RFC 4340), as tcpdump's print-dccp.c: ports, packet type, the checksum over the
//! covered part (`-v`), and sequence number and options (`-vv`).
use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, Res, be16, be32, has, tok, u8at};

const TYPES: &[(u32, &str)] = &[
    (0, "DCCP-Request"),
    (1, "DCCP-Response"),
    (2, "DCCP-Data"),
    (3, "DCCP-Ack"),
    (4, "DCCP-DataAck"),
    (5, "DCCP-CloseReq"),
    (6, "DCCP-Close"),
    (7, "DCCP-Reset"),
    (8, "DCCP-Sync"),
    (9, "DCCP-SyncAck"),
];

const RESET_CODES: [&str; 12] = [
    "unspecified",
    "closed",
    "aborted",
    "no_connection",
    "packet_error",
    "option_error",
    "mandatory_error",
    "connection_refused",
    "bad_service_code",
    "too_busy",
    "bad_init_cookie",
    "aggression_penalty",
];

const FEATURES: [&str; 10] = [
    "reserved",
    "ccid",
    "allow_short_seqno",
    "sequence_window",
    "ecn_incapable",
    "ack_ratio",
    "send_ack_vector",
    "send_ndp_count",
    "minimum checksum coverage",
    "check data checksum",
];

const OPTIONS: &[(u32, &str)] = &[
    (0, "nop"),
    (1, "mandatory"),
    (2, "slowreceiver"),
    (32, "change_l"),
    (33, "confirm_l"),
    (34, "change_r"),
    (35, "confirm_r"),
    (36, "initcookie"),
    (37, "ndp_count"),
    (38, "ack_vector0"),
    (39, "ack_vector1"),
    (40, "data_dropped"),
    (41, "timestamp"),
    (42, "timestamp_echo"),
    (43, "elapsed_time"),
    (44, "data_checksum"),
];

/// A 48-bit big-endian number.
fn be48(b: &[u8], i: usize) -> Res<u64> {
    Ok((u64::from(be16(b, i)?) << 32) | u64::from(be32(b, i + 2)?))
}

/// Prints a DCCP packet; `len` is the IP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize, ip: IpHdr<'_>) -> Res {
    nd.proto = "dccp";
    let len = len as u32;
    if bp.len() < 12 {
        nd.trunc();
        return Ok(());
    }
    if len < 12 {
        nd.f(format_args!("truncated-dccp - {} bytes missing!", 12 - len));
        return Ok(());
    }
    let ext = bp[8] & 1 != 0;
    let mut fixed = if ext { 16 } else { 12 };
    if len < fixed {
        nd.f(format_args!(
            "truncated-dccp - {} bytes missing!",
            fixed - len
        ));
        return Ok(());
    }
    if !has(bp, 0, fixed as usize) {
        nd.trunc();
        return Ok(());
    }
    let sport = be16(bp, 0)?;
    let dport = be16(bp, 2)?;
    let mut hlen = u32::from(bp[4]) * 4;
    ip.src(nd);
    nd.f(format_args!(".{sport} > "));
    ip.dst(nd);
    nd.f(format_args!(".{dport}: DCCP"));
    if nd.opts.quiet {
        nd.f(format_args!(" {}", len.wrapping_sub(hlen)));
        if hlen > len {
            nd.f(format_args!(" [bad hdr length {hlen} - too long, > {len}]"));
        }
        return Ok(());
    }
    let cscov = u32::from(bp[5] & 0xf);
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" (CCVal {}, CsCov {cscov}", bp[5] >> 4));
        if has(bp, 0, len as usize) {
            let field = be16(bp, 6)?;
            nd.f(format_args!(", cksum 0x{field:04x} "));
            let cov = if cscov == 0 {
                len
            } else {
                ((u32::from(bp[4]) + cscov - 1) * 4).min(len)
            };
            let sum = fold(sum_words(ip.pseudo(33, len as usize), &bp[..cov as usize]));
            if sum != 0 {
                nd.f(format_args!(
                    "(incorrect -> 0x{:04x})",
                    cksum_shouldbe(field, sum)
                ));
            } else {
                nd.s("(correct)");
            }
        }
        nd.s(")");
    }
    nd.s(" ");
    let ty = u32::from((bp[8] >> 1) & 0xf);
    let name = tok(TYPES, ty).unwrap_or("");
    // The bytes each type adds to the generic header.
    let extra = match ty {
        0 => 4,
        1 | 7 => 12,
        2 => 0,
        3..=9 => 8,
        _ => {
            nd.f(format_args!("unknown-type-{ty} "));
            0
        }
    };
    if ty <= 9 {
        fixed += extra;
        if len < fixed {
            nd.f(format_args!(
                "truncated-{name} - {} bytes missing!",
                fixed - len
            ));
            return Ok(());
        }
        let at = (fixed - extra) as usize;
        match ty {
            0 | 1 | 7 => {
                if !has(bp, at, extra as usize) {
                    nd.trunc();
                    return Ok(());
                }
                match ty {
                    0 => nd.f(format_args!("{name} (service={}) ", be32(bp, at)?)),
                    1 => nd.f(format_args!("{name} (service={}) ", be32(bp, at + 8)?)),
                    _ => {
                        let code = u8at(bp, at + 8)?;
                        let code = RESET_CODES.get(usize::from(code)).unwrap_or(&"invalid");
                        nd.f(format_args!("{name} (code={code}) "));
                    }
                }
            }
            _ => nd.f(format_args!("{name} ")),
        }
    }
    if ty != 2 && ty != 0 {
        let ackp = if ext { 16 } else { 12 };
        let ackno = if ext {
            be48(bp, ackp + 2)?
        } else {
            u64::from(super::be24(bp, ackp + 1)?)
        };
        nd.f(format_args!("(ack={ackno}) "));
    }
    if nd.opts.verbose < 2 {
        return Ok(());
    }
    let seq = if ext {
        be48(bp, 10)?
    } else {
        u64::from(super::be24(bp, 9)?)
    };
    nd.f(format_args!("seq {seq}"));
    if hlen > fixed {
        let mut cp = fixed as usize;
        nd.s(" <");
        hlen -= fixed;
        loop {
            let optlen = option(nd, bp, cp, hlen)?;
            if optlen == 0 || hlen <= optlen {
                break;
            }
            hlen -= optlen;
            cp += optlen as usize;
            nd.s(", ");
        }
        nd.s(">");
    }
    Ok(())
}

/// The name of option `o`: a CCID option, a known one, or its number.
fn option_name(nd: &mut Nd<'_>, o: u8) {
    if o >= 128 {
        nd.f(format_args!("CCID option {o}"));
    } else {
        nd.tok2str(OPTIONS, "Option %u", u32::from(o));
    }
}

/// One option at `at`; returns its length, 0 to stop.
fn option(nd: &mut Nd<'_>, b: &[u8], at: usize, hlen: u32) -> Res<u32> {
    let o = u8at(b, at)?;
    let optlen = if o >= 32 {
        let l = u8at(b, at + 1)?;
        if l < 2 {
            option_name(nd, o);
            nd.s(" optlen too short");
            return Ok(0);
        }
        l
    } else {
        1
    };
    if hlen < u32::from(optlen) {
        option_name(nd, o);
        nd.s(" optlen goes past header length");
        return Ok(0);
    }
    let n = usize::from(optlen);
    if !has(b, at, n) {
        nd.trunc();
        return Ok(0);
    }
    let opt = &b[at..at + n];
    let hex = |nd: &mut Nd<'_>, prefix: &str| {
        if n > 2 {
            nd.s(prefix);
            for x in &opt[2..] {
                nd.f(format_args!("{x:02x}"));
            }
        }
    };
    option_name(nd, o);
    if o >= 128 {
        match n {
            4 => nd.f(format_args!(" {}", be16(opt, 2)?)),
            6 => nd.f(format_args!(" {}", be32(opt, 2)?)),
            _ => {}
        }
        return Ok(u32::from(optlen));
    }
    match o {
        32..=35 => {
            if n < 3 {
                nd.s(" optlen too short");
                return Ok(u32::from(optlen));
            }
            if let Some(f) = FEATURES.get(usize::from(opt[2])) {
                nd.f(format_args!(" {f}"));
                for x in &opt[3..] {
                    nd.f(format_args!(" {x}"));
                }
            }
        }
        36 | 38..=40 => hex(nd, " 0x"),
        37 => {
            for x in &opt[2..] {
                nd.f(format_args!(" {x}"));
            }
        }
        41 => {
            if n == 6 {
                nd.f(format_args!(" {}", be32(opt, 2)?));
            } else {
                nd.s(" [optlen != 6]");
            }
        }
        42 => match n {
            6 => nd.f(format_args!(" {}", be32(opt, 2)?)),
            8 => nd.f(format_args!(
                " {} (elapsed time {})",
                be32(opt, 2)?,
                be16(opt, 6)?
            )),
            10 => nd.f(format_args!(
                " {} (elapsed time {})",
                be32(opt, 2)?,
                be32(opt, 6)?
            )),
            _ => nd.s(" [optlen != 6 or 8 or 10]"),
        },
        43 => match n {
            6 => nd.f(format_args!(" {}", be32(opt, 2)?)),
            4 => nd.f(format_args!(" {}", be16(opt, 2)?)),
            _ => nd.s(" [optlen != 4 or 6]"),
        },
        44 => hex(nd, " "),
        _ => {}
    }
    Ok(u32::from(optlen))
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn dccp_request_v0() {
        check(
            1,
            "-n",
            105,
            "00112233445566554433221108004500005b123440004021144c0a0000010a000002138817700f00fe9201000002dfdc1c350000002a0001200401022404abcd2503072906000000092a080000000900052b0400072c06010203048204000502027061796c6f616421",
            "IP 10.0.0.1.5000 > 10.0.0.2.6000: DCCP DCCP-Request (service=42) ",
        );
    }

    #[test]
    fn dccp_request_v1() {
        check(
            1,
            "-n -v",
            105,
            "00112233445566554433221108004500005b123440004021144c0a0000010a000002138817700f00fe9201000002dfdc1c350000002a0001200401022404abcd2503072906000000092a080000000900052b0400072c06010203048204000502027061796c6f616421",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto DCCP (33), length 91)\n    10.0.0.1.5000 > 10.0.0.2.6000: DCCP (CCVal 0, CsCov 0, cksum 0xfe92 (correct)) DCCP-Request (service=42) ",
        );
    }

    #[test]
    fn dccp_request_v2() {
        check(
            1,
            "-n -vv",
            105,
            "00112233445566554433221108004500005b123440004021144c0a0000010a000002138817700f00fe9201000002dfdc1c350000002a0001200401022404abcd2503072906000000092a080000000900052b0400072c06010203048204000502027061796c6f616421",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto DCCP (33), length 91)\n    10.0.0.1.5000 > 10.0.0.2.6000: DCCP (CCVal 0, CsCov 0, cksum 0xfe92 (correct)) DCCP-Request (service=42) seq 12345678901 <nop, mandatory, change_l ccid 2, initcookie 0xabcd, ndp_count 7, timestamp 9, timestamp_echo 9 (elapsed time 5), elapsed_time 7, data_checksum 01020304, CCID option 130 optlen goes past header length>",
        );
    }

    #[test]
    fn dccp_request_v3() {
        check(
            1,
            "-n -q",
            105,
            "00112233445566554433221108004500005b123440004021144c0a0000010a000002138817700f00fe9201000002dfdc1c350000002a0001200401022404abcd2503072906000000092a080000000900052b0400072c06010203048204000502027061796c6f616421",
            "IP 10.0.0.1.5000 > 10.0.0.2.6000: DCCP 11",
        );
    }

    #[test]
    fn dccp_response() {
        check(
            1,
            "-n -vv",
            70,
            "001122334455665544332211080045000038123440004021146f0a0000010a000002138817700700fd0403000002dfdc1c35000000000000004d000000097061796c6f616421",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto DCCP (33), length 56)\n    10.0.0.1.5000 > 10.0.0.2.6000: DCCP (CCVal 0, CsCov 0, cksum 0xfd04 (correct)) DCCP-Response (service=9) (ack=77) seq 12345678901",
        );
    }

    #[test]
    fn dccp_reset() {
        check(
            1,
            "-n -vv",
            70,
            "001122334455665544332211080045000038123440004021146f0a0000010a000002138817700700ee0d0f000002dfdc1c35000000000000004d030000007061796c6f616421",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto DCCP (33), length 56)\n    10.0.0.1.5000 > 10.0.0.2.6000: DCCP (CCVal 0, CsCov 0, cksum 0xee0d (correct)) DCCP-Reset (code=no_connection) (ack=77) seq 12345678901",
        );
    }

    #[test]
    fn dccp_dataack_short_seq() {
        check(
            1,
            "-n -vv",
            62,
            "00112233445566554433221108004500003012344000402114770a0000010a000002138817700501aea7080004d20000004d000000007061796c6f616421",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto DCCP (33), length 48)\n    10.0.0.1.5000 > 10.0.0.2.6000: DCCP (CCVal 0, CsCov 1, cksum 0xaea7 (correct)) DCCP-DataAck (ack=77) seq 1234",
        );
    }

    #[test]
    fn dccp_data_v6() {
        check(
            1,
            "-n -vv",
            78,
            "00112233445566554433221186dd6000000000182140fe80000000000000000000000000000120010db8000000000000000000000002138817700400fe6605000002dfdc1c357061796c6f616421",
            "IP6 (hlim 64, next-header DCCP (33) payload length: 24) fe80::1.5000 > 2001:db8::2.6000: DCCP (CCVal 0, CsCov 0, cksum 0xfe66 (incorrect -> 0xe62c)) DCCP-Data seq 12345678901",
        );
    }

    #[test]
    fn dccp_truncated_type() {
        check(
            1,
            "-n",
            50,
            "00112233445566554433221108004500002412344000402114830a0000010a000002138817700400fc6607000002dfdc1c35",
            "IP 10.0.0.1.5000 > 10.0.0.2.6000: DCCP truncated-DCCP-Ack - 8 bytes missing!",
        );
    }

    #[test]
    fn dccp_short() {
        check(
            1,
            "-n",
            44,
            "00112233445566554433221108004500001e12344000402114890a0000010a00000200000000000000000000",
            "IP  [|dccp]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                                      v in 0u8..4, cut in 0usize..180, v6: bool) {
            let frame = if v6 { crate::test_pkt::eth6(33, &body) } else { crate::test_pkt::eth4(33, &body) };
            crate::test_pkt::print_all(&frame, v, None, cut);
        }
    }
}
