//! The report: summaries computed from the raw results only, docs/PERFORMANCE.md with tables of
//! `capture / best peer` ratios, and the plots (drawn by bench/plot.py with matplotlib, which is
//! installed with pip when missing). `bench/analysis.md` (hand-written: profiles, explanations)
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
    peers::Tool,
    run::{Case, Phase, Results, Trial},
};

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

/// One tool's figures in one case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Highest achieved rate with zero loss, per bisection repeat (0 when nothing passed).
    pub zero_loss: Vec<f64>,
    /// Whether a repeat passed at the generator's maximum (the result is then a lower bound).
    pub at_generator_max: bool,
    /// Offered rate and loss fraction at the unpaced (overload) point.
    pub overload: Option<(f64, f64)>,
    /// Tool CPU ns per captured packet at the curve point nearest [`CPU_POINT`].
    pub cpu_ns: Option<f64>,
    /// NAPI thread CPU ns per frame at the same point.
    pub napi_ns: Option<f64>,
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
    /// Trials with loss, and the largest audited loss with no drop reported at all.
    pub silent_loss: u64,
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

/// Summarises `tool` in `case` from the trials.
pub fn summarize(trials: &[Trial], case: Case, tool: Tool) -> Summary {
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
        let passing = mine
            .iter()
            .filter(|t| t.phase == Phase::Bisect(r) && t.pass);
        let best = passing
            .clone()
            .map(|t| t.sent.achieved_pps)
            .fold(0.0, f64::max);
        s.at_generator_max |= passing.clone().any(|t| t.first_probe);
        s.zero_loss.push(best);
    }
    let per_pkt = |t: &Trial| t.cpu_window_ns as f64 / t.audit.unique.max(1) as f64;
    let curve: Vec<(f64, &Trial)> = mine
        .iter()
        .filter_map(|t| match t.phase {
            Phase::Curve(f) => Some((f, *t)),
            Phase::Bisect(_) => None,
        })
        .collect();
    // Half the generator's maximum: loaded enough that fixed costs (timers, polling) do not
    // dominate, light enough that every tool keeps up at 64 B.
    if let Some((_, t)) = curve
        .iter()
        .min_by(|a, b| (a.0 - CPU_POINT).abs().total_cmp(&(b.0 - CPU_POINT).abs()))
    {
        s.cpu_ns = Some(per_pkt(t));
        let bytes = t.audit.unique as f64 * (t.case.frame_len + 16) as f64;
        s.cpu_s_per_gib = (bytes > 0.0).then(|| t.cpu_window_ns as f64 / 1e9 / (bytes / GIB));
        s.napi_ns = t.napi_window_ns.map(|n| n as f64 / t.veth_rx.max(1) as f64);
    }
    if let Some((_, t)) = curve.iter().find(|(f, _)| *f >= 1.0) {
        s.overload = Some((t.sent.achieved_pps, t.audit.loss_fraction(t.sent.frames)));
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
                s.silent_loss = s.silent_loss.max(t.audit.lost);
            }
        }
    }
    s
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
                .map(|&t| summarize(&results.trials, c, t))
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
         - Zero loss = audited loss ≤ {} % of the frames sent and the generator reaching 95 % of \
           the rate asked for. The zero-loss rate is bisected ({} probes, {} repeat(s), median \
           shown) between 0 and the generator's maximum; each probe sends {} s of traffic.\n\
         - CPU per packet = CPU time (user + system, from the scheduler's per-thread \
           nanosecond accounting) of the tool's threads from the first frame to the end of the \
           drain (1.1 s after the last frame, so every tool's ring blocks are retired), divided by \
           the packets in its file; measured at the loss-curve point nearest {:.0} % of the \
           generator maximum. The kernel's receive work for every tool (veth NAPI, skb, the \
           AF_PACKET copy) runs in the NAPI thread and is shown apart, per frame.\n\
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
                 at most 128 µs in one burst. A trial passes when the tool lost at most the \
                 tolerance of the frames that reached the capture veth and the rig lost at most \
                 1 % before it. Trials offer up to what the veth took from an unpaced send with \
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
                "veth delivers in the sender's softirq, on the generator's core (kernel default).",
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
    for (tool, v) in &m.versions {
        let _ = writeln!(d, "- {tool}: {v}");
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
                     instead of dropping. Where the fast tools pass at its maximum the zero-loss \
                     rate is a lower bound (`+`).",
                GenKind::Xdp =>
                    "This run's trials use the XDP sender (see the rig section): every frame \
                     the veth refused counts as lost for the tool being measured.",
            },
        );
    }

    // Verdicts.
    let mut ahead = Vec::new();
    let mut behind = Vec::new();
    if let Some(ci) = cap {
        for (case, row) in cases.iter().zip(&sums) {
            let z = row[ci].zero_loss_median();
            let bz = best_peer(row, &|x: &Summary| x.zero_loss_median(), true);
            if let (Some(z), Some(b)) = (z, bz) {
                let txt = format!(
                    "zero-loss rate {} ({} vs best peer {} kpps)",
                    case_name(*case),
                    kpps(z),
                    kpps(b)
                );
                if z >= b * 0.97 {
                    ahead.push(txt)
                } else {
                    behind.push(txt)
                }
            }
            let c = row[ci].cpu_ns;
            let bc = best_peer(row, &|x: &Summary| x.cpu_ns, false);
            if let (Some(c), Some(b)) = (c, bc) {
                let txt = format!(
                    "CPU per packet {} ({c:.0} vs best peer {b:.0} ns)",
                    case_name(*case)
                );
                if c <= b {
                    ahead.push(txt)
                } else {
                    behind.push(txt)
                }
            }
        }
    }
    let _ = writeln!(d, "## Where capture is ahead, where it is behind\n");
    let _ = writeln!(
        d,
        "Ahead or level (zero-loss rate within 3 % of the best peer or better; CPU per packet at most the best peer's):\n"
    );
    for a in &ahead {
        let _ = writeln!(d, "- {a}");
    }
    if ahead.is_empty() {
        let _ = writeln!(d, "- nowhere in this run");
    }
    let _ = writeln!(d, "\nBehind:\n");
    for b in &behind {
        let _ = writeln!(d, "- {b}");
    }
    if behind.is_empty() {
        let _ = writeln!(d, "- nowhere in this run");
    }
    let _ = writeln!(d);

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
        "Max zero-loss rate, kpps (median of repeats; higher is better)",
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
    let _ = writeln!(
        d,
        "\n`+`: passed at the generator's maximum, so the true limit is higher. Brackets: each repeat.\n"
    );
    // Overload.
    header(
        &mut d,
        "Loss at overload (generator unpaced), % of frames sent (lower is better)",
        "%",
    );
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {} |",
                x.overload.map_or("–".into(), |(o, l)| format!(
                    "{:.2} % of {} kpps",
                    l * 100.0,
                    kpps(o)
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
        "Tool CPU per captured packet, ns (at half the generator maximum; lower is better)",
        "ns",
    );
    for (case, row) in cases.iter().zip(&sums) {
        let _ = write!(d, "| {} |", case_name(*case));
        for x in row {
            let _ = write!(
                d,
                " {} (NAPI {}) |",
                x.cpu_ns.map_or("–".into(), |v| format!("{v:.0}")),
                x.napi_ns.map_or("–".into(), |v| format!("{v:.0}"))
            );
        }
        let c = cap.and_then(|i| row[i].cpu_ns);
        let vs_tcpdump = idx(Tool::Tcpdump).and_then(|i| row[i].cpu_ns);
        let _ = writeln!(
            d,
            " {} (vs tcpdump {}) |",
            ratio(c, best_peer(row, &|x: &Summary| x.cpu_ns, false)),
            ratio(c, vs_tcpdump)
        );
    }
    let _ = writeln!(
        d,
        "\nNAPI: the kernel's receive work per frame on the capture core (napi thread), which every tool pays (capture counts frames at TC ingress on veth, a few ns{}).\n",
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
        "### Do the tools' drop counters match the audit?\n\nTrials where the drops a tool reports equal the loss the audit found (exact), and where they do once frames that never reached the capture veth are added (explained: once frames lost in the rig before the capture veth are added); and the largest audited loss in a trial where the tool reported no drop at all.\n\n| case |"
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
                                x.sent.achieved_pps / 1e3,
                                100.0 * x.audit.loss_fraction(x.sent.frames),
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
                "Loss against offered rate (every trial of the run, bisection probes and loss-curve points):\n\n![loss vs offered rate](perf/loss.png)\n"
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

/// Draws the PNGs with bench/plot.py, installing matplotlib with pip when it is missing.
fn run_plot(data: &serde_json::Value) -> Result<()> {
    let has = Command::new("python3")
        .args(["-c", "import matplotlib"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        eprintln!("bench: installing matplotlib with pip (plots)");
        let ok = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "matplotlib"])
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            bail!("pip install matplotlib failed");
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("plot.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .spawn()
        .context("running python3")?;
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

    fn trial(tool: Tool, phase: Phase, pps: f64, lost: u64, dropped: u64) -> Trial {
        let frames = 1000;
        Trial {
            case: Case {
                frame_len: 64,
                flows: 1,
                output: Output::Shm,
            },
            tool,
            phase,
            sent: Sent {
                frames,
                secs: 1.0,
                target_pps: (pps < 900.0).then_some(pps as u64),
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
                seen: None,
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
            pass: lost == 0,
        }
    }

    #[test]
    fn summary_takes_best_passing_rate_per_repeat_and_checks_counters() {
        let case = Case {
            frame_len: 64,
            flows: 1,
            output: Output::Shm,
        };
        let t = vec![
            trial(Tool::Tcpdump, Phase::Bisect(0), 1000.0, 10, 10),
            trial(Tool::Tcpdump, Phase::Bisect(0), 500.0, 0, 0),
            trial(Tool::Tcpdump, Phase::Bisect(0), 750.0, 3, 0),
            trial(Tool::Tcpdump, Phase::Bisect(1), 600.0, 0, 0),
            trial(Tool::Tcpdump, Phase::Curve(0.25), 250.0, 0, 0),
            trial(Tool::Tcpdump, Phase::Curve(1.0), 1000.0, 100, 100),
            trial(Tool::Capture, Phase::Bisect(0), 1000.0, 0, 0),
        ];
        let s = summarize(&t, case, Tool::Tcpdump);
        assert_eq!(s.zero_loss, vec![500.0, 600.0]);
        assert_eq!(s.zero_loss_median(), Some(550.0));
        assert!(!s.at_generator_max);
        assert_eq!(s.overload, Some((1000.0, 0.1)));
        assert_eq!(s.cpu_ns, Some(100.0));
        assert_eq!(s.napi_ns, Some(50.0));
        assert_eq!(s.drops_exact, (5, 6), "the 750 kpps probe lost 3 silently");
        assert_eq!(s.silent_loss, 3);
        assert_eq!(s.rss_mib, 2.0);
        let c = summarize(&t, case, Tool::Capture);
        assert!(c.at_generator_max);
        assert_eq!(ratio(c.zero_loss_median(), s.zero_loss_median()), "1.82");
    }
}
