//! OSI network layer, as tcpdump's print-isoclns.c: the NLPID dispatch ([`print`], reached
//! from 802.2 LLC, Cisco HDLC, Frame Relay, PPP and GRE), CLNP, ES-IS and IS-IS with its TLVs
//! and sub-TLVs (extended reachability, TE, segment routing, SPB, router capabilities), and
//! the NSAP and system-id spellings of addrtoname.c.
use std::io::Write as _;

use super::util::{R, Stop, Tok, bittok2str, mask2plen, tcheck, tok2str};
use super::{Nd, Res, Trunc, be16, be24, be32, has, sl, tail, u8at};
use super::{gmpls, nlpid};

const ISIS_PDU_VALUES: &Tok = &[
    (15, "L1 Lan IIH"),
    (16, "L2 Lan IIH"),
    (17, "p2p IIH"),
    (18, "L1 LSP"),
    (20, "L2 LSP"),
    (24, "L1 CSNP"),
    (25, "L2 CSNP"),
    (26, "L1 PSNP"),
    (27, "L2 PSNP"),
];

const ISIS_TLV_VALUES: &Tok = &[
    (1, "Area address(es)"),
    (2, "IS Reachability"),
    (3, "ES Neighbor(s)"),
    (4, "Partition DIS"),
    (5, "Prefix Neighbors"),
    (6, "IS Neighbor(s)"),
    (7, "Instance Identifier"),
    (8, "Padding"),
    (9, "LSP entries"),
    (10, "Authentication"),
    (12, "Checksum"),
    (13, "Purge Originator Identifier"),
    (14, "LSP Buffersize"),
    (22, "Extended IS Reachability"),
    (24, "IS Alias ID"),
    (42, "DECnet Phase IV"),
    (66, "Lucent Proprietary"),
    (128, "IPv4 Internal Reachability"),
    (129, "Protocols supported"),
    (130, "IPv4 External Reachability"),
    (131, "Inter-Domain Information Type"),
    (132, "IPv4 Interface address(es)"),
    (133, "IPv4 authentication (deprecated)"),
    (134, "Traffic Engineering Router ID"),
    (135, "Extended IPv4 Reachability"),
    (138, "Shared Risk Link Group"),
    (143, "Multi-Topology-Aware Port Capability"),
    (144, "Multi-Topology Capability"),
    (176, "Nortel Proprietary"),
    (177, "Nortel Proprietary"),
    (137, "Hostname"),
    (211, "Restart Signaling"),
    (222, "Multi Topology IS Reachability"),
    (229, "Multi Topology"),
    (232, "IPv6 Interface address(es)"),
    (235, "Multi-Topology IPv4 Reachability"),
    (236, "IPv6 reachability"),
    (237, "Multi-Topology IP6 Reachability"),
    (240, "Point-to-point Adjacency State"),
    (241, "Hello PDU Sequence Number"),
    (242, "IS-IS Router Capability"),
    (250, "Vendor Private"),
];

const ESIS_OPTION_VALUES: &Tok = &[
    (129, "Protocols supported"),
    (195, "QoS Maintenance"),
    (197, "Security"),
    (198, "ES Configuration Time"),
    (205, "Priority"),
    (225, "Addressk Mask"),
    (226, "SNPA Mask"),
];

const CLNP_OPTION_VALUES: &Tok = &[
    (193, "Discard Reason"),
    (205, "Priority"),
    (195, "QoS Maintenance"),
    (197, "Security"),
    (200, "Source Routing"),
    (203, "Route Recording"),
    (204, "Padding"),
];

const CLNP_RFD_CLASS_VALUES: &Tok = &[
    (0x0, "General"),
    (0x8, "Address"),
    (0x9, "Source Routeing"),
    (0xa, "Lifetime"),
    (0xb, "PDU Discarded"),
    (0xc, "Reassembly"),
];

const CLNP_RFD_GENERAL: &Tok = &[
    (0x0, "Reason not specified"),
    (0x1, "Protocol procedure error"),
    (0x2, "Incorrect checksum"),
    (0x3, "PDU discarded due to congestion"),
    (0x4, "Header syntax error (cannot be parsed)"),
    (0x5, "Segmentation needed but not permitted"),
    (0x6, "Incomplete PDU received"),
    (0x7, "Duplicate option"),
];

const CLNP_RFD_ADDRESS: &Tok = &[
    (0x0, "Destination address unreachable"),
    (0x1, "Destination address unknown"),
];

const CLNP_RFD_SOURCE_ROUTEING: &Tok = &[
    (0x0, "Unspecified source routeing error"),
    (0x1, "Syntax error in source routeing field"),
    (0x2, "Unknown address in source routeing field"),
    (0x3, "Path not acceptable"),
];

const CLNP_RFD_LIFETIME: &Tok = &[
    (0x0, "Lifetime expired while data unit in transit"),
    (0x1, "Lifetime expired during reassembly"),
];

const CLNP_RFD_PDU_DISCARD: &Tok = &[
    (0x0, "Unsupported option not specified"),
    (0x1, "Unsupported protocol version"),
    (0x2, "Unsupported security option"),
    (0x3, "Unsupported source routeing option"),
    (0x4, "Unsupported recording of route option"),
];

const CLNP_RFD_REASSEMBLY: &Tok = &[(0x0, "Reassembly interference")];

/// The reason tables of the 16 discard error classes (an empty table names nothing).
const CLNP_RFD_ERROR_CLASS: [&Tok; 16] = [
    CLNP_RFD_GENERAL,
    &[],
    &[],
    &[],
    &[],
    &[],
    &[],
    &[],
    CLNP_RFD_ADDRESS,
    CLNP_RFD_SOURCE_ROUTEING,
    CLNP_RFD_LIFETIME,
    CLNP_RFD_PDU_DISCARD,
    CLNP_RFD_REASSEMBLY,
    &[],
    &[],
    &[],
];

const CLNP_OPTION_SCOPE_VALUES: &Tok = &[
    (0x40, "Source Address Specific"),
    (0x80, "Destination Address Specific"),
    (0xc0, "Globally unique"),
];

const CLNP_OPTION_SR_RR_VALUES: &Tok = &[(0x0, "partial"), (0x1, "complete")];

const CLNP_OPTION_SR_RR_STRING_VALUES: &Tok = &[
    (200, "source routing"),
    (203, "recording of route in progress"),
];

const CLNP_OPTION_QOS_GLOBAL_VALUES: &Tok = &[
    (0x20, "reserved"),
    (0x10, "sequencing vs. delay"),
    (0x08, "congested"),
    (0x04, "delay vs. cost"),
    (0x02, "error vs. delay"),
    (0x01, "error vs. cost"),
];

const ROUTER_CAPABILITY_FLAGS: &Tok = &[(0x01, "S bit"), (0x02, "D bit")];

const ROUTER_CAPABILITY_SUBTLV_VALUES: &Tok = &[(2, "SR-Capabilities")];

const ROUTER_CAPABILITY_SR_FLAGS: &Tok = &[(0x80, "ipv4"), (0x40, "ipv6")];

const EXT_IS_REACH_SUBTLV_VALUES: &Tok = &[
    (3, "Administrative groups"),
    (4, "Link Local/Remote Identifier"),
    (5, "Link Remote Identifier"),
    (6, "IPv4 interface address"),
    (8, "IPv4 neighbor address"),
    (9, "Maximum link bandwidth"),
    (10, "Reservable link bandwidth"),
    (11, "Unreserved bandwidth"),
    (18, "Traffic Engineering Metric"),
    (19, "Link Attribute"),
    (20, "Link Protection Type"),
    (21, "Interface Switching Capability"),
    (12, "Bandwidth Constraints (old)"),
    (22, "Bandwidth Constraints"),
    (32, "LAN Adjacency Segment Identifier"),
    (29, "SPB Metric"),
    (250, "Reserved for cisco specific extensions"),
    (251, "Reserved for cisco specific extensions"),
    (252, "Reserved for cisco specific extensions"),
    (253, "Reserved for cisco specific extensions"),
    (254, "Reserved for cisco specific extensions"),
    (255, "Reserved for future expansion"),
];

const EXT_IP_REACH_SUBTLV_VALUES: &Tok = &[
    (1, "32-Bit Administrative tag"),
    (2, "64-Bit Administrative tag"),
    (3, "Prefix SID"),
    (117, "Management Prefix Color"),
];

const PREFIX_SID_FLAG_VALUES: &Tok = &[
    (0x80, "Readvertisement"),
    (0x40, "Node"),
    (0x20, "No-PHP"),
    (0x10, "Explicit NULL"),
    (0x08, "Value"),
    (0x04, "Local"),
];

const PREFIX_SID_ALGO_VALUES: &Tok = &[(0, "SPF"), (1, "strict-SPF")];

const LINK_ATTRIBUTE_VALUES: &Tok = &[
    (0x01, "Local Protection Available"),
    (0x02, "Link excluded from local protection path"),
    (0x04, "Local maintenance required"),
];

const LAN_ADJ_SID_FLAG_VALUES: &Tok = &[
    (0x80, "Address family IPv6"),
    (0x40, "Backup"),
    (0x20, "Value"),
    (0x10, "Local significance"),
    (0x08, "Set of adjacencies"),
    (0x04, "Persistent"),
];

const AUTH_VALUES: &Tok = &[
    (1, "simple text password"),
    (3, "Generic Crypto key-id"),
    (54, "HMAC-MD5 password"),
    (255, "Routing Domain private password"),
];

const IDRP_VALUES: &Tok = &[
    (0, "Reserved"),
    (1, "Routing-Domain Specific"),
    (2, "AS Number Tag"),
];

const MT_PORT_CAP_SUBTLV_VALUES: &Tok = &[(4, "SPB MCID"), (5, "SPB Digest"), (6, "SPB BVID")];

const MT_CAPABILITY_SUBTLV_VALUES: &Tok = &[
    (1, "SPB Instance"),
    (3, "SPBM Service Identifier and Unicast Address"),
];

const CLNP_FLAG_VALUES: &Tok = &[
    (0x80, "Segmentation permitted"),
    (0x40, "more Segments"),
    (0x20, "request Error Report"),
];

const MT_FLAG_VALUES: &Tok = &[(0x4000, "ATT bit set"), (0x8000, "Overload bit set")];

const MT_VALUES: &Tok = &[
    (0, "IPv4 unicast"),
    (1, "In-Band Management"),
    (2, "IPv6 unicast"),
    (3, "Multicast"),
    (4095, "Development, Experimental or Proprietary"),
];

const IIH_CIRCUIT_TYPE_VALUES: &Tok = &[
    (1, "Level 1 only"),
    (2, "Level 2 only"),
    (3, "Level 1, Level 2"),
];

const LSP_ISTYPE_VALUES: &Tok = &[
    (0, "Unused 0x0 (invalid)"),
    (1, "L1 IS"),
    (2, "Unused 0x2 (invalid)"),
    (3, "L2 IS"),
];

const PTP_ADJACENCY_VALUES: &Tok = &[(0, "Up"), (1, "Initializing"), (2, "Down")];

const IS_REACH_VIRTUAL_VALUES: &Tok = &[(0, "IsNotVirtual"), (1, "IsVirtual")];

const RESTART_FLAG_VALUES: &Tok = &[
    (0x1, "Restart Request"),
    (0x2, "Restart Acknowledgement"),
    (0x4, "Suppress adjacency advertisement"),
];

const CLNP_PDU_VALUES: &Tok = &[
    (1, "Error Report"),
    (29, "MD"),
    (28, "Data"),
    (30, "Echo Request"),
    (31, "Echo Response"),
];

const ESIS_PDU_VALUES: &Tok = &[(6, "redirect"), (2, "ESH"), (4, "ISH")];

/// TDM switching capability indications (RFC 4205).
const GMPLS_TSC_INDICATION_VALUES: &Tok = &[(0, "Standard SONET/SDH"), (1, "Arbitrary SONET/SDH")];

/// An NSAP as tcpdump's `isonsap_string`: hex with a dot after the first byte and every two
/// after it.
pub(crate) fn write_nsap(o: &mut Vec<u8>, nsap: &[u8]) {
    if nsap.is_empty() || nsap.len() > 20 {
        o.extend_from_slice(b"isonsap_string: illegal length");
        return;
    }
    for (i, b) in nsap.iter().enumerate() {
        let _ = write!(o, "{b:02x}");
        if i & 1 == 0 && i + 1 < nsap.len() {
            o.push(b'.');
        }
    }
}

impl Nd<'_> {
    /// tcpdump's `GET_ISONSAP_STRING`: `len` bytes at `off` of `p` as an NSAP.
    fn nsap(&mut self, p: &[u8], off: usize, len: usize) -> Res {
        let a = sl(p, off, len)?;
        write_nsap(self.o, a);
        Ok(())
    }

    /// A system, node or LSP id (6, 7 or 8 bytes at `off`): `xxxx.xxxx.xxxx.yy-zz`.
    fn isis_id(&mut self, p: &[u8], off: usize, id_len: usize) -> Res {
        let id = sl(p, off, id_len)?;
        for (i, b) in id.iter().take(6).enumerate() {
            if i == 2 || i == 4 {
                self.s(".");
            }
            self.f(format_args!("{b:02x}"));
        }
        if id_len >= 7 {
            self.f(format_args!(".{:02x}", id[6]));
        }
        if id_len == 8 {
            self.f(format_args!("-{:02x}", id[7]));
        }
        Ok(())
    }
}

/// The ISO 8473 Fletcher checksum that makes the field at `off` verify (tcpdump's
/// `create_osi_cksum`).
fn create_osi_cksum(p: &[u8], off: usize, length: usize) -> u16 {
    let (mut c0, mut c1) = (0u32, 0u32);
    for (i, &b) in p[..length].iter().enumerate() {
        if i != off && i != off + 1 {
            c0 = c0.wrapping_add(b.into());
        }
        c1 = c1.wrapping_add(c0);
    }
    c0 %= 255;
    c1 %= 255;
    let mul = (length.wrapping_sub(off) as u32).wrapping_mul(c0);
    let mut x = mul.wrapping_sub(c0).wrapping_sub(c1) as i32;
    let mut y = c1.wrapping_sub(mul).wrapping_sub(1) as i32;
    if y >= 0 {
        y += 1;
    }
    if x < 0 {
        x -= 1;
    }
    x %= 255;
    y %= 255;
    if x == 0 {
        x = 255;
    }
    if y == 0 {
        y = 255;
    }
    ((x << 8) | (y & 0xff)) as u16
}

/// The verdict on an OSI checksum: `(unverified)` when it is zero or not all there.
fn osi_cksum(nd: &mut Nd<'_>, p: &[u8], cksum: u16, off: usize, length: u32) {
    let length = length as usize;
    if cksum == 0 || !has(p, off, 2) || off > length || !has(p, 0, length) {
        nd.s(" (unverified)");
        return;
    }
    let calc = create_osi_cksum(p, off, length);
    if calc == cksum {
        nd.s(" (correct)");
    } else {
        nd.f(format_args!(" (incorrect should be 0x{calc:04x})"));
    }
}

/// Prints an OSI network-layer PDU by its NLPID (tcpdump's `isoclns_print`); `p` starts at the
/// NLPID, `length` is what the layer below says the PDU takes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "isoclns";
    let nlpid = u8at(p, 0)?;
    let e = nd.opts.link_header;
    if e {
        nd.f(format_args!(
            "OSI NLPID {} (0x{nlpid:02x}): ",
            tok2str(nlpid::VALUES, "Unknown", nlpid.into())
        ));
    }
    let length32 = length as u32;
    match nlpid {
        nlpid::CLNP => {
            if !clnp(nd, p, length32)? {
                nd.print_unknown_data(p, "\n\t", length);
            }
        }
        nlpid::ESIS => esis(nd, p, length32)?,
        nlpid::ISIS => {
            if !isis(nd, p, length32)? {
                nd.print_unknown_data(p, "\n\t", length);
            }
        }
        nlpid::NULLNS => nd.f(format_args!(
            "{}length: {length}",
            if e { "" } else { ", " }
        )),
        nlpid::IP => super::ip::print(nd, tail(p, 1), length.wrapping_sub(1))?,
        nlpid::IP6 => super::ip6::print(nd, tail(p, 1), length.wrapping_sub(1))?,
        // tcpdump's length is 32 bits: 0 less one wraps around there.
        nlpid::Q933 => super::fr::q933_print(nd, tail(p, 1), (length32.wrapping_sub(1)) as usize)?,
        nlpid::PPP => {
            super::ppp::print(nd, tail(p, 1), (length32.wrapping_sub(1)) as usize)?;
        }
        _ => unknown_nlpid(nd, p, nlpid, length),
    }
    Ok(())
}

/// A PDU of an NLPID no printer decodes: its number, length and bytes.
fn unknown_nlpid(nd: &mut Nd<'_>, p: &[u8], nlpid: u8, length: usize) {
    let e = nd.opts.link_header;
    if !e {
        nd.f(format_args!("OSI NLPID 0x{nlpid:02x} unknown"));
    }
    nd.f(format_args!(
        "{}length: {length}",
        if e { "" } else { ", " }
    ));
    if length > 1 {
        nd.print_unknown_data(p, "\n\t", length);
    }
}

/// The bytes a PDU whose length indicator is too small starts with, in upper-case hex.
fn hex_upper(nd: &mut Nd<'_>, p: &[u8]) {
    for b in p {
        nd.f(format_args!("{b:02X}"));
    }
}

/// CLNP (ISO 8473); false where tcpdump's `clnp_print` returns 0 (the caller dumps the PDU).
/// An error report's original packet is printed in turn, as tcpdump recurses into it.
fn clnp(nd: &mut Nd<'_>, p: &[u8], length: u32) -> Res<bool> {
    let mut p = p;
    let mut length = length;
    let mut nested = false;
    loop {
        match clnp_one(nd, p, length) {
            // Only the outermost header's failure makes the caller dump the PDU.
            Ok(Clnp::Done(ok)) => return Ok(ok || nested),
            Ok(Clnp::Inner(off, li)) => {
                p = tail(p, off);
                length = length.wrapping_sub(li);
                nested = true;
            }
            Err(Stop::Local) => {
                nd.trunc();
                return Ok(true);
            }
            Err(Stop::Jmp) => return Err(Trunc),
        }
    }
}

/// What one CLNP header led to.
enum Clnp {
    /// Printed; tcpdump's return value.
    Done(bool),
    /// An error report carrying the original packet at this offset; the header's length
    /// indicator.
    Inner(usize, u32),
}

/// One CLNP header and what follows it.
fn clnp_one(nd: &mut Nd<'_>, p: &[u8], length: u32) -> R<Clnp> {
    const BAD_LI: &str = "li < size of fixed part of CLNP header and addresses";
    nd.proto = "clnp";
    tcheck(p, 0, 9)?;
    let li = u32::from(p[1]);
    let e = nd.opts.link_header;
    if !e {
        nd.s("CLNP");
    }
    if p[2] != 1 {
        nd.f(format_args!("version {} packet not supported", p[2]));
        return Ok(Clnp::Done(false));
    }
    if li > length {
        nd.f(format_args!(
            " length indicator({li}) > PDU size ({length})!"
        ));
        return Ok(Clnp::Done(false));
    }
    if li < 9 {
        nd.f(format_args!(" length indicator {li} < min PDU size:"));
        hex_upper(nd, p);
        return Ok(Clnp::Done(false));
    }
    let pdu_type = p[4] & 0x1f;
    let flags = p[4] & 0xe0;
    let mut q = 9usize;
    let mut left = li - 9;
    if left < 1 {
        nd.s(BAD_LI);
        return Ok(Clnp::Done(false));
    }
    let dst_len = u8at(p, q)? as usize;
    q += 1;
    left -= 1;
    if (left as usize) < dst_len {
        nd.s(BAD_LI);
        return Ok(Clnp::Done(false));
    }
    tcheck(p, q, dst_len)?;
    let dst = q;
    q += dst_len;
    left -= dst_len as u32;
    if left < 1 {
        nd.s(BAD_LI);
        return Ok(Clnp::Done(false));
    }
    let src_len = u8at(p, q)? as usize;
    q += 1;
    left -= 1;
    if (left as usize) < src_len {
        nd.s(BAD_LI);
        return Ok(Clnp::Done(false));
    }
    tcheck(p, q, src_len)?;
    let src = q;
    q += src_len;
    left -= src_len as u32;
    if nd.opts.verbose < 1 {
        nd.s(if e { "" } else { ", " });
        nd.nsap(p, src, src_len)?;
        nd.s(" > ");
        nd.nsap(p, dst, dst_len)?;
        nd.f(format_args!(
            ", {}, length {length}",
            tok2str(CLNP_PDU_VALUES, "unknown (%u)", pdu_type.into())
        ));
        return Ok(Clnp::Done(true));
    }
    nd.f(format_args!("{}length {length}", if e { "" } else { ", " }));
    let cksum = be16(p, 7)?;
    nd.f(format_args!(
        "\n\t{} PDU, hlen: {li}, v: {}, lifetime: {}.{}s, Segment PDU length: {}, checksum: 0x{cksum:04x}",
        tok2str(CLNP_PDU_VALUES, "unknown (%u)", pdu_type.into()),
        p[2],
        p[3] / 2,
        (p[3] % 2) * 5,
        be16(p, 5)?
    ));
    osi_cksum(nd, p, cksum, 7, li);
    nd.f(format_args!(
        "\n\tFlags [{}]",
        bittok2str(CLNP_FLAG_VALUES, "none", flags.into())
    ));
    nd.f(format_args!("\n\tsource address (length {src_len}): "));
    nd.nsap(p, src, src_len)?;
    nd.f(format_args!("\n\tdest   address (length {dst_len}): "));
    nd.nsap(p, dst, dst_len)?;
    if flags & 0x80 != 0 {
        if left < 6 {
            nd.s("li < size of fixed part of CLNP header, addresses, and segment part");
            return Ok(Clnp::Done(false));
        }
        tcheck(p, q, 6)?;
        nd.f(format_args!(
            "\n\tData Unit ID: 0x{:04x}, Segment Offset: {}, Total PDU Length: {}",
            be16(p, q)?,
            be16(p, q + 2)?,
            be16(p, q + 4)?
        ));
        q += 6;
        left -= 6;
    }
    while left != 0 {
        if left < 2 {
            nd.s(", bad opts/li");
            return Ok(Clnp::Done(false));
        }
        let op = u8at(p, q)?;
        let opli = u8at(p, q + 1)? as usize;
        q += 2;
        left -= 2;
        if opli as u32 > left {
            nd.f(format_args!(", opt ({op}) too long"));
            return Ok(Clnp::Done(false));
        }
        tcheck(p, q, opli)?;
        left -= opli as u32;
        let opt = &p[q..q + opli];
        nd.f(format_args!(
            "\n\t  {} Option #{op}, length {opli}, value: ",
            tok2str(CLNP_OPTION_VALUES, "Unknown", op.into())
        ));
        match op {
            200 | 203 => {
                if opli < 2 {
                    nd.s(", bad opt len");
                    return Ok(Clnp::Done(false));
                }
                nd.f(format_args!(
                    "{} {}",
                    tok2str(CLNP_OPTION_SR_RR_VALUES, "Unknown", opt[0].into()),
                    tok2str(
                        CLNP_OPTION_SR_RR_STRING_VALUES,
                        "Unknown Option %u",
                        op.into()
                    )
                ));
                let off = opt[1] as usize;
                if off == 0 {
                    nd.s(" Bad NSAP offset (0)");
                } else if off - 1 > opli {
                    nd.s(" Bad NSAP offset (past end of option)");
                } else {
                    let t = off - 1;
                    let mut tlen = opli - (off - 1);
                    while tlen > 0 {
                        let alen = u8at(opt, t)? as usize;
                        if tlen < alen + 1 {
                            nd.s("\n\t    NSAP address goes past end of option");
                            break;
                        }
                        if alen > 0 {
                            nd.f(format_args!("\n\t    NSAP address (length {alen}): "));
                            nd.nsap(opt, t + 1, alen)?;
                        }
                        tlen -= alen + 1;
                    }
                }
            }
            205 => {
                if opli < 1 {
                    nd.s(", bad opt len");
                    return Ok(Clnp::Done(false));
                }
                nd.f(format_args!("0x{:x}", opt[0] & 0x0f));
            }
            195 => {
                if opli < 1 {
                    nd.s(", bad opt len");
                    return Ok(Clnp::Done(false));
                }
                nd.f(format_args!(
                    "\n\t    Format Code: {}",
                    tok2str(CLNP_OPTION_SCOPE_VALUES, "Reserved", (opt[0] & 0xc0).into())
                ));
                if opt[0] & 0xc0 == 0xc0 {
                    nd.f(format_args!(
                        "\n\t    QoS Flags [{}]",
                        bittok2str(
                            CLNP_OPTION_QOS_GLOBAL_VALUES,
                            "none",
                            (opt[0] & 0x3f).into()
                        )
                    ));
                }
            }
            197 => {
                if opli < 2 {
                    nd.s(", bad opt len");
                    return Ok(Clnp::Done(false));
                }
                nd.f(format_args!(
                    "\n\t    Format Code: {}, Security-Level {}",
                    tok2str(CLNP_OPTION_SCOPE_VALUES, "Reserved", (opt[0] & 0xc0).into()),
                    opt[1]
                ));
            }
            193 => {
                if opli < 1 {
                    nd.s(", bad opt len");
                    return Ok(Clnp::Done(false));
                }
                let major = opt[0] >> 4;
                let minor = opt[0] & 0x0f;
                nd.f(format_args!(
                    "\n\t    Class: {} Error (0x{major:x}), {} (0x{minor:x})",
                    tok2str(CLNP_RFD_CLASS_VALUES, "Unknown", major.into()),
                    tok2str(
                        CLNP_RFD_ERROR_CLASS[major as usize],
                        "Unknown",
                        minor.into()
                    )
                ));
            }
            204 => nd.s("padding data"),
            _ => nd.print_unknown_data(opt, "\n\t  ", opli),
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data(opt, "\n\t  ", opli);
        }
        q += opli;
    }
    if matches!(pdu_type, 1 | 31) && u8at(p, q)? == nlpid::CLNP {
        nd.s("\n\t-----original packet-----\n\t");
        return Ok(Clnp::Inner(q, li));
    }
    if length as usize > q {
        nd.f(format_args!(
            "\n\t  undecoded non-header data, length {}",
            length - li
        ));
        nd.print_unknown_data(tail(p, q), "\n\t  ", length as usize - q);
    }
    Ok(Clnp::Done(true))
}

/// ES-IS (ISO 9542).
fn esis(nd: &mut Nd<'_>, p: &[u8], length: u32) -> Res {
    nd.proto = "esis";
    if !nd.opts.link_header {
        nd.s("ES-IS");
    }
    if length <= 2 {
        nd.s(if nd.opts.quiet {
            "bad pkt!"
        } else {
            "no header at all!"
        });
        return Ok(());
    }
    match esis_body(nd, p, length) {
        Ok(()) => Ok(()),
        Err(Stop::Local) => {
            nd.trunc();
            Ok(())
        }
        Err(Stop::Jmp) => Err(Trunc),
    }
}

/// An ES-IS PDU's fixed-format fields: where the next starts and how much of the length
/// indicator is left.
struct Var {
    q: usize,
    li: usize,
}

impl Var {
    /// The start of the next `n` bytes, captured (else a local truncation) and within the
    /// length indicator (else None: the PDU's "bad .../li").
    fn take(&mut self, p: &[u8], n: usize) -> R<Option<usize>> {
        tcheck(p, self.q, n)?;
        if self.li < n {
            return Ok(None);
        }
        let at = self.q;
        self.q += n;
        self.li -= n;
        Ok(Some(at))
    }

    /// A length byte and the field it announces: (start, length).
    fn field(&mut self, p: &[u8]) -> R<Option<(usize, usize)>> {
        let Some(at) = self.take(p, 1)? else {
            return Ok(None);
        };
        let n = usize::from(p[at]);
        Ok(self.take(p, n)?.map(|start| (start, n)))
    }
}

/// The ES-IS PDU after its name, up to its local truncation label.
fn esis_body(nd: &mut Nd<'_>, p: &[u8], length: u32) -> R {
    tcheck(p, 0, 9)?;
    let li = u32::from(p[1]);
    if p[0] != nlpid::ESIS {
        nd.f(format_args!(" nlpid 0x{:02x} packet not supported", p[0]));
        return Ok(());
    }
    let version = p[2];
    if version != 1 {
        nd.f(format_args!(" version {version} packet not supported"));
        return Ok(());
    }
    if li > length {
        nd.f(format_args!(
            " length indicator({li}) > PDU size ({length})!"
        ));
        return Ok(());
    }
    if li < 11 {
        nd.f(format_args!(" length indicator {li} < min PDU size:"));
        hex_upper(nd, p);
        return Ok(());
    }
    let pdu_type = p[4] & 0x1f;
    let sep = if nd.opts.link_header { "" } else { ", " };
    if nd.opts.verbose < 1 {
        nd.f(format_args!(
            "{sep}{}, length {length}",
            tok2str(ESIS_PDU_VALUES, "unknown type (%u)", pdu_type.into())
        ));
        return Ok(());
    }
    nd.f(format_args!(
        "{sep}length {length}\n\t{} ({pdu_type})",
        tok2str(ESIS_PDU_VALUES, "unknown type: %u", pdu_type.into())
    ));
    let cksum = be16(p, 7)?;
    nd.f(format_args!(", v: {version}, checksum: 0x{cksum:04x}"));
    osi_cksum(nd, p, cksum, 7, li);
    nd.f(format_args!(
        ", holding time: {}s, length indicator: {li}",
        be16(p, 5)?
    ));
    if nd.opts.verbose > 1 {
        nd.print_unknown_data(p, "\n\t", 9);
    }
    let mut v = Var {
        q: 9,
        li: (li - 9) as usize,
    };
    match pdu_type {
        6 => {
            const BAD: &str = ", bad redirect/li";
            let Some((dst, dstl)) = v.field(p)? else {
                nd.s(BAD);
                return Ok(());
            };
            nd.s("\n\t  ");
            nd.nsap(p, dst, dstl)?;
            let Some((snpa, snpal)) = v.field(p)? else {
                nd.s(BAD);
                return Ok(());
            };
            // tcpdump does not count the NET length byte against the length indicator.
            tcheck(p, v.q, 1)?;
            if v.li < 1 {
                nd.s(BAD);
                return Ok(());
            }
            let netal = p[v.q] as usize;
            v.q += 1;
            let Some(neta) = v.take(p, netal)? else {
                nd.s(BAD);
                return Ok(());
            };
            nd.f(format_args!("\n\t  SNPA (length: {snpal}): "));
            let a = &p[snpa..snpa + snpal];
            if snpal == 6 {
                nd.mac(a);
            } else {
                write_linkaddr(nd, a);
            }
            if netal != 0 {
                nd.f(format_args!("\n\t  NET (length: {netal}) "));
                nd.nsap(p, neta, netal)?;
            }
        }
        2 => {
            const BAD: &str = ", bad esh/li";
            let Some(at) = v.take(p, 1)? else {
                nd.s(BAD);
                return Ok(());
            };
            let n = p[at];
            nd.f(format_args!("\n\t  Number of Source Addresses: {n}"));
            for _ in 0..n {
                let Some((sa, sal)) = v.field(p)? else {
                    nd.s(BAD);
                    return Ok(());
                };
                nd.f(format_args!("\n\t  NET (length: {sal}): "));
                nd.nsap(p, sa, sal)?;
            }
        }
        4 => {
            let Some((sa, sal)) = v.field(p)? else {
                nd.s(", bad ish/li");
                return Ok(());
            };
            nd.f(format_args!("\n\t  NET (length: {sal}): "));
            nd.nsap(p, sa, sal)?;
        }
        _ => {
            if nd.opts.verbose <= 1 && has(p, v.q, 1) {
                let rest = tail(p, v.q);
                nd.print_unknown_data(rest, "\n\t  ", rest.len());
            }
            return Ok(());
        }
    }
    let Var { mut q, mut li } = v;
    while li != 0 {
        if li < 2 {
            nd.s(", bad opts/li");
            return Ok(());
        }
        let op = u8at(p, q)?;
        let mut opli = u8at(p, q + 1)? as usize;
        q += 2;
        li -= 2;
        if opli > li {
            nd.f(format_args!(", opt ({op}) too long"));
            return Ok(());
        }
        li -= opli;
        let mut t = q;
        nd.f(format_args!(
            "\n\t  {} Option #{op}, length {opli}, value: ",
            tok2str(ESIS_OPTION_VALUES, "Unknown", op.into())
        ));
        match op {
            198 => {
                if opli == 2 {
                    tcheck(p, q, 2)?;
                    nd.f(format_args!("{}s", be16(p, t)?));
                } else {
                    nd.s("(bad length)");
                }
            }
            129 => {
                // tcpdump counts the option's length down here, so its -vv dump and the
                // step to the next option see nothing left.
                while opli > 0 {
                    let id = u8at(p, t)?;
                    nd.f(format_args!(
                        "{} (0x{id:02x})",
                        tok2str(nlpid::VALUES, "unknown", id.into())
                    ));
                    if opli > 1 {
                        nd.s(", ");
                    }
                    t += 1;
                    opli -= 1;
                }
            }
            _ => {
                nd.print_unknown_data_at(p, t, "\n\t  ", opli);
            }
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data_at(p, q, "\n\t  ", opli);
        }
        q += opli;
    }
    Ok(())
}

/// tcpdump's `linkaddr_string` for addresses that are not Ethernet ones: hex bytes separated
/// by colons, `<empty>` for none.
fn write_linkaddr(nd: &mut Nd<'_>, a: &[u8]) {
    if a.is_empty() {
        nd.s("<empty>");
        return;
    }
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            nd.s(":");
        }
        nd.f(format_args!("{b:02x}"));
    }
}

/// The old-style 4-byte metric block: the default metric and the optional others.
fn metric_block(nd: &mut Nd<'_>, m: &[u8]) {
    let ie = |b: u8| {
        if b & 0x40 != 0 {
            "External"
        } else {
            "Internal"
        }
    };
    nd.f(format_args!(
        ", Default Metric: {}, {}",
        m[0] & 0x3f,
        ie(m[0])
    ));
    for (b, name) in [(m[1], "Delay"), (m[2], "Expense"), (m[3], "Error")] {
        if b & 0x80 == 0 {
            nd.f(format_args!(
                "\n\t\t  {name} Metric: {}, {}",
                b & 0x3f,
                ie(b)
            ));
        }
    }
}

/// Writes an IPv4 address right-aligned in 15 columns (printf's `%15s`).
fn host4_15(nd: &mut Nd<'_>, a: &[u8]) {
    let mut t = Vec::new();
    nd.names.host4(&mut t, a);
    for _ in t.len()..15 {
        nd.o.push(b' ');
    }
    nd.o.extend_from_slice(&t);
}

/// The old-style IPv4 reachability TLVs (128, 130); false where tcpdump stops decoding the
/// PDU.
fn tlv_ip_reach(nd: &mut Nd<'_>, p: &[u8], mut t: usize, ident: &str, mut len: usize) -> Res<bool> {
    while len > 0 {
        if len < 12 {
            nd.f(format_args!("short IPv4 Reachability ({len} vs 12)"));
            return Ok(false);
        }
        if !has(p, t, 12) {
            return Ok(false);
        }
        let e = &p[t..t + 12];
        let plen = mask2plen(u32::from_be_bytes([e[8], e[9], e[10], e[11]]));
        nd.f(format_args!("{ident}IPv4 prefix: "));
        if plen == -1 {
            nd.host4(&e[4..8]);
            nd.s(" mask ");
            nd.host4(&e[8..12]);
        } else {
            host4_15(nd, &e[4..8]);
            nd.f(format_args!("/{plen}"));
        }
        let ie = |b: u8| {
            if b & 0x40 != 0 {
                "External"
            } else {
                "Internal"
            }
        };
        nd.f(format_args!(
            ", Distribution: {}, Metric: {}, {}",
            if e[0] & 0x80 != 0 { "down" } else { "up" },
            e[0] & 0x3f,
            ie(e[0])
        ));
        for (b, name) in [(e[1], "Delay"), (e[2], "Expense"), (e[3], "Error")] {
            if b & 0x80 == 0 {
                nd.f(format_args!(
                    "{ident}  {name} Metric: {}, {}",
                    b & 0x3f,
                    ie(b)
                ));
            }
        }
        len -= 12;
        t += 12;
    }
    Ok(true)
}

/// A sub-TLV of an extended IP reachability entry; false where tcpdump's decoder gives up.
fn ip_reach_subtlv(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut t: usize,
    subt: u8,
    mut subl: usize,
    ident: &str,
) -> Res<bool> {
    nd.f(format_args!(
        "{ident}{} subTLV #{subt}, length: {subl}",
        tok2str(EXT_IP_REACH_SUBTLV_VALUES, "unknown", subt.into())
    ));
    if !has(p, t, subl) {
        nd.trunc();
        return Ok(false);
    }
    match subt {
        1 | 117 => {
            while subl >= 4 {
                let v = be32(p, t)?;
                nd.f(format_args!(", 0x{v:08x} (={v})"));
                t += 4;
                subl -= 4;
            }
        }
        2 => {
            while subl >= 8 {
                nd.f(format_args!(
                    ", 0x{:08x}{:08x}",
                    be32(p, t)?,
                    be32(p, t + 4)?
                ));
                t += 8;
                subl -= 8;
            }
        }
        3 => {
            let flags = u8at(p, t)?;
            let algo = u8at(p, t + 1)?;
            let label = flags & 0x08 != 0;
            let sid = if label {
                if subl < 5 {
                    nd.trunc();
                    return Ok(false);
                }
                be24(p, t + 2)?
            } else {
                if subl < 6 {
                    nd.trunc();
                    return Ok(false);
                }
                be32(p, t + 2)?
            };
            nd.f(format_args!(
                ", Flags [{}], Algo {} ({algo}), {} {sid}",
                bittok2str(PREFIX_SID_FLAG_VALUES, "None", flags.into()),
                tok2str(PREFIX_SID_ALGO_VALUES, "Unknown", algo.into()),
                if label { "label" } else { "index" }
            ));
        }
        _ => {
            if !nd.print_unknown_data_at(p, t, "\n\t\t    ", subl) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// One extended IS reachability entry (TLVs 22, 24, 222); returns the bytes it took, 0 where
/// tcpdump's decoder gives up.
fn ext_is_reach(
    nd: &mut Nd<'_>,
    p: &[u8],
    mut t: usize,
    ident: &str,
    tlv_type: u8,
    mut remaining: u32,
) -> Res<u32> {
    if !has(p, t, 7) || remaining < 7 {
        return Ok(0);
    }
    nd.f(format_args!("{ident}IS Neighbor: "));
    nd.isis_id(p, t, 7)?;
    t += 7;
    remaining -= 7;
    let mut proc_bytes: u32 = 7;
    if tlv_type != 24 {
        if !has(p, t, 3) || remaining < 3 {
            return Ok(0);
        }
        nd.f(format_args!(", Metric: {}", be24(p, t)?));
        t += 3;
        remaining -= 3;
        proc_bytes += 3;
    }
    if !has(p, t, 1) || remaining < 1 {
        return Ok(0);
    }
    let mut sum_len = u32::from(p[t]);
    t += 1;
    remaining -= 1;
    proc_bytes += 1;
    nd.f(format_args!(
        ", {}sub-TLVs present",
        if sum_len != 0 { "" } else { "no " }
    ));
    if sum_len == 0 {
        return Ok(proc_bytes);
    }
    nd.f(format_args!(" ({sum_len})"));
    let ident = format!("{ident}  ");
    let ident = ident.as_str();
    while sum_len != 0 {
        if !has(p, t, 2) {
            return Ok(0);
        }
        if remaining < 2 {
            nd.f(format_args!(
                "{ident}Remaining data in TLV shorter than a subTLV header"
            ));
            proc_bytes = proc_bytes.wrapping_add(remaining);
            break;
        }
        if sum_len < 2 {
            nd.f(format_args!(
                "{ident}Remaining data in subTLVs shorter than a subTLV header"
            ));
            proc_bytes = proc_bytes.wrapping_add(sum_len);
            break;
        }
        let subt = p[t];
        let mut subl = u32::from(p[t + 1]);
        t += 2;
        remaining -= 2;
        sum_len -= 2;
        proc_bytes += 2;
        nd.f(format_args!(
            "{ident}{} subTLV #{subt}, length: {subl}",
            tok2str(EXT_IS_REACH_SUBTLV_VALUES, "unknown", subt.into())
        ));
        if sum_len < subl {
            nd.s(" (remaining data in subTLVs shorter than the current subTLV)");
            proc_bytes = proc_bytes.wrapping_add(sum_len);
            break;
        }
        if remaining < subl {
            nd.s(" (> remaining tlv length)");
            proc_bytes = proc_bytes.wrapping_add(remaining);
            break;
        }
        if !has(p, t, subl as usize) {
            return Ok(0);
        }
        // Bytes a decoder steps over itself: they leave the sub-TLV's and the sum's lengths
        // (not the TLV's remaining length, as in tcpdump).
        let mut took = |n: u32, t: &mut usize, subl: &mut u32| {
            *t += n as usize;
            *subl -= n;
            sum_len -= n;
            proc_bytes += n;
        };
        match subt {
            3..=5 => {
                if subl >= 4 {
                    nd.f(format_args!(", 0x{:08x}", be32(p, t)?));
                    if subl == 8 {
                        nd.f(format_args!(", 0x{:08x}", be32(p, t + 4)?));
                    }
                }
            }
            6 | 8 => {
                if subl >= 4 {
                    let a = sl(p, t, 4)?;
                    nd.s(", ");
                    nd.host4(a);
                }
            }
            9 | 10 => {
                if subl >= 4 {
                    nd.s(", ");
                    nd.mbps(be32(p, t)?);
                }
            }
            11 => {
                if subl >= 32 {
                    for te_class in 0..8 {
                        let bw = be32(p, t)?;
                        nd.f(format_args!("{ident}  TE-Class {te_class}: "));
                        nd.mbps(bw);
                        took(4, &mut t, &mut subl);
                    }
                }
            }
            12 | 22 => {
                if subl != 0 {
                    let model = u8at(p, t)?;
                    nd.f(format_args!(
                        "{ident}Bandwidth Constraints Model ID: {} ({model})",
                        tok2str(gmpls::DIFFSERV_TE_BC, "unknown", model.into())
                    ));
                    took(1, &mut t, &mut subl);
                    let mut te_class = 0;
                    while subl >= 4 {
                        let bw = be32(p, t)?;
                        nd.f(format_args!("{ident}  Bandwidth constraint CT{te_class}: "));
                        nd.mbps(bw);
                        took(4, &mut t, &mut subl);
                        te_class += 1;
                    }
                }
            }
            18 => {
                if subl >= 3 {
                    nd.f(format_args!(", {}", be24(p, t)?));
                }
            }
            19 => {
                if subl == 2 {
                    let v = be16(p, t)?;
                    nd.f(format_args!(
                        ", [ {} ] (0x{v:04x})",
                        bittok2str(LINK_ATTRIBUTE_VALUES, "Unknown", v.into())
                    ));
                }
            }
            20 => {
                if subl >= 2 {
                    nd.f(format_args!(
                        ", {}, Priority {}",
                        bittok2str(gmpls::LINK_PROT, "none", u8at(p, t)?.into()),
                        u8at(p, t + 1)?
                    ));
                }
            }
            29 => {
                if subl >= 6 {
                    nd.f(format_args!(", LM: {}", be24(p, t)?));
                    took(3, &mut t, &mut subl);
                    nd.f(format_args!(", P: {}", u8at(p, t)?));
                    took(1, &mut t, &mut subl);
                    nd.f(format_args!(", P-ID: {}", be16(p, t)?));
                }
            }
            21 => {
                if subl >= 36 {
                    let cap = u8at(p, t)?;
                    nd.f(format_args!(
                        "{ident}  Interface Switching Capability:{}",
                        tok2str(gmpls::SWITCH_CAP, "Unknown", cap.into())
                    ));
                    nd.f(format_args!(
                        ", LSP Encoding: {}",
                        tok2str(gmpls::ENCODING, "Unknown", u8at(p, t + 1)?.into())
                    ));
                    took(4, &mut t, &mut subl);
                    nd.f(format_args!("{ident}  Max LSP Bandwidth:"));
                    for level in 0..8 {
                        let bw = be32(p, t)?;
                        nd.f(format_args!("{ident}    priority level {level}: "));
                        nd.mbps(bw);
                        took(4, &mut t, &mut subl);
                    }
                    match cap {
                        1..=4 => {
                            if subl >= 6 {
                                let bw = be32(p, t)?;
                                nd.f(format_args!("{ident}  Min LSP Bandwidth: "));
                                nd.mbps(bw);
                                nd.f(format_args!("{ident}  Interface MTU: {}", be16(p, t + 4)?));
                            }
                        }
                        100 => {
                            if subl >= 8 {
                                let bw = be32(p, t)?;
                                nd.f(format_args!("{ident}  Min LSP Bandwidth: "));
                                nd.mbps(bw);
                                nd.f(format_args!(
                                    "{ident}  Indication {}",
                                    tok2str(
                                        GMPLS_TSC_INDICATION_VALUES,
                                        "Unknown (%u)",
                                        u8at(p, t + 4)?.into()
                                    )
                                ));
                            }
                        }
                        _ => {
                            if subl != 0
                                && !nd.print_unknown_data_at(p, t, "\n\t\t    ", subl as usize)
                            {
                                return Ok(0);
                            }
                        }
                    }
                }
            }
            32 => {
                if subl >= 8 {
                    let flags = u8at(p, t)?;
                    nd.f(format_args!(
                        "{ident}  Flags: [{}]",
                        bittok2str(LAN_ADJ_SID_FLAG_VALUES, "none", flags.into())
                    ));
                    let v = flags & 0x20 != 0;
                    let l = flags & 0x10 != 0;
                    took(1, &mut t, &mut subl);
                    nd.f(format_args!("{ident}  Weight: {}", u8at(p, t)?));
                    took(1, &mut t, &mut subl);
                    if subl >= 6 {
                        if !has(p, t, 6) {
                            return Ok(0);
                        }
                        nd.f(format_args!("{ident}  Neighbor System-ID: "));
                        nd.isis_id(p, t, 6)?;
                    }
                    if v && l {
                        nd.f(format_args!("{ident}  Label: {}", be24(p, t + 6)?));
                    } else if !v && !l {
                        nd.f(format_args!("{ident}  Index: {}", be32(p, t + 6)?));
                    } else {
                        nd.invalid();
                    }
                }
            }
            _ => {
                if !nd.print_unknown_data_at(p, t, "\n\t\t    ", subl as usize) {
                    return Ok(0);
                }
            }
        }
        t += subl as usize;
        remaining = remaining.wrapping_sub(subl);
        sum_len -= subl;
        proc_bytes += subl;
    }
    Ok(proc_bytes)
}

/// A multi-topology id and its flags; returns 2, or 0 when the TLV has no room for it.
fn mtid(nd: &mut Nd<'_>, p: &[u8], t: usize, ident: &str, remaining: u8) -> Res<u8> {
    if remaining < 2 {
        return Ok(0);
    }
    let v = be16(p, t)?;
    nd.f(format_args!(
        "{ident}{}",
        tok2str(
            MT_VALUES,
            "Reserved for IETF Consensus",
            (v & 0x0fff).into()
        )
    ));
    nd.f(format_args!(
        " Topology (0x{:03x}), Flags: [{}]",
        v & 0x0fff,
        bittok2str(MT_FLAG_VALUES, "none", (v & 0xf000).into())
    ));
    Ok(2)
}

/// One extended IP reachability entry (TLVs 135, 235, 236, 237); returns the bytes it took,
/// 0 where tcpdump's decoder gives up.
fn extd_ip_reach(nd: &mut Nd<'_>, p: &[u8], mut t: usize, ident: &str, v6: bool) -> Res<u32> {
    let metric = be32(p, t)?;
    let mut processed: u32 = 4;
    t += 4;
    let status;
    let bits;
    if v6 {
        status = u8at(p, t)?;
        bits = u8at(p, t + 1)? as usize;
        if bits > 128 {
            nd.f(format_args!("{ident}IPv6 prefix: bad bit length {bits}"));
            return Ok(0);
        }
        t += 2;
        processed += 2;
    } else {
        status = u8at(p, t)?;
        t += 1;
        bits = (status & 0x3f) as usize;
        if bits > 32 {
            nd.f(format_args!("{ident}IPv4 prefix: bad bit length {bits}"));
            return Ok(0);
        }
        processed += 1;
    }
    let n = bits.div_ceil(8);
    let mut prefix = [0u8; 16];
    prefix[..n].copy_from_slice(sl(p, t, n)?);
    t += n;
    processed += n as u32;
    if v6 {
        nd.f(format_args!("{ident}IPv6 prefix: "));
        nd.host6(&prefix);
    } else {
        nd.f(format_args!("{ident}IPv4 prefix: "));
        host4_15(nd, &prefix[..4]);
    }
    nd.f(format_args!(
        "/{bits}, Distribution: {}, Metric: {metric}",
        if status & 0x80 != 0 { "down" } else { "up" }
    ));
    let subtlvs = if v6 {
        nd.f(format_args!(
            ", {}{}",
            if status & 0x40 != 0 {
                "External"
            } else {
                "Internal"
            },
            if status & 0x20 != 0 {
                ", sub-TLVs present"
            } else {
                ""
            }
        ));
        status & 0x20 != 0
    } else {
        if status & 0x40 != 0 {
            nd.s(", sub-TLVs present");
        }
        status & 0x40 != 0
    };
    if subtlvs {
        let mut sublen = u32::from(u8at(p, t)?);
        t += 1;
        processed += sublen + 1;
        nd.f(format_args!(" ({sublen})"));
        let sub_ident = format!("{ident}  ");
        while sublen > 0 {
            let st = u8at(p, t)?;
            let sl_ = u8at(p, t + 1)?;
            t += 2;
            if !ip_reach_subtlv(nd, p, t, st, sl_.into(), &sub_ident)? {
                return Ok(0);
            }
            t += sl_ as usize;
            // tcpdump's count may wrap here, walking on until the data runs out.
            sublen = sublen.wrapping_sub(u32::from(sl_) + 2);
        }
    }
    Ok(processed)
}

/// The sub-TLVs of a router capability TLV.
fn router_cap_subtlv(nd: &mut Nd<'_>, p: &[u8], mut t: usize, mut tlen: u8) -> Res {
    while tlen >= 2 {
        let subt = u8at(p, t)?;
        let subl = u8at(p, t + 1)?;
        tlen -= 2;
        t += 2;
        nd.f(format_args!(
            "\n\t\t{} subTLV #{subt}, length: {subl}",
            tok2str(ROUTER_CAPABILITY_SUBTLV_VALUES, "unknown", subt.into())
        ));
        if subl > tlen {
            break;
        }
        if !has(p, t, subl.into()) {
            return Ok(());
        }
        if subt == 2 {
            let flags = u8at(p, t)?;
            let range = be24(p, t + 1)?;
            nd.f(format_args!(
                ", Flags [{}], Range {range}",
                bittok2str(ROUTER_CAPABILITY_SR_FLAGS, "None", flags.into())
            ));
            let mut s = t + 4;
            let mut stlen = subl.wrapping_sub(4);
            while stlen >= 5 {
                let sid_type = u8at(p, s)?;
                let sid_len = u8at(p, s + 1)?;
                stlen -= 2;
                s += 2;
                if sid_len > stlen {
                    break;
                }
                if sid_type == 1 {
                    match sid_len {
                        3 => nd.f(format_args!(", SID value {}", be24(p, s)?)),
                        4 => nd.f(format_args!(", SID value {}", be32(p, s)?)),
                        _ => nd.f(format_args!(", Unknown SID length{sid_len}")),
                    }
                } else {
                    nd.print_unknown_data_at(p, s, "\n\t\t  ", sid_len.into());
                }
                s += sid_len as usize;
                stlen -= sid_len;
            }
        } else {
            nd.print_unknown_data_at(p, t, "\n\t\t", subl.into());
        }
        tlen -= subl;
        t += subl as usize;
    }
    Ok(())
}

/// An SPB MCID (51 bytes at `t`).
fn mcid(nd: &mut Nd<'_>, p: &[u8], t: usize) -> Res {
    if !has(p, t, 51) {
        nd.trunc();
        return Ok(());
    }
    nd.f(format_args!("ID: {}, Name: ", p[t]));
    nd.printjnp(tail(p, t + 1), 32)?;
    nd.f(format_args!("\n\t              Lvl: {}", be16(p, t + 33)?));
    nd.s(", Digest: ");
    for b in &p[t + 35..t + 51] {
        nd.f(format_args!("{b:02x} "));
    }
    Ok(())
}

/// The sub-TLVs of an MT port capability TLV (SPB).
fn mt_port_cap_subtlv(nd: &mut Nd<'_>, p: &[u8], mut t: usize, mut len: usize) -> Res {
    while len > 2 {
        let st = u8at(p, t)?;
        let mut stl = u8at(p, t + 1)? as usize;
        nd.f(format_args!(
            "\n\t       {} subTLV #{st}, length: {stl}",
            tok2str(MT_PORT_CAP_SUBTLV_VALUES, "unknown", st.into())
        ));
        t += 2;
        len -= 2;
        if len < stl {
            nd.s(" (> containing TLV length)");
            return Ok(());
        }
        if !has(p, t, stl) {
            nd.trunc();
            return Ok(());
        }
        match st {
            4 => {
                if stl < 102 {
                    nd.s(" (too short)");
                    return Ok(());
                }
                nd.s("\n\t         MCID: ");
                mcid(nd, p, t)?;
                nd.s("\n\t         AUX-MCID: ");
                mcid(nd, p, t + 51)?;
                t += 102;
                len -= 102;
                stl -= 102;
            }
            5 => {
                if stl < 33 {
                    nd.s(" (too short)");
                    return Ok(());
                }
                let b = p[t];
                nd.f(format_args!(
                    "\n\t        RES: {} V: {} A: {} D: {}",
                    b >> 5,
                    (b >> 4) & 1,
                    (b >> 2) & 3,
                    b & 3
                ));
                t += 1;
                nd.s("\n\t         Digest: ");
                for i in 1..=8 {
                    nd.f(format_args!("{:08x} ", be32(p, t)?));
                    if i % 4 == 0 && i != 8 {
                        nd.s("\n\t                 ");
                    }
                    t += 4;
                }
                len -= 33;
                stl -= 33;
            }
            6 => {
                while stl != 0 {
                    if stl < 4 {
                        nd.s(" (too short)");
                        return Ok(());
                    }
                    nd.f(format_args!("\n\t           ECT: {:08x}", be32(p, t)?));
                    t += 4;
                    len -= 4;
                    stl -= 4;
                    if stl < 2 {
                        nd.s(" (too short)");
                        return Ok(());
                    }
                    let v = be16(p, t)?;
                    nd.f(format_args!(
                        " BVID: {}, U:{:01x} M:{:01x} ",
                        v >> 4,
                        (v >> 3) & 1,
                        (v >> 2) & 1
                    ));
                    t += 2;
                    len -= 2;
                    stl -= 2;
                }
            }
            _ => {}
        }
        t += stl;
        len -= stl;
    }
    Ok(())
}

/// The sub-TLVs of an MT capability TLV (SPB instances and service identifiers).
fn mt_capability_subtlv(nd: &mut Nd<'_>, p: &[u8], mut t: usize, mut len: usize) -> Res {
    while len > 2 {
        let st = u8at(p, t)?;
        let mut stl = u8at(p, t + 1)? as usize;
        t += 2;
        len -= 2;
        nd.f(format_args!(
            "\n\t      {} subTLV #{st}, length: {stl}",
            tok2str(MT_CAPABILITY_SUBTLV_VALUES, "unknown", st.into())
        ));
        if len < stl {
            nd.s(" (> containing TLV length)");
            return Ok(());
        }
        if !has(p, t, stl) {
            nd.trunc();
            return Ok(());
        }
        match st {
            1 => {
                if stl < 19 {
                    nd.s(" (too short)");
                    return Ok(());
                }
                nd.f(format_args!(
                    "\n\t        CIST Root-ID: {:08x}",
                    be32(p, t)?
                ));
                nd.f(format_args!(" {:08x}", be32(p, t + 4)?));
                nd.f(format_args!(", Path Cost: {:08x}", be32(p, t + 8)?));
                nd.f(format_args!(", Prio: {}", be16(p, t + 12)?));
                nd.f(format_args!("\n\t        RES: {}", be16(p, t + 14)? >> 5));
                nd.f(format_args!(", V: {}", (be16(p, t + 14)? >> 4) & 1));
                nd.f(format_args!(
                    ", SPSource-ID: {}",
                    be32(p, t + 14)? & 0x000f_ffff
                ));
                nd.f(format_args!(", No of Trees: {:x}", p[t + 18]));
                let mut trees = p[t + 18];
                t += 19;
                len -= 19;
                stl -= 19;
                while trees > 0 {
                    if stl < 8 {
                        nd.trunc();
                        return Ok(());
                    }
                    let b = u8at(p, t)?;
                    nd.f(format_args!(
                        "\n\t         U:{}, M:{}, A:{}, RES:{}",
                        b >> 7,
                        (b >> 6) & 1,
                        (b >> 5) & 1,
                        b & 0x1f
                    ));
                    t += 1;
                    nd.f(format_args!(", ECT: {:08x}", be32(p, t)?));
                    t += 4;
                    let v = be24(p, t)?;
                    nd.f(format_args!(
                        ", BVID: {}, SPVID: {}",
                        (v >> 12) & 0xfff,
                        v & 0xfff
                    ));
                    t += 3;
                    len -= 8;
                    stl -= 8;
                    trees -= 1;
                }
            }
            3 => {
                if stl < 8 {
                    nd.trunc();
                    return Ok(());
                }
                nd.f(format_args!("\n\t        BMAC: {:08x}", be32(p, t)?));
                nd.f(format_args!("{:04x}", be16(p, t + 4)?));
                let v = be16(p, t + 6)?;
                nd.f(format_args!(", RES: {}, VID: {}", v >> 12, v & 0x0fff));
                t += 8;
                len -= 8;
                stl -= 8;
                while stl >= 4 {
                    let v = be32(p, t)?;
                    nd.f(format_args!(
                        "\n\t        T: {}, R: {}, RES: {}, ISID: {}",
                        v >> 31,
                        (v >> 30) & 1,
                        (v >> 24) & 0x3f,
                        v & 0x00ff_ffff
                    ));
                    t += 4;
                    len -= 4;
                    stl -= 4;
                }
            }
            _ => {}
        }
        t += stl;
        len -= stl;
    }
    Ok(())
}

/// What a TLV decoder asks of the TLV walk.
enum Tlv {
    /// On to the `-vv` dump of the TLV and the next one.
    Next,
    /// Stop decoding the PDU with tcpdump's return value.
    Return(bool),
}

/// IS-IS (ISO 10589); false where tcpdump's `isis_print` returns 0 (the caller dumps the PDU).
fn isis(nd: &mut Nd<'_>, p: &[u8], length: u32) -> Res<bool> {
    nd.proto = "isis";
    match isis_body(nd, p, length) {
        Ok(ok) => Ok(ok),
        Err(Stop::Local) => {
            nd.trunc();
            Ok(true)
        }
        Err(Stop::Jmp) => Err(Trunc),
    }
}

/// The IS-IS PDU after the NLPID, up to its local truncation label.
fn isis_body(nd: &mut Nd<'_>, p: &[u8], mut length: u32) -> R<bool> {
    let mut packet_len = length;
    tcheck(p, 0, 8)?;
    if length < 8 {
        return Err(Stop::Local);
    }
    let e = nd.opts.link_header;
    let sep = if e { "" } else { ", " };
    let v = nd.opts.verbose;
    if !e {
        nd.s("IS-IS");
    }
    let version = p[2];
    if version != 1 {
        nd.f(format_args!("version {version} packet not supported"));
        return Ok(false);
    }
    let pdu_id_length = p[3];
    if pdu_id_length != 6 && pdu_id_length != 0 {
        nd.f(format_args!(
            "system ID length of {pdu_id_length} is not supported"
        ));
        return Ok(false);
    }
    let pdu_version = p[5];
    if pdu_version != 1 {
        nd.f(format_args!("version {pdu_version} packet not supported"));
        return Ok(false);
    }
    let fixed_len = p[1];
    if length < fixed_len.into() {
        nd.f(format_args!(
            "fixed header length {fixed_len} > packet length {length}"
        ));
        return Ok(false);
    }
    if fixed_len < 8 {
        nd.f(format_args!(
            "fixed header length {fixed_len} < minimum header size 8"
        ));
        return Ok(false);
    }
    let pdu_max_area = p[7];
    let max_area = match pdu_max_area {
        0 => 3,
        255 => {
            nd.s("bad packet -- 255 areas");
            return Ok(false);
        }
        n => n,
    };
    let id_length = if pdu_id_length == 0 { 6 } else { pdu_id_length };
    let pdu_type = p[4];
    if v == 0 {
        nd.f(format_args!(
            "{sep}{}",
            tok2str(ISIS_PDU_VALUES, "unknown PDU-Type %u", pdu_type.into())
        ));
    } else {
        nd.f(format_args!("{sep}length {length}"));
        nd.f(format_args!(
            "\n\t{}, hlen: {fixed_len}, v: {version}, pdu-v: {pdu_version}, sys-id-len: {id_length} ({pdu_id_length}), max-area: {max_area} ({pdu_max_area})",
            tok2str(ISIS_PDU_VALUES, "unknown, type %u", pdu_type.into())
        ));
        if v > 1 {
            nd.print_unknown_data(p, "\n\t", 8);
        }
    }
    // The fixed header of each PDU type and its size after the common header.
    let hsize: u32 = match pdu_type {
        15 | 16 => 19,
        17 => 12,
        18 | 20 => 19,
        24 | 25 => 25,
        26 | 27 => 9,
        _ => {
            if v == 0 {
                nd.f(format_args!(", length {length}"));
                return Ok(true);
            }
            nd.print_unknown_data_at(p, 8, "\n\t  ", length as usize);
            return Ok(false);
        }
    };
    if u32::from(fixed_len) != 8 + hsize {
        let lead = if matches!(pdu_type, 26 | 27) {
            "-"
        } else {
            ","
        };
        // tcpdump names the LSP header's own size here.
        let should = if matches!(pdu_type, 18 | 20) {
            hsize
        } else {
            8 + hsize
        };
        nd.f(format_args!(
            "{lead} bogus fixed header length {fixed_len} should be {should}"
        ));
        return Ok(false);
    }
    tcheck(p, 8, hsize as usize)?;
    if length < 8 + hsize {
        return Err(Stop::Local);
    }
    if v == 0 {
        match pdu_type {
            15 | 16 => {
                nd.s(", src-id ");
                nd.isis_id(p, 9, 6)?;
                nd.s(", lan-id ");
                nd.isis_id(p, 20, 7)?;
                nd.f(format_args!(", prio {}", p[19]));
            }
            17 => {
                nd.s(", src-id ");
                nd.isis_id(p, 9, 6)?;
            }
            18 | 20 => {
                nd.s(", lsp-id ");
                nd.isis_id(p, 12, 8)?;
                nd.f(format_args!(
                    ", seq 0x{:08x}, lifetime {:5}s",
                    be32(p, 20)?,
                    be16(p, 10)?
                ));
            }
            _ => {
                nd.s(", src-id ");
                nd.isis_id(p, 10, 7)?;
            }
        }
        nd.f(format_args!(", length {length}"));
        return Ok(true);
    }
    let pdu_len_off = if matches!(pdu_type, 15..=17) { 17 } else { 8 };
    let pdu_len = be16(p, pdu_len_off)?;
    if packet_len > pdu_len.into() {
        packet_len = pdu_len.into();
        length = pdu_len.into();
    }
    match pdu_type {
        15 | 16 => {
            nd.s("\n\t  source-id: ");
            nd.isis_id(p, 9, 6)?;
            nd.f(format_args!(
                ",  holding time: {}s, Flags: [{}]",
                be16(p, 15)?,
                tok2str(
                    IIH_CIRCUIT_TYPE_VALUES,
                    "unknown circuit type 0x%02x",
                    p[8].into()
                )
            ));
            nd.s("\n\t  lan-id:    ");
            nd.isis_id(p, 20, 7)?;
            nd.f(format_args!(
                ", Priority: {}, PDU length: {pdu_len}",
                p[19] & 0x7f
            ));
        }
        17 => {
            nd.s("\n\t  source-id: ");
            nd.isis_id(p, 9, 6)?;
            nd.f(format_args!(
                ", holding time: {}s, Flags: [{}]",
                be16(p, 15)?,
                tok2str(
                    IIH_CIRCUIT_TYPE_VALUES,
                    "unknown circuit type 0x%02x",
                    p[8].into()
                )
            ));
            nd.f(format_args!(
                "\n\t  circuit-id: 0x{:02x}, PDU length: {pdu_len}",
                p[19]
            ));
        }
        18 | 20 => {
            let cksum = be16(p, 24)?;
            nd.s("\n\t  lsp-id: ");
            nd.isis_id(p, 12, 8)?;
            nd.f(format_args!(
                ", seq: 0x{:08x}, lifetime: {:5}s\n\t  chksum: 0x{cksum:04x}",
                be32(p, 20)?,
                be16(p, 10)?
            ));
            osi_cksum(nd, tail(p, 12), cksum, 12, length.wrapping_sub(12));
            let tb = p[26];
            nd.f(format_args!(
                ", PDU length: {pdu_len}, Flags: [ {}",
                if tb & 0x4 != 0 {
                    "Overload bit set, "
                } else {
                    ""
                }
            ));
            if tb & 0x78 != 0 {
                for (bit, name) in [
                    (0x8, "default "),
                    (0x10, "delay "),
                    (0x20, "expense "),
                    (0x40, "error "),
                ] {
                    if tb & bit != 0 {
                        nd.s(name);
                    }
                }
                nd.s("ATT bit set, ");
            }
            if tb & 0x80 != 0 {
                nd.s("P bit set, ");
            }
            nd.f(format_args!(
                "{} ]",
                tok2str(LSP_ISTYPE_VALUES, "Unknown(0x%x)", (tb & 3).into())
            ));
        }
        24 | 25 => {
            nd.s("\n\t  source-id:    ");
            nd.isis_id(p, 10, 7)?;
            nd.f(format_args!(", PDU length: {pdu_len}"));
            nd.s("\n\t  start lsp-id: ");
            nd.isis_id(p, 17, 8)?;
            nd.s("\n\t  end lsp-id:   ");
            nd.isis_id(p, 25, 8)?;
        }
        _ => {
            nd.s("\n\t  source-id:    ");
            nd.isis_id(p, 10, 7)?;
            nd.f(format_args!(", PDU length: {pdu_len}"));
        }
    }
    if v > 1 {
        nd.print_unknown_data(tail(p, 8), "\n\t  ", hsize as usize);
    }
    if packet_len < 8 + hsize {
        nd.f(format_args!(
            " [packet length {packet_len} < {}]",
            8 + hsize
        ));
        nd.invalid();
        return Ok(true);
    }
    packet_len -= 8 + hsize;
    let mut q = (8 + hsize) as usize;
    while packet_len > 0 {
        tcheck(p, q, 2)?;
        if packet_len < 2 {
            return Err(Stop::Local);
        }
        let tlv_type = p[q];
        let tlv_len = p[q + 1];
        q += 2;
        packet_len -= 2;
        nd.f(format_args!(
            "\n\t    {} TLV #{tlv_type}, length: {tlv_len}",
            tok2str(ISIS_TLV_VALUES, "unknown", tlv_type.into())
        ));
        if packet_len < tlv_len.into() {
            return Err(Stop::Local);
        }
        if let Tlv::Return(ok) = isis_tlv(nd, p, q, tlv_type, tlv_len, length)? {
            return Ok(ok);
        }
        if v > 1 && !nd.print_unknown_data_at(p, q, "\n\t      ", tlv_len.into()) {
            return Ok(false);
        }
        q += tlv_len as usize;
        packet_len -= u32::from(tlv_len);
    }
    Ok(true)
}

/// One IS-IS TLV's value at `q`; `length` is the PDU's (for the checksum TLV).
fn isis_tlv(nd: &mut Nd<'_>, p: &[u8], q: usize, tlv_type: u8, tlv_len: u8, length: u32) -> R<Tlv> {
    const IDENT: &str = "\n\t      ";
    let mut t = q;
    let mut tlen = tlv_len;
    match tlv_type {
        1 => {
            while tlen != 0 {
                let alen = u8at(p, t)?;
                t += 1;
                tlen -= 1;
                if tlen < alen {
                    break;
                }
                let a = sl(p, t, alen.into())?;
                nd.f(format_args!("\n\t      Area address (length: {alen}): "));
                write_nsap(nd.o, a);
                t += alen as usize;
                tlen -= alen;
            }
        }
        6 => {
            while tlen != 0 {
                if tlen < 6 {
                    break;
                }
                tcheck(p, t, 6)?;
                nd.s("\n\t      SNPA: ");
                nd.isis_id(p, t, 6)?;
                tlen -= 6;
                t += 6;
            }
        }
        7 => {
            if tlen >= 4 {
                let num = (tlen - 2) / 2;
                nd.f(format_args!(
                    "\n\t      Instance ID: {}, ITIDs({num}){} ",
                    be16(p, t)?,
                    if num != 0 { ":" } else { "" }
                ));
                t += 2;
                for i in 0..num {
                    nd.u(be16(p, t)?.into());
                    if i + 1 < num {
                        nd.s(", ");
                    }
                    t += 2;
                }
            }
        }
        8 => {}
        222 | 24 | 22 => {
            if tlv_type == 222 {
                let mt = mtid(nd, p, t, IDENT, tlen)?;
                if mt == 0 {
                    return Err(Stop::Local);
                }
                t += mt as usize;
                tlen -= mt;
            }
            while tlen != 0 {
                let n = ext_is_reach(nd, p, t, IDENT, tlv_type, tlen.into())?;
                if n == 0 {
                    return Err(Stop::Local);
                }
                if u32::from(tlen) < n {
                    nd.f(format_args!(" [remaining tlv length {tlen} < {n}]"));
                    nd.invalid();
                    break;
                }
                tlen -= n as u8;
                t += (n as u8) as usize;
            }
        }
        2 => {
            if tlen >= 1 {
                nd.f(format_args!(
                    "\n\t      {}",
                    tok2str(
                        IS_REACH_VIRTUAL_VALUES,
                        "bogus virtual flag 0x%02x",
                        u8at(p, t)?.into()
                    )
                ));
                t += 1;
                tlen -= 1;
                while tlen != 0 {
                    if tlen < 11 {
                        break;
                    }
                    tcheck(p, t, 11)?;
                    nd.s("\n\t      IS Neighbor: ");
                    nd.isis_id(p, t + 4, 7)?;
                    metric_block(nd, &p[t..t + 4]);
                    tlen -= 11;
                    t += 11;
                }
            }
        }
        3 => {
            while tlen != 0 {
                if tlen < 10 {
                    break;
                }
                tcheck(p, t, 10)?;
                nd.s("\n\t      ES Neighbor: ");
                nd.isis_id(p, t + 4, 6)?;
                metric_block(nd, &p[t..t + 4]);
                tlen -= 10;
                t += 10;
            }
        }
        128 | 130 => {
            if !tlv_ip_reach(nd, p, t, IDENT, tlv_len.into())? {
                return Ok(Tlv::Return(true));
            }
        }
        135 | 235 | 236 | 237 => {
            if matches!(tlv_type, 235 | 237) {
                let mt = mtid(nd, p, t, IDENT, tlen)?;
                if mt == 0 {
                    return Err(Stop::Local);
                }
                t += mt as usize;
                tlen -= mt;
            }
            let v6 = matches!(tlv_type, 236 | 237);
            while tlen != 0 {
                let n = extd_ip_reach(nd, p, t, IDENT, v6)?;
                if n == 0 {
                    return Err(Stop::Local);
                }
                if u32::from(tlen) < n {
                    nd.f(format_args!(" [remaining tlv length {tlen} < {n}]"));
                    nd.invalid();
                    break;
                }
                tlen -= n as u8;
                t += (n as u8) as usize;
            }
        }
        232 => {
            while tlen != 0 {
                if tlen < 16 {
                    break;
                }
                let a = sl(p, t, 16)?;
                nd.s("\n\t      IPv6 interface address: ");
                nd.host6(a);
                t += 16;
                tlen -= 16;
            }
        }
        10 => {
            if tlen >= 1 {
                let auth_type = u8at(p, t)?;
                t += 1;
                tlen -= 1;
                nd.f(format_args!(
                    "\n\t      {}: ",
                    tok2str(
                        AUTH_VALUES,
                        "unknown Authentication type 0x%02x",
                        auth_type.into()
                    )
                ));
                match auth_type {
                    1 => nd.printjnp(tail(p, t), tlen.into())?,
                    54 => {
                        for i in 0..tlen as usize {
                            nd.f(format_args!("{:02x}", u8at(p, t + i)?));
                        }
                        if tlen != 16 {
                            nd.s(", (invalid subTLV) ");
                        }
                        // Without a secret (-M) tcpdump cannot check the signature.
                        nd.s(" (unchecked)");
                    }
                    3 => {
                        if tlen >= 2 {
                            nd.f(format_args!("{}, password: ", be16(p, t)?));
                            t += 2;
                            tlen -= 2;
                            for i in 0..tlen as usize {
                                nd.f(format_args!("{:02x}", u8at(p, t + i)?));
                            }
                        }
                    }
                    _ => {
                        if !nd.print_unknown_data_at(p, t, "\n\t\t  ", tlen.into()) {
                            return Ok(Tlv::Return(false));
                        }
                    }
                }
            }
        }
        240 => {
            if tlen >= 1 {
                let st = u8at(p, t)?;
                nd.f(format_args!(
                    "\n\t      Adjacency State: {} ({st})",
                    tok2str(PTP_ADJACENCY_VALUES, "unknown", st.into())
                ));
                tlen -= 1;
            }
            if tlen > 4 {
                nd.f(format_args!(
                    "\n\t      Extended Local circuit-ID: 0x{:08x}",
                    be32(p, t + 1)?
                ));
                tlen -= 4;
            }
            if tlen >= 6 {
                tcheck(p, t + 5, 6)?;
                nd.s("\n\t      Neighbor System-ID: ");
                nd.isis_id(p, t + 5, 6)?;
                tlen -= 6;
            }
            if tlen >= 4 {
                nd.f(format_args!(
                    "\n\t      Neighbor Extended Local circuit-ID: 0x{:08x}",
                    be32(p, t + 11)?
                ));
            }
        }
        129 => {
            nd.s("\n\t      NLPID(s): ");
            while tlen != 0 {
                let id = u8at(p, t)?;
                nd.f(format_args!(
                    "{} (0x{id:02x})",
                    tok2str(nlpid::VALUES, "unknown", id.into())
                ));
                if tlen > 1 {
                    nd.s(", ");
                }
                t += 1;
                tlen -= 1;
            }
        }
        143 => {
            if tlen >= 2 {
                let v = be16(p, t)?;
                nd.f(format_args!(
                    "\n\t       RES: {}, MTID(s): {}",
                    v >> 12,
                    v & 0x0fff
                ));
                t += 2;
                tlen -= 2;
                if tlen != 0 {
                    mt_port_cap_subtlv(nd, p, t, tlen.into())?;
                }
            }
        }
        144 => {
            if tlen >= 2 {
                let v = be16(p, t)?;
                nd.f(format_args!(
                    "\n\t      O: {}, RES: {}, MTID(s): {}",
                    (v >> 15) & 1,
                    (v >> 12) & 7,
                    v & 0x0fff
                ));
                t += 2;
                tlen -= 2;
                if tlen != 0 {
                    mt_capability_subtlv(nd, p, t, tlen.into())?;
                }
            }
        }
        134 => {
            if tlen >= 4 {
                let a = sl(p, q, 4)?;
                nd.s("\n\t      Traffic Engineering Router ID: ");
                nd.host4(a);
            }
        }
        132 => {
            while tlen != 0 {
                if tlen < 4 {
                    break;
                }
                let a = sl(p, t, 4)?;
                nd.s("\n\t      IPv4 interface address: ");
                nd.host4(a);
                t += 4;
                tlen -= 4;
            }
        }
        137 => {
            nd.s("\n\t      Hostname: ");
            nd.printjnp(tail(p, t), tlen.into())?;
        }
        138 => shared_risk_group(nd, p, t, tlen)?,
        9 => {
            while tlen != 0 {
                if tlen < 16 {
                    break;
                }
                tcheck(p, t + 9, 1)?;
                nd.s("\n\t      lsp-id: ");
                nd.isis_id(p, t + 2, 8)?;
                nd.f(format_args!(", seq: 0x{:08x}", be32(p, t + 10)?));
                nd.f(format_args!(", lifetime: {:5}s", be16(p, t)?));
                nd.f(format_args!(", chksum: 0x{:04x}", be16(p, t + 14)?));
                tlen -= 16;
                t += 16;
            }
        }
        12 => {
            if tlen >= 2 {
                tcheck(p, t, 2)?;
                let ck = be16(p, t)?;
                nd.f(format_args!("\n\t      checksum: 0x{ck:04x} "));
                osi_cksum(nd, p, ck, t, length);
            }
        }
        13 => {
            if tlen >= 1 {
                let n = u8at(p, t)?;
                t += 1;
                tlen -= 1;
                if n == 0 {
                    nd.s(" No system IDs supplied");
                } else if tlen >= 6 {
                    tcheck(p, t, 6)?;
                    nd.s("\n\t      Purge Originator System-ID: ");
                    nd.isis_id(p, t, 6)?;
                    t += 6;
                    tlen -= 6;
                    if n > 1 && tlen >= 6 {
                        tcheck(p, t, 13)?;
                        nd.s("\n\t      Received from System-ID: ");
                        nd.isis_id(p, t, 6)?;
                    }
                }
            }
        }
        229 => {
            while tlen != 0 {
                if tlen == 1 {
                    nd.s("\n\t      invalid MT-ID");
                    break;
                }
                let mt = mtid(nd, p, t, IDENT, tlen)?;
                if mt == 0 {
                    return Err(Stop::Local);
                }
                t += mt as usize;
                tlen -= mt;
            }
        }
        211 => {
            if tlen >= 1 {
                tcheck(p, t, 1)?;
                nd.f(format_args!(
                    "\n\t      Flags [{}]",
                    bittok2str(RESTART_FLAG_VALUES, "none", p[t].into())
                ));
                t += 1;
                tlen -= 1;
                if tlen >= 2 {
                    tcheck(p, t, 2)?;
                    nd.f(format_args!(", Remaining holding time {}s", be16(p, t)?));
                    t += 2;
                    tlen -= 2;
                    if tlen == 6 {
                        tcheck(p, t, 6)?;
                        nd.s(", for ");
                        nd.isis_id(p, t, 6)?;
                    }
                }
            }
        }
        131 => {
            if tlen >= 1 {
                let idrp = u8at(p, t)?;
                nd.f(format_args!(
                    "\n\t      Inter-Domain Information Type: {}",
                    tok2str(IDRP_VALUES, "Unknown (0x%02x)", idrp.into())
                ));
                t += 1;
                tlen -= 1;
                if idrp == 2 {
                    if tlen >= 2 {
                        nd.f(format_args!("AS Number: {}", be16(p, t)?));
                    }
                } else if !nd.print_unknown_data_at(p, t, "\n\t      ", tlen.into()) {
                    return Ok(Tlv::Return(false));
                }
            }
        }
        14 => {
            if tlen >= 2 {
                nd.f(format_args!("\n\t      LSP Buffersize: {}", be16(p, t)?));
            }
        }
        4 => {
            while tlen != 0 {
                if tlen < 6 {
                    break;
                }
                tcheck(p, t, 6)?;
                nd.s("\n\t      ");
                nd.isis_id(p, t, 6)?;
                t += 6;
                tlen -= 6;
            }
        }
        5 => {
            if tlen >= 4 {
                tcheck(p, t, 4)?;
                nd.s("\n\t      Metric Block");
                metric_block(nd, &p[t..t + 4]);
                t += 4;
                tlen -= 4;
                while tlen != 0 {
                    let plen = u8at(p, t)?;
                    t += 1;
                    tlen -= 1;
                    if plen < 2 {
                        nd.f(format_args!("\n\t\tAddress: prefix length {plen} < 2"));
                        break;
                    }
                    if tlen < plen / 2 {
                        break;
                    }
                    let a = sl(p, t, (plen / 2).into())?;
                    nd.s("\n\t\tAddress: ");
                    write_nsap(nd.o, a);
                    nd.f(format_args!("/{}", u32::from(plen) * 4));
                    t += (plen / 2) as usize;
                    tlen -= plen / 2;
                }
            }
        }
        241 => {
            if tlen >= 4 {
                nd.f(format_args!("\n\t      Sequence number: {}", be32(p, t)?));
            }
        }
        242 => {
            if tlen < 5 {
                nd.f(format_args!(" [object length {tlen} < 5]"));
                nd.invalid();
            } else {
                let a = sl(p, t, 4)?;
                nd.s("\n\t      Router-ID ");
                nd.host4(a);
                nd.f(format_args!(
                    ", Flags [{}]",
                    bittok2str(ROUTER_CAPABILITY_FLAGS, "none", u8at(p, t + 4)?.into())
                ));
                if tlen > 5 {
                    router_cap_subtlv(nd, p, t + 5, tlen - 5)?;
                }
            }
        }
        250 => {
            if tlen >= 3 {
                let vendor = be24(p, t)?;
                nd.f(format_args!(
                    "\n\t      Vendor: {} ({vendor})",
                    tok2str(super::oui::OUI_VALUES, "Unknown", vendor)
                ));
                t += 3;
                tlen -= 3;
                if tlen != 0 && !nd.print_unknown_data_at(p, t, "\n\t\t", tlen.into()) {
                    return Ok(Tlv::Return(false));
                }
            }
        }
        _ => {
            if nd.opts.verbose <= 1 && !nd.print_unknown_data_at(p, q, "\n\t\t", tlv_len.into()) {
                return Ok(Tlv::Return(false));
            }
        }
    }
    Ok(Tlv::Next)
}

/// The shared risk link group TLV (138).
fn shared_risk_group(nd: &mut Nd<'_>, p: &[u8], mut t: usize, mut tlen: u8) -> R {
    if tlen < 7 {
        return Ok(());
    }
    tcheck(p, t, 7)?;
    nd.s("\n\t      IS Neighbor: ");
    nd.isis_id(p, t, 7)?;
    t += 7;
    tlen -= 7;
    if tlen < 1 {
        return Ok(());
    }
    nd.f(format_args!(
        ", Flags: [{}]",
        if u8at(p, t)? & 1 != 0 {
            "numbered"
        } else {
            "unnumbered"
        }
    ));
    t += 1;
    tlen -= 1;
    for name in ["interface", "neighbor"] {
        if tlen < 4 {
            return Ok(());
        }
        let a = sl(p, t, 4)?;
        nd.f(format_args!("\n\t      IPv4 {name} address: "));
        nd.host4(a);
        t += 4;
        tlen -= 4;
    }
    while tlen != 0 {
        if tlen < 4 {
            break;
        }
        nd.f(format_args!("\n\t      Link-ID: 0x{:08x}", be32(p, t)?));
        t += 4;
        tlen -= 4;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::print_with;
    use proptest::collection::vec;
    use proptest::num::u8 as pu8;

    /// Packets (link type, flags, length on the wire, bytes) and what tcpdump 4.99.3 prints for
    /// them with `-t`.
    const CASES: &[(i32, &str, u32, &str, &str)] = &[
        // ISIS_external_lsp.pcap #0
        (
            1,
            "-n -v",
            100,
            "0180c2000014c202299800010056fefe0383210100180100000053333333333333000000000000000000ffffffffffffffff093004a022222222222200000000000e5910047b3333333333330000000000101749027a3333333333330200000000047f9f",
            "IS-IS, length 83\n\tL1 CSNP, hlen: 33, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  source-id:    3333.3333.3333.00, PDU length: 83\n\t  start lsp-id: 0000.0000.0000.00-00\n\t  end lsp-id:   ffff.ffff.ffff.ff-ff\n\t    LSP entries TLV #9, length: 48\n\t      lsp-id: 2222.2222.2222.00-00, seq: 0x0000000e, lifetime:  1184s, chksum: 0x5910\n\t      lsp-id: 3333.3333.3333.00-00, seq: 0x00000010, lifetime:  1147s, chksum: 0x1749\n\t      lsp-id: 3333.3333.3333.02-00, seq: 0x00000004, lifetime:   634s, chksum: 0x7f9f",
        ),
        // ISIS_external_lsp.pcap #8
        (
            1,
            "-n -v",
            153,
            "0180c2000014c20129980000008bfefe03831b010012010000008804af22222222222200000000000fb5030101040349000a8101cc890252328404c0a80a0180180a8080800a000a00fffffffc0a808080c0a80a00ffffff00020c000a80808033333333333302823040808080ac100000fffffffc40808080ac100100ffffff0040808080ac100200ffffff0040808080ac100300ffffff00",
            "IS-IS, length 136\n\tL1 LSP, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  lsp-id: 2222.2222.2222.00-00, seq: 0x0000000f, lifetime:  1199s\n\t  chksum: 0xb503 (correct), PDU length: 136, Flags: [ L1 IS ]\n\t    Area address(es) TLV #1, length: 4\n\t      Area address (length: 3): 49.000a\n\t    Protocols supported TLV #129, length: 1\n\t      NLPID(s): IPv4 (0xcc)\n\t    Hostname TLV #137, length: 2\n\t      Hostname: R2\n\t    IPv4 Interface address(es) TLV #132, length: 4\n\t      IPv4 interface address: 192.168.10.1\n\t    IPv4 Internal Reachability TLV #128, length: 24\n\t      IPv4 prefix:       10.0.10.0/30, Distribution: up, Metric: 10, Internal\n\t      IPv4 prefix:    192.168.10.0/24, Distribution: up, Metric: 10, Internal\n\t    IS Reachability TLV #2, length: 12\n\t      IsNotVirtual\n\t      IS Neighbor: 3333.3333.3333.02, Default Metric: 10, Internal\n\t    IPv4 External Reachability TLV #130, length: 48\n\t      IPv4 prefix:      172.16.0.0/30, Distribution: up, Metric: 0, External\n\t      IPv4 prefix:      172.16.1.0/24, Distribution: up, Metric: 0, External\n\t      IPv4 prefix:      172.16.2.0/24, Distribution: up, Metric: 0, External\n\t      IPv4 prefix:      172.16.3.0/24, Distribution: up, Metric: 0, External",
        ),
        // ISIS_external_lsp.pcap #1 cut to 200
        (
            1,
            "-n -v",
            1514,
            "0180c2000014c2022998000105dcfefe03831b01000f01000001333333333333000a05d940333333333333028101cc01040349000a84040a000a01d3030000000606c2012998000008ff000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "IS-IS, length 1497\n\tL1 Lan IIH, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  source-id: 3333.3333.3333,  holding time: 10s, Flags: [Level 1 only]\n\t  lan-id:    3333.3333.3333.02, Priority: 64, PDU length: 1497\n\t    Protocols supported TLV #129, length: 1\n\t      NLPID(s): IPv4 (0xcc)\n\t    Area address(es) TLV #1, length: 4\n\t      Area address (length: 3): 49.000a\n\t    IPv4 Interface address(es) TLV #132, length: 4\n\t      IPv4 interface address: 10.0.10.1\n\t    Restart Signaling TLV #211, length: 3\n\t      Flags [none], Remaining holding time 0s\n\t    IS Neighbor(s) TLV #6, length: 6\n\t      SNPA: c201.2998.0000\n\t    Padding TLV #8, length: 255 [|isis]",
        ),
        // ISIS_level1_adjacency.pcap #8
        (
            1,
            "-n -vv",
            103,
            "0180c2000014c201299800000059fefe03831b010012010000005604af222222222222000000000009630b0101040349000a8101cc890252328404c0a80a0180180a8080800a000a00fffffffc0a808080c0a80a00ffffff00020c000a80808033333333333302",
            "IS-IS, length 86\n\tL1 LSP, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t0x0000:  831b 0100 1201 0000\n\t  lsp-id: 2222.2222.2222.00-00, seq: 0x00000009, lifetime:  1199s\n\t  chksum: 0x630b (correct), PDU length: 86, Flags: [ L1 IS ]\n\t  0x0000:  0056 04af 2222 2222 2222 0000 0000 0009\n\t  0x0010:  630b 01\n\t    Area address(es) TLV #1, length: 4\n\t      Area address (length: 3): 49.000a\n\t      0x0000:  0349 000a\n\t    Protocols supported TLV #129, length: 1\n\t      NLPID(s): IPv4 (0xcc)\n\t      0x0000:  cc\n\t    Hostname TLV #137, length: 2\n\t      Hostname: R2\n\t      0x0000:  5232\n\t    IPv4 Interface address(es) TLV #132, length: 4\n\t      IPv4 interface address: 192.168.10.1\n\t      0x0000:  c0a8 0a01\n\t    IPv4 Internal Reachability TLV #128, length: 24\n\t      IPv4 prefix:       10.0.10.0/30, Distribution: up, Metric: 10, Internal\n\t      IPv4 prefix:    192.168.10.0/24, Distribution: up, Metric: 10, Internal\n\t      0x0000:  0a80 8080 0a00 0a00 ffff fffc 0a80 8080\n\t      0x0010:  c0a8 0a00 ffff ff00\n\t    IS Reachability TLV #2, length: 12\n\t      IsNotVirtual\n\t      IS Neighbor: 3333.3333.3333.02, Default Metric: 10, Internal\n\t      0x0000:  000a 8080 8033 3333 3333 3302",
        ),
        // isis_cap_tlv.pcap #0
        (
            1,
            "-n -v",
            516,
            "0180c200001502060a0efff18100c02e01f2fefe03831b01001401000001ef04ac01920168000100000000000bc074030104034900020e0205d48102cc8e8604c0a800018404c0a800018909766d782d31382d72310222000a808080019201680002023f808080019201680003023f8080800192016800040216b80192016800020200000a5106040a000c01040800000180000000000b204cee6b284cee6b284cee6b284cee6b284cee6b284cee6b284cee6b284cee6b280a044cee6b2809044cee6b28030400000000200b30000192016800020000120192016800030200003f5106040a000d01040800000182000000000b204cee6b284cee6b284cee6b284cee6b284cee6b284cee6b284cee6b284cee6b280a044cee6b2809044cee6b28030400000000200b3000019201680003000010165c0192016800040200003f5106040a000e01040800000183000000000b204cee6b284cee6b284cee6b284cee6b284cee6b284cee6b284cee6b284cee6b280a044cee6b2809044cee6b28030400000000200b3000019201680004000011803c0a8080800a000c00ffffff003f8080800a000d00ffffff003f8080800a000e00ffffff003f808080ac100b00ffffff003f808080c0a80001ffffffff87290000000a180a000c0000003f180a000d0000003f180a000e0000003f18ac100b0000003f20c0a80001f208c0a8000100130100",
            "IS-IS, length 495\n\tL2 LSP, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  lsp-id: 0192.0168.0001.00-00, seq: 0x0000000b, lifetime:  1196s\n\t  chksum: 0xc074 (correct), PDU length: 495, Flags: [ L2 IS ]\n\t    Area address(es) TLV #1, length: 4\n\t      Area address (length: 3): 49.0002\n\t    LSP Buffersize TLV #14, length: 2\n\t      LSP Buffersize: 1492\n\t    Protocols supported TLV #129, length: 2\n\t      NLPID(s): IPv4 (0xcc), IPv6 (0x8e)\n\t    Traffic Engineering Router ID TLV #134, length: 4\n\t      Traffic Engineering Router ID: 192.168.0.1\n\t    IPv4 Interface address(es) TLV #132, length: 4\n\t      IPv4 interface address: 192.168.0.1\n\t    Hostname TLV #137, length: 9\n\t      Hostname: vmx-18-r1\n\t    IS Reachability TLV #2, length: 34\n\t      IsNotVirtual\n\t      IS Neighbor: 0192.0168.0002.02, Default Metric: 10, Internal\n\t      IS Neighbor: 0192.0168.0003.02, Default Metric: 63, Internal\n\t      IS Neighbor: 0192.0168.0004.02, Default Metric: 63, Internal\n\t    Extended IS Reachability TLV #22, length: 184\n\t      IS Neighbor: 0192.0168.0002.02, Metric: 10, sub-TLVs present (81)\n\t        IPv4 interface address subTLV #6, length: 4, 10.0.12.1\n\t        Link Local/Remote Identifier subTLV #4, length: 8, 0x00000180, 0x00000000\n\t        Unreserved bandwidth subTLV #11, length: 32\n\t          TE-Class 0: 1000.000 Mbps\n\t          TE-Class 1: 1000.000 Mbps\n\t          TE-Class 2: 1000.000 Mbps\n\t          TE-Class 3: 1000.000 Mbps\n\t          TE-Class 4: 1000.000 Mbps\n\t          TE-Class 5: 1000.000 Mbps\n\t          TE-Class 6: 1000.000 Mbps\n\t          TE-Class 7: 1000.000 Mbps\n\t        Reservable link bandwidth subTLV #10, length: 4, 1000.000 Mbps\n\t        Maximum link bandwidth subTLV #9, length: 4, 1000.000 Mbps\n\t        Administrative groups subTLV #3, length: 4, 0x00000000\n\t        LAN Adjacency Segment Identifier subTLV #32, length: 11\n\t          Flags: [Value, Local significance]\n\t          Weight: 0\n\t          Neighbor System-ID: 0192.0168.0002\n\t          Label: 18\n\t      IS Neighbor: 0192.0168.0003.02, Metric: 63, sub-TLVs present (81)\n\t        IPv4 interface address subTLV #6, length: 4, 10.0.13.1\n\t        Link Local/Remote Identifier subTLV #4, length: 8, 0x00000182, 0x00000000\n\t        Unreserved bandwidth subTLV #11, length: 32\n\t          TE-Class 0: 1000.000 Mbps\n\t          TE-Class 1: 1000.000 Mbps\n\t          TE-Class 2: 1000.000 Mbps\n\t          TE-Class 3: 1000.000 Mbps\n\t          TE-Class 4: 1000.000 Mbps\n\t          TE-Class 5: 1000.000 Mbps\n\t          TE-Class 6: 1000.000 Mbps\n\t          TE-Class 7: 1000.000 Mbps\n\t        Reservable link bandwidth subTLV #10, length: 4, 1000.000 Mbps\n\t        Maximum link bandwidth subTLV #9, length: 4, 1000.000 Mbps\n\t        Administrative groups subTLV #3, length: 4, 0x00000000\n\t        LAN Adjacency Segment Identifier subTLV #32, length: 11\n\t          Flags: [Value, Local significance]\n\t          Weight: 0\n\t          Neighbor System-ID: 0192.0168.0003\n\t          Label: 16\n\t    Extended IS Reachability TLV #22, length: 92\n\t      IS Neighbor: 0192.0168.0004.02, Metric: 63, sub-TLVs present (81)\n\t        IPv4 interface address subTLV #6, length: 4, 10.0.14.1\n\t        Link Local/Remote Identifier subTLV #4, length: 8, 0x00000183, 0x00000000\n\t        Unreserved bandwidth subTLV #11, length: 32\n\t          TE-Class 0: 1000.000 Mbps\n\t          TE-Class 1: 1000.000 Mbps\n\t          TE-Class 2: 1000.000 Mbps\n\t          TE-Class 3: 1000.000 Mbps\n\t          TE-Class 4: 1000.000 Mbps\n\t          TE-Class 5: 1000.000 Mbps\n\t          TE-Class 6: 1000.000 Mbps\n\t          TE-Class 7: 1000.000 Mbps\n\t        Reservable link bandwidth subTLV #10, length: 4, 1000.000 Mbps\n\t        Maximum link bandwidth subTLV #9, length: 4, 1000.000 Mbps\n\t        Administrative groups subTLV #3, length: 4, 0x00000000\n\t        LAN Adjacency Segment Identifier subTLV #32, length: 11\n\t          Flags: [Value, Local significance]\n\t          Weight: 0\n\t          Neighbor System-ID: 0192.0168.0004\n\t          Label: 17\n\t    IPv4 Internal Reachability TLV #128, length: 60\n\t      IPv4 prefix:       10.0.12.0/24, Distribution: up, Metric: 10, Internal\n\t      IPv4 prefix:       10.0.13.0/24, Distribution: up, Metric: 63, Internal\n\t      IPv4 prefix:       10.0.14.0/24, Distribution: up, Metric: 63, Internal\n\t      IPv4 prefix:     172.16.11.0/24, Distribution: up, Metric: 63, Internal\n\t      IPv4 prefix:     192.168.0.1/32, Distribution: up, Metric: 63, Internal\n\t    Extended IPv4 Reachability TLV #135, length: 41\n\t      IPv4 prefix:       10.0.12.0/24, Distribution: up, Metric: 10\n\t      IPv4 prefix:       10.0.13.0/24, Distribution: up, Metric: 63\n\t      IPv4 prefix:       10.0.14.0/24, Distribution: up, Metric: 63\n\t      IPv4 prefix:     172.16.11.0/24, Distribution: up, Metric: 63\n\t      IPv4 prefix:     192.168.0.1/32, Distribution: up, Metric: 63\n\t    IS-IS Router Capability TLV #242, length: 8\n\t      Router-ID 192.168.0.1, Flags [none]\n\t\tunknown subTLV #19, length: 1\n\t\t0x0000:  00",
        ),
        // isis_iid_tlv.pcap #18
        (
            1,
            "-n -v",
            74,
            "01005e900002020100030000003cfefe0383210100180100000039111111111111000000000000000000ffffffffffffffff070400010000091003fc1111111111110000000000025bec",
            "IS-IS, length 57\n\tL1 CSNP, hlen: 33, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  source-id:    1111.1111.1111.00, PDU length: 57\n\t  start lsp-id: 0000.0000.0000.00-00\n\t  end lsp-id:   ffff.ffff.ffff.ff-ff\n\t    Instance Identifier TLV #7, length: 4\n\t      Instance ID: 1, ITIDs(1): 0\n\t    LSP entries TLV #9, length: 16\n\t      lsp-id: 1111.1111.1111.00-00, seq: 0x00000002, lifetime:  1020s, chksum: 0x5bec",
        ),
        // isis_iid_tlv.pcap #20
        (
            1,
            "-n -v",
            112,
            "01005e9000020201000300000062fefe03831b010012010000005f04af111111111111000000000003f15d030704000100000104034900018101cc160b2222222222220000000a00f20901010101001b02fa008408020202010101010187110000000a20020202010000000a18010101",
            "IS-IS, length 95\n\tL1 LSP, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  lsp-id: 1111.1111.1111.00-00, seq: 0x00000003, lifetime:  1199s\n\t  chksum: 0xf15d (correct), PDU length: 95, Flags: [ L2 IS ]\n\t    Instance Identifier TLV #7, length: 4\n\t      Instance ID: 1, ITIDs(1): 0\n\t    Area address(es) TLV #1, length: 4\n\t      Area address (length: 3): 49.0001\n\t    Protocols supported TLV #129, length: 1\n\t      NLPID(s): IPv4 (0xcc)\n\t    Extended IS Reachability TLV #22, length: 11\n\t      IS Neighbor: 2222.2222.2222.00, Metric: 10, no sub-TLVs present\n\t    IS-IS Router Capability TLV #242, length: 9\n\t      Router-ID 1.1.1.1, Flags [none]\n\t\tunknown subTLV #27, length: 2\n\t\t0x0000:  fa00\n\t    IPv4 Interface address(es) TLV #132, length: 8\n\t      IPv4 interface address: 2.2.2.1\n\t      IPv4 interface address: 1.1.1.1\n\t    Extended IPv4 Reachability TLV #135, length: 17\n\t      IPv4 prefix:         2.2.2.1/32, Distribution: up, Metric: 10\n\t      IPv4 prefix:         1.1.1.0/24, Distribution: up, Metric: 10",
        ),
        // isis_iid_tlv.pcap #20
        (
            1,
            "-n",
            112,
            "01005e9000020201000300000062fefe03831b010012010000005f04af111111111111000000000003f15d030704000100000104034900018101cc160b2222222222220000000a00f20901010101001b02fa008408020202010101010187110000000a20020202010000000a18010101",
            "IS-IS, L1 LSP, lsp-id 1111.1111.1111.00-00, seq 0x00000003, lifetime  1199s, length 95",
        ),
        // isis_sr.pcap #0
        (
            1,
            "-n -v",
            114,
            "0180c20000147ae4ef0d00010064fefe03831b0100120100000061fffe192000000008000000000031c3ad0301040349000281028ecc871b000f42401f0a001b00000f42406007070701080306400000000028160b192168001003000f424000f21007070701000209c00003e80103000fa0",
            "IS-IS, length 97\n\tL1 LSP, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  lsp-id: 1920.0000.0008.00-00, seq: 0x00000031, lifetime: 65534s\n\t  chksum: 0xc3ad (correct), PDU length: 97, Flags: [ L2 IS ]\n\t    Area address(es) TLV #1, length: 4\n\t      Area address (length: 3): 49.0002\n\t    Protocols supported TLV #129, length: 2\n\t      NLPID(s): IPv6 (0x8e), IPv4 (0xcc)\n\t    Extended IPv4 Reachability TLV #135, length: 27\n\t      IPv4 prefix:       10.0.27.0/31, Distribution: up, Metric: 1000000\n\t      IPv4 prefix:         7.7.7.1/32, Distribution: up, Metric: 1000000, sub-TLVs present (8)\n\t        Prefix SID subTLV #3, length: 6, Flags [Node], Algo SPF (0), index 40\n\t    Extended IS Reachability TLV #22, length: 11\n\t      IS Neighbor: 1921.6800.1003.00, Metric: 1000000, no sub-TLVs present\n\t    IS-IS Router Capability TLV #242, length: 16\n\t      Router-ID 7.7.7.1, Flags [none]\n\t\tSR-Capabilities subTLV #2, length: 9, Flags [ipv4, ipv6], Range 1000, SID value 4000",
        ),
        // hoobr_lookup_nsap.pcap #0
        (
            1,
            "-n",
            262144,
            "303030303030303030303030303030303030303030303030303030303030303030303030",
            "30:30:30:30:30:30 > 30:30:30:30:30:30, ethertype Unknown (0x3030), length 262144: \n\t0x0000:  3030 3030 3030 3030 3030 3030 3030 3030  0000000000000000\n\t0x0010:  3030 3030 3030                           000000",
        ),
        // isis-extd-ipreach-oobr.pcap #0 cut to 300
        (
            1,
            "-n -e -vvv",
            65535,
            "09002b0000050800272c251e05d7fefe03831401001101000101888888888888001e05d403f00f0000000005222222222222000000048101c1010e0d000000000000000000000000008f8d000004660049454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545494545454945454549454545",
            "08:00:27:2c:25:1e > 09:00:2b:00:00:05, 802.3, length 1495: LLC, dsap OSI (0xfe) Individual, ssap OSI (0xfe) Command, ctrl 0x03: OSI NLPID IS-IS (0x83): length 1492\n\tp2p IIH, hlen: 20, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 1 (1)\n\t0x0000:  8314 0100 1101 0001\n\t  source-id: 8888.8888.8888, holding time: 30s, Flags: [Level 1 only]\n\t  circuit-id: 0x03, PDU length: 1492\n\t  0x0000:  0188 8888 8888 8800 1e05 d403\n\t    Point-to-point Adjacency State TLV #240, length: 15\n\t      Adjacency State: Up (0)\n\t      Extended Local circuit-ID: 0x00000005\n\t      Neighbor System-ID: 2222.2222.2222\n\t      Neighbor Extended Local circuit-ID: 0x00000004\n\t      0x0000:  0000 0000 0522 2222 2222 2200 0000 04\n\t    Protocols supported TLV #129, length: 1\n\t      NLPID(s): ISIS_SPB (0xc1)\n\t      0x0000:  c1\n\t    Area address(es) TLV #1, length: 14\n\t      Area address (length: 13): 00.0000.0000.0000.0000.0000.0000\n\t      0x0000:  0d00 0000 0000 0000 0000 0000 0000\n\t    Multi-Topology-Aware Port Capability TLV #143, length: 141\n\t       RES: 0, MTID(s): 0\n\t       SPB MCID subTLV #4, length: 102\n\t         MCID: ID: 0, Name: IEEEIEEEIEEEIEEEIEEEIEEEIEEEIEEE\n\t              Lvl: 18757, Digest: 45 45 49 45 45 45 49 45 45 45 49 45 45 45 49 45 \n\t         AUX-MCID: ID: 69, Name: EIEEEIEEEIEEEIEEEIEEEIEEEIEEEIEE\n\t              Lvl: 17737, Digest: 45 45 45 49 45 45 45 49 45 45 45 49 45 45 45 49 \n\t       unknown subTLV #69, length: 69 (> containing TLV length)\n\t      0x0000:  0000 0466 0049 4545 4549 4545 4549 4545\n\t      0x0010:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0020:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0030:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0040:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0050:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0060:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0070:  4549 4545 4549 4545 4549 4545 4549 4545\n\t      0x0080:  4549 4545 4549 4545 4549 4545 45\n\t    unknown TLV #73, length: 69\n\t      0x0000:  4545 4945 4545 4945 4545 4945 4545 4945\n\t      0x0010:  4545 4945 4545 4945 4545 4945 4545 4945\n\t      0x0020:  4545 4945 4545 4945 4545 4945 4545 4945\n\t      0x0030:  4545 4945 4545 4945 4545 4945 4545 4945\n\t      0x0040:  4545 4945 45\n\t    unknown TLV #69, length: 73\n\t      0x0000:  4545 4549 4545 4549 4545 45 [|isis]",
        ),
        // isoclns-heapoverflow.pcap #0
        (
            1,
            "-n -v",
            262144,
            "303030303030303030303030fefe30",
            " [|isoclns]",
        ),
        // isoclns-heapoverflow-3.pcap #0
        (
            1,
            "-n -e",
            262144,
            "3030dafefefefefefefefefefefefe81fc01fefefefe000003e830300100303030303030303030523030",
            "fe:fe:fe:fe:fe:fe > 30:30:da:fe:fe:fe, ethertype OSI (0xfefe), length 262144: OSI NLPID CLNP (0x81): 00 > e8.3030, Echo Request, length 262129",
        ),
        // g6.pcap #0
        (
            1,
            "-n -v",
            65603,
            "0180c200001400112233445508004500ffff00010000402f66cc0a0000010a000002000000fe8211015542534370a1020004ecff000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 65535)\n    10.0.0.1 > 10.0.0.2: GREv0, Flags [none], length 65515\n\tES-IS, length 65511\n\tESH (2), v: 1, checksum: 0x70a1 (incorrect should be 0xfb4e), holding time: 21315s, length indicator: 17\n\t  Number of Source Addresses: 2\n\t  NET (length: 0): isonsap_string: illegal length\n\t  NET (length: 4): ec.ff00.00, bad opts/li",
        ),
        // g6.pcap #1
        (
            1,
            "-n -v",
            65603,
            "0180c200001400112233445508004500ffff00010000402f66cc0a0000010a000002000000fe82110155465305ffff050004ec00000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 65535)\n    10.0.0.1 > 10.0.0.2: GREv0, Flags [none], length 65515\n\tES-IS, length 65511\n\tredirect (6), v: 1, checksum: 0xffff (incorrect should be 0x6b16), holding time: 21253s, length indicator: 17\n\t  00.04ec.0000\n\t  SNPA (length: 0): <empty>, bad opts/li",
        ),
        // g14.pcap #0
        (
            1,
            "-n -v",
            81,
            "0180c200001400112233445508004500004300010000402f66890a0000010a000002000000fe831b010014010000002b00001280920190980000000001e20000030d0701128092020074890550325f7265",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 67)\n    10.0.0.1 > 10.0.0.2: GREv0, Flags [none], length 47\n\tIS-IS, length 43\n\tL2 LSP, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 3 (0)\n\t  lsp-id: 1280.9201.9098.00-00, seq: 0x000001e2, lifetime:     0s\n\t  chksum: 0x0000 (unverified), PDU length: 43, Flags: [ L2 IS ]\n\t    Purge Originator Identifier TLV #13, length: 7\n\t      Purge Originator System-ID: 1280.9202.0074\n\t    Hostname TLV #137, length: 5\n\t      Hostname: P2_re",
        ),
        // g1.pcap #0
        (
            1,
            "-n -v",
            262000,
            "0180c200001400112233445508004500ffff00010000402f66cc0a0000010a000002000000fe831b010010019de000fed0f90f58af84ff10004101050088a20100020c072205831b010010019de000fe0305f520202020202020202020202020202d202020202020202020202020202003e820202020202020202020202020202020207f0020202020262020202020202020202020208f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f03f38f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 65535)\n    10.0.0.1 > 10.0.0.2: GREv0, Flags [none], length 65515\n\tIS-IS, length 65511\n\tL2 Lan IIH, hlen: 27, v: 1, pdu-v: 1, sys-id-len: 6 (0), max-area: 224 (224)\n\t  source-id: fed0.f90f.58af,  holding time: 34047s, Flags: [unknown circuit type 0x00]\n\t  lan-id:    0105.0088.a201.00, Priority: 65, PDU length: 4096\n\t    IS Reachability TLV #2, length: 12\n\t      bogus virtual flag 0x07\n\t      IS Neighbor: 0100.1001.9de0.00, Default Metric: 34, Internal\n\t\t  Delay Metric: 5, Internal\n\t\t  Error Metric: 27, Internal\n\t    unknown TLV #254, length: 3\n\t\t0x0000:  05f5 20\n\t    unknown TLV #32, length: 32\n\t\t0x0000:  2020 2020 2020 2020 2020 202d 2020 2020\n\t\t0x0010:  2020 2020 2020 2020 2020 03e8 2020 2020\n\t    unknown TLV #32, length: 32\n\t\t0x0000:  2020 2020 2020 2020 2020 207f 0020 2020\n\t\t0x0010:  2026 2020 2020 2020 2020 2020 2020 8f8f\n\t    Multi-Topology-Aware Port Capability TLV #143, length: 143\n\t       RES: 8, MTID(s): 3983\n\t       unknown subTLV #143, length: 143 (> containing TLV length)\n\t    Multi-Topology-Aware Port Capability TLV #143, length: 143\n\t       RES: 8, MTID(s): 3983\n\t       unknown subTLV #143, length: 143 (> containing TLV length) [|isis]",
        ),
        // g9.pcap #0
        (
            1,
            "-n -vv",
            65603,
            "0180c200001400112233445508004500ffff00010000402f66cc0a0000010a000002000000fe8211015542534370a1020004ecff000000",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto GRE (47), length 65535)\n    10.0.0.1 > 10.0.0.2: GREv0, Flags [none], length 65515\n\tES-IS, length 65511\n\tESH (2), v: 1, checksum: 0x70a1 (incorrect should be 0xfb4e), holding time: 21315s, length indicator: 17\n\t0x0000:  8211 0155 4253 4370 a1\n\t  Number of Source Addresses: 2\n\t  NET (length: 0): isonsap_string: illegal length\n\t  NET (length: 4): ec.ff00.00, bad opts/li",
        ),
        // built #187
        (
            1,
            "-n -v",
            69,
            "09002b0000050001020304050037fefe03810c01eb1fc110000001cd008127026d1eea1e12341500010280803c800001800200000000002519cd7480070202060101020000",
            "CLNP, length 52\n\tEcho Response PDU, hlen: 12, v: 1, lifetime: 117.5s, Segment PDU length: 49424, checksum: 0x0000 (unverified)\n\tFlags [none]\n\tsource address (length 0): isonsap_string: illegal length\n\tdest   address (length 1): cd\n\t-----original packet-----\n\tCLNPversion 2 packet not supported",
        ),
        // built #58
        (
            1,
            "-n -v",
            52,
            "09002b0000050001020304050026fefe03811c01559e77f712340007ff80ff00009e0173000002ffbfc80200c800000100ffffa4",
            "CLNP, length 35\n\tEcho Request PDU, hlen: 28, v: 1, lifetime: 42.5s, Segment PDU length: 30711, checksum: 0x1234 (incorrect should be 0x2ae3)\n\tFlags [Segmentation permitted]\n\tsource address (length 7): ff.80ff.0000.9e01\n\tdest   address (length 0): isonsap_string: illegal length\n\tData Unit ID: 0x7300, Segment Offset: 2, Total PDU Length: 65471\n\t  Source Routing Option #200, length 2, value: partial source routing Bad NSAP offset (past end of option)\n\t  undecoded non-header data, length 7\n\t  0x0000:  0000 0100 ffff a4",
        ),
        // built #313
        (
            1,
            "-n -v",
            65,
            "09002b0000050001020304050033fefe038129011f016be7000014004d8056008f0069ff02ffff010180ff8080ff010701ff80ffff0280c101a10000ff02008002",
            "CLNP, length 48\n\tError Report PDU, hlen: 41, v: 1, lifetime: 15.5s, Segment PDU length: 27623, checksum: 0x0000 (unverified)\n\tFlags [none]\n\tsource address (length 7): 01.ff80.ffff.0280\n\tdest   address (length 20): 00.4d80.5600.8f00.69ff.02ff.ff01.0180.ff80.80ff.01\n\t  Discard Reason Option #193, length 1, value: \n\t    Class: Lifetime Error (0xa), Lifetime expired during reassembly (0x1)\n\t  undecoded non-header data, length 7\n\t  0x0000:  0000 ff02 0080 02",
        ),
        // built #287
        (
            1,
            "-n -v",
            197,
            "09002b00000500010203040500b7fefe038112015b01da6412340380005d0102c301d5813402873f13df0000140000007f00003c800000fffff10202f10200ff02150180bf80010000000102020164ff026300008000008136014a2129aa123401611501ffff8080028001ff00010080008000ff00013080c81000020dff80020201ff0002ff02f18080c101a1813401aa01927f1234148001020080ff000070ff02ff016e0200010101021502ff02ff00000180ffee00ffff80028080ff80ffa380150000",
            "CLNP, length 180\n\tError Report PDU, hlen: 18, v: 1, lifetime: 45.5s, Segment PDU length: 55908, checksum: 0x1234 (incorrect should be 0xba96)\n\tFlags [none]\n\tsource address (length 1): 02\n\tdest   address (length 3): 80.005d\n\t  QoS Maintenance Option #195, length 1, value: \n\t    Format Code: Globally unique\n\t    QoS Flags [sequencing vs. delay, delay vs. cost, error vs. cost]\n\t-----original packet-----\n\tCLNPversion 2 packet not supported",
        ),
        // built #484
        (
            1,
            "-n -v",
            34,
            "09002b0000050001020304050014fefe038211010004e6fb12340300ffffc6020102",
            "ES-IS, length 17\n\tISH (4), v: 1, checksum: 0x1234 (incorrect should be 0xb9fb), holding time: 59131s, length indicator: 17\n\t  NET (length: 3): 00.ffff\n\t  ES Configuration Time Option #198, length 2, value: 258s",
        ),
        // built #109
        (
            1,
            "-n -v",
            33,
            "09002b0000050001020304050013fefe0382100100046bd6123403ff0002810102",
            "ES-IS, length 16\n\tISH (4), v: 1, checksum: 0x1234 (incorrect should be 0x1c80), holding time: 27606s, length indicator: 16\n\t  NET (length: 3): ff.0002\n\t  Protocols supported Option #129, length 1, value: unknown (0x02)",
        ),
        // built #454
        (
            1,
            "-n -v",
            55,
            "09002b0000050001020304050029fefe038226010006ec8d123407028002a800ffff060002808000000dff00ffff000280ff0180010200",
            "ES-IS, length 38\n\tredirect (6), v: 1, checksum: 0x1234 (incorrect should be 0x9be8), holding time: 60557s, length indicator: 38\n\t  02.8002.a800.ffff\n\t  SNPA (length: 6): 00:02:80:80:00:00\n\t  NET (length: 13) ff.00ff.ff00.0280.ff01.8001.0200, bad opts/li",
        ),
        // built #102
        (
            1,
            "-n -v",
            27,
            "09002b000005000102030405000dfefe03820a0100040a39000000",
            "ES-IS length indicator 10 < min PDU size:820A0100040A39000000",
        ),
        // built #365
        (
            1,
            "-n -v",
            35,
            "09002b0000050001020304050015fefe03821201000668c10000030002ff0003ff00ff",
            "ES-IS, length 18\n\tredirect (6), v: 1, checksum: 0x0000 (unverified), holding time: 26817s, length indicator: 18\n\t  00.02ff\n\t  SNPA (length: 0): <empty>\n\t  NET (length: 3) ff.00ff, bad opts/li",
        ),
        // built #405
        (
            1,
            "-n -vv",
            32,
            "09002b0000050001020304050012fefe03820f010004330812340300ff01c500",
            "ES-IS, length 15\n\tISH (4), v: 1, checksum: 0x1234 (incorrect should be 0xa6bd), holding time: 13064s, length indicator: 15\n\t0x0000:  820f 0100 0433 0812 34\n\t  NET (length: 3): 00.ff01\n\t  Security Option #197, length 0, value: ",
        ),
        // built #281
        (
            1,
            "-n",
            88,
            "09002b000005000102030405004afefe03810f01f71f55ab123401000102cb008134025301179f0000150209000280ff850101000000ff018002fc000000021480020000ff0202018001ce02010001000bffff0200028080",
            "CLNP, 02 > 00, Echo Response, length 71",
        ),
        // built #9
        (
            1,
            "-n",
            48,
            "09002b0000050001020304050022fefe03821f0100029f99000002070102ff008000000700000102808001c50103c300",
            "ES-IS, ESH, length 31",
        ),
        // built #14
        (
            1,
            "-n -e",
            55,
            "09002b0000050001020304050029fefe038105011b",
            "00:01:02:03:04:05 > 09:00:2b:00:00:05, 802.3, length 41: LLC, dsap OSI (0xfe) Individual, ssap OSI (0xfe) Command, ctrl 0x03: OSI NLPID CLNP (0x81):  [|clnp]",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 17);

    proptest::proptest! {
        #[test]
        fn random_pdus_never_panic(body in vec(pu8::ANY, 0..300), nlpid in 0usize..4,
                                   pdu_type in 0u8..32, v in 0u8..4, e: bool) {
            // A plausible fixed header first (IS-IS, CLNP or ES-IS), then random bytes.
            let mut pdu = match nlpid {
                0 => vec![0x83, 27, 1, 0, pdu_type, 1, 0, 0],
                1 => vec![0x81, body.len().min(250) as u8, 1, 0x20, pdu_type, 0, 60, 0, 0],
                2 => vec![0x82, body.len().min(250) as u8, 1, 0, pdu_type, 0, 30, 0, 0],
                _ => vec![pdu_type],
            };
            pdu.extend_from_slice(&body);
            // Over 802.2 LLC on Ethernet and over GRE.
            let mut frame = vec![0x01, 0x80, 0xc2, 0, 0, 0x14, 0, 1, 2, 3, 4, 5];
            frame.extend_from_slice(&((pdu.len() + 3) as u16).to_be_bytes());
            frame.extend_from_slice(&[0xfe, 0xfe, 0x03]);
            frame.extend_from_slice(&pdu);
            print_with(1, &frame, v, e, false);
            let mut gre = vec![0, 0, 0, 0xfe];
            gre.extend_from_slice(&pdu);
            print_with(228, &crate::test_pkt::ipv4(47, &gre), v, e, false);
        }
    }
}
