//! The IPsec Encapsulating Security Payload (RFC 4303) header, as tcpdump's print-esp.c built
//! without decryption: the SPI, the sequence number and the length.
use super::{Nd, Res, be32};

/// Prints an ESP header; `length` is the length of the ESP packet.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "esp";
    // tcpdump asks for more than the 8-byte header before printing any of it.
    if bp.len() <= 8 {
        nd.trunc();
        return Ok(());
    }
    nd.f(format_args!(
        "ESP(spi=0x{:08x},seq=0x{:x}), length {length}",
        be32(bp, 0)?,
        be32(bp, 4)?
    ));
    Ok(())
}
