//! `capture`: a tcpdump-compatible packet-capture engine.
//!
//! The modules follow the data path of DESIGN.md §2: `cli` and `filter` set up, `iface` finds
//! the interface, `ebpf` attaches the XDP ingress counter; the live path and the reader hand
//! packets to the writer or the printer; `stats` accounts for every packet.
use std::process::ExitCode;

use anyhow::Result;

pub mod bpf;
pub mod cli;
pub mod clock;
pub mod cooked;
pub mod cpu;
pub mod ebpf;
pub mod filter;
pub mod handoff;
pub mod iface;
pub mod live;
pub mod merge;
pub mod notices;
pub mod offline;
pub mod privs;
pub mod ring;
pub mod socket;
pub mod stats;
pub mod worker;
pub mod writer;
pub mod xdp;

/// Standard output could not be written (a closed pipe while SIGPIPE is ignored, a full disk
/// behind a redirection): tcpdump's message, and its exit status [`STDOUT_ERROR_EXIT`].
#[derive(Debug, thiserror::Error)]
#[error("Unable to write output: {}", strerror(.0))]
pub struct StdoutError(pub std::io::Error);

/// tcpdump 4.99.3's exit status after a failed write to standard output.
pub const STDOUT_ERROR_EXIT: u8 = 14;

/// Writes `text` to standard output; a failure is tcpdump's `Unable to write output`.
fn to_stdout(text: &str) -> Result<(), StdoutError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(StdoutError)
}

/// An I/O error in the C library's words (`Broken pipe`), without Rust's `(os error N)`.
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Runs the command the arguments describe and returns the process exit code.
pub fn run(args: cli::Args) -> Result<ExitCode> {
    if args.version {
        print_version()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_interfaces {
        to_stdout(&iface::list()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(name) = &args.linktype {
        iface::check_linktype(name)?;
    }
    if args.list_data_link_types {
        let iface = iface::resolve(args.interface.as_deref())?;
        to_stdout(&iface::link_types(&iface))?;
        return Ok(ExitCode::SUCCESS);
    }
    let expr = filter::expression(&args)?;
    if args.dump_filter > 0 {
        dump_filter(&args, &expr)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.read.is_some() {
        return offline::run(&args);
    }
    live::run(&args, &expr)
}

/// `-d`/`-dd`/`-ddd`: compile for the interface given with `-i` (live semantics) or, as
/// tcpdump does without one, for Ethernet with a warning; print; exit.
fn dump_filter(args: &cli::Args, expr: &str) -> Result<()> {
    let snaplen = args.snaplen();
    let filter = match &args.interface {
        Some(name) => {
            let iface = iface::resolve(Some(name))?;
            filter::Filter::live(&iface.name, expr, snaplen)?
        }
        None => {
            eprintln!("Warning: assuming Ethernet");
            filter::Filter::dead(1, expr, snaplen)?
        }
    };
    to_stdout(&bpf::image::dump(filter.instructions(), args.dump_filter))?;
    Ok(())
}

fn print_version() -> Result<(), StdoutError> {
    to_stdout(&format!(
        "capture version {}\n{}\n",
        env!("CARGO_PKG_VERSION"),
        filter::libpcap_version()
    ))
}
