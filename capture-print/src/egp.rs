//! EGP (RFC 904, IP protocol 8), as tcpdump's print-egp.c: acquisition, reachability, poll,
//! update (with its networks and distances at `-v`) and error messages.
use super::{Nd, Res, be16, has, sl, u8at};

/// The fixed header: version, type, code, status, checksum, AS, sequence, and the 2- and
/// 4-byte fields whose meaning depends on the type.
const HDR_LEN: usize = 16;

const ACQUIRE_CODES: [&str; 5] = ["request", "confirm", "refuse", "cease", "cease_ack"];
const ACQUIRE_STATUS: [&str; 8] = [
    "unspecified",
    "active_mode",
    "passive_mode",
    "insufficient_resources",
    "administratively_prohibited",
    "going_down",
    "parameter_violation",
    "protocol_violation",
];
const REACH_CODES: [&str; 2] = ["hello", "i-h-u"];
const STATUS_UPDOWN: [&str; 3] = ["indeterminate", "up", "down"];
const REASONS: [&str; 7] = [
    "unspecified",
    "bad_EGP_header_format",
    "bad_EGP_data_field_format",
    "reachability_info_unavailable",
    "excessive_polling_rate",
    "no_response",
    "unsupported_version",
];

/// ` state:NAME` or ` [status N]`.
fn updown(nd: &mut Nd<'_>, status: u8) {
    match STATUS_UPDOWN.get(usize::from(status)) {
        Some(s) => nd.f(format_args!(" state:{s}")),
        None => nd.f(format_args!(" [status {status}]")),
    }
}

/// An address tcpdump builds in a host integer and prints from that integer's memory: on the
/// little-endian hosts the reference output comes from, the bytes come out reversed.
fn host_order_addr(nd: &mut Nd<'_>, addr: u32) {
    nd.host4(&addr.to_le_bytes());
}

/// The gateways of an update, each with its distances and the networks at each distance.
fn networks(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    // tcpdump classifies the source network on its bytes loaded into a host integer as they
    // are in the packet (little-endian hosts: the last byte is the high one).
    let source = u32::from_le_bytes(super::arr(bp, 12)?);
    let (net, netlen) = if source & 0x8000_0000 == 0 {
        (source & 0xff00_0000, 1)
    } else if source & 0xc000_0000 == 0x8000_0000 {
        (source & 0xffff_0000, 2)
    } else if source & 0xe000_0000 == 0xc000_0000 {
        (source & 0xffff_ff00, 3)
    } else {
        (0, 0)
    };
    let mut cp = HDR_LEN;
    let mut length = length - HDR_LEN;
    let intgw = u32::from(u8at(bp, 10)?);
    let extgw = u32::from(u8at(bp, 11)?);
    for gateway in 0..intgw + extgw {
        // The host part of the gateway's address.
        let host_len = 4 - netlen;
        if length < host_len || !has(bp, cp, host_len) {
            nd.trunc();
            return Ok(());
        }
        let mut addr = 0u32;
        if netlen > 0 {
            for &b in &bp[cp..cp + host_len] {
                addr = (addr << 8) | u32::from(b);
            }
            cp += host_len;
        }
        addr |= net;
        length -= host_len;
        if length < 1 {
            nd.trunc();
            return Ok(());
        }
        let mut distances = u8at(bp, cp)?;
        cp += 1;
        length -= 1;
        nd.s(if gateway < intgw { " int " } else { " ext " });
        host_order_addr(nd, addr);
        nd.s(" (");
        let mut comma = "";
        while distances != 0 {
            if length < 2 {
                nd.trunc();
                return Ok(());
            }
            nd.f(format_args!("{comma}d{}:", u8at(bp, cp)?));
            comma = ", ";
            let mut nets = u8at(bp, cp + 1)?;
            cp += 2;
            length -= 2;
            while nets != 0 {
                if length < 1 {
                    nd.trunc();
                    return Ok(());
                }
                let mut addr = u32::from(u8at(bp, cp)?) << 24;
                cp += 1;
                length -= 1;
                if addr & 0xc000_0000 == 0x8000_0000 {
                    if length < 1 {
                        nd.trunc();
                        return Ok(());
                    }
                    addr |= u32::from(u8at(bp, cp)?) << 16;
                    cp += 1;
                    length -= 1;
                } else if addr & 0x8000_0000 != 0 {
                    if length < 2 {
                        nd.trunc();
                        return Ok(());
                    }
                    addr |= u32::from(u8at(bp, cp)?) << 16;
                    addr |= u32::from(u8at(bp, cp + 1)?) << 8;
                    cp += 2;
                    length -= 2;
                }
                nd.s(" ");
                host_order_addr(nd, addr);
                nets -= 1;
            }
            distances -= 1;
        }
        nd.s(")");
    }
    Ok(())
}

/// tcpdump's `egp_print`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "egp";
    if length < HDR_LEN || !has(bp, 0, HDR_LEN) {
        nd.trunc();
        return Ok(());
    }
    let version = bp[0];
    if nd.opts.verbose == 0 {
        nd.f(format_args!(
            "EGPv{version}, AS {}, seq {}, length {length}",
            be16(bp, 6)?,
            be16(bp, 8)?
        ));
        return Ok(());
    }
    nd.f(format_args!("EGPv{version}, length {length}"));
    if version != 2 {
        nd.f(format_args!("[version {version}]"));
        return Ok(());
    }
    let (typ, code, mut status) = (bp[1], bp[2], bp[3]);
    match typ {
        3 => {
            nd.s(" acquire");
            match code {
                0 | 1 => {
                    nd.f(format_args!(" {}", ACQUIRE_CODES[usize::from(code)]));
                    match status {
                        0..=2 => nd.f(format_args!(" {}", ACQUIRE_STATUS[usize::from(status)])),
                        _ => nd.f(format_args!(" [status {status}]")),
                    }
                    nd.f(format_args!(
                        " hello:{} poll:{}",
                        be16(bp, 10)?,
                        be16(bp, 12)?
                    ));
                }
                2..=4 => {
                    nd.f(format_args!(" {}", ACQUIRE_CODES[usize::from(code)]));
                    match status {
                        0 | 3..=7 => nd.f(format_args!(" {}", ACQUIRE_STATUS[usize::from(status)])),
                        _ => nd.f(format_args!("[status {status}]")),
                    }
                }
                _ => nd.f(format_args!("[code {code}]")),
            }
        }
        5 => match code {
            0 | 1 => {
                nd.f(format_args!(" {}", REACH_CODES[usize::from(code)]));
                updown(nd, status);
            }
            _ => nd.f(format_args!("[reach code {code}]")),
        },
        2 => {
            nd.s(" poll");
            updown(nd, status);
            nd.s(" net:");
            nd.host4(sl(bp, 12, 4)?);
        }
        1 => {
            nd.s(" update");
            if status & 0x80 != 0 {
                status &= !0x80;
                nd.s(" unsolicited");
            }
            updown(nd, status);
            nd.s(" ");
            nd.host4(sl(bp, 12, 4)?);
            nd.f(format_args!(" int {} ext {}", bp[10], bp[11]));
            networks(nd, bp, length)?;
        }
        8 => {
            nd.s(" error");
            updown(nd, status);
            let reason = be16(bp, 10)?;
            match REASONS.get(usize::from(reason)) {
                Some(r) => nd.f(format_args!(" {r}")),
                None => nd.f(format_args!(" [reason {reason}]")),
            }
        }
        _ => nd.f(format_args!("[type {typ}]")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    fn case(hex: &str, expected: &str) {
        check(101, "-n -v", hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn poll_and_update() {
        case(
            "4500002400010000400866cf0a0000010a000002020200010000006400010000c0a80100",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EGP (8), length 36)\
             \n    10.0.0.1 > 10.0.0.2: EGPv2, length 16 poll state:up net:192.168.1.0",
        );
        case(
            "4500003100010000400866c20a0000010a00000202010001000000640001010100c0a80100020203010a0b0c020001ac10",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto EGP (8), length 49)\
             \n    10.0.0.1 > 10.0.0.2: EGPv2, length 29 update state:up 0.192.168.1 int 1 ext 1 \
             int 2.2.0.1 (d1: 0.0.0.11 0.0.0.12 0.0.0.2 0.0.0.0 0.0.0.1 0.0.16.172 [|egp]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_egp_and_mobile_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
                                             proto in proptest::sample::select(vec![8u8, 55]), v in 0u8..2) {
            let mut data = vec![0x45, 0, 0, 200, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            data.extend_from_slice(&body);
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 101, &data);
        }
    }
}
