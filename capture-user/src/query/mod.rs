//! `capture query [print flags | -w OUT] DIR|FILE 'EXPR'`: the packets of every capture file
//! in DIR that match EXPR, in time order across files, printed (or written) exactly as
//! `capture -r` (and `tcpdump -r`) would print them file after file.
//!
//! EXPR is a pcap-filter expression plus `after`/`before` terms ([`when`]). For each file with
//! a valid index, the index gives the candidate packets (`index::narrow` runs libpcap's program
//! over the index) within the time window; only those are read, by offset, and the libpcap
//! filter runs on each. Files without a valid index (missing, stale, damaged) are read in full,
//! and one notice on stderr names them and says why.
pub mod when;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use clap::Parser;
use roaring::RoaringBitmap;

use crate::StdoutError;
use crate::cli::Args;
use crate::filter::Filter;
use crate::index::{self, Body, FileKind, Index, IndexError, fields::Layout, format, narrow};
use crate::offline::{Reader, linktype_to_dlt};
use crate::writer::{Output, OutputConfig, WriteError};
use capture_print::{Printer, Timestamp};

/// Read a file by offsets only when at most this share of its packets are candidates;
/// above it, reading the file in order is faster.
const RANDOM_SHARE: u64 = 8;

/// Runs `capture query` with the words after `query`.
pub fn main(words: &[String]) -> Result<ExitCode> {
    let args = match Args::try_parse_from(
        std::iter::once("capture query".to_string()).chain(words.iter().cloned()),
    ) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return Ok(ExitCode::from(if e.use_stderr() { 1 } else { 0 }));
        }
    };
    refuse_capture_flags(&args)?;
    let Some(dir) = args.expression.first().cloned() else {
        bail!("usage: capture query [print flags | -w FILE] DIR|FILE 'EXPRESSION'");
    };
    let text = match &args.filter_file {
        Some(_) => crate::filter::expression(&args)?,
        None => args.expression[1..].join(" "),
    };
    let now = index::ts_ns(Timestamp {
        sec: chrono::Utc::now().timestamp(),
        frac: chrono::Utc::now().timestamp_subsec_nanos(),
        nano: true,
    });
    let window = when::split(&text, now)?;
    run(&args, Path::new(&dir), &window)
}

/// Flags that only make sense for a live capture or a single `-r` file.
fn refuse_capture_flags(a: &Args) -> Result<()> {
    let used = [
        (a.interface.is_some(), "-i"),
        (a.read.is_some(), "-r"),
        (a.list_interfaces, "-D"),
        (a.list_data_link_types, "-L"),
        (a.linktype.is_some(), "-y"),
        (a.dump_filter > 0, "-d"),
        (a.direction.is_some(), "-Q"),
        (a.buffer_kib.is_some(), "-B"),
        (a.no_promisc, "-p"),
        (a.snaplen.is_some(), "-s"),
        (a.user.is_some(), "-Z"),
        (a.workers.is_some(), "--workers"),
        (a.writer_cpu.is_some(), "--writer-cpu"),
        (a.backend != crate::cli::Backend::Afpacket, "--backend"),
        (a.xdp_consume, "--xdp-consume"),
        (a.no_xdp, "--no-xdp"),
        (a.stats_json.is_some(), "--stats-json"),
        (a.version, "--version"),
    ];
    if let Some((_, flag)) = used.iter().find(|(u, _)| *u) {
        bail!("{flag} cannot be used with query");
    }
    Ok(())
}

/// A packet taken out of its file, waiting its turn in the merge.
struct Pkt {
    ts: Timestamp,
    ns: i64,
    wirelen: u32,
    linktype: i32,
    data: Vec<u8>,
}

/// How a file's packets are found.
enum Plan {
    /// Read these offsets (candidates from the index).
    Offsets(Vec<u64>),
    /// Read the whole file in order, filtering only these ordinals (None: every packet).
    InOrder(Option<RoaringBitmap>),
}

/// One file taking part in the query.
struct Source {
    path: PathBuf,
    kind: FileKind,
    /// No packet of the file is earlier than this (for the merge's order of opening).
    first_ns: i64,
    linktype: i32,
    snaplen: u32,
    plan: Plan,
}

enum Input {
    Seek(Reader<BufReader<File>>),
    Stream(Reader<Box<dyn Read>>),
}

impl Input {
    fn next(&mut self) -> Result<Option<crate::offline::Packet<'_>>, crate::offline::ReadError> {
        match self {
            Input::Seek(r) => r.next_packet(),
            Input::Stream(r) => r.next_packet(),
        }
    }
}

/// An open source, yielding its matching packets in file order.
struct Stream {
    src: Source,
    input: Input,
    /// Next offset to read (`Plan::Offsets`), or next ordinal (`Plan::InOrder`).
    at: usize,
    cur: Option<Pkt>,
}

/// Compiled filters by link type, shared by every file (None: the empty expression).
struct Filters {
    expr: String,
    by_linktype: HashMap<i32, Option<Filter>>,
}

impl Filters {
    fn get(&mut self, lt: i32) -> Result<Option<&Filter>> {
        if !self.by_linktype.contains_key(&lt) {
            let f = if self.expr.trim().is_empty() {
                None
            } else {
                Some(
                    Filter::dead(linktype_to_dlt(lt), &self.expr, crate::offline::MAX_SNAPLEN)
                        .map_err(|e| anyhow!("{e}"))?,
                )
            };
            self.by_linktype.insert(lt, f);
        }
        Ok(self.by_linktype.get(&lt).and_then(Option::as_ref))
    }
}

fn open_input(path: &Path, kind: FileKind, random: bool) -> Result<Input> {
    let file =
        File::open(path).map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    Ok(match (kind, random) {
        (FileKind::Capture, true) => {
            Input::Seek(Reader::new(BufReader::with_capacity(16 << 10, file))?)
        }
        (FileKind::Capture, false) => Input::Stream(Reader::new(
            Box::new(BufReader::with_capacity(1 << 20, file)) as Box<dyn Read>,
        )?),
        (FileKind::Zstd, _) => Input::Stream(Reader::new(
            Box::new(zstd::Decoder::new(file)?) as Box<dyn Read>
        )?),
    })
}

impl Stream {
    fn open(src: Source) -> Result<Stream> {
        let random = matches!(src.plan, Plan::Offsets(_));
        let input = open_input(&src.path, src.kind, random)?;
        Ok(Stream {
            src,
            input,
            at: 0,
            cur: None,
        })
    }

    /// Moves to the next matching packet (`cur` is None at the end).
    fn advance(&mut self, filters: &mut Filters, w: &when::Window) -> Result<()> {
        self.cur = None;
        loop {
            let pkt = match (&self.src.plan, &mut self.input) {
                (Plan::Offsets(offs), Input::Seek(r)) => {
                    let Some(&off) = offs.get(self.at) else {
                        return Ok(());
                    };
                    self.at += 1;
                    r.seek_to(off)?;
                    r.next_packet()?
                }
                (Plan::InOrder(cands), input) => {
                    let ordinal = self.at as u32;
                    self.at += 1;
                    let p = input.next()?;
                    if cands.as_ref().is_some_and(|c| !c.contains(ordinal)) {
                        if p.is_none() {
                            return Ok(());
                        }
                        continue;
                    }
                    p
                }
                _ => return Ok(()),
            };
            let Some(p) = pkt else {
                return Ok(());
            };
            let ns = index::ts_ns(p.ts);
            if w.after.is_some_and(|a| ns < a) || w.before.is_some_and(|b| ns >= b) {
                continue;
            }
            if let Some(f) = filters.get(p.linktype)?
                && !f.matches(p.data, p.wirelen)
            {
                continue;
            }
            self.cur = Some(Pkt {
                ts: p.ts,
                ns,
                wirelen: p.wirelen,
                linktype: p.linktype,
                data: p.data.to_vec(),
            });
            return Ok(());
        }
    }
}

/// Plans one file: from its index when it has a valid one (None: nothing in it can match),
/// or a full read, with the reason for the notice.
fn plan(
    path: &Path,
    filters: &mut Filters,
    w: &when::Window,
) -> Result<Result<Option<Source>, IndexError>> {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    let kind = FileKind::sniff(&magic)
        .ok_or_else(|| anyhow!("{}: unknown file format", path.display()))?;
    let idx = match Index::open(&index::index_path(path), path) {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    let h = idx.header;
    if h.packets == 0
        || w.after.is_some_and(|a| h.ts_max < a)
        || w.before.is_some_and(|b| h.ts_min >= b)
    {
        return Ok(Ok(None));
    }
    let mut body = match idx.load() {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    let linktype = h.linktype as i32;
    let start = body.in_time(w.after, w.before);
    let cands = match candidates(&mut body, filters, linktype, start)? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    if cands.is_empty() {
        return Ok(Ok(None));
    }
    let in_order = kind == FileKind::Zstd
        || h.flags & format::FLAG_SEQUENTIAL != 0
        || cands.len() > h.packets / RANDOM_SHARE;
    let plan = if in_order {
        Plan::InOrder(Some(cands))
    } else {
        match body.offsets(&cands) {
            Ok(o) => Plan::Offsets(o),
            Err(e) => return Ok(Err(e)),
        }
    };
    Ok(Ok(Some(Source {
        path: path.to_path_buf(),
        kind,
        first_ns: h.ts_min,
        linktype,
        snaplen: h.snaplen,
        plan,
    })))
}

fn candidates(
    body: &mut Body,
    filters: &mut Filters,
    linktype: i32,
    start: RoaringBitmap,
) -> Result<Result<RoaringBitmap, IndexError>> {
    if body.header.flags & format::FLAG_MIXED != 0 {
        return Ok(Ok(start));
    }
    Ok(match filters.get(linktype)? {
        None => Ok(start),
        Some(f) => narrow::candidates(f.instructions(), Layout::of(linktype), body, start),
    })
}

/// A file read in full: its first packet's time orders it among the others.
fn scan_source(path: &Path) -> Result<Option<Source>> {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    let kind = FileKind::sniff(&magic)
        .ok_or_else(|| anyhow!("{}: unknown file format", path.display()))?;
    let mut input = open_input(path, kind, false)?;
    let (linktype, snaplen) = match &input {
        Input::Seek(r) => (r.linktype, r.snaplen),
        Input::Stream(r) => (r.linktype, r.snaplen),
    };
    let first_ns = match input.next() {
        Ok(Some(p)) => index::ts_ns(p.ts),
        _ => i64::MIN,
    };
    Ok(Some(Source {
        path: path.to_path_buf(),
        kind,
        first_ns,
        linktype,
        snaplen,
        plan: Plan::InOrder(None),
    }))
}

fn run(args: &Args, dir: &Path, w: &when::Window) -> Result<ExitCode> {
    let mut filters = Filters {
        expr: w.expr.clone(),
        by_linktype: HashMap::new(),
    };
    // A bad expression is reported before anything else, as with -r.
    filters.get(1)?;
    let out_path = args
        .write
        .as_deref()
        .filter(|p| *p != "-")
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p)));
    let mut sources = Vec::new();
    let mut notices = Vec::new();
    for path in index::command::capture_files(dir)? {
        if out_path
            .as_ref()
            .is_some_and(|o| std::fs::canonicalize(&path).is_ok_and(|p| p == *o))
        {
            continue;
        }
        match plan(&path, &mut filters, w)? {
            Ok(Some(s)) => sources.push(s),
            Ok(None) => {}
            Err(why) => {
                notices.push(format!("{} ({why})", path.display()));
                sources.extend(scan_source(&path)?);
            }
        }
    }
    if !notices.is_empty() {
        eprintln!(
            "capture: reading {} file{} in full, without a valid index: {}",
            notices.len(),
            if notices.len() == 1 { "" } else { "s" },
            notices.join(", ")
        );
    }
    // Files in order of their earliest packet (then name); opened as the merge reaches them.
    sources.sort_by(|a, b| (a.first_ns, &a.path).cmp(&(b.first_ns, &b.path)));
    let (linktype, snaplen) = sources
        .first()
        .map_or((1, crate::offline::MAX_SNAPLEN), |s| {
            (s.linktype, s.snaplen)
        });
    let mut sink = Sink::new(args, linktype, snaplen)?;
    let mut pending = sources.into_iter().enumerate().peekable();
    let mut open: Vec<Option<Stream>> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    let mut failed = false;
    let mut emitted: u64 = 0;
    loop {
        while let Some((_, s)) = pending.peek() {
            if heap.peek().is_some_and(|Reverse((ns, _))| s.first_ns > *ns) {
                break;
            }
            let Some((rank, s)) = pending.next() else {
                break;
            };
            let mut st = Stream::open(s)?;
            if let Err(e) = st.advance(&mut filters, w) {
                failed = true;
                eprintln!("capture: {}: {e:#}", st.src.path.display());
            }
            if let Some(p) = &st.cur {
                heap.push(Reverse((p.ns, rank)));
            }
            open.resize_with(rank + 1, || None);
            open[rank] = Some(st);
        }
        let Some(Reverse((_, rank))) = heap.pop() else {
            break;
        };
        let Some(st) = open[rank].as_mut() else { break };
        if let Some(p) = st.cur.take() {
            if !sink.put(&p)? {
                break;
            }
            emitted += 1;
            if args.count.is_some_and(|c| emitted >= c) {
                break;
            }
        }
        if let Err(e) = st.advance(&mut filters, w) {
            failed = true;
            eprintln!("capture: {}: {e:#}", st.src.path.display());
        }
        match &st.cur {
            Some(p) => heap.push(Reverse((p.ns, rank))),
            None => open[rank] = None,
        }
    }
    sink.finish()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where matching packets go: the printer, or a file as `-r IN -w OUT` writes it.
enum Sink {
    Print {
        printer: Box<Printer>,
        out: BufWriter<io::Stdout>,
        line_buffered: bool,
    },
    Write(Box<Output>),
}

impl Sink {
    fn new(args: &Args, linktype: i32, snaplen: u32) -> Result<Sink> {
        Ok(match &args.write {
            Some(_) => Sink::Write(Box::new(Output::create(
                OutputConfig::from_args(args)?,
                linktype as u32,
                snaplen,
            )?)),
            None => Sink::Print {
                printer: Box::new(Printer::new(args.print_options(), linktype)),
                out: BufWriter::with_capacity(1 << 16, io::stdout()),
                line_buffered: args.line_buffered || args.packet_buffered,
            },
        })
    }

    /// Emits one packet; false when the output is done (`-W` with `-G` reached its limit).
    fn put(&mut self, p: &Pkt) -> Result<bool> {
        match self {
            Sink::Print {
                printer,
                out,
                line_buffered,
            } => {
                printer.set_linktype(p.linktype);
                printer
                    .print_ts(out, p.ts, p.data.len() as u32, p.wirelen, &p.data)
                    .map_err(StdoutError)?;
                if *line_buffered {
                    out.flush().map_err(StdoutError)?;
                }
            }
            Sink::Write(o) => {
                let nsec = if p.ts.nano {
                    p.ts.frac
                } else {
                    p.ts.frac * 1000
                };
                match o.write(p.ts.sec, nsec, p.wirelen, &p.data) {
                    Ok(()) => {}
                    Err(e @ WriteError::FileLimitReached(_)) => {
                        eprintln!("capture: {e}");
                        return Ok(false);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(true)
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Print { mut out, .. } => out.flush().map_err(StdoutError)?,
            Sink::Write(o) => {
                if let Some(e) = o.finish()?.error {
                    return Err(e.into());
                }
            }
        }
        Ok(())
    }
}
