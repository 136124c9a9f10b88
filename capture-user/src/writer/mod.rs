//! The output side: pcap files written as tcpdump writes them (or pcapng with `--pcapng`),
//! rotated as tcpdump rotates them (`-C`, `-W`, `-G`, `-z`), through O_DIRECT where the
//! filesystem allows it.
//!
//! [`Output`] is the one entry point. The live engine's writer thread and the `-r ... -w` path
//! create it from an [`OutputConfig`], call [`Output::write`] per packet, [`Output::tick`] about
//! once a second (so `-G` windows close with no traffic and the open file reaches its true
//! length), and [`Output::finish`] at the end.
//!
//! Counting drops: add [`WriteError::dropped_packets`] of every error from `write`, `flush` and
//! `tick` to the writer bucket, and print each error except [`WriteError::Stopped`] (one line,
//! reported once). [`WriteError::FileLimitReached`] ends the capture successfully; an
//! [`WriteError::Io`] that is not `resumable` ends it with a failure status. The summary from
//! `finish` has the totals, and any error met while closing the last file.
//!
//! With `--pcapng`, the caller also says where its drop counters come from, with
//! [`Output::set_stats_source`] (the live engine reads its workers' counters) or
//! [`Output::set_stats`]; each file closed afterwards ends with an Interface Statistics Block
//! carrying them as of its close.
//!
//! Layout: [`pcap`] and [`pcapng`] encode the formats, [`rotate`] holds tcpdump's naming and
//! cycling rules as a pure state machine, [`direct`] is the byte sink (O_DIRECT from a pool of
//! reused aligned buffers written by an I/O thread, or buffered), [`compress`] the optional zstd
//! stream.

pub mod compress;
pub mod direct;
pub mod pcap;
pub mod pcapng;
pub mod rotate;

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::thread::JoinHandle;

use crate::index;
use crate::upload::{Drops, FileFacts, Publisher, UploadConfig, UploadSummary, Uploader};
use crate::{clock::now_ns, strerror};
use capture_print::cnum::atoi;
pub use direct::IoPath;
use direct::Sink;
pub use pcapng::PcapngStats;
use rotate::{NameError, Rotation, Step};

/// Where a pcapng output gets the capture's counters when it closes a file; see
/// [`Output::set_stats_source`].
pub type StatsSource = Box<dyn FnMut() -> PcapngStats + Send>;

/// Everything that can go wrong on the output side. Messages are one line and name the path or
/// value at fault; the caller prefixes the program name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// `-C` is not a positive whole number (tcpdump's wording).
    #[error("invalid file size {0}")]
    InvalidFileSize(String),
    /// `-C` times 1,000,000 overflows.
    #[error("file size {0} is too large")]
    FileSizeTooLarge(String),
    /// `-W` is not a positive number (tcpdump's wording).
    #[error("invalid number of output files {0}")]
    InvalidFileCount(String),
    /// `-G` is negative (tcpdump's wording).
    #[error("invalid number of seconds {0}")]
    InvalidSeconds(String),
    /// `--max-total-size` is not a size.
    #[error("invalid total size {0}")]
    InvalidTotalSize(String),
    /// Options that cannot be combined, or are missing what they need.
    #[error("{0}")]
    Usage(String),
    /// A file name could not be built from the `-w` pattern.
    #[error(transparent)]
    Name(#[from] NameError),
    /// An output file could not be created (unwritable directory, no such directory, ...).
    #[error("{path}: {msg}")]
    Open {
        /// The file that could not be created.
        path: String,
        /// The system's reason.
        msg: String,
    },
    /// Writing, truncating or renaming failed (disk full, I/O error). The file is cut back to its
    /// last complete record; `lost` packets (this one and any still buffered) are writer drops.
    /// With `resumable` (disk full or quota, without `--exit-on-disk-full`) the output retries
    /// about once a second and goes on in the same file when space frees up; otherwise writing
    /// has stopped for good and the caller should end the capture with a failure status.
    #[error("{path}: {msg}; {}", if *.resumable {
        "dropping packets until space frees up, file kept up to its last complete record"
    } else {
        "output stopped, file kept up to its last complete record"
    })]
    Io {
        /// The file being written.
        path: String,
        /// The system's reason (e.g. "No space left on device").
        msg: String,
        /// Packets lost by this failure: the one being written and any accepted but unwritten.
        lost: u64,
        /// Whether writing will resume by itself when space frees up.
        resumable: bool,
    },
    /// Writing is suspended or stopped after a [`WriteError::Io`] that was already returned
    /// once; this packet was dropped. Count it, do not print it.
    #[error("output suspended after an earlier write error; packet dropped")]
    Stopped,
    /// `-G` with `-W` (and no `-C`) has written its files: tcpdump's message; the caller should
    /// end the capture successfully. The packet was not written.
    #[error("Maximum file limit reached: {0}")]
    FileLimitReached(u32),
    /// `-w -`: the reader of standard output has gone (`capture -w - | head -c 1000`). tcpdump's
    /// SIGPIPE handler ends the capture as an interrupt does, without a word and successfully;
    /// the caller should do the same. What was accepted and not yet written is not counted as
    /// lost: the reader chose not to take it.
    #[error("-: the reader has gone")]
    ReaderGone,
}

impl WriteError {
    /// How many packets this error, returned by [`Output::write`], stands for in the writer's
    /// drop bucket.
    pub fn dropped_packets(&self) -> u64 {
        match self {
            WriteError::Io { lost, .. } => *lost,
            WriteError::Stopped => 1,
            // From `write`: the next file could not be created or named, this packet is lost.
            WriteError::Open { .. } | WriteError::Name(_) => 1,
            _ => 0,
        }
    }
}

/// How the output is written: tcpdump's `-w -C -W -G -z -U` and the long-option extensions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputConfig {
    /// `-w`: the file name, or pattern with `-G`; `-` is standard output.
    pub path: String,
    /// `-C`: rotate when a file holds more than this many bytes (`-C N` is N * 1,000,000).
    pub file_size: Option<u64>,
    /// `-W`: with `-C`, cycle through this many files; with `-G` alone, stop after this many.
    pub file_count: Option<u32>,
    /// `-G`: start a new file every this many seconds (never 0).
    pub rotate_seconds: Option<u64>,
    /// `-z`: command run as `COMMAND FILE` on each closed file (not waited for by rotation).
    pub postrotate: Option<String>,
    /// `-U`: write each packet out as soon as it arrives (forces the buffered path).
    pub packet_buffered: bool,
    /// Nanosecond pcap magic and timestamps (`--time-stamp-precision nano`).
    pub nano: bool,
    /// Use O_DIRECT for regular files where allowed (`false` with `--no-direct`).
    pub direct: bool,
    /// `--rotate-align`: `-G` windows start on multiples of the period since the epoch.
    pub rotate_align: bool,
    /// `--max-total-size`: delete the oldest closed files of this run beyond this many bytes.
    pub max_total_size: Option<u64>,
    /// `--publish-atomic`: write `NAME.part`, rename to `NAME` once closed.
    pub publish_atomic: bool,
    /// `--print-closed`: print each closed file's name on stdout.
    pub print_closed: bool,
    /// `--exit-on-disk-full`: a full disk stops the output for good instead of waiting for space.
    pub exit_on_disk_full: bool,
    /// `--compress zstd`: each file is one zstd stream named `NAME.zst`; `-C` counts the
    /// uncompressed bytes, so each file decompresses to exactly what would have been written.
    /// A write failure then stops the output (a compressed stream cannot be cut at a record).
    pub compress: Option<crate::cli::Compression>,
    /// `--pcapng`: write pcapng (section and interface description per file, an interface
    /// statistics block at each close) instead of pcap.
    pub pcapng: bool,
    /// The capture interface's name, for pcapng's `if_name` (set by the live engine; the command
    /// line alone may name it by number, or not at all).
    pub if_name: Option<String>,
    /// `--index`: beside each closed file, its packet index `NAME.idx` (see `crate::index`),
    /// built from the records as they are written and published once the file is.
    pub index: bool,
    /// `--upload`: each published file (with its index) goes to S3-compatible storage (see
    /// `crate::upload`); retention keeps files until they are uploaded.
    pub upload: Option<UploadConfig>,
}

/// tcpdump's `-C` parse (`strtoint64_t` with the whole string consumed, then `> 0`).
pub(crate) fn parse_file_size(s: &str) -> Result<u64, WriteError> {
    let invalid = || WriteError::InvalidFileSize(s.to_owned());
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let n: i64 = t.parse().map_err(|_| invalid())?;
    if n <= 0 {
        return Err(invalid());
    }
    if n > i64::MAX / 1_000_000 {
        return Err(WriteError::FileSizeTooLarge(s.to_owned()));
    }
    Ok(n as u64 * 1_000_000)
}

/// tcpdump's `-W` parse (`atoi` into an int, then `> 0`).
pub(crate) fn parse_file_count(s: &str) -> Result<u32, WriteError> {
    match atoi(s) {
        n if n <= 0 => Err(WriteError::InvalidFileCount(s.to_owned())),
        n => Ok(n as u32),
    }
}

/// tcpdump's `-G` parse (`atoi` into an int, then `>= 0`); `-G 0` (or `-G x`, which atoi
/// reads as 0) means no time rotation.
pub(crate) fn parse_rotate_seconds(s: &str) -> Result<Option<u64>, WriteError> {
    match atoi(s) {
        n if n < 0 => Err(WriteError::InvalidSeconds(s.to_owned())),
        0 => Ok(None),
        n => Ok(Some(n as u64)),
    }
}

/// `--max-total-size`: bytes, or a number with k/M/G/T (powers of 1000) or KiB/MiB/GiB/TiB.
fn parse_total_size(s: &str) -> Result<u64, WriteError> {
    let invalid = || WriteError::InvalidTotalSize(s.to_owned());
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = s[..digits].parse().map_err(|_| invalid())?;
    let mult: u64 = match &s[digits..] {
        "" => 1,
        "k" | "K" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "TiB" => 1 << 40,
        _ => return Err(invalid()),
    };
    match n.checked_mul(mult) {
        Some(v) if v > 0 => Ok(v),
        _ => Err(invalid()),
    }
}

impl OutputConfig {
    /// Builds the output configuration from the command line, checking values with tcpdump's
    /// rules and messages (`invalid file size 1k`, ...). tcpdump 4.99.3 accepts `-W` without
    /// `-C`/`-G` (it then has no effect); so does this.
    pub fn from_args(args: &crate::cli::Args) -> Result<Self, WriteError> {
        let path = args
            .write
            .clone()
            .ok_or_else(|| WriteError::Usage("no output file: -w FILE is needed".into()))?;
        let file_size = args.file_size.as_deref().map(parse_file_size).transpose()?;
        let file_count = args
            .file_count
            .as_deref()
            .map(parse_file_count)
            .transpose()?;
        let rotate_seconds = args
            .rotate_seconds
            .as_deref()
            .map(parse_rotate_seconds)
            .transpose()?
            .flatten();
        let max_total_size = args
            .max_total_size
            .as_deref()
            .map(parse_total_size)
            .transpose()?;
        if args.rotate_align && rotate_seconds.is_none() {
            return Err(WriteError::Usage("--rotate-align needs -G SECONDS".into()));
        }
        Ok(OutputConfig {
            path,
            file_size,
            file_count,
            rotate_seconds,
            postrotate: args.postrotate.clone(),
            packet_buffered: args.packet_buffered,
            nano: args.nano(),
            direct: !args.no_direct,
            rotate_align: args.rotate_align,
            max_total_size,
            publish_atomic: args.publish_atomic,
            print_closed: args.print_closed,
            exit_on_disk_full: args.exit_on_disk_full,
            compress: args.compress,
            pcapng: args.pcapng,
            if_name: None,
            index: args.index,
            upload: args
                .upload
                .as_deref()
                .map(|u| UploadConfig::parse(u, args.s3_endpoint.as_deref()))
                .transpose()
                .map_err(|e| WriteError::Usage(e.to_string()))?,
        })
    }
}

/// What an [`Output`] did, returned by [`Output::finish`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputSummary {
    /// Every file closed, in order (a name appears again each time `-W` cycles back to it).
    pub files: Vec<String>,
    /// Packets written (and still in their files, disk failures excluded).
    pub packets: u64,
    /// Bytes written across all files, headers included (before compression).
    pub bytes: u64,
    /// Packets given to `write` that are not in any file (writer drops).
    pub dropped: u64,
    /// Files deleted by `--max-total-size`.
    pub deleted: Vec<String>,
    /// Times writing resumed after the disk had filled up.
    pub resumed: u64,
    /// An error met while closing the last file, not returned by any earlier call.
    pub error: Option<WriteError>,
    /// Aligned buffers allocated for the whole run (at most [`direct::POOL`]).
    pub buffers_allocated: usize,
    /// The write path of the last file.
    pub io_path: Option<IoPath>,
    /// `--upload`: what the uploads did (the uploader has been stopped).
    pub upload: Option<UploadSummary>,
    /// `--index`: the files whose index was given up because the capture fell behind
    /// ([`Output::give_up_index`]), in order; None without `--index`.
    pub indexes_given_up: Option<Vec<String>>,
}

/// What an [`Output`] has done so far ([`Output::progress`]): cheap to take after every write
/// pass, for the metrics endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputProgress {
    /// Files closed so far (a name `-W` reuses counts each time it is closed).
    pub files_closed: u64,
    /// Files deleted by `--max-total-size`.
    pub files_deleted: u64,
    /// Bytes on disk of the closed files of this run still there (what `--max-total-size`
    /// counts: compressed sizes with `--compress`).
    pub retained_bytes: u64,
    /// Bytes written to the open file, header included (before compression, as `-C` counts).
    pub open_file_bytes: u64,
    /// Closed files whose `-z` command is still running.
    pub postrotate_running: u64,
    /// `--upload`: how the uploads are going.
    pub upload: Option<UploadProgress>,
    /// `--index`: files whose index was given up because the capture fell behind.
    pub indexes_given_up: u64,
}

/// `--upload`'s figures in [`OutputProgress`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UploadProgress {
    /// Files uploaded so far.
    pub uploaded: u64,
    /// Files published and waiting for upload (in the spool).
    pub pending: u64,
    /// Files retention kept because they were not uploaded.
    pub kept_not_uploaded: u64,
    /// Upload attempts that failed.
    pub failed_attempts: u64,
    /// Whether the last attempt failed.
    pub failing: bool,
}

struct Current {
    /// The final name (what `-z`, `--print-closed` and the summary see).
    name: String,
    /// What is open: `name`, or `name.part` with `--publish-atomic`.
    open_path: PathBuf,
    /// Bytes appended so far, header included (tcpdump's `ftell`).
    len: u64,
    /// Length of the file header (pcap's 24 bytes, or pcapng's section and interface blocks).
    header_len: u64,
    /// Packets appended to this file.
    packets: u64,
    /// With compression: packets known decodable from the file (flushed through zstd).
    synced_packets: u64,
    /// `--index`: the file's index so far. Dropped when a write fails (the records it holds
    /// may no longer be in the file): that file then gets no index.
    index: Option<index::Builder>,
    /// The first and last packets' time stamps as the file holds them (ns since the epoch).
    first_ns: Option<u64>,
    last_ns: u64,
    /// `--upload`: the drop buckets when the file was opened.
    drops_at_open: Drops,
    /// `--upload`: the file's ticket, journaled when it was opened.
    ticket: Option<u64>,
}

/// A pcap or pcapng output: one file, or a rotating series of them. See the module documentation.
pub struct Output {
    cfg: OutputConfig,
    rotation: Rotation,
    sink: Sink,
    zstd: Option<compress::Zstd>,
    /// What starts every file: pcap's file header, or pcapng's section and interface blocks.
    header: Vec<u8>,
    /// pcapng: where the counters of each Interface Statistics Block come from (none given: no
    /// block).
    stats: Option<StatsSource>,
    /// pcapng: when this output started, in nanoseconds since the epoch (`isb_starttime`).
    started_ns: u64,
    current: Option<Current>,
    /// End offsets of records not yet known to be on disk; the front is dropped as writes land.
    ends: VecDeque<u64>,
    /// End of the last record known to be on disk (the header's end for an empty file).
    safe_end: u64,
    /// What was on disk when `ends` was last settled (`u64::MAX`: not since it was cleared).
    settled: u64,
    /// Closed files of this run still on disk, oldest first, for `--max-total-size`: name,
    /// bytes on disk, and the upload ticket with `--upload`.
    retained: VecDeque<(String, u64, Option<u64>)>,
    /// Their bytes, together.
    retained_bytes: u64,
    children: Vec<Child>,
    /// Where `--print-closed` prints; standard output unless redirected.
    closed_out: Option<Box<dyn io::Write + Send>>,
    summary: OutputSummary,
    /// Writing has stopped for good (an I/O error, or a full disk with `--exit-on-disk-full`).
    stopped: bool,
    /// The disk is full: packets are dropped until `retry_at`, then writing is tried again.
    full: bool,
    retry_at: i64,
    /// The latest wall-clock second seen (by `write_at` or `tick`).
    now: i64,
    done: bool,
    finished: bool,
    /// pcap records, uncompressed, not written through, no `-G`: [`Output::write`] may take
    /// its short path whenever the file needs no `-C` rotation.
    plain: bool,
    /// The link type and snapshot length of the files (for their indexes).
    linktype: u32,
    snaplen: u32,
    /// `--index`: indexes of closed files being finished and written on their own threads.
    indexing: Vec<(String, JoinHandle<()>)>,
    /// `--index`: the memory of finished indexes, for the next files'.
    index_buffers: index::Recycle,
    /// `--upload`: the uploader thread and its spool.
    uploader: Option<Uploader>,
    /// `--upload`: tickets of retained files retention has already counted as kept.
    kept_counted: std::collections::HashSet<u64>,
}

fn wall_clock() -> i64 {
    (now_ns() / 1_000_000_000) as i64
}

/// `--upload`'s spool: `.NAME.upload` beside the first file, NAME being the `-w` argument's own
/// name (two captures writing into one directory have different names).
fn spool_dir(pattern: &str, first: &str) -> PathBuf {
    let dir = Path::new(first)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let base = Path::new(pattern).file_name().map_or_else(
        || "capture".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Absolute: the journal names the spool's links, and a restart may start elsewhere.
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.join(format!(".{base}.upload"))
}

impl Output {
    /// Opens the first file (named as tcpdump names it) and writes its header. An unwritable
    /// path fails here, with the path in the message.
    pub fn create(cfg: OutputConfig, linktype: u32, snaplen: u32) -> Result<Self, WriteError> {
        Self::create_at(cfg, linktype, snaplen, wall_clock())
    }

    /// [`Output::create`] with the clock given (tests, and callers that own a clock).
    pub fn create_at(
        cfg: OutputConfig,
        linktype: u32,
        snaplen: u32,
        now: i64,
    ) -> Result<Self, WriteError> {
        let rotation = Rotation::new(
            &cfg.path,
            cfg.file_size,
            cfg.file_count,
            cfg.rotate_seconds,
            cfg.rotate_align,
            now,
        );
        let first = rotation.current_name()?;
        let zstd = match cfg.compress {
            Some(crate::cli::Compression::Zstd) => {
                Some(compress::Zstd::new().map_err(|e| WriteError::Usage(e.to_string()))?)
            }
            None => None,
        };
        let header = if cfg.pcapng {
            pcapng::file_header(linktype, snaplen, cfg.if_name.as_deref(), cfg.nano)
        } else {
            pcap::file_header(linktype, snaplen, cfg.nano).to_vec()
        };
        let plain =
            !cfg.pcapng && zstd.is_none() && !cfg.packet_buffered && cfg.rotate_seconds.is_none();
        let uploader = match &cfg.upload {
            Some(up) => {
                let up = UploadConfig {
                    interface: cfg.if_name.clone().unwrap_or_else(|| "-".to_owned()),
                    ..up.clone()
                };
                Some(
                    Uploader::start(up, spool_dir(&cfg.path, &first))
                        .map_err(|e| WriteError::Usage(e.to_string()))?,
                )
            }
            None => None,
        };
        let indexed = cfg.index;
        let mut out = Output {
            plain,
            linktype,
            snaplen,
            indexing: Vec::new(),
            index_buffers: index::Recycle::default(),
            uploader,
            kept_counted: std::collections::HashSet::new(),
            cfg,
            rotation,
            sink: Sink::new(),
            zstd,
            header,
            stats: None,
            started_ns: now_ns(),
            current: None,
            ends: VecDeque::new(),
            safe_end: 0,
            settled: u64::MAX,
            retained: VecDeque::new(),
            retained_bytes: 0,
            children: Vec::new(),
            closed_out: None,
            summary: OutputSummary {
                indexes_given_up: indexed.then(Vec::new),
                ..OutputSummary::default()
            },
            stopped: false,
            full: false,
            retry_at: 0,
            now,
            done: false,
            finished: false,
        };
        out.open(first)?;
        Ok(out)
    }

    /// Sends `--print-closed` lines to `w` instead of standard output.
    pub fn set_closed_printer(&mut self, w: Box<dyn io::Write + Send>) {
        self.closed_out = Some(w);
    }

    /// Gives the pcapng output its counters: `source` is called as each file is closed
    /// (rotation, `tick`, `finish`, drop), so every Interface Statistics Block carries the
    /// counters as of its own close. It runs on the writer's thread and should only read
    /// counters. The writer adds its own drops to `isb_osdrop` and its packet count as
    /// `isb_usrdeliv`. Without `--pcapng` this does nothing; without a source (`-r ... -w`) no
    /// statistics block is written, since there are no interface counters to report. With
    /// `--upload`, each file's manifest also gives the counters' growth while it was open.
    pub fn set_stats_source(&mut self, source: StatsSource) {
        if self.cfg.pcapng || self.uploader.is_some() {
            self.stats = Some(source);
        }
    }

    /// [`Output::set_stats_source`] with fixed figures, for callers that update them
    /// themselves: files closed from now on (until the next call) carry these.
    pub fn set_stats(&mut self, stats: PcapngStats) {
        self.set_stats_source(Box::new(move || stats));
    }

    /// Gives the file being written to `uid`:`gid`: tcpdump opens its first file before it gives
    /// up root for `-Z`, and hands the file to that user.
    pub fn chown_current(&self, uid: u32, gid: u32) -> Result<(), WriteError> {
        match &self.current {
            Some(cur) => {
                std::os::unix::fs::chown(&cur.open_path, Some(uid), Some(gid)).map_err(|e| {
                    WriteError::Open {
                        path: cur.open_path.display().to_string(),
                        msg: crate::strerror(&e),
                    }
                })
            }
            None => Ok(()),
        }
    }

    /// The write path of the current file (`-v` reports it).
    pub fn io_path(&self) -> IoPath {
        self.sink.io_path()
    }

    /// The name of the file being written.
    pub fn current_file(&self) -> Option<&str> {
        self.current.as_ref().map(|c| c.name.as_str())
    }

    /// What the output has done so far.
    pub fn progress(&self) -> OutputProgress {
        let upload = self.uploader.as_ref().map(|u| {
            let s = u.publisher().summary();
            UploadProgress {
                uploaded: s.files_uploaded,
                pending: s.files_pending,
                kept_not_uploaded: s.kept_not_uploaded,
                failed_attempts: s.failed_attempts,
                failing: s.failing.is_some(),
            }
        });
        OutputProgress {
            files_closed: self.summary.files.len() as u64,
            files_deleted: self.summary.deleted.len() as u64,
            retained_bytes: self.retained_bytes,
            open_file_bytes: self.current.as_ref().map_or(0, |c| c.len),
            postrotate_running: self.children.len() as u64,
            upload,
            indexes_given_up: self
                .summary
                .indexes_given_up
                .as_ref()
                .map_or(0, |v| v.len() as u64),
        }
    }

    /// True once `-G` with `-W` has written all its files: the caller should stop capturing.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Writes one packet: `data` is the captured part (caplen bytes), `wirelen` its length on the
    /// wire. Rotates first if tcpdump would (`-G` window over, or the file already larger than
    /// `-C`). Errors: [`WriteError::FileLimitReached`] (stop, successfully), [`WriteError::Io`]
    /// once when the disk fails, then [`WriteError::Stopped`] for each later packet.
    pub fn write(
        &mut self,
        ts_sec: i64,
        ts_nsec: u32,
        wirelen: u32,
        data: &[u8],
    ) -> Result<(), WriteError> {
        self.put(ts_sec, u64::from(ts_nsec), wirelen, data)
    }

    /// [`Output::write`] for a record read from a capture file (`-r ... -w`): `frac` is the
    /// fraction of a second as the reader gave it, in this output's unit (micro- or
    /// nanoseconds), and is stored unchanged, as libpcap copies a damaged file's fraction of a
    /// second or more.
    pub fn copy(
        &mut self,
        ts_sec: i64,
        frac: u32,
        wirelen: u32,
        data: &[u8],
    ) -> Result<(), WriteError> {
        let ns = if self.cfg.nano {
            u64::from(frac)
        } else {
            u64::from(frac) * 1000
        };
        self.put(ts_sec, ns, wirelen, data)
    }

    /// [`Output::write`] with the fraction in nanoseconds, a second or more allowed.
    fn put(
        &mut self,
        ts_sec: i64,
        ts_nsec: u64,
        wirelen: u32,
        data: &[u8],
    ) -> Result<(), WriteError> {
        if self.plain && !(self.done || self.stopped || self.full) {
            let len = self.current.as_ref().map(|c| c.len);
            if len.is_some_and(|len| self.rotation.keeps_size(len)) {
                // Nothing to rotate, probe or encode: the record goes straight into the buffer.
                let hdr =
                    pcap::record_header(ts_sec, ts_nsec, data.len() as u32, wirelen, self.cfg.nano);
                self.stamp(ts_sec, ts_nsec);
                let result = self.sink.append_record(&hdr, data);
                // Indexed after the copy, which brought the headers into the cache.
                self.index_record(ts_sec, ts_nsec, data);
                self.account_record(pcap::RECORD_HEADER_LEN + data.len());
                return match result {
                    Ok(()) => {
                        self.settle();
                        Ok(())
                    }
                    Err(e) => Err(self.fail(&e)),
                };
            }
        }
        // The clock is read only when something depends on it (-G, or waiting for disk space).
        let now = if self.cfg.rotate_seconds.is_some() || self.full {
            wall_clock()
        } else {
            self.now
        };
        self.put_at(now, ts_sec, ts_nsec, wirelen, data)
    }

    /// [`Output::write`] with the wall clock (which drives `-G`, as in tcpdump) given.
    pub fn write_at(
        &mut self,
        now: i64,
        ts_sec: i64,
        ts_nsec: u32,
        wirelen: u32,
        data: &[u8],
    ) -> Result<(), WriteError> {
        self.put_at(now, ts_sec, u64::from(ts_nsec), wirelen, data)
    }

    /// [`Output::write_at`] with the fraction in nanoseconds, a second or more allowed.
    fn put_at(
        &mut self,
        now: i64,
        ts_sec: i64,
        ts_nsec: u64,
        wirelen: u32,
        data: &[u8],
    ) -> Result<(), WriteError> {
        if self.done {
            return Err(WriteError::FileLimitReached(
                self.cfg.file_count.unwrap_or_default(),
            ));
        }
        self.now = self.now.max(now);
        if self.stopped || (self.full && now < self.retry_at) {
            self.summary.dropped += 1;
            return Err(WriteError::Stopped);
        }
        // A full disk: try again (at most once a second) in the same file, from its last
        // complete record; this packet is written through to find out whether space is back.
        let probing = self.full;
        if probing {
            self.retry_at = now.saturating_add(1);
            if !self.probe() {
                self.summary.dropped += 1;
                return Err(WriteError::Stopped);
            }
        }
        let len = self.current.as_ref().map_or(0, |c| c.len);
        let rotated = self
            .rotation
            .before_packet(now, len)
            .map_err(WriteError::from)
            .and_then(|step| self.apply(step));
        if let Err(e) = rotated {
            // This packet has no file to go to.
            self.summary.dropped += 1;
            return Err(match e {
                // Closing the old file hit the disk: `fail` has cut it back and decided whether
                // to wait for space; this packet is one more loss.
                WriteError::Io {
                    path,
                    msg,
                    lost,
                    resumable,
                } => WriteError::Io {
                    path,
                    msg,
                    lost: lost + 1,
                    resumable,
                },
                // The next file could not be created or named: stop, as tcpdump exits.
                other => {
                    self.stopped = true;
                    other
                }
            });
        }
        if self.done {
            return Err(WriteError::FileLimitReached(
                self.cfg.file_count.unwrap_or_default(),
            ));
        }
        if self.full {
            // Rotation ran into the full disk; that was reported (or is being probed).
            self.summary.dropped += 1;
            return Err(WriteError::Stopped);
        }
        let write_through = self.cfg.packet_buffered || probing;
        self.stamp(ts_sec, ts_nsec);
        let result = self.emit_record(ts_sec, ts_nsec, wirelen, data);
        // Indexed after the copy (at the offset the record was written at: `account_record`
        // moves it on), which brought the headers into the cache.
        self.index_record(ts_sec, ts_nsec, data);
        let result = result.and_then(|()| {
            if write_through {
                self.push_out()
            } else {
                Ok(())
            }
        });
        let record_len = if self.cfg.pcapng {
            pcapng::epb_len(data.len())
        } else {
            pcap::RECORD_HEADER_LEN + data.len()
        };
        self.account_record(record_len);
        match result {
            Ok(()) => {
                self.settle();
                if probing {
                    self.summary.resumed += 1;
                }
                Ok(())
            }
            Err(e) => {
                let err = self.fail(&e);
                if probing && self.full {
                    // Still full: already reported, this is one more dropped packet.
                    Err(WriteError::Stopped)
                } else {
                    Err(err)
                }
            }
        }
    }

    /// Writes out everything buffered, so the file holds every packet written so far at its true
    /// length (on the O_DIRECT path: padded last block, then truncated).
    pub fn flush(&mut self) -> Result<(), WriteError> {
        if self.stopped || self.full || self.current.is_none() {
            return Ok(());
        }
        match self.push_out() {
            Ok(()) => {
                self.settle();
                Ok(())
            }
            Err(e) => Err(self.fail(&e)),
        }
    }

    /// Call about once a second with the wall clock: lets time-based rotation happen with no
    /// traffic, writes the open file out to its true length (as [`Output::flush`]), and reaps
    /// finished `-z` commands.
    pub fn tick(&mut self, now_sec: i64) -> Result<(), WriteError> {
        self.now = self.now.max(now_sec);
        self.reap_children();
        if self.uploader.is_some() {
            // Files kept for their upload may go now.
            self.enforce_retention();
        }
        if self.done || self.stopped || self.full {
            return Ok(());
        }
        let step = self.rotation.on_time(now_sec)?;
        self.apply(step)?;
        if self.done {
            return Err(WriteError::FileLimitReached(
                self.cfg.file_count.unwrap_or_default(),
            ));
        }
        // Once a second the open file is brought to its true length: readers see packets at
        // most a second old, and a SIGKILL loses at most a second of them.
        self.flush()
    }

    /// Ends the output: the last file is written out, truncated to its true length, closed,
    /// published and handed to `-z`; then waits for every `-z` command still running.
    ///
    /// A failure while writing the last data out (the I/O thread reports errors at the next call,
    /// so a full disk may first show here) does not lose the counts: it is returned once in
    /// [`OutputSummary::error`], with its lost packets already in [`OutputSummary::dropped`].
    /// `Err` is kept for failures that leave no summary; there are none today.
    pub fn finish(mut self) -> Result<OutputSummary, WriteError> {
        if let Err(e) = self.close_current() {
            self.summary.error = Some(e);
        }
        self.join_indexing(None);
        for mut c in self.children.drain(..) {
            let _ = c.wait();
        }
        self.summary.upload = self.uploader.take().map(Uploader::finish);
        self.finished = true;
        self.summary.io_path = Some(self.sink.io_path());
        self.summary.buffers_allocated = self.sink.buffers_allocated();
        Ok(std::mem::take(&mut self.summary))
    }

    /// After a full disk, at most once a second: can the output go on? Continues the current
    /// file from its last complete record, or (re)creates the file if not even its header is
    /// there. Failures here are not reported again.
    fn probe(&mut self) -> bool {
        let reopen = match self.current.as_ref() {
            Some(cur) if self.safe_end >= cur.header_len => None,
            Some(cur) => Some(cur.name.clone()),
            None => match self.rotation.current_name() {
                Ok(name) => Some(name),
                Err(_) => return false,
            },
        };
        match reopen {
            None => {
                if self.sink.resume(self.safe_end).is_err() {
                    return false;
                }
                self.full = false;
                true
            }
            Some(name) => {
                // Opened again below, under a new ticket.
                let old = self.current.take().and_then(|c| c.ticket);
                self.forget_upload(old);
                self.full = false;
                if self.open(name).is_err() {
                    // Still no space (fail() set `full` again), or worse (`stopped`).
                    self.full = !self.stopped;
                    return false;
                }
                true
            }
        }
    }

    fn apply(&mut self, step: Step) -> Result<(), WriteError> {
        match step {
            Step::Keep => Ok(()),
            Step::Rotate(name) => {
                self.close_current()?;
                self.open(name)
            }
            Step::Stop => {
                let closed = self.close_current();
                self.done = true;
                closed
            }
        }
    }

    /// `--upload`: the file of `ticket` will not be published.
    fn forget_upload(&self, ticket: Option<u64>) {
        if let (Some(u), Some(t)) = (&self.uploader, ticket) {
            u.publisher().forget(t);
        }
    }

    /// The time stamp of the record about to be appended, as the file will hold it
    /// (microsecond files drop the rest), for the file's first and last packet times.
    #[inline]
    fn stamp(&mut self, ts_sec: i64, ts_nsec: u64) {
        let frac = if self.cfg.nano {
            ts_nsec
        } else {
            ts_nsec / 1000 * 1000
        };
        if let Some(cur) = self.current.as_mut() {
            let ns = u64::try_from(ts_sec)
                .unwrap_or(0)
                .saturating_mul(1_000_000_000)
                .saturating_add(frac);
            cur.first_ns.get_or_insert(ns);
            cur.last_ns = ns;
        }
    }

    /// `--upload`: the drop buckets now (the writer's own drops exact, the sources' as of their
    /// last update).
    fn drops_now(&mut self) -> Drops {
        let s = self.stats.as_mut().map(|f| f()).unwrap_or_default();
        Drops {
            received_by_filter: s.received,
            dropped_ring_full: s.kernel_drops,
            dropped_handoff: s.handoff_drops,
            dropped_writer: self.summary.dropped,
        }
    }

    /// `--index`: gives up the open file's index (the capture is falling behind, and packets
    /// come first): no more work per packet for it, no `NAME.idx` (`capture query` reads the
    /// file in full). A chunk of its flows being numbered finishes on its thread and is
    /// dropped. The next file opened gets an index again.
    pub fn give_up_index(&mut self) {
        if let Some(cur) = self.current.as_mut()
            && cur.index.take().is_some()
            && let Some(given_up) = self.summary.indexes_given_up.as_mut()
        {
            given_up.push(cur.name.clone());
        }
    }

    /// `--index`: the record just written to the current file, at its end before the record
    /// (`account_record` not yet run).
    fn index_record(&mut self, ts_sec: i64, ts_nsec: u64, data: &[u8]) {
        let nano = self.cfg.nano;
        if let Some(cur) = self.current.as_mut()
            && let Some(ix) = cur.index.as_mut()
        {
            // The time as a reader of the file will see it (microsecond files drop the rest).
            let frac = if nano { ts_nsec } else { ts_nsec / 1000 * 1000 };
            let ts = ts_sec
                .saturating_mul(1_000_000_000)
                .saturating_add(i64::try_from(frac).unwrap_or(i64::MAX));
            ix.add(ts, cur.len, data);
        }
    }

    /// One packet record: pcap's record header and data, or a pcapng Enhanced Packet Block.
    fn emit_record(
        &mut self,
        ts_sec: i64,
        ts_nsec: u64,
        wirelen: u32,
        data: &[u8],
    ) -> io::Result<()> {
        let caplen = data.len() as u32;
        let nano = self.cfg.nano;
        if self.cfg.pcapng {
            // Three appends rather than one assembled block: the data is copied once, into the
            // sink's buffer, as on the pcap path.
            let hdr = pcapng::epb_header(ts_sec, ts_nsec, caplen, wirelen, nano);
            let (trailer, n) = pcapng::epb_trailer(data.len());
            self.emit(&hdr)?;
            self.emit(data)?;
            self.emit(&trailer[..n])
        } else {
            let hdr = pcap::record_header(ts_sec, ts_nsec, caplen, wirelen, nano);
            self.emit(&hdr)?;
            self.emit(data)
        }
    }

    /// pcapng: the Interface Statistics Block that ends a file, with the counters last given to
    /// the stats source, the writer's own drops and packets, and the time of the close.
    ///
    /// Its end is not recorded as a record end: if the close then fails, the file is cut back to
    /// its last complete packet and stays a valid pcapng file, just without statistics.
    fn emit_statistics(&mut self) -> io::Result<()> {
        if !self.cfg.pcapng {
            return Ok(());
        }
        let (Some(source), Some(cur)) = (self.stats.as_mut(), self.current.as_ref()) else {
            return Ok(());
        };
        let stats = source();
        let isb = pcapng::statistics(
            &pcapng::Statistics {
                start_ns: self.started_ns,
                end_ns: now_ns(),
                ifrecv: stats.received,
                ifdrop: stats.kernel_drops,
                filteraccept: stats.filter_accept,
                osdrop: stats.handoff_drops + self.summary.dropped,
                usrdeliv: self.summary.packets + cur.packets,
            },
            self.cfg.nano,
        );
        self.emit(&isb)?;
        if let Some(cur) = self.current.as_mut() {
            cur.len += isb.len() as u64;
        }
        Ok(())
    }

    /// Bytes (or compressed bytes) into the current file.
    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.zstd.as_mut() {
            Some(z) => z.write(bytes, &mut self.sink),
            None => self.sink.append(bytes),
        }
    }

    /// Everything emitted so far into the file, at its true length.
    fn push_out(&mut self) -> io::Result<()> {
        if let Some(z) = self.zstd.as_mut() {
            z.flush(&mut self.sink)?;
            if let Some(cur) = self.current.as_mut() {
                // Decodable up to here: every packet so far is safe.
                cur.synced_packets = cur.packets;
            }
        }
        self.sink.flush()
    }

    /// Ends the current file's stream and closes it at its true length.
    fn close_sink(&mut self) -> io::Result<()> {
        if let Some(z) = self.zstd.as_mut() {
            z.finish(&mut self.sink)?;
            if let Some(cur) = self.current.as_mut() {
                cur.synced_packets = cur.packets;
            }
        }
        self.sink.close()
    }

    /// A record of `len` bytes was appended to the current file. It counts as accepted even if
    /// the write failed part-way: `fail` decides from the bytes on disk whether it survived.
    fn account_record(&mut self, len: usize) {
        if let Some(cur) = self.current.as_mut() {
            cur.len += len as u64;
            cur.packets += 1;
            // Compressed offsets say nothing about record ends; see `settle`.
            if self.zstd.is_none() {
                self.ends.push_back(cur.len);
            }
        }
    }

    /// Drops record ends that are now on disk, remembering the last one.
    fn settle(&mut self) {
        let durable = self.sink.durable();
        // Called per packet: the oldest end (long out of the cache) is read only when more
        // has reached the disk. Ends pushed since are past what was durable then.
        if durable == self.settled {
            return;
        }
        self.settled = durable;
        while let Some(&end) = self.ends.front() {
            if end > durable {
                break;
            }
            self.safe_end = end;
            self.ends.pop_front();
        }
    }

    /// Forgets every record end (a new file, or one cut back).
    fn clear_ends(&mut self) {
        self.ends.clear();
        self.settled = u64::MAX;
    }

    /// A write failed: cut the file back to its last complete record, count what is lost, and
    /// either wait for space (disk full) or stop for good.
    fn fail(&mut self, e: &io::Error) -> WriteError {
        self.settle();
        if self.cfg.path == "-" && e.raw_os_error() == Some(libc::EPIPE) {
            self.clear_ends();
            self.stopped = true;
            return WriteError::ReaderGone;
        }
        let compressed = self.zstd.is_some();
        // The header's end is in `ends` until the header is on disk; it is not a packet. A
        // compressed stream is only known decodable up to its last flush.
        let header_len = self.current.as_ref().map_or(0, |c| c.header_len);
        let lost = if compressed {
            self.current
                .as_ref()
                .map_or(0, |c| c.packets - c.synced_packets)
        } else {
            self.ends.iter().filter(|&&e| e > header_len).count() as u64
        };
        self.clear_ends();
        if compressed {
            // Keep what reached the disk (a zstd reader decodes it up to the cut) and make the
            // next file start a fresh stream.
            self.safe_end = self.sink.durable();
            if let Some(z) = self.zstd.as_mut() {
                let _ = z.reset();
            }
        }
        let truncated = self.sink.truncate_to(self.safe_end);
        let path = match self.current.as_mut() {
            Some(cur) => {
                cur.index = None;
                cur.len = self.safe_end;
                cur.packets = cur.packets.saturating_sub(lost);
                cur.open_path.display().to_string()
            }
            None => self.cfg.path.clone(),
        };
        self.summary.dropped += lost;
        let no_space = matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT));
        let resumable = no_space && !compressed && !self.cfg.exit_on_disk_full && truncated.is_ok();
        if resumable {
            self.full = true;
            // The next attempt is in the next second, not at the next packet.
            self.retry_at = self.now.saturating_add(1);
        } else {
            self.stopped = true;
        }
        WriteError::Io {
            path,
            msg: strerror(e),
            lost,
            resumable,
        }
    }

    fn open(&mut self, name: String) -> Result<(), WriteError> {
        let name = match self.cfg.compress {
            Some(crate::cli::Compression::Zstd) if name != "-" => format!("{name}.zst"),
            _ => name,
        };
        let open_path = if self.cfg.publish_atomic {
            PathBuf::from(format!("{name}.part"))
        } else {
            PathBuf::from(&name)
        };
        // -W cycling reuses a name: the old file is about to be overwritten, stop counting it,
        // and its index goes (after any thread still writing it is done).
        let mut reused = 0;
        let mut overwritten = Vec::new();
        self.retained.retain(|(n, len, ticket)| {
            let keep = *n != name;
            if !keep {
                reused += len;
                overwritten.extend(*ticket);
            }
            keep
        });
        self.retained_bytes -= reused;
        if let Some(up) = self.uploader.as_ref().map(|u| u.publisher().clone()) {
            for t in overwritten {
                if !up.is_uploaded(t) && self.kept_counted.insert(t) {
                    up.note_kept();
                }
            }
            // A new file, not the old one truncated: an old file of this name still waiting
            // for upload (from this run's -W cycle or an earlier run) lives on in the spool.
            if name != "-" {
                let _ = std::fs::remove_file(&open_path);
            }
        }
        if self.cfg.index && name != "-" {
            self.join_indexing(Some(&name));
            let _ = std::fs::remove_file(index::index_path(Path::new(&name)));
        }
        let opened = if name == "-" {
            self.sink.open_stdout()
        } else {
            let direct = self.cfg.direct && !self.cfg.packet_buffered;
            self.sink.open_file(&open_path, direct)
        };
        opened.map_err(|e| WriteError::Open {
            path: open_path.display().to_string(),
            msg: strerror(&e),
        })?;
        let hdr = self.header.clone();
        self.clear_ends();
        self.safe_end = 0;
        let indexed = self.cfg.index && name != "-";
        let drops_at_open = if self.uploader.is_some() {
            self.drops_now()
        } else {
            Drops::default()
        };
        let ticket = match &self.uploader {
            Some(u) if name != "-" => Some(u.publisher().opened(&name, &open_path)),
            _ => None,
        };
        self.current = Some(Current {
            ticket,
            first_ns: None,
            last_ns: 0,
            drops_at_open,
            name,
            open_path,
            len: hdr.len() as u64,
            header_len: hdr.len() as u64,
            packets: 0,
            synced_packets: 0,
            index: indexed.then(|| {
                // The LINKTYPE_ value without the upper bits a file header may carry.
                let mut b = index::Builder::recycling(
                    self.linktype & 0x03ff_ffff,
                    self.snaplen,
                    &self.index_buffers,
                );
                if self.zstd.is_some() {
                    // Offsets into the uncompressed stream: a reader cannot seek to them.
                    b.set_sequential_only();
                }
                b
            }),
        });
        if let Some(z) = self.zstd.as_mut() {
            let _ = z.reset();
        } else {
            self.ends.push_back(hdr.len() as u64);
        }
        // The header goes to disk at once, so even a capture killed before its first flush
        // leaves every file it opened a valid (if short) pcap or pcapng file.
        let r = self.emit(&hdr).and_then(|()| self.push_out());
        match r {
            Ok(()) => {
                self.settle();
                Ok(())
            }
            Err(e) => Err(self.fail(&e)),
        }
    }

    fn close_current(&mut self) -> Result<(), WriteError> {
        if self.current.is_none() {
            return Ok(());
        }
        let mut result = Ok(());
        if self.stopped || self.full {
            // Already cut back to its last complete record; nothing is buffered.
            let _ = self.sink.close();
        } else {
            match self.emit_statistics().and_then(|()| self.close_sink()) {
                Ok(()) => self.settle(),
                Err(e) => {
                    result = Err(self.fail(&e));
                    // Cut back to its last complete record by `fail`; now let it go.
                    let _ = self.sink.close();
                }
            }
        }
        if let Some(cur) = self.current.take() {
            // A compressed file has no record ends to track: what is on disk is what counts.
            let header_on_disk = match self.zstd {
                Some(_) => self.sink.durable() > 0,
                None => self.safe_end >= cur.header_len,
            };
            if !header_on_disk {
                // Not even its header reached the disk (it filled up as the file was opened):
                // no reader could open it, so it is not left behind.
                if cur.name != "-" {
                    let _ = std::fs::remove_file(&cur.open_path);
                }
                self.forget_upload(cur.ticket);
                return result;
            }
            let published = self.finish_file(cur);
            result = result.and(published);
        }
        result
    }

    /// After a file is closed: publish, account, print, retention, `-z`.
    fn finish_file(&mut self, cur: Current) -> Result<(), WriteError> {
        if self.cfg.publish_atomic && cur.name != "-" {
            std::fs::rename(&cur.open_path, &cur.name).map_err(|e| WriteError::Io {
                path: cur.open_path.display().to_string(),
                msg: format!("cannot rename to {}: {}", cur.name, strerror(&e)),
                lost: 0,
                resumable: false,
            })?;
        }
        // What the file takes on disk (compressed size with --compress).
        let len = self.sink.durable();
        let upload = match (
            self.uploader.as_ref().map(|u| u.publisher().clone()),
            cur.ticket,
        ) {
            (Some(up), Some(ticket)) => {
                let drops = self.drops_now().since(&cur.drops_at_open);
                let facts = FileFacts {
                    name: cur.name.clone(),
                    first_ns: cur.first_ns,
                    last_ns: cur.first_ns.map(|_| cur.last_ns),
                    packets: cur.packets,
                    bytes: len,
                    closed_ns: now_ns(),
                    drops,
                };
                Some((ticket, facts, up))
            }
            _ => None,
        };
        let ticket = upload.as_ref().map(|(t, _, _)| *t);
        match (cur.index, upload) {
            (Some(builder), upload) if cur.name != "-" => {
                self.spawn_indexing(cur.name.clone(), builder, upload);
            }
            (_, Some((ticket, facts, up))) => up.publish(ticket, facts, &[]),
            _ => {}
        }
        self.summary.files.push(cur.name.clone());
        self.summary.packets += cur.packets;
        self.summary.bytes += cur.len;
        if self.cfg.print_closed {
            // A closed pipe must not stop the capture; the files are still written.
            let _ = match self.closed_out.as_mut() {
                Some(w) => writeln!(w, "{}", cur.name).and_then(|()| w.flush()),
                None => {
                    let mut out = io::stdout().lock();
                    writeln!(out, "{}", cur.name).and_then(|()| out.flush())
                }
            };
        }
        if cur.name != "-" {
            self.retained.push_back((cur.name.clone(), len, ticket));
            self.retained_bytes += len;
            self.enforce_retention();
            if let Some(cmd) = self.cfg.postrotate.clone() {
                self.spawn_postrotate(&cmd, &cur.name);
            }
        }
        Ok(())
    }

    /// `--max-total-size`: delete the oldest closed files of this run while the closed files
    /// together exceed the limit; the newest closed file is always kept. With `--upload`, of
    /// the files that would go, those not uploaded yet are kept (and counted once each); they
    /// go at a later close or tick, once uploaded.
    fn enforce_retention(&mut self) {
        let Some(max) = self.cfg.max_total_size else {
            return;
        };
        let publisher = self.uploader.as_ref().map(|u| u.publisher().clone());
        let mut excess = self.retained_bytes.saturating_sub(max);
        let mut i = 0;
        while excess > 0 && i + 1 < self.retained.len() {
            let (_, n, ticket) = self.retained[i];
            excess = excess.saturating_sub(n);
            if let (Some(up), Some(t)) = (&publisher, ticket)
                && !up.is_uploaded(t)
            {
                if self.kept_counted.insert(t) {
                    up.note_kept();
                }
                i += 1;
                continue;
            }
            let Some((name, n, _)) = self.retained.remove(i) else {
                break;
            };
            self.retained_bytes -= n;
            if self.cfg.index {
                self.join_indexing(Some(&name));
                let _ = std::fs::remove_file(index::index_path(Path::new(&name)));
            }
            match std::fs::remove_file(&name) {
                // Gone already (a -z command may have replaced it): nothing to free.
                Ok(()) | Err(_) => self.summary.deleted.push(name),
            }
        }
    }

    /// `--index`: finishes the index of the closed file `name` and writes it beside the file,
    /// on a thread of its own, so the writer goes on with the next file meanwhile. The index
    /// records the file's length and mtime as they are now that it is closed and published.
    ///
    /// With `--upload`, the file and its index are published together once the index is
    /// written (the file alone if the index could not be).
    fn spawn_indexing(
        &mut self,
        name: String,
        builder: index::Builder,
        upload: Option<(u64, FileFacts, Publisher)>,
    ) {
        self.indexing.retain(|(_, h)| !h.is_finished());
        let path = PathBuf::from(&name);
        let handle = std::thread::spawn(move || {
            let idx = index::index_path(&path);
            let written = std::fs::metadata(&path).and_then(|meta| {
                let bytes = builder
                    .finish(meta.len(), index::format::mtime_ns(&meta))
                    .ok_or_else(|| io::Error::other("too many packets for an index"))?;
                index::write_atomic(&idx, &bytes)
            });
            if let Err(e) = &written {
                eprintln!(
                    "capture: {}: cannot write index: {}",
                    path.display(),
                    crate::strerror(e)
                );
            }
            if let Some((ticket, facts, up)) = upload {
                let companions = if written.is_ok() {
                    vec![idx]
                } else {
                    Vec::new()
                };
                up.publish(ticket, facts, &companions);
            }
        });
        self.indexing.push((name, handle));
    }

    /// Waits for the index threads of file `name` (None: of every file).
    fn join_indexing(&mut self, name: Option<&str>) {
        let mut i = 0;
        while i < self.indexing.len() {
            if name.is_none_or(|n| self.indexing[i].0 == n) {
                let (_, h) = self.indexing.swap_remove(i);
                let _ = h.join();
            } else {
                i += 1;
            }
        }
    }

    /// `-z`: run `CMD FILE` without waiting, as tcpdump's fork+exec does. A command that cannot
    /// start is reported on stderr (as tcpdump's child does) and capture goes on.
    fn spawn_postrotate(&mut self, cmd: &str, file: &str) {
        self.reap_children();
        match Command::new(cmd).arg(file).spawn() {
            Ok(child) => self.children.push(child),
            Err(e) => eprintln!(
                "compress_savefile: execlp({cmd}, {file}) failed: {}",
                strerror(&e)
            ),
        }
    }

    fn reap_children(&mut self) {
        self.children
            .retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_)) | Err(_)));
    }
}

impl Drop for Output {
    /// An output dropped without [`Output::finish`] (an error path, a panic) still leaves its
    /// file at its true length with every record handed to it; `-z` is not run.
    fn drop(&mut self) {
        if !self.finished && !self.stopped && !self.full && self.current.is_some() {
            let _ = self.emit_statistics().and_then(|()| self.close_sink());
            if let Some(cur) = self.current.take()
                && self.cfg.publish_atomic
            {
                let _ = std::fs::rename(&cur.open_path, Path::new(&cur.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn cfg(words: &[&str]) -> Result<OutputConfig, WriteError> {
        let args = crate::cli::Args::try_parse_from(
            std::iter::once("capture").chain(words.iter().copied()),
        )
        .unwrap();
        OutputConfig::from_args(&args)
    }

    /// The engine creates the output on one thread and may hand it to its writer thread.
    #[test]
    fn output_is_send() {
        fn is_send<T: Send>() {}
        is_send::<Output>();
        is_send::<WriteError>();
        is_send::<OutputSummary>();
    }

    #[test]
    fn file_size_is_checked_like_tcpdump() {
        assert_eq!(
            cfg(&["-w", "o", "-C", "1"]).unwrap().file_size,
            Some(1_000_000)
        );
        assert_eq!(
            cfg(&["-w", "o", "-C", "+2"]).unwrap().file_size,
            Some(2_000_000)
        );
        assert_eq!(
            cfg(&["-w", "o", "-C", " 3"]).unwrap().file_size,
            Some(3_000_000)
        );
        for bad in ["1k", "1.5", "0", "-1", "", "1 ", "x"] {
            let e = cfg(&["-w", "o", "-C", bad]).unwrap_err();
            assert_eq!(e.to_string(), format!("invalid file size {bad}"));
        }
        let e = cfg(&["-w", "o", "-C", "9223372036855"]).unwrap_err();
        assert_eq!(e.to_string(), "file size 9223372036855 is too large");
    }

    #[test]
    fn counts_and_seconds_use_atoi() {
        let c = cfg(&["-w", "o", "-W", "3x", "-G", "60s"]).unwrap();
        assert_eq!((c.file_count, c.rotate_seconds), (Some(3), Some(60)));
        assert_eq!(cfg(&["-w", "o", "-G", "x"]).unwrap().rotate_seconds, None);
        assert_eq!(
            cfg(&["-w", "o", "-W", "0"]).unwrap_err().to_string(),
            "invalid number of output files 0"
        );
        assert_eq!(
            cfg(&["-w", "o", "-G", "-1"]).unwrap_err().to_string(),
            "invalid number of seconds -1"
        );
        // tcpdump 4.99.3 takes -W alone without complaint.
        assert_eq!(cfg(&["-w", "o", "-W", "3"]).unwrap().file_count, Some(3));
    }

    #[test]
    fn extensions_are_parsed_and_checked() {
        let c = cfg(&[
            "-w",
            "o",
            "-G",
            "60",
            "--rotate-align",
            "--max-total-size",
            "10MiB",
            "--publish-atomic",
            "--print-closed",
            "--no-direct",
            "-U",
            "--time-stamp-precision",
            "nano",
            "-z",
            "gzip",
        ])
        .unwrap();
        assert_eq!(c.max_total_size, Some(10 << 20));
        assert!(
            c.rotate_align && c.publish_atomic && c.print_closed && c.packet_buffered && c.nano
        );
        assert!(!c.direct);
        assert_eq!(c.postrotate.as_deref(), Some("gzip"));
        assert_eq!(parse_total_size("2G").unwrap(), 2_000_000_000);
        assert!(parse_total_size("2X").is_err() && parse_total_size("0").is_err());
        assert_eq!(
            cfg(&["-w", "o", "--rotate-align"]).unwrap_err().to_string(),
            "--rotate-align needs -G SECONDS"
        );
    }

    #[test]
    fn pcapng_is_a_long_option_and_off_by_default() {
        assert!(cfg(&["-w", "o", "--pcapng"]).unwrap().pcapng);
        let c = cfg(&["-w", "o"]).unwrap();
        assert!(!c.pcapng);
        // The interface name is the live engine's to give, once it has resolved -i.
        assert_eq!(
            cfg(&["-i", "eth0", "-w", "o", "--pcapng"]).unwrap().if_name,
            None
        );
    }

    /// `progress` follows rotation, retention and `-z`: its figures are those of the files.
    #[test]
    fn progress_is_what_is_on_disk() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("capture-progress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // A -z command that is still running when the figures are taken.
        let z = dir.join("z.sh");
        std::fs::write(&z, "#!/bin/sh\nexec sleep 2\n").unwrap();
        std::fs::set_permissions(&z, std::fs::Permissions::from_mode(0o755)).unwrap();
        let c = OutputConfig {
            path: dir.join("p").display().to_string(),
            file_size: Some(1000),
            max_total_size: Some(2500),
            postrotate: Some(z.display().to_string()),
            ..OutputConfig::default()
        };
        let mut out = Output::create(c, 1, 65535).unwrap();
        assert_eq!(
            out.progress(),
            OutputProgress {
                open_file_bytes: 24,
                ..OutputProgress::default()
            }
        );
        // Records of 500 bytes: a file is past 1000 bytes after two (24 + 1000), so ten make
        // p to p4, and p4 is open. Closing p2 took the closed files to 3072 bytes: p went;
        // closing p3 did it again: p1 went.
        for i in 0..10 {
            out.write(i, 0, 484, &[0; 484]).unwrap();
        }
        let on_disk = |n: &str| std::fs::metadata(dir.join(n)).ok().map(|m| m.len());
        assert_eq!(
            ["p", "p1", "p2", "p3"].map(on_disk),
            [None, None, Some(1024), Some(1024)]
        );
        assert_eq!(
            out.progress(),
            OutputProgress {
                files_closed: 4,
                files_deleted: 2,
                retained_bytes: 2048,
                open_file_bytes: 1024,
                postrotate_running: 4,
                ..OutputProgress::default()
            }
        );
        out.finish().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Without `--pcapng`, a stats source is ignored: pcap files are unchanged by it.
    #[test]
    fn stats_are_ignored_for_pcap() {
        let dir = std::env::temp_dir().join(format!("capture-pcap-stats-{}", std::process::id()));
        let c = OutputConfig {
            path: dir.display().to_string(),
            ..OutputConfig::default()
        };
        let mut out = Output::create(c, 1, 65535).unwrap();
        out.set_stats(PcapngStats::default());
        out.write(1, 0, 4, &[1, 2, 3, 4]).unwrap();
        let s = out.finish().unwrap();
        let bytes = std::fs::read(&dir).unwrap();
        let _ = std::fs::remove_file(&dir);
        assert_eq!(
            bytes.len(),
            pcap::FILE_HEADER_LEN + pcap::RECORD_HEADER_LEN + 4
        );
        assert_eq!(s.bytes, bytes.len() as u64);
    }
}
