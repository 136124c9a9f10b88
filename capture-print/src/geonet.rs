//! GeoNetworking (ETSI EN 302 636-4-1) with its Basic Transport Protocol (EN 302 636-5-1), as
//! tcpdump's print-geonet.c: the common header, the long position vector, the BTP ports and
//! the ITS PDU header; the payload in hex with `-v`.
use super::ether::LlAddrs;
use super::{Nd, Res, Trunc, ascii, be16, be32, has, sl, tail, u8at};

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

/// tcpdump's `ND_DEFAULTPRINT` of `length` bytes (printed whatever the flags: the printers
/// that call it do not check them), which unwinds when they were not all captured.
pub(crate) fn default_print(nd: &mut Nd<'_>, b: &[u8], length: usize) -> Res {
    ascii::hex_and_ascii(nd.o, "\n\t", &b[..length.min(b.len())]);
    if length > b.len() { Err(Trunc) } else { Ok(()) }
}

/// Prints a GeoNetworking packet of `length` bytes sent from `src`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, src: Option<&LlAddrs<'_>>) -> Res {
    nd.proto = "geonet";
    nd.s("GeoNet ");
    if let Some(a) = src {
        nd.s("src:");
        (a.print)(nd, a.src);
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

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn geonet_beacon_v0() {
        check(
            1,
            "-n",
            50,
            "00112233445566554433221189470010000000000001c0cc000c426968be000000011eaed88f035fbd0e0000000000000000",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:0-Any HT:1-0-Beacon HopLim:1 Payload:0 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966",
        );
    }

    #[test]
    fn geonet_tsb_btp_v0() {
        check(
            1,
            "-n",
            100,
            "001122334455665544332211894701510000001d0002c0cc000c426968be000000011eaed88f035fbd0e000000000000000000000000000000000000000000000000000000000000000000000000000000001388138801027061796c6f61642d64617461",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:1-BTP-A HT:5-1-TopoScopeBcast-MH HopLim:2 Payload:29 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966; BTP Dst:5000 Src:5000; ItsPduHeader v:1 t:2-unknown (2)",
        );
    }

    #[test]
    fn calm_fast_v0() {
        check(
            1,
            "-n",
            28,
            "0011223344556655443322111111070963616c6d2d7061796c6f6164",
            "CALM FAST src:66:55:44:33:22:11; SrcNwref:7; DstNwref:9; ",
        );
    }

    #[test]
    fn geonet_beacon_v1() {
        check(
            1,
            "-n -v",
            50,
            "00112233445566554433221189470010000000000001c0cc000c426968be000000011eaed88f035fbd0e0000000000000000",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:0-Any HT:1-0-Beacon HopLim:1 Payload:0 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966",
        );
    }

    #[test]
    fn geonet_tsb_btp_v1() {
        check(
            1,
            "-n -v",
            100,
            "001122334455665544332211894701510000001d0002c0cc000c426968be000000011eaed88f035fbd0e000000000000000000000000000000000000000000000000000000000000000000000000000000001388138801027061796c6f61642d64617461",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:1-BTP-A HT:5-1-TopoScopeBcast-MH HopLim:2 Payload:29 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966; BTP Dst:5000 Src:5000; ItsPduHeader v:1 t:2-unknown (2)\n\t0x0000:  0102 7061 796c 6f61 642d 6461 7461       ..payload-data",
        );
    }

    #[test]
    fn calm_fast_v1() {
        check(
            1,
            "-n -v",
            28,
            "0011223344556655443322111111070963616c6d2d7061796c6f6164",
            "CALM FAST src:66:55:44:33:22:11; SrcNwref:7; DstNwref:9; \n\t0x0000:  6361 6c6d 2d70 6179 6c6f 6164            calm-payload",
        );
    }

    #[test]
    fn geonet_old_unicast() {
        check(
            1,
            "-n -v",
            70,
            "001122334455665544332211070702200000000a0003c0cc000c426968be000000011eaed88f035fbd0e0000000000000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:2-BTP-B HT:2-0-GeoUnicast HopLim:3 Payload:10 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966\n\t0x0000:  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa  ................\n\t0x0010:  aaaa aaaa                                ....",
        );
    }

    #[test]
    fn geonet_btp_short() {
        check(
            1,
            "-n",
            52,
            "00112233445566554433221189470110000000020001c0cc000c426968be000000011eaed88f035fbd0e00000000000000001388",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:1-BTP-A HT:1-0-Beacon HopLim:1 Payload:2 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966 (BTP length 2 < 4) (invalid)",
        );
    }

    #[test]
    fn geonet_short() {
        check(
            1,
            "-n",
            34,
            "00112233445566554433221189470010000000000001c0cc000c426968be00000001",
            "GeoNet src:66:55:44:33:22:11;  (common header length 20 < 36) (invalid)",
        );
    }

    #[test]
    fn geonet_e() {
        check(
            1,
            "-n -e",
            50,
            "00112233445566554433221189470010000000000001c0cc000c426968be000000011eaed88f035fbd0e0000000000000000",
            "66:55:44:33:22:11 > 00:11:22:33:44:55, ethertype GeoNet (0x8947), length 50: GeoNet src:66:55:44:33:22:11; v:0 NH:0-Any HT:1-0-Beacon HopLim:1 Payload:0 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966",
        );
    }

    #[test]
    fn geonet_tsb_truncated() {
        check(
            1,
            "-n",
            100,
            "001122334455665544332211894701510000001d0002c0cc000c426968be000000011eaed88f035fbd0e000000000000000000000000000000000000",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:1-BTP-A HT:5-1-TopoScopeBcast-MH HopLim:2 Payload:29 GN_ADDR:c0:cc:00:0c:42:69:68:be lat:514775183 lon:56605966 [|geonet]",
        );
    }

    #[test]
    fn geonet_addr_truncated() {
        check(
            1,
            "-n",
            100,
            "001122334455665544332211894701510000001d0002c0cc000c426968be",
            "GeoNet src:66:55:44:33:22:11; v:0 NH:1-BTP-A HT:5-1-TopoScopeBcast-MH HopLim:2 Payload:29 GN_ADDR:c0:cc:00:0c:42:69:68:be  [|geonet]",
        );
    }

    #[test]
    fn calm_fast_short() {
        check(
            1,
            "-n",
            15,
            "001122334455665544332211111101",
            "CALM FAST src:66:55:44:33:22:11;  (length 1 < 2) (invalid)",
        );
    }

    #[test]
    fn calm_fast_truncated() {
        check(
            1,
            "-n -v",
            28,
            "0011223344556655443322111111070963616c6d",
            "CALM FAST src:66:55:44:33:22:11; SrcNwref:7; DstNwref:9; \n\t0x0000:  6361 6c6d                                calm [|calm_fast]",
        );
    }

    #[test]
    fn calm_fast_v_x() {
        check(
            1,
            "-n -v -x",
            28,
            "0011223344556655443322111111070963616c6d2d7061796c6f6164",
            "CALM FAST src:66:55:44:33:22:11; SrcNwref:7; DstNwref:9; \n\t0x0000:  6361 6c6d 2d70 6179 6c6f 6164            calm-payload\n\t0x0000:  0709 6361 6c6d 2d70 6179 6c6f 6164",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                                      et in proptest::sample::select(vec![0x8947u16, 0x0707, 0x1111]),
                                      v in 0u8..3, cut in 0usize..140) {
            crate::test_pkt::print_all(&crate::test_pkt::ether(et, &body), v, None, cut);
        }
    }
}
