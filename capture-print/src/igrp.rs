//! Cisco IGRP, as tcpdump's print-igrp.c: the header and the interior, system and exterior
//! route entries.
use super::util::{Tok, tok2str};
use super::{Nd, Res, be16, be24, u8at};

const OP_VALUES: &Tok = &[(1, "update"), (2, "request")];

/// The size of a route entry.
const RTE_SIZE: u32 = 14;

/// The metrics of the route entry at `e`.
fn entry(nd: &mut Nd<'_>, p: &[u8], e: usize) -> Res {
    let delay = be24(p, e + 3)?;
    let bandwidth = be24(p, e + 6)?;
    let metric = (bandwidth + delay).min(0xff_ffff);
    let mtu = be16(p, e + 9)?;
    nd.f(format_args!(
        " d={} b={} r={} l={} M={metric} mtu={mtu} in {} hops",
        10u32.wrapping_mul(delay),
        10_000_000u32.checked_div(bandwidth).unwrap_or(0),
        u8at(p, e + 11)?,
        u8at(p, e + 12)?,
        u8at(p, e + 13)?
    ));
    Ok(())
}

/// Prints an IGRP packet (IP protocol 9).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "igrp";
    nd.s("igrp:");
    let mut nint = be16(p, 4)?;
    let mut nsys = be16(p, 6)?;
    let mut next = be16(p, 8)?;
    let vop = u8at(p, 0)?;
    nd.f(format_args!(
        " {} V{} edit={} AS={} ({nint}/{nsys}/{next})",
        tok2str(OP_VALUES, "op-#%u", (vop & 0x0f).into()),
        vop >> 4,
        u8at(p, 1)?,
        be16(p, 2)?
    ));
    let cksum = be16(p, 10)?;
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" checksum=0x{cksum:04x}"));
    }
    // tcpdump's count is unsigned: a length short of the header wraps and the walk goes on
    // until the captured data ends.
    let mut length = (length as u32).wrapping_sub(12);
    let mut e = 12;
    while length >= RTE_SIZE {
        let net = [u8at(p, e)?, u8at(p, e + 1)?, u8at(p, e + 2)?];
        let (lead, count, tail) = if nint > 0 {
            (" *.", &mut nint, "")
        } else if nsys > 0 {
            (" ", &mut nsys, ".0")
        } else if next > 0 {
            (" X", &mut next, ".0")
        } else {
            nd.f(format_args!(" [extra bytes {length}]"));
            break;
        };
        nd.f(format_args!("{lead}{}.{}.{}{tail}", net[0], net[1], net[2]));
        *count -= 1;
        entry(nd, p, e)?;
        e += RTE_SIZE as usize;
        length -= RTE_SIZE;
    }
    if nint != 0 || nsys != 0 || next != 0 || length != 0 {
        nd.invalid();
    }
    Ok(())
}
