//! The SQLite file behind the log. Opened lazily and again after a failure, so a log that could
//! not be opened once (disk full, a locked file) starts working when it can.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use pabx_bulk::{Cell, CsvWriter, Dialect};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use crate::{Change, Entry, Filter, Outcome};

/// The file name inside the data directory.
pub const FILE_NAME: &str = "activity.sqlite3";
/// The app's identifier: its data directory on every system (the CLI uses the same one).
const APP_ID: &str = "br.com.pabxdesktop.desktop";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Não foi possível usar o registro de atividade em {path} ({detail}).")]
    Open { path: String, detail: String },
    #[error("Não foi possível ler ou gravar o registro de atividade ({0}).")]
    Sql(#[from] rusqlite::Error),
    #[error("Não foi possível gravar o arquivo exportado ({0}).")]
    Io(#[from] std::io::Error),
}

#[derive(Debug)]
pub struct ActivityLog {
    path: PathBuf,
    conn: Mutex<Option<Connection>>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    acao TEXT NOT NULL,
    operation TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id INTEGER,
    record_name TEXT,
    cliente_id INTEGER,
    before TEXT,
    after TEXT,
    changes TEXT NOT NULL,
    outcome TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_at ON entries(at_ms);
";

impl ActivityLog {
    /// The log at `path`; nothing is touched until the first use.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), conn: Mutex::new(None) }
    }

    /// The file both the app and the CLI use: `PABX_ACTIVITY_DB` when set, else `activity.sqlite3`
    /// in the app's data directory (`~/.local/share/br.com.pabxdesktop.desktop` on Linux,
    /// `~/Library/Application Support/...` on macOS, `%APPDATA%\...` on Windows).
    pub fn default_path() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("PABX_ACTIVITY_DB").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(path));
        }
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let base = if cfg!(target_os = "windows") {
            env("APPDATA")
        } else if cfg!(target_os = "macos") {
            env("HOME").map(|h| h.join("Library/Application Support"))
        } else {
            env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
        };
        base.map(|b| b.join(APP_ID).join(FILE_NAME))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(&self, run: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut guard = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.is_none() {
            *guard = Some(self.connect()?);
        }
        let Some(conn) = guard.as_ref() else { return Err(self.open_error("sem conexão")) };
        let result = run(conn);
        if result.is_err() {
            *guard = None; // try a fresh connection next time
        }
        result
    }

    fn open_error(&self, detail: impl ToString) -> StoreError {
        StoreError::Open { path: self.path.display().to_string(), detail: detail.to_string() }
    }

    fn connect(&self) -> Result<Connection, StoreError> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| self.open_error(e))?;
        }
        let conn = Connection::open(&self.path).map_err(|e| self.open_error(e))?;
        // The app and the CLI may write at once; wait a little, never long (a write waits on us).
        conn.busy_timeout(Duration::from_millis(500)).map_err(|e| self.open_error(e))?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| self.open_error(e))?;
        conn.execute_batch(SCHEMA).map_err(|e| self.open_error(e))?;
        Ok(conn)
    }

    /// Records an entry (its `id` is ignored) and returns its id.
    pub fn record(&self, entry: &Entry) -> Result<i64, StoreError> {
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string);
        let changes = serde_json::to_string(&entry.changes).unwrap_or_else(|_| "[]".into());
        self.with(|conn| {
            conn.execute(
                "INSERT INTO entries (at_ms, source, account, acao, operation, entity, record_id, record_name,
                    cliente_id, before, after, changes, outcome, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    entry.at_ms,
                    entry.source,
                    entry.account,
                    entry.acao,
                    entry.operation,
                    entry.entity,
                    entry.record_id,
                    entry.record_name,
                    entry.cliente_id,
                    json(&entry.before),
                    json(&entry.after),
                    changes,
                    entry.outcome.as_str(),
                    entry.message
                ],
            )?;
            Ok(conn.last_insert_rowid())
        })
    }

    /// Entries matching `filter`, newest first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Entry>, StoreError> {
        self.with(|conn| {
            let mut entries = Vec::new();
            each_entry(conn, filter, filter.limit.unwrap_or(1000), |entry| {
                entries.push(entry);
                Ok(())
            })?;
            Ok(entries)
        })
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>, StoreError> {
        self.with(|conn| Ok(conn.query_row("SELECT * FROM entries WHERE id = ?1", [id], entry_of).optional()?))
    }

    /// The entries matching `filter` as CSV (pabx-bulk's writer and dialects); returns how many.
    /// Rows go to `out` as they are read, so memory does not grow with the log; the export reads
    /// through a connection of its own (WAL), so writes recorded meanwhile do not wait for it.
    pub fn write_csv<W: Write>(&self, filter: &Filter, out: W, dialect: Dialect) -> Result<usize, StoreError> {
        let conn = self.connect()?;
        let mut csv = CsvWriter::new(out, dialect, &CSV_HEADER)?;
        let written = each_entry(&conn, filter, filter.limit.unwrap_or(u32::MAX), |e| {
            let when = jiff::Timestamp::from_millisecond(e.at_ms).map(|t| t.to_string()).unwrap_or_default();
            let changes = e.changes.iter().map(describe_change).collect::<Vec<_>>().join("; ");
            let record_id = e.record_id.map(|id| id.to_string()).unwrap_or_default();
            let cliente_id = e.cliente_id.map(|id| id.to_string()).unwrap_or_default();
            csv.write_row(&[
                Cell::Int(e.id),
                Cell::Text(&when),
                Cell::Text(&e.source),
                Cell::Text(&e.account),
                Cell::Text(&e.acao),
                Cell::Text(&e.entity),
                Cell::Text(&record_id),
                Cell::Text(e.record_name.as_deref().unwrap_or("")),
                Cell::Text(&cliente_id),
                Cell::Text(e.outcome.as_str()),
                Cell::Text(&e.message),
                Cell::Text(&changes),
            ])?;
            Ok(())
        })?;
        csv.finish()?;
        Ok(written)
    }
}

/// Calls `each` with the entries matching `filter`, newest first, at most `limit`, one row at a
/// time; returns how many.
fn each_entry(
    conn: &Connection,
    filter: &Filter,
    limit: u32,
    mut each: impl FnMut(Entry) -> Result<(), StoreError>,
) -> Result<usize, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM entries
         WHERE (?1 IS NULL OR account = ?1) AND (?2 IS NULL OR cliente_id = ?2) AND (?3 IS NULL OR entity = ?3)
           AND (?4 IS NULL OR outcome = ?4) AND (?5 IS NULL OR at_ms >= ?5) AND (?6 IS NULL OR at_ms < ?6)
         ORDER BY at_ms DESC, id DESC LIMIT ?7",
    )?;
    let rows = stmt.query_map(
        params![
            filter.account,
            filter.cliente_id,
            filter.entity,
            filter.outcome.map(Outcome::as_str),
            filter.since_ms,
            filter.until_ms,
            limit
        ],
        entry_of,
    )?;
    let mut count = 0;
    for entry in rows {
        each(entry?)?;
        count += 1;
    }
    Ok(count)
}

const CSV_HEADER: [&str; 12] =
    ["id", "quando", "origem", "conta", "acao", "entidade", "registro_id", "registro", "cliente_id", "resultado", "mensagem", "alteracoes"];

fn describe_change(change: &Change) -> String {
    let text = |v: &Option<Value>| match v {
        None => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    format!("{}: {} → {}", change.path, text(&change.before), text(&change.after))
}

fn entry_of(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let changes: String = row.get("changes")?;
    let outcome: String = row.get("outcome")?;
    Ok(Entry {
        id: row.get("id")?,
        at_ms: row.get("at_ms")?,
        source: row.get("source")?,
        account: row.get("account")?,
        acao: row.get("acao")?,
        operation: row.get("operation")?,
        entity: row.get("entity")?,
        record_id: row.get("record_id")?,
        record_name: row.get("record_name")?,
        cliente_id: row.get("cliente_id")?,
        before: json(row.get("before")?),
        after: json(row.get("after")?),
        changes: serde_json::from_str(&changes).unwrap_or_default(),
        outcome: Outcome::parse(&outcome),
        message: row.get("message")?,
    })
}
