//! Live (root): with one CPU for the source and the writer, the source (the AF_PACKET worker, or
//! the XDP reader) writes itself (no handoff, no merge); its files, buckets and summary are
//! those of the threaded path on the same traffic.
mod support;

use std::path::Path;

use anyhow::Result;
use capture_rig::Rig;
use support::{Finished, Record, TempDir, counter, read_pcap, read_stats, start, start_program};

/// The buckets that must agree between the two runs (`unread_in_ring` and the ingress counter
/// aside: both are 0 or equal on a quiet veth, and checked below).
const BUCKETS: [&str; 8] = [
    "received_by_filter",
    "dropped_ring_full",
    "skipped_direction",
    "filtered_in_userspace",
    "dropped_handoff",
    "dropped_writer",
    "captured",
    "past_count_limit",
];

/// `taskset -c 0 capture -i IF -w A` (one allowed CPU: the single-thread path) beside
/// `capture --workers 1 --writer-cpu 1 -w B` (worker and writer threads on two CPUs), with a
/// filter, VLAN-tagged frames among plain ones and `-c` ending both: both files hold the same
/// records in the same order, their headers are equal, and so are the summaries and buckets.
/// Each socket stamps a frame itself, so only the timestamps may differ (by microseconds).
#[test]
fn one_cpu_writes_on_the_worker_thread_as_the_threaded_path_does() -> Result<()> {
    compare(false, "udp and not port 7", 0)
}

/// The same on `-i any` (Linux cooked v2 headers added by the worker) with a filter the kernel
/// refuses (`protochain`), so the worker runs it on each packet, over the cooked copy: the 500
/// frames to port 7 land in `filtered_in_userspace` on both paths.
#[test]
fn one_cpu_filters_cooked_packets_in_user_space_as_the_threaded_path_does() -> Result<()> {
    compare(true, "ip protochain 17 and not port 7", 500)
}

/// Runs both captures on the rig's veth (or `-i any`) with `filter`, which rejects `rejected`
/// frames in user space, and compares them.
fn compare(any: bool, filter: &str, rejected: u64) -> Result<()> {
    if std::thread::available_parallelism()?.get() < 2 {
        anyhow::bail!("this test compares one CPU with two: the machine has one");
    }
    let rig = Rig::new()?;
    let dir = TempDir::new("inline")?;
    let (single, threaded) = (dir.file("single.pcap"), dir.file("threaded.pcap"));
    let (single_stats, threaded_stats) = (dir.file("single.json"), dir.file("threaded.json"));
    let iface = if any { "any" } else { rig.veth_b.as_str() };
    let common = ["-i", iface, "-c", "9000", filter];
    let capture = env!("CARGO_BIN_EXE_capture");
    let mut args = vec![
        "-c",
        "0",
        capture,
        "--notices",
        "--stats-json",
        &single_stats,
    ];
    args.extend_from_slice(&["-w", &single]);
    args.extend_from_slice(&common);
    let a = start_program(&rig, "taskset", &args)?;
    let mut args = vec!["--workers", "1", "--writer-cpu", "1", "--notices"];
    args.extend_from_slice(&["--stats-json", &threaded_stats, "-w", &threaded]);
    args.extend_from_slice(&common);
    let b = start(&rig, &args)?;

    send_mix(&rig)?;
    let timeout = std::time::Duration::from_secs(20);
    same_ending(&a.wait(timeout)?, &b.wait(timeout)?, "worker", 1);
    let ra = same_records(&single, &threaded)?;
    if any {
        let cooked = ra.iter().filter(|r| r.data[..2] == [0x08, 0x00]).count();
        assert_eq!(cooked, 9000, "cooked v2 headers, protocol IPv4");
    } else {
        let tagged_in_file = ra.iter().filter(|r| r.data[12..14] == [0x81, 0x00]).count();
        assert_eq!(tagged_in_file, 2000, "VLAN tags put back");
    }

    let (ja, jb) = (read_stats(&single_stats)?, read_stats(&threaded_stats)?);
    for bucket in BUCKETS {
        assert_eq!(counter(&ja, bucket), counter(&jb, bucket), "{bucket}");
    }
    assert_eq!(counter(&ja, "received_by_filter"), 9000 + rejected);
    assert_eq!(counter(&ja, "captured"), 9000);
    assert_eq!(counter(&ja, "past_count_limit"), 0);
    assert_eq!(counter(&ja, "filtered_in_userspace"), rejected);
    assert_eq!(counter(&ja, "dropped_handoff"), 0);
    Ok(())
}

/// `taskset -c 0 capture --backend xdp` (one allowed CPU: the reader writes on its own thread)
/// and then `capture --backend xdp` (reader and writer threads), each on the same frames, with
/// a filter, a snaplen, VLAN-tagged frames among plain ones and `-c` ending the run: the same
/// records in the same order, the same file size, summaries and buckets. (XDP takes one program
/// per interface, so the two run one after the other.)
#[test]
fn xdp_one_cpu_reads_on_the_writer_thread_as_the_threaded_path_does() -> Result<()> {
    if std::thread::available_parallelism()?.get() < 2 {
        anyhow::bail!("this test compares one CPU with two: the machine has one");
    }
    let rig = Rig::new()?;
    let dir = TempDir::new("inline-xdp")?;
    let capture = env!("CARGO_BIN_EXE_capture");
    let mut runs = Vec::new();
    for (name, taskset) in [("single", true), ("threaded", false)] {
        let (out, js) = (
            dir.file(&format!("{name}.pcap")),
            dir.file(&format!("{name}.json")),
        );
        let mut args = if taskset {
            vec!["-c", "0", capture]
        } else {
            vec![]
        };
        args.extend_from_slice(&["-i", &rig.veth_b, "--backend", "xdp", "--notices"]);
        args.extend_from_slice(&["--stats-json", &js, "-w", &out, "-s", "250"]);
        args.extend_from_slice(&["-c", "9000", "not udp port 7"]);
        let run = if taskset {
            start_program(&rig, "taskset", &args)?
        } else {
            start(&rig, &args)?
        };
        send_mix(&rig)?;
        runs.push((run.wait(std::time::Duration::from_secs(20))?, out, js));
    }
    let [(a, fa, ja), (b, fb, jb)] = &runs[..] else {
        unreachable!("two runs")
    };
    same_ending(a, b, "reader", 0);
    let ra = same_records(fa, fb)?;
    let tagged_in_file = ra.iter().filter(|r| r.data[12..14] == [0x81, 0x00]).count();
    assert_eq!(tagged_in_file, 2000, "VLAN tags in place");
    assert!(
        ra.iter()
            .all(|r| r.data.len() == (r.wirelen as usize).min(250))
    );
    let (ja, jb) = (read_stats(ja)?, read_stats(jb)?);
    for bucket in BUCKETS {
        assert_eq!(counter(&ja, bucket), counter(&jb, bucket), "{bucket}");
    }
    assert_eq!(counter(&ja, "received_by_filter"), 9000);
    assert_eq!(counter(&ja, "captured"), 9000);
    assert_eq!(counter(&ja, "xdp_seen"), 9500);
    assert_eq!(counter(&ja, "dropped_handoff"), 0);
    Ok(())
}

/// Sends the frames both comparisons capture: 4000 plain ones, 2000 VLAN-tagged (id 0x123), 500
/// to port 7 and 3000 more. A filter that rejects port 7 takes 9000 of them; the last ends a run
/// with `-c 9000`.
fn send_mix(rig: &Rig) -> Result<()> {
    rig.send(&rig.frame_spec(200, 16, 1)?, 4000, Some(100_000))?;
    let mut tagged = rig.frame_spec(300, 4, 2)?;
    tagged.vlan = Some(0x0123);
    rig.send(&tagged, 2000, Some(100_000))?;
    let mut other_port = rig.frame_spec(100, 1, 3)?;
    other_port.dst_port = 7;
    rig.send(&other_port, 500, Some(100_000))?;
    rig.send(&rig.frame_spec(64, 8, 4)?, 3000, Some(100_000))?;
    Ok(())
}

/// Both runs ended alike (exit 0, the same summary of 9000 packets): the single-thread one `a`
/// writing on its `source`'s own thread (as its notices say), the threaded one `b` on CPU
/// `writer_cpu`.
fn same_ending(a: &Finished, b: &Finished, source: &str, writer_cpu: usize) {
    assert_eq!((a.code, b.code), (Some(0), Some(0)), "{a:?} {b:?}");
    let own_thread = format!("writer: the {source}'s own thread");
    assert!(
        a.stderr.iter().any(|l| l.contains(&own_thread)),
        "one CPU: the single-thread path ran: {:?}",
        a.stderr
    );
    let cpu = format!("writer: CPU {writer_cpu}");
    assert!(b.stderr.iter().any(|l| l.contains(&cpu)), "{:?}", b.stderr);
    assert_eq!(a.summary(), b.summary());
    assert_eq!(a.summary()[0], "9000 packets captured");
}

/// The files `single` and `threaded` have the same header and size and hold the same 9000
/// records in the same order, in time order; returns the first one's records.
fn same_records(single: &str, threaded: &str) -> Result<Vec<Record>> {
    let (la, sa, ra) = read_pcap(Path::new(single))?;
    let (lb, sb, rb) = read_pcap(Path::new(threaded))?;
    assert_eq!((la, sa), (lb, sb), "file headers");
    assert_eq!((ra.len(), rb.len()), (9000, 9000));
    let first_diff = ra
        .iter()
        .zip(&rb)
        .position(|(x, y)| x.data != y.data || x.wirelen != y.wirelen);
    assert_eq!(first_diff, None, "the same records in the same order");
    assert!(ra.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns));
    assert_eq!(
        std::fs::metadata(single)?.len(),
        std::fs::metadata(threaded)?.len()
    );
    Ok(ra)
}
