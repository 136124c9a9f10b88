//! BOOTP and DHCP, as tcpdump's print-bootp.c: the fixed header and, with `-v`, the addresses,
//! names and the RFC 1048 (DHCP) or CMU vendor area with every option.
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, tail, u8at};

const REQUEST: u8 = 1;

const OPS: &Tok = &[(1, "Request"), (2, "Reply")];

const FLAGS: &Tok = &[(0x8000, "Broadcast")];

/// The options: the first character of each name is how its data prints (tcpdump's `tag2str`):
/// `i` IPv4 addresses, `p` address pairs, `l` unsigned and `L` signed 32-bit numbers, `s` 16-bit
/// numbers, `b` dotted bytes, `x` colon-separated hex, `a` text, `B` booleans, `$` special.
const TAGS: &Tok = &[
    (0, " PAD"),
    (1, "iSubnet-Mask"),
    (2, "LTime-Zone"),
    (3, "iDefault-Gateway"),
    (4, "iTime-Server"),
    (5, "iIEN-Name-Server"),
    (6, "iDomain-Name-Server"),
    (7, "iLOG"),
    (8, "iCS"),
    (9, "iLPR-Server"),
    (10, "iIM"),
    (11, "iRL"),
    (12, "aHostname"),
    (13, "sBS"),
    (255, " END"),
    (14, "aDP"),
    (15, "aDomain-Name"),
    (16, "iSS"),
    (17, "aRP"),
    (18, "aEP"),
    (19, "BIPF"),
    (20, "BSRT"),
    (21, "pPF"),
    (22, "sRSZ"),
    (23, "bTTL"),
    (24, "lMTU-Timeout"),
    (25, "sMTU-Table"),
    (26, "sMTU"),
    (27, "BLSN"),
    (28, "iBR"),
    (29, "BMD"),
    (30, "BMS"),
    (31, "BRouter-Discovery"),
    (32, "iRSA"),
    (33, "pStatic-Route"),
    (34, "BUT"),
    (35, "lAT"),
    (36, "BIE"),
    (37, "bTT"),
    (38, "lKI"),
    (39, "BKG"),
    (40, "aYD"),
    (41, "iYS"),
    (42, "iNTP"),
    (43, "bVendor-Option"),
    (44, "iNetbios-Name-Server"),
    (45, "iWDD"),
    (46, "$Netbios-Node"),
    (47, "aNetbios-Scope"),
    (48, "iXFS"),
    (49, "iXDM"),
    (64, "sN+D"),
    (65, "iN+S"),
    (68, "iMH"),
    (69, "iSMTP"),
    (70, "iPOP3"),
    (71, "iNNTP"),
    (72, "iWWW"),
    (73, "iFG"),
    (74, "iIRC"),
    (75, "iSTS"),
    (76, "iSTDA"),
    (50, "iRequested-IP"),
    (51, "lLease-Time"),
    (52, "$OO"),
    (66, "aTFTP"),
    (67, "aBF"),
    (53, " DHCP-Message"),
    (54, "iServer-ID"),
    (55, "bParameter-Request"),
    (56, "aMSG"),
    (57, "sMSZ"),
    (58, "lRN"),
    (59, "lRB"),
    (60, "aVendor-Class"),
    (61, "$Client-ID"),
    (98, "aUAP"),
    (116, "BNOAUTO"),
    (78, "bSLP-DA"),
    (79, "bSLP-SCOPE"),
    (117, "sNSSEARCH"),
    (77, "$User-Class"),
    (118, "iSUBNET"),
    (121, "$Classless-Static-Route"),
    (249, "$Classless-Static-Route-Microsoft"),
    (150, "iTFTP-Server-Address"),
    (80, "aSLP-NA"),
    (81, "$FQDN"),
    (82, "$Agent-Information"),
    (83, "bARMT"),
    (88, "aTZSTR"),
    (89, "bFQDNS"),
    (90, "bAUTH"),
    (91, "LLast-Transaction-Time"),
    (92, "iAssociated-IP"),
    (93, "sARCH"),
    (94, "bNDI"),
    (97, "bGUID"),
    (95, "aLDAP"),
    (100, "aPOSIX-TZ"),
    (101, "aTZ-Name"),
    (112, "iNI"),
    (113, "aNITAG"),
    (114, "aURL"),
    (161, "aMUD-URL"),
];

const OVERLOAD: &Tok = &[(1, "file"), (2, "sname"), (3, "file+sname")];

const NETBIOS_NODE: &Tok = &[(1, "b-node"), (2, "p-node"), (4, "m-node"), (8, "h-node")];

const HW_TYPES: &Tok = &[
    (0x1, "ether"),
    (0x6, "ieee802"),
    (0x7, "arcnet"),
    (0xf, "frelay"),
    (0x17, "strip"),
    (0x18, "ieee1394"),
];

const DHCP_MSGS: &Tok = &[
    (1, "Discover"),
    (2, "Offer"),
    (3, "Request"),
    (4, "Decline"),
    (5, "ACK"),
    (6, "NACK"),
    (7, "Release"),
    (8, "Inform"),
    (10, "LeaseQuery"),
    (11, "LeaseUnassigned"),
    (12, "LeaseUnknown"),
    (13, "LeaseActive"),
];

const AGENT_SUBOPTS: &Tok = &[(1, "Circuit-ID"), (2, "Remote-ID"), (6, "Subscriber-ID")];

/// Offsets in the fixed header.
const CHADDR: usize = 28;
const SNAME: usize = 44;
const FILE: usize = 108;
const VEND: usize = 236;

/// Prints a BOOTP/DHCP message; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "bootp";
    let op = u8at(bp, 0)?;
    nd.s("BOOTP/DHCP, ");
    nd.tok2str(OPS, "unknown (0x%02x)", op.into());
    let htype = u8at(bp, 1)?;
    let hlen = u8at(bp, 2)?;
    let ether = htype == 1 && hlen == 6;
    if ether && op == REQUEST {
        let mac = sl(bp, CHADDR, 6)?;
        nd.s(" from ");
        nd.mac(mac);
    }
    nd.f(format_args!(", length {length}"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    if bp.len() < 10 {
        return nd.trunc_here();
    }
    if htype != 1 {
        nd.f(format_args!(", htype {htype}"));
    }
    if !ether {
        nd.f(format_args!(", hlen {hlen}"));
    }
    let hops = u8at(bp, 3)?;
    if hops != 0 {
        nd.f(format_args!(", hops {hops}"));
    }
    let xid = be32(bp, 4)?;
    if xid != 0 {
        nd.f(format_args!(", xid 0x{xid:x}"));
    }
    let secs = be16(bp, 8)?;
    if secs != 0 {
        nd.f(format_args!(", secs {secs}"));
    }
    let flags = be16(bp, 10)?;
    nd.s(", Flags [");
    nd.bittok2str(FLAGS, "none", flags.into());
    nd.s("]");
    if nd.opts.verbose > 1 {
        nd.f(format_args!(" (0x{flags:04x})"));
    }
    for (at, name) in [
        (12, "Client-IP"),
        (16, "Your-IP"),
        (20, "Server-IP"),
        (24, "Gateway-IP"),
    ] {
        let a = sl(bp, at, 4)?;
        if a != [0; 4] {
            nd.f(format_args!("\n\t  {name} "));
            nd.host4(a);
        }
    }
    if ether {
        let mac = sl(bp, CHADDR, 6)?;
        nd.s("\n\t  Client-Ethernet-Address ");
        nd.mac(mac);
    }
    for (at, size, name) in [(SNAME, 64, "sname"), (FILE, 128, "file")] {
        if u8at(bp, at)? != 0 {
            nd.f(format_args!("\n\t  {name} \""));
            if nd.printztn(tail(bp, at), size) == 0 {
                nd.s("\"");
                return nd.trunc_here();
            }
            nd.s("\"");
        }
    }
    let Ok(magic) = sl(bp, VEND, 4) else {
        return nd.trunc_here();
    };
    match magic {
        [99, 130, 83, 99] => rfc1048(nd, &bp[VEND..]),
        [b'C', b'M', b'U', 0] => {
            cmu(nd, &bp[VEND..]);
            Ok(())
        }
        _ => {
            let v = be32(bp, VEND)?;
            if v != 0 {
                nd.f(format_args!("\n\t  Vendor-#0x{v:x}"));
            }
            Ok(())
        }
    }
}

/// The RFC 1048 vendor area (the DHCP options), from the magic cookie on.
fn rfc1048(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    nd.s("\n\t  Vendor-rfc1048 Extensions");
    nd.f(format_args!("\n\t    Magic Cookie 0x{:08x}", be32(bp, 0)?));
    let mut i = 4;
    let v = nd.opts.verbose;
    while i < bp.len() {
        let tag = bp[i];
        i += 1;
        if (tag == 0 || tag == 255) && v < 3 {
            if tag == 255 {
                return Ok(());
            }
            continue;
        }
        let name = super::tok(TAGS, tag.into()).unwrap_or("?Unknown");
        let (kind, name) = name.split_at(1);
        let mut len = if tag == 0 || tag == 255 {
            0
        } else {
            let l = u8at(bp, i)? as usize;
            i += 1;
            l
        };
        nd.f(format_args!(
            "\n\t    {name} ({tag}), length {len}{}",
            if len > 0 { ": " } else { "" }
        ));
        if tag == 0 && v > 2 {
            let pads = bp[i..].iter().take_while(|&&b| b == 0).count();
            i += pads;
            if pads > 0 {
                nd.f(format_args!(", occurs {}", pads + 1));
            }
        }
        let Ok(data) = sl(bp, i, len) else {
            return nd.trunc_here();
        };
        if tag == 53 && len == 1 {
            nd.tok2str(DHCP_MSGS, "Unknown (%u)", data[0].into());
            i += 1;
            continue;
        }
        if tag == 55 {
            for (n, &t) in data.iter().enumerate() {
                nd.s(if n % 4 == 0 { "\n\t      " } else { ", " });
                let name = super::tok(TAGS, t.into()).unwrap_or("?Unknown");
                nd.f(format_args!("{} ({t})", &name[1..]));
            }
            i += len;
            continue;
        }
        // Unknown options print by their size.
        let kind = match kind.as_bytes()[0] {
            b'?' if len & 1 != 0 => b'b',
            b'?' if len & 2 != 0 => b's',
            b'?' => b'l',
            k => k,
        };
        let used = match kind {
            b'a' => {
                nd.s("\"");
                nd.printn(data, len);
                nd.s("\"");
                len
            }
            b'i' | b'l' | b'L' => {
                let words = data.chunks_exact(4);
                let used = len - words.remainder().len();
                for (n, w) in words.enumerate() {
                    if n > 0 {
                        nd.s(",");
                    }
                    match kind {
                        b'i' => nd.host4(w),
                        b'L' => nd.f(format_args!("{}", be32(w, 0)? as i32)),
                        _ => nd.u(be32(w, 0)?.into()),
                    }
                }
                used
            }
            b'p' => {
                let pairs = data.chunks_exact(8);
                let used = len - pairs.remainder().len();
                for (n, w) in pairs.enumerate() {
                    if n > 0 {
                        nd.s(",");
                    }
                    nd.s("(");
                    nd.host4(&w[..4]);
                    nd.s(":");
                    nd.host4(&w[4..]);
                    nd.s(")");
                }
                used
            }
            b's' => {
                let shorts = data.chunks_exact(2);
                let used = len - shorts.remainder().len();
                for (n, w) in shorts.enumerate() {
                    if n > 0 {
                        nd.s(",");
                    }
                    nd.u(be16(w, 0)?.into());
                }
                used
            }
            b'B' => {
                for (n, &b) in data.iter().enumerate() {
                    if n > 0 {
                        nd.s(",");
                    }
                    match b {
                        0 => nd.s("N"),
                        1 => nd.s("Y"),
                        _ => nd.f(format_args!("{b}?")),
                    }
                }
                len
            }
            b'$' => special(nd, tag, data)?,
            _ => {
                for (n, &b) in data.iter().enumerate() {
                    if n > 0 {
                        nd.s(if kind == b'x' { ":" } else { "." });
                    }
                    if kind == b'x' {
                        nd.f(format_args!("{b:02x}"));
                    } else {
                        nd.u(b.into());
                    }
                }
                len
            }
        };
        i += used;
        len -= used;
        if len > 0 {
            nd.f(format_args!("\n\t  trailing data length {len}"));
            i += len;
        }
    }
    Ok(())
}

/// The options with their own layout (`$` in [`TAGS`]); returns how many bytes were used.
fn special(nd: &mut Nd<'_>, tag: u8, data: &[u8]) -> Res<usize> {
    let len = data.len();
    match tag {
        46 | 52 => {
            let Some(&v) = data.first() else {
                nd.s("[ERROR: length < 1 bytes]");
                return Ok(0);
            };
            let table = if tag == 46 { NETBIOS_NODE } else { OVERLOAD };
            nd.tok2str(table, "#%d", v.into());
            Ok(1)
        }
        81 => {
            if len < 3 {
                nd.s("[ERROR: length < 3 bytes]");
                return Ok(len);
            }
            let flags = data[0];
            if flags & 0xf0 != 0 {
                nd.f(format_args!("[ERROR: MBZ nibble 0x{:x} != 0] ", flags >> 4));
            }
            if flags & 0x0f != 0 {
                nd.s("[");
                for (bit, c) in [(1, "S"), (2, "O"), (4, "E"), (8, "N")] {
                    if flags & bit != 0 {
                        nd.s(c);
                    }
                }
                nd.s("] ");
            }
            if data[1] != 0 || data[2] != 0 {
                nd.f(format_args!("{}/{} ", data[1], data[2]));
            }
            nd.s("\"");
            nd.printn(&data[3..], len - 3);
            nd.s("\"");
            Ok(len)
        }
        61 => {
            let Some(&ty) = data.first() else {
                nd.s("[ERROR: length < 1 bytes]");
                return Ok(0);
            };
            if ty == 0 {
                nd.s("\"");
                nd.printn(&data[1..], len - 1);
                nd.s("\"");
            } else {
                nd.tok2str(HW_TYPES, "hardware-type %u,", ty.into());
                nd.s(" ");
                for (n, b) in data[1..].iter().enumerate() {
                    if n > 0 {
                        nd.s(":");
                    }
                    nd.f(format_args!("{b:02x}"));
                }
            }
            Ok(len)
        }
        82 => {
            let mut i = 0;
            while len - i >= 2 {
                let sub = data[i];
                let sublen = data[i + 1] as usize;
                i += 2;
                nd.s("\n\t      ");
                nd.tok2str(AGENT_SUBOPTS, "Unknown", sub.into());
                nd.f(format_args!(" SubOption {sub}, length {sublen}: "));
                if sublen > len - i {
                    nd.s("length goes past end of option");
                    return Ok(len);
                }
                let value = &data[i..i + sublen];
                match sub {
                    1 | 2 | 6 => {
                        nd.printn(value, sublen);
                    }
                    _ => nd.print_unknown_data(value, "\n\t\t", sublen),
                }
                i += sublen;
            }
            Ok(i)
        }
        121 | 249 => {
            if len < 5 {
                nd.s("[ERROR: length < 5 bytes]");
                return Ok(len);
            }
            let mut i = 0;
            while i < len {
                if i > 0 {
                    nd.s(",");
                }
                let width = data[i] as usize;
                i += 1;
                if width > 32 {
                    nd.f(format_args!("[ERROR: Mask width ({width}) > 32]"));
                    return Ok(len);
                }
                let octets = width.div_ceil(8);
                if len - i < octets + 4 {
                    nd.f(format_args!(
                        "[ERROR: Remaining length ({}) < {} bytes]",
                        len - i,
                        octets + 4
                    ));
                    return Ok(len);
                }
                nd.s("(");
                if width == 0 {
                    nd.s("default");
                } else {
                    for (n, b) in data[i..i + octets].iter().enumerate() {
                        if n > 0 {
                            nd.s(".");
                        }
                        nd.u((*b).into());
                    }
                    for _ in octets..4 {
                        nd.s(".0");
                    }
                    nd.f(format_args!("/{width}"));
                }
                i += octets;
                nd.s(":");
                nd.host4(&data[i..i + 4]);
                nd.s(")");
                i += 4;
            }
            Ok(len)
        }
        77 => {
            if len < 2 {
                nd.s("[ERROR: length < 2 bytes]");
                return Ok(len);
            }
            let mut i = 0;
            let mut instance = 1;
            while i < len {
                let sublen = data[i] as usize;
                i += 1;
                nd.f(format_args!("\n\t      instance#{instance}: "));
                if sublen == 0 {
                    nd.s("[ERROR: suboption length must be non-zero]");
                    return Ok(len);
                }
                if len - i < sublen {
                    nd.s("[ERROR: invalid option]");
                    return Ok(len);
                }
                nd.s("\"");
                nd.printn(&data[i..], sublen);
                nd.f(format_args!("\", length {sublen}"));
                instance += 1;
                i += sublen;
            }
            Ok(len)
        }
        _ => {
            nd.f(format_args!("[unknown special tag {tag}, size {len}]"));
            Ok(len)
        }
    }
}

/// The CMU vendor area: the addresses that are set.
fn cmu(nd: &mut Nd<'_>, bp: &[u8]) {
    nd.s(" vend-cmu");
    let Ok(&[flags, ..]) = sl(bp, 4, 4) else {
        nd.trunc();
        return;
    };
    if flags & !1 != 0 {
        nd.f(format_args!(" F:0x{flags:x}"));
    }
    let mask = if flags & 1 != 0 { "SM" } else { "SM*" };
    for (at, name) in [
        (12, "DG"),
        (8, mask),
        (16, "NS1"),
        (20, "NS2"),
        (24, "IEN1"),
        (28, "IEN2"),
        (32, "TS1"),
        (36, "TS2"),
    ] {
        let Ok(a) = sl(bp, at, 4) else {
            nd.trunc();
            return;
        };
        if a != [0; 4] {
            nd.f(format_args!(" {name}:"));
            nd.host4(a);
        }
    }
}
