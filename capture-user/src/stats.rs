//! Drop accounting (DESIGN.md §3): every packet ends in exactly one bucket. This module sums the
//! workers' and writer's counters and reports them as tcpdump's summary lines, on SIGUSR1, and as
//! JSON (`--stats-json`). [`LiveStats`] holds every counter of a live capture in one place, so
//! those reports and the metrics endpoint read the same ones.
use std::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicU64, Ordering::Relaxed},
};

use crate::{
    handoff::{Handoff, RingFill},
    iface,
    ingress::Ingress,
    lag::WriterLag,
    writer::OutputProgress,
};

/// All buckets at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Frames that reached the interface (the ingress count, [`crate::ingress`]; ingress only),
    /// if there is one.
    pub xdp_seen: Option<u64>,
    /// Wire bytes of those frames.
    pub xdp_bytes: Option<u64>,
    /// Packets that passed the kernel filter (tcpdump's "received by filter").
    pub received: u64,
    /// Of those, dropped because a ring was full (tcpdump's "dropped by kernel").
    pub ring_drops: u64,
    /// Packets read from the rings.
    pub read: u64,
    /// Outgoing packets read (never seen by XDP).
    pub outgoing: u64,
    /// Read but not of the `-Q` direction, or the outgoing copy of a loopback packet.
    pub wrong_direction: u64,
    /// Read but rejected by the filter run in user space (the kernel refused the program).
    pub filtered_userspace: u64,
    /// Dropped because the writer's queue was full.
    pub handoff_drops: u64,
    /// Handed to the writer but not written (disk full, I/O error).
    pub writer_drops: u64,
    /// Not a bucket: packets read that were copied out of the ring because the writer held most
    /// of it.
    pub copied_out: u64,
    /// Not a bucket: times a source stopped reading because the writer held all its copy memory
    /// (the kernel's ring took the slack).
    pub pool_waits: u64,
    /// Written to the file or printed (tcpdump's "captured").
    pub captured: u64,
    /// Handed to the writer after `-c` (or the `-G`/`-W` file limit) ended the output.
    pub past_count: u64,
    /// Dropped by the interface itself (its rx_missed and rx_fifo errors since the start, as
    /// libpcap counts them: tcpdump's "dropped by interface"), outside the buckets above.
    pub if_drops: u64,
    /// Each worker's own figures (the XDP backend's reader is one worker), in worker order:
    /// how the fanout spread the traffic.
    pub workers: Vec<WorkerShare>,
}

/// One worker's share of the buckets its own counters hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkerShare {
    /// Packets that passed the kernel filter on this worker's socket.
    pub received: u64,
    /// Of those, dropped because this worker's ring was full.
    pub ring_drops: u64,
    /// Packets this worker read from its ring.
    pub read: u64,
    /// Packets this worker dropped because the writer's queue was full.
    pub handoff_drops: u64,
}

impl Totals {
    /// Sums the workers' counters; the writer's figures are filled in by the caller.
    pub fn from_workers(handoffs: &[Arc<Handoff>]) -> Self {
        let mut t = Totals::default();
        for h in handoffs {
            let c = &h.counters;
            let share = WorkerShare {
                received: c.received.load(Relaxed),
                ring_drops: c.ring_drops.load(Relaxed),
                read: c.read.load(Relaxed),
                handoff_drops: c.handoff_drops.load(Relaxed),
            };
            t.received += share.received;
            t.ring_drops += share.ring_drops;
            t.read += share.read;
            t.outgoing += c.outgoing.load(Relaxed);
            t.wrong_direction += c.wrong_direction.load(Relaxed);
            t.filtered_userspace += c.filtered_userspace.load(Relaxed);
            t.handoff_drops += share.handoff_drops;
            t.copied_out += c.copied_out.load(Relaxed);
            t.pool_waits += c.pool_waits.load(Relaxed);
            t.workers.push(share);
        }
        t
    }

    /// Ingress frames that never reached a socket: rejected by the filter, or dropped by the
    /// stack before the socket (ingress seen by XDP, minus ingress packets the sockets received).
    pub fn not_delivered(&self) -> Option<u64> {
        let ingress_received = self.received.saturating_sub(self.outgoing);
        self.xdp_seen
            .map(|seen| seen.saturating_sub(ingress_received))
    }

    /// Packets the sockets received that are neither read nor dropped yet.
    pub fn unread_in_ring(&self) -> u64 {
        self.received.saturating_sub(self.ring_drops + self.read)
    }

    /// tcpdump's summary lines (each ending in a newline): three, and a fourth when the
    /// interface dropped packets.
    pub fn summary(&self) -> String {
        self.figures().join("\n") + "\n"
    }

    /// tcpdump's SIGUSR1 line: the same figures on one line.
    pub fn one_line(&self) -> String {
        format!("capture: {}\n", self.figures().join(", "))
    }

    fn figures(&self) -> Vec<String> {
        let mut f = vec![
            plural(self.captured, "captured"),
            plural(self.received, "received by filter"),
            plural(self.ring_drops, "dropped by kernel"),
        ];
        if self.if_drops != 0 {
            f.push(plural(self.if_drops, "dropped by interface"));
        }
        f
    }

    /// Every bucket as a JSON object, and `workers`: each worker's share.
    pub fn to_json(&self) -> serde_json::Value {
        let workers: Vec<serde_json::Value> = self
            .workers
            .iter()
            .map(|w| {
                serde_json::json!({
                    "received_by_filter": w.received,
                    "dropped_ring_full": w.ring_drops,
                    "read_from_ring": w.read,
                    "dropped_handoff": w.handoff_drops,
                })
            })
            .collect();
        serde_json::json!({
            "xdp_seen": self.xdp_seen,
            "xdp_bytes": self.xdp_bytes,
            "not_delivered_to_socket": self.not_delivered(),
            "received_by_filter": self.received,
            "dropped_ring_full": self.ring_drops,
            "read_from_ring": self.read,
            "outgoing_read": self.outgoing,
            "skipped_direction": self.wrong_direction,
            "filtered_in_userspace": self.filtered_userspace,
            "dropped_handoff": self.handoff_drops,
            "dropped_writer": self.writer_drops,
            "captured": self.captured,
            "past_count_limit": self.past_count,
            "unread_in_ring": self.unread_in_ring(),
            "dropped_by_interface": self.if_drops,
            "copied_out_of_ring": self.copied_out,
            "copy_pool_waits": self.pool_waits,
            "workers": workers,
        })
    }
}

/// The writer's figures. The writer thread keeps its own counts while it writes and publishes
/// them here after each pass (never per packet); the final report reads them back from here too.
#[derive(Debug, Default)]
pub struct WriterCounters {
    /// Packets written or printed ([`Totals::captured`]).
    pub captured: AtomicU64,
    /// Packets handed to the writer and lost ([`Totals::writer_drops`]).
    pub dropped: AtomicU64,
    /// Packets handed to the writer after the output ended ([`Totals::past_count`]).
    pub past_count: AtomicU64,
    /// The output files' progress; None when the output is not files (printing, `-w -`).
    pub output: Mutex<Option<OutputProgress>>,
}

impl WriterCounters {
    /// Publishes the writer's packet counts.
    pub fn publish(&self, captured: u64, dropped: u64, past_count: u64) {
        self.captured.store(captured, Relaxed);
        self.dropped.store(dropped, Relaxed);
        self.past_count.store(past_count, Relaxed);
    }

    /// Publishes the output files' progress.
    pub fn publish_output(&self, progress: OutputProgress) {
        *self.output.lock().unwrap_or_else(PoisonError::into_inner) = Some(progress);
    }

    /// The output files' progress last published.
    pub fn output(&self) -> Option<OutputProgress> {
        *self.output.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every counter of a live capture: the workers' (one per socket, or the XDP reader), the
/// ingress counter, the writer's, the rings and the writer's lag.
pub struct LiveStats {
    /// The workers' queues and counters, in worker order.
    pub handoffs: Vec<Arc<Handoff>>,
    /// How full each worker's ring is, in the same order.
    pub rings: Vec<RingFill>,
    /// The ingress count (the device's, or the XDP or TC counter's), if there is one.
    pub ingress: Option<Ingress>,
    /// The writer's figures.
    pub writer: WriterCounters,
    /// The writer's lag.
    pub lag: WriterLag,
    /// The capture interface, and its own drop count when the capture started.
    iface: String,
    if_drops_at_start: u64,
}

impl LiveStats {
    /// The counters of a capture on `iface`, whose own drop count was `if_drops_at_start` when
    /// the capture started.
    pub fn new(
        iface: &str,
        if_drops_at_start: u64,
        handoffs: Vec<Arc<Handoff>>,
        rings: Vec<RingFill>,
        ingress: Option<Ingress>,
    ) -> Self {
        Self {
            handoffs,
            rings,
            ingress,
            writer: WriterCounters::default(),
            lag: WriterLag::default(),
            iface: iface.to_owned(),
            if_drops_at_start,
        }
    }

    /// Every bucket now.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::from_workers(&self.handoffs);
        if let Some(c) = self.ingress.as_ref().and_then(Ingress::read) {
            t.xdp_seen = Some(c.packets);
            t.xdp_bytes = Some(c.bytes);
        }
        let w = &self.writer;
        t.captured = w.captured.load(Relaxed);
        t.writer_drops = w.dropped.load(Relaxed);
        t.past_count = w.past_count.load(Relaxed);
        t.if_drops = iface::drops(&self.iface).saturating_sub(self.if_drops_at_start);
        t
    }
}

fn plural(n: u64, what: &str) -> String {
    format!("{} {what}", packets(n))
}

/// `N packet` or `N packets`, as tcpdump counts (its summary lines, `--count`'s line).
pub(crate) fn packets(n: u64) -> String {
    format!("{n} packet{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcpdump_summary_wording() {
        let t = Totals {
            captured: 1,
            received: 12,
            ring_drops: 0,
            ..Default::default()
        };
        assert_eq!(
            t.summary(),
            "1 packet captured\n12 packets received by filter\n0 packets dropped by kernel\n"
        );
        assert_eq!(
            t.one_line(),
            "capture: 1 packet captured, 12 packets received by filter, 0 packets dropped by kernel\n"
        );
        let dropped = Totals {
            if_drops: 2,
            ..t.clone()
        };
        assert!(
            dropped
                .summary()
                .ends_with("kernel\n2 packets dropped by interface\n")
        );
    }

    #[test]
    fn json_holds_every_bucket() {
        let t = Totals {
            xdp_seen: Some(10),
            received: 8,
            outgoing: 1,
            read: 8,
            captured: 8,
            ..Default::default()
        };
        let j = t.to_json();
        assert_eq!(j["not_delivered_to_socket"], 3);
        assert_eq!(j["unread_in_ring"], 0);
        assert!(j["xdp_bytes"].is_null());
        // 15 buckets, 2 counters of copies, the workers.
        assert_eq!(j.as_object().map(|o| o.len()), Some(18));
        assert_eq!(
            (
                j["copied_out_of_ring"].as_u64(),
                j["copy_pool_waits"].as_u64()
            ),
            (Some(0), Some(0))
        );
        assert_eq!(j["workers"], serde_json::json!([]));
    }

    #[test]
    fn json_lists_each_workers_share() {
        let share = |received, read| WorkerShare {
            received,
            read,
            ..Default::default()
        };
        let t = Totals {
            workers: vec![share(7, 6), share(5, 5)],
            ..Default::default()
        };
        assert_eq!(
            t.to_json()["workers"],
            serde_json::json!([
                {"received_by_filter": 7, "dropped_ring_full": 0, "read_from_ring": 6, "dropped_handoff": 0},
                {"received_by_filter": 5, "dropped_ring_full": 0, "read_from_ring": 5, "dropped_handoff": 0},
            ])
        );
    }
}
