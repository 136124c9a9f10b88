//! Address family numbers (RFC 1700 / IANA) and their names, as tcpdump's af.c.
use super::util::Tok;

/// IPv4.
pub(crate) const AFNUM_INET: u16 = 1;
/// IPv6.
pub(crate) const AFNUM_INET6: u16 = 2;
/// OSI NSAP.
pub(crate) const AFNUM_NSAP: u16 = 3;

/// tcpdump's `af_values`.
pub(crate) const AF_VALUES: &Tok = &[
    (0, "Reserved"),
    (1, "IPv4"),
    (2, "IPv6"),
    (3, "NSAP"),
    (4, "HDLC"),
    (5, "BBN 1822"),
    (6, "802"),
    (7, "E.163"),
    (8, "E.164"),
    (9, "F.69"),
    (10, "X.121"),
    (11, "Novell IPX"),
    (12, "Appletalk"),
    (13, "Decnet IV"),
    (14, "Banyan Vines"),
    (15, "E.164 with NSAP subaddress"),
    (196, "Layer-2 VPN"),
    (25, "VPLS"),
];

/// BSD address family numbers (tcpdump's af.c `bsd_af_values`).
pub(crate) const BSD_AF_VALUES: &Tok = &[
    (2, "IPv4"),
    (6, "NS"),
    (7, "ISO"),
    (16, "Appletalk"),
    (23, "IPX"),
    (24, "IPv6"),
    (28, "IPv6"),
    (30, "IPv6"),
];
