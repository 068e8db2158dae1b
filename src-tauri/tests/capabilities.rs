//! The webview's grants, through the real ACL: the app's capability file compiled by
//! tauri-build (`generate_context!`), resolved by Tauri's runtime authority on every IPC call
//! from the main window. The UI gets its own commands, event listening, destroying its own
//! window (after a close request it agreed to), the two file dialogs and opening http(s) links; the rest of Tauri's API (window, app, path, webview, emit...) is refused.

mod common;

use serde_json::{json, Value};
use tauri::test::{mock_builder, MockRuntime};
use tauri::{App, WebviewWindow};

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, String> {
    common::ipc(webview, cmd, args).map_err(|error| error.to_string())
}

/// The app's handler with the app's own compiled capabilities (not the mock's empty ones).
fn app() -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let builder = pabx_desktop::specta_builder::<MockRuntime>();
    let app = mock_builder()
        .invoke_handler(builder.invoke_handler())
        .build(tauri::generate_context!(test = true))
        .expect("mock app with the real context");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, webview)
}

fn refused(result: &Result<Value, String>) -> bool {
    matches!(result, Err(message) if message.contains("not allowed"))
}

#[test]
fn the_webview_gets_only_what_the_ui_uses() {
    let (_app, webview) = app();

    // The app's own commands need no grant.
    let semana = invoke(&webview, "semana", json!({}));
    assert!(semana.is_ok(), "{semana:?}");

    // Events: listen and unlisten (progress of lists and imports).
    let id = invoke(&webview, "plugin:event|listen", json!({ "event": "list-progress", "target": { "kind": "Any" }, "handler": 7 }))
        .expect("listening is granted");
    let unlisten = invoke(&webview, "plugin:event|unlisten", json!({ "event": "list-progress", "eventId": id }));
    assert!(unlisten.is_ok(), "{unlisten:?}");

    // The file dialogs pass the ACL (the mock app has no dialog plugin, so it is not found).
    for command in ["plugin:dialog|open", "plugin:dialog|save"] {
        let result = invoke(&webview, command, json!({ "options": {} }));
        assert!(!refused(&result), "{command} is granted: {result:?}");
        assert!(matches!(&result, Err(m) if m.contains("plugin dialog not found")), "{command}: {result:?}");
    }

    // Recordings open in the system's browser: only http(s) links (the mock has no opener plugin).
    let result = invoke(&webview, "plugin:opener|open_url", json!({ "url": "https://example.com/gravacao.wav" }));
    assert!(!refused(&result), "open_url is granted: {result:?}");
    assert!(matches!(&result, Err(m) if m.contains("plugin opener not found")), "open_url: {result:?}");

    // What core:default used to grant, and the UI never calls.
    for (command, args) in [
        ("plugin:event|emit", json!({ "event": "list-progress", "payload": null })),
        ("plugin:app|version", json!({})),
        ("plugin:app|app_hide", json!({})),
        ("plugin:window|close", json!({ "label": "main" })),
        ("plugin:window|set_title", json!({ "label": "main", "value": "x" })),
        ("plugin:webview|create_webview_window", json!({ "options": { "label": "other", "url": "https://example.com" } })),
        ("plugin:path|resolve_directory", json!({ "directory": 1 })),
        ("plugin:dialog|message", json!({ "message": "x" })),
        ("plugin:opener|open_path", json!({ "path": "/etc/passwd" })),
        ("plugin:opener|reveal_item_in_dir", json!({ "paths": ["/etc/passwd"] })),
    ] {
        let result = invoke(&webview, command, args);
        assert!(refused(&result), "{command} must be refused: {result:?}");
    }

    // A close request the UI agreed to (nothing unsaved, or the user chose to discard) ends in
    // destroy: granted (the mock runtime then destroys the window).
    let destroy = invoke(&webview, "plugin:window|destroy", json!({ "label": "main" }));
    assert!(!refused(&destroy), "destroy is granted: {destroy:?}");
}
