//! IEEE 802.3 slow protocols, as tcpdump's print-slow.c: LACP, the marker protocol, and
//! Ethernet OAM (information, event notification, loopback control).
use super::oui::OUI_VALUES;
use super::util::Tok;
use super::{Nd, Res, be16, be24, be32, be64, sl, tail, u8at};

const PROTO_LACP: u8 = 1;
const PROTO_MARKER: u8 = 2;
const PROTO_OAM: u8 = 3;

const PROTO_VALUES: &Tok = &[(1, "LACP"), (2, "MARKER"), (3, "OAM")];

const OAM_FLAG_VALUES: &Tok = &[
    (0x0001, "Link Fault"),
    (0x0002, "Dying Gasp"),
    (0x0004, "Critical Event"),
    (0x0008, "Local Evaluating"),
    (0x0010, "Local Stable"),
    (0x0020, "Remote Evaluating"),
    (0x0040, "Remote Stable"),
];

const OAM_CODE_INFO: u8 = 0x00;
const OAM_CODE_EVENT_NOTIF: u8 = 0x01;
const OAM_CODE_LOOPBACK_CTRL: u8 = 0x04;

const OAM_CODE_VALUES: &Tok = &[
    (0x00, "Information"),
    (0x01, "Event Notification"),
    (0x02, "Variable Request"),
    (0x03, "Variable Response"),
    (0x04, "Loopback Control"),
    (0xfe, "Vendor Private"),
];

const OAM_INFO_TYPE_END_OF_TLV: u8 = 0x00;
const OAM_INFO_TYPE_LOCAL: u8 = 0x01;
const OAM_INFO_TYPE_REMOTE: u8 = 0x02;

const OAM_INFO_TYPE_VALUES: &Tok = &[
    (0x00, "End of TLV marker"),
    (0x01, "Local"),
    (0x02, "Remote"),
    (0xfe, "Organization specific"),
];

const OAM_STATE_PARSER_VALUES: &Tok = &[
    (0, "forwarding"),
    (1, "looping back"),
    (2, "discarding"),
    (3, "reserved"),
];

const OAM_STATE_MUX_VALUES: &Tok = &[(0, "forwarding"), (4, "discarding")];

const OAM_CONFIG_VALUES: &Tok = &[
    (0x01, "Active"),
    (0x02, "Unidirectional"),
    (0x04, "Remote-Loopback"),
    (0x08, "Link-Events"),
    (0x10, "Variable-Retrieval"),
];

const OAM_LINK_EVENT_VALUES: &Tok = &[
    (0x00, "End of TLV marker"),
    (0x01, "Errored Symbol Period Event"),
    (0x02, "Errored Frame Event"),
    (0x03, "Errored Frame Period Event"),
    (0x04, "Errored Frame Seconds Summary Event"),
    (0xfe, "Organization specific"),
];

const OAM_LOOPBACK_CMD_VALUES: &Tok = &[
    (0x01, "Enable OAM Remote Loopback"),
    (0x02, "Disable OAM Remote Loopback"),
];

/// The sizes of the fixed structures.
const TLV_HEADER_LEN: usize = 2;
const OAM_INFO_LEN: u8 = 16;
const OAM_LINK_EVENT_LEN: u8 = 40;
const ACTOR_PARTNER_INFO_LEN: usize = 18;
const COLLECTOR_INFO_LEN: usize = 14;
const MARKER_INFO_LEN: usize = 14;

const TLV_TERMINATOR: u8 = 0;

const TLV_VALUES: &Tok = &[
    (0x100, "Terminator"),
    (0x101, "Actor Information"),
    (0x102, "Partner Information"),
    (0x103, "Collector Information"),
    (0x200, "Terminator"),
    (0x201, "Marker Information"),
];

const ACTOR_PARTNER_STATE_VALUES: &Tok = &[
    (0x01, "Activity"),
    (0x02, "Timeout"),
    (0x04, "Aggregation"),
    (0x08, "Synchronization"),
    (0x10, "Collecting"),
    (0x20, "Distributing"),
    (0x40, "Default"),
    (0x80, "Expired"),
];

fn too_short(nd: &mut Nd<'_>) {
    nd.s("\n\t\t packet is too short");
}

/// Prints a slow-protocols PDU of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "slow";
    let too_short_header = |nd: &mut Nd<'_>| {
        nd.s(if nd.opts.verbose == 0 {
            " (packet is too short)"
        } else {
            "\n\t\t packet is too short"
        });
        Ok(())
    };
    if len < 1 {
        return too_short_header(nd);
    }
    let subtype = u8at(p, 0)?;
    let versioned = match subtype {
        PROTO_LACP | PROTO_MARKER => {
            if len < 2 {
                return too_short_header(nd);
            }
            let version = u8at(p, 1)?;
            if version != 1 {
                nd.f(format_args!(
                    "{} version {version} packet not supported",
                    if subtype == PROTO_LACP {
                        "LACP"
                    } else {
                        "MARKER"
                    }
                ));
                return Ok(());
            }
            true
        }
        _ => false,
    };
    nd.tok2str(PROTO_VALUES, "unknown (%u)", subtype.into());
    if versioned {
        nd.f(format_args!("v{}", u8at(p, 1)?));
    }
    nd.f(format_args!(", length {len}"));
    if !matches!(subtype, PROTO_LACP | PROTO_MARKER | PROTO_OAM) {
        nd.print_unknown_data(p, "\n\t", len);
        return Ok(());
    }
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    if subtype == PROTO_OAM {
        oam(nd, tail(p, 1), len - 1)
    } else {
        marker_lacp(nd, tail(p, 2), len - 2, subtype)
    }
}

fn marker_lacp(nd: &mut Nd<'_>, p: &[u8], len: usize, proto: u8) -> Res {
    let mut i = 0;
    let mut left = len;
    while left > 0 {
        if left < TLV_HEADER_LEN {
            too_short(nd);
            return Ok(());
        }
        let ty = u8at(p, i)?;
        let tlv_len = usize::from(u8at(p, i + 1)?);
        let key = u32::from(proto) << 8 | u32::from(ty);
        nd.s("\n\t");
        nd.tok2str(TLV_VALUES, "Unknown", key);
        nd.f(format_args!(" TLV (0x{ty:02x}), length {tlv_len}"));
        if ty == TLV_TERMINATOR {
            return Ok(());
        }
        if tlv_len < TLV_HEADER_LEN {
            nd.f(format_args!(
                "\n\t    ERROR: illegal length - should be >= {TLV_HEADER_LEN}"
            ));
            return Ok(());
        }
        if left < tlv_len {
            too_short(nd);
            return Ok(());
        }
        sl(p, i, tlv_len)?;
        let v = tail(p, i + TLV_HEADER_LEN);
        let vlen = tlv_len - TLV_HEADER_LEN;
        let bad_length = |nd: &mut Nd<'_>, want: usize| {
            nd.f(format_args!(
                "\n\t    ERROR: illegal length - should be {}",
                TLV_HEADER_LEN + want
            ));
        };
        match key {
            0x101 | 0x102 => {
                if vlen != ACTOR_PARTNER_INFO_LEN {
                    bad_length(nd, ACTOR_PARTNER_INFO_LEN);
                } else {
                    nd.s("\n\t  System ");
                    let sys = sl(v, 2, 6)?;
                    nd.mac(sys);
                    nd.f(format_args!(
                        ", System Priority {}, Key {}, Port {}, Port Priority {}\n\t  State Flags [",
                        be16(v, 0)?,
                        be16(v, 8)?,
                        be16(v, 12)?,
                        be16(v, 10)?
                    ));
                    nd.bittok2str(ACTOR_PARTNER_STATE_VALUES, "none", u8at(v, 14)?.into());
                    nd.s("]");
                }
            }
            0x103 => {
                if vlen != COLLECTOR_INFO_LEN {
                    bad_length(nd, COLLECTOR_INFO_LEN);
                } else {
                    nd.f(format_args!("\n\t  Max Delay {}", be16(v, 0)?));
                }
            }
            0x201 => {
                if vlen != MARKER_INFO_LEN {
                    bad_length(nd, MARKER_INFO_LEN);
                } else {
                    nd.s("\n\t  Request System ");
                    let sys = sl(v, 2, 6)?;
                    nd.mac(sys);
                    nd.f(format_args!(
                        ", Request Port {}, Request Transaction ID 0x{:08x}",
                        be16(v, 0)?,
                        be32(v, 8)?
                    ));
                }
            }
            _ => {
                if nd.opts.verbose <= 1 {
                    nd.print_unknown_data(v, "\n\t  ", vlen);
                }
            }
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data(v, "\n\t  ", vlen);
        }
        i += tlv_len;
        left -= tlv_len;
    }
    Ok(())
}

/// A TLV list of OAM information or event notification: each TLV's type and length (the type
/// named from `names`), the end marker, and the value printed by `value` (which returns whether
/// to dump it).
fn oam_tlvs(
    nd: &mut Nd<'_>,
    p: &[u8],
    len: usize,
    label: &str,
    names: &Tok,
    check: bool,
    value: fn(&mut Nd<'_>, &[u8], u8) -> Res<bool>,
) -> Res {
    let mut i = 0;
    let mut left = len;
    while left > 0 {
        if left < TLV_HEADER_LEN {
            too_short(nd);
            return Ok(());
        }
        if check {
            sl(p, i, TLV_HEADER_LEN)?;
        }
        let ty = u8at(p, i)?;
        let length = u8at(p, i + 1)?;
        nd.s("\n\t  ");
        nd.tok2str(names, "Reserved", ty.into());
        nd.f(format_args!(" {label} ({ty}), length {length}"));
        if ty == OAM_INFO_TYPE_END_OF_TLV {
            return Ok(());
        }
        let length = usize::from(length);
        if length < TLV_HEADER_LEN {
            nd.f(format_args!(
                "\n\t    ERROR: illegal length - should be >= {TLV_HEADER_LEN}"
            ));
            return Ok(());
        }
        if left < length {
            too_short(nd);
            return Ok(());
        }
        sl(p, i, length)?;
        let t = tail(p, i);
        let hexdump = value(nd, t, ty)?;
        if nd.opts.verbose > 1 || hexdump {
            nd.print_unknown_data(t, "\n\t  ", length);
        }
        left -= length;
        i += length;
    }
    Ok(())
}

/// An OAM information TLV (from its type byte); returns whether to dump it.
fn oam_info(nd: &mut Nd<'_>, t: &[u8], ty: u8) -> Res<bool> {
    if !matches!(ty, OAM_INFO_TYPE_LOCAL | OAM_INFO_TYPE_REMOTE) {
        return Ok(true);
    }
    if u8at(t, 1)? != OAM_INFO_LEN {
        nd.f(format_args!(
            "\n\t    ERROR: illegal length - should be {OAM_INFO_LEN}"
        ));
        return Ok(true);
    }
    nd.f(format_args!(
        "\n\t    OAM-Version {}, Revision {}",
        u8at(t, 2)?,
        be16(t, 3)?
    ));
    let state = u8at(t, 5)?;
    nd.s("\n\t    State-Parser-Action ");
    nd.tok2str(OAM_STATE_PARSER_VALUES, "Reserved", (state & 3).into());
    nd.s(", State-MUX-Action ");
    nd.tok2str(OAM_STATE_MUX_VALUES, "Reserved", (state & 4).into());
    nd.s("\n\t    OAM-Config Flags [");
    nd.bittok2str(OAM_CONFIG_VALUES, "none", u8at(t, 6)?.into());
    nd.f(format_args!(
        "], OAM-PDU-Config max-PDU size {}",
        be16(t, 7)? & 0x7ff
    ));
    let org = be24(t, 9)?;
    nd.s("\n\t    OUI ");
    nd.tok2str(OUI_VALUES, "Unknown", org);
    nd.f(format_args!(
        " (0x{org:06x}), Vendor-Private 0x{:08x}",
        be32(t, 12)?
    ));
    Ok(false)
}

/// An OAM link event TLV (from its type byte); returns whether to dump it.
fn oam_link_event(nd: &mut Nd<'_>, t: &[u8], ty: u8) -> Res<bool> {
    if !(1..=4).contains(&ty) {
        return Ok(true);
    }
    if u8at(t, 1)? != OAM_LINK_EVENT_LEN {
        nd.f(format_args!(
            "\n\t    ERROR: illegal length - should be {OAM_LINK_EVENT_LEN}"
        ));
        return Ok(true);
    }
    nd.f(format_args!(
        "\n\t    Timestamp {} ms, Errored Window {}\n\t    Errored Threshold {}\n\t    Errors {}\
         \n\t    Error Running Total {}\n\t    Event Running Total {}",
        u32::from(be16(t, 2)?) * 100,
        be64(t, 4)?,
        be64(t, 12)?,
        be64(t, 20)?,
        be64(t, 28)?,
        be32(t, 36)?
    ));
    Ok(false)
}

fn oam(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < 3 {
        too_short(nd);
        return Ok(());
    }
    sl(p, 0, 3)?;
    let code = u8at(p, 2)?;
    nd.s("\n\tCode ");
    nd.tok2str(OAM_CODE_VALUES, "Unknown (%u)", code.into());
    nd.s(" OAM PDU, Flags [");
    nd.bittok2str(OAM_FLAG_VALUES, "none", be16(p, 0)?.into());
    nd.s("]");
    let p = tail(p, 3);
    let len = len - 3;
    match code {
        OAM_CODE_INFO => oam_tlvs(
            nd,
            p,
            len,
            "Information Type",
            OAM_INFO_TYPE_VALUES,
            true,
            oam_info,
        )?,
        OAM_CODE_EVENT_NOTIF => {
            if len < 2 {
                too_short(nd);
                return Ok(());
            }
            nd.f(format_args!("\n\t  Sequence Number {}", be16(p, 0)?));
            oam_tlvs(
                nd,
                tail(p, 2),
                len - 2,
                "Link Event Type",
                OAM_LINK_EVENT_VALUES,
                false,
                oam_link_event,
            )?;
        }
        OAM_CODE_LOOPBACK_CTRL => {
            if len < 1 {
                too_short(nd);
                return Ok(());
            }
            let command = u8at(p, 0)?;
            nd.s("\n\t  Command ");
            nd.tok2str(OAM_LOOPBACK_CMD_VALUES, "Unknown", command.into());
            nd.f(format_args!(" ({command})"));
        }
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(p, "\n\t  ", len);
            }
        }
    }
    Ok(())
}
