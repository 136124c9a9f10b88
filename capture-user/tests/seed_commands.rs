//! Live (root): the seed commands of DESIGN.md §1 that capture, run verbatim with the rig's
//! interface in place of eth0 and the rig's hosts in place of the tutorials' names.
mod support;

use std::{path::Path, time::Duration};

use anyhow::Result;
use capture_rig::Rig;
use support::{TempDir, read_pcap, start};

/// TCP destination or source port of an Ethernet/IPv4/TCP frame.
fn tcp_ports(frame: &[u8]) -> Option<(u16, u16)> {
    if frame.len() < 38 || frame[12..14] != [8, 0] || frame[23] != 6 {
        return None;
    }
    let l4 = 14 + usize::from(frame[14] & 0x0f) * 4;
    let p = |at: usize| u16::from_be_bytes([frame[at], frame[at + 1]]);
    Some((p(l4), p(l4 + 2)))
}

/// `capture -p -s0 -w tcpdump.cap` (default interface: the only one up in the namespace).
#[test]
fn seed_no_promisc_full_snaplen_to_file() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("seed-p")?;
    let cap = dir.file("tcpdump.cap");
    let run = start(&rig, &["-p", "-s0", "-w", &cap])?;
    rig.send(&rig.frame_spec(300, 2, 11)?, 100, None)?;
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(done.summary()[0], "100 packets captured");
    let (_, snaplen, recs) = read_pcap(Path::new(&cap))?;
    assert_eq!((snaplen, recs.len()), (262_144, 100));
    Ok(())
}

/// `capture -i eth0 -nn -c9 port 80 -w capture.pcap`
#[test]
fn seed_count_port_80_to_file() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("seed-c9")?;
    let cap = dir.file("capture.pcap");
    let run = start(
        &rig,
        &["-i", &rig.veth_b, "-nn", "-c9", "port", "80", "-w", &cap],
    )?;
    rig.send(&rig.frame_spec(100, 4, 1)?, 50, None)?;
    assert_eq!(rig.refused_connections(80, 6)?, 6);
    let done = run.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0));
    assert_eq!(done.summary()[0], "9 packets captured");
    let (_, _, recs) = read_pcap(Path::new(&cap))?;
    assert_eq!(recs.len(), 9);
    assert!(
        recs.iter()
            .all(|r| matches!(tcp_ports(&r.data), Some((s, d)) if s == 80 || d == 80))
    );
    Ok(())
}

/// `capture -w f -s 1500 tcp port 21 and host client`
#[test]
fn seed_ftp_from_client_to_file() -> Result<()> {
    let rig = Rig::new()?;
    rig.set_hosts(&[("client", rig.ip_a)])?;
    let dir = TempDir::new("seed-ftp")?;
    let f = dir.file("f");
    let run = start(
        &rig,
        &[
            "-w", &f, "-s", "1500", "tcp", "port", "21", "and", "host", "client",
        ],
    )?;
    rig.send(&rig.frame_spec(100, 4, 1)?, 50, None)?;
    assert_eq!(rig.refused_connections(21, 3)?, 3);
    assert_eq!(rig.refused_connections(22, 2)?, 2);
    std::thread::sleep(Duration::from_millis(300));
    let done = run.interrupt()?;
    assert_eq!(
        done.summary()[0],
        "6 packets captured",
        "3 SYNs and 3 RSTs on port 21"
    );
    let (_, snaplen, recs) = read_pcap(Path::new(&f))?;
    assert_eq!((snaplen, recs.len()), (1500, 6));
    Ok(())
}

/// A host name the rig does not know is libpcap's error, one line, exit 1, nothing opened.
#[test]
fn unknown_host_is_one_line_and_exit_1() -> Result<()> {
    let rig = Rig::new()?;
    let out = rig
        .command(&rig.ns_b, env!("CARGO_BIN_EXE_capture"))
        .args(["dst", "host", "workstation5"])
        .output()?;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown host 'workstation5'"), "{err}");
    Ok(())
}
