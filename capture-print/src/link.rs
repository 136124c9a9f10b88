//! The link-layer printers other than Ethernet (Linux cooked v1 and v2, BSD loopback, raw IP),
//! and the dispatch by link type.
use super::ether::{self, ETHERTYPES};
use super::{Nd, Res, ascii, be16, be32, ip, ip6, le32, linktype as lt, sl, tok, u8at};

/// Prints a packet of link type `linktype` (a LINKTYPE_ value, or a DLT_ value some files
/// carry: see [`lt::canonical`]); returns the link header's length (for `-x`).
pub(crate) fn print(nd: &mut Nd<'_>, linktype: i32, p: &[u8], wirelen: u32) -> usize {
    let r = dispatch(nd, linktype, p, wirelen).unwrap_or_else(|| {
        // As tcpdump: the whole packet in hex (and again for -x, from the start).
        nd.s("UNSUPPORTED");
        ascii::hex_and_ascii(nd.o, "\n\t", p);
        Ok(0)
    });
    r.unwrap_or_else(|_| {
        nd.trunc_top();
        0
    })
}

/// The printer of a link type (tcpdump's `lookup_printer`): the one place that says which link
/// types are decoded ([`lt::supported`] asks it). A printer takes the packet and its length on
/// the wire and returns the link header's length; a read past the captured bytes is an error.
pub(crate) fn printer(linktype: i32) -> Option<LinkPrinter> {
    Some(match lt::canonical(linktype) {
        lt::EN10MB => |nd, p, w| Ok(ether::print(nd, p, w)),
        lt::DSA_TAG_BRCM => |nd, p, w| Ok(super::brcmtag::print(nd, p, w)),
        lt::DSA_TAG_BRCM_PREPEND => |nd, p, w| Ok(super::brcmtag::print_prepend(nd, p, w)),
        lt::DSA_TAG_DSA => |nd, p, w| Ok(super::dsa::print_dsa(nd, p, w)),
        lt::DSA_TAG_EDSA => |nd, p, w| Ok(super::dsa::print_edsa(nd, p, w)),
        lt::PPP | lt::PPP_PPPD => |nd, p, w| super::ppp::if_print(nd, p, w as usize),
        lt::PPP_HDLC => |nd, p, w| super::ppp::hdlc_if_print(nd, p, w as usize),
        lt::PPP_ETHER => |nd, p, w| super::pppoe::if_print(nd, p, w as usize),
        // tcpdump decodes BSD/OS PPP only when built on BSD/OS: elsewhere it prints nothing.
        lt::PPP_BSDOS => |_, _, _| Ok(0),
        lt::C_HDLC | lt::NETBSD_HDLC => |nd, p, w| super::chdlc::if_print(nd, p, w as usize),
        lt::FRELAY => |nd, p, w| super::fr::if_print(nd, p, w as usize),
        lt::MFR => |nd, p, w| super::fr::mfr_if_print(nd, p, w as usize),
        lt::LINUX_SLL => sll,
        lt::LINUX_SLL2 => sll2,
        lt::NULL | lt::LOOP => null,
        lt::RAW | lt::IPV4 | lt::IPV6 => |nd, p, w| {
            nd.proto = "raw";
            if nd.opts.link_header {
                nd.s("ip: ");
            }
            ip_n(nd, p, w as usize).map(|()| 0)
        },
        lt::IEEE802_11 => |nd, p, w| super::ieee802_11::if_print(nd, p, w as usize),
        lt::IEEE802_11_RADIOTAP => |nd, p, w| super::ieee802_11::radio_if_print(nd, p, w as usize),
        lt::IEEE802_11_AVS => |nd, p, w| super::ieee802_11::avs_if_print(nd, p, w as usize),
        lt::IEEE802_11_PRISM => |nd, p, w| super::ieee802_11::prism_if_print(nd, p, w as usize),
        lt::JUNIPER_ATM1 => juniper::<{ lt::JUNIPER_ATM1 }>,
        lt::JUNIPER_ATM2 => juniper::<{ lt::JUNIPER_ATM2 }>,
        lt::JUNIPER_CHDLC => juniper::<{ lt::JUNIPER_CHDLC }>,
        lt::JUNIPER_ES => juniper::<{ lt::JUNIPER_ES }>,
        lt::JUNIPER_ETHER => juniper::<{ lt::JUNIPER_ETHER }>,
        lt::JUNIPER_FRELAY => juniper::<{ lt::JUNIPER_FRELAY }>,
        lt::JUNIPER_GGSN => juniper::<{ lt::JUNIPER_GGSN }>,
        lt::JUNIPER_MFR => juniper::<{ lt::JUNIPER_MFR }>,
        lt::JUNIPER_MLFR => juniper::<{ lt::JUNIPER_MLFR }>,
        lt::JUNIPER_MLPPP => juniper::<{ lt::JUNIPER_MLPPP }>,
        lt::JUNIPER_MONITOR => juniper::<{ lt::JUNIPER_MONITOR }>,
        lt::JUNIPER_PPP => juniper::<{ lt::JUNIPER_PPP }>,
        lt::JUNIPER_PPPOE => juniper::<{ lt::JUNIPER_PPPOE }>,
        lt::JUNIPER_PPPOE_ATM => juniper::<{ lt::JUNIPER_PPPOE_ATM }>,
        lt::JUNIPER_SERVICES => juniper::<{ lt::JUNIPER_SERVICES }>,
        lt::ATM_RFC1483 => |nd, p, w| super::atm::if_print(nd, p, w as usize),
        lt::SUNATM => |nd, p, w| super::sunatm::if_print(nd, p, w as usize),
        lt::ATM_CLIP => |nd, p, w| super::cip::if_print(nd, p, w as usize),
        lt::SLIP => |nd, p, w| super::sl::if_print(nd, p, w as usize),
        lt::SLIP_BSDOS => |nd, p, w| super::sl::bsdos_if_print(nd, p, w as usize),
        lt::IPOIB => |nd, p, w| super::ipoib::if_print(nd, p, w as usize),
        lt::IPNET => |nd, p, w| super::ipnet::if_print(nd, p, w as usize),
        lt::NFLOG => |nd, p, w| super::nflog::if_print(nd, p, w as usize),
        lt::VSOCK => |nd, p, w| super::vsock::if_print(nd, p, w as usize),
        lt::IEEE802_15_4_WITHFCS | lt::IEEE802_15_4_NOFCS => {
            |nd, p, _| super::ieee802_15_4::if_print(nd, p)
        }
        lt::ARCNET_BSD => |nd, p, w| super::arcnet::if_print(nd, p, w as usize),
        lt::ARCNET_LINUX => |nd, p, w| super::arcnet::linux_if_print(nd, p, w as usize),
        lt::LTALK => |nd, p, w| {
            nd.proto = "ltalk";
            // Cut short by the snapshot: the header counts as the whole capture.
            super::atalk::llap_print(nd, p, w as usize).map(|h| if h == 0 { p.len() } else { h })
        },
        lt::IEEE802_5 => |nd, p, w| Ok(super::token::print(nd, p, w as usize)),
        lt::FDDI => |nd, p, w| Ok(super::fddi::print(nd, p, w as usize)),
        lt::IEEE802_15_4_TAP => |nd, p, _| super::ieee802_15_4::tap_if_print(nd, p),
        lt::PFLOG => |nd, p, w| super::pflog::if_print(nd, p, w as usize),
        lt::ENC => |nd, p, w| super::enc::if_print(nd, p, w as usize),
        lt::SYMANTEC_FIREWALL => |nd, p, w| super::symantec::if_print(nd, p, w as usize),
        lt::APPLE_IP_OVER_IEEE1394 => |nd, p, w| super::ap1394::if_print(nd, p, w as usize),
        lt::USB_LINUX => |nd, p, _| super::usb::linux_48_byte_if_print(nd, p),
        lt::USB_LINUX_MMAPPED => |nd, p, _| super::usb::linux_64_byte_if_print(nd, p),
        lt::BLUETOOTH_HCI_H4_WITH_PHDR => |nd, p, w| super::bt::if_print(nd, p, w as usize),
        lt::PPI => super::ppi::if_print,
        // tcpdump's lookup falls back to PKTAP's printer for USER2, which has none of its own.
        lt::PKTAP | lt::USER2 => super::ppi::pktap_if_print,
        lt::NETANALYZER => |nd, p, w| netanalyzer(nd, p, w, 4, "netanalyzer"),
        lt::NETANALYZER_TRANSPARENT => {
            |nd, p, w| netanalyzer(nd, p, w, 12, "netanalyzer_transparent")
        }
        _ => return None,
    })
}

/// A link-layer printer: the packet and its length on the wire in, the header's length out.
pub(crate) type LinkPrinter = fn(&mut Nd<'_>, &[u8], u32) -> Res<usize>;

/// The printer of a link type, run: `None` if there is none (see [`printer`]).
pub(crate) fn dispatch(
    nd: &mut Nd<'_>,
    linktype: i32,
    p: &[u8],
    wirelen: u32,
) -> Option<Res<usize>> {
    printer(linktype).map(|print| print(nd, p, wirelen))
}

/// The Juniper printer for the Juniper link type `LT` (tcpdump has one function a type).
fn juniper<const LT: i32>(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> Res<usize> {
    super::juniper::if_print(nd, LT, p, wirelen as usize)
}

/// Hilscher netANALYZER: a 4-byte pseudo-header (and, transparent, the preamble and SFD),
/// then Ethernet.
fn netanalyzer(
    nd: &mut Nd<'_>,
    p: &[u8],
    wirelen: u32,
    skip: usize,
    proto: &'static str,
) -> Res<usize> {
    nd.proto = proto;
    super::sl(p, 0, skip)?;
    Ok(skip + ether::print(nd, &p[skip..], wirelen.wrapping_sub(skip as u32)))
}

/// tcpdump's `ipN_print`: IPv4 or IPv6 by the version nibble.
fn ip_n(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ipn";
    if length < 1 {
        nd.f(format_args!("truncated-ip {length}"));
        return Ok(());
    }
    match u8at(p, 0)? >> 4 {
        4 => ip::print(nd, p, length),
        6 => ip6::print(nd, p, length),
        v => {
            nd.f(format_args!("unknown ip {v}"));
            Ok(())
        }
    }
}

const SLL_PKTTYPES: &[(u32, &str)] = &[(0, "In"), (1, "B"), (2, "M"), (3, "P"), (4, "Out")];

const SLL_HDR_LEN: usize = 16;
const SLL2_HDR_LEN: usize = 20;
const LINUX_SLL_P_802_3: u16 = 0x0001;
const LINUX_SLL_P_802_2: u16 = 0x0004;
/// ARPHRD_IEEE80211_RADIOTAP: the payload starts with a radiotap header.
const ARPHRD_IEEE80211_RADIOTAP: u16 = 803;

/// The protocol part of `sll_print` and `sll2_print` (not with `-q`).
fn sll_type(nd: &mut Nd<'_>, et: u16, length: u32) {
    if nd.opts.quiet {
        return;
    }
    match et {
        LINUX_SLL_P_802_3 => nd.s("802.3"),
        LINUX_SLL_P_802_2 => nd.s("802.2"),
        0..=1500 => nd.f(format_args!("ethertype Unknown (0x{et:04x})")),
        _ => nd.f(format_args!(
            "ethertype {} (0x{et:04x})",
            tok(ETHERTYPES, u32::from(et)).unwrap_or("Unknown")
        )),
    }
    nd.f(format_args!(", length {length}: "));
}

/// tcpdump's `sll_print`: packet type, address, protocol, length.
fn sll_print(nd: &mut Nd<'_>, h: &[u8], length: u32) -> Res {
    nd.proto = "sll";
    let pkttype = be16(h, 0)?;
    let name = tok(SLL_PKTTYPES, u32::from(pkttype)).unwrap_or("?");
    nd.f(format_args!("{name:>3} "));
    if be16(h, 4)? == 6 {
        nd.mac(sl(h, 6, 6)?);
        nd.s(" ");
    }
    sll_type(nd, be16(h, 14)?, length);
    Ok(())
}

/// Linux cooked capture v1 (16-byte header).
fn sll(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> Res<usize> {
    nd.proto = "sll";
    let h = sl(p, 0, SLL_HDR_LEN)?;
    if nd.opts.link_header {
        sll_print(nd, h, wirelen)?;
    }
    let hatype = be16(h, 2)?;
    let et = be16(h, 14)?;
    cooked_payload(nd, p, SLL_HDR_LEN, wirelen, hatype, et, |nd, length| {
        sll_print(nd, h, length)
    })
}

/// tcpdump's `sll2_print`: interface index, address, protocol, length.
fn sll2_print(nd: &mut Nd<'_>, h: &[u8], length: u32) -> Res {
    nd.proto = "sll2";
    let index = be32(h, 4)?;
    nd.f(format_args!("ifindex {index} "));
    if u8at(h, 11)? == 6 {
        nd.mac(sl(h, 12, 6)?);
        nd.s(" ");
    }
    sll_type(nd, be16(h, 0)?, length);
    Ok(())
}

/// Linux cooked capture v2 (20-byte header), what `-i any` gives.
fn sll2(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> Res<usize> {
    nd.proto = "sll2";
    let h = sl(p, 0, SLL2_HDR_LEN)?;
    // The interface (named as on this host, as tcpdump does) and the direction always lead.
    let index = be32(h, 4)?;
    nd.names.write_ifname(nd.o, index);
    let pkttype = tok(SLL_PKTTYPES, u32::from(h[10])).unwrap_or("?");
    nd.f(format_args!("{pkttype:<3} "));
    if nd.opts.link_header {
        sll2_print(nd, h, wirelen)?;
    }
    let hatype = be16(h, 8)?;
    let et = be16(h, 0)?;
    cooked_payload(nd, p, SLL2_HDR_LEN, wirelen, hatype, et, |nd, length| {
        sll2_print(nd, h, length)
    })
}

/// What follows a cooked header: radiotap, VLAN tags, then the payload by protocol. `hdr`
/// prints the cooked header when tcpdump does for an unknown ethertype without `-e`.
fn cooked_payload(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut hdrlen: usize,
    wirelen: u32,
    hatype: u16,
    mut et: u16,
    hdr: impl Fn(&mut Nd<'_>, u32) -> Res,
) -> Res<usize> {
    let base = hdrlen as u32;
    let mut length = wirelen.wrapping_sub(base);
    if hatype == ARPHRD_IEEE80211_RADIOTAP {
        let radio = super::ieee802_11::radio_print(nd, &p[hdrlen..], length as usize)?;
        return Ok(hdrlen + radio);
    }
    loop {
        let rest = &p[hdrlen..];
        if et <= 1500 {
            match et {
                LINUX_SLL_P_802_3 => super::ipx::print(nd, rest, length as usize)?,
                LINUX_SLL_P_802_2 => {
                    // An LLC payload not known is dumped, its header not counted.
                    let (llc_hdrlen, printed) = super::llc::print(nd, rest, length as usize, None)?;
                    if printed {
                        hdrlen += llc_hdrlen;
                    } else {
                        ascii::default_print(nd, rest);
                    }
                }
                _ => ascii::default_print(nd, rest),
            }
            return Ok(hdrlen);
        }
        if et != 0x8100 {
            if !ether::ethertype_print(nd, et, rest, length as usize, None) {
                if !nd.opts.link_header {
                    hdr(nd, length.wrapping_add(base))?;
                }
                ascii::default_print(nd, rest);
            }
            return Ok(hdrlen);
        }
        if rest.len() < 4 {
            nd.proto = "vlan";
            nd.trunc();
            return Ok(hdrlen + rest.len());
        }
        if nd.opts.link_header {
            let tag = be16(rest, 0)?;
            nd.f(format_args!("vlan {}, p {}", tag & 0xfff, tag >> 13));
            if tag & 0x1000 != 0 {
                nd.s(", DEI");
            }
            nd.s(", ");
        }
        et = be16(rest, 2)?;
        if et <= 1500 {
            et = LINUX_SLL_P_802_2;
        }
        if !nd.opts.quiet {
            nd.f(format_args!(
                "ethertype {}, ",
                tok(ETHERTYPES, u32::from(et)).unwrap_or("Unknown")
            ));
        }
        hdrlen += 4;
        length = length.wrapping_sub(4);
    }
}

fn null_hdr(nd: &mut Nd<'_>, family: u32, length: u32) {
    match (nd.opts.quiet, tok(super::af::BSD_AF_VALUES, family)) {
        (false, n) => nd.f(format_args!("AF {} ({family})", n.unwrap_or("Unknown"))),
        (true, Some(n)) => nd.s(n),
        (true, None) => nd.f(format_args!("Unknown AF {family}")),
    }
    nd.f(format_args!(", length {length}: "));
}

/// BSD loopback and OpenBSD loopback: a 4-byte address family, read in this host's byte
/// order (little-endian) and swapped when it does not look like a small number (another
/// host's byte order, or network order for OpenBSD's).
fn null(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> Res<usize> {
    nd.proto = "null";
    let mut family = le32(p, 0)?;
    if family & 0xffff_0000 != 0 {
        family = family.swap_bytes();
    }
    if nd.opts.link_header {
        null_hdr(nd, family, wirelen);
    }
    let rest = &p[4..];
    let length = wirelen.wrapping_sub(4) as usize;
    match family {
        2 => ip::print(nd, rest, length)?,
        24 | 28 | 30 => ip6::print(nd, rest, length)?,
        7 => super::isoclns::print(nd, rest, length)?,
        16 => super::atalk::atalk_print(nd, rest, length)?,
        23 => super::ipx::print(nd, rest, length)?,
        _ => {
            if !nd.opts.link_header {
                null_hdr(nd, family, wirelen);
            }
            ascii::default_print(nd, rest);
        }
    }
    Ok(4)
}
