//! ARCNET with BSD-style headers (old and new encodings, fragments, exception frames) and
//! Linux-style headers, as tcpdump's print-arcnet.c.
use super::{Nd, Res, Trunc, arp, ascii, be16, ip, ip6, u8at};

const ARC_HDRLEN: usize = 3;
const ARC_HDRNEWLEN: usize = 6;
const ARC_HDRNEWLEN_EXC: usize = 10;
const ARC_LINUX_HDRLEN: usize = 5;
const ARC_LINUX_HDRNEWLEN: usize = 8;

const ARCTYPE_IP_OLD: u8 = 240;
const ARCTYPE_ARP_OLD: u8 = 241;
const ARCTYPE_IP: u8 = 212;
const ARCTYPE_ARP: u8 = 213;
const ARCTYPE_REVARP: u8 = 214;
const ARCTYPE_ATALK: u8 = 221;
const ARCTYPE_IPX: u8 = 250;
const ARCTYPE_INET6: u8 = 0xc4;
const ARCTYPE_DIAGNOSE: u8 = 0x80;

const ARCTYPES: &[(u32, &str)] = &[
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

/// The link-level line: hosts, type, sequence and fragment, length. `phds` says the header
/// is of the new encoding (with flag and sequence ID).
fn arcnet_print(
    nd: &mut Nd<'_>,
    p: &[u8],
    length: usize,
    phds: bool,
    flag: u32,
    seqid: u16,
) -> Res {
    nd.proto = "arcnet";
    let shost = u8at(p, 0)?;
    let dhost = u8at(p, 1)?;
    if nd.opts.quiet {
        nd.f(format_args!("{shost:02x} {dhost:02x} {length}: "));
        return Ok(());
    }
    let arc_type = u8at(p, 2)?;
    nd.f(format_args!("{shost:02x} {dhost:02x} "));
    nd.tok2str(ARCTYPES, "%02x", u32::from(arc_type));
    if !phds {
        nd.f(format_args!(" {length}: "));
    } else if flag == 0 {
        nd.f(format_args!(" seqid {seqid:04x} {length}: "));
    } else if flag & 1 != 0 {
        nd.f(format_args!(
            " seqid {seqid:04x} (first of {} fragments) {length}: ",
            (flag + 3) / 2
        ));
    } else {
        nd.f(format_args!(
            " seqid {seqid:04x} (fragment {}) {length}: ",
            flag / 2 + 1
        ));
    }
    Ok(())
}

/// Whether a type has the old (RFC 1051) or diagnostic header, without flag and sequence.
fn old_style(arc_type: u8) -> bool {
    matches!(
        arc_type,
        ARCTYPE_IP_OLD | ARCTYPE_ARP_OLD | ARCTYPE_DIAGNOSE
    )
}

/// DLT_ARCNET (BSD).
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "arcnet";
    let caplen = p.len();
    if caplen < ARC_HDRLEN {
        return Err(Trunc);
    }
    let arc_type = p[2];
    let phds = !old_style(arc_type);
    let (mut flag, mut seqid, mut hdrlen) = (0u32, 0u16, ARC_HDRLEN);
    if phds {
        if caplen < ARC_HDRNEWLEN {
            arcnet_print(nd, p, wirelen, false, 0, 0)?;
            nd.s(" phds");
            return Err(Trunc);
        }
        flag = u32::from(p[3]);
        if flag == 0xff {
            if caplen < ARC_HDRNEWLEN_EXC {
                arcnet_print(nd, p, wirelen, false, 0, 0)?;
                nd.s(" phds extended");
                return Err(Trunc);
            }
            flag = u32::from(p[7]);
            seqid = be16(p, 8)?;
            hdrlen = ARC_HDRNEWLEN_EXC;
        } else {
            seqid = be16(p, 4)?;
            hdrlen = ARC_HDRNEWLEN;
        }
    }
    if nd.opts.link_header {
        arcnet_print(nd, p, wirelen, phds, flag, seqid)?;
    }
    // A middle fragment: nothing to decode.
    if phds && flag != 0 && flag & 1 == 0 {
        return Ok(hdrlen);
    }
    encap(nd, arc_type, &p[hdrlen..], wirelen.wrapping_sub(hdrlen))?;
    Ok(hdrlen)
}

/// DLT_ARCNET_LINUX: reassembled packets, with an offset field after the addresses.
pub(crate) fn linux_if_print(nd: &mut Nd<'_>, p: &[u8], wirelen: usize) -> Res<usize> {
    nd.proto = "arcnet_linux";
    let caplen = p.len();
    if caplen < ARC_LINUX_HDRLEN {
        return Err(Trunc);
    }
    let arc_type = p[4];
    let hdrlen = if old_style(arc_type) {
        ARC_LINUX_HDRLEN
    } else {
        if caplen < ARC_LINUX_HDRNEWLEN {
            return Err(Trunc);
        }
        ARC_LINUX_HDRNEWLEN
    };
    if nd.opts.link_header {
        arcnet_print(nd, p, wirelen, false, 0, 0)?;
    }
    encap(nd, arc_type, &p[hdrlen..], wirelen.wrapping_sub(hdrlen))?;
    Ok(hdrlen)
}

/// The payload by ARCNET system code; an unknown one is dumped (even with `-x` or `-q`).
fn encap(nd: &mut Nd<'_>, arc_type: u8, p: &[u8], length: usize) -> Res {
    match arc_type {
        ARCTYPE_IP_OLD | ARCTYPE_IP => ip::print(nd, p, length),
        ARCTYPE_INET6 => ip6::print(nd, p, length),
        ARCTYPE_ARP_OLD | ARCTYPE_ARP | ARCTYPE_REVARP => arp::print(nd, p, length),
        ARCTYPE_ATALK => {
            if nd.opts.verbose > 0 {
                nd.s("et1 ");
            }
            super::atalk::atalk_print(nd, p, length)
        }
        ARCTYPE_IPX => super::ipx::print(nd, p, length),
        _ => {
            ascii::hex_and_ascii(nd.o, "\n\t", p);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn first_fragment() {
        check_n(
            7,
            "-e",
            "0102d4031234450000",
            "01 02 ip seqid 1234 (first of 3 fragments) 9:  [|ip]",
        );
    }
}
