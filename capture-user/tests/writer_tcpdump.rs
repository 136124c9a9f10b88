//! The writer against the reference: for the same input records and flags, the files `Output`
//! writes are byte-identical to those `tcpdump -r IN -w OUT ...` (4.99.3) writes, and the O_DIRECT
//! and buffered paths write identical bytes.

mod common;

use capture::writer::{IoPath, Output, OutputConfig};
use common::{TempDir, make_input, read_records, run_tcpdump};

/// Feeds every record of `input` (read with pcap-parser) to an `Output` made from `cfg`.
fn write_with_output(input: &[u8], cfg: OutputConfig) -> (capture::writer::OutputSummary, IoPath) {
    let (hdr, records) = read_records(input);
    let mut out = Output::create(cfg, hdr.linktype, hdr.snaplen).unwrap();
    let path = out.io_path();
    for r in &records {
        out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
    }
    (out.finish().unwrap(), path)
}

fn cfg_in(dir: &TempDir, pattern: &str) -> OutputConfig {
    OutputConfig {
        path: dir.path().join(pattern).display().to_string(),
        direct: true,
        ..OutputConfig::default()
    }
}

/// Every file in `a` has a twin with the same bytes in `b`, and no file is left over.
fn assert_same_files(a: &TempDir, b: &TempDir) -> Vec<(String, u64)> {
    let la = a.listing();
    let lb = b.listing();
    assert_eq!(
        la.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        lb.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for (name, _) in &la {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(
            x == y,
            "{name}: {} bytes vs {} bytes differ",
            x.len(),
            y.len()
        );
    }
    la
}

struct Case {
    flags: &'static [&'static str],
    pattern: &'static str,
    nano: bool,
    /// Closed files, in order, as Output reports them.
    files: &'static [&'static str],
    /// Sizes of the files left on disk, sorted by name (tcpdump's, and so ours).
    sizes: &'static [u64],
}

const CASES: &[Case] = &[
    Case {
        flags: &[],
        pattern: "out",
        nano: false,
        files: &["out"],
        sizes: &[4_373_481],
    },
    Case {
        flags: &["-C", "1"],
        pattern: "out",
        nano: false,
        files: &["out", "out1", "out2", "out3", "out4"],
        sizes: &[1_000_310, 1_000_980, 1_000_041, 1_000_122, 372_124],
    },
    Case {
        flags: &["-C", "1", "-W", "3"],
        pattern: "out",
        nano: false,
        files: &["out0", "out1", "out2", "out0", "out1"],
        sizes: &[1_000_122, 372_124, 1_000_041],
    },
    Case {
        flags: &["-C", "1", "-W", "1"],
        pattern: "out",
        nano: false,
        files: &["out", "out", "out", "out", "out"],
        sizes: &[372_124],
    },
    Case {
        flags: &["-C", "2", "-W", "11"],
        pattern: "out",
        nano: false,
        files: &["out00", "out01", "out02"],
        sizes: &[2_000_007, 2_000_135, 373_387],
    },
    Case {
        flags: &["-C", "1", "--time-stamp-precision", "nano"],
        pattern: "nano",
        nano: true,
        files: &["nano", "nano1", "nano2", "nano3", "nano4"],
        sizes: &[1_000_310, 1_000_980, 1_000_041, 1_000_122, 372_124],
    },
];

#[test]
fn size_rotation_is_byte_identical_to_tcpdump() {
    let input_dir = TempDir::new("input");
    let micro = make_input(&input_dir.path().join("micro.pcap"), 5500, false);
    let nano = make_input(&input_dir.path().join("nano.pcap"), 5500, true);
    // 5500 records of 60..1514 bytes: 4.37 MB, so -C 1 makes five files.
    assert_eq!(micro.len(), 4_373_481);
    for case in CASES {
        let (input, input_path) = if case.nano {
            (&nano, input_dir.path().join("nano.pcap"))
        } else {
            (&micro, input_dir.path().join("micro.pcap"))
        };
        let theirs = TempDir::new("tcpdump");
        run_tcpdump(&input_path, &theirs.path().join(case.pattern), case.flags);
        let ours = TempDir::new("ours");
        let mut args = vec!["capture", "-w", case.pattern];
        args.extend_from_slice(case.flags);
        let cli = <capture::cli::Args as clap::Parser>::try_parse_from(&args).unwrap();
        let mut cfg = OutputConfig::from_args(&cli).unwrap();
        cfg.path = ours.path().join(case.pattern).display().to_string();
        let (summary, io_path) = write_with_output(input, cfg);
        assert_eq!(io_path, IoPath::Direct, "{:?}", case.flags);
        // However many files, the run reuses a fixed pool of aligned buffers.
        assert!(
            (1..=capture::writer::direct::POOL).contains(&summary.buffers_allocated),
            "{}",
            summary.buffers_allocated
        );
        let names: Vec<String> = summary
            .files
            .iter()
            .map(|f| f.rsplit('/').next().unwrap().to_owned())
            .collect();
        assert_eq!(names, case.files, "{:?}", case.flags);
        let listing = assert_same_files(&theirs, &ours);
        let sizes: Vec<u64> = listing.iter().map(|(_, n)| *n).collect();
        assert_eq!(sizes, case.sizes, "{:?}", case.flags);
        let on_disk: u64 = listing.iter().map(|(_, n)| n).sum();
        if case
            .files
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
            == case.files.len()
        {
            // Nothing overwritten: every record is in exactly one file, each with its header.
            assert_eq!(summary.packets, 5500, "{:?}", case.flags);
            assert_eq!(
                on_disk,
                input.len() as u64 + 24 * (case.files.len() as u64 - 1)
            );
            assert_eq!(summary.bytes, on_disk);
        }
        for (name, size) in &listing {
            // -C is checked before each packet: a file ends within one record past the limit.
            if let Some(limit) = case.flags.iter().position(|f| *f == "-C") {
                let limit: u64 = case.flags[limit + 1].parse::<u64>().unwrap() * 1_000_000;
                assert!(*size <= limit + 16 + 1514, "{name} {size}");
            }
        }
    }
}

#[test]
fn time_named_files_match_tcpdump() {
    let input_dir = TempDir::new("input-g");
    let input_path = input_dir.path().join("in.pcap");
    let input = make_input(&input_path, 3000, false);
    let cases: &[(&[&str], &str)] = &[
        (&["-G", "3600"], "g-%Y%m%d%H.pcap"),
        (&["-G", "3600", "-C", "1", "-W", "2"], "gc-%Y%m%d-%H-"),
    ];
    for (flags, pattern) in cases {
        // tcpdump names -G files after the local hour it starts in; retry across an hour edge.
        for attempt in 0.. {
            let hour = || capture::writer::rotate::make_filename("%Y%m%d%H", Some(now()), 0, 0);
            let before = hour().unwrap();
            let theirs = TempDir::new("tcpdump-g");
            run_tcpdump(&input_path, &theirs.path().join(pattern), flags);
            let ours = TempDir::new("ours-g");
            let mut args = vec!["capture", "-w", pattern];
            args.extend_from_slice(flags);
            let cli = <capture::cli::Args as clap::Parser>::try_parse_from(&args).unwrap();
            let mut cfg = OutputConfig::from_args(&cli).unwrap();
            cfg.path = ours.path().join(pattern).display().to_string();
            let (summary, _) = write_with_output(&input, cfg);
            if hour().unwrap() != before && attempt == 0 {
                continue;
            }
            let listing = assert_same_files(&theirs, &ours);
            let expect_files = if flags.contains(&"-C") { 3 } else { 1 };
            assert_eq!(summary.files.len(), expect_files, "{flags:?}");
            assert_eq!(summary.packets, 3000);
            if flags.contains(&"-C") {
                let names: Vec<&str> = listing.iter().map(|(n, _)| n.as_str()).collect();
                let (day, hh) = before.split_at(8);
                assert_eq!(
                    names,
                    [format!("gc-{day}-{hh}-0"), format!("gc-{day}-{hh}-1")]
                );
            } else {
                assert_eq!(listing[0].0, format!("g-{before}.pcap"));
                assert_eq!(listing[0].1, input.len() as u64);
            }
            break;
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn direct_buffered_and_packet_buffered_outputs_are_identical() {
    let input_dir = TempDir::new("input-d");
    let input = make_input(&input_dir.path().join("in.pcap"), 5500, false);
    let dirs: Vec<TempDir> = (0..3).map(|i| TempDir::new(&format!("path{i}"))).collect();
    let mut paths = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        let mut cfg = cfg_in(dir, "out");
        cfg.file_size = Some(1_000_000);
        cfg.file_count = Some(3);
        cfg.direct = i == 0;
        cfg.packet_buffered = i == 2;
        let (summary, path) = write_with_output(&input, cfg);
        assert_eq!(summary.files.len(), 5);
        paths.push(path);
    }
    assert_eq!(paths, [IoPath::Direct, IoPath::Buffered, IoPath::Buffered]);
    let a = assert_same_files(&dirs[0], &dirs[1]);
    assert_same_files(&dirs[0], &dirs[2]);
    let sizes: Vec<u64> = a.iter().map(|(_, n)| *n).collect();
    // out0 and out1 were rewritten by the 4th and 5th files; out2 is the 3rd.
    assert_eq!(
        a.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["out0", "out1", "out2"]
    );
    assert_eq!(sizes, [1_000_122, 372_124, 1_000_041]);
}

/// The same through the command line: `capture -r IN -w OUT FLAGS` leaves exactly the files
/// `tcpdump -r IN -w OUT FLAGS` leaves, byte for byte.
#[test]
fn read_and_write_through_the_cli_matches_tcpdump() {
    let input_dir = TempDir::new("cli-input");
    make_input(&input_dir.path().join("micro.pcap"), 5500, false);
    make_input(&input_dir.path().join("nano.pcap"), 5500, true);
    for case in CASES {
        let input = input_dir
            .path()
            .join(if case.nano { "nano.pcap" } else { "micro.pcap" });
        let theirs = TempDir::new("cli-tcpdump");
        run_tcpdump(&input, &theirs.path().join(case.pattern), case.flags);
        let ours = TempDir::new("cli-ours");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_capture"))
            .arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(ours.path().join(case.pattern))
            .args(case.flags)
            .output()
            .unwrap();
        assert!(status.status.success(), "{:?}: {status:?}", case.flags);
        let sizes: Vec<u64> = assert_same_files(&theirs, &ours)
            .iter()
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(sizes, case.sizes, "{:?}", case.flags);
    }
}
