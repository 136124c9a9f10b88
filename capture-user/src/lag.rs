//! Writer lag: how old packets are when the writer writes them (now minus the packet's
//! timestamp), kept in HDR histograms over a sliding window for the metrics endpoint.
//!
//! One sample per write pass, not per packet: the age of the oldest packet the pass wrote,
//! which is the largest lag of the pass. The window is the current minute and the one before
//! (60 to 120 seconds of samples), so quantiles follow what the writer does now rather than
//! since the start, as a Prometheus summary's do.
use std::{
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use hdrhistogram::Histogram;

/// How long a histogram collects before it becomes the previous one.
const WINDOW: Duration = Duration::from_secs(60);
/// Lags are kept from 1 µs up to an hour (longer ones count as an hour), to 3 significant
/// digits.
const LOWEST_NS: u64 = 1_000;
const HIGHEST_NS: u64 = 3_600_000_000_000;
const DIGITS: u8 = 3;

/// The lag histograms, shared by the writer (which records) and the metrics endpoint (which
/// reads quantiles).
pub struct WriterLag {
    window: Mutex<Window>,
}

struct Window {
    current: Histogram<u64>,
    previous: Histogram<u64>,
    started: Instant,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(LOWEST_NS, HIGHEST_NS, DIGITS).expect("constant bounds are valid")
}

impl Default for WriterLag {
    fn default() -> Self {
        Self {
            window: Mutex::new(Window {
                current: histogram(),
                previous: histogram(),
                started: Instant::now(),
            }),
        }
    }
}

impl WriterLag {
    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records one write pass whose oldest packet was `lag_ns` old.
    pub fn record(&self, lag_ns: u64) {
        self.lock().current.saturating_record(lag_ns.max(LOWEST_NS));
    }

    /// Moves the window on once a minute; the writer calls it about once a second.
    pub fn tick(&self, now: Instant) {
        let mut w = self.lock();
        if now.duration_since(w.started) >= WINDOW {
            let current = std::mem::replace(&mut w.current, histogram());
            w.previous = current;
            w.started = now;
        }
    }

    /// The samples in the window and, for each of `quantiles` (0 to 1), the lag in nanoseconds
    /// at or below which that share of them lies (None when the window is empty).
    pub fn quantiles(&self, quantiles: &[f64]) -> (u64, Vec<Option<u64>>) {
        let w = self.lock();
        let mut both = w.previous.clone();
        // Same bounds, so adding cannot fail.
        let _ = both.add(&w.current);
        drop(w);
        let n = both.len();
        let values = quantiles
            .iter()
            .map(|&q| (n > 0).then(|| both.value_at_quantile(q)))
            .collect();
        (n, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_over_a_sliding_window() {
        let lag = WriterLag::default();
        assert_eq!(lag.quantiles(&[0.5]), (0, vec![None]));
        let t0 = Instant::now();
        // 1 to 100 ms, once each.
        for ms in 1..=100 {
            lag.record(ms * 1_000_000);
        }
        let (n, q) = lag.quantiles(&[0.5, 0.99, 1.0]);
        assert_eq!(n, 100);
        let ms = |v: Option<u64>| v.map(|ns| (ns as f64 / 1e6).round() as u64);
        assert_eq!(
            q.into_iter().map(ms).collect::<Vec<_>>(),
            [Some(50), Some(99), Some(100)]
        );
        // A minute on, the samples are the previous minute's: still counted.
        lag.tick(t0 + WINDOW + Duration::from_millis(1));
        lag.record(5_000_000_000);
        let (n, q) = lag.quantiles(&[1.0]);
        assert_eq!(n, 101);
        // Three significant digits: within 0.1 %.
        assert!(
            q[0].is_some_and(|ns| ns.abs_diff(5_000_000_000) <= 5_000_000),
            "{q:?}"
        );
        // Two minutes on, the first minute's are gone.
        lag.tick(t0 + 2 * WINDOW + Duration::from_millis(2));
        assert_eq!(lag.quantiles(&[1.0]).0, 1);
        lag.tick(t0 + 3 * WINDOW + Duration::from_millis(3));
        assert_eq!(lag.quantiles(&[1.0]), (0, vec![None]));
    }

    #[test]
    fn out_of_range_lags_are_clamped() {
        let lag = WriterLag::default();
        lag.record(0);
        lag.record(u64::MAX);
        let (n, q) = lag.quantiles(&[0.0, 1.0]);
        assert_eq!(n, 2);
        assert!(q[0].is_some_and(|v| v <= 2 * LOWEST_NS));
        assert!(q[1].is_some_and(|v| v >= HIGHEST_NS));
    }
}
