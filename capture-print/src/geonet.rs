//! GeoNetworking (ETSI EN 302 636-4-1) with its Basic Transport Protocol (EN 302 636-5-1), as
//! tcpdump's print-geonet.c: the common header, the long position vector, the BTP ports and
//! the ITS PDU header; the payload in hex with `-v`.
use super::{Nd, Res, Trunc, ascii, be16, be32, has, sl, tail, u8at};

/// A link-layer source address and how it prints.
pub(crate) type LlSrc<'a> = Option<(&'a [u8], fn(&mut Nd<'_>, &[u8]))>;

const MSG_TYPES: &[(u32, &str)] = &[
    (0, "CAM"),
    (1, "DENM"),
    (101, "TPEGM"),
    (102, "TSPDM"),
    (103, "VPM"),
    (104, "SRM"),
    (105, "SLAM"),
    (106, "ecoCAM"),
    (107, "ITM"),
    (150, "SA"),
];

/// tcpdump's `ND_DEFAULTPRINT` of `length` bytes (unless -x/-X replace it), which unwinds when
/// they were not all captured.
pub(crate) fn default_print(nd: &mut Nd<'_>, b: &[u8], length: usize) -> Res {
    if nd.opts.suppress_default_print() {
        return Ok(());
    }
    ascii::hex_and_ascii(nd.o, "\n\t", &b[..length.min(b.len())]);
    if length > b.len() { Err(Trunc) } else { Ok(()) }
}

/// Prints a GeoNetworking packet of `length` bytes sent from `src`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, src: LlSrc<'_>) -> Res {
    nd.proto = "geonet";
    nd.s("GeoNet ");
    if let Some((a, print)) = src {
        nd.s("src:");
        print(nd, a);
    }
    nd.s("; ");
    if length < 36 {
        nd.f(format_args!(" (common header length {length} < 36)"));
        nd.invalid();
        return Ok(());
    }
    let b0 = u8at(bp, 0)?;
    let b1 = u8at(bp, 1)?;
    let (version, next_hdr, hdr_type, hdr_subtype) = (b0 >> 4, b0 & 0xf, b1 >> 4, b1 & 0xf);
    let payload_length = be16(bp, 4)?;
    let hop_limit = u8at(bp, 7)?;
    let next_hdr_txt = match next_hdr {
        0 => "Any",
        1 => "BTP-A",
        2 => "BTP-B",
        3 => "IPv6",
        _ => "Unknown",
    };
    let hdr_type_txt = match (hdr_type, hdr_subtype) {
        (0, _) => "Any",
        (1, _) => "Beacon",
        (2, _) => "GeoUnicast",
        (3, 0) => "GeoAnycastCircle",
        (3, 1) => "GeoAnycastRect",
        (3, 2) => "GeoAnycastElipse",
        (4, 0) => "GeoBroadcastCircle",
        (4, 1) => "GeoBroadcastRect",
        (4, 2) => "GeoBroadcastElipse",
        (5, 0) => "TopoScopeBcast-SH",
        (5, 1) => "TopoScopeBcast-MH",
        (6, 0) => "LocService-Request",
        (6, 1) => "LocService-Reply",
        _ => "Unknown",
    };
    nd.f(format_args!(
        "v:{version} NH:{next_hdr}-{next_hdr_txt} HT:{hdr_type}-{hdr_subtype}-{hdr_type_txt} HopLim:{hop_limit} Payload:{payload_length} "
    ));
    let gn_addr = sl(bp, 8, 8)?;
    nd.s("GN_ADDR:");
    super::ether::write_mac(nd.o, gn_addr);
    nd.s(" ");
    nd.f(format_args!("lat:{} ", be32(bp, 20)?));
    nd.f(format_args!("lon:{}", be32(bp, 24)?));
    if !has(bp, 0, 36) {
        return Err(Trunc);
    }
    let mut length = length - 36;
    let mut bp = &bp[36..];
    // The extended headers whose size tcpdump knows; for the others it stops here.
    let hdr_size = match (hdr_type, hdr_subtype) {
        (0 | 1, _) | (5, 0) => Some(0),
        (5, 1) => Some(68 - 36),
        _ => None,
    };
    if let Some(size) = hdr_size {
        if length < size {
            nd.f(format_args!(" (header size {size} > {length})"));
            nd.invalid();
            return Ok(());
        }
        if !has(bp, 0, size) {
            return Err(Trunc);
        }
        length -= size;
        bp = &bp[size..];
        if next_hdr == 1 || next_hdr == 2 {
            if length < 4 {
                nd.f(format_args!(" (BTP length {length} < 4)"));
                nd.invalid();
                return Ok(());
            }
            nd.f(format_args!("; BTP Dst:{}", be16(bp, 0)?));
            nd.f(format_args!(" Src:{}", be16(bp, 2)?));
            length -= 4;
            bp = tail(bp, 4);
            if length >= 2 {
                nd.f(format_args!("; ItsPduHeader v:{}", u8at(bp, 0)?));
                let t = u8at(bp, 1)?;
                nd.f(format_args!(" t:{t}-"));
                nd.tok2str(MSG_TYPES, "unknown (%u)", u32::from(t));
            }
        }
    }
    if nd.opts.verbose > 0 {
        default_print(nd, bp, length)?;
    }
    Ok(())
}

