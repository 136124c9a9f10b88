//! Cisco NetFlow (versions 1, 5 and 6), as tcpdump's print-cnfp.c (`-T cnfp`): the export header
//! and each flow record.
use super::{Nd, Res, be16, be32, sl, u8at};

/// Where a version's fields are: header and record sizes, and whether records carry the
/// masks and AS numbers (v5 and v6) and the encapsulation sizes (v6).
struct Layout {
    header: usize,
    record: usize,
    /// Offsets of the protocol, TOS and TCP flags bytes in a record.
    proto: usize,
    tos: usize,
    tcp_flags: usize,
    /// v5 and v6: sequence number, masks and AS numbers.
    extended: bool,
    /// v6: encapsulation sizes.
    encaps: bool,
}

const V1: Layout = Layout {
    header: 16,
    record: 48,
    proto: 38,
    tos: 39,
    tcp_flags: 40,
    extended: false,
    encaps: false,
};

const V5: Layout = Layout {
    header: 24,
    record: 52,
    proto: 38,
    tos: 39,
    tcp_flags: 37,
    extended: true,
    encaps: false,
};

const V6: Layout = Layout { encaps: true, ..V5 };

/// Prints a NetFlow export packet.
pub(crate) fn print(nd: &mut Nd<'_>, cp: &[u8]) -> Res {
    nd.proto = "cnfp";
    let ver = be16(cp, 0)?;
    let layout = match ver {
        1 => &V1,
        5 => &V5,
        6 => &V6,
        _ => {
            nd.f(format_args!("NetFlow v{ver:x}"));
            return Ok(());
        }
    };
    match records(nd, cp, ver, layout)? {
        true => Ok(()),
        false => nd.trunc_here(),
    }
}

/// `a.b.c.d` without a name (tcpdump's `intoa`).
fn addr(nd: &mut Nd<'_>, b: &[u8]) {
    nd.ipv4(b);
}

/// The header and records; Ok(false) when the header or a record was not all captured.
fn records(nd: &mut Nd<'_>, cp: &[u8], ver: u16, l: &Layout) -> Res<bool> {
    if cp.len() < l.header {
        return Ok(false);
    }
    // tcpdump reads the 16-bit count as 32 bits (with the uptime's high half).
    let mut nrecs = be32(cp, 2)?;
    let uptime = be32(cp, 4)?;
    nd.f(format_args!(
        "NetFlow v{ver:x}, {}.{:03} uptime, {}.{:09}, ",
        uptime / 1000,
        uptime % 1000,
        be32(cp, 8)?,
        be32(cp, 12)?
    ));
    if l.extended {
        nd.f(format_args!("#{}, ", be32(cp, 16)?));
    }
    nd.f(format_args!("{nrecs:2} recs"));
    let mut at = l.header;
    while nrecs != 0 {
        let Ok(r) = sl(cp, at, l.record) else {
            return Ok(false);
        };
        let (start, last) = (be32(r, 24)?, be32(r, 28)?);
        nd.f(format_args!(
            "\n  started {}.{:03}, last {}.{:03}",
            start / 1000,
            start % 1000,
            last / 1000,
            last % 1000
        ));
        for (n, (a, port, mask, asn)) in [(0, 32, 44, 40), (4, 34, 45, 42)].into_iter().enumerate()
        {
            nd.s(if n == 0 { "\n    " } else { "> " });
            addr(nd, &r[a..a + 4]);
            if l.extended {
                nd.f(format_args!("/{}:{}", r[mask], be16(r, asn)?));
            }
            nd.f(format_args!(":{} ", be16(r, port)?));
        }
        nd.s(">> ");
        addr(nd, &r[8..12]);
        nd.s("\n    ");
        let proto = u8at(r, l.proto)?;
        match nd.names.proto(proto) {
            Some(name) => {
                nd.o.extend_from_slice(name.as_bytes());
                nd.s(" ");
            }
            None => nd.f(format_args!("{proto} ")),
        }
        if proto == 6 {
            let flags = u8at(r, l.tcp_flags)?;
            for (bit, c) in [
                (1, "F"),
                (2, "S"),
                (4, "R"),
                (8, "P"),
                (0x10, "A"),
                (0x20, "U"),
            ] {
                if flags & bit != 0 {
                    nd.s(c);
                }
            }
            if flags != 0 {
                nd.s(" ");
            }
        }
        nd.f(format_args!(
            "tos {}, {} ({} octets) ",
            r[l.tos],
            be32(r, 16)?,
            be32(r, 20)?
        ));
        if l.encaps {
            let flags = be16(r, 46)?;
            nd.f(format_args!("({}<>{} encaps)", flags >> 8, flags & 0xff));
        }
        at += l.record;
        nrecs -= 1;
    }
    Ok(true)
}
