//! Linux Classical IP over ATM: an LLC/SNAP header or bare IPv4, as tcpdump's print-cip.c.
use super::{Nd, Res, ip, llc, sl};

/// An LLC/SNAP header with an ethertype (OUI 0).
const RFC_LLC: [u8; 6] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00];

/// DLT_ATM_CLIP.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "cip";
    if nd.opts.link_header {
        // No MAC-layer header: only the length.
        nd.f(format_args!("{length}: "));
    }
    if sl(p, 0, RFC_LLC.len())? == RFC_LLC {
        return Ok(llc::print_or_dump(nd, p, length, None));
    }
    ip::print(nd, p, length)?;
    Ok(0)
}
