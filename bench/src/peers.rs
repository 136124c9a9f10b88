//! How each tool is started, told to stop and read back: the command lines (all with the same
//! ring memory, 64 MiB), the line each prints when it is capturing, and the drop counters each
//! reports at exit. Tools run in the rig's capture namespace, restricted to the capture CPUs, and
//! are stopped with SIGINT sent to their own PID (`ip netns exec` execs the tool in place).
use std::{
    io::{BufRead, BufReader, Read},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Stdio},
    sync::{Arc, Mutex},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use capture_rig::Rig;
use serde::{Deserialize, Serialize};

use crate::measure::{self, Reaped};

/// A capture tool under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    /// This project's `capture`, with its defaults (64 MiB of ring in total).
    Capture,
    /// tcpdump with `-B 65536` (KiB).
    Tcpdump,
    /// Wireshark's dumpcap with `-B 64` (MiB), pcap output.
    Dumpcap,
    /// netsniff-ng with `-S 64MiB`, pcap output.
    NetsniffNg,
    /// `capture --no-direct`: capture with buffered writes instead of O_DIRECT, to price the
    /// writer (CPU seconds per GiB). Not a peer, and not in the default set.
    CaptureBuffered,
    /// `capture --backend xdp`: filter and copy in the XDP program (issue 8).
    CaptureXdp,
    /// `capture --backend xdp --xdp-consume`: as on a mirror port, frames end after the copy.
    CaptureXdpConsume,
    /// `capture --index`: capture writing the packet index of its file as it goes (issue 19).
    CaptureIndex,
    /// `capture --no-xdp`: capture without its ingress counter, to price the counter in the
    /// receive path (NAPI time per frame). Not a peer, and not in the default set.
    CaptureNoCounter,
}

/// Every tool `--tools` accepts.
pub const KNOWN: [Tool; 9] = [
    Tool::Capture,
    Tool::Tcpdump,
    Tool::Dumpcap,
    Tool::NetsniffNg,
    Tool::CaptureBuffered,
    Tool::CaptureXdp,
    Tool::CaptureXdpConsume,
    Tool::CaptureIndex,
    Tool::CaptureNoCounter,
];

/// The default set, in the order the report lists them.
pub const ALL: [Tool; 4] = [
    Tool::Capture,
    Tool::Tcpdump,
    Tool::Dumpcap,
    Tool::NetsniffNg,
];

impl Tool {
    /// The tool's name as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Capture => "capture",
            Tool::Tcpdump => "tcpdump",
            Tool::Dumpcap => "dumpcap",
            Tool::NetsniffNg => "netsniff-ng",
            Tool::CaptureBuffered => "capture-buffered",
            Tool::CaptureXdp => "capture-xdp",
            Tool::CaptureXdpConsume => "capture-xdp-consume",
            Tool::CaptureIndex => "capture-index",
            Tool::CaptureNoCounter => "capture-no-counter",
        }
    }

    /// This project's binary (in any of its variants), as opposed to a peer.
    pub fn is_capture(self) -> bool {
        matches!(
            self,
            Tool::Capture
                | Tool::CaptureBuffered
                | Tool::CaptureXdp
                | Tool::CaptureXdpConsume
                | Tool::CaptureIndex
                | Tool::CaptureNoCounter
        )
    }

    /// Parses a tool name.
    pub fn parse(s: &str) -> Result<Tool> {
        KNOWN.into_iter().find(|t| t.name() == s).with_context(|| {
            format!(
                "unknown tool {s:?} (capture, tcpdump, dumpcap, netsniff-ng, capture-buffered, \
                 capture-xdp, capture-xdp-consume, capture-index, capture-no-counter)"
            )
        })
    }

    /// The flags that make this variant of capture (none for a peer or plain capture).
    pub fn capture_flags(self) -> &'static [&'static str] {
        match self {
            Tool::CaptureBuffered => &["--no-direct"],
            Tool::CaptureXdp => &["--backend", "xdp"],
            Tool::CaptureXdpConsume => &["--backend", "xdp", "--xdp-consume"],
            Tool::CaptureIndex => &["--index"],
            Tool::CaptureNoCounter => &["--no-xdp"],
            _ => &[],
        }
    }

    /// The command line capturing on `iface` into `out` (`stats` is capture's JSON file).
    pub fn argv(self, capture_bin: &Path, iface: &str, out: &Path, stats: &Path) -> Vec<String> {
        let out = out.display().to_string();
        let v: Vec<&str> = match self {
            // -Z root: Debian's tcpdump would otherwise switch to user tcpdump before opening
            // the output file.
            Tool::Tcpdump => vec![
                "tcpdump", "-i", iface, "-w", &out, "-B", "65536", "-n", "-Z", "root",
            ],
            Tool::Dumpcap => vec!["dumpcap", "-i", iface, "-w", &out, "-B", "64", "-P"],
            Tool::NetsniffNg => vec![
                "netsniff-ng",
                "--in",
                iface,
                "--out",
                &out,
                "-S",
                "64MiB",
                "-T",
                "0xa1b2c3d4",
                "-s",
            ],
            // Every capture variant: the binary, its JSON counters and the variant's flags.
            _ => {
                let bin = capture_bin.to_str().unwrap_or("capture");
                let stats = stats.to_str().unwrap_or("stats.json");
                let mut v: Vec<String> = [bin, "-i", iface, "-w", &out, "--stats-json", stats]
                    .map(str::to_owned)
                    .to_vec();
                v.extend(self.capture_flags().iter().map(|&a| a.to_owned()));
                return v;
            }
        };
        v.into_iter().map(str::to_owned).collect()
    }

    /// Text the tool prints once its socket is bound and capturing.
    fn ready_marker(self) -> &'static str {
        match self {
            Tool::Dumpcap => "Capturing on",
            Tool::NetsniffNg => "Running",
            // tcpdump and every capture variant.
            _ => "listening on",
        }
    }
}

/// The version line of a capture variant: the binary's own line (`capture --version`), with
/// the flags that make the variant.
pub fn variant_version(tool: Tool, capture_line: &str) -> String {
    match tool.capture_flags() {
        [] => capture_line.to_owned(),
        flags => format!("{capture_line} (with {})", flags.join(" ")),
    }
}

/// Counters a tool reported at exit (whichever it has).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    /// Packets the tool says it wrote.
    pub captured: Option<u64>,
    /// Packets the tool says it dropped (every bucket it has).
    pub dropped: Option<u64>,
    /// Frames the interface received by the tool's own count (capture's XDP counter).
    pub seen: Option<u64>,
    /// capture with `--index`: files whose index it gave up because it fell behind.
    pub indexes_given_up: Option<u64>,
}

/// A tool that is running.
pub struct Running {
    /// The tool.
    pub tool: Tool,
    /// Its PID.
    pub pid: i32,
    child: Child,
    text: Arc<Mutex<String>>,
    readers: Vec<thread::JoinHandle<()>>,
    stats: PathBuf,
}

/// A tool that has exited.
pub struct Finished {
    /// Its exit and rusage.
    pub reaped: Reaped,
    /// Everything it printed (stdout and stderr).
    pub text: String,
    /// Its counters.
    pub reported: Reported,
}

/// Starts `tool` in the rig's capture namespace on `cpus`, and waits until it is capturing.
pub fn start(
    rig: &Rig,
    tool: Tool,
    capture_bin: &Path,
    out: &Path,
    cpus: &[usize],
    nice: i32,
) -> Result<Running> {
    let stats = out.with_extension("stats.json");
    let _ = std::fs::remove_file(&stats);
    let argv = tool.argv(capture_bin, &rig.veth_b, out, &stats);
    let mut cmd = rig.command(&rig.ns_b, &argv[0]);
    cmd.args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let set = measure::cpu_set(cpus);
    // SAFETY: the closure runs in the forked child before exec and only makes
    // async-signal-safe system calls on data prepared before the fork. PR_SET_PDEATHSIG stops
    // the tool (cleanly, SIGTERM) if the harness dies; it survives exec for non-setuid programs.
    unsafe {
        cmd.pre_exec(move || {
            if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0
                || libc::setpriority(libc::PRIO_PROCESS, 0, nice) != 0
                || libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", argv.join(" ")))?;
    let text = Arc::new(Mutex::new(String::new()));
    let mut readers = Vec::new();
    let pipes: [Option<Box<dyn Read + Send>>; 2] = [
        child.stdout.take().map(|p| Box::new(p) as _),
        child.stderr.take().map(|p| Box::new(p) as _),
    ];
    for pipe in pipes.into_iter().flatten() {
        let text = Arc::clone(&text);
        readers.push(thread::spawn(move || {
            let mut r = BufReader::new(pipe);
            let mut buf = Vec::new();
            while r.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
                text.lock()
                    .expect("reader lock")
                    .push_str(&String::from_utf8_lossy(&buf));
                buf.clear();
            }
        }));
    }
    let running = Running {
        tool,
        pid: child.id() as i32,
        child,
        text,
        readers,
        stats,
    };
    let start = Instant::now();
    loop {
        if running.output().contains(tool.ready_marker()) {
            return Ok(running);
        }
        if let Ok(Some(status)) = running.child_exited() {
            bail!(
                "{} exited at start ({status}): {}",
                tool.name(),
                running.output().trim()
            );
        }
        if start.elapsed() > Duration::from_secs(15) {
            let out = running.output();
            running.stop(Duration::from_secs(5))?;
            bail!(
                "{} did not start capturing in 15 s: {}",
                tool.name(),
                out.trim()
            );
        }
        thread::sleep(Duration::from_millis(10));
    }
}

impl Running {
    /// What the tool printed so far.
    pub fn output(&self) -> String {
        self.text.lock().expect("reader lock").clone()
    }

    fn child_exited(&self) -> Result<Option<i32>> {
        let mut status = 0;
        // SAFETY: WNOWAIT leaves the child waitable; siginfo is plain data.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid on our own child's PID with a valid siginfo pointer.
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                self.pid as u32,
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            )
        };
        // SAFETY: si_pid is valid to read after waitid filled `info` (0 when nothing exited).
        if rc == 0 && unsafe { info.si_pid() } == self.pid {
            // SAFETY: as above; the child exited, so si_status holds its status.
            status = unsafe { info.si_status() };
            return Ok(Some(status));
        }
        let _ = status;
        Ok(None)
    }

    /// Sends SIGINT to the tool's PID, reaps it (SIGKILL after `timeout`) and reads its counters.
    pub fn stop(mut self, timeout: Duration) -> Result<Finished> {
        // SAFETY: kill(2) on our own, not yet reaped, child.
        unsafe { libc::kill(self.pid, libc::SIGINT) };
        let reaped = measure::reap(self.pid, timeout)?;
        for r in self.readers.drain(..) {
            let _ = r.join();
        }
        // The child is reaped; std's handle must not wait for it again.
        drop(self.child.stdin.take());
        let text = self.output();
        let json = std::fs::read_to_string(&self.stats).ok();
        let _ = std::fs::remove_file(&self.stats);
        let reported = parse_reported(self.tool, &text, json.as_deref());
        Ok(Finished {
            reaped,
            text,
            reported,
        })
    }
}

/// Reads a tool's exit counters from what it printed (and capture's `--stats-json`).
pub fn parse_reported(tool: Tool, text: &str, stats_json: Option<&str>) -> Reported {
    match tool {
        Tool::Tcpdump => Reported {
            captured: number_before(text, " packets captured")
                .or(number_before(text, " packet captured")),
            dropped: number_before(text, " packets dropped by kernel")
                .or(number_before(text, " packet dropped by kernel")),
            ..Reported::default()
        },
        Tool::Dumpcap => {
            // "Packets received/dropped on interface 'X': 1000/0 (pcap:0/dumpcap:0/...) (100.0%)"
            let line = text
                .lines()
                .find(|l| l.contains("received/dropped on interface"));
            let pair = line
                .and_then(|l| l.rsplit_once("': "))
                .and_then(|(_, r)| r.split_whitespace().next())
                .and_then(|p| p.split_once('/'));
            let captured = number_after(text, "Packets captured: ")
                .or_else(|| number_after(text, "Packets: "));
            Reported {
                captured: captured.or_else(|| pair.and_then(|(a, _)| a.parse().ok())),
                dropped: pair.and_then(|(_, d)| d.parse().ok()),
                ..Reported::default()
            }
        }
        Tool::NetsniffNg => Reported {
            captured: number_before(text, "  packets passed filter"),
            dropped: number_before(text, "  packets failed filter (out of space)"),
            seen: number_before(text, "  packets incoming"),
            ..Reported::default()
        },
        // Every capture variant: its --stats-json.
        _ => {
            let Some(v) =
                stats_json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            else {
                return Reported::default();
            };
            let get = |k: &str| v.get(k).and_then(serde_json::Value::as_u64);
            let dropped = [
                "not_delivered_to_socket",
                "dropped_ring_full",
                "dropped_handoff",
                "dropped_writer",
                "unread_in_ring",
            ]
            .iter()
            .filter_map(|k| get(k))
            .sum();
            Reported {
                captured: get("captured"),
                dropped: Some(dropped),
                seen: get("xdp_seen"),
                indexes_given_up: v
                    .get("indexes_given_up")
                    .and_then(serde_json::Value::as_array)
                    .map(|a| a.len() as u64),
            }
        }
    }
}

/// The decimal number that ends just before `marker`.
fn number_before(text: &str, marker: &str) -> Option<u64> {
    let i = text.find(marker)?;
    let head = text[..i].trim_end();
    let start = head
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |j| j + 1);
    head[start..].parse().ok()
}

/// The decimal number that starts right after `marker`.
fn number_after(text: &str, marker: &str) -> Option<u64> {
    let i = text.find(marker)? + marker.len();
    let digits: String = text[i..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_tools_summary() {
        let t = "listening on x\n1000 packets captured\n1200 packets received by filter\n200 packets dropped by kernel\n";
        let r = parse_reported(Tool::Tcpdump, t, None);
        assert_eq!((r.captured, r.dropped), (Some(1000), Some(200)));
        let d = "Capturing on 'v'\nPackets captured: 990\nPackets received/dropped on interface 'v': 990/10 (pcap:10/dumpcap:0/flushed:0/ps_ifdrop:0) (99.0%)\n";
        let r = parse_reported(Tool::Dumpcap, d, None);
        assert_eq!((r.captured, r.dropped), (Some(990), Some(10)));
        let n = "\r\n\r      5000  packets incoming (0 unread on exit)\r\n\r      4990  packets passed filter\r\n\r        10  packets failed filter (out of space)\r\n";
        let r = parse_reported(Tool::NetsniffNg, n, None);
        assert_eq!(
            (r.seen, r.captured, r.dropped),
            (Some(5000), Some(4990), Some(10))
        );
        let j = r#"{"xdp_seen": 12, "not_delivered_to_socket": 1, "dropped_ring_full": 2, "dropped_handoff": 0, "dropped_writer": 0, "captured": 9, "unread_in_ring": 0}"#;
        let r = parse_reported(Tool::Capture, "", Some(j));
        assert_eq!(
            (r.seen, r.captured, r.dropped),
            (Some(12), Some(9), Some(3))
        );
    }

    #[test]
    fn every_capture_variant_has_a_version_line() {
        let line = "capture version 0.1.0";
        assert_eq!(variant_version(Tool::Capture, line), line);
        assert_eq!(
            variant_version(Tool::CaptureXdpConsume, line),
            "capture version 0.1.0 (with --backend xdp --xdp-consume)"
        );
        let bin = Path::new("/bin/capture");
        let argv = Tool::CaptureBuffered.argv(bin, "v", Path::new("o"), Path::new("s"));
        assert_eq!(argv.last().map(String::as_str), Some("--no-direct"));
    }
}
