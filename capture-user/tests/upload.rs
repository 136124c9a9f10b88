//! Live (root): `--upload` against a real S3-compatible store, a single-node Garage started by
//! each test inside the rig's capture namespace (`rig::Garage`). Every frame sent is counted in
//! the objects downloaded back from the bucket: each exactly once, through rotation, a store
//! killed and restarted, a capture killed and restarted, and wrong credentials.
//!
//! Garage must be installed (`cargo xtask test` installs it); without it these tests fail and
//! say so.
mod support;

use std::{collections::BTreeMap, path::Path, time::Duration};

use anyhow::{Context, Result, ensure};
use capture_rig::{Garage, Rig, audit, objects};
use sha2::{Digest, Sha256};
use support::{Finished, TempDir, read_stats, start_env};

/// What the bucket holds under a prefix, by kind of object.
#[derive(Debug, Default)]
struct Bucket {
    /// Capture files: key, bytes.
    pcaps: BTreeMap<String, Vec<u8>>,
    /// Their indexes: key, size.
    indexes: BTreeMap<String, u64>,
    /// Manifests: key, parsed.
    manifests: BTreeMap<String, serde_json::Value>,
}

impl Bucket {
    fn read(g: &Garage, prefix: &str) -> Result<Bucket> {
        let listed = objects::list(g, prefix)?;
        let keys: Vec<String> = listed.iter().map(|o| o.key.clone()).collect();
        let mut b = Bucket::default();
        objects::download_each(g, &keys, |key, bytes| {
            if key.ends_with(".manifest.json") {
                b.manifests
                    .insert(key.to_owned(), serde_json::from_slice(bytes)?);
            } else if key.ends_with(".idx") {
                b.indexes.insert(key.to_owned(), bytes.len() as u64);
            } else {
                b.pcaps.insert(key.to_owned(), bytes.to_vec());
            }
            Ok(())
        })?;
        Ok(b)
    }

    /// Every test frame in the capture files, sorted.
    fn frames(&self) -> Result<Vec<(u64, u64)>> {
        let mut all = Vec::new();
        for (key, bytes) in &self.pcaps {
            all.extend(audit::test_frames(bytes).with_context(|| key.clone())?);
        }
        all.sort_unstable();
        Ok(all)
    }

    /// Each capture file has a manifest that describes it exactly: packets, bytes, SHA-256,
    /// host, interface; and, with `index`, an index object beside it.
    fn check_manifests(&self, iface: &str, index: bool) -> Result<()> {
        ensure!(
            self.manifests.len() == self.pcaps.len(),
            "{} manifests for {} files",
            self.manifests.len(),
            self.pcaps.len()
        );
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")?;
        for (key, bytes) in &self.pcaps {
            let m = &self.manifests[&format!("{key}.manifest.json")];
            let frames = audit::test_frames(bytes)?.len() as u64;
            ensure!(m["packets"] == frames, "{key}: {m}");
            ensure!(m["bytes"] == bytes.len() as u64, "{key}: {m}");
            let sha: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            ensure!(m["sha256"] == sha, "{key}: {m}");
            ensure!(m["host"] == host.trim() && m["interface"] == iface, "{m}");
            ensure!(m["key"] == key.as_str(), "{m}");
            ensure!(
                m["first_timestamp_ns"].as_u64() <= m["last_timestamp_ns"].as_u64(),
                "{m}"
            );
            ensure!(m["drops"]["dropped_ring_full"] == 0, "{m}");
            if index {
                ensure!(
                    self.indexes.contains_key(&format!("{key}.idx")),
                    "{key}: no index"
                );
            }
        }
        Ok(())
    }
}

/// `0..n` of each nonce, in order: what the bucket must hold exactly.
fn sent(runs: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut all: Vec<(u64, u64)> = runs
        .iter()
        .flat_map(|&(nonce, n)| (0..n).map(move |s| (nonce, s)))
        .collect();
    all.sort_unstable();
    all
}

/// The stderr lines that report an upload failure.
fn failure_lines(done: &Finished) -> Vec<&String> {
    done.stderr
        .iter()
        .filter(|l| l.contains("upload to s3://") && l.contains("failed"))
        .collect()
}

fn capture_args<'a>(
    rig: &'a Rig,
    endpoint: &'a str,
    dump: &'a str,
    url: &'a str,
    js: &'a str,
) -> Vec<&'a str> {
    vec![
        "-i",
        &rig.veth_b,
        "-w",
        dump,
        "--upload",
        url,
        "--s3-endpoint",
        endpoint,
        "--stats-json",
        js,
    ]
}

/// `-C 10 --index --upload`: files of 10 MB go up in parts, the last (smaller) in one put;
/// every frame sent is in exactly one object, each file has its index and a manifest that
/// matches it, the local files are those uploaded, and the summary and `--stats-json` say so.
#[test]
fn every_frame_in_exactly_one_object() -> Result<()> {
    const N: u64 = 25_000;
    let rig = Rig::new()?;
    let g = Garage::start(Some(&rig.ns_b), "caps")?;
    let dir = TempDir::new("upload-all")?;
    let (dump, js) = (dir.file("cap"), dir.file("stats.json"));
    let endpoint = g.endpoint.clone();
    let mut args = capture_args(&rig, &endpoint, &dump, "s3://caps/sensors", &js);
    // A ring of 64 MiB: a live capture gives up the open file's index when a ring is half
    // full (packets first), and on two busy cores shared with the store a ring of the
    // default size can be, for a moment, at 50 MB/s; this test is about what goes up.
    args.extend(["-C", "10", "--index", "-B", "65536"]);
    let run = start_env(&rig, env!("CARGO_BIN_EXE_capture"), &args, &g.env())?;
    rig.send(&rig.frame_spec(1000, 4, 31)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert!(failure_lines(&done).is_empty(), "{:?}", done.stderr);
    let n = done.stderr.len();
    assert_eq!(
        done.stderr[n - 4..],
        [
            format!("{N} packets captured"),
            format!("{N} packets received by filter"),
            "0 packets dropped by kernel".to_owned(),
            "3 files uploaded, 0 pending, 0 kept past retention (not uploaded)".to_owned(),
        ]
    );
    let b = Bucket::read(&g, "sensors")?;
    assert_eq!(b.frames()?, sent(&[(31, N)]), "every frame once");
    let s = read_stats(&js)?;
    // Should an index be missing, whether capture says it gave it up.
    b.check_manifests(&rig.veth_b, true)
        .with_context(|| format!("indexes given up: {}", s["indexes_given_up"]))?;
    // Keys: PREFIX/HOST/IFACE/YYYY/MM/DD/HHMMSS.NNNNNNNNN-NAME.
    let names: Vec<&str> = b
        .pcaps
        .keys()
        .map(|k| k.rsplit('-').next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["cap", "cap1", "cap2"]);
    for k in b.pcaps.keys() {
        let parts: Vec<&str> = k.split('/').collect();
        assert_eq!(parts.len(), 7, "{k}");
        assert_eq!(parts[2], rig.veth_b, "{k}");
    }
    // The two full files went up in parts, the last in one put; all are still on disk.
    let multipart: Vec<bool> = b
        .manifests
        .values()
        .map(|m| m["objects"][0]["multipart"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(multipart, [true, true, false]);
    for (key, bytes) in &b.pcaps {
        let local = key.rsplit('-').next().unwrap_or_default();
        assert_eq!(&std::fs::read(dir.0.join(local))?, bytes, "{key}");
    }
    assert_eq!(s["upload"]["files_uploaded"], 3, "{s}");
    assert_eq!(s["upload"]["files_pending"], 0, "{s}");
    // The spool holds only its journal once everything is up.
    let spool: Vec<_> = std::fs::read_dir(dir.0.join(".cap.upload"))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()?;
    assert_eq!(spool, ["journal"]);
    Ok(())
}

/// The store killed while files are going up, more files closed while it is down, then the
/// store restarted: one error line, the uploads retried, every frame in exactly one object.
#[test]
fn store_killed_and_restarted_loses_and_duplicates_nothing() -> Result<()> {
    const N: u64 = 6_000;
    let rig = Rig::new()?;
    let mut g = Garage::start(Some(&rig.ns_b), "caps")?;
    let dir = TempDir::new("upload-store-killed")?;
    let (dump, js) = (dir.file("cap"), dir.file("stats.json"));
    let endpoint = g.endpoint.clone();
    let mut args = capture_args(&rig, &endpoint, &dump, "s3://caps/k", &js);
    args.extend(["-C", "1"]);
    let run = start_env(&rig, env!("CARGO_BIN_EXE_capture"), &args, &g.env())?;
    rig.send(&rig.frame_spec(1000, 4, 41)?, N, Some(50_000))?;
    // Files are closing and going up: the store goes away under them.
    g.kill();
    rig.send(&rig.frame_spec(1000, 4, 42)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_secs(2));
    g.restart()?;
    // The uploader's backoff is at most 30 s; the files left go up at the end anyway.
    std::thread::sleep(Duration::from_secs(2));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(failure_lines(&done).len(), 1, "{:?}", done.stderr);
    let b = Bucket::read(&g, "k")?;
    assert_eq!(b.frames()?, sent(&[(41, N), (42, N)]), "every frame once");
    b.check_manifests(&rig.veth_b, false)?;
    let s = read_stats(&js)?;
    assert_eq!(s["upload"]["files_uploaded"], b.pcaps.len(), "{s}");
    assert_eq!(s["upload"]["files_pending"], 0, "{s}");
    assert!(s["upload"]["failed_attempts"].as_u64() >= Some(1), "{s}");
    Ok(())
}

/// The test frames in the capture files of directory `dir` (the spool's links included).
fn frames_in(dir: &Path) -> Result<Vec<(u64, u64)>> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_file() && p.file_name().is_some_and(|n| n != "journal") {
            all.extend(
                audit::test_frames(&std::fs::read(&p)?).with_context(|| p.display().to_string())?,
            );
        }
    }
    all.sort_unstable();
    Ok(all)
}

/// A capture killed (SIGKILL) with files waiting in its spool (the store is down) and a file
/// open, then started again on the same names with the store back: the journal resumes the
/// published files, the file that was open is published as it is on disk, and every frame
/// sent, before the kill and after the restart, is in exactly one object.
#[test]
fn capture_killed_and_restarted_resumes_its_spool() -> Result<()> {
    const N: u64 = 4_000;
    let rig = Rig::new()?;
    let mut g = Garage::start(Some(&rig.ns_b), "caps")?;
    let dir = TempDir::new("upload-capture-killed")?;
    let (dump, js) = (dir.file("cap"), dir.file("stats.json"));
    let endpoint = g.endpoint.clone();
    let mut args = capture_args(&rig, &endpoint, &dump, "s3://caps/r", &js);
    args.extend(["-C", "1"]);
    g.kill();
    let run = start_env(&rig, env!("CARGO_BIN_EXE_capture"), &args, &g.env())?;
    rig.send(&rig.frame_spec(1000, 4, 51)?, N, Some(50_000))?;
    // The once-a-second write-out puts the open file's frames on disk too.
    std::thread::sleep(Duration::from_millis(1500));
    run.signal(libc::SIGKILL);
    let killed = run.wait(Duration::from_secs(10))?;
    assert_eq!(killed.code, None);
    // cap .. cap3 published (in the spool), cap4 open: every frame is on disk.
    let spool = dir.0.join(".cap.upload");
    let published = frames_in(&spool)?;
    assert_eq!(published.len(), 4 * 985, "frames of the published files");
    let open = audit::test_frames(&std::fs::read(dir.0.join("cap4"))?)?;
    assert_eq!(published.len() + open.len(), N as usize);
    g.restart()?;
    let run = start_env(&rig, env!("CARGO_BIN_EXE_capture"), &args, &g.env())?;
    rig.send(&rig.frame_spec(1000, 4, 52)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert!(failure_lines(&done).is_empty(), "{:?}", done.stderr);
    let recovered = format!(
        "capture: {}: open when capture last stopped, uploading its {} packets",
        dir.file("cap4"),
        open.len()
    );
    assert!(done.stderr.contains(&recovered), "{:?}", done.stderr);
    let b = Bucket::read(&g, "r")?;
    assert_eq!(b.frames()?, sent(&[(51, N), (52, N)]), "every frame once");
    b.check_manifests(&rig.veth_b, false)?;
    let s = read_stats(&js)?;
    assert_eq!(s["upload"]["resumed_from_journal"], 5, "{s}");
    assert_eq!(s["upload"]["files_pending"], 0, "{s}");
    Ok(())
}

/// A wrong secret key: one clear error line, capture goes on capturing (every frame in its
/// files, exit 0), `-W 2` cycling keeps the files it would have overwritten (counted), and
/// every frame is still on local disk, in the files or the spool.
#[test]
fn wrong_credentials_one_error_files_kept() -> Result<()> {
    const N: u64 = 4_500;
    let rig = Rig::new()?;
    let g = Garage::start(Some(&rig.ns_b), "caps")?;
    let dir = TempDir::new("upload-bad-key")?;
    let (dump, js) = (dir.file("cap"), dir.file("stats.json"));
    let endpoint = g.endpoint.clone();
    let mut args = capture_args(&rig, &endpoint, &dump, "s3://caps/w", &js);
    args.extend(["-C", "1", "-W", "2"]);
    let mut env = g.env();
    env[1].1 = "0".repeat(64);
    let run = start_env(&rig, env!("CARGO_BIN_EXE_capture"), &args, &env)?;
    rig.send(&rig.frame_spec(1000, 4, 61)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let failed = failure_lines(&done);
    assert_eq!(failed.len(), 1, "{:?}", done.stderr);
    assert!(
        failed[0].starts_with("capture: upload to s3://caps/w failed: access denied"),
        "{failed:?}"
    );
    assert!(failed[0].contains(".cap.upload and retried"), "{failed:?}");
    // 5 files (cap0 cap1 cap0 cap1 cap0): 3 reuses of a name whose file is not uploaded.
    let n = done.stderr.len();
    assert_eq!(done.stderr[n - 4], format!("{N} packets captured"));
    assert_eq!(
        done.stderr[n - 1],
        "0 files uploaded, 5 pending, 3 kept past retention (not uploaded)"
    );
    let s = read_stats(&js)?;
    assert_eq!(s["upload"]["kept_not_uploaded"], 3, "{s}");
    assert_eq!(s["upload"]["files_pending"], 5, "{s}");
    // Nothing in the bucket; every frame on local disk, in the spool.
    assert!(objects::list(&g, "w")?.is_empty());
    assert_eq!(frames_in(&dir.0.join(".cap.upload"))?, sent(&[(61, N)]));
    Ok(())
}

/// `--max-total-size` with the store down: no file is deleted, each file retention would have
/// deleted is counted as kept; once the store is back and they are uploaded, retention
/// deletes them (at the next close or tick), and the bucket has every frame once.
#[test]
fn retention_waits_for_the_upload() -> Result<()> {
    const N: u64 = 4_500;
    let rig = Rig::new()?;
    let mut g = Garage::start(Some(&rig.ns_b), "caps")?;
    let dir = TempDir::new("upload-retention")?;
    let (dump, js) = (dir.file("cap"), dir.file("stats.json"));
    let endpoint = g.endpoint.clone();
    let mut args = capture_args(&rig, &endpoint, &dump, "s3://caps/m", &js);
    args.extend(["-C", "1", "--max-total-size", "2500000"]);
    g.kill();
    let run = start_env(&rig, env!("CARGO_BIN_EXE_capture"), &args, &g.env())?;
    rig.send(&rig.frame_spec(1000, 4, 71)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_millis(500));
    // cap .. cap3 closed (4 MB), cap4 open: over 2.5 MB, but none is uploaded.
    let local = |n: &str| dir.0.join(n).exists();
    assert_eq!(["cap", "cap1", "cap2", "cap3"].map(local), [true; 4]);
    g.restart()?;
    // The uploader retries within its backoff (at most 8 s this early), then ticks delete.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while local("cap1") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    // cap4 closed at the end (0.57 MB) took the total over again: cap2, uploaded, went too.
    assert_eq!(
        ["cap", "cap1", "cap2", "cap3", "cap4"].map(local),
        [false, false, false, true, true]
    );
    let s = read_stats(&js)?;
    assert_eq!(s["upload"]["kept_not_uploaded"], 2, "{s}");
    assert_eq!(s["upload"]["files_uploaded"], 5, "{s}");
    let b = Bucket::read(&g, "m")?;
    assert_eq!(b.frames()?, sent(&[(71, N)]), "every frame once");
    Ok(())
}
