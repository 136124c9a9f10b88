//! VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe, UDP port 4790), as tcpdump's print-vxlan-gpe.c: the
//! flags, the network identifier, and the IPv4, IPv6, Ethernet or NSH packet inside.
use super::util::Tok;
use super::{Nd, Res, Trunc, be24, ether, ip, ip6, nsh, tail, u8at};

const FLAGS: &Tok = &[(0x08, "I"), (0x04, "P"), (0x02, "B"), (0x01, "O")];
const HDR_LEN: usize = 8;

/// tcpdump's `vxlan_gpe_print`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "vxlan_gpe";
    nd.s("VXLAN-GPE, ");
    if len < HDR_LEN {
        nd.f(format_args!(" (len {len} < {HDR_LEN})"));
        nd.invalid();
        return Ok(());
    }
    let flags = u8at(bp, 0)?;
    nd.s("flags [");
    nd.bittok2str_nosep(FLAGS, "none", u32::from(flags));
    nd.s("], ");
    let next_protocol = u8at(bp, 3)?;
    let vni = be24(bp, 4)?;
    if bp.len() < HDR_LEN {
        return Err(Trunc);
    }
    nd.f(format_args!("vni {vni}"));
    nd.s(if nd.opts.verbose > 0 { "\n    " } else { ": " });
    let inner = tail(bp, HDR_LEN);
    let len = len - HDR_LEN;
    match next_protocol {
        1 => ip::print(nd, inner, len),
        2 => ip6::print(nd, inner, len),
        3 => {
            ether::print(nd, inner, len as u32);
            Ok(())
        }
        4 => nsh::print(nd, inner, len),
        _ => {
            nd.s("ERROR: unknown-next-protocol");
            nd.invalid();
            Ok(())
        }
    }
}
