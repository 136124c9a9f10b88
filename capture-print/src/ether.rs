//! Ethernet, as tcpdump's print-ether.c: the header (with `-e`), switch tags between the
//! addresses and the type (Broadcom, Marvell DSA/EDSA), MACsec, 802.1Q/802.1ad VLAN tags, the
//! Arista timestamp header, 802.3 frames handed to LLC, and the dispatch by ethertype.
use super::{Nd, Res, arp, ascii, ip, ip6, llc, tok};

// tcpdump's ethertype.h: the type values the printers dispatch on.
/// IPv4.
pub(crate) const ETHERTYPE_IP: u16 = 0x0800;
/// ARP.
pub(crate) const ETHERTYPE_ARP: u16 = 0x0806;
/// Reverse ARP.
pub(crate) const ETHERTYPE_REVARP: u16 = 0x8035;
/// DECnet Phase IV.
pub(crate) const ETHERTYPE_DN: u16 = 0x6003;
/// AppleTalk DDP.
pub(crate) const ETHERTYPE_ATALK: u16 = 0x809b;
/// AppleTalk ARP.
pub(crate) const ETHERTYPE_AARP: u16 = 0x80f3;
/// TIPC.
pub(crate) const ETHERTYPE_TIPC: u16 = 0x88ca;
/// 802.1Q VLAN tag.
pub(crate) const ETHERTYPE_8021Q: u16 = 0x8100;
/// 802.1Q tag with the 0x9100 type.
pub(crate) const ETHERTYPE_8021Q9100: u16 = 0x9100;
/// 802.1Q tag with the 0x9200 type.
pub(crate) const ETHERTYPE_8021Q9200: u16 = 0x9200;
/// 802.1ad (QinQ) service tag.
pub(crate) const ETHERTYPE_8021QINQ: u16 = 0x88a8;
/// 802.1AE MACsec.
pub(crate) const ETHERTYPE_MACSEC: u16 = 0x88e5;
/// Novell IPX.
pub(crate) const ETHERTYPE_IPX: u16 = 0x8137;
/// IPv6.
pub(crate) const ETHERTYPE_IPV6: u16 = 0x86dd;
/// PPP.
pub(crate) const ETHERTYPE_PPP: u16 = 0x880b;
/// EPON multi-point control protocol.
pub(crate) const ETHERTYPE_MPCP: u16 = 0x8808;
/// Slow protocols (LACP, marker, OAM).
pub(crate) const ETHERTYPE_SLOW: u16 = 0x8809;
/// MPLS unicast.
pub(crate) const ETHERTYPE_MPLS: u16 = 0x8847;
/// MPLS multicast.
pub(crate) const ETHERTYPE_MPLS_MULTI: u16 = 0x8848;
/// PPPoE discovery.
pub(crate) const ETHERTYPE_PPPOED: u16 = 0x8863;
/// PPPoE session.
pub(crate) const ETHERTYPE_PPPOES: u16 = 0x8864;
/// PPPoE discovery (3Com's non-standard type).
pub(crate) const ETHERTYPE_PPPOED2: u16 = 0x3c12;
/// PPPoE session (3Com's non-standard type).
pub(crate) const ETHERTYPE_PPPOES2: u16 = 0x3c13;
/// Network Service Header.
pub(crate) const ETHERTYPE_NSH: u16 = 0x894f;
/// Microsoft Network Load Balancing heartbeat.
pub(crate) const ETHERTYPE_MS_NLB_HB: u16 = 0x886f;
/// Alteon jumbo frames (an LLC header follows).
pub(crate) const ETHERTYPE_JUMBO: u16 = 0x8870;
/// LLDP.
pub(crate) const ETHERTYPE_LLDP: u16 = 0x88cc;
/// EAPOL (802.1X).
pub(crate) const ETHERTYPE_EAPOL: u16 = 0x888e;
/// Realtek layer-2 protocols.
pub(crate) const ETHERTYPE_REALTEK: u16 = 0x8899;
/// ATA over Ethernet.
pub(crate) const ETHERTYPE_AOE: u16 = 0x88a2;
/// Precision Time Protocol.
pub(crate) const ETHERTYPE_PTP: u16 = 0x88f7;
/// Ethernet configuration testing protocol (loopback).
pub(crate) const ETHERTYPE_LOOPBACK: u16 = 0x9000;
/// 802.1ag CFM, the deprecated type.
pub(crate) const ETHERTYPE_CFM_OLD: u16 = 0xabcd;
/// 802.1ag CFM.
pub(crate) const ETHERTYPE_CFM: u16 = 0x8902;
/// OSI (Cisco HDLC's non-standard type).
pub(crate) const ETHERTYPE_ISO: u16 = 0xfefe;
/// ISO CALM FAST.
pub(crate) const ETHERTYPE_CALM_FAST: u16 = 0x1111;
/// ETSI GeoNetworking, before 2013.
pub(crate) const ETHERTYPE_GEONET_OLD: u16 = 0x0707;
/// ETSI GeoNetworking.
pub(crate) const ETHERTYPE_GEONET: u16 = 0x8947;
/// Arista vendor-specific (timestamp header).
pub(crate) const ETHERTYPE_ARISTA: u16 = 0xd28b;

/// The largest value of the type field that is an 802.3 length.
const MAX_ETHERNET_LENGTH_VAL: u16 = 1500;

/// tcpdump's `ethertype_values`.
pub(crate) const ETHERTYPES: &[(u32, &str)] = &[
    (0x0800, "IPv4"),
    (0x8847, "MPLS unicast"),
    (0x8848, "MPLS multicast"),
    (0x86dd, "IPv6"),
    (0x8100, "802.1Q"),
    (0x9100, "802.1Q-9100"),
    (0x88a8, "802.1Q-QinQ"),
    (0x9200, "802.1Q-9200"),
    (0x88e5, "802.1AE MACsec"),
    (0x9100, "VMAN"),
    (0x0200, "PUP"),
    (0x0806, "ARP"),
    (0x8035, "Reverse ARP"),
    (0x0600, "NS"),
    (0x0500, "Sprite"),
    (0x1000, "Trail"),
    (0x6001, "MOP DL"),
    (0x6002, "MOP RC"),
    (0x6003, "DN"),
    (0x6004, "LAT"),
    (0x6007, "SCA"),
    (0x6558, "TEB"),
    (0x8038, "Lanbridge"),
    (0x803c, "DEC DNS"),
    (0x803e, "DEC DTS"),
    (0x805b, "VEXP"),
    (0x805c, "VPROD"),
    (0x809b, "Appletalk"),
    (0x80f3, "Appletalk ARP"),
    (0x8137, "IPX"),
    (0x880b, "PPP"),
    (0x8808, "MPCP"),
    (0x8809, "Slow Protocols"),
    (0x8863, "PPPoE D"),
    (0x8864, "PPPoE S"),
    (0x888e, "EAPOL"),
    (0x8899, "Realtek protocols"),
    (0x886f, "MS NLB heartbeat"),
    (0x8870, "Jumbo"),
    (0x894f, "NSH"),
    (0x9000, "Loopback"),
    (0xfefe, "OSI"),
    (0x00fe, "GRE-OSI"),
    (0xabcd, "CFM (old)"),
    (0x8902, "CFM"),
    (0x893a, "IEEE1905.1"),
    (0x88cc, "LLDP"),
    (0x88ca, "TIPC"),
    (0x0707, "GeoNet (old)"),
    (0x8947, "GeoNet"),
    (0x1111, "CALM FAST"),
    (0x88a2, "AoE"),
    (0x88f7, "PTP"),
    (0xd28b, "Arista Vendor Specific Protocol"),
];

/// The link-layer source and destination of a frame, for printers that print them when the
/// link header was not (tcpdump's `struct lladdr_info` pair).
#[derive(Clone, Copy)]
pub(crate) struct LlAddrs<'a> {
    /// The source address.
    pub src: &'a [u8],
    /// The destination address.
    pub dst: &'a [u8],
    /// How an address of this link layer prints.
    pub print: fn(&mut Nd<'_>, &[u8]),
}

impl LlAddrs<'_> {
    /// `src > dst`, with nothing after.
    pub(crate) fn print_pair(&self, nd: &mut Nd<'_>) {
        (self.print)(nd, self.src);
        nd.s(" > ");
        (self.print)(nd, self.dst);
    }
}

/// A switch tag between the source address and the type field.
#[derive(Clone, Copy)]
pub(crate) struct SwitchTag {
    /// Its length in bytes.
    pub len: usize,
    /// Prints it (the bytes given start at the tag).
    pub print: fn(&mut Nd<'_>, &[u8]) -> Res,
}

/// Appends a MAC address in tcpdump's `xx:xx:xx:xx:xx:xx` form.
pub(crate) fn write_mac(o: &mut Vec<u8>, a: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            o.push(b':');
        }
        o.push(HEX[(b >> 4) as usize]);
        o.push(HEX[(b & 15) as usize]);
    }
}

/// tcpdump's `ether_type_print`.
pub(crate) fn type_print(nd: &mut Nd<'_>, et: u16) {
    let name = tok(ETHERTYPES, et as u32);
    if !nd.opts.quiet {
        nd.f(format_args!(
            "ethertype {} (0x{et:04x})",
            name.unwrap_or("Unknown")
        ));
    } else {
        match name {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("Unknown Ethertype (0x{et:04x})")),
        }
    }
}

/// `src > dst, `, as `ether_addresses_print`.
fn addresses(nd: &mut Nd<'_>, frame: &[u8]) {
    nd.mac(&frame[6..12]);
    nd.s(" > ");
    nd.mac(&frame[0..6]);
    nd.s(", ");
}

/// tcpdump's `ether_print`: prints an Ethernet frame (at link level or inside another
/// protocol) whose length on the wire is `length`; returns the length of its link-layer header.
/// A truncation inside prints the ` [|proto]` mark.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: u32) -> usize {
    nd.proto = "ether";
    switch_tag_print(nd, p, length, None)
}

/// tcpdump's `ether_switch_tag_print`: as [`print`] with a switch tag after the addresses.
/// The caller sets `nd.proto` (the mark of a frame too short for the header).
pub(crate) fn switch_tag_print(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: u32,
    tag: Option<SwitchTag>,
) -> usize {
    match common(nd, p, length as usize, tag) {
        Ok(hdrlen) => hdrlen,
        Err(_) => {
            nd.trunc_top();
            0
        }
    }
}

/// The frame after the addresses: switch tag, MACsec, VLAN tags, and the payload by its type.
fn common(nd: &mut Nd<'_>, frame: &[u8], length: usize, tag: Option<SwitchTag>) -> Res<usize> {
    let mut caplen = frame.len();
    if length < caplen {
        nd.f(format_args!("[length {length} < caplen {caplen}]"));
        nd.invalid();
        return Ok(length);
    }
    let tag_len = tag.map_or(0, |t| t.len);
    if caplen < 14 + tag_len {
        nd.trunc();
        return Ok(caplen);
    }
    let orig_length = length;
    let addrs = LlAddrs {
        src: &frame[6..12],
        dst: &frame[0..6],
        print: |nd, a| nd.mac(a),
    };
    if nd.opts.link_header {
        addresses(nd, frame);
    }
    if let Some(t) = tag {
        (t.print)(nd, &frame[12..])?;
    }
    let mut hdrlen = 12 + tag_len;
    let mut length = length - hdrlen;
    caplen -= hdrlen;
    // What a GET may read: the captured bytes, less a MACsec ICV once one is found.
    let mut p = &frame[hdrlen..];
    loop {
        let mut length_type = super::be16(p, 0)?;
        length = length.saturating_sub(2);
        caplen = caplen.saturating_sub(2);
        hdrlen += 2;
        p = &p[2..];
        let mut printed_length = false;
        if length_type == ETHERTYPE_MACSEC {
            if nd.opts.link_header {
                type_print(nd, length_type);
                nd.f(format_args!(", length {orig_length}: "));
                printed_length = true;
            }
            let mut m = super::macsec::Frame {
                p,
                length,
                caplen,
                hdrlen,
            };
            match super::macsec::print(nd, &mut m, &addrs)? {
                super::macsec::Payload::Encrypted => {
                    ascii::default_print(nd, &m.p[..m.caplen.min(m.p.len())]);
                    return Ok(m.hdrlen);
                }
                super::macsec::Payload::Stop(hdrlen) => return Ok(hdrlen),
                super::macsec::Payload::Clear => {}
            }
            (p, length, caplen, hdrlen) = (m.p, m.length, m.caplen, m.hdrlen);
            length_type = super::be16(p, 0)?;
            // The SecTAG's short length may leave fewer captured bytes than the read found.
            if caplen < 2 {
                nd.f(format_args!(" [caplen {caplen} < 2]"));
                return Ok(hdrlen);
            }
            length -= 2;
            caplen -= 2;
            hdrlen += 2;
            p = &p[2..];
        }
        while matches!(
            length_type,
            ETHERTYPE_8021Q | ETHERTYPE_8021Q9100 | ETHERTYPE_8021Q9200 | ETHERTYPE_8021QINQ
        ) {
            if caplen < 4 || length < 4 {
                nd.proto = "vlan";
                nd.trunc();
                return Ok(hdrlen + caplen.min(length));
            }
            if nd.opts.link_header {
                let tci = super::be16(p, 0)?;
                type_print(nd, length_type);
                if !printed_length {
                    nd.f(format_args!(", length {orig_length}: "));
                    printed_length = true;
                } else {
                    nd.s(", ");
                }
                tci_print(nd, tci);
                nd.s(", ");
            }
            length_type = super::be16(p, 2)?;
            p = &p[4..];
            length -= 4;
            caplen -= 4;
            hdrlen += 4;
        }
        if length_type <= MAX_ETHERNET_LENGTH_VAL {
            // A length: the payload ends there, and an 802.2 LLC header starts it.
            let len = length.min(length_type as usize);
            caplen = caplen.min(len);
            let p = &p[..p.len().min(len)];
            if nd.opts.link_header {
                nd.s("802.3");
                if !printed_length {
                    nd.f(format_args!(", length {len}: "));
                }
            }
            hdrlen += llc_or_dump(nd, p, len, caplen, &addrs)?;
        } else if length_type == ETHERTYPE_JUMBO {
            hdrlen += llc_or_dump(nd, p, length, caplen, &addrs)?;
        } else if length_type == ETHERTYPE_ARISTA {
            if caplen < 2 || length < 2 {
                nd.s("[|arista]");
                return Ok(hdrlen + caplen.min(length));
            }
            type_print(nd, length_type);
            nd.f(format_args!(", length {orig_length}: "));
            match super::arista::print(nd, p, length)? {
                Some(used) => {
                    p = super::tail(p, used);
                    length = length.saturating_sub(used);
                    caplen = caplen.saturating_sub(used);
                    hdrlen += used;
                    continue;
                }
                None => {
                    if !nd.opts.link_header {
                        addresses(nd, frame);
                        type_print(nd, length_type);
                        nd.f(format_args!(", length {orig_length}: "));
                    }
                    ascii::default_print(nd, &p[..caplen.min(p.len())]);
                }
            }
        } else {
            if nd.opts.link_header {
                type_print(nd, length_type);
                if !printed_length {
                    nd.f(format_args!(", length {orig_length}: "));
                } else {
                    nd.s(", ");
                }
            }
            if !ethertype_print(nd, length_type, p, length, Some(&addrs)) {
                if !nd.opts.link_header {
                    addresses(nd, frame);
                    type_print(nd, length_type);
                    nd.f(format_args!(", length {orig_length}: "));
                }
                ascii::default_print(nd, &p[..caplen.min(p.len())]);
            }
        }
        return Ok(hdrlen);
    }
}

/// LLC and what it carries; the raw bytes when it does not know the payload. Returns the
/// length of the LLC (and SNAP) header.
fn llc_or_dump(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: usize,
    caplen: usize,
    addrs: &LlAddrs<'_>,
) -> Res<usize> {
    let (hdrlen, printed) = llc::print(nd, p, length, Some(addrs))?;
    if !printed {
        ascii::default_print(nd, &p[..caplen.min(p.len())]);
    }
    Ok(hdrlen)
}

/// tcpdump's `ieee8021q_tci_string`: `vlan N, p P[, DEI]`.
pub(crate) fn tci_print(nd: &mut Nd<'_>, tci: u16) {
    nd.f(format_args!("vlan {}, p {}", tci & 0xfff, tci >> 13));
    if tci & 0x1000 != 0 {
        nd.s(", DEI");
    }
}

/// tcpdump's `ethertype_print`: prints the payload of a known ethertype and returns true, or
/// false when the type is unknown (the caller dumps it). `addrs` are the link-layer addresses,
/// for the printers that print them. A truncation inside prints the ` [|proto]` mark here.
pub(crate) fn ethertype_print(
    nd: &mut Nd<'_>,
    et: u16,
    p: &[u8],
    length: usize,
    addrs: Option<&LlAddrs<'_>>,
) -> bool {
    let r: Res = match et {
        ETHERTYPE_IP => ip::print(nd, p, length),
        ETHERTYPE_IPV6 => ip6::print(nd, p, length),
        ETHERTYPE_ARP | ETHERTYPE_REVARP => arp::print(nd, p, length),
        ETHERTYPE_DN => super::decnet::print(nd, p, length),
        ETHERTYPE_ATALK => {
            if nd.opts.verbose > 0 {
                nd.s("et1 ");
            }
            super::atalk::atalk_print(nd, p, length)
        }
        ETHERTYPE_AARP => super::atalk::aarp_print(nd, p, length),
        ETHERTYPE_IPX => {
            nd.s("(NOV-ETHII) ");
            super::ipx::print(nd, p, length)
        }
        ETHERTYPE_EAPOL => super::eap::eapol_print(nd, p),
        ETHERTYPE_REALTEK => super::realtek::print(nd, p, addrs),
        ETHERTYPE_MPCP => super::mpcp::print(nd, p, length),
        ETHERTYPE_SLOW => super::slow::print(nd, p, length),
        ETHERTYPE_CFM | ETHERTYPE_CFM_OLD => super::cfm::print(nd, p, length),
        ETHERTYPE_LLDP => super::lldp::print(nd, p, length),
        ETHERTYPE_LOOPBACK => super::loopback::print(nd, p, length),
        ETHERTYPE_TIPC => super::tipc::print(nd, p),
        ETHERTYPE_MS_NLB_HB => super::msnlb::print(nd, p),
        ETHERTYPE_AOE => super::aoe::print(nd, p, length),
        ETHERTYPE_PTP => super::ptp::print(nd, p, length),
        ETHERTYPE_PPPOED | ETHERTYPE_PPPOES | ETHERTYPE_PPPOED2 | ETHERTYPE_PPPOES2 => {
            super::pppoe::print(nd, p, length).map(drop)
        }
        ETHERTYPE_PPP => {
            if length > 0 {
                nd.s(": ");
                super::ppp::print(nd, p, length).map(drop)
            } else {
                Ok(())
            }
        }
        ETHERTYPE_MPLS | ETHERTYPE_MPLS_MULTI => super::mpls::print(nd, p, length),
        ETHERTYPE_NSH => super::nsh::print(nd, p, length),
        ETHERTYPE_GEONET | ETHERTYPE_GEONET_OLD => super::geonet::print(nd, p, length, addrs),
        ETHERTYPE_CALM_FAST => super::calm_fast::print(nd, p, length, addrs),
        ETHERTYPE_ISO if length == 0 || p.is_empty() => {
            nd.proto = "isoclns";
            nd.trunc();
            Ok(())
        }
        // The byte after the type is skipped, as tcpdump skips it.
        ETHERTYPE_ISO => super::isoclns::print(nd, &p[1..], length - 1),
        _ => return false,
    };
    if r.is_err() {
        nd.trunc_top();
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::{Options, tests::print_one};

    #[test]
    fn unknown_ethertype_prints_addresses_and_hex() {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[0, 1, 2, 3, 4, 5, 0x12, 0x34, 0xaa]);
        let s = print_one(
            Options {
                timestamp: 1,
                numeric: 1,
                ..Default::default()
            },
            1,
            &f,
        );
        assert_eq!(
            s,
            "00:01:02:03:04:05 > ff:ff:ff:ff:ff:ff, ethertype Unknown (0x1234), length 15: \n\t0x0000:  aa                                       .\n"
        );
    }

    #[test]
    fn vlan_with_e() {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[0, 1, 2, 3, 4, 5, 0x81, 0x00, 0x20, 0x05, 0x12, 0x34]);
        let s = print_one(
            Options {
                timestamp: 1,
                numeric: 1,
                link_header: true,
                hex: 1,
                ..Default::default()
            },
            1,
            &f,
        );
        assert_eq!(
            s,
            "00:01:02:03:04:05 > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 18: vlan 5, p 1, \
             ethertype Unknown (0x1234), \n"
        );
    }
}
