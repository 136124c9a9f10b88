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
