//! Rotation behaviour beyond byte identity: `-G` with `-W` stopping, idle rotation by `tick`,
//! `--rotate-align`, `-z`, `--publish-atomic`, `--print-closed`, `--max-total-size`, the O_DIRECT
//! fallback on a filesystem that refuses it, and `-w -` into a pipe.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use capture::writer::{IoPath, Output, OutputConfig, WriteError};
use common::{TempDir, Tmpfs, make_input, read_records, records};

fn cfg(dir: &std::path::Path, pattern: &str) -> OutputConfig {
    OutputConfig {
        path: dir.join(pattern).display().to_string(),
        direct: true,
        ..OutputConfig::default()
    }
}

fn base(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|f| f.rsplit('/').next().unwrap().to_owned())
        .collect()
}

/// The 5500 records the tcpdump comparison uses: with `-C 1` they make five files of
/// 1_000_310, 1_000_980, 1_000_041, 1_000_122 and 372_124 bytes.
fn feed(out: &mut Output, n: usize) {
    for r in records(n, false) {
        out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
    }
}

#[test]
fn g_with_w_stops_after_n_files() {
    let dir = TempDir::new("gw");
    let mut c = cfg(dir.path(), "g-%s");
    c.rotate_seconds = Some(10);
    c.file_count = Some(3);
    let mut out = Output::create_at(c, 1, 65535, 1000).unwrap();
    let pkt = [0u8; 60];
    let mut results = Vec::new();
    for now in [1000, 1005, 1010, 1019, 1020, 1029, 1030, 1031] {
        results.push(out.write_at(now, now, 0, 60, &pkt));
    }
    assert!(results[..6].iter().all(Result::is_ok));
    for r in &results[6..] {
        let e = r.as_ref().unwrap_err();
        assert!(matches!(e, WriteError::FileLimitReached(3)));
        assert_eq!(e.to_string(), "Maximum file limit reached: 3");
        assert_eq!(e.dropped_packets(), 0);
    }
    assert!(out.is_done());
    let s = out.finish().unwrap();
    assert_eq!(base(&s.files), ["g-1000", "g-1010", "g-1020"]);
    assert_eq!((s.packets, s.dropped), (6, 0));
    let sizes: Vec<u64> = dir.listing().iter().map(|(_, n)| *n).collect();
    assert_eq!(sizes, [24 + 2 * 76, 24 + 2 * 76, 24 + 2 * 76]);
}

#[test]
fn tick_rotates_aligned_windows_with_no_traffic() {
    let dir = TempDir::new("align");
    let mut c = cfg(dir.path(), "a-%s.pcap");
    c.rotate_seconds = Some(60);
    c.rotate_align = true;
    let mut out = Output::create_at(c, 1, 65535, 1_000_030).unwrap();
    assert_eq!(
        out.current_file().map(|f| f.ends_with("a-1000020.pcap")),
        Some(true)
    );
    out.write_at(1_000_031, 1_000_031, 0, 100, &[7u8; 100])
        .unwrap();
    out.tick(1_000_079).unwrap();
    assert!(out.current_file().unwrap().ends_with("a-1000020.pcap"));
    out.tick(1_000_080).unwrap();
    assert!(out.current_file().unwrap().ends_with("a-1000080.pcap"));
    // An idle stretch: the next file is named after the window the tick falls in.
    out.tick(1_000_205).unwrap();
    let s = out.finish().unwrap();
    assert_eq!(
        base(&s.files),
        ["a-1000020.pcap", "a-1000080.pcap", "a-1000200.pcap"]
    );
    assert_eq!(
        dir.listing(),
        [
            ("a-1000020.pcap".to_owned(), 24 + 16 + 100),
            ("a-1000080.pcap".to_owned(), 24),
            ("a-1000200.pcap".to_owned(), 24),
        ]
    );
}

#[test]
fn postrotate_runs_on_each_closed_file_without_blocking() {
    let dir = TempDir::new("z");
    let log = dir.path().join("z.log");
    let script = dir.path().join("z.sh");
    // Each run sleeps a second: if -z blocked, writing would take five seconds.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nsleep 1\nprintf '%s %s\\n' \"$(basename \"$1\")\" \"$(wc -c < \"$1\")\" >> {}\n",
            log.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    let out_dir = TempDir::new("z-out");
    let mut c = cfg(out_dir.path(), "out");
    c.file_size = Some(1_000_000);
    c.postrotate = Some(script.display().to_string());
    let started = std::time::Instant::now();
    let mut out = Output::create(c, 1, 65535).unwrap();
    feed(&mut out, 5500);
    let writing = started.elapsed();
    let s = out.finish().unwrap();
    assert!(writing.as_millis() < 900, "-z blocked writing: {writing:?}");
    assert_eq!(s.files.len(), 5);
    let mut lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    // Every file reached -z complete, at its final size; the last one too (an extension).
    assert_eq!(
        lines,
        [
            "out 1000310",
            "out1 1000980",
            "out2 1000041",
            "out3 1000122",
            "out4 372124"
        ]
    );
}

#[test]
fn postrotate_that_cannot_start_does_not_stop_capture() {
    let dir = TempDir::new("zbad");
    let mut c = cfg(dir.path(), "out");
    c.file_size = Some(1_000_000);
    c.postrotate = Some("/nonexistent/compressor".into());
    let mut out = Output::create(c, 1, 65535).unwrap();
    feed(&mut out, 5500);
    let s = out.finish().unwrap();
    assert_eq!((s.files.len(), s.packets), (5, 5500));
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn publish_atomic_and_print_closed() {
    let dir = TempDir::new("pub");
    let mut c = cfg(dir.path(), "out");
    c.file_size = Some(1_000_000);
    c.file_count = Some(3);
    c.publish_atomic = true;
    c.print_closed = true;
    let printed = Shared::default();
    let mut out = Output::create(c, 1, 65535).unwrap();
    out.set_closed_printer(Box::new(printed.clone()));
    let recs = records(5500, false);
    let mut seen_partial = false;
    for (i, r) in recs.iter().enumerate() {
        out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
        if i == 1500 {
            // While out1 is being written, a watcher sees out0 complete and out1 only as .part.
            let names: Vec<String> = dir.listing().into_iter().map(|(n, _)| n).collect();
            assert_eq!(names, ["out0", "out1.part"]);
            let (_, first) = read_records(&std::fs::read(dir.path().join("out0")).unwrap());
            assert_eq!(first.len(), 1283);
            seen_partial = true;
        }
    }
    let s = out.finish().unwrap();
    assert!(seen_partial);
    assert_eq!(base(&s.files), ["out0", "out1", "out2", "out0", "out1"]);
    let names: Vec<String> = dir.listing().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["out0", "out1", "out2"]);
    let lines = String::from_utf8(printed.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        lines,
        s.files.iter().map(|f| format!("{f}\n")).collect::<String>()
    );
}

#[test]
fn max_total_size_deletes_oldest_closed_files() {
    let dir = TempDir::new("ret");
    let mut c = cfg(dir.path(), "out");
    c.file_size = Some(1_000_000);
    c.max_total_size = Some(2_500_000);
    let mut out = Output::create(c, 1, 65535).unwrap();
    feed(&mut out, 5500);
    let s = out.finish().unwrap();
    assert_eq!(base(&s.deleted), ["out", "out1"]);
    assert_eq!(
        dir.listing(),
        [
            ("out2".to_owned(), 1_000_041),
            ("out3".to_owned(), 1_000_122),
            ("out4".to_owned(), 372_124)
        ]
    );
}

#[test]
fn direct_falls_back_to_buffered_where_refused() {
    // ramfs has no O_DIRECT: open(2) says EINVAL.
    let ramfs = RamFs::new();
    let direct_dir = TempDir::new("fallback-ref");
    let input = make_input(&direct_dir.path().join("in.pcap"), 3000, false);
    let (hdr, recs) = read_records(&input);
    let mut paths = Vec::new();
    for d in [ramfs.0.path(), direct_dir.path()] {
        let mut c = cfg(d, "out");
        c.file_size = Some(1_000_000);
        let mut out = Output::create(c, hdr.linktype, hdr.snaplen).unwrap();
        paths.push(out.io_path());
        for r in &recs {
            out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
        }
        assert_eq!(out.finish().unwrap().files.len(), 3);
    }
    assert_eq!(paths, [IoPath::Buffered, IoPath::Direct]);
    for name in ["out", "out1", "out2"] {
        let a = std::fs::read(ramfs.0.path().join(name)).unwrap();
        let b = std::fs::read(direct_dir.path().join(name)).unwrap();
        assert!(a == b, "{name}");
    }
}

struct RamFs(TempDir);

impl RamFs {
    fn new() -> Self {
        let dir = TempDir::new("ramfs");
        let st = std::process::Command::new("mount")
            .args(["-t", "ramfs", "capture-test"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(st.success(), "mount -t ramfs needs root");
        RamFs(dir)
    }
}

impl Drop for RamFs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.0.path())
            .status();
    }
}

/// `-w -`: the child (this test binary again) writes pcap to its stdout, a pipe; the parent
/// reads it back. libtest prints a line before the test runs; the child exits right after
/// `finish`, so the pcap is the tail of the stream.
#[test]
fn stdout_output_into_a_pipe() {
    if std::env::var_os("CAPTURE_WRITER_CHILD").is_some() {
        let c = OutputConfig {
            path: "-".into(),
            direct: true,
            ..OutputConfig::default()
        };
        let mut out = Output::create(c, 1, 65535).unwrap();
        assert_eq!(out.io_path(), IoPath::Buffered);
        feed(&mut out, 3000);
        out.finish().unwrap();
        std::process::exit(0);
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "stdout_output_into_a_pipe",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CAPTURE_WRITER_CHILD", "1")
        .output()
        .unwrap();
    assert!(child.status.success());
    let magic = capture::writer::pcap::MAGIC_MICRO.to_ne_bytes();
    let at = child
        .stdout
        .windows(4)
        .position(|w| w == magic)
        .expect("pcap on stdout");
    let (_, recs) = read_records(&child.stdout[at..]);
    assert_eq!(recs.len(), 3000);
    let dir = TempDir::new("stdout-ref");
    let reference = make_input(&dir.path().join("ref.pcap"), 3000, false);
    assert!(child.stdout[at..] == reference[..]);
}

#[test]
fn tmpfs_helper_unmounts_even_on_panic() {
    let path = std::panic::catch_unwind(|| {
        let fs = Tmpfs::new("panic", "size=64k");
        let p = fs.path().to_path_buf();
        assert!(p.exists());
        panic!("{}", p.display());
    })
    .unwrap_err();
    let p = path.downcast_ref::<String>().unwrap();
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
    assert!(!mounts.contains(p.as_str()), "{p} still mounted");
}

#[test]
fn zstd_files_decompress_to_the_uncompressed_files() {
    let plain = TempDir::new("plain");
    let mut c = cfg(plain.path(), "out");
    c.file_size = Some(1_000_000);
    let mut out = Output::create(c.clone(), 1, 65535).unwrap();
    feed(&mut out, 5500);
    out.finish().unwrap();
    let mut compressed = Vec::new();
    for direct in [true, false] {
        let dir = TempDir::new("zstd");
        let mut z = cfg(dir.path(), "out");
        z.file_size = Some(1_000_000);
        z.compress = Some(capture::cli::Compression::Zstd);
        z.direct = direct;
        let mut out = Output::create(z, 1, 65535).unwrap();
        assert_eq!(out.io_path() == IoPath::Direct, direct);
        feed(&mut out, 5500);
        out.flush().unwrap();
        let s = out.finish().unwrap();
        assert_eq!(
            base(&s.files),
            ["out.zst", "out1.zst", "out2.zst", "out3.zst", "out4.zst"]
        );
        assert_eq!((s.packets, s.bytes), (5500, 4_373_481 + 4 * 24));
        for (name, size) in plain.listing() {
            let packed = std::fs::read(dir.path().join(format!("{name}.zst"))).unwrap();
            let unpacked = zstd::decode_all(&packed[..]).unwrap();
            assert_eq!(unpacked.len() as u64, size, "{name}");
            assert!(unpacked == std::fs::read(plain.path().join(&name)).unwrap());
            // The synthetic payload is highly regular: well under half its size.
            assert!((packed.len() as u64) < size / 2, "{name}: {}", packed.len());
        }
        let files: Vec<(String, Vec<u8>)> = dir
            .listing()
            .into_iter()
            .map(|(n, _)| {
                let bytes = std::fs::read(dir.path().join(&n)).unwrap();
                (n, bytes)
            })
            .collect();
        compressed.push(files);
    }
    // zstd is deterministic: the O_DIRECT and buffered paths wrote the same compressed bytes.
    assert!(compressed[0] == compressed[1]);
}
