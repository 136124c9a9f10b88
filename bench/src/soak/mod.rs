//! `capture-bench soak` (`cargo xtask soak --minutes N`): hours-long behaviour in minutes.
//! Steady traffic through the rig into one live capture with rotation (`-C`), retention
//! (`--max-total-size`), `--index` and `--upload` to a single-node Garage on; every uploaded
//! file is downloaded and read with libpcap as soon as its manifest is in the bucket, and every
//! frame sent is checked off by its sequence number. With `--no-upload`, each closed file is read
//! from disk as soon as capture names it (`--print-closed`), before retention deletes it.
//! Capture's memory, descriptors and threads are sampled from /proc the whole time. At the end:
//! every frame in exactly one file (uploaded object), no drop counted, resources flat after the
//! warm-up, the rate held. Results go to bench/results/soak-*.json.
//!
//! ```text
//! capture-bench soak --minutes N [--pps P] [--size BYTES] [--file-mb M] [--keep-files K]
//!                    [--no-upload] [--sample-secs S] [--gen-cpu N] [--capture-cpu N]
//!                    [--nice N] [--dir DIR] [--results DIR] [--capture-bin PATH] [--keep]
//! ```
mod bucket;
mod files;
mod flat;
mod ledger;
mod progress;
mod sample;
mod traffic;

use std::{
    fs,
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
    process::{Child, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
        mpsc,
    },
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::{Context, Result, bail};
use capture_rig::{Garage, Rig};
use serde::Serialize;

use crate::{measure, run::stamp};
use bucket::{Bucket, BucketAudit};
use flat::Flatness;
use ledger::{Ledger, Tally};
use sample::Sample;

/// The zero-loss rate the default soak rate is half of: capture's median for 64 B frames, one
/// flow, files on disk, in docs/PERFORMANCE.md ("Max zero-loss rate"), frames per second.
pub const REFERENCE_PPS: u64 = 592_000;
/// Which measurement [`REFERENCE_PPS`] is.
const REFERENCE_CASE: &str = "64 B, 1 flow, disk";

/// RSS growth the flatness rule allows between the halves, KiB: allocator noise (a file's index
/// is built and freed at each close), far below what a per-packet or per-file leak adds over a
/// long run.
const RSS_SLACK_KIB: u64 = 4096;

/// Threads the flatness rule allows to come and go: capture writes each closed file's index on a
/// thread of its own, so a sample may catch one or two of them.
const THREAD_SLACK: u64 = 2;
/// Descriptors likewise: an indexing thread holds the file it reads and the index it writes.
const FD_SLACK: u64 = 4;

/// Every setting of a soak.
#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    /// Minutes of traffic.
    pub minutes: f64,
    /// Frames per second sent.
    pub pps: u64,
    /// Frame length, bytes.
    pub frame_len: usize,
    /// `-C`: file size, millions of bytes.
    pub file_mb: u64,
    /// Retention: `--max-total-size` holds this many files.
    pub keep_files: u64,
    /// Upload every file to a Garage node the soak starts, and count the uploaded objects.
    pub upload: bool,
    /// Seconds between two samples of the capture process.
    pub sample_secs: u64,
    /// CPU of the generator.
    pub gen_cpu: usize,
    /// CPU capture runs on.
    pub capture_cpu: usize,
    /// Nice value of generator and capture.
    pub nice: i32,
    /// Directory for the output files (on disk, not tmpfs).
    pub work_dir: PathBuf,
    /// Where the JSON report goes.
    pub results_dir: PathBuf,
    /// The capture binary.
    pub capture_bin: PathBuf,
    /// Keep the work directory.
    pub keep: bool,
}

const USAGE: &str = "usage: capture-bench soak --minutes N [--pps P] [--size BYTES] [--file-mb M] \
                     [--keep-files K] [--no-upload] [--sample-secs S] [--gen-cpu N] [--capture-cpu N] [--nice N] \
                     [--dir DIR] [--results DIR] [--capture-bin PATH] [--keep]";

impl Settings {
    /// Parses the soak's arguments (after `soak`).
    pub fn parse(args: &[String]) -> Result<Settings> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("workspace root")?
            .to_path_buf();
        let mut s = Settings {
            minutes: 0.0,
            pps: REFERENCE_PPS / 2,
            frame_len: 64,
            file_mb: 50,
            keep_files: 8,
            upload: true,
            sample_secs: 5,
            gen_cpu: 1,
            capture_cpu: 0,
            nice: -20,
            work_dir: PathBuf::from(format!("/var/tmp/capture-soak-{}", std::process::id())),
            results_dir: root.join("bench/results"),
            capture_bin: root.join("target/release/capture"),
            keep: false,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || {
                it.next()
                    .cloned()
                    .with_context(|| format!("{a} needs a value\n{USAGE}"))
            };
            match a.as_str() {
                "--minutes" => s.minutes = val()?.parse().context("--minutes")?,
                "--pps" => s.pps = val()?.parse().context("--pps")?,
                "--size" => s.frame_len = val()?.parse().context("--size")?,
                "--file-mb" => s.file_mb = val()?.parse().context("--file-mb")?,
                "--keep-files" => s.keep_files = val()?.parse().context("--keep-files")?,
                "--sample-secs" => s.sample_secs = val()?.parse().context("--sample-secs")?,
                "--gen-cpu" => s.gen_cpu = val()?.parse().context("--gen-cpu")?,
                "--capture-cpu" => s.capture_cpu = val()?.parse().context("--capture-cpu")?,
                "--nice" => s.nice = val()?.parse().context("--nice")?,
                "--dir" => s.work_dir = val()?.into(),
                "--results" => s.results_dir = val()?.into(),
                "--capture-bin" => s.capture_bin = val()?.into(),
                "--keep" => s.keep = true,
                "--no-upload" => s.upload = false,
                _ => bail!("unknown argument {a}\n{USAGE}"),
            }
        }
        if s.minutes <= 0.0 {
            bail!("--minutes N is required (N > 0)\n{USAGE}");
        }
        if s.pps == 0 || s.file_mb == 0 || s.keep_files < 2 || s.sample_secs == 0 {
            bail!("--pps, --file-mb and --sample-secs must be positive, --keep-files at least 2");
        }
        if s.frame_len < capture_rig::frame::MIN_LEN || s.frame_len > 1514 {
            bail!(
                "--size must be {} to 1514 bytes",
                capture_rig::frame::MIN_LEN
            );
        }
        if s.gen_cpu == s.capture_cpu {
            bail!("--gen-cpu and --capture-cpu must differ");
        }
        Ok(s)
    }

    fn total_frames(&self) -> u64 {
        (self.pps as f64 * self.minutes * 60.0).round() as u64
    }

    /// Samples before this many seconds are the warm-up: rings filling, first files.
    fn warmup_secs(&self) -> f64 {
        (self.minutes * 60.0 / 5.0).clamp(20.0, 120.0)
    }
}

/// One check of the final verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// What is checked.
    pub name: String,
    /// Whether it held.
    pub ok: bool,
    /// The figures behind it.
    pub detail: String,
}

/// The soak's JSON report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// When the traffic started, UTC (`date -u` stamp).
    pub started: String,
    /// The settings.
    pub settings: Settings,
    /// The measurement [`REFERENCE_PPS`] comes from.
    pub reference_case: String,
    /// Its zero-loss rate, frames per second.
    pub reference_pps: u64,
    /// Rate the generator held over the run, frames per second.
    pub achieved_pps: f64,
    /// Capture's command line.
    pub capture_argv: Vec<String>,
    /// Frames against records in the files.
    pub tally: Tally,
    /// Files capture closed (named by --print-closed).
    pub files_closed: u64,
    /// Files read back: uploaded objects, or local files with `--no-upload`.
    pub files_audited: u64,
    /// Local files that could not be read back, with the reason (`--no-upload`).
    pub files_missed: Vec<String>,
    /// What the bucket held (with upload).
    pub upload: Option<BucketAudit>,
    /// Passes over the bucket that failed during the run (retried at the next pass).
    pub bucket_pass_errors: Vec<String>,
    /// Output files left on disk at the end (retention kept them).
    pub files_left: Vec<String>,
    /// Of those, the ones without their `.idx`.
    pub files_left_without_index: Vec<String>,
    /// Capture's exit code.
    pub capture_exit: i32,
    /// Capture's `--stats-json`.
    pub capture_stats: serde_json::Value,
    /// Seconds of warm-up left out of the flatness rule.
    pub warmup_secs: f64,
    /// The flatness verdicts.
    pub flatness: Vec<Flatness>,
    /// Every sample.
    pub samples: Vec<Sample>,
    /// The checks.
    pub checks: Vec<Check>,
    /// All checks held.
    pub passed: bool,
}

/// Runs the soak: `args` are those after `soak`. Fails when a check fails.
pub fn main(args: &[String]) -> Result<()> {
    let s = Settings::parse(args)?;
    if !s.capture_bin.exists() {
        bail!(
            "{} not found: build it (cargo build --release -p capture-user) or use cargo xtask soak",
            s.capture_bin.display()
        );
    }
    let out_dir = s.work_dir.join("out");
    fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let cleanup = WorkDir {
        path: s.work_dir.clone(),
        keep: s.keep,
    };
    let report = soak(&s, &out_dir)?;
    drop(cleanup);
    fs::create_dir_all(&s.results_dir)?;
    let path = s.results_dir.join(format!("soak-{}.json", report.started));
    fs::write(&path, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", path.display()))?;
    print_summary(&report);
    println!("report: {}", path.display());
    if !report.passed {
        bail!("soak failed");
    }
    Ok(())
}

/// Removes the work directory at the end (also on an error), unless asked to keep it.
struct WorkDir {
    path: PathBuf,
    keep: bool,
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Capture under the soak: its PID, and what it printed on stderr.
struct Running {
    child: Child,
    pid: i32,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Still running after an error: stop it by its PID (a reaped child has no PID to hit).
        if self.child.try_wait().is_ok_and(|s| s.is_none()) {
            measure::signal(self.pid, libc::SIGKILL);
            let _ = self.child.wait();
        }
    }
}

/// Files capture closed, counted (and with `--no-upload` read back) on a low-priority thread as
/// they are named.
struct Closed {
    ledger: Option<Ledger>,
    closed: u64,
    missed: Vec<String>,
}

/// What the bucket thread hands back: the ledger, its figures and the failed passes.
type BucketResult = Result<(Ledger, BucketAudit, Vec<String>)>;

/// Passes over the bucket every few seconds until capture has exited, then a last one.
fn watch_bucket(
    garage: &Garage,
    ledger: &mut Ledger,
    scratch: &Path,
    count: &AtomicU64,
    capture_done: &AtomicBool,
    cpu: usize,
) -> Result<(BucketAudit, Vec<String>)> {
    // The reading must not take CPU from capture or the sender: capture's core, lowest priority.
    measure::set_affinity(0, &[cpu])?;
    let _ = measure::set_nice(0, 19);
    let mut b = Bucket::new(garage, scratch);
    let mut errors = Vec::new();
    loop {
        let last = capture_done.load(Ordering::Acquire);
        match b.pass(ledger) {
            Ok(()) => {}
            Err(e) if last => return Err(e.context("last pass over the bucket")),
            Err(e) => errors.push(format!("{e:#}")),
        }
        count.store(b.audit.files_read, Ordering::Relaxed);
        if last {
            return Ok((b.finish()?, errors));
        }
        for _ in 0..50 {
            if capture_done.load(Ordering::Acquire) {
                break;
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

fn soak(s: &Settings, out_dir: &Path) -> Result<Report> {
    let rig = Rig::new()?;
    let nonce = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos() as u64;
    let spec = rig.frame_spec(s.frame_len, 1, nonce)?;
    let total = s.total_frames();
    let stats_path = s.work_dir.join("stats.json");
    // Garage runs in the capture namespace, whose loopback is capture's.
    let garage = if s.upload {
        eprintln!("soak: starting a single-node Garage in {}", rig.ns_b);
        let g = Garage::start(Some(&rig.ns_b), "soak")?;
        if let Some(pid) = g.pid() {
            // The sender's core is the sender's: the store shares capture's, below it.
            pin_process(pid as i32, s.capture_cpu)?;
        }
        Some(Arc::new(g))
    } else {
        None
    };
    let mut argv: Vec<String> = [
        s.capture_bin.display().to_string(),
        "-i".into(),
        rig.veth_b.clone(),
        "-w".into(),
        out_dir.join("soak").display().to_string(),
        "-C".into(),
        s.file_mb.to_string(),
        "--max-total-size".into(),
        format!("{}M", s.file_mb * s.keep_files),
        "--index".into(),
        "--print-closed".into(),
        "--stats-json".into(),
        stats_path.display().to_string(),
    ]
    .to_vec();
    if let Some(g) = &garage {
        argv.extend([
            "--upload".into(),
            format!("s3://{}/soak", g.bucket),
            "--s3-endpoint".into(),
            g.endpoint.clone(),
        ]);
    }
    eprintln!(
        "soak: {} min at {} pps of {} B frames ({:.0} % of {} kpps, the zero-loss rate of {REFERENCE_CASE}); rig {} -> {}",
        s.minutes,
        s.pps,
        s.frame_len,
        100.0 * s.pps as f64 / REFERENCE_PPS as f64,
        REFERENCE_PPS / 1000,
        rig.veth_a,
        rig.veth_b
    );
    // veth's receive path runs in the sender's softirq, on its core: a sender that cannot wait
    // on veth's 256-frame ring for a busy capture core (threaded NAPI there held the rate
    // 15 % lower on this shared machine).
    eprintln!(
        "soak: sender and veth's receive path on CPU {}, capture, Garage and the readers on CPU {}",
        s.gen_cpu, s.capture_cpu
    );
    eprintln!("soak: {}", argv.join(" "));
    let env = garage.as_ref().map(|g| g.env()).unwrap_or_default();
    let (running, stdout) = start_capture(&rig, &argv, &env, s)?;

    // Closed files: named on capture's stdout; without upload, read back at once (retention
    // deletes the oldest).
    let audited_count = Arc::new(AtomicU64::new(0));
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let namer = thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(PathBuf::from(line.trim())).is_err() {
                break;
            }
        }
    });
    let auditor = {
        let count = Arc::clone(&audited_count);
        let (frame_len, out_dir) = (s.frame_len, out_dir.to_path_buf());
        let (local, cpu) = (!s.upload, s.capture_cpu);
        thread::spawn(move || {
            // The reading must not take CPU from capture or the sender: capture's core, lowest
            // priority.
            let _ = measure::set_affinity(0, &[cpu]);
            let _ = measure::set_nice(0, 19);
            let mut c = Closed {
                ledger: local.then(|| Ledger::new(nonce, frame_len, total)),
                closed: 0,
                missed: Vec::new(),
            };
            for path in rx {
                let path = if path.is_absolute() {
                    path
                } else {
                    out_dir.join(path)
                };
                c.closed += 1;
                let Some(ledger) = c.ledger.as_mut() else {
                    continue;
                };
                match files::audit(&path, ledger) {
                    Ok(_) => {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => c.missed.push(format!("{e:#}")),
                }
            }
            c
        })
    };
    let capture_done = Arc::new(AtomicBool::new(false));
    let bucket_thread = garage.as_ref().map(|g| {
        let (g, count, done) = (
            Arc::clone(g),
            Arc::clone(&audited_count),
            Arc::clone(&capture_done),
        );
        let scratch = PathBuf::from(format!("/dev/shm/capture-soak-{}.pcap", std::process::id()));
        let (frame_len, cpu) = (s.frame_len, s.capture_cpu);
        thread::spawn(move || -> BucketResult {
            let mut ledger = Ledger::new(nonce, frame_len, total);
            let (audit, errors) = watch_bucket(&g, &mut ledger, &scratch, &count, &done, cpu)?;
            Ok((ledger, audit, errors))
        })
    });

    let sent = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let mut samples = Vec::new();
    let started = stamp();
    let t0 = Instant::now();
    let mut progress = progress::Progress::new((s.minutes * 60.0).ceil() as u64);
    let result = thread::scope(|scope| -> Result<traffic::Sent> {
        let generator = scope
            .spawn(|| traffic::send(&rig, &spec, total, s.pps, (s.gen_cpu, s.nice), &sent, &stop));
        let every = Duration::from_secs(s.sample_secs);
        let mut next = every;
        while !generator.is_finished() {
            thread::sleep(Duration::from_millis(100));
            if t0.elapsed() >= next {
                next += every;
                let x = sample::read(
                    running.pid,
                    t0.elapsed().as_secs_f64(),
                    sent.load(Ordering::Relaxed),
                );
                let Ok(x) = x else {
                    stop.store(true, Ordering::Relaxed);
                    bail!("capture exited early: {}", running.stderr().trim());
                };
                progress.update(&x, audited_count.load(Ordering::Relaxed));
                samples.push(x);
            }
        }
        generator
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    });
    progress.finish();
    let sent_run = result?;
    // Let the last frames reach the file, take a last sample, then stop capture as a user would.
    thread::sleep(Duration::from_secs(2));
    samples.push(sample::read(
        running.pid,
        t0.elapsed().as_secs_f64(),
        sent_run.frames,
    )?);
    measure::signal(running.pid, libc::SIGINT);
    let reaped = measure::reap(running.pid, Duration::from_secs(120))?;
    // Reaped by wait4: the handle's try_wait now fails, so its Drop signals nothing.
    let capture_stderr = running.stderr();
    drop(running);
    namer
        .join()
        .map_err(|_| anyhow::anyhow!("stdout reader panicked"))?;
    let closed = auditor
        .join()
        .map_err(|_| anyhow::anyhow!("auditor panicked"))?;
    // capture uploads what is queued before it exits: the last pass finds every file.
    capture_done.store(true, Ordering::Release);
    let (ledger, upload, bucket_pass_errors) = match bucket_thread {
        Some(t) => {
            let (ledger, audit, errors) = t
                .join()
                .map_err(|_| anyhow::anyhow!("bucket thread panicked"))??;
            (ledger, Some(audit), errors)
        }
        None => (
            closed
                .ledger
                .context("local files are read without upload")?,
            None,
            Vec::new(),
        ),
    };
    drop(garage);

    let capture_stats: serde_json::Value = fs::read_to_string(&stats_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null);
    let (files_left, files_left_without_index) = left_on_disk(out_dir)?;
    let tally = ledger.tally(sent_run.frames);
    let achieved_pps = sent_run.frames as f64 / sent_run.secs.max(1e-9);
    let warmup_secs = s.warmup_secs();
    let series = |f: fn(&Sample) -> u64| samples.iter().map(|x| (x.t, f(x))).collect::<Vec<_>>();
    let flatness = vec![
        flat::judge(
            "rss_kib",
            &series(|x| x.rss_kib),
            warmup_secs,
            RSS_SLACK_KIB,
        ),
        flat::judge("fds", &series(|x| x.fds), warmup_secs, FD_SLACK),
        flat::judge("threads", &series(|x| x.threads), warmup_secs, THREAD_SLACK),
    ];
    let mut report = Report {
        started,
        settings: s.clone(),
        reference_case: REFERENCE_CASE.into(),
        reference_pps: REFERENCE_PPS,
        achieved_pps,
        capture_argv: argv,
        tally,
        files_closed: closed.closed,
        files_audited: audited_count.load(Ordering::Relaxed),
        files_missed: closed.missed,
        upload,
        bucket_pass_errors,
        files_left,
        files_left_without_index,
        capture_exit: reaped.code,
        capture_stats,
        warmup_secs,
        flatness,
        samples,
        checks: Vec::new(),
        passed: false,
    };
    report.checks = checks(&report, &capture_stderr);
    report.passed = report.checks.iter().all(|c| c.ok);
    Ok(report)
}

/// Starts capture in the rig's capture namespace, pinned, and waits until it is capturing.
fn start_capture(
    rig: &Rig,
    argv: &[String],
    env: &[(&str, String)],
    s: &Settings,
) -> Result<(Running, std::process::ChildStdout)> {
    let mut cmd = rig.command(&rig.ns_b, &argv[0]);
    cmd.args(&argv[1..])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    measure::pin_on_exec(&mut cmd, &[s.capture_cpu], s.nice);
    measure::die_with_parent(&mut cmd);
    let mut child = cmd.spawn().context("starting capture")?;
    let stdout = child.stdout.take().context("capture's stdout")?;
    let mut err_pipe = child.stderr.take().context("capture's stderr")?;
    let stderr = Arc::new(Mutex::new(String::new()));
    {
        let stderr = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                stderr
                    .lock()
                    .expect("stderr lock")
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
    }
    let pid = child.id() as i32;
    let mut running = Running { child, pid, stderr };
    let start = Instant::now();
    while !running.stderr().contains("listening on") {
        if let Some(status) = running.child.try_wait()? {
            bail!(
                "capture exited at start ({status}): {}",
                running.stderr().trim()
            );
        }
        if start.elapsed() > Duration::from_secs(15) {
            bail!(
                "capture did not start capturing in 15 s: {}",
                running.stderr().trim()
            );
        }
        thread::sleep(Duration::from_millis(10));
    }
    Ok((running, stdout))
}

/// Moves every thread of process `pid` to `cpu` (threads it starts later inherit it).
fn pin_process(pid: i32, cpu: usize) -> Result<()> {
    for task in fs::read_dir(format!("/proc/{pid}/task"))? {
        if let Some(tid) = task?.file_name().to_str().and_then(|t| t.parse().ok()) {
            measure::set_affinity(tid, &[cpu])?;
        }
    }
    Ok(())
}

/// Output files still in `dir` (retention kept them), and those of them without a `.idx`.
fn left_on_disk(dir: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let mut names: Vec<String> = fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let data: Vec<String> = names
        .iter()
        .filter(|n| n.starts_with("soak") && !n.ends_with(".idx"))
        .cloned()
        .collect();
    let without = data
        .iter()
        .filter(|n| !names.contains(&format!("{n}.idx")))
        .cloned()
        .collect();
    Ok((data, without))
}

/// A counter of capture's `--stats-json` (0 when missing).
fn stat(r: &Report, key: &str) -> u64 {
    r.capture_stats[key].as_u64().unwrap_or(0)
}

fn checks(r: &Report, capture_stderr: &str) -> Vec<Check> {
    let s = &r.settings;
    let t = &r.tally;
    let mut c = Vec::new();
    let mut check = |name: &str, ok: bool, detail: String| {
        c.push(Check {
            name: name.into(),
            ok,
            detail,
        })
    };
    check(
        "rate",
        r.achieved_pps >= 0.98 * s.pps as f64 && 2 * s.pps >= REFERENCE_PPS,
        format!(
            "{:.1} kpps held for {} frames (asked {} kpps; at least half of {} kpps required)",
            r.achieved_pps / 1e3,
            t.sent,
            s.pps as f64 / 1e3,
            REFERENCE_PPS / 1000
        ),
    );
    check(
        "exactly once",
        t.exactly_once() && t.unique == t.sent,
        format!(
            "{} sent, {} found once, {} lost, {} duplicated, {} unsent, {} wrong length, {} foreign records",
            t.sent, t.unique, t.lost, t.duplicates, t.unsent, t.bad_length, t.foreign
        ),
    );
    match &r.upload {
        None => check(
            "every closed file read back",
            r.files_missed.is_empty() && r.files_audited == r.files_closed && r.files_closed > 0,
            format!(
                "{} closed, {} read{}",
                r.files_closed,
                r.files_audited,
                r.files_missed
                    .first()
                    .map(|m| format!("; first miss: {m}"))
                    .unwrap_or_default()
            ),
        ),
        Some(u) => {
            let up = &r.capture_stats["upload"];
            let n = |k: &str| up[k].as_u64().unwrap_or(u64::MAX);
            check(
                "every closed file uploaded",
                r.files_closed > 0
                    && u.manifests == r.files_closed
                    && u.files_read == u.manifests
                    && u.mismatches.is_empty()
                    && u.orphans.is_empty()
                    && n("files_uploaded") == r.files_closed
                    && n("files_pending") == 0,
                format!(
                    "{} closed, {} manifests, {} objects read ({:.1} MB), {} mismatched, {} orphans{}; capture: {} uploaded, {} pending, {} kept past retention while not yet uploaded, {} failed attempts; {} bucket passes failed and were retried",
                    r.files_closed,
                    u.manifests,
                    u.files_read,
                    u.bytes as f64 / 1e6,
                    u.mismatches.len(),
                    u.orphans.len(),
                    u.mismatches
                        .first()
                        .or(u.orphans.first())
                        .map(|m| format!(" (first: {m})"))
                        .unwrap_or_default(),
                    up["files_uploaded"],
                    up["files_pending"],
                    up["kept_not_uploaded"],
                    up["failed_attempts"],
                    r.bucket_pass_errors.len()
                ),
            );
            check(
                "index uploaded with every file",
                u.indexes == u.manifests,
                format!("{} .idx objects for {} files", u.indexes, u.manifests),
            );
        }
    }
    // Retention keeps a file not yet uploaded (and deletes it at a later close), so with upload
    // the files kept that way may still be on disk at the end.
    let kept = r.capture_stats["upload"]["kept_not_uploaded"]
        .as_u64()
        .unwrap_or(0);
    let left = r.files_left.len() as u64;
    check(
        "rotation and retention",
        r.files_closed > s.keep_files && left <= s.keep_files + kept && left < r.files_closed,
        format!(
            "{} files closed, {left} left on disk (retention holds {}; {kept} kept past it while not yet uploaded)",
            r.files_closed, s.keep_files
        ),
    );
    check(
        "index beside every file",
        r.files_left_without_index.is_empty() && !r.files_left.is_empty(),
        format!(
            "{} files left, {} without .idx",
            r.files_left.len(),
            r.files_left_without_index.len()
        ),
    );
    let drops =
        stat(r, "dropped_ring_full") + stat(r, "dropped_handoff") + stat(r, "dropped_writer");
    check(
        "no drop counted",
        drops == 0 && stat(r, "captured") == t.records,
        format!(
            "stats-json: {} captured ({} records in the files), {} ring-full, {} handoff, {} writer drops",
            stat(r, "captured"),
            t.records,
            stat(r, "dropped_ring_full"),
            stat(r, "dropped_handoff"),
            stat(r, "dropped_writer")
        ),
    );
    check(
        "capture exit",
        r.capture_exit == 0,
        format!(
            "status {}; stderr: {}",
            r.capture_exit,
            capture_stderr.trim().replace('\n', " | ")
        ),
    );
    for f in &r.flatness {
        check(
            &format!("{} flat", f.name),
            f.flat,
            format!(
                "max {} in the first half after warm-up, {} in the second (slack {}, {} samples)",
                f.first_max, f.second_max, f.slack, f.samples
            ),
        );
    }
    c
}

fn print_summary(r: &Report) {
    println!(
        "soak {}: {} min, {} B frames at {:.1} kpps ({:.0} % of the {} kpps zero-loss rate of {})",
        r.started,
        r.settings.minutes,
        r.settings.frame_len,
        r.achieved_pps / 1e3,
        100.0 * r.achieved_pps / r.reference_pps as f64,
        r.reference_pps / 1000,
        r.reference_case
    );
    for c in &r.checks {
        println!(
            "  {} {}: {}",
            if c.ok { "ok  " } else { "FAIL" },
            c.name,
            c.detail
        );
    }
    println!("soak: {}", if r.passed { "passed" } else { "FAILED" });
}
