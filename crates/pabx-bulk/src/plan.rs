//! The dry run: every row read, checked with the same rules as a single write, then against the
//! live state (numbers free and inside the customer's faixa, the qtd_ramais_max limit, DIDs used
//! by another customer, duplicates inside the file). Nothing is sent; the apply runs exactly the
//! plan made here.

use std::collections::{HashMap, HashSet};

use pabx_api::cliente::ListarClientes;
use pabx_api::plano_discagem::ListarPlanosDiscagem;
use pabx_api::validation::Operacao;
use pabx_api::{Client, Cliente, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::csv_io::{map_headers, HeaderMapping, Table};
use crate::entity::{BulkEntity, Kind};
use crate::excel;
use crate::journal::JournalState;
use crate::schema::{parse_cell, set_path, Schema};

/// What the apply will do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new record.
    Insert,
    /// An existing record (same natural key) the file changes; only with "atualizar".
    Update,
    /// An existing record the file does not change.
    Unchanged,
    /// An existing record, left alone because updates were not asked for.
    Skip,
    /// Applied by an earlier run of the same file (the journal says so and the record is there).
    AlreadyApplied,
    /// Refused: see the row's issues. Nothing will be sent for it.
    Invalid,
}

impl RowAction {
    /// The pt-BR word used in reports.
    pub fn label(self) -> &'static str {
        match self {
            RowAction::Insert => "criar",
            RowAction::Update => "alterar",
            RowAction::Unchanged => "sem mudança",
            RowAction::Skip => "já existe (ignorada)",
            RowAction::AlreadyApplied => "já aplicada",
            RowAction::Invalid => "inválida",
        }
    }

    /// Whether the apply sends something for the row.
    pub fn writes(self) -> bool {
        matches!(self, RowAction::Insert | RowAction::Update)
    }
}

/// One row of the dry-run report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowReport {
    /// Line in the file (the header is line 1); 0 for records not read from a file.
    pub line: u32,
    /// The natural key: ramal number, DID digits, cliente login.
    pub key: String,
    pub action: RowAction,
    /// What is wrong (Invalid) or worth knowing (Skip): field = JSON key, "" for the whole row.
    pub issues: Vec<FieldError>,
    /// The existing record's id for Update / Unchanged / Skip / AlreadyApplied.
    pub existing_id: i64,
}

/// How many rows of each action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Counts {
    pub insert: u32,
    pub update: u32,
    pub unchanged: u32,
    pub skip: u32,
    pub already_applied: u32,
    pub invalid: u32,
}

impl Counts {
    pub fn of<'a>(actions: impl IntoIterator<Item = &'a RowAction>) -> Counts {
        let mut c = Counts::default();
        for action in actions {
            match action {
                RowAction::Insert => c.insert += 1,
                RowAction::Update => c.update += 1,
                RowAction::Unchanged => c.unchanged += 1,
                RowAction::Skip => c.skip += 1,
                RowAction::AlreadyApplied => c.already_applied += 1,
                RowAction::Invalid => c.invalid += 1,
            }
        }
        c
    }
}

/// The dry run's answer: what each row would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DryRunReport {
    pub kind: Kind,
    pub cliente_id: i64,
    pub rows: Vec<RowReport>,
    pub counts: Counts,
    /// Headers of the file that feed no field (ignored).
    pub ignored_columns: Vec<String>,
}

/// The plan: the report plus, for rows that write, the record to send.
#[derive(Debug, Clone)]
pub struct Plan<R> {
    pub report: DryRunReport,
    /// Same order as `report.rows`; Some for Insert and Update.
    pub records: Vec<Option<R>>,
}

/// An import's scope and choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOptions {
    /// The customer the ramais / DIDs belong to (ignored for clientes).
    pub cliente_id: i64,
    /// Existing records (same natural key) are updated; otherwise they are skipped.
    pub atualizar: bool,
}

/// The live state a plan is checked against.
#[derive(Debug, Clone)]
pub struct LiveState<R> {
    /// The customer (ramais, DIDs).
    pub cliente: Option<Cliente>,
    /// The scope's records by natural key.
    pub existing: HashMap<String, R>,
    /// Natural keys used outside the scope, with the owning cliente (DIDs of other customers).
    pub elsewhere: HashMap<String, i64>,
    /// The customer's dial plans (ramais).
    pub planos: Option<HashSet<i64>>,
}

/// A problem with the whole import, before any row (pt-BR).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("{0}")]
    Read(#[from] crate::csv_io::ReadError),
    #[error("{0}")]
    Api(#[from] pabx_api::Error),
    #[error("{0}")]
    File(String),
    #[error("Cliente {0} não existe; confira o número do cliente.")]
    NoCliente(i64),
    #[error("O arquivo não tem a coluna \"{0}\" (ou um rótulo dela), necessária para identificar cada linha.")]
    MissingKeyColumn(String),
}

/// Reads the live state for an import into `options.cliente_id`.
pub async fn fetch_state<E: BulkEntity>(client: &Client, options: &ImportOptions) -> Result<LiveState<E::Record>, PlanError> {
    let cliente = if E::SCOPED {
        let request = ListarClientes { cliente_id: options.cliente_id, ..Default::default() };
        let page = client.listar_clientes(&request).await?;
        let found = page.records.into_iter().find(|c| c.cliente_id == options.cliente_id);
        Some(found.ok_or(PlanError::NoCliente(options.cliente_id))?)
    } else {
        None
    };
    let planos = if E::KIND == Kind::Ramais {
        let request = ListarPlanosDiscagem { cliente_id: options.cliente_id, ..Default::default() };
        let planos = client.list_all(request, |_| {}).await?;
        Some(planos.iter().filter(|p| p.cliente_id == options.cliente_id).map(|p| p.plano_discagem_id).collect())
    } else {
        None
    };
    let mut existing = HashMap::new();
    let mut elsewhere = HashMap::new();
    for record in E::list(client, options.cliente_id).await? {
        let key = E::natural_key(&record);
        if !E::SCOPED || E::cliente_id(&record) == options.cliente_id {
            existing.insert(key, record);
        } else {
            elsewhere.insert(key, E::cliente_id(&record));
        }
    }
    Ok(LiveState { cliente, existing, elsewhere, planos })
}

/// One row to plan: the values the file gives, by key, already converted.
#[derive(Debug, Clone)]
pub struct Input {
    pub line: u32,
    pub values: Vec<(String, Value)>,
    /// Problems found while reading the row's cells.
    pub issues: Vec<FieldError>,
}

/// The file's rows as inputs, through the header mapping; Excel-mangled cells and unreadable
/// values become issues of their row.
pub fn inputs_from_table(table: &Table, schema: &Schema, mapping: &HeaderMapping) -> Vec<Input> {
    let width = table.headers.len();
    table
        .rows
        .iter()
        .map(|row| {
            let mut input = Input { line: row.line, values: Vec::new(), issues: Vec::new() };
            if row.fields.len() > width && row.fields[width..].iter().any(|f| !f.is_empty()) {
                input.issues.push(FieldError::new(
                    "",
                    format!("a linha tem {} campos e o cabeçalho {}; confira o separador e as aspas", row.fields.len(), width),
                ));
            }
            for (index, text) in row.fields.iter().enumerate().take(width) {
                let Some(Some(key)) = mapping.columns.get(index) else { continue };
                let Some(spec) = schema.get(key) else { continue };
                if let Some(message) = excel::mangled(key, text) {
                    input.issues.push(FieldError::new(key.clone(), message));
                    continue;
                }
                match parse_cell(spec.kind, text) {
                    Ok(value) => input.values.push((key.clone(), value)),
                    Err(message) => input.issues.push(FieldError::new(key.clone(), message)),
                }
            }
            input
        })
        .collect()
}

/// The record `base` with the row's values set on it.
fn build<E: BulkEntity>(base: Value, values: &[(String, Value)], cliente_id: i64) -> Result<E::Record, String> {
    let mut map = match base {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    for (key, value) in values {
        set_path(&mut map, key, value.clone());
    }
    let mut record: E::Record = serde_json::from_value(Value::Object(map)).map_err(|e| e.to_string())?;
    if E::SCOPED {
        E::set_cliente_id(&mut record, cliente_id);
    }
    Ok(record)
}

/// Plans every input against the live state: pure and local (the 10,000-row dry run budget).
pub fn plan<E: BulkEntity>(
    inputs: &[Input],
    state: &LiveState<E::Record>,
    options: &ImportOptions,
    journal: &JournalState,
) -> Plan<E::Record> {
    let key_field = natural_key_field(E::KIND);
    let mut first_line: HashMap<String, u32> = HashMap::new();
    let mut new_count: i64 = 0;
    let existing_count = i64::try_from(state.existing.len()).unwrap_or(i64::MAX);
    let mut rows = Vec::with_capacity(inputs.len());
    let mut records = Vec::with_capacity(inputs.len());
    for input in inputs {
        let mut issues = input.issues.clone();
        let mut report = |action, key: String, issues: Vec<FieldError>, existing_id, record| {
            rows.push(RowReport { line: input.line, key, action, issues, existing_id });
            records.push(record);
        };
        // cliente_id in the file must be the import's customer (or blank).
        if E::SCOPED {
            if let Some((_, value)) = input.values.iter().find(|(k, _)| k == "cliente_id") {
                let given = value.as_i64().unwrap_or(0);
                if given != 0 && given != options.cliente_id {
                    issues.push(FieldError::new(
                        "cliente_id",
                        format!("a linha é do cliente {given}, mas a importação é para o cliente {}", options.cliente_id),
                    ));
                }
            }
        }
        // A record read from only the file's values: the fields it lacks keep their defaults,
        // as the records read back from the default record's JSON did (tested below), without a
        // copy of that JSON per row.
        let fresh = match build::<E>(Value::Object(Map::new()), &input.values, options.cliente_id) {
            Ok(record) => record,
            Err(message) => {
                issues.push(FieldError::new("", message));
                report(RowAction::Invalid, String::new(), issues, 0, None);
                continue;
            }
        };
        let key = E::natural_key(&fresh);
        if key.is_empty() {
            if !issues.iter().any(|i| i.field == key_field) {
                issues.push(FieldError::new(key_field, format!("informe {}", key_label(E::KIND))));
            }
            report(RowAction::Invalid, key, issues, 0, None);
            continue;
        }
        if let Some(first) = first_line.get(&key) {
            issues.push(FieldError::new(key_field, format!("repetida: {} {key} já aparece na linha {first}", key_label(E::KIND))));
            report(RowAction::Invalid, key, issues, 0, None);
            continue;
        }
        first_line.insert(key.clone(), input.line);
        if let Some(owner) = state.elsewhere.get(&key) {
            issues
                .push(FieldError::new(key_field, format!("o número já está em uso pelo cliente {owner}; cada DID é único na plataforma")));
        }
        let existing = state.existing.get(&key);
        let (action, record, operacao) = match existing {
            Some(current) if options.atualizar => {
                let base = serde_json::to_value(current).unwrap_or(Value::Null);
                let values: Vec<(String, Value)> = input.values.clone();
                match build::<E>(base.clone(), &values, options.cliente_id) {
                    Ok(mut merged) => {
                        E::set_id(&mut merged, E::id(current));
                        let same = serde_json::to_value(&merged).ok().as_ref() == Some(&base);
                        (if same { RowAction::Unchanged } else { RowAction::Update }, merged, Operacao::Alterar)
                    }
                    Err(message) => {
                        issues.push(FieldError::new("", message));
                        (RowAction::Invalid, fresh, Operacao::Alterar)
                    }
                }
            }
            Some(_) => (RowAction::Skip, fresh, Operacao::Inserir),
            None => (RowAction::Insert, fresh, Operacao::Inserir),
        };
        let existing_id = existing.map_or(0, E::id);
        if action == RowAction::Skip {
            if !issues.is_empty() {
                report(RowAction::Invalid, key, issues, existing_id, None);
            } else {
                let note = format!("{} {key} já existe (id {existing_id}); use atualizar para alterá-lo", key_label(E::KIND));
                let action = if journal.applied(&key) { RowAction::AlreadyApplied } else { RowAction::Skip };
                report(action, key, vec![FieldError::new("", note)], existing_id, None);
            }
            continue;
        }
        if action != RowAction::Invalid {
            // The same checks as a single write; a field already reported keeps its first message.
            let reported: HashSet<String> = issues.iter().map(|i| i.field.clone()).collect();
            for error in E::validate(&record, state.cliente.as_ref(), operacao) {
                if !reported.contains(&error.field) {
                    issues.push(error);
                }
            }
            check_plano::<E>(&record, state, &mut issues);
        }
        if action == RowAction::Insert && issues.is_empty() {
            if let Some(limit) = state.cliente.as_ref().filter(|_| E::KIND == Kind::Ramais).map(|c| c.qtd_ramais_max) {
                if existing_count + new_count + 1 > limit {
                    issues.push(FieldError::new(
                        "cliente_id",
                        format!(
                            "passa do limite do cliente: {limit} ramais (qtd_ramais_max); já existem {existing_count} e as linhas anteriores criam {new_count}"
                        ),
                    ));
                }
            }
        }
        if !issues.is_empty() {
            report(RowAction::Invalid, key, issues, existing_id, None);
            continue;
        }
        let action = if action == RowAction::Unchanged && journal.applied(&key) { RowAction::AlreadyApplied } else { action };
        if action == RowAction::Insert {
            new_count += 1;
        }
        let record = action.writes().then_some(record);
        report(action, key, Vec::new(), existing_id, record);
    }
    let counts = Counts::of(rows.iter().map(|r| &r.action));
    Plan { report: DryRunReport { kind: E::KIND, cliente_id: options.cliente_id, rows, counts, ignored_columns: Vec::new() }, records }
}

/// A ramal's plano_discagem_id must be one of its customer's plans. Read through the entity, not
/// a JSON copy of the record: that copy was most of the dry run's cost per row.
fn check_plano<E: BulkEntity>(record: &E::Record, state: &LiveState<E::Record>, issues: &mut Vec<FieldError>) {
    let Some(planos) = &state.planos else { return };
    let plano = E::plano_discagem_id(record);
    if plano != 0 && !planos.contains(&plano) {
        issues.push(FieldError::new(
            "plano_discagem_id",
            format!("plano de discagem {plano} não é deste cliente; use um dos planos do cliente ou 0"),
        ));
    }
}

/// The JSON key of each kind's natural key.
pub fn natural_key_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Ramais | Kind::Dids => "numero",
        Kind::Clientes => "login",
    }
}

fn key_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Ramais => "o ramal",
        Kind::Dids => "o DID",
        Kind::Clientes => "o login",
    }
}

/// Reads a file's table and maps its header for `E`; fails when the natural key has no column.
pub fn prepare<E: BulkEntity>(table: &Table, mapping: Option<HeaderMapping>) -> Result<(Vec<Input>, HeaderMapping), PlanError> {
    let schema = E::schema();
    let mapping = mapping.unwrap_or_else(|| map_headers(&table.headers, &schema.header_columns()));
    let key = natural_key_field(E::KIND);
    if mapping.index_of(key).is_none() {
        return Err(PlanError::MissingKeyColumn(key.to_owned()));
    }
    Ok((inputs_from_table(table, &schema, &mapping), mapping))
}

/// The dry run of a file: read, map, fetch the live state, plan.
pub async fn dry_run<E: BulkEntity>(
    client: &Client,
    table: &Table,
    mapping: Option<HeaderMapping>,
    options: &ImportOptions,
    journal: &JournalState,
) -> Result<Plan<E::Record>, PlanError> {
    let (inputs, mapping) = prepare::<E>(table, mapping)?;
    let state = fetch_state::<E>(client, options).await?;
    let mut plan = plan::<E>(&inputs, &state, options, journal);
    plan.report.ignored_columns = mapping.unknown;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clientes, Dids, Ramais};

    /// A new row is built on an empty object: the record read from the default record's JSON
    /// must be the default record, forms included, or rows would lose defaults.
    fn defaults_read_back<E: BulkEntity>() {
        let default_json = serde_json::to_value(E::Record::default()).expect("json");
        let read: E::Record = serde_json::from_value(default_json.clone()).expect("read");
        let empty: E::Record = serde_json::from_value(Value::Object(Map::new())).expect("read");
        assert_eq!(serde_json::to_value(&read).expect("json"), default_json);
        assert_eq!(serde_json::to_value(&empty).expect("json"), default_json);
        let nested = vec![("encaminhar_todas_chamadas.encaminhamento_destino".to_owned(), Value::from("1002"))];
        if E::KIND == Kind::Ramais {
            let on_defaults = build::<E>(default_json, &nested, 7).expect("build");
            let on_empty = build::<E>(Value::Object(Map::new()), &nested, 7).expect("build");
            assert_eq!(serde_json::to_value(on_empty).expect("json"), serde_json::to_value(on_defaults).expect("json"));
        }
    }

    #[test]
    fn a_record_built_from_nothing_is_the_default_record() {
        defaults_read_back::<Ramais>();
        defaults_read_back::<Dids>();
        defaults_read_back::<Clientes>();
    }
}
