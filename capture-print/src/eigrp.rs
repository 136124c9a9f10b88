//! EIGRP, as tcpdump's print-eigrp.c: the header and its TLVs (parameters, software version,
//! IP and AppleTalk internal and external routes, AppleTalk cable setup).
use super::util::{Tok, bittok2str, tok2str};
use super::{Nd, Res, be16, be24, be32, has, sl, tail, u8at};

const OPCODE_VALUES: &Tok = &[
    (1, "Update"),
    (3, "Query"),
    (4, "Reply"),
    (5, "Hello"),
    (6, "IPX SAP"),
    (7, "Probe"),
];

const HEADER_FLAG_VALUES: &Tok = &[
    (0x01, "Init"),
    (0x02, "Conditionally Received"),
    (0x04, "Restart"),
    (0x08, "End-of-Table"),
];

const TLV_VALUES: &Tok = &[
    (0x0001, "General Parameters"),
    (0x0002, "Authentication"),
    (0x0003, "Sequence"),
    (0x0004, "Software Version"),
    (0x0005, "Next Multicast Sequence"),
    (0x0102, "IP Internal routes"),
    (0x0103, "IP External routes"),
    (0x0202, "AppleTalk Internal routes"),
    (0x0203, "AppleTalk External routes"),
    (0x0204, "AppleTalk Cable setup"),
    (0x0302, "IPX Internal routes"),
    (0x0303, "IPX External routes"),
];

const EXT_PROTO_ID_VALUES: &Tok = &[
    (0x01, "IGRP"),
    (0x02, "EIGRP"),
    (0x03, "Static"),
    (0x04, "RIP"),
    (0x05, "Hello"),
    (0x06, "OSPF"),
    (0x07, "IS-IS"),
    (0x08, "EGP"),
    (0x09, "BGP"),
    (0x0a, "IDRP"),
    (0x0b, "Connected"),
];

/// The path metrics every route TLV carries, at `m` of `v`.
fn metrics(nd: &mut Nd<'_>, v: &[u8], m: usize) -> Res {
    nd.f(format_args!(
        "\n\t      delay {} ms, bandwidth {} Kbps, mtu {}, hop {}, reliability {}, load {}",
        be32(v, m)? / 100,
        be32(v, m + 4)?,
        be24(v, m + 8)?,
        u8at(v, m + 11)?,
        u8at(v, m + 12)?,
        u8at(v, m + 13)?
    ));
    Ok(())
}

/// An IPv4 destination (prefix length at `plen`, the prefix bytes after it) and next hop.
fn ip_route(nd: &mut Nd<'_>, v: &[u8], plen: usize) -> Res<bool> {
    let bits = u8at(v, plen)? as usize;
    if bits > 32 {
        nd.f(format_args!("\n\t    illegal prefix length {bits}"));
        return Ok(false);
    }
    let mut prefix = [0u8; 4];
    let n = bits.div_ceil(8);
    prefix[..n].copy_from_slice(sl(v, plen + 1, n)?);
    let mut t = Vec::new();
    nd.names.host4(&mut t, &prefix);
    nd.f(format_args!(
        "\n\t    IPv4 prefix: {:>15}/{bits}, nexthop: ",
        String::from_utf8_lossy(&t)
    ));
    if be32(v, 0)? == 0 {
        nd.s("self");
    } else {
        nd.host4(&v[..4]);
    }
    Ok(true)
}

/// An AppleTalk cable range and next hop.
fn at_route(nd: &mut Nd<'_>, v: &[u8], cable: usize) -> Res {
    nd.f(format_args!(
        "\n\t     Cable-Range: {}-{}, nexthop: ",
        be16(v, cable)?,
        be16(v, cable + 2)?
    ));
    if be32(v, 0)? == 0 {
        nd.s("self");
    } else {
        nd.f(format_args!("{}.{}", be16(v, 0)?, be16(v, 2)?));
    }
    Ok(())
}

/// Prints an EIGRP packet (IP protocol 88).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "eigrp";
    if !has(p, 0, 20) {
        nd.trunc();
        return Ok(());
    }
    if p[0] != 2 {
        nd.f(format_args!("EIGRP version {} packet not supported", p[0]));
        return Ok(());
    }
    let opcode = p[1];
    if nd.opts.verbose < 1 {
        nd.f(format_args!(
            "EIGRP {}, length: {len}",
            tok2str(OPCODE_VALUES, "unknown (%u)", opcode.into())
        ));
        return Ok(());
    }
    if len < 20 {
        nd.f(format_args!(
            "EIGRP {}, length: {len} (too short, < 20)",
            tok2str(OPCODE_VALUES, "unknown (%u)", opcode.into())
        ));
        return Ok(());
    }
    let mut tlen = len - 20;
    nd.f(format_args!(
        "\n\tEIGRP v{}, opcode: {} ({opcode}), chksum: 0x{:04x}, Flags: [{}]\n\tseq: 0x{:08x}, ack: 0x{:08x}, VRID: {}, AS: {}, length: {tlen}",
        p[0],
        tok2str(OPCODE_VALUES, "unknown, type: %u", opcode.into()),
        be16(p, 2)?,
        bittok2str(HEADER_FLAG_VALUES, "none", be32(p, 4)?),
        be32(p, 8)?,
        be32(p, 12)?,
        be16(p, 16)?,
        be16(p, 18)?
    ));
    let mut t = 20;
    while tlen > 0 {
        if !has(p, t, 4) {
            nd.trunc();
            return Ok(());
        }
        let tlv_len = be16(p, t + 2)? as usize;
        let tlv_type = be16(p, t)?;
        if tlv_len < 4 || tlv_len > tlen {
            nd.print_unknown_data(tail(p, t + 4), "\n\t    ", tlen);
            return Ok(());
        }
        nd.f(format_args!(
            "\n\t  {} TLV (0x{tlv_type:04x}), length: {tlv_len}",
            tok2str(TLV_VALUES, "Unknown", tlv_type.into())
        ));
        if !has(p, t, tlv_len) {
            nd.trunc();
            return Ok(());
        }
        // The value, and what was captured after it: a prefix may be read past the TLV.
        let v = tail(p, t + 4);
        let vlen = tlv_len - 4;
        // The size each decoded TLV needs after its header.
        let need = match tlv_type {
            0x0001 => 8,
            0x0004 => 4,
            0x0102 => 22,
            0x0103 => 42,
            0x0204 => 8,
            0x0202 => 24,
            0x0203 => 40,
            _ => 0,
        };
        if need > 0 && vlen < need {
            nd.f(format_args!(" (too short, < {})", need + 4));
        } else {
            match tlv_type {
                0x0001 => nd.f(format_args!(
                    "\n\t    holdtime: {}s, k1 {}, k2 {}, k3 {}, k4 {}, k5 {}",
                    be16(v, 6)?,
                    v[0],
                    v[1],
                    v[2],
                    v[3],
                    v[4]
                )),
                0x0004 => nd.f(format_args!(
                    "\n\t    IOS version: {}.{}, EIGRP version {}.{}",
                    v[0], v[1], v[2], v[3]
                )),
                0x0102 => {
                    if ip_route(nd, v, 20)? {
                        metrics(nd, v, 4)?;
                    }
                }
                0x0103 => {
                    if ip_route(nd, v, 40)? {
                        nd.s("\n\t      origin-router ");
                        nd.host4(&v[4..8]);
                        nd.f(format_args!(
                            ", origin-as {}, origin-proto {}, flags [0x{:02x}], tag 0x{:08x}, metric {}",
                            be32(v, 8)?,
                            tok2str(EXT_PROTO_ID_VALUES, "unknown", v[22].into()),
                            v[23],
                            be32(v, 12)?,
                            be32(v, 16)?
                        ));
                        metrics(nd, v, 24)?;
                    }
                }
                0x0204 => nd.f(format_args!(
                    "\n\t    Cable-range: {}-{}, Router-ID {}",
                    be16(v, 0)?,
                    be16(v, 2)?,
                    be32(v, 4)?
                )),
                0x0202 => {
                    at_route(nd, v, 20)?;
                    metrics(nd, v, 4)?;
                }
                0x0203 => {
                    at_route(nd, v, 36)?;
                    nd.f(format_args!(
                        "\n\t      origin-router {}, origin-as {}, origin-proto {}, flags [0x{:02x}], tag 0x{:08x}, metric {}",
                        be32(v, 4)?,
                        be32(v, 8)?,
                        tok2str(EXT_PROTO_ID_VALUES, "unknown", v[16].into()),
                        v[17],
                        be32(v, 12)?,
                        be16(v, 18)?
                    ));
                    metrics(nd, v, 20)?;
                }
                _ => {
                    if nd.opts.verbose <= 1 {
                        nd.print_unknown_data(v, "\n\t    ", vlen);
                    }
                }
            }
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data(v, "\n\t    ", vlen);
        }
        t += tlv_len;
        tlen -= tlv_len;
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
        // EIGRP_adjacency.pcap #0
        (
            1,
            "-n -v",
            74,
            "01005e00000ac20173fe0000080045c0003c000000000258cd9f0a000001e000000a0205ee68000000000000000000000000000000640001000c010001000000000f000400080c040102",
            "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 60)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Hello (5), chksum: 0xee68, Flags: [none]\n\tseq: 0x00000000, ack: 0x00000000, VRID: 0, AS: 100, length: 20\n\t  General Parameters TLV (0x0001), length: 12\n\t    holdtime: 15s, k1 1, k2 0, k3 1, k4 0, k5 0\n\t  Software Version TLV (0x0004), length: 8\n\t    IOS version: 12.4, EIGRP version 1.2",
        ),
        // EIGRP_subnet_up.pcap #3
        (
            1,
            "-n -v",
            82,
            "01005e00000ac20273fe0000080045c00044000000000258cd960a000002e000000a02010a7e000000000000002d00000000000000640102001c0000000000006e000003e8000005dc01ff01000018c0a804",
            "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 68)\n    10.0.0.2 > 224.0.0.10: \n\tEIGRP v2, opcode: Update (1), chksum: 0x0a7e, Flags: [none]\n\tseq: 0x0000002d, ack: 0x00000000, VRID: 0, AS: 100, length: 28\n\t  IP Internal routes TLV (0x0102), length: 28\n\t    IPv4 prefix:     192.168.4.0/24, nexthop: self\n\t      delay 281 ms, bandwidth 256000 Kbps, mtu 1500, hop 1, reliability 255, load 1",
        ),
        // EIGRP_adjacency.pcap #11
        (
            1,
            "-n -vv",
            60,
            "c20273fe0000c20173fe0000080045c00028000000000258a3bc0a0000010a0000020201fd8200000001000000170000000000000064000000000000",
            "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 40)\n    10.0.0.1 > 10.0.0.2: \n\tEIGRP v2, opcode: Update (1), chksum: 0xfd82, Flags: [Init]\n\tseq: 0x00000017, ack: 0x00000000, VRID: 0, AS: 100, length: 0",
        ),
        // EIGRP_goodbye.pcap #0
        (
            1,
            "-n -v",
            74,
            "01005e00000ac20273fe0000080045c0003c000000000258cd9e0a000002e000000a0205ee68000000000000000000000000000000640001000c010001000000000f000400080c040102",
            "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 60)\n    10.0.0.2 > 224.0.0.10: \n\tEIGRP v2, opcode: Hello (5), chksum: 0xee68, Flags: [none]\n\tseq: 0x00000000, ack: 0x00000000, VRID: 0, AS: 100, length: 20\n\t  General Parameters TLV (0x0001), length: 12\n\t    holdtime: 15s, k1 1, k2 0, k3 1, k4 0, k5 0\n\t  Software Version TLV (0x0004), length: 8\n\t    IOS version: 12.4, EIGRP version 1.2",
        ),
        // EIGRP_ipv6.pcap #0
        (
            1,
            "-n",
            94,
            "33330000000a02000000030186dd6e00000000285801fe80000000000000000000fffe000301ff02000000000000000000000000000a0205efa70000000000000000000000000000fc2a0001000c010001000000000f000400080e000200",
            "IP6 fe80::ff:fe00:301 > ff02::a: EIGRP Hello, length: 40",
        ),
        // eigrp-tlv-oobr.pcap #0 cut to 200
        (
            1,
            "-n -v",
            65535,
            "01005e00000ac20273fe0000080045c0fff1000000000258cde80a000002e000000a0205ee68000000000000000000000000000000640001000c010001000000000f00040004000400040004ff040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004000400040004",
            "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 65521)\n    10.0.0.2 > 224.0.0.10: \n\tEIGRP v2, opcode: Hello (5), chksum: 0xee68, Flags: [none]\n\tseq: 0x00000000, ack: 0x00000000, VRID: 0, AS: 100, length: 65481\n\t  General Parameters TLV (0x0001), length: 12\n\t    holdtime: 15s, k1 1, k2 0, k3 1, k4 0, k5 0\n\t  Software Version TLV (0x0004), length: 4 (too short, < 8)\n\t  Software Version TLV (0x0004), length: 4 (too short, < 8)\n\t  Software Version TLV (0x0004), length: 65284 [|eigrp]",
        ),
        // built #92
        (
            1,
            "-n -v",
            95,
            "01005e00000a00010203040508004500005100010000405890490a000001e000000a02090101002aff00c0f600ff7102ffff010000f20203002901ff02d522ff0105170000028e0200023902590001000001010000024eff00ff0002010202",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 81)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: unknown, type: 9 (9), chksum: 0x0101, Flags: [none]\n\tseq: 0xc0f600ff, ack: 0x7102ffff, VRID: 256, AS: 242, length: 41\n\t  AppleTalk External routes TLV (0x0203), length: 41 (too short, < 44)",
        ),
        // built #66
        (
            1,
            "-n -v",
            81,
            "01005e00000a00010203040508004500004300010000405890570a000001e000000a0203470f0066000000000000ff0000ce01ff00ff0202001b00000200ff02000100000000026e0100000401ff027300",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 67)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Query (3), chksum: 0x470f, Flags: [none]\n\tseq: 0x00000000, ack: 0xff0000ce, VRID: 511, AS: 255, length: 27\n\t  AppleTalk Internal routes TLV (0x0202), length: 27 (too short, < 28)",
        ),
        // built #513
        (
            1,
            "-n -v",
            63,
            "01005e00000a00010203040508004500003100010000405890690a000001e000000a0209000000ceff00cfff020000000006010001ff02040009000000ff02",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 49)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: unknown, type: 9 (9), chksum: 0x0000, Flags: [none]\n\tseq: 0xcfff0200, ack: 0x00000006, VRID: 256, AS: 511, length: 9\n\t  AppleTalk Cable setup TLV (0x0204), length: 9 (too short, < 12)",
        ),
        // built #45
        (
            1,
            "-n -v",
            101,
            "01005e00000a00010203040508004500005700010000405890430a000001e000000a0203000000ff010118ff00010202ff01000102020103002f00d30200e20102ff0000020200ff0001a0010141b5ff0102020000ff00ff7d0000ffff00000100581f0000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 87)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Query (3), chksum: 0x0000, Flags: [Init]\n\tseq: 0x18ff0001, ack: 0x0202ff01, VRID: 1, AS: 514, length: 47\n\t  IP External routes TLV (0x0103), length: 47 [|eigrp]",
        ),
        // built #252
        (
            1,
            "-n -v",
            125,
            "01005e00000a00010203040508004500006f000100004058902b0a000001e000000a02014f8100f60102000000020001100001ff01020102001a01ff0202009100ff00000000e10001000201019dff0103002d3600020201ff01ff0102be000201532600010001020000612600ff0201ff02",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 111)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Update (1), chksum: 0x4f81, Flags: [Conditionally Received]\n\tseq: 0x00000002, ack: 0x00011000, VRID: 511, AS: 258, length: 71\n\t  IP Internal routes TLV (0x0102), length: 26\n\t    illegal prefix length 255\n\t    0x0000:  0002 0201 ff01 ff01 02be 0002 0153 2600\n\t    0x0010:  0100 0102 0000 6126 00ff 0201 ff02",
        ),
        // built #171
        (
            1,
            "-n -v",
            61,
            "01005e00000a00010203040508004500002f000100004058906b0a000001e000000a0203017e018000015b01ff02000101ffff01000100040007ff0000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 47)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Query (3), chksum: 0x017e, Flags: [Init]\n\tseq: 0x5b01ff02, ack: 0x000101ff, VRID: 65281, AS: 1, length: 7\n\t  Software Version TLV (0x0004), length: 7 (too short, < 8)",
        ),
        // built #128
        (
            1,
            "-n -v",
            90,
            "01005e00000a00010203040508004500004c000100004058904e0a000001e000000a0204000000020101000000010007d7020000000200040007e4",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 76)\n    10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Reply (4), chksum: 0x0000, Flags: [Init]\n\tseq: 0x00000001, ack: 0x0007d702, VRID: 0, AS: 2, length: 36\n\t  Software Version TLV (0x0004), length: 7 [|eigrp]",
        ),
        // built #28
        (
            1,
            "-n -v",
            64,
            "01005e00000a00010203040508004500003200010000405890680a000001e000000a0207ff020101000100006501",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EIGRP (88), length 50)\n    10.0.0.1 > 224.0.0.10:  [|eigrp]",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 34);

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in vec(pu8::ANY, 0..300), opcode in 0u8..8,
                                      v in 0u8..4, v6: bool) {
            let mut pkt = vec![2, opcode];
            pkt.extend_from_slice(&[0; 18]);
            pkt.extend_from_slice(&body);
            if v6 {
                print_with(229, &crate::test_pkt::ipv6(88, &pkt), v, false, false);
            } else {
                print_with(228, &crate::test_pkt::ipv4(88, &pkt), v, false, false);
            }
        }
    }
}
