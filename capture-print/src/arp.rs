//! ARP and RARP, as tcpdump's print-arp.c.
use super::ether::ETHERTYPES;
use super::{Nd, Res, Trunc, ascii, be16, has, tok};

const ARPHRD: &[(u32, &str)] = &[
    (1, "Ethernet"),
    (6, "TokenRing"),
    (7, "ArcNet"),
    (15, "FrameRelay"),
    (16, "Strip"),
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

/// tcpdump's `linkaddr_string`: a MAC, or colon-separated hex for other lengths.
fn linkaddr(nd: &mut Nd<'_>, a: &[u8]) {
    if a.is_empty() {
        nd.s("<empty>");
    } else {
        // Six bytes print as a MAC (named without -n), other lengths as plain hex.
        nd.mac(a);
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
                linkaddr(nd, &p[tha..tha + hln]);
                nd.s(")");
            }
            nd.s(" tell ");
            proto_addr(nd, spa);
        }
        2 => {
            proto_addr(nd, spa);
            nd.s(" is-at ");
            linkaddr(nd, &p[sha..sha + hln]);
        }
        3 | 8 => {
            nd.s("who-is ");
            linkaddr(nd, &p[tha..tha + hln]);
            nd.s(" tell ");
            linkaddr(nd, &p[sha..sha + hln]);
        }
        4 => {
            linkaddr(nd, &p[tha..tha + hln]);
            nd.s(" at ");
            proto_addr(nd, tpa);
        }
        9 => {
            linkaddr(nd, &p[sha..sha + hln]);
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
    let proto_addr =
        |nd: &mut Nd<'_>, off: usize, l: usize| protocol_address(nd, p, off, l, ip_like);
    match op {
        1 => {
            nd.s("who-has ");
            proto_addr(nd, tpa, tpl);
            if thl != 0 {
                nd.s(" (");
                linkaddr(nd, &p[tha..tha + thl]);
                nd.s(")");
            }
            nd.s(" tell ");
            proto_addr(nd, spa, spl);
        }
        2 => {
            proto_addr(nd, spa, spl);
            nd.s(" is-at ");
            linkaddr(nd, &p[sha..sha + shl]);
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
    use crate::{Options, tests::print_one};

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
