//! `capture query [print flags | -w OUT] DIR|FILE 'EXPR'`: the packets of every capture file
//! in DIR that match EXPR, in time order across files, printed (or written) as `capture -r`
//! (and `tcpdump -r`) prints them in one run over the files merged by time (as Wireshark's
//! mergecap merges them: files that overlap in time are interleaved packet by packet).
//!
//! EXPR is a pcap-filter expression plus `after`/`before` terms ([`when`]). For each file with
//! a valid index, the index gives the candidate packets within the time window
//! (`index::narrow` runs libpcap's program over the index); only those are read, by offset,
//! and the libpcap filter runs on each ([`stream`]). Files without a valid index (missing,
//! stale, damaged) are read in full, and one notice on stderr names them and says why. The
//! matching packets of all files are merged by timestamp into one [`Sink`], as `-r`'s: one
//! printer for the whole query, so TCP sequence numbers, `-ttt` deltas and `-#` counts run on
//! across files as in one `tcpdump -r` run over the merged files; `-w` with rotation,
//! `--index` and the other output flags; `--count`'s line.
mod stream;
pub mod when;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use rayon::prelude::*;
use roaring::RoaringBitmap;

use crate::cli::Args;
use crate::filter::Filter;
use crate::index::{self, FileKind, Index, IndexError, fields::Layout, format, narrow};
use crate::offline::{MAX_SNAPLEN, file_output, linktype_to_dlt};
use crate::sink::{Sink, WriterOutcome};
use capture_print::Timestamp;
use stream::{Plan, Source, Stream};

/// Read a file by offsets only when at most this share (1/N) of its packets are candidates;
/// above it, reading the file in order is faster.
const RANDOM_SHARE: u64 = 8;

/// Runs `capture query` with the words after `query`, printing on standard output.
pub fn main(words: &[OsString]) -> Result<ExitCode> {
    query(words, Box::new(std::io::stdout()))
}

/// Runs `capture query` with the words after `query`; printed packets go to `out`.
pub fn query<'a>(words: &[OsString], out: Box<dyn Write + 'a>) -> Result<ExitCode> {
    // tcpdump's command line, parsed as for `-r` (help and mistakes answered the same way).
    let mut argv = vec![OsString::from("capture")];
    argv.extend(words.iter().cloned());
    let parsed = crate::cli::parse(argv);
    let _ = std::io::stdout()
        .write_all(&parsed.stdout)
        .and_then(|()| std::io::stdout().flush());
    let _ = std::io::stderr().write_all(&parsed.stderr);
    let args = match parsed.outcome {
        Ok(a) => a,
        Err(code) => return Ok(ExitCode::from(code)),
    };
    refuse_capture_flags(&args)?;
    crate::cli::check_combinations(&args).map_err(anyhow::Error::msg)?;
    let Some(dir) = args.expression.first().cloned() else {
        bail!("usage: capture query [print flags | -w FILE] DIR|FILE 'EXPRESSION'");
    };
    let text = match &args.filter_file {
        Some(_) => crate::filter::expression(&args)?,
        None => args.expression[1..].join(" "),
    };
    let now = chrono::Utc::now();
    let now_ns = index::ts_ns(Timestamp {
        sec: now.timestamp(),
        frac: i64::from(now.timestamp_subsec_nanos()),
        nano: true,
    });
    let window = when::split(&text, now_ns)?;
    run(&args, Path::new(&dir), &window, out)
}

/// Flags that only make sense for a live capture or a single `-r` file.
fn refuse_capture_flags(a: &Args) -> Result<()> {
    let used = [
        (a.interface.is_some(), "-i"),
        (a.read.is_some(), "-r"),
        (a.file_list.is_some(), "-V"),
        // tcpdump refuses it with -r and -V: foreign addresses need a live interface's net.
        (a.foreign, "-f"),
        (a.list_interfaces, "-D"),
        (a.list_data_link_types, "-L"),
        (a.linktype.is_some(), "-y"),
        (a.dump_filter > 0, "-d"),
        (a.direction.is_some(), "-Q"),
        (a.buffer_kib.is_some(), "-B"),
        (a.no_promisc, "-p"),
        (a.snaplen.is_some(), "-s"),
        (a.user.is_some(), "-Z"),
    ];
    if let Some(flag) = crate::cli::first_given(&used).or(a.live_only_option()) {
        bail!("{flag} cannot be used with query");
    }
    Ok(())
}

/// The filter compiled for each link type and byte order met (libpcap compiles per link type,
/// as `-r` does per file, and reads DLT_NULL's AF_ values in the file's byte order); None is
/// the empty expression, an error is libpcap's message for that link type.
pub(crate) struct Filters {
    expr: String,
    /// How libpcap compiles it (`-O`).
    how: crate::filter::Compile,
    by_linktype: HashMap<(i32, bool), Result<Option<Filter>, String>>,
}

impl Filters {
    fn new(expr: &str, how: crate::filter::Compile) -> Filters {
        Filters {
            expr: expr.to_string(),
            how,
            by_linktype: HashMap::new(),
        }
    }

    /// Compiles the expression for files of link type `lt` (a DLT_ value, as the reader
    /// gives) written in the other byte order when `swapped`, once.
    pub(crate) fn compile(&mut self, lt: i32, swapped: bool) -> &Result<Option<Filter>, String> {
        let (expr, how) = (&self.expr, self.how);
        self.by_linktype.entry((lt, swapped)).or_insert_with(|| {
            // Offline, any non-zero accept value means "keep": the largest snapshot length.
            let filter = Filter::savefile_with(lt, swapped, expr, MAX_SNAPLEN, how)
                .map_err(|e| e.to_string())?;
            // The empty expression is compiled too, as tcpdump -r compiles it: libpcap refuses
            // a link type it does not know. It keeps every packet without being run.
            Ok((!expr.trim().is_empty()).then_some(filter))
        })
    }

    /// The filter for link type `lt` and byte order: Ok(None) keeps every packet, Err(())
    /// none (the expression does not compile for it, or it was never compiled).
    pub(crate) fn get(&self, lt: i32, swapped: bool) -> Result<Option<&Filter>, ()> {
        match self.by_linktype.get(&(lt, swapped)) {
            Some(Ok(f)) => Ok(f.as_ref()),
            _ => Err(()),
        }
    }
}

/// A capture file as first seen: its index (checked header) or why it has none.
struct Probe {
    path: PathBuf,
    kind: FileKind,
    index: Result<Index, IndexError>,
    /// The file's link type (DLT_) and snapshot length (from its index, else its own header).
    linktype: i32,
    snaplen: u32,
    /// Whether the file is in the other byte order (read from the file for the link types
    /// whose filters depend on it, else false).
    swapped: bool,
    /// When its packets begin: the earliest in its index, else its first packet's time
    /// (None: it has none).
    first_ns: Option<i64>,
}

fn probe(path: PathBuf, kind: FileKind, nano: bool) -> Result<Probe> {
    let index = Index::open(&index::index_path(&path), &path);
    let (linktype, snaplen, swapped, first_ns) = match &index {
        Ok(i) => {
            let lt = linktype_to_dlt(i.header.linktype as i32);
            let swapped = Filter::reads_byte_order(lt)
                && stream::open_input(&path, kind, false, nano)?.swapped();
            let first = (i.header.packets > 0).then_some(i.header.ts_min);
            (lt, i.header.snaplen, swapped, first)
        }
        Err(_) => {
            let mut input = stream::open_input(&path, kind, false, nano)?;
            let (lt, snap) = input.link();
            let swapped = input.swapped();
            let first = match input.next() {
                Ok(Some(p)) => Some(index::ts_ns(p.ts)),
                _ => None,
            };
            (lt, snap, swapped, first)
        }
    };
    Ok(Probe {
        path,
        kind,
        index,
        linktype,
        snaplen,
        swapped,
        first_ns,
    })
}

/// What a query does with one file.
enum Planned {
    /// Nothing in it can match.
    Nothing,
    /// Read these packets of it; what the index gave, for `--notices`.
    Read(Source, String),
    /// Read it in full: its index cannot be used, for this reason.
    Scan(Source, IndexError),
    /// A file without candidates that may be damaged: read only as far as the damage, to
    /// report it.
    Check(Source),
}

/// Plans one file: from its index when it has a valid one, else a full read.
fn plan(p: Probe, filters: &Filters, w: &when::Window) -> Planned {
    let source = |plan, first_ns| Source {
        path: p.path.clone(),
        kind: p.kind,
        linktype: p.linktype,
        swapped: p.swapped,
        first_ns,
        plan,
    };
    let idx = match p.index {
        Ok(i) => i,
        Err(why) => {
            return match p.first_ns {
                Some(first) => Planned::Scan(source(Plan::InOrder(None), first), why),
                // No packet: empty, or damaged from its first record on, which reading it
                // (a header and what follows) finds.
                None => Planned::Check(source(Plan::InOrder(None), i64::MIN)),
            };
        }
    };
    let h = idx.header;
    let damaged = h.flags & format::FLAG_DAMAGED != 0;
    if h.packets == 0 {
        // Damaged from its first record on: reading it finds the damage at once.
        return if damaged {
            Planned::Check(source(Plan::InOrder(Some(RoaringBitmap::new())), h.ts_min))
        } else {
            Planned::Nothing
        };
    }
    if w.after.is_some_and(|a| h.ts_max < a) || w.before.is_some_and(|b| h.ts_min >= b) {
        return Planned::Nothing;
    }
    let scan = |why| {
        // The index's time range is right (its header checksum held); only its body is not.
        Planned::Scan(source(Plan::InOrder(None), h.ts_min), why)
    };
    let mut body = match idx.load() {
        Ok(b) => b,
        Err(why) => return scan(why),
    };
    let in_time = body.in_time(w.after, w.before);
    let cands = match filters.get(p.linktype, p.swapped) {
        Ok(Some(f)) => {
            let all = body.all_flows();
            let layout = Layout::of(p.linktype);
            match narrow::candidates(f.instructions(), layout, &mut body, all)
                .and_then(|flows| body.packets(&flows))
            {
                Ok(c) => c & in_time,
                Err(why) => return scan(why),
            }
        }
        _ => in_time,
    };
    let sequential = p.kind == FileKind::Zstd || h.flags & format::FLAG_SEQUENTIAL != 0;
    // A damaged file is read on from its last packet after the candidates (in order, the
    // whole of it), so that the damage is reported as reading it all would report it.
    let tail = if damaged && !sequential {
        let last = RoaringBitmap::from_iter([u32::try_from(h.packets - 1).unwrap_or(u32::MAX)]);
        match body.offsets(&last) {
            Ok(o) => o.first().copied(),
            Err(why) => return scan(why),
        }
    } else {
        None
    };
    if cands.is_empty() {
        if !damaged {
            return Planned::Nothing;
        }
        let plan = match tail {
            Some(_) => Plan::Offsets {
                offsets: Vec::new(),
                tail,
            },
            None => Plan::InOrder(Some(cands)),
        };
        return Planned::Check(source(plan, h.ts_min));
    }
    let in_order = sequential || cands.len() > h.packets / RANDOM_SHARE;
    let note = format!(
        "{}: {} of {} packets are candidates, read {}",
        p.path.display(),
        cands.len(),
        h.packets,
        if in_order { "in order" } else { "by offset" }
    );
    if in_order {
        return Planned::Read(source(Plan::InOrder(Some(cands)), h.ts_min), note);
    }
    match body.offsets(&cands) {
        Ok(offsets) => Planned::Read(source(Plan::Offsets { offsets, tail }, h.ts_min), note),
        Err(why) => scan(why),
    }
}

/// One notice line: `capture: WHAT N file(s): A (why), B (why)`.
fn notice(what: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    eprintln!(
        "capture: {what} {} file{}: {}",
        items.len(),
        if items.len() == 1 { "" } else { "s" },
        items.join(", ")
    );
}

fn run<'a>(
    args: &Args,
    dir: &Path,
    w: &when::Window,
    out: Box<dyn Write + 'a>,
) -> Result<ExitCode> {
    let out_path = args
        .write
        .as_deref()
        .filter(|p| *p != "-")
        .and_then(|p| std::fs::canonicalize(p).ok());
    let files: Vec<(PathBuf, FileKind)> = index::command::capture_files(dir)?
        .into_iter()
        // Never read the file being written.
        .filter(|(p, _)| out_path.is_none() || std::fs::canonicalize(p).ok() != out_path)
        .collect();
    // A file that cannot be read (cut short in its header, unreadable, gone) is reported and
    // the answer comes from the others, exit status 1: as a file that fails part-way.
    let mut unreadable = false;
    let probes: Vec<Probe> = files
        .into_par_iter()
        .map(|(p, k)| probe(p, k, args.nano()))
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|p| {
            p.map_err(|e| {
                unreadable = true;
                eprintln!("capture: {e:#}");
            })
            .ok()
        })
        .collect();

    // libpcap compiles per link type; a file of a link type the expression cannot be
    // compiled for has nothing to match (tcpdump -r on it would refuse the expression).
    let mut filters = Filters::new(&w.expr, crate::compile_options(args, None));
    if probes.is_empty() {
        // Nothing to read, but a bad expression is still an error, as with -r.
        if let Err(e) = filters.compile(1, false) {
            bail!("{e}");
        }
        if unreadable {
            // No file to take the output's header from: nothing is written, as tcpdump
            // writes nothing when the file it reads fails before its first packet.
            return Ok(ExitCode::from(1));
        }
    }
    let mut refused = Vec::new();
    let mut usable = Vec::new();
    let mut first_error = None;
    for p in probes {
        match filters.compile(p.linktype, p.swapped) {
            Ok(_) => usable.push(p),
            Err(e) => {
                refused.push(format!("{} ({e})", p.path.display()));
                first_error.get_or_insert_with(|| e.clone());
            }
        }
    }
    if usable.is_empty()
        && let Some(e) = first_error
    {
        bail!("{e}");
    }
    notice("skipping", &refused);

    // The output's link type and snapshot length are the first file's in the order the files
    // are read, whether or not anything in it matches, as `tcpdump -V LIST -w` opens its
    // dump on the first file of the list; and it refuses a list whose files differ in link
    // type as it reaches the first that does.
    let first = usable
        .iter()
        .min_by_key(|p| (p.first_ns.is_none(), p.first_ns, &p.path));
    let (linktype, snaplen) = first.map_or((1, MAX_SNAPLEN), |p| (p.linktype, p.snaplen));
    let mut linktype_ext = 0;
    if args.write.is_some()
        && let Some(first) = first
    {
        if let Some(other) = usable.iter().find(|p| p.linktype != linktype) {
            bail!(
                "{}: link type {} differs from {} of {}: the packets cannot go into one file",
                other.path.display(),
                other.linktype,
                linktype,
                first.path.display()
            );
        }
        // The header's field as the file has it, as `-r -w` keeps it (libpcap's dump does).
        linktype_ext =
            stream::open_input(&first.path, first.kind, false, args.nano())?.linktype_ext();
    }

    let planned: Vec<Planned> = usable
        .into_par_iter()
        .map(|p| plan(p, &filters, w))
        .collect();
    let mut sources = Vec::new();
    let mut scanned = Vec::new();
    for p in planned {
        match p {
            Planned::Nothing => {}
            Planned::Read(s, note) => {
                if args.notices {
                    eprintln!("capture: {note}");
                }
                sources.push(s);
            }
            Planned::Scan(s, why) => {
                scanned.push(format!("{} ({why})", s.path.display()));
                sources.push(s);
            }
            Planned::Check(s) => sources.push(s),
        }
    }
    notice("reading in full, without a valid index,", &scanned);

    // Files in order of their earliest packet (then name), opened as the merge reaches them.
    sources.sort_by(|a, b| (a.first_ns, &a.path).cmp(&(b.first_ns, &b.path)));
    let (cfg, lt) = file_output(args, linktype)?;
    let mut sink = Sink::open(args, cfg, (lt | linktype_ext, linktype), snaplen, None, out)?;
    let mut outcome = WriterOutcome::default();
    let (failed, emitted) = merge(args, sources, &mut filters, w, &mut sink, &mut outcome)?;
    let end = sink.finish(false, args.count_only.then_some(emitted))?;
    // The sink's own count includes the losses it reported through copy.
    let lost = end.dropped.max(outcome.drops) > 0;
    Ok(
        if unreadable || failed || lost || end.failed || outcome.ended == Some(false) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// Emits the matching packets of `sources` in timestamp order, until the output ends (its
/// errors in `outcome`); whether a file could not be opened or read to its end (reported on
/// stderr, the others are still read), and the packets emitted.
fn merge(
    args: &Args,
    sources: Vec<Source>,
    filters: &mut Filters,
    w: &when::Window,
    sink: &mut Sink<'_>,
    outcome: &mut WriterOutcome,
) -> Result<(bool, u64)> {
    let mut pending = sources.into_iter().enumerate().peekable();
    let mut open: Vec<Option<Stream>> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    let mut failed = false;
    let mut emitted: u64 = 0;
    let mut advance = |st: &mut Stream, failed: &mut bool| {
        if let Err(e) = st.advance(&mut *filters, w) {
            *failed = true;
            eprintln!("capture: {}: {e:#}", st.path().display());
        }
    };
    loop {
        // Open every file that may hold a packet before the earliest one waiting.
        while let Some((_, s)) = pending.peek() {
            if heap.peek().is_some_and(|Reverse((ns, _))| s.first_ns > *ns) {
                break;
            }
            let Some((rank, s)) = pending.next() else {
                break;
            };
            // Gone since it was planned (retention of a capture still writing), say.
            let mut st = match Stream::open(s, args.nano()) {
                Ok(st) => st,
                Err(e) => {
                    failed = true;
                    eprintln!("capture: {e:#}");
                    continue;
                }
            };
            advance(&mut st, &mut failed);
            if let Some(ns) = st.head_ns() {
                heap.push(Reverse((ns, rank)));
            }
            open.resize_with(rank + 1, || None);
            open[rank] = Some(st);
        }
        let Some(Reverse((_, rank))) = heap.pop() else {
            break;
        };
        let Some(st) = open[rank].as_mut() else {
            break;
        };
        if let Some(p) = st.head() {
            sink.set_linktype(p.linktype);
            // As `-r ... -w`: the fraction in the reader's unit, which is the output's.
            if let Err(e) = sink.copy(p.ts, p.wirelen, &p.data)
                && outcome.end_of(e)?.is_some()
            {
                break;
            }
            emitted += 1;
            if args.count.is_some_and(|c| emitted >= c) {
                break;
            }
        }
        advance(st, &mut failed);
        match st.head_ns() {
            Some(ns) => heap.push(Reverse((ns, rank))),
            None => open[rank] = None,
        }
    }
    Ok((failed, emitted))
}
