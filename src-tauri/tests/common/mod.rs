//! Shared setup for the integration tests: a keyring service unique to each test (inside the
//! throw-away keyring of scripts/with-keyring.sh), a real sandbox on loopback, and a Core with
//! an account pointing at it.
#![allow(dead_code)]

use std::time::Instant;

use pabx_api::cliente::Cliente;
use pabx_desktop::{Account, AccountInput, Core, SecretStore};
use pabx_sandbox::{Sandbox, SandboxConfig};

/// A keyring service no other test uses.
pub fn unique_secrets() -> SecretStore {
    SecretStore::new(format!("pabx-desktop-test-{}-{:08x}", std::process::id(), rand::random::<u32>()))
}

pub fn input(label: &str, base_url: &str, usuario: &str, token: Option<&str>) -> AccountInput {
    serde_json::from_value(serde_json::json!({
        "label": label, "base_url": base_url, "usuario": usuario, "token": token,
    }))
    .expect("AccountInput from JSON")
}

/// The raw keyring value, read the way any other program would.
pub fn keyring_value(service: &str, id: &str) -> Option<String> {
    match keyring::Entry::new(service, id).expect("entry").get_password() {
        Ok(value) => Some(value),
        Err(keyring::Error::NoEntry) => None,
        Err(other) => panic!("keyring: {other} (run under scripts/with-keyring.sh)"),
    }
}

pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::in_memory()).await.expect("sandbox starts")
}

/// A Core in a temp dir with one active account on `sandbox` (token as given, or the right one).
pub async fn core_on(sandbox: &Sandbox, token: Option<&str>) -> (tempfile::TempDir, Core, Account) {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = Core::new(&dir.path().join("config"), &dir.path().join("data"), unique_secrets(), Instant::now());
    let credentials = sandbox.credentials();
    let token = token.map(str::to_owned).unwrap_or_else(|| credentials.token.expose().clone());
    let account = core
        .save_account(None, &input("Sandbox de teste", &sandbox.url(), &credentials.usuario, Some(&token)))
        .await
        .expect("account saved");
    (dir, core, account)
}

/// A cliente the validation accepts.
pub fn new_cliente(login: &str, faixa_min: i64, faixa_max: i64) -> Cliente {
    Cliente {
        nome: format!("Cliente {login}"),
        login: login.to_owned(),
        senha: "Senha-forte-123".to_owned(),
        email_cliente: format!("{login}@example.com"),
        faixa_min,
        faixa_max,
        qtd_ramais_max: 10,
        ..Default::default()
    }
}

/// One IPC call as the webview of `tauri://localhost` makes it, through the app's invoke handler
/// and Tauri's ACL.
pub fn ipc(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    tauri::test::get_ipc_response(
        webview,
        tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("the app's URL"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<serde_json::Value>().expect("a JSON answer"))
}
