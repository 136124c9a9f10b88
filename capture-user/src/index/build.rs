//! Building one file's index as its packets go by: [`Builder::add`] per record (from the
//! writer, or from `capture index` reading a file), [`Builder::finish`] for the bytes of
//! `NAME.idx`, [`write_atomic`] to put them on disk so that no reader ever trusts a partial one.
//!
//! Packets with the same indexed fields are one *flow* (a flow is the exact tuple of every
//! field, so whatever a filter asks of one packet's fields it asks of its flow's). Per packet
//! the cost is reading those few header fields and appending them, packed, to the file's list
//! (see `flows.rs`, which numbers the flows away from the packet path). When the file
//! closes, [`Builder::finish`] (on the writer's index thread) writes each flow's packets as
//! one posting list (so each packet's ordinal is stored once) and, for each key, the flows
//! that hold it: per-field columns of (value, flow) radix-sorted by value (stable, so each
//! value's flows stay in order), the posting lists read off the sorted runs; the columns are
//! taken in key-kind order and values sort as their big-endian bytes do, so the keys reach
//! the FST in its order.
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::fields::{Family, Fields, Key, Layout, MAX_TAGS, kind};
use super::flows::{FlowTable, Numbering};
use super::format::{self, Header};

/// The columns of fields of at most 4 bytes, in key-kind order: (kind, value width in bytes).
const NARROW: [(u8, usize); 14] = [
    (kind::ETHER, 2),
    (kind::ETHER + 1, 2),
    (kind::ETHER + 2, 2),
    (kind::VLAN, 2),
    (kind::VLAN + 1, 2),
    (kind::IP_VERSION, 1),
    (kind::IP4_PROTO, 1),
    (kind::IP4_SRC, 4),
    (kind::IP4_DST, 4),
    (kind::ARP_SPA, 4),
    (kind::ARP_TPA, 4),
    (kind::IP6_NEXT, 1),
    (kind::SRC_PORT, 2),
    (kind::DST_PORT, 2),
];
/// Positions in [`NARROW`].
mod col {
    pub const ETHER: usize = 0;
    pub const VLAN: usize = 3;
    pub const IP_VERSION: usize = 5;
    pub const IP4_PROTO: usize = 6;
    pub const IP4_SRC: usize = 7;
    pub const ARP_SPA: usize = 9;
    pub const IP6_NEXT: usize = 11;
    pub const SRC_PORT: usize = 12;
}

/// One column: how its keys are written and which vector holds it.
#[derive(Clone, Copy)]
enum Column {
    /// `narrow[i]`: value << 32 | ordinal.
    Narrow(usize),
    /// `v6[i]`: IPv6 source (0) or destination (1) address and ordinal.
    V6(usize),
    /// `partial[i]`: ordinals of packets whose IPv6 source (0) or destination (1) is cut short.
    Partial(usize),
}

/// Every column, in the order of its keys' kind bytes (the FST's order).
const COLUMNS: [Column; 18] = [
    Column::Narrow(0),
    Column::Narrow(1),
    Column::Narrow(2),
    Column::Narrow(3),
    Column::Narrow(4),
    Column::Narrow(5),
    Column::Narrow(6),
    Column::Narrow(7),
    Column::Narrow(8),
    Column::Narrow(9),
    Column::Narrow(10),
    Column::Narrow(11),
    Column::V6(0),
    Column::V6(1),
    Column::Partial(0),
    Column::Partial(1),
    Column::Narrow(12),
    Column::Narrow(13),
];
/// Kind bytes of the IPv6 address and partial-address columns.
const V6_KINDS: [u8; 2] = [kind::IP6_SRC, kind::IP6_DST];
const PARTIAL_KINDS: [u8; 2] = [kind::IP6_SRC_PART, kind::IP6_DST_PART];

/// Per field, the flows that hold each value, and the buffers [`Builder::finish`] sorts them
/// with.
#[derive(Default)]
struct Columns {
    /// Per field of at most 4 bytes (see [`NARROW`]): value << 32 | flow, in flow order.
    narrow: [Vec<u64>; NARROW.len()],
    /// IPv6 source and destination addresses with their flows, in flow order.
    v6: [Vec<([u8; 16], u32)>; 2],
    /// The flows whose IPv6 source or destination address is captured in part.
    partial: [Vec<u32>; 2],
    /// The radix sort's other buffers.
    narrow_scratch: Vec<u64>,
    v6_scratch: Vec<([u8; 16], u32)>,
}

impl Columns {
    /// Appends flow `n`'s fields to their columns.
    fn add(&mut self, n: u32, f: &Fields) {
        let col = &mut self.narrow;
        let entry = |value: u32| u64::from(value) << 32 | u64::from(n);
        for level in 0..usize::from(f.ether_levels).min(MAX_TAGS + 1) {
            col[col::ETHER + level].push(entry(f.ether[level].into()));
        }
        for level in 0..usize::from(f.vlan_levels).min(MAX_TAGS) {
            col[col::VLAN + level].push(entry(f.vlan[level].into()));
        }
        if let Some(v) = f.ip_version {
            col[col::IP_VERSION].push(entry(v.into()));
        }
        let v4 = |a: &[u8; 16]| u32::from_be_bytes([a[0], a[1], a[2], a[3]]);
        match f.family {
            Family::V4 => {
                if let Some(p) = f.proto {
                    col[col::IP4_PROTO].push(entry(p.into()));
                }
                for (i, a) in [&f.src, &f.dst].into_iter().enumerate() {
                    if let Some(a) = a {
                        col[col::IP4_SRC + i].push(entry(v4(a)));
                    }
                }
            }
            Family::Arp => {
                for (i, a) in [&f.src, &f.dst].into_iter().enumerate() {
                    if let Some(a) = a {
                        col[col::ARP_SPA + i].push(entry(v4(a)));
                    }
                }
            }
            Family::V6 => {
                if let Some(p) = f.proto {
                    col[col::IP6_NEXT].push(entry(p.into()));
                }
                for (i, a) in [&f.src, &f.dst].into_iter().enumerate() {
                    if let Some(a) = a {
                        self.v6[i].push((*a, n));
                    }
                    if f.partial[i] {
                        self.partial[i].push(n);
                    }
                }
            }
            Family::None => return,
        }
        if let Some(p) = f.sport {
            col[col::SRC_PORT].push(entry(p.into()));
        }
        if let Some(p) = f.dport {
            col[col::SRC_PORT + 1].push(entry(p.into()));
        }
    }

    /// Sorts each column and adds each key's flows to `postings` and the key to `keys`, in
    /// key order.
    fn write_keys(
        &mut self,
        postings: &mut format::PostingsWriter,
        keys: &mut fst::MapBuilder<Vec<u8>>,
    ) {
        let mut list: Vec<u32> = Vec::new();
        let mut key = [0u8; 17];
        // Keys arrive sorted and unique, so insertion cannot fail.
        let mut insert = |key: &[u8], list: &[u32], postings: &mut format::PostingsWriter| {
            let at = postings.add(list);
            keys.insert(key, at).expect("keys are inserted in order");
        };
        for column in COLUMNS {
            match column {
                Column::Narrow(i) => {
                    let (kind, width) = NARROW[i];
                    let entries = &mut self.narrow[i];
                    let scratch = &mut self.narrow_scratch;
                    let digit = |e: &u64, d: usize| (e >> (32 + 8 * d)) as u8;
                    match width {
                        1 => radix_sort::<_, 1>(entries, scratch, digit),
                        2 => radix_sort::<_, 2>(entries, scratch, digit),
                        _ => radix_sort::<_, 4>(entries, scratch, digit),
                    }
                    key[0] = kind;
                    for run in entries.chunk_by(|a, b| a >> 32 == b >> 32) {
                        let value = ((run[0] >> 32) as u32).to_be_bytes();
                        key[1..=width].copy_from_slice(&value[4 - width..]);
                        list.clear();
                        list.extend(run.iter().map(|&e| e as u32));
                        insert(&key[..=width], &list, postings);
                    }
                }
                Column::V6(i) => {
                    let entries = &mut self.v6[i];
                    radix_sort::<_, 16>(entries, &mut self.v6_scratch, |e, d| e.0[15 - d]);
                    key[0] = V6_KINDS[i];
                    for run in entries.chunk_by(|a, b| a.0 == b.0) {
                        key[1..].copy_from_slice(&run[0].0);
                        list.clear();
                        list.extend(run.iter().map(|e| e.1));
                        insert(&key, &list, postings);
                    }
                }
                Column::Partial(i) => {
                    if !self.partial[i].is_empty() {
                        insert(&[PARTIAL_KINDS[i]], &self.partial[i], postings);
                    }
                }
            }
        }
    }
}

/// A file's flows and packets as [`Builder::add`] gathers them, with what
/// [`Builder::finish`] needs to write them.
#[derive(Default)]
struct Tables {
    /// Each distinct set of fields seen, numbered in order of first packet, with the fields
    /// of each flow and the flow number of each packet.
    flows: FlowTable,
    groups: Groups,
    columns: Columns,
}

/// The packets grouped by flow (each group in file order), where each group starts, and
/// where the next packet of each goes while grouping.
#[derive(Default)]
struct Groups {
    grouped: Vec<u32>,
    starts: Vec<u32>,
    cursor: Vec<u32>,
}

impl Tables {
    /// Empties every table, keeping its memory.
    fn clear(&mut self) {
        self.flows.clear();
        let c = &mut self.columns;
        c.narrow.iter_mut().for_each(Vec::clear);
        c.v6.iter_mut().for_each(Vec::clear);
        c.partial.iter_mut().for_each(Vec::clear);
    }
}

impl Groups {
    /// Adds each flow's packets to `postings` as one list; returns each list's address, by flow.
    fn write(&mut self, n: &Numbering, postings: &mut format::PostingsWriter) -> Vec<u64> {
        let (flows, packet_flows) = (n.fields().len(), n.packets());
        // A counting sort by flow: stable, so each flow's packets stay in file order.
        self.starts.clear();
        self.starts.resize(flows + 1, 0);
        for &f in packet_flows {
            self.starts[f as usize + 1] += 1;
        }
        for i in 0..flows {
            self.starts[i + 1] += self.starts[i];
        }
        self.grouped.resize(packet_flows.len(), 0);
        self.cursor.clone_from(&self.starts);
        for (n, &f) in packet_flows.iter().enumerate() {
            let at = &mut self.cursor[f as usize];
            self.grouped[*at as usize] = n as u32;
            *at += 1;
        }
        self.starts
            .windows(2)
            .map(|w| postings.add(&self.grouped[w[0] as usize..w[1] as usize]))
            .collect()
    }
}

/// Tables that finished indexes hand back for the next file's [`Builder`]: a writer rotating
/// files reuses a file's worth of memory instead of faulting in fresh pages for each file.
#[derive(Clone, Default)]
pub struct Recycle(Arc<Mutex<Vec<Tables>>>);

/// Spare tables a [`Recycle`] keeps: one, handed from the file just finished to the next
/// file opened (the file being written and the one being finished hold their own).
const RECYCLED: usize = 1;

impl Recycle {
    fn take(&self) -> Tables {
        self.0
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default()
    }

    fn give(&self, mut t: Tables) {
        t.clear();
        if let Ok(mut v) = self.0.lock()
            && v.len() < RECYCLED
        {
            v.push(t);
        }
    }
}

/// The index of one capture file, growing by one packet per [`Builder::add`].
pub struct Builder {
    layout: Layout,
    linktype: u32,
    snaplen: u32,
    tables: Tables,
    /// Where the tables go once the index is finished.
    recycle: Option<Recycle>,
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
        Builder::with_tables(linktype, snaplen, Tables::default(), None)
    }

    /// [`Builder::new`], with tables from `recycle` and handing them back to it when finished.
    pub fn recycling(linktype: u32, snaplen: u32, recycle: &Recycle) -> Builder {
        Builder::with_tables(linktype, snaplen, recycle.take(), Some(recycle.clone()))
    }

    fn with_tables(
        linktype: u32,
        snaplen: u32,
        tables: Tables,
        recycle: Option<Recycle>,
    ) -> Builder {
        Builder {
            layout: Layout::of(linktype as i32),
            linktype,
            snaplen,
            tables,
            recycle,
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

    /// Records that reading the file stopped at a damaged record after the last packet added.
    pub fn set_damaged(&mut self) {
        self.flags |= format::FLAG_DAMAGED;
    }

    /// Adds the next record: its timestamp in ns since the epoch, the offset of its record
    /// header (pcap) or block (pcapng) in the file, and its captured bytes.
    pub fn add(&mut self, ts_ns: i64, offset: u64, data: &[u8]) {
        if self.packets == u32::MAX {
            self.overflow = true;
            return;
        }
        let n = self.packets;
        self.tables.flows.add(Key::read(self.layout, data));
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
    /// than an index can number or some could not be numbered (no thread could be started).
    pub fn finish(mut self, source_len: u64, source_mtime_ns: i64) -> Option<Vec<u8>> {
        if self.overflow {
            return None;
        }
        let mut t = std::mem::take(&mut self.tables);
        let mut postings = format::PostingsWriter::new();
        let mut keys = fst::MapBuilder::memory();
        let Tables {
            flows,
            groups,
            columns,
        } = &mut t;
        let flows = flows.resolve().map(|n| {
            let lists = groups.write(n, &mut postings);
            for (i, f) in n.fields().iter().enumerate() {
                columns.add(i as u32, f);
            }
            columns.write_keys(&mut postings, &mut keys);
            lists
        });
        if let Some(r) = &self.recycle {
            r.give(t);
        }
        let flows = flows?;
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
            &flows,
        ))
    }
}

/// Sorts `v` by a key of `DIGITS` bytes, `digit(e, 0)` the least significant, keeping equal
/// keys in their order (LSD radix sort, a byte per pass, `scratch` the other buffer; a byte
/// every entry shares costs no pass). Linear in the entries, where a comparison sort of a
/// file's millions of pairs would cost more than capturing them did. The key width is a
/// constant so the counting loop is unrolled.
fn radix_sort<T: Copy + Default, const DIGITS: usize>(
    v: &mut Vec<T>,
    scratch: &mut Vec<T>,
    digit: impl Fn(&T, usize) -> u8,
) {
    let mut counts = [[0u32; 256]; DIGITS];
    for e in v.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[usize::from(digit(e, d))] += 1;
        }
    }
    let len = v.len();
    // Filled in full by each scatter; the resize only matters the first time.
    scratch.resize(len, T::default());
    for (d, c) in counts.iter().enumerate() {
        if c.iter().any(|&n| n as usize == len) {
            continue;
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (a, &n) in at.iter_mut().zip(c.iter()) {
            *a = sum;
            sum += n as usize;
        }
        let out = &mut scratch[..len];
        for e in v.iter() {
            let b = usize::from(digit(e, d));
            out[at[b]] = *e;
            at[b] += 1;
        }
        std::mem::swap(v, scratch);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::format::Index;

    /// An Ethernet frame: IPv4 UDP from 10.0.0.`src` port `sport` to 10.0.0.9 port 53.
    fn udp(src: u8, sport: u16) -> Vec<u8> {
        let mut d = vec![0u8; 12];
        d.extend_from_slice(&[0x08, 0x00, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0]);
        d.extend_from_slice(&[10, 0, 0, src, 10, 0, 0, 9]);
        d.extend_from_slice(&sport.to_be_bytes());
        d.extend_from_slice(&[0, 53, 0, 8, 0, 0]);
        d
    }

    /// Keys lead to flows and flows to exactly their packets, through the bytes written and
    /// read back.
    #[test]
    fn keys_give_flows_and_flows_give_their_packets() {
        let dir = std::env::temp_dir().join(format!("capture-build-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let (source, idx) = (dir.join("f.pcap"), dir.join("f.pcap.idx"));
        fs::write(&source, b"the capture file").unwrap();
        let meta = fs::metadata(&source).unwrap();
        // Packet n is from host 1 + n % 3 (flows 0, 1, 2); every 7th from host 4 and port
        // 1000 + n % 2 (flows 3 and 4 once seen).
        let frames: Vec<Vec<u8>> = (0..3000u32)
            .map(|n| match n % 7 {
                6 => udp(4, 1000 + (n % 2) as u16),
                _ => udp(1 + (n % 3) as u8, 5000),
            })
            .collect();
        let mut b = Builder::new(1, 262_144);
        for (n, f) in frames.iter().enumerate() {
            b.add(n as i64, 24 + 100 * n as u64, f);
        }
        let bytes = b.finish(meta.len(), format::mtime_ns(&meta)).unwrap();
        fs::write(&idx, bytes).unwrap();
        let mut body = Index::open(&idx, &source).unwrap().load().unwrap();
        let packets_of = |pred: &dyn Fn(&[u8]) -> bool| -> Vec<u32> {
            (0..frames.len() as u32)
                .filter(|&n| pred(&frames[n as usize]))
                .collect()
        };
        let host4 = body.posting(&[kind::IP4_SRC, 10, 0, 0, 4]).unwrap();
        assert_eq!(host4.len(), 2, "host 4 is in two flows");
        let got: Vec<u32> = body.packets(&host4).unwrap().iter().collect();
        assert_eq!(got, packets_of(&|f| f[29] == 4));
        let port = body.posting(&[kind::SRC_PORT, 0x03, 0xe9]).unwrap();
        let got: Vec<u32> = body.packets(&port).unwrap().iter().collect();
        assert_eq!(got, packets_of(&|f| f[34..36] == [0x03, 0xe9]));
        let all = body.all_flows();
        assert_eq!(all.len(), 5);
        assert_eq!(body.packets(&all).unwrap().len(), 3000);
        let _ = fs::remove_dir_all(&dir);
    }
}
