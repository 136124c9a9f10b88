//! The soak's steady traffic: the rig's AF_PACKET sender on a pinned thread inside the sending
//! namespace, paced against one clock for the whole run (a late batch is made up for, not
//! forgotten), publishing how many frames it has sent so far.
use std::{
    sync::atomic::{AtomicBool, AtomicU64, Ordering},
    thread,
    time::{Duration, Instant},
};

use anyhow::Result;
use capture_rig::{Rig, Sender, frame::FrameSpec};

use crate::measure;

/// Frames per sendmmsg call.
const BATCH: u64 = 256;

/// What the sender did.
#[derive(Clone, Copy, Debug)]
pub struct Sent {
    /// Frames the kernel accepted: `0..frames` of the spec.
    pub frames: u64,
    /// Wall time from the first batch to the last, seconds.
    pub secs: f64,
}

/// Sends frames `0..total` of `spec` from the rig's `a` side at `pps`, on CPU `cpu` at `nice`,
/// storing the running count in `sent`; ends early when `stop` is set.
pub fn send(
    rig: &Rig,
    spec: &FrameSpec,
    total: u64,
    pps: u64,
    (cpu, nice): (usize, i32),
    sent: &AtomicU64,
    stop: &AtomicBool,
) -> Result<Sent> {
    rig.in_ns(&rig.ns_a, || {
        measure::set_affinity(0, &[cpu])?;
        measure::set_nice(0, nice)?;
        let mut sender = Sender::open(&rig.veth_a)?;
        sender.set_qdisc_bypass(true)?;
        sender.set_spin_on_full(true);
        sender.set_send_buffer(64 << 20)?;
        let mut frames: Vec<Vec<u8>> = (0..BATCH).map(|_| Vec::new()).collect();
        let start = Instant::now();
        let mut done = 0u64;
        while done < total && !stop.load(Ordering::Relaxed) {
            let n = (total - done).min(BATCH) as usize;
            for (i, f) in frames.iter_mut().take(n).enumerate() {
                spec.build(done + i as u64, f);
            }
            sender.send_all(&frames[..n])?;
            done += n as u64;
            sent.store(done, Ordering::Relaxed);
            let due = Duration::from_secs_f64(done as f64 / pps as f64);
            if let Some(wait) = due.checked_sub(start.elapsed()) {
                thread::sleep(wait);
            }
        }
        Ok(Sent {
            frames: done,
            secs: start.elapsed().as_secs_f64(),
        })
    })
}
