//! The RPKI-Router protocol (RFC 6810, TCP 323), as tcpdump's print-rpki-rtr.c: each PDU with
//! `-v` (prefixes, serials, error reports with the PDU they carry), hex dumps with `-vv`.
use super::{Nd, Res, Trunc, be16, be32, sl, tail, tcheck_len, tok, u8at};

const PDU_TYPES: &[(u32, &str)] = &[
    (0, "Serial Notify"),
    (1, "Serial Query"),
    (2, "Reset Query"),
    (3, "Cache Response"),
    (4, "IPV4 Prefix"),
    (6, "IPV6 Prefix"),
    (7, "End of Data"),
    (8, "Cache Reset"),
    (10, "Error Report"),
];

const ERROR_CODES: &[(u32, &str)] = &[
    (0, "Corrupt Data"),
    (1, "Internal Error"),
    (2, "No Data Available"),
    (3, "Invalid Request"),
    (4, "Unsupported Protocol Version"),
    (5, "Unsupported PDU Type"),
    (6, "Withdrawal of Unknown Record"),
    (7, "Duplicate Announcement Received"),
];

const HDR: u32 = 8;

/// tcpdump's `indent_string`: a newline, a tab per eight columns and spaces for the rest.
fn indent(nd: &mut Nd<'_>, n: u32) {
    if (n / 8) + (n % 8) + 2 > 20 {
        return;
    }
    nd.s("\n");
    for _ in 0..n / 8 {
        nd.s("\t");
    }
    for _ in 0..n % 8 {
        nd.s(" ");
    }
}

/// Prints the PDUs of a TCP segment of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res {
    nd.proto = "rpki_rtr";
    if nd.opts.verbose == 0 {
        nd.s(", RPKI-RTR");
        return Ok(());
    }
    let mut len = len as u32;
    let mut p = b;
    while len != 0 {
        let n = pdu(nd, p, len, true, 8)?;
        len -= n;
        p = tail(p, n as usize);
    }
    Ok(())
}

/// One PDU of at most `len` bytes; returns its length (all of `len` when it is invalid).
fn pdu(nd: &mut Nd<'_>, t: &[u8], len: u32, recurse: bool, ind: u32) -> Res<u32> {
    let version = u8at(t, 0)?;
    if version != 0 {
        indent(nd, 8);
        nd.f(format_args!("RPKI-RTRv{version} (unknown)"));
        return Ok(len);
    }
    if len < HDR {
        nd.f(format_args!("({len} bytes is too few to decode)"));
        return invalid(nd, t, len);
    }
    tcheck_len(t, HDR)?;
    let ty = u32::from(t[1]);
    let pdu_len = be32(t, 4)?;
    indent(nd, 8);
    nd.f(format_args!(
        "RPKI-RTRv{version}, {} PDU ({ty}), length: {pdu_len}",
        tok(PDU_TYPES, ty).unwrap_or("Unknown")
    ));
    if pdu_len < HDR || pdu_len > len {
        return invalid(nd, t, len);
    }
    let mut hexdump = false;
    match ty {
        0 | 1 | 7 => {
            if pdu_len != HDR + 4 {
                return invalid(nd, t, len);
            }
            let (session, serial) = (be16(t, 2)?, be32(t, 8)?);
            indent(nd, ind + 2);
            nd.f(format_args!(
                "Session ID: 0x{session:04x}, Serial: {serial}"
            ));
        }
        2 | 8 => {
            if pdu_len != HDR {
                return invalid(nd, t, len);
            }
        }
        3 => {
            if pdu_len != HDR {
                return invalid(nd, t, len);
            }
            let session = be16(t, 2)?;
            indent(nd, ind + 2);
            nd.f(format_args!("Session ID: 0x{session:04x}"));
        }
        4 | 6 => {
            let size = if ty == 4 { 4 } else { 16 };
            if pdu_len != HDR + 8 + size {
                return invalid(nd, t, len);
            }
            let prefix = sl(t, 12, size as usize)?;
            let (plen, max) = (u8at(t, 9)?, u8at(t, 10)?);
            let (asn, flags) = (be32(t, 12 + size as usize)?, u8at(t, 8)?);
            indent(nd, ind + 2);
            if ty == 4 {
                nd.s("IPv4 Prefix ");
                nd.host4(prefix);
            } else {
                nd.s("IPv6 Prefix ");
                nd.host6(prefix);
            }
            nd.f(format_args!(
                "/{plen}-{max}, origin-as {asn}, flags 0x{flags:02x}"
            ));
        }
        10 => {
            let mut tlen = HDR;
            if pdu_len < tlen + 4 {
                return invalid(nd, t, len);
            }
            tcheck_len(t, tlen + 4)?;
            let encap_len = be32(t, 8)?;
            tlen += 4;
            let code = u32::from(be16(t, 2)?);
            indent(nd, ind + 2);
            nd.f(format_args!(
                "Error code: {} ({code}), Encapsulated PDU length: {encap_len}",
                tok(ERROR_CODES, code).unwrap_or("Unknown")
            ));
            if encap_len != 0 {
                if u64::from(pdu_len) < u64::from(tlen) + u64::from(encap_len) {
                    return invalid(nd, t, len);
                }
                if recurse {
                    indent(nd, ind + 4);
                    nd.s("-----encapsulated PDU-----");
                    pdu(nd, tail(t, tlen as usize), encap_len, false, ind + 2)?;
                } else {
                    tcheck_len(t, tlen + encap_len)?;
                }
                tlen += encap_len;
            }
            if pdu_len < tlen + 4 {
                return invalid(nd, t, len);
            }
            tcheck_len(t, tlen + 4)?;
            let text_len = be32(t, tlen as usize)?;
            tlen += 4;
            if text_len != 0 {
                if u64::from(pdu_len) < u64::from(tlen) + u64::from(text_len) {
                    return invalid(nd, t, len);
                }
                indent(nd, ind + 2);
                nd.s("Error text: ");
                if nd.printn(tail(t, tlen as usize), text_len as usize) {
                    return Err(Trunc);
                }
            }
        }
        _ => {
            tcheck_len(t, pdu_len)?;
            hexdump = true;
        }
    }
    if nd.opts.verbose > 1 || (nd.opts.verbose > 0 && hexdump) {
        nd.print_unknown_data(t, "\n\t  ", pdu_len as usize);
    }
    Ok(pdu_len)
}

/// `(invalid)`; the rest of the segment must have been captured. Returns all of it as used.
fn invalid(nd: &mut Nd<'_>, t: &[u8], len: u32) -> Res<u32> {
    nd.invalid();
    tcheck_len(t, len)?;
    Ok(len)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn rpki_rtr_pdus_v0() {
        check(
            1,
            "-n",
            179,
            "0011223344556655443322110800450000a5123440004006141d0a0000010a00000201439c40000003e8000007d0501803e8731e0000000012340000000c0000004d00030099000000080002000000000008000400000000001401182000c00002000000fbf400060000000000200020300020010db80000000000000000000000000000fbf5000a0005000000210000000c000012340000000c0000004d000000056f6f707321000900000000000c01020304",
            "IP 10.0.0.1.323 > 10.0.0.2.40000: Flags [P.], seq 1000:1125, ack 2000, win 1000, length 125, RPKI-RTR",
        );
    }

    #[test]
    fn rpki_rtr_pdus_v1() {
        check(
            1,
            "-n -v",
            179,
            "0011223344556655443322110800450000a5123440004006141d0a0000010a00000201439c40000003e8000007d0501803e8731e0000000012340000000c0000004d00030099000000080002000000000008000400000000001401182000c00002000000fbf400060000000000200020300020010db80000000000000000000000000000fbf5000a0005000000210000000c000012340000000c0000004d000000056f6f707321000900000000000c01020304",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 165)\n    10.0.0.1.323 > 10.0.0.2.40000: Flags [P.], cksum 0x731e (correct), seq 1000:1125, ack 2000, win 1000, length 125\n\tRPKI-RTRv0, Serial Notify PDU (0), length: 12\n\t  Session ID: 0x1234, Serial: 77\n\tRPKI-RTRv0, Cache Response PDU (3), length: 8\n\t  Session ID: 0x0099\n\tRPKI-RTRv0, Reset Query PDU (2), length: 8\n\tRPKI-RTRv0, IPV4 Prefix PDU (4), length: 20\n\t  IPv4 Prefix 192.0.2.0/24-32, origin-as 64500, flags 0x01\n\tRPKI-RTRv0, IPV6 Prefix PDU (6), length: 32\n\t  IPv6 Prefix 2001:db8::/32-48, origin-as 64501, flags 0x00\n\tRPKI-RTRv0, Error Report PDU (10), length: 33\n\t  Error code: Unsupported PDU Type (5), Encapsulated PDU length: 12\n\t    -----encapsulated PDU-----\n\tRPKI-RTRv0, Serial Notify PDU (0), length: 12\n\t    Session ID: 0x1234, Serial: 77\n\t  Error text: oops!\n\tRPKI-RTRv0, Unknown PDU (9), length: 12\n\t  0x0000:  0009 0000 0000 000c 0102 0304",
        );
    }

    #[test]
    fn rpki_rtr_pdus_v2() {
        check(
            1,
            "-n -vv",
            179,
            "0011223344556655443322110800450000a5123440004006141d0a0000010a00000201439c40000003e8000007d0501803e8731e0000000012340000000c0000004d00030099000000080002000000000008000400000000001401182000c00002000000fbf400060000000000200020300020010db80000000000000000000000000000fbf5000a0005000000210000000c000012340000000c0000004d000000056f6f707321000900000000000c01020304",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 165)\n    10.0.0.1.323 > 10.0.0.2.40000: Flags [P.], cksum 0x731e (correct), seq 1000:1125, ack 2000, win 1000, length 125\n\tRPKI-RTRv0, Serial Notify PDU (0), length: 12\n\t  Session ID: 0x1234, Serial: 77\n\t  0x0000:  0000 1234 0000 000c 0000 004d\n\tRPKI-RTRv0, Cache Response PDU (3), length: 8\n\t  Session ID: 0x0099\n\t  0x0000:  0003 0099 0000 0008\n\tRPKI-RTRv0, Reset Query PDU (2), length: 8\n\t  0x0000:  0002 0000 0000 0008\n\tRPKI-RTRv0, IPV4 Prefix PDU (4), length: 20\n\t  IPv4 Prefix 192.0.2.0/24-32, origin-as 64500, flags 0x01\n\t  0x0000:  0004 0000 0000 0014 0118 2000 c000 0200\n\t  0x0010:  0000 fbf4\n\tRPKI-RTRv0, IPV6 Prefix PDU (6), length: 32\n\t  IPv6 Prefix 2001:db8::/32-48, origin-as 64501, flags 0x00\n\t  0x0000:  0006 0000 0000 0020 0020 3000 2001 0db8\n\t  0x0010:  0000 0000 0000 0000 0000 0000 0000 fbf5\n\tRPKI-RTRv0, Error Report PDU (10), length: 33\n\t  Error code: Unsupported PDU Type (5), Encapsulated PDU length: 12\n\t    -----encapsulated PDU-----\n\tRPKI-RTRv0, Serial Notify PDU (0), length: 12\n\t    Session ID: 0x1234, Serial: 77\n\t  0x0000:  0000 1234 0000 000c 0000 004d\n\t  Error text: oops!\n\t  0x0000:  000a 0005 0000 0021 0000 000c 0000 1234\n\t  0x0010:  0000 000c 0000 004d 0000 0005 6f6f 7073\n\t  0x0020:  21\n\tRPKI-RTRv0, Unknown PDU (9), length: 12\n\t  0x0000:  0009 0000 0000 000c 0102 0304",
        );
    }

    #[test]
    fn rpki_rtr_bad_length() {
        check(
            1,
            "-n -v",
            66,
            "001122334455665544332211080045000034123440004006148e0a0000010a00000201439c40000003e8000007d0501803e8ee8a0000000400000000000c00000000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 52)\n    10.0.0.1.323 > 10.0.0.2.40000: Flags [P.], cksum 0xee8a (correct), seq 1000:1012, ack 2000, win 1000, length 12\n\tRPKI-RTRv0, IPV4 Prefix PDU (4), length: 12 (invalid)",
        );
    }

    #[test]
    fn rpki_rtr_version() {
        check(
            1,
            "-n -v",
            62,
            "00112233445566554433221108004500003012344000400614920a0000010a00000201439c40000003e8000007d0501803e8ed9e00000100000000000000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 48)\n    10.0.0.1.323 > 10.0.0.2.40000: Flags [P.], cksum 0xed9e (correct), seq 1000:1008, ack 2000, win 1000, length 8\n\tRPKI-RTRv1 (unknown)",
        );
    }

    #[test]
    fn rpki_rtr_truncated() {
        check(
            1,
            "-n -v",
            120,
            "0011223344556655443322110800450000a5123440004006141d0a0000010a00000201439c40000003e8000007d0501803e8731e0000000012340000000c0000004d00030099000000080002000000000008000400000000001401182000c00002000000fbf400060000000000200020300020010db80000",
            "IP truncated-ip - 59 bytes missing! (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 165)\n    10.0.0.1.323 > 10.0.0.2.40000: Flags [P.], seq 1000:1125, ack 2000, win 1000, length 125\n\tRPKI-RTRv0, Serial Notify PDU (0), length: 12\n\t  Session ID: 0x1234, Serial: 77\n\tRPKI-RTRv0, Cache Response PDU (3), length: 8\n\t  Session ID: 0x0099\n\tRPKI-RTRv0, Reset Query PDU (2), length: 8\n\tRPKI-RTRv0, IPV4 Prefix PDU (4), length: 20\n\t  IPv4 Prefix 192.0.2.0/24-32, origin-as 64500, flags 0x01\n\tRPKI-RTRv0, IPV6 Prefix PDU (6), length: 32 [|rpki_rtr]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_pdus_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                   ty in 0u8..12, v in 0u8..4, cut in 0usize..260) {
            let mut p = vec![0, ty, 0, 1];
            p.extend_from_slice(&((8 + body.len()) as u32).to_be_bytes());
            p.extend_from_slice(&body);
            crate::test_pkt::print_all(&crate::test_pkt::eth_tcp(323, &p), v, None, cut);
        }
    }
}
