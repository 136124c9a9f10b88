//! Live (root): capture records the frames tcpdump records, no more and no fewer, with tcpdump
//! run beside it on the same traffic as the oracle.
mod support;

use std::{path::Path, time::Duration};

use anyhow::Result;
use capture_rig::{Rig, frame::checksum};
use support::{Finished, Record, TempDir, read_pcap, start, start_program};

/// Builds IP datagrams between two fixed addresses of the rig's subnet and cuts them into
/// fragments, each an Ethernet frame from `veth_a` to `veth_b`.
struct Frames {
    dst_mac: [u8; 6],
    src_mac: [u8; 6],
    src: [u8; 4],
    dst: [u8; 4],
    out: Vec<Vec<u8>>,
    id: u16,
}

impl Frames {
    fn ether(&self, vlan: Option<u16>, ethertype: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = Vec::with_capacity(payload.len() + 18);
        f.extend_from_slice(&self.dst_mac);
        f.extend_from_slice(&self.src_mac);
        if let Some(tci) = vlan {
            f.extend_from_slice(&[0x81, 0x00]);
            f.extend_from_slice(&tci.to_be_bytes());
        }
        f.extend_from_slice(&ethertype.to_be_bytes());
        f.extend_from_slice(payload);
        f
    }

    /// The transport header and payload of a datagram of protocol `proto` with `len` bytes
    /// after the header (ports `sport` > 9).
    fn transport(proto: u8, sport: u16, len: usize) -> Vec<u8> {
        let mut t = match proto {
            17 => {
                let mut h = sport.to_be_bytes().to_vec();
                h.extend_from_slice(&9u16.to_be_bytes());
                h.extend_from_slice(&((len + 8) as u16).to_be_bytes());
                h.extend_from_slice(&[0, 0]);
                h
            }
            6 => {
                let mut h = sport.to_be_bytes().to_vec();
                h.extend_from_slice(&9u16.to_be_bytes());
                h.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0x20, 0, 0, 0, 0, 0]);
                h
            }
            _ => vec![8, 0, 0, 0, (sport >> 8) as u8, sport as u8, 0, 1],
        };
        t.extend((0..len).map(|i| (i as u8).wrapping_mul(7)));
        t
    }

    /// IPv4 fragments of one datagram: `cuts` are (offset, length) pairs of the payload, in
    /// the order they are sent (offsets multiple of 8; they may overlap or come reversed).
    fn ipv4(&mut self, proto: u8, body: &[u8], cuts: &[(usize, usize)], vlan: Option<u16>) {
        self.id = self.id.wrapping_add(1);
        for &(off, len) in cuts {
            let last = off + len >= body.len();
            let part = &body[off..(off + len).min(body.len())];
            let mut ip = vec![0x45, 0];
            ip.extend_from_slice(&((20 + part.len()) as u16).to_be_bytes());
            ip.extend_from_slice(&self.id.to_be_bytes());
            let frag = (off / 8) as u16 | if last { 0 } else { 0x2000 };
            ip.extend_from_slice(&frag.to_be_bytes());
            ip.extend_from_slice(&[64, proto, 0, 0]);
            ip.extend_from_slice(&self.src);
            ip.extend_from_slice(&self.dst);
            let sum = checksum(&ip);
            ip[10..12].copy_from_slice(&sum.to_be_bytes());
            ip.extend_from_slice(part);
            let f = self.ether(vlan, 0x0800, &ip);
            self.out.push(f);
        }
    }

    /// IPv6 fragments (Fragment header, RFC 8200) of one datagram, as [`Frames::ipv4`].
    fn ipv6(&mut self, proto: u8, body: &[u8], cuts: &[(usize, usize)], vlan: Option<u16>) {
        self.id = self.id.wrapping_add(1);
        let v6 = |a: [u8; 4]| {
            let mut x = [0u8; 16];
            x[..2].copy_from_slice(&[0xfd, 0x00]);
            x[12..].copy_from_slice(&a);
            x
        };
        for &(off, len) in cuts {
            let last = off + len >= body.len();
            let part = &body[off..(off + len).min(body.len())];
            let mut ip = vec![0x60, 0, 0, 0];
            ip.extend_from_slice(&((8 + part.len()) as u16).to_be_bytes());
            ip.extend_from_slice(&[44, 64]);
            ip.extend_from_slice(&v6(self.src));
            ip.extend_from_slice(&v6(self.dst));
            ip.extend_from_slice(&[proto, 0]);
            ip.extend_from_slice(&((off as u16) | u16::from(!last)).to_be_bytes());
            ip.extend_from_slice(&u32::from(self.id).to_be_bytes());
            ip.extend_from_slice(part);
            let f = self.ether(vlan, 0x86dd, &ip);
            self.out.push(f);
        }
    }

    /// A whole (unfragmented) IPv4 datagram.
    fn whole(&mut self, proto: u8, body: &[u8]) {
        self.ipv4(proto, body, &[(0, body.len())], None);
    }
}

/// Datagrams of UDP, TCP and ICMP, over IPv4 and IPv6, cut in order, reversed, overlapping,
/// into tiny pieces and behind a VLAN tag, between whole datagrams of the same flows.
fn fragment_mix(rig: &Rig) -> Result<Vec<Vec<u8>>> {
    let [a, b, c, _] = rig.ip_b;
    let mut m = Frames {
        dst_mac: rig.mac(&rig.ns_b, &rig.veth_b)?,
        src_mac: rig.mac(&rig.ns_a, &rig.veth_a)?,
        src: rig.ip_a,
        dst: [a, b, c, 99],
        out: Vec::new(),
        id: 0x4000,
    };
    for round in 0..6u16 {
        for proto in [17u8, 6, 1] {
            let sport = 20000 + round;
            let body = Frames::transport(proto, sport, 3500);
            let n = body.len();
            let v4 = [(0, 1480), (1480, 1480), (2960, n - 2960)];
            m.whole(proto, &Frames::transport(proto, sport, 100));
            m.ipv4(proto, &body, &v4, None);
            m.ipv4(proto, &body, &[v4[2], v4[1], v4[0]], None);
            m.ipv4(
                proto,
                &body,
                &[(0, 1480), (1400, 1480), (2880, n - 2880)],
                None,
            );
            let tiny: Vec<(usize, usize)> = (0..8)
                .map(|i| (i * 8, 8))
                .chain([(64, 1416), v4[1], v4[2]])
                .collect();
            m.ipv4(proto, &body, &tiny, None);
            // Frames stay within the MTU with the tag: 1472-byte pieces.
            let tagged = [(0, 1472), (1472, 1472), (2944, n - 2944)];
            m.ipv4(proto, &body, &tagged, Some(0x0064));
            let v6 = [(0, 1448), (1448, 1448), (2896, n - 2896)];
            m.ipv6(proto, &body, &v6, None);
            m.ipv6(proto, &body, &[v6[2], v6[1], v6[0]], None);
            m.ipv6(proto, &body, &v6, Some(0x0065));
        }
    }
    Ok(m.out)
}

/// Runs capture (`--workers W`) and tcpdump side by side on the rig with `filter`, sends
/// `frames`, and returns both files' records.
fn side_by_side(
    rig: &Rig,
    dir: &TempDir,
    workers: &str,
    filter: &[&str],
    frames: &[Vec<u8>],
) -> Result<(Vec<Record>, Vec<Record>)> {
    let (ours, theirs) = (
        dir.file(&format!("capture-{workers}.pcap")),
        dir.file("tcpdump.pcap"),
    );
    let mut args = vec!["-i", &rig.veth_b, "--workers", workers, "-w", &ours];
    args.extend_from_slice(filter);
    let capture = start(rig, &args)?;
    // Immediate mode: libpcap would otherwise hold the last block for its 1 s timeout.
    let mut args = vec!["-i", &rig.veth_b, "--immediate-mode", "-w", &theirs];
    args.extend_from_slice(filter);
    let tcpdump = start_program(rig, "tcpdump", &args)?;
    send_paced(rig, frames)?;
    let (c, t) = (capture.interrupt()?, tcpdump.interrupt()?);
    assert_eq!(
        (c.code, t.code),
        (Some(0), Some(0)),
        "{:?} {:?}",
        c.stderr,
        t.stderr
    );
    Ok((
        read_pcap(Path::new(&ours))?.2,
        read_pcap(Path::new(&theirs))?.2,
    ))
}

/// Fragments reach the file with 2 and 4 workers: every frame tcpdump records, byte for byte,
/// with the same timestamps, in time order (PACKET_FANOUT_FLAG_DEFRAG would hold them back).
#[test]
fn fragments_under_fanout_are_all_recorded() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("frags")?;
    let frames = fragment_mix(&rig)?;
    for filter in [&[][..], &["udp"], &["tcp", "or", "not", "tcp"]] {
        for workers in ["2", "4"] {
            let (ours, theirs) = side_by_side(&rig, &dir, workers, filter, &frames)?;
            if filter.is_empty() {
                // The oracle itself saw every frame sent, in order.
                assert_eq!(theirs.len(), frames.len(), "tcpdump saw every frame sent");
                let first_diff = frames.iter().zip(&theirs).position(|(f, r)| *f != r.data);
                assert_eq!(first_diff, None, "tcpdump saw the frames as sent");
            }
            assert!(!theirs.is_empty());
            assert_eq!(
                ours.len(),
                theirs.len(),
                "--workers {workers}, filter {filter:?}: capture wrote {} frames, tcpdump {}",
                ours.len(),
                theirs.len()
            );
            // Each socket stamps a frame as it receives it, so times differ from tcpdump's
            // by microseconds; the frames and their order do not.
            let first_diff = ours
                .iter()
                .zip(&theirs)
                .position(|(o, t)| o.data != t.data || o.wirelen != t.wirelen);
            assert_eq!(first_diff, None, "--workers {workers}, filter {filter:?}");
            assert!(
                ours.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns),
                "--workers {workers}, filter {filter:?}: records in time order"
            );
        }
    }
    Ok(())
}

/// Runs capture and tcpdump with the same `args` in the capture namespace while `traffic`
/// runs there, and returns both runs. An argument `OUT` names each program's own file in `dir`
/// (`capture.pcap`, `tcpdump.pcap`).
fn both(
    rig: &Rig,
    dir: &TempDir,
    args: &[&str],
    traffic: impl Fn() -> Result<()> + Send,
) -> Result<(Finished, Finished)> {
    let with_file = |program: &str| -> Vec<String> {
        let file = dir.file(&format!("{program}.pcap"));
        args.iter()
            .map(|a| {
                if *a == "OUT" {
                    file.clone()
                } else {
                    a.to_string()
                }
            })
            .collect()
    };
    let (ours, theirs) = (with_file("capture"), with_file("tcpdump"));
    let capture = start(rig, &ours.iter().map(String::as_str).collect::<Vec<_>>())?;
    let tcpdump = start_program(
        rig,
        "tcpdump",
        &theirs.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    rig.in_ns(&rig.ns_b, traffic)?;
    // libpcap hands a TPACKET_V3 block over after its 1 s timeout (immediate mode would take
    // TPACKET_V2, whose `-i any` frames are sized for the wrong device here).
    std::thread::sleep(Duration::from_millis(1500));
    Ok((capture.interrupt()?, tcpdump.interrupt()?))
}

/// Ten UDP datagrams to 127.0.0.1, to a socket that reads them (so no ICMP comes back).
fn ten_datagrams_to_loopback() -> Result<()> {
    let rx = std::net::UdpSocket::bind("127.0.0.1:0")?;
    let tx = std::net::UdpSocket::bind("127.0.0.1:0")?;
    for i in 0..10u8 {
        tx.send_to(&[i; 20], rx.local_addr()?)?;
    }
    Ok(())
}

/// On `lo` and on `any`, each loopback packet is recorded once, as tcpdump records it, and the
/// three summary lines match tcpdump's (20 received by filter, 10 captured), in files and in
/// printed output.
#[test]
fn loopback_packets_are_recorded_once() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("lo")?;
    for iface in ["lo", "any"] {
        let args = ["-i", iface, "-w", "OUT", "udp"];
        let (c, t) = both(&rig, &dir, &args, ten_datagrams_to_loopback)?;
        assert_eq!(c.summary(), t.summary(), "-i {iface} -w");
        assert_eq!(c.summary()[0], "10 packets captured", "-i {iface} -w");
        assert_eq!(
            c.summary()[1],
            "20 packets received by filter",
            "-i {iface} -w"
        );
        let ours = read_pcap(Path::new(&dir.file("capture.pcap")))?.2;
        let theirs = read_pcap(Path::new(&dir.file("tcpdump.pcap")))?.2;
        assert_eq!(ours.len(), 10, "-i {iface}: records in the file");
        let data =
            |recs: &[Record]| -> Vec<Vec<u8>> { recs.iter().map(|r| r.data.clone()).collect() };
        assert_eq!(data(&ours), data(&theirs), "-i {iface}: tcpdump's records");

        let args = ["-i", iface, "-n", "-t", "udp"];
        let (c, t) = both(&rig, &dir, &args, ten_datagrams_to_loopback)?;
        assert_eq!(c.summary(), t.summary(), "-i {iface}, printed");
        let printed = c.stdout_text().lines().filter(|l| !l.is_empty()).count();
        assert_eq!(printed, 10, "-i {iface}: lines printed");
        assert_eq!(c.stdout_text(), t.stdout_text(), "-i {iface}: printed");
    }
    Ok(())
}

/// Sends `frames` to the rig in small bursts (the receiving backlog, 1000 frames, must never
/// overflow) and gives the capture time to write them.
fn send_paced(rig: &Rig, frames: &[Vec<u8>]) -> Result<()> {
    for burst in frames.chunks(32) {
        rig.send_frames(burst)?;
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(300));
    Ok(())
}

/// Filters with a backward jump (`protochain`): the kernel refuses them as socket filters, so
/// the AF_PACKET workers run them in user space, as libpcap does (with tcpdump's warning), and
/// select what tcpdump selects live; the XDP backend runs them translated, with a bounded loop,
/// and selects what `tcpdump -r` selects from the same frames (tags in place: notes §9).
#[test]
fn protochain_filters_select_what_tcpdump_selects() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("protochain")?;
    let frames = fragment_mix(&rig)?;
    let all = dir.file("all.pcap");
    for filter in [
        "protochain 6",
        "protochain 17",
        "ip protochain 1",
        "ip6 protochain 17",
    ] {
        let words: Vec<&str> = filter.split(' ').collect();
        // On `-i any` the kernel's form of the program skips the cooked header; refused, the
        // program runs in user space over the packet with its cooked header, as libpcap runs it.
        let veth = rig.veth_b.as_str();
        for (backend, iface) in [("afpacket", veth), ("xdp", veth), ("afpacket", "any")] {
            let (ours, theirs) = (dir.file("capture.pcap"), dir.file("tcpdump.pcap"));
            let js = dir.file("stats.json");
            let mut args = vec![
                "-i",
                iface,
                "--backend",
                backend,
                "-w",
                &ours,
                "--stats-json",
                &js,
            ];
            args.extend_from_slice(&words);
            let capture = start(&rig, &args)?;
            // A buffer as large as capture's ring: tcpdump's default 2 MiB overflows on `any`.
            let mut args = vec!["-i", iface, "-B", "65536", "--immediate-mode", "-w"];
            if backend == "afpacket" {
                args.push(&theirs);
                args.extend_from_slice(&words);
            } else {
                args.push(&all);
            }
            let tcpdump = start_program(&rig, "tcpdump", &args)?;
            send_paced(&rig, &frames)?;
            let (c, t) = (capture.interrupt()?, tcpdump.interrupt()?);
            assert_eq!((c.code, t.code), (Some(0), Some(0)), "{c:?} {t:?}");
            if backend == "xdp" {
                let mut offline = vec!["-r", &all, "-w", &theirs];
                offline.extend_from_slice(&words);
                let out = std::process::Command::new("tcpdump")
                    .args(&offline)
                    .output()?;
                assert!(out.status.success(), "{out:?}");
            }
            let (ours, theirs) = (
                read_pcap(Path::new(&ours))?.2,
                read_pcap(Path::new(&theirs))?.2,
            );
            assert!(!theirs.is_empty(), "{filter}: tcpdump selected frames");
            assert_eq!(
                ours.len(),
                theirs.len(),
                "{filter} -i {iface} --backend {backend}"
            );
            let same = ours.iter().zip(&theirs).all(|(o, t)| o.data == t.data);
            assert!(
                same,
                "{filter} -i {iface} --backend {backend}: the frames tcpdump selected"
            );
            if backend == "afpacket" {
                assert_eq!(c.summary(), t.summary(), "{filter}: summary");
                // Every frame reached the socket; those the filter rejects are counted apart.
                let s = support::read_stats(&js)?;
                assert_eq!(
                    support::counter(&s, "received_by_filter"),
                    frames.len() as u64
                );
                assert_eq!(
                    support::counter(&s, "filtered_in_userspace"),
                    (frames.len() - ours.len()) as u64,
                    "{filter}: rejected in user space"
                );
                let warning = "Warning: Kernel filter failed: Invalid argument";
                assert!(t.stderr.iter().any(|l| l == warning), "{:?}", t.stderr);
                assert!(c.stderr.iter().any(|l| l == warning), "{:?}", c.stderr);
            }
        }
    }
    Ok(())
}

/// On `-i any`, a filter on the cooked header's link-layer address has no kernel form: it runs
/// in user space over the cooked header, as libpcap runs it, and selects what tcpdump selects.
#[test]
fn cooked_address_filters_run_in_user_space() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("cooked")?;
    // The loopback device's address (bytes 12.. of the cooked header) is all zeros.
    for (expr, n) in [("link[12:4] = 0 and udp", 10), ("link[12] = 2 and udp", 0)] {
        let mut args = vec!["-i", "any", "-w", "OUT"];
        args.extend(expr.split(' '));
        let (c, t) = both(&rig, &dir, &args, ten_datagrams_to_loopback)?;
        assert_eq!(c.summary(), t.summary(), "{expr}");
        let ours = read_pcap(Path::new(&dir.file("capture.pcap")))?.2;
        let theirs = read_pcap(Path::new(&dir.file("tcpdump.pcap")))?.2;
        assert_eq!((ours.len(), theirs.len()), (n, n), "{expr}");
        assert!(
            ours.iter().zip(&theirs).all(|(o, t)| o.data == t.data),
            "{expr}"
        );
    }
    Ok(())
}

/// Owner uid, owner gid and permission bits of `path`.
fn owner_and_mode(path: &str) -> Result<(u32, u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path)?;
    Ok((m.uid(), m.gid(), m.mode() & 0o7777))
}

/// `-Z nobody -w FILE` in a directory only root may write: as tcpdump, the first file is
/// created before root is given up and handed to the user (owner and mode as tcpdump's), and
/// the capture runs as the user; with `-C` every file is the user's to create, so both refuse
/// with the same line and exit code.
#[test]
fn relinquished_privileges_and_a_root_only_directory() -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let rig = Rig::new()?;
    let dir = TempDir::new("rootonly")?;
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o755))?;
    let nobody = std::process::Command::new("id")
        .args(["-u", "nobody"])
        .output()?;
    let nobody_uid: u32 = String::from_utf8_lossy(&nobody.stdout).trim().parse()?;

    let (ours, theirs) = (dir.file("capture.pcap"), dir.file("tcpdump.pcap"));
    let capture = start(&rig, &["-i", &rig.veth_b, "-Z", "nobody", "-w", &ours])?;
    let status = std::fs::read_to_string(format!("/proc/{}/status", capture.pid()))?;
    let uid_line = status
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .unwrap_or_default();
    assert!(
        uid_line
            .split_whitespace()
            .skip(1)
            .all(|u| u == nobody_uid.to_string()),
        "capture runs as nobody: {uid_line}"
    );
    let tcpdump = start_program(
        &rig,
        "tcpdump",
        &["-i", &rig.veth_b, "-Z", "nobody", "-w", &theirs],
    )?;
    let (c, t) = (capture.interrupt()?, tcpdump.interrupt()?);
    assert_eq!((c.code, t.code), (Some(0), Some(0)), "{c:?} {t:?}");
    assert_eq!(owner_and_mode(&ours)?, owner_and_mode(&theirs)?);
    assert_eq!(owner_and_mode(&ours)?.0, nobody_uid);

    let ours = dir.file("c-capture.pcap");
    let theirs = dir.file("c-tcpdump.pcap");
    let run = |program: &str, file: &str| {
        rig.command(&rig.ns_b, program)
            .args(["-i", &rig.veth_b, "-Z", "nobody", "-C", "1", "-w", file])
            .output()
    };
    let (c, t) = (
        run(env!("CARGO_BIN_EXE_capture"), &ours)?,
        run("tcpdump", &theirs)?,
    );
    assert_eq!(c.status.code(), t.status.code());
    assert_eq!(c.status.code(), Some(1));
    let c_err = String::from_utf8_lossy(&c.stderr).into_owned();
    let t_err = String::from_utf8_lossy(&t.stderr).replace("tcpdump: ", "capture: ");
    assert_eq!(
        c_err.replace("c-capture", "FILE"),
        t_err.replace("c-tcpdump", "FILE")
    );
    assert_eq!(c_err, format!("capture: {ours}: Permission denied\n"));
    assert!(!Path::new(&ours).exists());
    Ok(())
}
