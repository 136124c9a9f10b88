//! IEEE 1588 Precision Time Protocol, as tcpdump's print-ptp.c: the version 2 header and the
//! timestamps, port identities and announce fields of each message type.
use super::util::Tok;
use super::{Nd, Res, be16, be32, be64, u8at};

const HDR_LEN: usize = 34;

const M_SYNC: u8 = 0x0;
const M_DELAY_REQ: u8 = 0x1;
const M_PDELAY_REQ: u8 = 0x2;
const M_PDELAY_RESP: u8 = 0x3;
const M_FOLLOW_UP: u8 = 0x8;
const M_DELAY_RESP: u8 = 0x9;
const M_PDELAY_RESP_FOLLOW_UP: u8 = 0xa;
const M_ANNOUNCE: u8 = 0xb;
const M_SIGNALLING: u8 = 0xc;
const M_MANAGEMENT: u8 = 0xd;

const MSG_TYPE_VALUES: &Tok = &[
    (0x0, "sync msg"),
    (0x1, "delay req msg"),
    (0x2, "peer delay req msg"),
    (0x3, "peer delay resp msg"),
    (0x8, "follow up msg"),
    (0x9, "delay resp msg"),
    (0xa, "pdelay resp fup msg"),
    (0xb, "announce msg"),
    (0xc, "signalling msg"),
    (0xd, "management msg"),
];

const CONTROL_FIELD_VALUES: &Tok = &[
    (0, "Sync"),
    (1, "Delay_Req"),
    (2, "Follow_Up"),
    (3, "Delay_Resp"),
    (4, "Management"),
    (5, "Other"),
];

const FLAG_VALUES: &Tok = &[
    (0x1, "l1 61"),
    (0x2, "l1 59"),
    (0x4, "utc reasonable"),
    (0x8, "timescale"),
    (0x10, "time tracable"),
    (0x20, "frequency tracable"),
    (0x100, "alternate master"),
    (0x200, "two step"),
    (0x400, "unicast"),
    (0x1000, "profile specific 1"),
    (0x2000, "profile specific 2"),
    (0x4000, "security mask"),
    (0x18c0, "unknown"),
];

const PRECISE_ORIGIN_TS: &str = "preciseOriginTimeStamp";
const ORIGIN_TS: &str = "originTimeStamp";
const RECEIVE_TS: &str = "receiveTimeStamp";

/// A 48-bit big-endian number.
fn be48(p: &[u8], i: usize) -> Res<u64> {
    let b: [u8; 6] = super::arr(p, i)?;
    Ok(b.iter().fold(0, |n, &x| n << 8 | u64::from(x)))
}

/// Prints a PTP message of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "ptp";
    if length < HDR_LEN {
        nd.f(format_args!(" [length {length} < {HDR_LEN}]"));
        nd.invalid();
        return Ok(());
    }
    let version = be16(p, 0)? & 0xff;
    nd.f(format_args!("PTPv{version}"));
    match version {
        1 => nd.s(" (not implemented)"),
        2 => v2(nd, p)?,
        _ => {}
    }
    Ok(())
}

fn v2(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let foct = u8at(p, 0)?;
    let msg_type = foct & 0x0f;
    nd.f(format_args!(
        ", v1 compat : {}, msg type : ",
        if foct & 0x10 != 0 { "yes" } else { "no" }
    ));
    nd.tok2str(MSG_TYPE_VALUES, "Reserved", msg_type.into());
    nd.f(format_args!(", length : {}", be16(p, 2)?));
    nd.f(format_args!(", domain : {}", be16(p, 4)? >> 8));
    nd.f(format_args!(", reserved1 : {}", be16(p, 4)? & 0xff));
    let flags = be16(p, 6)?;
    nd.s(", Flags [");
    nd.bittok2str(FLAG_VALUES, "none", flags.into());
    nd.s("]");
    nd.f(format_args!(", NS correction : {}", be48(p, 8)?));
    nd.f(format_args!(", sub NS correction : {}", be16(p, 14)?));
    nd.f(format_args!(", reserved2 : {}", be32(p, 16)?));
    nd.f(format_args!(", clock identity : 0x{:x}", be64(p, 20)?));
    nd.f(format_args!(", port id : {}", be16(p, 28)?));
    nd.f(format_args!(", seq id : {}", be16(p, 30)?));
    let control = u8at(p, 32)?;
    nd.f(format_args!(", control : {control} ("));
    nd.tok2str(CONTROL_FIELD_VALUES, "Reserved", control.into());
    nd.s(")");
    nd.f(format_args!(
        ", log message interval : {}",
        be16(p, 32)? & 0xff
    ));
    let body = super::tail(p, HDR_LEN);
    match msg_type {
        M_SYNC | M_DELAY_REQ => timestamp(nd, body, ORIGIN_TS),
        M_FOLLOW_UP => timestamp(nd, body, PRECISE_ORIGIN_TS),
        M_PDELAY_REQ | M_PDELAY_RESP_FOLLOW_UP => timestamp_identity(nd, body, PRECISE_ORIGIN_TS),
        M_PDELAY_RESP | M_DELAY_RESP => timestamp_identity(nd, body, RECEIVE_TS),
        M_ANNOUNCE => announce(nd, body),
        M_SIGNALLING => port_id(nd, body),
        M_MANAGEMENT => management(nd, body),
        _ => Ok(()),
    }
}

fn timestamp(nd: &mut Nd<'_>, p: &[u8], what: &str) -> Res {
    nd.f(format_args!(", {what} :"));
    nd.f(format_args!(" {} seconds,", be48(p, 0)?));
    nd.f(format_args!(" {} nanoseconds", be32(p, 6)?));
    Ok(())
}

fn timestamp_identity(nd: &mut Nd<'_>, p: &[u8], what: &str) -> Res {
    timestamp(nd, p, what)?;
    port_id(nd, super::tail(p, 10))
}

fn port_id(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.f(format_args!(", port identity : 0x{:x}", be64(p, 0)?));
    nd.f(format_args!(", port id : {}", be16(p, 8)?));
    Ok(())
}

fn announce(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.f(format_args!(", {ORIGIN_TS} :"));
    nd.f(format_args!(" {} seconds", be48(p, 0)?));
    nd.f(format_args!(" {} nanoseconds", be32(p, 6)?));
    nd.f(format_args!(", origin cur utc :{}", be16(p, 10)?));
    nd.f(format_args!(", rsvd : {}", u8at(p, 12)?));
    nd.f(format_args!(", gm priority_1 : {}", u8at(p, 13)?));
    nd.f(format_args!(", gm clock class : {}", u8at(p, 14)?));
    nd.f(format_args!(", gm clock accuracy : {}", u8at(p, 15)?));
    nd.f(format_args!(", gm clock variance : {}", be16(p, 16)?));
    nd.f(format_args!(", gm priority_2 : {}", u8at(p, 18)?));
    nd.f(format_args!(", gm clock id : 0x{:x}", be64(p, 19)?));
    nd.f(format_args!(", steps removed : {}", be16(p, 27)?));
    nd.f(format_args!(", time source : 0x{:x}", u8at(p, 29)?));
    Ok(())
}

/// A management message: the target port, then four one-byte fields that tcpdump reads, all
/// four, from the first byte of the port identity (and labels with doubled commas).
fn management(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    port_id(nd, p)?;
    let b = u8at(p, 0)?;
    nd.f(format_args!(", , start boundary hops  {b}"));
    nd.f(format_args!(", , boundary hops  {b}"));
    nd.f(format_args!(", , flags  0x{b:x}"));
    nd.f(format_args!(", , reserved  0x{b:x}"));
    Ok(())
}
