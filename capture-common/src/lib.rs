//! Types shared by the eBPF programs (`capture-ebpf`) and userspace (`capture-user`).
//!
//! Everything here is `#[repr(C)]` plain data: the kernel writes it, userspace reads it through
//! aya maps, so both sides must agree on the layout byte for byte.
#![no_std]

/// Per-CPU ingress counters kept by the XDP program for every frame the interface receives,
/// before the kernel stack sees it. This is the ground truth of drop accounting.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngressCounters {
    /// Frames seen.
    pub packets: u64,
    /// Wire bytes of those frames (all fragments of a multi-buffer frame included).
    pub bytes: u64,
}

// SAFETY: IngressCounters is repr(C), made of u64 only, with no padding and no invalid bit patterns.
#[cfg(feature = "user")]
unsafe impl aya::Pod for IngressCounters {}

/// Name of the per-CPU array map holding one [`IngressCounters`] at index 0.
pub const INGRESS_MAP: &str = "INGRESS";
/// Name of the XDP program counting ingress frames.
pub const INGRESS_PROG: &str = "capture_ingress";
