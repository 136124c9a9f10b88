//! Cisco Discovery Protocol, as tcpdump's print-cdp.c: the header and its TLVs (device and
//! port ids, addresses, capabilities, version, prefixes, VLAN and power fields).
use super::util::Tok;
use super::{Nd, Res, be16, be24, be32, sl, u8at};

const HEADER_LEN: usize = 4;
const TLV_HEADER_LEN: usize = 4;
const T_DEV_ID: u16 = 0x01;

const CAPABILITY_VALUES: &Tok = &[
    (0x01, "Router"),
    (0x02, "Transparent Bridge"),
    (0x04, "Source Route Bridge"),
    (0x08, "L2 Switch"),
    (0x10, "L3 capable"),
    (0x20, "IGMP snooping"),
    (0x40, "L1 capable"),
];

/// How a TLV's value prints.
#[derive(Clone, Copy)]
enum Value {
    /// Not decoded (nor dumped).
    Skip,
    Str,
    Addr,
    Capability,
    Version,
    Prefixes,
    Uint16,
    Duplex,
    Ata186,
    Power,
    Mtu,
    Uint8x,
    PhysLoc,
}

/// A TLV's name, printer, and the value lengths it accepts. Types up to 0x17 without a name
/// (0, 0x0c, 0x0d) are still known: not decoded, nor dumped with `-v`.
struct TlvInfo {
    name: Option<&'static str>,
    value: Value,
    min_len: Option<usize>,
    max_len: Option<usize>,
}

const fn tlv(name: &'static str, value: Value, min: usize, max: usize) -> TlvInfo {
    TlvInfo {
        name: Some(name),
        value,
        min_len: if min == 0 { None } else { Some(min) },
        max_len: if max == 0 { None } else { Some(max) },
    }
}

/// A type in tcpdump's table without a name or printer.
const UNNAMED: TlvInfo = TlvInfo {
    name: None,
    value: Value::Skip,
    min_len: None,
    max_len: None,
};

/// The TLV types tcpdump knows, by type (0 means no limit).
const TLVS: [TlvInfo; 0x18] = [
    UNNAMED,
    tlv("Device-ID", Value::Str, 0, 0),
    tlv("Address", Value::Addr, 0, 0),
    tlv("Port-ID", Value::Str, 0, 0),
    tlv("Capability", Value::Capability, 4, 4),
    tlv("Version String", Value::Version, 0, 0),
    tlv("Platform", Value::Str, 0, 0),
    tlv("Prefixes", Value::Prefixes, 0, 0),
    tlv("Protocol-Hello option", Value::Skip, 0, 0),
    tlv("VTP Management Domain", Value::Str, 0, 0),
    tlv("Native VLAN ID", Value::Uint16, 2, 2),
    tlv("Duplex", Value::Duplex, 1, 1),
    UNNAMED,
    UNNAMED,
    tlv("ATA-186 VoIP VLAN assignment", Value::Ata186, 3, 3),
    tlv("ATA-186 VoIP VLAN request", Value::Ata186, 2, 3),
    tlv("power consumption", Value::Power, 1, 3),
    tlv("MTU", Value::Mtu, 4, 4),
    tlv("AVVID trust bitmap", Value::Uint8x, 1, 1),
    tlv("AVVID untrusted ports CoS", Value::Uint8x, 1, 1),
    tlv("System Name", Value::Str, 0, 0),
    tlv("System Object ID (not decoded)", Value::Skip, 0, 0),
    tlv("Management Addresses", Value::Addr, 4, 0),
    tlv("Physical Location", Value::PhysLoc, 1, 0),
];

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prints a CDP packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "cdp";
    if length < HEADER_LEN {
        nd.f(format_args!(" (packet length {length} < {HEADER_LEN})"));
        nd.invalid();
        sl(p, 0, length)?;
        return Ok(());
    }
    nd.f(format_args!("CDPv{}, ttl: {}s", u8at(p, 0)?, u8at(p, 1)?));
    let checksum = be16(p, 2)?;
    if nd.opts.verbose > 0 {
        nd.f(format_args!(
            ", checksum: 0x{checksum:04x} (unverified), length {length}"
        ));
    }
    let mut i = HEADER_LEN;
    let mut left = length - HEADER_LEN;
    while left > 0 {
        if left < TLV_HEADER_LEN {
            nd.f(format_args!(
                " (remaining packet length {left} < {TLV_HEADER_LEN})"
            ));
            return nd.invalid_rest(p, i, left);
        }
        let ty = be16(p, i)?;
        let len = usize::from(be16(p, i + 2)?);
        let info = TLVS.get(usize::from(ty));
        let name = info.and_then(|t| t.name).unwrap_or("unknown field type");
        if len < TLV_HEADER_LEN {
            if nd.opts.verbose > 0 {
                nd.f(format_args!(
                    "\n\t{name} (0x{ty:02x}), TLV length: {len} byte{} (too short)",
                    plural(len)
                ));
            } else {
                nd.f(format_args!(", {name} TLV length {len} too short"));
            }
            return nd.invalid_rest(p, i, left);
        }
        if len > left {
            nd.f(format_args!(" (TLV length {len} > {left})"));
            return nd.invalid_rest(p, i, left);
        }
        i += TLV_HEADER_LEN;
        left -= TLV_HEADER_LEN;
        let len = len - TLV_HEADER_LEN;
        if nd.opts.verbose == 0 && ty == T_DEV_ID {
            nd.s(", Device-ID ");
        } else if nd.opts.verbose > 0 {
            nd.f(format_args!(
                "\n\t{name} (0x{ty:02x}), value length: {len} byte{}: ",
                plural(len)
            ));
        }
        let mut covered = false;
        if let Some(info) = info {
            if info.min_len.is_some_and(|m| len < m) || info.max_len.is_some_and(|m| len > m) {
                nd.s(" (malformed TLV)");
            } else if nd.opts.verbose > 0 || ty == T_DEV_ID {
                value(nd, info.value, super::tail(p, i), len)?;
                covered = true;
            }
        }
        if !covered {
            let v = sl(p, i, len)?;
            nd.print_unknown_data(v, "\n\t  ", len);
        }
        i += len;
        left -= len;
    }
    if nd.opts.verbose == 0 {
        nd.f(format_args!(", length {length}"));
    }
    Ok(())
}

fn value(nd: &mut Nd<'_>, kind: Value, p: &[u8], len: usize) -> Res {
    match kind {
        Value::Skip => {
            sl(p, 0, len)?;
        }
        Value::Str => {
            nd.s("'");
            nd.printjn(p, len)?;
            nd.s("'");
        }
        Value::Addr => addr(nd, p, len)?,
        Value::Capability => {
            let v = be32(p, 0)?;
            nd.f(format_args!("(0x{v:08x}): "));
            nd.bittok2str(CAPABILITY_VALUES, "none", v);
        }
        Value::Version => {
            nd.s("\n\t  ");
            for i in 0..len {
                let c = u8at(p, i)?;
                if c == b'\n' {
                    nd.s("\n\t  ");
                } else {
                    nd.print_char(c);
                }
            }
        }
        Value::Prefixes => prefixes(nd, p, len)?,
        Value::Uint16 => nd.f(format_args!("{}", be16(p, 0)?)),
        Value::Duplex => nd.s(if u8at(p, 0)? != 0 { "full" } else { "half" }),
        Value::Ata186 => {
            if len == 2 {
                nd.f(format_args!("unknown 0x{:04x}", be16(p, 0)?));
            } else {
                nd.f(format_args!("app {}, vlan {}", u8at(p, 0)?, be16(p, 1)?));
            }
        }
        Value::Power => {
            let v = match len {
                1 => u32::from(u8at(p, 0)?),
                2 => u32::from(be16(p, 0)?),
                3 => be24(p, 0)?,
                _ => 0,
            };
            nd.f(format_args!("{:.2}W", f64::from(v) / 1000.0));
        }
        Value::Mtu => nd.f(format_args!("{} bytes", be32(p, 0)?)),
        Value::Uint8x => nd.f(format_args!("0x{:02x}", u8at(p, 0)?)),
        Value::PhysLoc => {
            nd.f(format_args!("0x{:02x}", u8at(p, 0)?));
            if len > 1 {
                nd.s("/");
                nd.printjn(super::tail(p, 1), len - 1)?;
            }
        }
    }
    Ok(())
}

/// The LLC/SNAP header naming IPv6 as an address's protocol.
const PROT_IPV6: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd];
/// Protocol types: an OSI NLPID, or an 802.2 header.
const PT_NLPID: u8 = 1;
const PT_IEEE_802_2: u8 = 2;
const NLPID_IP: u8 = 0xcc;

/// The address list: a count, then (type, protocol, address) triples.
fn addr(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < 4 {
        nd.s(" (not enough space for num)");
        sl(p, 0, len)?;
        return Ok(());
    }
    let mut num = be32(p, 0)?;
    let mut i = 4;
    let mut l = len - 4;
    while num > 0 {
        if l < 2 {
            nd.s(" (not enough space for PT+PL)");
            sl(p, i, l)?;
            return Ok(());
        }
        let pt = u8at(p, i)?;
        let pl = usize::from(u8at(p, i + 1)?);
        i += 2;
        l -= 2;
        if l < pl + 2 {
            nd.s(" (not enough space for P+AL)");
            sl(p, i, l)?;
            return Ok(());
        }
        let al = usize::from(be16(p, i + pl)?);
        if pt == PT_NLPID && pl == 1 && u8at(p, i)? == NLPID_IP && al == 4 {
            i += pl + 2;
            l -= pl + 2;
            if l < al {
                nd.s(" (not enough space for A)");
                sl(p, i, l)?;
                return Ok(());
            }
            let a = sl(p, i, 4)?;
            nd.f(format_args!("IPv4 ({num}) "));
            nd.ipv4(a);
            i += al;
            l -= al;
        } else if pt == PT_IEEE_802_2 && pl == 8 && sl(p, i, 8)? == PROT_IPV6 && al == 16 {
            i += pl + 2;
            l -= pl + 2;
            if l < al {
                nd.s(" (not enough space for A)");
                sl(p, i, l)?;
                return Ok(());
            }
            let a = sl(p, i, 16)?;
            nd.f(format_args!("IPv6 ({num}) "));
            nd.ipv6(a);
            i += al;
            l -= al;
        } else {
            nd.f(format_args!("pt=0x{pt:02x}, pl={pl}, pb="));
            for _ in 0..pl {
                nd.f(format_args!(" {:02x}", u8at(p, i)?));
                i += 1;
                l -= 1;
            }
            nd.f(format_args!(", al={al}, a="));
            i += 2;
            l -= 2;
            if l < al {
                nd.s(" (not enough space for A)");
                sl(p, i, l)?;
                return Ok(());
            }
            for _ in 0..al {
                nd.f(format_args!(" {:02x}", u8at(p, i)?));
                i += 1;
                l -= 1;
            }
        }
        num -= 1;
        if num > 0 {
            nd.s(" ");
        }
    }
    if l > 0 {
        nd.f(format_args!(" ({l} bytes of stray data)"));
    }
    Ok(())
}

fn prefixes(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if !len.is_multiple_of(5) {
        nd.f(format_args!(" [length {len} is not a multiple of 5]"));
        sl(p, 0, len)?;
        return Ok(());
    }
    nd.f(format_args!(" IPv4 Prefixes ({}):", len / 5));
    for i in (0..len).step_by(5) {
        let a: [u8; 5] = super::arr(p, i)?;
        nd.f(format_args!(
            " {}.{}.{}.{}/{}",
            a[0], a[1], a[2], a[3], a[4]
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Options, tests::print_one};

    fn frame(cdp: &[u8]) -> Vec<u8> {
        let mut llc = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00];
        llc.extend_from_slice(cdp);
        let mut f = vec![0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, 0, 1, 2, 3, 4, 5];
        f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
        f.extend_from_slice(&llc);
        f
    }

    #[test]
    fn device_id_and_address() {
        let cdp = [
            2, 180, 0x12, 0x34, // version, ttl, checksum
            0, 1, 0, 7, b's', b'w', b'1', // Device-ID
            0, 2, 0, 17, 0, 0, 0, 1, 1, 1, 0xcc, 0, 4, 10, 0, 0, 1, // Address
        ];
        let f = frame(&cdp);
        let o = |v| Options {
            timestamp: 1,
            numeric: 1,
            verbose: v,
            ..Default::default()
        };
        assert_eq!(
            print_one(o(0), 1, &f),
            "CDPv2, ttl: 180s, Device-ID 'sw1'\n\t  0x0000:  0000 0001 0101 cc00 040a 0000 01, length 28\n"
        );
        assert_eq!(
            print_one(o(1), 1, &f),
            "CDPv2, ttl: 180s, checksum: 0x1234 (unverified), length 28\
             \n\tDevice-ID (0x01), value length: 3 bytes: 'sw1'\
             \n\tAddress (0x02), value length: 13 bytes: IPv4 (1) 10.0.0.1\n"
        );
    }
}
