//! Live (root): capture on a veth in a netns rig with the real binary and check every frame
//! and every counter exactly.
mod support;

use std::{collections::HashSet, path::Path, time::Duration};

use anyhow::Result;
use capture_rig::{Rig, frame::audit_fields};
use support::{TempDir, read_pcap, start};

fn stats(path: &str) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

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
    let s = stats(&js)?;
    assert_eq!(s["xdp_seen"], N);
    assert_eq!(s["not_delivered_to_socket"], 0);
    assert_eq!(s["captured"], N);
    assert_eq!(s["dropped_handoff"], 0);
    assert_eq!(s["dropped_writer"], 0);
    // Both workers got a share of the 64 flows (hash fanout).
    let capinfos = std::process::Command::new("capinfos")
        .args(["-M", "-c", &out])
        .output()?;
    assert!(
        String::from_utf8_lossy(&capinfos.stdout).contains("Number of packets:   1000000"),
        "{capinfos:?}"
    );
    Ok(())
}
