//! The real binary against tcpdump 4.99.3 for what needs no capture: the command line (every
//! option, every mistake, the usage), `-d/-dd/-ddd` (with `-O`), and reading files (`--count`,
//! `-V`, `--print`, `-u`).
mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

fn run(bin: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(bin).args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Exit code, stdout and stderr of a run.
type Outcome = (Option<i32>, Vec<u8>, Vec<u8>);

/// The command for `program`: capture under the name `capture`, as a user types it, so glibc's
/// messages carry that name.
fn command(program: &str) -> Command {
    if program == "capture" {
        let mut c = Command::new(env!("CARGO_BIN_EXE_capture"));
        c.arg0("capture");
        c
    } else {
        Command::new(program)
    }
}

/// Runs `program ARGS` (see [`command`]), with `stdin` as standard input and `env` set.
fn outcome<S: AsRef<OsStr>>(
    program: &str,
    args: &[S],
    stdin: &[u8],
    env: &[(&str, &str)],
) -> Outcome {
    use std::io::Write;
    let mut child = command(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // A program that exits without reading its input closes the pipe: not a failure here.
    let _ = child.stdin.take().expect("piped").write_all(stdin);
    let out = child.wait_with_output().expect("ends");
    (out.status.code(), out.stdout, out.stderr)
}

/// tcpdump's output as capture prints it: its name in capture's place, and capture's version
/// lines (`capture version X`, libpcap's line; no crypto library line) in place of tcpdump's.
fn as_capture(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let mut out = String::new();
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("tcpdump version ") {
            out.push_str(&format!("capture version {}\n", env!("CARGO_PKG_VERSION")));
            out.push_str(lines.next().unwrap_or_default());
            if lines.peek().is_some_and(|l| l.starts_with("OpenSSL ")) {
                lines.next();
            }
        } else if let Some(rest) = line.strip_prefix("tcpdump: ") {
            out.push_str(&format!("capture: {rest}"));
        } else if let Some(rest) = line.strip_prefix("Usage: tcpdump ") {
            out.push_str(&format!("Usage: capture {rest}"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Runs tcpdump and capture with `args`, `stdin` and `env`, and requires the same exit code,
/// stdout and stderr (as [`as_capture`] renames tcpdump's).
fn same_as_tcpdump<S: AsRef<OsStr> + std::fmt::Debug>(
    args: &[S],
    stdin: &[u8],
    env: &[(&str, &str)],
) {
    let theirs = outcome("tcpdump", args, stdin, env);
    let ours = outcome("capture", args, stdin, env);
    assert_same_outcome(args, &ours, &theirs);
}

/// capture's outcome of `args` is tcpdump's: exit code, stderr and stdout.
fn assert_same_outcome<S: std::fmt::Debug>(args: &[S], ours: &Outcome, theirs: &Outcome) {
    assert_eq!(
        ours.0,
        theirs.0,
        "exit code of {args:?}: {}",
        String::from_utf8_lossy(&ours.2)
    );
    assert_eq!(
        String::from_utf8_lossy(&ours.2),
        as_capture(&theirs.2),
        "stderr of {args:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&ours.1),
        as_capture(&theirs.1),
        "stdout of {args:?}"
    );
}

/// A file of tcpdump's own test suite (vendored).
fn corpus(name: &str) -> String {
    format!(
        "{}/tests/data/conformance/tcpdump-4.99.3-suite/tests/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A fresh temporary directory, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("capture-cli-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const FILTERS: &[&str] = &[
    "tcp port 80 and host 10.0.0.1",
    "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
    "ether[0:4] / 2 = 1 or ether[1] % 3 = 1 or ether[2] ^ 4 = 1 or ether[3] << 2 = 4 or ether[3] >> 1 = 4 or ether[3] | 1 = 1 or -ether[2] = 3 or ip[2]*ip[3] = 4",
    "ip6 and udp portrange 1000-2000",
    "vlan 100 and (icmp or arp)",
    "len > 500 or ether broadcast or ip multicast",
    "net 10.1.0.0/16 and not src host 10.1.2.3",
    "ip[6:2] & 0x1fff != 0",
    "ip6 protochain 6",
];

/// `-d`, `-dd`, `-ddd`, with and without the optimizer (`-O`): tcpdump's dump of each filter.
#[test]
fn filter_dumps_match_tcpdump() {
    for level in ["-d", "-dd", "-ddd"] {
        for optimize in [None, Some("-O"), Some("--no-optimize")] {
            for f in FILTERS {
                let mut args = vec![level, "-s", "1500", f];
                args.extend(optimize);
                let ours = run(env!("CARGO_BIN_EXE_capture"), &args);
                let theirs = run("tcpdump", &args);
                assert_eq!(ours.0, Some(0), "{args:?}: {}", ours.2);
                assert_eq!(ours.1, theirs.1, "{args:?}");
            }
        }
    }
    // Unoptimized programs are longer: -O really reaches the compiler.
    let plain = run(env!("CARGO_BIN_EXE_capture"), &["-d", FILTERS[0]]).1;
    let unoptimized = run(env!("CARGO_BIN_EXE_capture"), &["-O", "-d", FILTERS[0]]).1;
    assert!(unoptimized.lines().count() > plain.lines().count());
}

#[test]
fn bad_filter_is_libpcaps_message_exit_1() {
    let (code, out, err) = run(env!("CARGO_BIN_EXE_capture"), &["-d", "tcp", "port"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(
        err,
        "Warning: assuming Ethernet\ncapture: can't parse filter expression: syntax error\n"
    );
}

/// Values tcpdump refuses, and interfaces that do not exist: tcpdump's words and exit code.
#[test]
fn bad_values_and_interfaces_are_tcpdumps_errors() {
    for args in [
        &["-c", "x"][..],
        &["-s", "-5"],
        &["-Q", "sideways"],
        &["-i", "nosuchif0", "-w", "/dev/null"],
        &["-i", "99", "-w", "/dev/null"],
        &["-L", "-i", "nosuchif0"],
    ] {
        same_as_tcpdump(args, b"", &[]);
    }
}

#[test]
fn writer_cpu_outside_the_allowed_set_is_one_line_exit_1() {
    let (code, _, err) = run(
        env!("CARGO_BIN_EXE_capture"),
        &["-i", "lo", "--writer-cpu", "4096", "-w", "/dev/null"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("capture: --writer-cpu 4096: not a CPU this process may run on (allowed: ")
            && err.lines().count() == 1,
        "{err}"
    );
}

/// capture's own options for a live capture are refused, one line and exit 1, where nothing
/// is captured (reading files), rather than taken and ignored; and `--stats-json` to a path
/// that cannot be written is refused before the capture starts, not after it ends.
#[test]
fn own_options_that_cannot_apply_are_refused() {
    let file = corpus("02-sunrise-sunset-esp.pcap");
    let list = std::env::temp_dir().join(format!("capture-list-{}", std::process::id()));
    std::fs::write(&list, format!("{file}\n")).unwrap();
    for option in [
        &["--workers", "2"][..],
        &["--writer-cpu", "0"],
        &["--fanout", "cpu"],
        &["--backend", "xdp"],
        &["--xdp-consume"],
        &["--no-xdp"],
        &["--notices"],
        &["--stats-json", "/dev/null"],
        &["--metrics-listen", "127.0.0.1:0"],
    ] {
        for reading in ["-r", "-V"] {
            let source = if reading == "-r" {
                file.clone()
            } else {
                list.display().to_string()
            };
            let mut args = vec![reading, source.as_str(), "-w", "/dev/null"];
            args.extend_from_slice(option);
            let (code, out, err) = run(env!("CARGO_BIN_EXE_capture"), &args);
            assert_eq!(
                (code, out.as_str(), err.as_str()),
                (
                    Some(1),
                    "",
                    format!(
                        "capture: {} is for a live capture, not for {reading}\n",
                        option[0]
                    )
                    .as_str()
                ),
                "{args:?}"
            );
        }
    }
    std::fs::remove_file(&list).unwrap();
    let (code, out, err) = run(
        env!("CARGO_BIN_EXE_capture"),
        &[
            "-i",
            "lo",
            "-c",
            "1",
            "--stats-json",
            "/nonexistent/stats.json",
        ],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            Some(1),
            "",
            "capture: /nonexistent/stats.json: No such file or directory\n"
        )
    );
}

/// Without the right to open packet sockets (as nobody), what every capture command says is
/// libpcap's permission error, as in tcpdump: before `-L` lists, `-d` compiles, a device is
/// found missing or `any` gets its link type; and on tcpdump's terms (a name too long for any
/// device, `-J`, which need no socket). With CAP_NET_RAW alone, both capture.
#[test]
fn without_the_right_to_capture_as_tcpdump() {
    for args in [
        &["-i", "lo", "-c", "1"][..],
        &["-i", "any", "-c", "1"],
        &["-c", "1"],
        &["-i", "lo", "-L"],
        &["-i", "lo", "-d", "ip"],
        &["-i", "lo", "-w", "/dev/null", "udp"],
        &["-i", "nosuch0", "-c", "1"],
        &["-i", "1000", "-c", "1"],
        &["-i", "abcdefghijklmnopqrstuvwxyz", "-c", "1"],
        &["-J", "-i", "lo"],
    ] {
        let run = |program| {
            let out = command(program)
                .args(args)
                .uid(65534)
                .gid(65534)
                .output()
                .expect("runs");
            (out.status.code(), out.stdout, out.stderr)
        };
        assert_same_outcome(args, &run("capture"), &run("tcpdump"));
    }
    // With CAP_NET_RAW alone (as `setcap cap_net_raw` gives it), both open the device.
    for args in [&["-i", "lo", "-d", "ip"][..], &["-i", "any", "-L"]] {
        let run = |program: &str| {
            let bin = if program == "capture" {
                env!("CARGO_BIN_EXE_capture")
            } else {
                program
            };
            let mut argv = vec!["--reuid=65534", "--regid=65534", "--clear-groups"];
            argv.extend(["--inh-caps=+net_raw", "--ambient-caps=+net_raw", bin]);
            argv.extend(args);
            let out = Command::new("setpriv").args(argv).output().expect("runs");
            (out.status.code(), out.stdout, out.stderr)
        };
        let (ours, theirs) = (run("capture"), run("tcpdump"));
        assert_eq!(ours.0, Some(0), "{}", String::from_utf8_lossy(&ours.2));
        assert_same_outcome(args, &ours, &theirs);
    }
}

/// `-L` and `-y` as tcpdump has them (`-L` lists on stderr; `-y` without `-i` picks the link
/// type `-d` compiles for; `any` offers Linux cooked v1 and v2).
#[test]
fn link_type_flags() {
    for args in [
        &["-L", "-i", "lo"][..],
        &["-L", "-i", "any"],
        &["-y", "DOCSIS", "-d", "tcp"],
        &["-y", "NOSUCH", "-d", "tcp"],
        &["-y", "EN10MB", "-d", "tcp"],
        &["-y", "LINUX_SLL2", "-d", "tcp"],
        &["-y", "en10mb", "-i", "lo", "-d", "ip"],
        &[
            "-y",
            "LINUX_SLL",
            "-i",
            "any",
            "-d",
            "tcp port 80 and inbound",
        ],
        &[
            "-y",
            "LINUX_SLL2",
            "-i",
            "any",
            "-d",
            "tcp port 80 and inbound",
        ],
        &["-y", "EN10MB", "-i", "any", "-d", "tcp"],
        &["-i", "any", "-d", "tcp"],
    ] {
        same_as_tcpdump(args, b"", &[]);
    }
    // tcpdump asks for cooked v2 only when `-i` is typed as `any`: by its number in the `-D`
    // list, `any` gets libpcap's default, cooked v1, and no "data link type" line.
    let listed = outcome("tcpdump", &["-D"], b"", &[]).1;
    let any = String::from_utf8_lossy(&listed)
        .lines()
        .find_map(|l| l.split_once(".any ").map(|(n, _)| n.to_owned()))
        .expect("tcpdump -D lists any");
    same_as_tcpdump(&["-i", &any, "-d", "tcp"], b"", &[]);
    // tcpdump opens a device named by that number first, and `-j` warns for each of the two.
    same_as_tcpdump(
        &["-j", "adapter_unsynced", "-i", &any, "-d", "tcp"],
        b"",
        &[],
    );
}

/// `capture -r f | head -1`: a closed pipe ends capture as it ends tcpdump, with
/// `Unable to write output: Broken pipe` and exit status 14, never a Rust panic.
#[test]
fn closed_pipe_ends_as_tcpdump_ends() {
    use std::io::Read;
    let path = std::env::temp_dir().join(format!("capture-pipe-{}.pcap", std::process::id()));
    let mut file = Vec::new();
    file.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    file.extend_from_slice(&[
        2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0,
    ]);
    let arp: Vec<u8> = (0..42)
        .map(|i| if i < 6 { 0xff } else { i as u8 })
        .collect();
    for i in 0..100_000u32 {
        for v in [i, 0, 42, 42] {
            file.extend_from_slice(&v.to_le_bytes());
        }
        file.extend_from_slice(&arp);
    }
    std::fs::write(&path, file).unwrap();
    let outcome = |program: &str| {
        let mut child = Command::new(program)
            .args(["-nn", "-r"])
            .arg(&path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let code = child.wait().unwrap().code();
        (
            code,
            err.lines()
                .last()
                .unwrap_or("")
                .split_once(": ")
                .map(|(_, m)| m.to_owned()),
        )
    };
    let ours = outcome(env!("CARGO_BIN_EXE_capture"));
    let theirs = outcome("tcpdump");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(ours, theirs);
    assert_eq!(
        ours,
        (
            Some(14),
            Some("Unable to write output: Broken pipe".to_owned())
        )
    );
}

/// Every option of tcpdump's command line, and every kind of mistake on it, beside tcpdump:
/// glibc's line and tcpdump's usage (exit 1), tcpdump's message for a bad value (exit 1), the
/// checks made once all options are read, and what each option prints.
#[test]
fn command_line_matches_tcpdump() {
    let cases: &[&[&str]] = &[
        // getopt_long's mistakes, then tcpdump's usage.
        &["-g"],
        &["-n", "-c"],
        &["-i"],
        &["--bogus=1"],
        &["--n"],
        &["--tim"],
        &["--count=3"],
        &["--nano=1"],
        &["--interface"],
        &["-g", "-c", "0"],
        // Values, checked as they come, in order.
        &["-c", "0", "-g"],
        &["-c", "5x", "-d", "ip"],
        &["-c", "-3"],
        &["-s", "999999", "-d", "ip"],
        &["-s", "0x100", "-d", "ip"],
        &["-s", "010", "-d", "ip"],
        &["-s", "12k"],
        &["-B", "2097152"],
        &["-B", "0"],
        &["-Q", "sideways"],
        &["--direction=in=out"],
        &["-T", "bogus"],
        &["-j", "bogus"],
        &["--time-stamp-type", "adapter_synced"],
        &["-y", "NOSUCH", "-g"],
        &["-C", "0"],
        &["-C", "1x"],
        &["-C", "9223372036855"],
        &["-W", "0"],
        &["-G", "-1"],
        &["--time-stamp-precision=pico"],
        &["--time-stamp-precision=nanoseconds", "-d", "ip"],
        // Checks made once every option is read.
        &["-t", "-t", "-t", "-t", "-t", "-t", "-d", "ip"],
        &["-f", "-r", "x"],
        &["-f", "-V", "x"],
        &["-V", "a", "-r", "b"],
        // Options that answer at once, in order.
        &["-c0", "-h"],
        &["--version"],
        &["--v"],
        &["--fp-type"],
        // Options with nothing more to do than tcpdump does here.
        &["-a", "-d", "ip"],
        &["-m", "SNMPv2-MIB", "-d", "ip"],
        &["-m", "SNMPv2-MIB", "-g"],
        // Long names, abbreviated, with values attached or not.
        &["--snap=96", "--no-opt", "-d", "tcp"],
        &["--linktype", "LINUX_SLL2", "-d", "tcp"],
        &[
            "--dont-verify-checksums",
            "--absolute",
            "--number",
            "-d",
            "ip",
        ],
        // Operands anywhere, "--" ending the options.
        &["-d", "ip", "-s", "64", "and", "udp"],
        &["-d", "--", "-s"],
        // -J, -j and -I, on devices of this host (lo, any, one that does not exist).
        &["-J", "-i", "lo"],
        &["--list-time-stamp-types", "-i", "any"],
        &["-J", "-i", "nosuch0"],
        &["-j", "adapter", "-i", "lo", "-d", "ip"],
        &["-j", "host", "-i", "lo", "-d", "ip"],
        &["-I", "-i", "lo", "-c", "1"],
        &["--monitor-mode", "-i", "nosuch0"],
        &["-I", "-i", "any", "-L"],
        &["-j", "adapter_unsynced", "-I", "-i", "lo"],
        &["-I", "-J", "-i", "lo"],
        // -O, and -y with -i, compile for the interface.
        &["-O", "-i", "lo", "-d", "vlan and tcp"],
        &["-i", "any", "-d", "tcp"],
    ];
    for args in cases {
        same_as_tcpdump(args, b"", &[]);
    }
    // A byte that is not UTF-8, as an option letter and in the filter.
    same_as_tcpdump(&[OsStr::from_bytes(b"-\xe9")], b"", &[]);
    same_as_tcpdump(&[OsStr::new("-d"), OsStr::from_bytes(b"ip\xff")], b"", &[]);
    // POSIXLY_CORRECT: options end at the first operand.
    same_as_tcpdump(&["-d", "ip", "-g"], b"", &[("POSIXLY_CORRECT", "1")]);
    // -F: the file's expression wins over the operands, `#` comments to the end of a line,
    // the text ends at a NUL; a file that cannot be read is tcpdump's message for the step
    // that failed.
    let dir = std::env::temp_dir().join(format!("capture-cli-F-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        ("comments", &b"tcp # not udp\n  and port 80 # and\n"[..]),
        ("nul", b"udp\0 and tcp"),
        ("latin1", b"ip and \xe9"),
        ("empty", b""),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        same_as_tcpdump(&["-d", "-F", path.to_str().unwrap(), "udp"], b"", &[]);
    }
    let missing = dir.join("missing");
    for path in [&dir, &missing] {
        same_as_tcpdump(&["-d", "-F", path.to_str().unwrap()], b"", &[]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What capture prints where tcpdump would say more: `--help` adds capture's own options after
/// tcpdump's usage; `-E` and `-M` taken as tcpdump built with libcrypto takes them (their
/// decryption and checks: tests/crypto.rs).
#[test]
fn help_and_crypto_secrets() {
    let theirs = outcome("tcpdump", &["--help"], b"", &[]);
    let ours = outcome("capture", &["--help"], b"", &[]);
    let ours_text = String::from_utf8(ours.1).unwrap();
    let usage = as_capture(&theirs.1);
    assert_eq!((ours.0, theirs.0), (Some(0), Some(0)));
    let own = ours_text
        .strip_prefix(&usage)
        .expect("tcpdump's usage first");
    assert!(own.starts_with("\nOptions of capture's own (tcpdump has none of these):\n"));
    for long in [
        "--workers N",
        "--backend afpacket|xdp",
        "--stats-json FILE",
        "--notices",
    ] {
        assert!(own.contains(&format!("\n  {long}\n")), "{long}: {own}");
    }
    assert!(own.lines().all(|l| l.len() <= 80), "{own}");
    // The secrets are read at the first ESP packet, so compiling a filter says nothing of them.
    let args = ["-E", "x", "-M", "y", "-d", "ip"];
    let (code, out, err) = outcome("capture", &args, b"", &[]);
    let theirs = outcome("tcpdump", &args, b"", &[]);
    assert_eq!((code, &out), (theirs.0, &theirs.1));
    assert_eq!(String::from_utf8(err).unwrap(), as_capture(&theirs.2));
    assert_eq!(as_capture(&theirs.2), "Warning: assuming Ethernet\n");
}

/// `--count` on files of tcpdump's suite: the `N packets` line, after the filter and `-c`, with
/// and without `-w`.
#[test]
fn count_matches_tcpdump() {
    let dir = TempDir::new("count");
    for (file, more) in [
        ("print-flags.pcap", &[][..]),
        ("print-flags.pcap", &["tcp", "port", "80"]),
        ("print-flags.pcap", &["-c", "3"]),
        ("print-flags.pcap", &["udp"]),
        ("nfs-write-verf-cookie.pcapng", &["-v"]),
        ("babel_rtt.pcap", &["-c", "1", "ip6"]),
    ] {
        let mut args = vec!["-n", "--count", "-r"];
        let path = corpus(file);
        args.push(&path);
        args.extend_from_slice(more);
        same_as_tcpdump(&args, b"", &[]);
        let theirs = dir.file("theirs.pcap");
        let ours = dir.file("ours.pcap");
        let with_w = |out: &str| -> Vec<String> {
            args.iter()
                .map(|a| a.to_string())
                .chain(["-w".into(), out.into()])
                .collect()
        };
        let t = outcome("tcpdump", &with_w(&theirs), b"", &[]);
        let o = outcome("capture", &with_w(&ours), b"", &[]);
        assert_eq!((o.0, o.1), (t.0, t.1), "{args:?} -w");
        assert_eq!(
            std::fs::read(&ours).unwrap(),
            std::fs::read(&theirs).unwrap()
        );
    }
}

/// `-V LIST`: files read in turn (each with its own `-c`), link types changing between files,
/// an empty name, a missing file, an empty list, a list that cannot be read (a directory),
/// the list on stdin, `--nano` (libpcap opens the files after the first with microsecond
/// stamps), and `-w` (byte-identical output, and tcpdump's refusal of a second link type; `-w
/// ''`, a name that cannot be opened, with and without rotation).
#[test]
fn file_lists_match_tcpdump() {
    let dir = TempDir::new("lists");
    let list = |name: &str, files: &[&str]| -> String {
        let path = dir.file(name);
        let text: String = files
            .iter()
            .map(|f| {
                if f.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("{}\n", corpus(f))
                }
            })
            .collect();
        std::fs::write(&path, text).unwrap();
        path
    };
    let same = list(
        "same",
        &["print-flags.pcap", "dhcpv6-AFTR-Name-RFC6334.pcap"],
    );
    let mixed = list(
        "mixed",
        &["print-flags.pcap", "RADIUS-RFC3162.pcap", "babel_rtt.pcap"],
    );
    let hole = list("hole", &["print-flags.pcap", "", "print-flags.pcap"]);
    let missing = dir.file("missing");
    std::fs::write(
        &missing,
        format!("{}\n/nonexistent.pcap\n", corpus("print-flags.pcap")),
    )
    .unwrap();
    let empty = list("empty", &[]);
    // A list that cannot be read ends where the reading fails, as tcpdump's fgets ends it.
    let subdir = dir.file("subdir");
    std::fs::create_dir(&subdir).unwrap();
    let then_dir = dir.file("then_dir");
    std::fs::write(
        &then_dir,
        format!("{}\n{subdir}\n", corpus("print-flags.pcap")),
    )
    .unwrap();
    let flags = corpus("print-flags.pcap");
    for args in [
        &["-V", &subdir][..],
        &["-n", "-V", &then_dir],
        // `-w ''` is a file name that cannot be opened, with and without rotation.
        &["-r", &flags, "-w", ""],
        &["-r", &flags, "-w", "", "-C", "1"],
        &["-r", &flags, "-w", "", "-G", "1"],
        &["-n", "-V", &same],
        &["-n", "-c", "2", "-V", &same],
        &["-n", "-c", "2", "-V", &mixed],
        &["-n", "-v", "-V", &mixed, "ip"],
        &["-n", "--count", "-V", &mixed, "udp"],
        &["-n", "--nano", "-c", "1", "-V", &same],
        &["-n", "--count", "-V", &hole],
        &["-n", "-V", &missing],
        &["-V", &empty],
        &["-V", "/nonexistent.list"],
    ] {
        same_as_tcpdump(args, b"", &[]);
    }
    let text = std::fs::read(&mixed).unwrap();
    same_as_tcpdump(&["-n", "-c", "1", "-V", "-"], &text, &[]);
    for (list, more) in [
        (&same, &[][..]),
        (&same, &["--nano"]),
        (&mixed, &["-c", "1"]),
    ] {
        let (theirs, ours) = (dir.file("theirs.pcap"), dir.file("ours.pcap"));
        let with_w = |out: &str| -> Vec<String> {
            ["-n", "-V", list.as_str(), "-w", out]
                .iter()
                .chain(more)
                .map(|a| a.to_string())
                .collect()
        };
        let t = outcome("tcpdump", &with_w(&theirs), b"", &[]);
        let o = outcome("capture", &with_w(&ours), b"", &[]);
        assert_eq!(o.0, t.0, "{list} {more:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.2),
            as_capture(&t.2),
            "{list} {more:?}"
        );
        assert_eq!(
            std::fs::read(&ours).unwrap(),
            std::fs::read(&theirs).unwrap()
        );
    }
}

/// `-r FILE -w OUT --print`: the packets printed as they are written, the file the same.
#[test]
fn print_while_writing_matches_tcpdump() {
    let dir = TempDir::new("print");
    for more in [&["-n"][..], &["-v", "-c", "5"], &["-n", "-e", "tcp"]] {
        let (theirs, ours) = (dir.file("theirs.pcap"), dir.file("ours.pcap"));
        let path = corpus("print-flags.pcap");
        let with_w = |out: &str| -> Vec<String> {
            ["-r", path.as_str(), "--print", "-w", out]
                .iter()
                .chain(more)
                .map(|a| a.to_string())
                .collect()
        };
        let t = outcome("tcpdump", &with_w(&theirs), b"", &[]);
        let o = outcome("capture", &with_w(&ours), b"", &[]);
        assert_eq!(o.0, t.0);
        assert!(!o.1.is_empty());
        assert_eq!(String::from_utf8_lossy(&o.1), as_capture(&t.1), "{more:?}");
        assert_eq!(String::from_utf8_lossy(&o.2), as_capture(&t.2), "{more:?}");
        assert_eq!(
            std::fs::read(&ours).unwrap(),
            std::fs::read(&theirs).unwrap()
        );
    }
}

/// `-u`: NFS file handles printed undecoded, on the NFS files of tcpdump's suite.
#[test]
fn undecoded_nfs_handles_match_tcpdump() {
    let mut changed = 0;
    for file in [
        "hoobr_nfs_printfh.pcap",
        "nfs-cannot-pad-32-bit.pcap",
        "nfs-seg-fault-1.pcapng",
        "nfs-write-verf-cookie.pcapng",
        "nfs-attr-oobr.pcap",
    ] {
        let path = corpus(file);
        for v in ["-n", "-nv", "-nvv"] {
            same_as_tcpdump(&["-u", v, "-r", &path], b"", &[]);
        }
        let plain = outcome("capture", &["-n", "-r", &path], b"", &[]).1;
        let raw = outcome("capture", &["-n", "-u", "-r", &path], b"", &[]).1;
        changed += usize::from(plain != raw);
    }
    // The handles do change where there are handles: -u is no no-op.
    assert_eq!(changed, 4);
}

/// The printer's flags with no case in tcpdump's suite beside the one they change: `-K` (no
/// checksum verdicts), `-b` (AS numbers as ASDOT), `-H` (802.11s mesh headers), each changing
/// the output exactly as tcpdump's.
#[test]
fn printer_flags_match_tcpdump() {
    for (flag, file) in [
        ("-K", "babel_rfc6126bis.pcap"),
        ("-K", "bgp-bgp_capabilities_print-oobr-1.pcap"),
        ("-b", "bgp-4byte-asn.pcap"),
        ("-b", "bgp-large-community.pcap"),
        ("-H", "ieee802.11_rx-stbc.pcap"),
    ] {
        let path = corpus(file);
        same_as_tcpdump(&["-n", "-v", flag, "-r", &path], b"", &[]);
        let with = outcome("capture", &["-n", "-v", flag, "-r", &path], b"", &[]).1;
        let without = outcome("capture", &["-n", "-v", "-r", &path], b"", &[]).1;
        assert_ne!(with, without, "{flag} changes what {file} prints");
    }
}

/// Without `-n`, a protocol no printer decodes is named from tcpdump's own table (its
/// `netdb_protoname`), not from the host's /etc/protocols: every IP protocol number, from
/// 127.0.0.1 to itself (named `localhost` by /etc/hosts, no DNS), read beside tcpdump, with
/// and without `-n`.
#[test]
fn ip_protocol_names_match_tcpdump() {
    // pcap 2.4, microseconds, snaplen 65535, Ethernet.
    let mut file = Vec::new();
    file.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    file.extend_from_slice(&[2, 0, 4, 0]);
    for v in [0u32, 0, 65535, 1] {
        file.extend_from_slice(&v.to_le_bytes());
    }
    for proto in 0..=255u8 {
        let mut frame = vec![0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00];
        frame.extend_from_slice(&[0x45, 0, 0, 28, 0, proto, 0, 0, 64, proto, 0, 0]);
        frame.extend_from_slice(&[127, 0, 0, 1, 127, 0, 0, 1]);
        frame.extend_from_slice(&[0; 8]);
        for v in [1_700_000_000 + u32::from(proto), 0, 42, 42] {
            file.extend_from_slice(&v.to_le_bytes());
        }
        file.extend_from_slice(&frame);
    }
    for flags in [&["-r", "-"][..], &["-v", "-r", "-"], &["-n", "-r", "-"]] {
        same_as_tcpdump(flags, &file, &[]);
    }
    let text = String::from_utf8(outcome("capture", &["-r", "-"], &file, &[]).1).unwrap();
    assert!(text.contains("localhost > localhost:  cbt 8\n"), "{text}");
}

/// `-T TYPE` beside tcpdump, every type over UDP, TCP and PGM captures, with and without
/// `-v`: a type with no UDP printer (`carp`, `resp`, `zmtp1`) prints nothing of a datagram,
/// not even its addresses, and a SOME/IP header cut short stops before its message type.
#[test]
fn packet_types_match_tcpdump() {
    let types = [
        "aodv",
        "carp",
        "cnfp",
        "domain",
        "lmp",
        "pgm",
        "pgm_zmtp1",
        "radius",
        "resp",
        "rpc",
        "rtcp",
        "rtp",
        "snmp",
        "tftp",
        "vat",
        "vxlan",
        "wb",
        "zmtp1",
        "ptp",
        "someip",
    ];
    for file in [
        "vxlan.pcap",
        "wb-oobr.pcap",
        "dns_tcp_8053.pcap",
        "epgm_zmtp1.pcap",
    ] {
        let path = corpus(file);
        for t in types {
            for verbose in [&[][..], &["-v"]] {
                let mut args = vec!["-n", "-T", t, "-r", &path];
                args.extend_from_slice(verbose);
                same_as_tcpdump(&args, b"", &[]);
            }
        }
    }
}

/// `-x`, `-X`, `-XX` and `-A` of packets larger than 64 KiB (tcpdump's huge TIPC messages):
/// the offsets go on past `0xfff0` as tcpdump's `%04x` does.
#[test]
fn hex_dumps_past_64_kib_match_tcpdump() {
    let path = corpus("huge-tipc-messages.pcap");
    for flag in ["-x", "-X", "-XX", "-xx", "-A"] {
        same_as_tcpdump(&["-n", flag, "-r", &path], b"", &[]);
    }
}

/// Reading a file, the expression is compiled as libpcap compiles it for tcpdump, on a handle
/// of that file: a BSD loopback file's `AF_` values are compared in the file's byte order and
/// `ip6` is any of the BSD values (24, 28, 30), not this host's; `inbound`, `outbound` and
/// `ifindex` are refused for a file. Each beside tcpdump: the packets kept, and `-d`.
#[test]
fn expressions_on_files_are_compiled_for_files() {
    let dir = TempDir::new("savefile");
    for big_endian in [false, true] {
        let path = dir.file(if big_endian { "be.pcap" } else { "le.pcap" });
        std::fs::write(&path, common::loopback_file(big_endian, 1_700_000_000)).unwrap();
        for expr in ["ip6", "ip or ip6", "not ip6", "ip"] {
            same_as_tcpdump(&["-n", "-r", &path, expr], b"", &[]);
            same_as_tcpdump(&["-r", &path, "-d", expr], b"", &[]);
        }
        let kept = outcome("capture", &["-n", "-r", &path, "ip6"], b"", &[]).1;
        assert_eq!(
            kept.iter().filter(|&&b| b == b'\n').count(),
            3,
            "24, 28 and 30"
        );
    }
    let ether = corpus("dns_tcp.pcap");
    for expr in ["inbound", "outbound", "ifindex 1"] {
        same_as_tcpdump(&["-n", "-r", &ether, expr], b"", &[]);
    }
}

/// `-W` and `-G` read as tcpdump reads them, `atoi` into an int: a value past 32 bits keeps
/// its low 32 bits (`-W 99999999999` is 1215752191 files, named with ten digits; `-W
/// 4294967296` is 0, refused; `-G -4294967297` is -1, refused). Beside tcpdump: exit code,
/// stderr and the files written.
#[test]
fn file_counts_and_seconds_wrap_as_tcpdumps_int() {
    let input = corpus("print-flags.pcap");
    for (flag, value) in [
        ("-W", "99999999999"),
        ("-W", "4294967296"),
        ("-W", "2147483648"),
        ("-W", "-2147483649"),
        ("-W", " 12x"),
        ("-G", "99999999999"),
        ("-G", "-4294967297"),
    ] {
        let dir = TempDir::new("wrap");
        let (theirs, ours) = (dir.file("t"), dir.file("c"));
        std::fs::create_dir(&theirs).unwrap();
        std::fs::create_dir(&ours).unwrap();
        let args = |out: &str| -> Vec<String> {
            let mut a = vec!["-r", &input, "-w"]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>();
            a.push(format!("{out}/o"));
            a.extend([flag, value].map(String::from));
            if flag == "-W" {
                a.extend(["-C", "1"].map(String::from));
            }
            a
        };
        let t = outcome(
            "tcpdump",
            &[&["-Z".to_string(), "root".to_string()][..], &args(&theirs)].concat(),
            b"",
            &[],
        );
        let o = outcome("capture", &args(&ours), b"", &[]);
        assert_eq!(o.0, t.0, "{flag} {value}");
        assert_eq!(
            String::from_utf8_lossy(&o.2),
            as_capture(&t.2),
            "{flag} {value}"
        );
        let names = |d: &str| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&ours), names(&theirs), "{flag} {value}");
    }
}

/// `-Z USER` when reading a file, as tcpdump gives up root there: once the file is open and
/// the expression compiled; with `-w FILE` and no `-C` the first file is made as root and
/// handed to the user (and a user that does not exist is found out after it is made), else
/// every file is the user's own (in a directory only root may write to: refused). Beside
/// tcpdump: exit code, stdout, stderr, and each file's owner, size and name.
#[test]
fn z_user_when_reading_files_as_tcpdump() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let input = corpus("print-flags.pcap");
    let dir = TempDir::new("z");
    let (closed, open) = (dir.file("closed"), dir.file("open"));
    std::fs::create_dir(&closed).unwrap();
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let files = || -> Vec<(u32, u64, String)> {
        let mut v = Vec::new();
        for d in [&closed, &open] {
            for e in std::fs::read_dir(d).unwrap() {
                let e = e.unwrap();
                let m = e.metadata().unwrap();
                v.push((
                    m.uid(),
                    m.len(),
                    e.file_name().to_string_lossy().into_owned(),
                ));
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        v.sort();
        v
    };
    let (in_closed, in_open) = (format!("{closed}/o"), format!("{open}/o"));
    for args in [
        &["-Z", "nobody", "-w", &in_closed][..],
        &["-Z", "nobody", "-w", &in_closed, "-C", "1"],
        &["-Z", "nobody", "-w", &in_open, "-C", "1", "-W", "2"],
        &["-Z", "nobody", "-w", &in_closed, "-G", "1"],
        &["-Z", "nobody", "-w", "-"],
        &["-Z", "nobody", "-n"],
        &["-Z", "no-such-user", "-w", &in_closed],
        &["-Z", "no-such-user", "-w", &in_closed, "-C", "1"],
        &["-Z", "no-such-user"],
    ] {
        let mut all = vec!["-r", input.as_str()];
        all.extend_from_slice(args);
        let theirs = outcome("tcpdump", &all, b"", &[]);
        let their_files = files();
        let ours = outcome("capture", &all, b"", &[]);
        assert_same_outcome(&all, &ours, &theirs);
        assert_eq!(files(), their_files, "{args:?}");
    }
}

/// `-G` with `-W` when reading: tcpdump's clock for `-G` is the wall clock, so a file read
/// slowly from standard input rotates, and at the `-W`th rotation tcpdump says `Maximum file
/// limit reached`, then what its `info(1)` gets from libpcap for a savefile (no statistics),
/// and exits 0. Beside tcpdump: exit code, stdout (`--print`), stderr, and the files.
#[test]
fn file_limit_when_reading_slowly_as_tcpdump() {
    use std::io::Write;
    // Four groups of two UDP frames, 1.2 s apart: with -G 1 -W 2 the first rotation comes
    // with the second group, the second (the limit) with the third.
    let frame = |n: u8| {
        let mut f = vec![0xff; 6];
        f.extend([2, 0, 0, 0, 0, 1, 0x08, 0x00]);
        f.extend([
            0x45, 0, 0, 33, 0, n, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]);
        f.extend([0x04, 0xd2, 0x16, 0x2e, 0, 13, 0, 0]);
        f.extend(b"hello");
        f
    };
    let mut header = Vec::new();
    for w in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 1] {
        header.extend(w.to_le_bytes());
    }
    let groups: Vec<Vec<u8>> = (0..4u8)
        .map(|g| {
            let mut b = Vec::new();
            for i in 0..2 {
                let f = frame(g * 2 + i);
                let len = f.len() as u32;
                for w in [1_700_000_000 + u32::from(g * 2 + i), 0, len, len] {
                    b.extend(w.to_le_bytes());
                }
                b.extend(f);
            }
            b
        })
        .collect();
    let run = |program: &str, out: &str, extra: &[&str]| -> Outcome {
        let mut args = vec!["-r", "-", "-w", out, "-G", "1", "-W", "2"];
        args.extend(extra);
        if program == "tcpdump" {
            args.extend(["-Z", "root"]);
        }
        // Both clocks count whole seconds (tcpdump's time()): started just after a second
        // begins, the program reads the first group within that second, so that group never
        // rotates and the rotations come with the second and third groups.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        std::thread::sleep(std::time::Duration::from_nanos(
            1_050_000_000 - u64::from(now.subsec_nanos()),
        ));
        let mut child = command(program)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        let mut stdin = child.stdin.take().expect("piped");
        let _ = stdin.write_all(&header);
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                std::thread::sleep(std::time::Duration::from_millis(1200));
            }
            // The program exits at the limit and closes the pipe: not a failure here.
            if stdin.write_all(g).and_then(|()| stdin.flush()).is_err() {
                break;
            }
        }
        drop(stdin);
        let out = child.wait_with_output().expect("ends");
        (out.status.code(), out.stdout, out.stderr)
    };
    for extra in [&[][..], &["--print", "-n"][..]] {
        let dir = TempDir::new("limit");
        let (theirs, ours) = (dir.file("t"), dir.file("c"));
        let t = run("tcpdump", &theirs, extra);
        let o = run("capture", &ours, extra);
        assert_eq!(o.0, t.0, "{extra:?}");
        assert_eq!(String::from_utf8_lossy(&o.2), as_capture(&t.2), "{extra:?}");
        assert_eq!(String::from_utf8_lossy(&o.1), as_capture(&t.1), "{extra:?}");
        assert_eq!(
            std::fs::read(&ours).unwrap(),
            std::fs::read(&theirs).unwrap(),
            "{extra:?}"
        );
    }
}

/// `-w -` whose reader goes away (`capture -r F -w - | head -c 100`): tcpdump's SIGPIPE
/// handler ends it as an interrupt does, without a word and with exit status 0; so does
/// capture. The capture written is larger than a pipe holds, so both are still writing when
/// the reader leaves. Beside tcpdump: exit code and stderr.
#[test]
fn a_reader_leaving_the_written_pipe_ends_as_tcpdump() {
    use std::io::Read;
    let input = corpus("afs.pcap");
    for extra in [&[][..], &["-U"][..], &["-c", "1000"][..]] {
        let mut seen = Vec::new();
        for program in ["capture", "tcpdump"] {
            let mut args = vec!["-r", input.as_str(), "-w", "-"];
            args.extend(extra);
            let mut child = command(program)
                .args(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("runs");
            let mut stdout = child.stdout.take().expect("piped");
            let mut first = [0u8; 100];
            stdout.read_exact(&mut first).unwrap();
            drop(stdout);
            let out = child.wait_with_output().expect("ends");
            seen.push((
                out.status.code(),
                as_capture(&out.stderr),
                first[..4].to_vec(),
            ));
        }
        assert_eq!(seen[0], seen[1], "{extra:?}: capture's, tcpdump's");
        assert_eq!(seen[0].0, Some(0), "{extra:?}");
    }
}
