//! The `capture` binary: parses the command line and reports errors as one line on stderr.
use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let words: Vec<OsString> = std::env::args_os().skip(1).collect();
    // Subcommands come first; anything else is tcpdump's command line.
    let sub = match words.first().and_then(|w| w.to_str()) {
        Some("index") => Some(capture::index::command::main as fn(&[OsString]) -> _),
        Some("query") => Some(capture::query::main as fn(&[OsString]) -> _),
        _ => None,
    };
    if let Some(sub) = sub {
        return finish(sub(&words[1..]));
    }
    let args = match capture::cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = if err.use_stderr() { 1 } else { 0 };
            // Help and usage go where clap sends them; a failed write there is not worth a panic.
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    finish(capture::run(args))
}

/// The exit code of a finished command; an error is one line on stderr.
fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("capture: {err:#}");
            if err.downcast_ref::<capture::StdoutError>().is_some() {
                ExitCode::from(capture::STDOUT_ERROR_EXIT)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
