//! Live (root): the options of tcpdump's command line that act on a capture, each run beside
//! tcpdump on the same traffic in the rig's namespaces: `-f` and `-N` (which names are
//! printed), `--print` with `-w`, `--count`, `-J`/`-j`/`-I` on a veth, and `--immediate-mode`
//! (how soon a packet is printed).
mod support;

use std::{
    io::{BufRead, BufReader},
    path::Path,
    sync::mpsc,
    thread,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use anyhow::{Result, bail};
use capture_rig::Rig;
use support::{Finished, TempDir, assert_same_stderr, read_pcap, start, start_program, untimed};

/// A documentation address, outside the rig's /24: a "foreign" source for `-f`.
const FAR: [u8; 4] = [192, 0, 2, 1];

/// `n` UDP frames from `src` to the rig's unused address `.99` on `b`'s network.
fn frames_from(rig: &Rig, src: [u8; 4], n: u64) -> Result<Vec<Vec<u8>>> {
    let mut spec = rig.frame_spec(100, 1, 7)?;
    spec.src_ip = src;
    Ok((0..n)
        .map(|seq| {
            let mut f = Vec::new();
            spec.build(seq, &mut f);
            f
        })
        .collect())
}

/// Runs capture and tcpdump with `args` (each `OUT` replaced by a file of its own in `dir`),
/// sends `frames`, and waits for both to end by themselves (`-c`) or, with `interrupt`, stops
/// them. Requires the same exit code and stderr; returns both runs.
fn beside_tcpdump(
    rig: &Rig,
    dir: &TempDir,
    args: &[&str],
    frames: &[Vec<u8>],
    interrupt: bool,
) -> Result<(Finished, Finished)> {
    let with = |file: String| -> Vec<String> {
        args.iter()
            .map(|a| {
                if *a == "OUT" {
                    file.clone()
                } else {
                    (*a).to_owned()
                }
            })
            .collect()
    };
    let (a, b) = (
        with(dir.file("capture.pcap")),
        with(dir.file("tcpdump.pcap")),
    );
    let ours = start(rig, &a.iter().map(String::as_str).collect::<Vec<_>>())?;
    let theirs = start_program(
        rig,
        "tcpdump",
        &b.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    rig.send_frames(frames)?;
    let (ours, theirs) = if interrupt {
        // tcpdump's ring hands blocks over after its 1 s timeout.
        thread::sleep(Duration::from_millis(1500));
        (ours.interrupt()?, theirs.interrupt()?)
    } else {
        (
            ours.wait(Duration::from_secs(10))?,
            theirs.wait(Duration::from_secs(10))?,
        )
    };
    assert_eq!(
        ours.code, theirs.code,
        "exit code of {args:?}: {:?}",
        ours.stderr
    );
    assert_same_stderr(&ours, &theirs, args);
    Ok((ours, theirs))
}

/// `-f` prints addresses outside the interface's IPv4 network as numbers and names the others;
/// `-N` cuts names at their first dot; `-f` on an interface without an IPv4 address warns as
/// tcpdump warns.
#[test]
fn foreign_addresses_and_domains_as_tcpdump() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("foreign")?;
    let [a, b, c, _] = rig.ip_b;
    rig.set_hosts(&[
        ("near.example.org", rig.ip_a),
        ("far.example.org", FAR),
        ("dst.example.org", [a, b, c, 99]),
    ])?;
    let mut frames = frames_from(&rig, rig.ip_a, 2)?;
    frames.extend(frames_from(&rig, FAR, 2)?);
    let veth = rig.veth_b.as_str();
    for (flags, present, absent) in [
        (
            &["-f"][..],
            &["IP near.example.org.", "IP 192.0.2.1.", "dst.example.org."][..],
            &["far"][..],
        ),
        (
            &["-f", "-N"],
            &["IP near.", "IP 192.0.2.1.", " > dst."],
            &["example", "far"],
        ),
        (&["-N"], &["IP near.", "IP far.", " > dst."], &["example"]),
        (
            &[],
            &["IP near.example.org.", "IP far.example.org."],
            &["192.0.2.1"],
        ),
    ] {
        let mut args = vec!["-l", "-c", "4", "-i", veth];
        args.extend_from_slice(flags);
        let (ours, theirs) = beside_tcpdump(&rig, &dir, &args, &frames, false)?;
        let text = ours.stdout_text();
        assert_eq!(untimed(&text), untimed(&theirs.stdout_text()), "{args:?}");
        assert_eq!(text.lines().count(), 4, "{text}");
        for p in present {
            assert!(text.contains(p), "{args:?}: {p:?} in {text}");
        }
        for p in absent {
            assert!(!text.contains(p), "{args:?}: no {p:?} in {text}");
        }
    }
    // A veth pair inside b's namespace, up and without addresses (removed with the namespace).
    rig.exec(
        &rig.ns_b,
        &[
            "ip", "link", "add", "noaddr0", "type", "veth", "peer", "name", "noaddr1",
        ],
    )?;
    rig.exec(&rig.ns_b, &["ip", "link", "set", "noaddr0", "up"])?;
    let (ours, _) = beside_tcpdump(&rig, &dir, &["-f", "-i", "noaddr0"], &[], true)?;
    assert_eq!(
        ours.stderr[0],
        "capture: WARNING: foreign (-f) flag used but: noaddr0: no IPv4 address assigned"
    );
    Ok(())
}

/// `-w OUT --print` writes the packets and prints them (and `-v` then prints no `Got N`);
/// `--count` live prints no packets, and a newline when interrupted, as tcpdump.
#[test]
fn print_and_count_live_as_tcpdump() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("print-live")?;
    let frames = frames_from(&rig, rig.ip_a, 6)?;
    let veth = rig.veth_b.as_str();
    for verbose in [&[][..], &["-v"]] {
        let mut args = vec!["-n", "--print", "-w", "OUT", "-c", "6", "-i", veth];
        args.extend_from_slice(verbose);
        let (ours, theirs) = beside_tcpdump(&rig, &dir, &args, &frames, false)?;
        let text = ours.stdout_text();
        // -v prints each packet on two lines.
        assert_eq!(text.lines().count(), 6 * (1 + verbose.len()), "{text}");
        assert_eq!(untimed(&text), untimed(&theirs.stdout_text()));
        let (_, _, mine) = read_pcap(Path::new(&dir.file("capture.pcap")))?;
        let (_, _, tcpdumps) = read_pcap(Path::new(&dir.file("tcpdump.pcap")))?;
        let bytes = |recs: &[support::Record]| -> Vec<Vec<u8>> {
            recs.iter().map(|r| r.data.clone()).collect()
        };
        assert_eq!(bytes(&mine), bytes(&tcpdumps));
        assert_eq!(mine.len(), 6);
    }
    let (ours, theirs) = beside_tcpdump(
        &rig,
        &dir,
        &["--count", "-c", "6", "-i", veth],
        &frames,
        false,
    )?;
    assert_eq!(
        (ours.stdout_text(), theirs.stdout_text()),
        (String::new(), String::new())
    );
    assert_eq!(ours.summary()[0], "6 packets captured");
    let (ours, theirs) = beside_tcpdump(&rig, &dir, &["--count", "-i", veth], &frames, true)?;
    assert_eq!(
        (ours.stdout_text(), theirs.stdout_text()),
        ("\n".into(), "\n".into())
    );
    Ok(())
}

/// `-J` lists what the veth offers (host stamps only); `-j adapter` warns and captures with host
/// stamps; `-j host` just captures; `-I` is refused: all as tcpdump on the same veth.
#[test]
fn time_stamp_types_and_monitor_mode_on_veth() -> Result<()> {
    let rig = Rig::new()?;
    let dir = TempDir::new("tstamp")?;
    let veth = rig.veth_b.as_str();
    for args in [
        &["-J", "-i", veth][..],
        &["-I", "-i", veth],
        &["-I", "-j", "adapter", "-i", veth],
    ] {
        let run = |program: &str| -> Result<(Option<i32>, String, String)> {
            let out = rig.command(&rig.ns_b, program).args(args).output()?;
            Ok((
                out.status.code(),
                String::from_utf8(out.stdout)?,
                String::from_utf8(out.stderr)?.replace("tcpdump: ", "capture: "),
            ))
        };
        assert_eq!(
            run(env!("CARGO_BIN_EXE_capture"))?,
            run("tcpdump")?,
            "{args:?}"
        );
    }
    let frames = frames_from(&rig, rig.ip_a, 3)?;
    for stamp in ["adapter", "adapter_unsynced", "host"] {
        let args = ["-n", "-c", "3", "-j", stamp, "-i", veth];
        let (ours, theirs) = beside_tcpdump(&rig, &dir, &args, &frames, false)?;
        assert_eq!(untimed(&ours.stdout_text()), untimed(&theirs.stdout_text()));
        assert_eq!(ours.stdout_text().lines().count(), 3);
        let warned = ours.stderr[0].contains("When trying to set timestamp type");
        assert_eq!(warned, stamp != "host", "{:?}", ours.stderr);
    }
    Ok(())
}

/// How long after each packet's time stamp its line reached this process, in ms, for
/// `capture -l -tt -n ARGS` while 25 packets go by 40 ms apart.
fn print_delays(rig: &Rig, extra: &[&str]) -> Result<Vec<f64>> {
    let mut args = vec!["-l", "-tt", "-n", "-i", rig.veth_b.as_str()];
    args.extend_from_slice(extra);
    let mut run = start(rig, &args)?;
    let Some(out) = run.take_stdout() else {
        bail!("no stdout");
    };
    let (tx, rx) = mpsc::channel();
    let reader = thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            let Some(ts) = line.split(' ').next().and_then(|t| t.parse::<f64>().ok()) else {
                continue;
            };
            if tx.send((now.as_secs_f64() - ts) * 1000.0).is_err() {
                break;
            }
        }
    });
    rig.send(&rig.frame_spec(100, 1, 9)?, 25, Some(25))?;
    thread::sleep(Duration::from_millis(500));
    run.interrupt()?;
    let _ = reader.join();
    let mut delays: Vec<f64> = rx.try_iter().collect();
    delays.sort_by(f64::total_cmp);
    assert_eq!(delays.len(), 25, "{extra:?}");
    Ok(delays)
}

/// `--immediate-mode`: each packet is printed within a few milliseconds of its arrival (one
/// worker by default; with two, the quiet one moves its watermark every millisecond). Without
/// it, a quiet second worker holds the merge back by about 100 ms, which the measurement must
/// tell apart.
#[test]
fn immediate_mode_prints_each_packet_at_once() -> Result<()> {
    let rig = Rig::new()?;
    let median = |d: &[f64]| d[d.len() / 2];
    let one = median(&print_delays(&rig, &["--immediate-mode"])?);
    let two = median(&print_delays(
        &rig,
        &["--immediate-mode", "--workers", "2"],
    )?);
    let blocks = median(&print_delays(&rig, &["--workers", "2"])?);
    assert!(
        one < 10.0 && two < 50.0 && blocks > 90.0,
        "median delays: {one:.1} ms with --immediate-mode, {two:.1} ms with two workers, \
         {blocks:.1} ms without"
    );
    Ok(())
}
