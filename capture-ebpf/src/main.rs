//! XDP programs of `capture`, built for `bpfel-unknown-none` by capture-user's build.rs.
//!
//! `capture_ingress` counts every frame (packets and wire bytes, per CPU) and passes it on: it is
//! the reference count against which every userspace bucket is reconciled. It never drops.
#![cfg_attr(target_arch = "bpf", no_std)]
#![cfg_attr(target_arch = "bpf", no_main)]

use aya_ebpf::{
    bindings::xdp_action,
    helpers::generated::bpf_xdp_get_buff_len,
    macros::{map, xdp},
    maps::PerCpuArray,
    programs::XdpContext,
};
use capture_common::IngressCounters;

#[map(name = "INGRESS")]
static INGRESS: PerCpuArray<IngressCounters> = PerCpuArray::with_max_entries(1, 0);

/// Counts the frame and passes it to the stack. `frags` so jumbo/multi-buffer frames attach too.
#[xdp(frags)]
pub fn capture_ingress(ctx: XdpContext) -> u32 {
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
    xdp_action::XDP_PASS
}

#[cfg(target_arch = "bpf")]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    // SAFETY: the verifier rejects any program with a reachable panic path, so this is never run.
    unsafe { core::hint::unreachable_unchecked() }
}

#[cfg(not(target_arch = "bpf"))]
fn main() {}
