//! A capture worker: one socket and ring, pinned to one CPU. It walks ready blocks in place,
//! indexes their packets into a reusable batch that holds the blocks (copying only packets it
//! must change: VLAN tag restored, cooked header added), and hands whole batches to the writer
//! (see [`handoff`](crate::handoff)); the writer copies each packet once, from the ring into its
//! output buffer, and the blocks go back to the kernel when the batch is done. While the writer
//! holds most of the ring, packets are copied out instead (into the source's bounded
//! [`CopyPool`](crate::handoff::CopyPool)), so the kernel keeps room; once the pool is in the
//! writer's hands too, the worker waits and the kernel's ring takes the slack. A full queue drops
//! the batch (and frees its blocks) and counts it. When the worker and the writer share one
//! CPU, the worker writes itself ([`Worker::deliver_ready`]): each packet goes from the ring to
//! the output in one step, as in tcpdump's loop.
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering::Relaxed},
    },
    thread,
    time::{Duration, Instant},
};

use crate::{
    bpf::Aux,
    cli::Direction,
    clock::now_ns,
    cooked::Cooked,
    filter::Filter,
    handoff::{
        BATCH_BYTES, Batch, CopyPool, Handoff, POLL_MS, Rec, RingRef, STATS_EVERY, WorkerCounters,
    },
    ring::{Ring, RingPacket},
    socket::PacketSocket,
};

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
    /// The default: blocks of packets every 10 ms at most, idle workers checking in every
    /// [`POLL_MS`].
    pub const BLOCKS: Pacing = Pacing {
        retire_tov_ms: 10,
        poll_ms: POLL_MS,
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

/// What one pass over the ring found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    /// No block was ready.
    Idle,
    /// Blocks were taken; more may be ready.
    Took,
    /// A block is ready, but its packets may need copying and the batch has no copy memory
    /// left: the pool's chunks are all with the writer. The block stays in the ring.
    Starved,
}

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
    /// The socket is SOCK_DGRAM (`-i any`): prepend this Linux cooked header.
    pub cooked: Option<Cooked>,
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
    /// error (the interface disappeared); the counters stay valid.
    pub fn run(mut self, stop: &AtomicBool) -> std::io::Result<()> {
        let mut batch = Batch::default();
        let mut last_stats = Instant::now();
        self.handoff.set_producer();
        loop {
            let stopping = stop.load(Relaxed);
            let pass = self.drain_ready(&mut batch);
            if batch.recs.is_empty() {
                batch.clear();
            } else {
                batch = self.hand_over(batch);
            }
            if pass == Pass::Starved {
                // Nothing is dropped here: the kernel's ring holds the packets until the writer
                // gives a chunk back (it unparks this thread), and counts what does not fit.
                self.handoff.counters.pool_waits.fetch_add(1, Relaxed);
                thread::park_timeout(Duration::from_millis(self.pacing.poll_ms as u64));
            } else if pass == Pass::Idle {
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
                if let Err(e) = self.wait() {
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

    /// Waits for the kernel to fill a block, at most [`Pacing::poll_ms`]; fails when the
    /// socket reports an error.
    pub(crate) fn wait(&self) -> std::io::Result<()> {
        let poll_ms = self.pacing.poll_ms;
        if self.ring.previous_held() {
            // The kernel reports the socket readable while the block before the one it fills
            // is not its own, so poll would return at once: wait for the writer to hand that
            // block back instead.
            thread::park_timeout(Duration::from_millis(poll_ms as u64));
            Ok(())
        } else {
            self.socket.wait(poll_ms)
        }
    }

    /// Last kernel counters, and a watermark that no longer holds the merge back.
    pub(crate) fn finish(&self) {
        self.update_kernel_stats();
        self.handoff.close();
    }

    /// Takes every ready block into `batch` (up to BATCH_BYTES of blocks and copies, and as
    /// many as its copy memory can take whole).
    fn drain_ready(&mut self, batch: &mut Batch) -> Pass {
        let mut pass = Pass::Idle;
        let c = &self.handoff.counters;
        let pool = &self.handoff.pool;
        // The copies of one block never exceed the block: each packet's header in the ring
        // (tpacket3_hdr and sockaddr_ll, 68 bytes and more) is larger than what a copy adds
        // (a 4-byte VLAN tag, or a 20-byte cooked header).
        let block_size = self.ring.geometry().block_size as usize;
        let mut held = 0;
        while batch.data.len() + held < BATCH_BYTES {
            if !batch.can_copy(block_size, pool) {
                if pass == Pass::Idle && self.ring.block_ready() {
                    // A batch with a chunk of its own has filled it: hand it over and go on
                    // with another. One without has found the pool empty.
                    pass = if batch.data.capacity() > 0 {
                        Pass::Took
                    } else {
                        Pass::Starved
                    };
                }
                break;
            }
            let Some(block) = self.ring.next_block() else {
                break;
            };
            pass = Pass::Took;
            // Under pressure (most blocks already held) the packets are copied and the block
            // goes back at once, as if the writer read from the ring no more.
            let pressure = self.ring.mostly_held();
            let index = (!pressure).then_some(batch.blocks.len() as u32);
            let mut in_place = false;
            let mut tally = Tally::default();
            for p in block.packets() {
                if !tally.wanted(self, &p) {
                    continue;
                }
                if let Some(f) = &self.filter {
                    if self.cooked.is_none() {
                        if !f.matches_live(p.data, p.len, aux(&p)) {
                            tally.filtered += 1;
                            continue;
                        }
                    } else {
                        // The program reads the cooked header: copy the packet with it, then
                        // filter (libpcap filters the same bytes, with the same wire length).
                        batch.push(&p, None, self.snaplen, self.cooked, pool);
                        let rec = batch.recs[batch.recs.len() - 1];
                        if !f.matches_live(batch.bytes(&rec), p.len, Aux::default()) {
                            batch.pop();
                            tally.filtered += 1;
                        }
                        continue;
                    }
                }
                in_place |= batch.push(&p, index, self.snaplen, self.cooked, pool);
            }
            if pressure {
                c.copied_out
                    .fetch_add(tally.read - tally.wrong - tally.filtered, Relaxed);
            }
            if in_place {
                held += block.bytes().len();
                batch.blocks.push(RingRef::Block(block));
            }
            // Otherwise the block is dropped here, back to the kernel at once.
            tally.publish(c);
        }
        pass
    }

    /// The single-thread path's pass: hands each wanted packet of the ready blocks (up to
    /// BATCH_BYTES of them) to `deliver` with its time stamp (ns), wire length and bytes as
    /// the file holds them, in ring order, as tcpdump's loop reads them; each block goes back
    /// to the kernel once its packets are delivered. No batch of references, no sort: a
    /// packet goes from the ring to the output in one step. Returns whether a block was ready.
    pub(crate) fn deliver_ready(
        &mut self,
        copy: &mut Vec<u8>,
        mut deliver: impl FnMut(u64, u32, &[u8]),
    ) -> bool {
        let c = &self.handoff.counters;
        let filter = self.filter.as_deref();
        let mut taken = 0;
        while taken < BATCH_BYTES {
            let Some(block) = self.ring.next_block() else {
                break;
            };
            taken += block.bytes().len();
            let mut tally = Tally::default();
            for p in block.packets() {
                if !tally.wanted(self, &p) {
                    continue;
                }
                // Uncooked, the program reads the frame as the ring holds it (the tag in the
                // metadata, as the kernel's filter would); cooked, the copy with its header.
                if let Some(f) = filter.filter(|_| self.cooked.is_none())
                    && !f.matches_live(p.data, p.len, aux(&p))
                {
                    tally.filtered += 1;
                    continue;
                }
                let (bytes, wirelen) = if self.cooked.is_some() || p.vlan.is_some() {
                    copy.clear();
                    let wirelen = put_frame(&p, self.cooked, copy);
                    (&copy[..], wirelen)
                } else {
                    (p.data, p.len)
                };
                if let Some(f) = filter.filter(|_| self.cooked.is_some())
                    && !f.matches_live(bytes, p.len, Aux::default())
                {
                    tally.filtered += 1;
                    continue;
                }
                deliver(
                    p.ts_ns(),
                    wirelen,
                    &bytes[..bytes.len().min(self.snaplen as usize)],
                );
            }
            tally.publish(c);
        }
        taken > 0
    }

    /// Queues `batch` and returns an empty one to fill next.
    fn hand_over(&self, mut batch: Batch) -> Batch {
        // Packets of one socket are queued almost in time order; make it exact per batch.
        if !batch.recs.is_sorted_by_key(|r| r.ts_ns) {
            batch.recs.sort_by_key(|r| r.ts_ns);
        }
        let last = batch.recs.last().map_or(0, |r| r.ts_ns);
        match self.handoff.offer(batch, last) {
            None => self.handoff.empty.pop().unwrap_or_default(),
            Some(mut rejected) => {
                rejected.clear();
                rejected
            }
        }
    }

    pub(crate) fn update_kernel_stats(&self) {
        if let Ok(st) = self.socket.take_stats() {
            let c = &self.handoff.counters;
            c.received.fetch_add(st.packets, Relaxed);
            c.ring_drops.fetch_add(st.drops, Relaxed);
        }
    }
}

impl Batch {
    /// Adds packet `p` of the block that will be `blocks[block]` (`None`: the block is not
    /// kept, copy the packet, into a chunk of `pool`); returns whether the record points into
    /// that block.
    fn push(
        &mut self,
        p: &RingPacket<'_>,
        block: Option<u32>,
        snaplen: u32,
        cooked: Option<Cooked>,
        pool: &CopyPool,
    ) -> bool {
        let ts_ns = p.ts_ns();
        if let Some(block) = block
            && cooked.is_none()
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
        let data = self.copy_chunk(pool);
        let off = data.len() as u32;
        let wirelen = put_frame(p, cooked, data);
        let caplen = (data.len() as u32 - off).min(snaplen);
        data.truncate((off + caplen) as usize);
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
}

/// Appends packet `p` to `out` as the file holds it: the Linux cooked header first for
/// `-i any` (v1 with the VLAN tag in it, as libpcap puts it there), or the outer VLAN tag the
/// kernel moved into metadata put back, as libpcap does (so the file holds the frame as it was
/// on the wire). Returns its wire length.
fn put_frame(p: &RingPacket<'_>, cooked: Option<Cooked>, out: &mut Vec<u8>) -> u32 {
    if let Some(c) = cooked {
        let header = c.put_header(p.sll, p.vlan, out);
        out.extend_from_slice(p.data);
        return p.len + header;
    }
    let mut wirelen = p.len;
    match p.vlan {
        Some((tpid, tci)) if p.data.len() >= 12 => {
            out.extend_from_slice(&p.data[..12]);
            out.extend_from_slice(&tpid.to_be_bytes());
            out.extend_from_slice(&tci.to_be_bytes());
            out.extend_from_slice(&p.data[12..]);
            wirelen += 4;
        }
        _ => out.extend_from_slice(p.data),
    }
    wirelen
}

/// What the kernel-refused filter sees besides the bytes: the VLAN tag in the metadata.
fn aux(p: &RingPacket<'_>) -> Aux {
    Aux {
        vlan_tci: p.vlan.map(|(_, tci)| tci),
    }
}

/// One block's packets as the worker counts them, published once per block: an atomic add
/// per packet costs as much as the copy.
#[derive(Default)]
struct Tally {
    read: u64,
    bytes: u64,
    outgoing: u64,
    wrong: u64,
    filtered: u64,
}

impl Tally {
    /// Counts packet `p` as read; whether `-Q` (and loopback's doubles) let it through.
    #[inline]
    fn wanted(&mut self, w: &Worker, p: &RingPacket<'_>) -> bool {
        self.read += 1;
        self.bytes += u64::from(p.len);
        let outgoing = p.pkttype == libc::PACKET_OUTGOING;
        self.outgoing += u64::from(outgoing);
        let wanted = match w.direction {
            Direction::In => !outgoing,
            Direction::Out => outgoing,
            Direction::Inout => true,
        } && !(outgoing && w.loopback == Some(p.ifindex()));
        self.wrong += u64::from(!wanted);
        wanted
    }

    fn publish(&self, c: &WorkerCounters) {
        c.read.fetch_add(self.read, Relaxed);
        c.read_bytes.fetch_add(self.bytes, Relaxed);
        for (n, counter) in [
            (self.outgoing, &c.outgoing),
            (self.wrong, &c.wrong_direction),
            (self.filtered, &c.filtered_userspace),
        ] {
            if n > 0 {
                counter.fetch_add(n, Relaxed);
            }
        }
    }
}
