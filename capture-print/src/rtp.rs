//! The audio/video conferencing printers of tcpdump's print-udp.c: vat (UDP port 3456 or
//! `-T vat`), RTP (`-T rtp`) and RTCP (`-T rtcp`).
use super::util::fmt_f;
use super::{Nd, Res, be16, be32, has};

/// vat's destination port.
pub(crate) const VAT_PORT: u16 = 3456;

/// Prints a vat (or vt) packet of `length` bytes.
pub(crate) fn vat(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "vat";
    if length < 2 {
        nd.f(format_args!("udp/va/vat, length {length} < 2"));
        return Ok(());
    }
    let ts = be16(bp, 0)?;
    if ts & 0xf060 != 0 {
        nd.f(format_args!(
            "udp/vt {length} {} / {}",
            ts & 0x3ff,
            ts >> 10
        ));
        return Ok(());
    }
    if length < 8 {
        nd.f(format_args!("udp/vat, length {length} < 8"));
        return Ok(());
    }
    let (i0, i1) = (be32(bp, 0)?, be32(bp, 4)?);
    nd.f(format_args!(
        "udp/vat {} c{} {i1}{}",
        length - 8,
        i0 & 0xffff,
        if i0 & 0x80_0000 != 0 { "*" } else { "" }
    ));
    if i0 & 0x1f_0000 != 0 {
        nd.f(format_args!(" f{}", (i0 >> 16) & 0x1f));
    }
    if i0 & 0x3f00_0000 != 0 {
        nd.f(format_args!(" s{}", (i0 >> 24) & 0x3f));
    }
    Ok(())
}

/// Prints an RTP (v1 or v2) packet of `len` bytes.
pub(crate) fn rtp(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "rtp";
    if len < 8 {
        nd.f(format_args!("udp/rtp, length {len} < 8"));
        return Ok(());
    }
    let (i0, i1) = (be32(bp, 0)?, be32(bp, 4)?);
    let mut dlen = len - 8;
    // Where the header's optional parts start, and how many words are left, in words.
    let mut ip = 2usize;
    let mut words = len / 4 - 2;
    let (hasopt, hasext, contype, marker, ptype);
    if i0 >> 30 == 1 {
        hasopt = i0 & 0x80_0000 != 0;
        hasext = false;
        contype = (i0 >> 16) & 0x3f;
        marker = i0 & 0x40_0000 != 0;
        ptype = "rtpv1";
    } else {
        if dlen < 4 {
            nd.f(format_args!("udp/rtp, length {} < 12", dlen + 8));
            return Ok(());
        }
        hasopt = false;
        hasext = i0 & 0x1000_0000 != 0;
        contype = (i0 >> 16) & 0x7f;
        marker = i0 & 0x80_0000 != 0;
        dlen -= 4;
        ptype = "rtp";
        ip += 1;
        words -= 1;
    }
    nd.f(format_args!(
        "udp/{ptype} {dlen} c{contype} {}{} {} {i1}",
        if hasopt || hasext { "+" } else { "" },
        if marker { "*" } else { "" },
        i0 & 0xffff
    ));
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" {}", be32(bp, 8)?));
        if hasopt {
            loop {
                let i2 = be32(bp, ip * 4)?;
                let optlen = ((i2 >> 16) & 0xff) as usize;
                if optlen == 0 || optlen > words {
                    nd.s(" !opt");
                    return Ok(());
                }
                ip += optlen;
                words -= optlen;
                if (i2 as i32) < 0 {
                    break;
                }
            }
        }
        if hasext {
            let i2 = be32(bp, ip * 4)?;
            let extlen = (i2 & 0xffff) as usize + 1;
            if extlen > words {
                nd.s(" !ext");
                return Ok(());
            }
            ip += extlen;
        }
        if contype == 0x1f {
            nd.f(format_args!(" 0x{:04x}", be32(bp, ip * 4)? >> 16));
        }
    }
    Ok(())
}

/// Prints the RTCP packets of a datagram, up to the end of the capture.
pub(crate) fn rtcp(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    let mut off = 0;
    while off < bp.len() {
        match rtcp_one(nd, &bp[off..])? {
            Some(len) => off += len,
            None => break,
        }
    }
    Ok(())
}

/// One RTCP packet; its length, or None after a truncation.
fn rtcp_one(nd: &mut Nd<'_>, rh: &[u8]) -> Res<Option<usize>> {
    nd.proto = "rtcp";
    const HDR: usize = 8;
    const SR: usize = 20;
    const RR: usize = 24;
    if !has(rh, 0, HDR) {
        nd.trunc();
        return Ok(None);
    }
    let len = (usize::from(be16(rh, 2)?) + 1) * 4;
    let flags = be16(rh, 0)?;
    let mut cnt = usize::from((flags >> 8) & 0x1f);
    let ssrc = be32(rh, 4)?;
    let verbose = nd.opts.verbose > 0;
    let mut rr = HDR;
    match flags & 0xff {
        200 => {
            nd.s(" sr");
            if len != cnt * RR + SR + HDR {
                nd.f(format_args!(" [{len}]"));
            }
            if verbose {
                nd.f(format_args!(" {ssrc}"));
            }
            if !has(rh, HDR, SR) {
                nd.trunc();
                return Ok(None);
            }
            let ts = f64::from(be32(rh, 8)?) + f64::from(be32(rh, 12)?) / 4_294_967_296.0;
            nd.f(format_args!(
                " @{} {} {}p {}b",
                fmt_f(ts, 2),
                be32(rh, 16)?,
                be32(rh, 20)?,
                be32(rh, 24)?
            ));
            rr = HDR + SR;
        }
        201 => {
            nd.s(" rr");
            if len != cnt * RR + HDR {
                nd.f(format_args!(" [{len}]"));
            }
            if verbose {
                nd.f(format_args!(" {ssrc}"));
            }
        }
        t => {
            match t {
                202 => nd.f(format_args!(" sdes {len}")),
                203 => nd.f(format_args!(" bye {len}")),
                _ => nd.f(format_args!(" type-0x{t:x} {len}")),
            }
            if verbose && matches!(t, 202 | 203) {
                nd.f(format_args!(" {ssrc}"));
            }
            cnt = 0;
        }
    }
    if cnt > 1 {
        nd.f(format_args!(" c{cnt}"));
    }
    while cnt != 0 {
        if !has(rh, rr, RR) {
            nd.trunc();
            return Ok(None);
        }
        if verbose {
            nd.f(format_args!(" {}", be32(rh, rr)?));
        }
        let ts = f64::from(be32(rh, rr + 16)?) / 65536.0;
        let dts = f64::from(be32(rh, rr + 20)?) / 65536.0;
        nd.f(format_args!(
            " {}l {}s {}j @{}+{}",
            be32(rh, rr + 4)? & 0xff_ffff,
            be32(rh, rr + 8)?,
            be32(rh, rr + 12)?,
            fmt_f(ts, 2),
            fmt_f(dts, 2)
        ));
        // tcpdump prints the first report block for each of them.
        cnt -= 1;
    }
    Ok(Some(len))
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};
    use crate::{Options, PacketType};

    fn with(t: PacketType, v: u8) -> Options {
        Options {
            packet_type: Some(t),
            ..opts(v)
        }
    }

    #[test]
    fn rtp_v2() {
        let m = [0x80, 0x60, 0x12, 0x34, 0, 0, 0, 9, 0, 0, 0, 7, 1, 2, 3, 4];
        let s = print_ip(with(PacketType::Rtp, 1), &udp4(5004, 5004, &m));
        assert!(s.ends_with("5004: udp/rtp 4 c96  4660 9 7\n"), "{s}");
        let s = print_ip(with(PacketType::Rtp, 1), &udp4(5004, 5004, &m[..9]));
        assert!(s.ends_with("5004: udp/rtp, length 9 < 12\n"), "{s}");
    }

    #[test]
    fn rtcp_receiver_report() {
        let mut m = vec![0x81, 201, 0, 7, 0, 0, 0, 1];
        m.extend_from_slice(&[
            0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 1, 0, 0, 0, 2, 0, 0,
        ]);
        let s = print_ip(with(PacketType::Rtcp, 0), &udp4(5005, 5005, &m));
        assert!(s.ends_with("5005:  rr 3l 4s 5j @1.00+2.00\n"), "{s}");
    }

    #[test]
    fn vat_by_port() {
        let m = [0, 0x85, 0, 3, 0, 0, 0, 9, 0xaa];
        let s = print_ip(opts(0), &udp4(1000, 3456, &m));
        assert!(s.ends_with("3456: udp/vat 1 c3 9* f5\n"), "{s}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(m in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
                        t in proptest::sample::select(vec![PacketType::Rtp, PacketType::Rtcp, PacketType::Vat]),
                        v in 0u8..3) {
            let _ = print_ip(with(t, v), &udp4(5004, 5004, &m));
        }
    }
}
