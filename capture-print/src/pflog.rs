//! OpenBSD pflog: the rule, reason, action, direction and interface, then IPv4 or IPv6, as
//! tcpdump's print-pflog.c (as built on Linux: a 64-byte header).
use super::{Nd, Res, ascii, be32, ip, ip6, u8at};

const MIN_PFLOG_HDRLEN: u8 = 45;
/// The header as Linux's tcpdump knows it.
const PFLOG_HDR_SIZE: usize = 64;
const PFLOG_IFNAMSIZ: usize = 16;
const PFLOG_RULESET_NAME_SIZE: usize = 16;

/// Reasons; tcpdump names 4, not 3, "3(short)".
const REASONS: &[(u32, &str)] = &[
    (0, "0(match)"),
    (1, "1(bad-offset)"),
    (2, "2(fragment)"),
    (4, "3(short)"),
    (4, "4(normalize)"),
    (5, "5(memory)"),
    (6, "6(bad-timestamp)"),
    (7, "7(congestion)"),
    (8, "8(ip-option)"),
    (9, "9(proto-cksum)"),
    (10, "10(state-mismatch)"),
    (11, "11(state-insert)"),
    (12, "12(state-limit)"),
    (13, "13(src-limit)"),
    (14, "14(synproxy)"),
];

const ACTIONS: &[(u32, &str)] = &[
    (0, "pass"),
    (1, "block"),
    (2, "scrub"),
    (4, "nat"),
    (5, "nonat"),
    (6, "binat"),
    (7, "nobinat"),
    (8, "rdr"),
    (9, "nordr"),
    (10, "synproxy-drop"),
];

const DIRECTIONS: &[(u32, &str)] = &[(0, "in/out"), (1, "in"), (2, "out")];

fn hdr_print(nd: &mut Nd<'_>, h: &[u8]) -> Res {
    nd.proto = "pflog";
    let rulenr = be32(h, 36)?;
    let subrulenr = be32(h, 40)?;
    if subrulenr == u32::MAX {
        nd.f(format_args!("rule {rulenr}/"));
    } else {
        nd.f(format_args!("rule {rulenr}."));
        nd.printjnp(&h[20..], PFLOG_RULESET_NAME_SIZE)?;
        nd.f(format_args!(".{subrulenr}/"));
    }
    nd.tok2str(REASONS, "unkn(%u)", u32::from(u8at(h, 3)?));
    nd.s(": ");
    nd.tok2str(ACTIONS, "unkn(%u)", u32::from(u8at(h, 2)?));
    nd.s(" ");
    nd.tok2str(DIRECTIONS, "unkn(%u)", u32::from(u8at(h, 60)?));
    nd.s(" on ");
    nd.printjnp(&h[4..], PFLOG_IFNAMSIZ)?;
    nd.s(": ");
    Ok(())
}

/// DLT_PFLOG.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "pflog";
    let Some(&hlen) = p.first() else {
        nd.trunc();
        return Ok(0);
    };
    if hlen < MIN_PFLOG_HDRLEN {
        nd.s("[pflog: invalid header length!]");
        return Ok(usize::from(hlen));
    }
    let hdrlen = (usize::from(hlen) + 3) & !3;
    if p.len() < hdrlen || p.len() < PFLOG_HDR_SIZE {
        nd.trunc();
        return Ok(hdrlen);
    }
    if nd.opts.link_header {
        hdr_print(nd, p)?;
    }
    let af = p[1];
    let rest = &p[hdrlen..];
    let length = (length as u32).wrapping_sub(hdrlen as u32) as usize;
    match af {
        2 => ip::print(nd, rest, length)?,
        24 | 28 | 30 => ip6::print(nd, rest, length)?,
        _ => {
            if !nd.opts.link_header {
                hdr_print(nd, p)?;
            }
            ascii::default_print(nd, rest);
        }
    }
    Ok(hdrlen)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn header_with_ruleset() {
        check_n(
            117,
            "-e",
            "3d02010465746830000000000000000000000000727573000000000000000000000000050000000300000000000000000000000000000000000000000000010000004500001c000100004001f6e50a0000010a0000020800f7ff00000000",
            "rule 3.rus.0/3(short): block in/out on eth0: IP0 (invalid)",
        );
    }
}
