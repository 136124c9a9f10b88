//! Decoder tests: packets as literal bytes (hex), each with the line tcpdump 4.99.3 prints for
//! it with the same flags (`-t`, so no timestamp). Generated once from tcpdump's output on
//! hand-built packets; kept as plain data so a failure shows both lines.

/// [`check`] with `-n` and the packet as long on the wire as captured.
pub(crate) fn check_n(lt: i32, flags: &str, hex: &str, expected: &str) {
    check(
        lt,
        &format!("-n {flags}"),
        (hex.len() / 2) as u32,
        hex,
        expected,
    );
}

/// Prints `hex` (link type `lt`, on-wire length `wirelen`) with tcpdump-style `flags` and
/// compares with `expected` (without the final newline).
pub(crate) fn check(lt: i32, flags: &str, wirelen: u32, hex: &str, expected: &str) {
    let data = crate::test_pkt::hex(hex);
    let mut o = super::Options {
        timestamp: 1,
        ..Default::default()
    };
    let mut words = flags.split_whitespace();
    while let Some(f) = words.next() {
        if f == "-T" {
            o.packet_type = Some(words.next().unwrap().parse().unwrap());
            continue;
        }
        let f = f.trim_start_matches('-');
        let n = f.len() as u8;
        match f.chars().next() {
            Some('n') => o.numeric = n,
            Some('v') => o.verbose = n,
            Some('e') => o.link_header = true,
            Some('q') => o.quiet = true,
            Some('x') => o.hex = n,
            Some('X') => o.hex_ascii = n,
            Some('A') => o.ascii = n,
            Some('S') => o.absolute_seq = true,
            Some('b') => o.bgp_asdot = true,
            Some('H') => o.mesh_header = true,
            Some('T') => o.packet_type = Some(f[1..].parse().unwrap()),
            _ => panic!("flag {f}"),
        }
    }
    let mut p = super::Printer::new(o, lt);
    let mut out = Vec::new();
    p.print(&mut out, 1, 0, data.len() as u32, wirelen, &data)
        .unwrap();
    let got = String::from_utf8_lossy(&out);
    assert_eq!(got.strip_suffix('\n').unwrap_or(&got), expected);
}

/// The two tests a table `CASES` of `(link type, flags, wire length, hex, tcpdump's line)` gives:
/// each case prints as tcpdump, and each case with bytes overwritten from offset `$from` on (past
/// the headers that only lead to the printer) and cut anywhere never panics.
macro_rules! case_tests {
    ($cases:ident, $from:expr) => {
        #[test]
        fn prints_as_tcpdump() {
            for &(lt, flags, wirelen, hex, expected) in $cases {
                $crate::decoder_tests::check(lt, flags, wirelen, hex, expected);
            }
        }

        proptest::proptest! {
            #[test]
            fn mutated_packets_never_panic(
                case in 0..$cases.len(),
                edits in proptest::collection::vec(
                    (proptest::num::usize::ANY, proptest::num::u8::ANY),
                    0..12,
                ),
                cut in proptest::num::usize::ANY,
                v in 0u8..4,
                e: bool,
            ) {
                let (lt, _, _, hex, _) = $cases[case];
                $crate::decoder_tests::mutated(lt, hex, $from, &edits, cut, v, e);
            }
        }
    };
}
pub(crate) use case_tests;

/// Prints the packet `hex` (link type `lt`) with some bytes from offset `from` on overwritten
/// (`edits`: an offset, taken modulo what is there, and a value) and cut to `cut` bytes (modulo
/// its length + 1), at `-v` level `verbose`, with or without `-e`: the never-panic property
/// tests seeded with real packets.
pub(crate) fn mutated(
    lt: i32,
    hex: &str,
    from: usize,
    edits: &[(usize, u8)],
    cut: usize,
    verbose: u8,
    link_header: bool,
) {
    let mut data = crate::test_pkt::hex(hex);
    let from = from.min(data.len());
    let span = data.len() - from;
    if span > 0 {
        for &(at, v) in edits {
            data[from + at % span] = v;
        }
    }
    data.truncate(cut % (data.len() + 1));
    let opts = super::Options {
        verbose,
        link_header,
        numeric: 1,
        ..Default::default()
    };
    let _ = super::tests::print_one(opts, lt, &data);
}

/// Prints a packet of link type `lt` at `-v` level `verbose` (with `-e`, and `-b` when asked),
/// for the never-panic property tests.
pub(crate) fn print_with(lt: i32, data: &[u8], verbose: u8, link_header: bool, asdot: bool) {
    let opts = super::Options {
        verbose,
        link_header,
        bgp_asdot: asdot,
        numeric: 1,
        ..Default::default()
    };
    let _ = super::tests::print_one(opts, lt, data);
}

mod tcp {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            74,
            "00112233445566554433221108004500003c12344000400614860a0000010a0000029c409c41000003e800000000a00203e8f3aa0000020405b40402080a000000010000000001030307",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq 1000, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            74,
            "00112233445566554433221108004500003c12344000400614860a0000020a0000019c419c4000001388000003e9a01203e8e0110000020405b40402080a000000010000000001030307",
            "IP 10.0.0.2.40001 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            66,
            "001122334455665544332211080045000034123440004006148e0a0000010a0000029c409c41000003e900001389801003e8e6e400000101050a0000138900001771",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [.], ack 5001, win 1000, options [nop,nop,sack 1 {1:1001}], length 0",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            67,
            "001122334455665544332211080045000035123440004006148d0a0000010a0000029c409c41000003e900001389501803e8ac05000068656c6c6f20776f726c640d0a",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [P.], seq 1001:1014, ack 5001, win 1000, length 13",
        );
    }

    #[test]
    fn case_4() {
        check(
            1,
            "-n",
            82,
            "001122334455665544332211080045000044123440004006147e0a0000010a0000029c4000500000000100000001501803e8e0e30000474554202f7820485454502f312e310d0a486f73743a20610d0a0d0a",
            "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:29, ack 1, win 1000, length 28: HTTP: GET /x HTTP/1.1",
        );
    }

    #[test]
    fn case_5() {
        check(
            1,
            "-n",
            69,
            "001122334455665544332211080045000037123440004006148b0a0000010a0000029c409c41000003e900001389500403e82a6a0000726573657420646174612068657265",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [R], seq 1001:1016, win 1000, length 15",
        );
    }

    #[test]
    fn case_6() {
        check(
            1,
            "-n",
            59,
            "00112233445566554433221108004500002d12344000400614950a0000010a0000029c409c41000003e90000138960f903e81af400001c04001000",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [FP.UEW], seq 1001:1002, ack 5001, win 1000, urg 0, options [uto 0x10 8], length 1",
        );
    }

    #[test]
    fn case_7() {
        check(
            1,
            "-n -v",
            74,
            "00112233445566554433221108004500003c12344000400614860a0000020a0000019c419c4000001388000003e9a01203e8e0110000020405b40402080a000000010000000001030307",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 60)\n    10.0.0.2.40001 > 10.0.0.1.40000: Flags [S.], cksum 0xe011 (correct), seq 5000, ack 1001, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_8() {
        check(
            1,
            "-n -v",
            69,
            "001122334455665544332211080045000037123440004006148b0a0000010a0000029c409c41000003e900001389500403e82a6a0000726573657420646174612068657265",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 55)\n    10.0.0.1.40000 > 10.0.0.2.40001: Flags [R], cksum 0x2a6a (correct), seq 1001:1016, win 1000, length 15 [RST reset data here]",
        );
    }
}

mod dns {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            75,
            "00112233445566554433221108004500003d123440004011147a0a0000010a0000029c4000350029f29312340100000100000000000003777777076578616d706c6503636f6d0000010001",
            "IP 10.0.0.1.40000 > 10.0.0.2.53: 4660+ A? www.example.com. (33)",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            239,
            "0011223344556655443322110800450000e112344000401113d60a0000020a00000100359c4000cd9e27beef8580000100050001000103777777076578616d706c6503636f6d0000010001c00c000100010000012c00045db8d822c00c0005000100000e10000603666f6fc010c00c001c00010000003c0010000102030405060708090a0b0c0d0e0fc00c001000010000003c00060568656c6c6fc00c000f00010000003c0007000a026d78c010c01000060001000151800026026e73c01002686dc0100000000100000002000000030000000400000005000029100000008000000c000a00080000000000000000",
            "IP 10.0.0.2.53 > 10.0.0.1.40000: 48879* 5/1/1 A 93.184.216.34, CNAME foo.example.com., AAAA 1:203:405:607:809:a0b:c0d:e0f, TXT \"hello\", MX mx.example.com. 10 (197)",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vvv",
            239,
            "0011223344556655443322110800450000e112344000401113d60a0000020a00000100359c4000cd9e27beef8580000100050001000103777777076578616d706c6503636f6d0000010001c00c000100010000012c00045db8d822c00c0005000100000e10000603666f6fc010c00c001c00010000003c0010000102030405060708090a0b0c0d0e0fc00c001000010000003c00060568656c6c6fc00c000f00010000003c0007000a026d78c010c01000060001000151800026026e73c01002686dc0100000000100000002000000030000000400000005000029100000008000000c000a00080000000000000000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 225)\n    10.0.0.2.53 > 10.0.0.1.40000: [udp sum ok] 48879* q: A? www.example.com. 5/1/1 www.example.com. [5m] A 93.184.216.34, www.example.com. [1h] CNAME foo.example.com., www.example.com. [1m] AAAA 1:203:405:607:809:a0b:c0d:e0f, www.example.com. [1m] TXT \"hello\", www.example.com. [1m] MX mx.example.com. 10 ns: example.com. [1d] SOA ns.example.com. hm.example.com. 1 2 3 4 5 ar: . (Class 10) [6d1h38m8s] PTR . (197)",
        );
    }
}

mod udp {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            50,
            "00112233445566554433221108004500002412344000401114930a0000010a0000029c409c420010f5f77061796c6f616421",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 36)\n    10.0.0.1.40000 > 10.0.0.2.40002: [udp sum ok] UDP, length 8",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -vv",
            75,
            "00112233445566554433221108004500003d123440004011147a0a0000010a0000029c4014e90029e61300000000000100000000000003777777076578616d706c6503636f6d00000c0001",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 61)\n    10.0.0.1.40000 > 10.0.0.2.5353: [udp sum ok] 0 PTR (QM)? www.example.com. (33)",
        );
    }
}

mod icmp {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            74,
            "00112233445566554433221108004500003c123440004001148b0a0000010a0000020800b159004d00036162636465666768616263646566676861626364656667686162636465666768",
            "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 77, seq 3, length 40",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            70,
            "001122334455665544332211080045000038123440004001148f0a0000010a00000203038993000000004500001e12344000401114990a0000020a0000019c409c43000a3adb",
            "IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.1 udp port 40003 unreachable, length 36",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            70,
            "001122334455665544332211080045000038123440004001148f0a0000010a0000020b008196000000004500001e12344000401114990a0000020a0000019c409c43000a3adb",
            "IP 10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 36",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            70,
            "001122334455665544332211080045000038123440004001148f0a0000010a0000020304841a000005784500001e12344000401114990a0000020a0000019c409c43000a3adb",
            "IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.1 unreachable - need to frag (mtu 1400), length 36",
        );
    }

    #[test]
    fn case_4() {
        check(
            1,
            "-n -v",
            70,
            "001122334455665544332211080045000038123440004001148f0a0000010a00000203038993000000004500001e12344000401114990a0000020a0000019c409c43000a3adb",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto ICMP (1), length 56)\n    10.0.0.1 > 10.0.0.2: ICMP 10.0.0.1 udp port 40003 unreachable, length 36\n\tIP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 30)\n    10.0.0.2.40000 > 10.0.0.1.40003: UDP, length 2",
        );
    }
}

mod ip {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            50,
            "00112233445566554433221108004500002412342000401134930a0000010a0000029c409c4200152cb2667261676d656e74",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [+], proto UDP (17), length 36)\n    10.0.0.1.40000 > 10.0.0.2.40002: UDP, length 13",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            48,
            "00112233445566554433221108004500002212340010401154850a0000010a0000026c6174657220667261676d656e74",
            "IP (tos 0x0, ttl 64, id 4660, offset 128, flags [none], proto UDP (17), length 34)\n    10.0.0.1 > 10.0.0.2: ip-proto-17",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            52,
            "001122334455665544332211080047030026123440004011fe7b0a0000010a0000020707040a00000901009c409c42000944566f",
            "IP (tos 0x3,CE, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 38, options (RR 10.0.0.9,NOP))\n    10.0.0.1.156 > 10.0.0.2.16540: UDP, bad length 16888 > 2",
        );
    }
}

mod arp {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            42,
            "001122334455665544332211080600010800060400016655443322110a0000010000000000000a000002",
            "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            42,
            "001122334455665544332211080600010800060400020011223344550a0000026655443322110a000001",
            "ARP, Reply 10.0.0.2 is-at 00:11:22:33:44:55, length 28",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v -e",
            42,
            "001122334455665544332211080600010800060400016655443322110a0000010000000000000a000002",
            "66:55:44:33:22:11 > 00:11:22:33:44:55, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 28",
        );
    }
}

mod ether {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -e",
            63,
            "0011223344556655443322118100206408004500002d12344000400614950a0000010a0000029c409c410000000100000001501803e8667e0000766c616e21",
            "66:55:44:33:22:11 > 00:11:22:33:44:55, ethertype 802.1Q (0x8100), length 63: vlan 100, p 1, ethertype IPv4 (0x0800), 10.0.0.1.40000 > 10.0.0.2.40001: Flags [P.], seq 1:6, ack 1, win 1000, length 5",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            39,
            "0011223344556655443322111234756e6b6e6f776e20657468657274797065207061796c6f6164",
            "66:55:44:33:22:11 > 00:11:22:33:44:55, ethertype Unknown (0x1234), length 39: \n\t0x0000:  756e 6b6e 6f77 6e20 6574 6865 7274 7970  unknown.ethertyp\n\t0x0010:  6520 7061 796c 6f61 64                   e.payload",
        );
    }
}

mod ip6 {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            94,
            "00112233445566554433221186dd6001234500280640fe80000000000000000000000000000120010db80000000000000000000000029c409c410000000100000000a00203e8df570000020405b40402080a000000010000000001030307",
            "IP6 fe80::1.40000 > 2001:db8::2.40001: Flags [S], seq 1, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            95,
            "00112233445566554433221186dd6001234500291140fe80000000000000000000000000000120010db80000000000000000000000029c4000350029d18600070100000100000000000003777777076578616d706c6503636f6d00001c0001",
            "IP6 fe80::1.40000 > 2001:db8::2.53: 7+ AAAA? www.example.com. (33)",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            67,
            "00112233445566554433221186dd60012345000d3a40fe80000000000000000000000000000120010db800000000000000000000000280003e9f0005000670696e6736",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, echo request, id 5, seq 6, length 13",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            86,
            "00112233445566554433221186dd6001234500203a40fe80000000000000000000000000000120010db8000000000000000000000002870051120000000020010db80000000000000000000000020101665544332211",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, neighbor solicitation, who has 2001:db8::2, length 32",
        );
    }

    #[test]
    fn case_4() {
        check(
            1,
            "-n",
            86,
            "00112233445566554433221186dd6001234500203a40fe80000000000000000000000000000120010db800000000000000000000000288006f11e000000020010db80000000000000000000000020201665544332211",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, neighbor advertisement, tgt is 2001:db8::2, length 32",
        );
    }

    #[test]
    fn case_5() {
        check(
            1,
            "-n",
            70,
            "00112233445566554433221186dd6001234500103a40fe80000000000000000000000000000120010db8000000000000000000000002850080dd000000000101665544332211",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, router solicitation, length 16",
        );
    }

    #[test]
    fn case_6() {
        check(
            1,
            "-n -v",
            73,
            "00112233445566554433221186dd6001234500130040fe80000000000000000000000000000120010db800000000000000000000000211000502000001009c409c42000bcab5686268",
            "IP6 (flowlabel 0x12345, hlim 64, next-header Options (0) payload length: 19) fe80::1 > 2001:db8::2: HBH (rtalert: 0x0000) (padn) 40000 > 40002: [udp sum ok] UDP, length 3",
        );
    }

    #[test]
    fn case_7() {
        check(
            1,
            "-n -v",
            82,
            "00112233445566554433221186dd60012345001c3c40fe80000000000000000000000000000120010db800000000000000000000000206000104000000009c409c410000000100000001501003e8472c0000",
            "IP6 (flowlabel 0x12345, hlim 64, next-header unknown (60) payload length: 28) fe80::1 > 2001:db8::2: DSTOPT (padn) 40000 > 40001: Flags [.], cksum 0x472c (correct), ack 1, win 1000, length 0",
        );
    }

    #[test]
    fn case_8() {
        check(
            1,
            "-n -v",
            75,
            "00112233445566554433221186dd6001234500152c40fe80000000000000000000000000000120010db8000000000000000000000002110000010000002a9c409c42000d9d3a6672616736",
            "IP6 (flowlabel 0x12345, hlim 64, next-header Fragment (44) payload length: 21) fe80::1 > 2001:db8::2: frag (0x0000002a:0|13) 40000 > 40002: UDP, length 5",
        );
    }

    #[test]
    fn case_9() {
        check(
            1,
            "-n -v",
            66,
            "00112233445566554433221186dd60012345000c2c40fe80000000000000000000000000000120010db8000000000000000000000002110000100000002a7461696c",
            "IP6 (flowlabel 0x12345, hlim 64, next-header Fragment (44) payload length: 12) fe80::1 > 2001:db8::2: frag (0x0000002a:16|4)",
        );
    }

    #[test]
    fn case_10() {
        check(
            1,
            "-n -v",
            54,
            "00112233445566554433221186dd6001234500003b40fe80000000000000000000000000000120010db8000000000000000000000002",
            "IP6 (flowlabel 0x12345, hlim 64, next-header unknown (59) payload length: 0) fe80::1 > 2001:db8::2: no next header",
        );
    }

    #[test]
    fn case_11() {
        check(
            1,
            "-n -v",
            86,
            "00112233445566554433221108004500004812344000402914570a0000010a00000260012345000c1140fe80000000000000000000000000000120010db800000000000000000000000200010002000c2ef936696e34",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto IPv6 (41), length 72)\n    10.0.0.1 > 10.0.0.2: IP6 (flowlabel 0x12345, hlim 64, next-header UDP (17) payload length: 12) fe80::1.1 > 2001:db8::2.2: [udp sum ok] UDP, length 4",
        );
    }
}

mod icmp6 {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            112,
            "00112233445566554433221186dd60012345003a3a40fe80000000000000000000000000000120010db800000000000000000000000201043dd50000000060012345000a114020010db8000000000000000000000002fe80000000000000000000000000000100019c49000abcd87a7a",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, destination unreachable, unreachable port, fe80::1 udp port 40009, length 58",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            112,
            "00112233445566554433221186dd60012345003a3a40fe80000000000000000000000000000120010db8000000000000000000000002020037d90000050060012345000a114020010db8000000000000000000000002fe80000000000000000000000000000100019c49000abcd87a7a",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, packet too big, mtu 1280, length 58",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            112,
            "00112233445566554433221186dd60012345003a3a40fe80000000000000000000000000000120010db800000000000000000000000203003bd90000000060012345000a114020010db8000000000000000000000002fe80000000000000000000000000000100019c49000abcd87a7a",
            "IP6 fe80::1 > 2001:db8::2: ICMP6, time exceeded in-transit for fe80::1, length 58",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            86,
            "00112233445566554433221186dd6001234500203a40fe80000000000000000000000000000120010db8000000000000000000000002870051120000000020010db80000000000000000000000020101665544332211",
            "IP6 (flowlabel 0x12345, hlim 64, next-header ICMPv6 (58) payload length: 32) fe80::1 > 2001:db8::2: [icmp6 sum ok] ICMP6, neighbor solicitation, length 32, who has 2001:db8::2\n\t  source link-address option (1), length 8 (1): 66:55:44:33:22:11\n\t    0x0000:  6655 4433 2211",
        );
    }

    #[test]
    fn case_4() {
        check(
            1,
            "-n -vv",
            86,
            "00112233445566554433221186dd6001234500203a40fe80000000000000000000000000000120010db800000000000000000000000288006f11e000000020010db80000000000000000000000020201665544332211",
            "IP6 (flowlabel 0x12345, hlim 64, next-header ICMPv6 (58) payload length: 32) fe80::1 > 2001:db8::2: [icmp6 sum ok] ICMP6, neighbor advertisement, length 32, tgt is 2001:db8::2, Flags [router, solicited, override]\n\t  destination link-address option (2), length 8 (1): 66:55:44:33:22:11\n\t    0x0000:  6655 4433 2211",
        );
    }

    #[test]
    fn case_5() {
        check(
            1,
            "-n -vv",
            70,
            "00112233445566554433221186dd6001234500103a40fe80000000000000000000000000000120010db8000000000000000000000002850080dd000000000101665544332211",
            "IP6 (flowlabel 0x12345, hlim 64, next-header ICMPv6 (58) payload length: 16) fe80::1 > 2001:db8::2: [icmp6 sum ok] ICMP6, router solicitation, length 16\n\t  source link-address option (1), length 8 (1): 66:55:44:33:22:11\n\t    0x0000:  6655 4433 2211",
        );
    }
}

mod hex {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -x",
            74,
            "00112233445566554433221108004500003c12344000400614860a0000010a0000029c409c41000003e800000000a00203e8f3aa0000020405b40402080a000000010000000001030307",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq 1000, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0\n\t0x0000:  4500 003c 1234 4000 4006 1486 0a00 0001\n\t0x0010:  0a00 0002 9c40 9c41 0000 03e8 0000 0000\n\t0x0020:  a002 03e8 f3aa 0000 0204 05b4 0402 080a\n\t0x0030:  0000 0001 0000 0000 0103 0307",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -x",
            67,
            "001122334455665544332211080045000035123440004006148d0a0000010a0000029c409c41000003e900001389501803e8ac05000068656c6c6f20776f726c640d0a",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [P.], seq 1001:1014, ack 5001, win 1000, length 13\n\t0x0000:  4500 0035 1234 4000 4006 148d 0a00 0001\n\t0x0010:  0a00 0002 9c40 9c41 0000 03e9 0000 1389\n\t0x0020:  5018 03e8 ac05 0000 6865 6c6c 6f20 776f\n\t0x0030:  726c 640d 0a",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -XX",
            67,
            "001122334455665544332211080045000035123440004006148d0a0000010a0000029c409c41000003e900001389501803e8ac05000068656c6c6f20776f726c640d0a",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [P.], seq 1001:1014, ack 5001, win 1000, length 13\n\t0x0000:  0011 2233 4455 6655 4433 2211 0800 4500  ..\"3DUfUD3\"...E.\n\t0x0010:  0035 1234 4000 4006 148d 0a00 0001 0a00  .5.4@.@.........\n\t0x0020:  0002 9c40 9c41 0000 03e9 0000 1389 5018  ...@.A........P.\n\t0x0030:  03e8 ac05 0000 6865 6c6c 6f20 776f 726c  ......hello.worl\n\t0x0040:  640d 0a                                  d..",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -A",
            67,
            "001122334455665544332211080045000035123440004006148d0a0000010a0000029c409c41000003e900001389501803e8ac05000068656c6c6f20776f726c640d0a",
            "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [P.], seq 1001:1014, ack 5001, win 1000, length 13\nE..5.4@.@...\n...\n....@.A........P.......hello world\n",
        );
    }
}

mod sll {
    use super::check;

    #[test]
    fn case_0() {
        check(
            113,
            "-n -e",
            76,
            "000000010006665544332211000008004500003c12344000400614860a0000010a0000029c409c41000003e800000000a00203e8f3aa0000020405b40402080a000000010000000001030307",
            " In 66:55:44:33:22:11 ethertype IPv4 (0x0800), length 76: 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq 1000, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_1() {
        check(
            113,
            "-n -e",
            76,
            "000100010006665544332211000008004500003c12344000400614860a0000020a0000019c419c4000001388000003e9a01203e8e0110000020405b40402080a000000010000000001030307",
            "  B 66:55:44:33:22:11 ethertype IPv4 (0x0800), length 76: 10.0.0.2.40001 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }
}

mod sll2 {
    use super::check;

    #[test]
    fn case_0() {
        check(
            276,
            "-n -e",
            80,
            "08000000000000010001000666554433221100004500003c12344000400614860a0000010a0000029c409c41000003e800000000a00203e8f3aa0000020405b40402080a000000010000000001030307",
            "lo    In  ifindex 1 66:55:44:33:22:11 ethertype IPv4 (0x0800), length 80: 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq 1000, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_1() {
        check(
            276,
            "-n -e",
            80,
            "08000000000000020001010666554433221100004500003c12344000400614860a0000020a0000019c419c4000001388000003e9a01203e8e0110000020405b40402080a000000010000000001030307",
            "ifb0  B   ifindex 2 66:55:44:33:22:11 ethertype IPv4 (0x0800), length 80: 10.0.0.2.40001 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }
}

mod null {
    use super::check;

    #[test]
    fn case_0() {
        check(
            0,
            "-n -e",
            64,
            "020000004500003c12344000400614860a0000010a0000029c409c41000003e800000000a00203e8f3aa0000020405b40402080a000000010000000001030307",
            "AF IPv4 (2), length 64: 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq 1000, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }
}

mod raw {
    use super::check;

    #[test]
    fn case_0() {
        check(
            101,
            "-n -e",
            60,
            "4500003c12344000400614860a0000010a0000029c409c41000003e800000000a00203e8f3aa0000020405b40402080a000000010000000001030307",
            "ip: 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq 1000, win 1000, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
        );
    }

    #[test]
    fn case_1() {
        check(
            101,
            "-n -e",
            61,
            "6001234500152c40fe80000000000000000000000000000120010db8000000000000000000000002110000010000002a9c409c42000d9d3a6672616736",
            "ip: fe80::1 > 2001:db8::2: frag (0|13) 40000 > 40002: UDP, length 5",
        );
    }
}

mod gre {
    use super::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            42,
            "00112233445566554433221108004500001c12344000402f147d0a0000010a0000020000080061626364",
            "IP 10.0.0.1 > 10.0.0.2: GREv0, length 8: IP6, wrong link-layer encapsulation (invalid)",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            42,
            "00112233445566554433221108004500001c12344000402f147d0a0000010a0000020000080061626364",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto GRE (47), length 28)\n    10.0.0.1 > 10.0.0.2: GREv0, Flags [none], length 8\n\tIP6, wrong link-layer encapsulation (invalid)",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            42,
            "00112233445566554433221108004500001c12344000402f147d0a0000010a0000020000080061626364",
            "66:55:44:33:22:11 > 00:11:22:33:44:55, ethertype IPv4 (0x0800), length 42: 10.0.0.1 > 10.0.0.2: GREv0, proto IPv4 (0x0800), length 8: IP6, wrong link-layer encapsulation (invalid)",
        );
    }
}
