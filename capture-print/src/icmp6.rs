//! ICMPv6, as tcpdump's print-icmp6.c: errors, echo, MLD v1/v2, Neighbor Discovery and its
//! options, router renumbering, node information, home agent and mobile prefix messages, and
//! RPL (DIS/DIO/DAO/DAO-ACK).
use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, Res, be16, be32, dns, has, sl, tail, u8at};

const TYPES: &[(u32, &str)] = &[
    (1, "destination unreachable"),
    (2, "packet too big"),
    (3, "time exceeded in-transit"),
    (4, "parameter problem"),
    (128, "echo request"),
    (129, "echo reply"),
    (130, "multicast listener query"),
    (131, "multicast listener report"),
    (132, "multicast listener done"),
    (133, "router solicitation"),
    (134, "router advertisement"),
    (135, "neighbor solicitation"),
    (136, "neighbor advertisement"),
    (137, "redirect"),
    (138, "router renumbering"),
    (141, "inverse neighbor solicitation"),
    (142, "inverse neighbor advertisement"),
    (143, "multicast listener report v2"),
    (144, "ha discovery request"),
    (145, "ha discovery reply"),
    (146, "mobile router solicitation"),
    (147, "mobile router advertisement"),
    // KAME's names for the node information types come first in tcpdump's table.
    (139, "who-are-you request"),
    (140, "who-are-you reply"),
    (201, "mtrace message"),
    (200, "mtrace response"),
    (155, "RPL"),
];

const UNREACH_CODES: &[(u32, &str)] = &[
    (0, "unreachable route"),
    (1, " unreachable prohibited"),
    (2, "beyond scope"),
    (3, "unreachable address"),
    (4, "unreachable port"),
];

const PREFIX_FLAGS: &[(u32, &str)] = &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")];

const RA_FLAGS: &[(u32, &str)] = &[
    (0x80, "managed"),
    (0x40, "other stateful"),
    (0x20, "home agent"),
    (0x02, "ipv6 only"),
];

const NA_FLAGS: &[(u32, &str)] = &[
    (0x8000_0000, "router"),
    (0x4000_0000, "solicited"),
    (0x2000_0000, "override"),
];

const ND_OPTIONS: &[(u32, &str)] = &[
    (1, "source link-address"),
    (2, "destination link-address"),
    (3, "prefix info"),
    (4, "redirected header"),
    (5, "mtu"),
    (25, "rdnss"),
    (31, "dnssl"),
    (7, "advertisement interval"),
    (8, "homeagent information"),
    (24, "route info"),
];

const RPL_MOPS: &[(u32, &str)] = &[
    (0, "nonstoring"),
    (1, "storing"),
    (2, "nonstoring-multicast"),
    (3, "storing-multicast"),
];

const RPL_OPTIONS: &[(u32, &str)] = &[
    (0, "pad1"),
    (1, "padN"),
    (2, "metrics"),
    (3, "routinginfo"),
    (4, "config"),
    (5, "rpltarget"),
    (6, "transitinfo"),
    (8, "destprefix"),
    (9, "rpltargetdesc"),
];

/// The route preference bits of a router advertisement or route information option.
fn rtpref(v: u8) -> &'static str {
    ["medium", "high", "rsv", "low"][usize::from((v & 0x18) >> 3)]
}

/// A lifetime in seconds; all ones is infinity.
fn lifetime(nd: &mut Nd<'_>, v: u32) {
    if v == u32::MAX {
        nd.s("infinity");
    } else {
        nd.f(format_args!("{v}s"));
    }
}

/// Prints an ICMPv6 message of `length` bytes; `fragmented` when it is part of a fragmented
/// datagram (its checksum cannot be verified then).
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    length: usize,
    ip: IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "icmp6";
    if length == 0 {
        nd.s("ICMP6, length 0");
        nd.invalid();
        return Ok(());
    }
    let v = nd.opts.verbose;
    if v > 0 && !fragmented && has(bp, 0, length) {
        let field = be16(bp, 2)?;
        let sum = fold(sum_words(ip.pseudo(58, length), &bp[..length]));
        if sum != 0 {
            nd.f(format_args!(
                "[bad icmp6 cksum 0x{field:04x} -> 0x{:04x}!] ",
                cksum_shouldbe(field, sum)
            ));
        } else {
            nd.s("[icmp6 sum ok] ");
        }
    }
    let t = u8at(bp, 0)?;
    nd.s("ICMP6, ");
    nd.tok2str(TYPES, "unknown icmp6 type (%u)", u32::from(t));
    if v > 0 && matches!(t, 133..=137 | 145 | 147) {
        nd.f(format_args!(", length {length}"));
    }
    let code = u8at(bp, 1)?;
    // The quoted packet of an error starts after the 8-byte header.
    let oip_dst = 8 + 24;
    match t {
        1 => {
            nd.s(", ");
            nd.tok2str(UNREACH_CODES, "unknown unreach code (%u)", u32::from(code));
            match code {
                0 | 1 | 3 => {
                    let dst = sl(bp, oip_dst, 16)?;
                    nd.s(" ");
                    nd.host6(dst);
                }
                2 => {
                    let (dst, src) = (sl(bp, oip_dst, 16)?, sl(bp, 8 + 8, 16)?);
                    nd.s(" ");
                    nd.host6(dst);
                    nd.s(", source address ");
                    nd.host6(src);
                }
                4 => {
                    let Some((prot, off)) = upper_layer(bp, 8) else {
                        return nd.trunc_here();
                    };
                    let dport = be16(bp, off + 2)?;
                    let dst = sl(bp, oip_dst, 16)?;
                    nd.s(", ");
                    nd.host6(dst);
                    if prot == 6 {
                        nd.s(" tcp port ");
                        nd.names.tcp_port(nd.o, dport);
                    } else {
                        nd.s(" udp port ");
                        nd.names.udp_port(nd.o, dport);
                    }
                }
                _ => {
                    if v <= 1 {
                        nd.print_unknown_data(bp, "\n\t", length);
                        return Ok(());
                    }
                }
            }
        }
        2 => nd.f(format_args!(", mtu {}", be32(bp, 4)?)),
        3 => match code {
            0 => {
                let dst = sl(bp, oip_dst, 16)?;
                nd.s(" for ");
                nd.host6(dst);
            }
            1 => nd.s(" (reassembly)"),
            _ => nd.f(format_args!(", unknown code ({code})")),
        },
        4 => {
            if !has(bp, oip_dst, 16) {
                return nd.trunc_here();
            }
            let what = match code {
                0 => "erroneous",
                1 => "next header",
                2 => "option",
                3 => "incomplete header chain",
                _ => "",
            };
            if what.is_empty() {
                nd.f(format_args!(", code-#{code}"));
            } else {
                nd.f(format_args!(", {what} - octet {}", be32(bp, 4)?));
            }
        }
        128 | 129 => nd.f(format_args!(", id {}, seq {}", be16(bp, 4)?, be16(bp, 6)?)),
        130 => {
            if length == 24 {
                mld6(nd, bp)?;
            } else if length >= 28 {
                nd.s(" v2");
                mldv2_query(nd, bp, length)?;
            } else {
                nd.f(format_args!(" unknown-version (len {length}) "));
            }
        }
        131 | 132 => mld6(nd, bp)?,
        133 => {
            if v > 0 && !opt_print(nd, bp, 8, length as isize - 8)? {
                return nd.trunc_here();
            }
        }
        134 => {
            if v > 0 {
                let (hops, flags) = (u8at(bp, 4)?, u8at(bp, 5)?);
                let (life, reach, retrans) = (be16(bp, 6)?, be32(bp, 8)?, be32(bp, 12)?);
                nd.f(format_args!("\n\thop limit {hops}, Flags ["));
                nd.bittok2str(RA_FLAGS, "none", u32::from(flags));
                nd.f(format_args!(
                    "], pref {}, router lifetime {life}s, reachable time {reach}ms, retrans timer {retrans}ms",
                    rtpref(flags)
                ));
                if !opt_print(nd, bp, 16, length as isize - 16)? {
                    return nd.trunc_here();
                }
            }
        }
        135 => {
            let target = sl(bp, 8, 16)?;
            nd.s(", who has ");
            nd.host6(target);
            if v > 0 && !opt_print(nd, bp, 24, length as isize - 24)? {
                return nd.trunc_here();
            }
        }
        136 => {
            let target = sl(bp, 8, 16)?;
            nd.s(", tgt is ");
            nd.host6(target);
            if v > 0 {
                let flags = be32(bp, 4)?;
                nd.s(", Flags [");
                nd.bittok2str(NA_FLAGS, "none", flags);
                nd.s("]");
                if !opt_print(nd, bp, 24, length as isize - 24)? {
                    return nd.trunc_here();
                }
            }
        }
        137 => {
            let dst = sl(bp, 24, 16)?;
            nd.s(", ");
            nd.host6(dst);
            let target = sl(bp, 8, 16)?;
            nd.s(" to ");
            nd.host6(target);
            if v > 0 && !opt_print(nd, bp, 40, length as isize - 40)? {
                return nd.trunc_here();
            }
        }
        138 => rrenum(nd, bp)?,
        139 | 140 => nodeinfo(nd, length, bp)?,
        141 | 142 => {}
        143 => mldv2_report(nd, bp, length)?,
        144 | 146 => nd.f(format_args!(", id 0x{:04x}", be16(bp, 4)?)),
        145 => {
            if v > 0 {
                nd.f(format_args!(", id 0x{:04x}", be16(bp, 4)?));
                let mut i = 8;
                while i < length {
                    let a = sl(bp, i, 16)?;
                    nd.s(", ");
                    nd.host6(a);
                    i += 16;
                }
            }
        }
        147 => {
            if v > 0 {
                nd.f(format_args!(", id 0x{:04x}", be16(bp, 4)?));
                let flags = be16(bp, 6)?;
                if flags & 0xc000 != 0 {
                    nd.s(" ");
                }
                if flags & 0x8000 != 0 {
                    nd.s("M");
                }
                if flags & 0x4000 != 0 {
                    nd.s("O");
                }
                if !opt_print(nd, bp, 8, length as isize - 8)? {
                    return nd.trunc_here();
                }
            }
        }
        // The RPL base follows the checksum; tcpdump's unsigned length wraps below 4.
        155 => rpl(
            nd,
            code,
            tail(bp, 4),
            (length as u32).wrapping_sub(4) as usize,
        )?,
        _ => {
            nd.f(format_args!(", length {length}"));
            if v <= 1 {
                nd.print_unknown_data(bp, "\n\t", length);
            }
            return Ok(());
        }
    }
    if v == 0 {
        nd.f(format_args!(", length {length}"));
    }
    Ok(())
}

/// The TCP or UDP header inside an error's quoted packet (at `ip6`), past its extension
/// headers: (protocol, offset), or None when it is not there or not captured.
fn upper_layer(bp: &[u8], ip6: usize) -> Option<(u8, usize)> {
    let mut nh = *bp.get(ip6 + 6)?;
    let mut off = ip6 + 40;
    loop {
        match nh {
            6 | 17 => {
                bp.get(off + 3)?;
                return Some((nh, off));
            }
            0 | 60 | 43 => {
                let l = usize::from(*bp.get(off + 1)?);
                nh = bp[off];
                off += (l + 1) << 3;
            }
            44 => {
                let offlg = u16::from_be_bytes([*bp.get(off + 2)?, *bp.get(off + 3)?]);
                // A later fragment has no transport header.
                if offlg & 0xfff8 != 0 {
                    return None;
                }
                nh = bp[off];
                off += 8;
            }
            51 => {
                let l = usize::from(*bp.get(off + 1)?);
                nh = bp[off];
                off += (l + 2) << 2;
            }
            _ => return None,
        }
    }
}

/// Neighbor Discovery options from `start` in the message `bp`, `resid` bytes of them, each on
/// a line of its own (`-vv` adds a hex dump). Ok(false): one runs past the captured bytes.
fn opt_print(nd: &mut Nd<'_>, bp: &[u8], start: usize, mut resid: isize) -> Res<bool> {
    let ep = bp.len();
    let v = nd.opts.verbose;
    let mut cp = start;
    while cp < ep {
        if !has(bp, cp + 1, 1) {
            return Ok(false);
        }
        if resid <= 0 {
            return Ok(true);
        }
        let (t, l) = (bp[cp], usize::from(bp[cp + 1]));
        if l == 0 || cp + (l << 3) > ep {
            return Ok(false);
        }
        let olen = l << 3;
        nd.s("\n\t  ");
        nd.tok2str(ND_OPTIONS, "unknown", u32::from(t));
        nd.f(format_args!(" option ({t}), length {olen} ({l}): "));
        match t {
            1 | 2 => {
                for (i, b) in bp[cp + 2..cp + olen].iter().enumerate() {
                    if i > 0 {
                        nd.s(":");
                    }
                    nd.f(format_args!("{b:02x}"));
                }
            }
            3 => {
                let prefix = sl(bp, cp + 16, 16)?;
                let (plen, flags) = (u8at(bp, cp + 2)?, u8at(bp, cp + 3)?);
                let valid = be32(bp, cp + 4)?;
                nd.host6(prefix);
                nd.f(format_args!(
                    "/{plen}{}, Flags [",
                    if l != 4 { "badlen" } else { "" }
                ));
                nd.bittok2str(PREFIX_FLAGS, "none", u32::from(flags));
                nd.s("], valid time ");
                lifetime(nd, valid);
                let preferred = be32(bp, cp + 8)?;
                nd.s(", pref. time ");
                lifetime(nd, preferred);
            }
            // tcpdump dumps from the start of the options, not of this one.
            4 => nd.print_unknown_data(tail(bp, start), "\n\t    ", olen),
            5 => {
                let mtu = be32(bp, cp + 4)?;
                nd.f(format_args!(
                    " {mtu}{}",
                    if l != 1 { "bad option length" } else { "" }
                ));
            }
            25 => {
                nd.f(format_args!(" lifetime {}s,", be32(bp, cp + 4)?));
                for i in 0..(l - 1) / 2 {
                    let a = sl(bp, cp + 8 + 16 * i, 16)?;
                    nd.s(" addr: ");
                    nd.host6(a);
                }
            }
            31 => {
                nd.f(format_args!(" lifetime {}s, domain(s):", be32(bp, cp + 4)?));
                let names = tail(bp, start);
                let mut dom = cp + 8;
                while dom < cp + olen && u8at(bp, dom)? != 0 {
                    nd.s(" ");
                    match dns::fqdn(nd, names, dom - start) {
                        Some(next) => dom = start + next,
                        None => return Ok(false),
                    }
                }
            }
            7 => nd.f(format_args!(" {}ms", be32(bp, cp + 4)?)),
            8 => nd.f(format_args!(
                " preference {}, lifetime {}",
                be16(bp, cp + 4)?,
                be16(bp, cp + 6)?
            )),
            24 => {
                if !has(bp, cp + 4, 4) {
                    return Ok(false);
                }
                let mut prefix = [0u8; 16];
                match l {
                    1 => {}
                    2 => prefix[..8].copy_from_slice(sl(bp, cp + 8, 8)?),
                    3 => prefix.copy_from_slice(sl(bp, cp + 8, 16)?),
                    _ => return Ok(false),
                }
                nd.s(" ");
                nd.host6(&prefix);
                nd.f(format_args!("/{}", u8at(bp, cp + 2)?));
                nd.f(format_args!(", pref={}", rtpref(u8at(bp, cp + 3)?)));
                nd.s(", lifetime=");
                lifetime(nd, be32(bp, cp + 4)?);
            }
            _ => {
                if v <= 1 {
                    nd.print_unknown_data(tail(bp, cp + 2), "\n\t  ", olen - 2);
                    return Ok(true);
                }
            }
        }
        if v > 1 {
            nd.print_unknown_data(tail(bp, cp + 2), "\n\t    ", olen - 2);
        }
        cp += olen;
        resid -= olen as isize;
    }
    Ok(true)
}

/// An MLDv1 query, report or done: printed only when all 24 bytes were captured.
fn mld6(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    if !has(bp, 0, 24) {
        return Ok(());
    }
    nd.f(format_args!("max resp delay: {} ", be16(bp, 4)?));
    nd.s("addr: ");
    nd.host6(&bp[8..24]);
    Ok(())
}

fn mldv2_report(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    if len < 8 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let ngroups = be16(bp, 6)?;
    nd.f(format_args!(", {ngroups} group record(s)"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let mut group = 8usize;
    for _ in 0..ngroups {
        if len < group + 20 {
            nd.s(" [invalid number of groups]");
            return Ok(());
        }
        let gaddr = sl(bp, group + 4, 16)?;
        nd.s(" [gaddr ");
        nd.host6(gaddr);
        let t = u8at(bp, group)?;
        nd.s(" ");
        nd.tok2str(super::igmp::REPORT_TYPES, " [v2-report-#%u]", u32::from(t));
        let nsrcs = usize::from(be16(bp, group + 2)?);
        if len < group + 20 + nsrcs * 16 {
            nd.f(format_args!(" [invalid number of sources {nsrcs}]"));
            return Ok(());
        }
        if nd.opts.verbose == 1 {
            nd.f(format_args!(", {nsrcs} source(s)"));
        } else {
            nd.s(" {");
            for j in 0..nsrcs {
                let a = sl(bp, group + 20 + j * 16, 16)?;
                nd.s(" ");
                nd.host6(a);
            }
            nd.s(" }");
        }
        group += 20 + nsrcs * 16;
        nd.s("]");
    }
    Ok(())
}

fn mldv2_query(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    if len < 28 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let mrc = u32::from(be16(bp, 4)?);
    let mrt = if mrc < 32768 {
        mrc
    } else {
        ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
    };
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" [max resp delay={mrt}]"));
    }
    let gaddr = sl(bp, 8, 16)?;
    nd.s(" [gaddr ");
    nd.host6(gaddr);
    if nd.opts.verbose > 0 {
        let b24 = u8at(bp, 24)?;
        if b24 & 0x08 != 0 {
            nd.s(" sflag");
        }
        if b24 & 0x07 != 0 {
            nd.f(format_args!(" robustness={}", b24 & 7));
        }
        let qqic = u32::from(u8at(bp, 25)?);
        let qqi = if qqic < 128 {
            qqic
        } else {
            ((qqic & 0x0f) | 0x10) << (((qqic & 0x70) >> 4) + 3)
        };
        nd.f(format_args!(" qqi={qqi}"));
    }
    let nsrcs = usize::from(be16(bp, 26)?);
    if nsrcs > 0 {
        if len < 28 + nsrcs * 16 {
            nd.s(" [invalid number of sources]");
        } else if nd.opts.verbose > 1 {
            nd.s(" {");
            for i in 0..nsrcs {
                let a = sl(bp, 28 + i * 16, 16)?;
                nd.s(" ");
                nd.host6(a);
            }
            nd.s(" }");
        } else {
            nd.f(format_args!(", {nsrcs} source(s)"));
        }
    }
    nd.s("]");
    Ok(())
}

/// A DNS name without compression, up to the end of the captured bytes.
fn dnsname(nd: &mut Nd<'_>, bp: &[u8], mut cp: usize) -> Res {
    let ep = bp.len();
    nd.s(", \"");
    while cp < ep {
        let i = usize::from(u8at(bp, cp)?);
        cp += 1;
        if i != 0 {
            if i > ep - cp {
                nd.s("???");
                break;
            }
            for _ in 0..i {
                if cp >= ep {
                    break;
                }
                nd.print_char(bp[cp]);
                cp += 1;
            }
            if cp + 1 < ep && bp[cp] != 0 {
                nd.s(".");
            }
        } else {
            if cp == ep {
                // A fully qualified name.
                nd.s(".");
            } else if !(cp + 1 == ep && bp[cp] == 0) {
                nd.s("???");
            }
            break;
        }
    }
    nd.s("\"");
    Ok(())
}

/// A name in a node information message from `cp`: the old draft's length-prefixed string
/// when its length byte matches the rest of the data, else a DNS name.
fn ni_name(nd: &mut Nd<'_>, bp: &[u8], cp: usize) -> Res {
    if usize::from(u8at(bp, cp)?) == bp.len() - cp - 1 {
        if nd.opts.verbose > 0 {
            nd.s(", 03 draft");
        }
        nd.s(", \"");
        for &c in &bp[cp + 1..] {
            nd.print_char(c);
        }
        nd.s("\"");
        Ok(())
    } else {
        dnsname(nd, bp, cp)
    }
}

/// The flags of a node addresses query or reply.
fn nodeaddr_flags(nd: &mut Nd<'_>, flags: u16, with_truncate: bool) {
    nd.s(" [");
    for (bit, c) in [
        (0x40, "a"),
        (0x20, "G"),
        (0x10, "S"),
        (0x08, "L"),
        (0x04, "C"),
        (0x02, "A"),
    ] {
        if flags & bit != 0 {
            nd.s(c);
        }
    }
    if with_truncate && flags & 0x01 != 0 {
        nd.s("T");
    }
    nd.s("]");
}

/// Node information queries and replies (RFC 4620); `bp` holds what was captured of the
/// `icmp6len`-byte message.
fn nodeinfo(nd: &mut Nd<'_>, icmp6len: usize, bp: &[u8]) -> Res {
    let siz = bp.len();
    let v = nd.opts.verbose;
    if u8at(bp, 0)? == 139 {
        if siz == 8 + 4 {
            // KAME's who-are-you.
            nd.s(" who-are-you request");
            return Ok(());
        }
        nd.s(" node information query");
        if !has(bp, 0, 16) {
            return nd.trunc_here();
        }
        nd.s(" (");
        let qtype = be16(bp, 4)?;
        match qtype {
            0 => nd.s("noop"),
            1 => {
                nd.s("supported qtypes");
                let flags = be16(bp, 6)?;
                if flags != 0 {
                    nd.f(format_args!(" [{}]", if flags & 1 != 0 { "C" } else { "" }));
                }
            }
            2 => nd.s("DNS name"),
            3 => {
                nd.s("node addresses");
                let flags = be16(bp, 6)?;
                if flags != 0 {
                    nodeaddr_flags(nd, flags, false);
                }
            }
            _ => nd.s("unknown"),
        }
        if qtype == 0 || qtype == 1 {
            if siz != 16 && v > 0 {
                nd.s(", invalid len");
            }
            nd.s(")");
            return Ok(());
        }
        // The old draft's query carries no subject.
        if siz == 16 {
            nd.s(", 03 draft)");
            return Ok(());
        }
        match u8at(bp, 1)? {
            0 => {
                if has(bp, 0, 32) {
                    if siz != 32 {
                        if v > 0 {
                            nd.s(", invalid subject len");
                        }
                    } else {
                        nd.s(", subject=");
                        nd.host6(&bp[16..32]);
                    }
                }
            }
            1 => {
                nd.s(", subject=DNS name");
                ni_name(nd, bp, 16)?;
            }
            2 => {
                if has(bp, 0, 20) {
                    if siz != 20 {
                        if v > 0 {
                            nd.s(", invalid subject len");
                        }
                    } else {
                        nd.s(", subject=");
                        nd.host4(&bp[16..20]);
                    }
                }
            }
            _ => nd.s(", unknown subject"),
        }
        nd.s(")");
        return Ok(());
    }
    if icmp6len > siz {
        return nd.trunc_here();
    }
    if !has(bp, 0, 16) {
        return nd.trunc_here();
    }
    nd.s(" node information reply (");
    let code = bp[1];
    let mut needcomma = false;
    match code {
        0 if v > 0 => {
            nd.s("success");
            needcomma = true;
        }
        1 | 2 => {
            nd.s(if code == 1 { "refused" } else { "unknown" });
            needcomma = true;
            if siz != 16 && v > 0 {
                nd.s(", invalid length");
            }
        }
        _ => {}
    }
    if code != 0 {
        nd.s(")");
        return Ok(());
    }
    if needcomma {
        nd.s(", ");
    }
    let flags = be16(bp, 6)?;
    match be16(bp, 4)? {
        0 => {
            nd.s("noop");
            if siz != 16 && v > 0 {
                nd.s(", invalid length");
            }
        }
        1 => {
            nd.s("supported qtypes");
            if flags != 0 {
                nd.f(format_args!(" [{}]", if flags & 1 != 0 { "C" } else { "" }));
            }
        }
        2 => {
            nd.s("DNS name");
            ni_name(nd, bp, 20)?;
            if flags & 1 != 0 {
                nd.f(format_args!(" [TTL={}]", be32(bp, 16)?));
            }
        }
        3 => {
            nd.s("node addresses");
            let mut i = 16;
            while i + 20 <= siz {
                let (a, ttl) = (sl(bp, i + 4, 16)?, be32(bp, i)?);
                nd.s(" ");
                nd.host6(a);
                nd.f(format_args!("({ttl})"));
                i += 20;
            }
            if flags != 0 {
                nodeaddr_flags(nd, flags, true);
            }
        }
        _ => nd.s("unknown"),
    }
    nd.s(")");
    Ok(())
}

/// Router renumbering (RFC 2894): the header, and a command's match and use prefixes.
fn rrenum(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    if !has(bp, 12, 4) {
        return nd.trunc_here();
    }
    let code = bp[1];
    match code {
        0 => nd.s(", command"),
        1 => nd.s(", result"),
        255 => nd.s(", sequence number reset"),
        _ => nd.f(format_args!(", code-#{code}")),
    }
    nd.f(format_args!(", seq={}", be32(bp, 4)?));
    let v = nd.opts.verbose;
    if v > 0 {
        let flags = bp[9];
        nd.s("[");
        if flags != 0 {
            for (bit, c) in [
                (0x80, "T"),
                (0x40, "R"),
                (0x20, "A"),
                (0x10, "S"),
                (0x08, "P"),
            ] {
                if flags & bit != 0 {
                    nd.s(c);
                }
            }
            nd.s(",");
        }
        nd.f(format_args!("seg={},", bp[8]));
        nd.f(format_args!("maxdelay={}", be16(bp, 10)?));
        let rsvd = be32(bp, 12)?;
        if rsvd != 0 {
            nd.f(format_args!("rsvd=0x{rsvd:x}"));
        }
        nd.s("]");
    }
    if code != 0 {
        return Ok(());
    }
    // The match prefix part, 24 bytes from 16.
    if !has(bp, 16 + 8, 16) {
        return nd.trunc_here();
    }
    let m = &bp[16..40];
    nd.s(if v > 1 { "\n\t" } else { " " });
    nd.s("match(");
    match m[0] {
        1 => nd.s("add"),
        2 => nd.s("change"),
        3 => nd.s("setglobal"),
        c => nd.f(format_args!("#{c}")),
    }
    if v > 0 {
        nd.f(format_args!(",ord={},min={},max={}", m[2], m[4], m[5]));
    }
    nd.s(",");
    nd.ipv6(&m[8..24]);
    nd.f(format_args!("/{})", m[3]));
    let n = i32::from(m[1]) - 3;
    if n % 4 != 0 {
        return nd.trunc_here();
    }
    let mut cp = 40;
    for _ in 0..n / 4 {
        // A use prefix part, 32 bytes.
        if !has(bp, cp + 16, 16) {
            return nd.trunc_here();
        }
        let u = &bp[cp..cp + 32];
        cp += 32;
        nd.s(if v > 1 { "\n\t" } else { " " });
        nd.s("use(");
        // The flags word is tested a byte at a time, as it is on a little-endian host.
        if u[12] != 0 {
            nd.f(format_args!(
                "{}{},",
                if u[12] & 0x80 != 0 { "V" } else { "" },
                if u[12] & 0x40 != 0 { "P" } else { "" }
            ));
        }
        if v > 0 {
            nd.f(format_args!("mask=0x{:x},raflags=0x{:x},", u[2], u[3]));
            for (name, off) in [("vltime", 4), ("pltime", 8)] {
                let t = be32(u, off)?;
                if t == u32::MAX {
                    nd.f(format_args!("{name}=infty,"));
                } else {
                    nd.f(format_args!("{name}={t},"));
                }
            }
        }
        nd.ipv6(&u[16..32]);
        nd.f(format_args!("/{}/{})", u[0], u[1]));
    }
    Ok(())
}

/// RPL control messages (RFC 6550); `bp` starts at the message base, after the checksum.
fn rpl(nd: &mut Nd<'_>, code: u8, bp: &[u8], length: usize) -> Res {
    if code & 0x80 != 0 {
        nd.s(", (SEC) [worktodo]");
        return Ok(());
    }
    nd.s(", (CLR)");
    let v = nd.opts.verbose;
    match code {
        0 => nd.s("DODAG Information Solicitation"),
        1 => {
            nd.s("DODAG Information Object");
            if v > 0 {
                rpl_dio(nd, bp, length)?;
            }
        }
        2 => {
            nd.s("Destination Advertisement Object");
            if v > 0 {
                rpl_dao(nd, bp, length)?;
            }
        }
        3 => {
            nd.s("Destination Advertisement Object Ack");
            if v > 0 {
                rpl_daoack(nd, bp, length)?;
            }
        }
        _ => nd.f(format_args!("RPL message, unknown code {code}")),
    }
    Ok(())
}

/// A DODAG Information Object: 24 bytes, then options.
fn rpl_dio(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    if length < 24 {
        nd.f(format_args!(" [length {length} < 24]"));
        nd.invalid();
        return Ok(());
    }
    let dagid = sl(bp, 8, 16)?;
    let (dtsn, instance, rank, mopprf) = (u8at(bp, 5)?, u8at(bp, 0)?, be16(bp, 2)?, u8at(bp, 4)?);
    nd.s(" [dagid:");
    nd.host6(dagid);
    nd.f(format_args!(
        ",seq:{dtsn},instance:{instance},rank:{rank},{}mop:",
        if mopprf & 0x80 != 0 { "grounded," } else { "" }
    ));
    nd.tok2str(RPL_MOPS, "mop%u", u32::from((mopprf >> 3) & 7));
    nd.f(format_args!(",prf:{}]", mopprf & 7));
    if nd.opts.verbose > 1 {
        rpl_opts(nd, tail(bp, 24), length - 24)?;
    }
    Ok(())
}

/// ` [dagid:` and the DODAG ID, or `<elided>` when the message leaves it out.
fn dagid_field(nd: &mut Nd<'_>, dagid: Option<&[u8]>) {
    nd.s(" [dagid:");
    match dagid {
        Some(a) => nd.host6(a),
        None => nd.s("<elided>"),
    }
}

/// A Destination Advertisement Object: 4 bytes and the DODAG ID when its D flag is set.
fn rpl_dao(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    if !has(bp, 0, 20) {
        return nd.trunc_here();
    }
    if length < 4 {
        nd.s(" [|length too short]");
        return Ok(());
    }
    let flags = bp[1];
    let mut off = 4;
    let mut length = length - 4;
    let dagid = if flags & 0x40 != 0 {
        if length < 16 {
            nd.s(" [|length too short]");
            return Ok(());
        }
        off += 16;
        length -= 16;
        Some(&bp[4..20])
    } else {
        None
    };
    dagid_field(nd, dagid);
    nd.f(format_args!(
        ",seq:{},instance:{}{}{},{flags:02x}]",
        bp[3],
        bp[0],
        if flags & 0x80 != 0 { ",acK" } else { "" },
        if flags & 0x40 != 0 { ",Dagid" } else { "" }
    ));
    if nd.opts.verbose > 1 {
        rpl_opts(nd, tail(bp, off), length)?;
    }
    Ok(())
}

/// A DAO acknowledgement: 4 bytes and the DODAG ID when its D flag is set.
fn rpl_daoack(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    if !has(bp, 0, 4) {
        return nd.trunc_here();
    }
    if length < 4 {
        nd.s(" [|dao-length too short]");
        return Ok(());
    }
    let mut off = 4;
    let mut length = length - 4;
    let dagid = if bp[1] & 0x80 != 0 {
        if !has(bp, 4, 16) {
            return nd.trunc_here();
        }
        if length < 16 {
            nd.s(" [|dao-length too short]");
            return Ok(());
        }
        off += 16;
        length -= 16;
        Some(&bp[4..20])
    } else {
        None
    };
    dagid_field(nd, dagid);
    nd.f(format_args!(
        ",seq:{},instance:{},status:{}]",
        bp[2], bp[0], bp[3]
    ));
    if nd.opts.verbose > 1 {
        rpl_opts(nd, tail(bp, off), length)?;
    }
    Ok(())
}

/// RPL options: their names and lengths, and at `-vvv` their contents in hex.
fn rpl_opts(nd: &mut Nd<'_>, bp: &[u8], mut length: usize) -> Res {
    let mut i = 0;
    while length != 0 {
        let t = u8at(bp, i)?;
        let optlen = if t == 0 {
            nd.s(" opt:pad1");
            1
        } else {
            if length < 2 {
                return nd.trunc_here();
            }
            let optlen = usize::from(u8at(bp, i + 1)?) + 2;
            nd.s(" opt:");
            nd.tok2str(RPL_OPTIONS, "subopt:%u", u32::from(t));
            nd.f(format_args!(" len:{optlen} "));
            if !has(bp, i, optlen) || length < optlen {
                return nd.trunc_here();
            }
            if nd.opts.verbose > 2 {
                nd.hex_print(" ", &bp[i + 2..i + optlen]);
            }
            optlen
        };
        i += optlen;
        length -= optlen;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn ni_query_ipv6_subject() {
        check(
            229,
            "-n",
            72,
            "6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028b0035a60003003e4e4f4e434531323320010db8000000000000000000000009",
            "IP6 fe80::1 > fe80::2: ICMP6, who-are-you request node information query (node addresses [GSLCA], subject=2001:db8::9), length 32",
        );
    }

    #[test]
    fn ni_query_ipv4_subject() {
        check(
            229,
            "-n",
            60,
            "6000000000143afffe800000000000000000000000000001fe8000000000000000000000000000028b02a1af000200004e4f4e4345313233c0000201",
            "IP6 fe80::1 > fe80::2: ICMP6, who-are-you request node information query (DNS name, subject=192.0.2.1), length 20",
        );
    }

    #[test]
    fn ni_query_fqdn_subject() {
        check(
            229,
            "-n",
            73,
            "6000000000213afffe800000000000000000000000000001fe8000000000000000000000000000028b011c4a000200004e4f4e434531323303777777076578616d706c6503636f6d00",
            "IP6 fe80::1 > fe80::2: ICMP6, who-are-you request node information query (DNS name, subject=DNS name, \"www.example.com.\"), length 33",
        );
    }

    #[test]
    fn ni_reply_nodeaddr() {
        check(
            229,
            "-n",
            96,
            "6000000000383afffe800000000000000000000000000001fe8000000000000000000000000000028c0027d5000300214e4f4e434531323300000e1020010db80000000000000000000000090000003cfe800000000000000000000000000009",
            "IP6 fe80::1 > fe80::2: ICMP6, who-are-you reply node information reply (node addresses 2001:db8::9(3600) fe80::9(60) [GT]), length 56",
        );
    }

    #[test]
    fn ni_reply_fqdn() {
        check(
            229,
            "-n",
            74,
            "6000000000223afffe800000000000000000000000000001fe8000000000000000000000000000028c00dd42000200014e4f4e43453132330000012c04686f7374076578616d706c6500",
            "IP6 fe80::1 > fe80::2: ICMP6, who-are-you reply node information reply (DNS name, \"host.example.\" [TTL=300]), length 34",
        );
    }

    #[test]
    fn ni_reply_refused() {
        check(
            229,
            "-n",
            58,
            "6000000000123afffe800000000000000000000000000001fe8000000000000000000000000000028c01ea3b000200004e4f4e43453132337878",
            "IP6 fe80::1 > fe80::2: ICMP6, who-are-you reply node information reply (refused), length 18",
        );
    }

    #[test]
    fn rr_result() {
        check(
            229,
            "-n",
            56,
            "6000000000103afffe800000000000000000000000000001fe8000000000000000000000000000028a01775b000000070148000500000000",
            "IP6 fe80::1 > fe80::2: ICMP6, router renumbering, result, seq=7, length 16",
        );
    }

    #[test]
    fn mobile_prefix_advert() {
        check(
            229,
            "-n",
            80,
            "6000000000283afffe800000000000000000000000000001fe800000000000000000000000000002930021f70042c0000304408000000e1000000e100000000020010db8000100000000000000000000",
            "IP6 fe80::1 > fe80::2: ICMP6, mobile router advertisement, length 40",
        );
    }

    #[test]
    fn ha_reply() {
        check(
            229,
            "-n",
            64,
            "6000000000183afffe800000000000000000000000000001fe800000000000000000000000000002910043a40042000020010db8000000000000000000000009",
            "IP6 fe80::1 > fe80::2: ICMP6, ha discovery reply, length 24",
        );
    }

    #[test]
    fn rpl_dis() {
        check(
            229,
            "-n",
            46,
            "6000000000063afffe800000000000000000000000000001fe8000000000000000000000000000029b0067ba0000",
            "IP6 fe80::1 > fe80::2: ICMP6, RPL, (CLR)DODAG Information Solicitation, length 6",
        );
    }

    #[test]
    fn rpl_secure() {
        check(
            229,
            "-n",
            46,
            "6000000000063afffe800000000000000000000000000001fe8000000000000000000000000000029b8167390000",
            "IP6 fe80::1 > fe80::2: ICMP6, RPL, (SEC) [worktodo], length 6",
        );
    }

    #[test]
    fn rpl_dio_short() {
        check(
            229,
            "-n",
            48,
            "6000000000083afffe800000000000000000000000000001fe8000000000000000000000000000029b0163b101020304",
            "IP6 fe80::1 > fe80::2: ICMP6, RPL, (CLR)DODAG Information Object, length 8",
        );
    }

    #[test]
    fn unreach_port_udp() {
        check(
            229,
            "-n",
            96,
            "6000000000383afffe800000000000000000000000000001fe80000000000000000000000000000201047e11000000006000000000081140fe800000000000000000000000000001fe80000000000000000000000000000214e9003500080000",
            "IP6 fe80::1 > fe80::2: ICMP6, destination unreachable, unreachable port, fe80::2 udp port 53, length 56",
        );
    }

    #[test]
    fn unreach_code9() {
        check(
            229,
            "-n",
            96,
            "6000000000383afffe800000000000000000000000000001fe80000000000000000000000000000201097e0c000000006000000000081140fe800000000000000000000000000001fe80000000000000000000000000000214e9003500080000",
            "IP6 fe80::1 > fe80::2: ICMP6, destination unreachable, unknown unreach code (9)\n\t0x0000:  0109 7e0c 0000 0000 6000 0000 0008 1140\n\t0x0010:  fe80 0000 0000 0000 0000 0000 0000 0001\n\t0x0020:  fe80 0000 0000 0000 0000 0000 0000 0002\n\t0x0030:  14e9 0035 0008 0000",
        );
    }

    #[test]
    fn time_exceeded_reassembly() {
        check(
            229,
            "-n",
            48,
            "6000000000083afffe800000000000000000000000000001fe8000000000000000000000000000020301ffb700000000",
            "IP6 fe80::1 > fe80::2: ICMP6, time exceeded in-transit (reassembly), length 8",
        );
    }

    #[test]
    fn param_problem_truncated() {
        check(
            229,
            "-n",
            53,
            "60000000000d3afffe800000000000000000000000000001fe80000000000000000000000000000204009ead000000066000000000",
            "IP6 fe80::1 > fe80::2: ICMP6, parameter problem [|icmp6]",
        );
    }

    #[test]
    fn ns_with_nonce_opt() {
        check(
            229,
            "-n",
            72,
            "6000000000203afffe800000000000000000000000000001fe800000000000000000000000000002870036d10000000020010db80000000000000000000000090e01010203040506",
            "IP6 fe80::1 > fe80::2: ICMP6, neighbor solicitation, who has 2001:db8::9, length 32",
        );
    }

    #[test]
    fn ra_route_info_dnssl() {
        check(
            229,
            "-n",
            99,
            "60000000003b3afffe800000000000000000000000000001fe8000000000000000000000000000028600c3de400a070800000000000000001802300000000e1020010db8000100001f03000000000258076578616d706c6503636f6d00000000000000",
            "IP6 fe80::1 > fe80::2: ICMP6, router advertisement, length 59",
        );
    }

    #[test]
    fn mtrace_unknown() {
        check(
            229,
            "-n",
            48,
            "6000000000083afffe800000000000000000000000000001fe800000000000000000000000000002c80036b201020304",
            "IP6 fe80::1 > fe80::2: ICMP6, mtrace response, length 8\n\t0x0000:  c800 36b2 0102 0304",
        );
    }

    #[test]
    fn ni_query_ipv6_subject_v() {
        check(
            229,
            "-n -v",
            72,
            "6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028b0035a60003003e4e4f4e434531323320010db8000000000000000000000009",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, who-are-you request node information query (node addresses [GSLCA], subject=2001:db8::9)",
        );
    }

    #[test]
    fn ni_query_ipv4_subject_v() {
        check(
            229,
            "-n -v",
            60,
            "6000000000143afffe800000000000000000000000000001fe8000000000000000000000000000028b02a1af000200004e4f4e4345313233c0000201",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 20) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, who-are-you request node information query (DNS name, subject=192.0.2.1)",
        );
    }

    #[test]
    fn ni_query_fqdn_subject_v() {
        check(
            229,
            "-n -v",
            73,
            "6000000000213afffe800000000000000000000000000001fe8000000000000000000000000000028b011c4a000200004e4f4e434531323303777777076578616d706c6503636f6d00",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 33) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, who-are-you request node information query (DNS name, subject=DNS name, \"www.example.com.\")",
        );
    }

    #[test]
    fn ni_reply_nodeaddr_v() {
        check(
            229,
            "-n -v",
            96,
            "6000000000383afffe800000000000000000000000000001fe8000000000000000000000000000028c0027d5000300214e4f4e434531323300000e1020010db80000000000000000000000090000003cfe800000000000000000000000000009",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 56) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, who-are-you reply node information reply (success, node addresses 2001:db8::9(3600) fe80::9(60) [GT])",
        );
    }

    #[test]
    fn ni_reply_fqdn_v() {
        check(
            229,
            "-n -v",
            74,
            "6000000000223afffe800000000000000000000000000001fe8000000000000000000000000000028c00dd42000200014e4f4e43453132330000012c04686f7374076578616d706c6500",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 34) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, who-are-you reply node information reply (success, DNS name, \"host.example.\" [TTL=300])",
        );
    }

    #[test]
    fn ni_reply_refused_v() {
        check(
            229,
            "-n -v",
            58,
            "6000000000123afffe800000000000000000000000000001fe8000000000000000000000000000028c01ea3b000200004e4f4e43453132337878",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 18) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, who-are-you reply node information reply (refused, invalid length)",
        );
    }

    #[test]
    fn rr_result_v() {
        check(
            229,
            "-n -v",
            56,
            "6000000000103afffe800000000000000000000000000001fe8000000000000000000000000000028a01775b000000070148000500000000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 16) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, router renumbering, result, seq=7[RP,seg=1,maxdelay=5]",
        );
    }

    #[test]
    fn mobile_prefix_advert_v() {
        check(
            229,
            "-n -v",
            80,
            "6000000000283afffe800000000000000000000000000001fe800000000000000000000000000002930021f70042c0000304408000000e1000000e100000000020010db8000100000000000000000000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 40) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, mobile router advertisement, length 40, id 0x0042 MO\n\t  prefix info option (3), length 32 (4): 2001:db8:1::/64, Flags [onlink], valid time 3600s, pref. time 3600s",
        );
    }

    #[test]
    fn ha_reply_v() {
        check(
            229,
            "-n -v",
            64,
            "6000000000183afffe800000000000000000000000000001fe800000000000000000000000000002910043a40042000020010db8000000000000000000000009",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 24) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, ha discovery reply, length 24, id 0x0042, 2001:db8::9",
        );
    }

    #[test]
    fn rpl_dis_v() {
        check(
            229,
            "-n -v",
            46,
            "6000000000063afffe800000000000000000000000000001fe8000000000000000000000000000029b0067ba0000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 6) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, RPL, (CLR)DODAG Information Solicitation",
        );
    }

    #[test]
    fn rpl_secure_v() {
        check(
            229,
            "-n -v",
            46,
            "6000000000063afffe800000000000000000000000000001fe8000000000000000000000000000029b8167390000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 6) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, RPL, (SEC) [worktodo]",
        );
    }

    #[test]
    fn rpl_dio_short_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000083afffe800000000000000000000000000001fe8000000000000000000000000000029b0163b101020304",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 8) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, RPL, (CLR)DODAG Information Object [length 4 < 24] (invalid)",
        );
    }

    #[test]
    fn unreach_port_udp_v() {
        check(
            229,
            "-n -v",
            96,
            "6000000000383afffe800000000000000000000000000001fe80000000000000000000000000000201047e11000000006000000000081140fe800000000000000000000000000001fe80000000000000000000000000000214e9003500080000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 56) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, destination unreachable, unreachable port, fe80::2 udp port 53",
        );
    }

    #[test]
    fn unreach_code9_v() {
        check(
            229,
            "-n -v",
            96,
            "6000000000383afffe800000000000000000000000000001fe80000000000000000000000000000201097e0c000000006000000000081140fe800000000000000000000000000001fe80000000000000000000000000000214e9003500080000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 56) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, destination unreachable, unknown unreach code (9)\n\t0x0000:  0109 7e0c 0000 0000 6000 0000 0008 1140\n\t0x0010:  fe80 0000 0000 0000 0000 0000 0000 0001\n\t0x0020:  fe80 0000 0000 0000 0000 0000 0000 0002\n\t0x0030:  14e9 0035 0008 0000",
        );
    }

    #[test]
    fn time_exceeded_reassembly_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000083afffe800000000000000000000000000001fe8000000000000000000000000000020301ffb700000000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 8) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, time exceeded in-transit (reassembly)",
        );
    }

    #[test]
    fn param_problem_truncated_v() {
        check(
            229,
            "-n -v",
            53,
            "60000000000d3afffe800000000000000000000000000001fe80000000000000000000000000000204009ead000000066000000000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 13) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, parameter problem [|icmp6]",
        );
    }

    #[test]
    fn ns_with_nonce_opt_v() {
        check(
            229,
            "-n -v",
            72,
            "6000000000203afffe800000000000000000000000000001fe800000000000000000000000000002870036d10000000020010db80000000000000000000000090e01010203040506",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, neighbor solicitation, length 32, who has 2001:db8::9\n\t  unknown option (14), length 8 (1): \n\t  0x0000:  0102 0304 0506",
        );
    }

    #[test]
    fn ra_route_info_dnssl_v() {
        check(
            229,
            "-n -v",
            99,
            "60000000003b3afffe800000000000000000000000000001fe8000000000000000000000000000028600c3de400a070800000000000000001802300000000e1020010db8000100001f03000000000258076578616d706c6503636f6d00000000000000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 59) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, router advertisement, length 59\n\thop limit 64, Flags [ipv6 only], pref high, router lifetime 1800s, reachable time 0ms, retrans timer 0ms\n\t  route info option (24), length 16 (2):  2001:db8:1::/48, pref=medium, lifetime=3600s\n\t  dnssl option (31), length 24 (3):  lifetime 600s, domain(s): example.com. [|icmp6]",
        );
    }

    #[test]
    fn mtrace_unknown_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000083afffe800000000000000000000000000001fe800000000000000000000000000002c80036b201020304",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 8) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, mtrace response, length 8\n\t0x0000:  c800 36b2 0102 0304",
        );
    }

    #[test]
    fn ra_route_info_dnssl_vv() {
        check(
            229,
            "-n -vv",
            99,
            "60000000003b3afffe800000000000000000000000000001fe8000000000000000000000000000028600c3de400a070800000000000000001802300000000e1020010db8000100001f03000000000258076578616d706c6503636f6d00000000000000",
            "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 59) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, router advertisement, length 59\n\thop limit 64, Flags [ipv6 only], pref high, router lifetime 1800s, reachable time 0ms, retrans timer 0ms\n\t  route info option (24), length 16 (2):  2001:db8:1::/48, pref=medium, lifetime=3600s\n\t    0x0000:  3000 0000 0e10 2001 0db8 0001 0000\n\t  dnssl option (31), length 24 (3):  lifetime 600s, domain(s): example.com.\n\t    0x0000:  0000 0000 0258 0765 7861 6d70 6c65 0363\n\t    0x0010:  6f6d 0000 0000 [|icmp6]",
        );
    }

    #[test]
    fn icmp6_first_fragment_v() {
        check(
            229,
            "-n -v",
            1280,
            "6000000004d82c4020010db800000000000000000000000120010db80000000000000000000000023a0000010000abcd80008a9412340001000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7",
            "IP6 (hlim 64, next-header Fragment (44) payload length: 1240) 2001:db8::1 > 2001:db8::2: frag (0x0000abcd:0|1232) ICMP6, echo request, id 4660, seq 1",
        );
    }

    #[test]
    fn dio_pickdag() {
        check(
            1,
            "-n -vv",
            110,
            "023456789abc02cba987654386dd6000000000383a40fe8000000000000002163efffe113424fe8000000000000002163efffe1134249b025bda2a40000a543100000000000000000000000000000517008020010db80001000002163efffe113424000000000000000000000000",
            "IP6 (hlim 64, next-header ICMPv6 (58) payload length: 56) fe80::216:3eff:fe11:3424 > fe80::216:3eff:fe11:3424: [icmp6 sum ok] ICMP6, RPL, (CLR)Destination Advertisement Object [dagid:5431::,seq:10,instance:42,Dagid,40] opt:rpltarget len:25  opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1",
        );
    }

    #[test]
    fn dao_vvv() {
        check(
            1,
            "-n -vvv",
            110,
            "023456789abc02cba987654386dd6000000000383a40fe8000000000000002163efffe113424fe8000000000000002163efffe1134249b025bda2a40000a543100000000000000000000000000000517008020010db80001000002163efffe113424000000000000000000000000",
            "IP6 (hlim 64, next-header ICMPv6 (58) payload length: 56) fe80::216:3eff:fe11:3424 > fe80::216:3eff:fe11:3424: [icmp6 sum ok] ICMP6, RPL, (CLR)Destination Advertisement Object [dagid:5431::,seq:10,instance:42,Dagid,40] opt:rpltarget len:25  0x0000:  0080 2001 0db8 0001 0000 0216 3eff fe11 0x0010:  3424 0000 0000 00 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1",
        );
    }

    #[test]
    fn daoack_vvv() {
        check(
            1,
            "-n -vvv",
            78,
            "023456789abc02cba987654386dd6000000000183a40fe8000000000000002163efffe113424ff0200000000000000000000000000019b03752e2b800b007468697369736d796469636564616732",
            "IP6 (hlim 64, next-header ICMPv6 (58) payload length: 24) fe80::216:3eff:fe11:3424 > ff02::1: [icmp6 sum ok] ICMP6, RPL, (CLR)Destination Advertisement Object Ack [dagid:7468:6973:6973:6d79:6469:6365:6461:6732,seq:11,instance:43,status:0]",
        );
    }

    #[test]
    fn router_renumbering() {
        check(
            0,
            "-n",
            116,
            "1c0000006000000000483a4020010db8000100000a0027fffef44dcf20010db8000100000a0027fffef44dcf8a00df3a0000000000100000000000000107003000800000fec000000000000000000000000000003010000000278d0000093a80000000003ffe0501fffe00000000000000000000",
            "IP6 2001:db8:1:0:a00:27ff:fef4:4dcf > 2001:db8:1:0:a00:27ff:fef4:4dcf: ICMP6, router renumbering, command, seq=0 match(add,fec0::/48) use(3ffe:501:fffe::/48/16), length 72",
        );
    }

    #[test]
    fn router_renumbering_vv() {
        check(
            0,
            "-n -vv",
            116,
            "1c0000006000000000483a4020010db8000100000a0027fffef44dcf20010db8000100000a0027fffef44dcf8a00df3a0000000000100000000000000107003000800000fec000000000000000000000000000003010000000278d0000093a80000000003ffe0501fffe00000000000000000000",
            "IP6 (hlim 64, next-header ICMPv6 (58) payload length: 72) 2001:db8:1:0:a00:27ff:fef4:4dcf > 2001:db8:1:0:a00:27ff:fef4:4dcf: [icmp6 sum ok] ICMP6, router renumbering, command, seq=0[S,seg=0,maxdelay=0]\n\tmatch(add,ord=0,min=0,max=128,fec0::/48)\n\tuse(mask=0x0,raflags=0x0,vltime=2592000,pltime=604800,3ffe:501:fffe::/48/16)",
        );
    }
}
