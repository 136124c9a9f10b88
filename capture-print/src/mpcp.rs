//! IEEE 802.3ah EPON Multi-Point Control Protocol (ethertype 0x8808), as tcpdump's
//! print-mpcp.c.
use super::util::Tok;
use super::{Nd, Res, be16, be32, u8at};

const OPCODE_PAUSE: u16 = 1;
const OPCODE_GATE: u16 = 2;
const OPCODE_REPORT: u16 = 3;
const OPCODE_REG_REQ: u16 = 4;
const OPCODE_REG: u16 = 5;
const OPCODE_REG_ACK: u16 = 6;

const OPCODE_VALUES: &Tok = &[
    (1, "Pause"),
    (2, "Gate"),
    (3, "Report"),
    (4, "Register Request"),
    (5, "Register"),
    (6, "Register ACK"),
];

const GRANT_NUMBER_MASK: u8 = 0x7;

const GRANT_FLAG_VALUES: &Tok = &[
    (0x08, "Discovery"),
    (0x10, "Force Grant #1"),
    (0x20, "Force Grant #2"),
    (0x40, "Force Grant #3"),
    (0x80, "Force Grant #4"),
];

const REG_REQ_FLAG_VALUES: &Tok = &[(1, "Register"), (3, "De-Register")];

const REG_FLAG_VALUES: &Tok = &[
    (1, "Re-Register"),
    (2, "De-Register"),
    (3, "ACK"),
    (4, "NACK"),
];

const REPORT_BITMAP_VALUES: &Tok = &[
    (0x01, "Q0"),
    (0x02, "Q1"),
    (0x04, "Q2"),
    (0x08, "Q3"),
    (0x10, "Q4"),
    (0x20, "Q5"),
    (0x40, "Q6"),
    (0x80, "Q7"),
];

const REG_ACK_FLAG_VALUES: &Tok = &[(0, "NACK"), (1, "ACK")];

/// The opcode and timestamp.
const HEADER_LEN: usize = 6;

/// Prints an MPCP PDU of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "mpcp";
    let opcode = be16(p, 0)?;
    let timestamp = be32(p, 2)?;
    nd.s("MPCP, Opcode ");
    nd.tok2str(OPCODE_VALUES, "Unknown (%u)", opcode.into());
    if opcode != OPCODE_PAUSE {
        nd.f(format_args!(", Timestamp {timestamp} ticks"));
    }
    nd.f(format_args!(", length {length}"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    let mut i = HEADER_LEN;
    match opcode {
        OPCODE_PAUSE => {}
        OPCODE_GATE => {
            let b = u8at(p, i)?;
            let grants = b & GRANT_NUMBER_MASK;
            nd.f(format_args!("\n\tGrant Numbers {grants}, Flags [ "));
            nd.bittok2str(GRANT_FLAG_VALUES, "?", (b & !GRANT_NUMBER_MASK).into());
            nd.s(" ]");
            i += 1;
            for grant in 1..=grants {
                nd.f(format_args!(
                    "\n\tGrant #{grant}, Start-Time {} ticks, duration {} ticks",
                    be32(p, i)?,
                    be16(p, i + 4)?
                ));
                i += 6;
            }
            nd.f(format_args!("\n\tSync-Time {} ticks", be16(p, i)?));
        }
        OPCODE_REPORT => {
            let queue_sets = u8at(p, i)?;
            i += 1;
            nd.f(format_args!("\n\tTotal Queue-Sets {queue_sets}"));
            // As tcpdump: one fewer set than announced, each labelled with the total.
            for _ in 1..queue_sets {
                let mut bitmap = u8at(p, i)?;
                nd.f(format_args!(
                    "\n\t  Queue-Set #{queue_sets}, Report-Bitmap [ "
                ));
                nd.bittok2str(REPORT_BITMAP_VALUES, "Unknown", bitmap.into());
                nd.s(" ]");
                i += 1;
                let mut report = 1;
                while bitmap != 0 {
                    if bitmap & 1 != 0 {
                        nd.f(format_args!(
                            "\n\t    Q{report} Report, Duration {} ticks",
                            be16(p, i)?
                        ));
                        i += 2;
                    }
                    report += 1;
                    bitmap >>= 1;
                }
            }
        }
        OPCODE_REG_REQ => {
            let flags = u8at(p, i)?;
            let pending = u8at(p, i + 1)?;
            nd.s("\n\tFlags [ ");
            nd.bittok2str(REG_REQ_FLAG_VALUES, "Reserved", flags.into());
            nd.f(format_args!(" ], Pending-Grants {pending}"));
        }
        OPCODE_REG => {
            let port = be16(p, i)?;
            let flags = u8at(p, i + 2)?;
            let sync = be16(p, i + 3)?;
            let pending = u8at(p, i + 5)?;
            nd.f(format_args!("\n\tAssigned-Port {port}, Flags [ "));
            nd.bittok2str(REG_FLAG_VALUES, "Reserved", flags.into());
            nd.f(format_args!(
                " ]\n\tSync-Time {sync} ticks, Echoed-Pending-Grants {pending}"
            ));
        }
        OPCODE_REG_ACK => {
            let flags = u8at(p, i)?;
            let port = be16(p, i + 1)?;
            let sync = be16(p, i + 3)?;
            nd.f(format_args!("\n\tEchoed-Assigned-Port {port}, Flags [ "));
            nd.bittok2str(REG_ACK_FLAG_VALUES, "Reserved", flags.into());
            nd.f(format_args!(" ]\n\tEchoed-Sync-Time {sync} ticks"));
        }
        _ => nd.print_unknown_data(p, "\n\t", length),
    }
    Ok(())
}
