//! Where a query's packets go: printed as `-r` prints them (one printer for the whole query,
//! so TCP sequence numbers, `-ttt` deltas and `-#` counts run on across files as in one
//! `tcpdump -r` run over the merged files), or written as `-r IN -w OUT` writes them (rotation, `--index` and the
//! other output flags included).
use std::io::{BufWriter, Write};

use anyhow::{Result, anyhow};

use super::stream::Pkt;
use crate::StdoutError;
use crate::cli::Args;
use crate::offline::dlt_to_linktype;
use crate::writer::{Output, OutputConfig, WriteError};
use capture_print::Printer;

/// The printer on standard output (or another stream), or the output files.
pub enum Sink<'a> {
    /// Printing.
    Print {
        /// tcpdump's printer with the query's print flags.
        printer: Box<Printer>,
        /// Where the lines go, buffered.
        out: BufWriter<Box<dyn Write + 'a>>,
        /// `-l` or `-U`: each line goes out at once.
        line_buffered: bool,
    },
    /// Writing with `-w`.
    Write(Box<Output>),
}

impl<'a> Sink<'a> {
    /// The sink the flags ask for, for packets of `linktype` (DLT_) and `snaplen`; printed
    /// lines go to `out`.
    pub fn new(
        args: &Args,
        linktype: i32,
        snaplen: u32,
        out: Box<dyn Write + 'a>,
    ) -> Result<Sink<'a>> {
        Ok(match &args.write {
            Some(w) => {
                let lt = dlt_to_linktype(linktype).ok_or_else(|| {
                    anyhow!("{w}: link-layer type {linktype} isn't supported in savefiles")
                })?;
                Sink::Write(Box::new(Output::create(
                    OutputConfig::from_args(args)?,
                    lt,
                    snaplen,
                )?))
            }
            None => Sink::Print {
                printer: Box::new(Printer::new(args.print_options(), linktype)),
                out: BufWriter::with_capacity(1 << 16, out),
                line_buffered: args.line_buffered || args.packet_buffered,
            },
        })
    }

    /// Emits one packet; false when the output is done (`-W` with `-G` reached its limit).
    pub fn put(&mut self, p: &Pkt) -> Result<bool> {
        match self {
            Sink::Print {
                printer,
                out,
                line_buffered,
            } => {
                printer.set_linktype(p.linktype);
                printer
                    .print_ts(out, p.ts, p.data.len() as u32, p.wirelen, &p.data)
                    .map_err(|e| StdoutError(crate::sink::exit_if_fatal(out, e)))?;
                if *line_buffered {
                    out.flush().map_err(StdoutError)?;
                }
            }
            Sink::Write(o) => {
                // As `-r ... -w`: the fraction in the reader's unit, which is the output's.
                match o.copy(p.ts.sec, p.ts.frac as u32, p.wirelen, &p.data) {
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

    /// Flushes standard output, or closes the last file.
    pub fn finish(self) -> Result<()> {
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
