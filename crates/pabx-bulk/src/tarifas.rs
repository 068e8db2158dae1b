//! A trunk's tariff table as CSV: one row per region (`regiao_id` or the region's name,
//! `tarifa` in reais per minute with a decimal comma or point, `fracionamento` G/M/I). The dry run
//! checks every row (the trunk's own validation, regions that exist, one row per region); the
//! apply sends the trunk once with its table updated (regions not in the file keep their tariff).
//! The export writes the same columns, so importing it back changes nothing.

use std::collections::HashMap;
use std::io::Write;

use pabx_api::regiao::ListarRegioes;
use pabx_api::tarifas::Fracionamento;
use pabx_api::tronco::{AlterarTronco, ListarTroncos};
use pabx_api::validation::{self, Operacao};
use pabx_api::{Client, FieldError, Tarifa, Tronco, WriteOutcome};

use crate::csv_io::{map_headers, normalize, parse_decimal, Cell, Column, CsvWriter, Dialect, Table};
use crate::plan::{Counts, PlanError, RowAction, RowReport};

/// The columns of a tariff file.
pub const COLUMNS: [&str; 4] = ["regiao_id", "regiao", "tarifa", "fracionamento"];

fn columns() -> Vec<Column> {
    let labels = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
    vec![
        Column { key: "regiao_id".into(), labels: labels(&["id da região", "código da região"]) },
        Column { key: "regiao".into(), labels: labels(&["região", "nome da região", "destino"]) },
        Column { key: "tarifa".into(), labels: labels(&["tarifa", "preço por minuto", "valor"]) },
        Column { key: "fracionamento".into(), labels: labels(&["fracionamento", "cadência"]) },
    ]
}

/// The dry run of a tariff file: a row report per line (key = the region's id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TarifasReport {
    pub tronco_id: i64,
    pub rows: Vec<RowReport>,
    pub counts: Counts,
    pub ignored_columns: Vec<String>,
}

/// The dry run of a tariff file and the trunk to send.
#[derive(Debug, Clone)]
pub struct TarifasPlan {
    pub report: TarifasReport,
    /// The trunk with its table updated; None when nothing changes.
    pub tronco: Option<Tronco>,
}

async fn tronco(client: &Client, cliente_id: i64, tronco_id: i64) -> Result<Tronco, PlanError> {
    let page = client.listar_troncos(&ListarTroncos { tronco_id, cliente_id }).await?;
    page.records
        .into_iter()
        .find(|t| t.tronco_id == tronco_id)
        .ok_or_else(|| PlanError::File(format!("Tronco {tronco_id} não existe no cliente {cliente_id}; confira os números.")))
}

/// A region by its name, exactly or by a prefix only one region has ("Local móvel" for
/// "Local móvel (VC1)"); case, accents and punctuation do not matter.
fn region_by_name(by_name: &HashMap<String, i64>, name: &str) -> Option<i64> {
    let wanted = normalize(name);
    if wanted.is_empty() {
        return None;
    }
    if let Some(id) = by_name.get(&wanted) {
        return Some(*id);
    }
    let mut matches = by_name.iter().filter(|(n, _)| n.starts_with(&wanted));
    match (matches.next(), matches.next()) {
        (Some((_, id)), None) => Some(*id),
        _ => None,
    }
}

/// Checks a tariff file against the trunk and the platform's regions; nothing is sent.
pub async fn plan_tarifas(client: &Client, cliente_id: i64, tronco_id: i64, table: &Table) -> Result<TarifasPlan, PlanError> {
    let current = tronco(client, cliente_id, tronco_id).await?;
    let regioes = client.listar_regioes(&ListarRegioes { regiao_id: 0 }).await?.records;
    let by_name: HashMap<String, i64> = regioes.iter().map(|r| (normalize(&r.nome), r.regiao_id)).collect();
    let mapping = map_headers(&table.headers, &columns());
    if mapping.index_of("tarifa").is_none() || (mapping.index_of("regiao_id").is_none() && mapping.index_of("regiao").is_none()) {
        return Err(PlanError::MissingKeyColumn("regiao_id (ou regiao) e tarifa".into()));
    }
    let cell = |row: &crate::csv_io::Row, key: &str| {
        mapping.index_of(key).and_then(|i| row.fields.get(i)).map(|s| s.trim().to_owned()).unwrap_or_default()
    };
    let mut tarifas = current.tarifas.clone();
    let mut seen: HashMap<i64, u32> = HashMap::new();
    let mut rows = Vec::new();
    for row in &table.rows {
        let mut issues = Vec::new();
        let id_text = cell(row, "regiao_id");
        let name = cell(row, "regiao");
        let known = |text: &str| text.parse::<i64>().ok().filter(|id| regioes.iter().any(|r| r.regiao_id == *id));
        let regiao_id = if !id_text.is_empty() { known(&id_text) } else { known(&name).or_else(|| region_by_name(&by_name, &name)) };
        let Some(regiao_id) = regiao_id else {
            let given = if id_text.is_empty() { name } else { id_text };
            issues.push(FieldError::new("regiao_id", format!("região \"{given}\" não existe; use o id ou o nome de listar_regioes")));
            rows.push(RowReport { line: row.line, key: String::new(), action: RowAction::Invalid, issues, existing_id: 0 });
            continue;
        };
        let key = regiao_id.to_string();
        if let Some(first) = seen.insert(regiao_id, row.line) {
            issues.push(FieldError::new("regiao_id", format!("região repetida: já aparece na linha {first}")));
        }
        let tarifa_text = cell(row, "tarifa");
        if let Some(message) = crate::excel::mangled("tarifa", &tarifa_text) {
            issues.push(FieldError::new("tarifa", message));
        }
        let tarifa = parse_decimal(&tarifa_text);
        match tarifa {
            None => issues.push(FieldError::new("tarifa", format!("preço por minuto esperado (ex.: 0,12), recebido \"{tarifa_text}\""))),
            Some(value) => {
                if let Err(message) = pabx_api::tarifas::valor_por_minuto(value) {
                    issues.push(FieldError::de("tarifa", &message));
                }
            }
        }
        let fracionamento = cell(row, "fracionamento");
        if let Err(message) = Fracionamento::parse(&fracionamento) {
            issues.push(FieldError::de("fracionamento", &message));
        }
        if !issues.is_empty() {
            rows.push(RowReport { line: row.line, key, action: RowAction::Invalid, issues, existing_id: 0 });
            continue;
        }
        let new = Tarifa { regiao_id, tarifa: tarifa.unwrap_or(0.0), fracionamento, ..Default::default() };
        let action = match tarifas.iter_mut().find(|t| t.regiao_id == regiao_id) {
            Some(existing) if existing.tarifa == new.tarifa && existing.fracionamento == new.fracionamento => RowAction::Unchanged,
            Some(existing) => {
                existing.tarifa = new.tarifa;
                existing.fracionamento = new.fracionamento;
                RowAction::Update
            }
            None => {
                tarifas.push(new);
                RowAction::Insert
            }
        };
        rows.push(RowReport { line: row.line, key, action, issues, existing_id: tronco_id });
    }
    let changed = rows.iter().any(|r| r.action.writes());
    let updated = Tronco { tarifas, ..current };
    // The trunk's own rules over the whole table, as a single write would run them.
    if let Some(error) = validation::validar_tronco(&updated, Operacao::Alterar).into_iter().find(|e| !e.field.starts_with("tarifas[")) {
        return Err(PlanError::File(format!(
            "O tronco {tronco_id} não pode ser alterado como está ({}: {}); corrija-o antes",
            error.field, error.message
        )));
    }
    let counts = Counts::of(rows.iter().map(|r| &r.action));
    let report = TarifasReport { tronco_id, rows, counts, ignored_columns: mapping.unknown };
    Ok(TarifasPlan { report, tronco: changed.then_some(updated) })
}

/// Sends the trunk with its updated table (one write). A write of unknown outcome is settled by
/// reading the trunk back; it is sent again only if the table did not land (the write is a full
/// replacement, so a late first request changes nothing more).
pub async fn apply_tarifas(client: &Client, plan: &TarifasPlan) -> Result<Option<WriteOutcome>, PlanError> {
    let Some(updated) = &plan.tronco else { return Ok(None) };
    match send(client, updated).await {
        Ok(outcome) => Ok(Some(outcome)),
        Err(error) if crate::reconcile::outcome_unknown(&error) => {
            let now = tronco(client, updated.cliente_id, updated.tronco_id).await?;
            if now.tarifas == updated.tarifas {
                Ok(Some(WriteOutcome { mensagem: "conferido: a tabela foi aplicada".into(), dados: serde_json::Value::Null, aviso: None }))
            } else {
                Ok(Some(send(client, updated).await?))
            }
        }
        Err(error) => Err(error.into()),
    }
}

async fn send(client: &Client, tronco: &Tronco) -> pabx_api::Result<WriteOutcome> {
    client.alterar_tronco(&AlterarTronco { dados: tronco.clone() }).await
}

/// Writes a trunk's table (regions in the platform's order, with their names).
pub async fn export_tarifas<W: Write>(
    client: &Client,
    cliente_id: i64,
    tronco_id: i64,
    out: W,
    dialect: Dialect,
) -> Result<usize, PlanError> {
    let current = tronco(client, cliente_id, tronco_id).await?;
    let regioes = client.listar_regioes(&ListarRegioes { regiao_id: 0 }).await?.records;
    let io = |e: std::io::Error| PlanError::File(format!("Não foi possível gravar o arquivo: {e}"));
    let mut writer = CsvWriter::new(out, dialect, &COLUMNS).map_err(io)?;
    for tarifa in &current.tarifas {
        let nome = regioes.iter().find(|r| r.regiao_id == tarifa.regiao_id).map(|r| r.nome.as_str()).unwrap_or("");
        writer
            .write_row(&[Cell::Int(tarifa.regiao_id), Cell::Text(nome), Cell::Decimal(tarifa.tarifa, 4), Cell::Text(&tarifa.fracionamento)])
            .map_err(io)?;
    }
    writer.finish().map_err(io)?.flush().map_err(io)?;
    Ok(current.tarifas.len())
}
