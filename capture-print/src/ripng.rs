//! RIPng, as tcpdump's print-ripng.c: requests and responses with their route entries.
use super::{Nd, Res, be16, sl, u8at};

/// The size of a route entry.
const ENTRY: usize = 20;

/// One route entry at `e`: prefix, tag and (in responses) metric.
fn entry(nd: &mut Nd<'_>, p: &[u8], e: usize, print_metric: bool) -> Res {
    let dest = sl(p, e, 16)?;
    let plen = u8at(p, e + 18)?;
    nd.host6(dest);
    nd.f(format_args!("/{plen}"));
    let tag = be16(p, e + 16)?;
    if tag != 0 {
        nd.f(format_args!(" [{tag}]"));
    }
    let metric = u8at(p, e + 19)?;
    if metric != 0 && print_metric {
        nd.f(format_args!(" ({metric})"));
    }
    Ok(())
}

/// Prints a RIPng packet (UDP port 521).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ripng";
    let vers = u8at(p, 1)?;
    if vers != 1 {
        nd.f(format_args!(" [vers {vers}]"));
        nd.invalid();
        return Ok(());
    }
    let cmd = u8at(p, 0)?;
    let name = match cmd {
        1 => "req",
        2 => "resp",
        _ => {
            nd.f(format_args!(" ripng-{cmd} ?? {length}"));
            nd.invalid();
            return Ok(());
        }
    };
    if length < 4 {
        nd.invalid();
        return Ok(());
    }
    let mut left = length - 4;
    let j = left / ENTRY;
    // A request for the whole table: one entry, ::/0 with an infinite metric.
    if cmd == 1 && j == 1 && u8at(p, 23)? == 16 && p[4..20].iter().all(|&b| b == 0) {
        nd.s(" ripng-req dump");
        return Ok(());
    }
    if j * ENTRY != left {
        nd.f(format_args!(" ripng-{name} {j}[{length}]:"));
    } else {
        nd.f(format_args!(" ripng-{name} {j}:"));
    }
    let mut e = 4;
    while left >= ENTRY {
        nd.s(if nd.opts.verbose > 1 { "\n\t" } else { " " });
        entry(nd, p, e, cmd == 2)?;
        left -= ENTRY;
        e += ENTRY;
    }
    if left != 0 {
        nd.invalid();
    }
    Ok(())
}
