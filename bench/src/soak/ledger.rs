//! Exactly-once accounting across many capture files: every frame the soak sent carries the run's
//! nonce and its sequence number, and each record read from a file checks its number off in a
//! bitmap, so a frame missing from every file, or present in two (or twice in one), is found by
//! number, whatever file it landed in.
use capture_rig::frame::audit_fields;
use serde::Serialize;

/// The record counts of one run, fed file by file.
pub struct Ledger {
    nonce: u64,
    frame_len: usize,
    seen: Vec<u64>,
    /// Records read, all files together.
    records: u64,
    /// Records that are not frames of this run (another nonce, or not a test frame).
    foreign: u64,
    /// Records of this run whose sequence number was already checked off.
    duplicates: u64,
    /// Records of this run with a sequence number at or beyond the capacity.
    beyond: u64,
    /// Records of this run whose captured or wire length is not the frame length sent.
    bad_length: u64,
}

/// What the files hold against the frames `0..sent`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Frames sent.
    pub sent: u64,
    /// Records read from every file.
    pub records: u64,
    /// Distinct frames of this run found (sequence number below `sent`).
    pub unique: u64,
    /// Frames sent and found in no file.
    pub lost: u64,
    /// Records of a frame already found (in the same file or another).
    pub duplicates: u64,
    /// Records of this run numbered at or past `sent`: frames nobody sent.
    pub unsent: u64,
    /// Records that are not frames of this run.
    pub foreign: u64,
    /// Records of this run with a wrong captured or wire length.
    pub bad_length: u64,
}

impl Tally {
    /// Every frame sent is in exactly one record, and the files hold nothing else of this run.
    pub fn exactly_once(&self) -> bool {
        self.lost == 0 && self.duplicates == 0 && self.unsent == 0 && self.bad_length == 0
    }
}

impl Ledger {
    /// A ledger for run `nonce`, whose frames are `frame_len` bytes and numbered below
    /// `capacity`.
    pub fn new(nonce: u64, frame_len: usize, capacity: u64) -> Self {
        Ledger {
            nonce,
            frame_len,
            seen: vec![0; capacity.div_ceil(64) as usize],
            records: 0,
            foreign: 0,
            duplicates: 0,
            beyond: 0,
            bad_length: 0,
        }
    }

    /// Checks off one record: its captured bytes and its length on the wire.
    pub fn record(&mut self, data: &[u8], wirelen: u32) {
        self.records += 1;
        let Some((nonce, seq)) = audit_fields(data) else {
            self.foreign += 1;
            return;
        };
        if nonce != self.nonce {
            self.foreign += 1;
            return;
        }
        if data.len() != self.frame_len || wirelen as usize != self.frame_len {
            self.bad_length += 1;
        }
        let (word, bit) = ((seq / 64) as usize, seq % 64);
        let Some(w) = self.seen.get_mut(word) else {
            self.beyond += 1;
            return;
        };
        if *w & (1 << bit) != 0 {
            self.duplicates += 1;
        } else {
            *w |= 1 << bit;
        }
    }

    /// The tally against frames `0..sent` (`sent` at most the capacity).
    pub fn tally(&self, sent: u64) -> Tally {
        let full = (sent / 64) as usize;
        let mut unique: u64 = self.seen[..full]
            .iter()
            .map(|w| u64::from(w.count_ones()))
            .sum();
        let mut unsent = self.beyond;
        for (i, w) in self.seen.iter().enumerate().skip(full) {
            let below = if i == full {
                (1u64 << (sent % 64)) - 1
            } else {
                0
            };
            unique += u64::from((w & below).count_ones());
            unsent += u64::from((w & !below).count_ones());
        }
        Tally {
            sent,
            records: self.records,
            unique,
            lost: sent - unique,
            duplicates: self.duplicates,
            unsent,
            foreign: self.foreign,
            bad_length: self.bad_length,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::fixtures::spec;

    fn frame(nonce: u64, seq: u64) -> Vec<u8> {
        let mut f = Vec::new();
        spec(nonce).build(seq, &mut f);
        f
    }

    /// Feeds "files" (lists of sequence numbers) into a ledger of capacity 200.
    fn feed(files: &[&[u64]]) -> Ledger {
        let mut l = Ledger::new(9, 64, 200);
        for file in files {
            for &s in *file {
                l.record(&frame(9, s), 64);
            }
        }
        l
    }

    #[test]
    fn every_frame_once_across_files_passes() {
        let a: Vec<u64> = (0..70).collect();
        let b: Vec<u64> = (70..130).rev().collect();
        let t = feed(&[&a, &b]).tally(130);
        assert_eq!(
            t,
            Tally {
                sent: 130,
                records: 130,
                unique: 130,
                ..Tally::default()
            }
        );
        assert!(t.exactly_once());
    }

    #[test]
    fn a_frame_in_two_files_is_a_duplicate() {
        let t = feed(&[&[0, 1, 2, 3], &[3, 4]]).tally(5);
        assert_eq!((t.unique, t.duplicates, t.lost), (5, 1, 0));
        assert!(!t.exactly_once());
    }

    #[test]
    fn a_frame_in_no_file_is_lost() {
        let t = feed(&[&[0, 1, 2, 4], &[5, 6, 7, 63, 64, 65]]).tally(66);
        assert_eq!(t.unique, 10);
        assert_eq!(t.lost, 56, "3, 8..=62 missing");
        assert!(!t.exactly_once());
    }

    #[test]
    fn frames_numbered_past_the_sent_count_are_unsent() {
        // 64 and 65 sit in the last partly-used word; 199 in a later word; 250 past the bitmap.
        let t = feed(&[&[0, 1, 64, 65, 199, 250]]).tally(64);
        assert_eq!((t.unique, t.lost), (2, 62));
        assert_eq!(t.unsent, 4);
        assert!(!t.exactly_once());
    }

    #[test]
    fn other_runs_and_wrong_lengths_are_told_apart() {
        let mut l = Ledger::new(9, 64, 10);
        l.record(&frame(8, 0), 64);
        l.record(b"not a test frame", 16);
        l.record(&frame(9, 0)[..60], 64);
        let t = l.tally(1);
        assert_eq!((t.records, t.foreign, t.unique, t.bad_length), (3, 2, 1, 1));
        assert!(!t.exactly_once());
    }
}
