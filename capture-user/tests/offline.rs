//! `capture -r`: the binary reads a file, filters, counts, and reports a damaged file as tcpdump
//! does (what was readable, then one line on stderr and exit status 1).
use std::path::PathBuf;
use std::process::Command;

mod filter_cases;

/// A pcap file with `n` Ethernet/IPv4/UDP packets from 10.0.0.1:1000+i to 10.0.0.2:2000.
fn pcap(n: usize) -> Vec<u8> {
    let mut f = Vec::new();
    for v in [0xa1b2c3d4u32, 0x0004_0002, 0, 0, 262_144, 1] {
        f.extend_from_slice(&v.to_le_bytes());
    }
    // The version words are two u16s: 2, 4.
    f[4..8].copy_from_slice(&[2, 0, 4, 0]);
    for i in 0..n {
        let mut p = vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00];
        let sport = 1000 + i as u16;
        let ip = [
            0x45, 0, 0, 29, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        p.extend_from_slice(&ip);
        p.extend_from_slice(&sport.to_be_bytes());
        p.extend_from_slice(&[0x07, 0xd0, 0, 9, 0, 0, b'x']);
        for v in [1_700_000_000 + i as u32, 0, p.len() as u32, p.len() as u32] {
            f.extend_from_slice(&v.to_le_bytes());
        }
        f.extend_from_slice(&p);
    }
    f
}

/// A directory of one test's own under the system temp dir, removed with what it holds when the
/// test ends, also when it fails (the signal test's input alone is 300 MB).
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("capture-offline-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, data: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, data).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_capture"))
        .env("TZ", "UTC")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn prints_counts_and_filters() {
    let dir = Scratch::new("prints_counts_and_filters");
    let path = dir.write("three.pcap", &pcap(3));
    let p = path.to_str().unwrap();
    let (out, err, code) = run(&["-n", "-r", p]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        format!("reading from file {p}, link-type EN10MB (Ethernet), snapshot length 262144\n")
    );
    assert_eq!(
        out.lines().next().unwrap(),
        "22:13:20.000000 IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 1"
    );
    assert_eq!(out.lines().count(), 3);
    let (out, _, _) = run(&["-n", "-c", "2", "-r", p]);
    assert_eq!(out.lines().count(), 2);
    let (out, _, _) = run(&["-n", "-t", "-r", p, "udp src port 1001"]);
    assert_eq!(out, "IP 10.0.0.1.1001 > 10.0.0.2.2000: UDP, length 1\n");
}

#[test]
fn damaged_files_print_what_was_readable_then_fail() {
    let dir = Scratch::new("damaged_files_print_what_was_readable_then_fail");
    let full = pcap(2);
    let path = dir.write("cut.pcap", &full[..full.len() - 5]);
    let (out, err, code) = run(&["-n", "-t", "-r", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 1\n");
    assert!(
        err.ends_with(
            "capture: pcap_loop: truncated dump file; tried to read 43 captured bytes, only got 38\n"
        ),
        "{err}"
    );

    let path = dir.write("junk.pcap", b"this is not a capture file at all");
    let (out, err, code) = run(&["-r", path.to_str().unwrap()]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "capture: unknown file format\n", 1)
    );

    let (_, err, code) = run(&["-r", "/nonexistent/file.pcap"]);
    assert_eq!(
        (err.as_str(), code),
        (
            "capture: /nonexistent/file.pcap: No such file or directory\n",
            1
        )
    );
}

#[test]
fn bad_filter_is_one_line() {
    let dir = Scratch::new("bad_filter_is_one_line");
    let path = dir.write("one.pcap", &pcap(1));
    let (_, err, code) = run(&["-r", path.to_str().unwrap(), "tcp", "port"]);
    assert_eq!(code, 1);
    assert!(
        err.ends_with("capture: can't parse filter expression: syntax error\n"),
        "{err}"
    );
}

/// `capture -r FILE EXPR` keeps exactly the records `tcpdump -r FILE EXPR` keeps, for every
/// expression of the XDP filter tests, over their frames, every third one cut to 60 bytes (its
/// wire length kept, as a record cut at the snaplen): both write what they keep with `-w -`,
/// and the files must be the same bytes.
#[test]
fn filters_keep_what_tcpdump_keeps() {
    let dir = Scratch::new("filters_keep_what_tcpdump_keeps");
    let mut file = Vec::new();
    for v in [0xa1b2c3d4u32, 0x0004_0002, 0, 0, 262_144, 1] {
        file.extend_from_slice(&v.to_le_bytes());
    }
    file[4..8].copy_from_slice(&[2, 0, 4, 0]);
    let frames = filter_cases::frames();
    for (i, (_, frame)) in frames.iter().enumerate() {
        let caplen = if i % 3 == 2 {
            frame.len().min(60)
        } else {
            frame.len()
        };
        for v in [
            1_700_000_000 + i as u32,
            i as u32,
            caplen as u32,
            frame.len() as u32,
        ] {
            file.extend_from_slice(&v.to_le_bytes());
        }
        file.extend_from_slice(&frame[..caplen]);
    }
    let path = dir.write("filter-cases.pcap", &file);
    let p = path.to_str().unwrap();
    let (mut kept, mut some_rejected) = (0, 0);
    for expr in filter_cases::FILTERS {
        let ours = Command::new(env!("CARGO_BIN_EXE_capture"))
            .args(["-r", p, "-w", "-", expr])
            .output()
            .unwrap();
        let theirs = Command::new("tcpdump")
            .args(["-r", p, "-w", "-", expr])
            .output()
            .expect(
                "tcpdump 4.99.3 is the reference and must be installed (cargo xtask test does)",
            );
        assert!(theirs.status.success(), "tcpdump {expr:?}: {theirs:?}");
        assert_eq!(ours.status.code(), Some(0), "{expr:?}: {ours:?}");
        assert!(
            ours.stdout == theirs.stdout,
            "{expr:?}: capture wrote {} bytes, tcpdump {}",
            ours.stdout.len(),
            theirs.stdout.len()
        );
        let records = theirs.stdout.len() > 24;
        kept += usize::from(records);
        some_rejected += usize::from(theirs.stdout.len() < file.len());
    }
    assert!(
        kept > 30 && some_rejected > 30,
        "both decisions taken ({kept} expressions kept some, {some_rejected} rejected some)"
    );
}

/// Runs `program ARGS` (which read a file too large to be read in `after`), signals `sig`
/// after `after`, and returns its exit code, stdout (written to a file: a pipe's reader would
/// set the pace) and stderr with the program's name as capture's. Under
/// `env --default-signal=HUP`, whatever SIGHUP's disposition the test harness inherited
/// (tcpdump leaves an ignored SIGHUP ignored).
fn interrupted(
    dir: &Scratch,
    program: &str,
    args: &[&str],
    sig: i32,
    after: std::time::Duration,
) -> (Option<i32>, String, String) {
    use std::time::{Duration, Instant};
    let stdout = dir.write(&format!("stdout-{sig}"), b"");
    let mut child = Command::new("env")
        .arg("--default-signal=HUP")
        .arg(program)
        .args(args)
        .env("TZ", "UTC")
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    // SAFETY: kill(2) on the child this test started and has not reaped.
    unsafe { libc::kill(child.id() as i32, sig) };
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{program} {args:?} went on after signal {sig}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    let out = String::from_utf8(std::fs::read(&stdout).unwrap()).unwrap();
    (status.code(), out, err.replace("tcpdump: ", "capture: "))
}

/// SIGINT, SIGTERM and SIGHUP end the reading of a file as they end tcpdump's (its
/// `pcap_breakloop`): exit 0, nothing more on stderr, printed lines ending with one more
/// newline (not with `-w`), `--count` saying how many were read, and a `-w` file that
/// tcpdump reads whole. How far each got depends on its speed; everything else is compared
/// with tcpdump run the same way.
#[test]
fn a_signal_ends_the_reading_as_it_ends_tcpdumps() {
    let dir = Scratch::new("a_signal_ends_the_reading_as_it_ends_tcpdumps");
    const N: usize = 5_000_000;
    let input = dir.write("large.pcap", &pcap(N));
    let input = input.to_str().unwrap();
    let after = std::time::Duration::from_millis(100);
    for (sig, args) in [
        (libc::SIGINT, &["-n", "-r", input][..]),
        (libc::SIGTERM, &["--count", "-r", input]),
        (libc::SIGHUP, &["-r", input, "-w"]),
    ] {
        let mut shapes = Vec::new();
        for (program, name) in [
            (env!("CARGO_BIN_EXE_capture"), "capture"),
            ("tcpdump", "tcpdump"),
        ] {
            let out = dir.write(&format!("{name}-interrupted.pcap"), b"");
            let out = out.to_str().unwrap().to_owned();
            let mut all = args.to_vec();
            if all.last() == Some(&"-w") {
                all.push(&out);
            }
            if name == "tcpdump" {
                // Debian's tcpdump gives up root for its own user, who cannot write here.
                all.extend(["-Z", "root"]);
            }
            let (code, stdout, stderr) = interrupted(&dir, program, &all, sig, after);
            // How far it got, in packets: lines printed, the count, or records written.
            let read = match sig {
                libc::SIGINT => {
                    assert!(
                        stdout.ends_with("\n\n"),
                        "{name}: {:?}",
                        &stdout[stdout.len().saturating_sub(80)..]
                    );
                    stdout.lines().filter(|l| !l.is_empty()).count()
                }
                libc::SIGTERM => {
                    let n = stdout
                        .strip_prefix('\n')
                        .and_then(|s| s.strip_suffix(" packets\n"));
                    n.unwrap_or_else(|| panic!("{name}: {stdout:?}"))
                        .parse()
                        .unwrap()
                }
                _ => {
                    assert_eq!(stdout, "", "{name}");
                    let (rc, text, _) = tcpdump_reads(&out);
                    assert_eq!(rc, Some(0), "tcpdump reads {name}'s file whole");
                    text.lines().count()
                }
            };
            assert!(read > 0 && read < N, "{name} stopped after {read} of {N}");
            shapes.push((code, stderr));
        }
        assert_eq!(
            shapes[0], shapes[1],
            "signal {sig}, {args:?}: capture's, tcpdump's"
        );
        assert_eq!(shapes[0].0, Some(0));
    }
}

/// `tcpdump -r FILE`: exit code, stdout, stderr.
fn tcpdump_reads(path: &str) -> (Option<i32>, String, String) {
    let out = Command::new("tcpdump")
        .args(["-n", "-r", path])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A stop signal while the reading waits for a pipe's next bytes (`ssh host tcpdump -w - |
/// tcpdump -r -`, then Ctrl-C): tcpdump's handlers do not restart its read, which fails with
/// EINTR, so it says `pcap_loop: error reading dump file: Interrupted system call`, exits 1,
/// reads nothing that comes after, prints no closing newline, and with `-V` goes on to the
/// next file. Beside tcpdump, standard input and a FIFO in a `-V` list: exit code, stdout,
/// stderr and the `-w` file.
#[test]
fn a_signal_while_waiting_on_a_pipe_ends_the_read_as_tcpdumps() {
    use std::io::Write;
    use std::process::Stdio;
    use std::time::Duration;
    let dir = Scratch::new("a_signal_while_waiting_on_a_pipe");
    // Four records, then four more that come only after the signal.
    let (first, rest) = {
        let all = pcap(8);
        let cut = pcap(4).len();
        (all[..cut].to_vec(), all[cut..].to_vec())
    };
    let regular = dir.write("regular.pcap", &pcap(3));
    let fifo = dir.0.join("fifo");
    let list = dir.write(
        "list",
        format!("{}\n{}\n", fifo.display(), regular.display()).as_bytes(),
    );
    let cases: [&[&str]; 4] = [
        &["-n", "-r", "-"],
        &["--count", "-r", "-"],
        &["-r", "-", "-w"],
        &["-n", "-V", list.to_str().unwrap()],
    ];
    for args in cases {
        let mut seen = Vec::new();
        for program in [env!("CARGO_BIN_EXE_capture"), "tcpdump"] {
            let out = dir.0.join("out.pcap");
            let _ = std::fs::remove_file(&out);
            let mut all: Vec<&str> = args.to_vec();
            if all.last() == Some(&"-w") {
                all.push(out.to_str().unwrap());
            }
            if program == "tcpdump" {
                all.extend(["-Z", "root"]);
            }
            let via_fifo = args.contains(&"-V");
            if via_fifo {
                let _ = std::fs::remove_file(&fifo);
                let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
                assert!(made.success());
            }
            let mut child = Command::new(program)
                .args(&all)
                .env("TZ", "UTC")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut pipe: Box<dyn Write> = if via_fifo {
                Box::new(std::fs::OpenOptions::new().write(true).open(&fifo).unwrap())
            } else {
                Box::new(child.stdin.take().unwrap())
            };
            pipe.write_all(&first).unwrap();
            pipe.flush().unwrap();
            // Long enough for the four records to be read and the next read to wait.
            std::thread::sleep(Duration::from_millis(500));
            // SAFETY: kill(2) on the child this test started and has not reaped.
            unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
            std::thread::sleep(Duration::from_millis(300));
            // Read by neither (the program may have closed the pipe already).
            let _ = pipe.write_all(&rest);
            drop(pipe);
            let done = child.wait_with_output().unwrap();
            let written = std::fs::read(&out).ok();
            seen.push((
                done.status.code(),
                String::from_utf8_lossy(&done.stdout).into_owned(),
                String::from_utf8_lossy(&done.stderr).replace("tcpdump: ", "capture: "),
                written,
            ));
        }
        assert_eq!(seen[0], seen[1], "{args:?}: capture's, tcpdump's");
        assert!(
            seen[0].2.contains("Interrupted system call"),
            "{args:?}: {}",
            seen[0].2
        );
    }
}
