//! OSPFv3, as tcpdump's print-ospf6.c: the packet header, hellos, database descriptions, LS
//! requests, updates (router, network, prefix, external, link, intra-area prefix, grace and TE
//! LSAs) and acks, and the LLS and authentication trailers (RFC 5613, RFC 6506).
use super::ospf;
use super::util::{Tok, bittok2str, tok2str};
use super::{Nd, Res, be16, be32, has, sl, tail, u8at};

const OPTION_VALUES: &Tok = &[
    (0x01, "V6"),
    (0x02, "External"),
    (0x04, "Deprecated"),
    (0x08, "NSSA"),
    (0x10, "Router"),
    (0x20, "Demand Circuit"),
    (0x0100, "AFs Support"),
    (0x0200, "LLS"),
    (0x0400, "Authentication Trailer"),
];

const RLA_FLAG_VALUES: &Tok = &[
    (0x01, "ABR"),
    (0x02, "External"),
    (0x04, "Virtual-Link Endpoint"),
    (0x08, "Deprecated"),
    (0x10, "NSSA Translator"),
];

const ASLA_FLAG_VALUES: &Tok = &[
    (0x8000_0000, "External Type 2"),
    (0x0200_0000, "Forwarding"),
    (0x0100_0000, "Tag"),
];

const TYPE_VALUES: &Tok = &[
    (1, "Hello"),
    (2, "Database Description"),
    (3, "LS-Request"),
    (4, "LS-Update"),
    (5, "LS-Ack"),
];

const LSA_VALUES: &Tok = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Inter-Area Prefix"),
    (4, "Inter-Area Router"),
    (5, "External"),
    (6, "Deprecated"),
    (7, "NSSA"),
    (8, "Link"),
    (9, "Intra-Area Prefix"),
    (10, "Intra-Area TE"),
    (11, "Grace"),
    (12, "Router Information"),
    (13, "Inter-AS-TE"),
    (14, "Layer 1 VPN"),
];

const LS_SCOPE_VALUES: &Tok = &[(0x0000, "Link Local"), (0x2000, "Area Local"), (0x4000, "Domain Wide")];

const DD_FLAG_VALUES: &Tok = &[(0x04, "Init"), (0x02, "More"), (0x01, "Master"), (0x10, "IPv6 MTU")];

const PREFIX_OPTION_VALUES: &Tok = &[
    (0x01, "No Unicast"),
    (0x02, "Local address"),
    (0x04, "Deprecated"),
    (0x08, "Propagate"),
    (0x10, "Down"),
    (0x20, "N-bit"),
];

const AUTH_TYPE_VALUES: &Tok = &[(1, "HMAC")];

/// A packet ran short where tcpdump's OSPFv3 printer notices it (its local `trunc` label):
/// the mark is printed once at the end.
struct Short;

type R<T = ()> = Result<Result<T, Short>, super::Trunc>;

/// An LSA type with its scope, and the LSA id.
fn ls_type(nd: &mut Nd<'_>, ls_type: u16, p: &[u8], id: usize) -> Res {
    let a = sl(p, id, 4)?;
    nd.f(format_args!(
        "\n\t    {} LSA ({}), {} Scope{}, LSA-ID ",
        tok2str(LSA_VALUES, "Unknown", (ls_type & 0x1fff).into()),
        ls_type & 0x1fff,
        tok2str(LS_SCOPE_VALUES, "Unknown", (ls_type & 0x6000).into()),
        if ls_type & 0x8000 != 0 {
            ", transitive"
        } else {
            ""
        }
    ));
    nd.host4(a);
    Ok(())
}

/// An LSA header at `h`; Short when it runs past the packet's end.
fn lshdr(nd: &mut Nd<'_>, p: &[u8], h: usize, dataend: usize) -> R {
    if h + 20 > dataend {
        return Ok(Err(Short));
    }
    let router = sl(p, h + 8, 4)?;
    let (seq, age, len) = (be32(p, h + 12)?, be16(p, h)?, be16(p, h + 18)?);
    nd.s("\n\t  Advertising Router ");
    nd.host4(router);
    // tcpdump subtracts the header's size as a size_t.
    nd.f(format_args!(
        ", seq 0x{seq:08x}, age {age}s, length {}",
        u64::from(len).wrapping_sub(20)
    ));
    ls_type(nd, be16(p, h + 2)?, p, h + 4)?;
    Ok(Ok(()))
}

/// One address prefix at `t` (`lsa_length` bytes left in the LSA); the bytes it took, or
/// Short.
fn lsa_prefix(nd: &mut Nd<'_>, p: &[u8], t: usize, lsa_length: usize) -> R<usize> {
    if lsa_length < 4 || !has(p, t, 4) {
        return Ok(Err(Short));
    }
    let lsa_length = lsa_length - 4;
    let plen = p[t];
    let words = (usize::from(plen) + 31) / 32;
    if words * 4 > 16 {
        nd.f(format_args!(" bogus prefixlen /{plen}"));
        return Ok(Err(Short));
    }
    if lsa_length < words * 4 {
        return Ok(Err(Short));
    }
    let mut prefix = [0u8; 16];
    prefix[..words * 4].copy_from_slice(sl(p, t + 4, words * 4)?);
    nd.s("\n\t\t");
    nd.host6(&prefix);
    nd.f(format_args!("/{plen}"));
    let opt = p[t + 1];
    if opt != 0 {
        nd.f(format_args!(
            ", Options [{}]",
            bittok2str(PREFIX_OPTION_VALUES, "none", opt.into())
        ));
    }
    nd.f(format_args!(", metric {}", be16(p, t + 2)?));
    Ok(Ok(4 + words * 4))
}

/// `count` prefixes from `t`, or as many as the LSA holds when `count` is None.
fn prefixes(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut t: usize,
    mut lsa_length: usize,
    count: Option<u32>,
) -> R {
    let mut left = count;
    loop {
        match left {
            Some(0) => break,
            None if lsa_length == 0 => break,
            _ => {}
        }
        let n = match lsa_prefix(nd, p, t, lsa_length)? {
            Ok(n) => n,
            Err(Short) => return Ok(Err(Short)),
        };
        if let Some(c) = left.as_mut() {
            *c -= 1;
        }
        lsa_length -= n;
        t += n;
    }
    Ok(Ok(()))
}

/// `<lead><addr>`, the address read first.
fn addr(nd: &mut Nd<'_>, lead: &str, p: &[u8], off: usize) -> Res {
    let a = sl(p, off, 4)?;
    nd.s(lead);
    nd.host4(a);
    Ok(())
}

/// One LSA at `l`; Short where tcpdump's `ospf6_print_lsa` returns 1.
fn lsa(nd: &mut Nd<'_>, p: &[u8], l: usize, dataend: usize) -> R {
    if lshdr(nd, p, l, dataend)?.is_err() {
        return Ok(Err(Short));
    }
    let length = be16(p, l + 18)? as usize;
    if length < 20 || l + length > dataend {
        return Ok(Err(Short));
    }
    let mut lsa_length = length - 20;
    let b = l + 20;
    match be16(p, l + 2)? {
        0x2001 => {
            if lsa_length < 4 {
                return Ok(Err(Short));
            }
            lsa_length -= 4;
            nd.f(format_args!(
                "\n\t      Options [{}]",
                bittok2str(OPTION_VALUES, "none", be32(p, b)?)
            ));
            nd.f(format_args!(
                ", RLA-Flags [{}]",
                bittok2str(RLA_FLAG_VALUES, "none", u8at(p, b)?.into())
            ));
            let mut r = b + 4;
            while lsa_length != 0 {
                if lsa_length < 16 {
                    return Ok(Err(Short));
                }
                lsa_length -= 16;
                if !has(p, r, 16) {
                    return Ok(Err(Short));
                }
                let lead = match p[r] {
                    4 => "\n\t      Virtual Link: Neighbor Router-ID ",
                    1 => "\n\t      Neighbor Router-ID ",
                    2 => "\n\t      Neighbor Network-ID ",
                    t => {
                        nd.f(format_args!("\n\t      Unknown Router Links Type 0x{t:02x}"));
                        return Ok(Ok(()));
                    }
                };
                nd.s(lead);
                nd.host4(&p[r + 12..r + 16]);
                nd.s("\n\t      Neighbor Interface-ID ");
                nd.host4(&p[r + 8..r + 12]);
                nd.s(", Interface ");
                nd.host4(&p[r + 4..r + 8]);
                nd.f(format_args!(", metric {}", be16(p, r + 2)?));
                r += 16;
            }
        }
        0x2002 => {
            if lsa_length < 4 {
                return Ok(Err(Short));
            }
            lsa_length -= 4;
            nd.f(format_args!(
                "\n\t      Options [{}]",
                bittok2str(OPTION_VALUES, "none", be32(p, b)?)
            ));
            nd.s("\n\t      Connected Routers:");
            let mut a = b + 4;
            while lsa_length != 0 {
                if lsa_length < 4 {
                    return Ok(Err(Short));
                }
                lsa_length -= 4;
                addr(nd, "\n\t\t", p, a)?;
                a += 4;
            }
        }
        0x2003 => {
            if lsa_length < 4 {
                return Ok(Err(Short));
            }
            lsa_length -= 4;
            nd.f(format_args!(", metric {}", be32(p, b)? & 0x00ff_ffff));
            return prefixes(nd, p, b + 4, lsa_length, None);
        }
        0x4005 => {
            if lsa_length < 4 {
                return Ok(Err(Short));
            }
            lsa_length -= 4;
            let flags = be32(p, b)?;
            nd.f(format_args!(
                "\n\t     Flags [{}]",
                bittok2str(ASLA_FLAG_VALUES, "none", flags)
            ));
            nd.f(format_args!(" metric {}", flags & 0x00ff_ffff));
            let pfx = b + 4;
            let n = match lsa_prefix(nd, p, pfx, lsa_length)? {
                Ok(n) => n,
                Err(Short) => return Ok(Err(Short)),
            };
            lsa_length -= n;
            let mut t = pfx + n;
            if flags & 0x0200_0000 != 0 {
                if lsa_length < 16 {
                    return Ok(Err(Short));
                }
                lsa_length -= 16;
                let a = sl(p, t, 16)?;
                nd.s(" forward ");
                nd.host6(a);
                t += 16;
            }
            if flags & 0x0100_0000 != 0 {
                if lsa_length < 4 {
                    return Ok(Err(Short));
                }
                lsa_length -= 4;
                addr(nd, " tag ", p, t)?;
                t += 4;
            }
            // The referenced LS type, which tcpdump reads as the metric's first byte.
            if u8at(p, pfx + 2)? != 0 {
                if lsa_length < 4 {
                    return Ok(Err(Short));
                }
                addr(nd, " RefLSID: ", p, t)?;
            }
        }
        0x0008 => {
            if lsa_length < 4 {
                return Ok(Err(Short));
            }
            lsa_length -= 4;
            if !has(p, b, 4) {
                return Ok(Err(Short));
            }
            nd.f(format_args!(
                "\n\t      Options [{}]",
                bittok2str(OPTION_VALUES, "none", be32(p, b)?)
            ));
            if lsa_length < 20 {
                return Ok(Err(Short));
            }
            lsa_length -= 20;
            let count = be32(p, b + 20)?;
            let prio = u8at(p, b)?;
            let ll = sl(p, b + 4, 16)?;
            nd.f(format_args!("\n\t      Priority {prio}, Link-local address "));
            nd.host6(ll);
            nd.f(format_args!(", Prefixes {count}:"));
            return prefixes(nd, p, b + 24, lsa_length, Some(count));
        }
        0x2009 => {
            if lsa_length < 4 {
                return Ok(Err(Short));
            }
            lsa_length -= 4;
            if !has(p, b + 8, 4) {
                return Ok(Err(Short));
            }
            ls_type(nd, be16(p, b + 2)?, p, b + 4)?;
            if lsa_length < 2 {
                return Ok(Err(Short));
            }
            lsa_length -= 2;
            let count = be16(p, b)?;
            nd.f(format_args!("\n\t      Prefixes {count}:"));
            return prefixes(nd, p, b + 12, lsa_length, Some(count.into()));
        }
        0x000b => {
            if !ospf::grace_lsa(nd, p, b, lsa_length)? {
                return Ok(Err(Short));
            }
        }
        0x000a => {
            if !ospf::te_lsa(nd, p, b, lsa_length)? {
                return Ok(Err(Short));
            }
        }
        _ => {
            if !nd.print_unknown_data_at(p, b, "\n\t      ", lsa_length) {
                return Ok(Err(Short));
            }
        }
    }
    Ok(Ok(()))
}

/// The body of an OSPFv3 packet by its type.
fn decode_v3(nd: &mut Nd<'_>, p: &[u8], dataend: usize) -> R {
    let vv = nd.opts.verbose > 1;
    match u8at(p, 1)? {
        1 => {
            nd.f(format_args!(
                "\n\tOptions [{}]",
                bittok2str(OPTION_VALUES, "none", be32(p, 20)?)
            ));
            let (hello, dead) = (be16(p, 24)?, be16(p, 26)?);
            let ifid = sl(p, 16, 4)?;
            let prio = u8at(p, 20)?;
            nd.f(format_args!(
                "\n\t  Hello Timer {hello}s, Dead Timer {dead}s, Interface-ID "
            ));
            nd.host4(ifid);
            nd.f(format_args!(", Priority {prio}"));
            if be32(p, 28)? != 0 {
                addr(nd, "\n\t  Designated Router ", p, 28)?;
            }
            if be32(p, 32)? != 0 {
                addr(nd, ", Backup Designated Router ", p, 32)?;
            }
            if vv {
                nd.s("\n\t  Neighbor List:");
                let mut a = 36;
                while a < dataend {
                    addr(nd, "\n\t    ", p, a)?;
                    a += 4;
                }
            }
        }
        2 => {
            nd.f(format_args!(
                "\n\tOptions [{}]",
                bittok2str(OPTION_VALUES, "none", be32(p, 16)?)
            ));
            nd.f(format_args!(
                ", DD Flags [{}]",
                bittok2str(DD_FLAG_VALUES, "none", u8at(p, 23)?.into())
            ));
            nd.f(format_args!(
                ", MTU {}, DD-Sequence 0x{:08x}",
                be16(p, 20)?,
                be32(p, 24)?
            ));
            if vv {
                let mut h = 28;
                while h < dataend {
                    if lshdr(nd, p, h, dataend)?.is_err() {
                        return Ok(Err(Short));
                    }
                    h += 20;
                }
            }
        }
        3 if vv => {
            let mut r = 16;
            while r < dataend {
                if !has(p, r, 12) {
                    return Ok(Err(Short));
                }
                addr(nd, "\n\t  Advertising Router ", p, r + 8)?;
                ls_type(nd, be16(p, r + 2)?, p, r + 4)?;
                r += 12;
            }
        }
        4 if vv => {
            let mut count = be32(p, 16)? as i32;
            let mut l = 20;
            while l < dataend && count != 0 {
                count = count.wrapping_sub(1);
                if lsa(nd, p, l, dataend)?.is_err() {
                    return Ok(Err(Short));
                }
                l += be16(p, l + 18)? as usize;
            }
        }
        5 if vv => {
            let mut h = 16;
            while h < dataend {
                if lshdr(nd, p, h, dataend)?.is_err() {
                    return Ok(Err(Short));
                }
                h += 20;
            }
        }
        _ => {}
    }
    Ok(Ok(()))
}

/// The LLS block after the packet (RFC 5613, without its TLVs); its length.
fn lls(nd: &mut Nd<'_>, p: &[u8], c: usize, len: usize) -> R<usize> {
    if len == 0 {
        return Ok(Ok(0));
    }
    if len < 4 {
        return Ok(Err(Short));
    }
    nd.f(format_args!("\n\tLLS Checksum 0x{:04x}", be16(p, c)?));
    let data_len = be16(p, c + 2)? as usize;
    nd.f(format_args!(", Data Length {data_len}"));
    if data_len < 4 || data_len > len || !has(p, c + 4, data_len - 4) {
        return Ok(Err(Short));
    }
    Ok(Ok(data_len))
}

/// The authentication trailer (RFC 6506).
fn auth_trailer(nd: &mut Nd<'_>, p: &[u8], c: usize, len: usize) -> R {
    if len == 0 {
        return Ok(Ok(()));
    }
    if len < 16 {
        return Ok(Err(Short));
    }
    nd.f(format_args!(
        "\n\tAuthentication Type {}",
        tok2str(AUTH_TYPE_VALUES, "unknown (0x%04x)", be16(p, c)?.into())
    ));
    let auth_len = be16(p, c + 2)? as usize;
    nd.f(format_args!(", Length {auth_len}"));
    if auth_len < 16 || auth_len > len {
        return Ok(Err(Short));
    }
    nd.f(format_args!(", SAID {}", be16(p, c + 6)?));
    nd.f(format_args!(", CSN 0x{:08x}", be32(p, c + 8)?));
    nd.f(format_args!(":{:08x}", be32(p, c + 12)?));
    if !has(p, c + 16, auth_len - 16) {
        return Ok(Err(Short));
    }
    if nd.opts.verbose > 1 {
        nd.print_unknown_data(tail(p, c + 16), "\n\tAuthentication Data ", auth_len - 16);
    }
    Ok(Ok(()))
}

/// What trails the packet: LLS data (hellos and database descriptions with the L bit), then
/// an authentication trailer.
fn trailer(nd: &mut Nd<'_>, p: &[u8], c: usize, len: usize) -> R {
    let options_at = match u8at(p, 1)? {
        1 => Some(20),
        2 => Some(16),
        _ => None,
    };
    let mut lls_len = 0;
    if let Some(at) = options_at
        && be32(p, at)? & 0x0200 != 0
    {
        lls_len = match lls(nd, p, c, len)? {
            Ok(n) => n,
            Err(Short) => return Ok(Err(Short)),
        };
    }
    auth_trailer(nd, p, c + lls_len, len - lls_len)
}

/// Prints an OSPFv3 packet (IP protocol 89 over IPv6).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ospf3";
    let ty = u8at(p, 1)?;
    let version = u8at(p, 0)?;
    nd.f(format_args!(
        "OSPFv{version}, {}, length {length}",
        tok2str(TYPE_VALUES, "unknown packet type (%u)", ty.into())
    ));
    if !(1..=5).contains(&ty) || nd.opts.verbose == 0 {
        return Ok(());
    }
    let datalen = be16(p, 2)? as usize;
    if datalen > length {
        nd.f(format_args!(" [len {datalen}]"));
        return Ok(());
    }
    addr(nd, "\n\tRouter-ID ", p, 4)?;
    if be32(p, 8)? != 0 {
        addr(nd, ", Area ", p, 8)?;
    } else {
        nd.s(", Backbone Area");
    }
    let instance = u8at(p, 14)?;
    if instance != 0 {
        nd.f(format_args!(", Instance {instance}"));
    }
    if version == 3 {
        let short = decode_v3(nd, p, datalen)?.is_err()
            || trailer(nd, p, datalen, length - datalen)?.is_err();
        if short {
            nd.trunc();
        }
    }
    Ok(())
}
