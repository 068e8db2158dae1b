//! Bulk import and export (pabx-bulk) for the wizard of the Ramais, DIDs and Clientes lists. The
//! webview only ever passes a path chosen in the system dialog; the file is read and written here.

use std::path::Path;

use pabx_api::ErrorKind;
use pabx_bulk::apply::{ApplyOptions, ApplyProgress, ApplyReport};
use pabx_bulk::csv_io::{map_headers, FileFormat, HeaderMapping, Row};
use pabx_bulk::plan::{DryRunReport, ImportOptions, PlanError};
use pabx_bulk::{report, session, with_entity, BulkEntity, Dialect, Kind};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_specta::Event;

use super::operacoes::Operacoes;
use crate::core::Core;
use crate::error::{CommandError, CommandErrorKind, CommandResult};

/// Progress of `bulk_apply`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct BulkProgress {
    pub progress: ApplyProgress,
}

/// A first look at a file: its format, header, a few rows and the proposed column mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BulkPreview {
    pub format: FileFormat,
    pub headers: Vec<String>,
    /// The first rows (at most 5).
    pub sample: Vec<Row>,
    pub rows: u32,
    pub mapping: HeaderMapping,
    /// Every key a column may be mapped to.
    pub keys: Vec<String>,
}

fn plan_error(error: PlanError) -> CommandError {
    match error {
        PlanError::Api(error) => error.into(),
        PlanError::Read(_) | PlanError::File(_) => CommandError::storage(error.to_string()),
        PlanError::NoCliente(_) | PlanError::MissingKeyColumn(_) => {
            CommandError::new(CommandErrorKind::Api(ErrorKind::InvalidInput), error.to_string())
        }
    }
}

fn io_error(path: &str, error: std::io::Error) -> CommandError {
    CommandError::storage(format!("Não foi possível gravar {path}: {error}"))
}

fn options(kind: Kind, cliente_id: i64, atualizar: bool) -> ImportOptions {
    ImportOptions { cliente_id: if kind == Kind::Clientes { 0 } else { cliente_id }, atualizar }
}

/// Reads a file and proposes the column mapping.
#[tauri::command]
#[specta::specta]
pub async fn bulk_preview(kind: Kind, path: String) -> CommandResult<BulkPreview> {
    let table = session::read_file(Path::new(&path)).map_err(plan_error)?;
    let schema = with_entity!(kind, E => E::schema());
    let mapping = map_headers(&table.headers, &schema.header_columns());
    Ok(BulkPreview {
        format: table.format.clone(),
        headers: table.headers.clone(),
        sample: table.rows.iter().take(5).cloned().collect(),
        rows: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        mapping,
        keys: schema.columns.iter().map(|c| c.key.clone()).collect(),
    })
}

/// The dry run: what each row would do; nothing is sent.
#[tauri::command]
#[specta::specta]
pub async fn bulk_dry_run(
    core: State<'_, Core>,
    kind: Kind,
    path: String,
    cliente_id: i64,
    atualizar: bool,
    mapping: HeaderMapping,
) -> CommandResult<DryRunReport> {
    let client = core.client().await?;
    let (_, report) = session::dry_run_file(&client, kind, Path::new(&path), &options(kind, cliente_id, atualizar), Some(mapping))
        .await
        .map_err(plan_error)?;
    Ok(report)
}

/// Plans again and applies, emitting `BulkProgress`; `cancelar_operacao(operacao)` stops it
/// after the writes in flight (the journal lets a new apply resume).
#[allow(clippy::too_many_arguments)]
#[tauri::command]
#[specta::specta]
pub async fn bulk_apply<R: Runtime>(
    app: AppHandle<R>,
    kind: Kind,
    path: String,
    cliente_id: i64,
    atualizar: bool,
    mapping: HeaderMapping,
    concorrencia: u32,
    operacao: String,
) -> CommandResult<ApplyReport> {
    let core = app.state::<Core>();
    let operacoes = app.state::<Operacoes>();
    let client = core.client().await?;
    let cancel = operacoes.iniciar(&operacao);
    let emitter = app.clone();
    let on_progress = move |progress: ApplyProgress| {
        let _ = BulkProgress { progress }.emit(&emitter);
    };
    let apply_options = ApplyOptions { concurrency: usize::try_from(concorrencia.clamp(1, 32)).unwrap_or(4) };
    let applied = session::apply_file(
        &client,
        kind,
        Path::new(&path),
        &options(kind, cliente_id, atualizar),
        Some(mapping),
        apply_options,
        &cancel,
        &on_progress,
    )
    .await;
    let (_, report) = applied.map_err(plan_error)?;
    Ok(report)
}

/// Saves the dry-run report as CSV (Excel pt-BR).
#[tauri::command]
#[specta::specta]
pub async fn bulk_save_dry_run(report: DryRunReport, out: String) -> CommandResult<()> {
    let file = std::fs::File::create(&out).map_err(|e| io_error(&out, e))?;
    report::write_dry_run(std::io::BufWriter::new(file), Dialect::ExcelBr, &report.rows).map_err(|e| io_error(&out, e))?;
    Ok(())
}

/// Saves the rows of `path` that did not go through, with an `erro` column, to fix and import.
#[tauri::command]
#[specta::specta]
pub async fn bulk_save_failed(path: String, report: ApplyReport, out: String) -> CommandResult<u32> {
    let table = session::read_file(Path::new(&path)).map_err(plan_error)?;
    let file = std::fs::File::create(&out).map_err(|e| io_error(&out, e))?;
    let (count, _) =
        report::write_failed_rows(std::io::BufWriter::new(file), Dialect::ExcelBr, &table, &report).map_err(|e| io_error(&out, e))?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Exports a list to CSV (the import's columns; passwords only when asked).
#[tauri::command]
#[specta::specta]
pub async fn bulk_export(
    core: State<'_, Core>,
    kind: Kind,
    cliente_id: i64,
    out: String,
    dialect: Dialect,
    senhas: bool,
) -> CommandResult<u32> {
    let client = core.client().await?;
    let count = session::export_file(&client, kind, cliente_id, Path::new(&out), dialect, senhas).await.map_err(|error| match error {
        pabx_bulk::export::ExportError::Api(error) => error.into(),
        pabx_bulk::export::ExportError::Io(e) => io_error(&out, e),
    })?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}
