//! The byte sink under [`super::Output`]: O_DIRECT writes from one aligned buffer reused for the
//! whole run, with a buffered path for stdout, `-U`, `--no-direct` and filesystems that refuse
//! O_DIRECT.
//!
//! Why O_DIRECT (notes §10, issue 11): in this VM every new page-cache page costs a host fault,
//! and the kernel runs with preempt=none, so page-cache writes cost ~17× the CPU of O_DIRECT
//! writes and long `write()` calls delay NAPI. Hence:
//! - one buffer of [`BUF_SIZE`] bytes, aligned to the filesystem's DIO alignment (statx
//!   `STATX_DIOALIGN`, else the device's logical block size, else 4096), allocated once and reused
//!   for every file, so no page is ever new after start;
//! - records are packed across buffer boundaries (the sink sees a byte stream);
//! - each `pwrite` is at most [`MAX_WRITE`] bytes, so no single syscall holds a CPU for long;
//! - to make the file's true length visible (flush, rotation, exit) the partial last block is
//!   written padded with zeros, the file is truncated to the true length, and the partial block
//!   stays in the buffer to be rewritten in place when more data arrives.
//!
//! Threading: the sink is synchronous. It is driven by the engine's writer thread (the one that
//! merges worker batches), which is never a capture worker's CPU, so a slow disk delays the merge
//! and fills the handoff queues (counted there), never the NIC ring. A separate I/O thread would
//! only add a second copy or a buffer handoff for no gain with bounded writes.
//!
//! The only unsafe code here is the `statx` call.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Size of the reused aligned buffer: large enough that the disk sees big sequential writes.
pub const BUF_SIZE: usize = 1 << 20;
/// Largest single write: bounded so one syscall never holds the CPU long (notes §10).
pub const MAX_WRITE: usize = 256 << 10;
/// Alignment used when the filesystem and the device say nothing.
pub const DEFAULT_ALIGN: usize = 4096;

/// A heap buffer whose usable part starts on an `align` boundary. Built from a plain `Vec` with
/// slack at the front, so no unsafe allocation code is needed; the `Vec` is never resized, so its
/// storage (and the alignment) never moves.
struct AlignedBuf {
    mem: Vec<u8>,
    off: usize,
    align: usize,
}

impl AlignedBuf {
    fn new(len: usize, align: usize) -> Self {
        let mem = vec![0u8; len + align];
        let off = mem.as_ptr().align_offset(align);
        AlignedBuf { mem, off, align }
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

/// Which write path a file is using (reported by `-v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoPath {
    /// O_DIRECT from the aligned buffer.
    Direct,
    /// Ordinary writes through the page cache (or a pipe).
    Buffered,
}

/// A stream of bytes to one output file at a time; see the module documentation.
pub struct Sink {
    buf: Option<AlignedBuf>,
    /// Bytes of the current file held in `buf` (from file offset `base`).
    fill: usize,
    /// How many of those are already in the file (after a flush), so a second flush is free.
    synced: usize,
    /// File offset of `buf[0]`.
    base: u64,
    /// End of the data known to be in the file (padding excluded).
    durable: u64,
    target: Option<Target>,
    path: PathBuf,
    direct: bool,
    align: usize,
    /// O_DIRECT was refused once; later files go straight to the buffered path.
    direct_refused: bool,
}

impl Default for Sink {
    fn default() -> Self {
        Self::new()
    }
}

impl Sink {
    /// A sink with no file open. The buffer is allocated on the first open and kept for the run.
    pub fn new() -> Self {
        Sink {
            buf: None,
            fill: 0,
            synced: 0,
            base: 0,
            durable: 0,
            target: None,
            path: PathBuf::new(),
            direct: false,
            align: DEFAULT_ALIGN,
            direct_refused: false,
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

    fn reset(&mut self) {
        self.fill = 0;
        self.synced = 0;
        self.base = 0;
        self.durable = 0;
    }

    fn ensure_buf(&mut self, align: usize) {
        let align = align.max(DEFAULT_ALIGN);
        if self.buf.as_ref().is_none_or(|b| b.align < align) {
            self.buf = Some(AlignedBuf::new(BUF_SIZE, align));
        }
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
                        self.ensure_buf(align);
                        self.target = Some(Target::File(f));
                        return Ok(());
                    }
                    _ => self.direct_refused = true,
                },
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) => self.direct_refused = true,
                Err(e) => return Err(e),
            }
        }
        let f = opts.open(path)?;
        self.ensure_buf(DEFAULT_ALIGN);
        self.target = Some(Target::File(f));
        Ok(())
    }

    /// Directs output to standard output (`-w -`), always buffered.
    pub fn open_stdout(&mut self) -> io::Result<()> {
        use std::os::fd::AsFd;
        self.reset();
        self.path = PathBuf::from("-");
        self.direct = false;
        self.ensure_buf(DEFAULT_ALIGN);
        let fd = io::stdout().as_fd().try_clone_to_owned()?;
        self.target = Some(Target::Stdout(File::from(fd)));
        Ok(())
    }

    /// Appends bytes to the stream, writing the buffer out each time it fills.
    pub fn append(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let Some(buf) = self.buf.as_mut() else {
                return Err(io::Error::other("no output file is open"));
            };
            let n = (BUF_SIZE - self.fill).min(data.len());
            buf.bytes_mut()[self.fill..self.fill + n].copy_from_slice(&data[..n]);
            self.fill += n;
            data = &data[n..];
            if self.fill == BUF_SIZE {
                self.put(BUF_SIZE, BUF_SIZE)?;
                self.base += BUF_SIZE as u64;
                self.fill = 0;
                self.synced = 0;
            }
        }
        Ok(())
    }

    /// The free part of the buffer, for an encoder to write into; follow with [`Sink::commit`].
    /// Never empty: a full buffer is written out as soon as it fills.
    pub fn spare(&mut self) -> io::Result<&mut [u8]> {
        let fill = self.fill;
        match self.buf.as_mut() {
            Some(buf) if self.target.is_some() => Ok(&mut buf.bytes_mut()[fill..]),
            _ => Err(io::Error::other("no output file is open")),
        }
    }

    /// Accounts for `n` bytes written into [`Sink::spare`], writing the buffer out if full.
    pub fn commit(&mut self, n: usize) -> io::Result<()> {
        self.fill += n;
        if self.fill == BUF_SIZE {
            self.put(BUF_SIZE, BUF_SIZE)?;
            self.base += BUF_SIZE as u64;
            self.fill = 0;
            self.synced = 0;
        }
        Ok(())
    }

    /// Makes every appended byte visible in the file at its true length. On the O_DIRECT path
    /// the partial last block is written padded, the file truncated, and the block kept in the
    /// buffer so the next write rewrites it in place.
    pub fn flush(&mut self) -> io::Result<()> {
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
        if let Some(buf) = self.buf.as_mut() {
            buf.bytes_mut()[fill..padded].fill(0);
        }
        self.put(padded, fill)?;
        if let Some(Target::File(f)) = self.target.as_ref() {
            f.set_len(self.base + fill as u64)?;
        }
        if let Some(buf) = self.buf.as_mut() {
            buf.bytes_mut().copy_within(whole..fill, 0);
        }
        self.base += whole as u64;
        self.fill = fill - whole;
        self.synced = self.fill;
        Ok(())
    }

    /// Flushes and closes the current file (its length is then exactly the bytes appended).
    pub fn close(&mut self) -> io::Result<()> {
        let r = self.flush();
        self.target = None;
        r
    }

    /// After a failed write: cuts the file back to `len` (the last complete record) and drops
    /// whatever was still buffered.
    pub fn truncate_to(&mut self, len: u64) -> io::Result<()> {
        self.fill = 0;
        self.synced = 0;
        self.durable = self.durable.min(len);
        match self.target.as_ref() {
            Some(Target::File(f)) => f.set_len(len),
            _ => Ok(()),
        }
    }

    /// Continues the current file at `len` (after [`Sink::truncate_to`]`(len)`), when space may
    /// be back. On the O_DIRECT path the partial block before `len` is read back into the
    /// buffer, since the next aligned write rewrites it.
    pub fn resume(&mut self, len: u64) -> io::Result<()> {
        let Some(Target::File(f)) = self.target.as_ref() else {
            return Err(io::Error::other("standard output cannot be resumed"));
        };
        let align = if self.direct { self.align as u64 } else { 1 };
        let base = len - len % align;
        let tail = (len - base) as usize;
        if tail > 0 {
            let buf = self
                .buf
                .as_mut()
                .expect("buffer exists while a file is open");
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
        self.base = base;
        self.fill = tail;
        self.synced = tail;
        self.durable = len;
        Ok(())
    }

    /// Writes `buf[..len]` at `base`, in pieces of at most [`MAX_WRITE`]; `real` bytes of it are
    /// data (the rest is O_DIRECT padding). Falls back to buffered writes if the very first
    /// O_DIRECT write of a file is refused with EINVAL.
    fn put(&mut self, len: usize, real: usize) -> io::Result<()> {
        let mut done = 0;
        while done < len {
            let end = (done + MAX_WRITE).min(len);
            let result = {
                let buf = self
                    .buf
                    .as_ref()
                    .expect("buffer exists while a file is open");
                let chunk = &buf.bytes()[done..end];
                match self.target.as_mut() {
                    Some(Target::File(f)) => f.write_at(chunk, self.base + done as u64),
                    Some(Target::Stdout(out)) => out.write(chunk),
                    None => Err(io::Error::other("no output file is open")),
                }
            };
            match result {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    done += n;
                    let data_end = self.base + done.min(real) as u64;
                    self.durable = self.durable.max(data_end);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if self.direct
                        && self.base == 0
                        && done == 0
                        && e.raw_os_error() == Some(libc::EINVAL) =>
                {
                    self.fall_back_to_buffered()?;
                    return self.put(real, real);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn fall_back_to_buffered(&mut self) -> io::Result<()> {
        self.direct_refused = true;
        self.direct = false;
        self.target = None;
        let f = OpenOptions::new().read(true).write(true).open(&self.path)?;
        self.target = Some(Target::File(f));
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

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("capture-sink-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
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
            std::fs::remove_file(&p).unwrap();
        }
        assert_eq!(outs[0].len(), data.len());
        assert!(outs[0] == data && outs[1] == data);
    }

    #[test]
    fn alignment_is_a_power_of_two_here() {
        let p = tmp("a.bin");
        let f = File::create(&p).unwrap();
        let a = dio_alignment(&f).unwrap();
        assert!(a.is_power_of_two() && (512..=BUF_SIZE).contains(&a), "{a}");
        std::fs::remove_file(&p).unwrap();
    }
}
