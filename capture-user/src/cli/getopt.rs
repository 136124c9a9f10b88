//! GNU `getopt_long` as tcpdump calls it, over bytes: option clusters (`-nnvc9`), values
//! attached or in the next word, `--long`, `--long=VALUE` and unambiguous abbreviations of long
//! names, operands anywhere (permuted to the end unless `POSIXLY_CORRECT` is set), `--` ending
//! the options, and glibc's words for each mistake.
//!
//! Abbreviations are resolved among tcpdump's long options first, so a prefix that names one of
//! them means what it means to tcpdump even where one of capture's own options shares it.
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// A long option the walk accepts.
#[derive(Debug, Clone)]
pub struct LongOpt {
    /// The name, without `--`.
    pub name: String,
    /// Whether it takes a value (`required_argument`).
    pub takes_value: bool,
    /// Whether tcpdump has it (abbreviations look among these first).
    pub tcpdump: bool,
}

/// What the walk accepts: short options with whether each takes a value, and long options
/// (tcpdump's in tcpdump's order, which glibc's ambiguity message follows).
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Short option letters and whether each takes a value.
    pub shorts: Vec<(u8, bool)>,
    /// Long options.
    pub longs: Vec<LongOpt>,
}

/// An option found on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A short option letter.
    Short(u8),
    /// A long option: its index in [`Spec::longs`].
    Long(usize),
}

/// One option and its value, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    /// Which option.
    pub name: Name,
    /// Its value, for options that take one.
    pub value: Option<OsString>,
}

/// A mistake `getopt_long` reports (and after which tcpdump prints its usage and exits 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    /// A short option letter that is not one.
    Invalid(u8),
    /// A short option that takes a value ended the command line.
    ShortNeedsValue(u8),
    /// `--WORD` (the word as given, `=VALUE` included) names no long option.
    Unrecognized(Vec<u8>),
    /// `--WORD` abbreviates several long options (listed).
    Ambiguous(Vec<u8>, Vec<String>),
    /// `--NAME=VALUE` for an option that takes none.
    NoValueAllowed(String),
    /// `--NAME` that takes a value ended the command line.
    LongNeedsValue(String),
}

impl Mistake {
    /// glibc's line for the mistake, `argv0` first.
    pub fn message(&self, argv0: &[u8]) -> Vec<u8> {
        let mut m = argv0.to_vec();
        m.extend_from_slice(b": ");
        match self {
            Mistake::Invalid(c) => {
                m.extend_from_slice(b"invalid option -- '");
                m.push(*c);
                m.push(b'\'');
            }
            Mistake::ShortNeedsValue(c) => {
                m.extend_from_slice(b"option requires an argument -- '");
                m.push(*c);
                m.push(b'\'');
            }
            Mistake::Unrecognized(word) => {
                m.extend_from_slice(b"unrecognized option '--");
                m.extend_from_slice(word);
                m.push(b'\'');
            }
            Mistake::Ambiguous(word, names) => {
                m.extend_from_slice(b"option '--");
                m.extend_from_slice(word);
                m.extend_from_slice(b"' is ambiguous; possibilities:");
                for n in names {
                    m.extend_from_slice(format!(" '--{n}'").as_bytes());
                }
            }
            Mistake::NoValueAllowed(name) => m.extend_from_slice(
                format!("option '--{name}' doesn't allow an argument").as_bytes(),
            ),
            Mistake::LongNeedsValue(name) => {
                m.extend_from_slice(format!("option '--{name}' requires an argument").as_bytes())
            }
        }
        m.push(b'\n');
        m
    }
}

/// The command line taken apart: the options in order up to the first mistake (if any), and
/// the operands (the filter expression's words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    /// Options, in the order given.
    pub options: Vec<Opt>,
    /// Words that are not options or their values, in order.
    pub operands: Vec<OsString>,
    /// The mistake that stopped the walk.
    pub mistake: Option<Mistake>,
}

impl Spec {
    fn short(&self, c: u8) -> Option<bool> {
        self.shorts
            .iter()
            .find(|(s, _)| *s == c)
            .map(|(_, takes)| *takes)
    }

    /// The long option `word` names: exactly, else as the unique abbreviation among tcpdump's
    /// options, else among capture's own.
    fn long(&self, word: &[u8]) -> Result<usize, Mistake> {
        if let Some(i) = self.longs.iter().position(|l| l.name.as_bytes() == word) {
            return Ok(i);
        }
        for tcpdump in [true, false] {
            let matches: Vec<usize> = (0..self.longs.len())
                .filter(|&i| {
                    self.longs[i].tcpdump == tcpdump
                        && self.longs[i].name.as_bytes().starts_with(word)
                })
                .collect();
            match matches[..] {
                [] => {}
                [one] => return Ok(one),
                _ => {
                    let names = matches.iter().map(|&i| self.longs[i].name.clone());
                    return Err(Mistake::Ambiguous(word.to_vec(), names.collect()));
                }
            }
        }
        Err(Mistake::Unrecognized(word.to_vec()))
    }
}

/// Takes `args` (without the program name) apart as glibc's `getopt_long` does. With
/// `require_order` (glibc's `POSIXLY_CORRECT`) the options end at the first operand.
pub fn walk(args: &[OsString], spec: &Spec, require_order: bool) -> Walk {
    let mut w = Walk::default();
    let mut i = 0;
    while i < args.len() {
        let word = args[i].as_bytes();
        i += 1;
        if word == b"--" {
            w.operands.extend(args[i..].iter().cloned());
            return w;
        }
        if word.len() < 2 || word[0] != b'-' {
            w.operands.push(args[i - 1].clone());
            if require_order {
                w.operands.extend(args[i..].iter().cloned());
                return w;
            }
            continue;
        }
        if let Some(long) = word.strip_prefix(b"--") {
            let (name, value) = match long.iter().position(|&b| b == b'=') {
                Some(eq) => (&long[..eq], Some(&long[eq + 1..])),
                None => (long, None),
            };
            let idx = match spec.long(name) {
                Ok(idx) => idx,
                // glibc quotes the whole word, `=VALUE` included.
                Err(Mistake::Ambiguous(_, names)) => {
                    w.mistake = Some(Mistake::Ambiguous(long.to_vec(), names));
                    return w;
                }
                Err(_) => {
                    w.mistake = Some(Mistake::Unrecognized(long.to_vec()));
                    return w;
                }
            };
            let opt = &spec.longs[idx];
            let value = match (opt.takes_value, value) {
                (true, Some(v)) => Some(OsString::from_vec(v.to_vec())),
                (true, None) if i < args.len() => {
                    i += 1;
                    Some(args[i - 1].clone())
                }
                (true, None) => {
                    w.mistake = Some(Mistake::LongNeedsValue(opt.name.clone()));
                    return w;
                }
                (false, Some(_)) => {
                    w.mistake = Some(Mistake::NoValueAllowed(opt.name.clone()));
                    return w;
                }
                (false, None) => None,
            };
            w.options.push(Opt {
                name: Name::Long(idx),
                value,
            });
            continue;
        }
        // A cluster of short options; one that takes a value takes the rest of the word, or
        // the next word.
        let mut j = 1;
        while j < word.len() {
            let c = word[j];
            j += 1;
            match spec.short(c) {
                None => {
                    w.mistake = Some(Mistake::Invalid(c));
                    return w;
                }
                Some(false) => w.options.push(Opt {
                    name: Name::Short(c),
                    value: None,
                }),
                Some(true) => {
                    let value = if j < word.len() {
                        OsString::from_vec(word[j..].to_vec())
                    } else if i < args.len() {
                        i += 1;
                        args[i - 1].clone()
                    } else {
                        w.mistake = Some(Mistake::ShortNeedsValue(c));
                        return w;
                    };
                    w.options.push(Opt {
                        name: Name::Short(c),
                        value: Some(value),
                    });
                    break;
                }
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        let long = |name: &str, takes_value, tcpdump| LongOpt {
            name: name.into(),
            takes_value,
            tcpdump,
        };
        Spec {
            shorts: vec![(b'n', false), (b'v', false), (b'c', true), (b'i', true)],
            longs: vec![
                long("interface", true, true),
                long("nano", false, true),
                long("number", false, true),
                long("print", false, true),
                long("print-closed", false, false),
                long("publish-atomic", false, false),
                long("notices", false, false),
                long("no-direct", false, false),
            ],
        }
    }

    fn words(w: &[&str]) -> Vec<OsString> {
        w.iter().map(OsString::from).collect()
    }

    fn run(w: &[&str]) -> Walk {
        walk(&words(w), &spec(), false)
    }

    fn short(c: u8, v: Option<&str>) -> Opt {
        Opt {
            name: Name::Short(c),
            value: v.map(OsString::from),
        }
    }

    #[test]
    fn clusters_values_and_operands_anywhere() {
        let w = run(&["-nvc9", "port", "-i", "-x", "80", "-c", "-5", "-", ""]);
        assert_eq!(
            w.options,
            [
                short(b'n', None),
                short(b'v', None),
                short(b'c', Some("9")),
                short(b'i', Some("-x")),
                short(b'c', Some("-5")),
            ]
        );
        assert_eq!(w.operands, words(&["port", "80", "-", ""]));
        assert_eq!(w.mistake, None);
    }

    #[test]
    fn double_dash_ends_options_and_posix_order_stops_at_an_operand() {
        let w = run(&["tcp", "--", "-n", "--nano"]);
        assert_eq!(w.operands, words(&["tcp", "-n", "--nano"]));
        assert!(w.options.is_empty());
        let w = walk(&words(&["-n", "tcp", "-v"]), &spec(), true);
        assert_eq!(w.options, [short(b'n', None)]);
        assert_eq!(w.operands, words(&["tcp", "-v"]));
    }

    #[test]
    fn long_names_values_and_abbreviations() {
        let w = run(&["--interface=lo", "--inter", "eth0", "--nu", "--print"]);
        let names: Vec<_> = w.options.iter().map(|o| o.name.clone()).collect();
        assert_eq!(
            names,
            [Name::Long(0), Name::Long(0), Name::Long(2), Name::Long(3)]
        );
        assert_eq!(w.options[0].value, Some("lo".into()));
        assert_eq!(w.options[1].value, Some("eth0".into()));
        // tcpdump's `--pri` is `--print`, whatever capture's own options start with.
        assert_eq!(run(&["--pri"]).options[0].name, Name::Long(3));
        // Only capture's options start with `--pu`, `--no`.
        assert_eq!(run(&["--pu"]).options[0].name, Name::Long(5));
        assert_eq!(run(&["--not"]).options[0].name, Name::Long(6));
        assert_eq!(run(&["--p"]).options[0].name, Name::Long(3));
    }

    #[test]
    fn glibc_messages() {
        let msg = |w: &[&str]| {
            let m = run(w).mistake.expect("a mistake");
            String::from_utf8(m.message(b"tcpdump")).unwrap()
        };
        assert_eq!(msg(&["-g"]), "tcpdump: invalid option -- 'g'\n");
        assert_eq!(
            msg(&["-n", "-c"]),
            "tcpdump: option requires an argument -- 'c'\n"
        );
        assert_eq!(
            msg(&["--bogus=1"]),
            "tcpdump: unrecognized option '--bogus=1'\n"
        );
        assert_eq!(
            msg(&["--n"]),
            "tcpdump: option '--n' is ambiguous; possibilities: '--nano' '--number'\n"
        );
        assert_eq!(
            msg(&["--nano=1"]),
            "tcpdump: option '--nano' doesn't allow an argument\n"
        );
        assert_eq!(
            msg(&["--interface"]),
            "tcpdump: option '--interface' requires an argument\n"
        );
        // Ambiguous among capture's own options only when no tcpdump option matches.
        assert_eq!(
            msg(&["--no"]),
            "tcpdump: option '--no' is ambiguous; possibilities: '--notices' '--no-direct'\n"
        );
    }

    #[test]
    fn options_before_a_mistake_are_kept_in_order() {
        let w = run(&["-c", "0", "-g", "-n"]);
        assert_eq!(w.options, [short(b'c', Some("0"))]);
        assert_eq!(w.mistake, Some(Mistake::Invalid(b'g')));
    }
}
