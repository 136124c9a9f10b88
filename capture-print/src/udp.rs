//! UDP, as tcpdump's print-udp.c: ports, `-vv` checksum, and the hand-off to the printer of
//! the payload by `-T` type or by port.
use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, PacketType, Res, be16, be32, has};

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
            return if be32(cp, 4)? == super::nfs::CALL {
                super::sunrpc::print(nd, cp, length, &ip)
            } else {
                super::nfs::reply_print(nd, cp, length, &ip)
            };
        }
        return by_packet_type(nd, pt, cp, length, &ip, ports);
    }
    addrs(nd, &ip, ports);
    if !nd.opts.quiet && has(cp, 4, 4) {
        let direction = be32(cp, 4)?;
        if dport == super::nfs::PORT && direction == super::nfs::CALL {
            nd.f(format_args!("NFS request xid {} ", be32(cp, 0)?));
            return super::nfs::req_noaddr(nd, cp, length, &ip);
        }
        if sport == super::nfs::PORT && direction == super::nfs::REPLY {
            nd.f(format_args!("NFS reply xid {} ", be32(cp, 0)?));
            return super::nfs::reply_noaddr(nd, cp, length, &ip);
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
    if nd.opts.quiet {
        length_line(nd, ulen, length, fragmented);
        return Ok(());
    }
    let port = |p: u16| sport == p || dport == p;
    // The printers by port, in print-udp.c's order (the first match wins).
    if port(53) {
        super::dns::print(nd, cp, length, false)
    } else if port(5353) {
        super::dns::print_mdns(nd, cp, &mut { length }, false, true)
    } else if port(525) {
        super::timed::print(nd, cp)
    } else if port(69) {
        super::tftp::print(nd, cp, length)
    } else if port(67) || port(68) {
        super::bootp::print(nd, cp, length)
    } else if port(520) {
        super::rip::print(nd, cp, length)
    } else if port(654) {
        super::aodv::print(nd, cp, length, ip.v6)
    } else if port(500) {
        super::isakmp::print(nd, cp, length, &ip)
    } else if port(4500) {
        super::isakmp::print_rfc3948(nd, cp, length, &ip, fragmented)
    } else if port(7500) || port(8500) {
        super::isakmp::print(nd, cp, length, &ip)
    } else if port(161) || port(162) {
        super::snmp::print(nd, cp, length)
    } else if port(123) {
        super::ntp::print(nd, cp, length)
    } else if port(88) || port(750) {
        super::krb::print(nd, cp)
    } else if port(1701) {
        super::l2tp::print(nd, cp, length)
    } else if dport == 3456 {
        super::rtp::vat(nd, cp, length)
    } else if port(2103) || port(2104) {
        super::zephyr::print(nd, cp, length)
    } else if (7000..=7009).contains(&sport) || (7000..=7009).contains(&dport) {
        super::rx::print(nd, cp, length, sport, dport, &ip)
    } else if port(521) {
        super::ripng::print(nd, cp, length)
    } else if port(546) || port(547) {
        super::dhcp6::print(nd, cp, length)
    } else if port(5359) {
        super::ahcp::print(nd, cp, length)
    } else if port(6696) || port(6697) {
        super::babel::print(nd, cp, length)
    } else if port(8231) {
        super::hncp::print(nd, cp, length)
    } else if dport == 4567 {
        super::wb::print(nd, cp, length)
    } else if port(496) {
        super::pim::print_autorp(nd, cp, length)
    } else if port(1645) || port(1812) || port(1646) || port(1813) || port(1700) || port(3799) {
        super::radius::print(nd, cp, length)
    } else if dport == 1985 {
        super::hsrp::print(nd, cp, length)
    } else if port(921) {
        super::lwres::print(nd, cp, length)
    } else if port(646) {
        super::ldp::print(nd, cp, length)
    } else if port(698) {
        super::olsr::print(nd, cp, length, ip.v6)
    } else if port(3503) {
        super::lspping::print(nd, cp, length)
    } else if sport == 49152 {
        super::bcm_li::print(nd, cp, length)
    } else if matches!(dport, 3784 | 4784 | 6784 | 3785) {
        super::bfd::print(nd, cp, length, dport)
    } else if port(701) {
        super::lmp::print(nd, cp, length)
    } else if port(1589) {
        super::vqp::print(nd, cp, length)
    } else if port(6343) {
        super::sflow::print(nd, cp, length)
    } else if port(5060) {
        super::sip::print(nd, cp, length)
    } else if port(514) {
        super::syslog::print(nd, cp, length)
    } else if port(8472) {
        super::otv::print(nd, cp, length)
    } else if port(4789) {
        super::vxlan::print(nd, cp, length)
    } else if port(6081) {
        super::geneve::print(nd, cp, length)
    } else if port(4342) {
        super::lisp::print(nd, cp, length)
    } else if port(4790) {
        super::vxlan_gpe::print(nd, cp, length)
    } else if port(6635) {
        super::mpls::print(nd, cp, length)
    } else if super::atalk::is_kip(cp, sport, dport) {
        if nd.opts.verbose > 0 {
            nd.s("kip ");
        }
        super::atalk::llap_print(nd, cp, length).map(|_| ())
    } else if port(319) || port(320) {
        super::ptp::print(nd, cp, length)
    } else if port(30490) {
        super::someip::print(nd, cp, length)
    } else {
        length_line(nd, ulen, length, fragmented);
        Ok(())
    }
}

/// `-T`: the payload printed as the type names, whatever the ports (print-udp.c's
/// `ndo_packettype` switch), after the addresses. A type with no UDP printer (`carp`, `resp`,
/// `zmtp1`) prints nothing, not even the addresses, as that switch has no case for it.
fn by_packet_type(
    nd: &mut Nd<'_>,
    pt: PacketType,
    cp: &[u8],
    length: usize,
    ip: &IpHdr<'_>,
    ports: Option<(u16, u16)>,
) -> Res {
    if matches!(pt, PacketType::Carp | PacketType::Resp | PacketType::Zmtp1) {
        return Ok(());
    }
    addrs(nd, ip, ports);
    match pt {
        PacketType::Pgm | PacketType::PgmZmtp1 => super::pgm::print(nd, cp, length, ip),
        PacketType::Aodv => super::aodv::print(nd, cp, length, ip.v6),
        PacketType::Cnfp => super::cnfp::print(nd, cp),
        PacketType::Tftp => super::tftp::print(nd, cp, length),
        PacketType::Radius => super::radius::print(nd, cp, length),
        PacketType::Someip => super::someip::print(nd, cp, length),
        PacketType::Domain => super::dns::print(nd, cp, length, false),
        PacketType::Vxlan => super::vxlan::print(nd, cp, length),
        PacketType::Lmp => super::lmp::print(nd, cp, length),
        PacketType::Snmp => super::snmp::print(nd, cp, length),
        PacketType::Vat => super::rtp::vat(nd, cp, length),
        PacketType::Wb => super::wb::print(nd, cp, length),
        PacketType::Rtp => super::rtp::rtp(nd, cp, length),
        PacketType::Rtcp => super::rtp::rtcp(nd, cp),
        PacketType::Ptp => super::ptp::print(nd, cp, length),
        _ => Ok(()),
    }
}

/// The last resort: the UDP length, or that the datagram is shorter than its header says.
fn length_line(nd: &mut Nd<'_>, ulen: usize, length: usize, fragmented: bool) {
    if ulen > length && !fragmented {
        nd.f(format_args!("UDP, bad length {ulen} > {length}"));
    } else {
        nd.s("UDP, length ");
        nd.u(ulen as u64);
    }
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
