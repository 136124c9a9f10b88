//! An AF_PACKET sender that emits an exact number of frames on one interface, in batches with
//! sendmmsg(2), retrying a batch remainder the kernel did not take, so "sent" is exact.
use std::{
    io,
    os::fd::{AsRawFd, FromRawFd, OwnedFd},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

use crate::frame::FrameSpec;

const BATCH: usize = 256;

/// A raw sender bound to one interface of the current thread's network namespace.
pub struct Sender {
    fd: OwnedFd,
    spin: bool,
}

impl Sender {
    /// Opens a sending-only packet socket on `ifname`.
    pub fn open(ifname: &str) -> Result<Self> {
        let c_name = std::ffi::CString::new(ifname)?;
        // SAFETY: c_name is NUL-terminated and outlives the call.
        let ifindex = unsafe { libc::if_nametoindex(c_name.as_ptr()) };
        if ifindex == 0 {
            bail!("{ifname}: no such interface");
        }
        // Protocol 0: the socket transmits only and never queues received frames.
        // SAFETY: plain socket(2) call; the result is checked before use.
        let raw = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW, 0) };
        if raw < 0 {
            return Err(io::Error::last_os_error()).context("socket(AF_PACKET)");
        }
        // SAFETY: raw is a fresh descriptor owned by nobody else.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: sockaddr_ll is plain data; all-zero is a valid start value.
        let mut sll: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
        sll.sll_family = libc::AF_PACKET as u16;
        sll.sll_ifindex = ifindex as i32;
        // SAFETY: sll is a valid sockaddr_ll and the length passed is its size.
        let rc = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&raw const sll).cast(),
                std::mem::size_of::<libc::sockaddr_ll>() as u32,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error()).context("bind(AF_PACKET)");
        }
        Ok(Self { fd, spin: false })
    }

    /// With `on`, frames skip the device's qdisc (PACKET_QDISC_BYPASS): the sender pays less per
    /// frame and a full device queue shows up as ENOBUFS, which [`Sender::send`] retries.
    pub fn set_qdisc_bypass(&self, on: bool) -> Result<()> {
        let val: libc::c_int = on.into();
        // SAFETY: val is a c_int that outlives the call, and the length passed is its size.
        let rc = unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_PACKET,
                libc::PACKET_QDISC_BYPASS,
                (&raw const val).cast(),
                std::mem::size_of::<libc::c_int>() as u32,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error()).context("setsockopt(PACKET_QDISC_BYPASS)");
        }
        Ok(())
    }

    /// Sets the socket's send buffer to `bytes` (SO_SNDBUFFORCE: root may exceed wmem_max). The
    /// default (about 200 KiB, some 270 small frames in flight) makes sendmmsg sleep until the
    /// receiver frees frames, which caps a fast sender at the cross-CPU wake-up latency.
    pub fn set_send_buffer(&self, bytes: usize) -> Result<()> {
        let val = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
        // SAFETY: val is a c_int that outlives the call, and the length passed is its size.
        let rc = unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_SNDBUFFORCE,
                (&raw const val).cast(),
                std::mem::size_of::<libc::c_int>() as u32,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error()).context("setsockopt(SO_SNDBUFFORCE)");
        }
        Ok(())
    }

    /// With `on`, a full device queue is retried after a short busy-wait instead of after a
    /// 50 µs sleep. A sleep (longer with timer slack) can let veth's 256-frame ring run dry;
    /// a benchmark generator on a core of its own busy-waits instead.
    pub fn set_spin_on_full(&mut self, on: bool) {
        self.spin = on;
    }

    /// Sends frames `0..count` of `spec`, at most `pps` frames per second when given.
    /// Returns the number of frames the kernel accepted, which is `count`.
    pub fn send(&self, spec: &FrameSpec, count: u64, pps: Option<u64>) -> Result<u64> {
        let mut frames: Vec<Vec<u8>> = (0..BATCH).map(|_| Vec::new()).collect();
        let start = Instant::now();
        let mut sent = 0u64;
        while sent < count {
            let n = (count - sent).min(BATCH as u64) as usize;
            for (i, f) in frames.iter_mut().take(n).enumerate() {
                spec.build(sent + i as u64, f);
            }
            self.send_all(&frames[..n])?;
            sent += n as u64;
            if let Some(pps) = pps {
                let due = Duration::from_secs_f64(sent as f64 / pps as f64);
                if let Some(wait) = due.checked_sub(start.elapsed()) {
                    thread::sleep(wait);
                }
            }
        }
        Ok(sent)
    }

    /// Sends `frames` in order, each exactly once, retrying what a full device queue refused.
    pub fn send_all(&self, frames: &[Vec<u8>]) -> Result<()> {
        let mut done = 0;
        while done < frames.len() {
            match self.sendmmsg(&frames[done..]) {
                Ok(k) => done += k,
                // The device queue is full: give the receiver a moment, then resend.
                Err(e) if matches!(e.raw_os_error(), Some(libc::ENOBUFS | libc::EAGAIN)) => {
                    if self.spin {
                        // Busy-wait about a microsecond: sched_yield would hand the core
                        // to any other runnable task for a whole time slice.
                        for _ in 0..500 {
                            std::hint::spin_loop();
                        }
                    } else {
                        thread::sleep(Duration::from_micros(50));
                    }
                }
                Err(e) => return Err(e).context("sendmmsg"),
            }
        }
        Ok(())
    }

    fn sendmmsg(&self, frames: &[Vec<u8>]) -> io::Result<usize> {
        let mut iovs: Vec<libc::iovec> = frames
            .iter()
            .map(|f| libc::iovec {
                iov_base: f.as_ptr() as *mut _,
                iov_len: f.len(),
            })
            .collect();
        let mut msgs: Vec<libc::mmsghdr> = iovs
            .iter_mut()
            .map(|iov| {
                // SAFETY: mmsghdr is plain data; all-zero is a valid start value.
                let mut m: libc::mmsghdr = unsafe { std::mem::zeroed() };
                m.msg_hdr.msg_iov = iov;
                m.msg_hdr.msg_iovlen = 1;
                m
            })
            .collect();
        // SAFETY: msgs points to frames.len() initialised headers whose iovecs point into
        // `frames`, which outlives the call; the socket is bound, so no address is needed.
        let rc =
            unsafe { libc::sendmmsg(self.fd.as_raw_fd(), msgs.as_mut_ptr(), msgs.len() as u32, 0) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(rc as usize)
        }
    }
}
