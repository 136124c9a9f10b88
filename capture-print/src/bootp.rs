//! BOOTP and DHCP, as tcpdump's print-bootp.c.
use super::{Nd, Res, sl, u8at};

/// The first line of tcpdump's BOOTP/DHCP printer (`-v` details are not decoded).
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "bootp";
    let op = u8at(bp, 0)?;
    match op {
        1 => nd.s("BOOTP/DHCP, Request"),
        2 => nd.s("BOOTP/DHCP, Reply"),
        _ => nd.f(format_args!("BOOTP/DHCP, unknown (0x{op:02x})")),
    }
    let hlen = u8at(bp, 2)?;
    if u8at(bp, 1)? == 1 && hlen == 6 && op == 1 {
        nd.s(" from ");
        nd.mac(sl(bp, 28, 6)?);
    }
    nd.f(format_args!(", length {length}"));
    Ok(())
}
