//! The signals capture answers as tcpdump answers them: SIGINT, SIGTERM and SIGHUP end a
//! capture, or the reading of files, cleanly, with the file closed and the summary printed
//! (SIGHUP not when it was ignored at start, as nohup(1) leaves it, which tcpdump respects
//! too); SIGUSR2 writes the open file out (tcpdump's `pcap_dump_flush`); SIGUSR1 prints the
//! one-line statistics of a live capture (reading files, tcpdump leaves it its default
//! action). Unhandled, these signals end the process at once and lose what the writer holds.
//!
//! tcpdump's handlers for the first three have no `SA_RESTART`: when one comes while it waits
//! for a pipe's next bytes (`ssh host tcpdump -w - | tcpdump -r -`, then Ctrl-C), its read
//! fails with EINTR and the reading ends in an error. Reading files, capture keeps a socket
//! that those signals write a byte to, and a read that would wait ([`wait_readable`]) waits
//! on it too.
use std::{
    io,
    os::{
        fd::{AsFd, AsRawFd, BorrowedFd},
        unix::net::UnixStream,
    },
    sync::{Arc, OnceLock, atomic::AtomicBool, atomic::Ordering::Relaxed},
};

use signal_hook::{
    consts::{SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2},
    flag,
};

/// Flags the handlers set; the capture's loop reads and clears them.
pub struct Signals {
    /// SIGINT, SIGTERM or SIGHUP arrived.
    pub stop: Arc<AtomicBool>,
    /// SIGUSR1 arrived (live only).
    pub usr1: Arc<AtomicBool>,
    /// SIGUSR2 arrived.
    pub usr2: Arc<AtomicBool>,
}

impl Signals {
    /// Installs the handlers; SIGUSR1's only when `live`, the wake-up of reads that wait
    /// ([`wait_readable`]) only when not.
    pub fn register(live: bool) -> io::Result<Self> {
        let s = Signals {
            stop: Arc::default(),
            usr1: Arc::default(),
            usr2: Arc::default(),
        };
        let mut stops = vec![SIGINT, SIGTERM];
        if !ignored(SIGHUP) {
            stops.push(SIGHUP);
        }
        for &sig in &stops {
            flag::register(sig, Arc::clone(&s.stop))?;
        }
        if live {
            flag::register(SIGUSR1, Arc::clone(&s.usr1))?;
        } else if STOP_WAKE.get().is_none() {
            let (wake, signalled) = UnixStream::pair()?;
            for &sig in &stops {
                signal_hook::low_level::pipe::register(sig, signalled.try_clone()?)?;
            }
            wake.set_nonblocking(true)?;
            // Registered once per process: a second reading of files shares it.
            let _ = STOP_WAKE.set(wake);
        }
        flag::register(SIGUSR2, Arc::clone(&s.usr2))?;
        Ok(s)
    }

    /// A stop signal ended a read that waited, in an error ([`wait_readable`]): as tcpdump's
    /// break of the loop, it is spent with the file it ended, and a `-V` list goes on to the
    /// next file.
    pub fn spend_stop(&self) {
        self.stop.store(false, Relaxed);
        if let Some(wake) = STOP_WAKE.get() {
            let mut buf = [0u8; 64];
            while matches!(io::Read::read(&mut &*wake, &mut buf), Ok(n) if n > 0) {}
        }
    }
}

/// The read end of the socket the stop signals write to, when reading files.
static STOP_WAKE: OnceLock<UnixStream> = OnceLock::new();

/// A stop signal came while a read waited for its bytes: tcpdump's read() fails with EINTR
/// there, and so its message is EINTR's.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::strerror(&io::Error::from_raw_os_error(libc::EINTR)))]
pub struct StoppedWaiting;

/// Waits until `fd` has bytes to read (or its end), or a stop signal comes (reading files,
/// once [`Signals::register`] has run; before, it returns at once and the read waits alone).
pub fn wait_readable(fd: BorrowedFd<'_>) -> Result<(), StoppedWaiting> {
    let Some(wake) = STOP_WAKE.get() else {
        return Ok(());
    };
    let mut fds = [fd.as_raw_fd(), wake.as_fd().as_raw_fd()].map(|fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    });
    loop {
        // SAFETY: `fds` is an array of two initialised pollfd that outlives the call, and the
        // count passed is its length.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if fds[1].revents != 0 {
            return Err(StoppedWaiting);
        }
        // Readable, at its end, or in error: the read itself tells which. Anything else (a
        // handler of another signal ran, EINTR) waits again.
        if rc > 0 {
            return Ok(());
        }
    }
}

/// Whether `sig` is ignored (SIG_IGN), as nohup(1) leaves SIGHUP for the program it runs.
fn ignored(sig: libc::c_int) -> bool {
    // SAFETY: sigaction is plain data; all-zero is a valid start value.
    let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: with no new action, sigaction only writes the current one into `current`.
    let rc = unsafe { libc::sigaction(sig, std::ptr::null(), &mut current) };
    rc == 0 && current.sa_sigaction == libc::SIG_IGN
}
