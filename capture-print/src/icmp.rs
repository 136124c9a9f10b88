//! ICMP for IPv4, as tcpdump's print-icmp.c.
use super::ip::{self, IpHdr, cksum_shouldbe, fold, sum_words};
use super::{Nd, Res, be16, be32, has, sl, tail, tok, u8at};

const ICMP_TYPES: &[(u32, &str)] = &[
    (0, "echo reply"),
    (3, "destination unreachable"),
    (4, "source quench"),
    (5, "redirect"),
    (8, "echo request"),
    (9, "router advertisement"),
    (10, "router solicitation"),
    (11, "time exceeded"),
    (12, "parameter problem"),
    (13, "time stamp request"),
    (14, "time stamp reply"),
    (15, "information request"),
    (16, "information reply"),
    (17, "address mask request"),
    (18, "address mask reply"),
];

/// Prints an ICMP message; `plen` is the IP payload length.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    plen: usize,
    _ip: IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "icmp";
    let t = u8at(bp, 0)?;
    let code = u8at(bp, 1)?;
    // tcpdump builds the text first and prints it whole: a truncation while building it
    // leaves no "ICMP" behind.
    let start = nd.o.len();
    nd.s("ICMP ");
    match body(nd, bp, t, code) {
        Ok(true) => {}
        Ok(false) => {
            // An explicit check failed (ND_TCHECK): the mark, and a normal return.
            nd.o.truncate(start);
            return nd.trunc_here();
        }
        Err(e) => {
            nd.o.truncate(start);
            return Err(e);
        }
    }
    nd.s(", length ");
    nd.u(plen as u64);
    if nd.opts.verbose > 0 && !fragmented && has(bp, 0, plen) {
        let sum = fold(sum_words(0, &bp[..plen]));
        if sum != 0 {
            let field = be16(bp, 2)?;
            nd.f(format_args!(
                " (wrong icmp cksum {field:x} (->{:x})!)",
                cksum_shouldbe(field, sum)
            ));
        }
    }
    if nd.opts.verbose > 0 && matches!(t, 3 | 4 | 5 | 11 | 12) {
        nd.s("\n\t");
        let inner = tail(bp, 8);
        let ilen = be16(inner, 2)? as usize;
        // A truncated quoted packet is marked where it ends, and printing goes on.
        if ip::print(nd, inner, ilen).is_err() {
            nd.trunc();
        }
        nd.proto = "icmp";
        // RFC 4884 extensions may follow 128 bytes into the message: tcpdump looks for them.
        if plen > 136 && matches!(t, 3 | 11 | 12) && bp.len() < 141 {
            return nd.trunc_here();
        }
    }
    Ok(())
}

/// The text after `ICMP `: the type, code and what they refer to.
fn body(nd: &mut Nd<'_>, bp: &[u8], t: u8, code: u8) -> Res<bool> {
    let dst_of_inner = |nd: &mut Nd<'_>| -> Res {
        nd.host4(sl(bp, 24, 4)?);
        Ok(())
    };
    match t {
        0 | 8 => {
            let (id, seq) = (be16(bp, 4)?, be16(bp, 6)?);
            nd.f(format_args!(
                "echo {}, id {id}, seq {seq}",
                if t == 8 { "request" } else { "reply" }
            ));
        }
        3 => match code {
            0 | 1 => {
                nd.s(if code == 0 { "net " } else { "host " });
                dst_of_inner(nd)?;
                nd.s(" unreachable");
            }
            2 => {
                dst_of_inner(nd)?;
                nd.f(format_args!(" protocol {} unreachable", u8at(bp, 17)?));
            }
            3 => {
                // Checked with ND_TCHECK in tcpdump: a short quote is reported in place.
                let (Ok(vhl), Ok(p)) = (u8at(bp, 8), u8at(bp, 17)) else {
                    return Ok(false);
                };
                let hlen = ((vhl & 15) as usize) * 4;
                // The port itself is a plain read: past the data, tcpdump unwinds.
                let dport = be16(bp, 8 + hlen + 2)?;
                dst_of_inner(nd)?;
                match p {
                    6 => {
                        nd.s(" tcp port ");
                        nd.names.tcp_port(nd.o, dport);
                        nd.s(" unreachable");
                    }
                    17 => {
                        nd.s(" udp port ");
                        nd.names.udp_port(nd.o, dport);
                        nd.s(" unreachable");
                    }
                    _ => nd.f(format_args!(" protocol {p} port {dport} unreachable")),
                }
            }
            4 => {
                let mtu = be16(bp, 6)?;
                dst_of_inner(nd)?;
                if mtu != 0 {
                    nd.f(format_args!(" unreachable - need to frag (mtu {mtu})"));
                } else {
                    nd.s(" unreachable - need to frag");
                }
            }
            _ => {
                let (pre, post) = match code {
                    5 => ("", " unreachable - source route failed"),
                    6 => ("net ", " unreachable - unknown"),
                    7 => ("host ", " unreachable - unknown"),
                    8 => ("", " unreachable - source host isolated"),
                    9 => ("net ", " unreachable - admin prohibited"),
                    10 => ("host ", " unreachable - admin prohibited"),
                    11 => ("net ", " unreachable - tos prohibited"),
                    12 => ("host ", " unreachable - tos prohibited"),
                    13 => ("host ", " unreachable - admin prohibited filter"),
                    14 => ("host ", " unreachable - host precedence violation"),
                    15 => ("host ", " unreachable - precedence cutoff"),
                    _ => ("", ""),
                };
                if post.is_empty() {
                    dst_of_inner(nd)?;
                    nd.f(format_args!(" unreachable - #{code}"));
                } else {
                    nd.s(pre);
                    dst_of_inner(nd)?;
                    nd.s(post);
                }
            }
        },
        5 => {
            let kind = match code {
                0 => "redirect ",
                1 => "redirect ",
                2 => "redirect-tos ",
                3 => "redirect-tos ",
                _ => "",
            };
            let to = if code & 1 == 0 {
                " to net "
            } else {
                " to host "
            };
            if kind.is_empty() {
                nd.f(format_args!("redirect-#{code} "));
            } else {
                nd.s(kind);
            }
            dst_of_inner(nd)?;
            nd.s(if kind.is_empty() { " to net " } else { to });
            nd.ipv4(sl(bp, 4, 4)?);
        }
        11 => {
            // tcpdump checks that the quoted header's destination was captured.
            if sl(bp, 24, 4).is_err() {
                return Ok(false);
            }
            match code {
                0 => nd.s("time exceeded in-transit"),
                1 => nd.s("ip reassembly time exceeded"),
                _ => nd.f(format_args!("time exceeded-#{code}")),
            }
        }
        12 => {
            if code != 0 {
                nd.f(format_args!("parameter problem - code {code}"));
            } else {
                nd.f(format_args!("parameter problem - octet {}", u8at(bp, 4)?));
            }
        }
        18 => nd.f(format_args!("address mask is 0x{:08x}", be32(bp, 8)?)),
        13 => nd.f(format_args!(
            "time stamp query id {} seq {}",
            be16(bp, 4)?,
            be16(bp, 6)?
        )),
        _ => match tok(ICMP_TYPES, t as u32) {
            Some(n) => nd.s(n),
            None => nd.f(format_args!("type-#{t}")),
        },
    }
    Ok(true)
}
