//! `-r`: reads a capture file (or standard input), filters it with the libpcap program of the
//! expression, and prints each packet as tcpdump does.
mod pseudo;
mod reader;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

pub use reader::{Packet, ReadError, Reader};

use crate::StdoutError;
use crate::cli::Args;
use crate::filter::Filter;
use crate::writer::{Output, OutputConfig, WriteError};
use capture_print::Printer;

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

/// Runs `-r FILE`: prints the packets and returns the exit code.
pub fn run(args: &Args) -> Result<ExitCode> {
    let path = args.read.as_deref().unwrap_or("-");
    let input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| anyhow!("{path}: {}", os_text(&e)))?)
    };
    // A large buffer: the reader asks for each record's header and data separately.
    let input = io::BufReader::with_capacity(1 << 20, input);
    let mut rd = Reader::new(input, args.nano())?;
    eprintln!(
        "reading from file {path}, link-type {}, snapshot length {}",
        linktype_text(rd.linktype),
        rd.snaplen
    );
    if rd.linktype == capture_print::linktype::LINUX_SLL2 {
        // Cooked v2 headers carry interface indexes, printed with this host's names.
        eprintln!("Warning: interface names might be incorrect");
    }
    // As tcpdump, the expression is read and compiled after the banner, and compiled even
    // when empty: that is where libpcap refuses a link type it does not know.
    let expr = crate::filter::expression(args)?;
    let filter = Filter::dead(rd.linktype, &expr, rd.snaplen)?;
    if args.dump_filter > 0 {
        crate::to_stdout(&crate::bpf::image::dump(
            filter.instructions(),
            args.dump_filter,
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let filter = (!expr.trim().is_empty()).then_some(filter);

    // With -w the packets are copied (filtered, cut by -c, rotated) instead of printed.
    let mut output = match &args.write {
        Some(w) => {
            // Unreachable for what libpcap compiles a filter for, but libpcap checks it too.
            let lt = reader::dlt_to_linktype(rd.linktype).ok_or_else(|| {
                anyhow!(
                    "{w}: link-layer type {} isn't supported in savefiles",
                    rd.linktype
                )
            })?;
            Some(Output::create(
                OutputConfig::from_args(args)?,
                lt | rd.linktype_ext,
                rd.snaplen,
            )?)
        }
        None => None,
    };
    let opts = args.print_options();
    let mut printer = Printer::new(opts, rd.linktype);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let line_buffered = args.line_buffered || args.packet_buffered;
    let mut printed: u64 = 0;
    let mut result = Ok(());
    loop {
        let pkt = match rd.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                result = Err(LoopError(e));
                break;
            }
        };
        if let Some(f) = &filter
            && !f.matches(pkt.data, pkt.wirelen)
        {
            continue;
        }
        if let Some(output) = output.as_mut() {
            // The output stores the reader's unit; libpcap keeps the fraction's low 32 bits.
            match output.copy(pkt.ts.sec, pkt.ts.frac as u32, pkt.wirelen, pkt.data) {
                Ok(()) => {}
                Err(e @ WriteError::FileLimitReached(_)) => {
                    eprintln!("capture: {e}");
                    break;
                }
                Err(e) => return Err(e.into()),
            }
            printed += 1;
            if args.count.is_some_and(|c| printed >= c) {
                break;
            }
            continue;
        }
        let caplen = pkt.data.len() as u32;
        printer
            .print_ts(&mut out, pkt.ts, caplen, pkt.wirelen, pkt.data)
            .map_err(StdoutError)?;
        if line_buffered {
            out.flush().map_err(StdoutError)?;
        }
        printed += 1;
        if args.count.is_some_and(|c| printed >= c) {
            break;
        }
    }
    out.flush().map_err(StdoutError)?;
    if let Some(output) = output {
        let summary = output.finish()?;
        if let Some(e) = summary.error {
            // What was read is reported first (below), as tcpdump reports a read error.
            result?;
            return Err(e.into());
        }
    }
    result?;
    Ok(ExitCode::SUCCESS)
}
