//! GRE version 0 (RFC 2784/2890), as tcpdump's print-gre.c: flags, key, sequence, and the
//! encapsulated IPv4, IPv6 or Ethernet packet. Version 1 (PPTP) is named, not decoded.
use super::ether::ETHERTYPES;
use super::{Nd, Res, be16, be32, ether, ip, ip6, tok};

const FLAGS: &[(u16, &str)] = &[
    (0x8000, "checksum present"),
    (0x4000, "routing present"),
    (0x2000, "key present"),
    (0x1000, "sequence# present"),
];

/// Prints a GRE packet; `length` is the IP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "gre";
    if bp.len() < 2 || length < 2 {
        return nd.trunc_here();
    }
    let flags = be16(bp, 0)?;
    let vers = flags & 7;
    nd.f(format_args!("GREv{vers}"));
    match vers {
        0 => v0(nd, bp, length, flags),
        1 => Ok(()),
        _ => {
            nd.s(" ERROR: unknown-version");
            Ok(())
        }
    }
}

fn v0(nd: &mut Nd<'_>, bp: &[u8], length: usize, flags: u16) -> Res {
    if nd.opts.verbose > 0 {
        nd.s(", Flags [");
        let mut sep = "";
        for (bit, name) in FLAGS {
            if flags & bit != 0 {
                nd.s(sep);
                nd.s(name);
                sep = ", ";
            }
        }
        if sep.is_empty() {
            nd.s("none");
        }
        nd.s("]");
    }
    let mut len = length - 2;
    let mut i = 2;
    macro_rules! need {
        ($n:expr) => {
            if bp.len() < i + $n || len < $n {
                return nd.trunc_here();
            }
        };
    }
    need!(2);
    let prot = be16(bp, i)?;
    i += 2;
    len -= 2;
    if flags & 0xc000 != 0 {
        need!(2);
        if nd.opts.verbose > 0 {
            nd.f(format_args!(", sum 0x{:x}", be16(bp, i)?));
        }
        i += 2;
        len -= 2;
        need!(2);
        nd.f(format_args!(", off 0x{:x}", be16(bp, i)?));
        i += 2;
        len -= 2;
    }
    if flags & 0x2000 != 0 {
        need!(4);
        nd.f(format_args!(", key=0x{:x}", be32(bp, i)?));
        i += 4;
        len -= 4;
    }
    if flags & 0x1000 != 0 {
        need!(4);
        nd.f(format_args!(", seq {}", be32(bp, i)?));
        i += 4;
        len -= 4;
    }
    if nd.opts.link_header {
        nd.f(format_args!(
            ", proto {} (0x{prot:04x})",
            tok(ETHERTYPES, prot as u32).unwrap_or("unknown")
        ));
    }
    nd.f(format_args!(", length {length}"));
    nd.s(if nd.opts.verbose < 1 { ": " } else { "\n\t" });
    let inner = &bp[i..];
    match prot {
        0x0800 => ip::print(nd, inner, len),
        0x86dd => ip6::print(nd, inner, len),
        0x00fe => super::isoclns::print(nd, inner, len),
        0x6558 => {
            ether::print(nd, inner, len as u32);
            Ok(())
        }
        _ => {
            nd.f(format_args!("gre-proto-0x{prot:x}"));
            Ok(())
        }
    }
}
