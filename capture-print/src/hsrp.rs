//! Cisco's Hot Standby Router Protocol (UDP port 1985), as tcpdump's print-hsrp.c.
use super::{Nd, Res, sl, tail, u8at};

const STATES: &[(u32, &str)] = &[
    (0, "initial"),
    (1, "learn"),
    (2, "listen"),
    (4, "speak"),
    (8, "standby"),
    (16, "active"),
];

/// Prints an HSRP message of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "hsrp";
    let version = u8at(bp, 0)?;
    nd.f(format_args!("HSRPv{version}"));
    if version != 0 {
        return Ok(());
    }
    nd.s("-");
    match u8at(bp, 1)? {
        0 => nd.s("hello "),
        1 => nd.s("coup "),
        2 => nd.s("resign "),
        op => nd.f(format_args!("unknown ({op}) ")),
    }
    nd.f(format_args!("{len}: "));
    let state = u8at(bp, 2)?;
    nd.s("state=");
    nd.tok2str(STATES, "Unknown (%u)", u32::from(state));
    nd.s(" ");
    nd.f(format_args!("group={} ", u8at(bp, 6)?));
    let reserved = u8at(bp, 7)?;
    if reserved != 0 {
        nd.f(format_args!("[reserved={reserved}!] "));
    }
    let addr = sl(bp, 16, 4)?;
    nd.s("addr=");
    nd.host4(addr);
    if nd.opts.verbose > 0 {
        nd.s(" hellotime=");
        nd.unsigned_relts(u32::from(u8at(bp, 3)?));
        nd.s(" holdtime=");
        nd.unsigned_relts(u32::from(u8at(bp, 4)?));
        nd.f(format_args!(" priority={}", u8at(bp, 5)?));
        nd.s(" auth=\"");
        nd.printjnp(tail(bp, 8), 8)?;
        nd.s("\"");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn hsrp_hello() {
        check(
            1,
            "-n",
            62,
            "01005e00000200000c07ac01080045c000300000000001111835c0a8001ee000000207c107c1001c2d8d000010030a640100636973636f000000c0a80001",
            "IP 192.168.0.30.1985 > 224.0.0.2.1985: HSRPv0-hello 20: state=active group=1 addr=192.168.0.1",
        );
    }

    #[test]
    fn hsrp_hello_v() {
        check(
            1,
            "-n -v",
            62,
            "01005e00000200000c07ac01080045c000300000000001111835c0a8001ee000000207c107c1001c2d8d000010030a640100636973636f000000c0a80001",
            "IP (tos 0xc0, ttl 1, id 0, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.0.30.1985 > 224.0.0.2.1985: HSRPv0-hello 20: state=active group=1 addr=192.168.0.1 hellotime=3s holdtime=10s priority=100 auth=\"cisco\"",
        );
    }

    #[test]
    fn hsrp_truncated() {
        check(
            1,
            "-n -v",
            53,
            "01005e00000200000c07ac01080045c000300000000001111835c0a8001ee000000207c107c1001c2d8d000010030a640100636973",
            "IP truncated-ip - 9 bytes missing! (tos 0xc0, ttl 1, id 0, offset 0, flags [none], proto UDP (17), length 48)\n    192.168.0.30.1985 > 224.0.0.2.1985: HSRPv0-hello 20: state=active group=1  [|hsrp]",
        );
    }
}
