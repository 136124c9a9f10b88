//! Telnet, as tcpdump's print-telnet.c: the commands and option negotiations (`IAC ...`) at the
//! start of a segment, as ` [telnet WILL ECHO, DO NAWS, ...]`.
use super::{Nd, Res, u8at};

const IAC: u8 = 255;
const SB: u8 = 250;
const SE: u8 = 240;
/// The first command code (`EOF`).
const FIRST_CMD: u8 = 236;

/// The commands from [`FIRST_CMD`] to `IAC`.
const CMDS: [&str; 20] = [
    "EOF", "SUSP", "ABORT", "EOR", "SE", "NOP", "DMARK", "BRK", "IP", "AO", "AYT", "EC", "EL",
    "GA", "SB", "WILL", "WONT", "DO", "DONT", "IAC",
];

/// The options below 40.
const OPTS: [&str; 40] = [
    "BINARY",
    "ECHO",
    "RCP",
    "SUPPRESS GO AHEAD",
    "NAME",
    "STATUS",
    "TIMING MARK",
    "RCTE",
    "NAOL",
    "NAOP",
    "NAOCRD",
    "NAOHTS",
    "NAOHTD",
    "NAOFFD",
    "NAOVTS",
    "NAOVTD",
    "NAOLFD",
    "EXTEND ASCII",
    "LOGOUT",
    "BYTE MACRO",
    "DATA ENTRY TERMINAL",
    "SUPDUP",
    "SUPDUP OUTPUT",
    "SEND LOCATION",
    "TERMINAL TYPE",
    "END OF RECORD",
    "TACACS UID",
    "OUTPUT MARKING",
    "TTYLOC",
    "3270 REGIME",
    "X.3 PAD",
    "NAWS",
    "TSPEED",
    "LFLOW",
    "LINEMODE",
    "XDISPLOC",
    "OLD-ENVIRON",
    "AUTHENTICATION",
    "ENCRYPT",
    "NEW-ENVIRON",
];

/// Subnegotiation qualifiers of most options.
const QUALIFIERS: &[Option<&str>] = &[Some("IS"), Some("SEND"), Some("INFO")];
/// AUTHENTICATION's commands and types.
const AUTH_CMDS: &[Option<&str>] = &[Some("IS"), Some("SEND"), Some("REPLY"), Some("NAME")];
const AUTH_TYPES: &[Option<&str>] = &[
    Some("NULL"),
    Some("KERBEROS_V4"),
    Some("KERBEROS_V5"),
    Some("SPX"),
    Some("MINK"),
    Some("SRP"),
    Some("RSA"),
    Some("SSL"),
    None,
    None,
    Some("LOKI"),
    Some("SSA"),
    Some("KEA_SJ"),
    Some("KEA_SJ_INTEG"),
    Some("DSS"),
    Some("NTLM"),
];
/// ENCRYPT's commands and types.
const ENC_CMDS: &[Option<&str>] = &[
    Some("IS"),
    Some("SUPPORT"),
    Some("REPLY"),
    Some("START"),
    Some("END"),
    Some("REQUEST-START"),
    Some("REQUEST-END"),
    Some("END_KEYID"),
    Some("DEC_KEYID"),
];
const ENC_TYPES: &[Option<&str>] = &[
    Some("NULL"),
    Some("DES_CFB64"),
    Some("DES_OFB64"),
    Some("DES3_CFB64"),
    Some("DES3_OFB64"),
    None,
    Some("CAST5_40_CFB64"),
    Some("CAST5_40_OFB64"),
    Some("CAST128_CFB64"),
    Some("CAST128_OFB64"),
];

/// Prints the Telnet commands a segment starts with; `length` is the TCP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    nd.proto = "telnet";
    let hex = nd.opts.hex_ascii > 0 && nd.opts.verbose > 2;
    // tcpdump's arithmetic: a subnegotiation without its end may step past the payload, and the
    // length then wraps (the loop ends at the end of the captured bytes).
    let mut length = length as u32;
    let mut at = 0usize;
    let mut first = true;
    while length > 0 && u8at(data, at)? == IAC {
        // A first pass finds the command's length, a second prints it.
        let Some(l) = parse(nd, data, at, length, false)? else {
            break;
        };
        if hex {
            if first {
                nd.s("\nTelnet:");
            }
            hex_with_offset(nd, data, at, l)?;
            if l > 8 {
                nd.s("\n\t\t\t\t");
            } else {
                nd.f(format_args!("{:1$}\t", "", (8 - l) * 3));
            }
        } else {
            nd.s(if first { " [telnet " } else { ", " });
        }
        parse(nd, data, at, length, true)?;
        first = false;
        at += l;
        length = length.wrapping_sub(l as u32);
    }
    if !first {
        nd.s(if hex { "\n" } else { "]" });
    }
    Ok(())
}

/// One command at `start` (an IAC); its length, or `None` when the segment ends inside it.
fn parse(
    nd: &mut Nd<'_>,
    data: &[u8],
    start: usize,
    length: u32,
    print: bool,
) -> Res<Option<usize>> {
    let mut sp = start;
    let mut length = length;
    macro_rules! fetch {
        () => {{
            if length < 1 {
                return Ok(None);
            }
            let c = u8at(data, sp)?;
            sp += 1;
            length -= 1;
            c
        }};
    }
    if fetch!() != IAC {
        return Ok(None);
    }
    let c = fetch!();
    if c == IAC {
        if print {
            nd.s("IAC IAC");
        }
        return Ok(Some(sp - start));
    }
    if c < FIRST_CMD {
        return Ok(None);
    }
    let cmd = CMDS[usize::from(c - FIRST_CMD)];
    if !matches!(c, 250..=254) {
        if print {
            nd.s(cmd);
        }
        return Ok(Some(sp - start));
    }
    let x = fetch!();
    if print {
        match OPTS.get(usize::from(x)) {
            Some(name) => nd.f(format_args!("{cmd} {name}")),
            None => nd.f(format_args!("{cmd} {x:#x}")),
        }
    }
    if c != SB {
        return Ok(Some(sp - start));
    }
    // The subnegotiation runs to IAC SE (or to the last byte, if that is an IAC).
    let mut p = sp;
    while length as usize > p + 1 - sp {
        if u8at(data, p)? == IAC && u8at(data, p + 1)? == SE {
            break;
        }
        p += 1;
    }
    if u8at(data, p)? != IAC {
        return Ok(None);
    }
    let tables: &[&[Option<&str>]] = match x {
        37 => &[AUTH_CMDS, AUTH_TYPES],
        38 => &[ENC_CMDS, ENC_TYPES],
        _ => &[QUALIFIERS],
    };
    for table in tables {
        if p <= sp {
            break;
        }
        let v = fetch!();
        if print {
            match table.get(usize::from(v)).copied().flatten() {
                Some(name) => nd.f(format_args!(" {name}")),
                None => alt_hex(nd, " ", v),
            }
        }
    }
    while p > sp {
        let v = fetch!();
        if print {
            alt_hex(nd, " ", v);
        }
    }
    if print {
        nd.s(" SE");
    }
    sp += 2;
    Ok(Some(sp - start))
}

/// `prefix` and `v` as C's `%#x` (plain `0` for zero).
fn alt_hex(nd: &mut Nd<'_>, prefix: &str, v: u8) {
    if v == 0 {
        nd.f(format_args!("{prefix}0"));
    } else {
        nd.f(format_args!("{prefix}{v:#x}"));
    }
}

/// tcpdump's `hex_print_with_offset` of the command at `at`, `len` bytes long: the offsets are
/// from the start of the payload; running past the captured bytes is a truncation.
fn hex_with_offset(nd: &mut Nd<'_>, data: &[u8], at: usize, len: usize) -> Res {
    let avail = data.len().saturating_sub(at);
    let shown = len.min(avail);
    let bytes = &data[at.min(data.len())..at + shown.min(avail)];
    let mut offset = at;
    for (i, pair) in bytes.chunks(2).enumerate() {
        if i % 8 == 0 {
            nd.f(format_args!("\n0x{offset:04x}: "));
            offset += 16;
        }
        match pair {
            [a, b] => nd.f(format_args!(" {a:02x}{b:02x}")),
            [a] => nd.f(format_args!(" {a:02x}")),
            _ => {}
        }
    }
    if len > avail {
        return Err(super::Trunc);
    }
    Ok(())
}
