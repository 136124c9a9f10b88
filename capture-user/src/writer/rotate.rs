//! tcpdump's `-C` / `-W` / `-G` file naming and cycling, as a pure state machine.
//!
//! The rules, matched against tcpdump 4.99.3 (`MakeFilename` and `dump_packet_and_trunc` in
//! tcpdump.c):
//! - The name is the `-w` argument, passed through `strftime` (local time of the current `-G`
//!   window start) when `-G` is set.
//! - With `-C`, a counter is appended: none for the first file unless `-W` asks for padding, then
//!   `1`, `2`, ...; with `-W N` it is zero-padded to the digits of `N-1` and wraps to 0 after `N-1`.
//! - Before each packet: first the `-G` check (the window has elapsed: new window at the current
//!   time, counter back to 0, and with `-W` but no `-C` stop after `N` files), then the `-C` check
//!   (bytes already in the file, header included, *greater than* the limit: next counter).
//!
//! The clock is passed in, so the rules are testable without sleeping.

use std::ffi::CString;

/// tcpdump's bound on a generated file name (`PATH_MAX`).
pub const PATH_MAX: usize = 4096;

/// Errors in building a file name, with tcpdump's wording.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NameError {
    /// The generated name does not fit in `PATH_MAX`.
    #[error("too many output files or filename is too long (> {PATH_MAX})")]
    TooLong,
    /// The name holds a NUL byte, which no file name can.
    #[error("{0}: a file name cannot contain a NUL byte")]
    Nul(String),
}

/// What to do before the next packet is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Keep writing to the current file.
    Keep,
    /// Close the current file and open this one.
    Rotate(String),
    /// Close the current file and write nothing more: `-G` with `-W` has made its N files.
    Stop,
}

/// tcpdump's `getWflagChars`: the number of decimal digits of `n - 1` (0 for `n <= 1`).
pub fn wflag_chars(n: u32) -> usize {
    let mut x = n.saturating_sub(1);
    let mut c = 0;
    while x > 0 {
        c += 1;
        x /= 10;
    }
    c
}

/// tcpdump's `MakeFilename`: `pattern` through strftime (when `window` is the `-G` window start),
/// then `cnt` zero-padded to `digits`, unless both are zero.
pub fn make_filename(
    pattern: &str,
    window: Option<i64>,
    cnt: u32,
    digits: usize,
) -> Result<String, NameError> {
    let base = match window {
        Some(t) => strftime_local(pattern, t)?,
        None => pattern.to_owned(),
    };
    let name = if cnt == 0 && digits == 0 {
        base
    } else {
        format!("{base}{cnt:0digits$}")
    };
    if name.len() > PATH_MAX {
        return Err(NameError::TooLong);
    }
    Ok(name)
}

/// Formats `t` (seconds since the epoch) in local time with the C library's `strftime`, the
/// function tcpdump uses, so every conversion (`%c`, `%Z`, `%s`, ...) means exactly what it
/// means there.
fn strftime_local(pattern: &str, t: i64) -> Result<String, NameError> {
    let fmt = CString::new(pattern).map_err(|_| NameError::Nul(pattern.to_owned()))?;
    let time: libc::time_t = t;
    let mut tm = std::mem::MaybeUninit::<libc::tm>::zeroed();
    let mut buf = vec![0u8; PATH_MAX + 1];
    // SAFETY: `time` and `tm` are valid, exclusively borrowed locals; localtime_r only writes `tm`.
    // This and the strftime call below are the only unsafe code outside the O_DIRECT module:
    // names must come from libc's strftime and local-time tables to match tcpdump exactly.
    let tm_ok = unsafe { !libc::localtime_r(&time, tm.as_mut_ptr()).is_null() };
    if !tm_ok {
        // Out-of-range time: fall back to the pattern itself rather than failing the capture.
        return Ok(pattern.to_owned());
    }
    // SAFETY: `buf` has PATH_MAX + 1 writable bytes and we pass PATH_MAX, as tcpdump does;
    // `fmt` is NUL-terminated; `tm` was initialised by localtime_r above.
    let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), PATH_MAX, fmt.as_ptr(), tm.as_ptr()) };
    buf.truncate(n);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The rotation rules for one output: which file comes next, and when.
#[derive(Debug, Clone)]
pub struct Rotation {
    pattern: String,
    size_limit: Option<u64>,
    file_count: Option<u32>,
    seconds: Option<u64>,
    align: bool,
    digits: usize,
    window: i64,
    g_count: u32,
    c_count: u32,
}

impl Rotation {
    /// Sets up the rules at time `now`. `size_limit` is in bytes (`-C` already multiplied),
    /// `seconds` of 0 means no `-G`. With `align`, `-G` windows start on multiples of `seconds`
    /// since the epoch instead of at `now`.
    pub fn new(
        pattern: &str,
        size_limit: Option<u64>,
        file_count: Option<u32>,
        seconds: Option<u64>,
        align: bool,
        now: i64,
    ) -> Self {
        let seconds = seconds.filter(|&s| s > 0);
        let mut r = Rotation {
            pattern: pattern.to_owned(),
            size_limit,
            file_count,
            seconds,
            align,
            // tcpdump pads whenever -W is given, even without -C (the count is then never used).
            digits: file_count.map_or(0, wflag_chars),
            window: now,
            g_count: 0,
            c_count: 0,
        };
        r.window = r.window_start(now);
        r
    }

    fn window_start(&self, now: i64) -> i64 {
        match self.seconds {
            Some(g) if self.align => now - now.rem_euclid(g as i64),
            _ => now,
        }
    }

    /// The name of the file being written now.
    pub fn current_name(&self) -> Result<String, NameError> {
        let window = self.seconds.map(|_| self.window);
        if self.size_limit.is_some() {
            make_filename(&self.pattern, window, self.c_count, self.digits)
        } else {
            make_filename(&self.pattern, window, 0, 0)
        }
    }

    /// The `-G` part of the check: has the window run out at `now`? Used before each packet and
    /// by the idle tick.
    pub fn on_time(&mut self, now: i64) -> Result<Step, NameError> {
        let Some(g) = self.seconds else {
            return Ok(Step::Keep);
        };
        if now - self.window < g as i64 {
            return Ok(Step::Keep);
        }
        self.window = self.window_start(now);
        self.g_count += 1;
        if self.size_limit.is_none()
            && let Some(w) = self.file_count
            && self.g_count >= w
        {
            return Ok(Step::Stop);
        }
        self.c_count = 0;
        Ok(Step::Rotate(self.current_name()?))
    }

    /// Whether a file holding `size` bytes is within `-C` (always, without `-C`): with no `-G`,
    /// [`Rotation::before_packet`] then keeps the file, and need not be asked.
    pub fn keeps_size(&self, size: u64) -> bool {
        self.size_limit.is_none_or(|limit| size <= limit)
    }

    /// The full check before a packet: `-G` first, then `-C` with `size` bytes already in the
    /// current file (header included).
    pub fn before_packet(&mut self, now: i64, size: u64) -> Result<Step, NameError> {
        let step = self.on_time(now)?;
        if step != Step::Keep {
            // A fresh file holds only its header, which never exceeds a -C limit (>= 1,000,000).
            return Ok(step);
        }
        match self.size_limit {
            Some(limit) if size > limit => {
                self.c_count += 1;
                if self.file_count.is_some_and(|w| self.c_count >= w) {
                    self.c_count = 0;
                }
                Ok(Step::Rotate(self.current_name()?))
            }
            _ => Ok(Step::Keep),
        }
    }

    /// Files started so far in `-G` windows (the count `-G` with `-W` stops at).
    pub fn windows_started(&self) -> u32 {
        self.g_count + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wflag_digits_are_those_of_n_minus_one() {
        let got: Vec<usize> = [1, 2, 3, 10, 11, 100, 101, 1000]
            .iter()
            .map(|&n| wflag_chars(n))
            .collect();
        assert_eq!(got, [0, 1, 1, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn make_filename_pads_only_when_asked() {
        assert_eq!(make_filename("dump", None, 0, 0).unwrap(), "dump");
        assert_eq!(make_filename("dump", None, 1, 0).unwrap(), "dump1");
        assert_eq!(make_filename("dump", None, 0, 1).unwrap(), "dump0");
        assert_eq!(make_filename("dump", None, 7, 2).unwrap(), "dump07");
        assert_eq!(make_filename("dump", None, 123, 2).unwrap(), "dump123");
        // `-w '' -C 1 -W 3`: tcpdump names the first file `0`.
        assert_eq!(make_filename("", None, 0, 1).unwrap(), "0");
        let long = "a".repeat(PATH_MAX);
        assert_eq!(make_filename(&long, None, 1, 0), Err(NameError::TooLong));
    }

    #[test]
    fn strftime_uses_local_time_of_the_window() {
        // %s and %% do not depend on the time zone.
        assert_eq!(
            make_filename("d-%s-%%.pcap", Some(1_700_000_000), 0, 0).unwrap(),
            "d-1700000000-%.pcap"
        );
    }

    fn names(r: &mut Rotation, sizes: &[u64]) -> Vec<Step> {
        sizes
            .iter()
            .map(|&s| r.before_packet(0, s).unwrap())
            .collect()
    }

    #[test]
    fn size_rotation_counts_up_without_w() {
        let mut r = Rotation::new("out", Some(1_000_000), None, None, false, 0);
        assert_eq!(r.current_name().unwrap(), "out");
        let steps = names(&mut r, &[24, 1_000_000, 1_000_001, 24, 1_000_001]);
        assert_eq!(
            steps,
            [
                Step::Keep,
                Step::Keep,
                Step::Rotate("out1".into()),
                Step::Keep,
                Step::Rotate("out2".into())
            ]
        );
    }

    #[test]
    fn size_rotation_with_w_pads_and_wraps() {
        let mut r = Rotation::new("out", Some(10), Some(3), None, false, 0);
        assert_eq!(r.current_name().unwrap(), "out0");
        let steps = names(&mut r, &[11, 11, 11, 11]);
        let want = ["out1", "out2", "out0", "out1"].map(|n| Step::Rotate(n.into()));
        assert_eq!(steps, want);
        let mut one = Rotation::new("out", Some(10), Some(1), None, false, 0);
        assert_eq!(one.current_name().unwrap(), "out");
        assert_eq!(
            one.before_packet(0, 11).unwrap(),
            Step::Rotate("out".into())
        );
        let eleven = Rotation::new("out", Some(10), Some(11), None, false, 0);
        assert_eq!(eleven.current_name().unwrap(), "out00");
    }

    #[test]
    fn time_rotation_stops_after_w_files_without_c() {
        let mut r = Rotation::new("g-%s", None, Some(3), Some(10), false, 100);
        assert_eq!(r.current_name().unwrap(), "g-100");
        assert_eq!(r.before_packet(109, 1 << 40).unwrap(), Step::Keep);
        assert_eq!(
            r.before_packet(110, 0).unwrap(),
            Step::Rotate("g-110".into())
        );
        assert_eq!(
            r.before_packet(125, 0).unwrap(),
            Step::Rotate("g-125".into())
        );
        assert_eq!(r.before_packet(134, 0).unwrap(), Step::Keep);
        assert_eq!(r.before_packet(135, 0).unwrap(), Step::Stop);
    }

    #[test]
    fn time_and_size_reset_the_count_each_window() {
        let mut r = Rotation::new("g-%s-", Some(10), Some(3), Some(10), false, 100);
        assert_eq!(r.current_name().unwrap(), "g-100-0");
        assert_eq!(
            r.before_packet(101, 11).unwrap(),
            Step::Rotate("g-100-1".into())
        );
        assert_eq!(
            r.before_packet(111, 11).unwrap(),
            Step::Rotate("g-111-0".into())
        );
        // With -C, -W cycles the count and never stops.
        for t in [121, 131, 141, 151] {
            assert!(matches!(r.before_packet(t, 0).unwrap(), Step::Rotate(_)));
        }
    }

    #[test]
    fn aligned_windows_start_on_multiples() {
        let mut r = Rotation::new("a-%s", None, None, Some(60), true, 1_000_030);
        assert_eq!(r.current_name().unwrap(), "a-1000020");
        assert_eq!(r.on_time(1_000_079).unwrap(), Step::Keep);
        assert_eq!(
            r.on_time(1_000_080).unwrap(),
            Step::Rotate("a-1000080".into())
        );
        // An idle stretch skips windows: the next file is named after the window it opens in.
        assert_eq!(
            r.on_time(1_000_259).unwrap(),
            Step::Rotate("a-1000200".into())
        );
    }
}
