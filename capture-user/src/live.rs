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
    notices::Notices,
    privs,
    ring::RingGeometry,
    socket::{PacketSocket, SocketConfig},
    stats::Totals,
    tstamp::Stamping,
    worker::{Handoff, Pacing, Worker, allowed_cpus, now_ns, pin_to_cpu},
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

/// The interface as the command line's checks left it (see `crate::run`).
pub struct Opened {
    /// The interface.
    pub iface: Interface,
    /// `-j`: the time stamps each socket asks for.
    pub stamping: Stamping,
    /// `-f`: the interface's IPv4 network and netmask (network byte order).
    pub netmask: Option<(u32, u32)>,
}

/// Runs a live capture as `args` describe, on the interface `opened` describes.
pub fn run(args: &Args, expr: &str, opened: &Opened) -> Result<ExitCode> {
    let mut notices = Notices::new(args.notices);
    let iface = opened.iface.clone();
    let how = crate::compile_options(args, opened.netmask);
    let pacing = if args.immediate {
        Pacing::IMMEDIATE
    } else {
        Pacing::BLOCKS
    };
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
    if xdp_backend && opened.stamping != Stamping::Host {
        bail!(
            "--backend xdp has the kernel's time stamps only; adapter time stamps (-j) need the afpacket backend"
        );
    }
    // `filter` goes to the kernel; `userspace` is run by the workers, as libpcap runs a program
    // in user space that cannot go to the kernel.
    let (filter, mut userspace) = if expr.trim().is_empty() {
        (None, None)
    } else if xdp_backend {
        // XDP runs before the kernel moves the VLAN tag out: offline semantics (notes §9).
        let f = Filter::dead_with(LINKTYPE_ETHERNET as i32, expr, snaplen, how);
        (Some(f.context(iface.name.clone())?), None)
    } else {
        let f = Filter::live_with(&iface.name, expr, snaplen, how).context(iface.name.clone())?;
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
            retire_tov_ms: pacing.retire_tov_ms,
            stamping: opened.stamping,
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
        xdp_source = Some((handoff, cap.reader));
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
    let mut sink = Sink::open(args, out_cfg, link.id, snaplen, opened.netmask)?;
    if let Some(u) = &user
        && first_file_as_root
    {
        if let Some(out) = &sink.file {
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
    if let Some(out) = &mut sink.file {
        // pcapng: each file's statistics block reads the workers' counters as it is closed.
        let counters = handoffs.clone();
        out.set_stats_source(Box::new(move || (&Totals::from_workers(&counters)).into()));
    }
    let loopback = iface::nametoindex("lo").map(|i| i as i32);
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
                pacing,
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
    if let Some((handoff, reader)) = xdp_source {
        handoffs.push(handoff);
        threads.push(reader);
    }

    let mut merger = Merger::new(&handoffs);
    let limit = args.count.unwrap_or(u64::MAX);
    let mut written = 0u64;
    let mut past_count = 0u64;
    let mut writer = WriterOutcome::default();
    let mut last_tick = Instant::now();
    // tcpdump's once-a-second count with -v and -w, unless it prints the packets (--print).
    let got = args.verbose > 0 && args.write.is_some() && !args.print;
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
            let mut t = totals(&handoffs, &xdp, written, writer.drops, past_count);
            t.if_drops = iface::drops(&iface.name).saturating_sub(if_drops_at_start);
            eprint!("{}", t.one_line());
        }
        if last_tick.elapsed() >= Duration::from_secs(1) {
            last_tick = Instant::now();
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
    let mut t = totals(&handoffs, &xdp, written, writer_drops, past_count);
    t.if_drops = iface::drops(&iface.name).saturating_sub(if_drops_at_start);
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

fn totals(
    handoffs: &[Arc<Handoff>],
    xdp: &Option<IngressCounter>,
    written: u64,
    writer_drops: u64,
    past_count: u64,
) -> Totals {
    let mut t = Totals::from_workers(handoffs);
    if let Some(c) = xdp.as_ref().and_then(|x| x.read().ok()) {
        t.xdp_seen = Some(c.packets);
        t.xdp_bytes = Some(c.bytes);
    }
    t.captured = written;
    t.writer_drops = writer_drops;
    t.past_count = past_count;
    t
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

/// Where captured packets go: pcap files (with rotation), the printer, or both (`-w` with
/// `--print`); neither with `--count` alone, which only counts.
struct Sink {
    file: Option<Box<Output>>,
    print: Option<Printing>,
    /// Without `-w`, an interrupted capture ends the printed line, as tcpdump does.
    printing_only: bool,
}

/// The printer and the standard output it writes to.
struct Printing {
    printer: Box<Printer>,
    out: BufWriter<io::Stdout>,
    line_buffered: bool,
}

impl Sink {
    /// Opens the output `cfg` describes (if any) and the printer (without `-w` unless
    /// `--count`, with `-w` if `--print`). `netmask` is `-f`'s local network.
    fn open(
        args: &Args,
        cfg: Option<OutputConfig>,
        linktype: u32,
        snaplen: u32,
        netmask: Option<(u32, u32)>,
    ) -> Result<Self> {
        let printing_only = cfg.is_none();
        let file = match cfg {
            Some(cfg) => Some(Box::new(Output::create(cfg, linktype, snaplen)?)),
            None => None,
        };
        let wanted = if printing_only {
            !args.count_only
        } else {
            args.print
        };
        let print = wanted.then(|| {
            let mut opts = args.print_options();
            opts.local_net = netmask.map(|(net, mask)| (net.to_ne_bytes(), mask.to_ne_bytes()));
            Printing {
                printer: Box::new(Printer::new(opts, linktype as i32)),
                out: BufWriter::with_capacity(1 << 16, io::stdout()),
                line_buffered: args.line_buffered || args.packet_buffered,
            }
        });
        Ok(Sink {
            file,
            print,
            printing_only,
        })
    }

    fn write(&mut self, ts_ns: u64, wirelen: u32, data: &[u8]) -> Result<(), SinkError> {
        let (sec, nsec) = (
            (ts_ns / 1_000_000_000) as i64,
            (ts_ns % 1_000_000_000) as u32,
        );
        if let Some(out) = &mut self.file {
            out.write(sec, nsec, wirelen, data)?;
        }
        if let Some(p) = &mut self.print {
            p.printer
                .print(&mut p.out, sec, nsec, data.len() as u32, wirelen, data)
                .map_err(SinkError::Stdout)?;
            if p.line_buffered {
                p.out.flush().map_err(SinkError::Stdout)?;
            }
        }
        Ok(())
    }

    /// Once a second: lets `-G` rotate without traffic and writes the open file out.
    fn tick(&mut self) -> Result<(), SinkError> {
        match &mut self.file {
            Some(out) => Ok(out.tick((now_ns() / 1_000_000_000) as i64)?),
            None => Ok(()),
        }
    }

    /// When no packet is waiting: printed lines go out now rather than when the buffer fills.
    fn idle(&mut self) -> Result<(), SinkError> {
        match &mut self.print {
            Some(p) => p.out.flush().map_err(SinkError::Stdout),
            None => Ok(()),
        }
    }

    /// Flushes and closes; reports a last error and returns the writer's drops. `interrupted`:
    /// a signal ended the capture, maybe mid-line, so without `-w` a newline ends it, as
    /// tcpdump prints one.
    fn finish(self, interrupted: bool, notices: &mut Notices) -> Result<u64> {
        let Sink {
            file,
            print,
            printing_only,
        } = self;
        let newline: &[u8] = if printing_only && interrupted {
            b"\n"
        } else {
            b""
        };
        match print {
            Some(mut p) => {
                p.out.write_all(newline).map_err(StdoutError)?;
                p.out.flush().map_err(StdoutError)?;
            }
            None => {
                let mut out = io::stdout();
                out.write_all(newline).map_err(StdoutError)?;
                out.flush().map_err(StdoutError)?;
            }
        }
        let mut dropped = 0;
        if let Some(out) = file {
            let summary = out.finish()?;
            if let Some(e) = &summary.error {
                eprintln!("capture: {e}");
            }
            if let Some(path) = summary.io_path {
                notices.note("output", format!("{path:?}"));
            }
            dropped = summary.dropped;
        }
        Ok(dropped)
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
