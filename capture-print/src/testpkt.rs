//! Test helpers: frames that carry a payload behind a given IP protocol, UDP or TCP port or
//! ethertype, printed at every `-v` level, for the never-panic property tests of the printers
//! reached that way.
use super::{Options, Printer};

/// An Ethernet frame of type `et` holding `payload`.
pub(crate) fn ether(et: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![
        0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
    ];
    f.extend_from_slice(&et.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// An IPv4 packet (in Ethernet) of protocol `proto` holding `payload`.
pub(crate) fn ipv4(proto: u8, payload: &[u8]) -> Vec<u8> {
    let total = (20 + payload.len()).min(0xffff) as u16;
    let mut p = vec![
        0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ];
    p[2..4].copy_from_slice(&total.to_be_bytes());
    p.extend_from_slice(payload);
    ether(0x0800, &p)
}

/// An IPv6 packet (in Ethernet) of next header `nh` holding `payload`.
pub(crate) fn ipv6(nh: u8, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x60, 0, 0, 0];
    p.extend_from_slice(&(payload.len().min(0xffff) as u16).to_be_bytes());
    p.extend_from_slice(&[nh, 64]);
    p.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    p.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    p.extend_from_slice(payload);
    ether(0x86dd, &p)
}

/// A UDP datagram to port `port` (from port 40000) holding `payload`, in IPv4.
pub(crate) fn udp(port: u16, payload: &[u8]) -> Vec<u8> {
    let mut u = vec![0x9c, 0x40];
    u.extend_from_slice(&port.to_be_bytes());
    u.extend_from_slice(&((8 + payload.len()).min(0xffff) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    ipv4(17, &u)
}

/// A TCP segment to port `port` (from port 40000) holding `payload`, in IPv4.
pub(crate) fn tcp(port: u16, payload: &[u8]) -> Vec<u8> {
    let mut t = vec![0x9c, 0x40];
    t.extend_from_slice(&port.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0x10, 0, 0, 0, 0, 0]);
    t.extend_from_slice(payload);
    ipv4(6, &t)
}

/// Prints an Ethernet frame with `-n`, `-v` level `v` and packet type `pt`, with the whole
/// frame captured and with it cut at `cut`: only a panic fails.
pub(crate) fn print_all(frame: &[u8], v: u8, pt: Option<super::PacketType>, cut: usize) {
    for data in [frame, &frame[..cut.min(frame.len())]] {
        let opts = Options {
            verbose: v,
            numeric: 1,
            packet_type: pt,
            ..Default::default()
        };
        let mut p = Printer::new(opts, 1);
        let mut out = Vec::new();
        p.print(&mut out, 0, 0, data.len() as u32, frame.len() as u32, data)
            .expect("writing to a Vec");
    }
}
