//! Installs what building and testing `capture` needs on a fresh machine of this kind:
//! Debian packages, nightly's rust-src (the eBPF crate builds `core` from source) and
//! bpf-linker built against LLVM 22 (the LLVM of the pinned nightly), and Garage (the
//! S3-compatible store the upload tests run against). Each piece is checked first, so a machine
//! that has everything pays a few milliseconds.
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Debian packages: libpcap for filters, LLVM 22 for bpf-linker, tcpdump and tshark as the
/// reference and the file checkers of the tests (wireshark-common: editcap and mergecap, which
/// tshark pulls in but the tests call by name), iproute2 and ethtool for the netns rig (veth
/// settings and counters), zstd for the compressed files, systemd (`systemd-analyze verify`)
/// and util-linux (`setpriv`) for the service unit's test.
const PACKAGES: &[&str] = &[
    "libpcap-dev",
    "llvm-22-dev",
    "tcpdump",
    "tshark",
    "wireshark-common",
    "iproute2",
    "zstd",
    "systemd",
    "util-linux",
    "ethtool",
];
/// What `cargo xtask bench` needs besides: netsniff-ng (a benchmark peer) and matplotlib (the
/// plots of docs/PERFORMANCE.md), from Debian like the rest rather than from pip.
const BENCH_PACKAGES: &[&str] = &["netsniff-ng", "python3-matplotlib"];
const BPF_LINKER: &str = "bpf-linker@0.13.0";
/// The S3 store of `capture-user/tests/upload.rs` (and the soak test), from the crate registry.
const GARAGE: &str = "garage@2.5.0";

/// Installs every missing piece.
pub fn ensure() -> Result<()> {
    packages(PACKAGES)?;
    rust_src()?;
    bpf_linker()?;
    garage()
}

/// Installs every missing piece, and what the benchmarks need.
pub fn ensure_bench() -> Result<()> {
    ensure()?;
    packages(BENCH_PACKAGES)
}

fn packages(wanted: &[&str]) -> Result<()> {
    let missing: Vec<&str> = wanted.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    quiet(
        Command::new("apt-get").args(["update", "-qq"]),
        "apt-get update",
    )?;
    quiet(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install",
    )
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .output()
        .map(|o| o.stdout == b"installed")
        .unwrap_or(false)
}

fn rust_src() -> Result<()> {
    let out = Command::new("rustup")
        .args(["component", "list", "--installed", "--toolchain", "nightly"])
        .output()
        .context("running rustup")?;
    if out.status.success()
        && String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.starts_with("rust-src"))
    {
        return Ok(());
    }
    if !out.status.success() {
        eprintln!("xtask: installing the nightly toolchain");
        quiet(
            Command::new("rustup").args([
                "toolchain",
                "install",
                "nightly",
                "--profile",
                "minimal",
            ]),
            "rustup toolchain install nightly",
        )?;
    }
    eprintln!("xtask: installing nightly's rust-src (the eBPF crate builds core from source)");
    quiet(
        Command::new("rustup").args(["component", "add", "rust-src", "--toolchain", "nightly"]),
        "rustup component add rust-src",
    )
}

fn bpf_linker() -> Result<()> {
    if answers("bpf-linker") {
        return Ok(());
    }
    eprintln!("xtask: building {BPF_LINKER} against LLVM 22 (about a minute)");
    // LLVM_PREFIX points bpf-linker's build at LLVM 22; /usr/bin/llvm-config is LLVM 14.
    quiet(
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "install",
                BPF_LINKER,
                "--locked",
                "--no-default-features",
                "--features",
                "llvm-22",
            ])
            .env("LLVM_PREFIX", "/usr/lib/llvm-22"),
        "cargo install bpf-linker",
    )
}

fn garage() -> Result<()> {
    if answers("garage") {
        return Ok(());
    }
    eprintln!("xtask: building {GARAGE} for the upload tests (about 11 minutes on 2 cores)");
    quiet(
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["install", GARAGE, "--locked"]),
        "cargo install garage",
    )
}

/// Whether `tool --version` runs and succeeds (the tool is installed and on PATH).
fn answers(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs an install step, showing its output only when it fails.
fn quiet(cmd: &mut Command, name: &str) -> Result<()> {
    let out = cmd.output().with_context(|| format!("starting {name}"))?;
    if !out.status.success() {
        bail!(
            "{name} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}
