//! XDP programs of `capture`, built for `bpfel-unknown-none` by capture-user's build.rs.
//!
//! `capture_ingress` counts every frame (packets and wire bytes, per CPU) and passes it on: it is
//! the reference count against which every userspace bucket is reconciled. It never drops.
//! `capture_tc_ingress` counts the same into the same map from TC ingress (TCX), for devices
//! where XDP would cost a copy of every frame (veth runs XDP on a private copy of each skb).
//!
//! The XDP capture backend (`--backend xdp`) chains three programs by tail calls through the
//! `JUMP` program array, because the filter is generated at run time from the user's expression
//! (userspace translates libpcap's cBPF into eBPF and loads it with bpf(2)) while the rest is
//! built here:
//!
//! 1. `capture_xdp` (attached to the interface) counts the frame like `capture_ingress` and
//!    tail-calls slot 0, the translated filter.
//! 2. The filter stores its accept value (the snap length) in the per-CPU `ACCEPT` map and
//!    tail-calls slot 1; a rejected frame returns `XDP_PASS` there.
//! 3. `capture_copy` copies min(accept, SNAPLEN, frame length) bytes, fragments included, into
//!    the `RING` ring buffer behind a [`RecordHeader`], then passes the frame on (or drops it
//!    with `CONSUME`).
//!
//! Every program is `frags`-aware: the kernel only tail-calls between programs that agree on
//! it, and multi-buffer (jumbo) frames need it.
#![cfg_attr(target_arch = "bpf", no_std)]
#![cfg_attr(target_arch = "bpf", no_main)]

use aya_ebpf::{
    bindings::xdp_action,
    helpers::generated::{bpf_ktime_get_ns, bpf_xdp_get_buff_len, bpf_xdp_load_bytes},
    macros::{classifier, map, xdp},
    maps::{PerCpuArray, ProgramArray, RingBuf},
    programs::{TcContext, XdpContext},
};
use capture_common::{
    FILTER_SLOT, IngressCounters, RECORD_HEADER_LEN, RecordHeader, XdpCaptureCounters,
};

#[map(name = "INGRESS")]
static INGRESS: PerCpuArray<IngressCounters> = PerCpuArray::with_max_entries(1, 0);

#[map(name = "XDP_COUNTERS")]
static XDP_COUNTERS: PerCpuArray<XdpCaptureCounters> = PerCpuArray::with_max_entries(1, 0);

/// The accept value the filter hands to `capture_copy`. Per CPU: a tail-call chain runs on one
/// CPU without preemption, so the slot cannot change between the filter and the copy.
#[map(name = "ACCEPT")]
static ACCEPT: PerCpuArray<u32> = PerCpuArray::with_max_entries(1, 0);

/// Slot 0: the translated filter; slot 1: `capture_copy`.
#[map(name = "JUMP")]
static JUMP: ProgramArray = ProgramArray::with_max_entries(2, 0);

/// Records for userspace. One page here; userspace sizes it from `-B` before loading, so the
/// AF_PACKET backend (which loads the same object) does not pay for it.
#[map(name = "RING")]
static RING: RingBuf = RingBuf::with_byte_size(4096, 0);

/// Snapshot length, set by userspace at load time (.rodata, so the verifier sees a constant).
#[unsafe(no_mangle)]
static SNAPLEN: u32 = 262_144;

/// Non-zero: drop frames after copying them (`--xdp-consume`), set at load time.
#[unsafe(no_mangle)]
static CONSUME: u32 = 0;

/// Counts the frame and passes it to the stack. `frags` so jumbo/multi-buffer frames attach too.
#[xdp(frags)]
pub fn capture_ingress(ctx: XdpContext) -> u32 {
    count_ingress(&ctx);
    xdp_action::XDP_PASS
}

/// Counts the frame at TC ingress and lets it continue (TCX_NEXT). The kernel runs TC programs
/// on ingress with the MAC header pushed back, so `len` is the frame length, as in XDP.
#[classifier]
pub fn capture_tc_ingress(ctx: TcContext) -> i32 {
    if let Some(c) = INGRESS.get_ptr_mut(0) {
        // SAFETY: this CPU's slot of the per-CPU array, which only this program writes while it
        // runs here.
        unsafe {
            (*c).packets += 1;
            (*c).bytes += u64::from(ctx.len());
        }
    }
    TCX_NEXT
}

/// `TCX_NEXT`: the verdict "no opinion", on to the next program and the stack.
const TCX_NEXT: i32 = -1;

/// Entry of the XDP capture backend: counts the frame, then runs the translated filter.
#[xdp(frags)]
pub fn capture_xdp(ctx: XdpContext) -> u32 {
    count_ingress(&ctx);
    // SAFETY: a tail call replaces this program; on failure (empty slot) it returns here.
    unsafe { JUMP.tail_call(&ctx, FILTER_SLOT) };
    xdp_action::XDP_PASS
}

/// Copies a frame the filter accepted into the ring buffer.
#[xdp(frags)]
pub fn capture_copy(ctx: XdpContext) -> u32 {
    // SAFETY: globals in .rodata are read with a volatile load so the value userspace set at
    // load time is used, not the compile-time initialiser.
    let (snaplen, consume) = unsafe {
        (
            core::ptr::read_volatile(&SNAPLEN),
            core::ptr::read_volatile(&CONSUME),
        )
    };
    let accept = ACCEPT.get(0).copied().unwrap_or(0);
    // SAFETY: ctx.ctx is the xdp_md the kernel handed to this program.
    let wirelen = unsafe { bpf_xdp_get_buff_len(ctx.ctx) };
    let cap = (accept as u64).min(snaplen as u64).min(wirelen);
    let outcome = copy(&ctx, cap, wirelen);
    if let Some(c) = XDP_COUNTERS.get_ptr_mut(0) {
        // SAFETY: this CPU's slot of the per-CPU array; nothing else runs on this CPU meanwhile.
        unsafe {
            (*c).accepted += 1;
            match outcome {
                Outcome::Copied => {}
                Outcome::RingFull => (*c).ring_full += 1,
                Outcome::CopyFailed => (*c).copy_failed += 1,
            }
        }
    }
    if consume != 0 {
        xdp_action::XDP_DROP
    } else {
        xdp_action::XDP_PASS
    }
}

enum Outcome {
    Copied,
    RingFull,
    CopyFailed,
}

/// Picks the smallest size class that holds `cap` bytes (see capture_common::SIZE_CLASSES).
#[inline(always)]
fn copy(ctx: &XdpContext, cap: u64, wirelen: u64) -> Outcome {
    macro_rules! classes {
        ($($n:literal),*) => {
            $(if cap <= $n { return emit::<$n>(ctx, cap, wirelen); })*
        };
    }
    classes!(
        64, 128, 256, 512, 1024, 1536, 2048, 4096, 9216, 16384, 32768, 65536, 131072, 262144
    );
    // cap <= SNAPLEN <= 262144: never reached.
    Outcome::CopyFailed
}

/// Reserves a record of the constant size `RECORD_HEADER_LEN + N` (the verifier requires a
/// constant), writes the header and copies `cap` (<= N) bytes across all fragments.
#[inline(always)]
fn emit<const N: usize>(ctx: &XdpContext, cap: u64, wirelen: u64) -> Outcome {
    // SAFETY: plain helper call without arguments.
    let mono_ns = unsafe { bpf_ktime_get_ns() };
    let Some(mut rec) = RING.reserve_bytes(RECORD_HEADER_LEN + N, 0) else {
        return Outcome::RingFull;
    };
    let header = RecordHeader {
        mono_ns,
        wirelen: wirelen as u32,
        caplen: cap as u32,
    };
    let base = rec.as_mut_ptr();
    // SAFETY: the reservation is RECORD_HEADER_LEN + N bytes and 8-byte aligned.
    unsafe { core::ptr::write_unaligned(base.cast::<RecordHeader>(), header) };
    // Restate the bound next to the call so the verifier sees 0 < len <= N on this path.
    let len = cap as usize;
    if len > 0 && len <= N {
        // SAFETY: the destination has N bytes after the header and len <= N; the helper
        // copies len bytes of the frame (fragments included) or fails without writing past.
        let rc = unsafe {
            bpf_xdp_load_bytes(ctx.ctx, 0, base.add(RECORD_HEADER_LEN).cast(), len as u32)
        };
        if rc != 0 {
            rec.discard(0);
            return Outcome::CopyFailed;
        }
    }
    rec.submit(0);
    Outcome::Copied
}

#[inline(always)]
fn count_ingress(ctx: &XdpContext) {
    // SAFETY: ctx.ctx is the xdp_md the kernel handed to this program.
    let len = unsafe { bpf_xdp_get_buff_len(ctx.ctx) };
    if let Some(c) = INGRESS.get_ptr_mut(0) {
        // SAFETY: the pointer is this CPU's slot of the per-CPU array; no other context writes it
        // while this program runs on this CPU.
        unsafe {
            (*c).packets += 1;
            (*c).bytes += len;
        }
    }
}

#[cfg(target_arch = "bpf")]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    // SAFETY: the verifier rejects any program with a reachable panic path, so this is never run.
    unsafe { core::hint::unreachable_unchecked() }
}

#[cfg(not(target_arch = "bpf"))]
fn main() {}
