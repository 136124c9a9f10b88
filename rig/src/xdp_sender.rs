//! A sender that makes frames inside the kernel: a tiny XDP program run in a loop by
//! `BPF_PROG_RUN` with `BPF_F_TEST_XDP_LIVE_FRAMES` (Linux 5.18, as xdp-trafficgen does), which
//! stamps each frame's sequence number and flow, then redirects it out of the veth. No socket,
//! skb or copy per frame on the sending side, so one core offers well over 1 Mpps of 64-byte
//! frames, where the AF_PACKET [`Sender`](crate::Sender) tops out near 0.5 Mpps on this VM.
//!
//! Unlike the socket sender there is no back-pressure: a frame the receiving veth's 256-entry
//! ring cannot take is dropped there, like a NIC dropping what the host does not drain, and is
//! counted by the sending veth (`ethtool -S`: `tx_queue_N_xdp_xmit_errors`). The receiver's
//! veth must run NAPI (GRO on, or an XDP program attached) to accept redirected frames.
//!
//! Each `BPF_PROG_RUN` of an XDP program swaps it into the kernel's XDP dispatcher and out
//! again, and each swap waits for an RCU grace period (milliseconds) -- unless the program is
//! already in the dispatcher because it is attached somewhere in native mode. So while sending,
//! the program is also attached to the sending veth itself (a bpf_link, gone when dropped), where
//! it passes every received frame untouched.
//!
//! Pacing happens in the program: it reads the clock and drops (unsent) every frame that is not
//! yet due, so one `BPF_PROG_RUN` call spins for milliseconds and sends on schedule, in bursts
//! of [`BURST`] frames. A paced sender that fell behind (preempted between batches)
//! catches up on at most [`MAX_LAG_NS`] in one burst and lets the rest slip: the achieved rate
//! shows it, and the receiver's ring is never flooded by the sender's own hiccup.
//!
//! The program is a handful of eBPF instructions written here rather than an aya object: it
//! needs no toolchain beyond this crate, and the frame layout it patches is [`FrameSpec`]'s.
//! Its small bpf(2) wrapper repeats the shape of capture's `xdp::load` on purpose: the rig is
//! the tests' and benchmarks' independent side and shares no code with the tool it judges.
use std::{
    io,
    os::fd::{AsRawFd, FromRawFd, OwnedFd},
};

use anyhow::{Context, Result, bail};

use crate::frame::FrameSpec;

const BPF_MAP_CREATE: libc::c_long = 0;
const BPF_MAP_LOOKUP_ELEM: libc::c_long = 1;
const BPF_MAP_UPDATE_ELEM: libc::c_long = 2;
const BPF_PROG_LOAD: libc::c_long = 5;
const BPF_PROG_TEST_RUN: libc::c_long = 10;
const BPF_LINK_CREATE: libc::c_long = 28;
/// `enum bpf_attach_type` BPF_XDP.
const BPF_XDP: u32 = 37;
/// Native (driver) mode: only native attachments keep a program in the XDP dispatcher.
const XDP_FLAGS_DRV_MODE: u32 = 1 << 2;
const BPF_MAP_TYPE_ARRAY: u32 = 2;
const BPF_PROG_TYPE_XDP: u32 = 6;
const BPF_F_TEST_XDP_LIVE_FRAMES: u32 = 1 << 1;
/// How far behind its schedule a paced sender may catch up in one burst: two batches' worth of
/// frames at 1 Mpps, well inside the receiving veth's 256-entry ring.
const MAX_LAG_NS: u64 = 128_000;
/// Failed runs tolerated in one [`XdpSender::send`] before it gives up.
const MAX_FAILURES: u32 = 1_000;
/// Frames per batch of a run, flushed to the device together (the kernel's maximum is 256).
/// Small bursts keep a paced sender from overrunning the receiver's 256-entry ring.
const BATCH: u32 = 64;
/// Paced frames go out in bursts of this many, back to back, as a NIC's interrupt coalescing
/// hands them to NAPI: sent one by one, each frame woke the receiver's NAPI thread on its own,
/// and the context switches made the receive path cost 3-8 µs per frame instead of 1.5.
const BURST: u32 = 32;
/// Program runs per `BPF_PROG_RUN` call: a few milliseconds. Each call makes and tears down a
/// page pool, and one whose frames are still in flight is retried by a kernel worker once a
/// second, walking every pending pool: thousands of calls a second made that worker eat a
/// quarter of a core, and once its ids ran out (65,534) `BPF_PROG_RUN` failed with ENOSPC.
const RUNS_PER_CALL: u32 = 1 << 16;
/// `bpf_ktime_get_ns`'s helper number.
const HELPER_KTIME: i32 = 5;
/// `bpf_redirect`'s helper number.
const HELPER_REDIRECT: i32 = 23;
const XDP_DROP: i32 = 1;
const XDP_PASS: i32 = 2;

/// One eBPF instruction (`struct bpf_insn`).
#[repr(C)]
#[derive(Clone, Copy)]
struct Insn {
    code: u8,
    regs: u8,
    off: i16,
    imm: i32,
}

const fn insn(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> Insn {
    Insn {
        code,
        regs: dst | (src << 4),
        off,
        imm,
    }
}

// The opcodes the program uses (class | size/op | mode/source).
const LDX_W: u8 = 0x61;
const LDX_DW: u8 = 0x79;
const STX_H: u8 = 0x6b;
const STX_DW: u8 = 0x7b;
const MOV64_REG: u8 = 0xbf;
const MOV64_IMM: u8 = 0xb7;
const ADD64_IMM: u8 = 0x07;
const MOD64_IMM: u8 = 0x97;
const SUB64_REG: u8 = 0x1f;
const ADD64_REG: u8 = 0x0f;
const TO_BE: u8 = 0xdc;
const JGT_REG: u8 = 0x2d;
const JGE_REG: u8 = 0x3d;
const JLT_REG: u8 = 0xad;
const JLE_REG: u8 = 0xbd;
const JEQ_IMM: u8 = 0x15;
const JNE_IMM: u8 = 0x55;
const LD_IMM64: u8 = 0x18;
const CALL: u8 = 0x85;
const EXIT: u8 = 0x95;
/// `ld_imm64` source: the immediate is a map fd, the next one an offset into its value.
const PSEUDO_MAP_VALUE: u8 = 2;

/// Sends [`FrameSpec`] frames out of one interface of the calling thread's network namespace.
pub struct XdpSender {
    ifindex: u32,
}

impl XdpSender {
    /// A sender for `ifname` (resolved in the calling thread's network namespace, which is also
    /// where every later [`XdpSender::send`] must run).
    pub fn open(ifname: &str) -> Result<Self> {
        let c_name = std::ffi::CString::new(ifname)?;
        // SAFETY: c_name is NUL-terminated and outlives the call.
        let ifindex = unsafe { libc::if_nametoindex(c_name.as_ptr()) };
        if ifindex == 0 {
            bail!("{ifname}: no such interface");
        }
        Ok(Self { ifindex })
    }

    /// Whether this kernel runs XDP programs on live frames at all: some sandboxed kernels
    /// refuse `BPF_F_TEST_XDP_LIVE_FRAMES` with EPERM even to root (seen on 6.18 in a
    /// Firecracker VM), and then no frame can be sent this way. Probed with a program that
    /// drops its one frame, so nothing leaves. `Err` for any other failure.
    pub fn kernel_allows_live_frames() -> Result<bool> {
        let prog = load(&[insn(MOV64_IMM, 0, 0, 0, XDP_DROP), insn(EXIT, 0, 0, 0, 0)])?;
        match run_live(&prog, &[0u8; 64], 1) {
            Ok(()) => Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => Ok(false),
            Err(e) => Err(e).context("BPF_PROG_RUN (live frames) of a probe"),
        }
    }

    /// Sends frames `0..count` of `spec`, at most `pps` frames per second when given, and
    /// returns `count`. Frames the receiver's ring refused are not retried (see the module
    /// documentation for where they are counted).
    pub fn send(&self, spec: &FrameSpec, count: u64, pps: Option<u64>) -> Result<u64> {
        let mut template = Vec::new();
        spec.build(0, &mut template);
        let state = State::new().context("creating the sender's state (BPF_MAP_CREATE)")?;
        let prog = load(&program(spec, state.fd.as_raw_fd(), self.ifindex))?;
        let _anchor = attach(&prog, self.ifindex).context(
            "attaching the generator program to the sending veth (BPF_LINK_CREATE, native XDP)",
        )?;
        let interval_ns = pps.map_or(0, |p| (u64::from(BURST) * 1_000_000_000 / p.max(1)).max(1));
        state
            .set(&[0, monotonic_ns(), interval_ns, count, MAX_LAG_NS])
            .context("setting the sender's schedule (BPF_MAP_UPDATE_ELEM)")?;
        let mut sent = 0;
        let mut failures = 0;
        while sent < count {
            // Unpaced, every run makes a frame: ask for exactly what is left. Paced, most runs
            // find their frame not yet due and drop it.
            let runs = match pps {
                Some(_) => RUNS_PER_CALL,
                None => RUNS_PER_CALL.min((count - sent) as u32),
            };
            match run_live(&prog, &template, runs) {
                Ok(()) => {}
                // A run stops at the first batch whose last redirect failed; the program's
                // count says how far it got, and the receiver's rx count shows the frame
                // missing, as it shows the frames its full ring refused.
                Err(e) if failures < MAX_FAILURES && e.raw_os_error() == Some(libc::ENOSPC) => {
                    failures += 1;
                }
                Err(e) => return Err(e).context("BPF_PROG_RUN (live frames)"),
            }
            sent = state.seq().context("reading the sequence counter")?;
        }
        Ok(sent)
    }
}

/// CLOCK_MONOTONIC in nanoseconds, the clock of `bpf_ktime_get_ns`.
fn monotonic_ns() -> u64 {
    // SAFETY: timespec is plain data; all-zero is a valid start value.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: ts is valid for writes.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Byte offsets of the fields of the sender's state (one map value of u64s).
mod field {
    /// Sequence number of the next frame = frames made so far.
    pub const SEQ: i16 = 0;
    /// CLOCK_MONOTONIC time the next frame is due, ns.
    pub const DUE: i16 = 8;
    /// Nanoseconds between bursts of [`BURST`](super::BURST) frames; 0: unpaced.
    pub const INTERVAL: i16 = 16;
    /// Frames to make; later runs drop their frame.
    pub const COUNT: i16 = 24;
    /// How far behind its schedule the sender may catch up in one burst, ns.
    pub const MAX_LAG: i16 = 32;
    /// Number of fields.
    pub const N: usize = 5;
}

/// A jump target in [`program`].
#[derive(Clone, Copy, PartialEq)]
enum Label {
    Drop,
    Pass,
    Send,
    NoSlip,
    Store,
}

/// The generator program for `spec`'s layout. Paced, a frame that is not yet due is dropped
/// (the run spins in the kernel until it is), and frames are due in bursts of [`BURST`]; a due
/// frame takes the next sequence number,
/// written big-endian into the payload, and source port `10000 + seq % flows`, and is
/// redirected to `ifindex`. After `count` frames every run drops its frame. A frame that really
/// arrived on `ifindex` (where the program is attached only to stay in the dispatcher) passes
/// untouched.
fn program(spec: &FrameSpec, map_fd: i32, ifindex: u32) -> Vec<Insn> {
    use Label::*;
    use field::*;
    let tag = if spec.vlan.is_some() { 4 } else { 0 };
    let sport = (34 + tag) as i16;
    let seq = (50 + tag) as i16;
    let flows = i32::from(spec.flows.max(1));
    // (instruction, jump target, label of this instruction)
    let j = |i: Insn, to: Label| (i, Some(to), None);
    let op = |i: Insn| (i, None, None);
    let at = |l: Label, i: Insn| (i, None, Some(l));
    let code = [
        op(insn(MOV64_REG, 6, 1, 0, 0)), // r6 = ctx
        op(insn(LDX_W, 2, 6, 12, 0)),    // r2 = ctx->ingress_ifindex
        j(insn(JEQ_IMM, 2, 0, 0, ifindex as i32), Pass),
        op(insn(LD_IMM64, 7, PSEUDO_MAP_VALUE, 0, map_fd)), // r7 = &state
        op(insn(0, 0, 0, 0, 0)),
        op(insn(LDX_DW, 8, 7, SEQ, 0)), // r8 = seq
        op(insn(LDX_DW, 2, 7, COUNT, 0)),
        j(insn(JGE_REG, 8, 2, 0, 0), Drop),    // all made
        op(insn(LDX_DW, 9, 7, INTERVAL, 0)),   // r9 = interval
        j(insn(JEQ_IMM, 9, 0, 0, 0), Send),    // unpaced
        op(insn(CALL, 0, 0, 0, HELPER_KTIME)), // r0 = now
        op(insn(LDX_DW, 2, 7, DUE, 0)),        // r2 = due
        j(insn(JLT_REG, 0, 2, 0, 0), Drop),    // not yet
        op(insn(MOV64_REG, 3, 0, 0, 0)),
        op(insn(SUB64_REG, 3, 2, 0, 0)), // r3 = lag
        op(insn(LDX_DW, 4, 7, MAX_LAG, 0)),
        j(insn(JLE_REG, 3, 4, 0, 0), NoSlip),
        op(insn(MOV64_REG, 2, 0, 0, 0)),
        op(insn(SUB64_REG, 2, 4, 0, 0)), // too far behind: due = now - max_lag
        at(NoSlip, insn(MOV64_REG, 3, 8, 0, 0)),
        op(insn(ADD64_IMM, 3, 0, 0, 1)),
        op(insn(MOD64_IMM, 3, 0, 0, BURST as i32)),
        j(insn(JNE_IMM, 3, 0, 0, 0), Store), // inside a burst: same due time
        op(insn(ADD64_REG, 2, 9, 0, 0)),     // last of a burst: due += interval
        at(Store, insn(STX_DW, 7, 2, DUE, 0)),
        at(Send, insn(LDX_W, 2, 6, 0, 0)), // r2 = ctx->data
        op(insn(LDX_W, 3, 6, 4, 0)),       // r3 = ctx->data_end
        op(insn(MOV64_REG, 4, 2, 0, 0)),
        op(insn(ADD64_IMM, 4, 0, 0, i32::from(seq) + 8)),
        j(insn(JGT_REG, 4, 3, 0, 0), Drop), // too short
        op(insn(MOV64_REG, 5, 8, 0, 0)),
        op(insn(ADD64_IMM, 5, 0, 0, 1)),
        op(insn(STX_DW, 7, 5, SEQ, 0)), // seq + 1
        op(insn(MOV64_REG, 5, 8, 0, 0)),
        op(insn(TO_BE, 5, 0, 0, 64)),
        op(insn(STX_DW, 2, 5, seq, 0)), // payload seq, big-endian
        op(insn(MOD64_IMM, 8, 0, 0, flows)),
        op(insn(ADD64_IMM, 8, 0, 0, 10000)),
        op(insn(TO_BE, 8, 0, 0, 16)),
        op(insn(STX_H, 2, 8, sport, 0)), // UDP source port (checksum 0: none to fix)
        op(insn(MOV64_IMM, 1, 0, 0, ifindex as i32)),
        op(insn(MOV64_IMM, 2, 0, 0, 0)),
        op(insn(CALL, 0, 0, 0, HELPER_REDIRECT)),
        op(insn(EXIT, 0, 0, 0, 0)),
        at(Drop, insn(MOV64_IMM, 0, 0, 0, XDP_DROP)),
        op(insn(EXIT, 0, 0, 0, 0)),
        at(Pass, insn(MOV64_IMM, 0, 0, 0, XDP_PASS)),
        op(insn(EXIT, 0, 0, 0, 0)),
    ];
    // Jump offsets count from the instruction after the jump.
    let target = |l: Label| {
        code.iter()
            .position(|&(_, _, here)| here == Some(l))
            .expect("every label is placed") as i16
    };
    code.iter()
        .enumerate()
        .map(|(k, &(mut i, to, _))| {
            if let Some(l) = to {
                i.off = target(l) - k as i16 - 1;
            }
            i
        })
        .collect()
}

/// `union bpf_attr`, zeroed past the fields each command reads, as the kernel requires.
#[repr(C, align(8))]
struct Attr([u8; 128]);

impl Attr {
    fn new() -> Self {
        Self([0; 128])
    }
    fn u32(&mut self, off: usize, v: u32) -> &mut Self {
        self.0[off..off + 4].copy_from_slice(&v.to_ne_bytes());
        self
    }
    fn u64(&mut self, off: usize, v: u64) -> &mut Self {
        self.0[off..off + 8].copy_from_slice(&v.to_ne_bytes());
        self
    }
}

fn bpf(cmd: libc::c_long, attr: &mut Attr) -> io::Result<libc::c_long> {
    // SAFETY: attr is a writable buffer of the size passed, laid out as the prefix of
    // `union bpf_attr` the command reads; the pointers in it refer to memory the caller keeps
    // alive for the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            cmd,
            attr.0.as_mut_ptr(),
            std::mem::size_of::<Attr>(),
        )
    };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// The sender's state: a one-entry array whose value is [`field::N`] u64s.
struct State {
    fd: OwnedFd,
}

impl State {
    fn new() -> io::Result<Self> {
        let mut attr = Attr::new();
        attr.u32(0, BPF_MAP_TYPE_ARRAY)
            .u32(4, 4)
            .u32(8, (field::N * 8) as u32)
            .u32(12, 1);
        let fd = bpf(BPF_MAP_CREATE, &mut attr)?;
        // SAFETY: BPF_MAP_CREATE returned a new descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(fd as i32) };
        Ok(Self { fd })
    }

    /// Writes all fields.
    fn set(&self, value: &[u64; field::N]) -> io::Result<()> {
        let key = 0u32;
        let mut attr = Attr::new();
        attr.u32(0, self.fd.as_raw_fd() as u32)
            .u64(8, (&raw const key) as u64)
            .u64(16, value.as_ptr() as u64);
        bpf(BPF_MAP_UPDATE_ELEM, &mut attr).map(|_| ())
    }

    /// Frames made so far (field SEQ).
    fn seq(&self) -> io::Result<u64> {
        let key = 0u32;
        let mut value = [0u64; field::N];
        let mut attr = Attr::new();
        attr.u32(0, self.fd.as_raw_fd() as u32)
            .u64(8, (&raw const key) as u64)
            .u64(16, value.as_mut_ptr() as u64);
        bpf(BPF_MAP_LOOKUP_ELEM, &mut attr)?;
        Ok(value[field::SEQ as usize / 8])
    }
}

fn load(insns: &[Insn]) -> Result<OwnedFd> {
    let license = c"GPL";
    let mut log = vec![0u8; 64 << 10];
    let mut attr = Attr::new();
    attr.u32(0, BPF_PROG_TYPE_XDP)
        .u32(4, insns.len() as u32)
        .u64(8, insns.as_ptr() as u64)
        .u64(16, license.as_ptr() as u64)
        .u32(24, 1)
        .u32(28, log.len() as u32)
        .u64(32, log.as_mut_ptr() as u64)
        .u32(68, BPF_XDP);
    match bpf(BPF_PROG_LOAD, &mut attr) {
        // SAFETY: BPF_PROG_LOAD returned a new descriptor that nothing else owns.
        Ok(fd) => Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) }),
        Err(e) => {
            let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
            bail!(
                "loading the generator program: {e}\n{}",
                String::from_utf8_lossy(&log[..end])
            )
        }
    }
}

/// Attaches `prog` to `ifindex` in native mode for as long as the returned link is open.
fn attach(prog: &OwnedFd, ifindex: u32) -> io::Result<OwnedFd> {
    let mut attr = Attr::new();
    attr.u32(0, prog.as_raw_fd() as u32)
        .u32(4, ifindex)
        .u32(8, BPF_XDP)
        .u32(12, XDP_FLAGS_DRV_MODE);
    let fd = bpf(BPF_LINK_CREATE, &mut attr)?;
    // SAFETY: BPF_LINK_CREATE returned a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// Runs `prog` on `repeat` live copies of `frame`; each redirect transmits one.
fn run_live(prog: &OwnedFd, frame: &[u8], repeat: u32) -> io::Result<()> {
    let mut attr = Attr::new();
    attr.u32(0, prog.as_raw_fd() as u32)
        .u32(8, frame.len() as u32)
        .u64(16, frame.as_ptr() as u64)
        .u32(32, repeat)
        .u32(64, BPF_F_TEST_XDP_LIVE_FRAMES)
        .u32(72, BATCH);
    bpf(BPF_PROG_TEST_RUN, &mut attr).map(|_| ())
}
