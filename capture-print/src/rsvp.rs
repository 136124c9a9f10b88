//! Resource ReSerVation Protocol (RFC 2205) with its TE and GMPLS extensions (RFC 3209, 3473,
//! 4090, 4875, ...), as tcpdump's print-rsvp.c: the common header and every object it decodes.
use super::af::{AF_VALUES, AFNUM_INET, AFNUM_INET6, AFNUM_NSAP};
use super::ether::ETHERTYPES;
use super::gmpls;
use super::util::{Tok, fmt_g};
use super::{Nd, Res, be16, be24, be32, has, sl, tail, u8at};

const MSG_TYPE: &Tok = &[
    (1, "Path"),
    (2, "Resv"),
    (3, "PathErr"),
    (4, "ResvErr"),
    (5, "PathTear"),
    (6, "ResvTear"),
    (7, "ResvConf"),
    (12, "Bundle"),
    (13, "Acknowledgement"),
    (14, "Hello (Old)"),
    (15, "Refresh"),
    (20, "Hello"),
];

const HEADER_FLAG: &Tok = &[(0x01, "Refresh reduction capable")];

const OBJ_CAPABILITY_FLAG: &Tok = &[
    (0x0004, "RecoveryPath Transmit Enabled"),
    (0x0002, "RecoveryPath Desired"),
    (0x0001, "RecoveryPath Srefresh Capable"),
];

const OBJ: &Tok = &[
    (1, "Session"),
    (3, "RSVP Hop"),
    (4, "Integrity"),
    (5, "Time Values"),
    (6, "Error Spec"),
    (7, "Scope"),
    (8, "Style"),
    (9, "Flowspec"),
    (10, "FilterSpec"),
    (11, "Sender Template"),
    (12, "Sender TSpec"),
    (13, "Adspec"),
    (14, "Policy Data"),
    (15, "Confirm"),
    (16, "Label"),
    (19, "Label Request"),
    (20, "ERO"),
    (21, "RRO"),
    (22, "Hello"),
    (23, "Message ID"),
    (24, "Message ID Ack"),
    (25, "Message ID List"),
    (34, "Recovery Label"),
    (35, "Upstream Label"),
    (36, "Label Set"),
    (130, "Acceptable Label Set"),
    (63, "Detour"),
    (66, "Class Type"),
    (125, "Class Type (old)"),
    (129, "Suggested Label"),
    (204, "Properties"),
    (205, "Fast Re-Route"),
    (207, "Session Attribute"),
    (229, "Generalized UNI"),
    (230, "Call-ID"),
    (236, "Call Capability"),
    (131, "Restart Capability"),
    (134, "Capability"),
    (195, "Notify Request"),
    (37, "Protection"),
    (196, "Administrative Status"),
    (50, "Sub-LSP to LSP"),
];

const CTYPE: &Tok = &[
    (769, "IPv4"),
    (770, "IPv6"),
    (771, "IPv4 plus opt. TLVs"),
    (772, "IPv6 plus opt. TLVs"),
    (49921, "IPv4"),
    (49922, "IPv6"),
    (3841, "IPv4"),
    (3842, "IPv6"),
    (1281, "1"),
    (2305, "obsolete"),
    (2306, "IntServ"),
    (3074, "IntServ"),
    (3330, "IntServ"),
    (2561, "IPv4"),
    (2562, "IPv6"),
    (2563, "IPv6 Flow-label"),
    (2567, "Tunnel IPv4"),
    (2572, "IPv4 P2MP LSP Tunnel"),
    (2573, "IPv6 P2MP LSP Tunnel"),
    (257, "IPv4"),
    (258, "IPv6"),
    (263, "Tunnel IPv4"),
    (267, "UNI IPv4"),
    (269, "IPv4 P2MP LSP Tunnel"),
    (270, "IPv6 P2MP LSP Tunnel"),
    (2817, "IPv4"),
    (2818, "IPv6"),
    (2823, "Tunnel IPv4"),
    (2828, "IPv4 P2MP LSP Tunnel"),
    (2829, "IPv6 P2MP LSP Tunnel"),
    (5889, "1"),
    (6145, "Message id ack"),
    (6146, "Message id nack"),
    (6401, "1"),
    (2049, "1"),
    (5633, "Hello Request"),
    (5634, "Hello Ack"),
    (4865, "without label range"),
    (4866, "with ATM label range"),
    (4867, "with FR label range"),
    (4868, "Generalized Label"),
    (4097, "Label"),
    (4098, "Generalized Label"),
    (4099, "Waveband Switching"),
    (33025, "Label"),
    (33026, "Generalized Label"),
    (33027, "Waveband Switching"),
    (8961, "Label"),
    (8962, "Generalized Label"),
    (8963, "Waveband Switching"),
    (8705, "Label"),
    (8706, "Generalized Label"),
    (8707, "Waveband Switching"),
    (5121, "IPv4"),
    (5377, "IPv4"),
    (1537, "IPv4"),
    (1538, "IPv6"),
    (1539, "IPv4 plus opt. TLVs"),
    (1540, "IPv6 plus opt. TLVs"),
    (33537, "IPv4"),
    (34305, "1"),
    (52999, "Tunnel IPv4"),
    (52487, "Tunnel IPv4"),
    (52481, "1"),
    (16135, "Tunnel IPv4"),
    (52225, "1"),
    (50177, "1"),
    (16897, "1"),
    (32001, "1"),
    (9217, "1"),
    (58625, "1"),
    (12801, "IPv4 sub-LSP"),
    (12802, "IPv6 sub-LSP"),
];

const OBJ_INTEGRITY_FLAG: &Tok = &[(0x80, "Handshake")];

const OBJ_XRO: &Tok = &[
    (0, "Reserved"),
    (1, "IPv4 prefix"),
    (2, "IPv6 prefix"),
    (3, "Label"),
    (32, "Autonomous system number"),
    (64, "MPLS label switched path termination"),
];

const OBJ_RRO_FLAG: &Tok = &[
    (0x01, "Local protection available"),
    (0x02, "Local protection in use"),
    (0x04, "Bandwidth protection"),
    (0x08, "Node protection"),
];

const OBJ_RRO_LABEL_FLAG: &Tok = &[(0x01, "Global")];

const RESSTYLE: &Tok = &[
    (17, "Wildcard Filter"),
    (10, "Fixed Filter"),
    (18, "Shared Explicit"),
];

const INTSERV_SERVICE_TYPE: &Tok = &[
    (1, "Default/Global Information"),
    (2, "Guaranteed Service"),
    (5, "Controlled Load"),
];

const INTSERV_PARAMETER_ID: &Tok = &[
    (4, "IS hop cnt"),
    (6, "Path b/w estimate"),
    (8, "Minimum path latency"),
    (10, "Composed MTU"),
    (127, "Token Bucket TSpec"),
    (130, "Guaranteed Service RSpec"),
    (133, "End-to-end composed value for C"),
    (134, "End-to-end composed value for D"),
    (135, "Since-last-reshaping point composed C"),
    (136, "Since-last-reshaping point composed D"),
];

const SESSION_ATTRIBUTE_FLAG: &Tok = &[
    (0x01, "Local Protection"),
    (0x02, "Label Recording"),
    (0x04, "SE Style"),
    (0x08, "Bandwidth protection"),
    (0x10, "Node protection"),
];

const OBJ_PROP_TLV: &Tok = &[
    (0x01, "Cos"),
    (0x02, "Metric 1"),
    (0x04, "Metric 2"),
    (0x08, "CCC Status"),
    (0x10, "Path Type"),
];

const OBJ_ERROR_CODE: &Tok = &[
    (24, "Routing Problem"),
    (25, "Notify Error"),
    (28, "Diffserv TE Error"),
    (125, "Diffserv TE Error (Old)"),
];

const OBJ_ERROR_CODE_ROUTING: &Tok = &[
    (1, "Bad EXPLICIT_ROUTE object"),
    (2, "Bad strict node"),
    (3, "Bad loose node"),
    (4, "Bad initial subobject"),
    (5, "No route available toward destination"),
    (6, "Unacceptable label value"),
    (7, "RRO indicated routing loops"),
    (8, "non-RSVP-capable router in the path"),
    (9, "MPLS label allocation failure"),
    (10, "Unsupported L3PID"),
];

const OBJ_ERROR_CODE_DIFFSERV_TE: &Tok = &[
    (1, "Unexpected CT object"),
    (2, "Unsupported CT"),
    (3, "Invalid CT value"),
    (4, "CT/setup priority do not form a configured TE-Class"),
    (5, "CT/holding priority do not form a configured TE-Class"),
    (
        6,
        "CT/setup priority and CT/holding priority do not form a configured TE-Class",
    ),
    (7, "Inconsistency between signaled PSC and signaled CT"),
    (8, "Inconsistency between signaled PHBs and signaled CT"),
];

const OBJ_ADMIN_STATUS_FLAG: &Tok = &[
    (0x80000000, "Reflect"),
    (0x00000004, "Testing"),
    (0x00000002, "Admin-down"),
    (0x00000001, "Delete-in-progress"),
];

const OBJ_LABEL_SET_ACTION: &Tok = &[
    (0, "Inclusive list"),
    (1, "Exclusive list"),
    (2, "Inclusive range"),
    (3, "Exclusive range"),
];

const GENERALIZED_UNI_SUBOBJ: &Tok = &[
    (1, "Source TNA address"),
    (2, "Destination TNA address"),
    (3, "Diversity"),
    (4, "Egress label"),
    (5, "Service level"),
];

const MSG_BUNDLE: u8 = 12;

const OBJ_SESSION: u8 = 1;
const OBJ_RSVP_HOP: u8 = 3;
const OBJ_INTEGRITY: u8 = 4;
const OBJ_TIME_VALUES: u8 = 5;
const OBJ_ERROR_SPEC: u8 = 6;
const OBJ_STYLE: u8 = 8;
const OBJ_FLOWSPEC: u8 = 9;
const OBJ_FILTERSPEC: u8 = 10;
const OBJ_SENDER_TEMPLATE: u8 = 11;
const OBJ_SENDER_TSPEC: u8 = 12;
const OBJ_ADSPEC: u8 = 13;
const OBJ_CONFIRM: u8 = 15;
const OBJ_LABEL: u8 = 16;
const OBJ_LABEL_REQ: u8 = 19;
const OBJ_ERO: u8 = 20;
const OBJ_RRO: u8 = 21;
const OBJ_HELLO: u8 = 22;
const OBJ_MESSAGE_ID: u8 = 23;
const OBJ_MESSAGE_ID_ACK: u8 = 24;
const OBJ_MESSAGE_ID_LIST: u8 = 25;
const OBJ_RECOVERY_LABEL: u8 = 34;
const OBJ_UPSTREAM_LABEL: u8 = 35;
const OBJ_LABEL_SET: u8 = 36;
const OBJ_S2L: u8 = 50;
const OBJ_DETOUR: u8 = 63;
const OBJ_CLASSTYPE: u8 = 66;
const OBJ_CLASSTYPE_OLD: u8 = 125;
const OBJ_SUGGESTED_LABEL: u8 = 129;
const OBJ_RESTART_CAPABILITY: u8 = 131;
const OBJ_CAPABILITY: u8 = 134;
const OBJ_NOTIFY_REQ: u8 = 195;
const OBJ_ADMIN_STATUS: u8 = 196;
const OBJ_PROPERTIES: u8 = 204;
const OBJ_FASTREROUTE: u8 = 205;
const OBJ_SESSION_ATTRIBUTE: u8 = 207;
const OBJ_GENERALIZED_UNI: u8 = 229;

const CTYPE_IPV4: u8 = 1;
const CTYPE_IPV6: u8 = 2;
const CTYPE_TUNNEL_IPV4: u8 = 7;
const CTYPE_TUNNEL_IPV6: u8 = 8;
const CTYPE_UNI_IPV4: u8 = 11;
const CTYPE_1: u8 = 1;
const CTYPE_2: u8 = 2;
const CTYPE_3: u8 = 3;
const CTYPE_4: u8 = 4;
const CTYPE_12: u8 = 12;
const CTYPE_13: u8 = 13;
const CTYPE_14: u8 = 14;

const XRO_IPV4: u8 = 1;
const XRO_LABEL: u8 = 3;

const ERROR_CODE_ROUTING: u8 = 24;
const ERROR_CODE_DIFFSERV_TE: u8 = 28;
const ERROR_CODE_DIFFSERV_TE_OLD: u8 = 125;

/// The common header's size.
const COMMON_HDR_LEN: usize = 8;

/// How an object ended: carry on to the next (with the object's hex dump or not), or stop
/// printing the message (an error, or a truncation, was printed).
enum Step {
    Next { hexdump: bool },
    Stop,
}

/// Prints an RSVP message (IP protocol 46) of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "rsvp";
    if !has(bp, 0, COMMON_HDR_LEN) {
        return nd.trunc_here();
    }
    let version_flags = bp[0];
    let version = version_flags >> 4;
    if version != 1 {
        nd.f(format_args!(
            "ERROR: RSVP version {version} packet not supported"
        ));
        return Ok(());
    }
    let msg_type = bp[1];
    if nd.opts.verbose < 1 {
        nd.f(format_args!("RSVPv{version} "));
        nd.tok2str(MSG_TYPE, "unknown (%u)", u32::from(msg_type));
        nd.f(format_args!(" Message, length: {len}"));
        return Ok(());
    }
    nd.s("\n\t");
    let plen = header(nd, bp)?;
    if usize::from(plen) < COMMON_HDR_LEN {
        nd.f(format_args!("ERROR: common header too short {plen} < 8"));
        return Ok(());
    }
    let mut tlen = usize::from(plen) - COMMON_HDR_LEN;
    let body = tail(bp, COMMON_HDR_LEN);
    match msg_type {
        MSG_BUNDLE => {
            let mut off = 0;
            while tlen > 0 {
                let sub = tail(body, off);
                if !has(sub, 0, COMMON_HDR_LEN) {
                    return nd.trunc_here();
                }
                let sub_version = sub[0] >> 4;
                if sub_version != 1 {
                    nd.f(format_args!(
                        "ERROR: RSVP version {sub_version} packet not supported"
                    ));
                    return Ok(());
                }
                nd.s("\n\t  ");
                let sub_len = usize::from(header(nd, sub)?);
                if sub_len < COMMON_HDR_LEN {
                    nd.f(format_args!("ERROR: common header too short {sub_len} < 8"));
                    return Ok(());
                }
                if tlen < sub_len {
                    nd.f(format_args!(
                        "ERROR: common header too large {sub_len} > {tlen}"
                    ));
                    return Ok(());
                }
                let objs = tail(sub, COMMON_HDR_LEN);
                if !objects(nd, objs, "\n\t    ", sub_len - COMMON_HDR_LEN)? {
                    return Ok(());
                }
                off += sub_len;
                tlen -= sub_len;
            }
        }
        1..=7 | 13..=15 | 20 => {
            objects(nd, body, "\n\t  ", tlen)?;
        }
        _ => nd.print_unknown_data(body, "\n\t    ", tlen),
    }
    Ok(())
}

/// The verbose line of a (sub)message's common header; returns its length field.
fn header(nd: &mut Nd<'_>, h: &[u8]) -> Res<u16> {
    let (version_flags, msg_type) = (u8at(h, 0)?, u8at(h, 1)?);
    let (checksum, ttl, length) = (be16(h, 2)?, u8at(h, 4)?, be16(h, 6)?);
    nd.f(format_args!("RSVPv{} ", version_flags >> 4));
    nd.tok2str(MSG_TYPE, "unknown, type: %u", u32::from(msg_type));
    nd.f(format_args!(" Message ({msg_type}), Flags: ["));
    nd.bittok2str(HEADER_FLAG, "none", u32::from(version_flags & 0x0f));
    nd.f(format_args!(
        "], length: {length}, ttl: {ttl}, checksum: 0x{checksum:04x}"
    ));
    Ok(length)
}

/// The objects of a message, `tlen` bytes from the start of `p`. Ok(false): printing stopped
/// at an error or a truncation.
fn objects(nd: &mut Nd<'_>, p: &[u8], indent: &str, mut tlen: usize) -> Res<bool> {
    let mut off = 0;
    while tlen >= 4 {
        if !has(p, off, 4) {
            nd.trunc();
            return Ok(false);
        }
        let obj_len = usize::from(be16(p, off)?);
        let ctype = u8at(p, off + 3)?;
        if obj_len % 4 != 0 {
            nd.f(format_args!(
                "{indent}ERROR: object header size {obj_len} not a multiple of 4"
            ));
            return Ok(false);
        }
        if obj_len < 4 {
            nd.f(format_args!(
                "{indent}ERROR: object header too short {obj_len} < 4"
            ));
            return Ok(false);
        }
        let class = u8at(p, off + 2)?;
        nd.s(indent);
        nd.tok2str(OBJ, "Unknown", u32::from(class));
        nd.f(format_args!(
            " Object ({class}) Flags: [{} if unknown], Class-Type: ",
            if class & 0x80 != 0 {
                if class & 0x40 != 0 {
                    "ignore and forward"
                } else {
                    "ignore silently"
                }
            } else {
                "reject"
            }
        ));
        nd.tok2str(CTYPE, "Unknown", (u32::from(class) << 8) + u32::from(ctype));
        nd.f(format_args!(" ({ctype}), length: {obj_len}"));
        if tlen < obj_len {
            nd.f(format_args!(
                "{indent}ERROR: object goes past end of objects TLV"
            ));
            return Ok(false);
        }
        if !has(p, off, obj_len) {
            nd.trunc();
            return Ok(false);
        }
        let body = &p[off + 4..off + obj_len];
        match object(nd, body, class, ctype, indent)? {
            Step::Stop => return Ok(false),
            Step::Next { hexdump } => {
                if nd.opts.verbose > 1 || hexdump {
                    nd.print_unknown_data(body, "\n\t    ", obj_len - 4);
                }
            }
        }
        off += obj_len;
        tlen -= obj_len;
    }
    Ok(true)
}

/// tcpdump's `obj_tooshort`.
fn too_short(nd: &mut Nd<'_>, indent: &str) -> Res<Step> {
    nd.f(format_args!("{indent}ERROR: object is too short"));
    Ok(Step::Stop)
}

/// A 32-bit IEEE float field.
fn float(v: &[u8], i: usize) -> Res<f32> {
    be32(v, i).map(f32::from_bits)
}

/// One object's body `v` (all of it captured).
fn object(nd: &mut Nd<'_>, v: &[u8], class: u8, ctype: u8, indent: &str) -> Res<Step> {
    let n = v.len();
    let mut hexdump = false;
    macro_rules! need {
        ($min:expr) => {
            if n < $min {
                return too_short(nd, indent);
            }
        };
    }
    match (class, ctype) {
        (OBJ_SESSION, CTYPE_IPV4) => {
            need!(8);
            nd.f(format_args!("{indent}  IPv4 DestAddress: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(
                ", Protocol ID: 0x{:02x}{indent}  Flags: [0x{:02x}], DestPort {}",
                v[4],
                v[5],
                be16(v, 6)?
            ));
        }
        (OBJ_SESSION, CTYPE_IPV6) => {
            need!(20);
            nd.f(format_args!("{indent}  IPv6 DestAddress: "));
            nd.host6(&v[..16]);
            nd.f(format_args!(
                ", Protocol ID: 0x{:02x}{indent}  Flags: [0x{:02x}], DestPort {}",
                v[16],
                v[17],
                be16(v, 18)?
            ));
        }
        (OBJ_SESSION, CTYPE_TUNNEL_IPV6) => {
            need!(36);
            nd.f(format_args!("{indent}  IPv6 Tunnel EndPoint: "));
            nd.host6(&v[..16]);
            nd.f(format_args!(
                ", Tunnel ID: 0x{:04x}, Extended Tunnel ID: ",
                be16(v, 18)?
            ));
            nd.host6(&v[20..36]);
        }
        (OBJ_SESSION, CTYPE_14) => {
            need!(26);
            nd.f(format_args!(
                "{indent}  IPv6 P2MP LSP ID: 0x{:08x}, Tunnel ID: 0x{:04x}, Extended Tunnel ID: ",
                be32(v, 0)?,
                be16(v, 6)?
            ));
            nd.host6(&v[8..24]);
        }
        (OBJ_SESSION, CTYPE_13 | CTYPE_TUNNEL_IPV4 | CTYPE_UNI_IPV4) => {
            need!(12);
            if ctype == CTYPE_13 {
                nd.f(format_args!("{indent}  IPv4 P2MP LSP ID: "));
            } else {
                nd.f(format_args!("{indent}  IPv4 Tunnel EndPoint: "));
            }
            nd.host4(&v[..4]);
            nd.f(format_args!(
                ", Tunnel ID: 0x{:04x}, Extended Tunnel ID: ",
                be16(v, 6)?
            ));
            nd.host4(&v[8..12]);
        }
        (OBJ_CONFIRM | OBJ_NOTIFY_REQ, CTYPE_IPV4 | CTYPE_IPV6) => {
            let size = if ctype == CTYPE_IPV4 { 4 } else { 16 };
            need!(size);
            let what = if class == OBJ_CONFIRM {
                "Receiver"
            } else {
                "Notify Node"
            };
            let fam = if size == 4 { "IPv4" } else { "IPv6" };
            nd.f(format_args!("{indent}  {fam} {what} Address: "));
            nd.host(&v[..size]);
        }
        (OBJ_SUGGESTED_LABEL | OBJ_UPSTREAM_LABEL | OBJ_RECOVERY_LABEL | OBJ_LABEL, _) => {
            match ctype {
                CTYPE_1 => {
                    for w in v.chunks_exact(4) {
                        nd.f(format_args!("{indent}  Label: {}", be32(w, 0)?));
                    }
                }
                CTYPE_2 => {
                    need!(4);
                    nd.f(format_args!("{indent}  Generalized Label: {}", be32(v, 0)?));
                }
                CTYPE_3 => {
                    need!(12);
                    nd.f(format_args!(
                        "{indent}  Waveband ID: {}{indent}  Start Label: {}, Stop Label: {}",
                        be32(v, 0)?,
                        be32(v, 4)?,
                        be32(v, 8)?
                    ));
                }
                _ => hexdump = true,
            }
        }
        (OBJ_STYLE, CTYPE_1) => {
            need!(4);
            nd.f(format_args!("{indent}  Reservation Style: "));
            nd.tok2str(RESSTYLE, "Unknown", be24(v, 1)?);
            nd.f(format_args!(", Flags: [0x{:02x}]", v[0]));
        }
        (OBJ_SENDER_TEMPLATE | OBJ_FILTERSPEC, CTYPE_IPV4) => {
            need!(8);
            nd.f(format_args!("{indent}  Source Address: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(", Source Port: {}", be16(v, 6)?));
        }
        (OBJ_SENDER_TEMPLATE | OBJ_FILTERSPEC, CTYPE_IPV6) => {
            need!(20);
            nd.f(format_args!("{indent}  Source Address: "));
            nd.host6(&v[..16]);
            nd.f(format_args!(", Source Port: {}", be16(v, 18)?));
        }
        (OBJ_SENDER_TEMPLATE | OBJ_FILTERSPEC, CTYPE_13) => {
            need!(40);
            nd.f(format_args!("{indent}  IPv6 Tunnel Sender Address: "));
            nd.host6(&v[..16]);
            nd.f(format_args!(
                ", LSP ID: 0x{:04x}{indent}  Sub-Group Originator ID: ",
                be16(v, 18)?
            ));
            nd.host6(&v[20..36]);
            nd.f(format_args!(", Sub-Group ID: 0x{:04x}", be16(v, 38)?));
        }
        (OBJ_SENDER_TEMPLATE, CTYPE_TUNNEL_IPV4) => {
            need!(8);
            nd.f(format_args!("{indent}  IPv4 Tunnel Sender Address: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(", LSP-ID: 0x{:04x}", be16(v, 6)?));
        }
        (OBJ_SENDER_TEMPLATE | OBJ_FILTERSPEC, CTYPE_12) => {
            need!(16);
            nd.f(format_args!("{indent}  IPv4 Tunnel Sender Address: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(
                ", LSP ID: 0x{:04x}{indent}  Sub-Group Originator ID: ",
                be16(v, 6)?
            ));
            nd.host4(&v[8..12]);
            nd.f(format_args!(", Sub-Group ID: 0x{:04x}", be16(v, 12)?));
        }
        (OBJ_FILTERSPEC, CTYPE_3) => {
            need!(20);
            nd.f(format_args!("{indent}  Source Address: "));
            nd.host6(&v[..16]);
            nd.f(format_args!(", Flow Label: {}", be24(v, 17)?));
        }
        (OBJ_FILTERSPEC, CTYPE_TUNNEL_IPV6) => {
            need!(20);
            // tcpdump prints this IPv6 sender as an IPv4 address.
            nd.f(format_args!("{indent}  Source Address: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(", LSP-ID: 0x{:04x}", be16(v, 18)?));
        }
        (OBJ_FILTERSPEC, CTYPE_TUNNEL_IPV4) => {
            need!(8);
            nd.f(format_args!("{indent}  Source Address: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(", LSP-ID: 0x{:04x}", be16(v, 6)?));
        }
        (OBJ_LABEL_REQ, CTYPE_1) => {
            for w in v.chunks_exact(4) {
                l3_protocol(nd, indent, be16(w, 2)?);
            }
        }
        (OBJ_LABEL_REQ, CTYPE_2) => {
            need!(12);
            l3_protocol(nd, indent, be16(v, 2)?);
            nd.f(format_args!(
                ",{} merge capability{indent}  Minimum VPI/VCI: {}/{}{indent}  Maximum VPI/VCI: {}/{}",
                if v[4] & 0x80 != 0 { "no" } else { "" },
                be16(v, 4)? & 0xfff,
                be16(v, 6)? & 0xfff,
                be16(v, 8)? & 0xfff,
                be16(v, 10)? & 0xfff
            ));
        }
        (OBJ_LABEL_REQ, CTYPE_3) => {
            need!(12);
            l3_protocol(nd, indent, be16(v, 2)?);
            let dlci_len = (be16(v, 4)? >> 7) & 3;
            nd.f(format_args!(
                "{indent}  Minimum/Maximum DLCI: {}/{}, {}{} bit DLCI",
                be32(v, 4)? & 0x7fffff,
                be32(v, 8)? & 0x7fffff,
                if dlci_len == 0 { "10" } else { "" },
                if dlci_len == 2 { "23" } else { "" }
            ));
        }
        (OBJ_LABEL_REQ, CTYPE_4) => {
            need!(4);
            nd.f(format_args!("{indent}  LSP Encoding Type: "));
            nd.tok2str(gmpls::ENCODING, "Unknown", u32::from(v[0]));
            nd.f(format_args!(" ({}){indent}  Switching Type: ", v[0]));
            nd.tok2str(gmpls::SWITCH_CAP, "Unknown", u32::from(v[1]));
            let payload = be16(v, 2)?;
            nd.f(format_args!(" ({}), Payload ID: ", v[1]));
            nd.tok2str(gmpls::PAYLOAD, "Unknown", u32::from(payload));
            nd.f(format_args!(" (0x{payload:04x})"));
        }
        (OBJ_RRO | OBJ_ERO, CTYPE_IPV4) => return route(nd, v, indent),
        (OBJ_HELLO, CTYPE_1 | CTYPE_2) => {
            need!(8);
            nd.f(format_args!(
                "{indent}  Source Instance: 0x{:08x}, Destination Instance: 0x{:08x}",
                be32(v, 0)?,
                be32(v, 4)?
            ));
        }
        (OBJ_RESTART_CAPABILITY, CTYPE_1) => {
            need!(8);
            nd.f(format_args!(
                "{indent}  Restart  Time: {}ms, Recovery Time: {}ms",
                be32(v, 0)?,
                be32(v, 4)?
            ));
        }
        (OBJ_CAPABILITY, CTYPE_1) => {
            need!(4);
            let flags = be32(v, 0)?;
            if flags & !7 != 0 {
                nd.f(format_args!(
                    "{indent}  [reserved=0x{:08x} must be zero]",
                    flags & !7
                ));
            }
            nd.f(format_args!("{indent}  Flags: ["));
            nd.bittok2str(OBJ_CAPABILITY_FLAG, "none", flags & 7);
            nd.s("]");
        }
        (OBJ_SESSION_ATTRIBUTE, CTYPE_TUNNEL_IPV4) => {
            need!(4);
            let namelen = usize::from(v[3]);
            need!(4 + namelen);
            nd.f(format_args!("{indent}  Session Name: "));
            for &c in &v[4..4 + namelen] {
                nd.print_char(c);
            }
            nd.f(format_args!(
                "{indent}  Setup Priority: {}, Holding Priority: {}, Flags: [",
                v[0], v[1]
            ));
            nd.bittok2str(SESSION_ATTRIBUTE_FLAG, "none", u32::from(v[2]));
            nd.f(format_args!("] ({:#x})", v[2]));
        }
        (OBJ_GENERALIZED_UNI, CTYPE_1) => return generalized_uni(nd, v, indent),
        (OBJ_RSVP_HOP, CTYPE_3 | CTYPE_IPV4) => {
            need!(8);
            nd.f(format_args!("{indent}  Previous/Next Interface: "));
            nd.host4(&v[..4]);
            nd.f(format_args!(
                ", Logical Interface Handle: 0x{:08x}",
                be32(v, 4)?
            ));
            hexdump = n > 8;
        }
        (OBJ_RSVP_HOP, CTYPE_4 | CTYPE_IPV6) => {
            need!(20);
            nd.f(format_args!("{indent}  Previous/Next Interface: "));
            nd.host6(&v[..16]);
            nd.f(format_args!(
                ", Logical Interface Handle: 0x{:08x}",
                be32(v, 16)?
            ));
            hexdump = true;
        }
        (OBJ_TIME_VALUES, CTYPE_1) => {
            need!(4);
            nd.f(format_args!("{indent}  Refresh Period: {}ms", be32(v, 0)?));
        }
        (OBJ_SENDER_TSPEC | OBJ_ADSPEC | OBJ_FLOWSPEC, CTYPE_2) => {
            need!(4);
            intserv(nd, v, indent)?;
        }
        (OBJ_FASTREROUTE, CTYPE_1 | CTYPE_TUNNEL_IPV4) => {
            let new_style = ctype == CTYPE_1;
            need!(if new_style { 20 } else { 16 });
            let bw = float(v, 4)?;
            nd.f(format_args!(
                "{indent}  Setup Priority: {}, Holding Priority: {}, Hop-limit: {}, Bandwidth: {} Mbps",
                v[0],
                v[1],
                v[2],
                fmt_g(f64::from(bw * 8.0 / 1_000_000.0), 10)
            ));
            if new_style {
                nd.f(format_args!(
                    "{indent}  Include-any: 0x{:08x}, Exclude-any: 0x{:08x}, Include-all: 0x{:08x}",
                    be32(v, 8)?,
                    be32(v, 12)?,
                    be32(v, 16)?
                ));
            } else {
                nd.f(format_args!(
                    "{indent}  Include Colors: 0x{:08x}, Exclude Colors: 0x{:08x}",
                    be32(v, 8)?,
                    be32(v, 12)?
                ));
            }
        }
        (OBJ_DETOUR, CTYPE_TUNNEL_IPV4) => {
            for w in v.chunks_exact(8) {
                nd.f(format_args!("{indent}  PLR-ID: "));
                nd.host4(&w[..4]);
                nd.s(", Avoid-Node-ID: ");
                nd.host4(&w[4..]);
            }
        }
        (OBJ_CLASSTYPE | OBJ_CLASSTYPE_OLD, CTYPE_1) => {
            need!(4);
            nd.f(format_args!("{indent}  CT: {}", be32(v, 0)? & 0x7));
        }
        (OBJ_ERROR_SPEC, CTYPE_3 | CTYPE_IPV4 | CTYPE_4 | CTYPE_IPV6) => {
            let v4 = matches!(ctype, CTYPE_3 | CTYPE_IPV4);
            let size = if v4 { 4 } else { 16 };
            need!(size + 4);
            let flags = v[size];
            let code = v[size + 1];
            let value = u32::from(be16(v, size + 2)?);
            nd.f(format_args!("{indent}  Error Node Address: "));
            nd.host(&v[..size]);
            nd.f(format_args!(
                ", Flags: [0x{flags:02x}]{indent}  Error Code: "
            ));
            nd.tok2str(OBJ_ERROR_CODE, "unknown", u32::from(code));
            nd.f(format_args!(" ({code})"));
            let values = match code {
                ERROR_CODE_ROUTING => Some(OBJ_ERROR_CODE_ROUTING),
                ERROR_CODE_DIFFSERV_TE | ERROR_CODE_DIFFSERV_TE_OLD if v4 => {
                    Some(OBJ_ERROR_CODE_DIFFSERV_TE)
                }
                _ => None,
            };
            match values {
                Some(t) => {
                    nd.s(", Error Value: ");
                    nd.tok2str(t, "unknown", value);
                    nd.f(format_args!(" ({value})"));
                }
                None if v4 => nd.f(format_args!(", Unknown Error Value ({value})")),
                None => {}
            }
        }
        (OBJ_PROPERTIES, CTYPE_1) => {
            need!(4);
            let padbytes = usize::from(be16(v, 2)?);
            nd.f(format_args!(
                "{indent}  TLV count: {}, padding bytes: {padbytes}",
                be16(v, 0)?
            ));
            let mut off = 4;
            while n - off >= 2 + padbytes {
                let (kind, len) = (v[off], usize::from(v[off + 1]));
                nd.f(format_args!("{indent}    "));
                nd.tok2str(OBJ_PROP_TLV, "unknown", u32::from(kind));
                nd.f(format_args!(" TLV (0x{kind:02x}), length: {len}"));
                if n - off < len {
                    return too_short(nd, indent);
                }
                if len < 2 {
                    nd.f(format_args!("{indent}ERROR: property TLV is too short"));
                    return Ok(Step::Stop);
                }
                nd.print_unknown_data(&v[off + 2..], "\n\t\t", len - 2);
                off += len;
            }
        }
        (OBJ_MESSAGE_ID | OBJ_MESSAGE_ID_ACK | OBJ_MESSAGE_ID_LIST, CTYPE_1 | CTYPE_2) => {
            need!(4);
            nd.f(format_args!(
                "{indent}  Flags [0x{:02x}], epoch: {}",
                v[0],
                be24(v, 1)?
            ));
            for w in v[4..].chunks_exact(4) {
                let id = be32(w, 0)?;
                nd.f(format_args!("{indent}    Message-ID 0x{id:08x} ({id})"));
            }
        }
        (OBJ_INTEGRITY, CTYPE_1) => {
            need!(32);
            nd.f(format_args!(
                "{indent}  Key-ID 0x{:04x}{:08x}, Sequence 0x{:08x}{:08x}, Flags [",
                be16(v, 2)?,
                be32(v, 4)?,
                be32(v, 8)?,
                be32(v, 12)?
            ));
            nd.bittok2str(OBJ_INTEGRITY_FLAG, "none", u32::from(v[0]));
            nd.f(format_args!(
                "]{indent}  MD5-sum 0x{:08x}{:08x}{:08x}{:08x} ",
                be32(v, 16)?,
                be32(v, 20)?,
                be32(v, 24)?,
                be32(v, 28)?
            ));
            // No shared secret (tcpdump's -M) is ever given, so the digest goes unchecked.
            nd.s(" (unchecked)");
        }
        (OBJ_ADMIN_STATUS, CTYPE_1) => {
            need!(4);
            nd.f(format_args!("{indent}  Flags ["));
            nd.bittok2str(OBJ_ADMIN_STATUS_FLAG, "none", be32(v, 0)?);
            nd.s("]");
        }
        (OBJ_LABEL_SET, CTYPE_1) => {
            need!(4);
            let action = u32::from(v[0]);
            nd.f(format_args!("{indent}  Action: "));
            nd.tok2str(OBJ_LABEL_SET_ACTION, "Unknown", action);
            nd.f(format_args!(
                " ({action}), Label type: {}",
                be32(v, 0)? & 0x7f
            ));
            if matches!(action, 2 | 3) {
                need!(12);
                nd.f(format_args!(
                    "{indent}  Start range: {}, End range: {}",
                    be32(v, 4)?,
                    be32(v, 8)?
                ));
            } else {
                for (i, w) in v[4..].chunks_exact(4).enumerate() {
                    nd.f(format_args!(
                        "{indent}  Subchannel #{}: {}",
                        i + 1,
                        be32(w, 0)?
                    ));
                }
            }
        }
        (OBJ_S2L, CTYPE_IPV4 | CTYPE_IPV6) => {
            let size = if ctype == CTYPE_IPV4 { 4 } else { 16 };
            need!(size);
            nd.f(format_args!("{indent}  Sub-LSP destination address: "));
            nd.host(&v[..size]);
        }
        (
            OBJ_SESSION
            | OBJ_CONFIRM
            | OBJ_NOTIFY_REQ
            | OBJ_STYLE
            | OBJ_SENDER_TEMPLATE
            | OBJ_FILTERSPEC
            | OBJ_LABEL_REQ
            | OBJ_RRO
            | OBJ_ERO
            | OBJ_HELLO
            | OBJ_RESTART_CAPABILITY
            | OBJ_CAPABILITY
            | OBJ_SESSION_ATTRIBUTE
            | OBJ_GENERALIZED_UNI
            | OBJ_RSVP_HOP
            | OBJ_TIME_VALUES
            | OBJ_SENDER_TSPEC
            | OBJ_ADSPEC
            | OBJ_FLOWSPEC
            | OBJ_FASTREROUTE
            | OBJ_DETOUR
            | OBJ_CLASSTYPE
            | OBJ_CLASSTYPE_OLD
            | OBJ_ERROR_SPEC
            | OBJ_PROPERTIES
            | OBJ_MESSAGE_ID
            | OBJ_MESSAGE_ID_ACK
            | OBJ_MESSAGE_ID_LIST
            | OBJ_INTEGRITY
            | OBJ_ADMIN_STATUS
            | OBJ_LABEL_SET
            | OBJ_S2L,
            _,
        ) => hexdump = true,
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(v, "\n\t    ", n);
            }
        }
    }
    Ok(Step::Next { hexdump })
}

/// A label request's layer-3 protocol (an ethertype).
fn l3_protocol(nd: &mut Nd<'_>, indent: &str, et: u16) {
    nd.f(format_args!("{indent}  L3 Protocol ID: "));
    nd.tok2str(ETHERTYPES, "Unknown Protocol (0x%04x)", u32::from(et));
}

/// The subobjects of an explicit or recorded route (RFC 3209).
fn route(nd: &mut Nd<'_>, v: &[u8], indent: &str) -> Res<Step> {
    let mut off = 0;
    while v.len() - off >= 4 {
        let s = &v[off..];
        let kind = s[0] & 0x7f;
        let length = usize::from(s[1]);
        nd.f(format_args!("{indent}  Subobject Type: "));
        nd.tok2str(OBJ_XRO, "Unknown %u", u32::from(kind));
        nd.f(format_args!(", length {length}"));
        if s.len() < length {
            nd.f(format_args!(
                "{indent}  ERROR: ERO subobject length > object length"
            ));
            break;
        }
        if length == 0 {
            nd.f(format_args!("{indent}  ERROR: zero length ERO subtype"));
            break;
        }
        match kind {
            XRO_IPV4 | XRO_LABEL => {
                if length != 8 {
                    nd.s(" ERROR: length != 8");
                    nd.invalid();
                    return Ok(Step::Stop);
                }
                if kind == XRO_IPV4 {
                    let plen = s[6];
                    if plen != 32 {
                        nd.f(format_args!(" ERROR: Prefix length {plen} != 32"));
                        nd.invalid();
                        return Ok(Step::Stop);
                    }
                    nd.f(format_args!(
                        ", {}, ",
                        if s[0] & 0x80 != 0 { "Loose" } else { "Strict" }
                    ));
                    nd.host4(&s[2..6]);
                    nd.f(format_args!("/{plen}, Flags: ["));
                    nd.bittok2str(OBJ_RRO_FLAG, "none", u32::from(s[7]));
                    nd.s("]");
                } else {
                    nd.s(", Flags: [");
                    nd.bittok2str(OBJ_RRO_LABEL_FLAG, "none", u32::from(s[2]));
                    nd.f(format_args!("] ({:#x}), Class-Type: ", s[2]));
                    nd.tok2str(CTYPE, "Unknown", u32::from(s[3]) + 256 * u32::from(OBJ_RRO));
                    nd.f(format_args!(" ({}), {}", s[3], be32(s, 4)?));
                }
            }
            _ => {}
        }
        off += length;
    }
    Ok(Step::Next { hexdump: false })
}

/// The Generalized UNI object's subobjects (OIF UNI 1.0, RFC 3476).
fn generalized_uni(nd: &mut Nd<'_>, v: &[u8], indent: &str) -> Res<Step> {
    if v.len() < 4 {
        return too_short(nd, indent);
    }
    let mut hexdump = false;
    let mut total = v.len();
    // tcpdump grows its copy of the object length by each subobject's length instead of
    // shrinking it; it is only compared with subobject lengths.
    let mut obj_tlen = v.len() as u32;
    let mut off = 0;
    while total > 0 {
        if total < 4 {
            nd.invalid();
            return Ok(Step::Stop);
        }
        let sub_len = usize::from(be16(v, off)?);
        let tf = be16(v, off + 2)?;
        let (kind, af) = (u32::from(tf >> 8), u32::from(tf & 0xff));
        nd.f(format_args!("{indent}  Subobject Type: "));
        nd.tok2str(GENERALIZED_UNI_SUBOBJ, "Unknown", kind);
        nd.f(format_args!(" ({kind}), AF: "));
        nd.tok2str(AF_VALUES, "Unknown", af);
        nd.f(format_args!(" ({af}), length: {sub_len}"));
        if sub_len < 4 || sub_len > total || (obj_tlen as usize) < sub_len {
            nd.invalid();
            return Ok(Step::Stop);
        }
        let s = tail(v, off);
        let sub_too_short = |nd: &mut Nd<'_>| {
            nd.f(format_args!("{indent}ERROR: sub-object is too short"));
            Ok(Step::Stop)
        };
        match kind {
            1 | 2 => match af as u16 {
                AFNUM_INET => {
                    if sub_len < 8 {
                        return sub_too_short(nd);
                    }
                    nd.f(format_args!("{indent}    UNI IPv4 TNA address: "));
                    nd.host4(sl(s, 4, 4)?);
                }
                AFNUM_INET6 => {
                    if sub_len < 20 {
                        return sub_too_short(nd);
                    }
                    nd.f(format_args!("{indent}    UNI IPv6 TNA address: "));
                    nd.host6(sl(s, 4, 16)?);
                }
                AFNUM_NSAP => hexdump = true,
                _ => {}
            },
            3 => hexdump |= sub_len > 4,
            4 => {
                if sub_len < 16 {
                    return sub_too_short(nd);
                }
                let w = be32(s, 4)?;
                nd.f(format_args!(
                    "{indent}    U-bit: {:x}, Label type: {}, Logical port id: {}, Label: {}",
                    w >> 31,
                    w & 0xff,
                    be32(s, 8)?,
                    be32(s, 12)?
                ));
            }
            5 => {
                if sub_len < 8 {
                    return sub_too_short(nd);
                }
                nd.f(format_args!(
                    "{indent}    Service level: {}",
                    be32(s, 4)? >> 24
                ));
            }
            _ => hexdump = true,
        }
        total -= sub_len;
        off += sub_len;
        obj_tlen = obj_tlen.wrapping_add(sub_len as u32);
    }
    Ok(Step::Next { hexdump })
}

/// The IntServ body of a flowspec, sender TSpec or adspec (RFC 2210).
fn intserv(nd: &mut Nd<'_>, v: &[u8], indent: &str) -> Res {
    nd.f(format_args!(
        "{indent}  Msg-Version: {}, length: {}",
        (v[0] & 0xf0) >> 4,
        u32::from(be16(v, 2)?) << 2
    ));
    let mut off = 4;
    while v.len() - off >= 4 {
        let s = &v[off..];
        let mut serv_len = u32::from(be16(s, 2)?) << 2;
        nd.f(format_args!("{indent}  Service Type: "));
        nd.tok2str(INTSERV_SERVICE_TYPE, "unknown", u32::from(s[0]));
        nd.f(format_args!(
            " ({}), break bit {}set, Service length: {serv_len}",
            s[0],
            if s[1] & 0x80 != 0 { "" } else { "not " }
        ));
        off += 4;
        while serv_len >= 4 {
            let processed = parameter(nd, &v[off..])?;
            if processed == 0 {
                break;
            }
            // Wraps as tcpdump's unsigned count does; the object length bounds the loop.
            serv_len = serv_len.wrapping_sub(processed as u32);
            off += processed;
        }
    }
    Ok(())
}

/// One IntServ parameter; returns its length with its header, or 0 to stop.
fn parameter(nd: &mut Nd<'_>, t: &[u8]) -> Res<usize> {
    if t.len() < 4 {
        return Ok(0);
    }
    let id = t[0];
    let plen = usize::from(be16(t, 2)?) << 2;
    nd.s("\n\t      Parameter ID: ");
    nd.tok2str(INTSERV_PARAMETER_ID, "unknown", u32::from(id));
    nd.f(format_args!(
        " ({id}), length: {plen}, Flags: [0x{:02x}]",
        t[1]
    ));
    if t.len() < plen + 4 {
        return Ok(0);
    }
    let mbps = |f: f32| fmt_g(f64::from(f / 125_000.0), 10);
    match id {
        4 if plen == 4 => nd.f(format_args!("\n\t\tIS hop count: {}", be32(t, 4)?)),
        6 if plen == 4 => nd.f(format_args!(
            "\n\t\tPath b/w estimate: {} Mbps",
            mbps(float(t, 4)?)
        )),
        8 if plen == 4 => {
            nd.s("\n\t\tMinimum path latency: ");
            match be32(t, 4)? {
                0xffff_ffff => nd.s("don't care"),
                l => nd.u(u64::from(l)),
            }
        }
        10 if plen == 4 => nd.f(format_args!("\n\t\tComposed MTU: {} bytes", be32(t, 4)?)),
        127 if plen == 20 => {
            nd.f(format_args!(
                "\n\t\tToken Bucket Rate: {} Mbps\n\t\tToken Bucket Size: {} bytes\n\t\tPeak Data Rate: {} Mbps\n\t\tMinimum Policed Unit: {} bytes\n\t\tMaximum Packet Size: {} bytes",
                mbps(float(t, 4)?),
                fmt_g(f64::from(float(t, 8)?), 10),
                mbps(float(t, 12)?),
                be32(t, 16)?,
                be32(t, 20)?
            ));
        }
        130 if plen == 8 => nd.f(format_args!(
            "\n\t\tRate: {} Mbps\n\t\tSlack Term: {}",
            mbps(float(t, 4)?),
            be32(t, 8)?
        )),
        133..=136 if plen == 4 => nd.f(format_args!("\n\t\tValue: {}", be32(t, 4)?)),
        4 | 6 | 8 | 10 | 127 | 130 | 133..=136 => {}
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data(&t[4..], "\n\t\t", plen);
            }
        }
    }
    Ok(plen + 4)
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{hex, ipv4, opts, print_ip};

    /// A Hello message with Hello, Restart Capability and Capability objects.
    const HELLO: &str =
        "11147d4d01000028000c16014a44672be86eb75b000c830100000000000000000008860100000003";

    #[test]
    fn hello() {
        let pkt = ipv4(46, &hex(HELLO));
        assert_eq!(
            print_ip(opts(0), &pkt),
            "IP 10.0.0.1 > 10.0.0.2: RSVPv1 Hello Message, length: 40\n"
        );
        let s = print_ip(opts(2), &pkt);
        assert!(s.ends_with("10.0.0.1 > 10.0.0.2: \n\tRSVPv1 Hello Message (20), Flags: [Refresh reduction capable], length: 40, ttl: 1, checksum: 0x7d4d\n\t  Hello Object (22) Flags: [reject if unknown], Class-Type: Hello Request (1), length: 12\n\t    Source Instance: 0x4a44672b, Destination Instance: 0xe86eb75b\n\t    0x0000:  4a44 672b e86e b75b\n\t  Restart Capability Object (131) Flags: [ignore silently if unknown], Class-Type: IPv4 (1), length: 12\n\t    Restart  Time: 0ms, Recovery Time: 0ms\n\t    0x0000:  0000 0000 0000 0000\n\t  Capability Object (134) Flags: [ignore silently if unknown], Class-Type: 1 (1), length: 8\n\t    Flags: [RecoveryPath Desired, RecoveryPath Srefresh Capable]\n\t    0x0000:  0000 0003\n"), "{s}");
    }

    #[test]
    fn truncated_object() {
        let mut m = hex(HELLO);
        m.truncate(30);
        let s = print_ip(opts(1), &ipv4(46, &m));
        assert!(
            s.ends_with("Restart Capability Object (131) Flags: [ignore silently if unknown], Class-Type: IPv4 (1), length: 12 [|rsvp]\n"),
            "{s}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(objs in proptest::collection::vec(
                            (proptest::sample::select(vec![1u8, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16,
                                19, 20, 21, 22, 23, 36, 50, 63, 66, 131, 134, 196, 204, 205, 207, 229, 99]),
                             0u8..15,
                             proptest::collection::vec(proptest::num::u8::ANY, 0..12)),
                            0..5),
                        msg_type in proptest::sample::select(vec![1u8, 2, 3, 12, 13, 20, 99]),
                        cut in 0usize..300, v in 0u8..4) {
            let mut body = Vec::new();
            for (class, ctype, words) in objs {
                let len = 4 + words.len() / 4 * 16;
                body.extend_from_slice(&(len as u16).to_be_bytes());
                body.extend_from_slice(&[class, ctype]);
                for w in words.chunks_exact(4) {
                    // Small numbers make lengths and counts inside objects plausible.
                    for &b in w {
                        body.extend_from_slice(&[b & 0x83, b >> 6, b & 7, b]);
                    }
                }
            }
            let mut m = vec![0x10, msg_type, 0, 0, 1, 0];
            m.extend_from_slice(&((body.len() + 8) as u16).to_be_bytes());
            m.extend_from_slice(&body);
            m.truncate(cut);
            let _ = print_ip(opts(v), &ipv4(46, &m));
        }
    }
}
