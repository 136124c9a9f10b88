//! The printer against tcpdump 4.99.3's expected output, byte for byte: `check.py` over the
//! vendored corpora in `tests/data/conformance` (tcpdump's BSD licence beside them).
//!
//! Each corpus has an exact list of the cases capture passes: a listed case that fails, or a
//! passing case that is not listed, fails the test, so the list is the true figure.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance")
}

/// Runs check.py in `dir` over `manifests` (`cases` of them in all) and compares the passing
/// cases with the list in `passing`.
fn check(dir: &Path, manifests: &[&str], cases: usize, passing: &str) {
    let check_py = data().join("check.py");
    assert!(
        check_py.exists(),
        "the conformance corpus is missing: {}",
        check_py.display()
    );
    let bin = env!("CARGO_BIN_EXE_capture");
    let out = Command::new("python3")
        .current_dir(dir)
        .arg(&check_py)
        .args(["--allow-fail", "-j", "2", "--cmd"])
        .arg(format!("{bin} -r {{pcap}} {{flags}}"))
        .args(manifests)
        .output()
        .expect("python3 runs check.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "check.py failed to run:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text.lines().last().unwrap_or("");
    eprintln!("{}: {summary}", dir.display());
    let ran = text
        .lines()
        .filter(|l| l.starts_with("PASS  ") || l.starts_with("FAIL  "))
        .count();
    assert_eq!(
        ran, cases,
        "check.py ran {ran} cases, the corpus has {cases}"
    );
    let passed: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("PASS  "))
        .map(str::trim)
        .collect();
    let listed: BTreeSet<&str> = passing
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let regressed: Vec<&&str> = listed.difference(&passed).collect();
    let unlisted: Vec<&&str> = passed.difference(&listed).collect();
    let failures: String = text
        .split("\nFAIL  ")
        .skip(1)
        .filter(|f| regressed.iter().any(|r| f.starts_with(**r)))
        .map(|f| format!("FAIL  {f}\n"))
        .collect();
    assert!(
        regressed.is_empty() && unlisted.is_empty(),
        "listed cases that fail: {regressed:?}\npassing cases not listed: {unlisted:?}\n{failures}"
    );
}

/// The first corpus: 86 Ethernet cases and 22 on other link types.
#[test]
fn tcpdump_corpus() {
    check(
        &data(),
        &[
            "tcpdump-tests/manifest.tsv",
            "tcpdump-tests/manifest-other-linktypes.tsv",
        ],
        108,
        include_str!("conformance-passing.txt"),
    );
}

/// tcpdump 4.99.3's own test suite (tests/TESTLIST at its tag: 543 cases).
#[test]
fn tcpdump_suite() {
    check(
        &data().join("tcpdump-4.99.3-suite"),
        &["tests/manifest-all.tsv"],
        543,
        include_str!("suite-passing.txt"),
    );
}
