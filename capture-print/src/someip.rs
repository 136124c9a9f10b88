//! SOME/IP (Scalable service-Oriented MiddlewarE over IP), as tcpdump's print-someip.c: the
//! header's service, method or event, length, client, session, versions, type and return code.
use super::util::Tok;
use super::{Nd, Res, be32, u8at};

const MSG_TYPES: &Tok = &[
    (0x00, "REQUEST"),
    (0x01, "REQUEST_NO_RETURN"),
    (0x02, "NOTIFICATION"),
    (0x80, "RESPONSE"),
    (0x81, "ERROR"),
    (0x20, "TP_REQUEST"),
    (0x21, "TP_REQUEST_NO_RETURN"),
    (0x22, "TP_NOTIFICATION"),
    (0xa0, "TP_RESPONSE"),
    (0xa1, "TP_ERROR"),
];

const RETURN_CODES: &Tok = &[
    (0x00, "E_OK"),
    (0x01, "E_NOT_OK"),
    (0x02, "E_UNKNOWN_SERVICE"),
    (0x03, "E_UNKNOWN_METHOD"),
    (0x04, "E_NOT_READY"),
    (0x05, "E_NOT_REACHABLE"),
    (0x06, "E_TIMEOUT"),
    (0x07, "E_WRONG_PROTOCOL_VERSION"),
    (0x08, "E_WRONG_INTERFACE_VERSION"),
    (0x09, "E_MALFORMED_MESSAGE"),
    (0x0a, "E_WRONG_MESSAGE_TYPE"),
    (0x0b, "E_E2E_REPEATED"),
    (0x0c, "E_E2E_WRONG_SEQUENCE"),
    (0x0d, "E_E2E"),
    (0x0e, "E_E2E_NOT_AVAILABLE"),
    (0x0f, "E_E2E_NO_NEW_DATA"),
];

/// Prints a SOME/IP header; `len` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "someip";
    nd.protocol_caps();
    if len < 16 {
        nd.invalid();
        return Ok(());
    }
    let id = be32(bp, 0)?;
    let kind = if id & 0x8000 != 0 { "event" } else { "method" };
    nd.f(format_args!(
        ", service {}, {kind} {}",
        id >> 16,
        id & 0x7fff
    ));
    nd.f(format_args!(", len {}", be32(bp, 4)?));
    let request = be32(bp, 8)?;
    nd.f(format_args!(
        ", client {}, session {}",
        request >> 16,
        request & 0xffff
    ));
    nd.f(format_args!(", pver {}", u8at(bp, 12)?));
    nd.f(format_args!(", iver {}", u8at(bp, 13)?));
    // Each byte is fetched before anything of its field is printed.
    let msgtype = u8at(bp, 14)?;
    nd.s(", msgtype ");
    nd.tok2str(MSG_TYPES, "Unknown", msgtype.into());
    let code = u8at(bp, 15)?;
    nd.s(", retcode ");
    nd.tok2str(RETURN_CODES, "Unknown", code.into());
    // tcpdump ends the line itself, so the packet's line is followed by an empty one.
    nd.s("\n");
    Ok(())
}
