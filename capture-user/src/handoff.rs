//! What a source hands the writer: batches of records that point into ring memory (TPACKET_V3
//! blocks, or spans of the XDP ring buffer) or into the batch's own copies, the two bounded
//! lock-free queues between one source and the writer, and the counters they share. Both
//! backends fill the same [`Batch`]es and hand them over the same way ([`Handoff::offer`]), so
//! merge, writer and stats serve both unchanged.
//!
//! Copies: a source copies a packet out of the ring when it must change it (a VLAN tag put
//! back, a cooked header added) or when the writer holds so much of the ring that the kernel is
//! about to run out of room ([`COPY_OUT_AT`]). The copies go into chunks of a [`CopyPool`]
//! reserved once per source: a batch takes one chunk when it first copies, and the writer gives
//! it back with the emptied batch ([`Handoff::recycle`]). When every chunk is in the writer's
//! hands the source stops reading until one comes back, and the kernel, its ring full, drops
//! and counts (the ring-drop bucket, as tcpdump's "dropped by kernel"): a writer that falls
//! behind (a disk that stalls) costs bounded memory and no extra CPU per packet, instead of
//! copies that grow without bound and take the CPU the writer needs to catch up.
use std::{
    sync::{
        Arc, OnceLock,
        atomic::{
            AtomicU64,
            Ordering::{Relaxed, Release},
        },
    },
    thread::{self, Thread},
    time::Duration,
};

use crossbeam_queue::ArrayQueue;

use crate::{
    ring::{BlockFill, BlockRef},
    xdp::ringbuf::{SpanFill, SpanRef},
};

/// Batches in flight per source before the handoff counts drops.
pub const QUEUE_DEPTH: usize = 64;
/// Hand a batch over once it holds this many bytes, even if more records are ready.
pub const BATCH_BYTES: usize = 4 << 20;
/// How long an idle source waits for its ring before it looks at the stop flag again.
pub const POLL_MS: i32 = 50;
/// How often a source copies the kernel's counters into the shared ones.
pub const STATS_EVERY: Duration = Duration::from_millis(200);
/// Packets are copied out of the ring (so it goes back to the kernel at once) only while the
/// writer holds more than this share of it, in quarters: three quarters, so copies are paid for
/// only when the kernel is down to its last quarter, not in a steady flow.
pub const COPY_OUT_AT: usize = 3;
/// Chunks in a source's [`CopyPool`].
pub const COPY_CHUNKS: usize = 16;

/// One packet in a batch: where its bytes are and what the pcap record header needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rec {
    /// Realtime timestamp, nanoseconds since the epoch.
    pub ts_ns: u64,
    /// Where the bytes are: [`Rec::IN_DATA`] for [`Batch::data`], else an index into
    /// [`Batch::blocks`].
    pub block: u32,
    /// Offset of the packet bytes in [`Batch::data`] or in the block.
    pub off: u32,
    /// Captured length.
    pub caplen: u32,
    /// Length on the wire.
    pub wirelen: u32,
}

impl Rec {
    /// [`Rec::block`] of a packet copied into [`Batch::data`].
    pub const IN_DATA: u32 = u32::MAX;
}

/// Ring memory a batch reads packets from in place; dropping it hands the memory back to the
/// kernel. An enum rather than a trait object: one predictable branch per packet, no allocation.
#[derive(Debug)]
pub enum RingRef {
    /// A TPACKET_V3 block (AF_PACKET backend).
    Block(BlockRef),
    /// A stretch of the BPF ring buffer (XDP backend), shared by the batch handed over and the
    /// batch that keeps the records of the reorder window.
    Span(Arc<SpanRef>),
}

impl RingRef {
    /// The bytes packets are found in by [`Rec::off`].
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Block(b) => b.bytes(),
            Self::Span(s) => s.bytes(),
        }
    }

    /// Another handle to the same span; None for a block, which has one owner.
    pub fn share(&self) -> Option<Self> {
        match self {
            Self::Block(_) => None,
            Self::Span(s) => Some(Self::Span(Arc::clone(s))),
        }
    }
}

/// How full the ring memory of one source is, read on any thread (the metrics endpoint).
#[derive(Clone)]
pub enum RingFill {
    /// A TPACKET_V3 ring (AF_PACKET backend).
    Blocks(BlockFill),
    /// The BPF ring buffer (XDP backend).
    Span(SpanFill),
}

impl RingFill {
    /// Bytes the kernel cannot write into now.
    pub fn used_bytes(&self) -> u64 {
        match self {
            Self::Blocks(b) => b.used_bytes(),
            Self::Span(s) => s.used_bytes(),
        }
    }

    /// Size of the ring.
    pub fn size_bytes(&self) -> u64 {
        match self {
            Self::Blocks(b) => b.size_bytes(),
            Self::Span(s) => s.size_bytes(),
        }
    }

    /// Whether more than `quarters` quarters of the ring are out of the kernel's reach.
    pub fn beyond(&self, quarters: u64) -> bool {
        self.used_bytes() * 4 > self.size_bytes() * quarters
    }
}

/// A run of packets from one source, sorted by timestamp.
#[derive(Default, Debug)]
pub struct Batch {
    /// Bytes of packets that had to be copied (a VLAN tag put back, a cooked header added),
    /// back to back.
    pub data: Vec<u8>,
    /// Ring memory the other packets are read from in place; each piece goes back to the kernel
    /// when the batch is cleared or dropped, after the writer has copied its packets out.
    pub blocks: Vec<RingRef>,
    /// The packets.
    pub recs: Vec<Rec>,
}

impl Batch {
    /// The bytes of record `r`.
    pub fn bytes(&self, r: &Rec) -> &[u8] {
        let src = if r.block == Rec::IN_DATA {
            &self.data[..]
        } else {
            self.blocks[r.block as usize].bytes()
        };
        &src[r.off as usize..(r.off + r.caplen) as usize]
    }

    /// Bytes the batch holds: its copies and the ring memory it keeps.
    pub fn held_bytes(&self) -> usize {
        self.data.len() + self.blocks.iter().map(|b| b.bytes().len()).sum::<usize>()
    }

    /// Empties the batch for reuse; its ring blocks go back to the kernel (its copy chunk, if
    /// any, stays with it).
    pub fn clear(&mut self) {
        self.data.clear();
        self.recs.clear();
        self.blocks.clear();
    }

    /// Whether `need` more bytes of copies fit in the batch without allocating: in the chunk it
    /// holds, or in one `pool` can give it (taken by [`Batch::copy_chunk`] at the first copy).
    pub fn can_copy(&self, need: usize, pool: &CopyPool) -> bool {
        if self.data.capacity() == 0 {
            pool.available() > 0 && pool.chunk() >= need
        } else {
            self.data.capacity() - self.data.len() >= need
        }
    }

    /// The batch's copy memory, a chunk from `pool` once it has copied anything. The caller has
    /// checked [`Batch::can_copy`] (only the source takes from its pool, so a chunk seen there is
    /// still there); should the pool be empty all the same, the batch copies into memory of
    /// its own, which the pool does not take back.
    pub fn copy_chunk(&mut self, pool: &CopyPool) -> &mut Vec<u8> {
        if self.data.capacity() == 0
            && let Some(chunk) = pool.take()
        {
            self.data = chunk;
        }
        &mut self.data
    }
}

/// The memory one source copies packets into: chunks of a fixed size, reserved
/// once and reused for the whole run. Their pages are touched only as packets are copied, so the
/// process's resident memory grows by at most [`CopyPool::bytes`] for this source, whatever the
/// writer does.
pub struct CopyPool {
    free: ArrayQueue<Vec<u8>>,
    chunk: usize,
}

impl CopyPool {
    /// `count` chunks of `chunk` bytes.
    pub fn new(chunk: usize, count: usize) -> Self {
        let free = ArrayQueue::new(count.max(1));
        for _ in 0..count {
            let _ = free.push(Vec::with_capacity(chunk));
        }
        Self { free, chunk }
    }

    /// The pool for a source whose ring holds `ring_bytes` and whose largest unit of copies
    /// (a TPACKET_V3 block, or one pass over the XDP ring) is `unit` bytes: as much copy memory
    /// as ring (at most [`COPY_CHUNKS`] chunks, each of at least `unit`), and never less than two
    /// units.
    pub fn for_ring(ring_bytes: usize, unit: usize) -> Self {
        let chunk = (ring_bytes / COPY_CHUNKS).max(unit).max(1);
        Self::new(chunk, (ring_bytes / chunk).max(2))
    }

    /// Bytes in each chunk.
    pub fn chunk(&self) -> usize {
        self.chunk
    }

    /// Chunks not in use.
    pub fn available(&self) -> usize {
        self.free.len()
    }

    /// All the memory of the pool.
    pub fn bytes(&self) -> usize {
        self.chunk * self.free.capacity()
    }

    fn take(&self) -> Option<Vec<u8>> {
        self.free.pop()
    }

    /// Takes back a chunk (memory of another size, or one too many, is freed instead).
    fn put(&self, mut chunk: Vec<u8>) {
        if chunk.capacity() == self.chunk {
            chunk.clear();
            let _ = self.free.push(chunk);
        }
    }
}

/// Counters a source (an AF_PACKET worker or the XDP reader) shares with the writer and the
/// stats reporter.
#[derive(Default, Debug)]
pub struct WorkerCounters {
    /// Packets that passed the kernel filter (PACKET_STATISTICS tp_packets, accumulated).
    pub received: AtomicU64,
    /// Packets the kernel dropped because the ring was full (tp_drops, accumulated).
    pub ring_drops: AtomicU64,
    /// Packets read from the ring.
    pub read: AtomicU64,
    /// Their bytes on the wire, as the kernel gives the length (a VLAN tag it moved into the
    /// packet's metadata is not counted).
    pub read_bytes: AtomicU64,
    /// Packets read but not of the `-Q` direction, and outgoing copies of loopback packets.
    pub wrong_direction: AtomicU64,
    /// Outgoing packets read (XDP never sees these).
    pub outgoing: AtomicU64,
    /// Packets the filter rejected in user space (the kernel refused the program).
    pub filtered_userspace: AtomicU64,
    /// Packets dropped because the writer's queue was full.
    pub handoff_drops: AtomicU64,
    /// Packets copied out of the ring because the writer held most of it (see [`COPY_OUT_AT`]).
    pub copied_out: AtomicU64,
    /// Times the source stopped reading because every chunk of its [`CopyPool`] was in the
    /// writer's hands: the kernel's ring took up the slack (and dropped, if it filled).
    pub pool_waits: AtomicU64,
    /// Every packet of this worker with a timestamp at or below this value has been queued.
    pub watermark_ns: AtomicU64,
}

/// The two queues between a source and the writer.
pub struct Handoff {
    /// Full batches, source to writer.
    pub full: ArrayQueue<Batch>,
    /// Empty batches for reuse, writer to source.
    pub empty: ArrayQueue<Batch>,
    /// The source's counters.
    pub counters: WorkerCounters,
    /// The source's copy memory.
    pub pool: CopyPool,
    /// The writer's thread, woken when there is something new to merge.
    consumer: OnceLock<Thread>,
    /// The source's thread, woken when the writer is done with a batch (and its ring blocks).
    producer: OnceLock<Thread>,
}

impl Handoff {
    /// Makes the calling thread the one [`Handoff::advance`] wakes (the writer's).
    pub fn set_consumer(&self) {
        // Set once; a second merger over the same handoffs keeps the first thread.
        let _ = self.consumer.set(thread::current());
    }

    /// Makes the calling thread the one [`Handoff::recycle`] wakes (the worker's or reader's).
    pub fn set_producer(&self) {
        let _ = self.producer.set(thread::current());
    }

    /// Called by the writer when it is done with a batch: its ring memory goes back to the
    /// kernel, its copy chunk to the pool, the batch to the source for reuse, and a source
    /// waiting for either goes on.
    pub fn recycle(&self, mut batch: Batch) {
        self.pool.put(std::mem::take(&mut batch.data));
        batch.clear();
        // The source allocates a new batch if this one cannot go back.
        let _ = self.empty.push(batch);
        if let Some(t) = self.producer.get() {
            t.unpark();
        }
    }

    /// Declares that every packet up to `mark` (ns) is queued, and wakes the writer. Called
    /// after a push, so a writer that sees the mark sees the batch (Release).
    pub fn advance(&self, mark: u64) {
        self.counters.watermark_ns.fetch_max(mark, Release);
        if let Some(t) = self.consumer.get() {
            t.unpark();
        }
    }

    /// Declares that nothing more will come.
    pub fn close(&self) {
        self.advance(u64::MAX);
    }

    /// Queues `batch`, whose records are all at or before `mark`, and advances the watermark
    /// to `mark`. A full queue rejects the batch: its records are counted as handoff drops and it
    /// is returned, to be cleared for reuse or dropped (either hands its ring memory back).
    pub fn offer(&self, batch: Batch, mark: u64) -> Option<Batch> {
        let n = batch.recs.len() as u64;
        let rejected = self.full.push(batch).err();
        if rejected.is_some() {
            self.counters.handoff_drops.fetch_add(n, Relaxed);
        }
        // After the push: a writer that sees this watermark sees the batch.
        self.advance(mark);
        rejected
    }

    /// Queues of `depth` batches, and `pool` for the source's copies.
    pub fn new(depth: usize, pool: CopyPool) -> Self {
        Self {
            full: ArrayQueue::new(depth),
            empty: ArrayQueue::new(depth + 2),
            counters: WorkerCounters::default(),
            pool,
            consumer: OnceLock::new(),
            producer: OnceLock::new(),
        }
    }
}
