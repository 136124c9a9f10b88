//! IEEE 802.5 Token Ring, as tcpdump's print-token.c: the MAC header, source-routing
//! information, and LLC frames.
use super::ether::LlAddrs;
use super::{Nd, ascii, be16, llc};

const HDRLEN: usize = 14;
const FC_LLC: u8 = 1;

const BROADCAST_INDICATOR: [&str; 8] = [
    "Non-Broadcast",
    "Non-Broadcast",
    "Non-Broadcast",
    "Non-Broadcast",
    "All-routes",
    "All-routes",
    "Single-route",
    "Single-route",
];
const DIRECTION: [&str; 2] = ["Forward", "Backward"];
const LARGEST_FRAME: [&str; 8] = [
    "516", "1500", "2052", "4472", "8144", "11407", "17800", "??",
];

/// `ac fc src > dst, length N: `.
fn hdr_print(nd: &mut Nd<'_>, p: &[u8], length: usize, src: &[u8], dst: &[u8]) {
    if !nd.opts.quiet {
        nd.f(format_args!("{:02x} {:02x} ", p[0], p[1]));
    }
    nd.mac(src);
    nd.s(" > ");
    nd.mac(dst);
    nd.f(format_args!(", length {length}: "));
}

/// Prints a Token Ring frame of `length` bytes; returns the MAC header's length.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    nd.proto = "token-ring";
    if p.len() < HDRLEN {
        nd.trunc();
        return HDRLEN;
    }
    let dst: [u8; 6] = [p[2], p[3], p[4], p[5], p[6], p[7]];
    let mut src: [u8; 6] = [p[8], p[9], p[10], p[11], p[12], p[13]];
    let mut hdr_len = HDRLEN;
    let mut route_len = 0;
    // The source address's group bit says source-routing information follows.
    if src[0] & 0x80 != 0 {
        src[0] &= 0x7f;
        if nd.opts.link_header {
            hdr_print(nd, p, length, &src, &dst);
        }
        let Ok(rcf) = be16(p, HDRLEN) else {
            nd.trunc();
            return hdr_len;
        };
        route_len = usize::from((rcf & 0x1f00) >> 8);
        hdr_len += route_len;
        if p.len() < hdr_len {
            nd.trunc();
            return hdr_len;
        }
        let segments = (route_len as isize - 2) / 2;
        let seg = |i: isize| u16::from_be_bytes([p[16 + 2 * i as usize], p[17 + 2 * i as usize]]);
        if nd.opts.verbose > 0 {
            nd.f(format_args!(
                "{} {}",
                BROADCAST_INDICATOR[usize::from(rcf >> 13)],
                DIRECTION[usize::from((rcf & 0x80) >> 7)]
            ));
            for i in 0..segments {
                let s = seg(i);
                nd.f(format_args!(" [{}:{}]", s >> 4, s & 0xf));
            }
        } else {
            nd.f(format_args!("rt = {rcf:x}"));
            for i in 0..segments {
                nd.f(format_args!(":{:x}", seg(i)));
            }
        }
        nd.f(format_args!(
            " ({}) ",
            LARGEST_FRAME[usize::from((rcf & 0x70) >> 4)]
        ));
    } else if nd.opts.link_header {
        hdr_print(nd, p, length, &src, &dst);
    }
    let addrs = LlAddrs {
        src: &src,
        dst: &dst,
        print: |nd, a| nd.mac(a),
    };
    let rest = &p[hdr_len..];
    let length = length.saturating_sub(hdr_len);
    if (p[1] & 0xc0) >> 6 == FC_LLC {
        hdr_len += llc::print_or_dump(nd, rest, length, Some(&addrs));
    } else {
        if !nd.opts.link_header {
            hdr_print(nd, p, length + HDRLEN + route_len, &src, &dst);
        }
        ascii::default_print(nd, rest);
    }
    hdr_len
}
