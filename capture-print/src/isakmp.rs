//! ISAKMP and IKE (RFC 2407, 2408, 5996), as tcpdump's print-isakmp.c: the header, and with
//! `-v` every IKEv1 and IKEv2 payload; the NAT traversal encapsulation on UDP 4500 (RFC 3948).
//!
//! Positions are indices into the message from its first header byte; a payload may claim
//! more than was captured, so they can run past the end, which each read checks. As tcpdump,
//! a printer that meets the end of the data prints ` [|name]` itself and returns `None`, which
//! ends the walk through the payload chain; a plain read past the end unwinds to the top.
use std::borrow::Cow;

use super::ip::IpHdr;
use super::{Nd, Res, be16, be32, has, tail, u8at};

/// How many initiator cookies are remembered (tcpdump's `MAXINITIATORS`).
const MAX_INITIATORS: usize = 20;

/// One remembered exchange: the initiator's cookie and the addresses of its first packet.
#[derive(Debug, Default, Clone, Copy)]
struct Initiator {
    cookie: [u8; 8],
    /// The IP version of the addresses; 0 for a slot not used yet.
    version: u8,
    iaddr: [u8; 16],
    raddr: [u8; 16],
}

/// The initiator cookies seen so far, to tell initiator (`I`) from responder (`R`) in IKEv1.
/// As tcpdump's table, unused slots hold a zero cookie and match a zero cookie.
#[derive(Debug, Default)]
pub(crate) struct Cookies {
    slots: [Initiator; MAX_INITIATORS],
    next: usize,
}

impl Cookies {
    fn find(&self, ck: &[u8]) -> Option<usize> {
        self.slots.iter().position(|s| s.cookie[..] == *ck)
    }

    fn record(&mut self, ck: &[u8], ip: &IpHdr<'_>) {
        if let Some(i) = self.find(ck) {
            self.next = (i + 1) % MAX_INITIATORS;
            return;
        }
        let slot = &mut self.slots[self.next];
        let (src, dst) = addrs(ip);
        slot.version = if ip.v6 { 6 } else { 4 };
        slot.iaddr = [0; 16];
        slot.raddr = [0; 16];
        slot.iaddr[..src.len()].copy_from_slice(src);
        slot.raddr[..dst.len()].copy_from_slice(dst);
        slot.cookie.copy_from_slice(ck);
        self.next = (self.next + 1) % MAX_INITIATORS;
    }

    /// Whether the packet comes from slot `i`'s initiator (`initiator`) or responder.
    fn side(&self, i: usize, ip: &IpHdr<'_>, initiator: bool) -> bool {
        let slot = &self.slots[i];
        let (src, _) = addrs(ip);
        if slot.version != if ip.v6 { 6 } else { 4 } {
            return false;
        }
        let a = if initiator { &slot.iaddr } else { &slot.raddr };
        a[..src.len()] == *src
    }
}

/// The source and destination addresses of the IP header.
fn addrs<'a>(ip: &IpHdr<'a>) -> (&'a [u8], &'a [u8]) {
    if ip.v6 {
        (&ip.raw[8..24], &ip.raw[24..40])
    } else {
        (&ip.raw[12..16], &ip.raw[16..20])
    }
}

const NP_SA: u8 = 1;
const NP_P: u8 = 2;
const NP_T: u8 = 3;
const NP_KE: u8 = 4;
const NP_ID: u8 = 5;
const NP_CERT: u8 = 6;
const NP_CR: u8 = 7;
const NP_HASH: u8 = 8;
const NP_SIG: u8 = 9;
const NP_NONCE: u8 = 10;
const NP_N: u8 = 11;
const NP_D: u8 = 12;
const NP_VID: u8 = 13;
const NP_V2E: u8 = 46;

const NPSTR: [&str; 49] = [
    "none", "sa", "p", "t", "ke", "id", "cert", "cr", "hash", "sig", "nonce", "n", "d", "vid",
    "pay14", "pay15", "pay16", "pay17", "pay18", "pay19", "pay20", "pay21", "pay22", "pay23",
    "pay24", "pay25", "pay26", "pay27", "pay28", "pay29", "pay30", "pay31", "pay32", "v2sa",
    "v2ke", "v2IDi", "v2IDr", "v2cert", "v2cr", "v2auth", "v2nonce", "v2n", "v2d", "v2vid",
    "v2TSi", "v2TSr", "v2e", "v2cp", "v2eap",
];

const PROTOIDSTR: [Option<&str>; 5] = [
    None,
    Some("isakmp"),
    Some("ipsec-ah"),
    Some("ipsec-esp"),
    Some("ipcomp"),
];

const ETYPESTR: [Option<&str>; 38] = {
    let mut t = [None; 38];
    t[0] = Some("none");
    t[1] = Some("base");
    t[2] = Some("ident");
    t[3] = Some("auth");
    t[4] = Some("agg");
    t[5] = Some("inf");
    t[32] = Some("oakley-quick");
    t[33] = Some("oakley-newgroup");
    t[34] = Some("ikev2_init");
    t[35] = Some("ikev2_auth");
    t[36] = Some("child_sa");
    t[37] = Some("inf2");
    t
};

/// tcpdump's `STR_OR_ID`: the table's name for `x`, or `#x`.
fn str_or_id(x: u32, tab: &[Option<&'static str>]) -> Cow<'static, str> {
    match tab.get(x as usize).copied().flatten() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(format!("#{x}")),
    }
}

/// [`str_or_id`] over a table with no gaps after its first entry.
fn name_or_id(x: u32, tab: &[&'static str]) -> Cow<'static, str> {
    match tab.get(x as usize) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(format!("#{x}")),
    }
}

/// The name of payload type `np` (tcpdump's `NPSTR`).
fn npstr(np: u8) -> Cow<'static, str> {
    name_or_id(u32::from(np), &NPSTR)
}

/// The name of protocol ID `x` (tcpdump's `PROTOIDSTR`).
fn protoidstr(x: u8) -> Cow<'static, str> {
    str_or_id(u32::from(x), &PROTOIDSTR)
}

/// Prints ` [|name]` for payload type `np`, tcpdump's per-payload truncation mark.
fn trunc_np(nd: &mut Nd<'_>, np: u8) -> Option<usize> {
    nd.f(format_args!(" [|{}]", npstr(np)));
    None
}

/// `data` in hex, two digits a byte.
fn hexprint(nd: &mut Nd<'_>, data: &[u8]) {
    for b in data {
        nd.f(format_args!("{b:02x}"));
    }
}

/// tcpdump's `rawprint`: `len` bytes at `at` in hex, false (nothing printed) when they were not
/// all captured.
fn rawprint(nd: &mut Nd<'_>, b: &[u8], at: usize, len: usize) -> bool {
    match at.checked_add(len).and_then(|end| b.get(at..end)) {
        Some(d) => {
            hexprint(nd, d);
            true
        }
        None => false,
    }
}

/// tcpdump's `ike_show_somedata`: the first ten and the last twenty bytes up to the end of the
/// captured data.
fn show_somedata(nd: &mut Nd<'_>, b: &[u8], cp: usize) -> bool {
    let ep = b.len() as isize;
    let cp = cp as isize;
    let len = (ep - cp).min(10);
    let (mut end, mut elen) = (ep - 20, 20);
    if end < cp + len {
        end = cp + len;
        elen = ep - end;
    }
    nd.s(" data=(");
    if cp < 0 || len < 0 || !rawprint(nd, b, cp as usize, len as usize) {
        return false;
    }
    nd.s("...");
    if elen != 0 && (end < 0 || elen < 0 || !rawprint(nd, b, end as usize, elen as usize)) {
        return false;
    }
    nd.s(")");
    true
}

/// An attribute's name and, when it takes a basic (two-byte) value, the names of the values.
type AttrMap = [(Option<&'static str>, &'static [Option<&'static str>])];

const GROUP_DESC: &[Option<&str>] = &[
    None,
    Some("modp768"),
    Some("modp1024"),
    Some("EC2N 2^155"),
    Some("EC2N 2^185"),
    Some("modp1536"),
    Some("iana-grp06"),
    Some("iana-grp07"),
    Some("iana-grp08"),
    Some("iana-grp09"),
    Some("iana-grp10"),
    Some("iana-grp11"),
    Some("iana-grp12"),
    Some("iana-grp13"),
    Some("modp2048"),
    Some("modp3072"),
    Some("modp4096"),
    Some("modp6144"),
    Some("modp8192"),
];

const LIFETYPE: &[Option<&str>] = &[None, Some("sec"), Some("kb")];

const IPSEC_T_MAP: &AttrMap = &[
    (None, &[]),
    (Some("lifetype"), LIFETYPE),
    (Some("life"), &[]),
    (Some("group desc"), GROUP_DESC),
    (Some("enc mode"), &[None, Some("tunnel"), Some("transport")]),
    (
        Some("auth"),
        &[
            None,
            Some("hmac-md5"),
            Some("hmac-sha1"),
            Some("1des-mac"),
            Some("keyed"),
        ],
    ),
    (Some("keylen"), &[]),
    (Some("rounds"), &[]),
    (Some("dictsize"), &[]),
    (Some("privalg"), &[]),
];

/// IKEv2 encryption transform attributes: only the key length (14) is named. tcpdump's table
/// claims 14 value names for it and has none, which prints the value in hex as here.
const ENCR_T_MAP: &AttrMap = &[
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (None, &[]),
    (Some("keylen"), &[]),
];

const OAKLEY_T_MAP: &AttrMap = &[
    (None, &[]),
    (
        Some("enc"),
        &[
            None,
            Some("1des"),
            Some("idea"),
            Some("blowfish"),
            Some("rc5"),
            Some("3des"),
            Some("cast"),
            Some("aes"),
        ],
    ),
    (
        Some("hash"),
        &[
            None,
            Some("md5"),
            Some("sha1"),
            Some("tiger"),
            Some("sha2-256"),
            Some("sha2-384"),
            Some("sha2-512"),
        ],
    ),
    (
        Some("auth"),
        &[
            None,
            Some("preshared"),
            Some("dss"),
            Some("rsa sig"),
            Some("rsa enc"),
            Some("rsa enc revised"),
        ],
    ),
    (Some("group desc"), GROUP_DESC),
    (
        Some("group type"),
        &[None, Some("MODP"), Some("ECP"), Some("EC2N")],
    ),
    (Some("group prime"), &[]),
    (Some("group gen1"), &[]),
    (Some("group gen2"), &[]),
    (Some("group curve A"), &[]),
    (Some("group curve B"), &[]),
    (Some("lifetype"), LIFETYPE),
    (Some("lifeduration"), &[]),
    (Some("prf"), &[]),
    (Some("keylen"), &[]),
    (Some("field"), &[]),
    (Some("order"), &[]),
];

const IKEV1_P_MAP: &[Option<&str>] = &[None, Some("ike")];
const IKEV2_T_TYPE_MAP: &[Option<&str>] = &[
    None,
    Some("encr"),
    Some("prf"),
    Some("integ"),
    Some("dh"),
    Some("esn"),
];
const AH_P_MAP: &[Option<&str>] = &[
    None,
    Some("(reserved)"),
    Some("md5"),
    Some("sha"),
    Some("1des"),
    Some("sha2-256"),
    Some("sha2-384"),
    Some("sha2-512"),
];
const PRF_P_MAP: &[Option<&str>] = &[
    None,
    Some("hmac-md5"),
    Some("hmac-sha"),
    Some("hmac-tiger"),
    Some("aes128_xcbc"),
];
const INTEG_P_MAP: &[Option<&str>] = &[
    None,
    Some("hmac-md5"),
    Some("hmac-sha"),
    Some("dec-mac"),
    Some("kpdk-md5"),
    Some("aes-xcbc"),
];
const ESN_P_MAP: &[Option<&str>] = &[Some("no-esn"), Some("esn")];
const ESP_P_MAP: &[Option<&str>] = &[
    None,
    Some("1des-iv64"),
    Some("1des"),
    Some("3des"),
    Some("rc5"),
    Some("idea"),
    Some("cast"),
    Some("blowfish"),
    Some("3idea"),
    Some("1des-iv32"),
    Some("rc4"),
    Some("null"),
    Some("aes"),
];
const IPCOMP_P_MAP: &[Option<&str>] = &[None, Some("oui"), Some("deflate"), Some("lzs")];

/// One data attribute at `p` (`ep2`: the end of its transform), named from `map` when given.
/// Returns where the next one starts; `None` when its value was not captured.
fn attr(
    nd: &mut Nd<'_>,
    b: &[u8],
    p: usize,
    ep2: usize,
    map: Option<&AttrMap>,
) -> Res<Option<usize>> {
    let first = u8at(b, p)?;
    let tv = first & 0x80 != 0;
    let totlen = if tv {
        4
    } else {
        4 + usize::from(be16(b, p + 2)?)
    };
    if ep2 < p + totlen {
        nd.s("[|attr]");
        return Ok(Some(ep2 + 1));
    }
    nd.s("(");
    let t = be16(b, p)? & 0x7fff;
    let entry = map.and_then(|m| m.get(usize::from(t)));
    match entry.and_then(|e| e.0) {
        Some(name) => nd.f(format_args!("type={name} ")),
        None => nd.f(format_args!("type=#{t} ")),
    }
    if tv {
        nd.s("value=");
        let v = be16(b, p + 2)?;
        match entry.and_then(|e| e.1.get(usize::from(v)).copied().flatten()) {
            Some(name) => nd.s(name),
            None => {
                if !rawprint(nd, b, p + 2, 2) {
                    nd.s(")");
                    return Ok(None);
                }
            }
        }
    } else {
        nd.f(format_args!("len={} value=", totlen - 4));
        if !rawprint(nd, b, p + 4, totlen - 4) {
            nd.s(")");
            return Ok(None);
        }
    }
    nd.s(")");
    Ok(Some(p + totlen))
}

/// What the payload printers share: the message and the protocol of the enclosing proposal.
#[derive(Clone, Copy)]
struct Ctx<'p> {
    b: &'p [u8],
    proto: u32,
    /// The message's header (its SPIs and flags), when `b` is a decrypted payload's data.
    base: &'p [u8],
}

/// Prints an ISAKMP message (UDP 500, 7500, 8500, or after the non-ESP marker on 4500).
pub(crate) fn print(nd: &mut Nd<'_>, b: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    nd.proto = "isakmp";
    // tcpdump reads the `-E` secrets at the first ISAKMP message, whatever it holds.
    super::esp::read_secrets(nd)?;
    if b.len() < 28 {
        nd.trunc();
        return Ok(());
    }
    nd.s("isakmp");
    let vers = b[17];
    let (major, minor) = (vers >> 4, vers & 0xf);
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" {major}.{minor}"));
        nd.s(" msgid ");
        hexprint(nd, &b[20..24]);
    }
    if nd.opts.verbose > 1 {
        nd.s(" cookie ");
        hexprint(nd, &b[0..8]);
        nd.s("->");
        hexprint(nd, &b[8..16]);
    }
    nd.s(":");
    match major {
        1 => ikev1(nd, b, length, ip),
        2 => ikev2(nd, b, length),
        _ => Ok(()),
    }
}

/// The RFC 3948 UDP 4500 encapsulation: a keep-alive, IKE after a zero non-ESP marker, or ESP
/// (`fragmented`: whether the datagram is an IP fragment).
pub(crate) fn print_rfc3948(
    nd: &mut Nd<'_>,
    b: &[u8],
    length: usize,
    ip: &IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "isakmp_rfc3948";
    if length == 1 && u8at(b, 0)? == 0xff {
        nd.s("isakmp-nat-keep-alive");
        return Ok(());
    }
    if length < 4 {
        nd.trunc();
        return Ok(());
    }
    if be32(b, 0)? == 0 {
        nd.s("NONESP-encap: ");
        return print(nd, tail(b, 4), length - 4, ip);
    }
    nd.s("UDP-encap: ");
    super::esp::print(nd, b, length, ip, fragmented)
}

/// Phase 1 for a zero message ID, else 2.
fn phase_of(b: &[u8]) -> u32 {
    if b[20..24] == [0; 4] { 1 } else { 2 }
}

/// With `-v`, the ISAKMP length when it differs from the one IP gave.
fn len_mismatch(nd: &mut Nd<'_>, b: &[u8], length: usize) {
    if nd.opts.verbose > 0 {
        let len = u32::from_be_bytes([b[24], b[25], b[26], b[27]]);
        if len as usize != length {
            nd.f(format_args!(" (len mismatch: isakmp {len}/ip {length})"));
        }
    }
}

/// An IKEv1 message after the common header: phase, side, exchange, flags, payloads.
fn ikev1(nd: &mut Nd<'_>, b: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    let phase = phase_of(b);
    if phase == 1 {
        nd.s(" phase 1");
    } else {
        nd.s(" phase 2/others");
    }
    let ck = &b[0..8];
    match nd.state.isakmp.find(ck) {
        None => {
            if b[8..16] == [0; 8] {
                nd.s(" I");
                nd.state.isakmp.record(ck, ip);
            } else {
                nd.s(" ?");
            }
        }
        Some(i) => {
            if nd.state.isakmp.side(i, ip, true) {
                nd.s(" I");
            } else if nd.state.isakmp.side(i, ip, false) {
                nd.s(" R");
            } else {
                nd.s(" ?");
            }
        }
    }
    nd.f(format_args!(" {}", str_or_id(u32::from(b[18]), &ETYPESTR)));
    let flags = b[19];
    if flags != 0 {
        nd.f(format_args!(
            "[{}{}]",
            if flags & 1 != 0 { "E" } else { "" },
            if flags & 2 != 0 { "C" } else { "" }
        ));
    }
    payloads(nd, b, length, flags, false)
}

/// An IKEv2 message after the common header: phase, exchange, flags, payloads.
fn ikev2(nd: &mut Nd<'_>, b: &[u8], length: usize) -> Res {
    let phase = phase_of(b);
    if phase == 1 {
        nd.s(" parent_sa");
    } else {
        nd.s(" child_sa ");
    }
    nd.f(format_args!(" {}", str_or_id(u32::from(b[18]), &ETYPESTR)));
    let flags = b[19];
    if flags != 0 {
        nd.f(format_args!(
            "[{}{}{}]",
            if flags & 0x08 != 0 { "I" } else { "" },
            if flags & 0x10 != 0 { "V" } else { "" },
            if flags & 0x20 != 0 { "R" } else { "" }
        ));
    }
    payloads(nd, b, length, flags, true)
}

/// After an IKEv1 (`v2` false) or IKEv2 header: with `-v` its payloads (or that they are
/// encrypted), then the length check.
fn payloads(nd: &mut Nd<'_>, b: &[u8], length: usize, flags: u8, v2: bool) -> Res {
    if nd.opts.verbose > 0 {
        nd.s(":");
        let np = b[16];
        if flags & 1 != 0 {
            nd.f(format_args!(" [encrypted {}]", npstr(np)));
        } else {
            let cx = Ctx {
                b,
                proto: 0,
                base: b,
            };
            sub_chain(nd, cx, np, 28, 0, v2)?;
        }
    }
    len_mismatch(nd, b, length);
    Ok(())
}

/// Starts a payload's line: a newline, four spaces a level, and the opening parenthesis.
fn open(nd: &mut Nd<'_>, depth: usize) {
    nd.s("\n");
    for _ in 0..depth {
        nd.s("    ");
    }
    nd.s("(");
}

/// tcpdump's `ikev1_sub_print` and `ikev2_sub_print`: the chain of payloads starting with
/// type `np` at `ext`.
fn sub_chain(
    nd: &mut Nd<'_>,
    cx: Ctx<'_>,
    mut np: u8,
    mut ext: usize,
    depth: usize,
    v2: bool,
) -> Res<Option<usize>> {
    let b = cx.b;
    let mut cp = Some(ext);
    while np != 0 {
        if !has(b, ext, 4) || !has(b, ext, usize::from(be16(b, ext + 2)?)) {
            return Ok(trunc_np(nd, np));
        }
        open(nd, depth + 1);
        cp = sub0(nd, cx, np, ext, depth + 1, v2)?;
        nd.s(")");
        let Some(next) = cp else {
            return Ok(None);
        };
        np = b[ext];
        ext = next;
    }
    Ok(cp)
}

/// tcpdump's `ike_sub0_print` and `ikev2_sub0_print`: one payload by its type.
fn sub0(
    nd: &mut Nd<'_>,
    cx: Ctx<'_>,
    np: u8,
    ext: usize,
    depth: usize,
    v2: bool,
) -> Res<Option<usize>> {
    let b = cx.b;
    if !has(b, ext, 4) {
        nd.trunc();
        return Ok(None);
    }
    let item_len = usize::from(be16(b, ext + 2)?);
    // A payload cannot be shorter than its header: stop rather than loop on it.
    if item_len <= 4 {
        return Ok(None);
    }
    let il = item_len;
    match np {
        NP_V2E if v2 => v2_e(nd, cx, np, ext, il, depth),
        NP_SA => v1_sa(nd, cx, ext, depth),
        NP_P => v1_p(nd, cx, ext, depth),
        NP_T => v1_t(nd, cx, ext, il),
        NP_KE => v1_ke(nd, b, ext, il),
        NP_ID => v1_id(nd, cx, ext, il),
        NP_CERT | NP_CR => v1_cert(nd, b, np, ext, il),
        NP_HASH | NP_SIG | NP_VID => v1_data(nd, b, np, ext, il),
        NP_NONCE => v1_nonce(nd, b, ext, il),
        NP_N => v1_n(nd, b, ext, il),
        NP_D => v1_d(nd, b, ext),
        33 => v2_sa(nd, b, np, ext, depth),
        34 => v2_ke(nd, b, np, ext, il),
        35 | 36 => v2_id(nd, b, np, ext, il),
        39 => v2_auth(nd, b, np, ext, il),
        40 => v2_nonce(nd, b, np, ext, il),
        41 => v2_n(nd, b, ext, il),
        43 => v2_vid(nd, b, np, ext, il),
        37 | 38 | 42 | 44 | 45 | 47 | 48 => v2_gen(nd, b, np, ext, il),
        _ => {
            nd.s(&npstr(np));
            Ok(Some(ext + item_len))
        }
    }
}

/// An IKEv1 security association and its proposals.
fn v1_sa(nd: &mut Nd<'_>, cx: Ctx<'_>, ext: usize, depth: usize) -> Res<Option<usize>> {
    let b = cx.b;
    nd.s("sa:");
    if !has(b, ext, 12) {
        return Ok(trunc_np(nd, NP_SA));
    }
    let doi = be32(b, ext + 4)?;
    let sit = be32(b, ext + 8)?;
    if doi != 1 {
        nd.f(format_args!(" doi={doi} situation={sit}"));
        return Ok(Some(ext + 12));
    }
    nd.s(" doi=ipsec situation=");
    let mut any = false;
    for (bit, name) in [(1, "identity"), (2, "secrecy"), (4, "integrity")] {
        if sit & bit != 0 {
            if any {
                nd.s("+");
            }
            nd.s(name);
            any = true;
        }
    }
    let mut np = ext + 12;
    if sit != 0x01 {
        // tcpdump reads the "identity" field at the DOI's place.
        let ident = be32(b, ext + 4)?;
        nd.f(format_args!(" ident={ident}"));
        np += 4;
    }
    if !has(b, np, 4) {
        return Ok(trunc_np(nd, NP_SA));
    }
    sub_chain(nd, cx, NP_P, np, depth, false)
}

/// An IKEv1 proposal and its transforms.
fn v1_p(nd: &mut Nd<'_>, cx: Ctx<'_>, ext: usize, depth: usize) -> Res<Option<usize>> {
    let b = cx.b;
    nd.s("p:");
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, NP_P));
    }
    let prot_id = b[ext + 5];
    nd.f(format_args!(
        " #{} protoid={} transform={}",
        b[ext + 4],
        protoidstr(prot_id),
        b[ext + 7]
    ));
    let spi_size = usize::from(b[ext + 6]);
    if spi_size != 0 {
        nd.s(" spi=");
        if !rawprint(nd, b, ext + 8, spi_size) {
            return Ok(trunc_np(nd, NP_P));
        }
    }
    let next = ext + 8 + spi_size;
    if !has(b, next, 4) {
        return Ok(trunc_np(nd, NP_P));
    }
    let cx = Ctx {
        proto: u32::from(prot_id),
        ..cx
    };
    sub_chain(nd, cx, NP_T, next, depth, false)
}

/// An IKEv1 transform and its attributes, named by the proposal's protocol.
fn v1_t(nd: &mut Nd<'_>, cx: Ctx<'_>, ext: usize, item_len: usize) -> Res<Option<usize>> {
    let b = cx.b;
    nd.s("t:");
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, NP_T));
    }
    let t_id = u32::from(b[ext + 5]);
    let (idstr, map): (Option<Cow<'_, str>>, Option<&AttrMap>) = match cx.proto {
        1 => (Some(str_or_id(t_id, IKEV1_P_MAP)), Some(OAKLEY_T_MAP)),
        2 => (Some(str_or_id(t_id, AH_P_MAP)), Some(IPSEC_T_MAP)),
        3 => (Some(str_or_id(t_id, ESP_P_MAP)), Some(IPSEC_T_MAP)),
        4 => (Some(str_or_id(t_id, IPCOMP_P_MAP)), Some(IPSEC_T_MAP)),
        _ => (None, None),
    };
    match idstr {
        Some(s) => nd.f(format_args!(" #{} id={s} ", b[ext + 4])),
        None => nd.f(format_args!(" #{} id={t_id} ", b[ext + 4])),
    }
    attrs(nd, b, ext + 8, ext + item_len, map, NP_T)
}

/// The attributes of a transform from `cp` to `ep2`, then `...` when they were not all
/// captured.
fn attrs(
    nd: &mut Nd<'_>,
    b: &[u8],
    mut cp: usize,
    ep2: usize,
    map: Option<&AttrMap>,
    np: u8,
) -> Res<Option<usize>> {
    let ep = b.len();
    while cp < ep && cp < ep2 {
        match attr(nd, b, cp, ep2, map)? {
            Some(next) => cp = next,
            None => return Ok(trunc_np(nd, np)),
        }
    }
    if ep < ep2 {
        nd.s("...");
    }
    Ok(Some(cp))
}

/// The payload's data in hex (`-vvv`) after ` `; false when it was not all captured.
fn dump_vvv(nd: &mut Nd<'_>, b: &[u8], ext: usize, item_len: usize) -> bool {
    if nd.opts.verbose > 2 && item_len > 4 {
        nd.s(" ");
        return rawprint(nd, b, ext + 4, item_len - 4);
    }
    true
}

/// An IKEv1 key exchange: its length, the key with `-vvv`.
fn v1_ke(nd: &mut Nd<'_>, b: &[u8], ext: usize, item_len: usize) -> Res<Option<usize>> {
    nd.s("ke:");
    nd.f(format_args!(" key len={}", item_len - 4));
    if !dump_vvv(nd, b, ext, item_len) {
        return Ok(trunc_np(nd, NP_KE));
    }
    Ok(Some(ext + item_len))
}

/// Hash, signature and vendor ID payloads: their length, and their data with `-vvv`.
fn v1_data(nd: &mut Nd<'_>, b: &[u8], np: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    nd.f(format_args!("{}:", npstr(np)));
    nd.f(format_args!(" len={}", item_len - 4));
    if !dump_vvv(nd, b, ext, item_len) {
        return Ok(trunc_np(nd, np));
    }
    Ok(Some(ext + item_len))
}

const CERTSTR: &[&str] = &[
    "none", "pkcs7", "pgp", "dns", "x509sign", "x509ke", "kerberos", "crl", "arl", "spki",
    "x509attr",
];

/// An IKEv1 certificate or certificate request: length and encoding.
fn v1_cert(nd: &mut Nd<'_>, b: &[u8], np: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    nd.f(format_args!("{}:", npstr(np)));
    if !has(b, ext, 6) {
        return Ok(trunc_np(nd, np));
    }
    nd.f(format_args!(" len={}", item_len - 4));
    nd.f(format_args!(
        " type={}",
        name_or_id(u32::from(b[ext + 4]), CERTSTR)
    ));
    if !dump_vvv(nd, b, ext, item_len) {
        return Ok(trunc_np(nd, np));
    }
    Ok(Some(ext + item_len))
}

/// An IKEv1 nonce: its length, some of it with `-vv`, all of it with `-vvv`.
fn v1_nonce(nd: &mut Nd<'_>, b: &[u8], ext: usize, item_len: usize) -> Res<Option<usize>> {
    nd.s("nonce:");
    nd.f(format_args!(" n len={}", item_len - 4));
    if item_len > 4 {
        if nd.opts.verbose > 2 {
            nd.s(" ");
            if !rawprint(nd, b, ext + 4, item_len - 4) {
                return Ok(trunc_np(nd, NP_NONCE));
            }
        } else if nd.opts.verbose > 1 {
            nd.s(" ");
            if !show_somedata(nd, b, ext + 4) {
                return Ok(trunc_np(nd, NP_NONCE));
            }
        }
    }
    Ok(Some(ext + item_len))
}

/// An IKEv1 identification in the IPsec DOI: type, protocol, port and the identity.
fn v1_id(nd: &mut Nd<'_>, cx: Ctx<'_>, ext: usize, item_len: usize) -> Res<Option<usize>> {
    const IPSECIDTYPESTR: &[Option<&str>] = &[
        None,
        Some("IPv4"),
        Some("FQDN"),
        Some("user FQDN"),
        Some("IPv4net"),
        Some("IPv6"),
        Some("IPv6net"),
        Some("IPv4range"),
        Some("IPv6range"),
        Some("ASN1 DN"),
        Some("ASN1 GN"),
        Some("keyid"),
    ];
    let b = cx.b;
    nd.s("id:");
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, NP_ID));
    }
    let (data, mut len) = if item_len > 8 {
        (Some(ext + 8), item_len - 8)
    } else {
        (None, 0)
    };
    // The phase is always 1 or 2, where tcpdump prints the IPsec DOI's identification.
    {
        let ty = b[ext + 4];
        nd.f(format_args!(
            " idtype={}",
            str_or_id(u32::from(ty), IPSECIDTYPESTR)
        ));
        let proto_id = b[ext + 5];
        match nd.names.proto(proto_id).filter(|_| proto_id != 0) {
            Some(name) => {
                let name = name.to_owned();
                nd.f(format_args!(" protoid={name}"));
            }
            None => nd.f(format_args!(" protoid={proto_id}")),
        }
        nd.f(format_args!(" port={}", be16(b, ext + 6)?));
        if len != 0 {
            let Some(d) = data else {
                return Ok(trunc_np(nd, NP_ID));
            };
            if !has(b, d, len) {
                return Ok(trunc_np(nd, NP_ID));
            }
            let data = &b[d..d + len];
            match ty {
                1 => {
                    if len < 4 {
                        nd.f(format_args!(" len={len} [bad: < 4]"));
                    } else {
                        nd.f(format_args!(" len={len} "));
                        nd.host4(&data[..4]);
                    }
                    len = 0;
                }
                2 | 3 => {
                    nd.f(format_args!(" len={len} "));
                    for &c in data {
                        nd.print_char(c);
                    }
                    len = 0;
                }
                4 => {
                    if len < 8 {
                        nd.f(format_args!(" len={len} [bad: < 8]"));
                    } else {
                        nd.f(format_args!(" len={len} "));
                        nd.host4(&data[..4]);
                        nd.f(format_args!(
                            "/{}.{}.{}.{}",
                            data[4], data[5], data[6], data[7]
                        ));
                    }
                    len = 0;
                }
                5 => {
                    if len < 16 {
                        nd.f(format_args!(" len={len} [bad: < 16]"));
                    } else {
                        nd.f(format_args!(" len={len} "));
                        nd.host6(&data[..16]);
                    }
                    len = 0;
                }
                6 => {
                    if len < 32 {
                        nd.f(format_args!(" len={len} [bad: < 32]"));
                    } else {
                        nd.f(format_args!(" len={len} "));
                        nd.host6(&data[..16]);
                        nd.s("/0x");
                        hexprint(nd, &data[16..32]);
                    }
                    len = 0;
                }
                7 => {
                    if len < 8 {
                        nd.f(format_args!(" len={len} [bad: < 8]"));
                    } else {
                        nd.f(format_args!(" len={len} "));
                        nd.host4(&data[..4]);
                        nd.s("-");
                        nd.host4(&data[4..8]);
                    }
                    len = 0;
                }
                8 => {
                    if len < 32 {
                        nd.f(format_args!(" len={len} [bad: < 32]"));
                    } else {
                        nd.f(format_args!(" len={len} "));
                        nd.host6(&data[..16]);
                        nd.s("-");
                        nd.host6(&data[16..32]);
                    }
                    len = 0;
                }
                _ => {}
            }
        }
    }
    if let Some(d) = data
        && len != 0
    {
        nd.f(format_args!(" len={len}"));
        if nd.opts.verbose > 2 {
            nd.s(" ");
            if !rawprint(nd, b, d, len) {
                return Ok(trunc_np(nd, NP_ID));
            }
        }
    }
    Ok(Some(ext + item_len))
}

const NOTIFY_ERROR_STR: &[Option<&str>] = &[
    None,
    Some("INVALID-PAYLOAD-TYPE"),
    Some("DOI-NOT-SUPPORTED"),
    Some("SITUATION-NOT-SUPPORTED"),
    Some("INVALID-COOKIE"),
    Some("INVALID-MAJOR-VERSION"),
    Some("INVALID-MINOR-VERSION"),
    Some("INVALID-EXCHANGE-TYPE"),
    Some("INVALID-FLAGS"),
    Some("INVALID-MESSAGE-ID"),
    Some("INVALID-PROTOCOL-ID"),
    Some("INVALID-SPI"),
    Some("INVALID-TRANSFORM-ID"),
    Some("ATTRIBUTES-NOT-SUPPORTED"),
    Some("NO-PROPOSAL-CHOSEN"),
    Some("BAD-PROPOSAL-SYNTAX"),
    Some("PAYLOAD-MALFORMED"),
    Some("INVALID-KEY-INFORMATION"),
    Some("INVALID-ID-INFORMATION"),
    Some("INVALID-CERT-ENCODING"),
    Some("INVALID-CERTIFICATE"),
    Some("CERT-TYPE-UNSUPPORTED"),
    Some("INVALID-CERT-AUTHORITY"),
    Some("INVALID-HASH-INFORMATION"),
    Some("AUTHENTICATION-FAILED"),
    Some("INVALID-SIGNATURE"),
    Some("ADDRESS-NOTIFICATION"),
    Some("NOTIFY-SA-LIFETIME"),
    Some("CERTIFICATE-UNAVAILABLE"),
    Some("UNSUPPORTED-EXCHANGE-TYPE"),
    Some("UNEQUAL-PAYLOAD-LENGTHS"),
];

/// An IKEv1 notification: DOI, protocol, type, SPI and the data of some types.
fn v1_n(nd: &mut Nd<'_>, b: &[u8], ext: usize, item_len: usize) -> Res<Option<usize>> {
    nd.s("n:");
    if !has(b, ext, 12) {
        return Ok(trunc_np(nd, NP_N));
    }
    let doi = be32(b, ext + 4)?;
    let proto = b[ext + 8];
    let ty = u32::from(be16(b, ext + 10)?);
    let spi_size = usize::from(b[ext + 9]);
    let status = |x: u32, base: u32, tab: &[Option<&'static str>]| str_or_id(x - base, tab);
    if doi != 1 {
        nd.f(format_args!(" doi={doi} proto={proto}"));
        let name = match ty {
            0..8192 => str_or_id(ty, NOTIFY_ERROR_STR),
            16384..24576 => status(ty, 16384, &[Some("CONNECTED")]),
            _ => Cow::Owned(format!("#{ty}")),
        };
        nd.f(format_args!(" type={name}"));
        if spi_size != 0 {
            nd.s(" spi=");
            if !rawprint(nd, b, ext + 12, spi_size) {
                return Ok(trunc_np(nd, NP_N));
            }
        }
        return Ok(Some(ext + 12 + spi_size));
    }
    nd.f(format_args!(" doi=ipsec proto={}", protoidstr(proto)));
    let name = match ty {
        0..8192 => str_or_id(ty, NOTIFY_ERROR_STR),
        8192..16384 => status(ty, 8192, &[Some("RESERVED")]),
        16384..24576 => status(ty, 16384, &[Some("CONNECTED")]),
        24576..32768 => status(
            ty,
            24576,
            &[
                Some("RESPONDER-LIFETIME"),
                Some("REPLAY-STATUS"),
                Some("INITIAL-CONTACT"),
            ],
        ),
        _ => Cow::Owned(format!("#{ty}")),
    };
    nd.f(format_args!(" type={name}"));
    if spi_size != 0 {
        nd.s(" spi=");
        if !rawprint(nd, b, ext + 12, spi_size) {
            return Ok(trunc_np(nd, NP_N));
        }
    }
    let mut cp = ext + 12 + spi_size;
    let ep2 = ext + item_len;
    let ep = b.len();
    if cp < ep {
        match ty {
            24576 => {
                nd.s(" attrs=(");
                while cp < ep && cp < ep2 {
                    match attr(nd, b, cp, ep2, Some(OAKLEY_T_MAP))? {
                        Some(next) => cp = next,
                        None => {
                            nd.s(")");
                            return Ok(trunc_np(nd, NP_N));
                        }
                    }
                }
                nd.s(")");
            }
            24577 => {
                nd.s(" status=(");
                let on = be32(b, cp)? != 0;
                nd.f(format_args!(
                    "replay detection {}abled)",
                    if on { "en" } else { "dis" }
                ));
            }
            _ => {
                if nd.opts.verbose > 3 {
                    nd.s(" data=(");
                    if !rawprint(nd, b, cp, ep - cp) {
                        return Ok(trunc_np(nd, NP_N));
                    }
                    nd.s(")");
                } else if !show_somedata(nd, b, cp) {
                    return Ok(trunc_np(nd, NP_N));
                }
            }
        }
    }
    Ok(Some(ext + item_len))
}

/// An IKEv1 delete: DOI, protocol and the SPIs.
fn v1_d(nd: &mut Nd<'_>, b: &[u8], ext: usize) -> Res<Option<usize>> {
    nd.s("d:");
    if !has(b, ext, 12) {
        return Ok(trunc_np(nd, NP_D));
    }
    let doi = be32(b, ext + 4)?;
    let proto = b[ext + 8];
    if doi != 1 {
        nd.f(format_args!(" doi={doi} proto={proto}"));
    } else {
        nd.f(format_args!(" doi=ipsec proto={}", protoidstr(proto)));
    }
    let spi_size = usize::from(b[ext + 9]);
    let num_spi = be16(b, ext + 10)?;
    nd.f(format_args!(" spilen={spi_size} nspi={num_spi} spi="));
    let mut q = ext + 12;
    for i in 0..num_spi {
        if i != 0 {
            nd.s(",");
        }
        if !rawprint(nd, b, q, spi_size) {
            return Ok(trunc_np(nd, NP_D));
        }
        q += spi_size;
    }
    Ok(Some(q))
}

/// The IKEv2 payload name, `[C]` when the critical bit is set, and a colon.
fn pay(nd: &mut Nd<'_>, name: &str, critical: u8) {
    nd.s(name);
    if critical & 0x80 != 0 {
        nd.s("[C]");
    }
    nd.s(":");
}

/// An IKEv2 payload tcpdump only measures: its length, its data with `-vvv`.
fn v2_gen(nd: &mut Nd<'_>, b: &[u8], np: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    pay(nd, &npstr(np), b[ext + 1]);
    nd.f(format_args!(" len={}", item_len - 4));
    if !dump_vvv(nd, b, ext, item_len) {
        return Ok(trunc_np(nd, np));
    }
    Ok(Some(ext + item_len))
}

/// An IKEv2 transform: type, ID and attributes.
fn v2_t(nd: &mut Nd<'_>, b: &[u8], tcount: u32, ext: usize, item_len: usize) -> Res<Option<usize>> {
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, NP_T));
    }
    pay(nd, "t", b[ext + 1]);
    let t_id = u32::from(be16(b, ext + 6)?);
    let t_type = b[ext + 4];
    let (idstr, map): (Option<Cow<'_, str>>, Option<&AttrMap>) = match t_type {
        1 => (Some(str_or_id(t_id, ESP_P_MAP)), Some(ENCR_T_MAP)),
        2 => (Some(str_or_id(t_id, PRF_P_MAP)), None),
        3 => (Some(str_or_id(t_id, INTEG_P_MAP)), None),
        4 => (Some(str_or_id(t_id, GROUP_DESC)), None),
        5 => (Some(str_or_id(t_id, ESN_P_MAP)), None),
        _ => (None, None),
    };
    let tname = str_or_id(u32::from(t_type), IKEV2_T_TYPE_MAP);
    match idstr {
        Some(s) => nd.f(format_args!(" #{tcount} type={tname} id={s} ")),
        None => nd.f(format_args!(" #{tcount} type={tname} id={t_id} ")),
    }
    attrs(nd, b, ext + 8, ext + item_len, map, NP_T)
}

/// How a walk through the proposals of an IKEv2 SA or the transforms of a proposal ended.
enum Walk {
    /// At the end of the chain, at this position.
    Done(usize),
    /// An item claimed more than its container holds (tcpdump's `toolong`): the rest of the
    /// container is skipped, to this position.
    TooLong(usize),
    /// The data ended in a header.
    Trunc,
    /// An item's printer met the end of the data and said so.
    Failed,
}

/// Walks a chain of generic headers of type `first` within `rest` bytes from `cp`, printing
/// each with `item` (given its count, position, length and depth); other types are only named.
fn v2_walk(
    nd: &mut Nd<'_>,
    b: &[u8],
    first: u8,
    mut cp: usize,
    mut rest: usize,
    depth: usize,
    mut item: impl FnMut(&mut Nd<'_>, u32, usize, usize, usize) -> Res<Option<usize>>,
) -> Res<Walk> {
    let mut np = first;
    let mut count = 0u32;
    while np != 0 {
        count += 1;
        let ext = cp;
        if rest < 4 {
            return Ok(Walk::TooLong(cp + rest));
        }
        if !has(b, ext, 4) {
            return Ok(Walk::Trunc);
        }
        let item_len = usize::from(be16(b, ext + 2)?);
        if item_len <= 4 {
            return Ok(Walk::Trunc);
        }
        if rest < item_len {
            return Ok(Walk::TooLong(cp + rest));
        }
        if !has(b, cp, item_len) {
            return Ok(Walk::Trunc);
        }
        open(nd, depth + 1);
        if np == first {
            match item(nd, count, ext, item_len, depth + 1)? {
                Some(next) => cp = next,
                None => return Ok(Walk::Failed),
            }
        } else {
            nd.s(&npstr(np));
            cp += item_len;
        }
        nd.s(")");
        rest -= item_len;
        np = u8at(b, ext)?;
    }
    Ok(Walk::Done(cp))
}

/// An IKEv2 proposal and its transforms.
fn v2_p(
    nd: &mut Nd<'_>,
    b: &[u8],
    ext: usize,
    oprop_length: usize,
    depth: usize,
) -> Res<Option<usize>> {
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, NP_P));
    }
    pay(nd, "p", b[ext + 1]);
    let mut prop_length = oprop_length - 4;
    nd.f(format_args!(
        " #{} protoid={} transform={} len={oprop_length}",
        b[ext + 4],
        protoidstr(b[ext + 5]),
        b[ext + 7]
    ));
    let mut cp = ext + 8;
    let spi_size = usize::from(b[ext + 6]);
    if spi_size != 0 {
        if prop_length < spi_size {
            trunc_np(nd, NP_P);
            return Ok(Some(cp + prop_length));
        }
        nd.s(" spi=");
        if !rawprint(nd, b, cp, spi_size) {
            return Ok(trunc_np(nd, NP_P));
        }
        cp += spi_size;
        prop_length -= spi_size;
    }
    let walk = v2_walk(nd, b, NP_T, cp, prop_length, depth, |nd, n, e, l, _| {
        v2_t(nd, b, n, e, l)
    })?;
    match walk {
        Walk::Failed => Ok(None),
        Walk::Done(cp) => Ok(Some(cp)),
        Walk::TooLong(cp) => {
            trunc_np(nd, NP_P);
            Ok(Some(cp))
        }
        Walk::Trunc => Ok(trunc_np(nd, NP_P)),
    }
}

/// An IKEv2 security association and its proposals.
fn v2_sa(nd: &mut Nd<'_>, b: &[u8], tpay: u8, ext: usize, depth: usize) -> Res<Option<usize>> {
    pay(nd, "sa", b[ext + 1]);
    let sa_length = usize::from(be16(b, ext + 2)?) - 4;
    nd.f(format_args!(" len={sa_length}"));
    let walk = v2_walk(nd, b, NP_P, ext + 4, sa_length, depth, |nd, _, e, l, d| {
        v2_p(nd, b, e, l, d)
    })?;
    match walk {
        Walk::Failed => Ok(None),
        Walk::Done(cp) => Ok(Some(cp)),
        Walk::TooLong(cp) => {
            trunc_np(nd, tpay);
            Ok(Some(cp))
        }
        Walk::Trunc => Ok(trunc_np(nd, tpay)),
    }
}

/// An IKEv2 key exchange: length and Diffie-Hellman group.
fn v2_ke(nd: &mut Nd<'_>, b: &[u8], tpay: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, tpay));
    }
    pay(nd, &npstr(tpay), b[ext + 1]);
    if item_len < 8 {
        nd.f(format_args!(" len={item_len} < 8"));
        return Ok(Some(ext + item_len));
    }
    nd.f(format_args!(
        " len={} group={}",
        item_len - 8,
        str_or_id(u32::from(be16(b, ext + 4)?), GROUP_DESC)
    ));
    if nd.opts.verbose > 2 && item_len > 8 {
        nd.s(" ");
        if !rawprint(nd, b, ext + 8, item_len - 8) {
            return Ok(trunc_np(nd, tpay));
        }
    }
    Ok(Some(ext + item_len))
}

/// Prints bytes as ASCII, `.` for the unprintable.
fn ascii_dots(nd: &mut Nd<'_>, data: &[u8]) {
    for &c in data {
        nd.o.push(if (0x20..0x7f).contains(&c) { c } else { b'.' });
    }
}

/// An IKEv2 identification: its type and the identity in ASCII or hex.
fn v2_id(nd: &mut Nd<'_>, b: &[u8], tpay: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, tpay));
    }
    pay(nd, &npstr(tpay), b[ext + 1]);
    nd.f(format_args!(" len={}", item_len - 4));
    if !dump_vvv(nd, b, ext, item_len) {
        return Ok(trunc_np(nd, tpay));
    }
    // tcpdump's unsigned length wraps for a payload shorter than the ID header.
    let idlen = (item_len as u32).wrapping_sub(8) as usize;
    let data = ext + 8;
    let (label, ascii) = match b[ext + 4] {
        1 => (" ipv4:", false),
        2 => (" fqdn:", true),
        3 => (" rfc822:", true),
        5 => (" ipv6:", false),
        9 => (" dn:", false),
        10 => (" gn:", false),
        11 => (" keyid:", false),
        _ => return Ok(Some(ext + item_len)),
    };
    nd.s(label);
    if ascii {
        if !has(b, data, idlen) {
            return Ok(trunc_np(nd, tpay));
        }
        ascii_dots(nd, &b[data..data + idlen]);
    } else if !rawprint(nd, b, data, idlen) {
        return Ok(trunc_np(nd, tpay));
    }
    Ok(Some(ext + item_len))
}

/// An IKEv2 authentication: method and data.
fn v2_auth(nd: &mut Nd<'_>, b: &[u8], tpay: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    const V2_AUTH: &[&str] = &["invalid", "rsasig", "shared-secret", "dsssig"];
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, tpay));
    }
    pay(nd, &npstr(tpay), b[ext + 1]);
    nd.f(format_args!(
        " len={} method={}",
        item_len - 4,
        name_or_id(u32::from(b[ext + 4]), V2_AUTH)
    ));
    if item_len > 4 {
        if nd.opts.verbose > 1 {
            nd.s(" authdata=(");
            // tcpdump's unsigned length wraps for a payload shorter than the header.
            let len = (item_len as u32).wrapping_sub(8) as usize;
            if !rawprint(nd, b, ext + 8, len) {
                return Ok(trunc_np(nd, tpay));
            }
            nd.s(") ");
        } else if nd.opts.verbose > 0 && !show_somedata(nd, b, ext + 8) {
            return Ok(trunc_np(nd, tpay));
        }
    }
    Ok(Some(ext + item_len))
}

/// An IKEv2 nonce: length, and the nonce with `-v` or `-vv`.
fn v2_nonce(
    nd: &mut Nd<'_>,
    b: &[u8],
    tpay: u8,
    ext: usize,
    item_len: usize,
) -> Res<Option<usize>> {
    pay(nd, "nonce", b[ext + 1]);
    nd.f(format_args!(" len={}", item_len - 4));
    if nd.opts.verbose > 1 && item_len > 4 {
        nd.s(" nonce=(");
        if !rawprint(nd, b, ext + 4, item_len - 4) {
            return Ok(trunc_np(nd, tpay));
        }
        nd.s(") ");
    } else if nd.opts.verbose > 0 && item_len > 4 && !show_somedata(nd, b, ext + 4) {
        return Ok(trunc_np(nd, tpay));
    }
    Ok(Some(ext + item_len))
}

/// IKEv2 notify types: name, whether the SPI is shown, whether some data is.
const V2_NOTIFY: &[(u16, &str, bool, bool)] = &[
    (1, "unsupported_critical_payload", false, false),
    (4, "invalid_ike_spi", true, false),
    (5, "invalid_major_version", false, false),
    (7, "invalid_syntax", true, false),
    (9, "invalid_message_id", true, false),
    (11, "invalid_spi", true, false),
    (14, "no_protocol_chosen", true, false),
    (17, "invalid_ke_payload", true, false),
    (24, "authentication_failed", true, false),
    (34, "single_pair_required", true, false),
    (35, "no_additional_sas", false, false),
    (36, "internal_address_failure", false, false),
    (37, "failed:cp_required", false, false),
    (39, "invalid_selectors", false, false),
    (16384, "initial_contact", false, false),
    (16385, "set_window_size", false, false),
    (16386, "additional_ts_possible", false, false),
    (16387, "ipcomp_supported", false, false),
    (16388, "nat_detection_source_ip", true, false),
    (16389, "nat_detection_destination_ip", true, false),
    (16390, "cookie", true, true),
    (16391, "use_transport_mode", false, false),
    (16392, "http_cert_lookup_supported", false, false),
    (16393, "rekey_sa", true, false),
    (16394, "tfc_padding_not_supported", false, false),
    (16395, "non_first_fragment_also", false, false),
];

/// An IKEv2 notification: protocol, type, SPI and the data of some types.
fn v2_n(nd: &mut Nd<'_>, b: &[u8], ext: usize, item_len: usize) -> Res<Option<usize>> {
    if !has(b, ext, 8) {
        return Ok(trunc_np(nd, NP_N));
    }
    pay(nd, "n", b[ext + 1]);
    nd.f(format_args!(" prot_id={}", protoidstr(b[ext + 4])));
    let ty = be16(b, ext + 6)?;
    let (name, showspi, somedata) = match V2_NOTIFY.iter().find(|e| e.0 == ty) {
        Some(&(_, name, spi, data)) => (name, spi, data),
        None => match ty {
            0..8192 => ("error", true, false),
            8192..16384 => ("private-error", true, false),
            16384..40960 => ("status", true, false),
            _ => ("private-status", true, false),
        },
    };
    nd.f(format_args!(" type={ty}({name})"));
    let spi_size = usize::from(b[ext + 5]);
    if showspi && spi_size != 0 {
        nd.s(" spi=");
        if !rawprint(nd, b, ext + 8, spi_size) {
            return Ok(trunc_np(nd, NP_N));
        }
    }
    let cp = ext + 8 + spi_size;
    let ep = b.len();
    if cp < ep {
        if nd.opts.verbose > 3 || (somedata && ep - cp < 30) {
            nd.s(" data=(");
            if !rawprint(nd, b, cp, ep - cp) {
                return Ok(trunc_np(nd, NP_N));
            }
            nd.s(")");
        } else if somedata && !show_somedata(nd, b, cp) {
            return Ok(trunc_np(nd, NP_N));
        }
    }
    Ok(Some(ext + item_len))
}

/// An IKEv2 vendor ID, in ASCII (and hex with `-vvv`).
fn v2_vid(nd: &mut Nd<'_>, b: &[u8], tpay: u8, ext: usize, item_len: usize) -> Res<Option<usize>> {
    pay(nd, &npstr(tpay), b[ext + 1]);
    let len = item_len - 4;
    nd.f(format_args!(" len={len} vid="));
    if !has(b, ext + 4, len) {
        return Ok(trunc_np(nd, tpay));
    }
    ascii_dots(nd, &b[ext + 4..ext + 4 + len]);
    if nd.opts.verbose > 2 && len > 4 {
        nd.s(" ");
        hexprint(nd, &b[ext + 4..ext + 4 + len]);
    }
    Ok(Some(ext + item_len))
}

/// The encrypted payload: its length (and data with `-vvv`), then, when an `-E` secret for the
/// message's SPIs decrypts it, the payloads inside. Nothing follows it in the message.
fn v2_e(
    nd: &mut Nd<'_>,
    cx: Ctx<'_>,
    tpay: u8,
    ext: usize,
    item_len: usize,
    depth: usize,
) -> Res<Option<usize>> {
    let b = cx.b;
    pay(nd, &npstr(tpay), b[ext + 1]);
    let dlen = item_len - 4;
    nd.f(format_args!(" len={dlen}"));
    if nd.opts.verbose > 2 && dlen > 4 {
        nd.s(" ");
        if !rawprint(nd, b, ext + 4, dlen) {
            return Ok(trunc_np(nd, tpay));
        }
    }
    if !has(b, ext + 4, dlen) {
        return Ok(trunc_np(nd, tpay));
    }
    let base = cx.base;
    let initiator = base[19] & 0x08 != 0;
    let data = &b[ext + 4..ext + 4 + dlen];
    if let Some(pt) = super::esp::decrypt_ikev2(nd, initiator, &base[0..8], &base[8..16], data) {
        let inner = Ctx { b: &pt, ..cx };
        sub_chain(nd, inner, b[ext], 0, depth + 1, true)?;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn ikev1_main_mode_v0() {
        check(
            1,
            "-n",
            246,
            "0011223344556655443322110800450000e812344000401113cf0a0000010a00000201f401f400d4b0c4111111111111111100000000000000000110020000000000000000cc0d00002c00000001000000010000002001010001000000180101000080010007800e0080000c00040001518004000014aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a000018bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0500002c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526270b00000c011101f4c00002010c00000c00000001010060020000001400000001030400020102030405060708",
            "IP 10.0.0.1.500 > 10.0.0.2.500: isakmp: phase 1 I ident",
        );
    }

    #[test]
    fn ikev2_init_v0() {
        check(
            1,
            "-n",
            209,
            "0011223344556655443322110800450000c312344000401113f40a0000010a00000201f401f400af11e1111111111111111100000000000000002120220800000000000000a7220000300000002c010100040300000c0100000c800e008003000008020000020300000803000002000000080400000e28000018000e0000cccccccccccccccccccccccccccccccc29000024000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2b00001000004006dddddddddddddddd0000000f7374726f6e675377616e01",
            "IP 10.0.0.1.500 > 10.0.0.2.500: isakmp: parent_sa ikev2_init[I]",
        );
    }

    #[test]
    fn ikev1_main_mode_v1() {
        check(
            1,
            "-n -v",
            246,
            "0011223344556655443322110800450000e812344000401113cf0a0000010a00000201f401f400d4b0c4111111111111111100000000000000000110020000000000000000cc0d00002c00000001000000010000002001010001000000180101000080010007800e0080000c00040001518004000014aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a000018bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0500002c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526270b00000c011101f4c00002010c00000c00000001010060020000001400000001030400020102030405060708",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 232)\n    10.0.0.1.500 > 10.0.0.2.500: isakmp 1.0 msgid 00000000: phase 1 I ident:\n    (sa: doi=ipsec situation=identity\n        (p: #1 protoid=isakmp transform=1\n            (t: #1 id=ike (type=enc value=aes)(type=keylen value=0080)(type=lifeduration len=4 value=00015180))))\n    (vid: len=16)\n    (ke: key len=20)\n    (nonce: n len=40)\n    (id: idtype=IPv4 protoid=17 port=500 len=4 192.0.2.1)\n    (n: doi=ipsec proto=isakmp type=INITIAL-CONTACT data=(00000014000000010304...00020102030405060708))\n    (d: doi=ipsec proto=ipsec-esp spilen=4 nspi=2 spi=01020304,05060708)",
        );
    }

    #[test]
    fn ikev2_init_v1() {
        check(
            1,
            "-n -v",
            209,
            "0011223344556655443322110800450000c312344000401113f40a0000010a00000201f401f400af11e1111111111111111100000000000000002120220800000000000000a7220000300000002c010100040300000c0100000c800e008003000008020000020300000803000002000000080400000e28000018000e0000cccccccccccccccccccccccccccccccc29000024000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2b00001000004006dddddddddddddddd0000000f7374726f6e675377616e01",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 195)\n    10.0.0.1.500 > 10.0.0.2.500: isakmp 2.0 msgid 00000000: parent_sa ikev2_init[I]:\n    (sa: len=44\n        (p: #1 protoid=isakmp transform=4 len=44\n            (t: #1 type=encr id=aes (type=keylen value=0080))\n            (t: #2 type=prf id=hmac-sha )\n            (t: #3 type=integ id=hmac-sha )\n            (t: #4 type=dh id=modp2048 )))\n    (v2ke: len=16 group=modp2048)\n    (nonce: len=32 data=(00010203040506070809...dddddddddd0000000f7374726f6e675377616e01))\n    (n: prot_id=#0 type=16390(cookie) data=(dddddddddddddddd0000000f7374726f6e675377616e01))\n    (v2vid: len=11 vid=strongSwan.)",
        );
    }

    #[test]
    fn ikev1_main_mode_v2() {
        check(
            1,
            "-n -vv",
            246,
            "0011223344556655443322110800450000e812344000401113cf0a0000010a00000201f401f400d4b0c4111111111111111100000000000000000110020000000000000000cc0d00002c00000001000000010000002001010001000000180101000080010007800e0080000c00040001518004000014aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a000018bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0500002c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526270b00000c011101f4c00002010c00000c00000001010060020000001400000001030400020102030405060708",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 232)\n    10.0.0.1.500 > 10.0.0.2.500: [udp sum ok] isakmp 1.0 msgid 00000000 cookie 1111111111111111->0000000000000000: phase 1 I ident:\n    (sa: doi=ipsec situation=identity\n        (p: #1 protoid=isakmp transform=1\n            (t: #1 id=ike (type=enc value=aes)(type=keylen value=0080)(type=lifeduration len=4 value=00015180))))\n    (vid: len=16)\n    (ke: key len=20)\n    (nonce: n len=40  data=(00010203040506070809...0000001400000001030400020102030405060708))\n    (id: idtype=IPv4 protoid=17 port=500 len=4 192.0.2.1)\n    (n: doi=ipsec proto=isakmp type=INITIAL-CONTACT data=(00000014000000010304...00020102030405060708))\n    (d: doi=ipsec proto=ipsec-esp spilen=4 nspi=2 spi=01020304,05060708)",
        );
    }

    #[test]
    fn ikev2_init_v2() {
        check(
            1,
            "-n -vv",
            209,
            "0011223344556655443322110800450000c312344000401113f40a0000010a00000201f401f400af11e1111111111111111100000000000000002120220800000000000000a7220000300000002c010100040300000c0100000c800e008003000008020000020300000803000002000000080400000e28000018000e0000cccccccccccccccccccccccccccccccc29000024000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2b00001000004006dddddddddddddddd0000000f7374726f6e675377616e01",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 195)\n    10.0.0.1.500 > 10.0.0.2.500: [udp sum ok] isakmp 2.0 msgid 00000000 cookie 1111111111111111->0000000000000000: parent_sa ikev2_init[I]:\n    (sa: len=44\n        (p: #1 protoid=isakmp transform=4 len=44\n            (t: #1 type=encr id=aes (type=keylen value=0080))\n            (t: #2 type=prf id=hmac-sha )\n            (t: #3 type=integ id=hmac-sha )\n            (t: #4 type=dh id=modp2048 )))\n    (v2ke: len=16 group=modp2048)\n    (nonce: len=32 nonce=(000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f) )\n    (n: prot_id=#0 type=16390(cookie) data=(dddddddddddddddd0000000f7374726f6e675377616e01))\n    (v2vid: len=11 vid=strongSwan.)",
        );
    }

    #[test]
    fn ikev1_main_mode_v3() {
        check(
            1,
            "-n -vvv",
            246,
            "0011223344556655443322110800450000e812344000401113cf0a0000010a00000201f401f400d4b0c4111111111111111100000000000000000110020000000000000000cc0d00002c00000001000000010000002001010001000000180101000080010007800e0080000c00040001518004000014aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a000018bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0500002c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526270b00000c011101f4c00002010c00000c00000001010060020000001400000001030400020102030405060708",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 232)\n    10.0.0.1.500 > 10.0.0.2.500: [udp sum ok] isakmp 1.0 msgid 00000000 cookie 1111111111111111->0000000000000000: phase 1 I ident:\n    (sa: doi=ipsec situation=identity\n        (p: #1 protoid=isakmp transform=1\n            (t: #1 id=ike (type=enc value=aes)(type=keylen value=0080)(type=lifeduration len=4 value=00015180))))\n    (vid: len=16 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)\n    (ke: key len=20 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)\n    (nonce: n len=40 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627)\n    (id: idtype=IPv4 protoid=17 port=500 len=4 192.0.2.1)\n    (n: doi=ipsec proto=isakmp type=INITIAL-CONTACT data=(00000014000000010304...00020102030405060708))\n    (d: doi=ipsec proto=ipsec-esp spilen=4 nspi=2 spi=01020304,05060708)",
        );
    }

    #[test]
    fn ikev2_init_v3() {
        check(
            1,
            "-n -vvv",
            209,
            "0011223344556655443322110800450000c312344000401113f40a0000010a00000201f401f400af11e1111111111111111100000000000000002120220800000000000000a7220000300000002c010100040300000c0100000c800e008003000008020000020300000803000002000000080400000e28000018000e0000cccccccccccccccccccccccccccccccc29000024000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2b00001000004006dddddddddddddddd0000000f7374726f6e675377616e01",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 195)\n    10.0.0.1.500 > 10.0.0.2.500: [udp sum ok] isakmp 2.0 msgid 00000000 cookie 1111111111111111->0000000000000000: parent_sa ikev2_init[I]:\n    (sa: len=44\n        (p: #1 protoid=isakmp transform=4 len=44\n            (t: #1 type=encr id=aes (type=keylen value=0080))\n            (t: #2 type=prf id=hmac-sha )\n            (t: #3 type=integ id=hmac-sha )\n            (t: #4 type=dh id=modp2048 )))\n    (v2ke: len=16 group=modp2048 cccccccccccccccccccccccccccccccc)\n    (nonce: len=32 nonce=(000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f) )\n    (n: prot_id=#0 type=16390(cookie) data=(dddddddddddddddd0000000f7374726f6e675377616e01))\n    (v2vid: len=11 vid=strongSwan. 7374726f6e675377616e01)",
        );
    }

    #[test]
    fn ikev2_encrypted() {
        check(
            1,
            "-n -v",
            118,
            "001122334455665544332211080045000068123440004011144f0a0000010a000002119411940054323a00000000111111111111111100000000000000002e20230800000001000000480000002c00000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 104)\n    10.0.0.1.4500 > 10.0.0.2.4500: NONESP-encap: isakmp 2.0 msgid 00000001: child_sa  ikev2_auth[I]:\n    (v2e: len=40)",
        );
    }

    #[test]
    fn natt_keepalive() {
        check(
            1,
            "-n",
            43,
            "00112233445566554433221108004500001d123440004011149a0a0000010a000002119411940009c9b0ff",
            "IP 10.0.0.1.4500 > 10.0.0.2.4500: isakmp-nat-keep-alive",
        );
    }

    #[test]
    fn natt_esp() {
        check(
            1,
            "-n",
            70,
            "001122334455665544332211080045000038123440004011147f0a0000010a00000211941194002463200000100100000005eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
            "IP 10.0.0.1.4500 > 10.0.0.2.4500: UDP-encap: ESP(spi=0x00001001,seq=0x5), length 28",
        );
    }

    #[test]
    fn ikev1_truncated() {
        check(
            1,
            "-n -v",
            120,
            "0011223344556655443322110800450000e812344000401113cf0a0000010a00000201f401f400d4b0c4111111111111111100000000000000000110020000000000000000cc0d00002c00000001000000010000002001010001000000180101000080010007800e0080000c00040001518004000014aaaa",
            "IP truncated-ip - 126 bytes missing! (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 232)\n    10.0.0.1.500 > 10.0.0.2.500: isakmp 1.0 msgid 00000000: phase 1 I ident:\n    (sa: doi=ipsec situation=identity\n        (p: #1 protoid=isakmp transform=1\n            (t: #1 id=ike (type=enc value=aes)(type=keylen value=0080)(type=lifeduration len=4 value=00015180)))) [|vid]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_messages_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                       port in proptest::sample::select(vec![500u16, 4500, 7500]),
                                       v in 0u8..5, cut in 0usize..450, major in 0u8..4) {
            let mut msg = vec![0x11; 16];
            // A plausible header makes the payload walk likely; the rest is random.
            msg.extend_from_slice(&[body.first().copied().unwrap_or(1) % 50, major << 4, 2, 0, 0, 0, 0, 0]);
            msg.extend_from_slice(&((28 + body.len()) as u32).to_be_bytes());
            msg.extend_from_slice(&body);
            if port == 4500 {
                msg.splice(0..0, [0, 0, 0, 0]);
            }
            crate::test_pkt::print_all(&crate::test_pkt::eth_udp(port, &msg), v, None, cut);
        }
    }
}
