//! Root, no interface: the translated filters run in the kernel (BPF_PROG_TEST_RUN through the
//! whole chain capture_xdp → filter → capture_copy) and must take exactly the decisions of
//! libpcap's offline matcher (`tcpdump -r`) on the same frames; accepted frames must come out of
//! the ring buffer byte for byte, cut at the snaplen, with their wire length.
use anyhow::{Result, bail};
use capture::{
    filter::Filter,
    xdp::{XdpConfig, XdpPrograms, reader::parse_record, ringbuf::RingBuffer},
};
use pcap::{Capture, Linktype};

mod filter_cases;
use filter_cases::{FILTERS, frames};

const XDP_DROP: u32 = 1;
const XDP_PASS: u32 = 2;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The loaded chain for `expr` with its ring.
fn load(expr: &str, snaplen: u32, consume: bool) -> Result<(XdpPrograms, RingBuffer)> {
    let filter = if expr.is_empty() {
        None
    } else {
        Some(Filter::dead(1, expr, snaplen)?)
    };
    let cfg = XdpConfig {
        snaplen,
        consume,
        ring_bytes: 1 << 20,
        promisc: false,
    };
    let mut progs = XdpPrograms::load(filter.as_ref(), cfg)?;
    let (ring, _) = progs.take_reader_maps()?;
    Ok((progs, ring))
}

/// A ring record: wire length and captured bytes.
type Record = (u32, Vec<u8>);

/// Runs `frame` through the chain; returns (action, the record if one was written).
fn run_one(
    progs: &XdpPrograms,
    ring: &mut RingBuffer,
    frame: &[u8],
) -> Result<(u32, Option<Record>)> {
    let action = progs.test_run(frame)?;
    let mut recs = Vec::new();
    // The span is dropped at once: the record's room goes back to the kernel.
    let _span = ring.walk(usize::MAX, |_, item| {
        let (h, data) = parse_record(item).expect("a capture record");
        recs.push((h.wirelen, data.to_vec()));
    });
    if recs.len() > 1 {
        bail!("more than one record for one frame");
    }
    Ok((action, recs.pop()))
}

#[test]
fn translated_filters_decide_as_libpcap_offline() -> Result<()> {
    if !is_root() {
        bail!("this test needs root (BPF_PROG_LOAD, BPF_PROG_TEST_RUN)");
    }
    let frames = frames();
    let mut mismatches = Vec::new();
    let mut accepted_total = 0;
    for expr in FILTERS {
        let (progs, mut ring) = load(expr, 262_144, false)?;
        let reference = Capture::dead(Linktype(1))?.compile(expr, true)?;
        for (name, frame) in &frames {
            let want = reference.filter(frame);
            let (action, rec) = run_one(&progs, &mut ring, frame)?;
            assert_eq!(
                action, XDP_PASS,
                "{expr:?} on {name}: frames pass by default"
            );
            let got = rec.is_some();
            if got != want {
                mismatches.push(format!("{expr:?} on {name}: libpcap {want}, xdp {got}"));
            }
            if let Some((wirelen, data)) = rec {
                accepted_total += 1;
                assert_eq!(
                    wirelen as usize,
                    frame.len(),
                    "{expr:?} on {name}: wire length"
                );
                assert_eq!(&data, frame, "{expr:?} on {name}: whole frame copied");
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(
        accepted_total > 100,
        "the set exercises both decisions ({accepted_total} accepted)"
    );
    Ok(())
}

#[test]
fn snaplen_cuts_records_and_consume_drops() -> Result<()> {
    if !is_root() {
        bail!("this test needs root (BPF_PROG_LOAD, BPF_PROG_TEST_RUN)");
    }
    let frames = frames();
    for snaplen in [1u32, 60, 96, 1514, 4000] {
        let (progs, mut ring) = load("", snaplen, true)?;
        for (name, frame) in &frames {
            let (action, rec) = run_one(&progs, &mut ring, frame)?;
            assert_eq!(action, XDP_DROP, "{name}: consumed after the copy");
            let (wirelen, data) = rec.expect("no filter: every frame is captured");
            let cap = (snaplen as usize).min(frame.len());
            assert_eq!(wirelen as usize, frame.len(), "{name} at -s {snaplen}");
            assert_eq!(data, frame[..cap], "{name} at -s {snaplen}");
        }
    }
    // Consume drops captured frames only: a rejected frame still passes.
    let (progs, mut ring) = load("udp", 262_144, true)?;
    let (_, tcp) = &frames[0];
    assert_eq!(run_one(&progs, &mut ring, tcp)?, (XDP_PASS, None));
    Ok(())
}

#[test]
fn verifier_refusal_carries_the_log() -> Result<()> {
    if !is_root() {
        bail!("this test needs root (BPF_PROG_LOAD)");
    }
    use capture::xdp::{load::load_xdp, translate::Insn};
    // r0 = r2 (never written); exit.
    let prog = [
        Insn {
            code: 0xbf,
            regs: 0x20,
            off: 0,
            imm: 0,
        },
        Insn {
            code: 0x95,
            ..Default::default()
        },
    ];
    let err = load_xdp(&prog, "bad").unwrap_err().to_string();
    assert!(err.contains("R2 !read_ok"), "{err}");
    Ok(())
}

/// xorshift64: reproducible pseudo-random numbers without a dependency.
fn rng(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The kernel, not only the translator: flipped bytes and cut frames (odd header lengths,
/// extension chains that run off the end, loads past the end of a jumbo frame's fragments).
#[test]
fn mutated_frames_decide_as_libpcap_in_the_kernel() -> Result<()> {
    if !is_root() {
        bail!("this test needs root (BPF_PROG_LOAD, BPF_PROG_TEST_RUN)");
    }
    let base = frames();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut mismatches = Vec::new();
    for expr in FILTERS.iter().step_by(2) {
        let (progs, mut ring) = load(expr, 262_144, false)?;
        let reference = Capture::dead(Linktype(1))?.compile(expr, true)?;
        for round in 0..300 {
            let (name, frame) = &base[round % base.len()];
            let mut f = frame.clone();
            for _ in 0..rng(&mut state) % 4 {
                let at = rng(&mut state) as usize % f.len();
                f[at] = rng(&mut state) as u8;
            }
            if rng(&mut state).is_multiple_of(4) {
                // XDP test runs need at least an Ethernet header.
                let len = 14 + rng(&mut state) as usize % (f.len() - 13);
                f.truncate(len);
            }
            let want = reference.filter(&f);
            let (_, rec) = run_one(&progs, &mut ring, &f)?;
            if rec.is_some() != want {
                mismatches.push(format!(
                    "{expr:?} on mutated {name} {f:02x?}: libpcap {want}"
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    Ok(())
}
