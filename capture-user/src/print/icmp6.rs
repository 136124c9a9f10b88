//! ICMPv6 and Neighbor Discovery, as tcpdump's print-icmp6.c.
use super::ip::IpHdr;
use super::{Nd, Res, u8at};

/// Prints an ICMPv6 message; `length` is the payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, _ip: IpHdr<'_>) -> Res {
    nd.proto = "icmp6";
    let t = u8at(bp, 0)?;
    nd.f(format_args!("ICMP6, type {t}, length {length}"));
    Ok(())
}
