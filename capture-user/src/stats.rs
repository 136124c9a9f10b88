//! Drop accounting (DESIGN.md §3): every packet ends in exactly one bucket. This module sums the
//! workers' and writer's counters and reports them as tcpdump's summary lines, on SIGUSR1, and as
//! JSON (`--stats-json`).
use std::sync::{Arc, atomic::Ordering::Relaxed};

use crate::handoff::Handoff;

/// All buckets at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Frames the XDP ingress counter saw (ingress only), if it is attached.
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
    /// Written to the file or printed (tcpdump's "captured").
    pub captured: u64,
    /// Handed to the writer after `-c` (or the `-G`/`-W` file limit) ended the output.
    pub past_count: u64,
    /// Dropped by the interface itself (its rx_missed and rx_fifo errors since the start, as
    /// libpcap counts them: tcpdump's "dropped by interface"), outside the buckets above.
    pub if_drops: u64,
}

impl Totals {
    /// Sums the workers' counters; the writer's figures are filled in by the caller.
    pub fn from_workers(handoffs: &[Arc<Handoff>]) -> Self {
        let mut t = Totals::default();
        for h in handoffs {
            let c = &h.counters;
            t.received += c.received.load(Relaxed);
            t.ring_drops += c.ring_drops.load(Relaxed);
            t.read += c.read.load(Relaxed);
            t.outgoing += c.outgoing.load(Relaxed);
            t.wrong_direction += c.wrong_direction.load(Relaxed);
            t.filtered_userspace += c.filtered_userspace.load(Relaxed);
            t.handoff_drops += c.handoff_drops.load(Relaxed);
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

    /// Every bucket as a JSON object.
    pub fn to_json(&self) -> serde_json::Value {
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
            "unread_in_ring": self.received.saturating_sub(self.ring_drops + self.read),
            "dropped_by_interface": self.if_drops,
        })
    }
}

fn plural(n: u64, what: &str) -> String {
    format!("{n} packet{} {what}", if n == 1 { "" } else { "s" })
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
        let dropped = Totals { if_drops: 2, ..t };
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
        assert_eq!(j.as_object().map(|o| o.len()), Some(15));
    }
}
