//! The helpers every printer shares, as tcpdump's util-print.c: token tables and bit sets,
//! safe string printing, relative times and the hex dump of data no printer decodes.
//!
//! Token tables keep tcpdump's printf-style defaults (`"unknown (%u)"`, `"#%d"`, `"0x%02x"`),
//! so a table and its default read as they do in tcpdump's printers; [`fmt1`] fills them in.
use std::borrow::Cow;
use std::fmt::Write as _;

use super::{Nd, Res, Trunc, ascii};

/// A token table: values and their names (tcpdump's `struct tok`).
pub(crate) type Tok = [(u32, &'static str)];

/// Formats one integer with a printf-style template holding at most one conversion
/// (`%u %d %i %x %X %o %c`, with `-`, `0`, `#` flags, a width and `h`/`l`/`ll` modifiers; `%%`
/// is a percent sign). Enough for tcpdump's table defaults.
pub(crate) fn fmt1(template: &str, v: u64) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut it = template.chars().peekable();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut left, mut zero, mut alt) = (false, false, false);
        while let Some(&f) = it.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                '#' => alt = true,
                _ => break,
            }
            it.next();
        }
        let mut width = 0usize;
        while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
            width = width * 10 + d as usize;
            it.next();
        }
        while matches!(it.peek(), Some('h' | 'l' | 'z' | 'j')) {
            it.next();
        }
        let body = match it.next() {
            Some('%') => {
                out.push('%');
                continue;
            }
            // A negative value arrives as its two's complement in the low 32 bits.
            Some('d' | 'i') => (v as u32 as i32).to_string(),
            Some('u') => v.to_string(),
            Some('x') if alt && v != 0 => format!("0x{v:x}"),
            Some('x') => format!("{v:x}"),
            Some('X') if alt && v != 0 => format!("0X{v:X}"),
            Some('X') => format!("{v:X}"),
            Some('o') => format!("{v:o}"),
            Some('c') => char::from(v as u8).to_string(),
            Some(other) => {
                out.push('%');
                out.push(other);
                continue;
            }
            None => break,
        };
        let pad = width.saturating_sub(body.len());
        if left {
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', pad));
        } else if zero {
            let (sign, digits) = body.split_at(usize::from(body.starts_with('-')));
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', pad));
            out.push_str(digits);
        } else {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(&body);
        }
    }
    out
}

/// tcpdump's `tok2str`: the name of `v` in `table`, or `default` (a [`fmt1`] template; tcpdump's
/// `NULL` default is `"#%d"`) filled with `v`.
pub(crate) fn tok2str(table: &Tok, default: &str, v: u32) -> Cow<'static, str> {
    match super::tok(table, v) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(fmt1(default, u64::from(v))),
    }
}

/// tcpdump's `bittok2str`: the names of the bits set in `v`, separated by `", "`, or `default`
/// filled with `v` when no name matches (tcpdump's `NULL` default is `"#%08x"`).
pub(crate) fn bittok2str(table: &Tok, default: &str, v: u32) -> String {
    bits(table, default, v, ", ")
}

/// tcpdump's `bittok2str_nosep`: as [`bittok2str`] with no separator.
pub(crate) fn bittok2str_nosep(table: &Tok, default: &str, v: u32) -> String {
    bits(table, default, v, "")
}

fn bits(table: &Tok, default: &str, v: u32, sep: &str) -> String {
    let mut out = String::new();
    for &(bit, name) in table {
        if bit != 0 && v & bit == bit {
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(name);
        }
    }
    if out.is_empty() {
        out = fmt1(default, u64::from(v));
    }
    out
}

/// tcpdump's `fn_print_char`: `M-` for high bytes, `^X` for control characters.
pub(crate) fn print_char(o: &mut Vec<u8>, mut c: u8) {
    if !c.is_ascii() {
        c &= 0x7f;
        o.extend_from_slice(b"M-");
    }
    if !(0x20..0x7f).contains(&c) {
        o.push(b'^');
        o.push(c ^ 0x40);
    } else {
        o.push(c);
    }
}

/// tcpdump's `mask2plen`: the prefix length of a contiguous IPv4 netmask, or -1.
pub(crate) fn mask2plen(mask: u32) -> i32 {
    let ones = mask.leading_ones();
    if mask.checked_shl(ones).unwrap_or(0) != 0 {
        -1
    } else {
        ones as i32
    }
}

/// tcpdump's `mask62plen`: the prefix length of a 16-byte IPv6 netmask, counted as tcpdump
/// does: the bytes of all ones, plus the leading ones of the first other byte when that byte is
/// a prefix of ones itself. What follows is not looked at, so it is never -1.
pub(crate) fn mask62plen(mask: &[u8; 16]) -> u32 {
    let mut len = 0;
    for &b in mask {
        if b.leading_ones() + b.trailing_zeros() == 8 {
            len += b.leading_ones();
        }
        if b != 0xff {
            break;
        }
    }
    len
}

/// C's `%.<prec>f` of `x` (Rust's fixed notation, with C's names for NaN).
pub(crate) fn fmt_f(x: f64, prec: usize) -> String {
    if x.is_nan() {
        return if x.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    format!("{x:.prec$}")
}

/// C's `%.<prec>g` of `x`: the shorter of fixed and exponent notation at `prec` significant
/// digits, trailing zeros removed (tcpdump prints bandwidths and rates this way).
pub(crate) fn fmt_g(x: f64, prec: usize) -> String {
    if x.is_nan() {
        return if x.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let p = prec.max(1);
    // The exponent after rounding to p significant digits, as %e would print it.
    let e_form = format!("{:.*e}", p - 1, x);
    let (mantissa, exp) = e_form.split_once('e').unwrap_or((&e_form, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= p as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", strip(mantissa), exp.unsigned_abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip(&format!("{x:.decimals$}"))
    }
}

impl Nd<'_> {
    /// Appends [`tok2str`]'s text.
    pub(crate) fn tok2str(&mut self, table: &Tok, default: &str, v: u32) {
        match super::tok(table, v) {
            Some(name) => self.s(name),
            None => {
                let text = fmt1(default, u64::from(v));
                self.s(&text);
            }
        }
    }

    /// Appends [`bittok2str`]'s text.
    pub(crate) fn bittok2str(&mut self, table: &Tok, default: &str, v: u32) {
        let text = bittok2str(table, default, v);
        self.s(&text);
    }

    /// Appends [`bittok2str_nosep`]'s text.
    pub(crate) fn bittok2str_nosep(&mut self, table: &Tok, default: &str, v: u32) {
        let text = bittok2str_nosep(table, default, v);
        self.s(&text);
    }

    /// tcpdump's `fn_print_char`: `M-` for bytes above 0x7f, `^X` for control characters.
    pub(crate) fn print_char(&mut self, c: u8) {
        print_char(self.o, c);
    }

    /// tcpdump's `nd_printjnp`: at most `n` characters of `b`, up to a NUL; reading past the
    /// captured bytes is a truncation.
    pub(crate) fn printjnp(&mut self, b: &[u8], n: usize) -> Res {
        for i in 0..n {
            let c = *b.get(i).ok_or(Trunc)?;
            if c == 0 {
                break;
            }
            print_char(self.o, c);
        }
        Ok(())
    }

    /// tcpdump's `nd_printjn`: exactly `n` characters of `b` (NULs included); reading past the
    /// captured bytes is a truncation, after the characters there are.
    pub(crate) fn printjn(&mut self, b: &[u8], n: usize) -> Res {
        for &c in b.iter().take(n) {
            print_char(self.o, c);
        }
        if b.len() < n { Err(Trunc) } else { Ok(()) }
    }

    /// tcpdump's `nd_printn` with the end of the captured bytes as its limit: prints up to `n`
    /// characters of `b` and returns whether it stopped short (truncated).
    pub(crate) fn printn(&mut self, b: &[u8], n: usize) -> bool {
        for &c in b.iter().take(n) {
            print_char(self.o, c);
        }
        b.len() < n
    }

    /// tcpdump's `nd_printztn` with the captured bytes as its limit: prints a NUL-terminated
    /// string of at most `n` bytes; returns the bytes used with the NUL, or 0 when there was no
    /// NUL within `n` bytes or the captured data.
    pub(crate) fn printztn(&mut self, b: &[u8], n: usize) -> usize {
        for (i, &c) in b.iter().take(n).enumerate() {
            if c == 0 {
                return i + 1;
            }
            print_char(self.o, c);
        }
        0
    }

    /// A bandwidth in bytes per second (an IEEE float's bits) as tcpdump's TE printers print
    /// it: printf's `%.3f` of the megabits, then ` Mbps`.
    pub(crate) fn mbps(&mut self, bits: u32) {
        let v = f32::from_bits(bits) * 8.0 / 1_000_000.0;
        self.s(&fmt_f(v.into(), 3));
        self.s(" Mbps");
    }

    /// tcpdump's `unsigned_relts_print`: a duration as `1y2w3d4h5m6s`.
    pub(crate) fn unsigned_relts(&mut self, mut secs: u32) {
        const UNITS: [(u32, char); 6] = [
            (31_536_000, 'y'),
            (604_800, 'w'),
            (86_400, 'd'),
            (3_600, 'h'),
            (60, 'm'),
            (1, 's'),
        ];
        if secs == 0 {
            self.s("0s");
            return;
        }
        for (unit, name) in UNITS {
            if secs >= unit {
                let _ = write!(Out(self), "{}{name}", secs / unit);
                secs %= unit;
            }
        }
    }

    /// tcpdump's `hex_print`: `data` in hex, 16 bytes a line, each line starting with `ident`.
    pub(crate) fn hex_print(&mut self, ident: &str, data: &[u8]) {
        ascii::hex(self.o, ident, data);
    }

    /// tcpdump's `hex_print` given a length: what was captured of `len` bytes of `data`, then
    /// a truncation (tcpdump's longjmp) if that was not all.
    pub(crate) fn hex_print_len(&mut self, ident: &str, data: &[u8], len: usize) -> Res {
        ascii::hex(self.o, ident, &data[..len.min(data.len())]);
        if len > data.len() { Err(Trunc) } else { Ok(()) }
    }

    /// tcpdump's `print_unknown_data`: at most `len` bytes of `data` (as many as were
    /// captured) with [`Nd::hex_print`].
    pub(crate) fn print_unknown_data(&mut self, data: &[u8], ident: &str, len: usize) {
        ascii::hex(self.o, ident, &data[..len.min(data.len())]);
    }

    /// tcpdump's `print_unknown_data` on the bytes at offset `at` of `pkt`, which may lie past
    /// the captured bytes: then tcpdump's dissector-error line is printed instead and the
    /// result is false.
    pub(crate) fn print_unknown_data_at(
        &mut self,
        pkt: &[u8],
        at: usize,
        ident: &str,
        len: usize,
    ) -> bool {
        match pkt.get(at..) {
            Some(data) => {
                self.print_unknown_data(data, ident, len);
                true
            }
            None => {
                self.s(ident);
                self.s(
                    "Dissector error: print_unknown_data called with pointer past end of packet",
                );
                false
            }
        }
    }
}

/// How a printer stopped short of its end: tcpdump's longjmp to the top (a `GET_` read past
/// the captured bytes), or a local `goto trunc` (an `ND_TCHECK` failing), after which the
/// function owning the label prints what tcpdump prints there and its caller carries on.
pub(crate) enum Stop {
    /// Unwind to the top, as [`Trunc`].
    Jmp,
    /// Go to the local truncation label.
    Local,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Jmp
    }
}

/// The result of a printing step that may stop either way.
pub(crate) type R<T = ()> = Result<T, Stop>;

/// tcpdump's `ND_TCHECK_LEN` with a local truncation label: whether `n` bytes from `off` were
/// captured.
pub(crate) fn tcheck(p: &[u8], off: usize, n: usize) -> R {
    if super::has(p, off, n) {
        Ok(())
    } else {
        Err(Stop::Local)
    }
}

/// tcpdump's `fetch_token`: the printable token at `idx` (ended by a blank or a line end, at most
/// 127 characters) and the index after it and the spaces that follow; `None` when there is no
/// such token in the captured bytes.
fn fetch_token(p: &[u8], idx: usize, len: usize) -> Option<(usize, &[u8])> {
    let start = idx;
    let mut idx = idx;
    while idx < len {
        let c = *p.get(idx)?;
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !c.is_ascii_graphic() || idx - start + 2 > 129 {
            return None;
        }
        idx += 1;
    }
    if idx == start {
        return None;
    }
    let token = &p[start..idx];
    while idx < len && p.get(idx) == Some(&b' ') {
        idx += 1;
    }
    Some((idx, token))
}

impl Nd<'_> {
    /// tcpdump's `nd_print_protocol_caps`: the protocol's name in capitals.
    pub(crate) fn protocol_caps(&mut self) {
        self.o
            .extend(self.proto.bytes().map(|c| c.to_ascii_uppercase()));
    }

    /// tcpdump's `txtproto_print`, for text protocols: the protocol's name, then its first line
    /// (`-v`: the length and every line). With `cmds`, only a request (a command of the list) or
    /// a response (a three-digit code, the second token when `code_second`) is printed so; other
    /// segments (continuations) print the name only.
    pub(crate) fn txtproto(
        &mut self,
        p: &[u8],
        len: usize,
        cmds: Option<&[&str]>,
        code_second: bool,
    ) -> Res {
        let print_this = match cmds {
            None => true,
            Some(cmds) => match fetch_token(p, 0, len) {
                None => false,
                Some((idx, first)) => {
                    let cmd = cmds
                        .iter()
                        .any(|c| c.as_bytes().eq_ignore_ascii_case(first));
                    let code = if code_second {
                        fetch_token(p, idx, len).map(|(_, t)| t)
                    } else {
                        Some(first)
                    };
                    cmd || code.is_some_and(|t| t.len() == 3 && t.iter().all(u8::is_ascii_digit))
                }
            },
        };
        self.protocol_caps();
        if !print_this {
            return Ok(());
        }
        if self.opts.verbose > 0 {
            self.f(format_args!(", length: {len}"));
            let mut idx = 0;
            while idx < len {
                match self.txt_line("\n\t", p, idx, len)? {
                    Some(next) => idx = next,
                    None => break,
                }
            }
        } else {
            self.txt_line(": ", p, 0, len)?;
        }
        Ok(())
    }

    /// tcpdump's `print_txt_line`: the printable line from `start` (tabs allowed) ended by LF or
    /// CRLF, after `prefix`; returns where the next line starts, or `None` when the text is not
    /// a line (binary data, or a line that does not end in the segment, printed as truncated).
    pub(crate) fn txt_line(
        &mut self,
        prefix: &str,
        p: &[u8],
        start: usize,
        len: usize,
    ) -> Res<Option<usize>> {
        let mut idx = start;
        while idx < len {
            match super::u8at(p, idx)? {
                b'\n' => {
                    self.s(prefix);
                    self.o.extend_from_slice(&p[start..idx]);
                    return Ok(Some(idx + 1));
                }
                b'\r' => {
                    if idx + 1 >= len || super::u8at(p, idx + 1)? != b'\n' {
                        return Ok(None);
                    }
                    self.s(prefix);
                    self.o.extend_from_slice(&p[start..idx]);
                    return Ok(Some(idx + 2));
                }
                c if !(c.is_ascii_graphic() || c == b' ' || c == b'\t') => return Ok(None),
                _ => idx += 1,
            }
        }
        self.s(prefix);
        self.o.extend_from_slice(&p[start..idx]);
        self.trunc();
        Ok(None)
    }
}

/// `fmt::Write` over the output line, for `write!` with several arguments.
struct Out<'n, 'a>(&'n mut Nd<'a>);

impl std::fmt::Write for Out<'_, '_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.s(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_templates() {
        assert_eq!(fmt1("unknown (%u)", 7), "unknown (7)");
        assert_eq!(fmt1("#%d", 0xffff_ffff), "#-1");
        assert_eq!(fmt1("0x%02x", 5), "0x05");
        assert_eq!(fmt1("%08x", 0xab), "000000ab");
        assert_eq!(fmt1("%#x", 16), "0x10");
        assert_eq!(fmt1("%-4u|", 3), "3   |");
        assert_eq!(fmt1("100%% of %lu", 2), "100% of 2");
    }

    #[test]
    fn tables_and_bits() {
        const T: &Tok = &[(1, "SYN"), (2, "ACK"), (4, "FIN")];
        assert_eq!(tok2str(T, "unknown (%u)", 2), "ACK");
        assert_eq!(tok2str(T, "unknown (%u)", 9), "unknown (9)");
        assert_eq!(bittok2str(T, "none", 5), "SYN, FIN");
        assert_eq!(bittok2str_nosep(T, "none", 3), "SYNACK");
        assert_eq!(bittok2str(T, "none", 8), "none");
    }

    #[test]
    fn printf_g() {
        assert_eq!(fmt_g(0.0, 10), "0");
        assert_eq!(fmt_g(100.0, 10), "100");
        assert_eq!(fmt_g(1.5e-5, 10), "1.5e-05");
        assert_eq!(fmt_g(12345678901.0, 10), "1.23456789e+10");
        assert_eq!(fmt_g(0.001, 10), "0.001");
        assert_eq!(fmt_g(2.0 / 3.0, 10), "0.6666666667");
        assert_eq!(fmt_g(f64::INFINITY, 10), "inf");
        assert_eq!(fmt_g(999999.99, 3), "1e+06");
        assert_eq!(fmt_f(0.125, 2), "0.12");
        assert_eq!(fmt_f(-f64::NAN, 3), "-nan");
    }

    #[test]
    fn prefix_lengths() {
        assert_eq!(mask2plen(0xffff_ff00), 24);
        assert_eq!(mask2plen(0), 0);
        assert_eq!(mask2plen(0xffff_ffff), 32);
        assert_eq!(mask2plen(0xff00_ff00), -1);
        let mut m = [0u8; 16];
        m[..8].fill(0xff);
        assert_eq!(mask62plen(&m), 64);
        m[9] = 1;
        assert_eq!(mask62plen(&m), 64);
        m[8] = 0xe0;
        assert_eq!(mask62plen(&m), 67);
        m[8] = 0x0f;
        assert_eq!(mask62plen(&m), 64);
    }
}
