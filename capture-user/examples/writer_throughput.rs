//! Measures the writer alone: N bytes of 1514-byte packets through `Output` with O_DIRECT and
//! with `--no-direct`, to a directory on the disk under test. Prints wall time, this process's
//! CPU time (user + system, from /proc/self/stat, which includes the writer's I/O thread) and
//! CPU per packet and per GiB.
//!
//! `cargo run --release --example writer_throughput -- DIR [GIB]` (default 2 GiB; the files are
//! removed afterwards). A benchmark, not a test: figures depend on the machine.

use std::time::Instant;

use capture::writer::{Output, OutputConfig};

/// (user, system) CPU seconds of this process, all threads.
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f[i].parse::<f64>().unwrap() / 100.0;
    (tick(11), tick(12))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: writer_throughput DIR [GIB]");
    let gib: f64 = args.next().map_or(2.0, |g| g.parse().unwrap());
    let pkt: Vec<u8> = (0..1514).map(|i| i as u8).collect();
    let total = (gib * (1u64 << 30) as f64) as u64;
    let n = total / (16 + 1514);
    for direct in [true, false] {
        let path = format!("{dir}/writer-throughput.pcap");
        let cfg = OutputConfig {
            path: path.clone(),
            direct,
            file_size: Some(1_000_000_000),
            ..OutputConfig::default()
        };
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        let mut out = Output::create(cfg, 1, 262_144).unwrap();
        let io_path = out.io_path();
        for i in 0..n {
            out.write(1_700_000_000 + (i / 100_000) as i64, 0, 1514, &pkt)
                .unwrap();
        }
        let s = out.finish().unwrap();
        let wall = t0.elapsed().as_secs_f64();
        let cpu1 = cpu_seconds();
        let (user, sys) = (cpu1.0 - cpu0.0, cpu1.1 - cpu0.1);
        let cpu = user + sys;
        for f in &s.files {
            let _ = std::fs::remove_file(f);
        }
        let gib_written = s.bytes as f64 / (1u64 << 30) as f64;
        println!(
            "{io_path:?}: {} packets, {:.2} GiB in {} files, wall {wall:.2} s ({:.0} MB/s), \
             CPU {cpu:.2} s (user {user:.2}, sys {sys:.2}) = {:.2} s/GiB = {:.0} ns/packet",
            s.packets,
            gib_written,
            s.files.len(),
            s.bytes as f64 / wall / 1e6,
            cpu / gib_written,
            cpu * 1e9 / s.packets as f64
        );
    }
}
