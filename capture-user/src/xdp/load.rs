//! Kernel glue for the generated filter: BPF_PROG_LOAD (with the verifier log on failure),
//! BPF_MAP_UPDATE_ELEM on the program array, and BPF_PROG_TEST_RUN. aya loads programs from an
//! object file only, so the run-time translated filter goes through bpf(2) directly. This is the
//! only module of the XDP backend with `unsafe`, so the few other system calls the backend
//! makes (clock_gettime, poll) have their safe wrappers here too.
use std::{
    io,
    os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd},
};

use thiserror::Error;

use super::translate::Insn;

const BPF_MAP_UPDATE_ELEM: libc::c_long = 2;
const BPF_PROG_LOAD: libc::c_long = 5;
const BPF_PROG_TEST_RUN: libc::c_long = 10;
const BPF_PROG_TYPE_XDP: u32 = 6;
/// `enum bpf_attach_type` BPF_XDP: aya loads interface XDP programs with it, and the kernel only
/// tail-calls between programs of the same expected attach type.
const BPF_XDP: u32 = 37;
/// The program handles multi-buffer frames; tail calls require all programs to agree on it.
const BPF_F_XDP_HAS_FRAGS: u32 = 1 << 5;
/// Verifier log size when a load fails (the kernel's maximum is larger; this holds any log of
/// a filter libpcap can produce with room to spare).
const LOG_SIZE: usize = 4 << 20;

/// A bpf(2) call the kernel refused.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The verifier refused the generated filter.
    #[error("the kernel refused the translated filter: {source}\nverifier log (tail):\n{log}")]
    Verifier {
        /// errno of BPF_PROG_LOAD.
        source: io::Error,
        /// The end of the verifier log.
        log: String,
    },
    /// Another bpf(2) command failed.
    #[error("bpf({cmd}): {source}")]
    Syscall {
        /// The command.
        cmd: &'static str,
        /// errno.
        source: io::Error,
    },
}

/// `union bpf_attr` is 144+ bytes on current kernels; commands read only their own prefix, and
/// the kernel requires every byte past it to be zero, which a zeroed buffer of this size gives.
#[repr(C, align(8))]
struct Attr([u8; 160]);

impl Attr {
    fn new() -> Self {
        Self([0; 160])
    }
    fn u32(&mut self, off: usize, v: u32) -> &mut Self {
        self.0[off..off + 4].copy_from_slice(&v.to_ne_bytes());
        self
    }
    fn u64(&mut self, off: usize, v: u64) -> &mut Self {
        self.0[off..off + 8].copy_from_slice(&v.to_ne_bytes());
        self
    }
    fn get_u32(&self, off: usize) -> u32 {
        u32::from_ne_bytes(self.0[off..off + 4].try_into().expect("4 bytes"))
    }
}

fn bpf(cmd: libc::c_long, attr: &mut Attr) -> io::Result<libc::c_long> {
    // SAFETY: attr is a writable buffer of the size passed, laid out as the prefix of
    // `union bpf_attr` the command reads; every pointer stored in it refers to memory the
    // caller keeps alive for the duration of the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            cmd,
            attr.0.as_mut_ptr(),
            std::mem::size_of::<Attr>(),
        )
    };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// Loads `insns` as a frags-aware XDP program named `name`; on a verifier refusal the error
/// carries the tail of the verifier log.
pub fn load_xdp(insns: &[Insn], name: &str) -> Result<OwnedFd, LoadError> {
    let license = c"GPL";
    let mut prog_name = [0u8; 16];
    for (d, s) in prog_name.iter_mut().zip(name.bytes().take(15)) {
        *d = s;
    }
    let attempt = |log: Option<&mut Vec<u8>>| {
        let mut attr = Attr::new();
        attr.u32(0, BPF_PROG_TYPE_XDP)
            .u32(4, insns.len() as u32)
            .u64(8, insns.as_ptr() as u64)
            .u64(16, license.as_ptr() as u64)
            .u32(44, BPF_F_XDP_HAS_FRAGS)
            .u32(68, BPF_XDP);
        attr.0[48..64].copy_from_slice(&prog_name);
        if let Some(buf) = log {
            attr.u32(24, 1)
                .u32(28, buf.len() as u32)
                .u64(32, buf.as_mut_ptr() as u64);
        }
        bpf(BPF_PROG_LOAD, &mut attr)
    };
    match attempt(None) {
        // SAFETY: BPF_PROG_LOAD returned a new file descriptor that nothing else owns.
        Ok(fd) => Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) }),
        Err(first) => {
            // Load again with the log on, only to explain the refusal.
            let mut buf = vec![0u8; LOG_SIZE];
            let _ = attempt(Some(&mut buf));
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            let text = String::from_utf8_lossy(&buf[..end]);
            let lines: Vec<&str> = text.lines().collect();
            let log = lines[lines.len().saturating_sub(30)..].join("\n");
            Err(LoadError::Verifier { source: first, log })
        }
    }
}

/// Puts program `prog` into slot `slot` of the program array `map`.
pub fn set_slot(map: BorrowedFd<'_>, slot: u32, prog: BorrowedFd<'_>) -> Result<(), LoadError> {
    let key = slot;
    let value = prog.as_raw_fd() as u32;
    let mut attr = Attr::new();
    attr.u32(0, map.as_raw_fd() as u32)
        .u64(8, &key as *const u32 as u64)
        .u64(16, &value as *const u32 as u64)
        .u64(24, 0);
    bpf(BPF_MAP_UPDATE_ELEM, &mut attr)
        .map(|_| ())
        .map_err(|source| LoadError::Syscall {
            cmd: "BPF_MAP_UPDATE_ELEM",
            source,
        })
}

/// Runs XDP program `prog` once on `frame` (BPF_PROG_TEST_RUN) and returns its XDP action.
/// Frames longer than a page go into fragments, as on a multi-buffer receive.
pub fn test_run(prog: BorrowedFd<'_>, frame: &[u8]) -> Result<u32, LoadError> {
    let mut attr = Attr::new();
    attr.u32(0, prog.as_raw_fd() as u32)
        .u32(8, frame.len() as u32)
        .u64(16, frame.as_ptr() as u64)
        .u32(32, 1);
    bpf(BPF_PROG_TEST_RUN, &mut attr).map_err(|source| LoadError::Syscall {
        cmd: "BPF_PROG_TEST_RUN",
        source,
    })?;
    Ok(attr.get_u32(4))
}

/// Waits up to `timeout_ms` for `fd` to become readable (an interrupted wait just returns).
pub fn wait_readable(fd: BorrowedFd<'_>, timeout_ms: i32) {
    let mut pfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: pfd is one valid pollfd whose descriptor is borrowed for the call.
    unsafe { libc::poll(&mut pfd, 1, timeout_ms) };
}

/// Puts interface `ifindex` into promiscuous mode for as long as the returned descriptor is
/// open, as a capture socket does with PACKET_MR_PROMISC: the XDP backend has no capture socket,
/// so it opens one that receives nothing (protocol 0) just to hold the membership. The kernel
/// counts promiscuity, so other users of the interface are unaffected when it closes.
pub fn promiscuous(ifindex: u32) -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2); the result is checked before use.
    let raw = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_CLOEXEC, 0) };
    if raw < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: raw is a fresh descriptor nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // SAFETY: packet_mreq is plain data; all-zero is a valid start value.
    let mut mreq: libc::packet_mreq = unsafe { std::mem::zeroed() };
    mreq.mr_ifindex = ifindex as i32;
    mreq.mr_type = libc::PACKET_MR_PROMISC as u16;
    // SAFETY: mreq is a valid packet_mreq and the length passed is its size.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_PACKET,
            libc::PACKET_ADD_MEMBERSHIP,
            (&raw const mreq).cast(),
            std::mem::size_of::<libc::packet_mreq>() as u32,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(fd)
}
