//! PGM, Pragmatic General Multicast (RFC 3208), as tcpdump's print-pgm.c: over IP protocol 113,
//! or over UDP as EPGM with `-T pgm`; with `-v` each packet type and its options, and with
//! `-T pgm_zmtp1` the ZeroMQ datagram in ODATA and RDATA packets.
use super::af::{AFNUM_INET, AFNUM_INET6};
use super::ip::IpHdr;
use super::{Nd, PacketType, Res, Trunc, be16, be32, has, sl, u8at};

/// Why the printer stopped early: it returned after a message (nothing more is printed), met
/// a local truncation check (its mark is printed in place), or read past the captured bytes
/// (tcpdump's longjmp to the top).
enum Stop {
    Return,
    Trunc,
    Jmp,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Jmp
    }
}

/// A network layer address (family `afi`) at `at`, as text; `None` for another family.
fn nla(b: &[u8], at: usize, afi: u16) -> Result<Option<(String, usize)>, Stop> {
    Ok(match afi {
        AFNUM_INET => {
            let a = sl(b, at, 4).map_err(|_| Stop::Trunc)?;
            Some((format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3]), 4))
        }
        AFNUM_INET6 => {
            let a = sl(b, at, 16).map_err(|_| Stop::Trunc)?;
            let mut o = Vec::new();
            super::ip6::write_ipv6(&mut o, a);
            Some((String::from_utf8_lossy(&o).into_owned(), 16))
        }
        _ => None,
    })
}

/// Prints a PGM packet of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    nd.proto = "pgm";
    if !has(bp, 2, 2) {
        ip.src(nd);
        nd.s(" > ");
        ip.dst(nd);
        nd.s(":");
        nd.trunc();
        return Ok(());
    }
    let sport = be16(bp, 0)?;
    let dport = be16(bp, 2)?;
    if ip.first_proto == 113 {
        ip.src(nd);
        nd.s(".");
        nd.names.tcp_port(nd.o, sport);
        nd.s(" > ");
        ip.dst(nd);
        nd.s(".");
        nd.names.tcp_port(nd.o, dport);
        nd.s(": ");
    } else {
        nd.names.tcp_port(nd.o, sport);
        nd.s(" > ");
        nd.names.tcp_port(nd.o, dport);
        nd.s(": ");
    }
    match body(nd, bp, length) {
        Ok(()) | Err(Stop::Return) => Ok(()),
        Err(Stop::Trunc) => {
            nd.trunc();
            Ok(())
        }
        Err(Stop::Jmp) => Err(Trunc),
    }
}

/// The header's length, and with `-v` the packet type's fields and the options.
fn body(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Result<(), Stop> {
    if !has(bp, 0, 16) {
        return Err(Stop::Trunc);
    }
    let tsdu_len = be16(bp, 14)?;
    nd.f(format_args!("PGM, length {tsdu_len}"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let ty = bp[4];
    nd.s(" 0x");
    for b in &bp[8..14] {
        nd.f(format_args!("{b:02x}"));
    }
    nd.s(" ");
    // Where the options start: after the type's fields, or (for the types tcpdump reads no
    // fields of) at the start of the packet, as tcpdump reads them.
    let mut p = 0usize;
    match ty {
        0 => {
            check(bp, 16, 16)?;
            let afi = be16(bp, 28)?;
            let Some((addr, n)) = nla(bp, 32, afi)? else {
                return Err(Stop::Trunc);
            };
            nd.f(format_args!(
                "SPM seq {} trail {} lead {} nla {addr}",
                be32(bp, 16)?,
                be32(bp, 20)?,
                be32(bp, 24)?
            ));
            p = 32 + n;
        }
        1 => {
            check(bp, 16, 12)?;
            let afi = be16(bp, 24)?;
            let Some((addr, n)) = nla(bp, 28, afi)? else {
                return Err(Stop::Trunc);
            };
            let q = 28 + n;
            let (ivl, rnd, mask) = (be32(bp, q)?, be32(bp, q + 4)?, be32(bp, q + 8)?);
            nd.f(format_args!(
                "POLL seq {} round {} nla {addr} ivl {ivl} rnd 0x{rnd:08x} mask 0x{mask:08x}",
                be32(bp, 16)?,
                be16(bp, 20)?
            ));
            p = q + 12;
        }
        2 => {
            check(bp, 16, 8)?;
            nd.f(format_args!(
                "POLR seq {} round {}",
                be32(bp, 16)?,
                be16(bp, 20)?
            ));
            p = 24;
        }
        4 | 5 => {
            check(bp, 16, 8)?;
            nd.f(format_args!(
                "{} trail {} seq {}",
                if ty == 4 { "ODATA" } else { "RDATA" },
                be32(bp, 20)?,
                be32(bp, 16)?
            ));
            p = 24;
        }
        8..=10 => {
            check(bp, 16, 8)?;
            let Some((source, n)) = nla(bp, 24, be16(bp, 20)?)? else {
                return Err(Stop::Trunc);
            };
            // tcpdump skips the group's family field and reads the family from the
            // address's place, then the address from there too.
            let g = 24 + n + 4;
            let Some((group, gn)) = nla(bp, g, be16(bp, g)?)? else {
                return Err(Stop::Trunc);
            };
            nd.s(match ty {
                8 => "NAK ",
                9 => "NNAK ",
                _ => "NCF ",
            });
            nd.f(format_args!("({source} -> {group}), seq {}", be32(bp, 16)?));
            p = g + gn;
        }
        11 => {
            check(bp, 16, 8)?;
            nd.f(format_args!("ACK seq {}", be32(bp, 16)?));
            p = 24;
        }
        12 => nd.s("SPMR"),
        _ => nd.f(format_args!("UNKNOWN type 0x{ty:02x}")),
    }
    if bp[5] & 0x01 != 0 {
        p = options(nd, bp, p)?;
    }
    nd.f(format_args!(" [{length}]"));
    if nd.opts.packet_type == Some(PacketType::PgmZmtp1) && (ty == 4 || ty == 5) {
        super::zeromq::print_datagram(nd, super::tail(bp, p), u32::from(tsdu_len))?;
    }
    Ok(())
}

/// tcpdump's local `ND_TCHECK_LEN`: `n` bytes at `at` captured, else the truncation mark.
fn check(b: &[u8], at: usize, n: usize) -> Result<(), Stop> {
    if has(b, at, n) {
        Ok(())
    } else {
        Err(Stop::Trunc)
    }
}

/// Prints a message and stops the printer, as tcpdump's `ND_PRINT(...); return;`.
fn stop(nd: &mut Nd<'_>, msg: std::fmt::Arguments<'_>) -> Result<usize, Stop> {
    nd.f(msg);
    Err(Stop::Return)
}

/// The options from `p`, which start with OPT_LENGTH; returns where they end.
fn options(nd: &mut Nd<'_>, bp: &[u8], mut p: usize) -> Result<usize, Stop> {
    check(bp, p, 4)?;
    let ty = bp[p] & 0x7f;
    if ty != 0 {
        return stop(
            nd,
            format_args!("[First option bad, should be PGM_OPT_LENGTH, is {ty}]"),
        );
    }
    let len = bp[p + 1];
    if len != 4 {
        return stop(
            nd,
            format_args!("[Bad OPT_LENGTH option, length {len} != 4]"),
        );
    }
    let mut opts_len = u32::from(be16(bp, p + 2)?);
    p += 4;
    if opts_len < 4 {
        return stop(nd, format_args!("[Bad total option length {opts_len} < 4]"));
    }
    nd.f(format_args!(" OPTS LEN {opts_len}"));
    opts_len -= 4;
    while opts_len != 0 {
        if opts_len < 4 {
            return stop(
                nd,
                format_args!("[Total option length leaves no room for final option]"),
            );
        }
        let opt_type = u8at(bp, p)?;
        let opt_len = u8at(bp, p + 1)?;
        p += 2;
        if opt_len < 4 {
            nd.f(format_args!("[Bad option, length {opt_len} < 4]"));
            break;
        }
        let ol = u32::from(opt_len);
        if opts_len < ol {
            return stop(
                nd,
                format_args!("[Total option length leaves no room for final option]"),
            );
        }
        check(bp, p, usize::from(opt_len) - 2)?;
        // Checks a fixed option length; tcpdump returns on a mismatch.
        macro_rules! fixed {
            ($name:literal, $n:expr) => {
                if ol != $n {
                    return stop(
                        nd,
                        format_args!(concat!("[Bad ", $name, " option, length {} != {}]"), ol, $n),
                    );
                }
            };
        }
        match opt_type & 0x7f {
            0x00 => {
                fixed!("OPT_LENGTH", 4);
                nd.f(format_args!(" OPTS LEN (extra?) {}", be16(bp, p)?));
                p += 2;
                opts_len -= 4;
            }
            0x01 => {
                fixed!("OPT_FRAGMENT", 16);
                let (seq, off, len) = (be32(bp, p + 2)?, be32(bp, p + 6)?, be32(bp, p + 10)?);
                p += 14;
                nd.f(format_args!(" FRAG seq {seq} off {off} len {len}"));
                opts_len -= 16;
            }
            0x02 => {
                p += 2;
                let mut n = ol - 4;
                nd.s(" NAK LIST");
                while n != 0 {
                    if n < 4 {
                        return stop(nd, format_args!("[Option length not a multiple of 4]"));
                    }
                    nd.f(format_args!(" {}", be32(bp, p)?));
                    p += 4;
                    n -= 4;
                    opts_len = opts_len.wrapping_sub(4);
                }
            }
            0x03 => {
                fixed!("OPT_JOIN", 8);
                nd.f(format_args!(" JOIN {}", be32(bp, p + 2)?));
                p += 6;
                opts_len -= 8;
            }
            0x04 => {
                fixed!("OPT_NAK_BO_IVL", 12);
                let (ivl, seq) = (be32(bp, p + 2)?, be32(bp, p + 6)?);
                p += 10;
                nd.f(format_args!(" BACKOFF ivl {ivl} ivlseq {seq}"));
                opts_len -= 12;
            }
            0x05 => {
                fixed!("OPT_NAK_BO_RNG", 12);
                let (max, min) = (be32(bp, p + 2)?, be32(bp, p + 6)?);
                p += 10;
                nd.f(format_args!(" BACKOFF max {max} min {min}"));
                opts_len -= 12;
            }
            0x07 => {
                if ol < 8 {
                    return stop(
                        nd,
                        format_args!("[Bad OPT_REDIRECT option, length {ol} < 8]"),
                    );
                }
                let afi = be16(bp, p + 2)?;
                p += 6;
                let addr = nla_option(nd, bp, p, afi, ol, 8, "OPT_REDIRECT")?;
                p += addr.1;
                opts_len -= 8 + addr.1 as u32;
                nd.f(format_args!(" REDIRECT {}", addr.0));
            }
            0x08 => {
                fixed!("OPT_PARITY_PRM", 8);
                nd.f(format_args!(" PARITY MAXTGS {}", be32(bp, p + 2)?));
                p += 6;
                opts_len -= 8;
            }
            0x09 => {
                fixed!("OPT_PARITY_GRP", 8);
                nd.f(format_args!(" PARITY GROUP {}", be32(bp, p + 2)?));
                p += 6;
                opts_len -= 8;
            }
            0x0a => {
                fixed!("OPT_CURR_TGSIZE", 8);
                nd.f(format_args!(" PARITY ATGS {}", be32(bp, p + 2)?));
                p += 6;
                opts_len -= 8;
            }
            0x0b => {
                fixed!("OPT_NBR_UNREACH", 4);
                p += 2;
                nd.s(" NBR_UNREACH");
                opts_len -= 4;
            }
            0x0c => {
                nd.f(format_args!(" PATH_NLA [{ol}]"));
                p += usize::from(opt_len);
                opts_len -= ol;
            }
            0x0d => {
                fixed!("OPT_SYN", 4);
                p += 2;
                nd.s(" SYN");
                opts_len -= 4;
            }
            0x0e => {
                fixed!("OPT_FIN", 4);
                p += 2;
                nd.s(" FIN");
                opts_len -= 4;
            }
            0x0f => {
                fixed!("OPT_RST", 4);
                p += 2;
                nd.s(" RST");
                opts_len -= 4;
            }
            0x10 => {
                nd.s(" CR");
                p += usize::from(opt_len);
                opts_len -= ol;
            }
            0x11 => {
                fixed!("OPT_CRQST", 4);
                p += 2;
                nd.s(" CRQST");
                opts_len -= 4;
            }
            t @ (0x12 | 0x13) => {
                let (name, label) = if t == 0x12 {
                    ("OPT_PGMCC_DATA", "PGMCC DATA")
                } else {
                    ("OPT_PGMCC_FEEDBACK", "PGMCC FEEDBACK")
                };
                if ol < 12 {
                    let shown = if t == 0x12 {
                        name
                    } else {
                        "PGM_OPT_PGMCC_FEEDBACK"
                    };
                    return stop(nd, format_args!("[Bad {shown} option, length {ol} < 12]"));
                }
                let offset = be32(bp, p + 2)?;
                let afi = be16(bp, p + 6)?;
                p += 10;
                let addr = nla_option(nd, bp, p, afi, ol, 12, name)?;
                p += addr.1;
                opts_len -= 12 + addr.1 as u32;
                nd.f(format_args!(" {label} {offset} {}", addr.0));
            }
            _ => {
                nd.f(format_args!(" OPT_{opt_type:02X} [{ol}] "));
                p += usize::from(opt_len);
                opts_len -= ol;
            }
        }
        if opt_type & 0x80 != 0 {
            break;
        }
    }
    Ok(p)
}

/// The address of a REDIRECT or PGMCC option at `p`, whose length must be the fixed part
/// plus the address's.
fn nla_option(
    nd: &mut Nd<'_>,
    bp: &[u8],
    p: usize,
    afi: u16,
    ol: u32,
    fixed: u32,
    name: &str,
) -> Result<(String, usize), Stop> {
    let size = match afi {
        AFNUM_INET => 4,
        AFNUM_INET6 => 16,
        _ => return Err(Stop::Trunc),
    };
    if ol != fixed + size {
        nd.f(format_args!(
            "[Bad {name} option, length {ol} != {fixed} + address size]"
        ));
        return Err(Stop::Return);
    }
    nla(bp, p, afi)?.ok_or(Stop::Trunc)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn pgm_spm() {
        check(
            1,
            "-n -v",
            70,
            "001122334455665544332211080045000038123440004071141f0a0000010a00000203e815b3000000000102030405ab0000000000010000000200000003000100000a000009",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 56)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab SPM seq 1 trail 2 lead 3 nla 10.0.0.9 [36]",
        );
    }

    #[test]
    fn pgm_poll() {
        check(
            1,
            "-n -v",
            90,
            "00112233445566554433221108004500004c123440004071140b0a0000010a00000203e815b3010000000102030405ab000000000004000500000002000020010db8000000000000000000000009000000060000000700000008",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 76)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab POLL seq 4 round 5 nla 2001:db8::9 ivl 6 rnd 0x00000007 mask 0x00000008 [56]",
        );
    }

    #[test]
    fn pgm_polr() {
        check(
            1,
            "-n -v",
            58,
            "00112233445566554433221108004500002c123440004071142b0a0000010a00000203e815b3020000000102030405ab000000000009000a0000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 44)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab POLR seq 9 round 10 [24]",
        );
    }

    #[test]
    fn pgm_odata_options() {
        check(
            1,
            "-n -v",
            267,
            "0011223344556655443322110800450000fd123440004071135a0a0000010a00000203e815b3040100000102030405ab0017000000640000005a000400ba0004000401100000000000050000000600000007020c00000000000b0000000c0308000000000009040c00000000000100000002050c00000000000300000004070c0000000100000a000009080800000000000809080000000000090a0800000000000a0b0400000c06000001020d0400000e0400000f04000010060000000011040000121000000000004d000100000a000009131c00000000004e0002000020010db8000000000000000000000009b30600000000000361626303017879ff00000000000000050068697961",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 253)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 23 0x0102030405ab ODATA trail 90 seq 100 OPTS LEN 186 OPTS LEN (extra?) 4 FRAG seq 5 off 6 len 7 NAK LIST 11 12 JOIN 9 BACKOFF ivl 1 ivlseq 2 BACKOFF max 3 min 4 REDIRECT 10.0.0.9 PARITY MAXTGS 8 PARITY GROUP 9 PARITY ATGS 10 NBR_UNREACH PATH_NLA [6][Bad option, length 0 < 4] [233]",
        );
    }

    #[test]
    fn pgm_nak() {
        check(
            1,
            "-n -v",
            70,
            "001122334455665544332211080045000038123440004071141f0a0000010a00000203e815b3080000000102030405ab000000000032000100000a000009000100000a000009",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 56)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab  [|pgm]",
        );
    }

    #[test]
    fn pgm_ncf_ipv6() {
        check(
            1,
            "-n -v",
            94,
            "00112233445566554433221108004500005012344000407114070a0000010a00000203e815b30a0000000102030405ab0000000000330002000020010db80000000000000000000000090002000020010db8000000000000000000000009",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 80)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab  [|pgm]",
        );
    }

    #[test]
    fn pgm_ack() {
        check(
            1,
            "-n -v",
            58,
            "00112233445566554433221108004500002c123440004071142b0a0000010a00000203e815b30b0000000102030405ab00000000003c000000ff",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 44)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab ACK seq 60 [24]",
        );
    }

    #[test]
    fn pgm_spmr() {
        check(
            1,
            "-n -v",
            50,
            "00112233445566554433221108004500002412344000407114330a0000010a00000203e815b30c0000000102030405ab0000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 36)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab SPMR [16]",
        );
    }

    #[test]
    fn pgm_unknown() {
        check(
            1,
            "-n -v",
            58,
            "00112233445566554433221108004500002c123440004071142b0a0000010a00000203e815b31f0000000102030405ab00000000000000000000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 44)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab UNKNOWN type 0x1f [24]",
        );
    }

    #[test]
    fn pgm_quiet() {
        check(
            1,
            "-n",
            70,
            "001122334455665544332211080045000038123440004071141f0a0000010a00000203e815b3000000000102030405ab0000000000010000000200000003000100000a000009",
            "IP 10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0",
        );
    }

    #[test]
    fn pgm_rdata_zmtp1() {
        check(
            1,
            "-n -vv -T pgm_zmtp1",
            81,
            "00112233445566554433221108004500004312344000407114140a0000010a00000203e815b3050000000102030405ab0017000000650000005b000361626303017879ff00000000000000050068697961",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 67)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 23 0x0102030405ab RDATA trail 91 seq 101 [47]\n\t frame offset 0x0003\n\t frame intermediate part, 3 bytes, first 3 byte(s):\n\t 0x0000:  6162 63                                  abc\n\t frame flags+body  (8-bit) length 3, flags 0x01 (-|-|-|-|-|-|-|MORE), first 2 byte(s) of body:\n\t 0x0000:  7879                                     xy\n\t frame flags+body (64-bit) length 5, flags 0x00 (-|-|-|-|-|-|-|-), first 4 byte(s) of body:\n\t 0x0000:  6869 7961                                hiya",
        );
    }

    #[test]
    fn pgm_odata_zmtp1_v() {
        check(
            1,
            "-n -v -T pgm_zmtp1",
            267,
            "0011223344556655443322110800450000fd123440004071135a0a0000010a00000203e815b3040100000102030405ab0017000000640000005a000400ba0004000401100000000000050000000600000007020c00000000000b0000000c0308000000000009040c00000000000100000002050c00000000000300000004070c0000000100000a000009080800000000000809080000000000090a0800000000000a0b0400000c06000001020d0400000e0400000f04000010060000000011040000121000000000004d000100000a000009131c00000000004e0002000020010db8000000000000000000000009b30600000000000361626303017879ff00000000000000050068697961",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 253)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 23 0x0102030405ab ODATA trail 90 seq 100 OPTS LEN 186 OPTS LEN (extra?) 4 FRAG seq 5 off 6 len 7 NAK LIST 11 12 JOIN 9 BACKOFF ivl 1 ivlseq 2 BACKOFF max 3 min 4 REDIRECT 10.0.0.9 PARITY MAXTGS 8 PARITY GROUP 9 PARITY ATGS 10 NBR_UNREACH PATH_NLA [6][Bad option, length 0 < 4] [233]\n\t frame offset 0x0e04 (exceeds datagram declared length) [|zmtp1]",
        );
    }

    #[test]
    fn epgm_spm() {
        check(
            1,
            "-n -v -T pgm",
            78,
            "00112233445566554433221108004500004012344000401114770a0000010a0000020bef15b3002c9c9503e815b3000000000102030405ab0000000000010000000200000003000100000a000009",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 64)\n    10.0.0.1.3055 > 10.0.0.2.5555: 1000 > 5555: PGM, length 0 0x0102030405ab SPM seq 1 trail 2 lead 3 nla 10.0.0.9 [36]",
        );
    }

    #[test]
    fn pgm_truncated() {
        check(
            1,
            "-n -v",
            70,
            "0011223344556655443322110800450000fd123440004071135a0a0000010a00000203e815b3040100000102030405ab0017000000640000005a000400ba0004000401100000",
            "IP truncated-ip - 197 bytes missing! (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 253)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 23 0x0102030405ab ODATA trail 90 seq 100 OPTS LEN 186 OPTS LEN (extra?) 4 [|pgm]",
        );
    }

    #[test]
    fn pgm_short() {
        check(
            1,
            "-n",
            36,
            "00112233445566554433221108004500001612344000407114410a0000010a0000020001",
            "IP 10.0.0.1 > 10.0.0.2: 10.0.0.1 > 10.0.0.2: [|pgm]",
        );
    }

    #[test]
    fn zmtp1_frames_v0() {
        check(
            1,
            "-n -T zmtp1",
            113,
            "001122334455665544332211080045000063123440004006145f0a0000010a00000215b31a0a000003e8000007d0501803e87da200000100060168656c6c6fff000000000000012c007a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a",
            "IP 10.0.0.1.5555 > 10.0.0.2.6666: Flags [P.], seq 1000:1059, ack 2000, win 1000, length 59: ZMTP/1.0\n\t frame flags+body  (8-bit) length 1, flags 0x00\n\t frame flags+body  (8-bit) length 6, flags 0x01\n\t frame flags+body (64-bit) length 300 (41 captured), flags 0x00 [|zmtp1]",
        );
    }

    #[test]
    fn zmtp1_frames_v1() {
        check(
            1,
            "-n -v -T zmtp1",
            113,
            "001122334455665544332211080045000063123440004006145f0a0000010a00000215b31a0a000003e8000007d0501803e87da200000100060168656c6c6fff000000000000012c007a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 99)\n    10.0.0.1.5555 > 10.0.0.2.6666: Flags [P.], cksum 0x7da2 (correct), seq 1000:1059, ack 2000, win 1000, length 59: ZMTP/1.0\n\t frame flags+body  (8-bit) length 1, flags 0x00 (-|-|-|-|-|-|-|-)\n\t frame flags+body  (8-bit) length 6, flags 0x01 (-|-|-|-|-|-|-|MORE), first 5 byte(s) of body:\n\t 0x0000:  6865 6c6c 6f                             hello\n\t frame flags+body (64-bit) length 300 (41 captured), flags 0x00 (-|-|-|-|-|-|-|-), first 40 byte(s) of body:\n\t 0x0000:  7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a  zzzzzzzzzzzzzzzz\n\t 0x0010:  7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a  zzzzzzzzzzzzzzzz\n\t 0x0020:  7a7a 7a7a 7a7a 7a7a                      zzzzzzzz [|zmtp1]",
        );
    }

    #[test]
    fn zmtp1_frames_v2() {
        check(
            1,
            "-n -vv -T zmtp1",
            113,
            "001122334455665544332211080045000063123440004006145f0a0000010a00000215b31a0a000003e8000007d0501803e87da200000100060168656c6c6fff000000000000012c007a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 99)\n    10.0.0.1.5555 > 10.0.0.2.6666: Flags [P.], cksum 0x7da2 (correct), seq 1000:1059, ack 2000, win 1000, length 59: ZMTP/1.0\n\t frame flags+body  (8-bit) length 1, flags 0x00 (-|-|-|-|-|-|-|-)\n\t frame flags+body  (8-bit) length 6, flags 0x01 (-|-|-|-|-|-|-|MORE), first 5 byte(s) of body:\n\t 0x0000:  6865 6c6c 6f                             hello\n\t frame flags+body (64-bit) length 300 (41 captured), flags 0x00 (-|-|-|-|-|-|-|-), first 40 byte(s) of body:\n\t 0x0000:  7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a  zzzzzzzzzzzzzzzz\n\t 0x0010:  7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a  zzzzzzzzzzzzzzzz\n\t 0x0020:  7a7a 7a7a 7a7a 7a7a                      zzzzzzzz [|zmtp1]",
        );
    }

    #[test]
    fn pgm_odata_more_options() {
        check(
            1,
            "-n -v",
            128,
            "00112233445566554433221108004500007212344000407113e50a0000010a00000203e815b3040100000102030405ab0000000000640000005a000400460d0400000e0400000f04000011040000121000000000004d000100000a000009131c00000000004e0002000020010db8000000000000000000000009b30600000000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto PGM (113), length 114)\n    10.0.0.1 > 10.0.0.2: 10.0.0.1.1000 > 10.0.0.2.5555: PGM, length 0 0x0102030405ab ODATA trail 90 seq 100 OPTS LEN 70 SYN FIN RST CRQST PGMCC DATA 77 10.0.0.9 PGMCC FEEDBACK 78 2001:db8::9 OPT_B3 [6]  [94]",
        );
    }

    proptest::proptest! {
        #[test]
        fn random_packets_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                      ty in proptest::sample::select(vec![0u8, 1, 2, 4, 5, 8, 9, 10, 11, 12, 31]),
                                      opts: bool, v in 0u8..4, cut in 0usize..260, udp: bool, zmtp: bool) {
            let mut p = vec![0x03, 0xe8, 0x15, 0xb3, ty, u8::from(opts), 0, 0, 1, 2, 3, 4, 5, 6];
            p.extend_from_slice(&(body.len() as u16).to_be_bytes());
            p.extend_from_slice(&body);
            let pt = Some(if zmtp { crate::PacketType::PgmZmtp1 } else { crate::PacketType::Pgm });
            let frame = if udp { crate::test_pkt::eth_udp(5555, &p) } else { crate::test_pkt::eth4(113, &p) };
            crate::test_pkt::print_all(&frame, v, pt, cut);
        }

        #[test]
        fn random_zmtp1_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                    v in 0u8..4, cut in 0usize..260) {
            let frame = crate::test_pkt::eth_tcp(5555, &body);
            crate::test_pkt::print_all(&frame, v, Some(crate::PacketType::Zmtp1), cut);
        }
    }
}
