//! The never-panic property test over every dispatch place: each link type the printer decodes,
//! each ethertype the Ethernet dispatch names, each IP protocol (in IPv4 and in IPv6), each UDP
//! and TCP port the port dispatches name (from either end), and each `-T` type, with a random
//! payload cut anywhere, at every `-v` level, with and without `-e`, `-q`, `-x`/`-X`/`-A` and
//! `-S`, `-H`, `-b`. Only a panic fails (in a debug build, an arithmetic overflow panics too).
//! The lists are read from the dispatchers themselves, so a protocol added there is covered here
//! at once.
use proptest::collection::vec;
use proptest::num::u8::ANY;
use proptest::prelude::*;
use proptest::sample::select;

use crate::{Options, PacketType, Printer, linktype, test_pkt};

/// Every link type with a printer, and the DLT_ values files carry for some of them.
fn link_types() -> Vec<i32> {
    (0..=300).filter(|&lt| linktype::supported(lt)).collect()
}

/// The numbers written in a dispatcher's source: `0x` hex ones (ethertypes) or decimal ones
/// (ports). A number that is no port or type of a printer costs a case and nothing else.
fn numbers(src: &str, hex: bool) -> Vec<u16> {
    let mut out: Vec<u16> = src
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| match (hex, w.strip_prefix("0x")) {
            (true, Some(h)) => u16::from_str_radix(h, 16).ok(),
            (false, None) => w.parse().ok(),
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Where the random payload goes.
#[derive(Debug, Clone)]
enum Layer {
    /// The whole packet, of this link type.
    Link(i32),
    /// After an Ethernet header of this type.
    Ether(u16),
    /// In IPv4 of this protocol.
    Ip4(u8),
    /// In IPv6 of this next header.
    Ip6(u8),
    /// In UDP to (or, `true`, from) this port.
    Udp(u16, bool),
    /// In TCP to (or from) this port.
    Tcp(u16, bool),
}

fn layers() -> impl Strategy<Value = Layer> {
    let udp_ports = numbers(include_str!("udp.rs"), false);
    let tcp_ports = numbers(include_str!("tcp.rs"), false);
    prop_oneof![
        select(link_types()).prop_map(Layer::Link),
        select(numbers(include_str!("ether.rs"), true)).prop_map(Layer::Ether),
        any::<u16>().prop_map(Layer::Ether),
        any::<u8>().prop_map(Layer::Ip4),
        any::<u8>().prop_map(Layer::Ip6),
        (select(udp_ports), any::<bool>()).prop_map(|(p, s)| Layer::Udp(p, s)),
        (select(tcp_ports), any::<bool>()).prop_map(|(p, s)| Layer::Tcp(p, s)),
    ]
}

/// The frame (and its link type) carrying `payload` at `layer`.
fn frame(layer: &Layer, payload: &[u8]) -> (i32, Vec<u8>) {
    let swap = |mut seg: Vec<u8>, from: bool| {
        if from {
            seg.copy_within(2..4, 0);
            seg[2..4].copy_from_slice(&[0x9c, 0x40]);
        }
        seg
    };
    match *layer {
        Layer::Link(lt) => (lt, payload.to_vec()),
        Layer::Ether(et) => (1, test_pkt::ether(et, payload)),
        Layer::Ip4(proto) => (1, test_pkt::eth4(proto, payload)),
        Layer::Ip6(nh) => (1, test_pkt::eth6(nh, payload)),
        Layer::Udp(port, from) => (
            1,
            test_pkt::eth4(17, &swap(test_pkt::udp_to(port, payload), from)),
        ),
        Layer::Tcp(port, from) => (
            1,
            test_pkt::eth4(6, &swap(test_pkt::tcp_to(port, payload), from)),
        ),
    }
}

fn options() -> impl Strategy<Value = Options> {
    let types: Vec<Option<PacketType>> = std::iter::once(None)
        .chain(PacketType::NAMES.iter().map(|&(_, t)| Some(t)))
        .collect();
    (
        0u8..4,
        any::<bool>(),
        any::<bool>(),
        0u8..7,
        select(types),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                verbose,
                link_header,
                quiet,
                dump,
                packet_type,
                absolute_seq,
                mesh_header,
                bgp_asdot,
            )| Options {
                numeric: 1,
                verbose,
                link_header,
                quiet,
                hex: [0, 1, 2, 0, 0, 0, 0][usize::from(dump)],
                hex_ascii: [0, 0, 0, 1, 2, 0, 0][usize::from(dump)],
                ascii: [0, 0, 0, 0, 0, 1, 2][usize::from(dump)],
                packet_type,
                absolute_seq,
                mesh_header,
                bgp_asdot,
                timestamp: 1,
                ..Default::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn every_dispatch_never_panics(layer in layers(), payload in vec(ANY, 0..400),
                                   opts in options(), cut in any::<prop::sample::Index>(),
                                   extra in 0u32..64) {
        let (lt, data) = frame(&layer, &payload);
        let caplen = cut.index(data.len() + 1);
        let mut p = Printer::new(opts, lt);
        let mut out = Vec::new();
        // Twice, so that the state kept from packet to packet (TCP, NFS, Rx, SLIP) is used.
        for _ in 0..2 {
            p.print(&mut out, 0, 0, caplen as u32, data.len() as u32 + extra, &data[..caplen])
                .expect("printing to a Vec");
        }
    }
}
