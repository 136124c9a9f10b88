//! Frames and filter expressions shared by the tests that hold a filter to libpcap's own
//! matcher: the XDP translation in the kernel (`tests/xdp_filter.rs`) and the classic-BPF
//! interpreter (`src/bpf/testkit.rs` includes this file), so both run every expression here.
const MAC_A: [u8; 6] = [0x02, 0, 0, 0, 0, 0x0a];
const MAC_B: [u8; 6] = [0x02, 0, 0, 0, 0, 0x0b];
const IP_A: [u8; 4] = [10, 1, 2, 3];
const IP_B: [u8; 4] = [192, 168, 2, 165];
const IP6_A: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const IP6_B: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

fn ether(
    dst: [u8; 6],
    src: [u8; 6],
    tags: &[(u16, u16)],
    ethertype: u16,
    payload: &[u8],
) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&dst);
    f.extend_from_slice(&src);
    for &(tpid, tci) in tags {
        f.extend_from_slice(&tpid.to_be_bytes());
        f.extend_from_slice(&tci.to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

fn ipv4(proto: u8, src: [u8; 4], dst: [u8; 4], frag: u16, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![0x45, 0, 0, 0, 0x12, 0x34, 0, 0, 64, proto, 0, 0];
    let total = (20 + payload.len()) as u16;
    h[2..4].copy_from_slice(&total.to_be_bytes());
    h[6..8].copy_from_slice(&frag.to_be_bytes());
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(payload);
    h
}

fn ipv6(next: u8, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    h.extend_from_slice(&[next, 64]);
    h.extend_from_slice(&IP6_A);
    h.extend_from_slice(&IP6_B);
    h.extend_from_slice(payload);
    h
}

fn tcp(sport: u16, dport: u16, flags: u8, data: usize) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(&sport.to_be_bytes());
    t.extend_from_slice(&dport.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
    t.extend((0..data).map(|i| i as u8));
    t
}

fn udp(sport: u16, dport: u16, data: usize) -> Vec<u8> {
    let mut u = Vec::new();
    u.extend_from_slice(&sport.to_be_bytes());
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&((8 + data) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend((0..data).map(|i| (i * 7) as u8));
    u
}

/// A varied set of frames: every protocol the filters below look at, VLAN and QinQ tags,
/// IPv4 fragments, IPv6 extension headers, truncated headers, jumbo (multi-buffer) frames.
pub fn frames() -> Vec<(&'static str, Vec<u8>)> {
    let v4 = |payload: Vec<u8>, proto| {
        ether(
            MAC_B,
            MAC_A,
            &[],
            0x0800,
            &ipv4(proto, IP_A, IP_B, 0x4000, &payload),
        )
    };
    let v4_rev = |payload: Vec<u8>, proto| {
        ether(
            MAC_A,
            MAC_B,
            &[],
            0x0800,
            &ipv4(proto, IP_B, IP_A, 0, &payload),
        )
    };
    let hop_by_hop = {
        let mut p = vec![6, 0, 1, 4, 0, 0, 0, 0];
        p.extend(tcp(40000, 443, 0x02, 0));
        p
    };
    let two_ext = {
        // Hop-by-hop, then a destination-options header, then UDP.
        let mut p = vec![60, 0, 1, 4, 0, 0, 0, 0, 17, 0, 1, 4, 0, 0, 0, 0];
        p.extend(udp(5353, 53, 20));
        p
    };
    let arp = {
        let mut a = vec![0, 1, 8, 0, 6, 4, 0, 1];
        a.extend_from_slice(&MAC_A);
        a.extend_from_slice(&IP_A);
        a.extend_from_slice(&[0; 6]);
        a.extend_from_slice(&IP_B);
        ether([0xff; 6], MAC_A, &[], 0x0806, &a)
    };
    vec![
        ("tcp syn 80", v4(tcp(33000, 80, 0x02, 0), 6)),
        ("tcp ack 80 data", v4(tcp(33000, 80, 0x10, 100), 6)),
        ("tcp 443 reply", v4_rev(tcp(443, 33001, 0x12, 0), 6)),
        ("tcp 23 telnet", v4(tcp(40001, 23, 0x18, 30), 6)),
        ("tcp 21 big", v4(tcp(40002, 21, 0x18, 1400), 6)),
        ("udp 53", v4(udp(5353, 53, 40), 17)),
        ("udp 10001", v4(udp(10001, 9, 16), 17)),
        ("udp 10002 600B", v4(udp(10002, 9, 558), 17)),
        ("icmp echo", v4(vec![8, 0, 0, 0, 0, 1, 0, 1, 1, 2, 3, 4], 1)),
        ("icmp reply", v4_rev(vec![0, 0, 0, 0, 0, 1, 0, 1], 1)),
        (
            "ipv4 fragment",
            ether(
                MAC_B,
                MAC_A,
                &[],
                0x0800,
                &ipv4(17, IP_A, IP_B, 0x00b9, &[0; 64]),
            ),
        ),
        (
            "ipv4 first fragment",
            ether(
                MAC_B,
                MAC_A,
                &[],
                0x0800,
                &ipv4(6, IP_A, IP_B, 0x2000, &tcp(1, 80, 2, 10)),
            ),
        ),
        ("arp", arp),
        (
            "ipv6 tcp 80",
            ether(
                MAC_B,
                MAC_A,
                &[],
                0x86dd,
                &ipv6(6, &tcp(50000, 80, 0x02, 0)),
            ),
        ),
        (
            "ipv6 udp 53",
            ether(MAC_B, MAC_A, &[], 0x86dd, &ipv6(17, &udp(5353, 53, 30))),
        ),
        (
            "ipv6 icmp6",
            ether(
                MAC_B,
                MAC_A,
                &[],
                0x86dd,
                &ipv6(58, &[128, 0, 0, 0, 0, 1, 0, 1]),
            ),
        ),
        (
            "ipv6 hbh tcp",
            ether(MAC_B, MAC_A, &[], 0x86dd, &ipv6(0, &hop_by_hop)),
        ),
        (
            "ipv6 2 ext udp",
            ether(MAC_B, MAC_A, &[], 0x86dd, &ipv6(0, &two_ext)),
        ),
        (
            "vlan 100 tcp 80",
            ether(
                MAC_B,
                MAC_A,
                &[(0x8100, 100)],
                0x0800,
                &ipv4(6, IP_A, IP_B, 0, &tcp(1234, 80, 2, 0)),
            ),
        ),
        (
            "vlan 200 udp 53",
            ether(
                MAC_B,
                MAC_A,
                &[(0x8100, 200)],
                0x0800,
                &ipv4(17, IP_A, IP_B, 0, &udp(1, 53, 8)),
            ),
        ),
        (
            "qinq 10/20 icmp",
            ether(
                MAC_B,
                MAC_A,
                &[(0x88a8, 10), (0x8100, 20)],
                0x0800,
                &ipv4(1, IP_A, IP_B, 0, &[8, 0, 0, 0, 0, 0, 0, 0]),
            ),
        ),
        (
            "truncated ip",
            ether(MAC_B, MAC_A, &[], 0x0800, &[0x45, 0, 0, 40, 0, 0]),
        ),
        ("bare ethernet", ether(MAC_B, MAC_A, &[], 0x88b5, &[])),
        ("ipv4 options tcp", {
            let mut ip = ipv4(6, IP_A, IP_B, 0, &[]);
            ip[0] = 0x46; // IHL 6: one option word
            ip.extend_from_slice(&[1, 1, 1, 0]);
            ip.extend(tcp(2000, 8080, 0x02, 0));
            ether(MAC_B, MAC_A, &[], 0x0800, &ip)
        }),
        ("jumbo udp 8000", v4(udp(10003, 9, 8000 - 42), 17)),
        ("jumbo tcp 9000", v4(tcp(40003, 80, 0x10, 9000 - 54), 6)),
        ("broadcast udp", {
            let ip = ipv4(17, IP_A, [10, 1, 2, 255], 0, &udp(68, 67, 300));
            ether([0xff; 6], MAC_A, &[], 0x0800, &ip)
        }),
    ]
}

/// Expressions of every kind users write (the empty one: no filter).
pub const FILTERS: &[&str] = &[
    "",
    "tcp port 80",
    "port 53",
    "udp and (src port 10001 or src port 10002)",
    "host 192.168.2.165",
    "src host 10.1.2.3 and dst host 192.168.2.165",
    "net 192.168.0.0/16",
    "dst net 10.0.0.0/8",
    "ether host 02:00:00:00:00:0a",
    "ether dst 02:00:00:00:00:0b",
    "ether broadcast",
    "icmp",
    "not arp",
    "arp",
    "ip6",
    "ip6 and tcp",
    "icmp6",
    "vlan",
    "vlan 100",
    "vlan and udp port 53",
    "vlan 10 and vlan 20 and icmp",
    "tcp[13] & 2 != 0",
    "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
    "ip[6:2] & 0x1fff != 0",
    "len > 500",
    "greater 1000",
    "less 64",
    "portrange 20-25",
    "tcp dst port 8080",
    "udp[8:4] = 0x00070e15",
    "ip[2:2] > 1000",
    "tcp port 80 and (((ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2)) != 0)",
    "ip6 protochain 6",
    "ip protochain 17",
    "protochain 6",
    "protochain 17",
    "protochain 6 or protochain 17 or protochain 1 or protochain 58",
    "ether[12:2] = 0x8100",
    "ip multicast or ip broadcast",
    "ip host 10.1.2.3 and not port 22",
    "ip and udp[0:2] % 3 = 0",
    "tcp and tcp[12] / 16 = 5",
];
