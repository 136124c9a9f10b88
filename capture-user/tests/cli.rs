//! The real binary against tcpdump 4.99.3 for what needs no capture: `-d/-dd/-ddd`, bad input.
use std::process::Command;

fn run(bin: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(bin).args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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

#[test]
fn filter_dumps_match_tcpdump() {
    for level in ["-d", "-dd", "-ddd"] {
        for f in FILTERS {
            let ours = run(env!("CARGO_BIN_EXE_capture"), &[level, "-s", "1500", f]);
            let theirs = run("tcpdump", &[level, "-s", "1500", f]);
            assert_eq!(ours.0, Some(0), "{level} {f}: {}", ours.2);
            assert_eq!(ours.1, theirs.1, "{level} {f}");
        }
    }
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

#[test]
fn bad_values_are_one_line_and_exit_1() {
    for args in [
        &["-c", "x"][..],
        &["-s", "-5"],
        &["-Q", "sideways"],
        &["-i", "nosuchif0", "-w", "/dev/null"],
    ] {
        let (code, _, err) = run(env!("CARGO_BIN_EXE_capture"), args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (_, _, err) = run(
        env!("CARGO_BIN_EXE_capture"),
        &["-i", "nosuchif0", "-w", "/dev/null"],
    );
    assert_eq!(err, "capture: nosuchif0: No such device exists\n");
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

#[test]
fn link_type_flags() {
    let (code, out, _) = run(env!("CARGO_BIN_EXE_capture"), &["-L", "-i", "lo"]);
    assert_eq!(
        (code, out.as_str()),
        (
            Some(0),
            "Data link types for lo (use option -y to set):\n  EN10MB (Ethernet)\n"
        )
    );
    let (code, _, err) = run(
        env!("CARGO_BIN_EXE_capture"),
        &["-y", "DOCSIS", "-d", "tcp"],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            Some(1),
            "capture: DOCSIS is not one of the DLTs supported by this device\n"
        )
    );
    let (code, _, err) = run(
        env!("CARGO_BIN_EXE_capture"),
        &["-y", "NOSUCH", "-d", "tcp"],
    );
    assert_eq!(
        (code, err.as_str()),
        (Some(1), "capture: invalid data link type NOSUCH\n")
    );
    let (code, _, _) = run(
        env!("CARGO_BIN_EXE_capture"),
        &["-y", "EN10MB", "-d", "tcp"],
    );
    assert_eq!(code, Some(0));
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
