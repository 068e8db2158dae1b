//! The columns of an entity's CSV, derived from the model itself (its JSON keys, nested ones
//! dotted), with the app's pt-BR labels read from the UI's dictionary (one source for the
//! labels), and the conversions between a CSV row and a record.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::csv_io::{Cell, Column};

/// How a column's text becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafKind {
    Int,
    Float,
    Text,
    /// A list: `1,2,3` for numbers, JSON for records.
    List,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Dotted JSON path: `nome`, `encaminhar_todas_chamadas.encaminhamento_destino`.
    pub key: String,
    pub kind: LeafKind,
    /// A password: exported only when asked.
    pub secret: bool,
}

/// Every column of a model, in the model's field order.
#[derive(Debug, Clone)]
pub struct Schema {
    pub columns: Vec<ColumnSpec>,
    /// The dictionary prefix of the entity's labels (`ramais`, `clientes`, `dids`).
    pub label_prefix: &'static str,
}

/// Passwords in every model.
pub const SECRET_KEYS: &[&str] = &["senha", "senha_sip", "senha_web", "registro_senha"];

impl Schema {
    /// The schema of `R` from its default value; `skip` are keys left out (the record's own id).
    pub fn of<R: Serialize + Default>(label_prefix: &'static str, skip: &[&str]) -> Schema {
        let mut columns = Vec::new();
        if let Ok(Value::Object(map)) = serde_json::to_value(R::default()) {
            flatten(&map, "", skip, &mut columns);
        }
        Schema { columns, label_prefix }
    }

    pub fn get(&self, key: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// The columns with the labels the import accepts for each.
    pub fn header_columns(&self) -> Vec<Column> {
        self.columns.iter().map(|c| Column { key: c.key.clone(), labels: labels(self.label_prefix, &c.key) }).collect()
    }

    /// The header of an export: every column, secrets only when asked.
    pub fn export_keys(&self, secrets: bool) -> Vec<&str> {
        self.columns.iter().filter(|c| secrets || !c.secret).map(|c| c.key.as_str()).collect()
    }
}

fn flatten(map: &Map<String, Value>, prefix: &str, skip: &[&str], out: &mut Vec<ColumnSpec>) {
    for (key, value) in map {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        // The wire forms of a record (pabx_api::de) are not a column.
        if skip.contains(&path.as_str()) || key == pabx_api::de::FORMA_KEY {
            continue;
        }
        let kind = match value {
            Value::Object(inner) => {
                flatten(inner, &path, skip, out);
                continue;
            }
            Value::Number(n) if n.is_f64() => LeafKind::Float,
            Value::Number(_) | Value::Bool(_) => LeafKind::Int,
            Value::Array(_) => LeafKind::List,
            Value::String(_) | Value::Null => LeafKind::Text,
        };
        out.push(ColumnSpec { key: path, kind, secret: SECRET_KEYS.contains(&key.as_str()) });
    }
}

const DICTIONARY: &str = include_str!("../../../ui/src/i18n/pt-BR.ts");

/// The label of `"key": "label",` in the UI dictionary.
fn dictionary(key: &str) -> Option<&'static str> {
    let needle = format!("\"{key}\":");
    let start = DICTIONARY.find(&needle)? + needle.len();
    let rest = DICTIONARY[start..].trim_start().strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// The pt-BR labels accepted for a key: the form's field label, the list's column label, and
/// for nested keys "<section> <field>" (`Encaminhar todas as chamadas: Destino`).
pub fn labels(prefix: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    match key.rsplit_once('.') {
        None => {
            out.extend(dictionary(&format!("{prefix}.field.{key}")).map(str::to_owned));
            out.extend(dictionary(&format!("{prefix}.col.{key}")).map(str::to_owned));
        }
        Some((parent, leaf)) => {
            if let (Some(section), Some(field)) =
                (dictionary(&format!("{prefix}.section.{parent}")), dictionary(&format!("{prefix}.field.{leaf}")))
            {
                out.push(format!("{section}: {field}"));
            }
        }
    }
    out
}

/// Reads a cell into the JSON value of its column; an error message in pt-BR.
pub fn parse_cell(kind: LeafKind, text: &str) -> Result<Value, String> {
    let t = text.trim();
    match kind {
        LeafKind::Text => Ok(Value::String(t.to_owned())),
        LeafKind::Int if t.is_empty() => Ok(Value::from(0)),
        LeafKind::Int => t.parse::<i64>().map(Value::from).map_err(|_| format!("número inteiro esperado, recebido \"{}\"", short(t))),
        LeafKind::Float if t.is_empty() => Ok(Value::from(0.0)),
        LeafKind::Float => crate::csv_io::parse_decimal(t)
            .map(Value::from)
            .ok_or_else(|| format!("número esperado (ex.: 0,12), recebido \"{}\"", short(t))),
        LeafKind::List if t.is_empty() => Ok(Value::Array(Vec::new())),
        LeafKind::List if t.starts_with('[') => serde_json::from_str::<Value>(t)
            .map_err(|_| "lista em JSON inválida (ex.: [{\"encaminhamento_tipo\":1,\"encaminhamento_destino\":\"1002\"}])".to_owned()),
        LeafKind::List => {
            let numbers = t.split([',', ';', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse::<i64>().map(Value::from));
            // Not all numbers: a list of texts separated by commas (a DID's holidays), which the
            // record's own decoder checks (weekdays must be numbers).
            Ok(Value::Array(
                numbers
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap_or_else(|_| t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(Value::from).collect()),
            ))
        }
    }
}

fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Sets `value` at the dotted `path` of `target`, creating objects on the way.
pub fn set_path(target: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            target.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = target.entry(head.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                set_path(inner, rest, value);
            }
        }
    }
}

/// The value at the dotted `path`.
pub fn get_path<'a>(source: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(source, |v, key| v.get(key))
}

/// The text of one exported cell; lists of numbers as `1,2,3`, of texts without commas as
/// `25/12 Natal,01/01`, other lists as JSON.
pub fn cell_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.iter().all(Value::is_number) => {
            items.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
        }
        Some(Value::Array(items)) if items.iter().all(|i| i.as_str().is_some_and(|s| !s.contains(',') && !s.trim().is_empty())) => {
            items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")
        }
        Some(Value::Array(items)) if items.is_empty() => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A record's cells for the given keys, typed for the writer.
pub fn record_cells<'a>(schema: &Schema, keys: &[&str], record: &'a Value, texts: &'a mut Vec<String>) -> Vec<Cell<'a>> {
    texts.clear();
    let mut kinds = Vec::with_capacity(keys.len());
    for key in keys {
        let kind = schema.get(key).map_or(LeafKind::Text, |c| c.kind);
        let value = get_path(record, key);
        kinds.push((kind, value.and_then(Value::as_i64), value.and_then(Value::as_f64)));
        texts.push(cell_text(value));
    }
    kinds
        .into_iter()
        .zip(texts.iter())
        .map(|((kind, int, float), text)| match kind {
            LeafKind::Int => int.map_or(Cell::Text(text), Cell::Int),
            // Tariffs carry 4 decimals (pabx_api::tarifas rounds costs to 4).
            LeafKind::Float => float.map_or(Cell::Text(text), |f| Cell::Decimal(f, 4)),
            LeafKind::Text | LeafKind::List => Cell::Text(text),
        })
        .collect()
}
