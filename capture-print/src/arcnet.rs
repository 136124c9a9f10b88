//! ARCNET link layers, as tcpdump's print-arcnet.c: the BSD header (with RFC 1201 fragment
//! fields and exception frames) and the Linux one, and the payload by ARCNET system code.
use super::util::Tok;
use super::{Nd, Res, arp, ascii, atalk, be16, ip, ip6, ipx};

const HDRLEN: usize = 3;
const HDRNEWLEN: usize = 6;
const HDRNEWLEN_EXC: usize = 10;
const LINUX_HDRLEN: usize = 5;
const LINUX_HDRNEWLEN: usize = 8;

const TYPE_IP_OLD: u8 = 240;
const TYPE_ARP_OLD: u8 = 241;
const TYPE_IP: u8 = 212;
const TYPE_ARP: u8 = 213;
const TYPE_REVARP: u8 = 214;
const TYPE_ATALK: u8 = 221;
const TYPE_IPX: u8 = 250;
const TYPE_INET6: u8 = 0xc4;
const TYPE_DIAGNOSE: u8 = 0x80;

const TYPE_VALUES: &Tok = &[
    (240, "oldip"),
    (241, "oldarp"),
    (212, "ip"),
    (213, "arp"),
    (214, "rarp"),
    (221, "atalk"),
    (247, "banyan"),
    (250, "ipx"),
    (0xc4, "ipv6"),
    (0x80, "diag"),
];

/// Whether a system code uses the old (RFC 1051) header, without the fragment fields.
fn old_style(t: u8) -> bool {
    matches!(t, TYPE_IP_OLD | TYPE_ARP_OLD | TYPE_DIAGNOSE)
}

/// The link header (with `-e`, or before a truncation): addresses, type, fragment fields.
fn header(nd: &mut Nd<'_>, p: &[u8], length: usize, phds: bool, flag: u8, seqid: u16) {
    let (src, dst) = (p[0], p[1]);
    if nd.opts.quiet {
        nd.f(format_args!("{src:02x} {dst:02x} {length}: "));
        return;
    }
    nd.f(format_args!("{src:02x} {dst:02x} "));
    nd.tok2str(TYPE_VALUES, "%02x", p[2].into());
    if !phds {
        nd.f(format_args!(" {length}: "));
    } else if flag == 0 {
        nd.f(format_args!(" seqid {seqid:04x} {length}: "));
    } else if flag & 1 != 0 {
        nd.f(format_args!(
            " seqid {seqid:04x} (first of {} fragments) {length}: ",
            (u32::from(flag) + 3) / 2
        ));
    } else {
        nd.f(format_args!(
            " seqid {seqid:04x} (fragment {}) {length}: ",
            flag / 2 + 1
        ));
    }
}

/// Link type ARCNET (BSD headers); returns the header length.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    nd.proto = "arcnet";
    if p.len() < HDRLEN {
        nd.trunc_top();
        return 0;
    }
    let t = p[2];
    let phds = !old_style(t);
    let (mut flag, mut seqid, mut hdrlen) = (0, 0, HDRLEN);
    if phds {
        if p.len() < HDRNEWLEN {
            header(nd, p, length, false, 0, 0);
            nd.s(" phds");
            nd.trunc_top();
            return 0;
        }
        flag = p[3];
        if flag == 0xff {
            if p.len() < HDRNEWLEN_EXC {
                header(nd, p, length, false, 0, 0);
                nd.s(" phds extended");
                nd.trunc_top();
                return 0;
            }
            flag = p[7];
            seqid = u16::from_be_bytes([p[8], p[9]]);
            hdrlen = HDRNEWLEN_EXC;
        } else {
            seqid = u16::from_be_bytes([p[4], p[5]]);
            hdrlen = HDRNEWLEN;
        }
    }
    if nd.opts.link_header {
        header(nd, p, length, phds, flag, seqid);
    }
    // A middle fragment carries nothing printable.
    if phds && flag != 0 && flag & 1 == 0 {
        return hdrlen;
    }
    payload(nd, t, &p[hdrlen..], length.saturating_sub(hdrlen));
    hdrlen
}

/// Link type ARCNET_LINUX (Linux headers, with an offset field, never fragments).
pub(crate) fn print_linux(nd: &mut Nd<'_>, p: &[u8], length: usize) -> usize {
    nd.proto = "arcnet_linux";
    if p.len() < LINUX_HDRLEN {
        nd.trunc_top();
        return 0;
    }
    let t = p[4];
    let hdrlen = if old_style(t) {
        LINUX_HDRLEN
    } else {
        if p.len() < LINUX_HDRNEWLEN {
            nd.trunc_top();
            return 0;
        }
        LINUX_HDRNEWLEN
    };
    if nd.opts.link_header {
        // As tcpdump, the type printed is the BSD layout's: here the offset field's first byte.
        header(nd, p, length, false, 0, 0);
    }
    payload(nd, t, &p[hdrlen..], length.saturating_sub(hdrlen));
    hdrlen
}

/// The payload by system code, or its raw bytes.
fn payload(nd: &mut Nd<'_>, t: u8, p: &[u8], length: usize) {
    let r: Res = match t {
        TYPE_IP_OLD | TYPE_IP => ip::print(nd, p, length),
        TYPE_INET6 => ip6::print(nd, p, length),
        TYPE_ARP_OLD | TYPE_ARP | TYPE_REVARP => arp::print(nd, p, length),
        TYPE_ATALK => {
            if nd.opts.verbose > 0 {
                nd.s("et1 ");
            }
            atalk::atalk_print(nd, p, length)
        }
        TYPE_IPX => ipx::print(nd, p, length),
        _ => {
            ascii::default_print(nd, p);
            Ok(())
        }
    };
    if r.is_err() {
        nd.trunc_top();
    }
}
