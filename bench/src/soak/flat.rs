//! The flatness rule for a resource sampled over the soak (RSS, open descriptors, threads):
//! samples taken during the warm-up are set aside, the rest are cut into a first and a second
//! half by time, and the resource is flat when the second half's maximum is at most the first
//! half's maximum plus a fixed slack. A leak, however slow, raises the later maximum; noise that
//! merely repeats the early peaks does not.
use serde::Serialize;

/// The rule's verdict on one series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flatness {
    /// What was sampled (`rss_kib`, `fds`, `threads`).
    pub name: String,
    /// Samples after the warm-up.
    pub samples: usize,
    /// Maximum over the first half after the warm-up.
    pub first_max: u64,
    /// Maximum over the second half.
    pub second_max: u64,
    /// Growth allowed.
    pub slack: u64,
    /// `second_max <= first_max + slack`, with at least [`MIN_SAMPLES`] samples.
    pub flat: bool,
}

/// Fewer samples after the warm-up than this and the rule cannot tell: not flat.
pub const MIN_SAMPLES: usize = 4;

/// Judges `series` (time in seconds since the start, value), ignoring samples before `warmup_s`.
pub fn judge(name: &str, series: &[(f64, u64)], warmup_s: f64, slack: u64) -> Flatness {
    let after: Vec<u64> = series
        .iter()
        .filter(|(t, _)| *t >= warmup_s)
        .map(|&(_, v)| v)
        .collect();
    let (first, second) = after.split_at(after.len() / 2);
    let first_max = first.iter().copied().max().unwrap_or(0);
    let second_max = second.iter().copied().max().unwrap_or(0);
    Flatness {
        name: name.to_owned(),
        samples: after.len(),
        first_max,
        second_max,
        slack,
        flat: after.len() >= MIN_SAMPLES && second_max <= first_max + slack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[u64]) -> Vec<(f64, u64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| (i as f64 * 5.0, v))
            .collect()
    }

    #[test]
    fn noise_within_the_early_peaks_is_flat() {
        let s = series(&[10, 500, 100, 103, 101, 104, 102, 103, 104, 101]);
        let f = judge("rss", &s, 10.0, 0);
        assert_eq!((f.samples, f.first_max, f.second_max), (8, 104, 104));
        assert!(f.flat, "the warm-up spike (500) is set aside");
    }

    #[test]
    fn steady_growth_is_not_flat() {
        let s = series(&[100, 101, 102, 103, 104, 105, 106, 107]);
        let f = judge("fds", &s, 0.0, 0);
        assert_eq!((f.first_max, f.second_max), (103, 107));
        assert!(!f.flat);
        assert!(judge("rss", &s, 0.0, 4).flat, "within the slack");
        assert!(!judge("rss", &s, 0.0, 3).flat);
    }

    #[test]
    fn too_few_samples_cannot_pass() {
        let s = series(&[5, 5, 5, 5, 5]);
        assert!(
            !judge("threads", &s, 10.0, 0).flat,
            "3 samples after warm-up"
        );
        assert!(judge("threads", &s, 5.0, 0).flat);
    }
}
