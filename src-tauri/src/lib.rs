//! PABX Desktop, the Tauri 2 shell: accounts (tokens in the OS keyring), the built-in sandbox as
//! first-run default, and thin typed commands over `pabx-api`, exported to TypeScript by
//! tauri-specta (`ui/src/bindings.ts`).
//!
//! [`core::Core`] holds everything testable without a window; [`commands`] only translate.

pub mod accounts;
pub mod commands;
pub mod core;
pub mod error;
pub mod events;
pub mod logging;
pub mod rendering;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, collect_events};

pub use crate::accounts::{Account, AccountInput, AccountStore, SecretFault, SecretOp, SecretStore};
pub use crate::core::{AppState, ConnectionReport, Core};
pub use crate::error::{CommandError, CommandErrorKind};
pub use crate::events::ListProgress;

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// The commands and events, for the invoke handler and for the TypeScript export.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    use commands::activity::*;
    use commands::entities::*;
    use commands::regras::*;
    use commands::roteamento::*;
    use commands::*;
    tauri_specta::Builder::<R>::new()
        // `::<tauri::Wry>` only feeds specta (types do not depend on the runtime); Tauri's
        // handler drops it and runs the commands on `R`, so the mock runtime works in tests.
        .commands(collect_commands![
            app_state,
            test_connection,
            test_account,
            save_account,
            remove_account,
            switch_account,
            use_sandbox,
            ui_ready,
            listar_clientes::<tauri::Wry>,
            listar_ramais::<tauri::Wry>,
            listar_regioes::<tauri::Wry>,
            listar_dids::<tauri::Wry>,
            listar_troncos::<tauri::Wry>,
            listar_planos_discagem::<tauri::Wry>,
            listar_regras_roteamento::<tauri::Wry>,
            listar_historico_chamada::<tauri::Wry>,
            carregar_clientes,
            carregar_ramais,
            carregar_dids,
            carregar_troncos,
            carregar_planos_discagem,
            obter_ramal,
            usos_planos_discagem,
            dependentes_cliente,
            inserir_cliente,
            alterar_cliente,
            deletar_cliente,
            inserir_ramal,
            alterar_ramal,
            deletar_ramal,
            inserir_did,
            alterar_did,
            deletar_did,
            inserir_tronco,
            alterar_tronco,
            deletar_tronco,
            inserir_plano_discagem,
            alterar_plano_discagem,
            deletar_plano_discagem,
            alterar_regras_roteamento,
            carregar_roteamento,
            analisar_roteamento,
            diff_regras_roteamento,
            salvar_regras_roteamento,
            copiar_regras_roteamento,
            simular_roteamento,
            semana,
            ler_numero_did,
            vistas_dids,
            estado_horario,
            adicionar_feriados_nacionais,
            did_com_feriados,
            tipos_destino,
            fracionamentos_comuns,
            previa_custo,
            cobertura_regioes,
            bulk::bulk_preview,
            bulk::bulk_dry_run,
            bulk::bulk_apply::<tauri::Wry>,
            bulk::bulk_save_dry_run,
            bulk::bulk_save_failed,
            bulk::bulk_export,
            historico::carregar_historico_chamada,
            historico::exportar_historico_chamada,
            operacoes::cancelar_operacao,
            listar_atividade,
            exportar_atividade,
            restaurar_atividade,
            log_level::<tauri::Wry>,
            set_log_level::<tauri::Wry>,
            open_log_dir::<tauri::Wry>,
        ])
        .events(collect_events![events::ListProgress, bulk::BulkProgress])
        // A history page's binary message: its header (`ui/src/api/colunar.ts` reads it) and
        // the columns it holds by name.
        .typ::<pabx_api::colunar::Cabecalho<pabx_api::historico::ProgressoHistorico>>()
        .typ::<pabx_api::historico::ColunasHistorico>()
        // The `meta` of the last message of a streamed load, which rides on its answer.
        .typ::<commands::historico::CargaHistorico>()
        .typ::<commands::entities::CargaLista>()
        // A page of `carregar_ramais` is a binary message of these records' columns.
        .typ::<pabx_api::ramal::RamalLinha>()
        // The records a "new" form starts from, as Rust writes them (pabx_api::em_branco).
        .constant("EM_BRANCO", pabx_api::em_branco::em_branco())
        // Validation messages and field labels in pt-BR, by code and key (the UI's English is in en.ts).
        .constant("MENSAGENS_VALIDACAO", pabx_api::mensagens::tabela_pt_br())
        .constant("ROTULOS_CAMPOS", pabx_api::campos::tabela())
        // The words of the `o_que`/`do_que` parameters in pt-BR, by key (English in en.ts).
        .constant("FRASES_VALIDACAO", pabx_api::mensagens::frases_pt_br())
        // The API's ids fit in 53 bits; the UI works with plain numbers.
        .dangerously_cast_bigints_to_number()
        // One type per model (not a Serialize and a Deserialize variant): the models read and
        // write the same keys.
        .disable_serde_phases()
}

/// The TypeScript bindings as text (what `ui/src/bindings.ts` must contain).
pub fn render_bindings() -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("pabx-desktop-bindings-{}-{}", std::process::id(), rand::random::<u32>()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("bindings.ts");
    let result = export_bindings(&file).and_then(|()| std::fs::read_to_string(&file).map_err(|e| e.to_string()));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default().header(
                "// Generated by tauri-specta from src-tauri (cargo run -p pabx-desktop --example export_bindings). Do not edit.\n",
            ),
            path,
        )
        .map_err(|e| e.to_string())
}

/// The committed bindings file.
pub fn bindings_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH)
}

/// Debug runs with `PABX_DESKTOP_WRITE_BINDINGS=1` (as `cargo tauri dev` is meant to be run)
/// keep ui/src/bindings.ts current. Opt-in: an older debug binary started by a test or a script
/// would otherwise overwrite newer bindings with its own. Rewritten only when it changed, so a
/// running Vite dev server does not reload for nothing.
#[cfg(debug_assertions)]
fn refresh_bindings() {
    if std::env::var_os("PABX_DESKTOP_WRITE_BINDINGS").is_none_or(|v| v != "1") {
        return;
    }
    let path = bindings_path();
    if !path.parent().is_some_and(Path::is_dir) {
        return; // not run from a checkout
    }
    match render_bindings() {
        Ok(fresh) if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) => {
            if let Err(error) = std::fs::write(&path, fresh) {
                eprintln!("pabx-desktop: não foi possível atualizar {}: {error}", path.display());
            }
        }
        Ok(_) => {}
        Err(error) => eprintln!("pabx-desktop: não foi possível gerar os bindings: {error}"),
    }
}

/// Opens the main window (tauri.conf.json, `create: false`) with the start-up state set before
/// any of the page's scripts run, so the boot script in ui/index.html can draw a prerendered first
/// screen without waiting for the app's script or a command. No token is in it: accounts as
/// `app_state` returns them.
fn open_main_window<R: Runtime>(app: &tauri::App<R>, boot: Option<crate::core::AppState>) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main") else {
        return Err(tauri::Error::WindowNotFound);
    };
    let boot = boot.and_then(|state| serde_json::to_string(&state).ok()).unwrap_or_else(|| "null".into());
    tauri::WebviewWindowBuilder::from_config(app.handle(), config)?
        .initialization_script(format!("window.__PABX_BOOT__ = {boot};"))
        .build()?;
    Ok(())
}

/// Brings the main window to the front (a second launch asked for it).
fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Runs the app.
pub fn run() {
    let started = *PROCESS_START.get_or_init(Instant::now);
    // Before any thread and before GTK/WebKit start: the variable is read when WebKit starts.
    let compositing = rendering::apply();
    let builder = specta_builder::<tauri::Wry>();

    #[cfg(debug_assertions)]
    refresh_bindings();

    let app = tauri::Builder::default()
        // First of all plugins: a second launch hands over to the running app (which shows and
        // focuses its window) and exits, so two copies never share accounts.json and the
        // sandbox's database.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| focus_main_window(app)))
        // File pickers for imports and exports: the webview gets a path, Rust reads the file.
        .plugin(tauri_plugin_dialog::init())
        // Recordings opened in the system's browser.
        .plugin(tauri_plugin_opener::init())
        .manage(commands::operacoes::Operacoes::default())
        .plugin(logging::plugin())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let paths = app.path();
            let level = logging::LogLevel::load(&paths.app_config_dir()?);
            level.apply();
            logging::log_start(level);
            log::info!("{}", compositing.describe());
            let core = Core::new(&paths.app_config_dir()?, &paths.app_data_dir()?, SecretStore::for_build(), started);
            open_main_window(app, core.boot_state())?;
            app.manage(core);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                if let Err(error) = handle.state::<Core>().restore().await {
                    eprintln!("pabx-desktop: {}", error.message);
                }
            });
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            eprintln!("pabx-desktop: não foi possível abrir a janela: {error}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // Let the sandbox finish its writes before the process ends.
            tauri::async_runtime::block_on(handle.state::<Core>().stop_sandbox());
        }
    });
}
