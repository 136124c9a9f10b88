//! Apple IP over IEEE 1394 (FireWire): EUI-64 addresses and an ethertype, as tcpdump's
//! print-ap1394.c.
use super::ether::{self, ETHERTYPES, LlAddrs};
use super::{Nd, Res, ascii, be16, sl, tok};

const FIREWIRE_HDRLEN: usize = 18;

/// An EUI-64, as tcpdump's `linkaddr_string`: hex bytes separated by colons.
fn fwaddr(nd: &mut Nd<'_>, a: &[u8]) {
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            nd.s(":");
        }
        nd.f(format_args!("{b:02x}"));
    }
}

fn hdr_print(nd: &mut Nd<'_>, h: &[u8], length: usize) {
    fwaddr(nd, &h[8..16]);
    nd.s(" > ");
    fwaddr(nd, &h[0..8]);
    let et = u16::from_be_bytes([h[16], h[17]]);
    if nd.opts.quiet {
        nd.s(", ");
        nd.tok2str(ETHERTYPES, "Unknown Ethertype (0x%04x)", u32::from(et));
    } else {
        let name = tok(ETHERTYPES, u32::from(et)).unwrap_or("Unknown");
        nd.f(format_args!(", ethertype {name} (0x{et:04x})"));
    }
    nd.f(format_args!(", length {length}: "));
}

/// DLT_APPLE_IP_OVER_IEEE1394.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "ap1394";
    let h = sl(p, 0, FIREWIRE_HDRLEN)?;
    if nd.opts.link_header {
        hdr_print(nd, h, length);
    }
    let et = be16(h, 16)?;
    let rest = &p[FIREWIRE_HDRLEN..];
    let plen = (length as u32).wrapping_sub(FIREWIRE_HDRLEN as u32) as usize;
    let addrs = LlAddrs {
        src: &h[8..16],
        dst: &h[0..8],
        print: fwaddr,
    };
    if !ether::ethertype_print(nd, et, rest, plen, Some(&addrs)) {
        if !nd.opts.link_header {
            hdr_print(nd, h, length);
        }
        ascii::default_print(nd, rest);
    }
    Ok(FIREWIRE_HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn unknown_ethertype() {
        check_n(
            138,
            "-e",
            "000102030405060708090a0b0c0d0e0f12340102",
            "08:09:0a:0b:0c:0d:0e:0f > 00:01:02:03:04:05:06:07, ethertype Unknown (0x1234), length 20: \n\t0x0000:  0102                                     ..",
        );
    }
}
