//! The suite dialect over real HTTP on 127.0.0.1: for every action, the golden body of
//! `tests/golden/<acao>.json` minus `autenticacao` and `acao`, sent to `/suite/api/<acao>` with
//! the `usuario` and `token` headers and the golden method; then the behaviour shared with the
//! legacy dialect (401, retries, paging, the loopback rule) seen from the suite side.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::fixtures::ramal_json;
use common::{assert_no_token, Reply, Request, Server, TOKEN, USUARIO};
use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::{AlterarCliente, DeletarCliente, InserirCliente, ListarClientes};
use pabx_api::did::{AlterarDid, DeletarDid, InserirDid, ListarDids};
use pabx_api::plano_discagem::{AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem, ListarPlanosDiscagem};
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use pabx_api::regiao::ListarRegioes;
use pabx_api::regra_roteamento::{AlterarRegrasRoteamento, ListarRegrasRoteamento};
use pabx_api::tronco::{AlterarTronco, DeletarTronco, InserirTronco, ListarTroncos};
use pabx_api::{Client, ClientConfig, Credentials, Dialeto, ErrorKind, Progress, ACTIONS};
use serde_json::{json, Map, Value};

fn suite_client(url: &str, token: &str) -> Client {
    let mut config = ClientConfig::new(url, Credentials::new(USUARIO, token));
    config.dialeto = Dialeto::Suite;
    config.connect_timeout = Duration::from_secs(5);
    config.request_timeout = Duration::from_secs(10);
    Client::new(config).expect("suite client for a loopback URL")
}

/// `tests/golden/<acao>.json`.
fn golden(acao: &str) -> Value {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("{acao}.json"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The golden body without the two keys the suite moves out of it.
fn suite_fields(golden: &Value) -> Map<String, Value> {
    let mut fields = golden["body"].as_object().cloned().expect("golden body is an object");
    fields.remove("autenticacao");
    fields.remove("acao");
    fields
}

/// The one request the server got is the golden one, in the suite's shape.
fn assert_suite_request(acao: &str, golden: &Value, server: &Server) {
    let requests: Vec<_> = server.requests().into_iter().filter(|r| r.acao() == acao).collect();
    assert_eq!(requests.len(), 1, "{acao}: one request expected");
    let request = &requests[0];
    assert_eq!(request.path, format!("/suite/api/{acao}"), "{acao}");
    assert_eq!(Some(request.method.as_str()), golden["method"].as_str(), "{acao}: HTTP method");
    assert_eq!(request.header("usuario"), Some(USUARIO), "{acao}");
    assert_eq!(request.header("token"), Some(TOKEN), "{acao}");
    assert_eq!(request.header("content-type"), Some("application/json"), "{acao}");
    assert_eq!(request.body, Value::Object(suite_fields(golden)), "{acao}: body");
    assert!(!String::from_utf8_lossy(&request.raw_body).contains(TOKEN), "{acao}: token in the body");
}

/// Per action: the typed request, decoded from the golden body, sent by the typed method.
macro_rules! suite_golden_tests {
    ($( $acao:ident => $request:ty; )*) => {
        $(
            #[tokio::test]
            async fn $acao() {
                // A ramal's write looks its cliente up first (the validation contract's context).
                let server = Server::start(|request, _| common::context_or_ok(request, stringify!($acao))).await;
                let golden = golden(stringify!($acao));
                let request: $request = serde_json::from_value(Value::Object(suite_fields(&golden)))
                    .expect(concat!(stringify!($acao), ": golden body decodes"));
                suite_client(&server.url, TOKEN).$acao(&request).await.expect(stringify!($acao));
                assert_suite_request(stringify!($acao), &golden, &server);
            }
        )*

        const COVERED: &[&str] = &[$( stringify!($acao) ),*];
    };
}

suite_golden_tests! {
    inserir_cliente => InserirCliente;
    alterar_cliente => AlterarCliente;
    listar_clientes => ListarClientes;
    deletar_cliente => DeletarCliente;
    inserir_did => InserirDid;
    alterar_did => AlterarDid;
    listar_dids => ListarDids;
    deletar_did => DeletarDid;
    inserir_tronco => InserirTronco;
    alterar_tronco => AlterarTronco;
    listar_troncos => ListarTroncos;
    deletar_tronco => DeletarTronco;
    inserir_ramal => InserirRamal;
    alterar_ramal => AlterarRamal;
    listar_ramais => ListarRamais;
    deletar_ramal => DeletarRamal;
    listar_regioes => ListarRegioes;
    inserir_plano_discagem => InserirPlanoDiscagem;
    alterar_plano_discagem => AlterarPlanoDiscagem;
    listar_planos_discagem => ListarPlanosDiscagem;
    deletar_plano_discagem => DeletarPlanoDiscagem;
    listar_regras_roteamento => ListarRegrasRoteamento;
    alterar_regras_roteamento => AlterarRegrasRoteamento;
    listar_historico_chamada => ListarHistoricoChamada;
}

#[test]
fn every_action_has_a_suite_golden_test() {
    let mut covered: Vec<&str> = COVERED.to_vec();
    let mut actions: Vec<&str> = ACTIONS.iter().map(|a| a.acao).collect();
    covered.sort_unstable();
    actions.sort_unstable();
    assert_eq!(covered, actions);
}

#[tokio::test]
async fn call_sends_every_golden_body_in_the_suite_shape() {
    for action in ACTIONS {
        let server = Server::always(Reply::ok(json!([]))).await;
        let golden = golden(action.acao);
        // The caller's own autenticacao/acao keys never reach the suite body.
        let mut fields = suite_fields(&golden);
        fields.insert("autenticacao".into(), json!({"usuario": "x", "token": "y"}));
        fields.insert("acao".into(), json!("outra"));
        suite_client(&server.url, TOKEN).call(action.acao, fields).await.expect(action.acao);
        assert_suite_request(action.acao, &golden, &server);
    }
}

// ---------------------------------------------------------------- behaviour

/// Accepts only the test credentials, read from the headers, as the suite does.
fn checks_headers(then: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, _| {
        if request.header("usuario") == Some(USUARIO) && request.header("token") == Some(TOKEN) {
            then(request)
        } else {
            Reply::json(401, json!({"http_response_code": 401, "mensagem": "Token inválido"}))
        }
    }
}

fn ramais_of_1042() -> ListarRamais {
    ListarRamais { cliente_id: 1042, ..Default::default() }
}

#[tokio::test]
async fn a_wrong_token_in_the_headers_is_unauthorized_and_not_retried() {
    let server = Server::start(checks_headers(|_| Reply::ok(json!([])))).await;
    let error = suite_client(&server.url, "tok-ERRADO-999").listar_ramais(&ramais_of_1042()).await.expect_err("401");
    assert_eq!(error.kind(), ErrorKind::Unauthorized, "{error:?}");
    assert!(!format!("{error} {error:?}").contains("tok-ERRADO-999"));
    assert_eq!(server.count(), 1);
    suite_client(&server.url, TOKEN).listar_ramais(&ramais_of_1042()).await.expect("right token");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn list_all_pages_through_the_suite_url() {
    let (total, page_size) = (250usize, 100usize);
    let server = Server::start(checks_headers(move |request| {
        let offset = usize::try_from(request.int("pos_registro_inicial")).unwrap_or(0);
        let records: Vec<Value> = (offset..total.min(offset + page_size)).map(|i| ramal_json(i + 1)).collect();
        Reply::json(200, json!({"http_response_code": 200, "mensagem": "ok", "qtd_total_resultados": total, "dados": records}))
    }))
    .await;
    let mut last = None;
    let all = suite_client(&server.url, TOKEN).list_all(ramais_of_1042(), |p| last = Some(p)).await.expect("all pages");
    assert_eq!(all.iter().map(|r| r.ramal_id).collect::<Vec<_>>(), (1..=250).collect::<Vec<i64>>());
    assert_eq!(last, Some(Progress { loaded: 250, total: Some(250) }));
    let requests = server.requests();
    let offsets: Vec<i64> = requests.iter().map(|r| r.int("pos_registro_inicial")).collect();
    assert_eq!(offsets, vec![0, 100, 200]);
    assert!(requests.iter().all(|r| r.path == "/suite/api/listar_ramais" && r.body.get("acao").is_none()));
}

#[tokio::test]
async fn reads_are_retried_and_writes_are_not() {
    let flaky = |_: &Request, index: usize| {
        if index == 0 {
            Reply::raw(503, "text/html", "Service Unavailable")
        } else {
            Reply::ok(json!([ramal_json(1)]))
        }
    };
    let server = Server::start(flaky).await;
    let page = suite_client(&server.url, TOKEN).listar_ramais(&ramais_of_1042()).await.expect("retried");
    assert_eq!(page.records.len(), 1);
    assert_eq!(server.count(), 2);

    let server = Server::start(flaky).await;
    let error =
        suite_client(&server.url, TOKEN).deletar_ramal(&DeletarRamal { cliente_id: 1042, ramal_id: 1 }).await.expect_err("503 on a write");
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_no_token(&error);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_bad_action_name_or_header_is_refused_before_anything_is_sent() {
    let server = Server::always(Reply::ok(json!([]))).await;
    let client = suite_client(&server.url, TOKEN);
    for acao in ["../pabx/api.php", "listar ramais", ""] {
        let error = client.call(acao, Map::new()).await.expect_err(acao);
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{acao:?}");
    }
    assert_eq!(server.count(), 0);

    let mut config = ClientConfig::new(&server.url, Credentials::new(USUARIO, "tok-SECRET\r\nX-Extra: 1"));
    config.dialeto = Dialeto::Suite;
    let error = Client::new(config).expect_err("a line break cannot go in a header");
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(!format!("{error} {error:?}").contains("tok-SECRET"), "{error}");
}

#[test]
fn the_loopback_rule_and_the_base_url() {
    let config = |url: &str| {
        let mut config = ClientConfig::new(url, Credentials::new(USUARIO, TOKEN));
        config.dialeto = Dialeto::Suite;
        config
    };
    let error = Client::new(config("http://pabx.example.com")).expect_err("plain http to another host");
    assert_eq!(error.kind(), ErrorKind::InvalidUrl);
    let client = Client::new(config("https://pabx.example.com/revenda/pabx/api.php")).expect("https");
    assert_eq!(client.endpoint().as_str(), "https://pabx.example.com/revenda/suite/api");
    assert_eq!(client.dialeto(), Dialeto::Suite);
    assert!(!format!("{client:?}").contains(TOKEN), "token in the client's Debug");
}
