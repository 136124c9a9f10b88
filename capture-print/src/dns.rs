//! DNS, as tcpdump's print-domain.c: header flags, questions, answers (all sections with
//! `-vv`, TTLs with `-vvv`), EDNS options, and the markers for malformed names.
//!
//! Positions are indexes into the message (`bp`); the message slice ends where the captured
//! data ends, which is tcpdump's `snapend`.
use super::{Nd, Res, Trunc, be16, be32, tok};

const OPS: [&str; 16] = [
    "",
    " inv_q",
    " stat",
    " op3",
    " notify",
    " update",
    " op6",
    " op7",
    " op8",
    " updateA",
    " updateD",
    " updateDA",
    " updateM",
    " updateMA",
    " zoneInit",
    " zoneRef",
];
const RCODES: [&str; 24] = [
    "",
    " FormErr",
    " ServFail",
    " NXDomain",
    " NotImp",
    " Refused",
    " YXDomain",
    " YXRRSet",
    " NXRRSet",
    " NotAuth",
    " NotZone",
    " Resp11",
    " Resp12",
    " Resp13",
    " Resp14",
    " NoChange",
    " BadVers",
    "Resp17",
    " Resp18",
    " Resp19",
    " Resp20",
    "Resp21",
    " Resp22",
    " BadCookie",
];

const T_OPT: u16 = 41;

/// tcpdump's `ns_type2str`: resource record types.
pub(crate) const TYPES: &[(u32, &str)] = &[
    (1, "A"),
    (2, "NS"),
    (3, "MD"),
    (4, "MF"),
    (5, "CNAME"),
    (6, "SOA"),
    (7, "MB"),
    (8, "MG"),
    (9, "MR"),
    (10, "NULL"),
    (11, "WKS"),
    (12, "PTR"),
    (13, "HINFO"),
    (14, "MINFO"),
    (15, "MX"),
    (16, "TXT"),
    (17, "RP"),
    (18, "AFSDB"),
    (19, "X25"),
    (20, "ISDN"),
    (21, "RT"),
    (22, "NSAP"),
    (23, "NSAP_PTR"),
    (24, "SIG"),
    (25, "KEY"),
    (26, "PX"),
    (27, "GPOS"),
    (28, "AAAA"),
    (29, "LOC"),
    (30, "NXT"),
    (31, "EID"),
    (32, "NIMLOC"),
    (33, "SRV"),
    (34, "ATMA"),
    (35, "NAPTR"),
    (36, "KX"),
    (37, "CERT"),
    (38, "A6"),
    (39, "DNAME"),
    (40, "SINK"),
    (41, "OPT"),
    (42, "APL"),
    (43, "DS"),
    (44, "SSHFP"),
    (45, "IPSECKEY"),
    (46, "RRSIG"),
    (47, "NSEC"),
    (48, "DNSKEY"),
    (99, "SPF"),
    (100, "UINFO"),
    (101, "UID"),
    (102, "GID"),
    (103, "UNSPEC"),
    (104, "UNSPECA"),
    (249, "TKEY"),
    (250, "TSIG"),
    (251, "IXFR"),
    (252, "AXFR"),
    (253, "MAILB"),
    (254, "MAILA"),
    (255, "ANY"),
    (256, "URI"),
];
/// tcpdump's `ns_class2str`: record classes.
pub(crate) const CLASSES: &[(u32, &str)] = &[(1, "IN"), (3, "CHAOS"), (4, "HS"), (255, "ANY")];
const EDNS_OPTS: &[(u32, &str)] = &[
    (1, "LLQ"),
    (2, "UL"),
    (3, "NSID"),
    (5, "DAU"),
    (6, "DHU"),
    (7, "N3U"),
    (8, "ECS"),
    (9, "EXPIRE"),
    (10, "COOKIE"),
    (11, "KEEPALIVE"),
    (12, "PADDING"),
    (13, "CHAIN"),
    (14, "KEY-TAG"),
    (16, "CLIENT-TAG"),
    (17, "SERVER-TAG"),
];
const DAU_ALGS: &[(u32, &str)] = &[
    (0, "DELETE"),
    (1, "RSAMD5"),
    (2, "DH"),
    (3, "DS"),
    (5, "RSASHA1"),
    (6, "DSA-NSEC3-SHA1"),
    (7, "RSASHA1-NSEC3-SHA1"),
    (8, "RSASHA256"),
    (10, "RSASHA512"),
    (12, "ECC-GOST"),
    (13, "ECDSAP256SHA256"),
    (14, "ECDSAP384SHA384"),
    (15, "ED25519"),
    (16, "ED448"),
    (252, "INDIRECT"),
    (253, "PRIVATEDNS"),
    (254, "PRIVATEOID"),
];
const DHU_ALGS: &[(u32, &str)] = &[
    (1, "SHA-1"),
    (2, "SHA-256"),
    (3, "GOST_R_34.11-94"),
    (4, "SHA-384"),
];
const N3U_ALGS: &[(u32, &str)] = &[(1, "SHA-1")];

const MAXCDNAME: usize = 255;

fn type_name(nd: &mut Nd<'_>, t: u16) {
    match tok(TYPES, t as u32) {
        Some(n) => nd.s(n),
        None => nd.f(format_args!("Type{t}")),
    }
}

fn class_name(nd: &mut Nd<'_>, c: u16) {
    match tok(CLASSES, c as u32) {
        Some(n) => nd.s(n),
        None => nd.f(format_args!("(Class {c})")),
    }
}

/// The byte at `i`, if captured.
fn at(bp: &[u8], i: usize) -> Option<u8> {
    bp.get(i).copied()
}

/// tcpdump's `ns_nskip`: the index after a name, without printing it.
fn nskip(bp: &[u8], mut cp: usize) -> Option<usize> {
    let mut i = at(bp, cp)?;
    cp += 1;
    while i != 0 {
        match i & 0xc0 {
            0xc0 => return Some(cp + 1),
            0x40 => {
                if i & 0x3f != 1 {
                    return None;
                }
                let mut bitlen = at(bp, cp)? as usize;
                if bitlen == 0 {
                    bitlen = 256;
                }
                cp += 1 + bitlen.div_ceil(8);
            }
            0x80 => return None,
            _ => cp += i as usize,
        }
        i = at(bp, cp)?;
        cp += 1;
    }
    Some(cp)
}

/// tcpdump's `labellen`: the length of the label at `cp`, or None (with a marker printed for
/// unknown label types).
fn labellen(nd: &mut Nd<'_>, bp: &[u8], cp: usize) -> Option<usize> {
    let i = at(bp, cp)?;
    match i & 0xc0 {
        0x40 => {
            let elt = i & 0x3f;
            if elt != 1 {
                nd.f(format_args!("<ELT {elt}>"));
                return None;
            }
            let mut bitlen = at(bp, cp + 1)? as usize;
            if bitlen == 0 {
                bitlen = 256;
            }
            Some(bitlen.div_ceil(8) + 1)
        }
        0x80 => {
            nd.s("<BAD LABEL TYPE>");
            None
        }
        _ => Some(i as usize),
    }
}

fn blabel(nd: &mut Nd<'_>, bp: &[u8], cp: usize) -> Option<usize> {
    let mut bitlen = at(bp, cp)? as usize;
    if bitlen == 0 {
        bitlen = 256;
    }
    let slen = bitlen.div_ceil(4);
    let lim = cp + 1 + slen;
    nd.s("\\[x");
    let mut bitp = cp + 1;
    let mut b = bitlen;
    while bitp < lim && b > 7 {
        nd.f(format_args!("{:02x}", at(bp, bitp)?));
        b -= 8;
        bitp += 1;
    }
    if b > 4 {
        let tc = at(bp, bitp)?;
        nd.f(format_args!("{:02x}", tc & (0xffu8 << (8 - b))));
    } else if b > 0 {
        let tc = at(bp, bitp)?;
        nd.f(format_args!(
            "{:1x}",
            ((tc >> 4) & 0x0f) & (0x0f << (4 - b))
        ));
    }
    nd.f(format_args!("/{bitlen}]"));
    Some(lim)
}

/// tcpdump's `fqdn_print`: prints a name; returns the index after it in the record.
pub(crate) fn fqdn(nd: &mut Nd<'_>, bp: &[u8], cp: usize) -> Option<usize> {
    fqdn_print(nd, bp, cp, 0)
}

/// tcpdump's `fqdn_print` for names outside a DNS message: the name at `cp` in `bp` (the
/// captured bytes), compression pointers counting from `base` (which tcpdump's callers may put
/// after the name: the pointers then go anywhere forward). Returns the index after the name, or
/// `None` when it could not be printed.
pub(crate) fn fqdn_print(nd: &mut Nd<'_>, bp: &[u8], mut cp: usize, base: usize) -> Option<usize> {
    let mut l = labellen(nd, bp, cp)?;
    let mut i = at(bp, cp)?;
    // tcpdump's unsigned `cp - bp`.
    let mut max_offset = (cp.wrapping_sub(base)) as u32 as usize;
    cp += 1;
    let mut compress = false;
    let mut rp = None;
    if i & 0xc0 != 0xc0 {
        rp = Some(cp + l);
    }
    let mut name_chars = 0usize;
    if i == 0 {
        nd.s(".");
        return rp;
    }
    while i != 0 && cp < bp.len() {
        match i & 0xc0 {
            0xc0 => {
                if !compress {
                    rp = Some(cp + 1);
                    compress = true;
                }
                let offset = (((i as usize) << 8) | at(bp, cp)? as usize) & 0x3fff;
                // Pointers must go backwards: that rules out loops.
                if offset >= max_offset {
                    nd.s("<BAD PTR>");
                    return None;
                }
                max_offset = offset;
                cp = base + offset;
                i = at(bp, cp)?;
                l = labellen(nd, bp, cp)?;
                cp += 1;
                continue;
            }
            0x40 => {
                let elt = i & 0x3f;
                if elt == 1 {
                    blabel(nd, bp, cp)?;
                } else {
                    nd.f(format_args!("<ELT {elt}>"));
                    return None;
                }
            }
            0x80 => {
                nd.s("<BAD LABEL TYPE>");
                return None;
            }
            _ => {
                if name_chars + l <= MAXCDNAME {
                    if nd.printn(super::tail(bp, cp), l) {
                        return None;
                    }
                } else if name_chars < MAXCDNAME
                    && nd.printn(super::tail(bp, cp), MAXCDNAME - name_chars)
                {
                    return None;
                }
                name_chars += l;
            }
        }
        cp += l;
        if name_chars <= MAXCDNAME {
            nd.s(".");
        }
        name_chars += 1;
        i = at(bp, cp)?;
        l = labellen(nd, bp, cp)?;
        cp += 1;
        if !compress {
            rp = rp.map(|r| r + l + 1);
        }
    }
    if name_chars > MAXCDNAME {
        nd.s("<DOMAIN NAME TOO LONG>");
    }
    rp
}

fn qprint(nd: &mut Nd<'_>, bp: &[u8], cp: usize, mdns: bool) -> Option<usize> {
    let np = cp;
    let cp = nskip(bp, cp)?;
    if cp + 4 > bp.len() {
        return None;
    }
    let t = be16(bp, cp).ok()?;
    nd.s(" ");
    type_name(nd, t);
    let raw = be16(bp, cp + 2).ok()?;
    let class = if mdns { raw & 0x7fff } else { raw };
    if class != 1 {
        nd.s(" ");
        class_name(nd, class);
    }
    if mdns {
        nd.s(if raw & 0x8000 != 0 { " (QU)" } else { " (QM)" });
    }
    nd.s("? ");
    let cp = fqdn(nd, bp, np)?;
    Some(cp + 4)
}

fn eopt(nd: &mut Nd<'_>, bp: &[u8], cp: usize) -> Option<usize> {
    let opt = be16(bp, cp).ok()?;
    match tok(EDNS_OPTS, opt as u32) {
        Some(n) => nd.s(n),
        None => nd.f(format_args!("Opt{opt}")),
    }
    let len = be16(bp, cp + 2).ok()? as usize;
    let cp = cp + 4;
    let d = bp.get(cp..cp + len)?;
    if len > 0 {
        nd.s(" ");
        match opt {
            8 => ecs(nd, d),
            10 => {
                if len < 8 || (len > 8 && len < 16) || len > 40 {
                    nd.invalid();
                } else {
                    for (i, b) in d.iter().enumerate() {
                        if i == 8 {
                            nd.s(" ");
                        }
                        nd.f(format_args!("{b:02x}"));
                    }
                }
            }
            11 => {
                if len != 2 {
                    nd.invalid();
                } else {
                    nd.f(format_args!(
                        "{:.1} sec",
                        u16::from_be_bytes([d[0], d[1]]) as f64 / 10.0
                    ));
                }
            }
            9 => {
                if len != 4 {
                    nd.invalid();
                } else {
                    nd.f(format_args!(
                        "{} sec",
                        u32::from_be_bytes([d[0], d[1], d[2], d[3]])
                    ));
                }
            }
            12 => nd.f(format_args!("({len})")),
            14 => {
                if !len.is_multiple_of(2) {
                    nd.invalid();
                } else {
                    for (i, c) in d.chunks(2).enumerate() {
                        if i > 0 {
                            nd.s(" ");
                        }
                        nd.f(format_args!("{}", u16::from_be_bytes([c[0], c[1]])));
                    }
                }
            }
            5..=7 => {
                let table = match opt {
                    5 => DAU_ALGS,
                    6 => DHU_ALGS,
                    _ => N3U_ALGS,
                };
                for (i, &b) in d.iter().enumerate() {
                    if i > 0 {
                        nd.s(" ");
                    }
                    match tok(table, b as u32) {
                        Some(n) => nd.s(n),
                        None => nd.f(format_args!("Alg_{b}")),
                    }
                }
            }
            13 => {
                // The chain option holds a name with no compression: print it on its own.
                let _ = fqdn(nd, d, 0);
            }
            _ => {
                for b in d {
                    nd.f(format_args!("{b:02x}"));
                }
            }
        }
    }
    Some(cp + len)
}

fn ecs(nd: &mut Nd<'_>, d: &[u8]) {
    if d.len() < 4 {
        nd.invalid();
        return;
    }
    let family = u16::from_be_bytes([d[0], d[1]]);
    let (src, scope) = (d[2] as usize, d[3] as usize);
    let bits = match family {
        1 => 32,
        2 => 128,
        _ => {
            nd.invalid();
            return;
        }
    };
    if d.len() - 4 > bits / 8 || src > bits || scope > bits || src.div_ceil(8) != d.len() - 4 {
        nd.invalid();
        return;
    }
    let mut padded = [0u8; 16];
    padded[..d.len() - 4].copy_from_slice(&d[4..]);
    if family == 1 {
        nd.ipv4(&padded[..4]);
    } else {
        nd.ipv6(&padded);
    }
    nd.f(format_args!("/{src}/{scope}"));
}

/// tcpdump's `ns_rprint`: one resource record. `Some(bp.len())` stands for tcpdump's
/// "return snapend" (the record could not even be started).
fn rprint(nd: &mut Nd<'_>, bp: &[u8], cp: usize, mdns: bool) -> Option<usize> {
    let cp = if nd.opts.verbose > 0 {
        nd.s(" ");
        fqdn(nd, bp, cp)?
    } else {
        match nskip(bp, cp) {
            Some(c) => c,
            None => return Some(bp.len()),
        }
    };
    if cp + 10 > bp.len() {
        return Some(bp.len());
    }
    let typ = be16(bp, cp).ok()?;
    let raw = be16(bp, cp + 2).ok()?;
    let class = if mdns { raw & 0x7fff } else { raw };
    if class != 1 && typ != T_OPT {
        nd.s(" ");
        class_name(nd, class);
    }
    if mdns && raw & 0x8000 != 0 {
        nd.s(" (Cache flush)");
    }
    let mut opt_flags = 0;
    if typ == T_OPT {
        opt_flags = be16(bp, cp + 6).ok()?;
    } else if nd.opts.verbose > 2 {
        nd.s(" [");
        nd.unsigned_relts(be32(bp, cp + 4).ok()?);
        nd.s("]");
    }
    let len = be16(bp, cp + 8).ok()? as usize;
    let cp = cp + 10;
    let rp = cp + len;
    nd.s(" ");
    type_name(nd, typ);
    if rp > bp.len() {
        return None;
    }
    match typ {
        1 => {
            let a = bp.get(cp..cp + 4)?;
            nd.s(" ");
            nd.ipv4(a);
        }
        2 | 5 | 12 | 39 => {
            nd.s(" ");
            fqdn(nd, bp, cp)?;
        }
        6 if nd.opts.verbose > 0 => {
            nd.s(" ");
            let c = fqdn(nd, bp, cp)?;
            nd.s(" ");
            let c = fqdn(nd, bp, c)?;
            if c + 20 > bp.len() {
                return None;
            }
            for k in 0..5 {
                nd.f(format_args!(" {}", be32(bp, c + 4 * k).ok()?));
            }
        }
        15 => {
            nd.s(" ");
            if cp + 2 > bp.len() {
                return None;
            }
            fqdn(nd, bp, cp + 2)?;
            nd.f(format_args!(" {}", be16(bp, cp).ok()?));
        }
        16 => {
            let mut c = cp;
            while c < rp {
                nd.s(" \"");
                let n = at(bp, c)? as usize;
                if nd.printn(super::tail(bp, c + 1), n) {
                    return None;
                }
                c += 1 + n;
                nd.s("\"");
            }
        }
        33 => {
            nd.s(" ");
            if cp + 6 > bp.len() {
                return None;
            }
            fqdn(nd, bp, cp + 6)?;
            nd.f(format_args!(
                ":{} {} {}",
                be16(bp, cp + 4).ok()?,
                be16(bp, cp).ok()?,
                be16(bp, cp + 2).ok()?
            ));
        }
        28 => {
            let a = bp.get(cp..cp + 16)?;
            nd.s(" ");
            nd.ipv6(a);
        }
        38 => {
            let pbit = at(bp, cp)? as usize;
            let pbyte = (pbit & !7) / 8;
            if pbit > 128 {
                nd.f(format_args!(" {pbit}(bad plen)"));
            } else {
                if pbit < 128 {
                    let mut a = [0u8; 16];
                    a[pbyte..].copy_from_slice(bp.get(cp + 1..cp + 1 + 16 - pbyte)?);
                    nd.f(format_args!(" {pbit} "));
                    nd.ipv6(&a);
                }
                if pbit > 0 {
                    nd.s(" ");
                    fqdn(nd, bp, cp + 1 + 16 - pbyte)?;
                }
            }
        }
        256 => {
            if !super::has(bp, cp, len) {
                return None;
            }
            nd.f(format_args!(
                " {} {} ",
                be16(bp, cp).ok()?,
                be16(bp, cp + 2).ok()?
            ));
            // tcpdump's unsigned `len - 4` wraps for a short record: the rest of the
            // captured bytes are printed.
            if nd.printn(
                super::tail(bp, cp + 4),
                (len as u32).wrapping_sub(4) as usize,
            ) {
                return None;
            }
        }
        T_OPT => {
            nd.f(format_args!(" UDPsize={class}"));
            if opt_flags & 0x8000 != 0 {
                nd.s(" DO");
            }
            if cp < rp {
                nd.s(" [");
                let mut c = cp;
                while c < rp {
                    c = eopt(nd, bp, c)?;
                    if c < rp {
                        nd.s(",");
                    }
                }
                nd.s("]");
            }
        }
        104 if !super::has(bp, cp, len) || nd.printn(super::tail(bp, cp), len) => {
            return None;
        }
        250 if nd.opts.verbose > 0 => {
            nd.s(" ");
            let mut c = fqdn(nd, bp, cp)?;
            c += 6;
            nd.f(format_args!(" fudge={}", be16(bp, c).ok()?));
            c += 2;
            let maclen = be16(bp, c).ok()? as usize;
            nd.f(format_args!(" maclen={maclen}"));
            c += 2 + maclen;
            nd.f(format_args!(" origid={}", be16(bp, c).ok()?));
            c += 2;
            nd.f(format_args!(" error={}", be16(bp, c).ok()?));
            c += 2;
            nd.f(format_args!(" otherlen={}", be16(bp, c).ok()?));
        }
        _ => {}
    }
    Some(rp)
}

/// Prints a DNS message; `over_tcp` means it starts with the two-byte length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], mut length: usize, over_tcp: bool) -> Res {
    print_mdns(nd, bp, &mut length, over_tcp, false)
}

/// Prints a multicast DNS message (class high bits mean QU / cache flush).
pub(crate) fn print_mdns(
    nd: &mut Nd<'_>,
    mut bp: &[u8],
    length: &mut usize,
    over_tcp: bool,
    mdns: bool,
) -> Res {
    nd.proto = "domain";
    if over_tcp {
        if *length < 2 {
            nd.f(format_args!(" [DNS over TCP: length {} < 2]", *length));
            nd.invalid();
            return Ok(());
        }
        *length -= 2;
        let prefix = be16(bp, 0)? as usize;
        if prefix != *length {
            nd.f(format_args!(
                " [prefix length({prefix}) != length({})]",
                *length
            ));
            nd.invalid();
            return Ok(());
        }
        bp = &bp[2..];
        nd.s(" ");
    }
    let length = *length;
    // Running out of data inside the message is reported where it happens (`goto trunc`).
    match message(nd, bp, length, mdns) {
        Err(_) => nd.trunc_here(),
        ok => ok,
    }
}

fn message(nd: &mut Nd<'_>, bp: &[u8], length: usize, mdns: bool) -> Res {
    if length < 12 {
        nd.f(format_args!("domain [length {length} < 12]"));
        nd.invalid();
        return Ok(());
    }
    if bp.len() < 12 {
        return Err(Trunc);
    }
    let id = be16(bp, 0)?;
    let flags = be16(bp, 2)?;
    let qd = be16(bp, 4)? as usize;
    let an = be16(bp, 6)? as usize;
    let ns = be16(bp, 8)? as usize;
    let ar = be16(bp, 10)? as usize;
    let rcode = extended_rcode(bp, flags, qd, an, ns, ar);
    let opcode = ((flags >> 11) & 0xf) as usize;
    if flags & 0x8000 != 0 {
        nd.u(id as u64);
        nd.s(OPS[opcode]);
        match RCODES.get(rcode as usize) {
            Some(r) => nd.s(r),
            None => nd.f(format_args!(" Resp{}", rcode & 0xfff)),
        }
        if flags & 0x0400 != 0 {
            nd.s("*");
        }
        if flags & 0x0080 == 0 {
            nd.s("-");
        }
        if flags & 0x0200 != 0 {
            nd.s("|");
        }
        if flags & 0x0020 != 0 {
            nd.s("$");
        }
        if qd != 1 {
            nd.f(format_args!(" [{qd}q]"));
        }
        let mut cp = 12;
        for i in 0..qd {
            if i != 0 {
                nd.s(",");
            }
            let r = if nd.opts.verbose > 1 {
                nd.s(" q:");
                qprint(nd, bp, cp, mdns)
            } else {
                nskip(bp, cp).map(|c| c + 4)
            };
            match r {
                Some(c) => cp = c,
                None => return Err(Trunc),
            }
        }
        nd.f(format_args!(" {an}/{ns}/{ar}"));
        cp = section(nd, bp, cp, an, None, mdns)?;
        if nd.opts.verbose > 1 {
            cp = section(nd, bp, cp, ns, Some(" ns:"), mdns)?;
            section(nd, bp, cp, ar, Some(" ar:"), mdns)?;
        }
    } else {
        nd.u(id as u64);
        nd.s(OPS[opcode]);
        if flags & 0x0100 != 0 {
            nd.s("+");
        }
        if flags & 0x0010 != 0 {
            nd.s("%");
        }
        if flags & 0x6cf != 0 {
            nd.f(format_args!(" [b2&3=0x{flags:x}]"));
        }
        if opcode == 1 {
            if qd != 0 {
                nd.f(format_args!(" [{qd}q]"));
            }
            if an != 1 {
                nd.f(format_args!(" [{an}a]"));
            }
        } else {
            if an != 0 {
                nd.f(format_args!(" [{an}a]"));
            }
            if qd != 1 {
                nd.f(format_args!(" [{qd}q]"));
            }
        }
        if ns != 0 {
            nd.f(format_args!(" [{ns}n]"));
        }
        if ar != 0 {
            nd.f(format_args!(" [{ar}au]"));
        }
        let mut cp = 12;
        let mut left = qd;
        if left > 0 {
            cp = qprint(nd, bp, cp, mdns).ok_or(Trunc)?;
            left -= 1;
            while cp < bp.len() && left > 0 {
                cp = qprint(nd, bp, cp, mdns).ok_or(Trunc)?;
                left -= 1;
            }
        }
        if left > 0 {
            return Err(Trunc);
        }
        if nd.opts.verbose > 1 {
            cp = section_first(nd, bp, cp, an, mdns)?;
            cp = section(nd, bp, cp, ns, Some(" ns:"), mdns)?;
            section(nd, bp, cp, ar, Some(" ar:"), mdns)?;
        }
    }
    nd.f(format_args!(" ({length})"));
    Ok(())
}

/// A request's answer section on `-vv`: printed even at the end of the data, as tcpdump does.
fn section_first(nd: &mut Nd<'_>, bp: &[u8], cp: usize, count: usize, mdns: bool) -> Res<usize> {
    if count == 0 {
        return Ok(cp);
    }
    let mut cp = rprint(nd, bp, cp, mdns).ok_or(Trunc)?;
    let mut left = count - 1;
    while cp < bp.len() && left > 0 {
        nd.s(",");
        cp = rprint(nd, bp, cp, mdns).ok_or(Trunc)?;
        left -= 1;
    }
    if left > 0 {
        return Err(Trunc);
    }
    Ok(cp)
}

/// A section of records: the answers (no title, printed even at the end of the data) or,
/// with a title, the authority or additional records.
fn section(
    nd: &mut Nd<'_>,
    bp: &[u8],
    cp: usize,
    count: usize,
    title: Option<&str>,
    mdns: bool,
) -> Res<usize> {
    if count == 0 {
        return Ok(cp);
    }
    match title {
        None => section_first(nd, bp, cp, count, mdns),
        Some(t) => {
            if cp >= bp.len() {
                return Err(Trunc);
            }
            nd.s(t);
            section_first(nd, bp, cp, count, mdns)
        }
    }
}

/// Past a resource record's data: its length at `cp`, then the data. None when the record
/// ends at or beyond the captured bytes (nothing can follow it).
fn past_rdata(bp: &[u8], cp: usize) -> Option<usize> {
    if cp + 2 > bp.len() {
        return None;
    }
    let rdlen = be16(bp, cp).ok()?;
    let cp = cp + 2 + rdlen as usize;
    (cp < bp.len()).then_some(cp)
}

/// The response code, extended by the OPT record's high bits when there is one.
fn extended_rcode(bp: &[u8], flags: u16, qd: usize, an: usize, ns: usize, ar: usize) -> u16 {
    let mut rcode = flags & 0xf;
    let mut cp = 12;
    for _ in 0..qd {
        let Some(c) = nskip(bp, cp) else { return rcode };
        cp = c + 4;
        if cp >= bp.len() {
            return rcode;
        }
    }
    for _ in 0..an + ns {
        let Some(c) = nskip(bp, cp) else { return rcode };
        cp = c + 8;
        let Some(c) = past_rdata(bp, cp) else {
            return rcode;
        };
        cp = c;
    }
    for _ in 0..ar {
        let Some(c) = nskip(bp, cp) else { return rcode };
        cp = c;
        if cp + 2 > bp.len() {
            return rcode;
        }
        let Ok(t) = be16(bp, cp) else { return rcode };
        cp += 4;
        if cp + 1 > bp.len() {
            return rcode;
        }
        if t == T_OPT {
            rcode |= (bp[cp] as u16) << 4;
            return rcode;
        }
        cp += 4;
        let Some(c) = past_rdata(bp, cp) else {
            return rcode;
        };
        cp = c;
    }
    rcode
}

#[cfg(test)]
mod tests {
    use crate::{Options, tests::print_one};

    #[test]
    fn query_over_udp() {
        let mut ip = vec![
            0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        let dns = [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, b'w', b'w', b'w', 7, b'e', b'x',
            b'a', b'm', b'p', b'l', b'e', 0, 0, 1, 0, 1,
        ];
        let udp_len = 8 + dns.len();
        ip.extend_from_slice(&[0x30, 0x39, 0, 53, 0, udp_len as u8, 0, 0]);
        ip.extend_from_slice(&dns);
        let total = ip.len() as u16;
        ip[2..4].copy_from_slice(&total.to_be_bytes());
        let s = print_one(
            Options {
                timestamp: 1,
                numeric: 1,
                ..Default::default()
            },
            101,
            &ip,
        );
        assert_eq!(
            s,
            "IP 10.0.0.1.12345 > 10.0.0.2.53: 4660+ A? www.example. (29)\n"
        );
    }
}
