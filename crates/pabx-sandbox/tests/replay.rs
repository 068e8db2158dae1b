//! Replays the request bodies of `tests/replay/pedidos` (shaped like those of the platform's
//! real clients) against a fresh sandbox, in the dialect and with the method each client uses:
//! every body is accepted, and each record written is listed back in the shape it was sent in;
//! in the all-strings mode (`todos_texto`) every field comes back as a string, and the client
//! still reads it in both dialects.

mod common;

use std::path::PathBuf;

use pabx_api::cliente::InserirCliente;
use pabx_api::de::shape_differences;
use pabx_api::did::ListarDids;
use pabx_api::plano_discagem::InserirPlanoDiscagem;
use pabx_api::ramal::ListarRamais;
use pabx_api::{Client, ClientConfig, Dialeto, PlanoDiscagem};
use pabx_sandbox::{Sandbox, SandboxConfig, Seed};
use serde_json::{json, Value};

fn fixtures() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/replay/pedidos");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).expect("replay fixtures").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(&path).expect("fixture");
            (name.clone(), serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}")))
        })
        .collect()
}

/// The ids of the records the fixtures refer to, as this sandbox numbered them.
#[derive(Default)]
struct Ids(Vec<(&'static str, i64)>);

impl Ids {
    fn set(&mut self, key: &'static str, id: i64) {
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, id));
    }

    /// `value` with each known id replaced, in the same JSON type (a string stays a string).
    fn apply(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, v)| {
                        let replaced = match self.0.iter().find(|(k, _)| k == key) {
                            Some((_, id)) if v.is_string() => Value::String(id.to_string()),
                            Some((_, id)) if v.is_number() => json!(id),
                            _ => self.apply(v),
                        };
                        (key.clone(), replaced)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.apply(v)).collect()),
            other => other.clone(),
        }
    }
}

fn client(sandbox: &Sandbox, dialeto: Dialeto) -> Client {
    let mut config = ClientConfig::new(sandbox.url(), sandbox.credentials());
    config.dialeto = dialeto;
    Client::new(config).expect("client")
}

/// Sends a fixture's body as its client does: legacy (credentials and action in the body) or
/// suite (action in the path, credentials in headers), with the fixture's method.
async fn send(sandbox: &Sandbox, fixture: &Value, corpo: &Value) -> (u16, Value) {
    let acao = fixture["acao"].as_str().expect("acao");
    let method = reqwest::Method::from_bytes(fixture["metodo"].as_str().unwrap_or("POST").as_bytes()).expect("method");
    let credentials = sandbox.credentials();
    let request = if fixture["dialeto"] == "suite" {
        let base = sandbox.url().replace("/pabx/api.php", "");
        reqwest::Client::new()
            .request(method, format!("{base}/suite/api/{acao}"))
            .header("usuario", credentials.usuario.clone())
            .header("token", credentials.token.expose())
            .header("content-type", "application/json")
            .body(corpo.to_string())
    } else {
        reqwest::Client::new()
            .request(method, sandbox.url())
            .header("content-type", "application/json")
            .body(common::body(sandbox, acao, corpo.clone()).to_string())
    };
    let response = request.send().await.expect("sandbox answers");
    let status = response.status().as_u16();
    (status, serde_json::from_str(&response.text().await.unwrap_or_default()).unwrap_or(Value::Null))
}

/// Every scalar as the all-strings mode writes it; the DID's two lists as lists of strings.
fn as_text(value: &Value) -> Value {
    const LISTS: [&str; 2] = ["horario_funcionamento_lista_feriados", "horario_funcionamento_dias_semana"];
    match value {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(as_text).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match v.as_str() {
                    Some(text) if LISTS.contains(&k.as_str()) => (k.clone(), json!(text.split(',').collect::<Vec<_>>())),
                    _ => (k.clone(), as_text(v)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The record listed back, raw, by its key (`ramal_id` / `did_id`).
async fn listed(sandbox: &Sandbox, acao: &str, cliente_id: i64, key: &str, id: i64) -> Value {
    let (status, answer) = common::post(sandbox, &common::body(sandbox, acao, json!({"cliente_id": cliente_id}))).await;
    assert_eq!(status, 200, "{acao}: {answer}");
    let records = answer["dados"].as_array().cloned().unwrap_or_default();
    records
        .into_iter()
        .find(|r| r[key].as_i64().or_else(|| r[key].as_str().and_then(|s| s.parse().ok())) == Some(id))
        .unwrap_or_else(|| panic!("{acao}: {key} {id} not listed in {answer}"))
}

async fn replay(todos_texto: bool) {
    let sandbox = Sandbox::start(SandboxConfig { seed: Seed::None, todos_texto, ..SandboxConfig::in_memory() }).await.expect("sandbox");
    let setup = client(&sandbox, Dialeto::Legado);
    let mut cliente = common::novo_cliente("replay");
    (cliente.faixa_min, cliente.faixa_max, cliente.qtd_ramais_max) = (1000, 1999, 100);
    let cliente_id = setup.inserir_cliente(&InserirCliente { dados: cliente }).await.expect("cliente").id("cliente_id").expect("id");
    let plano = PlanoDiscagem { cliente_id, nome: "Padrão".into(), ..Default::default() };
    let plano_id =
        setup.inserir_plano_discagem(&InserirPlanoDiscagem { dados: plano }).await.expect("plano").id("plano_discagem_id").expect("id");
    let mut ids = Ids::default();
    ids.set("cliente_id", cliente_id);
    ids.set("plano_discagem_id", plano_id);
    for (name, fixture) in fixtures() {
        let context = format!("{name} (todos_texto {todos_texto})");
        let corpo = ids.apply(&fixture["corpo"]);
        let (status, answer) = send(&sandbox, &fixture, &corpo).await;
        assert_eq!(status, 200, "{context}: {answer}");
        let code = &answer["http_response_code"];
        assert!(code == 200 || code == "200", "{context}: {answer}");
        let Some(dados) = corpo.get("dados") else { continue };
        // A write: the record is listed back in the shape it was sent in (all strings in that mode).
        let (acao, key) = if name.contains("ramal") { ("listar_ramais", "ramal_id") } else { ("listar_dids", "did_id") };
        let written = &answer["dados"][key];
        let id = written.as_i64().or_else(|| written.as_str().and_then(|s| s.parse().ok())).expect("written id");
        ids.set(key, id);
        let expected = if todos_texto { as_text(dados) } else { dados.clone() };
        let back = listed(&sandbox, acao, cliente_id, key, id).await;
        let differences = shape_differences(&expected, &back);
        assert!(differences.is_empty(), "{context}:\n{}", differences.join("\n"));
    }
    // The typed client reads what this mode answers, in both dialects.
    for dialeto in [Dialeto::Legado, Dialeto::Suite] {
        let c = client(&sandbox, dialeto);
        let ramais = c.listar_ramais(&ListarRamais { cliente_id, ..Default::default() }).await.expect("ramais");
        assert_eq!(ramais.records.len(), 1, "{dialeto:?}");
        assert_eq!(ramais.records[0].extra.get("tipo").map(|t| t.to_string()), Some(if todos_texto { "\"1\"" } else { "1" }.into()));
        let dids = c.listar_dids(&ListarDids { cliente_id }).await.expect("dids");
        let feriados: Vec<Vec<String>> = dids.records.iter().map(|d| d.horario_funcionamento_lista_feriados.clone()).collect();
        assert_eq!(feriados, [vec!["01/01", "21/04", "25/12"], vec!["01/01", "25/12"]], "{dialeto:?}");
        assert!(dids.records.iter().all(|d| d.horario_funcionamento_dias_semana == [1, 2, 3, 4, 5]), "{dialeto:?}");
    }
}

#[tokio::test]
async fn every_client_body_is_accepted_and_kept_in_its_shape() {
    replay(false).await;
}

#[tokio::test]
async fn the_all_strings_mode_answers_strings_the_client_reads() {
    replay(true).await;
}

#[tokio::test]
async fn all_strings_mode_lists_as_strings_and_lists_of_strings() {
    let sandbox =
        Sandbox::start(SandboxConfig { seed: Seed::Demo, todos_texto: true, ..SandboxConfig::in_memory() }).await.expect("sandbox");
    let (status, answer) = common::post(&sandbox, &common::body(&sandbox, "listar_dids", json!({"cliente_id": 1}))).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["http_response_code"], "200");
    let did = &answer["dados"][0];
    assert!(did["did_id"].is_string() && did["cliente_id"].is_string() && did["habilitar_registro"].is_string(), "{did}");
    let dias = did["horario_funcionamento_dias_semana"].as_array().expect("weekdays as a list");
    assert!(dias.iter().all(Value::is_string), "{did}");
    let feriados = did["horario_funcionamento_lista_feriados"].as_array().expect("holidays as a list");
    assert!(!feriados.is_empty() && feriados.iter().all(Value::is_string), "{did}");
}
