//! ISO/IEC TR 9577 network layer protocol identifiers (tcpdump's nlpid.c), which Frame Relay,
//! OSI and IS-IS name their payloads by.
use super::util::Tok;

/// The null network layer.
pub(crate) const NULLNS: u8 = 0x00;
/// Q.933 signalling.
pub(crate) const Q933: u8 = 0x08;
/// An 802.2 SNAP header.
pub(crate) const SNAP: u8 = 0x80;
/// CLNP.
pub(crate) const CLNP: u8 = 0x81;
/// ES-IS.
pub(crate) const ESIS: u8 = 0x82;
/// IS-IS.
pub(crate) const ISIS: u8 = 0x83;
/// IPv6.
pub(crate) const IP6: u8 = 0x8e;
/// FRF.15 fragmentation.
pub(crate) const MFR: u8 = 0xb1;
/// IPv4.
pub(crate) const IP: u8 = 0xcc;
/// PPP.
pub(crate) const PPP: u8 = 0xcf;

/// Network layer protocol identifiers (tcpdump's nlpid.c).
pub(crate) const VALUES: &Tok = &[
    (0x00, "NULL"),
    (0x08, "Q.933"),
    (0x09, "LMI"),
    (0x80, "SNAP"),
    (0x81, "CLNP"),
    (0x82, "ES-IS"),
    (0x83, "IS-IS"),
    (0x84, "CONS"),
    (0x85, "IDRP"),
    (0xc1, "ISIS_SPB"),
    (0xb1, "FRF.15"),
    (0xcc, "IPv4"),
    (0xcf, "PPP"),
    (0x8a, "X25 ES-IS"),
    (0x8e, "IPv6"),
];
