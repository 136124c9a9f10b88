//! The byte sink under [`super::Output`]: O_DIRECT writes from a small pool of aligned buffers
//! reused for the whole run, on a dedicated I/O thread, with a buffered path for stdout, `-U`,
//! `--no-direct` and filesystems that refuse O_DIRECT.
//!
//! Why O_DIRECT (notes §10, issue 11): in this VM every new page-cache page costs a host fault,
//! and the kernel runs with preempt=none, so page-cache writes cost several times the CPU of
//! O_DIRECT writes and long `write()` calls delay NAPI. Hence:
//! - [`POOL`] buffers of [`BUF_SIZE`] bytes, aligned to the filesystem's DIO alignment (statx
//!   `STATX_DIOALIGN`, else the device's logical block size, else 4096), allocated once and
//!   reused for every file, so no page is new after the first few MiB;
//! - records are packed across buffer boundaries (the sink sees a byte stream);
//! - writes are bounded: at most one buffer per O_DIRECT `pwrite` (the call mostly sleeps on the
//!   device, it does not hold the CPU), at most [`BUFFERED_MAX_WRITE`] per page-cache write
//!   (that copy does hold the CPU);
//! - to make the file's true length visible (flush, rotation, exit) the partial last block is
//!   written padded with zeros, the file is truncated to the true length, and the partial block
//!   stays in the buffer to be rewritten in place when more data arrives.
//!
//! Threading: the caller (the engine's writer thread, never a capture worker's CPU) only copies
//! records into the current buffer. Each full buffer goes to this sink's I/O thread, which does
//! the `pwrite`s and hands the buffer back; the caller waits only when all [`POOL`] buffers are
//! in flight (the disk is slower than the traffic), and at the few points that need the file
//! exact (flush, rotation, exit, errors), where it drains the I/O thread and writes the tail
//! itself. Errors from the I/O thread surface at the next call; data after a failed write is
//! never counted as on disk, so the file is still cut back to a record boundary.
//!
//! The only unsafe code here is the `statx` call.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use memmap2::{Advice, MmapMut};

/// Size of each aligned buffer: large enough that the disk sees big sequential writes.
pub const BUF_SIZE: usize = 1 << 20;
/// Buffers in the pool: the one being filled plus up to `POOL - 1` in flight.
pub const POOL: usize = 4;
/// Largest single write on the page-cache path, where the kernel copies on the caller's CPU.
pub const BUFFERED_MAX_WRITE: usize = 64 << 10;
/// Alignment used when the filesystem and the device say nothing.
pub const DEFAULT_ALIGN: usize = 4096;

/// Anonymous memory is asked for in transparent huge pages of this size.
const HUGE_PAGE: usize = 2 << 20;

/// A buffer whose usable part starts on an `align` boundary, in anonymous memory of its own
/// that the kernel is asked to back with a transparent huge page: an O_DIRECT write then pins
/// one compound page instead of 256 small ones, and the device gets one physically contiguous
/// segment (virtio-blk here takes at most 254 per request, so a 1 MiB write of small pages
/// went out as two requests). The kernel places a mapping that is a multiple of the huge page
/// size on a huge-page boundary; where huge pages are off or none is free, the buffer is in
/// small pages. The mapping is never resized, so the alignment never moves.
struct AlignedBuf {
    mem: MmapMut,
    off: usize,
    align: usize,
}

impl AlignedBuf {
    fn new(align: usize) -> io::Result<Self> {
        let mem = MmapMut::map_anon((BUF_SIZE + align).next_multiple_of(HUGE_PAGE))?;
        // Advice only: without it the buffer still works, in small pages.
        let _ = mem.advise(Advice::HugePage);
        let off = mem.as_ptr().align_offset(align);
        Ok(AlignedBuf { mem, off, align })
    }

    fn bytes(&self) -> &[u8] {
        &self.mem[self.off..self.off + BUF_SIZE]
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.mem[self.off..self.off + BUF_SIZE]
    }
}

enum Target {
    /// A regular file (or whatever `-w` names), written with positional writes.
    File(File),
    /// A duplicate of fd 1, written with plain writes (pipes have no offsets) and no LineWriter.
    Stdout(File),
}

impl Target {
    /// Writes all of `data` at `off` in pieces of at most `max`; returns the bytes written and
    /// the error that stopped it, if any.
    fn write_all_at(&self, data: &[u8], off: u64, max: usize) -> (usize, Option<io::Error>) {
        let mut done = 0;
        while done < data.len() {
            let chunk = &data[done..(done + max).min(data.len())];
            let r = match self {
                Target::File(f) => f.write_at(chunk, off + done as u64),
                Target::Stdout(f) => (&*f).write(chunk),
            };
            match r {
                Ok(0) => return (done, Some(io::ErrorKind::WriteZero.into())),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return (done, Some(e)),
            }
        }
        (done, None)
    }
}

/// Which write path a file is using (reported by `-v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoPath {
    /// O_DIRECT from the aligned buffers.
    Direct,
    /// Ordinary writes through the page cache (or a pipe).
    Buffered,
}

/// A full buffer on its way to the I/O thread.
struct Job {
    buf: AlignedBuf,
    off: u64,
    max: usize,
    target: Arc<Target>,
}

/// A buffer back from the I/O thread.
struct Done {
    buf: AlignedBuf,
    off: u64,
    written: usize,
    err: Option<io::Error>,
}

/// The I/O thread and its two queues.
struct IoThread {
    jobs: Option<Sender<Job>>,
    done: Receiver<Done>,
    handle: Option<JoinHandle<()>>,
}

impl IoThread {
    fn spawn() -> io::Result<Self> {
        let (jobs, rx) = channel::<Job>();
        let (tx, done) = channel::<Done>();
        let handle = std::thread::Builder::new()
            .name("capture-io".into())
            .spawn(move || {
                for job in rx {
                    let (written, err) = job.target.write_all_at(job.buf.bytes(), job.off, job.max);
                    let back = Done {
                        buf: job.buf,
                        off: job.off,
                        written,
                        err,
                    };
                    if tx.send(back).is_err() {
                        break;
                    }
                }
            })?;
        Ok(IoThread {
            jobs: Some(jobs),
            done,
            handle: Some(handle),
        })
    }
}

impl Drop for IoThread {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// A stream of bytes to one output file at a time; see the module documentation.
pub struct Sink {
    /// The buffer being filled.
    cur: Option<AlignedBuf>,
    /// Buffers back from the I/O thread, ready for reuse.
    free: Vec<AlignedBuf>,
    /// Buffers allocated so far (at most [`POOL`]).
    allocated: usize,
    /// Buffers at the I/O thread.
    in_flight: usize,
    io: Option<IoThread>,
    /// The first error the I/O thread reported, not yet returned to the caller.
    io_error: Option<io::Error>,
    /// A write failed since the file was opened or resumed: nothing after it counts as on disk.
    broken: bool,
    /// Bytes of the current file held in `cur` (from file offset `base`).
    fill: usize,
    /// How many of those are already in the file (after a flush), so a second flush is free.
    synced: usize,
    /// File offset of `cur[0]`.
    base: u64,
    /// End of the data known to be in the file (padding excluded).
    durable: u64,
    target: Option<Arc<Target>>,
    path: PathBuf,
    direct: bool,
    align: usize,
    /// O_DIRECT was refused once; later files go straight to the buffered path.
    direct_refused: bool,
    /// Test hook: the first O_DIRECT write of a file fails with EINVAL, as on filesystems that
    /// accept the open but not the I/O.
    #[cfg(test)]
    refuse_first_direct_write: bool,
}

impl Default for Sink {
    fn default() -> Self {
        Self::new()
    }
}

impl Sink {
    /// A sink with no file open. Buffers are allocated as first needed and kept for the run.
    pub fn new() -> Self {
        Sink {
            cur: None,
            free: Vec::new(),
            allocated: 0,
            in_flight: 0,
            io: None,
            io_error: None,
            broken: false,
            fill: 0,
            synced: 0,
            base: 0,
            durable: 0,
            target: None,
            path: PathBuf::new(),
            direct: false,
            align: DEFAULT_ALIGN,
            direct_refused: false,
            #[cfg(test)]
            refuse_first_direct_write: false,
        }
    }

    /// The path in use for the current file.
    pub fn io_path(&self) -> IoPath {
        if self.direct {
            IoPath::Direct
        } else {
            IoPath::Buffered
        }
    }

    /// End of the data known to be in the file (everything before it survives a later failure).
    pub fn durable(&self) -> u64 {
        self.durable
    }

    /// Buffers allocated so far; never more than [`POOL`], however many files are written.
    pub fn buffers_allocated(&self) -> usize {
        self.allocated
    }

    fn max_write(&self) -> usize {
        if self.direct {
            BUF_SIZE
        } else {
            BUFFERED_MAX_WRITE
        }
    }

    /// Takes a free buffer, allocating up to [`POOL`], else waiting for the I/O thread.
    fn take_buf(&mut self) -> io::Result<AlignedBuf> {
        loop {
            if let Some(b) = self.free.pop() {
                if b.align >= self.align {
                    return Ok(b);
                }
                // A filesystem with a larger alignment than any before: replace this one.
                self.allocated -= 1;
            }
            if self.allocated < POOL {
                let b = AlignedBuf::new(self.align.max(DEFAULT_ALIGN))?;
                self.allocated += 1;
                return Ok(b);
            }
            self.wait_one();
        }
    }

    /// Takes one buffer back from the I/O thread and accounts for its write.
    fn wait_one(&mut self) {
        let Some(io) = self.io.as_ref() else {
            return;
        };
        let Ok(done) = io.done.recv() else {
            return;
        };
        self.in_flight -= 1;
        self.account(done);
    }

    fn account(&mut self, done: Done) {
        if !self.broken {
            self.durable = self.durable.max(done.off + done.written as u64);
        }
        if let Some(e) = done.err {
            self.broken = true;
            self.io_error.get_or_insert(e);
        }
        self.free.push(done.buf);
    }

    /// Takes back every buffer already written, without waiting.
    fn poll(&mut self) {
        while let Some(done) = self.io.as_ref().and_then(|io| io.done.try_recv().ok()) {
            self.in_flight -= 1;
            self.account(done);
        }
    }

    /// Waits for every buffer in flight; returns the first write error, if any.
    fn drain(&mut self) -> io::Result<()> {
        while self.in_flight > 0 {
            self.wait_one();
        }
        match self.io_error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn reset(&mut self) {
        let _ = self.drain();
        self.broken = false;
        self.fill = 0;
        self.synced = 0;
        self.base = 0;
        self.durable = 0;
    }

    fn start(&mut self, target: Target) -> io::Result<()> {
        self.target = Some(Arc::new(target));
        if self.cur.as_ref().is_none_or(|b| b.align < self.align) {
            let b = self.take_buf()?;
            if let Some(old) = self.cur.replace(b) {
                self.free.push(old);
            }
        }
        Ok(())
    }

    /// Opens (creating or truncating) `path`, with O_DIRECT when `want_direct` and the
    /// filesystem accepts it. Mode 0666 before the umask, as fopen(3) gives tcpdump.
    pub fn open_file(&mut self, path: &Path, want_direct: bool) -> io::Result<()> {
        self.target = None;
        self.reset();
        self.path = path.to_path_buf();
        self.direct = false;
        let mut opts = OpenOptions::new();
        // Readable too: resuming after a full disk reads the partial last block back.
        opts.read(true).write(true).create(true).truncate(true);
        if want_direct && !self.direct_refused {
            match opts.clone().custom_flags(libc::O_DIRECT).open(path) {
                Ok(f) => match dio_alignment(&f) {
                    Some(align) if align <= BUF_SIZE => {
                        self.align = align;
                        self.direct = true;
                        return self.start(Target::File(f));
                    }
                    _ => self.direct_refused = true,
                },
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) => self.direct_refused = true,
                Err(e) => return Err(e),
            }
        }
        let f = opts.open(path)?;
        self.start(Target::File(f))
    }

    /// Directs output to standard output (`-w -`), always buffered.
    pub fn open_stdout(&mut self) -> io::Result<()> {
        use std::os::fd::AsFd;
        self.target = None;
        self.reset();
        self.path = PathBuf::from("-");
        self.direct = false;
        let fd = io::stdout().as_fd().try_clone_to_owned()?;
        self.start(Target::Stdout(File::from(fd)))
    }

    /// Appends bytes to the stream, handing the buffer to the I/O thread each time it fills.
    pub fn append(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let spare = self.spare()?;
            let n = spare.len().min(data.len());
            spare[..n].copy_from_slice(&data[..n]);
            data = &data[n..];
            self.commit(n)?;
        }
        Ok(())
    }

    /// Appends a record header and its data: one bounds check and two copies when both fit in
    /// the current buffer, as they nearly always do (the per-packet path).
    pub fn append_record(&mut self, hdr: &[u8], data: &[u8]) -> io::Result<()> {
        let n = hdr.len() + data.len();
        let fill = self.fill;
        if let Some(buf) = self.cur.as_mut()
            && self.target.is_some()
            && BUF_SIZE - fill >= n
        {
            let dst = &mut buf.bytes_mut()[fill..fill + n];
            dst[..hdr.len()].copy_from_slice(hdr);
            dst[hdr.len()..].copy_from_slice(data);
            return self.commit(n);
        }
        self.append(hdr)?;
        self.append(data)
    }

    /// The free part of the current buffer, for an encoder to write into; follow with
    /// [`Sink::commit`]. Never empty: a full buffer is handed off as soon as it fills.
    pub fn spare(&mut self) -> io::Result<&mut [u8]> {
        let fill = self.fill;
        match self.cur.as_mut() {
            Some(buf) if self.target.is_some() => Ok(&mut buf.bytes_mut()[fill..]),
            _ => Err(io::Error::other("no output file is open")),
        }
    }

    /// Accounts for `n` bytes written into [`Sink::spare`], handing the buffer off if full.
    pub fn commit(&mut self, n: usize) -> io::Result<()> {
        self.fill += n;
        if self.fill == BUF_SIZE {
            self.hand_off()?;
        }
        Ok(())
    }

    /// Sends the full current buffer to the I/O thread and takes a free one.
    fn hand_off(&mut self) -> io::Result<()> {
        if self.io.is_none() {
            self.io = Some(IoThread::spawn()?);
        }
        let target = self
            .target
            .clone()
            .ok_or_else(|| io::Error::other("no output file is open"))?;
        let next = self.take_buf()?;
        let buf = self
            .cur
            .replace(next)
            .expect("a buffer while a file is open");
        let job = Job {
            buf,
            off: self.base,
            max: self.max_write(),
            target,
        };
        if let Some(jobs) = self.io.as_ref().and_then(|io| io.jobs.as_ref()) {
            jobs.send(job)
                .map_err(|_| io::Error::other("the I/O thread has stopped"))?;
        }
        self.in_flight += 1;
        self.base += BUF_SIZE as u64;
        self.fill = 0;
        self.synced = 0;
        self.poll();
        match self.io_error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Makes every appended byte visible in the file at its true length. On the O_DIRECT path
    /// the partial last block is written padded, the file truncated, and the block kept in the
    /// buffer so the next write rewrites it in place.
    pub fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        if self.fill == self.synced {
            return Ok(());
        }
        if !self.direct {
            self.put(self.fill, self.fill)?;
            self.base += self.fill as u64;
            self.fill = 0;
            self.synced = 0;
            return Ok(());
        }
        let fill = self.fill;
        let padded = fill.next_multiple_of(self.align);
        let whole = fill - fill % self.align;
        if let Some(buf) = self.cur.as_mut() {
            buf.bytes_mut()[fill..padded].fill(0);
        }
        self.put(padded, fill)?;
        if let Some(Target::File(f)) = self.target.as_deref() {
            f.set_len(self.base + fill as u64)?;
        }
        if let Some(buf) = self.cur.as_mut() {
            buf.bytes_mut().copy_within(whole..fill, 0);
        }
        self.base += whole as u64;
        self.fill = fill - whole;
        self.synced = self.fill;
        Ok(())
    }

    /// Flushes and closes the current file (its length is then exactly the bytes appended).
    /// On failure the file stays open, so the caller can cut it back with
    /// [`Sink::truncate_to`] and then close it.
    pub fn close(&mut self) -> io::Result<()> {
        self.flush()?;
        self.target = None;
        Ok(())
    }

    /// After a failed write: cuts the file back to `len` (the last complete record) and drops
    /// whatever was still buffered.
    pub fn truncate_to(&mut self, len: u64) -> io::Result<()> {
        let _ = self.drain();
        self.fill = 0;
        self.synced = 0;
        self.durable = self.durable.min(len);
        match self.target.as_deref() {
            Some(Target::File(f)) => f.set_len(len),
            _ => Ok(()),
        }
    }

    /// Continues the current file at `len` (after [`Sink::truncate_to`]`(len)`), when space may
    /// be back. On the O_DIRECT path the partial block before `len` is read back into the
    /// buffer, since the next aligned write rewrites it.
    pub fn resume(&mut self, len: u64) -> io::Result<()> {
        let _ = self.drain();
        let Some(Target::File(f)) = self.target.as_deref() else {
            return Err(io::Error::other("standard output cannot be resumed"));
        };
        let align = if self.direct { self.align as u64 } else { 1 };
        let base = len - len % align;
        let tail = (len - base) as usize;
        if tail > 0 {
            let buf = self.cur.as_mut().expect("a buffer while a file is open");
            let block = &mut buf.bytes_mut()[..self.align];
            let mut got = 0;
            while got < tail {
                // O_DIRECT reads a whole aligned block; at end of file it returns what is there.
                match f.read_at(&mut block[got..], base + got as u64) {
                    Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                    Ok(n) => got += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        self.broken = false;
        self.base = base;
        self.fill = tail;
        self.synced = tail;
        self.durable = len;
        Ok(())
    }

    /// Writes `cur[..len]` at `base` from the caller's thread (the tail, after a drain); `real`
    /// bytes of it are data (the rest is O_DIRECT padding). Falls back to buffered writes if the
    /// very first O_DIRECT write of a file (its header, written at open) is refused with EINVAL.
    fn put(&mut self, len: usize, real: usize) -> io::Result<()> {
        let (written, err) = {
            let (Some(target), Some(buf)) = (self.target.as_deref(), self.cur.as_ref()) else {
                return Err(io::Error::other("no output file is open"));
            };
            #[cfg(test)]
            if self.refuse_first_direct_write && self.direct && self.base == 0 {
                (0, Some(io::Error::from_raw_os_error(libc::EINVAL)))
            } else {
                target.write_all_at(&buf.bytes()[..len], self.base, self.max_write())
            }
            #[cfg(not(test))]
            target.write_all_at(&buf.bytes()[..len], self.base, self.max_write())
        };
        if !self.broken {
            self.durable = self.durable.max(self.base + written.min(real) as u64);
        }
        match err {
            None => Ok(()),
            Some(e)
                if self.direct
                    && self.base == 0
                    && written == 0
                    && e.raw_os_error() == Some(libc::EINVAL) =>
            {
                self.fall_back_to_buffered()?;
                self.put(real, real)
            }
            Some(e) => {
                self.broken = true;
                Err(e)
            }
        }
    }

    fn fall_back_to_buffered(&mut self) -> io::Result<()> {
        self.direct_refused = true;
        self.direct = false;
        self.target = None;
        let f = OpenOptions::new().read(true).write(true).open(&self.path)?;
        self.target = Some(Arc::new(Target::File(f)));
        Ok(())
    }
}

/// The O_DIRECT alignment for `f`: statx's STATX_DIOALIGN (memory and offset alignment), else the
/// logical block size of the device under it, else [`DEFAULT_ALIGN`]. `None` when statx says the
/// file does not support O_DIRECT at all.
fn dio_alignment(f: &File) -> Option<usize> {
    use std::os::fd::AsRawFd;
    let mut stx = std::mem::MaybeUninit::<libc::statx>::zeroed();
    // SAFETY: an empty, NUL-terminated path with AT_EMPTY_PATH makes statx describe the open fd;
    // `stx` is a writable statx struct the kernel fills in; nothing else is touched.
    let rc = unsafe {
        libc::statx(
            f.as_raw_fd(),
            c"".as_ptr(),
            libc::AT_EMPTY_PATH,
            libc::STATX_DIOALIGN,
            stx.as_mut_ptr(),
        )
    };
    if rc == 0 {
        // SAFETY: statx returned 0, so it initialised the struct (and it was zeroed before).
        let stx = unsafe { stx.assume_init() };
        if stx.stx_mask & libc::STATX_DIOALIGN != 0 {
            if stx.stx_dio_offset_align == 0 {
                return None;
            }
            let a = stx.stx_dio_offset_align.max(stx.stx_dio_mem_align) as usize;
            return Some(a.max(512).next_power_of_two());
        }
    }
    Some(logical_block_size(f).unwrap_or(DEFAULT_ALIGN))
}

/// The logical block size of the block device holding `f`, from sysfs (a partition's own
/// directory has no `queue/`, its parent disk's does).
fn logical_block_size(f: &File) -> Option<usize> {
    let dev = f.metadata().ok()?.dev();
    let (major, minor) = (libc::major(dev), libc::minor(dev));
    let base = format!("/sys/dev/block/{major}:{minor}");
    let read =
        |p: String| -> Option<usize> { std::fs::read_to_string(p).ok()?.trim().parse().ok() };
    read(format!("{base}/queue/logical_block_size"))
        .or_else(|| read(format!("{base}/../queue/logical_block_size")))
        .filter(|&n: &usize| n.is_power_of_two())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path in a directory of its own (tests run side by side), which [`removed`] takes away.
    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("capture-sink-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    /// Removes the file [`tmp`] gave and its directory.
    fn removed(p: &Path) {
        std::fs::remove_file(p).unwrap();
        std::fs::remove_dir(p.parent().unwrap()).unwrap();
    }

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    /// Writes the same stream through both paths, with flushes at odd places, and compares.
    #[test]
    fn direct_and_buffered_streams_are_identical() {
        let data = pattern(3 * BUF_SIZE + 12_345);
        let mut outs = Vec::new();
        for direct in [true, false] {
            let p = tmp(if direct { "d.bin" } else { "b.bin" });
            let mut s = Sink::new();
            s.open_file(&p, direct).unwrap();
            assert_eq!(s.io_path() == IoPath::Direct, direct);
            let mut at = 0;
            for (i, step) in [1usize, 4095, 4097, 700_000, 1_500_000, 10]
                .iter()
                .cycle()
                .enumerate()
            {
                if at >= data.len() {
                    break;
                }
                let end = (at + step).min(data.len());
                s.append(&data[at..end]).unwrap();
                at = end;
                if i % 3 == 2 {
                    s.flush().unwrap();
                    assert_eq!(std::fs::metadata(&p).unwrap().len(), at as u64);
                }
            }
            s.close().unwrap();
            outs.push(std::fs::read(&p).unwrap());
            removed(&p);
        }
        assert_eq!(outs[0].len(), data.len());
        assert!(outs[0] == data && outs[1] == data);
    }

    /// A filesystem that takes the O_DIRECT open but refuses the first write (EINVAL): the
    /// file is reopened buffered and nothing is lost; later files skip O_DIRECT.
    #[test]
    fn einval_on_first_direct_write_falls_back() {
        let data = pattern(BUF_SIZE + 5000);
        let p = tmp("einval.bin");
        let mut s = Sink::new();
        s.refuse_first_direct_write = true;
        s.open_file(&p, true).unwrap();
        assert_eq!(s.io_path(), IoPath::Direct);
        s.append(&data[..24]).unwrap();
        s.flush().unwrap();
        assert_eq!(s.io_path(), IoPath::Buffered);
        s.append(&data[24..]).unwrap();
        s.close().unwrap();
        assert!(std::fs::read(&p).unwrap() == data);
        s.open_file(&p, true).unwrap();
        assert_eq!(s.io_path(), IoPath::Buffered);
        s.close().unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 0);
        removed(&p);
    }

    #[test]
    fn buffers_are_aligned_and_whole() {
        for align in [512, DEFAULT_ALIGN, 64 << 10, BUF_SIZE] {
            let mut b = AlignedBuf::new(align).unwrap();
            assert_eq!(b.bytes().as_ptr() as usize % align, 0, "{align}");
            assert_eq!(b.bytes().len(), BUF_SIZE);
            b.bytes_mut().fill(0x5a);
            assert!(b.bytes().iter().all(|&x| x == 0x5a));
        }
    }

    #[test]
    fn alignment_is_a_power_of_two_here() {
        let p = tmp("a.bin");
        let f = File::create(&p).unwrap();
        let a = dio_alignment(&f).unwrap();
        assert!(a.is_power_of_two() && (512..=BUF_SIZE).contains(&a), "{a}");
        removed(&p);
    }
}
