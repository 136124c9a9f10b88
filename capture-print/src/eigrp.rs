//! EIGRP, as tcpdump's print-eigrp.c: the header and its TLVs (parameters, software version,
//! IP and AppleTalk internal and external routes, AppleTalk cable setup).
use super::util::{Tok, bittok2str, tok2str};
use super::{Nd, Res, be16, be24, be32, has, sl, tail, u8at};

const OPCODE_VALUES: &Tok = &[
    (1, "Update"),
    (3, "Query"),
    (4, "Reply"),
    (5, "Hello"),
    (6, "IPX SAP"),
    (7, "Probe"),
];

const HEADER_FLAG_VALUES: &Tok = &[
    (0x01, "Init"),
    (0x02, "Conditionally Received"),
    (0x04, "Restart"),
    (0x08, "End-of-Table"),
];

const TLV_VALUES: &Tok = &[
    (0x0001, "General Parameters"),
    (0x0002, "Authentication"),
    (0x0003, "Sequence"),
    (0x0004, "Software Version"),
    (0x0005, "Next Multicast Sequence"),
    (0x0102, "IP Internal routes"),
    (0x0103, "IP External routes"),
    (0x0202, "AppleTalk Internal routes"),
    (0x0203, "AppleTalk External routes"),
    (0x0204, "AppleTalk Cable setup"),
    (0x0302, "IPX Internal routes"),
    (0x0303, "IPX External routes"),
];

const EXT_PROTO_ID_VALUES: &Tok = &[
    (0x01, "IGRP"),
    (0x02, "EIGRP"),
    (0x03, "Static"),
    (0x04, "RIP"),
    (0x05, "Hello"),
    (0x06, "OSPF"),
    (0x07, "IS-IS"),
    (0x08, "EGP"),
    (0x09, "BGP"),
    (0x0a, "IDRP"),
    (0x0b, "Connected"),
];

/// The path metrics every route TLV carries, at `m` of `v`.
fn metrics(nd: &mut Nd<'_>, v: &[u8], m: usize) -> Res {
    nd.f(format_args!(
        "\n\t      delay {} ms, bandwidth {} Kbps, mtu {}, hop {}, reliability {}, load {}",
        be32(v, m)? / 100,
        be32(v, m + 4)?,
        be24(v, m + 8)?,
        u8at(v, m + 11)?,
        u8at(v, m + 12)?,
        u8at(v, m + 13)?
    ));
    Ok(())
}

/// An IPv4 destination (prefix length at `plen`, the prefix bytes after it) and next hop.
fn ip_route(nd: &mut Nd<'_>, v: &[u8], plen: usize) -> Res<bool> {
    let bits = u8at(v, plen)? as usize;
    if bits > 32 {
        nd.f(format_args!("\n\t    illegal prefix length {bits}"));
        return Ok(false);
    }
    let mut prefix = [0u8; 4];
    let n = bits.div_ceil(8);
    prefix[..n].copy_from_slice(sl(v, plen + 1, n)?);
    let mut t = Vec::new();
    nd.names.host4(&mut t, &prefix);
    nd.f(format_args!(
        "\n\t    IPv4 prefix: {:>15}/{bits}, nexthop: ",
        String::from_utf8_lossy(&t)
    ));
    if be32(v, 0)? == 0 {
        nd.s("self");
    } else {
        nd.host4(&v[..4]);
    }
    Ok(true)
}

/// An AppleTalk cable range and next hop.
fn at_route(nd: &mut Nd<'_>, v: &[u8], cable: usize) -> Res {
    nd.f(format_args!(
        "\n\t     Cable-Range: {}-{}, nexthop: ",
        be16(v, cable)?,
        be16(v, cable + 2)?
    ));
    if be32(v, 0)? == 0 {
        nd.s("self");
    } else {
        nd.f(format_args!("{}.{}", be16(v, 0)?, be16(v, 2)?));
    }
    Ok(())
}

/// Prints an EIGRP packet (IP protocol 88).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "eigrp";
    if !has(p, 0, 20) {
        nd.trunc();
        return Ok(());
    }
    if p[0] != 2 {
        nd.f(format_args!("EIGRP version {} packet not supported", p[0]));
        return Ok(());
    }
    let opcode = p[1];
    if nd.opts.verbose < 1 {
        nd.f(format_args!(
            "EIGRP {}, length: {len}",
            tok2str(OPCODE_VALUES, "unknown (%u)", opcode.into())
        ));
        return Ok(());
    }
    if len < 20 {
        nd.f(format_args!(
            "EIGRP {}, length: {len} (too short, < 20)",
            tok2str(OPCODE_VALUES, "unknown (%u)", opcode.into())
        ));
        return Ok(());
    }
    let mut tlen = len - 20;
    nd.f(format_args!(
        "\n\tEIGRP v{}, opcode: {} ({opcode}), chksum: 0x{:04x}, Flags: [{}]\n\tseq: 0x{:08x}, ack: 0x{:08x}, VRID: {}, AS: {}, length: {tlen}",
        p[0],
        tok2str(OPCODE_VALUES, "unknown, type: %u", opcode.into()),
        be16(p, 2)?,
        bittok2str(HEADER_FLAG_VALUES, "none", be32(p, 4)?),
        be32(p, 8)?,
        be32(p, 12)?,
        be16(p, 16)?,
        be16(p, 18)?
    ));
    let mut t = 20;
    while tlen > 0 {
        if !has(p, t, 4) {
            nd.trunc();
            return Ok(());
        }
        let tlv_len = be16(p, t + 2)? as usize;
        let tlv_type = be16(p, t)?;
        if tlv_len < 4 || tlv_len > tlen {
            nd.print_unknown_data(tail(p, t + 4), "\n\t    ", tlen);
            return Ok(());
        }
        nd.f(format_args!(
            "\n\t  {} TLV (0x{tlv_type:04x}), length: {tlv_len}",
            tok2str(TLV_VALUES, "Unknown", tlv_type.into())
        ));
        if !has(p, t, tlv_len) {
            nd.trunc();
            return Ok(());
        }
        // The value, and what was captured after it: a prefix may be read past the TLV.
        let v = tail(p, t + 4);
        let vlen = tlv_len - 4;
        // The size each decoded TLV needs after its header.
        let need = match tlv_type {
            0x0001 => 8,
            0x0004 => 4,
            0x0102 => 22,
            0x0103 => 42,
            0x0204 => 8,
            0x0202 => 24,
            0x0203 => 40,
            _ => 0,
        };
        if need > 0 && vlen < need {
            nd.f(format_args!(" (too short, < {})", need + 4));
        } else {
            match tlv_type {
                0x0001 => nd.f(format_args!(
                    "\n\t    holdtime: {}s, k1 {}, k2 {}, k3 {}, k4 {}, k5 {}",
                    be16(v, 6)?,
                    v[0],
                    v[1],
                    v[2],
                    v[3],
                    v[4]
                )),
                0x0004 => nd.f(format_args!(
                    "\n\t    IOS version: {}.{}, EIGRP version {}.{}",
                    v[0], v[1], v[2], v[3]
                )),
                0x0102 => {
                    if ip_route(nd, v, 20)? {
                        metrics(nd, v, 4)?;
                    }
                }
                0x0103 => {
                    if ip_route(nd, v, 40)? {
                        nd.s("\n\t      origin-router ");
                        nd.host4(&v[4..8]);
                        nd.f(format_args!(
                            ", origin-as {}, origin-proto {}, flags [0x{:02x}], tag 0x{:08x}, metric {}",
                            be32(v, 8)?,
                            tok2str(EXT_PROTO_ID_VALUES, "unknown", v[22].into()),
                            v[23],
                            be32(v, 12)?,
                            be32(v, 16)?
                        ));
                        metrics(nd, v, 24)?;
                    }
                }
                0x0204 => nd.f(format_args!(
                    "\n\t    Cable-range: {}-{}, Router-ID {}",
                    be16(v, 0)?,
                    be16(v, 2)?,
                    be32(v, 4)?
                )),
                0x0202 => {
                    at_route(nd, v, 20)?;
                    metrics(nd, v, 4)?;
                }
                0x0203 => {
                    at_route(nd, v, 36)?;
                    nd.f(format_args!(
                        "\n\t      origin-router {}, origin-as {}, origin-proto {}, flags [0x{:02x}], tag 0x{:08x}, metric {}",
                        be32(v, 4)?,
                        be32(v, 8)?,
                        tok2str(EXT_PROTO_ID_VALUES, "unknown", v[16].into()),
                        v[17],
                        be32(v, 12)?,
                        be16(v, 18)?
                    ));
                    metrics(nd, v, 20)?;
                }
                _ => {
                    if nd.opts.verbose <= 1 {
                        nd.print_unknown_data(v, "\n\t    ", vlen);
                    }
                }
            }
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data(v, "\n\t    ", vlen);
        }
        t += tlv_len;
        tlen -= tlv_len;
    }
    Ok(())
}
