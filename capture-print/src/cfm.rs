//! IEEE 802.1ag Connectivity Fault Management, as tcpdump's print-cfm.c: continuity checks,
//! linktrace messages and replies, and the TLVs (sender id, port and interface status,
//! organisation-specific).
use super::af::{AF_VALUES, AFNUM_INET, AFNUM_INET6};
use super::oui::OUI_VALUES;
use super::util::Tok;
use super::{Nd, Res, Trunc, be16, be24, be32, has, sl, tail, u8at};

const VERSION: u8 = 0;

const OPCODE_CCM: u8 = 1;
const OPCODE_LTR: u8 = 4;
const OPCODE_LTM: u8 = 5;

const OPCODE_VALUES: &Tok = &[
    (1, "Continuity Check Message"),
    (2, "Loopback Reply"),
    (3, "Loopback Message"),
    (4, "Linktrace Reply"),
    (5, "Linktrace Message"),
];

/// The CCM interval field's timer bases, in seconds (single precision, as tcpdump's).
const CCM_INTERVAL_BASE: [f32; 8] = [0.0, 0.003333, 0.01, 0.1, 1.0, 10.0, 60.0, 600.0];
const CCM_INTERVAL_MIN_MULTIPLIER: f64 = 3.25;
const CCM_INTERVAL_MAX_MULTIPLIER: f64 = 3.5;
const CCM_RDI_FLAG: u8 = 0x80;

/// Sequence number, MA end point id, names (48) and the Y.1731 part (16).
const CCM_LEN: usize = 70;
const CCM_NAMES_LEN: usize = 48;
const LTM_LEN: usize = 17;
const LTR_LEN: usize = 6;

const MD_FORMAT_NONE: u8 = 1;
const MD_FORMAT_DNS: u8 = 2;
const MD_FORMAT_MAC: u8 = 3;
const MD_FORMAT_CHAR: u8 = 4;

const MD_NAMEFORMAT_VALUES: &Tok = &[
    (0, "IEEE 802.1"),
    (1, "No MD Name present"),
    (2, "DNS string"),
    (3, "MAC + 16Bit Integer"),
    (4, "Character string"),
];

const MA_FORMAT_CHAR: u8 = 2;

const MA_NAMEFORMAT_VALUES: &Tok = &[
    (0, "IEEE 802.1"),
    (1, "Primary VID"),
    (2, "Character string"),
    (3, "16Bit Integer"),
    (4, "RFC2685 VPN-ID"),
];

const LTM_FLAG_VALUES: &Tok = &[(0x80, "Use Forwarding-DB only")];

const LTR_FLAG_VALUES: &Tok = &[
    (0x80, "UseFDB Only"),
    (0x40, "FwdYes"),
    (0x20, "Terminal MEP"),
];

const LTR_REPLAY_ACTION_VALUES: &Tok =
    &[(1, "Exact Match"), (2, "Filtering DB"), (3, "MIP CCM DB")];

const TLV_END: u8 = 0;
const TLV_SENDER_ID: u8 = 1;
const TLV_PORT_STATUS: u8 = 2;
const TLV_INTERFACE_STATUS: u8 = 3;
const TLV_PRIVATE: u8 = 31;

const TLV_VALUES: &Tok = &[
    (0, "End"),
    (1, "Sender ID"),
    (2, "Port status"),
    (3, "Interface status"),
    (4, "Data"),
    (5, "Reply Ingress"),
    (6, "Reply Egress"),
    (31, "Organization Specific"),
];

const TLV_HEADER_LEN: usize = 3;

const PORT_STATUS_VALUES: &Tok = &[(1, "Blocked"), (2, "Up")];

const INTERFACE_STATUS_VALUES: &Tok = &[
    (1, "Up"),
    (2, "Down"),
    (3, "Testing"),
    (5, "Dormant"),
    (6, "not present"),
    (7, "lower Layer down"),
];

const CHASSIS_ID_MAC_ADDRESS: u8 = 4;
const CHASSIS_ID_NETWORK_ADDRESS: u8 = 5;

const SENDERID_CHASSISID_VALUES: &Tok = &[
    (0, "Reserved"),
    (1, "Chassis component"),
    (2, "Interface alias"),
    (3, "Port component"),
    (4, "MAC address"),
    (5, "Network address"),
    (6, "Interface name"),
    (7, "Locally assigned"),
];

/// What ends the printing of a CFM PDU early.
enum Stop {
    /// The length fields say the PDU is shorter than its parts.
    TooShort,
    /// A part was not captured: tcpdump's local truncation mark.
    Trunc,
    /// A read went past the captured bytes: the packet ends (tcpdump's longjmp).
    Jump,
    /// A malformed part was reported: nothing more.
    Done,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Jump
    }
}

/// Prints a CFM PDU of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "cfm";
    match pdu(nd, p, length) {
        Ok(()) | Err(Stop::Done) => {}
        Err(Stop::TooShort) => nd.s("\n\t\t packet is too short"),
        Err(Stop::Trunc) => nd.trunc(),
        Err(Stop::Jump) => return Err(Trunc),
    }
    Ok(())
}

/// `ND_TCHECK`: the bytes were captured.
fn check(p: &[u8], at: usize, n: usize) -> Result<(), Stop> {
    if has(p, at, n) {
        Ok(())
    } else {
        Err(Stop::Trunc)
    }
}

fn pdu(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Result<(), Stop> {
    if length < 4 {
        return Err(Stop::TooShort);
    }
    check(p, 0, 4)?;
    let mdlevel_version = p[0];
    let version = mdlevel_version & 0x1f;
    if version != VERSION {
        nd.f(format_args!("CFMv{version} not supported, length {length}"));
        return Ok(());
    }
    let opcode = p[1];
    nd.f(format_args!("CFMv{version} "));
    nd.tok2str(OPCODE_VALUES, "unknown (%u)", opcode.into());
    nd.f(format_args!(
        ", MD Level {}, length {length}",
        (mdlevel_version & 0xe0) >> 5
    ));
    if nd.opts.verbose < 1 {
        return Ok(());
    }
    let flags = p[2];
    let first_tlv_offset = usize::from(p[3]);
    nd.f(format_args!("\n\tFirst TLV offset {first_tlv_offset}"));
    let m = tail(p, 4);
    let tlen = length - 4;
    if first_tlv_offset > tlen {
        nd.f(format_args!(" (too large, must be <= {tlen})"));
        return Ok(());
    }
    match opcode {
        OPCODE_CCM => {
            if first_tlv_offset < CCM_LEN {
                nd.f(format_args!(" (too small 1, must be >= {CCM_LEN})"));
                return Ok(());
            }
            if tlen < CCM_LEN {
                return Err(Stop::TooShort);
            }
            check(m, 0, CCM_LEN)?;
            if !ccm(nd, m, flags)? {
                return Ok(());
            }
        }
        OPCODE_LTM => {
            if first_tlv_offset < LTM_LEN {
                nd.f(format_args!(" (too small 4, must be >= {LTM_LEN})"));
                return Ok(());
            }
            if tlen < LTM_LEN {
                return Err(Stop::TooShort);
            }
            check(m, 0, LTM_LEN)?;
            nd.s(", Flags [");
            nd.bittok2str(LTM_FLAG_VALUES, "none", flags.into());
            nd.f(format_args!(
                "]\n\t  Transaction-ID 0x{:08x}, ttl {}",
                be32(m, 0)?,
                m[4]
            ));
            nd.s("\n\t  Original-MAC ");
            nd.mac(&m[5..11]);
            nd.s(", Target-MAC ");
            nd.mac(&m[11..17]);
        }
        OPCODE_LTR => {
            if first_tlv_offset < LTR_LEN {
                nd.f(format_args!(" (too small 5, must be >= {LTR_LEN})"));
                return Ok(());
            }
            if tlen < LTR_LEN {
                return Err(Stop::TooShort);
            }
            check(m, 0, LTR_LEN)?;
            nd.s(", Flags [");
            nd.bittok2str(LTR_FLAG_VALUES, "none", flags.into());
            nd.f(format_args!(
                "]\n\t  Transaction-ID 0x{:08x}, ttl {}",
                be32(m, 0)?,
                m[4]
            ));
            nd.s("\n\t  Replay-Action ");
            nd.tok2str(LTR_REPLAY_ACTION_VALUES, "Unknown", m[5].into());
            nd.f(format_args!(" ({})", m[5]));
        }
        _ => nd.print_unknown_data(m, "\n\t  ", tlen - first_tlv_offset),
    }
    tlvs(nd, tail(m, first_tlv_offset), tlen - first_tlv_offset)
}

/// A continuity check message; false when a name length is too large (nothing follows).
fn ccm(nd: &mut Nd<'_>, m: &[u8], flags: u8) -> Result<bool, Stop> {
    let interval = flags & 0x07;
    nd.f(format_args!(
        ", Flags [CCM Interval {interval}{}]",
        if flags & CCM_RDI_FLAG != 0 {
            ", RDI"
        } else {
            ""
        }
    ));
    if interval != 0 {
        let base = f64::from(CCM_INTERVAL_BASE[usize::from(interval)]);
        nd.f(format_args!(
            "\n\t  CCM Interval {base:.3}s, min CCM Lifetime {:.3}s, max CCM Lifetime {:.3}s",
            base * CCM_INTERVAL_MIN_MULTIPLIER,
            base * CCM_INTERVAL_MAX_MULTIPLIER
        ));
    }
    nd.f(format_args!(
        "\n\t  Sequence Number 0x{:08x}, MA-End-Point-ID 0x{:04x}",
        be32(m, 0)?,
        be16(m, 4)?
    ));
    let names = &m[6..6 + CCM_NAMES_LEN];
    let mut i = 0;
    let mut remaining = CCM_NAMES_LEN;
    let md_format = names[i];
    i += 1;
    remaining -= 1;
    if md_format != MD_FORMAT_NONE {
        let md_len = usize::from(names[i]);
        i += 1;
        remaining -= 1;
        nd.s("\n\t  MD Name Format ");
        nd.tok2str(MD_NAMEFORMAT_VALUES, "Unknown", md_format.into());
        nd.f(format_args!(" ({md_format}), MD Name length {md_len}"));
        // Room for the MA name's format, length and one byte.
        if md_len > remaining - 3 {
            nd.f(format_args!(" (too large, must be <= {})", remaining - 2));
            return Ok(false);
        }
        let name = &names[i..];
        nd.s("\n\t  MD Name: ");
        match md_format {
            MD_FORMAT_DNS | MD_FORMAT_CHAR => nd.printjnp(name, md_len)?,
            MD_FORMAT_MAC => {
                if md_len == 6 {
                    nd.s("\n\t  MAC ");
                    nd.mac(&name[..6]);
                } else {
                    nd.s("\n\t  MAC (length invalid)");
                }
            }
            _ => nd.print_unknown_data(name, "\n\t    ", md_len),
        }
        i += md_len;
        remaining -= md_len;
    } else {
        nd.s("\n\t  MD Name Format ");
        nd.tok2str(MD_NAMEFORMAT_VALUES, "Unknown", md_format.into());
        nd.f(format_args!(" ({md_format})"));
    }
    let ma_format = names[i];
    let ma_len = usize::from(names[i + 1]);
    i += 2;
    remaining -= 2;
    nd.s("\n\t  MA Name-Format ");
    nd.tok2str(MA_NAMEFORMAT_VALUES, "Unknown", ma_format.into());
    nd.f(format_args!(" ({ma_format}), MA name length {ma_len}"));
    if ma_len > remaining {
        nd.f(format_args!(" (too large, must be <= {remaining})"));
        return Ok(false);
    }
    let name = &names[i..];
    nd.s("\n\t  MA Name: ");
    if ma_format == MA_FORMAT_CHAR {
        nd.printjnp(name, ma_len)?;
    } else {
        nd.print_unknown_data(name, "\n\t    ", ma_len);
    }
    Ok(true)
}

/// A network address (a one-byte IANA family, then the address); returns whether to dump it.
fn network_addr(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<bool> {
    if length < 1 {
        nd.s("\n\t  Network Address Type (invalid, no data");
        return Ok(false);
    }
    let af = u8at(p, 0)?;
    nd.s("\n\t  Network Address Type ");
    nd.tok2str(AF_VALUES, "Unknown", af.into());
    nd.f(format_args!(" ({af})"));
    match u16::from(af) {
        AFNUM_INET => {
            if length != 5 {
                nd.f(format_args!("(invalid IPv4 address length {})", length - 1));
                return Ok(true);
            }
            let a = sl(p, 1, 4)?;
            nd.s(", ");
            nd.ipv4(a);
        }
        AFNUM_INET6 => {
            if length != 17 {
                nd.f(format_args!("(invalid IPv6 address length {})", length - 1));
                return Ok(true);
            }
            let a = sl(p, 1, 16)?;
            nd.s(", ");
            nd.ipv6(a);
        }
        _ => return Ok(true),
    }
    Ok(false)
}

fn tlvs(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Result<(), Stop> {
    let mut i = 0;
    let mut tlen = len;
    while tlen > 0 {
        let ty = u8at(p, i)?;
        nd.s("\n\t");
        nd.tok2str(TLV_VALUES, "Unknown", ty.into());
        nd.f(format_args!(" TLV (0x{ty:02x})"));
        if ty == TLV_END {
            return Ok(());
        }
        if tlen < TLV_HEADER_LEN {
            return Err(Stop::TooShort);
        }
        check(p, i, TLV_HEADER_LEN)?;
        let mut tlv_len = usize::from(be16(p, i + 1)?);
        nd.f(format_args!(", length {tlv_len}"));
        i += TLV_HEADER_LEN;
        tlen -= TLV_HEADER_LEN;
        let value = tail(p, i);
        if tlen < tlv_len {
            return Err(Stop::TooShort);
        }
        check(p, i, tlv_len)?;
        let mut hexdump = false;
        match ty {
            TLV_PORT_STATUS | TLV_INTERFACE_STATUS => {
                if tlv_len < 1 {
                    nd.s(" (too short, must be >= 1)");
                    return Err(Stop::Done);
                }
                let table = if ty == TLV_PORT_STATUS {
                    PORT_STATUS_VALUES
                } else {
                    INTERFACE_STATUS_VALUES
                };
                nd.s(", Status: ");
                nd.tok2str(table, "Unknown", value[0].into());
                nd.f(format_args!(" ({})", value[0]));
            }
            TLV_PRIVATE => {
                if tlv_len < 4 {
                    nd.s(" (too short, must be >= 4)");
                    return Err(Stop::Done);
                }
                let org = be24(value, 0)?;
                nd.s(", Vendor: ");
                nd.tok2str(OUI_VALUES, "Unknown", org);
                nd.f(format_args!(" ({org}), Sub-Type {}", value[3]));
                hexdump = true;
            }
            TLV_SENDER_ID => {
                if tlv_len < 1 {
                    nd.s(" (too short, must be >= 1)");
                } else {
                    let mut s = SenderId {
                        i,
                        tlen,
                        tlv_len,
                        hexdump: false,
                    };
                    let r = sender_id(nd, p, &mut s);
                    (i, tlen, tlv_len) = (s.i, s.tlen, s.tlv_len);
                    match r? {
                        SenderEnd::Dump => {
                            if s.hexdump || nd.opts.verbose > 1 {
                                nd.print_unknown_data(value, "\n\t  ", tlv_len);
                            }
                        }
                        SenderEnd::Next => {}
                    }
                }
                i += tlv_len;
                tlen -= tlv_len;
                continue;
            }
            _ => hexdump = true,
        }
        if hexdump || nd.opts.verbose > 1 {
            nd.print_unknown_data(value, "\n\t  ", tlv_len);
        }
        i += tlv_len;
        tlen -= tlv_len;
    }
    Ok(())
}

/// The position in the TLV list as the sender id TLV consumes its fields (tcpdump moves its
/// pointer and lengths along, and the dump and the next TLV start from there).
struct SenderId {
    i: usize,
    tlen: usize,
    tlv_len: usize,
    hexdump: bool,
}

/// How the sender id TLV ends.
enum SenderEnd {
    /// Normally: the dump (when asked for), then the next TLV.
    Dump,
    /// On a length error: straight to the next TLV.
    Next,
}

fn sender_id(nd: &mut Nd<'_>, p: &[u8], s: &mut SenderId) -> Result<SenderEnd, Stop> {
    let chassis_id_length = usize::from(u8at(p, s.i)?);
    s.i += 1;
    s.tlen -= 1;
    s.tlv_len -= 1;
    if chassis_id_length > 0 {
        if s.tlv_len < 1 {
            nd.s("\n\t  (TLV too short)");
            return Ok(SenderEnd::Next);
        }
        let chassis_id_type = u8at(p, s.i)?;
        s.tlv_len -= 1;
        nd.s("\n\t  Chassis-ID Type ");
        nd.tok2str(SENDERID_CHASSISID_VALUES, "Unknown", chassis_id_type.into());
        nd.f(format_args!(
            " ({chassis_id_type}), Chassis-ID length {chassis_id_length}"
        ));
        if s.tlv_len < chassis_id_length {
            nd.s("\n\t  (TLV too short)");
            return Ok(SenderEnd::Next);
        }
        let id = tail(p, s.i + 1);
        match chassis_id_type {
            CHASSIS_ID_MAC_ADDRESS => {
                if chassis_id_length != 6 {
                    nd.s(" (invalid MAC address length)");
                    s.hexdump = true;
                } else {
                    let a = sl(id, 0, 6)?;
                    nd.s("\n\t  MAC ");
                    nd.mac(a);
                }
            }
            CHASSIS_ID_NETWORK_ADDRESS => {
                s.hexdump |= network_addr(nd, id, chassis_id_length)?;
            }
            1 | 2 | 3 | 6 | 7 => nd.printjnp(id, chassis_id_length)?,
            _ => s.hexdump = true,
        }
        s.tlv_len -= chassis_id_length;
        s.i += 1 + chassis_id_length;
        s.tlen -= 1 + chassis_id_length;
    }
    if s.tlv_len == 0 {
        return Ok(SenderEnd::Dump);
    }
    let domain_len = usize::from(u8at(p, s.i)?);
    s.i += 1;
    s.tlen -= 1;
    s.tlv_len -= 1;
    nd.f(format_args!(
        "\n\t  Management Address Domain Length {domain_len}"
    ));
    if domain_len > 0 {
        if s.tlv_len < domain_len {
            nd.s("\n\t  (TLV too short)");
            return Ok(SenderEnd::Next);
        }
        s.tlv_len -= domain_len;
        nd.hex_print_len(
            "\n\t  Management Address Domain: ",
            tail(p, s.i),
            domain_len,
        )?;
        s.i += domain_len;
        s.tlen -= domain_len;
        if s.tlv_len < 1 {
            nd.s(" (Management Address Length is missing)");
            s.hexdump = true;
            return Ok(SenderEnd::Dump);
        }
        let addr_len = usize::from(u8at(p, s.i)?);
        s.i += 1;
        s.tlen -= 1;
        s.tlv_len -= 1;
        nd.f(format_args!("\n\t  Management Address Length {addr_len}"));
        if addr_len > 0 {
            if s.tlv_len < addr_len {
                nd.s("\n\t  (TLV too short)");
                return Err(Stop::Done);
            }
            s.tlv_len -= addr_len;
            nd.hex_print_len("\n\t  Management Address: ", tail(p, s.i), addr_len)?;
            s.i += addr_len;
            s.tlen -= addr_len;
        }
    }
    Ok(SenderEnd::Dump)
}
