//! Progress while the soak runs: an indicatif bar redrawn at each sample on a terminal, one line
//! per minute otherwise (a pipe or a CI log gets 30 lines for 30 minutes, not a redraw stream).
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::sample::Sample;

/// The soak's progress output.
pub struct Progress {
    bar: Option<ProgressBar>,
    minutes_shown: u64,
    total_secs: u64,
}

impl Progress {
    /// Progress over a run of `total_secs` of traffic.
    pub fn new(total_secs: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total_secs);
            bar.set_style(
                ProgressStyle::with_template(
                    "soak {elapsed_precise} [{bar:30}] {pos}/{len} s {msg}",
                )
                .expect("static template")
                .progress_chars("=> "),
            );
            bar
        });
        Progress {
            bar,
            minutes_shown: 0,
            total_secs,
        }
    }

    /// Shows sample `s`, with `files` files audited so far.
    pub fn update(&mut self, s: &Sample, files: u64) {
        let rate = if s.t > 0.0 {
            s.sent as f64 / s.t / 1e3
        } else {
            0.0
        };
        let text = format!(
            "{:.1} M frames sent ({rate:.0} kpps), {files} files audited, RSS {:.1} MiB, {} fds, {} threads",
            s.sent as f64 / 1e6,
            s.rss_kib as f64 / 1024.0,
            s.fds,
            s.threads
        );
        match &self.bar {
            Some(bar) => {
                bar.set_position((s.t as u64).min(self.total_secs));
                bar.set_message(text);
            }
            None => {
                let minute = s.t as u64 / 60;
                if minute > self.minutes_shown {
                    self.minutes_shown = minute;
                    eprintln!(
                        "soak: minute {minute}/{}: {text}",
                        self.total_secs.div_ceil(60)
                    );
                }
            }
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
