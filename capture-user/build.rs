//! Builds the eBPF programs of `capture-ebpf` for bpfel with nightly, rust-src and bpf-linker
//! (see `cargo xtask`, which installs them), so that plain `cargo build/test/clippy` work.
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let manifest_dir = env!("CARGO_MANIFEST_DIR");
    let ebpf_dir = Path::new(manifest_dir).join("../capture-ebpf");
    let ebpf_dir = ebpf_dir.to_str().expect("workspace path is UTF-8");
    aya_build::build_ebpf(
        [aya_build::Package {
            name: "capture-ebpf",
            root_dir: ebpf_dir,
            ..Default::default()
        }],
        aya_build::Toolchain::Nightly,
    )
}
