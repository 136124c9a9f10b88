//! RIPng, as tcpdump's print-ripng.c: requests and responses with their route entries.
use super::{Nd, Res, be16, sl, u8at};

/// The size of a route entry.
const ENTRY: usize = 20;

/// One route entry at `e`: prefix, tag and (in responses) metric.
fn entry(nd: &mut Nd<'_>, p: &[u8], e: usize, print_metric: bool) -> Res {
    let dest = sl(p, e, 16)?;
    let plen = u8at(p, e + 18)?;
    nd.host6(dest);
    nd.f(format_args!("/{plen}"));
    let tag = be16(p, e + 16)?;
    if tag != 0 {
        nd.f(format_args!(" [{tag}]"));
    }
    let metric = u8at(p, e + 19)?;
    if metric != 0 && print_metric {
        nd.f(format_args!(" ({metric})"));
    }
    Ok(())
}

/// Prints a RIPng packet (UDP port 521).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ripng";
    let vers = u8at(p, 1)?;
    if vers != 1 {
        nd.f(format_args!(" [vers {vers}]"));
        nd.invalid();
        return Ok(());
    }
    let cmd = u8at(p, 0)?;
    let name = match cmd {
        1 => "req",
        2 => "resp",
        _ => {
            nd.f(format_args!(" ripng-{cmd} ?? {length}"));
            nd.invalid();
            return Ok(());
        }
    };
    if length < 4 {
        nd.invalid();
        return Ok(());
    }
    let mut left = length - 4;
    let j = left / ENTRY;
    // A request for the whole table: one entry, ::/0 with an infinite metric.
    if cmd == 1 && j == 1 && u8at(p, 23)? == 16 && p[4..20].iter().all(|&b| b == 0) {
        nd.s(" ripng-req dump");
        return Ok(());
    }
    if j * ENTRY != left {
        nd.f(format_args!(" ripng-{name} {j}[{length}]:"));
    } else {
        nd.f(format_args!(" ripng-{name} {j}:"));
    }
    let mut e = 4;
    while left >= ENTRY {
        nd.s(if nd.opts.verbose > 1 { "\n\t" } else { " " });
        entry(nd, p, e, cmd == 2)?;
        left -= ENTRY;
        e += ENTRY;
    }
    if left != 0 {
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
        // hoobr_ripng_print.pcap #0
        (
            1,
            "-n",
            262144,
            "303030303030303030303030080045303030303000003011303030303030303030300209303000203030013030303030",
            "IP 48.48.48.48.521 > 48.48.48.48.12336:  [vers 48] (invalid)",
        ),
        // built #17
        (
            1,
            "-n -vv",
            87,
            "33330000000900010203040586dd60000000002111fffe800000000000000000000000000001ff020000000000000000000000000009020902090021000001010000000000000000000000000000000000000000301000",
            "IP6 (hlim 255, next-header UDP (17) payload length: 33) fe80::1.521 > ff02::9.521: [bad udp cksum 0x0000 -> 0xccfb!]  ripng-req dump",
        ),
        // built #391
        (
            1,
            "-n -vv",
            126,
            "33330000000900010203040586dd60000000004811fffe800000000000000000000000000001ff02000000000000000000000000000902090209004800000201000020010d",
            "IP6 (hlim 255, next-header UDP (17) payload length: 72) fe80::1.521 > ff02::9.521:  ripng-resp 3:\n\t [|ripng]",
        ),
        // built #319
        (
            1,
            "-n -vv",
            106,
            "33330000000900010203040586dd60000000003411fffe800000000000000000000000000001ff02000000000000000000000000000902090209003400000101000020010db80101010000000101ffffff01ffff400120010db8a5010001000000",
            "IP6 (hlim 255, next-header UDP (17) payload length: 52) fe80::1.521 > ff02::9.521:  ripng-req 2:\n\t2001:db8:101:100:0:101:ffff:ff01/64 [65535]\n\t [|ripng]",
        ),
        // built #92
        (
            1,
            "-n -vv",
            62,
            "33330000000900010203040586dd60000000000811fffe800000000000000000000000000001ff020000000000000000000000000009",
            "IP6 (hlim 255, next-header UDP (17) payload length: 8) fe80::1 > ff02::9:  [|udp]",
        ),
        // built #28
        (
            1,
            "-n -vv",
            93,
            "33330000000900010203040586dd60000000002711fffe800000000000000000000000000001ff02000000000000000000000000000902090209002700000301000020010db8ff01cf00ff0000b201f4ffff0000c810000000",
            "IP6 (hlim 255, next-header UDP (17) payload length: 39) fe80::1.521 > ff02::9.521:  ripng-3 ?? 31 (invalid)",
        ),
        // built #125
        (
            1,
            "-n -vv",
            82,
            "33330000000900010203040586dd60000000001c11fffe800000000000000000000000000001ff02000000000000000000000000000902090209001c00000102000020010db800ff00ff000101",
            "IP6 (hlim 255, next-header UDP (17) payload length: 28) fe80::1.521 > ff02::9.521:  [vers 2] (invalid)",
        ),
        // built #12
        (
            1,
            "-n -vv",
            89,
            "33330000000900010203040586dd60000000002311fffe800000000000000000000000000001ff0200000000000000000000000000090209020900230000010100002001",
            "IP6 (hlim 255, next-header UDP (17) payload length: 35) fe80::1.521 > ff02::9.521:  [|ripng]",
        ),
        // built #353
        (
            1,
            "-n",
            106,
            "33330000000900010203040586dd60000000003411fffe800000000000000000000000000001ff02000000000000000000000000000902090209003400000201000020010db8f1017f0050000000baffffffffff",
            "IP6 fe80::1.521 > ff02::9.521:  ripng-resp 2:  [|ripng]",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 62);

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in vec(pu8::ANY, 0..200), cmd in 0u8..4,
                                      v in 0u8..4) {
            let mut pkt = vec![cmd, 1, 0, 0];
            pkt.extend_from_slice(&body);
            print_with(229, &crate::test_pkt::ipv6(17, &crate::test_pkt::udp_to(521, &pkt)), v, false, false);
        }
    }
}
