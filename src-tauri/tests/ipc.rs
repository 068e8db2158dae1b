//! Through Tauri's IPC with the mock runtime: the same invoke handler and events the app
//! registers (tauri-specta), JSON in and out as the UI sends and receives it.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{new_cliente, unique_secrets};
use pabx_desktop::{Core, ListProgress};
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{Manager, WebviewWindow};
use tauri_specta::Event;

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    common::ipc(webview, cmd, args)
}

/// A mock app with the app's handler and events, and a Core in `dir`.
fn mock_app(dir: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let builder = pabx_desktop::specta_builder::<MockRuntime>();
    let app = mock_builder().invoke_handler(builder.invoke_handler()).build(mock_context(noop_assets())).unwrap();
    // The app mounts them in its setup hook, which only runs inside the event loop.
    builder.mount_events(&app);
    app.manage(Core::new(&dir.join("config"), &dir.join("data"), unique_secrets(), Instant::now()));
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, webview)
}

#[test]
fn first_run_sandbox_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (app, webview) = mock_app(dir.path());
    let account = invoke(&webview, "use_sandbox", json!({})).unwrap();
    assert_eq!(account["is_sandbox"], true);
    let state = invoke(&webview, "app_state", json!({})).unwrap();
    assert_eq!(state["sandbox_running"], true);
    assert_eq!(state["active"], account);
    let report = invoke(&webview, "test_account", json!({ "id": account["id"] })).unwrap();
    assert_eq!(report["ok"], true);
    // The edit form's test: no token typed, the sandbox's own (memory-only) one is used.
    let typed = json!({ "label": "Sandbox", "base_url": account["base_url"], "usuario": account["usuario"], "token": null });
    let report = invoke(&webview, "test_connection", json!({ "id": account["id"], "input": typed })).unwrap();
    assert_eq!(report["ok"], true);
    let error = invoke(&webview, "test_connection", json!({ "id": null, "input": typed })).unwrap_err();
    assert_eq!(error["field_errors"][0]["field"], "token");
    let ramais = invoke(&webview, "listar_ramais", json!({ "filtro": {} })).unwrap();
    assert!(!ramais.as_array().unwrap().is_empty(), "demo ramais");
    tauri::async_runtime::block_on(app.state::<Core>().stop_sandbox());
}

#[test]
fn commands_and_events_over_ipc() {
    let sandbox = tauri::async_runtime::block_on(pabx_sandbox::Sandbox::start(pabx_sandbox::SandboxConfig::in_memory())).unwrap();
    let credentials = sandbox.credentials();
    let token = credentials.token.expose().clone();
    let dir = tempfile::tempdir().unwrap();

    let (app, webview) = mock_app(dir.path());

    // First run: no accounts; lists need one.
    let state = invoke(&webview, "app_state", json!({})).unwrap();
    assert_eq!(state, json!({ "accounts": [], "active": null, "sandbox_running": false }));
    let error = invoke(&webview, "listar_clientes", json!({ "filtro": {} })).unwrap_err();
    assert_eq!(error["kind"], "no_account");

    // Save an account the way the UI sends it; the answer has no token.
    let account = invoke(
        &webview,
        "save_account",
        json!({ "id": null, "input": { "label": "Teste", "base_url": sandbox.url(), "usuario": credentials.usuario, "token": token } }),
    )
    .unwrap();
    assert_eq!(account["label"], "Teste");
    assert_eq!(account["is_sandbox"], false);
    assert!(!account.to_string().contains(&token));

    // A list through IPC emits ListProgress.
    let events: Arc<Mutex<Vec<ListProgress>>> = Arc::default();
    let seen = events.clone();
    ListProgress::listen(&app, move |event| seen.lock().unwrap().push(event.payload));
    let clientes = invoke(&webview, "listar_clientes", json!({ "filtro": { "quantidade": 2 } })).unwrap();
    let clientes = clientes.as_array().unwrap();
    assert!(clientes.len() >= 2);
    let deadline = Instant::now() + std::time::Duration::from_secs(5);
    while events.lock().unwrap().last().is_none_or(|e| e.loaded as usize != clientes.len()) && Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let events = events.lock().unwrap().clone();
    assert!(events.iter().all(|e| e.acao == "listar_clientes"), "{events:?}");
    assert_eq!(events.last().map(|e| e.loaded as usize), Some(clientes.len()), "{events:?}");

    // A write with an invalid ramal: invalid_input with the field, camelCase argument names.
    let cliente = serde_json::to_value(new_cliente("ipc", 4000, 4009)).unwrap();
    let outcome = invoke(&webview, "inserir_cliente", json!({ "cliente": cliente })).unwrap();
    let cliente_id = outcome["dados"]["cliente_id"].as_i64().unwrap();
    let ramal = json!({ "cliente_id": cliente_id, "nome": "Fora", "numero": "5000", "senha_sip": "Sip-senha-4321" });
    let error = invoke(&webview, "inserir_ramal", json!({ "ramal": ramal })).unwrap_err();
    assert_eq!(error["kind"], "invalid_input");
    assert!(error["field_errors"].as_array().unwrap().iter().any(|e| e["field"] == "numero"), "{error}");
    let removed = invoke(&webview, "deletar_cliente", json!({ "clienteId": cliente_id }));
    assert!(removed.is_ok(), "{removed:?}");

    let regioes = invoke(&webview, "listar_regioes", json!({ "filtro": {} })).unwrap();
    assert!(!regioes.as_array().unwrap().is_empty());
    // The start-up stages: a painted screen first, the app taking it over later.
    assert_eq!(invoke(&webview, "ui_ready", json!({ "stage": "painted" })).unwrap(), Value::Null);
    let core = app.state::<Core>();
    let painted = core.ready_ms().expect("painted recorded");
    assert_eq!(core.interactive_ms(), None);
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert_eq!(invoke(&webview, "ui_ready", json!({ "stage": "interactive" })).unwrap(), Value::Null);
    assert_eq!(core.ready_ms(), Some(painted), "the first paint stays the first");
    assert!(core.interactive_ms().is_some_and(|ms| ms >= painted));
    assert!(invoke(&webview, "ui_ready", json!({ "stage": "loaded" })).is_err(), "an unknown stage is refused");

    tauri::async_runtime::block_on(sandbox.stop());
}
