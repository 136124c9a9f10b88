//! Where the merge loop puts packets: the output files (with rotation), the printer on
//! standard output, or both; and what the writer's errors mean for the capture.
use std::io::{self, BufWriter, Write};

use anyhow::Result;
use capture_print::Printer;

use crate::{
    StdoutError,
    cli::Args,
    clock::now_ns,
    notices::Notices,
    upload::UploadSummary,
    writer::{Output, OutputConfig, WriteError},
};

/// Where captured packets go: pcap files (with rotation), the printer, or both (`-w` with
/// `--print`); neither with `--count` alone, which only counts.
pub(super) struct Sink {
    /// The output files, with `-w`.
    pub(super) file: Option<Box<Output>>,
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
    pub(super) fn open(
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

    pub(super) fn write(&mut self, ts_ns: u64, wirelen: u32, data: &[u8]) -> Result<(), SinkError> {
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
    pub(super) fn tick(&mut self) -> Result<(), SinkError> {
        match &mut self.file {
            Some(out) => Ok(out.tick((now_ns() / 1_000_000_000) as i64)?),
            None => Ok(()),
        }
    }

    /// When no packet is waiting: printed lines go out now rather than when the buffer fills.
    pub(super) fn idle(&mut self) -> Result<(), SinkError> {
        match &mut self.print {
            Some(p) => p.out.flush().map_err(SinkError::Stdout),
            None => Ok(()),
        }
    }

    /// Flushes and closes; reports a last error and returns the writer's drops. `interrupted`:
    /// a signal ended the capture, maybe mid-line, so without `-w` a newline ends it, as
    /// tcpdump prints one (with `--count` too). With `--upload`, also what the uploads did.
    pub(super) fn finish(
        self,
        interrupted: bool,
        notices: &mut Notices,
    ) -> Result<(u64, Option<UploadSummary>)> {
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
        let Some(out) = file else {
            return Ok((0, None));
        };
        let summary = out.finish()?;
        if let Some(e) = &summary.error {
            eprintln!("capture: {e}");
        }
        if let Some(path) = summary.io_path {
            notices.note("output", format!("{path:?}"));
        }
        Ok((summary.dropped, summary.upload))
    }
}

/// A failure of the sink: the output files (counted and reported by the writer's rules), or
/// standard output while printing (which ends the capture, as it ends tcpdump).
pub(super) enum SinkError {
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
pub(super) struct WriterOutcome {
    /// Packets lost by the writer.
    pub(super) drops: u64,
    /// The output has ended: `Some(true)` as planned (`-G` with `-W`), `Some(false)` on failure.
    pub(super) ended: Option<bool>,
    /// Standard output could not be written while printing.
    pub(super) stdout: Option<io::Error>,
    /// A file could not be created on rotation: tcpdump's error() ends the run at once, without
    /// the summary.
    pub(super) open_failed: bool,
}

impl WriterOutcome {
    /// Counts and reports `e` (once: `Stopped` repeats an error already reported).
    pub(super) fn absorb(&mut self, e: SinkError) {
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
