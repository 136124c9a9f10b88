//! The harness's settings: the matrix, the core split and the trial lengths, with `--quick`
//! choosing a reduced matrix that runs in a few minutes.
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::{
    generator::GenKind,
    peers::{self, Tool},
};

/// Where the veth's receive work (NAPI) runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Napi {
    /// GRO on (so veth uses NAPI) and threaded NAPI, its kernel thread pinned to the capture
    /// CPUs: the receive path runs where a NIC's interrupts would, not on the generator's core.
    Threaded,
    /// The kernel's default: veth delivers in the sender's softirq, on the generator's core.
    Softirq,
}

/// Where output files go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Output {
    /// tmpfs (/dev/shm).
    Shm,
    /// A directory on the local disk.
    Disk,
}

impl Output {
    /// Short name used in tables and file names.
    pub fn name(self) -> &'static str {
        match self {
            Output::Shm => "shm",
            Output::Disk => "disk",
        }
    }
}

/// A case run on its own instead of the rig's matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    /// `-r` printing against tcpdump on a generated file (bench/src/print.rs): no rig, no root.
    Print,
}

/// Every setting of a run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Settings {
    /// Reduced matrix.
    pub quick: bool,
    /// CPU the generator runs on.
    pub gen_cpu: usize,
    /// CPUs the capture tools (and threaded NAPI) run on.
    pub capture_cpus: Vec<usize>,
    /// NAPI mode of the receiving veth.
    pub napi: Napi,
    /// The sender of the trials (both are calibrated).
    #[serde(default)]
    pub generator: GenKind,
    /// Nice value of the generator, the tools and the NAPI thread (negative: ahead of other
    /// work on a shared machine).
    pub nice: i32,
    /// Tools measured.
    pub tools: Vec<Tool>,
    /// Frame lengths (without FCS).
    pub sizes: Vec<usize>,
    /// Flow counts.
    pub flows: Vec<u16>,
    /// Output places.
    pub outputs: Vec<Output>,
    /// Directory on tmpfs.
    pub shm_dir: PathBuf,
    /// Directory on the local disk.
    pub disk_dir: PathBuf,
    /// Seconds of traffic per trial.
    pub trial_secs: f64,
    /// Bisections per tool and case.
    pub repeats: u32,
    /// Probes per bisection.
    pub steps: u32,
    /// Largest fraction of the frames that reached the capture veth a tool may lose in a
    /// zero-loss trial (see `judge`).
    pub loss_tolerance: f64,
    /// Offered rates of the loss curve, as fractions of the generator's maximum (1.0 = unpaced).
    pub curve: Vec<f64>,
    /// The capture binary.
    pub capture_bin: PathBuf,
    /// Where the raw JSON goes.
    pub results_dir: PathBuf,
    /// Where PERFORMANCE.md and the plots go.
    pub docs_dir: PathBuf,
    /// Only regenerate the report from this results file.
    #[serde(skip)]
    pub report_only: Option<PathBuf>,
    /// Run this case alone.
    #[serde(skip)]
    pub only: Option<Only>,
    /// Packets of the printing case's file.
    #[serde(skip)]
    pub print_packets: u64,
    /// The printing case's file: generated there when missing, and kept.
    #[serde(skip)]
    pub print_input: Option<PathBuf>,
    /// Another capture binary timed beside capture in the printing case.
    #[serde(skip)]
    pub print_baseline: Option<PathBuf>,
}

impl Settings {
    /// Parses the command line (see the crate documentation).
    pub fn parse(args: &[String]) -> Result<Settings> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("workspace root")?
            .to_path_buf();
        let quick = args.iter().any(|a| a == "--quick");
        let mut s = Settings {
            quick,
            gen_cpu: 1,
            capture_cpus: vec![0],
            napi: Napi::Threaded,
            generator: GenKind::AfPacket,
            nice: -20,
            tools: peers::ALL.to_vec(),
            sizes: vec![64, 1514],
            flows: if quick { vec![1] } else { vec![1, 1024] },
            outputs: vec![Output::Shm, Output::Disk],
            shm_dir: PathBuf::from("/dev/shm/capture-bench"),
            disk_dir: PathBuf::from("/var/tmp/capture-bench"),
            trial_secs: if quick { 0.5 } else { 1.0 },
            repeats: if quick { 1 } else { 2 },
            steps: if quick { 4 } else { 5 },
            loss_tolerance: 0.001,
            curve: if quick {
                vec![0.25, 0.5, 1.0]
            } else {
                vec![0.1, 0.25, 0.5, 0.75, 1.0]
            },
            capture_bin: root.join("target/release/capture"),
            results_dir: root.join("bench/results"),
            // A quick run must not overwrite the full report.
            docs_dir: root.join(if quick { "docs/quick" } else { "docs" }),
            report_only: None,
            only: None,
            print_packets: 1_000_000,
            print_input: None,
            print_baseline: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().with_context(|| format!("{a} needs a value"));
            match a.as_str() {
                "--quick" => {}
                "--gen-cpu" => s.gen_cpu = val()?.parse().context("--gen-cpu")?,
                "--capture-cpus" => s.capture_cpus = list(val()?, "--capture-cpus")?,
                "--napi" => {
                    s.napi = match val()?.as_str() {
                        "threaded" => Napi::Threaded,
                        "softirq" => Napi::Softirq,
                        v => bail!("--napi {v}: use threaded or softirq"),
                    }
                }
                "--generator" => {
                    s.generator = match val()?.as_str() {
                        "afpacket" => GenKind::AfPacket,
                        "xdp" => GenKind::Xdp,
                        v => bail!("--generator {v}: use afpacket or xdp"),
                    }
                }
                "--nice" => s.nice = val()?.parse().context("--nice")?,
                "--tools" => {
                    s.tools = val()?.split(',').map(Tool::parse).collect::<Result<_>>()?;
                }
                "--sizes" => s.sizes = list(val()?, "--sizes")?,
                "--flows" => s.flows = list(val()?, "--flows")?,
                "--outputs" => {
                    s.outputs = val()?
                        .split(',')
                        .map(|o| match o {
                            "shm" => Ok(Output::Shm),
                            "disk" => Ok(Output::Disk),
                            _ => bail!("--outputs {o}: use shm and/or disk"),
                        })
                        .collect::<Result<_>>()?;
                }
                "--shm-dir" => s.shm_dir = val()?.into(),
                "--disk-dir" => s.disk_dir = val()?.into(),
                "--trial-secs" => s.trial_secs = val()?.parse().context("--trial-secs")?,
                "--repeats" => s.repeats = val()?.parse().context("--repeats")?,
                "--steps" => s.steps = val()?.parse().context("--steps")?,
                "--loss-tolerance" => {
                    s.loss_tolerance = val()?.parse().context("--loss-tolerance")?;
                }
                "--curve" => s.curve = list(val()?, "--curve")?,
                "--capture-bin" => s.capture_bin = val()?.into(),
                "--results" => s.results_dir = val()?.into(),
                "--docs" => s.docs_dir = val()?.into(),
                "--report-only" => s.report_only = Some(val()?.into()),
                "--only" => {
                    s.only = match val()?.as_str() {
                        "print" => Some(Only::Print),
                        v => bail!("--only {v}: the cases that run alone are: print"),
                    }
                }
                "--packets" => s.print_packets = val()?.parse().context("--packets")?,
                "--print-input" => s.print_input = Some(val()?.into()),
                "--print-baseline" => s.print_baseline = Some(val()?.into()),
                "-h" | "--help" => {
                    println!("{}", HELP.trim());
                    std::process::exit(0);
                }
                _ => bail!("unknown argument {a:?} (see --help)"),
            }
        }
        if s.capture_cpus.contains(&s.gen_cpu) {
            bail!("--gen-cpu {} is also a capture CPU", s.gen_cpu);
        }
        if s.tools.is_empty() || s.sizes.is_empty() || s.flows.is_empty() || s.outputs.is_empty() {
            bail!("empty matrix");
        }
        if s.sizes
            .iter()
            .any(|&l| !(capture_rig::frame::MIN_LEN..=1514).contains(&l))
        {
            bail!("--sizes: frame lengths must be 58..=1514");
        }
        if s.generator == GenKind::Xdp && s.napi != Napi::Threaded {
            bail!(
                "--generator xdp needs --napi threaded (veth takes redirected frames only with NAPI)"
            );
        }
        if s.curve.iter().any(|&f| !(f > 0.0 && f <= 1.0)) {
            bail!("--curve: fractions must be in (0, 1]");
        }
        Ok(s)
    }
}

impl Settings {
    /// "quick", "full" (the default matrix), or "custom" (any other matrix).
    pub fn kind(&self) -> &'static str {
        if self.quick {
            "quick"
        } else if self.tools == peers::ALL
            && self.sizes == [64, 1514]
            && self.flows == [1, 1024]
            && self.outputs == [Output::Shm, Output::Disk]
            && self.generator == GenKind::AfPacket
        {
            "full"
        } else {
            "custom"
        }
    }
}

fn list<T: std::str::FromStr>(v: &str, what: &str) -> Result<Vec<T>> {
    v.split(',')
        .map(|x| {
            x.trim()
                .parse()
                .ok()
                .with_context(|| format!("{what}: bad value {x:?}"))
        })
        .collect()
}

const HELP: &str = "
capture-bench: capture vs tcpdump, dumpcap and netsniff-ng on a veth rig (root)

  --quick                 reduced matrix (a few minutes)
  --gen-cpu N             generator core (default 1)
  --capture-cpus LIST     cores of the capture tools and of threaded NAPI (default 0)
  --napi threaded|softirq where the veth receive path runs (default threaded)
  --generator afpacket|xdp
                          the trials' sender (default afpacket; xdp: the XDP live-frames
                          sender, with the NAPI thread at SCHED_FIFO as a NIC's interrupt)
  --nice N                nice value of generator, tools and NAPI thread (default -20)
  --tools LIST            capture,tcpdump,dumpcap,netsniff-ng
  --sizes LIST            frame lengths (default 64,1514)
  --flows LIST            flow counts (default 1,1024; quick: 1)
  --outputs LIST          shm,disk
  --shm-dir DIR           tmpfs output directory (default /dev/shm/capture-bench)
  --disk-dir DIR          local-disk output directory (default /var/tmp/capture-bench)
  --trial-secs S          traffic per trial (default 1.0; quick 0.5)
  --repeats N             bisections per tool and case (default 2; quick 1)
  --steps N               probes per bisection (default 5; quick 4)
  --loss-tolerance F      largest fraction of the frames that reached the capture veth a
                          tool may lose in a zero-loss trial (default 0.001)
  --curve LIST            loss-curve rates as fractions of the generator maximum
  --capture-bin PATH      capture binary (default target/release/capture)
  --results DIR           raw JSON results (default bench/results)
  --docs DIR              PERFORMANCE.md and plots (default docs; quick: docs/quick)
  --report-only FILE      regenerate the report from a results file, run nothing
                          (a print-*.json: only the printing section)
  --only print            only the printing case: capture -r against tcpdump -r on a
                          generated mixed-traffic file (-nn, -nn -v, -nn -w), CPU per
                          packet and ratio; its section of PERFORMANCE.md (no rig, no root)
  --packets N             packets of that file (default 1000000)
  --print-input PATH      generate that file at PATH and keep it (default: in --shm-dir,
                          removed after the run)
  --print-baseline PATH   also time this capture binary (e.g. an older build)
";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Settings> {
        Settings::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn quick_is_smaller_and_options_apply() {
        let full = parse(&[]).unwrap();
        let quick = parse(&["--quick"]).unwrap();
        assert!(quick.flows.len() < full.flows.len() && quick.repeats < full.repeats);
        assert_eq!((full.kind(), quick.kind()), ("full", "quick"));
        assert_eq!(parse(&["--sizes", "1514"]).unwrap().kind(), "custom");
        let s = parse(&[
            "--gen-cpu",
            "3",
            "--capture-cpus",
            "0,1,2",
            "--tools",
            "capture,tcpdump",
            "--outputs",
            "disk",
            "--napi",
            "softirq",
            "--loss-tolerance",
            "0",
        ])
        .unwrap();
        assert_eq!((s.gen_cpu, s.capture_cpus.clone()), (3, vec![0, 1, 2]));
        assert_eq!(s.tools, vec![Tool::Capture, Tool::Tcpdump]);
        assert_eq!(
            (s.outputs.clone(), s.napi),
            (vec![Output::Disk], Napi::Softirq)
        );
        assert_eq!(s.loss_tolerance, 0.0);
        let xdp = parse(&["--generator", "xdp"]).unwrap();
        assert_eq!(
            (xdp.generator, full.generator),
            (GenKind::Xdp, GenKind::AfPacket)
        );
        assert_eq!(xdp.kind(), "custom");
        let p = parse(&["--only", "print", "--packets", "5000"]).unwrap();
        assert_eq!((p.only, p.print_packets), (Some(Only::Print), 5000));
        assert_eq!((full.only, full.print_packets), (None, 1_000_000));
    }

    #[test]
    fn rejects_bad_settings() {
        assert!(
            parse(&["--gen-cpu", "0"]).is_err(),
            "generator on a capture CPU"
        );
        assert!(parse(&["--tools", "wireshark"]).is_err());
        assert!(parse(&["--sizes", "20"]).is_err());
        assert!(parse(&["--curve", "1.5"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--generator", "pktgen"]).is_err());
        assert!(parse(&["--generator", "xdp", "--napi", "softirq"]).is_err());
        assert!(parse(&["--steps"]).is_err(), "missing value");
        assert!(parse(&["--only", "everything"]).is_err());
        assert!(parse(&["--packets", "many"]).is_err());
    }
}
