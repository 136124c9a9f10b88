//! The report: summaries computed from the raw results only, docs/PERFORMANCE.md with tables of
//! `capture / best peer` ratios, and the plots (drawn by bench/plot.py with matplotlib, Debian's
//! python3-matplotlib, which `cargo xtask bench` installs). `bench/analysis.md` (hand-written: profiles, explanations)
//! is included verbatim.
use std::{
    collections::BTreeSet,
    fmt::Write as _,
    fs,
    io::Write as _,
    path::Path,
    process::{Command, Stdio},
};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::{
    generator::GenKind,
    judge::{self, Verdict},
    peers::{self, Tool},
    run::{Case, Phase, Results, Trial},
};

/// Debian's interpreter, which has Debian's python3-matplotlib (a `python3` earlier on PATH,
/// such as a pyenv one, would not).
const DEBIAN_PYTHON: &str = "/usr/bin/python3";

fn gen_name(kind: GenKind) -> &'static str {
    match kind {
        GenKind::AfPacket => "afpacket",
        GenKind::Xdp => "xdp",
    }
}

/// Regenerates the report from a results file.
pub fn generate_from_file(path: &Path, docs: &Path) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let results: Results = serde_json::from_str(&text).context("parsing results")?;
    generate(&results, path, docs)
}

/// Loss-curve point (fraction of the generator maximum) whose trial gives CPU per packet.
const CPU_POINT: f64 = 0.5;

const GIB: f64 = (1u64 << 30) as f64;

/// One tool's figures in one case, judged by the rules of [`judge`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Each bisection's zero-loss rate: the highest rate delivered to the veth in a passing
    /// trial (0 when nothing passed).
    pub zero_loss: Vec<f64>,
    /// Whether a repeat passed its first probe, which asks for the generator's maximum (the
    /// tool's limit may then be higher).
    pub at_generator_max: bool,
    /// At the unpaced (overload) point: the rate delivered to the veth, the tool's loss of those
    /// frames and the rig's loss before the veth (fractions).
    pub overload: Option<(f64, f64, f64)>,
    /// Tool CPU ns per captured packet at the curve point nearest [`CPU_POINT`].
    pub cpu_ns: Option<f64>,
    /// NAPI thread CPU ns per frame at the same point.
    pub napi_ns: Option<f64>,
    /// The headline: capture-core CPU (tool + NAPI) per captured packet at the same point.
    pub core_ns: Option<f64>,
    /// Capture-core CPU per captured packet at every loss-curve point below overload:
    /// (offered fraction of the generator maximum, ns).
    pub core_points: Vec<(f64, f64)>,
    /// Tool CPU seconds per GiB written (records and their headers) at the same point.
    pub cpu_s_per_gib: Option<f64>,
    /// Tool CPU ns per captured packet at overload.
    pub cpu_ns_overload: Option<f64>,
    /// Peak RSS over the case, MiB.
    pub rss_mib: f64,
    /// Trials whose reported drops equal the audited loss, and trials with a drop report.
    pub drops_exact: (usize, usize),
    /// Trials where reported drops + frames lost in the rig (before the capture veth) equal the
    /// audited loss.
    pub drops_explained: usize,
    /// The largest loss of frames that reached the veth in a trial where the tool reported no
    /// drop at all (frames the rig lost before the veth never reached the tool).
    pub silent_loss: u64,
    /// The largest fraction of the frames sent that the rig lost before the veth in a passing
    /// bisection trial (not the tool's loss, see [`judge`]).
    pub rig_loss_passing: f64,
}

impl Summary {
    /// Median of the repeats' zero-loss rates.
    pub fn zero_loss_median(&self) -> Option<f64> {
        median(&self.zero_loss)
    }
}

fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Summarises `tool` in `case` from the raw trials, judging each with `tolerance`.
pub fn summarize(trials: &[Trial], case: Case, tool: Tool, tolerance: f64) -> Summary {
    let mine: Vec<&Trial> = trials
        .iter()
        .filter(|t| t.case == case && t.tool == tool)
        .collect();
    let mut s = Summary::default();
    let repeats: BTreeSet<u32> = mine
        .iter()
        .filter_map(|t| match t.phase {
            Phase::Bisect(r) => Some(r),
            Phase::Curve(_) => None,
        })
        .collect();
    for r in repeats {
        let probes = mine.iter().copied().filter(|t| t.phase == Phase::Bisect(r));
        s.zero_loss
            .push(judge::zero_loss_rate(probes.clone(), tolerance));
        for t in probes.filter(|t| judge::passes(t, tolerance)) {
            s.at_generator_max |= t.first_probe;
            s.rig_loss_passing = s.rig_loss_passing.max(judge::rig_loss_fraction(t));
        }
    }
    let per_pkt = |t: &Trial| t.cpu_window_ns as f64 / t.audit.unique.max(1) as f64;
    let curve: Vec<(f64, &Trial)> = mine
        .iter()
        .filter_map(|t| match t.phase {
            Phase::Curve(f) => Some((f, *t)),
            Phase::Bisect(_) => None,
        })
        .collect();
    s.core_points = curve
        .iter()
        .filter(|(f, _)| *f < 1.0)
        .map(|&(f, t)| (f, judge::core_cpu_ns(t)))
        .collect();
    // Half the generator's maximum: loaded enough that fixed costs (timers, polling) do not
    // dominate, light enough that every tool keeps up at 64 B.
    if let Some((_, t)) = curve
        .iter()
        .min_by(|a, b| (a.0 - CPU_POINT).abs().total_cmp(&(b.0 - CPU_POINT).abs()))
    {
        s.cpu_ns = Some(per_pkt(t));
        s.core_ns = Some(judge::core_cpu_ns(t));
        let bytes = t.audit.unique as f64 * (t.case.frame_len + 16) as f64;
        s.cpu_s_per_gib = (bytes > 0.0).then(|| t.cpu_window_ns as f64 / 1e9 / (bytes / GIB));
        s.napi_ns = t.napi_window_ns.map(|n| n as f64 / t.veth_rx.max(1) as f64);
    }
    if let Some((_, t)) = curve.iter().find(|(f, _)| *f >= 1.0) {
        s.overload = Some((
            judge::delivered_pps(t),
            judge::tool_loss_fraction(t),
            judge::rig_loss_fraction(t),
        ));
        s.cpu_ns_overload = Some(per_pkt(t));
    }
    for t in &mine {
        s.rss_mib = s.rss_mib.max(t.peak_rss_kib as f64 / 1024.0);
        if let Some(d) = t.reported.dropped {
            s.drops_exact.1 += 1;
            if d == t.audit.lost {
                s.drops_exact.0 += 1;
            }
            if d + t.rig_lost == t.audit.lost {
                s.drops_explained += 1;
            }
            if d == 0 {
                s.silent_loss = s.silent_loss.max(
                    t.audit
                        .lost
                        .saturating_sub(t.sent.frames - judge::delivered(t)),
                );
            }
        }
    }
    s
}

/// The version line of `tool` in `m`. Runs before every capture variant had its own line
/// recorded it for `capture` only; the variants run the same binary.
fn version_line(m: &crate::run::Meta, tool: &str) -> String {
    let recorded = m.versions.get(tool).cloned().unwrap_or_default();
    match peers::Tool::parse(tool) {
        Ok(t) if t.is_capture() && recorded.is_empty() => m
            .versions
            .get(Tool::Capture.name())
            .filter(|l| !l.is_empty())
            .map_or(recorded, |line| peers::variant_version(t, line)),
        _ => recorded,
    }
}

fn cases(r: &Results) -> Vec<Case> {
    let set: BTreeSet<Case> = r.trials.iter().map(|t| t.case).collect();
    set.into_iter().collect()
}

fn case_name(c: Case) -> String {
    format!(
        "{} B, {} flow{}, {}",
        c.frame_len,
        c.flows,
        if c.flows == 1 { "" } else { "s" },
        c.output.name()
    )
}

fn kpps(v: f64) -> String {
    format!("{:.0}", v / 1e3)
}

fn ratio(capture: Option<f64>, best_peer: Option<f64>) -> String {
    match (capture, best_peer) {
        (Some(c), Some(b)) if b > 0.0 => format!("{:.2}", c / b),
        (Some(c), Some(_)) if c > 0.0 => "∞".into(),
        _ => "–".into(),
    }
}

/// Writes docs/PERFORMANCE.md and the plots for `results` (read from `source`).
pub fn generate(results: &Results, source: &Path, docs: &Path) -> Result<()> {
    let perf_dir = docs.join("perf");
    fs::create_dir_all(&perf_dir)?;
    let tools = &results.settings.tools;
    let peers: Vec<Tool> = tools.iter().copied().filter(|&t| !t.is_capture()).collect();
    let cases = cases(results);
    let sums: Vec<Vec<Summary>> = cases
        .iter()
        .map(|&c| {
            tools
                .iter()
                .map(|&t| summarize(&results.trials, c, t, results.settings.loss_tolerance))
                .collect()
        })
        .collect();
    let idx = |t: Tool| tools.iter().position(|&x| x == t);
    let cap = idx(Tool::Capture);
    let best_peer = |row: &[Summary], f: &dyn Fn(&Summary) -> Option<f64>, higher: bool| {
        let vals = peers
            .iter()
            .filter_map(|&p| idx(p))
            .filter_map(|i| f(&row[i]));
        if higher {
            vals.fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
        } else {
            vals.fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))))
        }
    };
    let m = &results.meta;
    let s = &results.settings;
    let mut d = String::new();
    let _ = writeln!(d, "# Performance\n");
    let _ = writeln!(
        d,
        "<!-- Generated by capture-bench from {}; edit bench/src/report.rs or bench/analysis.md, not this file. -->\n",
        source
            .file_name()
            .map_or("".into(), |n| n.to_string_lossy())
    );
    let _ = writeln!(
        d,
        "**{}** run, {} → {} ({:.0} min). These figures come from a **noisy, shared 2-core VM**: other \
         engineers were compiling on the same two cores (load average at start: {}), so single \
         figures move by tens of percent between runs; the harness interleaves the tools at every \
         step and reports ratios measured in the same run for that reason. Rerun it before \
         trusting any one number.\n",
        match s.kind() {
            "quick" => "Quick (`--quick`)",
            "full" => "Full",
            _ => "Custom (reduced matrix, see the command below)",
        },
        m.started,
        m.finished,
        m.secs / 60.0,
        m.loadavg_start
    );
    let _ = writeln!(d, "## The rig\n");
    let _ = writeln!(
        d,
        "- Machine: {} × {}, Linux {}.\n\
         - Two network namespaces joined by a veth pair, created and removed by the harness \
           (crate `rig`). The generator ({}) runs on CPU {}; the tools under test run on \
           CPU(s) {} (`--gen-cpu`, `--capture-cpus`).\n\
         - NAPI: `{:?}`. {}\n\
         - Frames are addressed to a MAC that is not the capture veth's, as on a mirror (SPAN) port: \
           every tool sees them, and the stack drops them at once (PACKET_OTHERHOST) instead of \
           routing each one.\n\
         - Every frame is Ethernet/IPv4/UDP with a run nonce and a sequence number in its \
           payload; each output file is read back and audited frame by frame (loss, \
           duplicates, order, length). `1024 flows` = 1024 UDP source ports.\n\
         - Output: `shm` = {} (tmpfs), `disk` = {} (local disk, ext4 on virtio).\n\
         - Ring memory is the same for every tool: 64 MiB (tcpdump `-B 65536`, dumpcap `-B 64`, \
           netsniff-ng `-S 64MiB`, capture's default). capture runs with its defaults (one \
           worker per online CPU).\n\
         - Judging, the same for every tool: a tool is judged on the frames that reached the \
           capture veth (its receive counter). A trial is zero-loss when the tool lost at most \
           {} % of those frames (audited: missing from its file), with no duplicate and no \
           wrong length; that is the only threshold. Frames the rig lost before the veth are \
           not the tool's loss, and a generator that sent less than it was asked for fails \
           nobody: the rate credited to a tool is the rate that reached the veth (frames over \
           the sender's wall time), whatever was asked for. The zero-loss rate is bisected ({} \
           probes, {} repeat(s), median shown) between 0 and the generator's maximum; each \
           probe sends {} s of traffic.\n\
         - CPU per packet (the headline) = the capture core's CPU time per packet in the tool's \
           file: the tool's threads plus the NAPI thread, whose receive work (veth NAPI, skb, \
           every tool's AF_PACKET copy, capture's ingress counter and XDP programs) is part of \
           what each tool costs (user + system, from the scheduler's per-thread nanosecond \
           accounting, from the first frame to the end of the drain: 1.1 s after the last \
           frame, so every tool's ring blocks are retired); measured at the loss-curve point \
           nearest {:.0} % of the generator maximum. The tables also show the tool's threads \
           alone and the NAPI thread per frame.\n\
         - Peak RSS = VmHWM of the tool.\n\
         - Priority: generator, tools and NAPI thread run at nice {}, and the harness's \
           session (autogroup) too, so other work on a shared machine disturbs them less.\n",
        m.cpus,
        m.cpu_model,
        m.kernel,
        match s.generator {
            GenKind::AfPacket =>
                "`--generator afpacket`: the rig's AF_PACKET `sendmmsg` sender, \
                 PACKET_QDISC_BYPASS, 256-frame batches; a full receiving ring pushes back and \
                 it retries",
            GenKind::Xdp =>
                "`--generator xdp`: the rig's XDP live-frames sender, paced inside its XDP \
                 program, frames in bursts of 32 (as a NIC's interrupt coalescing hands them to \
                 NAPI); veth hands them to the receiver's XDP without an skb or a copy, as a NIC \
                 driver does. It has no back-pressure: a frame the receiving veth's 256-entry \
                 ring cannot take is lost (`rig_lost`). So that this measures the tools and not \
                 the VM, the NAPI thread runs at SCHED_FIFO 50 (like a NIC's interrupt, the \
                 receive path preempts the tools), idle CPUs poll instead of halting \
                 (`/dev/cpu_dma_latency` = 0: waking a halted vCPU sometimes takes the \
                 hypervisor milliseconds), and a paced sender that falls behind catches up on \
                 at most 128 µs in one burst. Frames lost there are not counted against the \
                 tool, and lower the rate it is credited with (below). Trials offer up to what the veth took from an unpaced send with \
                 no tool running",
        },
        s.gen_cpu,
        s.capture_cpus
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(","),
        s.napi,
        match s.napi {
            crate::settings::Napi::Threaded =>
                "GRO is turned on for the receiving veth (so veth uses NAPI at all) and \
                 `/sys/class/net/DEV/threaded` = 1; the `napi/DEV-*` kernel thread is pinned to \
                 the capture CPU. This puts the receive path where a NIC's interrupt would put \
                 it, on the capture side, instead of in the generator's softirq (the kernel \
                 default for veth), so the generator's core only generates \
                 (notes §10). TSO is turned off on the sending veth: with it on, veth hands \
                 frames from a packet socket to the peer's backlog in the sender's softirq \
                 (the generator's core) for every tool except one with an XDP program attached \
                 (capture's XDP backend), which forces the NAPI path and would carry the \
                 kernel's receive work alone. \
                 UDP frames with no local socket are not merged by GRO; the audit checks \
                 every length.",
            crate::settings::Napi::Softirq =>
                "veth delivers in the sender's softirq, on the generator's core (kernel default), \
                 so no tool's CPU per packet includes the receive work.",
        },
        s.shm_dir.display(),
        s.disk_dir.display(),
        s.loss_tolerance * 100.0,
        s.steps,
        s.repeats,
        s.trial_secs,
        CPU_POINT * 100.0,
        s.nice,
    );
    let _ = writeln!(d, "## Exact commands\n\n```");
    let _ = writeln!(
        d,
        "cargo xtask bench{}        # builds capture (release), then runs:",
        m.harness_command
            .split_once(' ')
            .map_or(String::new(), |(_, args)| format!(" {args}"))
    );
    let _ = writeln!(d, "{}", m.harness_command);
    for (tool, cmd) in &m.commands {
        let _ = writeln!(d, "# {tool}: {cmd}");
    }
    let _ = writeln!(
        d,
        "```\n\nThe harness sets each tool's CPU affinity and nice value ({}) itself \
         (sched_setaffinity and setpriority before exec), as `taskset` and `nice` would; VETH \
         and NS are the rig's, the output directory is the case's.\n\nVersions:\n",
        s.nice
    );
    for tool in m.versions.keys() {
        let _ = writeln!(d, "- {tool}: {}", version_line(m, tool));
    }
    let _ = writeln!(
        d,
        "\n## Generator\n\nMeasured with no capture running (best of three unpaced sends), for both \
         of the rig's senders (this run's trials use `{}`): `afpacket`, the AF_PACKET sender, and \
         `xdp`, an XDP program run in a loop by `BPF_PROG_RUN` with \
         `BPF_F_TEST_XDP_LIVE_FRAMES` that writes each frame's sequence number and flow and \
         redirects it into the veth, with no socket or skb on the sending side.\n\n\
         | sender | frame | unpaced rate | generator core busy | frames reaching the capture veth |\n|---|---|---|---|---|",
        gen_name(s.generator)
    );
    for c in &results.calibration {
        let _ = writeln!(
            d,
            "| {} | {} B | {} kpps ({:.2} Gbit/s) | {:.0} % | {} of {} |",
            gen_name(c.generator),
            c.frame_len,
            kpps(c.sent.achieved_pps),
            c.sent.achieved_pps * (c.frame_len + 24) as f64 * 8.0 / 1e9,
            100.0 * c.sent.cpu_secs / c.sent.secs.max(1e-9),
            c.veth_rx,
            c.sent.frames
        );
    }
    if !results
        .calibration
        .iter()
        .any(|c| c.generator == GenKind::Xdp)
    {
        let _ = writeln!(
            d,
            "| xdp | | not measured: {} | | |",
            crate::run::LIVE_FRAMES_REFUSED
        );
    }
    let _ = writeln!(
        d,
        "\nRates are measured: frames sent over the sender's own wall time, per trial. Gbit/s counts preamble, FCS and gap (24 B).\n"
    );
    let at64 = |kind| {
        results
            .calibration
            .iter()
            .find(|c| c.frame_len == 64 && c.generator == kind)
    };
    if let (Some(af), Some(xdp)) = (at64(GenKind::AfPacket), at64(GenKind::Xdp))
        && let Some(paced) = xdp.paced
    {
        let _ = writeln!(
            d,
            "At 64 B the XDP live-frames sender offers {} kpps and the AF_PACKET sender {} kpps \
             (about {:.1} µs of CPU per frame, nearly all in the kernel: skb, copy, flow \
             dissection, veth_xmit). Only {} of the XDP sender's {} frames reached the capture \
             veth: with nothing capturing, the capture core's kernel receive path (NAPI: skb, \
             GRO, the stack's drop) is the limit, not the generator. The XDP sender has no \
             back-pressure, and veth's receive ring holds 256 frames, so a stall of the capture \
             core's NAPI thread of a few milliseconds (this VM is shared) drops frames in the \
             rig; paced at {} kpps with no tool running, it lost {} of {} frames ({:.2} %). {}\n",
            kpps(xdp.sent.achieved_pps),
            kpps(af.sent.achieved_pps),
            af.sent.cpu_secs / af.sent.frames.max(1) as f64 * 1e6,
            xdp.veth_rx,
            xdp.sent.frames,
            paced.pps / 1000,
            paced.frames.saturating_sub(paced.veth_rx),
            paced.frames,
            100.0 * paced.frames.saturating_sub(paced.veth_rx) as f64 / paced.frames.max(1) as f64,
            match s.generator {
                GenKind::AfPacket =>
                    "The zero-loss bisection therefore uses the AF_PACKET sender, which waits \
                     instead of dropping. A tool that passes at its maximum (`+`) is credited \
                     the rate that reached the veth: the generator's limit or the capture \
                     core's, whichever came first.",
                GenKind::Xdp =>
                    "This run's trials use the XDP sender (see the rig section): a frame the \
                     veth refused is not the tool's loss, and the tool is credited only the \
                     rate that reached the veth.",
            },
        );
    }

    // Verdicts.
    let [ahead, level, behind] = verdicts(&cases, &sums, tools);
    let _ = writeln!(d, "## Where capture is ahead, where it is behind\n");
    let _ = writeln!(
        d,
        "Against every peer, beyond the measured spread. Zero-loss rate: ahead when capture's \
         lowest repeat is above the peer's highest, behind when its highest is below the \
         peer's lowest (at least two repeats each). CPU per packet (tool + NAPI): ahead when \
         lower at every loss-curve point below overload (at least two), behind when higher at \
         every one. Ahead means ahead of every peer; behind, behind one (named); level \
         otherwise: the repeats or points overlap, or one measurement shows no spread.\n"
    );
    for (title, list) in [("Ahead", &ahead), ("Level", &level), ("Behind", &behind)] {
        let _ = writeln!(d, "{title}:\n");
        for line in list {
            let _ = writeln!(d, "- {line}");
        }
        if list.is_empty() {
            let _ = writeln!(d, "- nowhere in this run");
        }
        let _ = writeln!(d);
    }

    let header = |d: &mut String, title: &str, unit: &str| {
        let _ = write!(d, "### {title}\n\n| case |");
        for t in tools {
            let _ = write!(d, " {} |", t.name());
        }
        let _ = writeln!(d, " capture / best peer |");
        let _ = write!(d, "|---|");
        for _ in tools {
            let _ = write!(d, "---|");
        }
        let _ = writeln!(d, "---|");
        let _ = unit;
    };
    let _ = writeln!(d, "## Results\n");
    // Zero-loss rate.
    header(
        &mut d,
        "Max zero-loss rate, kpps delivered to the capture veth (median of repeats; higher is better)",
        "kpps",
    );
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let reps: Vec<String> = x.zero_loss.iter().map(|&v| kpps(v)).collect();
            let _ = write!(
                d,
                " {}{} [{}] |",
                x.zero_loss_median().map_or("–".into(), kpps),
                if x.at_generator_max { "+" } else { "" },
                reps.join(", ")
            );
        }
        let c = cap.and_then(|i| row[i].zero_loss_median());
        let _ = writeln!(
            d,
            " {} |",
            ratio(c, best_peer(row, &|x: &Summary| x.zero_loss_median(), true))
        );
    }
    let rig_loss = sums
        .iter()
        .flatten()
        .map(|x| x.rig_loss_passing)
        .fold(0.0, f64::max);
    let _ = writeln!(
        d,
        "\n`+`: a repeat passed its first probe, which asks for the generator's maximum: no \
         higher rate was offered, so the tool's own limit may be higher. Brackets: each \
         repeat. Rates are those delivered to the capture veth in a trial where the tool lost \
         at most {} % of them; in the passing trials the rig lost at most {:.2} % of the frames sent before the veth (not counted \
         against any tool).\n",
        s.loss_tolerance * 100.0,
        rig_loss * 100.0
    );
    // Overload.
    header(
        &mut d,
        "Loss at overload (generator unpaced), % of the frames that reached the capture veth (lower is better)",
        "%",
    );
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {} |",
                x.overload.map_or("–".into(), |(o, l, r)| format!(
                    "{:.2} % of {} kpps (rig {:.2} %)",
                    l * 100.0,
                    kpps(o),
                    r * 100.0
                ))
            );
        }
        let c = cap.and_then(|i| row[i].overload.map(|o| o.1));
        let _ = writeln!(
            d,
            " {} |",
            ratio(
                c,
                best_peer(row, &|x: &Summary| x.overload.map(|o| o.1), false)
            )
        );
    }
    let _ = writeln!(d);
    // CPU.
    header(
        &mut d,
        "CPU per captured packet, tool + NAPI, ns (at the loss-curve point nearest half the generator maximum; lower is better)",
        "ns",
    );
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {} (tool {}, NAPI {}) |",
                x.core_ns.map_or("–".into(), |v| format!("{v:.0}")),
                x.cpu_ns.map_or("–".into(), |v| format!("{v:.0}")),
                x.napi_ns.map_or("–".into(), |v| format!("{v:.0}"))
            );
        }
        let c = cap.and_then(|i| row[i].core_ns);
        let vs_tcpdump = idx(Tool::Tcpdump).and_then(|i| row[i].core_ns);
        let _ = writeln!(
            d,
            " {} (vs tcpdump {}) |",
            ratio(c, best_peer(row, &|x: &Summary| x.core_ns, false)),
            ratio(c, vs_tcpdump)
        );
    }
    let _ = writeln!(
        d,
        "\nThe first figure, which the ratios compare, is the capture core's CPU per packet in the file: the tool's threads and the NAPI thread together. Tool: its threads alone, per captured packet. NAPI: the kernel's receive work per frame on the capture core (napi thread), which every tool pays (capture also counts frames at TC ingress on veth, 30–46 ns per frame (docs/counter){}).\n",
        match s.generator {
            GenKind::AfPacket => "; its XDP backend adds veth's copy of each frame for XDP",
            GenKind::Xdp =>
                "; frames arrive as XDP frames: the XDP backend's program runs on them in place, and the other tools' skbs are built around them without a copy",
        }
    );
    header(
        &mut d,
        "Tool CPU seconds per GiB written (same point; lower is better)",
        "s",
    );
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {} |",
                x.cpu_s_per_gib.map_or("–".into(), |v| format!("{v:.2}"))
            );
        }
        let c = cap.and_then(|i| row[i].cpu_s_per_gib);
        let _ = writeln!(
            d,
            " {} |",
            ratio(c, best_peer(row, &|x: &Summary| x.cpu_s_per_gib, false))
        );
    }
    let _ = writeln!(
        d,
        "\nAll of the tool's CPU time over the bytes of its file; at 1514 B this is mostly the writer. \
         `capture-buffered` (when measured) is `capture --no-direct`: the same capture with page-cache \
         writes instead of O_DIRECT.\n"
    );
    header(&mut d, "Tool CPU per captured packet at overload, ns", "ns");
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {} |",
                x.cpu_ns_overload.map_or("–".into(), |v| format!("{v:.0}"))
            );
        }
        let c = cap.and_then(|i| row[i].cpu_ns_overload);
        let _ = writeln!(
            d,
            " {} |",
            ratio(c, best_peer(row, &|x: &Summary| x.cpu_ns_overload, false))
        );
    }
    let _ = writeln!(d);
    header(&mut d, "Peak RSS, MiB (lower is better)", "MiB");
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(d, " {:.0} |", x.rss_mib);
        }
        let c = cap.map(|i| row[i].rss_mib);
        let _ = writeln!(
            d,
            " {} |",
            ratio(c, best_peer(row, &|x: &Summary| Some(x.rss_mib), false))
        );
    }
    let _ = writeln!(d);
    let _ = write!(
        d,
        "### Do the tools' drop counters match the audit?\n\nTrials where the drops a tool reports equal the loss the audit found (exact), and where they do once frames lost in the rig before the capture veth are added (explained); and the largest loss of frames that reached the veth in a trial where the tool reported no drop at all (silent).\n\n| case |"
    );
    for t in tools {
        let _ = write!(d, " {} |", t.name());
    }
    let _ = write!(d, "\n|---|");
    for _ in tools {
        let _ = write!(d, "---|");
    }
    let _ = writeln!(d);
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {}/{} exact, {} explained, silent {} |",
                x.drops_exact.0, x.drops_exact.1, x.drops_explained, x.silent_loss
            );
        }
        let _ = writeln!(d);
    }
    let _ = writeln!(d);
    if !results.errors.is_empty() {
        let _ = writeln!(d, "### Trials that failed to run\n");
        for e in &results.errors {
            let _ = writeln!(d, "- `{e}`");
        }
        let _ = writeln!(d);
    }

    // Plots.
    let loss_cases: Vec<_> = cases
        .iter()
        .map(|&c| {
            let series: serde_json::Map<String, serde_json::Value> = tools
                .iter()
                .map(|&t| {
                    let mut pts: Vec<(f64, f64)> = results
                        .trials
                        .iter()
                        .filter(|x| x.case == c && x.tool == t)
                        .map(|x| {
                            (
                                judge::delivered_pps(x) / 1e3,
                                100.0 * judge::tool_loss_fraction(x),
                            )
                        })
                        .collect();
                    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (t.name().to_owned(), json!(pts))
                })
                .collect();
            json!({"title": case_name(c), "series": series})
        })
        .collect();
    let per_tool = |f: &dyn Fn(&Summary) -> Option<f64>| -> serde_json::Value {
        tools
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    t.name().to_owned(),
                    json!(sums.iter().map(|row| f(&row[i])).collect::<Vec<_>>()),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let plot = json!({
        "out_dir": perf_dir,
        "tools": tools.iter().map(|t| t.name()).collect::<Vec<_>>(),
        "loss": loss_cases,
        "cases": cases.iter().map(|&c| case_name(c)).collect::<Vec<_>>(),
        "cpu": per_tool(&|x| x.cpu_ns),
        "napi": per_tool(&|x| x.napi_ns),
        "zero": per_tool(&|x| x.zero_loss_median().map(|v| v / 1e3)),
    });
    let plotted = run_plot(&plot);
    let _ = writeln!(d, "## Plots\n");
    match &plotted {
        Ok(()) => {
            let _ = writeln!(
                d,
                "The tool's loss of the frames that reached the capture veth against the rate that reached it (every trial of the run, bisection probes and loss-curve points):\n\n![loss vs offered rate](perf/loss.png)\n"
            );
            let _ = writeln!(
                d,
                "CPU per captured packet at half the generator maximum (tool threads; hatched: the kernel's NAPI thread, per frame):\n\n![CPU per packet](perf/cpu.png)\n"
            );
            let _ = writeln!(
                d,
                "Max zero-loss rate:\n\n![zero-loss rate](perf/zeroloss.png)\n"
            );
        }
        Err(e) => {
            eprintln!("bench: plots not drawn: {e:#}");
            let _ = writeln!(d, "(plots could not be drawn in this run: {e:#})\n");
        }
    }
    let analysis = Path::new(env!("CARGO_MANIFEST_DIR")).join("analysis.md");
    if let Ok(text) = fs::read_to_string(&analysis) {
        let _ = writeln!(d, "{}", text.trim_end());
    }
    let out = docs.join("PERFORMANCE.md");
    // The printing case (`--only print`) writes its own section: keep the last one.
    if let Some(kept) = fs::read_to_string(&out)
        .ok()
        .as_deref()
        .and_then(crate::print::kept_section)
    {
        d = crate::print::splice(&d, kept);
    }
    fs::write(&out, d)?;
    eprintln!("bench: wrote {}", out.display());
    Ok(())
}

/// capture's standing in every case, by the rules of [`judge`]: the lines of the ahead, level
/// and behind lists.
fn verdicts(cases: &[Case], sums: &[Vec<Summary>], tools: &[Tool]) -> [Vec<String>; 3] {
    let mut lists: [Vec<String>; 3] = Default::default();
    let Some(ci) = tools.iter().position(|&t| t == Tool::Capture) else {
        return lists;
    };
    let list = |v: Verdict| match v {
        Verdict::Ahead => 0,
        Verdict::Level => 1,
        Verdict::Behind => 2,
    };
    let reps = |x: &Summary| {
        let r: Vec<String> = x.zero_loss.iter().map(|&v| kpps(v)).collect();
        format!("[{}]", r.join(", "))
    };
    for (case, row) in cases.iter().zip(sums) {
        let me = &row[ci];
        let mut peers: Vec<(Tool, &Summary)> = tools
            .iter()
            .zip(row)
            .filter(|(t, _)| !t.is_capture())
            .map(|(&t, x)| (t, x))
            .collect();
        // Best first: the peer a verdict names.
        peers.sort_by(|a, b| {
            let m = |x: &Summary| x.zero_loss_median().unwrap_or(0.0);
            m(b.1).total_cmp(&m(a.1))
        });
        let rate: Vec<(Tool, Verdict)> = peers
            .iter()
            .filter(|(_, x)| !x.zero_loss.is_empty())
            .map(|&(t, x)| (t, judge::rate_verdict(&me.zero_loss, &x.zero_loss)))
            .collect();
        if let (Some(z), Some((v, p))) = (me.zero_loss_median(), judge::overall(&rate)) {
            let x = row[tools
                .iter()
                .position(|&t| t == p)
                .expect("a tool of the run")]
            .clone();
            lists[list(v)].push(format!(
                "zero-loss rate {}: capture {} {} vs {} {} {} kpps",
                case_name(*case),
                kpps(z),
                reps(me),
                p.name(),
                x.zero_loss_median().map_or("–".into(), kpps),
                reps(&x)
            ));
        }
        peers.sort_by(|a, b| {
            let c = |x: &Summary| x.core_ns.unwrap_or(f64::INFINITY);
            c(a.1).total_cmp(&c(b.1))
        });
        let cpu: Vec<(Tool, Verdict)> = peers
            .iter()
            .filter(|(_, x)| !x.core_points.is_empty())
            .map(|&(t, x)| (t, judge::cpu_verdict(&me.core_points, &x.core_points)))
            .collect();
        if let (Some(c), Some((v, p))) = (me.core_ns, judge::overall(&cpu)) {
            let x = &row[tools
                .iter()
                .position(|&t| t == p)
                .expect("a tool of the run")];
            let ratios: Vec<String> = me
                .core_points
                .iter()
                .filter_map(|&(f, c)| {
                    let (_, p) = x.core_points.iter().find(|q| q.0 == f)?;
                    Some(format!("{:.2} at {:.0} %", c / p, f * 100.0))
                })
                .collect();
            lists[list(v)].push(format!(
                "CPU per packet (tool + NAPI) {}: capture {c:.0} vs {} {} ns (capture / {}: {})",
                case_name(*case),
                p.name(),
                x.core_ns.map_or("–".into(), |v| format!("{v:.0}")),
                p.name(),
                ratios.join(", ")
            ));
        }
    }
    lists
}

/// Draws the PNGs with bench/plot.py.
fn run_plot(data: &serde_json::Value) -> Result<()> {
    let has = Command::new(DEBIAN_PYTHON)
        .args(["-c", "import matplotlib"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        bail!(
            "/usr/bin/python3 has no matplotlib (Debian's python3-matplotlib; `cargo xtask bench` installs it)"
        );
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("plot.py");
    let mut child = Command::new(DEBIAN_PYTHON)
        .arg(&script)
        .stdin(Stdio::piped())
        .spawn()
        .context("running /usr/bin/python3")?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(data.to_string().as_bytes())?;
    let status = child.wait()?;
    if !status.success() {
        bail!("{} failed ({status})", script.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{audit::Audit, generator::Sent, peers::Reported, settings::Output};

    const CASE: Case = Case {
        frame_len: 64,
        flows: 1,
        output: Output::Shm,
    };

    /// One second at `pps` that all reached the veth, `lost` of it missing from the file.
    fn trial(tool: Tool, phase: Phase, pps: f64, lost: u64, dropped: u64) -> Trial {
        let frames = pps as u64;
        Trial {
            case: CASE,
            tool,
            phase,
            sent: Sent {
                frames,
                secs: 1.0,
                target_pps: (pps < 1000.0).then_some(pps as u64),
                achieved_pps: pps,
                cpu_secs: 0.5,
            },
            audit: Audit {
                records: frames - lost,
                ours: frames - lost,
                unique: frames - lost,
                lost,
                ..Audit::default()
            },
            reported: Reported {
                captured: Some(frames - lost),
                dropped: Some(dropped),
                ..Reported::default()
            },
            veth_rx: frames,
            rig_lost: 0,
            veth_busy: 0,
            first_probe: pps >= 1000.0,
            cpu_window_ns: 100 * (frames - lost),
            napi_window_ns: Some(50 * frames),
            cpu_total_ns: 0,
            peak_rss_kib: 2048,
            exit_code: 0,
            // What the trial decided at the time is not what the report judges.
            pass: lost == 0 && pps > 10_000.0,
        }
    }

    #[test]
    fn summary_judges_the_raw_figures_and_checks_counters() {
        let t = vec![
            trial(Tool::Tcpdump, Phase::Bisect(0), 1000.0, 10, 10),
            trial(Tool::Tcpdump, Phase::Bisect(0), 500.0, 0, 0),
            trial(Tool::Tcpdump, Phase::Bisect(0), 750.0, 3, 0),
            trial(Tool::Tcpdump, Phase::Bisect(1), 600.0, 0, 0),
            trial(Tool::Tcpdump, Phase::Curve(0.25), 250.0, 0, 0),
            trial(Tool::Tcpdump, Phase::Curve(1.0), 1000.0, 100, 100),
            trial(Tool::Capture, Phase::Bisect(0), 1000.0, 0, 0),
        ];
        let s = summarize(&t, CASE, Tool::Tcpdump, 0.001);
        assert_eq!(s.zero_loss, [500.0, 600.0]);
        assert_eq!(s.zero_loss_median(), Some(550.0));
        assert!(!s.at_generator_max);
        assert_eq!(s.overload, Some((1000.0, 0.1, 0.0)));
        assert_eq!(s.cpu_ns, Some(100.0));
        assert_eq!(s.napi_ns, Some(50.0));
        assert_eq!(s.core_ns, Some(150.0), "tool + NAPI");
        assert_eq!(s.core_points, [(0.25, 150.0)]);
        assert_eq!(s.drops_exact, (5, 6), "the 750 kpps probe lost 3 silently");
        assert_eq!(s.silent_loss, 3);
        assert_eq!(s.rss_mib, 2.0);
        let c = summarize(&t, CASE, Tool::Capture, 0.001);
        assert!(c.at_generator_max);
        assert_eq!(ratio(c.zero_loss_median(), s.zero_loss_median()), "1.82");
        // A looser tolerance passes the 750 probe: the report judges with the run's threshold.
        let loose = summarize(&t, CASE, Tool::Tcpdump, 0.004);
        assert_eq!(loose.zero_loss, [750.0, 600.0]);
    }

    #[test]
    fn shortfall_and_rig_loss_are_not_the_tools() {
        // Asked for 148 kpps, the generator sent 139 kpps; 600 frames never reached the veth.
        let mut t = trial(Tool::Tcpdump, Phase::Bisect(0), 139_019.0, 600, 0);
        t.sent.target_pps = Some(148_015);
        t.veth_rx -= 600;
        t.rig_lost = 600;
        t.reported.dropped = Some(0);
        let s = summarize(&[t], CASE, Tool::Tcpdump, 0.001);
        assert_eq!(s.zero_loss, [138_419.0], "credited what reached the veth");
        assert_eq!(
            s.silent_loss, 0,
            "the tool never saw the frames the rig lost"
        );
        assert!((s.rig_loss_passing - 600.0 / 139_019.0).abs() < 1e-12);
    }

    /// A summary with these repeats and CPU points (ns at 25 % and 50 %).
    fn sum(zero_loss: &[f64], cpu: [f64; 2]) -> Summary {
        Summary {
            zero_loss: zero_loss.to_vec(),
            core_ns: Some(cpu[1]),
            core_points: vec![(0.25, cpu[0]), (0.5, cpu[1])],
            ..Summary::default()
        }
    }

    #[test]
    fn verdicts_name_the_peer_and_need_the_spread() {
        let tools = [Tool::Capture, Tool::Tcpdump, Tool::Dumpcap];
        let cases = [
            CASE,
            Case {
                frame_len: 1514,
                ..CASE
            },
            Case {
                flows: 1024,
                ..CASE
            },
        ];
        let sums = vec![
            // 3 % behind tcpdump's median, within its spread; CPU lower at both points.
            vec![
                sum(&[194e3, 200e3], [900.0, 800.0]),
                sum(&[200e3, 206e3], [1000.0, 900.0]),
                sum(&[100e3, 110e3], [1100.0, 950.0]),
            ],
            // Ahead of both beyond the spread; CPU lower at one point only.
            vec![
                sum(&[300e3, 290e3], [900.0, 950.0]),
                sum(&[200e3, 206e3], [1000.0, 900.0]),
                sum(&[250e3, 280e3], [1100.0, 1000.0]),
            ],
            // dumpcap beats capture in every repeat; CPU higher than dumpcap's everywhere.
            vec![
                sum(&[100e3, 120e3], [1200.0, 1100.0]),
                sum(&[110e3, 150e3], [1300.0, 1200.0]),
                sum(&[130e3, 136e3], [1000.0, 1000.0]),
            ],
        ];
        let [ahead, level, behind] = verdicts(&cases, &sums, &tools);
        assert_eq!(
            ahead,
            [
                "CPU per packet (tool + NAPI) 64 B, 1 flow, shm: capture 800 vs tcpdump 900 ns \
                 (capture / tcpdump: 0.90 at 25 %, 0.89 at 50 %)",
                "zero-loss rate 1514 B, 1 flow, shm: capture 295 [300, 290] vs dumpcap 265 [250, 280] kpps"
            ]
        );
        assert_eq!(
            level,
            [
                "zero-loss rate 64 B, 1 flow, shm: capture 197 [194, 200] vs tcpdump 203 [200, 206] kpps",
                "CPU per packet (tool + NAPI) 1514 B, 1 flow, shm: capture 950 vs tcpdump 900 ns \
                 (capture / tcpdump: 0.90 at 25 %, 1.06 at 50 %)"
            ]
        );
        assert_eq!(
            behind,
            [
                "zero-loss rate 64 B, 1024 flows, shm: capture 110 [100, 120] vs dumpcap 133 [130, 136] kpps",
                "CPU per packet (tool + NAPI) 64 B, 1024 flows, shm: capture 1100 vs dumpcap 1000 ns \
                 (capture / dumpcap: 1.20 at 25 %, 1.10 at 50 %)"
            ]
        );
    }

    #[test]
    fn capture_variants_have_version_lines() {
        let mut m = crate::run::Meta::default();
        m.versions
            .insert("capture".into(), "capture version 0.1.0".into());
        m.versions.insert("capture-xdp".into(), String::new());
        m.versions
            .insert("tcpdump".into(), "tcpdump version 4.99.3".into());
        assert_eq!(
            version_line(&m, "capture-xdp"),
            "capture version 0.1.0 (with --backend xdp)"
        );
        assert_eq!(version_line(&m, "tcpdump"), "tcpdump version 4.99.3");
    }
}
