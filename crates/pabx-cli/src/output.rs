//! What a command prints on stdout: pretty JSON by default, or aligned columns of the main
//! fields with `--format table`. Passwords are masked unless `--revelar-senhas` is given.
//!
//! Lists are written as their pages arrive ([`RecordWriter`]): a JSON array one record at a
//! time, straight from the typed record (passwords masked by [`json::write_pretty`] on the way
//! out), or table rows whose column widths come from the first page. Nothing holds the whole
//! output.

use std::io::{self, Write};

use comfy_table::{presets, Table};
use pabx_api::historico::Resumo;
use pabx_api::{Envelope, WriteOutcome};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::Format;
use crate::json;

/// Record fields that hold passwords (customer, SIP, web and DID registration).
pub const SECRET_FIELDS: &[&str] = &["senha", "senha_sip", "senha_web", "registro_senha"];
pub const SECRET_MASK: &str = "***";

/// The columns of each grouping in `chamadas resumo --format table`.
const RESUMO_COLUMNS: &[&str] =
    &["grupo", "chamadas", "atendidas", "nao_atendidas", "falhas", "duracao_total", "minutos_cobrados", "custo_total", "divergentes"];

/// Longest text shown in one table cell.
const MAX_CELL_CHARS: usize = 48;
const NO_RECORDS: &str = "Nenhum registro encontrado.\n";

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub format: Format,
    pub reveal_secrets: bool,
}

impl Printer {
    /// A list: every record in JSON, or `columns` in a table.
    pub fn records<T: Serialize>(&self, columns: &[&str], records: &[T]) -> String {
        let mut writer = RecordWriter::new(Vec::new(), *self, columns.iter().map(|c| (*c).to_owned()).collect());
        // Writing to memory cannot fail.
        let _ = writer.page(records);
        String::from_utf8(writer.finish().unwrap_or_default()).unwrap_or_default()
    }

    /// The answer to a write: the server's `mensagem` and whatever `dados` it sent.
    pub fn outcome(&self, outcome: &WriteOutcome) -> String {
        // The write was made; the activity log could not record it.
        if let Some(aviso) = &outcome.aviso {
            eprintln!("aviso: {aviso}");
        }
        match self.format {
            Format::Json => self.json(outcome),
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
            Format::Json => self.json(envelope),
            Format::Table => {
                let records: Vec<Value> = envelope.records();
                if records.is_empty() {
                    return format!("{}\n", or_ok(&envelope.mensagem));
                }
                let columns = all_keys(&records);
                let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
                self.records(&columns, &records)
            }
        }
    }

    /// Call-history totals: the whole [`Resumo`] in JSON, or the totals then one table per
    /// grouping.
    pub fn resumo(&self, resumo: &Resumo) -> String {
        if self.format == Format::Json {
            return self.json(resumo);
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
            text.push_str(&self.records(RESUMO_COLUMNS, &rows));
        }
        text
    }

    /// Pretty JSON of anything, passwords masked unless revealed.
    fn json<T: Serialize>(&self, item: &T) -> String {
        let mut out = Vec::new();
        let _ = self.write_json(&mut out, item, 0);
        out.push(b'\n');
        String::from_utf8(out).unwrap_or_default()
    }

    /// `item` as pretty JSON nested `indent` levels deep (its first line not indented).
    fn write_json<T: Serialize>(&self, out: &mut Vec<u8>, item: &T, indent: usize) -> io::Result<()> {
        json::write_pretty(out, item, indent, !self.reveal_secrets).map_err(io::Error::from)
    }

    fn value<T: Serialize>(&self, item: &T) -> Value {
        let mut value = serde_json::to_value(item).unwrap_or(Value::Null);
        if !self.reveal_secrets {
            mask_secrets(&mut value);
        }
        value
    }
}

/// Writes a list page by page as it arrives: a JSON array, or a table whose column widths are
/// decided by the first page (later, wider cells push their line out rather than being cut).
pub struct RecordWriter<W: Write> {
    out: W,
    printer: Printer,
    columns: Vec<String>,
    written: usize,
    widths: Vec<usize>,
    /// JSON records not yet handed to `out`, written in one call per [`CHUNK`].
    buffer: Vec<u8>,
}

/// Bytes of JSON handed to the output at once.
const CHUNK: usize = 128 * 1024;

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, printer: Printer, columns: Vec<String>) -> Self {
        Self { out, printer, columns, written: 0, widths: Vec::new(), buffer: Vec::new() }
    }

    /// Writes a page's records and flushes them.
    pub fn page<T: Serialize>(&mut self, records: &[T]) -> io::Result<()> {
        match self.printer.format {
            Format::Json => {
                for record in records {
                    self.buffer.extend_from_slice(if self.written == 0 { b"[\n  " } else { b",\n  " });
                    self.printer.write_json(&mut self.buffer, record, 1)?;
                    self.written += 1;
                    if self.buffer.len() >= CHUNK {
                        self.out.write_all(&self.buffer)?;
                        self.buffer.clear();
                    }
                }
                self.out.write_all(&self.buffer)?;
                self.buffer.clear();
            }
            Format::Table => {
                let rows: Vec<Vec<String>> = records
                    .iter()
                    .map(|record| {
                        let value = self.printer.value(record);
                        self.columns.iter().map(|column| cell(value.get(column).unwrap_or(&Value::Null))).collect()
                    })
                    .collect();
                if rows.is_empty() {
                    return Ok(());
                }
                if self.written == 0 {
                    self.widths = self.columns.iter().map(|c| c.chars().count()).collect();
                    for row in &rows {
                        for (width, text) in self.widths.iter_mut().zip(row) {
                            *width = (*width).max(text.chars().count());
                        }
                    }
                    let header: Vec<String> = self.columns.clone();
                    self.row(&header)?;
                }
                for row in &rows {
                    self.row(row)?;
                }
                self.written += rows.len();
            }
        }
        self.out.flush()
    }

    /// Closes the output (the array's bracket, or the empty-list line) and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        match (self.printer.format, self.written) {
            (Format::Json, 0) => self.out.write_all(b"[]\n")?,
            (Format::Json, _) => self.out.write_all(b"\n]\n")?,
            (Format::Table, 0) => self.out.write_all(NO_RECORDS.as_bytes())?,
            (Format::Table, _) => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn row(&mut self, cells: &[String]) -> io::Result<()> {
        let mut line = String::new();
        for (index, (text, width)) in cells.iter().zip(&self.widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            line.push_str(text);
            let pad = width.saturating_sub(text.chars().count());
            line.extend(std::iter::repeat_n(' ', pad));
        }
        self.out.write_all(line.trim_end().as_bytes())?;
        self.out.write_all(b"\n")
    }
}

fn or_ok(mensagem: &str) -> &str {
    if mensagem.trim().is_empty() {
        "OK"
    } else {
        mensagem.trim()
    }
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

    /// What the output was before it was streamed: every record turned into a `Value`,
    /// masked, and the whole array pretty-printed at once.
    fn as_one_value<T: Serialize>(printer: Printer, records: &[T]) -> String {
        let values: Vec<Value> = records.iter().map(|r| printer.value(r)).collect();
        format!("{}\n", serde_json::to_string_pretty(&Value::Array(values)).unwrap())
    }

    fn streamed<T: Serialize>(printer: Printer, pages: &[&[T]]) -> String {
        let mut writer = RecordWriter::new(Vec::new(), printer, vec!["ramal_id".into(), "nome".into()]);
        for page in pages {
            writer.page(page).unwrap();
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn streamed_json_is_the_masked_array_written_at_once() {
        let mut ramal: pabx_api::Ramal = serde_json::from_value(json!({
            "ramal_id": 7, "cliente_id": 1042, "numero": "2001", "nome": "Recepção \"A\"\n2º andar",
            "senha_sip": "s3gr3do-sip", "senha_web": "", "tarifa": 0.25,
            "desconhecido": {"senha": "aninhada", "lista": [{"registro_senha": 1234}, null, true]},
            "senha": 99, "registro_senha": null, "senha_web_extra": "visível"
        }))
        .unwrap();
        let mut other = ramal.clone();
        other.ramal_id = 8;
        other.senha_sip = String::new();
        ramal.senha_web = "w\u{e9}b".into();
        let cliente: pabx_api::Cliente = serde_json::from_value(json!({"cliente_id": 1, "senha": "cli", "login": "acme"})).unwrap();
        let did: pabx_api::Did = serde_json::from_value(json!({"did_id": 3, "registro_senha": "reg"})).unwrap();
        let tronco: pabx_api::Tronco =
            serde_json::from_value(json!({"tronco_id": 4, "senha": "tr", "tarifas": [{"regiao_id": 1}]})).unwrap();
        for printer in [JSON, Printer { reveal_secrets: true, ..JSON }] {
            let ramais = [ramal.clone(), other.clone()];
            let text = streamed(printer, &[&ramais[..1], &[], &ramais[1..]]);
            assert_eq!(text, as_one_value(printer, &ramais));
            assert_eq!(streamed(printer, &[std::slice::from_ref(&cliente)]), as_one_value(printer, std::slice::from_ref(&cliente)));
            assert_eq!(streamed(printer, &[std::slice::from_ref(&did)]), as_one_value(printer, std::slice::from_ref(&did)));
            assert_eq!(streamed(printer, &[std::slice::from_ref(&tronco)]), as_one_value(printer, std::slice::from_ref(&tronco)));
            assert_eq!(printer.json(&ramal), format!("{}\n", serde_json::to_string_pretty(&printer.value(&ramal)).unwrap()));
        }
        let masked =
            [streamed(JSON, &[&[ramal]]), streamed(JSON, &[&[cliente]]), streamed(JSON, &[&[did]]), streamed(JSON, &[&[tronco]])].concat();
        for secret in ["s3gr3do-sip", "w\\u00e9b", "wéb", "aninhada", "1234", "99", "cli\"", "reg\"", "tr\""] {
            assert!(!masked.contains(secret), "{secret} in {masked}");
        }
        assert!(masked.contains("\"senha_web_extra\": \"visível\""), "only the password fields");
        assert_eq!(streamed::<Value>(JSON, &[&[], &[]]), "[]\n");
    }

    #[test]
    fn streamed_table_takes_its_widths_from_the_first_page() {
        let first = [json!({"ramal_id": 1, "nome": "Ana"}), json!({"ramal_id": 22, "nome": "Bruno"})];
        let later = [json!({"ramal_id": 333, "nome": "Carla", "senha": "x"})];
        let text = streamed(TABLE, &[&[], &first, &later]);
        assert_eq!(text, "ramal_id  nome\n1         Ana\n22        Bruno\n333       Carla\n");
        // The same rows as the whole-list table.
        let all: Vec<Value> = first.iter().chain(&later).cloned().collect();
        assert_eq!(TABLE.records(&["ramal_id", "nome"], &all), text);
        assert_eq!(streamed::<Value>(TABLE, &[&[]]), NO_RECORDS);
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
