//! TCP, as tcpdump's print-tcp.c (with print-mptcp.c for the MPTCP option): flags, relative
//! sequence numbers per connection, options, checksum with `-v`, and the payload hand-off.
use std::collections::HashMap;

use super::ip::{IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, PacketType, Res, Trunc, be16, be32, be64, has, sl, tail, u8at};

const FIN: u8 = 0x01;
const SYN: u8 = 0x02;
const RST: u8 = 0x04;
const ACK: u8 = 0x10;
const URG: u8 = 0x20;

/// A connection key: the two addresses and ports, ordered so both directions share it.
type Key = ([u8; 16], [u8; 16], u16, u16);

/// The initial sequence numbers of each connection seen, for relative numbering. Looked up for
/// every segment: foldhash instead of std's SipHash, which was a tenth of `-nn -r`'s time.
#[derive(Debug, Default)]
pub(crate) struct SeqTable {
    map: HashMap<Key, (u32, u32), foldhash::fast::RandomState>,
}

fn addr16(a: &[u8]) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..a.len()].copy_from_slice(a);
    k
}

/// Prints a TCP segment; `length` is the IP payload length.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    length: usize,
    ip: IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "tcp";
    let tcp_first = ip.first_proto == 6;
    if bp.len() < 4 {
        ip.src(nd);
        nd.s(" > ");
        ip.dst(nd);
        nd.s(":");
        return nd.trunc_here();
    }
    let sport = be16(bp, 0)?;
    let dport = be16(bp, 2)?;
    if tcp_first {
        ip.src(nd);
        nd.s(".");
        nd.names.tcp_port(nd.o, sport);
        nd.s(" > ");
        ip.dst(nd);
        nd.s(".");
        nd.names.tcp_port(nd.o, dport);
        nd.s(": ");
    } else {
        nd.names.tcp_port(nd.o, sport);
        nd.s(" > ");
        nd.names.tcp_port(nd.o, dport);
        nd.s(": ");
    }
    if bp.len() < 20 {
        return nd.trunc_here();
    }
    let mut hlen = ((bp[12] >> 4) as usize) * 4;
    if hlen < 20 {
        nd.f(format_args!(
            " tcp {} [bad hdr length {hlen} - too short, < 20]",
            length.wrapping_sub(hlen) as u32
        ));
        return Ok(());
    }
    let mut seq = be32(bp, 4)?;
    let mut ack = be32(bp, 8)?;
    let win = be16(bp, 14)?;
    let urp = be16(bp, 18)?;
    if nd.opts.quiet {
        nd.f(format_args!("tcp {}", length.wrapping_sub(hlen) as u32));
        if hlen > length {
            nd.f(format_args!(
                " [bad hdr length {hlen} - too long, > {length}]"
            ));
        }
        return Ok(());
    }
    let flags = bp[13];
    nd.s("Flags [");
    flag_string(nd, flags);
    nd.s("]");
    let (mut thseq, mut thack, mut rev) = (0u32, 0u32, false);
    if !nd.opts.absolute_seq && flags & ACK != 0 {
        let (src, dst) = if ip.v6 {
            (&ip.raw[8..24], &ip.raw[24..40])
        } else {
            (&ip.raw[12..16], &ip.raw[16..20])
        };
        let c = src.cmp(dst);
        rev = c == std::cmp::Ordering::Greater || (c == std::cmp::Ordering::Equal && sport > dport);
        let key: Key = if rev {
            (addr16(dst), addr16(src), dport, sport)
        } else {
            (addr16(src), addr16(dst), sport, dport)
        };
        let init = if rev {
            (ack.wrapping_sub(1), seq)
        } else {
            (seq, ack.wrapping_sub(1))
        };
        match nd.state.tcp.map.get_mut(&key) {
            Some(e) if flags & SYN == 0 => {
                if rev {
                    seq = seq.wrapping_sub(e.1);
                    ack = ack.wrapping_sub(e.0);
                } else {
                    seq = seq.wrapping_sub(e.0);
                    ack = ack.wrapping_sub(e.1);
                }
                (thseq, thack) = *e;
            }
            Some(e) => {
                *e = init;
                (thseq, thack) = init;
            }
            None => {
                nd.state.tcp.map.insert(key, init);
                (thseq, thack) = init;
            }
        }
    }
    if hlen > length {
        nd.f(format_args!(
            " [bad hdr length {hlen} - too long, > {length}]"
        ));
        return Ok(());
    }
    if nd.opts.verbose > 0 && !nd.opts.no_checksum && !fragmented && has(bp, 0, length) {
        let sum = fold(sum_words(ip.pseudo(6, length), &bp[..length]));
        let field = be16(bp, 16)?;
        nd.f(format_args!(", cksum 0x{field:04x}"));
        if sum != 0 {
            nd.f(format_args!(
                " (incorrect -> 0x{:04x})",
                cksum_shouldbe(field, sum)
            ));
        } else {
            nd.s(" (correct)");
        }
    }
    let length = length - hlen;
    if nd.opts.verbose > 1 || length > 0 || flags & (SYN | FIN | RST) != 0 {
        nd.s(", seq ");
        nd.u(seq as u64);
        if length > 0 {
            nd.s(":");
            nd.u(seq.wrapping_add(length as u32) as u64);
        }
    }
    if flags & ACK != 0 {
        nd.s(", ack ");
        nd.u(ack as u64);
    }
    nd.s(", win ");
    nd.u(win as u64);
    if flags & URG != 0 {
        nd.f(format_args!(", urg {urp}"));
    }
    hlen -= 20;
    if hlen > 0 {
        nd.s(", options [");
        let (mut any, mut gt) = (false, false);
        let segment = Segment {
            bp,
            thlen: 20 + hlen,
            length,
            ip: &ip,
        };
        match options(
            nd,
            tail(bp, 20),
            hlen,
            flags,
            rev,
            (thseq, thack),
            &segment,
            &mut any,
            &mut gt,
        ) {
            Ok(true) => nd.s("]"),
            Ok(false) => return Ok(()),
            Err(e) => {
                if !gt {
                    // A plain read past the data: tcpdump's longjmp to the top.
                    return Err(e);
                }
                // tcpdump's LENCHECK: the mark in place, and '>' after a complete option.
                nd.trunc();
                if any {
                    nd.s(">");
                }
                return Ok(());
            }
        }
    }
    nd.s(", length ");
    nd.u(length as u64);
    if length == 0 {
        return Ok(());
    }
    let hdr = (hlen + 20) as u32;
    if bp.len() < 20 + hlen {
        nd.f(format_args!(
            " [remaining caplen({}) < header length({hdr})]",
            bp.len()
        ));
        return Err(Trunc);
    }
    let data = &bp[20 + hlen..];
    if flags & RST != 0 && nd.opts.verbose > 0 {
        rst_data(nd, data, length);
        return Ok(());
    }
    if let Some(pt) = nd.opts.packet_type {
        return by_packet_type(nd, pt, data, length);
    }
    payload(nd, data, length, sport, dport, &ip)
}

/// The printers by port, in print-tcp.c's order (the first match wins).
fn payload(
    nd: &mut Nd<'_>,
    data: &[u8],
    length: usize,
    sport: u16,
    dport: u16,
    ip: &IpHdr<'_>,
) -> Res {
    let port = |p: u16| sport == p || dport == p;
    if port(23) {
        super::telnet::print(nd, data, length)
    } else if port(25) {
        nd.s(": ");
        super::smtp::print(nd, data, length)
    } else if port(43) {
        nd.s(": ");
        super::whois::print(nd, data, length)
    } else if port(179) {
        super::bgp::print(nd, data, length)
    } else if port(1723) {
        super::pptp::print(nd, data)
    } else if port(6379) {
        super::resp::print(nd, data, length)
    } else if port(22) {
        super::ssh::print(nd, data, length)
    } else if port(10288) {
        super::beep::print(nd, data, length);
        Ok(())
    } else if port(6633) || port(6653) {
        super::openflow::print(nd, data, length as u32)
    } else if port(21) {
        nd.s(": ");
        super::ftp::print(nd, data, length)
    } else if port(80) || port(8080) {
        nd.s(": ");
        super::http::print(nd, data, length)
    } else if port(554) || port(8554) {
        nd.s(": ");
        super::rtsp::print(nd, data, length)
    } else if port(53) {
        super::dns::print(nd, data, length, true)
    } else if port(639) {
        super::msdp::print(nd, data, length)
    } else if port(323) {
        super::rpki_rtr::print(nd, data, length)
    } else if port(646) {
        super::ldp::print(nd, data, length)
    } else if port(2049) && length >= 4 && has(data, 0, 4) {
        nfs_record(nd, data, length, sport, dport, ip)
    } else {
        Ok(())
    }
}

/// An RPC message behind its record mark (a 4-byte fragment header) on the NFS port.
fn nfs_record(
    nd: &mut Nd<'_>,
    data: &[u8],
    length: usize,
    sport: u16,
    dport: u16,
    ip: &IpHdr<'_>,
) -> Res {
    use super::nfs;
    let fraglen = ((be32(data, 0)? & 0x7fff_ffff) as usize).min(length - 4);
    let rp = tail(data, 4);
    if has(rp, 4, 4) {
        let direction = be32(rp, 4)?;
        if dport == nfs::PORT && direction == nfs::CALL {
            nd.f(format_args!(": NFS request xid {} ", be32(rp, 0)?));
            return nfs::req_noaddr(nd, rp, fraglen, ip);
        }
        if sport == nfs::PORT && direction == nfs::REPLY {
            nd.f(format_args!(": NFS reply xid {} ", be32(rp, 0)?));
            return nfs::reply_noaddr(nd, rp, fraglen, ip);
        }
    }
    Ok(())
}

/// `-T`: the payload printed as the type names, whatever the ports (print-tcp.c's
/// `ndo_packettype` switch). A type with no TCP printer prints nothing.
fn by_packet_type(nd: &mut Nd<'_>, pt: PacketType, data: &[u8], length: usize) -> Res {
    match pt {
        PacketType::Zmtp1 => super::zeromq::print(nd, data, length),
        PacketType::Resp => super::resp::print(nd, data, length),
        PacketType::Domain => super::dns::print(nd, data, length, true),
        _ => Ok(()),
    }
}

/// tcpdump's TCP flag letters (`tcp_flag_values`, no separator), or `none`.
fn flag_string(nd: &mut Nd<'_>, flags: u8) {
    const NAMES: [(u8, u8); 8] = [
        (0x01, b'F'),
        (0x02, b'S'),
        (0x04, b'R'),
        (0x08, b'P'),
        (0x10, b'.'),
        (0x20, b'U'),
        (0x40, b'E'),
        (0x80, b'W'),
    ];
    if flags == 0 {
        nd.s("none");
        return;
    }
    for (bit, c) in NAMES {
        if flags & bit != 0 {
            nd.o.push(c);
        }
    }
}

/// `[RST ...]`: up to 30 bytes of a RST's payload (`-v`), as tcpdump's `print_tcp_rst_data`.
fn rst_data(nd: &mut Nd<'_>, data: &[u8], length: usize) {
    nd.s(" [");
    // '!' says the payload was not all captured.
    if data.len() < length {
        nd.s("!");
    }
    nd.s("RST");
    let mut n = length;
    if length > 30 {
        n = 30;
        nd.s("+");
    }
    nd.s(" ");
    for &c in &data[..n.min(data.len())] {
        nd.print_char(c);
    }
    nd.s("]");
}

const TCP_OPTS: &[(u32, &str)] = &[
    (0, "eol"),
    (1, "nop"),
    (2, "mss"),
    (3, "wscale"),
    (4, "sackOK"),
    (5, "sack"),
    (6, "echo"),
    (7, "echoreply"),
    (8, "TS"),
    (11, "cc"),
    (12, "ccnew"),
    (13, ""),
    (19, "md5"),
    (20, "scps"),
    (28, "uto"),
    (29, "tcp-ao"),
    (30, "mptcp"),
    (34, "tfo"),
    (254, "exp"),
];

/// What the TCP-MD5 signature option (RFC 2385) is checked against.
enum Sig {
    /// The segment was not captured whole.
    Short,
    /// No `-M` secret.
    NoSecret,
    /// The signature the `-M` secret gives.
    Expected([u8; 16]),
}

/// The segment a TCP-MD5 option signs, checked only when the option is met (not an MD5 for
/// every segment with options).
struct Segment<'a> {
    bp: &'a [u8],
    /// The header's length with options.
    thlen: usize,
    /// The data's length.
    length: usize,
    ip: &'a IpHdr<'a>,
}

/// tcpdump's `tcp_verify_signature`: the MD5 of the IP pseudo-header, the TCP header without
/// options and with a zero checksum, the data, and the `-M` secret.
fn signature(secret: Option<&[u8]>, segment: &Segment<'_>) -> Sig {
    use md5::Digest;
    let Segment {
        bp,
        thlen,
        length,
        ip,
    } = *segment;
    let Some(data) = bp.get(thlen..thlen + length) else {
        return Sig::Short;
    };
    let Some(secret) = secret else {
        return Sig::NoSecret;
    };
    let raw = ip.raw;
    let mut h = md5::Md5::new();
    if ip.v6 {
        h.update(&raw[8..40]);
        h.update(u32::from(u16::from_be_bytes([raw[4], raw[5]])).to_be_bytes());
        h.update([0, 0, 0, 6]);
    } else {
        h.update(&raw[12..20]);
        h.update([0, raw[9]]);
        let total = u16::from_be_bytes([raw[2], raw[3]]);
        h.update(
            total
                .wrapping_sub(u16::from(raw[0] & 0x0f) * 4)
                .to_be_bytes(),
        );
    }
    let mut th = [0u8; 20];
    th.copy_from_slice(&bp[..20]);
    th[16..18].fill(0);
    h.update(th);
    h.update(data);
    // The secret is a C string.
    let end = secret.iter().position(|&c| c == 0).unwrap_or(secret.len());
    h.update(&secret[..end]);
    Sig::Expected(h.finalize().into())
}

/// The option list; Ok(false) when tcpdump stops at `[bad opt]` (the rest is not printed).
#[allow(clippy::too_many_arguments)]
fn options(
    nd: &mut Nd<'_>,
    cp: &[u8],
    mut hlen: usize,
    flags: u8,
    rev: bool,
    (thseq, thack): (u32, u32),
    segment: &Segment<'_>,
    ch: &mut bool,
    gt: &mut bool,
) -> Res<bool> {
    let mut i = 0usize;
    macro_rules! bad {
        () => {{
            nd.s("[bad opt]");
            if *ch {
                nd.s("]");
            }
            return Ok(false);
        }};
    }
    while hlen > 0 {
        if *ch {
            nd.s(",");
        }
        let opt = u8at(cp, i)?;
        i += 1;
        let len;
        if opt == 0 || opt == 1 {
            len = 1;
        } else {
            len = u8at(cp, i)? as usize;
            i += 1;
            if len < 2 || len > hlen {
                bad!();
            }
            hlen -= 1;
        }
        hlen -= 1;
        let mut datalen = 0usize;
        macro_rules! lencheck {
            ($l:expr) => {{
                let l = $l;
                if l > hlen {
                    bad!();
                }
                if sl(cp, i, l).is_err() {
                    // tcpdump's LENCHECK: reported in place, with '>' after a complete
                    // option; without one, it looks like a plain read past the data.
                    *gt = true;
                    return Err(Trunc);
                }
            }};
        }
        match super::tok(TCP_OPTS, opt as u32) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("unknown-{opt}")),
        }
        match opt {
            2 => {
                datalen = 2;
                lencheck!(2);
                nd.f(format_args!(" {}", be16(cp, i)?));
            }
            3 => {
                datalen = 1;
                lencheck!(1);
                nd.f(format_args!(" {}", cp[i]));
            }
            5 => {
                datalen = len - 2;
                if !datalen.is_multiple_of(8) {
                    nd.s(" invalid sack");
                } else {
                    nd.f(format_args!(" {} ", datalen / 8));
                    let mut j = 0;
                    while j < datalen {
                        lencheck!(j + 4);
                        let mut s = be32(cp, i + j)?;
                        lencheck!(j + 8);
                        let mut e = be32(cp, i + j + 4)?;
                        if rev {
                            s = s.wrapping_sub(thseq);
                            e = e.wrapping_sub(thseq);
                        } else {
                            s = s.wrapping_sub(thack);
                            e = e.wrapping_sub(thack);
                        }
                        nd.f(format_args!("{{{s}:{e}}}"));
                        j += 8;
                    }
                }
            }
            6 | 7 | 11..=13 => {
                datalen = 4;
                lencheck!(4);
                nd.f(format_args!(" {}", be32(cp, i)?));
            }
            8 => {
                datalen = 8;
                lencheck!(8);
                nd.f(format_args!(
                    " val {} ecr {}",
                    be32(cp, i)?,
                    be32(cp, i + 4)?
                ));
            }
            19 => {
                datalen = 16;
                lencheck!(16);
                let why = match signature(nd.opts.sig_secret.as_deref(), segment) {
                    Sig::Expected(md5) if md5 == cp[i..i + 16] => {
                        nd.s(" valid");
                        None
                    }
                    Sig::Expected(_) => {
                        nd.s(" ");
                        nd.invalid();
                        None
                    }
                    Sig::Short => Some(" snaplen too short, can't check - "),
                    Sig::NoSecret => Some(" shared secret not supplied with -M, can't check - "),
                };
                if let Some(why) = why {
                    nd.s(why);
                    for k in 0..16 {
                        nd.f(format_args!("{:02x}", cp[i + k]));
                    }
                }
            }
            20 => {
                datalen = 2;
                lencheck!(2);
                nd.f(format_args!(" cap {:02x} id {}", cp[i], cp[i + 1]));
            }
            29 => {
                datalen = len - 2;
                if datalen < 2 {
                    nd.invalid();
                } else {
                    lencheck!(1);
                    nd.f(format_args!(" keyid {}", cp[i]));
                    lencheck!(2);
                    nd.f(format_args!(" rnextkeyid {}", cp[i + 1]));
                    if datalen > 2 {
                        nd.s(" mac 0x");
                        for k in 2..datalen {
                            lencheck!(k + 1);
                            nd.f(format_args!("{:02x}", cp[i + k]));
                        }
                    }
                }
            }
            0 | 1 | 4 => {}
            28 => {
                datalen = 2;
                lencheck!(2);
                let mut v = be16(cp, i)? as u32;
                nd.f(format_args!(" 0x{v:x}"));
                if v & 1 != 0 {
                    v = (v >> 1) * 60;
                } else {
                    v >>= 1;
                }
                nd.f(format_args!(" {v}"));
            }
            30 => {
                datalen = len - 2;
                lencheck!(datalen);
                if !mptcp(nd, &cp[i - 2..i + datalen], len, flags)? {
                    bad!();
                }
            }
            34 => {
                datalen = len - 2;
                lencheck!(datalen);
                nd.s(" ");
                fastopen(nd, &cp[i..i + datalen], false);
            }
            254 => {
                datalen = len - 2;
                lencheck!(datalen);
                if datalen < 2 {
                    bad!();
                }
                let magic = be16(cp, i)?;
                nd.s("-");
                if magic == 0xf989 {
                    fastopen(nd, &cp[i + 2..i + datalen], true);
                } else {
                    nd.f(format_args!("{magic:04x}"));
                }
            }
            _ => {
                datalen = len - 2;
                if datalen > 0 {
                    nd.s(" 0x");
                }
                for k in 0..datalen {
                    lencheck!(k + 1);
                    nd.f(format_args!("{:02x}", cp[i + k]));
                }
            }
        }
        i += datalen;
        hlen -= datalen;
        let mut expect = datalen + 1;
        if opt != 0 && opt != 1 {
            expect += 1;
        }
        if expect != len {
            nd.f(format_args!("[len {len}]"));
        }
        *ch = true;
        if opt == 0 {
            break;
        }
    }
    Ok(true)
}

fn fastopen(nd: &mut Nd<'_>, cp: &[u8], exp: bool) {
    if exp {
        nd.s("tfo");
    }
    if cp.is_empty() {
        nd.s(" cookiereq");
    } else if !cp.len().is_multiple_of(2) || cp.len() < 4 || cp.len() > 16 {
        nd.invalid();
    } else {
        nd.s(" cookie ");
        for b in cp {
            nd.f(format_args!("{b:02x}"));
        }
    }
}

/// print-mptcp.c: the MPTCP option (`cp` starts at the kind byte). Ok(false) is `[bad opt]`.
fn mptcp(nd: &mut Nd<'_>, cp: &[u8], len: usize, flags: u8) -> Res<bool> {
    // tcpdump leaves its protocol name at "mptcp" for the rest of the packet.
    nd.proto = "mptcp";
    if len < 3 {
        return Ok(false);
    }
    let sub = (u8at(cp, 2)? >> 4).min(8);
    const NAMES: [&str; 9] = [
        "capable",
        "join",
        "dss",
        "add-addr",
        "rem-addr",
        "prio",
        "fail",
        "fast-close",
        "unknown",
    ];
    nd.f(format_args!(" {len} {}", NAMES[sub as usize]));
    let r = match sub {
        0 => {
            if !((len == 12 || len == 4) && flags & SYN != 0)
                && !((len == 20 || len == 22) && flags & (SYN | ACK) == ACK)
            {
                return Ok(false);
            }
            let v = u8at(cp, 2)? & 0xf;
            if v > 1 {
                nd.f(format_args!(" Unknown Version ({v})"));
                return Ok(true);
            }
            nd.f(format_args!(" v{v}"));
            if u8at(cp, 3)? & 0x80 != 0 {
                nd.s(" csum");
            }
            if len == 12 || len >= 20 {
                nd.f(format_args!(" {{0x{:x}", be64(cp, 4)?));
                if len >= 20 {
                    nd.f(format_args!(",0x{:x}", be64(cp, 12)?));
                }
                nd.s("}");
            }
            true
        }
        1 => {
            let valid = match len {
                12 => flags & SYN != 0,
                16 => flags & (SYN | ACK) == SYN | ACK,
                24 => flags & ACK != 0,
                _ => false,
            };
            if !valid {
                return Ok(false);
            }
            if len != 24 {
                if u8at(cp, 2)? & 1 != 0 {
                    nd.s(" backup");
                }
                nd.f(format_args!(" id {}", u8at(cp, 3)?));
            }
            match len {
                12 => nd.f(format_args!(
                    " token 0x{:x} nonce 0x{:x}",
                    be32(cp, 4)?,
                    be32(cp, 8)?
                )),
                16 => nd.f(format_args!(
                    " hmac 0x{:x} nonce 0x{:x}",
                    be64(cp, 4)?,
                    be32(cp, 12)?
                )),
                _ => {
                    nd.s(" hmac 0x");
                    for k in 0..20 {
                        nd.f(format_args!("{:02x}", u8at(cp, 4 + k)?));
                    }
                }
            }
            true
        }
        2 => {
            if len < 4 || flags & SYN != 0 {
                return Ok(false);
            }
            let f = u8at(cp, 3)?;
            if f & 0x10 != 0 {
                nd.s(" fin");
            }
            let mut rest = len - 4;
            let mut o = 4;
            if f & 1 != 0 {
                nd.s(" ack ");
                if !dss_number(nd, cp, &mut o, &mut rest, f & 2 != 0)? {
                    return Ok(false);
                }
            }
            if f & 4 != 0 {
                nd.s(" seq ");
                if !dss_number(nd, cp, &mut o, &mut rest, f & 8 != 0)? {
                    return Ok(false);
                }
                if rest < 4 {
                    return Ok(false);
                }
                nd.f(format_args!(" subseq {}", be32(cp, o)?));
                o += 4;
                rest -= 4;
                if rest < 2 {
                    return Ok(false);
                }
                nd.f(format_args!(" len {}", be16(cp, o)?));
                o += 2;
                rest -= 2;
                if rest >= 2 {
                    nd.f(format_args!(" csum 0x{:x}", be16(cp, o)?));
                    rest -= 2;
                }
            }
            rest == 0
        }
        3 => {
            if ![8, 10, 16, 18, 20, 22, 28, 30].contains(&len) {
                return Ok(false);
            }
            let name = match u8at(cp, 2)? & 0xf {
                6 => "v0-ip6",
                4 => "v0-ip4",
                1 => "v1-echo",
                0 => "v1",
                _ => "[bad version/echo]",
            };
            nd.f(format_args!(" {name} id {}", u8at(cp, 3)?));
            nd.s(" ");
            // After the address: a port (2 bytes), an HMAC (8), or both.
            let end = if len <= 18 {
                nd.ipv4(sl(cp, 4, 4)?);
                8
            } else {
                nd.ipv6(sl(cp, 4, 16)?);
                20
            };
            if len == end + 2 || len == end + 10 {
                nd.f(format_args!(":{}", be16(cp, end)?));
            }
            if len == end + 8 {
                nd.f(format_args!(" hmac 0x{:x}", be64(cp, end)?));
            }
            if len == end + 10 {
                nd.f(format_args!(" hmac 0x{:x}", be64(cp, end + 2)?));
            }
            true
        }
        4 => {
            if len < 4 {
                return Ok(false);
            }
            nd.s(" id");
            for k in 3..len {
                nd.f(format_args!(" {}", u8at(cp, k)?));
            }
            true
        }
        5 => {
            if len != 3 && len != 4 {
                return Ok(false);
            }
            if u8at(cp, 2)? & 1 != 0 {
                nd.s(" backup");
            } else {
                nd.s(" non-backup");
            }
            if len == 4 {
                nd.f(format_args!(" id {}", u8at(cp, 3)?));
            }
            true
        }
        6 => {
            if len != 12 {
                return Ok(false);
            }
            nd.f(format_args!(" seq {}", be64(cp, 4)?));
            true
        }
        7 => {
            if len != 12 {
                return Ok(false);
            }
            nd.f(format_args!(" key 0x{:x}", be64(cp, 4)?));
            true
        }
        _ => true,
    };
    Ok(r)
}

/// An MPTCP DSS data ack or sequence number, 8 bytes when `wide` else 4, at `*o`; false when
/// fewer than that remain in the option.
fn dss_number(
    nd: &mut Nd<'_>,
    cp: &[u8],
    o: &mut usize,
    rest: &mut usize,
    wide: bool,
) -> Res<bool> {
    let size = if wide { 8 } else { 4 };
    if *rest < size {
        return Ok(false);
    }
    nd.u(if wide {
        be64(cp, *o)?
    } else {
        u64::from(be32(cp, *o)?)
    });
    *o += size;
    *rest -= size;
    Ok(true)
}

#[cfg(test)]
mod option_tests {
    use crate::decoder_tests::check_n;

    /// Unknown options, options of a bad length and options running past the header, as
    /// tcpdump 4.99.3 prints them.
    #[test]
    fn odd_options() {
        let cases = [
            (
                "00112233445566554433221108004500002e00010000400666c70a0000010a0000029c409c4100000001000000016002ffff000000006304aabb0101",
                "options [unknown-99 0xaabb], length 2",
            ),
            (
                "00112233445566554433221108004500003000010000400666c50a0000010a0000029c409c4100000001000000017002ffff000000000200000000000000",
                "options [[bad opt]",
            ),
            (
                "00112233445566554433221108004500003000010000400666c50a0000010a0000029c409c4100000001000000017002ffff00000000fe06f989aabb0000",
                "options [exp-tfo (invalid),eol], length 0",
            ),
            (
                "00112233445566554433221108004500003400010000400666c10a0000010a0000029c409c4100000001000000018002ffff00000000080b0000000100000002aa00",
                "options [TS val 1 ecr 2[len 11],[bad opt]]",
            ),
            (
                "00112233445566554433221108004500003000010000400666c50a0000010a0000029c409c4100000001000000017002ffff000000001c05aabbcc000000",
                "options [uto 0xaabb 1311180[len 5],[bad opt]]",
            ),
        ];
        for (i, (hex, tail)) in cases.into_iter().enumerate() {
            let seq = if i == 0 { "1:3" } else { "1" };
            check_n(
                1,
                "",
                hex,
                &format!(
                    "IP 10.0.0.1.40000 > 10.0.0.2.40001: Flags [S], seq {seq}, win 65535, {tail}"
                ),
            );
        }
    }
}
