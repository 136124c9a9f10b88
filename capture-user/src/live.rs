//! Live capture: opens one socket and ring per worker in a fanout group, attaches the XDP
//! ingress counter, runs the workers pinned to CPUs, and merges their batches into the output
//! on this thread until `-c`, SIGINT or SIGTERM. Reports tcpdump's summary and every bucket.
use std::{
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

use crate::{
    cli::{Args, Backend, Direction},
    ebpf::IngressCounter,
    filter::Filter,
    iface::{self, Interface},
    merge::Merger,
    privs,
    ring::RingGeometry,
    socket::{PacketSocket, SocketConfig},
    stats::Totals,
    worker::{Handoff, Worker, now_ns, pin_to_cpu},
    writer::{Output, OutputConfig, WriteError},
    xdp::{self, XdpConfig},
};

/// Ring memory when `-B` is not given: enough for 1 Gbit/s bursts of well over 100 ms.
const DEFAULT_RING_BYTES: u64 = 64 << 20;
/// Batches in flight per worker before the handoff counts drops.
const QUEUE_DEPTH: usize = 64;
/// LINKTYPE_ETHERNET.
const LINKTYPE_ETHERNET: u32 = 1;

/// Runs a live capture as `args` describe.
pub fn run(args: &Args, expr: &str) -> Result<ExitCode> {
    let iface = iface::resolve(args.interface.as_deref())?;
    if iface.index == 0 {
        bail!("-i any (Linux cooked capture) is not supported yet; name an interface");
    }
    check_link_type(&iface)?;
    let snaplen = args.snaplen();
    xdp::check_args(args)?;
    let xdp_backend = args.backend == Backend::Xdp;
    let filter = if expr.trim().is_empty() {
        None
    } else if xdp_backend {
        // XDP runs before the kernel moves the VLAN tag out: offline semantics (notes §9).
        let f = Filter::dead(LINKTYPE_ETHERNET as i32, expr, snaplen);
        Some(f.context(iface.name.clone())?)
    } else {
        Some(Filter::live(&iface.name, expr, snaplen).context(iface.name.clone())?)
    };
    let out_cfg = args
        .write
        .as_ref()
        .map(|_| OutputConfig::from_args(args))
        .transpose()?;

    let workers = usize::from(args.workers.unwrap_or_else(|| {
        thread::available_parallelism().map_or(1, |n| n.get().min(usize::from(u16::MAX)) as u16)
    }));
    let ring_bytes = args.buffer_kib.map_or(DEFAULT_RING_BYTES, |k| k * 1024);
    // Room for a restored VLAN tag on top of the snaplen.
    let geometry = RingGeometry::for_budget(ring_bytes / workers as u64, snaplen.saturating_add(4));
    let group = (std::process::id() & 0xffff) as u16;
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
    let workers_stop = Arc::new(AtomicBool::new(false));
    let mut xdp_source = None;
    let xdp = if xdp_backend {
        let cfg = XdpConfig {
            snaplen,
            consume: args.xdp_consume,
            ring_bytes,
        };
        let handoff = Arc::new(Handoff::new(QUEUE_DEPTH));
        let stop = Arc::clone(&workers_stop);
        let cap = xdp::start(&iface, filter.as_ref(), cfg, Arc::clone(&handoff), stop)
            .context(iface.name.clone())?;
        eprintln!("capture: --backend xdp captures received frames only (XDP sees no egress)");
        xdp_source = Some((handoff, cap.reader));
        Some(cap.ingress)
    } else {
        match IngressCounter::attach(&iface.name, iface.index) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("capture: warning: {e}; drops before the socket are not counted");
                None
            }
        }
    };
    if let Some(user) = &args.user {
        privs::drop_to(user)?;
    }
    let mut sink = Sink::open(args, out_cfg, snaplen)?;
    eprintln!(
        "capture: listening on {}, link-type EN10MB (Ethernet), snapshot length {snaplen} bytes",
        iface.name
    );

    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGINT, Arc::clone(&stop))?;
    signal_hook::flag::register(SIGTERM, Arc::clone(&stop))?;
    let usr1 = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGUSR1, Arc::clone(&usr1))?;

    let mut handoffs: Vec<Arc<Handoff>> = (0..sockets.len())
        .map(|_| Arc::new(Handoff::new(QUEUE_DEPTH)))
        .collect();
    let cpus = thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads: Vec<_> = sockets
        .into_iter()
        .zip(&handoffs)
        .enumerate()
        .map(|(i, ((socket, ring), handoff))| {
            let worker = Worker {
                socket,
                ring,
                handoff: Arc::clone(handoff),
                direction: args.direction.unwrap_or(Direction::Inout),
                snaplen,
            };
            let stop = Arc::clone(&workers_stop);
            thread::Builder::new()
                .name(format!("capture-worker-{i}"))
                .spawn(move || {
                    pin_to_cpu(i % cpus);
                    worker.run(&stop);
                })
                .expect("spawning a worker thread")
        })
        .collect();
    if let Some((handoff, reader)) = xdp_source {
        handoffs.push(handoff);
        threads.push(reader);
    }

    let mut merger = Merger::new(&handoffs);
    let limit = args.count.unwrap_or(u64::MAX);
    let mut written = 0u64;
    let mut past_count = 0u64;
    let mut writer_drops = 0u64;
    let mut failure: Option<WriteError> = None;
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
            if written >= limit || failure.is_some() {
                past_count += 1;
                return ControlFlow::Break(());
            }
            match sink.write(rec.ts_ns, rec.wirelen, batch.bytes(rec)) {
                Ok(()) => written += 1,
                Err(e) => {
                    writer_drops += e.dropped_packets();
                    if !matches!(e, WriteError::Stopped) {
                        eprintln!("capture: {e}");
                    }
                    if matches!(e, WriteError::FileLimitReached(_)) {
                        failure = Some(e);
                        return ControlFlow::Break(());
                    }
                }
            }
            if written >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        if (written >= limit || failure.is_some()) && !finishing {
            workers_stop.store(true, Relaxed);
            finishing = true;
        }
        if drained && n == 0 {
            break;
        }
        if usr1.swap(false, Relaxed) {
            let mut t = totals(&handoffs, &xdp, written, writer_drops, past_count);
            t.captured = written;
            eprint!("{}", t.one_line());
        }
        if last_tick.elapsed() >= Duration::from_secs(1) {
            last_tick = Instant::now();
            sink.tick()?;
            if got {
                eprint!("Got {written}\r");
            }
        }
        if n == 0 {
            thread::sleep(Duration::from_millis(1));
        }
    }
    for t in threads {
        let _ = t.join();
    }
    let exit_ok = sink.finish(&mut writer_drops)?;
    let t = totals(&handoffs, &xdp, written, writer_drops, past_count);
    if stop.load(Relaxed) {
        eprintln!();
    }
    eprint!("{}", t.summary());
    if let Some(path) = &args.stats_json {
        std::fs::write(path, t.to_json()).with_context(|| format!("writing {path}"))?;
    }
    Ok(if exit_ok {
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
}

impl Sink {
    fn open(args: &Args, cfg: Option<OutputConfig>, snaplen: u32) -> Result<Self> {
        match cfg {
            Some(cfg) => Ok(Sink::File(Box::new(Output::create(
                cfg,
                LINKTYPE_ETHERNET,
                snaplen,
            )?))),
            None => {
                let _ = args;
                bail!("printing live packets is not available yet; use -w")
            }
        }
    }

    fn write(&mut self, ts_ns: u64, wirelen: u32, data: &[u8]) -> Result<(), WriteError> {
        let (sec, nsec) = (
            (ts_ns / 1_000_000_000) as i64,
            (ts_ns % 1_000_000_000) as u32,
        );
        match self {
            Sink::File(out) => out.write(sec, nsec, wirelen, data),
        }
    }

    fn tick(&mut self) -> Result<(), WriteError> {
        match self {
            Sink::File(out) => out.tick((now_ns() / 1_000_000_000) as i64),
        }
    }

    /// Flushes and closes; returns whether everything handed to it was written.
    fn finish(self, writer_drops: &mut u64) -> Result<bool> {
        match self {
            Sink::File(out) => {
                let summary = out.finish()?;
                *writer_drops = (*writer_drops).max(summary.dropped);
                Ok(summary.dropped == 0)
            }
        }
    }
}
