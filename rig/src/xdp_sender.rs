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
//! it passes every received frame untouched; a paced sender can then run it every 64 frames.
//!
//! The program is a handful of eBPF instructions written here rather than an aya object: it
//! needs no toolchain beyond this crate, and the frame layout it patches is [`FrameSpec`]'s.
//! Its small bpf(2) wrapper repeats the shape of capture's `xdp::load` on purpose: the rig is
//! the tests' and benchmarks' independent side and shares no code with the tool it judges.
use std::{
    io,
    os::fd::{AsRawFd, FromRawFd, OwnedFd},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

use crate::frame::FrameSpec;

const BPF_MAP_CREATE: libc::c_long = 0;
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
/// Frames per run of the program between flushes to the device (the kernel's maximum is 256).
/// Small bursts keep a paced sender from overrunning the receiver's 256-entry ring.
const BATCH: u32 = 64;
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
const TO_BE: u8 = 0xdc;
const JGT_REG: u8 = 0x2d;
const JEQ_IMM: u8 = 0x15;
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

    /// Sends frames `0..count` of `spec`, at most `pps` frames per second when given, and
    /// returns `count`. Frames the receiver's ring refused are not retried (see the module
    /// documentation for where they are counted).
    pub fn send(&self, spec: &FrameSpec, count: u64, pps: Option<u64>) -> Result<u64> {
        let mut template = Vec::new();
        spec.build(0, &mut template);
        let seq = Array::new().context("creating the sequence counter (BPF_MAP_CREATE)")?;
        let prog = load(&program(spec, seq.fd.as_raw_fd(), self.ifindex))?;
        let _anchor = attach(&prog, self.ifindex).context(
            "attaching the generator program to the sending veth (BPF_LINK_CREATE, native XDP)",
        )?;
        let start = Instant::now();
        let mut sent = 0u64;
        while sent < count {
            // Paced: one batch at a time, each when it is due; otherwise long runs per call.
            let n = match pps {
                Some(_) => u64::from(BATCH),
                None => 1 << 16,
            }
            .min(count - sent);
            if let Some(pps) = pps {
                let due = Duration::from_secs_f64(sent as f64 / pps as f64);
                while start.elapsed() < due {
                    std::hint::spin_loop();
                }
            }
            run_live(&prog, &template, n as u32).context("BPF_PROG_RUN (live frames)")?;
            sent += n;
        }
        Ok(sent)
    }
}

/// The generator program for `spec`'s layout: count the frame in the array's one u64, write
/// that sequence number (big-endian) into the payload and source port `10000 + seq % flows`,
/// redirect to `ifindex`. A frame that really arrived on `ifindex` (where the program is
/// attached only to stay in the dispatcher) passes untouched.
fn program(spec: &FrameSpec, map_fd: i32, ifindex: u32) -> Vec<Insn> {
    let tag = if spec.vlan.is_some() { 4 } else { 0 };
    let sport = (34 + tag) as i16;
    let seq = (50 + tag) as i16;
    let flows = i32::from(spec.flows.max(1));
    let mut p = vec![
        insn(LDX_W, 2, 1, 12, 0),               // r2 = ctx->ingress_ifindex
        insn(JEQ_IMM, 2, 0, 0, ifindex as i32), // received on the veth: pass (offset below)
        insn(LDX_W, 2, 1, 0, 0),                // r2 = ctx->data
        insn(LDX_W, 3, 1, 4, 0),                // r3 = ctx->data_end
        insn(MOV64_REG, 4, 2, 0, 0),
        insn(ADD64_IMM, 4, 0, 0, i32::from(seq) + 8),
        insn(JGT_REG, 4, 3, 0, 0), // too short: drop (offset below)
        insn(LD_IMM64, 5, PSEUDO_MAP_VALUE, 0, map_fd), // r5 = &counter
        insn(0, 0, 0, 0, 0),
        insn(LDX_DW, 0, 5, 0, 0), // r0 = seq
        insn(MOV64_REG, 6, 0, 0, 0),
        insn(ADD64_IMM, 6, 0, 0, 1),
        insn(STX_DW, 5, 6, 0, 0), // counter = seq + 1
        insn(MOV64_REG, 6, 0, 0, 0),
        insn(TO_BE, 6, 0, 0, 64),
        insn(STX_DW, 2, 6, seq, 0), // payload seq, big-endian
        insn(MOD64_IMM, 0, 0, 0, flows),
        insn(ADD64_IMM, 0, 0, 0, 10000),
        insn(TO_BE, 0, 0, 0, 16),
        insn(STX_H, 2, 0, sport, 0), // UDP source port (checksum 0: none to fix)
        insn(MOV64_IMM, 1, 0, 0, ifindex as i32),
        insn(MOV64_IMM, 2, 0, 0, 0),
        insn(CALL, 0, 0, 0, HELPER_REDIRECT),
        insn(EXIT, 0, 0, 0, 0),
    ];
    // Jump offsets count from the instruction after the jump: drop is at len, pass at len + 2.
    let end = p.len() as i16;
    p[1].off = end + 2 - 2;
    p[6].off = end - 7;
    p.push(insn(MOV64_IMM, 0, 0, 0, XDP_DROP));
    p.push(insn(EXIT, 0, 0, 0, 0));
    p.push(insn(MOV64_IMM, 0, 0, 0, XDP_PASS));
    p.push(insn(EXIT, 0, 0, 0, 0));
    p
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

/// A one-entry array of one u64, zeroed by the kernel.
struct Array {
    fd: OwnedFd,
}

impl Array {
    fn new() -> io::Result<Self> {
        let mut attr = Attr::new();
        attr.u32(0, BPF_MAP_TYPE_ARRAY)
            .u32(4, 4)
            .u32(8, 8)
            .u32(12, 1);
        let fd = bpf(BPF_MAP_CREATE, &mut attr)?;
        // SAFETY: BPF_MAP_CREATE returned a new descriptor that nothing else owns.
        Ok(Self {
            fd: unsafe { OwnedFd::from_raw_fd(fd as i32) },
        })
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
