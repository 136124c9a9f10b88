//! Audits a pcap file against what the generator sent: every frame of this run (matched by the
//! nonce in its payload) is checked off by sequence number, so loss, duplicates, reordering and
//! truncation are found frame by frame, not inferred from counters.
use std::{
    fs::File,
    io::{BufReader, Read},
    path::Path,
};

use anyhow::{Context, Result, bail};
use capture_rig::frame::audit_fields;
use serde::{Deserialize, Serialize};

/// What a capture file holds, compared with the `sent` frames `0..sent` of run `nonce`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// Records in the file.
    pub records: u64,
    /// Records of this run (nonce matches, sequence number in range).
    pub ours: u64,
    /// Distinct sequence numbers seen.
    pub unique: u64,
    /// Records of this run whose sequence number was already seen.
    pub duplicates: u64,
    /// Records of this run with a sequence number below one seen earlier in the file.
    pub out_of_order: u64,
    /// Records of this run whose captured or wire length differs from the frame sent.
    pub bad_length: u64,
    /// Frames sent and never seen: `sent - unique`.
    pub lost: u64,
}

/// Reads pcap `path` (micro or nano, either byte order) and audits it.
pub fn audit_file(path: &Path, nonce: u64, sent: u64, frame_len: usize) -> Result<Audit> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    audit_reader(
        BufReader::with_capacity(1 << 20, file),
        nonce,
        sent,
        frame_len,
    )
    .with_context(|| format!("auditing {}", path.display()))
}

/// Audits a pcap stream (see [`audit_file`]). A file cut inside its last record (a tool
/// killed mid-write) is audited up to that record.
pub fn audit_reader(mut r: impl Read, nonce: u64, sent: u64, frame_len: usize) -> Result<Audit> {
    let mut hdr = [0u8; 24];
    r.read_exact(&mut hdr).context("pcap file header")?;
    let big = match u32::from_le_bytes(hdr[0..4].try_into()?) {
        0xa1b2_c3d4 | 0xa1b2_3c4d => false,
        0xd4c3_b2a1 | 0x4d3c_b2a1 => true,
        m => bail!("not a pcap file (magic {m:#010x})"),
    };
    let u32_at = |b: &[u8]| {
        let a: [u8; 4] = b.try_into().expect("4 bytes");
        if big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    };
    let mut seen = vec![0u64; (sent as usize).div_ceil(64)];
    let mut a = Audit::default();
    let mut max_seq: Option<u64> = None;
    let mut rec = [0u8; 16];
    let mut data = vec![0u8; 1 << 16];
    loop {
        if !read_full(&mut r, &mut rec)? {
            break;
        }
        let caplen = u32_at(&rec[8..12]) as usize;
        let wirelen = u32_at(&rec[12..16]) as usize;
        if caplen > 1 << 24 {
            bail!("record {} has caplen {caplen}", a.records);
        }
        if data.len() < caplen {
            data.resize(caplen, 0);
        }
        if !read_full(&mut r, &mut data[..caplen])? {
            break;
        }
        a.records += 1;
        let Some((n, seq)) = audit_fields(&data[..caplen]) else {
            continue;
        };
        if n != nonce || seq >= sent {
            continue;
        }
        a.ours += 1;
        if caplen != frame_len || wirelen != frame_len {
            a.bad_length += 1;
        }
        let (word, bit) = ((seq / 64) as usize, seq % 64);
        if seen[word] & (1 << bit) != 0 {
            a.duplicates += 1;
        } else {
            seen[word] |= 1 << bit;
            a.unique += 1;
        }
        match max_seq {
            Some(m) if seq < m => a.out_of_order += 1,
            _ => max_seq = Some(seq),
        }
    }
    a.lost = sent - a.unique;
    Ok(a)
}

/// Fills `buf`; false at a clean end of stream or inside a truncated final record.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> Result<bool> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..])? {
            0 => return Ok(false),
            n => got += n,
        }
    }
    Ok(true)
}

/// Frames and files for the unit tests of the audit and of the soak's readers.
#[cfg(test)]
pub(crate) mod fixtures {
    use capture_rig::frame::FrameSpec;

    /// A 64 B single-flow frame of run `nonce`, between the rig's addresses.
    pub(crate) fn spec(nonce: u64) -> FrameSpec {
        FrameSpec {
            dst_mac: [2, 0, 0, 0, 0, 2],
            src_mac: [2, 0, 0, 0, 0, 1],
            src_ip: [10, 250, 1, 1],
            dst_ip: [10, 250, 1, 99],
            dst_port: 9,
            len: 64,
            flows: 1,
            nonce,
            vlan: None,
        }
    }

    /// A pcap file (little-endian, microseconds) holding frames `seqs` of `spec`.
    pub(crate) fn pcap(spec: &FrameSpec, seqs: &[u64], truncate_last: bool) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&4u16.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&262_144u32.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        let mut frame = Vec::new();
        for &s in seqs {
            spec.build(s, &mut frame);
            out.extend_from_slice(&[0; 8]);
            out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
            out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
            out.extend_from_slice(&frame);
        }
        if truncate_last {
            out.truncate(out.len() - 10);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{pcap, spec};
    use super::*;

    #[test]
    fn counts_loss_duplicates_and_order() {
        let s = spec(42);
        let mut seqs = vec![0, 1, 3, 2, 2, 5];
        // A frame of another run is ignored.
        let other = pcap(&spec(7), &[4], false);
        let mut file = pcap(&s, &seqs, false);
        file.extend_from_slice(&other[24..]);
        let a = audit_reader(&file[..], 42, 6, 64).unwrap();
        assert_eq!(a.records, 7);
        assert_eq!(a.ours, 6);
        assert_eq!(a.unique, 5);
        assert_eq!(a.duplicates, 1);
        assert_eq!(a.out_of_order, 2, "2 after 3, and the repeated 2");
        assert_eq!(a.lost, 1, "4 never arrived");
        assert_eq!(a.bad_length, 0);
        seqs.truncate(3);
        let a = audit_reader(&pcap(&s, &seqs, true)[..], 42, 3, 64).unwrap();
        assert_eq!(
            (a.records, a.unique, a.lost),
            (2, 2, 1),
            "cut record not counted"
        );
    }

    #[test]
    fn flags_wrong_lengths_and_rejects_non_pcap() {
        let a = audit_reader(&pcap(&spec(1), &[0], false)[..], 1, 1, 1514).unwrap();
        assert_eq!(a.bad_length, 1);
        assert!(audit_reader(&[0u8; 24][..], 1, 1, 64).is_err());
    }
}
