//! OSPFv2, as tcpdump's print-ospf.c: the packet header and authentication, hellos, database
//! descriptions, LS requests, updates and acks with every LSA type (router, network, summary,
//! external, NSSA, group, opaque: TE, grace, router information), and the link-local signaling
//! trailer. The TE and grace LSA decoders serve OSPFv3 too.
use super::util::{Tok, bittok2str, tok2str};
use super::{Nd, Res, Trunc, be16, be24, be32, has, sl, tail, u8at};

const OPTION_VALUES: &Tok = &[
    (0x01, "MultiTopology"),
    (0x02, "External"),
    (0x04, "Multicast"),
    (0x08, "NSSA"),
    (0x10, "LLS"),
    (0x20, "Demand Circuit"),
    (0x40, "Opaque"),
    (0x80, "Up/Down"),
];

const AUTHTYPE_VALUES: &Tok = &[(0, "none"), (1, "simple"), (2, "MD5")];

const RLA_FLAG_VALUES: &Tok = &[
    (0x01, "ABR"),
    (0x02, "ASBR"),
    (0x04, "Virtual"),
    (0x08, "Wildcard"),
    (0x10, "Nt"),
    (0x80, "Host"),
];

const TYPE_VALUES: &Tok = &[
    (1, "Hello"),
    (2, "Database Description"),
    (3, "LS-Request"),
    (4, "LS-Update"),
    (5, "LS-Ack"),
];

const LSA_VALUES: &Tok = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Summary"),
    (4, "ASBR Summary"),
    (5, "External"),
    (6, "Multicast Group"),
    (7, "NSSA"),
    (9, "Link Local Opaque"),
    (10, "Area Local Opaque"),
    (11, "Domain Wide Opaque"),
];

const DD_FLAG_VALUES: &Tok = &[(0x04, "Init"), (0x02, "More"), (0x01, "Master"), (0x08, "OOBResync")];

const LSA_OPAQUE_VALUES: &Tok = &[
    (1, "Traffic Engineering"),
    (3, "Graceful restart"),
    (4, "Router Information"),
];

const TE_TLV_VALUES: &Tok = &[(1, "Router Address"), (2, "Link")];

const TE_LINK_SUBTLV_VALUES: &Tok = &[
    (1, "Link Type"),
    (2, "Link ID"),
    (3, "Local Interface IP address"),
    (4, "Remote Interface IP address"),
    (5, "Traffic Engineering Metric"),
    (6, "Maximum Bandwidth"),
    (7, "Maximum Reservable Bandwidth"),
    (8, "Unreserved Bandwidth"),
    (9, "Administrative Group"),
    (11, "Link Local/Remote Identifier"),
    (14, "Link Protection Type"),
    (15, "Interface Switching Capability"),
    (16, "Shared Risk Link Group"),
    (17, "Bandwidth Constraints"),
];

const GRACE_TLV_VALUES: &Tok = &[
    (1, "Grace Period"),
    (2, "Graceful restart Reason"),
    (3, "IPv4 interface address"),
];

const GRACE_TLV_REASON_VALUES: &Tok = &[
    (0, "Unknown"),
    (1, "Software Restart"),
    (2, "Software Reload/Upgrade"),
    (3, "Control Processor Switch"),
];

const TE_LINK_TYPE_VALUES: &Tok = &[(1, "Point-to-point"), (2, "Multi-Access")];

const RI_TLV_VALUES: &Tok = &[(1, "Router Capabilities")];

const RI_TLV_CAP_VALUES: &Tok = &[
    (1, "Reserved"),
    (2, "Reserved"),
    (4, "Reserved"),
    (8, "Reserved"),
    (16, "graceful restart capable"),
    (32, "graceful restart helper"),
    (64, "Stub router support"),
    (128, "Traffic engineering"),
    (256, "p2p over LAN"),
    (512, "path computation server"),
];

const LLS_TLV_VALUES: &Tok = &[(1, "Extended Options"), (2, "MD5 Authentication")];

const LLS_EO_OPTIONS: &Tok = &[(1, "LSDB resync"), (2, "Restart")];

const TOPOLOGY_VALUES: &Tok = &[(0, "default"), (1, "multicast"), (2, "management")];

/// GMPLS link protection types (tcpdump's gmpls.c, RFC 3471).
const GMPLS_LINK_PROT_VALUES: &Tok = &[
    (0x01, "Extra Traffic"),
    (0x02, "Unprotected"),
    (0x04, "Shared"),
    (0x08, "Dedicated 1:1"),
    (0x10, "Dedicated 1+1"),
    (0x20, "Enhanced"),
    (0x40, "Reserved"),
    (0x80, "Reserved"),
];

/// GMPLS switching capabilities (RFC 3471).
const GMPLS_SWITCH_CAP_VALUES: &Tok = &[
    (1, "Packet-Switch Capable-1"),
    (2, "Packet-Switch Capable-2"),
    (3, "Packet-Switch Capable-3"),
    (4, "Packet-Switch Capable-4"),
    (51, "Layer-2 Switch Capable"),
    (100, "Time-Division-Multiplex"),
    (150, "Lambda-Switch Capable"),
    (200, "Fiber-Switch Capable"),
];

/// GMPLS LSP encodings (RFC 3471).
const GMPLS_ENCODING_VALUES: &Tok = &[
    (1, "Packet"),
    (2, "Ethernet V2/DIX"),
    (3, "ANSI/ETSI PDH"),
    (4, "Reserved"),
    (5, "SDH ITU-T G.707/SONET ANSI T1.105"),
    (6, "Reserved"),
    (7, "Digital Wrapper"),
    (8, "Lambda (photonic)"),
    (9, "Fiber"),
    (10, "Reserved"),
    (11, "FiberChannel"),
];

/// Diffserv-TE bandwidth constraint models.
const DIFFSERV_TE_BC_VALUES: &Tok = &[
    (0, "Russian dolls"),
    (1, "Maximum allocation"),
    (254, "Maximum allocation with E-LSP support"),
];

/// printf's `%.3f` of a bandwidth in bytes per second (an IEEE float) as Mbps.
fn write_mbps(nd: &mut Nd<'_>, bits: u32) {
    let v = f64::from(f32::from_bits(bits) * 8.0 / 1_000_000.0);
    if v.is_nan() {
        nd.s(if v.is_sign_negative() { "-nan" } else { "nan" });
    } else if v.is_infinite() {
        nd.s(if v < 0.0 { "-inf" } else { "inf" });
    } else {
        nd.f(format_args!("{v:.3}"));
    }
    nd.s(" Mbps");
}

/// Pads a TLV length to 32 bits, as OSPF aligns everything.
fn pad4(n: usize) -> usize {
    n.next_multiple_of(4)
}

/// The TLVs of a grace LSA (RFC 3623) at `t` of `p`; false where tcpdump's decoder gives up
/// (quietly on a truncation).
pub(crate) fn grace_lsa(nd: &mut Nd<'_>, p: &[u8], mut t: usize, ls_length: usize) -> Res<bool> {
    // tcpdump's count is 32 bits and may wrap below (the padding of the last TLV), walking on
    // past the LSA until the captured data ends.
    let mut ls_length = ls_length as u32;
    while ls_length > 0 {
        if !has(p, t, 4) {
            return Ok(false);
        }
        if ls_length < 4 {
            nd.f(format_args!("\n\t    Remaining LS length {ls_length} < 4"));
            return Ok(false);
        }
        let tlv_type = be16(p, t)?;
        let tlv_length = be16(p, t + 2)? as usize;
        t += 4;
        ls_length -= 4;
        nd.f(format_args!(
            "\n\t    {} TLV ({tlv_type}), length {tlv_length}, value: ",
            tok2str(GRACE_TLV_VALUES, "unknown", tlv_type.into())
        ));
        if tlv_length as u32 > ls_length {
            nd.f(format_args!("\n\t    Bogus length {tlv_length} > {ls_length}"));
            return Ok(false);
        }
        if tlv_type == 0 || tlv_length == 0 {
            return Ok(false);
        }
        if !has(p, t, tlv_length) {
            return Ok(false);
        }
        match tlv_type {
            1 => {
                if tlv_length != 4 {
                    nd.f(format_args!("\n\t    Bogus length {tlv_length} != 4"));
                    return Ok(false);
                }
                nd.f(format_args!("{}s", be32(p, t)?));
            }
            2 => {
                if tlv_length != 1 {
                    nd.f(format_args!("\n\t    Bogus length {tlv_length} != 1"));
                    return Ok(false);
                }
                let r = p[t];
                nd.f(format_args!(
                    "{} ({r})",
                    tok2str(GRACE_TLV_REASON_VALUES, "Unknown", r.into())
                ));
            }
            3 => {
                if tlv_length != 4 {
                    nd.f(format_args!("\n\t    Bogus length {tlv_length} != 4"));
                    return Ok(false);
                }
                nd.host4(&p[t..t + 4]);
            }
            _ => {
                if nd.opts.verbose <= 1
                    && !nd.print_unknown_data_at(p, t, "\n\t      ", tlv_length)
                {
                    return Ok(false);
                }
            }
        }
        let padded = pad4(tlv_length);
        ls_length = ls_length.wrapping_sub(padded as u32);
        t += padded;
    }
    Ok(true)
}

/// The TLVs of a traffic engineering LSA (RFC 3630) at `t` of `p`; false where tcpdump's
/// decoder gives up.
pub(crate) fn te_lsa(nd: &mut Nd<'_>, p: &[u8], mut t: usize, mut ls_length: usize) -> Res<bool> {
    while ls_length != 0 {
        if !has(p, t, 4) {
            return Ok(false);
        }
        if ls_length < 4 {
            nd.f(format_args!("\n\t    Remaining LS length {ls_length} < 4"));
            return Ok(false);
        }
        let tlv_type = be16(p, t)?;
        let mut tlv_length = be16(p, t + 2)? as usize;
        t += 4;
        ls_length -= 4;
        nd.f(format_args!(
            "\n\t    {} TLV ({tlv_type}), length: {tlv_length}",
            tok2str(TE_TLV_VALUES, "unknown", tlv_type.into())
        ));
        if tlv_length > ls_length {
            nd.f(format_args!("\n\t    Bogus length {tlv_length} > {ls_length}"));
            return Ok(false);
        }
        if tlv_type == 0 || tlv_length == 0 {
            return Ok(false);
        }
        match tlv_type {
            2 => {
                while tlv_length != 0 {
                    if tlv_length < 4 {
                        nd.f(format_args!("\n\t    Remaining TLV length {tlv_length} < 4"));
                        return Ok(false);
                    }
                    let st = be16(p, t)?;
                    let mut sl_ = be16(p, t + 2)? as usize;
                    t += 4;
                    tlv_length -= 4;
                    if st == 0 || sl_ == 0 {
                        nd.invalid();
                        return Ok(false);
                    }
                    nd.f(format_args!(
                        "\n\t      {} subTLV ({st}), length: {sl_}",
                        tok2str(TE_LINK_SUBTLV_VALUES, "unknown", st.into())
                    ));
                    if tlv_length < sl_ {
                        nd.f(format_args!(
                            "\n\t    Remaining TLV length {} < {}",
                            tlv_length + 4,
                            sl_ + 4
                        ));
                        return Ok(false);
                    }
                    if !has(p, t, sl_) {
                        return Ok(false);
                    }
                    match te_link_subtlv(nd, p, &mut t, st, sl_)? {
                        Sub::Done => {}
                        Sub::Invalid => {
                            nd.invalid();
                            return Ok(false);
                        }
                        Sub::Stop => return Ok(false),
                    }
                    sl_ = pad4(sl_);
                    if tlv_length < sl_ {
                        nd.f(format_args!(
                            "\n\t    Remaining TLV length {} < {}",
                            tlv_length + 4,
                            sl_ + 4
                        ));
                        return Ok(false);
                    }
                    tlv_length -= sl_;
                    t += sl_;
                }
            }
            1 => {
                if tlv_length < 4 {
                    nd.f(format_args!("\n\t    TLV length {tlv_length} < 4"));
                    return Ok(false);
                }
                let a = sl(p, t, 4)?;
                nd.s(", ");
                nd.host4(a);
            }
            _ => {
                if nd.opts.verbose <= 1
                    && !nd.print_unknown_data_at(p, t, "\n\t      ", tlv_length)
                {
                    return Ok(false);
                }
            }
        }
        tlv_length = pad4(tlv_length);
        if tlv_length > ls_length {
            nd.f(format_args!(
                "\n\t    Bogus padded length {tlv_length} > {ls_length}"
            ));
            return Ok(false);
        }
        ls_length -= tlv_length;
        t += tlv_length;
    }
    Ok(true)
}

/// How a TE link sub-TLV went.
enum Sub {
    Done,
    /// Invalid (after saying why): the TE LSA ends with tcpdump's invalid mark.
    Invalid,
    /// The TE LSA ends quietly.
    Stop,
}

/// One sub-TLV of a TE link TLV (its bytes were captured). The shared risk group steps `t`
/// over its values, as tcpdump does (and then over the whole sub-TLV again).
fn te_link_subtlv(nd: &mut Nd<'_>, p: &[u8], t: &mut usize, st: u16, len: usize) -> Res<Sub> {
    let at = *t;
    match st {
        9 => {
            if len != 4 {
                nd.s(" != 4");
                return Ok(Sub::Invalid);
            }
            nd.f(format_args!(", 0x{:08x}", be32(p, at)?));
        }
        2 | 11 => {
            if len != 4 && len != 8 {
                nd.s(" != 4 && != 8");
                return Ok(Sub::Invalid);
            }
            for off in (0..len).step_by(4) {
                nd.s(", ");
                nd.host4(&p[at + off..at + off + 4]);
                nd.f(format_args!(" (0x{:08x})", be32(p, at + off)?));
            }
        }
        3 | 4 => {
            if len != 4 {
                nd.s(" != 4");
                return Ok(Sub::Invalid);
            }
            nd.s(", ");
            nd.host4(&p[at..at + 4]);
        }
        6 | 7 => {
            if len != 4 {
                nd.s(" != 4");
                return Ok(Sub::Invalid);
            }
            nd.s(", ");
            write_mbps(nd, be32(p, at)?);
        }
        8 => {
            if len != 32 {
                nd.s(" != 32");
                return Ok(Sub::Invalid);
            }
            for class in 0..8 {
                nd.f(format_args!("\n\t\tTE-Class {class}: "));
                write_mbps(nd, be32(p, at + class * 4)?);
            }
        }
        17 => {
            if len < 4 {
                nd.s(" < 4");
                return Ok(Sub::Invalid);
            }
            let model = p[at];
            nd.f(format_args!(
                "\n\t\tBandwidth Constraints Model ID: {} ({model})",
                tok2str(DIFFSERV_TE_BC_VALUES, "unknown", model.into())
            ));
            if len % 4 != 0 {
                nd.f(format_args!("\n\t\tlength {len} != N x 4"));
                return Ok(Sub::Invalid);
            }
            if len > 36 {
                nd.f(format_args!("\n\t\tlength {len} > 36"));
                return Ok(Sub::Invalid);
            }
            for class in 0..(len - 4) / 4 {
                nd.f(format_args!("\n\t\t  Bandwidth constraint CT{class}: "));
                write_mbps(nd, be32(p, at + 4 + class * 4)?);
            }
        }
        5 => {
            if len != 4 {
                nd.s(" != 4");
                return Ok(Sub::Invalid);
            }
            nd.f(format_args!(", Metric {}", be32(p, at)?));
        }
        14 => {
            if len != 4 {
                nd.s(" != 4");
                return Ok(Sub::Invalid);
            }
            nd.f(format_args!(
                ", {}",
                bittok2str(GMPLS_LINK_PROT_VALUES, "none", p[at].into())
            ));
        }
        15 => {
            if len < 36 {
                nd.s(" < 36");
                return Ok(Sub::Invalid);
            }
            nd.f(format_args!(
                "\n\t\tInterface Switching Capability: {}",
                tok2str(GMPLS_SWITCH_CAP_VALUES, "Unknown", p[at].into())
            ));
            nd.f(format_args!(
                "\n\t\tLSP Encoding: {}\n\t\tMax LSP Bandwidth:",
                tok2str(GMPLS_ENCODING_VALUES, "Unknown", p[at + 1].into())
            ));
            for level in 0..8 {
                nd.f(format_args!("\n\t\t  priority level {level}: "));
                write_mbps(nd, be32(p, at + 4 + level * 4)?);
            }
        }
        1 => {
            if len != 1 {
                nd.s(" != 1");
                return Ok(Sub::Invalid);
            }
            let v = p[at];
            nd.f(format_args!(
                ", {} ({v})",
                tok2str(TE_LINK_TYPE_VALUES, "unknown", v.into())
            ));
        }
        16 => {
            if len % 4 != 0 {
                nd.s(" != N x 4");
                return Ok(Sub::Invalid);
            }
            let count = len / 4;
            if count != 0 {
                nd.s("\n\t\t  Shared risk group: ");
            }
            for i in 0..count {
                nd.u(be32(p, *t)?.into());
                *t += 4;
                if i + 1 < count {
                    nd.s(", ");
                }
            }
        }
        _ => {
            if nd.opts.verbose <= 1 && !nd.print_unknown_data_at(p, at, "\n\t\t", len) {
                return Ok(Sub::Stop);
            }
        }
    }
    Ok(Sub::Done)
}

/// An LSA header at `h`; the LSA's length, or None (after saying so) when it is shorter than
/// the header.
fn lshdr(nd: &mut Nd<'_>, p: &[u8], h: usize) -> Res<Option<usize>> {
    let ls_length = be16(p, h + 18)? as usize;
    if ls_length < 20 {
        nd.f(format_args!(
            "\n\t    Bogus length {ls_length} < header (20)"
        ));
        return Ok(None);
    }
    let router = sl(p, h + 8, 4)?;
    let (seq, age) = (be32(p, h + 12)?, be16(p, h)?);
    nd.s("\n\t  Advertising Router ");
    nd.host4(router);
    nd.f(format_args!(
        ", seq 0x{seq:08x}, age {age}s, length {}",
        ls_length - 20
    ));
    let ls_type = u8at(p, h + 3)?;
    match ls_type {
        9..=11 => {
            let ot = u8at(p, h + 4)?;
            let oid = be24(p, h + 5)?;
            nd.f(format_args!(
                "\n\t    {} LSA ({ls_type}), Opaque-Type {} LSA ({ot}), Opaque-ID {oid}",
                tok2str(LSA_VALUES, "unknown", ls_type.into()),
                tok2str(LSA_OPAQUE_VALUES, "unknown", ot.into())
            ));
        }
        _ => {
            let id = sl(p, h + 4, 4)?;
            nd.f(format_args!(
                "\n\t    {} LSA ({ls_type}), LSA-ID: ",
                tok2str(LSA_VALUES, "unknown", ls_type.into())
            ));
            nd.host4(id);
        }
    }
    nd.f(format_args!(
        "\n\t    Options: [{}]",
        bittok2str(OPTION_VALUES, "none", u8at(p, h + 2)?.into())
    ));
    Ok(Some(ls_length))
}

/// `\n\t<lead><addr>`, the address read first.
fn addr_line(nd: &mut Nd<'_>, lead: &str, p: &[u8], off: usize) -> Res {
    let a = sl(p, off, 4)?;
    nd.s(lead);
    nd.host4(a);
    Ok(())
}

/// One LSA at `l`; returns where the next one starts. A truncation ends the whole packet, as
/// tcpdump's does.
fn lsa(nd: &mut Nd<'_>, p: &[u8], l: usize) -> Res<usize> {
    let Some(ls_length) = lshdr(nd, p, l)? else {
        return Err(Trunc);
    };
    let ls_end = l + ls_length;
    let ls_length = ls_length - 20;
    let b = l + 20;
    let check = |off: usize, n: usize| if has(p, off, n) { Ok(()) } else { Err(Trunc) };
    match u8at(p, l + 3)? {
        1 => {
            nd.f(format_args!(
                "\n\t    Router LSA Options: [{}]",
                bittok2str(RLA_FLAG_VALUES, "none", u8at(p, b)?.into())
            ));
            let count = be16(p, b + 2)?;
            check(b + 4, 12)?;
            let mut r = b + 4;
            for _ in 0..count {
                check(r, 12)?;
                let lead = match p[r + 8] {
                    4 => "\n\t      Virtual Link: Neighbor Router-ID: ",
                    1 => "\n\t      Neighbor Router-ID: ",
                    2 => "\n\t      Neighbor Network-ID: ",
                    3 => "\n\t      Stub Network: ",
                    t => {
                        nd.f(format_args!("\n\t      Unknown Router Link Type ({t})"));
                        return Ok(ls_end);
                    }
                };
                nd.s(lead);
                nd.host4(&p[r..r + 4]);
                nd.s(if p[r + 8] == 3 {
                    ", Mask: "
                } else {
                    ", Interface Address: "
                });
                nd.host4(&p[r + 4..r + 8]);
                // The first metric is the link's own (topology 0).
                let tos_count = p[r + 9] as usize;
                for i in 0..=tos_count {
                    let m = r + 8 + i * 4;
                    let tos_type = if i == 0 { 0 } else { u8at(p, m)? };
                    let metric = be16(p, m + 2)?;
                    nd.f(format_args!(
                        "\n\t\ttopology {} ({tos_type}), metric {metric}",
                        tok2str(TOPOLOGY_VALUES, "Unknown", tos_type.into())
                    ));
                }
                r += 12 + tos_count * 4;
            }
        }
        2 => {
            let mask = sl(p, b, 4)?;
            nd.s("\n\t    Mask ");
            nd.host4(mask);
            nd.s("\n\t    Connected Routers:");
            let mut a = b + 4;
            while a < ls_end {
                addr_line(nd, "\n\t      ", p, a)?;
                a += 4;
            }
        }
        t @ (3 | 4) => {
            if t == 3 {
                check(b, 4)?;
                addr_line(nd, "\n\t    Mask ", p, b)?;
            }
            check(b + 4, 4)?;
            let mut m = b + 4;
            while m < ls_end {
                let ul = be32(p, m)?;
                let topology = (ul & 0x7f00_0000) >> 24;
                nd.f(format_args!(
                    "\n\t\ttopology {} ({topology}) metric {}",
                    tok2str(TOPOLOGY_VALUES, "Unknown", topology),
                    ul & 0x00ff_ffff
                ));
                m += 4;
            }
        }
        5 | 7 => {
            check(b, 4)?;
            addr_line(nd, "\n\t    Mask ", p, b)?;
            check(b + 4, 4)?;
            let mut m = b + 4;
            while m < ls_end {
                let ul = be32(p, m)?;
                let topology = (ul & 0x7f00_0000) >> 24;
                nd.f(format_args!(
                    "\n\t\ttopology {} ({topology}), type {}, metric",
                    tok2str(TOPOLOGY_VALUES, "Unknown", topology),
                    if ul & 0x8000_0000 != 0 { 2 } else { 1 }
                ));
                if ul & 0x00ff_ffff == 0x00ff_ffff {
                    nd.s(" infinite");
                } else {
                    nd.f(format_args!(" {}", ul & 0x00ff_ffff));
                }
                if be32(p, m + 4)? != 0 {
                    addr_line(nd, ", forward ", p, m + 4)?;
                }
                if be32(p, m + 8)? != 0 {
                    addr_line(nd, ", tag ", p, m + 8)?;
                }
                m += 12;
            }
        }
        6 => {
            let mut m = b;
            while m < ls_end {
                match be32(p, m)? {
                    1 => addr_line(nd, "\n\t    Router Router-ID ", p, m + 4)?,
                    2 => addr_line(nd, "\n\t    Network Designated Router ", p, m + 4)?,
                    v => nd.f(format_args!("\n\t    unknown VertexType ({v})")),
                }
                m += 8;
            }
        }
        9..=11 => match u8at(p, l + 4)? {
            4 => {
                let mut t = b;
                let mut left = ls_length;
                while left != 0 {
                    check(t, 4)?;
                    if left < 4 {
                        nd.f(format_args!("\n\t    Remaining LS length {left} < 4"));
                        return Ok(ls_end);
                    }
                    let tlv_type = be16(p, t)?;
                    let tlv_length = be16(p, t + 2)? as usize;
                    t += 4;
                    left -= 4;
                    nd.f(format_args!(
                        "\n\t    {} TLV ({tlv_type}), length: {tlv_length}, value: ",
                        tok2str(RI_TLV_VALUES, "unknown", tlv_type.into())
                    ));
                    if tlv_length > left {
                        nd.f(format_args!(
                            "\n\t    Bogus length {tlv_length} > remaining LS length {left}"
                        ));
                        return Ok(ls_end);
                    }
                    check(t, tlv_length)?;
                    if tlv_type == 1 {
                        if tlv_length != 4 {
                            nd.f(format_args!("\n\t    Bogus length {tlv_length} != 4"));
                            return Ok(ls_end);
                        }
                        nd.f(format_args!(
                            "Capabilities: {}",
                            bittok2str(RI_TLV_CAP_VALUES, "Unknown", be32(p, t)?)
                        ));
                    } else if nd.opts.verbose <= 1
                        && !nd.print_unknown_data_at(p, t, "\n\t      ", tlv_length)
                    {
                        return Ok(ls_end);
                    }
                    t += tlv_length;
                    left -= tlv_length;
                }
            }
            3 => {
                if !grace_lsa(nd, p, b, ls_length)? {
                    return Ok(ls_end);
                }
            }
            1 => {
                if !te_lsa(nd, p, b, ls_length)? {
                    return Ok(ls_end);
                }
            }
            _ => {
                if nd.opts.verbose <= 1 && !nd.print_unknown_data_at(p, b, "\n\t    ", ls_length)
                {
                    return Ok(ls_end);
                }
            }
        },
        _ => {}
    }
    if nd.opts.verbose > 1 {
        nd.print_unknown_data_at(p, b, "\n\t    ", ls_length);
    }
    Ok(ls_end)
}

/// The link-local signaling block after the OSPF packet (RFC 5613).
fn decode_lls(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let options_at = match u8at(p, 1)? {
        1 => 30,
        2 => 26,
        _ => return Ok(()),
    };
    if u8at(p, options_at)? & 0x10 == 0 {
        return Ok(());
    }
    let mut len2 = be16(p, 2)? as usize;
    let mut d = len2;
    if be16(p, 14)? == 2 {
        let n = u8at(p, 19)? as usize;
        d += n;
        len2 += n;
    }
    if len2 >= length {
        nd.s("\n\t[LLS truncated]");
        return Ok(());
    }
    nd.f(format_args!("\n\t  LLS: checksum: 0x{:04x}", be16(p, d)?));
    d += 2;
    nd.f(format_args!(", length: {}", be16(p, d)?));
    d += 2;
    while d < length {
        let lls_type = be16(p, d)?;
        nd.f(format_args!(
            "\n\t    {} ({lls_type})",
            tok2str(LLS_TLV_VALUES, "Unknown TLV", lls_type.into())
        ));
        d += 2;
        let mut lls_len = be16(p, d)? as usize;
        nd.f(format_args!(", length: {lls_len}"));
        d += 2;
        match lls_type {
            1 => {
                if lls_len != 4 {
                    nd.s(" [should be 4]");
                    lls_len = 4;
                }
                let flags = be32(p, d)?;
                nd.f(format_args!(
                    "\n\t      Options: 0x{flags:08x} [{}]",
                    bittok2str(LLS_EO_OPTIONS, "?", flags)
                ));
            }
            2 => {
                if lls_len != 20 {
                    nd.s(" [should be 20]");
                    lls_len = 20;
                }
                nd.f(format_args!(
                    "\n\t      Sequence number: 0x{:08x}",
                    be32(p, d)?
                ));
            }
            _ => {}
        }
        d += lls_len;
    }
    Ok(())
}

/// The body of an OSPFv2 packet by its type; `dataend` is where the packet ends.
fn decode_v2(nd: &mut Nd<'_>, p: &[u8], dataend: usize) -> Res {
    match u8at(p, 1)? {
        1 => {
            nd.f(format_args!(
                "\n\tOptions [{}]",
                bittok2str(OPTION_VALUES, "none", u8at(p, 30)?.into())
            ));
            let (hello, dead) = (be16(p, 28)?, be32(p, 32)?);
            let mask = sl(p, 24, 4)?;
            let prio = u8at(p, 31)?;
            nd.f(format_args!(
                "\n\t  Hello Timer {hello}s, Dead Timer {dead}s, Mask "
            ));
            nd.host4(mask);
            nd.f(format_args!(", Priority {prio}"));
            if be32(p, 36)? != 0 {
                addr_line(nd, "\n\t  Designated Router ", p, 36)?;
            }
            if be32(p, 40)? != 0 {
                addr_line(nd, ", Backup Designated Router ", p, 40)?;
            }
            let mut a = 44;
            if a < dataend {
                nd.s("\n\t  Neighbor List:");
            }
            while a < dataend {
                addr_line(nd, "\n\t    ", p, a)?;
                a += 4;
            }
        }
        2 => {
            nd.f(format_args!(
                "\n\tOptions [{}]",
                bittok2str(OPTION_VALUES, "none", u8at(p, 26)?.into())
            ));
            nd.f(format_args!(
                ", DD Flags [{}]",
                bittok2str(DD_FLAG_VALUES, "none", u8at(p, 27)?.into())
            ));
            let mtu = be16(p, 24)?;
            if mtu != 0 {
                nd.f(format_args!(", MTU: {mtu}"));
            }
            nd.f(format_args!(", Sequence: 0x{:08x}", be32(p, 28)?));
            let mut h = 32;
            while h < dataend && lshdr(nd, p, h)?.is_some() {
                h += 20;
            }
        }
        3 => {
            let mut r = 24;
            while r < dataend {
                if !has(p, r, 12) {
                    return Err(Trunc);
                }
                let ls_type = be32(p, r)?;
                nd.s("\n\t  Advertising Router: ");
                nd.host4(&p[r + 8..r + 12]);
                nd.f(format_args!(
                    ", {} LSA ({ls_type})",
                    tok2str(LSA_VALUES, "unknown", ls_type)
                ));
                match ls_type {
                    9..=11 => nd.f(format_args!(
                        ", Opaque-Type: {} LSA ({}), Opaque-ID: {}",
                        tok2str(LSA_OPAQUE_VALUES, "unknown", p[r + 4].into()),
                        p[r + 4],
                        be24(p, r + 5)?
                    )),
                    _ => {
                        nd.s(", LSA-ID: ");
                        nd.host4(&p[r + 4..r + 8]);
                    }
                }
                r += 12;
            }
        }
        4 => {
            let count = be32(p, 24)?;
            nd.f(format_args!(
                ", {count} LSA{}",
                if count == 1 { "" } else { "s" }
            ));
            let mut l = 28;
            for i in 1..=count {
                nd.f(format_args!("\n\t  LSA #{i}"));
                l = lsa(nd, p, l)?;
            }
        }
        5 => {
            // tcpdump walks the headers until one fails, whatever the packet's length.
            let mut h = 24;
            while lshdr(nd, p, h)?.is_some() {
                h += 20;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Prints an OSPFv2 packet (IP protocol 89 over IPv4).
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "ospf2";
    let mut length = length as u32;
    let mut p = bp;
    // An MD5 digest trails the packet: drop it before anything else.
    if be16(p, 14)? == 2 {
        length = length.wrapping_sub(16);
        p = &p[..p.len().saturating_sub(16)];
    }
    let ty = u8at(p, 1)?;
    let version = u8at(p, 0)?;
    nd.f(format_args!(
        "OSPFv{version}, {}, length {length}",
        tok2str(TYPE_VALUES, "unknown LS-type %u", ty.into())
    ));
    if !(1..=5).contains(&ty) || nd.opts.verbose == 0 {
        return Ok(());
    }
    let ospf_len = u32::from(be16(p, 2)?);
    if length != ospf_len {
        nd.f(format_args!(" [len {ospf_len}]"));
    }
    let dataend = length.min(ospf_len) as usize;
    addr_line(nd, "\n\tRouter-ID ", p, 4)?;
    if be32(p, 8)? != 0 {
        addr_line(nd, ", Area ", p, 8)?;
    } else {
        nd.s(", Backbone Area");
    }
    if !has(p, 16, 8) {
        return Err(Trunc);
    }
    let auth = be16(p, 14)?;
    nd.f(format_args!(
        ", Authentication Type: {} ({auth})",
        tok2str(AUTHTYPE_VALUES, "unknown", auth.into())
    ));
    match auth {
        0 => {}
        1 => {
            nd.s("\n\tSimple text password: ");
            nd.printjnp(tail(p, 16), 8)?;
        }
        2 => nd.f(format_args!(
            "\n\tKey-ID: {}, Auth-Length: {}, Crypto Sequence Number: 0x{:08x}",
            p[18],
            p[19],
            be32(p, 20)?
        )),
        _ => return Ok(()),
    }
    if version == 2 {
        decode_v2(nd, p, dataend)?;
        if length > ospf_len {
            decode_lls(nd, p, length as usize)?;
        }
    } else {
        nd.f(format_args!(" ospf [version {version}]"));
    }
    Ok(())
}
