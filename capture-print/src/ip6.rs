//! IPv6 and its extension headers, as tcpdump's print-ip6.c (with print-frag6.c,
//! print-rt6.c and hop-by-hop/destination options of print-ip6opts.c).
use super::ip::{self, IpHdr};
use super::{Nd, Res, Trunc, be16, be32, tail, u8at};

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
    let flow = be32(p, 0)?;
    let payload_len = be16(p, 4)? as usize;
    let mut nh = p[6];
    let mut len = if payload_len != 0 {
        let l = payload_len + 40;
        if length < l {
            nd.f(format_args!(
                "truncated-ip6 - {} bytes missing!",
                l - length
            ));
        }
        l
    } else {
        // Zero: a jumbogram, whose length comes from the hop-by-hop option; until it is
        // found, walk what the frame holds.
        length
    };
    if nd.opts.verbose > 0 {
        nd.s("(");
        if flow & 0x0ff0_0000 != 0 {
            nd.f(format_args!("class 0x{:02x}, ", (flow & 0x0ff0_0000) >> 20));
        }
        if flow & 0x000f_ffff != 0 {
            nd.f(format_args!("flowlabel 0x{:05x}, ", flow & 0x000f_ffff));
        }
        nd.f(format_args!(
            "hlim {}, next-header {} ({nh}) payload length: {payload_len}) ",
            p[7],
            super::tok(ip::IPPROTOS, nh as u32).unwrap_or("unknown")
        ));
    }
    // Cut the captured data to the end of the packet.
    let mut end = p.len().min(len);
    let mut hdr = IpHdr {
        raw: &p[..40],
        v6: true,
        first_proto: nh,
        dst6: None,
    };
    let mut cp = 0usize;
    let mut advance = 40usize;
    let mut fragmented = false;
    let mut jumbo: Option<usize> = None;
    while cp < end && advance > 0 {
        if len < advance {
            return nd.trunc_here();
        }
        cp += advance;
        len -= advance;
        if cp == 40 && !matches!(nh, 6 | 17 | 33 | 132) {
            hdr.src(nd);
            nd.s(" > ");
            hdr.dst(nd);
            nd.s(": ");
        }
        let data = &p[..end];
        match nh {
            0 => {
                nd.proto = "hbhopt";
                let hlen = (u8at(data, cp + 1)? as usize + 1) << 3;
                if super::sl(data, cp, hlen).is_err() {
                    return nd.trunc_here();
                }
                nd.s("HBH ");
                let mut found_jumbo = false;
                let mut plen = payload_len as u64;
                if opts(
                    nd,
                    &data[cp + 2..cp + hlen],
                    Some((&mut found_jumbo, &mut plen)),
                )
                .is_err()
                {
                    return nd.trunc_here();
                }
                if plen == 0 && !found_jumbo {
                    nd.s("[No valid Jumbo Payload Hop-by-Hop option found]");
                    nd.invalid();
                    return Ok(());
                }
                if found_jumbo {
                    jumbo = Some(plen as usize);
                }
                advance = hlen;
                nh = data[cp];
            }
            60 => {
                nd.proto = "dstopt";
                let hlen = (u8at(data, cp + 1)? as usize + 1) << 3;
                if super::sl(data, cp, hlen).is_err() {
                    return nd.trunc_here();
                }
                nd.s("DSTOPT ");
                if nd.opts.verbose > 0 && opts(nd, &data[cp + 2..cp + hlen], None).is_err() {
                    return nd.trunc_here();
                }
                advance = hlen;
                nh = data[cp];
            }
            44 => {
                nd.proto = "frag6";
                let offlg = be16(data, cp + 2)?;
                let rest = (40 + be16(p, 4)? as usize).wrapping_sub(cp).wrapping_sub(8) as u32;
                if nd.opts.verbose > 0 {
                    let ident = be32(data, cp + 4)?;
                    nd.f(format_args!(
                        "frag (0x{ident:08x}:{}|{rest})",
                        offlg & 0xfff8
                    ));
                } else {
                    nd.f(format_args!("frag ({}|{rest})", offlg & 0xfff8));
                }
                if offlg & 0xfff8 != 0 {
                    return Ok(());
                }
                nd.s(" ");
                advance = 8;
                if end <= cp + advance {
                    return Ok(());
                }
                nh = data[cp];
                fragmented = true;
            }
            43 => {
                match rt6(nd, data, cp, &mut hdr)? {
                    Some(a) => advance = a,
                    None => return Ok(()),
                }
                nh = data[cp];
            }
            _ => {
                nd.proto = "ip6";
                if let Some(j) = jumbo {
                    // The jumbo payload length replaces the header's zero.
                    let l = j + 40;
                    if l < cp {
                        return Err(Trunc);
                    }
                    if length < l {
                        nd.f(format_args!(
                            "truncated-ip6 - {} bytes missing!",
                            l - length
                        ));
                    }
                    end = p.len().min(l);
                    len = l - cp;
                } else if payload_len == 0 {
                    len = 0;
                }
                let data = &p[..end];
                return ip::demux(nd, tail(data, cp), len, nh, hdr, fragmented);
            }
        }
        nd.proto = "ip6";
    }
    Ok(())
}

/// The routing header (print-rt6.c); None when it is invalid (already said so).
fn rt6<'a>(nd: &mut Nd<'_>, data: &'a [u8], cp: usize, hdr: &mut IpHdr<'a>) -> Res<Option<usize>> {
    nd.proto = "rt6";
    let mut len = u8at(data, cp + 1)? as usize;
    nd.f(format_args!("RT6 (len={len}"));
    let t = u8at(data, cp + 2)?;
    nd.f(format_args!(", type={t}"));
    if t == 0 {
        nd.s(" [Deprecated]");
    }
    nd.f(format_args!(", segleft={}", u8at(data, cp + 3)?));
    match t {
        0 | 2 => {
            let rsv = be32(data, cp + 4)?;
            if rsv != 0 || nd.opts.verbose > 0 {
                nd.f(format_args!(", rsv=0x{rsv:x}"));
            }
            if len % 2 == 1 {
                nd.f(format_args!(" [invalid length {len}]"));
                nd.invalid();
                return Ok(None);
            }
            len >>= 1;
            for i in 0..len {
                let a = super::sl(data, cp + 8 + 16 * i, 16)?;
                nd.f(format_args!(", [{i}]"));
                nd.ipv6(a);
                // The final destination, for the transport checksum.
                hdr.dst6 = Some(a);
            }
            nd.s(") ");
        }
        4 => {
            let last = u8at(data, cp + 4)? as usize;
            nd.f(format_args!(", last-entry={last}"));
            nd.f(format_args!(", flags=0x{:x}", u8at(data, cp + 5)?));
            nd.f(format_args!(", tag={:x}", be16(data, cp + 6)?));
            if len % 2 == 1 {
                nd.f(format_args!(" (invalid length {len})"));
                nd.invalid();
                return Ok(None);
            }
            for i in 0..=last {
                let a = super::sl(data, cp + 8 + 16 * i, 16)?;
                nd.f(format_args!(", [{i}]"));
                nd.ipv6(a);
                if i == 0 {
                    hdr.dst6 = Some(a);
                }
            }
            nd.s(") ");
        }
        _ => {
            nd.s(" (unknown type)");
            nd.invalid();
            return Ok(None);
        }
    }
    Ok(Some((u8at(data, cp + 1)? as usize + 1) << 3))
}

/// Hop-by-hop and destination options (print-ip6opts.c). `jumbo` is given for hop-by-hop
/// options: (found, payload length). Err: the options run past their header.
fn opts(nd: &mut Nd<'_>, bp: &[u8], mut jumbo: Option<(&mut bool, &mut u64)>) -> Result<(), ()> {
    let len = bp.len();
    if len == 0 {
        return Ok(());
    }
    let v = nd.opts.verbose > 0;
    let mut found = false;
    let mut i = 0;
    while i < len {
        let t = bp[i];
        let optlen = if t == 0 {
            1
        } else if i + 1 < len {
            bp[i + 1] as usize + 2
        } else {
            return Err(());
        };
        if i + optlen > len {
            return Err(());
        }
        match t {
            0 => {
                if v {
                    nd.s("(pad1)");
                }
            }
            1 => {
                if v {
                    nd.s("(padn)");
                }
            }
            5 => {
                if bp[i + 1] != 2 {
                    nd.f(format_args!("(rtalert: invalid len {})", bp[i + 1]));
                    return Err(());
                }
                if v {
                    nd.f(format_args!(
                        "(rtalert: 0x{:04x}) ",
                        u16::from_be_bytes([bp[i + 2], bp[i + 3]])
                    ));
                }
            }
            0xc2 => {
                if bp[i + 1] != 4 {
                    nd.f(format_args!("(jumbo: invalid len {})", bp[i + 1]));
                    return Err(());
                }
                let jl = u32::from_be_bytes([bp[i + 2], bp[i + 3], bp[i + 4], bp[i + 5]]);
                if found {
                    if v {
                        nd.f(format_args!("(jumbo: {jl} - already seen) "));
                    }
                } else {
                    found = true;
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
                        Some((f, plen)) => {
                            if jl < 65536 {
                                if v {
                                    nd.f(format_args!("(jumbo: {jl} - < 65536) "));
                                }
                            } else {
                                **f = true;
                                **plen = jl as u64;
                                if v {
                                    nd.f(format_args!("(jumbo: {jl}) "));
                                }
                            }
                        }
                    }
                }
            }
            0xc9 => {
                if bp[i + 1] < 16 {
                    nd.f(format_args!("(homeaddr: invalid len {})", bp[i + 1]));
                    return Err(());
                }
                if v {
                    nd.s("(homeaddr: ");
                    nd.ipv6(&bp[i + 2..i + 18]);
                    nd.s(")");
                }
            }
            _ => {
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
    Ok(())
}
