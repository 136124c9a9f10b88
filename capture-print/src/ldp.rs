//! Label Distribution Protocol (RFC 5036) over UDP and TCP port 646, as tcpdump's print-ldp.c:
//! PDUs, messages and their TLVs (FECs, addresses, session parameters, Martini VCs).
use super::af::{AF_VALUES, AFNUM_INET, AFNUM_INET6};
use super::l2vpn::MPLS_PW_TYPES;
use super::util::Tok;
use super::{Nd, Res, Trunc, be16, be32, sl, tail, u8at};

/// UDP (discovery) and TCP (session) port.
pub(crate) const PORT: u16 = 646;

/// The common PDU header: version, length, LSR ID, label space.
const COMMON_HDR_LEN: usize = 10;
/// The message header: type, length, message ID.
const MSG_HDR_LEN: usize = 8;

const MSG_TYPES: &Tok = &[
    (0x0001, "Notification"),
    (0x0100, "Hello"),
    (0x0200, "Initialization"),
    (0x0201, "Keepalive"),
    (0x0300, "Address"),
    (0x0301, "Address Withdraw"),
    (0x0400, "Label Mapping"),
    (0x0401, "Label Request"),
    (0x0402, "Label Withdraw"),
    (0x0403, "Label Release"),
    (0x0404, "Label Abort Request"),
];

const TLV_FEC: u16 = 0x0100;
const TLV_ADDRESS_LIST: u16 = 0x0101;
const TLV_GENERIC_LABEL: u16 = 0x0200;
const TLV_STATUS: u16 = 0x0300;
const TLV_COMMON_HELLO: u16 = 0x0400;
const TLV_IPV4_TRANSPORT_ADDR: u16 = 0x0401;
const TLV_CONFIG_SEQ_NUMBER: u16 = 0x0402;
const TLV_IPV6_TRANSPORT_ADDR: u16 = 0x0403;
const TLV_COMMON_SESSION: u16 = 0x0500;
const TLV_FT_SESSION: u16 = 0x0503;
const TLV_MTU: u16 = 0x0601;

const TLV_TYPES: &Tok = &[
    (0x0100, "FEC"),
    (0x0101, "Address List"),
    (0x0103, "Hop Count"),
    (0x0104, "Path Vector"),
    (0x0200, "Generic Label"),
    (0x0201, "ATM Label"),
    (0x0202, "Frame-Relay Label"),
    (0x0300, "Status"),
    (0x0301, "Extended Status"),
    (0x0302, "Returned PDU"),
    (0x0303, "Returned Message"),
    (0x0400, "Common Hello Parameters"),
    (0x0401, "IPv4 Transport Address"),
    (0x0402, "Configuration Sequence Number"),
    (0x0403, "IPv6 Transport Address"),
    (0x0500, "Common Session Parameters"),
    (0x0501, "ATM Session Parameters"),
    (0x0502, "Frame-Relay Session Parameters"),
    (0x0503, "Fault-Tolerant Session Parameters"),
    (0x0600, "Label Request Message ID"),
    (0x0601, "MTU"),
];

const FEC_WILDCARD: u8 = 0x01;
const FEC_PREFIX: u8 = 0x02;
const FEC_HOSTADDRESS: u8 = 0x03;
const FEC_MARTINI_VC: u8 = 0x80;

const FEC_TYPES: &Tok = &[
    (FEC_WILDCARD as u32, "Wildcard"),
    (FEC_PREFIX as u32, "Prefix"),
    (FEC_HOSTADDRESS as u32, "Host address"),
    (FEC_MARTINI_VC as u32, "Martini VC"),
];

const IFPARM_MTU: u8 = 0x01;
const IFPARM_DESC: u8 = 0x03;
const IFPARM_VCCV: u8 = 0x0c;

const IFPARM_TYPES: &Tok = &[
    (IFPARM_MTU as u32, "MTU"),
    (IFPARM_DESC as u32, "Description"),
    (IFPARM_VCCV as u32, "VCCV"),
];

const VCCV_CC: &Tok = &[
    (0x01, "PWE3 control word"),
    (0x02, "MPLS Router Alert Label"),
    (0x04, "MPLS inner label TTL = 1"),
];

const VCCV_CV: &Tok = &[(0x01, "ICMP Ping"), (0x02, "LSP Ping"), (0x04, "BFD")];

/// Prints the LDP PDUs of a UDP datagram or TCP segment payload of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], mut len: usize) -> Res {
    nd.proto = "ldp";
    let mut off = 0;
    while len > COMMON_HDR_LEN + MSG_HDR_LEN {
        let processed = pdu(nd, tail(bp, off))?;
        if processed == 0 {
            return Ok(());
        }
        if len < processed {
            nd.f(format_args!(" [remaining length {len} < {processed}]"));
            nd.invalid();
            break;
        }
        len -= processed;
        off += processed;
    }
    Ok(())
}

/// One PDU; returns its length with the version and length fields, or 0 to stop.
fn pdu(nd: &mut Nd<'_>, p: &[u8]) -> Res<usize> {
    sl(p, 0, COMMON_HDR_LEN)?;
    let sep = if nd.opts.verbose < 1 { "" } else { "\n\t" };
    let version = be16(p, 0)?;
    if version != 1 {
        nd.f(format_args!(
            "{sep}LDP version {version} packet not supported"
        ));
        return Ok(0);
    }
    let pdu_len = be16(p, 2)?;
    if pdu_len < 6 {
        nd.f(format_args!(
            "{sep}LDP, pdu-length: {pdu_len} (too short, < 6)"
        ));
        return Ok(0);
    }
    nd.f(format_args!("{sep}LDP, Label-Space-ID: "));
    nd.host4(&p[4..8]);
    nd.f(format_args!(":{}, pdu-length: {pdu_len}", be16(p, 8)?));
    if nd.opts.verbose < 1 {
        return Ok(0);
    }
    let mut off = COMMON_HDR_LEN;
    // A 16-bit count, wrapping as tcpdump's does when a message claims more than is left.
    let mut tlen: u16 = pdu_len - 6;
    while tlen > 0 {
        sl(p, off, MSG_HDR_LEN)?;
        let raw_type = be16(p, off)?;
        let msg_type = raw_type & 0x7fff;
        let msg_len = be16(p, off + 2)?;
        nd.s("\n\t  ");
        nd.tok2str(MSG_TYPES, "Unknown", u32::from(msg_type));
        nd.f(format_args!(
            " Message (0x{msg_type:04x}), length: {msg_len}"
        ));
        if msg_len < 4 {
            nd.s(" (too short, < 4)");
            return Ok(0);
        }
        nd.f(format_args!(
            ", Message ID: 0x{:08x}, Flags: [{} if unknown]",
            be32(p, off + 4)?,
            if raw_type & 0x8000 != 0 {
                "continue processing"
            } else {
                "ignore"
            }
        ));
        sl(p, off, usize::from(msg_len))?;
        let body = off + MSG_HDR_LEN;
        let mut msg_tlen = usize::from(msg_len) - 4;
        match msg_type {
            0x0001 | 0x0100 | 0x0200 | 0x0201 | 0x0300 | 0x0400 | 0x0301 | 0x0402 => {
                let mut t = body;
                while msg_tlen >= 4 {
                    let processed = tlv(nd, tail(p, t), msg_tlen)?;
                    if processed == 0 {
                        break;
                    }
                    msg_tlen -= processed;
                    t += processed;
                }
            }
            _ => {
                if nd.opts.verbose <= 1 {
                    nd.print_unknown_data_at(p, body, "\n\t  ", msg_tlen);
                }
            }
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data_at(p, body, "\n\t  ", usize::from(msg_len));
        }
        off += usize::from(msg_len) + 4;
        tlen = tlen.wrapping_sub(msg_len.wrapping_add(4));
    }
    Ok(usize::from(pdu_len) + 4)
}

/// tcpdump's TLV_TCHECK: the TLV's value is shorter than its type needs.
fn too_short(nd: &mut Nd<'_>, tlen: usize, min: usize) -> bool {
    if tlen < min {
        nd.f(format_args!(" [tlv length {tlen} < {min}]"));
        nd.invalid();
        true
    } else {
        false
    }
}

/// One TLV of a message with `msg_tlen` bytes left; returns its length with its header, or 0
/// when it claims more than the message holds.
fn tlv(nd: &mut Nd<'_>, t: &[u8], msg_tlen: usize) -> Res<usize> {
    sl(t, 0, 4)?;
    let raw_type = be16(t, 0)?;
    let tlv_len = usize::from(be16(t, 2)?);
    if tlv_len + 4 > msg_tlen {
        nd.s("\n\t\t TLV contents go past end of message");
        return Ok(0);
    }
    let tlv_type = raw_type & 0x3fff;
    nd.s("\n\t    ");
    nd.tok2str(TLV_TYPES, "Unknown", u32::from(tlv_type));
    nd.f(format_args!(
        " TLV (0x{tlv_type:04x}), length: {tlv_len}, Flags: [{} and {} forward if unknown]",
        if raw_type & 0x8000 != 0 {
            "continue processing"
        } else {
            "ignore"
        },
        if raw_type & 0x4000 != 0 {
            "do"
        } else {
            "don't"
        }
    ));
    let v = tail(t, 4);
    let done = Ok(tlv_len + 4);
    match tlv_type {
        TLV_COMMON_HELLO => {
            if too_short(nd, tlv_len, 4) {
                return done;
            }
            let flags = be16(v, 2)?;
            nd.f(format_args!(
                "\n\t      Hold Time: {}s, Flags: [{} Hello{}]",
                be16(v, 0)?,
                if flags & 0x8000 != 0 {
                    "Targeted"
                } else {
                    "Link"
                },
                if flags & 0x4000 != 0 {
                    ", Request for targeted Hellos"
                } else {
                    ""
                }
            ));
        }
        TLV_IPV4_TRANSPORT_ADDR => {
            if too_short(nd, tlv_len, 4) {
                return done;
            }
            let a = sl(v, 0, 4)?;
            nd.s("\n\t      IPv4 Transport Address: ");
            nd.host4(a);
        }
        TLV_IPV6_TRANSPORT_ADDR => {
            if too_short(nd, tlv_len, 16) {
                return done;
            }
            let a = sl(v, 0, 16)?;
            nd.s("\n\t      IPv6 Transport Address: ");
            nd.host6(a);
        }
        TLV_CONFIG_SEQ_NUMBER => {
            if too_short(nd, tlv_len, 4) {
                return done;
            }
            nd.f(format_args!("\n\t      Sequence Number: {}", be32(v, 0)?));
        }
        TLV_ADDRESS_LIST => {
            if too_short(nd, tlv_len, 2) {
                return done;
            }
            let af = be16(v, 0)?;
            nd.s("\n\t      Address Family: ");
            nd.tok2str(AF_VALUES, "Unknown (%u)", u32::from(af));
            nd.s(", addresses");
            let size = match af {
                AFNUM_INET => 4,
                AFNUM_INET6 => 16,
                _ => return done,
            };
            let mut left = tlv_len - 2;
            let mut at = 2;
            while left >= size {
                let a = sl(v, at, size)?;
                nd.s(" ");
                if size == 4 {
                    nd.host4(a);
                } else {
                    nd.host6(a);
                }
                left -= size;
                at += size;
            }
        }
        TLV_COMMON_SESSION => {
            if too_short(nd, tlv_len, 8) {
                return done;
            }
            let (version, keepalive, flags) = (be16(v, 0)?, be16(v, 2)?, be16(v, 6)?);
            nd.f(format_args!(
                "\n\t      Version: {version}, Keepalive: {keepalive}s, Flags: [Downstream {}, Loop Detection {}]",
                if flags & 0x8000 != 0 {
                    "On Demand"
                } else {
                    "Unsolicited"
                },
                if flags & 0x4000 != 0 {
                    "Enabled"
                } else {
                    "Disabled"
                }
            ));
        }
        TLV_FEC => {
            if too_short(nd, tlv_len, 1) {
                return done;
            }
            let fec_type = u8at(v, 0)?;
            nd.s("\n\t      ");
            nd.tok2str(FEC_TYPES, "Unknown", u32::from(fec_type));
            nd.f(format_args!(" FEC (0x{fec_type:02x})"));
            let left = tlv_len - 1;
            match fec_type {
                FEC_PREFIX => {
                    if too_short(nd, left, 2) {
                        return done;
                    }
                    fec_prefix(nd, tail(v, 1), left - 2)?;
                }
                FEC_MARTINI_VC => martini_vc(nd, tail(v, 1), left)?,
                _ => {}
            }
        }
        TLV_GENERIC_LABEL => {
            if too_short(nd, tlv_len, 4) {
                return done;
            }
            nd.f(format_args!("\n\t      Label: {}", be32(v, 0)? & 0xfffff));
        }
        TLV_STATUS => {
            if too_short(nd, tlv_len, 8) {
                return done;
            }
            let ui = be32(v, 0)?;
            nd.f(format_args!(
                "\n\t      Status: 0x{:02x}, Flags: [{} and {} forward]",
                ui & 0x3fff_ffff,
                if ui & 0x8000_0000 != 0 {
                    "Fatal error"
                } else {
                    "Advisory Notification"
                },
                if ui & 0x4000_0000 != 0 { "do" } else { "don't" }
            ));
            let id = be32(v, 4)?;
            if id != 0 {
                nd.f(format_args!(", causing Message ID: 0x{id:08x}"));
            }
        }
        TLV_FT_SESSION => {
            if too_short(nd, tlv_len, 12) {
                return done;
            }
            let f = be16(v, 0)?;
            let pick = |bit: u16, yes: &'static str, no: &'static str| {
                if f & bit != 0 { yes } else { no }
            };
            nd.f(format_args!(
                "\n\t      Flags: [{}Reconnect, {}Save State, {}All-Label Protection, {} Checkpoint, {}Re-Learn State]",
                pick(0x8000, "", "No "),
                pick(0x8, "", "Don't "),
                pick(0x4, "", "No "),
                pick(0x2, "Sequence Numbered Label", "All Labels"),
                pick(0x1, "", "Don't ")
            ));
            let reconnect = be32(v, 4)?;
            if reconnect != 0 {
                nd.f(format_args!(", Reconnect Timeout: {reconnect}ms"));
            }
            let recovery = be32(v, 8)?;
            if recovery != 0 {
                nd.f(format_args!(", Recovery Time: {recovery}ms"));
            }
        }
        TLV_MTU => {
            if too_short(nd, tlv_len, 2) {
                return done;
            }
            nd.f(format_args!("\n\t      MTU: {}", be16(v, 0)?));
        }
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(v, "\n\t      ", tlv_len);
            }
        }
    }
    done
}

/// A prefix FEC element after its type: address family, then a prefix of `left` bytes.
fn fec_prefix(nd: &mut Nd<'_>, v: &[u8], left: usize) -> Res {
    let af = be16(v, 0)?;
    let (name, size) = match af {
        AFNUM_INET => ("IPv4", 4),
        AFNUM_INET6 => ("IPv6", 16),
        _ => {
            nd.f(format_args!(": Address family {af} prefix"));
            return Ok(());
        }
    };
    // tcpdump's decode_prefix4/6: a prefix running past the TLV is a truncation.
    if left < 1 {
        return Err(Trunc);
    }
    let plen = u8at(v, 2)?;
    if usize::from(plen) > size * 8 {
        nd.f(format_args!(": {name} prefix (invalid length)"));
        return Ok(());
    }
    let nbytes = usize::from(plen).div_ceil(8);
    if left - 1 < nbytes {
        return Err(Trunc);
    }
    let mut addr = [0u8; 16];
    addr[..nbytes].copy_from_slice(sl(v, 3, nbytes)?);
    if plen % 8 != 0 {
        addr[nbytes - 1] &= (0xff00u16 >> (plen % 8)) as u8;
    }
    nd.f(format_args!(": {name} prefix "));
    if size == 4 {
        nd.host4(&addr[..4]);
    } else {
        nd.host6(&addr);
    }
    nd.f(format_args!("/{plen}"));
    Ok(())
}

/// A Martini VC FEC element after its type (RFC 4447), `left` bytes of the TLV.
fn martini_vc(nd: &mut Nd<'_>, v: &[u8], left: usize) -> Res {
    if too_short(nd, left, 7) {
        return Ok(());
    }
    let vc_info_len = usize::from(u8at(v, 2)?);
    if vc_info_len == 0 {
        let pw = be16(v, 0)?;
        let group = be32(v, 3)?;
        pw_type(nd, pw);
        nd.f(format_args!(", group-ID {group}, VC-info-length: 0"));
        return Ok(());
    }
    if too_short(nd, left, 11) {
        return Ok(());
    }
    let pw = be16(v, 0)?;
    let (group, vc_id) = (be32(v, 3)?, be32(v, 7)?);
    pw_type(nd, pw);
    nd.f(format_args!(
        ", group-ID {group}, VC-ID {vc_id}, VC-info-length: {vc_info_len}"
    ));
    if vc_info_len < 4 {
        nd.s(" (invalid, < 4");
        return Ok(());
    }
    let mut params_len = vc_info_len - 4;
    if too_short(nd, left - 11, params_len) {
        return Ok(());
    }
    let mut off = 11;
    while params_len > 2 {
        let kind = u8at(v, off)?;
        let plen = usize::from(u8at(v, off + 1)?);
        if plen < 2 || params_len < plen {
            break;
        }
        nd.s("\n\t\tInterface Parameter: ");
        nd.tok2str(IFPARM_TYPES, "Unknown", u32::from(kind));
        nd.f(format_args!(" (0x{kind:02x}), len {plen}"));
        match kind {
            IFPARM_MTU => nd.f(format_args!(": {}", be16(v, off + 2)?)),
            IFPARM_DESC => {
                nd.s(": ");
                for i in 2..plen {
                    let c = u8at(v, off + i)?;
                    nd.print_char(c);
                }
            }
            IFPARM_VCCV => {
                let cc = u8at(v, off + 2)?;
                nd.f(format_args!("\n\t\t  Control Channels (0x{cc:02x}) = ["));
                nd.bittok2str(VCCV_CC, "none", u32::from(cc));
                let cv = u8at(v, off + 3)?;
                nd.f(format_args!("]\n\t\t  CV Types (0x{cv:02x}) = ["));
                nd.bittok2str(VCCV_CV, "none", u32::from(cv));
                nd.s("]");
            }
            _ => {
                nd.print_unknown_data_at(v, off + 2, "\n\t\t  ", plen - 2);
            }
        }
        params_len -= plen;
        off += plen;
    }
    Ok(())
}

/// The pseudowire type and control-word bit of a Martini VC element.
fn pw_type(nd: &mut Nd<'_>, pw: u16) {
    nd.s(": ");
    nd.tok2str(MPLS_PW_TYPES, "Unknown", u32::from(pw & 0x7fff));
    nd.f(format_args!(
        ", {}control word",
        if pw & 0x8000 != 0 { "" } else { "no " }
    ));
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    const HELLO: &str =
        "000100260a01000200000100001c0001197004000004000f0000040100040a0100020402000400000001";

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn hello() {
        let pkt = udp4(646, 646, &hex(HELLO));
        let s = print_ip(opts(0), &pkt);
        assert_eq!(
            s,
            "IP 10.0.0.1.646 > 10.0.0.2.646: LDP, Label-Space-ID: 10.1.0.2:0, pdu-length: 38\n"
        );
        let s = print_ip(opts(1), &pkt);
        assert!(s.ends_with("10.0.0.1.646 > 10.0.0.2.646: \n\tLDP, Label-Space-ID: 10.1.0.2:0, pdu-length: 38\n\t  Hello Message (0x0100), length: 28, Message ID: 0x00011970, Flags: [ignore if unknown]\n\t    Common Hello Parameters TLV (0x0400), length: 4, Flags: [ignore and don't forward if unknown]\n\t      Hold Time: 15s, Flags: [Link Hello]\n\t    IPv4 Transport Address TLV (0x0401), length: 4, Flags: [ignore and don't forward if unknown]\n\t      IPv4 Transport Address: 10.1.0.2\n\t    Configuration Sequence Number TLV (0x0402), length: 4, Flags: [ignore and don't forward if unknown]\n\t      Sequence Number: 1\n"), "{s}");
    }

    #[test]
    fn fec_martini_and_prefix() {
        // Label Mapping with a FEC TLV: a Martini VC with an MTU parameter, then an IPv4 prefix.
        let p = hex(concat!(
            "000100350a0000010000",
            "0400002b00000001",
            "01000010800005",
            "08000000010000006401040",
            "5dc",
            "0100000702000118ac1000",
            "0200000400000011"
        ));
        let s = print_ip(opts(1), &udp4(646, 646, &p));
        assert!(s.contains("\n\t      Martini VC FEC (0x80): Ethernet, no control word, group-ID 1, VC-ID 100, VC-info-length: 8\n\t\tInterface Parameter: MTU (0x01), len 4: 1500"), "{s}");
        assert!(s.contains(": IPv4 prefix 172.16.0.0/24"), "{s}");
        assert!(s.ends_with("Label: 17\n"), "{s}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                        cut in 0usize..160, v in 0u8..4) {
            let mut p = hex(HELLO);
            p.truncate(4);
            p.extend_from_slice(&payload);
            let mut pkt = udp4(646, 646, &p);
            pkt.truncate(28 + cut);
            let _ = print_ip(opts(v), &pkt);
        }
    }
}
