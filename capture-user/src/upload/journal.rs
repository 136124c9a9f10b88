//! The upload spool's journal: an append-only file of JSON lines, each one synced to disk
//! before it counts, so a capture killed at any moment knows at its next start which published
//! files are still to be uploaded.
//!
//! `{"add": ENTRY}` is written when a file (and its companions) is published, `{"done": ID}`
//! once every object of that entry is in the bucket. At start the journal is replayed (a line
//! cut short by a crash is ignored: it was never synced, so nothing counted on it) and rewritten
//! with only the entries still pending, so it stays as small as the backlog.
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::FileFacts;

/// A published file to upload: what the writer knew when it closed it, and where its bytes
/// are read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The ticket the writer gave the file when it closed it (unique in this spool).
    pub id: u64,
    /// What the writer knew of the file.
    pub facts: FileFacts,
    /// The file first, then its companions (`.idx`): each a path to read from and the name the
    /// object is stored under.
    pub sources: Vec<Source>,
}

/// One object of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Where the bytes are: the spool's hard link to the file, or the file itself when the
    /// link could not be made.
    pub path: PathBuf,
    /// The file's own name (without directories).
    pub name: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    Add(Entry),
    Done(u64),
    /// The next ticket, kept across a rewrite that leaves no entry.
    Next(u64),
}

/// The open journal of one spool directory.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Opens (or creates) the journal in `dir`, returning it, the entries still pending (oldest
    /// first) and the next free ticket. The file is rewritten to hold only those entries.
    pub fn open(dir: &Path) -> io::Result<(Journal, Vec<Entry>, u64)> {
        let path = dir.join("journal");
        let mut pending: Vec<Entry> = Vec::new();
        let mut next = 0;
        match File::open(&path) {
            Ok(f) => {
                for line in BufReader::new(f).lines() {
                    let line = line?;
                    match serde_json::from_str::<Line>(&line) {
                        Ok(Line::Add(e)) => {
                            next = next.max(e.id + 1);
                            pending.retain(|p| p.id != e.id);
                            pending.push(e);
                        }
                        Ok(Line::Done(id)) => pending.retain(|p| p.id != id),
                        Ok(Line::Next(n)) => next = next.max(n),
                        // A torn last line: never synced, so never acted on.
                        Err(_) => {}
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let fresh = dir.join("journal.new");
        {
            let mut f = File::create(&fresh)?;
            let mut text = line(&Line::Next(next));
            for e in &pending {
                text.push_str(&line(&Line::Add(e.clone())));
            }
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
        }
        fs::rename(&fresh, &path)?;
        File::open(dir)?.sync_all()?;
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok((Journal { file, path }, pending, next))
    }

    /// Records a published entry; it counts once this returns.
    pub fn add(&mut self, e: &Entry) -> io::Result<()> {
        self.append(&Line::Add(e.clone()))
    }

    /// Records that entry `id` is uploaded.
    pub fn done(&mut self, id: u64) -> io::Result<()> {
        self.append(&Line::Done(id))
    }

    /// The journal's path (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn append(&mut self, l: &Line) -> io::Result<()> {
        self.file.write_all(line(l).as_bytes())?;
        self.file.sync_data()
    }
}

fn line(l: &Line) -> String {
    serde_json::to_string(l).expect("journal lines serialize") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upload::Drops;

    fn entry(id: u64) -> Entry {
        Entry {
            id,
            facts: FileFacts {
                name: format!("/d/f{id}"),
                first_ns: Some(1),
                last_ns: Some(2),
                packets: 3,
                bytes: 4,
                closed_ns: 5,
                drops: Drops::default(),
            },
            sources: vec![Source {
                path: PathBuf::from(format!("/d/.f.upload/{id}-f{id}")),
                name: format!("f{id}"),
            }],
        }
    }

    /// Replay keeps what is not done, ignores a torn line, and the rewrite keeps the tickets
    /// moving forward even when nothing is left.
    #[test]
    fn replay_keeps_pending_entries_and_tickets() {
        let dir = std::env::temp_dir().join(format!("capture-journal-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let (mut j, pending, next) = Journal::open(&dir).unwrap();
        assert!(pending.is_empty());
        assert_eq!(next, 0);
        for id in 0..3 {
            j.add(&entry(id)).unwrap();
        }
        j.done(1).unwrap();
        drop(j);
        let mut f = OpenOptions::new()
            .append(true)
            .open(dir.join("journal"))
            .unwrap();
        f.write_all(b"{\"done\":").unwrap();
        drop(f);
        let (mut j, pending, next) = Journal::open(&dir).unwrap();
        assert_eq!(pending, vec![entry(0), entry(2)]);
        assert_eq!(next, 3);
        j.done(0).unwrap();
        j.done(2).unwrap();
        drop(j);
        let (_, pending, next) = Journal::open(&dir).unwrap();
        assert!(pending.is_empty());
        assert_eq!(next, 3);
        let text = fs::read_to_string(dir.join("journal")).unwrap();
        assert_eq!(text, "{\"next\":3}\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
