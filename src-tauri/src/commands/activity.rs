//! The activity log ("Atividade"): browse, export, restore.

use pabx_activity::{Entry, Filter};
use pabx_api::WriteOutcome;
use tauri::State;

use crate::core::Core;
use crate::error::{CommandError, CommandResult};

/// Entries matching the filter, newest first.
#[tauri::command]
#[specta::specta]
pub async fn listar_atividade(core: State<'_, Core>, filtro: Filter) -> CommandResult<Vec<Entry>> {
    core.activity().list(&filtro).map_err(|e| CommandError::storage(e.to_string()))
}

/// Writes the entries matching the filter as CSV (Excel pt-BR) to `caminho`, the file the user
/// chose in the save dialog; returns how many entries were written.
#[tauri::command]
#[specta::specta]
pub async fn exportar_atividade(core: State<'_, Core>, filtro: Filter, caminho: String) -> CommandResult<u32> {
    let path = std::path::PathBuf::from(&caminho);
    let file = std::fs::File::create(&path)
        .map_err(|e| CommandError::storage(format!("Não foi possível criar {} ({e}). Escolha outra pasta.", path.display())))?;
    let written = core
        .activity()
        .write_csv(&filtro, std::io::BufWriter::new(file), pabx_bulk::Dialect::ExcelBr)
        .map_err(|e| CommandError::storage(e.to_string()))?;
    Ok(u32::try_from(written).unwrap_or(u32::MAX))
}

/// Puts back the values an "alterar" entry replaced (see `Core::restore_activity`).
#[tauri::command]
#[specta::specta]
pub async fn restaurar_atividade(core: State<'_, Core>, id: i64) -> CommandResult<WriteOutcome> {
    core.restore_activity(id).await
}
