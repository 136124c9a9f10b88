//! Cisco IGRP, as tcpdump's print-igrp.c: the header and the interior, system and exterior
//! route entries.
use super::util::{Tok, tok2str};
use super::{Nd, Res, be16, be24, u8at};

const OP_VALUES: &Tok = &[(1, "update"), (2, "request")];

/// The size of a route entry.
const RTE_SIZE: u32 = 14;

/// The metrics of the route entry at `e`.
fn entry(nd: &mut Nd<'_>, p: &[u8], e: usize) -> Res {
    let delay = be24(p, e + 3)?;
    let bandwidth = be24(p, e + 6)?;
    let metric = (bandwidth + delay).min(0xff_ffff);
    let mtu = be16(p, e + 9)?;
    nd.f(format_args!(
        " d={} b={} r={} l={} M={metric} mtu={mtu} in {} hops",
        10u32.wrapping_mul(delay),
        10_000_000u32.checked_div(bandwidth).unwrap_or(0),
        u8at(p, e + 11)?,
        u8at(p, e + 12)?,
        u8at(p, e + 13)?
    ));
    Ok(())
}

/// Prints an IGRP packet (IP protocol 9).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "igrp";
    nd.s("igrp:");
    let mut nint = be16(p, 4)?;
    let mut nsys = be16(p, 6)?;
    let mut next = be16(p, 8)?;
    let vop = u8at(p, 0)?;
    nd.f(format_args!(
        " {} V{} edit={} AS={} ({nint}/{nsys}/{next})",
        tok2str(OP_VALUES, "op-#%u", (vop & 0x0f).into()),
        vop >> 4,
        u8at(p, 1)?,
        be16(p, 2)?
    ));
    let cksum = be16(p, 10)?;
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" checksum=0x{cksum:04x}"));
    }
    // tcpdump's count is unsigned: a length short of the header wraps and the walk goes on
    // until the captured data ends.
    let mut length = (length as u32).wrapping_sub(12);
    let mut e = 12;
    while length >= RTE_SIZE {
        let net = [u8at(p, e)?, u8at(p, e + 1)?, u8at(p, e + 2)?];
        let (lead, count, tail) = if nint > 0 {
            (" *.", &mut nint, "")
        } else if nsys > 0 {
            (" ", &mut nsys, ".0")
        } else if next > 0 {
            (" X", &mut next, ".0")
        } else {
            nd.f(format_args!(" [extra bytes {length}]"));
            break;
        };
        nd.f(format_args!("{lead}{}.{}.{}{tail}", net[0], net[1], net[2]));
        *count -= 1;
        entry(nd, p, e)?;
        e += RTE_SIZE as usize;
        length -= RTE_SIZE;
    }
    if nint != 0 || nsys != 0 || next != 0 || length != 0 {
        nd.invalid();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::print_with;
    use proptest::collection::vec;
    use proptest::num::u8 as pu8;

    /// Packets (link type, flags, length on the wire, bytes) and what tcpdump 4.99.3 prints for
    /// them with `-t`.
    const CASES: &[(i32, &str, u32, &str, &str)] = &[
        // igrp-oobr.pcap #0
        (
            1,
            "-n -v",
            262144,
            "30303030303030303030303008004530303030300000300930303030303030303030028e3030303030300230303030303030303030303030303030303030",
            "IP (tos 0x30, ttl 48, id 12336, offset 0, flags [none], proto IGRP (9), length 12336, bad cksum 3030 (->69a5)!)\n    48.48.48.48 > 48.48.48.48: igrp: request V0 edit=142 AS=12336 (12336/12336/560) checksum=0x3030 *.48.48.48 d=31580640 b=3 r=48 l=48 M=6316128 mtu=12336 in 48 hops [|igrp]",
        ),
        // built #154
        (
            1,
            "-n -v",
            59,
            "01005e00000a00010203040508004500002d00010000400990bc0a000001e000000a11ff4dfb000300000003",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGRP (9), length 45)\n    10.0.0.1 > 224.0.0.10: igrp: update V1 edit=255 AS=19963 (3/0/3) [|igrp]",
        ),
        // built #141
        (
            1,
            "-n -v",
            60,
            "01005e00000a00010203040508004500002e00010000400990bb0a000001e000000a120030cb00010002000200",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGRP (9), length 46)\n    10.0.0.1 > 224.0.0.10: igrp: request V1 edit=0 AS=12491 (1/2/2) [|igrp]",
        ),
        // built #134
        (
            1,
            "-n -v",
            88,
            "01005e00000a00010203040508004500004a000100004009909f0a000001e000000a11000de40000000000000000000200000200ff02000400ff020200ff02ff02020202007b000000ff0101010000020037020000210100",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGRP (9), length 74)\n    10.0.0.1 > 224.0.0.10: igrp: update V1 edit=0 AS=3556 (0/0/0) checksum=0x0000 [extra bytes 42] (invalid)",
        ),
        // built #190
        (
            1,
            "-n -v",
            60,
            "01005e00000a00010203040508004500002e00010000400990bb0a000001e000000a1336fffe0000000000020000010000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGRP (9), length 46)\n    10.0.0.1 > 224.0.0.10: igrp: op-#3 V1 edit=54 AS=65534 (0/0/2) checksum=0x0000 X1.0.0.0 [|igrp]",
        ),
        // built #282
        (
            1,
            "-n -v",
            74,
            "01005e00000a00010203040508004500003c00010000400990ad0a000001e000000a1351d8ed00030001000100000001000002d00201",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGRP (9), length 60)\n    10.0.0.1 > 224.0.0.10: igrp: op-#3 V1 edit=81 AS=55533 (3/1/1) checksum=0x0000 *.0.1.0 [|igrp]",
        ),
        // built #84
        (
            1,
            "-n -v",
            46,
            "01005e00000a00010203040508004500002000010000400990c90a000001e000000a110410500001000000010000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto IGRP (9), length 32)\n    10.0.0.1 > 224.0.0.10: igrp: update V1 edit=4 AS=4176 (1/0/1) checksum=0x0000 (invalid)",
        ),
        // built #84
        (
            1,
            "-n",
            46,
            "01005e00000a00010203040508004500002000010000400990c90a000001e000000a110410500001000000010000",
            "IP 10.0.0.1 > 224.0.0.10: igrp: update V1 edit=4 AS=4176 (1/0/1) (invalid)",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 34);

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in vec(pu8::ANY, 0..200), v in 0u8..4) {
            print_with(228, &crate::test_pkt::ipv4(9, &body), v, false, false);
        }
    }
}
