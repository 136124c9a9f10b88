//! Live capture: opens one socket and ring per worker in a fanout group, attaches the XDP
//! ingress counter, runs the workers pinned to CPUs, and merges their batches into the output
//! on this thread until `-c`, SIGINT or SIGTERM. Reports tcpdump's summary and every bucket.
use std::{
    io::{self, Write},
    ops::ControlFlow,
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering::Relaxed},
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

use crate::{
    StdoutError,
    cli::{Args, Backend, Direction, MAX_SNAPLEN},
    clock::now_ns,
    cpu::{allowed_cpus, choose_writer_cpu, pin_to_cpu},
    filter::{Compile, Filter},
    handoff::{CopyPool, Handoff, QUEUE_DEPTH, RingFill, STATS_EVERY},
    iface::{self, Interface, LinkType},
    ingress::Ingress,
    merge::Merger,
    metrics::{self, Endpoint},
    notices::Notices,
    ring::RingGeometry,
    signals::Signals,
    sink::{Sink, WriterOutcome},
    socket::{PacketSocket, SocketConfig},
    stats::{LiveStats, Totals},
    tstamp::Stamping,
    upload::UploadConfig,
    worker::{Pacing, Worker},
    writer::OutputConfig,
    xdp::{
        self, XdpConfig,
        reader::{Inline, Step},
    },
};

mod inline;

/// Ring memory when `-B` is not given: enough for 1 Gbit/s bursts of well over 100 ms.
const DEFAULT_RING_BYTES: u64 = 64 << 20;
/// The interface as the command line's checks left it (see `crate::run`).
pub struct Opened {
    /// The interface.
    pub iface: Interface,
    /// The link type of the records (`-y`, else the interface's own).
    pub link: LinkType,
    /// `-j`: the time stamps each socket asks for.
    pub stamping: Stamping,
    /// `-f`: the interface's IPv4 network and netmask (network byte order).
    pub netmask: Option<(u32, u32)>,
}

/// `--index` is given up for the open file once a ring is more than this many quarters full:
/// half, so the ring still has half its room to take the traffic while the capture catches up
/// without the index's work (live at 1514 B on one CPU, that work is 5-10 % of the core, enough
/// to turn a rate the capture keeps up with into one it loses packets at).
const INDEX_GIVEN_UP_AT: u64 = 2;
/// Packets written between two looks at the rings for `--index`: a few milliseconds of
/// traffic at the rates where it matters, far less than half a ring.
const INDEX_CHECK_EVERY: u64 = 1024;

/// Runs a live capture as `args` describe, on the interface `opened` describes.
pub fn run(args: &Args, expr: &str, opened: &Opened) -> Result<ExitCode> {
    let mut notices = Notices::new(args.notices);
    // Bound first: a bad address ends the run before anything is set up, and a port below 1024
    // is bound before -Z gives up root.
    let endpoint = args
        .metrics_listen
        .as_deref()
        .map(Endpoint::bind)
        .transpose()?;
    // Opened now, as the -w file is: a path that cannot be written is refused before the
    // capture, not after it, and the file is there to write after -Z gives up root.
    let stats_json = args
        .stats_json
        .as_deref()
        .map(|path| {
            std::fs::File::create(path)
                .map(|f| (path, f))
                .map_err(|e| anyhow::anyhow!("{path}: {}", crate::strerror(&e)))
        })
        .transpose()?;
    let mut running = start(args, expr, opened, &mut notices, endpoint)?;
    let merged = running.merge(args);
    running.finish(merged, notices, stats_json)
}

/// A capture whose sources run: what the merge loop and the report need.
struct Running {
    /// Every counter: the sources' (one per AF_PACKET worker, or the XDP reader), the ingress
    /// counter (or the XDP capture program, which counts too), the writer's.
    stats: Arc<LiveStats>,
    /// The `--metrics-listen` server, serving `stats` until the capture is reported.
    metrics: Option<metrics::Server>,
    threads: Vec<JoinHandle<io::Result<()>>>,
    sink: Sink<'static>,
    /// The output is files (not printing, not `-w -`): their figures are published too.
    files: bool,
    /// Tells the sources to drain and end.
    sources_stop: Arc<AtomicBool>,
    /// SIGINT, SIGTERM, SIGHUP; SIGUSR1; SIGUSR2.
    signals: Signals,
    /// The one source, when it writes on this thread itself (see [`Running::run_inline`]).
    inline: Option<inline::Source>,
}

/// What the merge loop did: what went to the sink, what came after, and how the sink fared.
struct Merged {
    /// `-c`.
    limit: u64,
    /// Packets given to the sink.
    written: u64,
    /// Packets that arrived after `-c` was reached or the output ended.
    past_count: u64,
    writer: WriterOutcome,
    last_tick: Instant,
    /// `Got N` once a second (`-v` with `-w`).
    got: bool,
    /// The socket failed (the interface disappeared) under the single worker's own loop.
    socket_error: Option<io::Error>,
    /// `--index`: the sources' rings, and the packets written when they are next looked at
    /// (see [`Merged::index_or_packets`]).
    index_watch: Option<(Vec<RingFill>, u64)>,
}

impl Merged {
    fn new(args: &Args, rings: &[RingFill]) -> Self {
        Self {
            limit: args.count.unwrap_or(u64::MAX),
            written: 0,
            past_count: 0,
            writer: WriterOutcome::default(),
            last_tick: Instant::now(),
            // tcpdump counts with -v and -w unless it prints the packets (--print).
            got: args.verbose > 0 && args.write.is_some() && !args.print,
            socket_error: None,
            index_watch: args.index.then(|| (rings.to_vec(), 0)),
        }
    }

    /// Nothing more goes to the sink: `-c` is reached or the output has ended.
    fn done(&self) -> bool {
        self.written >= self.limit || self.writer.ended.is_some()
    }

    /// Writes one packet, or counts it past the end; breaks once nothing more goes out.
    fn deliver(
        &mut self,
        sink: &mut Sink<'_>,
        ts_ns: u64,
        wirelen: u32,
        bytes: &[u8],
    ) -> ControlFlow<()> {
        if self.done() {
            self.past_count += 1;
            return ControlFlow::Break(());
        }
        match sink.write(ts_ns, wirelen, bytes) {
            Ok(()) => self.written += 1,
            Err(e) => self.writer.absorb(e),
        }
        self.index_or_packets(sink);
        if self.done() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// `--index`: packets come first. When a ring is more than [`INDEX_GIVEN_UP_AT`] quarters
    /// out of the kernel's reach (the capture is falling behind the traffic: its CPU is
    /// saturated, or the writer is slow), the open file's index is given up, and with it the
    /// index's work per packet for the rest of that file, rather than packets once the ring
    /// overflows; `capture query` reads that file in full. The next file is indexed again.
    /// The rings are looked at every [`INDEX_CHECK_EVERY`] packets written, each look a load
    /// per ring block.
    fn index_or_packets(&mut self, sink: &mut Sink<'_>) {
        let Some((rings, next)) = &mut self.index_watch else {
            return;
        };
        if self.written < *next {
            return;
        }
        *next = self.written + INDEX_CHECK_EVERY;
        if rings.iter().any(|r| r.beyond(INDEX_GIVEN_UP_AT))
            && let Some(out) = &mut sink.file
        {
            out.give_up_index();
        }
    }

    /// No packet is waiting: printed lines go out now.
    fn idle(&mut self, sink: &mut Sink<'_>) {
        if let Err(e) = sink.idle() {
            self.writer.absorb(e);
        }
    }
}

/// Opens the sockets or the XDP capture, the ingress counter and the sink, prints tcpdump's
/// banner, and starts the sources.
fn start(
    args: &Args,
    expr: &str,
    opened: &Opened,
    notices: &mut Notices,
    endpoint: Option<Endpoint>,
) -> Result<Running> {
    let iface = opened.iface.clone();
    let pacing = if args.immediate {
        Pacing::IMMEDIATE
    } else {
        Pacing::BLOCKS
    };
    let if_drops_at_start = iface::drops(&iface.name);
    // `any` (index 0), and devices whose link header libpcap does not record, are captured
    // cooked, as tcpdump records them.
    let link = opened.link;
    let cooked = link.cooked();
    let snaplen = args.snaplen();
    xdp::check_args(args)?;
    let xdp_backend = args.backend == Backend::Xdp;
    if xdp_backend && iface.index == 0 {
        bail!("--backend xdp attaches to one interface; name it instead of -i any");
    }
    if xdp_backend && link != LinkType::EN10MB {
        // Its filter is compiled for, and its programs read, Ethernet frames.
        bail!("--backend xdp captures Ethernet (link-type EN10MB) only, not {link}");
    }
    if xdp_backend && opened.stamping != Stamping::Host {
        bail!(
            "--backend xdp has the kernel's time stamps only; adapter time stamps (-j) need \
             --backend afpacket"
        );
    }
    let how = crate::compile_options(args, opened.netmask);
    let Filters {
        kernel: filter,
        user: mut userspace,
        if_refused,
    } = filters(expr, &iface, link, snaplen, xdp_backend, how)?;
    let out_cfg = args
        .write
        .as_ref()
        .map(|_| OutputConfig::from_args(args))
        .transpose()?
        .map(|c| OutputConfig {
            if_name: Some(iface.name.clone()),
            // The uploader runs on any CPU the process may use, not on the writer's.
            upload: c.upload.map(|u| UploadConfig {
                cpus: allowed_cpus(),
                ..u
            }),
            ..c
        });

    // --immediate-mode takes one worker unless told otherwise: each packet then goes out as soon
    // as the kernel hands it over, with no other worker's watermark to wait for.
    let workers = usize::from(args.workers.unwrap_or_else(|| {
        if args.immediate {
            return 1;
        }
        thread::available_parallelism().map_or(1, |n| n.get().min(usize::from(u16::MAX)) as u16)
    }));
    // Worker i runs on the i-th CPU the process may use (so `taskset -c 2,3` is honoured).
    let cpus = allowed_cpus();
    let worker_cpus: Vec<usize> = (0..if xdp_backend { 0 } else { workers })
        .map(|i| cpus[i % cpus.len()])
        .collect();
    let writer_cpu = choose_writer_cpu(args.writer_cpu, &cpus, &worker_cpus)?;
    // One source whose CPU the writer would share (one worker, or the XDP reader of a process
    // that may use one CPU): the source writes itself, on that CPU.
    let inline_cpu = match (xdp_backend, &worker_cpus[..], &cpus[..]) {
        (false, &[cpu], _) if writer_cpu.is_none_or(|w| w == cpu) => Some(cpu),
        (true, _, &[cpu]) => Some(cpu),
        _ => None,
    };
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
                args.fanout_mode(),
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
            cooked: cooked.is_some(),
            promisc: !args.no_promisc,
            direction: args.direction.unwrap_or(Direction::Inout),
            filter: filter.as_ref(),
            geometry,
            fanout: (workers > 1).then_some((group, args.fanout_mode())),
            retire_tov_ms: pacing.retire_tov_ms,
            stamping: opened.stamping,
        };
        sockets.push(PacketSocket::open(&cfg).with_context(|| iface.name.clone())?);
    }
    if let (Some(f), Some(refused)) = (
        if_refused,
        sockets.first().and_then(|(s, _)| s.filter_refused()),
    ) {
        warn_filter_refused(refused);
        userspace = Some(Arc::new(f));
    }
    let workers_stop = Arc::new(AtomicBool::new(false));
    let mut xdp_source = None;
    let mut inline_source = None;
    let xdp = if xdp_backend {
        let cfg = XdpConfig {
            snaplen,
            consume: args.xdp_consume,
            ring_bytes,
            promisc: !args.no_promisc,
        };
        let handoff = Arc::new(Handoff::new(QUEUE_DEPTH, cfg.copy_pool()));
        let cap = xdp::start(&iface, filter.as_ref(), cfg, Arc::clone(&handoff))
            .context(iface.name.clone())?;
        notices.note("backend", "xdp: received frames only (XDP sees no egress)");
        let ingress = Ingress::Program(cap.ingress);
        notices.note("xdp attach", ingress.describe());
        let thread = if inline_cpu.is_some() {
            inline_source = Some(inline::Source::Xdp(Box::new(Inline::new(cap.reader))));
            None
        } else {
            let stop = Arc::clone(&workers_stop);
            Some(
                cap.reader
                    .spawn(stop)
                    .context("starting the XDP reader thread")?,
            )
        };
        xdp_source = Some((handoff, cap.fill, thread));
        Some(ingress)
    } else if iface.index == 0 || args.no_xdp {
        // XDP attaches to one interface; `any` has none to attach to.
        notices.note("ingress counter", "none");
        None
    } else {
        attach_ingress_counter(&iface, notices)
    };
    // Pinned before the sink exists: the O_DIRECT I/O thread is started from this thread later
    // and inherits its CPU.
    match (inline_cpu, writer_cpu) {
        (Some(cpu), _) => {
            pin_to_cpu(cpu);
            let source = if xdp_backend { "reader" } else { "worker" };
            notices.note(
                "writer",
                format!("the {source}'s own thread (one CPU for both: no handoff, no merge)"),
            );
        }
        (None, Some(cpu)) => {
            pin_to_cpu(cpu);
            notices.note("writer", format!("CPU {cpu}"));
        }
        (None, None) => notices.note("writer", "not pinned (every allowed CPU runs a worker)"),
    }
    let mut sink = Sink::open_as(
        args,
        out_cfg,
        (link.linktype, link.dlt),
        snaplen,
        opened.netmask,
    )?;
    banner(args, &iface, &link, snaplen);

    let signals = Signals::register(true)?;

    let mut handoffs: Vec<Arc<Handoff>> = (0..sockets.len())
        .map(|_| {
            let pool = CopyPool::for_ring(geometry.len(), geometry.block_size as usize);
            Arc::new(Handoff::new(QUEUE_DEPTH, pool))
        })
        .collect();
    let mut rings: Vec<RingFill> = sockets
        .iter()
        .map(|(_, ring)| RingFill::Blocks(ring.fill()))
        .collect();
    let xdp_reader = xdp_source.and_then(|(handoff, fill, thread)| {
        handoffs.push(handoff);
        rings.push(fill);
        thread
    });
    if let Some(out) = &mut sink.file {
        // pcapng: each file's statistics block reads the sources' counters as it is closed.
        let counters = handoffs.clone();
        out.set_stats_source(Box::new(move || (&Totals::from_workers(&counters)).into()));
    }
    let loopback = iface::nametoindex("lo").map(|i| i as i32);
    let mut workers = sockets
        .into_iter()
        .zip(&handoffs)
        .map(|((socket, ring), handoff)| Worker {
            socket,
            ring,
            handoff: Arc::clone(handoff),
            direction: args.direction.unwrap_or(Direction::Inout),
            snaplen,
            cooked,
            loopback,
            filter: userspace.clone(),
            pacing,
        })
        .collect::<Vec<_>>();
    if inline_cpu.is_some()
        && let Some(worker) = workers.pop()
    {
        inline_source = Some(inline::Source::Socket(worker, Vec::new()));
    }
    let mut threads = spawn_workers(workers, &worker_cpus, &workers_stop)?;
    threads.extend(xdp_reader);
    let stats = Arc::new(LiveStats::new(
        &iface.name,
        if_drops_at_start,
        handoffs,
        rings,
        xdp,
    ));
    let metrics = endpoint
        .map(|e| e.serve(Arc::clone(&stats)))
        .transpose()
        .context("starting the metrics thread")?;
    Ok(Running {
        stats,
        metrics,
        threads,
        sink,
        files: args.write.as_deref().is_some_and(|w| w != "-"),
        sources_stop: workers_stop,
        signals,
        inline: inline_source,
    })
}

impl Running {
    /// Runs the capture: the merge loop, or the single worker's own loop.
    fn merge(&mut self, args: &Args) -> Merged {
        let mut m = Merged::new(args, &self.stats.rings);
        match self.inline.take() {
            Some(source) => self.run_inline(source, &mut m),
            None => self.merge_sources(&mut m),
        }
        m
    }

    /// Merges the sources' batches into the sink in time order until `-c`, a signal, the end of
    /// the output or a failed source; then lets the sources drain and end.
    fn merge_sources(&mut self, m: &mut Merged) {
        let mut merger = Merger::new(&self.stats.handoffs);
        let mut finishing = false;
        loop {
            let stopping = self.signals.stop.load(Relaxed);
            if stopping && !finishing {
                self.sources_stop.store(true, Relaxed);
                finishing = true;
            }
            // Checked before polling: once every worker has finished, this poll sees all they
            // queued.
            let drained = finishing && self.threads.iter().all(|t| t.is_finished());
            let sink = &mut self.sink;
            let n =
                merger.poll(|batch, rec| m.deliver(sink, rec.ts_ns, rec.wirelen, batch.bytes(rec)));
            if n == 0 {
                m.idle(&mut self.sink);
            }
            if let Some(first) = merger.first_emitted() {
                self.stats.lag.record(now_ns().saturating_sub(first));
            }
            // A worker that ended on its own hit a socket error (the interface disappeared):
            // stop them all.
            let worker_failed = self.threads.iter().any(|t| t.is_finished());
            if (m.done() || worker_failed) && !finishing {
                self.sources_stop.store(true, Relaxed);
                finishing = true;
            }
            if drained && n == 0 {
                break;
            }
            self.housekeeping(m);
            if n == 0 {
                // Workers wake this thread when they queue a batch or move their watermark; the
                // timeout bounds how late a signal or the once-a-second tick is seen.
                thread::park_timeout(Duration::from_millis(100));
            }
        }
    }

    /// One source and the writer on one CPU: the source's loop writes each packet itself, as
    /// tcpdump's one loop does, from the ring to the output with no batch, handoff, merge or
    /// wake-ups between threads. The files, the buckets and the summary are those of the
    /// threaded path.
    fn run_inline(&mut self, mut source: inline::Source, m: &mut Merged) {
        let mut last_stats = Instant::now();
        // Set once the capture ends: what the ring holds is still read (and counted past `-c`).
        let mut finishing = false;
        loop {
            finishing |= self.signals.stop.load(Relaxed) || m.done();
            let mut first_ts = None;
            let sink = &mut self.sink;
            let step = source.deliver_ready(finishing, |ts_ns, wirelen, bytes| {
                first_ts.get_or_insert(ts_ns);
                let _ = m.deliver(sink, ts_ns, wirelen, bytes);
            });
            if let Some(ts) = first_ts {
                self.stats.lag.record(now_ns().saturating_sub(ts));
            }
            if last_stats.elapsed() >= STATS_EVERY {
                source.update_counters();
                if let Err(e) = source.check_present() {
                    // What the ring still holds is read first.
                    m.socket_error.get_or_insert(e);
                    finishing = true;
                }
                last_stats = Instant::now();
            }
            if step != Step::More {
                m.idle(&mut self.sink);
                if finishing && step == Step::Idle {
                    break;
                }
                if let Err(e) = source.wait(step) {
                    m.socket_error = Some(e);
                    break;
                }
            }
            self.housekeeping(m);
        }
        source.finish();
    }

    /// After each write pass: the writer's figures published (never per packet), SIGUSR1's
    /// one-line statistics, and once a second the sink's tick and `Got N`.
    fn housekeeping(&mut self, m: &mut Merged) {
        self.stats
            .writer
            .publish(m.written, m.writer.drops, m.past_count);
        if self.files
            && let Some(out) = &self.sink.file
        {
            self.stats.writer.publish_output(out.progress());
        }
        if self.signals.usr1.swap(false, Relaxed) {
            eprint!("{}", self.stats.totals().one_line());
        }
        if self.signals.usr2.swap(false, Relaxed)
            && let Err(e) = self.sink.flush()
        {
            m.writer.absorb(e);
        }
        if m.last_tick.elapsed() >= Duration::from_secs(1) {
            m.last_tick = Instant::now();
            self.stats.lag.tick(m.last_tick);
            if let Err(e) = self.sink.tick() {
                m.writer.absorb(e);
            }
            if m.got {
                eprint!("Got {}\r", m.written);
            }
        }
    }

    /// Joins the sources, closes the sink, and reports as tcpdump: the error that ended the
    /// capture, the summary (and `--stats-json`); returns the exit code.
    fn finish(
        self,
        merged: Merged,
        mut notices: Notices,
        stats_json: Option<(&str, std::fs::File)>,
    ) -> Result<ExitCode> {
        let Merged {
            written,
            past_count,
            writer,
            socket_error,
            ..
        } = merged;
        let Running {
            stats,
            metrics,
            threads,
            sink,
            signals,
            ..
        } = self;
        let mut socket_error = socket_error;
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
            // libpcap's words for the loop's end, as tcpdump prints them.
            let what = if e.raw_os_error() == Some(libc::ENODEV) {
                "The interface disappeared".to_owned()
            } else {
                format!("Error condition on packet socket: {}", crate::strerror(e))
            };
            eprintln!("capture: pcap_loop: {what}");
        }
        let end = sink.finish(signals.stop.load(Relaxed), None)?;
        if let Some(path) = end.io_path {
            notices.note("output", format!("{path:?}"));
        }
        let given_up = end.indexes_given_up;
        if let Some(names) = given_up.as_ref().filter(|n| !n.is_empty()) {
            notices.note(
                "index",
                format!(
                    "given up for {} file(s) where the capture fell behind (a ring more than \
                     half full), which capture query reads in full: {}",
                    names.len(),
                    names.join(", ")
                ),
            );
        }
        // The writer's own count includes the losses it reported through write/tick.
        let upload = end.upload;
        let writer_drops = end.dropped.max(writer.drops);
        let exit_ok = writer.ended != Some(false) && writer_drops == 0;
        stats.writer.publish(written, writer_drops, past_count);
        let t = stats.totals();
        if !writer.open_failed {
            eprint!("{}", t.summary());
            // Only with --upload, capture's own option: tcpdump's lines are unchanged.
            if let Some(u) = &upload {
                eprint!("{}", u.line());
            }
        }
        if let Some((path, mut file)) = stats_json {
            let mut json = t.to_json();
            json["engine"] = notices.to_json();
            if let Some(u) = &upload {
                json["upload"] = u.to_json();
            }
            if let Some(names) = &given_up {
                json["indexes_given_up"] = names.clone().into();
            }
            let text = serde_json::to_string_pretty(&json).expect("a JSON value serializes") + "\n";
            file.write_all(text.as_bytes())
                .map_err(|e| anyhow::anyhow!("writing {path}: {}", crate::strerror(&e)))?;
        }
        // Scrapes are answered until the report is out.
        drop(metrics);
        Ok(if exit_ok && socket_error.is_none() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }
}

/// Starts each worker on its thread, pinned to its CPU, until `stop`.
fn spawn_workers(
    workers: Vec<Worker>,
    cpus: &[usize],
    stop: &Arc<AtomicBool>,
) -> Result<Vec<JoinHandle<io::Result<()>>>> {
    workers
        .into_iter()
        .zip(cpus.iter().copied())
        .enumerate()
        .map(|(i, (worker, cpu))| {
            let stop = Arc::clone(stop);
            thread::Builder::new()
                .name(format!("capture-worker-{i}"))
                .spawn(move || {
                    pin_to_cpu(cpu);
                    worker.run(&stop)
                })
                .context("starting a worker thread")
        })
        .collect()
}

/// The ingress count of `iface`, if one can be had (a capture without it still runs).
fn attach_ingress_counter(iface: &Interface, notices: &mut Notices) -> Option<Ingress> {
    match Ingress::attach(iface) {
        Ok(c) => {
            notices.note("ingress counter", c.describe());
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
}

/// tcpdump's banner: the program name starts the line unless the "suppressed" line did.
fn banner(args: &Args, iface: &Interface, link: &LinkType, snaplen: u32) {
    if args.write.is_none() && args.verbose == 0 {
        eprintln!("capture: verbose output suppressed, use -v[v]... for full protocol decode");
        eprint!("listening on ");
    } else {
        eprint!("capture: listening on ");
    }
    eprintln!(
        "{}, link-type {link}, snapshot length {snaplen} bytes",
        iface.name
    );
}

/// A capture's filter programs.
struct Filters {
    /// The socket's (or the XDP program's).
    kernel: Option<Filter>,
    /// The one the workers run in user space from the start (as libpcap runs a program that
    /// cannot go to the kernel).
    user: Option<Arc<Filter>>,
    /// The one they run should the kernel refuse its program.
    if_refused: Option<Filter>,
}

fn filters(
    expr: &str,
    iface: &Interface,
    link: LinkType,
    snaplen: u32,
    xdp_backend: bool,
    how: Compile,
) -> Result<Filters> {
    let none = Filters {
        kernel: None,
        user: None,
        if_refused: None,
    };
    // No expression: the kernel copies each frame whole and the workers cut it to the snap
    // length. A shorter snap length goes to the kernel as libpcap's program for the empty
    // expression (`ret #snaplen`), so that the kernel copies only that much into the ring,
    // as it does for tcpdump: `-s 96` of a 1514-byte frame is 96 bytes copied, not 1514, and
    // the ring holds eight times the frames (each also takes a header of about 80 bytes). At
    // the largest snap length the program would cut nothing and cost a call per frame.
    if expr.trim().is_empty() && (xdp_backend || snaplen >= MAX_SNAPLEN) {
        return Ok(none);
    }
    if xdp_backend {
        // XDP runs before the kernel moves the VLAN tag out: offline semantics (notes §9).
        return Ok(Filters {
            kernel: Some(Filter::dead_with(link.dlt, expr, snaplen, how)?),
            ..none
        });
    }
    // libpcap's words alone, as tcpdump prints a filter that does not compile.
    let f = Filter::live_with(&iface.name, link.dlt, expr, snaplen, how)?;
    let Some(cooked) = link.cooked() else {
        return Ok(Filters {
            kernel: Some(f.clone()),
            if_refused: Some(f),
            ..none
        });
    };
    // The kernel's form reads the frame without the cooked header; should the kernel refuse
    // it, the workers run the program as compiled over the packet with its cooked header, as
    // libpcap does. A program reading the header's address has no kernel form at all.
    Ok(match f.for_cooked_socket(cooked) {
        Some(kernel) => Filters {
            kernel: Some(kernel),
            if_refused: Some(f),
            ..none
        },
        None => Filters {
            user: Some(Arc::new(f)),
            ..none
        },
    })
}

/// libpcap's words when the kernel refuses a program, which it then runs itself.
fn warn_filter_refused(refused: &io::Error) {
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
}
