//! Output faults: a full disk (a 256 KiB tmpfs mounted by the test, always unmounted) and
//! unwritable or missing directories. Needs root for mount(8).

mod common;

use capture::writer::{IoPath, Output, OutputConfig, WriteError};
use common::{Tmpfs, records, write_each};

const TMPFS_BYTES: u64 = 256 * 1024;

fn disk_full(direct: bool) {
    let fs = Tmpfs::new("full", &format!("size={TMPFS_BYTES}"));
    let path = fs.path().join("full.pcap");
    let cfg = OutputConfig {
        path: path.display().to_string(),
        direct,
        ..OutputConfig::default()
    };
    let recs = records(1500, false);
    let mut out = Output::create_at(cfg, 1, 65535, 100).unwrap();
    let want = if direct {
        IoPath::Direct
    } else {
        IoPath::Buffered
    };
    assert_eq!(out.io_path(), want);
    // One wall-clock second throughout: no retry, so the figures do not depend on timing.
    let mut errors = write_each(&mut out, 100, &recs);
    let summary = out.finish().unwrap();
    // The I/O thread reports a failed write at the next call, so the report may come from a
    // later write or from finish; either way it comes once, first, naming the file.
    errors.extend(summary.error.clone());
    let dropped: u64 = errors.iter().map(WriteError::dropped_packets).sum();
    let first = &errors[0];
    assert!(
        matches!(
            first,
            WriteError::Io {
                resumable: true,
                ..
            }
        ),
        "{first:?}"
    );
    assert_eq!(
        first.to_string(),
        format!(
            "{}: No space left on device; dropping packets until space frees up, file kept up to \
             its last complete record",
            path.display()
        )
    );
    assert!(errors[1..].iter().all(|e| matches!(e, WriteError::Stopped)));

    // The file is valid up to its last complete record: the largest record boundary that fits
    // in the tmpfs, computed here from the record sizes alone.
    let mut end = 24u64;
    let mut fit = 0u64;
    for r in &recs {
        let next = end + 16 + r.data.len() as u64;
        if next > TMPFS_BYTES {
            break;
        }
        end = next;
        fit += 1;
    }
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len() as u64, end);
    let (_, on_disk) = common::read_records(&bytes);
    assert_eq!(on_disk.len() as u64, fit);
    assert_eq!(summary.packets, fit);
    // Every packet offered is either in the file or counted as a writer drop, once.
    assert_eq!(summary.dropped, 1500 - fit);
    assert_eq!(dropped, 1500 - fit);
    assert_eq!(summary.files, [path.display().to_string()]);
    // Figures for this input: 333 records fit in 256 KiB.
    assert_eq!((fit, end), (333, 261_747));
}

#[test]
fn disk_full_direct_keeps_file_valid_and_counts_drops() {
    disk_full(true);
}

#[test]
fn disk_full_buffered_keeps_file_valid_and_counts_drops() {
    disk_full(false);
}

#[test]
fn unwritable_or_missing_directory_fails_at_create() {
    let fs = Tmpfs::new("ro", "size=64k,ro");
    let path = fs.path().join("dump");
    let cfg = OutputConfig {
        path: path.display().to_string(),
        direct: true,
        file_size: Some(1_000_000),
        file_count: Some(3),
        ..OutputConfig::default()
    };
    let err = Output::create(cfg.clone(), 1, 65535).err().unwrap();
    // -W 3 names the first file dump0, and the message names it.
    assert_eq!(
        err.to_string(),
        format!("{}0: Read-only file system", path.display())
    );
    let missing = OutputConfig {
        path: fs.path().join("no/such/dir/dump").display().to_string(),
        ..cfg
    };
    let err = Output::create(missing.clone(), 1, 65535).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!("{}0: No such file or directory", missing.path)
    );
}

/// The largest record boundary at or under `limit` when `recs` are written after `start` bytes,
/// and how many records that is.
fn fit(start: u64, recs: &[common::Rec], limit: u64) -> (u64, usize) {
    let mut end = start;
    let mut n = 0;
    for r in recs {
        let next = end + 16 + r.data.len() as u64;
        if next > limit {
            break;
        }
        end = next;
        n += 1;
    }
    (end, n)
}

fn resume_after_space_frees_up(direct: bool) {
    let fs = Tmpfs::new("resume", &format!("size={TMPFS_BYTES}"));
    let ballast = fs.path().join("ballast");
    std::fs::write(&ballast, vec![0u8; 128 * 1024]).unwrap();
    let path = fs.path().join("out.pcap");
    let cfg = OutputConfig {
        path: path.display().to_string(),
        direct,
        ..OutputConfig::default()
    };
    let recs = records(3000, false);
    let mut out = Output::create_at(cfg, 1, 65535, 100).unwrap();
    let mut outcomes = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if i == 1500 {
            // Everything accepted so far is written (or known lost) before space frees up.
            outcomes.push(out.flush());
            // Space frees up; the next write a second later goes on in the same file.
            std::fs::remove_file(&ballast).unwrap();
        }
        let now = if i < 1500 { 100 } else { 101 };
        outcomes.push(out.write_at(now, r.ts_sec, r.ts_nsec, r.wirelen, &r.data));
    }
    let summary = out.finish().unwrap();
    outcomes.extend(summary.error.clone().map(Err));

    let (end1, n1) = fit(24, &recs, 128 * 1024);
    let (end2, n2) = fit(end1, &recs[1500..], TMPFS_BYTES);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len() as u64, end2);
    let (_, on_disk) = common::read_records(&bytes);
    assert_eq!(on_disk.len(), n1 + n2);
    assert!(
        on_disk[..n1]
            .iter()
            .zip(&recs)
            .all(|(a, b)| a.data == b.data)
    );
    assert!(
        on_disk[n1..]
            .iter()
            .zip(&recs[1500..])
            .all(|(a, b)| a.data == b.data)
    );
    assert_eq!(summary.packets as usize, n1 + n2);
    assert_eq!(summary.packets + summary.dropped, 3000);
    assert_eq!(summary.resumed, 1);
    // Reported once per full-disk event: when it filled, and when it filled again.
    let reports: Vec<usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| matches!(o, Err(WriteError::Io { .. })))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(reports.len(), 2);
    // The first write after the flush, a second later, resumed.
    assert!(outcomes[1501].is_ok());
    let counted: u64 = outcomes
        .iter()
        .filter_map(|o| o.as_ref().err())
        .map(WriteError::dropped_packets)
        .sum();
    assert_eq!(counted, summary.dropped);
    assert_eq!((n1, n2, end2), (166, 159, 262_000));
}

#[test]
fn disk_full_direct_resumes_when_space_frees_up() {
    resume_after_space_frees_up(true);
}

#[test]
fn disk_full_buffered_resumes_when_space_frees_up() {
    resume_after_space_frees_up(false);
}

#[test]
fn exit_on_disk_full_stops_for_good() {
    let fs = Tmpfs::new("exit", "size=64k");
    let path = fs.path().join("out.pcap");
    let cfg = OutputConfig {
        path: path.display().to_string(),
        direct: true,
        exit_on_disk_full: true,
        ..OutputConfig::default()
    };
    let recs = records(2000, false);
    let mut out = Output::create_at(cfg, 1, 65535, 100).unwrap();
    let mut errors = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if let Err(e) = out.write_at(100 + i as i64, r.ts_sec, r.ts_nsec, r.wirelen, &r.data) {
            errors.push(e);
        }
    }
    let summary = out.finish().unwrap();
    errors.extend(summary.error.clone());
    assert!(matches!(
        errors[0],
        WriteError::Io {
            resumable: false,
            ..
        }
    ));
    assert!(errors[0].to_string().ends_with(
        "No space left on device; output stopped, file kept up to its last complete record"
    ));
    assert!(errors[1..].iter().all(|e| matches!(e, WriteError::Stopped)));
    let (end, n) = fit(24, &recs, 64 * 1024);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), end);
    assert_eq!(summary.packets as usize, n);
    assert_eq!(summary.packets + summary.dropped, 2000);
    assert_eq!(summary.resumed, 0);
}

/// SIGKILL mid-capture: the child (this test binary again) writes 3500 records with `-C 1` on
/// the O_DIRECT path, ticks once (as the engine does every second), writes 100 more, says READY
/// and waits to be killed. Closed files are complete; the open one holds every record up to
/// the tick, at its true length, and tcpdump reads it without complaint.
#[test]
fn sigkill_leaves_closed_files_valid_and_open_file_readable() {
    if let Some(dir) = std::env::var_os("CAPTURE_KILL_CHILD_DIR") {
        let cfg = OutputConfig {
            path: std::path::Path::new(&dir).join("out").display().to_string(),
            direct: true,
            file_size: Some(1_000_000),
            ..OutputConfig::default()
        };
        let mut out = Output::create(cfg, 1, 65535).unwrap();
        assert_eq!(out.io_path(), IoPath::Direct);
        let recs = records(3600, false);
        for r in &recs[..3500] {
            out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
        }
        out.tick(0).unwrap();
        for r in &recs[3500..] {
            out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
        }
        println!("READY");
        std::thread::sleep(std::time::Duration::from_secs(60));
        std::process::exit(3);
    }
    use std::io::BufRead;
    let dir = common::TempDir::new("kill");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "sigkill_leaves_closed_files_valid_and_open_file_readable",
            "--nocapture",
        ])
        .env("CAPTURE_KILL_CHILD_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let ready = std::io::BufReader::new(stdout)
        .lines()
        .any(|l| l.map(|l| l.contains("READY")).unwrap_or(false));
    assert!(ready, "child never got ready");
    child.kill().unwrap(); // SIGKILL
    let st = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&st),
        Some(libc::SIGKILL)
    );

    let listing = dir.listing();
    let names: Vec<&str> = listing.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["out", "out1", "out2"]);
    // The two closed files are those of the tcpdump comparison (same records, same -C).
    assert_eq!(listing[0].1, 1_000_310);
    assert_eq!(listing[1].1, 1_000_980);
    let counts: Vec<usize> = listing
        .iter()
        .map(|(n, _)| {
            let bytes = std::fs::read(dir.path().join(n)).unwrap();
            common::read_records(&bytes).1.len()
        })
        .collect();
    // 3500 records before the tick: 1283 + 1274 in the closed files, 943 in the open one; the
    // 100 written after the tick were in memory only.
    assert_eq!(counts, [1283, 1274, 943]);
    // tcpdump reads the open file to its end: copied with `-r -w`, every record comes through.
    let copy = dir.path().join("copy");
    let tcpdump = std::process::Command::new("tcpdump")
        .arg("-r")
        .arg(dir.path().join("out2"))
        .arg("-w")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        tcpdump.status.success(),
        "{}",
        String::from_utf8_lossy(&tcpdump.stderr)
    );
    let copied = std::fs::read(&copy).unwrap();
    assert_eq!(common::read_records(&copied).1.len(), 943);
    assert!(copied == std::fs::read(dir.path().join("out2")).unwrap());
}

/// The directory vanishes mid-capture: the next file cannot be created, which is reported once
/// with its name; capture's output stops and every later packet is a counted drop.
#[test]
fn next_file_cannot_be_created() {
    let dir = common::TempDir::new("vanish");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let cfg = OutputConfig {
        path: sub.join("out").display().to_string(),
        direct: true,
        file_size: Some(1_000_000),
        ..OutputConfig::default()
    };
    let recs = records(2000, false);
    let mut out = Output::create(cfg, 1, 65535).unwrap();
    let mut errors = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if i == 1000 {
            std::fs::remove_dir_all(&sub).unwrap();
        }
        if let Err(e) = out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data) {
            errors.push(e);
        }
    }
    let summary = out.finish().unwrap();
    // The first file was complete (closed at the 1284th packet) but its directory is gone.
    assert_eq!(
        errors[0].to_string(),
        format!("{}: No such file or directory", sub.join("out1").display())
    );
    assert!(errors[1..].iter().all(|e| *e == WriteError::Stopped));
    assert_eq!(errors.len(), 2000 - 1283);
    let counted: u64 = errors.iter().map(WriteError::dropped_packets).sum();
    assert_eq!(counted, 2000 - 1283);
    assert_eq!((summary.packets, summary.dropped), (1283, 717));
    assert_eq!(summary.files, [sub.join("out").display().to_string()]);
}

/// The disk fills up just as `-C` opens the next file: not even its header fits. No file that
/// tcpdump cannot read is left behind (an empty one used to be), every packet is either in a
/// file tcpdump reads or counted as dropped.
#[test]
fn disk_full_at_rotation_leaves_only_readable_files() {
    let fs = Tmpfs::new("rotfull", "size=2m");
    let cfg = OutputConfig {
        path: fs.path().join("out").display().to_string(),
        file_size: Some(1_000_000),
        packet_buffered: true,
        direct: false,
        ..OutputConfig::default()
    };
    let recs = records(1400, false);
    let mut out = Output::create_at(cfg, 1, 65535, 100).unwrap();
    let first = fs.path().join("out");
    let mut written = 0;
    // Past the size limit: the next packet opens the next file.
    while std::fs::metadata(&first).unwrap().len() <= 1_000_000 {
        let r = &recs[written];
        out.write_at(100, r.ts_sec, r.ts_nsec, r.wirelen, &r.data)
            .unwrap();
        written += 1;
    }
    // Someone else takes every byte left.
    let filler = fs.path().join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut f, &block).is_ok() {}
    drop(f);
    // A few seconds of packets, so the writer probes for space again.
    let mut errors = Vec::new();
    for (i, r) in recs[written..written + 20].iter().enumerate() {
        if let Err(e) = out.write_at(101 + i as i64, r.ts_sec, r.ts_nsec, r.wirelen, &r.data) {
            errors.push(e);
        }
    }
    let summary = out.finish().unwrap();
    assert!(!errors.is_empty(), "the disk was full");
    assert_eq!(summary.packets + summary.dropped, (written + 20) as u64);
    let mut in_files = 0;
    for entry in std::fs::read_dir(fs.path()).unwrap() {
        let path = entry.unwrap().path();
        if path == filler {
            continue;
        }
        let read = std::process::Command::new("tcpdump")
            .args(["-n", "-r"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            read.status.success(),
            "tcpdump -r {}: {read:?}",
            path.display()
        );
        in_files += common::read_records(&std::fs::read(&path).unwrap()).1.len() as u64;
    }
    assert_eq!(in_files, summary.packets);
    assert_eq!(summary.files, [first.display().to_string()]);
}
