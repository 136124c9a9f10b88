//! IGMP v1/v2/v3 queries, reports and leaves, with mtrace and the DVMRP and PIMv1 hand-offs, as
//! tcpdump's print-igmp.c.
use super::ip::{fold, sum_words};
use super::{Nd, Res, be16, be24, be32, dvmrp, has, pim, sl, u8at};

/// IGMPv3 group record types.
pub(crate) const REPORT_TYPES: &[(u32, &str)] = &[
    (1, "is_in"),
    (2, "is_ex"),
    (3, "to_in"),
    (4, "to_ex"),
    (5, "allow"),
    (6, "block"),
];

/// Prints an IGMP message of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "igmp";
    if nd.opts.quiet {
        nd.s("igmp");
        return Ok(());
    }
    let t = u8at(bp, 0)?;
    match t {
        0x11 => {
            nd.s("igmp query");
            if len >= 12 {
                v3_query(nd, bp, len)?;
            } else {
                let mrt = u8at(bp, 1)?;
                if mrt != 0 {
                    nd.s(" v2");
                    if mrt != 100 {
                        nd.f(format_args!(" [max resp time {mrt}]"));
                    }
                } else {
                    nd.s(" v1");
                }
                if be32(bp, 4)? != 0 {
                    let a = sl(bp, 4, 4)?;
                    nd.s(" [gaddr ");
                    nd.host4(a);
                    nd.s("]");
                }
                if len != 8 {
                    nd.f(format_args!(" [len {len}]"));
                }
            }
        }
        0x12 => {
            let a = sl(bp, 4, 4)?;
            nd.s("igmp v1 report ");
            nd.host4(a);
            if len != 8 {
                nd.f(format_args!(" [len {len}]"));
            }
        }
        0x16 => {
            let a = sl(bp, 4, 4)?;
            nd.s("igmp v2 report ");
            nd.host4(a);
        }
        0x22 => {
            nd.s("igmp v3 report");
            v3_report(nd, bp, len)?;
        }
        0x17 => {
            let a = sl(bp, 4, 4)?;
            nd.s("igmp leave ");
            nd.host4(a);
        }
        0x13 => {
            nd.s("igmp dvmrp");
            if len < 8 {
                nd.f(format_args!(" [len {len}]"));
            } else {
                dvmrp::print(nd, bp, len)?;
            }
        }
        0x14 => {
            nd.s("igmp pimv1");
            pim::print_v1(nd, bp, len)?;
        }
        0x1e => mtrace(nd, "mresp", bp, len)?,
        0x1f => mtrace(nd, "mtrace", bp, len)?,
        _ => nd.f(format_args!("igmp-{t}")),
    }
    if nd.opts.verbose > 0 && len >= 4 && has(bp, 0, len) && fold(sum_words(0, &bp[..len])) != 0 {
        nd.f(format_args!(" bad igmp cksum {:x}!", be16(bp, 2)?));
    }
    Ok(())
}

/// A multicast traceroute query or response (its query part).
fn mtrace(nd: &mut Nd<'_>, name: &str, bp: &[u8], len: usize) -> Res {
    // The IGMP header, then source, destination, response address, TTL and query id.
    if len < 8 + 16 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let (qid, src, dst, raddr) = (be24(bp, 21)?, sl(bp, 8, 4)?, sl(bp, 12, 4)?, sl(bp, 16, 4)?);
    nd.f(format_args!("{name} {qid}: "));
    nd.host4(src);
    nd.s(" to ");
    nd.host4(dst);
    nd.s(" reply-to ");
    nd.host4(raddr);
    if be32(bp, 16)? & 0xf000_0000 == 0xe000_0000 {
        nd.f(format_args!(" with-ttl {}", u8at(bp, 20)?));
    }
    Ok(())
}

fn v3_report(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    if len < 16 || len & 3 != 0 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let ngroups = be16(bp, 6)?;
    nd.f(format_args!(", {ngroups} group record(s)"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let mut group = 8usize;
    for _ in 0..ngroups {
        if len < group + 8 {
            nd.s(" [invalid number of groups]");
            return Ok(());
        }
        let a = sl(bp, group + 4, 4)?;
        nd.s(" [gaddr ");
        nd.host4(a);
        nd.s(" ");
        nd.tok2str(
            REPORT_TYPES,
            " [v3-report-#%u]",
            u32::from(u8at(bp, group)?),
        );
        let nsrcs = be16(bp, group + 2)? as usize;
        if len < group + 8 + (nsrcs << 2) {
            nd.f(format_args!(" [invalid number of sources {nsrcs}]"));
            return Ok(());
        }
        if nd.opts.verbose == 1 {
            nd.f(format_args!(", {nsrcs} source(s)"));
        } else {
            nd.s(" {");
            for j in 0..nsrcs {
                let a = sl(bp, group + 8 + (j << 2), 4)?;
                nd.s(" ");
                nd.host4(a);
            }
            nd.s(" }");
        }
        group += 8 + (nsrcs << 2);
        nd.s("]");
    }
    Ok(())
}

fn v3_query(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.s(" v3");
    if len < 12 || len & 3 != 0 {
        nd.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let mrc = u32::from(u8at(bp, 1)?);
    let mrt = if mrc < 128 {
        mrc
    } else {
        ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3)
    };
    if mrc != 100 {
        nd.s(" [max resp time ");
        if mrt < 600 {
            nd.f(format_args!("{:.1}s", f64::from(mrt) * 0.1));
        } else {
            nd.unsigned_relts(mrt / 10);
        }
        nd.s("]");
    }
    if be32(bp, 4)? == 0 {
        return Ok(());
    }
    let a = sl(bp, 4, 4)?;
    nd.s(" [gaddr ");
    nd.host4(a);
    let nsrcs = be16(bp, 10)? as usize;
    if nsrcs > 0 {
        if len < 12 + (nsrcs << 2) {
            nd.s(" [invalid number of sources]");
        } else if nd.opts.verbose > 1 {
            nd.s(" {");
            for i in 0..nsrcs {
                let a = sl(bp, 12 + (i << 2), 4)?;
                nd.s(" ");
                nd.host4(a);
            }
            nd.s(" }");
        } else {
            nd.f(format_args!(", {nsrcs} source(s)"));
        }
    }
    nd.s("]");
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn igmp_v2_query() {
        check(
            1,
            "-n",
            60,
            "01005e000001001b1110261108004500001c655100000102b2e3c0a80102e00000011164ee9b00000000000000000000000000000000000000000000",
            "IP 192.168.1.2 > 224.0.0.1: igmp query v2",
        );
    }

    #[test]
    fn igmp_v2_query_v() {
        check(
            1,
            "-n -v",
            60,
            "01005e000001001b1110261108004500001c655100000102b2e3c0a80102e00000011164ee9b00000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 1, id 25937, offset 0, flags [none], proto IGMP (2), length 28)\n    192.168.1.2 > 224.0.0.1: igmp query v2",
        );
    }

    #[test]
    fn igmp_v3_report_vv() {
        check(
            101,
            "-n -vv",
            44,
            "4500002c0000000001020000c0a80102e0000016220000000000000104000002ef010203c0a80101c0a80102",
            "IP (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto IGMP (2), length 44, bad cksum 0 (->1810)!)\n    192.168.1.2 > 224.0.0.22: igmp v3 report, 1 group record(s) [gaddr 239.1.2.3 to_ex { 192.168.1.1 192.168.1.2 }] bad igmp cksum 0!",
        );
    }

    #[test]
    fn igmp_v3_report_v() {
        check(
            101,
            "-n -v",
            44,
            "4500002c0000000001020000c0a80102e0000016220000000000000104000002ef010203c0a80101c0a80102",
            "IP (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto IGMP (2), length 44, bad cksum 0 (->1810)!)\n    192.168.1.2 > 224.0.0.22: igmp v3 report, 1 group record(s) [gaddr 239.1.2.3 to_ex, 2 source(s)] bad igmp cksum 0!",
        );
    }

    #[test]
    fn igmp_v3_query_sources_vv() {
        check(
            101,
            "-n -vv",
            36,
            "450000280000000001020000c0a80102e0000001118a0000ef0102030200000201010101",
            "IP truncated-ip - 4 bytes missing! (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto IGMP (2), length 40, bad cksum 0 (->1829)!)\n    192.168.1.2 > 224.0.0.1: igmp query v3 [max resp time 20.8s] [gaddr 239.1.2.3 { 1.1.1.1 [|igmp]",
        );
    }

    #[test]
    fn dvmrp_neighbors2() {
        check(
            1,
            "-n",
            66,
            "c20032480000c20132480000080045c0003400b90000ff02ac4a020202020a0000011306768b004a040c0a000002010044010a0000010a000009010004010a00000a",
            "IP 2.2.2.2 > 10.0.0.1: igmp dvmrp Neighbors2 (v 12.4): [10.0.0.2 -> 10.0.0.1 (1/0/querier)] [10.0.0.9 -> 10.0.0.10 (1/0)]",
        );
    }

    #[test]
    fn dvmrp_probe_vv() {
        check(
            101,
            "-n -vv",
            36,
            "4500002400000000010200000a0000010a000002130100000000030c0000002a0a000005",
            "IP (tos 0x0, ttl 1, id 0, offset 0, flags [none], proto IGMP (2), length 36, bad cksum 0 (->a5d6)!)\n    10.0.0.1 > 10.0.0.2: igmp dvmrp Probe\n\tgenid 42\n\tneighbor 10.0.0.5 bad igmp cksum 0!",
        );
    }

    #[test]
    fn dvmrp_prune() {
        check(
            101,
            "-n",
            40,
            "4500002800000000010200000a0000010a000002130700000000030c0a0000050a00000600000e10",
            "IP 10.0.0.1 > 10.0.0.2: igmp dvmrp Prune src 10.0.0.5 grp 10.0.0.6 timer 1h",
        );
    }

    #[test]
    fn mtrace_query() {
        check(
            1,
            "-n",
            60,
            "c20332570000c2003248000108004500002c02f800004002adc20a000005ac1014011f2038a300000000ac102801ac101401ac102801400000070000",
            "IP 10.0.0.5 > 172.16.20.1: mtrace 7: 172.16.40.1 to 172.16.20.1 reply-to 172.16.40.1",
        );
    }

    #[test]
    fn igmp_truncated() {
        check(
            101,
            "-n",
            21,
            "4500002000000000010200000a0000010a00000212",
            "IP truncated-ip - 11 bytes missing! 10.0.0.1 > 10.0.0.2:  [|igmp]",
        );
    }
}
