//! Entry points of printers other groups are writing (PPP, Cisco HDLC, Frame Relay, MPLS, the
//! OSI protocols, SNMP), as the link-layer printers here call them. Until each lands, it prints
//! the payload as tcpdump's default print does.
use super::{Nd, ascii};

/// tcpdump's `ppp_print`.
pub(crate) fn ppp(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}

/// tcpdump's `chdlc_print`.
pub(crate) fn chdlc(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}

/// tcpdump's `fr_print`.
pub(crate) fn fr(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}

/// tcpdump's `mfr_print`.
pub(crate) fn mfr(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}

/// tcpdump's `mpls_print`.
pub(crate) fn mpls(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}

/// tcpdump's `isoclns_print`.
pub(crate) fn isoclns(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}

/// tcpdump's `snmp_print`.
pub(crate) fn snmp(nd: &mut Nd<'_>, p: &[u8], _length: usize) {
    ascii::default_print(nd, p);
}
