//! The traffic generator: the rig's AF_PACKET sender or its XDP live-frames sender on a
//! thread inside the sending namespace, pinned to its own core, sending an exact number of
//! audited frames at a paced rate (or as fast as it can), and timing itself so the achieved
//! rate is measured, never assumed.
use std::time::Instant;

use anyhow::Result;
use capture_rig::{Rig, Sender, XdpSender, frame::FrameSpec};
use serde::{Deserialize, Serialize};

use crate::measure;

/// Which of the rig's senders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GenKind {
    /// The rig's XDP live-frames sender (`BPF_PROG_RUN`): frames are made and redirected in the
    /// kernel, and veth hands them to XDP without an skb or a copy, as a NIC driver does. It
    /// has no back-pressure: a frame the receiving veth cannot queue is dropped there and
    /// counts as lost. Trials use it with `--generator xdp`, the NAPI thread then running at
    /// SCHED_FIFO so that, like a NIC's interrupt, it preempts the tools.
    Xdp,
    /// The rig's AF_PACKET `sendmmsg` sender: a full receiving ring pushes back and the frame
    /// is resent. The trials' default sender.
    #[default]
    AfPacket,
}

/// What one send achieved.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Sent {
    /// Frames the kernel accepted (the exact count asked for).
    pub frames: u64,
    /// Wall time from the first to the last frame handed to the kernel, seconds.
    pub secs: f64,
    /// Offered rate asked for, frames per second (`None`: as fast as possible).
    pub target_pps: Option<u64>,
    /// `frames / secs`.
    pub achieved_pps: f64,
    /// CPU time the generator thread used in that time, seconds (1.0 × secs = a full core).
    #[serde(default)]
    pub cpu_secs: f64,
}

/// Sends from the rig's `a` side on a fixed CPU.
pub struct Generator<'a> {
    rig: &'a Rig,
    cpu: usize,
    nice: i32,
}

impl<'a> Generator<'a> {
    /// A generator that runs on `cpu` at nice value `nice`.
    pub fn new(rig: &'a Rig, cpu: usize, nice: i32) -> Self {
        Self { rig, cpu, nice }
    }

    /// Sends frames `0..count` of `spec` with sender `kind` at `pps` (or unpaced) and measures
    /// the achieved rate.
    pub fn send(
        &self,
        kind: GenKind,
        spec: &FrameSpec,
        count: u64,
        pps: Option<u64>,
    ) -> Result<Sent> {
        let (cpu, nice) = (self.cpu, self.nice);
        let dev = self.rig.veth_a.clone();
        self.rig.in_ns(&self.rig.ns_a, move || {
            measure::set_affinity(0, &[cpu])?;
            measure::set_nice(0, nice)?;
            let send: Box<dyn Fn() -> Result<u64>> = match kind {
                GenKind::Xdp => {
                    let sender = XdpSender::open(&dev)?;
                    Box::new(move || sender.send(spec, count, pps))
                }
                GenKind::AfPacket => {
                    let mut sender = Sender::open(&dev)?;
                    sender.set_qdisc_bypass(true)?;
                    sender.set_spin_on_full(true);
                    sender.set_send_buffer(64 << 20)?;
                    Box::new(move || sender.send(spec, count, pps))
                }
            };
            let cpu0 = thread_cpu_ns();
            let start = Instant::now();
            let frames = send()?;
            let secs = start.elapsed().as_secs_f64();
            let cpu_secs = thread_cpu_ns().saturating_sub(cpu0) as f64 / 1e9;
            Ok(Sent {
                frames,
                secs,
                target_pps: pps,
                achieved_pps: frames as f64 / secs.max(1e-9),
                cpu_secs,
            })
        })
    }
}

/// CPU time of the calling thread, ns.
fn thread_cpu_ns() -> u64 {
    // SAFETY: timespec is plain data; all-zero is a valid start value.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: ts is valid for writes.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}
