//! Where packets go, captured live, read from files (`-r`, `-V`) or found by `capture
//! query`: the output files (with rotation), the printer on standard output, or both, and
//! `--count`'s line; and what the output's errors mean for the run. One type for all three,
//! so a full disk, the `-W` file limit or a closed standard output are reported and counted
//! the same way whichever way the packets came.
use std::io::{self, BufWriter, Write};

use anyhow::Result;
use capture_print::{Printer, Timestamp};

use crate::{
    StdoutError,
    cli::Args,
    clock::now_ns,
    upload::UploadSummary,
    writer::{IoPath, Output, OutputConfig, WriteError},
};

/// Where packets go: pcap files (with rotation), the printer, or both (`-w` with `--print`);
/// neither with `--count` alone, which only counts. Printed lines go to `out`: standard
/// output but in `capture query`'s in-process tests, hence the lifetime.
pub struct Sink<'o> {
    /// The output files, with `-w`.
    pub file: Option<Box<Output>>,
    printer: Option<Box<Printer>>,
    out: BufWriter<Box<dyn Write + 'o>>,
    /// `-l` or `-U`: each printed line goes out at once.
    line_buffered: bool,
    /// Without `-w`, an interrupted capture ends the printed line, as tcpdump does.
    printing_only: bool,
}

/// How a packet's time stamp is given.
#[derive(Clone, Copy)]
enum Stamp {
    /// Nanoseconds since the epoch (live).
    Ns(u64),
    /// As a capture file holds it, in the file's unit, printed in the unit `nano` says (`-r`).
    File(Timestamp),
}

/// What the output came to, reported by [`Sink::finish`].
pub struct SinkEnd {
    /// Packets the output lost (counted by its rules: a full disk, an I/O error).
    pub dropped: u64,
    /// The last file could not be written out as it should (reported already).
    pub failed: bool,
    /// How the files were written, if there were any.
    pub io_path: Option<IoPath>,
    /// With `--upload`, what the uploads did.
    pub upload: Option<UploadSummary>,
    /// With `--index`, the files whose index was given up (see
    /// [`Output::give_up_index`](crate::writer::Output::give_up_index)).
    pub indexes_given_up: Option<Vec<String>>,
}

impl Sink<'static> {
    /// [`Sink::open`] to standard output, giving up root for `-Z USER` (`args.user`) as tcpdump (as Debian and
    /// Fedora build it) does around opening its output: with `-w FILE` and no `-C`, the first
    /// file is opened as root and handed to the user (a user that does not exist is found
    /// out after that file is made, as in tcpdump); otherwise root is given up first and every
    /// file is the user's own.
    pub fn open_as(
        args: &Args,
        cfg: Option<OutputConfig>,
        link: (u32, i32),
        snaplen: u32,
        netmask: Option<(u32, u32)>,
    ) -> Result<Self> {
        let user = || {
            args.user
                .as_deref()
                .map(crate::privs::User::lookup)
                .transpose()
        };
        let first_file_as_root =
            args.write.as_deref().is_some_and(|w| w != "-") && args.file_size.is_none();
        if !first_file_as_root && let Some(u) = user()? {
            u.switch_to()?;
        }
        let sink = Self::open(args, cfg, link, snaplen, netmask, Box::new(io::stdout()))?;
        if first_file_as_root && let Some(u) = user()? {
            if let Some(out) = &sink.file {
                out.chown_current(u.uid, u.gid)?;
            }
            u.switch_to()?;
        }
        Ok(sink)
    }
}

impl<'o> Sink<'o> {
    /// Opens the output `cfg` describes (if any), its files of link type `linktype`, and the
    /// printer for `dlt` (without `-w` unless `--count`, with `-w` if `--print`), printing to
    /// `out`. `netmask` is `-f`'s local network.
    pub fn open(
        args: &Args,
        cfg: Option<OutputConfig>,
        (linktype, dlt): (u32, i32),
        snaplen: u32,
        netmask: Option<(u32, u32)>,
        out: Box<dyn Write + 'o>,
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
        let printer = wanted.then(|| {
            let mut opts = args.print_options();
            opts.local_net = netmask.map(|(net, mask)| (net.to_ne_bytes(), mask.to_ne_bytes()));
            Box::new(Printer::new(opts, dlt))
        });
        Ok(Sink {
            file,
            printer,
            out: BufWriter::with_capacity(1 << 16, out),
            line_buffered: args.line_buffered || args.packet_buffered,
            printing_only,
        })
    }

    /// Writes a packet captured live, stamped `ts_ns` (nanoseconds since the epoch).
    pub fn write(&mut self, ts_ns: u64, wirelen: u32, data: &[u8]) -> Result<(), SinkError> {
        self.put(Stamp::Ns(ts_ns), wirelen, data)
    }

    /// Writes a packet read from a capture file: `ts.frac` is in the unit of the file (which
    /// the output's unit is), printed as `ts.nano` says.
    pub fn copy(&mut self, ts: Timestamp, wirelen: u32, data: &[u8]) -> Result<(), SinkError> {
        self.put(Stamp::File(ts), wirelen, data)
    }

    fn put(&mut self, stamp: Stamp, wirelen: u32, data: &[u8]) -> Result<(), SinkError> {
        let split = |ts_ns: u64| {
            (
                (ts_ns / 1_000_000_000) as i64,
                (ts_ns % 1_000_000_000) as u32,
            )
        };
        if let Some(out) = &mut self.file {
            match stamp {
                Stamp::Ns(ts_ns) => {
                    let (sec, nsec) = split(ts_ns);
                    out.write(sec, nsec, wirelen, data)?;
                }
                // libpcap keeps the fraction's low 32 bits.
                Stamp::File(ts) => out.copy(ts.sec, ts.frac as u32, wirelen, data)?,
            }
        }
        if let Some(printer) = &mut self.printer {
            let caplen = data.len() as u32;
            let out = &mut self.out;
            match stamp {
                Stamp::Ns(ts_ns) => {
                    let (sec, nsec) = split(ts_ns);
                    printer.print(out, sec, nsec, caplen, wirelen, data)
                }
                Stamp::File(ts) => printer.print_ts(out, ts, caplen, wirelen, data),
            }
            .map_err(|e| {
                if capture_print::Fatal::of(&e).is_some()
                    && let Some(out) = self.file.take()
                {
                    // The packets already written stay in the file, as tcpdump's exit flushes
                    // its dump file.
                    let _ = out.finish();
                }
                SinkError::Stdout(exit_if_fatal(out, e))
            })?;
            if self.line_buffered {
                out.flush().map_err(SinkError::Stdout)?;
            }
        }
        Ok(())
    }

    /// `-V`, or a query's next packet: packets now have link type `dlt`; the printer decodes
    /// them as such.
    pub fn set_linktype(&mut self, dlt: i32) {
        if let Some(p) = &mut self.printer {
            p.set_linktype(dlt);
        }
    }

    /// Once a second: lets `-G` rotate without traffic and writes the open file out.
    pub fn tick(&mut self) -> Result<(), SinkError> {
        match &mut self.file {
            Some(out) => Ok(out.tick((now_ns() / 1_000_000_000) as i64)?),
            None => Ok(()),
        }
    }

    /// SIGUSR2: the open file written out now, every packet so far in it at its true length.
    pub fn flush(&mut self) -> Result<(), SinkError> {
        match &mut self.file {
            Some(out) => Ok(out.flush()?),
            None => Ok(()),
        }
    }

    /// When no packet is waiting (or before a message on stderr): printed lines go out now
    /// rather than when the buffer fills.
    pub fn idle(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(SinkError::Stdout)
    }

    /// Flushes and closes; reports a last error of the files (`capture: ...`, as any other).
    /// `interrupted`: a signal ended the capture, maybe mid-line, so without `-w` a newline
    /// ends it, as tcpdump prints one (with `--count` too). `counted`: `--count`'s figure,
    /// printed as its line. With `--upload`, also what the uploads did.
    pub fn finish(self, interrupted: bool, counted: Option<u64>) -> Result<SinkEnd> {
        let Sink {
            file,
            mut out,
            printing_only,
            ..
        } = self;
        if printing_only && interrupted {
            out.write_all(b"\n").map_err(StdoutError)?;
        }
        if let Some(n) = counted {
            writeln!(out, "{}", crate::stats::packets(n)).map_err(StdoutError)?;
        }
        out.flush().map_err(StdoutError)?;
        let Some(out) = file else {
            return Ok(SinkEnd {
                dropped: 0,
                failed: false,
                io_path: None,
                upload: None,
                indexes_given_up: None,
            });
        };
        let mut summary = out.finish()?;
        if matches!(summary.error, Some(WriteError::ReaderGone)) {
            // Found only as the last bytes went out: the end tcpdump's SIGPIPE gives it.
            summary.error = None;
        }
        if let Some(e) = &summary.error {
            eprintln!("capture: {e}");
        }
        Ok(SinkEnd {
            dropped: summary.dropped,
            failed: summary.error.is_some(),
            io_path: summary.io_path,
            upload: summary.upload,
            indexes_given_up: summary.indexes_given_up,
        })
    }
}

/// A failure of the sink: the output files (counted and reported by the writer's rules), or
/// standard output while printing (which ends the run, as it ends tcpdump).
#[derive(Debug)]
pub enum SinkError {
    /// Writing the files.
    File(WriteError),
    /// Writing standard output.
    Stdout(io::Error),
}

impl From<WriteError> for SinkError {
    fn from(e: WriteError) -> Self {
        SinkError::File(e)
    }
}

/// Ends the run as tcpdump's `ndo_error` does when the printer met an error that ends it (an
/// `-E` secrets file that cannot be opened, a bad hex digit): what was printed goes out, then
/// the message, then the exit with tcpdump's status. Any other error is handed back.
pub fn exit_if_fatal(out: &mut impl Write, e: io::Error) -> io::Error {
    let Some(fatal) = capture_print::Fatal::of(&e) else {
        return e;
    };
    // Nothing is left to report a failed flush to: the run ends with the printer's error.
    let _ = out.flush();
    eprintln!("capture: {fatal}");
    std::process::exit(fatal.status.into());
}

/// The sink's errors and what they mean for the run.
#[derive(Default)]
pub struct WriterOutcome {
    /// Packets lost by the writer.
    pub drops: u64,
    /// The output has ended: `Some(true)` as planned (`-G` with `-W`), `Some(false)` on failure.
    pub ended: Option<bool>,
    /// Standard output could not be written while printing.
    pub stdout: Option<io::Error>,
    /// A file could not be created on rotation: tcpdump's error() ends the run at once, without
    /// the summary.
    pub open_failed: bool,
    /// The output ended because the reader of `-w -` has gone ([`WriteError::ReaderGone`]).
    pub reader_gone: bool,
}

impl WriterOutcome {
    /// [`absorb`](Self::absorb)s `e` and tells what it means for the output: ended as
    /// planned (`Some(true)`), ended by a failure (`Some(false)`), or going on; a failure of
    /// standard output is handed back, ending the run at once as tcpdump's error() does.
    pub fn end_of(&mut self, e: SinkError) -> Result<Option<bool>, StdoutError> {
        self.absorb(e);
        match self.stdout.take() {
            Some(e) => Err(StdoutError(e)),
            None => Ok(self.ended),
        }
    }

    /// Counts and reports `e` (once: `Stopped` repeats an error already reported).
    pub fn absorb(&mut self, e: SinkError) {
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
            WriteError::ReaderGone => {
                self.reader_gone = true;
                self.ended = Some(true);
            }
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
