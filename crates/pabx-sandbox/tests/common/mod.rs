//! Helpers shared by the integration tests: a started sandbox, the real client, raw HTTP.

#![allow(dead_code)]

use std::path::PathBuf;

use pabx_api::{Client, ClientConfig, Cliente};
use pabx_sandbox::{Sandbox, SandboxConfig, Seed};
use serde_json::{json, Value};

pub async fn start(seed: Seed) -> Sandbox {
    let mut config = SandboxConfig::in_memory();
    config.seed = seed;
    Sandbox::start(config).await.expect("sandbox starts")
}

pub fn client(sandbox: &Sandbox) -> Client {
    Client::new(ClientConfig::new(sandbox.url(), sandbox.credentials())).expect("client")
}

/// `{autenticacao, acao}` with the sandbox's credentials, plus `fields`.
pub fn body(sandbox: &Sandbox, acao: &str, fields: Value) -> Value {
    let credentials = sandbox.credentials();
    let mut body = json!({
        "autenticacao": {"usuario": credentials.usuario, "token": credentials.token.expose()},
        "acao": acao,
    });
    if let (Some(map), Value::Object(fields)) = (body.as_object_mut(), fields) {
        map.extend(fields);
    }
    body
}

/// Sends raw bytes; returns the HTTP status and the body parsed as JSON (Null when not JSON).
pub async fn raw(sandbox: &Sandbox, method: reqwest::Method, bytes: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .request(method, sandbox.url())
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .expect("sandbox answers");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn post(sandbox: &Sandbox, body: &Value) -> (u16, Value) {
    raw(sandbox, reqwest::Method::POST, body.to_string().into_bytes()).await
}

pub async fn delete(sandbox: &Sandbox, body: &Value) -> (u16, Value) {
    raw(sandbox, reqwest::Method::DELETE, body.to_string().into_bytes()).await
}

/// A fresh database path in the temp dir, unique to this process and call.
pub fn temp_db(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    std::env::temp_dir().join(format!("pabx-sandbox-{name}-{}-{nanos}.db", std::process::id()))
}

/// Removes a SQLite file and its WAL companions.
pub fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A valid customer (range 100..=199, at most 3 ramais) with the given login.
pub fn novo_cliente(login: &str) -> Cliente {
    Cliente {
        login: login.into(),
        senha: "segredo123".into(),
        nome: format!("Empresa {login}"),
        email_cliente: format!("ti@{login}.com.br"),
        qtd_ramais_max: 3,
        faixa_min: 100,
        faixa_max: 199,
        cnpj: "11.222.333/0001-81".into(),
        cep: "01310-200".into(),
        estado: "SP".into(),
        cidade: "São Paulo".into(),
        ..Default::default()
    }
}
