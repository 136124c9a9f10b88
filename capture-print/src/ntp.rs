//! NTP, as tcpdump's print-ntp.c.
use super::{Nd, Res, u8at};

/// The first line of tcpdump's NTP printer (`-v` details are not decoded).
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "ntp";
    let status = u8at(bp, 0)?;
    nd.f(format_args!("NTPv{}", (status >> 3) & 7));
    let mode = match status & 7 {
        0 => "unspecified",
        1 => "symmetric active",
        2 => "symmetric passive",
        3 => "Client",
        4 => "Server",
        5 => "Broadcast",
        6 => "Control Message",
        _ => "Reserved",
    };
    nd.f(format_args!(", {mode}, length {length}"));
    Ok(())
}
