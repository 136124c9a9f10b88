//! SunATM's DLPI pseudo-header (direction, encapsulation, VPI, VCI), then the ATM PDU, as
//! tcpdump's print-sunatm.c.
use super::atm::{self, Traffic};
use super::{Nd, Res, be16, u8at};

/// DLT_SUNATM.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "sunatm";
    let dir = u8at(p, 0)?;
    if nd.opts.link_header {
        nd.s(if dir & 0x80 != 0 { "Tx: " } else { "Rx: " });
    }
    let traffic = if dir & 0x0f == 0x01 {
        Traffic::Lane
    } else {
        Traffic::Llc
    };
    let vpi = u8at(p, 1)?;
    let vci = be16(p, 2)?;
    atm::print(nd, vpi, vci, traffic, &p[4..], length.wrapping_sub(4))?;
    Ok(4)
}
