//! A capture worker: one socket and ring, pinned to one CPU. It walks ready blocks in place,
//! indexes their packets into a reusable batch that holds the blocks (copying only packets it
//! must change: VLAN tag restored, cooked header added), and hands whole batches to the writer
//! over a bounded lock-free queue; the writer copies each packet once, from the ring into its
//! output buffer, and the blocks go back to the kernel when the batch is done. While the writer
//! holds most of the ring, packets are copied out instead, so the kernel keeps room. A full
//! queue drops the batch (and frees its blocks) and counts it.
use std::{
    sync::{
        Arc, OnceLock,
        atomic::{
            AtomicBool, AtomicU64,
            Ordering::{Relaxed, Release},
        },
    },
    thread::{self, Thread},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use crossbeam_queue::ArrayQueue;

use crate::{
    bpf::Aux,
    cli::Direction,
    cooked::{SLL2_HDR_LEN, sll2_header},
    filter::Filter,
    ring::{BlockRef, Ring, RingPacket},
    socket::PacketSocket,
    xdp::ringbuf::SpanRef,
};

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

/// A run of packets from one worker, sorted by timestamp.
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

    /// Adds packet `p` of the block that will be `blocks[block]` (`None`: the block is not
    /// kept, copy the packet); returns whether the record points into that block.
    fn push(&mut self, p: &RingPacket<'_>, block: Option<u32>, snaplen: u32, cooked: bool) -> bool {
        let ts_ns = u64::from(p.sec) * 1_000_000_000 + u64::from(p.nsec);
        if let Some(block) = block
            && !cooked
            && p.vlan.is_none()
        {
            // The frame is in the ring as it was on the wire: the writer reads it there.
            self.recs.push(Rec {
                ts_ns,
                block,
                off: p.offset as u32,
                caplen: (p.data.len() as u32).min(snaplen),
                wirelen: p.len,
            });
            return true;
        }
        let off = self.data.len() as u32;
        let mut wirelen = p.len;
        if cooked {
            self.data.extend_from_slice(&sll2_header(p.sll));
            wirelen += SLL2_HDR_LEN;
        }
        match p.vlan.filter(|_| !cooked) {
            // Put back the outer tag the kernel moved into metadata, as libpcap does, so the
            // file holds the frame as it was on the wire.
            Some((tpid, tci)) if p.data.len() >= 12 => {
                self.data.extend_from_slice(&p.data[..12]);
                self.data.extend_from_slice(&tpid.to_be_bytes());
                self.data.extend_from_slice(&tci.to_be_bytes());
                self.data.extend_from_slice(&p.data[12..]);
                wirelen += 4;
            }
            _ => self.data.extend_from_slice(p.data),
        }
        let caplen = (self.data.len() as u32 - off).min(snaplen);
        self.data.truncate((off + caplen) as usize);
        self.recs.push(Rec {
            ts_ns,
            block: Rec::IN_DATA,
            off,
            caplen,
            wirelen,
        });
        false
    }

    /// Takes back the last packet pushed (a copy).
    fn pop(&mut self) {
        if let Some(r) = self.recs.pop() {
            self.data.truncate(r.off as usize);
        }
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

/// Counters a worker shares with the writer and the stats reporter.
#[derive(Default, Debug)]
pub struct WorkerCounters {
    /// Packets that passed the kernel filter (PACKET_STATISTICS tp_packets, accumulated).
    pub received: AtomicU64,
    /// Packets the kernel dropped because the ring was full (tp_drops, accumulated).
    pub ring_drops: AtomicU64,
    /// Packets read from the ring.
    pub read: AtomicU64,
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

/// The two queues between a worker and the writer.
pub struct Handoff {
    /// Full batches, worker to writer.
    pub full: ArrayQueue<Batch>,
    /// Empty batches for reuse, writer to worker.
    pub empty: ArrayQueue<Batch>,
    /// The worker's counters.
    pub counters: WorkerCounters,
    /// The writer's thread, woken when there is something new to merge.
    consumer: OnceLock<Thread>,
    /// The worker's thread, woken when the writer is done with a batch (and its ring blocks).
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

/// How quickly packets move from the kernel to the writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    /// Block retire timeout: an idle link still hands its packets over within this many ms.
    pub retire_tov_ms: u32,
    /// How long an idle worker waits for a block before it moves its watermark and looks at the
    /// stop flag again.
    pub poll_ms: i32,
    /// `--immediate-mode`: an idle worker whose filling block is empty holds nothing back, so
    /// its watermark is "now" (less [`IN_FLIGHT`]) rather than "now minus [`IDLE_SLACK`]".
    pub immediate: bool,
}

impl Pacing {
    /// The default: blocks of packets every 10 ms at most, idle workers checking in every 50.
    pub const BLOCKS: Pacing = Pacing {
        retire_tov_ms: 10,
        poll_ms: 50,
        immediate: false,
    };
    /// `--immediate-mode`: blocks retire after 1 ms, and idle workers move their watermark
    /// every millisecond, so a packet reaches the output about a millisecond after it arrived,
    /// whichever worker took it (at the cost of a thousand wake-ups a second per idle worker).
    pub const IMMEDIATE: Pacing = Pacing {
        retire_tov_ms: 1,
        poll_ms: 1,
        immediate: true,
    };
}

/// A packet still in a block the kernel has not retired is at most this old (retire timeout,
/// plus scheduling slack), so an idle worker's watermark is "now minus this".
const IDLE_SLACK: Duration = Duration::from_millis(100);
/// A packet stamped this long ago has been stored in the ring (the time between the kernel's
/// stamp and its store into the block), so a worker that sees its filling block empty has
/// nothing earlier to come.
const IN_FLIGHT: Duration = Duration::from_millis(1);
/// Hand a batch over once it holds this many bytes, even if more blocks are ready.
const BATCH_BYTES: usize = 4 << 20;
/// How often the kernel counters are read into the shared ones.
const STATS_EVERY: Duration = Duration::from_millis(200);

/// One worker's loop; returns when `stop` is set, after draining the ready blocks.
pub struct Worker {
    /// The socket.
    pub socket: PacketSocket,
    /// Its ring.
    pub ring: Ring,
    /// Shared queues and counters.
    pub handoff: Arc<Handoff>,
    /// `-Q`.
    pub direction: Direction,
    /// Snapshot length applied after restoring VLAN tags.
    pub snaplen: u32,
    /// The socket is SOCK_DGRAM (`-i any`): prepend the Linux cooked v2 header.
    pub cooked: bool,
    /// The loopback device's index: its outgoing packets are skipped, as libpcap skips them,
    /// because each comes back as an incoming one.
    pub loopback: Option<i32>,
    /// The filter, when the kernel refused it: run here on each packet, as libpcap does.
    pub filter: Option<Arc<Filter>>,
    /// Wait and watermark timings.
    pub pacing: Pacing,
}

impl Worker {
    /// Runs until `stop`, then drains what the ring holds. Fails when the socket reports an
    /// error (the interface went down or away); the counters stay valid.
    pub fn run(mut self, stop: &AtomicBool) -> std::io::Result<()> {
        let mut batch = Batch::default();
        let mut last_stats = Instant::now();
        self.handoff.set_producer();
        loop {
            let stopping = stop.load(Relaxed);
            let got = self.drain_ready(&mut batch);
            if batch.recs.is_empty() {
                batch.clear();
            } else {
                batch = self.hand_over(batch);
            }
            if !got {
                let behind = if self.pacing.immediate && self.ring.filling_block_empty() {
                    IN_FLIGHT
                } else {
                    IDLE_SLACK
                };
                let idle = now_ns().saturating_sub(behind.as_nanos() as u64);
                self.handoff.advance(idle);
                if stopping {
                    break;
                }
                if self.ring.previous_held() {
                    // The kernel reports the socket readable while the block before the one it
                    // fills is not its own, so poll would return at once: wait for the writer
                    // to hand that block back instead.
                    thread::park_timeout(Duration::from_millis(self.pacing.poll_ms as u64));
                } else if let Err(e) = self.socket.wait(self.pacing.poll_ms) {
                    self.finish();
                    return Err(e);
                }
            }
            if last_stats.elapsed() >= STATS_EVERY {
                self.update_kernel_stats();
                last_stats = Instant::now();
            }
        }
        self.finish();
        Ok(())
    }

    /// Last kernel counters, and a watermark that no longer holds the merge back.
    fn finish(&self) {
        self.update_kernel_stats();
        self.handoff.close();
    }

    /// Takes every ready block into `batch` (up to BATCH_BYTES of blocks and copies); returns
    /// whether there was any.
    fn drain_ready(&mut self, batch: &mut Batch) -> bool {
        let mut any = false;
        let c = &self.handoff.counters;
        let mut held = 0;
        while batch.data.len() + held < BATCH_BYTES {
            let Some(block) = self.ring.next_block() else {
                break;
            };
            any = true;
            // Under pressure (most blocks already held) the packets are copied and the block
            // goes back at once, as if the writer read from the ring no more.
            let index = (!self.ring.mostly_held()).then_some(batch.blocks.len() as u32);
            let mut in_place = false;
            // Counted per block: an atomic add per packet costs as much as the copy.
            let (mut read, mut outgoing_n, mut wrong, mut filtered) = (0, 0, 0, 0);
            for p in block.packets() {
                read += 1;
                let outgoing = p.pkttype == libc::PACKET_OUTGOING;
                outgoing_n += u64::from(outgoing);
                let wanted = match self.direction {
                    Direction::In => !outgoing,
                    Direction::Out => outgoing,
                    Direction::Inout => true,
                } && !(outgoing && self.loopback == Some(p.ifindex()));
                if !wanted {
                    wrong += 1;
                    continue;
                }
                if let Some(f) = &self.filter {
                    if !self.cooked {
                        let aux = Aux {
                            vlan_tci: p.vlan.map(|(_, tci)| tci),
                        };
                        if !f.matches_live(p.data, p.len, aux) {
                            filtered += 1;
                            continue;
                        }
                    } else {
                        // The program reads the cooked header: copy the packet with it, then
                        // filter (libpcap filters the same bytes, with the same wire length).
                        batch.push(&p, None, self.snaplen, true);
                        let rec = batch.recs[batch.recs.len() - 1];
                        if !f.matches_live(batch.bytes(&rec), p.len, Aux::default()) {
                            batch.pop();
                            filtered += 1;
                        }
                        continue;
                    }
                }
                in_place |= batch.push(&p, index, self.snaplen, self.cooked);
            }
            if in_place {
                held += block.bytes().len();
                batch.blocks.push(RingRef::Block(block));
            }
            // Otherwise the block is dropped here, back to the kernel at once.
            c.read.fetch_add(read, Relaxed);
            if outgoing_n > 0 {
                c.outgoing.fetch_add(outgoing_n, Relaxed);
            }
            if wrong > 0 {
                c.wrong_direction.fetch_add(wrong, Relaxed);
            }
            if filtered > 0 {
                c.filtered_userspace.fetch_add(filtered, Relaxed);
            }
        }
        any
    }

    fn hand_over(&self, mut batch: Batch) -> Batch {
        // Packets of one socket are queued almost in time order; make it exact per batch.
        if !batch.recs.is_sorted_by_key(|r| r.ts_ns) {
            batch.recs.sort_by_key(|r| r.ts_ns);
        }
        let last = batch.recs.last().map_or(0, |r| r.ts_ns);
        let h = &self.handoff;
        match h.full.push(batch) {
            Ok(()) => {
                h.advance(last);
                h.empty.pop().unwrap_or_default()
            }
            Err(mut rejected) => {
                h.counters
                    .handoff_drops
                    .fetch_add(rejected.recs.len() as u64, Relaxed);
                h.advance(last);
                rejected.clear();
                rejected
            }
        }
    }

    fn update_kernel_stats(&self) {
        if let Ok(st) = self.socket.take_stats() {
            let c = &self.handoff.counters;
            c.received.fetch_add(st.packets, Relaxed);
            c.ring_drops.fetch_add(st.drops, Relaxed);
        }
    }
}

/// Realtime clock in nanoseconds since the epoch (the clock of ring timestamps).
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The CPUs this process may run on (its affinity mask, e.g. under `taskset`), in order.
pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: cpu_set_t is plain data; sched_getaffinity(0) fills it for this thread, and
    // CPU_ISSET only reads inside it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return vec![0];
        }
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect()
    }
}

/// Pins the calling thread to `cpu`; a failure (CPU offline, cgroup) only costs locality.
pub fn pin_to_cpu(cpu: usize) {
    // SAFETY: cpu_set_t is plain data; CPU_SET writes inside it; sched_setaffinity(0) applies
    // to the calling thread only.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_cpus_follow_the_affinity_mask() {
        let all = allowed_cpus();
        assert!(!all.is_empty());
        let last = *all.last().unwrap();
        // A thread restricted to one CPU sees only that one, as a worker under taskset would.
        let seen = std::thread::spawn(move || {
            pin_to_cpu(last);
            allowed_cpus()
        })
        .join()
        .unwrap();
        assert_eq!(seen, [last]);
    }
}
