//! Glue to the aya programs of `capture-ebpf`: load the object embedded at build time, attach
//! the ingress counter to the capture interface (XDP, or TC ingress where XDP would copy every
//! frame), read and sum its per-CPU counters.
//!
//! The program is attached through a bpf_link owned by [`IngressCounter`]: dropping it (normal
//! exit, SIGINT, SIGTERM) or the process dying detaches the program.
use aya::{
    Ebpf,
    maps::PerCpuArray,
    programs::{ProgramError, SchedClassifier, TcAttachType, Xdp, XdpMode},
};
use capture_common::{INGRESS_MAP, INGRESS_PROG, INGRESS_TC_PROG, IngressCounters};
use thiserror::Error;

/// The eBPF object built from `capture-ebpf` by build.rs.
pub(crate) static OBJECT: &[u8] = aya::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/capture"));

/// Failures to load or attach the XDP programs.
#[derive(Debug, Error)]
pub enum EbpfError {
    /// The kernel refused the object (verifier, missing BTF, no privilege).
    #[error("cannot load the XDP program: {0}")]
    Load(#[from] aya::EbpfError),
    /// The program or map is not in the object (a build mismatch).
    #[error("the eBPF object has no {0}")]
    Missing(&'static str),
    /// Attaching failed (XDP: in both native and generic mode).
    #[error("cannot attach the ingress counter to {iface}: {}", program_error_line(.error))]
    Attach {
        /// Interface name.
        iface: String,
        /// Error of the generic-mode attempt.
        error: ProgramError,
    },
    /// Reading the counters failed.
    #[error("cannot read the XDP counters: {0}")]
    Map(#[from] aya::maps::MapError),
    /// Loading the program into the kernel failed.
    #[error("cannot load the XDP program: {}", program_error_line(.0))]
    Program(ProgramError),
}

impl From<ProgramError> for EbpfError {
    fn from(e: ProgramError) -> Self {
        Self::Program(e)
    }
}

/// One line for a program the kernel would not load or attach: its answer, with what to grant
/// when it is a missing privilege, and without the verifier's listing (hundreds of lines, which
/// aya puts in the message).
pub fn program_error_line(e: &ProgramError) -> String {
    match e {
        ProgramError::LoadError { io_error, .. } => {
            let hint = match io_error.raw_os_error() {
                Some(libc::EPERM | libc::EACCES) => {
                    " (loading eBPF programs needs root, or CAP_BPF with CAP_PERFMON and \
                     CAP_NET_ADMIN)"
                }
                _ => "",
            };
            format!(
                "the kernel refused to load it: {}{hint}",
                crate::strerror(io_error)
            )
        }
        other => other.to_string(),
    }
}

/// Where the XDP program runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachMode {
    /// In the driver (native XDP).
    Native,
    /// In the generic stack path (the driver has no XDP support).
    Generic,
    /// At TC ingress (TCX), as the ingress counter on veth.
    Tc,
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
        Self::attach_xdp(iface, ifindex, AttachMode::Native)
            .or_else(|_| Self::attach_xdp(iface, ifindex, AttachMode::Generic))
    }

    /// Attaches the counter the cheapest way `iface` allows: at TC ingress on veth (see
    /// [`IngressCounter::attach_tc`]), else XDP in the driver, else TC ingress, else XDP in
    /// generic mode.
    pub fn attach_for(iface: &str, ifindex: u32, driver: Option<&str>) -> Result<Self, EbpfError> {
        if driver == Some("veth") {
            return Self::attach_tc(iface);
        }
        match Self::attach_xdp(iface, ifindex, AttachMode::Native) {
            Ok(c) => Ok(c),
            Err(_) => Self::attach_tc(iface)
                .or_else(|_| Self::attach_xdp(iface, ifindex, AttachMode::Generic)),
        }
    }

    fn attach_xdp(iface: &str, ifindex: u32, mode: AttachMode) -> Result<Self, EbpfError> {
        let mut ebpf = Ebpf::load(OBJECT)?;
        let prog: &mut Xdp = ebpf
            .program_mut(INGRESS_PROG)
            .ok_or(EbpfError::Missing("XDP program"))?
            .try_into()?;
        prog.load()?;
        let flags = match mode {
            AttachMode::Native => XdpMode::Driver,
            AttachMode::Generic | AttachMode::Tc => XdpMode::Skb,
        };
        prog.attach_to_if_index(ifindex, flags)
            .map_err(|error| EbpfError::Attach {
                iface: iface.to_owned(),
                error,
            })?;
        Self::from_loaded(ebpf, mode)
    }

    /// Loads the TC variant of the counter and attaches it at `iface`'s TC ingress (TCX,
    /// detached when the counter drops). For veth: with an XDP program attached, veth gives
    /// XDP a private copy of every frame it receives from a socket (`skb_pp_cow_data`), about
    /// 0.5 us per frame on the capture core; at TC ingress counting costs a few ns.
    pub fn attach_tc(iface: &str) -> Result<Self, EbpfError> {
        let mut ebpf = Ebpf::load(OBJECT)?;
        let prog: &mut SchedClassifier = ebpf
            .program_mut(INGRESS_TC_PROG)
            .ok_or(EbpfError::Missing("TC program"))?
            .try_into()?;
        prog.load()?;
        prog.attach(iface, TcAttachType::Ingress)
            .map_err(|error| EbpfError::Attach {
                iface: iface.to_owned(),
                error,
            })?;
        Self::from_loaded(ebpf, AttachMode::Tc)
    }

    /// Wraps an object whose XDP program is already attached in `mode` (the XDP capture
    /// backend's `capture_xdp` counts into the same map); the counter then owns the object.
    pub fn from_loaded(mut ebpf: Ebpf, mode: AttachMode) -> Result<Self, EbpfError> {
        let map = ebpf
            .take_map(INGRESS_MAP)
            .ok_or(EbpfError::Missing("counter map"))?;
        let counters = PerCpuArray::try_from(map)?;
        Ok(Self {
            counters,
            mode,
            _ebpf: ebpf,
        })
    }

    /// How the program is attached.
    pub fn mode(&self) -> AttachMode {
        self.mode
    }

    /// The counters summed over all CPUs.
    pub fn read(&self) -> Result<IngressCounters, EbpfError> {
        let per_cpu = self.counters.get(&0, 0)?;
        Ok(per_cpu
            .iter()
            .fold(IngressCounters::default(), |sum, c| IngressCounters {
                packets: sum.packets + c.packets,
                bytes: sum.bytes + c.bytes,
            }))
    }
}
