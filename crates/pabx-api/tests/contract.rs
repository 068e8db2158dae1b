//! The validation contract of writes: `Client::write` asks for the context a body's rules need
//! (a ramal's cliente and its ramal count) once, caches it per account, keeps it true after
//! its own writes, validates once and reports every field error at once.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::{fixtures, Reply, Request, Server};
use pabx_api::cliente::AlterarCliente;
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal};
use pabx_api::validation::{Contexto, Necessidade, Validate};
use pabx_api::{ErrorKind, Ramal};
use serde_json::json;

/// A platform with customer 1042 (faixa 2000..=2049, `qtd_ramais_max` 50 unless given) holding
/// `ramais` ramais; inserts and deletes move the count.
async fn platform(qtd_ramais_max: i64, ramais: i64) -> (Server, Arc<AtomicI64>) {
    let count = Arc::new(AtomicI64::new(ramais));
    let counted = Arc::clone(&count);
    let server = Server::start(move |request: &Request, _| {
        let acao = request.body["acao"].as_str().unwrap_or_default();
        match acao {
            "listar_clientes" if request.int("cliente_id") == 1042 => {
                let mut cliente = serde_json::to_value(fixtures::cliente(1042)).unwrap();
                cliente["qtd_ramais_max"] = json!(qtd_ramais_max);
                cliente["faixa_max"] = json!(2049);
                Reply::json(200, json!({"http_response_code": 200, "mensagem": "ok", "qtd_total_resultados": 1, "dados": [cliente]}))
            }
            "listar_clientes" => Reply::json(404, json!({"http_response_code": 404, "mensagem": "Nenhum cliente"})),
            "listar_ramais" => Reply::json(
                200,
                json!({"http_response_code": 200, "mensagem": "ok", "qtd_total_resultados": counted.load(Ordering::SeqCst), "dados": []}),
            ),
            "inserir_ramal" => {
                counted.fetch_add(1, Ordering::SeqCst);
                Reply::ok(json!({"ramal_id": 900}))
            }
            "deletar_ramal" => {
                counted.fetch_sub(1, Ordering::SeqCst);
                Reply::ok(json!({}))
            }
            _ => Reply::ok(json!({})),
        }
    })
    .await;
    (server, count)
}

fn acoes(server: &Server) -> Vec<String> {
    server.requests().iter().map(|r| r.body["acao"].as_str().unwrap_or_default().to_owned()).collect()
}

fn ramal(numero: &str) -> Ramal {
    Ramal { ramal_id: 0, numero: numero.into(), usuario_autenticacao: format!("acme{numero}"), ..fixtures::ramal(0) }
}

#[tokio::test]
async fn the_context_is_fetched_once_per_account_and_kept_true_by_writes() {
    let (server, _) = platform(50, 3).await;
    let client = server.client();
    client.write(&InserirRamal { dados: ramal("2010") }).await.unwrap();
    // A clone shares the account's cache; the count follows its own insert and delete.
    let clone = client.clone();
    clone.write(&InserirRamal { dados: ramal("2011") }).await.unwrap();
    clone.write(&AlterarRamal { dados: Ramal { ramal_id: 900, ..ramal("2011") } }).await.unwrap();
    clone.write(&DeletarRamal { cliente_id: 1042, ramal_id: 900 }).await.unwrap();
    assert_eq!(
        acoes(&server),
        ["listar_clientes", "listar_ramais", "inserir_ramal", "inserir_ramal", "alterar_ramal", "deletar_ramal"],
        "one lookup of the cliente and one of its count, whatever the number of writes"
    );
    let context = client.contexto(InserirRamal { dados: ramal("2012") }.necessidade()).await.unwrap();
    assert_eq!(context.ramais_do_cliente, Some(4), "3 + 2 inserted - 1 deleted, without asking again");
    assert_eq!(server.count(), 6);
}

#[tokio::test]
async fn concurrent_writes_of_one_cliente_share_one_context_lookup() {
    let (server, _) = platform(50, 3).await;
    let client = server.client();
    let clone = client.clone();
    let writes: Vec<InserirRamal> = ["2020", "2021", "2022", "2023"].map(|n| InserirRamal { dados: ramal(n) }).into();
    let (a, b, c, d) = tokio::join!(client.write(&writes[0]), clone.write(&writes[1]), client.write(&writes[2]), client.write(&writes[3]));
    for result in [a, b, c, d] {
        result.unwrap();
    }
    let lookups: Vec<String> = acoes(&server).into_iter().filter(|a| a.starts_with("listar_")).collect();
    assert_eq!(lookups, ["listar_clientes", "listar_ramais"], "the first write looks up, the others wait for it");
    let context = client.contexto(InserirRamal { dados: ramal("2024") }.necessidade()).await.unwrap();
    assert_eq!(context.ramais_do_cliente, Some(7), "3 + 4 inserted");
}

#[tokio::test]
async fn a_write_to_the_cliente_invalidates_its_context() {
    let (server, _) = platform(50, 0).await;
    let client = server.client();
    client.write(&AlterarRamal { dados: Ramal { ramal_id: 5, ..ramal("2001") } }).await.unwrap();
    client.write(&AlterarCliente { dados: fixtures::cliente(1042) }).await.unwrap();
    client.write(&AlterarRamal { dados: Ramal { ramal_id: 5, ..ramal("2002") } }).await.unwrap();
    assert_eq!(acoes(&server), ["listar_clientes", "alterar_ramal", "alterar_cliente", "listar_clientes", "alterar_ramal"]);
}

#[tokio::test]
async fn every_field_error_comes_at_once_and_nothing_is_sent() {
    // The cliente is full (2 of 2) and the number is outside its faixa: both in one answer,
    // with the body's own errors, and no write reaches the server.
    let (server, _) = platform(2, 2).await;
    let client = server.client();
    let body = InserirRamal { dados: Ramal { nome: String::new(), ..ramal("3000") } };
    let error = client.write(&body).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    let fields: Vec<&str> = error.field_errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["nome", "numero", "cliente_id"], "{error}");
    assert!(error.field_errors()[1].message.contains("2000 a 2049"), "{error:?}");
    assert!(error.field_errors()[2].message.contains("2 de 2"), "{error:?}");
    assert_eq!(acoes(&server), ["listar_clientes", "listar_ramais"]);
    // The same write again asks nothing more: the refusal came from the cache.
    let again = client.write(&body).await.unwrap_err();
    assert_eq!(again.field_errors().len(), 3);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_cliente_that_does_not_exist_is_a_field_error() {
    let (server, _) = platform(50, 0).await;
    let body = AlterarRamal { dados: Ramal { ramal_id: 5, cliente_id: 77, ..ramal("2001") } };
    let error = server.client().write(&body).await.unwrap_err();
    assert_eq!(error.field_errors()[0].field, "cliente_id");
    assert!(error.field_errors()[0].message.contains("Cliente 77 não encontrado"), "{error}");
    assert_eq!(acoes(&server), ["listar_clientes"]);
}

#[test]
fn without_a_context_only_the_body_is_checked() {
    // The offline check (a default context) skips the faixa and the limit, never guessing.
    let body = InserirRamal { dados: ramal("9999") };
    assert_eq!(body.necessidade(), Necessidade { cliente: Some(1042), ramais_do_cliente: true });
    assert_eq!(body.validate(&Contexto::default()), vec![]);
    let cheio = Contexto { cliente: Some(Some(fixtures::cliente(0))), ramais_do_cliente: Some(50) };
    let fields: Vec<String> = body.validate(&cheio).into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["numero", "cliente_id"]);
}
