//! BIND 9's lightweight resolver protocol, as tcpdump's print-lwres.c: the opcode, and the
//! names, addresses and records of queries and responses.
use super::util::Tok;
use super::{Nd, Res, Trunc, be16, be32, dns, sl, u8at};

const RESPONSE: u16 = 0x0001;

const NOOP: u32 = 0;
const GETADDRSBYNAME: u32 = 0x0001_0001;
const GETNAMEBYADDR: u32 = 0x0001_0002;
const GETRDATABYNAME: u32 = 0x0001_0003;

const OPCODES: &Tok = &[
    (NOOP, "noop"),
    (GETADDRSBYNAME, "getaddrsbyname"),
    (GETNAMEBYADDR, "getnamebyaddr"),
    (GETRDATABYNAME, "getrdatabyname"),
];

/// The packet header's length.
const HDR: usize = 28;

/// Prints a lightweight resolver packet; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "lwres";
    if bp.len() < HDR {
        return Err(Trunc);
    }
    nd.s(" lwres");
    let version = be16(bp, 4)?;
    if nd.opts.verbose > 0 || version != 0 {
        nd.f(format_args!(" v{version}"));
    }
    let plen = be32(bp, 0)?;
    let mut unsupported = false;
    // Where the decoded content ends.
    let s = if version != 0 {
        plen as usize
    } else {
        let flags = be16(bp, 6)?;
        let response = flags & RESPONSE != 0;
        let opcode = be32(bp, 12)?;
        nd.s(" ");
        nd.tok2str(OPCODES, "#0x%x", opcode);
        if !response {
            nd.s("?");
        }
        if flags & !RESPONSE != 0 {
            nd.f(format_args!("[0x{flags:x}]"));
        }
        if nd.opts.verbose > 1 {
            nd.f(format_args!(
                " (serial:0x{:x} result:0x{:x} recvlen:{}",
                be32(bp, 8)?,
                be32(bp, 16)?,
                be32(bp, 20)?
            ));
            if nd.opts.verbose > 2 {
                nd.f(format_args!(
                    " authtype:0x{:x} authlen:{}",
                    be16(bp, 24)?,
                    be16(bp, 26)?
                ));
            }
            nd.s(")");
        }
        let p = HDR;
        let body = if response {
            response_body(nd, bp, p, opcode)?
        } else {
            query_body(nd, bp, p, opcode)?
        };
        match body {
            Some(Some(s)) => s,
            Some(None) => {
                unsupported = true;
                p
            }
            None => {
                nd.invalid();
                return Ok(());
            }
        }
    };
    if plen as usize != length {
        nd.f(format_args!(" [len: {plen} != {length}]"));
    }
    if !unsupported && (s as u32) < plen {
        nd.s("[extra]");
    }
    Ok(())
}

/// ` flags:0x..` with `-vvv`.
fn flags(nd: &mut Nd<'_>, bp: &[u8], p: usize) -> Res {
    if nd.opts.verbose > 2 {
        nd.f(format_args!(" flags:0x{:x}", be32(bp, p)?));
    }
    Ok(())
}

/// A query's content from `p`: `Some(Some(end))`, `Some(None)` for an opcode not decoded,
/// `None` when an address is invalid.
fn query_body(nd: &mut Nd<'_>, bp: &[u8], p: usize, opcode: u32) -> Res<Option<Option<usize>>> {
    let s = match opcode {
        NOOP => p,
        GETADDRSBYNAME => {
            sl(bp, p + 8, 2)?;
            flags(nd, bp, p)?;
            let v = be32(bp, p + 4)?;
            match v & 3 {
                1 => nd.s(" IPv4"),
                2 => nd.s(" IPv6"),
                3 => nd.s(" IPv4/6"),
                _ => {}
            }
            if v & !3 != 0 {
                nd.f(format_args!("[0x{v:x}]"));
            }
            let l = be16(bp, p + 8)? as usize;
            p + 10 + name(nd, bp, p + 10, l)?
        }
        GETNAMEBYADDR => {
            sl(bp, p, 4)?;
            flags(nd, bp, p)?;
            match address(nd, bp, p + 4)? {
                Some(n) => p + 4 + n,
                None => return Ok(None),
            }
        }
        GETRDATABYNAME => {
            sl(bp, p + 8, 2)?;
            flags(nd, bp, p)?;
            rdtype_class(nd, bp, p + 6, p + 4)?;
            let l = be16(bp, p + 8)? as usize;
            p + 10 + name(nd, bp, p + 10, l)?
        }
        _ => return Ok(Some(None)),
    };
    Ok(Some(Some(s)))
}

/// A response's content from `p`, as [`query_body`].
fn response_body(nd: &mut Nd<'_>, bp: &[u8], p: usize, opcode: u32) -> Res<Option<Option<usize>>> {
    let s = match opcode {
        NOOP => p,
        GETADDRSBYNAME => {
            sl(bp, p + 8, 2)?;
            flags(nd, bp, p)?;
            let (naliases, naddrs) = (be16(bp, p + 4)?, be16(bp, p + 6)?);
            nd.f(format_args!(" {naliases}/{naddrs}"));
            let l = be16(bp, p + 8)? as usize;
            let mut s = p + 10;
            s += name(nd, bp, s, l)?;
            for _ in 0..naliases {
                s += name_with_length(nd, bp, s)?;
            }
            for _ in 0..naddrs {
                match address(nd, bp, s)? {
                    Some(n) => s += n,
                    None => return Ok(None),
                }
            }
            s
        }
        GETNAMEBYADDR => {
            sl(bp, p + 6, 2)?;
            flags(nd, bp, p)?;
            let naliases = be16(bp, p + 4)?;
            nd.f(format_args!(" {naliases}"));
            let l = be16(bp, p + 6)? as usize;
            let mut s = p + 8;
            s += name(nd, bp, s, l)?;
            for _ in 0..naliases {
                s += name_with_length(nd, bp, s)?;
            }
            s
        }
        GETRDATABYNAME => {
            sl(bp, p + 14, 2)?;
            flags(nd, bp, p)?;
            rdtype_class(nd, bp, p + 6, p + 4)?;
            nd.s(" TTL ");
            nd.unsigned_relts(be32(bp, p + 8)?);
            let (nrdatas, nsigs) = (be16(bp, p + 12)?, be16(bp, p + 14)?);
            nd.f(format_args!(" {nrdatas}/{nsigs}"));
            let mut s = p + 16;
            s += name_with_length(nd, bp, s)?;
            for _ in 0..u32::from(nrdatas) + u32::from(nsigs) {
                s += binary(nd, bp, s)?;
            }
            s
        }
        _ => return Ok(Some(None)),
    };
    Ok(Some(Some(s)))
}

/// The record type, and the class unless it is IN.
fn rdtype_class(nd: &mut Nd<'_>, bp: &[u8], type_at: usize, class_at: usize) -> Res {
    let t = be16(bp, type_at)?;
    nd.s(" ");
    nd.tok2str(dns::TYPES, "Type%u", t.into());
    let c = be16(bp, class_at)?;
    if c != 1 {
        nd.s(" ");
        nd.tok2str(dns::CLASSES, "Class%u", c.into());
    }
    Ok(())
}

/// A name of `l` bytes and its NUL; returns the bytes used.
fn name(nd: &mut Nd<'_>, bp: &[u8], p: usize, l: usize) -> Res<usize> {
    nd.s(" ");
    if nd.printn(super::tail(bp, p), l) {
        return Err(Trunc);
    }
    if u8at(bp, p + l)? != 0 {
        nd.s(" (not NUL-terminated!)");
    }
    Ok(l + 1)
}

/// A name after its 16-bit length.
fn name_with_length(nd: &mut Nd<'_>, bp: &[u8], p: usize) -> Res<usize> {
    let l = be16(bp, p)? as usize;
    Ok(2 + name(nd, bp, p + 2, l)?)
}

/// Bytes in hex after their 16-bit length.
fn binary(nd: &mut Nd<'_>, bp: &[u8], p: usize) -> Res<usize> {
    let l = be16(bp, p)? as usize;
    for i in 0..l {
        nd.f(format_args!("{:02x}", u8at(bp, p + 2 + i)?));
    }
    Ok(2 + l)
}

/// An address (family, length, bytes); returns the bytes used, or `None` when too short for
/// its family.
fn address(nd: &mut Nd<'_>, bp: &[u8], p: usize) -> Res<Option<usize>> {
    let l = be16(bp, p + 4)? as usize;
    let a = p + 6;
    sl(bp, a, l)?;
    let family = be32(bp, p)?;
    let used = match family {
        1 => {
            if l < 4 {
                return Ok(None);
            }
            nd.s(" ");
            nd.host4(sl(bp, a, 4)?);
            4
        }
        2 => {
            if l < 16 {
                return Ok(None);
            }
            nd.s(" ");
            nd.host6(sl(bp, a, 16)?);
            16
        }
        _ => {
            nd.f(format_args!(" {family}/"));
            for b in &bp[a..a + l] {
                nd.f(format_args!("{b:02x}"));
            }
            l
        }
    };
    Ok(Some(6 + used))
}
