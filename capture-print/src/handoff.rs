//! Entry points of printers other groups are writing, as the link-layer printers here call
//! them. Until each lands, it prints the payload as tcpdump's default print does.
use super::{Nd, ascii};

/// tcpdump's `snmp_print` (ILMI over ATM VCI 16).
pub(crate) fn snmp(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}
