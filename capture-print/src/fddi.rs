//! FDDI: frame control, addresses, then LLC, as tcpdump's print-fddi.c (as built on Linux,
//! where the addresses are not bit-swapped).
use super::{Nd, ascii, llc};

const FDDI_HDRLEN: usize = 13;

const FDDIFC_CLFF: u8 = 0xf0;
const FDDIFC_SMT: u8 = 0x40;
const FDDIFC_LLC_ASYNC: u8 = 0x50;

/// The frame control field's name.
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
            match fc & FDDIFC_CLFF {
                0xc0 => nd.f(format_args!("mac{z:x} ")),
                0x40 => nd.f(format_args!("smt{z:x} ")),
                0x50 => nd.f(format_args!("async{z:x} ")),
                0xd0 => nd.f(format_args!("sync{z:x} ")),
                0x60 => nd.f(format_args!("imp_async{z:x} ")),
                0xe0 => nd.f(format_args!("imp_sync{z:x} ")),
                _ => nd.f(format_args!("{fc:02x} ")),
            }
            return;
        }
    };
    nd.s(name);
    nd.s(" ");
}

/// `-e`: frame control (not with `-q`), addresses, length.
fn hdr_print(nd: &mut Nd<'_>, p: &[u8], length: usize) {
    if !nd.opts.quiet {
        fc_print(nd, p[0]);
    }
    nd.mac(&p[7..13]);
    nd.s(" > ");
    nd.mac(&p[1..7]);
    nd.f(format_args!(", length {length}: "));
}

/// DLT_FDDI.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    print(nd, p, length)
}

/// tcpdump's `fddi_print`: returns the header length (MAC and LLC headers).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    nd.proto = "fddi";
    if p.len() < FDDI_HDRLEN {
        nd.trunc();
        return p.len();
    }
    let fc = p[0];
    if nd.opts.link_header {
        hdr_print(nd, p, length);
    }
    let payload = &p[FDDI_HDRLEN..];
    let plen = length.wrapping_sub(FDDI_HDRLEN);
    let llc_hdrlen = match fc & FDDIFC_CLFF {
        FDDIFC_LLC_ASYNC => {
            let addrs = super::ether::LlAddrs {
                src: &p[7..13],
                dst: &p[1..7],
                print: super::ether::mac,
            };
            llc::print_or_dump(nd, payload, plen, Some(&addrs))
        }
        FDDIFC_SMT => {
            nd.s("<SMT printer not yet implemented>");
            0
        }
        _ => {
            if !nd.opts.link_header {
                hdr_print(nd, p, length);
            }
            ascii::default_print(nd, payload);
            0
        }
    };
    FDDI_HDRLEN + llc_hdrlen
}

#[cfg(test)]
mod tests {
    use crate::link::tests::check;

    #[test]
    fn beacon() {
        check(
            10,
            "-e",
            "c2ffffffffffff00010203040501",
            "beacon 00:01:02:03:04:05 > ff:ff:ff:ff:ff:ff, length 14: \n\t0x0000:  01                                       .",
        );
    }
}
