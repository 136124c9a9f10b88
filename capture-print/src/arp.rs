//! ARP and RARP, as tcpdump's print-arp.c.
use super::ether::ETHERTYPES;
use super::{Nd, Res, Trunc, ascii, be16, has, tok};

const ARPHRD: &[(u32, &str)] = &[
    (1, "Ethernet"),
    (6, "TokenRing"),
    (7, "ArcNet"),
    (15, "FrameRelay"),
    (23, "Strip"),
    (19, "ATM"),
    (24, "IEEE 1394"),
    (32, "InfiniBand"),
];
const ARPOP: &[(u32, &str)] = &[
    (1, "Request"),
    (2, "Reply"),
    (3, "Reverse Request"),
    (4, "Reverse Reply"),
    (8, "Inverse Request"),
    (9, "Inverse Reply"),
    (10, "NACK Reply"),
];

/// The kind of hardware address, for tcpdump's `linkaddr_string`.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Ether,
    FrameRelay,
    Atm,
}

/// tcpdump's `linkaddr_string`: a MAC (six bytes of an Ethernet-like type), a Frame Relay
/// DLCI, or colon-separated hex.
fn linkaddr(nd: &mut Nd<'_>, a: &[u8], kind: Kind) {
    match kind {
        _ if a.is_empty() => nd.s("<empty>"),
        Kind::Ether if a.len() == 6 => nd.mac(a),
        Kind::FrameRelay => super::fr::q922_string(nd, a),
        _ => {
            for (i, b) in a.iter().enumerate() {
                if i > 0 {
                    nd.s(":");
                }
                nd.f(format_args!("{b:02x}"));
            }
        }
    }
}

/// Prints an ARP packet; `length` is what is left of the frame.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "arp";
    if p.len() < 8 {
        return Err(Trunc);
    }
    let hrd = be16(p, 0)?;
    if hrd == 19 {
        return atmarp(nd, p, length);
    }
    let kind = if hrd == 15 {
        Kind::FrameRelay
    } else {
        Kind::Ether
    };
    let pro = be16(p, 2)?;
    let hln = p[4] as usize;
    let pln = p[5] as usize;
    let op = be16(p, 6)?;
    let sha = 8;
    let spa = sha + hln;
    let tha = spa + pln;
    let tpa = tha + hln;
    if !has(p, tpa, pln) {
        return Err(Trunc);
    }
    if !nd.opts.link_header {
        nd.s("ARP, ");
    }
    let ip_like = pro == 0x0800 || pro == 0x1000;
    if !ip_like || pln != 4 || hln == 0 || nd.opts.verbose > 0 {
        match tok(ARPHRD, hrd as u32) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("Unknown Hardware ({hrd})")),
        }
        nd.f(format_args!(" (len {hln}), "));
        match tok(ETHERTYPES, pro as u32) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("Unknown Protocol (0x{pro:04x})")),
        }
        nd.f(format_args!(" (len {pln})"));
        if nd.opts.verbose == 0 {
            nd.f(format_args!(", length {length}"));
            return Ok(());
        }
    }
    if nd.opts.verbose > 0 {
        nd.s(", ");
    }
    match tok(ARPOP, op as u32) {
        Some(n) => nd.s(n),
        None => nd.f(format_args!("Unknown ({op})")),
    }
    nd.s(" ");
    let proto_addr = |nd: &mut Nd<'_>, off: usize| protocol_address(nd, p, off, pln, ip_like);
    match op {
        1 => {
            nd.s("who-has ");
            proto_addr(nd, tpa);
            if p[tha..tha + hln].iter().any(|&b| b != 0) {
                nd.s(" (");
                linkaddr(nd, &p[tha..tha + hln], kind);
                nd.s(")");
            }
            nd.s(" tell ");
            proto_addr(nd, spa);
        }
        2 => {
            proto_addr(nd, spa);
            nd.s(" is-at ");
            linkaddr(nd, &p[sha..sha + hln], kind);
        }
        3 | 8 => {
            nd.s("who-is ");
            linkaddr(nd, &p[tha..tha + hln], kind);
            nd.s(" tell ");
            linkaddr(nd, &p[sha..sha + hln], kind);
        }
        4 => {
            linkaddr(nd, &p[tha..tha + hln], kind);
            nd.s(" at ");
            proto_addr(nd, tpa);
        }
        9 => {
            linkaddr(nd, &p[sha..sha + hln], kind);
            nd.s(" at ");
            proto_addr(nd, spa);
        }
        _ => {
            // tcpdump's ARP printer dumps unknown operations even under -x/-X.
            ascii::hex_and_ascii(nd.o, "\n\t", p);
            return Ok(());
        }
    }
    nd.f(format_args!(", length {length}"));
    Ok(())
}

/// ATM ARP (RFC 2225): variable-length addresses with sub-addresses.
fn atmarp(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if p.len() < 12 {
        return Err(Trunc);
    }
    let pro = be16(p, 2)?;
    let op = be16(p, 6)?;
    let (shl, ssl, spl) = (
        (p[4] & 0x3f) as usize,
        (p[5] & 0x3f) as usize,
        p[8] as usize,
    );
    let (thl, tsl, tpl) = (
        (p[9] & 0x3f) as usize,
        (p[10] & 0x3f) as usize,
        p[11] as usize,
    );
    let sha = 12;
    let spa = sha + shl + ssl;
    let tha = spa + spl;
    let tpa = tha + thl + tsl;
    if !has(p, tpa, tpl) {
        return Err(Trunc);
    }
    if !nd.opts.link_header {
        nd.s("ARP, ");
    }
    let ip_like = pro == 0x0800 || pro == 0x1000;
    if !ip_like || spl != 4 || tpl != 4 || nd.opts.verbose > 0 {
        nd.s("ATM, ");
        match tok(ETHERTYPES, pro as u32) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("Unknown Protocol (0x{pro:04x})")),
        }
        nd.f(format_args!(" (len {spl}/{tpl})"));
        if nd.opts.verbose == 0 {
            nd.f(format_args!(", length {length}"));
            return Ok(());
        }
        nd.s(", ");
    }
    match tok(ARPOP, op as u32) {
        Some(n) => nd.s(n),
        None => nd.f(format_args!("Unknown ({op})")),
    }
    nd.s(" ");
    // tcpdump's atmarp_[st]paddr_print: as for ARP, with the side in the length complaint.
    let proto_addr = |nd: &mut Nd<'_>, off: usize, l: usize, wrong: &str| {
        if ip_like && l != 4 {
            nd.s(wrong);
        } else {
            protocol_address(nd, p, off, l, ip_like);
        }
    };
    // tcpdump's atmarp_addr_print: the ATM number, and its subaddress after a comma.
    let atm_addr = |nd: &mut Nd<'_>, off: usize, l: usize, sl: usize| {
        if l == 0 {
            nd.s("<No address>");
        } else {
            linkaddr(nd, &p[off..off + l], Kind::Atm);
            if sl != 0 {
                nd.s(",");
                linkaddr(nd, &p[off + l..off + l + sl], Kind::Atm);
            }
        }
    };
    match op {
        1 => {
            nd.s("who-has ");
            proto_addr(nd, tpa, tpl, "<wrong tplen>");
            if thl != 0 {
                nd.s(" (");
                atm_addr(nd, tha, thl, tsl);
                nd.s(")");
            }
            nd.s(" tell ");
            proto_addr(nd, spa, spl, "<wrong splen>");
        }
        2 => {
            proto_addr(nd, spa, spl, "<wrong splen>");
            nd.s(" is-at ");
            atm_addr(nd, sha, shl, ssl);
        }
        8 => {
            nd.s("who-is ");
            atm_addr(nd, tha, thl, tsl);
            nd.s(" tell ");
            atm_addr(nd, sha, shl, ssl);
        }
        9 => {
            // tcpdump prints no space before "at" here.
            atm_addr(nd, sha, shl, ssl);
            nd.s("at ");
            proto_addr(nd, spa, spl, "<wrong splen>");
        }
        10 => {
            nd.s("for ");
            proto_addr(nd, spa, spl, "<wrong splen>");
        }
        _ => {
            // tcpdump's ARP printer dumps unknown operations even under -x/-X.
            ascii::hex_and_ascii(nd.o, "\n\t", p);
            return Ok(());
        }
    }
    nd.f(format_args!(", length {length}"));
    Ok(())
}

/// tcpdump's ARP protocol address: an IPv4 address (named without -n), or why it is not one.
fn protocol_address(nd: &mut Nd<'_>, p: &[u8], off: usize, len: usize, ip_like: bool) {
    if !ip_like {
        nd.s("<wrong proto type>");
    } else if len != 4 {
        nd.s("<wrong len>");
    } else {
        nd.host4(&p[off..off + 4]);
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;
    use crate::{Options, tests::print_one};

    /// tcpdump's hardware names: Strip is type 23, type 16 has none.
    #[test]
    fn hardware_types() {
        check_n(
            1,
            "-v",
            "001122334455665544332211080600100800060400010102030405060a0000010000000000000a000002",
            "ARP, Unknown Hardware (16) (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 28",
        );
        check_n(
            1,
            "-v",
            "001122334455665544332211080600170800060400010102030405060a0000010000000000000a000002",
            "ARP, Strip (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 28",
        );
    }

    /// Frame Relay hardware addresses are Q.922 addresses, whatever their length.
    #[test]
    fn frame_relay_addresses() {
        check_n(
            1,
            "-v",
            "0011223344556655443322110806000f080004040002184100000a000001000000000a000002",
            "ARP, FrameRelay (len 4), IPv4 (len 4), Reply 10.0.0.1 is-at DLCI 100, length 24",
        );
        check_n(
            1,
            "-v",
            "0011223344556655443322110806000f0800060400020102030405060a0000010000000000000a000002",
            "ARP, FrameRelay (len 6), IPv4 (len 4), Reply 10.0.0.1 is-at <Invalid DLCI>, length 28",
        );
    }

    /// ATM ARP's inverse operations and NAK, with subaddresses and the side-named length
    /// complaint.
    #[test]
    fn atmarp_operations() {
        check_n(
            1,
            "-v",
            "0011223344556655443322110806001308000302000804030004aabbcc01020a000001ddeeff0a000002",
            "ARP, ATM, IPv4 (len 4/4), Inverse Request who-is dd:ee:ff tell aa:bb:cc,01:02, length 28",
        );
        check_n(
            1,
            "-v",
            "0011223344556655443322110806001308000300000904000004aabbcc0a0000010a000002",
            "ARP, ATM, IPv4 (len 4/4), Inverse Reply aa:bb:ccat 10.0.0.1, length 23",
        );
        check_n(
            1,
            "-v",
            "0011223344556655443322110806001308000000000a0500000400000000000a000002",
            "ARP, ATM, IPv4 (len 5/4), NACK Reply for <wrong splen>, length 21",
        );
    }

    #[test]
    fn request_and_reply() {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[0, 0x1f, 0x29, 0xda, 0x2d, 0x79, 8, 6]);
        f.extend_from_slice(&[
            0, 1, 8, 0, 6, 4, 0, 1, 0, 0x1f, 0x29, 0xda, 0x2d, 0x79, 192, 168, 1, 104,
        ]);
        f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 192, 168, 1, 1]);
        let s = print_one(
            Options {
                timestamp: 1,
                numeric: 1,
                ..Default::default()
            },
            1,
            &f,
        );
        assert_eq!(
            s,
            "ARP, Request who-has 192.168.1.1 tell 192.168.1.104, length 28\n"
        );
    }
}
