//! `capture-bench`: measures `capture` against tcpdump, dumpcap and netsniff-ng on a veth rig,
//! audits every output file frame by frame, writes the raw results as JSON and generates
//! docs/PERFORMANCE.md and its plots from them. Run it with `cargo xtask bench [--quick]`.
//!
//! ```text
//! capture-bench [--quick] [--gen-cpu N] [--capture-cpus LIST] [--napi threaded|softirq]
//!               [--generator afpacket|xdp] [--nice N] [--tools LIST] [--sizes LIST]
//!               [--flows LIST] [--outputs shm,disk] [--shm-dir DIR] [--disk-dir DIR]
//!               [--trial-secs S] [--repeats N] [--steps N] [--loss-tolerance F]
//!               [--curve LIST] [--capture-bin PATH] [--results DIR] [--docs DIR]
//! capture-bench --report-only RESULTS.json [--docs DIR]
//! ```
mod audit;
mod generator;
mod judge;
mod measure;
mod peers;
mod report;
mod run;
mod settings;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = settings::Settings::parse(&args).and_then(|s| match &s.report_only {
        Some(path) => report::generate_from_file(path, &s.docs_dir),
        None => run::run(&s),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("capture-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
