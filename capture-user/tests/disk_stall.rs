//! A writer that falls behind a live capture, two ways: the output file system (a small ext4
//! image on a loop device, made and always removed by the test) frozen with `fsfreeze` while the
//! rig sends a steady flow, then thawed; and a reader of `-w -` that takes the output at a third
//! of the traffic's rate, then catches up. In both the writer falls behind by far more than the
//! ring; the worker copies out of the ring only into its bounded copy pool, then stops reading and
//! lets the kernel's ring drop. Checked: every frame sent is captured or counted in exactly one
//! drop bucket, the output holds exactly the captured frames, and the resident memory sampled
//! through the run grows by no more than the copy pool and the writer's buffers. No timing is
//! asserted. Needs root (losetup, mount, fsfreeze) and two CPUs.

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
