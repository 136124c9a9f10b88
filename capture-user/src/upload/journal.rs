//! The upload spool's journal: an append-only file of JSON lines, each one synced to disk
//! before it counts, so a capture killed at any moment knows at its next start which published
//! files are still to be uploaded.
//!
//! `{"open": OPENED}` is written when the writer opens a file, `{"add": ENTRY}` when the file
//! (and its companions) is published, `{"done": ID}` once every object of that entry is in the
//! bucket. At start the journal is replayed (a line cut short by a crash is ignored: it was
//! never synced, so nothing counted on it): the entries added and not done are to upload, the
//! files opened and never published were open when capture stopped, to be recovered. It is
//! then rewritten with only those, so it stays as small as the backlog.
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

/// A file the writer opened: if no entry of its ticket was added when capture stopped, it was
/// open then (or its index was being written), and the next start publishes it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opened {
    /// The ticket the file will be published with.
    pub id: u64,
    /// The name it is published as.
    pub name: String,
    /// Where it is written meanwhile (`NAME.part` with `--publish-atomic`).
    pub path: PathBuf,
}

/// What the journal held at start.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Replay {
    /// Entries added and not done, oldest first.
    pub pending: Vec<Entry>,
    /// Files opened and never published, oldest first.
    pub opened: Vec<Opened>,
    /// The next free ticket.
    pub next: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    Open(Opened),
    Add(Entry),
    Done(u64),
    /// The next ticket, kept across a rewrite that leaves no entry.
    Next(u64),
}

/// Lines appended since the journal was last rewritten past which it is rewritten again, so
/// a capture running for months keeps a journal the size of its backlog.
const REWRITE_AFTER: usize = 4096;

/// The open journal of one spool directory.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    /// Lines appended since the last rewrite.
    appended: usize,
}

impl Journal {
    /// Opens (or creates) the journal in `dir` and replays it. The file is rewritten to hold
    /// only what the replay returns.
    pub fn open(dir: &Path) -> io::Result<(Journal, Replay)> {
        let path = dir.join("journal");
        let mut r = Replay::default();
        match File::open(&path) {
            Ok(f) => {
                for line in BufReader::new(f).lines() {
                    let line = line?;
                    match serde_json::from_str::<Line>(&line) {
                        Ok(Line::Open(o)) => {
                            r.next = r.next.max(o.id + 1);
                            r.opened.retain(|p| p.id != o.id);
                            r.opened.push(o);
                        }
                        Ok(Line::Add(e)) => {
                            r.next = r.next.max(e.id + 1);
                            r.opened.retain(|p| p.id != e.id);
                            r.pending.retain(|p| p.id != e.id);
                            r.pending.push(e);
                        }
                        Ok(Line::Done(id)) => {
                            r.pending.retain(|p| p.id != id);
                            r.opened.retain(|p| p.id != id);
                        }
                        Ok(Line::Next(n)) => r.next = r.next.max(n),
                        // A torn last line: never synced, so never acted on.
                        Err(_) => {}
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let file = rewrite(&path, &r.pending, &r.opened, r.next)?;
        let journal = Journal {
            file,
            path,
            appended: 0,
        };
        Ok((journal, r))
    }

    /// Whether enough has been appended that [`Journal::compact`] is worth its cost.
    pub fn wants_compaction(&self) -> bool {
        self.appended >= REWRITE_AFTER
    }

    /// Rewrites the journal to hold only `pending` (every entry added and not done), `opened`
    /// (every file opened and not published) and the next ticket; the caller holds what keeps
    /// others from appending meanwhile.
    pub fn compact(&mut self, pending: &[Entry], opened: &[Opened], next: u64) -> io::Result<()> {
        self.file = rewrite(&self.path, pending, opened, next)?;
        self.appended = 0;
        Ok(())
    }

    /// Records a file opened by the writer.
    pub fn open_file(&mut self, o: &Opened) -> io::Result<()> {
        self.append(&Line::Open(o.clone()))
    }

    /// Records a published entry; it counts once this returns.
    pub fn add(&mut self, e: &Entry) -> io::Result<()> {
        self.append(&Line::Add(e.clone()))
    }

    /// Records that entry `id` is uploaded.
    pub fn done(&mut self, id: u64) -> io::Result<()> {
        self.append(&Line::Done(id))
    }

    fn append(&mut self, l: &Line) -> io::Result<()> {
        self.file.write_all(line(l).as_bytes())?;
        self.appended += 1;
        self.file.sync_data()
    }
}

/// Writes `path` anew, atomically and synced, with `pending` and `next`; returns it open for
/// appending.
fn rewrite(path: &Path, pending: &[Entry], opened: &[Opened], next: u64) -> io::Result<File> {
    let fresh = path.with_extension("new");
    {
        let mut f = File::create(&fresh)?;
        let mut text = line(&Line::Next(next));
        for o in opened {
            text.push_str(&line(&Line::Open(o.clone())));
        }
        for e in pending {
            text.push_str(&line(&Line::Add(e.clone())));
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&fresh, path)?;
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    OpenOptions::new().append(true).open(path)
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
        let (mut j, r) = Journal::open(&dir).unwrap();
        assert_eq!(r, Replay::default());
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
        let (mut j, r) = Journal::open(&dir).unwrap();
        assert_eq!((r.pending, r.next), (vec![entry(0), entry(2)], 3));
        j.done(0).unwrap();
        j.done(2).unwrap();
        drop(j);
        let (_, r) = Journal::open(&dir).unwrap();
        assert_eq!(
            r,
            Replay {
                next: 3,
                ..Replay::default()
            }
        );
        let text = fs::read_to_string(dir.join("journal")).unwrap();
        assert_eq!(text, "{\"next\":3}\n");
        // A rewrite while running keeps what it is given, and appends go on after it.
        let (mut j, _) = Journal::open(&dir).unwrap();
        j.add(&entry(3)).unwrap();
        j.add(&entry(4)).unwrap();
        j.compact(&[entry(4)], &[], 5).unwrap();
        j.add(&entry(5)).unwrap();
        drop(j);
        let (_, r) = Journal::open(&dir).unwrap();
        assert_eq!((r.pending, r.next), (vec![entry(4), entry(5)], 6));
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A file opened and never published is what the replay reports as open; publishing it
    /// (or giving it up) takes it off, and a rewrite keeps the rest.
    #[test]
    fn files_opened_and_not_published_are_replayed() {
        let dir = std::env::temp_dir().join(format!("capture-journal-open-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let opened = |id: u64| Opened {
            id,
            name: format!("/d/f{id}"),
            path: PathBuf::from(format!("/d/f{id}.part")),
        };
        let (mut j, _) = Journal::open(&dir).unwrap();
        for id in 0..3 {
            j.open_file(&opened(id)).unwrap();
        }
        j.add(&entry(0)).unwrap();
        j.done(1).unwrap();
        drop(j);
        let (mut j, r) = Journal::open(&dir).unwrap();
        assert_eq!(
            (r.opened, r.pending, r.next),
            (vec![opened(2)], vec![entry(0)], 3)
        );
        j.compact(&[], &[opened(2)], 3).unwrap();
        drop(j);
        let (_, r) = Journal::open(&dir).unwrap();
        assert_eq!((r.opened, r.pending), (vec![opened(2)], vec![]));
        fs::remove_dir_all(&dir).unwrap();
    }
}
