//! IPv6 and its extension headers, as tcpdump's print-ip6.c (with print-frag6.c,
//! print-rt6.c and hop-by-hop/destination options of print-ip6opts.c).
use super::ip::{self, IpHdr};
use super::{Nd, Res, be16, be32, has, sl, tail, u8at};

/// Appends an IPv6 address as tcpdump's `addrtostr6` (RFC 5952 compression, embedded IPv4).
pub(crate) fn write_ipv6(o: &mut Vec<u8>, a: &[u8]) {
    use std::io::Write;
    let mut w = [0u16; 8];
    for (i, x) in w.iter_mut().enumerate() {
        *x = u16::from_be_bytes([a[2 * i], a[2 * i + 1]]);
    }
    // The longest run of zero words (at least two), first one on a tie.
    let (mut best, mut best_len) = (usize::MAX, 0);
    let mut i = 0;
    while i < 8 {
        if w[i] == 0 {
            let s = i;
            while i < 8 && w[i] == 0 {
                i += 1;
            }
            if i - s > best_len {
                best = s;
                best_len = i - s;
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best = usize::MAX;
    }
    let mut i = 0;
    while i < 8 {
        if i == best {
            o.push(b':');
            i += best_len;
            if i == 8 {
                o.push(b':');
            }
            continue;
        }
        if i != 0 {
            o.push(b':');
        }
        // IPv4-compatible and IPv4-mapped addresses end in dotted quad.
        if i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)) {
            ip::write_ipv4(o, &a[12..16]);
            return;
        }
        let _ = write!(o, "{:x}", w[i]);
        i += 1;
    }
}

/// Prints an IPv6 packet and its extension headers; `length` is what the link layer says is
/// left.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ip6";
    if p.len() < 40 {
        return nd.trunc_here();
    }
    if length < 40 {
        nd.f(format_args!("truncated-ip6 {length}"));
        return Ok(());
    }
    if !nd.opts.link_header {
        nd.s("IP6 ");
    }
    let ver = p[0] >> 4;
    if ver != 6 {
        nd.f(format_args!("version error: {ver} != 6"));
        return Ok(());
    }
    let mut payload_len = u64::from(be16(p, 4)?);
    let mut len = if payload_len != 0 {
        let l = payload_len as usize + 40;
        if length < l {
            nd.f(format_args!(
                "truncated-ip6 - {} bytes missing!",
                l - length
            ));
        }
        l
    } else {
        // Zero: a jumbogram, whose length comes from its hop-by-hop option; until that is
        // found, the headers are walked over what the frame holds.
        length + 40
    };
    let mut nh = p[6];
    if nd.opts.verbose > 0 {
        let flow = be32(p, 0)?;
        nd.s("(");
        if flow & 0x0ff0_0000 != 0 {
            nd.f(format_args!("class 0x{:02x}, ", (flow & 0x0ff0_0000) >> 20));
        }
        if flow & 0x000f_ffff != 0 {
            nd.f(format_args!("flowlabel 0x{:05x}, ", flow & 0x000f_ffff));
        }
        nd.f(format_args!("hlim {}, next-header ", p[7]));
        nd.tok2str(ip::IPPROTOS, "unknown", u32::from(nh));
        nd.f(format_args!(" ({nh}) payload length: {payload_len}) "));
    }
    // The captured bytes, cut at the end of the packet.
    let mut data = &p[..p.len().min(len)];
    let mut hdr = IpHdr {
        raw: &p[..40],
        v6: true,
        first_proto: nh,
        dst6: None,
    };
    let mut cp = 0usize;
    let mut advance = 40usize;
    let mut total = 0usize;
    let mut prev: Option<u8> = None;
    let (mut found_ext, mut found_jumbo, mut found_hbh, mut fragmented) =
        (false, false, false, false);
    while cp < data.len() && advance > 0 {
        if len < advance {
            return nd.trunc_here();
        }
        cp += advance;
        len -= advance;
        total += advance;
        if cp == 40 && !matches!(nh, 6 | 17 | 33 | 132) {
            hdr.src(nd);
            nd.s(" > ");
            hdr.dst(nd);
            nd.s(": ");
        }
        match nh {
            0 => {
                if found_hbh {
                    nd.s("[The Hop-by-Hop Options header was already found]");
                    nd.invalid();
                    return Ok(());
                }
                if prev.is_some() {
                    nd.s("[The Hop-by-Hop Options header don't follow the IPv6 header]");
                    nd.invalid();
                    return Ok(());
                }
                let a = hbhopt(nd, tail(data, cp), &mut found_jumbo, &mut payload_len)?;
                if payload_len == 0 && !found_jumbo {
                    nd.s("[No valid Jumbo Payload Hop-by-Hop option found]");
                    nd.invalid();
                    return Ok(());
                }
                let Some(a) = a else {
                    return Ok(());
                };
                advance = a;
                found_ext = true;
                found_hbh = true;
                nh = u8at(data, cp)?;
            }
            60 => {
                let Some(a) = dstopt(nd, tail(data, cp))? else {
                    return Ok(());
                };
                advance = a;
                found_ext = true;
                nh = u8at(data, cp)?;
            }
            44 => {
                let Some(a) = frag6(nd, tail(data, cp), cp, p)? else {
                    return Ok(());
                };
                advance = a;
                if data.len() <= cp + advance {
                    return Ok(());
                }
                found_ext = true;
                nh = u8at(data, cp)?;
                fragmented = true;
            }
            // Nothing is printed after a mobility header, whatever its next header says.
            135 | 62 => return super::mobility::print(nd, tail(data, cp)),
            43 => {
                if !has(data, cp, 1) {
                    return nd.trunc_here();
                }
                let Some(a) = rt6(nd, tail(data, cp), &mut hdr)? else {
                    return Ok(());
                };
                advance = a;
                found_ext = true;
                nh = u8at(data, cp)?;
            }
            _ => {
                if found_jumbo {
                    // The jumbo payload length replaces the header's zero.
                    let l = payload_len as usize + 40;
                    if l < total {
                        return nd.trunc_here();
                    }
                    if length < l {
                        nd.f(format_args!(
                            "truncated-ip6 - {} bytes missing!",
                            l - length
                        ));
                    }
                    data = &p[..p.len().min(l)];
                    len = l - total;
                } else if payload_len == 0 {
                    // No payload, so no room for the extension headers either.
                    if found_ext {
                        return nd.trunc_here();
                    }
                    data = &p[..40];
                    len = 0;
                }
                return ip::demux(nd, tail(data, cp), len, nh, hdr, fragmented);
            }
        }
        prev = Some(nh);
        nd.proto = "ip6";
    }
    Ok(())
}

/// The routing header (print-rt6.c); its length, or None when it is invalid (said so).
fn rt6<'a>(nd: &mut Nd<'_>, bp: &'a [u8], hdr: &mut IpHdr<'a>) -> Res<Option<usize>> {
    nd.proto = "rt6";
    nd.s("RT6");
    let mut len = usize::from(u8at(bp, 1)?);
    nd.f(format_args!(" (len={len}"));
    let t = u8at(bp, 2)?;
    nd.f(format_args!(", type={t}"));
    if t == 0 {
        nd.s(" [Deprecated]");
    }
    nd.f(format_args!(", segleft={}", u8at(bp, 3)?));
    let first = match t {
        0 | 2 => {
            let rsv = be32(bp, 4)?;
            if rsv != 0 || nd.opts.verbose > 0 {
                nd.f(format_args!(", rsv=0x{rsv:x}"));
            }
            false
        }
        4 => {
            nd.f(format_args!(", last-entry={}", u8at(bp, 4)?));
            let flags = u8at(bp, 5)?;
            if flags != 0 || nd.opts.verbose > 0 {
                nd.f(format_args!(", flags=0x{flags:x}"));
            }
            nd.f(format_args!(", tag={:x}", be16(bp, 6)?));
            true
        }
        _ => {
            nd.s(" (unknown type)");
            nd.invalid();
            return Ok(None);
        }
    };
    if len % 2 == 1 {
        nd.f(format_args!(" (invalid length {len})"));
        nd.invalid();
        return Ok(None);
    }
    len >>= 1;
    for i in 0..len {
        let a = sl(bp, 8 + 16 * i, 16)?;
        nd.f(format_args!(", [{i}]"));
        nd.host6(a);
        // The final destination, for the transport checksum: the last address of a type 0
        // or 2 header, the first segment of a segment routing header.
        if !first || i == 0 {
            hdr.dst6 = Some(a);
        }
    }
    nd.s(") ");
    Ok(Some((usize::from(u8at(bp, 1)?) + 1) << 3))
}

/// The fragment header (print-frag6.c) at offset `off` of the packet `ip6`: its length, or
/// None for a later fragment, which is not decoded.
fn frag6(nd: &mut Nd<'_>, bp: &[u8], off: usize, ip6: &[u8]) -> Res<Option<usize>> {
    nd.proto = "frag6";
    let offlg = be16(bp, 2)?;
    // What the header says follows this one (wrapping as tcpdump's size_t does).
    let rest = (40 + u64::from(be16(ip6, 4)?))
        .wrapping_sub(off as u64)
        .wrapping_sub(8);
    if nd.opts.verbose > 0 {
        let ident = be32(bp, 4)?;
        nd.f(format_args!(
            "frag (0x{ident:08x}:{}|{rest})",
            offlg & 0xfff8
        ));
    } else {
        nd.f(format_args!("frag ({}|{rest})", offlg & 0xfff8));
    }
    if offlg & 0xfff8 != 0 {
        return Ok(None);
    }
    nd.s(" ");
    Ok(Some(8))
}

/// The hop-by-hop options header: its length, or None when it runs past the captured bytes
/// (marked). A valid jumbo payload option sets `found_jumbo` and `payload_len`.
fn hbhopt(
    nd: &mut Nd<'_>,
    bp: &[u8],
    found_jumbo: &mut bool,
    payload_len: &mut u64,
) -> Res<Option<usize>> {
    nd.proto = "hbhopt";
    let hlen = (usize::from(u8at(bp, 1)?) + 1) << 3;
    if !has(bp, 0, hlen) {
        nd.trunc();
        return Ok(None);
    }
    nd.s("HBH ");
    if !opt_process(nd, &bp[2..hlen], Some((found_jumbo, payload_len)))? {
        nd.trunc();
        return Ok(None);
    }
    Ok(Some(hlen))
}

/// The destination options header: its length, or None when it runs past the captured bytes
/// (marked). Its options are printed with `-v`.
fn dstopt(nd: &mut Nd<'_>, bp: &[u8]) -> Res<Option<usize>> {
    nd.proto = "dstopt";
    let hlen = (usize::from(u8at(bp, 1)?) + 1) << 3;
    if !has(bp, 0, hlen) {
        nd.trunc();
        return Ok(None);
    }
    nd.s("DSTOPT ");
    if nd.opts.verbose > 0 && !opt_process(nd, &bp[2..hlen], None)? {
        nd.trunc();
        return Ok(None);
    }
    Ok(Some(hlen))
}

/// Hop-by-hop and destination options (print-ip6opts.c); `jumbo` is given for hop-by-hop
/// options: (found, payload length). Ok(false): an option runs past the header.
fn opt_process(nd: &mut Nd<'_>, bp: &[u8], mut jumbo: Option<(&mut bool, &mut u64)>) -> Res<bool> {
    let len = bp.len();
    if len == 0 {
        return Ok(true);
    }
    let v = nd.opts.verbose > 0;
    let mut seen_jumbo = false;
    let mut i = 0;
    while i < len {
        let t = bp[i];
        let optlen = if t == 0 {
            1
        } else if i + 1 < len {
            usize::from(bp[i + 1]) + 2
        } else {
            return Ok(false);
        };
        if i + optlen > len {
            return Ok(false);
        }
        let left = len - i;
        match t {
            0 => {
                if v {
                    nd.s("(pad1)");
                }
            }
            1 => {
                if left < 2 {
                    nd.s("(padn: trunc)");
                    return Ok(false);
                }
                if v {
                    nd.s("(padn)");
                }
            }
            5 => {
                if left < 4 {
                    nd.s("(rtalert: trunc)");
                    return Ok(false);
                }
                if bp[i + 1] != 2 {
                    nd.f(format_args!("(rtalert: invalid len {})", bp[i + 1]));
                    return Ok(false);
                }
                if v {
                    nd.f(format_args!("(rtalert: 0x{:04x}) ", be16(bp, i + 2)?));
                }
            }
            0xc2 => {
                if left < 6 {
                    nd.s("(jumbo: trunc)");
                    return Ok(false);
                }
                if bp[i + 1] != 4 {
                    nd.f(format_args!("(jumbo: invalid len {})", bp[i + 1]));
                    return Ok(false);
                }
                let jl = be32(bp, i + 2)?;
                if seen_jumbo {
                    if v {
                        nd.f(format_args!("(jumbo: {jl} - already seen) "));
                    }
                } else {
                    seen_jumbo = true;
                    match jumbo.as_mut() {
                        None => {
                            if v {
                                nd.f(format_args!("(jumbo: {jl} - not a hop-by-hop option) "));
                            }
                        }
                        Some((_, plen)) if **plen != 0 => {
                            if v {
                                nd.f(format_args!("(jumbo: {jl} - payload len != 0) "));
                            }
                        }
                        Some((found, plen)) => {
                            if jl < 65536 {
                                if v {
                                    nd.f(format_args!("(jumbo: {jl} - < 65536) "));
                                }
                            } else {
                                **found = true;
                                **plen = u64::from(jl);
                                if v {
                                    nd.f(format_args!("(jumbo: {jl}) "));
                                }
                            }
                        }
                    }
                }
            }
            0xc9 => {
                if left < 18 {
                    nd.s("(homeaddr: trunc)");
                    return Ok(false);
                }
                if bp[i + 1] < 16 {
                    nd.f(format_args!("(homeaddr: invalid len {})", bp[i + 1]));
                    return Ok(false);
                }
                if v {
                    nd.s("(homeaddr: ");
                    nd.host6(&bp[i + 2..i + 18]);
                    if bp[i + 1] > 16 && !sub_options(nd, &bp[i + 18..i + optlen]) {
                        return Ok(false);
                    }
                    nd.s(")");
                }
            }
            _ => {
                if left < 2 {
                    nd.f(format_args!("(type {t}: trunc)"));
                    return Ok(false);
                }
                if v {
                    nd.f(format_args!("(opt_type 0x{t:02x}: len={})", bp[i + 1]));
                }
            }
        }
        i += optlen;
    }
    if v {
        nd.s(" ");
    }
    Ok(true)
}

/// The sub-options of a home address option; false when one runs past the option.
fn sub_options(nd: &mut Nd<'_>, bp: &[u8]) -> bool {
    let len = bp.len();
    let mut i = 0;
    while i < len {
        let t = bp[i];
        let optlen = if t == 0 {
            1
        } else if i + 1 < len {
            usize::from(bp[i + 1]) + 2
        } else {
            return false;
        };
        if i + optlen > len {
            return false;
        }
        match t {
            0 => nd.s(", pad1"),
            1 => {
                if len - i < 2 {
                    nd.s(", padn: trunc");
                    return false;
                }
                nd.s(", padn");
            }
            _ => {
                if len - i < 2 {
                    nd.f(format_args!(", sopt_type {t}: trunc)"));
                    return false;
                }
                nd.f(format_args!(", sopt_type 0x{t:02x}: len={}", bp[i + 1]));
            }
        }
        i += optlen;
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn hbh_rtalert_jumbo_payload_nonzero() {
        check(
            229,
            "-n",
            54,
            "60000000000e0040fe800000000000000000000000000001fe8000000000000000000000000000023b0105020000c204000111700100",
            "IP6 fe80::1 > fe80::2:  [|hbhopt]",
        );
    }

    #[test]
    fn dstopt_homeaddr() {
        check(
            229,
            "-n",
            62,
            "6000000000163c40fe800000000000000000000000000001fe8000000000000000000000000000023b02c91020010db80000000000000000000000090100",
            "IP6 fe80::1 > fe80::2:  [|dstopt]",
        );
    }

    #[test]
    fn rt6_type0_odd_len() {
        check(
            229,
            "-n",
            56,
            "6000000000102b40fe800000000000000000000000000001fe8000000000000000000000000000023b010001000000000000000000000000",
            "IP6 fe80::1 > fe80::2: RT6 (len=1, type=0 [Deprecated], segleft=1 (invalid length 1) (invalid)",
        );
    }

    #[test]
    fn rt6_srh() {
        check(
            229,
            "-n",
            80,
            "6000000000282b40fe800000000000000000000000000001fe8000000000000000000000000000023b0404010100000720010db800000000000000000000000920010db800000000000000000000000a",
            "IP6 fe80::1 > fe80::2: RT6 (len=4, type=4, segleft=1, last-entry=1, tag=7, [0]2001:db8::9, [1]2001:db8::a) no next header",
        );
    }

    #[test]
    fn rt6_unknown_type() {
        check(
            229,
            "-n",
            48,
            "6000000000082b40fe800000000000000000000000000001fe8000000000000000000000000000023b00090100000000",
            "IP6 fe80::1 > fe80::2: RT6 (len=0, type=9, segleft=1 (unknown type) (invalid)",
        );
    }

    #[test]
    fn frag_later() {
        check(
            229,
            "-n",
            64,
            "6000000000182c40fe800000000000000000000000000001fe800000000000000000000000000002110001000000000500000000000000000000000000000000",
            "IP6 fe80::1 > fe80::2: frag (256|16)",
        );
    }

    #[test]
    fn hbh_twice() {
        check(
            229,
            "-n",
            56,
            "6000000000100040fe800000000000000000000000000001fe80000000000000000000000000000200000104000000003b00010400000000",
            "IP6 fe80::1 > fe80::2: HBH [The Hop-by-Hop Options header was already found] (invalid)",
        );
    }

    #[test]
    fn no_payload_after_ext() {
        check(
            229,
            "-n",
            48,
            "6000000000003c40fe800000000000000000000000000001fe8000000000000000000000000000021100010400000000",
            "IP6 fe80::1 > fe80::2: DSTOPT  [|ip6]",
        );
    }

    #[test]
    fn hbh_rtalert_jumbo_payload_nonzero_v() {
        check(
            229,
            "-n -v",
            54,
            "60000000000e0040fe800000000000000000000000000001fe8000000000000000000000000000023b0105020000c204000111700100",
            "IP6 (hlim 64, next-header Options (0) payload length: 14) fe80::1 > fe80::2:  [|hbhopt]",
        );
    }

    #[test]
    fn dstopt_homeaddr_v() {
        check(
            229,
            "-n -v",
            62,
            "6000000000163c40fe800000000000000000000000000001fe8000000000000000000000000000023b02c91020010db80000000000000000000000090100",
            "IP6 (hlim 64, next-header unknown (60) payload length: 22) fe80::1 > fe80::2:  [|dstopt]",
        );
    }

    #[test]
    fn rt6_type0_odd_len_v() {
        check(
            229,
            "-n -v",
            56,
            "6000000000102b40fe800000000000000000000000000001fe8000000000000000000000000000023b010001000000000000000000000000",
            "IP6 (hlim 64, next-header Routing (43) payload length: 16) fe80::1 > fe80::2: RT6 (len=1, type=0 [Deprecated], segleft=1, rsv=0x0 (invalid length 1) (invalid)",
        );
    }

    #[test]
    fn rt6_srh_v() {
        check(
            229,
            "-n -v",
            80,
            "6000000000282b40fe800000000000000000000000000001fe8000000000000000000000000000023b0404010100000720010db800000000000000000000000920010db800000000000000000000000a",
            "IP6 (hlim 64, next-header Routing (43) payload length: 40) fe80::1 > fe80::2: RT6 (len=4, type=4, segleft=1, last-entry=1, flags=0x0, tag=7, [0]2001:db8::9, [1]2001:db8::a) no next header",
        );
    }

    #[test]
    fn rt6_unknown_type_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000082b40fe800000000000000000000000000001fe8000000000000000000000000000023b00090100000000",
            "IP6 (hlim 64, next-header Routing (43) payload length: 8) fe80::1 > fe80::2: RT6 (len=0, type=9, segleft=1 (unknown type) (invalid)",
        );
    }

    #[test]
    fn frag_later_v() {
        check(
            229,
            "-n -v",
            64,
            "6000000000182c40fe800000000000000000000000000001fe800000000000000000000000000002110001000000000500000000000000000000000000000000",
            "IP6 (hlim 64, next-header Fragment (44) payload length: 24) fe80::1 > fe80::2: frag (0x00000005:256|16)",
        );
    }

    #[test]
    fn hbh_twice_v() {
        check(
            229,
            "-n -v",
            56,
            "6000000000100040fe800000000000000000000000000001fe80000000000000000000000000000200000104000000003b00010400000000",
            "IP6 (hlim 64, next-header Options (0) payload length: 16) fe80::1 > fe80::2: HBH (padn) [The Hop-by-Hop Options header was already found] (invalid)",
        );
    }

    #[test]
    fn no_payload_after_ext_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000003c40fe800000000000000000000000000001fe8000000000000000000000000000021100010400000000",
            "IP6 (hlim 64, next-header unknown (60) payload length: 0) fe80::1 > fe80::2: DSTOPT (padn)  [|ip6]",
        );
    }

    #[test]
    fn hbh_ok() {
        check(
            229,
            "-n",
            56,
            "6000000000100040fe800000000000000000000000000001fe8000000000000000000000000000023b0105020000c2040001117001000000",
            "IP6 fe80::1 > fe80::2: HBH no next header",
        );
    }

    #[test]
    fn dstopt_homeaddr_ok() {
        check(
            229,
            "-n",
            64,
            "6000000000183c40fe800000000000000000000000000001fe8000000000000000000000000000023b02c91020010db800000000000000000000000901000000",
            "IP6 fe80::1 > fe80::2: DSTOPT no next header",
        );
    }

    #[test]
    fn hbh_ok_v() {
        check(
            229,
            "-n -v",
            56,
            "6000000000100040fe800000000000000000000000000001fe8000000000000000000000000000023b0105020000c2040001117001000000",
            "IP6 (hlim 64, next-header Options (0) payload length: 16) fe80::1 > fe80::2: HBH (rtalert: 0x0000) (jumbo: 70000 - payload len != 0) (padn)(pad1)(pad1) no next header",
        );
    }

    #[test]
    fn dstopt_homeaddr_ok_v() {
        check(
            229,
            "-n -v",
            64,
            "6000000000183c40fe800000000000000000000000000001fe8000000000000000000000000000023b02c91020010db800000000000000000000000901000000",
            "IP6 (hlim 64, next-header unknown (60) payload length: 24) fe80::1 > fe80::2: DSTOPT (homeaddr: 2001:db8::9)(padn)(pad1)(pad1) no next header",
        );
    }

    #[test]
    fn jumbo_udp() {
        check(
            229,
            "-n -v",
            56,
            "6000000000000040fe800000000000000000000000000001fe8000000000000000000000000000021100c204000111700001000200000000",
            "IP6 (hlim 64, next-header Options (0) payload length: 0) fe80::1 > fe80::2: HBH (jumbo: 70000)  truncated-ip6 - 69984 bytes missing!1 > 2: UDP, length 69984",
        );
    }
}
