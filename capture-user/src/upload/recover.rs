//! A file that was open when capture stopped (SIGKILL, a crash, a power cut) was never
//! published: at the next start it is published as it is on disk, so its packets reach the
//! bucket too. Its facts are read back from the file: packets, first and last time stamps,
//! up to the first record that cannot be read (the end of what the last write-out left).
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use super::journal::Opened;
use super::{Drops, FileFacts, Publisher};
use crate::offline::Reader;

/// Publishes the file `o` names, if it is still there: at its writing path, or at its final
/// name when it was renamed there (`--publish-atomic`) before capture stopped. Returns whether
/// it was.
pub fn publish(publisher: &Publisher, o: Opened) -> bool {
    let file = [o.path.clone(), PathBuf::from(&o.name)]
        .into_iter()
        .find(|p| p.is_file());
    let Some(file) = file else {
        // Removed (or never created): nothing to upload.
        publisher.forget(o.id);
        return false;
    };
    match facts(&o.name, &file) {
        Ok(facts) => {
            eprintln!(
                "capture: {}: open when capture last stopped, uploading its {} packets",
                file.display(),
                facts.packets
            );
            publisher.publish_from(o.id, facts, &file, &[]);
            true
        }
        Err(e) => {
            eprintln!(
                "capture: {}: open when capture last stopped, unreadable ({}); not uploaded",
                file.display(),
                crate::strerror(&e)
            );
            publisher.forget(o.id);
            false
        }
    }
}

/// What a file holds, read from it: a pcap or pcapng file, or a zstd stream of one (`.zst`).
pub fn facts(name: &str, path: &Path) -> io::Result<FileFacts> {
    let f = File::open(path)?;
    let meta = f.metadata()?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    let stream: Box<dyn Read> = if name.ends_with(".zst") {
        Box::new(zstd::Decoder::new(f)?)
    } else {
        Box::new(BufReader::with_capacity(1 << 20, f))
    };
    let mut facts = FileFacts {
        name: name.to_owned(),
        first_ns: None,
        last_ns: None,
        packets: 0,
        bytes: meta.len(),
        closed_ns: mtime,
        drops: Drops::default(),
    };
    // Not even a whole header: a file with no packets.
    let Ok(mut reader) = Reader::new(stream, true) else {
        return Ok(facts);
    };
    // A record that cannot be read ends what counts: the file was cut there.
    while let Ok(Some(p)) = reader.next_packet() {
        // A block of zeros past the last record (an O_DIRECT write-out not yet trimmed to
        // the true length) reads as records of length 0: not packets.
        if p.wirelen == 0 && p.data.is_empty() {
            break;
        }
        let ns = u64::try_from(p.ts.sec)
            .unwrap_or(0)
            .saturating_mul(1_000_000_000)
            .saturating_add(u64::try_from(p.ts.frac).unwrap_or(0));
        facts.first_ns.get_or_insert(ns);
        facts.last_ns = Some(ns);
        facts.packets += 1;
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pcap file cut in the middle of a record, with zeros after: the whole records count.
    #[test]
    fn counts_whole_records_only() {
        let dir = std::env::temp_dir().join(format!("capture-recover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        let mut bytes = crate::writer::pcap::file_header(1, 65535, true).to_vec();
        for (sec, nsec) in [(10, 5), (11, 7)] {
            bytes.extend_from_slice(&crate::writer::pcap::record_header(sec, nsec, 4, 4, true));
            bytes.extend_from_slice(&[1, 2, 3, 4]);
        }
        bytes.extend_from_slice(&[0; 64]);
        std::fs::write(&path, &bytes).unwrap();
        let f = facts("f", &path).unwrap();
        assert_eq!(
            (f.packets, f.first_ns, f.last_ns, f.bytes),
            (
                2,
                Some(10_000_000_005),
                Some(11_000_000_007),
                bytes.len() as u64
            )
        );
        bytes.truncate(24 + 16 + 4 + 10);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(facts("f", &path).unwrap().packets, 1);
        std::fs::write(&path, &bytes[..10]).unwrap();
        assert_eq!(facts("f", &path).unwrap().packets, 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
