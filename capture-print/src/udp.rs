//! UDP, as tcpdump's print-udp.c: ports, `-vv` checksum, and the DNS hand-off.
use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, Res, be16, dns, has};

fn addrs(nd: &mut Nd<'_>, ip: &IpHdr<'_>, ports: Option<(u16, u16)>) {
    if ip.first_proto == 17 {
        ip.src(nd);
        if let Some((s, _)) = ports {
            nd.s(".");
            nd.names.udp_port(nd.o, s);
        }
        nd.s(" > ");
        ip.dst(nd);
        if let Some((_, d)) = ports {
            nd.s(".");
            nd.names.udp_port(nd.o, d);
        }
        nd.s(": ");
    } else if let Some((s, d)) = ports {
        nd.names.udp_port(nd.o, s);
        nd.s(" > ");
        nd.names.udp_port(nd.o, d);
        nd.s(": ");
    }
}

/// Prints a UDP datagram; `length` is the IP payload length.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    length: usize,
    ip: IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "udp";
    if bp.len() < 4 {
        addrs(nd, &ip, None);
        return nd.trunc_here();
    }
    let sport = be16(bp, 0)?;
    let dport = be16(bp, 2)?;
    let ports = Some((sport, dport));
    if length < 8 {
        addrs(nd, &ip, ports);
        nd.f(format_args!("truncated-udp {length}"));
        return Ok(());
    }
    if bp.len() < 6 {
        addrs(nd, &ip, ports);
        return nd.trunc_here();
    }
    let mut ulen = be16(bp, 4)? as usize;
    // IPv6 jumbograms (RFC 2675) carry a zero UDP length.
    if ulen == 0 && length > 65535 {
        ulen = length;
    }
    if ulen < 8 {
        addrs(nd, &ip, ports);
        nd.f(format_args!("truncated-udplength {ulen}"));
        return Ok(());
    }
    let ulen = ulen - 8;
    let mut length = length - 8;
    if ulen < length {
        length = ulen;
    }
    if bp.len() < 8 {
        addrs(nd, &ip, ports);
        return nd.trunc_here();
    }
    addrs(nd, &ip, ports);
    let cp = &bp[8..];
    if nd.opts.verbose > 0 && !nd.opts.no_checksum && !fragmented {
        let field = be16(bp, 6)?;
        if !ip.v6 && nd.opts.verbose > 1 {
            if field == 0 {
                nd.s("[no cksum] ");
            } else if has(cp, 0, length) {
                checksum(nd, bp, length + 8, &ip, field);
            }
        } else if ip.v6 && has(cp, 0, length) {
            checksum(nd, bp, length + 8, &ip, field);
        }
    }
    if !nd.opts.quiet {
        if sport == 53 || dport == 53 {
            return dns::print(nd, cp, length, false);
        }
        if sport == 5353 || dport == 5353 {
            let mut l = length;
            return dns::print_mdns(nd, cp, &mut l, false, true);
        }
        if matches!(sport, 67 | 68) || matches!(dport, 67 | 68) {
            return bootp(nd, cp, length);
        }
        if sport == 123 || dport == 123 {
            return ntp(nd, cp, length);
        }
        if sport == 49152 {
            return super::bcm_li::print(nd, cp, length);
        }
        if sport == 1589 || dport == 1589 {
            return super::vqp::print(nd, cp, length);
        }
        if super::atalk::is_kip(cp, sport, dport) {
            if nd.opts.verbose > 0 {
                nd.s("kip ");
            }
            return super::atalk::llap_print(nd, cp, length).map(|_| ());
        }
        if matches!(sport, 319 | 320) || matches!(dport, 319 | 320) {
            return super::ptp::print(nd, cp, length);
        }
    }
    if ulen > length && !fragmented {
        nd.f(format_args!("UDP, bad length {ulen} > {length}"));
    } else {
        nd.s("UDP, length ");
        nd.u(ulen as u64);
    }
    Ok(())
}

fn checksum(nd: &mut Nd<'_>, bp: &[u8], len: usize, ip: &IpHdr<'_>, field: u16) {
    let sum = fold(sum_words(ip.pseudo(17, len), &bp[..len]));
    if sum != 0 {
        nd.f(format_args!(
            "[bad udp cksum 0x{field:04x} -> 0x{:04x}!] ",
            cksum_shouldbe(field, sum)
        ));
    } else {
        nd.s("[udp sum ok] ");
    }
}

/// The first line of tcpdump's BOOTP/DHCP printer (`-v` details are not decoded).
fn bootp(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "bootp";
    let op = super::u8at(bp, 0)?;
    match op {
        1 => nd.s("BOOTP/DHCP, Request"),
        2 => nd.s("BOOTP/DHCP, Reply"),
        _ => nd.f(format_args!("BOOTP/DHCP, unknown (0x{op:02x})")),
    }
    let hlen = super::u8at(bp, 2)?;
    if super::u8at(bp, 1)? == 1 && hlen == 6 && op == 1 {
        nd.s(" from ");
        nd.mac(super::sl(bp, 28, 6)?);
    }
    nd.f(format_args!(", length {length}"));
    Ok(())
}

/// The first line of tcpdump's NTP printer (`-v` details are not decoded).
fn ntp(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "ntp";
    let status = super::u8at(bp, 0)?;
    nd.f(format_args!("NTPv{}", (status >> 3) & 7));
    let mode = match status & 7 {
        0 => "unspecified",
        1 => "symmetric active",
        2 => "symmetric passive",
        3 => "Client",
        4 => "Server",
        5 => "Broadcast",
        6 => "Control Message",
        _ => "Reserved",
    };
    nd.f(format_args!(", {mode}, length {length}"));
    Ok(())
}
