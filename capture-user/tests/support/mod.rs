//! Helpers shared by the live tests: run the real `capture` binary inside a rig namespace,
//! stop it by its PID, and read back what it wrote.
#![allow(dead_code)]

use std::{
    io::{BufRead, BufReader, Read},
    path::Path,
    process::{Child, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use capture_rig::Rig;
use pcap_parser::{PcapBlockOwned, PcapError, create_reader};

/// A running `capture` whose stderr is collected.
pub struct Running {
    child: Child,
    stderr: mpsc::Receiver<String>,
    lines: Vec<String>,
}

/// What a finished run printed and how it exited.
#[derive(Debug)]
pub struct Finished {
    /// Exit code (None: killed by a signal).
    pub code: Option<i32>,
    /// Every stderr line.
    pub stderr: Vec<String>,
    /// Stdout.
    pub stdout: Vec<u8>,
}

impl Finished {
    /// Stdout as bytes.
    pub fn stdout_bytes(&self) -> &[u8] {
        &self.stdout
    }

    /// Stdout as text.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The last three stderr lines: tcpdump's summary.
    pub fn summary(&self) -> Vec<&str> {
        let n = self.stderr.len();
        self.stderr[n.saturating_sub(3)..]
            .iter()
            .map(|s| s.trim_start_matches('\r'))
            .collect()
    }
}

/// Starts `capture ARGS` in the rig's capture namespace and waits for its banner.
pub fn start(rig: &Rig, args: &[&str]) -> Result<Running> {
    start_program(rig, env!("CARGO_BIN_EXE_capture"), args)
}

/// Starts `program ARGS` (capture, or tcpdump for comparison) in the capture namespace and
/// waits for its `listening on` banner.
pub fn start_program(rig: &Rig, program: &str, args: &[&str]) -> Result<Running> {
    start_env(rig, program, args, &[])
}

/// [`start_program`] with variables `env` added to its environment.
pub fn start_env(
    rig: &Rig,
    program: &str,
    args: &[&str],
    env: &[(&'static str, String)],
) -> Result<Running> {
    start_in(rig, &rig.ns_b, program, args, env)
}

/// [`start_env`] in namespace `ns` (`ip netns exec NS`, which also mounts that namespace's
/// /sys).
pub fn start_in(
    rig: &Rig,
    ns: &str,
    program: &str,
    args: &[&str],
    env: &[(&'static str, String)],
) -> Result<Running> {
    let mut child = rig
        .command(ns, program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting capture")?;
    let (tx, rx) = mpsc::channel();
    let err = child.stderr.take().expect("piped");
    thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut run = Running {
        child,
        stderr: rx,
        lines: Vec::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !run.lines.iter().any(|l| l.contains("listening on")) {
        match run.stderr.recv_timeout(Duration::from_millis(100)) {
            Ok(l) => run.lines.push(l),
            Err(_) if Instant::now() > deadline => bail!("no banner from capture: {:?}", run.lines),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                bail!("capture exited before listening: {:?}", run.lines)
            }
            Err(_) => {}
        }
        if let Some(status) = run.child.try_wait()?
            && !run.lines.iter().any(|l| l.contains("listening on"))
        {
            thread::sleep(Duration::from_millis(100));
            run.lines.extend(run.stderr.try_iter());
            bail!(
                "capture exited ({status}) before listening: {:?}",
                run.lines
            );
        }
    }
    Ok(run)
}

impl Running {
    /// Takes the process's stdout, to read it while it runs (it is then empty in [`Finished`]).
    pub fn take_stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.stdout.take()
    }

    /// The PID of the capture process (ip netns exec execs it, so it is the child's).
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Sends `sig` to this capture process only.
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on the PID of a child this test started and has not reaped.
        unsafe { libc::kill(self.pid(), sig) };
    }

    /// Waits for exit (SIGKILL after `timeout`) and collects the output.
    pub fn wait(mut self, timeout: Duration) -> Result<Finished> {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(s) = self.child.try_wait()? {
                break s;
            }
            if Instant::now() > deadline {
                self.signal(libc::SIGKILL);
                let _ = self.child.wait();
                bail!(
                    "capture did not exit within {timeout:?}; stderr: {:?}",
                    self.lines
                );
            }
            thread::sleep(Duration::from_millis(20));
        };
        let mut stdout = Vec::new();
        if let Some(mut out) = self.child.stdout.take() {
            out.read_to_end(&mut stdout)?;
        }
        thread::sleep(Duration::from_millis(50));
        self.lines.extend(self.stderr.try_iter());
        Ok(Finished {
            code: status.code(),
            stderr: std::mem::take(&mut self.lines),
            stdout,
        })
    }

    /// SIGINT, then wait.
    pub fn interrupt(self) -> Result<Finished> {
        self.signal(libc::SIGINT);
        self.wait(Duration::from_secs(20))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // A test that failed half-way must not leave its capture running.
        if let Ok(None) = self.child.try_wait() {
            self.signal(libc::SIGKILL);
            let _ = self.child.wait();
        }
    }
}

/// One record of a pcap file.
#[derive(Debug, Clone)]
pub struct Record {
    /// Timestamp in nanoseconds (micro files are scaled).
    pub ts_ns: u64,
    /// Length on the wire.
    pub wirelen: u32,
    /// Captured bytes.
    pub data: Vec<u8>,
}

/// Reads a pcap file: (link type, snaplen, records).
pub fn read_pcap(path: &Path) -> Result<(u32, u32, Vec<Record>)> {
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut reader = create_reader(1 << 20, file).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (mut linktype, mut snaplen, mut scale) = (0, 0, 1000u64);
    let mut records = Vec::new();
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                match block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        linktype = h.network.0 as u32;
                        snaplen = h.snaplen;
                        scale = if h.is_nanosecond_precision() { 1 } else { 1000 };
                    }
                    PcapBlockOwned::Legacy(b) => records.push(Record {
                        ts_ns: u64::from(b.ts_sec) * 1_000_000_000 + u64::from(b.ts_usec) * scale,
                        wirelen: b.origlen,
                        data: b.data[..b.caplen as usize].to_vec(),
                    }),
                    PcapBlockOwned::NG(_) => bail!("unexpected pcapng block"),
                }
                reader.consume(offset);
            }
            Err(PcapError::Eof) => break,
            Err(PcapError::Incomplete(_)) => {
                reader.refill().map_err(|e| anyhow::anyhow!("{e:?}"))?;
            }
            Err(e) => bail!("{}: {e:?}", path.display()),
        }
    }
    Ok((linktype, snaplen, records))
}

/// A `--stats-json` file.
pub fn read_stats(path: &str) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

/// One bucket of a `--stats-json` object (a missing one fails the test, naming it).
pub fn counter(s: &serde_json::Value, k: &str) -> u64 {
    s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}"))
}

/// Runs `capture ARGS --stats-json` through an unpaced burst of `n` 1000-byte frames over 16
/// flows (nonce 5), then SIGINT: what it printed and its buckets.
pub fn burst(
    rig: &Rig,
    dir: &TempDir,
    args: &[&str],
    n: u64,
) -> Result<(Finished, serde_json::Value)> {
    let js = dir.file("stats.json");
    let mut all = args.to_vec();
    all.extend_from_slice(&["--stats-json", &js]);
    let run = start(rig, &all)?;
    rig.send(&rig.frame_spec(1000, 16, 5)?, n, None)?;
    thread::sleep(Duration::from_millis(500));
    let done = run.interrupt()?;
    Ok((done, read_stats(&js)?))
}

/// A fresh temporary directory, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    /// Creates `/tmp/capture-test-<pid>-<tag>`.
    pub fn new(tag: &str) -> Result<Self> {
        let p = std::env::temp_dir().join(format!("capture-test-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p)?;
        Ok(Self(p))
    }

    /// A path inside the directory, as a string.
    pub fn file(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// capture's stderr is tcpdump's, line for line, with its program name in place of tcpdump's
/// (the banner with or without it, the summary lines).
pub fn assert_same_stderr(ours: &Finished, theirs: &Finished, args: &[&str]) {
    let theirs: Vec<String> = theirs
        .stderr
        .iter()
        .map(|l| l.replacen("tcpdump: ", "capture: ", 1))
        .collect();
    assert_eq!(ours.stderr, theirs, "stderr of {args:?}");
}

/// Each packet's text without its leading timestamp: two sockets stamp the same packet a few
/// microseconds apart, everything else must be identical.
pub fn untimed(text: &str) -> String {
    text.lines()
        .map(|l| match l.split_once(' ') {
            Some((ts, rest)) if ts.len() == 15 && ts.as_bytes()[2] == b':' => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
