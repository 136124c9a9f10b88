//! The ingress count, the root of drop accounting (DESIGN.md §3): the frames that reached the
//! interface, from which the frames the sockets received are taken to give those the filter
//! rejected or the stack dropped before the socket.
//!
//! Where the kernel already counts exactly that, capture reads the kernel's figure instead of
//! running a program on every frame. veth's receive counters (packets and bytes) count
//! each frame as it enters the stack, after the peer's queue and before the packet sockets'
//! tap: the frames the tap sees, once each, unless GRO merges several into one packet first.
//! GRO is off on a new veth (a container's, or a test's); with it off, the counter program at
//! TC ingress cost every 64 B frame 60-85 ns of receive work (bench/analysis.md, 4.) for the
//! same figure. With GRO on, and on other drivers (whose counters may be taken in the
//! hardware, before drops, or with the FCS), the program counts: native XDP where the driver
//! runs it, before any skb exists ([`IngressCounter::attach_for`]).
use capture_common::IngressCounters;

use crate::ebpf::{AttachMode, EbpfError, IngressCounter};
use crate::iface::{self, Interface};

/// Where a live capture's ingress count comes from.
pub enum Ingress {
    /// The eBPF counter attached to the interface (XDP or TC ingress).
    Program(IngressCounter),
    /// The device's own receive counters.
    Device(DeviceCounter),
}

impl Ingress {
    /// The cheapest exact ingress count `iface` offers: its own counters on veth with GRO off,
    /// else the eBPF counter.
    pub fn attach(iface: &Interface) -> Result<Self, EbpfError> {
        let driver = iface::driver(&iface.name);
        if driver.as_deref() == Some("veth")
            && let Some(device) = DeviceCounter::start(&iface.name)
        {
            return Ok(Ingress::Device(device));
        }
        IngressCounter::attach_for(&iface.name, iface.index, driver.as_deref())
            .map(Ingress::Program)
    }

    /// The frames counted since the capture started, or None when no exact figure can be read.
    pub fn read(&self) -> Option<IngressCounters> {
        match self {
            Ingress::Program(c) => c.read().ok(),
            Ingress::Device(d) => d.read(),
        }
    }

    /// How the frames are counted, for the engine notices.
    pub fn describe(&self) -> &'static str {
        match self {
            Ingress::Program(c) => match c.mode() {
                AttachMode::Native => "native XDP",
                AttachMode::Generic => "generic XDP (the driver has no native XDP)",
                AttachMode::Tc => "TC ingress (TCX)",
            },
            Ingress::Device(_) => "the device's receive counters (veth, GRO off)",
        }
    }
}

/// A veth's receive counters, as they were when the capture started.
pub struct DeviceCounter {
    iface: String,
    start: IngressCounters,
}

impl DeviceCounter {
    /// Takes the device's counters as the start, if GRO is off and they can be read.
    fn start(name: &str) -> Option<Self> {
        let start = Self::now(name)?;
        Some(Self {
            iface: name.to_owned(),
            start,
        })
    }

    /// The device's counters now, None if GRO is on (a merged packet would be counted as
    /// several frames and the difference reported as drops) or they cannot be read.
    fn now(name: &str) -> Option<IngressCounters> {
        if iface::gro(name) != Some(false) {
            return None;
        }
        let (packets, bytes) = iface::received(name)?;
        Some(IngressCounters { packets, bytes })
    }

    /// The frames received since the start; None once GRO has been turned on.
    fn read(&self) -> Option<IngressCounters> {
        let now = Self::now(&self.iface)?;
        Some(IngressCounters {
            packets: now.packets.saturating_sub(self.start.packets),
            bytes: now.bytes.saturating_sub(self.start.bytes),
        })
    }
}
