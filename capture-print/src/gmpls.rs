//! GMPLS code points shared by RSVP-TE, LMP, OSPF-TE and IS-IS-TE, as tcpdump's gmpls.c.
use super::util::Tok;

/// tcpdump's `gmpls_link_prot_values`: link protection types, a bit each (RFC 3471).
pub(crate) const LINK_PROT: &Tok = &[
    (0x01, "Extra Traffic"),
    (0x02, "Unprotected"),
    (0x04, "Shared"),
    (0x08, "Dedicated 1:1"),
    (0x10, "Dedicated 1+1"),
    (0x20, "Enhanced"),
    (0x40, "Reserved"),
    (0x80, "Reserved"),
];

/// tcpdump's `diffserv_te_bc_values`: Diffserv-TE bandwidth constraint models (RFC 4124).
pub(crate) const DIFFSERV_TE_BC: &Tok = &[
    (0, "Russian dolls"),
    (1, "Maximum allocation"),
    (254, "Maximum allocation with E-LSP support"),
];

/// tcpdump's `gmpls_switch_cap_values`: switching capabilities (RFC 3471).
pub(crate) const SWITCH_CAP: &Tok = &[
    (1, "Packet-Switch Capable-1"),
    (2, "Packet-Switch Capable-2"),
    (3, "Packet-Switch Capable-3"),
    (4, "Packet-Switch Capable-4"),
    (51, "Layer-2 Switch Capable"),
    (100, "Time-Division-Multiplex"),
    (150, "Lambda-Switch Capable"),
    (200, "Fiber-Switch Capable"),
];

/// tcpdump's `gmpls_encoding_values`: LSP encoding types (RFC 3471).
pub(crate) const ENCODING: &Tok = &[
    (1, "Packet"),
    (2, "Ethernet V2/DIX"),
    (3, "ANSI/ETSI PDH"),
    (4, "Reserved"),
    (5, "SDH ITU-T G.707/SONET ANSI T1.105"),
    (6, "Reserved"),
    (7, "Digital Wrapper"),
    (8, "Lambda (photonic)"),
    (9, "Fiber"),
    (10, "Reserved"),
    (11, "FiberChannel"),
];

/// tcpdump's `gmpls_payload_values`: generalized payload identifiers (RFC 3471, G.709).
pub(crate) const PAYLOAD: &Tok = &[
    (0, "Unknown"),
    (1, "Reserved"),
    (2, "Reserved"),
    (3, "Reserved"),
    (4, "Reserved"),
    (5, "Asynchronous mapping of E4"),
    (6, "Asynchronous mapping of DS3/T3"),
    (7, "Asynchronous mapping of E3"),
    (8, "Bit synchronous mapping of E3"),
    (9, "Byte synchronous mapping of E3"),
    (10, "Asynchronous mapping of DS2/T2"),
    (11, "Bit synchronous mapping of DS2/T2"),
    (12, "Reserved"),
    (13, "Asynchronous mapping of E1"),
    (14, "Byte synchronous mapping of E1"),
    (15, "Byte synchronous mapping of 31 * DS0"),
    (16, "Asynchronous mapping of DS1/T1"),
    (17, "Bit synchronous mapping of DS1/T1"),
    (18, "Byte synchronous mapping of DS1/T1"),
    (19, "VC-11 in VC-12"),
    (20, "Reserved"),
    (21, "Reserved"),
    (22, "DS1 SF Asynchronous"),
    (23, "DS1 ESF Asynchronous"),
    (24, "DS3 M23 Asynchronous"),
    (25, "DS3 C-Bit Parity Asynchronous"),
    (26, "VT/LOVC"),
    (27, "STS SPE/HOVC"),
    (28, "POS - No Scrambling, 16 bit CRC"),
    (29, "POS - No Scrambling, 32 bit CRC"),
    (30, "POS - Scrambling, 16 bit CRC"),
    (31, "POS - Scrambling, 32 bit CRC"),
    (32, "ATM mapping"),
    (33, "Ethernet PHY"),
    (34, "SONET/SDH"),
    (35, "Reserved (SONET deprecated)"),
    (36, "Digital Wrapper"),
    (37, "Lambda"),
    (38, "ANSI/ETSI PDH"),
    (39, "Reserved"),
    (40, "Link Access Protocol SDH (X.85 and X.86)"),
    (41, "FDDI"),
    (42, "DQDB (ETSI ETS 300 216)"),
    (43, "FiberChannel-3 (Services)"),
    (44, "HDLC"),
    (45, "Ethernet V2/DIX (only)"),
    (46, "Ethernet 802.3 (only)"),
    (47, "G.709 ODUj"),
    (48, "G.709 OTUk(v)"),
    (49, "CBR/CBRa"),
    (50, "CBRb"),
    (51, "BSOT"),
    (52, "BSNT"),
    (53, "IP/PPP (GFP)"),
    (54, "Ethernet MAC (framed GFP)"),
    (55, "Ethernet PHY (transparent GFP)"),
    (56, "ESCON"),
    (57, "FICON"),
    (58, "Fiber Channel"),
];

/// tcpdump's `lmp_sd_service_config_cpsa_link_type_values`: LMP service discovery client port link types (UNI 1.0).
pub(crate) const LMP_SD_CPSA_LINK_TYPE: &Tok = &[(5, "SDH ITU-T G.707"), (6, "SONET ANSI T1.105")];

/// tcpdump's `lmp_sd_service_config_cpsa_signal_type_sdh_values`: LMP service discovery SDH signal types (UNI 1.0).
pub(crate) const LMP_SD_CPSA_SIGNAL_TYPE_SDH: &Tok = &[
    (5, "VC-3"),
    (6, "VC-4"),
    (7, "STM-0"),
    (8, "STM-1"),
    (9, "STM-4"),
    (10, "STM-16"),
    (11, "STM-64"),
    (12, "STM-256"),
];

/// tcpdump's `lmp_sd_service_config_cpsa_signal_type_sonet_values`: LMP service discovery SONET signal types (UNI 1.0).
pub(crate) const LMP_SD_CPSA_SIGNAL_TYPE_SONET: &Tok = &[
    (5, "STS-1 SPE"),
    (6, "STS-3c SPE"),
    (7, "STS-1"),
    (8, "STM-3"),
    (9, "STM-12"),
    (10, "STM-48"),
    (11, "STM-192"),
    (12, "STM-768"),
];
