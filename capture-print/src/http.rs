//! HTTP, as tcpdump's print-http.c: request and status lines (all header lines with `-v`).
use super::{Nd, Res};

/// The request methods, WebDAV's included.
const CMDS: &[&str] = &[
    "GET",
    "PUT",
    "COPY",
    "HEAD",
    "LOCK",
    "MOVE",
    "POLL",
    "POST",
    "BCOPY",
    "BMOVE",
    "MKCOL",
    "TRACE",
    "LABEL",
    "MERGE",
    "DELETE",
    "SEARCH",
    "UNLOCK",
    "REPORT",
    "UPDATE",
    "NOTIFY",
    "BDELETE",
    "CONNECT",
    "OPTIONS",
    "CHECKIN",
    "PROPFIND",
    "CHECKOUT",
    "CCM_POST",
    "SUBSCRIBE",
    "PROPPATCH",
    "BPROPFIND",
    "BPROPPATCH",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MKWORKSPACE",
    "UNSUBSCRIBE",
    "RPC_CONNECT",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
];

/// Prints an HTTP segment: `HTTP`, then the request or status line.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "http";
    nd.txtproto(p, len, Some(CMDS), true)
}
