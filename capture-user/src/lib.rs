//! `capture`: a tcpdump-compatible packet-capture engine.
//!
//! The modules follow the data path of DESIGN.md §2: `cli` and `filter` set up, `iface` finds
//! the interface, `ebpf` attaches the XDP ingress counter; the live path and the reader hand
//! packets to the writer or the printer; `stats` accounts for every packet.
use std::process::ExitCode;

use anyhow::Result;

pub mod cli;
pub mod ebpf;
pub mod filter;
pub mod iface;
pub mod live;
pub mod merge;
pub mod privs;
pub mod ring;
pub mod signals;
pub mod socket;
pub mod stats;
pub mod worker;
pub mod writer;
pub mod xdp;

/// Runs the command the arguments describe and returns the process exit code.
pub fn run(args: cli::Args) -> Result<ExitCode> {
    if args.version {
        print_version();
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_interfaces {
        iface::print_list()?;
        return Ok(ExitCode::SUCCESS);
    }
    let expr = expression(&args)?;
    live::run(&args, &expr)
}

/// The filter expression: the contents of `-F FILE` (which wins, as in tcpdump), else the
/// trailing words.
fn expression(args: &cli::Args) -> Result<String> {
    use anyhow::Context as _;
    match &args.filter_file {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("can't read {path}"))?;
            // tcpdump treats '#' to end of line as a comment in filter files.
            Ok(text
                .lines()
                .map(|l| l.split('#').next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" "))
        }
        None => Ok(args.expression_words()),
    }
}

fn print_version() {
    println!("capture version {}", env!("CARGO_PKG_VERSION"));
    println!("{}", filter::libpcap_version());
}
