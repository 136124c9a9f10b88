//! Live (root): capture on a veth in a netns rig with the real binary and check every frame
//! and every counter exactly.
mod support;

use std::{
    collections::{HashMap, HashSet},
    path::Path,
    time::Duration,
};

use anyhow::Result;
use capture_rig::{Rig, frame::audit_fields};
use support::{TempDir, burst, counter, read_pcap, read_stats, start, start_in, start_program};

/// (a) 1,000,000 frames over 64 flows, 2 workers: every frame exactly once, in time order.
#[test]
fn million_frames_two_workers_every_frame_once_in_order() -> Result<()> {
    const N: u64 = 1_000_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("million")?;
    let (out, js) = (dir.file("out.pcap"), dir.file("stats.json"));
    let run = start(
        &rig,
        &[
            "-i",
            &rig.veth_b,
            "--workers",
            "2",
            "-w",
            &out,
            "--stats-json",
            &js,
        ],
    )?;
    let spec = rig.frame_spec(100, 64, 0xC0FFEE)?;
    assert_eq!(rig.send(&spec, N, Some(250_000))?, N);
    std::thread::sleep(Duration::from_millis(500));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(
        done.summary(),
        [
            "1000000 packets captured",
            "1000000 packets received by filter",
            "0 packets dropped by kernel"
        ]
    );
    let (linktype, snaplen, recs) = read_pcap(Path::new(&out))?;
    assert_eq!((linktype, snaplen), (1, 262_144));
    assert_eq!(recs.len() as u64, N);
    let mut seen = HashSet::with_capacity(N as usize);
    for r in &recs {
        let (nonce, seq) = audit_fields(&r.data).expect("a rig frame");
        assert_eq!(nonce, 0xC0FFEE);
        assert!(seen.insert(seq), "frame {seq} twice");
        assert_eq!((r.wirelen, r.data.len()), (100, 100));
    }
    assert!(
        recs.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns),
        "timestamps in order"
    );
    let s = read_stats(&js)?;
    assert_eq!(s["xdp_seen"], N);
    assert_eq!(s["not_delivered_to_socket"], 0);
    assert_eq!(s["captured"], N);
    assert_eq!(s["dropped_handoff"], 0);
    assert_eq!(s["dropped_writer"], 0);
    // Both workers got a share of the 64 flows (hash fanout): a flow (15,625 frames) stays on
    // one worker, so each share is a whole number of flows; at least 8 of the 64 each (with
    // 64 flows hashed at random, fewer than 8 on one side has a chance below 1e-9).
    const PER_FLOW: u64 = N / 64;
    let shares: Vec<u64> = s["workers"]
        .as_array()
        .expect("workers in --stats-json")
        .iter()
        .map(|w| counter(w, "read_from_ring"))
        .collect();
    assert_eq!(shares.len(), 2, "{s}");
    assert_eq!(shares.iter().sum::<u64>(), N, "{s}");
    for share in &shares {
        assert_eq!(share % PER_FLOW, 0, "whole flows per worker: {shares:?}");
        assert!(*share >= 8 * PER_FLOW, "each worker a share: {shares:?}");
    }
    // Wireshark's reader agrees on the count.
    let capinfos = std::process::Command::new("capinfos")
        .args(["-M", "-c", &out])
        .output()?;
    assert!(
        String::from_utf8_lossy(&capinfos.stdout).contains("Number of packets:   1000000"),
        "{capinfos:?}"
    );
    Ok(())
}

/// (b) A filter keeps exactly the matching frames; the kernel counts only those.
#[test]
fn filter_keeps_exactly_the_matching_frames() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("filter")?;
    let (out, js) = (dir.file("f.pcap"), dir.file("stats.json"));
    let run = start(
        &rig,
        &[
            "-i",
            &rig.veth_b,
            "-w",
            &out,
            "--stats-json",
            &js,
            "udp",
            "and",
            "(src",
            "port",
            "10001",
            "or",
            "src",
            "port",
            "10002)",
        ],
    )?;
    let spec = rig.frame_spec(80, 4, 7)?;
    rig.send(&spec, 20_000, Some(200_000))?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(
        done.summary()[..2],
        ["10000 packets captured", "10000 packets received by filter"]
    );
    let (_, _, recs) = read_pcap(Path::new(&out))?;
    assert_eq!(recs.len(), 10_000);
    assert!(
        recs.iter().all(
            |r| matches!(audit_fields(&r.data), Some((7, seq)) if seq % 4 == 1 || seq % 4 == 2)
        )
    );
    let s = read_stats(&js)?;
    assert_eq!(
        (
            s["xdp_seen"].as_u64(),
            s["not_delivered_to_socket"].as_u64()
        ),
        (Some(20_000), Some(10_000))
    );
    Ok(())
}

/// (c) `-s 96`: the kernel copies 96 bytes, the record keeps the wire length.
#[test]
fn snaplen_cuts_records_and_keeps_wire_length() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("snaplen")?;
    let out = dir.file("s.pcap");
    let run = start(
        &rig,
        &["-i", &rig.veth_b, "-s", "96", "-c", "5000", "-w", &out],
    )?;
    rig.send(&rig.frame_spec(600, 8, 3)?, 5000, Some(100_000))?;
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(
        done.code,
        Some(0),
        "-c ends the capture by itself: {:?}",
        done.stderr
    );
    assert_eq!(done.summary()[0], "5000 packets captured");
    let (_, snaplen, recs) = read_pcap(Path::new(&out))?;
    assert_eq!((snaplen, recs.len()), (96, 5000));
    assert!(recs.iter().all(|r| r.data.len() == 96 && r.wirelen == 600));
    Ok(())
}

/// With no expression, a snap length shorter than the largest goes to the kernel as tcpdump's
/// does: every capture socket gets the classic program tcpdump's socket gets for the same
/// `-s 96` (libpcap's `ret #96`, as `ss -0 -b` shows it), so the kernel copies 96 bytes of
/// each frame into the ring, not the whole frame. At the largest snap length, where that
/// program would cut nothing, capture's sockets have none.
#[test]
fn a_short_snaplen_goes_to_the_kernel_as_tcpdumps() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("snapkernel")?;
    let (ours, theirs) = (dir.file("c.pcap"), dir.file("t.pcap"));
    let tcpdump = start_program(
        &rig,
        "tcpdump",
        &["-i", &rig.veth_b, "-s", "96", "-w", &theirs, "-Z", "root"],
    )?;
    let capture = start(&rig, &["-i", &rig.veth_b, "-s", "96", "-w", &ours])?;
    let filters = socket_filters(&rig)?;
    tcpdump.interrupt()?;
    capture.interrupt()?;
    let tcpdumps = &filters["tcpdump"];
    assert_eq!(tcpdumps.len(), 1, "{filters:?}");
    let captures = &filters["capture"];
    assert!(!captures.is_empty(), "{filters:?}");
    assert!(
        captures.iter().all(|f| f == &tcpdumps[0]) && tcpdumps[0] == "0x06 0 0 96",
        "{filters:?}"
    );

    let capture = start(&rig, &["-i", &rig.veth_b, "-w", &ours])?;
    let filters = socket_filters(&rig)?;
    capture.interrupt()?;
    assert!(
        filters["capture"].iter().all(String::is_empty),
        "{filters:?}"
    );
    Ok(())
}

/// The classic filter of each packet socket in the capture namespace, by the name of the
/// process holding it (`ss -0 -b -p`): the program as `ss` prints it, empty for none.
fn socket_filters(rig: &Rig) -> Result<HashMap<String, Vec<String>>> {
    let out = rig.exec(&rig.ns_b, &["ss", "-0", "-b", "-p"])?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut filters: HashMap<String, Vec<String>> = HashMap::new();
    let mut lines = text.lines().skip(1).peekable();
    while let Some(line) = lines.next() {
        let Some(name) = line.split("((\"").nth(1).and_then(|r| r.split('"').next()) else {
            continue;
        };
        let program = match lines.peek() {
            Some(next) if next.trim_start().starts_with("bpf filter") => {
                let f = lines.next().unwrap_or_default();
                f.split_once("):")
                    .map_or("", |(_, p)| p)
                    .trim()
                    .trim_end_matches(',')
                    .into()
            }
            _ => String::new(),
        };
        filters.entry(name.to_owned()).or_default().push(program);
    }
    Ok(filters)
}

/// `-c N` writes exactly N packets even when more arrive.
#[test]
fn count_writes_exactly_n() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("count")?;
    let out = dir.file("c.pcap");
    let run = start(&rig, &["-i", &rig.veth_b, "-c", "500", "-w", &out])?;
    rig.send(&rig.frame_spec(64, 1, 9)?, 3000, Some(100_000))?;
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0));
    assert_eq!(done.summary()[0], "500 packets captured");
    let (_, _, recs) = read_pcap(Path::new(&out))?;
    let seqs: Vec<u64> = recs
        .iter()
        .filter_map(|r| audit_fields(&r.data))
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        seqs,
        (0..500).collect::<Vec<_>>(),
        "one worker, one flow: the first 500 in order"
    );
    Ok(())
}

/// (d) A tiny ring under an unpaced burst drops, and every frame is in exactly one bucket.
#[test]
fn tiny_ring_drops_are_all_accounted_for() -> Result<()> {
    const N: u64 = 200_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("drops")?;
    let out = dir.file("d.pcap");
    let args = ["-i", &rig.veth_b, "--workers", "1", "-B", "64", "-w", &out];
    let (done, s) = burst(&rig, &dir, &args, N)?;
    let get = |k: &str| counter(&s, k);
    let (captured, ring, handoff, writer, before) = (
        get("captured"),
        get("dropped_ring_full"),
        get("dropped_handoff"),
        get("dropped_writer"),
        get("not_delivered_to_socket"),
    );
    assert!(
        ring > 0,
        "a 64 KiB ring must overflow under this burst: {s}"
    );
    assert_eq!(get("xdp_seen"), N);
    assert_eq!(captured + ring + handoff + writer + before, N, "{s}");
    assert_eq!(
        get("received_by_filter"),
        captured + ring + handoff + writer,
        "{s}"
    );
    let (_, _, recs) = read_pcap(Path::new(&out))?;
    assert_eq!(recs.len() as u64, captured);
    assert_eq!(
        done.summary(),
        [
            format!("{captured} packets captured"),
            format!("{} packets received by filter", get("received_by_filter")),
            format!("{ring} packets dropped by kernel"),
        ]
    );
    Ok(())
}

/// VLAN tags the kernel moves into metadata are put back: the file holds the frame as sent.
#[test]
fn vlan_tags_are_restored() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("vlan")?;
    let out = dir.file("v.pcap");
    let run = start(
        &rig,
        &["-i", &rig.veth_b, "-c", "100", "-w", &out, "vlan", "100"],
    )?;
    let tagged = capture_rig::frame::FrameSpec {
        vlan: Some(0x2064),
        ..rig.frame_spec(200, 1, 4)?
    };
    rig.send(&rig.frame_spec(200, 1, 3)?, 50, None)?;
    assert_eq!(rig.send(&tagged, 100, None)?, 100);
    let done = run.wait(Duration::from_secs(20))?;
    // Sent = in the file + dropped: the 100 tagged frames passed the filter, none was dropped.
    assert_eq!(
        done.summary(),
        [
            "100 packets captured",
            "100 packets received by filter",
            "0 packets dropped by kernel"
        ]
    );
    let (_, _, recs) = read_pcap(Path::new(&out))?;
    assert_eq!(recs.len(), 100, "the tagged frames, none of the untagged");
    let mut expected = Vec::new();
    for (seq, r) in recs.iter().enumerate() {
        tagged.build(seq as u64, &mut expected);
        assert_eq!(r.data, expected, "frame {seq} byte-exact with its tag");
        assert_eq!(r.wirelen, 204);
    }
    Ok(())
}

/// `-Q out` keeps only what the capture host sends; `-Q in` only what it receives.
#[test]
fn direction_in_and_out() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("direction")?;
    let (inf, outf) = (dir.file("in.pcap"), dir.file("out.pcap"));
    let run_in = start(&rig, &["-i", &rig.veth_b, "-Q", "in", "-w", &inf, "tcp"])?;
    let run_out = start(&rig, &["-i", &rig.veth_b, "-Q", "out", "-w", &outf, "tcp"])?;
    assert_eq!(rig.refused_connections(80, 4)?, 4);
    std::thread::sleep(Duration::from_millis(300));
    run_in.interrupt()?;
    run_out.interrupt()?;
    let ports = |p: &str| -> Result<Vec<u16>> {
        let (_, _, recs) = read_pcap(Path::new(p))?;
        // Source port: 80 for the RSTs the capture side sends, ephemeral for the SYNs.
        Ok(recs
            .iter()
            .map(|r| u16::from_be_bytes([r.data[34], r.data[35]]))
            .collect())
    };
    let (ins, outs) = (ports(&inf)?, ports(&outf)?);
    assert_eq!(ins.len(), 4);
    assert!(ins.iter().all(|&p| p != 80), "SYNs in: {ins:?}");
    assert_eq!(outs, [80, 80, 80, 80], "RSTs out");
    Ok(())
}

/// SIGUSR1 prints tcpdump's one-line statistics and the capture goes on.
#[test]
fn sigusr1_prints_stats_and_continues() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("usr1")?;
    let out = dir.file("u.pcap");
    let run = start(&rig, &["-i", &rig.veth_b, "-w", &out])?;
    rig.send(&rig.frame_spec(64, 1, 1)?, 10, None)?;
    std::thread::sleep(Duration::from_millis(300));
    run.signal(libc::SIGUSR1);
    std::thread::sleep(Duration::from_millis(300));
    rig.send(&rig.frame_spec(64, 1, 1)?, 5, None)?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert!(
        done.stderr.iter().any(|l| l
            == "capture: 10 packets captured, 10 packets received by filter, 0 packets dropped by kernel"),
        "{:?}",
        done.stderr
    );
    assert_eq!(done.summary()[0], "15 packets captured");
    Ok(())
}

/// SIGUSR2 writes the open file out and the capture goes on (tcpdump's `pcap_dump_flush`; the
/// signal's default action would end it at once); SIGHUP ends it as SIGINT does, with the file
/// complete and the summary, as it ends tcpdump beside it; and where SIGHUP was ignored at
/// start, as under nohup(1), it is ignored, as tcpdump ignores it. Both run under `env` with
/// SIGHUP's disposition set, whatever the test harness inherited.
#[test]
fn sigusr2_writes_the_file_out_and_sighup_ends_cleanly() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("usr2")?;
    let (ours, theirs) = (dir.file("ours.pcap"), dir.file("theirs.pcap"));
    let capture_bin = env!("CARGO_BIN_EXE_capture");
    let under_env = |hup: &'static str, program: &'static str, out: &str| {
        let args = [hup, program, "-i", &rig.veth_b, "-w", out];
        start_program(&rig, "env", &args)
    };
    let capture = under_env("--default-signal=HUP", capture_bin, &ours)?;
    let tcpdump = under_env("--default-signal=HUP", "tcpdump", &theirs)?;
    rig.send(&rig.frame_spec(300, 4, 41)?, 200, None)?;
    std::thread::sleep(Duration::from_millis(400));
    capture.signal(libc::SIGUSR2);
    // Written out at once (or by the writer's once-a-second pass, should it come first).
    let mut written = 0;
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(50));
        written = read_pcap(Path::new(&ours))?.2.len();
        if written == 200 {
            break;
        }
    }
    assert_eq!(written, 200, "written out, the capture still running");
    rig.send(&rig.frame_spec(300, 4, 42)?, 100, None)?;
    // tcpdump's last block is retired by its 1 s timeout.
    std::thread::sleep(Duration::from_millis(1500));
    capture.signal(libc::SIGHUP);
    tcpdump.signal(libc::SIGHUP);
    let (c, t) = (
        capture.wait(Duration::from_secs(10))?,
        tcpdump.wait(Duration::from_secs(10))?,
    );
    assert_eq!((c.code, t.code), (Some(0), Some(0)), "{c:?} {t:?}");
    support::assert_same_stderr(&c, &t, &["SIGHUP"]);
    assert_eq!(c.summary()[0], "300 packets captured");
    assert_eq!(read_pcap(Path::new(&ours))?.2.len(), 300);

    let nohup = under_env("--ignore-signal=HUP", capture_bin, &ours)?;
    nohup.signal(libc::SIGHUP);
    rig.send(&rig.frame_spec(300, 4, 43)?, 50, None)?;
    std::thread::sleep(Duration::from_millis(300));
    let done = nohup.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(done.summary()[0], "50 packets captured", "SIGHUP ignored");
    Ok(())
}

/// `-w -` writes the pcap to standard output.
#[test]
fn write_to_stdout() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("stdout")?;
    let run = start(&rig, &["-i", &rig.veth_b, "-c", "20", "-w", "-"])?;
    rig.send(&rig.frame_spec(90, 1, 2)?, 20, None)?;
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0));
    let path = dir.file("copy.pcap");
    std::fs::write(&path, done.stdout_bytes())?;
    let (_, _, recs) = read_pcap(Path::new(&path))?;
    assert_eq!(recs.len(), 20);
    Ok(())
}

/// As tcpdump's (libpcap's) loop: the interface going down and up again does not end the
/// capture, whose socket receives again once it is up; the interface disappearing does, with
/// tcpdump's message, exit 1, the summary, and a valid file holding everything captured. Both
/// run side by side and record the same frames.
#[test]
fn interface_down_and_up_goes_on_and_gone_ends_cleanly() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("ifdown")?;
    let (ours, theirs) = (dir.file("down.pcap"), dir.file("tcpdump.pcap"));
    let capture = start(&rig, &["-i", &rig.veth_b, "-w", &ours])?;
    let tcpdump = start_program(&rig, "tcpdump", &["-i", &rig.veth_b, "-w", &theirs])?;
    rig.send(&rig.frame_spec(120, 4, 6)?, 1000, None)?;
    std::thread::sleep(Duration::from_millis(300));
    let link = |state| rig.exec(&rig.ns_b, &["ip", "link", "set", &rig.veth_b, state]);
    link("down")?;
    std::thread::sleep(Duration::from_millis(500));
    link("up")?;
    let operstate = format!("/sys/class/net/{}/operstate", rig.veth_b);
    for _ in 0..200 {
        if rig
            .exec(&rig.ns_b, &["cat", &operstate])?
            .stdout
            .starts_with(b"up")
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    rig.send(&rig.frame_spec(120, 4, 7)?, 1000, None)?;
    // tcpdump's last block is retired by its 1 s timeout.
    std::thread::sleep(Duration::from_millis(1500));
    rig.exec(&rig.ns_b, &["ip", "link", "del", &rig.veth_b])?;
    let (c, t) = (
        capture.wait(Duration::from_secs(10))?,
        tcpdump.wait(Duration::from_secs(10))?,
    );
    assert_eq!((c.code, t.code), (Some(1), Some(1)), "{c:?} {t:?}");
    let msg = "pcap_loop: The interface disappeared";
    assert!(
        c.stderr.contains(&format!("capture: {msg}")),
        "{:?}",
        c.stderr
    );
    assert!(
        t.stderr.contains(&format!("tcpdump: {msg}")),
        "{:?}",
        t.stderr
    );
    assert_eq!(c.summary()[0], "2000 packets captured");
    let ((_, _, recs), (_, _, theirs)) =
        (read_pcap(Path::new(&ours))?, read_pcap(Path::new(&theirs))?);
    assert_eq!(recs.len(), 2000);
    let frames = |r: &[support::Record]| r.iter().map(|r| r.data.clone()).collect::<Vec<_>>();
    assert_eq!(
        frames(&recs),
        frames(&theirs),
        "the same frames as tcpdump's"
    );
    Ok(())
}

/// `-Z nobody`: the file is created by the unprivileged user after the sockets are open.
#[test]
fn relinquish_privileges() -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let rig = Rig::new()?;
    let dir = TempDir::new("privs")?;
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o777))?;
    let out = dir.file("z.pcap");
    let run = start(
        &rig,
        &["-i", &rig.veth_b, "-Z", "nobody", "-c", "10", "-w", &out],
    )?;
    rig.send(&rig.frame_spec(64, 1, 8)?, 10, None)?;
    let done = run.wait(Duration::from_secs(10))?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(std::fs::metadata(&out)?.uid(), 65534, "owned by nobody");
    assert_eq!(read_pcap(Path::new(&out))?.2.len(), 10);
    Ok(())
}

/// `-v` with `-w` reports progress as tcpdump does (`Got N`), and the file reads cleanly with
/// tcpdump and tshark.
#[test]
fn verbose_write_reports_progress_and_peers_read_the_file() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("got")?;
    let out = dir.file("g.pcap");
    let run = start(&rig, &["-i", &rig.veth_b, "-v", "-w", &out])?;
    rig.send(&rig.frame_spec(64, 1, 8)?, 50, None)?;
    std::thread::sleep(Duration::from_millis(2500));
    let done = run.interrupt()?;
    assert!(
        done.stderr.iter().any(|l| l.contains("Got 50\r")),
        "{:?}",
        done.stderr
    );
    let tcpdump = std::process::Command::new("tcpdump")
        .args(["-nn", "-r", &out])
        .output()?;
    assert!(tcpdump.status.success());
    assert_eq!(tcpdump.stdout.iter().filter(|&&b| b == b'\n').count(), 50);
    let tshark = std::process::Command::new("tshark")
        .args(["-r", &out, "-T", "fields", "-e", "frame.len"])
        .output()?;
    assert!(tshark.status.success(), "{tshark:?}");
    assert_eq!(String::from_utf8_lossy(&tshark.stdout), "64\n".repeat(50));
    Ok(())
}

/// `-i any`: Linux cooked v2 records from every interface, with the filter run in the kernel.
#[test]
fn any_device_records_linux_cooked_v2() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("any")?;
    let out = dir.file("any.pcap");
    let run = start(
        &rig,
        &[
            "-i", "any", "-c", "30", "-w", &out, "udp", "and", "src", "port", "10001",
        ],
    )?;
    rig.send(&rig.frame_spec(100, 2, 12)?, 60, None)?;
    let done = run.wait(Duration::from_secs(10))?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(done.stderr[0], "capture: data link type LINUX_SLL2");
    assert!(
        done.stderr[1].contains("link-type LINUX_SLL2 (Linux cooked v2)"),
        "{:?}",
        done.stderr
    );
    let (linktype, _, recs) = read_pcap(Path::new(&out))?;
    assert_eq!((linktype, recs.len()), (276, 30));
    let index = rig.exec(
        &rig.ns_b,
        &["cat", &format!("/sys/class/net/{}/ifindex", rig.veth_b)],
    )?;
    let index: u32 = String::from_utf8_lossy(&index.stdout).trim().parse()?;
    let mac = rig.mac(&rig.ns_a, &rig.veth_a)?;
    let mut frame = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let h = &r.data[..20];
        assert_eq!(h[0..4], [0x08, 0x00, 0, 0], "IPv4, reserved");
        assert_eq!(u32::from_be_bytes(h[4..8].try_into()?), index);
        assert_eq!(
            h[8..12],
            [0, 1, 0, 6],
            "ARPHRD_ETHER, PACKET_HOST, 6-byte address"
        );
        assert_eq!(h[12..18], mac, "source MAC");
        rig.frame_spec(100, 2, 12)?
            .build(2 * i as u64 + 1, &mut frame);
        assert_eq!(r.data[20..], frame[14..], "the IP packet follows");
        assert_eq!(r.wirelen, 20 + 86);
    }
    Ok(())
}

/// The BPF objects a process holds, from its fdinfo: (program types, link types).
fn bpf_objects(pid: i32) -> Result<(Vec<String>, Vec<String>)> {
    let (mut progs, mut links) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(format!("/proc/{pid}/fdinfo"))? {
        let Ok(info) = std::fs::read_to_string(entry?.path()) else {
            continue;
        };
        for line in info.lines() {
            if let Some(t) = line.strip_prefix("prog_type:\t") {
                progs.push(t.to_owned());
            } else if let Some(t) = line.strip_prefix("link_type:\t") {
                links.push(t.to_owned());
            }
        }
    }
    Ok((progs, links))
}

/// Whether `ip link show` reports an XDP program on the capture interface.
fn xdp_attached(rig: &Rig) -> Result<bool> {
    let shown = rig.exec(&rig.ns_b, &["ip", "link", "show", &rig.veth_b])?;
    Ok(String::from_utf8_lossy(&shown.stdout).contains("xdp"))
}

/// `--no-xdp` leaves the interface alone: no ingress counter of any kind (no XDP program, and
/// on veth with GRO on, where the counter would be a TCX link at TC ingress, no link and no
/// program held by capture), and the buckets that need it are absent, not zero.
#[test]
fn no_xdp_leaves_the_interface_alone() -> Result<()> {
    let rig = Rig::new()?;
    rig.set_gro(true)?;
    let dir = TempDir::new("noxdp")?;
    let (out, js) = (dir.file("n.pcap"), dir.file("n.json"));
    let args = [
        "-i",
        &rig.veth_b,
        "-c",
        "10",
        "-w",
        &out,
        "--stats-json",
        &js,
    ];
    // The same capture without the flag holds the counter: what the check below must not see.
    let with = start(&rig, &args)?;
    let (progs, links) = bpf_objects(with.pid())?;
    assert_eq!(
        links,
        ["tcx"],
        "without --no-xdp: one TCX link (programs {progs:?})"
    );
    with.interrupt()?;

    let mut no_xdp = args.to_vec();
    no_xdp.push("--no-xdp");
    let run = start(&rig, &no_xdp)?;
    assert!(!xdp_attached(&rig)?, "no XDP program on the interface");
    assert_eq!(
        bpf_objects(run.pid())?,
        (vec![], vec![]),
        "no eBPF program or link held by capture"
    );
    rig.send(&rig.frame_spec(64, 1, 8)?, 10, None)?;
    let done = run.wait(Duration::from_secs(10))?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_no_ingress_count(&js, 10)
}

/// The stats in `js` have no ingress count, and the buckets that need it are absent, not
/// zero; `captured` packets were written.
fn assert_no_ingress_count(js: &str, captured: u64) -> Result<()> {
    let s = read_stats(js)?;
    assert!(
        s["xdp_seen"].is_null() && s["not_delivered_to_socket"].is_null(),
        "{s}"
    );
    assert_eq!(s["captured"], captured);
    Ok(())
}

/// On veth with GRO on the ingress counter runs at TC ingress (a TCX link), not XDP, which
/// would make veth copy every frame; it still counts each frame exactly once.
#[test]
fn veth_counts_at_tc_ingress() -> Result<()> {
    const N: u64 = 1000;
    let rig = Rig::new()?;
    rig.set_gro(true)?;
    let dir = TempDir::new("tcx")?;
    let (out, js) = (dir.file("t.pcap"), dir.file("t.json"));
    let args = [
        "-i",
        &rig.veth_b,
        "-c",
        "1000",
        "-w",
        &out,
        "--stats-json",
        &js,
    ];
    let run = start(&rig, &args)?;
    assert!(!xdp_attached(&rig)?, "no XDP program on the veth");
    assert_eq!(
        bpf_objects(run.pid())?.1,
        ["tcx"],
        "one TCX link held by capture"
    );
    rig.send(&rig.frame_spec(64, 1, 9)?, N, None)?;
    run.wait(Duration::from_secs(10))?;
    let s = read_stats(&js)?;
    assert_eq!(
        (s["xdp_seen"].as_u64(), s["captured"].as_u64()),
        (Some(N), Some(N)),
        "{s}"
    );
    Ok(())
}

/// On veth with GRO off (a new veth's default) the ingress count is the device's own: no
/// program and no link, and the count is exact, in frames and bytes. Once GRO is turned on
/// the device counts frames GRO may merge, and the count is withdrawn rather than reported
/// with merges as drops.
#[test]
fn veth_without_gro_counts_from_the_device() -> Result<()> {
    const N: u64 = 1000;
    const LEN: u64 = 100;
    let rig = Rig::new()?;
    let dir = TempDir::new("devcount")?;
    let (out, js) = (dir.file("d.pcap"), dir.file("d.json"));
    let base = ["-i", &rig.veth_b, "-w", &out, "--stats-json", &js];
    let args = |count| [&["-c", count][..], &base].concat();
    let run = start(&rig, &args("1000"))?;
    assert!(!xdp_attached(&rig)?, "no XDP program on the veth");
    assert_eq!(
        bpf_objects(run.pid())?,
        (vec![], vec![]),
        "no eBPF program or link held by capture"
    );
    rig.send(&rig.frame_spec(LEN as usize, 1, 10)?, N, None)?;
    run.wait(Duration::from_secs(10))?;
    let s = read_stats(&js)?;
    assert_eq!(
        (
            s["xdp_seen"].as_u64(),
            s["xdp_bytes"].as_u64(),
            s["not_delivered_to_socket"].as_u64(),
            s["captured"].as_u64()
        ),
        (Some(N), Some(N * LEN), Some(0), Some(N)),
        "{s}"
    );
    assert_eq!(
        s["engine"]["ingress counter"],
        "the device's receive counters (veth, GRO off)"
    );

    let run = start(&rig, &args("20"))?;
    rig.send(&rig.frame_spec(LEN as usize, 1, 11)?, 10, None)?;
    rig.set_gro(true)?;
    rig.send(&rig.frame_spec(LEN as usize, 1, 12)?, 10, None)?;
    run.wait(Duration::from_secs(10))?;
    assert_no_ingress_count(&js, 20)
}

/// `nsenter --net` into a namespace leaves /sys as it was (a container's `eth0` is then the
/// host's there): the device's counters are read for the namespace capture runs in. Started
/// from the sending namespace's /sys, where the capture veth does not exist, the count is
/// still the device's and exact.
#[test]
fn the_device_count_is_the_namespaces_own() -> Result<()> {
    const N: u64 = 500;
    let rig = Rig::new()?;
    let dir = TempDir::new("nsenter")?;
    let js = dir.file("n.json");
    let net = format!("--net=/run/netns/{}", rig.ns_b);
    let args = [
        &net,
        env!("CARGO_BIN_EXE_capture"),
        "-i",
        &rig.veth_b,
        "-c",
        "500",
        "-w",
        &dir.file("n.pcap"),
        "--stats-json",
        &js,
    ];
    let run = start_in(&rig, &rig.ns_a, "nsenter", &args, &[])?;
    rig.send(&rig.frame_spec(64, 1, 13)?, N, None)?;
    run.wait(Duration::from_secs(10))?;
    let s = read_stats(&js)?;
    assert_eq!(
        s["engine"]["ingress counter"],
        "the device's receive counters (veth, GRO off)"
    );
    assert_eq!(
        (s["xdp_seen"].as_u64(), s["captured"].as_u64()),
        (Some(N), Some(N)),
        "{s}"
    );
    Ok(())
}

/// `-w dump -C 1 -z CMD --print-closed`, ended by SIGTERM: tcpdump's names, every frame in
/// exactly one file, each file within one record of the limit, `-z` run on every closed file
/// including the last, closed names printed in order, and the summary.
#[test]
fn rotation_with_postrotate_and_sigterm() -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    const N: u64 = 2500;
    let rig = Rig::new()?;
    let dir = TempDir::new("rotate")?;
    let log = dir.file("z.log");
    let script = dir.file("z.sh");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" >> {log}\n"))?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    let dump = dir.file("dump");
    let args = [
        "-i",
        &rig.veth_b,
        "-w",
        &dump,
        "-C",
        "1",
        "-z",
        &script,
        "--print-closed",
    ];
    let run = start(&rig, &args)?;
    rig.send(&rig.frame_spec(1000, 4, 21)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_millis(300));
    run.signal(libc::SIGTERM);
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert_eq!(done.summary()[0], format!("{N} packets captured"));
    let names = ["dump", "dump1", "dump2"].map(|n| dir.file(n));
    assert_eq!(
        done.stdout_text(),
        names.join("\n") + "\n",
        "closed files, in order"
    );
    let mut seqs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let size = std::fs::metadata(name)?.len();
        if i < 2 {
            assert!(
                (1_000_000..=1_000_000 + 16 + 1000).contains(&size),
                "{name}: {size}"
            );
        }
        let (_, _, recs) = read_pcap(Path::new(name))?;
        assert_eq!(size, 24 + recs.len() as u64 * (16 + 1000));
        seqs.extend(
            recs.iter()
                .filter_map(|r| audit_fields(&r.data))
                .map(|(_, s)| s),
        );
    }
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (0..N).collect::<Vec<_>>(),
        "every frame once across the files"
    );
    // -z runs in the background; give the last one a moment.
    for _ in 0..50 {
        if std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .count()
            == 3
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut ran: Vec<String> = std::fs::read_to_string(&log)?
        .lines()
        .map(str::to_owned)
        .collect();
    ran.sort();
    assert_eq!(
        ran,
        names.to_vec(),
        "-z on every closed file, the last one included"
    );
    Ok(())
}

/// `--writer-cpu N`: the writer thread and its I/O thread run on CPU N only, `--notices` and
/// `--stats-json` say so, and every frame is still captured.
#[test]
fn writer_cpu_pins_the_writer_and_its_io_thread() -> Result<()> {
    const N: u64 = 10_000;
    // The last CPU this test may use; capture inherits the same set through `ip netns exec`.
    let cpu = std::fs::read_to_string("/proc/self/status")?
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .and_then(|list| list.trim().rsplit([',', '-']).next()?.parse::<usize>().ok())
        .expect("Cpus_allowed_list");
    let rig = Rig::new()?;
    let dir = TempDir::new("writercpu")?;
    let out = dir.file("w.pcap");
    let js = dir.file("stats.json");
    let cpu_arg = cpu.to_string();
    let args = [
        "-i",
        &rig.veth_b,
        "--workers",
        "1",
        "--writer-cpu",
        &cpu_arg,
        "--notices",
        "--stats-json",
        &js,
        "-w",
        &out,
    ];
    let run = start(&rig, &args)?;
    // 2 MB of records: more than one 1 MiB output buffer, so the I/O thread has started.
    assert_eq!(rig.send(&rig.frame_spec(200, 1, 11)?, N, Some(100_000))?, N);
    std::thread::sleep(Duration::from_millis(500));
    let mut pinned = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{}/task", run.pid()))? {
        let task = task?.path();
        let name = std::fs::read_to_string(task.join("comm"))?
            .trim()
            .to_owned();
        let status = std::fs::read_to_string(task.join("status"))?;
        let allowed = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .map(|l| l.trim().to_owned());
        let is_writer = task.file_name() == Some(run.pid().to_string().as_ref());
        if is_writer || name == "capture-io" {
            assert_eq!(allowed.as_deref(), Some(cpu_arg.as_str()), "{name}");
            pinned.push(if is_writer { "writer".into() } else { name });
        }
    }
    pinned.sort();
    assert_eq!(pinned, ["capture-io", "writer"]);
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let line = format!("capture: writer: CPU {cpu}");
    assert!(done.stderr.contains(&line), "{:?}", done.stderr);
    assert_eq!(read_stats(&js)?["engine"]["writer"], format!("CPU {cpu}"));
    assert_eq!(
        done.summary(),
        [
            "10000 packets captured",
            "10000 packets received by filter",
            "0 packets dropped by kernel"
        ]
    );
    let (_, _, recs) = read_pcap(Path::new(&out))?;
    assert_eq!(recs.len() as u64, N);
    Ok(())
}

/// `-w dump -C 1 --index` on a live interface: each rotated file is published with a valid
/// index of exactly its records, and `capture query` over them prints what `tcpdump -V` prints
/// over the same files, with no notice (every index is used).
#[test]
fn live_index_beside_each_rotated_file() -> Result<()> {
    const N: u64 = 2500;
    let rig = Rig::new()?;
    let dir = TempDir::new("live-index")?;
    let dump = dir.file("dump");
    let run = start(
        &rig,
        &["-i", &rig.veth_b, "-w", &dump, "-C", "1", "--index"],
    )?;
    rig.send(&rig.frame_spec(1000, 4, 23)?, N, Some(50_000))?;
    std::thread::sleep(Duration::from_millis(300));
    run.signal(libc::SIGTERM);
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let names = ["dump", "dump1", "dump2"].map(|n| dir.file(n));
    let mut total = 0;
    for name in &names {
        let path = Path::new(name);
        let (_, _, recs) = read_pcap(path)?;
        let index = capture::index::Index::open(&capture::index::index_path(path), path)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(index.header.packets, recs.len() as u64, "{name}");
        index.load().unwrap_or_else(|e| panic!("{name}: {e}"));
        total += recs.len() as u64;
    }
    assert_eq!(total, N);
    let list = dir.file("list");
    std::fs::write(&list, names.join("\n") + "\n")?;
    let capture = env!("CARGO_BIN_EXE_capture");
    for expr in ["udp src port 10001", "udp and not src port 10003", ""] {
        let mut theirs = std::process::Command::new("tcpdump");
        theirs.args(["-nn", "-V", &list]);
        let mut ours = std::process::Command::new(capture);
        ours.args(["query", "-nn", &dir.0.to_string_lossy()]);
        if !expr.is_empty() {
            theirs.arg(expr);
            ours.arg(expr);
        }
        let (theirs, ours) = (theirs.output()?, ours.output()?);
        assert!(theirs.status.success() && ours.status.success());
        assert_eq!(
            String::from_utf8_lossy(&ours.stderr),
            "",
            "{expr}: no notice"
        );
        assert!(
            ours.stdout == theirs.stdout,
            "query '{expr}' differs from tcpdump -V"
        );
    }
    Ok(())
}
