//! Geneve (draft-ietf-nvo3-geneve, UDP port 6081), as tcpdump's print-geneve.c: the flags,
//! network identifier and options, then the payload by its ethertype.
use super::ether::{self, ETHERTYPES};
use super::util::Tok;
use super::{Nd, Res, be16, be24, be32, has, tail, u8at};

const FLAGS: &Tok = &[
    (0x80, "O"),
    (0x40, "C"),
    (0x20, "R1"),
    (0x10, "R2"),
    (0x08, "R3"),
    (0x04, "R4"),
    (0x02, "R5"),
    (0x01, "R6"),
];

/// The name of an option class.
fn opt_class(class: u16) -> &'static str {
    match class {
        0x0100 => "Linux",
        0x0101 => "Open vSwitch",
        0x0102 => "Open Virtual Networking (OVN)",
        0x0103 => "In-band Network Telemetry (INT)",
        0x0104 => "VMware",
        0..=0x00ff => "Standard",
        0xfff0.. => "Experimental",
        _ => "Unknown",
    }
}

/// The options, `len` bytes of them (all captured).
fn opts_print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    let mut sep = "";
    let mut at = 0;
    let mut len = len;
    while len > 0 {
        nd.s(sep);
        sep = ", ";
        let class = be16(bp, at)?;
        let typ = u8at(bp, at + 2)?;
        let opt_len = 4 + usize::from(u8at(bp, at + 3)? & 0x1f) * 4;
        nd.f(format_args!(
            "class {} (0x{class:x}) type 0x{typ:x}{} len {opt_len}",
            opt_class(class),
            if typ & 0x80 != 0 { "(C)" } else { "" }
        ));
        if opt_len > len {
            nd.s(" [bad length]");
            return Ok(());
        }
        if nd.opts.verbose > 1 && opt_len > 4 {
            nd.s(" data");
            for i in (4..opt_len).step_by(4) {
                nd.f(format_args!(" {:08x}", be32(bp, at + i)?));
            }
        }
        at += opt_len;
        len -= opt_len;
    }
    Ok(())
}

/// tcpdump's `geneve_print`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "geneve";
    nd.s("Geneve");
    if len < 8 {
        nd.f(format_args!(" [length {len} < 8]"));
        nd.invalid();
        return Ok(());
    }
    if bp.len() < 8 {
        return nd.trunc_here();
    }
    let ver_opt = bp[0];
    let version = ver_opt >> 6;
    if version != 0 {
        nd.f(format_args!(" ERROR: unknown-version {version}"));
        return Ok(());
    }
    let flags = bp[1];
    let prot = be16(bp, 2)?;
    let vni = be24(bp, 4)?;
    let reserved = bp[7];
    let len = len - 8;
    nd.s(", Flags [");
    nd.bittok2str_nosep(FLAGS, "none", u32::from(flags));
    nd.f(format_args!("], vni 0x{vni:x}"));
    if reserved != 0 {
        nd.f(format_args!(", rsvd 0x{reserved:x}"));
    }
    if nd.opts.link_header {
        nd.s(", proto ");
        nd.tok2str(ETHERTYPES, "unknown", u32::from(prot));
        nd.f(format_args!(" (0x{prot:04x})"));
    }
    let opts_len = usize::from(ver_opt & 0x3f) * 4;
    if len < opts_len {
        nd.f(format_args!(
            " truncated-geneve - {} bytes missing",
            opts_len - len
        ));
        return Ok(());
    }
    if !has(bp, 8, opts_len) {
        return nd.trunc_here();
    }
    if opts_len > 0 {
        nd.s(", options [");
        if nd.opts.verbose > 0 {
            opts_print(nd, tail(bp, 8), opts_len)?;
        } else {
            nd.f(format_args!("{opts_len} bytes"));
        }
        nd.s("]");
    }
    let inner = tail(bp, 8 + opts_len);
    let len = len - opts_len;
    nd.s(if nd.opts.verbose < 1 { ": " } else { "\n\t" });
    if !ether::ethertype_print(nd, prot, inner, len, None) {
        if prot == 0x6558 {
            ether::print(nd, inner, len as u32);
        } else {
            nd.f(format_args!("geneve-proto-0x{prot:x}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn options_and_payload() {
        let h = "4500004000010000401166aa0a0000010a000002303917c1002c00000240080000000a00000080010000000c4500001400010000400100000a0000010a000002";
        check(
            101,
            "-n -vv",
            h.len() as u32 / 2,
            h,
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 64)\
             \n    10.0.0.1.12345 > 10.0.0.2.6081: [no cksum] Geneve, Flags [C], vni 0xa, \
             options [class Standard (0x0) type 0x80(C) len 8 data 0000000c]\
             \n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 20, bad cksum 0 (->66e6)!)\
             \n    10.0.0.1 > 10.0.0.2:  [|icmp]",
        );
    }
}
