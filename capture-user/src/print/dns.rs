//! DNS, as tcpdump's print-domain.c.
use super::{Nd, Res};

/// Prints a DNS message; `over_tcp` means it starts with the two-byte length.
pub(crate) fn print(nd: &mut Nd<'_>, _bp: &[u8], length: usize, _over_tcp: bool) -> Res {
    nd.proto = "domain";
    nd.f(format_args!("DNS {length}"));
    Ok(())
}
