//! IPv6 and its extension headers, as tcpdump's print-ip6.c (with print-frag6.c,
//! print-rt6.c and hop-by-hop/destination options of print-ip6opts.c).
use super::ip::{self, IpHdr};
use super::{Nd, Res, Trunc, be16, be32, u8at};

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

/// Prints an IPv6 packet; `length` is what the link layer says is left.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ip6";
    if p.len() < 40 {
        if !nd.opts.link_header {
            nd.s("IP6 ");
        }
        return Err(Trunc);
    }
    if length < 40 {
        nd.f(format_args!("IP6 truncated-ip6 {length}"));
        return Ok(());
    }
    let ver = p[0] >> 4;
    if !nd.opts.link_header {
        nd.s("IP6 ");
    }
    if ver != 6 {
        nd.f(format_args!("version error: {ver} != 6"));
        return Ok(());
    }
    let flow = be32(p, 0)?;
    let mut payload_len = be16(p, 4)? as usize;
    let nh = p[6];
    let mut len = payload_len + 40;
    if payload_len != 0 && length < len {
        nd.f(format_args!(
            "truncated-ip6 - {} bytes missing!",
            len - length
        ));
    }
    if payload_len == 0 {
        // A jumbogram, or a TSO send: the frame's length is the packet's.
        len = length;
    }
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
    let _ = &mut payload_len;
    let p = &p[..p.len().min(len)];
    let hdr = IpHdr {
        raw: &p[..40],
        v6: true,
        first_proto: nh,
        dst6: None,
    };
    if !matches!(nh, 6 | 17 | 33 | 132) {
        hdr.src(nd);
        nd.s(" > ");
        hdr.dst(nd);
        nd.s(": ");
    }
    let _ = u8at(p, 0)?;
    ip::demux(nd, &p[40..], len - 40, nh, hdr, false)
}
