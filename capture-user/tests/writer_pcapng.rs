//! `--pcapng` output: every file (rotated, compressed, published, on either write path, on
//! standard output) is a complete pcapng file with its own section header and interface
//! description, packets exactly as given, and, when counters were given, an Interface
//! Statistics Block carrying them as of the file's close. Wireshark's tools (`capinfos`,
//! `tshark`) and capture's own `-r` read the files back.

mod common;
mod pcapng_check;

use std::path::Path;
use std::process::Command;

use capture::writer::{Output, OutputConfig, OutputSummary, PcapngStats, WriteError};
use common::{Rec, TempDir, Tmpfs, make_input, records, write_each};
use pcapng_check::{
    ENDTIME, FILTERACCEPT, IFDROP, IFRECV, OSDROP, STARTTIME, USRDELIV, check_with_wireshark,
    parse, run,
};

fn cfg(dir: &Path, pattern: &str) -> OutputConfig {
    OutputConfig {
        path: dir.join(pattern).display().to_string(),
        direct: true,
        pcapng: true,
        ..OutputConfig::default()
    }
}

fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// A record's timestamp in the interface's units.
fn ts(r: &Rec, nano: bool) -> u64 {
    if nano {
        r.ts_sec as u64 * 1_000_000_000 + u64::from(r.ts_nsec)
    } else {
        r.ts_sec as u64 * 1_000_000 + u64::from(r.ts_nsec / 1000)
    }
}

/// Counters that differ at every packet, so a statistics block shows which moment it is from.
fn stats_at(i: u64) -> PcapngStats {
    PcapngStats {
        received: 3 * i + 11,
        kernel_drops: i / 7,
        handoff_drops: i / 13,
        filter_accept: Some(3 * i + 11),
    }
}

/// Writes `recs`, calling `set_stats(stats_at(i))` before packet `i` when `with_stats`, and
/// `stats_at(len)` before finishing.
fn write_all(c: OutputConfig, recs: &[Rec], with_stats: bool) -> OutputSummary {
    let mut out = Output::create(c, 1, 65535).unwrap();
    for (i, r) in recs.iter().enumerate() {
        if with_stats {
            out.set_stats(stats_at(i as u64));
        }
        out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
    }
    if with_stats {
        out.set_stats(stats_at(recs.len() as u64));
    }
    out.finish().unwrap()
}

/// One file: interface, packets, and counters, all exact; Wireshark reads it.
#[test]
fn file_holds_every_packet_and_the_counters_given() {
    for nano in [false, true] {
        let dir = TempDir::new("one");
        let mut c = cfg(dir.path(), "one.pcapng");
        c.nano = nano;
        c.if_name = Some("veth-b".into());
        let recs = records(500, nano);
        let before = now_ns();
        let mut out = Output::create(c, 1, 65535).unwrap();
        for r in &recs {
            out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
        }
        // A writer drop (the output's own, after a write error) is not simulated here; the
        // handoff drops given are what isb_osdrop shows.
        out.set_stats(PcapngStats {
            received: 600,
            kernel_drops: 70,
            handoff_drops: 30,
            filter_accept: Some(600),
        });
        let s = out.finish().unwrap();
        let after = now_ns();
        let path = dir.path().join("one.pcapng");
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(s.bytes, bytes.len() as u64, "bytes counts every block");
        let f = parse(&bytes);
        assert_eq!(f.interface.linktype, 1);
        assert_eq!(f.interface.snaplen, 65535);
        assert_eq!(f.interface.name.as_deref(), Some("veth-b"));
        assert_eq!(f.interface.tsresol, Some(if nano { 9 } else { 6 }));
        assert_eq!(f.packets.len(), recs.len());
        for (p, r) in f.packets.iter().zip(&recs) {
            assert_eq!((p.ts, p.wirelen), (ts(r, nano), r.wirelen));
            assert!(p.data == r.data);
        }
        let st = f.stats.expect("a statistics block at the close");
        let unit = if nano { 1 } else { 1000 };
        let (start, end) = (st[&STARTTIME], st[&ENDTIME]);
        assert!(before / unit <= start && start <= end && end <= after / unit);
        assert_eq!(f.stats_ts, Some(end));
        assert_eq!(
            (
                st[&IFRECV],
                st[&IFDROP],
                st[&FILTERACCEPT],
                st[&OSDROP],
                st[&USRDELIV]
            ),
            (600, 70, 600, 30, 500)
        );
        let p = path.display().to_string();
        let lens: Vec<u32> = recs.iter().map(|r| r.wirelen).collect();
        check_with_wireshark(&p, &lens);
        // tshark sees the interface name and the nanosecond or microsecond timestamps.
        let first = run(
            "tshark",
            &[
                "-r",
                &p,
                "-c",
                "1",
                "-T",
                "fields",
                "-e",
                "frame.interface_name",
                "-e",
                "frame.time_epoch",
            ],
        );
        let frac = if nano {
            format!("{:09}", recs[0].ts_nsec)
        } else {
            format!("{:06}000", recs[0].ts_nsec / 1000)
        };
        assert_eq!(first, format!("veth-b\t{}.{frac}\n", recs[0].ts_sec));
        // capture's own reader: `-r F -w copy` gives exactly the pcap capture would have
        // written directly.
        let copy = dir.path().join("copy.pcap");
        let mut args = vec![
            "-r".to_owned(),
            p.clone(),
            "-w".into(),
            copy.display().to_string(),
        ];
        if nano {
            args.extend(["--time-stamp-precision".into(), "nano".into()]);
        }
        let st = Command::new(env!("CARGO_BIN_EXE_capture"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        let reference = make_input(&dir.path().join("ref.pcap"), 500, nano);
        assert!(std::fs::read(&copy).unwrap() == reference);
    }
}

/// `-C 1`: every file is complete and valid, is cut where tcpdump's rule cuts it counting
/// pcapng bytes, and carries the counters as they were when it was closed.
#[test]
fn size_rotation_makes_valid_files_with_counters_as_of_each_close() {
    let dir = TempDir::new("rot");
    let mut c = cfg(dir.path(), "out");
    c.file_size = Some(1_000_000);
    let recs = records(5500, false);
    let s = write_all(c, &recs, true);
    let names: Vec<&str> = s
        .files
        .iter()
        .map(|f| f.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["out", "out1", "out2", "out3", "out4"]);
    let mut first = 0usize;
    let mut total_bytes = 0u64;
    for (k, file) in s.files.iter().enumerate() {
        let bytes = std::fs::read(file).unwrap();
        total_bytes += bytes.len() as u64;
        let f = parse(&bytes);
        let n = f.packets.len();
        assert!(n > 0, "{file}");
        for (p, r) in f.packets.iter().zip(&recs[first..]) {
            assert_eq!((p.ts, p.wirelen), (ts(r, false), r.wirelen));
            assert!(p.data == r.data);
        }
        let last = k + 1 == s.files.len();
        if !last {
            // tcpdump's rule on pcapng bytes: the file was at most 1,000,000 bytes before its
            // last packet and over it after.
            let last_len = 28 + recs[first + n - 1].data.len().next_multiple_of(4) + 4;
            assert!(f.len_before_stats - last_len <= 1_000_000, "{file}");
            assert!(f.len_before_stats > 1_000_000, "{file}");
        }
        // Closed before packet `first + n` was written (or at the end): that moment's counters.
        let at = (first + n) as u64;
        let st = f.stats.expect("every file ends with statistics");
        let want = stats_at(at);
        assert_eq!(
            (
                st[&IFRECV],
                st[&IFDROP],
                st[&FILTERACCEPT],
                st[&OSDROP],
                st[&USRDELIV]
            ),
            (
                want.received,
                want.kernel_drops,
                want.received,
                want.handoff_drops,
                at
            ),
            "{file}"
        );
        let lens: Vec<u32> = recs[first..first + n].iter().map(|r| r.wirelen).collect();
        check_with_wireshark(file, &lens);
        first += n;
    }
    assert_eq!(first, 5500, "packets across all files == packets written");
    assert_eq!((s.packets, s.bytes), (5500, total_bytes));
}

/// The write paths and options do not change a byte: O_DIRECT, buffered, `-U`, zstd (after
/// decompression) and `--publish-atomic` give identical files; with `-W 3`, cycling overwrites
/// whole files that are still valid.
#[test]
fn every_path_writes_the_same_valid_files() {
    let recs = records(5500, false);
    let reference = TempDir::new("ref");
    let mut c = cfg(reference.path(), "out");
    c.file_size = Some(1_000_000);
    // No counters: no statistics block, whose times would differ from run to run.
    write_all(c.clone(), &recs, false);
    let want = reference.listing();
    assert_eq!(want.len(), 5);
    for variant in ["buffered", "-U", "zstd", "publish-atomic"] {
        let dir = TempDir::new("variant");
        let mut v = c.clone();
        v.path = dir.path().join("out").display().to_string();
        match variant {
            "buffered" => v.direct = false,
            "-U" => v.packet_buffered = true,
            "zstd" => v.compress = Some(capture::cli::Compression::Zstd),
            _ => v.publish_atomic = true,
        }
        write_all(v, &recs, false);
        let got = dir.listing();
        assert_eq!(got.len(), want.len(), "{variant}: {got:?}");
        for ((name, _), (got_name, _)) in want.iter().zip(&got) {
            let mut bytes = std::fs::read(dir.path().join(got_name)).unwrap();
            if variant == "zstd" {
                assert_eq!(got_name, &format!("{name}.zst"));
                bytes = zstd::decode_all(&bytes[..]).unwrap();
            } else {
                assert_eq!(got_name, name, "{variant}");
            }
            assert!(
                bytes == std::fs::read(reference.path().join(name)).unwrap(),
                "{variant}: {name}"
            );
        }
    }
    // With statistics, zstd files still decompress to valid pcapng with the block at the end.
    let dir = TempDir::new("zstd-stats");
    let mut z = c.clone();
    z.path = dir.path().join("out").display().to_string();
    z.compress = Some(capture::cli::Compression::Zstd);
    let s = write_all(z, &recs, true);
    let mut n = 0;
    for file in &s.files {
        let f = parse(&zstd::decode_all(&std::fs::read(file).unwrap()[..]).unwrap());
        n += f.packets.len();
        assert_eq!(f.stats.unwrap()[&USRDELIV], n as u64);
    }
    assert_eq!(n, 5500);
    // -W 3: out0, out1, out2, cycled over; each is whole.
    let dir = TempDir::new("cycle");
    let mut w = c.clone();
    w.path = dir.path().join("out").display().to_string();
    w.file_count = Some(3);
    let s = write_all(w, &recs, true);
    assert_eq!(s.files.len(), 5);
    let names: Vec<String> = dir.listing().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["out0", "out1", "out2"]);
    for name in &names {
        let f = parse(&std::fs::read(dir.path().join(name)).unwrap());
        assert!(!f.packets.is_empty() && f.stats.is_some(), "{name}");
    }
}

/// `-G` with no traffic: every window's file is a complete pcapng file with its statistics.
#[test]
fn time_rotation_without_traffic_closes_complete_files() {
    let dir = TempDir::new("idle");
    let mut c = cfg(dir.path(), "g-%s");
    c.rotate_seconds = Some(60);
    c.rotate_align = true;
    let mut out = Output::create_at(c, 1, 96, 1_000_030).unwrap();
    out.set_stats(stats_at(1));
    out.write_at(1_000_031, 1_000_031, 0, 100, &[7u8; 96])
        .unwrap();
    out.set_stats(stats_at(2));
    out.tick(1_000_080).unwrap();
    out.set_stats(stats_at(3));
    out.tick(1_000_205).unwrap();
    out.set_stats(stats_at(4));
    let s = out.finish().unwrap();
    let mut seen = Vec::new();
    for (k, file) in s.files.iter().enumerate() {
        let f = parse(&std::fs::read(file).unwrap());
        assert_eq!(f.interface.snaplen, 96);
        assert_eq!(f.interface.name, None, "no interface name given");
        let st = f.stats.unwrap();
        assert_eq!(st[&IFRECV], stats_at(k as u64 + 2).received, "{file}");
        assert_eq!(st[&USRDELIV], 1);
        seen.push(f.packets.len());
    }
    assert_eq!(seen, [1, 0, 0]);
}

/// An output dropped without `finish` (an error path) still ends its file with statistics.
#[test]
fn dropped_output_still_closes_the_file_properly() {
    let dir = TempDir::new("drop");
    let recs = records(100, false);
    {
        let mut out = Output::create(cfg(dir.path(), "d"), 1, 65535).unwrap();
        out.set_stats(stats_at(5));
        for r in &recs {
            out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data).unwrap();
        }
    }
    let f = parse(&std::fs::read(dir.path().join("d")).unwrap());
    assert_eq!(f.packets.len(), 100);
    assert_eq!(f.stats.unwrap()[&IFRECV], stats_at(5).received);
}

/// A full disk: the file is cut back to its last complete packet block (a valid pcapng file,
/// without statistics since it could not be closed normally), and every packet is either in it
/// or a writer drop. The writer's drops then show in later files' `isb_osdrop`.
#[test]
fn disk_full_keeps_a_valid_file_and_counts_drops() {
    const TMPFS_BYTES: u64 = 256 * 1024;
    for direct in [true, false] {
        let fs = Tmpfs::new("ng-full", &format!("size={TMPFS_BYTES}"));
        let path = fs.path().join("full.pcapng");
        let mut c = cfg(fs.path(), "full.pcapng");
        c.direct = direct;
        let recs = records(1500, false);
        let mut out = Output::create_at(c, 1, 65535, 100).unwrap();
        out.set_stats(stats_at(0));
        let mut errors = write_each(&mut out, 100, &recs);
        let summary = out.finish().unwrap();
        errors.extend(summary.error.clone());
        assert!(
            matches!(
                errors[0],
                WriteError::Io {
                    resumable: true,
                    ..
                }
            ),
            "{errors:?}"
        );
        let dropped: u64 = errors.iter().map(WriteError::dropped_packets).sum();
        let header = capture::writer::pcapng::file_header(1, 65535, None, false).len() as u64;
        let (mut end, mut fit) = (header, 0u64);
        for r in &recs {
            let next = end + capture::writer::pcapng::epb_len(r.data.len()) as u64;
            if next > TMPFS_BYTES {
                break;
            }
            end = next;
            fit += 1;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len() as u64, end, "direct={direct}");
        let f = parse(&bytes);
        assert_eq!(f.packets.len() as u64, fit);
        assert!(f.stats.is_none());
        assert_eq!((summary.packets, summary.dropped), (fit, 1500 - fit));
        assert_eq!(dropped, 1500 - fit);
        let lens: Vec<u32> = recs[..fit as usize].iter().map(|r| r.wirelen).collect();
        check_with_wireshark(&path.display().to_string(), &lens);
    }
}

/// The writer's own drops are added to `isb_osdrop`: after a full disk frees up, the next
/// file's statistics count the packets lost meanwhile.
#[test]
fn writer_drops_are_added_to_osdrop() {
    let fs = Tmpfs::new("ng-osdrop", "size=256k");
    let big = fs.path().join("filler");
    let mut c = cfg(fs.path(), "o");
    c.file_size = Some(1_000_000);
    let mut out = Output::create_at(c, 1, 65535, 100).unwrap();
    out.set_stats(PcapngStats {
        handoff_drops: 4,
        ..stats_at(0)
    });
    // Fill the disk, write into it until it fails, then free the space.
    std::fs::write(&big, vec![0u8; 200 * 1024]).unwrap();
    let recs = records(200, false);
    let mut lost: u64 = write_each(&mut out, 100, &recs)
        .iter()
        .map(WriteError::dropped_packets)
        .sum();
    out.flush().map_err(|e| lost += e.dropped_packets()).ok();
    assert!(lost > 0, "the disk filled up");
    std::fs::remove_file(&big).unwrap();
    // Next second: writing resumes in the same file.
    out.write_at(102, 1, 0, 60, &[1u8; 60]).unwrap();
    let s = out.finish().unwrap();
    lost += s.error.as_ref().map_or(0, WriteError::dropped_packets);
    assert_eq!(s.dropped, lost);
    let f = parse(&std::fs::read(fs.path().join("o")).unwrap());
    let st = f.stats.expect("closed normally after resuming");
    assert_eq!(st[&OSDROP], 4 + lost);
    assert_eq!(st[&USRDELIV], f.packets.len() as u64);
    assert_eq!(f.packets.len() as u64 + lost, 201);
}

/// The command line: `-r IN -w - --pcapng` writes pcapng to standard output, and
/// `-r IN -w OUT -C 1 --pcapng` rotated files; both read back by tshark and capture.
#[test]
fn command_line_writes_pcapng_to_stdout_and_rotated_files() {
    let dir = TempDir::new("cli");
    let input = dir.path().join("in.pcap");
    make_input(&input, 5500, false);
    let input = input.display().to_string();
    let recs = records(5500, false);
    let out = Command::new(env!("CARGO_BIN_EXE_capture"))
        .args(["-r", &input, "-w", "-", "--pcapng"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let f = parse(&out.stdout);
    assert_eq!(f.packets.len(), 5500);
    // No interface counters when converting a file: no statistics block.
    assert!(f.stats.is_none());
    let rotated = dir.path().join("r").display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_capture"))
        .args(["-r", &input, "-w", &rotated, "-C", "1", "--pcapng"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut first = 0;
    for name in ["r", "r1", "r2", "r3", "r4"] {
        let p = dir.path().join(name).display().to_string();
        let f = parse(&std::fs::read(&p).unwrap());
        let n = f.packets.len();
        let lens: Vec<u32> = recs[first..first + n].iter().map(|r| r.wirelen).collect();
        check_with_wireshark(&p, &lens);
        // capture reads its own pcapng back: as pcap on standard output, the same records.
        let back = Command::new(env!("CARGO_BIN_EXE_capture"))
            .args(["-r", &p, "-w", "-"])
            .output()
            .unwrap();
        assert!(back.status.success(), "{name}");
        let (_, got) = common::read_records(&back.stdout);
        assert_eq!(got.len(), n, "{name}");
        for (g, r) in got.iter().zip(&recs[first..]) {
            assert_eq!(
                (g.ts_sec, g.ts_nsec, g.wirelen),
                (r.ts_sec, r.ts_nsec, r.wirelen)
            );
            assert!(g.data == r.data, "{name}");
        }
        first += n;
    }
    assert_eq!(first, 5500);
    assert!(!dir.path().join("r5").exists());
}
