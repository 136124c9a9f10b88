//! The IP Payload Compression Protocol (RFC 3173) header, as tcpdump's print-ipcomp.c (the
//! payload is not decompressed).
use super::{Nd, Res, be16};

/// Prints an IPComp header.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    nd.proto = "ipcomp";
    let cpi = be16(bp, 2)?;
    nd.f(format_args!("IPComp(cpi=0x{cpi:04x})"));
    Ok(())
}
