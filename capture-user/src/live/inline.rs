//! The sources of the single-thread path: an AF_PACKET worker or the XDP reader that writes on
//! the capture's own thread, when the one CPU it runs on would run the writer too.
use std::io;

use crate::{
    worker::Worker,
    xdp::reader::{Inline, Step},
};

/// The one source of a capture that writes on its own thread.
pub enum Source {
    /// The one AF_PACKET worker, and its buffer for packets it must change on the way (a VLAN
    /// tag put back, a cooked header added).
    Socket(Worker, Vec<u8>),
    /// The XDP ring buffer's reader.
    Xdp(Box<Inline>),
}

impl Source {
    /// One pass: hands the packets ready now to `deliver` (time stamp in ns, wire length, the
    /// bytes as the file holds them), in the order the file holds them. Once `finishing`, the
    /// source drains what its ring holds; [`Step::Idle`] then means it is empty.
    pub fn deliver_ready(&mut self, finishing: bool, deliver: impl FnMut(u64, u32, &[u8])) -> Step {
        match self {
            Self::Socket(worker, copy) => {
                if worker.deliver_ready(copy, deliver) {
                    Step::More
                } else {
                    Step::Idle
                }
            }
            Self::Xdp(reader) => reader.deliver_ready(finishing, deliver),
        }
    }

    /// Waits after a pass that returned `step`; fails when the socket reports an error (the
    /// interface disappeared).
    pub fn wait(&self, step: Step) -> io::Result<()> {
        match self {
            Self::Socket(worker, _) => worker.wait(),
            Self::Xdp(reader) => {
                reader.wait(step);
                Ok(())
            }
        }
    }

    /// Fails with ENODEV once the interface has disappeared: the XDP reader looks (nothing in
    /// its ring says so); the socket reports it in [`Source::wait`].
    pub fn check_present(&self) -> io::Result<()> {
        match self {
            Self::Socket(..) => Ok(()),
            Self::Xdp(reader) => reader.check_present(),
        }
    }

    /// Copies the kernel's counters into the source's.
    pub fn update_counters(&self) {
        match self {
            Self::Socket(worker, _) => worker.update_kernel_stats(),
            Self::Xdp(reader) => reader.update_counters(),
        }
    }

    /// The last counters (the XDP reader read its own when the capture began to end).
    pub fn finish(self) {
        if let Self::Socket(worker, _) = self {
            worker.finish();
        }
    }
}
