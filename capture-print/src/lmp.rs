//! Link Management Protocol (RFC 4204) and its UNI 1.0 service discovery, as tcpdump's
//! print-lmp.c: over UDP port 701 or with `-T lmp`.
use super::gmpls;
use super::util::{Tok, fmt_f};
use super::{Nd, Res, be16, be32, sl, tail, u8at};

/// The UDP port (RFC 4204).
pub(crate) const PORT: u16 = 701;

const HEADER_FLAG: &Tok = &[(0x01, "Control Channel Down"), (0x02, "LMP restart")];

const OBJ_TE_LINK_FLAG: &Tok = &[
    (0x01, "Fault Management Supported"),
    (0x02, "Link Verification Supported"),
];

const OBJ_DATA_LINK_FLAG: &Tok = &[
    (0x01, "Data Link Port"),
    (0x02, "Allocated for user traffic"),
    (0x04, "Failed link"),
];

const CHANNEL_STATUS: &Tok = &[
    (1, "Signal Okay"),
    (2, "Signal Degraded"),
    (3, "Signal Fail"),
];

const OBJ_BEGIN_VERIFY_FLAG: &Tok = &[(0x0001, "Verify all links"), (0x0002, "Data link type")];

const OBJ_BEGIN_VERIFY_ERROR: &Tok = &[
    (0x01, "Link Verification Procedure Not supported"),
    (0x02, "Unwilling to verify"),
    (0x04, "Unsupported verification transport mechanism"),
    (0x08, "Link-Id configuration error"),
    (0x10, "Unknown object c-type"),
];

const OBJ_LINK_SUMMARY_ERROR: &Tok = &[
    (0x01, "Unacceptable non-negotiable LINK-SUMMARY parameters"),
    (0x02, "Renegotiate LINK-SUMMARY parameters"),
    (0x04, "Invalid TE-LINK Object"),
    (0x08, "Invalid DATA-LINK Object"),
    (0x10, "Unknown TE-LINK Object c-type"),
    (0x20, "Unknown DATA-LINK Object c-type"),
];

const OBJ_SERVICE_CONFIG_SP_FLAG: &Tok = &[(0x01, "RSVP Supported"), (0x02, "LDP Supported")];

const OBJ_SERVICE_CONFIG_CPSA_TP_FLAG: &Tok = &[
    (0x01, "Path/VC Overhead Transparency Supported"),
    (0x02, "Line/MS Overhead Transparency Supported"),
    (0x04, "Section/RS Overhead Transparency Supported"),
];

const OBJ_SERVICE_CONFIG_CPSA_CCT_FLAG: &Tok =
    &[(0x01, "Contiguous Concatenation Types Supported")];

const OBJ_SERVICE_CONFIG_NSA_TRANSPARENCY_FLAG: &Tok = &[
    (0x01, "Standard SOH/RSOH Transparency Supported"),
    (0x02, "Standard LOH/MSOH Transparency Supported"),
];

const OBJ_SERVICE_CONFIG_NSA_TCM_FLAG: &Tok =
    &[(0x01, "Transparent Tandem Connection Monitoring Supported")];

const OBJ_SERVICE_CONFIG_NSA_NETWORK_DIVERSITY_FLAG: &Tok = &[
    (0x01, "Node Diversity Supported"),
    (0x02, "Link Diversity Supported"),
    (0x04, "SRLG Diversity Supported"),
];

const MSG_TYPE: &Tok = &[
    (1, "Config"),
    (2, "Config ACK"),
    (3, "Config NACK"),
    (4, "Hello"),
    (5, "Begin Verify"),
    (6, "Begin Verify ACK"),
    (7, "Begin Verify NACK"),
    (8, "End Verify"),
    (9, "End Verify ACK"),
    (10, "Test"),
    (11, "Test Status Success"),
    (12, "Test Status Failure"),
    (13, "Test Status ACK"),
    (14, "Link Summary"),
    (15, "Link Summary ACK"),
    (16, "Link Summary NACK"),
    (17, "Channel Status"),
    (18, "Channel Status ACK"),
    (19, "Channel Status Request"),
    (20, "Channel Status Response"),
    (50, "Service Config"),
    (51, "Service Config ACK"),
    (52, "Service Config NACK"),
];

const OBJ: &Tok = &[
    (1, "Control Channel ID"),
    (2, "Node ID"),
    (3, "Link ID"),
    (4, "Interface ID"),
    (5, "Message ID"),
    (6, "Configuration"),
    (7, "Hello"),
    (8, "Verify Begin"),
    (9, "Verify Begin ACK"),
    (10, "Verify ID"),
    (11, "TE Link"),
    (12, "Data Link"),
    (13, "Channel Status"),
    (14, "Channel Status Request"),
    (20, "Error Code"),
    (51, "Service Config"),
];

const DATA_LINK_SUBOBJ: &Tok = &[(1, "Interface Switching Type"), (2, "Wavelength")];

const CTYPE: &Tok = &[
    (257, "Local"),
    (258, "Remote"),
    (513, "Local"),
    (514, "Remote"),
    (769, "IPv4 Local"),
    (770, "IPv4 Remote"),
    (771, "IPv6 Local"),
    (772, "IPv6 Remote"),
    (773, "Unnumbered Local"),
    (774, "Unnumbered Remote"),
    (1025, "IPv4 Local"),
    (1026, "IPv4 Remote"),
    (1027, "IPv6 Local"),
    (1028, "IPv6 Remote"),
    (1029, "Unnumbered Local"),
    (1030, "Unnumbered Remote"),
    (1281, "1"),
    (1282, "2"),
    (1537, "1"),
    (1793, "1"),
    (2049, "1"),
    (2305, "1"),
    (2561, "1"),
    (2817, "IPv4"),
    (2818, "IPv6"),
    (2819, "Unnumbered"),
    (3073, "IPv4"),
    (3074, "IPv6"),
    (3075, "Unnumbered"),
    (3329, "IPv4"),
    (3330, "IPv6"),
    (3331, "Unnumbered"),
    (3585, "IPv4"),
    (3586, "IPv6"),
    (3587, "Unnumbered"),
    (5121, "1"),
    (5122, "2"),
    (13057, "1"),
    (13058, "2"),
    (13059, "3"),
    (13060, "4"),
];

const CLASS_CC_ID: u8 = 1;
const CLASS_NODE_ID: u8 = 2;
const CLASS_LINK_ID: u8 = 3;
const CLASS_INTERFACE_ID: u8 = 4;
const CLASS_MESSAGE_ID: u8 = 5;
const CLASS_CONFIG: u8 = 6;
const CLASS_HELLO: u8 = 7;
const CLASS_VERIFY_BEGIN: u8 = 8;
const CLASS_VERIFY_BEGIN_ACK: u8 = 9;
const CLASS_VERIFY_ID: u8 = 10;
const CLASS_TE_LINK: u8 = 11;
const CLASS_DATA_LINK: u8 = 12;
const CLASS_CHANNEL_STATUS: u8 = 13;
const CLASS_CHANNEL_STATUS_REQ: u8 = 14;
const CLASS_ERROR_CODE: u8 = 20;
const CLASS_SERVICE_CONFIG: u8 = 51;

/// Prints an LMP message of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "lmp";
    sl(bp, 0, 8)?;
    let version = be16(bp, 0)? >> 12;
    if version != 1 {
        nd.f(format_args!("LMP version {version} packet not supported"));
        return Ok(());
    }
    let msg_type = u32::from(u8at(bp, 3)?);
    if nd.opts.verbose < 1 {
        nd.f(format_args!("LMPv{version} "));
        nd.tok2str(MSG_TYPE, "unknown (%u)", msg_type);
        nd.f(format_args!(" Message, length: {length}"));
        return Ok(());
    }
    let mut tlen = u32::from(be16(bp, 4)?);
    nd.f(format_args!("\n\tLMPv{version}, msg-type: "));
    nd.tok2str(MSG_TYPE, "unknown, type: %u", msg_type);
    nd.s(", Flags: [");
    nd.bittok2str(HEADER_FLAG, "none", u32::from(u8at(bp, 2)?));
    nd.f(format_args!("], length: {tlen}"));
    if tlen < 8 {
        nd.s(" (too short)");
        return Ok(());
    }
    if tlen as usize > length {
        nd.s(" (too long)");
        tlen = length as u32;
    }
    // A length clamped below the header's size wraps, as tcpdump's unsigned count does: the
    // objects are then read until the captured data ends.
    tlen = tlen.wrapping_sub(8);
    let mut off = 8;
    while tlen > 0 {
        let obj_len = usize::from(be16(bp, off + 2)?);
        let raw_ctype = u8at(bp, off)?;
        let class = u8at(bp, off + 1)?;
        let ctype = raw_ctype & 0x7f;
        nd.s("\n\t  ");
        nd.tok2str(OBJ, "Unknown", u32::from(class));
        nd.f(format_args!(" Object ({class}), Class-Type: "));
        nd.tok2str(CTYPE, "Unknown", (u32::from(class) << 8) + u32::from(ctype));
        nd.f(format_args!(
            " ({ctype}) Flags: [{}negotiable], length: {obj_len}",
            if raw_ctype & 0x80 != 0 { "" } else { "non-" }
        ));
        if obj_len < 4 {
            nd.s(" (too short)");
            return Ok(());
        }
        if obj_len % 4 != 0 {
            nd.s(" (not a multiple of 4)");
            return Ok(());
        }
        sl(bp, off, obj_len)?;
        // The object's body, up to the end of the capture: tcpdump reads subobjects by the
        // captured bytes, not by the object's length.
        let v = tail(bp, off + 4);
        let hexdump = object(nd, v, obj_len - 4, class, ctype)?;
        if nd.opts.verbose > 1 || hexdump {
            nd.print_unknown_data(v, "\n\t    ", obj_len - 4);
        }
        if (tlen as usize) < obj_len {
            nd.f(format_args!(
                " [remaining objects length {tlen} < {obj_len}]"
            ));
            nd.invalid();
            break;
        }
        off += obj_len;
        tlen -= obj_len as u32;
    }
    Ok(())
}

/// tcpdump's check of an object's fixed length.
fn wrong_len(nd: &mut Nd<'_>, n: usize, want: usize) -> bool {
    if n != want {
        nd.s(" (not correct for object)");
        true
    } else {
        false
    }
}

/// An address as `addr (0x%08x)`: IPv4, IPv6, or an unnumbered 32-bit ID.
fn id(nd: &mut Nd<'_>, v: &[u8], at: usize, kind: IdKind) -> Res {
    let first = be32(v, at)?;
    match kind {
        IdKind::V4 => nd.host4(sl(v, at, 4)?),
        IdKind::V6 => nd.host6(sl(v, at, 16)?),
        IdKind::Unnumbered => nd.u(u64::from(first)),
    }
    nd.f(format_args!(" (0x{first:08x})"));
    Ok(())
}

/// How an identifier is written.
#[derive(Clone, Copy)]
enum IdKind {
    V4,
    V6,
    Unnumbered,
}

/// The kind of identifier a TE-link, data-link or channel-status c-type carries.
fn link_kind(ctype: u8) -> Option<IdKind> {
    match ctype {
        1 => Some(IdKind::V4),
        2 => Some(IdKind::V6),
        3 => Some(IdKind::Unnumbered),
        _ => None,
    }
}

/// One object's body (`n` bytes of `v`, all captured); returns whether to hex-dump it.
fn object(nd: &mut Nd<'_>, v: &[u8], n: usize, class: u8, ctype: u8) -> Res<bool> {
    match class {
        CLASS_CC_ID | CLASS_NODE_ID => match ctype {
            1 | 2 => {
                if wrong_len(nd, n, 4) {
                    return Ok(false);
                }
                if class == CLASS_CC_ID {
                    nd.s("\n\t    Control Channel ID: ");
                    id(nd, v, 0, IdKind::Unnumbered)?;
                } else {
                    nd.s("\n\t    Node ID: ");
                    id(nd, v, 0, IdKind::V4)?;
                }
            }
            _ => return Ok(true),
        },
        CLASS_LINK_ID | CLASS_INTERFACE_ID => {
            let (want, label, kind) = match ctype {
                1 | 2 => (4, "IPv4 Link ID: ", IdKind::V4),
                3 | 4 => (16, "IPv6 Link ID: ", IdKind::V6),
                5 | 6 => (4, "Link ID: ", IdKind::Unnumbered),
                _ => return Ok(true),
            };
            if wrong_len(nd, n, want) {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    {label}"));
            id(nd, v, 0, kind)?;
        }
        CLASS_MESSAGE_ID => {
            let label = match ctype {
                1 => "Message ID",
                2 => "Message ID Ack",
                _ => return Ok(true),
            };
            if wrong_len(nd, n, 4) {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    {label}: "));
            id(nd, v, 0, IdKind::Unnumbered)?;
        }
        CLASS_CONFIG => {
            if ctype != 1 {
                return Ok(true);
            }
            if wrong_len(nd, n, 4) {
                return Ok(false);
            }
            nd.f(format_args!(
                "\n\t    Hello Interval: {}\n\t    Hello Dead Interval: {}",
                be16(v, 0)?,
                be16(v, 2)?
            ));
        }
        CLASS_HELLO => {
            if ctype != 1 {
                return Ok(true);
            }
            if wrong_len(nd, n, 8) {
                return Ok(false);
            }
            nd.f(format_args!(
                "\n\t    Tx Seq: {}, Rx Seq: {}",
                be32(v, 0)?,
                be32(v, 4)?
            ));
        }
        CLASS_TE_LINK | CLASS_DATA_LINK => {
            let Some(kind) = link_kind(ctype) else {
                return Ok(true);
            };
            let size = if matches!(kind, IdKind::V6) { 16 } else { 4 };
            let want = 4 + 2 * size;
            let te = class == CLASS_TE_LINK;
            if (te && n != want) || (!te && n < want) {
                nd.s(" (not correct for object)");
                return Ok(false);
            }
            nd.s("\n\t    Flags: [");
            let flags = if te {
                OBJ_TE_LINK_FLAG
            } else {
                OBJ_DATA_LINK_FLAG
            };
            nd.bittok2str(flags, "none", u32::from(u8at(v, 0)?));
            let what = if te { "Link-ID" } else { "Interface ID" };
            nd.f(format_args!("]\n\t    Local {what}: "));
            id(nd, v, 4, kind)?;
            nd.f(format_args!("\n\t    Remote {what}: "));
            id(nd, v, 4 + size, kind)?;
            if !te {
                return data_link_subobjs(nd, v, n - want, want);
            }
        }
        CLASS_VERIFY_BEGIN => {
            if ctype != 1 {
                return Ok(true);
            }
            if wrong_len(nd, n, 20) {
                return Ok(false);
            }
            nd.s("\n\t    Flags: ");
            nd.bittok2str(OBJ_BEGIN_VERIFY_FLAG, "none", u32::from(be16(v, 0)?));
            nd.f(format_args!(
                "\n\t    Verify Interval: {}\n\t    Data links: {}\n\t    Encoding type: ",
                be16(v, 2)?,
                be32(v, 4)?
            ));
            nd.tok2str(gmpls::ENCODING, "Unknown", u32::from(u8at(v, 8)?));
            let mech = be16(v, 10)?;
            // tcpdump tests the decimal 8000, not 0x8000.
            nd.f(format_args!(
                "\n\t    Verify Transport Mechanism: {mech} (0x{mech:x}){}",
                if mech & 8000 != 0 {
                    " (Payload test messages capable)"
                } else {
                    ""
                }
            ));
            let rate = f32::from_bits(be32(v, 12)?);
            nd.f(format_args!(
                "\n\t    Transmission Rate: {} Mbps\n\t    Wavelength: {}",
                fmt_f(f64::from(rate * 8.0 / 1_000_000.0), 3),
                be32(v, 16)?
            ));
        }
        CLASS_VERIFY_BEGIN_ACK => {
            if ctype != 1 {
                return Ok(true);
            }
            if wrong_len(nd, n, 4) {
                return Ok(false);
            }
            nd.f(format_args!(
                "\n\t    Verify Dead Interval: {}\n\t    Verify Transport Response: {}",
                be16(v, 0)?,
                be16(v, 2)?
            ));
        }
        CLASS_VERIFY_ID => {
            if ctype != 1 {
                return Ok(true);
            }
            if wrong_len(nd, n, 4) {
                return Ok(false);
            }
            nd.f(format_args!("\n\t    Verify ID: {}", be32(v, 0)?));
        }
        CLASS_CHANNEL_STATUS => {
            let Some(kind) = link_kind(ctype) else {
                return Ok(true);
            };
            let size = if matches!(kind, IdKind::V6) { 16 } else { 4 };
            let mut off = 0;
            while off + size + 4 <= n {
                nd.s("\n\t    Interface ID: ");
                id(nd, v, off, kind)?;
                let st = be32(v, off + size)?;
                nd.f(format_args!(
                    "\n\t\t    Active: {} ({})\n\t\t    Direction: {} ({})\n\t\t    Channel Status: ",
                    if st >> 31 != 0 {
                        "Allocated"
                    } else {
                        "Non-allocated"
                    },
                    st >> 31,
                    if (st >> 30) & 1 != 0 {
                        "Transmit"
                    } else {
                        "Receive"
                    },
                    (st >> 30) & 1
                ));
                nd.tok2str(CHANNEL_STATUS, "Unknown", st & 0x3ff_ffff);
                nd.f(format_args!(" ({})", st & 0x3ff_ffff));
                off += size + 4;
            }
        }
        CLASS_CHANNEL_STATUS_REQ => {
            let Some(kind) = link_kind(ctype) else {
                return Ok(true);
            };
            let size = if matches!(kind, IdKind::V6) { 16 } else { 4 };
            let mut off = 0;
            while off + size <= n {
                nd.s("\n\t    Interface ID: ");
                id(nd, v, off, kind)?;
                off += size;
            }
        }
        CLASS_ERROR_CODE => {
            let table = match ctype {
                1 => OBJ_BEGIN_VERIFY_ERROR,
                2 => OBJ_LINK_SUMMARY_ERROR,
                _ => return Ok(true),
            };
            if wrong_len(nd, n, 4) {
                return Ok(false);
            }
            nd.s("\n\t    Error Code: ");
            nd.bittok2str(table, "none", be32(v, 0)?);
        }
        CLASS_SERVICE_CONFIG => return service_config(nd, v, n, ctype),
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(v, "\n\t    ", n);
            }
        }
    }
    Ok(false)
}

/// The UNI 1.0 service configuration object.
fn service_config(nd: &mut Nd<'_>, v: &[u8], n: usize, ctype: u8) -> Res<bool> {
    let want = match ctype {
        1 | 4 => 4,
        2 => 16,
        3 => 8,
        _ => return Ok(true),
    };
    if wrong_len(nd, n, want) {
        return Ok(false);
    }
    match ctype {
        1 => {
            nd.s("\n\t Flags: ");
            nd.bittok2str(OBJ_SERVICE_CONFIG_SP_FLAG, "none", u32::from(u8at(v, 0)?));
            nd.f(format_args!("\n\t  UNI Version: {}", u8at(v, 1)?));
        }
        2 => {
            let link_type = u8at(v, 0)?;
            nd.s("\n\t Link Type: ");
            nd.tok2str(
                gmpls::LMP_SD_CPSA_LINK_TYPE,
                "Unknown",
                u32::from(link_type),
            );
            nd.f(format_args!(" ({link_type})"));
            let signals = match link_type {
                5 => Some(gmpls::LMP_SD_CPSA_SIGNAL_TYPE_SDH),
                6 => Some(gmpls::LMP_SD_CPSA_SIGNAL_TYPE_SONET),
                _ => None,
            };
            if let Some(t) = signals {
                let sig = u8at(v, 1)?;
                nd.s("\n\t Signal Type: ");
                nd.tok2str(t, "Unknown", u32::from(sig));
                nd.f(format_args!(" ({sig})"));
            }
            nd.s("\n\t Transparency: ");
            nd.bittok2str(
                OBJ_SERVICE_CONFIG_CPSA_TP_FLAG,
                "none",
                u32::from(u8at(v, 2)?),
            );
            nd.s("\n\t Contiguous Concatenation Types: ");
            nd.bittok2str(
                OBJ_SERVICE_CONFIG_CPSA_CCT_FLAG,
                "none",
                u32::from(u8at(v, 3)?),
            );
            nd.f(format_args!(
                "\n\t Minimum NCC: {}\n\t Maximum NCC: {}\n\t Minimum NVC:{}\n\t Maximum NVC:{}\n\t    Local Interface ID: ",
                be16(v, 4)?,
                be16(v, 6)?,
                be16(v, 8)?,
                be16(v, 10)?
            ));
            id(nd, v, 12, IdKind::V4)?;
        }
        3 => {
            nd.s("\n\t Transparency Flags: ");
            nd.bittok2str(
                OBJ_SERVICE_CONFIG_NSA_TRANSPARENCY_FLAG,
                "none",
                be32(v, 0)?,
            );
            nd.s("\n\t TCM Monitoring Flags: ");
            nd.bittok2str(
                OBJ_SERVICE_CONFIG_NSA_TCM_FLAG,
                "none",
                u32::from(u8at(v, 7)?),
            );
        }
        _ => {
            nd.s("\n\t Diversity: Flags: ");
            nd.bittok2str(
                OBJ_SERVICE_CONFIG_NSA_NETWORK_DIVERSITY_FLAG,
                "none",
                u32::from(u8at(v, 3)?),
            );
        }
    }
    Ok(false)
}

/// A data link object's subobjects, `total` bytes from `off`; returns whether an unknown one
/// asks for the object's hex dump.
fn data_link_subobjs(nd: &mut Nd<'_>, v: &[u8], total: usize, mut off: usize) -> Res<bool> {
    let mut total = total as i64;
    while total > 0 {
        let kind = u8at(v, off)?;
        let len = usize::from(u8at(v, off + 1)?);
        nd.s("\n\t    Subobject, Type: ");
        nd.tok2str(DATA_LINK_SUBOBJ, "Unknown", u32::from(kind));
        nd.f(format_args!(" ({kind}), Length: {len}"));
        if len < 4 {
            nd.s(" (too short)");
            break;
        }
        if len % 4 != 0 {
            nd.s(" (not a multiple of 4)");
            break;
        }
        if total < len as i64 {
            nd.s(" (goes past the end of the object)");
            break;
        }
        match kind {
            1 => {
                let sw = u8at(v, off + 2)?;
                nd.s("\n\t      Switching Type: ");
                nd.tok2str(gmpls::SWITCH_CAP, "Unknown", u32::from(sw));
                let enc = u8at(v, off + 3)?;
                nd.f(format_args!(" ({sw})\n\t      Encoding Type: "));
                nd.tok2str(gmpls::ENCODING, "Unknown", u32::from(enc));
                nd.f(format_args!(" ({enc})"));
                let min = f32::from_bits(be32(v, off + 4)?);
                nd.f(format_args!(
                    "\n\t      Min Reservable Bandwidth: {} Mbps",
                    fmt_f(f64::from(min * 8.0 / 1_000_000.0), 3)
                ));
                let max = f32::from_bits(be32(v, off + 8)?);
                nd.f(format_args!(
                    "\n\t      Max Reservable Bandwidth: {} Mbps",
                    fmt_f(f64::from(max * 8.0 / 1_000_000.0), 3)
                ));
            }
            2 => nd.f(format_args!("\n\t      Wavelength: {}", be32(v, off + 4)?)),
            _ => return Ok(true),
        }
        total -= len as i64;
        off += len;
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    /// A Hello message with a Hello object and a negotiable Configuration object.
    const HELLO: [u8; 28] = [
        0x10, 0, 0, 4, 0, 28, 0, 0, 1, 7, 0, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0x81, 6, 0, 8, 0, 1, 0, 2,
    ];

    #[test]
    fn hello() {
        let pkt = udp4(701, 701, &HELLO);
        assert_eq!(
            print_ip(opts(0), &pkt),
            "IP 10.0.0.1.701 > 10.0.0.2.701: LMPv1 Hello Message, length: 28\n"
        );
        let s = print_ip(opts(1), &pkt);
        assert!(s.ends_with("10.0.0.1.701 > 10.0.0.2.701: \n\tLMPv1, msg-type: Hello, Flags: [none], length: 28\n\t  Hello Object (7), Class-Type: 1 (1) Flags: [non-negotiable], length: 12\n\t    Tx Seq: 1, Rx Seq: 2\n\t  Configuration Object (6), Class-Type: 1 (1) Flags: [negotiable], length: 8\n\t    Hello Interval: 1\n\t    Hello Dead Interval: 2\n"), "{s}");
        let mut short = pkt.clone();
        short.truncate(short.len() - 2);
        let s = print_ip(opts(1), &short);
        assert!(
            s.ends_with("Flags: [negotiable], length: 8 [|lmp]\n"),
            "{s}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(objs in proptest::collection::vec(
                            (0u8..16, 0u8..60, proptest::collection::vec(proptest::num::u8::ANY, 0..12)),
                            0..5),
                        cut in 0usize..200, v in 0u8..4) {
            let mut body = Vec::new();
            for (ctype, class, words) in objs {
                let len = 4 + words.len() / 4 * 16;
                body.extend_from_slice(&[ctype, class]);
                body.extend_from_slice(&(len as u16).to_be_bytes());
                for w in words.chunks_exact(4) {
                    for &b in w {
                        body.extend_from_slice(&[b & 3, b & 0x1c, b >> 5, b]);
                    }
                }
            }
            let mut m = vec![0x10, 0, 0, 1];
            m.extend_from_slice(&((body.len() + 8) as u16).to_be_bytes());
            m.extend_from_slice(&[0, 0]);
            m.extend_from_slice(&body);
            m.truncate(cut);
            let _ = print_ip(opts(v), &udp4(701, 701, &m));
        }
    }
}
