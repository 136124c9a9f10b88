//! The LBL whiteboard (wb, UDP port 4567 or `-T wb`), as tcpdump's print-wb.c: session
//! announcements, drawing operations, repair and page requests and replies.
use super::util::Tok;
use super::{Nd, Res, Trunc, be16, be32, sl, tail, u8at};

/// wb's destination port.
pub(crate) const PORT: u16 = 4567;

const DOPS: &Tok = &[
    (2, "RECT"),
    (3, "LINE"),
    (4, "ML"),
    (5, "DEL"),
    (6, "XFORM"),
    (7, "ELL"),
    (8, "CHAR"),
    (9, "STR"),
    (10, "NOP"),
    (11, "PSCODE"),
    (12, "PSCOMP"),
    (13, "REF"),
    (14, "SKIP"),
    (15, "HOLE"),
];

/// The packet header's size.
const HDR: usize = 12;

/// Prints a wb packet of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "wb";
    if len < HDR {
        nd.invalid();
        return Ok(());
    }
    sl(bp, 0, HDR)?;
    let len = len - HDR;
    if u8at(bp, 11)? != 0 {
        nd.s("*");
    }
    let body = tail(bp, HDR);
    let ok = match u8at(bp, 10)? {
        4 => {
            nd.s(" wb-kill");
            return Ok(());
        }
        1 => id(nd, body, len)?,
        2 => rreq(nd, body, len)?,
        3 => rrep(nd, body, len)?,
        0 => drawop(nd, body, len)?,
        5 => preq(nd, body, len)?,
        7 => prep(nd, body, len)?,
        t => {
            nd.f(format_args!(" wb-{t}!"));
            false
        }
    };
    if !ok {
        nd.invalid();
    }
    Ok(())
}

/// A site and page: `sid:uid`, the site named as an address.
fn page(nd: &mut Nd<'_>, b: &[u8], at: usize) -> Res {
    let sid = sl(b, at, 4)?;
    let uid = be32(b, at + 4)?;
    nd.host4(sid);
    nd.f(format_args!(":{uid}"));
    Ok(())
}

/// The `<id:off,...>` list of `n` entries at `at`; returns the offset past it.
fn id_offs(nd: &mut Nd<'_>, b: &[u8], mut at: usize, n: usize) -> Res<usize> {
    let mut c = '<';
    for _ in 0..n {
        let (addr, off) = (sl(b, at, 4)?, be32(b, at + 4)?);
        nd.f(format_args!("{c}"));
        nd.host4(addr);
        nd.f(format_args!(":{off}"));
        c = ',';
        at += 8;
    }
    Ok(at)
}

fn id(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-id:");
    const ID: usize = 28;
    if len < ID {
        return Ok(false);
    }
    let len = len - ID;
    let (slot, mslot) = (be32(b, 12)?, be32(b, 0)?);
    sl(b, 16, 8)?;
    sl(b, 4, 8)?;
    nd.f(format_args!(" {slot}/"));
    page(nd, b, 16)?;
    nd.f(format_args!(" (max {mslot}/"));
    page(nd, b, 4)?;
    nd.s(") ");
    sl(b, 0, ID)?;
    let nid = usize::from(be16(b, 24)?);
    if len < 8 * nid {
        return Ok(false);
    }
    let len = len - 8 * nid;
    let site = id_offs(nd, b, ID, nid)?;
    nd.s("> \"");
    nd.printjnp(tail(b, site), len)?;
    nd.s("\"");
    Ok(true)
}

fn rreq(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-rreq:");
    if len < 20 {
        return Ok(false);
    }
    let id = sl(b, 0, 4)?;
    sl(b, 4, 8)?;
    let (sseq, eseq) = (be32(b, 12)?, be32(b, 16)?);
    nd.s(" please repair ");
    nd.host4(id);
    nd.s(" ");
    page(nd, b, 4)?;
    nd.f(format_args!("<{sseq}:{eseq}>"));
    Ok(true)
}

fn preq(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-preq:");
    if len < 16 {
        return Ok(false);
    }
    let low = be32(b, 8)?;
    sl(b, 0, 8)?;
    nd.f(format_args!(" need {low}/"));
    page(nd, b, 0)?;
    sl(b, 0, 16)?;
    Ok(true)
}

fn prep(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-prep:");
    if len < 4 {
        return Ok(false);
    }
    let mut n = be32(b, 0)?;
    let mut ps = 4;
    while n != 0 {
        let slot = be32(b, ps)?;
        sl(b, ps + 4, 8)?;
        nd.f(format_args!(" {slot}/"));
        page(nd, b, ps + 4)?;
        sl(b, ps, 16)?;
        // tcpdump counts the entries by the first byte of the 16-bit field.
        let nid = usize::from(u8at(b, ps + 12)?);
        ps = id_offs(nd, b, ps + 16, nid)?;
        nd.s(">");
        n -= 1;
    }
    Ok(true)
}

/// The drawing operations from sequence number `ss` to `es`, after the header at `dop`.
fn dops(nd: &mut Nd<'_>, b: &[u8], dop: usize, mut ss: u32, es: u32) -> Res {
    let mut dh = dop + 16;
    nd.s(" <");
    while ss <= es {
        let t = u8at(b, dh + 7)?;
        nd.s(" ");
        nd.tok2str(DOPS, "dop-%u!", u32::from(t));
        if t == 14 || t == 15 {
            let ts = be32(b, dh)?;
            nd.f(format_args!("{}", ts.wrapping_sub(ss).wrapping_add(1)));
            if ss > ts || ts > es {
                nd.s("[|]");
                if ts < ss {
                    return Ok(());
                }
            }
            ss = ts;
        }
        let body = usize::from(be16(b, dh + 4)?) + 8;
        dh = dh.checked_add(body.div_ceil(4) * 4).ok_or(Trunc)?;
        // Past the last sequence number the count wraps, as in tcpdump: the end of the
        // capture then ends the walk (each operation moves at least 8 bytes on).
        ss = ss.wrapping_add(1);
    }
    nd.s(" >");
    Ok(())
}

fn rrep(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-rrep:");
    if len < 20 {
        return Ok(false);
    }
    let id = sl(b, 0, 4)?;
    sl(b, 4, 8)?;
    let (sseq, eseq) = (be32(b, 12)?, be32(b, 16)?);
    nd.s(" for ");
    nd.host4(id);
    nd.s(" ");
    page(nd, b, 4)?;
    nd.f(format_args!("<{sseq}:{eseq}>"));
    if nd.opts.verbose > 0 {
        dops(nd, b, 4, sseq, eseq)?;
    }
    Ok(true)
}

fn drawop(nd: &mut Nd<'_>, b: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-dop:");
    if len < 16 {
        return Ok(false);
    }
    sl(b, 0, 8)?;
    let (sseq, eseq) = (be32(b, 8)?, be32(b, 12)?);
    nd.s(" ");
    page(nd, b, 0)?;
    nd.f(format_args!("<{sseq}:{eseq}>"));
    if nd.opts.verbose > 0 {
        dops(nd, b, 0, sseq, eseq)?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    #[test]
    fn kinds() {
        let mut m = vec![0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 29, 0];
        let s = print_ip(opts(0), &udp4(1812, 4567, &m));
        assert!(s.ends_with("4567:  wb-29! (invalid)\n"), "{s}");
        m[10] = 2;
        m.extend_from_slice(&[10, 0, 0, 9, 10, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5]);
        let s = print_ip(opts(0), &udp4(1812, 4567, &m));
        assert!(
            s.ends_with("4567:  wb-rreq: please repair 10.0.0.9 10.0.0.8:3<4:5>\n"),
            "{s}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(mut m in proptest::collection::vec(0u8..20, 12..120),
                        kind in 0u8..8, v in 0u8..2) {
            m[10] = kind;
            let _ = print_ip(opts(v), &udp4(1812, 4567, &m));
        }
    }
}
