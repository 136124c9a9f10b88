//! ForCES, the Forwarding and Control Element Separation protocol (RFC 5810), as tcpdump's
//! print-forces.c: the header, its flags, and with `-vvv` the TLVs of every message type.
//!
//! Lengths are tcpdump's unsigned 32-bit ones (they wrap where its do); each printer returns
//! tcpdump's -1 (an error: the caller dumps the message in hex), 0, or a count of bytes left.
use super::util::tok2str;
use super::{Nd, Res, Trunc, be16, be32, be64, has, tail};

const HDRL: u32 = 24;
const TLV_HDRL: u32 = 4;
const ILV_HDRL: u32 = 8;

const ZERO_TTLV: u16 = 0x01;
const ZERO_MORE_TTLV: u16 = 0x02;
const ONE_MORE_TTLV: u16 = 0x04;
const TWO_TLV: u16 = 0x20;
const TTLV_T1: u16 = ONE_MORE_TTLV | 0x10;
const TTLV_T2: u16 = ONE_MORE_TTLV | 0xf0;

const B_OP_SET: u16 = 1 << 0;
const B_OP_SETPROP: u16 = 1 << 1;
const B_OP_SETRESP: u16 = 1 << 2;
const B_OP_SETPRESP: u16 = 1 << 3;
const B_OP_DEL: u16 = 1 << 4;
const B_OP_DELRESP: u16 = 1 << 5;
const B_OP_GET: u16 = 1 << 6;
const B_OP_GETPROP: u16 = 1 << 7;
const B_OP_GETRESP: u16 = 1 << 8;
const B_OP_GETPRESP: u16 = 1 << 9;
const B_OP_REPORT: u16 = 1 << 10;
const B_OP_COMMIT: u16 = 1 << 11;
const B_OP_RCOMMIT: u16 = 1 << 12;
const B_OP_RTRCOMP: u16 = 1 << 13;

const B_FULLD: u16 = 0x1;
const B_SPARD: u16 = 0x2;
const B_RESTV: u16 = 0x4;
const B_KEYIN: u16 = 0x8;
const B_APPND: u16 = 0x10;
const B_TRNG: u16 = 0x20;

const F_TLV_PDAT: u16 = 0x0110;
const F_TLV_KEYI: u16 = 0x0111;
const F_TLV_FULD: u16 = 0x0112;
const F_TLV_SPAD: u16 = 0x0113;
const F_TLV_REST: u16 = 0x0114;
const F_TLV_METD: u16 = 0x0115;
const F_TLV_REDD: u16 = 0x0116;

const TLV_NAMES: &[(u32, &str)] = &[
    (0x0000, "Invalid TLV"),
    (0x0001, "REDIRECT TLV"),
    (0x0010, "ASResult TLV"),
    (0x0011, "ASTreason TLV"),
    (0x1000, "LFBselect TLV"),
    (0x0110, "PATH-DATA TLV"),
    (0x0111, "KEYINFO TLV"),
    (0x0112, "FULLDATA TLV"),
    (0x0113, "SPARSEDATA TLV"),
    (0x0114, "RESULT TLV"),
    (0x0115, "METADATA TLV"),
    (0x0116, "REDIRECTDATA TLV"),
];

const TLV_ERRS: &[(u32, &str)] = &[
    (1, "Invalid total length"),
    (2, "xLV too short"),
    (3, "xLV too long"),
    (4, "data padding missing"),
];

const LFBS: &[(u32, &str)] = &[(0, "Invalid TLV"), (1, "FEObj LFB"), (2, "FEProtoObj LFB")];

const ERRS: &[(u32, &str)] = &[
    (0x00, "SUCCESS"),
    (0x01, "INVALID HEADER"),
    (0x02, "LENGTH MISMATCH"),
    (0x03, "VERSION MISMATCH"),
    (0x04, "INVALID DESTINATION PID"),
    (0x05, "LFB UNKNOWN"),
    (0x06, "LFB NOT FOUND"),
    (0x07, "LFB INSTANCE ID NOT FOUND"),
    (0x08, "INVALID PATH"),
    (0x09, "COMPONENT DOES NOT EXIST"),
    (0x0a, "EXISTS ALREADY"),
    (0x0b, "NOT FOUND"),
    (0x0c, "READ ONLY"),
    (0x0d, "INVALID ARRAY CREATION"),
    (0x0e, "VALUE OUT OF RANGE"),
    (0x0f, "CONTENTS TOO LONG"),
    (0x10, "INVALID PARAMETERS"),
    (0x11, "INVALID MESSAGE TYPE"),
    (0x12, "INVALID FLAGS"),
    (0x13, "INVALID TLV"),
    (0x14, "EVENT ERROR"),
    (0x15, "NOT SUPPORTED"),
    (0x16, "MEMORY ERROR"),
    (0x17, "INTERNAL ERROR"),
    (0xff, "UNSPECIFIED ERROR"),
];

/// The printer a message, operation or path-data TLV's content is given to.
#[derive(Clone, Copy, PartialEq)]
enum Pr {
    None,
    LfbSelect,
    AstTlv,
    AsrTlv,
    Redirect,
    RecPdOp,
    GenOp,
    InvOp,
    PKeyI,
    FData,
    SData,
    PRes,
}

/// A message type: its number, top-level TLV flags, allowed operations, name and printer.
struct Tom {
    v: u8,
    flags: u16,
    op_msk: u16,
    s: &'static str,
    print: Pr,
}

const MSGS: [Tom; 11] = [
    Tom {
        v: 0x00,
        flags: ZERO_TTLV,
        op_msk: 0,
        s: "Invalid message",
        print: Pr::None,
    },
    Tom {
        v: 0x01,
        flags: ZERO_MORE_TTLV | TWO_TLV,
        op_msk: B_OP_REPORT,
        s: "Association Setup",
        print: Pr::LfbSelect,
    },
    Tom {
        v: 0x02,
        flags: TTLV_T1,
        op_msk: 0,
        s: "Association TearDown",
        print: Pr::AstTlv,
    },
    Tom {
        v: 0x03,
        flags: TTLV_T2,
        op_msk: B_OP_SET | B_OP_SETPROP | B_OP_DEL | B_OP_COMMIT | B_OP_RTRCOMP,
        s: "Config",
        print: Pr::LfbSelect,
    },
    Tom {
        v: 0x04,
        flags: TTLV_T2,
        op_msk: B_OP_GET | B_OP_GETPROP,
        s: "Query",
        print: Pr::LfbSelect,
    },
    Tom {
        v: 0x05,
        flags: TTLV_T1,
        op_msk: B_OP_REPORT,
        s: "Event Notification",
        print: Pr::LfbSelect,
    },
    Tom {
        v: 0x06,
        flags: TTLV_T2,
        op_msk: 0,
        s: "Packet Redirect",
        print: Pr::Redirect,
    },
    Tom {
        v: 0x0f,
        flags: ZERO_TTLV,
        op_msk: 0,
        s: "HeartBeat",
        print: Pr::None,
    },
    Tom {
        v: 0x11,
        flags: TTLV_T1,
        op_msk: 0,
        s: "Association Response",
        print: Pr::AsrTlv,
    },
    Tom {
        v: 0x13,
        flags: TTLV_T2,
        op_msk: B_OP_SETRESP | B_OP_SETPRESP | B_OP_DELRESP | B_OP_RCOMMIT,
        s: "Config Response",
        print: Pr::LfbSelect,
    },
    Tom {
        v: 0x14,
        flags: TTLV_T2,
        op_msk: B_OP_GETRESP | B_OP_GETPRESP,
        s: "Query Response",
        print: Pr::LfbSelect,
    },
];

/// The operation TLVs: allowed data encodings, name and printer.
const OPS: [(u16, &str, Pr); 15] = [
    (0, "Invalid OPTLV", Pr::InvOp),
    (B_FULLD | B_SPARD, " Set", Pr::RecPdOp),
    (B_FULLD | B_SPARD, " SetProp", Pr::RecPdOp),
    (B_RESTV, " SetResp", Pr::RecPdOp),
    (B_RESTV, " SetPropResp", Pr::RecPdOp),
    (0, " Del", Pr::RecPdOp),
    (B_RESTV, " DelResp", Pr::RecPdOp),
    (0, " Get", Pr::RecPdOp),
    (0, " GetProp", Pr::RecPdOp),
    (B_FULLD | B_SPARD | B_RESTV, " GetResp", Pr::RecPdOp),
    (B_FULLD | B_RESTV, " GetPropResp", Pr::RecPdOp),
    (B_FULLD | B_SPARD, " Report", Pr::RecPdOp),
    (0, " Commit", Pr::None),
    (B_RESTV, " RCommit", Pr::GenOp),
    (0, " RTRCOMP", Pr::None),
];

/// The path-data TLVs: type, allowed operation encodings, name and printer.
const PDATA: [(u16, u16, &str, Pr); 5] = [
    (F_TLV_KEYI, 0, "KEYINFO TLV", Pr::PKeyI),
    (F_TLV_FULD, B_FULLD, "FULLDATA TLV", Pr::FData),
    (F_TLV_SPAD, B_SPARD, "SPARSEDATA TLV", Pr::SData),
    (F_TLV_REST, B_RESTV, "RESULT TLV", Pr::PRes),
    (F_TLV_PDAT, 0, "Inner PATH-DATA TLV", Pr::RecPdOp),
];

/// Whether a message type is one the protocol defines.
fn tom_valid(tom: u8) -> bool {
    !(tom == 0 || (0x7..=0xe).contains(&tom) || tom == 0x10 || tom > 0x14)
}

/// The kind of node an ID names.
fn node(n: u32) -> &'static str {
    match n {
        0..=0x3fff_ffff => "FE",
        0x4000_0000..=0x7fff_ffff => "CE",
        0xc000_0000..=0xffff_ffef => "AllMulticast",
        0xffff_fffd => "AllCEsBroadcast",
        0xffff_fffe => "AllFEsBroadcast",
        0xffff_ffff => "AllBroadcast",
        _ => "ForCESreserved",
    }
}

/// tcpdump's `indent_pr`: `indent` spaces (at most 255), after a newline that counts as one
/// of them when `nl`.
fn ind(indent: i32, nl: bool) -> String {
    let mut n = indent.min(255);
    let mut s = String::new();
    if nl {
        s.push('\n');
        n -= 1;
    }
    for _ in 0..n.max(0) {
        s.push(' ');
    }
    s
}

/// The string after the newline of an [`ind`] made with one.
fn skip_nl(s: &str) -> &str {
    s.get(1..).unwrap_or("")
}

/// A length rounded up to the 4-byte alignment.
fn aln(len: u32) -> u32 {
    len.wrapping_add(3) & !3
}

/// tcpdump's `tlv_valid`: 0, or why the TLV does not fit in `rlen`.
fn tlv_valid(tlvl: u32, rlen: u32) -> u32 {
    if rlen < TLV_HDRL {
        1
    } else if tlvl < TLV_HDRL {
        2
    } else if tlvl > rlen {
        3
    } else if rlen < aln(tlvl) {
        4
    } else {
        0
    }
}

/// tcpdump's `ilv_valid`: 0, or why the ILV at `p` does not fit in `rlen`.
fn ilv_valid(p: &[u8], rlen: u32) -> Res<u32> {
    if rlen < ILV_HDRL {
        return Ok(1);
    }
    let len = be32(p, 4)?;
    Ok(if len < ILV_HDRL {
        2
    } else if len > rlen {
        3
    } else if rlen < aln(len) {
        4
    } else {
        0
    })
}

/// Whether a top-level TLV type is valid.
fn ttlv_valid(t: u16) -> bool {
    t == 1 || t == 0x1000 || (0x10..=0x11).contains(&t) || (0x110..=0x116).contains(&t)
}

/// Whether operation `op` is allowed by `mask`.
fn op_valid(op: u16, mask: u16) -> bool {
    match op {
        0 => false,
        1..=14 => (1 << (op - 1)) & mask != 0,
        0x8000.. => true,
        _ => false,
    }
}

/// The name of a TLV type.
fn tlv_name(t: u16) -> std::borrow::Cow<'static, str> {
    tok2str(TLV_NAMES, "#%d", u32::from(t))
}

/// The text of a TLV validity error.
fn err_name(e: u32) -> std::borrow::Cow<'static, str> {
    tok2str(TLV_ERRS, "#%d", e)
}

/// tcpdump's `hex_print` of `len` bytes: what was captured, then a truncation if not all.
fn hexp(nd: &mut Nd<'_>, ident: &str, p: &[u8], len: u32) -> Res {
    let len = len as usize;
    nd.hex_print(ident, &p[..len.min(p.len())]);
    if len > p.len() { Err(Trunc) } else { Ok(()) }
}

/// Prints a ForCES message of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: u32) -> Res {
    nd.proto = "forces";
    if !has(p, 0, HDRL as usize) {
        nd.trunc();
        return Ok(());
    }
    let tom = p[1];
    let ok = if !tom_valid(tom) {
        nd.f(format_args!("Invalid ForCES message type {tom}\n"));
        false
    } else {
        message(nd, p, len, tom)?
    };
    if !ok {
        hexp(nd, "\n\t[", p, len)?;
        nd.s("\n\t]");
        return Ok(());
    }
    if nd.opts.verbose >= 4 {
        nd.s("\n\t  Raw ForCES message\n\t [");
        hexp(nd, "\n\t ", p, len)?;
        nd.s("\n\t ]");
    }
    Ok(())
}

/// The header and the top-level TLVs; false when tcpdump dumps the message in hex.
fn message(nd: &mut Nd<'_>, p: &[u8], len: u32, tom: u8) -> Res<bool> {
    let mlen = u32::from(be16(p, 2)?) << 2;
    let tops = MSGS.iter().find(|t| t.v == tom).unwrap_or(&MSGS[0]);
    if tops.v == 0 {
        nd.f(format_args!("\n\tUnknown ForCES message type=0x{tom:x}"));
        return Ok(false);
    }
    nd.f(format_args!("\n\tForCES {} ", tops.s));
    if !(len >= HDRL && mlen >= HDRL && mlen == len) {
        nd.f(format_args!(
            "Illegal ForCES pkt len - min {HDRL}, total recvd {len}, advertised {mlen} "
        ));
        return Ok(false);
    }
    let flg = be32(p, 20)?;
    if nd.opts.verbose >= 1 {
        nd.f(format_args!(
            "\n\tForCES Version {} len {mlen}B flags 0x{flg:08x} ",
            p[0] >> 4
        ));
        let (sid, did) = (be32(p, 4)?, be32(p, 8)?);
        nd.f(format_args!(
            "\n\tSrcID 0x{sid:x}({}) DstID 0x{did:x}({}) Correlator 0x{:x}",
            node(sid),
            node(did),
            be64(p, 12)?
        ));
    }
    if nd.opts.verbose >= 2 {
        let ack = (flg & 0xc000_0000) >> 30;
        let pri = (flg & 0x3800_0000) >> 27;
        let em = (flg & 0x00c0_0000) >> 22;
        let at = (flg & 0x0020_0000) >> 21;
        let tp = (flg & 0x0018_0000) >> 19;
        const ACKS: &[(u32, &str)] = &[
            (0, "NoACK"),
            (1, "SuccessACK"),
            (2, "FailureACK"),
            (3, "AlwaysACK"),
        ];
        const EMS: &[(u32, &str)] = &[
            (0, "EMReserved"),
            (1, "execute-all-or-none"),
            (2, "execute-until-failure"),
            (3, "continue-execute-on-failure"),
        ];
        const ATS: &[(u32, &str)] = &[(0, "Standalone"), (1, "2PCtransaction")];
        const TPS: &[(u32, &str)] = &[
            (0, "StartofTransaction"),
            (1, "MiddleofTransaction"),
            (2, "EndofTransaction"),
            (3, "abort"),
        ];
        nd.f(format_args!(
            "\n\tForCES flags:\n\t  {}(0x{ack:x}), prio={pri}, {}(0x{em:x}),\n\t  {}(0x{at:x}), {}(0x{tp:x})\n",
            tok2str(ACKS, "ACKUnknown", ack),
            tok2str(EMS, "EMUnknown", em),
            tok2str(ATS, "ATUnknown", at),
            tok2str(TPS, "TPUnknown", tp)
        ));
        nd.f(format_args!(
            "\t  Extra flags: rsv(b5-7) 0x{:x} rsv(b13-31) 0x{:x}\n",
            (flg & 0x0700_0000) >> 24,
            flg & 0x0007_ffff
        ));
    }
    Ok(type_print(nd, p, mlen, tops)? >= 0)
}

/// The top-level TLVs of a message of `mlen` bytes.
fn type_print(nd: &mut Nd<'_>, p: &[u8], mlen: u32, tops: &Tom) -> Res<i32> {
    let mut rlen = mlen - HDRL;
    if rlen > TLV_HDRL {
        if tops.flags & ZERO_TTLV != 0 {
            nd.f(format_args!("<0x{:x}>Illegal Top level TLV!\n", tops.flags));
            return Ok(-1);
        }
    } else {
        if tops.flags & ZERO_MORE_TTLV != 0 {
            return Ok(0);
        }
        if tops.flags & ONE_MORE_TTLV != 0 {
            nd.s("\tTop level TLV Data missing!\n");
            return Ok(-1);
        }
    }
    if tops.flags & ZERO_TTLV != 0 {
        return Ok(0);
    }
    let mut ttlv = tops.flags >> 4;
    let mut pos = HDRL as usize;
    while rlen != 0 {
        let t = tail(p, pos);
        let ty = be16(t, 0)?;
        let tlvl = u32::from(be16(t, 2)?);
        if tlv_valid(tlvl, rlen) != 0 {
            break;
        }
        if !ttlv_valid(ty) {
            nd.f(format_args!("\n\tInvalid ForCES Top TLV type=0x{ty:x}"));
            return Ok(-1);
        }
        if nd.opts.verbose >= 3 {
            nd.f(format_args!(
                "\t{}, length {tlvl} (data length {} Bytes)",
                tlv_name(ty),
                tlvl - TLV_HDRL
            ));
        }
        if dispatch(nd, tops.print, tail(t, 4), tlvl, tops.op_msk, 9)? < 0 {
            return Ok(-1);
        }
        pos += aln(tlvl) as usize;
        rlen -= aln(tlvl);
        ttlv = ttlv.wrapping_sub(1);
        if ttlv == 0 {
            break;
        }
    }
    if rlen != 0 {
        nd.f(format_args!(
            "\tMess TopTLV header: min {TLV_HDRL}, total {rlen} advertised {} ",
            be16(p, pos + 2)?
        ));
        return Ok(-1);
    }
    Ok(0)
}

/// Runs printer `pr` on `len` bytes at `p`.
fn dispatch(nd: &mut Nd<'_>, pr: Pr, p: &[u8], len: u32, op_msk: u16, indent: i32) -> Res<i32> {
    match pr {
        Pr::None => Ok(0),
        Pr::LfbSelect => lfbselect(nd, p, len, op_msk, indent),
        Pr::AstTlv => ast_tlv(nd, p, len, indent),
        Pr::AsrTlv => asr_tlv(nd, p, len, indent),
        Pr::Redirect => redirect(nd, p, len, indent),
        Pr::RecPdOp => recpdoptlv(nd, p, len, op_msk, indent),
        Pr::GenOp => genoptlv(nd, p, len, op_msk, indent),
        Pr::InvOp => invoptlv(nd, p, len, indent),
        Pr::PKeyI => pkeyitlv(nd, p, len, indent),
        Pr::FData => fdatatlv(nd, p, len, indent),
        Pr::SData => sdatatlv(nd, p, len, indent),
        Pr::PRes => prestlv(nd, p, len, indent),
    }
}

/// A RESULT TLV.
fn prestlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let dlen = len.wrapping_sub(TLV_HDRL);
    if dlen != 4 {
        nd.f(format_args!("illegal RESULT-TLV: {dlen} bytes!\n"));
        return Ok(-1);
    }
    if !has(p, 4, 4) {
        nd.trunc();
        return Ok(-1);
    }
    let result = p[4];
    if (0x18..=0xfe).contains(&result) {
        nd.f(format_args!(
            "illegal reserved result code: 0x{result:x}!\n"
        ));
        return Ok(-1);
    }
    if nd.opts.verbose >= 3 {
        nd.f(format_args!(
            "{}  Result: {} (code 0x{result:x})\n",
            ind(indent, false),
            tok2str(ERRS, "#%d", u32::from(result))
        ));
    }
    Ok(0)
}

/// A FULLDATA TLV, in hex with `-vvv`.
fn fdatatlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let rlen = len.wrapping_sub(TLV_HDRL);
    if !has(p, 0, 4) {
        nd.trunc();
        return Ok(-1);
    }
    if be16(p, 0)? != F_TLV_FULD {
        nd.s("Error: expecting FULLDATA!\n");
        return Ok(-1);
    }
    if nd.opts.verbose >= 3 {
        let ib = ind(indent + 2, true);
        nd.f(format_args!("{}[", skip_nl(&ib)));
        hexp(nd, &ib, tail(p, 4), rlen)?;
        nd.f(format_args!("\n{}]", skip_nl(&ib)));
    }
    Ok(0)
}

/// The ILVs of a SPARSEDATA TLV.
fn sdatailv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    if len < ILV_HDRL {
        nd.s("Error: BAD SPARSEDATA-TLV!\n");
        return Ok(-1);
    }
    let mut rlen = len;
    let indent = indent + 1;
    let mut pos = 0usize;
    while rlen != 0 {
        let ib = ind(indent, true);
        let ilv = tail(p, pos);
        let inv = ilv_valid(ilv, rlen)?;
        if inv != 0 {
            nd.f(format_args!("Error: {}, rlen {rlen}\n", err_name(inv)));
            return Ok(-1);
        }
        if nd.opts.verbose >= 3 {
            let ilvl = be32(ilv, 4)?;
            nd.f(format_args!(
                "\n{} ILV: type {:x} length {ilvl}\n",
                skip_nl(&ib),
                be32(ilv, 0)?
            ));
            hexp(nd, "\t\t[", tail(ilv, 8), ilvl - ILV_HDRL)?;
        }
        let step = aln(be32(ilv, 4)?);
        rlen = rlen.wrapping_sub(step);
        pos += step as usize;
    }
    Ok(0)
}

/// A SPARSEDATA TLV.
fn sdatatlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let rlen = len.wrapping_sub(TLV_HDRL);
    if !has(p, 0, 4) {
        nd.trunc();
        return Ok(-1);
    }
    if be16(p, 0)? != F_TLV_SPAD {
        nd.s("Error: expecting SPARSEDATA!\n");
        return Ok(-1);
    }
    sdatailv(nd, tail(p, 4), rlen, indent)
}

/// A KEYINFO TLV: the key ID and its FULLDATA TLV.
fn pkeyitlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let ib = ind(indent, false);
    let id = be32(p, 4)?;
    nd.f(format_args!("{ib}Keyinfo: Key 0x{id:x}\n"));
    let kd = tail(p, 8);
    let ty = be16(kd, 0)?;
    let tll = be16(kd, 2)?;
    let inv = tlv_valid(u32::from(tll), len);
    if inv != 0 {
        nd.f(format_args!(
            "{} TLV type 0x{ty:x} len {tll}\n",
            err_name(inv)
        ));
        return Ok(-1);
    }
    fdatatlv(nd, tail(kd, 4), u32::from(tll), indent)
}

/// Reports a data encoding the operation does not allow.
fn chk_op_type(nd: &mut Nd<'_>, ty: u16, msk: u16, omsk: u16) {
    if ty != F_TLV_PDAT {
        if msk & B_KEYIN != 0 {
            if ty != F_TLV_KEYI {
                nd.s("Based on flags expected KEYINFO TLV!\n");
            }
        } else if msk & omsk == 0 {
            nd.f(format_args!(
                "Illegal DATA encoding for type 0x{ty:x} programmed {omsk:x} got {msk:x}\n"
            ));
        }
    }
}

/// The path's IDs, its key or range, and its data TLV; returns the bytes left after them, or
/// -1.
fn pdatacnt(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut len: u32,
    idcnt: u16,
    op_msk: u16,
    indent: i32,
) -> Res<i32> {
    let ib = ind(indent, false);
    let mut pos = 0usize;
    if op_msk & B_APPND != 0 && nd.opts.verbose >= 3 {
        nd.f(format_args!("{ib}TABLE APPEND\n"));
    }
    for i in 0..u32::from(idcnt) {
        if !has(p, pos, 4) || len < 4 {
            nd.trunc();
            return Ok(-1);
        }
        let id = be32(p, pos)?;
        if nd.opts.verbose >= 3 {
            nd.f(format_args!("{ib}ID#{:02}: {id}\n", i + 1));
        }
        len -= 4;
        pos += 4;
    }
    if op_msk & (B_TRNG | B_KEYIN) != 0 {
        if op_msk & B_TRNG != 0 {
            if len < 12 {
                nd.f(format_args!(
                    "pathlength {len} with key/range too short 12\n"
                ));
                return Ok(-1);
            }
            pos += 4;
            let starti = be32(p, pos)?;
            let endi = be32(p, pos + 4)?;
            pos += 8;
            len -= 12;
            if nd.opts.verbose >= 3 {
                nd.f(format_args!("{ib}Table range: [{starti},{endi}]\n"));
            }
        }
        if op_msk & B_KEYIN != 0 {
            if len < 12 {
                nd.f(format_args!(
                    "pathlength {len} with key/range too short 12\n"
                ));
                return Ok(-1);
            }
            let key = pos + 4;
            pos += 8;
            len -= 8;
            let tll = be16(p, key + 2)?;
            if u32::from(tll) < TLV_HDRL {
                nd.f(format_args!("key content length {tll} < {TLV_HDRL}\n"));
                return Ok(-1);
            }
            let tll = u32::from(tll) - TLV_HDRL;
            if len < tll {
                nd.s("key content too short\n");
                return Ok(-1);
            }
            pos += tll as usize;
            len -= tll;
        }
    }
    if len != 0 {
        let pd = tail(p, pos);
        let ty = be16(pd, 0)?;
        let tlvl = u32::from(be16(pd, 2)?);
        let inv = tlv_valid(tlvl, len);
        let valid = if inv != 0 {
            nd.f(format_args!(
                "{} Outstanding bytes {len} for TLV type 0x{ty:x} TLV len {tlvl}\n",
                err_name(inv)
            ));
            None
        } else {
            let tll = tlvl - TLV_HDRL;
            let a = aln(tlvl);
            let mut pad = 0;
            if a > tlvl {
                if a > len {
                    nd.f(format_args!(
                        "Invalid padded pathdata TLV type 0x{ty:x} len {tlvl} missing {} pad bytes\n",
                        a - len
                    ));
                } else {
                    pad = a - tlvl;
                }
            }
            match PDATA.iter().find(|e| e.0 == ty) {
                Some(&(v, omsk, s, pr)) => Some((v, omsk, s, pr, tll, pad)),
                None => {
                    nd.f(format_args!(
                        "Invalid path data content type 0x{ty:x} len {tlvl}\n"
                    ));
                    None
                }
            }
        };
        match valid {
            Some((v, omsk, s, pr, tll, pad)) => {
                if nd.opts.verbose >= 3 && v != F_TLV_PDAT {
                    if pad != 0 {
                        nd.f(format_args!(
                            "{ib}  {s} (Length {tlvl} DataLen {tll} pad {pad} Bytes)\n"
                        ));
                    } else {
                        nd.f(format_args!(
                            "{ib}  {s} (Length {tlvl} DataLen {tll} Bytes)\n"
                        ));
                    }
                }
                chk_op_type(nd, ty, op_msk, omsk);
                if dispatch(nd, pr, pd, tll + pad + TLV_HDRL, op_msk, indent + 2)? == -1 {
                    return Ok(-1);
                }
                len -= TLV_HDRL + pad + tll;
            }
            None => {
                if tlvl != 0 {
                    hexp(nd, "Bad Data val\n\t  [", pd, len)?;
                    nd.s("]\n");
                    return Ok(-1);
                }
            }
        }
    }
    Ok(len as i32)
}

/// A path: flags, IDs, and what follows.
fn pdata(nd: &mut Nd<'_>, p: &[u8], mut len: u32, mut op_msk: u16, indent: i32) -> Res<i32> {
    let ib = ind(indent, false);
    if !has(p, 0, 4) || len < 4 {
        nd.trunc();
        return Ok(-1);
    }
    let flags = be16(p, 0)?;
    let idcnt = be16(p, 2)?;
    if nd.opts.verbose >= 3 {
        nd.f(format_args!(
            "\n{ib}Pathdata: Flags 0x{flags:x} ID count {idcnt}\n"
        ));
    }
    if flags & 1 != 0 {
        op_msk |= B_KEYIN;
    }
    if flags & 2 != 0 {
        op_msk |= B_TRNG;
    }
    if flags & 4 != 0 {
        op_msk |= B_APPND;
    }
    let p = tail(p, 4);
    len -= 4;
    let minsize = u32::from(idcnt) * 4;
    if len < minsize {
        nd.f(format_args!(
            "\t\t\ttruncated IDs expected {minsize}B got {len}B\n"
        ));
        hexp(nd, "\t\t\tID Data[", p, len)?;
        nd.s("]\n");
        return Ok(-1);
    }
    if op_msk & B_TRNG != 0 && op_msk & B_KEYIN != 0 {
        nd.s("\t\t\tIllegal to have both Table ranges and keys\n");
        return Ok(-1);
    }
    let more = pdatacnt(nd, p, len, idcnt, op_msk, indent)?;
    if more > 0 {
        let consumed = len.wrapping_sub(more as u32);
        recpdoptlv(
            nd,
            tail(p, consumed as usize),
            more as u32,
            op_msk,
            indent + 1,
        )
    } else {
        Ok(0)
    }
}

/// A generic operation TLV (RCommit).
fn genoptlv(nd: &mut Nd<'_>, p: &[u8], len: u32, op_msk: u16, indent: i32) -> Res<i32> {
    let ty = be16(p, 0)?;
    let tlvl = u32::from(be16(p, 2)?);
    let inv = tlv_valid(tlvl, len);
    let ib = ind(indent, false);
    nd.f(format_args!(
        "genoptlvprint - {} TLV type 0x{ty:x} len {tlvl}\n",
        tlv_name(ty)
    ));
    if inv == 0 {
        if !ttlv_valid(ty) {
            nd.f(format_args!(
                "{} TLV type 0x{ty:x} len {tlvl}\n",
                err_name(inv)
            ));
            return Ok(-1);
        }
        if nd.opts.verbose >= 3 {
            nd.f(format_args!(
                "{ib}{}, length {tlvl} (data length {} Bytes)",
                tlv_name(ty),
                tlvl - TLV_HDRL
            ));
        }
        pdata(nd, tail(p, 4), tlvl - TLV_HDRL, op_msk, indent + 1)
    } else {
        nd.f(format_args!("\t\t\tInvalid ForCES TLV type={ty:x}"));
        Ok(-1)
    }
}

/// The PATH-DATA TLVs of an operation.
fn recpdoptlv(nd: &mut Nd<'_>, p: &[u8], mut len: u32, op_msk: u16, indent: i32) -> Res<i32> {
    let mut pos = 0usize;
    while len != 0 {
        let t = tail(p, pos);
        let tlvl = u32::from(be16(t, 2)?);
        if tlv_valid(tlvl, len) != 0 {
            break;
        }
        let ib = ind(indent, false);
        let ty = be16(t, 0)?;
        if nd.opts.verbose >= 3 {
            nd.f(format_args!(
                "{ib}{}, length {tlvl} (data encapsulated {} Bytes)",
                tlv_name(ty),
                tlvl - TLV_HDRL
            ));
        }
        if pdata(nd, tail(t, 4), tlvl - TLV_HDRL, op_msk, indent + 1)? == -1 {
            return Ok(-1);
        }
        pos += aln(tlvl) as usize;
        len -= aln(tlvl);
    }
    if len != 0 {
        let t = tail(p, pos);
        nd.f(format_args!(
            "\n\t\tMessy PATHDATA TLV header, type (0x{:x})\n\t\texcess of {} Bytes ",
            be16(t, 0)?,
            len.wrapping_sub(u32::from(be16(t, 2)?))
        ));
        return Ok(-1);
    }
    Ok(0)
}

/// An invalid operation TLV, in hex with `-vvv`; always -1.
fn invoptlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let ib = ind(indent, true);
    if nd.opts.verbose >= 3 {
        nd.f(format_args!("{}Data[", skip_nl(&ib)));
        hexp(nd, &ib, p, len)?;
        nd.f(format_args!("{ib}]\n"));
    }
    Ok(-1)
}

/// An operation TLV: its name, then its path data.
fn otlv(nd: &mut Nd<'_>, p: &[u8], indent: i32) -> Res<i32> {
    let ty = be16(p, 0)?;
    let olen = be16(p, 2)?;
    let tll = u32::from(olen) - TLV_HDRL;
    let (omsk, s, pr) = if ty > 14 || ty == 0 {
        OPS[0]
    } else {
        OPS[usize::from(ty)]
    };
    if nd.opts.verbose >= 3 {
        nd.f(format_args!(
            "{}Oper TLV {s}(0x{ty:x}) length {olen}\n",
            ind(indent, false)
        ));
    }
    if tll < 8 {
        nd.f(format_args!("\t\tOper TLV {s}(0x{ty:x}) length {olen}\n"));
        nd.f(format_args!(
            "\t\tTruncated data size {tll} minimum required 8\n"
        ));
        return invoptlv(nd, tail(p, 4), tll, indent);
    }
    dispatch(nd, pr, tail(p, 4), tll, omsk, indent + 1)
}

/// The result code of an AST or ASR TLV (`kind`), at most `max`; None after saying it is not
/// one.
fn result_code(nd: &mut Nd<'_>, p: &[u8], len: u32, kind: &str, max: u32) -> Res<Option<u32>> {
    let dlen = len - TLV_HDRL;
    if dlen != 4 {
        nd.f(format_args!("illegal {kind}result-TLV: {dlen} bytes!\n"));
        return Ok(None);
    }
    let code = be32(p, 0)?;
    if code > max {
        nd.f(format_args!("illegal {kind}result result code: {code}!\n"));
        return Ok(None);
    }
    Ok(Some(code))
}

/// An Association TearDown reason.
fn ast_tlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let ib = ind(indent, false);
    let Some(code) = result_code(nd, p, len, "AST", 255)? else {
        return Ok(-1);
    };
    if nd.opts.verbose >= 3 {
        nd.f(format_args!("Teardown reason:\n{ib}"));
        nd.s(match code {
            0 => "Normal Teardown",
            1 => "Loss of Heartbeats",
            2 => "Out of bandwidth",
            3 => "Out of Memory",
            4 => "Application Crash",
            _ => "Unknown Teardown reason",
        });
        nd.f(format_args!("({code:x})\n{ib}"));
    }
    Ok(0)
}

/// An Association Response result.
fn asr_tlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let ib = ind(indent, false);
    let Some(code) = result_code(nd, p, len, "ASR", 3)? else {
        return Ok(-1);
    };
    if nd.opts.verbose >= 3 {
        nd.f(format_args!("\n{ib}"));
        nd.s(match code {
            0 => "Success ",
            1 => "FE ID invalid ",
            2 => "permission denied ",
            _ => "Unknown ",
        });
        nd.f(format_args!("({code:x})\n{ib}"));
    }
    Ok(0)
}

/// The METADATA TLV of a redirect: its ILVs.
fn metatlv(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res {
    let ib = ind(indent, false);
    let mut rlen = len - TLV_HDRL;
    nd.f(format_args!("\n{ib} METADATA length {rlen}\n"));
    let mut pos = 0usize;
    while rlen != 0 {
        let ilv = tail(p, pos);
        if ilv_valid(ilv, rlen)? != 0 {
            break;
        }
        let ilen = be32(ilv, 4)?;
        nd.f(format_args!(
            "{}MetaID 0x{:x} length {ilen}\n",
            ind(indent + 1, false),
            be32(ilv, 0)?
        ));
        if nd.opts.verbose >= 3 {
            hexp(nd, "\t\t[", tail(ilv, 8), ilen - ILV_HDRL)?;
            nd.s(" ]\n");
        }
        pos += aln(ilen) as usize;
        rlen -= aln(ilen);
    }
    Ok(())
}

/// The REDIRECTDATA TLV of a redirect, in hex with `-vvv`.
fn reddata(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res {
    let rlen = len - TLV_HDRL;
    nd.f(format_args!(
        "\n{} Redirect Data length {rlen}\n",
        ind(indent, false)
    ));
    if nd.opts.verbose >= 3 {
        nd.s("\t\t[");
        hexp(nd, "\n\t\t", p, rlen)?;
        nd.s("\n\t\t]");
    }
    Ok(())
}

/// A Packet Redirect message's TLVs.
fn redirect(nd: &mut Nd<'_>, p: &[u8], len: u32, indent: i32) -> Res<i32> {
    let dlen = len - TLV_HDRL;
    if dlen <= 8 {
        nd.f(format_args!(
            "\n\t\ttruncated Redirect TLV: {} bytes missing! ",
            8 - dlen
        ));
        return Ok(-1);
    }
    let mut rlen = dlen;
    let indent = indent + 1;
    let mut pos = 0usize;
    while rlen != 0 {
        let t = tail(p, pos);
        let ty = be16(t, 0)?;
        let tlvl = u32::from(be16(t, 2)?);
        if tlv_valid(tlvl, rlen) != 0 {
            nd.s("Bad Redirect data\n");
            break;
        }
        match ty {
            F_TLV_METD => metatlv(nd, tail(t, 4), tlvl, indent)?,
            F_TLV_REDD => reddata(nd, tail(t, 4), tlvl, indent)?,
            _ => nd.f(format_args!("Unknown REDIRECT TLV 0x{ty:x} len {tlvl}\n")),
        }
        pos += aln(tlvl) as usize;
        rlen -= aln(tlvl);
    }
    if rlen != 0 {
        let t = tail(p, pos);
        nd.f(format_args!(
            "\n\t\tMessy Redirect TLV header, type (0x{:x})\n\t\texcess of {} Bytes ",
            be16(t, 0)?,
            rlen.wrapping_sub(u32::from(be16(t, 2)?))
        ));
        return Ok(-1);
    }
    Ok(0)
}

/// An LFB selector: class, instance and operation TLVs.
fn lfbselect(nd: &mut Nd<'_>, p: &[u8], len: u32, op_msk: u16, indent: i32) -> Res<i32> {
    let ib = ind(indent, false);
    let dlen = len - TLV_HDRL;
    if dlen <= 12 {
        nd.f(format_args!(
            "\n\t\ttruncated lfb selector: {} bytes missing! ",
            12 - dlen
        ));
        return Ok(-1);
    }
    let mut rlen = dlen - 8;
    if !has(p, 0, 8) {
        nd.trunc();
        return Ok(-1);
    }
    if nd.opts.verbose >= 3 {
        let class = be32(p, 0)?;
        nd.f(format_args!(
            "\n{ib}{}(Classid {class:x}) instance {:x}\n",
            tok2str(LFBS, "#%d", class),
            be32(p, 4)?
        ));
    }
    let indent = indent + 1;
    let mut pos = 8usize;
    while rlen != 0 {
        let t = tail(p, pos);
        let ty = be16(t, 0)?;
        let tlvl = u32::from(be16(t, 2)?);
        if tlv_valid(tlvl, rlen) != 0 {
            break;
        }
        if op_valid(ty, op_msk) {
            otlv(nd, t, indent)?;
        } else {
            if nd.opts.verbose < 3 {
                nd.s("\n");
            }
            nd.f(format_args!(
                "\t\tINValid oper-TLV type 0x{ty:x} length {tlvl} for this ForCES message\n"
            ));
            invoptlv(nd, t, rlen, indent)?;
        }
        pos += aln(tlvl) as usize;
        rlen -= aln(tlvl);
    }
    if rlen != 0 {
        let t = tail(p, pos);
        nd.f(format_args!(
            "\n\t\tMessy oper TLV header, type (0x{:x})\n\t\texcess of {} Bytes ",
            be16(t, 0)?,
            rlen.wrapping_sub(u32::from(be16(t, 2)?))
        ));
        return Ok(-1);
    }
    Ok(0)
}
