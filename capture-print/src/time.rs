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

    /// The broken-down time of `sec` as glibc's `localtime` (or, when `local` is off, `gmtime`)
    /// gives it, for any 64-bit time: `None` where glibc fails, a year that does not fit in an
    /// `int` once 1900 is taken off.
    pub fn tm(&mut self, sec: i64, local: bool) -> Option<Tm> {
        let off = if local { self.offset(sec) } else { 0 };
        let t = i128::from(sec) + i128::from(off);
        let days = t.div_euclid(86400);
        let rem = t.rem_euclid(86400) as u32;
        // Howard Hinnant's days-to-civil, in 128 bits so no time overflows it.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i128::from(month <= 2);
        i32::try_from(year - 1900).ok()?;
        Some(Tm {
            year: year as i64,
            month,
            day,
            hour: rem / 3600,
            min: rem / 60 % 60,
            sec: rem % 60,
        })
    }
}

/// A broken-down time (`struct tm`), the year in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tm {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_down_times_match_glibc() {
        let mut c = LocalClock::default();
        let t = c.tm(1_700_000_000, false).unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.min, t.sec),
            (2023, 11, 14, 22, 13, 20)
        );
        let t = c.tm(-1, false).unwrap();
        assert_eq!((t.year, t.month, t.day, t.hour), (1969, 12, 31, 23));
        // glibc's limits: the year less 1900 must fit in an int.
        assert!(c.tm(67_768_036_191_676_799, false).is_some());
        assert!(c.tm(67_768_036_191_676_800, false).is_none());
        assert!(c.tm(-67_768_040_609_740_800, false).is_some());
        assert!(c.tm(-67_768_040_609_740_801, false).is_none());
    }
}
