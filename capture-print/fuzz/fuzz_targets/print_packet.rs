//! Decode and print arbitrary bytes as a packet of any link type the printer decodes, with any
//! of the print options that change what the decoders read: the printer must never panic.
//! Run with `cargo +nightly fuzz run print_packet`.
//!
//! The input is three selector bytes and the packet: the first picks the link type (out of
//! every one `linktype::supported` admits), the second the verbosity, `-e`, `-q`, `-S`, `-H`
//! and `-b`, the third the `-x`/`-X`/`-A` dump, the `-T` type and how much longer the packet
//! was on the wire than captured.
#![no_main]

use std::sync::OnceLock;

use capture_print::{Options, PacketType, Printer, linktype};
use libfuzzer_sys::fuzz_target;

/// Every link type with a printer, and the DLT_ values files carry for some of them.
fn link_types() -> &'static [i32] {
    static TYPES: OnceLock<Vec<i32>> = OnceLock::new();
    TYPES.get_or_init(|| (0..=300).filter(|&lt| linktype::supported(lt)).collect())
}

fuzz_target!(|data: &[u8]| {
    let [lt, flags, more, pkt @ ..] = data else {
        return;
    };
    let types = link_types();
    let lt = types[usize::from(*lt) % types.len()];
    let dump = more & 7;
    let packet_type = match usize::from(more >> 3) % (PacketType::NAMES.len() + 1) {
        0 => None,
        i => Some(PacketType::NAMES[i - 1].1),
    };
    let opts = Options {
        numeric: 1,
        verbose: flags & 3,
        link_header: flags & 0x04 != 0,
        quiet: flags & 0x08 != 0,
        absolute_seq: flags & 0x10 != 0,
        mesh_header: flags & 0x20 != 0,
        bgp_asdot: flags & 0x40 != 0,
        hex: [0, 1, 2, 0, 0, 0, 0, 0][usize::from(dump)],
        hex_ascii: [0, 0, 0, 1, 2, 0, 0, 0][usize::from(dump)],
        ascii: [0, 0, 0, 0, 0, 1, 2, 0][usize::from(dump)],
        packet_type,
        ..Default::default()
    };
    let mut p = Printer::new(opts, lt);
    let mut out = Vec::new();
    let wirelen = pkt.len() as u32 + u32::from(flags >> 7) * 64;
    // Twice, so that the state kept from packet to packet (TCP, NFS, Rx, SLIP, ISAKMP) is read.
    for _ in 0..2 {
        let _ = p.print(&mut out, 1, 0, pkt.len() as u32, wirelen, pkt);
    }
});
