//! EAPOL (IEEE 802.1X) and EAP (RFC 3748), as tcpdump's print-eap.c. [`eap_print`] is also
//! the EAP printer of RADIUS and PPP.
use super::util::Tok;
use super::{Nd, Res, be16, be32, has, u8at};

const FRAME_TYPE_PACKET: u8 = 0;

const FRAME_TYPE_VALUES: &Tok = &[
    (0, "EAP packet"),
    (1, "EAPOL start"),
    (2, "EAPOL logoff"),
    (3, "EAPOL key"),
    (4, "Encapsulated ASF alert"),
];

const REQUEST: u8 = 1;
const RESPONSE: u8 = 2;

const CODE_VALUES: &Tok = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
];

const TYPE_IDENTITY: u8 = 1;
const TYPE_NOTIFICATION: u8 = 2;
const TYPE_NAK: u8 = 3;
const TYPE_TLS: u8 = 13;
const TYPE_SIM: u8 = 18;
const TYPE_TTLS: u8 = 21;
const TYPE_AKA: u8 = 23;
const TYPE_FAST: u8 = 43;

const TYPE_VALUES: &Tok = &[
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

const TLS_FLAGS_VALUES: &Tok = &[
    (1 << 7, "L bit"),
    (1 << 6, "More fragments bit"),
    (1 << 5, "Start bit"),
];

const AKA_SUBTYPE_VALUES: &Tok = &[
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

/// Prints an EAP packet of `length` bytes (a fragment when its own length differs).
pub(crate) fn eap_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let code = u8at(p, 0)?;
    let len = usize::from(be16(p, 2)?);
    if len != length {
        nd.s("EAP fragment?");
        return Ok(());
    }
    nd.tok2str(CODE_VALUES, "unknown", code.into());
    nd.f(format_args!(" ({code}), id {}, len {len}", u8at(p, 1)?));
    if len < 4 {
        nd.s(" (too short for EAP header)");
        return Ok(());
    }
    if !has(p, 0, len) {
        return nd.trunc_here();
    }
    if code != REQUEST && code != RESPONSE {
        return Ok(());
    }
    if len < 5 {
        nd.s(" (too short for EAP request/response)");
        return Ok(());
    }
    let subtype = p[4];
    nd.s("\n\t\t Type ");
    nd.tok2str(TYPE_VALUES, "unknown", subtype.into());
    nd.f(format_args!(" ({subtype})"));
    let too_short = |nd: &mut Nd<'_>, what: &str| {
        nd.f(format_args!(" (too short for EAP {what} request/response)"));
        Ok(())
    };
    match subtype {
        // The identity is optional.
        TYPE_IDENTITY if len > 5 => {
            nd.s(", Identity: ");
            nd.printjnp(&p[5..], len - 5)?;
        }
        TYPE_NOTIFICATION => {
            if len < 6 {
                return too_short(nd, "Notification");
            }
            nd.s(", Notification: ");
            nd.printjnp(&p[5..], len - 5)?;
        }
        TYPE_NAK => {
            if len < 6 {
                return too_short(nd, "Legacy NAK");
            }
            let mut sep = "";
            for &t in &p[5..len] {
                nd.f(format_args!("{sep} "));
                nd.tok2str(TYPE_VALUES, "unknown", t.into());
                nd.f(format_args!(" ({t})"));
                sep = ",";
            }
        }
        TYPE_TTLS | TYPE_TLS | TYPE_FAST => {
            let (what, long) = if subtype == TYPE_FAST {
                ("FAST", "FAST")
            } else {
                ("TLS/TTLS", "TLS/TTLS")
            };
            if len < 6 {
                return too_short(nd, what);
            }
            let flags = p[5];
            match subtype {
                TYPE_TTLS => nd.f(format_args!(" TTLSv{}", flags & 7)),
                TYPE_FAST => nd.f(format_args!(" FASTv{}", flags & 7)),
                _ => {}
            }
            nd.s(" flags [");
            nd.bittok2str(TLS_FLAGS_VALUES, "none", flags.into());
            nd.f(format_args!("] 0x{flags:02x}"));
            if flags & 0x80 != 0 {
                if len < 10 {
                    nd.f(format_args!(
                        " (too short for EAP {long} request/response with length)"
                    ));
                    return Ok(());
                }
                nd.f(format_args!(", len {}", be32(p, 6)?));
            }
        }
        TYPE_AKA | TYPE_SIM => {
            if len < 6 {
                return too_short(nd, "SIM/AKA");
            }
            nd.s(" subtype [");
            nd.tok2str(AKA_SUBTYPE_VALUES, "unknown", p[5].into());
            nd.f(format_args!("] 0x{:02x}", p[5]));
        }
        _ => {}
    }
    Ok(())
}

/// Prints an EAPOL frame.
pub(crate) fn eapol_print(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.proto = "eap";
    if !has(p, 0, 4) {
        return nd.trunc_here();
    }
    let ty = p[1];
    let len = usize::from(be16(p, 2)?);
    nd.tok2str(FRAME_TYPE_VALUES, "unknown", ty.into());
    nd.f(format_args!(" ({ty}) v{}, len {len}", p[0]));
    if nd.opts.verbose < 1 {
        return Ok(());
    }
    if ty == FRAME_TYPE_PACKET {
        if len == 0 {
            return nd.trunc_here();
        }
        nd.s(", ");
        eap_print(nd, &p[4..], len)?;
    }
    Ok(())
}
