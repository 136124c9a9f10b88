//! Live (root): the seed commands of DESIGN.md §1 that capture, run verbatim with the rig's
//! interface in place of eth0 and the rig's hosts in place of the tutorials' names.
mod support;

use std::{path::Path, time::Duration};

use anyhow::Result;
use capture_rig::Rig;
use support::{Finished, TempDir, assert_same_stderr, read_pcap, start, start_program, untimed};

/// TCP destination or source port of an Ethernet/IPv4/TCP frame.
fn tcp_ports(frame: &[u8]) -> Option<(u16, u16)> {
    if frame.len() < 38 || frame[12..14] != [8, 0] || frame[23] != 6 {
        return None;
    }
    let l4 = 14 + usize::from(frame[14] & 0x0f) * 4;
    let p = |at: usize| u16::from_be_bytes([frame[at], frame[at + 1]]);
    Some((p(l4), p(l4 + 2)))
}

/// Runs `capture ARGS` and `tcpdump ARGS` (with `OUT` replaced by a file of each one's own in
/// `dir`) side by side while `traffic` runs; stderr must be the same. Returns both runs.
fn with_tcpdump(
    rig: &Rig,
    dir: &TempDir,
    args: &[&str],
    traffic: impl FnOnce() -> Result<()>,
) -> Result<(Finished, Finished)> {
    let ours_file = dir.file("capture.out");
    let theirs_file = dir.file("tcpdump.out");
    let with = |file: &str| -> Vec<String> {
        args.iter()
            .map(|a| {
                if *a == "OUT" {
                    file.to_owned()
                } else {
                    (*a).to_owned()
                }
            })
            .collect()
    };
    let (a, b) = (with(&ours_file), with(&theirs_file));
    let ours = start(rig, &a.iter().map(String::as_str).collect::<Vec<_>>())?;
    let theirs = start_program(
        rig,
        "tcpdump",
        &b.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    traffic()?;
    // tcpdump's ring hands blocks over after its 1 s timeout (capture's after 10 ms).
    std::thread::sleep(Duration::from_millis(1500));
    let (ours, theirs) = (ours.interrupt()?, theirs.interrupt()?);
    assert_same_stderr(&ours, &theirs, args);
    Ok((ours, theirs))
}

/// `capture -p -s0 -w tcpdump.cap` (default interface: the only one up in the namespace).
#[test]
fn seed_no_promisc_full_snaplen_to_file() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("seed-p")?;
    let cap = dir.file("capture.out");
    let (done, _) = with_tcpdump(&rig, &dir, &["-p", "-s0", "-w", "OUT"], || {
        rig.send(&rig.frame_spec(300, 2, 11)?, 100, None).map(drop)
    })?;
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
    let cap = dir.file("capture.out");
    let args = ["-i", &rig.veth_b, "-nn", "-c9", "port", "80", "-w", "OUT"];
    let ours = start(
        &rig,
        &args.map(|a| if a == "OUT" { cap.as_str() } else { a }),
    )?;
    let theirs_file = dir.file("tcpdump.out");
    let theirs = start_program(
        &rig,
        "tcpdump",
        &args.map(|a| if a == "OUT" { theirs_file.as_str() } else { a }),
    )?;
    rig.send(&rig.frame_spec(100, 4, 1)?, 50, None)?;
    assert_eq!(rig.refused_connections(80, 6)?, 6);
    let done = ours.wait(Duration::from_secs(20))?;
    let theirs = theirs.wait(Duration::from_secs(20))?;
    assert_eq!(done.code, Some(0));
    assert_same_stderr(&done, &theirs, &args);
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
    let f = dir.file("capture.out");
    let args = [
        "-w", "OUT", "-s", "1500", "tcp", "port", "21", "and", "host", "client",
    ];
    let (done, _) = with_tcpdump(&rig, &dir, &args, || {
        rig.send(&rig.frame_spec(100, 4, 1)?, 50, None)?;
        assert_eq!(rig.refused_connections(21, 3)?, 3);
        assert_eq!(rig.refused_connections(22, 2)?, 2);
        Ok(())
    })?;
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

/// Runs `capture ARGS` and `tcpdump ARGS` side by side on the same traffic and requires the
/// same stdout, byte for byte but for the timestamps.
fn same_as_tcpdump(
    rig: &Rig,
    args: &[&str],
    traffic: impl FnOnce() -> Result<()>,
) -> Result<String> {
    let ours = start(rig, args)?;
    let theirs = support::start_program(rig, "tcpdump", args)?;
    traffic()?;
    // tcpdump's ring hands blocks over after its 1 s timeout (capture's after 10 ms).
    std::thread::sleep(Duration::from_millis(1500));
    let (ours, theirs) = (ours.interrupt()?, theirs.interrupt()?);
    assert_eq!(ours.code, Some(0), "{:?}", ours.stderr);
    assert_same_stderr(&ours, &theirs, args);
    let text = ours.stdout_text();
    assert_eq!(
        untimed(&text),
        untimed(&theirs.stdout_text()),
        "capture {args:?} prints what tcpdump prints\nours: {:?}\ntcpdump: {:?}",
        ours.stderr,
        theirs.stderr
    );
    assert!(!text.is_empty());
    Ok(text)
}

fn rig_with_names() -> Result<Rig> {
    let rig = Rig::new()?;
    rig.set_hosts(&[("client", rig.ip_a), ("workstation5", rig.ip_b)])?;
    Ok(rig)
}

/// `capture port 110`, `capture -X port 995`, `capture dst host workstation5`.
#[test]
fn seed_printing_commands_match_tcpdump() -> Result<()> {
    let rig = rig_with_names()?;
    let out = same_as_tcpdump(&rig, &["port", "110"], || {
        assert_eq!(rig.refused_connections(110, 2)?, 2);
        Ok(())
    })?;
    assert!(
        out.contains("client.") && out.contains("workstation5.pop3: Flags [S]"),
        "{out}"
    );
    same_as_tcpdump(&rig, &["-X", "port", "995"], || {
        rig.refused_connections(995, 2).map(drop)
    })?;
    same_as_tcpdump(&rig, &["dst", "host", "workstation5"], || {
        rig.refused_connections(80, 2).map(drop)
    })?;
    Ok(())
}

/// `capture -nn host ADDR and port 23`, `capture -nne host client and port 21`.
#[test]
fn seed_numeric_and_link_level_match_tcpdump() -> Result<()> {
    let rig = rig_with_names()?;
    let [a, b, c, d] = rig.ip_a;
    let host = format!("{a}.{b}.{c}.{d}");
    same_as_tcpdump(&rig, &["-nn", "host", &host, "and", "port", "23"], || {
        rig.refused_connections(23, 3).map(drop)
    })?;
    let out = same_as_tcpdump(
        &rig,
        &["-nne", "host", "client", "and", "port", "21"],
        || rig.refused_connections(21, 2).map(drop),
    )?;
    assert!(out.contains("ethertype IPv4 (0x0800)"), "{out}");
    Ok(())
}

/// `capture -i eth0 -v -c5` and `capture -i eth0 -c 10` end by themselves after N packets.
#[test]
fn seed_count_commands_match_tcpdump() -> Result<()> {
    let rig = rig_with_names()?;
    for args in [
        &["-i", rig.veth_b.as_str(), "-v", "-c5"][..],
        &["-i", rig.veth_b.as_str(), "-c", "10"],
    ] {
        let ours = start(&rig, args)?;
        let theirs = support::start_program(&rig, "tcpdump", args)?;
        rig.refused_connections(80, 6)?;
        let (ours, theirs) = (
            ours.wait(Duration::from_secs(10))?,
            theirs.wait(Duration::from_secs(10))?,
        );
        assert_eq!(ours.code, Some(0));
        assert_same_stderr(&ours, &theirs, args);
        assert_eq!(
            untimed(&ours.stdout_text()),
            untimed(&theirs.stdout_text()),
            "{args:?}"
        );
        let n = if args.contains(&"-c5") { 5 } else { 10 };
        assert_eq!(ours.summary()[0], format!("{n} packets captured"));
    }
    Ok(())
}
