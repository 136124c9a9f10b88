//! Kerberos, as tcpdump's print-krb.c: the version, and Kerberos 4's message type, principals
//! and fields (Kerberos 5's ASN.1 is not decoded).
use super::util::Tok;
use super::{Nd, Res, be16, le16, u8at};

const KDC_REQUEST: u8 = 1 << 1;
const KDC_REPLY: u8 = 2 << 1;
const APPL_REQUEST: u8 = 3 << 1;
const ERR_REPLY: u8 = 5 << 1;

const TYPES: &Tok = &[
    (1 << 1, "KDC_REQUEST"),
    (2 << 1, "KDC_REPLY"),
    (3 << 1, "APPL_REQUEST"),
    (4 << 1, "APPL_REQUEST_MUTUAL"),
    (5 << 1, "ERR_REPLY"),
    (6 << 1, "PRIVATE"),
    (7 << 1, "SAFE"),
    (8 << 1, "APPL_ERR"),
    (63 << 1, "DIE"),
];

const ERRORS: &Tok = &[
    (0, "OK"),
    (1, "NAME_EXP"),
    (2, "SERVICE_EXP"),
    (3, "AUTH_EXP"),
    (4, "PKT_VER"),
    (5, "NAME_MAST_KEY_VER"),
    (6, "SERV_MAST_KEY_VER"),
    (7, "BYTE_ORDER"),
    (8, "PRINCIPAL_UNKNOWN"),
    (9, "PRINCIPAL_NOT_UNIQUE"),
    (10, "NULL_KEY"),
];

/// Prints a Kerberos message.
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8]) -> Res {
    nd.proto = "krb";
    let Some(&pvno) = dat.first() else {
        return nd.trunc_here();
    };
    match pvno {
        1..=3 => nd.f(format_args!(" v{pvno}")),
        4 => {
            nd.f(format_args!(" v{pvno}"));
            if krb4(nd, dat)?.is_none() {
                nd.trunc();
            }
        }
        106 | 107 => nd.s(" v5"),
        _ => {}
    }
    Ok(())
}

/// A NUL-terminated string at `at`; the index after its NUL, or `None` when the captured bytes
/// end first.
fn string(nd: &mut Nd<'_>, bp: &[u8], at: usize) -> Option<usize> {
    let rest = bp.get(at..)?;
    let n = rest.iter().position(|&c| c == 0);
    for &c in &rest[..n.unwrap_or(rest.len())] {
        nd.print_char(c);
    }
    n.map(|n| at + n + 1)
}

/// `name.instance@realm`, after the version and type bytes.
fn header(nd: &mut Nd<'_>, bp: &[u8]) -> Option<usize> {
    let cp = string(nd, bp, 2)?;
    nd.s(".");
    let cp = string(nd, bp, cp)?;
    nd.s("@");
    string(nd, bp, cp)
}

/// A Kerberos 4 message; Ok(None) when a string runs past the captured bytes.
fn krb4(nd: &mut Nd<'_>, bp: &[u8]) -> Res<Option<()>> {
    let raw = u8at(bp, 1)?;
    let little = raw & 1 != 0;
    let ty = raw & 0xfe;
    let u16at = |at: usize| if little { le16(bp, at) } else { be16(bp, at) };
    nd.s(if little { " le " } else { " be " });
    nd.tok2str(TYPES, "#%d", ty.into());
    nd.s(": ");
    match ty {
        KDC_REQUEST => {
            let Some(cp) = header(nd, bp) else {
                return Ok(None);
            };
            let cp = cp + 4;
            nd.f(format_args!(" {}min ", u32::from(u8at(bp, cp)?) * 5));
            let Some(cp) = string(nd, bp, cp + 1) else {
                return Ok(None);
            };
            nd.s(".");
            if string(nd, bp, cp).is_none() {
                return Ok(None);
            }
        }
        APPL_REQUEST => {
            nd.f(format_args!("v{} ", u8at(bp, 2)?));
            let Some(cp) = string(nd, bp, 3) else {
                return Ok(None);
            };
            nd.f(format_args!(" ({})", u8at(bp, cp)?));
            nd.f(format_args!(" ({})", u8at(bp, cp + 1)?));
        }
        KDC_REPLY => {
            let Some(cp) = header(nd, bp) else {
                return Ok(None);
            };
            nd.f(format_args!(" ({})", u16at(cp + 10)?));
        }
        ERR_REPLY => {
            let Some(cp) = header(nd, bp) else {
                return Ok(None);
            };
            let code = u16at(cp + 4)?;
            nd.s(" ");
            nd.tok2str(ERRORS, "#%d", code.into());
            nd.s(" ");
            if string(nd, bp, cp + 8).is_none() {
                return Ok(None);
            }
        }
        _ => nd.s("(unknown)"),
    }
    Ok(Some(()))
}
