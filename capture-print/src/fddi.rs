//! FDDI, as tcpdump's print-fddi.c: the frame control and addresses (not bit-swapped, as on
//! Linux), and LLC frames.
use super::ether::LlAddrs;
use super::{Nd, ascii, llc};

const HDRLEN: usize = 13;

const FC_CLFF: u8 = 0xf0;
const FC_SMT: u8 = 0x40;
const FC_MAC: u8 = 0xc0;
const FC_LLC_ASYNC: u8 = 0x50;
const FC_LLC_SYNC: u8 = 0xd0;
const FC_IMP_ASYNC: u8 = 0x60;
const FC_IMP_SYNC: u8 = 0xe0;

/// The frame control field, named.
fn fc_print(nd: &mut Nd<'_>, fc: u8) {
    let name = match fc {
        0x40 => "void",
        0x80 => "nrt",
        0xc0 => "rt",
        0x41 => "info",
        0x4f => "nsa",
        0xc2 => "beacon",
        0xc3 => "claim",
        _ => {
            let z = fc & 0x0f;
            match fc & FC_CLFF {
                FC_MAC => nd.f(format_args!("mac{z:x} ")),
                FC_SMT => nd.f(format_args!("smt{z:x} ")),
                FC_LLC_ASYNC => nd.f(format_args!("async{z:x} ")),
                FC_LLC_SYNC => nd.f(format_args!("sync{z:x} ")),
                FC_IMP_ASYNC => nd.f(format_args!("imp_async{z:x} ")),
                FC_IMP_SYNC => nd.f(format_args!("imp_sync{z:x} ")),
                _ => nd.f(format_args!("{fc:02x} ")),
            }
            return;
        }
    };
    nd.s(name);
    nd.s(" ");
}

fn hdr_print(nd: &mut Nd<'_>, p: &[u8], length: usize) {
    if !nd.opts.quiet {
        fc_print(nd, p[0]);
    }
    nd.mac(&p[7..13]);
    nd.s(" > ");
    nd.mac(&p[1..7]);
    nd.f(format_args!(", length {length}: "));
}

/// Prints an FDDI frame of `length` bytes; returns the length of its MAC (and LLC) headers.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    nd.proto = "fddi";
    if p.len() < HDRLEN {
        nd.trunc();
        return p.len();
    }
    let fc = p[0];
    if nd.opts.link_header {
        hdr_print(nd, p, length);
    }
    let addrs = LlAddrs {
        src: &p[7..13],
        dst: &p[1..7],
        print: |nd, a| nd.mac(a),
    };
    let rest = &p[HDRLEN..];
    let length = length.saturating_sub(HDRLEN);
    let llc_hdrlen = match fc & FC_CLFF {
        FC_LLC_ASYNC => llc::print_or_dump(nd, rest, length, Some(&addrs)),
        FC_SMT => {
            nd.s("<SMT printer not yet implemented>");
            0
        }
        _ => {
            if !nd.opts.link_header {
                hdr_print(nd, p, length + HDRLEN);
            }
            ascii::default_print(nd, rest);
            0
        }
    };
    HDRLEN + llc_hdrlen
}
