//! Live (root): docs/capture.service. systemd accepts the unit; the command line it starts,
//! run as an unprivileged user with exactly the capabilities and umask the unit grants, captures
//! every frame with the ingress counter attached and serves its metrics; and each capability it
//! grants is needed (without it, capture fails or loses the ingress counter).
mod support;

use std::{
    collections::HashMap,
    os::unix::fs::{MetadataExt, PermissionsExt},
    path::Path,
    process::Command,
    thread,
    time::Duration,
};

use anyhow::{Context, Result, bail};
use capture_rig::Rig;
use support::{TempDir, read_pcap, read_stats, start_program};

const UNIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/capture.service");
/// The capture directory the unit writes to; the test puts a temporary one in its place.
const STATE_DIR: &str = "/var/lib/capture";

/// The `[Service]` settings of the unit: each key with its values, in order, continuation
/// lines joined.
fn service_settings() -> Result<HashMap<String, Vec<String>>> {
    let text = std::fs::read_to_string(UNIT)?.replace("\\\n", " ");
    let mut section = "";
    let mut settings: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section == "[Service]"
            && !line.is_empty()
            && !line.starts_with('#')
            && let Some((k, v)) = line.split_once('=')
        {
            settings.entry(k.to_owned()).or_default().push(v.to_owned());
        }
    }
    Ok(settings)
}

fn one<'a>(s: &'a HashMap<String, Vec<String>>, key: &str) -> &'a str {
    match s.get(key).map(Vec::as_slice) {
        Some([v]) => v,
        other => panic!("{key}: {other:?}"),
    }
}

/// ExecStart's words as systemd passes them to capture: `${VAR}` from the unit's Environment=
/// lines (with `overrides`), `%H` the host name, `%%` a `%`, and the capture directory moved to
/// `dir`. The first word, the program, is dropped.
fn exec_args(
    s: &HashMap<String, Vec<String>>,
    overrides: &[(&str, &str)],
    dir: &str,
) -> Result<Vec<String>> {
    let mut env: HashMap<String, String> = HashMap::new();
    for assignment in s.get("Environment").into_iter().flatten() {
        let (k, v) = assignment.split_once('=').context("Environment=")?;
        env.insert(k.to_owned(), v.to_owned());
    }
    for (k, v) in overrides {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")?;
    let mut words: Vec<String> = Vec::new();
    for word in one(s, "ExecStart").split_whitespace() {
        let mut w = word.replace("%H", host.trim()).replace("%%", "%");
        for (k, v) in &env {
            w = w.replace(&format!("${{{k}}}"), v);
        }
        if w.contains("${") {
            bail!("{word}: a variable the unit does not set");
        }
        words.push(w.replace(STATE_DIR, dir));
    }
    if words.first().map(String::as_str) != Some("/usr/local/bin/capture") {
        bail!("ExecStart does not start /usr/local/bin/capture: {words:?}");
    }
    words.remove(0);
    Ok(words)
}

/// `CAP_NET_RAW CAP_BPF` as setpriv's `+net_raw,+bpf`.
fn setpriv_caps(caps: &[&str]) -> String {
    caps.iter()
        .map(|c| format!("+{}", c.trim_start_matches("CAP_").to_lowercase()))
        .collect::<Vec<_>>()
        .join(",")
}

/// What one run of the unit's command line did.
struct Run {
    code: Option<i32>,
    stderr: Vec<String>,
    stats: Option<serde_json::Value>,
    scrape: Option<String>,
}

/// Runs the unit's capture as `nobody` with `caps` (ambient, inheritable and bounding, as
/// systemd sets them) and the unit's umask in the rig's capture namespace, into `dir`; sends
/// `n` frames, scrapes the metrics, then stops it with SIGTERM as `systemctl stop` does.
fn run_unit(rig: &Rig, dir: &TempDir, caps: &[&str], n: u64) -> Result<Run> {
    let s = service_settings()?;
    let metrics = "127.0.0.1:9464";
    let args = exec_args(
        &s,
        &[("CAPTURE_IFACE", &rig.veth_b), ("CAPTURE_METRICS", metrics)],
        &dir.0.to_string_lossy(),
    )?;
    let caps = format!("-all,{}", setpriv_caps(caps));
    let umask = one(&s, "UMask");
    let mut argv: Vec<String> = vec![
        "-c".into(),
        format!("umask {umask} && exec \"$@\""),
        "sh".into(),
        "setpriv".into(),
        "--reuid=nobody".into(),
        "--regid=nogroup".into(),
        "--clear-groups".into(),
        format!("--inh-caps={caps}"),
        format!("--ambient-caps={caps}"),
        format!("--bounding-set={caps}"),
        "--".into(),
        env!("CARGO_BIN_EXE_capture").into(),
    ];
    argv.extend(args);
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let Ok(running) = start_program(rig, "sh", &argv) else {
        // It ended before listening: run it again to the end for its exit status and words.
        let out = rig.command(&rig.ns_b, "sh").args(&argv).output()?;
        return Ok(Run {
            code: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr)
                .lines()
                .map(str::to_owned)
                .collect(),
            stats: None,
            scrape: None,
        });
    };
    assert_eq!(
        rig.send(&rig.frame_spec(300, 8, 0x5E)?, n, Some(20_000))?,
        n
    );
    thread::sleep(Duration::from_millis(1500));
    let scrape = rig.in_ns(&rig.ns_b, || {
        Ok(ureq::get(format!("http://{metrics}/metrics"))
            .call()?
            .body_mut()
            .read_to_string()?)
    })?;
    running.signal(libc::SIGTERM);
    let done = running.wait(Duration::from_secs(20))?;
    let stats_path = dir.file("last-run.json");
    Ok(Run {
        code: done.code,
        stderr: done.stderr,
        stats: Path::new(&stats_path)
            .exists()
            .then(|| read_stats(&stats_path))
            .transpose()?,
        scrape: Some(scrape),
    })
}

/// A capture directory owned by `nobody`, as StateDirectory= makes it for the service user.
fn state_dir(tag: &str) -> Result<TempDir> {
    let dir = TempDir::new(tag)?;
    let id = |flag: &str| -> Result<u32> {
        let out = Command::new("id").args([flag, "nobody"]).output()?;
        Ok(String::from_utf8(out.stdout)?.trim().parse()?)
    };
    std::os::unix::fs::chown(&dir.0, Some(id("-u")?), Some(id("-g")?))?;
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o750))?;
    Ok(dir)
}

#[test]
fn systemd_accepts_the_unit() -> Result<()> {
    let dir = TempDir::new("unit-verify")?;
    // verify insists that ExecStart's program exists: point it at the binary under test.
    let text = std::fs::read_to_string(UNIT)?
        .replace("/usr/local/bin/capture", env!("CARGO_BIN_EXE_capture"));
    let unit = dir.file("capture.service");
    std::fs::write(&unit, text)?;
    let out = Command::new("systemd-analyze")
        .args(["verify", &unit])
        .output()
        .context("systemd-analyze (package systemd) is needed for this test")?;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "systemd-analyze verify complains"
    );
    Ok(())
}

#[test]
fn the_unit_captures_with_only_its_capabilities() -> Result<()> {
    const N: u64 = 3000;
    let s = service_settings()?;
    let granted: Vec<&str> = one(&s, "AmbientCapabilities").split_whitespace().collect();
    assert_eq!(
        one(&s, "CapabilityBoundingSet"),
        one(&s, "AmbientCapabilities")
    );
    let rig = Rig::new()?;
    // GRO on, so that the ingress count is the eBPF counter's, as on a NIC (on veth with GRO
    // off capture reads the device's counters and needs neither CAP_BPF nor CAP_NET_ADMIN).
    rig.set_gro(true)?;

    let dir = state_dir("unit")?;
    let run = run_unit(&rig, &dir, &granted, N)?;
    assert_eq!(run.code, Some(0), "{:?}", run.stderr);
    let stats = run.stats.context("--stats-json written")?;
    assert_eq!(stats["captured"], N, "{stats}");
    assert_eq!(stats["xdp_seen"], N, "the ingress counter is attached");
    assert_eq!(stats["engine"]["ingress counter"], "TC ingress (TCX)");
    let scrape = run.scrape.unwrap_or_default();
    assert!(
        scrape
            .lines()
            .any(|l| l == format!("capture_captured_total {N}")),
        "{scrape}"
    );
    // One -G 300 file, published under its final name, the service user's, not world-readable.
    let pcaps: Vec<_> = std::fs::read_dir(&dir.0)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pcap"))
        .collect();
    assert_eq!(
        pcaps.len(),
        1,
        "{:?}",
        std::fs::read_dir(&dir.0)?.collect::<Vec<_>>()
    );
    let name = pcaps[0].file_name().to_string_lossy().into_owned();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")?;
    assert!(
        name.starts_with(&format!("{}-{}-", host.trim(), rig.veth_b)),
        "{name}"
    );
    let meta = pcaps[0].metadata()?;
    assert_eq!(meta.mode() & 0o777, 0o640, "{name}");
    assert_ne!(meta.uid(), 0);
    assert_eq!(read_pcap(&pcaps[0].path())?.2.len() as u64, N);

    // Each capability granted is needed: without it capture fails or loses the ingress counter.
    for missing in &granted {
        let fewer: Vec<&str> = granted.iter().copied().filter(|c| c != missing).collect();
        let dir = state_dir("unit-fewer")?;
        let run = run_unit(&rig, &dir, &fewer, 10)?;
        let lost_counter = run
            .stats
            .as_ref()
            .is_some_and(|s| s["xdp_seen"].is_null() && s["captured"] == 10);
        let refused = run.code == Some(1)
            && run
                .stderr
                .iter()
                .any(|l| l.contains("Operation not permitted"));
        assert!(
            refused || lost_counter,
            "without {missing}: {:?} {:?}",
            run.code,
            run.stderr
        );
    }
    Ok(())
}
