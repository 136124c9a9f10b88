//! The `capture` binary: parses the command line and reports errors as one line on stderr.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match capture::cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = if err.use_stderr() { 1 } else { 0 };
            // Help and usage go where clap sends them; a failed write there is not worth a panic.
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match capture::run(args) {
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
