//! The printing case (`--only print`): capture's `-r` against tcpdump's on one mixed-traffic
//! file of a million packets (bench/src/mixed.rs), without a rig and without root. Each command
//! runs as a child pinned to one CPU with its standard output on /dev/null, and costs what
//! wait4(2) says it used (user + system CPU); the tools take turns in every repeat, so a noisy
//! machine slows both alike and the ratio of each pair holds. Before timing, one untimed run of
//! each command checks that capture prints (and writes) exactly what tcpdump does: a ratio
//! between different outputs would mean nothing.
use std::{
    fs::{self, File},
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::{
    measure, mixed,
    run::{self, Meta},
    settings::Settings,
};

/// Seed of the generated file: the same file on every machine and run.
pub const SEED: u64 = 17;

/// A tool's longest run before it is killed (tcpdump `-v` on a million packets takes seconds).
const TIMEOUT: Duration = Duration::from_secs(300);

/// One printing command, as both tools are given it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `-nn -r FILE`: one line per packet.
    Print,
    /// `-nn -v -r FILE`: the IP header's fields, checksums, decoded options.
    Verbose,
    /// `-nn -r FILE -w OUT`: every packet copied, nothing printed.
    Write,
}

impl Mode {
    /// Every mode, in the order measured.
    pub const ALL: [Mode; 3] = [Mode::Print, Mode::Verbose, Mode::Write];

    /// The command line after the program name.
    pub fn args(self, input: &Path, out: &Path) -> Vec<String> {
        let input = input.display().to_string();
        match self {
            Mode::Print => vec!["-nn".into(), "-r".into(), input],
            Mode::Verbose => vec!["-nn".into(), "-v".into(), "-r".into(), input],
            Mode::Write => vec![
                "-nn".into(),
                "-r".into(),
                input,
                "-w".into(),
                out.display().to_string(),
            ],
        }
    }

    /// The command as the report shows it.
    pub fn shown(self) -> &'static str {
        match self {
            Mode::Print => "-nn -r F > /dev/null",
            Mode::Verbose => "-nn -v -r F > /dev/null",
            Mode::Write => "-nn -r F -w OUT",
        }
    }
}

/// One timed run of one tool.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Timed {
    /// Which command.
    pub mode: Mode,
    /// `tcpdump`, `capture` or `capture-baseline`.
    pub tool: String,
    /// Repeat number (0-based).
    pub repeat: u32,
    /// User CPU, ns.
    pub user_ns: u64,
    /// System CPU, ns.
    pub sys_ns: u64,
    /// Wall time from spawn to reaping, ns (reaping polls every 5 ms).
    pub wall_ns: u64,
    /// Peak RSS, KiB.
    pub maxrss_kib: u64,
    /// Exit code.
    pub code: i32,
}

impl Timed {
    /// User + system CPU, ns.
    pub fn cpu_ns(&self) -> u64 {
        self.user_ns + self.sys_ns
    }
}

/// Whether a tool's output was tcpdump's, byte for byte.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Check {
    /// Which command.
    pub mode: Mode,
    /// Which tool was compared with tcpdump.
    pub tool: String,
    /// Lines printed (or bytes written, for [`Mode::Write`]) by tcpdump.
    pub size: u64,
    /// The first difference, if any: where, tcpdump's line, the tool's line.
    pub difference: Option<String>,
}

/// A whole printing run, as written to bench/results/print-*.json.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PrintResults {
    /// When and where; `commands` holds each mode's command line.
    pub meta: Meta,
    /// Load average at the end.
    pub loadavg_end: String,
    /// CPU the commands were pinned to.
    pub cpu: usize,
    /// Their nice value.
    pub nice: i32,
    /// Seed of the input.
    pub seed: u64,
    /// The input.
    pub input: mixed::Written,
    /// Timed runs per tool and mode.
    pub repeats: u32,
    /// Output checks (untimed).
    pub checks: Vec<Check>,
    /// Every timed run, in the order run.
    pub runs: Vec<Timed>,
}

/// A tool measured: its name and program.
struct Tool {
    name: &'static str,
    bin: PathBuf,
}

/// Runs the printing case and writes its results and its section of the report.
pub fn run(s: &Settings) -> Result<()> {
    let t0 = Instant::now();
    if !s.capture_bin.exists() {
        bail!(
            "{} not found: build it with `cargo build --release -p capture-user` (cargo xtask bench does)",
            s.capture_bin.display()
        );
    }
    let dir = &s.shm_dir;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut tools = vec![
        Tool {
            name: "tcpdump",
            bin: "tcpdump".into(),
        },
        Tool {
            name: "capture",
            bin: s.capture_bin.clone(),
        },
    ];
    if let Some(b) = &s.print_baseline {
        tools.push(Tool {
            name: "capture-baseline",
            bin: b.clone(),
        });
    }
    let mut meta = run::meta_for(
        tools
            .iter()
            .map(|t| {
                let bin = t.bin.display().to_string();
                (t.name.to_owned(), run::first_line(&bin, "--version"))
            })
            .collect(),
    );
    let (input, keep) = match &s.print_input {
        Some(p) => (p.clone(), true),
        None => (dir.join(format!("mixed-{}.pcap", s.print_packets)), false),
    };
    eprintln!(
        "bench: writing {} packets of mixed traffic to {}",
        s.print_packets,
        input.display()
    );
    let written = mixed::generate(&input, s.print_packets, SEED)?;
    let out = dir.join("print-out.pcap");
    for mode in Mode::ALL {
        meta.commands.insert(
            format!("{mode:?}").to_lowercase(),
            format!(
                "TOOL {}",
                mode.args(Path::new("F"), Path::new("OUT")).join(" ")
            ),
        );
    }
    let repeats = s.repeats.max(3);
    let mut results = PrintResults {
        meta,
        loadavg_end: String::new(),
        cpu: s.capture_cpus[0],
        nice: s.nice,
        seed: SEED,
        input: written,
        repeats,
        checks: Vec::new(),
        runs: Vec::new(),
    };
    let cpus = [results.cpu];
    let result = (|| -> Result<()> {
        for mode in Mode::ALL {
            for tool in &tools[1..] {
                eprintln!(
                    "bench: checking {} {} against tcpdump",
                    tool.name,
                    mode.shown()
                );
                let check = compare(mode, &tools[0], tool, &input, dir)?;
                if let Some(d) = &check.difference {
                    eprintln!(
                        "bench: {} {}: differs from tcpdump: {d}",
                        tool.name,
                        mode.shown()
                    );
                }
                results.checks.push(check);
            }
        }
        for repeat in 0..repeats {
            for mode in Mode::ALL {
                // Alternate who goes first, so neither always runs on a warmer machine.
                let mut order: Vec<&Tool> = tools.iter().collect();
                if repeat % 2 == 1 {
                    order.reverse();
                }
                for tool in order {
                    let args = mode.args(&input, &out);
                    let t = time(&tool.bin, &args, &cpus, s.nice)?;
                    let _ = fs::remove_file(&out);
                    if t.code != 0 {
                        bail!("{} {} exited with {}", tool.name, args.join(" "), t.code);
                    }
                    eprintln!(
                        "bench: repeat {repeat} {:>16} {:<24} {:.3} s CPU",
                        tool.name,
                        mode.shown(),
                        t.cpu_ns() as f64 / 1e9
                    );
                    results.runs.push(Timed {
                        mode,
                        tool: tool.name.to_owned(),
                        repeat,
                        ..t
                    });
                }
            }
        }
        Ok(())
    })();
    if !keep {
        let _ = fs::remove_file(&input);
    }
    result?;
    results.meta.finished = run::date();
    results.meta.secs = t0.elapsed().as_secs_f64();
    results.loadavg_end = fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_owned();
    fs::create_dir_all(&s.results_dir)?;
    let name = format!("print-{}.json", run::stamp());
    let path = s.results_dir.join(&name);
    fs::write(&path, serde_json::to_string_pretty(&results)?)
        .with_context(|| format!("writing {}", path.display()))?;
    eprintln!("bench: wrote {}", path.display());
    write_section(&results, &name, &s.docs_dir)?;
    for line in summary(&results) {
        eprintln!("bench: {line}");
    }
    Ok(())
}

/// Rewrites the printing section of `docs`/PERFORMANCE.md from a results file (`--report-only
/// print-*.json`).
pub fn report_from_file(path: &Path, docs: &Path) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let results: PrintResults = serde_json::from_str(&text).context("parsing results")?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    write_section(&results, &name, docs)
}

fn write_section(results: &PrintResults, source: &str, docs: &Path) -> Result<()> {
    let doc = docs.join("PERFORMANCE.md");
    let old = fs::read_to_string(&doc).unwrap_or_else(|_| "# Performance\n".into());
    fs::create_dir_all(docs)?;
    fs::write(&doc, splice(&old, &section(results, source)))
        .with_context(|| format!("writing {}", doc.display()))?;
    eprintln!("bench: wrote the printing section of {}", doc.display());
    Ok(())
}

/// Runs `bin args` once as a child pinned to `cpus` at `nice`, standard output and error on
/// /dev/null, and returns what it cost.
fn time(bin: &Path, args: &[String], cpus: &[usize], nice: i32) -> Result<Timed> {
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    measure::pin_on_exec(&mut cmd, cpus, nice);
    let start = Instant::now();
    let child = cmd
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let reaped = measure::reap(child.id() as i32, TIMEOUT)?;
    Ok(Timed {
        mode: Mode::Print,
        tool: String::new(),
        repeat: 0,
        user_ns: reaped.user_ns,
        sys_ns: reaped.sys_ns,
        wall_ns: start.elapsed().as_nanos() as u64,
        maxrss_kib: reaped.maxrss_kib,
        code: reaped.code,
    })
}

/// Runs `mode` once with `reference` (tcpdump) and once with `tool`, side by side, and compares
/// what they print (or write).
fn compare(mode: Mode, reference: &Tool, tool: &Tool, input: &Path, dir: &Path) -> Result<Check> {
    let mut children = Vec::new();
    for t in [reference, tool] {
        let file = dir.join(format!("print-check-{}", t.name));
        let out = dir.join(format!("print-check-{}.pcap", t.name));
        let stdout = File::create(&file).with_context(|| format!("creating {}", file.display()))?;
        let child = Command::new(&t.bin)
            .args(mode.args(input, &out))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", t.bin.display()))?;
        children.push((t.name, child, file, out));
    }
    let mut outputs = Vec::new();
    for (name, mut child, file, out) in children {
        let status = child.wait()?;
        if !status.success() {
            bail!("{name} {}: {status}", mode.shown());
        }
        if mode == Mode::Write {
            fs::rename(&out, &file)?;
        }
        outputs.push(file);
    }
    let check = if mode == Mode::Write {
        compare_bytes(tool.name, &outputs[0], &outputs[1])?
    } else {
        compare_lines(tool.name, &outputs[0], &outputs[1])?
    };
    for f in outputs {
        let _ = fs::remove_file(f);
    }
    Ok(Check { mode, ..check })
}

fn open(p: &Path) -> Result<BufReader<File>> {
    Ok(BufReader::with_capacity(
        1 << 20,
        File::open(p).with_context(|| format!("opening {}", p.display()))?,
    ))
}

/// Compares two written files byte for byte.
fn compare_bytes(tool: &str, reference: &Path, other: &Path) -> Result<Check> {
    let (mut a, mut b) = (open(reference)?, open(other)?);
    let mut at = 0u64;
    let difference = loop {
        let (ba, bb) = (a.fill_buf()?, b.fill_buf()?);
        let n = ba.len().min(bb.len());
        if n == 0 {
            break match (ba.is_empty(), bb.is_empty()) {
                (true, true) => None,
                (true, false) => Some(format!("{tool}'s file is longer than tcpdump's {at} bytes")),
                _ => Some(format!("{tool}'s file ends at byte {at}, before tcpdump's")),
            };
        }
        if let Some(i) = ba[..n].iter().zip(&bb[..n]).position(|(x, y)| x != y) {
            break Some(format!("byte {} of the written file", at + i as u64));
        }
        a.consume(n);
        b.consume(n);
        at += n as u64;
    };
    Ok(Check {
        mode: Mode::Write,
        tool: tool.to_owned(),
        size: at,
        difference,
    })
}

/// Compares two printed outputs line by line.
fn compare_lines(tool: &str, reference: &Path, other: &Path) -> Result<Check> {
    let (mut a, mut b) = (open(reference)?, open(other)?);
    let (mut la, mut lb) = (Vec::new(), Vec::new());
    let mut n = 0u64;
    loop {
        la.clear();
        lb.clear();
        let (ea, eb) = (a.read_until(b'\n', &mut la)?, b.read_until(b'\n', &mut lb)?);
        if ea == 0 && eb == 0 {
            return Ok(Check {
                mode: Mode::Print,
                tool: tool.to_owned(),
                size: n,
                difference: None,
            });
        }
        n += 1;
        if la != lb {
            return Ok(Check {
                mode: Mode::Print,
                tool: tool.to_owned(),
                size: n,
                difference: Some(format!(
                    "line {n}: tcpdump {:?}, {tool} {:?}",
                    String::from_utf8_lossy(&la).trim_end(),
                    String::from_utf8_lossy(&lb).trim_end()
                )),
            });
        }
    }
}

/// Median, minimum and maximum.
fn spread(mut v: Vec<f64>) -> Option<(f64, f64, f64)> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    let median = if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    };
    Some((median, v[0], v[v.len() - 1]))
}

/// CPU seconds of `tool` in `mode`, one per repeat.
fn cpu_secs(r: &PrintResults, mode: Mode, tool: &str) -> Vec<f64> {
    r.runs
        .iter()
        .filter(|t| t.mode == mode && t.tool == tool)
        .map(|t| t.cpu_ns() as f64 / 1e9)
        .collect()
}

/// `tool`'s CPU over `against`'s in the same repeat, one per repeat.
fn ratios(r: &PrintResults, mode: Mode, tool: &str, against: &str) -> Vec<f64> {
    (0..r.repeats)
        .filter_map(|rep| {
            let cpu = |name: &str| {
                r.runs
                    .iter()
                    .find(|t| t.mode == mode && t.tool == name && t.repeat == rep)
                    .map(Timed::cpu_ns)
            };
            Some(cpu(tool)? as f64 / cpu(against)?.max(1) as f64)
        })
        .collect()
}

fn tools_of(r: &PrintResults) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for t in &r.runs {
        if t.tool != "tcpdump" && !names.contains(&t.tool) {
            names.push(t.tool.clone());
        }
    }
    names
}

/// One line per mode and tool: the ratio with its spread.
fn summary(r: &PrintResults) -> Vec<String> {
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        for tool in tools_of(r) {
            if let Some((m, lo, hi)) = spread(ratios(r, mode, &tool, "tcpdump")) {
                lines.push(format!(
                    "{tool} / tcpdump CPU, {}: {m:.2} [{lo:.2}–{hi:.2}]",
                    mode.shown()
                ));
            }
        }
    }
    lines
}

/// First and last line of the printing section in a PERFORMANCE.md.
const BEGIN: &str = "<!-- printing section: generated by capture-bench --only print -->";
const END: &str = "<!-- end of printing section -->";

/// The printing section of the report for `r` (read from the results file `source`).
pub fn section(r: &PrintResults, source: &str) -> String {
    use std::fmt::Write as _;
    let mut d = String::new();
    let m = &r.meta;
    let _ = writeln!(d, "{BEGIN}\n");
    let _ = writeln!(d, "## Printing (`-r`): capture against tcpdump\n");
    let _ = writeln!(
        d,
        "From {source}, {} ({:.0} s; load average {} at the start, {} at the end, on a shared \
         {}-CPU VM: compare the ratios, which pair runs made one after the other, rather than \
         single times).\n",
        m.started, m.secs, m.loadavg_start, r.loadavg_end, m.cpus
    );
    let pkts = r.input.packets as f64;
    let _ = writeln!(
        d,
        "| command | tool | CPU, s | CPU per packet, ns | of which user + system | / tcpdump |\n\
         |---|---|---|---|---|---|"
    );
    let fmt = |x: Option<(f64, f64, f64)>, scale: f64, prec: usize| match x {
        Some((md, lo, hi)) => format!(
            "{:.prec$} [{:.prec$}–{:.prec$}]",
            md * scale,
            lo * scale,
            hi * scale
        ),
        None => "–".into(),
    };
    let mut tools = vec!["tcpdump".to_owned()];
    tools.extend(tools_of(r));
    for mode in Mode::ALL
        .into_iter()
        .filter(|&m| r.runs.iter().any(|t| t.mode == m))
    {
        for (i, tool) in tools.iter().enumerate() {
            let runs: Vec<&Timed> = r
                .runs
                .iter()
                .filter(|t| t.mode == mode && &t.tool == tool)
                .collect();
            let part = |f: fn(&Timed) -> u64| {
                spread(runs.iter().map(|t| f(t) as f64).collect()).map_or(0.0, |x| x.0) / pkts
            };
            let ratio = if i == 0 {
                String::new()
            } else {
                format!(
                    "**{}**",
                    fmt(spread(ratios(r, mode, tool, "tcpdump")), 1.0, 2)
                )
            };
            let _ = writeln!(
                d,
                "| {} | {tool} | {} | {} | {:.0} + {:.0} | {ratio} |",
                if i == 0 {
                    format!("`{}`", mode.shown())
                } else {
                    String::new()
                },
                fmt(spread(cpu_secs(r, mode, tool)), 1.0, 3),
                fmt(spread(cpu_secs(r, mode, tool)), 1e9 / pkts, 0),
                part(|t| t.user_ns),
                part(|t| t.sys_ns),
            );
        }
    }
    if tools.iter().any(|t| t == "capture-baseline") {
        let _ = writeln!(
            d,
            "\ncapture over capture-baseline (`--print-baseline`), run by run: {}.",
            Mode::ALL
                .iter()
                .map(|&m| format!(
                    "`{}` {}",
                    m.shown(),
                    fmt(spread(ratios(r, m, "capture", "capture-baseline")), 1.0, 2)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        d,
        "\nMedian [minimum–maximum] of {} runs of each; the ratio is taken run by run (capture's \
         CPU over tcpdump's in the same repeat), then its median. CPU = user + system time of \
         the process (wait4's rusage), so reading the file is in both.\n",
        r.repeats
    );
    let _ = writeln!(
        d,
        "Output, checked before timing (one untimed run of each):\n"
    );
    for c in &r.checks {
        let what = if c.mode == Mode::Write {
            format!("{} bytes written", c.size)
        } else {
            format!("{} lines", c.size)
        };
        let _ = writeln!(
            d,
            "- {} `{}`: {}",
            c.tool,
            c.mode.shown(),
            match &c.difference {
                None => format!("identical to tcpdump's ({what})"),
                Some(diff) => format!("**differs** from tcpdump's: {diff}"),
            }
        );
    }
    let _ = writeln!(
        d,
        "\n**Input**: {} packets, {:.0} MB, Ethernet, generated by bench/src/mixed.rs from seed \
         {} (the same file on every run): TCP connections over IPv4 and IPv6 from handshake \
         (MSS, SACK, timestamps, window scale) through data (HTTP, TLS, SSH, SMTP, databases) to \
         FIN or RST among 2000 LAN hosts and 800 servers, DNS queries and answers (EDNS, CNAME, \
         NXDOMAIN with SOA), NTP, ICMP echo and errors, ICMPv6 echo and neighbour discovery, \
         ARP, fragmented datagrams, and the LAN's STP, LLDP, DHCP, mDNS, SSDP and IGMP. \
         {:.1} % of the frames carry an 802.1Q tag. Records per kind:\n",
        r.input.packets,
        r.input.bytes as f64 / 1e6,
        r.seed,
        100.0 * r.input.vlan_tagged as f64 / pkts.max(1.0)
    );
    let _ = writeln!(
        d,
        "{}\n",
        r.input
            .mix
            .iter()
            .map(|(k, n)| format!("{k} {:.1} %", 100.0 * *n as f64 / pkts.max(1.0)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        d,
        "**How**: each command runs as a child of the harness pinned to CPU {} at nice {}, \
         standard output and error on /dev/null, the input in tmpfs (page cache, no disk \
         reads); `-w OUT` writes to tmpfs. The tools take turns within each repeat (the \
         order reversed every other repeat). Versions: {}.\n",
        r.cpu,
        r.nice,
        m.versions
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let _ = writeln!(
        d,
        "Re-run: `cargo xtask bench --only print` (about a minute and a half on an idle \
         machine, most of it tcpdump's own CPU; `--packets N`, `--repeats N` (at least 3), \
         `--print-baseline PATH` to time another capture binary beside these).\n"
    );
    let _ = writeln!(d, "{END}");
    d
}

/// The printing section of an existing report, if it has one.
pub fn kept_section(doc: &str) -> Option<&str> {
    let start = doc.find(BEGIN)?;
    let end = doc[start..].find(END)? + start + END.len();
    Some(&doc[start..end])
}

/// `doc` with its printing section replaced by `section` (appended when it has none).
pub fn splice(doc: &str, section: &str) -> String {
    let section = section.trim_end();
    match kept_section(doc) {
        Some(old) => doc.replacen(old, section, 1),
        None => format!("{}\n\n{section}\n", doc.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(mode: Mode, tool: &str, repeat: u32, cpu_ms: u64) -> Timed {
        Timed {
            mode,
            tool: tool.into(),
            repeat,
            user_ns: cpu_ms * 1_000_000,
            sys_ns: 0,
            wall_ns: 0,
            maxrss_kib: 0,
            code: 0,
        }
    }

    fn results() -> PrintResults {
        let mut runs = Vec::new();
        for (rep, (t, c)) in [(1000, 300), (1200, 420), (900, 270)]
            .into_iter()
            .enumerate()
        {
            runs.push(timed(Mode::Print, "tcpdump", rep as u32, t));
            runs.push(timed(Mode::Print, "capture", rep as u32, c));
        }
        PrintResults {
            meta: Meta::default(),
            loadavg_end: String::new(),
            cpu: 0,
            nice: 0,
            seed: SEED,
            input: mixed::Written {
                packets: 1_000_000,
                bytes: 1,
                mix: vec![("TCP over IPv4".into(), 1_000_000)],
                vlan_tagged: 0,
            },
            repeats: 3,
            checks: Vec::new(),
            runs,
        }
    }

    #[test]
    fn ratio_is_taken_per_repeat_then_the_median() {
        let r = results();
        // Per repeat: 0.30, 0.35, 0.30.
        let (m, lo, hi) = spread(ratios(&r, Mode::Print, "capture", "tcpdump")).unwrap();
        assert!((m - 0.30).abs() < 1e-9 && (lo - 0.30).abs() < 1e-9 && (hi - 0.35).abs() < 1e-9);
        assert_eq!(spread(cpu_secs(&r, Mode::Print, "capture")).unwrap().0, 0.3);
        assert!(ratios(&r, Mode::Write, "capture", "tcpdump").is_empty());
        let text = section(&r, "print-x.json");
        let rows = [
            "| `-nn -r F > /dev/null` | tcpdump | 1.000 [0.900–1.200] | 1000 [900–1200] | 1000 + 0 |  |",
            "|  | capture | 0.300 [0.270–0.420] | 300 [270–420] | 300 + 0 | **0.30 [0.30–0.35]** |",
        ];
        assert!(text.contains(&rows.join("\n")), "{text}");
        assert!(
            !text.contains("`-nn -v"),
            "a mode not run has no rows: {text}"
        );
    }

    #[test]
    fn section_replaces_its_old_self_and_nothing_else() {
        let a = section(&results(), "print-a.json");
        let doc = splice("# Performance\n\nbody\n", &a);
        assert!(doc.starts_with("# Performance\n\nbody\n\n") && doc.contains("print-a.json"));
        let b = section(&results(), "print-b.json");
        let doc2 = splice(&format!("{doc}\n## After\n"), &b);
        assert!(!doc2.contains("print-a.json") && doc2.contains("print-b.json"));
        assert!(doc2.ends_with("## After\n") && doc2.starts_with("# Performance\n\nbody\n"));
        assert_eq!(kept_section(&doc2).map(str::trim_end), Some(b.trim_end()));
    }
}
