//! Hex and ASCII dumps (`-x`, `-X`, `-A` and their doubled forms), as tcpdump's print-ascii.c.
use super::Nd;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The dump `-x`/`-X`/`-A` ask for after the packet's line; `hdrlen` is the link header's length.
pub(crate) fn dump(nd: &mut Nd<'_>, data: &[u8], hdrlen: usize) {
    let o = nd.opts;
    // The doubled flags include the link-layer header.
    let body = |twice: bool| {
        if twice {
            data
        } else {
            data.get(hdrlen..).unwrap_or(&[])
        }
    };
    if o.hex_ascii > 0 {
        let b = body(o.hex_ascii > 1);
        if !b.is_empty() {
            hex_and_ascii(nd.o, "\n\t", b);
        }
    } else if o.hex > 0 {
        let b = body(o.hex > 1);
        if !b.is_empty() {
            hex(nd.o, "\n\t", b);
        }
    } else if o.ascii > 0 {
        let b = body(o.ascii > 1);
        if !b.is_empty() {
            ascii(nd.o, b);
        }
    }
}

/// tcpdump's `hex_print`: 16 bytes a line in groups of two, each line prefixed by `ident` and
/// the offset.
pub(crate) fn hex(o: &mut Vec<u8>, ident: &str, data: &[u8]) {
    for (line, chunk) in data.chunks(16).enumerate() {
        offset(o, ident, line * 16);
        for pair in chunk.chunks(2) {
            o.push(b' ');
            for &b in pair {
                o.push(HEX[(b >> 4) as usize]);
                o.push(HEX[(b & 15) as usize]);
            }
        }
    }
}

/// tcpdump's `hex_and_ascii_print`: as [`hex`], with the printable characters beside.
pub(crate) fn hex_and_ascii(o: &mut Vec<u8>, ident: &str, data: &[u8]) {
    for (line, chunk) in data.chunks(16).enumerate() {
        offset(o, ident, line * 16);
        let start = o.len();
        for pair in chunk.chunks(2) {
            o.push(b' ');
            for &b in pair {
                o.push(HEX[(b >> 4) as usize]);
                o.push(HEX[(b & 15) as usize]);
            }
        }
        // The hex column is padded to its full width (8 groups of 5) before the text.
        while o.len() - start < 40 {
            o.push(b' ');
        }
        o.extend_from_slice(b"  ");
        for &b in chunk {
            o.push(if (0x21..0x7f).contains(&b) { b } else { b'.' });
        }
    }
}

/// `IDENT0xOFFSET: `, the offset in at least four hex digits (`%04x`: a packet over 64 KiB
/// goes on with `0x10000`).
fn offset(o: &mut Vec<u8>, ident: &str, off: usize) {
    o.extend_from_slice(ident.as_bytes());
    o.extend_from_slice(b"0x");
    let digits = (usize::BITS - off.leading_zeros()).div_ceil(4).max(4);
    for shift in (0..digits).rev().map(|d| 4 * d) {
        o.push(HEX[(off >> shift) & 15]);
    }
    o.extend_from_slice(b": ");
}

/// tcpdump's `ascii_print` (`-A`): printable characters, tabs, spaces and newlines as they
/// are, a CR before an LF dropped, anything else as `.`.
pub(crate) fn ascii(o: &mut Vec<u8>, data: &[u8]) {
    o.push(b'\n');
    for (i, &b) in data.iter().enumerate() {
        if b == b'\r' {
            // As tcpdump: a CR is dropped before a LF and within the last two bytes.
            if data.len() - i - 1 > 1 && data[i + 1] != b'\n' {
                o.push(b'.');
            }
        } else if b.is_ascii_graphic() || b == b'\t' || b == b' ' || b == b'\n' {
            o.push(b);
        } else {
            o.push(b'.');
        }
    }
}

/// tcpdump's `ND_DEFAULTPRINT` for payloads no printer decodes (suppressed by -x/-X/-A).
pub(crate) fn default_print(nd: &mut Nd<'_>, data: &[u8]) {
    if !nd.opts.suppress_default_print() {
        hex_and_ascii(nd.o, "\n\t", data);
    }
}

/// tcpdump's `hex_and_ascii_print` of `length` bytes (as `ND_DEFAULTPRINT` with a length):
/// the captured part is dumped, and a length beyond it is a truncation once dumped.
pub(crate) fn hex_and_ascii_len(nd: &mut Nd<'_>, data: &[u8], length: usize) -> super::Res {
    hex_and_ascii(nd.o, "\n\t", &data[..length.min(data.len())]);
    if length > data.len() {
        return Err(super::Trunc);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_lines() {
        let mut o = Vec::new();
        hex(&mut o, "\n\t", &[0x45, 0, 0, 0x3c, 0x1b]);
        assert_eq!(o, b"\n\t0x0000:  4500 003c 1b");
        let mut o = Vec::new();
        hex(&mut o, "\n\t", &[0u8; 0x10012]);
        let text = String::from_utf8(o).unwrap();
        assert!(text.ends_with("\n\t0xfff0:  0000 0000 0000 0000 0000 0000 0000 0000\n\t0x10000:  0000 0000 0000 0000 0000 0000 0000 0000\n\t0x10010:  0000"), "{}", &text[text.len() - 200..]);
        let mut o = Vec::new();
        hex_and_ascii(&mut o, "\n\t", b"E\0\0<");
        assert_eq!(
            String::from_utf8(o).unwrap(),
            format!("\n\t0x0000:  4500 003c{}  E..<", " ".repeat(30))
        );
    }

    #[test]
    fn ascii_drops_cr_before_lf() {
        let mut o = Vec::new();
        ascii(&mut o, b"a\r\nb\rcd\x01\r");
        assert_eq!(o, b"\na\nb.cd.");
    }
}
