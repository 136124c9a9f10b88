//! Live capture: opens one socket and ring per worker in a fanout group, attaches the XDP
//! ingress counter, runs the workers pinned to CPUs, and merges their batches into the output
//! on this thread until `-c`, SIGINT or SIGTERM. Reports tcpdump's summary and every bucket.
use std::{
    io::{self, BufWriter, Write},
    ops::ControlFlow,
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering::Relaxed},
    },
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use signal_hook::consts::{SIGINT, SIGTERM, SIGUSR1};

use capture_print::Printer;

use crate::{
    StdoutError,
    cli::{Args, Backend, Direction},
    cooked::LINKTYPE_LINUX_SLL2,
    ebpf::{AttachMode, IngressCounter},
    filter::Filter,
    iface::{self, Interface},
    merge::Merger,
    metrics::Endpoint,
    notices::Notices,
    privs,
    ring::RingGeometry,
    socket::{PacketSocket, SocketConfig},
    stats::{LiveStats, Totals},
    worker::{Handoff, RingFill, Worker, allowed_cpus, now_ns, pin_to_cpu},
    writer::{Output, OutputConfig, WriteError},
    xdp::{self, XdpConfig},
};

/// Ring memory when `-B` is not given: enough for 1 Gbit/s bursts of well over 100 ms.
const DEFAULT_RING_BYTES: u64 = 64 << 20;
/// Batches in flight per worker before the handoff counts drops.
const QUEUE_DEPTH: usize = 64;
/// LINKTYPE_ETHERNET.
const LINKTYPE_ETHERNET: u32 = 1;

/// The link type of the records, and its name in the banner.
struct LinkType {
    id: u32,
    name: &'static str,
}

/// Runs a live capture as `args` describe.
pub fn run(args: &Args, expr: &str) -> Result<ExitCode> {
    let mut notices = Notices::new(args.notices);
    // Bound first: a bad address ends the run before anything is set up, and a port below 1024
    // is bound before -Z gives up root.
    let endpoint = args
        .metrics_listen
        .as_deref()
        .map(Endpoint::bind)
        .transpose()?;
    let iface = iface::resolve(args.interface.as_deref())?;
    let if_drops_at_start = iface::drops(&iface.name);
    // `any` (index 0) has no common link header: Linux cooked v2, as tcpdump records it.
    let cooked = iface.index == 0;
    let link = if cooked {
        LinkType {
            id: LINKTYPE_LINUX_SLL2,
            name: "LINUX_SLL2 (Linux cooked v2)",
        }
    } else {
        check_link_type(&iface)?;
        LinkType {
            id: LINKTYPE_ETHERNET,
            name: "EN10MB (Ethernet)",
        }
    };
    // tcpdump names the link type it set: LINUX_SLL2 on `any`, or the one `-y` asked for.
    if cooked || args.linktype.is_some() {
        let name = link.name.split(' ').next().unwrap_or(link.name);
        eprintln!("capture: data link type {name}");
    }
    let snaplen = args.snaplen();
    xdp::check_args(args)?;
    let xdp_backend = args.backend == Backend::Xdp;
    if xdp_backend && cooked {
        bail!("--backend xdp attaches to one interface; name it instead of -i any");
    }
    // `filter` goes to the kernel; `userspace` is run by the workers, as libpcap runs a program
    // in user space that cannot go to the kernel.
    let (filter, mut userspace) = if expr.trim().is_empty() {
        (None, None)
    } else if xdp_backend {
        // XDP runs before the kernel moves the VLAN tag out: offline semantics (notes §9).
        let f = Filter::dead(LINKTYPE_ETHERNET as i32, expr, snaplen);
        (Some(f.context(iface.name.clone())?), None)
    } else {
        let f = Filter::live(&iface.name, expr, snaplen).context(iface.name.clone())?;
        if cooked {
            // A program reading the cooked header's address has no kernel equivalent.
            match f.for_cooked_socket() {
                Some(kernel) => (Some(kernel), None),
                None => (None, Some(Arc::new(f))),
            }
        } else {
            (Some(f), None)
        }
    };
    let out_cfg = args
        .write
        .as_ref()
        .map(|_| OutputConfig::from_args(args))
        .transpose()?
        .map(|c| OutputConfig {
            if_name: Some(iface.name.clone()),
            ..c
        });

    let workers = usize::from(args.workers.unwrap_or_else(|| {
        thread::available_parallelism().map_or(1, |n| n.get().min(usize::from(u16::MAX)) as u16)
    }));
    // Worker i runs on the i-th CPU the process may use (so `taskset -c 2,3` is honoured).
    let cpus = allowed_cpus();
    let worker_cpus: Vec<usize> = (0..if xdp_backend { 0 } else { workers })
        .map(|i| cpus[i % cpus.len()])
        .collect();
    let writer_cpu = choose_writer_cpu(args.writer_cpu, &cpus, &worker_cpus)?;
    let ring_bytes = args.buffer_kib.map_or(DEFAULT_RING_BYTES, |k| k * 1024);
    // Room for a restored VLAN tag on top of the snaplen.
    let geometry = RingGeometry::for_budget(ring_bytes / workers as u64, snaplen.saturating_add(4));
    let group = (std::process::id() & 0xffff) as u16;
    if !xdp_backend {
        notices.note(
            "backend",
            format!(
                "afpacket: {workers} worker(s) on CPUs {worker_cpus:?}, fanout {:?}, ring of {} \
                 blocks of {} KiB each",
                args.fanout,
                geometry.block_nr,
                geometry.block_size / 1024
            ),
        );
    }
    let mut sockets = Vec::with_capacity(workers);
    // The XDP backend has no sockets: its reader is the only source.
    for _ in 0..if xdp_backend { 0 } else { workers } {
        let cfg = SocketConfig {
            ifindex: iface.index,
            promisc: !args.no_promisc,
            direction: args.direction.unwrap_or(Direction::Inout),
            filter: filter.as_ref(),
            geometry,
            fanout: (workers > 1).then_some((group, args.fanout)),
        };
        sockets.push(PacketSocket::open(&cfg).with_context(|| iface.name.clone())?);
    }
    if let (Some(f), Some(refused)) = (
        &filter,
        sockets.first().and_then(|(s, _)| s.filter_refused()),
    ) {
        // libpcap's words when the kernel refuses a program, which it then runs itself.
        match refused.raw_os_error() {
            Some(libc::ENOMEM) => eprintln!(
                "Warning: Couldn't allocate kernel memory for filter: try increasing \
                 net.core.optmem_max with sysctl"
            ),
            Some(libc::ENOPROTOOPT | libc::EOPNOTSUPP) => {}
            _ => eprintln!(
                "Warning: Kernel filter failed: {}",
                crate::strerror(refused)
            ),
        }
        userspace = Some(Arc::new(f.clone()));
    }
    let workers_stop = Arc::new(AtomicBool::new(false));
    let mut xdp_source = None;
    let xdp = if xdp_backend {
        let cfg = XdpConfig {
            snaplen,
            consume: args.xdp_consume,
            ring_bytes,
            promisc: !args.no_promisc,
        };
        let handoff = Arc::new(Handoff::new(QUEUE_DEPTH));
        let stop = Arc::clone(&workers_stop);
        let cap = xdp::start(&iface, filter.as_ref(), cfg, Arc::clone(&handoff), stop)
            .context(iface.name.clone())?;
        notices.note("backend", "xdp: received frames only (XDP sees no egress)");
        notices.note("xdp attach", attach_text(cap.ingress.mode()));
        xdp_source = Some((handoff, cap.fill, cap.reader));
        Some(cap.ingress)
    } else if cooked || args.no_xdp {
        // XDP attaches to one interface; `any` has none to attach to.
        notices.note("ingress counter", "none");
        None
    } else {
        let driver = iface::driver(&iface.name);
        match IngressCounter::attach_for(&iface.name, iface.index, driver.as_deref()) {
            Ok(c) => {
                notices.note("ingress counter", attach_text(c.mode()));
                Some(c)
            }
            Err(e) => {
                notices.note(
                    "ingress counter",
                    format!("none ({e}); drops before the socket are not counted"),
                );
                None
            }
        }
    };
    let user = args.user.as_deref().map(privs::User::lookup).transpose()?;
    // As tcpdump (as Debian and Fedora build it): with -w and no -C, the first file is opened
    // before root is given up and handed to the user; otherwise every file is the user's own.
    let first_file_as_root =
        args.write.as_deref().is_some_and(|w| w != "-") && args.file_size.is_none();
    if let Some(u) = &user
        && !first_file_as_root
    {
        u.switch_to()?;
    }
    // Pinned before the sink exists: the O_DIRECT I/O thread is started from this thread later
    // and inherits its CPU.
    match writer_cpu {
        Some(cpu) => {
            pin_to_cpu(cpu);
            notices.note("writer", format!("CPU {cpu}"));
        }
        None => notices.note("writer", "not pinned (every allowed CPU runs a worker)"),
    }
    let mut sink = Sink::open(args, out_cfg, link.id, snaplen)?;
    if let Some(u) = &user
        && first_file_as_root
    {
        if let Sink::File(out) = &sink {
            out.chown_current(u.uid, u.gid)?;
        }
        u.switch_to()?;
    }
    // tcpdump's banner: the program name starts the line unless the "suppressed" line did.
    if args.write.is_none() && args.verbose == 0 {
        eprintln!("capture: verbose output suppressed, use -v[v]... for full protocol decode");
        eprint!("listening on ");
    } else {
        eprint!("capture: listening on ");
    }
    eprintln!(
        "{}, link-type {}, snapshot length {snaplen} bytes",
        iface.name, link.name
    );

    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGINT, Arc::clone(&stop))?;
    signal_hook::flag::register(SIGTERM, Arc::clone(&stop))?;
    let usr1 = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGUSR1, Arc::clone(&usr1))?;

    let mut handoffs: Vec<Arc<Handoff>> = (0..sockets.len())
        .map(|_| Arc::new(Handoff::new(QUEUE_DEPTH)))
        .collect();
    if let Sink::File(out) = &mut sink {
        // pcapng: each file's statistics block reads the workers' counters as it is closed.
        let counters = handoffs.clone();
        out.set_stats_source(Box::new(move || (&Totals::from_workers(&counters)).into()));
    }
    let loopback = iface::nametoindex("lo").map(|i| i as i32);
    let mut rings: Vec<RingFill> = sockets
        .iter()
        .map(|(_, ring)| RingFill::Blocks(ring.fill()))
        .collect();
    let mut threads = sockets
        .into_iter()
        .zip(&handoffs)
        .zip(worker_cpus)
        .enumerate()
        .map(|(i, (((socket, ring), handoff), cpu))| {
            let worker = Worker {
                socket,
                ring,
                handoff: Arc::clone(handoff),
                direction: args.direction.unwrap_or(Direction::Inout),
                snaplen,
                cooked,
                loopback,
                filter: userspace.clone(),
            };
            let stop = Arc::clone(&workers_stop);
            thread::Builder::new()
                .name(format!("capture-worker-{i}"))
                .spawn(move || {
                    pin_to_cpu(cpu);
                    worker.run(&stop)
                })
                .context("starting a worker thread")
        })
        .collect::<Result<Vec<_>>>()?;
    if let Some((handoff, fill, reader)) = xdp_source {
        handoffs.push(handoff);
        rings.push(fill);
        threads.push(reader);
    }
    let stats = Arc::new(LiveStats::new(
        &iface.name,
        if_drops_at_start,
        handoffs.clone(),
        rings,
        xdp,
    ));
    let _metrics = endpoint
        .map(|e| e.serve(Arc::clone(&stats)))
        .transpose()
        .context("starting the metrics thread")?;
    let files = args.write.as_deref().is_some_and(|w| w != "-");

    let mut merger = Merger::new(&handoffs);
    let limit = args.count.unwrap_or(u64::MAX);
    let mut written = 0u64;
    let mut past_count = 0u64;
    let mut writer = WriterOutcome::default();
    let mut last_tick = Instant::now();
    let got = args.verbose > 0 && args.write.is_some();
    let mut finishing = false;
    loop {
        let stopping = stop.load(Relaxed);
        if stopping && !finishing {
            workers_stop.store(true, Relaxed);
            finishing = true;
        }
        // Checked before polling: once every worker has finished, this poll sees all they queued.
        let drained = finishing && threads.iter().all(|t| t.is_finished());
        let n = merger.poll(|batch, rec| {
            if written >= limit || writer.ended.is_some() {
                past_count += 1;
                return ControlFlow::Break(());
            }
            match sink.write(rec.ts_ns, rec.wirelen, batch.bytes(rec)) {
                Ok(()) => written += 1,
                Err(e) => writer.absorb(e),
            }
            if written >= limit || writer.ended.is_some() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        if n == 0
            && let Err(e) = sink.idle()
        {
            writer.absorb(e);
        }
        // Published once a pass, never per packet.
        if let Some(first) = merger.first_emitted() {
            stats.lag.record(now_ns().saturating_sub(first));
        }
        stats.writer.publish(written, writer.drops, past_count);
        if files && let Sink::File(out) = &sink {
            stats.writer.publish_output(out.progress());
        }
        // A worker that ended on its own hit a socket error (interface down): stop them all.
        let worker_failed = threads.iter().any(|t| t.is_finished());
        if (written >= limit || writer.ended.is_some() || worker_failed) && !finishing {
            workers_stop.store(true, Relaxed);
            finishing = true;
        }
        if drained && n == 0 {
            break;
        }
        if usr1.swap(false, Relaxed) {
            eprint!("{}", stats.totals().one_line());
        }
        if last_tick.elapsed() >= Duration::from_secs(1) {
            last_tick = Instant::now();
            stats.lag.tick(last_tick);
            if let Err(e) = sink.tick() {
                writer.absorb(e);
            }
            if got {
                eprint!("Got {written}\r");
            }
        }
        if n == 0 {
            // Workers wake this thread when they queue a batch or move their watermark; the
            // timeout bounds how late a signal or the once-a-second tick is seen.
            thread::park_timeout(Duration::from_millis(100));
        }
    }
    let mut socket_error = None;
    for t in threads {
        match t.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => socket_error = Some(e),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    if let Some(e) = writer.stdout {
        // tcpdump's error(): the message, at once, without the summary.
        return Err(StdoutError(e).into());
    }
    if let Some(e) = &socket_error {
        let what = if e.raw_os_error() == Some(libc::ENETDOWN) {
            "The interface went down".to_owned()
        } else {
            e.to_string()
        };
        eprintln!("capture: {}: {what}", iface.name);
    }
    // The writer's own count includes the losses it reported through write/tick.
    let writer_drops = sink
        .finish(stop.load(Relaxed), &mut notices)?
        .max(writer.drops);
    let exit_ok = writer.ended != Some(false) && writer_drops == 0;
    stats.writer.publish(written, writer_drops, past_count);
    let t = stats.totals();
    if !writer.open_failed {
        eprint!("{}", t.summary());
    }
    if let Some(path) = &args.stats_json {
        let mut json = t.to_json();
        json["engine"] = notices.to_json();
        let text = serde_json::to_string_pretty(&json).expect("a JSON value serializes") + "\n";
        std::fs::write(path, text).with_context(|| format!("writing {path}"))?;
    }
    Ok(if exit_ok && socket_error.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// How an XDP program went on, for the notices.
fn attach_text(mode: AttachMode) -> &'static str {
    match mode {
        AttachMode::Native => "native XDP",
        AttachMode::Generic => "generic XDP (the driver has no native XDP)",
        AttachMode::Tc => "TC ingress (TCX)",
    }
}

/// The CPU the writer runs on: `requested` if the process may use it, else (by default) the
/// first allowed CPU that runs no worker, so merging and writing never take a worker's core.
/// `None`: every allowed CPU runs a worker, and the scheduler places the writer.
fn choose_writer_cpu(
    requested: Option<usize>,
    allowed: &[usize],
    worker_cpus: &[usize],
) -> Result<Option<usize>> {
    match requested {
        Some(cpu) if allowed.contains(&cpu) => Ok(Some(cpu)),
        Some(cpu) => {
            let list: Vec<String> = allowed.iter().map(usize::to_string).collect();
            bail!(
                "--writer-cpu {cpu}: not a CPU this process may run on (allowed: {})",
                list.join(",")
            )
        }
        None => Ok(allowed.iter().copied().find(|c| !worker_cpus.contains(c))),
    }
}

/// Only Ethernet-framed devices (Ethernet, veth, loopback) are captured raw for now.
fn check_link_type(iface: &Interface) -> Result<()> {
    let path = format!("/sys/class/net/{}/type", iface.name);
    let kind = std::fs::read_to_string(&path).unwrap_or_default();
    match kind.trim() {
        // ARPHRD_ETHER, ARPHRD_LOOPBACK: both carry Ethernet headers on packet sockets.
        "1" | "772" | "" => Ok(()),
        other => bail!(
            "{}: link type ARPHRD {other} is not supported yet (only Ethernet)",
            iface.name
        ),
    }
}

/// Where captured packets go: a pcap file (with rotation) or, without `-w`, the printer.
enum Sink {
    File(Box<Output>),
    Print {
        printer: Box<Printer>,
        out: BufWriter<io::Stdout>,
        line_buffered: bool,
    },
}

impl Sink {
    fn open(args: &Args, cfg: Option<OutputConfig>, linktype: u32, snaplen: u32) -> Result<Self> {
        Ok(match cfg {
            Some(cfg) => Sink::File(Box::new(Output::create(cfg, linktype, snaplen)?)),
            None => Sink::Print {
                printer: Box::new(Printer::new(args.print_options(), linktype as i32)),
                out: BufWriter::with_capacity(1 << 16, io::stdout()),
                line_buffered: args.line_buffered || args.packet_buffered,
            },
        })
    }

    fn write(&mut self, ts_ns: u64, wirelen: u32, data: &[u8]) -> Result<(), SinkError> {
        let (sec, nsec) = (
            (ts_ns / 1_000_000_000) as i64,
            (ts_ns % 1_000_000_000) as u32,
        );
        match self {
            Sink::File(out) => Ok(out.write(sec, nsec, wirelen, data)?),
            Sink::Print {
                printer,
                out,
                line_buffered,
            } => {
                printer
                    .print(out, sec, nsec, data.len() as u32, wirelen, data)
                    .map_err(SinkError::Stdout)?;
                if *line_buffered {
                    out.flush().map_err(SinkError::Stdout)?;
                }
                Ok(())
            }
        }
    }

    /// Once a second: lets `-G` rotate without traffic and writes the open file out.
    fn tick(&mut self) -> Result<(), SinkError> {
        match self {
            Sink::File(out) => Ok(out.tick((now_ns() / 1_000_000_000) as i64)?),
            Sink::Print { .. } => Ok(()),
        }
    }

    /// When no packet is waiting: printed lines go out now rather than when the buffer fills.
    fn idle(&mut self) -> Result<(), SinkError> {
        match self {
            Sink::File(_) => Ok(()),
            Sink::Print { out, .. } => out.flush().map_err(SinkError::Stdout),
        }
    }

    /// Flushes and closes; reports a last error and returns the writer's drops. `interrupted`:
    /// a signal ended the capture, maybe mid-line, so the printer ends the line, as tcpdump.
    fn finish(self, interrupted: bool, notices: &mut Notices) -> Result<u64> {
        match self {
            Sink::File(out) => {
                let summary = out.finish()?;
                if let Some(e) = &summary.error {
                    eprintln!("capture: {e}");
                }
                if let Some(path) = summary.io_path {
                    notices.note("output", format!("{path:?}"));
                }
                Ok(summary.dropped)
            }
            Sink::Print { mut out, .. } => {
                if interrupted {
                    out.write_all(b"\n").map_err(StdoutError)?;
                }
                out.flush().map_err(StdoutError)?;
                Ok(0)
            }
        }
    }
}

/// A failure of the sink: the output files (counted and reported by the writer's rules), or
/// standard output while printing (which ends the capture, as it ends tcpdump).
enum SinkError {
    File(WriteError),
    Stdout(io::Error),
}

impl From<WriteError> for SinkError {
    fn from(e: WriteError) -> Self {
        SinkError::File(e)
    }
}

/// The writer's errors and what they mean for the capture.
#[derive(Default)]
struct WriterOutcome {
    /// Packets lost by the writer.
    drops: u64,
    /// The output has ended: `Some(true)` as planned (`-G` with `-W`), `Some(false)` on failure.
    ended: Option<bool>,
    /// Standard output could not be written while printing.
    stdout: Option<io::Error>,
    /// A file could not be created on rotation: tcpdump's error() ends the run at once, without
    /// the summary.
    open_failed: bool,
}

impl WriterOutcome {
    /// Counts and reports `e` (once: `Stopped` repeats an error already reported).
    fn absorb(&mut self, e: SinkError) {
        let e = match e {
            SinkError::File(e) => e,
            SinkError::Stdout(e) => {
                self.stdout.get_or_insert(e);
                self.ended = Some(false);
                return;
            }
        };
        self.drops += e.dropped_packets();
        match e {
            WriteError::Stopped => {}
            // tcpdump's own words, without a program prefix.
            WriteError::FileLimitReached(_) => {
                eprintln!("{e}");
                self.ended = Some(true);
            }
            WriteError::Io {
                resumable: false, ..
            } => {
                eprintln!("capture: {e}");
                self.ended = Some(false);
            }
            WriteError::Open { .. } => {
                eprintln!("capture: {e}");
                self.ended = Some(false);
                self.open_failed = true;
            }
            // A full disk that may free up: go on.
            _ => eprintln!("capture: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_cpu_is_checked_and_defaults_to_a_free_cpu() {
        assert_eq!(
            choose_writer_cpu(Some(3), &[2, 3], &[2, 3]).unwrap(),
            Some(3)
        );
        let e = choose_writer_cpu(Some(1), &[2, 3], &[2]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--writer-cpu 1: not a CPU this process may run on (allowed: 2,3)"
        );
        assert_eq!(
            choose_writer_cpu(None, &[0, 1, 2], &[0, 1]).unwrap(),
            Some(2)
        );
        assert_eq!(choose_writer_cpu(None, &[0, 1], &[0, 1]).unwrap(), None);
        // The XDP backend has no socket workers: the writer takes the first allowed CPU.
        assert_eq!(choose_writer_cpu(None, &[4, 5], &[]).unwrap(), Some(4));
    }
}
