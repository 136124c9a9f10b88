//! DECnet Phase IV, as tcpdump's print-decnet.c: the routing layer (short and long data
//! headers, control messages: init, verification, test, routing, hellos) and NSP.
use super::util::Tok;
use super::{Nd, Res, Trunc, ascii, le16, sl, tail, u8at};

const SHORTHDR_LEN: usize = 6;
const LONGHDR_LEN: usize = 21;

const RMF_MASK: u8 = 7;
const RMF_SHORT: u8 = 2;
const RMF_LONG: u8 = 6;
const RMF_RQR: u8 = 0o10;
const RMF_RTS: u8 = 0o20;
const RMF_IE: u8 = 0o40;
const RMF_FVER: u8 = 0o100;
const RMF_PAD: u8 = 0o200;
const RMF_PADMASK: u8 = 0o177;
const VIS_MASK: u8 = 0o77;

const RMF_CTLMASK: u8 = 0o17;
const RMF_CTLMSG: u8 = 0o1;
const RMF_INIT: u8 = 0o1;
const RMF_VER: u8 = 0o3;
const RMF_TEST: u8 = 0o5;
const RMF_L1ROUT: u8 = 0o7;
const RMF_L2ROUT: u8 = 0o11;
const RMF_RHELLO: u8 = 0o13;
const RMF_EHELLO: u8 = 0o15;

const INITMSG_LEN: usize = 12;
const VERIFMSG_LEN: usize = 4;
const TESTMSG_LEN: usize = 4;
const ROUTMSG_LEN: usize = 4;
const RHELLOMSG_LEN: usize = 18;
const EHELLOMSG_LEN: usize = 32;

const NSP_TYPEMASK: u8 = 0o14;
const NSP_SUBMASK: u8 = 0o160;
const MFT_DATA: u8 = 0;
const MFT_ACK: u8 = 0o4;
const MFT_CTL: u8 = 0o10;
const MFS_ILS: u8 = 0o20;
const MFS_BOM: u8 = 0o40;
const MFS_MOM: u8 = 0;
const MFS_EOM: u8 = 0o100;
const MFS_INT: u8 = 0o40;
/// A whole message in one segment.
const BOM_EOM: u8 = MFS_BOM + MFS_EOM;
/// An interrupt message.
const ILS_INT: u8 = MFS_ILS + MFS_INT;
const MFS_DACK: u8 = 0;
const MFS_IACK: u8 = 0o20;
const MFS_CACK: u8 = 0o40;
const MFS_CI: u8 = 0o20;
const MFS_CC: u8 = 0o40;
const MFS_DI: u8 = 0o60;
const MFS_DC: u8 = 0o100;
const MFS_RCI: u8 = 0o140;

const SGQ_ACK: u16 = 0o100000;
const SGQ_NAK: u16 = 0o110000;
const SGQ_OACK: u16 = 0o120000;
const SGQ_ONAK: u16 = 0o130000;
const SGQ_MASK: u16 = 0o7777;

const NSPHDR_LEN: usize = 5;
const SEGHDR_LEN: usize = 11;
const MINSEGHDR_LEN: usize = 7;
const LSMSG_LEN: usize = 2;
const ACKMSG_LEN: usize = 9;
const CIMSG_LEN: usize = 9;
const CCMSG_LEN: usize = 10;
const DIMSG_LEN: usize = 8;

const REASON_VALUES: &Tok = &[
    (0, "object rejected connect"),
    (1, "insufficient resources"),
    (2, "unrecognized node name"),
    (3, "node is shutting down"),
    (4, "unrecognized object"),
    (5, "invalid object name format"),
    (6, "object too busy"),
    (7, "protocol error discovered"),
    (8, "third party abort"),
    (9, "user abort"),
    (10, "invalid node name format"),
    (11, "local node shutting down"),
    (32, "insufficient local resources"),
    (33, "insufficient remote user resources"),
    (34, "invalid access control information"),
    (36, "bad ACCOUNT information"),
    (38, "no response from object"),
    (39, "node unreachable"),
    (41, "no link terminate"),
    (42, "disconnect complete"),
    (43, "bad image data in connect"),
    (54, "cryptographic service mismatch"),
];

/// A DECnet address: `area.node`.
struct DnAddr(u16);

impl std::fmt::Display for DnAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 >> 10, self.0 & 0o1777)
    }
}

/// tcpdump's default print of `len` bytes (not suppressed by `-x` here, as in tcpdump): a
/// truncation after the bytes there are.
fn dump(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    ascii::hex_and_ascii(nd.o, "\n\t", &p[..len.min(p.len())]);
    if len > p.len() { Err(Trunc) } else { Ok(()) }
}

/// Prints a DECnet packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "decnet";
    if length < SHORTHDR_LEN {
        nd.f(format_args!(" (length {length} < {SHORTHDR_LEN})"));
        nd.invalid();
        return Ok(());
    }
    let pktlen = usize::from(le16(p, 0)?);
    if pktlen < SHORTHDR_LEN {
        nd.f(format_args!(" (pktlen {pktlen} < {SHORTHDR_LEN})"));
        nd.invalid();
        return Ok(());
    }
    if pktlen > length {
        nd.f(format_args!(" (pktlen {pktlen} > {length})"));
        nd.invalid();
        return Ok(());
    }
    let mut length = pktlen;
    let mut ap = p;
    let mut mflags = u8at(ap, 2)?;
    if mflags & RMF_PAD != 0 {
        let padlen = usize::from(mflags & RMF_PADMASK);
        if nd.opts.verbose > 0 {
            nd.f(format_args!("[pad:{padlen}] "));
        }
        if length < padlen + 2 {
            nd.f(format_args!(" (length {length} < {})", padlen + 2));
            nd.invalid();
            return Ok(());
        }
        sl(ap, 2, padlen)?;
        ap = &ap[padlen..];
        length -= padlen;
        mflags = u8at(ap, 2)?;
    }
    if mflags & RMF_FVER != 0 {
        nd.s("future-version-decnet");
        return dump(nd, ap, length.min(ap.len()));
    }
    let rh = tail(ap, 2);
    if mflags & RMF_CTLMSG != 0 {
        if !ctlmsg(nd, rh, length, ap.len())? {
            nd.invalid();
        }
        return Ok(());
    }
    let (dst, src, hops, nsp, nsplen) = match mflags & RMF_MASK {
        RMF_LONG => {
            if length < LONGHDR_LEN {
                nd.f(format_args!(" (length {length} < {LONGHDR_LEN})"));
                nd.invalid();
                return Ok(());
            }
            sl(rh, 0, LONGHDR_LEN)?;
            (
                le16(rh, 7)?,
                le16(rh, 15)?,
                u8at(rh, 18)?,
                tail(rh, LONGHDR_LEN),
                length - LONGHDR_LEN,
            )
        }
        RMF_SHORT => (
            le16(rh, 1)?,
            le16(rh, 3)?,
            (u8at(rh, 5)? & VIS_MASK) + 1,
            tail(rh, SHORTHDR_LEN),
            length - SHORTHDR_LEN,
        ),
        _ => {
            nd.s("unknown message flags under mask");
            return dump(nd, ap, length.min(ap.len()));
        }
    };
    nd.f(format_args!("{} > {} {pktlen} ", DnAddr(src), DnAddr(dst)));
    if nd.opts.verbose > 0 {
        if mflags & RMF_RQR != 0 {
            nd.s("RQR ");
        }
        if mflags & RMF_RTS != 0 {
            nd.s("RTS ");
        }
        if mflags & RMF_IE != 0 {
            nd.s("IE ");
        }
        nd.f(format_args!("{hops} hops "));
    }
    if !nsp_print(nd, nsp, nsplen)? {
        nd.invalid();
    }
    Ok(())
}

/// A routing-layer control message; false when too short. `caplen` counts from the packet
/// length field, two bytes before `rh` (tcpdump's dump of an unknown message starts at `rh`
/// with that count).
fn ctlmsg(nd: &mut Nd<'_>, rh: &[u8], length: usize, caplen: usize) -> Res<bool> {
    let mflags = u8at(rh, 0)?;
    match mflags & RMF_CTLMASK {
        RMF_INIT => {
            nd.s("init ");
            if length < INITMSG_LEN {
                return Ok(false);
            }
            sl(rh, 0, INITMSG_LEN)?;
            let src = le16(rh, 1)?;
            let info = rh[3];
            let blksize = le16(rh, 4)?;
            let (vers, eco, ueco) = (rh[6], rh[7], rh[8]);
            let hello = le16(rh, 9)?;
            t_info(nd, info);
            nd.f(format_args!(
                "src {}blksize {blksize} vers {vers} eco {eco} ueco {ueco} hello {hello}",
                DnAddr(src)
            ));
        }
        RMF_VER | RMF_TEST => {
            let (name, what) = if mflags & RMF_CTLMASK == RMF_VER {
                ("verification ", "fcnval")
            } else {
                ("test ", "data")
            };
            nd.s(name);
            let min = if mflags & RMF_CTLMASK == RMF_VER {
                VERIFMSG_LEN
            } else {
                TESTMSG_LEN
            };
            if length < min {
                return Ok(false);
            }
            let src = le16(rh, 1)?;
            let other = u8at(rh, 3)?;
            nd.f(format_args!("src {} {what} {other:o}", DnAddr(src)));
        }
        RMF_L1ROUT | RMF_L2ROUT => {
            let l1 = mflags & RMF_CTLMASK == RMF_L1ROUT;
            nd.s(if l1 {
                "lev-1-routing "
            } else {
                "lev-2-routing "
            });
            if length < ROUTMSG_LEN {
                return Ok(false);
            }
            sl(rh, 0, ROUTMSG_LEN)?;
            nd.f(format_args!("src {} ", DnAddr(le16(rh, 1)?)));
            routes(
                nd,
                tail(rh, ROUTMSG_LEN),
                length - ROUTMSG_LEN,
                if l1 { "ids" } else { "areas" },
            )?;
        }
        RMF_RHELLO => {
            nd.s("router-hello ");
            if length < RHELLOMSG_LEN {
                return Ok(false);
            }
            sl(rh, 0, RHELLOMSG_LEN)?;
            let (vers, eco, ueco) = (rh[1], rh[2], rh[3]);
            let src = le16(rh, 8)?;
            let info = rh[10];
            let blksize = le16(rh, 11)?;
            let priority = rh[13];
            let hello = le16(rh, 15)?;
            i_info(nd, info);
            nd.f(format_args!(
                "vers {vers} eco {eco} ueco {ueco} src {} blksize {blksize} pri {priority} hello {hello}",
                DnAddr(src)
            ));
        }
        RMF_EHELLO => {
            nd.s("endnode-hello ");
            if length < EHELLOMSG_LEN {
                return Ok(false);
            }
            let vers = u8at(rh, 1)?;
            let eco = u8at(rh, 2)?;
            let ueco = u8at(rh, 3)?;
            let src = le16(rh, 8)?;
            let info = u8at(rh, 10)?;
            let blksize = le16(rh, 11)?;
            let dst = le16(rh, 26)?;
            let hello = le16(rh, 28)?;
            let other = u8at(rh, 31)?;
            i_info(nd, info);
            nd.f(format_args!(
                "vers {vers} eco {eco} ueco {ueco} src {} blksize {blksize} rtr {} hello {hello} data {other:o}",
                DnAddr(src),
                DnAddr(dst)
            ));
        }
        _ => {
            nd.s("unknown control message");
            dump(nd, rh, length.min(caplen))?;
        }
    }
    Ok(true)
}

/// The node type and verification bits that both kinds of info byte start with.
fn node_type(nd: &mut Nd<'_>, info: u8) {
    nd.s(match info & 3 {
        0 => "reserved-ntype? ",
        1 => "l2rout ",
        2 => "l1rout ",
        _ => "endnode ",
    });
    if info & 0o4 != 0 {
        nd.s("verif ");
    }
}

/// A transport initialize message's info byte (tcpdump's `print_t_info`).
fn t_info(nd: &mut Nd<'_>, info: u8) {
    node_type(nd, info);
    if info & 0o10 != 0 {
        nd.s("blo ");
    }
}

/// A hello message's info byte (tcpdump's `print_i_info`).
fn i_info(nd: &mut Nd<'_>, info: u8) {
    node_type(nd, info);
    if info & 0o40 != 0 {
        nd.s("nomcast ");
    }
    if info & 0o100 != 0 {
        nd.s("blo ");
    }
}

/// Level 1 or 2 routing entries (`what` is `ids` or `areas`), up to the final checksum.
fn routes(nd: &mut Nd<'_>, p: &[u8], len: usize, what: &str) -> Res {
    let mut i = 0;
    let mut len = len;
    while len > 6 {
        sl(p, i, 6)?;
        let count = u32::from(le16(p, i)?);
        if count > 1024 {
            return Ok(());
        }
        let id = u32::from(le16(p, i + 2)?);
        let info = le16(p, i + 4)?;
        i += 6;
        len -= 6;
        nd.f(format_args!(
            "{{{what} {id}-{} cost {} hops {}}} ",
            id + count,
            info & 0o777,
            (info >> 10) & 0o37
        ));
    }
    Ok(())
}

/// The acknowledgement fields of data and link-service segments: the ack number, then the
/// other channel's (`other` names it), each present when its flag bit is set; returns the
/// last field read and the header length used. `checked` gives the length to check each
/// optional field against.
fn seg_acks(
    nd: &mut Nd<'_>,
    p: &[u8],
    other: (&str, &str),
    checked: Option<usize>,
) -> Res<Option<u16>> {
    let mut off = MINSEGHDR_LEN;
    let mut ack = le16(p, 5)?;
    if ack & SGQ_ACK != 0 {
        if ack & SGQ_NAK == SGQ_NAK {
            nd.f(format_args!("nak {} ", ack & SGQ_MASK));
        } else {
            nd.f(format_args!("ack {} ", ack & SGQ_MASK));
        }
        off += 2;
        if checked.is_some_and(|n| n < off) {
            return Ok(None);
        }
        ack = le16(p, 7)?;
        if ack & SGQ_OACK != 0 {
            if ack & SGQ_ONAK == SGQ_ONAK {
                nd.f(format_args!("{} {} ", other.1, ack & SGQ_MASK));
            } else {
                nd.f(format_args!("{} {} ", other.0, ack & SGQ_MASK));
            }
            off += 2;
            if checked.is_some_and(|n| n < off) {
                return Ok(None);
            }
            ack = le16(p, 9)?;
        }
    }
    Ok(Some(ack))
}

/// The ack numbers of an acknowledgement message.
fn ack_fields(nd: &mut Nd<'_>, p: &[u8], other: (&str, &str)) -> Res {
    let ack = le16(p, 5)?;
    if ack & SGQ_ACK != 0 {
        if ack & SGQ_NAK == SGQ_NAK {
            nd.f(format_args!("nak {} ", ack & SGQ_MASK));
        } else {
            nd.f(format_args!("ack {} ", ack & SGQ_MASK));
        }
        let ack = le16(p, 7)?;
        if ack & SGQ_OACK != 0 {
            if ack & SGQ_ONAK == SGQ_ONAK {
                nd.f(format_args!("{} {} ", other.1, ack & SGQ_MASK));
            } else {
                nd.f(format_args!("{} {} ", other.0, ack & SGQ_MASK));
            }
        }
    }
    Ok(())
}

/// The services and version fields of connect messages, and the segment size.
fn connect_fields(nd: &mut Nd<'_>, services: u8, info: u8, segsize: u16) {
    match services & 0o14 {
        0o4 => nd.s("seg "),
        0o10 => nd.s("msg "),
        _ => {}
    }
    nd.s(match info & 3 {
        0 => "ver 3.2 ",
        1 => "ver 3.1 ",
        2 => "ver 4.0 ",
        _ => "ver 4.1 ",
    });
    nd.f(format_args!("segsize {segsize} "));
}

fn reason(nd: &mut Nd<'_>, r: u16) {
    nd.tok2str(REASON_VALUES, "reason-%u", r.into());
    nd.s(" ");
}

/// An NSP message; false when too short for its type.
fn nsp_print(nd: &mut Nd<'_>, p: &[u8], nsplen: usize) -> Res<bool> {
    if nsplen < NSPHDR_LEN {
        nd.f(format_args!(" (nsplen {nsplen} < {NSPHDR_LEN})"));
        return Ok(false);
    }
    let flags = u8at(p, 0)?;
    let dst = le16(p, 1)?;
    let src = le16(p, 3)?;
    let sub = flags & NSP_SUBMASK;
    match flags & NSP_TYPEMASK {
        MFT_DATA => match sub {
            MFS_BOM | MFS_MOM | MFS_EOM | BOM_EOM => {
                nd.f(format_args!("data {src}>{dst} "));
                if nsplen < MINSEGHDR_LEN {
                    return Ok(false);
                }
                let Some(ack) = seg_acks(nd, p, ("oack", "onak"), Some(nsplen))? else {
                    return Ok(false);
                };
                nd.f(format_args!("seg {} ", ack & SGQ_MASK));
            }
            ILS_INT => {
                nd.s("intr ");
                if nsplen < MINSEGHDR_LEN {
                    return Ok(false);
                }
                let Some(ack) = seg_acks(nd, p, ("ackdat", "nakdat"), Some(nsplen))? else {
                    return Ok(false);
                };
                nd.f(format_args!("seg {} ", ack & SGQ_MASK));
            }
            MFS_ILS => {
                nd.f(format_args!("link-service {src}>{dst} "));
                if nsplen < SEGHDR_LEN + LSMSG_LEN {
                    return Ok(false);
                }
                let Some(ack) = seg_acks(nd, p, ("ackdat", "nakdat"), None)? else {
                    return Ok(false);
                };
                nd.f(format_args!("seg {} ", ack & SGQ_MASK));
                let lsflags = u8at(p, SEGHDR_LEN)?;
                let fcval = u8at(p, SEGHDR_LEN + 1)?;
                match lsflags & 0o14 {
                    0 => {
                        nd.f(format_args!("dat seg count {fcval} "));
                        match lsflags & 3 {
                            0 => {}
                            1 => nd.s("donotsend-data "),
                            2 => nd.s("send-data "),
                            _ => nd.f(format_args!("reserved-fcmod? {lsflags:x}")),
                        }
                    }
                    4 => nd.f(format_args!("intr req count {fcval} ")),
                    _ => nd.f(format_args!("reserved-fcval-int? {lsflags:x}")),
                }
            }
            _ => nd.f(format_args!("reserved-subtype? {flags:x} {src} > {dst}")),
        },
        MFT_ACK => match sub {
            MFS_DACK | MFS_IACK => {
                let (name, other) = if sub == MFS_DACK {
                    ("data-ack", ("oack", "onak"))
                } else {
                    ("ils-ack", ("ackdat", "nakdat"))
                };
                nd.f(format_args!("{name} {src}>{dst} "));
                if nsplen < ACKMSG_LEN {
                    return Ok(false);
                }
                sl(p, 0, ACKMSG_LEN)?;
                ack_fields(nd, p, other)?;
            }
            MFS_CACK => nd.f(format_args!("conn-ack {dst}")),
            _ => nd.f(format_args!("reserved-acktype? {flags:x} {src} > {dst}")),
        },
        MFT_CTL => match sub {
            MFS_CI | MFS_RCI => {
                nd.s(if sub == MFS_CI {
                    "conn-initiate "
                } else {
                    "retrans-conn-initiate "
                });
                nd.f(format_args!("{src}>{dst} "));
                if nsplen < CIMSG_LEN {
                    return Ok(false);
                }
                let services = u8at(p, 5)?;
                let info = u8at(p, 6)?;
                let segsize = le16(p, 7)?;
                connect_fields(nd, services, info, segsize);
            }
            MFS_CC => {
                nd.f(format_args!("conn-confirm {src}>{dst} "));
                if nsplen < CCMSG_LEN {
                    return Ok(false);
                }
                let services = u8at(p, 5)?;
                let info = u8at(p, 6)?;
                let segsize = le16(p, 7)?;
                let optlen = u8at(p, 9)?;
                connect_fields(nd, services, info, segsize);
                if optlen != 0 {
                    nd.f(format_args!("optlen {optlen} "));
                }
            }
            MFS_DI => {
                nd.f(format_args!("disconn-initiate {src}>{dst} "));
                if nsplen < DIMSG_LEN {
                    return Ok(false);
                }
                let r = le16(p, 5)?;
                let optlen = u8at(p, 7)?;
                reason(nd, r);
                if optlen != 0 {
                    nd.f(format_args!("optlen {optlen} "));
                }
            }
            MFS_DC => {
                nd.f(format_args!("disconn-confirm {src}>{dst} "));
                let r = le16(p, 5)?;
                reason(nd, r);
            }
            _ => nd.f(format_args!("reserved-ctltype? {flags:x} {src} > {dst}")),
        },
        _ => nd.f(format_args!("reserved-type? {flags:x} {src} > {dst}")),
    }
    Ok(true)
}
