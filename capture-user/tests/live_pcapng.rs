//! Live (root): `--pcapng` from the real binary on a veth in a netns rig. The files hold every
//! captured frame, and their Interface Statistics Blocks carry the same drop counters as
//! `--stats-json`.
mod pcapng_check;
mod support;

use std::{collections::HashSet, time::Duration};

use anyhow::Result;
use capture_rig::{Rig, frame::audit_fields};
use pcapng_check::{
    FILTERACCEPT, IFDROP, IFRECV, OSDROP, Stats, USRDELIV, check_with_wireshark, parse,
};
use support::{TempDir, burst, read_stats, start};

/// The last file's statistics equal the final buckets of `--stats-json`.
fn assert_final_counters(st: &Stats, js: &serde_json::Value) {
    let get = |k: &str| js[k].as_u64().unwrap_or_else(|| panic!("{k} in {js}"));
    assert_eq!(st[&IFRECV], get("received_by_filter"), "{js}");
    assert_eq!(st[&FILTERACCEPT], get("received_by_filter"), "{js}");
    assert_eq!(st[&IFDROP], get("dropped_ring_full"), "{js}");
    assert_eq!(
        st[&OSDROP],
        get("dropped_handoff") + get("dropped_writer"),
        "{js}"
    );
    assert_eq!(st[&USRDELIV], get("captured"), "{js}");
}

/// A 64 KiB ring under an unpaced burst drops; the pcapng file holds exactly the captured
/// frames and its statistics block the drops, as `--stats-json` counts them.
#[test]
fn pcapng_statistics_carry_the_drop_counters() -> Result<()> {
    const N: u64 = 200_000;
    let rig = Rig::new()?;
    let dir = TempDir::new("ng-drops")?;
    let out = dir.file("d.pcapng");
    let args = [
        "-i",
        &rig.veth_b,
        "--workers",
        "1",
        "-B",
        "64",
        "--pcapng",
        "-w",
        &out,
    ];
    let (done, s) = burst(&rig, &dir, &args, N)?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    assert!(
        s["dropped_ring_full"].as_u64() > Some(0),
        "a 64 KiB ring must overflow under this burst: {s}"
    );
    let f = parse(&std::fs::read(&out)?);
    assert_eq!(f.interface.linktype, 1);
    assert_eq!(f.interface.snaplen, 262_144);
    assert_eq!(f.interface.name.as_deref(), Some(rig.veth_b.as_str()));
    assert_eq!(f.interface.tsresol, Some(6));
    assert_eq!(Some(f.packets.len() as u64), s["captured"].as_u64());
    let mut seen = HashSet::new();
    for p in &f.packets {
        let (nonce, seq) = audit_fields(&p.data).expect("a rig frame");
        assert!(nonce == 5 && seen.insert(seq), "frame {seq}");
        assert_eq!((p.wirelen, p.data.len()), (1000, 1000));
    }
    assert!(f.packets.windows(2).all(|w| w[0].ts <= w[1].ts));
    assert_final_counters(f.stats.as_ref().expect("statistics at exit"), &s);
    check_with_wireshark(&out, &vec![1000; f.packets.len()]);
    Ok(())
}

/// `-C 1 --pcapng` with two workers: every file is valid pcapng with its own header blocks,
/// the frames across all files are every frame sent, once, and each file's statistics are
/// the counters at its close (never decreasing; the last equal to `--stats-json`).
#[test]
fn pcapng_rotation_keeps_every_frame_and_counters_per_file() -> Result<()> {
    const N: u64 = 5000;
    let rig = Rig::new()?;
    let dir = TempDir::new("ng-rotate")?;
    let (out, js) = (dir.file("r"), dir.file("stats.json"));
    let run = start(
        &rig,
        &[
            "-i",
            &rig.veth_b,
            "--workers",
            "2",
            "--pcapng",
            "--time-stamp-precision",
            "nano",
            "-w",
            &out,
            "-C",
            "1",
            "--stats-json",
            &js,
        ],
    )?;
    rig.send(&rig.frame_spec(1000, 8, 9)?, N, Some(20_000))?;
    std::thread::sleep(Duration::from_millis(500));
    let done = run.interrupt()?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let s = read_stats(&js)?;
    assert_eq!(s["captured"].as_u64(), Some(N), "{s}");
    let mut seen = HashSet::new();
    let mut delivered = 0u64;
    let mut last: Option<Stats> = None;
    for name in ["r", "r1", "r2", "r3", "r4", "r5"] {
        let path = dir.file(name);
        let f = parse(&std::fs::read(&path)?);
        assert_eq!(f.interface.tsresol, Some(9), "{name}");
        assert_eq!(f.interface.name.as_deref(), Some(rig.veth_b.as_str()));
        for p in &f.packets {
            let (nonce, seq) = audit_fields(&p.data).expect("a rig frame");
            assert!(nonce == 9 && seen.insert(seq), "frame {seq} in {name}");
        }
        delivered += f.packets.len() as u64;
        let st = f.stats.expect("every file ends with statistics");
        // Packets written are counted by the writer itself: exact at each close.
        assert_eq!(st[&USRDELIV], delivered, "{name}");
        if let Some(prev) = &last {
            assert!(st[&IFRECV] >= prev[&IFRECV], "{name}");
        }
        check_with_wireshark(&path, &vec![1000; f.packets.len()]);
        last = Some(st);
    }
    assert!(!std::path::Path::new(&dir.file("r6")).exists());
    assert_eq!(delivered, N);
    assert_final_counters(&last.expect("files"), &s);
    Ok(())
}

/// `-w - --pcapng`: the stream on standard output is one complete pcapng file, statistics
/// block included.
#[test]
fn pcapng_to_stdout_ends_with_the_statistics() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("ng-stdout")?;
    let js = dir.file("stats.json");
    let run = start(
        &rig,
        &[
            "-i",
            &rig.veth_b,
            "-c",
            "20",
            "--pcapng",
            "-w",
            "-",
            "--stats-json",
            &js,
        ],
    )?;
    rig.send(&rig.frame_spec(90, 1, 2)?, 20, None)?;
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0), "{:?}", done.stderr);
    let f = parse(done.stdout_bytes());
    assert_eq!(f.packets.len(), 20);
    assert!(f.packets.iter().all(|p| p.wirelen == 90));
    assert_final_counters(
        f.stats.as_ref().expect("statistics at exit"),
        &read_stats(&js)?,
    );
    Ok(())
}

/// SIGKILL: no statistics block (capture had no chance to close the file), but the file is
/// valid pcapng up to its last packet, and that is every packet older than a second.
#[test]
fn pcapng_killed_capture_leaves_a_readable_file() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("ng-kill")?;
    let out = dir.file("k.pcapng");
    let run = start(&rig, &["-i", &rig.veth_b, "--pcapng", "-w", &out])?;
    rig.send(&rig.frame_spec(200, 4, 3)?, 1000, None)?;
    std::thread::sleep(Duration::from_millis(2500));
    run.signal(libc::SIGKILL);
    let done = run.wait(Duration::from_secs(10))?;
    assert_eq!(done.code, None, "killed");
    let f = parse(&std::fs::read(&out)?);
    assert!(f.stats.is_none());
    assert_eq!(f.packets.len(), 1000);
    check_with_wireshark(&out, &[200; 1000]);
    Ok(())
}
