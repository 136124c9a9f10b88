//! `capture index [--jobs N] [--force] FILE|DIR...`: writes `NAME.idx` beside capture files
//! written earlier, by capture or by tcpdump/dumpcap (pcap, pcapng, or zstd-compressed), in
//! parallel over files. Files whose index is already valid are left alone unless `--force`.
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Result, anyhow};
use clap::Parser;

use super::{Builder, FileKind, Index, build, index_path, ts_ns, write_atomic};
use crate::offline::Reader;

/// Build packet indexes for capture files, for `capture query`.
#[derive(Parser, Debug)]
#[command(name = "capture index")]
pub struct IndexArgs {
    /// Index this many files at once (default: the CPUs this process may use).
    #[arg(short = 'j', long = "jobs", value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Rebuild indexes that are already valid.
    #[arg(long = "force")]
    pub force: bool,
    /// Capture files, or directories whose capture files are all indexed.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,
}

/// What indexing one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    /// Packets indexed.
    pub packets: u32,
    /// Size of the index written.
    pub index_bytes: u64,
    /// Size of the capture file.
    pub file_bytes: u64,
    /// The file ended in a damaged record (libpcap's words): packets before it are indexed.
    pub damage: Option<String>,
}

/// Runs `capture index` with the words after `index`.
pub fn main(words: &[String]) -> Result<ExitCode> {
    let args = match IndexArgs::try_parse_from(
        std::iter::once("capture index".to_string()).chain(words.iter().cloned()),
    ) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return Ok(ExitCode::from(if e.use_stderr() { 1 } else { 0 }));
        }
    };
    let mut files = Vec::new();
    for p in &args.paths {
        files.extend(capture_files(p)?);
    }
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let out = Mutex::new(());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(files.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let line = match refresh(path, args.force) {
                        Ok(None) => format!("{}: index up to date", path.display()),
                        Ok(Some(r)) => {
                            let pct = 100.0 * r.index_bytes as f64 / r.file_bytes.max(1) as f64;
                            let mut l = format!(
                                "{}: {} packets indexed, {} bytes ({pct:.2}% of the file)",
                                path.display(),
                                r.packets,
                                r.index_bytes
                            );
                            if let Some(d) = r.damage {
                                l.push_str(&format!("; the file ends in a damaged record: {d}"));
                            }
                            l
                        }
                        Err(e) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            let _guard = out.lock();
                            eprintln!("capture: {}: {e:#}", path.display());
                            continue;
                        }
                    };
                    let _guard = out.lock();
                    println!("{line}");
                }
            });
        }
    });
    Ok(if failed.load(Ordering::Relaxed) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The capture files at `path`: the file itself, or a directory's files that start like a
/// capture (pcap, pcapng, zstd), sorted by name. Indexes and temporary files are not.
pub fn capture_files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let dir = std::fs::read_dir(path)
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    for entry in dir.flatten() {
        let p = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".idx") || name.ends_with(build::TEMP_SUFFIX) || name.ends_with(".part") {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let mut magic = [0u8; 4];
        let sniffed = File::open(&p)
            .and_then(|mut f| f.read_exact(&mut magic))
            .ok()
            .and_then(|()| FileKind::sniff(&magic));
        if sniffed.is_some() {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// Indexes `path` unless its index is valid already (or `force`); None when left alone.
pub fn refresh(path: &Path, force: bool) -> Result<Option<Indexed>> {
    let idx = index_path(path);
    if !force && Index::open(&idx, path).and_then(Index::load).is_ok() {
        return Ok(None);
    }
    remove_dead_temporaries(&idx);
    index_file(path).map(Some)
}

/// Reads the capture file at `path` once and writes its index atomically.
pub fn index_file(path: &Path) -> Result<Indexed> {
    let text = |e: io::Error| anyhow!("{}", crate::strerror(&e));
    let mut file = File::open(path).map_err(text)?;
    let file_bytes = file.metadata().map_err(text)?.len();
    let mut magic = [0u8; 4];
    file.read_exact(&mut magic).map_err(text)?;
    let kind = FileKind::sniff(&magic).ok_or_else(|| anyhow!("unknown file format"))?;
    let file = File::open(path).map_err(text)?;
    let input: Box<dyn Read> = match kind {
        FileKind::Capture => Box::new(BufReader::with_capacity(1 << 20, file)),
        FileKind::Zstd => Box::new(zstd::Decoder::new(file).map_err(text)?),
    };
    let mut rd = Reader::new(input)?;
    let mut b = Builder::new(rd.linktype as u32, rd.snaplen);
    if kind == FileKind::Zstd {
        b.set_sequential_only();
    }
    let first_linktype = rd.linktype;
    let mut mixed = false;
    let damage = loop {
        match rd.next_packet() {
            Ok(Some(p)) => {
                mixed |= p.linktype != first_linktype;
                b.add(ts_ns(p.ts), p.offset, p.data);
            }
            Ok(None) => break None,
            Err(e) => break Some(e.to_string()),
        }
    };
    if mixed {
        b.set_mixed();
    }
    if rd.has_late_headers() {
        b.set_sequential_only();
    }
    let packets = b.packets();
    let bytes = b
        .finish(file_bytes)
        .ok_or_else(|| anyhow!("too many packets for an index"))?;
    write_atomic(&index_path(path), &bytes).map_err(text)?;
    Ok(Indexed {
        packets,
        index_bytes: bytes.len() as u64,
        file_bytes,
        damage,
    })
}

/// Removes `NAME.idx.PID.tmp` files left by indexing processes that no longer run.
fn remove_dead_temporaries(idx: &Path) {
    let (Some(dir), Some(name)) = (idx.parent(), idx.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        let Some(pid) = n
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(build::TEMP_SUFFIX))
        else {
            continue;
        };
        if pid.bytes().all(|c| c.is_ascii_digit()) && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
