//! SLIP and compressed SLIP (Van Jacobson TCP/IP header compression) behind the 16-byte
//! pseudo-header BPF gives SLIP packets, as tcpdump's print-sl.c.
use super::{Nd, Res, be16, ip, ip6, sl, u8at};

const SLIP_HDRLEN: usize = 16;
const SLX_DIR: usize = 0;
const SLX_CHDR: usize = 1;

const TYPE_IP: u8 = 0x40;
const TYPE_UNCOMPRESSED_TCP: u8 = 0x70;
const TYPE_COMPRESSED_TCP: u8 = 0x80;

const NEW_C: u8 = 0x40;
const NEW_I: u8 = 0x20;
const NEW_S: u8 = 0x08;
const NEW_A: u8 = 0x04;
const NEW_W: u8 = 0x02;
const NEW_U: u8 = 0x01;
const SPECIAL_I: u8 = NEW_S | NEW_W | NEW_U;
const SPECIAL_D: u8 = NEW_S | NEW_A | NEW_W | NEW_U;
const SPECIALS_MASK: u8 = NEW_S | NEW_A | NEW_W | NEW_U;

/// What compressed SLIP printing remembers from packet to packet, as tcpdump does: the last
/// connection number and, per direction and connection, the last payload length.
pub(crate) struct State {
    lastlen: [[u32; 256]; 2],
    lastconn: u8,
}

impl Default for State {
    fn default() -> Self {
        State {
            lastlen: [[0; 256]; 2],
            lastconn: 255,
        }
    }
}

/// DLT_SLIP.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "slip";
    sl(p, 0, SLIP_HDRLEN)?;
    let length = (length as u32).wrapping_sub(SLIP_HDRLEN as u32);
    let ip = &p[SLIP_HDRLEN..];
    if nd.opts.link_header {
        sliplink_print(nd, p, ip, length)?;
    }
    match u8at(ip, 0)? >> 4 {
        4 => ip::print(nd, ip, length as usize)?,
        6 => ip6::print(nd, ip, length as usize)?,
        v => nd.f(format_args!("ip v{v}")),
    }
    Ok(SLIP_HDRLEN)
}

/// DLT_SLIP_BSDOS: the pseudo-header is skipped, IPv4 follows.
pub(crate) fn bsdos_if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "slip_bsdos";
    sl(p, 0, SLIP_HDRLEN)?;
    let length = (length as u32).wrapping_sub(SLIP_HDRLEN as u32);
    ip::print(nd, &p[SLIP_HDRLEN..], length as usize)?;
    Ok(SLIP_HDRLEN)
}

/// `-e`: the direction and the compression type from the pseudo-header.
fn sliplink_print(nd: &mut Nd<'_>, p: &[u8], ip: &[u8], length: u32) -> Res {
    let dir = match u8at(p, SLX_DIR)? {
        0 => {
            nd.s("I ");
            Some(0)
        }
        1 => {
            nd.s("O ");
            Some(1)
        }
        d => {
            nd.f(format_args!("Invalid direction {d} "));
            None
        }
    };
    let chdr = u8at(p, SLX_CHDR)?;
    match chdr & 0xf0 {
        TYPE_IP => nd.f(format_args!(
            "ip {}: ",
            length.wrapping_add(SLIP_HDRLEN as u32)
        )),
        TYPE_UNCOMPRESSED_TCP => {
            // The connection number is in the IP protocol field of the header copy.
            let conn = u8at(p, SLX_CHDR + 9)?;
            nd.state.slip.lastconn = conn;
            nd.f(format_args!("utcp {conn}: "));
            let Some(dir) = dir else {
                return Ok(());
            };
            let hlen = tcpip_header_words(ip)?;
            nd.state.slip.lastlen[dir][usize::from(conn)] = length.wrapping_sub(hlen << 2);
        }
        _ => {
            let Some(dir) = dir else {
                return Ok(());
            };
            if chdr & TYPE_COMPRESSED_TCP != 0 {
                compressed_sl_print(nd, &p[SLX_CHDR..], ip, length, dir)?;
                nd.s(": ");
            } else {
                nd.f(format_args!("slip-{chdr}!: "));
            }
        }
    }
    Ok(())
}

/// The length in 32-bit words of the (uncompressed) IPv4 and TCP headers.
fn tcpip_header_words(ip: &[u8]) -> Res<u32> {
    sl(ip, 0, 20)?;
    let ihl = usize::from(ip[0] & 0x0f);
    let th = sl(ip, ihl * 4, 20)?;
    Ok((ihl + usize::from(th[12] >> 4)) as u32)
}

/// A changed field: one byte, or a zero byte then two; returns where the next field is read.
/// As tcpdump, a one-byte value is not stepped over: the next field reads it again.
fn change(nd: &mut Nd<'_>, label: &str, cp: &[u8], at: usize) -> Res<usize> {
    let (v, used) = match u8at(cp, at)? {
        0 => (be16(cp, at + 1)?, 3),
        v => (u16::from(v), 0),
    };
    nd.f(format_args!(" {label}{v}"));
    Ok(at + used)
}

/// A changed window: one byte (not stepped over either), or a zero byte then a signed 16-bit
/// delta.
fn winchange(nd: &mut Nd<'_>, cp: &[u8], at: usize) -> Res<usize> {
    let (v, used) = match u8at(cp, at)? {
        0 => (be16(cp, at + 1)? as i16, 3),
        v => (i16::from(v), 0),
    };
    if v >= 0 {
        nd.f(format_args!(" W+{v}"));
    } else {
        nd.f(format_args!(" W{v}"));
    }
    Ok(at + used)
}

/// A compressed TCP header: connection, the deltas, then the payload length and the
/// compressed header's length.
fn compressed_sl_print(nd: &mut Nd<'_>, chdr: &[u8], ip: &[u8], length: u32, dir: usize) -> Res {
    let flags = u8at(chdr, 0)?;
    let mut at = 1;
    if flags & NEW_C != 0 {
        let conn = u8at(chdr, 1)?;
        nd.state.slip.lastconn = conn;
        at += 1;
        nd.f(format_args!("ctcp {conn}"));
    } else {
        nd.s("ctcp *");
    }
    // The TCP checksum.
    at += 2;
    let conn = usize::from(nd.state.slip.lastconn);
    let last = nd.state.slip.lastlen[dir][conn];
    match flags & SPECIALS_MASK {
        SPECIAL_I => nd.f(format_args!(" *SA+{last}")),
        SPECIAL_D => nd.f(format_args!(" *S+{last}")),
        _ => {
            if flags & NEW_U != 0 {
                at = change(nd, "U=", chdr, at)?;
            }
            if flags & NEW_W != 0 {
                at = winchange(nd, chdr, at)?;
            }
            if flags & NEW_A != 0 {
                at = change(nd, "A+", chdr, at)?;
            }
            if flags & NEW_S != 0 {
                at = change(nd, "S+", chdr, at)?;
            }
        }
    }
    if flags & NEW_I != 0 {
        at = change(nd, "I+", chdr, at)?;
    }
    let hlen = tcpip_header_words(ip)?;
    let len = length.wrapping_sub(hlen << 2);
    nd.state.slip.lastlen[dir][conn] = len;
    nd.f(format_args!(" {len} ({at})"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn compressed_tcp() {
        check_n(
            8,
            "-e",
            "00cf000000000000000000000000000045000030000100004006000a0a0000010a00000204d2162e0000000100000000500220000000000068656c6c6f",
            "I ctcp 0 *S+0 5 (4): truncated-ip - 3 bytes missing! 10.0.0.1.1234 > 10.0.0.2.5678: Flags [S], seq 1:9, win 8192, length 8",
        );
    }
}
