//! Cisco Dynamic Trunking Protocol, as tcpdump's print-dtp.c.
use super::util::Tok;
use super::{Nd, Res, be16, sl, u8at};

const DOMAIN_TLV: u16 = 1;
const STATUS_TLV: u16 = 2;
const DTP_TYPE_TLV: u16 = 3;
const NEIGHBOR_TLV: u16 = 4;

const TLV_VALUES: &Tok = &[
    (1, "Domain"),
    (2, "Status"),
    (3, "DTP type"),
    (4, "Neighbor"),
];

/// Prints a DTP packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "dtp";
    if length < 1 {
        nd.s("[zero packet length]");
        return nd.invalid_rest(p, 0, length);
    }
    nd.f(format_args!("DTPv{}, length {length}", u8at(p, 0)?));
    if nd.opts.verbose < 1 {
        return Ok(());
    }
    let mut i = 1;
    let mut left = length - 1;
    while left > 0 {
        if left < 4 {
            nd.f(format_args!("[{left} bytes remaining]"));
            return nd.invalid_rest(p, i, left);
        }
        let ty = be16(p, i)?;
        let len = usize::from(be16(p, i + 2)?);
        // Seen in captures: a zero type ends the list.
        if ty == 0 {
            return Ok(());
        }
        nd.s("\n\t");
        nd.tok2str(TLV_VALUES, "Unknown", ty.into());
        nd.f(format_args!(" (0x{ty:04x}) TLV, length {len}"));
        if len < 4 || len > left {
            nd.f(format_args!("[invalid TLV length {len}]"));
            return nd.invalid_rest(p, i, left);
        }
        match ty {
            DOMAIN_TLV => {
                nd.s(", ");
                nd.printjnp(super::tail(p, i + 4), len - 4)?;
            }
            STATUS_TLV | DTP_TYPE_TLV => {
                if len != 5 {
                    return nd.invalid_rest(p, i, left);
                }
                nd.f(format_args!(", 0x{:x}", u8at(p, i + 4)?));
            }
            NEIGHBOR_TLV => {
                if len != 10 {
                    return nd.invalid_rest(p, i, left);
                }
                let mac = sl(p, i + 4, 6)?;
                nd.s(", ");
                nd.mac(mac);
            }
            _ => {
                sl(p, i, len)?;
            }
        }
        i += len;
        left -= len;
    }
    Ok(())
}
