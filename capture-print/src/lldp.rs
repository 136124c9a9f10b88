//! Link Layer Discovery Protocol (IEEE 802.1AB), as tcpdump's print-lldp.c: the basic TLVs,
//! the management address, and the organisation-specific TLVs of IEEE 802.1 (VLANs, link
//! aggregation, DCB: congestion notification, ETS, PFC, application priority, EVB, CDCP),
//! IEEE 802.3, ANSI/TIA LLDP-MED, DCBX and IANA (MUD URL).
use super::af::{AF_VALUES, AFNUM_INET, AFNUM_INET6};
use super::oui::{self, OUI_VALUES};
use super::util::Tok;
use super::{Nd, Res, be16, be24, be32, has, sl, tail, u8at};

/// 802 MAC addresses (IANA address family 6).
const AFNUM_802: u8 = 6;

const CHASSIS_ID_TLV: u16 = 1;
const PORT_ID_TLV: u16 = 2;
const TTL_TLV: u16 = 3;
const PORT_DESCR_TLV: u16 = 4;
const SYSTEM_NAME_TLV: u16 = 5;
const SYSTEM_DESCR_TLV: u16 = 6;
const SYSTEM_CAP_TLV: u16 = 7;
const MGMT_ADDR_TLV: u16 = 8;
const PRIVATE_TLV: u16 = 127;

const TLV_VALUES: &Tok = &[
    (0, "End"),
    (1, "Chassis ID"),
    (2, "Port ID"),
    (3, "Time to Live"),
    (4, "Port Description"),
    (5, "System Name"),
    (6, "System Description"),
    (7, "System Capabilities"),
    (8, "Management Address"),
    (127, "Organization specific"),
];

const CHASSIS_SUBTYPE_VALUES: &Tok = &[
    (1, "Chassis component"),
    (2, "Interface alias"),
    (3, "Port component"),
    (4, "MAC address"),
    (5, "Network address"),
    (6, "Interface name"),
    (7, "Local"),
];

const PORT_SUBTYPE_VALUES: &Tok = &[
    (1, "Interface alias"),
    (2, "Port component"),
    (3, "MAC address"),
    (4, "Network Address"),
    (5, "Interface Name"),
    (6, "Agent circuit ID"),
    (7, "Local"),
];

const CAP_VALUES: &Tok = &[
    (1 << 0, "Other"),
    (1 << 1, "Repeater"),
    (1 << 2, "Bridge"),
    (1 << 3, "WLAN AP"),
    (1 << 4, "Router"),
    (1 << 5, "Telephone"),
    (1 << 6, "Docsis"),
    (1 << 7, "Station Only"),
];

const SUBTYPE_8021_VALUES: &Tok = &[
    (1, "Port VLAN Id"),
    (2, "Port and Protocol VLAN ID"),
    (3, "VLAN name"),
    (4, "Protocol Identity"),
    (7, "Link aggregation"),
    (8, "Congestion Notification"),
    (9, "ETS Configuration"),
    (10, "ETS Recommendation"),
    (11, "Priority Flow Control Configuration"),
    (12, "Application Priority"),
    (13, "EVB"),
    (14, "CDCP"),
];

const PORT_PROTOCOL_ID_VALUES: &Tok = &[(1 << 1, "supported"), (1 << 2, "enabled")];

const SUBTYPE_8023_VALUES: &Tok = &[
    (1, "MAC/PHY configuration/status"),
    (2, "Power via MDI"),
    (3, "Link aggregation"),
    (4, "Max frame size"),
];

const TIA_SUBTYPE_VALUES: &Tok = &[
    (1, "LLDP-MED Capabilities"),
    (2, "Network policy"),
    (3, "Location identification"),
    (4, "Extended power-via-MDI"),
    (5, "Inventory - hardware revision"),
    (6, "Inventory - firmware revision"),
    (7, "Inventory - software revision"),
    (8, "Inventory - serial number"),
    (9, "Inventory - manufacturer name"),
    (10, "Inventory - model name"),
    (11, "Inventory - asset ID"),
];

const TIA_LOCATION_ALTITUDE_TYPE_VALUES: &Tok = &[(1, "meters"), (2, "floors")];

const TIA_LOCATION_LCI_CATYPE_VALUES: &Tok = &[
    (
        1,
        "national subdivisions (state,canton,region,province,prefecture)",
    ),
    (2, "county, parish, gun, district"),
    (3, "city, township, shi"),
    (4, "city division, borough, city district, ward chou"),
    (5, "neighborhood, block"),
    (6, "street"),
];

const TIA_LOCATION_LCI_WHAT_VALUES: &Tok = &[
    (0, "location of DHCP server"),
    (
        1,
        "location of the network element believed to be closest to the client",
    ),
    (2, "location of the client"),
];

/// RFC 3636's dot3MauType.
const MAU_TYPES_VALUES: &Tok = &[
    (0, "Unknown"),
    (1, "AUI"),
    (2, "10BASE_5"),
    (3, "FOIRL"),
    (4, "10BASE2"),
    (5, "10BASET duplex mode unknown"),
    (6, "10BASEFP"),
    (7, "10BASEFB"),
    (8, "10BASEFL duplex mode unknown"),
    (9, "10BROAD36"),
    (10, "10BASET hdx"),
    (11, "10BASET fdx"),
    (12, "10BASEFL hdx"),
    (13, "10BASEFL fdx"),
    (14, "100BASET4"),
    (15, "100BASETX hdx"),
    (16, "100BASETX fdx"),
    (17, "100BASEFX hdx"),
    (18, "100BASEFX fdx"),
    (19, "100BASET2 hdx"),
    (20, "100BASET2 fdx"),
    (21, "1000BASEX hdx"),
    (22, "1000BASEX fdx"),
    (23, "1000BASELX hdx"),
    (24, "1000BASELX fdx"),
    (25, "1000BASESX hdx"),
    (26, "1000BASESX fdx"),
    (27, "1000BASECX hdx"),
    (28, "1000BASECX fdx"),
    (29, "1000BASET hdx"),
    (30, "1000BASET fdx"),
    (31, "10GBASEX"),
    (32, "10GBASELX4"),
    (33, "10GBASER"),
    (34, "10GBASEER"),
    (35, "10GBASELR"),
    (36, "10GBASESR"),
    (37, "10GBASEW"),
    (38, "10GBASEEW"),
    (39, "10GBASELW"),
    (40, "10GBASESW"),
];

const AUTONEGOTIATION_VALUES: &Tok = &[(1 << 0, "supported"), (1 << 1, "enabled")];

const TIA_CAPABILITIES_VALUES: &Tok = &[
    (1 << 0, "LLDP-MED capabilities"),
    (1 << 1, "network policy"),
    (1 << 2, "location identification"),
    (1 << 3, "extended power via MDI-PSE"),
    (1 << 4, "extended power via MDI-PD"),
    (1 << 5, "Inventory"),
];

const TIA_DEVICE_TYPE_VALUES: &Tok = &[
    (1, "endpoint class 1"),
    (2, "endpoint class 2"),
    (3, "endpoint class 3"),
    (4, "network connectivity"),
];

const TIA_APPLICATION_TYPE_VALUES: &Tok = &[
    (1, "voice"),
    (2, "voice signaling"),
    (3, "guest voice"),
    (4, "guest voice signaling"),
    (5, "softphone voice"),
    (6, "video conferencing"),
    (7, "streaming video"),
    (8, "video signaling"),
];

const TIA_NETWORK_POLICY_BITS_VALUES: &Tok = &[
    (1 << 7, "Unknown"),
    (1 << 6, "Tagged"),
    (1 << 5, "reserved"),
];

const TIA_LOCATION_DATA_FORMAT_VALUES: &Tok = &[
    (1, "coordinate-based LCI"),
    (2, "civic address LCI"),
    (3, "ECS ELIN"),
];

const TIA_LOCATION_DATUM_TYPE_VALUES: &Tok = &[
    (1, "World Geodesic System 1984"),
    (2, "North American Datum 1983 (NAVD88)"),
    (3, "North American Datum 1983 (MLLW)"),
];

const TIA_POWER_SOURCE_VALUES: &Tok = &[
    (1, "PSE - primary power source"),
    (2, "local - backup power source"),
    (3, "PSE+local - reserved"),
];

const TIA_POWER_PRIORITY_VALUES: &Tok = &[(1, "critical"), (2, "high"), (3, "low")];

const TIA_POWER_VAL_MAX: u16 = 1024;

const TIA_INVENTORY_VALUES: &Tok = &[
    (5, "Hardware revision"),
    (6, "Firmware revision"),
    (7, "Software revision"),
    (8, "Serial number"),
    (9, "Manufacturer name"),
    (10, "Model name"),
    (11, "Asset ID"),
];

/// RFC 3636's ifMauAutoNegCapAdvertisedBits.
const PMD_CAPABILITY_VALUES: &Tok = &[
    (1 << 14, "10BASE-T hdx"),
    (1 << 13, "10BASE-T fdx"),
    (1 << 12, "100BASE-T4"),
    (1 << 11, "100BASE-TX hdx"),
    (1 << 10, "100BASE-TX fdx"),
    (1 << 9, "100BASE-T2 hdx"),
    (1 << 8, "100BASE-T2 fdx"),
    (1 << 7, "Pause for fdx links"),
    (1 << 6, "Asym PAUSE for fdx"),
    (1 << 5, "Sym PAUSE for fdx"),
    (1 << 4, "Asym and Sym PAUSE for fdx"),
    (1 << 3, "1000BASE-{X LX SX CX} hdx"),
    (1 << 2, "1000BASE-{X LX SX CX} fdx"),
    (1 << 1, "1000BASE-T hdx"),
    (1 << 0, "1000BASE-T fdx"),
];

const MDI_VALUES: &Tok = &[
    (1 << 0, "PSE"),
    (1 << 1, "supported"),
    (1 << 2, "enabled"),
    (1 << 3, "can be controlled"),
];

const MDI_POWER_PAIRS_VALUES: &Tok = &[(1, "signal"), (2, "spare")];

const MDI_POWER_CLASS_VALUES: &Tok = &[
    (1, "class0"),
    (2, "class1"),
    (3, "class2"),
    (4, "class3"),
    (5, "class4"),
];

const AGGREGATION_VALUES: &Tok = &[(1 << 0, "supported"), (1 << 1, "enabled")];

const DCBX_SUBTYPE_1: u8 = 1;

const DCBX_SUBTYPE_VALUES: &Tok = &[
    (1, "DCB Capability Exchange Protocol Rev 1"),
    (2, "DCB Capability Exchange Protocol Rev 1.01"),
];

const DCBX_CONTROL_TLV: u16 = 1;
const DCBX_PRIORITY_GROUPS_TLV: u16 = 2;
const DCBX_PRIORITY_FLOW_CONTROL_TLV: u16 = 3;
const DCBX_APPLICATION_TLV: u16 = 4;

const INTF_NUMB_SUBTYPE_VALUES: &Tok = &[(2, "Interface Index"), (3, "System Port Number")];

const INTF_NUM_LEN: usize = 5;

const EVB_MODE_VALUES: &Tok = &[
    (0, "Not Supported"),
    (1, "EVB Bridge"),
    (2, "EVB Station"),
    (3, "Reserved for future Standardization"),
];

const IANA_SUBTYPE_MUDURL: u8 = 1;
const IANA_SUBTYPE_VALUES: &Tok = &[(1, "MUD-URL")];

/// The type (7 bits) and length (9 bits) of a TLV header.
fn tlv_header(v: u16) -> (u16, usize) {
    (v >> 9, usize::from(v & 0x01ff))
}

/// `\n\t  <name> Subtype (<n>)`, the line that starts every organisation-specific TLV.
fn subtype_line(nd: &mut Nd<'_>, table: &Tok, subtype: u8) {
    nd.s("\n\t  ");
    nd.tok2str(table, "unknown", subtype.into());
    nd.f(format_args!(" Subtype ({subtype})"));
}

/// The bits of a byte, lowest first, each as `%-2d `.
fn bit_row(nd: &mut Nd<'_>, v: u8) {
    for i in 0..8 {
        nd.f(format_args!("{:<2} ", (v >> i) & 1));
    }
}

/// Eight values, each as `%-3d`, separated by spaces.
fn value_row(nd: &mut Nd<'_>, vals: [u8; 8]) {
    for (i, v) in vals.iter().enumerate() {
        if i > 0 {
            nd.s(" ");
        }
        nd.f(format_args!("{v:<3}"));
    }
}

fn ets_priority_assignment_table(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let b: [u8; 4] = super::arr(p, 0)?;
    nd.s("\n\t    Priority Assignment Table");
    nd.s("\n\t     Priority : 0   1   2   3   4   5   6   7");
    nd.s("\n\t     Value    : ");
    value_row(
        nd,
        [
            b[0] >> 4,
            b[0] & 0x0f,
            b[1] >> 4,
            b[1] & 0x0f,
            b[2] >> 4,
            b[2] & 0x0f,
            b[3] >> 4,
            b[3] & 0x0f,
        ],
    );
    Ok(())
}

fn tc_bandwidth_table(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let b: [u8; 8] = super::arr(p, 0)?;
    nd.s("\n\t    TC Bandwidth Table");
    nd.s("\n\t     TC%   : 0   1   2   3   4   5   6   7");
    nd.s("\n\t     Value : ");
    value_row(nd, b);
    Ok(())
}

fn tsa_assignment_table(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let b: [u8; 8] = super::arr(p, 0)?;
    nd.s("\n\t    TSA Assignment Table");
    nd.s("\n\t     Traffic Class: 0   1   2   3   4   5   6   7");
    nd.s("\n\t     Value        : ");
    value_row(nd, b);
    Ok(())
}

/// The three ETS tables after byte 4 of an ETS TLV.
fn ets_tables(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    ets_priority_assignment_table(nd, tail(p, 5))?;
    tc_bandwidth_table(nd, tail(p, 9))?;
    tsa_assignment_table(nd, tail(p, 17))
}

/// IEEE 802.1 organisation-specific TLVs (802.1AB annex E, 802.1Q DCB); returns whether the
/// value should also be dumped. `p` starts at the OUI.
fn private_8021(nd: &mut Nd<'_>, p: &[u8], tlv_len: usize) -> Res<bool> {
    if tlv_len < 4 {
        return Ok(false);
    }
    let subtype = u8at(p, 3)?;
    subtype_line(nd, SUBTYPE_8021_VALUES, subtype);
    match subtype {
        1 => {
            if tlv_len < 6 {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    port vlan id (PVID): {}", be16(p, 4)?));
        }
        2 => {
            if tlv_len < 7 {
                return Ok(false);
            }
            let flags = u8at(p, 4)?;
            nd.f(format_args!(
                "\n\t    port and protocol vlan id (PPVID): {}, flags [",
                be16(p, 5)?
            ));
            nd.bittok2str(PORT_PROTOCOL_ID_VALUES, "none", flags.into());
            nd.f(format_args!("] (0x{flags:02x})"));
        }
        3 => {
            if tlv_len < 6 {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    vlan id (VID): {}", be16(p, 4)?));
            if tlv_len < 7 {
                return Ok(false);
            }
            let sublen = usize::from(u8at(p, 6)?);
            if tlv_len < 7 + sublen {
                return Ok(false);
            }
            nd.s("\n\t    vlan name: ");
            nd.printjnp(tail(p, 7), sublen)?;
        }
        4 => {
            if tlv_len < 5 {
                return Ok(false);
            }
            let sublen = usize::from(u8at(p, 4)?);
            if tlv_len < 5 + sublen {
                return Ok(false);
            }
            nd.s("\n\t    protocol identity: ");
            nd.printjnp(tail(p, 5), sublen)?;
        }
        7 => {
            if tlv_len < 9 {
                return Ok(false);
            }
            aggregation(nd, p)?;
        }
        8 => {
            if tlv_len < 6 {
                return Ok(false);
            }
            let cnpv = u8at(p, 4)?;
            nd.s("\n\t    Pre-Priority CNPV Indicator");
            nd.s("\n\t     Priority : 0  1  2  3  4  5  6  7");
            nd.s("\n\t     Value    : ");
            bit_row(nd, cnpv);
            let ready = u8at(p, 5)?;
            nd.s("\n\t    Pre-Priority Ready Indicator");
            nd.s("\n\t     Priority : 0  1  2  3  4  5  6  7");
            nd.s("\n\t     Value    : ");
            bit_row(nd, ready);
        }
        9 => {
            if tlv_len < 25 {
                return Ok(false);
            }
            let v = u8at(p, 4)?;
            nd.f(format_args!(
                "\n\t    Willing:{}, CBS:{}, RES:{}, Max TCs:{}",
                v >> 7,
                (v >> 6) & 0x02,
                (v >> 3) & 0x07,
                v & 0x07
            ));
            ets_tables(nd, p)?;
        }
        10 => {
            if tlv_len < 25 {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    RES: {}", u8at(p, 4)?));
            ets_tables(nd, p)?;
        }
        11 => {
            if tlv_len < 6 {
                return Ok(false);
            }
            let v = u8at(p, 4)?;
            nd.f(format_args!(
                "\n\t    Willing: {}, MBC: {}, RES: {}, PFC cap:{} ",
                v >> 7,
                (v >> 6) & 0x01,
                (v >> 4) & 0x03,
                v & 0x0f
            ));
            nd.s("\n\t    PFC Enable");
            let enable = u8at(p, 5)?;
            nd.s("\n\t     Priority : 0  1  2  3  4  5  6  7");
            nd.s("\n\t     Value    : ");
            bit_row(nd, enable);
        }
        12 => {
            if tlv_len < 5 {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    RES: {}", u8at(p, 4)?));
            if tlv_len <= 5 {
                return Ok(false);
            }
            let sublen = tlv_len - 5;
            if !sublen.is_multiple_of(3) {
                return Ok(false);
            }
            nd.s("\n\t    Application Priority Table");
            for i in (0..sublen).step_by(3) {
                let v = u8at(p, i + 5)?;
                nd.f(format_args!(
                    "\n\t      Priority: {}, RES: {}, Sel: {}, Protocol ID: {}",
                    v >> 5,
                    (v >> 3) & 0x03,
                    v & 0x07,
                    be16(p, i + 6)?
                ));
            }
        }
        13 => {
            if tlv_len < 9 {
                return Ok(false);
            }
            nd.s("\n\t    EVB Bridge Status");
            let v = u8at(p, 4)?;
            nd.f(format_args!(
                "\n\t      RES: {}, BGID: {}, RRCAP: {}, RRCTR: {}",
                v >> 3,
                (v >> 2) & 0x01,
                (v >> 1) & 0x01,
                v & 0x01
            ));
            nd.s("\n\t    EVB Station Status");
            let v = u8at(p, 5)?;
            nd.f(format_args!(
                "\n\t      RES: {}, SGID: {}, RRREQ: {},RRSTAT: {}",
                v >> 4,
                (v >> 3) & 0x01,
                (v >> 2) & 0x01,
                v & 0x03
            ));
            let v = u8at(p, 6)?;
            nd.f(format_args!("\n\t    R: {}, RTE: {}, ", v >> 5, v & 0x1f));
            let v = u8at(p, 7)?;
            nd.s("EVB Mode: ");
            nd.tok2str(EVB_MODE_VALUES, "unknown", (v >> 6).into());
            nd.f(format_args!(" [{}]", v >> 6));
            nd.f(format_args!(
                "\n\t    ROL: {}, RWD: {}, ",
                (v >> 5) & 0x01,
                v & 0x1f
            ));
            let v = u8at(p, 8)?;
            nd.f(format_args!(
                "RES: {}, ROL: {}, RKA: {}",
                v >> 6,
                (v >> 5) & 0x01,
                v & 0x1f
            ));
        }
        14 => {
            if tlv_len < 8 {
                return Ok(false);
            }
            let v = u8at(p, 4)?;
            nd.f(format_args!(
                "\n\t    Role: {}, RES: {}, Scomp: {} ",
                v >> 7,
                (v >> 4) & 0x07,
                (v >> 3) & 0x01
            ));
            nd.f(format_args!("ChnCap: {}", be16(p, 6)? & 0x0fff));
            let sublen = tlv_len - 8;
            if !sublen.is_multiple_of(3) {
                return Ok(false);
            }
            for i in (0..sublen).step_by(3) {
                let v = be24(p, i + 8)?;
                nd.f(format_args!(
                    "\n\t    SCID: {}, SVID: {}",
                    v >> 12,
                    v & 0x000fff
                ));
            }
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// The link aggregation status and port id at byte 4 (802.1 and 802.3 TLVs alike).
fn aggregation(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.s("\n\t    aggregation status [");
    nd.bittok2str(AGGREGATION_VALUES, "none", u8at(p, 4)?.into());
    nd.f(format_args!("], aggregation port ID {}", be32(p, 5)?));
    Ok(())
}

/// IEEE 802.3 organisation-specific TLVs; returns whether the value should also be dumped.
fn private_8023(nd: &mut Nd<'_>, p: &[u8], tlv_len: usize) -> Res<bool> {
    if tlv_len < 4 {
        return Ok(false);
    }
    let subtype = u8at(p, 3)?;
    subtype_line(nd, SUBTYPE_8023_VALUES, subtype);
    match subtype {
        1 => {
            if tlv_len < 9 {
                return Ok(false);
            }
            let an = u8at(p, 4)?;
            nd.s("\n\t    autonegotiation [");
            nd.bittok2str(AUTONEGOTIATION_VALUES, "none", an.into());
            nd.f(format_args!("] (0x{an:02x})"));
            let pmd = be16(p, 5)?;
            nd.s("\n\t    PMD autoneg capability [");
            nd.bittok2str(PMD_CAPABILITY_VALUES, "unknown", pmd.into());
            nd.f(format_args!("] (0x{pmd:04x})"));
            let mau = be16(p, 7)?;
            nd.s("\n\t    MAU type ");
            nd.tok2str(MAU_TYPES_VALUES, "unknown", mau.into());
            nd.f(format_args!(" (0x{mau:04x})"));
        }
        2 => {
            if tlv_len < 7 {
                return Ok(false);
            }
            nd.s("\n\t    MDI power support [");
            nd.bittok2str(MDI_VALUES, "none", u8at(p, 4)?.into());
            nd.s("], power pair ");
            nd.tok2str(MDI_POWER_PAIRS_VALUES, "unknown", u8at(p, 5)?.into());
            nd.s(", power class ");
            nd.tok2str(MDI_POWER_CLASS_VALUES, "unknown", u8at(p, 6)?.into());
        }
        3 => {
            if tlv_len < 9 {
                return Ok(false);
            }
            aggregation(nd, p)?;
        }
        4 => {
            if tlv_len < 6 {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    MTU size {}", be16(p, 4)?));
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// 34 bits of latitude or longitude.
fn latlon(p: &[u8], at: usize) -> Res<u64> {
    Ok(u64::from(u8at(p, at)? & 3) << 32 | u64::from(be32(p, at + 1)?))
}

/// IANA organisation-specific TLVs (the MUD URL); returns whether to dump the value.
fn private_iana(nd: &mut Nd<'_>, p: &[u8], tlv_len: usize) -> Res<bool> {
    if tlv_len < 8 {
        return Ok(false);
    }
    let subtype = u8at(p, 3)?;
    subtype_line(nd, IANA_SUBTYPE_VALUES, subtype);
    if subtype != IANA_SUBTYPE_MUDURL {
        return Ok(true);
    }
    nd.s("\n\t  MUD-URL=");
    nd.printjn(tail(p, 4), tlv_len - 4)?;
    Ok(false)
}

/// ANSI/TIA-1057 (LLDP-MED) TLVs; returns whether to dump the value.
fn private_tia(nd: &mut Nd<'_>, p: &[u8], tlv_len: usize) -> Res<bool> {
    if tlv_len < 4 {
        return Ok(false);
    }
    let subtype = u8at(p, 3)?;
    subtype_line(nd, TIA_SUBTYPE_VALUES, subtype);
    match subtype {
        1 => {
            if tlv_len < 7 {
                return Ok(false);
            }
            let caps = be16(p, 4)?;
            nd.s("\n\t    Media capabilities [");
            nd.bittok2str(TIA_CAPABILITIES_VALUES, "none", caps.into());
            nd.f(format_args!("] (0x{caps:04x})"));
            let dev = u8at(p, 6)?;
            nd.s("\n\t    Device type [");
            nd.tok2str(TIA_DEVICE_TYPE_VALUES, "unknown", dev.into());
            nd.f(format_args!("] (0x{dev:02x})"));
        }
        2 => {
            if tlv_len < 8 {
                return Ok(false);
            }
            let app = u8at(p, 4)?;
            nd.s("\n\t    Application type [");
            nd.tok2str(TIA_APPLICATION_TYPE_VALUES, "none", app.into());
            nd.f(format_args!("] (0x{app:02x})"));
            nd.s(", Flags [");
            nd.bittok2str(TIA_NETWORK_POLICY_BITS_VALUES, "none", u8at(p, 5)?.into());
            nd.s("]");
            nd.f(format_args!(
                "\n\t    Vlan id {}",
                (be16(p, 5)? & 0x1ffe) >> 1
            ));
            let v = be16(p, 6)?;
            nd.f(format_args!(
                ", L2 priority {}, DSCP value {}",
                (v & 0x01ff) >> 6,
                v & 0x003f
            ));
        }
        3 => {
            if tlv_len < 5 {
                return Ok(false);
            }
            return location(nd, p, tlv_len);
        }
        4 => {
            if tlv_len < 7 {
                return Ok(false);
            }
            let b = u8at(p, 4)?;
            // tcpdump masks with `0xC0 >> 6`, that is 3: the low bits decide.
            nd.f(format_args!(
                "\n\t    Power type [{}]",
                if b & 0x03 != 0 {
                    "PD device"
                } else {
                    "PSE device"
                }
            ));
            nd.s(", Power source [");
            nd.tok2str(TIA_POWER_SOURCE_VALUES, "none", ((b & 0x30) >> 4).into());
            nd.s("]\n\t    Power priority [");
            nd.tok2str(TIA_POWER_PRIORITY_VALUES, "none", (b & 0x0f).into());
            nd.f(format_args!("] (0x{:02x})", b & 0x0f));
            let power = be16(p, 5)?;
            if power < TIA_POWER_VAL_MAX {
                nd.f(format_args!(", Power {:.1} Watts", f32::from(power) / 10.0));
            } else {
                nd.f(format_args!(", Power {power} (Reserved)"));
            }
        }
        5..=11 => {
            nd.s("\n\t  ");
            nd.tok2str(TIA_INVENTORY_VALUES, "unknown", subtype.into());
            nd.s(" ");
            nd.printjnp(tail(p, 4), tlv_len - 4)?;
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// The LLDP-MED location identification TLV.
fn location(nd: &mut Nd<'_>, p: &[u8], tlv_len: usize) -> Res<bool> {
    let format = u8at(p, 4)?;
    nd.s("\n\t    Location data format ");
    nd.tok2str(TIA_LOCATION_DATA_FORMAT_VALUES, "unknown", format.into());
    nd.f(format_args!(" (0x{format:02x})"));
    match format {
        1 => {
            if tlv_len < 21 {
                return Ok(false);
            }
            nd.f(format_args!(
                "\n\t    Latitude resolution {}, latitude value {}",
                u8at(p, 5)? >> 2,
                latlon(p, 5)?
            ));
            nd.f(format_args!(
                "\n\t    Longitude resolution {}, longitude value {}",
                u8at(p, 10)? >> 2,
                latlon(p, 10)?
            ));
            let alt = u8at(p, 15)? >> 4;
            nd.s("\n\t    Altitude type ");
            nd.tok2str(TIA_LOCATION_ALTITUDE_TYPE_VALUES, "unknown", alt.into());
            nd.f(format_args!(" ({alt})"));
            nd.f(format_args!(
                "\n\t    Altitude resolution {}, altitude value 0x{:x}",
                (be16(p, 15)? >> 6) & 0x3f,
                be32(p, 16)? & 0x3fff_ffff
            ));
            let datum = u8at(p, 20)?;
            nd.s("\n\t    Datum ");
            nd.tok2str(TIA_LOCATION_DATUM_TYPE_VALUES, "unknown", datum.into());
            nd.f(format_args!(" (0x{datum:02x})"));
        }
        2 => {
            if tlv_len < 6 {
                return Ok(false);
            }
            let lci_len = usize::from(u8at(p, 5)?);
            if lci_len < 3 || tlv_len < 7 + lci_len {
                return Ok(false);
            }
            let what = u8at(p, 6)?;
            nd.f(format_args!("\n\t    LCI length {lci_len}, LCI what "));
            nd.tok2str(TIA_LOCATION_LCI_WHAT_VALUES, "unknown", what.into());
            nd.f(format_args!(" (0x{what:02x}), Country-code "));
            nd.printjnp(tail(p, 7), 2)?;
            let mut left = lci_len - 3;
            let mut i = 9;
            while left > 0 {
                if left < 2 {
                    return Ok(false);
                }
                let ca_type = u8at(p, i)?;
                let ca_len = usize::from(u8at(p, i + 1)?);
                i += 2;
                left -= 2;
                nd.s("\n\t      CA type '");
                nd.tok2str(TIA_LOCATION_LCI_CATYPE_VALUES, "unknown", ca_type.into());
                nd.f(format_args!("' ({ca_type}), length {ca_len}: "));
                if ca_type == 0 || ca_len == 0 || left < ca_len {
                    return Ok(false);
                }
                nd.printjnp(tail(p, i), ca_len)?;
                i += ca_len;
                left -= ca_len;
            }
        }
        3 => {
            nd.s("\n\t    ECS ELIN id ");
            nd.printjnp(tail(p, 5), tlv_len - 5)?;
        }
        _ => {
            nd.s("\n\t    Location ID ");
            nd.print_unknown_data(tail(p, 5), "\n\t      ", tlv_len - 5);
        }
    }
    Ok(false)
}

/// The three Enable/Willing/Error bits of a DCBX feature's info block.
fn dcbx_feature_header(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.f(format_args!("\n\t      Oper_Version: {}", u8at(p, 0)?));
    nd.f(format_args!("\n\t      Max_Version: {}", u8at(p, 1)?));
    let info = u8at(p, 2)?;
    nd.f(format_args!(
        "\n\t      Info block(0x{info:02X}): Enable bit: {}, Willing bit: {}, Error Bit: {}",
        (info & 0x80 != 0) as u8,
        (info & 0x40 != 0) as u8,
        (info & 0x20 != 0) as u8
    ));
    nd.f(format_args!("\n\t      SubType: {}", u8at(p, 3)?));
    Ok(())
}

/// DCBX (version 1.01) TLVs inside the organisation-specific TLV; returns whether to dump the
/// value (that of the last sub-TLV, as tcpdump).
fn private_dcbx(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    if len < 4 {
        return Ok(false);
    }
    let subtype = u8at(p, 3)?;
    subtype_line(nd, DCBX_SUBTYPE_VALUES, subtype);
    // The old version is not decoded.
    if subtype == DCBX_SUBTYPE_1 {
        return Ok(true);
    }
    let mut hexdump = false;
    let mut i = 4;
    let mut left = len - 4;
    while left >= 2 {
        if !has(p, i, 2) {
            return Ok(hexdump);
        }
        let (tlv_type, tlv_len) = tlv_header(be16(p, i)?);
        hexdump = false;
        left -= 2;
        i += 2;
        if tlv_type == 0 || tlv_len == 0 {
            break;
        }
        if !has(p, i, tlv_len) || left < tlv_len {
            return Ok(hexdump);
        }
        let t = tail(p, i);
        match tlv_type {
            DCBX_CONTROL_TLV => {
                if tlv_len < 10 {
                    return Ok(hexdump);
                }
                nd.f(format_args!(
                    "\n\t    Control - Protocol Control (type 0x{DCBX_CONTROL_TLV:x}, length {tlv_len})"
                ));
                nd.f(format_args!("\n\t      Oper_Version: {}", u8at(t, 0)?));
                nd.f(format_args!("\n\t      Max_Version: {}", u8at(t, 1)?));
                nd.f(format_args!("\n\t      Sequence Number: {}", be32(t, 2)?));
                nd.f(format_args!(
                    "\n\t      Acknowledgement Number: {}",
                    be32(t, 6)?
                ));
            }
            DCBX_PRIORITY_GROUPS_TLV => {
                if tlv_len < 17 {
                    return Ok(hexdump);
                }
                nd.f(format_args!(
                    "\n\t    Feature - Priority Group (type 0x{DCBX_PRIORITY_GROUPS_TLV:x}, length {tlv_len})"
                ));
                dcbx_feature_header(nd, t)?;
                nd.s("\n\t      Priority Allocation");
                let pg = be32(t, 4)?;
                for k in 0..8 {
                    nd.f(format_args!(
                        "\n\t          PgId_{k}: {}",
                        (pg >> (28 - 4 * k)) & 0xf
                    ));
                }
                nd.s("\n\t      Priority Group Allocation");
                for k in 0..8 {
                    nd.f(format_args!(
                        "\n\t          Pg percentage[{k}]: {}",
                        u8at(t, 8 + k)?
                    ));
                }
                nd.f(format_args!("\n\t      NumTCsSupported: {}", u8at(t, 16)?));
            }
            DCBX_PRIORITY_FLOW_CONTROL_TLV => {
                if tlv_len < 6 {
                    return Ok(hexdump);
                }
                nd.f(format_args!(
                    "\n\t    Feature - Priority Flow Control (type 0x{DCBX_PRIORITY_FLOW_CONTROL_TLV:x}, length {tlv_len})"
                ));
                dcbx_feature_header(nd, t)?;
                let cfg = u8at(t, 4)?;
                nd.f(format_args!("\n\t      PFC Config (0x{cfg:02X})"));
                for k in 0..8 {
                    nd.f(format_args!(
                        "\n\t          Priority Bit {k}: {}",
                        if cfg & (1 << k) != 0 {
                            "Enabled"
                        } else {
                            "Disabled"
                        }
                    ));
                }
                nd.f(format_args!("\n\t      NumTCPFCSupported: {}", u8at(t, 5)?));
            }
            DCBX_APPLICATION_TLV => {
                if tlv_len < 4 {
                    return Ok(hexdump);
                }
                nd.f(format_args!(
                    "\n\t    Feature - Application (type 0x{DCBX_APPLICATION_TLV:x}, length {tlv_len})"
                ));
                dcbx_feature_header(nd, t)?;
                let mut rest = tlv_len - 4;
                let mut m = 4;
                while rest >= 6 {
                    nd.s("\n\t      Application Value");
                    nd.f(format_args!(
                        "\n\t          Application Protocol ID: 0x{:04x}",
                        be16(t, m)?
                    ));
                    let u = be24(t, m + 2)?;
                    nd.f(format_args!(
                        "\n\t          SF (0x{:x}) Application Protocol ID is {}",
                        u >> 22,
                        if u >> 22 != 0 {
                            "Socket Number"
                        } else {
                            "L2 EtherType"
                        }
                    ));
                    nd.f(format_args!("\n\t          OUI: 0x{:06x}", u & 0x3fffff));
                    nd.f(format_args!(
                        "\n\t          User Priority Map: 0x{:02x}",
                        u8at(t, m + 5)?
                    ));
                    rest -= 6;
                    m += 6;
                }
            }
            _ => hexdump = true,
        }
        if nd.opts.verbose > 1 || (nd.opts.verbose > 0 && hexdump) {
            nd.print_unknown_data(t, "\n\t    ", tlv_len);
        }
        left -= tlv_len;
        i += tlv_len;
    }
    Ok(hexdump)
}

/// The length of the addresses of an IANA family tcpdump prints (None: not printed).
fn addr_len(af: u8) -> Option<usize> {
    match u16::from(af) {
        AFNUM_INET => Some(4),
        AFNUM_INET6 => Some(16),
        _ if af == AFNUM_802 => Some(6),
        _ => None,
    }
}

/// Whether `len` bytes hold a network address tcpdump prints: a family byte, then an address
/// of that family's length (any length for a family it does not print).
fn network_addr_ok(p: &[u8], len: usize) -> Res<bool> {
    if len < 1 {
        return Ok(false);
    }
    Ok(addr_len(u8at(p, 0)?).is_none_or(|n| len > n))
}

/// A network address (checked by [`network_addr_ok`]) as `AFI name (n): address`.
fn network_addr(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let af = u8at(p, 0)?;
    nd.s("AFI ");
    nd.tok2str(AF_VALUES, "Unknown", af.into());
    match addr_len(af) {
        None => nd.f(format_args!(" ({af}), no AF printer !")),
        Some(n) => {
            nd.f(format_args!(" ({af}): "));
            let a = sl(p, 1, n)?;
            match n {
                4 => nd.ipv4(a),
                16 => nd.ipv6(a),
                _ => nd.mac(a),
            }
        }
    }
    Ok(())
}

/// The management address TLV; false when malformed.
fn mgmt_addr(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    if len < 1 {
        return Ok(false);
    }
    let addr_len = usize::from(u8at(p, 0)?);
    let mut left = len - 1;
    if left < addr_len {
        return Ok(false);
    }
    if !network_addr_ok(tail(p, 1), addr_len)? {
        return Ok(false);
    }
    nd.f(format_args!("\n\t  Management Address length {addr_len}, "));
    network_addr(nd, tail(p, 1))?;
    let mut i = 1 + addr_len;
    left -= addr_len;
    if left < INTF_NUM_LEN {
        return Ok(false);
    }
    let subtype = u8at(p, i)?;
    nd.s("\n\t  ");
    nd.tok2str(INTF_NUMB_SUBTYPE_VALUES, "Unknown", subtype.into());
    nd.f(format_args!(
        " Interface Numbering ({subtype}): {}",
        be32(p, i + 1)?
    ));
    i += INTF_NUM_LEN;
    left -= INTF_NUM_LEN;
    // The OID is optional.
    if left > 0 {
        let oid_len = usize::from(u8at(p, i)?);
        if left < 1 + oid_len {
            return Ok(false);
        }
        if oid_len > 0 {
            nd.f(format_args!("\n\t  OID length {oid_len}"));
            nd.printjnp(tail(p, i + 1), oid_len)?;
        }
    }
    Ok(true)
}

/// Prints an LLDPDU of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "lldp";
    nd.f(format_args!("LLDP, length {len}"));
    let verbose = nd.opts.verbose > 0;
    let mut i = 0;
    let mut left = len;
    while left >= 2 {
        if !has(p, i, 2) {
            return nd.trunc_here();
        }
        let (tlv_type, tlv_len) = tlv_header(be16(p, i)?);
        left -= 2;
        i += 2;
        if verbose {
            nd.s("\n\t");
            nd.tok2str(TLV_VALUES, "Unknown", tlv_type.into());
            nd.f(format_args!(" TLV ({tlv_type}), length {tlv_len}"));
        }
        if tlv_type == 0 || tlv_len == 0 {
            break;
        }
        if !has(p, i, tlv_len) || left < tlv_len {
            return nd.trunc_here();
        }
        let v = tail(p, i);
        let mut hexdump = false;
        match tlv_type {
            CHASSIS_ID_TLV | PORT_ID_TLV if verbose => {
                if tlv_len < 2 {
                    return nd.trunc_here();
                }
                let subtype = u8at(v, 0)?;
                let (table, mac, net) = if tlv_type == CHASSIS_ID_TLV {
                    (CHASSIS_SUBTYPE_VALUES, 4, 5)
                } else {
                    (PORT_SUBTYPE_VALUES, 3, 4)
                };
                nd.s("\n\t  Subtype ");
                nd.tok2str(table, "Unknown", subtype.into());
                nd.f(format_args!(" ({subtype}): "));
                match subtype {
                    _ if subtype == mac => {
                        if tlv_len < 7 {
                            return nd.trunc_here();
                        }
                        let a = sl(v, 1, 6)?;
                        nd.mac(a);
                    }
                    _ if subtype == net => {
                        if !network_addr_ok(tail(v, 1), tlv_len - 1)? {
                            return nd.trunc_here();
                        }
                        network_addr(nd, tail(v, 1))?;
                    }
                    1..=7 => nd.printjnp(tail(v, 1), tlv_len - 1)?,
                    _ => hexdump = true,
                }
            }
            TTL_TLV if verbose => {
                if tlv_len < 2 {
                    return nd.trunc_here();
                }
                nd.f(format_args!(": TTL {}s", be16(v, 0)?));
            }
            PORT_DESCR_TLV if verbose => {
                nd.s(": ");
                nd.printjnp(v, tlv_len)?;
            }
            // Printed without -v too, as CDP's device id.
            SYSTEM_NAME_TLV => {
                nd.s(": ");
                nd.printjnp(v, tlv_len)?;
            }
            SYSTEM_DESCR_TLV if verbose => {
                nd.s("\n\t  ");
                nd.printjnp(v, tlv_len)?;
            }
            SYSTEM_CAP_TLV if verbose => {
                if tlv_len < 4 {
                    return nd.trunc_here();
                }
                let cap = be16(v, 0)?;
                let ena = be16(v, 2)?;
                nd.s("\n\t  System  Capabilities [");
                nd.bittok2str(CAP_VALUES, "none", cap.into());
                nd.f(format_args!("] (0x{cap:04x})"));
                nd.s("\n\t  Enabled Capabilities [");
                nd.bittok2str(CAP_VALUES, "none", ena.into());
                nd.f(format_args!("] (0x{ena:04x})"));
            }
            MGMT_ADDR_TLV if verbose => {
                if !mgmt_addr(nd, v, tlv_len)? {
                    return nd.trunc_here();
                }
            }
            PRIVATE_TLV if verbose => {
                if tlv_len < 3 {
                    return nd.trunc_here();
                }
                let org = be24(v, 0)?;
                nd.s(": OUI ");
                nd.tok2str(OUI_VALUES, "Unknown", org);
                nd.f(format_args!(" (0x{org:06x})"));
                hexdump = match org {
                    oui::IEEE_8021_PRIVATE => private_8021(nd, v, tlv_len)?,
                    oui::IEEE_8023_PRIVATE => private_8023(nd, v, tlv_len)?,
                    oui::IANA => private_iana(nd, v, tlv_len)?,
                    oui::TIA => private_tia(nd, v, tlv_len)?,
                    oui::DCBX => private_dcbx(nd, v, tlv_len)?,
                    _ => true,
                };
            }
            CHASSIS_ID_TLV | PORT_ID_TLV | TTL_TLV | PORT_DESCR_TLV | SYSTEM_DESCR_TLV
            | SYSTEM_CAP_TLV | MGMT_ADDR_TLV | PRIVATE_TLV => {}
            _ => hexdump = true,
        }
        if nd.opts.verbose > 1 || (verbose && hexdump) {
            nd.print_unknown_data(v, "\n\t  ", tlv_len);
        }
        left -= tlv_len;
        i += tlv_len;
    }
    Ok(())
}
