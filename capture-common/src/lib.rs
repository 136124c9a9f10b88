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
/// Name of the TC ingress counter program (same map).
pub const INGRESS_TC_PROG: &str = "capture_tc_ingress";

/// Per-CPU counters of the XDP capture backend (`--backend xdp`), next to [`IngressCounters`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XdpCaptureCounters {
    /// Frames the filter accepted (the copy program ran for them).
    pub accepted: u64,
    /// Accepted frames lost because the ring buffer had no room for their record.
    pub ring_full: u64,
    /// Accepted frames whose copy failed (`bpf_xdp_load_bytes` refused; never seen so far).
    pub copy_failed: u64,
}

// SAFETY: XdpCaptureCounters is repr(C), made of u64 only, with no padding and no invalid bit
// patterns.
#[cfg(feature = "user")]
unsafe impl aya::Pod for XdpCaptureCounters {}

/// Header of every ring buffer record of the XDP capture backend; `caplen` frame bytes follow
/// (the record is rounded up to a size class, so bytes past `caplen` are padding).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordHeader {
    /// `bpf_ktime_get_ns()` (CLOCK_MONOTONIC) when the frame was copied; userspace adds the
    /// realtime offset.
    pub mono_ns: u64,
    /// Frame length, all fragments included.
    pub wirelen: u32,
    /// Bytes of the frame in the record.
    pub caplen: u32,
}

/// Size of [`RecordHeader`] in the ring record.
pub const RECORD_HEADER_LEN: usize = core::mem::size_of::<RecordHeader>();

/// Name of the per-CPU array map holding one [`XdpCaptureCounters`] at index 0.
pub const XDP_COUNTERS_MAP: &str = "XDP_COUNTERS";
/// Name of the per-CPU array (one `u32`) where the filter leaves the accept value (snaplen).
pub const ACCEPT_MAP: &str = "ACCEPT";
/// Name of the program array: slot 0 = the translated filter, slot 1 = `capture_copy`.
pub const JUMP_MAP: &str = "JUMP";
/// Name of the BPF ring buffer the copy program writes records into.
pub const RING_MAP: &str = "RING";
/// Name of the entry XDP program of the capture backend (counts ingress, calls the filter).
pub const XDP_ENTRY_PROG: &str = "capture_xdp";
/// Name of the XDP program that copies an accepted frame into the ring.
pub const XDP_COPY_PROG: &str = "capture_copy";
/// Program-array slot of the translated filter.
pub const FILTER_SLOT: u32 = 0;
/// Program-array slot of `capture_copy`.
pub const COPY_SLOT: u32 = 1;
/// Name of the global (in .rodata, set at load) holding the snapshot length.
pub const SNAPLEN_GLOBAL: &str = "SNAPLEN";
/// Name of the global (in .rodata, set at load): non-zero drops frames after copying them.
pub const CONSUME_GLOBAL: &str = "CONSUME";
/// Data size classes of ring records: a frame's record reserves the smallest class that holds
/// its captured bytes (reservations must be verifier constants, notes §5), so a record wastes
/// less than half its size. The last class is the largest snaplen.
pub const SIZE_CLASSES: [usize; 14] = [
    64, 128, 256, 512, 1024, 1536, 2048, 4096, 9216, 16384, 32768, 65536, 131072, 262144,
];
