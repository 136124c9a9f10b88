//! `capture index [--jobs N] [--force] FILE|DIR...`: writes `NAME.idx` beside capture files
//! written earlier, by capture or by tcpdump/dumpcap (pcap, pcapng, or zstd-compressed), in
//! parallel over files. Files whose index is already valid are left alone unless `--force`.
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::StdoutError;

use super::{Builder, FileKind, Index, build, format, index_path, ts_ns, write_atomic};
use crate::offline::{Reader, dlt_to_linktype};

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
    /// Print one line per file on standard output: packets indexed and the index's size.
    #[arg(short = 'v', long = "verbose")]
    pub verbose: bool,
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

/// clap's account of a mistake as one line: its message (the lines before the usage, tips
/// left out, `error: ` taken off) and where the usage is.
fn one_line(text: &str) -> String {
    let message = text.split("\n\n").next().unwrap_or_default();
    let words: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
        .collect();
    let joined = words.join(" ");
    let joined = joined.strip_prefix("error: ").unwrap_or(&joined);
    format!("{joined} (capture index --help)")
}

/// Runs `capture index` with the words after `index`.
pub fn main(words: &[OsString]) -> Result<ExitCode> {
    let args = match IndexArgs::try_parse_from(
        std::iter::once(OsString::from("capture index")).chain(words.iter().cloned()),
    ) {
        Ok(a) => a,
        Err(e) if e.use_stderr() => {
            eprintln!("capture index: {}", one_line(&e.to_string()));
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            let _ = e.print();
            return Ok(ExitCode::SUCCESS);
        }
    };
    let mut files = Vec::new();
    for p in &args.paths {
        files.extend(capture_files(p)?);
    }
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = args.jobs {
        pool = pool.num_threads(usize::from(j));
    }
    let pool = pool.build()?;
    // A progress bar on a terminal only: piped or redirected, stderr holds only problems.
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} (eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let results: Vec<Result<Option<Indexed>>> = pool.install(|| {
        files
            .par_iter()
            .map(|(path, kind)| {
                let r = refresh(path, *kind, args.force);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut failed = false;
    let (mut indexed, mut fresh, mut packets, mut index_bytes, mut file_bytes) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut out = std::io::stdout().lock();
    for ((path, _), r) in files.iter().zip(results) {
        match r {
            Ok(None) => {
                fresh += 1;
                if args.verbose {
                    writeln!(out, "{}: index up to date", path.display()).map_err(StdoutError)?;
                }
            }
            Ok(Some(r)) => {
                indexed += 1;
                packets += u64::from(r.packets);
                index_bytes += r.index_bytes;
                file_bytes += r.file_bytes;
                if let Some(d) = &r.damage {
                    eprintln!(
                        "capture: {}: indexed up to a damaged record: {d}",
                        path.display()
                    );
                }
                if args.verbose {
                    writeln!(
                        out,
                        "{}: {} packets, index {} bytes ({:.2}% of {} bytes)",
                        path.display(),
                        r.packets,
                        r.index_bytes,
                        100.0 * r.index_bytes as f64 / r.file_bytes.max(1) as f64,
                        r.file_bytes
                    )
                    .map_err(StdoutError)?;
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("capture: {}: {e:#}", path.display());
            }
        }
    }
    if std::io::stderr().is_terminal() {
        eprintln!(
            "capture: indexed {indexed} files ({packets} packets; index {index_bytes} bytes, \
             {:.2}% of {file_bytes}), {fresh} already up to date",
            100.0 * index_bytes as f64 / file_bytes.max(1) as f64
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The capture files at `path` with their kind: the file itself, or a directory's files that
/// start like a capture (pcap, pcapng, zstd), sorted by name. Indexes, temporary files and
/// files still being written (`.part`) are not.
pub fn capture_files(path: &Path) -> Result<Vec<(PathBuf, FileKind)>> {
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    if !meta.is_dir() {
        let kind =
            sniff(path)?.ok_or_else(|| anyhow!("{}: unknown file format", path.display()))?;
        return Ok(vec![(path.to_path_buf(), kind)]);
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
        // A file that cannot be read or is not a capture is not one of the files asked for.
        if let Ok(Some(kind)) = sniff(&p) {
            out.push((p, kind));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What a file is, from its first bytes (None: not a capture file).
fn sniff(path: &Path) -> Result<Option<FileKind>> {
    let mut magic = [0u8; 4];
    let mut f =
        File::open(path).map_err(|e| anyhow!("{}: {}", path.display(), crate::strerror(&e)))?;
    let mut got = 0;
    while got < 4 {
        match f.read(&mut magic[got..]) {
            Ok(0) => return Ok(None),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(anyhow!("{}: {}", path.display(), crate::strerror(&e))),
        }
    }
    Ok(FileKind::sniff(&magic))
}

/// Indexes `path` unless its index is valid already (or `force`); None when left alone.
pub fn refresh(path: &Path, kind: FileKind, force: bool) -> Result<Option<Indexed>> {
    let idx = index_path(path);
    remove_dead_temporaries(&idx);
    if !force && Index::open(&idx, path).and_then(Index::load).is_ok() {
        return Ok(None);
    }
    index_file(path, kind).map(Some)
}

/// Reads the capture file at `path` (of `kind`) once and writes its index atomically.
pub fn index_file(path: &Path, kind: FileKind) -> Result<Indexed> {
    let text = |e: io::Error| anyhow!("{}", crate::strerror(&e));
    let file = File::open(path).map_err(text)?;
    // The file as it is before reading: if it changes while it is read, the index is stale.
    let meta = file.metadata().map_err(text)?;
    let file_bytes = meta.len();
    let input: Box<dyn Read> = match kind {
        FileKind::Capture => Box::new(BufReader::with_capacity(1 << 20, file)),
        FileKind::Zstd => Box::new(zstd::Decoder::new(file).map_err(text)?),
    };
    // Timestamps in nanoseconds, whatever the file's precision.
    let mut rd = Reader::new(input, true)?;
    // The index keeps the file's LINKTYPE_ value, as a file header has it.
    let linktype = dlt_to_linktype(rd.linktype).unwrap_or(rd.linktype as u32);
    let mut b = Builder::new(linktype, rd.snaplen);
    if kind == FileKind::Zstd {
        b.set_sequential_only();
    }
    let damage = loop {
        match rd.next_packet() {
            Ok(Some(p)) => b.add(ts_ns(p.ts), p.offset, p.data),
            Ok(None) => break None,
            Err(e) => break Some(e.to_string()),
        }
    };
    if !rd.seekable() {
        b.set_sequential_only();
    }
    if damage.is_some() {
        b.set_damaged();
    }
    let packets = b.packets();
    let bytes = b
        .finish(file_bytes, format::mtime_ns(&meta))
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
