//! One benchmark run: builds the rig, calibrates the generator, then for every case of the
//! matrix runs the tools interleaved (bisection of the zero-loss rate, then the loss curve), and
//! writes the raw results and the report.
use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
    sync::atomic::{AtomicBool, Ordering},
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::{Context, Result, bail};
use capture_rig::{Rig, XdpSender, frame::FrameSpec};
use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Audit},
    generator::{GenKind, Generator, Sent},
    judge, measure,
    peers::{self, Reported, Tool},
    report,
    settings::{Napi, Output, Settings},
};

/// Wait after the last frame before stopping a tool, ms (see [`Ctx::trial`]).
const DRAIN_MS: u64 = 1100;

/// Destination MAC of the generated frames: locally administered, owned by nobody.
const SENSOR_DST_MAC: [u8; 6] = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x99];

/// One cell of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Case {
    /// Frame length without FCS.
    pub frame_len: usize,
    /// Flows (distinct UDP source ports).
    pub flows: u16,
    /// Where the tool writes.
    pub output: Output,
}

/// Why a trial was run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// A probe of the zero-loss bisection (repeat number inside).
    Bisect(u32),
    /// A point of the loss curve, at this fraction of the generator's maximum.
    Curve(f64),
}

/// Everything measured in one trial: one tool, one offered rate, one output file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Trial {
    /// The case.
    pub case: Case,
    /// The tool.
    pub tool: Tool,
    /// Why it ran.
    pub phase: Phase,
    /// What the generator sent and how fast.
    pub sent: Sent,
    /// What the output file holds.
    pub audit: Audit,
    /// What the tool says.
    pub reported: Reported,
    /// Frames the receiving veth counted as received during the trial.
    pub veth_rx: u64,
    /// Frames sent that never reached the receiving veth (`sent - veth_rx`). With the XDP
    /// generator these are frames the receiving veth's ring could not queue because the capture
    /// core did not drain it (a NIC's rx_missed): the capture host's loss, before any socket.
    #[serde(default)]
    pub rig_lost: u64,
    /// Times the sending veth refused a frame from the AF_PACKET generator because the peer's
    /// ring was full (its tx_dropped); that generator resends these: back-pressure, not loss.
    #[serde(default)]
    pub veth_busy: u64,
    /// CPU time of the tool's threads from the first frame sent to just before SIGINT, ns.
    pub cpu_window_ns: u64,
    /// CPU time of the veth's NAPI thread in the same window (threaded NAPI only), ns.
    pub napi_window_ns: Option<u64>,
    /// User + system CPU of the tool's whole life (wait4 rusage), ns.
    pub cpu_total_ns: u64,
    /// Peak RSS (VmHWM just before SIGINT, else ru_maxrss), KiB.
    pub peak_rss_kib: u64,
    /// Exit code of the tool (130 or 0 after SIGINT is normal).
    pub exit_code: i32,
    /// [`judge::passes`] when the trial ran (it steered the bisection; the report judges the
    /// raw figures again).
    pub pass: bool,
    /// The first probe of a bisection (asked for the generator's maximum).
    #[serde(default)]
    pub first_probe: bool,
}

/// The generator's measured maximum for one frame length, with no capture running.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Calibration {
    /// Which sender.
    #[serde(default)]
    pub generator: GenKind,
    /// Frame length.
    pub frame_len: usize,
    /// Best of the calibration sends.
    pub sent: Sent,
    /// Frames the receiving veth counted during that send.
    pub veth_rx: u64,
    /// XDP sender only: half a second at [`PACED_PROBE_PPS`], no tool running.
    #[serde(default)]
    pub paced: Option<PacedProbe>,
}

impl Calibration {
    /// The highest rate the trials offer. The AF_PACKET sender's unpaced rate; the XDP sender
    /// offers several times what the receiving veth takes even with no tool running, so for it
    /// the rate the veth took.
    pub fn trial_max(&self) -> f64 {
        match self.generator {
            GenKind::AfPacket => self.sent.achieved_pps,
            GenKind::Xdp => self.veth_rx as f64 / self.sent.secs.max(1e-9),
        }
    }
}

/// Why the XDP sender cannot run where [`XdpSender::kernel_allows_live_frames`] says no.
pub const LIVE_FRAMES_REFUSED: &str =
    "this kernel refuses BPF_PROG_RUN with live frames (EPERM), which the XDP sender needs";

/// Offered rate of the XDP sender's paced probe in the calibration, frames per second.
const PACED_PROBE_PPS: u64 = 100_000;

/// A paced send with no tool running: frames that did not reach the receiving veth were
/// dropped by the rig itself.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct PacedProbe {
    /// Offered rate.
    pub pps: u64,
    /// Frames sent.
    pub frames: u64,
    /// Frames the receiving veth counted.
    pub veth_rx: u64,
}

/// A whole run, as written to bench/results/*.json.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Results {
    /// When and where.
    pub meta: Meta,
    /// The settings used.
    pub settings: Settings,
    /// Generator maxima.
    pub calibration: Vec<Calibration>,
    /// Every trial, in the order run.
    pub trials: Vec<Trial>,
    /// Trials that could not be completed, with the reason.
    pub errors: Vec<String>,
}

/// The machine and the tools.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Meta {
    /// UTC start, `date -u` format.
    pub started: String,
    /// UTC end.
    pub finished: String,
    /// Run length, seconds.
    pub secs: f64,
    /// `uname -r`.
    pub kernel: String,
    /// CPU model.
    pub cpu_model: String,
    /// Online CPUs.
    pub cpus: usize,
    /// Load average at start.
    pub loadavg_start: String,
    /// Version line of each tool.
    pub versions: BTreeMap<String, String>,
    /// Command line of each tool (interface and file names are the rig's).
    pub commands: BTreeMap<String, String>,
    /// How the harness was started.
    pub harness_command: String,
}

struct Ctx<'a> {
    s: &'a Settings,
    rig: &'a Rig,
    gen_: Generator<'a>,
    template: FrameSpec,
    napi_tids: Vec<i32>,
    nonce: u64,
}

/// Runs the whole matrix and writes results and report.
pub fn run(s: &Settings) -> Result<()> {
    let t0 = Instant::now();
    if !s.capture_bin.exists() {
        bail!(
            "{} not found: build it with `cargo build --release -p capture-user` (cargo xtask bench does)",
            s.capture_bin.display()
        );
    }
    on_signal_stop()?;
    let _autogroup = AutogroupNice::set(s.nice)?;
    prepare_dir(&s.shm_dir, true)?;
    prepare_dir(&s.disk_dir, false)?;
    let mut meta = meta(s)?;
    let live_frames = XdpSender::kernel_allows_live_frames()?;
    if !live_frames {
        if s.generator == GenKind::Xdp {
            bail!("--generator xdp: {LIVE_FRAMES_REFUSED}");
        }
        eprintln!("bench: the XDP sender is left out: {LIVE_FRAMES_REFUSED}");
    }
    let rig = Rig::new()?;
    let napi_tids = setup_napi(&rig, s)?;
    // With the XDP sender, an idle capture CPU must not halt: waking a halted vCPU takes the
    // hypervisor long enough (milliseconds, now and then) for veth's 256-frame ring to overflow.
    let _no_halt = (s.generator == GenKind::Xdp)
        .then(measure::NoHalt::hold)
        .transpose()?;
    eprintln!(
        "bench: rig {} -> {}; generator on CPU {}, capture on CPUs {:?}, NAPI {:?} (threads {napi_tids:?})",
        rig.veth_a, rig.veth_b, s.gen_cpu, s.capture_cpus, s.napi
    );
    // Frames go to a MAC address that is not veth_b's, as on a mirror (SPAN) port: every tool's
    // socket sees them (veth delivers all frames), and the stack drops them at once as
    // PACKET_OTHERHOST instead of routing each one (see the report's rig section).
    let template = FrameSpec {
        dst_mac: SENSOR_DST_MAC,
        ..rig.frame_spec(64, 1, 0)?
    };
    let mut ctx = Ctx {
        s,
        rig: &rig,
        gen_: Generator::new(&rig, s.gen_cpu, s.nice),
        template,
        napi_tids,
        nonce: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    };
    for tool in &s.tools {
        let out = s.shm_dir.join(format!("{}.pcap", tool.name()));
        let argv = tool.argv(
            &s.capture_bin,
            "VETH",
            &out,
            &out.with_extension("stats.json"),
        );
        meta.commands.insert(
            tool.name().into(),
            format!(
                "ip netns exec NS taskset -c {} nice -n {} {}",
                cpu_list(&s.capture_cpus),
                s.nice,
                argv.join(" ")
            ),
        );
    }
    let mut results = Results {
        meta,
        settings: s.clone(),
        calibration: Vec::new(),
        trials: Vec::new(),
        errors: Vec::new(),
    };
    for &len in &s.sizes {
        for kind in [GenKind::AfPacket, GenKind::Xdp] {
            if kind == GenKind::Xdp && !live_frames {
                continue;
            }
            results.calibration.push(ctx.calibrate(kind, len)?);
        }
    }
    let stamp = stamp();
    let kind = s.kind();
    let path = s.results_dir.join(format!("{kind}-{stamp}.json"));
    fs::create_dir_all(&s.results_dir)?;
    let cases: Vec<Case> = s
        .sizes
        .iter()
        .flat_map(|&frame_len| {
            s.flows.iter().flat_map(move |&flows| {
                s.outputs.iter().map(move |&output| Case {
                    frame_len,
                    flows,
                    output,
                })
            })
        })
        .collect();
    for (i, case) in cases.iter().enumerate() {
        let max = results
            .calibration
            .iter()
            .find(|c| c.frame_len == case.frame_len && c.generator == s.generator)
            .map(Calibration::trial_max)
            .context("calibration")?;
        eprintln!(
            "bench: case {}/{}: {} B, {} flows, {} (generator max {:.0} kpps)",
            i + 1,
            cases.len(),
            case.frame_len,
            case.flows,
            case.output.name(),
            max / 1e3
        );
        ctx.bisect(*case, max, &mut results)?;
        ctx.curve(*case, max, &mut results)?;
        write_json(&path, &results)?;
        if interrupted() {
            bail!("interrupted; partial results in {}", path.display());
        }
    }
    results.meta.finished = date();
    results.meta.secs = t0.elapsed().as_secs_f64();
    write_json(&path, &results)?;
    eprintln!("bench: results in {}", path.display());
    drop(rig);
    let _ = fs::remove_dir_all(&s.shm_dir);
    let _ = fs::remove_dir_all(&s.disk_dir);
    report::generate(&results, &path, &s.docs_dir)
}

impl Ctx<'_> {
    fn spec(&mut self, len: usize, flows: u16) -> FrameSpec {
        self.nonce = self
            .nonce
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        FrameSpec {
            len,
            flows,
            nonce: self.nonce,
            ..self.template
        }
    }

    fn calibrate(&mut self, kind: GenKind, len: usize) -> Result<Calibration> {
        let mut best: Option<Calibration> = None;
        let count = (1_000_000.0 * self.s.trial_secs.clamp(0.5, 1.0)) as u64;
        for _ in 0..3 {
            let spec = self.spec(len, 1);
            let rx0 = self
                .rig
                .stat(&self.rig.ns_b, &self.rig.veth_b, "rx_packets")?;
            let sent = self.gen_.send(kind, &spec, count, None)?;
            thread::sleep(Duration::from_millis(100));
            let rx1 = self
                .rig
                .stat(&self.rig.ns_b, &self.rig.veth_b, "rx_packets")?;
            let c = Calibration {
                generator: kind,
                paced: None,
                frame_len: len,
                sent,
                veth_rx: rx1 - rx0,
            };
            if best.is_none_or(|b| c.sent.achieved_pps > b.sent.achieved_pps) {
                best = Some(c);
            }
        }
        let mut best = best.expect("three sends");
        if kind == GenKind::Xdp {
            // Without back-pressure, does the rig itself lose frames at a modest paced rate?
            let spec = self.spec(len, 1);
            let rx0 = self
                .rig
                .stat(&self.rig.ns_b, &self.rig.veth_b, "rx_packets")?;
            let sent = self
                .gen_
                .send(kind, &spec, PACED_PROBE_PPS / 2, Some(PACED_PROBE_PPS))?;
            thread::sleep(Duration::from_millis(100));
            let rx1 = self
                .rig
                .stat(&self.rig.ns_b, &self.rig.veth_b, "rx_packets")?;
            best.paced = Some(PacedProbe {
                pps: PACED_PROBE_PPS,
                frames: sent.frames,
                veth_rx: rx1 - rx0,
            });
        }
        eprintln!(
            "bench: generator {kind:?}, {len} B frames: {:.0} kpps unpaced, its core {:.0} % busy ({} of {} frames reached {})",
            best.sent.achieved_pps / 1e3,
            100.0 * best.sent.cpu_secs / best.sent.secs,
            best.veth_rx,
            best.sent.frames,
            self.rig.veth_b
        );
        Ok(best)
    }

    /// Interleaved bisections of the highest offered rate each tool captures with zero loss.
    fn bisect(&mut self, case: Case, max: f64, results: &mut Results) -> Result<()> {
        let tools = self.s.tools.clone();
        for rep in 0..self.s.repeats {
            // Per tool: highest passing target, lowest failing target, finished.
            let mut lo = vec![0.0f64; tools.len()];
            let mut hi = vec![max; tools.len()];
            let mut done = vec![false; tools.len()];
            for step in 0..self.s.steps {
                for k in 0..tools.len() {
                    // Rotate the order so no tool always runs first after a case change.
                    let t = (k + step as usize + rep as usize) % tools.len();
                    if done[t] {
                        continue;
                    }
                    // The first probe asks for the generator's maximum. A tool whose cost slows
                    // the capture core (and, through veth's back-pressure, the AF_PACKET
                    // generator) is credited the rate that reached the veth, not the target.
                    let target = if step == 0 {
                        max
                    } else {
                        (lo[t] + hi[t]) / 2.0
                    };
                    let pps = Some(target as u64);
                    match self.trial(case, tools[t], Phase::Bisect(rep), pps, target) {
                        Ok(mut trial) => {
                            trial.first_probe = step == 0;
                            if trial.pass {
                                lo[t] = target;
                                done[t] |= step == 0;
                            } else {
                                hi[t] = target;
                            }
                            results.trials.push(trial);
                        }
                        Err(e) if interrupted() => return Err(e),
                        Err(e) => record_error(results, case, tools[t], &e),
                    }
                }
            }
        }
        Ok(())
    }

    /// The loss curve: every tool at each offered rate, interleaved.
    fn curve(&mut self, case: Case, max: f64, results: &mut Results) -> Result<()> {
        let tools = self.s.tools.clone();
        for (i, &frac) in self.s.curve.clone().iter().enumerate() {
            for k in 0..tools.len() {
                let tool = tools[(k + i) % tools.len()];
                let pps = (frac < 1.0).then_some((frac * max) as u64);
                match self.trial(case, tool, Phase::Curve(frac), pps, frac * max) {
                    Ok(trial) => results.trials.push(trial),
                    Err(e) if interrupted() => return Err(e),
                    Err(e) => record_error(results, case, tool, &e),
                }
            }
        }
        Ok(())
    }

    /// One tool, one offered rate: start, settle, send, drain, stop, audit.
    fn trial(
        &mut self,
        case: Case,
        tool: Tool,
        phase: Phase,
        pps: Option<u64>,
        expected_pps: f64,
    ) -> Result<Trial> {
        if interrupted() {
            bail!("interrupted");
        }
        let s = self.s;
        let count = ((expected_pps * s.trial_secs) as u64).max(20_000);
        let spec = self.spec(case.frame_len, case.flows);
        let dir = match case.output {
            Output::Shm => &s.shm_dir,
            Output::Disk => &s.disk_dir,
        };
        let out = dir.join(format!(
            "{}-{}-{}.pcap",
            tool.name(),
            case.frame_len,
            case.flows
        ));
        remove_output(&out);
        let running = peers::start(
            self.rig,
            tool,
            &s.capture_bin,
            &out,
            &s.capture_cpus,
            s.nice,
        )?;
        thread::sleep(Duration::from_millis(200));
        let (rig, a, b) = (self.rig, &self.rig.ns_a, &self.rig.ns_b);
        let counters = || -> Result<(u64, u64)> {
            Ok((
                rig.stat(b, &rig.veth_b, "rx_packets")?,
                rig.stat(a, &rig.veth_a, "tx_dropped")?,
            ))
        };
        // From here on the tool is always stopped and reaped, whatever fails.
        let before = counters().and_then(|c| Ok((c, measure::cpu_ns(running.pid)?)));
        let ((rx0, drop0), cpu0) = match before {
            Ok(v) => v,
            Err(e) => {
                let _ = running.stop(Duration::from_secs(10));
                remove_output(&out);
                return Err(e);
            }
        };
        let napi0 = self.napi_cpu();
        let sent = self.gen_.send(s.generator, &spec, count, pps);
        // Let rings retire their blocks and writers catch up before stopping: libpcap's
        // TPACKET_V3 block timeout is tcpdump's 1000 ms read timeout, and frames in a block
        // that has not been retired at exit are lost without being counted.
        thread::sleep(Duration::from_millis(DRAIN_MS));
        let cpu1 = measure::cpu_ns(running.pid).unwrap_or(cpu0);
        let napi1 = self.napi_cpu();
        let hwm = measure::vm_hwm_kib(running.pid);
        let finished = running.stop(Duration::from_secs(60))?;
        let sent = sent?;
        let (rx1, drop1) = counters()?;
        let audit = audit::audit_file(&out, spec.nonce, sent.frames, case.frame_len);
        remove_output(&out);
        let audit = audit.with_context(|| {
            format!(
                "{} wrote no readable file (exit {}): {}",
                tool.name(),
                finished.reaped.code,
                finished.text.trim()
            )
        })?;
        let veth_rx = rx1 - rx0;
        let rig_lost = sent.frames.saturating_sub(veth_rx);
        let mut trial = Trial {
            case,
            tool,
            phase,
            sent,
            audit,
            reported: finished.reported,
            veth_rx,
            rig_lost,
            veth_busy: drop1 - drop0,
            cpu_window_ns: cpu1 - cpu0,
            napi_window_ns: napi0.zip(napi1).map(|(x, y)| y - x),
            cpu_total_ns: finished.reaped.user_ns + finished.reaped.sys_ns,
            peak_rss_kib: hwm.unwrap_or(finished.reaped.maxrss_kib),
            exit_code: finished.reaped.code,
            pass: false,
            first_probe: false,
        };
        trial.pass = judge::passes(&trial, s.loss_tolerance);
        eprintln!(
            "bench:   {:<11} {:>7.0} kpps sent, {:>7.0} reached the veth -> tool lost {:>6.3} % of those ({} lost before the veth, {} dup, {} ooo), reported drops {}, cpu {:>5.0} ns/pkt{}{}",
            tool.name(),
            sent.achieved_pps / 1e3,
            judge::delivered_pps(&trial) / 1e3,
            100.0 * judge::tool_loss_fraction(&trial),
            rig_lost,
            audit.duplicates,
            audit.out_of_order,
            trial.reported.dropped.map_or("?".into(), |d| d.to_string()),
            trial.cpu_window_ns as f64 / audit.unique.max(1) as f64,
            match trial.reported.indexes_given_up {
                Some(n) if n > 0 => format!(", index given up ({n} file(s))"),
                _ => String::new(),
            },
            if trial.pass { "  PASS" } else { "" },
        );
        Ok(trial)
    }

    fn napi_cpu(&self) -> Option<u64> {
        if self.napi_tids.is_empty() {
            return None;
        }
        self.napi_tids
            .iter()
            .map(|&t| measure::cpu_ns(t).ok())
            .sum()
    }
}

/// With autogroup scheduling (sched_autogroup_enabled = 1), nice values only rank threads
/// within one session; sessions share the CPU equally. The harness's session (generator and
/// tools) is given `nice` for the run and set back afterwards.
struct AutogroupNice {
    old: Option<i32>,
}

impl AutogroupNice {
    fn set(nice: i32) -> Result<Self> {
        let path = "/proc/self/autogroup";
        let Ok(text) = fs::read_to_string(path) else {
            return Ok(Self { old: None });
        };
        // "/autogroup-29 nice 0"
        let old = text.split_whitespace().nth(2).and_then(|n| n.parse().ok());
        fs::write(path, nice.to_string()).with_context(|| format!("writing {path}"))?;
        Ok(Self { old })
    }
}

impl Drop for AutogroupNice {
    fn drop(&mut self) {
        if let Some(old) = self.old {
            let _ = fs::write("/proc/self/autogroup", old.to_string());
        }
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop(_: libc::c_int) {
    STOP.store(true, Ordering::Relaxed);
}

/// SIGINT and SIGTERM end the run after the current trial, so the rig and the tools are
/// always cleaned up.
fn on_signal_stop() -> Result<()> {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        if unsafe { libc::signal(sig, on_stop as *const () as libc::sighandler_t) } == libc::SIG_ERR
        {
            bail!(
                "installing a signal handler: {}",
                std::io::Error::last_os_error()
            );
        }
    }
    Ok(())
}

fn interrupted() -> bool {
    STOP.load(Ordering::Relaxed)
}

fn record_error(results: &mut Results, case: Case, tool: Tool, e: &anyhow::Error) {
    let msg = format!("{case:?} {}: {e:#}", tool.name());
    eprintln!("bench: ERROR {msg}");
    results.errors.push(msg);
}

/// SCHED_FIFO priority of the NAPI thread with the XDP sender (the kernel's own threaded
/// interrupt handlers run at 50).
const NAPI_FIFO_PRIORITY: i32 = 50;

/// Turns on threaded NAPI for the receiving veth (GRO on makes veth use NAPI) and pins its
/// kernel threads to the capture CPUs; or, for `softirq`, makes sure both are off.
fn setup_napi(rig: &Rig, s: &Settings) -> Result<Vec<i32>> {
    let dev = &rig.veth_b;
    let (gro, threaded) = match s.napi {
        Napi::Threaded => (true, "1"),
        Napi::Softirq => (false, "0"),
    };
    rig.set_gro(gro)?;
    if s.napi == Napi::Softirq {
        // A new veth has threaded = 0, and without NAPI the file cannot be written.
        return Ok(Vec::new());
    }
    // veth hands a frame to the peer's NAPI only if it is "eligible for GRO": with TSO on the
    // sending side, frames from a packet socket are not, and go through the backlog in the
    // sender's softirq instead (on the generator's core) -- unless an XDP program is attached,
    // as capture's XDP backend's is. TSO off makes the path the same for every tool.
    rig.exec(&rig.ns_a, &["ethtool", "-K", &rig.veth_a, "tso", "off"])?;
    rig.exec(
        &rig.ns_b,
        &[
            "sh",
            "-c",
            &format!("echo {threaded} > /sys/class/net/{dev}/threaded"),
        ],
    )?;
    // The thread's name is napi/DEV-ID, cut to 15 characters.
    let mut tids = Vec::new();
    for _ in 0..100 {
        tids = measure::napi_threads(&dev[..dev.len().min(10)]);
        if !tids.is_empty() {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    if tids.is_empty() {
        bail!("no napi/{dev} kernel thread after enabling threaded NAPI");
    }
    for &t in &tids {
        measure::set_affinity(t, &s.capture_cpus)?;
        measure::set_nice(t, s.nice)?;
        if s.generator == GenKind::Xdp {
            // The XDP sender cannot wait for a full ring, and veth's holds 256 frames: the
            // receive path must preempt the tools at once, as a NIC's interrupt does.
            measure::set_fifo(t, NAPI_FIFO_PRIORITY)?;
        }
    }
    Ok(tids)
}

fn prepare_dir(dir: &Path, want_tmpfs: bool) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes())?;
    // SAFETY: statfs is plain data; all-zero is a valid start value.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: c is NUL-terminated and st is valid for writes.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        bail!(
            "statfs {}: {}",
            dir.display(),
            std::io::Error::last_os_error()
        );
    }
    let tmpfs = st.f_type == libc::TMPFS_MAGIC;
    if tmpfs != want_tmpfs {
        bail!(
            "{} is {}on tmpfs; the {} output must be {}",
            dir.display(),
            if tmpfs { "" } else { "not " },
            if want_tmpfs { "shm" } else { "disk" },
            if want_tmpfs {
                "on tmpfs"
            } else {
                "on a local disk, not tmpfs"
            }
        );
    }
    Ok(())
}

fn meta(s: &Settings) -> Result<Meta> {
    let mut versions = BTreeMap::new();
    for tool in &s.tools {
        let v = if tool.is_capture() {
            let line = first_line(s.capture_bin.to_str().unwrap_or("capture"), "--version");
            peers::variant_version(*tool, &line)
        } else {
            first_line(tool.name(), "--version")
        };
        versions.insert(tool.name().to_owned(), v);
    }
    Ok(meta_for(versions))
}

/// The first line `prog arg` prints (standard output, then error), or nothing.
pub fn first_line(prog: &str, arg: &str) -> String {
    Command::new(prog)
        .arg(arg)
        .output()
        .ok()
        .map(|o| {
            let mut t = String::from_utf8_lossy(&o.stdout).into_owned();
            t.push_str(&String::from_utf8_lossy(&o.stderr));
            t.lines().next().unwrap_or("").trim().to_owned()
        })
        .unwrap_or_default()
}

/// The machine and the start time, with the tools' `versions` (name → version line).
pub fn meta_for(versions: BTreeMap<String, String>) -> Meta {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    Meta {
        started: date(),
        kernel: first_line("uname", "-r"),
        cpu_model: cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
            .unwrap_or_default(),
        cpus: thread::available_parallelism().map_or(1, |n| n.get()),
        loadavg_start: fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        versions,
        harness_command: std::env::args().collect::<Vec<_>>().join(" "),
        ..Meta::default()
    }
}

/// Now, UTC, as `date -u` prints it.
pub fn date() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M:%S UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Now, UTC, for file names.
pub fn stamp() -> String {
    Command::new("date")
        .args(["-u", "+%Y%m%dT%H%M%SZ"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "run".into())
}

fn cpu_list(cpus: &[usize]) -> String {
    cpus.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn write_json(path: &PathBuf, results: &Results) -> Result<()> {
    let tmp = path.with_extension("json.part");
    fs::write(&tmp, serde_json::to_string_pretty(results)?)?;
    fs::rename(&tmp, path)?;
    Ok(())
}

/// Removes a trial's output file and the index `capture --index` writes beside it.
fn remove_output(out: &Path) {
    let _ = fs::remove_file(out);
    let mut idx = out.as_os_str().to_owned();
    idx.push(".idx");
    let _ = fs::remove_file(idx);
}
