//! 802.2 LLC and SNAP, as tcpdump's print-llc.c: the SAP names, U/I/S frames with XID, and
//! the dispatch by SAP (STP, IP, IPX, OSI) and by SNAP OUI and PID (ethertypes, Cisco's
//! protocols, RFC 2684 bridged frames).
use super::ether::{self, ETHERTYPES, LlAddrs};
use super::oui::{self, OUI_VALUES};
use super::util::Tok;
use super::{Nd, Res, ascii, ip};

const LLCSAP_GLOBAL: u8 = 0xff;
const LLCSAP_IP: u8 = 0x06;
const LLCSAP_8021D: u8 = 0x42;
const LLCSAP_SNAP: u8 = 0xaa;
const LLCSAP_IPX: u8 = 0xe0;
const LLCSAP_ISONS: u8 = 0xfe;

/// The group bit of the DSAP, the response bit of the SSAP.
const LLC_IG: u8 = 1;
const LLC_GSAP: u8 = 1;
/// The low bits of a U frame's control field.
const LLC_U_FMT: u16 = 3;
/// The low bit of an S frame's control field (clear in I frames).
const LLC_S_FMT: u16 = 1;
const LLC_U_POLL: u16 = 0x10;
const LLC_IS_POLL: u16 = 0x0100;
const LLC_UI: u16 = 0x03;
const LLC_XID: u16 = 0xaf;
/// The format identifier of an 802.2 XID information field.
const LLC_XID_FI: u8 = 0x81;

/// tcpdump's `llc_values`.
const LLC_VALUES: &Tok = &[
    (0x00, "Null"),
    (0xff, "Global"),
    (0x02, "802.1B I"),
    (0x03, "802.1B G"),
    (0x06, "IP"),
    (0x04, "SNA"),
    (0x0e, "ProWay NM"),
    (0x42, "STP"),
    (0x4e, "RS511"),
    (0x7e, "ISO8208"),
    (0x8e, "ProWay"),
    (0xaa, "SNAP"),
    (0xe0, "IPX"),
    (0xf0, "NetBeui"),
    (0xfe, "OSI"),
];

const LLC_CMD_VALUES: &Tok = &[
    (0x03, "ui"),
    (0xe3, "test"),
    (0xaf, "xid"),
    (0x63, "ua"),
    (0x43, "disc"),
    (0x0f, "dm"),
    (0x6f, "sabme"),
    (0x87, "frmr"),
];

const LLC_FLAG_VALUES: &Tok = &[
    (0, "Command"),
    (1, "Response"),
    (0x10, "Poll"),
    (0x11, "Final"),
    (0x0100, "Poll"),
    (0x0101, "Final"),
];

const LLC_IG_FLAG_VALUES: &Tok = &[(0, "Individual"), (1, "Group")];

const LLC_SUPERVISORY_VALUES: &Tok = &[
    (0, "Receiver Ready"),
    (1, "Receiver not Ready"),
    (2, "Reject"),
];

/// Cisco's SNAP PIDs.
const PID_CISCO_CDP: u16 = 0x2000;
const PID_CISCO_VTP: u16 = 0x2003;
const PID_CISCO_DTP: u16 = 0x2004;
const PID_CISCO_UDLD: u16 = 0x0111;
const PID_CISCO_PVST: u16 = 0x010b;
const PID_CISCO_VLANBRIDGE: u16 = 0x010c;

const CISCO_VALUES: &Tok = &[
    (0x2000, "CDP"),
    (0x2003, "VTP"),
    (0x2004, "DTP"),
    (0x0111, "UDLD"),
    (0x010b, "PVST"),
    (0x010c, "VLAN Bridge"),
];

/// RFC 2684 bridged-frame PIDs.
const PID_RFC2684_ETH_FCS: u16 = 0x0001;
const PID_RFC2684_ETH_NOFCS: u16 = 0x0007;
const PID_RFC2684_802_5_FCS: u16 = 0x0003;
const PID_RFC2684_802_5_NOFCS: u16 = 0x0009;
const PID_RFC2684_FDDI_FCS: u16 = 0x0004;
const PID_RFC2684_FDDI_NOFCS: u16 = 0x000a;
const PID_RFC2684_BPDU: u16 = 0x000e;

const BRIDGED_VALUES: &Tok = &[
    (0x0001, "Ethernet + FCS"),
    (0x0007, "Ethernet w/o FCS"),
    (0x0002, "802.4 + FCS"),
    (0x0008, "802.4 w/o FCS"),
    (0x0003, "Token Ring + FCS"),
    (0x0009, "Token Ring w/o FCS"),
    (0x0004, "FDDI + FCS"),
    (0x000a, "FDDI w/o FCS"),
    (0x0005, "802.6 + FCS"),
    (0x000b, "802.6 w/o FCS"),
    (0x000e, "BPDU"),
];

/// The names of the PIDs under an OUI (tcpdump's `oui_to_struct_tok`).
fn pid_values(oui: u32) -> &'static Tok {
    match oui {
        oui::ENCAP_ETHER | oui::CISCO_90 | oui::APPLETALK => ETHERTYPES,
        oui::CISCO => CISCO_VALUES,
        oui::RFC2684 => BRIDGED_VALUES,
        _ => &[],
    }
}

/// tcpdump's `llc_print`: an 802.2 LLC frame of `length` bytes on the wire. Returns the length
/// of the LLC (and SNAP) header and whether the payload was printed: when it was not (unknown
/// SAPs or OUI/PID), the caller dumps the frame's raw bytes.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: usize,
    addrs: Option<&LlAddrs<'_>>,
) -> Res<(usize, bool)> {
    nd.proto = "llc";
    let caplen = p.len();
    if caplen < 3 || length < 3 {
        nd.trunc();
        raw(nd, p);
        return Ok((caplen.min(length), true));
    }
    let dsap_field = p[0];
    let ssap_field = p[1];
    let mut control = u16::from(p[2]);
    let is_u = control & LLC_U_FMT == LLC_U_FMT;
    let hdrlen = if is_u {
        3
    } else {
        // I and S frames have a two-byte, little-endian control field.
        if caplen < 4 || length < 4 {
            nd.trunc();
            raw(nd, p);
            return Ok((caplen.min(length), true));
        }
        control = u16::from_le_bytes([p[2], p[3]]);
        4
    };

    if ssap_field == LLCSAP_GLOBAL && dsap_field == LLCSAP_GLOBAL {
        // Novell's "Ethernet_802.3": raw IPX right after the 802.3 header, whose first two
        // bytes (its checksum, always 0xffff) look like these SAPs.
        if nd.opts.link_header {
            nd.s("IPX 802.3: ");
        }
        super::ipx::print(nd, p, length)?;
        return Ok((0, true));
    }

    let dsap = dsap_field & !LLC_IG;
    let ssap = ssap_field & !LLC_GSAP;
    if nd.opts.link_header {
        nd.s("LLC, dsap ");
        nd.tok2str(LLC_VALUES, "Unknown", dsap.into());
        nd.f(format_args!(" (0x{dsap:02x}) "));
        nd.tok2str(LLC_IG_FLAG_VALUES, "Unknown", (dsap_field & LLC_IG).into());
        nd.s(", ssap ");
        nd.tok2str(LLC_VALUES, "Unknown", ssap.into());
        nd.f(format_args!(" (0x{ssap:02x}) "));
        nd.tok2str(LLC_FLAG_VALUES, "Unknown", (ssap_field & LLC_GSAP).into());
        if is_u {
            nd.f(format_args!(", ctrl 0x{control:02x}: "));
        } else {
            nd.f(format_args!(", ctrl 0x{control:04x}: "));
        }
    }

    let p = &p[hdrlen..];
    let length = length - hdrlen;
    let ui = control == LLC_UI;
    match (dsap, ssap) {
        (LLCSAP_SNAP, LLCSAP_SNAP) if ui => {
            let printed = snap_print(nd, p, length, addrs, 2)?;
            return Ok((hdrlen + 5, printed));
        }
        (LLCSAP_8021D, LLCSAP_8021D) if ui => {
            super::stp::print(nd, p, length)?;
            return Ok((hdrlen, true));
        }
        (LLCSAP_IP, LLCSAP_IP) if ui => {
            // RFC 948: IP over 802.3 with the IP SAP.
            ip::print(nd, p, length)?;
            return Ok((hdrlen, true));
        }
        (LLCSAP_IPX, LLCSAP_IPX) if ui => {
            if nd.opts.link_header {
                nd.s("IPX 802.2: ");
            }
            super::ipx::print(nd, p, length)?;
            return Ok((hdrlen, true));
        }
        (LLCSAP_ISONS, LLCSAP_ISONS) if ui => {
            super::isoclns::print(nd, p, length)?;
            return Ok((hdrlen, true));
        }
        _ => {}
    }

    if !nd.opts.link_header {
        if ssap == dsap {
            if let Some(a) = addrs {
                a.print_pair(nd);
                nd.s(" ");
            }
            nd.tok2str(LLC_VALUES, "Unknown DSAP 0x%02x", dsap.into());
            nd.s(" ");
        } else {
            if let Some(a) = addrs {
                (a.print)(nd, a.src);
                nd.s(" ");
            }
            nd.tok2str(LLC_VALUES, "Unknown SSAP 0x%02x", ssap.into());
            nd.s(" > ");
            if let Some(a) = addrs {
                (a.print)(nd, a.dst);
                nd.s(" ");
            }
            nd.tok2str(LLC_VALUES, "Unknown DSAP 0x%02x", dsap.into());
            nd.s(" ");
        }
    }

    let flags = u32::from(ssap_field & LLC_GSAP);
    if is_u {
        nd.s("Unnumbered, ");
        nd.tok2str(LLC_CMD_VALUES, "%02x", u32::from(control & 0xef));
        nd.s(", Flags [");
        nd.tok2str(
            LLC_FLAG_VALUES,
            "?",
            flags | u32::from(control & LLC_U_POLL),
        );
        nd.f(format_args!("], length {}", length + hdrlen));
        if control & !LLC_U_POLL == LLC_XID {
            if length == 0 {
                // An XID with no information field (an SNA "short form" XID, say).
                return Ok((hdrlen, true));
            }
            if p.is_empty() {
                nd.trunc();
                return Ok((hdrlen, true));
            }
            if p[0] == LLC_XID_FI {
                if p.len() < 3 || length < 3 {
                    nd.trunc();
                    raw(nd, p);
                } else {
                    nd.f(format_args!(": {:02x} {:02x}", p[1], p[2]));
                }
                return Ok((hdrlen, true));
            }
        }
    } else if control & LLC_S_FMT == LLC_S_FMT {
        nd.s("Supervisory, ");
        nd.tok2str(LLC_SUPERVISORY_VALUES, "?", u32::from((control >> 2) & 3));
        nd.f(format_args!(", rcv seq {}, Flags [", (control >> 9) & 0x7f));
        nd.tok2str(
            LLC_FLAG_VALUES,
            "?",
            flags | u32::from(control & LLC_IS_POLL),
        );
        nd.f(format_args!("], length {}", length + hdrlen));
        return Ok((hdrlen, true));
    } else {
        nd.f(format_args!(
            "Information, send seq {}, rcv seq {}, Flags [",
            (control >> 1) & 0x7f,
            (control >> 9) & 0x7f
        ));
        nd.tok2str(
            LLC_FLAG_VALUES,
            "?",
            flags | u32::from(control & LLC_IS_POLL),
        );
        nd.f(format_args!("], length {}", length + hdrlen));
    }
    Ok((hdrlen, false))
}

/// The raw bytes of a short header: dumped even with `-q` or `-x`, as tcpdump does here.
fn raw(nd: &mut Nd<'_>, p: &[u8]) {
    ascii::hex_and_ascii(nd.o, "\n\t", p);
}

/// An LLC frame, its raw bytes dumped when its payload is not known; a truncation prints the
/// mark. Returns the LLC (and SNAP) header's length. For link layers that carry 802.2 frames.
pub(crate) fn print_or_dump(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: usize,
    addrs: Option<&LlAddrs<'_>>,
) -> usize {
    match print(nd, p, length, addrs) {
        Ok((hdrlen, true)) => hdrlen,
        Ok((hdrlen, false)) => {
            ascii::default_print(nd, p);
            hdrlen
        }
        Err(_) => {
            nd.trunc_top();
            0
        }
    }
}

/// tcpdump's `snap_print`: the SNAP header (OUI and PID) and what it carries, with
/// `bridge_pad` bytes of padding before a bridged frame. Returns whether the payload was
/// printed; when not, the caller dumps the raw bytes.
pub(crate) fn snap_print(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: usize,
    addrs: Option<&LlAddrs<'_>>,
    bridge_pad: usize,
) -> Res<bool> {
    nd.proto = "snap";
    if p.len() < 5 || length < 5 {
        nd.trunc();
        return Ok(true);
    }
    let orgcode = super::be24(p, 0)?;
    let et = super::be16(p, 3)?;
    if nd.opts.link_header {
        nd.s("oui ");
        nd.tok2str(OUI_VALUES, "Unknown", orgcode);
        nd.f(format_args!(
            " (0x{orgcode:06x}), {} ",
            if orgcode == 0 { "ethertype" } else { "pid" }
        ));
        nd.tok2str(pid_values(orgcode), "Unknown", et.into());
        nd.f(format_args!(" (0x{et:04x}), length {}: ", length - 5));
    }
    let p = &p[5..];
    let length = length - 5;
    match orgcode {
        // Apple uses its own OUI for DDP (and the Ethernet one for AARP).
        oui::ENCAP_ETHER | oui::CISCO_90 | oui::APPLETALK
            if (orgcode != oui::APPLETALK || et == ether::ETHERTYPE_ATALK)
                && ether::ethertype_print(nd, et, p, length, addrs) =>
        {
            return Ok(true);
        }
        oui::CISCO => {
            let r = match et {
                PID_CISCO_CDP => Some(super::cdp::print(nd, p, length)),
                PID_CISCO_DTP => Some(super::dtp::print(nd, p, length)),
                PID_CISCO_UDLD => Some(super::udld::print(nd, p, length)),
                PID_CISCO_VTP => Some(super::vtp::print(nd, p, length)),
                PID_CISCO_PVST | PID_CISCO_VLANBRIDGE => Some(super::stp::print(nd, p, length)),
                _ => None,
            };
            if let Some(r) = r {
                r?;
                return Ok(true);
            }
        }
        oui::RFC2684 => match et {
            PID_RFC2684_ETH_FCS | PID_RFC2684_ETH_NOFCS => {
                if !super::has(p, 0, bridge_pad) {
                    nd.trunc();
                    return Ok(true);
                }
                let frame = &p[bridge_pad..];
                ether::print(nd, frame, length.saturating_sub(bridge_pad) as u32);
                return Ok(true);
            }
            PID_RFC2684_802_5_FCS | PID_RFC2684_802_5_NOFCS => {
                // The padding, but not the access control field.
                if !super::has(p, 0, bridge_pad) {
                    nd.trunc();
                    return Ok(true);
                }
                super::token::print(nd, &p[bridge_pad..], length.saturating_sub(bridge_pad));
                return Ok(true);
            }
            PID_RFC2684_FDDI_FCS | PID_RFC2684_FDDI_NOFCS => {
                if !super::has(p, 0, bridge_pad + 1) {
                    nd.trunc();
                    return Ok(true);
                }
                let frame = &p[bridge_pad + 1..];
                super::fddi::print(nd, frame, length.saturating_sub(bridge_pad + 1));
                return Ok(true);
            }
            PID_RFC2684_BPDU => {
                super::stp::print(nd, p, length)?;
                return Ok(true);
            }
            _ => {}
        },
        _ => {}
    }
    if !nd.opts.link_header {
        if let Some(a) = addrs {
            a.print_pair(nd);
            nd.s(" ");
        }
        if orgcode == 0 {
            nd.s("SNAP, ethertype ");
            nd.tok2str(ETHERTYPES, "Unknown", et.into());
            nd.f(format_args!(" (0x{et:04x}), length {length}: "));
        } else {
            nd.s("SNAP, oui ");
            nd.tok2str(OUI_VALUES, "Unknown", orgcode);
            nd.f(format_args!(" (0x{orgcode:06x}), pid "));
            nd.tok2str(pid_values(orgcode), "Unknown", et.into());
            nd.f(format_args!(" (0x{et:04x}), length {length}: "));
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use crate::{Options, tests::print_one};

    fn frame(llc: &[u8]) -> Vec<u8> {
        let mut f = vec![0x01, 0x80, 0xc2, 0, 0, 0, 0, 1, 2, 3, 4, 5];
        f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
        f.extend_from_slice(llc);
        f
    }

    fn opts(e: bool) -> Options {
        Options {
            timestamp: 1,
            numeric: 1,
            link_header: e,
            ..Default::default()
        }
    }

    #[test]
    fn unknown_sap_u_frame() {
        let s = print_one(opts(false), 1, &frame(&[0x80, 0x80, 0xe3]));
        assert_eq!(
            s,
            "00:01:02:03:04:05 > 01:80:c2:00:00:00 Unknown DSAP 0x80 Unnumbered, test, Flags [Command], length 3\
             \n\t0x0000:  8080 e3                                  ...\n"
        );
    }

    #[test]
    fn xid_with_e() {
        let s = print_one(opts(true), 1, &frame(&[0x00, 0x01, 0xaf, 0x81, 0x01, 0x00]));
        assert_eq!(
            s,
            "00:01:02:03:04:05 > 01:80:c2:00:00:00, 802.3, length 6: LLC, dsap Null (0x00) Individual, \
             ssap Null (0x00) Response, ctrl 0xaf: Unnumbered, xid, Flags [Response], length 6: 01 00\n"
        );
    }

    #[test]
    fn supervisory_frame() {
        let s = print_one(opts(false), 1, &frame(&[0x04, 0x06, 0x01, 0x05]));
        assert_eq!(
            s,
            "00:01:02:03:04:05 IP > 01:80:c2:00:00:00 SNA Supervisory, Receiver Ready, rcv seq 2, \
             Flags [Poll], length 4\n"
        );
    }
}
