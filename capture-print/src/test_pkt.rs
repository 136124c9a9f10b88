//! Test-only packet builders: IPv4 datagrams (raw IP link type) around a payload, for the
//! decoder tests and never-panic proptests of the printers behind a port or protocol.

/// An IPv4 header (10.0.0.1 > 10.0.0.2, TTL 64, checksum left 0) for `proto` around `payload`.
pub(crate) fn ipv4(proto: u8, payload: &[u8]) -> Vec<u8> {
    let total = (20 + payload.len()) as u16;
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
