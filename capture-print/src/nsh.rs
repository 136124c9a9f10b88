//! NSH, the network service header (RFC 8300), as tcpdump's print-nsh.c: the base and
//! service path headers, the context headers (with `-vvv`), then the IPv4, IPv6 or Ethernet
//! packet inside.
use super::util::Tok;
use super::{Nd, Res, Trunc, be24, be32, ether, has, ip, ip6, tail, u8at};

const FLAGS: &Tok = &[(0x2, "O")];

const MD_TYPES: &Tok = &[
    (0x0, "reserved"),
    (0x1, "1"),
    (0x2, "2"),
    (0xf, "experimental"),
];

const NEXT_PROTOCOLS: &Tok = &[
    (0x01, "IPv4"),
    (0x02, "IPv6"),
    (0x03, "Ethernet"),
    (0x04, "NSH"),
    (0x05, "MPLS"),
    (0xfe, "Experiment 1"),
    (0xff, "Experiment 2"),
];

/// The base and service path headers.
const MIN_LEN: usize = 8;
/// Header lengths count 4-byte words.
const WORD: usize = 4;

/// tcpdump's `nsh_print`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "nsh";
    if len < MIN_LEN {
        nd.f(format_args!(" (packet length {len} < {MIN_LEN})"));
        nd.invalid();
        return Ok(());
    }
    let base = be32(bp, 0)?;
    let ver = base >> 30;
    let length = ((base >> 16) & 0x3f) as usize;
    let md_type = (base >> 8) & 0xf;
    let next_protocol = base & 0xff;
    let v = nd.opts.verbose;
    nd.s("NSH, ");
    if v > 1 {
        nd.f(format_args!("ver {ver}, "));
    }
    if ver != 0 {
        return Ok(());
    }
    nd.s("flags [");
    nd.bittok2str_nosep(FLAGS, "none", (base >> 28) & 3);
    nd.s("], ");
    if v > 2 {
        nd.f(format_args!("TTL {}, ", (base >> 22) & 0x3f));
        nd.f(format_args!("length {length}, "));
        nd.s("md type ");
        nd.tok2str(MD_TYPES, "unknown (0x%02x)", md_type);
        nd.s(", ");
    }
    if v > 1 {
        nd.s("next-protocol ");
        nd.tok2str(NEXT_PROTOCOLS, "unknown (0x%02x)", next_protocol);
        nd.s(", ");
    }
    if len < length * WORD {
        nd.f(format_args!(" (too many headers for packet length {len})"));
        nd.invalid();
        return Ok(());
    }
    nd.f(format_args!("service-path-id 0x{:06x}, ", be24(bp, 4)?));
    nd.f(format_args!("service-index 0x{:x}", u8at(bp, 7)?));
    if length < 2 {
        nd.s(" (less than two headers)");
        nd.invalid();
        return Ok(());
    }
    let mut at = MIN_LEN;
    let mut past_headers = false;
    if v > 2 {
        if md_type == 1 {
            if length != 6 {
                nd.s(" (invalid length for the MD type)");
                nd.invalid();
                return Ok(());
            }
            for n in 0..length - 2 {
                nd.f(format_args!(
                    "\n        Context[{n:02}]: 0x{:08x}",
                    be32(bp, at)?
                ));
                at += WORD;
            }
            past_headers = true;
        } else if md_type == 2 {
            let mut n = 0;
            while n < length - 2 {
                let class = super::be16(bp, at)?;
                let typ = u8at(bp, at + 2)?;
                let tlv_len = usize::from(u8at(bp, at + 3)? & 0x7f);
                at += 4;
                let padded = tlv_len.next_multiple_of(WORD);
                nd.f(format_args!(
                    "\n        TLV Class {class}, Type {typ}, Len {tlv_len}"
                ));
                n += 1;
                if length - 2 < n + padded / WORD {
                    nd.s(" (length too big)");
                    nd.invalid();
                    return Ok(());
                }
                if tlv_len > 0 {
                    nd.s("\n            Value: ");
                    let mut sep = "0x";
                    for _ in 0..tlv_len {
                        nd.f(format_args!("{sep}{:02x}", u8at(bp, at)?));
                        at += 1;
                        sep = ":";
                    }
                    if !has(bp, at, padded - tlv_len) {
                        return Err(Trunc);
                    }
                    at += padded - tlv_len;
                    n += padded / WORD;
                }
            }
            past_headers = true;
        }
    }
    if !past_headers {
        if !has(bp, at, (length - 2) * WORD) {
            return Err(Trunc);
        }
        at += (length - 2) * WORD;
    }
    nd.s(if v > 0 { "\n    " } else { ": " });
    let inner = tail(bp, at);
    let next_len = len - length * WORD;
    match next_protocol {
        1 => ip::print(nd, inner, next_len),
        2 => ip6::print(nd, inner, next_len),
        3 => {
            ether::print(nd, inner, next_len as u32);
            Ok(())
        }
        _ => {
            nd.s("ERROR: unknown-next-protocol");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn over_vxlan_gpe() {
        let h = "4500005500010000401166950a0000010a000002303912b6004100000c000004ffffff00000600010400000000000000020000000000000001000000030000000445000014000100004001f9950a0000010a000002";
        check(
            101,
            "-n -vvv",
            h.len() as u32 / 2,
            h,
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 85)\
             \n    10.0.0.1.12345 > 10.0.0.2.4790: [no cksum] VXLAN-GPE, flags [IP], vni 16777215\
             \n    NSH, ver 0, flags [none], TTL 0, length 6, md type reserved, next-protocol IPv4, \
             service-path-id 0x040000, service-index 0x0\n    IP0 (invalid)",
        );
    }
}
