//! Cisco VLAN Query Protocol, as tcpdump's print-vqp.c.
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, tail};

const VERSION: u8 = 1;
const HEADER_LEN: usize = 8;
const OBJ_HEADER_LEN: usize = 6;

const MSG_TYPE_VALUES: &Tok = &[
    (1, "Request, Join Port"),
    (2, "Response, VLAN"),
    (3, "Request, Reconfirm"),
    (4, "Response, Reconfirm"),
];

const ERROR_CODE_VALUES: &Tok = &[
    (0, "No error"),
    (3, "Access denied"),
    (4, "Shutdown port"),
    (5, "Wrong VTP domain"),
];

const OBJ_IP_ADDRESS: u32 = 0x0c01;
const OBJ_PORT_NAME: u32 = 0x0c02;
const OBJ_VLAN_NAME: u32 = 0x0c03;
const OBJ_VTP_DOMAIN: u32 = 0x0c04;
const OBJ_ETHERNET_PKT: u32 = 0x0c05;
const OBJ_MAC_NULL: u32 = 0x0c06;
const OBJ_MAC_ADDRESS: u32 = 0x0c08;

const OBJ_VALUES: &Tok = &[
    (0x0c01, "Client IP Address"),
    (0x0c02, "Port Name"),
    (0x0c03, "VLAN Name"),
    (0x0c04, "VTP Domain"),
    (0x0c05, "Ethernet Packet"),
    (0x0c06, "MAC Null"),
    (0x0c08, "MAC Address"),
];

/// Prints a VQP packet of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "vqp";
    let h = sl(p, 0, HEADER_LEN)?;
    if HEADER_LEN > len {
        nd.invalid();
        return Ok(());
    }
    let version = h[0];
    if version != VERSION {
        nd.f(format_args!("VQP version {version} packet not supported"));
        return Ok(());
    }
    let (msg_type, error_code, mut nitems) = (h[1], h[2], h[3]);
    if nd.opts.verbose < 1 {
        nd.f(format_args!("VQPv{version} "));
        nd.tok2str(MSG_TYPE_VALUES, "unknown (%u)", msg_type.into());
        nd.s(" Message, error-code ");
        nd.tok2str(ERROR_CODE_VALUES, "unknown", error_code.into());
        nd.f(format_args!(" ({error_code}), length {len}"));
        return Ok(());
    }
    nd.f(format_args!("\n\tVQPv{version}, "));
    nd.tok2str(MSG_TYPE_VALUES, "unknown (%u)", msg_type.into());
    nd.s(" Message, error-code ");
    nd.tok2str(ERROR_CODE_VALUES, "unknown", error_code.into());
    nd.f(format_args!(
        " ({error_code}), seq 0x{:08x}, items {nitems}, length {len}",
        be32(h, 4)?
    ));
    let mut i = HEADER_LEN;
    let mut tlen = len - HEADER_LEN;
    while nitems != 0 && tlen != 0 {
        sl(p, i, OBJ_HEADER_LEN)?;
        if OBJ_HEADER_LEN > tlen {
            nd.invalid();
            return Ok(());
        }
        let obj_type = be32(p, i)?;
        let obj_len = usize::from(be16(p, i + 4)?);
        i += OBJ_HEADER_LEN;
        tlen -= OBJ_HEADER_LEN;
        nd.s("\n\t  ");
        nd.tok2str(OBJ_VALUES, "Unknown", obj_type);
        nd.f(format_args!(
            " Object (0x{obj_type:08x}), length {obj_len}, value: "
        ));
        if obj_type == 0 || obj_len == 0 {
            return Ok(());
        }
        let v = sl(p, i, obj_len)?;
        if obj_len > tlen {
            nd.invalid();
            return Ok(());
        }
        match obj_type {
            OBJ_IP_ADDRESS => {
                if obj_len != 4 {
                    nd.invalid();
                    return Ok(());
                }
                nd.ipv4(v);
                nd.f(format_args!(" (0x{:08x})", be32(v, 0)?));
            }
            OBJ_PORT_NAME | OBJ_VLAN_NAME | OBJ_VTP_DOMAIN | OBJ_ETHERNET_PKT => {
                nd.printjnp(v, obj_len)?;
            }
            OBJ_MAC_ADDRESS | OBJ_MAC_NULL => {
                if obj_len != 6 {
                    nd.invalid();
                    return Ok(());
                }
                nd.mac(v);
            }
            _ => {
                if nd.opts.verbose <= 1 {
                    nd.print_unknown_data(tail(p, i), "\n\t    ", obj_len);
                }
            }
        }
        i += obj_len;
        tlen -= obj_len;
        nitems -= 1;
    }
    Ok(())
}
