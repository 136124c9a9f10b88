//! Symantec Enterprise Firewall: a 44-byte header with an ethertype, as tcpdump's
//! print-symantec.c.
use super::ether::{self, ETHERTYPES};
use super::{Nd, Res, ascii, be16, sl, tok};

const SYMANTEC_HDRLEN: usize = 44;

fn hdr_print(nd: &mut Nd<'_>, etype: u16, length: usize) {
    if etype <= 1500 {
        nd.f(format_args!("invalid ethertype {etype}"));
    } else if nd.opts.quiet {
        nd.tok2str(ETHERTYPES, "Unknown Ethertype (0x%04x)", u32::from(etype));
    } else {
        let name = tok(ETHERTYPES, u32::from(etype)).unwrap_or("Unknown");
        nd.f(format_args!("ethertype {name} (0x{etype:04x})"));
    }
    nd.f(format_args!(", length {length}: "));
}

/// DLT_SYMANTEC_FIREWALL.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "symantec";
    sl(p, 0, SYMANTEC_HDRLEN)?;
    let etype = be16(p, 6)?;
    if nd.opts.link_header {
        hdr_print(nd, etype, length);
    }
    let rest = &p[SYMANTEC_HDRLEN..];
    let plen = (length as u32).wrapping_sub(SYMANTEC_HDRLEN as u32) as usize;
    if etype <= 1500 || !ether::ethertype_print(nd, etype, rest, plen, None) {
        if !nd.opts.link_header {
            hdr_print(nd, etype, length);
        }
        ascii::default_print(nd, rest);
    }
    Ok(SYMANTEC_HDRLEN)
}
