//! What capture prints about itself: its version lines, tcpdump 4.99.3's usage text (with
//! capture's name), and for `--help` capture's own options after it.
//!
//! The version has tcpdump's layout: `capture version X` (capture's own version, from
//! Cargo.toml), then libpcap's version line. tcpdump's third line names its crypto library;
//! capture has no crypto code (`-E` and `-M` warn as tcpdump built without libcrypto warns),
//! so it has no third line.

/// `--version`: `capture version X`, then libpcap's line.
pub fn version() -> String {
    format!(
        "capture version {}\n{}\n",
        env!("CARGO_PKG_VERSION"),
        crate::filter::libpcap_version()
    )
}

/// The version lines and tcpdump's usage text, as tcpdump prints them for `-h` (on stdout) and
/// after a mistake on the command line (on stderr).
pub fn usage() -> String {
    version()
        + "Usage: capture [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n\
           \t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n\
           \t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n\
           \t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n\
           \t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n\
           \t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n\
           \t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n\
           \t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n"
}

/// `-h`/`--help`: tcpdump's usage, then the options only capture has, each with its help
/// wrapped to 80 columns.
pub fn help(cmd: &clap::Command) -> Vec<u8> {
    let mut text = usage();
    text.push_str("\nOptions of capture's own (tcpdump has none of these):\n");
    for arg in cmd.get_arguments() {
        let Some(long) = arg.get_long() else {
            continue;
        };
        if arg.get_short().is_some() || super::TCPDUMP_LONG.contains(&long) {
            continue;
        }
        text.push_str(&format!("  --{long}"));
        let takes_value = arg.get_action().takes_values();
        if takes_value {
            for name in arg.get_value_names().unwrap_or_default() {
                text.push_str(&format!(" {name}"));
            }
        }
        text.push('\n');
        let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        if !help.ends_with('.') {
            help.push('.');
        }
        let possible = arg.get_possible_values();
        let values: Vec<&str> = possible.iter().map(|v| v.get_name()).collect();
        if takes_value && !values.is_empty() {
            help.push_str(&format!(" One of: {}.", values.join(", ")));
        }
        if let Some(default) = arg.get_default_values().first() {
            help.push_str(&format!(" Default: {}.", default.to_string_lossy()));
        }
        text.push_str(&wrap(&help, 8, 80));
    }
    text.into_bytes()
}

/// `text` in lines of at most `width` columns (a longer word gets a line of its own), each
/// indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
            out.push_str(&format!("{:indent$}{line}\n", ""));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{:indent$}{line}\n", ""));
    }
    out
}

/// `--fp-type`: tcpdump's check of the floating-point arithmetic in use (a float built from a
/// fixed bit pattern, scaled, printed with three decimals).
pub fn fp_type() -> String {
    let f = f32::from_bits(0x4e93_312d) * 8.0 / 1_000_000.0;
    format!("{:.3}\n", f64::from(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a bb ccc dddd", 2, 9), "  a bb\n  ccc\n  dddd\n");
        assert_eq!(wrap("", 2, 9), "");
    }

    #[test]
    fn fp_type_is_tcpdumps_figure() {
        assert_eq!(fp_type(), "9877.895\n");
    }
}
