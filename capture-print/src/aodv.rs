//! AODV (RFC 3561, UDP port 654 or `-T aodv`), as tcpdump's print-aodv.c: route requests,
//! replies and errors for IPv4, IPv6 and the IPv6 draft, with the hello extension.
use super::{Nd, Res, be32, has, sl, u8at};

/// Prints an AODV message of `length` bytes, carried over IPv6 when `v6`.
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8], length: usize, v6: bool) -> Res {
    nd.proto = "aodv";
    let t = u8at(dat, 0)?;
    nd.s(" aodv");
    match t {
        1 if v6 => rreq(nd, dat, length, Layout::V6, " v6 rreq"),
        1 => rreq(nd, dat, length, Layout::V4, " rreq"),
        2 if v6 => rrep(nd, dat, length, Layout::V6),
        2 => rrep(nd, dat, length, Layout::V4),
        3 if v6 => rerr(nd, dat, length, 16),
        3 => rerr(nd, dat, length, 4),
        16 => rreq(nd, dat, length, Layout::Draft, " rreq"),
        17 => rrep(nd, dat, length, Layout::Draft),
        18 => rerr(nd, dat, length, 16),
        4 | 19 => {
            nd.f(format_args!(" rrep-ack {length}"));
            Ok(())
        }
        _ => {
            nd.f(format_args!(" type {t} {length}"));
            Ok(())
        }
    }
}

/// Where the fields of a request or reply are: IPv4, IPv6, or the IPv6 draft (sequence
/// numbers before the addresses).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    V4,
    V6,
    Draft,
}

impl Layout {
    fn alen(self) -> usize {
        if self == Layout::V4 { 4 } else { 16 }
    }

    fn host(self, nd: &mut Nd<'_>, a: &[u8]) {
        if self == Layout::V4 {
            nd.host4(a);
        } else {
            nd.host6(a);
        }
    }
}

/// A route request. The flags tested are those of the type byte, as tcpdump does.
fn rreq(nd: &mut Nd<'_>, dat: &[u8], length: usize, l: Layout, name: &str) -> Res {
    let a = l.alen();
    let size = 16 + 2 * a;
    if !has(dat, 0, size) || length < size {
        return nd.trunc_here();
    }
    // Offsets of destination, its sequence, originator and its sequence.
    let (da, ds, oa, os) = match l {
        Layout::Draft => (16, 8, 32, 12),
        _ => (8, 8 + a, 12 + a, 12 + 2 * a),
    };
    let f = dat[0];
    nd.f(format_args!(
        "{name} {length} {}{}{}{}{}hops {} id 0x{:08x}\n\tdst ",
        if f & 0x80 != 0 { "[J]" } else { "" },
        if f & 0x40 != 0 { "[R]" } else { "" },
        if f & 0x20 != 0 { "[G]" } else { "" },
        if f & 0x10 != 0 { "[D]" } else { "" },
        if f & 0x08 != 0 { "[U] " } else { " " },
        dat[3],
        be32(dat, 4)?
    ));
    l.host(nd, &dat[da..da + a]);
    nd.f(format_args!(" seq {} src ", be32(dat, ds)?));
    l.host(nd, &dat[oa..oa + a]);
    nd.f(format_args!(" seq {}", be32(dat, os)?));
    extension(nd, dat, size, length)
}

/// A route reply.
fn rrep(nd: &mut Nd<'_>, dat: &[u8], length: usize, l: Layout) -> Res {
    let a = l.alen();
    let size = 12 + 2 * a;
    if !has(dat, 0, size) || length < size {
        return nd.trunc_here();
    }
    let (da, ds, oa, life) = match l {
        Layout::Draft => (8, 4, 24, 40),
        _ => (4, 4 + a, 8 + a, 8 + 2 * a),
    };
    let f = dat[0];
    nd.f(format_args!(
        " rrep {length} {}{}prefix {} hops {}\n\tdst ",
        if f & 0x80 != 0 { "[R]" } else { "" },
        if f & 0x40 != 0 { "[A] " } else { " " },
        dat[2] & 0x1f,
        dat[3]
    ));
    l.host(nd, &dat[da..da + a]);
    nd.f(format_args!(" dseq {} src ", be32(dat, ds)?));
    l.host(nd, &dat[oa..oa + a]);
    nd.f(format_args!(" {} ms", be32(dat, life)?));
    extension(nd, dat, size, length)
}

/// A route error: unreachable destinations and their sequence numbers.
fn rerr(nd: &mut Nd<'_>, dat: &[u8], length: usize, alen: usize) -> Res {
    if !has(dat, 0, 4) || length < 4 {
        return nd.trunc_here();
    }
    let dc = dat[3];
    nd.f(format_args!(
        " rerr {} [items {dc}] [{length}]:",
        if dat[1] & 0x80 != 0 { "[D]" } else { "" }
    ));
    let size = alen + 4;
    let mut off = 4;
    let mut left = length - 4;
    for _ in 0..dc {
        if !has(dat, off, size) || left < size {
            return nd.trunc_here();
        }
        let a = sl(dat, off, alen)?;
        nd.s(" {");
        if alen == 4 {
            nd.host4(a);
        } else {
            nd.host6(a);
        }
        nd.f(format_args!("}}({})", be32(dat, off + alen)?));
        off += size;
        left -= size;
    }
    Ok(())
}

/// The extension after a request or reply of `size` bytes, if there is room for one.
fn extension(nd: &mut Nd<'_>, dat: &[u8], size: usize, length: usize) -> Res {
    let len = length - size;
    if len < 2 {
        return Ok(());
    }
    if !has(dat, size, 2) {
        return nd.trunc_here();
    }
    let (t, elen) = (dat[size], dat[size + 1]);
    if t == 1 {
        if !has(dat, size, 6) || len < 6 {
            return nd.trunc_here();
        }
        if elen < 4 {
            nd.f(format_args!("\n\text HELLO - bad length {elen}"));
        } else {
            nd.f(format_args!("\n\text HELLO {} ms", be32(dat, size + 2)?));
        }
    } else {
        nd.f(format_args!("\n\text {t} {elen}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn aodv_rreq_hello() {
        check(
            101,
            "-n",
            58,
            "4500003a00000000011100000a0000010a000002028e028e0026000001f80003000012340a000009000000050a00000a000000060104000003e8",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rreq 30  hops 3 id 0x00001234\n\tdst 10.0.0.9 seq 5 src 10.0.0.10 seq 6\n\text HELLO 1000 ms",
        );
    }

    #[test]
    fn aodv_rrep_ext() {
        check(
            101,
            "-n",
            50,
            "4500003200000000011100000a0000010a000002028e028e001e000002c01f020a000009000000050a00000a00000bb80702",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rrep 22  prefix 31 hops 2\n\tdst 10.0.0.9 dseq 5 src 10.0.0.10 3000 ms\n\text 7 2",
        );
    }

    #[test]
    fn aodv_rrep_bad_hello() {
        check(
            101,
            "-n",
            54,
            "4500003600000000011100000a0000010a000002028e028e0022000002c01f020a000009000000050a00000a00000bb8010200000000",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rrep 26  prefix 31 hops 2\n\tdst 10.0.0.9 dseq 5 src 10.0.0.10 3000 ms\n\text HELLO - bad length 2",
        );
    }

    #[test]
    fn aodv_rerr() {
        check(
            101,
            "-n",
            48,
            "4500003000000000011100000a0000010a000002028e028e001c0000038000020a000009000000050a00000a00000006",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rerr [D] [items 2] [20]: {10.0.0.9}(5) {10.0.0.10}(6)",
        );
    }

    #[test]
    fn aodv_rerr_short() {
        check(
            101,
            "-n",
            40,
            "4500002800000000011100000a0000010a000002028e028e00140000038000020a00000900000005",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rerr [D] [items 2] [12]: {10.0.0.9}(5) [|aodv]",
        );
    }

    #[test]
    fn aodv_ack() {
        check(
            101,
            "-n",
            30,
            "4500001e00000000011100000a0000010a000002028e028e000a00000400",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rrep-ack 2",
        );
    }

    #[test]
    fn aodv_unknown() {
        check(
            101,
            "-n",
            30,
            "4500001e00000000011100000a0000010a000002028e028e000a00000900",
            "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv type 9 2",
        );
    }

    #[test]
    fn aodv6_rreq() {
        check(
            101,
            "-n",
            96,
            "6000000000381101fe800000000000000000000000000001fe800000000000000000000000000002028e028e00380000010000030000123420010db80000000000000000000000090000000520010db800000000000000000000000a00000006",
            "IP6 fe80::1.654 > fe80::2.654:  aodv v6 rreq 48  hops 3 id 0x00001234\n\tdst 2001:db8::9 seq 5 src 2001:db8::a seq 6",
        );
    }

    #[test]
    fn aodv6_rrep() {
        check(
            101,
            "-n",
            92,
            "6000000000341101fe800000000000000000000000000001fe800000000000000000000000000002028e028e003400000200000220010db80000000000000000000000090000000520010db800000000000000000000000a00000bb8",
            "IP6 fe80::1.654 > fe80::2.654:  aodv rrep 44  prefix 0 hops 2\n\tdst 2001:db8::9 dseq 5 src 2001:db8::a 3000 ms",
        );
    }

    #[test]
    fn aodv6_rerr() {
        check(
            101,
            "-n",
            72,
            "6000000000201101fe800000000000000000000000000001fe800000000000000000000000000002028e028e002000000300000120010db800000000000000000000000900000005",
            "IP6 fe80::1.654 > fe80::2.654:  aodv rerr  [items 1] [24]: {2001:db8::9}(5)",
        );
    }

    #[test]
    fn aodv6_draft_rreq() {
        check(
            101,
            "-n",
            96,
            "6000000000381101fe800000000000000000000000000001fe800000000000000000000000000002028e028e003800001000000300001234000000050000000620010db800000000000000000000000920010db800000000000000000000000a",
            "IP6 fe80::1.654 > fe80::2.654:  aodv rreq 48 [D] hops 3 id 0x00001234\n\tdst 2001:db8::9 seq 5 src 2001:db8::a seq 6",
        );
    }

    #[test]
    fn aodv6_draft_rrep() {
        check(
            101,
            "-n",
            92,
            "6000000000341101fe800000000000000000000000000001fe800000000000000000000000000002028e028e00340000110000020000000520010db800000000000000000000000920010db800000000000000000000000a00000bb8",
            "IP6 fe80::1.654 > fe80::2.654:  aodv rrep 44  prefix 0 hops 2\n\tdst 2001:db8::9 dseq 5 src 2001:db8::a 3000 ms",
        );
    }

    #[test]
    fn aodv6_draft_rerr() {
        check(
            101,
            "-n",
            72,
            "6000000000201101fe800000000000000000000000000001fe800000000000000000000000000002028e028e002000001200000120010db800000000000000000000000900000005",
            "IP6 fe80::1.654 > fe80::2.654:  aodv rerr  [items 1] [24]: {2001:db8::9}(5)",
        );
    }

    #[test]
    fn aodv_rreq_truncated() {
        check(
            101,
            "-n",
            48,
            "4500003400000000011100000a0000010a000002028e028e0020000001f80003000012340a000009000000050a00000a",
            "IP truncated-ip - 4 bytes missing! 10.0.0.1.654 > 10.0.0.2.654:  aodv [|aodv]",
        );
    }

    #[test]
    fn aodv_packet_type() {
        check(
            101,
            "-n -Taodv",
            52,
            "4500003400000000011100000a0000010a000002138813890020000001f80003000012340a000009000000050a00000a00000006",
            "IP 10.0.0.1.5000 > 10.0.0.2.5001:  aodv rreq 24  hops 3 id 0x00001234\n\tdst 10.0.0.9 seq 5 src 10.0.0.10 seq 6",
        );
    }

    #[test]
    fn aodv_packet_type_v() {
        check(
            101,
            "-n -v -Taodv",
            52,
            "4500003400000000011100000a0000010a000002138813890020000001f80003000012340a000009000000050a00000a00000006",
            "IP (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto UDP (17), length 52, bad cksum 0 (->a5b7)!)\n    10.0.0.1.5000 > 10.0.0.2.5001:  aodv rreq 24  hops 3 id 0x00001234\n\tdst 10.0.0.9 seq 5 src 10.0.0.10 seq 6",
        );
    }
}
