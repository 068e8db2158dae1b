//! The journal kept beside the imported file: one JSON line per write started and finished, so a
//! run cut short (crash, cancel, a closed laptop) can be run again without sending anything twice.
//! A `started` line without its `done` is an outcome unknown: the next run settles it by the live
//! state (the record is there or it is not), never by resending blindly.
//!
//! Lines are flushed to the OS as they are written (they survive the process being killed); the
//! file is synced when the run ends. The journal is removed after a run where every row settled.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Where the journal of an import of `file` lives: beside it, hidden, named after the list and
/// the customer (the same file imported into another customer has its own journal).
pub fn path_for(file: &Path, kind: crate::Kind, cliente_id: i64) -> PathBuf {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "importacao".into());
    let journal = format!(".{name}.{}-{cliente_id}.diario.jsonl", kind.name());
    file.with_file_name(journal)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Event {
    Started,
    Done,
    Failed,
}

#[derive(Debug, Serialize, Deserialize)]
struct Line<'a> {
    /// The account the write went to (the journal of another account is ignored).
    #[serde(borrow)]
    account: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    key: std::borrow::Cow<'a, str>,
    event: Event,
    #[serde(default)]
    id: i64,
}

/// What earlier runs left in the journal, by natural key.
#[derive(Debug, Clone, Default)]
pub struct JournalState {
    last: HashMap<String, (Event, i64)>,
}

impl JournalState {
    /// Reads the journal at `path` for `account` (missing or unreadable lines are ignored).
    pub fn load(path: &Path, account: &str) -> JournalState {
        let mut last = HashMap::new();
        if let Ok(file) = File::open(path) {
            for line in BufReader::new(file).lines().map_while(Result::ok) {
                if let Ok(entry) = serde_json::from_str::<Line>(&line) {
                    if entry.account == account {
                        last.insert(entry.key.into_owned(), (entry.event, entry.id));
                    }
                }
            }
        }
        JournalState { last }
    }

    /// An earlier run wrote this key: it finished, or it started and its outcome was unknown
    /// (the caller only asks when the live state shows the record, so it did land).
    pub fn applied(&self, key: &str) -> bool {
        matches!(self.last.get(key), Some((Event::Done | Event::Started, _)))
    }

    /// Keys whose write started but never finished: outcomes unknown from an earlier run.
    pub fn unsettled(&self) -> usize {
        self.last.values().filter(|(e, _)| *e == Event::Started).count()
    }
}

/// The journal being written by a run.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    account: String,
    file: Mutex<File>,
}

impl Journal {
    pub fn open(path: &Path, account: &str) -> std::io::Result<Journal> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Journal { path: path.to_owned(), account: account.to_owned(), file: Mutex::new(file) })
    }

    fn write(&self, key: &str, event: Event, id: i64) -> std::io::Result<()> {
        let line = Line { account: self.account.as_str().into(), key: key.into(), event, id };
        let mut text = serde_json::to_vec(&line).map_err(std::io::Error::other)?;
        text.push(b'\n');
        // One write call per line: a kill leaves whole lines (O_APPEND), at worst a cut last one.
        let mut file = self.file.lock().map_err(|_| std::io::Error::other("diário indisponível"))?;
        file.write_all(&text)
    }

    pub fn started(&self, key: &str) -> std::io::Result<()> {
        self.write(key, Event::Started, 0)
    }

    pub fn done(&self, key: &str, id: i64) -> std::io::Result<()> {
        self.write(key, Event::Done, id)
    }

    pub fn failed(&self, key: &str) -> std::io::Result<()> {
        self.write(key, Event::Failed, 0)
    }

    /// Ends the run: removes the file when every row settled (no sync needed for a file about to
    /// go), otherwise syncs it for the next run.
    pub fn finish(self, all_settled: bool) -> std::io::Result<()> {
        let file = self.file.into_inner().map_err(|_| std::io::Error::other("diário indisponível"))?;
        if all_settled {
            drop(file);
            return std::fs::remove_file(&self.path);
        }
        file.sync_all()
    }
}
