//! OSPFv2, as tcpdump's print-ospf.c: the packet header and authentication, hellos, database
//! descriptions, LS requests, updates and acks with every LSA type (router, network, summary,
//! external, NSSA, group, opaque: TE, grace, router information), and the link-local signaling
//! trailer. The TE and grace LSA decoders serve OSPFv3 too.
use super::gmpls;
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

/// OSPF packet types, the same in OSPFv2 and OSPFv3.
pub(crate) const TYPE_VALUES: &Tok = &[
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

const DD_FLAG_VALUES: &Tok = &[
    (0x04, "Init"),
    (0x02, "More"),
    (0x01, "Master"),
    (0x08, "OOBResync"),
];

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
            nd.f(format_args!(
                "\n\t    Bogus length {tlv_length} > {ls_length}"
            ));
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
                if nd.opts.verbose <= 1 && !nd.print_unknown_data_at(p, t, "\n\t      ", tlv_length)
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
            nd.f(format_args!(
                "\n\t    Bogus length {tlv_length} > {ls_length}"
            ));
            return Ok(false);
        }
        if tlv_type == 0 || tlv_length == 0 {
            return Ok(false);
        }
        match tlv_type {
            2 => {
                while tlv_length != 0 {
                    if tlv_length < 4 {
                        nd.f(format_args!(
                            "\n\t    Remaining TLV length {tlv_length} < 4"
                        ));
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
                if nd.opts.verbose <= 1 && !nd.print_unknown_data_at(p, t, "\n\t      ", tlv_length)
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
            nd.mbps(be32(p, at)?);
        }
        8 => {
            if len != 32 {
                nd.s(" != 32");
                return Ok(Sub::Invalid);
            }
            for class in 0..8 {
                nd.f(format_args!("\n\t\tTE-Class {class}: "));
                nd.mbps(be32(p, at + class * 4)?);
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
                tok2str(gmpls::DIFFSERV_TE_BC, "unknown", model.into())
            ));
            if !len.is_multiple_of(4) {
                nd.f(format_args!("\n\t\tlength {len} != N x 4"));
                return Ok(Sub::Invalid);
            }
            if len > 36 {
                nd.f(format_args!("\n\t\tlength {len} > 36"));
                return Ok(Sub::Invalid);
            }
            for class in 0..(len - 4) / 4 {
                nd.f(format_args!("\n\t\t  Bandwidth constraint CT{class}: "));
                nd.mbps(be32(p, at + 4 + class * 4)?);
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
                bittok2str(gmpls::LINK_PROT, "none", p[at].into())
            ));
        }
        15 => {
            if len < 36 {
                nd.s(" < 36");
                return Ok(Sub::Invalid);
            }
            nd.f(format_args!(
                "\n\t\tInterface Switching Capability: {}",
                tok2str(gmpls::SWITCH_CAP, "Unknown", p[at].into())
            ));
            nd.f(format_args!(
                "\n\t\tLSP Encoding: {}\n\t\tMax LSP Bandwidth:",
                tok2str(gmpls::ENCODING, "Unknown", p[at + 1].into())
            ));
            for level in 0..8 {
                nd.f(format_args!("\n\t\t  priority level {level}: "));
                nd.mbps(be32(p, at + 4 + level * 4)?);
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
            if !len.is_multiple_of(4) {
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
pub(crate) fn addr_line(nd: &mut Nd<'_>, lead: &str, p: &[u8], off: usize) -> Res {
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
                if nd.opts.verbose <= 1 && !nd.print_unknown_data_at(p, b, "\n\t    ", ls_length) {
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

#[cfg(test)]
mod tests {
    use crate::decoder_tests::print_with;
    use proptest::collection::vec;
    use proptest::num::u8 as pu8;

    /// Packets (link type, flags, length on the wire, bytes) and what tcpdump 4.99.3 prints for
    /// them with `-t`.
    const CASES: &[(i32, &str, u32, &str, &str)] = &[
        // og.pcap #0
        (
            101,
            "-n -v",
            172,
            "45c000ac0fd4000001599f3b28230102e0000005020400980afff52300000000a98a00000000000000000000000000010009020a010000080afff52580000002783e007c000200640001000101000000000200040afff545000300040a098e01000400040a098e02000500040000003f000600044c9450c0000700044c9450c0000800204c9450c04c9450c04c9450c04c9450c04c9450c04c9450c04c9450c04c9450c00009000400000000",
            "IP (tos 0xc0, ttl 1, id 4052, offset 0, flags [none], proto OSPF (89), length 172)\n    40.35.1.2 > 224.0.0.5: OSPFv2, LS-Update, length 152\n\tRouter-ID 10.255.245.35, Backbone Area, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 10.255.245.37, seq 0x80000002, age 9s, length 104\n\t    Area Local Opaque LSA (10), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 8\n\t    Options: [External]\n\t    Link TLV (2), length: 100\n\t      Link Type subTLV (1), length: 1, Point-to-point (1)\n\t      Link ID subTLV (2), length: 4, 10.255.245.69 (0x0afff545)\n\t      Local Interface IP address subTLV (3), length: 4, 10.9.142.1\n\t      Remote Interface IP address subTLV (4), length: 4, 10.9.142.2\n\t      Traffic Engineering Metric subTLV (5), length: 4, Metric 63\n\t      Maximum Bandwidth subTLV (6), length: 4, 622.080 Mbps\n\t      Maximum Reservable Bandwidth subTLV (7), length: 4, 622.080 Mbps\n\t      Unreserved Bandwidth subTLV (8), length: 32\n\t\tTE-Class 0: 622.080 Mbps\n\t\tTE-Class 1: 622.080 Mbps\n\t\tTE-Class 2: 622.080 Mbps\n\t\tTE-Class 3: 622.080 Mbps\n\t\tTE-Class 4: 622.080 Mbps\n\t\tTE-Class 5: 622.080 Mbps\n\t\tTE-Class 6: 622.080 Mbps\n\t\tTE-Class 7: 622.080 Mbps\n\t      Administrative Group subTLV (9), length: 4, 0x00000000",
        ),
        // og.pcap #2
        (
            101,
            "-n -vv",
            212,
            "45c000d41040000001599ea728230102e0000005020400c00afff52300000000da3700000000000000000000000000010003020a010000030afff52380000003210400a40002008c0001000101000000000200040afff528000300040a28230e000400040a28230d0005000400000001000600044b3ebc20000700044b3ebc20000800200000000000000000000000000000000000000000000000000000000000000000000f002c0102000000000000000000000000000000000000000000000000000000000000000000004b3ebc200a280000",
            "IP (tos 0xc0, ttl 1, id 4160, offset 0, flags [none], proto OSPF (89), length 212)\n    40.35.1.2 > 224.0.0.5: OSPFv2, LS-Update, length 192\n\tRouter-ID 10.255.245.35, Backbone Area, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 10.255.245.35, seq 0x80000003, age 3s, length 144\n\t    Area Local Opaque LSA (10), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 3\n\t    Options: [External]\n\t    Link TLV (2), length: 140\n\t      Link Type subTLV (1), length: 1, Point-to-point (1)\n\t      Link ID subTLV (2), length: 4, 10.255.245.40 (0x0afff528)\n\t      Local Interface IP address subTLV (3), length: 4, 10.40.35.14\n\t      Remote Interface IP address subTLV (4), length: 4, 10.40.35.13\n\t      Traffic Engineering Metric subTLV (5), length: 4, Metric 1\n\t      Maximum Bandwidth subTLV (6), length: 4, 100.000 Mbps\n\t      Maximum Reservable Bandwidth subTLV (7), length: 4, 100.000 Mbps\n\t      Unreserved Bandwidth subTLV (8), length: 32\n\t\tTE-Class 0: 0.000 Mbps\n\t\tTE-Class 1: 0.000 Mbps\n\t\tTE-Class 2: 0.000 Mbps\n\t\tTE-Class 3: 0.000 Mbps\n\t\tTE-Class 4: 0.000 Mbps\n\t\tTE-Class 5: 0.000 Mbps\n\t\tTE-Class 6: 0.000 Mbps\n\t\tTE-Class 7: 0.000 Mbps\n\t      Interface Switching Capability subTLV (15), length: 44\n\t\tInterface Switching Capability: Packet-Switch Capable-1\n\t\tLSP Encoding: Ethernet V2/DIX\n\t\tMax LSP Bandwidth:\n\t\t  priority level 0: 0.000 Mbps\n\t\t  priority level 1: 0.000 Mbps\n\t\t  priority level 2: 0.000 Mbps\n\t\t  priority level 3: 0.000 Mbps\n\t\t  priority level 4: 0.000 Mbps\n\t\t  priority level 5: 0.000 Mbps\n\t\t  priority level 6: 0.000 Mbps\n\t\t  priority level 7: 0.000 Mbps",
        ),
        // onssa.pcap #0
        (
            101,
            "-n -v",
            96,
            "45c00060003400000159ac490a002203e00000050204004c0a00220300000001e5950000000000000000000000000001000128010a0022030a0022038000000451cb0030130000020a0022040a002203010000010a002200ffffff0003000001",
            "IP (tos 0xc0, ttl 1, id 52, offset 0, flags [none], proto OSPF (89), length 96)\n    10.0.34.3 > 224.0.0.5: OSPFv2, LS-Update, length 76\n\tRouter-ID 10.0.34.3, Area 0.0.0.1, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 10.0.34.3, seq 0x80000004, age 1s, length 28\n\t    Router LSA (1), LSA-ID: 10.0.34.3\n\t    Options: [NSSA, Demand Circuit]\n\t    Router LSA Options: [ABR, ASBR, Nt]\n\t      Neighbor Router-ID: 10.0.34.4, Interface Address: 10.0.34.3\n\t\ttopology default (0), metric 1\n\t      Stub Network: 10.0.34.0, Mask: 255.255.255.0\n\t\ttopology default (0), metric 1",
        ),
        // osf.pcap #0
        (
            101,
            "-n -v",
            172,
            "45c000ac100a000001599f0528230102e0000005020400980afff523000000006fc400000000000000000000000000010009020a010000090afff52580000002b003007c000200640011000101000000000200040afff545000300040a098f01000400040a098f02000500040000003f000600044b9450c0000700044c9450c0000800204c9450c04c9450c04c9450c04c9450c04c9450c04c9450c04c9450c04c9450c00009000400000000",
            "IP (tos 0xc0, ttl 1, id 4106, offset 0, flags [none], proto OSPF (89), length 172)\n    40.35.1.2 > 224.0.0.5: OSPFv2, LS-Update, length 152\n\tRouter-ID 10.255.245.35, Backbone Area, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 10.255.245.37, seq 0x80000002, age 9s, length 104\n\t    Area Local Opaque LSA (10), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 9\n\t    Options: [External]\n\t    Link TLV (2), length: 100\n\t      Bandwidth Constraints subTLV (17), length: 1 < 4 (invalid)",
        ),
        // og.pcap #1
        (
            101,
            "-n",
            172,
            "45c000ac100a000001599f0528230102e0000005020400980afff523000000006fc400000000000000000000000000010009020a010000090afff52580000002b003007c000200640001000101000000000200040afff545000300040a098f01000400040a098f02000500040000003f000600044c9450c0000700044c9450c0000800204c9450c04c9450c04c9450c04c9450c04c9450c04c9450c04c9450c04c9450c00009000400000000",
            "IP 40.35.1.2 > 224.0.0.5: OSPFv2, LS-Update, length 152",
        ),
        // built #1764
        (
            228,
            "-n -v",
            72,
            "4500004800010000015900000a000001e000000502010034000000000a0000010000000001000000c3000202ffffff00000a0801000000280000000000000000000000000a000001",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 72, bad cksum 0 (->cf56)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, Hello, length 52\n\tRouter-ID 0.0.0.0, Area 10.0.0.1, Authentication Type: none (0)\n\tOptions [NSSA]\n\t  Hello Timer 10s, Dead Timer 40s, Mask 255.255.255.0, Priority 1\n\t  Neighbor List:\n\t    0.0.0.0\n\t    10.0.0.1",
        ),
        // built #831
        (
            228,
            "-n -v",
            52,
            "4500003400010000015900000a000001e000000502020020c0a801f4ffffff00000000004d000202a9010002000040042c0e9022",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 52, bad cksum 0 (->cf6a)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, Database Description, length 32\n\tRouter-ID 192.168.1.244, Area 255.255.255.0, Authentication Type: none (0)\n\tOptions [Opaque], DD Flags [Init], Sequence: 0x2c0e9022",
        ),
        // built #2292
        (
            228,
            "-n -v",
            56,
            "4500003800010000015900000a000001e0000005020300240a0000010000000000000000ff2303ff02db0140000000010100010200000000",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 56, bad cksum 0 (->cf66)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Request, length 36\n\tRouter-ID 10.0.0.1, Backbone Area, Authentication Type: none (0)\n\t  Advertising Router: 0.0.0.0, Router LSA (1), LSA-ID: 1.0.1.2",
        ),
        // built #2929
        (
            228,
            "-n -v",
            96,
            "4500006000010000015900000a000001e00000050204004c0a000001ffffff00000000000101020002020000000000010ac692010a000001ffffff00f2b176d92a8f0018a90000000a9e5507c0a801e50a000001e96f9f67b06300180a000001",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 96, bad cksum 0 (->cf3e)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 76\n\tRouter-ID 10.0.0.1, Area 255.255.255.0, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 255.255.255.0, seq 0xf2b176d9, age 2758s, length 4\n\t    Router LSA (1), LSA-ID: 10.0.0.1\n\t    Options: [External, LLS, Up/Down]\n\t    Router LSA Options: [ABR, Wildcard, Host]",
        ),
        // built #1728
        (
            228,
            "-n -v",
            92,
            "4500005c00010000015900000a000001e0000005020400480a0000010a000001000000000002000001ff02ff000000010377040200000000000000006230563d7b8f00180a00000109d7100a07ff00650a000001554ff88c79c70014",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 92, bad cksum 0 (->cf42)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 72\n\tRouter-ID 10.0.0.1, Area 10.0.0.1, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 0.0.0.0, seq 0x6230563d, age 887s, length 4\n\t    Network LSA (2), LSA-ID: 0.0.0.0\n\t    Options: [Multicast]\n\t    Mask 10.0.0.1\n\t    Connected Routers:",
        ),
        // built #1392
        (
            228,
            "-n -v",
            144,
            "4500009000010000015900000a000001e00000050204007cc0a801040a00000100000001736563726574000000000001035b0a07ffffff000a000001b2fd4ab393a60030ffffff0002ffffffc0a8017dffffff00000000ff0a000001c0a801450a317005000000000a0000014db5dfba9eb40030ffffff0002ffff17c0a801b60000000000ec020100000000c0a8011a",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 144, bad cksum 0 (->cf0e)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 124\n\tRouter-ID 192.168.1.4, Area 10.0.0.1, Authentication Type: simple (1)\n\tSimple text password: secret, 1 LSA\n\t  LSA #1\n\t  Advertising Router 10.0.0.1, seq 0xb2fd4ab3, age 859s, length 28\n\t    NSSA LSA (7), LSA-ID: 255.255.255.0\n\t    Options: [External, NSSA]\n\t    Mask 255.255.255.0\n\t\ttopology management (2), type 1, metric infinite, forward 192.168.1.125, tag 255.255.255.0\n\t\ttopology default (0), type 1, metric 255, forward 10.0.0.1, tag 192.168.1.69",
        ),
        // built #2743
        (
            228,
            "-n -v",
            144,
            "4500009000010000015900000a000001e00000050204006cc0a801f3ffffff000000000200003f10abc30002000000010ab9e509010102ffffffff0085d4b8ea1f390050000200380063000b0000020100000100c5000000000f0024000201ff0000ffcfffffff00ff0001020001ff51000000515100f1ff0002ff000202010067ffffafff00929f0001b30200ff0065",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 144, bad cksum 0 (->cf0e)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 108\n\tRouter-ID 192.168.1.243, Area 255.255.255.0, Authentication Type: MD5 (2)\n\tKey-ID: 63, Auth-Length: 16, Crypto Sequence Number: 0xabc30002, 1 LSA\n\t  LSA #1\n\t  Advertising Router 255.255.255.0, seq 0x85d4b8ea, age 2745s, length 60\n\t    Link Local Opaque LSA (9), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 66303\n\t    Options: [MultiTopology, Multicast, Demand Circuit, Opaque, Up/Down]\n\t    Link TLV (2), length: 56\n\t      unknown subTLV (99), length: 11\n\t\t0x0000:  0000 0201 0000 0100 c500 00\n\t      Interface Switching Capability subTLV (15), length: 36\n\t\tInterface Switching Capability: Unknown\n\t\tLSP Encoding: Ethernet V2/DIX\n\t\tMax LSP Bandwidth:\n\t\t  priority level 0: 0.000 Mbps\n\t\t  priority level 1: -nan Mbps\n\t\t  priority level 2: -inf Mbps\n\t\t  priority level 3: 0.000 Mbps\n\t\t  priority level 4: 0.000 Mbps\n\t\t  priority level 5: 276907.906 Mbps\n\t\t  priority level 6: 0.000 Mbps\n\t\t  priority level 7: 0.000 Mbps",
        ),
        // built #482
        (
            228,
            "-n -v",
            116,
            "4500007400010000015900000a000001e000000502040060ffffff000a000001000000000002ff0202010001000000010bcf640a01ffd400c0a8014b933a04870fd100440002002c00110028f901ffb7010102ff01380200ff00d78abf020000ff020002ff00230002010260ff73020280ff8200",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 116, bad cksum 0 (->cf2a)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 96\n\tRouter-ID 255.255.255.0, Area 10.0.0.1, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 192.168.1.75, seq 0x933a0487, age 3023s, length 48\n\t    Area Local Opaque LSA (10), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 16765952\n\t    Options: [Multicast, Demand Circuit, Opaque]\n\t    Link TLV (2), length: 44\n\t      Bandwidth Constraints subTLV (17), length: 40\n\t\tBandwidth Constraints Model ID: unknown (249)\n\t\tlength 40 > 36 (invalid)",
        ),
        // built #421
        (
            228,
            "-n -v",
            108,
            "4500006c00010000015900000a000001e000000502040048ffffff00c0a801c5000000020000a710002fffff000000010bb0940a01000001ffffff009ae5eebbba82002c00020014000600040000ff000010000801ff02000002020000760202ff024400ff880000ff020200",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 108, bad cksum 0 (->cf32)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 72\n\tRouter-ID 255.255.255.0, Area 192.168.1.197, Authentication Type: MD5 (2)\n\tKey-ID: 167, Auth-Length: 16, Crypto Sequence Number: 0x002fffff, 1 LSA\n\t  LSA #1\n\t  Advertising Router 255.255.255.0, seq 0x9ae5eebb, age 2992s, length 24\n\t    Area Local Opaque LSA (10), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 1\n\t    Options: [Multicast, LLS, Up/Down]\n\t    Link TLV (2), length: 20\n\t      Maximum Bandwidth subTLV (6), length: 4, 0.000 Mbps\n\t      Shared Risk Link Group subTLV (16), length: 8\n\t\t  Shared risk group: 33489408, 131584",
        ),
        // built #530
        (
            228,
            "-n -v",
            76,
            "4500004c00010000015900000a000001e000000502040038ffffff00c0a8012d0000000000920035f7ddff00000000010b49250a0301ff00c0a8016ba9a095d2172c001c00010004000000ff",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 76, bad cksum 0 (->cf52)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 56\n\tRouter-ID 255.255.255.0, Area 192.168.1.45, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 192.168.1.107, seq 0xa9a095d2, age 2889s, length 8\n\t    Area Local Opaque LSA (10), Opaque-Type Graceful restart LSA (3), Opaque-ID 130816\n\t    Options: [MultiTopology, Multicast, Demand Circuit]\n\t    Grace Period TLV (1), length 4, value: 255s",
        ),
        // built #1756
        (
            228,
            "-n -v",
            76,
            "4500004c00010000015900000a000001e00000050204003800000000ffffff0000000000ff020100000002ff000000010ab0bc0a04000002000000000cc6544d1a36001c0001000302850200",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 76, bad cksum 0 (->cf52)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 56\n\tRouter-ID 0.0.0.0, Area 255.255.255.0, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 0.0.0.0, seq 0x0cc6544d, age 2736s, length 8\n\t    Area Local Opaque LSA (10), Opaque-Type Router Information LSA (4), Opaque-ID 2\n\t    Options: [Multicast, NSSA, LLS, Demand Circuit, Up/Down]\n\t    Router Capabilities TLV (1), length: 3, value: \n\t    Bogus length 3 != 4",
        ),
        // built #2846
        (
            228,
            "-n -v",
            88,
            "4500005800010000015900000a000001e00000050202001cffffff000a00000100000000300101ff010002ff05dcb8040d82de590000000300010004ff02010200020014ff000200ffff0202020001ff00006b0202010101",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 88, bad cksum 0 (->cf46)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, Database Description, length 68 [len 28]\n\tRouter-ID 255.255.255.0, Area 10.0.0.1, Authentication Type: none (0)\n\tOptions [NSSA, LLS, Demand Circuit, Up/Down], DD Flags [Init], MTU: 1500, Sequence: 0x0d82de59\n\t  LLS: checksum: 0x0d82, length: 56921\n\t    Unknown TLV (0), length: 3\n\t    Unknown TLV (1279), length: 513",
        ),
        // built #295
        (
            228,
            "-n -v",
            60,
            "4500003c00010000015900000a000001e00000050203001800000000000000000000000200003610ff000202ff0202ff00ffffffff00020001ff0201",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 60, bad cksum 0 (->cf62)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Request, length 24\n\tRouter-ID 0.0.0.0, Backbone Area, Authentication Type: MD5 (2)\n\tKey-ID: 54, Auth-Length: 16, Crypto Sequence Number: 0xff000202",
        ),
        // built #373
        (
            228,
            "-n -v",
            44,
            "4500002c00010000015900000a000001e0000005020500180a0000010a0000010000000100ffff01010001ff",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 44, bad cksum 0 (->cf72)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Ack, length 24\n\tRouter-ID 10.0.0.1, Area 10.0.0.1, Authentication Type: simple (1)\n\tSimple text password:  [|ospf2]",
        ),
        // built #1914
        (
            228,
            "-n -v",
            115,
            "4500007300010000015900000a000001e00000050204005fffffff00ffffff00000000000001942fff0000ff000000010dfc3f0901010000000000003ceceab26f1b00240002000c006300000009000400002d000b07ea0a070205010a000001e0f005cdfa16001f0100ffff000102ff01001d",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 115, bad cksum 0 (->cf2b)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 95\n\tRouter-ID 255.255.255.0, Area 255.255.255.0, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 0.0.0.0, seq 0x3ceceab2, age 3580s, length 16\n\t    Link Local Opaque LSA (9), Opaque-Type Traffic Engineering LSA (1), Opaque-ID 65536\n\t    Options: [MultiTopology, External, Multicast, NSSA, LLS, Demand Circuit]\n\t    Link TLV (2), length: 12 (invalid)",
        ),
        // built #2016
        (
            228,
            "-n -v",
            76,
            "4500004c00010000015900000a000001e00000050204001ec0a80145c0a8015d0000000001ff0e01ff00ff00000000010897e306c0a8011a000000006b7778fae6a2001c00000003ffffff00",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 76, bad cksum 0 (->cf52)!)\n    10.0.0.1 > 224.0.0.5: OSPFv2, LS-Update, length 56 [len 30]\n\tRouter-ID 192.168.1.69, Area 192.168.1.93, Authentication Type: none (0), 1 LSA\n\t  LSA #1\n\t  Advertising Router 0.0.0.0, seq 0x6b7778fa, age 2199s, length 8\n\t    Multicast Group LSA (6), LSA-ID: 192.168.1.26\n\t    Options: [MultiTopology, External, Demand Circuit, Opaque, Up/Down]\n\t    unknown VertexType (3)",
        ),
        // built #174
        (
            228,
            "-n -v",
            76,
            "4500004c00010000015900000a000001e00000050301003800000000000000000000000001ff0002ff0001000a000001000a000100000028ffffff0000000000000000000a000001c0a80111",
            "IP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto OSPF (89), length 76, bad cksum 0 (->cf52)!)\n    10.0.0.1 > 224.0.0.5: OSPFv3, Hello, length 56\n\tRouter-ID 0.0.0.0, Backbone Area, Authentication Type: none (0) ospf [version 3]",
        ),
    ];

    crate::decoder_tests::case_tests!(CASES, 20);

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in vec(pu8::ANY, 0..300), ty in 0u8..7,
                                      auth in 0u16..4, v in 0u8..4) {
            // A header that holds together (version 2, its length, an authentication
            // type), then random bytes.
            let len = (24 + body.len()) as u16;
            let mut pkt = vec![2, ty];
            pkt.extend_from_slice(&len.to_be_bytes());
            pkt.extend_from_slice(&[10, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
            pkt.extend_from_slice(&auth.to_be_bytes());
            pkt.extend_from_slice(&[0, 0, 1, 16, 0, 0, 0, 1]);
            pkt.extend_from_slice(&body);
            print_with(228, &crate::test_pkt::ipv4(89, &pkt), v, false, false);
        }
    }
}
