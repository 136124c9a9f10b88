//! IPv4, as tcpdump's print-ip.c: the `-v` header line with options and checksum, fragments,
//! and the hand-off to the transport printers.
use super::{Nd, Res, Trunc, be16, be32, has, icmp, ip6, tail, tcp, tok, u8at, udp};

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
    (143, "Ethernet"),
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
    // tcpdump's `in_cksum_shouldbe`: field + sum with end-around carry (0xffff, not 0, when
    // they cancel out).
    let mut s = u32::from(field) + u32::from(sum);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}

/// The pseudo-header sum for a transport checksum over IPv4; `iph` is the header with its
/// options (as captured), which may name another final destination.
pub(crate) fn pseudo_sum(iph: &[u8], proto: u8, len: usize) -> u32 {
    let mut s = sum_words(0, &iph[12..16]);
    s = sum_words(s, finddst(iph));
    s.wrapping_add(proto as u32)
        .wrapping_add(len as u32 & 0xffff)
}

/// tcpdump's `ip_finddst`: the last address of a source route option, else the destination.
fn finddst(iph: &[u8]) -> &[u8] {
    let dst = &iph[16..20];
    let hlen = usize::from(iph[0] & 0x0f) * 4;
    let mut length = hlen.saturating_sub(20);
    let mut cp = 20;
    while length != 0 {
        let Some(&tt) = iph.get(cp) else {
            return dst;
        };
        let len = match tt {
            0 => return dst,
            1 => 1,
            _ => match iph.get(cp + 1) {
                Some(&l) if l >= 2 => usize::from(l),
                _ => return dst,
            },
        };
        if length < len || !has(iph, cp, len) {
            return dst;
        }
        if matches!(tt, 131 | 137) && len >= 7 {
            return &iph[cp + len - 4..cp + len];
        }
        cp += len;
        length -= len;
    }
    dst
}

/// The IP header the transport printers need: where the addresses are and what version.
#[derive(Clone, Copy)]
pub(crate) struct IpHdr<'a> {
    /// The raw header (the IPv4 header with what was captured of its options, or the 40-byte
    /// IPv6 header).
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

    /// The TTL (IPv6: hop limit).
    pub fn ttl(&self) -> u8 {
        self.raw[if self.v6 { 7 } else { 8 }]
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
    let len = be16(p, 2)? as usize;
    if length < len {
        nd.f(format_args!(
            "truncated-ip - {} bytes missing! ",
            len - length
        ));
    }
    // tcpdump 4.99.3 is built without GUESS_TSO: a zero length is as bad as any other short one.
    if len < hlen {
        nd.f(format_args!("bad-len {len}"));
        return Ok(());
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
        raw: &p[..hlen.min(p.len())],
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
        1 => {
            nd.s("[ICMP requires IPv4]");
            nd.invalid();
            Ok(())
        }
        58 if hdr.v6 => super::icmp6::print(nd, p, len, hdr, fragmented),
        58 => {
            nd.s("[ICMPv6 requires IPv6]");
            nd.invalid();
            Ok(())
        }
        2 if !hdr.v6 => super::igmp::print(nd, p, len),
        2 => {
            nd.s("[IGMP requires IPv4]");
            nd.invalid();
            Ok(())
        }
        103 => super::pim::print(nd, p, len, hdr),
        112 if nd.opts.packet_type == Some(super::PacketType::Carp) => {
            super::carp::print(nd, p, len, hdr.ttl())
        }
        112 => super::vrrp::print(nd, p, len, hdr),
        41 => ip6::print(nd, p, len),
        8 => super::egp::print(nd, p, len),
        47 => super::gre::print(nd, p, len),
        46 => super::rsvp::print(nd, p, len),
        55 => super::mobile::print(nd, p, len),
        89 if hdr.v6 => super::ospf6::print(nd, p, len),
        88 => super::eigrp::print(nd, p, len),
        // Sun's net disk protocol: tcpdump names it, with or without `-n`.
        77 => {
            nd.f(format_args!(" nd {len}"));
            Ok(())
        }
        9 => super::igrp::print(nd, p, len),
        89 => super::ospf::print(nd, p, len),
        143 if hdr.v6 => {
            // Ethernet inside IPv6 (SRv6 L2 VPN, RFC 8986).
            super::ether::print(nd, p, len as u32);
            Ok(())
        }
        143 => {
            nd.s("[Ethernet requires IPv6]");
            nd.invalid();
            Ok(())
        }
        59 => {
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
        50 => super::esp::print(nd, p, len, &hdr, fragmented),
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

/// The `-v` list of IPv4 options. Ok(false): an option ran past the captured bytes (tcpdump's
/// `[truncated-option]`); Err: a plain read did (tcpdump's longjmp).
fn options(nd: &mut Nd<'_>, cp: &[u8], mut length: usize) -> Res<bool> {
    let mut sep = "";
    let mut i = 0;
    while length > 0 {
        nd.s(sep);
        sep = ",";
        let code = u8at(cp, i)?;
        nd.tok2str(IP_OPTIONS, "unknown %u", u32::from(code));
        let olen = if code == 0 || code == 1 {
            1
        } else {
            let l = usize::from(u8at(cp, i + 1)?);
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
        if !has(cp, i, olen) {
            return Ok(false);
        }
        // The option and what was captured after it: the routes and time stamps check their
        // entries against the captured bytes, not against the option.
        let opt = &cp[i..];
        match code {
            0 => return Ok(true),
            68 if !timestamps(nd, opt, olen)? => return Ok(false),
            7 | 131 | 137 if !route(nd, opt, olen)? => return Ok(false),
            148 => {
                if olen < 4 {
                    nd.f(format_args!(" [bad length {olen}]"));
                } else {
                    let v = be16(opt, 2)?;
                    if v != 0 {
                        nd.f(format_args!(" value {v}"));
                    }
                }
            }
            _ => {}
        }
        i += olen;
        length -= olen;
    }
    Ok(true)
}

/// A recorded or source route; Ok(false) when an address was not captured.
fn route(nd: &mut Nd<'_>, cp: &[u8], length: usize) -> Res<bool> {
    if length < 3 {
        nd.f(format_args!(" [bad length {length}]"));
        return Ok(true);
    }
    if (length + 1) & 3 != 0 {
        nd.f(format_args!(" [bad length {length}]"));
    }
    let p2 = u8at(cp, 2)?;
    // tcpdump's unsigned pointer: a zero wraps to a huge value.
    let ptr = u32::from(p2).wrapping_sub(1) as usize;
    if ptr < 3 || (ptr + 1) & 3 != 0 || ptr > length + 1 {
        nd.f(format_args!(" [bad ptr {p2}]"));
    }
    let mut len = 3;
    while len < length {
        if !has(cp, len, 4) {
            return Ok(false);
        }
        nd.s(" ");
        nd.host4(&cp[len..len + 4]);
        if ptr > len {
            nd.s(",");
        }
        len += 4;
    }
    Ok(true)
}

/// A time stamp option; Ok(false) when an entry was not captured.
fn timestamps(nd: &mut Nd<'_>, cp: &[u8], length: usize) -> Res<bool> {
    if length < 4 {
        nd.f(format_args!("[bad length {length}]"));
        return Ok(true);
    }
    nd.s(" TS{");
    let b3 = u8at(cp, 3)?;
    let flags = b3 & 0xf;
    let hoplen = if flags != 0 { 8 } else { 4 };
    if (length - 4) & (hoplen - 1) != 0 {
        nd.f(format_args!("[bad length {length}]"));
    }
    let p2 = u8at(cp, 2)?;
    let ptr = u32::from(p2).wrapping_sub(1) as usize;
    if ptr < 4 || ((ptr - 4) & (hoplen - 1)) != 0 || ptr > length + 1 {
        nd.f(format_args!("[bad ptr {p2}]"));
    }
    let mut len = 0;
    let kind = match flags {
        0 => Some("TSONLY"),
        1 => Some("TS+ADDR"),
        3 => Some("PRESPEC"),
        _ => None,
    };
    match kind {
        Some(k) => {
            nd.s(k);
            let mut sep = " ";
            len = 4;
            while len < length {
                if ptr == len {
                    sep = " ^ ";
                }
                if !has(cp, len, hoplen) {
                    return Ok(false);
                }
                nd.s(sep);
                nd.u(u64::from(be32(cp, len + hoplen - 4)?));
                nd.s("@");
                if hoplen == 8 {
                    nd.host4(&cp[len..len + 4]);
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

#[cfg(test)]
mod tests {
    use crate::tests::print_one;
    use crate::{Options, PacketType};

    proptest::proptest! {
        /// Random payloads behind every IP protocol number, over IPv4 and IPv6, never panic.
        #[test]
        fn random_protocol_payloads_never_panic(
            payload in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            proto: u8, v6: bool, v in 0u8..4, carp: bool, cut in 0usize..40,
        ) {
            let mut data = if v6 {
                let mut h = vec![0x60, 0, 0, 0];
                h.extend_from_slice(&(payload.len() as u16).to_be_bytes());
                h.extend_from_slice(&[proto, 255]);
                h.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
                h.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12]);
                h
            } else {
                let total = (payload.len() + 20) as u16;
                let mut h = vec![0x45, 0];
                h.extend_from_slice(&total.to_be_bytes());
                h.extend_from_slice(&[0, 0, 0, 0, 255, proto, 0, 0, 10, 0, 0, 1, 224, 0, 0, 18]);
                h
            };
            data.extend_from_slice(&payload);
            // A capture cut short, as with a small snapshot length.
            data.truncate(data.len().saturating_sub(cut));
            let packet_type = carp.then_some(PacketType::Carp);
            let opts = Options { verbose: v, numeric: 1, packet_type, ..Default::default() };
            let _ = print_one(opts, if v6 { 229 } else { 228 }, &data);
        }

        /// Messages of the right type byte with random bodies, so the decoders get past their
        /// first check: IGMP, PIM, VRRP, ICMP, ICMPv6, the mobility header, Babel, OLSR, LISP.
        #[test]
        fn typed_random_messages_never_panic(
            which in 0usize..9, pick in 0usize..32, body in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
            v in 0u8..4, cut in 0usize..24,
        ) {
            const IGMP: &[u8] = &[0x11, 0x12, 0x13, 0x14, 0x16, 0x17, 0x1e, 0x1f, 0x22];
            const ICMP6: &[u8] = &[1, 2, 3, 4, 128, 130, 131, 133, 134, 135, 136, 137, 138, 139, 140, 143, 145, 147, 155];
            let choose = |set: &[u8]| set[pick % set.len()];
            // (IPv6, IP protocol or UDP port, first bytes of the message)
            let (v6, proto, port, head): (bool, u8, u16, Vec<u8>) = match which {
                0 => (false, 2, 0, vec![choose(IGMP)]),
                1 => (pick % 2 == 1, 103, 0, vec![0x20 | (pick as u8 % 12), (pick as u8) & 0x14]),
                2 => (pick % 2 == 1, 112, 0, vec![if pick % 4 < 2 { 0x21 } else { 0x31 }]),
                3 => (false, 1, 0, vec![[0u8, 3, 4, 5, 8, 9, 11, 12, 13, 14, 18][pick % 11], pick as u8 % 16]),
                4 => (true, 58, 0, vec![choose(ICMP6), pick as u8 % 4]),
                5 => (true, 135, 0, vec![59, pick as u8 % 4, pick as u8 % 9]),
                6 => (pick % 2 == 1, 17, 6696, vec![42, 2]),
                7 => (pick % 2 == 1, 17, 698, vec![]),
                _ => (false, 17, 4342, vec![0x30 | ((pick as u8 & 1) << 6)]),
            };
            let mut msg = head;
            msg.extend_from_slice(&body);
            if port != 0 {
                let mut u = vec![0x12, 0x34];
                u.extend_from_slice(&port.to_be_bytes());
                u.extend_from_slice(&((msg.len() + 8) as u16).to_be_bytes());
                u.extend_from_slice(&[0, 0]);
                u.extend_from_slice(&msg);
                msg = u;
            }
            let mut data = if v6 {
                let mut h = vec![0x60, 0, 0, 0];
                h.extend_from_slice(&(msg.len() as u16).to_be_bytes());
                h.extend_from_slice(&[proto, 255]);
                h.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
                h.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12]);
                h
            } else {
                let mut h = vec![0x45, 0];
                h.extend_from_slice(&((msg.len() + 20) as u16).to_be_bytes());
                h.extend_from_slice(&[0, 0, 0, 0, 255, proto, 0, 0, 10, 0, 0, 1, 224, 0, 0, 18]);
                h
            };
            data.extend_from_slice(&msg);
            data.truncate(data.len().saturating_sub(cut));
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, if v6 { 229 } else { 228 }, &data);
        }

        /// Random payloads behind the UDP ports of the routing and redundancy protocols.
        #[test]
        fn random_udp_routing_payloads_never_panic(
            payload in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            port in proptest::sample::select(vec![496u16, 654, 698, 1985, 4342, 6696, 6697]),
            v6: bool, v in 0u8..4, aodv: bool,
        ) {
            let ulen = (payload.len() + 8) as u16;
            let mut udp = vec![0x12, 0x34];
            udp.extend_from_slice(&port.to_be_bytes());
            udp.extend_from_slice(&ulen.to_be_bytes());
            udp.extend_from_slice(&[0, 0]);
            udp.extend_from_slice(&payload);
            let mut data = if v6 {
                let mut h = vec![0x60, 0, 0, 0];
                h.extend_from_slice(&ulen.to_be_bytes());
                h.extend_from_slice(&[17, 255]);
                h.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
                h.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12]);
                h
            } else {
                let mut h = vec![0x45, 0];
                h.extend_from_slice(&(ulen + 20).to_be_bytes());
                h.extend_from_slice(&[0, 0, 0, 0, 255, 17, 0, 0, 10, 0, 0, 1, 224, 0, 0, 18]);
                h
            };
            data.extend_from_slice(&udp);
            let packet_type = aodv.then_some(PacketType::Aodv);
            let opts = Options { verbose: v, numeric: 1, packet_type, ..Default::default() };
            let _ = print_one(opts, if v6 { 229 } else { 228 }, &data);
        }
    }
}

#[cfg(test)]
/// IPv4 options, as tcpdump prints them.
mod option_tests {
    use crate::decoder_tests::check;

    #[test]
    fn ip_lsrr_udp_cksum_vv() {
        check(
            228,
            "-n -vv",
            45,
            "4800002d000100004011cfe40a0000010a000002830b040a000003c00002090104d2162e000dd4f768656c6c6f",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 45, options (LSRR 10.0.0.3 192.0.2.9,NOP))\n    10.0.0.1.1234 > 10.0.0.2.5678: [udp sum ok] UDP, length 5",
        );
    }

    #[test]
    fn ip_lsrr_udp_cksum_wrong_dst_vv() {
        check(
            228,
            "-n -vv",
            45,
            "4800002d000100004011cfe40a0000010a000002830b040a000003c00002090104d2162e000d8cff68656c6c6f",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 45, options (LSRR 10.0.0.3 192.0.2.9,NOP))\n    10.0.0.1.1234 > 10.0.0.2.5678: [bad udp cksum 0x8cff -> 0xd4f7!] UDP, length 5",
        );
    }

    #[test]
    fn ip_ts_addr_v() {
        check(
            228,
            "-n -v",
            40,
            "480000280001000040010fc40a0000010a000002440c05010a000001000001000800f7fe00000001",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 40, options (timestamp TS{TS+ADDR ^ 256@10.0.0.1}))\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 1, length 8",
        );
    }

    #[test]
    fn ip_ts_only_v() {
        check(
            228,
            "-n -v",
            40,
            "4800002800010000400116a30a0000010a000002440c092000000001000000020800f7fe00000001",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 40, options (timestamp TS{TSONLY 1@ ^ 2@ [2 hops not recorded]} ))\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 1, length 8",
        );
    }

    #[test]
    fn ip_rr_v() {
        check(
            228,
            "-n -v",
            36,
            "4700002400010000400150c50a0000010a0000020707040a000009000800f7fe00000001",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 36, options (RR 10.0.0.9,EOL))\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 1, length 8",
        );
    }

    #[test]
    fn ip_ra_v() {
        check(
            228,
            "-n -v",
            32,
            "46000020000100004002d1d30a0000010a000002940400011600fafde0000001",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGMP (2), length 32, options (RA value 1))\n    10.0.0.1 > 10.0.0.2: igmp v2 report 224.0.0.1 bad igmp cksum fafd!",
        );
    }

    #[test]
    fn ip_opt_bad_len_v() {
        check(
            228,
            "-n -v",
            32,
            "460000200001000040015ed90a0000010a000002070100000800f7fe00000001",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 32, options (RR [bad length 1]))\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 1, length 8",
        );
    }

    #[test]
    fn ip_rr_truncated_v() {
        check(
            228,
            "-n -v",
            40,
            "4f000044000100004001518f0a0000010a0000020727040000000000000000000000000000000000",
            "IP truncated-ip - 28 bytes missing! (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 68, options (RR [truncated-option]))\n    10.0.0.1 > 10.0.0.2:  [|ip]",
        );
    }
}

#[cfg(test)]
/// The protocols by IP version, as tcpdump's `ip_demux_print`.
mod demux_tests {
    use crate::decoder_tests::check;

    #[test]
    fn ip6_carrying_icmp4() {
        check(
            229,
            "-n",
            48,
            "6000000000080140fe800000000000000000000000000001fe8000000000000000000000000000020800000000000000",
            "IP6 fe80::1 > fe80::2: [ICMP requires IPv4] (invalid)",
        );
    }

    #[test]
    fn ip6_carrying_igmp() {
        check(
            229,
            "-n",
            48,
            "6000000000080240fe800000000000000000000000000001fe80000000000000000000000000000216000000e0000001",
            "IP6 fe80::1 > fe80::2: [IGMP requires IPv4] (invalid)",
        );
    }

    #[test]
    fn ip4_carrying_icmp6() {
        check(
            228,
            "-n",
            28,
            "4500001c00010000403a00000a0000010a0000028000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: [ICMPv6 requires IPv6] (invalid)",
        );
    }

    #[test]
    fn ip4_no_next_header() {
        check(
            228,
            "-n",
            20,
            "4500001400010000403b00000a0000010a000002",
            "IP 10.0.0.1 > 10.0.0.2: no next header",
        );
    }

    #[test]
    fn ip4_carrying_ethernet() {
        check(
            228,
            "-n",
            34,
            "4500002200010000408f00000a0000010a0000020000000000000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: [Ethernet requires IPv6] (invalid)",
        );
    }

    #[test]
    fn ip4_unknown_protocol() {
        check(
            228,
            "-n",
            30,
            "4500001e0001000040c800000a0000010a00000200000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2:  ip-proto-200 10",
        );
    }
}

#[cfg(test)]
mod length_tests {
    use crate::decoder_tests::check_n;

    /// tcpdump 4.99.3 is built without GUESS_TSO: a total length of 0 is `bad-len 0`, with or
    /// without payload, at any verbosity, and with `-e`.
    #[test]
    fn total_length_zero() {
        let bare =
            "00112233445566554433221108004500000000010000401166ea0a0000010a0000029c40003500080000";
        let more = "00112233445566554433221108004500000000010000401166ea0a0000010a0000029c4000350008000001020304";
        check_n(1, "", bare, "IP bad-len 0");
        check_n(1, "-vv", more, "IP bad-len 0");
        check_n(
            1,
            "-e",
            more,
            "66:55:44:33:22:11 > 00:11:22:33:44:55, ethertype IPv4 (0x0800), length 46: bad-len 0",
        );
        check_n(
            1,
            "",
            "00112233445566554433221108004500000a00010000401166e00a0000010a0000029c40003500080000",
            "IP bad-len 10",
        );
    }
}
