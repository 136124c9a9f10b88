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

const LS_SCOPE_VALUES: &Tok = &[
    (0x0000, "Link Local"),
    (0x2000, "Area Local"),
    (0x4000, "Domain Wide"),
];

const DD_FLAG_VALUES: &Tok = &[
    (0x04, "Init"),
    (0x02, "More"),
    (0x01, "Master"),
    (0x10, "IPv6 MTU"),
];

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
    let words = usize::from(plen).div_ceil(32);
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
                        nd.f(format_args!(
                            "\n\t      Unknown Router Links Type 0x{t:02x}"
                        ));
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
                ospf::addr_line(nd, "\n\t\t", p, a)?;
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
                ospf::addr_line(nd, " tag ", p, t)?;
                t += 4;
            }
            // The referenced LS type, which tcpdump reads as the metric's first byte.
            if u8at(p, pfx + 2)? != 0 {
                if lsa_length < 4 {
                    return Ok(Err(Short));
                }
                ospf::addr_line(nd, " RefLSID: ", p, t)?;
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
            nd.f(format_args!(
                "\n\t      Priority {prio}, Link-local address "
            ));
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
                ospf::addr_line(nd, "\n\t  Designated Router ", p, 28)?;
            }
            if be32(p, 32)? != 0 {
                ospf::addr_line(nd, ", Backup Designated Router ", p, 32)?;
            }
            if vv {
                nd.s("\n\t  Neighbor List:");
                let mut a = 36;
                while a < dataend {
                    ospf::addr_line(nd, "\n\t    ", p, a)?;
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
                ospf::addr_line(nd, "\n\t  Advertising Router ", p, r + 8)?;
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
        tok2str(ospf::TYPE_VALUES, "unknown packet type (%u)", ty.into())
    ));
    if !(1..=5).contains(&ty) || nd.opts.verbose == 0 {
        return Ok(());
    }
    let datalen = be16(p, 2)? as usize;
    if datalen > length {
        nd.f(format_args!(" [len {datalen}]"));
        return Ok(());
    }
    ospf::addr_line(nd, "\n\tRouter-ID ", p, 4)?;
    if be32(p, 8)? != 0 {
        ospf::addr_line(nd, ", Area ", p, 8)?;
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

#[cfg(test)]
mod tests {
    use crate::decoder_tests::print_with;
    use proptest::collection::vec;
    use proptest::num::u8 as pu8;

    /// Packets (link type, flags, length on the wire, bytes) and what tcpdump 4.99.3 prints for
    /// them with `-t`.
    const CASES: &[(i32, &str, u32, &str, &str)] = &[
        // OSPFv3_broadcast_adjacency.pcap #0
        (
            1,
            "-n -vv",
            90,
            "333300000005c2001ffa000186dd6e00000000245901fe800000000000000000000000000001ff020000000000000000000000000005030100240101010100000001fb8600000000000501000013000a00280000000000000000",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 36) fe80::1 > ff02::5: OSPFv3, Hello, length 36\n\tRouter-ID 1.1.1.1, Area 0.0.0.1\n\tOptions [V6, External, Router]\n\t  Hello Timer 10s, Dead Timer 40s, Interface-ID 0.0.0.5, Priority 1\n\t  Neighbor List:",
        ),
        // OSPFv3_broadcast_adjacency.pcap #6
        (
            1,
            "-n -vv",
            82,
            "c2001ffa0001c2011ffa000186dd6e000000001c5901fe800000000000000000000000000002fe8000000000000000000000000000010302001c0202020200000001d82600000000001305dc000700001d46",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 28) fe80::2 > fe80::1: OSPFv3, Database Description, length 28\n\tRouter-ID 2.2.2.2, Area 0.0.0.1\n\tOptions [V6, External, Router], DD Flags [Init, More, Master], MTU 1500, DD-Sequence 0x00001d46",
        ),
        // OSPFv3_broadcast_adjacency.pcap #11
        (
            1,
            "-n -vv",
            154,
            "c2001ffa0001c2011ffa000186dd6e00000000645901fe800000000000000000000000000002fe8000000000000000000000000000010303006402020202000000012c9a0000000020010000000001010101000020030000000301010101000020030000000201010101000020030000000101010101000020030000000001010101000000080000000501010101000020090000000001010101",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 100) fe80::2 > fe80::1: OSPFv3, LS-Request, length 100\n\tRouter-ID 2.2.2.2, Area 0.0.0.1\n\t  Advertising Router 1.1.1.1\n\t    Router LSA (1), Area Local Scope, LSA-ID 0.0.0.0\n\t  Advertising Router 1.1.1.1\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.3\n\t  Advertising Router 1.1.1.1\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.2\n\t  Advertising Router 1.1.1.1\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.1\n\t  Advertising Router 1.1.1.1\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.0\n\t  Advertising Router 1.1.1.1\n\t    Link LSA (8), Link Local Scope, LSA-ID 0.0.0.5\n\t  Advertising Router 1.1.1.1\n\t    Intra-Area Prefix LSA (9), Area Local Scope, LSA-ID 0.0.0.0",
        ),
        // OSPFv3_broadcast_adjacency.pcap #14
        (
            1,
            "-n -vv",
            342,
            "c2011ffa0001c2001ffa000186dd6e00000001205901fe800000000000000000000000000001fe800000000000000000000000000002030401200101010100000001e55600000000000700282001000000000101010180000002d13a00180100003300292003000000030101010180000001625900240000004a4000000020010db80000000300292003000000020101010180000001baf60024000000544000000020010db80000000400292003000000010101010180000001eba000240000004a4000000020010db800000034002920030000000001010101800000010ebd0024000000404000000020010db800000000002300080000000501010101800000023d08003801000033fe800000000000000000000000000001000000014000000020010db80000001200232009000000000101010180000001e8d2002c0001200100000000010101014000000a20010db800000012",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 288) fe80::1 > fe80::2: OSPFv3, LS-Update, length 288\n\tRouter-ID 1.1.1.1, Area 0.0.0.1\n\t  Advertising Router 1.1.1.1, seq 0x80000002, age 40s, length 4\n\t    Router LSA (1), Area Local Scope, LSA-ID 0.0.0.0\n\t      Options [V6, External, Router, Demand Circuit], RLA-Flags [ABR]\n\t  Advertising Router 1.1.1.1, seq 0x80000001, age 41s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.3, metric 74\n\t\t2001:db8:0:3::/64, metric 0\n\t  Advertising Router 1.1.1.1, seq 0x80000001, age 41s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.2, metric 84\n\t\t2001:db8:0:4::/64, metric 0\n\t  Advertising Router 1.1.1.1, seq 0x80000001, age 41s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.1, metric 74\n\t\t2001:db8:0:34::/64, metric 0\n\t  Advertising Router 1.1.1.1, seq 0x80000001, age 41s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.0, metric 64\n\t\t2001:db8::/64, metric 0\n\t  Advertising Router 1.1.1.1, seq 0x80000002, age 35s, length 36\n\t    Link LSA (8), Link Local Scope, LSA-ID 0.0.0.5\n\t      Options [V6, External, Router, Demand Circuit]\n\t      Priority 1, Link-local address fe80::1, Prefixes 1:\n\t\t2001:db8:0:12::/64, metric 0\n\t  Advertising Router 1.1.1.1, seq 0x80000001, age 35s, length 24\n\t    Intra-Area Prefix LSA (9), Area Local Scope, LSA-ID 0.0.0.0\n\t    Router LSA (1), Area Local Scope, LSA-ID 0.0.0.0\n\t      Prefixes 1:\n\t\t2001:db8:0:12::/64, metric 10",
        ),
        // OSPFv3_broadcast_adjacency.pcap #20
        (
            1,
            "-n -vv",
            190,
            "333300000005c2001ffa000186dd6e00000000885901fe800000000000000000000000000001ff0200000000000000000000000000050305008801010101000000019d2c000000052001000000000202020280000002b35400180006200300000003020202028000000144730024000620030000000202020202800000019c11002400062003000000010202020280000001cdba002400062003000000000202020280000001efd70024000500080000000502020202800000015433002c",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 136) fe80::1 > ff02::5: OSPFv3, LS-Ack, length 136\n\tRouter-ID 1.1.1.1, Area 0.0.0.1\n\t  Advertising Router 2.2.2.2, seq 0x80000002, age 5s, length 4\n\t    Router LSA (1), Area Local Scope, LSA-ID 0.0.0.0\n\t  Advertising Router 2.2.2.2, seq 0x80000001, age 6s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.3\n\t  Advertising Router 2.2.2.2, seq 0x80000001, age 6s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.2\n\t  Advertising Router 2.2.2.2, seq 0x80000001, age 6s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.1\n\t  Advertising Router 2.2.2.2, seq 0x80000001, age 6s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.0\n\t  Advertising Router 2.2.2.2, seq 0x80000001, age 5s, length 24\n\t    Link LSA (8), Link Local Scope, LSA-ID 0.0.0.5",
        ),
        // OSPFv3_broadcast_adjacency.pcap #14
        (
            1,
            "-n -v",
            342,
            "c2011ffa0001c2001ffa000186dd6e00000001205901fe800000000000000000000000000001fe800000000000000000000000000002030401200101010100000001e55600000000000700282001000000000101010180000002d13a00180100003300292003000000030101010180000001625900240000004a4000000020010db80000000300292003000000020101010180000001baf60024000000544000000020010db80000000400292003000000010101010180000001eba000240000004a4000000020010db800000034002920030000000001010101800000010ebd0024000000404000000020010db800000000002300080000000501010101800000023d08003801000033fe800000000000000000000000000001000000014000000020010db80000001200232009000000000101010180000001e8d2002c0001200100000000010101014000000a20010db800000012",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 288) fe80::1 > fe80::2: OSPFv3, LS-Update, length 288\n\tRouter-ID 1.1.1.1, Area 0.0.0.1",
        ),
        // ospf3auth.pcap #0
        (
            1,
            "-n -vv",
            142,
            "333300000005000c299ec1b286dd6c00000000585901fe80000000000000020c29fffe9ec1b2ff020000000000000000000000000005030100280a0a0a020000000007d200000000000201000413000a00280a0a0a010a0a0a020a0a0a0100010030000000010000000052da4e0eca4d7d5869a5da3c2a690edaa7329bee9d7f448c9f31fbe4a0e9b39c6da6cca1",
            "IP6 (class 0xc0, hlim 1, next-header OSPF (89) payload length: 88) fe80::20c:29ff:fe9e:c1b2 > ff02::5: OSPFv3, Hello, length 88\n\tRouter-ID 10.10.10.2, Backbone Area\n\tOptions [V6, External, Router, Authentication Trailer]\n\t  Hello Timer 10s, Dead Timer 40s, Interface-ID 0.0.0.2, Priority 1\n\t  Designated Router 10.10.10.1, Backup Designated Router 10.10.10.2\n\t  Neighbor List:\n\t    10.10.10.1\n\tAuthentication Type HMAC, Length 48, SAID 1, CSN 0x00000000:52da4e0e\n\tAuthentication Data 0x0000:  ca4d 7d58 69a5 da3c 2a69 0eda a732 9bee\n\tAuthentication Data 0x0010:  9d7f 448c 9f31 fbe4 a0e9 b39c 6da6 cca1",
        ),
        // v3nbma.pcap #11
        (
            101,
            "-n -vv",
            268,
            "6e00000000e45901fe800000000000000000000000000003fe800000000000000000000000000001030400e403030303000000008eb500000000000500732003000000020303030380000001fcec0024000000144000000020010db800000004007d20030000000103030303800000012e9600240000000a4000000020010db800000034007d2003000000000303030380000001c23400240000000a4000000020010db80000000300870008000000060303030380000001a049003864000033fe800000000000000000000000000003000000014000000020010db800000000008720090000000003030303800000010b7c002c0001200100000000030303034000004020010db800000000",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 228) fe80::3 > fe80::1: OSPFv3, LS-Update, length 228\n\tRouter-ID 3.3.3.3, Backbone Area\n\t  Advertising Router 3.3.3.3, seq 0x80000001, age 115s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.2, metric 20\n\t\t2001:db8:0:4::/64, metric 0\n\t  Advertising Router 3.3.3.3, seq 0x80000001, age 125s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.1, metric 10\n\t\t2001:db8:0:34::/64, metric 0\n\t  Advertising Router 3.3.3.3, seq 0x80000001, age 125s, length 16\n\t    Inter-Area Prefix LSA (3), Area Local Scope, LSA-ID 0.0.0.0, metric 10\n\t\t2001:db8:0:3::/64, metric 0\n\t  Advertising Router 3.3.3.3, seq 0x80000001, age 135s, length 36\n\t    Link LSA (8), Link Local Scope, LSA-ID 0.0.0.6\n\t      Options [V6, External, Router, Demand Circuit]\n\t      Priority 100, Link-local address fe80::3, Prefixes 1:\n\t\t2001:db8::/64, metric 0\n\t  Advertising Router 3.3.3.3, seq 0x80000001, age 135s, length 24\n\t    Intra-Area Prefix LSA (9), Area Local Scope, LSA-ID 0.0.0.0\n\t    Router LSA (1), Area Local Scope, LSA-ID 0.0.0.0\n\t      Prefixes 1:\n\t\t2001:db8::/64, metric 64",
        ),
        // ospf6_decode_v3_asan.pcap #0
        (
            1,
            "-n -v",
            262144,
            "ffc1ffa0000400173b46205d86dd676f67017667596d676767806767a102000400b65853f04010000a32884700010000000000000116030101010101002200ff02028e15524501",
            "IP6 (class 0x76, flowlabel 0xf6701, hlim 109, next-header OSPF (89) payload length: 30311) 6767:6780:6767:a102:4:b6:5853:f040 > 1000:a32:8847:1::116: OSPFv3, Hello, length 30311\n\tRouter-ID 1.1.0.34, Area 0.255.2.2, Instance 82 [|ospf3]",
        ),
        // ospf6_print_lshdr-oobr.pcap #0
        (
            1,
            "-n -vv",
            90,
            "333300000005c2001ffa000186dd6e00000000245901fe800000000000000000000000000001ff020000000000000000000000000005030100240101010100000001fb8600000000000501000013000a00280000000000000000",
            "IP6 (class 0xe0, hlim 1, next-header OSPF (89) payload length: 36) fe80::1 > ff02::5: OSPFv3, Hello, length 36\n\tRouter-ID 1.1.1.1, Area 0.0.0.1\n\tOptions [V6, External, Router]\n\t  Hello Timer 10s, Dead Timer 40s, Interface-ID 0.0.0.5, Priority 1\n\t  Neighbor List:",
        ),
        // OSPFv3_broadcast_adjacency.pcap #0
        (
            1,
            "-n",
            90,
            "333300000005c2001ffa000186dd6e00000000245901fe800000000000000000000000000001ff020000000000000000000000000005030100240101010100000001fb8600000000000501000013000a00280000000000000000",
            "IP6 fe80::1 > ff02::5: OSPFv3, Hello, length 36",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 54);

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in vec(pu8::ANY, 0..300), ty in 0u8..7,
                                      trailer in 0usize..40, v in 0u8..4) {
            // A header whose length leaves some of the random bytes as a trailer.
            let len = (16 + body.len().saturating_sub(trailer)) as u16;
            let mut pkt = vec![3, ty];
            pkt.extend_from_slice(&len.to_be_bytes());
            pkt.extend_from_slice(&[10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
            pkt.extend_from_slice(&body);
            print_with(229, &crate::test_pkt::ipv6(89, &pkt), v, false, false);
        }
    }
}
