//! RIP versions 1 and 2, as tcpdump's print-rip.c: requests and responses with their route
//! entries and the RIPv2 authentication entries (simple, cryptographic, trailers).
use super::af;
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
            tok2str(af::BSD_AF_VALUES, "Unknown (%u)", family.into())
        ));
        nd.print_unknown_data(tail(p, e + 4), "\n\t  ", ROUTELEN - 4);
        return Ok(ROUTELEN);
    }
    if be16(p, e + 2)? != 0 || be32(p, e + 8)? != 0 || be32(p, e + 12)? != 0 {
        nd.print_unknown_data(tail(p, e), "\n\t  ", ROUTELEN);
        return Ok(ROUTELEN);
    }
    nd.s(if family == 0 {
        "\n\t  AFI 0, "
    } else {
        "\n\t  "
    });
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
            tok2str(af::BSD_AF_VALUES, "Unknown (%u)", family.into())
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
            tok2str(af::BSD_AF_VALUES, "%u", family.into()),
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

#[cfg(test)]
mod tests {
    use crate::decoder_tests::print_with;
    use proptest::collection::vec;
    use proptest::num::u8 as pu8;

    /// Packets (link type, flags, length on the wire, bytes) and what tcpdump 4.99.3 prints for
    /// them with `-t`.
    const CASES: &[(i32, &str, u32, &str, &str)] = &[
        // ripv1v2.pcap #0
        (
            1,
            "-n -v",
            66,
            "ffffffffffff0811961c10c8080045c0003400004000401124e70a0000140a0000ff020802080020e57a010100000000000000000000000000000000000000000010",
            "IP (tos 0xc0, ttl 64, id 0, offset 0, flags [DF], proto UDP (17), length 52)\n    10.0.0.20.520 > 10.0.0.255.520: \n\tRIPv1, Request, length: 24, routes: 1\n\t  AFI 0, 0.0.0.0, metric: 16",
        ),
        // ripv1v2.pcap #1
        (
            1,
            "-n -v",
            66,
            "ffffffffffff0811961c10c8080045c0003400004000401124e70a0000140a0000ff020802080020284102010000000200000a46b200000000000000000000000001",
            "IP (tos 0xc0, ttl 64, id 0, offset 0, flags [DF], proto UDP (17), length 52)\n    10.0.0.20.520 > 10.0.0.255.520: \n\tRIPv1, Response, length: 24, routes: 1\n\t  10.70.178.0, metric: 1",
        ),
        // ripv1v2.pcap #1
        (
            1,
            "-n",
            66,
            "ffffffffffff0811961c10c8080045c0003400004000401124e70a0000140a0000ff020802080020284102010000000200000a46b200000000000000000000000001",
            "IP 10.0.0.20.520 > 10.0.0.255.520: RIPv1, Response, length: 24",
        ),
        // ripv2_auth.pcap #2
        (
            1,
            "-n -v",
            106,
            "01005e0000090811961c10c8080045c0005c0000400001118eb40a000014e0000009020802080048585d01020000ffff0003002c2d104fd6133800000000000000000000000000000000000000000000000000000010ffff0001a2fec865f120880823261369d6c23593",
            "IP (tos 0xc0, ttl 1, id 0, offset 0, flags [DF], proto UDP (17), length 92)\n    10.0.0.20.520 > 224.0.0.9.520: \n\tRIPv2, Request, length: 64, routes: 3 or less\n\t  Auth header: Packet Len 44, Key-ID 45, Auth Data Len 16, SeqNo 1339429688, MBZ 0, MBZ 0\n\t  AFI 0,         0.0.0.0/0 , tag 0x0000, metric: 16, next-hop: self\n\t  Auth trailer:\n\t  0x0000:  a2fe c865 f120 8808 2326 1369 d6c2 3593",
        ),
        // ripv2_auth.pcap #0
        (
            1,
            "-n -v",
            86,
            "01005e0000090811961c10c8080045c000480000400001118ec80a000014e0000009020802080034ccf901020000ffff00026162636465666768696a6b6c6d6e6f700000000000000000000000000000000000000010",
            "IP (tos 0xc0, ttl 1, id 0, offset 0, flags [DF], proto UDP (17), length 72)\n    10.0.0.20.520 > 224.0.0.9.520: \n\tRIPv2, Request, length: 44, routes: 2 or less\n\t  Simple Text Authentication data: abcdefghijklmnop\n\t  AFI 0,         0.0.0.0/0 , tag 0x0000, metric: 16, next-hop: self",
        ),
        // ripv2_auth.pcap #0
        (
            1,
            "-n -vv",
            86,
            "01005e0000090811961c10c8080045c000480000400001118ec80a000014e0000009020802080034ccf901020000ffff00026162636465666768696a6b6c6d6e6f700000000000000000000000000000000000000010",
            "IP (tos 0xc0, ttl 1, id 0, offset 0, flags [DF], proto UDP (17), length 72)\n    10.0.0.20.520 > 224.0.0.9.520: [udp sum ok] \n\tRIPv2, Request, length: 44, routes: 2 or less\n\t  Simple Text Authentication data: abcdefghijklmnop\n\t  AFI 0,         0.0.0.0/0 , tag 0x0000, metric: 16, next-hop: self\n\t0x0000:  0102 0000 ffff 0002 6162 6364 6566 6768\n\t0x0010:  696a 6b6c 6d6e 6f70 0000 0000 0000 0000\n\t0x0020:  0000 0000 0000 0000 0000 0010",
        ),
        // ripv2-invalid-length.pcap #0
        (
            1,
            "-n -v",
            210,
            "01005e000009000a411683608100c438080045c000c0000000000211945f0a0738fee00000090208020800a80b2202020000000200000a070000ffffff000000000000000001000200000a072900ffffff000000000000000001000200000a073300ffffff000000000000000001000200000a073400ffffff800000000000000001000200000a073500ffffff000000000000000001000200000a073900ffffff000000000010000001000200000a073d00ffffff0000000000000000010025000051000000ff0000000000000000000002",
            "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto UDP (17), length 192)\n    10.7.56.254.520 > 224.0.0.9.520: \n\tRIPv2, Response, length: 160, routes: 8 or less\n\t  AFI IPv4,        10.7.0.0/24, tag 0x0000, metric: 1, next-hop: self\n\t  AFI IPv4,       10.7.41.0/24, tag 0x0000, metric: 1, next-hop: self\n\t  AFI IPv4,       10.7.51.0/24, tag 0x0000, metric: 1, next-hop: self\n\t  AFI IPv4,       10.7.52.0/25, tag 0x0000, metric: 1, next-hop: self\n\t  AFI IPv4,       10.7.53.0/24, tag 0x0000, metric: 1, next-hop: self\n\t  AFI IPv4,       10.7.57.0/24, tag 0x0000, metric: 268435457, next-hop: self\n\t  AFI IPv4,       10.7.61.0/24, tag 0x0000, metric: 1, next-hop: self\n\t  AFI Unknown (37)\n\t  0x0000:  5100 0000 ff00 0000 0000 0000 0000 0002 [remaining entries length 16 < 20] (invalid)",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 42);

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in vec(pu8::ANY, 0..200), cmd in 0u8..8,
                                      vers in 0u8..4, v in 0u8..4) {
            let mut pkt = vec![cmd, vers, 0, 0];
            pkt.extend_from_slice(&body);
            print_with(228, &crate::test_pkt::ipv4(17, &crate::test_pkt::udp_to(520, &pkt)), v, false, false);
        }
    }
}
