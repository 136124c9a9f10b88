//! ATA over Ethernet, as tcpdump's print-aoe.c: the version 1 header and its four commands
//! (issue ATA command, query config information, MAC mask list, reserve/release).
use super::util::Tok;
use super::{Nd, Res, be16, be32, sl, tail, u8at};

const V1: u8 = 1;

const CMD_ISSUE_ATA_COMMAND: u8 = 0;
const CMD_QUERY_CONFIG_INFORMATION: u8 = 1;
const CMD_MAC_MASK_LIST: u8 = 2;
const CMD_RESERVE_RELEASE: u8 = 3;

const CMDCODE_VALUES: &Tok = &[
    (0, "Issue ATA Command"),
    (1, "Query Config Information"),
    (2, "MAC Mask List"),
    (3, "Reserve/Release"),
];

const COMMON_HDR_LEN: usize = 10;
const ISSUE_ARG_LEN: usize = 12;
const QUERY_ARG_LEN: usize = 8;
const MAC_ARG_LEN: usize = 4;
const RESERVE_ARG_LEN: usize = 2;
const MAX_CONFSTR_LEN: usize = 1024;

const FLAG_E: u8 = 0x04;

const FLAG_VALUES: &Tok = &[
    (0x08, "Response"),
    (0x04, "Error"),
    (0x02, "MBZ-1"),
    (0x01, "MBZ-0"),
];

const ERRCODE_VALUES: &Tok = &[
    (1, "Unrecognized command code"),
    (2, "Bad argument parameter"),
    (3, "Device unavailable"),
    (4, "Config string present"),
    (5, "Unsupported version"),
    (6, "Target is reserved"),
];

const AFLAG_VALUES: &Tok = &[
    (0x80, "MBZ-7"),
    (0x40, "Ext48"),
    (0x20, "MBZ-5"),
    (0x10, "Device"),
    (0x08, "MBZ-3"),
    (0x04, "MBZ-2"),
    (0x02, "Async"),
    (0x01, "Write"),
];

const CCMD_VALUES: &Tok = &[
    (0, "read config string"),
    (1, "test config string"),
    (2, "test config string prefix"),
    (3, "set config string"),
    (4, "force set config string"),
];

const MCMD_VALUES: &Tok = &[(0, "Read Mac Mask List"), (1, "Edit Mac Mask List")];

const MERROR_VALUES: &Tok = &[
    (1, "Unspecified Error"),
    (2, "Bad DCmd directive"),
    (3, "Mask list full"),
];

const DCMD_VALUES: &Tok = &[
    (0, "No Directive"),
    (1, "Add mac address to mask list"),
    (2, "Delete mac address from mask list"),
];

const RCMD_VALUES: &Tok = &[
    (0, "Read reserve list"),
    (1, "Set reserve list"),
    (2, "Force set reserve list"),
];

/// Prints an AoE PDU of `len` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    nd.proto = "aoe";
    nd.f(format_args!("AoE length {len}"));
    if len < 1 {
        return nd.invalid_rest(p, 0, len);
    }
    let ver = (u8at(p, 0)? & 0xf0) >> 4;
    nd.f(format_args!(", Ver {ver}"));
    if ver == V1 {
        v1(nd, p, len)?;
    }
    Ok(())
}

fn v1(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < COMMON_HDR_LEN {
        return nd.invalid_rest(p, 0, len);
    }
    let flags = u8at(p, 0)? & 0x0f;
    nd.s(", Flags: [");
    nd.bittok2str(FLAG_VALUES, "none", flags.into());
    nd.s("]");
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    if flags & FLAG_E != 0 {
        let e = u8at(p, 1)?;
        nd.s("\n\tError: ");
        nd.tok2str(ERRCODE_VALUES, "Invalid (%u)", e.into());
    }
    nd.f(format_args!("\n\tMajor: 0x{:04x}", be16(p, 2)?));
    nd.f(format_args!(", Minor: 0x{:02x}", u8at(p, 4)?));
    let command = u8at(p, 5)?;
    nd.s(", Command: ");
    nd.tok2str(CMDCODE_VALUES, "Unknown (0x%02x)", command.into());
    nd.f(format_args!(", Tag: 0x{:08x}", be32(p, 6)?));
    let arg = tail(p, COMMON_HDR_LEN);
    let len = len - COMMON_HDR_LEN;
    match command {
        CMD_ISSUE_ATA_COMMAND => issue(nd, arg, len),
        CMD_QUERY_CONFIG_INFORMATION => query(nd, arg, len),
        CMD_MAC_MASK_LIST => mac_list(nd, arg, len),
        CMD_RESERVE_RELEASE => reserve(nd, arg, len),
        _ => Ok(()),
    }
}

fn issue(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < ISSUE_ARG_LEN {
        return nd.invalid_rest(p, 0, len);
    }
    let aflags = u8at(p, 0)?;
    nd.s("\n\tAFlags: [");
    nd.bittok2str(AFLAG_VALUES, "none", aflags.into());
    nd.s("]");
    nd.f(format_args!(", Err/Feature: {}", u8at(p, 1)?));
    nd.f(format_args!(", Sector Count: {}", u8at(p, 2)?));
    nd.f(format_args!(", Cmd/Status: {}", u8at(p, 3)?));
    nd.f(format_args!("\n\tlba0: {}", u8at(p, 4)?));
    for k in 1..6 {
        nd.f(format_args!(", lba{k}: {}", u8at(p, 4 + k)?));
    }
    sl(p, 10, 2)?;
    let data = len - ISSUE_ARG_LEN;
    if data > 0 {
        nd.f(format_args!("\n\tData: {data} bytes"));
    }
    Ok(())
}

fn query(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < QUERY_ARG_LEN {
        return nd.invalid_rest(p, 0, len);
    }
    nd.f(format_args!("\n\tBuffer Count: {}", be16(p, 0)?));
    nd.f(format_args!(", Firmware Version: {}", be16(p, 2)?));
    nd.f(format_args!(", Sector Count: {}", u8at(p, 4)?));
    let b = u8at(p, 5)?;
    nd.f(format_args!(", AoE: {}, CCmd: ", (b & 0xf0) >> 4));
    nd.tok2str(CCMD_VALUES, "Unknown (0x02x)", (b & 0x0f).into());
    let cslen = usize::from(be16(p, 6)?);
    let left = len - QUERY_ARG_LEN;
    if cslen > MAX_CONFSTR_LEN || cslen > left {
        return nd.invalid_rest(tail(p, QUERY_ARG_LEN), 0, left);
    }
    if cslen > 0 {
        nd.f(format_args!("\n\tConfig String (length {cslen}): "));
        nd.printjn(tail(p, QUERY_ARG_LEN), cslen)?;
    }
    Ok(())
}

fn mac_list(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < MAC_ARG_LEN {
        return nd.invalid_rest(p, 0, len);
    }
    let mcmd = u8at(p, 1)?;
    nd.s("\n\tMCmd: ");
    nd.tok2str(MCMD_VALUES, "Unknown (0x%02x)", mcmd.into());
    let merror = u8at(p, 2)?;
    nd.s(", MError: ");
    nd.tok2str(MERROR_VALUES, "Unknown (0x%02x)", merror.into());
    let dircount = usize::from(u8at(p, 3)?);
    nd.f(format_args!(", Dir Count: {dircount}"));
    let left = len - MAC_ARG_LEN;
    let d = tail(p, MAC_ARG_LEN);
    if dircount * 8 > left {
        return nd.invalid_rest(d, 0, left);
    }
    for k in 0..dircount {
        let dcmd = u8at(d, 8 * k + 1)?;
        nd.s("\n\t DCmd: ");
        nd.tok2str(DCMD_VALUES, "Unknown (0x%02x)", dcmd.into());
        let a = sl(d, 8 * k + 2, 6)?;
        nd.s(", Ethernet Address: ");
        nd.mac(a);
    }
    Ok(())
}

fn reserve(nd: &mut Nd<'_>, p: &[u8], len: usize) -> Res {
    if len < RESERVE_ARG_LEN || !(len - RESERVE_ARG_LEN).is_multiple_of(6) {
        return nd.invalid_rest(p, 0, len);
    }
    let rcmd = u8at(p, 0)?;
    nd.s("\n\tRCmd: ");
    nd.tok2str(RCMD_VALUES, "Unknown (0x%02x)", rcmd.into());
    let nmacs = usize::from(u8at(p, 1)?);
    nd.f(format_args!(", NMacs: {nmacs}"));
    let left = len - RESERVE_ARG_LEN;
    let m = tail(p, RESERVE_ARG_LEN);
    if nmacs * 6 != left {
        return nd.invalid_rest(m, 0, left);
    }
    for k in 0..nmacs {
        let a = sl(m, 6 * k, 6)?;
        nd.f(format_args!("\n\tEthernet Address {k}: "));
        nd.mac(a);
    }
    Ok(())
}
