//! The IPv6 mobility header (RFC 6275), as tcpdump's print-mobility.c: binding refresh,
//! return routability tests, binding updates, acknowledgements and errors, with `-v` options.
use super::{Nd, Res, be16, be32, has, sl, u8at};

const TYPES: &[(u32, &str)] = &[
    (0, "BRR"),
    (1, "HoTI"),
    (2, "CoTI"),
    (3, "HoT"),
    (4, "CoT"),
    (5, "BU"),
    (6, "BA"),
    (7, "BE"),
];

/// The least header length of each message type.
const MIN_LEN: [usize; 8] = [8, 16, 16, 24, 24, 12, 12, 24];

const BU_FLAGS: &[(u32, &str)] = &[(0x08, "A"), (0x04, "H"), (0x02, "L"), (0x01, "K")];

/// Prints a mobility header; the IPv6 printer stops after it. A short header is marked here.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    nd.proto = "mobility";
    if !has(bp, 1, 1) {
        return nd.trunc_here();
    }
    let mhlen = (usize::from(bp[1]) + 1) << 3;
    let t = u8at(bp, 2)?;
    if let Some(&min) = MIN_LEN.get(usize::from(t))
        && mhlen < min
    {
        nd.f(format_args!(
            "(header length {mhlen} is too small for type {t})"
        ));
        return nd.trunc_here();
    }
    nd.s("mobility: ");
    nd.tok2str(TYPES, "type-#%u", u32::from(t));
    let v = nd.opts.verbose > 0;
    let hlen = match t {
        0 => 8,
        1 | 2 => {
            if v {
                let (a, b) = (be32(bp, 8)?, be32(bp, 12)?);
                nd.f(format_args!(
                    " {} Init Cookie={a:08x}:{b:08x}",
                    if t == 1 { "Home" } else { "Care-of" }
                ));
            }
            16
        }
        3 | 4 => {
            nd.f(format_args!(" nonce id=0x{:x}", be16(bp, 6)?));
            let who = if t == 3 { "Home" } else { "Care-of" };
            if v {
                let (a, b) = (be32(bp, 8)?, be32(bp, 12)?);
                nd.f(format_args!(" {who} Init Cookie={a:08x}:{b:08x}"));
                let (a, b) = (be32(bp, 16)?, be32(bp, 20)?);
                nd.f(format_args!(" {who} Keygen Token={a:08x}:{b:08x}"));
            }
            24
        }
        5 => {
            nd.f(format_args!(" seq#={}", be16(bp, 6)?));
            if !has(bp, 8, 2) {
                return nd.trunc_here();
            }
            let bits = u32::from(bp[8] >> 4);
            if bits != 0 {
                nd.s(" ");
                nd.bittok2str_nosep(BU_FLAGS, "bits-#0x%x", bits);
            }
            // Lifetimes count units of 4 seconds.
            nd.f(format_args!(" lifetime={}", u32::from(be16(bp, 10)?) << 2));
            12
        }
        6 => {
            nd.f(format_args!(" status={}", u8at(bp, 6)?));
            if u8at(bp, 7)? & 0x80 != 0 {
                nd.s(" K");
            }
            nd.f(format_args!(" seq#={}", be16(bp, 8)?));
            nd.f(format_args!(" lifetime={}", u32::from(be16(bp, 10)?) << 2));
            12
        }
        7 => {
            nd.f(format_args!(" status={}", u8at(bp, 6)?));
            let home = sl(bp, 8, 16)?;
            nd.s(" homeaddr ");
            nd.host6(home);
            24
        }
        _ => {
            nd.f(format_args!(" len={}", bp[1]));
            return Ok(());
        }
    };
    if v && !options(nd, bp.get(hlen..).unwrap_or(&[]), mhlen - hlen)? {
        return nd.trunc_here();
    }
    Ok(())
}

/// The options after the fixed part; Ok(false) when one runs past the header.
fn options(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res<bool> {
    let mut i = 0;
    while i < len {
        let t = u8at(bp, i)?;
        let optlen = if t == 0 {
            1
        } else if i + 1 < len {
            usize::from(u8at(bp, i + 1)?) + 2
        } else {
            return Ok(false);
        };
        // tcpdump wants the byte after the option captured too.
        if i + optlen > len || !has(bp, i + optlen, 1) {
            return Ok(false);
        }
        let left = len - i;
        let short = |nd: &mut Nd<'_>, min: usize, what: &str| {
            if left < min {
                nd.f(format_args!("({what}: trunc)"));
                true
            } else {
                false
            }
        };
        match t {
            0 => nd.s("(pad1)"),
            1 => {
                if short(nd, 2, "padn") {
                    return Ok(false);
                }
                nd.s("(padn)");
            }
            2 => {
                if short(nd, 4, "refresh") {
                    return Ok(false);
                }
                nd.f(format_args!(
                    "(refresh: {})",
                    u32::from(be16(bp, i + 2)?) << 2
                ));
            }
            3 => {
                if short(nd, 18, "altcoa") {
                    return Ok(false);
                }
                let a = sl(bp, i + 2, 16)?;
                nd.s("(alt-CoA: ");
                nd.host6(a);
                nd.s(")");
            }
            4 => {
                if short(nd, 6, "ni") {
                    return Ok(false);
                }
                let (ho, co) = (be16(bp, i + 2)?, be16(bp, i + 4)?);
                nd.f(format_args!("(ni: ho=0x{ho:04x} co=0x{co:04x})"));
            }
            5 => {
                if short(nd, 12, "auth") {
                    return Ok(false);
                }
                nd.s("(auth)");
            }
            _ => {
                if left < 2 {
                    nd.f(format_args!("(sopt_type {t}: trunc)"));
                    return Ok(false);
                }
                nd.f(format_args!("(type-0x{t:02x}: len={})", u8at(bp, i + 1)?));
            }
        }
        i += optlen;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn binding_update() {
        check(
            229,
            "-n",
            70,
            "60000000001e8740fe800000000000000000000000000001fe8000000000000000000000000000023b0205000000004dc000000a020200050404000100020000000000000000",
            "IP6 fe80::1 > fe80::2: mobility: BU seq#=77 AH lifetime=40",
        );
    }

    #[test]
    fn binding_ack() {
        check(
            229,
            "-n",
            56,
            "6000000000108740fe800000000000000000000000000001fe8000000000000000000000000000023b01060000000080004d000a01020000",
            "IP6 fe80::1 > fe80::2: mobility: BA status=0 K seq#=77 lifetime=40",
        );
    }

    #[test]
    fn binding_error() {
        check(
            229,
            "-n",
            72,
            "6000000000208740fe800000000000000000000000000001fe8000000000000000000000000000023b0307000000010020010db80000000000000000000000090000000000000000",
            "IP6 fe80::1 > fe80::2: mobility: BE status=1 homeaddr 2001:db8::9",
        );
    }

    #[test]
    fn home_test() {
        check(
            229,
            "-n",
            64,
            "6000000000188740fe800000000000000000000000000001fe8000000000000000000000000000023b02030000000009000102030405060708090a0b0c0d0e0f",
            "IP6 fe80::1 > fe80::2: mobility: HoT nonce id=0x9",
        );
    }

    #[test]
    fn mobility_unknown_type() {
        check(
            229,
            "-n",
            48,
            "6000000000088740fe800000000000000000000000000001fe8000000000000000000000000000023b00090000000000",
            "IP6 fe80::1 > fe80::2: mobility: type-#9 len=0",
        );
    }

    #[test]
    fn mobility_too_short() {
        check(
            229,
            "-n",
            48,
            "6000000000088740fe800000000000000000000000000001fe8000000000000000000000000000023b00050000000000",
            "IP6 fe80::1 > fe80::2: (header length 8 is too small for type 5) [|mobility]",
        );
    }

    #[test]
    fn mobility_opt_truncated() {
        check(
            229,
            "-n",
            56,
            "6000000000108740fe800000000000000000000000000001fe8000000000000000000000000000023b010600000000000001000203140000",
            "IP6 fe80::1 > fe80::2: mobility: BA status=0 seq#=1 lifetime=8",
        );
    }

    #[test]
    fn binding_update_v() {
        check(
            229,
            "-n -v",
            70,
            "60000000001e8740fe800000000000000000000000000001fe8000000000000000000000000000023b0205000000004dc000000a020200050404000100020000000000000000",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 30) fe80::1 > fe80::2: mobility: BU seq#=77 AH lifetime=40(refresh: 20)(ni: ho=0x0001 co=0x0002)(pad1)(pad1)",
        );
    }

    #[test]
    fn binding_ack_v() {
        check(
            229,
            "-n -v",
            56,
            "6000000000108740fe800000000000000000000000000001fe8000000000000000000000000000023b01060000000080004d000a01020000",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 16) fe80::1 > fe80::2: mobility: BA status=0 K seq#=77 lifetime=40 [|mobility]",
        );
    }

    #[test]
    fn binding_error_v() {
        check(
            229,
            "-n -v",
            72,
            "6000000000208740fe800000000000000000000000000001fe8000000000000000000000000000023b0307000000010020010db80000000000000000000000090000000000000000",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 32) fe80::1 > fe80::2: mobility: BE status=1 homeaddr 2001:db8::9(pad1)(pad1)(pad1)(pad1)(pad1)(pad1)(pad1) [|mobility]",
        );
    }

    #[test]
    fn home_test_v() {
        check(
            229,
            "-n -v",
            64,
            "6000000000188740fe800000000000000000000000000001fe8000000000000000000000000000023b02030000000009000102030405060708090a0b0c0d0e0f",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 24) fe80::1 > fe80::2: mobility: HoT nonce id=0x9 Home Init Cookie=00010203:04050607 Home Keygen Token=08090a0b:0c0d0e0f",
        );
    }

    #[test]
    fn mobility_unknown_type_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000088740fe800000000000000000000000000001fe8000000000000000000000000000023b00090000000000",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 8) fe80::1 > fe80::2: mobility: type-#9 len=0",
        );
    }

    #[test]
    fn mobility_too_short_v() {
        check(
            229,
            "-n -v",
            48,
            "6000000000088740fe800000000000000000000000000001fe8000000000000000000000000000023b00050000000000",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 8) fe80::1 > fe80::2: (header length 8 is too small for type 5) [|mobility]",
        );
    }

    #[test]
    fn mobility_opt_truncated_v() {
        check(
            229,
            "-n -v",
            56,
            "6000000000108740fe800000000000000000000000000001fe8000000000000000000000000000023b010600000000000001000203140000",
            "IP6 (hlim 64, next-header Mobility (135) payload length: 16) fe80::1 > fe80::2: mobility: BA status=0 seq#=1 lifetime=8 [|mobility]",
        );
    }
}
