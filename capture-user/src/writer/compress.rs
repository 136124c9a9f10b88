//! `--compress zstd`: each output file is one zstd stream, compressed straight into the sink's
//! aligned buffer (no extra copy, no per-file allocation: the context is reset, not rebuilt).
//!
//! Rotation counts uncompressed bytes, so `zstd -dc FILE.zst` gives exactly the file that would
//! have been written without compression (byte-identical to tcpdump's for `-C`).

use std::io;

use zstd::stream::raw::{Encoder, InBuffer, Operation, OutBuffer};

use super::direct::Sink;

/// zstd level 1: the fastest standard level, since the writer must keep up with the capture.
pub const LEVEL: i32 = 1;

/// A reusable zstd stream encoder writing into a [`Sink`].
pub struct Zstd {
    enc: Encoder<'static>,
}

impl Zstd {
    /// A new encoder at [`LEVEL`].
    pub fn new() -> io::Result<Self> {
        Ok(Zstd {
            enc: Encoder::new(LEVEL)?,
        })
    }

    /// Compresses `data` into the sink.
    pub fn write(&mut self, data: &[u8], sink: &mut Sink) -> io::Result<()> {
        let mut input = InBuffer::around(data);
        while input.pos() < data.len() {
            let n = {
                let mut out = OutBuffer::around(sink.spare()?);
                self.enc.run(&mut input, &mut out)?;
                out.pos()
            };
            sink.commit(n)?;
        }
        Ok(())
    }

    /// Ends the current zstd block so everything written so far can be decompressed.
    pub fn flush(&mut self, sink: &mut Sink) -> io::Result<()> {
        loop {
            let (left, n) = {
                let mut out = OutBuffer::around(sink.spare()?);
                let left = self.enc.flush(&mut out)?;
                (left, out.pos())
            };
            sink.commit(n)?;
            if left == 0 {
                return Ok(());
            }
        }
    }

    /// Ends the stream (frame epilogue) and readies the encoder for the next file.
    pub fn finish(&mut self, sink: &mut Sink) -> io::Result<()> {
        loop {
            let (left, n) = {
                let mut out = OutBuffer::around(sink.spare()?);
                let left = self.enc.finish(&mut out, true)?;
                (left, out.pos())
            };
            sink.commit(n)?;
            if left == 0 {
                break;
            }
        }
        self.enc.reinit()
    }

    /// Drops any half-written stream (after a failure, or before a new file).
    pub fn reset(&mut self) -> io::Result<()> {
        self.enc.reinit()
    }
}
