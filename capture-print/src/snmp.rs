//! SNMP v1, v2c and v3 (UDP ports 161 and 162, or `-T snmp`), as tcpdump's print-snmp.c built
//! without libsmi: a BER decoder and the PDUs, object names from the compiled-in MIB.
use super::mib::{self, NODES};
use super::{Nd, Res, u8at};

/// The agent port.
pub(crate) const PORT: u16 = 161;
/// The trap port.
pub(crate) const TRAP_PORT: u16 = 162;

const UNIVERSAL: &[&str] = &[
    "U-0",
    "Boolean",
    "Integer",
    "Bitstring",
    "String",
    "Null",
    "ObjID",
    "ObjectDes",
    "U-8",
    "U-9",
    "U-10",
    "U-11",
    "U-12",
    "U-13",
    "U-14",
    "U-15",
    "Sequence",
    "Set",
];
const APPLICATION: &[&str] = &[
    "IpAddress",
    "Counter",
    "Gauge",
    "TimeTicks",
    "Opaque",
    "C-5",
    "Counter64",
];
const CONTEXT: &[&str] = &[
    "GetRequest",
    "GetNextRequest",
    "GetResponse",
    "SetRequest",
    "Trap",
    "GetBulk",
    "Inform",
    "V2Trap",
    "Report",
];
const EXCEPTIONS: &[&str] = &["noSuchObject", "noSuchInstance", "endOfMibView"];
const PRIVATE: &[&str] = &["P-0"];

/// The identifier names of each tag class (tcpdump's `Class` table).
const CLASSES: [&[&str]; 4] = [UNIVERSAL, APPLICATION, CONTEXT, PRIVATE];

const ERROR_STATUS: &[&str] = &[
    "noError",
    "tooBig",
    "noSuchName",
    "badValue",
    "readOnly",
    "genErr",
    "noAccess",
    "wrongType",
    "wrongLength",
    "wrongEncoding",
    "wrongValue",
    "noCreation",
    "inconsistentValue",
    "resourceUnavailable",
    "commitFailed",
    "undoFailed",
    "authorizationError",
    "notWritable",
    "inconsistentName",
];

const GENERIC_TRAP: &[&str] = &[
    "coldStart",
    "warmStart",
    "linkDown",
    "linkUp",
    "authenticationFailure",
    "egpNeighborLoss",
    "enterpriseSpecific",
];

const VERSIONS: [&str; 4] = ["SNMPv1", "SNMPv2c", "SNMPv2u", "SNMPv3"];

const GETREQ: u32 = 0;
const GETNEXTREQ: u32 = 1;
const SETREQ: u32 = 3;
const TRAP: u32 = 4;
const GETBULKREQ: u32 = 5;
const INFORMREQ: u32 = 6;
const V2TRAP: u32 = 7;
const REPORT: u32 = 8;

/// The OID prefixes tcpdump abbreviates (without `-n`): prefix text, MIB node, encoding.
const ABBREVIATIONS: [(&str, u16, &[u8]); 4] = [
    ("", mib::MIB, &[43, 6, 1, 2, 1]),
    ("E:", mib::ENTERPRISES, &[43, 6, 1, 4, 1]),
    ("X:", mib::EXPERIMENTAL, &[43, 6, 1, 3]),
    ("S:", mib::SNMPMODULES, &[43, 6, 1, 6, 3]),
];

/// What a BER element holds (tcpdump's `struct be` types).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Any,
    Null,
    Octet,
    Oid,
    Int(i32),
    Uns(u32),
    Uns64(u64),
    Str,
    Seq,
    InetAddr,
    Pdu,
    Exception,
}

/// A decoded BER element: its kind, tag and content (offset and length in the message).
#[derive(Clone, Copy)]
struct Be {
    kind: Kind,
    id: u32,
    data: usize,
    asnlen: u32,
}

impl Be {
    fn int(&self) -> i32 {
        match self.kind {
            Kind::Int(v) => v,
            _ => 0,
        }
    }
}

/// The message being decoded: all its captured bytes.
struct Msg<'a> {
    b: &'a [u8],
}

impl Msg<'_> {
    /// tcpdump's `asn1_parse`: the element at `p` within `len` bytes; None after printing why
    /// it could not be decoded. Returns the element's whole size with its header.
    fn parse(&self, nd: &mut Nd<'_>, mut p: usize, mut len: u32) -> Res<Option<(u32, Be)>> {
        let b = self.b;
        if len < 1 {
            nd.s("[nothing to parse]");
            return Ok(None);
        }
        let first = u8at(b, p)?;
        // tcpdump keeps the tag number in a byte, extended tags included.
        let mut id: u8 = first & 0x1f;
        let form = (first & 0x20) >> 5;
        let class = usize::from((first & 0xc0) >> 6);
        p += 1;
        len -= 1;
        let mut hdr = 1u32;
        if id == 0x1f {
            id = 0;
            while u8at(b, p)? & 0x80 != 0 {
                if len < 1 {
                    nd.s("[Xtagfield?]");
                    return Ok(None);
                }
                id = (id << 7) | (u8at(b, p)? & 0x7f);
                len -= 1;
                hdr += 1;
                p += 1;
            }
            if len < 1 {
                nd.s("[Xtagfield?]");
                return Ok(None);
            }
            id = (id << 7) | u8at(b, p)?;
            len -= 1;
            hdr += 1;
            p += 1;
        }
        if len < 1 {
            nd.s("[no asnlen]");
            return Ok(None);
        }
        let mut asnlen = u32::from(u8at(b, p)?);
        p += 1;
        len -= 1;
        hdr += 1;
        if asnlen & 0x80 != 0 {
            let noct = asnlen % 0x80;
            asnlen = 0;
            if len < noct {
                nd.f(format_args!("[asnlen? {}<{}]", len as i32, noct as i32));
                return Ok(None);
            }
            if !super::has(b, p, noct as usize) {
                nd.trunc();
                return Ok(None);
            }
            for _ in 0..noct {
                asnlen = (asnlen << 8) | u32::from(u8at(b, p)?);
                p += 1;
                len -= 1;
                hdr += 1;
            }
        }
        if len < asnlen {
            nd.f(format_args!("[len{}<asnlen{asnlen}]", len as i32));
            return Ok(None);
        }
        let names = CLASSES[class];
        let form_c = if form == 0 { 'P' } else { 'C' };
        if usize::from(id) >= names.len() {
            // tcpdump's class names are all "x" (its table macro quotes its argument).
            nd.f(format_args!("[id?{form_c}/x/{id}]"));
            return Ok(None);
        }
        if !super::has(b, p, asnlen as usize) {
            nd.trunc();
            return Ok(None);
        }
        let name = names[usize::from(id)];
        let content = &b[p..p + asnlen as usize];
        let kind = if form == 0 {
            match (class, id) {
                (0, 4) => Kind::Str,
                (0, 2) => {
                    if asnlen == 0 {
                        nd.s("[asnlen=0]");
                        return Ok(None);
                    }
                    let mut v: u32 = if content[0] & 0x80 != 0 { u32::MAX } else { 0 };
                    for &c in content {
                        v = (v << 8) | u32::from(c);
                    }
                    Kind::Int(v as i32)
                }
                (0, 6) => Kind::Oid,
                (0, 5) => Kind::Null,
                (0, _) => {
                    nd.f(format_args!("[P/U/{name}]"));
                    Kind::Octet
                }
                (1, 0) => Kind::InetAddr,
                (1, 1..=3) => Kind::Uns(
                    content
                        .iter()
                        .fold(0u32, |v, &c| (v << 8).wrapping_add(u32::from(c))),
                ),
                (1, 6) => Kind::Uns64(
                    content
                        .iter()
                        .fold(0u64, |v, &c| (v << 8).wrapping_add(u64::from(c))),
                ),
                (1, _) => {
                    nd.f(format_args!("[P/A/{name}]"));
                    Kind::Octet
                }
                (2, 0..=2) => Kind::Exception,
                (2, _) => Kind::Any,
                _ => {
                    nd.f(format_args!("[P/x/{name}]"));
                    Kind::Octet
                }
            }
        } else {
            match class {
                0 if id == 16 => Kind::Seq,
                0 => {
                    nd.f(format_args!("C/U/{name}"));
                    Kind::Octet
                }
                2 => Kind::Pdu,
                _ => {
                    nd.f(format_args!("C/x/{name}"));
                    Kind::Octet
                }
            }
        };
        let be = Be {
            kind,
            id: u32::from(id),
            data: p,
            asnlen,
        };
        Ok(Some((asnlen + hdr, be)))
    }

    /// tcpdump's `asn1_print_octets`; false after a truncation.
    fn print_octets(&self, nd: &mut Nd<'_>, e: &Be) -> bool {
        let Some(s) = self.b.get(e.data..e.data + e.asnlen as usize) else {
            nd.trunc();
            return false;
        };
        for c in s {
            nd.f(format_args!("_{c:02x}"));
        }
        true
    }

    /// tcpdump's `asn1_print_string`: quoted when printable, else hex; false after a
    /// truncation.
    fn print_string(&self, nd: &mut Nd<'_>, e: &Be) -> bool {
        let Some(s) = self.b.get(e.data..e.data + e.asnlen as usize) else {
            nd.trunc();
            return false;
        };
        if s.iter().all(|c| (0x20..=0x7e).contains(c)) {
            nd.s("\"");
            nd.o.extend_from_slice(s);
            nd.s("\"");
        } else {
            for (i, c) in s.iter().enumerate() {
                if i == 0 {
                    nd.f(format_args!("{c:02x}"));
                } else {
                    nd.f(format_args!("_{c:02x}"));
                }
            }
        }
        true
    }

    /// tcpdump's `asn1_print`; false after a truncation.
    fn print(&self, nd: &mut Nd<'_>, e: &Be) -> bool {
        match e.kind {
            Kind::Octet => return self.print_octets(nd, e),
            Kind::Null => {}
            Kind::Oid => self.print_oid(nd, e),
            Kind::Int(v) => nd.f(format_args!("{v}")),
            Kind::Uns(v) => nd.f(format_args!("{v}")),
            Kind::Uns64(v) => nd.f(format_args!("{v}")),
            Kind::Str => return self.print_string(nd, e),
            Kind::Seq => nd.f(format_args!("Seq({})", e.asnlen)),
            Kind::InetAddr => {
                if e.asnlen != 4 {
                    nd.s("[inetaddr len!=4]");
                }
                let Some(s) = self.b.get(e.data..e.data + e.asnlen as usize) else {
                    nd.trunc();
                    return false;
                };
                for (i, c) in s.iter().enumerate() {
                    if i > 0 {
                        nd.s(".");
                    }
                    nd.u(u64::from(*c));
                }
            }
            Kind::Exception => nd.f(format_args!("[{}]", EXCEPTIONS[e.id as usize])),
            Kind::Pdu => nd.f(format_args!("{}({})", CONTEXT[e.id as usize], e.asnlen)),
            Kind::Any => nd.s("[BE_ANY!?]"),
        }
        true
    }

    /// An object identifier, with names from the MIB unless `-n`.
    fn print_oid(&self, nd: &mut Nd<'_>, e: &Be) {
        let s = &self.b[e.data..e.data + e.asnlen as usize];
        let mut rest = s;
        let mut first: i32 = -1;
        // The MIB level being walked, or NONE.
        let mut objp = mib::NONE;
        if nd.opts.numeric == 0 && s.len() > 2 {
            for (prefix, node, enc) in ABBREVIATIONS {
                if s.starts_with(enc) {
                    objp = NODES[usize::from(node)].child;
                    rest = &s[enc.len()..];
                    nd.s(prefix);
                    first = 1;
                    break;
                }
            }
        }
        let mut o: i32 = 0;
        for &c in rest {
            o = o.wrapping_shl(7).wrapping_add(i32::from(c & 0x7f));
            if c & 0x80 != 0 {
                continue;
            }
            if first < 0 {
                if nd.opts.numeric == 0 {
                    objp = mib::ISO;
                }
                first = 0;
                let sub = (o / 40).min(2);
                obj_print(nd, &mut objp, sub, false);
                o = o.wrapping_sub(sub.wrapping_mul(40));
            }
            obj_print(nd, &mut objp, o, first > 0);
            first = (first - 1).max(0);
            o = 0;
        }
    }
}

/// tcpdump's `OBJ_PRINT`: the sub-identifier's name at this MIB level, or its number.
fn obj_print(nd: &mut Nd<'_>, objp: &mut u16, o: i32, suppress_dot: bool) {
    let mut n = *objp;
    while n != mib::NONE && i32::from(NODES[usize::from(n)].oid) != o {
        n = NODES[usize::from(n)].next;
    }
    if !suppress_dot {
        nd.s(".");
    }
    if n != mib::NONE {
        nd.s(NODES[usize::from(n)].desc);
        *objp = NODES[usize::from(n)].child;
    } else {
        nd.u(u64::from(o as u32));
        *objp = mib::NONE;
    }
}

/// Parses the element at `np`, or returns from the printer (tcpdump's `< 0` checks).
macro_rules! parse {
    ($m:expr, $nd:expr, $np:expr, $len:expr) => {
        match $m.parse($nd, $np, $len)? {
            Some(v) => v,
            None => return Ok(()),
        }
    };
}

/// Checks the element's kind, printing `what` and the element otherwise.
macro_rules! expect {
    ($m:expr, $nd:expr, $e:expr, $pat:pat, $what:expr) => {
        if !matches!($e.kind, $pat) {
            $nd.s($what);
            $m.print($nd, &$e);
            return Ok(());
        }
    };
}

/// Prints an SNMP message of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "snmp";
    nd.s(" ");
    let m = Msg { b: bp };
    let length = length as u32;
    let (count, e) = parse!(m, nd, 0, length);
    expect!(m, nd, e, Kind::Seq, "[!init SEQ]");
    if count < length {
        nd.f(format_args!(
            "[{} extra after iSEQ]",
            (length - count) as i32
        ));
    }
    let (mut np, mut length) = (e.data, e.asnlen);
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[version!=INT]");
    let version = e.int();
    match version {
        0 | 1 | 3 => {
            if nd.opts.verbose > 0 {
                nd.f(format_args!("{{ {} ", VERSIONS[version as usize]));
            }
        }
        v => {
            nd.f(format_args!("SNMP [version = {v}]"));
            return Ok(());
        }
    }
    length -= count;
    np += count as usize;
    if version == 3 {
        v3msg(nd, &m, np, length)?;
    } else {
        community(nd, &m, np, length, version)?;
    }
    if nd.opts.verbose > 0 {
        nd.s("} ");
    }
    Ok(())
}

/// The community string (omitted when "public"), then the PDU.
fn community(nd: &mut Nd<'_>, m: &Msg<'_>, np: usize, length: u32, version: i32) -> Res {
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[comm!=STR]");
    if m.b.get(e.data..e.data + e.asnlen as usize) != Some(&b"public"[..]) {
        nd.s("C=");
        if !m.print_string(nd, &e) {
            return Ok(());
        }
        nd.s(" ");
    }
    pdu(nd, m, np + count as usize, length - count, version)
}

/// tcpdump's `pdu_print`.
fn pdu(nd: &mut Nd<'_>, m: &Msg<'_>, np: usize, length: u32, version: i32) -> Res {
    let (count, p) = parse!(m, nd, np, length);
    if p.kind != Kind::Pdu {
        nd.s("[no PDU]");
        return Ok(());
    }
    if count < length {
        nd.f(format_args!(
            "[{} extra after PDU]",
            (length - count) as i32
        ));
    }
    if nd.opts.verbose > 0 {
        nd.s("{ ");
    }
    if !m.print(nd, &p) {
        return Ok(());
    }
    nd.s(" ");
    if version == 0 && matches!(p.id, GETBULKREQ | INFORMREQ | V2TRAP | REPORT) {
        nd.s("[v2 PDU in v1 message]");
        return Ok(());
    }
    if version == 1 && p.id == TRAP {
        nd.s("[v1 PDU in v2 message]");
        return Ok(());
    }
    match p.id {
        TRAP => trap_pdu(nd, m, p.data, p.asnlen)?,
        0..=8 => snmp_pdu(nd, m, p.id, p.data, p.asnlen)?,
        _ => {}
    }
    if nd.opts.verbose > 0 {
        nd.s(" } ");
    }
    Ok(())
}

/// An error status name, or `err=N`.
fn error_status(v: i32) -> String {
    match ERROR_STATUS.get(v as u32 as usize) {
        Some(s) if v >= 0 => (*s).to_string(),
        _ => format!("err={}", v as u32),
    }
}

/// tcpdump's `snmppdu_print`: request ID, error status and index, variable bindings.
fn snmp_pdu(nd: &mut Nd<'_>, m: &Msg<'_>, pduid: u32, mut np: usize, mut length: u32) -> Res {
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[reqId!=INT]");
    if nd.opts.verbose > 0 {
        nd.f(format_args!("R={} ", e.int()));
    }
    length -= count;
    np += count as usize;
    let strict = matches!(
        pduid,
        GETREQ | GETNEXTREQ | SETREQ | INFORMREQ | V2TRAP | REPORT
    );
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[errorStatus!=INT]");
    let mut status = 0;
    let v = e.int();
    if strict && v != 0 {
        nd.f(format_args!("[errorStatus({})!=0]", error_status(v)));
    } else if pduid == GETBULKREQ {
        nd.f(format_args!(" N={v}"));
    } else if v != 0 {
        nd.f(format_args!(" {}", error_status(v)));
        status = v;
    }
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[errorIndex!=INT]");
    let v = e.int();
    if strict && v != 0 {
        nd.f(format_args!("[errorIndex({v})!=0]"));
    } else if pduid == GETBULKREQ {
        nd.f(format_args!(" M={v}"));
    } else if v != 0 {
        if status == 0 {
            nd.f(format_args!("[errorIndex({v}) w/o errorStatus]"));
        } else {
            nd.f(format_args!("@{v}"));
        }
    } else if status != 0 {
        nd.s("[errorIndex==0]");
    }
    length -= count;
    np += count as usize;
    varbinds(nd, m, pduid, np, length)
}

/// tcpdump's `trappdu_print` (SNMPv1 traps).
fn trap_pdu(nd: &mut Nd<'_>, m: &Msg<'_>, mut np: usize, mut length: u32) -> Res {
    nd.s(" ");
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Oid, "[enterprise!=OID]");
    if !m.print(nd, &e) {
        return Ok(());
    }
    length -= count;
    np += count as usize;
    nd.s(" ");
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::InetAddr, "[agent-addr!=INETADDR]");
    if !m.print(nd, &e) {
        return Ok(());
    }
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[generic-trap!=INT]");
    let generic = e.int();
    match GENERIC_TRAP.get(generic as u32 as usize) {
        Some(s) if generic >= 0 => nd.f(format_args!(" {s}")),
        _ => nd.f(format_args!(" gt={generic}")),
    }
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[specific-trap!=INT]");
    if generic != 6 {
        if e.int() != 0 {
            nd.f(format_args!("[specific-trap({})!=0]", e.int()));
        }
    } else {
        nd.f(format_args!(" s={}", e.int()));
    }
    length -= count;
    np += count as usize;
    nd.s(" ");
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Uns(_), "[time-stamp!=TIMETICKS]");
    if !m.print(nd, &e) {
        return Ok(());
    }
    length -= count;
    np += count as usize;
    varbinds(nd, m, TRAP, np, length)
}

/// tcpdump's `varbind_print`: name=value pairs (names only for reads).
fn varbinds(nd: &mut Nd<'_>, m: &Msg<'_>, pduid: u32, np: usize, length: u32) -> Res {
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Seq, "[!SEQ of varbind]");
    if count < length {
        nd.f(format_args!(
            "[{} extra after SEQ of varbind]",
            (length - count) as i32
        ));
    }
    let read = matches!(pduid, GETREQ | GETNEXTREQ | GETBULKREQ);
    let (mut np, mut length) = (e.data, e.asnlen);
    while length > 0 {
        nd.s(" ");
        let (count, e) = parse!(m, nd, np, length);
        expect!(m, nd, e, Kind::Seq, "[!varbind]");
        let vbend = np + count as usize;
        let vblength = length - count;
        let (mut inner, mut ilen) = (e.data, e.asnlen);
        let (count, e) = parse!(m, nd, inner, ilen);
        expect!(m, nd, e, Kind::Oid, "[objName!=OID]");
        if !m.print(nd, &e) {
            return Ok(());
        }
        ilen -= count;
        inner += count as usize;
        if !read {
            nd.s("=");
        }
        let (_, e) = parse!(m, nd, inner, ilen);
        if e.kind != Kind::Null {
            if read {
                nd.s("[objVal!=NULL]");
            }
            if !m.print(nd, &e) {
                return Ok(());
            }
        }
        length = vblength;
        np = vbend;
    }
    Ok(())
}

/// tcpdump's `v3msg_print`: the SNMPv3 header, the USM parameters and the scoped PDU.
fn v3msg(nd: &mut Nd<'_>, m: &Msg<'_>, xnp: usize, xlength: u32) -> Res {
    let (_, e) = parse!(m, nd, xnp, xlength);
    expect!(m, nd, e, Kind::Seq, "[!message]");
    let (mut np, mut length) = (e.data, e.asnlen);
    if nd.opts.verbose > 0 {
        nd.s("{ ");
    }
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[msgID!=INT]");
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[msgMaxSize!=INT]");
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[msgFlags!=STR]");
    if e.asnlen != 1 {
        nd.f(format_args!("[msgFlags size {}]", e.asnlen as i32));
        return Ok(());
    }
    let flags = u8at(m.b, e.data)?;
    if !matches!(flags, 0 | 1 | 3 | 4 | 5 | 7) {
        nd.f(format_args!("[msgFlags=0x{flags:02X}]"));
        return Ok(());
    }
    length -= count;
    np += count as usize;
    nd.f(format_args!(
        "F={}{}{} ",
        if flags & 1 != 0 { "a" } else { "" },
        if flags & 2 != 0 { "p" } else { "" },
        if flags & 4 != 0 { "r" } else { "" }
    ));
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[msgSecurityModel!=INT]");
    let model = e.int();
    length -= count;
    np += count as usize;
    if count < length {
        nd.f(format_args!(
            "[{} extra after message SEQ]",
            (length - count) as i32
        ));
    }
    if nd.opts.verbose > 0 {
        nd.s("} ");
    }
    if model != 3 {
        nd.f(format_args!("[security model {model}]"));
        return Ok(());
    }
    if nd.opts.verbose > 0 {
        nd.s("{ USM ");
    }
    // The rest is measured from the outer message, as tcpdump does.
    let mut length = xlength.wrapping_sub((np - xnp) as u32);
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[msgSecurityParameters!=STR]");
    length -= count;
    np += count as usize;
    usm(nd, m, e.data, e.asnlen)?;
    if nd.opts.verbose > 0 {
        nd.s("} ");
        nd.s("{ ScopedPDU ");
    }
    scoped_pdu(nd, m, np, length)?;
    if nd.opts.verbose > 0 {
        nd.s("} ");
    }
    Ok(())
}

/// tcpdump's `usm_print`: the user-based security parameters.
fn usm(nd: &mut Nd<'_>, m: &Msg<'_>, np: usize, length: u32) -> Res {
    let (_, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Seq, "[!usm]");
    let (mut np, mut length) = (e.data, e.asnlen);
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[msgAuthoritativeEngineID!=STR]");
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[msgAuthoritativeEngineBoots!=INT]");
    if nd.opts.verbose > 0 {
        nd.f(format_args!("B={} ", e.int()));
    }
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Int(_), "[msgAuthoritativeEngineTime!=INT]");
    if nd.opts.verbose > 0 {
        nd.f(format_args!("T={} ", e.int()));
    }
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[msgUserName!=STR]");
    length -= count;
    np += count as usize;
    nd.s("U=");
    if !m.print_string(nd, &e) {
        return Ok(());
    }
    nd.s(" ");
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[msgAuthenticationParameters!=STR]");
    length -= count;
    np += count as usize;
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[msgPrivacyParameters!=STR]");
    length -= count;
    if count < length {
        nd.f(format_args!(
            "[{} extra after usm SEQ]",
            (length - count) as i32
        ));
    }
    Ok(())
}

/// tcpdump's `scopedpdu_print`: context engine ID and name, then the PDU.
fn scoped_pdu(nd: &mut Nd<'_>, m: &Msg<'_>, np: usize, length: u32) -> Res {
    let (_, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Seq, "[!scoped PDU]");
    let (mut np, mut length) = (e.data, e.asnlen);
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[contextEngineID!=STR]");
    length -= count;
    np += count as usize;
    nd.s("E=");
    if !m.print_octets(nd, &e) {
        return Ok(());
    }
    nd.s(" ");
    let (count, e) = parse!(m, nd, np, length);
    expect!(m, nd, e, Kind::Str, "[contextName!=STR]");
    length -= count;
    np += count as usize;
    nd.s("C=");
    if !m.print_string(nd, &e) {
        return Ok(());
    }
    nd.s(" ");
    pdu(nd, m, np, length, 3)
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// An SNMPv1 GetRequest for sysDescr.0, community "public".
    const GET: &str =
        "302602010004067075626c6963a019020107020100020100300e300c06082b060102010101000500";

    /// A datagram between loopback addresses: /etc/hosts names them, so printing without
    /// `-n` asks no resolver.
    fn local(sport: u16, dport: u16, m: &[u8]) -> Vec<u8> {
        let mut p = udp4(sport, dport, m);
        p[12..20].copy_from_slice(&[127, 0, 0, 1, 127, 0, 0, 1]);
        p
    }

    #[test]
    fn get_request() {
        let o = crate::Options {
            numeric: 0,
            ..opts(0)
        };
        let s = print_ip(o, &local(1025, 161, &hex(GET)));
        assert!(
            s.ends_with(".snmp:  GetRequest(25)  system.sysDescr.0\n"),
            "{s}"
        );
        let pkt = udp4(1025, 161, &hex(GET));
        let s = print_ip(opts(1), &pkt);
        assert!(
            s.ends_with(" { SNMPv1 { GetRequest(25) R=7  .1.3.6.1.2.1.1.1.0 } } \n"),
            "{s}"
        );
        let mut short = pkt.clone();
        short.truncate(short.len() - 3);
        let s = print_ip(opts(0), &short);
        assert!(s.ends_with("161:   [|snmp]\n"), "{s}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
                        split in 0usize..40, v in 0u8..3, n in 0u8..2) {
            // A valid message with its tail replaced by random bytes.
            let mut m = hex(GET);
            m.truncate(split.min(m.len()));
            m.extend_from_slice(&body);
            let o = crate::Options { numeric: n, ..opts(v) };
            let _ = print_ip(o, &local(1025, 162, &m));
        }
    }
}
