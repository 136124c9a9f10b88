//! WHOIS, as tcpdump's print-whois.c: every segment is text, printed with `txtproto_print` (the first
//! line; `-v`: every line).
use super::{Nd, Res};

/// Prints a WHOIS segment.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "whois";
    nd.txtproto(p, len, None, false)
}
