//! Glue to the aya XDP programs of `capture-ebpf`: load the object embedded at build time,
//! attach the ingress counter to the capture interface, read and sum its per-CPU counters.
//!
//! The program is attached through a bpf_link owned by [`IngressCounter`]: dropping it (normal
//! exit, SIGINT, SIGTERM) or the process dying detaches the program.
use aya::{
    Ebpf,
    maps::PerCpuArray,
    programs::{ProgramError, Xdp, XdpMode},
};
use capture_common::{INGRESS_MAP, INGRESS_PROG, IngressCounters};
use thiserror::Error;

/// The eBPF object built from `capture-ebpf` by build.rs.
static OBJECT: &[u8] = aya::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/capture"));

/// Failures to load or attach the XDP programs.
#[derive(Debug, Error)]
pub enum EbpfError {
    /// The kernel refused the object (verifier, missing BTF, no privilege).
    #[error("cannot load the XDP program: {0}")]
    Load(#[from] aya::EbpfError),
    /// The program or map is not in the object (a build mismatch).
    #[error("the eBPF object has no {0}")]
    Missing(&'static str),
    /// Attaching failed in both native and generic mode.
    #[error("cannot attach XDP to {iface}: {source}")]
    Attach {
        /// Interface name.
        iface: String,
        /// Error of the generic-mode attempt.
        source: ProgramError,
    },
    /// Reading the counters failed.
    #[error("cannot read the XDP counters: {0}")]
    Map(#[from] aya::maps::MapError),
    /// Loading the program into the kernel failed.
    #[error("cannot load the XDP program: {0}")]
    Program(#[from] ProgramError),
}

/// Where the XDP program runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachMode {
    /// In the driver (native XDP).
    Native,
    /// In the generic stack path (the driver has no XDP support).
    Generic,
}

/// The ingress counter attached to one interface. Detaches on drop.
pub struct IngressCounter {
    counters: PerCpuArray<aya::maps::MapData, IngressCounters>,
    mode: AttachMode,
    // Owns the program and its link: keep it last so it drops after the map handle.
    _ebpf: Ebpf,
}

impl IngressCounter {
    /// Loads the program and attaches it to `ifindex` (`iface` names it in messages), native
    /// mode first, then generic.
    pub fn attach(iface: &str, ifindex: u32) -> Result<Self, EbpfError> {
        let mut ebpf = Ebpf::load(OBJECT)?;
        let prog: &mut Xdp = ebpf
            .program_mut(INGRESS_PROG)
            .ok_or(EbpfError::Missing("XDP program"))?
            .try_into()?;
        prog.load()?;
        let mode = match prog.attach_to_if_index(ifindex, XdpMode::Driver) {
            Ok(_) => AttachMode::Native,
            Err(_) => {
                prog.attach_to_if_index(ifindex, XdpMode::Skb)
                    .map_err(|source| EbpfError::Attach { iface: iface.to_owned(), source })?;
                AttachMode::Generic
            }
        };
        let map = ebpf.take_map(INGRESS_MAP).ok_or(EbpfError::Missing("counter map"))?;
        let counters = PerCpuArray::try_from(map)?;
        Ok(Self { counters, mode, _ebpf: ebpf })
    }

    /// How the program is attached.
    pub fn mode(&self) -> AttachMode {
        self.mode
    }

    /// The counters summed over all CPUs.
    pub fn read(&self) -> Result<IngressCounters, EbpfError> {
        let per_cpu = self.counters.get(&0, 0)?;
        Ok(per_cpu.iter().fold(IngressCounters::default(), |sum, c| IngressCounters {
            packets: sum.packets + c.packets,
            bytes: sum.bytes + c.bytes,
        }))
    }
}
