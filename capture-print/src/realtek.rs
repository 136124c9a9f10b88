//! Realtek layer-2 protocols (ethertype 0x8899), as tcpdump's print-realtek.c: RRCP, REP,
//! RLDP, and the switch tags that use the type.
use super::ether::LlAddrs;
use super::util::Tok;
use super::{Nd, Res, be16, be32, le16, le32, sl, u8at};

const PROTOCOL_RRCP: u8 = 0x01;
const PROTOCOL_REP: u8 = 0x02;
const PROTOCOL_RLDP: u8 = 0x03;
const PROTOCOL_RLDP2: u8 = 0x23;
const PROTOCOL_XXX_DSA: u8 = 0x04;
const PROTOCOL_8306_DSA: u8 = 0x90;
const PROTOCOL_8366RB_DSA: u8 = 0xa0;

const RRCP_ISREPLY: u8 = 0x80;
const RRCP_OPCODE_HELLO: u8 = 0;
const RRCP_OPCODE_GET: u8 = 1;
const RRCP_OPCODE_SET: u8 = 2;

const OPCODE_VALUES: &Tok = &[(0, "hello"), (1, "get"), (2, "set")];

fn rrcp(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.proto = "rrcp";
    let b = u8at(p, 1)?;
    let opcode = b & 0x7f;
    let reply = b & RRCP_ISREPLY != 0;
    nd.f(format_args!(
        "RRCP {}: ",
        if reply { "reply" } else { "query" }
    ));
    nd.tok2str(OPCODE_VALUES, "unknown opcode (0x%02x)", opcode.into());
    let config = matches!(opcode, RRCP_OPCODE_GET | RRCP_OPCODE_SET);
    if config {
        nd.f(format_args!(
            " addr=0x{:04x}, data=0x{:08x}",
            le16(p, 4)?,
            le32(p, 6)?
        ));
    }
    nd.f(format_args!(", auth=0x{:04x}", be16(p, 2)?));
    if opcode == RRCP_OPCODE_HELLO && reply {
        let down = u8at(p, 4)?;
        let up = u8at(p, 5)?;
        let mac = sl(p, 6, 6)?;
        let vendor = be32(p, 14)?;
        let chip = be16(p, 12)?;
        nd.f(format_args!(
            " downlink_port={down}, uplink_port={up}, uplink_mac="
        ));
        nd.mac(mac);
        nd.f(format_args!(
            ", vendor_id={vendor:08x} ,chip_id={chip:04x} "
        ));
    } else if config {
        nd.f(format_args!(
            ", cookie=0x{:08x}{:08x} ",
            be32(p, 14)?,
            be32(p, 10)?
        ));
    }
    Ok(())
}

/// Prints a Realtek packet, after the link-layer addresses when there are any.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], addrs: Option<&LlAddrs<'_>>) -> Res {
    nd.proto = "rtl";
    if let Some(a) = addrs {
        a.print_pair(nd);
        nd.s(", ");
    }
    let proto = u8at(p, 0)?;
    match proto {
        PROTOCOL_RRCP => rrcp(nd, p)?,
        PROTOCOL_REP => nd.s("REP"),
        PROTOCOL_RLDP | PROTOCOL_RLDP2 => nd.s("RLDP"),
        PROTOCOL_XXX_DSA => nd.s("Realtek 8-byte DSA tag"),
        _ if proto & 0xf0 == PROTOCOL_8306_DSA => nd.s("Realtek RTL8306 4-byte DSA tag"),
        _ if proto & 0xf0 == PROTOCOL_8366RB_DSA => nd.s("Realtek RTL8366RB 4-byte DSA tag"),
        _ => nd.f(format_args!("Realtek unknown type 0x{proto:02x}")),
    }
    Ok(())
}
