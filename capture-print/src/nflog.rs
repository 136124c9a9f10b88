//! Linux netfilter NFLOG: a header, TLVs up to the packet payload, then IPv4 or IPv6, as
//! tcpdump's print-nflog.c.
use super::{Nd, Res, ascii, be16, ip, ip6, le16};

const NFLOG_HDR_LEN: usize = 4;
const NFLOG_TLV_LEN: usize = 4;
const NFULA_PAYLOAD: u16 = 9;
const AF_INET: u8 = 2;
const AF_INET6: u8 = 10;

const FAMILIES: &[(u32, &str)] = &[(2, "IPv4"), (10, "IPv6")];

fn hdr_print(nd: &mut Nd<'_>, h: &[u8], length: u32) -> Res {
    let rid = be16(h, 2)?;
    nd.f(format_args!("version {}, resource ID {rid}", h[1]));
    let family = u32::from(h[0]);
    if nd.opts.quiet {
        nd.s(", ");
        nd.tok2str(FAMILIES, "Unknown NFLOG (0x%02x)", family);
    } else {
        nd.s(", family ");
        nd.tok2str(FAMILIES, "Unknown", family);
        nd.f(format_args!(" ({family})"));
    }
    nd.f(format_args!(", length {length}: "));
    Ok(())
}

/// DLT_NFLOG. The TLV lengths and types are in the capturing host's byte order (little-endian
/// here, as on the hosts tcpdump's tests come from).
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "nflog";
    if p.len() < NFLOG_HDR_LEN {
        nd.trunc();
        return Ok(p.len());
    }
    let h = &p[..NFLOG_HDR_LEN];
    if h[1] != 0 {
        nd.f(format_args!("version {} (unknown)", h[1]));
        return Ok(NFLOG_HDR_LEN);
    }
    let mut length = length as u32;
    if nd.opts.link_header {
        hdr_print(nd, h, length)?;
    }
    let mut off = NFLOG_HDR_LEN;
    // tcpdump counts the header length in 16 bits.
    let mut h_size = NFLOG_HDR_LEN as u16;
    length = length.wrapping_sub(NFLOG_HDR_LEN as u32);
    while length > 0 {
        let caplen = p.len() - off;
        if caplen < NFLOG_TLV_LEN {
            nd.trunc();
            return Ok(usize::from(h_size));
        }
        let mut size = le16(p, off)?;
        if size % 4 != 0 {
            size = size.wrapping_add(4 - size % 4);
        }
        if usize::from(size) < NFLOG_TLV_LEN || caplen < usize::from(size) {
            nd.trunc();
            return Ok(usize::from(h_size));
        }
        if le16(p, off + 2)? == NFULA_PAYLOAD {
            off += NFLOG_TLV_LEN;
            h_size = h_size.wrapping_add(NFLOG_TLV_LEN as u16);
            length = length.wrapping_sub(NFLOG_TLV_LEN as u32);
            break;
        }
        off += usize::from(size);
        h_size = h_size.wrapping_add(size);
        length = length.wrapping_sub(u32::from(size));
    }
    let payload = &p[off..];
    match h[0] {
        AF_INET => ip::print(nd, payload, length as usize)?,
        AF_INET6 => ip6::print(nd, payload, length as usize)?,
        _ => {
            if !nd.opts.link_header {
                hdr_print(nd, h, length.wrapping_add(NFLOG_HDR_LEN as u32))?;
            }
            ascii::default_print(nd, payload);
        }
    }
    Ok(usize::from(h_size))
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn tlvs_then_payload() {
        check_n(
            239,
            "-e",
            "020000140800010008000300200009004500001c000100004001f6e50a0000010a0000020800f7ff00000000",
            "version 0, resource ID 20, family IPv4 (2), length 44: 10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 0, length 8",
        );
    }
}
