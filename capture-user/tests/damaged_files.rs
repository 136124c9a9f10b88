//! `capture -r` on damaged and foreign capture files, beside tcpdump 4.99.3 / libpcap 1.10.3
//! on the same file: the exit status, standard output, standard error (program name aside) and
//! what `-w` wrote must be tcpdump's.
//!
//! `mutated_files_are_read_as_tcpdump_reads_them` damages two kinds of files from a fixed seed:
//! synthetic ones (both byte orders, every pcap magic, old versions, several link types,
//! pseudo-headers, pcapng with several interfaces, resolutions, offsets, sections and block
//! kinds) and the real captures vendored for the conformance tests (every one also read
//! intact). Fields are set to edge values, bytes flipped, files cut at every boundary, pcapng
//! blocks dropped, repeated, swapped and spliced in. `each_of_libpcaps_checks_as_tcpdump_reports_it`
//! pins each of libpcap's checks with a file made to fail it.
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::TempDir;

/// What a run of one program on one file showed.
#[derive(Debug, PartialEq)]
struct Outcome {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    /// What `-w OUT` left in OUT (`None` when no such file was made).
    written: Option<Vec<u8>>,
}

/// Runs `program -r FILE FLAGS`: a flag `{out}` names a file of the run's own (`-w {out}`),
/// which is read back; with `stdin` the file is given as `-r -` on standard input instead.
fn run(program: &str, file: &Path, flags: &[&str], stdin: bool, out: &Path) -> Outcome {
    let _ = std::fs::remove_file(out);
    let mut cmd = Command::new(program);
    if stdin {
        cmd.arg("-r")
            .arg("-")
            .stdin(std::fs::File::open(file).unwrap());
    } else {
        cmd.arg("-r").arg(file).stdin(Stdio::null());
    }
    for f in flags {
        if *f == "{out}" {
            cmd.arg(out);
        } else {
            cmd.arg(f);
        }
    }
    let res = cmd
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (tcpdump 4.99.3 must be installed)"));
    let written = std::fs::read(out).ok();
    let _ = std::fs::remove_file(out);
    Outcome {
        code: res.status.code(),
        stdout: res.stdout,
        stderr: String::from_utf8_lossy(&res.stderr).replace(&out.display().to_string(), "OUT"),
        written,
    }
}

/// tcpdump's outcome with its name replaced by capture's, and capture's own.
fn both(file: &Path, flags: &[&str], stdin: bool) -> (Outcome, Outcome) {
    let out = |who: &str| file.with_extension(format!("{who}.out"));
    let mut want = run("tcpdump", file, flags, stdin, &out("tcpdump"));
    want.stderr = want
        .stderr
        .lines()
        .map(|l| match l.strip_prefix("tcpdump: ") {
            Some(rest) => format!("capture: {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    let got = run(
        env!("CARGO_BIN_EXE_capture"),
        file,
        flags,
        stdin,
        &out("capture"),
    );
    (want, got)
}

/// SplitMix64: a small deterministic generator, so every run builds the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len())]
    }
}

/// What a field of a file holds, for choosing the values a mutation puts there.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Magic,
    Version,
    Snaplen,
    LinkType,
    Len,
    Time,
    BlockType,
    BlockLen,
    ByteOrder,
    IfId,
    OptCode,
    OptLen,
    Tsresol,
    Other,
}

/// One item of a file being built: a field (kind, width in bytes, value) written in the
/// file's byte order, or raw bytes.
#[derive(Debug, Clone)]
enum It {
    F(Kind, usize, u64),
    Raw(Vec<u8>),
}

use It::{F, Raw};

/// A built file, with where its fields and structural boundaries are.
#[derive(Debug, Clone, Default)]
struct Built {
    bytes: Vec<u8>,
    swapped: bool,
    /// (offset, width, kind) of every field.
    fields: Vec<(usize, usize, Kind)>,
    /// Offsets where a record, block, header or option starts or ends.
    bounds: Vec<usize>,
}

impl Built {
    fn put(&mut self, items: &[It]) {
        for it in items {
            match it {
                F(kind, width, v) => {
                    self.fields.push((self.bytes.len(), *width, *kind));
                    self.bounds.push(self.bytes.len());
                    let b = v.to_le_bytes();
                    let mut b = b[..*width].to_vec();
                    if self.swapped {
                        b.reverse();
                    }
                    self.bytes.extend_from_slice(&b);
                }
                Raw(b) => self.bytes.extend_from_slice(b),
            }
        }
        self.bounds.push(self.bytes.len());
    }

    /// Writes `v` into the field at `at` of `width` bytes, in the file's byte order.
    fn set(&mut self, at: usize, width: usize, v: u64) {
        let mut b = v.to_le_bytes()[..width].to_vec();
        if self.swapped {
            b.reverse();
        }
        self.bytes[at..at + width].copy_from_slice(&b);
    }

    fn get(&self, at: usize, width: usize) -> u64 {
        let mut b = self.bytes[at..at + width].to_vec();
        if self.swapped {
            b.reverse();
        }
        b.resize(8, 0);
        u64::from_le_bytes(b.try_into().unwrap())
    }
}

fn u8f(k: Kind, v: u8) -> It {
    F(k, 1, v.into())
}
fn u16f(k: Kind, v: u16) -> It {
    F(k, 2, v.into())
}
fn u32f(k: Kind, v: u32) -> It {
    F(k, 4, v.into())
}
fn u64f(k: Kind, v: u64) -> It {
    F(k, 8, v)
}

/// The packets the files carry (link type Ethernet unless said otherwise).
fn eth_frames() -> Vec<Vec<u8>> {
    let eth = |et: u16, payload: &[u8]| {
        let mut f = vec![
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
        ];
        f.extend_from_slice(&et.to_be_bytes());
        f.extend_from_slice(payload);
        f
    };
    vec![
        eth(0x0800, &ipv4_udp(1000)),
        eth(
            0x0800,
            &[
                0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39,
                0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
            ],
        ),
        eth(
            0x0806,
            &[
                0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0,
                2,
            ],
        ),
        eth(0x86dd, &ipv6_icmp()),
        eth(0x0800, &ipv4_udp(53)),
    ]
}

fn ipv4_udp(port: u16) -> Vec<u8> {
    let mut p = vec![
        0x45, 0, 0, 33, 0, 2, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x04, 0xd2,
    ];
    p.extend_from_slice(&port.to_be_bytes());
    p.extend_from_slice(&[0, 13, 0, 0, b'h', b'e', b'l', b'l', b'o']);
    p
}

fn ipv6_icmp() -> Vec<u8> {
    let mut p = vec![0x60, 0, 0, 0, 0, 8, 58, 64];
    p.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    p.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    p.extend_from_slice(&[128, 0, 0, 0, 0, 1, 0, 1]);
    p
}

/// A pcap file: magic, version, snapshot length, link type, and records of (seconds,
/// fraction, caplen, len, data); `kuznetzov` adds that format's 8 extra header bytes.
struct Pcap {
    swapped: bool,
    magic: u32,
    version: (u16, u16),
    snaplen: u32,
    linktype: u32,
    records: Vec<(u32, u32, u32, u32, Vec<u8>)>,
}

impl Pcap {
    fn new(magic: u32, linktype: u32, frames: &[Vec<u8>]) -> Self {
        let records = frames
            .iter()
            .enumerate()
            .map(|(i, f)| {
                // Every third frame cut short, as a snapshot length would.
                let cap = if i % 3 == 2 { f.len() - 4 } else { f.len() };
                (
                    1_700_000_000 + i as u32,
                    123_456 + i as u32 * 1001,
                    cap as u32,
                    f.len() as u32,
                    f[..cap].to_vec(),
                )
            })
            .collect();
        Pcap {
            swapped: false,
            magic,
            version: (2, 4),
            snaplen: 65535,
            linktype,
            records,
        }
    }

    fn build(&self) -> Built {
        let mut b = Built {
            swapped: self.swapped,
            ..Default::default()
        };
        b.put(&[
            u32f(Kind::Magic, self.magic),
            u16f(Kind::Version, self.version.0),
            u16f(Kind::Version, self.version.1),
            u32f(Kind::Other, 0),
            u32f(Kind::Other, 0),
            u32f(Kind::Snaplen, self.snaplen),
            u32f(Kind::LinkType, self.linktype),
        ]);
        for (sec, frac, cap, len, data) in &self.records {
            b.put(&[
                u32f(Kind::Time, *sec),
                u32f(Kind::Time, *frac),
                u32f(Kind::Len, *cap),
                u32f(Kind::Len, *len),
            ]);
            if self.magic == 0xa1b2_cd34 {
                b.put(&[
                    u32f(Kind::Other, 2),
                    u16f(Kind::Other, 0x0800),
                    u8f(Kind::Other, 0),
                    u8f(Kind::Other, 0),
                ]);
            }
            b.put(&[Raw(data.clone())]);
        }
        b
    }
}

/// A pcapng block: its type and body items (padding and lengths are added when built).
#[derive(Debug, Clone)]
struct Blk {
    btype: u32,
    body: Vec<It>,
}

fn padded(data: &[u8]) -> Vec<It> {
    let mut d = data.to_vec();
    d.resize(data.len().div_ceil(4) * 4, 0);
    vec![Raw(d)]
}

fn opt(code: u16, value: &[u8]) -> Vec<It> {
    let mut v = vec![
        u16f(Kind::OptCode, code),
        u16f(Kind::OptLen, value.len() as u16),
    ];
    v.extend(padded(value));
    v
}

fn end_opt() -> Vec<It> {
    vec![u16f(Kind::OptCode, 0), u16f(Kind::OptLen, 0)]
}

fn shb(bom: u32, major: u16) -> Blk {
    let mut body = vec![
        u32f(Kind::ByteOrder, bom),
        u16f(Kind::Version, major),
        u16f(Kind::Version, 0),
        u64f(Kind::Other, u64::MAX),
    ];
    body.extend(opt(3, b"Linux 6.18"));
    body.extend(opt(4, b"capture tests"));
    body.extend(end_opt());
    Blk {
        btype: 0x0a0d_0d0a,
        body,
    }
}

fn idb(linktype: u16, snaplen: u32, tsresol: Option<u8>, tsoffset: Option<u64>) -> Blk {
    let mut body = vec![
        u16f(Kind::LinkType, linktype),
        u16f(Kind::Other, 0),
        u32f(Kind::Snaplen, snaplen),
    ];
    body.extend(opt(2, b"eth0"));
    if let Some(r) = tsresol {
        body.extend([
            u16f(Kind::OptCode, 9),
            u16f(Kind::OptLen, 1),
            u8f(Kind::Tsresol, r),
            Raw(vec![0, 0, 0]),
        ]);
    }
    if let Some(o) = tsoffset {
        body.extend([
            u16f(Kind::OptCode, 14),
            u16f(Kind::OptLen, 8),
            u64f(Kind::Time, o),
        ]);
    }
    body.extend(end_opt());
    Blk { btype: 1, body }
}

fn epb(iface: u32, ts: u64, data: &[u8], len: u32, comment: bool) -> Blk {
    let mut body = vec![
        u32f(Kind::IfId, iface),
        u32f(Kind::Time, (ts >> 32) as u32),
        u32f(Kind::Time, ts as u32),
        u32f(Kind::Len, data.len() as u32),
        u32f(Kind::Len, len),
    ];
    body.extend(padded(data));
    if comment {
        body.extend(opt(1, b"a comment"));
        body.extend(end_opt());
    }
    Blk { btype: 6, body }
}

fn spb(data: &[u8], len: u32) -> Blk {
    let mut body = vec![u32f(Kind::Len, len)];
    body.extend(padded(data));
    Blk { btype: 3, body }
}

fn pb(iface: u16, ts: u64, data: &[u8]) -> Blk {
    let mut body = vec![
        u16f(Kind::IfId, iface),
        u16f(Kind::Other, 0),
        u32f(Kind::Time, (ts >> 32) as u32),
        u32f(Kind::Time, ts as u32),
        u32f(Kind::Len, data.len() as u32),
        u32f(Kind::Len, data.len() as u32),
    ];
    body.extend(padded(data));
    Blk { btype: 2, body }
}

fn other_block(btype: u32, body: &[u8]) -> Blk {
    Blk {
        btype,
        body: padded(body),
    }
}

fn build_ng(blocks: &[Blk], swapped: bool) -> Built {
    let mut b = Built {
        swapped,
        ..Default::default()
    };
    for blk in blocks {
        let mut body = Built {
            swapped,
            ..Default::default()
        };
        body.put(&blk.body);
        let total = 12 + body.bytes.len().div_ceil(4) * 4;
        body.bytes.resize(total - 12, 0);
        let start = b.bytes.len() + 8;
        b.put(&[
            u32f(Kind::BlockType, blk.btype),
            u32f(Kind::BlockLen, total as u32),
        ]);
        b.bytes.extend_from_slice(&body.bytes);
        b.fields
            .extend(body.fields.iter().map(|&(at, w, k)| (at + start, w, k)));
        b.bounds.extend(body.bounds.iter().map(|&at| at + start));
        b.put(&[u32f(Kind::BlockLen, total as u32)]);
    }
    b
}

/// The valid files the damaged ones are made from: pcap seeds (built) and pcapng seeds
/// (block lists, so blocks can be moved).
fn pcap_seeds() -> Vec<Built> {
    let frames = eth_frames();
    let mut seeds = Vec::new();
    for (magic, swapped) in [
        (0xa1b2_c3d4, false),
        (0xa1b2_c3d4, true),
        (0xa1b2_3c4d, false),
        (0xa1b2_3c4d, true),
        (0xa1b2_cd34, false),
    ] {
        let mut p = Pcap::new(magic, 1, &frames);
        p.swapped = swapped;
        seeds.push(p.build());
    }
    // Old versions: lengths in the pre-2.3 order; 2.3 with either order.
    let mut p = Pcap::new(0xa1b2_c3d4, 1, &frames);
    p.version = (2, 2);
    for r in &mut p.records {
        std::mem::swap(&mut r.2, &mut r.3);
    }
    seeds.push(p.build());
    let mut p = Pcap::new(0xa1b2_c3d4, 1, &frames);
    p.version = (2, 3);
    let r = &mut p.records[2];
    std::mem::swap(&mut r.2, &mut r.3);
    seeds.push(p.build());
    // Raw IP, and a snapshot length shorter than some records.
    let raw: Vec<Vec<u8>> = frames.iter().map(|f| f[14..].to_vec()).collect();
    let mut p = Pcap::new(0xa1b2_c3d4, 101, &raw);
    p.snaplen = 30;
    seeds.push(p.build());
    // Pseudo-headers in the other byte order: SocketCAN in Linux cooked v1, NFLOG, USB.
    let mut can = vec![0, 0, 0x01, 0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x0c];
    can.extend_from_slice(&[0x12, 0x34, 0x56, 0x78, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    let mut nflog = vec![2, 0, 0, 0];
    nflog.extend_from_slice(&[0, 8, 0, 1, 0x08, 0x00, 0, 0]);
    let ip = ipv4_udp(53);
    nflog.extend_from_slice(&((ip.len() + 4) as u16).to_be_bytes());
    nflog.extend_from_slice(&[0, 9]);
    nflog.extend_from_slice(&ip);
    let mut usb = vec![0u8; 64];
    usb[0..8].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    usb[8] = b'C';
    usb[9] = 2;
    usb[10] = 0x81;
    usb[11] = 3;
    usb[12..14].copy_from_slice(&[0, 1]);
    usb[16..24].copy_from_slice(&[0, 0, 0, 0, 0x65, 0x43, 0x21, 0x00]);
    usb[32..36].copy_from_slice(&[0, 0, 0, 4]);
    usb[36..40].copy_from_slice(&[0, 0, 0, 4]);
    usb.extend_from_slice(&[9, 8, 7, 6]);
    for (lt, frame) in [(113, can), (239, nflog), (220, usb.clone()), (189, usb)] {
        let mut p = Pcap::new(0xa1b2_c3d4, lt, &[frame.clone(), frame]);
        p.swapped = true;
        seeds.push(p.build());
    }
    // Linux cooked v2.
    let mut sll2 = vec![
        0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0,
    ];
    sll2.extend_from_slice(&ipv4_udp(1000));
    seeds.push(Pcap::new(0xa1b2_c3d4, 276, &[sll2]).build());
    seeds
}

fn pcapng_seeds() -> Vec<(Vec<Blk>, bool)> {
    let frames = eth_frames();
    let t0: u64 = 1_700_000_000_123_456;
    let mut a = vec![
        shb(0x1a2b_3c4d, 1),
        other_block(
            4,
            &[1, 0, 4, 0, 10, 0, 0, 1, b'h', b'o', b's', b't', 0, 0, 0, 0],
        ),
        idb(1, 65535, None, None),
        idb(1, 65535, Some(9), Some(100)),
        epb(0, t0, &frames[0], frames[0].len() as u32, true),
        epb(1, t0 * 1000 + 7, &frames[1], frames[1].len() as u32, false),
        spb(&frames[2], frames[2].len() as u32),
        pb(0, t0 + 5, &frames[3]),
        other_block(5, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        other_block(0x4000_0bad, b"custom"),
        epb(0, t0 + 9, &frames[4][..30], frames[4].len() as u32, false),
    ];
    let b = a.clone();
    // Two sections; the second with its own interfaces and a binary resolution.
    a.extend([
        shb(0x1a2b_3c4d, 1),
        idb(1, 65535, Some(0x80 | 20), None),
        epb(0, 5 << 20, &frames[0], frames[0].len() as u32, false),
    ]);
    let raw: Vec<Vec<u8>> = frames.iter().map(|f| f[14..].to_vec()).collect();
    let c = vec![
        shb(0x1a2b_3c4d, 1),
        idb(228, 0, Some(3), None),
        epb(0, 1_700_000_000_123, &raw[0], raw[0].len() as u32, false),
        epb(0, 1_700_000_001_000, &raw[1], raw[1].len() as u32, false),
    ];
    vec![(a, false), (b, true), (c, false)]
}

/// How many records (pcap) or blocks (pcapng) of a corpus file are kept to be damaged: enough
/// for every kind of block, few enough that each run prints little.
const CORPUS_KEEP: usize = 12;

/// The vendored inputs of tcpdump's own test suite and of the first corpus: real captures of
/// many link types and both formats, malformed ones among them. Sorted, so every run is alike.
fn corpus_files() -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance");
    let mut paths = Vec::new();
    for dir in ["tcpdump-4.99.3-suite/tests", "tcpdump-tests"] {
        for e in std::fs::read_dir(root.join(dir)).expect("the vendored conformance corpus") {
            let p = e.unwrap().path();
            if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("pcap" | "pcapng")
            ) {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    // The first corpus repeats some of the suite's files.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    assert!(
        files.len() > 650,
        "the vendored corpus holds {} files",
        files.len()
    );
    files
}

/// An unsigned field of `width` bytes at `at`, big-endian when `be`.
fn read_field(b: &[u8], at: usize, width: usize, be: bool) -> u64 {
    let mut v = b[at..at + width].to_vec();
    if be {
        v.reverse();
    }
    v.resize(8, 0);
    u64::from_le_bytes(v.try_into().unwrap())
}

/// A real pcap file as a built one, its header and record fields known, cut after
/// [`CORPUS_KEEP`] records (the rest of a record that does not fit stays as raw bytes).
fn parse_pcap(b: &[u8]) -> Option<Built> {
    if b.len() < 24 {
        return None;
    }
    let magic = u32::from_le_bytes(b[..4].try_into().unwrap());
    let (be, kuznetzov) = match magic {
        0xa1b2_c3d4 | 0xa1b2_3c4d => (false, false),
        0xa1b2_cd34 => (false, true),
        0xd4c3_b2a1 | 0x4d3c_b2a1 => (true, false),
        0x34cd_b2a1 => (true, true),
        _ => return None,
    };
    let f = |kind, at, width| F(kind, width, read_field(b, at, width, be));
    let mut out = Built {
        swapped: be,
        ..Default::default()
    };
    out.put(&[
        f(Kind::Magic, 0, 4),
        f(Kind::Version, 4, 2),
        f(Kind::Version, 6, 2),
        f(Kind::Other, 8, 4),
        f(Kind::Other, 12, 4),
        f(Kind::Snaplen, 16, 4),
        f(Kind::LinkType, 20, 4),
    ]);
    let version = (read_field(b, 4, 2, be), read_field(b, 6, 2, be));
    let header = if kuznetzov { 24 } else { 16 };
    let mut at = 24;
    for _ in 0..CORPUS_KEEP {
        if at + header > b.len() {
            // A cut record header: the file's own damage, kept.
            out.put(&[Raw(b[at..].to_vec())]);
            break;
        }
        let (first, second) = (read_field(b, at + 8, 4, be), read_field(b, at + 12, 4, be));
        // The captured length, where libpcap looks for it in this version.
        let caplen = match version {
            (2, 0..=2) | (543, _) => second,
            (2, 3) => first.min(second),
            _ => first,
        } as usize;
        if at + header + caplen > b.len() {
            out.put(&[Raw(b[at..].to_vec())]);
            break;
        }
        out.put(&[
            f(Kind::Time, at, 4),
            f(Kind::Time, at + 4, 4),
            f(Kind::Len, at + 8, 4),
            f(Kind::Len, at + 12, 4),
        ]);
        if kuznetzov {
            out.put(&[Raw(b[at + 16..at + 24].to_vec())]);
        }
        out.put(&[Raw(b[at + header..at + header + caplen].to_vec())]);
        at += header + caplen;
    }
    Some(out)
}

/// The options of a pcapng block body, as items; what does not parse stays raw.
fn parse_options(b: &[u8], be: bool, btype: u32) -> Vec<It> {
    let mut items = Vec::new();
    let mut at = 0;
    while at + 4 <= b.len() {
        let code = read_field(b, at, 2, be);
        let len = read_field(b, at + 2, 2, be) as usize;
        let padded = len.div_ceil(4) * 4;
        if at + 4 + padded > b.len() {
            break;
        }
        items.push(F(Kind::OptCode, 2, code));
        items.push(F(Kind::OptLen, 2, len as u64));
        let v = at + 4;
        match (btype, code, len) {
            (1, 9, 1) => {
                items.push(F(Kind::Tsresol, 1, u64::from(b[v])));
                items.push(Raw(b[v + 1..v + 4].to_vec()));
            }
            (1, 14, 8) => items.push(F(Kind::Time, 8, read_field(b, v, 8, be))),
            _ => items.push(Raw(b[v..v + padded].to_vec())),
        }
        at = v + padded;
    }
    items.push(Raw(b[at..].to_vec()));
    items
}

/// A pcapng block body as items: the fixed fields of the block kinds libpcap reads, their
/// packet data, and their options.
fn parse_block(btype: u32, b: &[u8], be: bool) -> Blk {
    let f = |kind, at, width| F(kind, width, read_field(b, at, width, be));
    let data_end = |caplen_at: usize, from: usize| {
        let caplen = read_field(b, caplen_at, 4, be) as usize;
        (from + caplen.div_ceil(4) * 4).min(b.len())
    };
    let (mut body, opts_at) = match btype {
        0x0a0d_0d0a if b.len() >= 16 => (
            vec![
                f(Kind::ByteOrder, 0, 4),
                f(Kind::Version, 4, 2),
                f(Kind::Version, 6, 2),
                f(Kind::Other, 8, 8),
            ],
            16,
        ),
        1 if b.len() >= 8 => (
            vec![
                f(Kind::LinkType, 0, 2),
                f(Kind::Other, 2, 2),
                f(Kind::Snaplen, 4, 4),
            ],
            8,
        ),
        6 if b.len() >= 20 => {
            let end = data_end(12, 20);
            (
                vec![
                    f(Kind::IfId, 0, 4),
                    f(Kind::Time, 4, 4),
                    f(Kind::Time, 8, 4),
                    f(Kind::Len, 12, 4),
                    f(Kind::Len, 16, 4),
                    Raw(b[20..end].to_vec()),
                ],
                end,
            )
        }
        2 if b.len() >= 20 => {
            let end = data_end(12, 20);
            (
                vec![
                    f(Kind::IfId, 0, 2),
                    f(Kind::Other, 2, 2),
                    f(Kind::Time, 4, 4),
                    f(Kind::Time, 8, 4),
                    f(Kind::Len, 12, 4),
                    f(Kind::Len, 16, 4),
                    Raw(b[20..end].to_vec()),
                ],
                end,
            )
        }
        3 if b.len() >= 4 => (vec![f(Kind::Len, 0, 4), Raw(b[4..].to_vec())], b.len()),
        _ => (vec![Raw(b.to_vec())], b.len()),
    };
    body.extend(parse_options(&b[opts_at..], be, btype));
    Blk { btype, body }
}

/// A real pcapng file as blocks (its first [`CORPUS_KEEP`] whole ones in the first section's
/// byte order), and whether that order is big-endian.
fn parse_pcapng(b: &[u8]) -> Option<(Vec<Blk>, bool)> {
    if b.len() < 12 || b[..4] != [0x0a, 0x0d, 0x0d, 0x0a] {
        return None;
    }
    let be = match b[8..12] {
        [0x1a, 0x2b, 0x3c, 0x4d] => true,
        [0x4d, 0x3c, 0x2b, 0x1a] => false,
        _ => return None,
    };
    let mut blocks = Vec::new();
    let mut at = 0;
    while at + 12 <= b.len() && blocks.len() < CORPUS_KEEP {
        let btype = read_field(b, at, 4, be) as u32;
        let total = read_field(b, at + 4, 4, be) as usize;
        if total < 12 || !total.is_multiple_of(4) || at + total > b.len() {
            break;
        }
        blocks.push(parse_block(btype, &b[at + 8..at + total - 4], be));
        at += total;
    }
    (!blocks.is_empty()).then_some((blocks, be))
}

const MAGICS: &[u64] = &[
    0xa1b2_c3d4,
    0xd4c3_b2a1,
    0xa1b2_cd34,
    0x34cd_b2a1,
    0xa1b2_3c4d,
    0x4d3c_b2a1,
    0xa12b_3c4d,
    0xa1b2_34cd,
    0x0a0d_0d0a,
    0,
];

/// A value for a field of `kind` that held `v`.
fn value_for(rng: &mut Rng, kind: Kind, width: usize, v: u64) -> u64 {
    let mask = if width == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * width)) - 1
    };
    let near = [
        v.wrapping_sub(1),
        v.wrapping_add(1),
        v.wrapping_add(4),
        v.wrapping_sub(4),
        v.wrapping_mul(2),
    ];
    let small = rng.below(120) as u64;
    let x = match (kind, rng.below(3)) {
        (Kind::Magic, _) => rng.pick(MAGICS),
        (Kind::Version, _) => rng.pick(&[0, 1, 2, 3, 4, 5, 543, 0xff04, 0x200, 0xffff]),
        (Kind::Snaplen, _) => rng.pick(&[
            0,
            1,
            14,
            30,
            60,
            65535,
            65536,
            262_144,
            262_145,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_ffff,
        ]),
        (Kind::LinkType, 0) => rng.below(300) as u64,
        (Kind::LinkType, _) => rng.pick(&[
            0,
            1,
            12,
            13,
            14,
            100,
            101,
            106,
            113,
            147,
            149,
            189,
            220,
            228,
            231,
            239,
            249,
            276,
            289,
            290,
            0x2_0001,
            0x0400_0001,
            0xffff_ffff,
        ]),
        (Kind::Len, 0) => rng.pick(&near),
        (Kind::Len, _) => rng.pick(&[
            0,
            1,
            14,
            31,
            65535,
            65536,
            262_144,
            262_145,
            0x7fff_ffff,
            0xffff_ffff,
            small,
        ]),
        (Kind::Time, 0) => rng.next(),
        (Kind::Time, _) => rng.pick(&[
            0,
            999_999,
            1_000_000,
            999_999_999,
            1_000_000_000,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_ffff,
            0x1_0000_0000,
        ]),
        (Kind::BlockType, _) => rng.pick(&[1, 2, 3, 4, 5, 6, 0x0a0d_0d0a, 0x8000_0001, 0, 7]),
        (Kind::BlockLen, 0) => rng.pick(&near),
        (Kind::BlockLen, _) => rng.pick(&[
            0,
            4,
            8,
            11,
            12,
            13,
            16,
            27,
            28,
            32,
            1 << 20,
            (1 << 20) + 4,
            16 << 20,
            (16 << 20) + 4,
            0x8000_0000,
            0xffff_ffff,
        ]),
        (Kind::ByteOrder, _) => rng.pick(&[0x1a2b_3c4d, 0x4d3c_2b1a, 0, 0x1a2b_3c4e]),
        (Kind::IfId, _) => rng.pick(&[0, 1, 2, 3, 0xffff, 0xffff_ffff]),
        (Kind::OptCode, _) => rng.pick(&[0, 1, 2, 9, 14, 0xffff, small % 20]),
        (Kind::OptLen, 0) => rng.pick(&near),
        (Kind::OptLen, _) => rng.pick(&[0, 1, 2, 3, 4, 7, 8, 9, 0xffff]),
        (Kind::Tsresol, _) => rng.pick(&[
            0,
            1,
            3,
            6,
            9,
            10,
            19,
            20,
            127,
            0x80,
            0x80 | 10,
            0x80 | 20,
            0x80 | 63,
            0x80 | 64,
            0xff,
        ]),
        (Kind::Other, _) => rng.next(),
    };
    x & mask
}

/// One change to a built file.
fn mutate_bytes(rng: &mut Rng, f: &mut Built) {
    match rng.below(10) {
        0..=4 => {
            let (at, width, kind) = f.fields[rng.below(f.fields.len())];
            let v = f.get(at, width);
            let nv = value_for(rng, kind, width, v);
            f.set(at, width, nv);
        }
        5 | 6 => {
            // A byte flipped: in a field, or anywhere.
            let at = if rng.below(2) == 0 {
                let (at, width, _) = f.fields[rng.below(f.fields.len())];
                at + rng.below(width)
            } else {
                rng.below(f.bytes.len())
            };
            f.bytes[at] ^= (1 + rng.below(255)) as u8;
        }
        _ => {
            // Cut at or near a boundary, or anywhere.
            let at = if rng.below(4) == 0 {
                rng.below(f.bytes.len() + 1)
            } else {
                let b = f.bounds[rng.below(f.bounds.len())] as i64 + rng.below(7) as i64 - 3;
                b.clamp(0, f.bytes.len() as i64) as usize
            };
            f.bytes.truncate(at);
        }
    }
}

/// Blocks dropped, repeated, swapped, or spliced in from elsewhere.
fn mutate_blocks(rng: &mut Rng, blocks: &mut Vec<Blk>) {
    let frames = eth_frames();
    let n = blocks.len();
    match rng.below(4) {
        0 if n > 1 => {
            blocks.remove(rng.below(n));
        }
        1 => {
            let i = rng.below(n);
            let b = blocks[i].clone();
            blocks.insert(rng.below(n + 1), b);
        }
        2 if n > 1 => {
            let i = rng.below(n - 1);
            blocks.swap(i, i + 1);
        }
        _ => {
            let tsresol = rng.pick(&[None, Some(6), Some(9), Some(0x80 | 10), Some(0), Some(19)]);
            let tsoffset = rng.pick(&[None, Some(0), Some(7), Some(u64::MAX)]);
            let b = match rng.below(8) {
                0 => shb(0x1a2b_3c4d, 1),
                1 => shb(0x4d3c_2b1a, 1),
                2 => shb(0x1a2b_3c4d, 2),
                3 => idb(rng.pick(&[1, 101, 12, 228, 147]), 65535, tsresol, tsoffset),
                4 => idb(
                    1,
                    rng.pick(&[0, 1500, 65535, 262_144, 300_000]),
                    tsresol,
                    None,
                ),
                5 => epb(
                    rng.below(4) as u32,
                    rng.next() >> rng.below(64),
                    &frames[rng.below(frames.len())],
                    rng.pick(&[0, 60, 1500, 70_000]),
                    rng.below(2) == 0,
                ),
                6 => spb(&frames[0], rng.pick(&[0, 10, 62, 1500, 300_000])),
                _ => pb(rng.below(3) as u16, rng.next() >> 20, &frames[1]),
            };
            blocks.insert(rng.below(n + 1), b);
        }
    }
}

/// The flags each damaged file is read with (`-n`: no name lookups). `{out}` is a file of the
/// run's own, compared after it; `{stdin}` first: the file is read as `-r -` from standard input.
const FLAG_SETS: &[&[&str]] = &[
    &["-n"],
    &["-nn", "-v"],
    &["-n", "-e", "-xx"],
    &["-n", "--nano"],
    &["-n", "-tt"],
    &["-n", "-c", "3"],
    &["-n", "-w", "-"],
    &["-n", "--nano", "-w", "-"],
    &["-n", "-q", "udp or arp"],
    &["-n", "-ttttt"],
    &["-n", "-w", "{out}"],
    &["-n", "-w", "{out}", "ip or ip6"],
    &["{stdin}", "-n", "-x", "-v", "tcp or icmp6"],
    &["-n", "-tttt", "-A", "-c", "5"],
];

/// How many damaged files are built from the synthetic seeds, and how many from the corpus.
const FROM_SEEDS: usize = 3000;
const FROM_CORPUS: usize = 3000;

/// One damaged (or intact) file, and which of [`FLAG_SETS`] it is read with.
type Case = (Vec<u8>, usize);

/// Damages a built file once or twice: a field set to an edge value, a byte flipped, a cut.
fn damage(rng: &mut Rng, mut f: Built) -> Vec<u8> {
    for _ in 0..1 + rng.below(2) {
        if f.bytes.is_empty() || f.fields.is_empty() {
            break;
        }
        mutate_bytes(rng, &mut f);
        f.fields.retain(|&(at, w, _)| at + w <= f.bytes.len());
        f.bounds.retain(|&at| at <= f.bytes.len());
    }
    f.bytes
}

/// The synthetic seeds intact and cut at each boundary, then damaged copies up to
/// [`FROM_SEEDS`] files.
fn from_seeds(rng: &mut Rng) -> Vec<Case> {
    let pcaps = pcap_seeds();
    let ngs = pcapng_seeds();
    let mut out = Vec::new();
    let mut builts: Vec<Built> = pcaps.clone();
    builts.extend(ngs.iter().map(|(b, s)| build_ng(b, *s)));
    for b in &builts {
        out.push((b.bytes.clone(), rng.below(FLAG_SETS.len())));
        let mut cuts = b.bounds.clone();
        cuts.sort_unstable();
        cuts.dedup();
        for at in cuts {
            if at < b.bytes.len() {
                out.push((b.bytes[..at].to_vec(), rng.below(FLAG_SETS.len())));
            }
        }
    }
    while out.len() < FROM_SEEDS {
        let f = if rng.below(2) == 0 {
            pcaps[rng.below(pcaps.len())].clone()
        } else {
            let (mut blocks, swapped) = ngs[rng.below(ngs.len())].clone();
            for _ in 0..rng.below(3) {
                mutate_blocks(rng, &mut blocks);
            }
            build_ng(&blocks, swapped)
        };
        out.push((damage(rng, f), rng.below(FLAG_SETS.len())));
    }
    out.truncate(FROM_SEEDS);
    out
}

/// Every corpus file intact, then [`FROM_CORPUS`] damaged copies of their first records or
/// blocks; returns the cases and how many of them are intact.
fn from_corpus(rng: &mut Rng) -> (Vec<Case>, usize) {
    let files = corpus_files();
    let mut out: Vec<Case> = files
        .iter()
        .map(|f| (f.clone(), rng.below(FLAG_SETS.len())))
        .collect();
    let intact = out.len();
    let pcaps: Vec<Built> = files.iter().filter_map(|f| parse_pcap(f)).collect();
    let ngs: Vec<(Vec<Blk>, bool)> = files.iter().filter_map(|f| parse_pcapng(f)).collect();
    assert!(
        pcaps.len() > 600 && ngs.len() > 25,
        "{} {}",
        pcaps.len(),
        ngs.len()
    );
    for _ in 0..FROM_CORPUS {
        // pcapng files are fewer but have more to damage: a third of the copies.
        let f = if rng.below(3) != 0 {
            pcaps[rng.below(pcaps.len())].clone()
        } else {
            let (mut blocks, be) = ngs[rng.below(ngs.len())].clone();
            for _ in 0..rng.below(3) {
                mutate_blocks(rng, &mut blocks);
            }
            build_ng(&blocks, be)
        };
        out.push((damage(rng, f), rng.below(FLAG_SETS.len())));
    }
    (out, intact)
}

#[test]
fn mutated_files_are_read_as_tcpdump_reads_them() {
    let dir = TempDir::new("damaged");
    let mut rng = Rng(0x0005_eed0_fda6_a6ed);
    let mut files = from_seeds(&mut rng);
    let (corpus, intact) = from_corpus(&mut rng);
    files.extend(corpus);
    let paths: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, (bytes, _))| {
            let p = dir.path().join(format!("{i:05}.pcap"));
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let errors: Mutex<std::collections::BTreeSet<String>> = Mutex::default();
    let written = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= files.len() {
                        break;
                    }
                    let flags = FLAG_SETS[files[i].1];
                    let stdin = flags[0] == "{stdin}";
                    let flags = &flags[usize::from(stdin)..];
                    let (want, got) = both(&paths[i], flags, stdin);
                    if let Some(last) = want.stderr.lines().last()
                        && last.starts_with("capture: ")
                    {
                        // The message without its figures: which checks the files reached.
                        let kind: String = last.chars().filter(|c| !c.is_ascii_digit()).collect();
                        errors.lock().unwrap().insert(kind);
                    }
                    if want.written.as_ref().is_some_and(|w| w.len() > 24) {
                        written.fetch_add(1, Ordering::Relaxed);
                    }
                    if want != got {
                        let keep = std::env::var_os("CAPTURE_KEEP_DAMAGED");
                        if let Some(k) = keep {
                            let _ = std::fs::copy(
                                &paths[i],
                                Path::new(&k).join(format!("{i:05}-{}.pcap", files[i].1)),
                            );
                        }
                        let text = |o: &Outcome| {
                            format!(
                                "{:?} {:?} written {:?}\n{}",
                                o.code,
                                o.stderr,
                                o.written.as_ref().map(Vec::len),
                                String::from_utf8_lossy(&o.stdout)
                            )
                        };
                        failures.lock().unwrap().push(format!(
                            "file {i} flags {flags:?}\n tcpdump: {}\n capture: {}",
                            text(&want),
                            text(&got),
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    let errors = errors.into_inner().unwrap();
    eprintln!(
        "{} files compared with tcpdump ({} damaged from synthetic seeds, {} corpus files \
         intact, {} damaged from them), {} mismatches; {} -w outputs with records; {} distinct \
         errors:\n{}",
        files.len(),
        FROM_SEEDS,
        intact,
        FROM_CORPUS,
        failures.len(),
        written.load(Ordering::Relaxed),
        errors.len(),
        errors.iter().cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {} files differ from tcpdump; first ones:\n{}",
        failures.len(),
        files.len(),
        failures[..failures.len().min(5)].join("\n\n")
    );
    assert_eq!(files.len(), FROM_SEEDS + intact + FROM_CORPUS);
    // The damage reached deep: most of libpcap's checks fired somewhere.
    assert!(errors.len() >= 40, "{errors:?}");
}

/// The corpus files are damaged from what they hold: parsed and built again, each gives back
/// its own first records or blocks, byte for byte.
#[test]
fn corpus_files_parse_back_to_themselves() {
    let (mut pcaps, mut ngs) = (0, 0);
    for f in corpus_files() {
        if let Some(b) = parse_pcap(&f) {
            assert!(f.starts_with(&b.bytes));
            pcaps += 1;
        }
        if let Some((blocks, be)) = parse_pcapng(&f) {
            let b = build_ng(&blocks, be);
            assert!(f.starts_with(&b.bytes));
            assert!(b.bytes.len() == f.len() || blocks.len() == CORPUS_KEEP);
            ngs += 1;
        }
    }
    assert!(pcaps > 600 && ngs > 25, "{pcaps} {ngs}");
}

/// One hand-made file read by tcpdump and capture: they must agree, and tcpdump must show
/// what the case is about (exit code, lines printed, last stderr line), so that each of
/// libpcap's checks is known to be reached.
struct Pinned {
    name: &'static str,
    bytes: Vec<u8>,
    flags: &'static [&'static str],
    code: i32,
    lines: usize,
    /// tcpdump's last stderr line (program name replaced); `None`: the banner.
    last: Option<&'static str>,
}

fn pcap_bytes(f: impl FnOnce(&mut Pcap)) -> Vec<u8> {
    let mut p = Pcap::new(0xa1b2_c3d4, 1, &eth_frames());
    f(&mut p);
    p.build().bytes
}

/// The blocks of a one-interface Ethernet pcapng file with two packets.
fn ng_blocks() -> Vec<Blk> {
    let fr = eth_frames();
    vec![
        shb(0x1a2b_3c4d, 1),
        idb(1, 65535, None, None),
        epb(0, 1_700_000_000_000_000, &fr[0], fr[0].len() as u32, false),
        epb(0, 1_700_000_001_000_000, &fr[1], fr[1].len() as u32, false),
    ]
}

fn ng_bytes(f: impl FnOnce(&mut Vec<Blk>)) -> Vec<u8> {
    let mut b = ng_blocks();
    f(&mut b);
    build_ng(&b, false).bytes
}

/// An IDB of Ethernet with the raw options given.
fn idb_with(opts: &[(u16, &[u8])]) -> Blk {
    let mut body = vec![
        u16f(Kind::LinkType, 1),
        u16f(Kind::Other, 0),
        u32f(Kind::Snaplen, 65535),
    ];
    for (code, v) in opts {
        body.extend(opt(*code, v));
    }
    body.extend(end_opt());
    Blk { btype: 1, body }
}

fn pinned_cases() -> Vec<Pinned> {
    let fr = eth_frames();
    let full = pcap_bytes(|_| {});
    let first_record = 24 + 16 + fr[0].len();
    let p = |name, bytes, flags, code, lines, last| Pinned {
        name,
        bytes,
        flags,
        code,
        lines,
        last,
    };
    vec![
        p(
            "unknown link type",
            pcap_bytes(|p| p.linktype = 0x2_0001),
            &["-n"],
            1,
            0,
            Some("capture: unknown data link type 131073 (min 104, max 289)"),
        ),
        p(
            "unknown link type, -w",
            pcap_bytes(|p| p.linktype = 0x2_0001),
            &["-n", "-w", "{out}"],
            1,
            0,
            Some("capture: unknown data link type 131073 (min 104, max 289)"),
        ),
        p(
            "unsupported pcap version",
            pcap_bytes(|p| p.version = (2, 0xff04)),
            &["-n"],
            1,
            0,
            Some("capture: unsupported pcap savefile version 2.65284"),
        ),
        p(
            "archaic pcap version",
            pcap_bytes(|p| p.version = (1, 0)),
            &["-n"],
            1,
            0,
            Some("capture: archaic pcap savefile format"),
        ),
        p(
            "bad magic",
            b"this is not a capture file, it is text\n".to_vec(),
            &["-n"],
            1,
            0,
            Some("capture: unknown file format"),
        ),
        p(
            "empty file",
            Vec::new(),
            &["-n"],
            1,
            0,
            Some("capture: truncated dump file; tried to read 4 file header bytes, only got 0"),
        ),
        p(
            "cut file header",
            full[..10].to_vec(),
            &["-n"],
            1,
            0,
            Some("capture: truncated dump file; tried to read 24 file header bytes, only got 6"),
        ),
        p(
            "cut record header",
            full[..first_record + 10].to_vec(),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: truncated dump file; tried to read 16 header bytes, only got 10",
            ),
        ),
        p(
            "cut record",
            full[..full.len() - 20].to_vec(),
            &["-n"],
            1,
            4,
            Some(
                "capture: pcap_loop: truncated dump file; tried to read 47 captured bytes, only got 27",
            ),
        ),
        p(
            "cut record, -w",
            full[..full.len() - 20].to_vec(),
            &["-n", "-w", "{out}"],
            1,
            0,
            Some(
                "capture: pcap_loop: truncated dump file; tried to read 47 captured bytes, only got 27",
            ),
        ),
        p(
            "caplen over the snapshot length",
            pcap_bytes(|p| p.records[1].2 = 300_000),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: invalid packet capture length 300000, bigger than snaplen of 65535",
            ),
        ),
        p(
            "caplen over the maximum",
            pcap_bytes(|p| {
                p.snaplen = 0x7fff_ffff;
                p.records[1].2 = 262_145;
            }),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: invalid packet capture length 262145, bigger than maximum of 262144",
            ),
        ),
        p(
            "records cut to a short snapshot length",
            pcap_bytes(|p| p.snaplen = 30),
            &["-n", "-x"],
            0,
            // A line and a line of hex for each, the last without its newline.
            5 + 5 + 1,
            None,
        ),
        p(
            "link type read but not printed",
            pcap_bytes(|p| p.linktype = 147),
            &["-n"],
            0,
            // "UNSUPPORTED" and the frame in hex, as tcpdump 4.99.3 prints it.
            22,
            None,
        ),
        p(
            "Kuznetzov's format",
            pcap_bytes(|p| p.magic = 0xa1b2_cd34),
            &["-n", "-v"],
            0,
            5 + 3,
            None,
        ),
        p(
            "pcapng trailer mismatch",
            {
                let mut b = ng_bytes(|_| {});
                let n = b.len();
                b[n - 4] ^= 4;
                b
            },
            &["-n"],
            1,
            1,
            Some("capture: pcap_loop: block total length in header and trailer don't match"),
        ),
        p(
            "pcapng section header too short",
            {
                let mut b = ng_bytes(|_| {});
                b[4] = 24;
                b
            },
            &["-n"],
            1,
            0,
            Some(
                "capture: Section Header Block in pcapng dump file has invalid length 28 < _24_ < 1048576 (BT_SHB_INSANE_MAX)",
            ),
        ),
        p(
            "pcapng version",
            ng_bytes(|b| b[0] = shb(0x1a2b_3c4d, 2)),
            &["-n"],
            1,
            0,
            Some("capture: unsupported pcapng savefile version 2.0"),
        ),
        p(
            "pcapng without interfaces",
            ng_bytes(|b| b.truncate(1)),
            &["-n"],
            1,
            0,
            Some("capture: the capture file has no Interface Description Blocks"),
        ),
        p(
            "pcapng packet before the interface",
            ng_bytes(|b| b.swap(1, 2)),
            &["-n"],
            1,
            0,
            Some(
                "capture: the capture file has a packet block before any Interface Description Blocks",
            ),
        ),
        p(
            "pcapng if_tsresol twice",
            ng_bytes(|b| b[1] = idb_with(&[(9, &[6]), (9, &[9])])),
            &["-n"],
            1,
            0,
            Some("capture: Interface Description Block has more than one if_tsresol option"),
        ),
        p(
            "pcapng if_tsoffset twice, in a later interface",
            ng_bytes(|b| b.insert(3, idb_with(&[(14, &[0; 8]), (14, &[1; 8])]))),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: Interface Description Block has more than one if_tsoffset option",
            ),
        ),
        p(
            "pcapng if_tsresol too fine",
            ng_bytes(|b| b[1] = idb_with(&[(9, &[20])])),
            &["-n"],
            1,
            0,
            Some(
                "capture: Interface Description Block if_tsresol option resolution 10^-20 is too high",
            ),
        ),
        p(
            "pcapng end of options with a length",
            ng_bytes(|b| b.insert(3, idb_with(&[(0, &[1, 2])]))),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: Interface Description Block has opt_endofopt option with length 2 != 0",
            ),
        ),
        p(
            "pcapng interfaces of two link types",
            ng_bytes(|b| b.insert(3, idb(101, 65535, None, None))),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: an interface has a type 101 different from the type of the first interface",
            ),
        ),
        p(
            "pcapng interfaces of two snapshot lengths",
            ng_bytes(|b| b.insert(3, idb(1, 1500, None, None))),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: an interface has a snapshot length 1500 different from the snapshot length of the first interface",
            ),
        ),
        p(
            "pcapng packet on an undescribed interface",
            ng_bytes(|b| b[3] = epb(5, 0, &fr[1], 54, false)),
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: a packet arrived on interface 5, but there's no Interface Description Block for that interface",
            ),
        ),
        p(
            "pcapng section in the other byte order",
            {
                // A big-endian section header 256 bytes long, which read little-endian is
                // 65536 bytes long: libpcap reads that much before it sees the byte order.
                let mut b = ng_bytes(|b| b.truncate(3));
                let mut shb = vec![0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 1, 0, 0x1a, 0x2b, 0x3c, 0x4d];
                shb.extend_from_slice(&[0, 1, 0, 0]);
                shb.resize(65532, 0);
                shb.extend_from_slice(&[0, 0, 1, 0]);
                b.extend(shb);
                b
            },
            &["-n"],
            1,
            1,
            Some("capture: pcap_loop: the file has sections with different byte orders"),
        ),
        p(
            "pcapng block length not a multiple of 4",
            {
                let mut b = ng_bytes(|b| b.truncate(3));
                b.extend_from_slice(&[6, 0, 0, 0, 13, 0, 0, 0]);
                b
            },
            &["-n"],
            1,
            1,
            Some(
                "capture: pcap_loop: block in pcapng dump file has a length of 13 that is not a multiple of 4",
            ),
        ),
        p(
            "pcapng block too large",
            {
                let mut b = ng_bytes(|b| b.truncate(3));
                b.extend_from_slice(&[6, 0, 0, 0, 0, 0, 0, 2]);
                b
            },
            &["-n"],
            1,
            1,
            Some("capture: pcap_loop: pcapng block size 33554432 > maximum 16777216"),
        ),
        p(
            "pcapng packet over the snapshot length",
            ng_bytes(|b| b[1] = idb(1, 40, None, None)),
            &["-n"],
            1,
            0,
            Some("capture: pcap_loop: invalid packet capture length 47, bigger than snaplen of 40"),
        ),
        p(
            "pcapng packet block too short",
            ng_bytes(|b| b[3] = other_block(6, &[0; 16])),
            &["-n"],
            1,
            1,
            Some("capture: pcap_loop: block of type 6 in pcapng dump file is too short"),
        ),
        p(
            "pcapng cut block",
            {
                let b = ng_bytes(|_| {});
                b[..b.len() - 10].to_vec()
            },
            &["-n", "-w", "-"],
            1,
            0,
            Some(
                "capture: pcap_loop: truncated pcapng dump file; tried to read 80 bytes, only got 70",
            ),
        ),
    ]
}

#[test]
fn each_of_libpcaps_checks_as_tcpdump_reports_it() {
    let dir = TempDir::new("pinned");
    let mut wrong = Vec::new();
    for (i, c) in pinned_cases().into_iter().enumerate() {
        let path = dir.path().join(format!("{i:02}.pcap"));
        std::fs::write(&path, &c.bytes).unwrap();
        let (want, got) = both(&path, c.flags, false);
        let lines = if c.flags.contains(&"-") {
            // `-w -`: the records written, counted by length.
            0
        } else {
            want.stdout.iter().filter(|&&b| b == b'\n').count()
        };
        let last = want.stderr.lines().last().unwrap_or_default();
        let shown = (want.code, lines, c.last.is_none_or(|l| l == last));
        if shown != (Some(c.code), c.lines, true)
            || c.last.is_none() && last.starts_with("capture:")
        {
            wrong.push(format!(
                "{}: tcpdump shows {:?} {lines} lines, last {last:?}",
                c.name, want.code
            ));
        }
        if want != got {
            wrong.push(format!("{}: capture differs\n{want:?}\n{got:?}", c.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
