//! IEEE 802.11 frames and the radio headers in front of them (radiotap, AVS, Prism), as
//! tcpdump's print-802_11.c.
use super::ether::LlAddrs;
use super::{Nd, Res, has, le16, le32, llc, sl, u8at};

const T_MGMT: u16 = 0;
const T_CTRL: u16 = 1;
const T_DATA: u16 = 2;

const FC_TO_DS: u16 = 0x0100;
const FC_FROM_DS: u16 = 0x0200;
const FC_MORE_FLAG: u16 = 0x0400;
const FC_RETRY: u16 = 0x0800;
const FC_POWER_MGMT: u16 = 0x1000;
const FC_MORE_DATA: u16 = 0x2000;
const FC_PROTECTED: u16 = 0x4000;
const FC_ORDER: u16 = 0x8000;

const CTRL_CONTROL_WRAPPER: u16 = 0x7;
const CTRL_BAR: u16 = 0x8;
const CTRL_BA: u16 = 0x9;
const CTRL_PS_POLL: u16 = 0xa;
const CTRL_RTS: u16 = 0xb;
const CTRL_CTS: u16 = 0xc;
const CTRL_ACK: u16 = 0xd;
const CTRL_CF_END: u16 = 0xe;
const CTRL_END_ACK: u16 = 0xf;

/// The bits of a data frame's subtype.
const DATA_CF_ACK: u16 = 0x1;
const DATA_CF_POLL: u16 = 0x2;
const DATA_NULL: u16 = 0x4;
const DATA_QOS: u16 = 0x8;

/// The management header: frame control, duration, DA, SA, BSSID, sequence control.
const MGMT_HDRLEN: usize = 24;

fn fc_type(fc: u16) -> u16 {
    (fc >> 2) & 3
}

fn fc_subtype(fc: u16) -> u16 {
    (fc >> 4) & 0xf
}

const ST_STR: &[(u32, &str)] = &[
    (0x0, "Assoc Request"),
    (0x1, "Assoc Response"),
    (0x2, "ReAssoc Request"),
    (0x3, "ReAssoc Response"),
    (0x4, "Probe Request"),
    (0x5, "Probe Response"),
    (0x8, "Beacon"),
    (0x9, "ATIM"),
    (0xa, "Disassociation"),
    (0xb, "Authentication"),
    (0xc, "DeAuthentication"),
    (0xd, "Action"),
];

const CTRL_STR: &[(u32, &str)] = &[
    (0x7, "Control Wrapper"),
    (0x8, "BAR"),
    (0x9, "BA"),
    (0xa, "Power Save-Poll"),
    (0xb, "Request-To-Send"),
    (0xc, "Clear-To-Send"),
    (0xd, "Acknowledgment"),
    (0xe, "CF-End"),
    (0xf, "CF-End+CF-Ack"),
];

const AUTH_ALG_TEXT: &[&str] = &["Open System", "Shared Key", "EAP"];

/// tcpdump's `status_text`.
const STATUS_TEXT: &[&str] = &[
    "Successful",
    "Unspecified failure",
    "TDLS wakeup schedule rejected but alternative schedule provided",
    "TDLS wakeup schedule rejected",
    "Reserved",
    "Security disabled",
    "Unacceptable lifetime",
    "Not in same BSS",
    "Reserved",
    "Reserved",
    "Cannot Support all requested capabilities in the Capability Information field",
    "Reassociation denied due to inability to confirm that association exists",
    "Association denied due to reason outside the scope of this standard",
    "Responding STA does not support the specified authentication algorithm",
    "Received an Authentication frame with authentication transaction sequence number out of expected sequence",
    "Authentication rejected because of challenge failure",
    "Authentication rejected due to timeout waiting for next frame in sequence",
    "Association denied because AP is unable to handle additional associated STAs",
    "Association denied due to requesting STA not supporting all of the data rates in the BSSBasicRateSet parameter, the Basic HT-MCS Set field of the HT Operation parameter, or the Basic VHT-MCS and NSS Set field in the VHT Operation parameter",
    "Association denied due to requesting STA not supporting the short preamble option",
    "Reserved",
    "Reserved",
    "Association request rejected because Spectrum Management capability is required",
    "Association request rejected because the information in the Power Capability element is unacceptable",
    "Association request rejected because the information in the Supported Channels element is unacceptable",
    "Association denied due to requesting STA not supporting the Short Slot Time option",
    "Reserved",
    "Association denied because the requested STA does not support HT features",
    "R0KH unreachable",
    "Association denied because the requesting STA does not support the phased coexistence operation (PCO) transition time required by the AP",
    "Association request rejected temporarily; try again later",
    "Robust management frame policy violation",
    "Unspecified, QoS-related failure",
    "Association denied because QoS AP or PCP has insufficient bandwidth to handle another QoS STA",
    "Association denied due to excessive frame loss rates and/or poor conditions on current operating channel",
    "Association (with QoS BSS) denied because the requesting STA does not support the QoS facility",
    "Reserved",
    "The request has been declined",
    "The request has not been successful as one or more parameters have invalid values",
    "The allocation or TS has not been created because the request cannot be honored; however, a suggested TSPEC/DMG TSPEC is provided so that the initiating STA can attempt to set another allocation or TS with the suggested changes to the TSPEC/DMG TSPEC",
    "Invalid element, i.e., an element defined in this standard for which the content does not meet the specifications in Clause 9",
    "Invalid group cipher",
    "Invalid pairwise cipher",
    "Invalid AKMP",
    "Unsupported RSNE version",
    "Invalid RSNE capabilities",
    "Cipher suite rejected because of security policy",
    "The TS or allocation has not been created; however, the HC or PCP might be capable of creating a TS or allocation, in response to a request, after the time indicated in the TS Delay element",
    "Direct Link is not allowed in the BSS by policy",
    "The Destination STA is not present within this BSS",
    "The Destination STA is not a QoS STA",
    "Association denied because the listen interval is too large",
    "Invalid FT Action frame count",
    "Invalid pairwise master key identifier (PMKID)",
    "Invalid MDE",
    "Invalid FTE",
    "Requested TCLAS processing is not supported by the AP or PCP",
    "The AP or PCP has insufficient TCLAS processing resources to satisfy the request",
    "The TS has not been created because the request cannot be honored; however, the HC or PCP suggests that the STA transition to a different BSS to set up the TS",
    "GAS Advertisement Protocol not supported",
    "No outstanding GAS request",
    "GAS Response not received from the Advertisement Server",
    "STA timed out waiting for GAS Query Response",
    "LARGE GAS Response is larger than query response length limit",
    "Request refused because home network does not support request",
    "Advertisement Server in the network is not currently reachable",
    "Reserved",
    "Request refused due to permissions received via SSPN interface",
    "Request refused because the AP or PCP does not support unauthenticated access",
    "Reserved",
    "Reserved",
    "Reserved",
    "Invalid contents of RSNE",
    "U-APSD coexistence is not supported",
    "Requested U-APSD coexistence mode is not supported",
    "Requested Interval/Duration value cannot be supported with U-APSD coexistence",
    "Authentication is rejected because an Anti-Clogging Token is required",
    "Authentication is rejected because the offered finite cyclic group is not supported",
    "The TBTT adjustment request has not been successful because the STA could not find an alternative TBTT",
    "Transmission failure",
    "Requested TCLAS Not Supported",
    "TCLAS Resources Exhausted",
    "Rejected with Suggested BSS transition",
    "Reject with recommended schedule",
    "Reject because no wakeup schedule specified",
    "Success, the destination STA is in power save mode",
    "FST pending, in process of admitting FST session",
    "Performing FST now",
    "FST pending, gap(s) in block ack window",
    "Reject because of U-PID setting",
    "Reserved",
    "Reserved",
    "(Re)Association refused for some external reason",
    "(Re)Association refused because of memory limits at the AP",
    "(Re)Association refused because emergency services are not supported at the AP",
    "GAS query response not yet received",
    "Reject since the request is for transition to a frequency band subject to DSE procedures and FST Initiator is a dependent STA",
    "Requested TCLAS processing has been terminated by the AP",
    "The TS schedule conflicts with an existing schedule; an alternative schedule is provided",
    "The association has been denied; however, one or more Multi-band elements are included that can be used by the receiving STA to join the BSS",
    "The request failed due to a reservation conflict",
    "The request failed due to exceeded MAF limit",
    "The request failed due to exceeded MCCA track limit",
    "Association denied because the information in theSpectrum Management field is unacceptable",
    "Association denied because the requesting STA does not support VHT features",
    "Enablement denied",
    "Enablement denied due to restriction from an authorized GDB",
    "Authorization deenabled",
];
/// tcpdump's `reason_text`.
const REASON_TEXT: &[&str] = &[
    "Reserved",
    "Unspecified reason",
    "Previous authentication no longer valid",
    "Deauthenticated because sending STA is leaving (or has left) IBSS or ESS",
    "Disassociated due to inactivity",
    "Disassociated because AP is unable to handle all currently  associated STAs",
    "Class 2 frame received from nonauthenticated STA",
    "Class 3 frame received from nonassociated STA",
    "Disassociated because sending STA is leaving (or has left) BSS",
    "STA requesting (re)association is not authenticated with responding STA",
    "Disassociated because the information in the Power Capability element is unacceptable",
    "Disassociated because the information in the Supported Channels element is unacceptable",
    "Disassociated due to BSS transition management",
    "Invalid element, i.e., an element defined in this standard for which the content does not meet the specifications in Clause 9",
    "Message integrity code (MIC) failure",
    "4-Way Handshake timeout",
    "Group key handshake timeout",
    "Information element in 4-Way Handshake different from (Re)AssociationRequest/Probe Response/Beacon frame",
    "Invalid group cipher",
    "Invalid pairwise cipher",
    "Invalid AKMP",
    "Unsupported RSNE version",
    "Invalid RSNE capabilities",
    "IEEE 802.1X authentication failed",
    "Cipher suite rejected because of the security policy",
    "TDLS direct-link teardown due to TDLS peer STA unreachable via the TDLS direct link",
    "TDLS direct-link teardown for unspecified reason",
    "Disassociated because session terminated by SSP request",
    "Disassociated because of lack of SSP roaming agreement",
    "Requested service rejected because of SSP cipher suite or AKM requirement",
    "Requested service not authorized in this location",
    "TS deleted because QoS AP lacks sufficient bandwidth for this QoS STA due to a change in BSS service characteristics or operational mode (e.g. an HT BSS change from 40 MHz channel to 20 MHz channel)",
    "Disassociated for unspecified, QoS-related reason",
    "Disassociated because QoS AP lacks sufficient bandwidth for this QoS STA",
    "Disassociated because of excessive number of frames that need to be acknowledged, but are not acknowledged due to AP transmissions and/or poor channel conditions",
    "Disassociated because STA is transmitting outside the limits of its TXOPs",
    "Requested from peer STA as the STA is leaving the BSS (or resetting)",
    "Requested from peer STA as it does not want to use the mechanism",
    "Requested from peer STA as the STA received frames using the mechanism for which a set up is required",
    "Requested from peer STA due to time out",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Peer STA does not support the requested cipher suite",
    "In a DLS Teardown frame: The teardown was initiated by the DLS peer. In a Disassociation frame: Disassociated because authorized access limit reached",
    "In a DLS Teardown frame: The teardown was initiated by the AP. In a Disassociation frame: Disassociated due to external service requirements",
    "Invalid FT Action frame count",
    "Invalid pairwise master key identifier (PMKID)",
    "Invalid MDE",
    "Invalid FTE",
    "Mesh peering canceled for unknown reasons",
    "The mesh STA has reached the supported maximum number of peer mesh STAs",
    "The received information violates the Mesh Configuration policy configured in the mesh STA profile",
    "The mesh STA has received a Mesh Peering Close frame requesting to close the mesh peering",
    "The mesh STA has resent dot11MeshMaxRetries Mesh Peering Open frames, without receiving a Mesh Peering Confirm frame",
    "The confirmTimer for the mesh peering instance times out",
    "The mesh STA fails to unwrap the GTK or the values in the wrapped contents do not match",
    "The mesh STA receives inconsistent information about the mesh parameters between mesh peering Management frames",
    "The mesh STA fails the authenticated mesh peering exchange because due to failure in selecting either the pairwise ciphersuite or group ciphersuite",
    "The mesh STA does not have proxy information for this external destination",
    "The mesh STA does not have forwarding information for this destination",
    "The mesh STA determines that the link to the next hop of an active path in its forwarding information is no longer usable",
    "The Deauthentication frame was sent because the MAC address of the STA already exists in the mesh BSS",
    "The mesh STA performs channel switch to meet regulatory requirements",
    "The mesh STA performs channel switching with unspecified reason",
];
/// tcpdump's `ieee80211_float_htrates` in tenths of Mb/s: [MCS][40 MHz][short GI].
const HT_RATES: [[[u16; 2]; 2]; 77] = [
    [[65, 72], [135, 150]],
    [[130, 144], [270, 300]],
    [[195, 217], [405, 450]],
    [[260, 289], [540, 600]],
    [[390, 433], [810, 900]],
    [[520, 578], [1080, 1200]],
    [[585, 650], [1215, 1350]],
    [[650, 722], [1350, 1500]],
    [[130, 144], [270, 300]],
    [[260, 289], [540, 600]],
    [[390, 433], [810, 900]],
    [[520, 578], [1080, 1200]],
    [[780, 867], [1620, 1800]],
    [[1040, 1156], [2160, 2400]],
    [[1170, 1300], [2430, 2700]],
    [[1300, 1444], [2700, 3000]],
    [[195, 217], [405, 450]],
    [[390, 433], [810, 900]],
    [[585, 650], [1215, 1350]],
    [[780, 867], [1620, 1800]],
    [[1170, 1300], [2430, 2700]],
    [[1560, 1733], [3240, 3600]],
    [[1755, 1950], [3645, 4050]],
    [[1950, 2167], [4050, 4500]],
    [[260, 289], [540, 600]],
    [[520, 578], [1080, 1200]],
    [[780, 867], [1620, 1800]],
    [[1040, 1156], [2160, 2400]],
    [[1560, 1733], [3240, 3600]],
    [[2080, 2311], [4320, 4800]],
    [[2340, 2600], [4860, 5400]],
    [[2600, 2889], [5400, 6000]],
    [[0, 0], [60, 67]],
    [[390, 433], [810, 900]],
    [[520, 578], [1080, 1200]],
    [[650, 722], [1350, 1500]],
    [[585, 650], [1215, 1350]],
    [[780, 867], [1620, 1800]],
    [[975, 1083], [2025, 2250]],
    [[520, 578], [1080, 1200]],
    [[650, 722], [1350, 1500]],
    [[650, 722], [1350, 1500]],
    [[780, 867], [1620, 1800]],
    [[910, 1011], [1890, 2100]],
    [[910, 1011], [1890, 2100]],
    [[1040, 1156], [2160, 2400]],
    [[780, 867], [1620, 1800]],
    [[975, 1083], [2025, 2250]],
    [[975, 1083], [2025, 2250]],
    [[1170, 1300], [2430, 2700]],
    [[1365, 1517], [2835, 3150]],
    [[1365, 1517], [2835, 3150]],
    [[1560, 1733], [3240, 3600]],
    [[650, 722], [1350, 1500]],
    [[780, 867], [1620, 1800]],
    [[910, 1011], [1890, 2100]],
    [[780, 867], [1620, 1800]],
    [[910, 1011], [1890, 2100]],
    [[1040, 1156], [2160, 2400]],
    [[1170, 1300], [2430, 2700]],
    [[1040, 1156], [2160, 2400]],
    [[1170, 1300], [2430, 2700]],
    [[1300, 1444], [2700, 3000]],
    [[1300, 1444], [2700, 3000]],
    [[1430, 1589], [2970, 3300]],
    [[975, 1083], [2025, 2250]],
    [[1170, 1300], [2430, 2700]],
    [[1365, 1517], [2835, 3150]],
    [[1170, 1300], [2430, 2700]],
    [[1365, 1517], [2835, 3150]],
    [[1560, 1733], [3240, 3600]],
    [[1755, 1950], [3645, 4050]],
    [[1560, 1733], [3240, 3600]],
    [[1755, 1950], [3645, 4050]],
    [[1950, 2167], [4050, 4500]],
    [[1950, 2167], [4050, 4500]],
    [[2145, 2383], [4455, 4950]],
];

fn status_text(code: u16) -> &'static str {
    STATUS_TEXT.get(code as usize).copied().unwrap_or("n/a")
}

fn reason_text(code: u16) -> &'static str {
    REASON_TEXT
        .get(code as usize)
        .copied()
        .unwrap_or("Reserved")
}

/// DLT_IEEE802_11: a bare 802.11 frame.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    print(nd, p, length, false, 0)
}

/// DLT_IEEE802_11_RADIO: a radiotap header, then the frame.
pub(crate) fn radio_if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    radio_print(nd, p, length)
}

/// DLT_IEEE802_11_RADIO_AVS: an AVS header, then the frame.
pub(crate) fn avs_if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    avs_print(nd, p, length)
}

const WLANCAP_MAGIC_COOKIE_V1: u32 = 0x8021_1001;
const WLANCAP_MAGIC_COOKIE_V2: u32 = 0x8021_1002;
const PRISM_HDR_LEN: usize = 144;

/// DLT_PRISM_HEADER: a 144-byte Prism header (not decoded), or an AVS header (Linux uses the
/// same ARPHRD for both, told apart by the first word), then the frame.
pub(crate) fn prism_if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "prism";
    if p.len() < 4 {
        nd.trunc();
        return Ok(p.len());
    }
    let msgcode = super::be32(p, 0)?;
    if msgcode == WLANCAP_MAGIC_COOKIE_V1 || msgcode == WLANCAP_MAGIC_COOKIE_V2 {
        return avs_print(nd, p, length);
    }
    if p.len() < PRISM_HDR_LEN {
        nd.trunc();
        return Ok(p.len());
    }
    let body = print(
        nd,
        &p[PRISM_HDR_LEN..],
        length.saturating_sub(PRISM_HDR_LEN),
        false,
        0,
    )?;
    Ok(PRISM_HDR_LEN + body)
}

fn avs_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "802.11_radio_avs";
    if p.len() < 8 {
        nd.trunc();
        return Ok(p.len());
    }
    let hdrlen = super::be32(p, 4)? as usize;
    if hdrlen < 8 || p.len() < hdrlen {
        nd.trunc();
        return Ok(p.len());
    }
    let body = print(nd, &p[hdrlen..], length.saturating_sub(hdrlen), false, 0)?;
    Ok(hdrlen + body)
}

/// tcpdump's `ieee802_11_print`: the frame in `p` (the captured bytes), `length` bytes on the
/// wire; `pad` says the body is aligned to 32 bits after the header (Atheros), `fcslen` how
/// many bytes of FCS end the frame. Returns the header length.
fn print(nd: &mut Nd<'_>, p: &[u8], length: usize, pad: bool, fcslen: usize) -> Res<usize> {
    nd.proto = "802.11";
    let orig_caplen = p.len();
    if length < fcslen {
        nd.trunc();
        return Ok(orig_caplen);
    }
    let length = length - fcslen;
    // The FCS is not part of what the printers below may read.
    let p = &p[..orig_caplen.min(length)];
    if p.len() < 2 {
        nd.trunc();
        return Ok(orig_caplen);
    }
    let fc = le16(p, 0)?;
    let mut hdrlen = header_length(nd, fc);
    if hdrlen == 0 {
        return Ok(0);
    }
    if pad {
        hdrlen = (hdrlen + 3) & !3;
    }
    let mut meshdrlen = 0;
    if nd.opts.mesh_header && fc_type(fc) == T_DATA && fc_subtype(fc) & DATA_QOS != 0 {
        let Ok(flags) = u8at(p, hdrlen) else {
            nd.trunc();
            return Ok(hdrlen);
        };
        if flags & !3 == 0 {
            meshdrlen = 6 * (1 + usize::from(flags & 3));
        }
        hdrlen += meshdrlen;
    }
    if p.len() < hdrlen {
        nd.trunc();
        return Ok(hdrlen);
    }
    if nd.opts.link_header {
        hdr_print(nd, fc, p, hdrlen, meshdrlen)?;
    }
    let length = length - hdrlen;
    let body = &p[hdrlen..];
    match fc_type(fc) {
        T_MGMT => {
            let src = sl(p, 10, 6)?;
            if !mgmt_body_print(nd, fc, src, body, length)? {
                nd.trunc();
            }
        }
        T_CTRL => ctrl_body_print(nd, fc, p)?,
        T_DATA => {
            if fc_subtype(fc) & DATA_NULL != 0 {
                return Ok(hdrlen);
            }
            if fc & FC_PROTECTED != 0 {
                nd.s("Data");
                if !wep_print(nd, body)? {
                    nd.trunc();
                }
            } else {
                let (src, dst) = data_src_dst(fc, p)?;
                let addrs = LlAddrs {
                    src,
                    dst,
                    print: |nd, a| nd.mac(a),
                };
                hdrlen += llc::print_or_dump(nd, body, length, Some(&addrs));
            }
        }
        _ => {}
    }
    Ok(hdrlen)
}

/// A data frame's source and destination addresses, by its To DS and From DS bits.
fn data_src_dst(fc: u16, p: &[u8]) -> Res<(&[u8], &[u8])> {
    let (src, dst) = match (fc & FC_TO_DS != 0, fc & FC_FROM_DS != 0) {
        (false, false) => (10, 4),
        (false, true) => (16, 4),
        (true, false) => (10, 16),
        (true, true) => (24, 16),
    };
    Ok((sl(p, src, 6)?, sl(p, dst, 6)?))
}

/// The MAC header's length by frame type, or 0 (after saying why) for a type not handled.
fn header_length(nd: &mut Nd<'_>, fc: u16) -> usize {
    match fc_type(fc) {
        T_MGMT => MGMT_HDRLEN,
        T_CTRL => match fc_subtype(fc) {
            CTRL_CONTROL_WRAPPER => 16,
            CTRL_BAR => 20,
            CTRL_BA | CTRL_CTS | CTRL_ACK => 10,
            CTRL_PS_POLL | CTRL_RTS | CTRL_CF_END | CTRL_END_ACK => 16,
            st => {
                nd.f(format_args!("unknown 802.11 ctrl frame subtype ({st})"));
                0
            }
        },
        T_DATA => {
            let four_addr = fc & FC_TO_DS != 0 && fc & FC_FROM_DS != 0;
            let len = if four_addr { 30 } else { 24 };
            if fc_subtype(fc) & DATA_QOS != 0 {
                len + 2
            } else {
                len
            }
        }
        t => {
            nd.f(format_args!("unknown 802.11 frame type ({t})"));
            0
        }
    }
}

/// Appends a MAC address read at `off`.
fn mac_at(nd: &mut Nd<'_>, p: &[u8], off: usize) -> Res {
    let a = sl(p, off, 6)?;
    nd.mac(a);
    Ok(())
}

/// `-e`: the MAC header (flags and duration with `-v`, the mesh control field, addresses).
fn hdr_print(nd: &mut Nd<'_>, fc: u16, p: &[u8], hdrlen: usize, meshdrlen: usize) -> Res {
    if nd.opts.verbose > 0 {
        for (bit, name) in [
            (FC_MORE_DATA, "More Data "),
            (FC_MORE_FLAG, "More Fragments "),
            (FC_POWER_MGMT, "Pwr Mgmt "),
            (FC_RETRY, "Retry "),
            (FC_ORDER, "Strictly Ordered "),
            (FC_PROTECTED, "Protected "),
        ] {
            if fc & bit != 0 {
                nd.s(name);
            }
        }
        if fc_type(fc) != T_CTRL || fc_subtype(fc) != CTRL_PS_POLL {
            let dur = le16(p, 2)?;
            nd.f(format_args!("{dur}us "));
        }
    }
    if meshdrlen != 0 {
        let mc = hdrlen - meshdrlen;
        let ae = u8at(p, mc)? & 3;
        let ttl = u8at(p, mc + 1)?;
        let seq = le32(p, mc + 2)?;
        nd.f(format_args!("MeshData (AE {ae} TTL {ttl} seq {seq}"));
        for (i, name) in [" A4:", " A5:", " A6:"].into_iter().enumerate() {
            if usize::from(ae) > i {
                nd.s(name);
                mac_at(nd, p, mc + 6 + 6 * i)?;
            }
        }
        nd.s(") ");
    }
    match fc_type(fc) {
        T_MGMT => {
            nd.s("BSSID:");
            mac_at(nd, p, 16)?;
            nd.s(" DA:");
            mac_at(nd, p, 4)?;
            nd.s(" SA:");
            mac_at(nd, p, 10)?;
            nd.s(" ");
        }
        T_CTRL => ctrl_header_print(nd, fc, p)?,
        T_DATA => data_header_print(nd, fc, p)?,
        _ => {}
    }
    Ok(())
}

/// Prints `names[i]` and the address at `offs[i]` for each, then a space.
fn addrs(nd: &mut Nd<'_>, p: &[u8], fields: &[(&str, usize)]) -> Res {
    for (i, &(name, off)) in fields.iter().enumerate() {
        if i > 0 {
            nd.s(" ");
        }
        nd.s(name);
        mac_at(nd, p, off)?;
    }
    nd.s(" ");
    Ok(())
}

fn ctrl_header_print(nd: &mut Nd<'_>, fc: u16, p: &[u8]) -> Res {
    match fc_subtype(fc) {
        CTRL_BAR => bar_fields(nd, p),
        CTRL_BA | CTRL_CTS | CTRL_ACK => addrs(nd, p, &[("RA:", 4)]),
        CTRL_PS_POLL => addrs(nd, p, &[("BSSID:", 4), ("TA:", 10)]),
        CTRL_RTS => addrs(nd, p, &[("RA:", 4), ("TA:", 10)]),
        CTRL_CF_END | CTRL_END_ACK => addrs(nd, p, &[("RA:", 4), ("BSSID:", 10)]),
        _ => Ok(()),
    }
}

/// A Block Ack Request's addresses, control and sequence.
fn bar_fields(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.s(" ");
    addrs(nd, p, &[("RA:", 4), ("TA:", 10)])?;
    let ctl = le16(p, 16)?;
    let seq = le16(p, 18)?;
    nd.f(format_args!("CTL({ctl:x}) SEQ({seq}) "));
    Ok(())
}

fn data_header_print(nd: &mut Nd<'_>, fc: u16, p: &[u8]) -> Res {
    let st = fc_subtype(fc);
    if st & (DATA_CF_ACK | DATA_CF_POLL | DATA_QOS) != 0 {
        nd.s("CF ");
        match (st & DATA_CF_ACK != 0, st & DATA_CF_POLL != 0) {
            (true, true) => nd.s("Ack/Poll"),
            (true, false) => nd.s("Ack"),
            (false, true) => nd.s("Poll"),
            (false, false) => {}
        }
        if st & DATA_QOS != 0 {
            nd.s("+QoS");
        }
        nd.s(" ");
    }
    let fields: &[(&str, usize)] = match (fc & FC_TO_DS != 0, fc & FC_FROM_DS != 0) {
        (false, false) => &[("DA:", 4), ("SA:", 10), ("BSSID:", 16)],
        (false, true) => &[("DA:", 4), ("BSSID:", 10), ("SA:", 16)],
        (true, false) => &[("BSSID:", 4), ("SA:", 10), ("DA:", 16)],
        (true, true) => &[("RA:", 4), ("TA:", 10), ("DA:", 16), ("SA:", 24)],
    };
    addrs(nd, p, fields)
}

/// A control frame's name and, without `-e`, its addresses. `p` is the whole frame (whose
/// header was captured).
fn ctrl_body_print(nd: &mut Nd<'_>, fc: u16, p: &[u8]) -> Res {
    let st = fc_subtype(fc);
    nd.tok2str(CTRL_STR, "Unknown Ctrl Subtype", u32::from(st));
    let e = nd.opts.link_header;
    match st {
        CTRL_BAR if !e => bar_fields(nd, p)?,
        CTRL_BA | CTRL_CTS | CTRL_ACK | CTRL_CF_END | CTRL_END_ACK if !e => {
            nd.s(" ");
            addrs(nd, p, &[("RA:", 4)])?;
        }
        CTRL_RTS if !e => {
            nd.s(" ");
            addrs(nd, p, &[("TA:", 10)])?;
        }
        CTRL_PS_POLL => {
            let aid = le16(p, 2)?;
            nd.f(format_args!(" AID({aid:x})"));
        }
        _ => {}
    }
    Ok(())
}

/// The WEP/TKIP/CCMP initialisation vector of a protected frame; false if truncated.
fn wep_print(nd: &mut Nd<'_>, p: &[u8]) -> Res<bool> {
    if !has(p, 0, 4) {
        return Ok(false);
    }
    let iv = le32(p, 0)?;
    nd.f(format_args!(
        " IV:{:3x} Pad {:x} KeyID {:x}",
        iv & 0xff_ffff,
        (iv >> 24) & 0x3f,
        (iv >> 30) & 3
    ));
    Ok(true)
}

/// The elements tcpdump reports from a management frame body: the first SSID, the first
/// non-empty rates and the first DS parameter set.
#[derive(Default)]
struct Elements<'a> {
    ssid: Option<&'a [u8]>,
    rates: Option<&'a [u8]>,
    ds_channel: Option<u8>,
}

const E_SSID: u8 = 0;
const E_RATES: u8 = 1;
const E_DS: u8 = 3;
const E_TIM: u8 = 5;
const E_CHALLENGE: u8 = 16;

/// tcpdump's `parse_elements`: walks the elements of `p` from `off`, `length` bytes on the
/// wire. False when an element is cut short or longer than tcpdump's buffer for it (what
/// was found before is kept).
fn parse_elements<'a>(
    el: &mut Elements<'a>,
    p: &'a [u8],
    mut off: usize,
    mut length: usize,
) -> bool {
    while length != 0 {
        if !has(p, off, 2) || length < 2 {
            return false;
        }
        let elen = usize::from(p[off + 1]);
        if !has(p, off + 2, elen) || length < elen + 2 {
            return false;
        }
        let body = &p[off + 2..off + 2 + elen];
        match p[off] {
            E_SSID => {
                if elen > 32 {
                    return false;
                }
                el.ssid.get_or_insert(body);
            }
            E_CHALLENGE if elen > 253 => return false,
            E_RATES => {
                if elen > 16 {
                    return false;
                }
                if el.rates.is_none() && elen != 0 {
                    el.rates = Some(body);
                }
            }
            E_DS if elen == 1 => {
                el.ds_channel.get_or_insert(body[0]);
            }
            E_TIM if elen > 3 && elen - 3 > 251 => return false,
            _ => {}
        }
        off += 2 + elen;
        length -= 2 + elen;
    }
    true
}

impl Elements<'_> {
    fn print_ssid(&self, nd: &mut Nd<'_>) {
        if let Some(ssid) = self.ssid {
            nd.s(" (");
            for &c in ssid.iter().take_while(|&&c| c != 0) {
                nd.print_char(c);
            }
            nd.s(")");
        }
    }

    fn print_rates(&self, nd: &mut Nd<'_>) {
        if let Some(rates) = self.rates {
            let mut sep = " [";
            for &r in rates {
                nd.s(sep);
                rate(nd, r & 0x7f);
                if r & 0x80 != 0 {
                    nd.s("*");
                }
                sep = " ";
            }
            nd.s(" Mbit]");
        }
    }

    fn print_ds_channel(&self, nd: &mut Nd<'_>, capability: u16) {
        if let Some(ch) = self.ds_channel {
            nd.f(format_args!(" CH: {ch}"));
        }
        if capability & CAPABILITY_PRIVACY != 0 {
            nd.s(", PRIVACY");
        }
    }
}

/// A rate in units of 500 kb/s, as tcpdump's `%2.1f` of half of it.
fn rate(nd: &mut Nd<'_>, r: u8) {
    nd.f(format_args!("{}.{}", r / 2, if r % 2 == 1 { 5 } else { 0 }));
}

const CAPABILITY_ESS: u16 = 0x0001;
const CAPABILITY_PRIVACY: u16 = 0x0010;

/// A management frame's name and body; false when the body was cut short.
fn mgmt_body_print(nd: &mut Nd<'_>, fc: u16, src: &[u8], p: &[u8], length: usize) -> Res<bool> {
    let st = fc_subtype(fc);
    nd.tok2str(ST_STR, "Unhandled Management subtype(%x)", u32::from(st));
    if fc & FC_PROTECTED != 0 {
        return wep_print(nd, p);
    }
    let fixed = |n: usize| has(p, 0, n) && length >= n;
    let mut el = Elements::default();
    Ok(match st {
        // Assoc Request
        0x0 => {
            if !fixed(4) {
                return Ok(false);
            }
            let ret = parse_elements(&mut el, p, 4, length - 4);
            el.print_ssid(nd);
            el.print_rates(nd);
            ret
        }
        // Assoc and ReAssoc Response
        0x1 | 0x3 => {
            if !fixed(6) {
                return Ok(false);
            }
            let capability = le16(p, 0)?;
            let status = le16(p, 2)?;
            let aid = le16(p, 4)?;
            let ret = parse_elements(&mut el, p, 6, length - 6);
            nd.f(format_args!(
                " AID({:x}) :{}: {}",
                aid & 0x3fff,
                if capability & CAPABILITY_PRIVACY != 0 {
                    " PRIVACY "
                } else {
                    ""
                },
                status_text(status)
            ));
            ret
        }
        // ReAssoc Request
        0x2 => {
            if !fixed(10) {
                return Ok(false);
            }
            let ret = parse_elements(&mut el, p, 10, length - 10);
            el.print_ssid(nd);
            nd.s(" AP : ");
            mac_at(nd, p, 4)?;
            ret
        }
        // Probe Request
        0x4 => {
            let ret = parse_elements(&mut el, p, 0, length);
            el.print_ssid(nd);
            el.print_rates(nd);
            ret
        }
        // Probe Response and Beacon
        0x5 | 0x8 => {
            if !fixed(12) {
                return Ok(false);
            }
            let capability = le16(p, 10)?;
            let ret = parse_elements(&mut el, p, 12, length - 12);
            el.print_ssid(nd);
            el.print_rates(nd);
            if st == 0x8 {
                nd.s(if capability & CAPABILITY_ESS != 0 {
                    " ESS"
                } else {
                    " IBSS"
                });
            }
            el.print_ds_channel(nd, capability);
            ret
        }
        // ATIM: no body
        0x9 => true,
        // Disassociation
        0xa => {
            if !fixed(2) {
                return Ok(false);
            }
            let reason = le16(p, 0)?;
            nd.s(": ");
            nd.s(reason_text(reason));
            true
        }
        // Authentication
        0xb => {
            if !fixed(6) {
                return Ok(false);
            }
            let alg = le16(p, 0)?;
            let seq = le16(p, 2)?;
            let status = le16(p, 4)?;
            let ret = parse_elements(&mut el, p, 6, length - 6);
            let alg_name = AUTH_ALG_TEXT
                .get(usize::from(alg))
                .copied()
                .unwrap_or("Reserved");
            let status = if seq % 2 == 1 {
                status_text(status)
            } else {
                ""
            };
            if alg == 1 && (seq == 2 || seq == 3) {
                nd.f(format_args!(
                    " ({alg_name})-{seq:x} [Challenge Text] {status}"
                ));
            } else {
                nd.f(format_args!(" ({alg_name})-{seq:x}: {status}"));
            }
            ret
        }
        // DeAuthentication
        0xc => {
            if !fixed(2) {
                return Ok(false);
            }
            let reason = reason_text(le16(p, 0)?);
            if nd.opts.link_header {
                nd.s(": ");
            } else {
                nd.s(" (");
                nd.mac(src);
                nd.s("): ");
            }
            nd.s(reason);
            true
        }
        // Action
        0xd => {
            if !fixed(2) {
                return Ok(false);
            }
            if nd.opts.link_header {
                nd.s(": ");
            } else {
                nd.s(" (");
                nd.mac(src);
                nd.s("): ");
            }
            action(nd, p[0], p[1]);
            true
        }
        _ => true,
    })
}

/// An action frame's category and action.
fn action(nd: &mut Nd<'_>, category: u8, act: u8) {
    let names: &[&str] = match category {
        0 => return nd.f(format_args!("Spectrum Management Act#{act}")),
        1 => return nd.f(format_args!("QoS Act#{act}")),
        2 => return nd.f(format_args!("DLS Act#{act}")),
        3 => {
            nd.s("BA ");
            &["ADDBA Request", "ADDBA Response", "DELBA"]
        }
        7 => {
            nd.s("HT ");
            &["TxChWidth", "MIMOPwrSave"]
        }
        13 => {
            nd.s("MeshAction ");
            &[
                "MeshLink",
                "HWMP",
                "Gate Announcement",
                "Congestion Control",
                "MCCA Setup Request",
                "MCCA Setup Reply",
                "MCCA Advertisement Request",
                "MCCA Advertisement",
                "MCCA Teardown",
                "TBTT Adjustment Request",
                "TBTT Adjustment Response",
            ]
        }
        14 => {
            nd.s("MultiohopAction ");
            &["Proxy Update", "Proxy Update Confirmation"]
        }
        15 => {
            nd.s("SelfprotectAction ");
            // Self-protected actions are numbered from 1.
            &[
                "",
                "Peering Open",
                "Peering Confirm",
                "Peering Close",
                "Group Key Inform",
                "Group Key Acknowledge",
            ]
        }
        127 => return nd.f(format_args!("Vendor Act#{act}")),
        _ => return nd.f(format_args!("Reserved({category}) Act#{act}")),
    };
    match names.get(usize::from(act)) {
        Some(name) if !name.is_empty() => nd.s(name),
        _ => nd.f(format_args!("Act#{act}")),
    }
}

// ---- radiotap ----

const RADIOTAP_TSFT: u32 = 0;
const RADIOTAP_FLAGS: u32 = 1;
const RADIOTAP_RATE: u32 = 2;
const RADIOTAP_CHANNEL: u32 = 3;
const RADIOTAP_FHSS: u32 = 4;
const RADIOTAP_DBM_ANTSIGNAL: u32 = 5;
const RADIOTAP_DBM_ANTNOISE: u32 = 6;
const RADIOTAP_LOCK_QUALITY: u32 = 7;
const RADIOTAP_TX_ATTENUATION: u32 = 8;
const RADIOTAP_DB_TX_ATTENUATION: u32 = 9;
const RADIOTAP_DBM_TX_POWER: u32 = 10;
const RADIOTAP_ANTENNA: u32 = 11;
const RADIOTAP_DB_ANTSIGNAL: u32 = 12;
const RADIOTAP_DB_ANTNOISE: u32 = 13;
const RADIOTAP_RX_FLAGS: u32 = 14;
const RADIOTAP_XCHANNEL: u32 = 18;
const RADIOTAP_MCS: u32 = 19;
const RADIOTAP_AMPDU_STATUS: u32 = 20;
const RADIOTAP_VHT: u32 = 21;
const RADIOTAP_NAMESPACE: u32 = 29;
const RADIOTAP_VENDOR_NAMESPACE: u32 = 30;
const RADIOTAP_EXT: u32 = 31;

const RADIOTAP_F_CFP: u8 = 0x01;
const RADIOTAP_F_SHORTPRE: u8 = 0x02;
const RADIOTAP_F_WEP: u8 = 0x04;
const RADIOTAP_F_FRAG: u8 = 0x08;
const RADIOTAP_F_FCS: u8 = 0x10;
const RADIOTAP_F_DATAPAD: u8 = 0x20;
const RADIOTAP_F_BADFCS: u8 = 0x40;

const CHAN_TURBO: u32 = 0x00010;
const CHAN_CCK: u32 = 0x00020;
const CHAN_OFDM: u32 = 0x00040;
const CHAN_2GHZ: u32 = 0x00080;
const CHAN_5GHZ: u32 = 0x00100;
const CHAN_DYN: u32 = 0x00400;
const CHAN_GFSK: u32 = 0x00800;
const CHAN_HALF: u32 = 0x04000;
const CHAN_QUARTER: u32 = 0x08000;
const CHAN_HT20: u32 = 0x10000;
const CHAN_HT40U: u32 = 0x20000;
const CHAN_HT40D: u32 = 0x40000;

/// tcpdump's cpack: reads little-endian fields of the radiotap header, each aligned to its
/// size from the header's start, never past the header's length.
struct Cpack<'a> {
    buf: &'a [u8],
    next: usize,
}

impl Cpack<'_> {
    /// Where an aligned `size`-byte field would start, if it fits.
    fn align(&self, size: usize) -> Option<usize> {
        let at = self.next.next_multiple_of(size);
        (at + size <= self.buf.len()).then_some(at)
    }

    fn advance(&mut self, n: usize) -> bool {
        if self.next + n > self.buf.len() {
            return false;
        }
        self.next += n;
        true
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let at = self.align(N)?;
        self.next = at + N;
        self.buf[at..at + N].try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        let b = *self.buf.get(self.next)?;
        self.next += 1;
        Some(b)
    }

    fn i8(&mut self) -> Option<i8> {
        self.u8().map(|b| b as i8)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take().map(u16::from_le_bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }
}

/// tcpdump's `ieee802_11_radio_print`: a radiotap header, then the frame. Returns the length
/// of both headers.
pub(crate) fn radio_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "802.11_radio";
    let caplen = p.len();
    if caplen < 8 {
        nd.trunc();
        return Ok(caplen);
    }
    let len = usize::from(le16(p, 2)?);
    if len < 8 || caplen < len {
        nd.trunc();
        return Ok(caplen);
    }
    let hdr = &p[..len];
    let mut cp = Cpack { buf: hdr, next: 8 };
    // The presence words: each with bit 31 set is followed by another.
    let mut last = 4;
    while last + 4 <= len && le32(hdr, last)? & (1 << RADIOTAP_EXT) != 0 {
        cp.advance(4);
        last += 4;
    }
    if last + 4 > len {
        nd.trunc();
        return Ok(caplen);
    }
    let mut bit0 = 0u32;
    let mut vendor_namespace = false;
    let mut skip_length = 0usize;
    let mut flags = 0u8;
    for word in (4..=last).step_by(4) {
        let present = le32(hdr, word)?;
        if vendor_namespace {
            // Vendor namespaces are not decoded: their fields are skipped.
            if !cp.advance(skip_length) {
                break;
            }
            skip_length = 0;
        } else if radiotap_namespace(nd, &mut cp, &mut flags, present, bit0).is_err() {
            break;
        }
        const NS: u32 = 1 << RADIOTAP_NAMESPACE;
        const VNS: u32 = 1 << RADIOTAP_VENDOR_NAMESPACE;
        match present & (NS | VNS) {
            0 => bit0 += 32,
            NS => {
                bit0 = 0;
                vendor_namespace = false;
                skip_length = 0;
            }
            VNS => {
                bit0 = 0;
                vendor_namespace = true;
                // tcpdump checks for room for an aligned 16-bit word, then reads the OUI and
                // sub-namespace from where it is, unaligned.
                let header = cp.align(2).and_then(|_| {
                    for _ in 0..4 {
                        cp.u8()?;
                    }
                    cp.u16()
                });
                match header {
                    Some(n) => skip_length = usize::from(n),
                    None => nd.trunc(),
                }
            }
            _ => {}
        }
    }
    let pad = flags & RADIOTAP_F_DATAPAD != 0;
    let fcslen = if flags & RADIOTAP_F_FCS != 0 { 4 } else { 0 };
    let body = print(nd, &p[len..], length.saturating_sub(len), pad, fcslen)?;
    Ok(len + body)
}

/// The fields of one presence word of the radiotap namespace, lowest bit first. An error
/// stops the header: a field cut short or one whose size is unknown.
fn radiotap_namespace(
    nd: &mut Nd<'_>,
    cp: &mut Cpack<'_>,
    flags: &mut u8,
    present: u32,
    bit0: u32,
) -> Result<(), ()> {
    let mut rest = present;
    while rest != 0 {
        let bitno = rest.trailing_zeros();
        rest &= rest - 1;
        if bitno >= RADIOTAP_NAMESPACE {
            break;
        }
        match radiotap_field(nd, cp, bit0 + bitno, flags, present) {
            Some(true) => {}
            Some(false) => return Err(()),
            None => {
                nd.trunc();
                return Err(());
            }
        }
    }
    Ok(())
}

/// One radiotap field: `Some(true)` printed, `Some(false)` a field of unknown size (its bit
/// number printed), `None` cut short.
fn radiotap_field(
    nd: &mut Nd<'_>,
    cp: &mut Cpack<'_>,
    bit: u32,
    flagsp: &mut u8,
    present: u32,
) -> Option<bool> {
    match bit {
        RADIOTAP_TSFT => {
            let tsft = cp.u64()?;
            nd.f(format_args!("{tsft}us tsft "));
        }
        RADIOTAP_FLAGS => {
            let f = cp.u8()?;
            *flagsp = f;
            for (b, name) in [
                (RADIOTAP_F_CFP, "cfp "),
                (RADIOTAP_F_SHORTPRE, "short preamble "),
                (RADIOTAP_F_WEP, "wep "),
                (RADIOTAP_F_FRAG, "fragmented "),
                (RADIOTAP_F_BADFCS, "bad-fcs "),
            ] {
                if f & b != 0 {
                    nd.s(name);
                }
            }
        }
        RADIOTAP_RATE => {
            let r = cp.u8()?;
            // 0x80..0x8f is taken as an MCS index (FreeBSD), anything else as a rate.
            if (0x80..=0x8f).contains(&r) {
                nd.f(format_args!("MCS {} ", r & 0x7f));
            } else {
                rate(nd, r);
                nd.s(" Mb/s ");
            }
        }
        RADIOTAP_CHANNEL => {
            let freq = cp.u16()?;
            let cflags = cp.u16()?;
            // XChannel, when present, says it better.
            if present & (1 << RADIOTAP_XCHANNEL) == 0 {
                chaninfo(nd, freq, u32::from(cflags), present);
            }
        }
        RADIOTAP_FHSS => {
            let hopset = cp.u8()?;
            let hoppat = cp.u8()?;
            nd.f(format_args!("fhset {hopset} fhpat {hoppat} "));
        }
        RADIOTAP_DBM_ANTSIGNAL => {
            let v = cp.i8()?;
            nd.f(format_args!("{v}dBm signal "));
        }
        RADIOTAP_DBM_ANTNOISE => {
            let v = cp.i8()?;
            nd.f(format_args!("{v}dBm noise "));
        }
        RADIOTAP_LOCK_QUALITY => {
            let v = cp.u16()?;
            nd.f(format_args!("{v} sq "));
        }
        RADIOTAP_TX_ATTENUATION => {
            let v = cp.u16()? as i16;
            nd.f(format_args!("{} tx power ", -i32::from(v)));
        }
        RADIOTAP_DB_TX_ATTENUATION => {
            let v = cp.i8()?;
            nd.f(format_args!("{}dB tx attenuation ", -i32::from(v)));
        }
        RADIOTAP_DBM_TX_POWER => {
            let v = cp.i8()?;
            nd.f(format_args!("{v}dBm tx power "));
        }
        RADIOTAP_ANTENNA => {
            let v = cp.u8()?;
            nd.f(format_args!("antenna {v} "));
        }
        RADIOTAP_DB_ANTSIGNAL => {
            let v = cp.u8()?;
            nd.f(format_args!("{v}dB signal "));
        }
        RADIOTAP_DB_ANTNOISE => {
            let v = cp.u8()?;
            nd.f(format_args!("{v}dB noise "));
        }
        RADIOTAP_RX_FLAGS => {
            cp.u16()?;
        }
        RADIOTAP_XCHANNEL => {
            let cflags = cp.u32()?;
            let freq = cp.u16()?;
            cp.u8()?;
            cp.u8()?;
            chaninfo(nd, freq, cflags, present);
        }
        RADIOTAP_MCS => {
            let known = cp.u8()?;
            let f = cp.u8()?;
            let mcs = cp.u8()?;
            mcs_print(nd, known, f, mcs);
        }
        RADIOTAP_AMPDU_STATUS => {
            cp.u32()?;
            cp.u16()?;
            cp.u8()?;
            cp.u8()?;
        }
        RADIOTAP_VHT => {
            let known = cp.u16()?;
            let f = cp.u8()?;
            let bandwidth = cp.u8()?;
            let mut mcs_nss = [0u8; 4];
            for m in &mut mcs_nss {
                *m = cp.u8()?;
            }
            let coding = cp.u8()?;
            cp.u8()?;
            cp.u16()?;
            vht_print(nd, known, f, bandwidth, mcs_nss, coding);
        }
        _ => {
            nd.f(format_args!("[bit {bit}] "));
            return Some(false);
        }
    }
    Some(true)
}

/// tcpdump's `print_chaninfo`: frequency and PHY.
fn chaninfo(nd: &mut Nd<'_>, freq: u16, flags: u32, present: u32) {
    let is = |mask: u32| flags & mask == mask;
    nd.f(format_args!("{freq} MHz"));
    if present & (1 << RADIOTAP_MCS) != 0 {
        // An MCS field means 11n, whatever the channel flags say.
        nd.s(" 11n");
    } else {
        if is(CHAN_2GHZ | CHAN_GFSK) {
            nd.s(" FHSS");
        }
        if is(CHAN_5GHZ | CHAN_OFDM) {
            nd.s(half_quarter(flags, " 11a/10Mhz", " 11a/5Mhz", " 11a"));
        }
        if is(CHAN_2GHZ | CHAN_OFDM) || is(CHAN_2GHZ | CHAN_DYN) {
            nd.s(half_quarter(flags, " 11g/10Mhz", " 11g/5Mhz", " 11g"));
        } else if is(CHAN_2GHZ | CHAN_CCK) {
            nd.s(" 11b");
        }
        if flags & CHAN_TURBO != 0 {
            nd.s(" Turbo");
        }
    }
    if flags & CHAN_HT20 != 0 {
        nd.s(" ht/20");
    } else if flags & CHAN_HT40D != 0 {
        nd.s(" ht/40-");
    } else if flags & CHAN_HT40U != 0 {
        nd.s(" ht/40+");
    }
    nd.s(" ");
}

fn half_quarter(
    flags: u32,
    half: &'static str,
    quarter: &'static str,
    full: &'static str,
) -> &'static str {
    if flags & CHAN_HALF != 0 {
        half
    } else if flags & CHAN_QUARTER != 0 {
        quarter
    } else {
        full
    }
}

const MCS_BANDWIDTH_KNOWN: u8 = 0x01;
const MCS_MCS_INDEX_KNOWN: u8 = 0x02;
const MCS_GUARD_INTERVAL_KNOWN: u8 = 0x04;
const MCS_HT_FORMAT_KNOWN: u8 = 0x08;
const MCS_FEC_TYPE_KNOWN: u8 = 0x10;
const MCS_STBC_KNOWN: u8 = 0x20;
const MCS_BANDWIDTH_MASK: u8 = 0x03;
const MCS_SHORT_GI: u8 = 0x04;
const MCS_HT_GREENFIELD: u8 = 0x08;
const MCS_FEC_LDPC: u8 = 0x10;

/// The radiotap MCS field: rate, bandwidth, guard interval, format, FEC and STBC.
fn mcs_print(nd: &mut Nd<'_>, known: u8, flags: u8, mcs: u8) {
    const HT_BANDWIDTH: [&str; 4] = ["20 MHz", "40 MHz", "20 MHz (L)", "20 MHz (U)"];
    if known & MCS_MCS_INDEX_KNOWN != 0 {
        // The rate needs the bandwidth or the guard interval (tcpdump asks for either).
        let tenths = HT_RATES
            .get(usize::from(mcs))
            .filter(|_| known & (MCS_BANDWIDTH_KNOWN | MCS_GUARD_INTERVAL_KNOWN) != 0)
            .map(|r| {
                let wide = usize::from(flags & MCS_BANDWIDTH_MASK == 1);
                let short = usize::from(flags & MCS_SHORT_GI != 0);
                r[wide][short]
            })
            .unwrap_or(0);
        if tenths != 0 {
            nd.f(format_args!(
                "{}.{} Mb/s MCS {mcs} ",
                tenths / 10,
                tenths % 10
            ));
        } else {
            nd.f(format_args!("MCS {mcs} "));
        }
    }
    if known & MCS_BANDWIDTH_KNOWN != 0 {
        nd.s(HT_BANDWIDTH[usize::from(flags & MCS_BANDWIDTH_MASK)]);
        nd.s(" ");
    }
    if known & MCS_GUARD_INTERVAL_KNOWN != 0 {
        nd.s(if flags & MCS_SHORT_GI != 0 {
            "short GI "
        } else {
            "long GI "
        });
    }
    if known & MCS_HT_FORMAT_KNOWN != 0 {
        nd.s(if flags & MCS_HT_GREENFIELD != 0 {
            "greenfield "
        } else {
            "mixed "
        });
    }
    if known & MCS_FEC_TYPE_KNOWN != 0 {
        nd.s(if flags & MCS_FEC_LDPC != 0 {
            "LDPC FEC "
        } else {
            "BCC FEC "
        });
    }
    if known & MCS_STBC_KNOWN != 0 {
        nd.f(format_args!("RX-STBC{} ", (flags & 0x60) >> 5));
    }
}

const VHT_GUARD_INTERVAL_KNOWN: u16 = 0x0004;
const VHT_BANDWIDTH_KNOWN: u16 = 0x0040;
const VHT_SHORT_GI: u8 = 0x04;

/// The radiotap VHT field: each user's MCS and FEC, bandwidth, guard interval.
fn vht_print(nd: &mut Nd<'_>, known: u16, flags: u8, bandwidth: u8, mcs_nss: [u8; 4], coding: u8) {
    const VHT_BANDWIDTH: [&str; 32] = [
        "20 MHz",
        "40 MHz",
        "20 MHz (L)",
        "20 MHz (U)",
        "80 MHz",
        "80 MHz (L)",
        "80 MHz (U)",
        "80 MHz (LL)",
        "80 MHz (LU)",
        "80 MHz (UL)",
        "80 MHz (UU)",
        "160 MHz",
        "160 MHz (L)",
        "160 MHz (U)",
        "160 MHz (LL)",
        "160 MHz (LU)",
        "160 MHz (UL)",
        "160 MHz (UU)",
        "160 MHz (LLL)",
        "160 MHz (LLU)",
        "160 MHz (LUL)",
        "160 MHz (UUU)",
        "160 MHz (ULL)",
        "160 MHz (ULU)",
        "160 MHz (UUL)",
        "160 MHz (UUU)",
        "unknown (26)",
        "unknown (27)",
        "unknown (28)",
        "unknown (29)",
        "unknown (30)",
        "unknown (31)",
    ];
    for (i, &m) in mcs_nss.iter().enumerate() {
        if m & 0x0f == 0 {
            continue;
        }
        nd.f(format_args!("User {i} MCS {} ", m >> 4));
        nd.s(if coding & (1 << i) != 0 {
            "LDPC FEC "
        } else {
            "BCC FEC "
        });
    }
    if known & VHT_BANDWIDTH_KNOWN != 0 {
        nd.s(VHT_BANDWIDTH[usize::from(bandwidth & 0x1f)]);
        nd.s(" ");
    }
    if known & VHT_GUARD_INTERVAL_KNOWN != 0 {
        nd.s(if flags & VHT_SHORT_GI != 0 {
            "short GI "
        } else {
            "long GI "
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn radiotap_probe_request() {
        check_n(
            127,
            "-v",
            "000059006f480080f70177100000000068d698000000000010026c09a000eaaa01000000000002006c09a000031b68d698000000000001000140334080aa009fff019cffaa000000000000000000000000000000000000000040000000ffffffffffff90a4dec04611ffffffffffff100000046f6d7573010802040b160c12182432043048606c0301012d1ace111bffff00000000000000000000010000000000000000000007ae1c88",
            "10016360us tsft 1.0 Mb/s 2412 MHz 11b -22dBm signal -86dBm noise antenna 1 [bit 32] Probe Request (omus) [1.0 2.0 5.5 11.0 6.0 9.0 12.0 18.0 Mbit]",
        );
    }

    #[test]
    fn control_frames() {
        check_n(
            105,
            "-e -v",
            "d40000000090a4dec0460a",
            "0us RA:00:90:a4:de:c0:46 Acknowledgment",
        );
        check_n(
            105,
            "",
            "b401000090a4dec0460a90a4dec04611",
            "Request-To-Send TA:90:a4:de:c0:46:11 ",
        );
    }

    #[test]
    fn truncated_beacon() {
        check_n(
            105,
            "-e",
            "80000000ffffffffffff90a4dec0461190a4dec04611c06f0000000000000000640011000004",
            "BSSID:90:a4:de:c0:46:11 DA:ff:ff:ff:ff:ff:ff SA:90:a4:de:c0:46:11 Beacon ESS, PRIVACY [|802.11]",
        );
    }

    #[test]
    fn protected_qos_data() {
        check_n(
            105,
            "-e",
            "88420000010203040506aabbccddeeff0a0b0c0d0e0f0000000000000001aaaa03000000080045",
            "CF +QoS DA:01:02:03:04:05:06 BSSID:aa:bb:cc:dd:ee:ff SA:0a:0b:0c:0d:0e:0f Data IV:  0 Pad 1 KeyID 0",
        );
    }
}
