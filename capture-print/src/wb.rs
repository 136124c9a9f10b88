//! The White Board protocol of LBL's wb (UDP port 4567), as tcpdump's print-wb.c: site
//! announcements, repair requests and replies, page requests and replies, drawing operations.
use super::util::Tok;
use super::{Nd, Res, Trunc, be16, be32, has, tail, u8at};

const DOP_TYPES: &Tok = &[
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
const DT_SKIP: u8 = 14;
const DT_HOLE: u8 = 15;

/// The transport header: source, timestamp, version, type, flags.
const HDR_LEN: usize = 12;
/// A page id: session id and page number.
const PAGE_LEN: usize = 8;
/// A drawing operation's header: page, start and end sequence numbers.
const DOP_LEN: usize = PAGE_LEN + 8;
/// A page state: slot, page, count of id/offset pairs, reserved.
const PGSTATE_LEN: usize = 4 + PAGE_LEN + 4;
/// An announcement: current slot and page, then a page state.
const ID_LEN: usize = 4 + PAGE_LEN + PGSTATE_LEN;
/// A (site id, offset) pair.
const ID_OFF_LEN: usize = 8;

/// An IPv4 address (a site or session id), named without `-n`.
fn addr(nd: &mut Nd<'_>, p: &[u8], at: usize) -> Res {
    let a = super::sl(p, at, 4)?;
    nd.host4(a);
    Ok(())
}

/// `slot/session:page` (an address between two numbers), after `prefix`.
fn slot_page(nd: &mut Nd<'_>, prefix: &str, p: &[u8], slot: usize, page: usize) -> Res {
    // tcpdump reads all three before printing any.
    let s = be32(p, slot)?;
    super::sl(p, page, 4)?;
    let uid = be32(p, page + 4)?;
    nd.s(prefix);
    nd.f(format_args!("{s}/"));
    addr(nd, p, page)?;
    nd.f(format_args!(":{uid}"));
    Ok(())
}

fn id(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-id:");
    if len < ID_LEN {
        return Ok(false);
    }
    let len = len - ID_LEN;
    // All the fields are read before the line is printed.
    be32(p, 12)?;
    be32(p, 0)?;
    be32(p, 8)?;
    super::sl(p, 4, 4)?;
    slot_page(nd, " ", p, 12, 16)?;
    slot_page(nd, " (max ", p, 0, 4)?;
    nd.s(") ");
    if !has(p, 0, ID_LEN) {
        return Err(Trunc);
    }
    let nid = usize::from(be16(p, 24)?);
    if len < ID_OFF_LEN * nid {
        return Ok(false);
    }
    let len = len - ID_OFF_LEN * nid;
    let mut c = '<';
    for i in 0..nid {
        let at = ID_LEN + i * ID_OFF_LEN;
        let off = be32(p, at + 4)?;
        super::sl(p, at, 4)?;
        nd.f(format_args!("{c}"));
        addr(nd, p, at)?;
        nd.f(format_args!(":{off}"));
        c = ',';
    }
    nd.s("> \"");
    nd.printjnp(tail(p, ID_LEN + ID_OFF_LEN * nid), len)?;
    nd.s("\"");
    Ok(true)
}

fn rreq(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-rreq:");
    if len < 4 + DOP_LEN {
        return Ok(false);
    }
    super::sl(p, 0, 20)?;
    nd.s(" please repair ");
    addr(nd, p, 0)?;
    nd.s(" ");
    addr(nd, p, 4)?;
    nd.f(format_args!(
        ":{}<{}:{}>",
        be32(p, 8)?,
        be32(p, 12)?,
        be32(p, 16)?
    ));
    Ok(true)
}

fn preq(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-preq:");
    if len < PAGE_LEN + 8 {
        return Ok(false);
    }
    let low = be32(p, 8)?;
    super::sl(p, 0, 4)?;
    let uid = be32(p, 4)?;
    nd.f(format_args!(" need {low}/"));
    addr(nd, p, 0)?;
    nd.f(format_args!(":{uid}"));
    if !has(p, 0, PAGE_LEN + 8) {
        return Err(Trunc);
    }
    Ok(true)
}

fn prep(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-prep:");
    if len < 4 {
        return Ok(false);
    }
    let mut n = be32(p, 0)?;
    let mut ps = 4;
    while n != 0 {
        slot_page(nd, " ", p, ps, ps + 4)?;
        if !has(p, ps, PGSTATE_LEN) {
            return Err(Trunc);
        }
        // tcpdump counts the pairs with the first byte of the 16-bit count.
        let nid = usize::from(u8at(p, ps + 12)?);
        let mut io = ps + PGSTATE_LEN;
        let mut c = '<';
        for _ in 0..nid {
            let off = be32(p, io + 4)?;
            super::sl(p, io, 4)?;
            nd.f(format_args!("{c}"));
            addr(nd, p, io)?;
            nd.f(format_args!(":{off}"));
            c = ',';
            io += ID_OFF_LEN;
        }
        nd.s(">");
        ps = io;
        n -= 1;
    }
    Ok(true)
}

/// The drawing operations from sequence number `ss` to `es`, after the header at `dop`.
fn dops(nd: &mut Nd<'_>, p: &[u8], dop: usize, mut ss: u32, es: u32) -> Res {
    let mut dh = dop + DOP_LEN;
    nd.s(" <");
    while ss <= es {
        let t = u8at(p, dh + 7)?;
        nd.s(" ");
        nd.tok2str(DOP_TYPES, "dop-%u!", u32::from(t));
        if t == DT_SKIP || t == DT_HOLE {
            let ts = be32(p, dh)?;
            nd.f(format_args!("{}", ts.wrapping_sub(ss).wrapping_add(1)));
            if ss > ts || ts > es {
                nd.s("[|]");
                if ts < ss {
                    return Ok(());
                }
            }
            ss = ts;
        }
        dh += (usize::from(be16(p, dh + 4)?) + 8).next_multiple_of(4);
        // tcpdump's counter is 32 bits: past the last number it starts again from 0.
        ss = ss.wrapping_add(1);
    }
    nd.s(" >");
    Ok(())
}

/// A drawing operation header at `dop`: `session:page<start:end>`, then the operations.
fn dop_print(nd: &mut Nd<'_>, p: &[u8], dop: usize) -> Res {
    addr(nd, p, dop)?;
    let (uid, sseq, eseq) = (be32(p, dop + 4)?, be32(p, dop + 8)?, be32(p, dop + 12)?);
    nd.f(format_args!(":{uid}<{sseq}:{eseq}>"));
    if nd.opts.verbose > 0 {
        dops(nd, p, dop, sseq, eseq)?;
    }
    Ok(())
}

fn rrep(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-rrep:");
    if len < 4 + DOP_LEN {
        return Ok(false);
    }
    super::sl(p, 0, 4 + DOP_LEN)?;
    nd.s(" for ");
    addr(nd, p, 0)?;
    nd.s(" ");
    dop_print(nd, p, 4)?;
    Ok(true)
}

fn drawop(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res<bool> {
    nd.s(" wb-dop:");
    if len < DOP_LEN {
        return Ok(false);
    }
    super::sl(p, 0, DOP_LEN)?;
    nd.s(" ");
    dop_print(nd, p, 0)?;
    Ok(true)
}

/// tcpdump's `wb_print`.
pub(crate) fn print(nd: &mut Nd<'_>, hdr: &[u8], len: usize) -> Res {
    nd.proto = "wb";
    if len < HDR_LEN {
        nd.invalid();
        return Ok(());
    }
    if !has(hdr, 0, HDR_LEN) {
        return Err(Trunc);
    }
    let len = len - HDR_LEN;
    if hdr[11] != 0 {
        nd.s("*");
    }
    let p = tail(hdr, HDR_LEN);
    let ok = match hdr[10] {
        4 => {
            nd.s(" wb-kill");
            return Ok(());
        }
        1 => id(nd, p, len)?,
        2 => rreq(nd, p, len)?,
        3 => rrep(nd, p, len)?,
        0 => drawop(nd, p, len)?,
        5 => preq(nd, p, len)?,
        7 => prep(nd, p, len)?,
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

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    fn case(hex: &str, expected: &str) {
        check(101, "-n -v", hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn messages() {
        case(
            "4500005800010000401166920a0000010a000002303911d7004400000a0000010000000000010300010203040a000001000000010000000200000005000000000000000e0000000000000000000009000000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 88)\
             \n    10.0.0.1.12345 > 10.0.0.2.4567:  wb-rrep: for 1.2.3.4 10.0.0.1:1<2:5> < SKIP4294967295[|]",
        );
        case(
            "4500005c000100004011668e0a0000010a000002303911d7004800000a0000010000000000010700000000020000000a0a00000100000003010000000a0000020000000400000007000000090a000001000000080000000000000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 92)\
             \n    10.0.0.1.12345 > 10.0.0.2.4567:  wb-prep: 10/10.0.0.1:3<10.0.0.2:4> 7/0.0.0.9:167772161>",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_wb_never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..150),
                                  typ in 0u8..9, v in 0u8..2) {
            let mut data = vec![0x45, 0, 0, 200, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            data.extend_from_slice(&[0x30, 0x39, 0x11, 0xd7]);
            data.extend_from_slice(&((body.len() + 20) as u16).to_be_bytes());
            data.extend_from_slice(&[0, 0, 10, 0, 0, 1, 0, 0, 0, 0, 0, 1, typ, 0]);
            data.extend_from_slice(&body);
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 101, &data);
        }
    }
}
