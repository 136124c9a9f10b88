//! The link-layer printers other than Ethernet (Linux cooked v1 and v2, BSD loopback, raw IP),
//! and the dispatch by link type.
use super::ether::{self, ETHERTYPES};
use super::{Nd, arcnet, ascii, brcmtag, dsa, ip, ip6, linktype as lt, tok};

/// Prints a packet of link type `linktype`; returns the link header's length.
pub(crate) fn print(nd: &mut Nd<'_>, linktype: i32, p: &[u8], wirelen: u32) -> usize {
    match linktype {
        lt::EN10MB => ether::print(nd, p, wirelen),
        lt::DSA_TAG_BRCM => brcmtag::print(nd, p, wirelen),
        lt::DSA_TAG_BRCM_PREPEND => brcmtag::print_prepend(nd, p, wirelen),
        lt::DSA_TAG_DSA => dsa::print_dsa(nd, p, wirelen),
        lt::DSA_TAG_EDSA => dsa::print_edsa(nd, p, wirelen),
        lt::ARCNET => arcnet::print(nd, p, wirelen as usize),
        lt::ARCNET_LINUX => arcnet::print_linux(nd, p, wirelen as usize),
        lt::LINUX_SLL => sll(nd, p, wirelen as usize),
        lt::LINUX_SLL2 => sll2(nd, p, wirelen as usize),
        lt::NULL => null(nd, p, wirelen as usize, false),
        lt::LOOP => null(nd, p, wirelen as usize, true),
        // tcpdump prints raw IPv4 and raw IPv6 links as raw IP too, by the version nibble.
        lt::RAW | lt::RAW_12 | lt::RAW_14 | lt::IPV4 | lt::IPV6 => {
            if nd.opts.link_header {
                nd.s("ip: ");
            }
            ip_n(nd, p, wirelen as usize);
            0
        }
        lt::PPP | lt::PPP_PPPD => {
            let r = super::ppp::if_print(nd, p, wirelen as usize);
            header_or_trunc(nd, r)
        }
        lt::PPP_HDLC => {
            let r = super::ppp::hdlc_if_print(nd, p, wirelen as usize);
            header_or_trunc(nd, r)
        }
        lt::PPP_ETHER => {
            let r = super::pppoe::if_print(nd, p, wirelen as usize);
            header_or_trunc(nd, r)
        }
        // tcpdump decodes BSD/OS PPP only when built on BSD/OS: elsewhere it prints nothing.
        lt::PPP_BSDOS => 0,
        lt::C_HDLC | lt::NETBSD_HDLC => {
            let r = super::chdlc::if_print(nd, p, wirelen as usize);
            header_or_trunc(nd, r)
        }
        lt::FRELAY => {
            let r = super::fr::if_print(nd, p, wirelen as usize);
            header_or_trunc(nd, r)
        }
        lt::MFR => {
            let r = super::fr::mfr_if_print(nd, p, wirelen as usize);
            header_or_trunc(nd, r)
        }
        _ => {
            // As tcpdump: the whole packet in hex (and again for -x, from the start).
            nd.s("UNSUPPORTED");
            ascii::hex_and_ascii(nd.o, "\n\t", p);
            0
        }
    }
}

/// The link header length a link printer returned, or 0 after a truncation (whose mark is
/// printed here, as where tcpdump's longjmp lands).
fn header_or_trunc(nd: &mut Nd<'_>, r: super::Res<usize>) -> usize {
    r.unwrap_or_else(|_| {
        nd.trunc_top();
        0
    })
}

/// tcpdump's `ipN_print`: IPv4 or IPv6 by the version nibble.
fn ip_n(nd: &mut Nd<'_>, p: &[u8], length: usize) {
    nd.proto = "ipn";
    if length < 1 {
        nd.f(format_args!("truncated-ip {length}"));
        return;
    }
    let Some(&b) = p.first() else {
        nd.trunc();
        return;
    };
    let r = match b >> 4 {
        4 => ip::print(nd, p, length),
        6 => ip6::print(nd, p, length),
        v => {
            nd.f(format_args!("unknown ip {v}"));
            Ok(())
        }
    };
    if r.is_err() {
        nd.trunc_top();
    }
}

const SLL_PKTTYPES: &[(u32, &str)] = &[(0, "In"), (1, "B"), (2, "M"), (3, "P"), (4, "Out")];

/// The link-level part of a cooked header's ethertype, as `sll_print` prints it.
fn sll_type(nd: &mut Nd<'_>, et: u16, length: usize) {
    if !nd.opts.quiet {
        if et <= 1500 {
            match et {
                1 => nd.s("802.3"),
                4 => nd.s("802.2"),
                _ => nd.f(format_args!("ethertype Unknown (0x{et:04x})")),
            }
        } else {
            nd.f(format_args!(
                "ethertype {} (0x{et:04x})",
                tok(ETHERTYPES, et as u32).unwrap_or("Unknown")
            ));
        }
        nd.f(format_args!(", length {length}: "));
    }
}

fn sll_hdr(nd: &mut Nd<'_>, p: &[u8], length: usize) {
    let pkttype = u16::from_be_bytes([p[0], p[1]]);
    nd.f(format_args!(
        "{:>3} ",
        tok(SLL_PKTTYPES, pkttype as u32).unwrap_or("?")
    ));
    if u16::from_be_bytes([p[4], p[5]]) == 6 {
        nd.mac(&p[6..12]);
        nd.s(" ");
    }
    sll_type(nd, u16::from_be_bytes([p[14], p[15]]), length);
}

/// Linux cooked capture v1 (16-byte header).
fn sll(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> usize {
    if p.len() < 16 {
        nd.proto = "sll";
        nd.trunc();
        return p.len();
    }
    if nd.opts.link_header {
        sll_hdr(nd, p, wirelen);
    }
    let et = u16::from_be_bytes([p[14], p[15]]);
    cooked_payload(nd, p, 16, wirelen.saturating_sub(16), et, |nd| {
        sll_hdr(nd, p, wirelen)
    })
}

fn sll2_hdr(nd: &mut Nd<'_>, p: &[u8], length: usize) {
    let index = u32::from_be_bytes([p[4], p[5], p[6], p[7]]);
    nd.f(format_args!("ifindex {index} "));
    if p[11] == 6 {
        nd.mac(&p[12..18]);
        nd.s(" ");
    }
    sll_type(nd, u16::from_be_bytes([p[0], p[1]]), length);
}

/// Linux cooked capture v2 (20-byte header), what `-i any` gives.
fn sll2(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> usize {
    if p.len() < 20 {
        nd.proto = "sll2";
        nd.trunc();
        return p.len();
    }
    // The interface (named as on this host, as tcpdump does) and the direction always lead.
    let index = u32::from_be_bytes([p[4], p[5], p[6], p[7]]);
    nd.names.write_ifname(nd.o, index);
    nd.f(format_args!(
        "{:<3} ",
        tok(SLL_PKTTYPES, p[10] as u32).unwrap_or("?")
    ));
    if nd.opts.link_header {
        sll2_hdr(nd, p, wirelen);
    }
    let et = u16::from_be_bytes([p[0], p[1]]);
    cooked_payload(nd, p, 20, wirelen.saturating_sub(20), et, |nd| {
        sll2_hdr(nd, p, wirelen)
    })
}

/// The payload of a cooked header: VLAN tags, then the ethertype's printer.
fn cooked_payload(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut hdrlen: usize,
    mut length: usize,
    mut et: u16,
    hdr: impl Fn(&mut Nd<'_>),
) -> usize {
    loop {
        let rest = &p[hdrlen..];
        if et <= 1500 {
            // 802.3 / 802.2 frames inside cooked headers: not decoded, dumped.
            if !nd.opts.link_header {
                hdr(nd);
            }
            ascii::default_print(nd, rest);
            return hdrlen;
        }
        if et == 0x8100 {
            if rest.len() < 4 {
                nd.proto = "vlan";
                nd.trunc();
                return hdrlen + rest.len();
            }
            if nd.opts.link_header {
                let tag = u16::from_be_bytes([rest[0], rest[1]]);
                nd.f(format_args!("vlan {}, p {}", tag & 0xfff, tag >> 13));
                if tag & 0x1000 != 0 {
                    nd.s(", DEI");
                }
                nd.s(", ");
            }
            et = u16::from_be_bytes([rest[2], rest[3]]);
            if et <= 1500 {
                et = 4;
            }
            if !nd.opts.quiet {
                nd.f(format_args!(
                    "ethertype {}, ",
                    tok(ETHERTYPES, et as u32).unwrap_or("Unknown")
                ));
            }
            hdrlen += 4;
            length = length.saturating_sub(4);
            continue;
        }
        if !ether::ethertype_print(nd, et, rest, length, None) {
            if !nd.opts.link_header {
                hdr(nd);
            }
            ascii::default_print(nd, rest);
        }
        return hdrlen;
    }
}

const BSD_AF: &[(u32, &str)] = &[
    (2, "IPv4"),
    (7, "OSI"),
    (16, "Appletalk"),
    (23, "IPX"),
    (24, "IPv6"),
    (28, "IPv6"),
    (30, "IPv6"),
];

fn null_hdr(nd: &mut Nd<'_>, family: u32, length: usize) {
    match (nd.opts.quiet, tok(BSD_AF, family)) {
        (false, n) => nd.f(format_args!("AF {} ({family})", n.unwrap_or("Unknown"))),
        (true, Some(n)) => nd.s(n),
        (true, None) => nd.f(format_args!("Unknown AF {family}")),
    }
    nd.f(format_args!(", length {length}: "));
}

/// BSD loopback (family in the capturing host's byte order) and OpenBSD loopback (network
/// byte order).
fn null(nd: &mut Nd<'_>, p: &[u8], wirelen: usize, network_order: bool) -> usize {
    if p.len() < 4 {
        nd.proto = if network_order { "loop" } else { "null" };
        nd.trunc();
        return p.len();
    }
    let mut family = if network_order {
        u32::from_be_bytes([p[0], p[1], p[2], p[3]])
    } else {
        u32::from_ne_bytes([p[0], p[1], p[2], p[3]])
    };
    // The file may come from a host of the other byte order: families are small numbers.
    if family & 0xffff_0000 != 0 {
        family = family.swap_bytes();
    }
    if nd.opts.link_header {
        null_hdr(nd, family, wirelen);
    }
    let rest = &p[4..];
    let length = wirelen.saturating_sub(4);
    let r = match family {
        2 => ip::print(nd, rest, length),
        24 | 28 | 30 => ip6::print(nd, rest, length),
        _ => {
            if !nd.opts.link_header {
                null_hdr(nd, family, wirelen);
            }
            ascii::default_print(nd, rest);
            Ok(())
        }
    };
    if r.is_err() {
        nd.trunc_top();
    }
    4
}
