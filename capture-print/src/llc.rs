//! 802.2 LLC and SNAP, as tcpdump's print-llc.c: the dispatch by SAP and by SNAP OUI/PID.
use super::ether::{self, ETHERTYPES};
use super::{Nd, ascii, tok};

/// 802.2 LLC. SNAP with an Ethernet OUI carries an ethertype, which is decoded; other SAPs
/// are only named, and their payload dumped. Returns the LLC/SNAP header length.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    nd.proto = "llc";
    if p.len() < 3 {
        nd.trunc();
        return 0;
    }
    let (dsap, ssap, ctl) = (p[0], p[1], p[2]);
    if dsap == 0xaa && ssap == 0xaa && ctl == 0x03 {
        if nd.opts.link_header {
            nd.s("LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: ");
        }
        nd.proto = "snap";
        if p.len() < 8 {
            nd.trunc();
            return 3;
        }
        let oui = u32::from_be_bytes([0, p[3], p[4], p[5]]);
        let et = u16::from_be_bytes([p[6], p[7]]);
        if oui == 0 {
            if nd.opts.link_header {
                nd.f(format_args!(
                    "oui Ethernet (0x000000), ethertype {} (0x{et:04x}), length {}: ",
                    tok(ETHERTYPES, et as u32).unwrap_or("Unknown"),
                    length.saturating_sub(8)
                ));
            }
            if !ether::ethertype_print(nd, et, &p[8..], length.saturating_sub(8)) {
                ascii::default_print(nd, &p[8..]);
            }
            return 8;
        }
        nd.f(format_args!(
            "SNAP, oui Unknown (0x{oui:06x}), pid Unknown (0x{et:04x}), length {length}: "
        ));
        ascii::default_print(nd, &p[8..]);
        return 8;
    }
    if dsap == 0xff && ssap == 0xff {
        // Novell 802.3 (raw IPX).
        nd.s("IPX 802.3: ");
        ascii::default_print(nd, p);
        return 0;
    }
    nd.f(format_args!(
        "LLC, dsap Unknown (0x{:02x}) {}, ssap Unknown (0x{:02x}) {}, ctrl 0x{ctl:02x}: ",
        dsap & 0xfe,
        if dsap & 1 != 0 { "Group" } else { "Individual" },
        ssap & 0xfe,
        if ssap & 1 != 0 { "Response" } else { "Command" },
    ));
    ascii::default_print(nd, p);
    0
}
