//! One capture file taking part in a query: its matching packets, one at a time, in file
//! order. Candidates from the index are read by their offsets; other files are read in order,
//! and every packet read is checked against the time window and the libpcap filter.
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use roaring::RoaringBitmap;

use super::{Filters, when};
use crate::index::{self, FileKind};
use crate::offline::{Packet, ReadError, Reader};
use capture_print::Timestamp;

/// How a file's packets are found.
pub enum Plan {
    /// Read the records at these offsets (the index's candidates, in file order), then, for a
    /// damaged file, the file from its last packet (`tail`) on to the damage.
    Offsets {
        offsets: Vec<u64>,
        tail: Option<u64>,
    },
    /// Read the whole file in order, looking only at these ordinals (None: at every packet).
    InOrder(Option<RoaringBitmap>),
}

/// A file to read and how.
pub struct Source {
    /// The capture file.
    pub path: PathBuf,
    /// pcap/pcapng, or zstd-compressed.
    pub kind: FileKind,
    /// Its link type (DLT_ value, as the reader gives it).
    pub linktype: i32,
    /// Whether it is in the other byte order.
    pub swapped: bool,
    /// No packet of the file is earlier than this (ns), or, for a file without an index, its
    /// first packet's time: the merge opens files in this order.
    pub first_ns: i64,
    /// Which packets to read.
    pub plan: Plan,
}

/// A packet taken out of its file, waiting its turn in the merge.
pub struct Pkt {
    /// Its timestamp, as the file has it.
    pub ts: Timestamp,
    /// The same in ns since the epoch.
    pub ns: i64,
    /// Its length on the wire.
    pub wirelen: u32,
    /// Its link type.
    pub linktype: i32,
    /// Its captured bytes.
    pub data: Vec<u8>,
}

/// A file read with pread(2) at a position of its own: seeking is free, so reading records
/// by offset costs one system call each (none when the record is already buffered).
pub struct PosFile {
    file: File,
    pos: u64,
}

impl Read for PosFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for PosFile {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let (base, delta) = match to {
            SeekFrom::Start(p) => (p, 0),
            SeekFrom::Current(d) => (self.pos, d),
            SeekFrom::End(d) => (self.file.metadata()?.len(), d),
        };
        self.pos = base
            .checked_add_signed(delta)
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        Ok(self.pos)
    }
}

/// A reader over a file: seekable (read by offsets), or any stream (read in order).
pub enum Input {
    /// A pcap or pcapng file read by offsets.
    Seek(Reader<BufReader<PosFile>>),
    /// Any file read from start to end (zstd streams included).
    Stream(Reader<Box<dyn Read>>),
}

impl Input {
    /// The next packet in the file.
    pub fn next(&mut self) -> Result<Option<Packet<'_>>, ReadError> {
        match self {
            Input::Seek(r) => r.next_packet(),
            Input::Stream(r) => r.next_packet(),
        }
    }

    /// The file's link type and snapshot length.
    pub fn link(&self) -> (i32, u32) {
        match self {
            Input::Seek(r) => (r.linktype, r.snaplen),
            Input::Stream(r) => (r.linktype, r.snaplen),
        }
    }

    /// The bits above the link type in a pcap file's header (FCS length), 0 in pcapng.
    pub fn linktype_ext(&self) -> u32 {
        match self {
            Input::Seek(r) => r.linktype_ext,
            Input::Stream(r) => r.linktype_ext,
        }
    }

    /// Whether the file is in the other byte order.
    pub fn swapped(&self) -> bool {
        match self {
            Input::Seek(r) => r.swapped(),
            Input::Stream(r) => r.swapped(),
        }
    }
}

/// Opens `path` for reading by offsets (`random`) or in order, with timestamps in
/// nanoseconds (`nano`) or microseconds, as `-r` gives them.
pub fn open_input(path: &Path, kind: FileKind, random: bool, nano: bool) -> Result<Input> {
    let name = || path.display().to_string();
    let file = File::open(path).map_err(|e| anyhow!("{}: {}", name(), crate::strerror(&e)))?;
    let opened = match (kind, random) {
        // Candidates are mostly far apart: a small buffer reads little beyond each record
        // (a larger record is read straight into the reader's own buffer).
        (FileKind::Capture, true) => Reader::new(
            BufReader::with_capacity(4 << 10, PosFile { file, pos: 0 }),
            nano,
        )
        .map(Input::Seek),
        (FileKind::Capture, false) => Reader::new(
            Box::new(BufReader::with_capacity(1 << 20, file)) as Box<dyn Read>,
            nano,
        )
        .map(Input::Stream),
        (FileKind::Zstd, _) => {
            let z = zstd::Decoder::new(file)
                .map_err(|e| anyhow!("{}: {}", name(), crate::strerror(&e)))?;
            Reader::new(Box::new(z) as Box<dyn Read>, nano).map(Input::Stream)
        }
    };
    opened.map_err(|e| anyhow!("{}: {e}", name()))
}

/// An open source, yielding its matching packets in file order.
pub struct Stream {
    src: Source,
    input: Input,
    /// Next offset to read (`Plan::Offsets`), or next ordinal (`Plan::InOrder`).
    at: usize,
    head: Option<Pkt>,
}

impl Stream {
    /// Opens the file of `src` (timestamps in nanoseconds when `nano`); [`Stream::advance`]
    /// then finds its first matching packet.
    pub fn open(src: Source, nano: bool) -> Result<Stream> {
        let random = matches!(src.plan, Plan::Offsets { .. });
        let input = open_input(&src.path, src.kind, random, nano)?;
        Ok(Stream {
            src,
            input,
            at: 0,
            head: None,
        })
    }

    /// The file read.
    pub fn path(&self) -> &Path {
        &self.src.path
    }

    /// The matching packet found by the last [`Stream::advance`] (None: the file is done).
    pub fn head(&self) -> Option<&Pkt> {
        self.head.as_ref()
    }

    /// The timestamp of [`Stream::head`].
    pub fn head_ns(&self) -> Option<i64> {
        self.head.as_ref().map(|p| p.ns)
    }

    /// Moves to the next matching packet ([`Stream::head`] is None at the end, or after an
    /// error, which is returned once).
    pub fn advance(&mut self, filters: &mut Filters, w: &when::Window) -> Result<()> {
        self.head = None;
        loop {
            let packet = match (&self.src.plan, &mut self.input) {
                (Plan::Offsets { offsets, tail }, Input::Seek(r)) => {
                    let Some(&offset) = offsets.get(self.at) else {
                        if let Some(tail) = tail.filter(|_| self.at == offsets.len()) {
                            self.at += 1;
                            r.seek_to(tail)?;
                            while r.next_packet()?.is_some() {}
                        }
                        return Ok(());
                    };
                    self.at += 1;
                    r.seek_to(offset)?;
                    r.next_packet()?
                }
                (Plan::InOrder(cands), input) => {
                    let ordinal = self.at;
                    self.at += 1;
                    let p = input.next()?;
                    let wanted = match cands {
                        Some(c) => u32::try_from(ordinal).is_ok_and(|o| c.contains(o)),
                        None => true,
                    };
                    if p.is_some() && !wanted {
                        continue;
                    }
                    p
                }
                // A seekable reader is opened exactly for offsets.
                (Plan::Offsets { .. }, Input::Stream(_)) => return Ok(()),
            };
            let Some(p) = packet else {
                return Ok(());
            };
            let ns = index::ts_ns(p.ts);
            if w.after.is_some_and(|a| ns < a) || w.before.is_some_and(|b| ns >= b) {
                continue;
            }
            match filters.compile(self.src.linktype, self.src.swapped) {
                Ok(Some(f)) if !f.matches(p.data, p.wirelen) => continue,
                Ok(_) => {}
                // Planning skipped files of a link type the expression does not compile for.
                Err(_) => continue,
            }
            self.head = Some(Pkt {
                ts: p.ts,
                ns,
                wirelen: p.wirelen,
                linktype: self.src.linktype,
                data: p.data.to_vec(),
            });
            return Ok(());
        }
    }
}
