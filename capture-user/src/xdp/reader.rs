//! The userspace side of the XDP ring buffer: one thread polls the ring, turns records into the
//! same [`Batch`]es the AF_PACKET workers produce and hands them to the writer through a
//! [`Handoff`], so merge, writer and stats serve both backends unchanged. When the process may
//! use one CPU, the reader runs on the writer's thread instead ([`Inline`]) and the records go
//! from the ring to the output in one step.
//!
//! Timestamps: the eBPF program stamps records with `bpf_ktime_get_ns()` (CLOCK_MONOTONIC;
//! `bpf_ktime_get_tai_ns` would need the TAI offset that only an NTP daemon sets). The reader
//! adds CLOCK_REALTIME − CLOCK_MONOTONIC, kept by a [`ClockOffset`].
//!
//! Order: records of different CPUs reach the ring in reservation order, which can differ from
//! timestamp order by the few nanoseconds between `bpf_ktime_get_ns()` and the reservation. The
//! reader sorts each pass and holds back the records of the last [`REORDER_WINDOW`] (the next
//! batch shares their spans), so batches are in time order among themselves too, and the
//! watermark it publishes is exact.
//!
//! Copies: records are read in place ([`ringbuf`](super::ringbuf)). Each pass over the ring
//! gives a span that travels with the batch to the writer, which copies the records straight
//! into its output; the span is released when the writer is done with the batch (and with the
//! next one, for a span holding records of the reorder window). Records are copied here only
//! while the spans held cover more than three quarters of the ring (a slow writer, or one waiting
//! for another worker's watermark), into the source's bounded
//! [`CopyPool`](crate::handoff::CopyPool), so the eBPF side keeps room; once every chunk is with
//! the writer the reader stops reading, and the eBPF side counts what finds the ring full. One
//! chunk always stays for the records of the reorder window that were copied (they move to the
//! batch kept), so a batch is never handed over without them.
//!
//! Wake-ups: the kernel wakes a poller only for a record written where `consumer_pos` stands,
//! and reports the map readable whenever `consumer_pos` is behind the producer. So the reader
//! polls only when everything it walked has been released; while spans are held it parks, and
//! the writer unparks it when it is done with a batch ([`Handoff::recycle`]).
//!
//! Counters (the [`WorkerCounters`] buckets, so `Totals` and the summary work unchanged):
//! `received` = frames the filter accepted (tcpdump's "received by filter"), `ring_drops` =
//! accepted frames that found the ring full or whose copy failed ("dropped by kernel"), `read`
//! = records read; `outgoing` and `wrong_direction` stay 0 (XDP sees ingress only).
use std::{
    os::fd::{AsFd, OwnedFd},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering::Relaxed},
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use aya::maps::{MapData, PerCpuArray};
use capture_common::{RECORD_HEADER_LEN, RecordHeader, XdpCaptureCounters};

use super::{load::wait_readable, ringbuf::RingBuffer};
use crate::{
    clock::{ClockOffset, mono_now_ns},
    handoff::{BATCH_BYTES, Batch, Handoff, POLL_MS, Rec, RingRef, STATS_EVERY},
};

/// Records newer than the newest one read minus this stay for the next pass (see the module
/// comment). Far above the nanoseconds of real reordering, far below a batch's span.
pub const REORDER_WINDOW: Duration = Duration::from_micros(200);
/// When a pass reads nothing, records held back that are older than now minus this are
/// released: a reservation in progress never lasts that long.
const IDLE_RELEASE: Duration = Duration::from_millis(10);
/// A batch is handed over at least this often while records arrive, so the writer sees a steady
/// flow of batches rather than one per record.
const HANDOVER_EVERY: Duration = Duration::from_millis(5);
/// A pass that read fewer records than this sleeps [`TRICKLE_SLEEP`] before the next one, so
/// records accumulate instead of waking the reader one by one (measured: with 200 µs sleeps,
/// wake-ups were a fifth of the reader's CPU at 120 kpps). The ring absorbs the pause: 1 ms at
/// 1 Mpps of 1514-byte frames is 1.5 MB.
const TRICKLE: usize = 128;
const TRICKLE_SLEEP: Duration = Duration::from_millis(1);
/// How long an idle reader whose spans are not all released yet parks before it walks the ring
/// again: no wake-up comes from the kernel meanwhile (see the module comment), so this bounds
/// the delay of the first records of a new burst, as [`TRICKLE_SLEEP`] does within one.
const HELD_WAIT: Duration = Duration::from_millis(2);

/// The reader of one XDP capture.
pub struct Reader {
    /// The interface the programs are attached to: nothing in the ring says it is gone.
    pub ifindex: u32,
    /// The ring buffer map.
    pub ring: RingBuffer,
    /// The per-CPU capture counters.
    pub counters: PerCpuArray<MapData, XdpCaptureCounters>,
    /// Shared queues and counters.
    pub handoff: Arc<Handoff>,
    /// Bytes of the largest record the snaplen allows (headers included): a pass may walk this
    /// far past its limit.
    pub max_record: usize,
    /// Promiscuous mode, on for as long as the reader lives (without `-p`).
    pub promisc: Option<OwnedFd>,
}

/// Ring memory a batch may read from: at most a quarter of the ring. That memory stays out of
/// the kernel's reach until the writer is done with it, so a quarter leaves the kernel room
/// while one batch fills and another is written, without tripping the copy-out in a steady flow.
pub fn batch_limit(ring_size: usize) -> usize {
    BATCH_BYTES.min(ring_size / 4)
}

/// What one pass over the ring found.
enum Pass {
    /// Records, the monotonic stamp of the last one.
    Read(u64),
    /// Nothing ready.
    Idle,
    /// The records must be copied and the pending batch's chunk is full: hand it over first.
    Full,
    /// The records must be copied and the pool has no chunk to spare: the writer has them all.
    Starved,
}

/// Splits a ring record into its header and frame bytes; None for a record too short to be one
/// of ours (never written by capture_copy).
pub fn parse_record(item: &[u8]) -> Option<(RecordHeader, &[u8])> {
    let head = item.get(..RECORD_HEADER_LEN)?;
    let header = RecordHeader {
        mono_ns: u64::from_ne_bytes(head[0..8].try_into().ok()?),
        wirelen: u32::from_ne_bytes(head[8..12].try_into().ok()?),
        caplen: u32::from_ne_bytes(head[12..16].try_into().ok()?),
    };
    let data = item.get(RECORD_HEADER_LEN..RECORD_HEADER_LEN + header.caplen as usize)?;
    Some((header, data))
}

impl Reader {
    /// Runs on a thread of its own until `stop`, then drains the ring and hands everything
    /// over.
    pub fn spawn(self, stop: Arc<AtomicBool>) -> std::io::Result<JoinHandle<std::io::Result<()>>> {
        thread::Builder::new()
            .name("capture-xdp-reader".into())
            .spawn(move || self.run(&stop))
    }

    /// Fails with ENODEV once the interface has disappeared, after draining the ring.
    fn run(mut self, stop: &AtomicBool) -> std::io::Result<()> {
        self.handoff.set_producer();
        let mut pending = Batch::default();
        let mut clock = ClockOffset::default();
        let mut last_stats = Instant::now();
        let mut last_handover = Instant::now();
        let limit = batch_limit(self.ring.size());
        // Stopped: the counters are read once, then what the ring still holds, so every
        // record they account for is read (frames still arriving may add a few on top).
        let mut draining = false;
        let mut gone = None;
        loop {
            if !draining && stop.load(Relaxed) {
                self.update_counters();
                draining = true;
            }
            let offset = clock.current();
            let before = pending.recs.len();
            let pass = self.drain(&mut pending, offset, limit);
            let got = pending.recs.len() - before;
            let full = pending.held_bytes() >= limit || matches!(pass, Pass::Full);
            let due =
                matches!(pass, Pass::Idle) || full || last_handover.elapsed() >= HANDOVER_EVERY;
            if due {
                let cutoff = cutoff(&pass, &pending, offset);
                pending = self.hand_over(pending, cutoff);
                last_handover = Instant::now();
            }
            if last_stats.elapsed() >= STATS_EVERY {
                if !draining {
                    self.update_counters();
                    if let Err(e) = self.check_present() {
                        gone = Some(e);
                        draining = true;
                    }
                }
                last_stats = Instant::now();
            }
            match pass {
                Pass::Idle if draining => break,
                Pass::Idle => self.wait(),
                Pass::Starved => {
                    // The ring holds the records until the writer gives a chunk back (it
                    // unparks this thread); the eBPF side counts what does not fit.
                    self.handoff.counters.pool_waits.fetch_add(1, Relaxed);
                    thread::park_timeout(HELD_WAIT);
                }
                // (A full batch was cut short: more records are ready.)
                Pass::Read(_) if got < TRICKLE && !full && !draining => {
                    std::thread::sleep(TRICKLE_SLEEP);
                }
                _ => {}
            }
        }
        let rest = self.hand_over(pending, u64::MAX);
        drop(rest);
        self.handoff.close();
        gone.map_or(Ok(()), Err)
    }

    /// Fails with ENODEV once the interface is gone (the kernel took the programs with it),
    /// which is how the AF_PACKET socket reports it.
    fn check_present(&self) -> std::io::Result<()> {
        match crate::iface::is_up(self.ifindex) {
            Some(_) => Ok(()),
            None => Err(std::io::Error::from_raw_os_error(libc::ENODEV)),
        }
    }

    /// Reads the records ready in the ring into `batch`, about `limit` bytes of ring at most
    /// (whatever the batch holds already).
    fn drain(&mut self, batch: &mut Batch, offset: i64, limit: usize) -> Pass {
        // Under pressure the records are copied and the span goes back at once, as if the
        // writer read from the ring no more.
        let copy = self.ring.mostly_held();
        let pool = &self.handoff.pool;
        let mut limit = limit;
        if copy {
            // One chunk stays in the pool for the copied records the reorder window keeps
            // back (see hand_over).
            let spare = if batch.data.capacity() > 0 { 1 } else { 2 };
            if pool.available() < spare {
                return Pass::Starved;
            }
            let data = batch.copy_chunk(pool);
            // A walk may pass its limit by one record: the copies must fit all the same.
            let room = data.capacity() - data.len();
            if room <= self.max_record {
                return Pass::Full;
            }
            limit = limit.min(room - self.max_record);
        }
        let block = batch.blocks.len() as u32;
        let (data, recs) = (&mut batch.data, &mut batch.recs);
        let mut newest = None;
        // Counted per pass: an atomic add per record costs as much as the copy.
        let (mut read, mut wire_bytes) = (0, 0);
        let span = self.ring.walk(limit, |at, item| {
            let Some((h, bytes)) = parse_record(item) else {
                return;
            };
            read += 1;
            wire_bytes += u64::from(h.wirelen);
            let (block, off) = if copy {
                let off = data.len() as u32;
                data.extend_from_slice(bytes);
                (Rec::IN_DATA, off)
            } else {
                (block, at + RECORD_HEADER_LEN as u32)
            };
            recs.push(Rec {
                ts_ns: h.mono_ns.saturating_add_signed(offset),
                block,
                off,
                caplen: h.caplen,
                wirelen: h.wirelen,
            });
            newest = Some(h.mono_ns);
        });
        let c = &self.handoff.counters;
        c.read.fetch_add(read, Relaxed);
        c.read_bytes.fetch_add(wire_bytes, Relaxed);
        if copy {
            c.copied_out.fetch_add(read, Relaxed);
        }
        if let Some(span) = span
            && !copy
            && read > 0
        {
            batch.blocks.push(RingRef::Span(Arc::new(span)));
        }
        // Otherwise the span is dropped here: released as soon as the spans before it are.
        newest.map_or(Pass::Idle, Pass::Read)
    }

    /// Hands over every record of `pending` stamped at or before `cutoff` (realtime) and
    /// returns the batch to keep filling, holding the newer records.
    fn hand_over(&self, pending: Batch, cutoff: u64) -> Batch {
        let h = &self.handoff;
        let (ready, keep) = self.split(pending, cutoff);
        match ready {
            Some(ready) => {
                if let Some(rejected) = h.offer(ready, cutoff) {
                    // Its spans go back to the ring, its chunk to the pool.
                    h.recycle(rejected);
                }
            }
            // Nothing at or before the cutoff is left unqueued.
            None => h.advance(cutoff),
        }
        keep
    }

    /// Sorts `pending` and splits it at `cutoff` (realtime): the records at or before it, in a
    /// batch of their own (None if there are none), and a batch holding the newer ones.
    fn split(&self, mut pending: Batch, cutoff: u64) -> (Option<Batch>, Batch) {
        let h = &self.handoff;
        if !pending.recs.is_sorted_by_key(|r| r.ts_ns) {
            pending.recs.sort_by_key(|r| r.ts_ns);
        }
        let split = pending.recs.partition_point(|r| r.ts_ns <= cutoff);
        if split == 0 {
            if pending.recs.is_empty() {
                pending.clear();
            }
            return (None, pending);
        }
        let mut keep = h.empty.pop().unwrap_or_default();
        // The held-back records stay where they are: the batch kept shares their spans with
        // the batch handed over (the span goes back to the kernel when both are done with it).
        // Records already copied out are copied again.
        let mut shared: Vec<Option<u32>> = vec![None; pending.blocks.len()];
        for r in &pending.recs[split..] {
            let at = (r.block != Rec::IN_DATA)
                .then_some(r.block as usize)
                .and_then(|b| {
                    if shared[b].is_none() {
                        let span = pending.blocks[b].share()?;
                        shared[b] = Some(keep.blocks.len() as u32);
                        keep.blocks.push(span);
                    }
                    shared[b]
                });
            let rec = match at {
                Some(block) => Rec { block, ..*r },
                None => {
                    // The chunk drain left in the pool for this.
                    let data = keep.copy_chunk(&h.pool);
                    let off = data.len() as u32;
                    data.extend_from_slice(pending.bytes(r));
                    Rec {
                        block: Rec::IN_DATA,
                        off,
                        ..*r
                    }
                }
            };
            keep.recs.push(rec);
        }
        // The batch handed on holds the records up to the cutoff only.
        pending.recs.truncate(split);
        (Some(pending), keep)
    }

    /// Waits for records: on the map while everything walked is released, else for the
    /// writer to hand spans back (see the module comment).
    fn wait(&self) {
        if self.ring.held() == 0 {
            wait_readable(self.ring.as_fd(), POLL_MS);
        } else {
            thread::park_timeout(HELD_WAIT);
        }
    }

    /// Copies the eBPF side's counters into the source's.
    fn update_counters(&self) {
        let Ok(per_cpu) = self.counters.get(&0, 0) else {
            return;
        };
        let (mut accepted, mut lost) = (0, 0);
        for c in per_cpu.iter() {
            accepted += c.accepted;
            lost += c.ring_full + c.copy_failed;
        }
        // The eBPF counters are totals since load, not deltas.
        let c = &self.handoff.counters;
        c.received.store(accepted, Relaxed);
        c.ring_drops.store(lost, Relaxed);
    }
}

/// Records of `pending` up to this realtime stamp may go out after `pass`: those of the last
/// [`REORDER_WINDOW`] before the newest one read stay back; on an idle ring, those of the last
/// [`IDLE_RELEASE`]; from a full copy chunk, none.
fn cutoff(pass: &Pass, pending: &Batch, offset: i64) -> u64 {
    let window = REORDER_WINDOW.as_nanos() as u64;
    // Records not read yet may be older than any clock-based cutoff: count from those read.
    let newest = || pending.recs.iter().map(|r| r.ts_ns).max();
    match pass {
        Pass::Read(mono) => mono.saturating_sub(window).saturating_add_signed(offset),
        Pass::Idle => mono_now_ns()
            .saturating_sub(IDLE_RELEASE.as_nanos() as u64)
            .saturating_add_signed(offset),
        // The whole chunk goes: were all its records inside the window, none would go, the
        // chunk would stay full and the walk could never go on (a tiny ring under a burst,
        // where a chunk holds a few records). A record read after it may then be stamped a
        // few nanoseconds before its last one.
        Pass::Full => newest().unwrap_or(0),
        Pass::Starved => newest().map_or(0, |ts| ts.saturating_sub(window)),
    }
}

/// What a pass of the single-thread loop found, and so what the loop does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// More may be ready: pass again at once.
    More,
    /// A trickle: flush, and let records accumulate for [`TRICKLE_SLEEP`].
    Few,
    /// Nothing was ready: flush, and wait for the ring.
    Idle,
}

/// The reader on the single-thread path, when the process may use one CPU and the reader and
/// the writer would take turns on it: each pass hands the records up to the reorder cutoff
/// straight to the output, in time order, with no batch queued, no merge and no wake-ups
/// between threads (tcpdump's one loop). The records of the reorder window wait for the next
/// pass in their spans, as on the threaded path, so the files are the same.
pub struct Inline {
    reader: Reader,
    /// The records read and not yet delivered.
    pending: Batch,
    clock: ClockOffset,
    limit: usize,
    /// The capture is ending: the counters have been read for the last time, and the ring is
    /// being drained.
    draining: bool,
}

impl Inline {
    /// `reader` on the calling thread.
    pub fn new(reader: Reader) -> Self {
        let limit = batch_limit(reader.ring.size());
        Self {
            reader,
            pending: Batch::default(),
            clock: ClockOffset::default(),
            limit,
            draining: false,
        }
    }

    /// One pass: reads the ready records (up to a batch's worth of ring) and hands those up to
    /// the reorder cutoff to `deliver` in time order, with their time stamp (ns), wire length
    /// and bytes; their ring memory goes back to the kernel right after. Once `finishing`, the
    /// counters are read a last time and the ring is drained: a pass that finds it empty
    /// delivers every record held back and returns [`Step::Idle`].
    pub fn deliver_ready(
        &mut self,
        finishing: bool,
        mut deliver: impl FnMut(u64, u32, &[u8]),
    ) -> Step {
        if finishing && !self.draining {
            self.reader.update_counters();
            self.draining = true;
        }
        let offset = self.clock.current();
        let before = self.pending.recs.len();
        let pass = self.reader.drain(&mut self.pending, offset, self.limit);
        let got = self.pending.recs.len() - before;
        // A walk cut short by the limit leaves records ready: no pause for a trickle then.
        let full = self.pending.held_bytes() >= self.limit || matches!(pass, Pass::Full);
        let cutoff = match pass {
            Pass::Idle if self.draining => u64::MAX,
            _ => cutoff(&pass, &self.pending, offset),
        };
        let (ready, keep) = self.reader.split(std::mem::take(&mut self.pending), cutoff);
        self.pending = keep;
        if let Some(batch) = ready {
            for r in &batch.recs {
                deliver(r.ts_ns, r.wirelen, batch.bytes(r));
            }
            self.reader.handoff.recycle(batch);
        }
        match pass {
            Pass::Idle => Step::Idle,
            Pass::Read(_) if got < TRICKLE && !full && !self.draining => Step::Few,
            // A full copy chunk or a short pool: the delivery above gave the chunks back.
            _ => Step::More,
        }
    }

    /// Waits after a pass that returned `step` ([`Step::More`] does not wait).
    pub fn wait(&self, step: Step) {
        match step {
            Step::More => {}
            Step::Few => thread::sleep(TRICKLE_SLEEP),
            Step::Idle => self.reader.wait(),
        }
    }

    /// Copies the eBPF side's counters into the source's, until the capture ends.
    pub fn update_counters(&self) {
        if !self.draining {
            self.reader.update_counters();
        }
    }

    /// Fails with ENODEV once the interface has disappeared.
    pub fn check_present(&self) -> std::io::Result<()> {
        self.reader.check_present()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_parsing() {
        let mut item = Vec::new();
        item.extend_from_slice(&123u64.to_ne_bytes());
        item.extend_from_slice(&1514u32.to_ne_bytes());
        item.extend_from_slice(&3u32.to_ne_bytes());
        item.extend_from_slice(&[1, 2, 3, 0, 0, 0, 0, 0]);
        let (h, data) = parse_record(&item).unwrap();
        assert_eq!((h.mono_ns, h.wirelen, h.caplen), (123, 1514, 3));
        assert_eq!(data, [1, 2, 3]);
        assert!(parse_record(&item[..10]).is_none());
        item[12] = 200;
        assert!(parse_record(&item).is_none(), "caplen past the record");
    }
}
