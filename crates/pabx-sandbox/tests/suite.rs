//! Contract tests in the suite dialect: the real client, set to `Dialeto::Suite`, runs full
//! cycles against `/suite/api/<acao>`, sharing one store with the legacy endpoint; and the
//! suite's own refusals (credentials only from the headers, unknown action, wrong method).

mod common;

use pabx_api::cliente::*;
use pabx_api::plano_discagem::*;
use pabx_api::ramal::*;
use pabx_api::{Client, ClientConfig, Credentials, Dialeto, ErrorKind};
use pabx_sandbox::{Sandbox, Seed};
use serde_json::{json, Value};

fn suite_client(sandbox: &Sandbox, credentials: Credentials) -> Client {
    let mut config = ClientConfig::new(sandbox.url(), credentials);
    config.dialeto = Dialeto::Suite;
    Client::new(config).expect("suite client")
}

/// The shared valid customer, with its own range so suite tests never meet the contract ones.
fn cliente(login: &str) -> Cliente {
    Cliente { qtd_ramais_max: 5, faixa_min: 300, faixa_max: 399, ..common::novo_cliente(login) }
}

/// Sends `body` as is to `/suite/api/<acao>` with the given headers; status and parsed body.
async fn raw_suite(sandbox: &Sandbox, method: reqwest::Method, acao: &str, headers: &[(&str, &str)], body: &str) -> (u16, Value) {
    let url = sandbox.url().replace("/pabx/api.php", &format!("/suite/api/{acao}"));
    let mut request = reqwest::Client::new().request(method, url).header("content-type", "application/json").body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("sandbox answers");
    let status = response.status().as_u16();
    (status, serde_json::from_str(&response.text().await.unwrap_or_default()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn cliente_and_ramal_full_cycle_in_suite_mode() {
    let sandbox = common::start(Seed::None).await;
    let suite = suite_client(&sandbox, sandbox.credentials());
    let legado = common::client(&sandbox);

    let cliente_id = suite.inserir_cliente(&InserirCliente { dados: cliente("suite") }).await.unwrap().id("cliente_id").unwrap();
    // Both dialects see one store.
    let page = legado.listar_clientes(&ListarClientes { cliente_id, ..Default::default() }).await.unwrap();
    assert_eq!(page.records[0].login, "suite");
    let mut stored = suite.listar_clientes(&ListarClientes { nome: "SUITE".into(), ..Default::default() }).await.unwrap().records.remove(0);
    assert_eq!(stored.cliente_id, cliente_id);
    stored.nome = "Suite Telecom".into();
    suite.alterar_cliente(&AlterarCliente { dados: stored.clone() }).await.unwrap();

    let plano = PlanoDiscagem { cliente_id, nome: "Padrão".into(), ..Default::default() };
    let plano_id = suite.inserir_plano_discagem(&InserirPlanoDiscagem { dados: plano }).await.unwrap().id("plano_discagem_id").unwrap();
    for numero in ["301", "302", "303"] {
        let ramal = Ramal {
            cliente_id,
            nome: format!("Ramal {numero}"),
            numero: numero.into(),
            senha_sip: "SenhaSip#2026".into(),
            plano_discagem_id: plano_id,
            ..Default::default()
        };
        suite.inserir_ramal(&InserirRamal { dados: ramal }).await.unwrap();
    }
    // Pages of two: list_all walks the offset through the suite URL.
    let pages = ListarRamais { cliente_id, quantidade: Some(2), ..Default::default() };
    let mut progress = Vec::new();
    let ramais = suite.list_all(pages, |p| progress.push(p)).await.unwrap();
    assert_eq!(ramais.iter().map(|r| r.numero.as_str()).collect::<Vec<_>>(), ["301", "302", "303"]);
    assert_eq!(progress.len(), 2);

    let mut ramal = ramais[0].clone();
    ramal.nome = "Recepção".into();
    suite.alterar_ramal(&AlterarRamal { dados: ramal.clone() }).await.unwrap();
    let page = legado.listar_ramais(&ListarRamais { ramal_id: ramal.ramal_id, ..Default::default() }).await.unwrap();
    assert_eq!(page.records[0].nome, "Recepção");

    for ramal in &ramais {
        suite.deletar_ramal(&DeletarRamal { cliente_id, ramal_id: ramal.ramal_id }).await.unwrap();
    }
    let error = suite.deletar_ramal(&DeletarRamal { cliente_id, ramal_id: ramal.ramal_id }).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(suite.listar_ramais(&ListarRamais { cliente_id, ..Default::default() }).await.unwrap().records.is_empty());

    suite
        .deletar_plano_discagem(&DeletarPlanoDiscagem {
            dados: PlanoDiscagem { plano_discagem_id: plano_id, cliente_id, ..Default::default() },
        })
        .await
        .unwrap();
    suite.deletar_cliente(&DeletarCliente { cliente_id }).await.unwrap();
    let error = suite.alterar_cliente(&AlterarCliente { dados: stored }).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    sandbox.stop().await;
}

#[tokio::test]
async fn suite_credentials_come_only_from_the_headers() {
    let sandbox = common::start(Seed::Demo).await;
    let credentials = sandbox.credentials();
    let token = credentials.token.expose().clone();

    let wrong = suite_client(&sandbox, Credentials::new(credentials.usuario.clone(), "errado"));
    let error = wrong.listar_regioes(&Default::default()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized, "{error}");
    assert!(!error.to_string().contains(token.as_str()));

    // A legacy body with the right autenticacao but no headers is still refused.
    let legacy_body = common::body(&sandbox, "listar_regioes", json!({})).to_string();
    let (status, answer) = raw_suite(&sandbox, reqwest::Method::POST, "listar_regioes", &[], &legacy_body).await;
    assert_eq!((status, answer["http_response_code"].clone()), (401, json!(401)), "{answer}");
    assert!(answer["mensagem"].as_str().is_some_and(|m| m.contains("cabeçalhos usuario e token")), "{answer}");

    let headers = [("usuario", credentials.usuario.as_str()), ("token", token.as_str())];
    // An empty body is an action with no keys.
    let (status, answer) = raw_suite(&sandbox, reqwest::Method::POST, "listar_regioes", &headers, "").await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["dados"].as_array().is_some_and(|d| !d.is_empty()), "{answer}");

    let (status, answer) = raw_suite(&sandbox, reqwest::Method::POST, "apagar_tudo", &headers, "{}").await;
    assert_eq!(status, 400);
    assert!(answer["mensagem"].as_str().is_some_and(|m| m.contains("Ação desconhecida")), "{answer}");
    let (status, _) = raw_suite(&sandbox, reqwest::Method::POST, "deletar_ramal", &headers, r#"{"cliente_id":1,"ramal_id":1}"#).await;
    assert_eq!(status, 405);
    let (status, answer) = raw_suite(&sandbox, reqwest::Method::POST, "listar_ramais", &headers, "[1]").await;
    assert_eq!((status, answer["http_response_code"].clone()), (400, json!(400)), "{answer}");
    sandbox.stop().await;
}
