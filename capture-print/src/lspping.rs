//! MPLS LSP ping and traceroute (RFC 4379, UDP port 3503), as tcpdump's print-lspping.c: the
//! echo header and its TLVs (target FEC stacks, downstream mappings, BFD discriminators).
use super::l2vpn::MPLS_PW_TYPES;
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, tail, u8at};

/// The common header's size.
const HDR: usize = 32;

const MSG_TYPES: &Tok = &[(1, "MPLS Echo Request"), (2, "MPLS Echo Reply")];

const REPLY_MODES: &Tok = &[
    (1, "Do not reply"),
    (2, "Reply via an IPv4/IPv6 UDP packet"),
    (3, "Reply via an IPv4/IPv6 UDP packet with Router Alert"),
    (4, "Reply via application level control channel"),
];

const RETURN_CODES: &Tok = &[
    (
        0,
        "No return code or return code contained in the Error Code TLV",
    ),
    (1, "Malformed echo request received"),
    (2, "One or more of the TLVs was not understood"),
    (3, "Replying router is an egress for the FEC at stack depth"),
    (
        4,
        "Replying router has no mapping for the FEC at stack depth",
    ),
    (5, "Reserved"),
    (6, "Reserved"),
    (7, "Reserved"),
    (8, "Label switched at stack-depth"),
    (9, "Label switched but no MPLS forwarding at stack-depth"),
    (
        10,
        "Mapping for this FEC is not the given label at stack depth",
    ),
    (11, "No label entry at stack-depth"),
    (
        12,
        "Protocol not associated with interface at FEC stack depth",
    ),
    (
        13,
        "Premature termination of ping due to label stack shrinking to a single label",
    ),
];

const TLV_TARGET_FEC_STACK: u16 = 1;
const TLV_DOWNSTREAM_MAPPING: u16 = 2;
const TLV_VENDOR_ENTERPRISE: u16 = 5;
const TLV_BFD_DISCRIMINATOR: u16 = 15;

const TLV_TYPES: &Tok = &[
    (1, "Target FEC Stack"),
    (2, "Downstream Mapping"),
    (3, "Pad"),
    (9, "Error Code"),
    (5, "Vendor Enterprise Code"),
    (7, "Interface Label Stack"),
    (10, "Reply TOS Byte"),
    (15, "BFD Discriminator"),
    (0xfc00, "Vendor Private Code"),
];

const FEC_SUBTLV_TYPES: &Tok = &[
    (1, "LDP IPv4 prefix"),
    (2, "LDP IPv6 prefix"),
    (3, "RSVP IPv4 Session Query"),
    (4, "RSVP IPv6 Session Query"),
    (5, "Reserved"),
    (6, "VPN IPv4 prefix"),
    (7, "VPN IPv6 prefix"),
    (8, "L2 VPN endpoint"),
    (9, "FEC 128 pseudowire (old)"),
    (10, "FEC 128 pseudowire"),
    (12, "BGP labeled IPv4 prefix"),
    (13, "BGP labeled IPv6 prefix"),
];

const DOWNSTREAM_ADDR_TYPES: &Tok = &[
    (1, "IPv4"),
    (2, "Unnumbered IPv4"),
    (3, "IPv6"),
    (4, "IPv6"),
];

/// Prints an LSP ping message of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "lspping";
    if len < HDR {
        nd.s("\n\t\t packet is too short");
        return Ok(());
    }
    sl(bp, 0, HDR)?;
    let version = be16(bp, 0)?;
    if version != 1 {
        nd.f(format_args!(
            "LSP-PING version {version} packet not supported"
        ));
        return Ok(());
    }
    let msg_type = u32::from(u8at(bp, 4)?);
    if nd.opts.verbose < 1 {
        nd.f(format_args!("LSP-PINGv{version}, "));
        nd.tok2str(MSG_TYPES, "unknown (%u)", msg_type);
        nd.f(format_args!(", seq {}, length: {len}", be32(bp, 12)?));
        return Ok(());
    }
    let reply_mode = u32::from(u8at(bp, 5)?);
    nd.f(format_args!("\n\tLSP-PINGv{version}, msg-type: "));
    nd.tok2str(MSG_TYPES, "unknown", msg_type);
    nd.f(format_args!(
        " ({msg_type}), length: {len}\n\t  reply-mode: "
    ));
    nd.tok2str(REPLY_MODES, "unknown", reply_mode);
    nd.f(format_args!(" ({reply_mode})"));
    let (code, subcode) = (u32::from(u8at(bp, 6)?), u8at(bp, 7)?);
    nd.s("\n\t  Return Code: ");
    nd.tok2str(RETURN_CODES, "unknown", code);
    if matches!(code, 3 | 4 | 8 | 10 | 11 | 12) {
        nd.f(format_args!(" {subcode}"));
    }
    nd.f(format_args!(" ({code})\n\t  Return Subcode: ({subcode})"));
    nd.f(format_args!(
        "\n\t  Sender Handle: 0x{:08x}, Sequence: {}",
        be32(bp, 8)?,
        be32(bp, 12)?
    ));
    nd.s("\n\t  Sender Timestamp: ");
    super::ntp::p_ntp_time(nd, tail(bp, 16))?;
    nd.s(" ");
    let (int_part, fraction) = (be32(bp, 24)?, be32(bp, 28)?);
    nd.s("Receiver Timestamp: ");
    if int_part == 0 && fraction == 0 {
        nd.s("no timestamp");
    } else {
        super::ntp::p_ntp_time(nd, tail(bp, 24))?;
    }
    let mut off = HDR;
    let mut tlen = len - HDR;
    while tlen != 0 {
        if tlen < 4 {
            nd.s("\n\t\t packet is too short");
            return Ok(());
        }
        let tlv_type = be16(bp, off)?;
        let mut tlv_len = usize::from(be16(bp, off + 2)?);
        nd.s("\n\t  ");
        nd.tok2str(TLV_TYPES, "Unknown", u32::from(tlv_type));
        nd.f(format_args!(" TLV ({tlv_type}), length: {tlv_len}"));
        if tlv_len == 0 {
            off += 4;
            tlen -= 4;
            continue;
        }
        if tlen < tlv_len + 4 {
            nd.s("\n\t\t packet is too short");
            return Ok(());
        }
        let v = sl(bp, off + 4, tlv_len)?;
        let hexdump = match tlv(nd, v, tlv_type)? {
            Some(h) => h,
            None => return Ok(()),
        };
        if nd.opts.verbose > 1 || hexdump {
            nd.print_unknown_data(v, "\n\t    ", tlv_len);
        }
        if tlv_len % 4 != 0 {
            tlv_len += 4 - tlv_len % 4;
            if tlen < tlv_len + 4 {
                nd.s("\n\t\t packet is too short");
                return Ok(());
            }
        }
        off += tlv_len + 4;
        tlen -= tlv_len + 4;
    }
    Ok(())
}

/// A TLV's value (all captured); whether to hex-dump it, or None when printing stops.
fn tlv(nd: &mut Nd<'_>, v: &[u8], tlv_type: u16) -> Res<Option<bool>> {
    let too_short = |nd: &mut Nd<'_>| {
        nd.s("\n\t      TLV is too short");
        Ok(Some(true))
    };
    match tlv_type {
        TLV_TARGET_FEC_STACK => {
            let mut at = 0;
            let mut left = v.len();
            while left != 0 {
                if left < 4 {
                    return too_short(nd);
                }
                let sub_type = be16(v, at)?;
                let mut sub_len = usize::from(be16(v, at + 2)?);
                if left < sub_len + 4 {
                    return too_short(nd);
                }
                let sv = sl(v, at + 4, sub_len)?;
                nd.s("\n\t    ");
                nd.tok2str(FEC_SUBTLV_TYPES, "Unknown", u32::from(sub_type));
                nd.f(format_args!(" subTLV ({sub_type}), length: {sub_len}"));
                let hexdump = fec_subtlv(nd, sv, sub_type)?;
                if nd.opts.verbose > 1 || hexdump {
                    nd.print_unknown_data(sv, "\n\t      ", sub_len);
                }
                if sub_len % 4 != 0 {
                    sub_len += 4 - sub_len % 4;
                    if left < sub_len + 4 {
                        nd.s("\n\t\t TLV is too short");
                        return Ok(None);
                    }
                }
                // tcpdump moves on by the value's length only, not its header's.
                at += sub_len;
                left -= sub_len + 4;
            }
            Ok(Some(false))
        }
        TLV_DOWNSTREAM_MAPPING => {
            if v.len() < 4 {
                return too_short(nd);
            }
            let addr_type = u8at(v, 2)?;
            nd.f(format_args!("\n\t    MTU: {}, Address-Type: ", be16(v, 0)?));
            nd.tok2str(DOWNSTREAM_ADDR_TYPES, "unknown", u32::from(addr_type));
            nd.f(format_args!(" ({addr_type})"));
            let size = match addr_type {
                1 | 2 => 12,
                3 => 36,
                4 => 24,
                _ => 0,
            };
            if size != 0 {
                if v.len() < size {
                    return too_short(nd);
                }
                nd.s("\n\t    Downstream IP: ");
                if addr_type <= 2 {
                    nd.host4(&v[4..8]);
                } else {
                    nd.host6(&v[4..20]);
                }
                match addr_type {
                    1 => {
                        nd.s("\n\t    Downstream Interface IP: ");
                        nd.host4(&v[8..12]);
                    }
                    3 => {
                        nd.s("\n\t    Downstream Interface IP: ");
                        nd.host6(&v[20..36]);
                    }
                    2 => nd.f(format_args!(
                        "\n\t    Downstream Interface Index: 0x{:08x}",
                        be32(v, 8)?
                    )),
                    _ => nd.f(format_args!(
                        "\n\t    Downstream Interface Index: 0x{:08x}",
                        be32(v, 20)?
                    )),
                }
            }
            // The multipath information that follows (an unknown address type takes none).
            if v.len() - size < 4 {
                return too_short(nd);
            }
            Ok(Some(true))
        }
        TLV_BFD_DISCRIMINATOR => {
            if v.len() < 4 {
                return too_short(nd);
            }
            nd.f(format_args!(
                "\n\t    BFD Discriminator 0x{:08x}",
                be32(v, 0)?
            ));
            Ok(Some(false))
        }
        TLV_VENDOR_ENTERPRISE => {
            if v.len() < 4 {
                return too_short(nd);
            }
            let vendor = be32(v, 0)?;
            nd.s("\n\t    Vendor: ");
            nd.tok2str(super::radius::SMI_VALUES, "Unknown", vendor);
            nd.f(format_args!(" (0x{vendor:04x})"));
            Ok(Some(false))
        }
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(v, "\n\t    ", v.len());
            }
            Ok(Some(false))
        }
    }
}

/// A target FEC stack sub-TLV's value (all captured); whether to hex-dump it.
fn fec_subtlv(nd: &mut Nd<'_>, v: &[u8], sub_type: u16) -> Res<bool> {
    let want = match sub_type {
        1 | 12 => 5,
        2 | 13 => 17,
        3 => 20,
        4 => 56,
        6 => 13,
        7 => 25,
        8 | 10 => 14,
        9 => 10,
        _ => return Ok(true),
    };
    if v.len() != want {
        nd.f(format_args!(
            "\n\t      invalid subTLV length, should be {want}"
        ));
        return Ok(true);
    }
    nd.s("\n\t      ");
    match sub_type {
        1 | 12 => {
            nd.host4(&v[..4]);
            nd.f(format_args!("/{}", v[4]));
        }
        2 | 13 => {
            nd.host6(&v[..16]);
            nd.f(format_args!("/{}", v[16]));
        }
        3 | 4 => {
            let a = if sub_type == 3 { 4 } else { 16 };
            let addr = |nd: &mut Nd<'_>, at: usize| {
                if a == 4 {
                    nd.host4(&v[at..at + 4]);
                } else {
                    nd.host6(&v[at..at + 16]);
                }
            };
            nd.s("tunnel end-point ");
            addr(nd, 0);
            nd.s(", tunnel sender ");
            addr(nd, 2 * a + 4);
            nd.f(format_args!(
                ", lsp-id 0x{:04x}\n\t      tunnel-id 0x{:04x}, extended tunnel-id ",
                be16(v, 3 * a + 6)?,
                be16(v, a + 2)?
            ));
            addr(nd, a + 4);
        }
        6 | 7 => {
            nd.s("RD: ");
            super::bgp::write_rd(nd.o, nd.opts.bgp_asdot, v)?;
            nd.s(", ");
            if sub_type == 6 {
                nd.host4(&v[8..12]);
                nd.f(format_args!("/{}", v[12]));
            } else {
                nd.host6(&v[8..24]);
                nd.f(format_args!("/{}", v[24]));
            }
        }
        8 => {
            nd.s("RD: ");
            super::bgp::write_rd(nd.o, nd.opts.bgp_asdot, v)?;
            let encaps = be16(v, 12)?;
            nd.f(format_args!(
                ", Sender VE ID: {}, Receiver VE ID: {}\n\t      Encapsulation Type: ",
                be16(v, 8)?,
                be16(v, 10)?
            ));
            nd.tok2str(MPLS_PW_TYPES, "unknown", u32::from(encaps));
            nd.f(format_args!(" ({encaps})"));
        }
        _ => {
            // FEC 128 pseudowires: the old form has no sender.
            let at = if sub_type == 10 {
                nd.s("Sender PE: ");
                nd.host4(&v[..4]);
                nd.s(", ");
                4
            } else {
                0
            };
            nd.s("Remote PE: ");
            nd.host4(&v[at..at + 4]);
            let pw_type = be16(v, at + 8)?;
            nd.f(format_args!(
                "\n\t      PW ID: 0x{:08x}, PW Type: ",
                be32(v, at + 4)?
            ));
            nd.tok2str(MPLS_PW_TYPES, "unknown", u32::from(pw_type));
            nd.f(format_args!(" ({pw_type})"));
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{hex, opts, print_ip, udp4};

    /// An echo request with a target FEC stack of one LDP IPv4 prefix.
    const REQUEST: &str = "00010000010200000000000000000001000000000000000000000000000000000001000c000100050c01010120000000";

    #[test]
    fn echo_request() {
        let pkt = udp4(4786, 3503, &hex(REQUEST));
        assert_eq!(
            print_ip(opts(0), &pkt),
            "IP 10.0.0.1.4786 > 10.0.0.2.3503: LSP-PINGv1, MPLS Echo Request, seq 1, length: 48\n"
        );
        let s = print_ip(opts(1), &pkt);
        assert!(s.ends_with("\n\t  Sender Timestamp: 0.000000000 Receiver Timestamp: no timestamp\n\t  Target FEC Stack TLV (1), length: 12\n\t    LDP IPv4 prefix subTLV (1), length: 5\n\t      12.1.1.1/32\n"), "{s}");
        let mut short = pkt.clone();
        short.truncate(short.len() - 6);
        let s = print_ip(opts(1), &short);
        assert!(
            s.ends_with("Target FEC Stack TLV (1), length: 12 [|lspping]\n"),
            "{s}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(tlvs in proptest::collection::vec(0u8..40, 0..80), cut in 0usize..140, v in 0u8..3) {
            let mut m = hex(REQUEST);
            m.truncate(32);
            m.extend_from_slice(&tlvs);
            m.truncate(cut);
            let _ = print_ip(opts(v), &udp4(4786, 3503, &m));
        }
    }
}
