//! DVMRP (inside IGMP), as tcpdump's print-dvmrp.c: probes, route reports, neighbor lists,
//! prunes and grafts.
use super::{Nd, Res, be32, sl, tail, u8at};

const TYPES: &[(u32, &str)] = &[
    (1, "Probe"),
    (2, "Report"),
    (3, "Ask-neighbors(old)"),
    (4, "Neighbors(old)"),
    (5, "Ask-neighbors2"),
    (6, "Neighbors2"),
    (7, "Prune"),
    (8, "Graft"),
    (9, "Graft-ACK"),
];

/// Prints a DVMRP message; `bp` starts at the IGMP header, `len` counts it.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "dvmrp";
    if len < 8 {
        nd.f(format_args!(" [length {len} < 8]"));
        nd.invalid();
        return Ok(());
    }
    let t = u8at(bp, 1)?;
    let body = tail(bp, 8);
    let len = len - 8;
    nd.s(" ");
    nd.tok2str(TYPES, "[type %u]", u32::from(t));
    match t {
        1 if nd.opts.verbose > 0 => probe(nd, body, len),
        2 if nd.opts.verbose > 1 => report(nd, body, len),
        4 => neighbors(nd, body, len),
        6 => {
            // The version is in the IGMP group address field.
            let (major, minor) = (u8at(bp, 7)?, u8at(bp, 6)?);
            neighbors2(nd, body, len, major, minor)
        }
        7 => {
            src_grp(nd, body)?;
            nd.s(" timer ");
            let timer = be32(body, 8)?;
            nd.unsigned_relts(timer);
            Ok(())
        }
        8 | 9 => src_grp(nd, body),
        _ => Ok(()),
    }
}

fn src_grp(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    let (src, grp) = (sl(bp, 0, 4)?, sl(bp, 4, 4)?);
    nd.s(" src ");
    nd.host4(src);
    nd.s(" grp ");
    nd.host4(grp);
    Ok(())
}

fn report(nd: &mut Nd<'_>, bp: &[u8], mut len: usize) -> Res {
    let mut i = 0;
    while len > 0 {
        if len < 3 {
            nd.f(format_args!(" [length {len} < 3]"));
            nd.invalid();
            return Ok(());
        }
        let m = sl(bp, i, 3)?;
        let mask = [0xff, m[0], m[1], m[2]];
        let width = if m[2] != 0 {
            4
        } else if m[1] != 0 {
            3
        } else if m[0] != 0 {
            2
        } else {
            1
        };
        nd.s("\n\tMask ");
        nd.ipv4(&mask);
        i += 3;
        len -= 3;
        loop {
            if len < width + 1 {
                nd.s("\n\t  [Truncated Report]");
                nd.invalid();
                return Ok(());
            }
            let mut origin = [0u8; 4];
            origin[..width].copy_from_slice(sl(bp, i, width)?);
            let metric = u8at(bp, i + width)?;
            i += width + 1;
            nd.s("\n\t  ");
            nd.ipv4(&origin);
            nd.f(format_args!(" metric {}", metric & 0x7f));
            len -= width + 1;
            if metric & 0x80 != 0 {
                break;
            }
        }
    }
    Ok(())
}

fn probe(nd: &mut Nd<'_>, bp: &[u8], mut len: usize) -> Res {
    if len < 4 {
        nd.f(format_args!(" [full length {len} < 4]"));
        nd.invalid();
        return Ok(());
    }
    nd.s(if nd.opts.verbose > 1 { "\n\t" } else { " " });
    nd.f(format_args!("genid {}", be32(bp, 0)?));
    if nd.opts.verbose < 2 {
        return Ok(());
    }
    let mut i = 4;
    len -= 4;
    while len > 0 {
        if len < 4 {
            nd.f(format_args!("[remaining length {len} < 4]"));
            nd.invalid();
            return Ok(());
        }
        let a = sl(bp, i, 4)?;
        nd.s("\n\tneighbor ");
        nd.host4(a);
        i += 4;
        len -= 4;
    }
    Ok(())
}

fn neighbors(nd: &mut Nd<'_>, bp: &[u8], mut len: usize) -> Res {
    let mut i = 0;
    while len > 0 {
        if len < 7 {
            nd.f(format_args!(" [length {len} < 7]"));
            nd.invalid();
            return Ok(());
        }
        let laddr = i;
        let (metric, thresh, ncount) = (u8at(bp, i + 4)?, u8at(bp, i + 5)?, u8at(bp, i + 6)?);
        i += 7;
        len -= 7;
        for _ in 0..ncount {
            if len < 4 {
                nd.f(format_args!(" [length {len} < 4]"));
                nd.invalid();
                return Ok(());
            }
            let local = sl(bp, laddr, 4)?;
            nd.s(" [");
            nd.host4(local);
            nd.s(" ->");
            let nb = sl(bp, i, 4)?;
            nd.s(" ");
            nd.host4(nb);
            nd.f(format_args!(", ({metric}/{thresh})]"));
            i += 4;
            len -= 4;
        }
    }
    Ok(())
}

fn neighbors2(nd: &mut Nd<'_>, bp: &[u8], mut len: usize, major: u8, minor: u8) -> Res {
    nd.f(format_args!(" (v {major}.{minor}):"));
    let mut i = 0;
    while len > 0 {
        if len < 8 {
            nd.f(format_args!(" [length {len} < 8]"));
            nd.invalid();
            return Ok(());
        }
        let laddr = i;
        let metric = u8at(bp, i + 4)?;
        let thresh = u8at(bp, i + 5)?;
        let flags = u8at(bp, i + 6)?;
        let ncount = u8at(bp, i + 7)?;
        i += 8;
        len -= 8;
        let mut left = i32::from(ncount);
        while left > 0 && len > 0 {
            left -= 1;
            if len < 4 {
                nd.f(format_args!(" [length {len} < 4]"));
                nd.invalid();
                return Ok(());
            }
            let local = sl(bp, laddr, 4)?;
            nd.s(" [");
            nd.host4(local);
            nd.s(" -> ");
            let nb = sl(bp, i, 4)?;
            nd.host4(nb);
            nd.f(format_args!(" ({metric}/{thresh}"));
            for (bit, name) in [
                (0x01, "/tunnel"),
                (0x02, "/srcrt"),
                (0x40, "/querier"),
                (0x20, "/disabled"),
                (0x10, "/down"),
            ] {
                if flags & bit != 0 {
                    nd.s(name);
                }
            }
            nd.s(")]");
            i += 4;
            len -= 4;
        }
        // Neighbors left over: the message ended before the count did.
        if left != 0 {
            nd.s(" [invalid ncount]");
            nd.invalid();
            return Ok(());
        }
    }
    Ok(())
}
