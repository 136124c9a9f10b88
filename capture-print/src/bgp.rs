//! BGP, as tcpdump's print-bgp.c: OPEN and its capabilities, UPDATE with every path attribute
//! tcpdump decodes (MP-BGP address families: labelled unicast, L3VPN, multicast VPN, MDT,
//! route-target constraint, L2VPN/VPLS, CLNP; communities, extended and large communities,
//! AIGP, PMSI tunnels, attribute sets), add-path, NOTIFICATION (with the RFC 9003 shutdown
//! communication) and ROUTE-REFRESH. `-b` prints 4-byte AS numbers in ASDOT notation.
use std::io::Write as _;

use super::af::AF_VALUES;
use super::util::{R, Stop, Tok, bittok2str, tcheck, tok2str};
use super::{Nd, Res, Trunc, be16, be24, be32, be64, has, sl, tail, u8at};

/// Runs a step that has its own truncation label: the mark is printed and the caller goes on.
fn local(nd: &mut Nd<'_>, r: R) -> Res {
    match r {
        Ok(()) => Ok(()),
        Err(Stop::Local) => {
            nd.trunc();
            Ok(())
        }
        Err(Stop::Jmp) => Err(Trunc),
    }
}

/// BGP layer-2 encapsulation types (tcpdump's l2vpn.c `l2vpn_encaps_values`).
pub(crate) const L2VPN_ENCAPS: &Tok = &[
    (0, "Reserved"),
    (1, "Frame Relay"),
    (2, "ATM AAL5 SDU VCC transport"),
    (3, "ATM transparent cell transport"),
    (4, "Ethernet (VLAN) Tagged Mode"),
    (5, "Ethernet Raw Mode"),
    (6, "Cisco HDLC"),
    (7, "PPP"),
    (8, "SONET/SDH Circuit Emulation Service over MPLS"),
    (9, "ATM n-to-one VCC cell transport"),
    (10, "ATM n-to-one VPC cell transport"),
    (11, "IP layer 2 transport"),
    (15, "Frame Relay Port mode"),
    (17, "Structure-agnostic E1 over packet"),
    (18, "Structure-agnostic T1 (DS1) over packet"),
    (19, "VPLS"),
    (20, "Structure-agnostic T3 (DS3) over packet"),
    (21, "Nx64kbit/s Basic Service using Structure-aware"),
    (25, "Frame Relay DLCI"),
    (40, "Structure-agnostic E3 over packet"),
    (
        41,
        "Octet-aligned playload for Structure-agnostic DS1 circuits",
    ),
    (42, "E1 Nx64kbit/s with CAS using Structure-aware"),
    (43, "DS1 (ESF) Nx64kbit/s with CAS using Structure-aware"),
    (44, "DS1 (SF) Nx64kbit/s with CAS using Structure-aware"),
];

const MSG_VALUES: &Tok = &[
    (1, "Open"),
    (2, "Update"),
    (3, "Notification"),
    (4, "Keepalive"),
    (5, "Route Refresh"),
];

const ATTR_VALUES: &Tok = &[
    (1, "Origin"),
    (2, "AS Path"),
    (17, "AS4 Path"),
    (3, "Next Hop"),
    (4, "Multi Exit Discriminator"),
    (5, "Local Preference"),
    (6, "Atomic Aggregate"),
    (7, "Aggregator"),
    (18, "Aggregator4"),
    (8, "Community"),
    (9, "Originator ID"),
    (10, "Cluster List"),
    (11, "DPA"),
    (12, "Advertisers"),
    (13, "RCID Path / Cluster ID"),
    (14, "Multi-Protocol Reach NLRI"),
    (15, "Multi-Protocol Unreach NLRI"),
    (16, "Extended Community"),
    (22, "PMSI Tunnel"),
    (23, "Tunnel Encapsulation"),
    (24, "Traffic Engineering"),
    (25, "IPv6 Extended Community"),
    (26, "Accumulated IGP Metric"),
    (27, "PE Distinguisher Label"),
    (28, "Entropy Label"),
    (32, "Large Community"),
    (128, "Attribute Set"),
    (255, "Reserved for development"),
];

const SEG_OPEN: &Tok = &[(2, ""), (1, "{ "), (3, "( "), (4, "({ ")];
const SEG_CLOSE: &Tok = &[(2, ""), (1, "}"), (3, ")"), (4, "})")];

const OPT_VALUES: &Tok = &[
    (1, "Authentication Information"),
    (2, "Capabilities Advertisement"),
];

const CAPCODE_VALUES: &Tok = &[
    (1, "Multiprotocol Extensions"),
    (2, "Route Refresh"),
    (3, "Cooperative Route Filtering"),
    (4, "Multiple Routes to a Destination"),
    (5, "Extended Next Hop Encoding"),
    (8, "Multiple Labels"),
    (64, "Graceful Restart"),
    (65, "32-Bit AS Number"),
    (67, "Dynamic Capability"),
    (68, "Multisession BGP"),
    (69, "Multiple Paths"),
    (70, "Enhanced Route Refresh"),
    (71, "Long-lived Graceful Restart"),
    (128, "Route Refresh (Cisco)"),
];

const NOTIFY_MAJOR: &Tok = &[
    (1, "Message Header Error"),
    (2, "OPEN Message Error"),
    (3, "UPDATE Message Error"),
    (4, "Hold Timer Expired"),
    (5, "Finite State Machine Error"),
    (6, "Cease"),
    (7, "Capability Message Error"),
];

const NOTIFY_MINOR_CEASE: &Tok = &[
    (1, "Maximum Number of Prefixes Reached"),
    (2, "Administrative Shutdown"),
    (3, "Peer Unconfigured"),
    (4, "Administrative Reset"),
    (5, "Connection Rejected"),
    (6, "Other Configuration Change"),
    (7, "Connection Collision Resolution"),
];

const NOTIFY_MINOR_MSG: &Tok = &[
    (1, "Connection Not Synchronized"),
    (2, "Bad Message Length"),
    (3, "Bad Message Type"),
];

const NOTIFY_MINOR_OPEN: &Tok = &[
    (1, "Unsupported Version Number"),
    (2, "Bad Peer AS"),
    (3, "Bad BGP Identifier"),
    (4, "Unsupported Optional Parameter"),
    (5, "Authentication Failure"),
    (6, "Unacceptable Hold Time"),
    (7, "Capability Message Error"),
];

const NOTIFY_MINOR_UPDATE: &Tok = &[
    (1, "Malformed Attribute List"),
    (2, "Unrecognized Well-known Attribute"),
    (3, "Missing Well-known Attribute"),
    (4, "Attribute Flags Error"),
    (5, "Attribute Length Error"),
    (6, "Invalid ORIGIN Attribute"),
    (7, "AS Routing Loop"),
    (8, "Invalid NEXT_HOP Attribute"),
    (9, "Optional Attribute Error"),
    (10, "Invalid Network Field"),
    (11, "Malformed AS_PATH"),
];

const NOTIFY_MINOR_FSM: &Tok = &[
    (0, "Unspecified Error"),
    (1, "In OpenSent State"),
    (2, "In OpenConfirm State"),
    (3, "In Established State"),
];

const NOTIFY_MINOR_CAP: &Tok = &[
    (1, "Invalid Action Value"),
    (2, "Invalid Capability Length"),
    (3, "Malformed Capability Value"),
    (4, "Unsupported Capability Code"),
];

const ORIGIN_VALUES: &Tok = &[(0, "IGP"), (1, "EGP"), (2, "Incomplete")];

const PMSI_TUNNEL_VALUES: &Tok = &[
    (1, "RSVP-TE P2MP LSP"),
    (2, "LDP P2MP LSP"),
    (3, "PIM-SSM Tree"),
    (4, "PIM-SM Tree"),
    (5, "PIM-Bidir Tree"),
    (6, "Ingress Replication"),
    (7, "LDP MP2MP LSP"),
];

const PMSI_FLAG_VALUES: &Tok = &[(1, "Leaf Information required")];

const AIGP_VALUES: &Tok = &[(1, "AIGP")];

/// Subsequent address family identifiers.
pub(crate) const SAFI_VALUES: &Tok = &[
    (0, "Reserved"),
    (1, "Unicast"),
    (2, "Multicast"),
    (3, "Unicast+Multicast"),
    (4, "labeled Unicast"),
    (64, "Tunnel"),
    (65, "VPLS"),
    (66, "MDT"),
    (70, "EVPN"),
    (128, "labeled VPN Unicast"),
    (129, "labeled VPN Multicast"),
    (130, "labeled VPN Unicast+Multicast"),
    (132, "Route Target Routing Information"),
    (5, "Multicast VPN"),
];

const EXTD_COMM_FLAG_VALUES: &Tok = &[(0x8000, "vendor-specific"), (0x4000, "non-transitive")];

const EXTD_COMM_SUBTYPE_VALUES: &Tok = &[
    (0x0002, "target"),
    (0x0102, "target"),
    (0x0202, "target"),
    (0x0003, "origin"),
    (0x0103, "origin"),
    (0x0203, "origin"),
    (0x4004, "link-BW"),
    (0x0005, "ospf-domain"),
    (0x0105, "ospf-domain"),
    (0x0205, "ospf-domain"),
    (0x8005, "ospf-domain"),
    (0x0306, "ospf-route-type"),
    (0x8000, "ospf-route-type"),
    (0x030c, "encapsulation"),
    (0x0107, "ospf-router-id"),
    (0x8001, "ospf-router-id"),
    (0x800a, "layer2-info"),
    (0x8800, "eigrp-general-route (flag, tag)"),
    (0x8801, "eigrp-route-metric (AS, delay)"),
    (
        0x8802,
        "eigrp-route-metric (reliability, nexthop, bandwidth)",
    ),
    (0x8803, "eigrp-route-metric (load, MTU)"),
    (0x8804, "eigrp-external-route (remote-AS, remote-ID)"),
    (0x8805, "eigrp-external-route (remote-proto, remote-metric)"),
    (0x0009, "source-AS"),
    (0x010b, "vrf-route-import"),
    (0x000a, "l2vpn-id"),
    (0xf10a, "l2vpn-id"),
];

const ENCAP_TUNNEL_VALUES: &Tok = &[
    (1, "L2TPv3 over IP"),
    (2, "GRE"),
    (3, "Transmit Tunnel"),
    (4, "IPsec"),
    (5, "IP in IP with IPsec"),
    (6, "MPLS in IP with IPsec"),
    (7, "IP in IP"),
    (8, "VXLAN"),
    (9, "NVGRE"),
    (10, "MPLS"),
    (11, "MPLS in GRE"),
    (12, "VXLAN GPE"),
    (13, "MPLS in UDP"),
    (14, "IPv6"),
    (15, "SR TE"),
    (16, "Bare"),
    (17, "SR"),
];

const OSPF_RTYPE_VALUES: &Tok = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Summary"),
    (5, "External"),
    (7, "NSSA External"),
    (129, "MPLS-VPN Sham"),
];

const ADD_PATH_RECVSEND: &Tok = &[(1, "Receive"), (2, "Send"), (3, "Both")];

const MVPN_ROUTE_TYPE_VALUES: &Tok = &[
    (1, "Intra-AS I-PMSI"),
    (2, "Inter-AS I-PMSI"),
    (3, "S-PMSI"),
    (4, "Intra-AS Segment-Leaf"),
    (5, "Source-Active"),
    (6, "Shared Tree Join"),
    (7, "Source Tree Join"),
];

const AFI_INET: u16 = 1;
const AFI_INET6: u16 = 2;
const AFI_NSAP: u16 = 3;
const AFI_VPLS: u16 = 25;
const AFI_L2VPN: u16 = 196;

/// The size of tcpdump's prefix text buffer (`MAXHOSTNAMELEN + 100`): what does not fit in it
/// is cut off.
const BUF_SIZE: usize = 164;

/// An AS number, in ASDOT notation with `-b` (tcpdump's `as_printf`).
fn write_as(o: &mut Vec<u8>, asdot: bool, v: u32) {
    if !asdot || v <= 0xffff {
        let _ = write!(o, "{v}");
    } else {
        let _ = write!(o, "{}.{}", v >> 16, v & 0xffff);
    }
}

impl Nd<'_> {
    fn asn(&mut self, v: u32) {
        write_as(self.o, self.opts.bgp_asdot, v);
    }
}

/// Clears the bits of a prefix past its length.
fn mask_prefix(addr: &mut [u8], plen: usize) {
    if !plen.is_multiple_of(8) {
        addr[plen.div_ceil(8) - 1] &= (0xff00u32 >> (plen % 8)) as u8;
    }
}

/// Prints the prefix text collected in `buf` after `lead`, cut to tcpdump's buffer size.
fn flush(nd: &mut Nd<'_>, lead: &str, buf: &[u8]) {
    nd.s(lead);
    nd.o.extend_from_slice(&buf[..buf.len().min(BUF_SIZE - 1)]);
}

/// What a prefix decoder found.
enum Pfx {
    /// The prefix took this many bytes; its text is in the buffer.
    Len(usize),
    /// The prefix length is out of range.
    Illegal,
    /// The item is too short for the prefix (tcpdump's `ITEMCHECK`).
    Short,
    /// The captured data ends within the fixed part (tcpdump's `ND_TCHECK`).
    Trunc,
}

/// What one NLRI entry did to the walk over an MP_REACH/MP_UNREACH attribute.
enum Nlri {
    /// Go on this many bytes further.
    Adv(usize),
    /// Stop: the attribute is truncated.
    Trunc,
    /// Stop quietly.
    Stop,
}

/// An IPv4 prefix (length byte, then as many bytes as it needs) within `itemlen` bytes.
fn prefix4(nd: &Nd<'_>, p: &[u8], itemlen: usize, buf: &mut Vec<u8>) -> Res<Pfx> {
    if itemlen < 1 {
        return Ok(Pfx::Short);
    }
    let plen = u8at(p, 0)? as usize;
    if plen > 32 {
        return Ok(Pfx::Illegal);
    }
    let n = plen.div_ceil(8);
    if itemlen - 1 < n {
        return Ok(Pfx::Short);
    }
    let mut a = [0u8; 4];
    a[..n].copy_from_slice(sl(p, 1, n)?);
    mask_prefix(&mut a, plen);
    nd.names.host4(buf, &a);
    let _ = write!(buf, "/{plen}");
    Ok(Pfx::Len(1 + n))
}

/// An IPv6 prefix within `itemlen` bytes.
fn prefix6(nd: &Nd<'_>, p: &[u8], itemlen: usize, buf: &mut Vec<u8>) -> Res<Pfx> {
    if itemlen < 1 {
        return Ok(Pfx::Short);
    }
    let plen = u8at(p, 0)? as usize;
    if plen > 128 {
        return Ok(Pfx::Illegal);
    }
    let n = plen.div_ceil(8);
    if itemlen - 1 < n {
        return Ok(Pfx::Short);
    }
    let mut a = [0u8; 16];
    a[..n].copy_from_slice(sl(p, 1, n)?);
    mask_prefix(&mut a, plen);
    nd.names.host6(buf, &a);
    let _ = write!(buf, "/{plen}");
    Ok(Pfx::Len(1 + n))
}

/// The text after a labelled prefix: the label and its bottom-of-stack bit.
fn write_label(buf: &mut Vec<u8>, p: &[u8]) -> Res {
    let label = be24(p, 1)? >> 4;
    let bos = u8at(p, 3)? & 1 != 0;
    let _ = write!(
        buf,
        ", label:{label} {}",
        if bos {
            "(bottom)"
        } else {
            "(BOGUS: Bottom of Stack NOT set!)"
        }
    );
    Ok(())
}

/// An RFC 3107 labelled prefix (one label): IPv4 (`v6` false) or IPv6.
fn labeled_prefix(nd: &Nd<'_>, p: &[u8], itemlen: usize, buf: &mut Vec<u8>, v6: bool) -> Res<Pfx> {
    if !has(p, 0, 4) {
        return Ok(Pfx::Trunc);
    }
    if itemlen < 4 {
        return Ok(Pfx::Short);
    }
    let plen = p[0] as usize;
    let max = if v6 { 128 } else { 32 };
    if plen < 24 || plen - 24 > max {
        return Ok(Pfx::Illegal);
    }
    let plen = plen - 24;
    let n = plen.div_ceil(8);
    // tcpdump checks the item's length for IPv4 only.
    if !v6 && itemlen - 4 < n {
        return Ok(Pfx::Short);
    }
    let mut a = [0u8; 16];
    a[..n].copy_from_slice(sl(p, 4, n)?);
    mask_prefix(&mut a, plen);
    let mut text = Vec::new();
    if v6 {
        nd.names.host6(&mut text, &a);
    } else {
        nd.names.host4(&mut text, &a[..4]);
    }
    let _ = write!(text, "/{plen}");
    write_label(&mut text, p)?;
    buf.extend_from_slice(&text);
    Ok(Pfx::Len(4 + n))
}

/// An RFC 4364 route distinguisher (tcpdump's `bgp_vpn_rd_print`).
pub(crate) fn write_rd(o: &mut Vec<u8>, asdot: bool, p: &[u8]) -> Res {
    match be16(p, 0)? {
        0 => {
            let (a, n) = (be16(p, 2)?, be32(p, 4)?);
            let b = sl(p, 4, 4)?;
            let _ = write!(o, "{a}:{n} (= {}.{}.{}.{})", b[0], b[1], b[2], b[3]);
        }
        1 => {
            let b = sl(p, 2, 4)?;
            let n = be16(p, 6)?;
            let _ = write!(o, "{}.{}.{}.{}:{n}", b[0], b[1], b[2], b[3]);
        }
        2 => {
            let a = be32(p, 2)?;
            let n = be16(p, 6)?;
            let b = sl(p, 2, 4)?;
            write_as(o, asdot, a);
            let _ = write!(o, ":{n} ({}.{}.{}.{}:{n})", b[0], b[1], b[2], b[3]);
        }
        _ => o.extend_from_slice(b"unknown RD format"),
    }
    Ok(())
}

/// An RFC 4364 labelled VPN prefix: IPv4 (`v6` false) or IPv6.
fn labeled_vpn_prefix(nd: &Nd<'_>, p: &[u8], buf: &mut Vec<u8>, v6: bool) -> Res<Pfx> {
    let plen = u8at(p, 0)? as usize;
    let max = if v6 { 128 } else { 32 };
    if plen < 88 || plen - 88 > max {
        return Ok(Pfx::Illegal);
    }
    let plen = plen - 88;
    let n = plen.div_ceil(8);
    let mut a = [0u8; 16];
    a[..n].copy_from_slice(sl(p, 12, n)?);
    mask_prefix(&mut a, plen);
    buf.extend_from_slice(b"RD: ");
    write_rd(buf, nd.opts.bgp_asdot, tail(p, 4))?;
    buf.extend_from_slice(b", ");
    if v6 {
        nd.names.host6(buf, &a);
    } else {
        nd.names.host4(buf, &a[..4]);
    }
    let _ = write!(buf, "/{plen}");
    write_label(buf, p)?;
    Ok(Pfx::Len(12 + n))
}

/// An NSAP prefix (the prefix bytes are read 4 bytes in, as tcpdump does).
fn clnp_prefix(p: &[u8], buf: &mut Vec<u8>) -> Res<Pfx> {
    let plen = u8at(p, 0)? as usize;
    if plen > 152 {
        return Ok(Pfx::Illegal);
    }
    let n = plen.div_ceil(8);
    let mut a = [0u8; 19];
    a[..n].copy_from_slice(sl(p, 4, n)?);
    mask_prefix(&mut a, plen);
    super::isoclns::write_nsap(buf, &a[..n]);
    let _ = write!(buf, "/{plen}");
    Ok(Pfx::Len(1 + n))
}

/// A labelled VPN NSAP prefix (label, route distinguisher, prefix).
fn labeled_vpn_clnp_prefix(nd: &Nd<'_>, p: &[u8], buf: &mut Vec<u8>) -> Res<Pfx> {
    let plen = u8at(p, 0)? as usize;
    if plen < 88 || plen - 88 > 152 {
        return Ok(Pfx::Illegal);
    }
    let plen = plen - 88;
    let n = plen.div_ceil(8);
    let mut a = [0u8; 19];
    a[..n].copy_from_slice(sl(p, 12, n)?);
    mask_prefix(&mut a, plen);
    buf.extend_from_slice(b"RD: ");
    write_rd(buf, nd.opts.bgp_asdot, tail(p, 4))?;
    buf.extend_from_slice(b", ");
    super::isoclns::write_nsap(buf, &a[..n]);
    let _ = write!(buf, "/{plen}");
    write_label(buf, p)?;
    Ok(Pfx::Len(12 + n))
}

/// An IPv4 or IPv6 address by its length in bits (tcpdump's `bgp_vpn_ip_print`).
fn write_vpn_ip(nd: &Nd<'_>, buf: &mut Vec<u8>, p: &[u8], bits: u32) -> Res {
    match bits {
        32 => nd.names.host4(buf, sl(p, 0, 4)?),
        128 => nd.names.host6(buf, sl(p, 0, 16)?),
        _ => {
            let _ = write!(buf, "bogus address length {bits}");
        }
    }
    Ok(())
}

/// A multicast (S,G) entry; returns the bytes it took as far as they were captured.
fn vpn_sg(nd: &Nd<'_>, p: &[u8], buf: &mut Vec<u8>) -> Res<u32> {
    let mut total = 0;
    let bits = u8at(p, 0)?;
    let mut i = 1;
    let n = (bits >> 3) as usize;
    if !has(p, i, n) {
        return Ok(total);
    }
    total += n as u32 + 1;
    if bits != 0 {
        let mut t = Vec::new();
        write_vpn_ip(nd, &mut t, tail(p, i), bits.into())?;
        buf.extend_from_slice(b", Source ");
        buf.extend_from_slice(&t);
        i += n;
    }
    let bits = u8at(p, i)?;
    i += 1;
    let n = (bits >> 3) as usize;
    if !has(p, i, n) {
        return Ok(total);
    }
    total += n as u32 + 1;
    if bits != 0 {
        let mut t = Vec::new();
        write_vpn_ip(nd, &mut t, tail(p, i), bits.into())?;
        buf.extend_from_slice(b", Group ");
        buf.extend_from_slice(&t);
    }
    Ok(total)
}

/// An RFC 6514 multicast VPN route; None when its fixed part was not captured.
fn multicast_vpn(nd: &Nd<'_>, p: &[u8], buf: &mut Vec<u8>) -> Res<Option<usize>> {
    let route_type = u8at(p, 0)?;
    let route_length = u8at(p, 1)?;
    let _ = write!(
        buf,
        "Route-Type: {} ({route_type}), length: {route_length}",
        tok2str(MVPN_ROUTE_TYPE_VALUES, "Unknown", route_type.into())
    );
    let q = tail(p, 2);
    let asdot = nd.opts.bgp_asdot;
    match route_type {
        1 => {
            if !has(q, 0, 8) {
                return Ok(None);
            }
            let mut t = b", RD: ".to_vec();
            write_rd(&mut t, asdot, q)?;
            t.extend_from_slice(b", Originator ");
            let bits = ((i32::from(route_length) - 8) << 3) as u32;
            write_vpn_ip(nd, &mut t, tail(q, 8), bits)?;
            buf.extend_from_slice(&t);
        }
        2 | 6 | 7 => {
            if !has(q, 0, 12) {
                return Ok(None);
            }
            let mut t = b", RD: ".to_vec();
            write_rd(&mut t, asdot, q)?;
            t.extend_from_slice(b", Source-AS ");
            write_as(&mut t, asdot, be32(q, 8)?);
            buf.extend_from_slice(&t);
            if route_type != 2 {
                vpn_sg(nd, tail(q, 12), buf)?;
            }
        }
        3 | 5 => {
            if !has(q, 0, 8) {
                return Ok(None);
            }
            let mut t = b", RD: ".to_vec();
            write_rd(&mut t, asdot, q)?;
            buf.extend_from_slice(&t);
            let q = tail(q, 8);
            let sg_length = vpn_sg(nd, q, buf)?;
            if route_type == 3 {
                // The originator is read right after the RD, as tcpdump does.
                let addr_length = u32::from(route_length).wrapping_sub(sg_length);
                if !has(q, 0, addr_length as usize) {
                    return Ok(None);
                }
                let mut t = b", Originator ".to_vec();
                write_vpn_ip(nd, &mut t, q, addr_length.wrapping_shl(3))?;
                buf.extend_from_slice(&t);
            }
        }
        _ => {}
    }
    Ok(Some(route_length as usize + 2))
}

/// An RFC 6037 MDT NLRI: None when the RD was not captured, Illegal for another length.
fn mdt_vpn(nd: &Nd<'_>, p: &[u8], buf: &mut Vec<u8>) -> Res<Pfx> {
    if u8at(p, 0)? != 128 {
        return Ok(Pfx::Illegal);
    }
    if !has(p, 1, 8) {
        return Ok(Pfx::Trunc);
    }
    let mut t = b"RD: ".to_vec();
    write_rd(&mut t, nd.opts.bgp_asdot, tail(p, 1))?;
    t.extend_from_slice(b", VPN IP Address: ");
    nd.names.host4(&mut t, sl(p, 9, 4)?);
    t.extend_from_slice(b", MC Group Address: ");
    nd.names.host4(&mut t, sl(p, 13, 4)?);
    buf.extend_from_slice(&t);
    Ok(Pfx::Len(17))
}

/// An L2VPN/VPLS NLRI (RFC 4761 and the older format); None when truncated. The text
/// collected past tcpdump's buffer is not written, and then the TLV bytes are not stepped over
/// (tcpdump advances only while it writes).
fn labeled_vpn_l2(nd: &Nd<'_>, p: &[u8], buf: &mut Vec<u8>) -> Res<Option<usize>> {
    let plen = be16(p, 0)? as usize;
    let asdot = nd.opts.bgp_asdot;
    let open = |b: &Vec<u8>| b.len() < BUF_SIZE;
    if plen == 12 {
        if !has(p, 2, 12) {
            return Ok(None);
        }
        let mut t = b"RD: ".to_vec();
        write_rd(&mut t, asdot, tail(p, 2))?;
        t.extend_from_slice(b", BGPNH: ");
        nd.names.host4(&mut t, sl(p, 10, 4)?);
        buf.extend_from_slice(&t);
        return Ok(Some(plen + 2));
    }
    if plen <= 17 {
        return Ok(None);
    }
    if !has(p, 2, 15) {
        return Ok(None);
    }
    let mut t = b"RD: ".to_vec();
    write_rd(&mut t, asdot, tail(p, 2))?;
    let _ = write!(
        t,
        ", CE-ID: {}, Label-Block Offset: {}, Label Base {}",
        be16(p, 10)?,
        be16(p, 12)?,
        be24(p, 14)? >> 4
    );
    buf.extend_from_slice(&t);
    let mut q = 17;
    let mut tlen = plen - 15;
    while tlen != 0 {
        if tlen < 3 {
            if open(buf) {
                buf.extend_from_slice(b"\n\t\tran past the end");
            }
            return Ok(Some(plen + 2));
        }
        let tlv_type = u8at(p, q)?;
        let tlv_len = be16(p, q + 1)?;
        q += 3;
        let mut ttlv_len = (tlv_len as usize).div_ceil(8);
        if tlv_type == 1 {
            if open(buf) {
                let _ = write!(
                    buf,
                    "\n\t\tcircuit status vector ({tlv_type}) length: {tlv_len}: 0x"
                );
            }
            while ttlv_len != 0 {
                if tlen < 1 {
                    if open(buf) {
                        buf.extend_from_slice(b" (ran past the end)");
                    }
                    return Ok(Some(plen + 2));
                }
                if !has(p, q, 1) {
                    return Ok(None);
                }
                if open(buf) {
                    let _ = write!(buf, "{:02x}", p[q]);
                    q += 1;
                }
                ttlv_len -= 1;
                tlen -= 1;
            }
        } else {
            if open(buf) {
                let _ = write!(buf, "\n\t\tunknown TLV #{tlv_type}, length: {tlv_len}");
            }
            if tlen < ttlv_len {
                if open(buf) {
                    buf.extend_from_slice(b" (ran past the end)");
                }
                return Ok(Some(plen + 2));
            }
            tlen -= ttlv_len;
        }
    }
    Ok(Some(plen + 2))
}

/// An RFC 4684 route-target membership prefix, from its zero-padded 8-byte copy.
fn write_rt_prefix(o: &mut Vec<u8>, asdot: bool, rt: &[u8; 8], plen: usize) {
    if plen == 0 {
        o.extend_from_slice(b"route-target: 0:0/0");
        return;
    }
    let octets = plen.div_ceil(8);
    let mut hex = String::new();
    for (i, b) in rt[..octets].iter().enumerate() {
        let _ = std::fmt::Write::write_fmt(&mut hex, format_args!("{b:02x}"));
        if i % 2 == 1 && i < octets - 1 {
            hex.push(' ');
        }
    }
    if plen < 16 {
        let _ = write!(o, "route-target: partial-type: ({hex}/{plen})");
        return;
    }
    let ec_type = u16::from_be_bytes([rt[0], rt[1]]);
    let w16 = |i: usize| u16::from_be_bytes([rt[i], rt[i + 1]]);
    match ec_type {
        0x0002 => {
            let n = u32::from_be_bytes([rt[4], rt[5], rt[6], rt[7]]);
            let _ = write!(o, "route-target: {}:{n}/{plen} ({hex})", w16(2));
        }
        0x0102 => {
            let _ = write!(
                o,
                "route-target: {}.{}.{}.{}:{}/{plen} ({hex})",
                rt[2],
                rt[3],
                rt[4],
                rt[5],
                w16(6)
            );
        }
        0x0202 => {
            o.extend_from_slice(b"route-target: ");
            write_as(o, asdot, u32::from_be_bytes([rt[2], rt[3], rt[4], rt[5]]));
            let _ = write!(o, ":{}/{plen} ({hex})", w16(6));
        }
        _ => {
            let _ = write!(
                o,
                "route target: unknown-type({ec_type:04x}) ({hex}/{plen})"
            );
        }
    }
}

/// An RFC 4684 route-target constraint NLRI, printed as it is read.
fn rt_routing_info(nd: &mut Nd<'_>, p: &[u8]) -> Res<Nlri> {
    let plen = u8at(p, 0)? as usize;
    if plen == 0 {
        nd.s("\n\t      default route target");
        return Ok(Nlri::Adv(1));
    }
    if plen < 32 {
        nd.s("\n\t      (illegal prefix length)");
        return Ok(Nlri::Stop);
    }
    let origin = be32(p, 1)?;
    let plen = plen - 32;
    if plen > 64 {
        nd.s("\n\t      (illegal prefix length)");
        return Ok(Nlri::Stop);
    }
    let n = plen.div_ceil(8);
    let mut rt = [0u8; 8];
    rt[..n].copy_from_slice(sl(p, 5, n)?);
    mask_prefix(&mut rt, plen);
    nd.s("\n\t      origin AS: ");
    nd.asn(origin);
    nd.s(", ");
    write_rt_prefix(nd.o, nd.opts.bgp_asdot, &rt, plen);
    Ok(Nlri::Adv(5 + n))
}

/// How many bytes the AS numbers of an AS_PATH take: 2 if the path parses that way.
fn as_size(atype: u8, p: &[u8], len: usize) -> Res<usize> {
    if atype == 17 {
        return Ok(4);
    }
    let mut t = 0;
    while t < len {
        let seg = u8at(p, t)?;
        if !(1..=4).contains(&seg) {
            return Ok(4);
        }
        t += 2 + u8at(p, t + 1)? as usize * 2;
    }
    Ok(if t == len { 2 } else { 4 })
}

/// Whether NLRI look like add-path ones (RFC 7911): they parse with path identifiers and
/// do not parse without (tcpdump's `check_add_path`, which cannot know the OPEN).
fn check_add_path(p: &[u8], length: usize, max_plen: usize) -> bool {
    if length < 5 {
        return false;
    }
    let mut off = 0usize;
    while off < length {
        off += 4;
        let Some(&pl) = p.get(off) else { break };
        let pl = pl as usize;
        if pl > max_plen {
            return false;
        }
        off += 1 + pl.div_ceil(8);
    }
    if off > length {
        return false;
    }
    off = 0;
    while off < length {
        let Some(&pl) = p.get(off) else { break };
        let pl = pl as usize;
        if pl < 1 || pl > max_plen {
            return true;
        }
        off += 1 + pl.div_ceil(8);
    }
    off > length
}

/// The address families tcpdump decodes NLRI of.
fn nlri_known(af: u16, safi: u8) -> bool {
    match af {
        AFI_INET => matches!(safi, 1..=5 | 66 | 128..=130 | 132),
        AFI_INET6 => matches!(safi, 1..=4 | 128..=130),
        AFI_NSAP => matches!(safi, 1..=3 | 128..=130),
        AFI_L2VPN => matches!(safi, 128..=130),
        AFI_VPLS => safi == 65,
        _ => false,
    }
}

/// The AFI/SAFI line of an MP_REACH/MP_UNREACH attribute; None (after a dump) for a family
/// tcpdump has no decoder for.
fn mp_af(nd: &mut Nd<'_>, p: &[u8], tlen: usize) -> R<Option<(u16, u8)>> {
    let af = be16(p, 0)?;
    let safi = u8at(p, 2)?;
    nd.f(format_args!(
        "\n\t    AFI: {} ({af}), {}SAFI: {} ({safi})",
        tok2str(AF_VALUES, "Unknown AFI", af.into()),
        if safi > 128 { "vendor specific " } else { "" },
        tok2str(SAFI_VALUES, "Unknown SAFI", safi.into())
    ));
    if nlri_known(af, safi) {
        return Ok(Some((af, safi)));
    }
    tcheck(p, 0, tlen)?;
    nd.f(format_args!("\n\t    no AFI {af} / SAFI {safi} decoder"));
    if nd.opts.verbose <= 1 {
        nd.print_unknown_data(p, "\n\t    ", tlen);
    }
    Ok(None)
}

/// Prints a decoded prefix or the complaint about its length.
fn pfx_line(nd: &mut Nd<'_>, r: &Pfx, buf: &[u8]) {
    match r {
        Pfx::Len(_) => flush(nd, "\n\t      ", buf),
        Pfx::Illegal => nd.s("\n\t    (illegal prefix length)"),
        _ => {}
    }
}

/// One NLRI entry of an address family (tcpdump's `bgp_nlri_print`); `len` is the whole
/// attribute's length, as tcpdump passes it.
fn nlri(
    nd: &mut Nd<'_>,
    af: u16,
    safi: u8,
    p: &[u8],
    len: usize,
    add_path4: bool,
    add_path6: bool,
) -> Res<Nlri> {
    let mut buf = Vec::new();
    let r = match (af, safi) {
        (AFI_INET | AFI_INET6, 1..=3) => {
            let v6 = af == AFI_INET6;
            let add_path = if v6 { add_path6 } else { add_path4 };
            let (path_id, q) = if add_path {
                (Some(be32(p, 0)?), tail(p, 4))
            } else {
                (None, p)
            };
            let r = if v6 {
                prefix6(nd, q, len, &mut buf)?
            } else {
                prefix4(nd, q, len, &mut buf)?
            };
            let adv = match r {
                Pfx::Len(n) => n,
                Pfx::Short | Pfx::Trunc => return Ok(Nlri::Trunc),
                Pfx::Illegal if path_id.is_none() => {
                    pfx_line(nd, &r, &buf);
                    return Ok(Nlri::Stop);
                }
                // tcpdump goes on with -1 + 4 bytes.
                Pfx::Illegal => 0,
            };
            pfx_line(nd, &r, &buf);
            return Ok(match path_id {
                Some(id) => {
                    nd.f(format_args!("   Path Id: {id}"));
                    Nlri::Adv(if adv == 0 { 3 } else { adv + 4 })
                }
                None => Nlri::Adv(adv),
            });
        }
        (AFI_INET | AFI_INET6, 4) => {
            let r = labeled_prefix(nd, p, len, &mut buf, af == AFI_INET6)?;
            match r {
                Pfx::Trunc => return Ok(Nlri::Trunc),
                Pfx::Short => return Ok(Nlri::Stop),
                _ => r,
            }
        }
        (AFI_INET | AFI_INET6, 128..=130) => labeled_vpn_prefix(nd, p, &mut buf, af == AFI_INET6)?,
        (AFI_INET, 132) => return rt_routing_info(nd, p),
        (AFI_INET | AFI_INET6, 5) => match multicast_vpn(nd, p, &mut buf)? {
            Some(n) => Pfx::Len(n),
            None => return Ok(Nlri::Trunc),
        },
        (AFI_INET, 66) => match mdt_vpn(nd, p, &mut buf)? {
            Pfx::Trunc => return Ok(Nlri::Trunc),
            r => r,
        },
        (AFI_VPLS, 65) | (AFI_L2VPN, 128..=130) => match labeled_vpn_l2(nd, p, &mut buf)? {
            Some(n) => Pfx::Len(n),
            None => return Ok(Nlri::Trunc),
        },
        (AFI_NSAP, 1..=3) => clnp_prefix(p, &mut buf)?,
        (AFI_NSAP, 128..=130) => labeled_vpn_clnp_prefix(nd, p, &mut buf)?,
        _ => {
            nd.f(format_args!(
                "\n\t    ERROR: no AFI {af} / SAFI {safi} decoder"
            ));
            return Ok(Nlri::Stop);
        }
    };
    pfx_line(nd, &r, &buf);
    Ok(match r {
        Pfx::Len(n) => Nlri::Adv(n),
        _ => Nlri::Stop,
    })
}

/// Prints an RFC 4360 extended community's value (8 bytes, captured).
fn extended_community(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let ec = be16(p, 0)?;
    let b = sl(p, 0, 8)?;
    match ec {
        0x0002 | 0x0003 | 0x000a => {
            nd.f(format_args!("{}:{} (= ", be16(b, 2)?, be32(b, 4)?));
            nd.host4(&b[4..8]);
            nd.s(")");
        }
        0x0102 | 0x0103 | 0xf10a | 0x010b => {
            nd.host4(&b[2..6]);
            nd.f(format_args!(":{}", be16(b, 6)?));
        }
        0x0202 | 0x0203 => {
            nd.asn(be32(b, 2)?);
            nd.f(format_args!(":{}", be16(b, 6)?));
        }
        0x4004 => {
            nd.s("bandwidth: ");
            nd.mbps(be32(b, 4)?);
        }
        0x0005 | 0x0105 | 0x0205 | 0x8005 | 0x0107 | 0x8001 => nd.host4(&b[2..6]),
        0x0306 | 0x8000 => {
            nd.s("area:");
            nd.host4(&b[2..6]);
            nd.f(format_args!(
                ", router-type:{}, metric-type:{}{}",
                tok2str(OSPF_RTYPE_VALUES, "unknown (0x%02x)", b[6].into()),
                if b[7] & 1 != 0 { "E2" } else { "" },
                if b[6] == 5 || b[6] == 7 { "E1" } else { "" }
            ));
        }
        0x800a => nd.f(format_args!(
            "{} Control Flags [0x{:02x}]:MTU {}",
            tok2str(L2VPN_ENCAPS, "unknown encaps", b[2].into()),
            b[3],
            be16(b, 4)?
        )),
        0x0009 => nd.f(format_args!("AS {}", be16(b, 2)?)),
        0x030c => nd.f(format_args!(
            "Tunnel type: {}",
            tok2str(ENCAP_TUNNEL_VALUES, "unknown encaps", be16(b, 6)?.into())
        )),
        _ => {
            for x in &b[2..8] {
                nd.f(format_args!("{x:02x}"));
            }
        }
    }
    Ok(())
}

/// The `Flags [OTPE+x]` of a path attribute.
fn attr_flags(nd: &mut Nd<'_>, aflags: u8) {
    nd.s(", Flags [");
    for (bit, c) in [(0x80, "O"), (0x40, "T"), (0x20, "P"), (0x10, "E")] {
        if aflags & bit != 0 {
            nd.s(c);
        }
    }
    if aflags & 0xf != 0 {
        nd.f(format_args!("+{:x}", aflags & 0xf));
    }
    nd.s("]");
}

/// A path attribute's value (tcpdump's `bgp_attr_print`); `level` counts nested attribute
/// sets. Err(Local) is tcpdump's `return 0`.
fn attr(nd: &mut Nd<'_>, atype: u8, p: &[u8], len: usize, level: u32) -> R {
    let len = attr_value(nd, atype, p, len, level)?;
    if nd.opts.verbose > 1 && len != 0 {
        tcheck(p, 0, len)?;
        nd.print_unknown_data(p, "\n\t    ", len);
    }
    Ok(())
}

/// The decoding part of [`attr`]; returns the length its `-vv` dump covers (tcpdump's `len`,
/// which two attributes consume).
fn attr_value(nd: &mut Nd<'_>, atype: u8, p: &[u8], len: usize, level: u32) -> R<usize> {
    match atype {
        1 => {
            if len != 1 {
                nd.s("invalid len");
            } else {
                nd.tok2str(ORIGIN_VALUES, "Unknown Origin Typecode", u8at(p, 0)?.into());
            }
        }
        2 | 17 => {
            if !len.is_multiple_of(2) {
                nd.s("invalid len");
            } else if len == 0 {
                nd.s("empty");
            } else {
                let size = as_size(atype, p, len)?;
                let mut t = 0;
                while t < len {
                    let seg = u8at(p, t)?;
                    nd.tok2str(SEG_OPEN, "?", seg.into());
                    let count = u8at(p, t + 1)? as usize * size;
                    for i in (0..count).step_by(size) {
                        tcheck(p, t + 2 + i, size)?;
                        let v = if size == 2 {
                            be16(p, t + 2 + i)?.into()
                        } else {
                            be32(p, t + 2 + i)?
                        };
                        nd.asn(v);
                        nd.s(" ");
                    }
                    nd.tok2str(SEG_CLOSE, "?", seg.into());
                    t += 2 + count;
                }
            }
        }
        3 | 9 => {
            if len != 4 {
                nd.s("invalid len");
            } else {
                nd.host4(sl(p, 0, 4)?);
            }
        }
        4 | 5 => {
            if len != 4 {
                nd.s("invalid len");
            } else {
                nd.u(be32(p, 0)?.into());
            }
        }
        6 => {
            if len != 0 {
                nd.s("invalid len");
            }
        }
        7 | 18 => {
            if (atype == 7 && len != 6 && len != 8) || (atype == 18 && len != 8) {
                nd.s("invalid len");
            } else {
                if atype == 7 {
                    tcheck(p, 0, len)?;
                }
                let (asn, a) = if len == 6 {
                    (be16(p, 0)?.into(), sl(p, 2, 4)?)
                } else {
                    (be32(p, 0)?, sl(p, 4, 4)?)
                };
                nd.s(" AS #");
                nd.asn(asn);
                nd.s(", origin ");
                nd.host4(a);
            }
        }
        8 => {
            if !len.is_multiple_of(4) {
                nd.s("invalid len");
            } else {
                let mut t = 0;
                while t < len {
                    tcheck(p, t, 4)?;
                    let comm = be32(p, t)?;
                    match comm {
                        0xffffff01 => nd.s(" NO_EXPORT"),
                        0xffffff02 => nd.s(" NO_ADVERTISE"),
                        0xffffff03 => nd.s(" NO_EXPORT_SUBCONFED"),
                        _ => nd.f(format_args!(
                            "{}:{}{}",
                            comm >> 16,
                            comm & 0xffff,
                            if len - t > 4 { ", " } else { "" }
                        )),
                    }
                    t += 4;
                }
            }
        }
        10 => {
            if !len.is_multiple_of(4) {
                nd.s("invalid len");
            } else {
                let mut t = 0;
                while t < len {
                    nd.host4(sl(p, t, 4)?);
                    if len - t > 4 {
                        nd.s(", ");
                    }
                    t += 4;
                }
            }
        }
        14 => mp_reach(nd, p, len)?,
        15 => {
            tcheck(p, 0, 3)?;
            if let Some((af, safi)) = mp_af(nd, p, len)? {
                if len == 3 {
                    nd.s("\n\t      End-of-Rib Marker (empty NLRI)");
                }
                nlri_walk(nd, af, safi, p, 3, len)?;
            }
        }
        16 => {
            if !len.is_multiple_of(8) {
                nd.s("invalid len");
            } else {
                let mut t = 0;
                while t < len {
                    tcheck(p, t, 2)?;
                    let ec = be16(p, t)?;
                    nd.f(format_args!(
                        "\n\t    {} (0x{ec:04x}), Flags [{}]",
                        tok2str(
                            EXTD_COMM_SUBTYPE_VALUES,
                            "unknown extd community typecode",
                            ec.into()
                        ),
                        bittok2str(EXTD_COMM_FLAG_VALUES, "none", ec.into())
                    ));
                    tcheck(p, t, 8)?;
                    nd.s(": ");
                    extended_community(nd, tail(p, t))?;
                    t += 8;
                }
            }
        }
        22 => pmsi_tunnel(nd, p, len)?,
        26 => {
            let mut t = 0;
            let mut tlen = len;
            while tlen >= 3 {
                let ty = u8at(p, t)?;
                let length = be16(p, t + 1)? as usize;
                t += 3;
                tlen -= 3;
                nd.f(format_args!(
                    "\n\t    {} TLV ({ty}), length {length}",
                    tok2str(AIGP_VALUES, "Unknown", ty.into())
                ));
                if length < 3 || tlen < length - 3 {
                    return Err(Stop::Local);
                }
                let length = length - 3;
                if ty == 1 {
                    if length < 8 {
                        return Err(Stop::Local);
                    }
                    nd.f(format_args!(", metric {}", be64(p, t)?));
                } else if nd.opts.verbose <= 1 {
                    nd.print_unknown_data(tail(p, t), "\n\t      ", length);
                }
                t += length;
                tlen -= length;
            }
        }
        128 => return attr_set(nd, p, len, level),
        32 => {
            if len == 0 || !len.is_multiple_of(12) {
                nd.s("invalid len");
            } else {
                nd.s("\n\t    ");
                let mut t = 0;
                while t < len {
                    let (a, b, c) = (be32(p, t)?, be32(p, t + 4)?, be32(p, t + 8)?);
                    nd.f(format_args!(
                        "{a}:{b}:{c}{}",
                        if len - t > 12 { ", " } else { "" }
                    ));
                    t += 12;
                }
                return Ok(0);
            }
        }
        _ => {
            tcheck(p, 0, len)?;
            nd.f(format_args!("\n\t    no Attribute {atype} decoder"));
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(p, "\n\t    ", len);
            }
        }
    }
    Ok(len)
}

/// The NLRI of an MP_REACH/MP_UNREACH attribute from offset `t` on.
fn nlri_walk(nd: &mut Nd<'_>, af: u16, safi: u8, p: &[u8], mut t: usize, len: usize) -> R {
    let rest = len.saturating_sub(t);
    let add_path4 = check_add_path(tail(p, t), rest, 32);
    let add_path6 = check_add_path(tail(p, t), rest, 128);
    while t < len {
        match nlri(nd, af, safi, tail(p, t), len, add_path4, add_path6)? {
            Nlri::Adv(n) => t += n,
            Nlri::Trunc => return Err(Stop::Local),
            Nlri::Stop => break,
        }
    }
    Ok(())
}

/// An MP_REACH_NLRI attribute: address family, next hops, SNPAs, NLRI.
fn mp_reach(nd: &mut Nd<'_>, p: &[u8], len: usize) -> R {
    tcheck(p, 0, 3)?;
    if len < 3 {
        return Err(Stop::Local);
    }
    let Some((af, safi)) = mp_af(nd, p, len)? else {
        return Ok(());
    };
    let mut t = 3;
    tcheck(p, t, 1)?;
    if len - t < 1 {
        return Err(Stop::Local);
    }
    let nhlen = p[t] as usize;
    t += 1;
    if nhlen != 0 {
        if len - t < nhlen {
            return Err(Stop::Local);
        }
        nd.s("\n\t    nexthop: ");
        let mut left = nhlen;
        let mut first = true;
        let asdot = nd.opts.bgp_asdot;
        while left != 0 {
            if !first {
                nd.s(", ");
            }
            first = false;
            // The size of one next hop of the family (with its RD for VPN families).
            let (need, rd, v6) = match (af, safi) {
                (AFI_INET, 1..=5 | 66 | 132) | (AFI_VPLS, 65) | (AFI_L2VPN, 128..=130) => {
                    (4, false, false)
                }
                (AFI_INET, 128..=130) => (12, true, false),
                (AFI_INET6, 1..=4) => (16, false, true),
                (AFI_INET6, 128..=130) => (24, true, true),
                (AFI_NSAP, 1..=3) => {
                    let a = sl(p, t, left)?;
                    super::isoclns::write_nsap(nd.o, a);
                    t += left;
                    left = 0;
                    continue;
                }
                (AFI_NSAP, 128..=130) => {
                    if left < 9 {
                        nd.s("invalid len");
                    } else {
                        tcheck(p, t, left)?;
                        let mut text = b"RD: ".to_vec();
                        write_rd(&mut text, asdot, tail(p, t))?;
                        text.extend_from_slice(b", ");
                        super::isoclns::write_nsap(&mut text, &p[t + 8..t + left]);
                        nd.o.extend_from_slice(&text);
                        // RFC 986 and RFC 1888 NSAPs carrying an IPv4 or IPv6 address.
                        if be32(p, t + 8)? == 0x4700_0601 {
                            nd.s(" = ");
                            nd.host4(sl(p, t + 12, 4)?);
                        } else if be24(p, t + 8)? == 0x35_0000 {
                            nd.s(" = ");
                            nd.host6(sl(p, t + 11, 16)?);
                        }
                    }
                    t += left;
                    left = 0;
                    continue;
                }
                _ => {
                    nd.f(format_args!(
                        "ERROR: no AFI {af}/SAFI {safi} nexthop decoder"
                    ));
                    return Ok(());
                }
            };
            if left < need {
                nd.s("invalid len");
                t += left;
                left = 0;
                continue;
            }
            let mut text = Vec::new();
            let a = if rd {
                text.extend_from_slice(b"RD: ");
                write_rd(&mut text, asdot, tail(p, t))?;
                text.extend_from_slice(b", ");
                t + 8
            } else {
                t
            };
            if v6 {
                nd.names.host6(&mut text, sl(p, a, 16)?);
            } else {
                nd.names.host4(&mut text, sl(p, a, 4)?);
            }
            nd.o.extend_from_slice(&text);
            t += need;
            left -= need;
        }
    }
    nd.f(format_args!(", nh-length: {nhlen}"));
    if len - t < 1 {
        return Err(Stop::Local);
    }
    let snpa = u8at(p, t)?;
    t += 1;
    if snpa != 0 {
        nd.f(format_args!("\n\t    {snpa} SNPA"));
        for _ in 0..snpa {
            if len - t < 1 {
                return Err(Stop::Local);
            }
            let l = u8at(p, t)? as usize;
            nd.f(format_args!("\n\t      {l} bytes"));
            t += 1;
            if len - t < l {
                return Err(Stop::Local);
            }
            tcheck(p, t, l)?;
            t += l;
        }
    } else {
        nd.s(", no SNPA");
    }
    nlri_walk(nd, af, safi, p, t, len)
}

/// A PMSI_TUNNEL attribute (RFC 6514).
fn pmsi_tunnel(nd: &mut Nd<'_>, p: &[u8], len: usize) -> R {
    tcheck(p, 0, 5)?;
    if len < 5 {
        return Err(Stop::Local);
    }
    let flags = p[0];
    let tunnel_type = p[1];
    nd.f(format_args!(
        "\n\t    Tunnel-type {} ({tunnel_type}), Flags [{}], MPLS Label {}",
        tok2str(PMSI_TUNNEL_VALUES, "Unknown", tunnel_type.into()),
        bittok2str(PMSI_FLAG_VALUES, "none", flags.into()),
        be24(p, 2)? >> 4
    ));
    let q = tail(p, 5);
    let mut text = Vec::new();
    match tunnel_type {
        1..=5 | 7 => {
            let (lead, second) = match tunnel_type {
                4 | 5 => ("\n\t      Sender ", ", P-Group "),
                3 => ("\n\t      Root-Node ", ", P-Group "),
                1 => ("\n\t      Extended-Tunnel-ID ", ", P2MP-ID "),
                _ => ("\n\t      Root-Node ", ", LSP-ID "),
            };
            text.extend_from_slice(lead.as_bytes());
            nd.names.host4(&mut text, sl(q, 0, 4)?);
            text.extend_from_slice(second.as_bytes());
            if matches!(tunnel_type, 3..=5) {
                nd.names.host4(&mut text, sl(q, 4, 4)?);
            } else {
                let _ = write!(text, "0x{:08x}", be32(q, 4)?);
            }
        }
        6 => {
            text.extend_from_slice(b"\n\t      Tunnel-Endpoint ");
            nd.names.host4(&mut text, sl(q, 0, 4)?);
        }
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(q, "\n\t      ", len - 5);
            }
        }
    }
    nd.o.extend_from_slice(&text);
    Ok(())
}

/// An ATTR_SET attribute (RFC 6368): the origin AS and nested path attributes.
fn attr_set(nd: &mut Nd<'_>, p: &[u8], len: usize, level: u32) -> R<usize> {
    tcheck(p, 0, 4)?;
    if len < 4 {
        return Err(Stop::Local);
    }
    nd.s("\n\t    Origin AS: ");
    nd.asn(be32(p, 0)?);
    let mut t = 4;
    let mut len = len - 4;
    while len != 0 {
        tcheck(p, t, 2)?;
        if len < 2 {
            nd.s(" [path attr too short]");
            break;
        }
        let aflags = p[t];
        let atype = p[t + 1];
        t += 2;
        len -= 2;
        let alenlen = if aflags & 0x10 != 0 { 2 } else { 1 };
        tcheck(p, t, alenlen)?;
        if len < alenlen {
            nd.s(" [path attr too short]");
            break;
        }
        let alen = if alenlen == 2 {
            be16(p, t)? as usize
        } else {
            p[t] as usize
        };
        t += alenlen;
        len -= alenlen;
        nd.f(format_args!(
            "\n\t      {} ({atype}), length: {alen}",
            tok2str(ATTR_VALUES, "Unknown Attribute", atype.into())
        ));
        if aflags != 0 {
            attr_flags(nd, aflags);
        }
        nd.s(": ");
        if len < alen {
            nd.s(" [path attr too short]");
            break;
        }
        if level == 10 {
            nd.s("(too many nested levels, not recursing)");
        } else {
            attr(nd, atype, tail(p, t), alen, level + 1)?;
        }
        t += alen;
        len -= alen;
    }
    Ok(len)
}

/// The capabilities of an OPEN's capabilities option.
fn capabilities(nd: &mut Nd<'_>, opt: &[u8], caps_len: usize) -> R {
    let mut i = 0;
    while i < caps_len {
        tcheck(opt, i, 2)?;
        let cap_type = opt[i];
        let cap_len = opt[i + 1] as usize;
        nd.f(format_args!(
            "\n\t      {} ({cap_type}), length: {cap_len}",
            tok2str(CAPCODE_VALUES, "Unknown", cap_type.into())
        ));
        tcheck(opt, i + 2, cap_len)?;
        let c = &opt[i + 2..i + 2 + cap_len];
        let af = |off: usize| -> Res<(u16, u8)> { Ok((be16(c, off)?, u8at(c, off + 2)?)) };
        match cap_type {
            1 => {
                if cap_len < 4 {
                    nd.s(" (too short, < 4)");
                    return Ok(());
                }
                let (a, _) = af(0)?;
                let s = c[3];
                nd.f(format_args!(
                    "\n\t\tAFI {} ({a}), SAFI {} ({s})",
                    tok2str(AF_VALUES, "Unknown", a.into()),
                    tok2str(SAFI_VALUES, "Unknown", s.into())
                ));
            }
            8 => {
                for off in (0..cap_len / 4).map(|k| k * 4) {
                    let (a, s) = af(off)?;
                    nd.f(format_args!(
                        "\n\t\tAFI {} ({a}), SAFI {} ({s}), Count: {}",
                        tok2str(AF_VALUES, "Unknown", a.into()),
                        tok2str(SAFI_VALUES, "Unknown", s.into()),
                        c[off + 3]
                    ));
                }
            }
            64 => {
                if cap_len < 2 {
                    nd.s(" (too short, < 2)");
                    return Ok(());
                }
                nd.f(format_args!(
                    "\n\t\tRestart Flags: [{}], Restart Time {}s",
                    if c[0] & 0x80 != 0 { "R" } else { "none" },
                    be16(c, 0)? & 0xfff
                ));
                for off in (0..(cap_len - 2) / 4).map(|k| 2 + k * 4) {
                    let (a, s) = af(off)?;
                    nd.f(format_args!(
                        "\n\t\t  AFI {} ({a}), SAFI {} ({s}), Forwarding state preserved: {}",
                        tok2str(AF_VALUES, "Unknown", a.into()),
                        tok2str(SAFI_VALUES, "Unknown", s.into()),
                        if c[off + 3] & 0x80 != 0 { "yes" } else { "no" }
                    ));
                }
            }
            2 | 71 | 128 => {}
            65 => {
                if cap_len < 4 {
                    nd.s(" (too short, < 4)");
                    return Ok(());
                }
                nd.s("\n\t\t 4 Byte AS ");
                nd.asn(be32(c, 0)?);
            }
            69 => {
                if cap_len == 0 {
                    nd.s(" (bogus)");
                } else {
                    let mut off = 0;
                    while off < cap_len {
                        if cap_len - off < 4 {
                            nd.invalid();
                            break;
                        }
                        let (a, s) = af(off)?;
                        nd.f(format_args!(
                            "\n\t\tAFI {} ({a}), SAFI {} ({s}), Send/Receive: {}",
                            tok2str(AF_VALUES, "Unknown", a.into()),
                            tok2str(SAFI_VALUES, "Unknown", s.into()),
                            tok2str(ADD_PATH_RECVSEND, "Bogus (0x%02x)", c[off + 3].into())
                        ));
                        off += 4;
                    }
                }
            }
            _ => {
                nd.f(format_args!("\n\t\tno decoder for Capability {cap_type}"));
                if nd.opts.verbose <= 1 {
                    nd.print_unknown_data(c, "\n\t\t", cap_len);
                }
            }
        }
        if nd.opts.verbose > 1 && cap_len != 0 {
            nd.print_unknown_data(c, "\n\t\t", cap_len);
        }
        i += 2 + cap_len;
    }
    Ok(())
}

/// An OPEN message: version, AS, hold time, identifier and optional parameters.
fn open(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> R {
    tcheck(dat, 0, 29)?;
    if length < 29 {
        return Err(Stop::Local);
    }
    nd.f(format_args!("\n\t  Version {}, ", dat[19]));
    nd.s("my AS ");
    nd.asn(be16(dat, 20)?.into());
    nd.f(format_args!(", Holdtime {}s, ", be16(dat, 22)?));
    nd.s("ID ");
    nd.host4(&dat[24..28]);
    let optslen = dat[28] as usize;
    nd.f(format_args!("\n\t  Optional parameters, length: {optslen}"));
    let opt = tail(dat, 29);
    let length = length - 29;
    let mut i = 0;
    while i < optslen {
        tcheck(opt, i, 2)?;
        if length < 2 + i {
            return Err(Stop::Local);
        }
        let opt_type = opt[i];
        let opt_len = opt[i + 1] as usize;
        if 2 + i + opt_len > optslen {
            nd.f(format_args!(
                "\n\t     Option {opt_type}, length: {opt_len}, goes past the end of the options"
            ));
            break;
        }
        nd.f(format_args!(
            "\n\t    Option {} ({opt_type}), length: {opt_len}",
            tok2str(OPT_VALUES, "Unknown", opt_type.into())
        ));
        if opt_type == 2 {
            let r = capabilities(nd, tail(opt, 2 + i), opt_len);
            local(nd, r)?;
        } else {
            nd.f(format_args!("\n\t      no decoder for option {opt_type}"));
        }
        i += 2 + opt_len;
    }
    Ok(())
}

/// The withdrawn or updated routes of an UPDATE, with their path ids under add-path. Returns
/// the bytes stepped over and the length left unread (tcpdump's walk stops at an illegal
/// prefix length, and skips a withdrawn tail too short for a path id without counting it).
fn update_prefixes(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut len: usize,
    withdrawn: bool,
) -> R<(usize, usize)> {
    let add_path = check_add_path(p, len, 32);
    let mut t = 0;
    let mut buf = Vec::new();
    while len != 0 {
        let mut path_id = 0;
        if add_path {
            if withdrawn {
                if len < 4 {
                    return Ok((t + len, len));
                }
            } else {
                tcheck(p, t, 4)?;
                if len < 4 {
                    return Err(Stop::Local);
                }
            }
            path_id = be32(p, t)?;
            t += 4;
            len -= 4;
        }
        buf.clear();
        match prefix4(nd, tail(p, t), len, &mut buf)? {
            Pfx::Len(n) => {
                flush(nd, "\n\t    ", &buf);
                if add_path {
                    nd.f(format_args!("   Path Id: {path_id}"));
                }
                t += n;
                len -= n;
            }
            Pfx::Illegal => {
                nd.s("\n\t    (illegal prefix length)");
                break;
            }
            _ => return Err(Stop::Local),
        }
    }
    Ok((t, len))
}

/// An UPDATE message: withdrawn routes, path attributes, announced routes.
fn update(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> R {
    tcheck(dat, 0, 19)?;
    if length < 19 {
        return Err(Stop::Local);
    }
    let mut t = 19;
    let mut length = length - 19;
    tcheck(dat, t, 2)?;
    if length < 2 {
        return Err(Stop::Local);
    }
    let mut withdrawn_len = be16(dat, t)? as usize;
    t += 2;
    length -= 2;
    tcheck(dat, t, withdrawn_len)?;
    if length < withdrawn_len {
        return Err(Stop::Local);
    }
    if withdrawn_len > 1 {
        nd.s("\n\t  Withdrawn routes:");
        let (used, left) = update_prefixes(nd, tail(dat, t), withdrawn_len, true)?;
        t += used;
        length -= used;
        withdrawn_len = left;
    } else {
        t += withdrawn_len;
        length -= withdrawn_len;
    }
    tcheck(dat, t, 2)?;
    if length < 2 {
        return Err(Stop::Local);
    }
    let mut len = be16(dat, t)? as usize;
    t += 2;
    length -= 2;
    if withdrawn_len == 0 && len == 0 && length == 0 {
        nd.s("\n\t  End-of-Rib Marker (empty NLRI)");
        return Ok(());
    }
    if len != 0 {
        if length < len {
            return Err(Stop::Local);
        }
        while len != 0 {
            tcheck(dat, t, 2)?;
            if length < 2 {
                return Err(Stop::Local);
            }
            if len < 2 {
                nd.s("\n\t  [path attrs too short]");
                t += len;
                length -= len;
                break;
            }
            let aflags = dat[t];
            let atype = dat[t + 1];
            t += 2;
            len -= 2;
            length -= 2;
            let alenlen = if aflags & 0x10 != 0 { 2 } else { 1 };
            tcheck(dat, t, alenlen)?;
            if length < alenlen {
                return Err(Stop::Local);
            }
            if len < alenlen {
                nd.s("\n\t  [path attrs too short]");
                t += len;
                length -= len;
                break;
            }
            let alen = if alenlen == 2 {
                be16(dat, t)? as usize
            } else {
                dat[t] as usize
            };
            t += alenlen;
            len -= alenlen;
            length -= alenlen;
            nd.f(format_args!(
                "\n\t  {} ({atype}), length: {alen}",
                tok2str(ATTR_VALUES, "Unknown Attribute", atype.into())
            ));
            if aflags != 0 {
                attr_flags(nd, aflags);
                nd.s(": ");
            }
            if len < alen {
                nd.s(" [path attrs too short]");
                t += len;
                length -= len;
                break;
            }
            if length < alen {
                return Err(Stop::Local);
            }
            attr(nd, atype, tail(dat, t), alen, 0)?;
            t += alen;
            len -= alen;
            length -= alen;
        }
    }
    if length != 0 {
        nd.s("\n\t  Updated routes:");
        update_prefixes(nd, tail(dat, t), length, false)?;
    }
    Ok(())
}

/// A NOTIFICATION message: the error code and subcode, and the data some of them carry.
fn notification(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> R {
    tcheck(dat, 0, 21)?;
    if length < 21 {
        return Ok(());
    }
    let major = dat[19];
    let minor = dat[20];
    nd.f(format_args!(
        ", {} ({major})",
        tok2str(NOTIFY_MAJOR, "Unknown Error", major.into())
    ));
    let (sep, table) = match major {
        1 => (", ", NOTIFY_MINOR_MSG),
        2 => (", ", NOTIFY_MINOR_OPEN),
        3 => (", ", NOTIFY_MINOR_UPDATE),
        5 => (" ", NOTIFY_MINOR_FSM),
        7 => (" ", NOTIFY_MINOR_CAP),
        6 => (", ", NOTIFY_MINOR_CEASE),
        _ => return Ok(()),
    };
    nd.f(format_args!(
        "{sep}subcode {} ({minor})",
        tok2str(table, "Unknown", minor.into())
    ));
    if major != 6 {
        return Ok(());
    }
    let q = tail(dat, 21);
    if minor == 1 && length >= 28 {
        let (af, safi, max) = (be16(q, 0)?, u8at(q, 2)?, be32(q, 3)?);
        nd.f(format_args!(
            ", AFI {} ({af}), SAFI {} ({safi}), Max Prefixes: {max}",
            tok2str(AF_VALUES, "Unknown", af.into()),
            tok2str(SAFI_VALUES, "Unknown", safi.into())
        ));
    }
    if (minor == 2 || minor == 4) && length >= 22 {
        let comm_len = u8at(q, 0)? as usize;
        let mut rest = 0;
        if comm_len > length - 22 {
            nd.s(", invalid Shutdown Communication length");
        } else if comm_len == 0 {
            nd.s(", empty Shutdown Communication");
            rest = 1;
        } else {
            nd.f(format_args!(
                ", Shutdown Communication (length: {comm_len}): \""
            ));
            if nd.printn(tail(q, 1), comm_len) {
                return Err(Stop::Jmp);
            }
            nd.s("\"");
            rest = comm_len + 1;
        }
        let data_len = length - (rest + 21);
        if data_len > 0 {
            nd.f(format_args!(", Data: (length: {data_len})"));
            nd.hex_print_len("\n\t\t", tail(q, rest), data_len)?;
        }
    }
    Ok(())
}

/// A ROUTE-REFRESH message: the address family asked for.
fn route_refresh(nd: &mut Nd<'_>, p: &[u8], len: usize) -> R {
    tcheck(p, 0, 23)?;
    if len < 23 {
        return Ok(());
    }
    let af = be16(p, 19)?;
    let safi = p[22];
    nd.f(format_args!(
        "\n\t  AFI {} ({af}), SAFI {} ({safi})",
        tok2str(AF_VALUES, "Unknown", af.into()),
        tok2str(SAFI_VALUES, "Unknown", safi.into())
    ));
    if nd.opts.verbose > 1 {
        tcheck(p, 0, len)?;
        nd.print_unknown_data(p, "\n\t  ", len);
    }
    Ok(())
}

/// One BGP message (its `length` bytes were captured; reads may go on past them).
fn pdu(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> R {
    let ty = dat[18];
    nd.f(format_args!(
        "\n\t{} Message ({ty}), length: {length}",
        tok2str(MSG_VALUES, "Unknown", ty.into())
    ));
    let r = match ty {
        1 => open(nd, dat, length),
        2 => update(nd, dat, length),
        3 => notification(nd, dat, length),
        4 => Ok(()),
        5 => route_refresh(nd, dat, length),
        _ => {
            nd.f(format_args!("\n\t  no Message {ty} decoder"));
            nd.print_unknown_data(dat, "\n\t  ", length);
            Ok(())
        }
    };
    local(nd, r).map_err(Stop::from)
}

/// Prints BGP over TCP: `: BGP`, and with `-v` each message found in the segment.
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8], _length: usize) -> Res {
    nd.proto = "bgp";
    nd.s(": BGP");
    if nd.opts.verbose < 1 {
        return Ok(());
    }
    const MARKER: [u8; 16] = [0xff; 16];
    let mut i = 0;
    let mut start = 0;
    while i < dat.len() {
        if dat[i] != 0xff {
            i += 1;
            continue;
        }
        let Some(m) = dat.get(i..i + 16) else { break };
        if m != MARKER {
            i += 1;
            continue;
        }
        if !has(dat, i, 19) {
            nd.trunc();
            return Ok(());
        }
        if start != i {
            nd.trunc();
        }
        let hlen = be16(dat, i + 16)? as usize;
        if hlen < 19 {
            nd.f(format_args!("\nmessage length {hlen} < 19"));
            nd.invalid();
            break;
        }
        if has(dat, i, hlen) {
            match pdu(nd, &dat[i..], hlen) {
                Ok(()) => {}
                Err(Stop::Jmp) => return Err(Trunc),
                Err(Stop::Local) => return Ok(()),
            }
            i += hlen;
            start = i;
        } else {
            nd.f(format_args!(
                "\n[|BGP {}]",
                tok2str(MSG_VALUES, "Unknown Message Type", dat[i + 18].into())
            ));
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::print_with;
    use proptest::collection::vec;
    use proptest::num::u8 as pu8;

    /// Packets (link type, flags, length on the wire, bytes) and what tcpdump 4.99.3 prints for
    /// them with `-t`.
    const CASES: &[(i32, &str, u32, &str, &str)] = &[
        // mpbgp-linklocal-nexthop.pcap #0
        (
            1,
            "-n -v",
            156,
            "020001020000020001010000080045c0008e58c540004006a4e21e0000011e000002bf8e00b34c94bf874cd027148018001dd6dc00000101080a0af9e8060af9e805ffffffffffffffffffffffffffffffff005a0200000043400101024002040201000140030400000000800e2e00020120deadbeef000000000000000000000001fe80000000000000000001fffe01000000400004000500000000",
            "IP (tos 0xc0, ttl 64, id 22725, offset 0, flags [DF], proto TCP (6), length 142)\n    30.0.0.1.49038 > 30.0.0.2.179: Flags [P.], cksum 0xd6dc (correct), seq 1284816775:1284816865, ack 1288709908, win 29, options [nop,nop,TS val 184150022 ecr 184150021], length 90: BGP\n\tUpdate Message (2), length: 90\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 4, Flags [T]: 1 \n\t  Next Hop (3), length: 4, Flags [T]: 0.0.0.0\n\t  Multi-Protocol Reach NLRI (14), length: 46, Flags [O]: \n\t    AFI: IPv6 (2), SAFI: Unicast (1)\n\t    nexthop: dead:beef::1, fe80::1ff:fe01:0, nh-length: 32, no SNPA\n\t      4:5::/64",
        ),
        // bgp-aigp-2.pcap #0
        (
            1,
            "-n -v",
            140,
            "020200010000468af2fac63408004500007effb84000400636bf0100010101000102848d00b36c9b598dc05ff06180180080df3f00000101080abf90c50ab61ff920ffffffffffffffffffffffffffffffff004a0200000033400101014002040201006540030400000000800e10000104040100010100300001417b0101801a0b01000b00000000ffffffff",
            "IP (tos 0x0, ttl 64, id 65464, offset 0, flags [DF], proto TCP (6), length 126)\n    1.0.1.1.33933 > 1.0.1.2.179: Flags [P.], cksum 0xdf3f (correct), seq 1822120333:1822120407, ack 3227512929, win 128, options [nop,nop,TS val 3213935882 ecr 3055548704], length 74: BGP\n\tUpdate Message (2), length: 74\n\t  Origin (1), length: 1, Flags [T]: EGP\n\t  AS Path (2), length: 4, Flags [T]: 101 \n\t  Next Hop (3), length: 4, Flags [T]: 0.0.0.0\n\t  Multi-Protocol Reach NLRI (14), length: 16, Flags [O]: \n\t    AFI: IPv4 (1), SAFI: labeled Unicast (4)\n\t    nexthop: 1.0.1.1, nh-length: 4, no SNPA\n\t      123.1.1.0/24, label:20 (bottom)\n\t  Accumulated IGP Metric (26), length: 11, Flags [O]: \n\t    AIGP TLV (1), length 11, metric 4294967295",
        ),
        // bgp-large-community.pcap #0
        (
            1,
            "-n -v",
            441,
            "0242c00002030242c00002020800450001ab3926400040067c21c0000202c0000203b60d00b34d1333dbf401bcba801801c9232f00000101080a00010b0f00010b0fffffffffffffffffffffffffffffffff004b020000002f40010100400206020100010000400304c0000202c020180000ffff0000000100000001ffffffffffffffffffffffff20cb007110ffffffffffffffffffffffffffffffff004b020000002f40010100400206020100010000400304c0000202c0201800010000000000010000000100010000000000010000000220cb00710cffffffffffffffffffffffffffffffff003f020000002340010100400206020100010000400304c0000202c0200c00010000000000010000000120cb00710bffffffffffffffffffffffffffffffff004b020000002f40010100400206020100010000400304c0000202c0201800010000000000000000000100010000000000010000000020cb00710fffffffffffffffffffffffffffffffff0057020000003b40010100400206020100010000400304c0000202c0202400010000000000010000000100010000000000010000000200010000000000010000000320cb00710d",
            "IP (tos 0x0, ttl 64, id 14630, offset 0, flags [DF], proto TCP (6), length 427)\n    192.0.2.2.46605 > 192.0.2.3.179: Flags [P.], cksum 0x232f (correct), seq 1293104091:1293104466, ack 4093754554, win 457, options [nop,nop,TS val 68367 ecr 68367], length 375: BGP\n\tUpdate Message (2), length: 75\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t  AS Path (2), length: 6, Flags [T]: 65536 \n\t  Next Hop (3), length: 4, Flags [T]: 192.0.2.2\n\t  Large Community (32), length: 24, Flags [OT]: \n\t    65535:1:1, 4294967295:4294967295:4294967295\n\t  Updated routes:\n\t    203.0.113.16/32\n\tUpdate Message (2), length: 75\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t  AS Path (2), length: 6, Flags [T]: 65536 \n\t  Next Hop (3), length: 4, Flags [T]: 192.0.2.2\n\t  Large Community (32), length: 24, Flags [OT]: \n\t    65536:1:1, 65536:1:2\n\t  Updated routes:\n\t    203.0.113.12/32\n\tUpdate Message (2), length: 63\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t  AS Path (2), length: 6, Flags [T]: 65536 \n\t  Next Hop (3), length: 4, Flags [T]: 192.0.2.2\n\t  Large Community (32), length: 12, Flags [OT]: \n\t    65536:1:1\n\t  Updated routes:\n\t    203.0.113.11/32\n\tUpdate Message (2), length: 75\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t  AS Path (2), length: 6, Flags [T]: 65536 \n\t  Next Hop (3), length: 4, Flags [T]: 192.0.2.2\n\t  Large Community (32), length: 24, Flags [OT]: \n\t    65536:0:1, 65536:1:0\n\t  Updated routes:\n\t    203.0.113.15/32\n\tUpdate Message (2), length: 87\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t  AS Path (2), length: 6, Flags [T]: 65536 \n\t  Next Hop (3), length: 4, Flags [T]: 192.0.2.2\n\t  Large Community (32), length: 36, Flags [OT]: \n\t    65536:1:1, 65536:1:2, 65536:1:3\n\t  Updated routes:\n\t    203.0.113.13/32",
        ),
        // bgp-large-community.pcap #0 cut to 120
        (
            1,
            "-n -v",
            441,
            "0242c00002030242c00002020800450001ab3926400040067c21c0000202c0000203b60d00b34d1333dbf401bcba801801c9232f00000101080a00010b0f00010b0fffffffffffffffffffffffffffffffff004b020000002f40010100400206020100010000400304c0000202c020180000ffff00000001",
            "IP (tos 0x0, ttl 64, id 14630, offset 0, flags [DF], proto TCP (6), length 427)\n    192.0.2.2.46605 > 192.0.2.3.179: Flags [P.], seq 1293104091:1293104466, ack 4093754554, win 457, options [nop,nop,TS val 68367 ecr 68367], length 375: BGP\n[|BGP Update]",
        ),
        // bgp-shutdown-communication.pcapng #0
        (
            1,
            "-n -v",
            140,
            "5254007ae159525400217f49080045c0007e9de04000ff0692b1a5feff18a5feff1100b381b225bc0168767c50c18018087ca92400000101080a36ee3942ba8dec03ffffffffffffffffffffffffffffffff004a030602345468697320697320612074657374206f66207468652073687574646f776e20636f6d6d756e69636174696f6e2073797374656d2e",
            "IP (tos 0xc0, ttl 255, id 40416, offset 0, flags [DF], proto TCP (6), length 126)\n    165.254.255.24.179 > 165.254.255.17.33202: Flags [P.], cksum 0xa924 (correct), seq 633078120:633078194, ack 1987858625, win 2172, options [nop,nop,TS val 921581890 ecr 3129863171], length 74: BGP\n\tNotification Message (3), length: 74, Cease (6), subcode Administrative Shutdown (2), Shutdown Communication (length: 52): \"This is a test of the shutdown communication system.\"",
        ),
        // bgp-lu-multiple-labels.pcap #17
        (
            1,
            "-n -v",
            139,
            "000076020000000076010000080045c0007d43634000ff06315302010101020101029f3800b39cb4309be28e258e8018003a083e00000101080a5273772852737387ffffffffffffffffffffffffffffffff00490200000032400101004002060201000000c840050400000064900e001a000104040101010200800006400006500006600006711e010101",
            "IP (tos 0xc0, ttl 255, id 17251, offset 0, flags [DF], proto TCP (6), length 125)\n    2.1.1.1.40760 > 2.1.1.2.179: Flags [P.], cksum 0x083e (correct), seq 2629054619:2629054692, ack 3800966542, win 58, options [nop,nop,TS val 1383298856 ecr 1383297927], length 73: BGP\n\tUpdate Message (2), length: 73\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t  AS Path (2), length: 6, Flags [T]: 200 \n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Multi-Protocol Reach NLRI (14), length: 26, Flags [OE]: \n\t    AFI: IPv4 (1), SAFI: labeled Unicast (4)\n\t    nexthop: 1.1.1.2, nh-length: 4, no SNPA\n\t    (illegal prefix length)",
        ),
        // bgp-lu-multiple-labels.pcap #5
        (
            1,
            "-n -v",
            137,
            "000076020000000076010000080045c0007b435d4000ff06315b02010101020101029f3800b39cb4302ee28e24ec8018003a5d4b00000101080a5273737952737378ffffffffffffffffffffffffffffffff00470104006400b4000000012a02284002812c080400010407020001040001000101040001000441040000006445080001010100010401",
            "IP (tos 0xc0, ttl 255, id 17245, offset 0, flags [DF], proto TCP (6), length 123)\n    2.1.1.1.40760 > 2.1.1.2.179: Flags [P.], cksum 0x5d4b (correct), seq 2629054510:2629054581, ack 3800966380, win 58, options [nop,nop,TS val 1383297913 ecr 1383297912], length 71: BGP\n\tOpen Message (1), length: 71\n\t  Version 4, my AS 100, Holdtime 180s, ID 0.0.0.1\n\t  Optional parameters, length: 42\n\t    Option Capabilities Advertisement (2), length: 40\n\t      Graceful Restart (64), length: 2\n\t\tRestart Flags: [R], Restart Time 300s\n\t      Multiple Labels (8), length: 4\n\t\tAFI IPv4 (1), SAFI labeled Unicast (4), Count: 7\n\t      Route Refresh (2), length: 0\n\t      Multiprotocol Extensions (1), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1)\n\t      Multiprotocol Extensions (1), length: 4\n\t\tAFI IPv4 (1), SAFI labeled Unicast (4)\n\t      32-Bit AS Number (65), length: 4\n\t\t 4 Byte AS 100\n\t      Multiple Paths (69), length: 8\n\t\tAFI IPv4 (1), SAFI Unicast (1), Send/Receive: Receive\n\t\tAFI IPv4 (1), SAFI labeled Unicast (4), Send/Receive: Receive",
        ),
        // bgp-encap.pcap #0
        (
            1,
            "-n -vv",
            174,
            "02060a0efff102060a0efaf18100c00e080045c0009cbf310000ff06cb650a000e040a000e0100b3f8a80762d9abe03fb59680184000a26f00000101080a80ef20f884baa7ccffffffffffffffffffffffffffffffff006802000000514001010040020040050400000064c010100002fde800000065030c000000000008900e002c0019460404040404000221000104040404000400000000000000000000000000003002060a0efaf300000065",
            "IP (tos 0xc0, ttl 255, id 48945, offset 0, flags [none], proto TCP (6), length 156)\n    10.0.14.4.179 > 10.0.14.1.63656: Flags [P.], cksum 0xa26f (correct), seq 123918763:123918867, ack 3762271638, win 16384, options [nop,nop,TS val 2163155192 ecr 2226825164], length 104: BGP\n\tUpdate Message (2), length: 104\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t    0x0000:  00\n\t  AS Path (2), length: 0, Flags [T]: empty\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t    0x0000:  0000 0064\n\t  Extended Community (16), length: 16, Flags [OT]: \n\t    target (0x0002), Flags [none]: 65000:101 (= 0.0.0.101)\n\t    encapsulation (0x030c), Flags [none]: Tunnel type: VXLAN\n\t    0x0000:  0002 fde8 0000 0065 030c 0000 0000 0008\n\t  Multi-Protocol Reach NLRI (14), length: 44, Flags [OE]: \n\t    AFI: VPLS (25), SAFI: EVPN (70)\n\t    no AFI 25 / SAFI 70 decoder\n\t    0x0000:  0019 4604 0404 0404 0002 2100 0104 0404\n\t    0x0010:  0400 0400 0000 0000 0000 0000 0000 0000\n\t    0x0020:  0030 0206 0a0e faf3 0000 0065",
        ),
        // bgp-rt-prefix.pcap #0
        (
            1,
            "-n -v",
            124,
            "020200010000facfd25b2b3108004500006ef43940004006444e0100000201000001a4d300b3513172ed26a8b8d38018003a6f8200000101080a9cc8f6fc9cc886b6ffffffffffffffffffffffffffffffff003a020000002340010101400204020100c840030400000000800e0e0001840401000002002000000016",
            "IP (tos 0x0, ttl 64, id 62521, offset 0, flags [DF], proto TCP (6), length 110)\n    1.0.0.2.42195 > 1.0.0.1.179: Flags [P.], cksum 0x6f82 (correct), seq 1362195181:1362195239, ack 648591571, win 58, options [nop,nop,TS val 2630416124 ecr 2630387382], length 58: BGP\n\tUpdate Message (2), length: 58\n\t  Origin (1), length: 1, Flags [T]: EGP\n\t  AS Path (2), length: 4, Flags [T]: 200 \n\t  Next Hop (3), length: 4, Flags [T]: 0.0.0.0\n\t  Multi-Protocol Reach NLRI (14), length: 14, Flags [O]: \n\t    AFI: IPv4 (1), vendor specific SAFI: Route Target Routing Information (132)\n\t    nexthop: 1.0.0.2, nh-length: 4, no SNPA\n\t      origin AS: 22, route-target: 0:0/0",
        ),
        // bgp-rt-prefix.pcap #4
        (
            1,
            "-n -v",
            132,
            "020200010000facfd25b2b31080045000076f43b4000400644440100000201000001a4d300b3513173a326a8b8d38018003af60d00000101080a9cc8f70b9cc8f708ffffffffffffffffffffffffffffffff0042020000002b40010101400204020100c840030400000000800e1600018404010000020060000000160002000100010001",
            "IP (tos 0x0, ttl 64, id 62523, offset 0, flags [DF], proto TCP (6), length 118)\n    1.0.0.2.42195 > 1.0.0.1.179: Flags [P.], cksum 0xf60d (correct), seq 1362195363:1362195429, ack 648591571, win 58, options [nop,nop,TS val 2630416139 ecr 2630416136], length 66: BGP\n\tUpdate Message (2), length: 66\n\t  Origin (1), length: 1, Flags [T]: EGP\n\t  AS Path (2), length: 4, Flags [T]: 200 \n\t  Next Hop (3), length: 4, Flags [T]: 0.0.0.0\n\t  Multi-Protocol Reach NLRI (14), length: 22, Flags [O]: \n\t    AFI: IPv4 (1), vendor specific SAFI: Route Target Routing Information (132)\n\t    nexthop: 1.0.0.2, nh-length: 4, no SNPA\n\t      origin AS: 22, route-target: 1:65537/64 (0002 0001 0001 0001)",
        ),
        // bgp-link-bw-extcommunity.pcapng #0
        (
            1,
            "-n -v",
            474,
            "94e6f7f3554d080027f5778b080045c001cced6740004006b3bec0a80af9c0a80afc901a00b38e4a0d1c28dbdc96801800e587a400000101080a006ce32cef19eae1ffffffffffffffffffffffffffffffff004302000000284001010250020000400304c0a80af98004040000000040050400000064c010084004fde847f42400180a0000ffffffffffffffffffffffffffffffff004302000000284001010250020000400304c0a80af98004040000000040050400000064c010084004fde847f42400180a0002ffffffffffffffffffffffffffffffff004902000000284001010250020000400304c0a80af98004040000000040050400000064c010084004fde847f42400200a0a0a64200a0a0ac8ffffffffffffffffffffffffffffffff004302000000284001010250020000400304c0a80af98004040000000040050400000064c010084004fde847f4240018c0a800ffffffffffffffffffffffffffffffff004302000000284001010250020000400304c0a80af98004040000000040050400000064c010084004fde847f4240018c0a801ffffffffffffffffffffffffffffffff004302000000284001010250020000400304c0a80af98004040000000040050400000064c010084004fde847f4240018c0a80a",
            "IP (tos 0xc0, ttl 64, id 60775, offset 0, flags [DF], proto TCP (6), length 460)\n    192.168.10.249.36890 > 192.168.10.252.179: Flags [P.], cksum 0x87a4 (correct), seq 2387217692:2387218100, ack 685497494, win 229, options [nop,nop,TS val 7136044 ecr 4011453153], length 408: BGP\n\tUpdate Message (2), length: 67\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 0, Flags [TE]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.249\n\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Extended Community (16), length: 8, Flags [OT]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 1.000 Mbps\n\t  Updated routes:\n\t    10.0.0.0/24\n\tUpdate Message (2), length: 67\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 0, Flags [TE]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.249\n\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Extended Community (16), length: 8, Flags [OT]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 1.000 Mbps\n\t  Updated routes:\n\t    10.0.2.0/24\n\tUpdate Message (2), length: 73\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 0, Flags [TE]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.249\n\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Extended Community (16), length: 8, Flags [OT]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 1.000 Mbps\n\t  Updated routes:\n\t    10.10.10.100/32\n\t    10.10.10.200/32\n\tUpdate Message (2), length: 67\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 0, Flags [TE]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.249\n\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Extended Community (16), length: 8, Flags [OT]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 1.000 Mbps\n\t  Updated routes:\n\t    192.168.0.0/24\n\tUpdate Message (2), length: 67\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 0, Flags [TE]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.249\n\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Extended Community (16), length: 8, Flags [OT]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 1.000 Mbps\n\t  Updated routes:\n\t    192.168.1.0/24\n\tUpdate Message (2), length: 67\n\t  Origin (1), length: 1, Flags [T]: Incomplete\n\t  AS Path (2), length: 0, Flags [TE]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.249\n\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n\t  Local Preference (5), length: 4, Flags [T]: 100\n\t  Extended Community (16), length: 8, Flags [OT]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 1.000 Mbps\n\t  Updated routes:\n\t    192.168.10.0/24",
        ),
        // bgp_mvpn_6_and_7_oobr.pcap #0
        (
            1,
            "-n -v",
            262144,
            "d40cfb007f0801c5c00080a50800450c0205530f8000fe068e15f1005d14fff7000100b300c87ff3eb890001808e6000dada10d42d9da102000affffffffffffffffffffffffffffffff002d02000310ff7bc3b2ff80000700000094460e47000105000001000000f3010202020202020200fe068e15f1005d14000000",
            "IP (tos 0xc, ttl 254, id 21263, offset 0, flags [rsvd], proto TCP (6), length 517, bad cksum 8e15 (->99c9)!)\n    241.0.93.20.179 > 255.247.0.1.200: Flags [none], seq 2146691977:2146692450, win 56026, options [unknown-161,eol], length 473: BGP\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    255.123.0.0/16 [|bgp]",
        ),
        // bgp_pmsi_tunnel-oobr.pcap #0
        (
            1,
            "-n -v",
            262144,
            "000ce0007f0100c1c0a0abaf0800450001289d0fe000fe068e15f1002013ef00000100b300007ff3f9890001808e6000dada24db2d9da102000affffffffffffffffffffffffffffffff002d02000310180d06b2ff80000700000fe3000101010113010101160100",
            "IP (tos 0x0, ttl 254, id 40207, offset 0, flags [+, DF, rsvd], proto TCP (6), length 296, bad cksum 8e15 (->3eaa)!)\n    241.0.32.19.179 > 239.0.0.1.0: Flags [none], seq 2146695561:2146695813, win 56026, options [unknown-161,eol], length 252: BGP\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    24.13.0.0/16 [|bgp]",
        ),
        // bgp_mp_reach_nlri-oobr.pcap #0
        (
            1,
            "-n -v",
            262144,
            "d40cff7fffff00c5c00080a5080045ffffff800f8000fe068e15f1008027ef00000100b30000f700dfff1d000018ff00ffff00000036000009d40cff7fffff00c5e30080a508e5440c0205530f8000fe068a15f1008027ef00c021000100c600007ff3f98900010707d42d9da10280fdffffffffffffffffffffffffffffffff002d020003f1ff7bc3b2ff808000000000df00c1230000000000a102000affffffffffffffffffffffffffffffff002d020003f1ff7bc3b2ff80000700000000460ee30003800100b30000f700dfee050000000000000000000d00000000000000000000000000000000000000001000000000000000000601000000000004000000000000000000000000000000000000000200001900000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003f1ff000050002d9da10280fdffffffffffffffffffffffffffffffff002d020003f1ff7bc3b2ff800007000000df00c1230000000000a102009efffffffffffffcffffffffffffffffff002d020003f1ff7bc3b2ff80000700000000460ee30003801500b30000f700dfee050000000000000000000d000000000000000000000000000000000002000000eb0280fdffffffffffffffffffffffffffffffff002d020003f1ff7bc3b2ff800007000000df00c1230000000000a102000affffffffffffffffffffffffffffffff002d020003f1ff7bc3b203f1ff7bc3b2ff80000700000000460ee30003800100b30000f700dfee050000000000000000000d000000000000000000000000000000000000ff80000700000000460ee30003801500cd0000f700dfee050000000000000000001b000000fff5000000000000000000000000000000000000000000000000000050002d9da10280fdffffffffffffffffffffffffffffffff002d020003f1ff7bc3b2ff800007000000df00c1230000000000a102009effffffffffffffffffffffffffff9494942d020003f1ff7bc3b2ff80000700000000460ee30003801500b30000f700dfee0500000000000000000000000000000000000000000000000000000000000000de00000000000000000000000001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008c000000000000008027ef00000100c600007ff3f98900010707d42d9da10280fdecffff0400ff40000000ffffffffffff002d020003f1ff7bc3b2ff800007434c49454e54000000df00c1230000000000ff000000ff00000004ffffffffffffffffffffff002d020003f1ff7bc3b2ff80000700000000460ee30003801500b30000f700dfee35000005000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000078000090610000800000000000000000900000206000002090000020600000409000002060000060900000206000008090000020600000a090000020600000c090000020600000e09000002060000000910000206000002091000020600000409100002060000060910000206000008091000020600000a091000020600000c091000020600000e09100002060000000920000206000002092000020600000409200002060000060920000206000008092000020600000a092000020600000c092000020600000e09200002060000000930000206000002093000020600000409300002060000060930000206000008093000020600000a093000020600000c093000020600000e09300002060000000940000206000002094000020600000409400002060000060940000206000008094000020600000a094000020600000c094000020600000e09400002060000000950000206000002095000020600000409500002060000060950000206000008095000020600000a095000020600000c095000020600000e09500002060000000960000206000002096000020600000409600002060000060960000206000008096000020600000a096000020600000c096000020600000e09600002060000000970000206000002097000020600000409700002060000060970000206000008097000020600000a097000020600000c097000020600000e09700002060000000980000206000002098000020600000409800002060000060980000206000008098000020600000a098000020600000c098000020600000e09800002060000000990000206000002099000020600000409900002060000060990000206000008099000020600000a099000020600000c099000020600000e099000020600000009a000020600000209a000020600000409a000020600000609a000020600000809a000020600000a09a000020600000c09a000020600000e09a000020600000009b000020600000209b000020600000409b000020600000609b000020600000809b000020600000a09b000020600000c09b000020600000e09b000020600000009c000020600000209c000020600000409c000020600000609c000020600000809c000020600000a09c000020600000c09c000020600000e09c000020600000009d000020600000209d000020600000409d000020600000609d000020600000809d000020600000a09d000020600000c09d000020600000e09d000020600000009e000020600000209e000020600000409e000020600000609e000020600000809e000020600000a09e000020600000c09e000020600000e09e000020600000009f000020600000209f000020600000409f000020600000609f000020600000809f000020600000a09f000020600000c09f000020600000e09f000020600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007d000090610000800000000000000000800000206000002080000020600000408000002060000060800000206000008080000020600000a080000020600000c080000020600000e08000002060000000810000206000002081000020600000408100002060000060810000206000008081000020600000a081000020600000c081000020600000e08100002060000000820000206000002082000020600000408200002060000060820000206000008082000020600000a082000020600000c082000020600000e08200002060000000830000206000002083000020600000408300002060000060830000206000008083",
            "IP (tos 0xff,CE, ttl 254, id 32783, offset 0, flags [rsvd], proto TCP (6), length 65535, bad cksum 8e15 (->5bbf)!)\n    241.0.128.39.179 > 239.0.0.1.0: Flags [none], seq 4144029695:4144095150, win 65535, options [eol], length 65455: BGP [|bgp]\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    (illegal prefix length) [|bgp] [|bgp]\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    (illegal prefix length) [|bgp] [|bgp]\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    (illegal prefix length) [|bgp] [|bgp]\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    (illegal prefix length) [|bgp] [|bgp]\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    (illegal prefix length) [|bgp] [|bgp]\n\tUpdate Message (2), length: 45\n\t  Withdrawn routes:\n\t    (illegal prefix length) [|bgp]",
        ),
        // bgp-bgp_capabilities_print-oobr-1.pcap #0
        (
            1,
            "-n -v",
            262144,
            "ef4ffb4982ba800314ddb5a80800451f1027970fe000fe060200e2db000010e9220000b3006414b70000e685000daf6a01ff0000ffff0010ff0017ffff80000025ff1005010000000db66101ffffffffffffffff01ffffffffffffff0000000bef02e80000000f0001caef4fde4982460200000010fc8008ef0411ff020eff0002801804ddb5a80800451f101c970fe000fe06650000000040b0fc000001f4ffffff0030ffffffffffffffffffffffffffffffff003b01fffff810e4900820041d000002084000000041040000000202020202e80302070400080080004000000000000000000000",
            "IP (tos 0x1f,CE, ttl 254, id 38671, offset 0, flags [+, DF, rsvd], proto TCP (6), length 4135, bad cksum 200 (->1fdd)!)\n    226.219.0.0.179 > 16.233.34.0.100: Flags [SPUE], seq 347537408:347541483, win 511, urg 65535, options [eol], length 4075: BGP [|bgp]\n\tOpen Message (1), length: 59\n\t  Version 255, my AS 65528, Holdtime 4324s, ID 144.8.32.4\n\t  Optional parameters, length: 29\n\t    Option Unknown (0), length: 0\n\t      no decoder for option 0\n\t    Option Capabilities Advertisement (2), length: 8\n\t      Graceful Restart (64), length: 0 (too short, < 2)\n\t    Option Unknown (0), length: 2\n\t      no decoder for option 0\n\t    Option Capabilities Advertisement (2), length: 2\n\t      Unknown (232), length: 3\n\t\tno decoder for Capability 232\n\t\t0x0000:  0207 04\n\t    Option Capabilities Advertisement (2), length: 7\n\t      Multiple Routes to a Destination (4), length: 0\n\t\tno decoder for Capability 4\n\t      Multiple Labels (8), length: 0\n\t      Route Refresh (Cisco) (128), length: 0\n\t      Graceful Restart (64), length: 0 (too short, < 2)",
        ),
        // bgp-4byte-asn.pcap #5
        (
            1,
            "-n -b -v",
            121,
            "e2c3b48e8760020100010000080045c0006b1cea4000010655e10100020201000201a6f500b38afa6c33d6cc3b5b8018003aa6d100000101080a27ca70da27ca70daffffffffffffffffffffffffffffffff003701045ba000b4000001011a021801040001000102004002c12c4104a4c46652450400010101",
            "IP (tos 0xc0, ttl 1, id 7402, offset 0, flags [DF], proto TCP (6), length 107)\n    1.0.2.2.42741 > 1.0.2.1.179: Flags [P.], cksum 0xa6d1 (correct), seq 2331667507:2331667562, ack 3603708763, win 58, options [nop,nop,TS val 667578586 ecr 667578586], length 55: BGP\n\tOpen Message (1), length: 55\n\t  Version 4, my AS 23456, Holdtime 180s, ID 0.0.1.1\n\t  Optional parameters, length: 26\n\t    Option Capabilities Advertisement (2), length: 24\n\t      Multiprotocol Extensions (1), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1)\n\t      Route Refresh (2), length: 0\n\t      Graceful Restart (64), length: 2\n\t\tRestart Flags: [R], Restart Time 300s\n\t      32-Bit AS Number (65), length: 4\n\t\t 4 Byte AS 42180.26194\n\t      Multiple Paths (69), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1), Send/Receive: Receive",
        ),
        // bgp-infinite-loop.pcap #0
        (
            113,
            "-n -v",
            90,
            "000402000000ce2a00000000000008004500004a05bb400080063ecdc43b3041c0a80101378600b3933ba42b09921b6d50182000bec10000ffffffffffffffffffffffffffffffff001302000100ff00ff0e00ff000184000000",
            "IP (tos 0x0, ttl 128, id 1467, offset 0, flags [DF], proto TCP (6), length 74)\n    196.59.48.65.14214 > 192.168.1.1.179: Flags [P.], cksum 0xbec1 (correct), seq 2470159403:2470159437, ack 160570221, win 8192, length 34: BGP\n\tUpdate Message (2), length: 19 [|bgp]",
        ),
        // bgp-addpath.pcap #0
        (
            101,
            "-n -v",
            271,
            "450001350001000040067bc07f0000017f00000100b30050000000000000000050022000ce510000ffffffffffffffffffffffffffffffff00e70200100000001418080200000000151808020100b0400101014003004002060202006400c8400e1900010104010203040000000028187804000000002918780401400f13000101000002bc18202d00000002bd18202d01400e3d00020110200000000000004000000000000000010000000001782002000000000000000000001400000000000278200200000000000000000000140001400f2b000201000000647820020000000000000000000028000000000065782002000000000000000000002800010000000a180602000000000b18060201",
            "IP truncated-ip - 38 bytes missing! (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 309)\n    127.0.0.1.179 > 127.0.0.1.80: Flags [S], seq 0:269, win 8192, length 269: BGP\n\tUpdate Message (2), length: 231\n\t  Withdrawn routes:\n\t    8.2.0.0/24   Path Id: 20\n\t    8.2.1.0/24   Path Id: 21\n\t  Origin (1), length: 1, Flags [T]: EGP\n\t  Next Hop (3), length: 0, Flags [T]: invalid len\n\t  AS Path (2), length: 6, Flags [T]: 100 200 \n\t  Multi-Protocol Reach NLRI (14), length: 25, Flags [T]: \n\t    AFI: IPv4 (1), SAFI: Unicast (1)\n\t    nexthop: 1.2.3.4, nh-length: 4, no SNPA\n\t      120.4.0.0/24   Path Id: 40\n\t      120.4.1.0/24   Path Id: 41\n\t  Multi-Protocol Unreach NLRI (15), length: 19, Flags [T]: \n\t    AFI: IPv4 (1), SAFI: Unicast (1)\n\t      32.45.0.0/24   Path Id: 700\n\t      32.45.1.0/24   Path Id: 701\n\t  Multi-Protocol Reach NLRI (14), length: 61, Flags [T]: \n\t    AFI: IPv6 (2), SAFI: Unicast (1)\n\t    nexthop: 2000:0:0:40::1, nh-length: 16, no SNPA\n\t      2002::1400:0/120   Path Id: 1\n\t      2002::1400:100/120   Path Id: 2\n\t  Multi-Protocol Unreach NLRI (15), length: 43, Flags [T]: \n\t    AFI: IPv6 (2), SAFI: Unicast (1)\n\t      2002::2800:0/120   Path Id: 100\n\t      2002::2800:100/120   Path Id: 101\n\t  Updated routes:\n\t    6.2.0.0/24   Path Id: 10\n\t    6.2.1.0/24   Path Id: 11",
        ),
        // bgp-4byte-asn.pcap #12
        (
            1,
            "-n",
            161,
            "020100010000e2c3b48e8760080045c000934b8440000106271f010002010100020200b3a6f5d6cc3b998afa6c7d80180039ef2d00000101080a27ca70da27ca70daffffffffffffffffffffffffffffffff005f020000002f4001010240020c020500c800015ba05ba05ba040030401000201e011120204000000010003640e00051615fffffffa20040404042005050505200101010120020202022003030303",
            "IP 1.0.2.1.179 > 1.0.2.2.42741: Flags [P.], seq 3603708825:3603708920, ack 2331667581, win 57, options [nop,nop,TS val 667578586 ecr 667578586], length 95: BGP",
        ),
        // built #705
        (
            228,
            "-n -v",
            169,
            "450000a900010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff00810200030dfa000067900f005b00194100460002800000000000ff80ff0100268001019080ff0280c48002ff010201ff02ff0002ff0000000002000002768002020001000002808000000000ff00008080020000008001000800000c000000ff00000000800100e84016050001ff0000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 169, bad cksum 0 (->664c)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x9d31), seq 1:130, ack 1, win 65535, length 129: BGP\n\tUpdate Message (2), length: 129\n\t  Withdrawn routes:\n\t    250.0.0.0/13\n\t  Multi-Protocol Unreach NLRI (15), length: 91, Flags [OE]: \n\t    AFI: VPLS (25), SAFI: VPLS (65)\n\t      RD: 2147483648:0 (128.0.0.0:0), CE-ID: 65408, Label-Block Offset: 65281, Label Base 616\n\t\tcircuit status vector (1) length: 400: 0x80ff0280c48002ff010201ff02ff0002 [|bgp]",
        ),
        // built #461
        (
            228,
            "-n -v",
            105,
            "4500006900010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff0041020000002ac00f11001941000c00030220808002004001ff809020000cff00020202ff00ff01000001c06303023300",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 105, bad cksum 0 (->668c)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0xbb17), seq 1:66, ack 1, win 65535, length 65: BGP\n\tUpdate Message (2), length: 65\n\t  Multi-Protocol Unreach NLRI (15), length: 17, Flags [OT]: \n\t    AFI: VPLS (25), SAFI: VPLS (65)\n\t      RD: unknown RD format, BGPNH: 64.1.255.128\n\t  Large Community (32), length: 12, Flags [OE]: \n\t    4278190594:50266367:16777217\n\t  Unknown Attribute (99), length: 3, Flags [OT]: \n\t    no Attribute 99 decoder\n\t    0x0000:  0233 00",
        ),
        // built #295
        (
            228,
            "-n -v",
            131,
            "4500008300010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff005b0200000044808041020f0002400e350001050401014aff00032a00010000fffc00800080ed2b01020001800100008002ff00ff0280ff31948001010a00ff91800102b20280ff0200ff",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 131, bad cksum 0 (->6672)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0xcf69), seq 1:92, ack 1, win 65535, length 91: BGP\n\tUpdate Message (2), length: 91\n\t  Attribute Set (128), length: 65, Flags [O]: \n\t    Origin AS: 34537474\n\t      Multi-Protocol Reach NLRI (14), length: 53, Flags [T]: \n\t    AFI: IPv4 (1), SAFI: Multicast VPN (5)\n\t    nexthop: 1.1.74.255, nh-length: 4, no SNPA\n\t      Route-Type: S-PMSI (3), length: 42, RD: 0.0.255.252:128, Group ed2b:102:1:8001:0:8002:ff00:ff02, Originator bogus address length 192\n\t      Reserved for development (255), length: 2, Flags [O]: \n\t    no Attribute 255 decoder\n\t    0x0000:  00ff",
        ),
        // built #481
        (
            228,
            "-n -v",
            179,
            "450000b300010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff008b0200000074c00e6300010504010200be00072e0002ff00a9809680020057ff8002000000950101800000020100c4660080f700025ca701ff000180009f001601ff090800010200000109ff071e0001008080fc80b102ff001780020101a9017600ff011f01000000000200800f0300c48050030004000200b0",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 179, bad cksum 0 (->6642)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x6c51), seq 1:140, ack 1, win 65535, length 139: BGP\n\tUpdate Message (2), length: 139\n\t  Multi-Protocol Reach NLRI (14), length: 99, Flags [OT]: \n\t    AFI: IPv4 (1), SAFI: Multicast VPN (5)\n\t    nexthop: 1.2.0.190, nh-length: 4, no SNPA\n\t      Route-Type: Source Tree Join (7), length: 46, RD: 4278233472:38528 (255.0.169.128:38528), Source-AS 33576959, Source 200:0:9501:180:0:201:c4:6600, Group f700:25c:a\n\t      Route-Type: Unknown (9), length: 8\n\t      Route-Type: Source Tree Join (7), length: 30, RD: 0.128.128.252:32945, Source-AS 50266135, Source 201:1a9:176:ff:11f:100:0:2\n\t  Multi-Protocol Unreach NLRI (15), length: 3, Flags [O]: \n\t    AFI: Layer-2 VPN (196), SAFI: labeled VPN Unicast (128)\n\t      End-of-Rib Marker (empty NLRI)\n\t  Next Hop (3), length: 4, Flags [TE]: 0.2.0.176",
        ),
        // built #781
        (
            228,
            "-n -v",
            142,
            "4500008e00010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff00660200051e005c0101004a4f0a046e800280900e001f00018404010002ff00200000000061808074000280008086a20001011002ff801a160100140202010001ffff00010002ff8000b7ff010201c0040402018041",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 142, bad cksum 0 (->6667)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x6de2), seq 1:103, ack 1, win 65535, length 102: BGP\n\tUpdate Message (2), length: 102\n\t  Withdrawn routes:\n\t    0.92.1.0/30\n\t  Cluster List (10), length: 4, Flags [T+f]: 110.128.2.128\n\t  Multi-Protocol Reach NLRI (14), length: 31, Flags [OE]: \n\t    AFI: IPv4 (1), vendor specific SAFI: Route Target Routing Information (132)\n\t    nexthop: 1.0.2.255, nh-length: 4, no SNPA\n\t      origin AS: 0, route-target: 0:0/0\n\t      (illegal prefix length)\n\t  Accumulated IGP Metric (26), length: 22, Flags [O]: \n\t    AIGP TLV (1), length 20, metric 144679237574459136\n\t  Multi Exit Discriminator (4), length: 4, Flags [OT]: 33652801",
        ),
        // built #135
        (
            228,
            "-n -v",
            99,
            "4500006300010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff003b0200000024800e1a000142040101a20000800000ff8080ff01806700ff00808001ffc0050402800100",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 99, bad cksum 0 (->6692)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x35b3), seq 1:60, ack 1, win 65535, length 59: BGP\n\tUpdate Message (2), length: 59\n\t  Multi-Protocol Reach NLRI (14), length: 26, Flags [O]: \n\t    AFI: IPv4 (1), SAFI: MDT (66)\n\t    nexthop: 1.1.162.0, nh-length: 4, no SNPA\n\t      RD: 65408:2164195712 (= 128.255.1.128), VPN IP Address: 103.0.255.0, MC Group Address: 128.128.1.255\n\t  Local Preference (5), length: 4, Flags [OT]: 41943296",
        ),
        // built #223
        (
            228,
            "-n -v",
            70,
            "4500004600010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff001e0200000007500f0003000380",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 70, bad cksum 0 (->66af)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0xdfc8), seq 1:31, ack 1, win 65535, length 30: BGP\n\tUpdate Message (2), length: 30\n\t  Multi-Protocol Unreach NLRI (15), length: 3, Flags [TE]: \n\t    AFI: NSAP (3), SAFI: labeled VPN Unicast (128)\n\t      End-of-Rib Marker (empty NLRI)",
        ),
        // built #66
        (
            228,
            "-n -v",
            100,
            "4500006400010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff003c02000810ff8d2000010000001d800e1a00030115000280010001ff0180810002ff000000fe0202000200",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 100, bad cksum 0 (->6691)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0xa67e), seq 1:61, ack 1, win 65535, length 60: BGP\n\tUpdate Message (2), length: 60\n\t  Withdrawn routes:\n\t    255.141.0.0/16\n\t    0.1.0.0/32\n\t  Multi-Protocol Reach NLRI (14), length: 26, Flags [O]: \n\t    AFI: NSAP (3), SAFI: Unicast (1)\n\t    nexthop: isonsap_string: illegal length, nh-length: 21, no SNPA",
        ),
        // built #309
        (
            228,
            "-n -v",
            88,
            "4500005800010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff003002000208000014901000104004ff800100a8ff0005648001ff0280100005",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 88, bad cksum 0 (->669d)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x3c75), seq 1:49, ack 1, win 65535, length 48: BGP\n\tUpdate Message (2), length: 48\n\t  Withdrawn routes:\n\t    0.0.0.0/8\n\t  Extended Community (16), length: 16, Flags [OE]: \n\t    link-BW (0x4004), Flags [non-transitive]: bandwidth: 0.000 Mbps\n\t    ospf-domain (0x0005), Flags [none]: 100.128.1.255\n\t  Updated routes:\n\t    0.5.0.0/16",
        ),
        // built #94
        (
            228,
            "-n -v",
            94,
            "4500005e00010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff0036020000001f5008000800000102020100004010100306000010020080123400000080ff00",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 94, bad cksum 0 (->6697)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x9488), seq 1:55, ack 1, win 65535, length 54: BGP\n\tUpdate Message (2), length: 54\n\t  Community (8), length: 8, Flags [TE]: 0:258, 513:0\n\t  Extended Community (16), length: 16, Flags [T]: \n\t    ospf-route-type (0x0306), Flags [none]: area:0.0.16.2, router-type:unknown (0x00), metric-type:\n\t    unknown extd community typecode (0x1234), Flags [none]: 00000080ff00",
        ),
        // built #753
        (
            228,
            "-n -v",
            76,
            "4500004c00010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff0024020000000d80ff0102901600050001000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 76, bad cksum 0 (->66a9)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0xd17a), seq 1:37, ack 1, win 65535, length 36: BGP\n\tUpdate Message (2), length: 36\n\t  Reserved for development (255), length: 1, Flags [O]: \n\t    no Attribute 255 decoder\n\t    0x0000:  02\n\t  PMSI Tunnel (22), length: 5, Flags [OE]: \n\t    Tunnel-type RSVP-TE P2MP LSP (1), Flags [none], MPLS Label 0 [|bgp]",
        ),
        // built #28
        (
            228,
            "-n -v",
            69,
            "4500004500010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff001d020006210000ff01010000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 69, bad cksum 0 (->66b0)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0xf677), seq 1:30, ack 1, win 65535, length 29: BGP\n\tUpdate Message (2), length: 29\n\t  Withdrawn routes:\n\t    0.0.0.0/1   Path Id: 553648383\n\t  End-of-Rib Marker (empty NLRI)",
        ),
        // built #365
        (
            228,
            "-n -v",
            102,
            "4500006600010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff003e02000000274f0e1a00c480090001004fff0116ff010058ffff8000010100010102009007000600ff00000100",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 102, bad cksum 0 (->668f)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x4042), seq 1:63, ack 1, win 65535, length 62: BGP\n\tUpdate Message (2), length: 62\n\t  Multi-Protocol Reach NLRI (14), length: 26, Flags [T+f]: \n\t    AFI: Layer-2 VPN (196), SAFI: labeled VPN Unicast (128)\n\t    nexthop: 0.1.0.79, 255.1.22.255, invalid len, nh-length: 9, no SNPA [|bgp]",
        ),
        // built #682
        (
            228,
            "-n -v",
            90,
            "4500005a00010000400600000a0000010a0000029c4000b300000001000000015018ffff00000000ffffffffffffffffffffffffffffffff0032020000001b80801802006a80c0804280ffffff900e003a00028018000301ff02",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 90, bad cksum 0 (->669b)!)\n    10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], cksum 0x0000 (incorrect -> 0x8d41), seq 1:51, ack 1, win 65535, length 50: BGP\n\tUpdate Message (2), length: 50\n\t  Attribute Set (128), length: 24, Flags [O]: \n\t    Origin AS: 33581696\n\t      Attribute Set (128), length: 66, Flags [OT]:  [path attr too short]",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 54);

    proptest::proptest! {
        #[test]
        fn random_messages_never_panic(body in vec(pu8::ANY, 0..300), len in 0u16..400,
                                        ty in 0u8..7, v in 0u8..4, asdot: bool) {
            // A marker and a header first, so that the message decoders see the random bytes.
            let mut msg = vec![0xff; 16];
            msg.extend_from_slice(&len.to_be_bytes());
            msg.push(ty);
            msg.extend_from_slice(&body);
            let pkt = crate::test_pkt::ipv4(6, &crate::test_pkt::tcp_to(179, &msg));
            print_with(228, &pkt, v, false, asdot);
        }
    }
}
