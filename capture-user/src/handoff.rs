//! What a source hands the writer: batches of records that point into ring memory (TPACKET_V3
//! blocks, or spans of the XDP ring buffer) or into the batch's own copies, the two bounded
//! lock-free queues between one source and the writer, and the counters they share. Both
//! backends fill the same [`Batch`]es and hand them over the same way ([`Handoff::offer`]), so
//! merge, writer and stats serve both unchanged.
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

    /// Empties the batch for reuse; its ring blocks go back to the kernel.
    pub fn clear(&mut self) {
        self.data.clear();
        self.recs.clear();
        self.blocks.clear();
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

    /// Makes the calling thread the one [`Handoff::batch_done`] wakes (the worker's or reader's).
    pub fn set_producer(&self) {
        let _ = self.producer.set(thread::current());
    }

    /// Called by the writer when it is done with a batch: a worker waiting for its ring
    /// blocks to come back goes on.
    pub fn batch_done(&self) {
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

    /// Queues of `depth` batches.
    pub fn new(depth: usize) -> Self {
        Self {
            full: ArrayQueue::new(depth),
            empty: ArrayQueue::new(depth + 2),
            counters: WorkerCounters::default(),
            consumer: OnceLock::new(),
            producer: OnceLock::new(),
        }
    }
}
