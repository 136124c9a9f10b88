//! Per-Packet Information: a header naming the link type of the packet that follows, as
//! tcpdump's print-ppi.c. PKTAP (print-pktap.c), Apple's header that does the same, is here
//! too.
use super::{Nd, Res, ascii, le16, le32, link, linktype, sl, u8at};

const PPI_HDRLEN: usize = 8;

/// libpcap's name of a DLT, or `UNKNOWN`.
fn dlt_name(dlt: u32) -> &'static str {
    i32::try_from(dlt)
        .ok()
        .and_then(linktype::dlt_name)
        .map_or("UNKNOWN", |(n, _)| n)
}

fn hdr_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let len = le16(p, 2)?;
    let dlt = le32(p, 4)?;
    if nd.opts.quiet {
        nd.s(dlt_name(dlt));
    } else {
        let ver = u8at(p, 0)?;
        nd.f(format_args!(
            "V.{ver} DLT {} ({dlt}) len {len}",
            dlt_name(dlt)
        ));
    }
    nd.f(format_args!(", length {length}: "));
    Ok(())
}

/// DLT_PPI.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> Res<usize> {
    nd.proto = "ppi";
    if p.len() < PPI_HDRLEN {
        nd.trunc();
        return Ok(p.len());
    }
    let len = usize::from(le16(p, 2)?);
    if !(PPI_HDRLEN..=65532).contains(&len) {
        nd.f(format_args!(" [length {len} < {PPI_HDRLEN} or > 65532]"));
        nd.invalid();
        return Ok(p.len());
    }
    if p.len() < len {
        nd.trunc();
        return Ok(p.len());
    }
    let dlt = le32(p, 4)?;
    if nd.opts.link_header {
        hdr_print(nd, p, wirelen as usize)?;
    }
    let length = wirelen.wrapping_sub(len as u32);
    let hdrlen = match i32::try_from(dlt)
        .ok()
        .and_then(linktype::from_dlt)
        .and_then(|lt| link::dispatch(nd, lt, &p[len..], length))
    {
        Some(r) => r?,
        None => {
            if !nd.opts.link_header {
                hdr_print(nd, p, length as usize + len)?;
            }
            ascii::default_print(nd, &p[len..]);
            0
        }
    };
    // tcpdump adds the inner header's length twice.
    Ok(len + 2 * hdrlen)
}

const PKTAP_HDR_SIZE: usize = 108;

fn pktap_hdr_print(nd: &mut Nd<'_>, p: &[u8], length: u32) -> Res {
    let dlt = le32(p, 8)?;
    let hdrlen = le32(p, 0)?;
    if nd.opts.quiet {
        nd.s(dlt_name(dlt));
    } else {
        nd.f(format_args!("DLT {} ({dlt}) len {hdrlen}", dlt_name(dlt)));
    }
    nd.f(format_args!(", length {length}: "));
    Ok(())
}

/// DLT_PKTAP.
pub(crate) fn pktap_if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: u32) -> Res<usize> {
    nd.proto = "pktap";
    if (wirelen as usize) < PKTAP_HDR_SIZE {
        nd.f(format_args!(
            " (packet too short, {wirelen} < {PKTAP_HDR_SIZE})"
        ));
        nd.invalid();
        return Ok(0);
    }
    let dlt = le32(p, 8)?;
    let hdrlen = le32(p, 0)?;
    if (hdrlen as usize) < PKTAP_HDR_SIZE {
        nd.f(format_args!(
            " (pkt_len too small, {hdrlen} < {PKTAP_HDR_SIZE})"
        ));
        nd.invalid();
        return Ok(0);
    }
    if hdrlen > wirelen {
        nd.f(format_args!(" (pkt_len too big, {hdrlen} > {wirelen})"));
        nd.invalid();
        return Ok(0);
    }
    let h = hdrlen as usize;
    sl(p, 0, h)?;
    if nd.opts.link_header {
        pktap_hdr_print(nd, p, wirelen)?;
    }
    let length = wirelen - hdrlen;
    let mut total = h;
    match le32(p, 4)? {
        0 => nd.s("no data"),
        1 => {
            match i32::try_from(dlt)
                .ok()
                .and_then(linktype::from_dlt)
                .and_then(|lt| link::dispatch(nd, lt, &p[h..], length))
            {
                // tcpdump adds the inner header's length twice here too.
                Some(r) => total += 2 * r?,
                None => {
                    if !nd.opts.link_header {
                        pktap_hdr_print(nd, p, wirelen)?;
                    }
                    ascii::default_print(nd, &p[h..]);
                }
            }
        }
        _ => {}
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn ethernet_inside() {
        check_n(
            192,
            "-e",
            "00000800010000000000000000000000000008004500001c000100004001f6e50a0000010a0000020800f7ff00000000",
            "V.0 DLT EN10MB (1) len 8, length 48: 00:00:00:00:08:00 > 00:00:00:00:00:00, ethertype Unknown (0x4500), length 40: \n\t0x0000:  001c 0001 0000 4001 f6e5 0a00 0001 0a00  ......@.........\n\t0x0010:  0002 0800 f7ff 0000 0000                 ..........",
        );
    }

    #[test]
    fn linktype_only_value_has_no_printer() {
        check_n(
            192,
            "-e",
            "000008006500000045000000",
            "V.0 DLT UNKNOWN (101) len 8, length 12: \n\t0x0000:  4500 0000                                E...",
        );
    }
}
