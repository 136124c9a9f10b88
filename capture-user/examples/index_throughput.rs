//! Measures the index builder alone (issue 19): the packets of a pcap file through
//! `Builder::add` and `Builder::finish`, as the writer's `--index` runs them, several times.
//! Prints the median and lowest CPU per packet of each half. As in the writer, each packet is
//! copied into an output buffer just before it is indexed (so its bytes are in the cache);
//! that copy is timed on its own and subtracted.
//!
//! `cargo run --release --example index_throughput -- FILE.pcap [REPEATS]` (default 5). CPU
//! time is this process's (CLOCK_PROCESS_CPUTIME_ID: the threads numbering chunks of keys
//! included), so other work on the machine moves the figures less than wall time would; a
//! benchmark, not a test.

use capture::index::{Builder, Recycle};

/// Nanoseconds this process's threads have run (the builder numbers chunks of keys on
/// threads of its own).
fn cpu_ns() -> f64 {
    capture::clock::clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID) as f64
}

/// (timestamp ns, record offset, data start, captured length) of each record of a
/// microsecond pcap file.
fn records(d: &[u8]) -> Vec<(i64, u64, usize, usize)> {
    let le = |at: usize| u32::from_le_bytes(d[at..at + 4].try_into().unwrap());
    let mut out = Vec::new();
    let mut at = 24;
    while at + 16 <= d.len() {
        let ts = i64::from(le(at)) * 1_000_000_000 + i64::from(le(at + 4)) * 1000;
        let len = le(at + 8) as usize;
        out.push((ts, at as u64, at + 16, len));
        at += 16 + len;
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: index_throughput FILE.pcap [REPEATS]");
    let repeats: usize = args.next().map_or(5, |r| r.parse().unwrap());
    let d = std::fs::read(&path).unwrap();
    assert_eq!(
        d[..4],
        [0xd4, 0xc3, 0xb2, 0xa1],
        "a little-endian microsecond pcap file"
    );
    let linktype = u32::from_le_bytes(d[20..24].try_into().unwrap());
    let recs = records(&d);
    let n = recs.len() as f64;
    let recycle = Recycle::default();
    let mut buf = vec![0u8; 1 << 20];
    let copy_into = |buf: &mut Vec<u8>, at: &mut usize, s: usize, len: usize| {
        if *at + len > buf.len() {
            *at = 0;
        }
        buf[*at..*at + len].copy_from_slice(&d[s..s + len]);
        *at += len;
        *at - len
    };
    let (mut add, mut finish, mut size) = (Vec::new(), Vec::new(), 0);
    for _ in 0..repeats {
        let mut at = 0;
        let t = cpu_ns();
        for &(_, _, s, len) in &recs {
            copy_into(&mut buf, &mut at, s, len);
        }
        let copy = cpu_ns() - t;
        let mut b = Builder::recycling(linktype, 262_144, &recycle);
        at = 0;
        let t = cpu_ns();
        for &(ts, offset, s, len) in &recs {
            let from = copy_into(&mut buf, &mut at, s, len);
            b.add(ts, offset, &buf[from..from + len]);
        }
        let t1 = cpu_ns();
        size = b.finish(d.len() as u64, 0).map_or(0, |i| i.len());
        let t2 = cpu_ns();
        add.push((t1 - t - copy) / n);
        finish.push((t2 - t1) / n);
    }
    add.sort_by(f64::total_cmp);
    finish.sort_by(f64::total_cmp);
    let m = repeats / 2;
    println!(
        "{} packets, index {size} bytes: add {:.1} ns/packet (lowest {:.1}), finish {:.1} \
         ns/packet (lowest {:.1}), {repeats} runs",
        recs.len(),
        add[m],
        add[0],
        finish[m],
        finish[0]
    );
}
