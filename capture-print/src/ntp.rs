//! NTP, as tcpdump's print-ntp.c and ntp.c: version and mode, and with `-v` the time message
//! (stratum, poll, delays, the four timestamps and their differences) or the control message.
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, u8at};

const MODES: &Tok = &[
    (0, "unspecified"),
    (1, "symmetric active"),
    (2, "symmetric passive"),
    (3, "Client"),
    (4, "Server"),
    (5, "Broadcast"),
    (6, "Control Message"),
    (7, "Reserved"),
];

const LEAP: &Tok = &[
    (0x00, ""),
    (0x40, "+1s"),
    (0x80, "-1s"),
    (0xc0, "clock unsynchronized"),
];

const STRATA: &Tok = &[(0, "unspecified"), (1, "primary reference")];

/// The fixed part of a time message.
const TIME_MINLEN: usize = 48;
/// The fixed part of a control message.
const CTRL_MINLEN: usize = 12;

/// Prints an NTP message; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "ntp";
    let status = u8at(bp, 0)?;
    nd.f(format_args!("NTPv{}, ", (status >> 3) & 7));
    let mode = status & 7;
    nd.tok2str(MODES, "Unknown mode", mode.into());
    nd.f(format_args!(", length {length}"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let leap = status & 0xc0;
    nd.s("\n\tLeap indicator: ");
    nd.tok2str(LEAP, "Unknown", leap.into());
    nd.f(format_args!(" ({leap})"));
    match mode {
        0..=5 => time_message(nd, bp, length),
        6 => control_message(nd, bp, length),
        _ => Ok(()),
    }
}

/// `(invalid)`, then the truncation mark if the message was not all captured.
fn invalid(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.invalid();
    if bp.len() < length {
        nd.trunc();
    }
    Ok(())
}

fn time_message(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    if length < TIME_MINLEN {
        return invalid(nd, bp, length);
    }
    let stratum = u8at(bp, 1)?;
    nd.f(format_args!(", Stratum {stratum} ("));
    let other = if (2..=15).contains(&stratum) {
        "secondary reference"
    } else {
        "reserved"
    };
    nd.tok2str(STRATA, other, stratum.into());
    nd.s(")");
    let poll = u8at(bp, 2)? as i8;
    nd.f(format_args!(", poll {poll}"));
    if poll > -32 && poll < 32 {
        if poll >= 0 {
            nd.f(format_args!(" ({}s)", 1u32 << poll));
        } else {
            nd.f(format_args!(" (1/{}s)", 1u32 << -poll));
        }
    }
    nd.f(format_args!(", precision {}", u8at(bp, 3)? as i8));
    let Ok(delay) = sl(bp, 4, 4) else {
        return nd.trunc_here();
    };
    nd.s("\n\tRoot Delay: ");
    short_fixed(nd, delay);
    let Ok(dispersion) = sl(bp, 8, 4) else {
        return nd.trunc_here();
    };
    nd.s(", Root dispersion: ");
    short_fixed(nd, dispersion);
    let Ok(refid) = sl(bp, 12, 4) else {
        return nd.trunc_here();
    };
    nd.s(", Reference-ID: ");
    match stratum {
        0 => nd.s("(unspec)"),
        1 => {
            nd.printn(refid, 4);
        }
        62 | 63 => {
            nd.host4(refid);
            nd.s(if stratum == 62 {
                " INFO_QUERY"
            } else {
                " INFO_REPLY"
            });
            return Ok(());
        }
        _ => nd.f(format_args!("0x{:08x}", be32(refid, 0)?)),
    }
    let mut stamps = [&[][..]; 4];
    for (n, name) in [
        "Reference Timestamp:  ",
        "Originator Timestamp: ",
        "Receive Timestamp:    ",
        "Transmit Timestamp:   ",
    ]
    .into_iter()
    .enumerate()
    {
        let Ok(t) = sl(bp, 16 + 8 * n, 8) else {
            return nd.trunc_here();
        };
        nd.f(format_args!("\n\t  {name}"));
        p_ntp_time(nd, t)?;
        stamps[n] = t;
    }
    nd.s("\n\t    Originator - Receive Timestamp:  ");
    delta(nd, stamps[1], stamps[2])?;
    nd.s("\n\t    Originator - Transmit Timestamp: ");
    delta(nd, stamps[1], stamps[3])?;
    let digest = match length - TIME_MINLEN {
        4 => 0,
        20 => 16,
        24 => 20,
        0 => return Ok(()),
        more => {
            nd.f(format_args!("\n\t({more} more bytes after the header)"));
            return Ok(());
        }
    };
    let key = be32(bp, TIME_MINLEN)?;
    nd.f(format_args!("\n\tKey id: {key}"));
    if digest > 0 {
        let Ok(d) = sl(bp, TIME_MINLEN + 4, digest) else {
            return nd.trunc_here();
        };
        nd.s("\n\tAuthentication: ");
        for w in d.chunks_exact(4) {
            nd.f(format_args!("{:08x}", be32(w, 0)?));
        }
    }
    Ok(())
}

fn control_message(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    if length < CTRL_MINLEN {
        return invalid(nd, bp, length);
    }
    let control = u8at(bp, 1)?;
    nd.f(format_args!(
        ", {}, {}, {}, OpCode={}\n",
        if control & 0x80 != 0 {
            "Response"
        } else {
            "Request"
        },
        if control & 0x40 != 0 { "Error" } else { "OK" },
        if control & 0x20 != 0 { "More" } else { "Last" },
        control & 0x1f
    ));
    nd.f(format_args!("\tSequence={}", be16(bp, 2)?));
    let status = be16(bp, 4)?;
    if status == 0 {
        nd.s(", Status=0");
    } else {
        nd.f(format_args!(", Status=0x{status:x}"));
    }
    nd.f(format_args!(", Assoc.={}", be16(bp, 6)?));
    nd.f(format_args!(", Offset={}", be16(bp, 8)?));
    let count = be16(bp, 10)? as usize;
    nd.f(format_args!(", Count={count}"));
    if CTRL_MINLEN + count > length {
        return invalid(nd, bp, length);
    }
    if count != 0 {
        if bp.len() < CTRL_MINLEN + count {
            return nd.trunc_here();
        }
        nd.s("\n\tTO-BE-DONE: data not interpreted");
    }
    Ok(())
}

/// A 16.16 fixed-point number, its fraction in millionths.
fn short_fixed(nd: &mut Nd<'_>, b: &[u8]) {
    let (i, f) = (
        u16::from_be_bytes([b[0], b[1]]),
        u16::from_be_bytes([b[2], b[3]]),
    );
    let f = (f64::from(f) / 65536.0 * 1_000_000.0) as i32;
    nd.f(format_args!("{i}.{f:06}"));
}

/// The fraction of a 32.32 fixed-point number in billionths.
fn billionths(frac: u32) -> u32 {
    (f64::from(frac) / 4_294_967_296.0 * 1_000_000_000.0) as u32
}

/// tcpdump's `p_ntp_time`: an NTP timestamp (seconds since 1900, 32.32 fixed point) as
/// seconds, and its UTC date when it is not zero.
pub(crate) fn p_ntp_time(nd: &mut Nd<'_>, b: &[u8]) -> Res {
    let secs = be32(b, 0)?;
    let frac = be32(b, 4)?;
    nd.f(format_args!("{secs}.{:09}", billionths(frac)));
    if secs != 0 {
        const JAN_1970: i64 = 2_208_988_800;
        match chrono::DateTime::from_timestamp(i64::from(secs) - JAN_1970, 0) {
            Some(t) => nd.f(format_args!(" ({})", t.format("%Y-%m-%dT%H:%M:%SZ"))),
            None => nd.s(" (unrepresentable)"),
        }
    }
    Ok(())
}

/// The difference `new - old` of two timestamps, signed (tcpdump's `p_ntp_delta`); a zero
/// `old` prints `new` itself.
fn delta(nd: &mut Nd<'_>, old: &[u8], new: &[u8]) -> Res {
    let (u, ou) = (be32(new, 0)?, be32(old, 0)?);
    let (uf, ouf) = (be32(new, 4)?, be32(old, 4)?);
    if ou == 0 && ouf == 0 {
        return p_ntp_time(nd, new);
    }
    let (negative, i, f) = if u > ou {
        (false, u - ou - u32::from(ouf > uf), uf.wrapping_sub(ouf))
    } else if u < ou {
        (true, ou - u - u32::from(uf > ouf), ouf.wrapping_sub(uf))
    } else if uf > ouf {
        (false, 0, uf - ouf)
    } else {
        (true, 0, ouf - uf)
    };
    nd.f(format_args!(
        "{}{i}.{:09}",
        if negative { "-" } else { "+" },
        billionths(f)
    ));
    Ok(())
}
