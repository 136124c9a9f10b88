//! IP over InfiniBand (RFC 4391): a 44-byte header ending in an ethertype, as tcpdump's
//! print-ipoib.c.
use super::ether::{self, ETHERTYPES};
use super::{Nd, Res, ascii, be16, tok};

const IPOIB_HDRLEN: usize = 44;

fn hdr_print(nd: &mut Nd<'_>, et: u16, length: usize) {
    let name = tok(ETHERTYPES, u32::from(et)).unwrap_or("Unknown");
    if nd.opts.quiet {
        nd.f(format_args!(", ethertype {name}"));
    } else {
        nd.f(format_args!(", ethertype {name} (0x{et:04x})"));
    }
    nd.f(format_args!(", length {length}: "));
}

/// DLT_IPOIB.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "ipoib";
    if p.len() < IPOIB_HDRLEN {
        nd.trunc();
        return Ok(p.len());
    }
    if length < IPOIB_HDRLEN {
        nd.trunc();
        return Ok(length);
    }
    let et = be16(p, 40)?;
    if nd.opts.link_header {
        nd.s("IPOIB");
        hdr_print(nd, et, length);
    }
    let payload = &p[IPOIB_HDRLEN..];
    if !ether::ethertype_print(nd, et, payload, length - IPOIB_HDRLEN, None) {
        if !nd.opts.link_header {
            hdr_print(nd, et, length);
        }
        ascii::default_print(nd, payload);
    }
    Ok(IPOIB_HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn truncated_ipv4() {
        check_n(
            242,
            "-e",
            "0000000000000000000000000000000000000000000000000000000000000000000000000000000008000000450000",
            "IPOIB, ethertype IPv4 (0x0800), length 47:  [|ip]",
        );
    }
}
