//! Tests of the application-protocol printers (BOOTP/DHCP, NTP, TFTP, RADIUS, text protocols, ...):
//! packets from tcpdump's test captures as literal bytes with the lines tcpdump 4.99.3 prints
//! for them, and never-panic properties over random payloads behind their ports.
use super::decoder_tests::check;

mod bootp {
    use super::check;

    #[test]
    fn dhcp_rfc3004() {
        check(
            1,
            "-n -v",
            342,
            "ffffffffffff000c291f7406080045100148000000008011399600000000ffffffff004400430134818d0101060006e328640000000000000000000000000000000000000000000c291f740600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000638253633501013204c0a801043707011c02030f060c4d25077375626f707431117375626f7074322d3132333435363738390a7375626f7074332d3132ff0000",
            "IP (tos 0x10, ttl 128, id 0, offset 0, flags [none], proto UDP (17), length 328)\n    0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:0c:29:1f:74:06, length 300, xid 0x6e32864, Flags [none]\n\t  Client-Ethernet-Address 00:0c:29:1f:74:06\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363\n\t    DHCP-Message (53), length 1: Discover\n\t    Requested-IP (50), length 4: 192.168.1.4\n\t    Parameter-Request (55), length 7: \n\t      Subnet-Mask (1), BR (28), Time-Zone (2), Default-Gateway (3)\n\t      Domain-Name (15), Domain-Name-Server (6), Hostname (12)\n\t    User-Class (77), length 37: \n\t      instance#1: \"subopt1\", length 7\n\t      instance#2: \"subopt2-123456789\", length 17\n\t      instance#3: \"subopt3-12\", length 10",
        );
    }

    #[test]
    fn dhcp_mud_vv() {
        check(
            1,
            "-n -vv",
            436,
            "002354c257020023eb102c290800450001a624f30000ff11be4f3e0cad793e0cad72004300430192008901010601068c4847000000003e0cad7b00000000000000003e0cad79b827ebb853c800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000638253633501033d0701b827ebb853c8390205c0a13668747470733a2f2f6d756463746c2e6578616d706c652e636f6d2f2e77656c6c2d6b6e6f776e2f6d75642f76312f72617362703130313c2d6468637063642d362e31312e353a4c696e75782d342e312e31382d76372b3a61726d76376c3a42434d323730390c0b7261737062657272797069910101371001792103060c0f1c2a33363a3b646577ff",
            "IP (tos 0x0, ttl 255, id 9459, offset 0, flags [none], proto UDP (17), length 422)\n    62.12.173.121.67 > 62.12.173.114.67: [udp sum ok] BOOTP/DHCP, Request from b8:27:eb:b8:53:c8, length 394, hops 1, xid 0x68c4847, Flags [none] (0x0000)\n\t  Client-IP 62.12.173.123\n\t  Gateway-IP 62.12.173.121\n\t  Client-Ethernet-Address b8:27:eb:b8:53:c8\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363\n\t    DHCP-Message (53), length 1: Request\n\t    Client-ID (61), length 7: ether b8:27:eb:b8:53:c8\n\t    MSZ (57), length 2: 1472\n\t    MUD-URL (161), length 54: \"https://mudctl.example.com/.well-known/mud/v1/rasbp101\"\n\t    Vendor-Class (60), length 45: \"dhcpcd-6.11.5:Linux-4.1.18-v7+:armv7l:BCM2709\"\n\t    Hostname (12), length 11: \"raspberrypi\"\n\t    Unknown (145), length 1: 1\n\t    Parameter-Request (55), length 16: \n\t      Subnet-Mask (1), Classless-Static-Route (121), Static-Route (33), Default-Gateway (3)\n\t      Domain-Name-Server (6), Hostname (12), Domain-Name (15), BR (28)\n\t      NTP (42), Lease-Time (51), Server-ID (54), RN (58)\n\t      RB (59), POSIX-TZ (100), TZ-Name (101), Unknown (119)",
        );
    }

    #[test]
    fn bootp_asan() {
        check(
            1,
            "-n -v",
            65570,
            "000cfb49967ec0ffff80009d08004500ee179d0fe000fc1100ff1200000f6b5f532042000044e80005140000000d140000000d00ff",
            "IP (tos 0x0, ttl 252, id 40207, offset 0, flags [+, DF, rsvd], proto UDP (17), length 60951, bad cksum ff (->8336)!)\n    18.0.0.15.16896 > 107.95.83.32.68: BOOTP/DHCP, unknown (0x00), length 59384, htype 0, hlen 0, hops 13, xid 0x14000000, secs 3328 [|bootp]",
        );
    }

    #[test]
    fn dhcp_rfc5859_short() {
        check(
            1,
            "-n",
            342,
            "ffffffffffff000c291f7406080045100148000000008011399600000000ffffffff00440043013436c501010600de5492770000000000000000000000000000000000000000000c291f740600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000638253633501013708011c02030f060c96ff00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:0c:29:1f:74:06, length 300",
        );
    }
}

mod ntp {
    use super::check;

    #[test]
    fn time_vvv() {
        check(
            1,
            "-n -vvv",
            90,
            "00241dd70b17bceafaa47900080045b8004c228240003e11735684c7040184c79881007bc1250038ded8240208e8000000150000095284c707c9dd47fb3a567637c0dd47fff4edb0ccbcdd47fff4ee0f4743dd47fff4ee1119cf",
            "IP (tos 0xb8, ttl 62, id 8834, offset 0, flags [DF], proto UDP (17), length 76)\n    132.199.4.1.123 > 132.199.152.129.49445: [udp sum ok] NTPv4, Server, length 48\n\tLeap indicator:  (0), Stratum 2 (secondary reference), poll 8 (256s), precision -24\n\tRoot Delay: 0.000320, Root dispersion: 0.036407, Reference-ID: 0x84c707c9\n\t  Reference Timestamp:  3712482106.337741360 (2017-08-23T13:01:46Z)\n\t  Originator Timestamp: 3712483316.928478999 (2017-08-23T13:21:56Z)\n\t  Receive Timestamp:    3712483316.929920629 (2017-08-23T13:21:56Z)\n\t  Transmit Timestamp:   3712483316.929948437 (2017-08-23T13:21:56Z)\n\t    Originator - Receive Timestamp:  +0.001441629\n\t    Originator - Transmit Timestamp: +0.001469437",
        );
    }

    #[test]
    fn control_v() {
        check(
            1,
            "-n -v",
            470,
            "00000000000000000000000086dd6b8834cf01a011400000000000000000000000000000000100000000000000000000000000000001007b968301a001b316820044061800000000018a76657273696f6e3d226e74706420342e322e3870313040312e333732382d6f20467269204d61792032362031343a30373a323920555443203230313720283129222c0d0a70726f636573736f723d227838365f3634222c2073797374656d3d224c696e75782f342e342e37392d31382e32362d64656661756c74222c206c6561703d302c0d0a7374726174756d3d332c20707265636973696f6e3d2d32312c20726f6f7464656c61793d302e3730382c20726f6f74646973703d36392e3833392c0d0a72656669643d3133322e3139392e342e312c2072656674696d653d307864643437663034392e30333439386139662c0d0a636c6f636b3d307864643437663331342e39636335613434352c20706565723d34383832392c2074633d382c206d696e74633d332c206f66667365743d2d302e3438363633332c0d0a6672657175656e63793d2d37362e3339372c207379735f6a69747465723d302e3030303030302c20636c6b5f6a69747465723d302e3331342c0d0a636c6b5f77616e6465723d302e3036330d0a0000",
            "IP6 (class 0xb8, flowlabel 0x834cf, hlim 64, next-header UDP (17) payload length: 416) ::1.123 > ::1.38531: [bad udp cksum 0x01b3 -> 0x412f!] NTPv2, Control Message, length 408\n\tLeap indicator:  (0), Response, OK, Last, OpCode=2\n\tSequence=68, Status=0x618, Assoc.=0, Offset=0, Count=394\n\tTO-BE-DONE: data not interpreted",
        );
    }

    #[test]
    fn mode7_v() {
        check(
            1,
            "-n -v",
            234,
            "0000000000000000000000000800450000dc0f58400040112cb77f0000017f000001801b007b00c8fedb1700031c0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 3928, offset 0, flags [DF], proto UDP (17), length 220)\n    127.0.0.1.32795 > 127.0.0.1.123: NTPv2, Reserved, length 192\n\tLeap indicator:  (0)",
        );
    }

    #[test]
    fn plain() {
        check(
            1,
            "-n",
            114,
            "001213141516001213141517080045000064e2b5400040110e7fc0a86402c0a86401e2c6007b005049b623000020000000000000000000000000000000000000000000000000000000000000000000000000a4b39cd101fb24bf0000000857ea530f6d74350cc5286bfec1ab8ca747c73584",
            "IP 192.168.100.2.58054 > 192.168.100.1.123: NTPv4, Client, length 72",
        );
    }
}

/// Random payloads behind each application port, over UDP and TCP, at every `-v` level.
mod never_panic {
    use crate::{Options, PacketType, tests::print_one};

    /// The ports (UDP and TCP) whose printers this group added.
    const PORTS: &[u16] = &[67, 68, 123];

    /// An IPv4 packet (raw IP) carrying `payload` over UDP (17) or TCP (6) to `port`.
    fn packet(proto: u8, port: u16, payload: &[u8]) -> Vec<u8> {
        let mut p = vec![
            0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        p.extend_from_slice(&40000u16.to_be_bytes());
        p.extend_from_slice(&port.to_be_bytes());
        if proto == 17 {
            p.extend_from_slice(&((payload.len() + 8) as u16).to_be_bytes());
            p.extend_from_slice(&[0, 0]);
        } else {
            p.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
        }
        p.extend_from_slice(payload);
        let total = p.len() as u16;
        p[2..4].copy_from_slice(&total.to_be_bytes());
        p
    }

    proptest::proptest! {
        #[test]
        fn random_payloads(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                           port in proptest::sample::select(PORTS), tcp: bool, v in 0u8..4) {
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 228, &packet(if tcp { 6 } else { 17 }, port, &payload));
        }

        #[test]
        fn random_payloads_by_type(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                   pt in proptest::sample::select(vec![PacketType::Domain]),
                                   tcp: bool, v in 0u8..4) {
            let opts = Options { verbose: v, numeric: 1, packet_type: Some(pt), ..Default::default() };
            let _ = print_one(opts, 228, &packet(if tcp { 6 } else { 17 }, 9, &payload));
        }
    }
}
