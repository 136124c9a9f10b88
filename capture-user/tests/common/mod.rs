//! Shared test helpers: temporary directories, deterministic input pcaps, a pcap-parser reader,
//! tcpdump as the reference, and a small tmpfs that is always unmounted.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use capture::writer::{Output, WriteError, pcap};

/// A directory under the system temp dir, removed (with its contents) on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "capture-writer-{}-{}-{tag}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// (name, size) of every entry, sorted by name.
    pub fn listing(&self) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().into_string().unwrap(),
                    e.metadata().unwrap().len(),
                )
            })
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One input record.
#[derive(Debug, Clone)]
pub struct Rec {
    pub ts_sec: i64,
    pub ts_nsec: u32,
    pub wirelen: u32,
    pub data: Vec<u8>,
}

/// Writes every record of `recs` at wall-clock second `now` and returns the errors in order
/// (a full disk refuses records without stopping the loop).
pub fn write_each(out: &mut Output, now: i64, recs: &[Rec]) -> Vec<WriteError> {
    recs.iter()
        .filter_map(|r| {
            out.write_at(now, r.ts_sec, r.ts_nsec, r.wirelen, &r.data)
                .err()
        })
        .collect()
}

/// The file header fields a writer needs.
pub struct Hdr {
    pub linktype: u32,
    pub snaplen: u32,
    pub nano: bool,
}

/// Deterministic records: sizes 60..=1514 from a fixed LCG, rising timestamps, some truncated
/// (wirelen > caplen) as a snaplen would make them.
pub fn records(n: usize, nano: bool) -> Vec<Rec> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|i| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let len = 60 + ((x >> 33) % 1455) as usize;
            let frac = ((x >> 13) % 1_000_000_000) as u32;
            let ts_nsec = if nano { frac } else { frac / 1000 * 1000 };
            let data: Vec<u8> = (0..len).map(|j| (i * 31 + j) as u8).collect();
            let wirelen = if i % 7 == 0 {
                len as u32 + 100
            } else {
                len as u32
            };
            Rec {
                ts_sec: 1_700_000_000 + i as i64 / 10,
                ts_nsec,
                wirelen,
                data,
            }
        })
        .collect()
}

/// Writes a pcap of `n` records (link type Ethernet, snaplen 65535) with the crate's own encoder
/// and returns its bytes.
pub fn make_input(path: &Path, n: usize, nano: bool) -> Vec<u8> {
    let mut out = pcap::file_header(1, 65535, nano).to_vec();
    for r in records(n, nano) {
        out.extend_from_slice(&pcap::record_header(
            r.ts_sec,
            r.ts_nsec.into(),
            r.data.len() as u32,
            r.wirelen,
            nano,
        ));
        out.extend_from_slice(&r.data);
    }
    std::fs::write(path, &out).unwrap();
    out
}

/// Parses a whole pcap file with pcap-parser.
pub fn read_records(bytes: &[u8]) -> (Hdr, Vec<Rec>) {
    let (rest, cap) = pcap_parser::parse_pcap(bytes).expect("a valid pcap file");
    assert!(rest.is_empty(), "{} trailing bytes", rest.len());
    let nano = cap.header.is_nanosecond_precision();
    let hdr = Hdr {
        linktype: cap.header.network.0 as u32,
        snaplen: cap.header.snaplen,
        nano,
    };
    let recs = cap
        .blocks
        .iter()
        .map(|b| Rec {
            ts_sec: i64::from(b.ts_sec),
            ts_nsec: if nano { b.ts_usec } else { b.ts_usec * 1000 },
            wirelen: b.origlen,
            data: b.data.to_vec(),
        })
        .collect();
    (hdr, recs)
}

/// Runs `tcpdump -r input -w output FLAGS` as root (-Z root: tcpdump would otherwise drop to its
/// own user before creating the rotated files) and checks it succeeded.
pub fn run_tcpdump(input: &Path, output: &Path, flags: &[&str]) {
    let out = Command::new("tcpdump")
        .arg("-Z")
        .arg("root")
        .arg("-r")
        .arg(input)
        .arg("-w")
        .arg(output)
        .args(flags)
        .output()
        .expect("tcpdump 4.99.3 is the reference and must be installed (cargo xtask test does)");
    assert!(
        out.status.success(),
        "tcpdump {flags:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A tmpfs of a given size mounted on a fresh directory; unmounted (lazily, so it cannot fail on
/// a busy mount) and removed on drop, also when the test panics.
pub struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    pub fn new(tag: &str, opts: &str) -> Self {
        let dir = TempDir::new(tag);
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", opts, "capture-test"])
            .arg(dir.path())
            .status()
            .expect("mount(8)");
        assert!(st.success(), "mount -t tmpfs -o {opts} needs root");
        Tmpfs { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// The files of `dir` (indexes left out), in the order their packets were written: tcpdump's
/// and capture's `-C` names are NAME, NAME1, NAME2, ...; editcap's sort by name.
pub fn rotated(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".idx"))
        .collect();
    let key = |p: &PathBuf| {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".zst");
        let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = stem[stem.len() - digits..].parse().unwrap_or(0);
        (stem[..stem.len() - digits].to_string(), n)
    };
    v.sort_by_key(key);
    v
}

/// A pcap file of link type NULL (BSD loopback), in big- or little-endian byte order with
/// each packet's `AF_` value in the same order, as a BSD host of that byte order writes it:
/// one UDP packet per value a writer may use (2 for IPv4; 10 Linux, 24 NetBSD and OpenBSD,
/// 28 FreeBSD, 30 Darwin for IPv6), a second apart from `t0`.
pub fn loopback_file(big_endian: bool, t0: u32) -> Vec<u8> {
    let w32 = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let w16 = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut f = Vec::new();
    f.extend_from_slice(&w32(0xa1b2_c3d4));
    f.extend_from_slice(&w16(2));
    f.extend_from_slice(&w16(4));
    for v in [0, 0, 65535, 0] {
        f.extend_from_slice(&w32(v));
    }
    for (i, af) in [2u32, 10, 24, 28, 30].into_iter().enumerate() {
        let mut d = w32(af).to_vec();
        let udp = [0x30, 0x39, 0x00, 0x35, 0, 8, 0, 0];
        if af == 2 {
            d.extend_from_slice(&[0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0]);
            d.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        } else {
            d.extend_from_slice(&[0x60, 0, 0, 0, 0, 8, 17, 64]);
            d.extend((0..32).map(|b| if b % 16 == 15 { b / 16 + 1 } else { 0 }));
        }
        d.extend_from_slice(&udp);
        for v in [t0 + i as u32, 0, d.len() as u32, d.len() as u32] {
            f.extend_from_slice(&w32(v));
        }
        f.extend_from_slice(&d);
    }
    f
}
