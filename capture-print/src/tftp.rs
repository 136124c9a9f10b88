//! TFTP, as tcpdump's print-tftp.c: the opcode and its file name, mode and options, block
//! number or error.
use super::util::Tok;
use super::{Nd, Res, be16, tail, u8at};

const RRQ: u16 = 1;
const WRQ: u16 = 2;
const DATA: u16 = 3;
const ACK: u16 = 4;
const ERROR: u16 = 5;
const OACK: u16 = 6;

const OPS: &Tok = &[
    (1, "RRQ"),
    (2, "WRQ"),
    (3, "DATA"),
    (4, "ACK"),
    (5, "ERROR"),
    (6, "OACK"),
];

const ERRORS: &Tok = &[
    (0, "EUNDEF"),
    (1, "ENOTFOUND"),
    (2, "EACCESS"),
    (3, "ENOSPACE"),
    (4, "EBADOP"),
    (5, "EBADID"),
    (6, "EEXISTS"),
    (7, "ENOUSER"),
];

/// Prints a TFTP packet; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "tftp";
    nd.protocol_caps();
    nd.f(format_args!(", length {length}"));
    match body(nd, bp, length)? {
        true => Ok(()),
        false => nd.trunc_here(),
    }
}

/// The packet after its length; Ok(false) when it ends before a field it needs.
fn body(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res<bool> {
    if length < 2 {
        return Ok(false);
    }
    let opcode = be16(bp, 0)?;
    nd.s(", ");
    match super::tok(OPS, opcode.into()) {
        Some(name) => nd.s(name),
        None => {
            nd.f(format_args!("tftp-#{opcode}"));
            return Ok(true);
        }
    }
    let mut bp = tail(bp, 2);
    let mut length = length - 2;
    match opcode {
        RRQ | WRQ => {
            if length == 0 {
                return Ok(false);
            }
            nd.s(" \"");
            let used = nd.printztn(bp, length);
            nd.s("\"");
            if used == 0 {
                return Ok(false);
            }
            (bp, length) = (tail(bp, used), length - used);
            if length == 0 {
                return Ok(false);
            }
            nd.s(" ");
            let used = nd.printztn(bp, length);
            if used == 0 {
                return Ok(false);
            }
            (bp, length) = (tail(bp, used), length - used);
            options(nd, bp, length)
        }
        OACK => options(nd, bp, length),
        ACK | DATA => {
            if length < 2 {
                return Ok(false);
            }
            nd.f(format_args!(" block {}", be16(bp, 0)?));
            Ok(true)
        }
        ERROR => {
            if length < 2 {
                return Ok(false);
            }
            let code = be16(bp, 0)?;
            nd.s(" ");
            nd.tok2str(ERRORS, "tftp-err-#%u \"", code.into());
            if length == 2 {
                return Ok(false);
            }
            nd.s(" \"");
            let used = nd.printztn(tail(bp, 2), length - 2);
            nd.s("\"");
            Ok(used != 0)
        }
        _ => Ok(true),
    }
}

/// The NUL-terminated option names and values, each after a blank unless empty.
fn options(nd: &mut Nd<'_>, mut bp: &[u8], mut length: usize) -> Res<bool> {
    while length != 0 {
        if u8at(bp, 0)? != 0 {
            nd.s(" ");
        }
        let used = nd.printztn(bp, length);
        if used == 0 {
            return Ok(false);
        }
        (bp, length) = (tail(bp, used), length - used);
    }
    Ok(true)
}
