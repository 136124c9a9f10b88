//! Ethernet II and 802.1Q/802.1ad VLAN tags, as tcpdump's print-ether.c.
use super::{Nd, Res, arp, ascii, ip, ip6};

/// IPv4.
pub(crate) const ETHERTYPE_IP: u16 = 0x0800;
/// ARP.
pub(crate) const ETHERTYPE_ARP: u16 = 0x0806;
/// Reverse ARP.
pub(crate) const ETHERTYPE_REVARP: u16 = 0x8035;
/// IPv6.
pub(crate) const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_8021Q: u16 = 0x8100;
const ETHERTYPE_8021Q9100: u16 = 0x9100;
const ETHERTYPE_8021Q9200: u16 = 0x9200;
const ETHERTYPE_8021QINQ: u16 = 0x88a8;

/// tcpdump's `ethertype_values`.
pub(crate) const ETHERTYPES: &[(u32, &str)] = &[
    (0x0800, "IPv4"),
    (0xfefe, "OSI"),
    (0x0806, "ARP"),
    (0x86dd, "IPv6"),
    (0x8035, "Reverse ARP"),
    (0x8100, "802.1Q"),
    (0x88a8, "802.1Q-QinQ"),
    (0x9100, "802.1Q-9100"),
    (0x9200, "802.1Q-9200"),
    (0x0200, "PUP"),
    (0x0500, "Sprite"),
    (0x6000, "DEC"),
    (0x6001, "MOP DL"),
    (0x6002, "MOP RC"),
    (0x6003, "DN"),
    (0x6004, "LAT"),
    (0x6007, "SCA"),
    (0x6558, "TEB"),
    (0x809b, "Appletalk"),
    (0x80f3, "Appletalk ARP"),
    (0x8137, "IPX"),
    (0x8808, "MAC control"),
    (0x8809, "Slow Protocols"),
    (0x880b, "PPP"),
    (0x8847, "MPLS unicast"),
    (0x8848, "MPLS multicast"),
    (0x8863, "PPPoE D"),
    (0x8864, "PPPoE S"),
    (0x886f, "MS NLB heartbeat"),
    (0x888e, "EAPOL"),
    (0x88cc, "LLDP"),
    (0x88e5, "802.1AE MACsec"),
    (0x88f7, "PTP"),
    (0x8902, "CFM"),
    (0x8906, "FCoE"),
    (0x8914, "FIP"),
    (0x9000, "Loopback"),
    (0x893a, "IEEE1905.1"),
    (0x88a2, "AoE"),
    (0x88ca, "TIPC"),
    (0x8892, "PROFINET"),
    (0x22f0, "AVTP"),
    (0x22f3, "TRILL"),
    (0x8946, "ARISTA"),
];

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
    let name = super::tok(ETHERTYPES, et as u32);
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

/// Prints an Ethernet frame; returns the length of the link-layer header (for `-x`).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> usize {
    let caplen = p.len();
    let orig_length = wirelen as usize;
    if orig_length < caplen {
        nd.f(format_args!("[length {orig_length} < caplen {caplen}]"));
        nd.invalid();
        return orig_length;
    }
    if caplen < 14 {
        nd.proto = "ether";
        nd.trunc();
        return caplen;
    }
    if nd.opts.link_header {
        nd.mac(&p[6..12]);
        nd.s(" > ");
        nd.mac(&p[0..6]);
        nd.s(", ");
    }
    let mut length = orig_length - 12;
    let mut hdrlen = 12;
    if caplen < 14 {
        nd.proto = "ether";
        nd.trunc();
        return caplen;
    }
    let mut et = u16::from_be_bytes([p[12], p[13]]);
    length -= 2;
    hdrlen += 2;
    let mut printed_length = false;
    while matches!(
        et,
        ETHERTYPE_8021Q | ETHERTYPE_8021Q9100 | ETHERTYPE_8021Q9200 | ETHERTYPE_8021QINQ
    ) {
        if caplen < hdrlen + 4 || length < 4 {
            nd.proto = "vlan";
            nd.trunc();
            return hdrlen + (caplen - hdrlen).min(length);
        }
        if nd.opts.link_header {
            let tag = u16::from_be_bytes([p[hdrlen], p[hdrlen + 1]]);
            type_print(nd, et);
            if !printed_length {
                nd.f(format_args!(", length {orig_length}: "));
                printed_length = true;
            } else {
                nd.s(", ");
            }
            tci(nd, tag);
            nd.s(", ");
        }
        et = u16::from_be_bytes([p[hdrlen + 2], p[hdrlen + 3]]);
        hdrlen += 4;
        length -= 4;
    }
    let payload = &p[hdrlen..];
    if et <= 1500 {
        // An 802.3 length field: LLC follows, which this printer does not decode.
        let len = (et as usize).min(length);
        if nd.opts.link_header {
            nd.f(format_args!("802.3, length {len}: "));
        }
        let cap = &payload[..payload.len().min(len)];
        return hdrlen + super::llc::print(nd, cap, len);
    }
    if nd.opts.link_header {
        type_print(nd, et);
        if !printed_length {
            nd.f(format_args!(", length {orig_length}: "));
        } else {
            nd.s(", ");
        }
    }
    if !ethertype_print(nd, et, payload, length) {
        if !nd.opts.link_header {
            nd.mac(&p[6..12]);
            nd.s(" > ");
            nd.mac(&p[0..6]);
            nd.s(", ");
            type_print(nd, et);
            nd.f(format_args!(", length {orig_length}: "));
        }
        ascii::default_print(nd, payload);
    }
    hdrlen
}

/// The 802.1Q tag control information: `vlan N, p P[, DEI]`.
fn tci(nd: &mut Nd<'_>, tag: u16) {
    nd.f(format_args!("vlan {}, p {}", tag & 0xfff, tag >> 13));
    if tag & 0x1000 != 0 {
        nd.s(", DEI");
    }
}

/// tcpdump's `ethertype_print`: prints the payload of a known type; false if unknown.
/// A truncation inside prints the ` [|proto]` mark here.
pub(crate) fn ethertype_print(nd: &mut Nd<'_>, et: u16, p: &[u8], length: usize) -> bool {
    let r: Res = match et {
        ETHERTYPE_IP => ip::print(nd, p, length),
        ETHERTYPE_IPV6 => ip6::print(nd, p, length),
        ETHERTYPE_ARP | ETHERTYPE_REVARP => arp::print(nd, p, length),
        0xfefe if length == 0 || p.is_empty() => {
            nd.proto = "isoclns";
            nd.trunc();
            Ok(())
        }
        0xfefe => super::isoclns::print(nd, &p[1..], length - 1),
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
