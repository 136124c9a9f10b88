//! SSH, as tcpdump's print-ssh.c: the version line of an `SSH-` banner.
use super::{Nd, Res, u8at};

/// tcpdump's SSH printer: the version line of an `SSH-` banner, if the segment holds one.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "ssh";
    for (i, &c) in b"SSH-".iter().enumerate() {
        if u8at(p, i)? != c {
            return Ok(());
        }
    }
    let mut idx = 4;
    while idx < len {
        let c = u8at(p, idx)?;
        if c == b'\n' || (c == b'\r' && idx + 1 < len && u8at(p, idx + 1)? == b'\n') {
            nd.s(": SSH: ");
            nd.o.extend_from_slice(&p[..idx]);
            return Ok(());
        }
        if !(0x20..0x7f).contains(&c) {
            return Ok(());
        }
        idx += 1;
    }
    Ok(())
}
