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
//! capture-bench --only print [--packets N] [--repeats N] [--print-input PATH]
//!               [--print-baseline PATH] [--capture-cpus N] [--docs DIR]
//! capture-bench query [--gib F] [--file-mb M] ...   (capture query against tcpdump -r)
//! capture-bench soak --minutes N [--pps P] ...      (long run: exactly-once, flat resources)
//! ```
mod audit;
mod generator;
mod judge;
mod measure;
mod mixed;
mod peers;
mod print;
mod query;
mod report;
mod run;
mod settings;
mod soak;

use std::process::ExitCode;

/// A subcommand's entry point: its arguments, after the subcommand's name.
type Subcommand = fn(&[String]) -> anyhow::Result<()>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sub: Option<Subcommand> = match args.first().map(String::as_str) {
        Some("query") => Some(query::main),
        Some("soak") => Some(soak::main),
        _ => None,
    };
    if let Some(sub) = sub {
        return match sub(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("capture-bench: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let result = settings::Settings::parse(&args).and_then(|s| match (&s.report_only, s.only) {
        (Some(path), _)
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("print-")) =>
        {
            print::report_from_file(path, &s.docs_dir)
        }
        (Some(path), _) => report::generate_from_file(path, &s.docs_dir),
        (None, Some(settings::Only::Print)) => print::run(&s),
        (None, None) => run::run(&s),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("capture-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
