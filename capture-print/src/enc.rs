//! OpenBSD enc(4): the address family, SPI and protection flags of IPsec-processed packets,
//! as tcpdump's print-enc.c.
use super::{Nd, Res, be32, ip, ip6, sl};

const ENC_HDRLEN: usize = 12;
const M_CONF: u32 = 0x0400;
const M_AUTH: u32 = 0x0800;

/// DLT_ENC.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "enc";
    let h = sl(p, 0, ENC_HDRLEN)?;
    // The family and flags are in the capturing host's byte order: a family is a small number.
    let mut af = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
    let mut flags = u32::from_le_bytes([h[8], h[9], h[10], h[11]]);
    if af & 0xffff_0000 != 0 {
        af = af.swap_bytes();
        flags = flags.swap_bytes();
    }
    if flags == 0 {
        nd.s("(unprotected): ");
    } else {
        nd.s("(");
    }
    for (bit, name) in [(M_AUTH, "authentic"), (M_CONF, "confidential")] {
        if flags & bit != 0 {
            nd.s(name);
            nd.s(if flags == bit { "): " } else { "," });
            flags &= !bit;
        }
    }
    let spi = be32(h, 4)?;
    nd.f(format_args!("SPI 0x{spi:08x}: "));
    let rest = &p[ENC_HDRLEN..];
    let length = (length as u32).wrapping_sub(ENC_HDRLEN as u32) as usize;
    match af {
        2 => ip::print(nd, rest, length)?,
        24 | 28 | 30 => ip6::print(nd, rest, length)?,
        _ => {}
    }
    Ok(ENC_HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn authenticated_ipv4() {
        check_n(
            109,
            "",
            "02000000000012340c0000004500001c000100004001f6e50a0000010a0000020800f7ff00000000",
            "(SPI 0x00001234: IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 0, length 8",
        );
    }
}
