//! The [`Recorder`]: the write observer that turns each write into an [`Entry`], and the
//! restore of an "alterar" entry.

use std::sync::Arc;

use pabx_api::observe::{BoxFuture, WriteEvent, WriteObserver};
use pabx_api::Client;
use serde_json::{Map, Value};

use crate::mask::{is_secret_key, mask_secrets, MASK};
use crate::{diff, ActivityLog, Change, Entry, Outcome};

/// `(operation, entity)` of an action: `alterar_ramal` → (`alterar`, `ramal`).
pub fn entity_of(acao: &str) -> (&str, &str) {
    acao.split_once('_').unwrap_or((acao, ""))
}

/// How to find one record of an entity: its list action, the keys that filter it, its id key.
fn lookup(entity: &str) -> Option<(&'static str, &'static [&'static str], &'static str)> {
    Some(match entity {
        "cliente" => ("listar_clientes", &["cliente_id"], "cliente_id"),
        "ramal" => ("listar_ramais", &["cliente_id", "ramal_id"], "ramal_id"),
        "did" => ("listar_dids", &["cliente_id"], "did_id"),
        "tronco" => ("listar_troncos", &["tronco_id", "cliente_id"], "tronco_id"),
        "plano_discagem" => ("listar_planos_discagem", &["plano_discagem_id", "cliente_id"], "plano_discagem_id"),
        // The rules of a plan are one list: the whole list is the "record".
        "regras_roteamento" => ("listar_regras_roteamento", &["plano_discagem_id"], ""),
        _ => return None,
    })
}

/// A key of the action, at the top or inside `dados`.
fn key_of<'a>(fields: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    fields.get(key).or_else(|| fields.get("dados").and_then(|d| d.get(key)))
}

fn as_id(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|id| *id != 0)
}

/// The record as the server has it now (an alter or delete is about to change it).
pub async fn current_record(client: &Client, acao: &str, fields: &Map<String, Value>) -> Option<Value> {
    let (_, entity) = entity_of(acao);
    let (listar, filter_keys, id_key) = lookup(entity)?;
    let filter: Map<String, Value> = filter_keys.iter().filter_map(|k| key_of(fields, k).map(|v| ((*k).to_owned(), v.clone()))).collect();
    let envelope = client.call(listar, filter).await.ok()?;
    let records = envelope.records();
    if id_key.is_empty() {
        return Some(Value::Array(records));
    }
    let id = as_id(key_of(fields, id_key))?;
    records.into_iter().find(|r| as_id(r.get(id_key)) == Some(id))
}

/// Writes each write of its client into the log, as `source` (`app` or `cli`) for `account`.
#[derive(Debug, Clone)]
pub struct Recorder {
    log: Arc<ActivityLog>,
    source: &'static str,
    account: String,
}

impl Recorder {
    pub fn new(log: Arc<ActivityLog>, source: &'static str, account: impl Into<String>) -> Self {
        Self { log, source, account: account.into() }
    }

    /// The entry for a write (not yet stored).
    pub fn entry(&self, event: &WriteEvent<'_>) -> Entry {
        let (operation, entity) = entity_of(event.acao);
        let id_key = lookup(entity).map(|(_, _, id)| id).unwrap_or("");
        let sent = Value::Object(event.fields.clone());
        // What the record becomes: the action's `dados` (the whole body when it has none).
        let after = (operation != "deletar").then(|| event.fields.get("dados").cloned().unwrap_or_else(|| sent.clone()));
        let mut changes = diff(event.before.as_ref(), after.as_ref());
        for change in &mut changes {
            mask_change(change);
        }
        let (outcome, message) = match event.result {
            Ok(done) => (Outcome::Ok, done.mensagem.clone()),
            Err(error) => (Outcome::of_error(error), error.to_string()),
        };
        let record_id = match event.result {
            Ok(done) if operation == "inserir" && !id_key.is_empty() => done.id(id_key),
            // A lost answer that the lookup found saved: the id it found.
            Err(error) => match error.write_state() {
                Some(pabx_api::WriteState::Applied { id }) => *id,
                _ => None,
            },
            _ => None,
        }
        .or_else(|| {
            if id_key.is_empty() {
                as_id(key_of(event.fields, "plano_discagem_id"))
            } else {
                as_id(key_of(event.fields, id_key))
            }
        });
        let name_from = |v: Option<&Value>| {
            ["nome", "razao_social", "numero", "descricao", "login"]
                .iter()
                .find_map(|k| v?.get(*k).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_owned))
        };
        let record_name = name_from(after.as_ref()).or_else(|| name_from(event.before.as_ref()));
        let cliente_id =
            as_id(key_of(event.fields, "cliente_id")).or_else(|| as_id(event.before.as_ref().and_then(|b| b.get("cliente_id"))));
        let masked = |v: Option<Value>| {
            v.map(|mut v| {
                mask_secrets(&mut v);
                v
            })
        };
        Entry {
            id: 0,
            at_ms: jiff::Timestamp::now().as_millisecond(),
            source: self.source.to_owned(),
            account: self.account.clone(),
            acao: event.acao.to_owned(),
            operation: operation.to_owned(),
            entity: entity.to_owned(),
            record_id,
            record_name,
            cliente_id,
            before: masked(event.before.clone()),
            after: masked(Some(sent)),
            changes,
            outcome,
            message: crate::mask::redact_text(&message),
        }
    }
}

/// A change of a secret shows that it changed, never its value.
fn mask_change(change: &mut Change) {
    let last = change.path.rsplit('.').next().unwrap_or("");
    let hide = |v: &mut Option<Value>| {
        if v.as_ref().is_some_and(|v| !v.is_null() && v.as_str() != Some("")) {
            *v = Some(Value::String(MASK.into()));
        }
    };
    if is_secret_key(last) {
        hide(&mut change.before);
        hide(&mut change.after);
    } else {
        for v in [&mut change.before, &mut change.after].into_iter().flatten() {
            mask_secrets(v);
        }
    }
}

impl WriteObserver for Recorder {
    fn before<'a>(&'a self, client: &'a Client, acao: &'static str, fields: &'a Map<String, Value>) -> BoxFuture<'a, Option<Value>> {
        Box::pin(async move {
            match entity_of(acao).0 {
                "alterar" | "deletar" => current_record(client, acao, fields).await,
                _ => None,
            }
        })
    }

    fn after(&self, event: WriteEvent<'_>) -> Result<(), String> {
        let entry = self.entry(&event);
        self.log.record(&entry).map(|_| ()).map_err(|e| format!("{e} A alteração foi feita, mas não ficou registrada em Atividade."))
    }
}

/// The body of the `alterar_*` that puts back what an "alterar" entry changed: the record as it
/// is now (`current`) with the entry's previous values over it. Secrets were never stored, so
/// they stay as they are now. `None` when the entry cannot be restored.
pub fn restore_fields(entry: &Entry, current: Option<&Value>) -> Option<Map<String, Value>> {
    if entry.operation != "alterar" || entry.outcome != Outcome::Ok || entry.entity == "regras_roteamento" {
        return None;
    }
    let Some(Value::Object(before)) = &entry.before else { return None };
    let Some(Value::Object(sent)) = &entry.after else { return None };
    let mut record = match current {
        Some(Value::Object(now)) => now.clone(),
        _ => return None,
    };
    for (key, value) in before {
        if value.as_str() != Some(MASK) && !is_secret_key(key) {
            record.insert(key.clone(), value.clone());
        }
    }
    // The action's other keys (a DID's cliente_id) as they were sent.
    let mut fields = sent.clone();
    fields.insert("dados".into(), Value::Object(record));
    Some(fields)
}
