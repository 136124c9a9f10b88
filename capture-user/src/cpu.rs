//! CPUs: which ones the process may run on, pinning a thread to one, and where the writer goes.
use anyhow::{Result, bail};

/// The CPUs this process may run on (its affinity mask, e.g. under `taskset`), in order.
pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: cpu_set_t is plain data; sched_getaffinity(0) fills it for this thread, and
    // CPU_ISSET only reads inside it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return vec![0];
        }
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect()
    }
}

/// Pins the calling thread to `cpu`; a failure (CPU offline, cgroup) only costs locality.
pub fn pin_to_cpu(cpu: usize) {
    // SAFETY: cpu_set_t is plain data; CPU_SET writes inside it; sched_setaffinity(0) applies
    // to the calling thread only.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// Lets the calling thread run on any of `cpus` (a helper thread, such as the uploader, that
/// must not stay on the CPU of the thread that started it); a failure only costs placement.
pub fn pin_to_cpus(cpus: &[usize]) {
    // SAFETY: cpu_set_t is plain data; CPU_SET writes inside it (CPUs past CPU_SETSIZE are
    // skipped); sched_setaffinity(0) applies to the calling thread only.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for &cpu in cpus.iter().filter(|&&c| c < libc::CPU_SETSIZE as usize) {
            libc::CPU_SET(cpu, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// The CPU the writer runs on: `requested` if the process may use it, else (by default) the
/// first allowed CPU that runs no worker, so merging and writing never take a worker's core.
/// `None`: every allowed CPU runs a worker, and the scheduler places the writer.
pub fn choose_writer_cpu(
    requested: Option<usize>,
    allowed: &[usize],
    worker_cpus: &[usize],
) -> Result<Option<usize>> {
    match requested {
        Some(cpu) if allowed.contains(&cpu) => Ok(Some(cpu)),
        Some(cpu) => {
            let list: Vec<String> = allowed.iter().map(usize::to_string).collect();
            bail!(
                "--writer-cpu {cpu}: not a CPU this process may run on (allowed: {})",
                list.join(",")
            )
        }
        None => Ok(allowed.iter().copied().find(|c| !worker_cpus.contains(c))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_cpus_follow_the_affinity_mask() {
        let all = allowed_cpus();
        assert!(!all.is_empty());
        let last = *all.last().unwrap();
        // A thread restricted to one CPU sees only that one, as a worker under taskset would.
        let seen = std::thread::spawn(move || {
            pin_to_cpu(last);
            allowed_cpus()
        })
        .join()
        .unwrap();
        assert_eq!(seen, [last]);
    }

    #[test]
    fn writer_cpu_is_checked_and_defaults_to_a_free_cpu() {
        assert_eq!(
            choose_writer_cpu(Some(3), &[2, 3], &[2, 3]).unwrap(),
            Some(3)
        );
        let e = choose_writer_cpu(Some(1), &[2, 3], &[2]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--writer-cpu 1: not a CPU this process may run on (allowed: 2,3)"
        );
        assert_eq!(
            choose_writer_cpu(None, &[0, 1, 2], &[0, 1]).unwrap(),
            Some(2)
        );
        assert_eq!(choose_writer_cpu(None, &[0, 1], &[0, 1]).unwrap(), None);
        // The XDP backend has no socket workers: the writer takes the first allowed CPU.
        assert_eq!(choose_writer_cpu(None, &[4, 5], &[]).unwrap(), Some(4));
    }
}
