//! Live (root): `capture --backend xdp` on a veth in a netns rig, with the real binary. Every
//! frame sent is captured or counted as a ring-full drop; snaplen, filters, jumbo multi-buffer
//! frames and `--xdp-consume` behave as documented.
mod support;

use std::{
    collections::HashSet,
    io::{BufRead, BufReader},
    path::Path,
    sync::mpsc,
    time::{Duration, Instant},
};

use anyhow::Result;
use capture_rig::{Rig, frame::audit_fields};
use support::{Running, TempDir, burst, counter, read_pcap, read_stats, start};

/// `Ip: InReceives` of the namespace: IPv4 packets the stack received.
fn ip_in_receives(rig: &Rig) -> Result<u64> {
    let out = rig.exec(&rig.ns_b, &["cat", "/proc/net/snmp"])?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut ip = text.lines().filter(|l| l.starts_with("Ip:"));
    let (names, values) = (ip.next().unwrap_or(""), ip.next().unwrap_or(""));
    let i = names
        .split_whitespace()
        .position(|n| n == "InReceives")
        .expect("InReceives column");
    Ok(values.split_whitespace().nth(i).unwrap_or("0").parse()?)
}

/// Starts `capture -i VETH --backend xdp -w FILE --stats-json FILE OPTIONS` (OPTIONS may end
/// with a filter expression) writing into `dir`; returns the pcap's path, the stats' path and
/// the running capture.
fn start_xdp(rig: &Rig, dir: &TempDir, options: &[&str]) -> Result<(String, String, Running)> {
    let (out, js) = (dir.file("x.pcap"), dir.file("stats.json"));
    let mut args = vec![
        "-i",
        &rig.veth_b,
        "--backend",
        "xdp",
        "-w",
        &out,
        "--stats-json",
        &js,
    ];
    args.extend_from_slice(options);
    let run = start(rig, &args)?;
    Ok((out, js, run))
}

/// 300,000 frames: captured + ring-full drops = sent, each frame once, in time order.
#[test]
fn xdp_counts_every_frame_exactly() -> Result<()> {
    const N: u64 = 300_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("xdp-count")?;
    let (out, js, run) = start_xdp(&rig, &dir, &[])?;
    let spec = rig.frame_spec(200, 16, 0xABCD)?;
    assert_eq!(rig.send(&spec, N, Some(250_000))?, N);
    std::thread::sleep(Duration::from_millis(500));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let s = read_stats(&js)?;
    let (captured, ring) = (counter(&s, "captured"), counter(&s, "dropped_ring_full"));
    assert_eq!(counter(&s, "xdp_seen"), N, "{s}");
    assert_eq!(counter(&s, "received_by_filter"), N, "{s}");
    assert_eq!(captured + ring + counter(&s, "dropped_handoff"), N, "{s}");
    assert_eq!(counter(&s, "not_delivered_to_socket"), 0, "{s}");
    assert_eq!(counter(&s, "unread_in_ring"), 0, "{s}");
    assert_eq!(
        done.summary(),
        [
            format!("{captured} packets captured"),
            format!("{N} packets received by filter"),
            format!("{ring} packets dropped by kernel"),
        ]
    );
    let (linktype, snaplen, recs) = read_pcap(Path::new(&out))?;
    assert_eq!((linktype, snaplen), (1, 262_144));
    assert_eq!(recs.len() as u64, captured);
    let mut seen = HashSet::new();
    for r in &recs {
        let (nonce, seq) = audit_fields(&r.data).expect("a rig frame");
        assert_eq!(nonce, 0xABCD);
        assert!(seen.insert(seq), "frame {seq} twice");
        assert_eq!((r.wirelen, r.data.len()), (200, 200));
    }
    assert!(
        recs.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns),
        "time order"
    );
    // Realtime stamps: within the last minute.
    let now = capture::clock::now_ns();
    assert!(
        recs.iter()
            .all(|r| r.ts_ns <= now && r.ts_ns + 60_000_000_000 > now)
    );
    Ok(())
}

/// A filter with `-s 96`: only matching frames, cut at 96 bytes, wire length kept.
#[test]
fn xdp_filter_and_snaplen() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("xdp-snap")?;
    let (out, js, run) = start_xdp(
        &rig,
        &dir,
        &["-s", "96", "udp and (src port 10001 or src port 10002)"],
    )?;
    rig.send(&rig.frame_spec(600, 4, 7)?, 20_000, Some(200_000))?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(
        done.summary()[..2],
        ["10000 packets captured", "10000 packets received by filter"]
    );
    let (_, snaplen, recs) = read_pcap(Path::new(&out))?;
    assert_eq!((snaplen, recs.len()), (96, 10_000));
    assert!(recs.iter().all(|r| {
        r.data.len() == 96
            && r.wirelen == 600
            && matches!(audit_fields(&r.data), Some((7, seq)) if seq % 4 == 1 || seq % 4 == 2)
    }));
    let s = read_stats(&js)?;
    assert_eq!(counter(&s, "xdp_seen"), 20_000);
    assert_eq!(
        counter(&s, "not_delivered_to_socket"),
        10_000,
        "filtered out in XDP"
    );
    Ok(())
}

/// MTU 9000 on both ends, 8000-byte frames: multi-buffer XDP frames are copied whole, and cut
/// at the snaplen across fragments.
#[test]
fn xdp_jumbo_frames() -> Result<()> {
    let rig = Rig::new()?;
    for (ns, dev) in [(&rig.ns_a, &rig.veth_a), (&rig.ns_b, &rig.veth_b)] {
        rig.exec(ns, &["ip", "link", "set", dev, "mtu", "9000"])?;
    }
    let dir = TempDir::new("xdp-jumbo")?;
    let (full, cut) = (dir.file("full.pcap"), dir.file("cut.pcap"));
    for (out, snap) in [(&full, "0"), (&cut, "5000")] {
        let run = start(
            &rig,
            &["-i", &rig.veth_b, "--backend", "xdp", "-s", snap, "-w", out],
        )?;
        assert_eq!(
            rig.send(&rig.frame_spec(8000, 2, 9)?, 2000, Some(50_000))?,
            2000
        );
        std::thread::sleep(Duration::from_millis(300));
        let done = run.interrupt()?;
        // Sent = in the file + dropped: every frame reached the filter, none was dropped.
        assert_eq!(
            done.summary(),
            [
                "2000 packets captured",
                "2000 packets received by filter",
                "0 packets dropped by kernel"
            ],
            "{:?}",
            done.stderr
        );
    }
    let spec = rig.frame_spec(8000, 2, 9)?;
    let (_, _, recs) = read_pcap(Path::new(&full))?;
    assert_eq!(recs.len(), 2000, "every frame in the file");
    let mut want = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let (_, seq) = audit_fields(&r.data).expect("a rig frame");
        assert_eq!(seq, i as u64, "frames in order, each once");
        spec.build(seq, &mut want);
        assert_eq!(r.wirelen, 8000);
        assert!(
            r.data == want,
            "record {i} (seq {seq}) differs from the frame sent"
        );
    }
    let (_, snaplen, recs) = read_pcap(Path::new(&cut))?;
    assert_eq!((snaplen, recs.len()), (5000, 2000));
    for (i, r) in recs.iter().enumerate() {
        spec.build(i as u64, &mut want);
        assert_eq!(r.wirelen, 8000);
        assert!(
            r.data == want[..5000],
            "record {i}: the frame's first 5000 bytes"
        );
    }
    Ok(())
}

/// `--xdp-consume`: captured frames never reach the stack; without it they do.
#[test]
fn xdp_consume_keeps_frames_from_the_stack() -> Result<()> {
    const N: u64 = 5000;
    let rig = Rig::new()?;
    let dir = TempDir::new("xdp-consume")?;
    for consume in [false, true] {
        let out = dir.file("c.pcap");
        let mut args = vec!["-i", rig.veth_b.as_str(), "--backend", "xdp", "-w", &out];
        if consume {
            args.push("--xdp-consume");
        }
        let before = ip_in_receives(&rig)?;
        let run = start(&rig, &args)?;
        rig.send(&rig.frame_spec(100, 1, 3)?, N, Some(100_000))?;
        std::thread::sleep(Duration::from_millis(300));
        let done = run.interrupt()?;
        assert_eq!(done.summary()[0], format!("{N} packets captured"));
        let reached = ip_in_receives(&rig)? - before;
        if consume {
            assert_eq!(reached, 0, "consumed frames reached the IP stack");
        } else {
            assert!(
                reached >= N,
                "frames pass to the stack by default ({reached})"
            );
        }
    }
    Ok(())
}

/// Promiscuous while capturing (the XDP backend has no capture socket to ask for it), not with
/// `-p`, and not after the capture.
#[test]
fn xdp_promiscuous_unless_p() -> Result<()> {
    let rig = Rig::new()?;
    let promisc = || -> Result<bool> {
        let path = format!("/sys/class/net/{}/flags", rig.veth_b);
        let out = rig.exec(&rig.ns_b, &["cat", &path])?;
        let text = String::from_utf8_lossy(&out.stdout);
        let flags = u32::from_str_radix(text.trim().trim_start_matches("0x"), 16)?;
        Ok(flags & libc::IFF_PROMISC as u32 != 0)
    };
    for (extra, want) in [(None, true), (Some("-p"), false)] {
        let mut args = vec![
            "-i",
            rig.veth_b.as_str(),
            "--backend",
            "xdp",
            "-w",
            "/dev/null",
        ];
        args.extend(extra);
        let run = start(&rig, &args)?;
        assert_eq!(promisc()?, want, "{args:?}");
        run.interrupt()?;
        assert!(!promisc()?, "promiscuous mode ends with the capture");
    }
    Ok(())
}

/// `-Q out` cannot be served by XDP: one clear line, exit 1.
#[test]
fn xdp_refuses_egress() -> Result<()> {
    let rig = Rig::new()?;
    let out = rig
        .command(&rig.ns_b, env!("CARGO_BIN_EXE_capture"))
        .args([
            "-i",
            &rig.veth_b,
            "--backend",
            "xdp",
            "-Q",
            "out",
            "-w",
            "/dev/null",
        ])
        .output()?;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("received frames only"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    Ok(())
}

/// A ring of a few records under an unpaced burst: ring-full drops are counted in the eBPF
/// program and every frame is in exactly one bucket.
#[test]
fn xdp_tiny_ring_drops_are_all_accounted_for() -> Result<()> {
    const N: u64 = 200_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("xdp-drops")?;
    let out = dir.file("d.pcap");
    let args = [
        "-i",
        &rig.veth_b,
        "--backend",
        "xdp",
        "-B",
        "16",
        "-s",
        "1500",
        "-w",
        &out,
    ];
    let (done, s) = burst(&rig, &dir, &args, N)?;
    let (captured, ring) = (counter(&s, "captured"), counter(&s, "dropped_ring_full"));
    assert!(
        ring > 0,
        "a 16 KiB ring must overflow under this burst: {s}"
    );
    assert_eq!(counter(&s, "xdp_seen"), N, "{s}");
    assert_eq!(counter(&s, "received_by_filter"), N, "{s}");
    assert_eq!(
        captured + ring + counter(&s, "dropped_handoff") + counter(&s, "dropped_writer"),
        N,
        "{s}"
    );
    let (_, _, recs) = read_pcap(Path::new(&out))?;
    assert_eq!(recs.len() as u64, captured);
    assert_eq!(
        done.summary()[2],
        format!("{ring} packets dropped by kernel")
    );
    Ok(())
}

/// Twelve times the ring's size in 1514-byte frames through a 1 MiB ring, paced so the reader
/// keeps up (the sender's bursts of 256 frames, 400 KB, fit in the ring): every frame captured
/// once and intact, none dropped. Records are read in place and
/// released once written, so this holds only if the consumer position advances over exactly
/// the records released and wraps with the ring.
#[test]
fn xdp_many_times_round_a_small_ring() -> Result<()> {
    const N: u64 = 8000;
    let rig = Rig::new()?;
    let dir = TempDir::new("xdp-wrap")?;
    let (out, js, run) = start_xdp(&rig, &dir, &["-B", "1024", "-s", "1514"])?;
    let spec = rig.frame_spec(1514, 8, 0x5EA)?;
    assert_eq!(rig.send(&spec, N, Some(8000))?, N);
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let s = read_stats(&js)?;
    assert_eq!(counter(&s, "received_by_filter"), N, "{s}");
    assert_eq!(counter(&s, "dropped_ring_full"), 0, "{s}");
    assert_eq!(counter(&s, "dropped_handoff"), 0, "{s}");
    assert_eq!(counter(&s, "captured"), N, "{s}");
    let (_, snaplen, recs) = read_pcap(Path::new(&out))?;
    assert_eq!((snaplen, recs.len() as u64), (1514, N));
    let mut seen = HashSet::new();
    let mut want = Vec::new();
    for r in &recs {
        let (nonce, seq) = audit_fields(&r.data).expect("a rig frame");
        assert_eq!(nonce, 0x5EA);
        assert!(seen.insert(seq), "frame {seq} twice");
        spec.build(seq, &mut want);
        assert!(r.wirelen == 1514 && r.data == want, "frame {seq} differs");
    }
    assert!(
        recs.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns),
        "time order"
    );
    Ok(())
}

/// An idle reader is woken by the kernel for a lone frame: it reads the ring in place and polls
/// only once the writer has released everything, or the kernel would not wake it and it would
/// see the frame only at its 50 ms poll timeout. A lone frame is still held back for the 10 ms
/// reorder release, so it is printed about 12 ms after it was sent.
///
/// The bound, 20 ms, is the 10 ms hold plus a few: a frame seen only at the poll timeout is
/// printed 10 to 60 ms after it was sent, under 20 ms only when it lands in the last fifth of
/// the poll period. The rounds' idle times step through the 50 ms period, so a reader that is
/// not woken is late in most rounds wherever its period stands. Measured here (2 shared cores, load 9): woken, 12 of 12 rounds under the
/// bound (11.5 to 15 ms) in each of 4 runs; not woken (the poll replaced by a 50 ms sleep), 4 or
/// 5 of 12 (12 to 51 ms) in each of 3 runs, so requiring 10 fails it and leaves a woken reader
/// two late rounds on a busy machine.
#[test]
fn xdp_idle_reader_wakes_for_a_lone_frame() -> Result<()> {
    const ROUNDS: u32 = 12;
    let rig = Rig::new()?;
    let mut run = start(
        &rig,
        &["-i", &rig.veth_b, "--backend", "xdp", "-l", "-n", "udp"],
    )?;
    let out = run.take_stdout().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    let spec = rig.frame_spec(200, 1, 5)?;
    let mut delays = Vec::new();
    for round in 0..ROUNDS {
        // Idle long enough for every span to be released and the reader to sit in poll, and
        // each round a twelfth of the 50 ms poll period longer than the one before.
        std::thread::sleep(Duration::from_millis(200) + Duration::from_millis(50) * round / ROUNDS);
        let sent = Instant::now();
        assert_eq!(rig.send(&spec, 1, None)?, 1);
        let printed = rx.recv_timeout(Duration::from_secs(2))?;
        delays.push(printed - sent);
    }
    run.interrupt()?;
    let prompt = delays
        .iter()
        .filter(|d| **d < Duration::from_millis(20))
        .count();
    assert!(
        prompt >= 10,
        "printed within 20 ms in {prompt} of {ROUNDS} rounds: {delays:?}"
    );
    Ok(())
}

/// Nothing in the XDP ring says the interface went away, so the reader looks: when it has
/// disappeared, the capture ends as the AF_PACKET one does (tcpdump's message, exit 1, the
/// summary), with every frame captured before in the file, on the reader's thread and on the
/// single-CPU path alike.
#[test]
fn xdp_ends_when_the_interface_disappears() -> Result<()> {
    for one_cpu in [false, true] {
        let rig = Rig::new()?;
        let dir = TempDir::new("xdp-gone")?;
        let out = dir.file("gone.pcap");
        let capture = env!("CARGO_BIN_EXE_capture");
        let mut args = vec!["-c", "0", capture];
        args.extend(["-i", &rig.veth_b, "--backend", "xdp", "-w", &out]);
        let (program, args) = if one_cpu {
            ("taskset", &args[..])
        } else {
            (capture, &args[3..])
        };
        let run = support::start_program(&rig, program, args)?;
        rig.send(&rig.frame_spec(200, 4, 31)?, 500, None)?;
        std::thread::sleep(Duration::from_millis(300));
        rig.exec(&rig.ns_b, &["ip", "link", "del", &rig.veth_b])?;
        let done = run.wait(Duration::from_secs(10))?;
        assert_eq!(done.code, Some(1), "{:?}", done.stderr);
        assert!(
            done.stderr
                .contains(&"capture: pcap_loop: The interface disappeared".to_owned()),
            "{:?}",
            done.stderr
        );
        assert_eq!(
            done.summary()[0],
            "500 packets captured",
            "one CPU: {one_cpu}"
        );
        assert_eq!(read_pcap(Path::new(&out))?.2.len(), 500);
    }
    Ok(())
}
