//! Test-only packet builders: IPv4 and IPv6 packets (raw IP link type, or in Ethernet) around a
//! TCP, UDP or other payload, and the printers' calls the decoder tests and the never-panic
//! property tests share.

/// An IPv4 header (10.0.0.1 > 10.0.0.2, TTL 64, checksum left 0) for `proto` around `payload`.
pub(crate) fn ipv4(proto: u8, payload: &[u8]) -> Vec<u8> {
    let total = (20 + payload.len()).min(0xffff) as u16;
    let mut p = vec![
        0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ];
    p[2..4].copy_from_slice(&total.to_be_bytes());
    p.extend_from_slice(payload);
    p
}

/// An IPv4/UDP datagram from `sport` to `dport` (UDP checksum 0) carrying `payload`.
pub(crate) fn udp4(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut u = Vec::with_capacity(8 + payload.len());
    u.extend_from_slice(&sport.to_be_bytes());
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    ipv4(17, &u)
}

/// Printer options for tests: no timestamp, `-n`, `-v` level `v`.
pub(crate) fn opts(v: u8) -> crate::Options {
    crate::Options {
        timestamp: 1,
        numeric: 1,
        verbose: v,
        ..Default::default()
    }
}

/// Prints a raw-IP packet with `opts`.
pub(crate) fn print_ip(opts: crate::Options, pkt: &[u8]) -> String {
    crate::tests::print_one(opts, crate::linktype::RAW, pkt)
}

/// The IPv4/UDP datagram of [`udp4`] sent the other way (10.0.0.2 > 10.0.0.1).
pub(crate) fn udp4_back(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut p = udp4(sport, dport, payload);
    p[12..20].copy_from_slice(&[10, 0, 0, 2, 10, 0, 0, 1]);
    p
}

/// Prints raw-IP packets in turn with one printer (state such as the NFS calls carries over),
/// one string each.
pub(crate) fn print_ips(opts: crate::Options, pkts: &[Vec<u8>]) -> Vec<String> {
    let mut p = crate::Printer::new(opts, crate::linktype::RAW);
    pkts.iter()
        .map(|d| {
            let mut out = Vec::new();
            p.print(&mut out, 0, 0, d.len() as u32, d.len() as u32, d)
                .expect("printing to a Vec");
            String::from_utf8_lossy(&out).into_owned()
        })
        .collect()
}

/// Bytes from a hex string (test data).
pub(crate) fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex test data"))
        .collect()
}

/// An IPv6 packet (fe80::1 > ff02::5) carrying `payload` as next header `nh`.
pub(crate) fn ipv6(nh: u8, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x60, 0, 0, 0];
    p.extend_from_slice(&(payload.len().min(0xffff) as u16).to_be_bytes());
    p.extend_from_slice(&[nh, 64]);
    p.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    p.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
    p.extend_from_slice(payload);
    p
}

/// A TCP segment (PSH|ACK, no options) from port 40000 to port `port` carrying `payload`.
pub(crate) fn tcp_to(port: u16, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x9c, 0x40];
    p.extend_from_slice(&port.to_be_bytes());
    p.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
    p.extend_from_slice(payload);
    p
}

/// A UDP datagram (checksum 0) from port 40000 to port `port` carrying `payload`.
pub(crate) fn udp_to(port: u16, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x9c, 0x40];
    p.extend_from_slice(&port.to_be_bytes());
    p.extend_from_slice(&((8 + payload.len()).min(0xffff) as u16).to_be_bytes());
    p.extend_from_slice(&[0, 0]);
    p.extend_from_slice(payload);
    p
}

/// An Ethernet frame of type `et` holding `payload`.
pub(crate) fn ether(et: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![
        0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
    ];
    f.extend_from_slice(&et.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// An IPv4 packet of protocol `proto` holding `payload`, in Ethernet.
pub(crate) fn eth4(proto: u8, payload: &[u8]) -> Vec<u8> {
    ether(0x0800, &ipv4(proto, payload))
}

/// An IPv6 packet of next header `nh` holding `payload`, in Ethernet.
pub(crate) fn eth6(nh: u8, payload: &[u8]) -> Vec<u8> {
    ether(0x86dd, &ipv6(nh, payload))
}

/// A UDP datagram to port `port` holding `payload`, in IPv4 in Ethernet.
pub(crate) fn eth_udp(port: u16, payload: &[u8]) -> Vec<u8> {
    eth4(17, &udp_to(port, payload))
}

/// A TCP segment to port `port` holding `payload`, in IPv4 in Ethernet.
pub(crate) fn eth_tcp(port: u16, payload: &[u8]) -> Vec<u8> {
    eth4(6, &tcp_to(port, payload))
}

/// Prints an Ethernet frame with `-n`, `-v` level `v` and packet type `pt`, with the whole
/// frame captured and with it cut at `cut`: only a panic fails.
pub(crate) fn print_all(frame: &[u8], v: u8, pt: Option<crate::PacketType>, cut: usize) {
    for data in [frame, &frame[..cut.min(frame.len())]] {
        let opts = crate::Options {
            verbose: v,
            numeric: 1,
            packet_type: pt,
            ..Default::default()
        };
        let mut p = crate::Printer::new(opts, 1);
        let mut out = Vec::new();
        p.print(&mut out, 0, 0, data.len() as u32, frame.len() as u32, data)
            .expect("writing to a Vec");
    }
}
