//! OLSR (RFC 3626, UDP port 698), as tcpdump's print-olsr.c: hello, TC, MID, HNA (with smart
//! gateways), name service, and olsr.org's link quality extensions.
use super::util::{mask2plen, mask62plen};
use super::{Nd, Res, be16, be32, has, sl};

const MSG_TYPES: &[(u32, &str)] = &[
    (1, "Hello"),
    (2, "TC"),
    (3, "MID"),
    (4, "HNA"),
    (128, "Powerinfo"),
    (130, "Nameservice"),
    (201, "Hello-LQ"),
    (202, "TC-LQ"),
];

const LINK_TYPES: &[(u32, &str)] = &[
    (0, "Unspecified"),
    (1, "Asymmetric"),
    (2, "Symmetric"),
    (3, "Lost"),
];

const NEIGHBOR_TYPES: &[(u32, &str)] =
    &[(0, "Not-Neighbor"), (1, "Symmetric"), (2, "Symmetric-MPR")];

/// A validity time or hello interval: mantissa and exponent, in units of 1/16 second.
fn me_to_double(me: u8) -> f64 {
    0.0625 * (1.0 + f64::from(me >> 4) / 16.0) * f64::from(1u32 << (me & 0x0f))
}

/// A smart gateway's link speed: mantissa and decimal exponent.
fn gw_speed(v: u8) -> u32 {
    match v {
        0 => 0,
        255 => 320_000_000,
        _ => (u32::from(v >> 3) + 1) * 10u32.pow(u32::from(v & 7)),
    }
}

/// Prints an OLSR packet of `length` bytes, carried over IPv6 when `v6`.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize, v6: bool) -> Res {
    nd.proto = "olsr";
    nd.f(format_args!("OLSRv{}", if v6 { 6 } else { 4 }));
    if length < 4 || !has(p, 0, 4) {
        return nd.trunc_here();
    }
    let length = length.min(usize::from(be16(p, 0)?));
    nd.f(format_args!(", seq 0x{:04x}, length {length}", be16(p, 2)?));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    if !messages(nd, p, length, v6)? {
        return nd.trunc_here();
    }
    Ok(())
}

/// The messages; Ok(false) when one runs past the captured bytes (tcpdump's `trunc`).
fn messages(nd: &mut Nd<'_>, p: &[u8], length: usize, v6: bool) -> Res<bool> {
    let alen = if v6 { 16 } else { 4 };
    let hdrlen = 8 + alen;
    let host = |nd: &mut Nd<'_>, a: &[u8]| {
        if v6 {
            nd.host6(a);
        } else {
            nd.host4(a);
        }
    };
    let mut t = 4;
    while t < length {
        if !has(p, t, hdrlen) {
            return Ok(false);
        }
        let m = &p[t..];
        let msg_type = m[0];
        let msg_len = usize::from(be16(m, 2)?);
        let valid = msg_len >= hdrlen && msg_len <= length;
        // A zero type or length would loop forever.
        if msg_type == 0 || msg_len == 0 {
            return Ok(true);
        }
        nd.s("\n\t");
        nd.tok2str(MSG_TYPES, "Unknown", u32::from(msg_type));
        nd.f(format_args!(" Message (0x{msg_type:02x}), originator "));
        host(nd, &m[4..4 + alen]);
        let o = 4 + alen;
        nd.f(format_args!(
            ", ttl {}, hop {}\n\t  vtime {:.3}s, msg-seq 0x{:04x}, length {msg_len}{}",
            m[o],
            m[o + 1],
            me_to_double(m[1]),
            be16(m, o + 2)?,
            if valid { "" } else { " (invalid)" }
        ));
        if !valid {
            return Ok(true);
        }
        let mut tlen = msg_len - hdrlen;
        let mut d = t + hdrlen;
        match msg_type {
            1 | 201 => {
                if tlen < 4 || !has(p, d, 4) {
                    return Ok(false);
                }
                nd.f(format_args!(
                    "\n\t  hello-time {:.3}s, MPR willingness {}",
                    me_to_double(p[d + 2]),
                    p[d + 3]
                ));
                d += 4;
                tlen -= 4;
                while tlen >= 4 {
                    if !has(p, d, 4) {
                        return Ok(false);
                    }
                    let hello_len = usize::from(be16(p, d + 2)?);
                    let code = p[d];
                    let hello_valid = hello_len <= tlen && hello_len >= 4;
                    nd.s("\n\t    link-type ");
                    nd.tok2str(LINK_TYPES, "Unknown", u32::from(code & 3));
                    nd.s(", neighbor-type ");
                    nd.tok2str(NEIGHBOR_TYPES, "Unknown", u32::from(code >> 2));
                    nd.f(format_args!(
                        ", len {hello_len}{}",
                        if hello_valid { "" } else { " (invalid)" }
                    ));
                    if !hello_valid {
                        break;
                    }
                    d += 4;
                    tlen -= 4;
                    let hello_len = hello_len - 4;
                    if !has(p, d, hello_len) {
                        return Ok(false);
                    }
                    let ok = if msg_type == 1 {
                        neighbors(nd, &p[d..], hello_len)?;
                        true
                    } else {
                        lq_neighbors(nd, &p[d..], hello_len, v6)?
                    };
                    if !ok {
                        return Ok(false);
                    }
                    d += hello_len;
                    tlen -= hello_len;
                }
            }
            2 | 202 => {
                if tlen < 4 || !has(p, d, 4) {
                    return Ok(false);
                }
                nd.f(format_args!(
                    "\n\t    advertised neighbor seq 0x{:04x}",
                    be16(p, d)?
                ));
                d += 4;
                tlen -= 4;
                let rest = p.get(d..).unwrap_or(&[]);
                if msg_type == 2 {
                    neighbors(nd, rest, tlen)?;
                } else if !lq_neighbors(nd, rest, tlen, v6)? {
                    return Ok(false);
                }
            }
            3 => {
                while tlen >= alen {
                    if !has(p, d, alen) {
                        return Ok(false);
                    }
                    nd.s("\n\t  interface address ");
                    host(nd, &p[d..d + alen]);
                    d += alen;
                    tlen -= alen;
                }
            }
            4 => {
                if !hna(nd, p, d, tlen, v6)? {
                    return Ok(false);
                }
            }
            130 => {
                if !nameservice(nd, p, d, tlen, alen)? {
                    return Ok(false);
                }
            }
            _ => nd.print_unknown_data(p.get(d..).unwrap_or(&[]), "\n\t    ", tlen),
        }
        t += msg_len;
    }
    Ok(true)
}

/// Plain neighbor addresses (IPv4, as tcpdump reads them whatever the IP version).
fn neighbors(nd: &mut Nd<'_>, b: &[u8], mut len: usize) -> Res {
    nd.s("\n\t      neighbor\n\t\t");
    let mut i = 0;
    while len >= 4 {
        let a = sl(b, i, 4)?;
        nd.host4(a);
        nd.s(" ");
        i += 4;
        len -= 4;
    }
    Ok(())
}

/// Neighbors with link qualities; Ok(false) when one was not captured.
fn lq_neighbors(nd: &mut Nd<'_>, b: &[u8], mut len: usize, v6: bool) -> Res<bool> {
    let alen = if v6 { 16 } else { 4 };
    let size = alen + 4;
    let mut i = 0;
    while len >= size {
        if !has(b, i, size) {
            return Ok(false);
        }
        nd.s("\n\t      neighbor ");
        if v6 {
            nd.host6(&b[i..i + 16]);
        } else {
            nd.host4(&b[i..i + 4]);
        }
        nd.f(format_args!(
            ", link-quality {:.2}%, neighbor-link-quality {:.2}%",
            f64::from(b[i + alen]) / 2.55,
            f64::from(b[i + alen + 1]) / 2.55
        ));
        i += size;
        len -= size;
    }
    Ok(true)
}

/// Host and network association: advertised networks, or smart gateways.
fn hna(nd: &mut Nd<'_>, p: &[u8], mut d: usize, mut tlen: usize, v6: bool) -> Res<bool> {
    if v6 {
        nd.f(format_args!(
            "\n\t  Advertised networks (total {})",
            tlen / 32
        ));
        while tlen >= 32 {
            if !has(p, d, 32) {
                return Ok(false);
            }
            let mut mask = [0u8; 16];
            mask.copy_from_slice(&p[d + 16..d + 32]);
            nd.s("\n\t    #0: ");
            nd.host6(&p[d..d + 16]);
            nd.f(format_args!("/{}", mask62plen(&mask)));
            d += 32;
            tlen -= 32;
        }
        return Ok(true);
    }
    nd.f(format_args!(
        "\n\t  Advertised networks (total {})",
        tlen / 8
    ));
    let mut col = 0;
    while tlen >= 8 {
        if !has(p, d, 8) {
            return Ok(false);
        }
        let (net, mask) = (&p[d..d + 4], &p[d + 4..d + 8]);
        nd.s(if col == 0 { "\n\t    " } else { ", " });
        if net == [0, 0, 0, 0] && mask[0] == 0 && mask[1] != 0 {
            let flags = mask[1];
            nd.s("Smart-Gateway:");
            for (bit, name) in [
                (1, " LINKSPEED"),
                (2, " IPV4"),
                (4, " IPV4-NAT"),
                (8, " IPV6"),
                (16, " IPv6-PREFIX"),
            ] {
                if flags & bit != 0 {
                    nd.s(name);
                }
            }
            let (up, down) = if flags & 1 != 0 {
                (gw_speed(mask[2]), gw_speed(mask[3]))
            } else {
                (0, 0)
            };
            nd.f(format_args!(" {up}/{down}"));
        } else {
            nd.host4(net);
            nd.f(format_args!("/{}", mask2plen(be32(mask, 0)?) as u32));
        }
        d += 8;
        tlen -= 8;
        col = (col + 1) % 4;
    }
    Ok(true)
}

/// olsr.org's name service: names and their addresses.
fn nameservice(nd: &mut Nd<'_>, p: &[u8], mut d: usize, mut tlen: usize, alen: usize) -> Res<bool> {
    if tlen < 4 {
        return Ok(false);
    }
    let entries = usize::from(be16(p, d + 2)?);
    let valid = entries > 0 && entries * (4 + alen) <= tlen;
    nd.f(format_args!(
        "\n\t  Version {}, Entries {entries}{}",
        be16(p, d)?,
        if valid { "" } else { " (invalid)" }
    ));
    if !valid {
        return Ok(true);
    }
    d += 4;
    tlen -= 4;
    for i in 0..entries {
        if tlen < 4 {
            break;
        }
        let (etype, elen) = (be16(p, d)?, usize::from(be16(p, d + 2)?));
        d += 4;
        tlen -= 4;
        let evalid = elen > 0 && alen + elen <= tlen;
        let etype_s = if etype == 0 {
            "000000".to_string()
        } else {
            format!("0x{etype:04x}")
        };
        nd.f(format_args!(
            "\n\t    #{i}: type {etype_s}, length {elen}{}",
            if evalid { "" } else { " (invalid)" }
        ));
        if !evalid {
            break;
        }
        // Names are padded to 32 bits.
        let pad = (4 - elen % 4) % 4;
        if tlen < alen + elen + pad || !has(p, d, alen + elen + pad) {
            return Ok(false);
        }
        nd.s(", address ");
        if alen == 16 {
            nd.host6(&p[d..d + 16]);
        } else {
            nd.host4(&p[d..d + 4]);
        }
        nd.s(", name \"");
        nd.printn(&p[d + alen..], elen);
        nd.s("\"");
        d += alen + elen + pad;
        tlen -= alen + elen + pad;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn olsr4_all() {
        check(
            101,
            "-n",
            208,
            "450000d000000000011100000a000001ffffffff02ba02ba00bc000000b412340186001c0a0000014001000700000e030600000c0a0000020a000003028600180a00000140010007000900000a0000020a000003038600140a000001400100070a0000090a00000a0486001c0a000001400100070a010000ffff000000000000001f5252828600200a0000014001000700010001000100050a0000016e6f646531000000c986001c0a0000014001000700000e030600000c0a000002c8640000808600100a0000014001000701020304",
            "IP 10.0.0.1.698 > 255.255.255.255.698: OLSRv4, seq 0x1234, length 180",
        );
    }

    #[test]
    fn olsr4_all_v() {
        check(
            101,
            "-n -v",
            208,
            "450000d000000000011100000a000001ffffffff02ba02ba00bc000000b412340186001c0a0000014001000700000e030600000c0a0000020a000003028600180a00000140010007000900000a0000020a000003038600140a000001400100070a0000090a00000a0486001c0a000001400100070a010000ffff000000000000001f5252828600200a0000014001000700010001000100050a0000016e6f646531000000c986001c0a0000014001000700000e030600000c0a000002c8640000808600100a0000014001000701020304",
            "IP (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto UDP (17), length 208, bad cksum 0 (->af1d)!)\n    10.0.0.1.698 > 255.255.255.255.698: OLSRv4, seq 0x1234, length 180\n\tHello Message (0x01), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 28\n\t  hello-time 1024.000s, MPR willingness 3\n\t    link-type Symmetric, neighbor-type Symmetric, len 12\n\t      neighbor\n\t\t10.0.0.2 10.0.0.3 \n\tTC Message (0x02), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 24\n\t    advertised neighbor seq 0x0009\n\t      neighbor\n\t\t10.0.0.2 10.0.0.3 \n\tMID Message (0x03), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 20\n\t  interface address 10.0.0.9\n\t  interface address 10.0.0.10\n\tHNA Message (0x04), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 28\n\t  Advertised networks (total 2)\n\t    10.1.0.0/16, Smart-Gateway: LINKSPEED IPV4 IPV4-NAT IPV6 IPv6-PREFIX 1100/1100\n\tNameservice Message (0x82), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 32\n\t  Version 1, Entries 1\n\t    #0: type 0x0001, length 5, address 10.0.0.1, name \"node1\"\n\tHello-LQ Message (0xc9), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 28\n\t  hello-time 1024.000s, MPR willingness 3\n\t    link-type Symmetric, neighbor-type Symmetric, len 12\n\t      neighbor 10.0.0.2, link-quality 78.43%, neighbor-link-quality 39.22%\n\tPowerinfo Message (0x80), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 16\n\t    0x0000:  0102 0304",
        );
    }

    #[test]
    fn olsr6_v() {
        check(
            101,
            "-n -v",
            200,
            "6000000000a01101fe800000000000000000000000000001ff02000000000000000000000000000102ba02ba00a0000000981234c986003420010db80000000000000000000000014001000700000e030600001820010db8000000000000000000000002c86400000486003820010db80000000000000000000000014001000720010db8000100000000000000000000ffffffffffff000000000000000000000386002820010db80000000000000000000000014001000720010db8000000000000000000000003",
            "IP6 (hlim 1, next-header UDP (17) payload length: 160) fe80::1.698 > ff02::1.698: [bad udp cksum 0x0000 -> 0x67c9!] OLSRv6, seq 0x1234, length 152\n\tHello-LQ Message (0xc9), originator 2001:db8::1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 52\n\t  hello-time 1024.000s, MPR willingness 3\n\t    link-type Symmetric, neighbor-type Symmetric, len 24\n\t      neighbor 2001:db8::2, link-quality 78.43%, neighbor-link-quality 39.22%\n\tHNA Message (0x04), originator 2001:db8::1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 56\n\t  Advertised networks (total 1)\n\t    #0: 2001:db8:1::/48\n\tMID Message (0x03), originator 2001:db8::1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 40\n\t  interface address 2001:db8::3",
        );
    }

    #[test]
    fn olsr_bad_msg_len_v() {
        check(
            101,
            "-n -v",
            44,
            "4500002c00000000011100000a000001ffffffff02ba02ba0018000000101234010000c80a00000140010007",
            "IP (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto UDP (17), length 44, bad cksum 0 (->afc1)!)\n    10.0.0.1.698 > 255.255.255.255.698: OLSRv4, seq 0x1234, length 16\n\tHello Message (0x01), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 0.062s, msg-seq 0x0007, length 200 (invalid)",
        );
    }

    #[test]
    fn olsr_truncated_v() {
        check(
            101,
            "-n -v",
            74,
            "4500005400000000011100000a000001ffffffff02ba02ba00400000003812340186001c0a0000014001000700000e030600000c0a0000020a000003028600180a000001400100070009",
            "IP truncated-ip - 10 bytes missing! (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto UDP (17), length 84, bad cksum 0 (->af99)!)\n    10.0.0.1.698 > 255.255.255.255.698: OLSRv4, seq 0x1234, length 56\n\tHello Message (0x01), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 28\n\t  hello-time 1024.000s, MPR willingness 3\n\t    link-type Symmetric, neighbor-type Symmetric, len 12\n\t      neighbor\n\t\t10.0.0.2 10.0.0.3 \n\tTC Message (0x02), originator 10.0.0.1, ttl 64, hop 1\n\t  vtime 6.000s, msg-seq 0x0007, length 24 [|olsr]",
        );
    }
}
