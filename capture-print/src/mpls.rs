//! MPLS label stacks (RFC 3032), as tcpdump's print-mpls.c: each label entry, then the
//! payload, whose protocol is guessed from the last label or the first payload byte.
use super::{Nd, Res, Trunc, ascii, be32, ip, ip6, tail, u8at};

/// Names of the reserved label values.
const LABEL_NAMES: [&str; 16] = [
    "IPv4 explicit NULL",
    "router alert",
    "IPv6 explicit NULL",
    "implicit NULL",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
];

/// tcpdump's `mpls_print`: a label stack and what it carries.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "mpls";
    nd.s("MPLS");
    let mut length = length;
    let mut off = 0;
    let mut depth = 0;
    let label = loop {
        if length < 4 {
            nd.invalid();
            // tcpdump then checks the rest was captured: a truncation if not.
            return if bp.len() - off.min(bp.len()) < length {
                Err(Trunc)
            } else {
                Ok(())
            };
        }
        let entry = be32(bp, off)?;
        let label = entry >> 12;
        nd.s(if depth > 0 && nd.opts.verbose > 0 {
            "\n\t"
        } else {
            " "
        });
        nd.f(format_args!("(label {label}"));
        depth += 1;
        if let Some(name) = LABEL_NAMES.get(label as usize)
            && nd.opts.verbose > 0
        {
            nd.f(format_args!(" ({name})"));
        }
        nd.f(format_args!(", tc {}", (entry >> 9) & 7));
        let bottom = entry & 0x100 != 0;
        if bottom {
            nd.s(", [S]");
        }
        nd.f(format_args!(", ttl {})", entry & 0xff));
        off += 4;
        length -= 4;
        if bottom {
            break label;
        }
    };
    let p = tail(bp, off);
    enum Payload {
        Unknown,
        V4,
        V6,
        Osi,
    }
    let pt = match label {
        0 | 3 => Payload::V4,
        2 => Payload::V6,
        _ => {
            if length < 1 {
                return Ok(());
            }
            // Cisco's control-plane traffic: the first byte of an IP or OSI header tells.
            match u8at(p, 0)? {
                0x45..=0x4f => Payload::V4,
                0x60..=0x6f => Payload::V6,
                0x81..=0x83 => Payload::Osi,
                _ => Payload::Unknown,
            }
        }
    };
    let sep = if nd.opts.verbose > 0 { "\n\t" } else { " " };
    match pt {
        Payload::Unknown => {
            if nd.opts.suppress_default_print() {
                return Ok(());
            }
            ascii::hex_and_ascii_len(nd, p, length)
        }
        Payload::V4 => {
            nd.s(sep);
            ip::print(nd, p, length)
        }
        Payload::V6 => {
            nd.s(sep);
            ip6::print(nd, p, length)
        }
        Payload::Osi => {
            nd.s(sep);
            super::isoclns::print(nd, p, length)
        }
    }
}
