//! `-r` and `-V`: reads a capture file (or standard input), or each file of a list in turn,
//! filters it with the libpcap program of the expression, and prints each packet as tcpdump
//! does, writes it (`-w`, and prints it too with `--print`), or only counts it (`--count`).
mod reader;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, StdoutLock, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

pub use reader::{Packet, ReadError, Reader};

use crate::StdoutError;
use crate::cli::Args;
use crate::filter::{Compile, Filter};
use crate::writer::{Output, OutputConfig, WriteError};
use capture_print::{Printer, Timestamp};

/// An I/O error as one line, without Rust's `(os error N)` suffix.
fn os_text(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The `link-type NAME (DESCRIPTION)` libpcap gives a link type.
fn linktype_text(lt: i32) -> String {
    let dlt = reader::linktype_to_dlt(lt);
    let l = pcap::Linktype(dlt);
    match (l.get_name(), l.get_description()) {
        (Ok(n), Ok(d)) => format!("{n} ({d})"),
        _ => format!("{lt}"),
    }
}

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
    /// fails to open, as in tcpdump).
    fn next(&mut self) -> Result<Option<String>> {
        let mut line = Vec::new();
        if self.lines.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        Ok(Some(String::from_utf8_lossy(&line).into_owned()))
    }
}

/// Opens a capture file (`-` is standard input) and reads its header.
fn open(path: &str) -> Result<Reader<io::BufReader<Box<dyn Read>>>> {
    let input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| anyhow!("{path}: {}", os_text(&e)))?)
    };
    // A large buffer: the reader asks for each record's header and data separately.
    Ok(Reader::new(io::BufReader::with_capacity(1 << 20, input))?)
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
}

/// What stays across the files of a run: the filter, the output, the printer, the count.
struct Session<'a> {
    args: &'a Args,
    expr: String,
    how: Compile,
    /// The filter for each link type met (pcapng files may have several).
    filters: HashMap<i32, Option<Filter>>,
    /// The first file's link type, which the output is written with.
    linktype: i32,
    output: Option<Output>,
    /// None with `--count` (and with `-w` unless `--print`).
    printer: Option<Printer>,
    out: BufWriter<StdoutLock<'static>>,
    line_buffered: bool,
    /// Packets that passed the filter, across files (tcpdump's `packets_captured`).
    captured: u64,
}

impl<'a> Session<'a> {
    fn new(args: &'a Args, expr: String, linktype: i32, snaplen: u32) -> Result<Self> {
        // With -w the packets are copied (filtered, cut by -c, rotated); printed as well with
        // --print.
        let output = match &args.write {
            Some(_) => Some(Output::create(
                OutputConfig::from_args(args)?,
                linktype as u32,
                snaplen,
            )?),
            None => None,
        };
        let print = if output.is_some() {
            args.print
        } else {
            !args.count_only
        };
        let mut s = Self {
            args,
            expr,
            how: crate::compile_options(args, None),
            filters: HashMap::new(),
            linktype,
            output,
            printer: print.then(|| Printer::new(args.print_options(), linktype)),
            out: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            line_buffered: args.line_buffered || args.packet_buffered,
            captured: 0,
        };
        s.filter_for(linktype)?;
        Ok(s)
    }

    /// Compiles the filter for link type `lt` once.
    fn filter_for(&mut self, lt: i32) -> Result<Option<&Filter>> {
        if !self.filters.contains_key(&lt) {
            let f = if self.expr.trim().is_empty() {
                None
            } else {
                // Offline, any non-zero accept value means "keep": the largest snapshot length.
                let dlt = reader::linktype_to_dlt(lt);
                let f = Filter::dead_with(dlt, &self.expr, reader::MAX_SNAPLEN, self.how);
                Some(f.map_err(|e| anyhow!("{e}"))?)
            };
            self.filters.insert(lt, f);
        }
        Ok(self.filters.get(&lt).and_then(Option::as_ref))
    }

    /// `-V`: a file after the first. Its link type must be the output's with `-w`; printed,
    /// it may differ.
    fn next_file(&mut self, path: &str, linktype: i32) -> Result<()> {
        if linktype != self.linktype && self.output.is_some() {
            return Err(anyhow!("{path}: new dlt does not match original"));
        }
        self.filter_for(linktype)?;
        Ok(())
    }

    /// Reads one file to its end or to `-c` (counted per file, as tcpdump's `pcap_loop` counts
    /// it). `micro`: libpcap opened the file with microsecond time stamps (every file of `-V`
    /// after the first), which are then kept in the unit of the first, as tcpdump keeps them.
    fn read<R: Read>(&mut self, rd: &mut Reader<R>, micro: bool) -> Result<Ended> {
        let nano = self.args.nano();
        let mut in_file: u64 = 0;
        loop {
            let pkt = match rd.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(Ended::Done),
                Err(e) => {
                    self.out.flush().map_err(StdoutError)?;
                    eprintln!("capture: {e}");
                    return Ok(Ended::Failed);
                }
            };
            if let Some(f) = self.filter_for(pkt.linktype)?
                && !f.matches(pkt.data, pkt.wirelen)
            {
                continue;
            }
            let frac = match (pkt.ts.nano, micro || !nano) {
                (true, true) => pkt.ts.frac / 1000,
                (false, false) => pkt.ts.frac * 1000,
                _ => pkt.ts.frac,
            };
            let ts = Timestamp {
                sec: pkt.ts.sec,
                frac,
                nano,
            };
            self.captured += 1;
            in_file += 1;
            if let Some(output) = self.output.as_mut() {
                let nsec = if nano { frac } else { frac * 1000 };
                match output.write(ts.sec, nsec, pkt.wirelen, pkt.data) {
                    Ok(()) => {}
                    Err(e @ WriteError::FileLimitReached(_)) => {
                        eprintln!("capture: {e}");
                        return Ok(Ended::FileLimit);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            if let Some(printer) = self.printer.as_mut() {
                printer.set_linktype(pkt.linktype);
                let caplen = pkt.data.len() as u32;
                printer
                    .print_ts(&mut self.out, ts, caplen, pkt.wirelen, pkt.data)
                    .map_err(StdoutError)?;
                if self.line_buffered {
                    self.out.flush().map_err(StdoutError)?;
                }
            }
            if self.args.count.is_some_and(|c| in_file >= c) {
                return Ok(Ended::Done);
            }
        }
    }

    /// Flushes what was printed and closes the output; with `count`, `--count` prints its line
    /// (tcpdump prints it when it reaches the end of the files).
    fn finish(mut self, count: bool) -> Result<()> {
        self.out.flush().map_err(StdoutError)?;
        if let Some(output) = self.output.take() {
            let summary = output.finish()?;
            if let Some(e) = summary.error {
                return Err(e.into());
            }
        }
        if count && self.args.count_only {
            let n = self.captured;
            let plural = if n == 1 { "" } else { "s" };
            writeln!(self.out, "{n} packet{plural}").map_err(StdoutError)?;
            self.out.flush().map_err(StdoutError)?;
        }
        Ok(())
    }
}

/// Runs `-r FILE` or `-V LIST` and returns the exit code: 1 when the last file read ended in
/// an error, as tcpdump's.
pub fn run(args: &Args) -> Result<ExitCode> {
    let mut list = args.file_list.as_deref().map(FileList::open).transpose()?;
    let first = match &mut list {
        Some(l) => l.next()?.ok_or_else(|| anyhow!("Nothing in {}", l.name))?,
        None => args.read.clone().unwrap_or_else(|| "-".to_owned()),
    };
    let mut session: Option<Session<'_>> = None;
    let ended = read_all(args, first, list.as_mut(), &mut session);
    let Some(s) = session else {
        return ended.map(|_| ExitCode::SUCCESS);
    };
    // What was read goes out before an error ends the run, as tcpdump's exit flushes it.
    match ended {
        Ok(Ended::FileLimit) => {
            s.finish(false)?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(ended) => {
            s.finish(true)?;
            Ok(match ended {
                Ended::Failed => ExitCode::FAILURE,
                _ => ExitCode::SUCCESS,
            })
        }
        Err(e) => {
            let _ = s.finish(false);
            Err(e)
        }
    }
}

/// Reads `path`, then each further file of `list`, into the session (made for the first).
fn read_all<'a>(
    args: &'a Args,
    mut path: String,
    mut list: Option<&mut FileList>,
    session: &mut Option<Session<'a>>,
) -> Result<Ended> {
    loop {
        let mut rd = open(&path)?;
        if let Some(s) = session.as_mut() {
            s.next_file(&path, rd.linktype)?;
        }
        banner(&path, rd.linktype, rd.snaplen);
        let micro = match session.as_mut() {
            None => {
                if rd.linktype == capture_print::linktype::LINUX_SLL2 {
                    // Cooked v2 headers carry interface indexes, printed with this host's names.
                    eprintln!("Warning: interface names might be incorrect");
                }
                let expr = crate::filter::expression(args)?;
                *session = Some(Session::new(args, expr, rd.linktype, rd.snaplen)?);
                false
            }
            Some(_) => true,
        };
        let s = session.as_mut().expect("made for the first file");
        let ended = s.read(&mut rd, micro)?;
        if matches!(ended, Ended::FileLimit) {
            return Ok(ended);
        }
        match list.as_mut().map(|l| l.next()).transpose()?.flatten() {
            Some(next) => path = next,
            None => return Ok(ended),
        }
    }
}
