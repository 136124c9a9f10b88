//! RTSP, as tcpdump's print-rtsp.c: request and status lines (all header lines with `-v`).
use super::{Nd, Res};

/// The request methods.
const CMDS: &[&str] = &[
    "DESCRIBE",
    "ANNOUNCE",
    "GET_PARAMETER",
    "OPTIONS",
    "PAUSE",
    "PLAY",
    "RECORD",
    "REDIRECT",
    "SETUP",
    "SET_PARAMETER",
    "TEARDOWN",
];

/// Prints an RTSP segment: `RTSP`, then the request or status line.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "rtsp";
    nd.txtproto(p, len, Some(CMDS), true)
}
