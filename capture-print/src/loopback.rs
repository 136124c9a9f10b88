//! The Ethernet configuration testing protocol (loopback, ethertype 0x9000), as tcpdump's
//! print-loopback.c.
use super::util::Tok;
use super::{Nd, Res, le16, sl, tail};

const REPLY: u16 = 1;
const FWDDATA: u16 = 2;

const FCODE_VALUES: &Tok = &[(1, "Reply"), (2, "Forward Data")];

/// Prints a loopback packet of `len` bytes: the skip count, then the first message.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "loopback";
    nd.s("Loopback");
    if len < 2 {
        return nd.invalid_rest(p, 0, len);
    }
    let skip = usize::from(le16(p, 0)?);
    let len = len - 2;
    nd.f(format_args!(", skipCount {skip}"));
    if skip % 8 != 0 {
        nd.s(" (bogus)");
    }
    if skip > len {
        return nd.invalid_rest(tail(p, 2), 0, len);
    }
    sl(p, 2, skip)?;
    message(nd, tail(p, 2 + skip), len - skip)
}

fn message(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < 2 {
        return nd.invalid_rest(p, 0, len);
    }
    let function = le16(p, 0)?;
    let (p, len) = (tail(p, 2), len - 2);
    nd.s(", ");
    nd.tok2str(FCODE_VALUES, " invalid (%u)", function.into());
    match function {
        REPLY => {
            if len < 2 {
                return nd.invalid_rest(p, 0, len);
            }
            nd.f(format_args!(", receipt number {}", le16(p, 0)?));
            nd.f(format_args!(", data ({} octets)", len - 2));
            sl(p, 2, len - 2)?;
        }
        FWDDATA => {
            if len < 6 {
                return nd.invalid_rest(p, 0, len);
            }
            let a = sl(p, 0, 6)?;
            nd.s(", forwarding address ");
            nd.mac(a);
            nd.f(format_args!(", data ({} octets)", len - 6));
            sl(p, 6, len - 6)?;
        }
        _ => {
            sl(p, 0, len)?;
        }
    }
    Ok(())
}
