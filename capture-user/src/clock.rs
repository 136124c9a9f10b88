//! Clocks: the realtime clock ring timestamps are on, and the CLOCK_REALTIME − CLOCK_MONOTONIC
//! offset that puts the XDP records' `bpf_ktime_get_ns()` stamps on it.
//!
//! The offset is sampled often but taken up only when it moved by more than [`OFFSET_STEP`]:
//! the sampling jitter (microseconds when the thread is preempted between the two clock reads)
//! would otherwise reorder close packets, while a clock step or accumulated NTP slew is still
//! followed, as AF_PACKET's stamps follow it.
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A new realtime offset is taken up only when it differs by more than this from the one in use.
pub const OFFSET_STEP: Duration = Duration::from_millis(1);
/// How often the realtime offset is sampled.
pub const OFFSET_EVERY: Duration = Duration::from_millis(100);

/// Realtime clock in nanoseconds since the epoch (the clock of ring timestamps).
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// `clock`'s time in nanoseconds (CLOCK_REALTIME, CLOCK_MONOTONIC...).
pub fn clock_ns(clock: libc::clockid_t) -> i128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid timespec the call writes; the clocks used here always exist.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec)
}

/// CLOCK_REALTIME − CLOCK_MONOTONIC, with the hysteresis of [`OFFSET_STEP`].
#[derive(Debug)]
pub struct ClockOffset {
    offset: i64,
    sampled: Instant,
}

impl Default for ClockOffset {
    fn default() -> Self {
        Self {
            offset: realtime_offset_ns(),
            sampled: Instant::now(),
        }
    }
}

impl ClockOffset {
    /// The offset to use now: a fresh sample (taken every [`OFFSET_EVERY`]) if it moved by more
    /// than [`OFFSET_STEP`].
    pub fn current(&mut self) -> i64 {
        if self.sampled.elapsed() >= OFFSET_EVERY {
            self.sampled = Instant::now();
            self.update(realtime_offset_ns());
        }
        self.offset
    }

    fn update(&mut self, sample: i64) -> i64 {
        if sample.abs_diff(self.offset) > OFFSET_STEP.as_nanos() as u64 {
            self.offset = sample;
        }
        self.offset
    }
}

/// CLOCK_REALTIME − CLOCK_MONOTONIC in nanoseconds, read as close together as possible.
pub fn realtime_offset_ns() -> i64 {
    let now = clock_ns;
    // Bracket the monotonic read between two realtime reads, take the midpoint of the tightest
    // of three brackets (a preempted one is wide).
    (0..3)
        .map(|_| {
            let r1 = now(libc::CLOCK_REALTIME);
            let m = now(libc::CLOCK_MONOTONIC);
            let r2 = now(libc::CLOCK_REALTIME);
            (r2 - r1, (r1 + r2) / 2 - m)
        })
        .min_by_key(|&(width, _)| width)
        .map_or(0, |(_, offset)| offset as i64)
}

/// CLOCK_MONOTONIC in nanoseconds (the clock of `bpf_ktime_get_ns`).
pub fn mono_now_ns() -> u64 {
    clock_ns(libc::CLOCK_MONOTONIC) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_jitter_is_ignored_and_steps_are_followed() {
        let mut c = ClockOffset {
            offset: 1_000_000_000,
            sampled: Instant::now(),
        };
        assert_eq!(c.update(1_000_300_000), 1_000_000_000, "0.3 ms of jitter");
        assert_eq!(c.update(999_500_000), 1_000_000_000);
        assert_eq!(c.update(3_000_000_000), 3_000_000_000, "a 2 s step");
    }

    #[test]
    fn realtime_offset_is_plausible() {
        // Realtime is decades past the epoch; monotonic counts from boot.
        assert!(realtime_offset_ns() > 1_500_000_000 * 1_000_000_000);
    }
}
