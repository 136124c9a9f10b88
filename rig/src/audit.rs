//! Auditing captured test frames: the run nonce and sequence number of every record of a pcap
//! file (as bytes, such as an object downloaded from a bucket), so a test can check that each
//! frame sent is stored exactly once.
use anyhow::{Result, bail};

/// `(nonce, seq)` of each record of the pcap file `bytes` that is a test frame
/// ([`crate::frame::audit_fields`]), in file order. Files in either byte order and either
/// time precision are read; a record cut short (a file still being written) is an error.
pub fn test_frames(bytes: &[u8]) -> Result<Vec<(u64, u64)>> {
    if bytes.len() < 24 {
        bail!("not a pcap file: {} bytes", bytes.len());
    }
    let magic = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let little = match magic {
        0xa1b2_c3d4 | 0xa1b2_3c4d => true,
        0xd4c3_b2a1 | 0x4d3c_b2a1 => false,
        _ => bail!("not a pcap file: magic {magic:#010x}"),
    };
    let word = |at: usize| {
        let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
        if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let mut frames = Vec::new();
    let mut at = 24;
    while at < bytes.len() {
        if at + 16 > bytes.len() {
            bail!("record header cut short at offset {at}");
        }
        let caplen = word(at + 8) as usize;
        let data = at + 16;
        if data + caplen > bytes.len() {
            bail!("record cut short at offset {at}");
        }
        frames.extend(crate::frame::audit_fields(&bytes[data..data + caplen]));
        at = data + caplen;
    }
    Ok(frames)
}
