//! VRRP v2 and v3 advertisements, as tcpdump's print-vrrp.c.
use super::ip::{IpHdr, fold, sum_words};
use super::{Nd, Res, be16, has, sl, tail, u8at};

const AUTH_TYPES: &[(u32, &str)] = &[(0, "none"), (1, "simple"), (2, "ah")];

/// Prints a VRRP message of `len` bytes; `iph` is the IP header it came in.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize, iph: IpHdr<'_>) -> Res {
    nd.proto = "vrrp";
    nd.s("VRRP");
    let b0 = u8at(bp, 0)?;
    let (version, t) = (b0 >> 4, b0 & 0x0f);
    nd.f(format_args!("v{version}, "));
    if t == 1 {
        nd.s("Advertisement");
    } else {
        nd.f(format_args!("unknown type ({t})"));
    }
    let ttl = iph.ttl();
    if ttl != 255 {
        nd.f(format_args!(", (ttl {ttl})"));
    }
    if !(2..=3).contains(&version) || t != 1 {
        return Ok(());
    }
    let (vrid, prio) = (u8at(bp, 1)?, u8at(bp, 2)?);
    nd.f(format_args!(", vrid {vrid}, prio {prio}"));
    let mut auth_type = 0;
    if version == 2 {
        auth_type = u8at(bp, 4)?;
        nd.s(", authtype ");
        nd.tok2str(AUTH_TYPES, "#%d", u32::from(auth_type));
        nd.f(format_args!(", intvl {}s, length {len}", u8at(bp, 5)?));
    } else {
        let intvl = (u16::from(u8at(bp, 4)? & 0x0f) << 8) | u16::from(u8at(bp, 5)?);
        nd.f(format_args!(", intvl {intvl}cs, length {len}"));
    }
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let naddrs = u8at(bp, 3)?;
    if has(bp, 0, len) {
        // Version 3 sums a pseudo-header too.
        let start = if version == 3 {
            iph.pseudo(112, len)
        } else {
            0
        };
        if fold(sum_words(start, &bp[..len])) != 0 {
            nd.f(format_args!(", (bad vrrp cksum {:x})", be16(bp, 6)?));
        }
    }
    nd.s(", addrs");
    if naddrs > 1 {
        nd.f(format_args!("({naddrs})"));
    }
    nd.s(":");
    let alen = if iph.v6 { 16 } else { 4 };
    let mut sep = " ";
    let mut off = 8;
    for _ in 0..naddrs {
        let a = sl(bp, off, alen)?;
        nd.s(sep);
        if iph.v6 {
            nd.host6(a);
        } else {
            nd.host4(a);
        }
        off += alen;
        sep = ",";
    }
    if version == 2 && auth_type == 1 {
        nd.s(" auth \"");
        nd.printjnp(tail(bp, off), 8)?;
        nd.s("\"");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn vrrp_v2_simple_auth() {
        check(
            1,
            "-n -v",
            62,
            "01005e00001200005e00012a08004500003012340000ff70bebc0a00005be0000012212abf03010af11f0a042a010a042a020a042a036162636465666768",
            "IP (tos 0x0, ttl 255, id 4660, offset 0, flags [none], proto VRRP (112), length 48)\n    10.0.0.91 > 224.0.0.18: VRRPv2, Advertisement, vrid 42, prio 191, authtype simple, intvl 10s, length 28, addrs(3): 10.4.42.1,10.4.42.2,10.4.42.3 auth \"abcdefgh\"",
        );
    }

    #[test]
    fn vrrp_v2() {
        check(
            1,
            "-n",
            62,
            "01005e00001200005e00012a08004500003012340000ff70bebc0a00005be0000012212abf03010af11f0a042a010a042a020a042a036162636465666768",
            "IP 10.0.0.91 > 224.0.0.18: VRRPv2, Advertisement, vrid 42, prio 191, authtype simple, intvl 10s, length 28",
        );
    }

    #[test]
    fn vrrp_v3_v() {
        check(
            1,
            "-n -v",
            60,
            "01005e00001200005e00012c08004500002412340000ff70bec80a00005be0000012312cbf0203e8b3c60a042c640a042cc800000000000000000000",
            "IP (tos 0x0, ttl 255, id 4660, offset 0, flags [none], proto VRRP (112), length 36)\n    10.0.0.91 > 224.0.0.18: VRRPv3, Advertisement, vrid 44, prio 191, intvl 1000cs, length 16, addrs(2): 10.4.44.100,10.4.44.200",
        );
    }

    #[test]
    fn vrrp_v3_truncated_addrs() {
        check(
            1,
            "-n -v",
            54,
            "c0c1c0a09687ff8debff9b9d0800450200279d0fe0002370007efffb02943600001031ff110389000000000000000000030000000000",
            "IP (tos 0x2,ECT(0), ttl 35, id 40207, offset 0, flags [+, DF, rsvd], proto VRRP (112), length 39, bad cksum 7e (->e1b5)!)\n    255.251.2.148 > 54.0.0.16: VRRPv3, Advertisement, (ttl 35), vrid 255, prio 17, intvl 2304cs, length 19, (bad vrrp cksum 0), addrs(3): 0.0.0.0,0.0.3.0 [|vrrp]",
        );
    }

    #[test]
    fn vrrp_v3_ipv6_v() {
        check(
            229,
            "-n -v",
            64,
            "60000000001870fffe800000000000000000000000000001ff0200000000000000000000000000123101640100640000fe800000000000000000000000000001",
            "IP6 (hlim 255, next-header VRRP (112) payload length: 24) fe80::1 > ff02::12: VRRPv3, Advertisement, vrid 1, prio 100, intvl 100cs, length 24, (bad vrrp cksum 0), addrs: fe80::1",
        );
    }
}
