//! Building one file's index as its packets go by: [`Builder::add`] per record (from the
//! writer, or from `capture index` reading a file), [`Builder::finish`] for the bytes of
//! `NAME.idx`, [`write_atomic`] to put them on disk so that no reader ever trusts a partial one.
//!
//! Per packet the cost is reading a few header fields, one hash lookup and one append: packets
//! with the same fields (a flow's, mostly) are one "flow", and the packet's flow number is
//! appended to a list in file order. The posting lists are made from that list when the file
//! closes, in [`Builder::finish`] (on the writer's index thread, not its packet path): one
//! pass counts each key's packets, one pass writes each packet's ordinal into the lists of its
//! flow's keys, in order, so no list is ever sorted.
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::fields::{Fields, Key, Layout};
use super::format::{self, Header};

type FlowMap = HashMap<Fields, u32, foldhash::fast::FixedState>;
type KeyMap = HashMap<Key, u32, foldhash::fast::FixedState>;

/// The index of one capture file, growing by one packet per [`Builder::add`].
pub struct Builder {
    layout: Layout,
    linktype: u32,
    snaplen: u32,
    /// Each distinct set of fields seen, numbered.
    flows: FlowMap,
    /// The flow number of each packet, in file order.
    packet_flows: Vec<u32>,
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
            packet_flows: Vec::new(),
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

    /// Records that the file's packets cannot be read from their offsets alone (zstd, or a
    /// pcapng file with several interfaces or sections): queries then read it in order.
    pub fn set_sequential_only(&mut self) {
        self.flags |= format::FLAG_SEQUENTIAL;
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
        let next = self.flows.len() as u32;
        let flow = *self.flows.entry(fields).or_insert(next);
        self.packet_flows.push(flow);
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
        // Number the keys, and list each flow's key numbers.
        let mut key_ids = KeyMap::default();
        let mut spans = vec![(0u32, 0u32); self.flows.len()];
        let mut flow_keys: Vec<u32> = Vec::with_capacity(self.flows.len() * 8);
        for (fields, flow) in &self.flows {
            let start = flow_keys.len() as u32;
            fields.keys(|k| {
                let next = key_ids.len() as u32;
                flow_keys.push(*key_ids.entry(k).or_insert(next));
            });
            spans[*flow as usize] = (start, flow_keys.len() as u32);
        }
        let keys_of = |flow: u32| {
            let (a, b) = spans[flow as usize];
            &flow_keys[a as usize..b as usize]
        };
        // Each key's list is a slice of one buffer: count, then fill in packet order.
        let mut per_flow = vec![0u32; self.flows.len()];
        for &f in &self.packet_flows {
            per_flow[f as usize] += 1;
        }
        let mut count = vec![0usize; key_ids.len()];
        for (f, &n) in per_flow.iter().enumerate() {
            for &k in keys_of(f as u32) {
                count[k as usize] += n as usize;
            }
        }
        let mut start = Vec::with_capacity(count.len());
        let mut total = 0usize;
        for &c in &count {
            start.push(total);
            total += c;
        }
        let mut lists = vec![0u32; total];
        let mut cursor = start.clone();
        for (n, &f) in self.packet_flows.iter().enumerate() {
            for &k in keys_of(f) {
                lists[cursor[k as usize]] = n as u32;
                cursor[k as usize] += 1;
            }
        }
        // The FST is built in key order.
        let mut order: Vec<(Key, u32)> = key_ids.into_iter().collect();
        order.sort_unstable();
        let mut postings = format::PostingsWriter::new();
        let mut keys = fst::MapBuilder::memory();
        for (key, id) in &order {
            let id = *id as usize;
            let at = postings.add(&lists[start[id]..start[id] + count[id]]);
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
