//! Per-file packet indexes (`NAME.idx`): built by the writer with `--index` or by
//! `capture index`, read by `capture query`.
//!
//! [`fields`] reads the indexed header fields where libpcap's filter code reads them,
//! `flows` numbers the distinct sets of them (a file's flows), [`build`] gathers them per file and writes the index atomically, [`format`] is the on-disk
//! layout (docs/index-format.md), [`narrow`] turns a libpcap program into the set of packets it
//! may accept, and [`command`] is `capture index`.
pub mod build;
pub mod command;
pub mod fields;
mod flows;
pub mod format;
pub mod narrow;

pub use build::{Builder, Recycle, index_path, write_atomic};
pub use format::{Body, Index, IndexError};

/// The first bytes of a zstd frame (`--compress zstd` output).
pub const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// What a file starts with, as far as indexing and querying care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// pcap or pcapng.
    Capture,
    /// A zstd stream (of a pcap or pcapng file, as `--compress zstd` writes).
    Zstd,
}

impl FileKind {
    /// The kind of a file from its first four bytes, or None for anything else.
    pub fn sniff(magic: &[u8]) -> Option<FileKind> {
        let m: [u8; 4] = magic.get(..4)?.try_into().ok()?;
        if m == ZSTD_MAGIC {
            return Some(FileKind::Zstd);
        }
        match u32::from_le_bytes(m) {
            0xa1b2c3d4 | 0xd4c3b2a1 | 0xa1b23c4d | 0x4d3cb2a1 | 0xa1b2cd34 | 0x34cdb2a1
            | 0x0a0d0d0a => Some(FileKind::Capture),
            _ => None,
        }
    }
}

/// A packet's timestamp in ns since the epoch.
pub fn ts_ns(ts: capture_print::Timestamp) -> i64 {
    let frac = if ts.nano {
        ts.frac
    } else {
        ts.frac.saturating_mul(1000)
    };
    ts.sec.saturating_mul(1_000_000_000).saturating_add(frac)
}
