//! The consumer side of a BPF ring buffer (`BPF_MAP_TYPE_RINGBUF`), read in place.
//!
//! Layout (kernel/bpf/ringbuf.c): at mmap offset 0 one read-write page whose first word is
//! `consumer_pos`; at offset one page a read-only page whose first word is `producer_pos`,
//! followed by the data area, mapped twice back to back so a record never wraps in virtual
//! memory. Each record starts with an 8-byte header: `u32 len` (bit 31: still being written,
//! bit 30: discarded) and `u32 pgoff`; the data follows, and the whole record is rounded up to
//! 8 bytes. Positions only grow; the offset in the data area is the position modulo its size.
//!
//! The reader walks committed records from its own position ([`RingBuffer::walk`]) and gets a
//! [`SpanRef`] for the bytes it walked: the records stay in the ring while the writer copies
//! them out, and dropping the span, on any thread, releases it. Spans can be released out of
//! order (a batch the full handoff queue rejects is dropped at once), so `consumer_pos`, which
//! tells the kernel what it may overwrite, moves only over the released prefix.
//!
//! Every `unsafe` of the XDP backend's ring access is in this module.
use std::{
    collections::VecDeque,
    os::fd::{AsFd, BorrowedFd},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{
            AtomicU32, AtomicU64,
            Ordering::{Acquire, Release},
        },
    },
};

use aya::maps::{MapData, MapError};
use memmap2::{MmapOptions, MmapRaw};
use thiserror::Error;

use crate::handoff::COPY_OUT_AT;

/// `BPF_RINGBUF_BUSY_BIT`: the producer has reserved the record but not committed it.
const BUSY: u32 = 1 << 31;
/// `BPF_RINGBUF_DISCARD_BIT`: the producer gave the record up; it is skipped but consumed.
const DISCARD: u32 = 1 << 30;
/// `BPF_RINGBUF_HDR_SZ`.
const HEADER: usize = 8;

/// Failures to map a ring buffer.
#[derive(Debug, Error)]
pub enum RingBufError {
    /// The kernel would not describe the map.
    #[error("cannot read the ring buffer's size: {0}")]
    Info(#[from] MapError),
    /// The size is not what the kernel allows for a ring buffer (a power of two of pages).
    #[error("the ring buffer has an impossible size of {0} bytes")]
    Size(u32),
    /// mmap(2) failed.
    #[error("cannot map the ring buffer: {}", crate::strerror(.0))]
    Map(#[from] std::io::Error),
}

/// The mapped ring, shared by the reader and every [`SpanRef`].
struct Shared {
    /// The consumer page (read-write).
    consumer: MmapRaw,
    /// The producer page and the data area twice (read-only).
    producer: MmapRaw,
    /// Page size: the data area starts this far into `producer`.
    page: usize,
    /// Size of the data area (a power of two).
    size: usize,
    /// Spans handed out and not yet passed by `consumer_pos`, in ring order.
    spans: Mutex<VecDeque<Held>>,
}

/// One span in the release list.
struct Held {
    end: u64,
    released: bool,
}

impl Shared {
    fn consumer_pos(&self) -> &AtomicU64 {
        // SAFETY: the consumer map is one page, page aligned, so a u64 at offset 0 is inside and
        // aligned; the kernel reads consumer_pos as one 64-bit word (smp_load_acquire), and this
        // process accesses it only through this atomic.
        unsafe { &*self.consumer.as_ptr().cast::<AtomicU64>() }
    }

    fn producer_pos(&self) -> &AtomicU64 {
        // SAFETY: as for consumer_pos: offset 0 of a page-aligned mapping of at least a page;
        // the kernel writes producer_pos as one 64-bit word (smp_store_release). The mapping is
        // read-only and only loads are made.
        unsafe { &*self.producer.as_ptr().cast::<AtomicU64>() }
    }

    /// The `len` word of the record header at `off` in the data area.
    fn header(&self, off: usize) -> &AtomicU32 {
        assert!(off.is_multiple_of(8) && off + HEADER <= 2 * self.size);
        // SAFETY: checked just above: inside the doubled data area and 8-byte aligned (the
        // mapping is page aligned). The kernel commits a record by one 32-bit release store
        // to this word, and only loads are made here.
        unsafe {
            &*self
                .producer
                .as_ptr()
                .add(self.page + off)
                .cast::<AtomicU32>()
        }
    }

    /// `len` bytes of the data area from `off`; `off + len` must be within the doubled area,
    /// and the bytes those of committed records not yet released (the kernel does not write
    /// them until `consumer_pos` passes them).
    fn data(&self, off: usize, len: usize) -> &[u8] {
        debug_assert!(off + len <= 2 * self.size);
        // SAFETY: callers keep off + len within the doubled data area (walk checks each record,
        // a span is at most the ring size and starts in the first copy), which is mapped for
        // as long as self lives; the bytes are committed records the kernel leaves alone until
        // consumer_pos passes them, and a span keeps them from being passed.
        unsafe { std::slice::from_raw_parts(self.producer.as_ptr().add(self.page + off), len) }
    }

    /// Bytes from `consumer_pos` to the walk position `pos`: walked and not yet released.
    fn held(&self, pos: u64) -> usize {
        pos.saturating_sub(self.consumer_pos().load(Acquire)) as usize
    }

    /// Whether more than [`COPY_OUT_AT`] quarters of the ring are walked and not yet released.
    fn mostly_held(&self, pos: u64) -> bool {
        self.held(pos) * 4 > self.size * COPY_OUT_AT
    }

    /// Walks committed records from `*pos` until the producer position, a record still being
    /// written, or `limit` bytes; calls `f(offset of the record's data in the span, data)` for
    /// each record not discarded. Returns the span walked (None when nothing was).
    fn walk(
        self: &Arc<Self>,
        pos: &mut u64,
        limit: usize,
        mut f: impl FnMut(u32, &[u8]),
    ) -> Option<SpanRef> {
        let start = *pos;
        // Acquire: the headers of records reserved before this position are visible.
        let producer = self.producer_pos().load(Acquire);
        let mask = self.size as u64 - 1;
        while *pos < producer && ((*pos - start) as usize) < limit {
            let off = (*pos & mask) as usize;
            // Acquire pairs with the kernel's release store at commit: the data is there.
            let len = self.header(off).load(Acquire);
            if len & BUSY != 0 {
                // Records are consumed in order: a later committed one waits for this one.
                break;
            }
            let body = (len & !(BUSY | DISCARD)) as usize;
            let total = (HEADER + body).next_multiple_of(8) as u64;
            // The kernel never writes such a record; stopping keeps every slice in the map.
            if *pos + total > producer || *pos + total - start > self.size as u64 {
                break;
            }
            if len & DISCARD == 0 {
                f(
                    (*pos - start) as u32 + HEADER as u32,
                    self.data(off + HEADER, body),
                );
            }
            *pos += total;
        }
        (*pos > start).then(|| SpanRef::new(self, start, *pos))
    }
}

/// A stretch of records the reader has walked, kept from the kernel until this handle is
/// dropped, on any thread. It keeps the mapping alive, so it may outlive the reader.
pub struct SpanRef {
    ring: Arc<Shared>,
    start: u64,
    len: u32,
}

impl SpanRef {
    fn new(ring: &Arc<Shared>, start: u64, end: u64) -> Self {
        ring.spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(Held {
                end,
                released: false,
            });
        Self {
            ring: Arc::clone(ring),
            start,
            len: (end - start) as u32,
        }
    }

    /// The span's bytes, record headers included; records are found by the offsets
    /// [`RingBuffer::walk`] gave.
    pub fn bytes(&self) -> &[u8] {
        let off = (self.start & (self.ring.size as u64 - 1)) as usize;
        self.ring.data(off, self.len as usize)
    }
}

impl std::fmt::Debug for SpanRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SpanRef({}+{})", self.start, self.len)
    }
}

impl Drop for SpanRef {
    fn drop(&mut self) {
        let end = self.start + u64::from(self.len);
        let mut spans = self
            .ring
            .spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(h) = spans.iter_mut().find(|h| h.end == end) {
            h.released = true;
        }
        let mut consumed = None;
        while spans.front().is_some_and(|h| h.released) {
            consumed = spans.pop_front().map(|h| h.end);
        }
        if let Some(pos) = consumed {
            // Release: every read of the records happens before the kernel may reuse their
            // room. Stored under the lock, so concurrent releases never move it back.
            self.ring.consumer_pos().store(pos, Release);
        }
    }
}

/// The consumer of one ring buffer map.
pub struct RingBuffer {
    ring: Arc<Shared>,
    /// Position of the next record to walk (at or past `consumer_pos`).
    pos: u64,
    /// The map: its descriptor is what poll(2) waits on.
    map: MapData,
}

impl RingBuffer {
    /// Maps the ring buffer `map` (aya's handle of a `BPF_MAP_TYPE_RINGBUF`).
    pub fn new(map: MapData) -> Result<Self, RingBufError> {
        let size = map.info()?.max_entries();
        let page = page_size();
        if !size.is_power_of_two() || (size as usize) < page {
            return Err(RingBufError::Size(size));
        }
        let size = size as usize;
        let fd = map.fd().as_fd();
        // The kernel allows writing to the consumer page only.
        let consumer = MmapOptions::new().len(page).map_raw(&fd)?;
        let producer = MmapOptions::new()
            .offset(page as u64)
            .len(page + 2 * size)
            .map_raw_read_only(&fd)?;
        let ring = Shared {
            consumer,
            producer,
            page,
            size,
            spans: Mutex::new(VecDeque::new()),
        };
        // Records before the current consumer position were consumed by someone else.
        let pos = ring.consumer_pos().load(Acquire);
        Ok(Self {
            ring: Arc::new(ring),
            pos,
            map,
        })
    }

    /// Walks the committed records from where the last walk stopped, up to `limit` bytes of
    /// ring, calling `f(offset, data)` for each (discarded records are skipped): `data` is the
    /// record as the producer wrote it, and `offset` where it starts in the returned span's
    /// [`SpanRef::bytes`]. The records stay in the ring until the span is dropped; None when
    /// no record was ready.
    pub fn walk(&mut self, limit: usize, f: impl FnMut(u32, &[u8])) -> Option<SpanRef> {
        self.ring.walk(&mut self.pos, limit, f)
    }

    /// Bytes of ring walked but not yet released: the kernel cannot write there.
    pub fn held(&self) -> usize {
        self.ring.held(self.pos)
    }

    /// Whether spans still held cover more than half of the ring: then records should be
    /// copied out and their spans released at once, so the producer keeps room.
    pub fn mostly_held(&self) -> bool {
        self.ring.mostly_held(self.pos)
    }

    /// Size of the data area.
    pub fn size(&self) -> usize {
        self.ring.size
    }
}

/// A read-only view of how full a ring buffer is, for the metrics endpoint; it may be read on
/// any thread.
#[derive(Clone)]
pub struct SpanFill(Arc<Shared>);

impl SpanFill {
    /// Bytes the producer cannot write into now: records written and not yet released.
    pub fn used_bytes(&self) -> u64 {
        let consumer = self.0.consumer_pos().load(Acquire);
        self.0.producer_pos().load(Acquire).saturating_sub(consumer)
    }

    /// Size of the data area.
    pub fn size_bytes(&self) -> u64 {
        self.0.size as u64
    }
}

impl RingBuffer {
    /// A handle that reads how full this ring buffer is.
    pub fn fill(&self) -> SpanFill {
        SpanFill(Arc::clone(&self.ring))
    }
}

impl AsFd for RingBuffer {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.map.fd().as_fd()
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(page).unwrap_or(4096)
}

#[cfg(test)]
mod tests {
    use super::*;
    use memmap2::MmapMut;

    /// A ring of `size` bytes in anonymous memory, and a producer writing into it as the kernel
    /// does (both copies of the data area, since nothing maps it twice here).
    struct Fake {
        ring: Arc<Shared>,
        /// The reader's walk position.
        pos: u64,
    }

    impl Fake {
        fn new(size: usize) -> Self {
            let page = page_size();
            let anon = |len| MmapRaw::from(MmapMut::map_anon(len).unwrap());
            Self {
                ring: Arc::new(Shared {
                    consumer: anon(page),
                    producer: anon(page + 2 * size),
                    page,
                    size,
                    spans: Mutex::new(VecDeque::new()),
                }),
                pos: 0,
            }
        }

        fn poke(&self, pos: u64, bytes: &[u8]) {
            let r = &self.ring;
            for (i, b) in bytes.iter().enumerate() {
                let at = ((pos + i as u64) as usize) & (r.size - 1);
                for copy in [at, at + r.size] {
                    // SAFETY: copy < 2 * size, inside the anonymous data area; nothing holds a
                    // reference to bytes not yet committed.
                    unsafe { *r.producer.as_mut_ptr().add(r.page + copy) = *b };
                }
            }
        }

        /// Reserves and writes a record with `flags` in its length word; returns its position,
        /// or None when the ring has no room (the consumer has not released enough).
        fn produce(&self, data: &[u8], flags: u32) -> Option<u64> {
            let r = &self.ring;
            let at = r.producer_pos().load(Acquire);
            let total = (HEADER + data.len()).next_multiple_of(8) as u64;
            if at + total - r.consumer_pos().load(Acquire) > r.size as u64 {
                return None;
            }
            self.poke(at, &(data.len() as u32 | flags).to_ne_bytes());
            self.poke(at + 4, &[0; 4]);
            self.poke(at + HEADER as u64, data);
            // SAFETY: the producer page is anonymous memory owned by this test.
            let prod = unsafe { &*r.producer.as_mut_ptr().cast::<AtomicU64>() };
            prod.store(at + total, Release);
            Some(at)
        }

        /// Clears the busy bit of the record at `at`, as bpf_ringbuf_submit does.
        fn commit(&self, at: u64, len: usize) {
            self.poke(at, &(len as u32).to_ne_bytes());
        }

        fn walk(&mut self, limit: usize) -> (Option<SpanRef>, Vec<(u32, Vec<u8>)>) {
            let mut got = Vec::new();
            let span = self
                .ring
                .walk(&mut self.pos, limit, |off, d| got.push((off, d.to_vec())));
            (span, got)
        }

        fn consumer(&self) -> u64 {
            self.ring.consumer_pos().load(Acquire)
        }
    }

    #[test]
    fn fill_is_what_the_producer_cannot_overwrite() {
        let mut f = Fake::new(4096);
        let fill = SpanFill(Arc::clone(&f.ring));
        assert_eq!((fill.used_bytes(), fill.size_bytes()), (0, 4096));
        f.produce(b"one", 0).unwrap();
        f.produce(b"two", 0).unwrap();
        assert_eq!(fill.used_bytes(), 32, "written, not yet walked");
        let (span, _) = f.walk(usize::MAX);
        assert_eq!(fill.used_bytes(), 32, "walked but held");
        drop(span);
        assert_eq!(fill.used_bytes(), 0);
    }

    #[test]
    fn the_walk_skips_discarded_records_and_stops_at_a_busy_one() {
        let mut f = Fake::new(4096);
        f.produce(b"one", 0).unwrap();
        f.produce(b"gone", DISCARD).unwrap();
        f.produce(b"three!!!!", 0).unwrap();
        let busy = f.produce(b"four", BUSY).unwrap();
        f.produce(b"five", 0).unwrap();
        let (span, got) = f.walk(usize::MAX);
        let span = span.unwrap();
        // 16 + 16 + 24 bytes: headers and data rounded up to 8.
        assert_eq!(got, [(8, b"one".to_vec()), (8 + 32, b"three!!!!".to_vec())]);
        assert_eq!(span.bytes().len(), 56);
        assert_eq!(&span.bytes()[40..49], b"three!!!!");
        assert_eq!(f.walk(usize::MAX).1, [], "the busy record blocks the rest");
        f.commit(busy, 4);
        let (second, got) = f.walk(usize::MAX);
        assert_eq!(got, [(8, b"four".to_vec()), (24, b"five".to_vec())]);
        assert_eq!(f.consumer(), 0);
        drop(span);
        assert_eq!(f.consumer(), 56);
        drop(second);
        assert_eq!(f.consumer(), 88);
        assert!(f.ring.spans.lock().unwrap().is_empty());
    }

    #[test]
    fn spans_are_released_in_ring_order() {
        let mut f = Fake::new(4096);
        let mut spans = Vec::new();
        for i in 0..3u8 {
            f.produce(&[i; 8], 0).unwrap();
            spans.push(f.walk(usize::MAX).0.unwrap());
        }
        let c = spans.pop().unwrap();
        let b = spans.pop().unwrap();
        let a = spans.pop().unwrap();
        drop(b);
        assert_eq!(f.consumer(), 0, "a still holds the start of the ring");
        drop(c);
        assert_eq!(f.consumer(), 0);
        drop(a);
        assert_eq!(f.consumer(), 48, "released prefix: all three");
    }

    #[test]
    fn more_than_three_quarters_of_the_ring_held_is_pressure() {
        let mut f = Fake::new(4096);
        let mut spans = Vec::new();
        // 8 + 1016 = 1 KiB a record.
        for _ in 0..3 {
            f.produce(&[7; 1016], 0).unwrap();
            spans.push(f.walk(usize::MAX).0.unwrap());
        }
        assert_eq!(f.ring.held(f.pos), 3072);
        assert!(!f.ring.mostly_held(f.pos), "three quarters exactly");
        f.produce(&[7; 56], 0).unwrap();
        spans.push(f.walk(usize::MAX).0.unwrap());
        assert!(f.ring.mostly_held(f.pos));
        assert!(f.produce(&[7; 952], 0).is_some(), "one more fits");
        assert!(f.produce(&[7; 8], 0).is_none(), "the ring is full");
        spans.remove(1);
        assert!(
            f.ring.mostly_held(f.pos),
            "released out of order: nothing moves"
        );
        spans.remove(0);
        assert_eq!(f.ring.held(f.pos), 1088);
        assert!(!f.ring.mostly_held(f.pos));
        assert!(f.produce(&[7; 8], 0).is_some());
    }

    #[test]
    fn the_walk_stops_at_the_limit_and_goes_on_from_there() {
        let mut f = Fake::new(4096);
        for i in 0..4u8 {
            f.produce(&[i; 16], 0).unwrap();
        }
        let (a, got) = f.walk(30);
        assert_eq!(got.len(), 2, "the limit is checked before each record");
        let (b, got) = f.walk(usize::MAX);
        assert_eq!(got.iter().map(|g| g.1[0]).collect::<Vec<_>>(), [2, 3]);
        drop((a, b));
        assert_eq!(f.consumer(), 96);
    }

    #[test]
    fn records_wrap_around_the_ring_in_one_piece() {
        const SIZE: usize = 4096;
        let mut f = Fake::new(SIZE);
        let mut next = 0u32;
        let mut seen = 0u32;
        // Several times round the ring, with records that straddle its end; five records a
        // round and at most two spans held, so the producer always finds room for the next five.
        let mut held: VecDeque<SpanRef> = VecDeque::new();
        while seen < 1000 {
            while next < seen + 5 {
                let body: Vec<u8> = (0..300).map(|i| (next as usize + i) as u8).collect();
                if f.produce(&[&next.to_ne_bytes()[..], &body].concat(), 0)
                    .is_none()
                {
                    break;
                }
                next += 1;
            }
            let (span, got) = f.walk(usize::MAX);
            let span = span.unwrap();
            for (off, data) in got {
                let n = u32::from_ne_bytes(data[..4].try_into().unwrap());
                assert_eq!(n, seen);
                let want: Vec<u8> = (0..300).map(|i| (n as usize + i) as u8).collect();
                let off = off as usize;
                assert_eq!(&span.bytes()[off + 4..off + 304], &want[..]);
                seen += 1;
            }
            held.push_back(span);
            if held.len() > 1 {
                held.pop_front();
            }
        }
        drop(held);
        assert_eq!(f.consumer(), f.pos);
        assert!(f.pos > 10 * SIZE as u64, "went round the ring");
    }
}
