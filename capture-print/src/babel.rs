//! The Babel routing protocol (RFC 8966, UDP ports 6696 and 6697), as tcpdump's
//! print-babel.c: version 2 TLVs of the body and the trailer, with sub-TLVs at `-v`.
use super::{Nd, Res, be16, has};

/// Why a TLV list stopped early: tcpdump's -1 and -2.
enum Stop {
    Truncated,
    Invalid,
}

/// The IPv4-mapped prefix that IPv4 addresses are stored under.
const V4_PREFIX: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0];

const DIVERSITY: &[(u32, &str)] = &[(0, "reserved"), (255, "all")];

/// Prints a Babel packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, cp: &[u8], length: usize) -> Res {
    nd.proto = "babel";
    nd.s("babel");
    if !has(cp, 0, 4) {
        return nd.trunc_here();
    }
    if cp[0] != 42 {
        nd.s(" invalid header");
        return Ok(());
    }
    nd.f(format_args!(" {}", cp[1]));
    if cp[1] != 2 {
        nd.s(" unknown version");
        return Ok(());
    }
    if length < 4 {
        nd.invalid();
        return Ok(());
    }
    let bodylen = usize::from(be16(cp, 2)?);
    nd.f(format_args!(" ({bodylen})"));
    let length = length - 4;
    let body = &cp[4..];
    if length < bodylen {
        nd.invalid();
        return Ok(());
    }
    let mut r = tlvs(nd, body, bodylen, length);
    if r.is_ok() && length != bodylen {
        nd.s(if nd.opts.verbose > 0 {
            "\n\t----"
        } else {
            " |"
        });
        let trailer = body.get(bodylen..).unwrap_or(&[]);
        let rest = length - bodylen;
        r = tlvs(nd, trailer, rest, rest);
    }
    match r {
        Ok(()) => {}
        Err(Stop::Truncated) => nd.trunc(),
        Err(Stop::Invalid) => nd.invalid(),
    }
    Ok(())
}

/// An 8-byte router id, colon-separated.
fn id(nd: &mut Nd<'_>, b: &[u8]) {
    for (i, x) in b.iter().take(8).enumerate() {
        if i > 0 {
            nd.s(":");
        }
        nd.f(format_args!("{x:02x}"));
    }
}

/// A prefix: IPv4 when it is IPv4-mapped and long enough, else IPv6.
fn prefix(nd: &mut Nd<'_>, p: &[u8; 16], plen: u8) {
    if plen >= 96 && p[..12] == V4_PREFIX[..12] {
        nd.host4(&p[12..]);
        nd.f(format_args!("/{}", plen - 96));
    } else {
        nd.host6(p);
        nd.f(format_args!("/{plen}"));
    }
}

fn address(nd: &mut Nd<'_>, a: &[u8; 16]) {
    if a[..12] == V4_PREFIX[..12] {
        nd.host4(&a[12..]);
    } else {
        nd.host6(a);
    }
}

/// Hundredths of seconds.
fn interval(nd: &mut Nd<'_>, i: u16) {
    if i == 0 {
        nd.s("0.0s (bogus)");
    } else {
        nd.f(format_args!("{}.{:02}s", i / 100, i % 100));
    }
}

fn interval_update(nd: &mut Nd<'_>, i: u16) {
    if i == 0xffff {
        nd.s("infinity");
    } else {
        interval(nd, i);
    }
}

fn timestamp(nd: &mut Nd<'_>, t: u32) {
    nd.f(format_args!("{}.{:06}s", t / 1_000_000, t % 1_000_000));
}

/// Decodes a prefix of address encoding `ae` and length `plen` (None: an address, its full
/// length), of which the first `omitted` bytes come from `prev`; returns the bytes consumed
/// from `p` (at most `len`) and the prefix, or None when it cannot be decoded.
fn network_prefix(
    ae: u8,
    plen: Option<u8>,
    omitted: usize,
    p: &[u8],
    prev: Option<&[u8; 16]>,
    len: usize,
) -> Option<(usize, [u8; 16])> {
    let pb = match plen {
        Some(l) => usize::from(l).div_ceil(8),
        None if ae == 1 => 4,
        None => 16,
    };
    if pb > 16 {
        return None;
    }
    let mut prefix = [0u8; 16];
    let mut consumed = 0;
    // The bytes taken from the packet must fit in what is left of the TLV.
    let mut take = |prefix: &mut [u8; 16], at: usize, n: usize| -> Option<()> {
        prefix[at..at + n].copy_from_slice(p.get(..n)?);
        consumed = n;
        Some(())
    };
    match ae {
        0 => {}
        1 => {
            if omitted > 4 || pb > 4 || (pb > omitted && len < pb - omitted) {
                return None;
            }
            prefix[..12].copy_from_slice(&V4_PREFIX[..12]);
            if omitted > 0 {
                prefix[..12 + omitted].copy_from_slice(&prev?[..12 + omitted]);
            }
            if pb > omitted {
                take(&mut prefix, 12 + omitted, pb - omitted)?;
            }
        }
        2 => {
            if omitted > 16 || (pb > omitted && len < pb - omitted) {
                return None;
            }
            if omitted > 0 {
                prefix[..omitted].copy_from_slice(&prev?[..omitted]);
            }
            if pb > omitted {
                take(&mut prefix, omitted, pb - omitted)?;
            }
        }
        3 => {
            if pb > 8 && len < pb - 8 {
                return None;
            }
            prefix[0] = 0xfe;
            prefix[1] = 0x80;
            if pb > 8 {
                take(&mut prefix, 8, pb - 8)?;
            }
        }
        _ => return None,
    }
    Some((consumed, prefix))
}

fn network_address(ae: u8, a: &[u8], len: usize) -> Option<(usize, [u8; 16])> {
    network_prefix(ae, None, 0, a, None, len)
}

/// The sub-TLVs in `b` of a TLV of type `tlv`; a malformed one is marked invalid.
fn subtlvs(nd: &mut Nd<'_>, b: &[u8], tlv: u8) {
    let ep = b.len();
    let mut cp = 0;
    while cp < ep {
        let t = b[cp];
        cp += 1;
        if t == 0 {
            nd.s(" sub-pad1");
            continue;
        }
        if t & 0x80 != 0 {
            nd.s(" (M)");
        }
        if cp == ep {
            nd.invalid();
            return;
        }
        let sublen = usize::from(b[cp]);
        cp += 1;
        if cp + sublen > ep {
            nd.invalid();
            return;
        }
        let sub = &b[cp..cp + sublen];
        match t {
            1 => nd.s(" sub-padn"),
            2 => {
                nd.s(" sub-diversity");
                if sublen == 0 {
                    nd.s(" empty");
                    continue;
                }
                let mut sep = " ";
                for &c in sub {
                    nd.s(sep);
                    nd.tok2str(DIVERSITY, "%u", u32::from(c));
                    sep = "-";
                }
                if tlv != 8 && tlv != 13 {
                    nd.s(" (bogus)");
                }
            }
            3 => {
                nd.s(" sub-timestamp");
                match tlv {
                    4 => {
                        if sublen < 4 {
                            nd.invalid();
                            return;
                        }
                        nd.s(" ");
                        timestamp(nd, u32::from_be_bytes([sub[0], sub[1], sub[2], sub[3]]));
                    }
                    5 => {
                        if sublen < 8 {
                            nd.invalid();
                            return;
                        }
                        nd.s(" ");
                        timestamp(nd, u32::from_be_bytes([sub[0], sub[1], sub[2], sub[3]]));
                        nd.s("|");
                        timestamp(nd, u32::from_be_bytes([sub[4], sub[5], sub[6], sub[7]]));
                    }
                    _ => nd.s(" (bogus)"),
                }
            }
            _ => nd.f(format_args!(" sub-unknown-0x{t:02x}")),
        }
        cp += sublen;
    }
}

/// The TLVs of a body or trailer: `tlvs_length` bytes, of which `remaining` are in the packet.
fn tlvs(nd: &mut Nd<'_>, cp: &[u8], tlvs_length: usize, remaining: usize) -> Result<(), Stop> {
    let v = nd.opts.verbose > 0;
    let mut v4_prefix = V4_PREFIX;
    let mut v6_prefix = [0u8; 16];
    let fits = |i: usize, l: usize| i + l <= tlvs_length && i + l <= remaining;
    let mut i = 0;
    while i < tlvs_length {
        if !fits(i, 1) {
            return Err(Stop::Invalid);
        }
        let t = *cp.get(i).ok_or(Stop::Truncated)?;
        if t == 0 {
            nd.s(if v { "\n\tPad 1" } else { " pad1" });
            i += 1;
            continue;
        }
        if !fits(i, 2) {
            return Err(Stop::Invalid);
        }
        let len = usize::from(*cp.get(i + 1).ok_or(Stop::Truncated)?);
        if !fits(i, 2 + len) {
            return Err(Stop::Invalid);
        }
        // The whole TLV was captured: the reads below stay inside it.
        let m = cp.get(i..i + 2 + len).ok_or(Stop::Truncated)?;
        let b16 = |o: usize| u16::from_be_bytes([m[o], m[o + 1]]);
        let b32 = |o: usize| u32::from_be_bytes([m[o], m[o + 1], m[o + 2], m[o + 3]]);
        match t {
            1 => {
                if v {
                    nd.f(format_args!("\n\tPad {}", len + 2));
                } else {
                    nd.s(" padN");
                }
            }
            2 => {
                if v {
                    nd.s("\n\tAcknowledgment Request ");
                    if len < 6 {
                        return Err(Stop::Invalid);
                    }
                    nd.f(format_args!("{:04x} ", b16(4)));
                    interval(nd, b16(6));
                } else {
                    nd.s(" ack-req");
                }
            }
            3 => {
                if v {
                    nd.s("\n\tAcknowledgment ");
                    if len < 2 {
                        return Err(Stop::Invalid);
                    }
                    nd.f(format_args!("{:04x}", b16(2)));
                } else {
                    nd.s(" ack");
                }
            }
            4 => {
                if v {
                    nd.s("\n\tHello ");
                    if len < 6 {
                        return Err(Stop::Invalid);
                    }
                    if b16(2) & 0x8000 != 0 {
                        nd.s("(Unicast) ");
                    }
                    nd.f(format_args!("seqno {} ", b16(4)));
                    let iv = b16(6);
                    if iv != 0 {
                        nd.s("interval ");
                        interval(nd, iv);
                    } else {
                        nd.s("unscheduled");
                    }
                    if len > 6 {
                        subtlvs(nd, &m[8..], t);
                    }
                } else {
                    nd.s(" hello");
                }
            }
            5 => {
                if v {
                    nd.s("\n\tIHU ");
                    if len < 6 {
                        return Err(Stop::Invalid);
                    }
                    let ae = m[2];
                    match network_address(ae, &m[8..], len - 6) {
                        None => nd.trunc(),
                        Some((rc, a)) => {
                            if ae == 0 {
                                nd.s("any");
                            } else {
                                address(nd, &a);
                            }
                            nd.f(format_args!(" rxcost {} interval ", b16(4)));
                            interval(nd, b16(6));
                            if rc < len - 6 {
                                subtlvs(nd, &m[8 + rc..], t);
                            }
                        }
                    }
                } else {
                    nd.s(" ihu");
                }
            }
            6 => {
                if v {
                    nd.s("\n\tRouter Id");
                    if len < 10 {
                        return Err(Stop::Invalid);
                    }
                    nd.s(" ");
                    id(nd, &m[4..12]);
                } else {
                    nd.s(" router-id");
                }
            }
            7 => {
                if v {
                    nd.s("\n\tNext Hop");
                    if len < 2 {
                        return Err(Stop::Invalid);
                    }
                    let ae = m[2];
                    let (_, a) = network_address(ae, &m[4..], len - 2).ok_or(Stop::Invalid)?;
                    nd.s(" ");
                    if ae == 0 {
                        nd.s("invalid AE 0");
                    } else {
                        address(nd, &a);
                    }
                } else {
                    nd.s(" nh");
                }
            }
            8 => {
                if !v {
                    nd.s(" update");
                    if len < 10 {
                        return Err(Stop::Invalid);
                    }
                    update_flags(nd, m[3]);
                } else {
                    nd.s("\n\tUpdate");
                    if len < 10 {
                        return Err(Stop::Invalid);
                    }
                    let ae = m[2];
                    let plen = m[4].wrapping_add(if ae == 1 { 96 } else { 0 });
                    let prev = if ae == 1 { &v4_prefix } else { &v6_prefix };
                    let (rc, p) = network_prefix(
                        ae,
                        Some(m[4]),
                        usize::from(m[5]),
                        &m[12..],
                        Some(prev),
                        len - 10,
                    )
                    .ok_or(Stop::Invalid)?;
                    update_flags(nd, m[3]);
                    nd.s(" ");
                    if ae == 0 {
                        nd.s("any");
                    } else {
                        prefix(nd, &p, plen);
                    }
                    nd.f(format_args!(
                        " metric {} seqno {} interval ",
                        b16(10),
                        b16(8)
                    ));
                    interval_update(nd, b16(6));
                    if m[3] & 0x80 != 0 {
                        if ae == 1 {
                            v4_prefix = p;
                        } else {
                            v6_prefix = p;
                        }
                    }
                    if rc < len - 10 {
                        subtlvs(nd, &m[12 + rc..], t);
                    }
                }
            }
            9 => {
                if v {
                    nd.s("\n\tRoute Request ");
                    if len < 2 {
                        return Err(Stop::Invalid);
                    }
                    let ae = m[2];
                    let plen = m[3].wrapping_add(if ae == 1 { 96 } else { 0 });
                    let (_, p) = network_prefix(ae, Some(m[3]), 0, &m[4..], None, len - 2)
                        .ok_or(Stop::Invalid)?;
                    nd.s("for ");
                    if ae == 0 {
                        nd.s("any");
                    } else {
                        prefix(nd, &p, plen);
                    }
                } else {
                    nd.s(" route-request");
                }
            }
            10 => {
                if v {
                    nd.s("\n\tSeqno Request ");
                    if len < 14 {
                        return Err(Stop::Invalid);
                    }
                    let ae = m[2];
                    let (_, p) = network_prefix(ae, Some(m[3]), 0, &m[16..], None, len - 14)
                        .ok_or(Stop::Invalid)?;
                    let plen = m[3].wrapping_add(if ae == 1 { 96 } else { 0 });
                    nd.f(format_args!("({} hops) for ", m[6]));
                    if ae == 0 {
                        nd.s("invalid AE 0");
                    } else {
                        prefix(nd, &p, plen);
                    }
                    nd.f(format_args!(" seqno {} id ", b16(4)));
                    id(nd, &m[8..16]);
                } else {
                    nd.s(" seqno-request");
                }
            }
            11 => {
                if v {
                    nd.s("\n\tTS/PC ");
                    if len < 6 {
                        return Err(Stop::Invalid);
                    }
                    nd.f(format_args!(
                        "timestamp {} packetcounter {}",
                        b32(4),
                        b16(2)
                    ));
                } else {
                    nd.s(" tspc");
                }
            }
            12 => {
                if v {
                    nd.s("\n\tHMAC ");
                    if len < 18 {
                        return Err(Stop::Invalid);
                    }
                    nd.f(format_args!("key-id {} digest-{} ", b16(2), len - 2));
                    for &x in &m[4..len + 2] {
                        nd.f(format_args!("{x:02X}"));
                    }
                } else {
                    nd.s(" hmac");
                }
            }
            13 => {
                if v {
                    nd.s("\n\tSS-Update");
                    if len < 10 {
                        return Err(Stop::Invalid);
                    }
                    let (ae, src_plen, plen, omitted) = (m[2], m[3], m[4], usize::from(m[5]));
                    let prev = if ae == 1 { &v4_prefix } else { &v6_prefix };
                    let mut parsed = 10;
                    let (rc, p) =
                        network_prefix(ae, Some(plen), omitted, &m[12..], Some(prev), len - 10)
                            .ok_or(Stop::Invalid)?;
                    parsed += rc;
                    let (rc, sp) =
                        network_prefix(ae, Some(src_plen), 0, &m[2 + parsed..], None, len - parsed)
                            .ok_or(Stop::Invalid)?;
                    parsed += rc;
                    let extra = if ae == 1 { 96 } else { 0 };
                    nd.s(" ");
                    prefix(nd, &p, plen.wrapping_add(extra));
                    nd.s(" from ");
                    prefix(nd, &sp, src_plen.wrapping_add(extra));
                    nd.f(format_args!(
                        " metric {} seqno {} interval ",
                        b16(10),
                        b16(8)
                    ));
                    interval_update(nd, b16(6));
                    if parsed < len {
                        subtlvs(nd, &m[2 + parsed..], t);
                    }
                } else {
                    nd.s(" ss-update");
                }
            }
            14 => {
                if v {
                    nd.s("\n\tSS-Request ");
                    if len < 3 {
                        return Err(Stop::Invalid);
                    }
                    let (ae, plen, src_plen) = (m[2], m[3], m[4]);
                    let mut parsed = 3;
                    let (rc, p) =
                        network_prefix(ae, Some(plen), 0, &m[2 + parsed..], None, len - parsed)
                            .ok_or(Stop::Invalid)?;
                    parsed += rc;
                    let (_, sp) =
                        network_prefix(ae, Some(src_plen), 0, &m[2 + parsed..], None, len - parsed)
                            .ok_or(Stop::Invalid)?;
                    if ae == 0 {
                        nd.s("for any");
                    } else {
                        let extra = if ae == 1 { 96 } else { 0 };
                        nd.s("for (");
                        prefix(nd, &p, plen.wrapping_add(extra));
                        nd.s(", ");
                        prefix(nd, &sp, src_plen.wrapping_add(extra));
                        nd.s(")");
                    }
                } else {
                    nd.s(" ss-request");
                }
            }
            15 => {
                if v {
                    nd.s("\n\tSS-MH-Request ");
                    if len < 14 {
                        return Err(Stop::Invalid);
                    }
                    let (ae, plen, hopc, src_plen) = (m[2], m[3], m[6], m[7]);
                    let mut parsed = 14;
                    let (rc, p) =
                        network_prefix(ae, Some(plen), 0, &m[2 + parsed..], None, len - parsed)
                            .ok_or(Stop::Invalid)?;
                    parsed += rc;
                    let (_, sp) =
                        network_prefix(ae, Some(src_plen), 0, &m[2 + parsed..], None, len - parsed)
                            .ok_or(Stop::Invalid)?;
                    let extra = if ae == 1 { 96 } else { 0 };
                    nd.f(format_args!("({hopc} hops) for ("));
                    prefix(nd, &p, plen.wrapping_add(extra));
                    nd.s(", ");
                    prefix(nd, &sp, src_plen.wrapping_add(extra));
                    nd.f(format_args!(") seqno {} id ", b16(4)));
                    id(nd, &m[8..16]);
                } else {
                    nd.s(" ss-mh-request");
                }
            }
            16 => {
                if v {
                    nd.f(format_args!("\n\tMAC len {len}"));
                } else {
                    nd.s(" mac");
                }
            }
            17 => {
                if v {
                    nd.s("\n\tPC");
                    if len < 4 {
                        return Err(Stop::Invalid);
                    }
                    nd.f(format_args!(" value {} index len {}", b32(2), len - 4));
                } else {
                    nd.s(" pc");
                }
            }
            18 | 19 => {
                if v {
                    nd.s(if t == 18 {
                        "\n\tChallenge Request"
                    } else {
                        "\n\tChallenge Reply"
                    });
                    if len > 192 {
                        return Err(Stop::Invalid);
                    }
                    nd.f(format_args!(" len {len}"));
                } else {
                    nd.s(if t == 18 {
                        " challenge_request"
                    } else {
                        " challenge_reply"
                    });
                }
            }
            _ => {
                if v {
                    nd.f(format_args!("\n\tUnknown message type {t}"));
                } else {
                    nd.s(" unknown");
                }
            }
        }
        i += len + 2;
    }
    Ok(())
}

/// An update's flags: prefix, router id, anything else.
fn update_flags(nd: &mut Nd<'_>, f: u8) {
    if f & 0x80 != 0 {
        nd.s("/prefix");
    }
    if f & 0x40 != 0 {
        nd.s("/id");
    }
    if f & 0x3f != 0 {
        nd.s("/unknown");
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn babel_hello_ihu() {
        check(
            113,
            "-n",
            76,
            "0000030a0000000000000000000086dd6000000000141101fe8000000000000068d31235d0681f9eff0200000000000000000000000100061a291a2900140d902a020008040600001f6a07d0",
            "IP6 fe80::68d3:1235:d068:1f9e.6697 > ff02::1:6.6697: babel 2 (8) hello",
        );
    }

    #[test]
    fn babel_updates_v() {
        check(
            113,
            "-n -v",
            178,
            "0000030a0000000000000000000086dd60000000007a1101fe8000000000000068d31235d0681f9eff0200000000000000000000000100061a291a29007a6dff2a02006e081d02c080001f407e1000012001066033018063021884fffe1a615d02010607060100c0a804190811010020001f407e100001c0a804c3020106081202c0800a1f409cd50000f3fffea9914e0200080c020000001f409cd500c402000810010020001f409cd50000c0a804190200",
            "IP6 (hlim 1, next-header UDP (17) payload length: 122) fe80::68d3:1235:d068:1f9e.6697 > ff02::1:6.6697: [udp sum ok] babel 2 (110)\n\tUpdate/prefix/id 2001:660:3301:8063:218:84ff:fe1a:615d/128 metric 1 seqno 32272 interval 80.00s sub-diversity 6\n\tNext Hop 192.168.4.25\n\tUpdate 192.168.4.195/32 metric 1 seqno 32272 interval 80.00s sub-diversity 6\n\tUpdate/prefix/id 2001:660:3301:8063:218:f3ff:fea9:914e/128 metric 0 seqno 40149 interval 80.00s sub-diversity empty\n\tUpdate ::/0 metric 196 seqno 40149 interval 80.00s sub-diversity empty\n\tUpdate 192.168.4.25/32 metric 0 seqno 40149 interval 80.00s sub-diversity empty",
        );
    }

    #[test]
    fn babel_updates() {
        check(
            113,
            "-n",
            178,
            "0000030a0000000000000000000086dd60000000007a1101fe8000000000000068d31235d0681f9eff0200000000000000000000000100061a291a29007a6dff2a02006e081d02c080001f407e1000012001066033018063021884fffe1a615d02010607060100c0a804190811010020001f407e100001c0a804c3020106081202c0800a1f409cd50000f3fffea9914e0200080c020000001f409cd500c402000810010020001f409cd50000c0a804190200",
            "IP6 fe80::68d3:1235:d068:1f9e.6697 > ff02::1:6.6697: babel 2 (110) update/prefix/id nh update update/prefix/id update update",
        );
    }

    #[test]
    fn babel_hmac_v() {
        check(
            1,
            "-n -v",
            490,
            "333300010006b09928c8d64686dd6c00000001b41101fe80000000000000b29928fffec8d646ff0200000000000000000000000100061a281a2801b4298d2a0201a804060000e3160190080a00400000ffffa1afffff090200000b0600024fd0c1f00c16001ead0fa7cd8d5a1898ec5409c8edda68b3aca21b800c2200328239f283d985047fa4b88597fde3246455c6e4dd917b1441c2f3a82b9f7376740c4203e86718cb4c2bb0976c127ab3cccbfa1105a1d158f035bc9fad86b0610a7acd27e5a3d5a3090ffb0312d7cbb31834e5d3ea2b68cd1fec3cfb9ce731d16ba8feba8c0c3203e8d2a5b80ff9d006907e3b6601c0c255d7d12d6ec61815e413a334e2a0d9271c75afbc086c070c714e3eff3496c20c56fb0c1600647213ced66fe7154034ec64cd14ae4142a092df330c4207d02a5d9d55393b19e440fac49bda521e18a7fe77f7ab4a90377009e46e2ffe49336435c7e4e7be215996df4f59c167ea1cccdb4ff788da29a30e34d974307adff40c3207d0fe91af27eee137ef489f37fee449100cda8ccb3e794d0c4a225d12724a8ce2ffc85811b879cc566fd172269847091ed10c420bb838c4d82883a5778500d728d1e243e7579de96fa726c9db7f0805c52e96fefdce7a5fb9af2cb845703926eaab43c3e44989d6ccb158fc06db455e9f8d0550b54f",
            "IP6 (class 0xc0, hlim 1, next-header UDP (17) payload length: 436) fe80::b299:28ff:fec8:d646.6696 > ff02::1:6.6696: [udp sum ok] babel 2 (424)\n\tHello seqno 58134 interval 4.00s\n\tUpdate/id any metric 65535 seqno 41391 interval infinity\n\tRoute Request for any\n\tTS/PC timestamp 1339081200 packetcounter 2\n\tHMAC key-id 30 digest-20 AD0FA7CD8D5A1898EC5409C8EDDA68B3ACA21B80\n\tHMAC key-id 50 digest-32 8239F283D985047FA4B88597FDE3246455C6E4DD917B1441C2F3A82B9F737674\n\tHMAC key-id 1000 digest-64 6718CB4C2BB0976C127AB3CCCBFA1105A1D158F035BC9FAD86B0610A7ACD27E5A3D5A3090FFB0312D7CBB31834E5D3EA2B68CD1FEC3CFB9CE731D16BA8FEBA8C\n\tHMAC key-id 1000 digest-48 D2A5B80FF9D006907E3B6601C0C255D7D12D6EC61815E413A334E2A0D9271C75AFBC086C070C714E3EFF3496C20C56FB\n\tHMAC key-id 100 digest-20 7213CED66FE7154034EC64CD14AE4142A092DF33\n\tHMAC key-id 2000 digest-64 2A5D9D55393B19E440FAC49BDA521E18A7FE77F7AB4A90377009E46E2FFE49336435C7E4E7BE215996DF4F59C167EA1CCCDB4FF788DA29A30E34D974307ADFF4\n\tHMAC key-id 2000 digest-48 FE91AF27EEE137EF489F37FEE449100CDA8CCB3E794D0C4A225D12724A8CE2FFC85811B879CC566FD172269847091ED1\n\tHMAC key-id 3000 digest-64 38C4D82883A5778500D728D1E243E7579DE96FA726C9DB7F0805C52E96FEFDCE7A5FB9AF2CB845703926EAAB43C3E44989D6CCB158FC06DB455E9F8D0550B54F",
        );
    }

    #[test]
    fn babel_rtt_v() {
        check(
            101,
            "-n -v",
            92,
            "6c00000000341101fe80000000000000505400fffe234567ff0200000000000000000000000100061a281a28003415d22a020028040c00003ce10190030405a47b3705180300006004b0505400fffe855da90308847f994b05725184",
            "IP6 (class 0xc0, hlim 1, next-header UDP (17) payload length: 52) fe80::5054:ff:fe23:4567.6696 > ff02::1:6.6696: [udp sum ok] babel 2 (40)\n\tHello seqno 15585 interval 4.00s sub-timestamp 94.665527s\n\tIHU fe80::5054:ff:fe85:5da9 rxcost 96 interval 12.00s sub-timestamp 2222.954827s|91.378052s",
        );
    }

    #[test]
    fn babel_pad1() {
        check(
            1,
            "-n",
            75,
            "333300010006b09928c8d64686dd6c00000000151101fe80000000000000b29928fffec8d646ff0200000000000000000000000100061a281a28001592962a020009040600005b09019000",
            "IP6 fe80::b299:28ff:fec8:d646.6696 > ff02::1:6.6696: babel 2 (9) hello pad1",
        );
    }

    #[test]
    fn babel_mac_pc_v() {
        check(
            1,
            "-n -v",
            122,
            "333300010006d481d7ba911186dd6c08306800441101fe800000000000008d84d538a212c6ddff0200000000000000000000000100061a281a280044c98d2a02001604060000de0b0190110c000000031450a2a84902d0a8102060a65fcfff062481743bbd1e3e50b28273500f01943ce7f3a0bc1495fc302fc3",
            "IP6 (class 0xc0, flowlabel 0x83068, hlim 1, next-header UDP (17) payload length: 68) fe80::8d84:d538:a212:c6dd.6696 > ff02::1:6.6696: [bad udp cksum 0xc98d -> 0x1c5e!] babel 2 (22)\n\tHello seqno 56843 interval 4.00s\n\tPC value 3 index len 8\n\t----\n\tMAC len 32",
        );
    }

    #[test]
    fn babel_diversity_v() {
        check(
            1,
            "-n -v",
            198,
            "333300010006d481d7ba911186dd6c08306800901101fe800000000000008d84d538a212c6ddff0200000000000000000000000100061a281a280090c9d92a02006204060000de0f0190050e0300ffff04b0e091f5fffecc7abd060a0000d681d7fffeba9111081a02808000064031ac0000fd77e11e3d7300000000000000000151081202808008064031ac0000dee3dca322447264110c000000071450a2a84902d0a81020ef8889a82673c516dfd52dfa5eb9fa6395c1073fd5fec59d59191e2435eb808a",
            "IP6 (class 0xc0, flowlabel 0x83068, hlim 1, next-header UDP (17) payload length: 144) fe80::8d84:d538:a212:c6dd.6696 > ff02::1:6.6696: [bad udp cksum 0xc9d9 -> 0x3ba0!] babel 2 (98)\n\tHello seqno 56847 interval 4.00s\n\tIHU fe80::e091:f5ff:fecc:7abd rxcost 65535 interval 12.00s\n\tRouter Id d6:81:d7:ff:fe:ba:91:11\n\tUpdate/prefix fd77:e11e:3d73::151/128 metric 0 seqno 12716 interval 16.00s\n\tUpdate/prefix fd77:e11e:3d73:0:dee3:dca3:2244:7264/128 metric 0 seqno 12716 interval 16.00s\n\tPC value 7 index len 8\n\t----\n\tMAC len 32",
        );
    }

    #[test]
    fn babel_truncated() {
        check(
            1,
            "-n -v",
            96,
            "333300010006d481d7ba911186dd6c08306800901101fe800000000000008d84d538a212c6ddff0200000000000000000000000100061a281a280090c9d92a02006204060000de0f0190050e0300ffff04b0e091f5fffecc7abd060a0000d681",
            "IP6 truncated-ip6 - 102 bytes missing!(class 0xc0, flowlabel 0x83068, hlim 1, next-header UDP (17) payload length: 144) fe80::8d84:d538:a212:c6dd.6696 > ff02::1:6.6696: babel 2 (98)\n\tHello seqno 56847 interval 4.00s\n\tIHU fe80::e091:f5ff:fecc:7abd rxcost 65535 interval 12.00s [|babel]",
        );
    }

    #[test]
    fn babel_bad_magic() {
        check(
            101,
            "-n",
            52,
            "6c00000000081101fe80000000000000505400fffe234567ff0200000000000000000000000100061a281a28000815d22b020000",
            "IP6 fe80::5054:ff:fe23:4567.6696 > ff02::1:6.6696: babel [|babel]",
        );
    }
}
