//! `--upload s3://BUCKET/PREFIX`: every file the writer publishes, with the files published
//! with it (its `.idx`), goes to S3-compatible storage from a local spool.
//!
//! The writer (or the thread that finishes a file's index) hands each published file to a
//! [`Publisher`]: the file is hard-linked into the spool directory (`DIR/.NAME.upload/`, beside
//! the output), so `-W` cycling or a restart that reuses its name cannot touch its bytes, and
//! recorded in the spool's [`journal`], synced to disk. The uploader thread, with its own tokio
//! runtime (nothing of it runs on the capture path), puts each entry's objects in order:
//! the file, its companions, then a JSON manifest (host, interface, first and last packet
//! times, packets, bytes, the drop buckets during the file, SHA-256 of each object); then
//! journals it done and removes its spool links. Files are journaled when the writer opens them
//! too: a restart replays the journal, resumes the uploads, and publishes the file that was
//! open when capture stopped as it is on disk ([`recover`]).
//!
//! Keys: `PREFIX/HOST/IFACE/YYYY/MM/DD/HHMMSS.NNNNNNNNN-NAME` (UTC, the file's first packet;
//! its close for an empty file). The time in the last part keeps the objects of a name that
//! `-W` or a restart reuses apart, and makes a re-upload (after a crash between the put and
//! the journal line) replace the same object rather than add a copy.
//!
//! Failures (unreachable endpoint, wrong credentials, a full bucket) never stop the capture:
//! the uploader prints one line when uploads start failing, keeps the files, and retries the
//! oldest entry with a backoff growing to [`MAX_BACKOFF`]. Retention asks [`Publisher::is_uploaded`]
//! before deleting a file and keeps (and counts) those that are not.
pub mod journal;
pub mod recover;
pub mod store;

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use journal::{Entry, Journal, Opened, Source};
use store::{Failure, Store};

/// The longest wait between two attempts at a failing upload.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The first wait after a failure.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// What can go wrong setting uploads up (uploading itself only retries).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    /// `--upload` is not `s3://BUCKET[/PREFIX]`.
    #[error("--upload {0}: expected s3://BUCKET/PREFIX")]
    Url(String),
    /// The bucket name breaks S3's naming rules.
    #[error(
        "--upload: bucket name {0:?}: expected 3 to 63 lower-case letters, digits, dots and hyphens"
    )]
    Bucket(String),
    /// `--s3-endpoint` is not an http(s) URL.
    #[error("--s3-endpoint {0}: expected http://HOST:PORT or https://HOST:PORT")]
    Endpoint(String),
    /// The spool directory or its journal could not be set up.
    #[error("{path}: {msg}")]
    Spool {
        /// The directory or file at fault.
        path: String,
        /// The system's reason.
        msg: String,
    },
    /// The S3 client refused its configuration (a variable it cannot parse, ...).
    #[error("--upload: {0}")]
    Store(String),
}

/// Where and as what files are uploaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadConfig {
    /// The bucket.
    pub bucket: String,
    /// The key prefix, without leading or trailing `/` (may be empty).
    pub prefix: String,
    /// `--s3-endpoint`: the store's URL (else the AWS variables', else AWS itself).
    pub endpoint: Option<String>,
    /// This machine's name, for keys and manifests.
    pub host: String,
    /// The capture interface (keys and manifests); `-` when the files come from `-r`.
    pub interface: String,
    /// CPUs the uploader thread may run on (the process's own at start); empty: inherit.
    pub cpus: Vec<usize>,
}

impl UploadConfig {
    /// Parses `--upload URL` and `--s3-endpoint`.
    pub fn parse(url: &str, endpoint: Option<&str>) -> Result<Self, UploadError> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| UploadError::Url(url.to_owned()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        // S3's bucket naming rules: 3 to 63 of lower-case letters, digits, dots and hyphens.
        let valid = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if bucket.is_empty() {
            return Err(UploadError::Url(url.to_owned()));
        }
        if !valid {
            return Err(UploadError::Bucket(bucket.to_owned()));
        }
        let endpoint = match endpoint {
            Some(e) if e.starts_with("http://") || e.starts_with("https://") => {
                Some(e.trim_end_matches('/').to_owned())
            }
            Some(e) => return Err(UploadError::Endpoint(e.to_owned())),
            None => None,
        };
        Ok(UploadConfig {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
            endpoint,
            host: hostname(),
            interface: "-".to_owned(),
            cpus: Vec::new(),
        })
    }

    /// `s3://BUCKET/PREFIX`, for messages.
    pub fn url(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }

    /// The key of object `name` of a file whose first packet (or close) is at `ns`.
    pub fn key(&self, ns: u64, name: &str) -> String {
        let t = chrono::DateTime::from_timestamp(
            (ns / 1_000_000_000) as i64,
            (ns % 1_000_000_000) as u32,
        )
        .unwrap_or_default();
        let tail = format!(
            "{}/{}/{}/{}-{name}",
            self.host,
            self.interface,
            t.format("%Y/%m/%d"),
            t.format("%H%M%S.%f")
        );
        if self.prefix.is_empty() {
            tail
        } else {
            format!("{}/{tail}", self.prefix)
        }
    }
}

/// `path` made absolute (the journal outlives the working directory of the run that wrote it).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// This machine's name, as `uname -n` gives it.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// The drop buckets' growth while one file was open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drops {
    /// Packets that passed the kernel filter.
    pub received_by_filter: u64,
    /// Of those, dropped because a ring was full.
    pub dropped_ring_full: u64,
    /// Dropped because the writer's queue was full.
    pub dropped_handoff: u64,
    /// Handed to the writer and lost (disk full, I/O error).
    pub dropped_writer: u64,
}

impl Drops {
    /// The growth from `earlier` to `self`.
    pub fn since(&self, earlier: &Drops) -> Drops {
        Drops {
            received_by_filter: self
                .received_by_filter
                .saturating_sub(earlier.received_by_filter),
            dropped_ring_full: self
                .dropped_ring_full
                .saturating_sub(earlier.dropped_ring_full),
            dropped_handoff: self.dropped_handoff.saturating_sub(earlier.dropped_handoff),
            dropped_writer: self.dropped_writer.saturating_sub(earlier.dropped_writer),
        }
    }
}

/// What the writer knows of a file it has closed and published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    /// The file's path as published.
    pub name: String,
    /// Its first and last packets' time stamps, in nanoseconds since the epoch.
    pub first_ns: Option<u64>,
    /// See `first_ns`.
    pub last_ns: Option<u64>,
    /// Packets in the file.
    pub packets: u64,
    /// The file's size on disk.
    pub bytes: u64,
    /// When it was closed, in nanoseconds since the epoch.
    pub closed_ns: u64,
    /// The drop buckets' growth while it was open.
    pub drops: Drops,
}

/// What the uploads did, for the summary, `--stats-json` and the metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadSummary {
    /// Files uploaded (each with its companions and manifest).
    pub files_uploaded: u64,
    /// Bytes of those files and companions.
    pub bytes_uploaded: u64,
    /// Files published but not uploaded yet (kept in the spool; the next start resumes them).
    pub files_pending: u64,
    /// Of the uploaded files, those that were pending in the journal at start (or open when
    /// capture last stopped).
    pub resumed: u64,
    /// Files retention (`-W`, `--max-total-size`) would have deleted but kept, not uploaded.
    pub kept_not_uploaded: u64,
    /// Upload attempts that failed (each retried).
    pub failed_attempts: u64,
    /// Files given up because they were gone from the disk (removed by hand or by `-z`).
    pub abandoned: u64,
    /// The last failure, if uploads were failing when the figures were taken.
    pub failing: Option<String>,
}

impl UploadSummary {
    /// The figures as a JSON object (`--stats-json`'s `upload`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "files_uploaded": self.files_uploaded,
            "bytes_uploaded": self.bytes_uploaded,
            "files_pending": self.files_pending,
            "resumed_from_journal": self.resumed,
            "kept_not_uploaded": self.kept_not_uploaded,
            "failed_attempts": self.failed_attempts,
            "abandoned_missing": self.abandoned,
            "failing": self.failing,
        })
    }

    /// The summary line printed after tcpdump's (only with `--upload`).
    pub fn line(&self) -> String {
        format!(
            "{} file{} uploaded, {} pending, {} kept past retention (not uploaded)\n",
            self.files_uploaded,
            if self.files_uploaded == 1 { "" } else { "s" },
            self.files_pending,
            self.kept_not_uploaded
        )
    }
}

struct State {
    queue: VecDeque<Entry>,
    /// Tickets of this run whose files are uploaded.
    uploaded: HashSet<u64>,
    /// Tickets replayed from the journal at start, not yet uploaded.
    replayed: HashSet<u64>,
    summary: UploadSummary,
    /// Set by [`Uploader::finish`]: upload what is queued, give up at the first failure.
    stopping: bool,
    /// Files opened and not published yet (kept in the journal when it is rewritten).
    opened: Vec<Opened>,
}

struct Shared {
    cfg: UploadConfig,
    spool: PathBuf,
    journal: Mutex<Journal>,
    state: Mutex<State>,
    wake: Condvar,
    next_ticket: std::sync::atomic::AtomicU64,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The writer's side of the uploads: tickets, publishing, and what retention may delete.
/// Cheap to clone (the index threads each take one).
#[derive(Clone)]
pub struct Publisher {
    shared: Arc<Shared>,
}

impl Publisher {
    /// The writer opened a file, to be published as `name` and written at `path` meanwhile:
    /// journals it (synced), so that if capture stops before it is published, the next start
    /// publishes it as it is. Returns the file's ticket: [`Publisher::publish`] takes it when
    /// the file and its companions are all there, and [`Publisher::is_uploaded`] tells when
    /// they are uploaded.
    pub fn opened(&self, name: &str, path: &Path) -> u64 {
        let id = self
            .shared
            .next_ticket
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let o = Opened {
            id,
            name: absolute(Path::new(name)).display().to_string(),
            path: absolute(path),
        };
        let mut journal = self
            .shared
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Err(e) = journal.open_file(&o) {
            eprintln!(
                "capture: {}: cannot journal {}: {}",
                self.shared.spool.display(),
                name,
                crate::strerror(&e)
            );
        }
        self.shared.state().opened.push(o);
        id
    }

    /// The file of `ticket` will not be published (it was removed, or reopened under a new
    /// ticket): the next start must not recover it.
    pub fn forget(&self, ticket: u64) {
        let mut journal = self
            .shared
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _ = journal.done(ticket);
        self.shared.state().opened.retain(|o| o.id != ticket);
    }

    /// Hands a published file and its `companions` (paths) over for upload: links them into
    /// the spool, journals them (synced), and wakes the uploader. A journal that cannot be
    /// written is reported and the upload still goes ahead from memory (a restart before it
    /// is done would not resume it).
    pub fn publish(&self, ticket: u64, facts: FileFacts, companions: &[PathBuf]) {
        let file = PathBuf::from(&facts.name);
        self.publish_from(ticket, facts, &file, companions);
    }

    /// [`Publisher::publish`] for a file whose bytes are at `file` (a `.part` never renamed).
    fn publish_from(&self, ticket: u64, facts: FileFacts, file: &Path, companions: &[PathBuf]) {
        let mut sources = Vec::with_capacity(1 + companions.len());
        let main = Path::new(&facts.name).file_name();
        for (i, path) in std::iter::once(file)
            .chain(companions.iter().map(PathBuf::as_path))
            .enumerate()
        {
            let own = if i == 0 { main } else { path.file_name() };
            let name = own.map_or_else(|| facts.name.clone(), |n| n.to_string_lossy().into_owned());
            let link = self.shared.spool.join(format!("{ticket}-{name}"));
            let _ = std::fs::remove_file(&link);
            // A file whose link fails (another filesystem) is read where it is.
            let path = match std::fs::hard_link(path, &link) {
                Ok(()) => link,
                Err(_) => path.to_path_buf(),
            };
            sources.push(Source { path, name });
        }
        let entry = Entry {
            id: ticket,
            facts,
            sources,
        };
        // The journal stays locked until the entry is queued: a rewrite of the journal (which
        // takes the queue as what is pending) cannot miss it.
        let mut journal = self
            .shared
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Err(e) = journal.add(&entry) {
            eprintln!(
                "capture: {}: cannot journal upload of {}: {}",
                self.shared.spool.display(),
                entry.facts.name,
                crate::strerror(&e)
            );
        }
        let mut st = self.shared.state();
        st.opened.retain(|o| o.id != ticket);
        st.queue.push_back(entry);
        st.summary.files_pending += 1;
        drop(st);
        drop(journal);
        self.shared.wake.notify_all();
    }

    /// Whether the file given `ticket` is uploaded (with its companions and manifest).
    pub fn is_uploaded(&self, ticket: u64) -> bool {
        self.shared.state().uploaded.contains(&ticket)
    }

    /// Retention kept a file because it is not uploaded yet.
    pub fn note_kept(&self) {
        self.shared.state().summary.kept_not_uploaded += 1;
    }

    /// The figures so far.
    pub fn summary(&self) -> UploadSummary {
        self.shared.state().summary.clone()
    }
}

/// The uploader thread and its spool.
pub struct Uploader {
    publisher: Publisher,
    thread: Option<JoinHandle<()>>,
}

impl Uploader {
    /// Sets the spool up in `spool` (created if needed), replays its journal and starts the
    /// uploader thread, which first resumes what the journal holds.
    pub fn start(cfg: UploadConfig, spool: PathBuf) -> Result<Self, UploadError> {
        let spool_err = |p: &Path, e: std::io::Error| UploadError::Spool {
            path: p.display().to_string(),
            msg: crate::strerror(&e),
        };
        std::fs::create_dir_all(&spool).map_err(|e| spool_err(&spool, e))?;
        let (journal, replay) = Journal::open(&spool).map_err(|e| spool_err(&spool, e))?;
        let journal::Replay {
            pending,
            opened,
            next,
        } = replay;
        remove_stale_links(&spool, &pending);
        let store = Store::new(&cfg)?;
        let state = State {
            opened: Vec::new(),
            replayed: pending.iter().map(|e| e.id).collect(),
            summary: UploadSummary {
                files_pending: pending.len() as u64,
                ..UploadSummary::default()
            },
            queue: pending.into(),
            uploaded: HashSet::new(),
            stopping: false,
        };
        let shared = Arc::new(Shared {
            cfg,
            spool,
            journal: Mutex::new(journal),
            state: Mutex::new(state),
            wake: Condvar::new(),
            next_ticket: next.into(),
        });
        let publisher = Publisher {
            shared: Arc::clone(&shared),
        };
        for o in opened {
            let id = o.id;
            if recover::publish(&publisher, o) {
                shared.state().replayed.insert(id);
            }
        }
        let runner = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("capture-upload".into())
            .spawn(move || run(&runner, &store))
            .map_err(|e| UploadError::Store(format!("cannot start the upload thread: {e}")))?;
        Ok(Uploader {
            publisher,
            thread: Some(thread),
        })
    }

    /// The writer's handle.
    pub fn publisher(&self) -> &Publisher {
        &self.publisher
    }

    /// Uploads what is still queued, stopping at the first failure of an attempt made after
    /// this call (what is left stays in the spool for the next start), and returns the figures.
    pub fn finish(mut self) -> UploadSummary {
        self.stop();
        self.publisher.summary()
    }

    fn stop(&mut self) {
        self.publisher.shared.state().stopping = true;
        self.publisher.shared.wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Uploader {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Removes spool links that no pending entry needs (left by a crash after an entry was
/// journaled done, before its links went).
fn remove_stale_links(spool: &Path, pending: &[Entry]) {
    let keep: HashSet<&Path> = pending
        .iter()
        .flat_map(|e| e.sources.iter().map(|s| s.path.as_path()))
        .collect();
    let Ok(dir) = std::fs::read_dir(spool) else {
        return;
    };
    for f in dir.flatten() {
        let p = f.path();
        let journal = p
            .file_name()
            .is_some_and(|n| n == "journal" || n == "journal.new");
        if !journal && !keep.contains(p.as_path()) {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// The uploader thread: the oldest entry first, until stopped.
fn run(shared: &Shared, store: &Store) {
    if !shared.cfg.cpus.is_empty() {
        crate::cpu::pin_to_cpus(&shared.cfg.cpus);
    }
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!(
                "capture: upload: cannot start its runtime: {e}; files are kept in {}",
                shared.spool.display()
            );
            return;
        }
    };
    let mut backoff = FIRST_BACKOFF;
    loop {
        // Whether this attempt starts after `finish` asked to stop: if it fails, give up.
        let (entry, last_try) = {
            let mut st = shared.state();
            loop {
                if let Some(e) = st.queue.front() {
                    break (e.clone(), st.stopping);
                }
                if st.stopping {
                    return;
                }
                st = shared.wake.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let outcome = rt.block_on(upload(shared, store, &entry));
        if let Err(Failure {
            msg,
            permanent: true,
        }) = &outcome
        {
            eprintln!("capture: upload of {}: {msg}; given up", entry.facts.name);
            retire(shared, &entry);
            let mut st = shared.state();
            st.queue.pop_front();
            st.replayed.remove(&entry.id);
            st.summary.abandoned += 1;
            st.summary.files_pending = st.summary.files_pending.saturating_sub(1);
            continue;
        }
        match outcome {
            Ok(bytes) => {
                backoff = FIRST_BACKOFF;
                retire(shared, &entry);
                let mut st = shared.state();
                st.queue.pop_front();
                st.uploaded.insert(entry.id);
                if st.replayed.remove(&entry.id) {
                    st.summary.resumed += 1;
                }
                let s = &mut st.summary;
                s.files_uploaded += 1;
                s.bytes_uploaded += bytes;
                s.files_pending = s.files_pending.saturating_sub(1);
                if s.failing.take().is_some() {
                    eprintln!("capture: upload to {}: resumed", shared.cfg.url());
                }
            }
            Err(Failure { msg, .. }) => {
                let msg = match (&shared.cfg.endpoint, msg.strip_prefix("cannot connect")) {
                    (Some(url), Some(rest)) => format!("cannot connect to {url}{rest}"),
                    _ => msg,
                };
                let mut st = shared.state();
                st.summary.failed_attempts += 1;
                if st.summary.failing.is_none() {
                    eprintln!(
                        "capture: upload to {} failed: {msg}; files are kept in {} and retried",
                        shared.cfg.url(),
                        shared.spool.display()
                    );
                }
                st.summary.failing = Some(msg);
                if last_try {
                    return;
                }
                // Woken early only to stop: then one last attempt at once.
                let _ = shared
                    .wake
                    .wait_timeout_while(st, backoff, |st| !st.stopping)
                    .unwrap_or_else(PoisonError::into_inner);
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Journals `entry` done (rewriting the journal now and then) and removes its spool links.
fn retire(shared: &Shared, entry: &Entry) {
    let mut journal = shared
        .journal
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let mut written = journal.done(entry.id);
    if written.is_ok() && journal.wants_compaction() {
        let (pending, opened): (Vec<Entry>, Vec<Opened>) = {
            let st = shared.state();
            let pending = st.queue.iter().filter(|e| e.id != entry.id).cloned();
            (pending.collect(), st.opened.clone())
        };
        let next = shared
            .next_ticket
            .load(std::sync::atomic::Ordering::Relaxed);
        written = journal.compact(&pending, &opened, next);
    }
    drop(journal);
    if let Err(e) = written {
        // The next start uploads it again, under the same keys.
        eprintln!(
            "capture: {}: {}",
            shared.spool.display(),
            crate::strerror(&e)
        );
    }
    for s in &entry.sources {
        if s.path.starts_with(&shared.spool) {
            let _ = std::fs::remove_file(&s.path);
        }
    }
}

/// Puts one entry's objects: the file, its companions, then its manifest (last, so a manifest
/// in the bucket means the rest is there). Returns the bytes of the file and companions.
async fn upload(shared: &Shared, store: &Store, entry: &Entry) -> Result<u64, Failure> {
    let cfg = &shared.cfg;
    let f = &entry.facts;
    let at = f.first_ns.unwrap_or(f.closed_ns);
    let mut objects = Vec::with_capacity(entry.sources.len());
    let mut bytes = 0;
    for s in &entry.sources {
        let key = cfg.key(at, &s.name);
        let put = store.put_file(&key, &s.path).await?;
        bytes += put.bytes;
        objects.push(serde_json::json!({
            "name": s.name,
            "key": key,
            "bytes": put.bytes,
            "sha256": put.sha256,
            "multipart": put.multipart,
        }));
    }
    let main = objects.first().cloned().unwrap_or_default();
    let manifest = serde_json::json!({
        "host": cfg.host,
        "interface": cfg.interface,
        "file": main["name"],
        "key": main["key"],
        "first_timestamp": f.first_ns.map(rfc3339),
        "last_timestamp": f.last_ns.map(rfc3339),
        "first_timestamp_ns": f.first_ns,
        "last_timestamp_ns": f.last_ns,
        "closed": rfc3339(f.closed_ns),
        "packets": f.packets,
        "bytes": main["bytes"],
        "sha256": main["sha256"],
        "drops": f.drops,
        "objects": objects,
    });
    let text = serde_json::to_vec_pretty(&manifest).expect("a JSON value serializes");
    let name = entry.sources.first().map_or("file", |s| s.name.as_str());
    store
        .put_bytes(&cfg.key(at, &format!("{name}.manifest.json")), text)
        .await?;
    Ok(bytes)
}

/// A time stamp as RFC 3339 in UTC, to the nanosecond.
fn rfc3339(ns: u64) -> String {
    chrono::DateTime::from_timestamp((ns / 1_000_000_000) as i64, (ns % 1_000_000_000) as u32)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_endpoints_are_checked() {
        let c =
            UploadConfig::parse("s3://caps/sensors/a/", Some("http://127.0.0.1:3900/")).unwrap();
        assert_eq!(
            (c.bucket.as_str(), c.prefix.as_str()),
            ("caps", "sensors/a")
        );
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:3900"));
        assert_eq!(UploadConfig::parse("s3://caps", None).unwrap().prefix, "");
        for bad in ["caps/x", "s3://", "s3:///x", "http://caps/x"] {
            assert_eq!(
                UploadConfig::parse(bad, None).unwrap_err().to_string(),
                format!("--upload {bad}: expected s3://BUCKET/PREFIX")
            );
        }
        for bad in ["s3://Caps/x", "s3://ab/x", "s3://a_b/x"] {
            assert!(matches!(
                UploadConfig::parse(bad, None),
                Err(UploadError::Bucket(_))
            ));
        }
        assert!(matches!(
            UploadConfig::parse("s3://caps/x", Some("127.0.0.1:3900")),
            Err(UploadError::Endpoint(_))
        ));
    }

    /// PREFIX/HOST/IFACE/YYYY/MM/DD/, then the first packet's time and the file's name.
    #[test]
    fn keys_follow_the_layout() {
        let c = UploadConfig {
            bucket: "caps".into(),
            prefix: "p/q".into(),
            host: "sensor1".into(),
            interface: "eth0".into(),
            ..UploadConfig::default()
        };
        // 2026-12-06T15:12:30.000000042Z
        let ns = 1_796_569_950_000_000_042;
        assert_eq!(
            c.key(ns, "cap1"),
            "p/q/sensor1/eth0/2026/12/06/151230.000000042-cap1"
        );
        let bare = UploadConfig {
            prefix: String::new(),
            ..c
        };
        assert_eq!(
            bare.key(ns, "x.idx"),
            "sensor1/eth0/2026/12/06/151230.000000042-x.idx"
        );
        assert_eq!(rfc3339(ns), "2026-12-06T15:12:30.000000042Z");
    }
}
