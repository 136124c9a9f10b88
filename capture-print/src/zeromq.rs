//! ZMTP/1.0, the ZeroMQ Message Transport Protocol, as tcpdump's print-zeromq.c: its frames
//! in a TCP segment (`-T zmtp1`) or in the data of an ODATA/RDATA PGM packet
//! (`-T pgm_zmtp1`).
use super::{Nd, Res, Trunc, ascii, be16, be64, u8at};

/// The most frame body bytes dumped with a single `-v`.
const VBYTES: u64 = 128;

/// tcpdump's `hex_and_ascii_print` of `len` bytes at `at`: what was captured, then a
/// truncation.
fn dump(nd: &mut Nd<'_>, b: &[u8], at: usize, len: u64) -> Res {
    let avail = b.get(at..).unwrap_or(&[]);
    let n = usize::try_from(len).unwrap_or(usize::MAX).min(avail.len());
    ascii::hex_and_ascii(nd.o, "\n\t ", &avail[..n]);
    if (n as u64) < len { Err(Trunc) } else { Ok(()) }
}

/// Whether `len` bytes from `at` were captured (tcpdump's `ND_TCHECK_LEN` with a 64-bit length).
fn captured(b: &[u8], at: usize, len: u64) -> bool {
    (at as u64)
        .checked_add(len)
        .is_some_and(|end| end <= b.len() as u64)
}

/// One frame at `cp`, within `ep`; returns where the next one starts.
fn frame(nd: &mut Nd<'_>, b: &[u8], cp: usize, ep: usize) -> Res<usize> {
    nd.s("\n\t");
    let (header_len, declared) = if u8at(b, cp)? != 0xff {
        let l = u64::from(b[cp]);
        nd.f(format_args!(" frame flags+body  (8-bit) length {l}"));
        (1usize, l)
    } else {
        nd.s(" frame flags+body (64-bit) length");
        if !captured(b, cp, 9) {
            return Err(Trunc);
        }
        let l = be64(b, cp + 1)?;
        nd.f(format_args!(" {l}"));
        (9, l)
    };
    if declared == 0 {
        return Ok(cp + header_len);
    }
    if !captured(b, cp, header_len as u64 + 1) {
        return Err(Trunc);
    }
    let flags = b[cp + header_len];
    // tcpdump's unsigned difference, which wraps when the header ends past `ep`.
    let body_captured = (ep as u64)
        .wrapping_sub(cp as u64)
        .wrapping_sub(header_len as u64);
    if declared > body_captured {
        nd.f(format_args!(" ({body_captured} captured)"));
    }
    nd.f(format_args!(", flags 0x{flags:02x}"));
    if nd.opts.verbose > 0 {
        nd.s(" (");
        for (bit, name) in [
            (0x80, "MBZ"),
            (0x40, "MBZ"),
            (0x20, "MBZ"),
            (0x10, "MBZ"),
            (0x08, "MBZ"),
            (0x04, "MBZ"),
            (0x02, "MBZ"),
            (0x01, "MORE"),
        ] {
            if bit != 0x80 {
                nd.s("|");
            }
            nd.s(if flags & bit != 0 { name } else { "-" });
        }
        nd.s(")");
        let mut printed = body_captured.min(declared);
        if nd.opts.verbose == 1 {
            printed = printed.min(VBYTES + 1);
        }
        if printed > 1 {
            nd.f(format_args!(", first {} byte(s) of body:", printed - 1));
            dump(nd, b, cp + header_len + 1, printed - 1)?;
        }
    }
    let cp = cp + header_len;
    if !captured(b, cp, declared) {
        return Err(Trunc);
    }
    Ok(cp + declared as usize)
}

/// Prints the ZMTP/1.0 frames of a TCP segment of `len` bytes (`-T zmtp1`).
pub(crate) fn print(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res {
    let ep = b.len().min(len);
    nd.proto = "zmtp1";
    nd.s(": ZMTP/1.0");
    let mut cp = 0;
    while cp < ep {
        cp = frame(nd, b, cp, ep)?;
    }
    Ok(())
}

/// Prints a ZeroMQ datagram of `len` bytes carried by PGM: the offset of the first frame, the
/// intermediate part before it, and the frames.
pub(crate) fn print_datagram(nd: &mut Nd<'_>, b: &[u8], len: u32) -> Res {
    let ep = b.len().min(len as usize);
    nd.proto = "zmtp1";
    let mut offset = u32::from(be16(b, 0)?);
    nd.f(format_args!("\n\t frame offset 0x{offset:04x}"));
    let remaining = b.len().saturating_sub(2) as u32;
    if offset == 0xffff {
        offset = len.wrapping_sub(2);
    } else if 2 + offset > len {
        nd.s(" (exceeds datagram declared length)");
        return Err(Trunc);
    }
    if offset != 0 {
        nd.f(format_args!("\n\t frame intermediate part, {offset} bytes"));
        if offset > remaining {
            nd.f(format_args!(" ({remaining} captured)"));
        }
        if nd.opts.verbose > 0 {
            let mut printed = offset.min(remaining);
            if nd.opts.verbose == 1 {
                printed = printed.min(VBYTES as u32);
            }
            if printed > 1 {
                nd.f(format_args!(", first {printed} byte(s):"));
                dump(nd, b, 2, u64::from(printed))?;
            }
        }
    }
    let mut cp = 2 + offset as usize;
    while cp < ep {
        cp = frame(nd, b, cp, ep)?;
    }
    Ok(())
}
