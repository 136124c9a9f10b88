//! `capture-bench query`: how fast `capture query` finds packets in a set of rotated files,
//! against `tcpdump -r` over every file and a full scan by `capture -r`; what the index costs
//! in disk space and in the writer's CPU.
//!
//! ```text
//! capture-bench query [--gib F] [--file-mb M] [--dir DIR] [--repeats N] [--write-repeats W]
//!                     [--write-only] [--capture-bin PATH] [--results DIR] [--docs DIR] [--keep]
//! ```
//!
//! The data: mixed traffic from `capture_rig::traffic` (thousands of hosts, flows over TCP, UDP,
//! SCTP, ICMP, GRE and ARP, IPv6, VLAN tags; 40 % of packets 200-1400 B of payload), F GiB of
//! it piped into `capture -r - -w DIR/data/f -C M --index`, so the files and their indexes are
//! written as a capture would write them. For the writer's CPU per packet with and without the
//! index, the same traffic is written W times without `--index` and W times with it,
//! alternating (the machine's load then weighs on both alike); medians and ranges are
//! reported. `--write-only` stops there.
//! Selections of about 0.01 %, 0.1 % and 1 % of the packets (one host, or a few hosts, chosen
//! from the traffic's own counts) are timed, median of N runs each, page cache warm.
use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use capture_rig::traffic::{Frame, Traffic, TrafficSpec, write_pcap_header, write_pcap_record};
use serde::Serialize;

/// The settings of a query benchmark.
struct QuerySettings {
    gib: f64,
    file_mb: u64,
    dir: PathBuf,
    repeats: usize,
    write_repeats: usize,
    write_only: bool,
    capture_bin: PathBuf,
    results: PathBuf,
    docs: PathBuf,
    keep: bool,
}

impl QuerySettings {
    fn parse(args: &[String]) -> Result<QuerySettings> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("workspace root")?
            .to_path_buf();
        let mut s = QuerySettings {
            gib: 1.0,
            file_mb: 100,
            dir: PathBuf::from("/var/tmp/capture-query-bench"),
            repeats: 3,
            write_repeats: 3,
            write_only: false,
            capture_bin: root.join("target/release/capture"),
            results: root.join("bench/results"),
            docs: root.join("docs/query"),
            keep: false,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = || it.next().with_context(|| format!("{a} needs a value"));
            match a.as_str() {
                "--gib" => s.gib = value()?.parse().context("--gib")?,
                "--file-mb" => s.file_mb = value()?.parse().context("--file-mb")?,
                "--dir" => s.dir = PathBuf::from(value()?),
                "--repeats" => s.repeats = value()?.parse().context("--repeats")?,
                "--capture-bin" => s.capture_bin = PathBuf::from(value()?),
                "--results" => s.results = PathBuf::from(value()?),
                "--docs" => s.docs = PathBuf::from(value()?),
                "--write-repeats" => {
                    s.write_repeats = value()?.parse().context("--write-repeats")?
                }
                "--write-only" => s.write_only = true,
                "--keep" => s.keep = true,
                other => bail!("unknown option {other}"),
            }
        }
        if s.gib <= 0.0 || s.file_mb == 0 || s.repeats == 0 {
            bail!("--gib, --file-mb and --repeats must be positive");
        }
        Ok(s)
    }
}

/// The traffic of the benchmark (the same every run).
fn spec() -> TrafficSpec {
    TrafficSpec {
        seed: 19,
        hosts: 3000,
        flows: 2048,
        large_pct: 40,
        ..TrafficSpec::default()
    }
}

/// CPU seconds (user + system) of the children waited for so far.
fn children_cpu() -> f64 {
    // SAFETY: getrusage fills the zeroed struct it is given; RUSAGE_CHILDREN is valid.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru);
        ru
    };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(ru.ru_utime) + t(ru.ru_stime)
}

/// What writing the data cost the writer.
#[derive(Serialize, Clone, Copy)]
struct WriteCost {
    packets: u64,
    bytes: u64,
    wall_s: f64,
    cpu_s: f64,
    cpu_ns_per_packet: f64,
}

/// Pipes `bytes` of the traffic into `capture -r - -w OUT -C M [--index]`.
fn write_traffic(s: &QuerySettings, out: &Path, bytes: u64, index: bool) -> Result<WriteCost> {
    let mut cmd = Command::new(&s.capture_bin);
    cmd.args(["-r", "-", "-w"])
        .arg(out)
        .args(["-C", &s.file_mb.to_string()])
        .stdin(Stdio::piped())
        .stderr(Stdio::null());
    if index {
        cmd.arg("--index");
    }
    let cpu0 = children_cpu();
    let t0 = Instant::now();
    let mut child = cmd.spawn().context("running capture")?;
    let stdin = child.stdin.take().context("stdin")?;
    let mut w = BufWriter::with_capacity(1 << 20, stdin);
    let spec = spec();
    write_pcap_header(&mut w, spec.snaplen)?;
    let mut t = Traffic::new(spec);
    let mut f = Frame::default();
    let (mut written, mut packets) = (24u64, 0u64);
    while written < bytes {
        t.next_into(&mut f);
        write_pcap_record(&mut w, &f)?;
        written += 16 + f.data.len() as u64;
        packets += 1;
    }
    w.flush()?;
    drop(w);
    let status = child.wait()?;
    if !status.success() {
        bail!("capture -r - -w {} failed: {status}", out.display());
    }
    let cpu = children_cpu() - cpu0;
    Ok(WriteCost {
        packets,
        bytes: written,
        wall_s: t0.elapsed().as_secs_f64(),
        cpu_s: cpu,
        cpu_ns_per_packet: cpu * 1e9 / packets.max(1) as f64,
    })
}

/// The run of median CPU per packet (the upper one of an even count).
fn median_cost(runs: &[WriteCost]) -> WriteCost {
    let mut v = runs.to_vec();
    v.sort_by(|a, b| a.cpu_ns_per_packet.total_cmp(&b.cpu_ns_per_packet));
    v[v.len() / 2]
}

/// "min-max ns" of the runs' CPU per packet.
fn cost_range(runs: &[WriteCost]) -> String {
    let ns = runs.iter().map(|r| r.cpu_ns_per_packet);
    let lo = ns.clone().fold(f64::MAX, f64::min);
    let hi = ns.fold(0.0, f64::max);
    format!("{lo:.0}-{hi:.0} ns")
}

/// The hosts of the traffic's first `n` packets, with how many packets each is in.
fn host_counts(n: usize) -> (HashMap<[u8; 4], u64>, u64) {
    let mut counts: HashMap<[u8; 4], u64> = HashMap::new();
    let mut t = Traffic::new(spec());
    let mut f = Frame::default();
    for _ in 0..n {
        t.next_into(&mut f);
        let d = &f.data;
        let mut at = 12;
        while d.len() >= at + 2 && matches!([d[at], d[at + 1]], [0x81, 0x00] | [0x88, 0xa8]) {
            at += 4;
        }
        if d.len() >= at + 2 + 20 && [d[at], d[at + 1]] == [0x08, 0x00] {
            let ip = &d[at + 2..];
            let src: [u8; 4] = ip[12..16].try_into().unwrap_or_default();
            let dst: [u8; 4] = ip[16..20].try_into().unwrap_or_default();
            *counts.entry(src).or_default() += 1;
            if dst != src {
                *counts.entry(dst).or_default() += 1;
            }
        }
    }
    (counts, n as u64)
}

/// An expression selecting about `share` of the packets: the host closest to it, or the
/// busiest hosts together when no single host is that busy.
fn selection(counts: &HashMap<[u8; 4], u64>, total: u64, share: f64) -> String {
    let mut hosts: Vec<(&[u8; 4], &u64)> = counts.iter().collect();
    hosts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let want = share * total as f64;
    let name = |a: &[u8; 4]| format!("host {}.{}.{}.{}", a[0], a[1], a[2], a[3]);
    if hosts.first().is_some_and(|h| (*h.1 as f64) >= want) {
        let best = hosts
            .iter()
            .min_by(|a, b| {
                let da = (*a.1 as f64 - want).abs();
                let db = (*b.1 as f64 - want).abs();
                da.total_cmp(&db)
            })
            .map(|(a, _)| name(a))
            .unwrap_or_default();
        return best;
    }
    let mut terms = Vec::new();
    let mut sum = 0.0;
    for (a, &c) in hosts {
        if sum >= want {
            break;
        }
        terms.push(name(a));
        sum += c as f64;
    }
    terms.join(" or ")
}

/// Median wall time of `runs` runs of `f`.
fn median(runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t0 = Instant::now();
        f()?;
        times.push(t0.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn quiet(cmd: &mut Command) -> Result<()> {
    let st = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running a query")?;
    if !st.success() {
        bail!("{cmd:?}: {st}");
    }
    Ok(())
}

/// One selection's figures.
#[derive(Serialize)]
struct QueryRow {
    target_pct: f64,
    expression: String,
    matched: u64,
    matched_pct: f64,
    capture_query_s: f64,
    tcpdump_s: f64,
    capture_scan_s: f64,
}

#[derive(Serialize)]
struct QueryResults {
    when_unix: u64,
    gib: f64,
    file_mb: u64,
    files: usize,
    packets: u64,
    data_bytes: u64,
    index_bytes: u64,
    index_pct: f64,
    /// Medians of the runs below.
    write_with_index: WriteCost,
    write_without_index: WriteCost,
    /// Every run, in the order they were made (alternating).
    writes_with_index: Vec<WriteCost>,
    writes_without_index: Vec<WriteCost>,
    rows: Vec<QueryRow>,
}

/// Runs the query benchmark with the words after `query`.
pub fn main(args: &[String]) -> Result<()> {
    let s = QuerySettings::parse(args)?;
    if !s.capture_bin.exists() {
        bail!(
            "{} not found: cargo build --release -p capture-user",
            s.capture_bin.display()
        );
    }
    let bytes = (s.gib * (1u64 << 30) as f64) as u64;
    let data = s.dir.join("data");
    let scratch = s.dir.join("scratch");
    let _ = fs::remove_dir_all(&s.dir);
    fs::create_dir_all(&data)?;
    fs::create_dir_all(&scratch)?;

    let (mut withs, mut withouts) = (Vec::new(), Vec::new());
    for run in 1..=s.write_repeats {
        eprintln!(
            "bench: writing {:.2} GiB without --index, run {run}/{}",
            s.gib, s.write_repeats
        );
        withouts.push(write_traffic(&s, &scratch.join("f"), bytes, false)?);
        fs::remove_dir_all(&scratch)?;
        fs::create_dir_all(&scratch)?;
        if run > 1 {
            fs::remove_dir_all(&data)?;
            fs::create_dir_all(&data)?;
        }
        eprintln!(
            "bench: writing {:.2} GiB with --index, run {run}/{}",
            s.gib, s.write_repeats
        );
        withs.push(write_traffic(&s, &data.join("f"), bytes, true)?);
    }
    fs::remove_dir_all(&scratch)?;
    let (with, without) = (median_cost(&withs), median_cost(&withouts));
    eprintln!(
        "bench: writer CPU {:.0} ns/packet with --index ({}), {:.0} without ({}): {:+.1} %",
        with.cpu_ns_per_packet,
        cost_range(&withs),
        without.cpu_ns_per_packet,
        cost_range(&withouts),
        100.0 * (with.cpu_ns_per_packet / without.cpu_ns_per_packet.max(1e-9) - 1.0)
    );

    let mut files: Vec<(PathBuf, u64)> = Vec::new();
    let (mut data_bytes, mut index_bytes) = (0u64, 0u64);
    for e in fs::read_dir(&data)? {
        let p = e?.path();
        let len = fs::metadata(&p)?.len();
        if p.to_string_lossy().ends_with(".idx") {
            index_bytes += len;
        } else {
            data_bytes += len;
            let n: u64 = p
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix('f'))
                .map_or(0, |d| d.parse().unwrap_or(0));
            files.push((p, n));
        }
    }
    files.sort_by_key(|f| f.1);
    let files: Vec<PathBuf> = files.into_iter().map(|f| f.0).collect();
    let list = s.dir.join("files.txt");
    fs::write(
        &list,
        files
            .iter()
            .map(|f| format!("{}\n", f.display()))
            .collect::<String>(),
    )?;

    let (counts, sampled) = host_counts(with.packets.min(2_000_000) as usize);
    let mut rows = Vec::new();
    let targets: &[f64] = if s.write_only {
        &[]
    } else {
        &[0.0001, 0.001, 0.01]
    };
    for &target in targets {
        let expr = selection(&counts, sampled, target);
        eprintln!("bench: {:.2} % selection: {expr}", target * 100.0);
        let mut out = Vec::new();
        Command::new(&s.capture_bin)
            .args(["query", "-nn"])
            .arg(&data)
            .arg(&expr)
            .stderr(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()?
            .stdout
            .context("stdout")?
            .read_to_end(&mut out)?;
        let matched = out.iter().filter(|&&b| b == b'\n').count() as u64;
        let capture_query_s = median(s.repeats, || {
            quiet(
                Command::new(&s.capture_bin)
                    .args(["query", "-nn"])
                    .arg(&data)
                    .arg(&expr),
            )
        })?;
        let tcpdump_s = median(s.repeats, || {
            quiet(
                Command::new("tcpdump")
                    .args(["-nn", "-V"])
                    .arg(&list)
                    .arg(&expr),
            )
        })?;
        let capture_scan_s = median(s.repeats, || {
            for f in &files {
                quiet(
                    Command::new(&s.capture_bin)
                        .args(["-nn", "-r"])
                        .arg(f)
                        .arg(&expr),
                )?;
            }
            Ok(())
        })?;
        rows.push(QueryRow {
            target_pct: target * 100.0,
            expression: expr,
            matched,
            matched_pct: 100.0 * matched as f64 / with.packets.max(1) as f64,
            capture_query_s,
            tcpdump_s,
            capture_scan_s,
        });
    }
    let when_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let results = QueryResults {
        when_unix,
        gib: s.gib,
        file_mb: s.file_mb,
        files: files.len(),
        packets: with.packets,
        data_bytes,
        index_bytes,
        index_pct: 100.0 * index_bytes as f64 / data_bytes.max(1) as f64,
        write_with_index: with,
        write_without_index: without,
        writes_with_index: withs,
        writes_without_index: withouts,
        rows,
    };
    fs::create_dir_all(&s.results)?;
    let json = s.results.join(format!("query-{when_unix}.json"));
    fs::write(&json, serde_json::to_string_pretty(&results)?)?;
    eprintln!("bench: wrote {}", json.display());
    if !s.write_only {
        report(&s, &results)?;
    }
    if !s.keep {
        fs::remove_dir_all(&s.dir)?;
    }
    Ok(())
}

/// Writes DOCS/PERFORMANCE.md (and its plot) for one run.
fn report(s: &QuerySettings, r: &QueryResults) -> Result<()> {
    let mut d = String::new();
    use std::fmt::Write as _;
    let gib = r.data_bytes as f64 / (1u64 << 30) as f64;
    let _ = writeln!(d, "# capture query: finding packets in rotated files\n");
    let _ = writeln!(
        d,
        "Generated by `cargo run --release -p capture-bench -- query --gib {} --file-mb {}` \
         (bench/src/query.rs). Data: {:.2} GiB in {} files of {} MB, {} packets of mixed \
         traffic (rig/src/traffic.rs), written by `capture -r - -w f -C {} --index`; page \
         cache warm; median of {} runs.\n",
        s.gib, s.file_mb, gib, r.files, s.file_mb, r.packets, s.file_mb, s.repeats
    );
    let _ = writeln!(
        d,
        "| selection | expression | packets | capture query | tcpdump -r (all files) | \
         capture -r (all files) | vs tcpdump |"
    );
    let _ = writeln!(d, "|---|---|---|---|---|---|---|");
    for row in &r.rows {
        let expr = if row.expression.len() > 60 {
            format!("{}…", &row.expression[..60])
        } else {
            row.expression.clone()
        };
        let _ = writeln!(
            d,
            "| {:.3} % | `{}` | {} | {:.3} s | {:.3} s | {:.3} s | {:.0}x |",
            row.matched_pct,
            expr,
            row.matched,
            row.capture_query_s,
            row.tcpdump_s,
            row.capture_scan_s,
            row.tcpdump_s / row.capture_query_s.max(1e-9)
        );
    }
    let _ = writeln!(
        d,
        "\nIndex size: {} bytes for {} bytes of data, {:.2} %.\n",
        r.index_bytes, r.data_bytes, r.index_pct
    );
    let _ = writeln!(
        d,
        "Writer CPU (`capture -r - -w -C {}`, user + system, the index threads included; \
         median of {} runs each, alternating): {:.0} ns per packet with `--index` ({}), {:.0} \
         ns without ({}), {:+.1} %.\n",
        s.file_mb,
        s.write_repeats,
        r.write_with_index.cpu_ns_per_packet,
        cost_range(&r.writes_with_index),
        r.write_without_index.cpu_ns_per_packet,
        cost_range(&r.writes_without_index),
        100.0
            * (r.write_with_index.cpu_ns_per_packet
                / r.write_without_index.cpu_ns_per_packet.max(1e-9)
                - 1.0)
    );
    let plot = serde_json::json!({
        "out": s.docs.join("query.png"),
        "rows": r.rows,
    });
    fs::create_dir_all(&s.docs)?;
    // Debian's interpreter, which has the python3-matplotlib that xtask installs.
    let plotted = Command::new("/usr/bin/python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plot_query.py"))
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            if let Some(mut i) = c.stdin.take() {
                i.write_all(plot.to_string().as_bytes())?;
            }
            c.wait()
        });
    match plotted {
        Ok(st) if st.success() => {
            let _ = writeln!(d, "![query time by selection](query.png)\n");
        }
        _ => eprintln!("bench: plot not drawn (python3 with matplotlib needed)"),
    }
    let out = s.docs.join("PERFORMANCE.md");
    fs::write(&out, d)?;
    eprintln!("bench: wrote {}", out.display());
    Ok(())
}
