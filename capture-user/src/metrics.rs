//! `--metrics-listen ADDR:PORT`: the capture's figures in Prometheus' text exposition format
//! (version 0.0.4), encoded by `prometheus-client` and served at `/metrics` over HTTP by one
//! thread.
//!
//! Every figure is read at scrape time from the counters the summary, SIGUSR1 and `--stats-json`
//! read ([`LiveStats`]): nothing is counted twice, and the packet path does no work for the
//! endpoint. The server answers one request per connection, one connection at a time, with
//! timeouts, so a stuck client delays a scrape but never the capture, and resources stay bounded
//! over months.
use std::{
    fmt,
    io::{self, Read, Write},
    net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering::Relaxed},
    },
    thread::{self, JoinHandle},
    time::Duration,
};

use prometheus_client::{
    collector::Collector,
    encoding::{DescriptorEncoder, EncodeMetric, prometheus_text},
    metrics::{MetricType, counter::ConstCounter, gauge::ConstGauge},
    registry::Registry,
};

use crate::stats::{LiveStats, Totals};

/// The one path served.
const PATH: &str = "/metrics";
/// How long a client may take to send its request or read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head read.
const MAX_HEAD: usize = 8192;
/// The writer lag quantiles reported.
const LAG_QUANTILES: [f64; 5] = [0.5, 0.9, 0.99, 0.999, 1.0];

/// `--metrics-listen` could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("--metrics-listen {spec}: {msg}")]
pub struct MetricsError {
    /// The address as given.
    spec: String,
    /// What is wrong with it.
    msg: String,
}

/// A bound, not yet serving, metrics endpoint. Bound early (before privileges are given up, so
/// a port below 1024 works with `-Z`), served once the capture's counters exist.
pub struct Endpoint {
    listener: TcpListener,
}

impl Endpoint {
    /// Binds `spec`: `ADDR:PORT`, `[IPv6]:PORT`, `HOST:PORT`, or `:PORT` for every address
    /// (IPv6 and IPv4 where the host has IPv6, else IPv4), as Prometheus exporters take it.
    pub fn bind(spec: &str) -> Result<Self, MetricsError> {
        let error = |msg: &str| MetricsError {
            spec: spec.to_owned(),
            msg: msg.to_owned(),
        };
        let usage = "not an address and port (ADDR:PORT, e.g. 127.0.0.1:9100 or [::1]:9100)";
        let addrs: Vec<SocketAddr> = match spec.strip_prefix(':') {
            Some(port) => {
                let port: u16 = port.parse().map_err(|_| error(usage))?;
                vec![
                    SocketAddr::from((Ipv6Addr::UNSPECIFIED, port)),
                    SocketAddr::from((Ipv4Addr::UNSPECIFIED, port)),
                ]
            }
            None => match spec.to_socket_addrs() {
                Ok(a) => a.collect(),
                Err(e) if e.kind() == io::ErrorKind::InvalidInput => return Err(error(usage)),
                Err(e) => return Err(error(&crate::strerror(&e))),
            },
        };
        let mut last = None;
        for addr in addrs {
            match TcpListener::bind(addr) {
                Ok(listener) => return Ok(Self { listener }),
                Err(e) => last = Some(e),
            }
        }
        Err(error(&last.map_or_else(
            || "the name has no address".to_owned(),
            |e| crate::strerror(&e),
        )))
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Starts serving `stats` on a thread of its own, until the returned server is dropped.
    pub fn serve(self, stats: Arc<LiveStats>) -> io::Result<Server> {
        let local = self.listener.local_addr()?;
        // To wake the accept call when stopping: the address itself, or loopback for a wildcard.
        let wake = match local {
            SocketAddr::V4(a) if a.ip().is_unspecified() => {
                SocketAddr::from((Ipv4Addr::LOCALHOST, a.port()))
            }
            SocketAddr::V6(a) if a.ip().is_unspecified() => {
                SocketAddr::from((Ipv6Addr::LOCALHOST, a.port()))
            }
            other => other,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let mut registry = Registry::default();
        registry.register_collector(Box::new(Figures(stats)));
        let listener = self.listener;
        let stopping = Arc::clone(&stop);
        let thread = thread::Builder::new()
            .name("capture-metrics".into())
            .spawn(move || accept_loop(&listener, &registry, &stopping))?;
        Ok(Server {
            stop,
            wake,
            thread: Some(thread),
        })
    }
}

/// The serving thread; dropping this stops it and waits for it.
pub struct Server {
    stop: Arc<AtomicBool>,
    wake: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Relaxed);
        // accept() returns for this connection and the thread sees the flag. If it cannot be
        // made, the thread is left to end with the process rather than hang the exit.
        if TcpStream::connect_timeout(&self.wake, IO_TIMEOUT).is_ok()
            && let Some(t) = self.thread.take()
        {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, registry: &Registry, stop: &AtomicBool) {
    loop {
        let accepted = listener.accept();
        if stop.load(Relaxed) {
            return;
        }
        match accepted {
            // A client's failure (timeout, reset) is its own; the next one is served.
            Ok((stream, _)) => {
                let _ = answer(stream, registry);
            }
            // Out of descriptors or memory, or an aborted connection: wait a little, go on.
            Err(_) => thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// An HTTP status line and its body.
struct Reply {
    status: &'static str,
    content_type: &'static str,
    extra_header: &'static str,
    body: String,
}

impl Reply {
    fn text(status: &'static str, body: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            extra_header: "",
            body: body.to_owned(),
        }
    }
}

/// Reads one request from `stream` and answers it, then closes the connection.
fn answer(mut stream: TcpStream, registry: &Registry) -> io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut head = vec![0u8; MAX_HEAD];
    let mut len = 0;
    let (reply, with_body) = loop {
        let n = stream.read(&mut head[len..])?;
        if n == 0 {
            // Closed before a whole request.
            return Ok(());
        }
        len += n;
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&head[..len]) {
            Ok(httparse::Status::Complete(_)) => {
                let method = req.method.unwrap_or_default();
                let path = req.path.unwrap_or_default();
                break route(method, path, registry);
            }
            Ok(httparse::Status::Partial) if len < head.len() => {}
            Ok(httparse::Status::Partial) => {
                break (
                    Reply::text("431 Request Header Fields Too Large", "request too large\n"),
                    true,
                );
            }
            Err(_) => break (Reply::text("400 Bad Request", "bad request\n"), true),
        }
    };
    let mut out = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len(),
        reply.extra_header
    );
    if with_body {
        out.push_str(&reply.body);
    }
    stream.write_all(out.as_bytes())?;
    stream.flush()?;
    // The client reads to the end; a request body it may have sent is not read.
    stream.shutdown(Shutdown::Write)
}

/// The reply to `method path`, and whether it carries its body (not for HEAD).
fn route(method: &str, path: &str, registry: &Registry) -> (Reply, bool) {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path != PATH {
        return (
            Reply::text("404 Not Found", "capture serves its metrics at /metrics\n"),
            true,
        );
    }
    match method {
        "GET" | "HEAD" => {
            let mut body = String::new();
            match prometheus_text::encode(&mut body, registry) {
                Ok(()) => (
                    Reply {
                        status: "200 OK",
                        content_type: prometheus_text::CONTENT_TYPE,
                        extra_header: "",
                        body,
                    },
                    method == "GET",
                ),
                Err(fmt::Error) => (
                    Reply::text("500 Internal Server Error", "cannot encode the metrics\n"),
                    true,
                ),
            }
        }
        _ => (
            Reply {
                extra_header: "Allow: GET, HEAD\r\n",
                ..Reply::text("405 Method Not Allowed", "only GET and HEAD\n")
            },
            true,
        ),
    }
}

/// The collector that reads the capture's counters on each scrape.
struct Figures(Arc<LiveStats>);

impl fmt::Debug for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Figures")
    }
}

/// The buckets of `--stats-json` that are counts since the start: `capture_<key>_total`.
fn bucket_counters(t: &Totals) -> [(&'static str, &'static str, Option<u64>); 15] {
    [
        (
            "xdp_seen",
            "Frames that reached the interface (the ingress count: XDP/TC counter or veth's own; ingress only).",
            t.xdp_seen,
        ),
        (
            "xdp_bytes",
            "Wire bytes of the frames the ingress count saw.",
            t.xdp_bytes,
        ),
        (
            "received_by_filter",
            "Packets that passed the kernel filter (tcpdump's received by filter).",
            Some(t.received),
        ),
        (
            "dropped_ring_full",
            "Packets dropped because a ring was full (tcpdump's dropped by kernel).",
            Some(t.ring_drops),
        ),
        (
            "read_from_ring",
            "Packets read from the rings.",
            Some(t.read),
        ),
        (
            "outgoing_read",
            "Outgoing packets read (never seen by the ingress counter).",
            Some(t.outgoing),
        ),
        (
            "skipped_direction",
            "Packets read but not of the -Q direction, or the outgoing copy of a loopback packet.",
            Some(t.wrong_direction),
        ),
        (
            "filtered_in_userspace",
            "Packets rejected by the filter run in user space.",
            Some(t.filtered_userspace),
        ),
        (
            "dropped_handoff",
            "Packets dropped because the writer's queue was full.",
            Some(t.handoff_drops),
        ),
        (
            "dropped_writer",
            "Packets handed to the writer but not written (disk full, I/O error).",
            Some(t.writer_drops),
        ),
        (
            "captured",
            "Packets written or printed (tcpdump's captured).",
            Some(t.captured),
        ),
        (
            "past_count_limit",
            "Packets handed to the writer after -c (or the -G/-W file limit) ended the output.",
            Some(t.past_count),
        ),
        (
            "dropped_by_interface",
            "Packets the interface itself dropped since the start (tcpdump's dropped by interface).",
            Some(t.if_drops),
        ),
        (
            "copied_out_of_ring",
            "Packets copied out of the ring because the writer held most of it (not a bucket).",
            Some(t.copied_out),
        ),
        (
            "copy_pool_waits",
            "Times a source stopped reading because the writer held all its copy memory.",
            Some(t.pool_waits),
        ),
    ]
}

fn counter(e: &mut DescriptorEncoder, name: &str, help: &str, v: u64) -> fmt::Result {
    let c = ConstCounter::new(v);
    c.encode(e.encode_descriptor(name, help, None, c.metric_type())?)
}

fn gauge<N>(e: &mut DescriptorEncoder, name: &str, help: &str, v: N) -> fmt::Result
where
    ConstGauge<N>: EncodeMetric,
{
    let g = ConstGauge::new(v);
    g.encode(e.encode_descriptor(name, help, None, g.metric_type())?)
}

/// One metric with a `worker` label per worker.
fn per_worker<N>(
    e: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    kind: MetricType,
    values: impl Iterator<Item = N>,
) -> fmt::Result
where
    N: Copy,
    ConstCounter<N>: EncodeMetric,
    ConstGauge<N>: EncodeMetric,
{
    let mut m = e.encode_descriptor(name, help, None, kind)?;
    for (i, v) in values.enumerate() {
        let worker = i.to_string();
        let labels = [("worker", worker.as_str())];
        let family = m.encode_family(&labels)?;
        match kind {
            MetricType::Counter => ConstCounter::new(v).encode(family)?,
            _ => ConstGauge::new(v).encode(family)?,
        }
    }
    Ok(())
}

impl Collector for Figures {
    fn encode(&self, mut e: DescriptorEncoder) -> fmt::Result {
        let stats = &self.0;
        let t = stats.totals();
        for (key, help, value) in bucket_counters(&t) {
            if let Some(v) = value {
                counter(&mut e, &format!("capture_{key}"), help, v)?;
            }
        }
        // Differences of counters read at slightly different moments: gauges, since one may
        // step back by a few packets between scrapes.
        if let Some(v) = t.not_delivered() {
            gauge(
                &mut e,
                "capture_not_delivered_to_socket",
                "Ingress frames that never reached a socket: rejected by the kernel filter or \
                 dropped by the stack before the socket.",
                v,
            )?;
        }
        gauge(
            &mut e,
            "capture_unread_in_ring",
            "Packets received by the sockets and not yet read or dropped.",
            t.unread_in_ring(),
        )?;

        let workers = &stats.handoffs;
        let load = |f: fn(&crate::handoff::WorkerCounters) -> &std::sync::atomic::AtomicU64| {
            workers.iter().map(move |h| f(&h.counters).load(Relaxed))
        };
        per_worker(
            &mut e,
            "capture_worker_packets",
            "Packets each worker read from its ring.",
            MetricType::Counter,
            load(|c| &c.read),
        )?;
        per_worker(
            &mut e,
            "capture_worker_bytes",
            "Wire bytes of the packets each worker read (a VLAN tag the kernel moved into \
             metadata not included).",
            MetricType::Counter,
            load(|c| &c.read_bytes),
        )?;
        per_worker(
            &mut e,
            "capture_worker_received_by_filter",
            "Packets that passed the kernel filter on each worker's socket.",
            MetricType::Counter,
            load(|c| &c.received),
        )?;
        per_worker(
            &mut e,
            "capture_worker_dropped_ring_full",
            "Packets dropped because each worker's ring was full.",
            MetricType::Counter,
            load(|c| &c.ring_drops),
        )?;
        per_worker(
            &mut e,
            "capture_worker_dropped_handoff",
            "Packets each worker dropped because the writer's queue was full.",
            MetricType::Counter,
            load(|c| &c.handoff_drops),
        )?;
        per_worker(
            &mut e,
            "capture_ring_used_bytes",
            "Bytes of each worker's ring the kernel cannot write into now (filled, not yet \
             written out).",
            MetricType::Gauge,
            stats.rings.iter().map(|r| r.used_bytes()),
        )?;
        per_worker(
            &mut e,
            "capture_ring_size_bytes",
            "Size of each worker's ring.",
            MetricType::Gauge,
            stats.rings.iter().map(|r| r.size_bytes()),
        )?;
        per_worker(
            &mut e,
            "capture_ring_fill_ratio",
            "How full each worker's ring is, 0 to 1.",
            MetricType::Gauge,
            stats.rings.iter().map(|r| match r.size_bytes() {
                0 => 0.0,
                size => r.used_bytes() as f64 / size as f64,
            }),
        )?;
        per_worker(
            &mut e,
            "capture_handoff_queue_batches",
            "Batches each worker has queued for the writer.",
            MetricType::Gauge,
            workers.iter().map(|h| h.full.len() as u64),
        )?;
        per_worker(
            &mut e,
            "capture_handoff_queue_capacity_batches",
            "Batches each worker's queue to the writer holds at most.",
            MetricType::Gauge,
            workers.iter().map(|h| h.full.capacity() as u64),
        )?;

        let (samples, quantiles) = stats.lag.quantiles(&LAG_QUANTILES);
        let mut m = e.encode_descriptor(
            "capture_writer_lag_seconds",
            "Age of the oldest packet of each write pass when it is written, over the last one \
             to two minutes, by quantile (NaN when nothing was written).",
            None,
            MetricType::Gauge,
        )?;
        for (q, v) in LAG_QUANTILES.iter().zip(quantiles) {
            let q = q.to_string();
            let labels = [("quantile", q.as_str())];
            let secs = v.map_or(f64::NAN, |ns| ns as f64 / 1e9);
            ConstGauge::new(secs).encode(m.encode_family(&labels)?)?;
        }
        gauge(
            &mut e,
            "capture_writer_lag_samples",
            "Write passes the writer lag quantiles are taken over.",
            samples,
        )?;

        if let Some(o) = stats.writer.output() {
            counter(
                &mut e,
                "capture_files_closed",
                "Output files closed (a name -W reuses counts each time).",
                o.files_closed,
            )?;
            counter(
                &mut e,
                "capture_files_deleted",
                "Output files deleted by --max-total-size.",
                o.files_deleted,
            )?;
            counter(
                &mut e,
                "capture_indexes_given_up",
                "Output files whose --index was given up because the capture fell behind.",
                o.indexes_given_up,
            )?;
            gauge(
                &mut e,
                "capture_files_pending_postrotate",
                "Closed files whose -z command is still running.",
                o.postrotate_running,
            )?;
            gauge(
                &mut e,
                "capture_retained_bytes",
                "Bytes on disk of the closed files of this run still there (what \
                 --max-total-size counts).",
                o.retained_bytes,
            )?;
            gauge(
                &mut e,
                "capture_open_file_bytes",
                "Bytes written to the open output file, header included (before compression).",
                o.open_file_bytes,
            )?;
            if let Some(u) = o.upload {
                counter(
                    &mut e,
                    "capture_files_uploaded",
                    "Output files uploaded by --upload (with their index and manifest).",
                    u.uploaded,
                )?;
                gauge(
                    &mut e,
                    "capture_files_pending_upload",
                    "Published files waiting in the upload spool.",
                    u.pending,
                )?;
                counter(
                    &mut e,
                    "capture_files_kept_not_uploaded",
                    "Files retention (-W, --max-total-size) kept because they were not uploaded.",
                    u.kept_not_uploaded,
                )?;
                counter(
                    &mut e,
                    "capture_upload_failures",
                    "Upload attempts that failed (each is retried).",
                    u.failed_attempts,
                )?;
                gauge(
                    &mut e,
                    "capture_upload_failing",
                    "1 while uploads are failing (the last attempt failed), else 0.",
                    u64::from(u.failing),
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        handoff::{CopyPool, Handoff},
        writer::{OutputProgress, UploadProgress},
    };

    /// Two workers with known counters, a writer that wrote 7 packets into files.
    fn stats() -> Arc<LiveStats> {
        let handoffs: Vec<Arc<Handoff>> = (0..2)
            .map(|_| Arc::new(Handoff::new(4, CopyPool::new(64, 2))))
            .collect();
        for (i, h) in handoffs.iter().enumerate() {
            let c = &h.counters;
            c.received.store(4 + i as u64, Relaxed);
            c.read.store(3 + i as u64, Relaxed);
            c.read_bytes.store(300 + i as u64, Relaxed);
        }
        let stats = LiveStats::new("capture-no-such-if", 0, handoffs, Vec::new(), None);
        stats.writer.publish(7, 1, 0);
        stats.writer.publish_output(OutputProgress {
            files_closed: 2,
            retained_bytes: 5000,
            open_file_bytes: 24,
            ..OutputProgress::default()
        });
        Arc::new(stats)
    }

    fn exposition(stats: Arc<LiveStats>) -> String {
        let mut registry = Registry::default();
        registry.register_collector(Box::new(Figures(stats)));
        let mut text = String::new();
        prometheus_text::encode(&mut text, &registry).unwrap();
        text
    }

    #[test]
    fn every_figure_is_read_from_the_shared_counters() {
        let text = exposition(stats());
        for line in [
            "# TYPE capture_received_by_filter_total counter",
            "capture_received_by_filter_total 9",
            "capture_read_from_ring_total 7",
            "capture_captured_total 7",
            "capture_dropped_writer_total 1",
            "# TYPE capture_unread_in_ring gauge",
            "capture_unread_in_ring 2",
            "capture_worker_packets_total{worker=\"0\"} 3",
            "capture_worker_packets_total{worker=\"1\"} 4",
            "capture_worker_bytes_total{worker=\"1\"} 301",
            "capture_handoff_queue_capacity_batches{worker=\"1\"} 4",
            "capture_writer_lag_seconds{quantile=\"0.99\"} NaN",
            "capture_files_closed_total 2",
            "capture_indexes_given_up_total 0",
            "capture_retained_bytes 5000",
            "capture_open_file_bytes 24",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
        }
        // Without --upload, no upload figures.
        assert!(!text.contains("upload"));
    }

    /// With `--upload`, the uploader's figures as the output reports them.
    #[test]
    fn upload_figures_with_upload() {
        let s = stats();
        s.writer.publish_output(OutputProgress {
            upload: Some(UploadProgress {
                uploaded: 3,
                pending: 2,
                kept_not_uploaded: 1,
                failed_attempts: 4,
                failing: true,
            }),
            ..OutputProgress::default()
        });
        let text = exposition(s);
        for line in [
            "capture_files_uploaded_total 3",
            "capture_files_pending_upload 2",
            "capture_files_kept_not_uploaded_total 1",
            "capture_upload_failures_total 4",
            "capture_upload_failing 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
        }
        // No ingress counter attached: no XDP figures, rather than zeros.
        assert!(!text.contains("capture_xdp_seen"));
        assert!(!text.contains("capture_not_delivered_to_socket"));
    }

    #[test]
    fn lag_quantiles_are_seconds() {
        let s = stats();
        s.lag.record(2_000_000);
        let text = exposition(s);
        assert!(
            text.contains("capture_writer_lag_seconds{quantile=\"1\"} 0.002"),
            "{text}"
        );
        assert!(text.contains("capture_writer_lag_samples 1"));
    }

    /// Sends `request` raw and returns the whole answer.
    fn ask(addr: SocketAddr, request: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(request).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn serves_get_and_head_and_refuses_the_rest() {
        let endpoint = Endpoint::bind("127.0.0.1:0").unwrap();
        let addr = endpoint.local_addr().unwrap();
        let server = endpoint.serve(stats()).unwrap();
        let get = ask(addr, b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        let (head, body) = get.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"));
        assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())));
        assert!(body.contains("\ncapture_captured_total 7\n"));
        // A request in pieces, with a query string.
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"HEAD /metrics?x=1 HTT").unwrap();
        thread::sleep(Duration::from_millis(50));
        s.write_all(b"P/1.0\r\n\r\n").unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n") && answer.ends_with("\r\n\r\n"));
        let post = ask(addr, b"POST /metrics HTTP/1.1\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD\r\n"));
        assert!(ask(addr, b"GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404 "));
        assert!(ask(addr, b"\x01\x02 nonsense\r\n\r\n").starts_with("HTTP/1.1 400 "));
        let huge = format!("GET /metrics HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD));
        assert!(ask(addr, huge.as_bytes()).starts_with("HTTP/1.1 431 "));
        // A client that leaves without asking does not stop the server.
        drop(TcpStream::connect(addr).unwrap());
        assert!(ask(addr, b"GET /metrics HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 200 "));
        // Dropping the server stops its thread; the port is free again.
        drop(server);
        assert!(TcpListener::bind(addr).is_ok());
    }

    #[test]
    fn bind_errors_name_the_address() {
        let e = Endpoint::bind("nonsense").err().unwrap();
        assert_eq!(
            e.to_string(),
            "--metrics-listen nonsense: not an address and port (ADDR:PORT, e.g. \
             127.0.0.1:9100 or [::1]:9100)"
        );
        let taken = Endpoint::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap().to_string();
        let e = Endpoint::bind(&addr).err().unwrap();
        assert_eq!(
            e.to_string(),
            format!("--metrics-listen {addr}: Address already in use")
        );
        for bad in [":", ":x", ":65536"] {
            assert!(
                Endpoint::bind(bad)
                    .err()
                    .unwrap()
                    .to_string()
                    .contains("not an address")
            );
        }
    }

    #[test]
    fn a_port_alone_listens_on_every_address() {
        let any = Endpoint::bind(":0").unwrap();
        assert!(any.local_addr().unwrap().ip().is_unspecified());
    }
}
