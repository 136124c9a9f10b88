//! AppleTalk, as tcpdump's print-atalk.c: DDP over EtherTalk and LLAP (LocalTalk, and KIP over
//! UDP), AARP, and the ATP and NBP protocols above DDP.
use super::ether::ETHERTYPE_ATALK;
use super::util::Tok;
use super::{Nd, Res, be16, be32, has, u8at};

const LAP_SHORT_DDP: u8 = 1;
const LAP_DDP: u8 = 2;

/// The length of a DDP header, and of a short one (LLAP's).
const DDP_SIZE: usize = 13;
const DDP_SSIZE: usize = 5;

const DDP_NBP: u8 = 2;
const DDP_ATP: u8 = 3;
const DDP_EIGRP: u8 = 88;

const TYPE_VALUES: &Tok = &[
    (1, "rtmp"),
    (5, "rtmpReq"),
    (4, "echo"),
    (22, "IP"),
    (23, "ARP"),
    (0x4b, "KLAP"),
];

const SKT_VALUES: &Tok = &[(1, "rtmp"), (2, "nis"), (4, "echo"), (6, "zip")];

const ATP_SIZE: usize = 8;
const ATP_REQ_CODE: u8 = 0x40;
const ATP_RSP_CODE: u8 = 0x80;
const ATP_REL_CODE: u8 = 0xc0;
const ATP_XO: u8 = 0x20;
const ATP_EOM: u8 = 0x10;
const ATP_STS: u8 = 0x08;

const NBP_BR_RQ: u8 = 0x10;
const NBP_LK_UP: u8 = 0x20;
const NBP_LK_UP_REPLY: u8 = 0x30;
const NBP_HEADER_SIZE: usize = 2;
const NBP_TUPLE_SIZE: usize = 5;

const AARP_SIZE: usize = 28;

/// An AppleTalk address: `net.node`, or just `net` for node 255 (tcpdump never reads its names
/// file).
struct AtAddr(u16, u8);

impl std::fmt::Display for AtAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.1 != 255 {
            write!(f, "{}.{}", self.0, self.1)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// A DDP socket: named without `-n` when well known.
fn skt(nd: &mut Nd<'_>, s: u8) {
    if nd.opts.numeric > 0 {
        nd.f(format_args!("{s}"));
    } else {
        nd.tok2str(SKT_VALUES, "%u", s.into());
    }
}

/// `net.node.skt`.
fn ddp_addr(nd: &mut Nd<'_>, a: AtAddr, s: u8) {
    nd.f(format_args!("{a}."));
    skt(nd, s);
}

/// Prints a DDP packet over EtherTalk (or another 802 LAN).
pub(crate) fn atalk_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "atalk";
    if !nd.opts.link_header {
        nd.s("AT ");
    }
    if length < DDP_SIZE {
        nd.f(format_args!(" [|ddp {length}]"));
        return Ok(());
    }
    if !has(p, 0, DDP_SIZE) {
        nd.s(" [|ddp]");
        return Ok(());
    }
    let snet = be16(p, 6)?;
    ddp_addr(nd, AtAddr(snet, p[9]), p[11]);
    nd.s(" > ");
    ddp_addr(nd, AtAddr(be16(p, 4)?, p[8]), p[10]);
    nd.s(": ");
    ddp_print(
        nd,
        &p[DDP_SIZE..],
        length - DDP_SIZE,
        p[12],
        snet,
        p[9],
        p[11],
    )
}

/// Prints an LLAP packet (LocalTalk, or KIP over UDP); returns the length of its headers, 0
/// when they were not captured.
pub(crate) fn llap_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "llap";
    if length < 3 {
        nd.f(format_args!(" [|llap {length}]"));
        return Ok(length);
    }
    if !has(p, 0, 3) {
        nd.trunc();
        return Ok(0);
    }
    let (dst, src, ty) = (p[0], p[1], p[2]);
    let b = &p[3..];
    let length = length - 3;
    match ty {
        LAP_SHORT_DDP => {
            if length < DDP_SSIZE {
                nd.f(format_args!(" [|sddp {length}]"));
                return Ok(length);
            }
            if !has(b, 0, DDP_SSIZE) {
                nd.s(" [|sddp]");
                return Ok(0);
            }
            ddp_addr(nd, AtAddr(0, src), b[3]);
            nd.s(" > ");
            ddp_addr(nd, AtAddr(0, dst), b[2]);
            nd.s(":");
            ddp_print(nd, &b[DDP_SSIZE..], length - DDP_SSIZE, b[4], 0, src, b[3])?;
            Ok(3 + DDP_SSIZE)
        }
        LAP_DDP => {
            if length < DDP_SIZE {
                nd.f(format_args!(" [|ddp {length}]"));
                return Ok(length);
            }
            if !has(b, 0, DDP_SIZE) {
                nd.s(" [|ddp]");
                return Ok(0);
            }
            let snet = be16(b, 6)?;
            ddp_addr(nd, AtAddr(snet, b[9]), b[11]);
            nd.s(" > ");
            ddp_addr(nd, AtAddr(be16(b, 4)?, b[8]), b[10]);
            nd.s(":");
            ddp_print(
                nd,
                &b[DDP_SIZE..],
                length - DDP_SIZE,
                b[12],
                snet,
                b[9],
                b[11],
            )?;
            Ok(3 + DDP_SIZE)
        }
        _ => {
            nd.f(format_args!("{src} > {dst} at-lap#{ty} {length}"));
            Ok(3)
        }
    }
}

/// Whether a UDP datagram is AppleTalk in UDP (KIP): a DDP LLAP header and a port in one of the
/// AppleTalk ranges.
pub(crate) fn is_kip(p: &[u8], sport: u16, dport: u16) -> bool {
    let at_port = |p: u16| {
        [16512, 200, 768]
            .iter()
            .any(|&base| p.wrapping_sub(base) < 128)
    };
    p.get(2) == Some(&LAP_DDP) && (at_port(sport) || at_port(dport))
}

/// Prints an AARP packet.
pub(crate) fn aarp_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "aarp";
    nd.s("aarp ");
    if !has(p, 0, AARP_SIZE) {
        nd.trunc();
        return Ok(());
    }
    if length < AARP_SIZE {
        nd.f(format_args!(" [|aarp {length}]"));
        return Ok(());
    }
    let htype = be16(p, 0)?;
    let ptype = be16(p, 2)?;
    let (halen, palen) = (p[4], p[5]);
    let op = be16(p, 6)?;
    // Protocol addresses: a pad byte, the net, the node.
    let at = |off: usize| AtAddr(u16::from_be_bytes([p[off + 1], p[off + 2]]), p[off + 3]);
    let (psaddr, pdaddr) = (14, 24);
    if htype == 1 && ptype == ETHERTYPE_ATALK && halen == 6 && palen == 4 {
        match op {
            1 => {
                nd.f(format_args!("who-has {} tell {}", at(pdaddr), at(psaddr)));
                return Ok(());
            }
            2 => {
                nd.f(format_args!("reply {} is-at ", at(psaddr)));
                nd.mac(&p[8..14]);
                return Ok(());
            }
            3 => {
                nd.f(format_args!("probe {} tell {}", at(pdaddr), at(psaddr)));
                return Ok(());
            }
            _ => {}
        }
    }
    nd.f(format_args!(
        "len {length} op {op} htype {htype} ptype {:#x} halen {halen} palen {palen}",
        ptype
    ));
    Ok(())
}

fn ddp_print(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: usize,
    ty: u8,
    snet: u16,
    snode: u8,
    sskt: u8,
) -> Res {
    match ty {
        DDP_NBP => nbp_print(nd, p, length, snet, snode, sskt),
        DDP_ATP => atp_print(nd, p, length),
        DDP_EIGRP => super::eigrp::print(nd, p, length),
        _ => {
            nd.s(" at-");
            nd.tok2str(TYPE_VALUES, "#%d", ty.into());
            nd.f(format_args!(" {length}"));
            Ok(())
        }
    }
}

fn atp_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if !has(p, 0, ATP_SIZE) {
        nd.trunc();
        return Ok(());
    }
    if length < ATP_SIZE {
        nd.f(format_args!(" [|atp {length}]"));
        return Ok(());
    }
    let length = length - ATP_SIZE;
    let control = p[0];
    let bitmap = p[1];
    let trans_id = be16(p, 2)?;
    match control & 0xc0 {
        ATP_REQ_CODE => {
            nd.f(format_args!(
                " atp-req{} {trans_id}",
                if control & ATP_XO != 0 { " " } else { "*" }
            ));
            atp_bitmap(nd, bitmap);
            if length != 0 {
                nd.f(format_args!(" [len={length}]"));
            }
            match control & (ATP_EOM | ATP_STS) {
                ATP_EOM => nd.s(" [EOM]"),
                ATP_STS => nd.s(" [STS]"),
                0x18 => nd.s(" [EOM,STS]"),
                _ => {}
            }
        }
        ATP_RSP_CODE => {
            nd.f(format_args!(
                " atp-resp{}{trans_id}:{bitmap} ({length})",
                if control & ATP_EOM != 0 { "*" } else { " " }
            ));
            match control & (ATP_XO | ATP_STS) {
                ATP_XO => nd.s(" [XO]"),
                ATP_STS => nd.s(" [STS]"),
                0x28 => nd.s(" [XO,STS]"),
                _ => {}
            }
        }
        ATP_REL_CODE => {
            nd.f(format_args!(" atp-rel  {trans_id}"));
            atp_bitmap(nd, bitmap);
            if length != 0 {
                nd.f(format_args!(" [len={length}]"));
            }
            if control & (ATP_XO | ATP_EOM | ATP_STS) != 0 {
                let mut c = '[';
                for (bit, name) in [(ATP_XO, "XO"), (ATP_EOM, "EOM"), (ATP_STS, "STS")] {
                    if control & bit != 0 {
                        nd.f(format_args!("{c}{name}"));
                        c = ',';
                    }
                }
                nd.s("]");
            }
        }
        _ => nd.f(format_args!(" atp-0x{control:x}  {trans_id} ({length})")),
    }
    let data = be32(p, 4)?;
    if data != 0 {
        nd.f(format_args!(" 0x{data:x}"));
    }
    Ok(())
}

/// The bitmap of an ATP request: a range `<0-n>` when contiguous from 0, else the bits.
fn atp_bitmap(nd: &mut Nd<'_>, bm: u8) {
    if (u16::from(bm) + 1) & u16::from(bm) != 0 {
        let mut c = '<';
        for i in 0..8 {
            if bm & (1 << i) != 0 {
                nd.f(format_args!("{c}{i}"));
                c = ',';
            }
        }
        nd.s(">");
    } else {
        let n = 8 - bm.leading_zeros();
        if n > 1 {
            nd.f(format_args!("<0-{}>", n - 1));
        } else {
            nd.s("<0>");
        }
    }
}

fn nbp_print(nd: &mut Nd<'_>, p: &[u8], length: usize, snet: u16, snode: u8, sskt: u8) -> Res {
    if length < NBP_HEADER_SIZE {
        nd.f(format_args!(" truncated-nbp {length}"));
        return Ok(());
    }
    let length = length - NBP_HEADER_SIZE;
    if length < 8 {
        nd.f(format_args!(" truncated-nbp {}", length + NBP_HEADER_SIZE));
        return Ok(());
    }
    if p.len() < NBP_HEADER_SIZE {
        nd.trunc();
        return Ok(());
    }
    let control = u8at(p, 0)?;
    let id = u8at(p, 1)?;
    let tp = NBP_HEADER_SIZE;
    match control & 0xf0 {
        c @ (NBP_BR_RQ | NBP_LK_UP) => {
            nd.f(format_args!(
                " {} {id}:",
                if c == NBP_LK_UP {
                    "nbp-lkup"
                } else {
                    "nbp-brRq"
                }
            ));
            if !has(p, tp, NBP_TUPLE_SIZE) {
                nd.trunc();
                return Ok(());
            }
            nbp_name(nd, p, tp)?;
            if control & 0xf != 1 {
                nd.f(format_args!(" [ntup={}]", control & 0xf));
            }
            let enumerator = u8at(p, tp + 4)?;
            if enumerator != 0 {
                nd.f(format_args!(" [enum={enumerator}]"));
            }
            let (net, node, s) = (be16(p, tp)?, u8at(p, tp + 2)?, u8at(p, tp + 3)?);
            if net != snet || node != snode || s != sskt {
                nd.f(format_args!(" [addr={}.{s}]", AtAddr(net, node)));
            }
        }
        NBP_LK_UP_REPLY => {
            nd.f(format_args!(" nbp-reply {id}:"));
            let mut tp = Some(tp);
            for _ in 0..(control & 0xf) {
                let Some(t) = tp else { break };
                tp = nbp_tuple(nd, p, t, snet, snode, sskt)?;
            }
        }
        _ => nd.f(format_args!(" nbp-0x{control:x}  {id} ({length})")),
    }
    Ok(())
}

/// A counted string at `i`; the offset after it, or None (with the mark when truncated).
fn cstring(nd: &mut Nd<'_>, p: &[u8], i: usize) -> Res<Option<usize>> {
    if i >= p.len() {
        nd.trunc();
        return Ok(None);
    }
    let n = usize::from(p[i]);
    if n > 32 {
        nd.f(format_args!("[len={n}]"));
        return Ok(None);
    }
    for k in 0..n {
        let Some(&c) = p.get(i + 1 + k) else {
            nd.trunc();
            return Ok(None);
        };
        nd.print_char(c);
    }
    Ok(Some(i + 1 + n))
}

/// A tuple's `"object:type@zone"`; the offset after it, or None.
fn nbp_name(nd: &mut Nd<'_>, p: &[u8], tp: usize) -> Res<Option<usize>> {
    nd.s(" \"");
    let Some(i) = cstring(nd, p, tp + NBP_TUPLE_SIZE)? else {
        return Ok(None);
    };
    nd.s(":");
    let Some(i) = cstring(nd, p, i)? else {
        return Ok(None);
    };
    nd.s("@");
    let Some(i) = cstring(nd, p, i)? else {
        return Ok(None);
    };
    nd.s("\"");
    Ok(Some(i))
}

fn nbp_tuple(
    nd: &mut Nd<'_>,
    p: &[u8],
    tp: usize,
    snet: u16,
    snode: u8,
    sskt: u8,
) -> Res<Option<usize>> {
    if !has(p, tp, NBP_TUPLE_SIZE) {
        nd.trunc();
        return Ok(None);
    }
    let next = nbp_name(nd, p, tp)?;
    let enumerator = u8at(p, tp + 4)?;
    if enumerator != 1 {
        nd.f(format_args!("({enumerator})"));
    }
    let s = u8at(p, tp + 3)?;
    if s != sskt {
        nd.f(format_args!(" {s}"));
    }
    let (net, node) = (be16(p, tp)?, u8at(p, tp + 2)?);
    if net != snet || node != snode {
        nd.f(format_args!(" [addr={}]", AtAddr(net, node)));
    }
    Ok(next)
}
