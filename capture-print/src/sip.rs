//! SIP, as tcpdump's print-sip.c: request and status lines (all header lines with `-v`).
use super::{Nd, Res};

/// The request methods.
const CMDS: &[&str] = &[
    "ACK",
    "BYE",
    "CANCEL",
    "DO",
    "INFO",
    "INVITE",
    "MESSAGE",
    "NOTIFY",
    "OPTIONS",
    "PRACK",
    "QAUTH",
    "REFER",
    "REGISTER",
    "SPRACK",
    "SUBSCRIBE",
    "UPDATE",
    "PUBLISH",
];

/// Prints a SIP message: `SIP`, then the request or status line.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "sip";
    nd.txtproto(p, len, Some(CMDS), true)
}
