//! Output faults: a full disk (a 256 KiB tmpfs mounted by the test, always unmounted) and
//! unwritable or missing directories. Needs root for mount(8).

mod common;

use capture::writer::{IoPath, Output, OutputConfig, WriteError};
use common::{Tmpfs, records};

const TMPFS_BYTES: u64 = 256 * 1024;

fn disk_full(direct: bool) {
    let fs = Tmpfs::new("full", &format!("size={TMPFS_BYTES}"));
    let path = fs.path().join("full.pcap");
    let cfg = OutputConfig {
        path: path.display().to_string(),
        direct,
        ..OutputConfig::default()
    };
    let recs = records(1500, false);
    let mut out = Output::create(cfg, 1, 65535).unwrap();
    assert_eq!(
        out.io_path(),
        if direct {
            IoPath::Direct
        } else {
            IoPath::Buffered
        }
    );
    let mut errors = Vec::new();
    let mut dropped = 0;
    for r in &recs {
        if let Err(e) = out.write(r.ts_sec, r.ts_nsec, r.wirelen, &r.data) {
            dropped += e.dropped_packets();
            errors.push(e);
        }
    }
    let summary = out.finish().unwrap();

    // One report naming the file, then silent per-packet drops.
    let first = &errors[0];
    assert!(matches!(first, WriteError::Io { .. }), "{first:?}");
    assert_eq!(
        first.to_string(),
        format!(
            "{}: No space left on device; output stopped, file kept up to its last complete record",
            path.display()
        )
    );
    assert!(errors[1..].iter().all(|e| matches!(e, WriteError::Stopped)));

    // The file is valid up to its last complete record: the largest record boundary that fits
    // in the tmpfs, computed here from the record sizes alone.
    let mut end = 24u64;
    let mut fit = 0u64;
    for r in &recs {
        let next = end + 16 + r.data.len() as u64;
        if next > TMPFS_BYTES {
            break;
        }
        end = next;
        fit += 1;
    }
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len() as u64, end);
    let (_, on_disk) = common::read_records(&bytes);
    assert_eq!(on_disk.len() as u64, fit);
    assert_eq!(summary.packets, fit);
    // Every packet offered is either in the file or counted as a writer drop, once.
    assert_eq!(summary.dropped, 1500 - fit);
    assert_eq!(dropped, 1500 - fit);
    assert_eq!(summary.files, [path.display().to_string()]);
    // Figures for this input: 333 records fit in 256 KiB.
    assert_eq!((fit, end), (333, 261_747));
}

#[test]
fn disk_full_direct_keeps_file_valid_and_counts_drops() {
    disk_full(true);
}

#[test]
fn disk_full_buffered_keeps_file_valid_and_counts_drops() {
    disk_full(false);
}

#[test]
fn unwritable_or_missing_directory_fails_at_create() {
    let fs = Tmpfs::new("ro", "size=64k,ro");
    let path = fs.path().join("dump");
    let cfg = OutputConfig {
        path: path.display().to_string(),
        direct: true,
        file_size: Some(1_000_000),
        file_count: Some(3),
        ..OutputConfig::default()
    };
    let err = Output::create(cfg.clone(), 1, 65535).err().unwrap();
    // -W 3 names the first file dump0, and the message names it.
    assert_eq!(
        err.to_string(),
        format!("{}0: Read-only file system", path.display())
    );
    let missing = OutputConfig {
        path: fs.path().join("no/such/dir/dump").display().to_string(),
        ..cfg
    };
    let err = Output::create(missing.clone(), 1, 65535).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!("{}0: No such file or directory", missing.path)
    );
}
