//! Builds the eBPF programs of `capture-ebpf` for bpfel with nightly, rust-src and bpf-linker
//! (see `cargo xtask`, which installs them), so that plain `cargo build/test/clippy` work.
//!
//! It runs the inner `cargo build` itself (as aya-build does, with the same flags) so that the
//! inner build's progress stays out of sight: cargo shows a build script's `cargo:warning` lines
//! on every build, and aya-build forwards each line of the inner build as one. Here a successful
//! build says so in one line; a failed one shows the whole inner output and fails the build.
use std::{
    env,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{Context, Result, anyhow, bail};

/// The eBPF crate, next to this one.
const PACKAGE: &str = "capture-ebpf";
/// Its `[[bin]]`: the object `ebpf.rs` embeds from `OUT_DIR`.
const OBJECT: &str = "capture";

fn main() {
    // One line, without the backtrace an `anyhow` error from main would carry.
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir
        .parent()
        .context("capture-user is in the workspace")?;
    // The eBPF crate is no dependency of this one, so cargo would not rebuild it on its own.
    for dir in ["capture-ebpf", "capture-common"] {
        println!("cargo:rerun-if-changed={}", workspace.join(dir).display());
    }
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").context("OUT_DIR not set")?);
    let target = bpf_target()?;
    let start = Instant::now();
    // One inner target directory for every profile and run of this script (OUT_DIR is
    // TARGET/PROFILE/build/capture-user-HASH/out): the eBPF object is always built in release,
    // so debug and release builds, clippy and tests share it instead of rebuilding it each (two
    // minutes on a fresh machine). The inner cargo locks it against concurrent builds.
    let inner = out_dir
        .ancestors()
        .nth(4)
        .map_or_else(|| out_dir.join("ebpf-target"), |t| t.join("ebpf-target"));
    let built = build(&target, &inner)?;
    std::fs::copy(&built, out_dir.join(OBJECT))
        .with_context(|| format!("copying {}", built.display()))?;
    println!(
        "cargo:warning=eBPF programs ({PACKAGE}) built for {target} with nightly in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `bpfel-unknown-none` or `bpfeb-unknown-none`, as the host's byte order.
fn bpf_target() -> Result<String> {
    let endian = env::var("CARGO_CFG_TARGET_ENDIAN").context("CARGO_CFG_TARGET_ENDIAN not set")?;
    let prefix = match endian.as_str() {
        "little" => "bpfel",
        "big" => "bpfeb",
        other => bail!("unsupported byte order {other}"),
    };
    Ok(format!("{prefix}-unknown-none"))
}

/// Runs `rustup run nightly cargo build` for the eBPF crate with its output captured; returns
/// the path of the object. On failure the error carries everything the inner build printed.
fn build(target: &str, target_dir: &Path) -> Result<PathBuf> {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").context("CARGO_CFG_TARGET_ARCH not set")?;
    // What aya-build passes: the architecture the programs read registers for, and BTF.
    let rustflags = [
        format!("--cfg=bpf_target_arch=\"{arch}\""),
        "-Cdebuginfo=2".into(),
        "-Clink-arg=--btf".into(),
    ]
    .join("\x1f");
    let mut cmd = Command::new("rustup");
    cmd.args([
        "run",
        "nightly",
        "cargo",
        "build",
        "--package",
        PACKAGE,
        "--bins",
        "--release",
    ])
    .args(["--target", target, "-Z", "build-std=core", "--target-dir"])
    .arg(target_dir)
    .env("CARGO_ENCODED_RUSTFLAGS", rustflags)
    // The outer build's compiler is stable; the inner one must be rustup's nightly.
    .env_remove("RUSTC")
    .env_remove("RUSTC_WORKSPACE_WRAPPER");
    let out = cmd.output().map_err(|e| {
        anyhow!("running rustup ({e}): the eBPF programs are built with rustup's nightly toolchain; `cargo xtask setup` installs it")
    })?;
    if !out.status.success() {
        // cargo shows a failed build script's stderr: the inner build's own messages.
        eprint!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        bail!(
            "building the eBPF programs ({PACKAGE}) failed ({}): {cmd:?}",
            out.status
        );
    }
    Ok(target_dir.join(target).join("release").join(OBJECT))
}
