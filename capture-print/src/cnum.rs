//! C's `strtol`, `strtoul` and `atoi`, as glibc reads numbers: where tcpdump takes a number
//! out of text (its command line's `-c`, `-s`, `-B`, `-W`, `-G`; in the printers an `-E`
//! secret's SPI, a Zephyr field, an AFS ACL), it reads what C reads: leading white space, a
//! sign, a `0x` or `0` prefix, the digits, and a value past the type's range saturated.

/// A number as `strtol`/`strtoul` read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The digits' value (meaningless when `overflow`).
    magnitude: u64,
    neg: bool,
    /// The digits' value is past `u64`.
    overflow: bool,
    /// Where the number ends in the text.
    pub end: usize,
}

/// C's `isspace` in the C locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Reads the number at the start of `s` in `radix`: 10 or 16 (a `0x` prefix taken), or 0 for
/// C's prefixes (`0x` hexadecimal, `0` octal, else decimal). None when there are no digits.
pub fn parse(s: &[u8], radix: u32) -> Option<Parsed> {
    let digit = |i: usize, radix: u32| s.get(i).and_then(|&c| (c as char).to_digit(radix));
    let mut i = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    let neg = s.get(i) == Some(&b'-');
    if matches!(s.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let hex_prefix = s.get(i) == Some(&b'0')
        && matches!(s.get(i + 1), Some(b'x' | b'X'))
        && digit(i + 2, 16).is_some();
    let radix = match radix {
        0 if hex_prefix => 16,
        0 if s.get(i) == Some(&b'0') => 8,
        0 => 10,
        r => r,
    };
    if radix == 16 && hex_prefix {
        i += 2;
    }
    let start = i;
    let (mut magnitude, mut overflow) = (0u64, false);
    while let Some(d) = digit(i, radix) {
        match magnitude
            .checked_mul(radix.into())
            .and_then(|v| v.checked_add(d.into()))
        {
            Some(v) => magnitude = v,
            None => overflow = true,
        }
        i += 1;
    }
    (i > start).then_some(Parsed {
        magnitude,
        neg,
        overflow,
        end: i,
    })
}

impl Parsed {
    /// `strtoul`'s value: `u64::MAX` past the range, a negative number taken modulo 2^64.
    pub fn unsigned(&self) -> u64 {
        match (self.overflow, self.neg) {
            (true, _) => u64::MAX,
            (false, true) => self.magnitude.wrapping_neg(),
            (false, false) => self.magnitude,
        }
    }

    /// `strtol`'s value: `i64::MIN` or `i64::MAX` past the range.
    pub fn signed(&self) -> i64 {
        let big = self.overflow || self.magnitude > i64::MAX as u64 + u64::from(self.neg);
        match (big, self.neg) {
            (true, false) => i64::MAX,
            (true, true) => i64::MIN,
            (false, true) => (self.magnitude as i64).wrapping_neg(),
            (false, false) => self.magnitude as i64,
        }
    }
}

/// C's `atoi` as glibc has it: `(int) strtol(s, NULL, 10)` (the low 32 bits of the saturated
/// value), 0 without digits.
pub fn atoi(s: &str) -> i32 {
    parse(s.as_bytes(), 10).map_or(0, |p| p.signed() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ul(s: &str) -> (u64, usize) {
        parse(s.as_bytes(), 0).map_or((0, 0), |p| (p.unsigned(), p.end))
    }

    fn l(s: &str, radix: u32) -> Option<i64> {
        parse(s.as_bytes(), radix).map(|p| p.signed())
    }

    #[test]
    fn as_glibc_reads_them() {
        assert_eq!(ul(" 0x12345678@"), (0x1234_5678, 11));
        assert_eq!(ul("017"), (15, 3));
        assert_eq!(ul("0x"), (0, 1));
        assert_eq!(ul("0xg"), (0, 1));
        assert_eq!(ul("-1"), (u64::MAX, 2));
        assert_eq!(ul("99999999999999999999"), (u64::MAX, 20));
        assert_eq!(ul("x"), (0, 0));
        assert_eq!(l("\t-42z", 10), Some(-42));
        assert_eq!(l("0x10", 10), Some(0));
        assert_eq!(l("0x10", 16), Some(16));
        assert_eq!(l("10", 16), Some(16));
        assert_eq!(l("9223372036854775808", 10), Some(i64::MAX));
        assert_eq!(l("-9223372036854775808", 10), Some(i64::MIN));
        assert_eq!(l("-9223372036854775809", 10), Some(i64::MIN));
        assert_eq!(l("+", 10), None);
    }

    #[test]
    fn atoi_keeps_an_ints_bits() {
        assert_eq!(atoi(" 12x"), 12);
        assert_eq!(atoi("x"), 0);
        assert_eq!(atoi("99999999999"), 1_215_752_191);
        assert_eq!(atoi("4294967296"), 0);
        assert_eq!(atoi("-2147483649"), i32::MAX);
        // Saturated at i64::MAX first, whose low 32 bits are all ones.
        assert_eq!(atoi("99999999999999999999"), -1);
    }
}
