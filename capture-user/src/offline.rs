//! `-r`: reads a capture file (or standard input), filters it with the libpcap program of the
//! expression, and prints each packet as tcpdump does.
mod reader;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};

pub use reader::{Packet, ReadError, Reader};

use crate::cli::Args;
use crate::filter::Filter;
use crate::print::{Options, Printer};

/// An I/O error as one line, without Rust's `(os error N)` suffix.
fn os_text(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The filter expression: from `-F FILE` if given, else the trailing words.
pub fn expression(args: &Args) -> Result<String> {
    match &args.filter_file {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| anyhow!("{path}: {}", os_text(&e)))?;
            // As tcpdump: '#' starts a comment that runs to the end of the line.
            let words: Vec<&str> = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or(""))
                .flat_map(str::split_whitespace)
                .collect();
            Ok(words.join(" "))
        }
        None => Ok(args.expression_words()),
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
    if args.write.is_some() {
        bail!("-w with -r is not implemented yet");
    }
    let input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| anyhow!("{path}: {}", os_text(&e)))?)
    };
    // A large buffer: the reader asks for each record's header and data separately.
    let input = io::BufReader::with_capacity(1 << 20, input);
    let mut rd = Reader::new(input)?;
    let expr = expression(args)?;
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
    if rd.linktype == crate::print::linktype::LINUX_SLL2 {
        // Cooked v2 headers carry interface indexes, printed with this host's names.
        eprintln!("Warning: interface names might be incorrect");
    }

    let opts = Options::from_args(args);
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
        printer.set_linktype(pkt.linktype);
        let caplen = pkt.data.len() as u32;
        printer
            .print_ts(&mut out, pkt.ts, caplen, pkt.wirelen, pkt.data)
            .context("writing to standard output")?;
        if line_buffered {
            out.flush().context("writing to standard output")?;
        }
        printed += 1;
        if args.count.is_some_and(|c| printed >= c) {
            break;
        }
    }
    out.flush().context("writing to standard output")?;
    result?;
    Ok(ExitCode::SUCCESS)
}
