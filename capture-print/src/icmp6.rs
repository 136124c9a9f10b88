//! ICMPv6, Neighbor Discovery (with `-v` options) and MLD, as tcpdump's print-icmp6.c.
use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, Res, Trunc, ascii, be16, be32, has, sl, tok, u8at};

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
    (139, "who-are-you request"),
    (140, "who-are-you reply"),
    (141, "inverse neighbor solicitation"),
    (142, "inverse neighbor advertisement"),
    (143, "multicast listener report v2"),
    (144, "ha discovery request"),
    (145, "ha discovery reply"),
    (146, "mobile router solicitation"),
    (147, "mobile router advertisement"),
    (200, "mtrace response"),
    (201, "mtrace message"),
    (155, "RPL"),
];
const UNREACH: &[(u32, &str)] = &[
    (0, "unreachable route"),
    (1, " unreachable prohibited"),
    (2, "beyond scope"),
    (3, "unreachable address"),
    (4, "unreachable port"),
    (5, "failed ingress/egress policy"),
    (6, "reject route"),
    (7, "source routing header error"),
];
const OPTS: &[(u32, &str)] = &[
    (1, "source link-address"),
    (2, "destination link-address"),
    (3, "prefix info"),
    (4, "redirected header"),
    (5, "mtu"),
    (14, "nonce"),
    (25, "rdnss"),
    (31, "dnssl"),
    (7, "advertisement interval"),
    (8, "homeagent information"),
    (24, "route info"),
];
const MLDV2_TYPES: &[(u32, &str)] = &[
    (1, "is_in"),
    (2, "is_ex"),
    (3, "to_in"),
    (4, "to_ex"),
    (5, "allow"),
    (6, "block"),
];

fn rtpref(v: u8) -> &'static str {
    ["medium", "high", "rsv", "low"][((v & 0x18) >> 3) as usize]
}

fn lifetime(nd: &mut Nd<'_>, v: u32) {
    if v == u32::MAX {
        nd.s("infinity");
    } else {
        nd.f(format_args!("{v}s"));
    }
}

/// tcpdump's `bittok2str`: the names of the set bits separated by ", ", or "none".
fn bits(nd: &mut Nd<'_>, table: &[(u32, &str)], v: u32) {
    let mut sep = "";
    for (bit, name) in table {
        if v & bit != 0 {
            nd.s(sep);
            nd.s(name);
            sep = ", ";
        }
    }
    if sep.is_empty() {
        nd.s("none");
    }
}

/// tcpdump's `print_unknown_data`: a hex dump of what was captured of `len` bytes.
fn unknown_data(nd: &mut Nd<'_>, p: &[u8], ident: &str, len: usize) {
    let n = len.min(p.len());
    ascii::hex(nd.o, ident, &p[..n]);
}

/// Prints an ICMPv6 message; `length` is its length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, ip: IpHdr<'_>) -> Res {
    nd.proto = "icmp6";
    if length == 0 {
        nd.f(format_args!("ICMP6, length {length}"));
        nd.invalid();
        return Ok(());
    }
    let v = nd.opts.verbose;
    if v > 0 && has(bp, 0, length) {
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
    // The code is read only by the types that use it, as tcpdump does.
    let code = || u8at(bp, 1);
    nd.s("ICMP6, ");
    match tok(TYPES, t as u32) {
        Some(n) => nd.s(n),
        None => nd.f(format_args!("unknown icmp6 type ({t})")),
    }
    if v > 0 && matches!(t, 133 | 134 | 135 | 136 | 137 | 145 | 147) {
        nd.f(format_args!(", length {length}"));
    }
    let oip = 8usize;
    match t {
        1 => {
            let code = code()?;
            nd.s(", ");
            match tok(UNREACH, code as u32) {
                Some(n) => nd.s(n),
                None => nd.f(format_args!("unknown unreach code ({code})")),
            }
            sl(bp, oip + 24, 16)?;
            match code {
                0 | 1 | 3 => {
                    nd.s(" ");
                    nd.ipv6(&bp[oip + 24..oip + 40]);
                }
                2 => {
                    nd.s(" ");
                    nd.ipv6(&bp[oip + 24..oip + 40]);
                    nd.s(", source address ");
                    nd.ipv6(sl(bp, oip + 8, 16)?);
                }
                4 => {
                    let (prot, off) = upper_layer(bp, oip).ok_or(Trunc)?;
                    let dport = be16(bp, off + 2)?;
                    nd.s(", ");
                    nd.ipv6(&bp[oip + 24..oip + 40]);
                    match prot {
                        6 => {
                            nd.s(" tcp port ");
                            nd.names.tcp_port(nd.o, dport);
                        }
                        17 => {
                            nd.s(" udp port ");
                            nd.names.udp_port(nd.o, dport);
                        }
                        _ => nd.f(format_args!(" protocol {prot} port {dport} unreachable")),
                    }
                }
                _ => {
                    if v <= 1 {
                        unknown_data(nd, bp, "\n\t", length);
                        return Ok(());
                    }
                }
            }
        }
        2 => nd.f(format_args!(", mtu {}", be32(bp, 4)?)),
        3 => {
            sl(bp, oip + 24, 16)?;
            let code = code()?;
            match code {
                0 => {
                    nd.s(" for ");
                    nd.ipv6(&bp[oip + 24..oip + 40]);
                }
                1 => nd.s(" (reassembly)"),
                _ => nd.f(format_args!(", unknown code ({code})")),
            }
        }
        4 => {
            sl(bp, oip + 24, 16)?;
            let ptr = be32(bp, 4)?;
            let code = code()?;
            match code {
                0 => nd.f(format_args!(", erroneous - octet {ptr}")),
                1 => nd.f(format_args!(", next header - octet {ptr}")),
                2 => nd.f(format_args!(", option - octet {ptr}")),
                3 => nd.f(format_args!(", incomplete header chain - octet {ptr}")),
                _ => nd.f(format_args!(", code-#{code}")),
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
            if v > 0 {
                opt_print(nd, bp, 8, length as isize - 8)?;
            }
        }
        134 => {
            if v > 0 {
                sl(bp, 0, 16)?;
                nd.f(format_args!("\n\thop limit {}, Flags [", bp[4]));
                bits(
                    nd,
                    &[
                        (0x80, "managed"),
                        (0x40, "other stateful"),
                        (0x20, "home agent"),
                    ],
                    bp[5] as u32,
                );
                nd.f(format_args!(
                    "], pref {}, router lifetime {}s, reachable time {}ms, retrans timer {}ms",
                    rtpref(bp[5]),
                    be16(bp, 6)?,
                    be32(bp, 8)?,
                    be32(bp, 12)?
                ));
                opt_print(nd, bp, 16, length as isize - 16)?;
            }
        }
        135 => {
            let a = sl(bp, 8, 16)?;
            nd.s(", who has ");
            nd.ipv6(a);
            if v > 0 {
                opt_print(nd, bp, 24, length as isize - 24)?;
            }
        }
        136 => {
            let a = sl(bp, 8, 16)?;
            nd.s(", tgt is ");
            nd.ipv6(a);
            if v > 0 {
                nd.s(", Flags [");
                bits(
                    nd,
                    &[
                        (0x8000_0000, "router"),
                        (0x4000_0000, "solicited"),
                        (0x2000_0000, "override"),
                    ],
                    be32(bp, 4)?,
                );
                nd.s("]");
                opt_print(nd, bp, 24, length as isize - 24)?;
            }
        }
        137 => {
            let dst = sl(bp, 24, 16)?;
            nd.s(", ");
            nd.ipv6(dst);
            let target = sl(bp, 8, 16)?;
            nd.s(" to ");
            nd.ipv6(target);
            if v > 0 {
                opt_print(nd, bp, 40, length as isize - 40)?;
            }
        }
        139 | 140 => nodeinfo(nd, bp, length)?,
        141 | 142 => {}
        143 => mldv2_report(nd, bp, length)?,
        144 | 146 => nd.f(format_args!(", id 0x{:04x}", be16(bp, 4)?)),
        145 => {
            if v > 0 {
                nd.f(format_args!(", id 0x{:04x}", be16(bp, 4)?));
                let mut i = 8;
                while i < length {
                    nd.s(", ");
                    nd.ipv6(sl(bp, i, 16)?);
                    i += 16;
                }
            }
        }
        147 => {
            if v > 0 {
                nd.f(format_args!(", id 0x{:04x}", be16(bp, 4)?));
                let f = u8at(bp, 6)?;
                if f & 0xc0 != 0 {
                    nd.s(" ");
                }
                if f & 0x80 != 0 {
                    nd.s("M");
                }
                if f & 0x40 != 0 {
                    nd.s("O");
                }
                opt_print(nd, bp, 8, length as isize - 8)?;
            }
        }
        _ => {
            nd.f(format_args!(", length {length}"));
            if v <= 1 {
                unknown_data(nd, bp, "\n\t", length);
            }
            return Ok(());
        }
    }
    if v == 0 {
        nd.f(format_args!(", length {length}"));
    }
    Ok(())
}

/// The transport header inside an ICMPv6 error's quoted packet: (protocol, offset).
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
                let l = *bp.get(off + 1)? as usize;
                nh = *bp.get(off)?;
                off += (l + 1) << 3;
            }
            44 => {
                let offlg = u16::from_be_bytes([*bp.get(off + 2)?, *bp.get(off + 3)?]);
                if offlg & 0xfff8 != 0 {
                    return None;
                }
                nh = *bp.get(off)?;
                off += 8;
            }
            51 => {
                let l = *bp.get(off + 1)? as usize;
                nh = *bp.get(off)?;
                off += (l + 2) << 2;
            }
            _ => return None,
        }
    }
}

fn mld6(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    if bp.len() < 24 {
        return Ok(());
    }
    nd.f(format_args!("max resp delay: {} ", be16(bp, 4)?));
    nd.s("addr: ");
    nd.ipv6(&bp[8..24]);
    Ok(())
}

fn mldv2_report(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    if len < 8 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let ngroups = be16(bp, 6)? as usize;
    nd.f(format_args!(", {ngroups} group record(s)"));
    if nd.opts.verbose > 0 {
        let mut group = 8;
        for _ in 0..ngroups {
            if len < group + 20 {
                nd.s(" [invalid number of groups]");
                return Ok(());
            }
            nd.s(" [gaddr ");
            nd.ipv6(sl(bp, group + 4, 16)?);
            let t = u8at(bp, group)?;
            match tok(MLDV2_TYPES, t as u32) {
                Some(n) => nd.f(format_args!(" {n}")),
                None => nd.f(format_args!("  [v2-report-#{t}]")),
            }
            let nsrcs = be16(bp, group + 2)? as usize;
            if len < group + 20 + nsrcs * 16 {
                nd.f(format_args!(" [invalid number of sources {nsrcs}]"));
                return Ok(());
            }
            if nd.opts.verbose == 1 {
                nd.f(format_args!(", {nsrcs} source(s)"));
            } else {
                nd.s(" {");
                for j in 0..nsrcs {
                    nd.s(" ");
                    nd.ipv6(sl(bp, group + 20 + j * 16, 16)?);
                }
                nd.s(" }");
            }
            group += 20 + nsrcs * 16;
            nd.s("]");
        }
    }
    Ok(())
}

fn mldv2_query(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    if len < 28 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let mrc = be16(bp, 4)? as u32;
    let mrt = if mrc < 32768 {
        mrc
    } else {
        ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
    };
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" [max resp delay={mrt}]"));
    }
    nd.s(" [gaddr ");
    nd.ipv6(sl(bp, 8, 16)?);
    if nd.opts.verbose > 0 {
        let (b24, b25) = (u8at(bp, 24)?, u8at(bp, 25)?);
        if b24 & 0x08 != 0 {
            nd.s(" sflag");
        }
        if b24 & 0x07 != 0 {
            nd.f(format_args!(" robustness={}", b24 & 7));
        }
        let qqi = if b25 < 128 {
            b25 as u32
        } else {
            ((b25 as u32 & 0x0f) | 0x10) << (((b25 as u32 & 0x70) >> 4) + 3)
        };
        nd.f(format_args!(" qqi={qqi}"));
    }
    let nsrcs = be16(bp, 26)? as usize;
    if nsrcs > 0 {
        if len < 28 + nsrcs * 16 {
            nd.s(" [invalid number of sources]");
        } else if nd.opts.verbose > 1 {
            nd.s(" {");
            for i in 0..nsrcs {
                nd.s(" ");
                nd.ipv6(sl(bp, 28 + i * 16, 16)?);
            }
            nd.s(" }");
        } else {
            nd.f(format_args!(", {nsrcs} source(s)"));
        }
    }
    nd.s("]");
    Ok(())
}

/// Neighbor Discovery options (`-v`), each on its own line; `-vv` adds a hex dump.
fn opt_print(nd: &mut Nd<'_>, bp: &[u8], mut cp: usize, mut resid: isize) -> Res {
    let ep = bp.len();
    let v = nd.opts.verbose;
    while cp < ep {
        if cp + 2 > ep {
            return Ok(());
        }
        if resid <= 0 {
            return Ok(());
        }
        let t = bp[cp];
        let l = bp[cp + 1] as usize;
        if l == 0 || cp + (l << 3) > ep {
            nd.trunc();
            return Ok(());
        }
        let olen = l << 3;
        nd.f(format_args!(
            "\n\t  {} option ({t}), length {olen} ({l}): ",
            tok(OPTS, t as u32).unwrap_or("unknown")
        ));
        let o = &bp[cp..cp + olen];
        match t {
            1 | 2 => {
                nd.mac(&o[2..]);
            }
            3 => {
                if o.len() < 32 {
                    nd.trunc();
                    return Ok(());
                }
                nd.ipv6(&o[16..32]);
                nd.f(format_args!(
                    "/{}{}, Flags [",
                    o[2],
                    if l != 4 { "badlen" } else { "" }
                ));
                bits(
                    nd,
                    &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")],
                    o[3] as u32,
                );
                nd.s("], valid time ");
                lifetime(nd, u32::from_be_bytes([o[4], o[5], o[6], o[7]]));
                nd.s(", pref. time ");
                lifetime(nd, u32::from_be_bytes([o[8], o[9], o[10], o[11]]));
            }
            4 => unknown_data(nd, &bp[cp..], "\n\t    ", olen),
            5 => nd.f(format_args!(
                " {}{}",
                u32::from_be_bytes([o[4], o[5], o[6], o[7]]),
                if l != 1 { "bad option length" } else { "" }
            )),
            25 => {
                nd.f(format_args!(
                    " lifetime {}s,",
                    u32::from_be_bytes([o[4], o[5], o[6], o[7]])
                ));
                for i in 0..(l - 1) / 2 {
                    nd.s(" addr: ");
                    nd.ipv6(&o[8 + 16 * i..24 + 16 * i]);
                }
            }
            31 => {
                nd.f(format_args!(
                    " lifetime {}s, domain(s):",
                    u32::from_be_bytes([o[4], o[5], o[6], o[7]])
                ));
                let mut d = 8;
                while d < olen && o[d] != 0 {
                    nd.s(" ");
                    match dnssl_name(nd, o, d) {
                        Some(n) => d = n,
                        None => {
                            nd.trunc();
                            return Ok(());
                        }
                    }
                }
            }
            7 => nd.f(format_args!(
                " {}ms",
                u32::from_be_bytes([o[4], o[5], o[6], o[7]])
            )),
            8 => nd.f(format_args!(
                " preference {}, lifetime {}",
                u16::from_be_bytes([o[4], o[5]]),
                u16::from_be_bytes([o[6], o[7]])
            )),
            24 => {
                let mut a = [0u8; 16];
                match l {
                    1 => {}
                    2 => a[..8].copy_from_slice(&o[8..16]),
                    3 => a.copy_from_slice(&o[8..24]),
                    _ => {
                        nd.trunc();
                        return Ok(());
                    }
                }
                nd.s(" ");
                nd.ipv6(&a);
                nd.f(format_args!("/{}, pref={}, lifetime=", o[2], rtpref(o[3])));
                lifetime(nd, u32::from_be_bytes([o[4], o[5], o[6], o[7]]));
            }
            _ => {
                if v <= 1 {
                    unknown_data(nd, &o[2..], "\n\t  ", olen - 2);
                    return Ok(());
                }
            }
        }
        if v > 1 {
            unknown_data(nd, &o[2..], "\n\t    ", olen - 2);
        }
        cp += olen;
        resid -= olen as isize;
    }
    Ok(())
}

/// A DNS name in a DNSSL option (no compression): labels printed with dots.
fn dnssl_name(nd: &mut Nd<'_>, o: &[u8], mut d: usize) -> Option<usize> {
    loop {
        let l = *o.get(d)? as usize;
        d += 1;
        if l == 0 {
            return Some(d);
        }
        if l & 0xc0 != 0 {
            nd.s("<BAD LABEL TYPE>");
            return None;
        }
        for &c in o.get(d..d + l)? {
            super::tcp::print_char(nd.o, c);
        }
        nd.s(".");
        d += l;
    }
}

/// Node information queries and replies (RFC 4620).
fn nodeinfo(nd: &mut Nd<'_>, bp: &[u8], icmp6len: usize) -> Res {
    let siz = bp.len();
    let t = u8at(bp, 0)?;
    let code = u8at(bp, 1)?;
    let flag_letters = |nd: &mut Nd<'_>, f: u16, with_t: bool| {
        nd.s(" [");
        for (bit, c) in [
            (0x40, "a"),
            (0x20, "G"),
            (0x10, "S"),
            (0x08, "L"),
            (0x04, "C"),
            (0x02, "A"),
        ] {
            if f & bit != 0 {
                nd.s(c);
            }
        }
        if with_t && f & 0x01 != 0 {
            nd.s("T");
        }
        nd.s("]");
    };
    if t == 139 {
        if siz == 8 + 4 {
            nd.s(" who-are-you request");
            return Ok(());
        }
        nd.s(" node information query");
        sl(bp, 0, 16)?;
        nd.s(" (");
        let qtype = be16(bp, 4)?;
        let flags = be16(bp, 6)?;
        match qtype {
            0 => nd.s("noop"),
            1 => {
                nd.s("supported qtypes");
                if flags != 0 {
                    nd.f(format_args!(" [{}]", if flags & 1 != 0 { "C" } else { "" }));
                }
            }
            2 => nd.s("DNS name"),
            3 => {
                nd.s("node addresses");
                if flags != 0 {
                    flag_letters(nd, flags, false);
                }
            }
            _ => nd.s("unknown"),
        }
        if qtype == 0 || qtype == 1 {
            if siz != 16 && nd.opts.verbose > 0 {
                nd.s(", invalid len");
            }
            nd.s(")");
            return Ok(());
        }
        if siz == 16 {
            nd.s(", 03 draft)");
            return Ok(());
        }
        match code {
            0 => {
                if has(bp, 0, 32) {
                    if siz != 32 {
                        if nd.opts.verbose > 0 {
                            nd.s(", invalid subject len");
                        }
                    } else {
                        nd.s(", subject=");
                        nd.ipv6(&bp[16..32]);
                    }
                }
            }
            1 => nd.s(", subject=DNS name"),
            2 => {
                if has(bp, 0, 20) {
                    if siz != 20 {
                        if nd.opts.verbose > 0 {
                            nd.s(", invalid subject len");
                        }
                    } else {
                        nd.s(", subject=");
                        nd.ipv4(&bp[16..20]);
                    }
                }
            }
            _ => nd.s(", unknown subject"),
        }
        nd.s(")");
        return Ok(());
    }
    // A reply.
    if icmp6len > siz {
        nd.s("[|icmp6: node information reply]");
        return Ok(());
    }
    sl(bp, 0, 16)?;
    nd.s(" node information reply (");
    let mut needcomma = false;
    match code {
        0 if nd.opts.verbose > 0 => {
            nd.s("success");
            needcomma = true;
        }
        1 | 2 => {
            nd.s(if code == 1 { "refused" } else { "unknown" });
            needcomma = true;
            if siz != 16 && nd.opts.verbose > 0 {
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
        0 => nd.s("noop"),
        1 => {
            nd.s("supported qtypes");
            if flags != 0 {
                nd.f(format_args!(" [{}]", if flags & 1 != 0 { "C" } else { "" }));
            }
        }
        2 => nd.s("DNS name"),
        3 => {
            nd.s("node addresses");
            let mut i = 16;
            while i + 20 <= siz {
                nd.s(" ");
                nd.ipv6(&bp[i..i + 16]);
                nd.f(format_args!("({})", be32(bp, i + 16)? as i32));
                i += 20;
            }
            if flags != 0 {
                flag_letters(nd, flags, true);
            }
        }
        _ => nd.s("unknown"),
    }
    nd.s(")");
    Ok(())
}
