//! Solaris ipnet: zone IDs and the address family in front of IPv4 or IPv6, as tcpdump's
//! print-ipnet.c.
use super::{Nd, Res, ascii, be32, ip, ip6, sl};

const IPH_AF_INET: u8 = 2;
const IPH_AF_INET6: u8 = 26;
const IPNET_HDRLEN: usize = 24;

const FAMILIES: &[(u32, &str)] = &[(2, "IPv4"), (26, "IPv6")];

fn hdr_print(nd: &mut Nd<'_>, h: &[u8], length: usize) -> Res {
    let zsrc = be32(h, 16)?;
    let zdst = be32(h, 20)?;
    nd.f(format_args!("{zsrc} > {zdst}"));
    let family = u32::from(h[1]);
    if nd.opts.quiet {
        nd.s(", ");
        nd.tok2str(FAMILIES, "Unknown Ethertype (0x%04x)", family);
    } else {
        nd.s(", family ");
        nd.tok2str(FAMILIES, "Unknown", family);
        nd.f(format_args!(" ({family})"));
    }
    nd.f(format_args!(", length {length}: "));
    Ok(())
}

/// DLT_IPNET.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "ipnet";
    let h = sl(p, 0, IPNET_HDRLEN)?;
    if nd.opts.link_header {
        hdr_print(nd, h, length)?;
    }
    let payload = &p[IPNET_HDRLEN..];
    let plen = (length as u32).wrapping_sub(IPNET_HDRLEN as u32) as usize;
    match h[1] {
        IPH_AF_INET => ip::print(nd, payload, plen)?,
        IPH_AF_INET6 => ip6::print(nd, payload, plen)?,
        _ => {
            if !nd.opts.link_header {
                hdr_print(nd, h, length)?;
            }
            ascii::default_print(nd, payload);
        }
    }
    Ok(IPNET_HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn ipv4_with_e() {
        check_n(
            226,
            "-e",
            "01020000000000540000000200000000ffffffff000000004500001c000100004001f6e50a0000010a0000020800f7ff00000000",
            "4294967295 > 0, family IPv4 (2), length 52: 10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 0, length 8",
        );
    }
}
