//! L2TP (RFC 2661, UDP port 1701), as tcpdump's print-l2tp.c: the header, the attribute-value
//! pairs of control messages, and the PPP frames of data messages.
use super::util::Tok;
use super::{Nd, Res, be16, be32, has, ppp, tail, u8at};

const FLAG_TYPE: u16 = 0x8000;
const FLAG_LENGTH: u16 = 0x4000;
const FLAG_SEQUENCE: u16 = 0x0800;
const FLAG_OFFSET: u16 = 0x0200;
const FLAG_PRIORITY: u16 = 0x0100;

const AVP_MANDATORY: u16 = 0x8000;
const AVP_HIDDEN: u16 = 0x4000;
const AVP_LEN_MASK: u16 = 0x03ff;

const MSG_TYPES: &Tok = &[
    (1, "SCCRQ"),
    (2, "SCCRP"),
    (3, "SCCCN"),
    (4, "StopCCN"),
    (6, "HELLO"),
    (7, "OCRQ"),
    (8, "OCRP"),
    (9, "OCCN"),
    (10, "ICRQ"),
    (11, "ICRP"),
    (12, "ICCN"),
    (14, "CDN"),
    (15, "WEN"),
    (16, "SLI"),
];

const AVPS: &Tok = &[
    (0, "MSGTYPE"),
    (1, "RESULT_CODE"),
    (2, "PROTO_VER"),
    (3, "FRAMING_CAP"),
    (4, "BEARER_CAP"),
    (5, "TIE_BREAKER"),
    (6, "FIRM_VER"),
    (7, "HOST_NAME"),
    (8, "VENDOR_NAME"),
    (9, "ASSND_TUN_ID"),
    (10, "RECV_WIN_SIZE"),
    (11, "CHALLENGE"),
    (12, "Q931_CC"),
    (13, "CHALLENGE_RESP"),
    (14, "ASSND_SESS_ID"),
    (15, "CALL_SER_NUM"),
    (16, "MINIMUM_BPS"),
    (17, "MAXIMUM_BPS"),
    (18, "BEARER_TYPE"),
    (19, "FRAMING_TYPE"),
    (20, "PACKET_PROC_DELAY"),
    (21, "CALLED_NUMBER"),
    (22, "CALLING_NUMBER"),
    (23, "SUB_ADDRESS"),
    (24, "TX_CONN_SPEED"),
    (25, "PHY_CHANNEL_ID"),
    (26, "INI_RECV_LCP"),
    (27, "LAST_SENT_LCP"),
    (28, "LAST_RECV_LCP"),
    (29, "PROXY_AUTH_TYPE"),
    (30, "PROXY_AUTH_NAME"),
    (31, "PROXY_AUTH_CHAL"),
    (32, "PROXY_AUTH_ID"),
    (33, "PROXY_AUTH_RESP"),
    (34, "CALL_ERRORS"),
    (35, "ACCM"),
    (36, "RANDOM_VECTOR"),
    (37, "PRIVATE_GRP_ID"),
    (38, "RX_CONN_SPEED"),
    (39, "SEQ_REQUIRED"),
    (46, "PPP_DISCON_CC"),
];

const AUTHEN_TYPES: &Tok = &[
    (0, "Reserved"),
    (1, "Textual"),
    (2, "CHAP"),
    (3, "PAP"),
    (4, "No Auth"),
    (5, "MS-CHAPv1"),
];

const CC_DIRECTIONS: &Tok = &[(0, "global error"), (1, "at peer"), (2, "at local")];

/// `n` bytes as characters.
fn string(nd: &mut Nd<'_>, p: &[u8], n: usize) -> Res {
    for i in 0..n {
        let c = u8at(p, i)?;
        nd.print_char(c);
    }
    Ok(())
}

/// `n` bytes in hex.
fn octets(nd: &mut Nd<'_>, p: &[u8], n: usize) -> Res {
    for i in 0..n {
        let c = u8at(p, i)?;
        nd.f(format_args!("{c:02x}"));
    }
    Ok(())
}

const TOO_SHORT: &str = "AVP too short";

/// The value of an IETF attribute of type `attr`, `len` bytes at `p`.
fn avp_value(nd: &mut Nd<'_>, attr: u16, p: &[u8], len: usize) -> Res {
    /// Prints "AVP too short" and ends the value when it is shorter than `$n`.
    macro_rules! need {
        ($n:expr) => {
            if len < $n {
                nd.s(TOO_SHORT);
                return Ok(());
            }
        };
    }
    match attr {
        0 => {
            need!(2);
            nd.tok2str(MSG_TYPES, "MSGTYPE-#%u", u32::from(be16(p, 0)?));
        }
        1 => {
            need!(2);
            nd.f(format_args!("{}", be16(p, 0)?));
            if len == 2 {
                return Ok(());
            }
            if len < 4 {
                nd.s(" AVP too short");
                return Ok(());
            }
            nd.f(format_args!("/{}", be16(p, 2)?));
            if len == 4 {
                return Ok(());
            }
            nd.s(" ");
            string(nd, tail(p, 4), len - 4)?;
        }
        2 => {
            need!(2);
            let v = be16(p, 0)?;
            nd.f(format_args!("{}.{}", v >> 8, v & 0xff));
        }
        // Framing (capabilities, type): async then sync. Bearer: analog then digital.
        3 | 19 => {
            need!(4);
            let v = be32(p, 0)?;
            if v & 2 != 0 {
                nd.s("A");
            }
            if v & 1 != 0 {
                nd.s("S");
            }
        }
        4 | 18 => {
            need!(4);
            let v = be32(p, 0)?;
            if v & 2 != 0 {
                nd.s("A");
            }
            if v & 1 != 0 {
                nd.s("D");
            }
        }
        5 => {
            need!(8);
            octets(nd, p, 8)?;
        }
        6 | 9 | 10 | 14 => {
            need!(2);
            nd.f(format_args!("{}", be16(p, 0)?));
        }
        7 | 8 | 21 | 22 | 23 | 30 | 37 => string(nd, p, len)?,
        11 | 26 | 27 | 28 | 31 | 33 | 36 => octets(nd, p, len)?,
        12 => {
            need!(3);
            nd.f(format_args!("{}", be16(p, 0)?));
            nd.f(format_args!(", {:02x}", u8at(p, 2)?));
            if len > 3 {
                nd.s(" ");
                string(nd, tail(p, 3), len - 3)?;
            }
        }
        13 => {
            need!(16);
            octets(nd, p, 16)?;
        }
        15 | 16 | 17 | 24 | 25 | 38 => {
            need!(4);
            nd.f(format_args!("{}", be32(p, 0)?));
        }
        20 => nd.s("obsolete"),
        29 => {
            need!(2);
            nd.tok2str(AUTHEN_TYPES, "AuthType-#%u", u32::from(be16(p, 0)?));
        }
        32 => {
            need!(2);
            nd.f(format_args!("{}", be16(p, 0)? & 0x00ff));
        }
        34 => {
            need!(2);
            let mut at = 2;
            for name in [
                "CRCErr", "FrameErr", "HardOver", "BufOver", "Timeout", "AlignErr",
            ] {
                need!(at + 4);
                nd.f(format_args!("{name}={} ", be32(p, at)?));
                at += 4;
            }
        }
        35 => {
            need!(2);
            need!(6);
            nd.f(format_args!("send={:08x} ", be32(p, 2)?));
            need!(10);
            nd.f(format_args!("recv={:08x} ", be32(p, 6)?));
        }
        46 => {
            need!(5);
            nd.f(format_args!("{:04x}, ", be16(p, 0)?));
            nd.f(format_args!("{:04x} ", be16(p, 2)?));
            nd.tok2str(CC_DIRECTIONS, "Direction-#%u", u32::from(u8at(p, 4)?));
            if len > 5 {
                nd.s(" ");
                string(nd, tail(p, 5), len - 5)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// One attribute-value pair; returns its length, or 0 when it was cut short (the mark is
/// printed).
fn avp(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.s(" ");
    let head = be16(p, 0)?;
    let len = usize::from(head & AVP_LEN_MASK);
    if len < 6 || len > length || !has(p, 0, len) {
        nd.trunc();
        return Ok(0);
    }
    if head & AVP_MANDATORY != 0 {
        nd.s("*");
    }
    let hidden = head & AVP_HIDDEN != 0;
    if hidden {
        nd.s("?");
    }
    let vendor = be16(p, 2)?;
    if vendor != 0 {
        nd.f(format_args!("VENDOR{vendor:04x}:"));
        nd.f(format_args!("ATTR{:04x}", be16(p, 4)?));
        nd.s("(");
        octets(nd, tail(p, 6), len - 6)?;
        nd.s(")");
    } else {
        let attr = be16(p, 4)?;
        nd.tok2str(AVPS, "AVP-#%u", u32::from(attr));
        nd.s("(");
        if hidden {
            nd.s("???");
        } else {
            avp_value(nd, attr, tail(p, 6), len - 6)?;
        }
        nd.s(")");
    }
    Ok(len)
}

/// tcpdump's `l2tp_print`.
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> Res {
    nd.proto = "l2tp";
    let flags = be16(dat, 0)?;
    match flags & 0x000f {
        2 => nd.s(" l2tp:"),
        1 => {
            nd.s(" l2f:");
            return Ok(());
        }
        _ => {
            nd.s(" Unknown Version, neither L2F(1) nor L2TP(2)");
            return Ok(());
        }
    }
    nd.s("[");
    for (bit, letter) in [
        (FLAG_TYPE, "T"),
        (FLAG_LENGTH, "L"),
        (FLAG_SEQUENCE, "S"),
        (FLAG_OFFSET, "O"),
        (FLAG_PRIORITY, "P"),
    ] {
        if flags & bit != 0 {
            nd.s(letter);
        }
    }
    nd.s("]");
    let mut cnt = 2;
    let mut l2tp_len = 0;
    if flags & FLAG_LENGTH != 0 {
        l2tp_len = usize::from(be16(dat, cnt)?);
        cnt += 2;
    }
    nd.f(format_args!("({}/", be16(dat, cnt)?));
    nd.f(format_args!("{})", be16(dat, cnt + 2)?));
    cnt += 4;
    if flags & FLAG_SEQUENCE != 0 {
        nd.f(format_args!("Ns={},", be16(dat, cnt)?));
        nd.f(format_args!("Nr={}", be16(dat, cnt + 2)?));
        cnt += 4;
    }
    if flags & FLAG_OFFSET != 0 {
        let pad = usize::from(be16(dat, cnt)?);
        if !has(dat, cnt + 2, pad) {
            nd.trunc();
            return Ok(());
        }
        cnt += 2 + pad;
    }
    let mut length = length;
    if flags & FLAG_LENGTH != 0 {
        if length < l2tp_len {
            nd.f(format_args!(" Length {l2tp_len} larger than packet"));
            return Ok(());
        }
        length = l2tp_len;
    }
    if length < cnt {
        nd.f(format_args!(" Length {length} smaller than header length"));
        return Ok(());
    }
    if flags & FLAG_TYPE != 0 {
        if flags & FLAG_LENGTH == 0 {
            nd.s(" No length");
            return Ok(());
        }
        if length == cnt {
            nd.s(" ZLB");
            return Ok(());
        }
        while length > cnt {
            let n = avp(nd, tail(dat, cnt), length - cnt)?;
            if n == 0 {
                break;
            }
            cnt += n;
        }
    } else {
        nd.s(" {");
        ppp::print(nd, tail(dat, cnt), length - cnt)?;
        nd.s("}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    fn case(hex: &str, expected: &str) {
        check(101, "-n", hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn control_and_data() {
        case(
            "45000050000100004011669a0a0000010a000002303906a5003c0000c80200340001000000000000800800000000000180080000000201008010000000070061626364656667686980080000000b000a",
            "IP 10.0.0.1.12345 > 10.0.0.2.1701:  l2tp:[TLS](1/0)Ns=0,Nr=0 *MSGTYPE(SCCRQ) \
             *PROTO_VER(1.0) *HOST_NAME(^@abcdefghi) *CHALLENGE(000a)",
        );
        case(
            "45000050000100004011669a0a0000010a000002303906a5003c0000c8020030000100000000000080080000000000018016000000230000000100000002000000030000000400058006000000270000",
            "IP 10.0.0.1.12345 > 10.0.0.2.1701:  l2tp:[TLS](1/0)Ns=0,Nr=0 *MSGTYPE(SCCRQ) \
             *ACCM(send=00010000 recv=00020000 )  [|l2tp]",
        );
        case(
            "4500003600010000401166b40a0000010a000002303906a5002200004802001400010001000500080000000000060008000000000003",
            "IP 10.0.0.1.12345 > 10.0.0.2.1701:  l2tp:[LS](1/1)Ns=5,Nr=8 {unknown PPP protocol (0x0000) \
             \n\t0x0000:  0000 0006 0008}",
        );
    }
}
