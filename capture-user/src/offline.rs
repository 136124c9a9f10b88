//! `-r`: reads a capture file (or standard input), filters it with the libpcap program of the
//! expression, and prints each packet as tcpdump does.
mod reader;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

pub use reader::{MAX_SNAPLEN, Packet, ReadError, Reader, linktype_to_dlt};

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

/// The `link-type NAME (DESCRIPTION)` libpcap gives a link type.
fn linktype_text(lt: i32) -> String {
    let dlt = reader::linktype_to_dlt(lt);
    let l = pcap::Linktype(dlt);
    match (l.get_name(), l.get_description()) {
        (Ok(n), Ok(d)) => format!("{n} ({d})"),
        _ => format!("{lt}"),
    }
}

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
    let mut rd = Reader::new(input)?;
    let expr = crate::filter::expression(args)?;
    let mut filters: HashMap<i32, Option<Filter>> = HashMap::new();
    let compile = |lt: i32| -> Result<Option<Filter>> {
        if expr.trim().is_empty() {
            return Ok(None);
        }
        // Offline, any non-zero accept value means "keep": the largest snapshot length.
        let f = Filter::dead(reader::linktype_to_dlt(lt), &expr, reader::MAX_SNAPLEN)
            .map_err(|e| anyhow!("{e}"))?;
        Ok(Some(f))
    };
    filters.insert(rd.linktype, compile(rd.linktype)?);
    eprintln!(
        "reading from file {path}, link-type {}, snapshot length {}",
        linktype_text(rd.linktype),
        rd.snaplen
    );
    if rd.linktype == capture_print::linktype::LINUX_SLL2 {
        // Cooked v2 headers carry interface indexes, printed with this host's names.
        eprintln!("Warning: interface names might be incorrect");
    }

    // With -w the packets are copied (filtered, cut by -c, rotated) instead of printed.
    let mut output = match &args.write {
        Some(_) => Some(Output::create(
            OutputConfig::from_args(args)?,
            rd.linktype as u32,
            rd.snaplen,
        )?),
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
                result = Err(e);
                break;
            }
        };
        if let std::collections::hash_map::Entry::Vacant(e) = filters.entry(pkt.linktype) {
            let f = compile(pkt.linktype)?;
            e.insert(f);
        }
        if let Some(Some(f)) = filters.get(&pkt.linktype)
            && !f.matches(pkt.data, pkt.wirelen)
        {
            continue;
        }
        if let Some(output) = output.as_mut() {
            let nsec = if pkt.ts.nano {
                pkt.ts.frac
            } else {
                pkt.ts.frac * 1000
            };
            match output.write(pkt.ts.sec, nsec, pkt.wirelen, pkt.data) {
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
        printer.set_linktype(pkt.linktype);
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
