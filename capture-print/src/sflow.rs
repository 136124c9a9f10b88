//! sFlow version 5 (UDP 6343), as tcpdump's print-sflow.c: the datagram header, and with `-v`
//! every flow and counter sample and the records tcpdump decodes.
use super::{Nd, Res, Trunc, be24, be32, be64, has, sl, tail, tok, u8at};

const FORMATS: &[(u32, &str)] = &[
    (1, "flow sample"),
    (2, "counter sample"),
    (3, "expanded flow sample"),
    (4, "expanded counter sample"),
];

const FLOW_TYPES: &[(u32, &str)] = &[
    (1, "Raw packet"),
    (2, "Ethernet frame"),
    (3, "IPv4 Data"),
    (4, "IPv6 Data"),
    (1001, "Extended Switch data"),
    (1002, "Extended Router data"),
    (1003, "Extended Gateway data"),
    (1004, "Extended User data"),
    (1005, "Extended URL data"),
    (1006, "Extended MPLS data"),
    (1007, "Extended NAT data"),
    (1008, "Extended MPLS tunnel"),
    (1009, "Extended MPLS VC"),
    (1010, "Extended MPLS FEC"),
    (1011, "Extended MPLS LVP FEC"),
    (1012, "Extended VLAN Tunnel"),
];

const RAW_PROTOCOLS: &[(u32, &str)] = &[(1, "Ethernet"), (11, "IPv4"), (12, "IPv6")];

const COUNTER_TYPES: &[(u32, &str)] = &[
    (1, "Generic counter"),
    (2, "Ethernet counter"),
    (3, "Token ring counter"),
    (4, "100 BaseVG counter"),
    (5, "Vlan counter"),
    (1001, "Processor counter"),
];

const DIRECTIONS: &[(u32, &str)] = &[
    (0, "unknown"),
    (1, "full-duplex"),
    (2, "half-duplex"),
    (3, "in"),
    (4, "out"),
];

/// A sample or record was too short for its fields: tcpdump's `invalid:`.
struct Invalid;

/// A printer's outcome: done, too short (`Err(Invalid)`), or the data ended (`Trunc`).
type R = Res<Result<(), Invalid>>;

/// Prints an sFlow datagram of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "sflow";
    let len = len as u32;
    let ip_version = be32(p, 4)?;
    if (len < 28 && ip_version == 1) || (len < 40 && ip_version == 2) {
        nd.f(format_args!("sFlowv{}", be32(p, 0)?));
        nd.f(format_args!(" [length {len} < 28]"));
        nd.invalid();
        return Ok(());
    }
    sl(p, 0, 28)?;
    let version = be32(p, 0)?;
    if version != 5 {
        nd.f(format_args!("sFlow version {version} packet not supported"));
        return Ok(());
    }
    let v4 = ip_version == 1;
    // The fields after the agent's address.
    let rest = if v4 { 12 } else { 24 };
    let agent = sl(p, 8, if v4 { 4 } else { 16 })?;
    let family = if v4 { "IPv4" } else { "IPv6" };
    if nd.opts.verbose < 1 {
        let agent_id = be32(p, rest)?;
        nd.f(format_args!("sFlowv{version}, {family} agent "));
        nd.host(agent);
        nd.f(format_args!(", agent-id {agent_id}, length {len}"));
        return Ok(());
    }
    let nsamples = be32(p, rest + 12)?;
    let (agent_id, seq, uptime) = (be32(p, rest)?, be32(p, rest + 4)?, be32(p, rest + 8)?);
    nd.f(format_args!("sFlowv{version}, {family} agent "));
    nd.host(agent);
    nd.f(format_args!(
        ", agent-id {agent_id}, seqnum {seq}, uptime {uptime}, samples {nsamples}, length {len}"
    ));
    let hdr = rest as u32 + 16;
    if len < hdr {
        nd.f(format_args!(" [tlen {len} < {hdr}]"));
        return nd.invalid_rest(p, 0, len as usize);
    }
    let mut pos = hdr as usize;
    let mut tlen = len - hdr;
    let mut nsamples = nsamples;
    while nsamples > 0 && tlen > 0 {
        let ty = be32(p, pos)? & 0x0fff;
        let slen = be32(p, pos + 4)?;
        if tlen < 8 {
            return nd.invalid_rest(tail(p, pos), 0, tlen as usize);
        }
        pos += 8;
        tlen -= 8;
        nd.f(format_args!(
            "\n\t{} ({ty}), length {slen},",
            tok(FORMATS, ty).unwrap_or("Unknown")
        ));
        if ty == 0 || slen == 0 {
            return Ok(());
        }
        if tlen < slen {
            return nd.invalid_rest(tail(p, pos), 0, tlen as usize);
        }
        let s = tail(p, pos);
        if !has(s, 0, slen as usize) {
            return Err(Trunc);
        }
        let r = match ty {
            1 => flow_sample(nd, s, tlen, false)?,
            2 => counter_sample(nd, s, tlen, false)?,
            3 => flow_sample(nd, s, tlen, true)?,
            4 => counter_sample(nd, s, tlen, true)?,
            _ => {
                if nd.opts.verbose <= 1 {
                    unknown_data(nd, p, pos, "\n\t    ", slen);
                }
                Ok(())
            }
        };
        if r.is_err() {
            return nd.invalid_rest(s, 0, tlen as usize);
        }
        pos += slen as usize;
        tlen -= slen;
        nsamples -= 1;
    }
    Ok(())
}

/// tcpdump's `print_unknown_data` at `pos` of `p`, which may be past the captured bytes.
fn unknown_data(nd: &mut Nd<'_>, p: &[u8], pos: usize, ident: &str, len: u32) {
    match p.get(pos..) {
        Some(d) => nd.print_unknown_data(d, ident, len as usize),
        None => {
            nd.s(ident);
            nd.s("Dissector error: print_unknown_data called with pointer past end of packet");
        }
    }
}

/// A flow sample (expanded or not) and its records; `len` is what is left of the datagram.
fn flow_sample(nd: &mut Nd<'_>, b: &[u8], len: u32, expanded: bool) -> R {
    let size = if expanded { 44 } else { 32 };
    if len < size {
        return Ok(Err(Invalid));
    }
    let n = be32(b, size as usize - 4)?;
    if expanded {
        nd.f(format_args!(
            " seqnum {}, type {}, idx {}, rate {}, pool {}, drops {}, records {n}",
            be32(b, 0)?,
            be32(b, 4)?,
            be32(b, 8)?,
            be32(b, 12)?,
            be32(b, 16)?,
            be32(b, 20)?
        ));
    } else {
        nd.f(format_args!(
            " seqnum {}, type {}, idx {}, rate {}, pool {}, drops {}, input {} output {} records {n}",
            be32(b, 0)?,
            u8at(b, 4)?,
            be24(b, 5)?,
            be32(b, 8)?,
            be32(b, 12)?,
            be32(b, 16)?,
            be32(b, 20)?,
            be32(b, 24)?
        ));
    }
    flow_records(nd, b, size as usize, len - size, n)
}

/// A counter sample (expanded or not) and its records.
fn counter_sample(nd: &mut Nd<'_>, b: &[u8], len: u32, expanded: bool) -> R {
    let size = if expanded { 16 } else { 12 };
    if len < size {
        return Ok(Err(Invalid));
    }
    let n = be32(b, size as usize - 4)?;
    let (ty, idx) = if expanded {
        (be32(b, 4)?, be32(b, 8)?)
    } else {
        (u32::from(u8at(b, 4)?), be24(b, 5)?)
    };
    nd.f(format_args!(
        " seqnum {}, type {ty}, idx {idx}, records {n}",
        be32(b, 0)?
    ));
    counter_records(nd, b, size as usize, len - size, n)
}

/// The `n` flow records from `pos`, within `tlen` bytes.
fn flow_records(nd: &mut Nd<'_>, b: &[u8], mut pos: usize, mut tlen: u32, n: u32) -> R {
    for _ in 0..n {
        if tlen < 8 {
            return Ok(Err(Invalid));
        }
        let format = be32(b, pos)?;
        let ty = format & 0x0fff;
        let enterprise = format >> 12;
        let flen = be32(b, pos + 4)?;
        let name = if enterprise == 0 {
            tok(FLOW_TYPES, ty).unwrap_or("Unknown")
        } else {
            "Unknown"
        };
        nd.f(format_args!(
            "\n\t    enterprise {enterprise} {name} ({ty}) length {flen}"
        ));
        pos += 8;
        tlen -= 8;
        if tlen < flen {
            return Ok(Err(Invalid));
        }
        if enterprise == 0 {
            let r = tail(b, pos);
            match ty {
                1 => {
                    if tlen < 16 {
                        return Ok(Err(Invalid));
                    }
                    let proto = be32(r, 0)?;
                    nd.f(format_args!(
                        "\n\t      protocol {} ({proto}), length {}, stripped bytes {}, header_size {}",
                        tok(RAW_PROTOCOLS, proto).unwrap_or("Unknown"),
                        be32(r, 4)?,
                        be32(r, 8)?,
                        be32(r, 12)?
                    ));
                }
                1001 => {
                    if tlen < 16 {
                        return Ok(Err(Invalid));
                    }
                    nd.f(format_args!(
                        "\n\t      src vlan {}, src pri {}, dst vlan {}, dst pri {}",
                        be32(r, 0)?,
                        be32(r, 4)?,
                        be32(r, 8)?,
                        be32(r, 12)?
                    ));
                }
                2 => {
                    if tlen < 24 {
                        return Ok(Err(Invalid));
                    }
                    nd.f(format_args!(
                        "\n\t      frame len {}, type {}",
                        be32(r, 0)?,
                        be32(r, 20)?
                    ));
                }
                3 | 4 | 1002..=1012 => {}
                _ => {
                    if nd.opts.verbose <= 1 {
                        unknown_data(nd, b, pos, "\n\t\t", flen);
                    }
                }
            }
        }
        pos += flen as usize;
        tlen -= flen;
    }
    Ok(Ok(()))
}

/// The `n` counter records from `pos`, within `tlen` bytes.
fn counter_records(nd: &mut Nd<'_>, b: &[u8], mut pos: usize, mut tlen: u32, n: u32) -> R {
    for _ in 0..n {
        if tlen < 8 {
            return Ok(Err(Invalid));
        }
        let format = be32(b, pos)?;
        let ty = format & 0x0fff;
        let enterprise = format >> 20;
        let clen = be32(b, pos + 4)?;
        let name = if enterprise == 0 {
            tok(COUNTER_TYPES, ty).unwrap_or("Unknown")
        } else {
            "Unknown"
        };
        nd.f(format_args!(
            "\n\t    enterprise {enterprise}, {name} ({ty}) length {clen}"
        ));
        pos += 8;
        tlen -= 8;
        if tlen < clen {
            return Ok(Err(Invalid));
        }
        if enterprise == 0 {
            let r = tail(b, pos);
            let ok = match ty {
                1 => generic(nd, r, tlen)?,
                2 => ethernet(nd, r, tlen)?,
                3 => true,
                4 => basevg(nd, r, tlen)?,
                5 => vlan(nd, r, tlen)?,
                1001 => processor(nd, r, tlen)?,
                _ => {
                    if nd.opts.verbose <= 1 {
                        unknown_data(nd, b, pos, "\n\t\t", clen);
                    }
                    true
                }
            };
            if !ok {
                return Ok(Err(Invalid));
            }
        }
        pos += clen as usize;
        tlen -= clen;
    }
    Ok(Ok(()))
}

/// The generic interface counters; false when the record is too short.
fn generic(nd: &mut Nd<'_>, r: &[u8], len: u32) -> Res<bool> {
    if len < 88 {
        return Ok(false);
    }
    let dir = be32(r, 16)?;
    nd.f(format_args!(
        "\n\t      ifindex {}, iftype {}, ifspeed {}, ifdirection {dir} ({})",
        be32(r, 0)?,
        be32(r, 4)?,
        be64(r, 8)?,
        tok(DIRECTIONS, dir).unwrap_or("Unknown")
    ));
    let status = be32(r, 20)?;
    nd.f(format_args!(
        "\n\t      ifstatus {status}, adminstatus: {}, operstatus: {}",
        if status & 1 != 0 { "up" } else { "down" },
        if (status >> 1) & 1 != 0 { "up" } else { "down" }
    ));
    nd.f(format_args!(
        "\n\t      In octets {}, unicast pkts {}, multicast pkts {}, broadcast pkts {}, discards {}",
        be64(r, 24)?,
        be32(r, 32)?,
        be32(r, 36)?,
        be32(r, 40)?,
        be32(r, 44)?
    ));
    nd.f(format_args!(
        "\n\t      In errors {}, unknown protos {}",
        be32(r, 48)?,
        be32(r, 52)?
    ));
    nd.f(format_args!(
        "\n\t      Out octets {}, unicast pkts {}, multicast pkts {}, broadcast pkts {}, discards {}",
        be64(r, 56)?,
        be32(r, 64)?,
        be32(r, 68)?,
        be32(r, 72)?,
        be32(r, 76)?
    ));
    nd.f(format_args!(
        "\n\t      Out errors {}, promisc mode {}",
        be32(r, 80)?,
        be32(r, 84)?
    ));
    Ok(true)
}

/// The Ethernet interface counters; false when the record is too short.
fn ethernet(nd: &mut Nd<'_>, r: &[u8], len: u32) -> Res<bool> {
    if len < 52 {
        return Ok(false);
    }
    nd.f(format_args!(
        "\n\t      align errors {}, fcs errors {}, single collision {}, multiple collision {}, test error {}",
        be32(r, 0)?,
        be32(r, 4)?,
        be32(r, 8)?,
        be32(r, 12)?,
        be32(r, 16)?
    ));
    nd.f(format_args!(
        "\n\t      deferred {}, late collision {}, excessive collision {}, mac trans error {}",
        be32(r, 20)?,
        be32(r, 24)?,
        be32(r, 28)?,
        be32(r, 32)?
    ));
    nd.f(format_args!(
        "\n\t      carrier error {}, frames too long {}, mac receive errors {}, symbol errors {}",
        be32(r, 36)?,
        be32(r, 40)?,
        be32(r, 44)?,
        be32(r, 48)?
    ));
    Ok(true)
}

/// The 100 BaseVG counters; false when the record is too short.
fn basevg(nd: &mut Nd<'_>, r: &[u8], len: u32) -> Res<bool> {
    if len < 80 {
        return Ok(false);
    }
    nd.f(format_args!(
        "\n\t      in high prio frames {}, in high prio octets {}",
        be32(r, 0)?,
        be64(r, 4)?
    ));
    nd.f(format_args!(
        "\n\t      in norm prio frames {}, in norm prio octets {}",
        be32(r, 12)?,
        be64(r, 16)?
    ));
    nd.f(format_args!(
        "\n\t      in ipm errors {}, oversized {}, in data errors {}, null addressed frames {}",
        be32(r, 24)?,
        be32(r, 28)?,
        be32(r, 32)?,
        be32(r, 36)?
    ));
    nd.f(format_args!(
        "\n\t      out high prio frames {}, out high prio octets {}, trans into frames {}",
        be32(r, 40)?,
        be64(r, 44)?,
        be32(r, 52)?
    ));
    nd.f(format_args!(
        "\n\t      in hc high prio octets {}, in hc norm prio octets {}, out hc high prio octets {}",
        be64(r, 56)?,
        be64(r, 64)?,
        be64(r, 72)?
    ));
    Ok(true)
}

/// The VLAN counters; false when the record is too short.
fn vlan(nd: &mut Nd<'_>, r: &[u8], len: u32) -> Res<bool> {
    if len < 28 {
        return Ok(false);
    }
    nd.f(format_args!(
        "\n\t      vlan_id {}, octets {}, unicast_pkt {}, multicast_pkt {}, broadcast_pkt {}, discards {}",
        be32(r, 0)?,
        be64(r, 4)?,
        be32(r, 12)?,
        be32(r, 16)?,
        be32(r, 20)?,
        be32(r, 24)?
    ));
    Ok(true)
}

/// The processor counters; false when the record is too short.
fn processor(nd: &mut Nd<'_>, r: &[u8], len: u32) -> Res<bool> {
    if len < 28 {
        return Ok(false);
    }
    // tcpdump labels the free memory "total_mem" too.
    nd.f(format_args!(
        "\n\t      5sec {}, 1min {}, 5min {}, total_mem {}, total_mem {}",
        be32(r, 0)?,
        be32(r, 4)?,
        be32(r, 8)?,
        be64(r, 12)?,
        be64(r, 20)?
    ));
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn sflow_samples_v0() {
        check(
            1,
            "-n",
            730,
            "0011223344556655443322110800450002cc12344000401111eb0a0000010a0000029c4018c702b897190000000500000001c0000201000000030000006400001388000000050000000100000096000000070000000300000200000003e80000000000000001000000020000000600000001000000100000000100000040000000040000003c0000000200000018000000400101010101010101020202020202020200000800000003e9000000100000000a000000010000001400000002000000030000000800000000000000000000004d000000046162636400005001000000027a7a000000020000015a00000008000000040000000700000001000000580000000100000006000000003b9aca000000000100000003000000000000006400000001000000020000000300000004000000050000000600000000000000c80000000700000008000000090000000a0000000b000000010000000200000034000000000000000100000002000000030000000400000005000000060000000700000008000000090000000a0000000b0000000c000000050000001c0000000a000000000000000500000001000000020000000300000004000003e90000001c000000010000000200000003000000000000000400000000000000050000000400000050000000000000000000000001000000020000000000000003000000040000000500000006000000070000000800000000000000090000000a000000000000000b000000000000000c000000000000000d00000003000000000000000900000002ffee0000000300000044000000090000000000000005000001000000006300000001000000000000000100000000000000020000000100000001000000100000000b00000028000000000000002800000004000000340000000a000000000000000600000001000000050000001c0000000a000000000000000500000001000000020000000300000004000000090000000401020304",
            "IP 10.0.0.1.40000 > 10.0.0.2.6343: sFlowv5, IPv4 agent 192.0.2.1, agent-id 3, length 688",
        );
    }

    #[test]
    fn sflow_samples_v1() {
        check(
            1,
            "-n -v",
            730,
            "0011223344556655443322110800450002cc12344000401111eb0a0000010a0000029c4018c702b897190000000500000001c0000201000000030000006400001388000000050000000100000096000000070000000300000200000003e80000000000000001000000020000000600000001000000100000000100000040000000040000003c0000000200000018000000400101010101010101020202020202020200000800000003e9000000100000000a000000010000001400000002000000030000000800000000000000000000004d000000046162636400005001000000027a7a000000020000015a00000008000000040000000700000001000000580000000100000006000000003b9aca000000000100000003000000000000006400000001000000020000000300000004000000050000000600000000000000c80000000700000008000000090000000a0000000b000000010000000200000034000000000000000100000002000000030000000400000005000000060000000700000008000000090000000a0000000b0000000c000000050000001c0000000a000000000000000500000001000000020000000300000004000003e90000001c000000010000000200000003000000000000000400000000000000050000000400000050000000000000000000000001000000020000000000000003000000040000000500000006000000070000000800000000000000090000000a000000000000000b000000000000000c000000000000000d00000003000000000000000900000002ffee0000000300000044000000090000000000000005000001000000006300000001000000000000000100000000000000020000000100000001000000100000000b00000028000000000000002800000004000000340000000a000000000000000600000001000000050000001c0000000a000000000000000500000001000000020000000300000004000000090000000401020304",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 716)\n    10.0.0.1.40000 > 10.0.0.2.6343: sFlowv5, IPv4 agent 192.0.2.1, agent-id 3, seqnum 100, uptime 5000, samples 5, length 688\n\tflow sample (1), length 150, seqnum 7, type 0, idx 3, rate 512, pool 1000, drops 0, input 1 output 2 records 6\n\t    enterprise 0 Raw packet (1) length 16\n\t      protocol Ethernet (1), length 64, stripped bytes 4, header_size 60\n\t    enterprise 0 Ethernet frame (2) length 24\n\t      frame len 64, type 2048\n\t    enterprise 0 Extended Switch data (1001) length 16\n\t      src vlan 10, src pri 1, dst vlan 20, dst pri 2\n\t    enterprise 0 IPv4 Data (3) length 8\n\t    enterprise 0 Unknown (77) length 4\n\t\t0x0000:  6162 6364\n\t    enterprise 5 Unknown (1) length 2\n\tcounter sample (2), length 346, seqnum 8, type 0, idx 4, records 7\n\t    enterprise 0, Generic counter (1) length 88\n\t      ifindex 1, iftype 6, ifspeed 1000000000, ifdirection 1 (full-duplex)\n\t      ifstatus 3, adminstatus: up, operstatus: up\n\t      In octets 100, unicast pkts 1, multicast pkts 2, broadcast pkts 3, discards 4\n\t      In errors 5, unknown protos 6\n\t      Out octets 200, unicast pkts 7, multicast pkts 8, broadcast pkts 9, discards 10\n\t      Out errors 11, promisc mode 1\n\t    enterprise 0, Ethernet counter (2) length 52\n\t      align errors 0, fcs errors 1, single collision 2, multiple collision 3, test error 4\n\t      deferred 5, late collision 6, excessive collision 7, mac trans error 8\n\t      carrier error 9, frames too long 10, mac receive errors 11, symbol errors 12\n\t    enterprise 0, Vlan counter (5) length 28\n\t      vlan_id 10, octets 5, unicast_pkt 1, multicast_pkt 2, broadcast_pkt 3, discards 4\n\t    enterprise 0, Processor counter (1001) length 28\n\t      5sec 1, 1min 2, 5min 3, total_mem 4, total_mem 5\n\t    enterprise 0, 100 BaseVG counter (4) length 80\n\t      in high prio frames 0, in high prio octets 1\n\t      in norm prio frames 2, in norm prio octets 3\n\t      in ipm errors 4, oversized 5, in data errors 6, null addressed frames 7\n\t      out high prio frames 8, out high prio octets 9, trans into frames 10\n\t      in hc high prio octets 11, in hc norm prio octets 12, out hc high prio octets 13\n\t    enterprise 0, Token ring counter (3) length 0\n\t    enterprise 0, Unknown (9) length 2\n\t\t0x0000:  ffee\n\texpanded flow sample (3), length 68, seqnum 9, type 0, idx 5, rate 256, pool 99, drops 1, records 1\n\t    enterprise 0 Raw packet (1) length 16\n\t      protocol IPv4 (11), length 40, stripped bytes 0, header_size 40\n\texpanded counter sample (4), length 52, seqnum 10, type 0, idx 6, records 1\n\t    enterprise 0, Vlan counter (5) length 28\n\t      vlan_id 10, octets 5, unicast_pkt 1, multicast_pkt 2, broadcast_pkt 3, discards 4\n\tUnknown (9), length 4,\n\t    0x0000:  0102 0304",
        );
    }

    #[test]
    fn sflow_samples_v2() {
        check(
            1,
            "-n -vv",
            730,
            "0011223344556655443322110800450002cc12344000401111eb0a0000010a0000029c4018c702b897190000000500000001c0000201000000030000006400001388000000050000000100000096000000070000000300000200000003e80000000000000001000000020000000600000001000000100000000100000040000000040000003c0000000200000018000000400101010101010101020202020202020200000800000003e9000000100000000a000000010000001400000002000000030000000800000000000000000000004d000000046162636400005001000000027a7a000000020000015a00000008000000040000000700000001000000580000000100000006000000003b9aca000000000100000003000000000000006400000001000000020000000300000004000000050000000600000000000000c80000000700000008000000090000000a0000000b000000010000000200000034000000000000000100000002000000030000000400000005000000060000000700000008000000090000000a0000000b0000000c000000050000001c0000000a000000000000000500000001000000020000000300000004000003e90000001c000000010000000200000003000000000000000400000000000000050000000400000050000000000000000000000001000000020000000000000003000000040000000500000006000000070000000800000000000000090000000a000000000000000b000000000000000c000000000000000d00000003000000000000000900000002ffee0000000300000044000000090000000000000005000001000000006300000001000000000000000100000000000000020000000100000001000000100000000b00000028000000000000002800000004000000340000000a000000000000000600000001000000050000001c0000000a000000000000000500000001000000020000000300000004000000090000000401020304",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 716)\n    10.0.0.1.40000 > 10.0.0.2.6343: [udp sum ok] sFlowv5, IPv4 agent 192.0.2.1, agent-id 3, seqnum 100, uptime 5000, samples 5, length 688\n\tflow sample (1), length 150, seqnum 7, type 0, idx 3, rate 512, pool 1000, drops 0, input 1 output 2 records 6\n\t    enterprise 0 Raw packet (1) length 16\n\t      protocol Ethernet (1), length 64, stripped bytes 4, header_size 60\n\t    enterprise 0 Ethernet frame (2) length 24\n\t      frame len 64, type 2048\n\t    enterprise 0 Extended Switch data (1001) length 16\n\t      src vlan 10, src pri 1, dst vlan 20, dst pri 2\n\t    enterprise 0 IPv4 Data (3) length 8\n\t    enterprise 0 Unknown (77) length 4\n\t    enterprise 5 Unknown (1) length 2\n\tcounter sample (2), length 346, seqnum 8, type 0, idx 4, records 7\n\t    enterprise 0, Generic counter (1) length 88\n\t      ifindex 1, iftype 6, ifspeed 1000000000, ifdirection 1 (full-duplex)\n\t      ifstatus 3, adminstatus: up, operstatus: up\n\t      In octets 100, unicast pkts 1, multicast pkts 2, broadcast pkts 3, discards 4\n\t      In errors 5, unknown protos 6\n\t      Out octets 200, unicast pkts 7, multicast pkts 8, broadcast pkts 9, discards 10\n\t      Out errors 11, promisc mode 1\n\t    enterprise 0, Ethernet counter (2) length 52\n\t      align errors 0, fcs errors 1, single collision 2, multiple collision 3, test error 4\n\t      deferred 5, late collision 6, excessive collision 7, mac trans error 8\n\t      carrier error 9, frames too long 10, mac receive errors 11, symbol errors 12\n\t    enterprise 0, Vlan counter (5) length 28\n\t      vlan_id 10, octets 5, unicast_pkt 1, multicast_pkt 2, broadcast_pkt 3, discards 4\n\t    enterprise 0, Processor counter (1001) length 28\n\t      5sec 1, 1min 2, 5min 3, total_mem 4, total_mem 5\n\t    enterprise 0, 100 BaseVG counter (4) length 80\n\t      in high prio frames 0, in high prio octets 1\n\t      in norm prio frames 2, in norm prio octets 3\n\t      in ipm errors 4, oversized 5, in data errors 6, null addressed frames 7\n\t      out high prio frames 8, out high prio octets 9, trans into frames 10\n\t      in hc high prio octets 11, in hc norm prio octets 12, out hc high prio octets 13\n\t    enterprise 0, Token ring counter (3) length 0\n\t    enterprise 0, Unknown (9) length 2\n\texpanded flow sample (3), length 68, seqnum 9, type 0, idx 5, rate 256, pool 99, drops 1, records 1\n\t    enterprise 0 Raw packet (1) length 16\n\t      protocol IPv4 (11), length 40, stripped bytes 0, header_size 40\n\texpanded counter sample (4), length 52, seqnum 10, type 0, idx 6, records 1\n\t    enterprise 0, Vlan counter (5) length 28\n\t      vlan_id 10, octets 5, unicast_pkt 1, multicast_pkt 2, broadcast_pkt 3, discards 4\n\tUnknown (9), length 4,",
        );
    }

    #[test]
    fn sflow_v6_agent() {
        check(
            1,
            "-n -v",
            142,
            "00112233445566554433221108004500008012344000401114370a0000010a0000029c4018c7006cf3d7000000050000000220010db80000000000000000000000010000000300000064000013880000000100000004000000340000000a000000000000000600000001000000050000001c0000000a000000000000000500000001000000020000000300000004",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 128)\n    10.0.0.1.40000 > 10.0.0.2.6343: sFlowv5, IPv6 agent 2001:db8::1, agent-id 3, seqnum 100, uptime 5000, samples 1, length 100\n\texpanded counter sample (4), length 52, seqnum 10, type 0, idx 6, records 1\n\t    enterprise 0, Vlan counter (5) length 28\n\t      vlan_id 10, octets 5, unicast_pkt 1, multicast_pkt 2, broadcast_pkt 3, discards 4",
        );
    }

    #[test]
    fn sflow_truncated() {
        check(
            1,
            "-n -v",
            200,
            "0011223344556655443322110800450002cc12344000401111eb0a0000010a0000029c4018c702b897190000000500000001c0000201000000030000006400001388000000050000000100000096000000070000000300000200000003e80000000000000001000000020000000600000001000000100000000100000040000000040000003c0000000200000018000000400101010101010101020202020202020200000800000003e9000000100000000a00000001000000140000000200000003000000080000",
            "IP truncated-ip - 530 bytes missing! (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 716)\n    10.0.0.1.40000 > 10.0.0.2.6343: sFlowv5, IPv4 agent 192.0.2.1, agent-id 3, seqnum 100, uptime 5000, samples 5, length 688\n\tflow sample (1), length 150, [|sflow]",
        );
    }

    #[test]
    fn sflow_short() {
        check(
            1,
            "-n -v",
            62,
            "00112233445566554433221108004500003012344000401114870a0000010a0000029c4018c7001c743d0000000500000001c00002010000000300000064",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 48)\n    10.0.0.1.40000 > 10.0.0.2.6343: sFlowv5 [length 20 < 28] (invalid)",
        );
    }

    #[test]
    fn sflow_version4() {
        check(
            1,
            "-n",
            730,
            "0011223344556655443322110800450002cc12344000401111eb0a0000010a0000029c4018c702b8971a0000000400000001c0000201000000030000006400001388000000050000000100000096000000070000000300000200000003e80000000000000001000000020000000600000001000000100000000100000040000000040000003c0000000200000018000000400101010101010101020202020202020200000800000003e9000000100000000a000000010000001400000002000000030000000800000000000000000000004d000000046162636400005001000000027a7a000000020000015a00000008000000040000000700000001000000580000000100000006000000003b9aca000000000100000003000000000000006400000001000000020000000300000004000000050000000600000000000000c80000000700000008000000090000000a0000000b000000010000000200000034000000000000000100000002000000030000000400000005000000060000000700000008000000090000000a0000000b0000000c000000050000001c0000000a000000000000000500000001000000020000000300000004000003e90000001c000000010000000200000003000000000000000400000000000000050000000400000050000000000000000000000001000000020000000000000003000000040000000500000006000000070000000800000000000000090000000a000000000000000b000000000000000c000000000000000d00000003000000000000000900000002ffee0000000300000044000000090000000000000005000001000000006300000001000000000000000100000000000000020000000100000001000000100000000b00000028000000000000002800000004000000340000000a000000000000000600000001000000050000001c0000000a000000000000000500000001000000020000000300000004000000090000000401020304",
            "IP 10.0.0.1.40000 > 10.0.0.2.6343: sFlow version 4 packet not supported",
        );
    }

    #[test]
    fn sflow_bad_record() {
        check(
            1,
            "-n -v",
            102,
            "001122334455665544332211080045000058123440004011145f0a0000010a0000029c4018c700445d73000000050000000100000000000000030000006400001388000000010000000200000018000000080000000400000001000000010000000461626364",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 88)\n    10.0.0.1.40000 > 10.0.0.2.6343: sFlowv5, IPv4 agent 0.0.0.0, agent-id 3, seqnum 100, uptime 5000, samples 1, length 60\n\tcounter sample (2), length 24, seqnum 8, type 0, idx 4, records 1\n\t    enterprise 0, Generic counter (1) length 4 (invalid)",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_datagrams_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                        ipv in 1u32..3, v in 0u8..4, cut in 0usize..480) {
            let mut d = vec![0, 0, 0, 5];
            d.extend_from_slice(&ipv.to_be_bytes());
            d.extend_from_slice(&body);
            crate::test_pkt::print_all(&crate::test_pkt::eth_udp(6343, &d), v, None, cut);
        }
    }
}
