//! The activity log ("Atividade"): every write made through the desktop app or the `pabx` CLI,
//! recorded by a [`Recorder`] installed on the client (the one hook on the write path), in a
//! SQLite file in the user's data directory that both share. Each entry has when, which
//! account, which action and record, the values before and after (secrets masked) as a diff,
//! and the outcome. Recording never blocks or fails a write: a failure comes back as a warning.
//!
//! [`mask`] also redacts secrets from free text, for the app's log file.

pub mod mask;
mod record;
pub mod store;

pub use record::{current_record, entity_of, restore_fields, Recorder};
pub use store::{ActivityLog, StoreError};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a write ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// pabx-bulk has an `Outcome` too; TypeScript has one namespace.
#[serde(rename = "ActivityOutcome")]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The server applied it.
    Ok,
    /// The server refused it (or was never reached): nothing changed.
    Refused,
    /// Sent, but whether it was applied is unknown (timeout, a broken answer, a server error).
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::Unknown => "unknown",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "ok" => Outcome::Ok,
            "refused" => Outcome::Refused,
            _ => Outcome::Unknown,
        }
    }

    /// From a write's error: refused when the server said no or was never reached; a lost
    /// answer as the client's lookup settled it (saved, not saved, or still unknown).
    pub fn of_error(error: &pabx_api::Error) -> Self {
        use pabx_api::ErrorKind::*;
        use pabx_api::WriteState;
        match error.kind() {
            InvalidInput | InvalidUrl | Connect | Dns | Tls | Unauthorized | Validation | NotFound | Redirect => Outcome::Refused,
            Timeout | Server | MalformedResponse | ResponseTooLarge => Outcome::Unknown,
            OutcomeUnknown => match error.write_state() {
                Some(WriteState::Applied { .. }) => Outcome::Ok,
                Some(WriteState::NotApplied) => Outcome::Refused,
                Some(WriteState::Unchecked | WriteState::Unknown { .. }) | None => Outcome::Unknown,
            },
        }
    }
}

/// One changed field: its path (`dados.nome`, `encaminhamentos.0.destino`) and both values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// An entry as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Entry {
    pub id: i64,
    /// Milliseconds since 1970-01-01 UTC.
    pub at_ms: i64,
    /// `app` or `cli`.
    pub source: String,
    /// The account's name (label in the app, user@address in the CLI).
    pub account: String,
    /// The action, e.g. `alterar_ramal`.
    pub acao: String,
    /// `inserir`, `alterar` or `deletar`.
    pub operation: String,
    /// `cliente`, `ramal`, `did`, `tronco`, `plano_discagem`, `regras_roteamento`.
    pub entity: String,
    pub record_id: Option<i64>,
    pub record_name: Option<String>,
    pub cliente_id: Option<i64>,
    /// The record before (alter, delete), secrets masked.
    pub before: Option<Value>,
    /// The record as sent (insert, alter), secrets masked.
    pub after: Option<Value>,
    pub changes: Vec<Change>,
    pub outcome: Outcome,
    /// The server's message, or the error's.
    pub message: String,
}

/// What to show: every given condition must hold; newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Filter {
    pub account: Option<String>,
    pub cliente_id: Option<i64>,
    pub entity: Option<String>,
    pub outcome: Option<Outcome>,
    /// From this moment (ms, inclusive).
    pub since_ms: Option<i64>,
    /// Before this moment (ms, exclusive).
    pub until_ms: Option<i64>,
    /// At most this many (default 1,000).
    pub limit: Option<u32>,
}

/// The fields that differ between `before` and `after`, walking objects and arrays; a key
/// absent on one side is `None` there. Values equal as text ("15" and 15) are not a change,
/// since the API sends numbers as strings.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let mut changes = Vec::new();
    walk("", before, after, &mut changes);
    changes
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<Change>) {
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    // A new record (or a removed one) is every field added (removed).
    let empty = Value::Object(serde_json::Map::new());
    let (before, after) = match (before, after) {
        (None, Some(b @ Value::Object(_))) => (Some(&empty), Some(b)),
        (Some(a @ Value::Object(_)), None) => (Some(a), Some(&empty)),
        other => other,
    };
    match (before, after) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (key, value) in a {
                walk(&join(key), Some(value), b.get(key), out);
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                walk(&join(key), None, Some(value), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                walk(&join(&i.to_string()), a.get(i), b.get(i), out);
            }
        }
        (a, b) if same(a, b) => {}
        (a, b) => out.push(Change { path: path.to_owned(), before: a.cloned(), after: b.cloned() }),
    }
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => {
            if *b {
                "1".into()
            } else {
                "0".into()
            }
        }
        Some(other) => other.to_string(),
    };
    text(a) == text(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_lists_changed_added_and_removed_fields_and_ignores_number_text() {
        let before = json!({"nome": "Ana", "faixa_min": "100", "senha": "***", "lista": [1, 2], "velho": 1});
        let after = json!({"nome": "Ana Maria", "faixa_min": 100, "senha": "***", "lista": [1, 3, 4], "novo": true});
        let paths: Vec<_> = diff(Some(&before), Some(&after)).into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["nome", "lista.1", "lista.2", "velho", "novo"]);
        let insert = diff(None, Some(&json!({"nome": "X"})));
        assert_eq!(insert, [Change { path: "nome".into(), before: None, after: Some(json!("X")) }]);
    }
}
