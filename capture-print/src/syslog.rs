//! Syslog (RFC 3164/5424 over UDP), as tcpdump's print-syslog.c: facility and severity from the
//! `<PRI>` prefix, and with `-v` the message (`-vv`: and its hex dump).
use super::util::Tok;
use super::{Nd, Res, Trunc, u8at};

const SEVERITIES: &Tok = &[
    (0, "emergency"),
    (1, "alert"),
    (2, "critical"),
    (3, "error"),
    (4, "warning"),
    (5, "notice"),
    (6, "info"),
    (7, "debug"),
];

const FACILITIES: &Tok = &[
    (0, "kernel"),
    (1, "user"),
    (2, "mail"),
    (3, "daemon"),
    (4, "auth"),
    (5, "syslog"),
    (6, "lpr"),
    (7, "news"),
    (8, "uucp"),
    (9, "cron"),
    (10, "authpriv"),
    (11, "ftp"),
    (12, "ntp"),
    (13, "security"),
    (14, "console"),
    (15, "cron"),
    (16, "local0"),
    (17, "local1"),
    (18, "local2"),
    (19, "local3"),
    (20, "local4"),
    (21, "local5"),
    (22, "local6"),
    (23, "local7"),
];

/// Prints a syslog message; `len` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "syslog";
    if u8at(p, 0)? != b'<' {
        nd.invalid();
        return Ok(());
    }
    // At most three digits of priority.
    let mut off = 1;
    let mut pri = 0u16;
    while off <= 3 {
        let c = u8at(p, off)?;
        if !c.is_ascii_digit() {
            break;
        }
        pri = pri * 10 + u16::from(c - b'0');
        off += 1;
    }
    if u8at(p, off)? != b'>' {
        nd.invalid();
        return Ok(());
    }
    off += 1;
    let facility = u32::from((pri & 0x03f8) >> 3);
    let severity = u32::from(pri & 7);
    if nd.opts.verbose == 0 {
        nd.s("SYSLOG ");
        nd.tok2str(FACILITIES, "unknown (%u)", facility);
        nd.s(".");
        nd.tok2str(SEVERITIES, "unknown (%u)", severity);
        nd.f(format_args!(", length: {len}"));
        return Ok(());
    }
    nd.f(format_args!("SYSLOG, length: {len}\n\tFacility "));
    nd.tok2str(FACILITIES, "unknown (%u)", facility);
    nd.f(format_args!(" ({facility}), Severity "));
    nd.tok2str(SEVERITIES, "unknown (%u)", severity);
    nd.f(format_args!(" ({severity})\n\tMsg: "));
    // The message as sent, control characters and all.
    if len > off && nd.printn(super::tail(p, off), len - off) {
        return Err(Trunc);
    }
    if nd.opts.verbose > 1 {
        nd.print_unknown_data(p, "\n\t", len);
    }
    Ok(())
}
