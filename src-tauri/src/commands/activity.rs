//! The activity log ("Atividade"): browse, export, restore.

use pabx_activity::{Entry, Filter};
use pabx_api::WriteOutcome;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::core::Core;
use crate::error::{CommandError, CommandResult};

/// Entries matching the filter, newest first.
#[tauri::command]
#[specta::specta]
pub async fn listar_atividade(core: State<'_, Core>, filtro: Filter) -> CommandResult<Vec<Entry>> {
    core.activity().list(&filtro).map_err(|e| CommandError::storage(e.to_string()))
}

/// Writes the entries matching the filter as CSV (Excel pt-BR) into the Downloads folder;
/// returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn exportar_atividade<R: Runtime>(app: AppHandle<R>, filtro: Filter) -> CommandResult<String> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| CommandError::storage(format!("Pasta de downloads não encontrada ({e}).")))?;
    let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
    let path = dir.join(format!("atividade-{stamp}.csv"));
    let file = std::fs::File::create(&path)
        .map_err(|e| CommandError::storage(format!("Não foi possível criar {} ({e}).", path.display())))?;
    app.state::<Core>()
        .activity()
        .write_csv(&filtro, std::io::BufWriter::new(file), pabx_bulk::Dialect::ExcelBr)
        .map_err(|e| CommandError::storage(e.to_string()))?;
    Ok(path.display().to_string())
}

/// Puts back the values an "alterar" entry replaced (see `Core::restore_activity`).
#[tauri::command]
#[specta::specta]
pub async fn restaurar_atividade(core: State<'_, Core>, id: i64) -> CommandResult<WriteOutcome> {
    core.restore_activity(id).await
}
