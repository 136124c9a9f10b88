//! The `NAME.idx` file format, version 2 (documented for users in docs/index-format.md).
//!
//! All integers are little-endian. An 80-byte header (magic, version, flags, the capture file's
//! length, link type, snapshot length, packet count, time range, the capture file's mtime, the
//! body's length and CRC-32, then the header's own CRC-32) is followed by seven sections, each
//! a u64 length and its bytes:
//! block times, block offsets, offset gaps, posting-block table, posting blocks (zstd), the
//! keys (an FST mapping each key to where the list of its flows is), and the flows (where the
//! list of each flow's packets is). A flow is a set of packets with the same indexed fields.
//! The header can be trusted on its own (a query skips files outside its time range without
//! reading further); the body is checked before any of it is used.
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;

use roaring::RoaringBitmap;

/// The first 8 bytes of every index file.
pub const MAGIC: &[u8; 8] = b"CAPINDEX";
/// The format version this code writes and reads.
pub const VERSION: u32 = 2;
/// Header flag: packets must be read in file order (their offsets alone do not say how).
pub const FLAG_SEQUENTIAL: u32 = 1;
/// Header flag: the file is damaged after its last indexed packet (libpcap stops reading it
/// there, with an error): queries read on to the damage, to report it as a full read would.
pub const FLAG_DAMAGED: u32 = 2;
/// Packets per block of the time and offset tables.
pub const BLOCK: u32 = 1024;
/// Size of the header.
pub const HEADER_LEN: usize = 80;
/// Posting lists are packed into blocks of about this many bytes before compression.
const POSTING_BLOCK: usize = 64 * 1024;
/// zstd level of the posting blocks (written once, read by every query).
const ZSTD_LEVEL: i32 = 3;

/// Why an index cannot be used; its file is then read in full. The text is what the query's
/// notice says about the file.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No `NAME.idx` beside the file.
    #[error("no index")]
    Missing,
    /// The index was written before the file last changed, or for a file of another length.
    #[error("stale index ({0})")]
    Stale(&'static str),
    /// A checksum does not match: the index was damaged after it was written.
    #[error("damaged index (bad checksum)")]
    Checksum,
    /// The index is not an index of this format, or is cut short.
    #[error("damaged index ({0})")]
    Damaged(&'static str),
    /// An index of another format version.
    #[error("index version {0}, this capture reads version {VERSION}")]
    Version(u32),
    /// The index could not be read.
    #[error("cannot read index: {0}")]
    Io(String),
}

/// What the header says about the capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Header {
    /// [`FLAG_SEQUENTIAL`], [`FLAG_DAMAGED`].
    pub flags: u32,
    /// Length of the capture file indexed, in bytes.
    pub source_len: u64,
    /// The capture file's link type (of its first interface for pcapng).
    pub linktype: u32,
    /// The capture file's snapshot length.
    pub snaplen: u32,
    /// Packets in the file.
    pub packets: u64,
    /// Earliest timestamp, ns since the epoch (0 with no packets).
    pub ts_min: i64,
    /// Latest timestamp, ns since the epoch (0 with no packets).
    pub ts_max: i64,
    /// The capture file's modification time when it was indexed, ns since the epoch.
    pub source_mtime_ns: i64,
}

/// Appends `v` as a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 varint at `*at`, advancing it.
fn get_varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn varint_len(v: u64) -> usize {
    (64 - v.max(1).leading_zeros() as usize).div_ceil(7)
}

/// Bytes of the delta form of `ordinals` (without its tag byte): the count, then the gaps.
fn deltas_len(ordinals: &[u32]) -> usize {
    let mut prev = 0u32;
    let mut len = varint_len(ordinals.len() as u64);
    for &o in ordinals {
        len += varint_len(u64::from(o - prev));
        prev = o;
    }
    len
}

/// Posting lists, packed into zstd-compressed blocks as they are added.
pub struct PostingsWriter {
    raw: Vec<u8>,
    /// Per block: offset in `data`, compressed length, raw length.
    table: Vec<(u64, u32, u32)>,
    data: Vec<u8>,
    /// The roaring containers of the list being added: (high 16 bits, end index in the list).
    containers: Vec<(u16, usize)>,
}

/// Posting encoding tags: a count and varint gaps, or a serialized roaring bitmap, whichever
/// is smaller.
const POSTING_DELTAS: u8 = 0;
const POSTING_ROARING: u8 = 1;

/// Roaring's portable format (github.com/RoaringBitmap/RoaringFormatSpec), as the `roaring`
/// crate serializes a bitmap built from sorted values: no run containers, so the cookie is
/// followed by the container count, each container's (key, cardinality - 1), each container's
/// offset, then the containers: an array of u16 up to [`ROARING_ARRAY_MAX`] values, else a
/// bitmap of 2^16 bits.
const ROARING_COOKIE: u32 = 12346;
const ROARING_ARRAY_MAX: usize = 4096;
const ROARING_BITMAP_BYTES: usize = 8192;

impl PostingsWriter {
    /// No postings yet.
    pub fn new() -> Self {
        PostingsWriter {
            raw: Vec::new(),
            table: Vec::new(),
            data: Vec::new(),
            containers: Vec::new(),
        }
    }

    /// Adds a posting list (sorted, distinct ordinals); returns its address.
    ///
    /// The smaller of the two encodings is written; the roaring bitmap is serialized here rather than
    /// built with the `roaring` crate and serialized by it (byte for byte what that crate
    /// writes, see the tests), which would cost an allocation and a copy of every ordinal.
    pub fn add(&mut self, ordinals: &[u32]) -> u64 {
        let at = (self.table.len() as u64) << 32 | self.raw.len() as u64;
        // Deltas take a byte per ordinal and one for the count at the least, so a roaring
        // form below that wins without sizing the deltas (most long lists are decided so).
        let roaring = ordinals.len() > 32 && {
            let len = self.roaring_len(ordinals);
            len <= ordinals.len() || len < deltas_len(ordinals)
        };
        if roaring {
            self.raw.push(POSTING_ROARING);
            self.put_roaring(ordinals);
        } else {
            self.raw.push(POSTING_DELTAS);
            put_varint(&mut self.raw, ordinals.len() as u64);
            let mut prev = 0u32;
            for &o in ordinals {
                put_varint(&mut self.raw, u64::from(o - prev));
                prev = o;
            }
        }
        if self.raw.len() >= POSTING_BLOCK {
            self.seal();
        }
        at
    }

    /// Bytes of the roaring form of `ordinals`; its containers (runs of ordinals sharing their
    /// upper 16 bits) are left in `self.containers` for [`Self::put_roaring`].
    fn roaring_len(&mut self, ordinals: &[u32]) -> usize {
        self.containers.clear();
        let mut start = 0;
        let mut len = 8;
        while let Some(&first) = ordinals.get(start) {
            let high = first >> 16;
            let end = start + ordinals[start..].partition_point(|&o| o >> 16 == high);
            self.containers.push((high as u16, end));
            len += 8 + roaring_container_len(end - start);
            start = end;
        }
        len
    }

    /// Serializes `ordinals` as a roaring bitmap, its containers in `self.containers` (as `add`
    /// found them).
    fn put_roaring(&mut self, ordinals: &[u32]) {
        let raw = &mut self.raw;
        raw.extend_from_slice(&ROARING_COOKIE.to_le_bytes());
        raw.extend_from_slice(&(self.containers.len() as u32).to_le_bytes());
        let mut start = 0;
        for &(high, end) in &self.containers {
            raw.extend_from_slice(&high.to_le_bytes());
            raw.extend_from_slice(&((end - start - 1) as u16).to_le_bytes());
            start = end;
        }
        let mut offset = 8 + 8 * self.containers.len();
        start = 0;
        for &(_, end) in &self.containers {
            raw.extend_from_slice(&(offset as u32).to_le_bytes());
            offset += roaring_container_len(end - start);
            start = end;
        }
        start = 0;
        for &(_, end) in &self.containers {
            let values = &ordinals[start..end];
            if values.len() <= ROARING_ARRAY_MAX {
                for &o in values {
                    raw.extend_from_slice(&(o as u16).to_le_bytes());
                }
            } else {
                let mut bits = [0u64; ROARING_BITMAP_BYTES / 8];
                for &o in values {
                    let low = usize::from(o as u16);
                    bits[low / 64] |= 1 << (low % 64);
                }
                for w in bits {
                    raw.extend_from_slice(&w.to_le_bytes());
                }
            }
            start = end;
        }
    }

    fn seal(&mut self) {
        if self.raw.is_empty() {
            return;
        }
        // Compressing a buffer in memory cannot fail at a standard level.
        let z = zstd::bulk::compress(&self.raw, ZSTD_LEVEL).unwrap_or_default();
        self.table.push((
            self.data.len() as u64,
            z.len() as u32,
            self.raw.len() as u32,
        ));
        self.data.extend_from_slice(&z);
        self.raw.clear();
    }
}

/// Bytes of a roaring container of `card` values.
fn roaring_container_len(card: usize) -> usize {
    if card <= ROARING_ARRAY_MAX {
        2 * card
    } else {
        ROARING_BITMAP_BYTES
    }
}

impl Default for PostingsWriter {
    fn default() -> Self {
        Self::new()
    }
}

/// The bytes of an index file.
pub fn encode(
    h: &Header,
    times: &[(i64, i64)],
    chunks: &[(u64, u32)],
    deltas: &[u8],
    mut postings: PostingsWriter,
    keys: &[u8],
    flows: &[u64],
) -> Vec<u8> {
    postings.seal();
    // Each section is its length (u64) and its bytes. They go straight after room for the
    // header, in one buffer sized for all of them: megabytes, which growing the buffer, or
    // copying a body in behind the header, would copy again.
    let lens = [
        times.len() * 16,
        chunks.len() * 12,
        deltas.len(),
        postings.table.len() * 16,
        postings.data.len(),
        keys.len(),
        flows.len() * 8,
    ];
    let total = HEADER_LEN + lens.iter().map(|l| 8 + l).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.resize(HEADER_LEN, 0);
    let len = |out: &mut Vec<u8>, section: usize| {
        out.extend_from_slice(&(lens[section] as u64).to_le_bytes());
    };
    len(&mut out, 0);
    for &(lo, hi) in times {
        out.extend_from_slice(&lo.to_le_bytes());
        out.extend_from_slice(&hi.to_le_bytes());
    }
    len(&mut out, 1);
    for &(off, pos) in chunks {
        out.extend_from_slice(&off.to_le_bytes());
        out.extend_from_slice(&pos.to_le_bytes());
    }
    len(&mut out, 2);
    out.extend_from_slice(deltas);
    len(&mut out, 3);
    for &(off, clen, rlen) in &postings.table {
        out.extend_from_slice(&off.to_le_bytes());
        out.extend_from_slice(&clen.to_le_bytes());
        out.extend_from_slice(&rlen.to_le_bytes());
    }
    len(&mut out, 4);
    out.extend_from_slice(&postings.data);
    len(&mut out, 5);
    out.extend_from_slice(keys);
    len(&mut out, 6);
    for a in flows {
        out.extend_from_slice(&a.to_le_bytes());
    }
    debug_assert_eq!(out.len(), total, "each section as long as announced");

    let body = &out[HEADER_LEN..];
    let mut head = Vec::with_capacity(HEADER_LEN);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    head.extend_from_slice(&h.flags.to_le_bytes());
    head.extend_from_slice(&h.source_len.to_le_bytes());
    head.extend_from_slice(&h.linktype.to_le_bytes());
    head.extend_from_slice(&h.snaplen.to_le_bytes());
    head.extend_from_slice(&h.packets.to_le_bytes());
    head.extend_from_slice(&h.ts_min.to_le_bytes());
    head.extend_from_slice(&h.ts_max.to_le_bytes());
    head.extend_from_slice(&h.source_mtime_ns.to_le_bytes());
    head.extend_from_slice(&(body.len() as u64).to_le_bytes());
    head.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    let hcrc = crc32fast::hash(&head);
    head.extend_from_slice(&hcrc.to_le_bytes());
    out[..HEADER_LEN].copy_from_slice(&head);
    out
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn io_text(e: &io::Error) -> String {
    crate::strerror(e)
}

/// A file's modification time in ns since the epoch, as recorded in an index's header.
pub fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    use std::os::unix::fs::MetadataExt;
    meta.mtime()
        .saturating_mul(1_000_000_000)
        .saturating_add(meta.mtime_nsec())
}

/// An index whose header has been checked against its capture file; see [`Index::load`].
pub struct Index {
    /// The header.
    pub header: Header,
    file: File,
    body_len: u64,
    body_crc: u32,
}

/// A whole index, checked: what a query reads from.
pub struct Body {
    /// The header.
    pub header: Header,
    times: Vec<u8>,
    chunks: Vec<u8>,
    deltas: Vec<u8>,
    blocks: Vec<(u64, u32, u32)>,
    data: Vec<u8>,
    keys: fst::Map<Vec<u8>>,
    /// Per flow, the address of its packets' posting list (u64).
    flows: Vec<u8>,
    /// Decompressed posting blocks, by block number.
    cache: Vec<Option<Rc<Vec<u8>>>>,
}

/// A posting list as [`Body::decode_raw`] finds it.
enum List {
    /// Delta form: the decompressed block, and where the count is in it.
    Deltas(Rc<Vec<u8>>, usize),
    /// Roaring form.
    Roaring(RoaringBitmap),
}

/// Appends the ordinals of the delta-form list whose count is at `raw[pos]` to `out`.
fn deltas_into(raw: &[u8], mut pos: usize, out: &mut Vec<u32>) -> Result<(), IndexError> {
    let bad = || IndexError::Damaged("bad posting");
    let n = get_varint(raw, &mut pos).ok_or_else(bad)?;
    out.reserve(n.min(1 << 20) as usize);
    let mut v = 0u64;
    for _ in 0..n {
        v = v.saturating_add(get_varint(raw, &mut pos).ok_or_else(bad)?);
        out.push(u32::try_from(v).map_err(|_| bad())?);
    }
    Ok(())
}

impl Index {
    /// Opens the index of capture file `source` (at `index`) and checks its header: format,
    /// version, checksum, and that it describes the file as it is now (same length, and written
    /// no earlier than the file was last modified).
    pub fn open(index: &Path, source: &Path) -> Result<Index, IndexError> {
        let mut file = match File::open(index) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(IndexError::Missing),
            Err(e) => return Err(IndexError::Io(io_text(&e))),
        };
        let mut h = [0u8; HEADER_LEN];
        let mut got = 0;
        while got < HEADER_LEN {
            match file.read(&mut h[got..]) {
                Ok(0) => return Err(IndexError::Damaged("cut short")),
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(IndexError::Io(io_text(&e))),
            }
        }
        if &h[..8] != MAGIC {
            return Err(IndexError::Damaged("not an index"));
        }
        if crc32fast::hash(&h[..76]) != le_u32(&h, 76) {
            return Err(IndexError::Checksum);
        }
        let version = le_u32(&h, 8);
        if version != VERSION {
            return Err(IndexError::Version(version));
        }
        let header = Header {
            flags: le_u32(&h, 12),
            source_len: le_u64(&h, 16),
            linktype: le_u32(&h, 24),
            snaplen: le_u32(&h, 28),
            packets: le_u64(&h, 32),
            ts_min: le_u64(&h, 40) as i64,
            ts_max: le_u64(&h, 48) as i64,
            source_mtime_ns: le_u64(&h, 56) as i64,
        };
        let src = std::fs::metadata(source).map_err(|e| IndexError::Io(io_text(&e)))?;
        let idx = file.metadata().map_err(|e| IndexError::Io(io_text(&e)))?;
        if src.len() != header.source_len {
            return Err(IndexError::Stale("the file's length has changed"));
        }
        if mtime_ns(&src) != header.source_mtime_ns {
            return Err(IndexError::Stale(
                "the file was modified after it was indexed",
            ));
        }
        let body_len = le_u64(&h, 64);
        if idx.len() != (HEADER_LEN as u64).saturating_add(body_len) {
            return Err(IndexError::Damaged("wrong length"));
        }
        Ok(Index {
            header,
            file,
            body_len,
            body_crc: le_u32(&h, 72),
        })
    }

    /// Reads and checks the rest of the index.
    pub fn load(mut self) -> Result<Body, IndexError> {
        let mut body = vec![0u8; self.body_len as usize];
        self.file
            .read_exact(&mut body)
            .map_err(|e| IndexError::Io(io_text(&e)))?;
        if crc32fast::hash(&body) != self.body_crc {
            return Err(IndexError::Checksum);
        }
        let bad = IndexError::Damaged("bad section");
        let mut at = 0usize;
        let mut next = || -> Option<Vec<u8>> {
            let len = usize::try_from(le_u64(body.get(at..at + 8)?, 0)).ok()?;
            let s = body.get(at + 8..at.checked_add(8 + len)?)?.to_vec();
            at += 8 + len;
            Some(s)
        };
        let (
            Some(times),
            Some(chunks),
            Some(deltas),
            Some(table),
            Some(data),
            Some(keys),
            Some(flows),
        ) = (next(), next(), next(), next(), next(), next(), next())
        else {
            return Err(bad);
        };
        let blocks_n = self.header.packets.div_ceil(u64::from(BLOCK)) as usize;
        if times.len() != blocks_n * 16
            || chunks.len() != blocks_n * 12
            || table.len() % 16 != 0
            || flows.len() % 8 != 0
            || flows.len() / 8 > u32::MAX as usize
        {
            return Err(bad);
        }
        let blocks: Vec<(u64, u32, u32)> = table
            .chunks_exact(16)
            .map(|e| (le_u64(e, 0), le_u32(e, 8), le_u32(e, 12)))
            .collect();
        let keys = fst::Map::new(keys).map_err(|_| IndexError::Damaged("bad key map"))?;
        Ok(Body {
            header: self.header,
            times,
            chunks,
            deltas,
            cache: vec![None; blocks.len()],
            blocks,
            data,
            keys,
            flows,
        })
    }
}

impl Body {
    /// Every packet of the file.
    pub fn all(&self) -> RoaringBitmap {
        let mut b = RoaringBitmap::new();
        b.insert_range(0..self.header.packets as u32);
        b
    }

    /// Every flow of the file.
    pub fn all_flows(&self) -> RoaringBitmap {
        let mut b = RoaringBitmap::new();
        b.insert_range(0..self.flow_count());
        b
    }

    fn flow_count(&self) -> u32 {
        (self.flows.len() / 8) as u32
    }

    /// The packets in blocks whose times overlap `[after, before)` (ns): a superset of the
    /// packets in that range.
    pub fn in_time(&self, after: Option<i64>, before: Option<i64>) -> RoaringBitmap {
        let mut b = RoaringBitmap::new();
        for (i, t) in self.times.chunks_exact(16).enumerate() {
            let (lo, hi) = (le_u64(t, 0) as i64, le_u64(t, 8) as i64);
            if after.is_some_and(|a| hi < a) || before.is_some_and(|z| lo >= z) {
                continue;
            }
            let start = i as u64 * u64::from(BLOCK);
            let end = (start + u64::from(BLOCK)).min(self.header.packets);
            b.insert_range(start as u32..end as u32);
        }
        b
    }

    /// The flows holding one key (empty when none does).
    pub fn posting(&mut self, key: &[u8]) -> Result<RoaringBitmap, IndexError> {
        match self.keys.get(key) {
            Some(at) => self.decode(at),
            None => Ok(RoaringBitmap::new()),
        }
    }

    /// The flows holding a key in `lo..=hi`, or None when more than `cap` keys fall in the
    /// range (the caller then does without).
    pub fn range(
        &mut self,
        lo: &[u8],
        hi: &[u8],
        cap: usize,
    ) -> Result<Option<RoaringBitmap>, IndexError> {
        use fst::{IntoStreamer, Streamer};
        let mut addrs = Vec::new();
        let mut s = self.keys.range().ge(lo).le(hi).into_stream();
        while let Some((_, at)) = s.next() {
            if addrs.len() == cap {
                return Ok(None);
            }
            addrs.push(at);
        }
        let mut out = RoaringBitmap::new();
        for at in addrs {
            out |= self.decode(at)?;
        }
        Ok(Some(out))
    }

    /// The packets of the flows in `flows`.
    pub fn packets(&mut self, flows: &RoaringBitmap) -> Result<RoaringBitmap, IndexError> {
        let bad = || IndexError::Damaged("bad flow");
        if flows.len() == u64::from(self.flow_count()) {
            return Ok(self.all());
        }
        let mut out = Vec::new();
        for f in flows {
            let at = self
                .flows
                .get(f as usize * 8..f as usize * 8 + 8)
                .ok_or_else(bad)?;
            match self.decode_raw(le_u64(at, 0))? {
                List::Deltas(raw, pos) => deltas_into(&raw, pos, &mut out)?,
                List::Roaring(b) => out.extend(b),
            }
        }
        // Flows are disjoint, so the sorted ordinals are distinct in a sound index.
        out.sort_unstable();
        RoaringBitmap::from_sorted_iter(out).map_err(|_| bad())
    }

    fn decode(&mut self, at: u64) -> Result<RoaringBitmap, IndexError> {
        match self.decode_raw(at)? {
            List::Deltas(raw, pos) => {
                let mut out = Vec::new();
                deltas_into(&raw, pos, &mut out)?;
                RoaringBitmap::from_sorted_iter(out).map_err(|_| IndexError::Damaged("bad posting"))
            }
            List::Roaring(b) => Ok(b),
        }
    }

    /// The posting list at `at`: its decompressed block and where its deltas start, or the
    /// bitmap it holds.
    fn decode_raw(&mut self, at: u64) -> Result<List, IndexError> {
        let bad = || IndexError::Damaged("bad posting");
        let block = (at >> 32) as usize;
        let pos = (at & 0xffff_ffff) as usize;
        let &(off, clen, rlen) = self.blocks.get(block).ok_or_else(bad)?;
        if self.cache[block].is_none() {
            let z = self
                .data
                .get(off as usize..off as usize + clen as usize)
                .ok_or_else(bad)?;
            let raw = zstd::bulk::decompress(z, rlen as usize).map_err(|_| bad())?;
            self.cache[block] = Some(Rc::new(raw));
        }
        let raw = self.cache[block].clone().ok_or_else(bad)?;
        match raw.get(pos) {
            Some(&POSTING_DELTAS) => Ok(List::Deltas(raw, pos + 1)),
            Some(&POSTING_ROARING) => RoaringBitmap::deserialize_from(&raw[pos + 1..])
                .map(List::Roaring)
                .map_err(|_| bad()),
            _ => Err(bad()),
        }
    }

    /// The file offsets of the packets in `ordinals`, in order.
    pub fn offsets(&self, ordinals: &RoaringBitmap) -> Result<Vec<u64>, IndexError> {
        let bad = || IndexError::Damaged("bad offsets");
        let mut out = Vec::with_capacity(ordinals.len() as usize);
        let mut block = u32::MAX;
        let (mut index, mut offset, mut pos) = (0u32, 0u64, 0usize);
        for o in ordinals {
            if o / BLOCK != block {
                block = o / BLOCK;
                let e = self.chunks.get(block as usize * 12..).ok_or_else(bad)?;
                if e.len() < 12 {
                    return Err(bad());
                }
                offset = le_u64(e, 0);
                pos = le_u32(e, 8) as usize;
                index = block * BLOCK;
            }
            while index < o {
                offset += get_varint(&self.deltas, &mut pos).ok_or_else(bad)?;
                index += 1;
            }
            out.push(offset);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut b = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            b.clear();
            put_varint(&mut b, v);
            assert_eq!(b.len(), varint_len(v));
            let mut at = 0;
            assert_eq!(get_varint(&b, &mut at), Some(v));
        }
    }

    /// Lists of every shape the encoder meets: sparse, dense, across container boundaries,
    /// containers of exactly the array limit and one more.
    fn lists() -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = vec![
            vec![7],
            (0..33).collect(),
            (0..4096).collect(),
            (0..4097).collect(),
            (65_530..65_540).collect(),
            (0..300_000).step_by(3).collect(),
            (0..1_000_000).filter(|o| o % 65_536 < 5000).collect(),
        ];
        // A pseudo-random walk with gaps of all sizes.
        let mut x = 0x9e37_79b9_u32;
        for n in [40usize, 500, 5000, 50_000] {
            let mut o = 0u32;
            let list = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    o += 1 + x % (1 << (x % 12));
                    o
                })
                .collect();
            out.push(list);
        }
        out
    }

    /// The hand-written roaring bytes are the `roaring` crate's, and each list is encoded as
    /// the smaller of the two forms, as the reader (which decodes with the crate) expects.
    #[test]
    fn postings_match_the_roaring_crate() {
        for list in lists() {
            let mut w = PostingsWriter::new();
            w.add(&list);
            let bitmap = RoaringBitmap::from_sorted_iter(list.iter().copied()).unwrap();
            let mut crate_bytes = Vec::new();
            bitmap.serialize_into(&mut crate_bytes).unwrap();
            let mut deltas = vec![POSTING_DELTAS];
            put_varint(&mut deltas, list.len() as u64);
            let mut prev = 0;
            for &o in &list {
                put_varint(&mut deltas, u64::from(o - prev));
                prev = o;
            }
            let roaring = list.len() > 32 && crate_bytes.len() < deltas.len() - 1;
            let expected = if roaring {
                [&[POSTING_ROARING][..], &crate_bytes].concat()
            } else {
                deltas
            };
            w.seal();
            let written = zstd::bulk::decompress(&w.data, 1 << 24).unwrap();
            assert_eq!(written, expected, "list of {} ordinals", list.len());
            if list.len() > 32 {
                // Whichever form `add` chose, its containers are those of the list.
                let mut own = PostingsWriter::new();
                own.containers = w.containers.clone();
                own.put_roaring(&list);
                assert_eq!(own.raw, crate_bytes, "roaring of {} ordinals", list.len());
            }
        }
    }
}
