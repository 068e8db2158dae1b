//! Replays the response pages of `tests/replay/respostas` (shaped like those of the platform's
//! real servers): served on loopback, listed by the client in both dialects, and each record
//! written back (over HTTP with `alterar_*`, and after a round trip through the app's JSON)
//! with every key of the original in the original's shape.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{Reply, Server, TOKEN, USUARIO};
use pabx_api::cliente::{AlterarCliente, ListarClientes};
use pabx_api::de::{shape_differences, to_wire};
use pabx_api::did::{AlterarDid, ListarDids};
use pabx_api::ramal::{AlterarRamal, ListarRamais};
use pabx_api::tronco::{AlterarTronco, ListarTroncos};
use pabx_api::{Client, ClientConfig, Credentials, Dialeto};
use pabx_api::{Cliente, DestinoEncaminhamento, Did, Encaminhamento, Ramal, Tarifa, Tronco};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn replay_dir(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/replay").join(kind)
}

/// Every fixture of a kind, in file-name order.
fn fixtures(kind: &str) -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(replay_dir(kind))
        .expect("replay fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {kind}");
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("fixture");
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            (name.clone(), serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}")))
        })
        .collect()
}

/// The records of a page as the server wrote them (`dados` as an array or a PHP object-list).
fn original_records(resposta: &Value) -> Vec<Value> {
    match &resposta["dados"] {
        Value::Array(items) => items.clone(),
        Value::Object(map) => map.values().cloned().collect(),
        other => panic!("dados: {other}"),
    }
}

fn client(url: &str, dialeto: Dialeto) -> Client {
    let mut config = ClientConfig::new(url, Credentials::new(USUARIO, TOKEN));
    config.dialeto = dialeto;
    config.request_timeout = Duration::from_secs(10);
    Client::new(config).expect("client")
}

/// Keys a record may gain when written back: documented fields the server left out.
fn documented(key: &str) -> bool {
    [Ramal::FIELDS, Encaminhamento::FIELDS, DestinoEncaminhamento::FIELDS, Did::FIELDS, Cliente::FIELDS, Tronco::FIELDS, Tarifa::FIELDS]
        .iter()
        .any(|fields| fields.contains(&key))
}

/// `written` keeps `original`'s shape and only adds documented keys.
fn assert_same_shape(context: &str, original: &Value, written: &Value) {
    let differences = shape_differences(original, written);
    assert!(differences.is_empty(), "{context}:\n{}", differences.join("\n"));
    let added: Vec<&String> = written
        .as_object()
        .map(|w| w.keys().filter(|k| original.get(k.as_str()).is_none() && !documented(k)).collect())
        .unwrap_or_default();
    assert!(added.is_empty(), "{context}: keys not in the original nor documented: {added:?}");
}

/// The record after the webview: written for the app, read back as the app sends it.
fn through_the_app<T: Serialize + DeserializeOwned>(record: &T) -> T {
    let app = serde_json::to_string(record).expect("app JSON");
    serde_json::from_str(&app).expect("record from the app")
}

/// Lists the fixture's page through `list`, then checks each record written back three ways.
macro_rules! replay {
    ($name:expr, $resposta:expr, $dialeto:expr, |$client:ident| $list:expr, |$record:ident| $alter:expr) => {{
        let context = format!("{} ({:?})", $name, $dialeto);
        let server = Server::always(Reply::json(200, $resposta.clone())).await;
        let $client = client(&server.url, $dialeto);
        let page = $list.await.unwrap_or_else(|e| panic!("{context}: {e}"));
        let originals = original_records(&$resposta);
        assert_eq!(page.records.len(), originals.len(), "{context}");
        // Answers a ramal's context lookups (its cliente, its count) before the alter.
        let writer = Server::start(common::with_context(|_, _| Reply::ok(serde_json::json!({})))).await;
        let $client = client(&writer.url, $dialeto);
        for (index, (record, original)) in page.records.into_iter().zip(&originals).enumerate() {
            let context = format!("{context} record {index}");
            assert_same_shape(&format!("{context}, to_wire"), original, &to_wire(&record).expect("wire"));
            let back = through_the_app(&record);
            assert_eq!(back, record, "{context}: the app's JSON changed the record");
            assert_same_shape(&format!("{context}, after the app"), original, &to_wire(&back).expect("wire"));
            let $record = back;
            $alter.await.unwrap_or_else(|e| panic!("{context}: alterar: {e}"));
            let sent = writer.requests().pop().expect("alterar request");
            assert_same_shape(&format!("{context}, alterar"), original, &sent.body["dados"]);
        }
    }};
}

#[tokio::test]
async fn every_page_decodes_and_goes_back_in_its_shape_in_both_dialects() {
    for (name, fixture) in fixtures("respostas") {
        let resposta = &fixture["resposta"];
        for dialeto in [Dialeto::Legado, Dialeto::Suite] {
            match fixture["acao"].as_str() {
                Some("listar_dids") => replay!(name, resposta, dialeto, |c| c.listar_dids(&ListarDids { cliente_id: 3 }), |r| c
                    .alterar_did(&AlterarDid::new(r))),
                Some("listar_ramais") => {
                    replay!(name, resposta, dialeto, |c| c.listar_ramais(&ListarRamais { cliente_id: 3, ..Default::default() }), |r| c
                        .alterar_ramal(&AlterarRamal { dados: r }))
                }
                Some("listar_clientes") => replay!(name, resposta, dialeto, |c| c.listar_clientes(&ListarClientes::default()), |r| c
                    .alterar_cliente(&AlterarCliente { dados: r })),
                Some("listar_troncos") => {
                    replay!(name, resposta, dialeto, |c| c.listar_troncos(&ListarTroncos { cliente_id: 3, ..Default::default() }), |r| c
                        .alterar_tronco(&AlterarTronco { dados: r }))
                }
                other => panic!("{name}: no replay for {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn the_app_sees_typed_values_and_the_forms_beside_them() {
    let (_, fixture) = fixtures("respostas").into_iter().find(|(name, _)| name.contains("dids_tudo_texto")).expect("fixture");
    let server = Server::always(Reply::json(200, fixture["resposta"].clone())).await;
    let page = server.client().listar_dids(&ListarDids { cliente_id: 3 }).await.expect("page");
    let did = &page.records[0];
    assert_eq!((did.did_id, did.horario_funcionamento_dias_semana.clone()), (12, vec![1, 2, 3, 4, 5]));
    assert_eq!(did.horario_funcionamento_lista_feriados, ["01/01", "21/04", "25/12"]);
    let app = serde_json::to_value(did).expect("app JSON");
    assert_eq!(app["did_id"], 12);
    assert_eq!(app["horario_funcionamento_dias_semana"], serde_json::json!([1, 2, 3, 4, 5]));
    assert_eq!(app["_forma"]["did_id"], "texto");
    assert_eq!(app["_forma"]["horario_funcionamento_dias_semana"], "lista_texto");
    // The holidays came as the list the app shows: nothing to remember.
    assert!(app["_forma"].get("horario_funcionamento_lista_feriados").is_none(), "{app}");
    // A record built in code goes out in the document's forms (holidays as one string).
    let fresh =
        to_wire(&Did { horario_funcionamento_lista_feriados: vec!["01/01".into(), "25/12".into()], ..Did::default() }).expect("wire");
    assert_eq!(fresh["horario_funcionamento_lista_feriados"], "01/01,25/12");
    assert_eq!(fresh["did_id"], 0);
}
