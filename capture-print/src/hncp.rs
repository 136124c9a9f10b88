//! HNCP (the Home Networking Control Protocol, RFC 7788, over DNCP, RFC 7787), as tcpdump's
//! print-hncp.c: the TLV tree, summarised on one line at low `-v` levels and decoded field by
//! field deeper down.
use super::util::Tok;
use super::{Nd, Res, be16, be32, be64, dns, sl, u8at};

const REQUEST_NETWORK_STATE: u32 = 1;
const REQUEST_NODE_STATE: u32 = 2;
const NODE_ENDPOINT: u32 = 3;
const NETWORK_STATE: u32 = 4;
const NODE_STATE: u32 = 5;
const PEER: u32 = 8;
const KEEP_ALIVE_INTERVAL: u32 = 9;
const TRUST_VERDICT: u32 = 10;
const HNCP_VERSION: u32 = 32;
const EXTERNAL_CONNECTION: u32 = 33;
const DELEGATED_PREFIX: u32 = 34;
const PREFIX_POLICY: u32 = 43;
const DHCPV4_DATA: u32 = 37;
const DHCPV6_DATA: u32 = 38;
const ASSIGNED_PREFIX: u32 = 35;
const NODE_ADDRESS: u32 = 36;
const DNS_DELEGATED_ZONE: u32 = 39;
const DOMAIN_NAME: u32 = 40;
const NODE_NAME: u32 = 41;
const MANAGED_PSK: u32 = 42;

/// Ranges of types without a name of their own (above any 16-bit type).
const RESERVED: u32 = 0x10000;
const UNASSIGNED: u32 = 0x10001;
const PRIVATE_USE: u32 = 0x10002;
const FUTURE_USE: u32 = 0x10003;

const TYPES: &Tok = &[
    (REQUEST_NETWORK_STATE, "Request network state"),
    (REQUEST_NODE_STATE, "Request node state"),
    (NODE_ENDPOINT, "Node endpoint"),
    (NETWORK_STATE, "Network state"),
    (NODE_STATE, "Node state"),
    (PEER, "Peer"),
    (KEEP_ALIVE_INTERVAL, "Keep-alive interval"),
    (TRUST_VERDICT, "Trust-Verdict"),
    (HNCP_VERSION, "HNCP-Version"),
    (EXTERNAL_CONNECTION, "External-Connection"),
    (DELEGATED_PREFIX, "Delegated-Prefix"),
    (PREFIX_POLICY, "Prefix-Policy"),
    (DHCPV4_DATA, "DHCPv4-Data"),
    (DHCPV6_DATA, "DHCPv6-Data"),
    (ASSIGNED_PREFIX, "Assigned-Prefix"),
    (NODE_ADDRESS, "Node-Address"),
    (DNS_DELEGATED_ZONE, "DNS-Delegated-Zone"),
    (DOMAIN_NAME, "Domain-Name"),
    (NODE_NAME, "Node-Name"),
    (MANAGED_PSK, "Managed-PSK"),
    (RESERVED, "Reserved"),
    (UNASSIGNED, "Unassigned"),
    (PRIVATE_USE, "Private use"),
    (FUTURE_USE, "Future use"),
];

const DHCP4_OPTS: &Tok = &[(6, "DNS-server"), (42, "NTP-server"), (119, "DNS-search")];

const DHCP6_OPTS: &Tok = &[
    (23, "DNS-server"),
    (24, "DNS-search-list"),
    (31, "SNTP-servers"),
];

/// The first 12 bytes of an IPv4-mapped IPv6 address.
const V4_MAPPED: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// Prints an HNCP packet; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "hncp";
    nd.f(format_args!("hncp ({length})"));
    rec(nd, bp, 0, length, 1)
}

/// A newline and `indent` tabs.
fn newline(nd: &mut Nd<'_>, indent: usize) {
    nd.s("\n");
    for _ in 0..indent {
        nd.s("\t");
    }
}

/// A node identifier: four bytes with colons.
fn nid(nd: &mut Nd<'_>, bp: &[u8], at: usize) -> Res {
    let b = sl(bp, at, 4)?;
    nd.f(format_args!(
        "{:02x}:{:02x}:{:02x}:{:02x}",
        b[0], b[1], b[2], b[3]
    ));
    Ok(())
}

/// A 256-bit value in hex.
fn hex256(nd: &mut Nd<'_>, bp: &[u8], at: usize) -> Res {
    for k in 0..4 {
        nd.f(format_args!("{:016x}", be64(bp, at + 8 * k)?));
    }
    Ok(())
}

/// Milliseconds as seconds with three decimals.
fn interval(nd: &mut Nd<'_>, ms: u32) {
    nd.f(format_args!("{}.{:03}s", ms / 1000, ms % 1000));
}

/// An IPv6 address, or the IPv4 address it maps.
fn ip6addr(nd: &mut Nd<'_>, bp: &[u8], at: usize) -> Res {
    let a = sl(bp, at, 16)?;
    if a[..12] == V4_MAPPED {
        nd.host4(&a[12..]);
    } else {
        nd.host6(a);
    }
    Ok(())
}

/// A prefix (length byte, then the significant bytes), IPv4-mapped ones as IPv4; returns the
/// bytes used, or -1 for an impossible length and -2/-3 when it runs past `max`.
fn prefix(nd: &mut Nd<'_>, bp: &[u8], at: usize, max: usize) -> Res<i32> {
    let first = u8at(bp, at)?;
    if first >= 96 && max >= 13 && bp.get(at + 1..at + 13) == Some(&V4_MAPPED[..]) {
        let plen = usize::from(first - 96);
        if plen > 32 {
            return Ok(-1);
        }
        let bytes = plen.div_ceil(8);
        if max - 1 < bytes + 12 {
            return Ok(-3);
        }
        let mut addr = [0u8; 4];
        addr[..bytes].copy_from_slice(sl(bp, at + 13, bytes)?);
        if plen % 8 != 0 {
            addr[bytes - 1] &= (0xff00u16 >> (plen % 8)) as u8;
        }
        nd.host4(&addr);
        nd.f(format_args!("/{plen}"));
        return Ok((bytes + 13) as i32);
    }
    if max < 1 {
        return Ok(-2);
    }
    let plen = usize::from(first);
    if plen > 128 {
        return Ok(-1);
    }
    let bytes = plen.div_ceil(8);
    if max - 1 < bytes {
        return Ok(-2);
    }
    let mut addr = [0u8; 16];
    addr[..bytes].copy_from_slice(sl(bp, at + 1, bytes)?);
    if plen % 8 != 0 {
        addr[bytes - 1] &= (0xff00u16 >> (plen % 8)) as u8;
    }
    nd.host6(&addr);
    nd.f(format_args!("/{plen}"));
    Ok((1 + bytes) as i32)
}

/// DNS labels within `max` bytes, with dots; returns the bytes used with the final empty
/// label, or -1 (after `[|DNS]`) when they do not end in time.
fn dns_label(nd: &mut Nd<'_>, bp: &[u8], at: usize, max: usize) -> Res<i32> {
    let mut length = 0;
    while length < max {
        let lab = u8at(bp, at + length)? as usize;
        length += 1;
        if lab == 0 {
            return Ok(length as i32);
        }
        if length > 1 {
            nd.s(".");
        }
        if length + lab > max {
            nd.printjnp(super::tail(bp, at + length), max - length)?;
            break;
        }
        nd.printjnp(super::tail(bp, at + length), lab)?;
        length += lab;
    }
    nd.s("[|DNS]");
    Ok(-1)
}

/// DHCPv4 options of a DHCPv4-Data TLV; false when one is malformed.
fn dhcpv4(nd: &mut Nd<'_>, bp: &[u8], cp: usize, length: usize, indent: usize) -> Res<bool> {
    let mut i = 0;
    while i < length {
        if i + 2 > length {
            return Ok(false);
        }
        let ty = u8at(bp, cp + i)?;
        let optlen = u8at(bp, cp + i + 1)? as usize;
        let value = cp + i + 2;
        newline(nd, indent);
        nd.tok2str(DHCP4_OPTS, "Unknown", ty.into());
        nd.f(format_args!(" ({})", optlen + 2));
        if i + 2 + optlen > length {
            return Ok(false);
        }
        match ty {
            6 | 42 => {
                if optlen < 4 || !optlen.is_multiple_of(4) {
                    return Ok(false);
                }
                for t in (0..optlen).step_by(4) {
                    nd.s(" ");
                    nd.host4(sl(bp, value + t, 4)?);
                }
            }
            119 if !domains(nd, bp, value, value + optlen) => return Ok(false),
            _ => {}
        }
        i += 2 + optlen;
    }
    Ok(true)
}

/// A DHCP option's list of domain names from `from` to `end`, each after a space; false when
/// one is malformed.
fn domains(nd: &mut Nd<'_>, bp: &[u8], from: usize, end: usize) -> bool {
    let mut tp = from;
    while tp < end {
        nd.s(" ");
        match dns::fqdn_print(nd, bp, tp, end) {
            Some(next) => tp = next,
            None => return false,
        }
    }
    true
}

/// DHCPv6 options of a DHCPv6-Data TLV; false when one is malformed.
fn dhcpv6(nd: &mut Nd<'_>, bp: &[u8], cp: usize, length: usize, indent: usize) -> Res<bool> {
    let mut i = 0;
    while i < length {
        if i + 4 > length {
            return Ok(false);
        }
        let ty = be16(bp, cp + i)?;
        let optlen = be16(bp, cp + i + 2)? as usize;
        let value = cp + i + 4;
        newline(nd, indent);
        nd.tok2str(DHCP6_OPTS, "Unknown", ty.into());
        nd.f(format_args!(" ({})", optlen + 4));
        if i + 4 + optlen > length {
            return Ok(false);
        }
        match ty {
            23 | 31 => {
                if !optlen.is_multiple_of(16) {
                    nd.invalid();
                    return Ok(false);
                }
                for t in (0..optlen).step_by(16) {
                    nd.s(" ");
                    nd.host6(sl(bp, value + t, 16)?);
                }
            }
            24 if !domains(nd, bp, value, value + optlen) => return Ok(false),
            _ => {}
        }
        i += 4 + optlen;
    }
    Ok(true)
}

/// In the one-line summary, the name of a run of TLVs of one type (`(xN)` for several).
fn type_in_line(nd: &mut Nd<'_>, ty: u32, count: i32, indent: usize, first: &mut bool) {
    if count <= 0 {
        return;
    }
    if *first {
        *first = false;
        if indent > 1 {
            newline(nd, indent);
        } else {
            nd.s(" ");
        }
    } else {
        nd.s(", ");
    }
    nd.tok2str(TYPES, "Easter Egg", ty);
    if count > 1 {
        nd.f(format_args!(" (x{count})"));
    }
}

/// `x` rounded up to a multiple of 4.
fn round4(x: usize) -> usize {
    (x + 3) & !3
}

/// The TLVs from `cp` (an index into `bp`, the captured bytes) over `length` bytes, at depth
/// `indent`.
fn rec(nd: &mut Nd<'_>, bp: &[u8], cp: usize, length: usize, indent: usize) -> Res {
    let v = usize::from(nd.opts.verbose);
    let in_line = indent > v && v < 3;
    let mut first = true;
    let mut last_mask = u32::MAX;
    let mut last_count = -1;
    let mut i = 0;
    while i < length {
        let tlv = cp + i;
        if !in_line {
            newline(nd, indent);
        }
        if sl(bp, tlv, 4).is_err() {
            return nd.trunc_here();
        }
        if i + 4 > length {
            nd.invalid();
            return Ok(());
        }
        let ty = be16(bp, tlv)?;
        let bodylen = be16(bp, tlv + 2)? as usize;
        let value = tlv + 4;
        if sl(bp, value, bodylen).is_err() {
            return nd.trunc_here();
        }
        if i + bodylen + 4 > length {
            nd.invalid();
            return Ok(());
        }
        let ty32 = u32::from(ty);
        let mut mask = match ty {
            0 => RESERVED,
            44..=511 => UNASSIGNED,
            768..=1023 => PRIVATE_USE,
            _ => FUTURE_USE,
        };
        if ty == 6 || ty == 7 {
            mask = FUTURE_USE;
        }
        if TYPES.iter().any(|&(k, _)| k <= 0xffff && k == ty32) {
            mask = ty32;
        }
        if in_line {
            if last_mask == mask {
                last_count += 1;
            } else {
                type_in_line(nd, last_mask, last_count, indent, &mut first);
                last_mask = mask;
                last_count = 1;
            }
        } else {
            nd.tok2str(TYPES, "Easter Egg (42)", mask);
            if mask > 0xffff {
                nd.f(format_args!(": type={ty}"));
            }
            nd.f(format_args!(" ({})", bodylen + 4));
            if !body(nd, bp, mask, value, bodylen, indent)? {
                nd.invalid();
                return Ok(());
            }
        }
        i += 4 + round4(bodylen);
    }
    type_in_line(nd, last_mask, last_count, indent, &mut first);
    Ok(())
}

/// A TLV's body by type; false when the whole TLV list is invalid from here (a bad DHCPv4
/// option).
fn body(
    nd: &mut Nd<'_>,
    bp: &[u8],
    mask: u32,
    value: usize,
    bodylen: usize,
    indent: usize,
) -> Res<bool> {
    match mask {
        REQUEST_NETWORK_STATE if bodylen != 0 => nd.invalid(),
        REQUEST_NODE_STATE => {
            if bodylen != 4 {
                nd.invalid();
            } else {
                nd.s(" NID: ");
                nid(nd, bp, value)?;
            }
        }
        NODE_ENDPOINT => {
            if bodylen != 8 {
                nd.invalid();
            } else {
                let epid = be32(bp, value + 4)?;
                nd.s(" NID: ");
                nid(nd, bp, value)?;
                nd.f(format_args!(" EPID: {epid:08x}"));
            }
        }
        NETWORK_STATE => {
            if bodylen != 8 {
                nd.invalid();
            } else {
                nd.f(format_args!(" hash: {:016x}", be64(bp, value)?));
            }
        }
        NODE_STATE => {
            if bodylen < 20 {
                nd.invalid();
            } else {
                sl(bp, value, 4)?;
                let seq = be32(bp, value + 4)?;
                let ms = be32(bp, value + 8)?;
                let hash = be64(bp, value + 12)?;
                nd.s(" NID: ");
                nid(nd, bp, value)?;
                nd.f(format_args!(" seqno: {seq} "));
                interval(nd, ms);
                nd.f(format_args!(" hash: {hash:016x}"));
                rec(nd, bp, value + 20, bodylen - 20, indent + 1)?;
            }
        }
        PEER => {
            if bodylen != 12 {
                nd.invalid();
            } else {
                sl(bp, value, 4)?;
                let (peer, local) = (be32(bp, value + 4)?, be32(bp, value + 8)?);
                nd.s(" Peer-NID: ");
                nid(nd, bp, value)?;
                nd.f(format_args!(
                    " Peer-EPID: {peer:08x} Local-EPID: {local:08x}"
                ));
            }
        }
        KEEP_ALIVE_INTERVAL => {
            if bodylen < 8 {
                nd.invalid();
            } else {
                let epid = be32(bp, value)?;
                let ms = be32(bp, value + 4)?;
                nd.f(format_args!(" EPID: {epid:08x} Interval: "));
                interval(nd, ms);
            }
        }
        TRUST_VERDICT => {
            if bodylen <= 36 {
                nd.invalid();
            } else {
                let verdict = u8at(bp, value)?;
                sl(bp, value + 4, 32)?;
                nd.f(format_args!(" Verdict: {verdict} Fingerprint: "));
                hex256(nd, bp, value + 4)?;
                nd.s(" Common Name: ");
                nd.printjnp(super::tail(bp, value + 36), bodylen - 36)?;
            }
        }
        HNCP_VERSION => {
            if bodylen < 5 {
                nd.invalid();
            } else {
                let caps = be16(bp, value + 2)?;
                nd.f(format_args!(
                    " M: {} P: {} H: {} L: {} User-agent: ",
                    (caps >> 12) & 0xf,
                    (caps >> 8) & 0xf,
                    (caps >> 4) & 0xf,
                    caps & 0xf
                ));
                nd.printjnp(super::tail(bp, value + 4), bodylen - 4)?;
            }
        }
        EXTERNAL_CONNECTION => rec(nd, bp, value, bodylen, indent + 1)?,
        DELEGATED_PREFIX => {
            if bodylen < 9 || bodylen < 9 + usize::from(u8at(bp, value + 8)?).div_ceil(8) {
                nd.invalid();
            } else {
                let (vlso, plso) = (be32(bp, value)?, be32(bp, value + 4)?);
                nd.s(" VLSO: ");
                interval(nd, vlso);
                nd.s(" PLSO: ");
                interval(nd, plso);
                nd.s(" Prefix: ");
                let l = prefix(nd, bp, value + 8, bodylen - 8)?;
                if l == -1 {
                    nd.s("(length is invalid)");
                } else if l < 0 {
                    nd.invalid();
                } else {
                    let l = l + 8 + (-l & 3);
                    if bodylen as i32 >= l {
                        let l = l as usize;
                        rec(nd, bp, value + l, bodylen - l, indent + 1)?;
                    }
                }
            }
        }
        PREFIX_POLICY => {
            if bodylen < 1 {
                nd.invalid();
            } else {
                let policy = u8at(bp, value)?;
                nd.s(" type: ");
                match policy {
                    0 => {
                        if bodylen != 1 {
                            nd.invalid();
                        } else {
                            nd.s("Internet connectivity");
                        }
                    }
                    1..=128 => {
                        nd.s("Dest-Prefix: ");
                        let l = prefix(nd, bp, value, bodylen)?;
                        if l == -1 {
                            nd.s("(length is invalid)");
                        } else if l < 0 {
                            nd.invalid();
                        }
                    }
                    129 => {
                        nd.s("DNS domain: ");
                        dns_label(nd, bp, value + 1, bodylen - 1)?;
                    }
                    130 => {
                        nd.s("Opaque UTF-8: ");
                        nd.printjnp(super::tail(bp, value + 1), bodylen - 1)?;
                    }
                    131 => {
                        if bodylen != 1 {
                            nd.invalid();
                        } else {
                            nd.s("Restrictive assignment");
                        }
                    }
                    _ => nd.f(format_args!("Unknown ({policy})")),
                }
            }
        }
        DHCPV4_DATA => {
            if bodylen == 0 {
                nd.invalid();
            } else if !dhcpv4(nd, bp, value, bodylen, indent + 1)? {
                return Ok(false);
            }
        }
        DHCPV6_DATA if bodylen == 0 || !dhcpv6(nd, bp, value, bodylen, indent + 1)? => nd.invalid(),
        ASSIGNED_PREFIX => {
            if bodylen < 6 || bodylen < 6 + usize::from(u8at(bp, value + 5)?).div_ceil(8) {
                nd.invalid();
            } else {
                let prty = u8at(bp, value + 4)? & 0xf;
                nd.f(format_args!(" EPID: {:08x} Prty: {prty}", be32(bp, value)?));
                nd.s(" Prefix: ");
                let l = prefix(nd, bp, value + 5, bodylen - 5)?;
                if l < 0 {
                    nd.invalid();
                } else {
                    let l = l + 5;
                    let l = l + (-l & 3);
                    if bodylen as i32 >= l {
                        let l = l as usize;
                        rec(nd, bp, value + l, bodylen - l, indent + 1)?;
                    }
                }
            }
        }
        NODE_ADDRESS => {
            if bodylen < 20 {
                nd.invalid();
            } else {
                let epid = be32(bp, value)?;
                nd.f(format_args!(" EPID: {epid:08x} IP Address: "));
                ip6addr(nd, bp, value + 4)?;
                rec(nd, bp, value + 20, bodylen - 20, indent + 1)?;
            }
        }
        DNS_DELEGATED_ZONE => {
            if bodylen < 17 {
                nd.invalid();
            } else {
                let flags = u8at(bp, value + 16)?;
                nd.s(" IP-Address: ");
                ip6addr(nd, bp, value)?;
                nd.f(format_args!(
                    " {}{}{} ",
                    if flags & 4 != 0 { 'l' } else { '-' },
                    if flags & 2 != 0 { 'b' } else { '-' },
                    if flags & 1 != 0 { 's' } else { '-' }
                ));
                let len = dns_label(nd, bp, value + 17, bodylen - 17)?;
                if len < 0 {
                    nd.invalid();
                } else {
                    let len = len + 17;
                    let len = len + (-len & 3);
                    if bodylen as i32 >= len {
                        let len = len as usize;
                        rec(nd, bp, value + len, bodylen - len, indent + 1)?;
                    }
                }
            }
        }
        DOMAIN_NAME => {
            if bodylen == 0 {
                nd.invalid();
            } else {
                nd.s(" Domain: ");
                dns_label(nd, bp, value, bodylen)?;
            }
        }
        NODE_NAME => {
            if bodylen < 17 {
                nd.invalid();
            } else {
                let l = usize::from(u8at(bp, value + 16)?);
                if bodylen < 17 + l {
                    nd.invalid();
                } else {
                    nd.s(" IP-Address: ");
                    ip6addr(nd, bp, value)?;
                    nd.s(" Name: ");
                    if l < 64 {
                        nd.s("\"");
                        nd.printjnp(super::tail(bp, value + 17), l)?;
                        nd.s("\"");
                    } else {
                        nd.invalid();
                    }
                    let l = round4(l + 17);
                    if bodylen >= l {
                        rec(nd, bp, value + l, bodylen - l, indent + 1)?;
                    }
                }
            }
        }
        MANAGED_PSK => {
            if bodylen < 32 {
                nd.invalid();
            } else {
                nd.s(" PSK: ");
                hex256(nd, bp, value)?;
                rec(nd, bp, value + 32, bodylen - 32, indent + 1)?;
            }
        }
        _ => {}
    }
    Ok(true)
}
