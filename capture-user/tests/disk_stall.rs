//! A writer that falls behind a live capture, two ways: the output file system (a small ext4
//! image on a loop device, made and always removed by the test) frozen with `fsfreeze` while the
//! rig sends a steady flow, then thawed; and a reader of `-w -` that takes the output at a third
//! of the traffic's rate, then catches up. In both the writer falls behind by far more than the
//! ring; the worker copies out of the ring only into its bounded copy pool, then stops reading and
//! lets the kernel's ring drop. Checked: every frame sent is captured or counted in exactly one
//! drop bucket, the output holds exactly the captured frames, and the resident memory sampled
//! through the run grows by no more than the copy pool and the writer's buffers. With `--index`
//! and a frozen disk, the files written while the ring is more than half full lose their index
//! rather than packets, and `capture query` still answers as tcpdump. No timing is asserted.
//! Needs root (losetup, mount, fsfreeze) and two CPUs.

mod common;
mod support;

use std::{
    io::Read,
    path::{Path, PathBuf},
    process::Command,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
    },
    thread::{self, JoinHandle},
    time::Duration,
};

use capture_rig::Rig;
use support::{TempDir, counter, read_pcap, read_stats};

/// `-B` in KiB: an 8 MiB ring, 8 blocks of 1 MiB (the default snaplen needs blocks that large).
const RING_KIB: u64 = 8192;
/// The copy pool for that ring: as much memory as ring (8 chunks of one block).
const POOL_BYTES: u64 = RING_KIB * 1024;
/// The writer's buffers (4 aligned buffers of 1 MiB for O_DIRECT) and slack for the batches'
/// record lists and the allocator.
const WRITER_AND_SLACK: u64 = 12 << 20;
/// A steady rate of 1000-byte frames (20 MB/s) the capture keeps up with when the output does.
const PPS: u64 = 20_000;

/// A loop-mounted ext4 file system; thawed, unmounted and detached on drop, also when the test
/// panics.
struct LoopFs {
    image: PathBuf,
    device: String,
    mount: TempDir,
    frozen: bool,
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl LoopFs {
    fn new(dir: &TempDir, mib: u64) -> Self {
        let image = dir.0.join("disk.img");
        std::fs::File::create(&image)
            .and_then(|f| f.set_len(mib << 20))
            .expect("image file");
        let img = image.to_string_lossy().into_owned();
        run("mkfs.ext4", &["-q", "-F", &img]);
        let device = run("losetup", &["--find", "--show", &img]);
        let fs = LoopFs {
            image,
            device,
            mount: TempDir::new("stall-mnt").expect("mount point"),
            frozen: false,
        };
        run("mount", &[&fs.device, &fs.mount.file("")]);
        fs
    }

    fn path(&self) -> &Path {
        &self.mount.0
    }

    fn freeze(&mut self) {
        self.frozen = true;
        run("fsfreeze", &["-f", &self.mount.file("")]);
    }

    fn thaw(&mut self) {
        run("fsfreeze", &["-u", &self.mount.file("")]);
        self.frozen = false;
    }
}

impl Drop for LoopFs {
    fn drop(&mut self) {
        let mnt = self.mount.file("");
        if self.frozen {
            let _ = Command::new("fsfreeze").args(["-u", &mnt]).status();
        }
        let _ = Command::new("umount").arg(&mnt).status();
        let _ = Command::new("losetup").args(["-d", &self.device]).status();
        let _ = std::fs::remove_file(&self.image);
    }
}

/// Resident memory of process `pid` in bytes (VmRSS), None once it is gone.
fn rss(pid: i32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Samples the resident memory of `pid` every 20 ms until stopped; [`RssSampler::growth`] is
/// the peak less the first sample.
struct RssSampler {
    before: u64,
    peak: Arc<AtomicU64>,
    on: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RssSampler {
    fn start(pid: i32) -> Self {
        let before = rss(pid).expect("capture is running");
        let peak = Arc::new(AtomicU64::new(before));
        let on = Arc::new(AtomicBool::new(true));
        let thread = {
            let (peak, on) = (Arc::clone(&peak), Arc::clone(&on));
            thread::spawn(move || {
                while on.load(Relaxed) {
                    if let Some(r) = rss(pid) {
                        peak.fetch_max(r, Relaxed);
                    }
                    thread::sleep(Duration::from_millis(20));
                }
            })
        };
        Self {
            before,
            peak,
            on,
            thread: Some(thread),
        }
    }

    fn growth(mut self) -> u64 {
        self.on.store(false, Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        self.peak.load(Relaxed).saturating_sub(self.before)
    }
}

/// The capture's arguments: one worker and the writer on CPUs of their own (the threaded path,
/// with the copy-out), an 8 MiB ring, output to `out`.
fn args<'a>(rig: &'a Rig, ring: &'a str, out: &'a str, js: &'a str) -> Vec<&'a str> {
    vec![
        "-i",
        &rig.veth_b,
        "--workers",
        "1",
        "--writer-cpu",
        "1",
        "-B",
        ring,
        "-w",
        out,
        "--stats-json",
        js,
    ]
}

/// Every frame sent reached the socket (or is counted before it), every frame the socket took
/// is in the output or in exactly one drop bucket, and the output holds `records` frames: the
/// captured ones. Returns the buckets.
fn assert_accounted(js: &str, sent: u64, records: usize) -> serde_json::Value {
    let s = read_stats(js).unwrap();
    if let Some(seen) = s["xdp_seen"].as_u64() {
        assert_eq!(seen, sent, "{s}");
    }
    let received = counter(&s, "received_by_filter");
    assert_eq!(
        received + s["not_delivered_to_socket"].as_u64().unwrap_or(0),
        sent,
        "{s}"
    );
    assert_eq!(
        counter(&s, "captured")
            + counter(&s, "dropped_ring_full")
            + counter(&s, "dropped_handoff")
            + counter(&s, "dropped_writer")
            + counter(&s, "unread_in_ring"),
        received,
        "{s}"
    );
    assert_eq!(records as u64, counter(&s, "captured"), "{s}");
    eprintln!("{s}");
    // The writer lost nothing it was given: the kernel's ring took the slack.
    assert_eq!(counter(&s, "dropped_handoff"), 0, "{s}");
    assert_eq!(counter(&s, "dropped_writer"), 0, "{s}");
    assert!(counter(&s, "dropped_ring_full") > 0, "{s}");
    s
}

fn assert_bounded(growth: u64) {
    eprintln!("resident memory grew by {} KiB", growth >> 10);
    assert!(
        growth <= POOL_BYTES + WRITER_AND_SLACK,
        "resident memory grew by {} MiB while the writer was behind (bound: {} MiB)",
        growth >> 20,
        (POOL_BYTES + WRITER_AND_SLACK) >> 20
    );
}

#[test]
fn a_frozen_disk_costs_bounded_memory_and_every_frame_is_accounted_for() {
    assert!(
        thread::available_parallelism().map_or(1, |n| n.get()) >= 2,
        "the worker and the writer need a CPU each"
    );
    let rig = Rig::new().unwrap();
    let dir = TempDir::new("stall").unwrap();
    let mut fs = LoopFs::new(&dir, 256);
    let out = fs.path().join("stall.pcap").to_string_lossy().into_owned();
    let js = dir.file("stats.json");
    let ring = RING_KIB.to_string();
    let run = support::start(&rig, &args(&rig, &ring, &out, &js)).unwrap();
    let rss = RssSampler::start(run.pid());

    // 40 MB while frozen (five times ring and pool together), then 10 MB once thawed.
    fs.freeze();
    let mut sent = rig
        .send(&rig.frame_spec(1000, 16, 11).unwrap(), 40_000, Some(PPS))
        .unwrap();
    fs.thaw();
    sent += rig
        .send(&rig.frame_spec(1000, 16, 12).unwrap(), 10_000, Some(PPS))
        .unwrap();
    thread::sleep(Duration::from_secs(1));
    let done = run.interrupt().unwrap();
    let growth = rss.growth();
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(sent, 50_000);

    let (_, _, records) = read_pcap(Path::new(&out)).unwrap();
    let s = assert_accounted(&js, sent, records.len());
    // After the thaw the capture keeps up again.
    assert!(counter(&s, "captured") >= 10_000, "{s}");
    assert_bounded(growth);
}

/// `--index` on a capture that falls behind: the disk frozen mid-run, so the writer stops and
/// the ring fills. The index of each file open while a ring was more than half full is given up
/// (reported in `--stats-json`), not packets for it; every other file has its index, and
/// `capture query` over the files, reading the given-up ones in full (one notice naming them),
/// prints what tcpdump prints over all of them. On the threaded path (worker and writer on CPUs
/// of their own) and on the single-thread path (`taskset -c 0`: the worker writes).
#[test]
fn a_capture_that_falls_behind_gives_up_the_index_not_packets() {
    assert!(
        thread::available_parallelism().map_or(1, |n| n.get()) >= 2,
        "the worker and the writer need a CPU each"
    );
    falls_behind_with_index(false);
    falls_behind_with_index(true);
}

fn falls_behind_with_index(one_cpu: bool) {
    let rig = Rig::new().unwrap();
    let dir = TempDir::new("stall-index").unwrap();
    let mut fs = LoopFs::new(&dir, 256);
    let files = fs.path().join("files");
    std::fs::create_dir(&files).unwrap();
    let out = files.join("stall.pcap").to_string_lossy().into_owned();
    let js = dir.file("stats.json");
    let ring = RING_KIB.to_string();
    let mut args = args(&rig, &ring, &out, &js);
    args.extend(["-C", "4", "--index", "--notices"]);
    let run = if one_cpu {
        // `--workers 1 --writer-cpu 1` out: one allowed CPU.
        let mut single = vec!["-c", "0", env!("CARGO_BIN_EXE_capture")];
        single.extend(&args[..2]);
        single.extend(&args[6..]);
        support::start_program(&rig, "taskset", &single).unwrap()
    } else {
        support::start(&rig, &args).unwrap()
    };

    // 10 MB at a pace the capture keeps up with, 40 MB while frozen, 10 MB once thawed.
    let spec = |seed| rig.frame_spec(1000, 16, seed).unwrap();
    let mut sent = rig.send(&spec(21), 10_000, Some(PPS)).unwrap();
    fs.freeze();
    sent += rig.send(&spec(22), 40_000, Some(PPS)).unwrap();
    fs.thaw();
    sent += rig.send(&spec(23), 10_000, Some(PPS)).unwrap();
    thread::sleep(Duration::from_secs(1));
    let done = run.interrupt().unwrap();
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(sent, 60_000);
    let path = if one_cpu {
        "writer: the worker's own thread"
    } else {
        "writer: CPU 1"
    };
    assert!(
        done.stderr.iter().any(|l| l.contains(path)),
        "{:?}",
        done.stderr
    );

    let written = common::rotated(&files);
    let records: usize = written.iter().map(|f| read_pcap(f).unwrap().2.len()).sum();
    let s = assert_accounted(&js, sent, records);
    let given_up: Vec<&str> = s["indexes_given_up"]
        .as_array()
        .unwrap_or_else(|| panic!("no indexes_given_up in {s}"))
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(!given_up.is_empty(), "{s}");
    for f in &written {
        let name = f.to_string_lossy();
        let idx = capture::index::index_path(f);
        assert_eq!(
            idx.exists(),
            !given_up.contains(&name.as_ref()),
            "{name}: given up {given_up:?}"
        );
    }
    assert!(
        given_up.len() < written.len(),
        "{given_up:?} of {written:?}"
    );
    let notice = format!(
        "capture: index: given up for {} file(s) where the capture fell behind (a ring more \
         than half full), which capture query reads in full: {}",
        given_up.len(),
        given_up.join(", ")
    );
    assert!(done.stderr.contains(&notice), "{:?}", done.stderr);

    let expr = "udp";
    let list = dir.file("list");
    let text: String = written
        .iter()
        .map(|f| format!("{}\n", f.display()))
        .collect();
    std::fs::write(&list, text).unwrap();
    let want = Command::new("tcpdump")
        .args(["-V", &list, "-nn", expr])
        .output()
        .unwrap();
    assert!(want.status.success());
    let got = Command::new(env!("CARGO_BIN_EXE_capture"))
        .args(["query", "-nn", files.to_str().unwrap(), expr])
        .output()
        .unwrap();
    assert!(got.status.success());
    assert_eq!(got.stdout.len(), want.stdout.len());
    assert!(
        got.stdout == want.stdout,
        "capture query differs from tcpdump -V"
    );
    let unindexed: Vec<String> = given_up.iter().map(|n| format!("{n} (no index)")).collect();
    assert_eq!(
        String::from_utf8_lossy(&got.stderr),
        format!(
            "capture: reading in full, without a valid index, {} file{}: {}\n",
            given_up.len(),
            if given_up.len() == 1 { "" } else { "s" },
            unindexed.join(", ")
        )
    );
}

/// A writer that goes on, slower than the traffic, on `iface`: output to a pipe read at a third
/// of the traffic's rate, then at full speed. Returns the buckets.
fn slow_output(any: bool) -> serde_json::Value {
    assert!(
        thread::available_parallelism().map_or(1, |n| n.get()) >= 2,
        "the worker and the writer need a CPU each"
    );
    let rig = Rig::new().unwrap();
    let dir = TempDir::new("slow").unwrap();
    let js = dir.file("stats.json");
    let ring = RING_KIB.to_string();
    let mut args = args(&rig, &ring, "-", &js);
    if any {
        args[1] = "any";
    }
    // Only the rig's frames, whatever else the namespace sees on `any`.
    args.push("udp and dst port 9");
    let mut run = support::start(&rig, &args).unwrap();
    let rss = RssSampler::start(run.pid());
    // 64 KiB every 10 ms, a third of the traffic's rate, until told to read at full speed.
    let slow = Arc::new(AtomicBool::new(true));
    let reader = {
        let mut stdout = run.take_stdout().unwrap();
        let slow = Arc::clone(&slow);
        thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = vec![0; 64 << 10];
            loop {
                match stdout.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => all.extend_from_slice(&buf[..n]),
                }
                if slow.load(Relaxed) {
                    thread::sleep(Duration::from_millis(10));
                }
            }
            all
        })
    };

    // 80 MB in 4 s, of which the output takes about 26 MB meanwhile.
    let sent = rig
        .send(&rig.frame_spec(1000, 16, 13).unwrap(), 80_000, Some(PPS))
        .unwrap();
    slow.store(false, Relaxed);
    thread::sleep(Duration::from_secs(1));
    let done = run.interrupt().unwrap();
    let growth = rss.growth();
    let bytes = reader.join().unwrap();
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(sent, 80_000);

    let file = dir.file("out.pcap");
    std::fs::write(&file, &bytes).unwrap();
    let (_, _, records) = read_pcap(Path::new(&file)).unwrap();
    let s = assert_accounted(&js, sent, records.len());
    assert_bounded(growth);
    s
}

/// Frames kept in the ring while the writer keeps up: once it holds three quarters of the ring,
/// the worker copies the newest blocks out into the pool and hands them back at once. (The
/// kernel fills blocks in ring order, so it waits for the oldest one the writer holds all the
/// same: copies in flight stay within about one ring, the pool's size.)
#[test]
fn a_slow_output_copies_out_into_bounded_memory_and_every_frame_is_accounted_for() {
    let s = slow_output(false);
    assert!(counter(&s, "copied_out_of_ring") > 0, "{s}");
}

/// Every frame copied (`-i any` adds a cooked header): the blocks go back at once, so only the
/// pool bounds the copies; once the writer holds it all, the worker waits and the kernel drops.
#[test]
fn a_slow_output_on_any_waits_for_the_pool_and_every_frame_is_accounted_for() {
    let s = slow_output(true);
    assert!(counter(&s, "copy_pool_waits") > 0, "{s}");
}
