//! The signals capture answers as tcpdump answers them: SIGINT, SIGTERM and SIGHUP end a
//! capture, or the reading of files, cleanly, with the file closed and the summary printed
//! (SIGHUP not when it was ignored at start, as nohup(1) leaves it, which tcpdump respects
//! too); SIGUSR2 writes the open file out (tcpdump's `pcap_dump_flush`); SIGUSR1 prints the
//! one-line statistics of a live capture (reading files, tcpdump leaves it its default
//! action). Unhandled, these signals end the process at once and lose what the writer holds.
use std::{
    io,
    sync::{Arc, atomic::AtomicBool},
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
    /// Installs the handlers; SIGUSR1's only when `live`.
    pub fn register(live: bool) -> io::Result<Self> {
        let s = Signals {
            stop: Arc::default(),
            usr1: Arc::default(),
            usr2: Arc::default(),
        };
        for sig in [SIGINT, SIGTERM] {
            flag::register(sig, Arc::clone(&s.stop))?;
        }
        if !ignored(SIGHUP) {
            flag::register(SIGHUP, Arc::clone(&s.stop))?;
        }
        if live {
            flag::register(SIGUSR1, Arc::clone(&s.usr1))?;
        }
        flag::register(SIGUSR2, Arc::clone(&s.usr2))?;
        Ok(s)
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
