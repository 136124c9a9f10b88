//! AHCP (the Ad-Hoc Configuration Protocol), as tcpdump's print-ahcp.c: the version, and with
//! `-v` the header and message type (`-vv`: the options with their addresses, prefixes and
//! times).
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, u8at};

const MAGIC: u8 = 43;
/// The version 1 header, magic and version included.
const HEADER_LEN: usize = 24;
const BODY_MIN_LEN: usize = 4;

const MSGS: &Tok = &[
    (0, "Discover"),
    (1, "Offer"),
    (2, "Request"),
    (3, "Ack"),
    (4, "Nack"),
    (5, "Release"),
];

const OPTS: &Tok = &[
    (0, "Pad"),
    (1, "Mandatory"),
    (2, "Origin Time"),
    (3, "Expires"),
    (4, "My-IPv6-Address"),
    (5, "My-IPv4-Address"),
    (6, "IPv6 Prefix"),
    (7, "IPv4 Prefix"),
    (8, "IPv6 Address"),
    (9, "IPv4 Address"),
    (10, "IPv6 Prefix Delegation"),
    (11, "IPv4 Prefix Delegation"),
    (12, "Name Server"),
    (13, "NTP Server"),
];

/// How an option's value prints.
#[derive(Clone, Copy)]
enum Value {
    Time,
    Seconds,
    /// Addresses of 16 (IPv6) or 4 bytes.
    Addresses(usize),
    /// Prefixes: an address of 16 or 4 bytes and a length byte.
    Prefixes(usize),
}

/// The value printer of an option, if it has one.
fn decoder(opt: u8) -> Option<Value> {
    Some(match opt {
        2 => Value::Time,
        3 => Value::Seconds,
        4 | 8 | 12 | 13 => Value::Addresses(16),
        5 | 9 => Value::Addresses(4),
        6 | 10 => Value::Prefixes(16),
        11 => Value::Prefixes(4),
        _ => return None,
    })
}

/// `(invalid)`, then the truncation check of what is left.
fn invalid(nd: &mut Nd<'_>, bp: &[u8], at: usize, len: usize) -> Res {
    nd.invalid();
    sl(bp, at, len).map(|_| ())
}

/// Prints an AHCP packet; `len` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "ahcp";
    nd.protocol_caps();
    if len < 2 || u8at(bp, 0)? != MAGIC {
        return invalid(nd, bp, 0, len);
    }
    let version = u8at(bp, 1)?;
    let (mut cp, mut len) = (2, len - 2);
    if version != 1 {
        nd.f(format_args!(" Version {version} (unknown)"));
        return sl(bp, cp, len).map(|_| ());
    }
    nd.s(" Version 1");
    if len < HEADER_LEN - 2 {
        return invalid(nd, bp, cp, len);
    }
    if nd.opts.verbose == 0 {
        sl(bp, cp, HEADER_LEN - 2)?;
    } else {
        nd.f(format_args!("\n\tHopcount {}", u8at(bp, cp)?));
        nd.f(format_args!(", Original Hopcount {}", u8at(bp, cp + 1)?));
        nd.f(format_args!(", Nonce 0x{:08x}", be32(bp, cp + 2)?));
        for (at, name) in [(cp + 6, "Source"), (cp + 14, "Destination")] {
            let id = sl(bp, at, 8)?;
            nd.f(format_args!(", {name} Id "));
            for (i, b) in id.iter().enumerate() {
                if i > 0 {
                    nd.s(":");
                }
                nd.f(format_args!("{b:02x}"));
            }
        }
    }
    cp += HEADER_LEN - 2;
    len -= HEADER_LEN - 2;
    body(nd, bp, cp, len)
}

fn body(nd: &mut Nd<'_>, bp: &[u8], cp: usize, len: usize) -> Res {
    if len < BODY_MIN_LEN {
        return invalid(nd, bp, cp, len);
    }
    let ty = u8at(bp, cp)?;
    let mbz = u8at(bp, cp + 1)?;
    let body_len = be16(bp, cp + 2)? as usize;
    if nd.opts.verbose > 0 {
        nd.s("\n\t");
        nd.tok2str(MSGS, "Unknown-%u", ty.into());
        if mbz != 0 {
            nd.f(format_args!(", MBZ {mbz}"));
        }
        nd.f(format_args!(", Length {body_len}"));
    }
    let (cp, len) = (cp + 4, len - 4);
    if body_len > len {
        return invalid(nd, bp, cp, len);
    }
    // The options are the body's length, whatever follows.
    if nd.opts.verbose >= 2 {
        options(nd, bp, cp, body_len)
    } else {
        sl(bp, cp, body_len).map(|_| ())
    }
}

fn options(nd: &mut Nd<'_>, bp: &[u8], mut cp: usize, mut len: usize) -> Res {
    while len > 0 {
        let opt = u8at(bp, cp)?;
        cp += 1;
        len -= 1;
        nd.s("\n\t ");
        nd.tok2str(OPTS, "Unknown-%u", opt.into());
        if opt == 0 || opt == 1 {
            continue;
        }
        if len == 0 {
            return invalid(nd, bp, cp, len);
        }
        let olen = u8at(bp, cp)? as usize;
        cp += 1;
        len -= 1;
        if olen > len {
            return invalid(nd, bp, cp, len);
        }
        match decoder(opt) {
            Some(v) => value(nd, bp, cp, olen, v)?,
            None => {
                nd.f(format_args!(" (Length {olen})"));
                sl(bp, cp, olen)?;
            }
        }
        cp += olen;
        len -= olen;
    }
    Ok(())
}

/// An option's value of `len` bytes at `cp`.
fn value(nd: &mut Nd<'_>, bp: &[u8], mut cp: usize, mut len: usize, v: Value) -> Res {
    match v {
        Value::Time | Value::Seconds => {
            if len != 4 {
                return invalid(nd, bp, cp, len);
            }
            let t = be32(bp, cp)?;
            if let Value::Seconds = v {
                nd.f(format_args!(": {t}s"));
            } else {
                match chrono::DateTime::from_timestamp(t.into(), 0) {
                    Some(t) => nd.f(format_args!(": {} UTC", t.format("%Y-%m-%d %H:%M:%S"))),
                    None => nd.s(": gmtime() error"),
                }
            }
        }
        Value::Addresses(size) | Value::Prefixes(size) => {
            let prefix = matches!(v, Value::Prefixes(_));
            let item = size + usize::from(prefix);
            let mut sep = ": ";
            while len > 0 {
                if len < item {
                    return invalid(nd, bp, cp, len);
                }
                let a = sl(bp, cp, size)?;
                let plen = if prefix {
                    Some(u8at(bp, cp + size)?)
                } else {
                    None
                };
                nd.s(sep);
                if size == 16 {
                    nd.host6(a);
                } else {
                    nd.host4(a);
                }
                if let Some(plen) = plen {
                    nd.f(format_args!("/{plen}"));
                }
                cp += item;
                len -= item;
                sep = ", ";
            }
        }
    }
    Ok(())
}
