//! What a running process holds, read from /proc: resident memory (VmRSS), open file
//! descriptors (/proc/PID/fd) and threads (/proc/PID/task).
use std::fs;

use anyhow::{Context, Result};
use serde::Serialize;

/// One reading of a process.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Sample {
    /// Seconds since the traffic started.
    pub t: f64,
    /// Resident set size, KiB.
    pub rss_kib: u64,
    /// Open file descriptors.
    pub fds: u64,
    /// Threads.
    pub threads: u64,
    /// Frames sent so far.
    pub sent: u64,
}

/// Reads process `pid` at time `t` (with `sent` frames sent so far).
pub fn read(pid: i32, t: f64, sent: u64) -> Result<Sample> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    Ok(Sample {
        t,
        rss_kib: status_kib(&status, "VmRSS:")
            .with_context(|| format!("no VmRSS in /proc/{pid}/status"))?,
        fds: entries(&format!("/proc/{pid}/fd"))?,
        threads: entries(&format!("/proc/{pid}/task"))?,
        sent,
    })
}

fn entries(dir: &str) -> Result<u64> {
    Ok(fs::read_dir(dir)
        .with_context(|| format!("listing {dir}"))?
        .count() as u64)
}

/// The KiB figure of line `key` in a /proc/PID/status text.
fn status_kib(text: &str, key: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let s = read(std::process::id() as i32, 1.5, 7).unwrap();
        assert!(s.rss_kib > 0 && s.fds >= 3 && s.threads >= 1);
        assert_eq!((s.t, s.sent), (1.5, 7));
        let text = "VmHWM:\t  9 kB\nVmRSS:\t    2048 kB\n";
        assert_eq!(status_kib(text, "VmRSS:"), Some(2048));
        assert_eq!(status_kib(text, "VmSwap:"), None);
    }
}
