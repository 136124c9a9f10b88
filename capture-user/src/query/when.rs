//! `after TIME` and `before TIME` in a query expression: taken out of the pcap-filter text
//! (libpcap has no such words) and turned into a time window.
//!
//! TIME is RFC 3339 (`2026-05-01T02:10:00Z`, `2026-05-01T04:10:00.5+02:00`) or relative to now
//! (`10m ago`, `1h30m ago`; units s, m, h, d, w). `after` includes its instant, `before` does
//! not. A time term must be joined to the rest with `and` at the top level (with an `or` at the
//! top level, only at the end, where libpcap's left-to-right reading makes it apply to all).
use chrono::DateTime;
use thiserror::Error;

/// A time term that cannot be understood.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum WhenError {
    /// No time after the word.
    #[error("'{0}' needs a time: RFC 3339 (2026-05-01T02:10:00Z) or relative (10m ago)")]
    Missing(String),
    /// Not a time.
    #[error(
        "'{word} {value}': not an RFC 3339 time (2026-05-01T02:10:00Z) or a relative time (10m ago)"
    )]
    Bad {
        /// `after` or `before`.
        word: String,
        /// What followed it.
        value: String,
    },
    /// A time term inside parentheses, negated, or joined with `or`.
    #[error("'{0}' must be joined to the rest of the expression with 'and', outside parentheses")]
    Placement(String),
}

/// The filter text without its time terms, and the window they give (ns since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Window {
    /// The pcap-filter expression left.
    pub expr: String,
    /// Packets at or after this instant.
    pub after: Option<i64>,
    /// Packets before this instant.
    pub before: Option<i64>,
}

fn tokens(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in expr.split_whitespace() {
        let open = word.len() - word.trim_start_matches('(').len();
        let inner = &word[open..];
        let close = inner.len() - inner.trim_end_matches(')').len();
        let core = &inner[..inner.len() - close];
        out.extend(std::iter::repeat_n("(".to_string(), open));
        if !core.is_empty() {
            out.push(core.to_string());
        }
        out.extend(std::iter::repeat_n(")".to_string(), close));
    }
    out
}

fn is_and(t: &str) -> bool {
    t == "and" || t == "&&"
}

/// A duration like `10m` or `1h30m`, in ns.
fn duration_ns(s: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit: i64 = match &rest[..unit_len] {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            "w" => 604_800,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total = total.checked_add(n.checked_mul(unit)?.checked_mul(1_000_000_000)?)?;
    }
    Some(total)
}

/// Takes the time terms out of `expr`; `now_ns` is what relative times count back from.
pub fn split(expr: &str, now_ns: i64) -> Result<Window, WhenError> {
    let toks = tokens(expr);
    if !toks.iter().any(|t| t == "after" || t == "before") {
        return Ok(Window {
            expr: expr.to_string(),
            ..Window::default()
        });
    }
    // Find each term: its word, its time, where it starts and ends, its depth.
    let mut terms = Vec::new();
    let mut depth = 0i32;
    let mut has_or = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].as_str();
        match t {
            "(" => depth += 1,
            ")" => depth -= 1,
            "or" | "||" if depth == 0 => has_or = true,
            "after" | "before" => {
                let value = toks
                    .get(i + 1)
                    .ok_or_else(|| WhenError::Missing(t.into()))?;
                let bad = || WhenError::Bad {
                    word: t.into(),
                    value: value.clone(),
                };
                let (ns, len) = match DateTime::parse_from_rfc3339(value) {
                    Ok(d) => (
                        d.timestamp()
                            .checked_mul(1_000_000_000)
                            .and_then(|s| s.checked_add(i64::from(d.timestamp_subsec_nanos())))
                            .ok_or_else(bad)?,
                        2,
                    ),
                    Err(_) if toks.get(i + 2).is_some_and(|a| a == "ago") => {
                        (now_ns - duration_ns(value).ok_or_else(bad)?, 3)
                    }
                    Err(_) => return Err(bad()),
                };
                if depth != 0 {
                    return Err(WhenError::Placement(t.into()));
                }
                terms.push((t == "after", ns, i, i + len));
                i += len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // Each term goes with one `and` beside it: the one before, or else the one after.
    let mut drop = vec![false; toks.len()];
    for &(_, _, start, end) in &terms {
        let last = end == toks.len();
        let joined = if start > 0 && is_and(&toks[start - 1]) {
            drop[start - 1] = true;
            true
        } else if start == 0 && toks.get(end).is_some_and(|t| is_and(t)) {
            drop[end] = true;
            true
        } else {
            start == 0 && last
        };
        if !joined || (has_or && !(last || terms.iter().any(|t| t.2 == end + 1))) {
            return Err(WhenError::Placement(toks[start].clone()));
        }
        for d in &mut drop[start..end] {
            *d = true;
        }
    }
    let mut w = Window::default();
    for &(after, ns, _, _) in &terms {
        if after {
            w.after = Some(w.after.map_or(ns, |a: i64| a.max(ns)));
        } else {
            w.before = Some(w.before.map_or(ns, |b: i64| b.min(ns)));
        }
    }
    w.expr = toks
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000_000_000;

    #[test]
    fn terms_come_out_of_the_expression() {
        let w = split(
            "host 10.1.2.3 and port 445 and after 2027-01-15T08:00:00Z",
            NOW,
        )
        .unwrap();
        assert_eq!(w.expr, "host 10.1.2.3 and port 445");
        assert_eq!(w.after, Some(1_800_000_000 * 1_000_000_000));
        let w = split("after 10m ago and before 5m ago", NOW).unwrap();
        assert_eq!(w.expr, "");
        assert_eq!(w.after, Some(NOW - 600_000_000_000));
        assert_eq!(w.before, Some(NOW - 300_000_000_000));
        let w = split("before 2027-01-15T09:00:00.5+01:00 and (tcp or udp)", NOW).unwrap();
        assert_eq!(w.expr, "( tcp or udp )");
        assert_eq!(w.before, Some(1_800_000_000 * 1_000_000_000 + 500_000_000));
        let w = split("host a or host b and after 1h30m ago", NOW).unwrap();
        assert_eq!(w.expr, "host a or host b");
        assert_eq!(w.after, Some(NOW - 5_400_000_000_000));
        // Without time words the text goes to libpcap untouched.
        assert_eq!(split("tcp[13]&2!=0", NOW).unwrap().expr, "tcp[13]&2!=0");
    }

    #[test]
    fn misplaced_or_malformed_terms_are_refused() {
        for bad in [
            "(host a and after 10m ago)",
            "host a or after 10m ago or host b",
            "not after 10m ago",
            "after 10m ago or host a",
            "host a after 10m ago",
        ] {
            assert!(
                matches!(split(bad, NOW), Err(WhenError::Placement(_))),
                "{bad}"
            );
        }
        assert!(matches!(split("after", NOW), Err(WhenError::Missing(_))));
        assert!(matches!(
            split("after yesterday", NOW),
            Err(WhenError::Bad { .. })
        ));
        assert!(matches!(
            split("after 10x ago", NOW),
            Err(WhenError::Bad { .. })
        ));
    }
}
