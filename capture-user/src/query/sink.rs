//! Where a query's packets go: printed as `-r` prints them (one printer for the whole query,
//! so TCP sequence numbers, `-ttt` deltas and `-#` counts run on across files as in one
//! `tcpdump -r` run over the merged files), written as `-r IN -w OUT` writes them (rotation,
//! `--index` and the other output flags included; printed too with `--print`), or only
//! counted (`--count`).
use std::io::{BufWriter, Write};

use anyhow::{Result, anyhow};

use super::stream::Pkt;
use crate::StdoutError;
use crate::cli::Args;
use crate::offline::dlt_to_linktype;
use crate::writer::{Output, OutputConfig, WriteError};
use capture_print::Printer;

/// Where a query's packets go: the printer, the `-w` files, or both (`-w` with `--print`),
/// and `--count`'s line at the end, as `-r` has them.
pub struct Sink<'a> {
    /// Where printed lines and `--count`'s line go, buffered.
    out: BufWriter<Box<dyn Write + 'a>>,
    /// tcpdump's printer with the query's print flags: without `-w` unless `--count`, with it
    /// only with `--print`.
    printer: Option<Box<Printer>>,
    /// `-l` or `-U`: each line goes out at once.
    line_buffered: bool,
    /// `-w`: the output files.
    file: Option<Box<Output>>,
    /// Packets emitted, printed as `--count`'s line at the end.
    emitted: u64,
    count_only: bool,
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
        let file = match &args.write {
            Some(w) => {
                let lt = dlt_to_linktype(linktype).ok_or_else(|| {
                    anyhow!("{w}: link-layer type {linktype} isn't supported in savefiles")
                })?;
                Some(Box::new(Output::create(
                    OutputConfig::from_args(args)?,
                    lt,
                    snaplen,
                )?))
            }
            None => None,
        };
        let print = match file {
            None => !args.count_only,
            Some(_) => args.print,
        };
        Ok(Sink {
            out: BufWriter::with_capacity(1 << 16, out),
            printer: print.then(|| Box::new(Printer::new(args.print_options(), linktype))),
            line_buffered: args.line_buffered || args.packet_buffered,
            file,
            emitted: 0,
            count_only: args.count_only,
        })
    }

    /// Emits one packet; false when the output is done (`-W` with `-G` reached its limit).
    pub fn put(&mut self, p: &Pkt) -> Result<bool> {
        if let Some(o) = &mut self.file {
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
        if let Some(printer) = &mut self.printer {
            let out = &mut self.out;
            printer.set_linktype(p.linktype);
            printer
                .print_ts(out, p.ts, p.data.len() as u32, p.wirelen, &p.data)
                .map_err(|e| StdoutError(crate::sink::exit_if_fatal(out, e)))?;
            if self.line_buffered {
                out.flush().map_err(StdoutError)?;
            }
        }
        self.emitted += 1;
        Ok(true)
    }

    /// Closes the last file, prints `--count`'s line and flushes standard output.
    pub fn finish(mut self) -> Result<()> {
        if let Some(o) = self.file
            && let Some(e) = o.finish()?.error
        {
            return Err(e.into());
        }
        if self.count_only {
            writeln!(self.out, "{}", crate::stats::packets(self.emitted)).map_err(StdoutError)?;
        }
        self.out.flush().map_err(StdoutError)?;
        Ok(())
    }
}
