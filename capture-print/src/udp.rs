//! UDP, as tcpdump's print-udp.c: ports, `-vv` checksum, and the DNS hand-off.
use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{
    Nd, PacketType, Res, be16, be32, bfd, dns, has, krb, ldp, lmp, nfs, rtp, rx, snmp, sunrpc,
    timed, wb,
};

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
    let cp = &bp[8..];
    if let Some(pt) = nd.opts.packet_type {
        if pt == PacketType::Rpc {
            // The RPC printers print the addresses themselves, with RPC IDs for ports.
            return if be32(cp, 4)? == nfs::CALL {
                sunrpc::print(nd, cp, length, &ip)
            } else {
                nfs::reply_print(nd, cp, length, &ip)
            };
        }
        addrs(nd, &ip, ports);
        return match pt {
            PacketType::Lmp => lmp::print(nd, cp, length),
            PacketType::Snmp => snmp::print(nd, cp, length),
            PacketType::Vat => rtp::vat(nd, cp, length),
            PacketType::Wb => wb::print(nd, cp, length),
            PacketType::Rtp => rtp::rtp(nd, cp, length),
            PacketType::Rtcp => rtp::rtcp(nd, cp),
            _ => Ok(()),
        };
    }
    addrs(nd, &ip, ports);
    if !nd.opts.quiet && has(cp, 4, 4) {
        let direction = be32(cp, 4)?;
        if dport == nfs::PORT && direction == nfs::CALL {
            nd.f(format_args!("NFS request xid {} ", be32(cp, 0)?));
            return nfs::req_noaddr(nd, cp, length, &ip);
        }
        if sport == nfs::PORT && direction == nfs::REPLY {
            nd.f(format_args!("NFS reply xid {} ", be32(cp, 0)?));
            return nfs::reply_noaddr(nd, cp, length, &ip);
        }
    }
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
        if sport == timed::PORT || dport == timed::PORT {
            return timed::print(nd, cp);
        }
        if matches!(sport, 67 | 68) || matches!(dport, 67 | 68) {
            return bootp(nd, cp, length);
        }
        if matches!(sport, snmp::PORT | snmp::TRAP_PORT)
            || matches!(dport, snmp::PORT | snmp::TRAP_PORT)
        {
            return snmp::print(nd, cp, length);
        }
        if sport == 123 || dport == 123 {
            return ntp(nd, cp, length);
        }
        if matches!(sport, krb::PORT | krb::SEC_PORT) || matches!(dport, krb::PORT | krb::SEC_PORT)
        {
            return krb::print(nd, cp);
        }
        if dport == rtp::VAT_PORT {
            return rtp::vat(nd, cp, length);
        }
        if (rx::PORT_LOW..=rx::PORT_HIGH).contains(&sport)
            || (rx::PORT_LOW..=rx::PORT_HIGH).contains(&dport)
        {
            return rx::print(nd, cp, length, sport, dport, &ip);
        }
        if dport == wb::PORT {
            return wb::print(nd, cp, length);
        }
        if sport == ldp::PORT || dport == ldp::PORT {
            return ldp::print(nd, cp, length);
        }
        if matches!(
            dport,
            bfd::CONTROL_PORT | bfd::MULTIHOP_PORT | bfd::LAG_PORT | bfd::ECHO_PORT
        ) {
            return bfd::print(nd, cp, length, dport);
        }
        if sport == lmp::PORT || dport == lmp::PORT {
            return lmp::print(nd, cp, length);
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
