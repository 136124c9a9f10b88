//! Juniper's link types: the PCAP header with its extension TLVs and the PIC cookie, then what
//! each PIC type carries, as tcpdump's print-juniper.c.
use super::{
    Nd, Res, atm, be16, be24, be32, chdlc, ether, fr, ip, ip6, isoclns, linktype as lt, llc, mpls,
    ppp, sl, tail, u8at,
};

const JUNIPER_BPF_PKT_IN: u8 = 0x1;
const JUNIPER_BPF_NO_L2: u8 = 0x2;
const JUNIPER_BPF_EXT: u8 = 0x80;
const JUNIPER_MGC_NUMBER: u32 = 0x4d_4743;

const LSQ_COOKIE_RE: u8 = 1 << 3;
const LSQ_COOKIE_DIR: u8 = 1 << 2;
const LSQ_L3_PROTO_MASK: u8 = 0x70;
const LSQ_L3_PROTO_IPV4: u16 = 0;
const LSQ_L3_PROTO_IPV6: u16 = 1 << 4;
const LSQ_L3_PROTO_MPLS: u16 = 2 << 4;
const LSQ_L3_PROTO_ISO: u16 = 3 << 4;
const AS_PIC_COOKIE_LEN: usize = 8;

const LS_COOKIE_ID: u8 = 0x54;
const AS_COOKIE_ID: u8 = 0x47;

const ATM2_PKT_TYPE_MASK: u8 = 0x70;
const ATM2_GAP_COUNT_MASK: u32 = 0x3f;
const MFR_BE_MASK: u8 = 0xc0;

const PPP_ADDRESS_CONTROL: u16 = 0xff03;
const PPP_OSI: u16 = 0x0023;

const IPSEC_TYPES: &[(u32, &str)] = &[
    (1, "ESP ENCR-AUTH"),
    (2, "ESP ENCR-AH AUTH"),
    (3, "ESP AUTH"),
    (4, "AH AUTH"),
    (5, "ESP ENCR"),
];

const DIRECTIONS: &[(u32, &str)] = &[(1, "In"), (0, "Out")];

const EXT_TLVS: &[(u32, &str)] = &[
    (1, "Device Interface Index"),
    (2, "Device Interface Name"),
    (3, "Device Media Type"),
    (4, "Logical Interface Index"),
    (5, "Logical Unit Number"),
    (6, "Logical Interface Encapsulation"),
    (7, "TTP derived Device Media Type"),
    (8, "TTP derived Logical Interface Encapsulation"),
];

const FLAGS: &[(u32, &str)] = &[
    (0x80, "Ext"),
    (0x40, "Filter"),
    (0x04, "IIF"),
    (0x02, "no-L2"),
    (0x01, "In"),
];

/// Interface media types (`juniper_ifmt_values`).
const IFMT: &[(u32, &str)] = &[
    (1, "Ethernet"),
    (2, "FDDI"),
    (3, "Token-Ring"),
    (4, "PPP"),
    (57, "PPP-Subordinate"),
    (5, "Frame-Relay"),
    (6, "Cisco-HDLC"),
    (7, "SMDS-DXI"),
    (8, "ATM-PVC"),
    (9, "PPP-CCC"),
    (10, "Frame-Relay-CCC"),
    (48, "Extended FR-CCC"),
    (11, "IP-over-IP"),
    (12, "GRE"),
    (13, "PIM-Encapsulator"),
    (14, "PIM-Decapsulator"),
    (15, "Cisco-HDLC-CCC"),
    (16, "VLAN-CCC"),
    (32, "Extended-VLAN-CCC"),
    (17, "Multilink-PPP"),
    (18, "Multilink-FR"),
    (39, "Multilink-FR-UNI-NNI"),
    (19, "Multilink"),
    (40, "LinkService"),
    (20, "LSI"),
    (22, "ATM-CCC-Cell-Relay"),
    (23, "IPSEC-over-IP"),
    (24, "GGSN"),
    (27, "PPP-TCC"),
    (28, "Frame-Relay-TCC"),
    (49, "Extended FR-TCC"),
    (29, "Cisco-HDLC-TCC"),
    (30, "Ethernet-CCC"),
    (31, "VPN-Loopback-tunnel"),
    (33, "Ethernet-over-ATM"),
    (46, "Ethernet-VPLS-over-ATM"),
    (34, "Monitor"),
    (35, "Ethernet-TCC"),
    (36, "VLAN-TCC"),
    (37, "Extended-VLAN-TCC"),
    (38, "Controller"),
    (41, "VPLS"),
    (42, "VLAN-VPLS"),
    (43, "Extended-VLAN-VPLS"),
    (44, "Logical-tunnel"),
    (45, "General-Services"),
    (56, "PPPoE"),
    (52, "Flexible-Ethernet-Services"),
    (50, "Flexible-FrameRelay"),
    (53, "Flow-collection"),
    (60, "PIC Peer"),
    (59, "Dynamic-Flow-Capture"),
];

/// Logical interface encapsulations (`juniper_ifle_values`).
const IFLE: &[(u32, &str)] = &[
    (59, "Aggregator"),
    (9, "CCC over ATM"),
    (32, "ATM CCC Cell Relay"),
    (26, "CISCO compatible NLPID"),
    (56, "Ethernet over ATM CCC"),
    (41, "Ethernet over ATM LLC"),
    (53, "Ethernet VPLS over ATM LLC"),
    (5, "ATM LLC"),
    (55, "MLPPP over ATM LLC"),
    (3, "ATM NLPID"),
    (61, "PPPoE over ATM LLC"),
    (8, "PPP over FUNI"),
    (7, "PPP over ATM LLC"),
    (6, "PPP over ATM VCMUX"),
    (2, "ATM SNAP"),
    (43, "ATM SNAP TCC"),
    (35, "ATM VCMUX TCC"),
    (4, "ATM VCMUX"),
    (18, "C-HDLC"),
    (25, "C-HDLC CCC"),
    (65, "C-HDLC via dialer"),
    (38, "C-HDLC TCC"),
    (58, "Collector"),
    (33, "Crypto"),
    (14, "Ethernet"),
    (39, "Ethernet CCC"),
    (51, "Extended VLAN VPLS"),
    (62, "PPPoE over Ethernet"),
    (45, "Ethernet TCC"),
    (50, "VLAN VPLS"),
    (49, "VPLS"),
    (42, "Extended VLAN CCC"),
    (47, "Extended VLAN TCC"),
    (13, "FR CCC"),
    (10, "FR NLPID"),
    (54, "FR CCC"),
    (12, "FR PPP"),
    (11, "FR SNAP"),
    (36, "FR TCC"),
    (34, "GGSN"),
    (22, "GRE NULL"),
    (23, "PPP over GRE"),
    (20, "IPIP"),
    (60, "LAPD"),
    (30, "LSI Null"),
    (57, "LT VLAN"),
    (48, "MFR"),
    (29, "MLFR"),
    (28, "MLPPP"),
    (44, "Monitor"),
    (24, "PIMd"),
    (21, "PIM Null"),
    (17, "PPP"),
    (63, "PPPoE"),
    (19, "PPP CCC"),
    (64, ""),
    (37, "PPP TCC"),
    (52, "General Services"),
    (27, "VLAN CCC"),
    (46, "VLAN TCC"),
    (40, "VT"),
];

const GGSN_PROTOCOLS: &[(u32, &str)] = &[(1, "Null"), (2, "IPv4"), (6, "IPv6")];

/// The PIC types with a cookie: their cookie length and name.
fn cookie_table(pictype: i32) -> Option<(usize, &'static str)> {
    Some(match pictype {
        lt::JUNIPER_ATM1 => (4, "ATM1"),
        lt::JUNIPER_ATM2 => (8, "ATM2"),
        lt::JUNIPER_MLPPP => (2, "MLPPP"),
        lt::JUNIPER_MLFR => (2, "MLFR"),
        lt::JUNIPER_MFR => (4, "MFR"),
        lt::JUNIPER_PPPOE => (0, "PPPoE"),
        lt::JUNIPER_PPPOE_ATM => (0, "PPPoE ATM"),
        lt::JUNIPER_GGSN => (8, "GGSN"),
        lt::JUNIPER_MONITOR => (8, "MONITOR"),
        lt::JUNIPER_SERVICES => (8, "AS"),
        lt::JUNIPER_ES => (0, "ES"),
        _ => return None,
    })
}

/// What the Juniper header says (tcpdump's `juniper_l2info_t`). `length` is the length on the
/// wire past the header, in tcpdump's unsigned arithmetic.
#[derive(Default)]
struct L2Info {
    length: u32,
    header_len: usize,
    cookie_len: usize,
    cookie_type: u8,
    cookie: [u8; 8],
    bundle: u32,
    proto: u16,
    direction: u8,
}

impl L2Info {
    fn cookie16(&self, at: usize) -> u16 {
        u16::from_be_bytes([self.cookie[at], self.cookie[at + 1]])
    }

    fn cookie32(&self) -> u32 {
        u32::from_be_bytes([
            self.cookie[0],
            self.cookie[1],
            self.cookie[2],
            self.cookie[3],
        ])
    }

    /// The bundle and protocol of an Advanced Services cookie.
    fn as_cookie(&mut self) {
        self.bundle = u32::from((self.cookie16(6) >> 3) & 0xfff);
        self.proto = u16::from(self.cookie[5] & LSQ_L3_PROTO_MASK);
    }
}

/// Prints a packet of one of Juniper's link types; returns the header length.
pub(crate) fn if_print(nd: &mut Nd<'_>, pictype: i32, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = match pictype {
        lt::JUNIPER_GGSN => "juniper_ggsn",
        lt::JUNIPER_ES => "juniper_es",
        lt::JUNIPER_MONITOR => "juniper_monitor",
        lt::JUNIPER_SERVICES => "juniper_services",
        lt::JUNIPER_PPPOE => "juniper_pppoe",
        lt::JUNIPER_ETHER => "juniper_ether",
        lt::JUNIPER_PPP => "juniper_ppp",
        lt::JUNIPER_FRELAY => "juniper_frelay",
        lt::JUNIPER_CHDLC => "juniper_chdlc",
        lt::JUNIPER_PPPOE_ATM => "juniper_pppoe_atm",
        lt::JUNIPER_MLPPP => "juniper_mlppp",
        lt::JUNIPER_MFR => "juniper_mfr",
        lt::JUNIPER_MLFR => "juniper_mlfr",
        lt::JUNIPER_ATM1 => "juniper_atm1",
        _ => "juniper_atm2",
    };
    let l2 = match parse_header(nd, p, length as u32, pictype)? {
        Ok(l2) => l2,
        Err(header_len) => return Ok(header_len),
    };
    let hl = l2.header_len;
    let body = tail(p, hl);
    let len = l2.length as usize;
    match pictype {
        lt::JUNIPER_GGSN => ggsn(nd, &l2, body)?,
        lt::JUNIPER_ES => es(nd, l2, body)?,
        lt::JUNIPER_MONITOR => {
            let service_id = be32(body, 4)?;
            let iif = be16(body, 2)?;
            let pkt_type = u8at(body, 0)?;
            if nd.opts.link_header {
                nd.f(format_args!(
                    "service-id {service_id}, iif {iif}, pkt-type {pkt_type}: "
                ));
            }
            ip_heuristic_guess(nd, body, len)?;
        }
        lt::JUNIPER_SERVICES => {
            let svc_id = u8at(body, 0)?;
            let flags_len = u8at(body, 1)?;
            let svc_set_id = be16(body, 2)?;
            let dir_iif = be24(body, 5)?;
            if nd.opts.link_header {
                nd.f(format_args!(
                    "service-id {svc_id} flags 0x{flags_len:02x} service-set-id 0x{svc_set_id:04x} iif {dir_iif}: "
                ));
            }
            ip_heuristic_guess(nd, body, len)?;
        }
        lt::JUNIPER_PPPOE => {
            ether::print(nd, body, l2.length);
        }
        lt::JUNIPER_ETHER => return Ok(hl + ether::print(nd, body, l2.length)),
        lt::JUNIPER_PPP => {
            ppp::print(nd, body, len)?;
        }
        lt::JUNIPER_FRELAY => {
            fr::print(nd, body, len)?;
        }
        lt::JUNIPER_CHDLC => {
            chdlc::print(nd, body, len)?;
        }
        lt::JUNIPER_PPPOE_ATM => {
            let et = be16(body, 0)?;
            if !ether::ethertype_print(nd, et, &body[2..], len.wrapping_sub(2), None) {
                nd.f(format_args!("unknown ethertype 0x{et:04x}"));
            }
        }
        lt::JUNIPER_MLPPP => mlppp(nd, &l2, p, hl)?,
        lt::JUNIPER_MFR => mfr(nd, &l2, p, hl)?,
        lt::JUNIPER_MLFR => mlfr(nd, &l2, p, hl)?,
        lt::JUNIPER_ATM1 => atm1(nd, &l2, body)?,
        _ => atm2(nd, &l2, body)?,
    }
    Ok(hl)
}

/// tcpdump's `juniper_parse_header`: the magic number, flags, extension TLVs and cookie. An
/// `Err` carries the header length when printing stops here (the header said all there is).
fn parse_header(
    nd: &mut Nd<'_>,
    p: &[u8],
    wirelen: u32,
    pictype: i32,
) -> Res<Result<L2Info, usize>> {
    let mut l2 = L2Info {
        length: wirelen,
        ..Default::default()
    };
    let flags = u8at(p, 3)?;
    l2.direction = flags & JUNIPER_BPF_PKT_IN;
    if be24(p, 0)? != JUNIPER_MGC_NUMBER {
        nd.s("no magic-number found!");
        return Ok(Err(0));
    }
    let e = nd.opts.link_header;
    let vv = nd.opts.verbose > 1;
    if e {
        let dir = super::tok(DIRECTIONS, u32::from(l2.direction)).unwrap_or("---");
        nd.f(format_args!("{dir:>3} "));
    }
    let mut jnx_header_len = 4usize;
    if vv {
        nd.s("\n\tJuniper PCAP Flags [");
        nd.bittok2str(FLAGS, "none", u32::from(flags));
        nd.s("]");
    }
    if flags & JUNIPER_BPF_EXT != 0 {
        let mut ext_len = usize::from(be16(p, 4)?);
        jnx_header_len += 2 + ext_len;
        if vv {
            nd.f(format_args!(", PCAP Extension(s) total length {ext_len}"));
        }
        let ext = sl(p, 6, ext_len)?;
        let mut off = 0;
        while ext_len > 2 {
            let tlv_type = ext[off];
            let tlv_len = ext[off + 1];
            off += 2;
            if tlv_type == 0 || tlv_len == 0 {
                break;
            }
            let need = usize::from(tlv_len) + 2;
            if ext_len < need {
                nd.f(format_args!(" [extension_length {ext_len} < {need}]"));
                nd.invalid();
                return Ok(Err(0));
            }
            if vv {
                nd.f(format_args!("\n\t  "));
                nd.tok2str(EXT_TLVS, "Unknown", u32::from(tlv_type));
                nd.f(format_args!(
                    " Extension TLV #{tlv_type}, length {tlv_len}, value "
                ));
            }
            let value = tlv_value(&ext[off..], tlv_type, tlv_len);
            if let (Some(v), true) = (value, vv) {
                match tlv_type {
                    // The interface name is not printed.
                    2 => {}
                    3 | 7 => {
                        nd.tok2str(IFMT, "Unknown", v);
                        nd.f(format_args!(" ({v})"));
                    }
                    6 | 8 => {
                        nd.tok2str(IFLE, "Unknown", v);
                        nd.f(format_args!(" ({v})"));
                    }
                    _ => nd.f(format_args!("{v}")),
                }
            }
            off += usize::from(tlv_len);
            ext_len -= need;
        }
        if vv {
            nd.s("\n\t-----original packet-----\n\t");
        }
    }
    if flags & JUNIPER_BPF_NO_L2 != 0 {
        if e {
            nd.s("no-L2-hdr, ");
        }
        // No link-layer header: IPv4 or IPv6, by the version nibble.
        let at = jnx_header_len + 4;
        u8at(p, at)?;
        let len = wirelen.wrapping_sub(at as u32) as usize;
        if !ip_heuristic_guess(nd, &p[at..], len)? {
            nd.s("no IP-hdr found!");
        }
        return Ok(Err(at));
    }
    l2.header_len = jnx_header_len;
    l2.length = l2.length.wrapping_sub(jnx_header_len as u32);
    let p = tail(p, jnx_header_len);
    if let Some((cookie_len, name)) = cookie_table(pictype) {
        l2.cookie_len = cookie_len;
        match u8at(p, 0)? {
            LS_COOKIE_ID => {
                l2.cookie_type = LS_COOKIE_ID;
                l2.cookie_len += 2;
            }
            AS_COOKIE_ID => {
                l2.cookie_type = AS_COOKIE_ID;
                l2.cookie_len = 8;
            }
            _ => l2.bundle = u32::from(l2.cookie[0]),
        }
        // MFR child links carry no cookie.
        if pictype == lt::JUNIPER_MFR && p[0] & MFR_BE_MASK == MFR_BE_MASK {
            l2.cookie_len = 0;
        }
        l2.header_len += l2.cookie_len;
        l2.length = l2.length.wrapping_sub(l2.cookie_len as u32);
        if e {
            nd.f(format_args!("{name}-PIC, cookie-len {}", l2.cookie_len));
        }
        if l2.cookie_len > 8 {
            nd.invalid();
            return Ok(Err(l2.header_len));
        }
        if l2.cookie_len > 0 {
            let cookie = sl(p, 0, l2.cookie_len)?;
            l2.cookie[..l2.cookie_len].copy_from_slice(cookie);
            if e {
                nd.s(", cookie 0x");
                for b in cookie {
                    nd.f(format_args!("{b:02x}"));
                }
            }
        }
        if e {
            nd.s(": ");
        }
        l2.proto = be16(p, l2.cookie_len)?;
    }
    let p = tail(p, l2.cookie_len);
    match pictype {
        lt::JUNIPER_MLPPP => match l2.cookie_type {
            LS_COOKIE_ID => l2.bundle = u32::from(l2.cookie[1]),
            AS_COOKIE_ID => l2.as_cookie(),
            _ => l2.bundle = u32::from(l2.cookie[0]),
        },
        lt::JUNIPER_MLFR | lt::JUNIPER_MFR => match l2.cookie_type {
            LS_COOKIE_ID => {
                l2.bundle = u32::from(l2.cookie[1]);
                l2.proto = be16(p, 0)?;
                l2.header_len += 2;
                l2.length = l2.length.wrapping_sub(2);
            }
            AS_COOKIE_ID => l2.as_cookie(),
            _ => {
                l2.bundle = u32::from(l2.cookie[0]);
                if pictype == lt::JUNIPER_MLFR {
                    l2.header_len += 2;
                    l2.length = l2.length.wrapping_sub(2);
                }
            }
        },
        lt::JUNIPER_ATM2 => {
            let control_word = be32(p, 0)?;
            // A cell relay control word, recognised by its usual values.
            if l2.cookie[7] & ATM2_PKT_TYPE_MASK != 0 {
                if matches!(control_word, 0 | 0x0800_0000 | 0x0838_0000) {
                    l2.header_len += 4;
                }
                if e {
                    nd.f(format_args!("control-word 0x{control_word:08x} "));
                }
            }
        }
        _ => {}
    }
    if e {
        nd.f(format_args!(
            "hlen {}, proto 0x{:04x}, ",
            l2.header_len, l2.proto
        ));
    }
    Ok(Ok(l2))
}

/// An extension TLV's value: little-endian below type 128, big-endian from it, `None` when
/// longer than 4 bytes.
fn tlv_value(v: &[u8], tlv_type: u8, tlv_len: u8) -> Option<u32> {
    let n = usize::from(tlv_len);
    if n > 4 {
        return None;
    }
    let b = &v[..n];
    let fold = |acc: u32, &x: &u8| acc << 8 | u32::from(x);
    Some(if tlv_type < 128 {
        b.iter().rev().fold(0, fold)
    } else {
        b.iter().fold(0, fold)
    })
}

/// IPv4 or IPv6 by the first byte (no protocol field says which); false if neither.
fn ip_heuristic_guess(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<bool> {
    match u8at(p, 0)? {
        0x45..=0x4f => ip::print(nd, p, length)?,
        0x60..=0x6f => ip6::print(nd, p, length)?,
        _ => return Ok(false),
    }
    Ok(true)
}

fn ggsn(nd: &mut Nd<'_>, l2: &L2Info, p: &[u8]) -> Res {
    let proto = l2.cookie[2];
    if nd.opts.link_header {
        let vlan = l2.cookie16(4);
        let name = super::tok(GGSN_PROTOCOLS, u32::from(proto)).unwrap_or("Unknown");
        nd.f(format_args!("proto {name} ({proto}), vlan {vlan}: "));
    }
    let len = l2.length as usize;
    match proto {
        2 => ip::print(nd, p, len),
        6 => ip6::print(nd, p, len),
        _ => {
            if !nd.opts.link_header {
                nd.f(format_args!("unknown GGSN proto ({proto})"));
            }
            Ok(())
        }
    }
}

/// The Encryption Services PIC's IPsec header, then IPv4.
fn es(nd: &mut Nd<'_>, mut l2: L2Info, p: &[u8]) -> Res {
    let ih = sl(p, 0, 16)?;
    let sa_index = u16::from_be_bytes([ih[0], ih[1]]);
    let ttl = ih[2];
    let es_type = ih[3];
    let (rewrite_len, bundle) = match es_type {
        1 | 2 => (0, true),
        3..=5 => (16, false),
        _ => {
            nd.f(format_args!(
                "ES Invalid type {es_type}, length {}",
                l2.length
            ));
            return Ok(());
        }
    };
    l2.length = l2.length.wrapping_sub(rewrite_len as u32);
    if nd.opts.link_header {
        let type_name = super::tok(IPSEC_TYPES, u32::from(es_type)).unwrap_or("Unknown");
        nd.f(format_args!(
            "ES SA, index {sa_index}, ttl {ttl} type {type_name} ({es_type}), "
        ));
        if !bundle {
            let spi = u32::from_be_bytes([ih[4], ih[5], ih[6], ih[7]]);
            nd.f(format_args!("spi {spi}, Tunnel "));
            nd.host4(&ih[8..12]);
            nd.s(" > ");
            nd.host4(&ih[12..16]);
            nd.s(", ");
        }
        nd.f(format_args!("length {}\n", l2.length));
    }
    ip::print(nd, &p[rewrite_len..], l2.length as usize)
}

fn mlppp(nd: &mut Nd<'_>, l2: &L2Info, full: &[u8], hl: usize) -> Res {
    let cookie = l2.cookie16(0);
    // A cookie that looks like a protocol means a child link: no bundle.
    if nd.opts.link_header && cookie != PPP_OSI && cookie != PPP_ADDRESS_CONTROL {
        nd.f(format_args!("Bundle-ID {}: ", l2.bundle));
    }
    let p = tail(full, hl);
    let len = l2.length as usize;
    match l2.proto {
        LSQ_L3_PROTO_IPV4 => {
            // IP going to the routing engine has no cookie: this is IS-IS over PPP.
            if l2.cookie[4] == LSQ_COOKIE_RE | LSQ_COOKIE_DIR {
                return ppp::print(nd, p, len).map(|_| ());
            }
            return ip::print(nd, p, len);
        }
        LSQ_L3_PROTO_IPV6 => return ip6::print(nd, p, len),
        LSQ_L3_PROTO_MPLS => return mpls::print(nd, p, len),
        LSQ_L3_PROTO_ISO => return isoclns::print(nd, p, len),
        _ => {}
    }
    if cookie == PPP_OSI {
        ppp::print(nd, tail(full, hl - 2), len.wrapping_add(2))?;
    } else {
        ppp::print(nd, p, len)?;
    }
    Ok(())
}

/// Frame Relay protocols by the bytes after the cookie (an LLC UI, then an NLPID).
const LLC_UI: u16 = 0x03;
const NLPID_Q933: u16 = 0x08;
const NLPID_IP: u16 = 0xcc;
const NLPID_IP6: u16 = 0x8e;
const LLCSAP_ISONS: u16 = 0xfe;

fn mfr(nd: &mut Nd<'_>, l2: &L2Info, full: &[u8], hl: usize) -> Res {
    let p = tail(full, hl);
    let len = l2.length as usize;
    if l2.cookie_len == 0 {
        // A child link.
        return fr::mfr_print(nd, p, len).map(|_| ());
    }
    if l2.cookie_len == AS_PIC_COOKIE_LEN {
        match l2.proto {
            LSQ_L3_PROTO_IPV4 => ip::print(nd, p, len)?,
            LSQ_L3_PROTO_IPV6 => ip6::print(nd, p, len)?,
            LSQ_L3_PROTO_MPLS => mpls::print(nd, p, len)?,
            LSQ_L3_PROTO_ISO => isoclns::print(nd, p, len)?,
            _ => {}
        }
        return Ok(());
    }
    if nd.opts.link_header && l2.cookie32() != 1 {
        nd.f(format_args!("Bundle-ID {}, ", l2.bundle));
    }
    match l2.proto {
        p_ if p_ == LLCSAP_ISONS << 8 | LLCSAP_ISONS => {
            u8at(p, 0)?;
            isoclns::print(nd, &p[1..], len.wrapping_sub(1))?;
        }
        p_ if p_ == LLC_UI << 8 | NLPID_Q933
            || p_ == LLC_UI << 8 | NLPID_IP
            || p_ == LLC_UI << 8 | NLPID_IP6 =>
        {
            isoclns::print(nd, tail(full, hl - 1), len.wrapping_add(1))?;
        }
        other => nd.f(format_args!(
            "unknown protocol 0x{other:04x}, length {}",
            l2.length
        )),
    }
    Ok(())
}

fn mlfr(nd: &mut Nd<'_>, l2: &L2Info, full: &[u8], hl: usize) -> Res {
    let len = l2.length as usize;
    if nd.opts.link_header && l2.cookie32() != 1 {
        nd.f(format_args!("Bundle-ID {}, ", l2.bundle));
    }
    match l2.proto {
        p_ if p_ == LLC_UI || p_ == LLC_UI << 8 => {
            isoclns::print(nd, tail(full, hl), len)?;
        }
        p_ if p_ == LLC_UI << 8 | NLPID_Q933
            || p_ == LLC_UI << 8 | NLPID_IP
            || p_ == LLC_UI << 8 | NLPID_IP6 =>
        {
            isoclns::print(nd, tail(full, hl - 1), len.wrapping_add(1))?;
        }
        other => nd.f(format_args!(
            "unknown protocol 0x{other:04x}, length {}",
            l2.length
        )),
    }
    Ok(())
}

/// LLC (SNAP or NLPID) encapsulations by their first three bytes.
fn is_llc_encaps(p: &[u8]) -> Res<bool> {
    let h = be24(p, 0)?;
    Ok(h == 0xfe_fe03 || h == 0xaa_aa03)
}

fn atm1(nd: &mut Nd<'_>, l2: &L2Info, p: &[u8]) -> Res {
    let len = l2.length as usize;
    if l2.cookie[0] == 0x80 {
        return atm::oam_print(nd, p, len, atm::OAM_NOHEC);
    }
    // An LLC payload not known falls through to the other guesses.
    if is_llc_encaps(p)? && llc::print(nd, p, len, None)?.1 {
        return Ok(());
    }
    if u8at(p, 0)? == 0x03 {
        // Cisco-style NLPID encapsulation.
        return isoclns::print(nd, &p[1..], len.wrapping_sub(1));
    }
    ip_heuristic_guess(nd, p, len)?;
    Ok(())
}

fn atm2(nd: &mut Nd<'_>, l2: &L2Info, p: &[u8]) -> Res {
    let len = l2.length as usize;
    if l2.cookie[7] & ATM2_PKT_TYPE_MASK != 0 {
        return atm::oam_print(nd, p, len, atm::OAM_NOHEC);
    }
    // An LLC payload not known falls through to the other guesses.
    if is_llc_encaps(p)? && llc::print(nd, p, len, None)?.1 {
        return Ok(());
    }
    // Ethernet over RFC 1483.
    if l2.direction != JUNIPER_BPF_PKT_IN && l2.cookie32() & ATM2_GAP_COUNT_MASK != 0 {
        ether::print(nd, p, l2.length);
        return Ok(());
    }
    if u8at(p, 0)? == 0x03 {
        return isoclns::print(nd, &p[1..], len.wrapping_sub(1));
    }
    if ppp_heuristic_guess(nd, p, len)? {
        return Ok(());
    }
    ip_heuristic_guess(nd, p, len)?;
    Ok(())
}

/// PPP over ATM (VC multiplexed), recognised by the PPP protocols a Juniper router carries.
fn ppp_heuristic_guess(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<bool> {
    match be16(p, 0)? {
        0x0021 | 0x0023 | 0x0281 | 0x0283 | 0x8021 | 0x8023 | 0x8281 | 0xc021 | 0xc023 | 0xc223
        | 0x003d | 0x0057 | 0x8057 => {
            ppp::print(nd, p, length)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn atm1_oam_loopback() {
        check_n(
            137,
            "-e -v",
            "4d474300800102030000005018000000010000000a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f300231",
            "Out ATM1-PIC, cookie-len 4, cookie 0x80010203: hlen 8, proto 0x0000, OAM F5, vpi 0, vci 5, payload [ user data, uncongested, SDU 0 ], clp 0, length 53\n\tcell-type Fault Management (1), func-type Loopback (8)\n\tLoopback-Indicator Reply, Correlation-Tag 0x00000100\n\tLocation-ID 000a 0b0c 0d0e 0f10 1112 1314 \n\tSource-ID   1516 1718 191a 1b1c 1d1e 1f20 \n\tcksum 0x002 (incorrect)",
        );
    }

    #[test]
    fn es_tunnel() {
        check_n(
            132,
            "-e",
            "4d474301000740030000123408080808090909094500003000010000401174a70a0000010a00000204d2162e001c000068656c6c6f20776f726c64210a0a0a0a0a0a0a0a",
            " In ES-PIC, cookie-len 0: hlen 4, proto 0x0007, ES SA, index 7, ttl 64 type ESP AUTH (3), spi 4660, Tunnel 8.8.8.8 > 9.9.9.9, length 48\n10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 20",
        );
    }

    #[test]
    fn extension_tlvs() {
        check_n(
            178,
            "-e -vv",
            "4d474381000a0301010601080201418a0000",
            " In \n\tJuniper PCAP Flags [Ext, In], PCAP Extension(s) total length 10\n\t  Device Media Type Extension TLV #3, length 1, value Ethernet (1)\n\t  Logical Interface Encapsulation Extension TLV #6, length 1, value PPP over FUNI (8)\n\t  Device Interface Name Extension TLV #2, length 1, value \n\t-----original packet-----\n\thlen 16, proto 0x0000,  [|ether]",
        );
    }
}
