//! `--backend xdp`: filter and snaplen copy inside XDP, before the kernel stack spends anything
//! on the frame (DESIGN.md §2, issue 8).
//!
//! The user's expression is compiled by libpcap on a dead Ethernet handle (offline semantics:
//! XDP sees VLAN tags in place, notes §9), translated into eBPF ([`translate`]), loaded with
//! bpf(2) ([`load`]) and put into slot 0 of the `JUMP` program array declared in capture-ebpf.
//! The aya program `capture_xdp`, attached to the interface, counts every frame and tail-calls
//! the filter; the filter tail-calls `capture_copy` (slot 1) for accepted frames, which copies
//! the snaplen into the `RING` ring buffer. The filter runs JIT-compiled in the kernel, and a
//! rejected frame costs no copy at all. [`reader`] turns ring records into the batches the
//! writer merges.
//!
//! XDP sees received frames only: egress (`-Q out`, `-Q inout`) is refused here.
use std::{
    os::fd::{AsFd, OwnedFd},
    sync::Arc,
};

use aya::{
    Ebpf, EbpfLoader,
    maps::{Map, MapData, PerCpuArray},
    programs::{Xdp, XdpMode},
};
use capture_common::{
    ACCEPT_MAP, CONSUME_GLOBAL, COPY_SLOT, FILTER_SLOT, JUMP_MAP, RECORD_HEADER_LEN, RING_MAP,
    SIZE_CLASSES, SNAPLEN_GLOBAL, XDP_COPY_PROG, XDP_COUNTERS_MAP, XDP_ENTRY_PROG,
    XdpCaptureCounters,
};
use thiserror::Error;

use crate::{
    cli::{Args, Backend, Direction},
    ebpf::{AttachMode, IngressCounter, OBJECT},
    filter::Filter,
    handoff::{CopyPool, Handoff},
    iface::Interface,
    xdp::ringbuf::RingBuffer,
};

pub mod load;
pub mod reader;
pub mod ringbuf;
pub mod translate;

/// Failures to set up the XDP capture.
#[derive(Debug, Error)]
pub enum XdpError {
    /// The filter could not be translated.
    #[error("cannot translate the filter for XDP: {0}")]
    Translate(#[from] translate::TranslateError),
    /// bpf(2) refused the translated filter or a map update.
    #[error(transparent)]
    Load(#[from] load::LoadError),
    /// aya could not load the object.
    #[error("cannot load the XDP programs: {0}")]
    Object(#[from] aya::EbpfError),
    /// A program of the object failed to load or attach.
    #[error("XDP program: {}", crate::ebpf::program_error_line(.0))]
    Program(aya::programs::ProgramError),
    /// The ring buffer could not be mapped.
    #[error("XDP ring buffer: {0}")]
    Ring(#[from] ringbuf::RingBufError),
    /// A map operation failed.
    #[error("XDP map: {0}")]
    Map(#[from] aya::maps::MapError),
    /// The object lacks a map or program (a build mismatch).
    #[error("the eBPF object has no {0}")]
    Missing(&'static str),
    /// Attaching failed in both native and generic mode.
    #[error("cannot attach XDP to {iface}: {}", crate::ebpf::program_error_line(.error))]
    Attach {
        /// Interface name.
        iface: String,
        /// Error of the generic-mode attempt.
        error: aya::programs::ProgramError,
    },
    /// The ingress counter could not be set up on the loaded object.
    #[error(transparent)]
    Counter(#[from] crate::ebpf::EbpfError),
    /// Promiscuous mode could not be set.
    #[error("cannot put the interface into promiscuous mode: {}", crate::strerror(.0))]
    Promisc(std::io::Error),
    /// Options this backend cannot honour.
    #[error("{0}")]
    Options(&'static str),
}

impl From<aya::programs::ProgramError> for XdpError {
    fn from(e: aya::programs::ProgramError) -> Self {
        Self::Program(e)
    }
}

/// Refuses option combinations the XDP backend cannot serve (`-Q out`/`inout`: XDP sees
/// received frames only; `--no-xdp`), and `--xdp-consume` without `--backend xdp`.
pub fn check_args(args: &Args) -> Result<(), XdpError> {
    match (args.backend, args.direction) {
        (Backend::Xdp, Some(Direction::Out | Direction::Inout)) => Err(XdpError::Options(
            "--backend xdp sees received frames only (XDP has no egress hook); \
             use -Q in, or --backend afpacket for -Q out/inout",
        )),
        (Backend::Xdp, _) if args.no_xdp => {
            Err(XdpError::Options("--no-xdp contradicts --backend xdp"))
        }
        (Backend::Afpacket, _) if args.xdp_consume => {
            Err(XdpError::Options("--xdp-consume needs --backend xdp"))
        }
        _ => Ok(()),
    }
}

/// What the XDP programs are loaded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XdpConfig {
    /// Snapshot length: bytes copied of each accepted frame (VLAN tags included).
    pub snaplen: u32,
    /// Drop frames after copying them (`--xdp-consume`); rejected frames always pass.
    pub consume: bool,
    /// Ring buffer size in bytes (`-B`); see [`XdpConfig::ring_size`].
    pub ring_bytes: u64,
    /// Put the interface into promiscuous mode while capturing (no `-p`).
    pub promisc: bool,
}

impl XdpConfig {
    /// The ring size: `ring_bytes` rounded down to a power of two (the kernel wants a
    /// power-of-two number of pages), but room for at least four records of the largest size
    /// class the snaplen allows, so a full-size record can always be reserved once the reader
    /// has caught up (a record larger than the ring could never be written).
    pub fn ring_size(&self) -> u32 {
        let floor = (4 * self.max_record() as u64).next_power_of_two().max(4096);
        let want = self.ring_bytes.clamp(4096, 1 << 30);
        let pow2 = 1u64 << (63 - want.leading_zeros());
        pow2.max(floor) as u32
    }

    /// Bytes of the largest record in the ring: the kernel's record header (8 bytes) and ours
    /// around the largest size class the snaplen allows, rounded up to 8 as the kernel does.
    pub fn max_record(&self) -> usize {
        let class = SIZE_CLASSES
            .iter()
            .copied()
            .find(|&c| c >= self.snaplen as usize)
            .unwrap_or(SIZE_CLASSES[SIZE_CLASSES.len() - 1]);
        (8 + RECORD_HEADER_LEN + class).next_multiple_of(8)
    }

    /// The reader's copy memory: as much as ring, in chunks that take one pass over the ring.
    pub fn copy_pool(&self) -> CopyPool {
        let size = self.ring_size() as usize;
        CopyPool::for_ring(size, reader::batch_limit(size) + self.max_record())
    }
}

/// The loaded (not yet attached) programs of the XDP backend with the translated filter in
/// place: everything but the interface.
pub struct XdpPrograms {
    ebpf: Ebpf,
    // Kept open for as long as the chain is used (the program array holds its own reference).
    _filter: OwnedFd,
}

impl XdpPrograms {
    /// Loads the aya programs and the translated `filter` (None: accept every frame) and links
    /// them through the program array.
    pub fn load(filter: Option<&Filter>, cfg: XdpConfig) -> Result<Self, XdpError> {
        let consume = u32::from(cfg.consume);
        let mut ebpf = EbpfLoader::new()
            .override_global(SNAPLEN_GLOBAL, &cfg.snaplen, true)
            .override_global(CONSUME_GLOBAL, &consume, true)
            .map_max_entries(RING_MAP, cfg.ring_size())
            .load(OBJECT)?;
        for name in [XDP_ENTRY_PROG, XDP_COPY_PROG] {
            let prog: &mut Xdp = ebpf
                .program_mut(name)
                .ok_or(XdpError::Missing("XDP program"))?
                .try_into()?;
            prog.load()?;
        }
        let map_fd = |ebpf: &Ebpf, name| -> Result<i32, XdpError> {
            use std::os::fd::AsRawFd;
            match ebpf.map(name) {
                Some(Map::ProgramArray(m) | Map::PerCpuArray(m)) => Ok(m.fd().as_fd().as_raw_fd()),
                _ => Err(XdpError::Missing("map")),
            }
        };
        let maps = translate::MapFds {
            accept: map_fd(&ebpf, ACCEPT_MAP)?,
            jump: map_fd(&ebpf, JUMP_MAP)?,
        };
        let accept_all;
        let cbpf = match filter {
            Some(f) => f.instructions(),
            None => {
                // No expression: one `ret #snaplen`.
                accept_all = [libc::sock_filter {
                    code: 0x06,
                    jt: 0,
                    jf: 0,
                    k: cfg.snaplen,
                }];
                &accept_all[..]
            }
        };
        let insns = translate::translate(cbpf, maps)?;
        let filter_fd = load::load_xdp(&insns, "capture_filter")?;
        let jump = match ebpf.map(JUMP_MAP) {
            Some(Map::ProgramArray(m)) => m,
            _ => return Err(XdpError::Missing("program array")),
        };
        load::set_slot(jump.fd().as_fd(), FILTER_SLOT, filter_fd.as_fd())?;
        let copy: &Xdp = ebpf
            .program(XDP_COPY_PROG)
            .ok_or(XdpError::Missing("copy program"))?
            .try_into()?;
        load::set_slot(jump.fd().as_fd(), COPY_SLOT, copy.fd()?.as_fd())?;
        Ok(Self {
            ebpf,
            _filter: filter_fd,
        })
    }

    /// Runs the whole chain once on `frame` without any interface (BPF_PROG_TEST_RUN): a
    /// record appears in the ring if the filter accepts the frame. Returns the XDP action.
    pub fn test_run(&self, frame: &[u8]) -> Result<u32, XdpError> {
        let entry: &Xdp = self
            .ebpf
            .program(XDP_ENTRY_PROG)
            .ok_or(XdpError::Missing("entry program"))?
            .try_into()?;
        Ok(load::test_run(entry.fd()?.as_fd(), frame)?)
    }

    /// Takes the ring buffer and the capture counters (once).
    pub fn take_reader_maps(
        &mut self,
    ) -> Result<(RingBuffer, PerCpuArray<MapData, XdpCaptureCounters>), XdpError> {
        let ring = match self.ebpf.take_map(RING_MAP) {
            Some(Map::RingBuf(m)) => m,
            _ => return Err(XdpError::Missing("ring buffer")),
        };
        let counters = self
            .ebpf
            .take_map(XDP_COUNTERS_MAP)
            .ok_or(XdpError::Missing("capture counters"))?;
        Ok((RingBuffer::new(ring)?, PerCpuArray::try_from(counters)?))
    }

    /// Attaches `capture_xdp` to `iface`, native mode first, then generic. The returned
    /// counter owns the programs and the link: dropping it detaches everything.
    pub fn attach(self, iface: &Interface) -> Result<IngressCounter, XdpError> {
        let mut ebpf = self.ebpf;
        let prog: &mut Xdp = ebpf
            .program_mut(XDP_ENTRY_PROG)
            .ok_or(XdpError::Missing("entry program"))?
            .try_into()?;
        let mode = match prog.attach_to_if_index(iface.index, XdpMode::Driver) {
            Ok(_) => AttachMode::Native,
            Err(_) => {
                prog.attach_to_if_index(iface.index, XdpMode::Skb)
                    .map_err(|error| XdpError::Attach {
                        iface: iface.name.clone(),
                        error,
                    })?;
                AttachMode::Generic
            }
        };
        Ok(IngressCounter::from_loaded(ebpf, mode)?)
    }
}

/// An XDP capture whose programs are attached: the frames they accept fill the ring from now
/// on, and the reader turns them into batches (on a thread of its own, [`reader::Reader::spawn`])
/// or into output (on the writer's, [`reader::Inline`]).
pub struct XdpCapture {
    /// The ingress counter; it owns the attached programs (dropping it detaches them).
    pub ingress: IngressCounter,
    /// How full the ring buffer is.
    pub fill: crate::handoff::RingFill,
    /// The ring's reader; it keeps the interface promiscuous while it lives.
    pub reader: reader::Reader,
}

/// Loads the programs with `filter` (a dead-handle Ethernet program; None accepts every frame)
/// and attaches them to `iface`; the reader fills `handoff`.
pub fn start(
    iface: &Interface,
    filter: Option<&Filter>,
    cfg: XdpConfig,
    handoff: Arc<Handoff>,
) -> Result<XdpCapture, XdpError> {
    let promisc = cfg
        .promisc
        .then(|| load::promiscuous(iface.index))
        .transpose()
        .map_err(XdpError::Promisc)?;
    let mut progs = XdpPrograms::load(filter, cfg)?;
    let (ring, counters) = progs.take_reader_maps()?;
    let ingress = progs.attach(iface)?;
    let fill = crate::handoff::RingFill::Span(ring.fill());
    let reader = reader::Reader {
        ifindex: iface.index,
        ring,
        counters,
        handoff,
        max_record: cfg.max_record(),
        promisc,
    };
    Ok(XdpCapture {
        ingress,
        fill,
        reader,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn args(words: &[&str]) -> Args {
        Args::try_parse_from(std::iter::once("capture").chain(words.iter().copied())).unwrap()
    }

    #[test]
    fn egress_and_stray_consume_are_refused() {
        assert!(check_args(&args(&["--backend", "xdp"])).is_ok());
        assert!(check_args(&args(&["--backend", "xdp", "-Q", "in", "--xdp-consume"])).is_ok());
        for bad in [
            &["--backend", "xdp", "-Q", "out"][..],
            &["--backend", "xdp", "-Q", "inout"],
            &["--xdp-consume"],
            &["--backend", "xdp", "--no-xdp"],
        ] {
            let e = check_args(&args(bad)).unwrap_err().to_string();
            assert!(e.contains("xdp"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn ring_size_is_a_power_of_two_of_pages() {
        let size = |snaplen, ring_bytes| {
            XdpConfig {
                snaplen,
                consume: false,
                ring_bytes,
                promisc: false,
            }
            .ring_size()
        };
        assert_eq!(size(96, 64 << 20), 64 << 20);
        assert_eq!(size(96, 100 << 20), 64 << 20);
        assert_eq!(size(96, 64 << 10), 64 << 10);
        assert_eq!(size(96, 1000), 4096);
        // Four 1536-byte records need 8 KiB; four of the largest class need 2 MiB.
        assert_eq!(size(1500, 1000), 8192);
        assert_eq!(size(262_144, 64 << 10), 2 << 20);
    }
}
