//! Arista's vendor-specific ethertype, as tcpdump's print-arista.c: the timestamp header that
//! precedes the original type field.
use super::util::Tok;
use super::{Nd, Res, be16, be32, u8at};

const SUBTYPE_TIMESTAMP: u16 = 1;
const SUBTYPE_VALUES: &Tok = &[(1, "Timestamp")];
const TIMESCALE_VALUES: &Tok = &[(0, "TAI"), (1, "UTC")];
const FORMAT_64BIT: u8 = 1;
const FORMAT_48BIT: u8 = 2;
const FORMAT_VALUES: &Tok = &[(1, "64-bit"), (2, "48-bit")];
const HW_INFO_VALUES: &Tok = &[(0, "R/R2"), (1, "R3")];

/// Prints the header after the type; returns its length, or None for a subtype or format it
/// does not know (the caller dumps the rest).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], _length: usize) -> Res<Option<usize>> {
    nd.proto = "arista";
    let subtype = be16(p, 0)?;
    nd.s("SubType ");
    nd.tok2str(SUBTYPE_VALUES, "Unknown", subtype.into());
    nd.f(format_args!(" (0x{subtype:04x}), "));
    if subtype != SUBTYPE_TIMESTAMP {
        return Ok(None);
    }
    let timescale = u8at(p, 2)?;
    nd.s("Timescale ");
    nd.tok2str(TIMESCALE_VALUES, "Unknown", timescale.into());
    nd.f(format_args!(" ({timescale}), "));
    let b = u8at(p, 3)?;
    let (format, hw_info) = (b >> 4, b & 0x0f);
    nd.s("Format ");
    nd.tok2str(FORMAT_VALUES, "Unknown", format.into());
    nd.f(format_args!(" ({format}), HwInfo "));
    nd.tok2str(HW_INFO_VALUES, "Unknown", hw_info.into());
    nd.f(format_args!(" ({hw_info}), Timestamp "));
    let used = match format {
        FORMAT_64BIT => {
            let secs = be32(p, 4)?;
            let nsecs = be32(p, 8)?;
            date_time(
                nd,
                u64::from(secs) + u64::from(nsecs / 1_000_000_000),
                nsecs % 1_000_000_000,
            );
            12
        }
        FORMAT_48BIT => {
            let secs = u64::from(be16(p, 4)?);
            let nsecs = be32(p, 6)?;
            nd.f(format_args!(
                "{}.{:09}",
                secs + u64::from(nsecs / 1_000_000_000),
                nsecs % 1_000_000_000
            ));
            10
        }
        _ => return Ok(None),
    };
    nd.s(": ");
    Ok(Some(used))
}

/// `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in UTC, as tcpdump's `gmtime` and `strftime`.
fn date_time(nd: &mut Nd<'_>, secs: u64, nsecs: u32) {
    match chrono::DateTime::from_timestamp(secs as i64, 0) {
        Some(t) => nd.f(format_args!("{}.{nsecs:09}", t.format("%Y-%m-%d %H:%M:%S"))),
        None => nd.s("gmtime() error"),
    }
}
