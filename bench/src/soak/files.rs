//! Reading capture files into the [`Ledger`] with libpcap (the `pcap` crate), the same library
//! tcpdump reads them with, so the count never depends on capture's own reader.
use std::path::Path;

use anyhow::{Context, Result};

use super::ledger::Ledger;

/// Adds every record of pcap file `path` to `ledger`; returns how many records it held.
pub fn audit(path: &Path, ledger: &mut Ledger) -> Result<u64> {
    let mut cap =
        pcap::Capture::from_file(path).with_context(|| format!("opening {}", path.display()))?;
    let mut records = 0;
    loop {
        match cap.next_packet() {
            Ok(p) => {
                ledger.record(p.data, p.header.len);
                records += 1;
            }
            Err(pcap::Error::NoMorePackets) => return Ok(records),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::fixtures::{pcap, spec};

    /// Writes a pcap file (little-endian, microseconds) holding frames `seqs` of run 5.
    fn write(path: &Path, seqs: &[u64]) {
        std::fs::write(path, pcap(&spec(5), seqs, false)).unwrap();
    }

    #[test]
    fn libpcap_reads_count_across_files() {
        let dir = std::env::temp_dir().join(format!("soak-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.pcap"), dir.join("b.pcap"));
        write(&a, &[0, 1, 2]);
        write(&b, &[2, 3, 5]);
        let mut ledger = Ledger::new(5, 64, 6);
        assert_eq!(audit(&a, &mut ledger).unwrap(), 3);
        assert_eq!(audit(&b, &mut ledger).unwrap(), 3);
        let missing = audit(&dir.join("gone.pcap"), &mut ledger);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            missing.is_err(),
            "a file deleted before it was read is an error"
        );
        let t = ledger.tally(6);
        assert_eq!((t.records, t.unique, t.duplicates, t.lost), (6, 5, 1, 1));
    }
}
