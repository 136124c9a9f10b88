//! `-r` and `-V`: reads a capture file (or standard input), or each file of a list in turn,
//! filters it with the libpcap program of the expression, and prints each packet as tcpdump
//! does, writes it (`-w`, and prints it too with `--print`), or only counts it (`--count`).
mod pseudo;
mod reader;

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::os::fd::AsFd;
use std::os::unix::fs::FileTypeExt;
use std::process::ExitCode;
use std::sync::atomic::Ordering::Relaxed;

use anyhow::{Result, anyhow};

pub use reader::{MAX_SNAPLEN, Packet, ReadError, Reader, dlt_to_linktype, linktype_to_dlt};

use crate::StdoutError;
use crate::cli::Args;
use crate::filter::Filter;
use crate::signals::{self, Signals};
use crate::sink::{Sink, SinkError, WriterOutcome};
use crate::writer::OutputConfig;
use capture_print::Timestamp;

/// An I/O error as one line, without Rust's `(os error N)` suffix.
fn os_text(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The `link-type NAME (DESCRIPTION)` libpcap gives a DLT_ value, or the bare number.
fn linktype_text(dlt: i32) -> String {
    let l = pcap::Linktype(dlt);
    match (l.get_name(), l.get_description()) {
        (Ok(n), Ok(d)) => format!("{n} ({d})"),
        _ => format!("{dlt}"),
    }
}

/// A read error after the file was opened: tcpdump reports what `pcap_loop` returned.
#[derive(Debug, thiserror::Error)]
#[error("pcap_loop: {0}")]
pub struct LoopError(ReadError);

/// `-V FILE`: the list of files to read, one name a line (`-` is standard input).
struct FileList {
    name: String,
    lines: Box<dyn BufRead>,
}

impl FileList {
    fn open(name: &str) -> Result<Self> {
        let lines: Box<dyn BufRead> = if name == "-" {
            Box::new(io::stdin().lock())
        } else {
            let f =
                File::open(name).map_err(|e| anyhow!("Unable to open file: {}", os_text(&e)))?;
            Box::new(io::BufReader::new(f))
        };
        Ok(Self {
            name: name.to_owned(),
            lines,
        })
    }

    /// The next name: a line without its newline (an empty line is an empty name, which
    /// fails to open, as in tcpdump). A list that cannot be read (a directory) ends there, as
    /// tcpdump's `fgets` ends it.
    fn next(&mut self) -> Option<String> {
        let mut line = Vec::new();
        if self.lines.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
            return None;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        Some(String::from_utf8_lossy(&line).into_owned())
    }
}

/// The bytes of a capture file. A regular file is read as it is; a pipe, FIFO, terminal or
/// socket first waits for its bytes beside the stop signals ([`signals::wait_readable`]), so
/// that one of them ends a read that waits, as it ends tcpdump's.
struct Input {
    file: File,
    waits: bool,
}

impl Input {
    fn new(file: File) -> io::Result<Input> {
        let kind = file.metadata()?.file_type();
        let waits = kind.is_fifo() || kind.is_char_device() || kind.is_socket();
        Ok(Input { file, waits })
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.waits {
            signals::wait_readable(self.file.as_fd()).map_err(io::Error::other)?;
        }
        self.file.read(buf)
    }
}

/// Opens a capture file (`-` is standard input) and reads its header; time stamps come in
/// nanoseconds when `nano`, else microseconds, as libpcap converts them.
fn open(path: &str, nano: bool) -> Result<Reader<io::BufReader<Input>>> {
    let input = if path == "-" {
        // Its descriptor, read directly: no buffer of std's own in between.
        io::stdin().as_fd().try_clone_to_owned().map(File::from)
    } else {
        File::open(path)
    }
    .and_then(Input::new)
    .map_err(|e| anyhow!("{path}: {}", os_text(&e)))?;
    // A large buffer: the reader asks for each record's header and data separately.
    let input = io::BufReader::with_capacity(1 << 20, input);
    Ok(Reader::new(input, nano)?)
}

/// tcpdump's line for each file it starts reading.
fn banner(path: &str, linktype: i32, snaplen: u32) {
    eprintln!(
        "reading from file {path}, link-type {}, snapshot length {snaplen}",
        linktype_text(linktype),
    );
}

/// What reading one file ended with.
enum Ended {
    /// The file was read to its end, or to `-c`.
    Done,
    /// A read error, reported: the next file is read all the same, as tcpdump does.
    Failed,
    /// `-W` files were written with `-G`: everything stops.
    FileLimit,
    /// The output failed for good (reported): everything stops.
    OutputFailed,
    /// SIGINT, SIGTERM or SIGHUP: everything stops, what was read so far goes out.
    Interrupted,
}

/// What stays across the files of a run: the filter, the output, the printer, the count.
struct Session<'a> {
    args: &'a Args,
    expr: String,
    /// The first file's link type (a DLT): the output's, and the filter's until a file of
    /// another link type comes (printing only).
    linktype: i32,
    /// None for an empty expression.
    filter: Option<Filter>,
    /// The files (`-w`) and the printer, as live.
    sink: Sink<'static>,
    /// What the sink's errors came to.
    outcome: WriterOutcome,
    /// Packets that passed the filter, across files (tcpdump's `packets_captured`).
    captured: u64,
    signals: Signals,
}

/// With `-w`, the output's configuration and the link type (LINKTYPE_) of its files, for
/// packets of link type `dlt` (DLT_); without, none and 0.
pub(crate) fn file_output(args: &Args, dlt: i32) -> Result<(Option<OutputConfig>, u32)> {
    let Some(w) = &args.write else {
        return Ok((None, 0));
    };
    // Unreachable for what libpcap compiles a filter for, but libpcap checks it too.
    let lt = reader::dlt_to_linktype(dlt)
        .ok_or_else(|| anyhow!("{w}: link-layer type {dlt} isn't supported in savefiles"))?;
    Ok((Some(OutputConfig::from_args(args)?), lt))
}

/// The expression compiled for the file `rd` reads as tcpdump compiles it, even when empty: that is
/// where libpcap refuses a link type it does not know; and whether the expression is not empty.
fn compile<R: Read>(args: &Args, expr: &str, rd: &Reader<R>) -> Result<(Filter, bool)> {
    let how = crate::compile_options(args, None);
    Ok((
        Filter::savefile_with(rd.linktype, rd.swapped(), expr, rd.snaplen, how)?,
        !expr.trim().is_empty(),
    ))
}

impl<'a> Session<'a> {
    /// The session of the first file (its reader `rd`), or, with `-d`, None once the filter is
    /// dumped.
    fn new<R: Read>(args: &'a Args, expr: String, rd: &Reader<R>) -> Result<Option<Self>> {
        let (filter, used) = compile(args, &expr, rd)?;
        if args.dump_filter > 0 {
            crate::to_stdout(&crate::bpf::image::dump(
                filter.instructions(),
                args.dump_filter,
            ))?;
            return Ok(None);
        }
        // With -w the packets are copied (filtered, cut by -c, rotated); printed as well with
        // --print.
        let (cfg, linktype) = file_output(args, rd.linktype)?;
        let linktype = linktype | rd.linktype_ext;
        // -Z: root is given up once the file is open and the expression compiled, as tcpdump
        // gives it up, around opening the output.
        let sink = Sink::open_as(args, cfg, (linktype, rd.linktype), rd.snaplen, None)?;
        Ok(Some(Self {
            args,
            expr,
            linktype: rd.linktype,
            filter: used.then_some(filter),
            sink,
            outcome: WriterOutcome::default(),
            captured: 0,
            signals: Signals::register(false)?,
        }))
    }

    /// `-V`: a file after the first. With `-w` its link type must be the output's; printed,
    /// a new link type gets its printer and the expression compiled for it, as in tcpdump.
    fn next_file<R: Read>(&mut self, path: &str, rd: &Reader<R>) -> Result<()> {
        if rd.linktype == self.linktype {
            return Ok(());
        }
        if self.sink.file.is_some() {
            return Err(anyhow!("{path}: new dlt does not match original"));
        }
        self.linktype = rd.linktype;
        let (filter, used) = compile(self.args, &self.expr, rd)?;
        self.filter = used.then_some(filter);
        self.sink.set_linktype(rd.linktype);
        Ok(())
    }

    /// Reads one file to its end or to `-c` (counted per file, as tcpdump's `pcap_loop` counts
    /// it). Time stamps keep the first file's unit: libpcap opens the later files of `-V` with
    /// microseconds, which tcpdump then prints and writes as if they were in that unit.
    fn read<R: Read>(&mut self, rd: &mut Reader<R>) -> Result<Ended> {
        let nano = self.args.nano();
        let mut in_file: u64 = 0;
        loop {
            if self.signals.stop.load(Relaxed) {
                return Ok(Ended::Interrupted);
            }
            if self.signals.usr2.swap(false, Relaxed)
                && let Err(e) = self.sink.flush()
            {
                self.outcome.absorb(e);
            }
            let pkt = match rd.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(Ended::Done),
                Err(e) => {
                    self.sink.idle().map_err(stdout_error)?;
                    eprintln!("capture: {}", LoopError(e));
                    // A stop signal that ended a read in this error is spent with it.
                    self.signals.spend_stop();
                    return Ok(Ended::Failed);
                }
            };
            if let Some(f) = &self.filter
                && !f.matches(pkt.data, pkt.wirelen)
            {
                continue;
            }
            self.captured += 1;
            in_file += 1;
            // The output stores the reader's unit; the printer prints the one asked for.
            let ts = Timestamp { nano, ..pkt.ts };
            if let Err(e) = self.sink.copy(ts, pkt.wirelen, pkt.data) {
                // Reported and counted as live: a full disk drops until space frees up.
                match self.outcome.end_of(e)? {
                    // As tcpdump's SIGPIPE handler ends it: as an interrupt.
                    Some(true) if self.outcome.reader_gone => return Ok(Ended::Interrupted),
                    Some(true) => return Ok(Ended::FileLimit),
                    Some(false) => return Ok(Ended::OutputFailed),
                    None => {}
                }
            }
            if self.args.count.is_some_and(|c| in_file >= c) {
                return Ok(Ended::Done);
            }
        }
    }

    /// Flushes what was printed and closes the output; with `count`, `--count` prints its line
    /// (tcpdump prints it when it reaches the end of the files, or is interrupted). After a
    /// signal, printing ends with a newline, as tcpdump's does. Returns whether the output lost
    /// nothing.
    fn finish(self, count: bool, interrupted: bool) -> Result<bool> {
        let counted = (count && self.args.count_only).then_some(self.captured);
        let end = self.sink.finish(interrupted, counted)?;
        // Only with --upload, capture's own option.
        if let Some(u) = &end.upload {
            eprint!("{}", u.line());
        }
        // The sink's own count includes the losses it reported through copy.
        let dropped = end.dropped.max(self.outcome.drops);
        Ok(!end.failed && dropped == 0 && self.outcome.ended != Some(false))
    }
}

/// A failure of standard output while printing, as [`StdoutError`] (a file error cannot come
/// from flushing the printer).
fn stdout_error(e: SinkError) -> anyhow::Error {
    match e {
        SinkError::Stdout(e) => StdoutError(e).into(),
        SinkError::File(e) => e.into(),
    }
}

/// Runs `-r FILE` or `-V LIST` and returns the exit code: 1 when the last file read ended in
/// an error, as tcpdump's.
pub fn run(args: &Args) -> Result<ExitCode> {
    let mut list = args.file_list.as_deref().map(FileList::open).transpose()?;
    let first = match &mut list {
        Some(l) => l.next().ok_or_else(|| anyhow!("Nothing in {}", l.name))?,
        None => args.read.clone().unwrap_or_else(|| "-".to_owned()),
    };
    let mut session: Option<Session<'_>> = None;
    let ended = read_all(args, first, list.as_mut(), &mut session);
    let Some(s) = session else {
        return ended.map(|_| ExitCode::SUCCESS);
    };
    // What was read goes out before an error ends the run, as tcpdump's exit flushes it.
    let ok = |b: bool| {
        if b {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    match ended {
        Ok(Ended::FileLimit) => {
            // tcpdump's info(1) after its "Maximum file limit reached": libpcap has no
            // statistics for a savefile.
            eprintln!("pcap_stats: Statistics aren't available from savefiles");
            Ok(ok(s.finish(false, false)?))
        }
        Ok(Ended::OutputFailed) => {
            s.finish(false, false)?;
            Ok(ExitCode::FAILURE)
        }
        Ok(ended) => {
            let interrupted = matches!(ended, Ended::Interrupted);
            let written = s.finish(true, interrupted)?;
            Ok(ok(written && !matches!(ended, Ended::Failed)))
        }
        Err(e) => {
            let _ = s.finish(false, false);
            Err(e)
        }
    }
}

/// Reads `path`, then each further file of `list`, into the session (made for the first; none
/// when `-d` only dumps the filter).
fn read_all<'a>(
    args: &'a Args,
    mut path: String,
    mut list: Option<&mut FileList>,
    session: &mut Option<Session<'a>>,
) -> Result<Ended> {
    loop {
        // libpcap opens the files after the first with microsecond stamps (tcpdump asks for
        // its precision on the first only).
        let mut rd = open(&path, args.nano() && session.is_none())?;
        if let Some(s) = session.as_mut() {
            s.next_file(&path, &rd)?;
        }
        banner(&path, rd.linktype, rd.snaplen);
        if session.is_none() {
            if rd.linktype == capture_print::linktype::LINUX_SLL2 {
                // Cooked v2 headers carry interface indexes, printed with this host's names.
                eprintln!("Warning: interface names might be incorrect");
            }
            // As tcpdump, the expression is read and compiled after the banner.
            let expr = crate::filter::expression(args)?;
            match Session::new(args, expr, &rd)? {
                Some(s) => *session = Some(s),
                None => return Ok(Ended::Done),
            }
        }
        let s = session.as_mut().expect("made for the first file");
        let ended = s.read(&mut rd)?;
        if matches!(ended, Ended::FileLimit | Ended::Interrupted) {
            return Ok(ended);
        }
        match list.as_mut().and_then(|l| l.next()) {
            Some(next) => path = next,
            None => return Ok(ended),
        }
    }
}
