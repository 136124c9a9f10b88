//! Runs the shared conformance corpus (`../shared/conformance/check.py`) against the built
//! `capture` binary and fails if any case listed in `conformance-passing.txt` no longer passes.
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn tcpdump_conformance_does_not_regress() {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest_dir.join("../../shared/conformance");
    if !corpus.join("check.py").exists() {
        eprintln!(
            "SKIPPED: conformance corpus not found at {}",
            corpus.display()
        );
        return;
    }
    let bin = env!("CARGO_BIN_EXE_capture");
    let out = Command::new("python3")
        .current_dir(&corpus)
        .arg("check.py")
        .args(["--allow-fail", "-j", "2", "--cmd"])
        .arg(format!("{bin} -r {{pcap}} {{flags}}"))
        .args([
            "tcpdump-tests/manifest.tsv",
            "tcpdump-tests/manifest-other-linktypes.tsv",
        ])
        .output()
        .expect("python3 runs check.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "check.py failed to run:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let passing: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("PASS  "))
        .map(|s| s.trim().to_string())
        .collect();
    let expected: BTreeSet<String> = include_str!("conformance-passing.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let regressed: Vec<&String> = expected.difference(&passing).collect();
    for new in passing.difference(&expected) {
        eprintln!("note: {new} passes but is not in conformance-passing.txt");
    }
    eprintln!("{}", text.lines().last().unwrap_or(""));
    assert!(
        regressed.is_empty(),
        "cases that passed before now fail: {regressed:?}\n{text}"
    );
}
