//! The BSD time synchronisation protocol (timed, UDP port 525), as tcpdump's print-timed.c.
use super::util::Tok;
use super::{Nd, Res, be16, be32, tail, u8at};

/// The UDP port.
pub(crate) const PORT: u16 = 525;

const TYPES: &Tok = &[
    (0, "TSP_ANY"),
    (1, "TSP_ADJTIME"),
    (2, "TSP_ACK"),
    (3, "TSP_MASTERREQ"),
    (4, "TSP_MASTERACK"),
    (5, "TSP_SETTIME"),
    (6, "TSP_MASTERUP"),
    (7, "TSP_SLAVEUP"),
    (8, "TSP_ELECTION"),
    (9, "TSP_ACCEPT"),
    (10, "TSP_REFUSE"),
    (11, "TSP_CONFLICT"),
    (12, "TSP_RESOLVE"),
    (13, "TSP_QUIT"),
    (14, "TSP_DATE"),
    (15, "TSP_DATEREQ"),
    (16, "TSP_DATEACK"),
    (17, "TSP_TRACEON"),
    (18, "TSP_TRACEOFF"),
    (19, "TSP_MSITE"),
    (20, "TSP_MSITEREQ"),
    (21, "TSP_TEST"),
    (22, "TSP_SETDATE"),
    (23, "TSP_SETDATEREQ"),
    (24, "TSP_LOOP"),
];

/// Prints a timed message.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8]) -> Res {
    nd.proto = "timed";
    let kind = u8at(bp, 0)?;
    nd.tok2str(TYPES, "(tsp_type %#x)", u32::from(kind));
    nd.f(format_args!(" vers {}", u8at(bp, 1)?));
    nd.f(format_args!(" seq {}", be16(bp, 2)?));
    match kind {
        24 => nd.f(format_args!(" hopcnt {}", u8at(bp, 4)?)),
        1 | 5 | 22 | 23 => {
            let mut sec = be32(bp, 4)? as i32;
            let mut usec = be32(bp, 8)? as i32;
            if usec < 0 {
                return Ok(());
            }
            nd.s(" time ");
            if sec < 0 && usec != 0 {
                sec += 1;
                if sec == 0 {
                    nd.s("-");
                }
                usec = 1_000_000 - usec;
            }
            nd.f(format_args!("{sec}.{usec:06}"));
        }
        _ => {}
    }
    nd.s(" name ");
    nd.printjnp(tail(bp, 12), 256)
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, udp4};

    #[test]
    fn settime() {
        let mut m = vec![5, 1, 0, 7, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 5];
        m.extend_from_slice(b"host\0");
        let s = print_ip(opts(0), &udp4(525, 525, &m));
        assert_eq!(
            s,
            "IP 10.0.0.1.525 > 10.0.0.2.525: TSP_SETTIME vers 1 seq 7 time -0.999995 name host\n"
        );
        let s = print_ip(opts(0), &udp4(525, 525, &m[..14]));
        assert!(s.ends_with("name ho [|timed]\n"), "{s}");
    }
}
