//! Live (root): devices whose packets are not Ethernet-framed, the link types `-L` offers and
//! `-y` picks, and the refusals before a capture starts, each beside tcpdump on the same
//! device as the oracle.
mod support;

use std::{path::Path, time::Duration};

use anyhow::Result;
use capture_rig::{Rig, Tun, frame::checksum};
use support::{
    Record, TempDir, assert_same_stderr, counter, read_pcap, read_stats, start, start_program,
    untimed,
};

/// Runs `program ARGS` to its end in the capturing namespace: exit code, stdout, and stderr
/// with the program's name as capture's.
fn one_shot(rig: &Rig, program: &str, args: &[&str]) -> Result<(Option<i32>, String, String)> {
    let out = rig.command(&rig.ns_b, program).args(args).output()?;
    let err = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| l.replacen("tcpdump: ", "capture: ", 1) + "\n")
        .collect();
    Ok((
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        err,
    ))
}

/// `args` end capture and tcpdump alike: the same exit code, stdout and stderr.
fn same_one_shot(rig: &Rig, args: &[&str]) -> Result<()> {
    let ours = one_shot(rig, env!("CARGO_BIN_EXE_capture"), args)?;
    let theirs = one_shot(rig, "tcpdump", args)?;
    assert_eq!(ours, theirs, "{args:?}");
    Ok(())
}

/// An IPv4 (or, for odd `i`, IPv6) UDP datagram from a peer of the tun's subnet to an address
/// there that nobody owns: the namespace does not forward, so it drops it without a reply.
fn datagram(tun: &Tun, i: usize) -> Vec<u8> {
    let [a, b, c, _] = tun.ip;
    let payload: Vec<u8> = (0..20 + i % 300).map(|k| (k * 7 + i) as u8).collect();
    let mut udp = 4000u16.to_be_bytes().to_vec();
    udp.extend_from_slice(&(5000 + (i % 16) as u16).to_be_bytes());
    udp.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    udp.extend_from_slice(&[0, 0]);
    udp.extend_from_slice(&payload);
    if i % 2 == 1 {
        let mut ip = vec![0x60, 0, 0, 0];
        ip.extend_from_slice(&(udp.len() as u16).to_be_bytes());
        ip.extend_from_slice(&[17, 64]);
        for last in [2, 99] {
            ip.extend_from_slice(&[0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, b, c, last]);
        }
        ip.extend_from_slice(&udp);
        return ip;
    }
    let mut ip = vec![0x45, 0];
    ip.extend_from_slice(&((20 + udp.len()) as u16).to_be_bytes());
    ip.extend_from_slice(&(i as u16).to_be_bytes());
    ip.extend_from_slice(&[0, 0, 64, 17, 0, 0, a, b, c, 2, a, b, c, 99]);
    let sum = checksum(&ip);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    ip.extend_from_slice(&udp);
    ip
}

/// Both files hold the same records (time stamps aside: each socket stamps its own), in the
/// same order; a difference is reported by its position, not by printing every record.
fn assert_same_records(ours: &[Record], theirs: &[Record]) {
    let first_difference = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| (a.wirelen, &a.data) != (b.wirelen, &b.data));
    assert_eq!(
        (ours.len(), first_difference),
        (theirs.len(), None),
        "records: ours, tcpdump's; the first that differs"
    );
}

/// Records with capture and tcpdump side by side: each runs `args` and `-w` its own file
/// (capture `extra` too), `send` runs once both listen, and both stop after tcpdump's 1 s block
/// timeout. Without `--immediate-mode`: libpcap then rings tun with 8 frames of the whole snap
/// length and drops most of a burst. Both files must have link type `linktype` and the same
/// records; capture's come back.
fn record_beside_tcpdump(
    rig: &Rig,
    dir: &TempDir,
    args: &[&str],
    extra: &[&str],
    linktype: u32,
    send: impl FnOnce() -> Result<()>,
) -> Result<Vec<Record>> {
    let (ours, theirs) = (dir.file("capture.pcap"), dir.file("tcpdump.pcap"));
    let mut ours_args = args.to_vec();
    ours_args.extend(["-w", &ours]);
    ours_args.extend_from_slice(extra);
    let mut theirs_args = args.to_vec();
    theirs_args.extend(["-w", &theirs]);
    let capture = start(rig, &ours_args)?;
    let tcpdump = start_program(rig, "tcpdump", &theirs_args)?;
    send()?;
    std::thread::sleep(Duration::from_millis(1500));
    let (c, t) = (capture.interrupt()?, tcpdump.interrupt()?);
    assert_eq!((c.code, t.code), (Some(0), Some(0)), "{c:?} {t:?}");
    let (ours, theirs) = (read_pcap(Path::new(&ours))?, read_pcap(Path::new(&theirs))?);
    assert_eq!(
        (ours.0, theirs.0),
        (linktype, linktype),
        "link types of the files"
    );
    assert_same_records(&ours.2, &theirs.2);
    Ok(ours.2)
}

/// Prints with capture and tcpdump side by side (`args` end with `-c N`; `send` runs once both
/// listen): the same lines, time stamps aside, the same stderr and exit. Returns capture's
/// output.
fn print_beside_tcpdump(
    rig: &Rig,
    args: &[&str],
    send: impl FnOnce() -> Result<()>,
) -> Result<String> {
    let capture = start(rig, args)?;
    let tcpdump = start_program(rig, "tcpdump", args)?;
    send()?;
    let (c, t) = (
        capture.wait(Duration::from_secs(10))?,
        tcpdump.wait(Duration::from_secs(10))?,
    );
    assert_eq!((c.code, t.code), (Some(0), Some(0)), "{c:?} {t:?}");
    assert_eq!(untimed(&c.stdout_text()), untimed(&t.stdout_text()));
    assert_same_stderr(&c, &t, args);
    Ok(c.stdout_text())
}

/// A tun device (WireGuard's and OpenVPN's kind) is captured as tcpdump captures it: link-type
/// RAW (Raw IP) in `-L`, the banner and the file, the same records, the same printed lines and
/// summary, and an ingress count that is exact.
#[test]
fn a_tun_device_is_captured_as_raw_ip() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("tun")?;
    let [_, _, net, _] = rig.ip_b;
    let tun = Tun::create(
        &rig,
        &format!("ctun{}", std::process::id() % 100_000),
        [10, 251, net, 1],
    )?;
    same_one_shot(&rig, &["-L", "-i", &tun.name])?;
    same_one_shot(&rig, &["-i", &tun.name, "-y", "EN10MB", "-c", "1"])?;

    const N: usize = 300;
    let js = dir.file("stats.json");
    let send = |n| (0..n).try_for_each(|i| tun.send(&datagram(&tun, i)));
    let records = record_beside_tcpdump(
        &rig,
        &dir,
        &["-i", &tun.name],
        &["--stats-json", &js],
        101,
        || send(N),
    )?;
    assert_eq!(records.len(), N);
    let stats = read_stats(&js)?;
    assert_eq!(counter(&stats, "captured"), N as u64);
    assert_eq!(counter(&stats, "xdp_seen"), N as u64, "{stats}");

    let text = print_beside_tcpdump(&rig, &["-i", &tun.name, "-n", "-v", "-c", "40"], || {
        send(40)
    })?;
    let packets = text
        .lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .count();
    assert_eq!(packets, 40);
    Ok(())
}

/// Devices whose link header libpcap does not record, PPP and (as one of the types libpcap has
/// no link type for) GRE, are captured as tcpdump captures them: Linux cooked v1 alone in `-L`
/// (`-y LINUX_SLL2` refused), the banner and the file; the same records both ways, with and
/// without a filter the kernel runs, the same printed lines; an exact ingress count.
#[test]
fn ppp_and_gre_devices_are_captured_as_linux_cooked_v1() -> Result<()> {
    const N: usize = 200;
    let rig = Rig::new()?;
    let [_, _, net, _] = rig.ip_b;
    for (arphrd, kind) in [(512u16, "ppp"), (778, "gre")] {
        let dir = TempDir::new(kind)?;
        let name = format!("c{kind}{}", std::process::id() % 100_000);
        let tun = Tun::create_as(&rig, &name, [10, 252, net, 1], Some(arphrd))?;
        same_one_shot(&rig, &["-L", "-i", &name])?;
        same_one_shot(&rig, &["-i", &name, "-y", "LINUX_SLL2", "-c", "1"])?;
        // Every fourth datagram to the device's own address, which answers with an ICMP
        // error going out: both directions are in the capture.
        let packet = |i: usize| {
            let mut p = datagram(&tun, i);
            if i.is_multiple_of(4) {
                p[19] = tun.ip[3];
                p[10..12].fill(0);
                let sum = checksum(&p[..20]);
                p[10..12].copy_from_slice(&sum.to_be_bytes());
            }
            p
        };
        let send = |n| (0..n).try_for_each(|i| tun.send(&packet(i)));
        let js = dir.file("stats.json");
        let args = ["-i", name.as_str()];
        let records =
            record_beside_tcpdump(&rig, &dir, &args, &["--stats-json", &js], 113, || send(N))?;
        // sll_pkttype (0: to us, 4: outgoing) and sll_hatype, the device's type.
        let inbound = records.iter().filter(|r| r.data[..2] == [0, 0]).count();
        let outbound = records.iter().filter(|r| r.data[..2] == [0, 4]).count();
        assert_eq!((inbound, inbound + outbound), (N, records.len()), "{kind}");
        assert!(outbound > 0, "{kind}: no ICMP error went out");
        assert!(
            records.iter().all(|r| r.data[2..4] == arphrd.to_be_bytes()),
            "{kind}: hatype"
        );
        let stats = read_stats(&js)?;
        assert_eq!(counter(&stats, "captured"), records.len() as u64, "{stats}");
        assert_eq!(counter(&stats, "xdp_seen"), N as u64, "{stats}");

        let filtered = record_beside_tcpdump(
            &rig,
            &dir,
            &["-i", &name, "udp", "and", "inbound"],
            &[],
            113,
            || send(N),
        )?;
        assert_eq!(filtered.len(), N, "{kind}");
        print_beside_tcpdump(&rig, &["-i", &name, "-n", "-e", "-c", "30"], || send(30))?;
    }
    Ok(())
}

/// Two names libpcap treats apart on an Ethernet device, as tcpdump does: `isdn*` is captured
/// cooked (Linux cooked v1 and v2 offered, v1 recorded, the filter fixed up for the kernel),
/// `cdma_rmnet*` as raw IP. The rig's veth is renamed to each in turn.
#[test]
fn ethernet_devices_named_isdn_or_cdma_rmnet_as_libpcap_takes_them() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("names")?;
    let spec = rig.frame_spec(200, 4, 12)?;
    let mut dev = rig.veth_b.clone();
    let pid = std::process::id() % 100_000;
    for (name, linktype, filter) in [
        (format!("isdn{pid}"), 113, Some("udp")),
        (format!("cdma_rmnet{pid}"), 101, None),
    ] {
        for step in [
            &["link", "set", &dev, "down"][..],
            &["link", "set", &dev, "name", &name],
            &["link", "set", &name, "up"],
        ] {
            let mut argv = vec!["ip"];
            argv.extend_from_slice(step);
            rig.exec(&rig.ns_b, &argv)?;
        }
        dev = name;
        same_one_shot(&rig, &["-L", "-i", &dev])?;
        let mut args = vec!["-i", dev.as_str()];
        args.extend(filter);
        let records = record_beside_tcpdump(&rig, &dir, &args, &[], linktype, || {
            rig.send(&spec, 50, None).map(drop)
        })?;
        assert!(records.len() >= 50, "{dev}: {}", records.len());
        if filter.is_some() {
            assert_eq!(records.len(), 50, "{dev}");
        }
    }
    Ok(())
}

/// An Ethernet device offers DOCSIS as well, as libpcap's list has it: `-L` says so, and
/// `-y DOCSIS` records the same frames under that link type, as tcpdump does.
#[test]
fn docsis_is_offered_and_recorded_on_ethernet() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("docsis")?;
    same_one_shot(&rig, &["-L", "-i", &rig.veth_b])?;
    same_one_shot(&rig, &["-L", "-i", "lo"])?;
    same_one_shot(&rig, &["-i", &rig.veth_b, "-y", "DOCSIS", "udp"])?;
    same_one_shot(&rig, &["-i", &rig.veth_b, "-y", "RAW", "-c", "1"])?;
    let records = record_beside_tcpdump(
        &rig,
        &dir,
        &["-i", &rig.veth_b, "-y", "DOCSIS"],
        &[],
        143,
        || rig.send(&rig.frame_spec(200, 4, 11)?, 100, None).map(drop),
    )?;
    assert_eq!(records.len(), 100);
    Ok(())
}

/// What stops a capture before it starts reads as tcpdump's: a device that is down (with and
/// without an expression, and for `-L`), and an expression that does not compile. And with
/// the device down, the device chosen without `-i`.
#[test]
fn refusals_before_the_capture_read_as_tcpdumps() -> Result<()> {
    let rig = Rig::new()?;
    let dev = rig.veth_b.clone();
    same_one_shot(&rig, &["-i", &dev, "not a filter", "-c", "1"])?;
    same_one_shot(&rig, &["-i", &dev, "-w", "/dev/null", "ip and", "-c", "1"])?;
    rig.exec(&rig.ns_b, &["ip", "link", "set", &dev, "down"])?;
    for args in [
        &["-i", &dev, "-c", "1"][..],
        &["-i", &dev, "-c", "1", "udp"],
        &["-i", &dev, "-L"],
        &["-i", &dev, "-y", "EN10MB", "-w", "/dev/null"],
    ] {
        same_one_shot(&rig, args)?;
    }
    // With its one other device down, the default device is `any`, in libpcap's default link
    // type: tcpdump asks for cooked v2 only when `-i any` is typed.
    let (c, t) = (
        start(&rig, &["-n"])?,
        start_program(&rig, "tcpdump", &["-n"])?,
    );
    let (c, t) = (c.interrupt()?, t.interrupt()?);
    assert_same_stderr(&c, &t, &["-n"]);
    assert!(
        c.stderr
            .iter()
            .any(|l| l.starts_with("listening on any, link-type LINUX_SLL (Linux cooked v1)")),
        "{:?}",
        c.stderr
    );
    Ok(())
}

/// `any` offers Linux cooked v1 and v2 (`-L`), records v2 unless `-y LINUX_SLL` asks for v1,
/// and in v1 puts the VLAN tag the kernel took out back into the header, as libpcap does: the
/// same records as tcpdump's, with a filter that runs in the kernel, and the same lines.
#[test]
fn any_records_linux_cooked_v1_with_its_vlan_tags() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("sll1")?;
    same_one_shot(&rig, &["-L", "-i", "any"])?;
    let plain = rig.frame_spec(120, 4, 21)?;
    let tagged = capture_rig::frame::FrameSpec {
        vlan: Some(0x2064),
        ..plain
    };
    let records = record_beside_tcpdump(
        &rig,
        &dir,
        &["-i", "any", "-y", "LINUX_SLL", "udp"],
        &[],
        113,
        || {
            rig.send(&plain, 50, None)?;
            rig.send(&tagged, 50, None).map(drop)
        },
    )?;
    assert_eq!(records.len(), 100);
    let tags = records
        .iter()
        .filter(|r| r.data[14..18] == [0x81, 0x00, 0x20, 0x64])
        .count();
    assert_eq!(
        tags, 50,
        "the tag in the cooked header, before the protocol"
    );
    print_beside_tcpdump(
        &rig,
        &["-i", "any", "-y", "LINUX_SLL", "-n", "-e", "-c", "20"],
        || rig.send(&tagged, 20, None).map(drop),
    )?;
    Ok(())
}
