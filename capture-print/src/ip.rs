//! IPv4, as tcpdump's print-ip.c: the `-v` header line with options and checksum, fragments,
//! and the hand-off to the transport printers.
use super::{Nd, Res, Trunc, be16, icmp, ip6, tail, tcp, tok, u8at, udp};

/// IP protocol numbers and tcpdump's `ipproto_values` names.
pub(crate) const IPPROTOS: &[(u32, &str)] = &[
    (0, "Options"),
    (1, "ICMP"),
    (2, "IGMP"),
    (4, "IPIP"),
    (6, "TCP"),
    (8, "EGP"),
    (9, "IGRP"),
    (17, "UDP"),
    (33, "DCCP"),
    (41, "IPv6"),
    (43, "Routing"),
    (44, "Fragment"),
    (46, "RSVP"),
    (47, "GRE"),
    (50, "ESP"),
    (51, "AH"),
    (58, "ICMPv6"),
    (88, "EIGRP"),
    (89, "OSPF"),
    (103, "PIM"),
    (108, "Compressed IP"),
    (112, "VRRP"),
    (113, "PGM"),
    (132, "SCTP"),
    (55, "Mobile IP"),
    (62, "Mobile IP (old)"),
    (135, "Mobility"),
];

/// Appends a dotted-quad IPv4 address.
pub(crate) fn write_ipv4(o: &mut Vec<u8>, a: &[u8]) {
    for (i, &b) in a.iter().take(4).enumerate() {
        if i > 0 {
            o.push(b'.');
        }
        if b >= 100 {
            o.push(b'0' + b / 100);
        }
        if b >= 10 {
            o.push(b'0' + (b / 10) % 10);
        }
        o.push(b'0' + b % 10);
    }
}

/// The ones'-complement sum of `data` added to `sum` (RFC 1071), not folded.
pub(crate) fn sum_words(mut sum: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum = sum.wrapping_add(u16::from_be_bytes([c[0], c[1]]) as u32);
        // Fold early so long jumbo payloads cannot overflow.
        if sum > 0xffff_0000 {
            sum = (sum & 0xffff) + (sum >> 16);
        }
    }
    if let [b] = chunks.remainder() {
        sum = sum.wrapping_add((*b as u32) << 8);
    }
    sum
}

/// Folds a sum into the 16-bit Internet checksum (0 means the data checks out).
pub(crate) fn fold(mut sum: u32) -> u16 {
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// tcpdump's `in_cksum_shouldbe`: the checksum the field should hold, given the field and the
/// computed sum over the data including it.
pub(crate) fn cksum_shouldbe(field: u16, sum: u16) -> u16 {
    let mut s = (!field as u32 & 0xffff) + (!sum as u32 & 0xffff);
    if s < !sum as u32 & 0xffff {
        s += 1;
    }
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    !(s as u16)
}

/// The pseudo-header sum for a transport checksum over IPv4.
pub(crate) fn pseudo_sum(iph: &[u8], proto: u8, len: usize) -> u32 {
    let mut s = sum_words(0, &iph[12..20]);
    s = s
        .wrapping_add(proto as u32)
        .wrapping_add(len as u32 & 0xffff)
        .wrapping_add((len >> 16) as u32);
    s
}

/// The IP header the transport printers need: where the addresses are and what version.
#[derive(Clone, Copy)]
pub(crate) struct IpHdr<'a> {
    /// The raw header (IPv4 header, or the 40-byte IPv6 header).
    pub raw: &'a [u8],
    /// Whether this is IPv6.
    pub v6: bool,
    /// The protocol field of the fixed header (IPv6: next header of the fixed header).
    pub first_proto: u8,
    /// IPv6: the final destination (differs from the header's with a routing header).
    pub dst6: Option<&'a [u8]>,
}

impl IpHdr<'_> {
    /// Appends the source address.
    pub fn src(&self, nd: &mut Nd<'_>) {
        if self.v6 {
            nd.host6(&self.raw[8..24])
        } else {
            nd.host4(&self.raw[12..16])
        }
    }

    /// Appends the destination address.
    pub fn dst(&self, nd: &mut Nd<'_>) {
        if self.v6 {
            nd.host6(&self.raw[24..40])
        } else {
            nd.host4(&self.raw[16..20])
        }
    }

    /// The transport checksum pseudo-header sum.
    pub fn pseudo(&self, proto: u8, len: usize) -> u32 {
        if self.v6 {
            let dst = self.dst6.unwrap_or(&self.raw[24..40]);
            let mut s = sum_words(0, &self.raw[8..24]);
            s = sum_words(s, dst);
            s.wrapping_add((len >> 16) as u32)
                .wrapping_add(len as u32 & 0xffff)
                .wrapping_add(proto as u32)
        } else {
            pseudo_sum(self.raw, proto, len)
        }
    }
}

const IP_OPTIONS: &[(u32, &str)] = &[
    (0, "EOL"),
    (1, "NOP"),
    (68, "timestamp"),
    (130, "security"),
    (7, "RR"),
    (137, "SSRR"),
    (131, "LSRR"),
    (148, "RA"),
    (82, "traceroute"),
];

/// Prints an IPv4 datagram; `length` is what the link layer says is left of the frame.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ip";
    let vhl = u8at(p, 0)?;
    if vhl >> 4 != 4 {
        if vhl >> 4 == 6 {
            nd.s("IP6, wrong link-layer encapsulation");
        } else {
            nd.f(format_args!("IP{}", vhl >> 4));
        }
        nd.invalid();
        return Ok(());
    }
    if !nd.opts.link_header {
        nd.s("IP ");
    }
    if p.len() < 20 {
        return nd.trunc_here();
    }
    if length < 20 {
        nd.f(format_args!("truncated-ip {length}"));
        return Ok(());
    }
    let hlen = ((vhl & 15) as usize) * 4;
    if hlen < 20 {
        nd.f(format_args!("bad-hlen {hlen}"));
        return Ok(());
    }
    let mut len = be16(p, 2)? as usize;
    if length < len {
        nd.f(format_args!(
            "truncated-ip - {} bytes missing! ",
            len - length
        ));
    }
    if len < hlen {
        if len != 0 {
            nd.f(format_args!("bad-len {len}"));
            return Ok(());
        }
        // A zero length is taken for a TSO send: the frame's length is the datagram's.
        len = length;
    }
    // Cut the captured data to the end of the datagram (drops Ethernet padding).
    let p = &p[..p.len().min(len)];
    let off = be16(p, 6)?;
    let nh = p[9];
    if nd.opts.verbose > 0 {
        let tos = p[1];
        nd.f(format_args!("(tos 0x{tos:x}"));
        match tos & 3 {
            1 => nd.s(",ECT(1)"),
            2 => nd.s(",ECT(0)"),
            3 => nd.s(",CE"),
            _ => {}
        }
        let ttl = p[8];
        if ttl >= 1 {
            nd.f(format_args!(", ttl {ttl}"));
        }
        nd.f(format_args!(
            ", id {}, offset {}, flags [",
            be16(p, 4)?,
            (off & 0x1fff) as u32 * 8
        ));
        let mut sep = "";
        for (bit, name) in [(0x2000u16, "+"), (0x4000, "DF"), (0x8000, "rsvd")] {
            if off & bit != 0 {
                nd.s(sep);
                nd.s(name);
                sep = ", ";
            }
        }
        if sep.is_empty() {
            nd.s("none");
        }
        nd.f(format_args!(
            "], proto {} ({nh})",
            tok(IPPROTOS, nh as u32).unwrap_or("unknown")
        ));
        nd.f(format_args!(", length {}", be16(p, 2)?));
        let mut truncated = false;
        if hlen > 20 {
            nd.s(", options (");
            if !options(nd, tail(p, 20), hlen - 20)? {
                nd.s(" [truncated-option]");
                truncated = true;
            }
            nd.s(")");
        }
        if !nd.opts.no_checksum && p.len() >= hlen {
            let sum = fold(sum_words(0, &p[..hlen]));
            if sum != 0 {
                let field = be16(p, 10)?;
                nd.f(format_args!(
                    ", bad cksum {field:x} (->{:x})!",
                    cksum_shouldbe(field, sum)
                ));
            }
        }
        nd.s(")\n    ");
        if truncated {
            nd.host4(&p[12..16]);
            nd.s(" > ");
            nd.host4(&p[16..20]);
            nd.s(": ");
            return nd.trunc_here();
        }
    }
    let hdr = IpHdr {
        raw: &p[..20],
        v6: false,
        first_proto: nh,
        dst6: None,
    };
    let payload = tail(p, hlen);
    let plen = len.saturating_sub(hlen);
    if off & 0x1fff == 0 {
        if !matches!(nh, 6 | 17 | 132 | 33) {
            hdr.src(nd);
            nd.s(" > ");
            hdr.dst(nd);
            nd.s(": ");
        }
        if p.len() < hlen {
            nd.f(format_args!(
                " [remaining caplen({}) < header length({hlen})]",
                p.len()
            ));
            return Err(Trunc);
        }
        let fragmented = off & 0x3fff != 0;
        demux(nd, payload, plen, nh, hdr, fragmented)
    } else {
        hdr.src(nd);
        nd.s(" > ");
        hdr.dst(nd);
        nd.s(":");
        proto_name(nd, nh);
        Ok(())
    }
}

/// ` tcp` / ` ip-proto-N` for a protocol no printer decodes (names only without `-n`).
fn proto_name(nd: &mut Nd<'_>, nh: u8) {
    match nd.names.proto(nh) {
        Some(n) => {
            nd.o.push(b' ');
            nd.o.extend_from_slice(n.as_bytes());
        }
        None => nd.f(format_args!(" ip-proto-{nh}")),
    }
}

/// tcpdump's `ip_demux_print`: the printer for the next protocol.
pub(crate) fn demux(
    nd: &mut Nd<'_>,
    p: &[u8],
    len: usize,
    nh: u8,
    hdr: IpHdr<'_>,
    fragmented: bool,
) -> Res {
    match nh {
        6 => tcp::print(nd, p, len, hdr, fragmented),
        17 => udp::print(nd, p, len, hdr, fragmented),
        1 if !hdr.v6 => icmp::print(nd, p, len, hdr, fragmented),
        58 if hdr.v6 => super::icmp6::print(nd, p, len, hdr),
        58 => {
            nd.s("[ICMPv6 requires IPv6]");
            nd.invalid();
            Ok(())
        }
        41 => ip6::print(nd, p, len),
        8 => super::egp::print(nd, p, len),
        47 => super::gre::print(nd, p, len),
        55 => super::mobile::print(nd, p, len),
        143 => {
            // Ethernet inside IPv6 (SRv6 L2 VPN, RFC 8986).
            super::ether::print(nd, p, len as u32);
            Ok(())
        }
        59 if hdr.v6 => {
            nd.s("no next header");
            Ok(())
        }
        4 => print(nd, p, len),
        51 => {
            // A chain of AH headers is walked here rather than by recursion.
            let (mut p, mut len, mut nh) = (p, len, nh);
            while nh == 51 {
                let Some(&next) = p.first() else {
                    nd.proto = "ah";
                    nd.trunc();
                    return Ok(());
                };
                let adv = super::ah::print(nd, p)?;
                p = tail(p, adv);
                // tcpdump's unsigned length wraps when the header claims more than there is.
                len = (len as u32).wrapping_sub(adv as u32) as usize;
                nh = next;
            }
            demux(nd, p, len, nh, hdr, fragmented)
        }
        50 => super::esp::print(nd, p, len),
        108 => super::ipcomp::print(nd, p),
        132 => super::sctp::print(nd, p, len, hdr),
        33 => super::dccp::print(nd, p, len, hdr),
        113 => super::pgm::print(nd, p, len, &hdr),
        _ => {
            proto_name(nd, nh);
            nd.f(format_args!(" {len}"));
            Ok(())
        }
    }
}

/// The `-v` list of IPv4 options. Ok(false): an address or timestamp ran past the captured
/// bytes (tcpdump's `[truncated-option]`); Err: a plain read did (tcpdump's longjmp).
fn options(nd: &mut Nd<'_>, cp: &[u8], mut length: usize) -> Res<bool> {
    let mut sep = "";
    let mut i = 0;
    while length > 0 {
        nd.s(sep);
        sep = ",";
        let code = u8at(cp, i)?;
        match tok(IP_OPTIONS, code as u32) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("unknown {code}")),
        }
        let olen = if code == 0 || code == 1 {
            1
        } else {
            let l = u8at(cp, i + 1)? as usize;
            if l < 2 {
                nd.f(format_args!(" [bad length {l}]"));
                return Ok(true);
            }
            l
        };
        if olen > length {
            nd.f(format_args!(" [bad length {olen}]"));
            return Ok(true);
        }
        // What was captured of the option; the printers check each field they read.
        let opt = &cp[i.min(cp.len())..(i + olen).min(cp.len())];
        let ok = match code {
            0 => return Ok(true),
            68 => timestamps(nd, opt, olen)?,
            7 | 131 | 137 => route(nd, opt, olen)?,
            148 => {
                if olen < 4 {
                    nd.f(format_args!(" [bad length {olen}]"));
                } else {
                    let v = be16(opt, 2)?;
                    if v != 0 {
                        nd.f(format_args!(" value {v}"));
                    }
                }
                true
            }
            _ => true,
        };
        if !ok {
            return Ok(false);
        }
        i += olen;
        length -= olen;
    }
    Ok(true)
}

fn route(nd: &mut Nd<'_>, cp: &[u8], length: usize) -> Res<bool> {
    if length < 3 {
        nd.f(format_args!(" [bad length {length}]"));
        return Ok(true);
    }
    if (length + 1) & 3 != 0 {
        nd.f(format_args!(" [bad length {length}]"));
    }
    let p2 = u8at(cp, 2)?;
    let ptr = (p2 as usize).wrapping_sub(1);
    if !(3..=length + 1).contains(&ptr) || (ptr + 1) & 3 != 0 {
        nd.f(format_args!(" [bad ptr {p2}]"));
    }
    let mut len = 3;
    while len < length {
        let Ok(a) = super::sl(cp, len, 4) else {
            return Ok(false);
        };
        nd.s(" ");
        nd.ipv4(a);
        if ptr > len {
            nd.s(",");
        }
        len += 4;
    }
    Ok(true)
}

fn timestamps(nd: &mut Nd<'_>, cp: &[u8], length: usize) -> Res<bool> {
    nd.s(" TS{");
    let b3 = u8at(cp, 3)?;
    let flags = b3 & 0xf;
    let hoplen = if flags != 0 { 8 } else { 4 };
    if (length.wrapping_sub(4)) & (hoplen - 1) != 0 {
        nd.f(format_args!("[bad length {length}]"));
    }
    let p2 = u8at(cp, 2)?;
    let ptr = (p2 as usize).wrapping_sub(1);
    let mut len = 0;
    if ptr < 4 || ((ptr - 4) & (hoplen - 1)) != 0 || ptr > length + 1 {
        nd.f(format_args!("[bad ptr {p2}]"));
    }
    let known = match flags {
        0 => Some("TSONLY"),
        1 => Some("TS+ADDR"),
        3 => Some("PRESPEC"),
        _ => None,
    };
    match known {
        Some(t) => {
            nd.s(t);
            let mut sep = " ";
            len = 4;
            while len < length {
                if ptr == len {
                    sep = " ^ ";
                }
                let Ok(hop) = super::sl(cp, len, hoplen) else {
                    return Ok(false);
                };
                let v = &hop[hoplen - 4..];
                nd.s(sep);
                nd.u(u32::from_be_bytes([v[0], v[1], v[2], v[3]]) as u64);
                nd.s("@");
                if hoplen == 8 {
                    nd.ipv4(&hop[0..4]);
                }
                sep = " ";
                len += hoplen;
            }
        }
        None => nd.f(format_args!("[bad ts type {flags}]")),
    }
    if ptr == len {
        nd.s(" ^ ");
    }
    if b3 >> 4 != 0 {
        nd.f(format_args!(" [{} hops not recorded]}} ", b3 >> 4));
    } else {
        nd.s("}");
    }
    Ok(true)
}
