//! ICMP for IPv4, as tcpdump's print-icmp.c: every type, the `-v` checksum and quoted packet
//! of errors, and RFC 4884 multi-part extensions (MPLS label stacks).
use super::ip::{self, IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, Res, Trunc, be16, be32, has, sl, tail, tok, u8at};

const ICMP_TYPES: &[(u32, &str)] = &[
    (0, "echo reply"),
    (4, "source quench"),
    (8, "echo request"),
    (10, "router solicitation"),
    (13, "time stamp request"),
    (14, "time stamp reply"),
    (15, "information request"),
    (16, "information reply"),
    (17, "address mask request"),
];

const EXT_OBJECTS: &[(u32, &str)] = &[(1, "MPLS Stack Entry"), (2, "Interface Identification")];

/// Where the RFC 4884 extension structure starts: 8 bytes of header and 128 of quoted packet.
const EXT_OFFSET: usize = 136;

/// Prints an ICMP message; `plen` is the IP payload length.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    plen: usize,
    _ip: IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "icmp";
    let t = u8at(bp, 0)?;
    let code = u8at(bp, 1)?;
    // tcpdump builds the text first and prints it whole: a truncation while building it
    // leaves no "ICMP" behind.
    let start = nd.o.len();
    nd.s("ICMP ");
    match body(nd, bp, t, code) {
        Ok(true) => {}
        Ok(false) => {
            // An explicit check failed (ND_TCHECK): the mark, and a normal return.
            nd.o.truncate(start);
            return nd.trunc_here();
        }
        Err(e) => {
            nd.o.truncate(start);
            return Err(e);
        }
    }
    nd.s(", length ");
    nd.u(plen as u64);
    let v = nd.opts.verbose > 0;
    if v && !fragmented && has(bp, 0, plen) {
        let sum = fold(sum_words(0, &bp[..plen]));
        if sum != 0 {
            let field = be16(bp, 2)?;
            nd.f(format_args!(
                " (wrong icmp cksum {field:x} (->{:x})!)",
                cksum_shouldbe(field, sum)
            ));
        }
    }
    if v && matches!(t, 3 | 4 | 5 | 11 | 12) {
        nd.s("\n\t");
        let inner = tail(bp, 8);
        // The quoted packet ends where its own length says: extensions may follow it.
        let ilen = usize::from(be16(inner, 2)?);
        // tcpdump cuts the data at the quoted length before reading that length again: a
        // length that does not reach past its own field is a truncation here.
        if ilen < 4 {
            return Err(Trunc);
        }
        ip::print(nd, &inner[..inner.len().min(ilen)], ilen)?;
    }
    nd.proto = "icmp";
    if v && plen > EXT_OFFSET && matches!(t, 3 | 11 | 12) {
        return extensions(nd, bp, plen);
    }
    Ok(())
}

/// RFC 4884 multi-part extensions after the first 128 bytes of the quoted packet.
fn extensions(nd: &mut Nd<'_>, bp: &[u8], plen: usize) -> Res {
    if !has(bp, 0, EXT_OFFSET + 5) {
        return nd.trunc_here();
    }
    let hlen = plen - EXT_OFFSET;
    let ext = &bp[EXT_OFFSET..];
    // Without a length in the header, only a valid checksum says the extensions are there.
    if bp[5] == 0 && has(ext, 0, hlen) && fold(sum_words(0, &ext[..hlen])) != 0 {
        return Ok(());
    }
    let version = ext[0] >> 4;
    nd.f(format_args!("\n\tICMP Multi-Part extension v{version}"));
    if version != 2 {
        nd.s(" packet not supported");
        return Ok(());
    }
    if has(ext, 0, hlen) {
        let bad = fold(sum_words(0, &ext[..hlen])) != 0;
        nd.f(format_args!(
            ", checksum 0x{:04x} ({}correct), length {hlen}",
            be16(ext, 2)?,
            if bad { "in" } else { "" }
        ));
    }
    // tcpdump's unsigned length wraps below the common header; the objects then run past the
    // captured bytes and end with the truncation mark.
    let mut hlen = hlen.wrapping_sub(4);
    let mut obj = 4;
    while hlen > 4 {
        if !has(ext, obj, 4) {
            return nd.trunc_here();
        }
        let tlen = usize::from(be16(ext, obj)?);
        let (class, ctype) = (ext[obj + 2], ext[obj + 3]);
        obj += 4;
        nd.s("\n\t  ");
        nd.tok2str(EXT_OBJECTS, "unknown", u32::from(class));
        nd.f(format_args!(
            " Object ({class}), Class-Type: {ctype}, length {tlen}"
        ));
        hlen -= 4;
        // A zero class or a length shorter than the header would loop forever.
        if class == 0 || tlen < 4 {
            return Ok(());
        }
        let tlen = tlen - 4;
        if class == 1 && ctype == 1 {
            let label = be32(ext, obj)?;
            nd.f(format_args!(
                "\n\t    label {}, tc {}",
                label >> 12,
                (label >> 9) & 7
            ));
            if label & 0x100 != 0 {
                nd.s(", [S]");
            }
            nd.f(format_args!(", ttl {}", label & 0xff));
        } else {
            nd.print_unknown_data(tail(ext, obj), "\n\t    ", tlen);
        }
        if hlen < tlen {
            break;
        }
        hlen -= tlen;
        obj += tlen;
    }
    Ok(())
}

/// A time stamp in milliseconds since midnight, as `hh:mm:ss.mmm`.
fn tstamp(nd: &mut Nd<'_>, t: u32) {
    let (ms, s) = (t % 1000, t / 1000);
    nd.f(format_args!(
        "{:02}:{:02}:{:02}.{ms:03}",
        s / 3600,
        (s / 60) % 60,
        s % 60
    ));
}

/// The text after `ICMP `: the type, code and what they refer to. Ok(false): an explicit check
/// failed (tcpdump's `ND_TCHECK`).
fn body(nd: &mut Nd<'_>, bp: &[u8], t: u8, code: u8) -> Res<bool> {
    // The destination of the quoted IP header.
    let qdst = || sl(bp, 24, 4);
    match t {
        0 | 8 => {
            let (id, seq) = (be16(bp, 4)?, be16(bp, 6)?);
            nd.f(format_args!(
                "echo {}, id {id}, seq {seq}",
                if t == 8 { "request" } else { "reply" }
            ));
        }
        3 => match code {
            2 => {
                let (dst, p) = (qdst()?, u8at(bp, 17)?);
                nd.host4(dst);
                nd.f(format_args!(" protocol {p} unreachable"));
            }
            3 => {
                if !has(bp, 17, 1) {
                    return Ok(false);
                }
                let hlen = usize::from(bp[8] & 0x0f) * 4;
                let dport = be16(bp, 8 + hlen + 2)?;
                let p = bp[17];
                let dst = qdst()?;
                nd.host4(dst);
                match p {
                    6 => {
                        nd.s(" tcp port ");
                        nd.names.tcp_port(nd.o, dport);
                        nd.s(" unreachable");
                    }
                    17 => {
                        nd.s(" udp port ");
                        nd.names.udp_port(nd.o, dport);
                        nd.s(" unreachable");
                    }
                    _ => nd.f(format_args!(" protocol {p} port {dport} unreachable")),
                }
            }
            4 => {
                let mtu = be16(bp, 6)?;
                let dst = qdst()?;
                nd.host4(dst);
                if mtu != 0 {
                    nd.f(format_args!(" unreachable - need to frag (mtu {mtu})"));
                } else {
                    nd.s(" unreachable - need to frag");
                }
            }
            _ => {
                let (pre, post) = match code {
                    0 => ("net ", " unreachable"),
                    1 => ("host ", " unreachable"),
                    5 => ("", " unreachable - source route failed"),
                    6 => ("net ", " unreachable - unknown"),
                    7 => ("host ", " unreachable - unknown"),
                    8 => ("", " unreachable - source host isolated"),
                    9 => ("net ", " unreachable - admin prohibited"),
                    10 => ("host ", " unreachable - admin prohibited"),
                    11 => ("net ", " unreachable - tos prohibited"),
                    12 => ("host ", " unreachable - tos prohibited"),
                    13 => ("host ", " unreachable - admin prohibited filter"),
                    14 => ("host ", " unreachable - host precedence violation"),
                    15 => ("host ", " unreachable - precedence cutoff"),
                    _ => ("", ""),
                };
                let dst = qdst()?;
                nd.s(pre);
                nd.host4(dst);
                if post.is_empty() {
                    nd.f(format_args!(" unreachable - #{code}"));
                } else {
                    nd.s(post);
                }
            }
        },
        5 => {
            let (dst, gw) = (qdst()?, sl(bp, 4, 4)?);
            let (kind, to) = match code {
                0 => ("redirect ", " to net "),
                1 => ("redirect ", " to host "),
                2 => ("redirect-tos ", " to net "),
                3 => ("redirect-tos ", " to host "),
                _ => ("", " to "),
            };
            if kind.is_empty() {
                nd.f(format_args!("redirect-#{code} "));
            } else {
                nd.s(kind);
            }
            nd.host4(dst);
            nd.s(to);
            nd.host4(gw);
        }
        9 => {
            nd.s("router advertisement");
            if !has(bp, 4, 4) {
                return Ok(false);
            }
            nd.s(" lifetime ");
            let life = u32::from(be16(bp, 6)?);
            if life < 60 {
                nd.f(format_args!("{life}"));
            } else if life < 3600 {
                nd.f(format_args!("{}:{:02}", life / 60, life % 60));
            } else {
                nd.f(format_args!(
                    "{}:{:02}:{:02}",
                    life / 3600,
                    (life % 3600) / 60,
                    life % 60
                ));
            }
            let num = bp[4];
            nd.f(format_args!(" {num}:"));
            let size = bp[5];
            if size != 2 {
                nd.f(format_args!(" [size {size}]"));
                return Ok(true);
            }
            for i in 0..usize::from(num) {
                let off = 8 + i * 8;
                if !has(bp, off, 8) {
                    return Ok(false);
                }
                nd.s(" {");
                nd.host4(&bp[off..off + 4]);
                nd.f(format_args!(" {}}}", be32(bp, off + 4)?));
            }
        }
        11 => {
            if !has(bp, 24, 4) {
                return Ok(false);
            }
            match code {
                0 => nd.s("time exceeded in-transit"),
                1 => nd.s("ip reassembly time exceeded"),
                _ => nd.f(format_args!("time exceeded-#{code}")),
            }
        }
        12 => {
            if code != 0 {
                nd.f(format_args!("parameter problem - code {code}"));
            } else {
                nd.f(format_args!("parameter problem - octet {}", u8at(bp, 4)?));
            }
        }
        18 => nd.f(format_args!("address mask is 0x{:08x}", be32(bp, 8)?)),
        13 => nd.f(format_args!(
            "time stamp query id {} seq {}",
            be16(bp, 4)?,
            be16(bp, 6)?
        )),
        14 => {
            if !has(bp, 16, 4) {
                return Ok(false);
            }
            nd.f(format_args!(
                "time stamp reply id {} seq {}: org ",
                be16(bp, 4)?,
                be16(bp, 6)?
            ));
            tstamp(nd, be32(bp, 8)?);
            nd.s(", recv ");
            tstamp(nd, be32(bp, 12)?);
            nd.s(", xmit ");
            tstamp(nd, be32(bp, 16)?);
        }
        _ => match tok(ICMP_TYPES, u32::from(t)) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("type-#{t}")),
        },
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    /// The checksum a field should hold, as tcpdump 4.99.3 shows it: 0xffff, not 0, when the
    /// rest of the message sums to zero.
    #[test]
    fn wrong_cksum_should_be_ffff() {
        crate::decoder_tests::check_n(
            1,
            "-v",
            "00112233445566554433221108004500001c00010000400166de0a0000010a0000020000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.1 > 10.0.0.2: ICMP echo reply, id 0, seq 0, length 8 (wrong icmp cksum 0 (->ffff)!)",
        );
        crate::decoder_tests::check_n(
            1,
            "-v",
            "00112233445566554433221108004500001c00010000400166de0a0000010a0000020800fffef7ff0000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 63487, seq 0, length 8 (wrong icmp cksum fffe (->ffff)!)",
        );
    }

    /// A quoted datagram whose length does not reach past its own length field: tcpdump cuts
    /// the data there and the second read of that field is the truncation, in ICMP.
    #[test]
    fn quoted_length_below_four() {
        crate::decoder_tests::check_n(
            1,
            "-v",
            "00112233445566554433221108004500002c00010000400166ce0a0000010a0000020c02ffff34ce2003427500017b4352e9f181163152070843",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 44)\n    10.0.0.1 > 10.0.0.2: ICMP parameter problem - code 2, length 24 (wrong icmp cksum ffff (->2c8c)!)\n\t [|icmp]",
        );
    }

    #[test]
    fn icmp_time_exceeded_mpls_ext_v() {
        check(
            228,
            "-n -v",
            168,
            "450000a800010000400166520a0000010a0000020b00ef8d0020000045000030000100000111cdd8c0a80101c6336407829a829b001c0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000da0d0008010103e80101",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 168)\n    10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 148\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.1.1.33434 > 198.51.100.7.33435: UDP, length 20\n\tICMP Multi-Part extension v2, checksum 0xda0d (correct), length 12\n\t  MPLS Stack Entry Object (1), Class-Type: 1, length 8\n\t    label 16000, tc 0, [S], ttl 1",
        );
    }

    #[test]
    fn icmp_time_exceeded_mpls_ext() {
        check(
            228,
            "-n",
            168,
            "450000a800010000400166520a0000010a0000020b00ef8d0020000045000030000100000111cdd8c0a80101c6336407829a829b001c0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000da0d0008010103e80101",
            "IP 10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 148",
        );
    }

    #[test]
    fn icmp_time_exceeded_no_ext_v() {
        check(
            228,
            "-n -v",
            76,
            "4500004c00010000400166ae0a0000010a0000020b00efad0000000045000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 76)\n    10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 56\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.1.1.33434 > 198.51.100.7.33435: UDP, length 20",
        );
    }

    #[test]
    fn icmp_unreach_port_v() {
        check(
            228,
            "-n -v",
            76,
            "4500004c00010000400166ae0a0000010a0000020303f7aa0000000045000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 76)\n    10.0.0.1 > 10.0.0.2: ICMP 198.51.100.7 udp port 33435 unreachable, length 56\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.1.1.33434 > 198.51.100.7.33435: UDP, length 20",
        );
    }

    #[test]
    fn icmp_unreach_needfrag() {
        check(
            228,
            "-n",
            76,
            "4500004c00010000400166ae0a0000010a0000020304f1cd000005dc45000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: ICMP 198.51.100.7 unreachable - need to frag (mtu 1500), length 56",
        );
    }

    #[test]
    fn icmp_unreach_code20() {
        check(
            228,
            "-n",
            76,
            "4500004c00010000400166ae0a0000010a0000020314f7990000000045000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: ICMP 198.51.100.7 unreachable - #20, length 56",
        );
    }

    #[test]
    fn icmp_redirect_host() {
        check(
            228,
            "-n",
            76,
            "4500004c00010000400166ae0a0000010a0000020501eaae0a0000fe45000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: ICMP redirect 198.51.100.7 to host 10.0.0.254, length 56",
        );
    }

    #[test]
    fn icmp_redirect_code9() {
        check(
            228,
            "-n",
            76,
            "4500004c00010000400166ae0a0000010a0000020509eaa60a0000fe45000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: ICMP redirect-#9 198.51.100.7 to 10.0.0.254, length 56",
        );
    }

    #[test]
    fn icmp_router_advert() {
        check(
            228,
            "-n -v",
            44,
            "4500002c00010000400166ce0a0000010a0000020900d9ea020207080a000001000000050a00000200000003",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 44)\n    10.0.0.1 > 10.0.0.2: ICMP router advertisement lifetime 30:00 2: {10.0.0.1 5} {10.0.0.2 3}, length 24",
        );
    }

    #[test]
    fn icmp_router_advert_size() {
        check(
            228,
            "-n",
            36,
            "4500002400010000400166d60a0000010a0000020900f4de0203001e0000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: ICMP router advertisement lifetime 30 2: [size 3], length 16",
        );
    }

    #[test]
    fn icmp_tstamp_reply() {
        check(
            228,
            "-n",
            40,
            "4500002800010000400166d20a0000010a0000020e00845b000100020038cefc0038cefd0038cefe",
            "IP 10.0.0.1 > 10.0.0.2: ICMP time stamp reply id 1 seq 2: org 01:02:03.004, recv 01:02:03.005, xmit 01:02:03.006, length 20",
        );
    }

    #[test]
    fn icmp_tstamp_reply_short() {
        check(
            228,
            "-n",
            36,
            "4500002400010000400166d60a0000010a0000020e005392000100020038cefc0038cefd",
            "IP 10.0.0.1 > 10.0.0.2:  [|icmp]",
        );
    }

    #[test]
    fn icmp_mask_reply() {
        check(
            228,
            "-n",
            32,
            "4500002000010000400166da0a0000010a0000021200eefb00010002ffffff00",
            "IP 10.0.0.1 > 10.0.0.2: ICMP address mask is 0xffffff00, length 12",
        );
    }

    #[test]
    fn icmp_param_problem_v() {
        check(
            228,
            "-n -v",
            76,
            "4500004c00010000400166ae0a0000010a0000020c00daad1400000045000030000100000111cdd8c0a80101c6336407829a829b001c00000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 76)\n    10.0.0.1 > 10.0.0.2: ICMP parameter problem - octet 20, length 56\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.1.1.33434 > 198.51.100.7.33435: UDP, length 20",
        );
    }

    #[test]
    fn icmp_unknown_type() {
        check(
            228,
            "-n",
            28,
            "4500001c00010000400166de0a0000010a0000022a00d5ff00000000",
            "IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8",
        );
    }

    #[test]
    fn icmp_bad_cksum_v() {
        check(
            228,
            "-n -v",
            28,
            "4500001c00010000400166de0a0000010a0000020800000000010002",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8 (wrong icmp cksum 0 (->f7fc)!)",
        );
    }

    #[test]
    fn icmp_quoted_truncated_v() {
        check(
            228,
            "-n -v",
            50,
            "4500003200010000400166c80a0000010a00000203017a640000000045000030000100000111cdd8c0a80101c6336407829a",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 50)\n    10.0.0.1 > 10.0.0.2: ICMP host 198.51.100.7 unreachable, length 30\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.1.1 > 198.51.100.7:  [|udp]",
        );
    }

    #[test]
    fn icmp_ext_v0_v() {
        check(
            228,
            "-n -v",
            168,
            "450000a800010000400166520a0000010a0000020301f19a0020000045000030000100000111cdd8c0a80101c6336407829a829b001c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008010103e80101",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 168)\n    10.0.0.1 > 10.0.0.2: ICMP host 198.51.100.7 unreachable, length 148\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.1.1.33434 > 198.51.100.7.33435: UDP, length 20\n\tICMP Multi-Part extension v0 packet not supported",
        );
    }
}
