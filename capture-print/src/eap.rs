//! EAP (RFC 3748) packets, as tcpdump's `eap_print` (print-eap.c): code, id and length, and the
//! type of a request or response with its identity, notification, NAK list or TLS flags.
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, u8at};

const REQUEST: u8 = 1;
const RESPONSE: u8 = 2;

const CODES: &Tok = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
];

const TYPES: &Tok = &[
    (0, "No proposed"),
    (1, "Identity"),
    (2, "Notification"),
    (3, "Nak"),
    (4, "MD5-challenge"),
    (5, "OTP"),
    (6, "GTC"),
    (13, "TLS"),
    (18, "SIM"),
    (21, "TTLS"),
    (23, "AKA"),
    (43, "FAST"),
    (254, "Expanded types"),
    (255, "Experimental"),
];

const TLS_FLAGS: &Tok = &[
    (0x80, "L bit"),
    (0x40, "More fragments bit"),
    (0x20, "Start bit"),
];

const AKA_SUBTYPES: &Tok = &[
    (1, "Challenge"),
    (2, "Auth reject"),
    (4, "Sync failure"),
    (5, "Identity"),
    (10, "Start"),
    (11, "Challenge"),
    (12, "Notification"),
    (13, "Reauth"),
    (14, "Client error"),
];

/// Prints an EAP packet of `length` bytes (a RADIUS EAP-Message or an EAPOL body). The
/// truncation mark keeps the caller's protocol name, as tcpdump's.
pub(crate) fn print(nd: &mut Nd<'_>, cp: &[u8], length: usize) -> Res {
    let code = u8at(cp, 0)?;
    let len = be16(cp, 2)? as usize;
    if len != length {
        nd.s("EAP fragment?");
        return Ok(());
    }
    nd.tok2str(CODES, "unknown", code.into());
    nd.f(format_args!(" ({code}), id {}, len {len}", u8at(cp, 1)?));
    if len < 4 {
        nd.s(" (too short for EAP header)");
        return Ok(());
    }
    let Ok(cp) = sl(cp, 0, len) else {
        return nd.trunc_here();
    };
    if code != REQUEST && code != RESPONSE {
        return Ok(());
    }
    if len < 5 {
        nd.s(" (too short for EAP request/response)");
        return Ok(());
    }
    let subtype = cp[4];
    nd.s("\n\t\t Type ");
    nd.tok2str(TYPES, "unknown", subtype.into());
    nd.f(format_args!(" ({subtype})"));
    let short = |nd: &mut Nd<'_>, what: &str| {
        nd.f(format_args!(" (too short for EAP {what} request/response)"));
    };
    match subtype {
        1 if len > 5 => {
            nd.s(", Identity: ");
            nd.printjnp(&cp[5..], len - 5)?;
        }
        2 => {
            if len < 6 {
                short(nd, "Notification");
                return Ok(());
            }
            nd.s(", Notification: ");
            nd.printjnp(&cp[5..], len - 5)?;
        }
        3 => {
            if len < 6 {
                short(nd, "Legacy NAK");
                return Ok(());
            }
            let mut sep = "";
            for &t in &cp[5..] {
                nd.f(format_args!("{sep} "));
                nd.tok2str(TYPES, "unknown", t.into());
                nd.f(format_args!(" ({t})"));
                sep = ",";
            }
        }
        13 | 21 | 43 => {
            let what = if subtype == 43 { "FAST" } else { "TLS/TTLS" };
            if len < 6 {
                short(nd, what);
                return Ok(());
            }
            let flags = cp[5];
            match subtype {
                21 => nd.f(format_args!(" TTLSv{}", flags & 7)),
                43 => nd.f(format_args!(" FASTv{}", flags & 7)),
                _ => {}
            }
            nd.s(" flags [");
            nd.bittok2str(TLS_FLAGS, "none", flags.into());
            nd.f(format_args!("] 0x{flags:02x}"));
            if flags & 0x80 != 0 {
                if len < 10 {
                    nd.f(format_args!(
                        " (too short for EAP {what} request/response with length)"
                    ));
                    return Ok(());
                }
                nd.f(format_args!(", len {}", be32(cp, 6)?));
            }
        }
        18 | 23 => {
            if len < 6 {
                short(nd, "SIM/AKA");
                return Ok(());
            }
            nd.s(" subtype [");
            nd.tok2str(AKA_SUBTYPES, "unknown", cp[5].into());
            nd.f(format_args!("] 0x{:02x}", cp[5]));
        }
        _ => {}
    }
    Ok(())
}
