//! Kerberos (UDP ports 88 and 750), as tcpdump's print-krb.c: the version, and for Kerberos 4
//! the message type and principals.
use super::util::Tok;
use super::{Nd, Res, be16, le16, tail, u8at};

/// The Kerberos port.
pub(crate) const PORT: u16 = 88;
/// The Kerberos 4 port.
pub(crate) const SEC_PORT: u16 = 750;

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
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    nd.proto = "krb";
    if bp.is_empty() {
        nd.trunc();
        return Ok(());
    }
    match bp[0] {
        v @ 1..=3 => nd.f(format_args!(" v{v}")),
        4 => {
            nd.s(" v4");
            if v4(nd, bp)?.is_none() {
                nd.trunc();
            }
        }
        106 | 107 => nd.s(" v5"),
        _ => {}
    }
    Ok(())
}

/// tcpdump's `c_print`: a NUL-terminated string at `at`; the offset past its NUL, or None
/// when the capture ends first.
fn c_string(nd: &mut Nd<'_>, bp: &[u8], at: usize) -> Option<usize> {
    let s = tail(bp, at);
    let end = s.iter().position(|&c| c == 0);
    for &c in &s[..end.unwrap_or(s.len())] {
        nd.print_char(c);
    }
    end.map(|e| at + e + 1)
}

/// A Kerberos 4 principal: name.instance@realm from offset `at`.
fn principal(nd: &mut Nd<'_>, bp: &[u8], at: usize) -> Option<usize> {
    let at = c_string(nd, bp, at)?;
    nd.s(".");
    let at = c_string(nd, bp, at)?;
    nd.s("@");
    c_string(nd, bp, at)
}

/// A Kerberos 4 message; None where tcpdump prints its truncation mark.
fn v4(nd: &mut Nd<'_>, bp: &[u8]) -> Res<Option<()>> {
    let type_byte = u8at(bp, 1)?;
    let little = type_byte & 1 != 0;
    let kind = type_byte & 0xfe;
    let short = |at: usize| -> Res<u16> { if little { le16(bp, at) } else { be16(bp, at) } };
    nd.f(format_args!(" {} ", if little { "le" } else { "be" }));
    nd.tok2str(TYPES, "#%d", u32::from(kind));
    nd.s(": ");
    match kind {
        KDC_REQUEST => {
            let Some(mut at) = principal(nd, bp, 2) else {
                return Ok(None);
            };
            at += 4;
            nd.f(format_args!(" {}min ", u32::from(u8at(bp, at)?) * 5));
            let Some(at) = c_string(nd, bp, at + 1) else {
                return Ok(None);
            };
            nd.s(".");
            if c_string(nd, bp, at).is_none() {
                return Ok(None);
            }
        }
        APPL_REQUEST => {
            nd.f(format_args!("v{} ", u8at(bp, 4)?));
            let Some(at) = c_string(nd, bp, 5) else {
                return Ok(None);
            };
            nd.f(format_args!(" ({})", u8at(bp, at)?));
            nd.f(format_args!(" ({})", u8at(bp, at + 1)?));
        }
        KDC_REPLY => {
            let Some(at) = principal(nd, bp, 2) else {
                return Ok(None);
            };
            nd.f(format_args!(" ({})", short(at + 10)?));
        }
        ERR_REPLY => {
            let Some(at) = principal(nd, bp, 2) else {
                return Ok(None);
            };
            let code = short(at + 4)?;
            nd.s(" ");
            nd.tok2str(ERRORS, "#%d", u32::from(code));
            nd.s(" ");
            if c_string(nd, bp, at + 8).is_none() {
                return Ok(None);
            }
        }
        _ => nd.s("(unknown)"),
    }
    Ok(Some(()))
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    #[test]
    fn versions() {
        let s = print_ip(opts(0), &udp4(1799, 88, &[106, 0x81]));
        assert_eq!(s, "IP 10.0.0.1.1799 > 10.0.0.2.88:  v5\n");
        let mut m = vec![4, 2];
        m.extend_from_slice(b"joe\0\0REALM\0");
        m.extend_from_slice(&[0, 0, 0, 0, 2]);
        m.extend_from_slice(b"krbtgt\0REALM\0");
        let s = print_ip(opts(0), &udp4(1799, 750, &m));
        assert_eq!(
            s,
            "IP 10.0.0.1.1799 > 10.0.0.2.750:  v4 be KDC_REQUEST: joe.@REALM 10min krbtgt.REALM\n"
        );
        let s = print_ip(opts(0), &udp4(1799, 750, &m[..8]));
        assert!(s.ends_with("KDC_REQUEST: joe.@R [|krb]\n"), "{s}");
    }
}
