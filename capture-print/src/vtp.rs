//! Cisco VLAN Trunking Protocol, as tcpdump's print-vtp.c: summary and subset advertisements
//! (with their VLAN information and its TLVs) and advertisement requests.
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, u8at};

const HEADER_LEN: usize = 36;
const DOMAIN_NAME_LEN: u8 = 32;
const VLAN_INFO_FIXED_PART_LEN: usize = 12;

const SUMMARY_ADV: u8 = 1;
const SUBSET_ADV: u8 = 2;
const ADV_REQUEST: u8 = 3;

const MESSAGE_TYPE_VALUES: &Tok = &[
    (1, "Summary advertisement"),
    (2, "Subset advertisement"),
    (3, "Advertisement request"),
    (4, "Join message"),
];

/// What the header's third byte is, by message type.
const HEADER_VALUES: &Tok = &[
    (1, "Followers"),
    (2, "Seq number"),
    (3, "Rsvd"),
    (4, "Rsvd"),
];

const VLAN_TYPE_VALUES: &Tok = &[
    (1, "Ethernet"),
    (2, "FDDI"),
    (3, "TrCRF"),
    (4, "FDDI-net"),
    (5, "TrBRF"),
];

const VLAN_STATUS: &Tok = &[(0, "Operational"), (1, "Suspended")];

const VLAN_STP_TYPE: u8 = 3;
const VLAN_PRUNING: u8 = 6;
const VLAN_BRIDGE_TYPE: u8 = 7;
const VLAN_STE_HOP_COUNT: u8 = 9;
const VLAN_BACKUP_CRF_MODE: u8 = 10;

const VLAN_TLV_VALUES: &Tok = &[
    (1, "Source-Routing Ring Number TLV"),
    (2, "Source-Routing Bridge Number TLV"),
    (3, "STP type TLV"),
    (4, "Parent VLAN TLV"),
    (5, "Translationally bridged VLANs TLV"),
    (6, "Pruning TLV"),
    (7, "Bridge Type TLV"),
    (8, "Max ARP Hop Count TLV"),
    (9, "Max STE Hop Count TLV"),
    (10, "Backup CRF Mode TLV"),
];

const STP_TYPE_VALUES: &Tok = &[(1, "SRT"), (2, "SRB"), (3, "Auto")];

/// Prints a VTP packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "vtp";
    if length < HEADER_LEN {
        return invalid(nd, p, length);
    }
    sl(p, 0, HEADER_LEN)?;
    let ty = u8at(p, 1)?;
    nd.f(format_args!("VTPv{}, Message ", u8at(p, 0)?));
    nd.tok2str(MESSAGE_TYPE_VALUES, "Unknown message type", ty.into());
    nd.f(format_args!(" (0x{ty:02x}), length {length}"));
    if nd.opts.verbose < 1 {
        sl(p, 0, length)?;
        return Ok(());
    }
    nd.s("\n\tDomain name: ");
    let mgmtd_len = u8at(p, 3)?;
    if !(1..=DOMAIN_NAME_LEN).contains(&mgmtd_len) {
        nd.f(format_args!(" [invalid MgmtD Len {mgmtd_len}]"));
        return invalid(nd, p, length);
    }
    nd.printjnp(super::tail(p, 4), mgmtd_len.into())?;
    nd.s(", ");
    nd.tok2str(HEADER_VALUES, "Unknown", ty.into());
    nd.f(format_args!(": {}", u8at(p, 2)?));
    let mut i = HEADER_LEN;
    match ty {
        SUMMARY_ADV => {
            let rev = be32(p, i)?;
            let a = sl(p, i + 4, 4)?;
            nd.f(format_args!("\n\t  Config Rev {rev:x}, Updater "));
            nd.ipv4(a);
            i += 8;
            nd.f(format_args!(
                ", Timestamp 0x{:08x} 0x{:08x} 0x{:08x}",
                be32(p, i)?,
                be32(p, i + 4)?,
                be32(p, i + 8)?
            ));
            i += 12;
            nd.f(format_args!(
                ", MD5 digest: {:08x}{:08x}{:08x}{:08x}",
                be32(p, i)?,
                be32(p, i + 4)?,
                be32(p, i + 8)?,
                be32(p, i + 12)?
            ));
        }
        SUBSET_ADV => {
            nd.f(format_args!(", Config Rev {:x}", be32(p, i)?));
            i += 4;
            while i < length {
                match vlan_info(nd, p, i)? {
                    Vlan::Next(next) => i = next,
                    Vlan::End => break,
                    Vlan::Invalid => return invalid(nd, p, length),
                }
            }
        }
        ADV_REQUEST => {
            nd.f(format_args!("\n\tStart value: {}", be32(p, i)?));
        }
        _ => {}
    }
    Ok(())
}

/// What follows a VLAN information field.
enum Vlan {
    /// The next field's offset.
    Next(usize),
    /// A zero length: the end of the list.
    End,
    /// A malformed field.
    Invalid,
}

/// One VLAN information field at `start`.
fn vlan_info(nd: &mut Nd<'_>, p: &[u8], start: usize) -> Res<Vlan> {
    let mut len = usize::from(u8at(p, start)?);
    if len == 0 {
        return Ok(Vlan::End);
    }
    sl(p, start, len)?;
    if len < VLAN_INFO_FIXED_PART_LEN {
        return Ok(Vlan::Invalid);
    }
    nd.s("\n\tVLAN info status ");
    nd.tok2str(VLAN_STATUS, "Unknown", u8at(p, start + 1)?.into());
    nd.s(", type ");
    nd.tok2str(VLAN_TYPE_VALUES, "Unknown", u8at(p, start + 2)?.into());
    nd.f(format_args!(
        ", VLAN-id {}, MTU {}, SAID 0x{:08x}, Name ",
        be16(p, start + 4)?,
        be16(p, start + 6)?,
        be32(p, start + 8)?
    ));
    len -= VLAN_INFO_FIXED_PART_LEN;
    let mut t = start + VLAN_INFO_FIXED_PART_LEN;
    let name_len = usize::from(u8at(p, start + 3)?);
    // Names are padded to a multiple of 4 bytes.
    let padded = name_len.div_ceil(4) * 4;
    if len < padded {
        return Ok(Vlan::Invalid);
    }
    nd.printjnp(super::tail(p, t), name_len)?;
    len -= padded;
    t += padded;
    // The TLVs have a one-byte type and a one-byte length in 16-bit words.
    while len > 0 {
        if len < 2 {
            return Ok(Vlan::Invalid);
        }
        let ty = u8at(p, t)?;
        let tlv_len = usize::from(u8at(p, t + 1)?);
        nd.s("\n\t\t");
        nd.tok2str(VLAN_TLV_VALUES, "Unknown", ty.into());
        nd.f(format_args!(" (0x{ty:04x}) TLV"));
        if len < tlv_len * 2 + 2 {
            nd.s(" (TLV goes past the end of the packet)");
            return Ok(Vlan::Invalid);
        }
        sl(p, t, tlv_len * 2 + 2)?;
        if tlv_len != 1 {
            nd.f(format_args!(" (invalid TLV length {tlv_len} != 1)"));
            return Ok(Vlan::Invalid);
        }
        let v = be16(p, t + 2)?;
        match ty {
            VLAN_STE_HOP_COUNT => nd.f(format_args!(", {v}")),
            VLAN_PRUNING => nd.f(format_args!(
                ", {} ({v})",
                if v == 1 { "Enabled" } else { "Disabled" }
            )),
            VLAN_STP_TYPE => {
                nd.s(", ");
                nd.tok2str(STP_TYPE_VALUES, "Unknown", v.into());
                nd.f(format_args!(" ({v})"));
            }
            VLAN_BRIDGE_TYPE => nd.f(format_args!(
                ", {} ({v})",
                if v == 1 { "SRB" } else { "SRT" }
            )),
            VLAN_BACKUP_CRF_MODE => nd.f(format_args!(
                ", {} ({v})",
                if v == 1 { "Backup" } else { "Not backup" }
            )),
            _ => nd.print_unknown_data(super::tail(p, t), "\n\t\t  ", 2 + tlv_len * 2),
        }
        len -= 2 + tlv_len * 2;
        t += 2 + tlv_len * 2;
    }
    Ok(Vlan::Next(t))
}

fn invalid(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.invalid();
    sl(p, 0, length)?;
    Ok(())
}
