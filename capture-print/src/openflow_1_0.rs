//! OpenFlow 1.0 message bodies, as tcpdump's print-openflow-1.0.c: switch features and ports,
//! matches, actions, flow and port modifications, statistics, queues, errors, packets in and
//! out (the frame decoded with `-vvv`), and Big Switch Networks vendor extensions.
use super::openflow::{
    CONFIG, Cur, HEADER_LEN, MsgType, OFPPR, Req, bitmap, data, mac, vendor_name,
};
use super::util::tok2str;
use super::{Nd, Options, Res, Trunc, sl, tcheck_len};

type Tok = [(u32, &'static str)];

const OFPPC_BM: &Tok = &[
    (1 << 0, "PORT_DOWN"),
    (1 << 1, "NO_STP"),
    (1 << 2, "NO_RECV"),
    (1 << 3, "NO_RECV_STP"),
    (1 << 4, "NO_FLOOD"),
    (1 << 5, "NO_FWD"),
    (1 << 6, "NO_PACKET_IN"),
];
const OFPPC_U: u32 = !0x7f;

const OFPPS_STP: &Tok = &[
    (0 << 8, "STP_LISTEN"),
    (1 << 8, "STP_LEARN"),
    (2 << 8, "STP_FORWARD"),
    (3 << 8, "STP_BLOCK"),
];
const OFPPS_U: u32 = !(1 | (3 << 8));

const OFPP: &Tok = &[
    (0xff00, "MAX"),
    (0xfff8, "IN_PORT"),
    (0xfff9, "TABLE"),
    (0xfffa, "NORMAL"),
    (0xfffb, "FLOOD"),
    (0xfffc, "ALL"),
    (0xfffd, "CONTROLLER"),
    (0xfffe, "LOCAL"),
    (0xffff, "NONE"),
];
const OFPP_CONTROLLER: u16 = 0xfffd;

const OFPPF_BM: &Tok = &[
    (1 << 0, "10MB_HD"),
    (1 << 1, "10MB_FD"),
    (1 << 2, "100MB_HD"),
    (1 << 3, "100MB_FD"),
    (1 << 4, "1GB_HD"),
    (1 << 5, "1GB_FD"),
    (1 << 6, "10GB_FD"),
    (1 << 7, "COPPER"),
    (1 << 8, "FIBER"),
    (1 << 9, "AUTONEG"),
    (1 << 10, "PAUSE"),
    (1 << 11, "PAUSE_ASYM"),
];
const OFPPF_U: u32 = !0xfff;

const OFPQT: &Tok = &[(0, "NONE"), (1, "MIN_RATE")];

const OFPFW_IN_PORT: u32 = 1 << 0;
const OFPFW_DL_VLAN: u32 = 1 << 1;
const OFPFW_DL_SRC: u32 = 1 << 2;
const OFPFW_DL_DST: u32 = 1 << 3;
const OFPFW_DL_TYPE: u32 = 1 << 4;
const OFPFW_NW_PROTO: u32 = 1 << 5;
const OFPFW_TP_SRC: u32 = 1 << 6;
const OFPFW_TP_DST: u32 = 1 << 7;
const OFPFW_DL_VLAN_PCP: u32 = 1 << 20;
const OFPFW_NW_TOS: u32 = 1 << 21;
const OFPFW_BM: &Tok = &[
    (OFPFW_IN_PORT, "IN_PORT"),
    (OFPFW_DL_VLAN, "DL_VLAN"),
    (OFPFW_DL_SRC, "DL_SRC"),
    (OFPFW_DL_DST, "DL_DST"),
    (OFPFW_DL_TYPE, "DL_TYPE"),
    (OFPFW_NW_PROTO, "NW_PROTO"),
    (OFPFW_TP_SRC, "TP_SRC"),
    (OFPFW_TP_DST, "TP_DST"),
    (OFPFW_DL_VLAN_PCP, "DL_VLAN_PCP"),
    (OFPFW_NW_TOS, "NW_TOS"),
];
/// The wildcard bits not assigned (bits 8 to 19 hold the address prefix lengths).
const OFPFW_U: u32 = !((1 << 22) - 1);

const OFPAT: &Tok = &[
    (0x0000, "OUTPUT"),
    (0x0001, "SET_VLAN_VID"),
    (0x0002, "SET_VLAN_PCP"),
    (0x0003, "STRIP_VLAN"),
    (0x0004, "SET_DL_SRC"),
    (0x0005, "SET_DL_DST"),
    (0x0006, "SET_NW_SRC"),
    (0x0007, "SET_NW_DST"),
    (0x0008, "SET_NW_TOS"),
    (0x0009, "SET_TP_SRC"),
    (0x000a, "SET_TP_DST"),
    (0x000b, "ENQUEUE"),
    (0xffff, "VENDOR"),
];

const OFPAT_BM: &Tok = &[
    (1 << 0, "OUTPUT"),
    (1 << 1, "SET_VLAN_VID"),
    (1 << 2, "SET_VLAN_PCP"),
    (1 << 3, "STRIP_VLAN"),
    (1 << 4, "SET_DL_SRC"),
    (1 << 5, "SET_DL_DST"),
    (1 << 6, "SET_NW_SRC"),
    (1 << 7, "SET_NW_DST"),
    (1 << 8, "SET_NW_TOS"),
    (1 << 9, "SET_TP_SRC"),
    (1 << 10, "SET_TP_DST"),
    (1 << 11, "ENQUEUE"),
];
const OFPAT_U: u32 = !0xfff;

const CAPABILITIES_BM: &Tok = &[
    (1 << 0, "FLOW_STATS"),
    (1 << 1, "TABLE_STATS"),
    (1 << 2, "PORT_STATS"),
    (1 << 3, "STP"),
    (1 << 4, "RESERVED"),
    (1 << 5, "IP_REASM"),
    (1 << 6, "QUEUE_STATS"),
    (1 << 7, "ARP_MATCH_IP"),
];
/// The capability bits not assigned (RESERVED is named but not assigned).
const OFPCAP_U: u32 = !(0xff & !(1 << 4));

const OFPFC: &Tok = &[
    (0, "ADD"),
    (1, "MODIFY"),
    (2, "MODIFY_STRICT"),
    (3, "DELETE"),
    (4, "DELETE_STRICT"),
];

const BUFFER_ID: &Tok = &[(0xffff_ffff, "NONE")];

const OFPFF_BM: &Tok = &[
    (1 << 0, "SEND_FLOW_REM"),
    (1 << 1, "CHECK_OVERLAP"),
    (1 << 2, "EMERG"),
];
const OFPFF_U: u32 = !0x7;

const OFPST: &Tok = &[
    (0, "DESC"),
    (1, "FLOW"),
    (2, "AGGREGATE"),
    (3, "TABLE"),
    (4, "PORT"),
    (5, "QUEUE"),
    (0xffff, "VENDOR"),
];

const TABLE_ID: &Tok = &[(0xfe, "EMERG"), (0xff, "ALL")];
const OFPQ: &Tok = &[(0xffff_ffff, "ALL")];
const OFPSF_REPLY_BM: &Tok = &[(1, "MORE")];
const OFPSF_REPLY_U: u32 = !1;
const OFPR: &Tok = &[(0, "NO_MATCH"), (1, "ACTION")];
const OFPRR: &Tok = &[(0, "IDLE_TIMEOUT"), (1, "HARD_TIMEOUT"), (2, "DELETE")];

const OFPET: &Tok = &[
    (0, "HELLO_FAILED"),
    (1, "BAD_REQUEST"),
    (2, "BAD_ACTION"),
    (3, "FLOW_MOD_FAILED"),
    (4, "PORT_MOD_FAILED"),
    (5, "QUEUE_OP_FAILED"),
];

/// The error codes of each error type.
fn error_codes(ty: u16) -> Option<&'static Tok> {
    Some(match ty {
        0 => &[(0, "INCOMPATIBLE"), (1, "EPERM")],
        1 => &[
            (0, "BAD_VERSION"),
            (1, "BAD_TYPE"),
            (2, "BAD_STAT"),
            (3, "BAD_VENDOR"),
            (4, "BAD_SUBTYPE"),
            (5, "EPERM"),
            (6, "BAD_LEN"),
            (7, "BUFFER_EMPTY"),
            (8, "BUFFER_UNKNOWN"),
        ],
        2 => &[
            (0, "BAD_TYPE"),
            (1, "BAD_LEN"),
            (2, "BAD_VENDOR"),
            (3, "BAD_VENDOR_TYPE"),
            (4, "BAD_OUT_PORT"),
            (5, "BAD_ARGUMENT"),
            (6, "EPERM"),
            (7, "TOO_MANY"),
            (8, "BAD_QUEUE"),
        ],
        3 => &[
            (0, "ALL_TABLES_FULL"),
            (1, "OVERLAP"),
            (2, "EPERM"),
            (3, "BAD_EMERG_TIMEOUT"),
            (4, "BAD_COMMAND"),
            (5, "UNSUPPORTED"),
        ],
        4 => &[(0, "BAD_PORT"), (1, "BAD_HW_ADDR")],
        5 => &[(0, "BAD_PORT"), (1, "BAD_QUEUE"), (2, "EPERM")],
        _ => return None,
    })
}

const BSN_SUBTYPES: &Tok = &[
    (0, "SET_IP_MASK"),
    (1, "GET_IP_MASK_REQUEST"),
    (2, "GET_IP_MASK_REPLY"),
    (3, "SET_MIRRORING"),
    (4, "GET_MIRRORING_REQUEST"),
    (5, "GET_MIRRORING_REPLY"),
    (6, "SHELL_COMMAND"),
    (7, "SHELL_OUTPUT"),
    (8, "SHELL_STATUS"),
    (9, "GET_INTERFACES_REQUEST"),
    (10, "GET_INTERFACES_REPLY"),
    (11, "SET_PKTIN_SUPPRESSION_REQUEST"),
    (12, "SET_L2_TABLE_REQUEST"),
    (13, "GET_L2_TABLE_REQUEST"),
    (14, "GET_L2_TABLE_REPLY"),
    (15, "VIRTUAL_PORT_CREATE_REQUEST"),
    (16, "VIRTUAL_PORT_CREATE_REPLY"),
    (17, "VIRTUAL_PORT_REMOVE_REQUEST"),
    (18, "BW_ENABLE_SET_REQUEST"),
    (19, "BW_ENABLE_GET_REQUEST"),
    (20, "BW_ENABLE_GET_REPLY"),
    (21, "BW_CLEAR_DATA_REQUEST"),
    (22, "BW_CLEAR_DATA_REPLY"),
    (23, "BW_ENABLE_SET_REPLY"),
    (24, "SET_L2_TABLE_REPLY"),
    (25, "SET_PKTIN_SUPPRESSION_REPLY"),
    (26, "VIRTUAL_PORT_REMOVE_REPLY"),
    (27, "HYBRID_GET_REQUEST"),
    (28, "HYBRID_GET_REPLY"),
    (31, "PDU_TX_REQUEST"),
    (32, "PDU_TX_REPLY"),
    (33, "PDU_RX_REQUEST"),
    (34, "PDU_RX_REPLY"),
    (35, "PDU_RX_TIMEOUT"),
];

const BSN_ACTION_SUBTYPES: &Tok = &[(1, "MIRROR"), (2, "SET_TUNNEL_DST"), (4, "CHECKSUM")];
const BSN_COPY_STAGE: &Tok = &[(0, "INGRESS"), (1, "EGRESS")];
const BSN_ONOFF: &Tok = &[(0, "OFF"), (1, "ON")];

/// Big Switch Networks' OUI, the vendor whose extensions are decoded.
const OUI_BSN: u32 = 0x005c16c7;

/// The fixed lengths of structures.
const PHY_PORT_LEN: u32 = 48;
const MATCH_LEN: u32 = 40;
const FLOW_STATS_REPLY_MINLEN: u32 = 88;

/// A port number, or the name of a reserved one.
fn port_name(p: u16) -> std::borrow::Cow<'static, str> {
    tok2str(OFPP, "%u", u32::from(p))
}

/// A VLAN ID, `NONE`, or flagged bogus.
fn vlan_str(vid: u16) -> String {
    if vid == 0xffff {
        "NONE".into()
    } else if vid > 0 && vid < 0x0fff {
        vid.to_string()
    } else {
        format!("{vid} (bogus)")
    }
}

/// A VLAN priority, flagged bogus above 7.
fn pcp_str(pcp: u8) -> String {
    if pcp <= 7 {
        pcp.to_string()
    } else {
        format!("{pcp} (bogus)")
    }
}

/// Prints `(invalid)` and checks the rest was captured (tcpdump's `invalid:` labels).
fn invalid(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.invalid();
    tcheck_len(c.b, c.len)
}

/// `prefix` and the IPv4 address at the start of `b`, nothing if it was not captured.
fn ip4(nd: &mut Nd<'_>, prefix: &str, b: &[u8]) -> Res {
    let a = sl(b, 0, 4)?;
    nd.s(prefix);
    nd.host4(a);
    Ok(())
}

/// A Big Switch Networks vendor message.
fn bsn_message(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    if c.len < 4 {
        return invalid(nd, c);
    }
    let subtype = c.be32()?;
    c.fwd(4);
    nd.s("\n\t subtype ");
    nd.tok2str(BSN_SUBTYPES, "unknown (0x%08x)", subtype);
    match subtype {
        1 => {
            if c.len != 8 {
                return invalid(nd, c);
            }
            nd.f(format_args!(", index {}", c.u8()?));
            c.fwd(1);
            tcheck_len(c.b, 7)
        }
        0 | 2 => {
            if c.len != 8 {
                return invalid(nd, c);
            }
            nd.f(format_args!(", index {}", c.u8()?));
            c.fwd(4);
            ip4(nd, ", mask ", c.b)
        }
        3..=5 => {
            if c.len != 4 {
                return invalid(nd, c);
            }
            let v = c.u8()?;
            nd.s(", report_mirror_ports ");
            nd.tok2str(BSN_ONOFF, "bogus (%u)", u32::from(v));
            c.fwd(1);
            tcheck_len(c.b, 3)
        }
        9 | 13 | 19 | 21 | 27 => {
            if c.len != 0 {
                return invalid(nd, c);
            }
            Ok(())
        }
        17 => {
            if c.len != 4 {
                return invalid(nd, c);
            }
            nd.f(format_args!(", vport_no {}", c.be32()?));
            Ok(())
        }
        6 => {
            if c.len < 4 {
                return invalid(nd, c);
            }
            nd.f(format_args!(", service {}", c.be32()?));
            c.fwd(4);
            shell_data(nd, c)
        }
        7 => shell_data(nd, c),
        8 => {
            if c.len != 4 {
                return invalid(nd, c);
            }
            nd.f(format_args!(", status 0x{:08x}", c.be32()?));
            Ok(())
        }
        _ => tcheck_len(c.b, c.len),
    }
}

/// `, data '...'` (a read past the captured bytes unwinds, as tcpdump's `nd_printn`).
fn shell_data(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.s(", data '");
    if nd.printn(c.b, c.len as usize) {
        return Err(Trunc);
    }
    nd.s("'");
    Ok(())
}

/// A Big Switch Networks vendor action.
fn bsn_actions(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    if c.len < 4 {
        return invalid(nd, c);
    }
    let subtype = c.be32()?;
    c.fwd(4);
    nd.s("\n\t  subtype ");
    nd.tok2str(BSN_ACTION_SUBTYPES, "unknown (0x%08x)", subtype);
    if subtype != 1 {
        return tcheck_len(c.b, c.len);
    }
    if c.len != 12 {
        return invalid(nd, c);
    }
    nd.f(format_args!(", dest_port {}", c.be32()?));
    c.fwd(4);
    let tag = c.be32()?;
    c.fwd(4);
    match tag >> 16 {
        0 => nd.s(", vlan_tag none"),
        0x8100 => {
            let tci = tag & 0xffff;
            nd.f(format_args!(
                ", vlan_tag 802.1Q (vlan {}, p {}{})",
                tci & 0xfff,
                tci >> 13,
                if tci & 0x1000 != 0 { ", DEI" } else { "" }
            ));
        }
        t => nd.f(format_args!(", vlan_tag unknown (0x{t:04x})")),
    }
    let stage = c.u8()?;
    nd.s(", copy_stage ");
    nd.tok2str(BSN_COPY_STAGE, "unknown (%u)", u32::from(stage));
    c.fwd(1);
    tcheck_len(c.b, 3)
}

/// A vendor ID, then the vendor's data: Big Switch Networks' decoded by `bsn`.
fn vendor(nd: &mut Nd<'_>, mut c: Cur<'_>, bsn: fn(&mut Nd<'_>, Cur<'_>) -> Res) -> Res {
    let v = c.be32()?;
    c.fwd(4);
    nd.f(format_args!(", vendor 0x{v:08x} ({})", vendor_name(v)));
    if v == OUI_BSN {
        bsn(nd, c)
    } else {
        data(nd, c)
    }
}

/// A vendor action: the vendor and its data.
fn vendor_action(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    if c.len < 4 {
        return invalid(nd, c);
    }
    vendor(nd, c, bsn_actions)
}

/// A VENDOR message: the vendor and its data.
fn vendor_message(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    vendor(nd, c, bsn_message)
}

/// A vendor ID, then data of any vendor.
fn vendor_data(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    if c.len < 4 {
        return invalid(nd, c);
    }
    vendor(nd, c, data)
}

/// The frame of a packet in or out: its length, and with `-vvv` its decoding (at three `-v`
/// fewer).
fn packet_data(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    if c.len == 0 {
        return Ok(());
    }
    nd.f(format_args!("\n\t data ({} octets)", c.len));
    if nd.opts.verbose < 3 {
        return tcheck_len(c.b, c.len);
    }
    nd.s(", frame decoding below\n");
    let frame = &c.b[..(c.len as usize).min(c.b.len())];
    let opts = Options {
        verbose: nd.opts.verbose - 3,
        ..nd.opts.clone()
    };
    let mut inner = Nd {
        o: &mut *nd.o,
        opts: &opts,
        proto: nd.proto,
        state: &mut *nd.state,
        names: nd.names,
        early_end: false,
        verbose_lost: 0,
        fatal: None,
    };
    super::ether::print(&mut inner, frame, c.len);
    if let Some(fatal) = inner.fatal.take() {
        // An ESP secret that ends the run ends it from inside the frame too.
        nd.fatal = Some(fatal);
        return Err(Trunc);
    }
    // As tcpdump, the protocol a later truncation names is the frame's last one.
    let proto = inner.proto;
    let early_end = inner.early_end;
    let lost = inner.verbose_lost;
    nd.proto = proto;
    if early_end {
        // tcpdump unwinds with the verbosity lowered, and never restores it.
        nd.verbose_lost = nd.verbose_lost.saturating_add(lost.saturating_add(3));
        // The frame's printer met the end of the captured data, where tcpdump unwinds to
        // the top: take its mark back so that the top prints it, and unwind.
        let mark = 3 + proto.len() + 1;
        let end = nd.o.len().saturating_sub(mark);
        nd.o.truncate(end);
        return Err(Trunc);
    }
    Ok(())
}

/// A physical port description (48 bytes at `b`).
fn phy_port(nd: &mut Nd<'_>, b: &[u8]) -> Res {
    let mut c = Cur {
        b,
        len: PHY_PORT_LEN,
    };
    nd.f(format_args!("\n\t  port_no {}", port_name(c.be16()?)));
    c.fwd(2);
    mac(nd, ", hw_addr ", c.b)?;
    c.fwd(6);
    nd.s(", name '");
    nd.printjnp(c.b, 16)?;
    nd.s("'");
    c.fwd(16);
    if nd.opts.verbose < 2 {
        return tcheck_len(c.b, 24);
    }
    let v = c.be32()?;
    nd.f(format_args!("\n\t   config 0x{v:08x}"));
    bitmap(nd, OFPPC_BM, v, OFPPC_U);
    c.fwd(4);
    let state = c.be32()?;
    nd.f(format_args!(
        "\n\t   state 0x{state:08x} ({}{}){}",
        tok2str(OFPPS_STP, "", state & (3 << 8)),
        if state & 1 != 0 { ", LINK_DOWN" } else { "" },
        if state & OFPPS_U != 0 { " (bogus)" } else { "" }
    ));
    c.fwd(4);
    for name in ["curr", "advertised", "supported", "peer"] {
        let v = c.be32()?;
        nd.f(format_args!("\n\t   {name} 0x{v:08x}"));
        bitmap(nd, OFPPF_BM, v, OFPPF_U);
        c.fwd(4);
    }
    Ok(())
}

/// The properties of a queue.
fn queue_props(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < 8 {
            return invalid(nd, c);
        }
        let property = c.be16()?;
        c.fwd(2);
        nd.s("\n\t   property ");
        nd.tok2str(OFPQT, "invalid (0x%04x)", u32::from(property));
        let plen = u32::from(c.be16()?);
        c.fwd(2);
        nd.f(format_args!(", len {plen}"));
        if plen < 8 || plen > c.len + 4 {
            return invalid(nd, c);
        }
        c.chk_fwd(4)?;
        let (bogus, mut skip) = match property {
            0 => (plen != 8, false),
            1 => (plen != 16, false),
            _ => (false, true),
        };
        if bogus {
            nd.s(" (bogus)");
            skip = true;
        }
        if skip {
            c.chk_fwd(plen - 8)?;
            continue;
        }
        if property == 1 {
            let rate = c.be16()?;
            c.fwd(2);
            if rate > 1000 {
                nd.s(", rate disabled");
            } else {
                nd.f(format_args!(", rate {}.{}%", rate / 10, rate % 10));
            }
            c.chk_fwd(6)?;
        }
    }
    Ok(())
}

/// The queues of a port.
fn queues(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < 8 {
            return invalid(nd, c);
        }
        nd.f(format_args!("\n\t  queue_id {}", c.be32()?));
        c.fwd(4);
        let desclen = u32::from(c.be16()?);
        c.fwd(2);
        nd.f(format_args!(", len {desclen}"));
        if desclen < 8 || desclen > c.len + 6 {
            return invalid(nd, c);
        }
        c.chk_fwd(2)?;
        let props = Cur {
            b: c.b,
            len: desclen - 8,
        };
        if nd.opts.verbose >= 2 {
            queue_props(nd, props)?;
        } else {
            tcheck_len(c.b, desclen - 8)?;
        }
        c.fwd(desclen - 8);
    }
    Ok(())
}

/// A flow match (40 bytes at `b`), the fields not wildcarded, each after `pfx`.
fn match_print(nd: &mut Nd<'_>, pfx: &str, b: &[u8]) -> Res {
    let w = super::be32(b, 0)?;
    if w & OFPFW_U != 0 {
        nd.f(format_args!("{pfx}wildcards 0x{w:08x} (bogus)"));
    }
    if w & OFPFW_IN_PORT == 0 {
        nd.f(format_args!(
            "{pfx}match in_port {}",
            port_name(super::be16(b, 4)?)
        ));
    }
    if w & OFPFW_DL_SRC == 0 {
        mac(nd, &format!("{pfx}match dl_src "), super::tail(b, 6))?;
    }
    if w & OFPFW_DL_DST == 0 {
        mac(nd, &format!("{pfx}match dl_dst "), super::tail(b, 12))?;
    }
    if w & OFPFW_DL_VLAN == 0 {
        nd.f(format_args!(
            "{pfx}match dl_vlan {}",
            vlan_str(super::be16(b, 18)?)
        ));
    }
    if w & OFPFW_DL_VLAN_PCP == 0 {
        nd.f(format_args!(
            "{pfx}match dl_vlan_pcp {}",
            pcp_str(super::u8at(b, 20)?)
        ));
    }
    let dl_type = super::be16(b, 22)?;
    if w & OFPFW_DL_TYPE == 0 {
        nd.f(format_args!("{pfx}match dl_type 0x{dl_type:04x}"));
    }
    if w & OFPFW_NW_TOS == 0 {
        nd.f(format_args!(
            "{pfx}match nw_tos 0x{:02x}",
            super::u8at(b, 24)?
        ));
    }
    let nw_proto = super::u8at(b, 25)?;
    if w & OFPFW_NW_PROTO == 0 {
        let name = if w & OFPFW_DL_TYPE == 0 && dl_type == 0x0806 {
            "arp_opcode"
        } else {
            "nw_proto"
        };
        nd.f(format_args!("{pfx}match {name} {nw_proto}"));
    }
    for (shift, name, at) in [(8, "nw_src", 28), (14, "nw_dst", 32)] {
        let bits = (w >> shift) & 0x3f;
        if bits < 32 {
            ip4(nd, &format!("{pfx}match {name} "), super::tail(b, at))?;
            nd.f(format_args!("/{}", 32 - bits));
        }
    }
    let icmp =
        w & OFPFW_DL_TYPE == 0 && dl_type == 0x0800 && w & OFPFW_NW_PROTO == 0 && nw_proto == 1;
    if w & OFPFW_TP_SRC == 0 {
        let name = if icmp { "icmp_type" } else { "tp_src" };
        nd.f(format_args!("{pfx}match {name} {}", super::be16(b, 36)?));
    }
    if w & OFPFW_TP_DST == 0 {
        let name = if icmp { "icmp_code" } else { "tp_dst" };
        nd.f(format_args!("{pfx}match {name} {}", super::be16(b, 38)?));
    } else {
        tcheck_len(super::tail(b, 38), 2)?;
    }
    Ok(())
}

/// A list of actions, each after `pfx`.
fn actions(nd: &mut Nd<'_>, pfx: &str, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < 8 {
            return invalid(nd, c);
        }
        let ty = c.be16()?;
        c.fwd(2);
        nd.f(format_args!("{pfx}action type "));
        nd.tok2str(OFPAT, "invalid (0x%04x)", u32::from(ty));
        let alen = u32::from(c.be16()?);
        c.fwd(2);
        nd.f(format_args!(", len {alen}"));
        if alen < 8 || alen > c.len + 4 {
            return invalid(nd, c);
        }
        let (bogus, mut skip) = match ty {
            0..=3 | 6..=10 => (alen != 8, false),
            4 | 5 | 11 => (alen != 16, false),
            0xffff => (alen % 8 != 0, false),
            _ => (false, true),
        };
        if bogus {
            nd.s(" (bogus)");
            skip = true;
        }
        if skip {
            c.chk_fwd(alen - 4)?;
            continue;
        }
        match ty {
            0 => {
                let port = c.be16()?;
                c.fwd(2);
                nd.f(format_args!(", port {}", port_name(port)));
                if port == OFPP_CONTROLLER {
                    nd.f(format_args!(", max_len {}", c.be16()?));
                } else {
                    tcheck_len(c.b, 2)?;
                }
                c.fwd(2);
            }
            1 => {
                nd.f(format_args!(", vlan_vid {}", vlan_str(c.be16()?)));
                c.fwd(2);
                c.chk_fwd(2)?;
            }
            2 => {
                nd.f(format_args!(", vlan_pcp {}", pcp_str(c.u8()?)));
                c.fwd(1);
                c.chk_fwd(3)?;
            }
            4 | 5 => {
                mac(nd, ", dl_addr ", c.b)?;
                c.fwd(6);
                c.chk_fwd(6)?;
            }
            6 | 7 => {
                ip4(nd, ", nw_addr ", c.b)?;
                c.fwd(4);
            }
            8 => {
                nd.f(format_args!(", nw_tos 0x{:02x}", c.u8()?));
                c.fwd(1);
                c.chk_fwd(3)?;
            }
            9 | 10 => {
                nd.f(format_args!(", tp_port {}", c.be16()?));
                c.fwd(2);
                c.chk_fwd(2)?;
            }
            11 => {
                nd.f(format_args!(", port {}", port_name(c.be16()?)));
                c.fwd(8);
                nd.f(format_args!(
                    ", queue_id {}",
                    tok2str(OFPQ, "%u", c.be32()?)
                ));
                c.fwd(4);
            }
            0xffff => {
                vendor_action(
                    nd,
                    Cur {
                        b: c.b,
                        len: alen - 4,
                    },
                )?;
                c.fwd(alen - 4);
            }
            _ => c.chk_fwd(4)?,
        }
    }
    Ok(())
}

/// A FEATURES_REPLY: datapath, capabilities, actions and ports.
fn features_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t dpid 0x{:016x}", c.be64()?));
    c.fwd(8);
    nd.f(format_args!(", n_buffers {}", c.be32()?));
    c.fwd(4);
    nd.f(format_args!(", n_tables {}", c.u8()?));
    c.fwd(4);
    let caps = c.be32()?;
    nd.f(format_args!("\n\t capabilities 0x{caps:08x}"));
    bitmap(nd, CAPABILITIES_BM, caps, OFPCAP_U);
    c.fwd(4);
    let acts = c.be32()?;
    nd.f(format_args!("\n\t actions 0x{acts:08x}"));
    bitmap(nd, OFPAT_BM, acts, OFPAT_U);
    c.fwd(4);
    while c.len != 0 {
        if c.len < PHY_PORT_LEN {
            return invalid(nd, c);
        }
        phy_port(nd, c.b)?;
        c.fwd(PHY_PORT_LEN);
    }
    Ok(())
}

/// A GET_CONFIG_REPLY or SET_CONFIG: flags and miss send length.
fn switch_config(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    let flags = c.be16()?;
    nd.s("\n\t flags ");
    nd.tok2str(CONFIG, "invalid (0x%04x)", u32::from(flags));
    nd.f(format_args!(", miss_send_len {}", super::be16(c.b, 2)?));
    Ok(())
}

/// A FLOW_MOD: match, cookie, command, timeouts and actions.
fn flow_mod(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    match_print(nd, "\n\t ", c.b)?;
    c.fwd(MATCH_LEN);
    nd.f(format_args!("\n\t cookie 0x{:016x}", c.be64()?));
    c.fwd(8);
    let command = c.be16()?;
    nd.s(", command ");
    nd.tok2str(OFPFC, "invalid (0x%04x)", u32::from(command));
    c.fwd(2);
    for name in ["idle_timeout", "hard_timeout", "priority"] {
        let v = c.be16()?;
        if v != 0 {
            nd.f(format_args!(", {name} {v}"));
        }
        c.fwd(2);
    }
    if command <= 2 {
        nd.f(format_args!(
            ", buffer_id {}",
            tok2str(BUFFER_ID, "0x%08x", c.be32()?)
        ));
    }
    c.fwd(4);
    if command == 3 || command == 4 {
        nd.f(format_args!(", out_port {}", port_name(c.be16()?)));
    }
    c.fwd(2);
    let flags = c.be16()?;
    nd.f(format_args!(", flags 0x{flags:04x}"));
    bitmap(nd, OFPFF_BM, u32::from(flags), OFPFF_U);
    c.fwd(2);
    actions(nd, "\n\t ", c)
}

/// A PORT_MOD: port, address, configuration and advertised features.
fn port_mod(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t port_no {}", port_name(c.be16()?)));
    c.fwd(2);
    mac(nd, ", hw_addr ", c.b)?;
    c.fwd(6);
    for (name, t, u) in [
        ("config", OFPPC_BM, OFPPC_U),
        ("mask", OFPPC_BM, OFPPC_U),
        ("advertise", OFPPF_BM, OFPPF_U),
    ] {
        let v = c.be32()?;
        nd.f(format_args!("\n\t {name} 0x{v:08x}"));
        bitmap(nd, t, v, u);
        c.fwd(4);
    }
    tcheck_len(c.b, 4)
}

/// A QUEUE_GET_CONFIG_REQUEST: the port.
fn queue_get_config_request(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t port {}", port_name(c.be16()?)));
    tcheck_len(super::tail(c.b, 2), 2)
}

/// A QUEUE_GET_CONFIG_REPLY: the port and its queues.
fn queue_get_config_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t port {}", port_name(c.be16()?)));
    c.fwd(2);
    c.chk_fwd(6)?;
    queues(nd, c)
}

/// A STATS_REQUEST: type, flags and the type's body.
fn stats_request(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    let ty = c.be16()?;
    c.fwd(2);
    nd.s("\n\t type ");
    nd.tok2str(OFPST, "invalid (0x%04x)", u32::from(ty));
    let flags = c.be16()?;
    nd.f(format_args!(", flags 0x{flags:04x}"));
    if flags != 0 {
        nd.s(" (bogus)");
    }
    c.fwd(2);
    match ty {
        0 | 3 if c.len != 0 => return invalid(nd, c),
        1 | 2 => {
            if c.len != 44 {
                return invalid(nd, c);
            }
            match_print(nd, "\n\t ", c.b)?;
            c.fwd(MATCH_LEN);
            nd.f(format_args!(
                "\n\t table_id {}",
                tok2str(TABLE_ID, "%u", u32::from(c.u8()?))
            ));
            c.fwd(2);
            nd.f(format_args!(", out_port {}", port_name(c.be16()?)));
        }
        4 => {
            if c.len != 8 {
                return invalid(nd, c);
            }
            nd.f(format_args!("\n\t port_no {}", port_name(c.be16()?)));
            c.fwd(2);
            c.chk_fwd(6)?;
        }
        5 => {
            if c.len != 8 {
                return invalid(nd, c);
            }
            nd.f(format_args!("\n\t port_no {}", port_name(c.be16()?)));
            c.fwd(4);
            nd.f(format_args!(
                ", queue_id {}",
                tok2str(OFPQ, "%u", c.be32()?)
            ));
        }
        0xffff => vendor_data(nd, c)?,
        _ => {}
    }
    Ok(())
}

/// A DESC statistics reply: the switch's description strings.
fn desc_stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    if c.len != 1056 {
        return invalid(nd, c);
    }
    for (name, n) in [
        ("mfr_desc", 256),
        ("hw_desc", 256),
        ("sw_desc", 256),
        ("serial_num", 32),
    ] {
        nd.f(format_args!("\n\t  {name} '"));
        nd.printjnp(c.b, n)?;
        nd.s("'");
        c.fwd(n as u32);
    }
    nd.s("\n\t  dp_desc '");
    nd.printjnp(c.b, 256)?;
    nd.s("'");
    Ok(())
}

/// The entries of a FLOW statistics reply.
fn flow_stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < FLOW_STATS_REPLY_MINLEN {
            return invalid(nd, c);
        }
        let entry_len = u32::from(c.be16()?);
        nd.f(format_args!("\n\t length {entry_len}"));
        if entry_len < FLOW_STATS_REPLY_MINLEN || entry_len > c.len {
            return invalid(nd, c);
        }
        c.fwd(2);
        nd.f(format_args!(
            ", table_id {}",
            tok2str(TABLE_ID, "%u", u32::from(c.u8()?))
        ));
        c.fwd(2);
        match_print(nd, "\n\t  ", c.b)?;
        c.fwd(MATCH_LEN);
        nd.f(format_args!("\n\t  duration_sec {}", c.be32()?));
        c.fwd(4);
        nd.f(format_args!(", duration_nsec {}", c.be32()?));
        c.fwd(4);
        for name in ["priority", "idle_timeout", "hard_timeout"] {
            nd.f(format_args!(", {name} {}", c.be16()?));
            c.fwd(2);
        }
        c.fwd(6);
        nd.f(format_args!(", cookie 0x{:016x}", c.be64()?));
        c.fwd(8);
        nd.f(format_args!(", packet_count {}", c.be64()?));
        c.fwd(8);
        nd.f(format_args!(", byte_count {}", c.be64()?));
        c.fwd(8);
        let alen = entry_len - FLOW_STATS_REPLY_MINLEN;
        actions(nd, "\n\t  ", Cur { b: c.b, len: alen })?;
        c.fwd(alen);
    }
    Ok(())
}

/// An AGGREGATE statistics reply.
fn aggregate_stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    if c.len != 24 {
        return invalid(nd, c);
    }
    nd.f(format_args!("\n\t packet_count {}", c.be64()?));
    c.fwd(8);
    nd.f(format_args!(", byte_count {}", c.be64()?));
    c.fwd(8);
    nd.f(format_args!(", flow_count {}", c.be32()?));
    c.fwd(4);
    tcheck_len(c.b, 4)
}

/// The entries of a TABLE statistics reply.
fn table_stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < 64 {
            return invalid(nd, c);
        }
        nd.f(format_args!(
            "\n\t table_id {}",
            tok2str(TABLE_ID, "%u", u32::from(c.u8()?))
        ));
        c.fwd(4);
        nd.s(", name '");
        nd.printjnp(c.b, 32)?;
        nd.s("'");
        c.fwd(32);
        let w = c.be32()?;
        nd.f(format_args!("\n\t  wildcards 0x{w:08x}"));
        bitmap(nd, OFPFW_BM, w, OFPFW_U);
        c.fwd(4);
        nd.f(format_args!("\n\t  max_entries {}", c.be32()?));
        c.fwd(4);
        nd.f(format_args!(", active_count {}", c.be32()?));
        c.fwd(4);
        nd.f(format_args!(", lookup_count {}", c.be64()?));
        c.fwd(8);
        nd.f(format_args!(", matched_count {}", c.be64()?));
        c.fwd(8);
    }
    Ok(())
}

/// The entries of a PORT statistics reply (the counters with `-vv`).
fn port_stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    const COUNTERS: [&str; 12] = [
        "rx_packets",
        "tx_packets",
        "rx_bytes",
        "tx_bytes",
        "rx_dropped",
        "tx_dropped",
        "rx_errors",
        "tx_errors",
        "rx_frame_err",
        "rx_over_err",
        "rx_crc_err",
        "collisions",
    ];
    while c.len != 0 {
        if c.len < 104 {
            return invalid(nd, c);
        }
        nd.f(format_args!("\n\t  port_no {}", port_name(c.be16()?)));
        c.fwd(2);
        if nd.opts.verbose < 2 {
            c.chk_fwd(102)?;
            continue;
        }
        c.fwd(6);
        for name in COUNTERS {
            nd.f(format_args!(", {name} {}", c.be64()?));
            c.fwd(8);
        }
    }
    Ok(())
}

/// The entries of a QUEUE statistics reply.
fn queue_stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    while c.len != 0 {
        if c.len < 32 {
            return invalid(nd, c);
        }
        nd.f(format_args!("\n\t  port_no {}", port_name(c.be16()?)));
        c.fwd(4);
        nd.f(format_args!(", queue_id {}", c.be32()?));
        c.fwd(4);
        for name in ["tx_bytes", "tx_packets", "tx_errors"] {
            nd.f(format_args!(", {name} {}", c.be64()?));
            c.fwd(8);
        }
    }
    Ok(())
}

/// A STATS_REPLY: type, flags and, with `-v`, the type's body.
fn stats_reply(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    let ty = c.be16()?;
    nd.s("\n\t type ");
    nd.tok2str(OFPST, "invalid (0x%04x)", u32::from(ty));
    c.fwd(2);
    let flags = c.be16()?;
    nd.f(format_args!(", flags 0x{flags:04x}"));
    bitmap(nd, OFPSF_REPLY_BM, u32::from(flags), OFPSF_REPLY_U);
    c.fwd(2);
    if nd.opts.verbose > 0 {
        let decoder: Option<fn(&mut Nd<'_>, Cur<'_>) -> Res> = match ty {
            0 => Some(desc_stats_reply),
            1 => Some(flow_stats_reply),
            2 => Some(aggregate_stats_reply),
            3 => Some(table_stats_reply),
            4 => Some(port_stats_reply),
            5 => Some(queue_stats_reply),
            0xffff => Some(vendor_data),
            _ => None,
        };
        if let Some(d) = decoder {
            return d(nd, c);
        }
    }
    tcheck_len(c.b, c.len)
}

/// A PACKET_OUT: buffer, port, actions and the frame.
fn packet_out(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!("\n\t buffer_id 0x{:08x}", c.be32()?));
    c.fwd(4);
    nd.f(format_args!(", in_port {}", port_name(c.be16()?)));
    c.fwd(2);
    let actions_len = u32::from(c.be16()?);
    c.fwd(2);
    if actions_len > c.len {
        return invalid(nd, c);
    }
    actions(
        nd,
        "\n\t ",
        Cur {
            b: c.b,
            len: actions_len,
        },
    )?;
    c.fwd(actions_len);
    packet_data(nd, c)
}

/// A PACKET_IN: buffer, length, port, reason and the frame.
fn packet_in(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    nd.f(format_args!(
        "\n\t buffer_id {}",
        tok2str(BUFFER_ID, "0x%08x", c.be32()?)
    ));
    c.fwd(4);
    nd.f(format_args!(", total_len {}", c.be16()?));
    c.fwd(2);
    nd.f(format_args!(", in_port {}", port_name(c.be16()?)));
    c.fwd(2);
    let reason = c.u8()?;
    nd.s(", reason ");
    nd.tok2str(OFPR, "invalid (0x%02x)", u32::from(reason));
    c.fwd(1);
    c.chk_fwd(1)?;
    packet_data(nd, c)
}

/// A FLOW_REMOVED: match, cookie, reason, durations and counters.
fn flow_removed(nd: &mut Nd<'_>, mut c: Cur<'_>) -> Res {
    match_print(nd, "\n\t ", c.b)?;
    c.fwd(MATCH_LEN);
    nd.f(format_args!("\n\t cookie 0x{:016x}", c.be64()?));
    c.fwd(8);
    let prio = c.be16()?;
    if prio != 0 {
        nd.f(format_args!(", priority {prio}"));
    }
    c.fwd(2);
    let reason = c.u8()?;
    nd.s(", reason ");
    nd.tok2str(OFPRR, "unknown (0x%02x)", u32::from(reason));
    c.fwd(2);
    nd.f(format_args!(", duration_sec {}", c.be32()?));
    c.fwd(4);
    nd.f(format_args!(", duration_nsec {}", c.be32()?));
    c.fwd(4);
    let idle = c.be16()?;
    if idle != 0 {
        nd.f(format_args!(", idle_timeout {idle}"));
    }
    c.fwd(4);
    nd.f(format_args!(", packet_count {}", c.be64()?));
    c.fwd(8);
    nd.f(format_args!(", byte_count {}", c.be64()?));
    Ok(())
}

/// A PORT_STATUS: the reason and the port.
fn port_status(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    let reason = c.u8()?;
    nd.s("\n\t reason ");
    nd.tok2str(OFPPR, "invalid (0x%02x)", u32::from(reason));
    phy_port(nd, super::tail(c.b, 8))
}

/// An ERROR: type, code and data.
fn error(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    super::openflow::error(nd, c, OFPET, error_codes)
}

/// Fixed and minimum body lengths (the message length less the common header).
const fn body(n: u32) -> u32 {
    n - HEADER_LEN
}

const MSGTYPES: [MsgType; 22] = [
    MsgType {
        name: "HELLO",
        decoder: Some(data),
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
        name: "VENDOR",
        decoder: Some(vendor_message),
        req: Req::Min(body(12)),
    },
    MsgType {
        name: "FEATURES_REQUEST",
        decoder: None,
        req: Req::Fix(0),
    },
    MsgType {
        name: "FEATURES_REPLY",
        decoder: Some(features_reply),
        req: Req::Min(body(32)),
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
    // The minimum counts two padding octets tcpdump does not require.
    MsgType {
        name: "PACKET_IN",
        decoder: Some(packet_in),
        req: Req::Min(body(20) - 2),
    },
    MsgType {
        name: "FLOW_REMOVED",
        decoder: Some(flow_removed),
        req: Req::Fix(body(88)),
    },
    MsgType {
        name: "PORT_STATUS",
        decoder: Some(port_status),
        req: Req::Fix(body(64)),
    },
    MsgType {
        name: "PACKET_OUT",
        decoder: Some(packet_out),
        req: Req::Min(body(16)),
    },
    MsgType {
        name: "FLOW_MOD",
        decoder: Some(flow_mod),
        req: Req::Min(body(72)),
    },
    MsgType {
        name: "PORT_MOD",
        decoder: Some(port_mod),
        req: Req::Fix(body(32)),
    },
    MsgType {
        name: "STATS_REQUEST",
        decoder: Some(stats_request),
        req: Req::Min(body(12)),
    },
    MsgType {
        name: "STATS_REPLY",
        decoder: Some(stats_reply),
        req: Req::Min(body(12)),
    },
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
        req: Req::Fix(body(12)),
    },
    MsgType {
        name: "QUEUE_GET_CONFIG_REPLY",
        decoder: Some(queue_get_config_reply),
        req: Req::Min(body(16)),
    },
];

/// The OpenFlow 1.0 message type `ty`, if there is one.
pub(crate) fn msgtype(ty: u8) -> Option<&'static MsgType> {
    MSGTYPES.get(usize::from(ty))
}
