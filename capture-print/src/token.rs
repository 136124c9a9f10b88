//! IEEE 802.5 Token Ring: the MAC header with its source-routing information, then LLC, as
//! tcpdump's print-token.c.
use super::{Nd, Res, ascii, be16, llc, u8at};

const TOKEN_HDRLEN: usize = 14;
const TOKEN_FC_LLC: u8 = 1;

const BROADCAST_INDICATOR: [&str; 8] = [
    "Non-Broadcast",
    "Non-Broadcast",
    "Non-Broadcast",
    "Non-Broadcast",
    "All-routes",
    "All-routes",
    "Single-route",
    "Single-route",
];

const LARGEST_FRAME: [&str; 8] = [
    "516", "1500", "2052", "4472", "8144", "11407", "17800", "??",
];

/// `-e`: access and frame control (not with `-q`), addresses, length.
fn hdr_print(nd: &mut Nd<'_>, p: &[u8], length: usize, src: &[u8; 6], dst: &[u8; 6]) {
    if !nd.opts.quiet {
        nd.f(format_args!("{:02x} {:02x} ", p[0], p[1]));
    }
    nd.mac(src);
    nd.s(" > ");
    nd.mac(dst);
    nd.f(format_args!(", length {length}: "));
}

/// DLT_IEEE802.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    print(nd, p, length)
}

/// tcpdump's `token_print`: returns the header length (MAC, routing and LLC headers).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "token-ring";
    let mut hdr_len = TOKEN_HDRLEN;
    if p.len() < TOKEN_HDRLEN {
        nd.trunc();
        return Ok(hdr_len);
    }
    let dst: [u8; 6] = p[2..8].try_into().map_err(|_| super::Trunc)?;
    let mut src: [u8; 6] = p[8..14].try_into().map_err(|_| super::Trunc)?;
    let mut route_len = 0;
    if src[0] & 0x80 != 0 {
        // Source-routed: the bit is not part of the address.
        src[0] &= 0x7f;
        if nd.opts.link_header {
            hdr_print(nd, p, length, &src, &dst);
        }
        if p.len() < TOKEN_HDRLEN + 2 {
            nd.trunc();
            return Ok(hdr_len);
        }
        let rcf = be16(p, 14)?;
        route_len = usize::from((rcf & 0x1f00) >> 8);
        hdr_len += route_len;
        if p.len() < hdr_len {
            nd.trunc();
            return Ok(hdr_len);
        }
        let segments = (route_len as i32 - 2) / 2;
        if nd.opts.verbose > 0 {
            nd.s(BROADCAST_INDICATOR[usize::from((rcf & 0xe000) >> 13)]);
            nd.s(if rcf & 0x0080 != 0 {
                " Backward"
            } else {
                " Forward"
            });
            for seg in 0..segments.max(0) as usize {
                let rseg = be16(p, 16 + 2 * seg)?;
                nd.f(format_args!(
                    " [{}:{}]",
                    (rseg & 0xfff0) >> 4,
                    rseg & 0x000f
                ));
            }
        } else {
            nd.f(format_args!("rt = {rcf:x}"));
            for seg in 0..segments.max(0) as usize {
                let rseg = be16(p, 16 + 2 * seg)?;
                nd.f(format_args!(":{rseg:x}"));
            }
        }
        nd.f(format_args!(
            " ({}) ",
            LARGEST_FRAME[usize::from((rcf & 0x0070) >> 4)]
        ));
    } else if nd.opts.link_header {
        hdr_print(nd, p, length, &src, &dst);
    }
    let payload = &p[hdr_len..];
    let plen = length.wrapping_sub(hdr_len);
    if (u8at(p, 1)? & 0xc0) >> 6 == TOKEN_FC_LLC {
        let addrs = super::ether::LlAddrs {
            src: &src,
            dst: &dst,
            print: super::ether::mac,
        };
        hdr_len += llc::print_or_dump(nd, payload, plen, Some(&addrs));
    } else {
        if !nd.opts.link_header {
            hdr_print(
                nd,
                p,
                plen.wrapping_add(TOKEN_HDRLEN + route_len),
                &src,
                &dst,
            );
        }
        ascii::default_print(nd, payload);
    }
    Ok(hdr_len)
}

#[cfg(test)]
mod tests {
    use crate::link::tests::check;

    #[test]
    fn source_routed() {
        check(
            6,
            "-v -e",
            "1010ffffffffffff800102030405c8f000110022aaaa03000000080045",
            "10 10 00:01:02:03:04:05 > ff:ff:ff:ff:ff:ff, length 29: Single-route Backward [1:1] [2:2] [2730:10] (??) \n\t0x0000:  0300 0000 0800 45                        ......E",
        );
    }
}
