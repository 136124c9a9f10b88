//! IPv4 mobility encapsulation (RFC 2004, IP protocol 55), as tcpdump's print-mobile.c.
use super::{Nd, Res, be16, has, ip};

/// The header without the optional original source.
const MOBILE_SIZE: usize = 8;
/// The header with it: tcpdump wants this much captured whatever the header holds.
const MOBILE_CAPTURED: usize = 12;
/// The original source address is present.
const OSRC_PRES: u16 = 0x0080;

/// tcpdump's `mobile_print`: the minimal forwarding header (the datagram inside is not
/// decoded).
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "mobile";
    if length < MOBILE_SIZE || !has(bp, 0, MOBILE_CAPTURED) {
        nd.trunc();
        return Ok(());
    }
    nd.s("mobile: ");
    let proto = be16(bp, 0)?;
    let crc = be16(bp, 2)?;
    let osp = proto & OSRC_PRES != 0;
    if osp {
        nd.s("[S] ");
        if nd.opts.verbose > 0 {
            nd.host4(&bp[8..12]);
            nd.s(" ");
        }
    } else {
        nd.s("[] ");
    }
    if nd.opts.verbose > 0 {
        nd.s("> ");
        nd.host4(&bp[4..8]);
        nd.s(" ");
        nd.f(format_args!("(oproto={})", proto >> 8));
    }
    // The checksum covers the header with the original source when there is one.
    let hdr = &bp[..if osp { MOBILE_CAPTURED } else { MOBILE_SIZE }];
    if ip::fold(ip::sum_words(0, hdr)) != 0 {
        nd.f(format_args!(" (bad checksum {crc})"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn header() {
        let h = "4500002000010000403766a40a0000010a0000020600fff10a0000030a000004";
        check(
            101,
            "-n -v",
            h.len() as u32 / 2,
            h,
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto Mobile IP (55), length 32)\
             \n    10.0.0.1 > 10.0.0.2: mobile: [] > 10.0.0.3 (oproto=6) (bad checksum 65521)",
        );
    }
}
