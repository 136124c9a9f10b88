//! PIM, as tcpdump's print-pim.c: PIMv1 (inside IGMP), every PIMv2 message type with its
//! encoded addresses and checksum verdict, and Cisco's auto-RP (UDP).
use super::ip::{IpHdr, fold, sum_words};
use super::{Nd, Res, be16, be32, has, ip, ip6, sl, tail, u8at};

const V1_TYPES: &[(u32, &str)] = &[
    (0, "Query"),
    (1, "Register"),
    (2, "Register-Stop"),
    (3, "Join/Prune"),
    (4, "RP-reachable"),
    (5, "Assert"),
    (6, "Graft"),
    (7, "Graft-ACK"),
];

const V2_TYPES: &[(u32, &str)] = &[
    (0, "Hello"),
    (1, "Register"),
    (2, "Register Stop"),
    (3, "Join / Prune"),
    (4, "Bootstrap"),
    (5, "Assert"),
    (6, "Graft"),
    (7, "Graft Acknowledgement"),
    (8, "Candidate RP Advertisement"),
    (9, "Prune Refresh"),
    (10, "DF Election"),
    (11, "ECMP Redirect"),
];

const HELLO_OPTIONS: &[(u32, &str)] = &[
    (1, "Hold Time"),
    (2, "LAN Prune Delay"),
    (18, "DR Priority (Old)"),
    (19, "DR Priority"),
    (20, "Generation ID"),
    (21, "State Refresh Capability"),
    (22, "Bi-Directional Capability"),
    (24, "Address List"),
    (65001, "Address List (Old)"),
];

const REGISTER_FLAGS: &[(u32, &str)] = &[(0x8000_0000, "Border"), (0x4000_0000, "Null")];

const DF_ELECTION: &[(u32, &str)] = &[(1, "Offer"), (2, "Winner"), (3, "Backoff"), (4, "Pass")];

/// Prints PIMv1 (IGMP type 0x14); `bp` starts at the IGMP header.
pub(crate) fn print_v1(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "pimv1";
    let t = u8at(bp, 1)?;
    nd.s(" ");
    nd.tok2str(V1_TYPES, "[type %u]", u32::from(t));
    let v = nd.opts.verbose;
    match t {
        0 => {
            if let Ok(m) = u8at(bp, 8) {
                match m >> 4 {
                    0 => nd.s(" Dense-mode"),
                    1 => nd.s(" Sparse-mode"),
                    2 => nd.s(" Sparse-Dense-mode"),
                    x => nd.f(format_args!(" mode-{x}")),
                }
            }
            if v > 0 {
                nd.s(" (Hold-time ");
                let hold = be16(bp, 10)?;
                nd.unsigned_relts(u32::from(hold));
                nd.s(")");
            }
        }
        1 => {
            if !has(bp, 8, 20) {
                return nd.trunc_here();
            }
            for_src_dst(nd, bp, 20, 24)?;
        }
        2 => for_src_dst(nd, bp, 8, 12)?,
        4 if v > 0 => {
            let group = sl(bp, 8, 4)?;
            nd.s(" group ");
            nd.host4(group);
            if be32(bp, 12)? != 0xffff_ffff {
                let mask = sl(bp, 12, 4)?;
                nd.s("/");
                nd.host4(mask);
            }
            let rp = sl(bp, 16, 4)?;
            nd.s(" RP ");
            nd.host4(rp);
            nd.s(" hold ");
            let hold = be16(bp, 22)?;
            nd.unsigned_relts(u32::from(hold));
        }
        5 => {
            for_src_dst(nd, bp, 16, 8)?;
            if be32(bp, 12)? != 0xffff_ffff {
                let mask = sl(bp, 12, 4)?;
                nd.s("/");
                nd.host4(mask);
            }
            let (rpt, pref, metric) = (u8at(bp, 20)?, be32(bp, 20)?, be32(bp, 24)?);
            nd.f(format_args!(
                " {} pref {} metric {metric}",
                if rpt & 0x80 != 0 { "RP-tree" } else { "SPT" },
                pref & 0x7fff_ffff
            ));
        }
        3 | 6 | 7 if v > 0 => {
            if len < 8 {
                return nd.trunc_here();
            }
            // A short join/prune is marked where it stops; the version still follows.
            if !v1_join_prune(nd, tail(bp, 8), len - 8)? {
                nd.trunc();
            }
        }
        _ => {}
    }
    let ver = u8at(bp, 4)? >> 4;
    if ver != 1 {
        nd.f(format_args!(" [v{ver}]"));
    }
    Ok(())
}

/// ` for SRC > DST` from two IPv4 addresses at the given offsets.
fn for_src_dst(nd: &mut Nd<'_>, bp: &[u8], src: usize, dst: usize) -> Res {
    let (s, d) = (sl(bp, src, 4)?, sl(bp, dst, 4)?);
    nd.s(" for ");
    nd.host4(s);
    nd.s(" > ");
    nd.host4(d);
    Ok(())
}

/// A PIMv1 join/prune, graft or graft-ack; Ok(false) when it ends early (tcpdump's `trunc`).
fn v1_join_prune(nd: &mut Nd<'_>, bp: &[u8], mut len: usize) -> Res<bool> {
    // A single group with a single source prints on one line.
    if has(bp, 0, 30) && bp[11] == 1 {
        let njoin = be16(bp, 20)?;
        if u32::from(njoin) + u32::from(be16(bp, 22)?) == 1 {
            let rpf = sl(bp, 0, 4)?;
            nd.s(" RPF ");
            nd.host4(rpf);
            nd.s(" ");
            let hold = be16(bp, 6)?;
            if hold != 180 {
                nd.s("Hold ");
                nd.unsigned_relts(u32::from(hold));
            }
            nd.s(if njoin != 0 { "Join" } else { "Prune" });
            nd.s(" (");
            nd.host4(&bp[26..30]);
            nd.f(format_args!("/{}, ", bp[25] & 0x3f));
            nd.host4(&bp[12..16]);
            if be32(bp, 16)? != 0xffff_ffff {
                nd.s("/");
                nd.host4(&bp[16..20]);
            }
            nd.f(format_args!(
                ") {}{} {}",
                if bp[24] & 1 != 0 { "Sparse" } else { "Dense" },
                if bp[25] & 0x80 != 0 { " WC" } else { "" },
                if bp[25] & 0x40 != 0 { "RP" } else { "SPT" }
            ));
            return Ok(true);
        }
    }
    let vv = nd.opts.verbose > 1;
    if len < 4 {
        return Ok(false);
    }
    if vv {
        nd.s("\n");
    }
    let up = sl(bp, 0, 4)?;
    nd.s(" Upstream Nbr: ");
    nd.host4(up);
    let mut i = 4;
    len -= 4;
    if len < 4 {
        return Ok(false);
    }
    if vv {
        nd.s("\n");
    }
    nd.s(" Hold time: ");
    let hold = be16(bp, i + 2)?;
    nd.unsigned_relts(u32::from(hold));
    if !vv {
        return Ok(true);
    }
    i += 4;
    len -= 4;
    if len < 4 {
        return Ok(false);
    }
    let mut ngroups = u8at(bp, i + 3)?;
    i += 4;
    len -= 4;
    while ngroups != 0 {
        if len < 4 {
            return Ok(false);
        }
        let g = sl(bp, i, 4)?;
        nd.s("\n\tGroup: ");
        nd.host4(g);
        i += 4;
        len -= 4;
        if len < 4 {
            return Ok(false);
        }
        if be32(bp, i)? != 0xffff_ffff {
            nd.s("/");
            nd.host4(&bp[i..i + 4]);
        }
        i += 4;
        len -= 4;
        if len < 4 {
            return Ok(false);
        }
        let (njoin, nprune) = (be16(bp, i)?, be16(bp, i + 2)?);
        nd.f(format_args!(" joined: {njoin} pruned: {nprune}"));
        i += 4;
        len -= 4;
        for njp in 0..u32::from(njoin) + u32::from(nprune) {
            if len < 6 {
                return Ok(false);
            }
            let (f0, f1, a) = (u8at(bp, i)?, u8at(bp, i + 1)?, sl(bp, i + 2, 4)?);
            nd.f(format_args!(
                "\n\t{} {}{}{}",
                if njp < u32::from(njoin) {
                    "Join "
                } else {
                    "Prune"
                },
                if f0 & 1 != 0 { "Sparse " } else { "Dense " },
                if f1 & 0x80 != 0 { "WC " } else { "" },
                if f1 & 0x40 != 0 { "RP " } else { "SPT " }
            ));
            nd.host4(a);
            nd.f(format_args!("/{}", f1 & 0x3f));
            i += 6;
            len -= 6;
        }
        ngroups -= 1;
    }
    Ok(true)
}

/// Prints Cisco's auto-RP announcements and mappings (UDP port 496).
pub(crate) fn print_autorp(nd: &mut Nd<'_>, bp: &[u8], mut len: usize) -> Res {
    nd.proto = "cisco_autorp";
    if len < 8 {
        return nd.trunc_here();
    }
    nd.s(" auto-rp ");
    match u8at(bp, 0)? {
        0x11 => nd.s("candidate-advert"),
        0x12 => nd.s("mapping"),
        t => nd.f(format_args!("type-0x{t:02x}")),
    }
    let mut numrps = u8at(bp, 1)?;
    nd.s(" Hold ");
    let hold = be16(bp, 2)?;
    if hold != 0 {
        nd.unsigned_relts(u32::from(hold));
    } else {
        nd.s("FOREVER");
    }
    let mut i = 8;
    len -= 8;
    while numrps != 0 {
        if len < 4 {
            return nd.trunc_here();
        }
        let rp = sl(bp, i, 4)?;
        nd.s(" RP ");
        nd.host4(rp);
        i += 4;
        len -= 4;
        if len < 1 {
            return nd.trunc_here();
        }
        let ver = u8at(bp, i)?;
        nd.s(match ver & 3 {
            0 => " PIMv?",
            1 => " PIMv1",
            2 => " PIMv2",
            _ => " PIMv1+2",
        });
        if ver & 0xfc != 0 {
            nd.f(format_args!(" [rsvd=0x{:02x}]", ver & 0xfc));
        }
        i += 1;
        len -= 1;
        if len < 1 {
            return nd.trunc_here();
        }
        let mut nentries = u8at(bp, i)?;
        i += 1;
        len -= 1;
        let mut sep = ' ';
        while nentries != 0 {
            if len < 6 {
                return nd.trunc_here();
            }
            let (f, mlen, a) = (u8at(bp, i)?, u8at(bp, i + 1)?, sl(bp, i + 2, 4)?);
            nd.f(format_args!("{sep}{}", if f & 1 != 0 { "!" } else { "" }));
            nd.host4(a);
            nd.f(format_args!("/{mlen}"));
            if f & 2 != 0 {
                nd.s(" bidir");
            }
            if f & 0xfc != 0 {
                nd.f(format_args!("[rsvd=0x{:02x}]", f & 0xfc));
            }
            sep = ',';
            i += 6;
            len -= 6;
            nentries -= 1;
        }
        numrps -= 1;
    }
    Ok(())
}

/// Prints a PIM message (IP protocol 103) of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize, iph: IpHdr<'_>) -> Res {
    nd.proto = "pim";
    let typever = u8at(bp, 0)?;
    let ver = typever >> 4;
    let t = u32::from(typever & 0x0f);
    if ver != 2 {
        nd.f(format_args!("PIMv{ver}, length {len}"));
        return Ok(());
    }
    if nd.opts.verbose == 0 {
        nd.f(format_args!("PIMv{ver}, "));
        nd.tok2str(V2_TYPES, "Unknown Type", t);
        nd.f(format_args!(", length {len}"));
        return Ok(());
    }
    nd.f(format_args!("PIMv{ver}, length {len}\n\t"));
    nd.tok2str(V2_TYPES, "Unknown Type", t);
    v2(nd, bp, len, iph)
}

/// Which kind of encoded address (RFC 7761 section 4.9).
#[derive(Clone, Copy, PartialEq, Eq)]
enum AddrKind {
    Unicast,
    Group,
    Source,
}

/// Prints an encoded address; its length, or None when it is malformed or runs past `len` or
/// the captured bytes (tcpdump's -1, after which the callers print the truncation mark).
/// `addr_len` is the header's RFC 2117 address length (0: the encoding carries the family).
fn addr(
    nd: &mut Nd<'_>,
    bp: &[u8],
    len: usize,
    kind: AddrKind,
    addr_len: usize,
) -> Res<Option<usize>> {
    let (v6, alen, hdrlen) = if addr_len == 0 {
        if len < 2 {
            return Ok(None);
        }
        let v6 = match u8at(bp, 0)? {
            1 => false,
            2 => true,
            _ => return Ok(None),
        };
        if u8at(bp, 1)? != 0 {
            return Ok(None);
        }
        (v6, if v6 { 16 } else { 4 }, 2)
    } else {
        match addr_len {
            4 => (false, 4, 0),
            16 => (true, 16, 0),
            _ => return Ok(None),
        }
    };
    let bp = tail(bp, hdrlen);
    let len = len - hdrlen;
    let host = |nd: &mut Nd<'_>, a: &[u8]| {
        if v6 { nd.host6(a) } else { nd.host4(a) }
    };
    if kind == AddrKind::Unicast {
        if len < alen || !has(bp, 0, alen) {
            return Ok(None);
        }
        host(nd, &bp[..alen]);
        return Ok(Some(hdrlen + alen));
    }
    if len < alen + 2 || !has(bp, 0, alen + 2) {
        return Ok(None);
    }
    host(nd, &bp[2..2 + alen]);
    let mask = bp[1];
    if usize::from(mask) != alen * 8 {
        nd.f(format_args!("/{mask}"));
    }
    let flags = bp[0];
    if flags != 0 {
        if kind == AddrKind::Group {
            nd.f(format_args!("(0x{flags:02x})"));
        } else {
            nd.f(format_args!(
                "({}{}{}",
                if flags & 4 != 0 { "S" } else { "" },
                if flags & 2 != 0 { "W" } else { "" },
                if flags & 1 != 0 { "R" } else { "" }
            ));
            if flags & 0xf8 != 0 {
                nd.f(format_args!("+0x{:02x}", flags & 0xf8));
            }
            nd.s(")");
        }
    }
    Ok(Some(hdrlen + 2 + alen))
}

/// The checksum verdict over the first `len` bytes: None when they were not all captured.
fn checksum_ok(bp: &[u8], iph: &IpHdr<'_>, len: usize) -> Option<bool> {
    let data = bp.get(..len)?;
    let start = if iph.v6 { iph.pseudo(103, len) } else { 0 };
    Some(fold(sum_words(start, data)) == 0)
}

/// The body of a PIMv2 message at `-v`, after its type name.
fn v2(nd: &mut Nd<'_>, bp: &[u8], len: usize, iph: IpHdr<'_>) -> Res {
    nd.proto = "pimv2";
    if len < 2 {
        nd.f(format_args!("[length {len} < 2]"));
        nd.invalid();
        return Ok(());
    }
    let typever = u8at(bp, 0)?;
    let t = typever & 0x0f;
    let rsv = u8at(bp, 1)?;
    let alen = usize::from(rsv & 0x0f);
    if alen != 0 {
        nd.s(", RFC2117-encoding");
    }
    if len < 4 {
        nd.f(format_args!("[length {len} < 4]"));
        nd.invalid();
        return Ok(());
    }
    let cksum = be16(bp, 2)?;
    nd.f(format_args!(", cksum 0x{cksum:04x} "));
    if cksum == 0 {
        nd.s("(unverified)");
    } else {
        // A register's checksum covers its header only, though RFC 4601 asks receivers to
        // accept one over the whole message too.
        let status = if t == 1 {
            match checksum_ok(bp, &iph, 8) {
                Some(false) => checksum_ok(bp, &iph, len),
                s => s,
            }
        } else {
            checksum_ok(bp, &iph, len)
        };
        nd.s(match status {
            Some(true) => "(correct)",
            Some(false) => "(incorrect)",
            None => "(unverified)",
        });
    }
    let body = tail(bp, 4);
    let len = len - 4;
    let done = match t {
        0 => hello(nd, body, len, alen)?,
        1 => {
            if len < 4 || !has(body, 0, 4) {
                return nd.trunc_here();
            }
            nd.s(", Flags [ ");
            nd.tok2str(REGISTER_FLAGS, "none", be32(body, 0)?);
            nd.s(" ]\n\t");
            if len == 4 {
                return nd.trunc_here();
            }
            let inner = tail(body, 4);
            let ilen = len - 4;
            match u8at(inner, 0)? >> 4 {
                0 => {
                    let (src, dst) = (sl(inner, 12, 4)?, sl(inner, 16, 4)?);
                    nd.s("IP-Null-header ");
                    nd.host4(src);
                    nd.s(" > ");
                    nd.host4(dst);
                }
                4 => ip::print(nd, inner, ilen)?,
                6 => ip6::print(nd, inner, ilen)?,
                x => nd.f(format_args!("IP ver {x}")),
            }
            true
        }
        2 => {
            let mut c = Cursor::new(body, len, alen);
            c.addr(nd, " group=", AddrKind::Group)? && c.addr(nd, " source=", AddrKind::Unicast)?
        }
        3 | 6 | 7 => join_prune(nd, body, len, alen, t)?,
        4 => bootstrap(nd, body, len, alen)?,
        5 => {
            let mut c = Cursor::new(body, len, alen);
            if c.addr(nd, " group=", AddrKind::Group)? && c.addr(nd, " src=", AddrKind::Unicast)? {
                if c.len < 8 || !has(c.bp, 0, 8) {
                    false
                } else {
                    if c.bp[0] & 0x80 != 0 {
                        nd.s(" RPT");
                    }
                    nd.f(format_args!(
                        " pref={} metric={}",
                        be32(c.bp, 0)? & 0x7fff_ffff,
                        be32(c.bp, 4)?
                    ));
                    true
                }
            } else {
                false
            }
        }
        8 => candidate_rp(nd, body, len, alen)?,
        9 => {
            let mut c = Cursor::new(body, len, alen);
            if c.addr(nd, " src=", AddrKind::Unicast)?
                && c.addr(nd, " grp=", AddrKind::Group)?
                && c.addr(nd, " forwarder=", AddrKind::Unicast)?
            {
                if c.len < 2 {
                    false
                } else {
                    nd.s(" TUNR ");
                    let t = be16(c.bp, 0)?;
                    nd.unsigned_relts(u32::from(t));
                    true
                }
            } else {
                false
            }
        }
        10 => df_election(nd, body, len, alen, rsv >> 4)?,
        _ => {
            nd.f(format_args!(" [type {t}]"));
            true
        }
    };
    if !done {
        return nd.trunc_here();
    }
    Ok(())
}

/// Walks encoded addresses, keeping the remaining length as tcpdump's `len`.
struct Cursor<'a> {
    bp: &'a [u8],
    len: usize,
    alen: usize,
}

impl<'a> Cursor<'a> {
    fn new(bp: &'a [u8], len: usize, alen: usize) -> Self {
        Cursor { bp, len, alen }
    }

    /// Prints `label` and the next address; false when it is malformed or short.
    fn addr(&mut self, nd: &mut Nd<'_>, label: &str, kind: AddrKind) -> Res<bool> {
        nd.s(label);
        Ok(match addr(nd, self.bp, self.len, kind, self.alen)? {
            Some(n) => {
                self.skip(n);
                true
            }
            None => false,
        })
    }

    fn skip(&mut self, n: usize) {
        self.bp = tail(self.bp, n);
        self.len = self.len.saturating_sub(n);
    }
}

/// Hello options; Ok(false) when one runs past the message.
fn hello(nd: &mut Nd<'_>, bp: &[u8], mut len: usize, alen: usize) -> Res<bool> {
    let v = nd.opts.verbose;
    let mut i = 0;
    while len > 0 {
        if len < 4 {
            return Ok(false);
        }
        let (otype, olen) = (be16(bp, i)?, be16(bp, i + 2)?);
        nd.s("\n\t  ");
        nd.tok2str(HELLO_OPTIONS, "Unknown", u32::from(otype));
        nd.f(format_args!(" Option ({otype}), length {olen}, Value: "));
        i += 4;
        len -= 4;
        let olen = usize::from(olen);
        if len < olen || !has(bp, i, olen) {
            return Ok(false);
        }
        let o = &bp[i..i + olen];
        let bad_len = |nd: &mut Nd<'_>, want: usize| {
            nd.f(format_args!("[option length {olen} != {want}]"));
            nd.invalid();
        };
        match otype {
            1 => {
                if olen != 2 {
                    bad_len(nd, 2);
                    return Ok(true);
                }
                nd.unsigned_relts(u32::from(be16(o, 0)?));
            }
            2 => {
                if olen != 4 {
                    bad_len(nd, 4);
                    return Ok(true);
                }
                let delay = be16(o, 0)?;
                nd.f(format_args!(
                    "\n\t    T-bit={}, LAN delay {}ms, Override interval {}ms",
                    delay >> 15,
                    delay & 0x7fff,
                    be16(o, 2)?
                ));
            }
            18 | 19 => match olen {
                0 => nd.s("Bi-Directional Capability (Old)"),
                4 => nd.f(format_args!("{}", be32(o, 0)?)),
                _ => {
                    bad_len(nd, 4);
                    return Ok(true);
                }
            },
            20 => {
                if olen != 4 {
                    bad_len(nd, 4);
                    return Ok(true);
                }
                nd.f(format_args!("0x{:08x}", be32(o, 0)?));
            }
            21 => {
                if olen != 4 {
                    bad_len(nd, 4);
                    return Ok(true);
                }
                nd.f(format_args!("v{}", o[0]));
                if o[1] != 0 {
                    nd.s(", interval ");
                    nd.unsigned_relts(u32::from(o[1]));
                }
                let rest = be16(o, 2)?;
                if rest != 0 {
                    nd.f(format_args!(" ?0x{rest:04x}?"));
                }
            }
            22 => {}
            24 | 65001 => {
                if v > 1 {
                    // The addresses may run past the option: tcpdump bounds them by the
                    // message, not by the option.
                    let mut c = Cursor::new(&bp[i..], len, alen);
                    let mut used = 0;
                    while used < olen {
                        let before = c.len;
                        if !c.addr(nd, "\n\t    ", AddrKind::Unicast)? {
                            return Ok(false);
                        }
                        used += before - c.len;
                    }
                }
            }
            _ => {
                if v <= 1 {
                    nd.print_unknown_data(o, "\n\t    ", olen);
                }
            }
        }
        if v > 1 {
            nd.print_unknown_data(o, "\n\t    ", olen);
        }
        i += olen;
        len -= olen;
    }
    Ok(true)
}

/// Join/prune, graft and graft-ack (type 7, which has no upstream neighbor or hold time).
fn join_prune(nd: &mut Nd<'_>, bp: &[u8], len: usize, alen: usize, t: u8) -> Res<bool> {
    let mut c = Cursor::new(bp, len, alen);
    if t != 7 && !c.addr(nd, ", upstream-neighbor: ", AddrKind::Unicast)? {
        return Ok(false);
    }
    if c.len < 4 || !has(c.bp, 0, 4) {
        return Ok(false);
    }
    let ngroup = c.bp[1];
    let holdtime = be16(c.bp, 2)?;
    nd.f(format_args!("\n\t  {ngroup} group(s)"));
    if t != 7 {
        nd.s(", holdtime: ");
        if holdtime == 0xffff {
            nd.s("infinite");
        } else {
            nd.unsigned_relts(u32::from(holdtime));
        }
    }
    c.skip(4);
    for g in 1..=u32::from(ngroup) {
        if !c.addr(nd, &format!("\n\t    group #{g}: "), AddrKind::Group)? {
            return Ok(false);
        }
        if c.len < 4 || !has(c.bp, 0, 4) {
            return Ok(false);
        }
        let (njoin, nprune) = (be16(c.bp, 0)?, be16(c.bp, 2)?);
        nd.f(format_args!(
            ", joined sources: {njoin}, pruned sources: {nprune}"
        ));
        c.skip(4);
        for j in 1..=u32::from(njoin) {
            if !c.addr(
                nd,
                &format!("\n\t      joined source #{j}: "),
                AddrKind::Source,
            )? {
                return Ok(false);
            }
        }
        for j in 1..=u32::from(nprune) {
            if !c.addr(
                nd,
                &format!("\n\t      pruned source #{j}: "),
                AddrKind::Source,
            )? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn bootstrap(nd: &mut Nd<'_>, bp: &[u8], len: usize, alen: usize) -> Res<bool> {
    if len < 2 {
        return Ok(false);
    }
    nd.f(format_args!(" tag={:x}", be16(bp, 0)?));
    if len < 3 {
        return Ok(false);
    }
    nd.f(format_args!(" hashmlen={}", u8at(bp, 2)?));
    if len < 4 || !has(bp, 4, 1) {
        return Ok(false);
    }
    nd.f(format_args!(" BSRprio={}", u8at(bp, 3)?));
    let mut c = Cursor::new(tail(bp, 4), len - 4, alen);
    if !c.addr(nd, " BSR=", AddrKind::Unicast)? {
        return Ok(false);
    }
    let mut i = 0u32;
    while c.len > 0 {
        if !c.addr(nd, &format!(" (group{i}: "), AddrKind::Group)? {
            return Ok(false);
        }
        if c.len < 1 {
            return Ok(false);
        }
        nd.f(format_args!(" RPcnt={}", u8at(c.bp, 0)?));
        if c.len < 2 {
            return Ok(false);
        }
        let frpcnt = u8at(c.bp, 1)?;
        nd.f(format_args!(" FRPcnt={frpcnt}"));
        if c.len < 4 {
            return Ok(false);
        }
        c.skip(4);
        let mut j = 0;
        while j < frpcnt && c.len > 0 {
            if !c.addr(nd, &format!(" RP{j}="), AddrKind::Unicast)? {
                return Ok(false);
            }
            if c.len < 2 {
                return Ok(false);
            }
            nd.s(",holdtime=");
            let h = be16(c.bp, 0)?;
            nd.unsigned_relts(u32::from(h));
            if c.len < 3 {
                return Ok(false);
            }
            nd.f(format_args!(",prio={}", u8at(c.bp, 2)?));
            if c.len < 4 {
                return Ok(false);
            }
            c.skip(4);
            j += 1;
        }
        nd.s(")");
        i += 1;
    }
    Ok(true)
}

fn candidate_rp(nd: &mut Nd<'_>, bp: &[u8], len: usize, alen: usize) -> Res<bool> {
    if len < 1 {
        return Ok(false);
    }
    let pfxcnt = u8at(bp, 0)?;
    nd.f(format_args!(" prefix-cnt={pfxcnt}"));
    if len < 2 {
        return Ok(false);
    }
    nd.f(format_args!(" prio={}", u8at(bp, 1)?));
    if len < 4 {
        return Ok(false);
    }
    nd.s(" holdtime=");
    let h = be16(bp, 2)?;
    nd.unsigned_relts(u32::from(h));
    let mut c = Cursor::new(tail(bp, 4), len - 4, alen);
    if !c.addr(nd, " RP=", AddrKind::Unicast)? {
        return Ok(false);
    }
    let mut i = 0;
    while i < pfxcnt && c.len > 0 {
        if !c.addr(nd, &format!(" Group{i}="), AddrKind::Group)? {
            return Ok(false);
        }
        i += 1;
    }
    Ok(true)
}

fn df_election(nd: &mut Nd<'_>, bp: &[u8], len: usize, alen: usize, subtype: u8) -> Res<bool> {
    nd.s("\n\t  ");
    nd.tok2str(DF_ELECTION, "Unknown", u32::from(subtype));
    nd.s(",");
    let mut c = Cursor::new(bp, len, alen);
    if !c.addr(nd, " rpa=", AddrKind::Unicast)? {
        return Ok(false);
    }
    nd.f(format_args!(" sender pref={}", be32(c.bp, 0)?));
    nd.f(format_args!(" sender metric={}", be32(c.bp, 4)?));
    c.skip(8);
    if matches!(subtype, 3 | 4) {
        let what = if subtype == 3 { "offer" } else { "new winner" };
        if !c.addr(nd, &format!("\n\t  {what} addr="), AddrKind::Unicast)? {
            return Ok(false);
        }
        nd.f(format_args!(" {what} pref={}", be32(c.bp, 0)?));
        nd.f(format_args!(" {what} metric={}", be32(c.bp, 4)?));
        c.skip(8);
        if subtype == 3 {
            nd.f(format_args!(" interval {}ms", be16(c.bp, 0)?));
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn pim_hello_v() {
        check(
            1,
            "-n -v",
            68,
            "01005e00000dc20252720000080045c00036037f00000167cb130a000002e000000d2000aa6e000100020069001400043f0ef4cd00130004000000010015000401000000",
            "IP (tos 0xc0, ttl 1, id 895, offset 0, flags [none], proto PIM (103), length 54)\n    10.0.0.2 > 224.0.0.13: PIMv2, length 34\n\tHello, cksum 0xaa6e (correct)\n\t  Hold Time Option (1), length 2, Value: 1m45s\n\t  Generation ID Option (20), length 4, Value: 0x3f0ef4cd\n\t  DR Priority Option (19), length 4, Value: 1\n\t  State Refresh Capability Option (21), length 4, Value: v1",
        );
    }

    #[test]
    fn pim_hello_vv() {
        check(
            1,
            "-n -vv",
            68,
            "01005e00000dc20252720000080045c00036037f00000167cb130a000002e000000d2000aa6e000100020069001400043f0ef4cd00130004000000010015000401000000",
            "IP (tos 0xc0, ttl 1, id 895, offset 0, flags [none], proto PIM (103), length 54)\n    10.0.0.2 > 224.0.0.13: PIMv2, length 34\n\tHello, cksum 0xaa6e (correct)\n\t  Hold Time Option (1), length 2, Value: 1m45s\n\t    0x0000:  0069\n\t  Generation ID Option (20), length 4, Value: 0x3f0ef4cd\n\t    0x0000:  3f0e f4cd\n\t  DR Priority Option (19), length 4, Value: 1\n\t    0x0000:  0000 0001\n\t  State Refresh Capability Option (21), length 4, Value: v1\n\t    0x0000:  0100 0000",
        );
    }

    #[test]
    fn pim_hello() {
        check(
            1,
            "-n",
            68,
            "01005e00000dc20252720000080045c00036037f00000167cb130a000002e000000d2000aa6e000100020069001400043f0ef4cd00130004000000010015000401000000",
            "IP 10.0.0.2 > 224.0.0.13: PIMv2, Hello, length 34",
        );
    }

    #[test]
    fn pim_bootstrap_v() {
        check(
            1,
            "-n -v",
            80,
            "01005e00000dc2003dee0001080045c0004201dd00000167cca60a000005e000000d2400e41004b0000001000101010101000004e0000000020200000100020202020096000001000303030300960000",
            "IP (tos 0xc0, ttl 1, id 477, offset 0, flags [none], proto PIM (103), length 66)\n    10.0.0.5 > 224.0.0.13: PIMv2, length 46\n\tBootstrap, cksum 0xe410 (correct) tag=4b0 hashmlen=0 BSRprio=0 BSR=1.1.1.1 (group0: 224.0.0.0/4 RPcnt=2 FRPcnt=2 RP0=2.2.2.2,holdtime=2m30s,prio=0 RP1=3.3.3.3,holdtime=2m30s,prio=0)",
        );
    }

    #[test]
    fn pim_register_v() {
        check(
            1,
            "-n -v",
            142,
            "cc05061cf000cc06061cf001080045000080015e0000ff673664c0a80006c0a801fe2100deff0000000045000064000f0000fe01f6d2c0a8140aef010203080090e100030000000000000005ed60abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd",
            "IP (tos 0x0, ttl 255, id 350, offset 0, flags [none], proto PIM (103), length 128)\n    192.168.0.6 > 192.168.1.254: PIMv2, length 108\n\tRegister, cksum 0xdeff (correct), Flags [ none ]\n\tIP (tos 0x0, ttl 254, id 15, offset 0, flags [none], proto ICMP (1), length 100)\n    192.168.20.10 > 239.1.2.3: ICMP echo request, id 3, seq 0, length 80",
        );
    }

    #[test]
    fn pim_register_stop_v() {
        check(
            1,
            "-n -v",
            60,
            "cc06061cf001cc05061cf000080045c0002602820000ff6734dac0a801fec0a800062200162801000020ef0102030100c0a8140a0000000000000000",
            "IP (tos 0xc0, ttl 255, id 642, offset 0, flags [none], proto PIM (103), length 38)\n    192.168.1.254 > 192.168.0.6: PIMv2, length 18\n\tRegister Stop, cksum 0x1628 (correct) group=239.1.2.3 source=192.168.20.10",
        );
    }

    #[test]
    fn pim_assert_rfc2117_v() {
        check(
            1,
            "-n -v",
            60,
            "2e8bb6a6d97810000000000208004500002e00010000406790590a000002e000000d2480d6ab01b615f801000a00000401000020e100000100000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto PIM (103), length 46)\n    10.0.0.2 > 224.0.0.13: PIMv2, length 26\n\tBootstrap, cksum 0xd6ab (correct) tag=1b6 hashmlen=21 BSRprio=248 BSR=10.0.0.4 (group0: 225.0.0.1 RPcnt=0 FRPcnt=0)",
        );
    }

    #[test]
    fn pim_join_prune_truncated_v() {
        check(
            101,
            "-n -v",
            26,
            "45c0002c00000000016700000a000002e000000d230000000100",
            "IP truncated-ip - 18 bytes missing! (tos 0xc0, ttl 1, id 0, offset 0, flags [none], proto PIM (103), length 44, bad cksum 0 (->ce9c)!)\n    10.0.0.2 > 224.0.0.13: PIMv2, length 24\n\tJoin / Prune, cksum 0x0000 (unverified), upstream-neighbor:  [|pimv2]",
        );
    }

    #[test]
    fn pimv1_query_v() {
        check(
            101,
            "-n -v",
            32,
            "4500002400000000010200000a0000010a000002140000000000000010000069",
            "IP truncated-ip - 4 bytes missing! (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto IGMP (2), length 36, bad cksum 0 (->a5d6)!)\n    10.0.0.1 > 10.0.0.2: igmp pimv1 Query Sparse-mode (Hold-time 1m45s) [v0]",
        );
    }
}
