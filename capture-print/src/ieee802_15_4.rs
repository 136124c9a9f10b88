//! IEEE 802.15.4 (2015) frames: the MAC header with its addressing and PAN ID compression
//! rules, the auxiliary security header, header and payload information elements, beacons and
//! MAC commands, as tcpdump's print-802_15_4.c.
use std::borrow::Cow;

use super::util::Tok;
use super::{Nd, Res, Trunc, le16, le32, sl, tail, tok, u8at};

/// Frame types (802.15.4-2015 table 7-1).
const FTYPES: [&str; 8] = [
    "Beacon",
    "Data",
    "ACK",
    "Command",
    "Reserved",
    "Multipurpose",
    "Fragment",
    "Extended",
];

/// Header IE element IDs (table 7-7).
const H_IE_NAMES: &Tok = &[
    (0x00, "Vendor Specific Header IE"),
    (0x1a, "LE CSL IE"),
    (0x1b, "LE RIT IE"),
    (0x1c, "DSME PAN descriptor IE"),
    (0x1d, "Rendezvous Time IE"),
    (0x1e, "Time Correction IE"),
    (0x21, "Extended DSME PAN descriptor IE"),
    (0x22, "Fragment Sequence Context Description IE"),
    (0x23, "Simplified Superframe Specification IE"),
    (0x24, "Simplified GTS Specification IE"),
    (0x25, "LECIM Capabilities IE"),
    (0x26, "TRLE Descriptor IE"),
    (0x27, "RCC Capabilities IE"),
    (0x28, "RCCN Descriptor IE"),
    (0x29, "Global Time IE"),
    (0x2a, "Omnibus Header IE"),
    (0x2b, "DA IE"),
    (0x7e, "Header Termination 1 IE"),
    (0x7f, "Header Termination 2 IE"),
];

/// Payload IE group IDs (table 7-15).
const P_IE_NAMES: &Tok = &[
    (0x00, "ESDU IE"),
    (0x01, "MLME IE"),
    (0x02, "Vendor Specific Nested IE"),
    (0x03, "Multiplexed IE (802.15.9)"),
    (0x04, "Omnibus Payload Group IE"),
    (0x05, "IETF IE"),
    (0x0f, "List termination"),
];

/// Short MLME sub-IDs (table 7-16).
const P_MLME_SHORT_NAMES: &Tok = &[
    (0x00, "Reserved for long format 0x0"),
    (0x01, "Reserved for long format 0x1"),
    (0x02, "Reserved for long format 0x2"),
    (0x03, "Reserved for long format 0x3"),
    (0x04, "Reserved for long format 0x4"),
    (0x05, "Reserved for long format 0x5"),
    (0x06, "Reserved for long format 0x6"),
    (0x07, "Reserved for long format 0x7"),
    (0x08, "Reserved for long format 0x8"),
    (0x09, "Reserved for long format 0x9"),
    (0x0a, "Reserved for long format 0xa"),
    (0x0b, "Reserved for long format 0xb"),
    (0x0c, "Reserved for long format 0xc"),
    (0x0d, "Reserved for long format 0xd"),
    (0x0e, "Reserved for long format 0xe"),
    (0x0f, "Reserved for long format 0xf"),
    (0x1a, "TSCH Synchronization IE"),
    (0x1b, "TSCH Slotframe and Link IE"),
    (0x1c, "TSCH Timeslot IE"),
    (0x1d, "Hopping timing IE"),
    (0x1e, "Enhanced Beacon Filter IE"),
    (0x1f, "MAC Metrics IE"),
    (0x20, "All MAC Metrics IE"),
    (0x21, "Coexistence Specification IE"),
    (0x22, "SUN Device Capabilities IE"),
    (0x23, "SUN FSK Generic PHY IE"),
    (0x24, "Mode Switch Parameter IE"),
    (0x25, "PHY Parameter Change IE"),
    (0x26, "O-QPSK PHY Mode IE"),
    (0x27, "PCA Allocation IE"),
    (0x28, "LECIM DSSS Operating Mode IE"),
    (0x29, "LECIM FSK Operating Mode IE"),
    (0x2b, "TVWS PHY Operating Mode Description IE"),
    (0x2c, "TVWS Device Capabilities IE"),
    (0x2d, "TVWS Device Category IE"),
    (0x2e, "TVWS Device Identiication IE"),
    (0x2f, "TVWS Device Location IE"),
    (0x30, "TVWS Channel Information Query IE"),
    (0x31, "TVWS Channel Information Source IE"),
    (0x32, "CTM IE"),
    (0x33, "Timestamp IE"),
    (0x34, "Timestamp Difference IE"),
    (0x35, "TMCTP Specification IE"),
    (0x36, "RCC PHY Operating Mode IE"),
];

/// Long MLME sub-IDs (table 7-17).
const P_MLME_LONG_NAMES: &Tok = &[
    (0x08, "Vendor Specific MLME Nested IE"),
    (0x09, "Channel Hopping IE"),
];

/// MAC commands (table 7-49).
const MAC_C_NAMES: &Tok = &[
    (0x01, "Association Request command"),
    (0x02, "Association Response command"),
    (0x03, "Disassociation Notification command"),
    (0x04, "Data Request command"),
    (0x05, "PAN ID Conflict Notification command"),
    (0x06, "Orphan Notification command"),
    (0x07, "Beacon Request command"),
    (0x08, "Coordinator realignment command"),
    (0x09, "GTS request command"),
    (0x0a, "TRLE Management Request command"),
    (0x0b, "TRLE Management Response command"),
    (0x13, "DSME Association Request command"),
    (0x14, "DSME Association Response command"),
    (0x15, "DSME GTS Request command"),
    (0x16, "DSME GTS Response command"),
    (0x17, "DSME GTS Notify command"),
    (0x18, "DSME Information Request command"),
    (0x19, "DSME Information Response command"),
    (0x1a, "DSME Beacon Allocation Notification command"),
    (0x1b, "DSME Beacon Collision Notification command"),
    (0x1c, "DSME Link Report command"),
    (0x20, "RIT Data Request command"),
    (0x21, "DBS Request command"),
    (0x22, "DBS Response command"),
    (0x23, "RIT Data Response command"),
    (0x24, "Vendor Specific command"),
];

/// The name of `id` in one of the tables above, which list only the assigned values: tcpdump's
/// tables spell each other one `Reserved 0xNN`.
fn assigned(t: &Tok, id: usize) -> Cow<'static, str> {
    match tok(t, id as u32) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(format!("Reserved 0x{id:02x}")),
    }
}

/// The 802.15.4 CRC-16: CCITT polynomial 0x1021 from 0, bits reversed in and out.
fn crc16(p: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in p {
        let y = b.reverse_bits();
        let mut x = (crc >> 8) as u8 ^ y;
        x ^= x >> 4;
        let x = u16::from(x);
        crc = (crc << 8) ^ (x << 12) ^ (x << 5) ^ x;
    }
    crc.reverse_bits()
}

/// The 802.15.4 CRC-32: polynomial 0x04C11DB7 from 0, bits reversed in and out.
fn crc32(p: &[u8]) -> u32 {
    let mut crc: u32 = 0;
    for &b in p {
        let mut byte = u32::from(b).reverse_bits();
        for _ in 0..8 {
            crc = if (crc ^ byte) & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04c1_1db7
            } else {
                crc << 1
            };
            byte <<= 1;
        }
    }
    crc.reverse_bits()
}

/// The length of an address of an addressing mode, `None` for the reserved mode.
fn addr_len(mode: u16) -> Option<usize> {
    match mode {
        0 => Some(0),
        1 => None,
        2 => Some(2),
        _ => Some(8),
    }
}
/// One end of the addressing fields as tcpdump prints them: the PAN id (`-` when absent), a
/// colon, the address. `p` and `caplen` move past them; false after an error (printed, with
/// tcpdump's messages, which name the destination for both ends).
fn pan_and_addr(
    nd: &mut Nd<'_>,
    p: &mut &[u8],
    caplen: &mut usize,
    pan: bool,
    addr_len: usize,
) -> Res<bool> {
    if pan {
        if *caplen < 2 {
            nd.s("[ERROR: Truncated before dst_pan]");
            return Ok(false);
        }
        nd.f(format_args!("{:04x}:", le16(p, 0)?));
        *p = tail(p, 2);
        *caplen -= 2;
    } else {
        nd.s("-:");
    }
    if *caplen < addr_len {
        nd.s("[ERROR: Truncated before dst_addr]");
        return Ok(false);
    }
    print_addr(nd, p, addr_len)?;
    *p = tail(p, addr_len);
    *caplen -= addr_len;
    Ok(true)
}

/// An address: none, a short one, or an extended one (bytes reversed, as tcpdump's
/// `le64addr_string`).
fn print_addr(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    match len {
        0 => nd.s("none"),
        2 => {
            let a = le16(p, 0)?;
            nd.f(format_args!("{a:04x}"));
        }
        8 => {
            let a = sl(p, 0, 8)?;
            for (i, b) in a.iter().rev().enumerate() {
                if i > 0 {
                    nd.s(":");
                }
                nd.f(format_args!("{b:02x}"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Bytes as `%02x ` each.
fn hex_bytes(nd: &mut Nd<'_>, p: &[u8], from: usize, to: usize) -> Res {
    for i in from..to {
        let b = u8at(p, i)?;
        nd.f(format_args!("{b:02x} "));
    }
    Ok(())
}

fn bit(v: u16, n: u32) -> bool {
    (v >> n) & 1 != 0
}

/// A beacon's superframe specification (with `-v`).
fn superframe_specification(nd: &mut Nd<'_>, ss: u16) {
    if nd.opts.verbose < 1 {
        return;
    }
    nd.f(format_args!(
        "\n\tBeacon order = {}, Superframe order = {}, Final CAP Slot = {}",
        ss & 0xf,
        (ss >> 4) & 0xf,
        (ss >> 8) & 0xf
    ));
    if bit(ss, 12) {
        nd.s(", BLE enabled");
    }
    if bit(ss, 14) {
        nd.s(", PAN Coordinator");
    }
    if bit(ss, 15) {
        nd.s(", Association Permit");
    }
}

/// A beacon's GTS information; the bytes used, `None` when cut short.
fn gts_info(nd: &mut Nd<'_>, p: &[u8], data_len: usize) -> Res<Option<usize>> {
    let gts_cnt = usize::from(u8at(p, 0)? & 0x7);
    if gts_cnt == 0 {
        if nd.opts.verbose > 0 {
            nd.s("\n\tGTS Descriptor Count = 0, ");
        }
        return Ok(Some(1));
    }
    let len = 2 + gts_cnt * 3;
    if data_len < len {
        nd.s(" [ERROR: Truncated GTS Info List]");
        return Ok(None);
    }
    if nd.opts.verbose < 2 {
        return Ok(Some(len));
    }
    let mask = u8at(p, 1)? & 0x7f;
    nd.f(format_args!(
        "GTS Descriptor Count = {gts_cnt}, GTS Directions Mask = {mask:02x}, [ "
    ));
    for i in 0..gts_cnt {
        nd.s("[ ");
        print_addr(nd, tail(p, 2 + i * 3), 2)?;
        let slot = u8at(p, 2 + i * 3 + 1)?;
        nd.f(format_args!(
            ", Start slot = {}, Length = {} ] ",
            slot & 0x0f,
            (slot >> 4) & 0x0f
        ));
    }
    nd.s("]");
    Ok(Some(len))
}

/// A beacon's pending address list; the bytes used, `None` when cut short.
fn pending_addresses(nd: &mut Nd<'_>, p: &[u8], data_len: usize) -> Res<Option<usize>> {
    let pas = u8at(p, 0)?;
    let s_cnt = usize::from(pas & 0x7);
    let e_cnt = usize::from((pas >> 4) & 0x7);
    let len = 1 + s_cnt * 2 + e_cnt * 8;
    if nd.opts.verbose > 0 {
        nd.f(format_args!(
            "\n\tPending address list, # short addresses = {s_cnt}, # extended addresses = {e_cnt}"
        ));
    }
    if data_len < len {
        nd.s(" [ERROR: Pending address list truncated]");
        return Ok(None);
    }
    if nd.opts.verbose < 2 {
        return Ok(Some(len));
    }
    if s_cnt != 0 {
        nd.s(", Short address list = [ ");
        for i in 0..s_cnt {
            print_addr(nd, tail(p, 1 + i * 2), 2)?;
            nd.s(" ");
        }
        nd.s("]");
    }
    if e_cnt != 0 {
        nd.s(", Extended address list = [ ");
        for i in 0..e_cnt {
            print_addr(nd, tail(p, 1 + s_cnt * 2 + i * 8), 8)?;
            nd.s(" ");
        }
        nd.s("]");
    }
    Ok(Some(len))
}

/// A vendor-specific IE: the OUI, then the data.
fn vendor_ie(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < 3 {
        nd.s("[ERROR: Vendor OUI missing]");
        return Ok(());
    }
    let oui = sl(p, 0, 3)?;
    nd.f(format_args!(
        "OUI = 0x{:02x}{:02x}{:02x}, Data = ",
        oui[0], oui[1], oui[2]
    ));
    hex_bytes(nd, p, 3, len)
}

/// A 48-bit little-endian number.
fn le48(p: &[u8], at: usize) -> Res<u64> {
    let b = sl(p, at, 6)?;
    Ok(b.iter().rev().fold(0, |acc, &x| acc << 8 | u64::from(x)))
}

/// The (Extended) DSME PAN descriptor IE. Returns early, as tcpdump, at the first error.
fn dsme_pan_descriptor(nd: &mut Nd<'_>, p: &[u8], ie_len: usize, extended: bool) -> Res {
    if ie_len < 2 {
        nd.s("[ERROR: Truncated DSME PAN IE]");
        return Ok(());
    }
    superframe_specification(nd, le16(p, 0)?);
    if ie_len < 3 {
        nd.s("[ERROR: Truncated before pending addresses field]");
        return Ok(());
    }
    let mut ptr = 2;
    let Some(len) = pending_addresses(nd, tail(p, ptr), ie_len - ptr)? else {
        return Ok(());
    };
    ptr += len;
    let mut hopping_present = false;
    if extended {
        if ie_len < ptr + 2 {
            nd.s("[ERROR: Truncated before DSME Superframe Specification]");
            return Ok(());
        }
        let ss = le16(p, ptr)?;
        ptr += 2;
        nd.f(format_args!("Multi-superframe Order = {}", ss & 0xff));
        nd.s(if ss & 0x100 != 0 {
            ", Channel hopping mode"
        } else {
            ", Channel adaptation mode"
        });
        if ss & 0x400 != 0 {
            nd.s(", CAP reduction enabled");
        }
        if ss & 0x800 != 0 {
            nd.s(", Deferred beacon enabled");
        }
        if ss & 0x1000 != 0 {
            nd.s(", Hopping Sequence Present");
            hopping_present = true;
        }
    } else {
        if ie_len < ptr + 1 {
            nd.s("[ERROR: Truncated before DSME Superframe Specification]");
            return Ok(());
        }
        let ss = u8at(p, ptr)?;
        ptr += 1;
        nd.f(format_args!("Multi-superframe Order = {}", ss & 0x0f));
        nd.s(if ss & 0x10 != 0 {
            ", Channel hopping mode"
        } else {
            ", Channel adaptation mode"
        });
        if ss & 0x40 != 0 {
            nd.s(", CAP reduction enabled");
        }
        if ss & 0x80 != 0 {
            nd.s(", Deferred beacon enabled");
        }
    }
    if ie_len < ptr + 8 {
        nd.s(" [ERROR: Truncated before Time synchronization specification]");
        return Ok(());
    }
    let ts = le48(p, ptr)?;
    let offset = le16(p, ptr + 6)?;
    nd.f(format_args!("Beacon timestamp = {ts}, offset = {offset}"));
    ptr += 8;
    if ie_len < ptr + 4 {
        nd.s(" [ERROR: Truncated before Beacon Bitmap]");
        return Ok(());
    }
    let ulen = usize::from(le16(p, ptr + 2)?);
    let sd_index = le16(p, ptr)?;
    nd.f(format_args!("SD Index = {sd_index}, Bitmap len = {ulen}, "));
    ptr += 4;
    if ie_len < ptr + ulen {
        nd.s(" [ERROR: Truncated in SD bitmap]");
        return Ok(());
    }
    nd.s(" SD Bitmap = ");
    hex_bytes(nd, p, ptr, ptr + ulen)?;
    ptr += ulen;
    if ie_len < ptr + 5 {
        nd.s(" [ERROR: Truncated before Channel hopping specification]");
        return Ok(());
    }
    let ulen = usize::from(le16(p, ptr + 4)?);
    let seq_id = u8at(p, ptr)?;
    let bsn = u8at(p, ptr + 1)?;
    let chan_offset = le16(p, ptr + 2)?;
    nd.f(format_args!(
        "Hopping Seq ID = {seq_id}, PAN Coordinator BSN = {bsn}, Channel offset = {chan_offset}, Bitmap length = {ulen}, "
    ));
    ptr += 5;
    if ie_len < ptr + ulen {
        nd.s(" [ERROR: Truncated in Channel offset bitmap]");
        return Ok(());
    }
    nd.s(" Channel offset bitmap = ");
    hex_bytes(nd, p, ptr, ptr + ulen)?;
    ptr += ulen;
    if hopping_present {
        if ie_len < ptr + 1 {
            nd.s(" [ERROR: Truncated in Hopping Sequence length]");
            return Ok(());
        }
        let ulen = usize::from(u8at(p, ptr)?);
        ptr += 1;
        nd.f(format_args!("Hopping Seq length = {ulen} [ "));
        // Two octets a channel, as tcpdump assumes.
        if ie_len < ptr + ulen * 2 {
            nd.s(" [ERROR: Truncated in Channel offset bitmap]");
            return Ok(());
        }
        for i in 0..ulen {
            let c = le16(p, ptr + i * 2)?;
            nd.f(format_args!("{c:02x} "));
        }
        nd.s("]");
    }
    Ok(())
}

/// A header IE's content (with `-vvvv`).
fn header_ie(nd: &mut Nd<'_>, p: &[u8], ie_len: usize, element_id: usize) -> Res {
    match element_id {
        0x00 => vendor_ie(nd, p, ie_len)?,
        0x1a => {
            if ie_len < 4 {
                nd.s("[ERROR: Truncated CSL IE]");
            } else {
                let phase = le16(p, 0)?;
                let period = le16(p, 2)?;
                nd.f(format_args!("CSL Phase = {phase}, CSL Period = {period}"));
                if ie_len >= 6 {
                    let rt = le16(p, 4)?;
                    nd.f(format_args!(", Rendezvous time = {rt}"));
                }
                if ie_len != 4 && ie_len != 6 {
                    nd.s(" [ERROR: CSL IE length wrong]");
                }
            }
        }
        0x1b => {
            if ie_len < 4 {
                nd.s("[ERROR: Truncated RIT IE]");
            } else {
                let first = u8at(p, 0)?;
                let repeat = u8at(p, 1)?;
                let interval = le16(p, 2)?;
                nd.f(format_args!(
                    "Time to First Listen = {first}, # of Repeat Listen = {repeat}, Repeat Listen Interval = {interval}"
                ));
            }
        }
        0x1c | 0x21 => dsme_pan_descriptor(nd, p, ie_len, element_id == 0x21)?,
        0x1d => {
            if ie_len != 4 {
                nd.s("[ERROR: Length != 2]");
            } else {
                let r_time = le16(p, 0)?;
                let w_u_interval = le16(p, 2)?;
                nd.f(format_args!(
                    "Rendezvous time = {r_time}, Wake-up Interval = {w_u_interval}"
                ));
            }
        }
        0x1e => {
            if ie_len != 2 {
                nd.s("[ERROR: Length != 2]");
            } else {
                let val = le16(p, 0)?;
                if val & 0x8000 != 0 {
                    nd.s("Negative ");
                }
                // The low 12 bits, sign-extended.
                let timecorr = (((val & 0xfff) << 4) as i16) >> 4;
                nd.f(format_args!("Ack time correction = {timecorr}, "));
            }
        }
        _ => {
            nd.s("IE Data = ");
            hex_bytes(nd, p, 0, ie_len)?;
        }
    }
    Ok(())
}

/// The header IE list; the bytes used and whether payload IEs follow, `None` after an error.
fn header_ie_list(nd: &mut Nd<'_>, mut p: &[u8], mut caplen: usize) -> Res<Option<(usize, bool)>> {
    let mut len = 0;
    loop {
        if caplen < 2 {
            nd.s("[ERROR: Truncated header IE]");
            return Ok(None);
        }
        let ie = le16(p, 0)?;
        if bit(ie, 15) {
            nd.s("[ERROR: Header IE with type 1] ");
        }
        let ie_len = usize::from(ie & 0x7f);
        let element_id = usize::from((ie >> 7) & 0xff);
        match (element_id < 0x80).then(|| assigned(H_IE_NAMES, element_id)) {
            None => nd.f(format_args!(
                "Reserved Element ID {element_id:02x}, length = {ie_len} "
            )),
            Some(name) if ie_len == 0 => nd.f(format_args!("\n\t{name} [")),
            Some(name) => nd.f(format_args!("\n\t{name} [ length = {ie_len}, ")),
        }
        if caplen < 2 + ie_len {
            nd.s("[ERROR: Truncated IE data]");
            return Ok(None);
        }
        p = tail(p, 2);
        if ie_len != 0 {
            if nd.opts.verbose > 3 {
                header_ie(nd, p, ie_len, element_id)?;
            } else {
                nd.s("IE Data = ");
                hex_bytes(nd, p, 0, ie_len)?;
            }
        }
        nd.s("] ");
        len += 2 + ie_len;
        p = tail(p, ie_len);
        caplen -= 2 + ie_len;
        if element_id == 0x7e {
            return Ok(Some((len, true)));
        }
        if element_id == 0x7f || caplen == 0 {
            return Ok(Some((len, false)));
        }
    }
}

/// An MLME sub-IE's content (with `-vvvv`).
fn mlme_ie(nd: &mut Nd<'_>, p: &[u8], sub_ie_len: usize, sub_id: usize) -> Res {
    match sub_id {
        0x08 => vendor_ie(nd, p, sub_ie_len)?,
        0x09 => channel_hopping_ie(nd, p, sub_ie_len)?,
        0x1a => {
            if sub_ie_len < 6 {
                nd.s("[ERROR: Length != 6]");
            }
            let b = sl(p, 0, 5)?;
            let asn = b.iter().rev().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
            let join_metric = u8at(p, 5)?;
            nd.f(format_args!(
                "ASN = {asn:010x}, Join Metric = {join_metric} "
            ));
        }
        0x1b => slotframe_and_link_ie(nd, p, sub_ie_len)?,
        0x1c => {
            if sub_ie_len == 1 {
                let id = u8at(p, 0)?;
                nd.f(format_args!("Time slot ID = {id} "));
            } else if sub_ie_len == 25 || sub_ie_len == 27 {
                let id = u8at(p, 0)?;
                let mut v = [0u32; 12];
                for (i, x) in v.iter_mut().enumerate().take(10) {
                    *x = u32::from(le16(p, 1 + i * 2)?);
                }
                if sub_ie_len == 25 {
                    v[10] = u32::from(le16(p, 21)?);
                    v[11] = u32::from(le16(p, 23)?);
                } else {
                    let b = sl(p, 21, 6)?;
                    v[10] = u32::from_le_bytes([b[0], b[1], b[2], 0]);
                    v[11] = u32::from_le_bytes([b[3], b[4], b[5], 0]);
                }
                nd.f(format_args!(
                    "Time slot ID = {id}, CCA Offset = {}, CCA = {}, TX Offset = {}, RX Offset = {}, RX Ack Delay = {}, TX Ack Delay = {}, RX Wait = {}, Ack Wait = {}, RX TX = {}, Max Ack = {}, Max TX = {}, Time slot Length = {} ",
                    v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]
                ));
            } else {
                nd.s("[ERROR: Length not 1, 25, or 27]\n\t\t\tIE Data = ");
                hex_bytes(nd, p, 0, sub_ie_len)?;
            }
        }
        _ => {
            nd.s("IE Data = ");
            hex_bytes(nd, p, 0, sub_ie_len)?;
        }
    }
    Ok(())
}

/// The Channel Hopping MLME sub-IE.
fn channel_hopping_ie(nd: &mut Nd<'_>, p: &[u8], mut len: usize) -> Res {
    if len < 1 {
        nd.s("[ERROR: Hopping sequence ID missing]");
        return Ok(());
    }
    let id = u8at(p, 0)?;
    nd.f(format_args!("Hopping Sequence ID = {id}"));
    if len == 1 {
        return Ok(());
    }
    let mut p = tail(p, 1);
    len -= 1;
    if len < 7 {
        nd.s("[ERROR: IE truncated]");
        return Ok(());
    }
    let channel_page = u8at(p, 0)?;
    let channels = le16(p, 1)?;
    let phy = le32(p, 3)?;
    nd.f(format_args!(
        "Channel Page = {channel_page}, Number of Channels = {channels}, Phy Configuration = 0x{phy:08x}, "
    ));
    p = tail(p, 7);
    len -= 7;
    if channel_page == 9 || channel_page == 10 {
        let n = usize::from(channels.wrapping_add(7) / 8);
        if len < n {
            nd.s("[ERROR: IE truncated]");
            return Ok(());
        }
        nd.s("Extended bitmap = 0x");
        for i in 0..n {
            let b = u8at(p, i)?;
            nd.f(format_args!("{b:02x}"));
        }
        nd.s(", ");
        p = tail(p, n);
        len -= n;
    }
    if len < 2 {
        nd.s("[ERROR: IE truncated]");
        return Ok(());
    }
    let n = usize::from(le16(p, 0)?);
    p = tail(p, 2);
    len -= 2;
    nd.f(format_args!("Hopping Seq length = {n} [ "));
    if len < n * 2 {
        nd.s(" [ERROR: IE truncated]");
        return Ok(());
    }
    for i in 0..n {
        let c = le16(p, i * 2)?;
        nd.f(format_args!("{c:02x} "));
    }
    nd.s("]");
    p = tail(p, n * 2);
    len -= n * 2;
    if len < 2 {
        nd.s("[ERROR: IE truncated]");
        return Ok(());
    }
    let hop = le16(p, 0)?;
    nd.f(format_args!("Current hop = {hop}"));
    Ok(())
}

/// The TSCH Slotframe and Link MLME sub-IE.
fn slotframe_and_link_ie(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < 1 {
        nd.s("[ERROR: Truncated IE]");
        return Ok(());
    }
    let sf_num = u8at(p, 0)?;
    nd.f(format_args!("Slotframes = {sf_num} "));
    let mut off = 1;
    for _ in 0..sf_num {
        if len < off + 4 {
            nd.s("[ERROR: Truncated IE before slotframes]");
            break;
        }
        let links = u8at(p, off + 3)?;
        let handle = u8at(p, off)?;
        let size = le16(p, off + 1)?;
        nd.f(format_args!(
            "\n\t\t\t[ Handle {handle}, size = {size}, links = {links} "
        ));
        off += 4;
        for _ in 0..links {
            if len < off + 5 {
                nd.s("[ERROR: Truncated IE links]");
                break;
            }
            let opts = u8at(p, off + 4)?;
            let timeslot = le16(p, off)?;
            let offset = le16(p, off + 2)?;
            nd.f(format_args!(
                "\n\t\t\t\t[ Timeslot =  {timeslot}, Offset = {offset}, Options = "
            ));
            for (b, name) in [
                (0x1, "TX "),
                (0x2, "RX "),
                (0x4, "Shared "),
                (0x8, "Timekeeping "),
                (0x10, "Priority "),
            ] {
                if opts & b != 0 {
                    nd.s(name);
                }
            }
            off += 5;
            nd.s("] ");
        }
        nd.s("] ");
    }
    Ok(())
}

/// The MLME IE's list of sub-IEs.
fn mlme_ie_list(nd: &mut Nd<'_>, mut p: &[u8], mut ie_len: usize) -> Res {
    loop {
        if ie_len < 2 {
            nd.s("[ERROR: Truncated MLME IE]");
            return Ok(());
        }
        let ie = le16(p, 0)?;
        let long = bit(ie, 15);
        let (sub_ie_len, sub_id, name) = if long {
            let id = usize::from((ie >> 11) & 0x0f);
            (usize::from(ie & 0x3ff), id, assigned(P_MLME_LONG_NAMES, id))
        } else {
            let id = usize::from((ie >> 8) & 0x7f);
            (usize::from(ie & 0xff), id, assigned(P_MLME_SHORT_NAMES, id))
        };
        p = tail(p, 2);
        nd.f(format_args!("\n\t\t{name} [ length = {sub_ie_len}, "));
        if ie_len < 2 + sub_ie_len {
            nd.s("[ERROR: Truncated IE data]");
            return Ok(());
        }
        if sub_ie_len != 0 {
            if nd.opts.verbose > 3 {
                mlme_ie(nd, p, sub_ie_len, sub_id)?;
            } else if nd.opts.verbose > 2 {
                nd.s("IE Data = ");
                hex_bytes(nd, p, 0, sub_ie_len)?;
            }
        }
        nd.s("] ");
        p = tail(p, sub_ie_len);
        ie_len -= 2 + sub_ie_len;
        if ie_len == 0 {
            return Ok(());
        }
    }
}

/// The Multiplexed IE (802.15.9).
fn mpx_ie(nd: &mut Nd<'_>, p: &[u8], ie_len: usize) -> Res {
    if ie_len < 1 {
        nd.s("[ERROR: Transaction control byte missing]");
        return Ok(());
    }
    let tc = u8at(p, 0)?;
    let transfer_type = tc & 0x7;
    let tid = tc >> 3;
    let data_start = match transfer_type {
        0x00 => {
            nd.s("Type = Full upper layer fragment, ");
            if ie_len < 3 {
                nd.s("[ERROR: Multiplex ID missing]");
                return Ok(());
            }
            let id = le16(p, 1)?;
            nd.f(format_args!(
                "tid = 0x{tid:02x}, Multiplex ID = 0x{id:04x}, "
            ));
            3
        }
        0x01 => {
            nd.s("Type = Full upper layer fragment with small Multiplex ID, ");
            nd.f(format_args!("Multiplex ID = 0x{tid:04x}, "));
            1
        }
        0x02 | 0x04 => {
            if ie_len < 2 {
                nd.s("[ERROR: fragment number missing]");
                return Ok(());
            }
            let fragment_number = u8at(p, 1)?;
            let kind = match (transfer_type, fragment_number) {
                (0x02, 0) => "First fragment",
                (0x02, _) => "Middle fragment",
                _ => "Last fragment",
            };
            nd.f(format_args!(
                "Type = {kind}, tid = 0x{tid:02x}, fragment = 0x{fragment_number:02x}, "
            ));
            if fragment_number == 0 {
                if ie_len < 6 {
                    nd.s("[ERROR: Total upper layer size or multiplex ID missing]");
                    return Ok(());
                }
                let total = le16(p, 2)?;
                let id = le16(p, 4)?;
                nd.f(format_args!(
                    "Total upper layer size = 0x{total:04x}, Multiplex ID = 0x{id:04x}, "
                ));
                6
            } else {
                2
            }
        }
        0x06 => {
            match ie_len {
                1 => nd.f(format_args!(
                    "Type = Abort, tid = 0x{tid:02x}, no max size given"
                )),
                3 => {
                    let max = le16(p, 1)?;
                    nd.f(format_args!(
                        "Type = Abort, tid = 0x{tid:02x}, max size = 0x{max:04x}"
                    ));
                }
                _ => {
                    nd.f(format_args!(
                        "Type = Abort, tid = 0x{tid:02x}, invalid length = {ie_len} (not 1 or 3)Abort data = "
                    ));
                    hex_bytes(nd, p, 1, ie_len)?;
                }
            }
            return Ok(());
        }
        _ => {
            nd.f(format_args!(
                "Type = {transfer_type} (Reserved), tid = 0x{tid:02x}, "
            ));
            1
        }
    };
    nd.s("Upper layer data = ");
    hex_bytes(nd, p, data_start, ie_len)
}

/// The payload IE list; the bytes used, `None` after an error.
fn payload_ie_list(nd: &mut Nd<'_>, mut p: &[u8], mut caplen: usize) -> Res<Option<usize>> {
    let mut len = 0;
    loop {
        if caplen < 2 {
            nd.s("[ERROR: Truncated header IE]");
            return Ok(None);
        }
        let ie = le16(p, 0)?;
        if !bit(ie, 15) {
            nd.s("[ERROR: Payload IE with type 0] ");
        }
        let ie_len = usize::from(ie & 0x3ff);
        let group_id = usize::from((ie >> 11) & 0x0f);
        p = tail(p, 2);
        let name = assigned(P_IE_NAMES, group_id);
        if ie_len == 0 {
            nd.f(format_args!("\n\t{name} ["));
        } else {
            nd.f(format_args!("\n\t{name} [ length = {ie_len}, "));
        }
        if caplen < 2 + ie_len {
            nd.s("[ERROR: Truncated IE data]");
            return Ok(None);
        }
        if nd.opts.verbose > 3 && ie_len != 0 {
            match group_id {
                0x1 => mlme_ie_list(nd, p, ie_len)?,
                0x2 => vendor_ie(nd, p, ie_len)?,
                0x3 => mpx_ie(nd, p, ie_len)?,
                0x5 => {
                    let subtype = u8at(p, 0)?;
                    nd.f(format_args!(
                        "Subtype ID = 0x{subtype:02x}, Subtype content = "
                    ));
                    hex_bytes(nd, p, 1, ie_len)?;
                }
                _ => {
                    nd.s("IE Data = ");
                    hex_bytes(nd, p, 0, ie_len)?;
                }
            }
        } else if ie_len != 0 {
            nd.s("IE Data = ");
            hex_bytes(nd, p, 0, ie_len)?;
        }
        nd.s("]\n\t");
        len += 2 + ie_len;
        p = tail(p, ie_len);
        caplen -= 2 + ie_len;
        if group_id == 0xf || caplen == 0 {
            return Ok(Some(len));
        }
    }
}

/// The auxiliary security header; its length and the security level, `None` after an error.
fn aux_sec_header(nd: &mut Nd<'_>, p: &[u8], mut caplen: usize) -> Res<Option<(usize, u8)>> {
    if caplen < 1 {
        nd.s("[ERROR: Truncated before Aux Security Header]");
        return Ok(None);
    }
    let sc = u8at(p, 0)?;
    let level = sc & 0x7;
    let key_id_mode = (sc >> 3) & 0x3;
    let mut len = 1;
    caplen -= 1;
    let mut p = tail(p, 1);
    let vv = nd.opts.verbose > 1;
    if nd.opts.verbose > 0 {
        nd.f(format_args!(
            "\n\tSecurity Level {level}, Key Id Mode {key_id_mode}, "
        ));
    }
    if sc & 0x20 == 0 {
        if caplen < 4 {
            nd.s("[ERROR: Truncated before Frame Counter]");
            return Ok(None);
        }
        if vv {
            let fc = le32(p, 0)?;
            nd.f(format_args!("Frame Counter 0x{fc:08x} "));
        }
        p = tail(p, 4);
        caplen -= 4;
        len += 4;
    }
    match key_id_mode {
        0 => {
            if vv {
                nd.s("Implicit");
            }
            return Ok(Some((len, level)));
        }
        2 => {
            if caplen < 4 {
                nd.s("[ERROR: Truncated before Key Source]");
                return Ok(None);
            }
            if vv {
                let a = le16(p, 0)?;
                let b = le16(p, 2)?;
                // tcpdump's format reads "%0x4x": the second word unpadded, then "4x".
                nd.f(format_args!("KeySource 0x{a:04x}:{b:x}4x, "));
            }
            p = tail(p, 4);
            caplen -= 4;
            len += 4;
        }
        3 => {
            if caplen < 8 {
                nd.s("[ERROR: Truncated before Key Source]");
                return Ok(None);
            }
            if vv {
                nd.s("KeySource ");
                print_addr(nd, p, 8)?;
                nd.s(", ");
            }
            // tcpdump steps over 4 bytes only of the 8-byte source.
            p = tail(p, 4);
            caplen -= 4;
            len += 4;
        }
        _ => {}
    }
    if caplen < 1 {
        nd.s("[ERROR: Truncated before Key Index]");
        return Ok(None);
    }
    if vv {
        let ki = u8at(p, 0)?;
        nd.f(format_args!("KeyIndex 0x{ki:02x}, "));
    }
    Ok(Some((len + 1, level)))
}

/// A MAC command's data; the bytes used, `None` when its length is wrong.
fn command_data(nd: &mut Nd<'_>, command_id: u8, p: &[u8], caplen: usize) -> Res<Option<usize>> {
    match command_id {
        0x01 => {
            if caplen != 1 {
                nd.s("Invalid Association request command length");
                return Ok(None);
            }
            let cap = u8at(p, 0)?;
            nd.s(if cap & 0x02 != 0 { "FFD, " } else { "RFD, " });
            for (b, name) in [
                (0x04, "AC powered, "),
                (0x08, "Receiver on when idle, "),
                (0x10, "Fast association, "),
                (0x40, "Security supported, "),
                (0x80, "Allocate address, "),
            ] {
                if cap & b != 0 {
                    nd.s(name);
                }
            }
            Ok(Some(caplen))
        }
        0x02 => {
            if caplen != 3 {
                nd.s("Invalid Association response command length");
                return Ok(None);
            }
            nd.s("Short address = ");
            print_addr(nd, p, 2)?;
            match u8at(p, 2)? {
                0x00 => nd.s(", Association successful"),
                0x01 => nd.s(", PAN at capacity"),
                0x02 => nd.s(", PAN access denied"),
                0x03 => nd.s(", Hooping sequence offset duplication"),
                0x80 => nd.s(", Fast association successful"),
                s => nd.f(format_args!(", Status = 0x{s:02x}")),
            }
            Ok(Some(caplen))
        }
        0x03 => {
            if caplen != 1 {
                nd.s("Invalid Disassociation Notification command length");
                return Ok(None);
            }
            match u8at(p, 0)? {
                0x00 => nd.s("Reserved"),
                0x01 => nd.s("Reason = The coordinator wishes the device to leave PAN"),
                0x02 => nd.s("Reason = The device wishes to leave the PAN"),
                _ => {
                    // tcpdump prints the byte two further on.
                    let r = u8at(p, 2)?;
                    nd.f(format_args!("Reason = 0x{r:02x}"));
                }
            }
            Ok(Some(caplen))
        }
        0x04..=0x07 => Ok(Some(0)),
        0x08 => {
            if !(7..=8).contains(&caplen) {
                nd.s("Invalid Coordinator Realignment command length");
                return Ok(None);
            }
            let pan = le16(p, 0)?;
            nd.f(format_args!(
                "Pan ID = 0x{pan:04x}, Coordinator short address = "
            ));
            print_addr(nd, tail(p, 2), 2)?;
            let mut channel = u16::from(u8at(p, 4)?);
            let page = if caplen == 8 {
                u16::from(u8at(p, 7)?)
            } else {
                0x80
            };
            if bit(page, 7) {
                // No page: the channel's high bits are there instead.
                channel |= (page & 0x7f) << 8;
                nd.f(format_args!(", Channel Number = {channel}"));
            } else {
                nd.f(format_args!(", Channel Number = {channel}, page = {page}"));
            }
            nd.s(", Short address = ");
            print_addr(nd, tail(p, 5), 2)?;
            Ok(Some(caplen))
        }
        0x09 => {
            if caplen != 1 {
                nd.s("Invalid GTS Request command length");
                return Ok(None);
            }
            let gts = u16::from(u8at(p, 0)?);
            nd.f(format_args!(
                "GTS Length = {}, {}, {}",
                gts & 0xf,
                if bit(gts, 4) {
                    "Receive-only GTS"
                } else {
                    "Transmit-only GTS"
                },
                if bit(gts, 5) {
                    "GTS allocation"
                } else {
                    "GTS deallocations"
                }
            ));
            Ok(Some(caplen))
        }
        _ => {
            nd.s("Command Data = ");
            hex_bytes(nd, p, 0, caplen)?;
            Ok(Some(0))
        }
    }
}

/// Whether the frame ends in a 4- or 2-byte FCS (by checking it): the FCS read, the CRC
/// computed, and the captured length without the FCS when it matched.
fn check_fcs(p: &[u8], caplen: usize, try_crc32: bool) -> Res<(u32, u32, usize)> {
    if try_crc32 {
        let fcs = le32(p, caplen - 4)?;
        let crc = crc32(sl(p, 0, caplen - 4)?);
        if crc == fcs {
            return Ok((fcs, crc, caplen - 4));
        }
    }
    let fcs = u32::from(le16(p, caplen - 2)?);
    let crc = u32::from(crc16(sl(p, 0, caplen - 2)?));
    Ok((fcs, crc, if crc == fcs { caplen - 2 } else { caplen }))
}

/// The MIC length of a security level.
fn mic_len(level: u8) -> usize {
    match level & 3 {
        0 => 0,
        1 => 4,
        2 => 8,
        _ => 16,
    }
}

/// What follows the addresses of standard and multipurpose frames: the auxiliary security
/// header, the IEs, the MIC and the FCS. Returns the rest and its length, `None` after an
/// error.
fn security_and_ies<'a>(
    nd: &mut Nd<'_>,
    mut p: &'a [u8],
    mut caplen: usize,
    security_enabled: bool,
    ie_present: bool,
    fcs: (u32, u32),
) -> Res<Option<(&'a [u8], usize)>> {
    let mut level = 0;
    if security_enabled {
        let Some((len, l)) = aux_sec_header(nd, p, caplen)? else {
            return Ok(None);
        };
        sl(p, 0, len)?;
        level = l;
        p = tail(p, len);
        caplen -= len;
    }
    let miclen = mic_len(level);
    let mut mic_start = 0;
    if miclen != 0 {
        if caplen < miclen {
            nd.s("[ERROR: Truncated before MIC]");
            return Ok(None);
        }
        caplen -= miclen;
        mic_start = caplen;
    }
    let mic = p;
    let mut payload_ie_present = false;
    if ie_present {
        let Some((len, payload)) = header_ie_list(nd, p, caplen)? else {
            return Ok(None);
        };
        payload_ie_present = payload;
        p = tail(p, len);
        caplen -= len;
    }
    if payload_ie_present {
        if level >= 4 {
            nd.s("Payload IEs present, but encrypted, cannot print ");
        } else {
            let Some(len) = payload_ie_list(nd, p, caplen)? else {
                return Ok(None);
            };
            p = tail(p, len);
            caplen -= len;
        }
    }
    if nd.opts.verbose > 2 && miclen != 0 {
        nd.s("\n\tMIC ");
        for i in 0..miclen {
            let b = u8at(mic, mic_start + i)?;
            nd.f(format_args!("{b:02x}"));
        }
        nd.s(" ");
    }
    if nd.opts.verbose > 2 {
        let (fcs, crc) = fcs;
        if crc == fcs {
            nd.f(format_args!("FCS {fcs:x} "));
        } else {
            nd.f(format_args!(
                "wrong FCS {fcs:x} vs {crc:x} (assume no FCS stored) "
            ));
        }
    }
    Ok(Some((p, caplen)))
}

/// Prints `n` bytes of `p` as tcpdump's default print (what is left of the frame); as
/// tcpdump's, it stops at the end of the captured bytes with a truncation.
fn default_print(nd: &mut Nd<'_>, p: &[u8], n: usize) -> Res {
    if nd.opts.suppress_default_print() {
        return Ok(());
    }
    super::ascii::hex_and_ascii(nd.o, "\n\t", &p[..n.min(p.len())]);
    if n > p.len() {
        return Err(Trunc);
    }
    Ok(())
}

/// Beacon, data, acknowledgement and MAC command frames. False after an error.
fn std_frames(nd: &mut Nd<'_>, p: &[u8], mut caplen: usize, fc: u16) -> Res<bool> {
    let (mut fcs, mut crc) = (0, 0);
    if caplen >= 4 {
        (fcs, crc, caplen) = check_fcs(p, caplen, true)?;
    }
    let frame_version = (fc >> 12) & 0x3;
    let frame_type = fc & 0x7;
    nd.f(format_args!("v{frame_version} "));
    if nd.opts.verbose > 2 {
        for (b, name) in [
            (3, "Security Enabled, "),
            (4, "Frame Pending, "),
            (5, "AR, "),
            (6, "PAN ID Compression, "),
            (8, "Sequence Number Suppression, "),
            (9, "IE present, "),
        ] {
            if bit(fc, b) {
                nd.s(name);
            }
        }
    }
    let mut p = p;
    if bit(fc, 8) {
        if frame_version < 2 {
            nd.s("[ERROR: Sequence number suppressed on frames where version < 2]");
        }
        if nd.opts.verbose > 0 {
            nd.s("seq suppressed ");
        }
        if caplen < 2 {
            nd.trunc();
            return Ok(false);
        }
        p = tail(p, 2);
        caplen -= 2;
    } else {
        let seq = u8at(p, 2)?;
        if nd.opts.verbose > 0 {
            nd.f(format_args!("seq {seq:02x} "));
        }
        if caplen < 3 {
            nd.trunc();
            return Ok(false);
        }
        p = tail(p, 3);
        caplen -= 3;
    }
    let dst_addr_len = addr_len((fc >> 10) & 0x3);
    let Some(src_addr_len) = addr_len((fc >> 14) & 0x3) else {
        nd.s("[ERROR: Invalid src address mode]");
        return Ok(false);
    };
    let Some(dst_addr_len) = dst_addr_len else {
        nd.s("[ERROR: Invalid dst address mode]");
        return Ok(false);
    };
    let pan_id_comp = bit(fc, 6);
    let (mut src_pan, mut dst_pan) = if pan_id_comp {
        (false, true)
    } else {
        (true, true)
    };
    if frame_version < 2 {
        if pan_id_comp && (dst_addr_len == 0 || src_addr_len == 0) {
            nd.s("[ERROR: PAN ID Compression != 0, and only one address with frame version < 2]");
        }
        dst_pan &= dst_addr_len > 0;
        src_pan &= src_addr_len > 0;
    } else {
        dst_pan &= dst_addr_len > 0;
        src_pan &= src_addr_len > 0;
        if pan_id_comp {
            if src_addr_len == 0 && dst_addr_len == 0 {
                // No addresses, but a destination PAN.
                dst_pan = true;
            } else if (src_addr_len == 0) != (dst_addr_len == 0)
                || (src_addr_len == 8 && dst_addr_len == 8)
            {
                dst_pan = false;
                src_pan = false;
            }
        } else {
            if src_addr_len == 8 && dst_addr_len == 8 {
                dst_pan = true;
                src_pan = false;
            }
            // tcpdump is built for the broken 6TiSCH implementations here.
            if src_addr_len == 8 && dst_addr_len == 2 {
                src_pan = false;
            }
        }
    }
    if !pan_and_addr(nd, &mut p, &mut caplen, dst_pan, dst_addr_len)? {
        return Ok(false);
    }
    nd.s(" < ");
    if !pan_and_addr(nd, &mut p, &mut caplen, src_pan, src_addr_len)? {
        return Ok(false);
    }
    nd.s(" ");
    let Some((mut p, mut caplen)) =
        security_and_ies(nd, p, caplen, bit(fc, 3), bit(fc, 9), (fcs, crc))?
    else {
        return Ok(false);
    };
    match frame_type {
        0x00 => {
            if frame_version < 2 && !beacon(nd, &mut p, &mut caplen)? {
                return Ok(true);
            }
            default_print(nd, p, caplen)?;
        }
        0x01 | 0x02 => default_print(nd, p, caplen)?,
        _ => {
            if caplen < 1 {
                nd.s("[ERROR: Truncated before Command ID]");
            } else {
                let command_id = u8at(p, 0)?;
                let name = assigned(MAC_C_NAMES, usize::from(command_id));
                nd.f(format_args!("Command ID = {name} "));
                p = tail(p, 1);
                caplen -= 1;
                if caplen != 0
                    && let Some(len) = command_data(nd, command_id, p, caplen)?
                {
                    p = tail(p, len);
                    caplen -= len;
                }
            }
            default_print(nd, p, caplen)?;
        }
    }
    Ok(true)
}

/// A (pre-2015) beacon's superframe specification, GTS information and pending addresses;
/// false when one was cut short (nothing more is printed then).
fn beacon(nd: &mut Nd<'_>, p: &mut &[u8], caplen: &mut usize) -> Res<bool> {
    if *caplen < 2 {
        nd.s("[ERROR: Truncated before beacon information]");
        return Ok(false);
    }
    superframe_specification(nd, le16(p, 0)?);
    *p = tail(p, 2);
    *caplen -= 2;
    if *caplen < 1 {
        nd.s("[ERROR: Truncated before GTS info]");
        return Ok(false);
    }
    let Some(len) = gts_info(nd, p, *caplen)? else {
        return Ok(false);
    };
    *p = tail(p, len);
    *caplen -= len;
    if *caplen < 1 {
        nd.s("[ERROR: Truncated before pending addresses]");
        return Ok(false);
    }
    let Some(len) = pending_addresses(nd, p, *caplen)? else {
        return Ok(false);
    };
    sl(p, 0, len)?;
    *p = tail(p, len);
    *caplen -= len;
    Ok(true)
}

/// Multipurpose frames (short or long frame control). False after an error.
fn mp_frame(nd: &mut Nd<'_>, p: &[u8], mut caplen: usize, fc: u16) -> Res<bool> {
    let (mut fcs, mut crc) = (0, 0);
    if caplen >= 3 {
        (fcs, crc, caplen) = check_fcs(p, caplen, caplen > 4)?;
    }
    let mut p = p;
    let (mut pan_id_present, mut ie_present, mut security_enabled) = (false, false, false);
    if bit(fc, 3) {
        // Long frame control.
        let frame_version = (fc >> 12) & 0x3;
        nd.f(format_args!("v{frame_version} "));
        pan_id_present = bit(fc, 8);
        ie_present = bit(fc, 15);
        security_enabled = bit(fc, 9);
        if nd.opts.verbose > 2 {
            if security_enabled {
                nd.s("Security Enabled, ");
            }
            if bit(fc, 11) {
                nd.s("Frame Pending, ");
            }
            if bit(fc, 14) {
                nd.s("AR, ");
            }
            if pan_id_present {
                nd.s("PAN ID Present, ");
            }
            if bit(fc, 10) {
                nd.s("Sequence Number Suppression, ");
            }
            if ie_present {
                nd.s("IE present, ");
            }
        }
        if bit(fc, 10) {
            if caplen < 2 {
                nd.trunc();
                return Ok(false);
            }
            p = tail(p, 2);
            caplen -= 2;
        } else {
            let seq = u8at(p, 2)?;
            if nd.opts.verbose > 0 {
                nd.f(format_args!("seq {seq:02x} "));
            }
            if caplen < 3 {
                nd.trunc();
                return Ok(false);
            }
            p = tail(p, 3);
            caplen -= 3;
        }
    } else {
        // Short frame control, with a sequence number.
        let seq = u8at(p, 1)?;
        p = tail(p, 2);
        caplen = caplen.wrapping_sub(2);
        if nd.opts.verbose > 0 {
            nd.f(format_args!("seq {seq:02x} "));
        }
    }
    let dst_addr_len = addr_len((fc >> 4) & 0x3);
    let Some(src_addr_len) = addr_len((fc >> 6) & 0x3) else {
        nd.s("[ERROR: Invalid src address mode]");
        return Ok(false);
    };
    let Some(dst_addr_len) = dst_addr_len else {
        nd.s("[ERROR: Invalid dst address mode]");
        return Ok(false);
    };
    if !pan_and_addr(nd, &mut p, &mut caplen, pan_id_present, dst_addr_len)? {
        return Ok(false);
    }
    // No source PAN in this frame format; tcpdump prints its "-" after a second space.
    nd.s(" <  ");
    if !pan_and_addr(nd, &mut p, &mut caplen, false, src_addr_len)? {
        return Ok(false);
    }
    nd.s(" ");
    let Some((p, caplen)) =
        security_and_ies(nd, p, caplen, security_enabled, ie_present, (fcs, crc))?
    else {
        return Ok(false);
    };
    default_print(nd, p, caplen)?;
    Ok(true)
}

/// tcpdump's `ieee802_15_4_print`: returns what tcpdump counts as the header length (1 when
/// the frame was printed, 0 after an error).
fn print(nd: &mut Nd<'_>, p: &[u8]) -> Res<usize> {
    nd.proto = "802.15.4";
    let caplen = p.len();
    if caplen < 2 {
        nd.trunc();
        return Ok(caplen);
    }
    let fc = le16(p, 0)?;
    let frame_type = usize::from(fc & 0x7);
    nd.f(format_args!("IEEE 802.15.4 {} packet ", FTYPES[frame_type]));
    let ok = match frame_type {
        0..=3 => std_frames(nd, p, caplen, fc)?,
        5 => mp_frame(nd, p, caplen, fc)?,
        // Reserved, fragment (not decoded) and extended frames.
        _ => false,
    };
    Ok(usize::from(ok))
}

/// DLT_IEEE802_15_4_WITHFCS and DLT_IEEE802_15_4_NOFCS (the FCS is recognised by its CRC).
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8]) -> Res<usize> {
    print(nd, p)
}

/// DLT_IEEE802_15_4_TAP: a TLV pseudo-header, then the frame.
pub(crate) fn tap_if_print(nd: &mut Nd<'_>, p: &[u8]) -> Res<usize> {
    nd.proto = "802.15.4_tap";
    if p.len() < 4 {
        nd.trunc();
        return Ok(p.len());
    }
    let version = u8at(p, 0)?;
    let length = usize::from(le16(p, 2)?);
    if version != 0 || length < 4 {
        nd.invalid();
        return Ok(0);
    }
    if p.len() < length {
        nd.trunc();
        return Ok(p.len());
    }
    Ok(print(nd, &p[length..])? + length)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn command_with_wrong_fcs() {
        check_n(
            195,
            "-vvv",
            "63cc01aaaa0100000000000000000200000000000000018e",
            "IEEE 802.15.4 Command packet v0 AR, PAN ID Compression, seq 01 aaaa:00:00:00:00:00:00:00:01 < -:00:00:00:00:00:00:02:00 wrong FCS 8e01 vs f13f (assume no FCS stored) Command ID = Reserved 0x00 Command Data = 01 8e \n\t0x0000:  018e                                     ..",
        );
    }

    #[test]
    fn header_ies() {
        check_n(
            195,
            "-vvvv",
            "0122cd010000ffff020000000000000000410d1e0201007e0f0e881a0c0102030405060708",
            "IEEE 802.15.4 Data packet v2 IE present, seq cd -:none < -:none \n\tVendor Specific Header IE [ length = 1, [ERROR: Vendor OUI missing]] [ERROR: Header IE with type 1] Reserved Element ID ff, length = 127 [ERROR: Truncated IE data]",
        );
    }

    #[test]
    fn truncated_source() {
        check_n(
            195,
            "-vvv",
            "23c801aaaabbbb010203",
            "IEEE 802.15.4 Command packet v0 AR, seq 01 aaaa:bbbb < 0201:[ERROR: Truncated before dst_addr]",
        );
    }
}
