//! CARP advertisements (IP protocol 112 with `-T carp`), as tcpdump's print-carp.c.
use super::ip::{fold, sum_words};
use super::{Nd, Res, be16, be64, has, u8at};

/// Prints a CARP message of `len` bytes, received with IP TTL (hop limit) `ttl`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize, ttl: u8) -> Res {
    nd.proto = "carp";
    let b0 = u8at(bp, 0)?;
    let (version, t) = (b0 >> 4, b0 & 0x0f);
    nd.f(format_args!(
        "CARPv{version}-{} {len}: ",
        if t == 1 { "advertise" } else { "unknown" }
    ));
    if ttl != 255 {
        nd.f(format_args!("[ttl={ttl}!] "));
    }
    if version != 2 || t != 1 {
        return Ok(());
    }
    let (vhid, advbase, advskew, authlen) =
        (u8at(bp, 1)?, u8at(bp, 5)?, u8at(bp, 2)?, u8at(bp, 3)?);
    nd.f(format_args!(
        "vhid={vhid} advbase={advbase} advskew={advskew} authlen={authlen} "
    ));
    if nd.opts.verbose > 0 && has(bp, 0, len) && fold(sum_words(0, &bp[..len])) != 0 {
        nd.f(format_args!(" (bad carp cksum {:x}!)", be16(bp, 6)?));
    }
    nd.f(format_args!("counter={}", be64(bp, 8)?));
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn carp_advertisement() {
        check(
            228,
            "-n -Tcarp",
            56,
            "4500003800000000ff700000c0000201e00000122101000701010000000000000000002a0102030405060708090a0b0c0d0e0f1011121314",
            "IP 192.0.2.1 > 224.0.0.18: CARPv2-advertise 36: vhid=1 advbase=1 advskew=0 authlen=7 counter=42",
        );
    }

    #[test]
    fn carp_advertisement_v() {
        check(
            228,
            "-n -v -Tcarp",
            56,
            "4500003800000000ff700000c0000201e00000122101000701010000000000000000002a0102030405060708090a0b0c0d0e0f1011121314",
            "IP (tos 0x0, ttl 255, id 0, offset 0, flags [none], proto VRRP (112), length 56, bad cksum 0 (->1942)!)\n    192.0.2.1 > 224.0.0.18: CARPv2-advertise 36: vhid=1 advbase=1 advskew=0 authlen=7  (bad carp cksum 0!)counter=42",
        );
    }

    #[test]
    fn carp_low_ttl() {
        check(
            228,
            "-n -Tcarp",
            56,
            "45000038000000000a700000c0000201e00000122101000701010000000000000000002a0102030405060708090a0b0c0d0e0f1011121314",
            "IP 192.0.2.1 > 224.0.0.18: CARPv2-advertise 36: [ttl=10!] vhid=1 advbase=1 advskew=0 authlen=7 counter=42",
        );
    }

    #[test]
    fn carp_truncated() {
        check(
            228,
            "-n -Tcarp",
            30,
            "4500003800000000ff700000c0000201e000001221010007010100000000",
            "IP truncated-ip - 26 bytes missing! 192.0.2.1 > 224.0.0.18: CARPv2-advertise 36: vhid=1 advbase=1 advskew=0 authlen=7  [|carp]",
        );
    }
}
