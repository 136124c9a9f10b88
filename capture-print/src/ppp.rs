//! PPP (RFC 1661) as tcpdump's print-ppp.c: the PPP header with or without address/control
//! and protocol compression, HDLC-like framing with octet escapes (RFC 1662), the control
//! protocols (LCP, IPCP, IP6CP, CCP, BACP and the options of each), PAP, CHAP and Multilink
//! PPP, and the payloads PPP carries. Also the link types PPP uses: PPP, PPP for pppd, PPP in
//! HDLC-like framing (PPP_SERIAL) and BSD/OS PPP.
use super::oui::OUI_VALUES;
use super::util::{Tok, tok2str};
use super::{Nd, Res, be16, be24, be32, chdlc, ip, ip6, mpls, tail, tok, u8at};

/// IPv4.
pub(crate) const PPP_IP: u16 = 0x0021;
/// Van Jacobson uncompressed TCP/IP.
pub(crate) const PPP_VJNC: u16 = 0x002f;
/// Multilink PPP.
pub(crate) const PPP_ML: u16 = 0x003d;
/// IPv6.
pub(crate) const PPP_IPV6: u16 = 0x0057;
/// Compressed datagram.
pub(crate) const PPP_COMP: u16 = 0x00fd;
/// MPLS unicast.
pub(crate) const PPP_MPLS_UCAST: u16 = 0x0281;
/// MPLS multicast.
pub(crate) const PPP_MPLS_MCAST: u16 = 0x0283;
const PPP_OSI: u16 = 0x0023;
const PPP_IPX: u16 = 0x002b;
const PPP_IPCP: u16 = 0x8021;
const PPP_OSICP: u16 = 0x8023;
const PPP_IPV6CP: u16 = 0x8057;
const PPP_CCP: u16 = 0x80fd;
const PPP_MPLSCP: u16 = 0x8281;
const PPP_LCP: u16 = 0xc021;
const PPP_PAP: u16 = 0xc023;
const PPP_LQM: u16 = 0xc025;
const PPP_SPAP: u16 = 0xc027;
const PPP_CHAP: u16 = 0xc223;
const PPP_BACP: u16 = 0xc02b;
const PPP_BAP: u16 = 0xc02d;
const PPP_SPAP_OLD: u16 = 0xc123;
const PPP_EAP: u16 = 0xc227;

/// tcpdump's `ppptype2str`: the names of PPP protocol numbers.
pub(crate) const PPPTYPES: &Tok = &[
    (0x0021, "IP"),
    (0x0023, "OSI"),
    (0x0025, "NS"),
    (0x0027, "DECNET"),
    (0x0029, "APPLE"),
    (0x002b, "IPX"),
    (0x002d, "VJC IP"),
    (0x002f, "VJNC IP"),
    (0x0031, "BRPDU"),
    (0x0033, "STII"),
    (0x0035, "VINES"),
    (0x0281, "MPLS"),
    (0x0283, "MPLS"),
    (0x00fd, "Compressed"),
    (0x003d, "MLPPP"),
    (0x0057, "IP6"),
    (0x0201, "HELLO"),
    (0x0231, "LUXCOM"),
    (0x0233, "SNS"),
    (0x8021, "IPCP"),
    (0x8023, "OSICP"),
    (0x8025, "NSCP"),
    (0x8027, "DECNETCP"),
    (0x8029, "APPLECP"),
    (0x802b, "IPXCP"),
    (0x8033, "STIICP"),
    (0x8035, "VINESCP"),
    (0x8057, "IP6CP"),
    (0x8281, "MPLSCP"),
    (0xc021, "LCP"),
    (0xc023, "PAP"),
    (0xc025, "LQM"),
    (0xc223, "CHAP"),
    (0xc227, "EAP"),
    (0xc027, "SPAP"),
    (0xc123, "Old-SPAP"),
    (0xc02b, "BACP"),
    (0xc02d, "BAP"),
    (0xc03d, "MLPPP-CP"),
    (0x80fd, "CCP"),
];

/// Control protocol codes (RFC 1661, 1570, 1962, 2153).
const CPCODES: &Tok = &[
    (0, "Vendor-Extension"),
    (1, "Conf-Request"),
    (2, "Conf-Ack"),
    (3, "Conf-Nack"),
    (4, "Conf-Reject"),
    (5, "Term-Request"),
    (6, "Term-Ack"),
    (7, "Code-Reject"),
    (8, "Prot-Reject"),
    (9, "Echo-Request"),
    (10, "Echo-Reply"),
    (11, "Disc-Req"),
    (12, "Ident"),
    (13, "Time-Rem"),
    (14, "Reset-Req"),
    (15, "Reset-Ack"),
];

/// LCP option names, indexed by option type.
const LCP_OPTS: [&str; 31] = [
    "Vend-Ext",
    "MRU",
    "ACCM",
    "Auth-Prot",
    "Qual-Prot",
    "Magic-Num",
    "deprecated(6)",
    "PFC",
    "ACFC",
    "FCS-Alt",
    "SDP",
    "Num-Mode",
    "deprecated(12)",
    "Call-Back",
    "deprecated(14)",
    "deprecated(15)",
    "deprecated(16)",
    "MRRU",
    "12-Bit seq #",
    "End-Disc",
    "Proprietary",
    "DCE-Id",
    "MP+",
    "Link-Disc",
    "LCP-Auth-Opt",
    "COBS",
    "Prefix-elision",
    "Multilink-header-Form",
    "I18N",
    "SDL-over-SONET/SDH",
    "PPP-Muxing",
];

const CCP_OPTS: &Tok = &[
    (0, "OUI"),
    (1, "Pred-1"),
    (2, "Pred-2"),
    (3, "Puddle"),
    (16, "HP-PPC"),
    (17, "Stac-LZS"),
    (18, "MPPC"),
    (19, "Gand-FZA"),
    (20, "V.42bis"),
    (21, "BSD-Comp"),
    (23, "LZS-DCP"),
    (24, "MVRCA"),
    (25, "DEC"),
    (26, "Deflate"),
    (255, "Reserved"),
];

const BACP_OPTS: &Tok = &[(1, "Favored-Peer")];

const IPCP_OPTS: &Tok = &[
    (1, "IP-Addrs"),
    (2, "IP-Comp"),
    (3, "IP-Addr"),
    (4, "Home-Addr"),
    (129, "Pri-DNS"),
    (130, "Pri-NBNS"),
    (131, "Sec-DNS"),
    (132, "Sec-NBNS"),
];

/// IP header compression (RFC 3544) in the IPCP IP-Comp option.
const IPCOMP_HDRCOMP: u16 = 0x61;
/// The IP-Comp option's length up to its suboptions, with IP header compression.
const IPCOMP_MINLEN: usize = 14;

const IPCP_COMPPROTOS: &Tok = &[(0x002d, "VJ-Comp"), (0x61, "IP Header Compression")];

const IPCP_COMP_SUBOPTS: &Tok = &[(1, "RTP-Compression"), (2, "Enhanced RTP-Compression")];

const IP6CP_OPTS: &Tok = &[(1, "Interface-ID")];

const AUTHALGS: &Tok = &[(5, "MD5"), (128, "MS-CHAPv1"), (129, "MS-CHAPv2")];

const CALLBACK_OPS: &Tok = &[
    (0, "UserAuth"),
    (1, "DialString"),
    (2, "LocalID"),
    (3, "E.164"),
    (4, "X.500"),
    (6, "CBCP"),
];

const CHAP_CODES: &Tok = &[
    (1, "Challenge"),
    (2, "Response"),
    (3, "Success"),
    (4, "Fail"),
];

const PAP_CODES: &Tok = &[(1, "Auth-Req"), (2, "Auth-ACK"), (3, "Auth-NACK")];

const ML_FLAGS: &Tok = &[(0x80, "begin"), (0x40, "end")];

/// tcpdump's `ppp_print`: a PPP frame from its address/control fields (if present) on.
/// Returns the length of the PPP header.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "ppp";
    let olen = length;
    if length < 2 {
        nd.trunc();
        return Ok(0);
    }
    let mut off = 0;
    let mut length = length;
    match be16(p, 0)? {
        // pppd's direction byte in place of the address (DLT_PPP_PPPD).
        0x0003 | 0x0103 | 0xff03 => {
            if nd.opts.link_header {
                match p[0] {
                    0x00 => nd.s("In  "),
                    0x01 => nd.s("Out "),
                    _ => {}
                }
            }
            off = 2;
            length -= 2;
        }
        _ => {}
    }
    if length < 2 {
        nd.trunc();
        return Ok(0);
    }
    let proto = if u8at(p, off)? % 2 == 1 {
        // Protocol field compression: a one-byte protocol.
        off += 1;
        length -= 1;
        u16::from(p[off - 1])
    } else {
        let v = be16(p, off)?;
        off += 2;
        length -= 2;
        v
    };
    if nd.opts.link_header {
        match tok(PPPTYPES, u32::from(proto)) {
            Some(name) => nd.f(format_args!("{name} (0x{proto:04x}), length {olen}: ")),
            None => {
                nd.f(format_args!("unknown (0x{proto:04x}), length {olen}"));
                return Ok(off);
            }
        }
    }
    handle(nd, proto, p, off, length)?;
    Ok(off)
}

/// tcpdump's `handle_ppp`: the payload of protocol `proto`, at `off` in `buf` (the frame from
/// its start, as some printers dump the bytes before the payload).
fn handle(nd: &mut Nd<'_>, proto: u16, buf: &[u8], off: usize, length: usize) -> Res {
    let p = tail(buf, off);
    if proto & 0xff00 == 0x7e00 {
        // A flag sequence where the protocol should be: HDLC-like framing, unescape from the
        // second byte of that "protocol" on.
        return hdlc(nd, tail(buf, off.saturating_sub(1)), length);
    }
    match proto {
        PPP_LCP | PPP_IPCP | PPP_OSICP | PPP_MPLSCP | PPP_IPV6CP | PPP_CCP | PPP_BACP => {
            ctrl_proto(nd, proto, buf, off, length)
        }
        PPP_ML => mlppp(nd, p, length),
        PPP_CHAP => chap(nd, p, length),
        PPP_PAP => pap(nd, p, length),
        // BAP is not decoded.
        PPP_BAP => Ok(()),
        0x0800 | PPP_VJNC | PPP_IP => ip::print(nd, p, length),
        0x86dd | PPP_IPV6 => ip6::print(nd, p, length),
        0x8137 | PPP_IPX => super::ipx::print(nd, p, length),
        PPP_OSI => super::isoclns::print(nd, p, length),
        PPP_MPLS_UCAST | PPP_MPLS_MCAST => mpls::print(nd, p, length),
        PPP_COMP => {
            nd.s("compressed PPP data");
            Ok(())
        }
        _ => {
            nd.tok2str(PPPTYPES, "unknown PPP protocol (0x%04x)", u32::from(proto));
            nd.s(" ");
            nd.print_unknown_data(p, "\n\t", length);
            Ok(())
        }
    }
}

/// The option printer of a control protocol, if tcpdump has one.
type OptPrinter = fn(&mut Nd<'_>, &[u8], usize) -> Res<usize>;

/// tcpdump's `handle_ctrl_proto`: LCP, IPCP, IP6CP, CCP, BACP and the other control
/// protocols, whose packets share one format.
fn ctrl_proto(nd: &mut Nd<'_>, proto: u16, buf: &[u8], off: usize, length: usize) -> Res {
    let p = tail(buf, off);
    let typestr = tok2str(PPPTYPES, "unknown ctrl-proto (0x%04x)", u32::from(proto));
    nd.s(&typestr);
    nd.s(", ");
    if length < 4 || p.len() < 2 {
        nd.f(format_args!("[|{typestr}]"));
        return Ok(());
    }
    let code = p[0];
    nd.tok2str(CPCODES, "Unknown Opcode", u32::from(code));
    nd.f(format_args!(
        " (0x{code:02x}), id {}, length {}",
        p[1],
        length + 2
    ));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let len = usize::from(be16(p, 2)?);
    if len < 4 {
        nd.f(format_args!("\n\tencoded length {len} (< 4))"));
        return Ok(());
    }
    if len > length {
        nd.f(format_args!(
            "\n\tencoded length {len} (> packet length {length}))"
        ));
        return Ok(());
    }
    let length = len;
    nd.f(format_args!(
        "\n\tencoded length {len} (=Option(s) length {})",
        len - 4
    ));
    if length == 4 {
        return Ok(());
    }
    let before = off.saturating_sub(2);
    if nd.opts.verbose > 1 {
        nd.print_unknown_data_at(buf, before, "\n\t", 6);
    }
    match code {
        0 => {
            if length >= 11 {
                nd.f(format_args!("\n\t  Magic-Num 0x{:08x}", be32(p, 4)?));
                let oui = be24(p, 8)?;
                nd.s(" Vendor: ");
                nd.tok2str(OUI_VALUES, "Unknown", oui);
                nd.f(format_args!(" ({oui})"));
            }
        }
        1..=4 => {
            let printer: OptPrinter = match proto {
                PPP_LCP => lcp_option,
                PPP_IPCP => ipcp_option,
                PPP_IPV6CP => ip6cp_option,
                PPP_CCP => ccp_option,
                PPP_BACP => bacp_option,
                _ => return Ok(()),
            };
            let mut tlen = len - 4;
            let mut t = 4;
            loop {
                // Each option is checked against the whole encoded length, as tcpdump does;
                // one running past the rest is reported below.
                let advance = printer(nd, tail(p, t), len)?;
                if advance == 0 {
                    break;
                }
                if tlen < advance {
                    nd.f(format_args!(
                        " [remaining options length {tlen} < {advance}]"
                    ));
                    nd.invalid();
                    break;
                }
                tlen -= advance;
                t += advance;
                if tlen == 0 {
                    break;
                }
            }
        }
        5..=7 => {}
        8 => {
            if length >= 6 {
                let rejected = be16(p, 4)?;
                nd.s("\n\t  Rejected ");
                nd.tok2str(PPPTYPES, "unknown", u32::from(rejected));
                nd.f(format_args!(" Protocol (0x{rejected:04x})"));
                if len > 6 {
                    nd.s("\n\t  Rejected Packet");
                    nd.print_unknown_data_at(p, 6, "\n\t    ", len - 2);
                }
            }
        }
        9..=11 => {
            if length >= 8 {
                nd.f(format_args!("\n\t  Magic-Num 0x{:08x}", be32(p, 4)?));
                if len > 8 {
                    nd.s("\n\t  -----trailing data-----");
                    if !super::has(p, 8, len - 8) {
                        nd.f(format_args!("[|{typestr}]"));
                        return Ok(());
                    }
                    nd.print_unknown_data_at(p, 8, "\n\t  ", len - 8);
                }
            }
        }
        12 => {
            if length >= 8 {
                nd.f(format_args!("\n\t  Magic-Num 0x{:08x}", be32(p, 4)?));
                if len > 8 {
                    nd.s("\n\t  Message\n\t    ");
                    if nd.printn(tail(p, 8), len - 4) {
                        nd.f(format_args!("[|{typestr}]"));
                        return Ok(());
                    }
                }
            }
        }
        13 => {
            if length >= 12 {
                nd.f(format_args!("\n\t  Magic-Num 0x{:08x}", be32(p, 4)?));
                nd.f(format_args!(", Seconds-Remaining {}s", be32(p, 8)?));
            }
        }
        _ => {
            if nd.opts.verbose <= 1 {
                nd.print_unknown_data_at(buf, before, "\n\t  ", length + 2);
            }
        }
    }
    Ok(())
}

/// An option's type and length, when the option fits within `length` (the whole encoded
/// length, as tcpdump checks it); `None` ends the option list, after `trunc` (the mark) when
/// the type and length were not captured.
fn opt_head(nd: &mut Nd<'_>, p: &[u8], length: usize, trunc: &str) -> Option<(u8, usize)> {
    if length < 2 {
        return None;
    }
    if p.len() < 2 {
        nd.s(trunc);
        return None;
    }
    let len = usize::from(p[1]);
    if length < len {
        return None;
    }
    Some((p[0], len))
}

/// The `\n\t  NAME Option (0xNN), length N` line of a table-named option; a length below 2 is
/// reported and ends the list.
fn opt_line(nd: &mut Nd<'_>, table: &Tok, default: &str, opt: u8, len: usize) -> bool {
    nd.s("\n\t  ");
    nd.tok2str(table, default, u32::from(opt));
    nd.f(format_args!(" Option (0x{opt:02x}), length {len}"));
    if len < 2 {
        nd.s(" (length bogus, should be >= 2)");
        return false;
    }
    true
}

/// The raw bytes of an option without its type and length.
fn opt_data(nd: &mut Nd<'_>, p: &[u8], len: usize) {
    nd.print_unknown_data_at(p, 2, "\n\t    ", len.wrapping_sub(2));
}

/// After a known option: its raw bytes at -vv. Returns its length.
fn known_opt_data(nd: &mut Nd<'_>, p: &[u8], len: usize) -> usize {
    if nd.opts.verbose > 1 {
        opt_data(nd, p, len);
    }
    len
}

/// An unknown option: its raw bytes, at any verbosity. Returns its length.
fn unknown_opt_data(nd: &mut Nd<'_>, p: &[u8], len: usize) -> usize {
    opt_data(nd, p, len);
    len
}

/// tcpdump's option length checks: unless `$ok`, says the length is bogus (what it should be:
/// `$msg`) and returns `$ret` from the caller.
macro_rules! need {
    ($nd:expr, $ok:expr, $msg:literal, $ret:expr) => {
        if !$ok {
            $nd.s(concat!(" (length bogus, should be ", $msg, ")"));
            return Ok($ret);
        }
    };
}

/// One LCP option; returns its length, or 0 to stop.
fn lcp_option(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    let Some((opt, len)) = opt_head(nd, p, length, "[|lcp]") else {
        return Ok(0);
    };
    let name = LCP_OPTS.get(usize::from(opt));
    if len < 2 {
        match name {
            Some(n) => nd.f(format_args!(
                "\n\t  {n} Option (0x{opt:02x}), length {len} (length bogus, should be >= 2)"
            )),
            None => nd.f(format_args!("\n\tunknown LCP option 0x{opt:02x}")),
        }
        return Ok(0);
    }
    match name {
        Some(n) => nd.f(format_args!("\n\t  {n} Option (0x{opt:02x}), length {len}")),
        None => {
            nd.f(format_args!("\n\tunknown LCP option 0x{opt:02x}"));
            return Ok(len);
        }
    }
    match opt {
        0 => {
            need!(nd, len >= 6, ">= 6", len);
            let oui = be24(p, 2)?;
            nd.s(": Vendor: ");
            nd.tok2str(OUI_VALUES, "Unknown", oui);
            nd.f(format_args!(" ({oui})"));
        }
        1 | 17 => {
            need!(nd, len == 4, "= 4", if opt == 1 { len } else { 0 });
            nd.f(format_args!(": {}", be16(p, 2)?));
        }
        2 => {
            need!(nd, len == 6, "= 6", len);
            nd.f(format_args!(": 0x{:08x}", be32(p, 2)?));
        }
        3 => {
            need!(nd, len >= 4, ">= 4", len);
            let ap = be16(p, 2)?;
            nd.s(": ");
            nd.tok2str(PPPTYPES, "Unknown Auth Proto (0x04x)", u32::from(ap));
            match ap {
                PPP_CHAP => {
                    let alg = u8at(p, 4)?;
                    nd.s(", ");
                    nd.tok2str(AUTHALGS, "Unknown Auth Alg %u", u32::from(alg));
                }
                PPP_PAP | PPP_EAP | PPP_SPAP | PPP_SPAP_OLD => {}
                _ => {
                    nd.print_unknown_data_at(p, 0, "\n\t", len);
                }
            }
        }
        4 => {
            need!(nd, len >= 4, ">= 4", 0);
            if be16(p, 2)? == PPP_LQM {
                nd.s(": LQR");
            } else {
                nd.s(": unknown");
            }
        }
        5 => {
            need!(nd, len == 6, "= 6", 0);
            nd.f(format_args!(": 0x{:08x}", be32(p, 2)?));
        }
        7 | 8 => {}
        23 => {
            need!(nd, len == 4, "= 4", 0);
            nd.f(format_args!(": 0x{:04x}", be16(p, 2)?));
        }
        13 => {
            need!(nd, len >= 3, ">= 3", 0);
            nd.s(": ");
            let op = u8at(p, 2)?;
            nd.s(": Callback Operation ");
            nd.tok2str(CALLBACK_OPS, "Unknown", u32::from(op));
            nd.f(format_args!(" ({op})"));
        }
        19 => {
            need!(nd, len >= 3, ">= 3", 0);
            match u8at(p, 2)? {
                0 => nd.s(": Null"),
                1 => nd.s(": Local"),
                2 => {
                    need!(nd, len == 7, "= 7", 0);
                    let a: [u8; 4] = super::arr(p, 3)?;
                    nd.s(": IPv4 ");
                    nd.host4(&a);
                }
                3 => {
                    need!(nd, len == 9, "= 9", 0);
                    let a: [u8; 6] = super::arr(p, 3)?;
                    nd.s(": MAC ");
                    nd.mac(&a);
                }
                4 => nd.s(": Magic-Num-Block"),
                5 => nd.s(": PSNDN"),
                c => nd.f(format_args!(": Unknown class {c}")),
            }
        }
        _ => return Ok(unknown_opt_data(nd, p, len)),
    }
    Ok(known_opt_data(nd, p, len))
}

/// One IPCP option; returns its length, or 0 to stop.
fn ipcp_option(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    let Some((opt, len)) = opt_head(nd, p, length, "[|ipcp]") else {
        return Ok(0);
    };
    if !opt_line(nd, IPCP_OPTS, "unknown", opt, len) {
        return Ok(0);
    }
    // Where the -vv dump starts: tcpdump's pointer has moved past any suboptions by then.
    let mut at = 0;
    match opt {
        1 => {
            need!(nd, len == 10, "= 10", len);
            let src: [u8; 4] = super::arr(p, 2)?;
            let dst: [u8; 4] = super::arr(p, 6)?;
            nd.s(": src ");
            nd.host4(&src);
            nd.s(", dst ");
            nd.host4(&dst);
        }
        2 => {
            need!(nd, len >= 4, ">= 4", 0);
            let compproto = be16(p, 2)?;
            nd.s(": ");
            nd.tok2str(IPCP_COMPPROTOS, "Unknown", u32::from(compproto));
            nd.f(format_args!(" (0x{compproto:02x}):"));
            if compproto == IPCOMP_HDRCOMP {
                if len < IPCOMP_MINLEN {
                    nd.f(format_args!(
                        " (length bogus, should be >= {IPCOMP_MINLEN})"
                    ));
                    return Ok(0);
                }
                if !super::has(p, 2, IPCOMP_MINLEN) {
                    nd.s("[|ipcp]");
                    return Ok(0);
                }
                nd.f(format_args!(
                    "\n\t    TCP Space {}, non-TCP Space {}, maxPeriod {}, maxTime {}, maxHdr {}",
                    be16(p, 4)?,
                    be16(p, 6)?,
                    be16(p, 8)?,
                    be16(p, 10)?,
                    be16(p, 12)?
                ));
                if len > IPCOMP_MINLEN {
                    let mut total = len - IPCOMP_MINLEN;
                    at = IPCOMP_MINLEN;
                    nd.f(format_args!("\n\t      Suboptions, length {total}"));
                    while total >= 2 {
                        if !super::has(p, at, 2) {
                            nd.s("[|ipcp]");
                            return Ok(0);
                        }
                        let (sub, sublen) = (p[at], usize::from(p[at + 1]));
                        if sub == 0 || sublen == 0 {
                            break;
                        }
                        nd.s("\n\t\t");
                        nd.tok2str(IPCP_COMP_SUBOPTS, "Unknown", u32::from(sub));
                        nd.f(format_args!(" Suboption #{sub}, length {sublen}"));
                        if total < sublen {
                            nd.f(format_args!(
                                " [remaining suboptions length {total} < {sublen}]"
                            ));
                            nd.invalid();
                            break;
                        }
                        total -= sublen;
                        at += sublen;
                    }
                }
            }
        }
        3 | 4 | 129..=132 => {
            need!(nd, len == 6, "= 6", 0);
            let a: [u8; 4] = super::arr(p, 2)?;
            nd.s(": ");
            nd.host4(&a);
        }
        _ => {
            if nd.opts.verbose < 2 {
                opt_data(nd, p, len);
            }
        }
    }
    if nd.opts.verbose > 1 {
        nd.print_unknown_data_at(p, at + 2, "\n\t    ", len.wrapping_sub(2));
    }
    Ok(len)
}

/// One IP6CP option; returns its length, or 0 to stop.
fn ip6cp_option(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    let Some((opt, len)) = opt_head(nd, p, length, "[|ip6cp]") else {
        return Ok(0);
    };
    if !opt_line(nd, IP6CP_OPTS, "unknown", opt, len) {
        return Ok(0);
    }
    match opt {
        1 => {
            need!(nd, len == 10, "= 10", len);
            if !super::has(p, 2, 8) {
                nd.s("[|ip6cp]");
                return Ok(0);
            }
            nd.f(format_args!(
                ": {:04x}:{:04x}:{:04x}:{:04x}",
                be16(p, 2)?,
                be16(p, 4)?,
                be16(p, 6)?,
                be16(p, 8)?
            ));
        }
        _ => return Ok(unknown_opt_data(nd, p, len)),
    }
    Ok(known_opt_data(nd, p, len))
}

/// One CCP option; returns its length, or 0 to stop.
fn ccp_option(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    let Some((opt, len)) = opt_head(nd, p, length, "[|ccp]") else {
        return Ok(0);
    };
    if !opt_line(nd, CCP_OPTS, "Unknown", opt, len) {
        return Ok(0);
    }
    match opt {
        21 => {
            need!(nd, len >= 3, ">= 3", len);
            let b = u8at(p, 2)?;
            nd.f(format_args!(
                ": Version: {}, Dictionary Bits: {}",
                b >> 5,
                b & 0x1f
            ));
        }
        24 => {
            need!(nd, len >= 4, ">= 4", len);
            let b = u8at(p, 2)?;
            nd.f(format_args!(
                ": Features: {}, PxP: {}, History: {}, #CTX-ID: {}",
                (b & 0xc0) >> 6,
                if b & 0x20 != 0 { "Enabled" } else { "Disabled" },
                b & 0x1f,
                u8at(p, 3)?
            ));
        }
        26 => {
            need!(nd, len >= 4, ">= 4", len);
            let b = u8at(p, 2)?;
            let method = b & 0x0f;
            nd.f(format_args!(
                ": Window: {}K, Method: {} (0x{method:x}), MBZ: {}, CHK: {}",
                (b & 0xf0) >> 4,
                if method == 8 { "zlib" } else { "unknown" },
                (u8at(p, 3)? & 0xfc) >> 2,
                p[3] & 0x03
            ));
        }
        _ => return Ok(unknown_opt_data(nd, p, len)),
    }
    Ok(known_opt_data(nd, p, len))
}

/// One BACP option; returns its length, or 0 to stop.
fn bacp_option(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    let Some((opt, len)) = opt_head(nd, p, length, "[|bacp]") else {
        return Ok(0);
    };
    if !opt_line(nd, BACP_OPTS, "Unknown", opt, len) {
        return Ok(0);
    }
    match opt {
        1 => {
            need!(nd, len == 6, "= 6", len);
            nd.f(format_args!(": Magic-Num 0x{:08x}", be32(p, 2)?));
        }
        _ => return Ok(unknown_opt_data(nd, p, len)),
    }
    Ok(known_opt_data(nd, p, len))
}

/// Multilink PPP (RFC 1990), with the 12-bit sequence number format.
fn mlppp(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if !nd.opts.link_header {
        nd.s("MLPPP, ");
    }
    if length < 2 || p.len() < 2 {
        nd.s("[|mlppp]");
        return Ok(());
    }
    nd.f(format_args!("seq 0x{:03x}, Flags [", be16(p, 0)? & 0x0fff));
    nd.bittok2str(ML_FLAGS, "none", u32::from(p[0] & 0xc0));
    nd.f(format_args!("], length {length}"));
    Ok(())
}

/// CHAP (RFC 1994): the parts every CHAP flavour shares.
fn chap(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if length < 1 {
        nd.s("[|chap]");
        return Ok(());
    }
    if length < 4 {
        nd.f(format_args!("[|chap 0x{:02x}]", u8at(p, 0)?));
        return Ok(());
    }
    let code = u8at(p, 0)?;
    nd.s("CHAP, ");
    nd.tok2str(CHAP_CODES, "unknown", u32::from(code));
    nd.f(format_args!(" (0x{code:02x})"));
    nd.f(format_args!(", id {}", u8at(p, 1)?));
    let len = u32::from(be16(p, 2)?);
    match code {
        1 | 2 => {
            if length - 4 < 1 {
                return Ok(());
            }
            let val_size = usize::from(u8at(p, 4)?);
            if length - 5 < val_size {
                return Ok(());
            }
            nd.s(", Value ");
            for k in 0..val_size {
                nd.f(format_args!("{:02x}", u8at(p, 5 + k)?));
            }
            let at = 5 + val_size;
            nd.s(", Name ");
            nd.printjn(tail(p, at), len.wrapping_sub(at as u32) as usize)?;
        }
        3 | 4 => {
            nd.s(", Msg ");
            nd.printjn(tail(p, 4), len.wrapping_sub(4) as usize)?;
        }
        _ => {}
    }
    Ok(())
}

/// PAP (RFC 1334).
fn pap(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if length < 1 {
        nd.s("[|pap]");
        return Ok(());
    }
    if length < 4 {
        nd.f(format_args!("[|pap 0x{:02x}]", u8at(p, 0)?));
        return Ok(());
    }
    let code = u8at(p, 0)?;
    nd.s("PAP, ");
    nd.tok2str(PAP_CODES, "unknown", u32::from(code));
    nd.f(format_args!(" (0x{code:02x})"));
    nd.f(format_args!(", id {}", u8at(p, 1)?));
    let len = usize::from(be16(p, 2)?);
    if len > length {
        nd.f(format_args!(", length {len} > packet size"));
        return Ok(());
    }
    let length = len;
    if length < 4 {
        nd.f(format_args!(", length {length} < PAP header length"));
        return Ok(());
    }
    match code {
        1 => {
            if len < 6 {
                nd.s("[|pap]");
                return Ok(());
            }
            if length - 4 < 1 {
                return Ok(());
            }
            let peer = usize::from(u8at(p, 4)?);
            if length - 5 < peer {
                return Ok(());
            }
            nd.s(", Peer ");
            nd.printjn(tail(p, 5), peer)?;
            let at = 5 + peer;
            if length - at < 1 {
                return Ok(());
            }
            let passwd = usize::from(u8at(p, at)?);
            if length - at - 1 < passwd {
                return Ok(());
            }
            nd.s(", Name ");
            nd.printjn(tail(p, at + 1), passwd)?;
        }
        2 | 3 => {
            if len < 5 {
                nd.s("[|pap]");
                return Ok(());
            }
            let msg = usize::from(u8at(p, 4)?);
            if length - 5 < msg {
                return Ok(());
            }
            nd.s(", Msg ");
            nd.printjn(tail(p, 5), msg)?;
        }
        _ => {}
    }
    Ok(())
}

/// tcpdump's `ppp_hdlc`: PPP in HDLC-like framing with octet escapes (RFC 1662). The
/// captured part is unescaped into a buffer of its own, then decoded by guessing whether it
/// starts with a one-byte protocol, address and control, or a two-byte protocol.
fn hdlc(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    if p.is_empty() || length == 0 {
        return Ok(());
    }
    let mut b = Vec::with_capacity(p.len());
    let mut it = p.iter();
    while let Some(&c) = it.next() {
        if c == 0x7d {
            match it.next() {
                Some(&n) => b.push(n ^ 0x20),
                None => break,
            }
        } else {
            b.push(c);
        }
    }
    let length = b.len();
    if length < 1 {
        nd.trunc();
        return Ok(());
    }
    match u16::from(b[0]) {
        PPP_IP => return ip::print(nd, &b[1..], length - 1),
        PPP_IPV6 => return ip6::print(nd, &b[1..], length - 1),
        _ => {}
    }
    if length < 2 {
        nd.trunc();
        return Ok(());
    }
    let (proto, off) = match be16(&b, 0)? {
        0xff03 => {
            if length < 4 {
                nd.trunc();
                return Ok(());
            }
            (be16(&b, 2)?, 4)
        }
        proto => (proto, 2),
    };
    if proto & 0xff00 == 0x7e00 {
        nd.f(format_args!("(protocol 0x{proto:04x} invalid)"));
        return Ok(());
    }
    handle(nd, proto, &b, off, length - off)
}

/// The link header length of the PPP link types: the 4-byte PPP header.
const PPP_HDRLEN: usize = 4;

/// Link type PPP (and PPP for pppd): a PPP frame, maybe with address and control fields.
/// Returns the link header's length.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "ppp";
    if p.len() < PPP_HDRLEN {
        nd.trunc();
        return Ok(p.len());
    }
    print(nd, p, wirelen)?;
    Ok(PPP_HDRLEN)
}

/// Link type PPP_SERIAL: PPP in HDLC-like framing, or Cisco HDLC (RFC 1547 section 4.3.1).
/// Returns the link header's length.
pub(crate) fn hdlc_if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "ppp_hdlc";
    let caplen = p.len();
    if caplen < 2 {
        nd.trunc();
        return Ok(caplen);
    }
    match p[0] {
        0xff => {
            if caplen < 4 {
                nd.trunc();
                return Ok(caplen);
            }
            if nd.opts.link_header {
                nd.f(format_args!("{:02x} {:02x} {wirelen} ", p[0], p[1]));
            }
            let proto = be16(p, 2)?;
            nd.tok2str(PPPTYPES, "unknown PPP protocol (0x%04x)", u32::from(proto));
            nd.s(": ");
            handle(nd, proto, p, 4, wirelen.saturating_sub(4))?;
            Ok(4)
        }
        chdlc::UNICAST | chdlc::BCAST => chdlc::if_print(nd, p, wirelen),
        _ => {
            if caplen < 4 {
                nd.trunc();
                return Ok(caplen);
            }
            if nd.opts.link_header {
                nd.f(format_args!("{:02x} {:02x} {wirelen} ", p[0], p[1]));
            }
            nd.f(format_args!("unknown addr {:02x}; ctrl {:02x}", p[2], p[3]));
            Ok(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    /// One case: link type, flags, the packet in hex and tcpdump's line for it.
    fn case(lt: i32, flags: &str, hex: &str, expected: &str) {
        check(lt, flags, hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn lcp_options_and_truncation() {
        case(
            9,
            "-n -v",
            "ff03c021010100140104058c0506deadbeef070208020d03",
            "LCP, Conf-Request (0x01), id 1, length 22\n\tencoded length 20 (=Option(s) length 16)\
             \n\t  MRU Option (0x01), length 4: 1420\n\t  Magic-Num Option (0x05), length 6: 0xdeadbeef\
             \n\t  PFC Option (0x07), length 2\n\t  ACFC Option (0x08), length 2\
             \n\t  Call-Back Option (0x0d), length 3:  [|ppp]",
        );
        case(
            9,
            "-n -vv",
            "ff03c021010100140104058c0506deadbeef070208020d03",
            "LCP, Conf-Request (0x01), id 1, length 22\n\tencoded length 20 (=Option(s) length 16)\
             \n\t0x0000:  c021 0101 0014\n\t  MRU Option (0x01), length 4: 1420\n\t    0x0000:  058c\
             \n\t  Magic-Num Option (0x05), length 6: 0xdeadbeef\n\t    0x0000:  dead beef\
             \n\t  PFC Option (0x07), length 2\n\t  ACFC Option (0x08), length 2\
             \n\t  Call-Back Option (0x0d), length 3:  [|ppp]",
        );
        case(
            9,
            "-n -v",
            "c0210c01000cdeadbeef4142434445",
            "LCP, Ident (0x0c), id 1, length 15\n\tencoded length 12 (=Option(s) length 8)\
             \n\t  Magic-Num 0xdeadbeef\n\t  Message\n\t    ABCDE[|LCP]",
        );
        case(9, "-n", "c0210d", " [|ppp]");
    }

    #[test]
    fn ipcp_ccp_and_lengths() {
        case(
            9,
            "-n -v",
            "ff038021030a001003060a00000181060a0000028306c0a80101",
            "IPCP, Conf-Nack (0x03), id 10, length 24\n\tencoded length 16 (=Option(s) length 12)\
             \n\t  IP-Addr Option (0x03), length 6: 10.0.0.1\n\t  Pri-DNS Option (0x81), length 6: 10.0.0.2",
        );
        case(
            9,
            "-n -v",
            "ff0380fd0101000b1a0488150401",
            "CCP, Conf-Request (0x01), id 1, length 12\n\tencoded length 11 (> packet length 10))",
        );
    }

    #[test]
    fn authentication_and_multilink() {
        case(
            9,
            "-n -e",
            "ff03c023020100050048",
            "PAP (0xc023), length 10: PAP, Auth-ACK (0x02), id 1, Msg ",
        );
        case(
            9,
            "-n",
            "ff03c0230101000c03616263036465660000",
            "PAP, Auth-Req (0x01), id 1, Peer abc, Name def",
        );
        case(
            9,
            "-n",
            "c22301010015100102030405060708090a0b0c0d0e0f10616263",
            "CHAP, Challenge (0x01), id 1, Value 0102030405060708090a0b0c0d0e0f10, Name ",
        );
        case(
            9,
            "-n -e",
            "0103003d80123456",
            "Out MLPPP (0x003d), length 8: seq 0x012, Flags [begin], length 4",
        );
    }

    #[test]
    fn hdlc_framing() {
        case(
            50,
            "-n",
            "ff037d5d7d23c021",
            "unknown PPP protocol (0x7d5d): unknown PPP protocol (0x7d5d) \n\t0x0000:  7d23 c021",
        );
        case(
            50,
            "-n -e",
            "ff0300214500001c000100004011f97e0a0000010a000002003500350008000080fd",
            "ff 03 34 IP: 10.0.0.1.53 > 10.0.0.2.53: domain [length 0 < 12] (invalid)",
        );
        case(50, "-n", "12340021", "unknown addr 00; ctrl 21");
        case(9, "-n", "7e21450000", "IP  [|ip]");
    }

    proptest::proptest! {
        #[test]
        fn random_ppp_never_panics(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                                   head in proptest::sample::select(vec![
                                       0xff03_c021u32, 0xff03_8021, 0xff03_8057, 0xff03_80fd, 0xff03_c02b,
                                       0xff03_c023, 0xff03_c223, 0xff03_003d, 0x0003_0021, 0xff03_7e21,
                                       0xff03_0281, 0x0f00_8035, 0x1234_5678]),
                                   lt in proptest::sample::select(vec![9, 50, 166]),
                                   v in 0u8..4, e: bool) {
            let mut data = head.to_be_bytes().to_vec();
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, link_header: e, numeric: 1, ..Default::default() };
            let _ = print_one(opts, lt, &data);
        }

        /// Every link type of this group, with on-wire lengths below and above the captured
        /// length.
        #[test]
        fn any_wire_length_never_panics(data in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
                                        lt in proptest::sample::select(vec![9, 50, 51, 103, 104, 107, 112, 166, 182]),
                                        wirelen in 0u32..300, v in 0u8..4, e: bool) {
            let opts = Options { verbose: v, link_header: e, numeric: 1, ..Default::default() };
            let mut p = crate::Printer::new(opts, lt);
            let mut out = Vec::new();
            let _ = p.print(&mut out, 0, 0, data.len() as u32, wirelen, &data);
        }
    }
}
