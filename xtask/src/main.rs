//! Developer commands: `cargo xtask run -- ARGS`, `cargo xtask test`, `cargo xtask bench
//! [--quick] [BENCH-ARGS]`, `cargo xtask soak --minutes N [SOAK-ARGS]`, `cargo xtask conformance
//! [--update] [CHECK-ARGS]`, `cargo xtask setup`.
//!
//! Each command first installs whatever a fresh machine lacks (see `setup`), quietly and in well
//! under a second when everything is already there.
use std::{
    env,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

use anyhow::{Context, Result, bail};

mod setup;

const USAGE: &str = "usage: cargo xtask <run -- CAPTURE-ARGS | test | bench [--quick] [BENCH-ARGS] \
                     | soak --minutes N [SOAK-ARGS] | conformance [--update] [CHECK-ARGS] | setup>";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        Some("soak") => soak(&args[1..]),
        Some("conformance") => conformance(&args[1..]),
        Some("setup") => setup::ensure().map(|()| ExitCode::SUCCESS),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    result.unwrap_or_else(|err| {
        eprintln!("xtask: {err:#}");
        ExitCode::FAILURE
    })
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is in the workspace")
        .to_path_buf()
}

/// Runs a step, failing with its name when it fails, and reports its duration.
fn step(name: &str, cmd: &mut Command) -> Result<()> {
    let start = Instant::now();
    eprintln!("xtask: {name}");
    let status = cmd
        .current_dir(root())
        .status()
        .with_context(|| format!("starting {name}"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    eprintln!(
        "xtask: {name}: ok in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Builds the release binary (eBPF object included) and runs it with `args`.
fn run(args: &[String]) -> Result<ExitCode> {
    setup::ensure()?;
    let args = args.strip_prefix(&["--".to_owned()]).unwrap_or(args);
    step(
        "build capture (release, eBPF object from source)",
        cargo().args([
            "build",
            "--release",
            "--package",
            "capture-user",
            "--bin",
            "capture",
        ]),
    )?;
    let bin = root().join("target/release/capture");
    let status = Command::new(&bin)
        .args(args)
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    // Keep capture's own exit status (a signal death maps to 128 + signal, as a shell shows it).
    let code = status.code().unwrap_or_else(|| {
        use std::os::unix::process::ExitStatusExt;
        128 + status.signal().unwrap_or(0)
    });
    Ok(ExitCode::from(code as u8))
}

/// Builds capture and the harness (release) and runs the benchmarks (bench/, never part of
/// `test`): results in bench/results, report in docs/PERFORMANCE.md.
fn bench(args: &[String]) -> Result<ExitCode> {
    setup::ensure_bench()?;
    harness(None, args)
}

/// Builds capture and the harness (release) and runs the soak (`capture-bench soak`, never part
/// of `test`): steady traffic through the rig into a rotating, indexed capture, then the
/// exactly-once and resource checks; report in bench/results/soak-*.json.
fn soak(args: &[String]) -> Result<ExitCode> {
    if !args.iter().any(|a| a == "--minutes") {
        bail!("soak needs --minutes N (the 30-minute run: cargo xtask soak --minutes 30)");
    }
    setup::ensure()?;
    harness(Some("soak"), args)
}

/// Builds capture and capture-bench (release) and runs the harness with `command` and `args`.
fn harness(command: Option<&str>, args: &[String]) -> Result<ExitCode> {
    step(
        "build capture and capture-bench (release)",
        cargo().args([
            "build",
            "--release",
            "--package",
            "capture-user",
            "--package",
            "capture-bench",
        ]),
    )?;
    let bin = root().join("target/release/capture-bench");
    let status = Command::new(&bin)
        .args(command)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The vendored conformance corpora and the files listing the cases capture passes.
const CORPORA: &[(&str, &[&str], &str)] = &[
    (
        "capture-user/tests/data/conformance",
        &[
            "tcpdump-tests/manifest.tsv",
            "tcpdump-tests/manifest-other-linktypes.tsv",
        ],
        "capture-user/tests/conformance-passing.txt",
    ),
    (
        "capture-user/tests/data/conformance/tcpdump-4.99.3-suite",
        &["tests/manifest-all.tsv"],
        "capture-user/tests/suite-passing.txt",
    ),
];

/// Runs check.py over both corpora with the release binary, printing failures (extra arguments,
/// such as `-k REGEX`, go to check.py). `--update` rewrites the passing lists the conformance
/// test holds capture to.
fn conformance(args: &[String]) -> Result<ExitCode> {
    let update = args.iter().any(|a| a == "--update");
    let extra: Vec<&String> = args.iter().filter(|a| *a != "--update").collect();
    if update && !extra.is_empty() {
        bail!("--update runs every case: no other arguments");
    }
    step(
        "build capture (release)",
        cargo().args([
            "build",
            "--release",
            "--package",
            "capture-user",
            "--bin",
            "capture",
        ]),
    )?;
    let root = root();
    let bin = root.join("target/release/capture");
    let check = root.join("capture-user/tests/data/conformance/check.py");
    for (dir, manifests, list) in CORPORA {
        let out = Command::new("python3")
            .current_dir(root.join(dir))
            .arg(&check)
            .args(["--allow-fail", "-j", "2", "--cmd"])
            .arg(format!("{} -r {{pcap}} {{flags}}", bin.display()))
            .args(*manifests)
            .args(&extra)
            .output()
            .context("running check.py (python3)")?;
        let text = String::from_utf8_lossy(&out.stdout);
        let errors = String::from_utf8_lossy(&out.stderr);
        if errors.contains("no cases selected") {
            // `-k` matched nothing in this corpus.
            continue;
        }
        if !out.status.success() {
            bail!("check.py failed: {errors}");
        }
        for block in text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("PASS  "))
        {
            print!("{block}");
        }
        if update {
            let passing: String = text
                .lines()
                .filter_map(|l| l.strip_prefix("PASS  "))
                .map(|name| format!("{}\n", name.trim()))
                .collect();
            std::fs::write(root.join(list), passing).with_context(|| format!("writing {list}"))?;
            eprintln!("xtask: {list} rewritten");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every check CI runs: formatting, lints, unit tests (debug, then release), live and
/// conformance tests.
fn test() -> Result<ExitCode> {
    let start = Instant::now();
    setup::ensure()?;
    step(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--check"]),
    )?;
    step(
        "cargo clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--release",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // Once without --release: overflow checks are on in a debug build, so integer overflow
    // panics in the unit tests instead of wrapping. Only the library tests: building every
    // test binary twice would double the compile time.
    step(
        "cargo test --lib, debug build (overflow checks)",
        cargo().args(["test", "--workspace", "--lib", "--", "--test-threads=2"]),
    )?;
    // First, visibly: the eBPF object built from source is loaded into the kernel and counts.
    step(
        "XDP counter test (eBPF object loaded into the kernel)",
        cargo().args([
            "test",
            "--release",
            "--package",
            "capture-user",
            "--test",
            "xdp_counter",
            "--",
            "--nocapture",
        ]),
    )?;
    step(
        "cargo test (unit, live as root in netns rigs, conformance)",
        cargo().args([
            "test",
            "--workspace",
            "--release",
            "--",
            "--test-threads=2",
            "--skip",
            "xdp_counter_sees_every_frame",
        ]),
    )?;
    eprintln!(
        "xtask: all tests passed in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
