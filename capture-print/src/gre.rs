//! GRE, as tcpdump's print-gre.c: version 0 (RFC 1701/2784/2890: checksum, offset, key,
//! sequence number, source routes) and the payload by protocol type, and version 1 (the
//! enhanced GRE of PPTP, RFC 2637: call id, sequence and acknowledgment numbers) carrying PPP.
use super::ether::{self, ETHERTYPES};
use super::util::Tok;
use super::{Nd, Res, be16, be32, has, ip, ip6, mpls, ppp, tail};

const CP: u16 = 0x8000;
const RP: u16 = 0x4000;
const KP: u16 = 0x2000;
const SP: u16 = 0x1000;
const AP: u16 = 0x0080;

const FLAGS: &Tok = &[
    (0x8000, "checksum present"),
    (0x4000, "routing present"),
    (0x2000, "key present"),
    (0x1000, "sequence# present"),
    (0x0800, "source routing present"),
    (0x0080, "ack present"),
];

/// Source route entry address families.
const SRE_IP: u16 = 0x0800;
const SRE_ASN: u16 = 0xfffe;

/// Prints a GRE packet; `length` is the IP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "gre";
    if bp.len() < 2 || length < 2 {
        return nd.trunc_here();
    }
    let flags = be16(bp, 0)?;
    let vers = flags & 7;
    nd.f(format_args!("GREv{vers}"));
    match vers {
        0 => v0(nd, bp, length, flags),
        1 => v1(nd, bp, length, flags),
        _ => {
            nd.s(" ERROR: unknown-version");
            Ok(())
        }
    }
}

/// A cursor over the GRE header that checks both the captured bytes and the length, as
/// tcpdump's `ND_TCHECK` and length tests (either failing ends the packet with the mark).
struct Hdr<'a> {
    bp: &'a [u8],
    at: usize,
    len: usize,
}

impl Hdr<'_> {
    /// Whether `n` more bytes are there.
    fn has(&self, n: usize) -> bool {
        has(self.bp, self.at, n) && self.len >= n
    }

    fn skip(&mut self, n: usize) {
        self.at += n;
        self.len -= n;
    }

    fn u16(&mut self) -> Option<u16> {
        if !self.has(2) {
            return None;
        }
        let v = u16::from_be_bytes([self.bp[self.at], self.bp[self.at + 1]]);
        self.skip(2);
        Some(v)
    }

    fn u32(&mut self) -> Option<u32> {
        if !self.has(4) {
            return None;
        }
        let v = be32(self.bp, self.at).ok()?;
        self.skip(4);
        Some(v)
    }
}

/// Reads a header field, or ends the packet with the truncation mark.
macro_rules! field {
    ($nd:expr, $e:expr) => {
        match $e {
            Some(v) => v,
            None => return $nd.trunc_here(),
        }
    };
}

fn flags_print(nd: &mut Nd<'_>, flags: u16) {
    if nd.opts.verbose > 0 {
        nd.s(", Flags [");
        nd.bittok2str(FLAGS, "none", u32::from(flags));
        nd.s("]");
    }
}

/// The protocol type (with `-e`) and the length.
fn proto_print(nd: &mut Nd<'_>, prot: u16, length: usize) {
    if nd.opts.link_header {
        nd.s(", proto ");
        nd.tok2str(ETHERTYPES, "unknown", u32::from(prot));
        nd.f(format_args!(" (0x{prot:04x})"));
    }
    nd.f(format_args!(", length {length}"));
}

/// What separates the GRE header from its payload: a colon, or a new line with `-v`.
fn payload_sep(nd: &mut Nd<'_>) {
    nd.s(if nd.opts.verbose < 1 { ": " } else { "\n\t" });
}

fn v0(nd: &mut Nd<'_>, bp: &[u8], length: usize, flags: u16) -> Res {
    flags_print(nd, flags);
    let mut h = Hdr {
        bp,
        at: 2,
        len: length - 2,
    };
    let prot = field!(nd, h.u16());
    if flags & (CP | RP) != 0 {
        let sum = field!(nd, h.u16());
        if nd.opts.verbose > 0 {
            nd.f(format_args!(", sum 0x{sum:x}"));
        }
        let off = field!(nd, h.u16());
        nd.f(format_args!(", off 0x{off:x}"));
    }
    if flags & KP != 0 {
        let key = field!(nd, h.u32());
        nd.f(format_args!(", key=0x{key:x}"));
    }
    if flags & SP != 0 {
        let seq = field!(nd, h.u32());
        nd.f(format_args!(", seq {seq}"));
    }
    if flags & RP != 0 {
        loop {
            if !h.has(4) {
                return nd.trunc_here();
            }
            let af = be16(bp, h.at)?;
            let sreoff = bp[h.at + 2];
            let srelen = bp[h.at + 3];
            h.skip(4);
            if af == 0 && srelen == 0 {
                break;
            }
            if !sre_print(nd, af, sreoff, srelen, tail(bp, h.at), h.len) {
                return nd.trunc_here();
            }
            if h.len < usize::from(srelen) {
                return nd.trunc_here();
            }
            h.at += usize::from(srelen);
            h.len -= usize::from(srelen);
        }
    }
    proto_print(nd, prot, length);
    payload_sep(nd);
    let inner = tail(bp, h.at);
    let len = h.len;
    match prot {
        0x0800 => ip::print(nd, inner, len),
        0x86dd => ip6::print(nd, inner, len),
        0x8847 => mpls::print(nd, inner, len),
        0x8137 => super::ipx::print(nd, inner, len),
        0x809b => super::atalk::atalk_print(nd, inner, len),
        0x00fe => super::isoclns::print(nd, inner, len),
        0x6558 => {
            ether::print(nd, inner, len as u32);
            Ok(())
        }
        _ => {
            nd.f(format_args!("gre-proto-0x{prot:x}"));
            Ok(())
        }
    }
}

/// Enhanced GRE (PPTP): the key field holds the payload length and the call id.
fn v1(nd: &mut Nd<'_>, bp: &[u8], length: usize, flags: u16) -> Res {
    flags_print(nd, flags);
    let mut h = Hdr {
        bp,
        at: 2,
        len: length - 2,
    };
    let prot = field!(nd, h.u16());
    if flags & KP != 0 {
        let k = field!(nd, h.u32());
        nd.f(format_args!(", call {}", k & 0xffff));
    }
    if flags & SP != 0 {
        let seq = field!(nd, h.u32());
        nd.f(format_args!(", seq {seq}"));
    }
    if flags & AP != 0 {
        let ack = field!(nd, h.u32());
        nd.f(format_args!(", ack {ack}"));
    }
    if flags & SP == 0 {
        nd.s(", no-payload");
    }
    proto_print(nd, prot, length);
    if flags & SP == 0 {
        return Ok(());
    }
    payload_sep(nd);
    match prot {
        0x880b => ppp::print(nd, tail(bp, h.at), h.len).map(drop),
        _ => {
            nd.f(format_args!("gre-proto-0x{prot:x}"));
            Ok(())
        }
    }
}

/// A source route entry; false when it ran past the captured data or the length.
fn sre_print(nd: &mut Nd<'_>, af: u16, sreoff: u8, srelen: u8, bp: &[u8], len: usize) -> bool {
    match af {
        SRE_IP => {
            nd.s(", (rtaf=ip");
            let ok = sre_addrs(nd, sreoff, srelen, bp, len, 4);
            nd.s(")");
            ok
        }
        SRE_ASN => {
            nd.s(", (rtaf=asn");
            let ok = sre_addrs(nd, sreoff, srelen, bp, len, 2);
            nd.s(")");
            ok
        }
        _ => {
            nd.f(format_args!(", (rtaf=0x{af:x})"));
            true
        }
    }
}

/// The IPv4 addresses (`size` 4) or AS numbers (`size` 2) of a source route, the current
/// one starred.
fn sre_addrs(nd: &mut Nd<'_>, sreoff: u8, srelen: u8, bp: &[u8], len: usize, size: u8) -> bool {
    if !sreoff.is_multiple_of(size) {
        nd.f(format_args!(", badoffset={sreoff}"));
        return true;
    }
    if !srelen.is_multiple_of(size) {
        nd.f(format_args!(", badlength={srelen}"));
        return true;
    }
    if sreoff >= srelen {
        nd.f(format_args!(", badoff/len={sreoff}/{srelen}"));
        return true;
    }
    let size = usize::from(size);
    let mut at = 0;
    let mut len = len;
    while at < usize::from(srelen) {
        if !has(bp, at, size) || len < size {
            return false;
        }
        nd.s(" ");
        if at == usize::from(sreoff) {
            nd.s("*");
        }
        if size == 4 {
            nd.ipv4(&bp[at..at + 4]);
        } else {
            nd.f(format_args!(
                "{:x}",
                u16::from_be_bytes([bp[at], bp[at + 1]])
            ));
        }
        at += size;
        len -= size;
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;
    use crate::{Options, tests::print_one};

    fn case(flags: &str, hex: &str, expected: &str) {
        check(101, flags, hex.len() as u32 / 2, hex, expected);
    }

    #[test]
    fn version_0() {
        case(
            "-n -v",
            "4500003800010000402f66940a0000010a000002b00008000000000000000001000000024500001400010000400100000a0000010a000002",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 56)\
             \n    10.0.0.1 > 10.0.0.2: GREv0, Flags [checksum present, key present, sequence# present], \
             sum 0x0, off 0x0, key=0x1, seq 2, length 36\
             \n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 20, bad cksum 0 (->66e6)!)\
             \n    10.0.0.1 > 10.0.0.2:  [|icmp]",
        );
        case(
            "-n",
            "4500002800010000402f66a40a0000010a0000024000080000000000fffe02040064012c00000000",
            "IP 10.0.0.1 > 10.0.0.2: GREv0, off 0x0, (rtaf=asn 64 *12c), length 20:  [|ip]",
        );
    }

    #[test]
    fn version_1() {
        case(
            "-n",
            "4500002a00010000402f66a20a0000010a0000023001880b0010000200000005ff03c021090100080000",
            "IP 10.0.0.1 > 10.0.0.2: GREv1, call 2, seq 5, length 22: LCP, Echo-Request (0x09), id 1, length 8",
        );
        case(
            "-n -v",
            "4500001c00010000402f66b00a0000010a0000022001880b00000002",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 28)\
             \n    10.0.0.1 > 10.0.0.2: GREv1, Flags [key present], call 2, no-payload, length 8",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_gre_never_panics(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
                                   flags in proptest::num::u16::ANY,
                                   prot in proptest::sample::select(vec![0x0800u16, 0x86dd, 0x8847, 0x6558, 0x880b, 0x1234]),
                                   v in 0u8..4, e: bool) {
            let mut data = vec![0x45, 0, 0, 200, 0, 0, 0, 0, 64, 47, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            data.extend_from_slice(&flags.to_be_bytes());
            data.extend_from_slice(&prot.to_be_bytes());
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, link_header: e, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 101, &data);
        }
    }
}
