//! Broadcom lawful-interception shim headers over UDP, as tcpdump's print-bcm-li.c.
use super::util::Tok;
use super::{Nd, Res, be32, ether, ip, ip6, sl, tail, u8at};

const SHIM_LEN: usize = 4;

const DIRECTION_VALUES: &Tok = &[(1, "unused"), (2, "egress"), (3, "ingress")];

const PKT_TYPE_UNDECIDED: u32 = 4;
const PKT_TYPE_IPV4: u32 = 5;
const PKT_TYPE_IPV6: u32 = 6;
const PKT_TYPE_ETHERNET: u32 = 7;

const PKT_TYPE_VALUES: &Tok = &[(4, "undecided"), (5, "ipv4"), (6, "ipv6"), (7, "ethernet")];

const PKT_SUBTYPE_VALUES: &Tok = &[
    (1, "single VLAN tag"),
    (2, "double VLAN tag"),
    (3, "untagged"),
];

/// Prints the shim and, with `-v`, the packet it carries.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "bcm_li";
    if length < SHIM_LEN {
        nd.f(format_args!(" (length {length} < {SHIM_LEN})"));
        nd.invalid();
        return Ok(());
    }
    let shim = be32(p, 0)?;
    let pkt_type = (shim >> 25) & 0xf;
    let verbose = nd.opts.verbose > 0;
    let sep = if verbose { "\n    " } else { "" };
    nd.f(format_args!("{sep}BCM-LI-SHIM: direction "));
    nd.tok2str(DIRECTION_VALUES, "unknown", (shim >> 29) & 7);
    nd.s(", pkt-type ");
    nd.tok2str(PKT_TYPE_VALUES, "unknown", pkt_type);
    nd.s(", pkt-subtype ");
    nd.tok2str(PKT_SUBTYPE_VALUES, "unknown", (shim >> 22) & 7);
    nd.f(format_args!(", li-id {}{sep}", shim & 0x3fffff));
    let length = length - SHIM_LEN;
    let b = tail(p, SHIM_LEN);
    if !verbose {
        sl(b, 0, length)?;
        return Ok(());
    }
    match pkt_type {
        PKT_TYPE_ETHERNET => {
            ether::print(nd, b, length as u32);
            Ok(())
        }
        PKT_TYPE_IPV4 => ip::print(nd, b, length),
        PKT_TYPE_IPV6 => ip6::print(nd, b, length),
        PKT_TYPE_UNDECIDED => match u8at(b, 0)? >> 4 {
            4 => ip::print(nd, b, length),
            6 => ip6::print(nd, b, length),
            _ => {
                nd.s("unknown payload");
                Ok(())
            }
        },
        _ => {
            nd.invalid();
            Ok(())
        }
    }
}
