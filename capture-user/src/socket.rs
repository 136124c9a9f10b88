//! AF_PACKET sockets with a TPACKET_V3 ring, in the order the kernel needs: version, filter,
//! ring, mmap, bind, fanout. The filter goes on before bind() so no unfiltered packet is queued.
use std::{
    io,
    mem::size_of,
    os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd},
    sync::atomic::{AtomicBool, Ordering::Relaxed},
};

use memmap2::MmapOptions;
use thiserror::Error;

use crate::{
    cli::{Direction, FanoutMode},
    filter::Filter,
    ring::{FRAME_SIZE, Ring, RingGeometry},
    tstamp::Stamping,
};

/// A socket set-up step the kernel refused.
#[derive(Debug, Error)]
#[error("{step}: {}", crate::strerror(.error))]
pub struct SocketError {
    step: &'static str,
    error: io::Error,
}

impl SocketError {
    /// The kernel said this process may not do it (EPERM, EACCES): libpcap's
    /// PCAP_ERROR_PERM_DENIED.
    pub fn permission_denied(&self) -> bool {
        matches!(self.error.kind(), io::ErrorKind::PermissionDenied)
    }
}

/// Whether this process may open packet sockets, asked as libpcap's activation asks it first:
/// a packet socket for no protocol (it receives nothing), opened and closed at once.
pub fn check_permission() -> Result<(), SocketError> {
    // SAFETY: plain socket(2); the result is checked.
    let raw = check("socket", unsafe {
        libc::socket(libc::AF_PACKET, libc::SOCK_RAW, 0)
    })?;
    // SAFETY: raw is a new descriptor nobody else owns; dropping it closes it.
    drop(unsafe { OwnedFd::from_raw_fd(raw) });
    Ok(())
}

/// Not in libc 0.2.191: the fanout flag that keeps outgoing packets out of the whole group.
const PACKET_FANOUT_FLAG_IGNORE_OUTGOING: u32 = 0x4000;

/// Not in libc: the SOL_PACKET option choosing the ring's time stamp source.
const PACKET_TIMESTAMP: libc::c_int = 17;

/// How to open one worker's socket.
pub struct SocketConfig<'a> {
    /// Interface index (0 = all interfaces, the `any` device).
    pub ifindex: u32,
    /// Take packets without their link header (SOCK_DGRAM), for a Linux cooked link type: the
    /// `any` device, and devices whose link header libpcap does not record.
    pub cooked: bool,
    /// Put the interface in promiscuous mode (for as long as the socket lives).
    pub promisc: bool,
    /// `-Q`: with `In`, the kernel does not queue outgoing packets at all.
    pub direction: Direction,
    /// The compiled filter, if any.
    pub filter: Option<&'a Filter>,
    /// Ring size.
    pub geometry: RingGeometry,
    /// Fanout group id and mode, when there are several workers.
    pub fanout: Option<(u16, FanoutMode)>,
    /// Block retire timeout: an idle link still hands its packets over within this many ms.
    pub retire_tov_ms: u32,
    /// `-j adapter|adapter_unsynced`: the adapter's time stamps in the ring.
    pub stamping: Stamping,
}

/// Kernel receive statistics (PACKET_STATISTICS), which reset on every read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KernelStats {
    /// Packets that passed the filter, dropped ones included.
    pub packets: u64,
    /// Packets dropped because the ring was full.
    pub drops: u64,
}

/// An AF_PACKET socket with its receive ring.
pub struct PacketSocket {
    fd: OwnedFd,
    /// Why the kernel refused the filter (libpcap then filters in user space, and so do the
    /// workers).
    filter_refused: Option<io::Error>,
    /// The interface's index (0: `any`).
    ifindex: u32,
    /// The kernel reported ENETDOWN and the interface has not been seen up since: it went
    /// down, or it is going away.
    netdown: AtomicBool,
}

fn check(step: &'static str, rc: libc::c_int) -> Result<libc::c_int, SocketError> {
    if rc < 0 {
        Err(SocketError {
            step,
            error: io::Error::last_os_error(),
        })
    } else {
        Ok(rc)
    }
}

impl PacketSocket {
    /// Opens the socket and maps its ring.
    pub fn open(cfg: &SocketConfig<'_>) -> Result<(Self, Ring), SocketError> {
        let proto = (libc::ETH_P_ALL as u16).to_be();
        let kind = if cfg.cooked {
            libc::SOCK_DGRAM
        } else {
            libc::SOCK_RAW
        };
        // SAFETY: plain socket(2); the result is checked.
        let raw = check("socket(AF_PACKET)", unsafe {
            libc::socket(libc::AF_PACKET, kind, i32::from(proto))
        })?;
        // SAFETY: raw is a new descriptor nobody else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let mut sock = Self {
            fd,
            filter_refused: None,
            ifindex: cfg.ifindex,
            netdown: AtomicBool::new(false),
        };
        sock.setsockopt(
            "PACKET_VERSION",
            libc::SOL_PACKET,
            libc::PACKET_VERSION,
            &(libc::tpacket_versions::TPACKET_V3 as libc::c_int),
        )?;
        if let Stamping::Hardware(source) = cfg.stamping {
            sock.setsockopt(
                "can't set PACKET_TIMESTAMP",
                libc::SOL_PACKET,
                PACKET_TIMESTAMP,
                &source,
            )?;
        }
        if cfg.direction == Direction::In {
            sock.setsockopt(
                "PACKET_IGNORE_OUTGOING",
                libc::SOL_PACKET,
                libc::PACKET_IGNORE_OUTGOING,
                &1 as &libc::c_int,
            )?;
        }
        if let Some(filter) = cfg.filter {
            let insns = filter.instructions();
            let prog = libc::sock_fprog {
                len: insns.len() as u16,
                filter: insns.as_ptr() as *mut _,
            };
            // A program the kernel refuses (protochain's backward jump, or too large for
            // the socket's option memory) is run by the workers instead, as libpcap does.
            let attached = sock.setsockopt(
                "SO_ATTACH_FILTER",
                libc::SOL_SOCKET,
                libc::SO_ATTACH_FILTER,
                &prog,
            );
            sock.filter_refused = attached.err().map(|e| e.error);
        }
        let g = cfg.geometry;
        let req = libc::tpacket_req3 {
            tp_block_size: g.block_size,
            tp_block_nr: g.block_nr,
            tp_frame_size: FRAME_SIZE,
            tp_frame_nr: g.block_size / FRAME_SIZE * g.block_nr,
            tp_retire_blk_tov: cfg.retire_tov_ms,
            tp_sizeof_priv: 0,
            // No TP_FT_REQ_FILL_RXHASH: nothing reads the flow hash, and asking for it makes
            // the kernel dissect and hash every frame in the receive path.
            tp_feature_req_word: 0,
        };
        sock.setsockopt(
            "PACKET_RX_RING",
            libc::SOL_PACKET,
            libc::PACKET_RX_RING,
            &req,
        )?;
        // SAFETY: the kernel backs exactly g.len() bytes of this socket's ring; the mapping is
        // shared with it and only read, except block_status words (see ring.rs).
        let map = unsafe {
            MmapOptions::new()
                .len(g.len())
                .populate()
                .map_mut(sock.fd.as_raw_fd())
        }
        .map_err(|error| SocketError {
            step: "mmap(PACKET_RX_RING)",
            error,
        })?;
        // SAFETY: sockaddr_ll is plain data; all-zero is a valid start value.
        let mut sll: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
        sll.sll_family = libc::AF_PACKET as u16;
        sll.sll_protocol = proto;
        sll.sll_ifindex = cfg.ifindex as i32;
        // SAFETY: sll is a valid sockaddr_ll and the length is its size.
        check("bind(AF_PACKET)", unsafe {
            libc::bind(
                sock.fd.as_raw_fd(),
                (&raw const sll).cast(),
                size_of::<libc::sockaddr_ll>() as u32,
            )
        })?;
        if cfg.promisc && cfg.ifindex != 0 {
            // SAFETY: packet_mreq is plain data; all-zero is a valid start value.
            let mut mreq: libc::packet_mreq = unsafe { std::mem::zeroed() };
            mreq.mr_ifindex = cfg.ifindex as i32;
            mreq.mr_type = libc::PACKET_MR_PROMISC as u16;
            sock.setsockopt(
                "PACKET_ADD_MEMBERSHIP",
                libc::SOL_PACKET,
                libc::PACKET_ADD_MEMBERSHIP,
                &mreq,
            )?;
        }
        if let Some((group, mode)) = cfg.fanout {
            let mode = match mode {
                FanoutMode::Hash => libc::PACKET_FANOUT_HASH,
                FanoutMode::Cpu => libc::PACKET_FANOUT_CPU,
                FanoutMode::Lb => libc::PACKET_FANOUT_LB,
                FanoutMode::Qm => libc::PACKET_FANOUT_QM,
            };
            // A fanout group has one receive hook; PACKET_IGNORE_OUTGOING on a member socket
            // does not reach it, the group flag does.
            let ignore = if cfg.direction == Direction::In {
                PACKET_FANOUT_FLAG_IGNORE_OUTGOING
            } else {
                0
            };
            let arg = u32::from(group) | ((mode | ignore) << 16);
            sock.setsockopt("PACKET_FANOUT", libc::SOL_PACKET, libc::PACKET_FANOUT, &arg)?;
        }
        Ok((sock, Ring::new(map, g)))
    }

    fn setsockopt<T>(
        &self,
        step: &'static str,
        level: i32,
        name: i32,
        value: &T,
    ) -> Result<(), SocketError> {
        // SAFETY: value points to a live T and the length passed is its size.
        let rc = unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                level,
                name,
                (value as *const T).cast(),
                size_of::<T>() as u32,
            )
        };
        check(step, rc).map(drop)
    }

    /// Why the kernel refused the filter, if it did: the packets must then be filtered in user
    /// space.
    pub fn filter_refused(&self) -> Option<&io::Error> {
        self.filter_refused.as_ref()
    }

    /// Reads (and so resets) the kernel's counters.
    pub fn take_stats(&self) -> Result<KernelStats, SocketError> {
        // SAFETY: tpacket_stats_v3 is plain data; all-zero is a valid start value.
        let mut st: libc::tpacket_stats_v3 = unsafe { std::mem::zeroed() };
        let mut len = size_of::<libc::tpacket_stats_v3>() as libc::socklen_t;
        // SAFETY: st and len are valid for writes of the sizes given.
        check("PACKET_STATISTICS", unsafe {
            libc::getsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_PACKET,
                libc::PACKET_STATISTICS,
                (&raw mut st).cast(),
                &mut len,
            )
        })?;
        Ok(KernelStats {
            packets: u64::from(st.tp_packets),
            drops: u64::from(st.tp_drops),
        })
    }

    /// Waits until the ring may have a block for userspace, or `timeout_ms` passes. As
    /// libpcap: an interface that goes down (ENETDOWN) is waited for, and the socket, still
    /// bound, receives again once it is back up; one that is gone fails with ENODEV. Other
    /// socket errors fail as they are.
    pub fn wait(&self, timeout_ms: i32) -> io::Result<()> {
        let mut pfd = libc::pollfd {
            fd: self.fd.as_raw_fd(),
            events: libc::POLLIN | libc::POLLERR,
            revents: 0,
        };
        // SAFETY: pfd is one valid pollfd.
        let rc = unsafe { libc::poll(&mut pfd, 1, timeout_ms) };
        if rc < 0 {
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(err);
            }
        }
        if pfd.revents & libc::POLLERR != 0 {
            // Reading the socket's pending error also clears it.
            let mut err: libc::c_int = 0;
            let mut len = size_of::<libc::c_int>() as libc::socklen_t;
            // SAFETY: err and len are valid for writes of the sizes given.
            unsafe {
                libc::getsockopt(
                    self.fd.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_ERROR,
                    (&raw mut err).cast(),
                    &mut len,
                )
            };
            match err {
                0 => {}
                libc::ENETDOWN => self.netdown.store(true, Relaxed),
                e => return Err(io::Error::from_raw_os_error(e)),
            }
        }
        // Down, or on its way out: the kernel says ENETDOWN for both, and the interface may
        // still be listed for a moment after it is removed, so look on every wait until it
        // is either gone or up again.
        if self.netdown.load(Relaxed) {
            match crate::iface::is_up(self.ifindex) {
                None => return Err(io::Error::from_raw_os_error(libc::ENODEV)),
                Some(true) => self.netdown.store(false, Relaxed),
                Some(false) => {}
            }
        }
        Ok(())
    }
}

impl AsFd for PacketSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
