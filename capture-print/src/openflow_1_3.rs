//! OpenFlow 1.3 message bodies, as tcpdump's print-openflow-1.3.c: hello elements, errors,
//! experimenter messages, switch features and configuration, ports, roles and asynchronous
//! message masks (tcpdump does not decode flows, groups, meters or multipart messages).
use super::openflow::{
    CONFIG, Cur, HEADER_LEN, MsgType, OFPPR, Req, bitmap, data, mac, vendor_name,
};
use super::util::tok2str;
use super::{Nd, Res, tcheck_len};

type Tok = [(u32, &'static str)];

const CAPABILITIES_BM: &Tok = &[
    (1 << 0, "FLOW_STATS"),
    (1 << 1, "TABLE_STATS"),
    (1 << 2, "PORT_STATS"),
    (1 << 3, "GROUP_STATS"),
    (1 << 5, "IP_REASM"),
    (1 << 6, "QUEUE_STATS"),
    (1 << 8, "PORT_BLOCKED"),
];
const OFPCAP_U: u32 = !(0x0f | 1 << 5 | 1 << 6 | 1 << 8);

const OFPTT: &Tok = &[(0xfe, "MAX"), (0xff, "ALL")];
const OFPCML: &Tok = &[(0xffe5, "MAX"), (0xffff, "NO_BUFFER")];

const OFPPC_BM: &Tok = &[
    (1 << 0, "PORT_DOWN"),
    (1 << 2, "NO_RECV"),
    (1 << 5, "NO_FWD"),
    (1 << 6, "NO_PACKET_IN"),
];
const OFPPC_U: u32 = !(1 | 1 << 2 | 1 << 5 | 1 << 6);

const OFPPS_BM: &Tok = &[(1 << 0, "LINK_DOWN"), (1 << 1, "BLOCKED"), (1 << 2, "LIVE")];
const OFPPS_U: u32 = !0x7;

const OFPPF_BM: &Tok = &[
    (1 << 0, "10MB_HD"),
    (1 << 1, "10MB_FD"),
    (1 << 2, "100MB_HD"),
    (1 << 3, "100MB_FD"),
    (1 << 4, "1GB_HD"),
    (1 << 5, "1GB_FD"),
    (1 << 6, "10GB_FD"),
    (1 << 7, "40GB_FD"),
    (1 << 8, "100GB_FD"),
    (1 << 9, "1TB_FD"),
    (1 << 10, "OTHER"),
    (1 << 11, "COPPER"),
    (1 << 12, "FIBER"),
    (1 << 13, "AUTONEG"),
    (1 << 14, "PAUSE"),
    (1 << 15, "PAUSE_ASYM"),
];
const OFPPF_U: u32 = !0xffff;

const OFPHET: &Tok = &[(1, "VERSIONBITMAP")];

const OFPP: &Tok = &[
    (0xffff_ff00, "MAX"),
    (0xffff_fff8, "IN_PORT"),
    (0xffff_fff9, "TABLE"),
    (0xffff_fffa, "NORMAL"),
    (0xffff_fffb, "FLOOD"),
    (0xffff_fffc, "ALL"),
    (0xffff_fffd, "CONTROLLER"),
    (0xffff_fffe, "LOCAL"),
    (0xffff_ffff, "ANY"),
];

const OFPCR: &Tok = &[(0, "NOCHANGE"), (1, "EQUAL"), (2, "MASTER"), (3, "SLAVE")];

const VERSIONS_BM: &Tok = &[
    (1 << 0, "1.0"),
    (1 << 1, "1.1"),
    (1 << 2, "1.2"),
    (1 << 3, "1.3"),
    (1 << 4, "1.4"),
    (1 << 5, "1.5"),
];
const VERSIONS_U: u32 = !0x3f;

const ASYNC_OFPR_BM: &Tok = &[
    (1 << 0, "NO_MATCH"),
    (1 << 1, "ACTION"),
    (1 << 2, "INVALID_TTL"),
];
const ASYNC_OFPR_U: u32 = !0x7;
const ASYNC_OFPPR_BM: &Tok = &[(1 << 0, "ADD"), (1 << 1, "DELETE"), (1 << 2, "MODIFY")];
const ASYNC_OFPPR_U: u32 = !0x7;

const OFPET: &Tok = &[
    (0, "HELLO_FAILED"),
    (1, "BAD_REQUEST"),
    (2, "BAD_ACTION"),
    (3, "BAD_INSTRUCTION"),
    (4, "BAD_MATCH"),
    (5, "FLOW_MOD_FAILED"),
    (6, "GROUP_MOD_FAILED"),
    (7, "PORT_MOD_FAILED"),
    (8, "TABLE_MOD_FAILED"),
    (9, "QUEUE_OP_FAILED"),
    (10, "SWITCH_CONFIG_FAILED"),
    (11, "ROLE_REQUEST_FAILED"),
    (12, "METER_MOD_FAILED"),
    (13, "TABLE_FEATURES_FAILED"),
    (0xffff, "EXPERIMENTER"),
];

/// The error codes of each error type (the experimenter type defines none).
fn error_codes(ty: u16) -> Option<&'static Tok> {
    Some(match ty {
        0 => &[(0, "INCOMPATIBLE"), (1, "EPERM")],
        1 => &[
            (0, "BAD_VERSION"),
            (1, "BAD_TYPE"),
            (2, "BAD_MULTIPART"),
            (3, "BAD_EXPERIMENTER"),
            (4, "BAD_EXP_TYPE"),
            (5, "EPERM"),
            (6, "BAD_LEN"),
            (7, "BUFFER_EMPTY"),
            (8, "BUFFER_UNKNOWN"),
            (9, "BAD_TABLE_ID"),
            (10, "IS_SLAVE"),
            (11, "BAD_PORT"),
            (12, "BAD_PACKET"),
            (13, "MULTIPART_BUFFER_OVERFLOW"),
        ],
        2 => &[
            (0, "BAD_TYPE"),
            (1, "BAD_LEN"),
            (2, "BAD_EXPERIMENTER"),
            (3, "BAD_EXP_TYPE"),
            (4, "BAD_OUT_PORT"),
            (5, "BAD_ARGUMENT"),
            (6, "EPERM"),
            (7, "TOO_MANY"),
            (8, "BAD_QUEUE"),
            (9, "BAD_OUT_GROUP"),
            (10, "MATCH_INCONSISTENT"),
            (11, "UNSUPPORTED_ORDER"),
            (12, "BAD_TAG"),
            (13, "BAD_SET_TYPE"),
            (14, "BAD_SET_LEN"),
            (15, "BAD_SET_ARGUMENT"),
        ],
        3 => &[
            (0, "UNKNOWN_INST"),
            (1, "UNSUP_INST"),
            (2, "BAD_TABLE_ID"),
            (3, "UNSUP_METADATA"),
            (4, "UNSUP_METADATA_MASK"),
            (5, "BAD_EXPERIMENTER"),
            (6, "BAD_EXP_TYPE"),
            (7, "BAD_LEN"),
            (8, "EPERM"),
        ],
        4 => &[
            (0, "BAD_TYPE"),
            (1, "BAD_LEN"),
            (2, "BAD_TAG"),
            (3, "BAD_DL_ADDR_MASK"),
            (4, "BAD_NW_ADDR_MASK"),
            (5, "BAD_WILDCARDS"),
            (6, "BAD_FIELD"),
            (7, "BAD_VALUE"),
            (8, "BAD_MASK"),
            (9, "BAD_PREREQ"),
            (10, "DUP_FIELD"),
            (11, "EPERM"),
        ],
        5 => &[
            (0, "UNKNOWN"),
            (1, "TABLE_FULL"),
            (2, "BAD_TABLE_ID"),
            (3, "OVERLAP"),
            (4, "EPERM"),
            (5, "BAD_TIMEOUT"),
            (6, "BAD_COMMAND"),
            (7, "BAD_FLAGS"),
        ],
        6 => &[
            (0, "GROUP_EXISTS"),
            (1, "INVALID_GROUP"),
            (2, "WEIGHT_UNSUPPORTED"),
            (3, "OUT_OF_GROUPS"),
            (4, "OUT_OF_BUCKETS"),
            (5, "CHAINING_UNSUPPORTED"),
            (6, "WATCH_UNSUPPORTED"),
            (7, "LOOP"),
            (8, "UNKNOWN_GROUP"),
            (9, "CHAINED_GROUP"),
            (10, "BAD_TYPE"),
            (11, "BAD_COMMAND"),
            (12, "BAD_BUCKET"),
            (13, "BAD_MATCH"),
            (14, "EPERM"),
        ],
        7 => &[
            (0, "BAD_PORT"),
            (1, "BAD_HW_ADDR"),
            (2, "BAD_CONFIG"),
            (3, "BAD_ADVERTISE"),
            (4, "EPERM"),
        ],
        8 => &[(0, "BAD_TABLE"), (1, "BAD_CONFIG"), (2, "EPERM")],
        9 => &[(0, "BAD_PORT"), (1, "BAD_QUEUE"), (2, "EPERM")],
        10 => &[(0, "BAD_FLAGS"), (1, "BAD_LEN"), (2, "EPERM")],
        11 => &[(0, "STALE"), (1, "UNSUP"), (2, "BAD_ROLE")],
        12 => &[
            (0, "UNKNOWN"),
            (1, "METER_EXISTS"),
            (2, "INVALID_METER"),
            (3, "UNKNOWN_METER"),
            (4, "BAD_COMMAND"),
            (5, "BAD_FLAGS"),
            (6, "BAD_RATE"),
            (7, "BAD_BURST"),
            (8, "BAD_BAND"),
            (9, "BAD_BAND_VALUE"),
            (10, "OUT_OF_METERS"),
            (11, "OUT_OF_BANDS"),
        ],
        13 => &[
            (0, "BAD_TABLE"),
            (1, "BAD_METADATA"),
            (2, "BAD_TYPE"),
            (3, "BAD_LEN"),
            (4, "BAD_ARGUMENT"),
            (5, "EPERM"),
        ],
        _ => return None,
    })
}

/// A port number, or the name of a reserved one.
fn port_name(p: u32) -> std::borrow::Cow<'static, str> {
    tok2str(OFPP, "%u", p)
}

/// A 32-bit field as `name 0x...` and the names of its bits.
fn bits32(nd: &mut Nd<'_>, c: &mut Cur<'_>, name: &str, t: &Tok, u: u32) -> Res {
    let v = c.be32()?;
    nd.f(format_args!("{name} 0x{v:08x}"));
    bitmap(nd, t, v, u);
    c.fwd(4);
    Ok(())
}

/// A port description (64 bytes at `b`).
fn port(nd: &mut Nd<'_>, b: &[u8]) -> Res {
    let mut c = Cur { b, len: 64 };
    nd.f(format_args!("\n\t  port_no {}", port_name(c.be32()?)));
    c.fwd(8);
    mac(nd, ", hw_addr ", c.b)?;
    c.fwd(8);
    nd.s(", name '");
    nd.printjnp(c.b, 16)?;
    nd.s("'");
    c.fwd(16);
    if nd.opts.verbose < 2 {
        return tcheck_len(c.b, 32);
    }
    bits32(nd, &mut c, "\n\t   config", OFPPC_BM, OFPPC_U)?;
    bits32(nd, &mut c, "\n\t   state", OFPPS_BM, OFPPS_U)?;
    for name in ["curr", "advertised", "supported", "peer"] {
        bits32(nd, &mut c, &format!("\n\t   {name}"), OFPPF_BM, OFPPF_U)?;
    }
    nd.f(format_args!("\n\t   curr_speed {}kbps", c.be32()?));
    c.fwd(4);
    nd.f(format_args!("\n\t   max_speed {}kbps", c.be32()?));
    Ok(())
}

/// A FEATURES_REPLY: datapath, buffers, tables, auxiliary ID, capabilities.
fn features_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t dpid 0x{:016x}", c.be64()?));
    c.fwd(8);
    nd.f(format_args!(", n_buffers {}", c.be32()?));
    c.fwd(4);
    nd.f(format_args!(", n_tables {}", c.u8()?));
    c.fwd(1);
    nd.f(format_args!(", auxiliary_id {}", c.u8()?));
    c.fwd(3);
    bits32(nd, &mut c, "\n\t capabilities", CAPABILITIES_BM, OFPCAP_U)?;
    tcheck_len(c.b, 4)
}

/// A GET_CONFIG_REPLY or SET_CONFIG: flags and miss send length.
fn switch_config(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    let flags = c.be16()?;
    nd.s("\n\t flags ");
    nd.tok2str(CONFIG, "invalid (0x%04x)", u32::from(flags));
    let miss = super::be16(c.b, 2)?;
    nd.f(format_args!(
        ", miss_send_len {}",
        tok2str(OFPCML, "%u", u32::from(miss))
    ));
    Ok(())
}

/// A TABLE_MOD: the table and its configuration.
fn table_mod(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.f(format_args!(
        "\n\t table_id {}",
        tok2str(OFPTT, "%u", u32::from(c.u8()?))
    ));
    nd.f(format_args!(", config 0x{:08x}", super::be32(c.b, 4)?));
    Ok(())
}

/// A ROLE_REQUEST or ROLE_REPLY: role and generation ID.
fn role_msg(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.f(format_args!(
        "\n\t role {}",
        tok2str(OFPCR, "invalid (0x%08x)", c.be32()?)
    ));
    nd.f(format_args!(
        ", generation_id 0x{:016x}",
        super::be64(c.b, 8)?
    ));
    Ok(())
}

/// A GET_ASYNC_REPLY or SET_ASYNC: the six masks.
fn async_msg(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    bits32(
        nd,
        &mut c,
        "\n\t packet_in_mask[EM]",
        ASYNC_OFPR_BM,
        ASYNC_OFPR_U,
    )?;
    bits32(
        nd,
        &mut c,
        "\n\t packet_in_mask[S]",
        ASYNC_OFPR_BM,
        ASYNC_OFPR_U,
    )?;
    bits32(
        nd,
        &mut c,
        "\n\t port_status_mask[EM]",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )?;
    bits32(
        nd,
        &mut c,
        "\n\t port_status_mask[S]",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )?;
    bits32(
        nd,
        &mut c,
        "\n\t flow_removed_mask[EM]",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )?;
    bits32(
        nd,
        &mut c,
        "\n\t flow_removed_mask[S]",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )
}

/// A PORT_MOD: port, address, configuration and advertised features.
fn port_mod(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t port_no {}", port_name(c.be32()?)));
    c.fwd(8);
    mac(nd, ", hw_addr ", c.b)?;
    c.fwd(8);
    bits32(nd, &mut c, "\n\t  config", OFPPC_BM, OFPPC_U)?;
    bits32(nd, &mut c, "\n\t  mask", OFPPC_BM, OFPPC_U)?;
    bits32(nd, &mut c, "\n\t  advertise", OFPPF_BM, OFPPF_U)?;
    tcheck_len(c.b, 4)
}

/// A PORT_STATUS: the reason and the port.
fn port_status(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    let reason = c.u8()?;
    nd.s("\n\t reason ");
    // tcpdump's default lacks its percent sign, so prints as it is.
    nd.tok2str(OFPPR, "invalid (0x02x)", u32::from(reason));
    port(nd, super::tail(c.b, 8))
}

/// The elements of a HELLO.
fn hello_elements(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < 4 {
            nd.invalid();
            return tcheck_len(c.b, c.len);
        }
        let ty = c.be16()?;
        c.fwd(2);
        nd.s("\n\t type ");
        nd.tok2str(OFPHET, "unknown (0x%04x)", u32::from(ty));
        let bmlen = u32::from(c.be16()?);
        c.fwd(2);
        nd.f(format_args!(", length {bmlen}"));
        if bmlen < 4 || bmlen > 4 + c.len {
            nd.invalid();
            return tcheck_len(c.b, c.len);
        }
        if ty == 1 && bmlen == 8 {
            let bm = c.be32()?;
            nd.f(format_args!(", bitmap 0x{bm:08x}"));
            bitmap(nd, VERSIONS_BM, bm, VERSIONS_U);
        } else {
            if ty == 1 {
                nd.s(" (bogus)");
            }
            tcheck_len(c.b, bmlen - 4)?;
        }
        c.fwd(bmlen - 4);
    }
    Ok(())
}

/// An EXPERIMENTER message: the experimenter, its type and data.
fn experimenter(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    let e = c.be32()?;
    c.fwd(4);
    nd.f(format_args!(
        "\n\t experimenter 0x{e:08x} ({})",
        vendor_name(e)
    ));
    nd.f(format_args!(", exp_type 0x{:08x}", c.be32()?));
    c.fwd(4);
    data(nd, c)
}

/// A QUEUE_GET_CONFIG_REQUEST: the port.
fn queue_get_config_request(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t port {}", port_name(c.be32()?)));
    tcheck_len(super::tail(c.b, 4), 4)
}

/// An ERROR: type, code and data.
fn error(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    super::openflow::error(nd, c, OFPET, error_codes)
}

/// Fixed and minimum body lengths (the message length less the common header).
const fn body(n: u32) -> u32 {
    n - HEADER_LEN
}

/// A message type whose body tcpdump does not decode.
const fn undecoded(name: &'static str) -> MsgType {
    MsgType {
        name,
        decoder: None,
        req: Req::None,
    }
}

const MSGTYPES: [MsgType; 30] = [
    MsgType {
        name: "HELLO",
        decoder: Some(hello_elements),
        req: Req::Min(0),
    },
    MsgType {
        name: "ERROR",
        decoder: Some(error),
        req: Req::Min(body(12)),
    },
    MsgType {
        name: "ECHO_REQUEST",
        decoder: Some(data),
        req: Req::Min(0),
    },
    MsgType {
        name: "ECHO_REPLY",
        decoder: Some(data),
        req: Req::Min(0),
    },
    MsgType {
        name: "EXPERIMENTER",
        decoder: Some(experimenter),
        req: Req::Min(body(16)),
    },
    MsgType {
        name: "FEATURES_REQUEST",
        decoder: None,
        req: Req::Fix(0),
    },
    MsgType {
        name: "FEATURES_REPLY",
        decoder: Some(features_reply),
        req: Req::Fix(body(32)),
    },
    MsgType {
        name: "GET_CONFIG_REQUEST",
        decoder: None,
        req: Req::Fix(0),
    },
    MsgType {
        name: "GET_CONFIG_REPLY",
        decoder: Some(switch_config),
        req: Req::Fix(body(12)),
    },
    MsgType {
        name: "SET_CONFIG",
        decoder: Some(switch_config),
        req: Req::Fix(body(12)),
    },
    undecoded("PACKET_IN"),
    undecoded("FLOW_REMOVED"),
    MsgType {
        name: "PORT_STATUS",
        decoder: Some(port_status),
        req: Req::Fix(body(80)),
    },
    undecoded("PACKET_OUT"),
    undecoded("FLOW_MOD"),
    undecoded("GROUP_MOD"),
    MsgType {
        name: "PORT_MOD",
        decoder: Some(port_mod),
        req: Req::Fix(body(40)),
    },
    MsgType {
        name: "TABLE_MOD",
        decoder: Some(table_mod),
        req: Req::Fix(body(16)),
    },
    undecoded("MULTIPART_REQUEST"),
    undecoded("MULTIPART_REPLY"),
    MsgType {
        name: "BARRIER_REQUEST",
        decoder: None,
        req: Req::Fix(0),
    },
    MsgType {
        name: "BARRIER_REPLY",
        decoder: None,
        req: Req::Fix(0),
    },
    MsgType {
        name: "QUEUE_GET_CONFIG_REQUEST",
        decoder: Some(queue_get_config_request),
        req: Req::Fix(body(16)),
    },
    undecoded("QUEUE_GET_CONFIG_REPLY"),
    MsgType {
        name: "ROLE_REQUEST",
        decoder: Some(role_msg),
        req: Req::Fix(body(24)),
    },
    MsgType {
        name: "ROLE_REPLY",
        decoder: Some(role_msg),
        req: Req::Fix(body(24)),
    },
    MsgType {
        name: "GET_ASYNC_REQUEST",
        decoder: None,
        req: Req::Fix(0),
    },
    MsgType {
        name: "GET_ASYNC_REPLY",
        decoder: Some(async_msg),
        req: Req::Fix(body(32)),
    },
    MsgType {
        name: "SET_ASYNC",
        decoder: Some(async_msg),
        req: Req::Fix(body(32)),
    },
    undecoded("METER_MOD"),
];

/// The OpenFlow 1.3 message type `ty`, if there is one.
pub(crate) fn msgtype(ty: u8) -> Option<&'static MsgType> {
    MSGTYPES.get(usize::from(ty))
}
