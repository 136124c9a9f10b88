//! Bidirectional Forwarding Detection (RFC 5880/5881/5883/7130), as tcpdump's print-bfd.c:
//! control packets (v0 and v1, with their authentication section) and echo packets.
use super::util::Tok;
use super::{Nd, Res, Trunc, be32, sl, tail, u8at};

/// Single-hop control packets (RFC 5881).
pub(crate) const CONTROL_PORT: u16 = 3784;
/// Echo packets (RFC 5881).
pub(crate) const ECHO_PORT: u16 = 3785;
/// Multihop control packets (RFC 5883).
pub(crate) const MULTIHOP_PORT: u16 = 4784;
/// Micro-BFD on LAG members (RFC 7130).
pub(crate) const LAG_PORT: u16 = 6784;

/// The fixed control header's size.
const HDR_LEN: usize = 24;
/// The authentication type flag.
const FLAG_AUTH: u32 = 0x04;

const AUTH_TYPES: &Tok = &[
    (1, "Simple Password"),
    (2, "Keyed MD5"),
    (3, "Meticulous Keyed MD5"),
    (4, "Keyed SHA1"),
    (5, "Meticulous Keyed SHA1"),
];

const DIAGS: &Tok = &[
    (0, "No Diagnostic"),
    (1, "Control Detection Time Expired"),
    (2, "Echo Function Failed"),
    (3, "Neighbor Signaled Session Down"),
    (4, "Forwarding Plane Reset"),
    (5, "Path Down"),
    (6, "Concatenated Path Down"),
    (7, "Administratively Down"),
    (8, "Reverse Concatenated Path Down"),
];

const PORTS: &Tok = &[
    (CONTROL_PORT as u32, "Control"),
    (MULTIHOP_PORT as u32, "Multihop"),
    (LAG_PORT as u32, "Lag"),
];

const V0_FLAGS: &Tok = &[
    (0x80, "I Hear You"),
    (0x40, "Demand"),
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (FLAG_AUTH, "Authentication Present"),
    (0x02, "Reserved"),
    (0x01, "Reserved"),
];

const V1_FLAGS: &Tok = &[
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (FLAG_AUTH, "Authentication Present"),
    (0x02, "Demand"),
    (0x01, "Multipoint"),
];

const V1_STATES: &Tok = &[(0, "AdminDown"), (1, "Down"), (2, "Init"), (3, "Up")];

/// Prints a BFD packet sent to UDP port `port`; `len` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize, port: u16) -> Res {
    nd.proto = "bfd";
    if !matches!(port, CONTROL_PORT | MULTIHOP_PORT | LAG_PORT) {
        if port == ECHO_PORT {
            nd.f(format_args!("BFD, Echo, length: {len}"));
        } else {
            nd.f(format_args!("BFD, unknown ({port}), length: {len}"));
        }
        if nd.opts.verbose >= 1 {
            nd.print_unknown_data(bp, "\n\t", len);
        }
        return Ok(());
    }
    sl(bp, 0, HDR_LEN)?;
    let version_diag = u8at(bp, 0)?;
    let version = version_diag >> 5;
    let diag = u32::from(version_diag & 0x1f);
    let flags = u32::from(u8at(bp, 1)?);
    match version {
        0 | 1 => {
            let (flag_names, flag_bits) = if version == 0 {
                (V0_FLAGS, flags)
            } else {
                (V1_FLAGS, flags & 0x3f)
            };
            if nd.opts.verbose < 1 {
                nd.f(format_args!("BFDv{version}, "));
                kind(nd, version, port, flags);
                nd.s(", Flags: [");
                nd.bittok2str(flag_names, "none", flag_bits);
                nd.f(format_args!("], length: {len}"));
                return Ok(());
            }
            nd.f(format_args!("BFDv{version}, length: {len}\n\t"));
            kind(nd, version, port, flags);
            nd.s(", Flags: [");
            nd.bittok2str(flag_names, "none", flag_bits);
            nd.s("], Diagnostic: ");
            nd.tok2str(DIAGS, "unknown", diag);
            nd.f(format_args!(" (0x{diag:02x})"));
            let mult = u32::from(u8at(bp, 2)?);
            let tx = be32(bp, 12)?;
            nd.f(format_args!(
                "\n\tDetection Timer Multiplier: {mult} ({} ms Detection time), BFD Length: {}",
                mult.wrapping_mul(tx) / 1000,
                u8at(bp, 3)?
            ));
            nd.f(format_args!(
                "\n\tMy Discriminator: 0x{:08x}, Your Discriminator: 0x{:08x}",
                be32(bp, 4)?,
                be32(bp, 8)?
            ));
            nd.f(format_args!(
                "\n\t  Desired min Tx Interval:    {:4} ms\n\t  Required min Rx Interval:   {:4} ms\n\t  Required min Echo Interval: {:4} ms",
                tx / 1000,
                be32(bp, 16)? / 1000,
                be32(bp, 20)? / 1000
            ));
            if flags & FLAG_AUTH != 0 {
                auth(nd, tail(bp, HDR_LEN))?;
            }
        }
        _ => {
            nd.f(format_args!("BFDv{version}, Control, length: {len}"));
            if nd.opts.verbose >= 1 {
                nd.print_unknown_data(bp, "\n\t", len);
            }
        }
    }
    Ok(())
}

/// What the header says the packet is: `Control` for v0, else the session kind and state.
fn kind(nd: &mut Nd<'_>, version: u8, port: u16, flags: u32) {
    if version == 0 {
        nd.s("Control");
    } else {
        port_and_state(nd, port, flags);
    }
}

/// The v1 session kind (from the port) and state.
fn port_and_state(nd: &mut Nd<'_>, port: u16, flags: u32) {
    nd.tok2str(PORTS, "unknown (%u)", u32::from(port));
    nd.s(", State ");
    nd.tok2str(V1_STATES, "unknown (%u)", (flags & 0xc0) >> 6);
}

/// The authentication section that follows the control header.
fn auth(nd: &mut Nd<'_>, a: &[u8]) -> Res {
    sl(a, 0, 4)?;
    let kind = u32::from(a[0]);
    let alen = a[1];
    nd.s("\n\tAuthentication: ");
    nd.tok2str(AUTH_TYPES, "Unknown", kind);
    nd.f(format_args!(" ({kind}), length: {alen}"));
    nd.f(format_args!("\n\t  Auth Key ID: {}", a[2]));
    let (hash_name, hash_len, field_len) = match kind {
        1 => {
            if !(4..=19).contains(&alen) {
                nd.f(format_args!("[invalid length {alen}]"));
                return Ok(());
            }
            nd.s(", Password: ");
            // Characters up to the end of the capture, then the truncation.
            if nd.printn(tail(a, 3), usize::from(alen) - 3) {
                return Err(Trunc);
            }
            return Ok(());
        }
        2 | 3 => ("Digest", 16, 24),
        4 | 5 => ("Hash", 20, 28),
        _ => return Ok(()),
    };
    if alen != field_len {
        nd.f(format_args!("[invalid length {alen}]"));
        return Ok(());
    }
    nd.f(format_args!(", Sequence Number: 0x{:08x}", be32(a, 4)?));
    let hash = sl(a, 8, hash_len)?;
    nd.f(format_args!("\n\t  {hash_name}: "));
    for b in hash {
        nd.f(format_args!("{b:02x}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    const CONTROL: [u8; 24] = [
        0x20, 0xc0, 3, 24, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0x0f, 0x42, 0x40, 0, 0x04, 0x93, 0xe0, 0, 0,
        0, 0,
    ];

    #[test]
    fn control_v1() {
        let s = print_ip(opts(0), &udp4(1024, 3784, &CONTROL));
        assert_eq!(
            s,
            "IP 10.0.0.1.1024 > 10.0.0.2.3784: BFDv1, Control, State Up, Flags: [none], length: 24\n"
        );
        let s = print_ip(opts(1), &udp4(1024, 4784, &CONTROL));
        assert!(s.contains(
            "BFDv1, length: 24\n\tMultihop, State Up, Flags: [none], Diagnostic: No Diagnostic (0x00)\n\tDetection Timer Multiplier: 3 (3000 ms Detection time), BFD Length: 24\n\tMy Discriminator: 0x00000001, Your Discriminator: 0x00000002\n\t  Desired min Tx Interval:    1000 ms\n\t  Required min Rx Interval:    300 ms\n\t  Required min Echo Interval:    0 ms\n"
        ), "{s}");
    }

    #[test]
    fn keyed_sha1_and_truncation() {
        let mut p = CONTROL.to_vec();
        p[1] |= 0x04;
        p.extend_from_slice(&[4, 28, 7, 0, 0, 0, 0, 9]);
        p.extend(1..=20u8);
        let s = print_ip(opts(1), &udp4(1024, 3784, &p));
        assert!(
            s.ends_with(
                "\n\tAuthentication: Keyed SHA1 (4), length: 28\n\t  Auth Key ID: 7, Sequence Number: 0x00000009\n\t  Hash: 0102030405060708090a0b0c0d0e0f1011121314\n"
            ),
            "{s}"
        );
        let mut pkt = udp4(1024, 3784, &p);
        pkt.truncate(pkt.len() - 12);
        let s = print_ip(opts(1), &pkt);
        assert!(s.ends_with("Sequence Number: 0x00000009 [|bfd]\n"), "{s}");
    }

    #[test]
    fn echo() {
        let s = print_ip(opts(1), &udp4(1024, 3785, &[0xab, 0xcd]));
        assert_eq!(
            s,
            "IP (tos 0x0, ttl 64, id 0, offset 0, flags [none], proto UDP (17), length 30, bad cksum 0 (->66cd)!)\n    10.0.0.1.1024 > 10.0.0.2.3785: BFD, Echo, length: 2\n\t0x0000:  abcd\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
                        port in proptest::sample::select(vec![3784u16, 3785, 4784, 6784]),
                        cut in 0usize..120, v in 0u8..4) {
            let mut pkt = udp4(1024, port, &payload);
            pkt.truncate(28 + cut);
            let _ = print_ip(opts(v), &pkt);
        }
    }
}
