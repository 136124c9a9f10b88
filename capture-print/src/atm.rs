//! ATM: RFC 1483 LLC-encapsulated frames, AAL5 PDUs by VPI/VCI (signalling, OAM cells, ILMI,
//! LANE, LLC), and OAM F4/F5 cells, as tcpdump's print-atm.c.
use super::{Nd, Res, be16, be24, be32, isoclns, lane, llc, sl, snmp, u8at};

/// The VCIs of VPI 0 with a meaning of their own.
const VCI_PPC: u16 = 0x05;
const VCI_BCC: u16 = 0x02;
const VCI_OAMF4SC: u16 = 0x03;
const VCI_OAMF4EC: u16 = 0x04;
const VCI_METAC: u16 = 0x01;
const VCI_ILMIC: u16 = 0x10;

/// An OAM cell's header without its HEC byte (as Juniper's PICs capture it).
pub(crate) const OAM_NOHEC: usize = 0;
/// An OAM cell's header with its HEC byte.
pub(crate) const OAM_HEC: usize = 1;

/// How the payload of a VC is encapsulated (tcpdump's `ATM_LANE`, `ATM_LLC`, `ATM_UNKNOWN`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Traffic {
    /// LAN emulation.
    Lane,
    /// LLC, or unknown (printed as LLC).
    Llc,
}

/// LLC_UI_HDR: a UI frame's LLC header with the same SAP on both sides.
const fn llc_ui_hdr(sap: u32) -> u32 {
    sap << 16 | sap << 8 | 0x03
}

/// DLT_ATM_RFC1483: an LLC/SNAP (or NLPID) header, or an 802.6 MAC header from the Fore driver
/// in front of one.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "atm";
    if u8at(p, 0)? == 0x03 {
        // Cisco-style NLPID.
        if nd.opts.link_header {
            nd.s("CNLPID ");
        }
        isoclns::print(nd, &p[1..], length.wrapping_sub(1))?;
        return Ok(1);
    }
    let llchdr = be24(p, 0)?;
    let mut hdrlen = 0;
    if llchdr != llc_ui_hdr(0xaa) && llchdr != llc_ui_hdr(0xfe) && llchdr != llc_ui_hdr(0x06) {
        // Taken for an 802.6 MAC header (from the Fore driver), always 20 bytes.
        if nd.opts.link_header {
            let w = |i| be32(p, i);
            let (a, b, c, d) = (w(0)?, w(4)?, w(8)?, w(12)?);
            nd.f(format_args!("{a:08x}{b:08x} {c:08x}{d:08x} "));
        }
        sl(p, 0, 20)?;
        hdrlen = 20;
    }
    Ok(hdrlen + llc_print(nd, &p[hdrlen..], length.wrapping_sub(hdrlen)))
}

/// tcpdump's `atm_llc_print`: LLC, the frame dumped when its payload is not known. Returns
/// the LLC header's length.
fn llc_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    llc::print_or_dump(nd, p, length, None)
}

const MSGTYPES: &[(u32, &str)] = &[
    (0x02, "Call_proceeding"),
    (0x07, "Connect"),
    (0x0f, "Connect_ack"),
    (0x05, "Setup"),
    (0x4d, "Release"),
    (0x5a, "Release_complete"),
    (0x46, "Restart"),
    (0x4e, "Restart_ack"),
    (0x7d, "Status"),
    (0x75, "Status_enquiry"),
    (0x80, "Add_party"),
    (0x81, "Add_party_ack"),
    (0x82, "Add_party_reject"),
    (0x83, "Drop_party"),
    (0x84, "Drop_party_ack"),
];

/// UNI 3.1 signalling: Q.2931 messages, or SSCOP with another protocol on top.
fn sig_print(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let proto = u8at(p, 0)?;
    if proto == 0x09 {
        nd.s("Q.2931");
        let msgtype = u8at(p, 5)?;
        nd.s(":");
        nd.tok2str(MSGTYPES, "msgtype#%u", u32::from(msgtype));
        let call_ref = be24(p, 2)?;
        nd.f(format_args!(" CALL_REF:0x{call_ref:06x}"));
    } else {
        nd.f(format_args!("SSCOP, proto {proto} "));
    }
    Ok(())
}

/// tcpdump's `atm_print`: an AAL5 PDU of VC `vpi`/`vci`.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    vpi: u8,
    vci: u16,
    traffic: Traffic,
    p: &[u8],
    length: usize,
) -> Res {
    nd.proto = "atm";
    if nd.opts.link_header {
        nd.f(format_args!("VPI:{vpi} VCI:{vci} "));
    }
    if vpi == 0 {
        match vci {
            VCI_PPC => return sig_print(nd, p),
            VCI_BCC => {
                nd.s("broadcast sig: ");
                return Ok(());
            }
            VCI_OAMF4SC | VCI_OAMF4EC => return oam_print(nd, p, length, OAM_HEC),
            VCI_METAC => {
                nd.s("meta: ");
                return Ok(());
            }
            VCI_ILMIC => {
                nd.s("ilmi: ");
                return snmp::print(nd, p, length);
            }
            _ => {}
        }
    }
    match traffic {
        Traffic::Lane => lane::print(nd, p, length),
        Traffic::Llc => {
            llc_print(nd, p, length);
            Ok(())
        }
    }
}

const OAM_F_VALUES: &[(u32, &str)] = &[(0x03, "OAM F4 (segment)"), (0x04, "OAM F4 (end)")];

const ATM_PTY_VALUES: &[(u32, &str)] = &[
    (0x0, "user data, uncongested, SDU 0"),
    (0x1, "user data, uncongested, SDU 1"),
    (0x2, "user data, congested, SDU 0"),
    (0x3, "user data, congested, SDU 1"),
    (0x4, "VCC OAM F5 flow segment"),
    (0x5, "VCC OAM F5 flow end-to-end"),
    (0x6, "Traffic Control and resource Mgmt"),
];

const OAM_CELLTYPE_FM: u8 = 0x1;
const OAM_CELLTYPE_PM: u8 = 0x2;
const OAM_CELLTYPE_AD: u8 = 0x8;

const OAM_CELLTYPES: &[(u32, &str)] = &[
    (0x1, "Fault Management"),
    (0x2, "Performance Management"),
    (0x8, "activate/deactivate"),
    (0xf, "System Management"),
];

const OAM_FM_FUNCTYPE_AIS: u8 = 0x0;
const OAM_FM_FUNCTYPE_RDI: u8 = 0x1;
const OAM_FM_FUNCTYPE_LOOPBACK: u8 = 0x8;

const OAM_FM_FUNCTYPES: &[(u32, &str)] = &[
    (0x0, "AIS"),
    (0x1, "RDI"),
    (0x4, "Continuity Check"),
    (0x8, "Loopback"),
];

const OAM_PM_FUNCTYPES: &[(u32, &str)] = &[
    (0x0, "Forward Monitoring"),
    (0x1, "Backward Reporting"),
    (0x2, "Monitoring and Reporting"),
];

const OAM_AD_FUNCTYPES: &[(u32, &str)] =
    &[(0x0, "Performance Monitoring"), (0x1, "Continuity Check")];

const OAM_LOOPBACK_INDICATORS: &[(u32, &str)] = &[(0x0, "Reply"), (0x1, "Request")];

/// The OAM payload: cell type and function type, 45 bytes of function-specific fields, then
/// the CRC-10.
const OAM_PAYLOAD_LEN: usize = 48;
const OAM_FUNCTION_SPECIFIC_LEN: usize = 45;
const ATM_HDR_LEN_NOHEC: usize = 4;

/// An OAM F4 or F5 cell; `hec` is the length of the HEC byte before the payload (0 or 1).
pub(crate) fn oam_print(nd: &mut Nd<'_>, p: &[u8], length: usize, hec: usize) -> Res {
    nd.proto = "oam";
    let cell_header = be32(p, hec)?;
    let types = u8at(p, ATM_HDR_LEN_NOHEC + hec)?;
    let cell_type = types >> 4;
    let func_type = types & 0x0f;
    let vpi = (cell_header >> 20) & 0xff;
    let vci = (cell_header >> 4) & 0xffff;
    let payload = (cell_header >> 1) & 0x7;
    let clp = cell_header & 1;
    nd.tok2str(OAM_F_VALUES, "OAM F5", vci);
    nd.f(format_args!(", vpi {vpi}, vci {vci}, payload [ "));
    nd.tok2str(ATM_PTY_VALUES, "Unknown", payload);
    nd.f(format_args!(" ], clp {clp}, length {length}"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    nd.s("\n\tcell-type ");
    nd.tok2str(OAM_CELLTYPES, "unknown", u32::from(cell_type));
    nd.f(format_args!(" ({cell_type})"));
    let functypes = match cell_type {
        OAM_CELLTYPE_FM => Some(OAM_FM_FUNCTYPES),
        OAM_CELLTYPE_PM => Some(OAM_PM_FUNCTYPES),
        OAM_CELLTYPE_AD => Some(OAM_AD_FUNCTYPES),
        _ => None,
    };
    match functypes {
        None => nd.f(format_args!(", func-type unknown ({func_type})")),
        Some(t) => {
            nd.s(", func-type ");
            nd.tok2str(t, "none", u32::from(func_type));
            nd.f(format_args!(" ({func_type})"));
        }
    }
    let p = &p[ATM_HDR_LEN_NOHEC + hec..];
    // The function-specific fields start after the cell and function type byte.
    let f = &p[1..];
    // tcpdump prints every other 16-bit word starting at the second byte, the last one
    // reaching one byte past the field.
    let words = |nd: &mut Nd<'_>, start: usize, n: usize| -> Res {
        for idx in (1..n).step_by(2) {
            let w = be16(f, start + idx)?;
            nd.f(format_args!("{w:04x} "));
        }
        Ok(())
    };
    if cell_type == OAM_CELLTYPE_FM {
        match func_type {
            OAM_FM_FUNCTYPE_LOOPBACK => {
                sl(f, 0, 45)?;
                nd.s("\n\tLoopback-Indicator ");
                nd.tok2str(OAM_LOOPBACK_INDICATORS, "Unknown", u32::from(f[0] & 1));
                let tag = be32(f, 1)?;
                nd.f(format_args!(", Correlation-Tag 0x{tag:08x}"));
                nd.s("\n\tLocation-ID ");
                words(nd, 5, 12)?;
                nd.s("\n\tSource-ID   ");
                words(nd, 17, 12)?;
            }
            OAM_FM_FUNCTYPE_AIS | OAM_FM_FUNCTYPE_RDI => {
                sl(f, 0, 45)?;
                nd.f(format_args!("\n\tFailure-type 0x{:02x}", f[0]));
                nd.s("\n\tLocation-ID ");
                words(nd, 1, 16)?;
            }
            _ => {}
        }
    }
    let cksum = be16(p, 1 + OAM_FUNCTION_SPECIFIC_LEN)? & 0x3ff;
    let ok = crc10(&p[..OAM_PAYLOAD_LEN]) == 0;
    nd.f(format_args!(
        "\n\tcksum 0x{cksum:03x} ({}correct)",
        if ok { "" } else { "in" }
    ));
    Ok(())
}

/// The CRC-10 table for polynomial 0x633, as tcpdump's checksum.c.
const CRC10_TABLE: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut accum = (i as u16) << 2;
        let mut j = 0;
        while j < 8 {
            accum <<= 1;
            if accum & 0x400 != 0 {
                accum ^= 0x633;
            }
            j += 1;
        }
        t[i] = accum;
        i += 1;
    }
    t
};

/// tcpdump's `verify_crc10_cksum` from 0: zero when the cell's CRC-10 is right.
fn crc10(p: &[u8]) -> u16 {
    p.iter().fold(0u16, |accum, &b| {
        ((accum << 8) & 0x3ff) ^ CRC10_TABLE[usize::from((accum >> 2) & 0xff)] ^ u16::from(b)
    })
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn sunatm_signalling() {
        check_n(
            123,
            "-e",
            "820000050902000001050010",
            "Tx: VPI:0 VCI:5 Q.2931:Setup CALL_REF:0x000001",
        );
    }

    #[test]
    fn clip_with_llc() {
        check_n(
            19,
            "-e",
            "aaaa03000000080045",
            "9: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Ethernet (0x000000), ethertype IPv4 (0x0800), length 1:  [|ip]",
        );
    }
}
