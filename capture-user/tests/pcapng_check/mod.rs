//! A strict pcapng reader for the tests: checks every block's framing (lengths a multiple of 4,
//! trailing length equal to the leading one, zero padding after packet data) and returns what the
//! writer put in, so tests can compare packets and statistics counters exactly.
//!
//! Written here rather than taken from pcap-parser so that the statistics options are read as
//! the specification lays them out, independently of the encoder under test, and so that any
//! framing slip fails loudly. Files are in the host's byte order (little-endian here).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::process::Command;

/// One Enhanced Packet Block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Timestamp in the interface's units.
    pub ts: u64,
    /// Original length.
    pub wirelen: u32,
    /// Captured bytes.
    pub data: Vec<u8>,
}

/// The Interface Description Block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interface {
    pub linktype: u16,
    pub snaplen: u32,
    pub name: Option<String>,
    /// `if_tsresol` as written (6 or 9).
    pub tsresol: Option<u8>,
}

/// The Interface Statistics Block's options, by code (2 = starttime, ..., 8 = usrdeliv), with
/// timestamps assembled from their (high, low) halves.
pub type Stats = BTreeMap<u16, u64>;

/// isb option codes.
pub const STARTTIME: u16 = 2;
pub const ENDTIME: u16 = 3;
pub const IFRECV: u16 = 4;
pub const IFDROP: u16 = 5;
pub const FILTERACCEPT: u16 = 6;
pub const OSDROP: u16 = 7;
pub const USRDELIV: u16 = 8;

/// A whole file: exactly one section with one interface.
#[derive(Debug, Clone, Default)]
pub struct File {
    pub interface: Interface,
    pub packets: Vec<Packet>,
    /// The statistics block, if the file has one (it must then be the last block).
    pub stats: Option<Stats>,
    /// The ISB's own timestamp.
    pub stats_ts: Option<u64>,
    /// Bytes before the statistics block (what `-C` counts).
    pub len_before_stats: usize,
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(b[i..i + 4].try_into().unwrap())
}

fn ts_at(b: &[u8], i: usize) -> u64 {
    (u64::from(u32_at(b, i)) << 32) | u64::from(u32_at(b, i + 4))
}

/// The options in `b` (a block body from its first option): (code, value) up to opt_endofopt,
/// which must be there.
fn options(b: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        assert!(i + 4 <= b.len(), "options run past the block");
        let code = u16_at(b, i);
        let len = usize::from(u16_at(b, i + 2));
        if code == 0 {
            assert_eq!(len, 0, "opt_endofopt has length 0");
            assert_eq!(i + 4, b.len(), "nothing after opt_endofopt");
            return out;
        }
        let v = &b[i + 4..i + 4 + len];
        let padded = len.next_multiple_of(4);
        assert!(
            b[i + 4 + len..i + 4 + padded].iter().all(|&x| x == 0),
            "option padding is zero"
        );
        out.push((code, v.to_vec()));
        i += 4 + padded;
    }
}

/// Parses and checks a complete pcapng file written by `capture --pcapng`.
pub fn parse(bytes: &[u8]) -> File {
    let mut f = File::default();
    let mut i = 0;
    let mut blocks = 0;
    while i < bytes.len() {
        assert!(i + 12 <= bytes.len(), "a block header at {i}");
        let btype = u32_at(bytes, i);
        let total = u32_at(bytes, i + 4) as usize;
        assert!(
            total >= 12 && total.is_multiple_of(4),
            "block length {total}"
        );
        assert!(i + total <= bytes.len(), "block at {i} runs past the end");
        assert_eq!(
            u32_at(bytes, i + total - 4) as usize,
            total,
            "trailing length"
        );
        let body = &bytes[i + 8..i + total - 4];
        assert!(f.stats.is_none(), "the statistics block is the last block");
        match (blocks, btype) {
            (0, 0x0a0d_0d0a) => {
                assert_eq!(u32_at(body, 0), 0x1a2b_3c4d, "byte-order magic");
                assert_eq!((u16_at(body, 4), u16_at(body, 6)), (1, 0), "version 1.0");
                assert_eq!(&body[8..16], &[0xff; 8], "section length unknown");
                options(&body[16..]);
            }
            (0, t) => panic!("the file starts with block type {t:#x}, not a section header"),
            (1, 1) => {
                f.interface.linktype = u16_at(body, 0);
                f.interface.snaplen = u32_at(body, 4);
                for (code, v) in options(&body[8..]) {
                    match code {
                        2 => f.interface.name = Some(String::from_utf8(v).unwrap()),
                        9 => f.interface.tsresol = Some(v[0]),
                        _ => {}
                    }
                }
            }
            (1, t) => panic!("block type {t:#x} where the interface description belongs"),
            (_, 6) => {
                assert_eq!(u32_at(body, 0), 0, "interface id");
                let caplen = u32_at(body, 12) as usize;
                let wirelen = u32_at(body, 16);
                let data = &body[20..20 + caplen];
                let padded = caplen.next_multiple_of(4);
                assert!(body[20 + caplen..20 + padded].iter().all(|&x| x == 0));
                assert_eq!(body.len(), 20 + padded, "no packet options");
                f.packets.push(Packet {
                    ts: ts_at(body, 4),
                    wirelen,
                    data: data.to_vec(),
                });
            }
            (_, 5) => {
                assert_eq!(u32_at(body, 0), 0, "interface id");
                f.len_before_stats = i;
                f.stats_ts = Some(ts_at(body, 4));
                let mut s = Stats::new();
                for (code, v) in options(&body[12..]) {
                    assert_eq!(v.len(), 8, "isb option {code} is 64 bits");
                    let x = if code == STARTTIME || code == ENDTIME {
                        ts_at(&v, 0)
                    } else {
                        u64::from_le_bytes(v.try_into().unwrap())
                    };
                    s.insert(code, x);
                }
                f.stats = Some(s);
            }
            (_, t) => panic!("unexpected block type {t:#x}"),
        }
        blocks += 1;
        i += total;
    }
    assert!(blocks >= 2, "a section header and an interface description");
    if f.stats.is_none() {
        f.len_before_stats = bytes.len();
    }
    cross_check(bytes, &f);
    f
}

/// A second, independent reader (pcap-parser) must see the same file: one section, the
/// interface, the packets, and the statistics options.
fn cross_check(bytes: &[u8], f: &File) {
    use pcap_parser::Block;
    let (rest, cap) = pcap_parser::parse_pcapng(bytes).expect("pcap-parser reads the file");
    assert!(
        rest.is_empty(),
        "{} bytes pcap-parser did not read",
        rest.len()
    );
    assert_eq!(cap.sections.len(), 1, "one section");
    let (mut packets, mut stats) = (0, None);
    for b in &cap.sections[0].blocks {
        match b {
            Block::SectionHeader(_) => {}
            Block::InterfaceDescription(idb) => {
                assert_eq!(idb.linktype.0 as u16, f.interface.linktype);
                assert_eq!(idb.snaplen, f.interface.snaplen);
                assert_eq!(
                    idb.if_name().map(Result::unwrap),
                    f.interface.name.as_deref()
                );
                assert_eq!(idb.if_tsresol().map(Result::unwrap), f.interface.tsresol);
            }
            Block::EnhancedPacket(epb) => {
                let p = &f.packets[packets];
                assert_eq!(&epb.data[..epb.caplen as usize], &p.data[..]);
                assert_eq!(epb.origlen, p.wirelen);
                packets += 1;
            }
            Block::InterfaceStatistics(isb) => {
                let v = |o: Option<Result<u64, _>>| o.map(Result::unwrap);
                let t = |o: Option<Result<(u32, u32), _>>| {
                    o.map(|r| {
                        let (hi, lo) = r.unwrap();
                        (u64::from(hi) << 32) | u64::from(lo)
                    })
                };
                let mut s = Stats::new();
                for (code, x) in [
                    (STARTTIME, t(isb.isb_starttime())),
                    (ENDTIME, t(isb.isb_endtime())),
                    (IFRECV, v(isb.isb_ifrecv())),
                    (IFDROP, v(isb.isb_ifdrop())),
                    (FILTERACCEPT, v(isb.isb_filteraccept())),
                    (OSDROP, v(isb.isb_osdrop())),
                    (USRDELIV, v(isb.isb_usrdeliv())),
                ] {
                    if let Some(x) = x {
                        s.insert(code, x);
                    }
                }
                stats = Some(s);
            }
            other => panic!("unexpected block {other:?}"),
        }
    }
    assert_eq!(packets, f.packets.len());
    assert_eq!(stats, f.stats, "pcap-parser reads the same statistics");
}

/// Runs a command and returns its stdout, asserting it succeeded.
pub fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (cargo xtask test installs it)"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Checks the file with Wireshark's tools: capinfos reads it as pcapng with one interface,
/// `wirelens.len()` packets and a statistics entry if the file has a statistics block, and
/// `tshark -T fields -e frame.len` lists `wirelens`.
pub fn check_with_wireshark(path: &str, wirelens: &[u32]) {
    let has_stats = parse(&std::fs::read(path).unwrap()).stats.is_some();
    let info = run("capinfos", &["-M", path]);
    for want in [
        "File type:           pcapng\n".to_owned(),
        format!("Number of packets:   {}\n", wirelens.len()),
        "Number of interfaces in file: 1\n".to_owned(),
        format!("Number of stat entries = {}\n", u8::from(has_stats)),
    ] {
        assert!(info.contains(&want), "{want:?} not in {info}");
    }
    let lens = run("tshark", &["-r", path, "-T", "fields", "-e", "frame.len"]);
    let want: String = wirelens.iter().map(|n| format!("{n}\n")).collect();
    assert!(lens == want, "tshark frame.len differs for {path}");
}
