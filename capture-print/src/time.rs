//! Local time for timestamps, as tcpdump's `localtime()` (the TZ environment is respected).
//!
//! Converting through the time zone database for every packet is slow, so the UTC offset is
//! cached per minute: zones change offset only on minute boundaries.
use chrono::{Datelike, Local, Offset, TimeZone, Timelike};

/// Converts epoch seconds to local civil time, caching the UTC offset.
#[derive(Debug, Default)]
pub(crate) struct LocalClock {
    /// (minute since the epoch, UTC offset in seconds) of the last conversion.
    cache: Option<(i64, i64)>,
}

impl LocalClock {
    fn offset(&mut self, sec: i64) -> i64 {
        let minute = sec.div_euclid(60);
        if let Some((m, off)) = self.cache
            && m == minute
        {
            return off;
        }
        let off = match Local.timestamp_opt(sec, 0) {
            chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                t.offset().fix().local_minus_utc() as i64
            }
            chrono::LocalResult::None => 0,
        };
        self.cache = Some((minute, off));
        off
    }

    /// Hours, minutes and seconds of the local time of `sec`.
    pub fn hms(&mut self, sec: i64) -> (u32, u32, u32) {
        let t = sec + self.offset(sec);
        let d = t.rem_euclid(86400);
        ((d / 3600) as u32, ((d / 60) % 60) as u32, (d % 60) as u32)
    }

    /// Year, month, day, hours, minutes and seconds of the local time of `sec`.
    pub fn ymdhms(&mut self, sec: i64) -> (i32, u32, u32, u32, u32, u32) {
        let t = sec + self.offset(sec);
        let (h, m, s) = {
            let d = t.rem_euclid(86400);
            ((d / 3600) as u32, ((d / 60) % 60) as u32, (d % 60) as u32)
        };
        match chrono::DateTime::from_timestamp(t, 0) {
            Some(dt) => {
                let n = dt.naive_utc();
                (
                    n.year(),
                    n.month(),
                    n.day(),
                    n.hour(),
                    n.minute(),
                    n.second(),
                )
            }
            None => (1970, 1, 1, h, m, s),
        }
    }
}
