//! The IPsec Authentication Header (RFC 4302), as tcpdump's print-ah.c.
use super::{Nd, Res, be16, be32, u8at};

/// Prints an AH header; returns its length, after which the next header follows.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8]) -> Res<usize> {
    nd.proto = "ah";
    nd.s("AH");
    let ah_len = u8at(bp, 1)?;
    let hdr_len = (usize::from(ah_len) + 2) * 4;
    nd.s("(");
    if nd.opts.verbose > 0 {
        nd.f(format_args!("length={ah_len}({hdr_len}-bytes),"));
    }
    let reserved = be16(bp, 2)?;
    if reserved != 0 {
        nd.f(format_args!("reserved=0x{reserved:x}[MustBeZero],"));
    }
    nd.f(format_args!("spi=0x{:08x},", be32(bp, 4)?));
    nd.f(format_args!("seq=0x{:x},", be32(bp, 8)?));
    nd.s("icv=0x");
    for i in 12..hdr_len {
        nd.f(format_args!("{:02x}", u8at(bp, i)?));
    }
    nd.s("): ");
    Ok(hdr_len)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn ah_then_udp() {
        check(
            1,
            "-n",
            71,
            "001122334455665544332211080045000039123440004033145c0a0000010a000002110400000000100000000007abababababababababababab04d2162e000d8cff68656c6c6f",
            "IP 10.0.0.1 > 10.0.0.2: AH(spi=0x00001000,seq=0x7,icv=0xabababababababababababab): 1234 > 5678: UDP, length 5",
        );
    }

    #[test]
    fn ah_then_udp_v() {
        check(
            1,
            "-n -v",
            71,
            "001122334455665544332211080045000039123440004033145c0a0000010a000002110400000000100000000007abababababababababababab04d2162e000d8cff68656c6c6f",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto AH (51), length 57)\n    10.0.0.1 > 10.0.0.2: AH(length=4(24-bytes),spi=0x00001000,seq=0x7,icv=0xabababababababababababab): 1234 > 5678: UDP, length 5",
        );
    }

    #[test]
    fn ah_chain_then_esp() {
        check(
            1,
            "-n",
            90,
            "00112233445566554433221108004500004c12344000403314490a0000010a000002330400100000100000000007abababababababababababab320100000000000200000003cdcdcdcd00000099000000010000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: AH(reserved=0x10[MustBeZero],spi=0x00001000,seq=0x7,icv=0xabababababababababababab): AH(spi=0x00000002,seq=0x3,icv=0x): ESP(spi=0xcdcdcdcd,seq=0x99), length 20",
        );
    }

    #[test]
    fn ah_truncated() {
        check(
            1,
            "-n",
            48,
            "00112233445566554433221108004500002212344000403314730a0000010a000002110400000000100000000007abab",
            "IP 10.0.0.1 > 10.0.0.2: AH(spi=0x00001000,seq=0x7,icv=0xabab [|ah]",
        );
    }

    #[test]
    fn ipcomp() {
        check(
            1,
            "-n",
            58,
            "00112233445566554433221108004500002c12344000406c14300a0000010a000002040012340000000000000000000000000000000000000000",
            "IP 10.0.0.1 > 10.0.0.2: IPComp(cpi=0x1234)",
        );
    }

    #[test]
    fn ipcomp_ipv6() {
        check(
            1,
            "-n",
            78,
            "00112233445566554433221186dd6000000000186c40fe80000000000000000000000000000120010db8000000000000000000000002040012340000000000000000000000000000000000000000",
            "IP6 fe80::1 > 2001:db8::2: IPComp(cpi=0x1234)",
        );
    }

    #[test]
    fn esp_header_only() {
        check(
            1,
            "-n",
            42,
            "00112233445566554433221108004500001c123440004032147a0a0000010a0000020000009900000001",
            "IP 10.0.0.1 > 10.0.0.2:  [|esp]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_ipsec_headers_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                                            proto in proptest::sample::select(vec![50u8, 51, 108]),
                                            v in 0u8..4, cut in 0usize..160, v6: bool) {
            let frame = if v6 { crate::test_pkt::eth6(proto, &body) } else { crate::test_pkt::eth4(proto, &body) };
            crate::test_pkt::print_all(&frame, v, None, cut);
        }
    }
}
