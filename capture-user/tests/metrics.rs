//! Live (root): `--metrics-listen` scraped with a real HTTP client while capture runs in a netns
//! rig; the last scrape, taken once the traffic is written, must hold exactly the figures
//! `--stats-json` reports at exit, and the output files' figures must be those of the files on
//! disk. A bad address is one line on stderr and exit status 1.
mod support;

use std::{
    collections::HashMap,
    net::TcpListener,
    process::Command,
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use capture_rig::Rig;
use support::{TempDir, read_pcap, read_stats, start};

/// Where capture listens, on the loopback of the capture namespace.
const ADDR: &str = "127.0.0.1:9464";

/// One scrape: every sample line, `name{labels}` to its value.
#[derive(Debug, Clone, PartialEq)]
struct Scrape(HashMap<String, f64>);

impl Scrape {
    fn get(&self, key: &str) -> f64 {
        *self
            .0
            .get(key)
            .unwrap_or_else(|| panic!("no {key} in the scrape"))
    }

    /// An integer sample (counters and byte gauges), exactly.
    fn int(&self, key: &str) -> u64 {
        let v = self.get(key);
        assert!(v >= 0.0 && v.fract() == 0.0, "{key} = {v}");
        v as u64
    }

    /// The samples of a per-worker metric, in worker order.
    fn per_worker(&self, name: &str) -> Vec<u64> {
        (0..)
            .map_while(|i| {
                self.0
                    .contains_key(&format!("{name}{{worker=\"{i}\"}}"))
                    .then(|| self.int(&format!("{name}{{worker=\"{i}\"}}")))
            })
            .collect()
    }
}

/// Parses the text exposition format: `# ` lines are comments, the rest `NAME[{LABELS}] VALUE`.
fn parse(text: &str) -> Result<Scrape> {
    let mut samples = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (key, value) = line.rsplit_once(' ').context(line.to_owned())?;
        let value = match value {
            "NaN" => f64::NAN,
            v => v.parse().with_context(|| line.to_owned())?,
        };
        if samples.insert(key.to_owned(), value).is_some() {
            bail!("{key} twice");
        }
    }
    Ok(Scrape(samples))
}

/// GET /metrics from inside the capture namespace, with ureq.
fn scrape(rig: &Rig) -> Result<Scrape> {
    let text = rig.in_ns(&rig.ns_b, || {
        let mut resp = ureq::get(format!("http://{ADDR}/metrics")).call()?;
        let ct = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if ct != "text/plain; version=0.0.4; charset=utf-8" {
            bail!("content type {ct:?}");
        }
        Ok(resp.body_mut().read_to_string()?)
    })?;
    parse(&text)
}

/// Every bucket of `--stats-json` that is a number is in the scrape with the same value: as
/// `capture_KEY_total` (counts since the start) or `capture_KEY` (the differences).
fn assert_same_buckets(json: &serde_json::Value, m: &Scrape) -> usize {
    let mut compared = 0;
    for (key, value) in json.as_object().expect("an object") {
        let Some(want) = value.as_u64() else {
            continue;
        };
        let name = match key.as_str() {
            "not_delivered_to_socket" | "unread_in_ring" => format!("capture_{key}"),
            _ => format!("capture_{key}_total"),
        };
        assert_eq!(m.int(&name), want, "{name} against --stats-json {key}");
        compared += 1;
    }
    compared
}

/// Scrapes until two scrapes in a row agree on every count and the writer has written `n`
/// packets: the traffic is over and every counter has caught up.
fn settled(rig: &Rig, n: u64) -> Result<Scrape> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = scrape(rig)?;
    loop {
        thread::sleep(Duration::from_millis(600));
        let now = scrape(rig)?;
        let counts = |s: &Scrape| {
            let mut v: Vec<(String, u64)> =
                s.0.iter()
                    .filter(|(k, _)| k.ends_with("_total") || k.contains("_total{"))
                    .map(|(k, v)| (k.clone(), *v as u64))
                    .collect();
            v.sort();
            v
        };
        if now.int("capture_captured_total") == n
            && counts(&now) == counts(&last)
            && now.int("capture_open_file_bytes") == last.int("capture_open_file_bytes")
        {
            return Ok(now);
        }
        if Instant::now() > deadline {
            bail!("the counters did not settle: {now:?}");
        }
        last = now;
    }
}

/// The output files in `dir` whose names start with `stem`, with their sizes.
fn files(dir: &TempDir, stem: &str) -> Result<Vec<(String, u64)>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(&dir.0)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(stem) {
            v.push((name, e.metadata()?.len()));
        }
    }
    v.sort();
    Ok(v)
}

/// Two AF_PACKET workers, -C rotation and --max-total-size: scrapes during the capture rise
/// and never go back; the settled scrape equals --stats-json bucket for bucket, the workers'
/// shares add up to the totals, the rings are empty and the queues drained, and the file figures
/// are those of the directory.
#[test]
fn metrics_match_stats_json_and_the_files_on_disk() -> Result<()> {
    const N: u64 = 12_000;
    const LEN: u64 = 1000;
    let rig = Rig::new()?;
    let dir = TempDir::new("metrics")?;
    let json_dir = TempDir::new("metrics-json")?;
    let (dump, js) = (dir.file("dump"), json_dir.file("stats.json"));
    let run = start(
        &rig,
        &[
            "-i",
            &rig.veth_b,
            "--workers",
            "2",
            "-B",
            "8192",
            "-w",
            &dump,
            "-C",
            "2",
            "--max-total-size",
            "5M",
            "--metrics-listen",
            ADDR,
            "--stats-json",
            &js,
        ],
    )?;
    let spec = rig.frame_spec(LEN as usize, 16, 0x3E7)?;
    let during = thread::scope(|s| -> Result<Vec<Scrape>> {
        // 12,000 frames at 4,000 a second: three seconds of traffic to scrape during.
        let sender = s.spawn(|| rig.send(&spec, N, Some(4_000)));
        let mut scrapes = Vec::new();
        while !sender.is_finished() {
            scrapes.push(scrape(&rig)?);
            thread::sleep(Duration::from_millis(250));
        }
        let sent = sender.join().expect("the sender thread")?;
        assert_eq!(sent, N);
        Ok(scrapes)
    })?;
    assert!(
        during.iter().any(|s| {
            let c = s.int("capture_captured_total");
            c > 0 && c < N
        }),
        "a scrape saw the capture under way: {:?}",
        during
            .iter()
            .map(|s| s.int("capture_captured_total"))
            .collect::<Vec<_>>()
    );
    for pair in during.windows(2) {
        for (key, &v) in &pair[0].0 {
            if key.contains("_total") {
                assert!(pair[1].get(key) >= v, "{key} went back");
            }
        }
    }
    let last = settled(&rig, N)?;
    let on_disk = files(&dir, "dump")?;
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(done.summary()[0], format!("{N} packets captured"));
    let json = read_stats(&js)?;
    assert_eq!(
        assert_same_buckets(&json, &last),
        17,
        "every bucket compared"
    );

    // Exact figures: every frame counted at ingress (the veth's own counters), received, read,
    // written.
    for key in [
        "capture_xdp_seen_total",
        "capture_received_by_filter_total",
        "capture_read_from_ring_total",
        "capture_captured_total",
    ] {
        assert_eq!(last.int(key), N, "{key}");
    }
    assert_eq!(last.int("capture_xdp_bytes_total"), N * LEN);
    // Each worker's share adds up to the totals; the hash fanout gave both a share.
    let packets = last.per_worker("capture_worker_packets_total");
    assert_eq!(packets.len(), 2);
    assert!(packets.iter().all(|&p| p > 0), "{packets:?}");
    assert_eq!(packets.iter().sum::<u64>(), N);
    let bytes = last.per_worker("capture_worker_bytes_total");
    assert_eq!(bytes.iter().sum::<u64>(), N * LEN);
    assert_eq!(
        last.per_worker("capture_worker_received_by_filter_total"),
        packets
    );
    assert_eq!(
        last.per_worker("capture_worker_dropped_ring_full_total"),
        [0, 0]
    );
    // -B 8192 KiB split in two; nothing left in the rings or queues once written.
    assert_eq!(
        last.per_worker("capture_ring_size_bytes"),
        [4 << 20, 4 << 20]
    );
    assert_eq!(last.per_worker("capture_ring_used_bytes"), [0, 0]);
    assert_eq!(last.per_worker("capture_handoff_queue_batches"), [0, 0]);
    assert_eq!(
        last.per_worker("capture_handoff_queue_capacity_batches"),
        [64, 64]
    );

    // Writer lag: every quantile measured, in order, well under the 5 s a stuck writer takes.
    let lag: Vec<f64> = ["0.5", "0.9", "0.99", "0.999", "1"]
        .iter()
        .map(|q| last.get(&format!("capture_writer_lag_seconds{{quantile=\"{q}\"}}")))
        .collect();
    assert!(lag[0] > 0.0, "{lag:?}");
    assert!(lag.windows(2).all(|w| w[0] <= w[1]), "{lag:?}");
    assert!(lag[4] < 5.0, "{lag:?}");
    assert!(last.int("capture_writer_lag_samples") > 0);

    // Files: 12,000 records of 1016 bytes make six -C 2 files; --max-total-size 5M keeps the
    // newest closed ones within 5,000,000 bytes.
    let record = 16 + LEN;
    let closed = last.int("capture_files_closed_total");
    let deleted = last.int("capture_files_deleted_total");
    assert_eq!(on_disk.len() as u64, closed - deleted + 1, "{on_disk:?}");
    // The open file's last records may still sit in the writer's aligned buffer (O_DIRECT writes
    // whole blocks) until it is closed: its size is compared once capture has exited.
    let after: Vec<(String, u64)> = files(&dir, "dump")?;
    let sizes: u64 = after
        .iter()
        .filter(|(name, _)| on_disk.iter().any(|(n, _)| n == name))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(
        last.int("capture_retained_bytes") + last.int("capture_open_file_bytes"),
        sizes,
        "{on_disk:?} {after:?}"
    );
    assert!(last.int("capture_retained_bytes") <= 5_000_000);
    assert!(deleted > 0, "retention deleted files");
    assert_eq!(last.int("capture_files_pending_postrotate"), 0);
    // What is left on disk is the newest frames, each once.
    let mut kept = 0;
    for (name, _) in &on_disk {
        kept += read_pcap(&dir.0.join(name))?.2.len() as u64;
    }
    assert_eq!(sizes, 24 * on_disk.len() as u64 + kept * record);
    assert!(kept < N);
    Ok(())
}

/// The XDP backend: the reader is the one worker, its ring the BPF ring buffer; the settled
/// scrape equals --stats-json and the frames sent, exactly.
#[test]
fn xdp_backend_metrics_match_stats_json() -> Result<()> {
    const N: u64 = 5_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("metrics-xdp")?;
    let (out, js) = (dir.file("x.pcap"), dir.file("stats.json"));
    let run = start(
        &rig,
        &[
            "-i",
            &rig.veth_b,
            "--backend",
            "xdp",
            "-w",
            &out,
            "--metrics-listen",
            ADDR,
            "--stats-json",
            &js,
        ],
    )?;
    assert_eq!(rig.send(&rig.frame_spec(200, 4, 77)?, N, Some(50_000))?, N);
    let (last, _) = settle_and_stop(&rig, run, N, &js)?;
    assert_eq!(last.int("capture_xdp_seen_total"), N);
    assert_eq!(last.int("capture_captured_total"), N);
    assert_eq!(last.per_worker("capture_worker_packets_total"), [N]);
    assert_eq!(last.per_worker("capture_worker_bytes_total"), [N * 200]);
    let size = last.per_worker("capture_ring_size_bytes");
    assert!(size.len() == 1 && size[0].is_power_of_two(), "{size:?}");
    assert_eq!(last.per_worker("capture_ring_used_bytes"), [0]);
    assert_eq!(read_pcap(std::path::Path::new(&out))?.2.len() as u64, N);
    Ok(())
}

/// One allowed CPU: the worker writes itself (no handoff, no merge); the figures are published
/// from that loop and the settled scrape equals --stats-json and the frames sent.
#[test]
fn single_thread_path_metrics_match_stats_json() -> Result<()> {
    const N: u64 = 4_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("metrics-inline")?;
    let (out, js) = (dir.file("i.pcap"), dir.file("stats.json"));
    let capture = env!("CARGO_BIN_EXE_capture");
    let run = support::start_program(
        &rig,
        "taskset",
        &[
            "-c",
            "0",
            capture,
            "-i",
            &rig.veth_b,
            "-w",
            &out,
            "--metrics-listen",
            ADDR,
            "--stats-json",
            &js,
        ],
    )?;
    assert_eq!(rig.send(&rig.frame_spec(500, 4, 78)?, N, Some(40_000))?, N);
    let (last, json) = settle_and_stop(&rig, run, N, &js)?;
    assert!(
        json["engine"]["writer"]
            .as_str()
            .is_some_and(|w| w.starts_with("the worker's own thread")),
        "{json}"
    );
    assert_eq!(last.int("capture_captured_total"), N);
    assert_eq!(last.per_worker("capture_worker_bytes_total"), [N * 500]);
    assert!(last.int("capture_writer_lag_samples") > 0);
    assert_eq!(last.int("capture_open_file_bytes"), 24 + N * (16 + 500));
    Ok(())
}

/// Waits for the scrape to settle at `n` frames, stops capture (exit 0), and returns the last
/// scrape and `--stats-json`, checked equal on all 17 buckets.
fn settle_and_stop(
    rig: &Rig,
    run: support::Running,
    n: u64,
    js: &str,
) -> Result<(Scrape, serde_json::Value)> {
    let last = settled(rig, n)?;
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let json = read_stats(js)?;
    assert_eq!(assert_same_buckets(&json, &last), 17);
    Ok((last, json))
}

/// Runs capture with `args` (no capture starts: each fails first) and returns its exit code
/// and stderr.
fn refused(args: &[&str]) -> Result<(Option<i32>, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_capture"))
        .args(args)
        .output()?;
    assert!(out.stdout.is_empty());
    Ok((out.status.code(), String::from_utf8(out.stderr)?))
}

/// A bad address, one that is not on this host, a port already taken, and `-r`: one line on
/// stderr naming the address, exit status 1, before any capture starts.
#[test]
fn a_bad_metrics_address_is_one_line_and_exit_1() -> Result<()> {
    let usage = "not an address and port (ADDR:PORT, e.g. 127.0.0.1:9100 or [::1]:9100)";
    for bad in ["foo", "127.0.0.1", "127.0.0.1:99999", ":x", "[::1]"] {
        assert_eq!(
            refused(&["--metrics-listen", bad])?,
            (
                Some(1),
                format!("capture: --metrics-listen {bad}: {usage}\n")
            ),
            "{bad}"
        );
    }
    // TEST-NET-1 is never a local address: nothing is sent, bind() refuses it.
    assert_eq!(
        refused(&["--metrics-listen", "192.0.2.1:9100"])?,
        (
            Some(1),
            "capture: --metrics-listen 192.0.2.1:9100: Cannot assign requested address\n".into()
        )
    );
    let taken = TcpListener::bind("127.0.0.1:0")?;
    let addr = taken.local_addr()?.to_string();
    assert_eq!(
        refused(&["-i", "lo", "--metrics-listen", &addr])?,
        (
            Some(1),
            format!("capture: --metrics-listen {addr}: Address already in use\n")
        )
    );
    assert_eq!(
        refused(&["-r", "/dev/null", "--metrics-listen", "127.0.0.1:9100"])?,
        (
            Some(1),
            "capture: --metrics-listen is for a live capture, not for -r\n".into()
        )
    );
    Ok(())
}
