//! RIP versions 1 and 2, as tcpdump's print-rip.c: requests and responses with their route
//! entries and the RIPv2 authentication entries (simple, cryptographic, trailers).
use super::util::{Tok, mask2plen, tok2str};
use super::{Nd, Res, be16, be32, has, sl, tail};

const CMD_VALUES: &Tok = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Trace on"),
    (4, "Trace off"),
    (5, "Poll"),
    (6, "Poll Entry"),
];

/// BSD address family numbers (tcpdump's af.c `bsd_af_values`).
const BSD_AF_VALUES: &Tok = &[
    (2, "IPv4"),
    (6, "NS"),
    (7, "ISO"),
    (16, "Appletalk"),
    (23, "IPX"),
    (24, "IPv6"),
    (28, "IPv6"),
    (30, "IPv6"),
];

const ROUTELEN: usize = 20;

/// A RIPv1 entry at `e` (`remaining` bytes left); the bytes it took, 0 when it is short.
fn entry_v1(nd: &mut Nd<'_>, p: &[u8], e: usize, remaining: usize) -> Res<usize> {
    if remaining < ROUTELEN || !has(p, e, ROUTELEN) {
        return Ok(0);
    }
    let family = be16(p, e)?;
    if family != 2 && family != 0 {
        nd.f(format_args!(
            "\n\t AFI {}, ",
            tok2str(BSD_AF_VALUES, "Unknown (%u)", family.into())
        ));
        nd.print_unknown_data(tail(p, e + 4), "\n\t  ", ROUTELEN - 4);
        return Ok(ROUTELEN);
    }
    if be16(p, e + 2)? != 0 || be32(p, e + 8)? != 0 || be32(p, e + 12)? != 0 {
        nd.print_unknown_data(tail(p, e), "\n\t  ", ROUTELEN);
        return Ok(ROUTELEN);
    }
    nd.s(if family == 0 { "\n\t  AFI 0, " } else { "\n\t  " });
    nd.host4(&p[e + 4..e + 8]);
    nd.f(format_args!(", metric: {}", be32(p, e + 16)?));
    Ok(ROUTELEN)
}

/// A RIPv2 entry at `e` (`remaining` bytes left); the bytes it took, 0 when it is short.
fn entry_v2(nd: &mut Nd<'_>, p: &[u8], e: usize, remaining: usize) -> Res<usize> {
    if remaining < 4 || !has(p, e, 4) {
        return Ok(0);
    }
    let family = be16(p, e)?;
    if family == 0xffff {
        let auth_type = be16(p, e + 2)?;
        let a = e + 4;
        let remaining = remaining - 4;
        match auth_type {
            2 => {
                nd.s("\n\t  Simple Text Authentication data: ");
                nd.printjnp(tail(p, a), 16)?;
            }
            3 => {
                if !has(p, a, 16) || remaining < 16 {
                    return Ok(0);
                }
                nd.s("\n\t  Auth header:");
                nd.f(format_args!(" Packet Len {},", be16(p, a)?));
                nd.f(format_args!(" Key-ID {},", p[a + 2]));
                nd.f(format_args!(" Auth Data Len {},", p[a + 3]));
                nd.f(format_args!(" SeqNo {},", be32(p, a + 4)?));
                nd.f(format_args!(" MBZ {},", be32(p, a + 8)?));
                nd.f(format_args!(" MBZ {}", be32(p, a + 12)?));
            }
            _ => {
                if auth_type == 1 {
                    nd.s("\n\t  Auth trailer:");
                } else {
                    nd.f(format_args!(
                        "\n\t  Unknown ({auth_type}) Authentication data:"
                    ));
                }
                // Of unknown length: it takes the rest of the packet.
                nd.print_unknown_data(tail(p, a), "\n\t  ", remaining);
                return Ok(4 + remaining);
            }
        }
    } else if family != 2 && family != 0 {
        nd.f(format_args!(
            "\n\t  AFI {}",
            tok2str(BSD_AF_VALUES, "Unknown (%u)", family.into())
        ));
        nd.print_unknown_data(tail(p, e + 4), "\n\t  ", ROUTELEN - 4);
    } else {
        if !has(p, e, ROUTELEN) || remaining < ROUTELEN {
            return Ok(0);
        }
        let dest = sl(p, e + 4, 4)?;
        let mut t = Vec::new();
        nd.names.host4(&mut t, dest);
        nd.f(format_args!(
            "\n\t  AFI {}, {:>15}/{:<2}, tag 0x{:04x}, metric: {}, next-hop: ",
            tok2str(BSD_AF_VALUES, "%u", family.into()),
            String::from_utf8_lossy(&t),
            mask2plen(be32(p, e + 8)?),
            be16(p, e + 2)?,
            be32(p, e + 16)?
        ));
        if be32(p, e + 12)? != 0 {
            nd.host4(&p[e + 12..e + 16]);
        } else {
            nd.s("self");
        }
    }
    Ok(ROUTELEN)
}

/// Prints a RIP packet (UDP port 520).
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> Res {
    nd.proto = "rip";
    let mut len = dat.len().min(length);
    if len < 4 {
        nd.trunc();
        return Ok(());
    }
    len -= 4;
    let vers = dat[1];
    nd.f(format_args!(
        "{}RIPv{vers}",
        if nd.opts.verbose >= 1 { "\n\t" } else { "" }
    ));
    if vers == 0 {
        nd.print_unknown_data(dat, "\n\t", length);
        return Ok(());
    }
    let cmd = dat[0];
    nd.f(format_args!(
        ", {}, length: {length}",
        tok2str(CMD_VALUES, "unknown command (%u)", cmd.into())
    ));
    if nd.opts.verbose < 1 {
        return Ok(());
    }
    match cmd {
        1 | 2 => match vers {
            1 | 2 => {
                let routes = length / ROUTELEN;
                if vers == 1 {
                    nd.f(format_args!(", routes: {routes}"));
                } else {
                    nd.f(format_args!(", routes: {routes} or less"));
                }
                let mut e = 4;
                while len != 0 {
                    let size = if vers == 1 {
                        entry_v1(nd, dat, e, len)?
                    } else {
                        entry_v2(nd, dat, e, len)?
                    };
                    if size == 0 {
                        nd.trunc();
                        break;
                    }
                    if len < size {
                        nd.f(format_args!(" [remaining entries length {len} < {size}]"));
                        nd.invalid();
                        break;
                    }
                    e += size;
                    len -= size;
                }
            }
            _ => nd.s(", unknown version"),
        },
        4..=6 => {}
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(dat, "\n\t", length);
            }
        }
    }
    if nd.opts.verbose > 1 {
        nd.print_unknown_data(dat, "\n\t", length);
    }
    Ok(())
}
