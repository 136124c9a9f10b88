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
pub mod offline;
pub mod print;
pub mod signals;

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
    if args.read.is_some() {
        return offline::run(&args);
    }
    anyhow::bail!("live capture is not implemented yet")
}

fn print_version() {
    println!("capture version {}", env!("CARGO_PKG_VERSION"));
    println!("{}", filter::libpcap_version());
}
