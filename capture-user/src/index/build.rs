//! Building one file's index as its packets go by: [`Builder::add`] per record (from the
//! writer, or from `capture index` reading a file), [`Builder::finish`] for the bytes of
//! `NAME.idx`, [`write_atomic`] to put them on disk so that no reader ever trusts a partial one.
//!
//! Per packet the cost is reading a few header fields and one hash lookup: packets with the
//! same fields (a flow's, mostly) share one list of ordinals, and each key's posting is the
//! union of its flows' lists, made once when the file closes.
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::fields::{Fields, Key, Layout};
use super::format::{self, Header};

type FlowMap = HashMap<Fields, u32, foldhash::fast::FixedState>;

/// The index of one capture file, growing by one packet per [`Builder::add`].
pub struct Builder {
    layout: Layout,
    linktype: u32,
    snaplen: u32,
    flows: FlowMap,
    /// The ordinals of each flow's packets, in order.
    members: Vec<Vec<u32>>,
    packets: u32,
    /// Per block of [`format::BLOCK`] packets: the smallest and largest timestamp (ns).
    times: Vec<(i64, i64)>,
    /// Per block: the offset of its first record and where its deltas start in `deltas`.
    chunks: Vec<(u64, u32)>,
    /// Varint gaps between consecutive records' offsets, within a block.
    deltas: Vec<u8>,
    last_offset: u64,
    flags: u32,
    /// More packets than ordinals (u32) can number: no index will be written.
    overflow: bool,
}

impl Builder {
    /// An empty index for a file of link type `linktype` (as in its header) and `snaplen`.
    pub fn new(linktype: u32, snaplen: u32) -> Builder {
        Builder {
            layout: Layout::of(linktype as i32),
            linktype,
            snaplen,
            flows: FlowMap::default(),
            members: Vec::new(),
            packets: 0,
            times: Vec::new(),
            chunks: Vec::new(),
            deltas: Vec::new(),
            last_offset: 0,
            flags: 0,
            overflow: false,
        }
    }

    /// Packets added so far.
    pub fn packets(&self) -> u32 {
        self.packets
    }

    /// Records that the file's packets cannot be read from their offsets alone (a pcapng
    /// interface defined after the first packet): queries then read the file in order.
    pub fn set_sequential_only(&mut self) {
        self.flags |= format::FLAG_SEQUENTIAL;
    }

    /// Records that some packets are of another link type than the file's first: their fields
    /// were read with the wrong layout, so queries use the index for times and offsets only.
    pub fn set_mixed(&mut self) {
        self.flags |= format::FLAG_MIXED;
    }

    /// Adds the next record: its timestamp in ns since the epoch, the offset of its record
    /// header (pcap) or block (pcapng) in the file, and its captured bytes.
    pub fn add(&mut self, ts_ns: i64, offset: u64, data: &[u8]) {
        if self.packets == u32::MAX {
            self.overflow = true;
            return;
        }
        let n = self.packets;
        let fields = Fields::read(self.layout, data);
        let next = self.members.len() as u32;
        let flow = *self.flows.entry(fields).or_insert(next);
        if flow == next {
            self.members.push(Vec::new());
        }
        self.members[flow as usize].push(n);
        if n.is_multiple_of(format::BLOCK) {
            self.times.push((ts_ns, ts_ns));
            self.chunks.push((offset, self.deltas.len() as u32));
        } else {
            let t = self.times.last_mut().expect("a block is open");
            t.0 = t.0.min(ts_ns);
            t.1 = t.1.max(ts_ns);
            format::put_varint(&mut self.deltas, offset - self.last_offset);
        }
        self.last_offset = offset;
        self.packets = n + 1;
    }

    /// The bytes of the index file for a capture file of `source_len` bytes last modified at
    /// `source_mtime_ns` (see [`format::mtime_ns`]), or None when the file holds more packets
    /// than an index can number.
    pub fn finish(self, source_len: u64, source_mtime_ns: i64) -> Option<Vec<u8>> {
        if self.overflow {
            return None;
        }
        // Which flows each key covers, keys in order (the FST is built in key order).
        let mut by_key: BTreeMap<Key, Vec<u32>> = BTreeMap::new();
        let mut flows: Vec<(Fields, u32)> = self.flows.into_iter().collect();
        flows.sort_unstable_by_key(|&(_, i)| i);
        for (fields, i) in &flows {
            fields.keys(|k| by_key.entry(k).or_default().push(*i));
        }
        let mut postings = format::PostingsWriter::new();
        let mut keys = fst::MapBuilder::memory();
        let mut ordinals: Vec<u32> = Vec::new();
        for (key, flow_ids) in &by_key {
            ordinals.clear();
            for &f in flow_ids {
                ordinals.extend_from_slice(&self.members[f as usize]);
            }
            if flow_ids.len() > 1 {
                ordinals.sort_unstable();
            }
            let at = postings.add(&ordinals);
            // Keys arrive sorted and unique, so insertion cannot fail.
            keys.insert(key.as_bytes(), at)
                .expect("keys are inserted in order");
        }
        let keys = keys.into_inner().expect("an in-memory FST cannot fail");
        let (ts_min, ts_max) = self
            .times
            .iter()
            .fold((i64::MAX, i64::MIN), |(lo, hi), &(a, b)| {
                (lo.min(a), hi.max(b))
            });
        let header = Header {
            flags: self.flags,
            source_len,
            linktype: self.linktype,
            snaplen: self.snaplen,
            packets: u64::from(self.packets),
            ts_min: if self.packets == 0 { 0 } else { ts_min },
            ts_max: if self.packets == 0 { 0 } else { ts_max },
            source_mtime_ns,
        };
        Some(format::encode(
            &header,
            &self.times,
            &self.chunks,
            &self.deltas,
            postings,
            &keys,
        ))
    }
}

/// The index file of capture file `path`: `path.idx`.
pub fn index_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".idx");
    PathBuf::from(s)
}

/// Writes `bytes` to `path` so that `path` is either absent, as before, or complete: written
/// to a temporary name in the same directory, synced, renamed over `path`, and the directory
/// synced. A process killed part-way leaves at most the temporary file, which no reader takes
/// for an index (and `capture index` removes).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    let written = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
        return written;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

/// The temporary name an index is written under: `NAME.idx.PID.tmp`.
fn temp_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{}{}", std::process::id(), TEMP_SUFFIX));
    PathBuf::from(s)
}

/// What every temporary index name ends with.
pub const TEMP_SUFFIX: &str = ".tmp";
