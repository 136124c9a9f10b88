//! Cisco UniDirectional Link Detection (RFC 5171), as tcpdump's print-udld.c.
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, u8at};

const TLV_VALUES: &Tok = &[
    (1, "Device-ID TLV"),
    (2, "Port-ID TLV"),
    (3, "Echo TLV"),
    (4, "Message Interval TLV"),
    (5, "Timeout Interval TLV"),
    (6, "Device Name TLV"),
    (7, "Sequence Number TLV"),
];

const CODE_VALUES: &Tok = &[
    (0, "Reserved"),
    (1, "Probe message"),
    (2, "Echo message"),
    (3, "Flush message"),
];

const FLAGS: &Tok = &[
    (1 << 0, "RT"),
    (1 << 1, "RSY"),
    (1 << 2, "MBZ-2"),
    (1 << 3, "MBZ-3"),
    (1 << 4, "MBZ-4"),
    (1 << 5, "MBZ-5"),
    (1 << 6, "MBZ-6"),
    (1 << 7, "MBZ-7"),
];

/// Prints a UDLD packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "udld";
    if length < 4 {
        return nd.invalid_rest(p, 0, length);
    }
    let b = u8at(p, 0)?;
    let (ver, code) = ((b & 0xe0) >> 5, b & 0x1f);
    let flags = u8at(p, 1)?;
    nd.f(format_args!("UDLDv{ver}, Code "));
    nd.tok2str(CODE_VALUES, "Reserved", code.into());
    nd.f(format_args!(" ({code:x}), Flags ["));
    nd.bittok2str(FLAGS, "none", flags.into());
    nd.f(format_args!("] (0x{flags:02x}), length {length}"));
    if nd.opts.verbose < 1 {
        sl(p, 2, length - 2)?;
        return Ok(());
    }
    nd.f(format_args!(
        "\n\tChecksum 0x{:04x} (unverified)",
        be16(p, 2)?
    ));
    let mut i = 4;
    let mut left = length - 4;
    while left > 0 {
        if left < 4 {
            return nd.invalid_rest(p, i, left);
        }
        let ty = be16(p, i)?;
        let len = usize::from(be16(p, i + 2)?);
        i += 4;
        left -= 4;
        nd.s("\n\t");
        nd.tok2str(TLV_VALUES, "Unknown", ty.into());
        nd.f(format_args!(" (0x{ty:04x}) TLV, length {len}"));
        if len <= 4 {
            return nd.invalid_rest(p, i, left);
        }
        let len = len - 4;
        if left < len {
            return nd.invalid_rest(p, i, left);
        }
        let v = super::tail(p, i);
        match ty {
            1 | 2 | 6 => {
                nd.s(", ");
                nd.printjnp(v, len)?;
            }
            3 => {
                nd.s(", ");
                nd.printjn(v, len)?;
            }
            4 | 5 => {
                if len != 1 {
                    return nd.invalid_rest(p, i, left);
                }
                nd.f(format_args!(", {}s", u8at(v, 0)?));
            }
            7 => {
                if len != 4 {
                    return nd.invalid_rest(p, i, left);
                }
                nd.f(format_args!(", {}", be32(v, 0)?));
            }
            _ => {
                sl(v, 0, len)?;
            }
        }
        i += len;
        left -= len;
    }
    Ok(())
}
