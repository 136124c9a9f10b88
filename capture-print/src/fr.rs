//! Frame Relay, as tcpdump's print-fr.c: the Q.922 address, the NLPID or Cisco ethertype
//! encapsulation and its payload, FRF.15 and FRF.16 (multilink) fragmentation, and Q.933
//! signalling (LMI link verification and PVC status).
use super::ether::{self, ETHERTYPES};
use super::nlpid;
use super::util::Tok;
use super::{Nd, Res, ascii, be16, be32, ip, ip6, ppp, tail, u8at};

const UI: u8 = 0x03;

/// The command/response, congestion and discard-eligibility bits, placed as tcpdump keeps
/// them in one word.
const HEADER_FLAGS: &Tok = &[
    (0x0200_0000, "C!"),
    (0x0002_0000, "DE"),
    (0x0004_0000, "BECN"),
    (0x0008_0000, "FECN"),
    (0x0000_0002, "sdlcore"),
];

/// FRF.15/FRF.16 fragment bits: begin, end, control.
const B_BIT: u8 = 0x80;
const E_BIT: u8 = 0x40;
const C_BIT: u8 = 0x20;
const BEC_MASK: u8 = B_BIT | E_BIT | C_BIT;
const CTRL_FRAME: u8 = B_BIT | E_BIT | C_BIT;
const FRAG_FRAME: u8 = B_BIT | E_BIT;

const FRF_FLAGS: &Tok = &[(0x80, "Begin"), (0x40, "End"), (0x20, "Control")];

/// A parsed Q.922 address.
struct Q922 {
    dlci: u32,
    addr_len: usize,
    flags: u32,
}

/// The outcome of reading a Q.922 address.
enum Addr {
    Ok(Q922),
    Invalid,
    Truncated,
}

/// Reads a Q.922 address of 2, 3 or 4 bytes (tcpdump's `parse_q922_header`).
fn parse_q922(p: &[u8], length: usize) -> Addr {
    let (Some(&b0), true) = (p.first(), length >= 1) else {
        return Addr::Truncated;
    };
    if b0 & 1 != 0 {
        return Addr::Invalid;
    }
    let (Some(&b1), true) = (p.get(1), length >= 2) else {
        return Addr::Truncated;
    };
    let mut q = Q922 {
        dlci: (u32::from(b0 & 0xfc) << 2) | u32::from((b1 & 0xf0) >> 4),
        addr_len: 2,
        flags: (u32::from(b0 & 0x02) << 24) | (u32::from(b1 & 0x0e) << 16),
    };
    if b1 & 1 != 0 {
        return Addr::Ok(q);
    }
    let mut i = 2;
    let mut length = length - 2;
    let (Some(&b2), true) = (p.get(2), length >= 1) else {
        return Addr::Truncated;
    };
    q.addr_len = 3;
    if b2 & 1 == 0 {
        q.dlci = (q.dlci << 7) | u32::from(b2 >> 1);
        q.addr_len = 4;
        i = 3;
        length -= 1;
    }
    let (Some(&last), true) = (p.get(i), length >= 1) else {
        return Addr::Truncated;
    };
    if last & 1 == 0 {
        return Addr::Invalid;
    }
    q.flags |= u32::from(last & 0x02);
    q.dlci = (q.dlci << 6) | u32::from(last >> 2);
    Addr::Ok(q)
}

/// tcpdump's `q922_string`: a Q.922 address as ARP prints a Frame Relay hardware address.
pub(crate) fn q922_string(nd: &mut Nd<'_>, p: &[u8]) {
    match parse_q922(p, p.len()) {
        Addr::Ok(q) => nd.f(format_args!("DLCI {}", q.dlci)),
        Addr::Invalid => nd.s("<Invalid DLCI>"),
        Addr::Truncated => nd.s("<Truncated>"),
    }
}

/// The `-e` header line (and the one shown before payloads nothing decodes).
fn hdr_print(nd: &mut Nd<'_>, length: usize, addr_len: usize, q: &Q922, nlpid: u16) {
    if nd.opts.quiet {
        nd.f(format_args!("Q.922, DLCI {}, length {length}: ", q.dlci));
        return;
    }
    nd.f(format_args!(
        "Q.922, hdr-len {addr_len}, DLCI {}, Flags [",
        q.dlci
    ));
    nd.bittok2str(HEADER_FLAGS, "none", q.flags);
    if nlpid <= 0xff {
        nd.s("], NLPID ");
        nd.tok2str(nlpid::VALUES, "unknown", u32::from(nlpid));
        nd.f(format_args!(" (0x{nlpid:02x}), length {length}: "));
    } else {
        nd.s("], cisco-ethertype ");
        nd.tok2str(ETHERTYPES, "unknown", u32::from(nlpid));
        nd.f(format_args!(" (0x{nlpid:04x}), length {length}: "));
    }
}

/// Link type FRELAY. Returns the link header's length.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "fr";
    if p.len() < 4 {
        nd.trunc();
        return Ok(p.len());
    }
    print(nd, p, wirelen)
}

/// tcpdump's `fr_print`: a Frame Relay frame from its Q.922 address on. Returns the length
/// of the headers before the payload (0 when the frame was not decoded).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "fr";
    let q = match parse_q922(p, length) {
        Addr::Ok(q) => q,
        Addr::Invalid => {
            nd.s("Q.922, invalid address");
            return Ok(0);
        }
        Addr::Truncated => {
            nd.trunc();
            return Ok(0);
        }
    };
    let addr_len = q.addr_len;
    if p.len() <= addr_len || length < addr_len + 1 {
        nd.trunc();
        return Ok(0);
    }
    let control = p[addr_len];
    if control != UI && q.dlci != 0 {
        // Cisco's encapsulation: an ethertype right after the address.
        if p.len() < addr_len + 2 || length < addr_len + 2 {
            nd.f(format_args!("UI {control:02x}! "));
        } else {
            let et = be16(p, addr_len)?;
            if nd.opts.link_header {
                hdr_print(nd, length, addr_len, &q, et);
            }
            if ether::ethertype_print(nd, et, tail(p, addr_len + 2), length - addr_len - 2, None) {
                return Ok(addr_len + 2);
            }
            nd.f(format_args!("UI {control:02x}! "));
        }
    }
    if p.len() <= addr_len + 1 || length < addr_len + 2 {
        nd.trunc();
        return Ok(0);
    }
    let hdr_len = if p[addr_len + 1] == 0 {
        // A pad byte after the control byte, which belongs only with 3-byte addresses.
        if addr_len != 3 {
            nd.s("Pad! ");
        }
        addr_len + 3
    } else {
        if addr_len == 3 {
            nd.s("No pad! ");
        }
        addr_len + 2
    };
    if p.len() < hdr_len || length < hdr_len {
        nd.trunc();
        return Ok(0);
    }
    let nlpid = p[hdr_len - 1];
    if nd.opts.link_header {
        hdr_print(nd, length, addr_len, &q, u16::from(nlpid));
    }
    let body = tail(p, hdr_len);
    let length = length - hdr_len;
    match nlpid {
        nlpid::IP => ip::print(nd, body, length)?,
        nlpid::IP6 => ip6::print(nd, body, length)?,
        // The OSI printers want the NLPID byte.
        0x81..=0x83 => super::isoclns::print(nd, tail(p, hdr_len - 1), length + 1)?,
        nlpid::SNAP => {
            if !super::llc::snap_print(nd, body, length, None, 0)? {
                if !nd.opts.link_header {
                    hdr_print(nd, length + hdr_len, hdr_len, &q, u16::from(nlpid));
                }
                if !nd.opts.suppress_default_print() {
                    ascii::hex_and_ascii_len(nd, p, length + hdr_len)?;
                }
            }
        }
        nlpid::Q933 => q933_print(nd, body, length)?,
        nlpid::MFR => frf15(nd, body, length)?,
        nlpid::PPP => {
            ppp::print(nd, body, length)?;
        }
        _ => {
            if !nd.opts.link_header {
                hdr_print(nd, length + hdr_len, addr_len, &q, u16::from(nlpid));
            }
            if nd.opts.hex == 0 {
                ascii::hex_and_ascii_len(nd, body, length)?;
            }
        }
    }
    Ok(hdr_len)
}

/// Link type MFR (FRF.16 multilink Frame Relay). Returns the link header's length.
pub(crate) fn mfr_if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "mfr";
    if p.len() < 2 {
        nd.trunc();
        return Ok(p.len());
    }
    mfr_print(nd, p, wirelen)
}

const MFR_MSGS: &Tok = &[
    (1, "Add Link"),
    (2, "Add Link ACK"),
    (3, "Add Link Reject"),
    (4, "Hello"),
    (5, "Hello ACK"),
    (6, "Remove Link"),
    (7, "Remove Link ACK"),
];

const MFR_IES: &Tok = &[
    (1, "Bundle ID"),
    (2, "Link ID"),
    (3, "Magic Number"),
    (5, "Timestamp"),
    (6, "Vendor Extension"),
    (7, "Cause"),
];

/// At most this many characters of a bundle or link name are shown.
const MFR_ID_STRING_MAXLEN: usize = 50;

/// tcpdump's `mfr_print`: an FRF.16 control frame and its information elements, or a
/// fragment (a first or whole one holds a Frame Relay frame). Returns the header length.
pub(crate) fn mfr_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "mfr";
    if length < 4 {
        nd.f(format_args!("[length {length} < 4]"));
        nd.invalid();
        return Ok(length);
    }
    if p.len() < 4 {
        nd.trunc();
        return Ok(length);
    }
    let flags = p[0] & BEC_MASK;
    if flags == CTRL_FRAME && p[1] == 0 {
        nd.s("FRF.16 Control, Flags [");
        nd.bittok2str(FRF_FLAGS, "none", u32::from(flags));
        nd.s("], ");
        nd.tok2str(MFR_MSGS, "Unknown Message (0x%02x)", u32::from(p[2]));
        nd.f(format_args!(", length {length}"));
        let hdr_len = 3;
        if nd.opts.verbose == 0 {
            return Ok(hdr_len);
        }
        // tcpdump's remaining length is unsigned and wraps around when an element claims more
        // than is left; the reads then fail at the end of the captured data.
        let mut tlen = (length - 3) as u32;
        let mut t = 3;
        while tlen > 2 {
            if p.len() < t + 2 {
                nd.trunc();
                return Ok(length);
            }
            let ie_type = p[t];
            let ie_len = usize::from(p[t + 1]);
            nd.s("\n\tIE ");
            nd.tok2str(MFR_IES, "Unknown", u32::from(ie_type));
            nd.f(format_args!(" ({ie_type}), length {ie_len}: "));
            if ie_type == 0 || ie_len <= 2 {
                return Ok(hdr_len);
            }
            if p.len() < t + ie_len {
                nd.trunc();
                return Ok(length);
            }
            t += 2;
            let ie_len = ie_len - 2;
            tlen = tlen.wrapping_sub(2);
            let data = tail(p, t);
            match ie_type {
                3 => {
                    if ie_len != 4 {
                        nd.f(format_args!("[IE data length {ie_len} != 4]"));
                        nd.invalid();
                    } else {
                        nd.f(format_args!("0x{:08x}", be32(data, 0)?));
                    }
                }
                1 | 2 => {
                    for &c in data.iter().take(ie_len.min(MFR_ID_STRING_MAXLEN)) {
                        if c == 0 {
                            break;
                        }
                        nd.print_char(c);
                    }
                }
                5 if ie_len == 16 => timeval(nd, data)?,
                _ => {
                    if nd.opts.verbose <= 1 {
                        nd.print_unknown_data(data, "\n\t  ", ie_len);
                    }
                }
            }
            if nd.opts.verbose > 1 {
                nd.print_unknown_data(data, "\n\t  ", ie_len);
            }
            tlen = tlen.wrapping_sub(ie_len as u32);
            t += ie_len;
        }
        return Ok(hdr_len);
    }
    let seq = (u32::from(p[0] & 0x1e) << 7) | u32::from(p[1]);
    if flags == FRAG_FRAME || flags == B_BIT {
        // A whole frame or a first fragment: the Frame Relay header follows.
        nd.f(format_args!("FRF.16 Frag, seq {seq}, Flags ["));
        nd.bittok2str(FRF_FLAGS, "none", u32::from(flags));
        nd.s("], ");
        print(nd, tail(p, 2), length - 2)?;
        return Ok(2);
    }
    nd.f(format_args!("FRF.16 Frag, seq {seq}, Flags ["));
    nd.bittok2str(FRF_FLAGS, "none", u32::from(flags));
    nd.s("]");
    nd.print_unknown_data(p, "\n\t", length);
    Ok(0)
}

/// A Timestamp element's `struct timeval` (two host-order 64-bit words, as tcpdump reads it
/// in place), printed as tcpdump's `ts_print` prints a time in the stateless `-t` formats.
fn timeval(nd: &mut Nd<'_>, data: &[u8]) -> Res {
    /// The latest second glibc's `localtime` converts (its year must fit an `int`).
    const LAST_CONVERTIBLE: i64 = 67_768_036_191_676_799;
    let sec = super::le64(data, 0)? as i64;
    let usec = super::le64(data, 8)? as u32;
    let t = nd.opts.timestamp;
    if t == 1 {
        return Ok(());
    }
    if sec as u32 & 0x8000_0000 != 0 || (t != 2 && !(0..=LAST_CONVERTIBLE).contains(&sec)) {
        nd.s("[Error converting time] ");
        return Ok(());
    }
    let mut clock = super::time::LocalClock::default();
    match t {
        2 => nd.f(format_args!("{}", sec as u32)),
        4 => {
            let (y, mo, d, h, m, s) = clock.ymdhms(sec);
            nd.f(format_args!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02}:{s:02}"));
        }
        _ => {
            let (h, m, s) = clock.hms(sec);
            nd.f(format_args!("{h:02}:{m:02}:{s:02}"));
        }
    }
    if nd.opts.nano {
        nd.f(format_args!(".{usec:09} "));
    } else {
        nd.f(format_args!(".{usec:06} "));
    }
    Ok(())
}

/// FRF.15 end-to-end fragmentation: the fragment header (the payload is not reassembled).
fn frf15(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if length < 2 {
        nd.trunc();
        return Ok(());
    }
    let b0 = u8at(p, 0)?;
    let seq = (u32::from(b0 & 0x1e) << 7) | u32::from(u8at(p, 1)?);
    nd.f(format_args!("FRF.15, seq 0x{seq:03x}, Flags ["));
    nd.bittok2str(FRF_FLAGS, "none", u32::from(b0 & BEC_MASK));
    nd.f(format_args!(
        "],{} Fragmentation, length {length}",
        if b0 & 1 != 0 {
            "Interface"
        } else {
            "End-to-End"
        }
    ));
    Ok(())
}

const Q933_MSGS: &Tok = &[
    (0x00, "ESC to National"),
    (0x01, "Alert"),
    (0x02, "Call proceeding"),
    (0x07, "Connect"),
    (0x0f, "Connect ACK"),
    (0x03, "Progress"),
    (0x05, "Setup"),
    (0x45, "Disconnect"),
    (0x4d, "Release"),
    (0x5a, "Release Complete"),
    (0x46, "Restart"),
    (0x4e, "Restart ACK"),
    (0x7d, "Status Reply"),
    (0x75, "Status Enquiry"),
];

/// The information elements of codesets 0 and 5 (the only ones tcpdump knows).
const Q933_IES: &Tok = &[
    (0x01, "ANSI Report Type"),
    (0x19, "ANSI Link Verify"),
    (0x03, "ANSI Link Verify"),
    (0x07, "ANSI PVC Status"),
    (0x51, "CCITT Report Type"),
    (0x53, "CCITT Link Verify"),
    (0x57, "CCITT PVC Status"),
];

const REPORT_TYPES: &Tok = &[
    (0, "Full Status"),
    (1, "Link verify"),
    (2, "Async PVC Status"),
];

/// tcpdump's `q933_print`: Q.933 (and Q.931) signalling, from the call reference length on.
pub(crate) fn q933_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "q.933";
    let e = nd.opts.link_header;
    if !e {
        nd.s("Q.933");
    }
    let olen = length;
    // The message ends before its header does: its length, and the mark.
    let short = |nd: &mut Nd<'_>, len: usize| {
        if !e {
            nd.s(", ");
        }
        nd.f(format_args!("length {len}"));
        nd.trunc();
    };
    if length == 0 || p.is_empty() {
        short(nd, length);
        return Ok(());
    }
    let call_ref_len = usize::from(p[0] & 0x0f);
    let mut i = 1;
    let mut length = length - 1;
    for _ in 0..call_ref_len {
        if length == 0 || p.len() <= i {
            short(nd, olen);
            return Ok(());
        }
        i += 1;
        length -= 1;
    }
    let call_ref = &p[1..1 + call_ref_len];
    if length == 0 || p.len() <= i {
        short(nd, olen);
        return Ok(());
    }
    let msgtype = p[i];
    i += 1;
    length -= 1;
    let mut codeset = 0u8;
    let mut is_ansi = false;
    let mut non_locking_shift = 0;
    let mut unshift_codeset = codeset;
    if length != 0 {
        let Some(&iecode) = p.get(i) else {
            short(nd, olen);
            return Ok(());
        };
        if iecode & 0xf0 == 0x90 {
            // A leading shift.
            i += 1;
            length -= 1;
            codeset = iecode & 0x07;
            if iecode & 0x08 == 0 {
                // A locking shift to codeset 5 is T1.617 Annex D (ANSI).
                if codeset == 5 {
                    is_ansi = true;
                }
            } else {
                non_locking_shift = 1;
                unshift_codeset = 0;
            }
        }
    }
    if !e {
        nd.s(", ");
    }
    nd.f(format_args!(
        "{}, codeset {codeset}",
        if is_ansi { "ANSI" } else { "CCITT" }
    ));
    // tcpdump tests the byte after the message type, not the call reference, for a dummy
    // (zero) call reference.
    if call_ref_len != 0 && (call_ref_len > 1 || u8at(p, i)? != 0) {
        nd.s(", Call Ref: 0x");
        for c in call_ref {
            nd.f(format_args!("{c:02x}"));
        }
    }
    let v = nd.opts.verbose;
    if v > 0 {
        nd.s(", ");
        nd.tok2str(Q933_MSGS, "unknown message", u32::from(msgtype));
        nd.f(format_args!(" (0x{msgtype:02x}), length {olen}"));
    } else {
        nd.s(", ");
        nd.tok2str(Q933_MSGS, "unknown message 0x%02x", u32::from(msgtype));
    }
    let ie_trunc = |nd: &mut Nd<'_>| {
        if v == 0 {
            nd.f(format_args!(", length {olen}"));
        }
        nd.trunc();
    };
    while length != 0 {
        if non_locking_shift == 1 {
            // The shift applies to this element only.
            non_locking_shift = 2;
        } else if non_locking_shift == 2 {
            codeset = unshift_codeset;
            non_locking_shift = 0;
        }
        let Some(&iecode) = p.get(i) else {
            ie_trunc(nd);
            return Ok(());
        };
        i += 1;
        length -= 1;
        if iecode & 0x80 != 0 {
            // A single-octet element: only shifts matter.
            if iecode & 0xf0 == 0x90 {
                if iecode & 0x08 == 0 {
                    non_locking_shift = 0;
                } else {
                    non_locking_shift = 1;
                    unshift_codeset = codeset;
                }
                codeset = iecode & 0x07;
            }
            continue;
        }
        let ielength = match p.get(i) {
            Some(&l) if length != 0 => usize::from(l),
            _ => {
                ie_trunc(nd);
                return Ok(());
            }
        };
        i += 1;
        length -= 1;
        let known_set = codeset == 0 || codeset == 5;
        if v > 0 {
            nd.s("\n\t");
            if known_set {
                nd.tok2str(Q933_IES, "unknown", u32::from(iecode));
            } else {
                nd.s("unknown");
            }
            nd.f(format_args!(" IE (0x{iecode:02x}), length {ielength}: "));
        }
        if iecode == 0 || ielength == 0 {
            return Ok(());
        }
        if length < ielength || !super::has(p, i, ielength) {
            ie_trunc(nd);
            return Ok(());
        }
        let ie = &p[i..i + ielength];
        let known = known_set && ie_codeset_0_5(nd, iecode, ie);
        if known {
            if v > 1 {
                nd.print_unknown_data(ie, "\n\t  ", ielength);
            }
        } else if v >= 1 {
            nd.print_unknown_data(ie, "\n\t", ielength);
        }
        length -= ielength;
        i += ielength;
    }
    if v == 0 {
        nd.f(format_args!(", length {olen}"));
    }
    Ok(())
}

/// An element of codeset 0 or 5 (LMI report type, link verification, PVC status); false if
/// tcpdump does not decode it. `ie` is the whole, captured element.
fn ie_codeset_0_5(nd: &mut Nd<'_>, iecode: u8, ie: &[u8]) -> bool {
    let v = nd.opts.verbose;
    match iecode {
        0x01 | 0x51 => {
            if v > 0 {
                nd.tok2str(REPORT_TYPES, "unknown", u32::from(ie[0]));
                nd.f(format_args!(" ({})", ie[0]));
            }
            true
        }
        0x03 | 0x53 | 0x19 => {
            if v == 0 {
                nd.s(", ");
            }
            if ie.len() < 2 {
                nd.s("Invalid LINK VERIFY IE");
            } else {
                nd.f(format_args!("TX Seq: {:3}, RX Seq: {:3}", ie[0], ie[1]));
            }
            true
        }
        0x07 | 0x57 => {
            if v == 0 {
                nd.s(", ");
            }
            let n = ie.len();
            let ext = |k: usize| ie[k] & 0x80 != 0;
            let invalid = n < 3
                || ext(0)
                || (n == 3 && !ext(1))
                || (n == 4 && (ext(1) || !ext(2)))
                || (n == 5 && (ext(1) || ext(2) || !ext(3)))
                || n > 5
                || !ext(n - 1);
            if invalid {
                nd.s("Invalid DLCI in PVC STATUS IE");
                return true;
            }
            let mut dlci = (u32::from(ie[0] & 0x3f) << 4) | u32::from((ie[1] & 0x78) >> 3);
            if n == 4 {
                dlci = (dlci << 6) | u32::from((ie[2] & 0x7e) >> 1);
            } else if n == 5 {
                dlci = (dlci << 13) | u32::from(ie[2] & 0x7f) | u32::from((ie[3] & 0x7e) >> 1);
            }
            let status = ie[n - 1];
            nd.f(format_args!(
                "DLCI {dlci}: status {}{}",
                if status & 0x8 != 0 { "New, " } else { "" },
                if status & 0x2 != 0 {
                    "Active"
                } else {
                    "Inactive"
                }
            ));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    fn case(lt: i32, flags: &str, hex: &str, expected: &str) {
        check(lt, flags, hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn q933_lmi() {
        case(
            107,
            "-n -v",
            "18410308007d9501030101035302aabb",
            "Q.933, ANSI, codeset 5, Status Reply (0x7d), length 12\
             \n\tANSI Report Type IE (0x01), length 3: Link verify (1)\
             \n\tCCITT Link Verify IE (0x53), length 2: TX Seq: 170, RX Seq: 187",
        );
        case(
            107,
            "-n",
            "18410308007d950103010100570301",
            "Q.933, ANSI, codeset 5, Status Reply, length 11 [|q.933]",
        );
    }

    #[test]
    fn nlpids_and_fragments() {
        case(
            107,
            "-n",
            "184103b18012",
            "FRF.15, seq 0x012, Flags [Begin],End-to-End Fragmentation, length 2",
        );
        case(
            107,
            "-n",
            "18410358aa",
            "Q.922, hdr-len 2, DLCI 100, Flags [none], NLPID unknown (0x58), length 5: \
             \n\t0x0000:  aa                                       .",
        );
        case(107, "-n", "1801", " [|fr]");
    }

    #[test]
    fn mfr() {
        case(
            182,
            "-n -v",
            "e1000101030a0102030406050041424344",
            "FRF.16 Control, Flags [Begin, End, Control], Add Link, length 17\
             \n\tIE Bundle ID (1), length 3: ^J\n\tIE Bundle ID (1), length 2: ",
        );
        case(
            182,
            "-n -v",
            "e100040306aabbccdd0500",
            "FRF.16 Control, Flags [Begin, End, Control], Hello, length 11\
             \n\tIE Magic Number (3), length 6: 0xaabbccdd",
        );
        case(
            182,
            "-n",
            "40030102030405",
            "FRF.16 Frag, seq 3, Flags [End]\n\t0x0000:  4003 0102 0304 05",
        );
        case(182, "-n", "0004", "[length 2 < 4] (invalid)");
    }

    proptest::proptest! {
        #[test]
        fn random_frame_relay_never_panics(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
                                           head in proptest::sample::select(vec![
                                               0x1841_0308u32, 0x1841_03b1, 0x1841_03cc, 0x1841_0300, 0x1841_0800,
                                               0xe100_0101, 0xc001_1841, 0x4003_0102, 0x1801_0203]),
                                           lt in proptest::sample::select(vec![107, 182]),
                                           v in 0u8..4, e: bool, q: bool) {
            let mut data = head.to_be_bytes().to_vec();
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, link_header: e, quiet: q, numeric: 1, timestamp: 2, ..Default::default() };
            let _ = print_one(opts, lt, &data);
        }
    }
}
