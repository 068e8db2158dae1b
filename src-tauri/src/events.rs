//! Events the shell sends to the UI.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

/// Progress of a long list: sent after each page of a `listar_*` command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ListProgress {
    pub acao: String,
    pub loaded: u32,
    pub total: Option<u32>,
}

/// A progress callback for `Client::list_all` that emits [`ListProgress`] for `acao`.
pub fn list_progress<R: Runtime>(app: &AppHandle<R>, acao: &'static str) -> impl FnMut(pabx_api::Progress) + Send {
    let app = app.clone();
    move |progress| {
        // A window that is gone cannot show progress; the list itself still completes.
        let _ = ListProgress { acao: acao.to_owned(), loaded: progress.loaded, total: progress.total }.emit(&app);
    }
}
