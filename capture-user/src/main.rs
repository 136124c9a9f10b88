//! The `capture` binary: parses the command line and reports errors as one line on stderr.
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let words: Vec<OsString> = std::env::args_os().collect();
    // Subcommands come first; anything else is tcpdump's command line.
    let sub = match words.get(1).and_then(|w| w.to_str()) {
        Some("index") => Some(capture::index::command::main as fn(&[OsString]) -> _),
        Some("query") => Some(capture::query::main as fn(&[OsString]) -> _),
        _ => None,
    };
    if let Some(sub) = sub {
        return finish(sub(&words[2..]));
    }
    let parsed = capture::cli::parse(words);
    // What parsing printed goes out first; a failed write there is not worth a panic.
    let _ = std::io::stdout()
        .write_all(&parsed.stdout)
        .and_then(|()| std::io::stdout().flush());
    let _ = std::io::stderr().write_all(&parsed.stderr);
    let args = match parsed.outcome {
        Ok(args) => args,
        Err(code) => return ExitCode::from(code),
    };
    finish(capture::run(args))
}

/// The exit code of a finished command; an error is one line on stderr.
fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
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
