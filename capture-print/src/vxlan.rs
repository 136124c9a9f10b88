//! VXLAN (RFC 7348, UDP port 4789), as tcpdump's print-vxlan.c: the flags and network
//! identifier, then the Ethernet frame inside.
use super::util::Tok;
use super::{Nd, Res, Trunc, be24, ether, tail, u8at};

const FLAGS: &Tok = &[(0x08, "I")];
const HDR_LEN: usize = 8;

/// tcpdump's `vxlan_print`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "vxlan";
    nd.s("VXLAN");
    if len < HDR_LEN {
        nd.invalid();
        return Ok(());
    }
    let flags = u8at(bp, 0)?;
    nd.s(", flags [");
    nd.bittok2str_nosep(FLAGS, "invalid", u32::from(flags));
    nd.f(format_args!("] (0x{flags:02x}), "));
    let vni = be24(bp, 4)?;
    nd.f(format_args!("vni {vni}\n"));
    if bp.len() < HDR_LEN {
        return Err(Trunc);
    }
    ether::print(nd, tail(bp, HDR_LEN), (len - HDR_LEN) as u32);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Options, tests::print_one};

    proptest::proptest! {
        #[test]
        fn random_vxlan_never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                                     port in proptest::sample::select(vec![4789u16, 4790, 6081, 8472, 6635]),
                                     v in 0u8..4, e: bool) {
            let mut data = vec![0x45, 0, 0, 200, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            data.extend_from_slice(&[0x30, 0x39]);
            data.extend_from_slice(&port.to_be_bytes());
            data.extend_from_slice(&((body.len() + 8) as u16).to_be_bytes());
            data.extend_from_slice(&[0, 0]);
            data.extend_from_slice(&body);
            let opts = Options { verbose: v, link_header: e, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 101, &data);
        }
    }
}
