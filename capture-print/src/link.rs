//! The link-layer printers other than Ethernet (Linux cooked v1 and v2, BSD loopback, raw IP),
//! and the dispatch by link type.
use super::ether::{self, ETHERTYPES};
use super::{Nd, Res, ascii, be16, be32, ip, ip6, le32, linktype as lt, sl, tok, u8at};

/// What link-layer printers remember from packet to packet.
#[derive(Default)]
pub(crate) struct State {
    /// Compressed SLIP's connection and lengths.
    pub slip: super::sl::State,
}

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

/// The printer of a link type (tcpdump's `lookup_printer`), run: `None` if there is none.
/// Returns the link header's length; a read past the captured bytes is an error.
pub(crate) fn dispatch(
    nd: &mut Nd<'_>,
    linktype: i32,
    p: &[u8],
    wirelen: u32,
) -> Option<Res<usize>> {
    let length = wirelen as usize;
    Some(match lt::canonical(linktype) {
        lt::EN10MB => Ok(ether::print(nd, p, wirelen)),
        lt::DSA_TAG_BRCM => Ok(super::brcmtag::print(nd, p, wirelen)),
        lt::DSA_TAG_BRCM_PREPEND => Ok(super::brcmtag::print_prepend(nd, p, wirelen)),
        lt::DSA_TAG_DSA => Ok(super::dsa::print_dsa(nd, p, wirelen)),
        lt::DSA_TAG_EDSA => Ok(super::dsa::print_edsa(nd, p, wirelen)),
        lt::PPP | lt::PPP_PPPD => super::ppp::if_print(nd, p, length),
        lt::PPP_HDLC => super::ppp::hdlc_if_print(nd, p, length),
        lt::PPP_ETHER => super::pppoe::if_print(nd, p, length),
        // tcpdump decodes BSD/OS PPP only when built on BSD/OS: elsewhere it prints nothing.
        lt::PPP_BSDOS => Ok(0),
        lt::C_HDLC | lt::NETBSD_HDLC => super::chdlc::if_print(nd, p, length),
        lt::FRELAY => super::fr::if_print(nd, p, length),
        lt::MFR => super::fr::mfr_if_print(nd, p, length),
        lt::LINUX_SLL => sll(nd, p, wirelen),
        lt::LINUX_SLL2 => sll2(nd, p, wirelen),
        lt::NULL | lt::LOOP => null(nd, p, wirelen),
        lt::RAW | lt::IPV4 | lt::IPV6 => {
            nd.proto = "raw";
            if nd.opts.link_header {
                nd.s("ip: ");
            }
            ip_n(nd, p, length).map(|()| 0)
        }
        lt::IEEE802_11 => super::ieee802_11::if_print(nd, p, length),
        lt::IEEE802_11_RADIOTAP => super::ieee802_11::radio_if_print(nd, p, length),
        lt::IEEE802_11_AVS => super::ieee802_11::avs_if_print(nd, p, length),
        lt::IEEE802_11_PRISM => super::ieee802_11::prism_if_print(nd, p, length),
        lt::JUNIPER_ATM1
        | lt::JUNIPER_ATM2
        | lt::JUNIPER_CHDLC
        | lt::JUNIPER_ES
        | lt::JUNIPER_ETHER
        | lt::JUNIPER_FRELAY
        | lt::JUNIPER_GGSN
        | lt::JUNIPER_MFR
        | lt::JUNIPER_MLFR
        | lt::JUNIPER_MLPPP
        | lt::JUNIPER_MONITOR
        | lt::JUNIPER_PPP
        | lt::JUNIPER_PPPOE
        | lt::JUNIPER_PPPOE_ATM
        | lt::JUNIPER_SERVICES => super::juniper::if_print(nd, lt::canonical(linktype), p, length),
        lt::ATM_RFC1483 => super::atm::if_print(nd, p, length),
        lt::SUNATM => super::sunatm::if_print(nd, p, length),
        lt::ATM_CLIP => super::cip::if_print(nd, p, length),
        lt::SLIP => super::sl::if_print(nd, p, length),
        lt::SLIP_BSDOS => super::sl::bsdos_if_print(nd, p, length),
        lt::IPOIB => super::ipoib::if_print(nd, p, length),
        lt::IPNET => super::ipnet::if_print(nd, p, length),
        lt::NFLOG => super::nflog::if_print(nd, p, length),
        lt::VSOCK => super::vsock::if_print(nd, p, length),
        lt::IEEE802_15_4_WITHFCS | lt::IEEE802_15_4_NOFCS => super::ieee802_15_4::if_print(nd, p),
        lt::ARCNET_BSD => super::arcnet::if_print(nd, p, length),
        lt::ARCNET_LINUX => super::arcnet::linux_if_print(nd, p, length),
        lt::LTALK => {
            nd.proto = "ltalk";
            // Cut short by the snapshot: the header counts as the whole capture.
            super::atalk::llap_print(nd, p, length).map(|h| if h == 0 { p.len() } else { h })
        }
        lt::IEEE802_5 => Ok(super::token::print(nd, p, length)),
        lt::FDDI => Ok(super::fddi::print(nd, p, length)),
        lt::IEEE802_15_4_TAP => super::ieee802_15_4::tap_if_print(nd, p),
        lt::PFLOG => super::pflog::if_print(nd, p, length),
        lt::ENC => super::enc::if_print(nd, p, length),
        lt::SYMANTEC_FIREWALL => super::symantec::if_print(nd, p, length),
        lt::APPLE_IP_OVER_IEEE1394 => super::ap1394::if_print(nd, p, length),
        lt::USB_LINUX => super::usb::linux_48_byte_if_print(nd, p),
        lt::USB_LINUX_MMAPPED => super::usb::linux_64_byte_if_print(nd, p),
        lt::BLUETOOTH_HCI_H4_WITH_PHDR => super::bt::if_print(nd, p, length),
        lt::PPI => super::ppi::if_print(nd, p, wirelen),
        lt::PKTAP => super::ppi::pktap_if_print(nd, p, wirelen),
        lt::NETANALYZER => netanalyzer(nd, p, wirelen, 4, "netanalyzer"),
        lt::NETANALYZER_TRANSPARENT => netanalyzer(nd, p, wirelen, 12, "netanalyzer_transparent"),
        _ => return None,
    })
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

#[cfg(test)]
pub(crate) mod tests {
    use crate::{Options, Printer};

    /// Prints `hex` (link type `lt`, as long on the wire as captured) with tcpdump-style
    /// `flags` (`-n -t` implied) and compares with `expected`, tcpdump 4.99.3's line.
    pub(crate) fn check(lt: i32, flags: &str, hex: &str, expected: &str) {
        let data: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let mut o = opts(flags);
        o.timestamp = 1;
        let mut p = Printer::new(o, lt);
        let mut out = Vec::new();
        p.print(&mut out, 1, 0, data.len() as u32, data.len() as u32, &data)
            .unwrap();
        let got = String::from_utf8_lossy(&out);
        assert_eq!(got.strip_suffix('\n').unwrap_or(&got), expected);
    }

    fn opts(flags: &str) -> Options {
        let mut o = Options {
            numeric: 1,
            ..Default::default()
        };
        for f in flags.split_whitespace() {
            let f = f.trim_start_matches('-');
            let n = f.len() as u8;
            match f.chars().next() {
                Some('v') => o.verbose = n,
                Some('e') => o.link_header = true,
                Some('q') => o.quiet = true,
                Some('x') => o.hex = n,
                Some('H') => o.mesh_header = true,
                _ => panic!("flag {f}"),
            }
        }
        o
    }

    /// Every link type with a printer of its own.
    const LINK_TYPES: &[i32] = &[
        0, 6, 7, 8, 10, 11, 19, 99, 100, 102, 105, 106, 108, 109, 113, 117, 119, 123, 127, 129,
        130, 131, 132, 133, 134, 135, 136, 137, 138, 163, 164, 167, 168, 178, 179, 180, 181, 189,
        192, 195, 201, 220, 226, 230, 239, 240, 241, 242, 258, 271, 276, 283,
    ];

    proptest::proptest! {
        #[test]
        fn link_types_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                  lt in proptest::sample::select(LINK_TYPES),
                                  v in 0u8..4, e: bool, h: bool, x in 0u8..3, extra in 0u32..64) {
            let opts = Options { verbose: v, link_header: e, mesh_header: h, hex: x, numeric: 1, ..Default::default() };
            let mut p = Printer::new(opts, lt);
            let mut out = Vec::new();
            let _ = p.print(&mut out, 0, 0, data.len() as u32, data.len() as u32 + extra, &data);
        }
    }
}
