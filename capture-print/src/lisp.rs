//! LISP control messages (RFC 6830, UDP port 4342), as tcpdump's print-lisp.c: the type of
//! every message, and the EID records and locators of Map-Register and Map-Notify.
use super::{Nd, Res, be16, be32, be64, has, sl, tail};

const TYPES: &[(u32, &str)] = &[
    (0, "LISP-Reserved"),
    (1, "LISP-Map-Request"),
    (2, "LISP-Map-Reply"),
    (3, "LISP-Map-Register"),
    (4, "LISP-Map-Notify"),
    (8, "LISP-Encapsulated-Contol-Message"),
];

const REGISTER_FLAGS: &[(u32, &str)] = &[
    (0x0800_0000, "P-Proxy-Map-Reply"),
    (0x0400_0000, "S-LISP-SEC-Capable"),
    (0x0200_0000, "I-xTR-ID-Present"),
    (0x0100_0000, "R-Build-For-RTR"),
    (0x0000_0100, "M-Want-Map-Notify"),
];

const NOTIFY_FLAGS: &[(u32, &str)] = &[
    (0x0800_0000, "I-xTR-ID-Present"),
    (0x0400_0000, "R-Build-For-RTR"),
];

const AUTH_TYPES: &[(u32, &str)] = &[(0, "None"), (1, "SHA1"), (2, "SHA256")];

const EID_ACTIONS: &[(u32, &str)] = &[
    (0, "No-Action"),
    (1, "Natively-Forward"),
    (2, "Send-Map-Request"),
    (3, "Drop"),
];

const LOCATOR_FLAGS: &[(u32, &str)] = &[
    (0x0004, "Local-Locator"),
    (0x0002, "RLoc-Probed"),
    (0x0001, "Reachable"),
];

/// The fixed header of Map-Register and Map-Notify.
const HDR_LEN: u16 = 16;
/// An EID record before its prefix.
const EID_LEN: u16 = 12;
/// A locator before its address.
const LOC_LEN: u16 = 8;

/// Prints a LISP control message of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "lisp";
    if !has(bp, 0, usize::from(HDR_LEN)) {
        return nd.trunc_here();
    }
    let t = bp[0] >> 4;
    nd.tok2str(TYPES, "unknown-type-%u", u32::from(t));
    nd.s(",");
    if nd.opts.verbose > 0 {
        match t {
            3 => {
                nd.s(" flags [");
                nd.bittok2str(REGISTER_FLAGS, "none", be32(bp, 0)?);
                nd.s("],");
            }
            4 => {
                nd.s(" flags [");
                nd.bittok2str(NOTIFY_FLAGS, "none", be32(bp, 0)?);
                nd.s("],");
            }
            _ => {}
        }
    }
    if t != 3 && t != 4 {
        return Ok(());
    }
    let xtr_present = if t == 3 {
        bp[0] & 2 != 0
    } else {
        bp[0] & 8 != 0
    };
    let auth_len = be16(bp, 14)?;
    let mut records = bp[3];
    // tcpdump keeps the offset in 16 bits.
    let mut off = HDR_LEN;
    let v = nd.opts.verbose > 0;
    if v {
        nd.f(format_args!("\n    {records} record(s), "));
        nd.s("Authentication ");
        nd.tok2str(AUTH_TYPES, "unknown-type", u32::from(be16(bp, 12)?));
        nd.s(",");
        nd.hex_print_len(
            "\n    Authentication-Data: ",
            tail(bp, usize::from(off)),
            usize::from(auth_len),
        )?;
    } else {
        nd.f(format_args!(" {records} record(s),"));
    }
    off = off.wrapping_add(auth_len);
    if records == 0 {
        nd.invalid();
        return Ok(());
    }
    while length > usize::from(off) && records != 0 {
        records -= 1;
        let e = usize::from(off);
        if !has(bp, e, usize::from(EID_LEN)) {
            return nd.trunc_here();
        }
        nd.s("\n");
        off = off.wrapping_add(EID_LEN);
        let (loc_count, mask_len, flags) = (bp[e + 4], bp[e + 5], bp[e + 6]);
        let afi = be16(bp, e + 10)?;
        if v {
            nd.f(format_args!("      Record TTL {},", be32(bp, e)?));
            nd.s(if (flags >> 4) & 1 != 0 {
                " Authoritative,"
            } else {
                " Non-Authoritative,"
            });
            nd.s(" ");
            nd.tok2str(EID_ACTIONS, "unknown", u32::from(flags >> 5));
            nd.f(format_args!(
                ", Map Version: {},",
                be16(bp, e + 8)? & 0x0fff
            ));
        }
        let p = usize::from(off);
        match afi {
            1 => {
                let a = sl(bp, p, 4)?;
                nd.s(" EID ");
                nd.host4(a);
                off = off.wrapping_add(4);
            }
            2 => {
                let a = sl(bp, p, 16)?;
                nd.s(" EID ");
                nd.host6(a);
                off = off.wrapping_add(16);
            }
            // Address families such as LCAF are not decoded.
            _ => return Ok(()),
        }
        nd.f(format_args!("/{mask_len}, {loc_count} locator(s)"));
        for _ in 0..loc_count {
            let l = usize::from(off);
            if !has(bp, l, usize::from(LOC_LEN)) {
                return nd.trunc_here();
            }
            off = off.wrapping_add(LOC_LEN);
            let loc_afi = be16(bp, l + 6)?;
            if v {
                nd.s("\n       ");
            }
            let p = usize::from(off);
            match loc_afi {
                1 => {
                    if !has(bp, p, 4) {
                        return nd.trunc_here();
                    }
                    nd.s(" LOC ");
                    nd.host4(sl(bp, l + 8, 4)?);
                    off = off.wrapping_add(4);
                }
                2 => {
                    if !has(bp, p, 16) {
                        return nd.trunc_here();
                    }
                    nd.s(" LOC ");
                    nd.host6(sl(bp, l + 8, 16)?);
                    off = off.wrapping_add(16);
                }
                _ => {}
            }
            if v {
                nd.f(format_args!(
                    "\n          Priority/Weight {}/{}, Multicast Priority/Weight {}/{},",
                    bp[l],
                    bp[l + 1],
                    bp[l + 2],
                    bp[l + 3]
                ));
                nd.s(" flags [");
                nd.bittok2str(LOCATOR_FLAGS, "none", u32::from(be16(bp, l + 4)?));
                nd.s("],");
            }
        }
    }
    let p = usize::from(off);
    if xtr_present {
        if !has(bp, p, 24) {
            nd.invalid();
            return Ok(());
        }
        nd.hex_print_len("\n    xTR-ID: ", &bp[p..], 16)?;
        nd.f(format_args!("\n    SITE-ID: {}", be64(bp, p + 16)?));
    } else if p < bp.len() {
        nd.hex_print("\n    Data: ", &bp[p..]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn lisp_register_ipv6_eids_v() {
        check(
            1,
            "-n -v",
            158,
            "ffffffffffff0000000000000800450000900001000040113a4ac0a800697f00000110f610f6007c466240000102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6000005a0015010000000000220010db885a3000000008a2e037073340164016400000001141408fd000005a0015010000000000220010db895a3000000008a2e037073340164016400000001141408fb",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 144)\n    192.168.0.105.4342 > 127.0.0.1.4342: LISP-Map-Notify, flags [none],\n    2 record(s), Authentication SHA1,\n    Authentication-Data: 0x0000:  4bbb 9614 a67a 8604 0407 7995 4537 1906\n    Authentication-Data: 0x0010:  836c d1d6\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 2001:db8:85a3::8a2e:370:7334/80, 1 locator(s)\n        LOC 20.20.8.253\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 2001:db8:95a3::8a2e:370:7334/80, 1 locator(s)\n        LOC 20.20.8.251\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],",
        );
    }

    #[test]
    fn lisp_register_ipv6_eids() {
        check(
            1,
            "-n",
            158,
            "ffffffffffff0000000000000800450000900001000040113a4ac0a800697f00000110f610f6007c466240000102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6000005a0015010000000000220010db885a3000000008a2e037073340164016400000001141408fd000005a0015010000000000220010db895a3000000008a2e037073340164016400000001141408fb",
            "IP 192.168.0.105.4342 > 127.0.0.1.4342: LISP-Map-Notify, 2 record(s),\n EID 2001:db8:85a3::8a2e:370:7334/80, 1 locator(s) LOC 20.20.8.253\n EID 2001:db8:95a3::8a2e:370:7334/80, 1 locator(s) LOC 20.20.8.251",
        );
    }

    #[test]
    fn lisp_notify_xtr_v() {
        check(
            1,
            "-n -v",
            170,
            "ffffffffffff00000000000008004500009c0001000040113a3ec0a800697f00000110f610f60088cc6132001102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6000005a001201000000000010a1e01640164016400000001141408fd000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc9787ad753caf58a713fa6920e6d27a8f0000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 156)\n    192.168.0.105.4342 > 127.0.0.1.4342: LISP-Map-Register, flags [I-xTR-ID-Present, M-Want-Map-Notify],\n    2 record(s), Authentication SHA1,\n    Authentication-Data: 0x0000:  4bbb 9614 a67a 8604 0407 7995 4537 1906\n    Authentication-Data: 0x0010:  836c d1d6\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 10.30.1.100/32, 1 locator(s)\n        LOC 20.20.8.253\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 10.30.1.96/32, 2 locator(s)\n        LOC 20.20.8.251\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n        LOC 20.20.8.252\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n    xTR-ID: 0x0000:  9787 ad75 3caf 58a7 13fa 6920 e6d2 7a8f\n    SITE-ID: 0",
        );
    }

    #[test]
    fn lisp_notify_xtr() {
        check(
            1,
            "-n",
            170,
            "ffffffffffff00000000000008004500009c0001000040113a3ec0a800697f00000110f610f60088cc6132001102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6000005a001201000000000010a1e01640164016400000001141408fd000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc9787ad753caf58a713fa6920e6d27a8f0000000000000000",
            "IP 192.168.0.105.4342 > 127.0.0.1.4342: LISP-Map-Register, 2 record(s),\n EID 10.30.1.100/32, 1 locator(s) LOC 20.20.8.253\n EID 10.30.1.96/32, 2 locator(s) LOC 20.20.8.251 LOC 20.20.8.252\n    xTR-ID: 0x0000:  9787 ad75 3caf 58a7 13fa 6920 e6d2 7a8f\n    SITE-ID: 0",
        );
    }

    #[test]
    fn lisp_register_three_records_v() {
        check(
            1,
            "-n -v",
            174,
            "ffffffffffff0000000000000800450000a00001000040113a3ac0a800697f00000110f610f6008c452e40000103c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6000005a001201000000000010a1e01640164016400000001141408fd000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc000005a001201000000000010a1e01500164016400000001141408ef",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 160)\n    192.168.0.105.4342 > 127.0.0.1.4342: LISP-Map-Notify, flags [none],\n    3 record(s), Authentication SHA1,\n    Authentication-Data: 0x0000:  4bbb 9614 a67a 8604 0407 7995 4537 1906\n    Authentication-Data: 0x0010:  836c d1d6\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 10.30.1.100/32, 1 locator(s)\n        LOC 20.20.8.253\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 10.30.1.96/32, 2 locator(s)\n        LOC 20.20.8.251\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n        LOC 20.20.8.252\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 10.30.1.80/32, 1 locator(s)\n        LOC 20.20.8.239\n          Priority/Weight 1/100, Multicast Priority/Weight 1/100, flags [none],",
        );
    }

    #[test]
    fn lisp_register_truncated_v() {
        check(
            1,
            "-n -v",
            100,
            "ffffffffffff0000000000000800450000a00001000040113a3ac0a800697f00000110f610f6008c452e40000103c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6000005a001201000000000010a1e0164016401640000",
            "IP truncated-ip - 74 bytes missing! (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 160)\n    192.168.0.105.4342 > 127.0.0.1.4342: LISP-Map-Notify, flags [none],\n    3 record(s), Authentication SHA1,\n    Authentication-Data: 0x0000:  4bbb 9614 a67a 8604 0407 7995 4537 1906\n    Authentication-Data: 0x0010:  836c d1d6\n      Record TTL 1440, Authoritative, No-Action, Map Version: 0, EID 10.30.1.100/32, 1 locator(s) [|lisp]",
        );
    }

    #[test]
    fn lisp_map_request() {
        check(
            1,
            "-n -v",
            58,
            "ffffffffffff0000000000000800450000280001000040113a4ac0a800697f00000110f610f60014000010000001000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 40, bad cksum 3a4a (->3ab2)!)\n    192.168.0.105.4342 > 127.0.0.1.4342:  [|lisp]",
        );
    }
}
