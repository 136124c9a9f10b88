//! Marvell Distributed Switch Architecture tags, as tcpdump's print-dsa.c: the 4-byte DSA tag
//! and the 8-byte ethertyped EDSA tag after the source address.
use super::ether::{self, ETHERTYPES, SwitchTag};
use super::util::Tok;
use super::{Nd, Res, be16, u8at};

const DSA_LEN: usize = 4;
const EDSA_LEN: usize = 8;

const MODE_TO_CPU: u8 = 0;
const MODE_FROM_CPU: u8 = 1;
const MODE_TO_SNIFFER: u8 = 2;
const MODE_FORWARD: u8 = 3;

const MODE_VALUES: &Tok = &[
    (0, "To CPU"),
    (1, "From CPU"),
    (2, "To Sniffer"),
    (3, "Forward"),
];

const CODE_VALUES: &Tok = &[
    (0, "BPDU (MGMT) Trap"),
    (1, "Frame2Reg"),
    (2, "IGMP/MLD Trap"),
    (3, "Policy Trap"),
    (4, "ARP Mirror"),
    (5, "Policy Mirror"),
];

/// The fields of a DSA tag.
struct Tag {
    mode: u8,
    tagged: bool,
    dev: u8,
    port: u8,
    /// Forward's source-is-trunk, To_Sniffer's Rx, To_CPU's code bit 2.
    trunk: bool,
    cfi: bool,
    pri: u8,
    vid: u16,
    code: u8,
}

impl Tag {
    fn read(p: &[u8]) -> Res<Tag> {
        let t: [u8; 4] = super::arr(p, 0)?;
        Ok(Tag {
            mode: t[0] >> 6,
            tagged: t[0] & 0x20 != 0,
            dev: t[0] & 0x1f,
            port: t[1] >> 3,
            trunk: t[1] & 0x04 != 0,
            cfi: t[1] & 0x01 != 0,
            pri: t[2] >> 5,
            vid: u16::from(t[2] & 0x0f) << 8 | u16::from(t[3]),
            code: ((t[1] & 0x06) >> 1) << 1 | (t[2] & 0x10) >> 4,
        })
    }
}

fn tag_common(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let t = Tag::read(p)?;
    if nd.opts.link_header {
        nd.s("mode ");
        nd.tok2str(MODE_VALUES, "unknown", t.mode.into());
        nd.s(", ");
        match t.mode {
            MODE_FORWARD => nd.f(format_args!(
                "dev {}, {} {}, ",
                t.dev,
                if t.trunk { "trunk" } else { "port" },
                t.port
            )),
            MODE_FROM_CPU => nd.f(format_args!("target dev {}, port {}, ", t.dev, t.port)),
            MODE_TO_CPU => {
                nd.f(format_args!("source dev {}, port {}, code ", t.dev, t.port));
                nd.tok2str(CODE_VALUES, "reserved", t.code.into());
                nd.s(", ");
            }
            _ => nd.f(format_args!(
                "source dev {}, port {}, {} sniff, ",
                t.dev,
                t.port,
                if t.trunk { "ingress" } else { "egress" }
            )),
        }
        nd.s(if t.tagged { "tagged, " } else { "untagged, " });
        if t.cfi {
            nd.s("CFI, ");
        }
        nd.f(format_args!("VID {}, FPri {}, ", t.vid, t.pri));
    } else {
        match t.mode {
            MODE_FORWARD => nd.f(format_args!(
                "Forward {} {}.{}, ",
                if t.trunk { "trunk" } else { "port" },
                t.dev,
                t.port
            )),
            MODE_FROM_CPU => nd.f(format_args!("CPU > port {}.{}, ", t.dev, t.port)),
            MODE_TO_CPU => nd.f(format_args!("port {}.{} > CPU, ", t.dev, t.port)),
            MODE_TO_SNIFFER => nd.f(format_args!(
                "port {}.{} > {} Sniffer, ",
                t.dev,
                t.port,
                if t.trunk { "Rx" } else { "Tx" }
            )),
            _ => {}
        }
        nd.f(format_args!(
            "VLAN {}{}, ",
            t.vid,
            if t.tagged { 't' } else { 'u' }
        ));
    }
    Ok(())
}

fn dsa_tag(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.s(if nd.opts.link_header {
        "Marvell DSA "
    } else {
        "DSA "
    });
    tag_common(nd, p)
}

fn edsa_tag(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let et = be16(p, 0)?;
    if nd.opts.link_header {
        nd.f(format_args!("Marvell EDSA ethertype 0x{et:04x} ("));
        nd.tok2str(ETHERTYPES, "Unknown", et.into());
        nd.s("), ");
        nd.f(format_args!("rsvd {} {}, ", u8at(p, 2)?, u8at(p, 3)?));
    } else {
        nd.f(format_args!("EDSA 0x{et:04x}, "));
    }
    tag_common(nd, super::tail(p, 4))
}

/// A frame with a DSA tag (link type DSA_TAG_DSA).
pub(crate) fn print_dsa(nd: &mut Nd<'_>, p: &[u8], length: u32) -> usize {
    nd.proto = "dsa";
    let tag = SwitchTag {
        len: DSA_LEN,
        print: dsa_tag,
    };
    ether::switch_tag_print(nd, p, length, Some(tag))
}

/// A frame with an EDSA tag (link type DSA_TAG_EDSA).
pub(crate) fn print_edsa(nd: &mut Nd<'_>, p: &[u8], length: u32) -> usize {
    nd.proto = "edsa";
    let tag = SwitchTag {
        len: EDSA_LEN,
        print: edsa_tag,
    };
    ether::switch_tag_print(nd, p, length, Some(tag))
}
