//! PPP over Ethernet (RFC 2516), as tcpdump's print-pppoe.c: the discovery stage's tags, and
//! the PPP frames of a session.
use super::util::Tok;
use super::{Nd, Res, be16, has, ppp, sl, tail};

const PADI: u8 = 0x09;

const CODES: &Tok = &[
    (0x09, "PADI"),
    (0x07, "PADO"),
    (0x19, "PADR"),
    (0x65, "PADS"),
    (0xa7, "PADT"),
    // Session data.
    (0, ""),
];

const TAGS: &Tok = &[
    (0, "EOL"),
    (0x0101, "Service-Name"),
    (0x0102, "AC-Name"),
    (0x0103, "Host-Uniq"),
    (0x0104, "AC-Cookie"),
    (0x0105, "Vendor-Specific"),
    (0x0110, "Relay-Session-ID"),
    (0x0120, "PPP-Max-Payload"),
    (0x0201, "Service-Name-Error"),
    (0x0202, "AC-System-Error"),
    (0x0203, "Generic-Error"),
];

const HDRLEN: usize = 6;
/// At most this many characters of a tag's text are shown.
const MAXTAGPRINT: usize = 80;

/// Link type PPP_ETHER (NetBSD's PPPoE). Returns the link header's length.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "pppoe";
    print(nd, p, wirelen)
}

/// tcpdump's `pppoe_print`: a PPPoE packet. Returns the length of the headers printed.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res<usize> {
    nd.proto = "pppoe";
    if length < HDRLEN {
        nd.f(format_args!(" (length {length} < {HDRLEN})"));
        nd.invalid();
        return Ok(0);
    }
    let length = length - HDRLEN;
    sl(bp, 0, HDRLEN)?;
    let ver = bp[0] >> 4;
    let typ = bp[0] & 0x0f;
    let code = bp[1];
    let session = be16(bp, 2)?;
    let mut plen = usize::from(be16(bp, 4)?);
    if ver != 1 {
        nd.f(format_args!(" [ver {ver}]"));
    }
    if typ != 1 {
        nd.f(format_args!(" [type {typ}]"));
    }
    nd.s("PPPoE ");
    nd.tok2str(CODES, "PAD-%x", u32::from(code));
    if code == PADI && plen > 1484 - HDRLEN {
        nd.f(format_args!(" [len {plen}!]"));
    }
    if plen > length {
        nd.f(format_args!(" [len {plen} > {length}!]"));
        plen = length;
    }
    if session != 0 {
        nd.f(format_args!(" [ses 0x{session:x}]"));
    }
    let payload = tail(bp, HDRLEN);
    if code == 0 {
        nd.s(" ");
        return Ok(HDRLEN + ppp::print(nd, payload, plen)?);
    }
    // Discovery: tags until the end of the payload or an end-of-list tag.
    let mut tag_type = 0xffff;
    let mut at = 0;
    while tag_type != 0 && at < plen {
        tag_type = be16(payload, at)?;
        let tag_len = usize::from(be16(payload, at + 2)?);
        at += 4;
        if !has(payload, at, tag_len) {
            return Err(super::Trunc);
        }
        nd.s(" [");
        nd.tok2str(TAGS, "TAG-0x%x", u32::from(tag_type));
        if tag_len > 0 {
            let value = &payload[at..at + tag_len];
            let shown = &value[..value.len().min(MAXTAGPRINT - 1)];
            let ascii = shown.iter().filter(|c| (0x20..0x7f).contains(*c)).count();
            if ascii > shown.len() - ascii {
                nd.s(" \"");
                for &c in shown {
                    nd.o.push(if (0x20..0x7f).contains(&c) { c } else { b'.' });
                }
                nd.s("\"");
            } else {
                nd.s(" 0x");
                for &c in value {
                    nd.f(format_args!("{c:02X}"));
                }
            }
        }
        nd.s("]");
        at += tag_len;
    }
    Ok(HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    #[test]
    fn discovery_and_session() {
        let h = "ffffffffffff00010203040588630009000000100101000001200002dc0501030004c0ffee00";
        check(
            1,
            "-n",
            h.len() as u32 / 2,
            h,
            " [ver 0] [type 0]PPPoE PADI [Service-Name] [PPP-Max-Payload 0xDC05] [Host-Uniq 0xC0FFEE00]",
        );
        let h = "ffffffffffff0001020304058864110000170008c021090100080000";
        check(
            1,
            "-n",
            h.len() as u32 / 2,
            h,
            "PPPoE  [ses 0x17] LCP, Echo-Request (0x09), id 1, length 8",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_pppoe_never_panics(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
                                     et in proptest::sample::select(vec![0x8863u16, 0x8864]),
                                     v in 0u8..4) {
            let mut data = vec![0xff; 6];
            data.extend_from_slice(&[0, 1, 2, 3, 4, 5]);
            data.extend_from_slice(&et.to_be_bytes());
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 1, &data);
            let _ = print_one(Options { verbose: v, numeric: 1, ..Default::default() }, 51, &tail);
        }
    }
}
