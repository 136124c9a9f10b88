//! Decode and print arbitrary bytes as a packet of every supported link type, at every
//! verbosity: the printer must never panic. Run with `cargo +nightly fuzz run print_packet`.
#![no_main]

use capture_print::{Options, Printer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, pkt)) = data.split_first() else {
        return;
    };
    let linktypes = [0, 1, 12, 101, 113, 228, 229, 276];
    let lt = linktypes[(sel & 7) as usize];
    let opts = Options {
        numeric: 1,
        verbose: (sel >> 3) & 3,
        link_header: sel & 0x20 != 0,
        hex_ascii: (sel >> 6) & 1,
        ascii: (sel >> 7) & 1,
        ..Default::default()
    };
    let mut p = Printer::new(opts, lt);
    let mut out = Vec::new();
    let wirelen = pkt.len() as u32 + u32::from(sel & 3);
    let _ = p.print(&mut out, 1, 0, pkt.len() as u32, wirelen, pkt);
});
