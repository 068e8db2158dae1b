//! What a command prints on stdout: pretty JSON by default, or aligned columns of the main
//! fields with `--format table`. Passwords are masked unless `--revelar-senhas` is given.

use comfy_table::{presets, Table};
use pabx_api::historico::Resumo;
use pabx_api::{Envelope, WriteOutcome};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::Format;

/// Record fields that hold passwords (customer, SIP, web and DID registration).
pub const SECRET_FIELDS: &[&str] = &["senha", "senha_sip", "senha_web", "registro_senha"];
pub const SECRET_MASK: &str = "***";

/// The columns of each grouping in `chamadas resumo --format table`.
const RESUMO_COLUMNS: &[&str] =
    &["grupo", "chamadas", "atendidas", "nao_atendidas", "falhas", "duracao_total", "minutos_cobrados", "custo_total", "divergentes"];

/// Longest text shown in one table cell.
const MAX_CELL_CHARS: usize = 48;

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub format: Format,
    pub reveal_secrets: bool,
}

impl Printer {
    /// A list: every record in JSON, or `columns` in a table.
    pub fn records<T: Serialize>(&self, columns: &[&str], records: &[T]) -> String {
        let values: Vec<Value> = records.iter().map(|r| self.value(r)).collect();
        match self.format {
            Format::Json => pretty(&Value::Array(values)),
            Format::Table => table(columns, &values),
        }
    }

    /// The answer to a write: the server's `mensagem` and whatever `dados` it sent.
    pub fn outcome(&self, outcome: &WriteOutcome) -> String {
        let value = self.value(outcome);
        match self.format {
            Format::Json => pretty(&value),
            Format::Table => {
                let mut text = format!("{}\n", or_ok(&outcome.mensagem));
                let dados = self.value(&outcome.dados);
                text.push_str(&vertical(&dados));
                text
            }
        }
    }

    /// The answer to a raw action: the whole envelope, or its records in a table.
    pub fn envelope(&self, envelope: &Envelope) -> String {
        match self.format {
            Format::Json => pretty(&self.value(envelope)),
            Format::Table => {
                let records: Vec<Value> = envelope.records().iter().map(|r| self.value(r)).collect();
                if records.is_empty() {
                    return format!("{}\n", or_ok(&envelope.mensagem));
                }
                let columns = all_keys(&records);
                let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
                table(&columns, &records)
            }
        }
    }

    /// Call-history totals: the whole [`Resumo`] in JSON, or the totals then one table per
    /// grouping.
    pub fn resumo(&self, resumo: &Resumo) -> String {
        if self.format == Format::Json {
            return pretty(&serde_json::to_value(resumo).unwrap_or(Value::Null));
        }
        let mut text = String::from("Totais\n");
        text.push_str(&vertical(&serde_json::to_value(&resumo.totais).unwrap_or(Value::Null)));
        let grupos = [
            ("Por dia", &resumo.por_dia),
            ("Por hora", &resumo.por_hora),
            ("Por região", &resumo.por_regiao),
            ("Por ramal", &resumo.por_ramal),
            ("Por tronco", &resumo.por_tronco),
        ];
        for (titulo, grupos) in grupos {
            let rows: Vec<Value> = grupos
                .iter()
                .map(|g| {
                    let mut row = serde_json::to_value(&g.totais).unwrap_or(Value::Null);
                    if let Value::Object(map) = &mut row {
                        map.insert("grupo".into(), Value::String(g.rotulo.clone()));
                    }
                    row
                })
                .collect();
            text.push_str(&format!("\n{titulo}\n"));
            text.push_str(&table(RESUMO_COLUMNS, &rows));
        }
        text
    }

    fn value<T: Serialize>(&self, item: &T) -> Value {
        let mut value = serde_json::to_value(item).unwrap_or(Value::Null);
        if !self.reveal_secrets {
            mask_secrets(&mut value);
        }
        value
    }
}

fn or_ok(mensagem: &str) -> &str {
    if mensagem.trim().is_empty() {
        "OK"
    } else {
        mensagem.trim()
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

pub fn mask_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                let is_secret = SECRET_FIELDS.contains(&key.as_str());
                match inner {
                    Value::String(text) if is_secret && !text.is_empty() => *text = SECRET_MASK.to_owned(),
                    Value::Number(_) if is_secret => *inner = Value::String(SECRET_MASK.to_owned()),
                    _ => mask_secrets(inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

fn table(columns: &[&str], records: &[Value]) -> String {
    if records.is_empty() {
        return "Nenhum registro encontrado.\n".to_owned();
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header(columns.iter().copied());
    for record in records {
        table.add_row(columns.iter().map(|column| cell(record.get(*column).unwrap_or(&Value::Null))));
    }
    lines(&table)
}

/// One record as `campo  valor` lines.
fn vertical(value: &Value) -> String {
    let record = match value {
        Value::Array(items) if items.len() == 1 => &items[0],
        other => other,
    };
    let Value::Object(map) = record else { return String::new() };
    if map.is_empty() {
        return String::new();
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    for (key, inner) in map {
        table.add_row([key.clone(), cell(inner)]);
    }
    lines(&table)
}

/// The table's lines without the preset's padding at the ends.
fn lines(table: &Table) -> String {
    table.lines().map(|line| format!("{}\n", line.trim_end().strip_prefix(' ').unwrap_or(line.trim_end()))).collect()
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => text.replace(['\n', '\r', '\t'], " "),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(",")
        }
        Value::Array(items) => format!("{} itens", items.len()),
        Value::Object(_) => value.to_string(),
    };
    if text.chars().count() > MAX_CELL_CHARS {
        let cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Every key of the records, in order of first appearance (for actions with no known columns).
fn all_keys(records: &[Value]) -> Vec<String> {
    let mut seen = Map::new();
    for record in records {
        if let Value::Object(map) = record {
            for key in map.keys() {
                seen.entry(key.clone()).or_insert(Value::Null);
            }
        }
    }
    seen.keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const JSON: Printer = Printer { format: Format::Json, reveal_secrets: false };
    const TABLE: Printer = Printer { format: Format::Table, reveal_secrets: false };

    #[test]
    fn json_masks_passwords_unless_asked() {
        let records = [json!({"ramal_id": 1, "senha_sip": "segredo", "senha_web": "", "x": {"senha": 5}})];
        let text = JSON.records(&[], &records);
        assert!(!text.contains("segredo") && !text.contains('5'), "{text}");
        assert!(text.contains("\"senha_sip\": \"***\""));
        assert!(text.contains("\"senha_web\": \"\""), "an unset password stays visibly unset");
        let shown = Printer { reveal_secrets: true, ..JSON }.records(&[], &records);
        assert!(shown.contains("segredo"));
    }

    #[test]
    fn table_aligns_the_chosen_columns() {
        let records = [
            json!({"ramal_id": 1, "numero": "2001", "nome": "Recepção", "outro": "x"}),
            json!({"ramal_id": 250, "numero": "2002", "nome": "Vendas", "tarifas": [{"a": 1}]}),
        ];
        let text = TABLE.records(&["ramal_id", "numero", "nome", "tarifas"], &records);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("ramal_id"), "{text}");
        assert!(!text.contains("outro"));
        let column = lines[0].find("numero").unwrap();
        assert_eq!(&lines[1][column..column + 4], "2001", "{text}");
        assert_eq!(&lines[2][column..column + 4], "2002", "{text}");
        assert!(lines[2].ends_with("1 itens"), "{text}");
    }

    #[test]
    fn empty_table_says_so() {
        assert_eq!(TABLE.records::<Value>(&["a"], &[]), "Nenhum registro encontrado.\n");
        assert_eq!(JSON.records::<Value>(&["a"], &[]), "[]\n");
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(100);
        assert_eq!(cell(&json!(long)).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell(&json!([1, 2, 3])), "1,2,3");
    }
}
