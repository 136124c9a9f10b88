//! Cisco HDLC and SLARP, as tcpdump's print-chdlc.c: the 4-byte header (address, control,
//! ethertype), the payload by ethertype, and Cisco's serial line address resolution and
//! keepalive protocol.
use super::ether::ETHERTYPES;
use super::util::Tok;
use super::{Nd, Res, be16, be32, ip, ip6, isoclns, mpls, tail, u8at};

/// The unicast address.
pub(crate) const UNICAST: u8 = 0x0f;
/// The broadcast address.
pub(crate) const BCAST: u8 = 0x8f;
/// The header: address, control and a 2-byte protocol type.
const HDRLEN: usize = 4;
/// SLARP's protocol type.
const TYPE_SLARP: u16 = 0x8035;

const CAST: &Tok = &[(0x0f, "unicast"), (0x8f, "bcast")];

/// Link type C_HDLC (and NetBSD's HDLC). Returns the link header's length.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "chdlc";
    print(nd, p, wirelen)
}

/// tcpdump's `chdlc_print`: a Cisco HDLC frame. Returns the header's length.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "chdlc";
    if length < HDRLEN {
        nd.trunc();
        return Ok(p.len());
    }
    let proto = be16(p, 2)?;
    if nd.opts.link_header {
        nd.tok2str(CAST, "0x%02x", u32::from(p[0]));
        nd.s(", ethertype ");
        nd.tok2str(ETHERTYPES, "Unknown", u32::from(proto));
        nd.f(format_args!(" (0x{proto:04x}), length {length}: "));
    }
    let length = length - HDRLEN;
    let p = tail(p, HDRLEN);
    match proto {
        0x0800 => ip::print(nd, p, length)?,
        0x86dd => ip6::print(nd, p, length)?,
        TYPE_SLARP => slarp(nd, p, length)?,
        0x8847 | 0x8848 => mpls::print(nd, p, length)?,
        0xfefe => {
            if length < 2 {
                nd.trunc();
                return Ok(p.len() + HDRLEN);
            }
            // A padding byte may come before the OSI header: look for an OSI NLPID after it.
            if matches!(u8at(p, 1)?, 0x81..=0x83) {
                isoclns::print(nd, tail(p, 1), length - 1)?;
            } else {
                isoclns::print(nd, p, length)?;
            }
        }
        _ => {
            if !nd.opts.link_header {
                nd.f(format_args!("unknown CHDLC protocol (0x{proto:04x})"));
            }
        }
    }
    Ok(HDRLEN)
}

/// SLARP's fixed part: the code and the address/mask or keepalive fields.
const SLARP_MIN_LEN: usize = 14;
/// With the optional link uptime.
const SLARP_MAX_LEN: usize = 18;

/// SLARP: address requests and replies, and keepalives.
fn slarp(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "chdlc_slarp";
    nd.f(format_args!("SLARP (length: {length}), "));
    if length < SLARP_MIN_LEN || p.len() < SLARP_MIN_LEN {
        nd.trunc();
        return Ok(());
    }
    // Where the -vv dump starts: tcpdump's pointer has moved to the uptime when there is one.
    let mut dump_from = 4;
    match be32(p, 0)? {
        0 => nd.s("request"),
        1 => {
            nd.s("reply ");
            nd.host4(&p[4..8]);
            nd.s("/");
            nd.host4(&p[8..12]);
        }
        2 => {
            nd.f(format_args!(
                "keepalive: mineseen=0x{:08x}, yourseen=0x{:08x}, reliability=0x{:04x}",
                be32(p, 4)?,
                be32(p, 8)?,
                be16(p, 12)?
            ));
            if length >= SLARP_MAX_LEN {
                dump_from += SLARP_MIN_LEN;
                let mut sec = be32(p, SLARP_MIN_LEN)? / 1000;
                let mut min = sec / 60;
                sec -= min * 60;
                let mut hrs = min / 60;
                min -= hrs * 60;
                let days = hrs / 24;
                hrs -= days * 24;
                nd.f(format_args!(", link uptime={days}d{hrs}h{min}m{sec}s"));
            }
        }
        code => {
            nd.f(format_args!("0x{code:02x} unknown"));
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(tail(p, 4), "\n\t", length - 4);
            }
        }
    }
    if SLARP_MAX_LEN < length && nd.opts.verbose > 0 {
        nd.f(format_args!(
            ", (trailing junk: {} bytes)",
            length - SLARP_MAX_LEN
        ));
    }
    if nd.opts.verbose > 1 {
        nd.print_unknown_data_at(p, dump_from, "\n\t", length - 4);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    fn case(flags: &str, hex: &str, expected: &str) {
        check(104, flags, hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn slarp() {
        case(
            "-n",
            "8f008035000000020000000100000002ffff00001000",
            "SLARP (length: 18), keepalive: mineseen=0x00000001, yourseen=0x00000002, \
             reliability=0xffff, link uptime=0d0h0m4s",
        );
        case(
            "-n -e",
            "0f008035000000010a0000010fffff00",
            "unicast, ethertype Reverse ARP (0x8035), length 16: SLARP (length: 12),  [|chdlc_slarp]",
        );
        case(
            "-n -vv",
            "0f008035000000030a0000010fffff00aabb",
            "SLARP (length: 14), 0x03 unknown\n\t0x0000:  0a00 0001 0fff ff00 aabb",
        );
    }

    #[test]
    fn mpls_payloads() {
        case(
            "-n",
            "0f00884700001140450000",
            "MPLS (label 1, tc 0, [S], ttl 64) IP  [|ip]",
        );
        case(
            "-n -v",
            "0f0088470000014000",
            "MPLS (label 0 (IPv4 explicit NULL), tc 0, [S], ttl 64)\n\tIP0 (invalid)",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_chdlc_never_panics(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
                                     et in proptest::sample::select(vec![0x0800u16, 0x86dd, 0x8035, 0x8847, 0xfefe, 0x2000]),
                                     v in 0u8..4, e: bool) {
            let mut data = vec![0x0f, 0];
            data.extend_from_slice(&et.to_be_bytes());
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, link_header: e, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 104, &data);
        }
    }
}
