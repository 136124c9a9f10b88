//! What a capture process costs: CPU time (from `/proc/PID/task/*/schedstat` during the traffic
//! window, and wait4's rusage for the whole life), peak RSS (VmHWM), and the CPU time of the veth's
//! threaded-NAPI kernel thread, where the kernel side of every AF_PACKET tool runs.
use std::{
    fs,
    io::{self, Write},
    os::unix::process::CommandExt,
    process::Command,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

/// CPU time in nanoseconds that every thread of `pid` has run so far (user + system), from the
/// scheduler's nanosecond accounting rather than the 10 ms ticks of /proc/PID/stat.
pub fn cpu_ns(pid: i32) -> Result<u64> {
    let mut total = 0u64;
    let dir = format!("/proc/{pid}/task");
    for entry in fs::read_dir(&dir).with_context(|| dir.clone())? {
        let path = entry?.path().join("schedstat");
        // A thread may exit between readdir and open: it no longer runs, skip it.
        if let Ok(text) = fs::read_to_string(&path) {
            total += parse_schedstat(&text).unwrap_or(0);
        }
    }
    Ok(total)
}

/// First field of a schedstat line: time spent on the CPU, in nanoseconds.
fn parse_schedstat(text: &str) -> Option<u64> {
    text.split_whitespace().next()?.parse().ok()
}

/// Peak resident set size of `pid` in KiB (VmHWM from /proc/PID/status).
pub fn vm_hwm_kib(pid: i32) -> Option<u64> {
    let text = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_status_kib(&text, "VmHWM:")
}

fn parse_status_kib(text: &str, key: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// How a reaped child ended and what it cost over its whole life.
#[derive(Clone, Copy, Debug)]
pub struct Reaped {
    /// Exit code, or 128 + signal number.
    pub code: i32,
    /// User CPU time, nanoseconds.
    pub user_ns: u64,
    /// System CPU time, nanoseconds.
    pub sys_ns: u64,
    /// Peak RSS over the process's life (ru_maxrss), KiB.
    pub maxrss_kib: u64,
}

/// Waits for child `pid` for at most `timeout`, reaping it with wait4(2) for its rusage; after the
/// timeout the child is sent SIGKILL (by its PID) and reaped.
pub fn reap(pid: i32, timeout: Duration) -> Result<Reaped> {
    let start = Instant::now();
    let mut killed = false;
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain data; all-zero is a valid start value.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child; status and ru are valid for writes.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if rc < 0 {
            return Err(io::Error::last_os_error()).context("wait4");
        }
        if rc == pid {
            let code = if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                128 + libc::WTERMSIG(status)
            };
            let ns =
                |tv: libc::timeval| tv.tv_sec as u64 * 1_000_000_000 + tv.tv_usec as u64 * 1000;
            return Ok(Reaped {
                code,
                user_ns: ns(ru.ru_utime),
                sys_ns: ns(ru.ru_stime),
                maxrss_kib: ru.ru_maxrss as u64,
            });
        }
        if start.elapsed() > timeout && !killed {
            eprintln!("bench: pid {pid} did not exit in {timeout:?}; sending SIGKILL");
            // SAFETY: kill(2) on our own child's PID, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Sends signal `sig` to child `pid` (by its PID only).
pub fn signal(pid: i32, sig: i32) {
    // SAFETY: kill(2) on a PID the caller started and has not reaped.
    unsafe { libc::kill(pid, sig) };
}

/// Makes `cmd`'s child receive SIGTERM when the harness dies, so a crashed or interrupted run
/// leaves no capture running (PR_SET_PDEATHSIG survives exec for non-setuid programs).
pub fn die_with_parent(cmd: &mut Command) {
    // SAFETY: the closure runs in the forked child before exec and only calls prctl(2).
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Threads of the kernel's threaded NAPI for `dev` (named `napi/DEV-ID`).
pub fn napi_threads(dev: &str) -> Vec<i32> {
    let prefix = format!("napi/{dev}-");
    let Ok(dir) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| {
        let e = e.ok()?;
        let pid: i32 = e.file_name().to_str()?.parse().ok()?;
        let comm = fs::read_to_string(e.path().join("comm")).ok()?;
        comm.trim().starts_with(&prefix).then_some(pid)
    })
    .collect()
}

/// Restricts thread or process `tid` to `cpus`.
pub fn set_affinity(tid: i32, cpus: &[usize]) -> Result<()> {
    let set = cpu_set(cpus);
    // SAFETY: set is an initialised cpu_set_t and the size passed is its size.
    let rc = unsafe { libc::sched_setaffinity(tid, std::mem::size_of::<libc::cpu_set_t>(), &set) };
    if rc != 0 {
        bail!(
            "sched_setaffinity({tid}, {cpus:?}): {}",
            io::Error::last_os_error()
        );
    }
    Ok(())
}

/// Sets the nice value of thread or process `tid` (0: the calling thread).
pub fn set_nice(tid: i32, nice: i32) -> Result<()> {
    // SAFETY: setpriority has no memory arguments; `tid` 0 means the calling thread.
    let rc = unsafe { libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice) };
    if rc != 0 {
        bail!("setpriority({tid}, {nice}): {}", io::Error::last_os_error());
    }
    Ok(())
}

/// Puts thread `tid` under SCHED_FIFO at `priority`.
pub fn set_fifo(tid: i32, priority: i32) -> Result<()> {
    let param = libc::sched_param {
        sched_priority: priority,
    };
    // SAFETY: param is valid for reads for the duration of the call.
    let rc = unsafe { libc::sched_setscheduler(tid, libc::SCHED_FIFO, &param) };
    if rc != 0 {
        bail!(
            "sched_setscheduler({tid}, SCHED_FIFO, {priority}): {}",
            io::Error::last_os_error()
        );
    }
    Ok(())
}

/// While held, CPUs never enter an idle state with an exit latency: `/dev/cpu_dma_latency` held
/// open with 0 (PM QoS), so an idle CPU polls instead of halting. The request ends when the file
/// is closed.
pub struct NoHalt {
    _request: fs::File,
}

impl NoHalt {
    /// Opens the request.
    pub fn hold() -> Result<Self> {
        let path = "/dev/cpu_dma_latency";
        let mut f = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("opening {path}"))?;
        f.write_all(&0i32.to_ne_bytes())
            .with_context(|| format!("writing {path}"))?;
        Ok(Self { _request: f })
    }
}

/// Makes `cmd`'s child run on `cpus` at `nice` from its first instruction (set between fork and
/// exec, as `taskset` and `nice` would).
pub fn pin_on_exec(cmd: &mut Command, cpus: &[usize], nice: i32) {
    let set = cpu_set(cpus);
    // SAFETY: the closure runs in the forked child before exec and only makes async-signal-safe
    // system calls on data prepared before the fork.
    unsafe {
        cmd.pre_exec(move || {
            if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0
                || libc::setpriority(libc::PRIO_PROCESS, 0, nice) != 0
            {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// A cpu_set_t holding `cpus`.
pub fn cpu_set(cpus: &[usize]) -> libc::cpu_set_t {
    // SAFETY: cpu_set_t is plain data; all-zero is the empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    for &c in cpus {
        // SAFETY: CPU_SET writes a bit inside `set` (it ignores CPUs beyond the set's size).
        unsafe { libc::CPU_SET(c, &mut set) };
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_fields() {
        assert_eq!(parse_schedstat("123456 789 10\n"), Some(123_456));
        let status = "Name:\tx\nVmPeak:\t  100 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(parse_status_kib(status, "VmHWM:"), Some(2048));
        assert_eq!(parse_status_kib(status, "VmSwap:"), None);
    }

    #[test]
    fn own_cpu_time_is_readable() {
        let pid = std::process::id() as i32;
        assert!(cpu_ns(pid).unwrap() > 0);
        assert!(vm_hwm_kib(pid).unwrap() > 0);
    }
}
