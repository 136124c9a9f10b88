//! RESP (the REdis Serialization Protocol), as tcpdump's print-resp.c: each simple string,
//! error, integer, bulk string, array element and inline command of a segment, quoted.
use super::{Nd, Res, Trunc, u8at};

/// What a bulk length turned out to be, when it is not a length.
enum BadLength {
    /// -1: a null string or array.
    Null,
    /// The data ended inside it.
    Trunc,
    /// More than `i32::MAX`.
    TooLarge,
    /// Negative and not -1.
    Negative,
    /// Not a number followed by CRLF.
    Invalid,
}

/// Why parsing stopped early.
enum Stop {
    /// The item ran past the segment or the captured bytes where tcpdump checks for it: the
    /// mark is printed here (tcpdump's `goto trunc`).
    Short,
    /// A read went past the captured bytes: tcpdump's longjmp to the top.
    Jump,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Jump
    }
}

/// A parsing step's result.
type Step<T> = Result<T, Stop>;

/// Prints the RESP items of a segment; `length` is the TCP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "resp";
    nd.s(": RESP");
    let mut at = 0;
    let mut length = length;
    // Pipelined commands: items follow each other until the segment is used up.
    while length > 0 {
        match parse(nd, bp, at, length) {
            Ok(used) => {
                at += used;
                length -= used;
            }
            Err(Stop::Short) => {
                nd.trunc();
                return Ok(());
            }
            Err(Stop::Jump) => return Err(Trunc),
        }
    }
    Ok(())
}

/// One item at `at` of at most `length` bytes; returns the bytes it used.
fn parse(nd: &mut Nd<'_>, bp: &[u8], at: usize, length: usize) -> Step<usize> {
    if length < 1 {
        return Err(Stop::Short);
    }
    match u8at(bp, at)? {
        b'+' | b':' | b'-' => simple(nd, bp, at, length),
        b'$' => bulk_string(nd, bp, at, length),
        b'*' => array(nd, bp, at, length),
        _ => inline(nd, bp, at, length),
    }
}

/// The index of the next CRLF from `at` within `len` bytes (tcpdump's `FIND_CRLF`), and the
/// bytes left from there.
fn find_crlf(bp: &[u8], mut at: usize, mut len: usize) -> Step<(usize, usize)> {
    loop {
        if len < 2 || at + 2 > bp.len() {
            return Err(Stop::Short);
        }
        if bp[at] == b'\r' && bp[at + 1] == b'\n' {
            return Ok((at, len));
        }
        at += 1;
        len -= 1;
    }
}

/// ` "text"`; running past the captured bytes is a truncation.
fn segment(nd: &mut Nd<'_>, bp: &[u8], at: usize, len: usize) -> Step<()> {
    nd.s(" \"");
    if nd.printn(super::tail(bp, at), len) {
        return Err(Stop::Short);
    }
    nd.s("\"");
    Ok(())
}

/// `+text`, `-error` or `:integer`, up to CRLF.
fn simple(nd: &mut Nd<'_>, bp: &[u8], at: usize, length: usize) -> Step<usize> {
    let start = at + 1;
    let (end, _) = find_crlf(bp, start, length - 1)?;
    let len = end - start;
    segment(nd, bp, start, len)?;
    Ok(1 + len + 2)
}

/// `$<length>\r\n<bytes>\r\n`.
fn bulk_string(nd: &mut Nd<'_>, bp: &[u8], at: usize, length: usize) -> Step<usize> {
    let mut cur = length - 1;
    let mut p = at + 1;
    let (n, end) = get_length(bp, p, cur)?;
    cur -= end - p;
    p = end;
    match n {
        Ok(0) => nd.s(" empty"),
        Ok(n) => {
            if cur < n || p + n > bp.len() {
                return Err(Stop::Short);
            }
            segment(nd, bp, p, n)?;
            p += n;
            cur -= n;
        }
        Err(bad) => {
            bad_length(nd, bad)?;
            return Ok(length - cur);
        }
    }
    let (_, left) = find_crlf(bp, p, cur)?;
    Ok(length - (left - 2))
}

/// `*<count>\r\n` and that many items.
fn array(nd: &mut Nd<'_>, bp: &[u8], at: usize, length: usize) -> Step<usize> {
    let mut cur = length - 1;
    let mut p = at + 1;
    let (n, end) = get_length(bp, p, cur)?;
    cur -= end - p;
    p = end;
    match n {
        Ok(0) => nd.s(" empty"),
        Ok(n) => {
            for _ in 0..n {
                let used = parse(nd, bp, p, cur)?;
                p += used;
                cur -= used;
            }
        }
        Err(bad) => bad_length(nd, bad)?,
    }
    Ok(length - cur)
}

/// What tcpdump prints for a length that is not one (or the truncation).
fn bad_length(nd: &mut Nd<'_>, bad: BadLength) -> Step<()> {
    match bad {
        BadLength::Null => nd.s(" null"),
        BadLength::Trunc => return Err(Stop::Short),
        BadLength::TooLarge => nd.s(" length too large"),
        BadLength::Negative => nd.s(" length negative and not -1"),
        BadLength::Invalid => nd.s(" invalid"),
    }
    Ok(())
}

/// Skips CR and LF bytes (tcpdump's `CONSUME_CR_OR_LF`): at least one must be there unless a
/// byte other than CR or LF comes first.
fn skip_cr_lf(bp: &[u8], mut at: usize, mut len: usize) -> Step<(usize, usize)> {
    let mut found = false;
    loop {
        if len == 0 || at >= bp.len() {
            if found {
                return Ok((at, len));
            }
            return Err(Stop::Short);
        }
        if bp[at] != b'\r' && bp[at] != b'\n' {
            return Ok((at, len));
        }
        found = true;
        at += 1;
        len -= 1;
    }
}

/// An inline command: text up to CR or LF.
fn inline(nd: &mut Nd<'_>, bp: &[u8], at: usize, length: usize) -> Step<usize> {
    let (start, mut cur) = skip_cr_lf(bp, at, length)?;
    let mut p = start;
    loop {
        if cur < 1 {
            return Err(Stop::Short);
        }
        let c = u8at(bp, p)?;
        if c == b'\r' || c == b'\n' {
            break;
        }
        p += 1;
        cur -= 1;
    }
    segment(nd, bp, start, p - start)?;
    let (_, cur) = skip_cr_lf(bp, p, cur)?;
    Ok(length - cur)
}

/// A bulk or array length at `at` within `len` bytes and the index after it (tcpdump's
/// `resp_get_length`).
fn get_length(bp: &[u8], mut at: usize, mut len: usize) -> Res<(Result<usize, BadLength>, usize)> {
    if len == 0 {
        return Ok((Err(BadLength::Trunc), at));
    }
    let neg = u8at(bp, at)? == b'-';
    if neg {
        at += 1;
        len -= 1;
    }
    let mut result: i32 = 0;
    let mut saw_digit = false;
    let mut too_large = false;
    loop {
        if len == 0 {
            return Ok((Err(BadLength::Trunc), at));
        }
        let c = u8at(bp, at)?;
        if !c.is_ascii_digit() {
            if !saw_digit {
                return Ok((Err(BadLength::Invalid), at + 1));
            }
            break;
        }
        let d = i32::from(c - b'0');
        if result > i32::MAX / 10 {
            too_large = true;
        } else {
            result *= 10;
            if result == (i32::MAX / 10) * 10 && d > i32::MAX % 10 {
                too_large = true;
            } else {
                result += d;
            }
        }
        at += 1;
        len -= 1;
        saw_digit = true;
    }
    if u8at(bp, at)? != b'\r' {
        return Ok((Err(BadLength::Invalid), at + 1));
    }
    at += 1;
    len -= 1;
    if len == 0 {
        return Ok((Err(BadLength::Trunc), at));
    }
    if u8at(bp, at)? != b'\n' {
        return Ok((Err(BadLength::Invalid), at + 1));
    }
    at += 1;
    if neg {
        if too_large || result != 1 {
            return Ok((Err(BadLength::Negative), at));
        }
        return Ok((Err(BadLength::Null), at));
    }
    if too_large {
        return Ok((Err(BadLength::TooLarge), at));
    }
    Ok((Ok(result as usize), at))
}
