//! Imports and exports of files by list kind, for the CLI and the app: the file is read here,
//! the journal sits beside it, and the apply re-plans against the live state of that moment
//! (the dry run shown earlier may be minutes old).

use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use pabx_api::Client;

use crate::apply::{apply, ApplyOptions, ApplyProgress, ApplyReport};
use crate::csv_io::{read_table, HeaderMapping, Table};
use crate::entity::Kind;
use crate::export::{export, ExportError};
use crate::journal::{self, Journal, JournalState};
use crate::plan::{dry_run, DryRunReport, ImportOptions, PlanError};
use crate::Dialect;

/// Runs `$body` with `$E` bound to the entity of `$kind`.
#[macro_export]
macro_rules! with_entity {
    ($kind:expr, $E:ident => $body:expr) => {
        match $kind {
            $crate::Kind::Ramais => {
                type $E = $crate::Ramais;
                $body
            }
            $crate::Kind::Dids => {
                type $E = $crate::Dids;
                $body
            }
            $crate::Kind::Clientes => {
                type $E = $crate::Clientes;
                $body
            }
        }
    };
}

/// The account a journal belongs to: the endpoint and the usuario (no secret).
pub fn account_id(client: &Client) -> String {
    format!("{}#{}", client.endpoint(), client.usuario())
}

/// Reads a CSV file from disk.
pub fn read_file(path: &Path) -> Result<Table, PlanError> {
    let bytes = std::fs::read(path).map_err(|e| PlanError::File(format!("Não foi possível ler {}: {e}", path.display())))?;
    Ok(read_table(&bytes)?)
}

fn scope(kind: Kind, options: &ImportOptions) -> i64 {
    if kind == Kind::Clientes {
        0
    } else {
        options.cliente_id
    }
}

/// The dry run of a file (the journal beside it is read, nothing is written).
pub async fn dry_run_file(
    client: &Client,
    kind: Kind,
    path: &Path,
    options: &ImportOptions,
    mapping: Option<HeaderMapping>,
) -> Result<(Table, DryRunReport), PlanError> {
    let table = read_file(path)?;
    let journal = JournalState::load(&journal::path_for(path, kind, scope(kind, options)), &account_id(client));
    let report = with_entity!(kind, E => dry_run::<E>(client, &table, mapping, options, &journal).await?.report);
    Ok((table, report))
}

/// Plans the file again and applies it, with the journal beside it.
#[allow(clippy::too_many_arguments)]
pub async fn apply_file(
    client: &Client,
    kind: Kind,
    path: &Path,
    options: &ImportOptions,
    mapping: Option<HeaderMapping>,
    apply_options: ApplyOptions,
    cancel: &AtomicBool,
    on_progress: &(dyn Fn(ApplyProgress) + Sync),
) -> Result<(Table, ApplyReport), PlanError> {
    let table = read_file(path)?;
    let account = account_id(client);
    let journal_path = journal::path_for(path, kind, scope(kind, options));
    let state = JournalState::load(&journal_path, &account);
    let report = with_entity!(kind, E => {
        let plan = dry_run::<E>(client, &table, mapping, options, &state).await?;
        let journal = if plan.records.iter().any(Option::is_some) {
            Some(Journal::open(&journal_path, &account).map_err(|e| {
                PlanError::File(format!("Não foi possível criar o diário {} ao lado do arquivo: {e}", journal_path.display()))
            })?)
        } else {
            None
        };
        apply::<E>(client, plan, apply_options, journal, cancel, on_progress).await
    });
    Ok((table, report))
}

/// Exports a list to a file; returns the number of rows.
pub async fn export_file(
    client: &Client,
    kind: Kind,
    cliente_id: i64,
    path: &Path,
    dialect: Dialect,
    secrets: bool,
) -> Result<usize, ExportError> {
    let file = std::fs::File::create(path)?;
    let out = BufWriter::new(file);
    with_entity!(kind, E => export::<E, _>(client, cliente_id, out, dialect, secrets).await)
}

/// A range of ramais: checked like an import; when not a dry run, the passwords of the rows to
/// create are written to `passwords` (a new file) first, then the rows are applied.
#[allow(clippy::too_many_arguments)]
pub async fn range(
    client: &Client,
    spec: &crate::range::RangeSpec,
    passwords: &Path,
    dry: bool,
    apply_options: ApplyOptions,
    cancel: &AtomicBool,
    on_progress: &(dyn Fn(ApplyProgress) + Sync),
) -> Result<(DryRunReport, Option<ApplyReport>), PlanError> {
    use crate::entity::Ramais;
    let rows = crate::range::generate(spec).map_err(PlanError::File)?;
    let options = ImportOptions { cliente_id: spec.cliente_id, atualizar: false };
    let state = crate::plan::fetch_state::<Ramais>(client, &options).await?;
    let plan = crate::plan::plan::<Ramais>(&crate::range::inputs(&rows), &state, &options, &JournalState::default());
    let report = plan.report.clone();
    if dry {
        return Ok((report, None));
    }
    let creating: Vec<_> = rows
        .into_iter()
        .zip(&plan.report.rows)
        .filter(|(_, row)| row.action == crate::plan::RowAction::Insert)
        .map(|(generated, _)| generated)
        .collect();
    if creating.is_empty() {
        return Ok((report, None));
    }
    crate::range::write_passwords(passwords, &creating).map_err(|e| {
        PlanError::File(format!("Não foi possível criar o arquivo de senhas {} (ele não pode existir ainda): {e}", passwords.display()))
    })?;
    let journal_path = journal::path_for(passwords, Kind::Ramais, spec.cliente_id);
    let journal = Journal::open(&journal_path, &account_id(client))
        .map_err(|e| PlanError::File(format!("Não foi possível criar o diário {}: {e}", journal_path.display())))?;
    let applied = apply::<Ramais>(client, plan, apply_options, Some(journal), cancel, on_progress).await;
    Ok((report, Some(applied)))
}
