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
            eprintln!("capture: {}", one_line(&err));
            if err.downcast_ref::<capture::StdoutError>().is_some() {
                ExitCode::from(capture::STDOUT_ERROR_EXIT)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// The error and its causes on one line, as `outer: cause: ...`; a cause whose text the line
/// already holds (an error that shows its source in its own message) is not repeated.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.is_empty() {
            line = text;
        } else if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}
