//! Every error class over real HTTP: the status always equals the envelope's code, the
//! message is pt-BR, and nothing malformed is ever answered with a success.

mod common;

use common::{body, delete, post, raw};
use pabx_api::cliente::ListarClientes;
use pabx_api::{Client, ClientConfig, Credentials, ErrorKind};
use pabx_sandbox::{Faults, Sandbox, Seed};
use serde_json::{json, Value};

/// Asserts the answer's HTTP status and body code, returns the body.
async fn expect(sandbox: &Sandbox, request: (u16, Value), code: u16) -> Value {
    let _ = sandbox;
    let (status, body) = request;
    assert_eq!(status, code, "{body}");
    assert_eq!(body["http_response_code"], code, "{body}");
    assert!(body["mensagem"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    body
}

fn cliente(login: &str, faixa: (i64, i64), max: i64) -> Value {
    json!({"dados": {"login": login, "senha": "segredo123", "nome": login, "faixa_min": faixa.0, "faixa_max": faixa.1, "qtd_ramais_max": max}})
}

fn ramal(cliente_id: i64, numero: &str) -> Value {
    json!({"dados": {"cliente_id": cliente_id, "nome": "Teste", "numero": numero, "senha_sip": "SenhaSip#2026"}})
}

#[tokio::test]
async fn authentication_method_and_body_errors() {
    let s = common::start(Seed::None).await;

    // 401: wrong token, missing autenticacao, and through the real client.
    let mut wrong = body(&s, "listar_clientes", json!({}));
    wrong["autenticacao"]["token"] = json!("errado");
    expect(&s, post(&s, &wrong).await, 401).await;
    expect(&s, post(&s, &json!({"acao": "listar_clientes"})).await, 401).await;
    let bad_client = Client::new(ClientConfig::new(s.url(), Credentials::new("sandbox", "errado"))).unwrap();
    let error = bad_client.listar_clientes(&ListarClientes::default()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert!(!error.to_string().contains(s.credentials().token.expose().as_str()));

    // Unknown and missing acao.
    let answer = expect(&s, post(&s, &body(&s, "apagar_tudo", json!({}))).await, 400).await;
    assert!(answer["mensagem"].as_str().unwrap().contains("Ação desconhecida"));
    expect(&s, post(&s, &body(&s, "", json!({}))).await, 400).await;
    let mut no_acao = body(&s, "x", json!({}));
    no_acao.as_object_mut().unwrap().remove("acao");
    expect(&s, post(&s, &no_acao).await, 400).await;

    // Wrong method both ways, and GET.
    expect(&s, post(&s, &body(&s, "deletar_ramal", json!({"ramal_id": 1, "cliente_id": 1}))).await, 405).await;
    expect(&s, delete(&s, &body(&s, "listar_ramais", json!({}))).await, 405).await;
    // GET with a body lists (axios clients of the suite dialect send lists so), never writes.
    let get = |acao: &str, fields: Value| body(&s, acao, fields).to_string().into_bytes();
    expect(&s, raw(&s, reqwest::Method::GET, get("inserir_ramal", ramal(1, "150"))).await, 405).await;
    expect(&s, raw(&s, reqwest::Method::GET, get("listar_clientes", json!({}))).await, 404).await; // no clientes yet: a list
    expect(&s, raw(&s, reqwest::Method::PUT, Vec::new()).await, 405).await;

    // Malformed JSON, JSON that is not an object, wrong types.
    expect(&s, raw(&s, reqwest::Method::POST, b"{\"acao\": ".to_vec()).await, 400).await;
    expect(&s, raw(&s, reqwest::Method::POST, b"[1, 2, 3]".to_vec()).await, 400).await;
    expect(&s, raw(&s, reqwest::Method::POST, vec![0xff, 0xfe, 0x00]).await, 400).await;
    let answer = expect(&s, post(&s, &body(&s, "listar_ramais", json!({"cliente_id": {"x": 1}}))).await, 400).await;
    assert!(answer["dados"]["cliente_id"].as_str().unwrap().contains("Tipo inválido"), "{answer}");
    let wrong_inner = json!({"dados": {"login": "ok", "faixa_min": [1], "nome": "x"}});
    let answer = expect(&s, post(&s, &body(&s, "inserir_cliente", wrong_inner)).await, 400).await;
    assert!(answer["dados"]["faixa_min"].is_string(), "{answer}");
    expect(&s, post(&s, &body(&s, "inserir_cliente", json!({"dados": "texto"}))).await, 400).await;
    expect(&s, post(&s, &body(&s, "listar_ramais", json!({"quantidade": 5000}))).await, 400).await;

    // A body over 1 MiB.
    let mut huge = body(&s, "inserir_cliente", cliente("grande", (100, 199), 10));
    huge["dados"]["compl"] = json!("x".repeat(pabx_sandbox::MAX_BODY + 10));
    expect(&s, post(&s, &huge).await, 413).await;

    // Unknown path.
    let response = reqwest::Client::new().post(s.url().replace("/pabx/api.php", "/outro")).body("{}").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);

    // Still serving.
    expect(&s, post(&s, &body(&s, "listar_regioes", json!({}))).await, 200).await;
    s.stop().await;
}

#[tokio::test]
async fn field_errors_not_found_and_empty_lists() {
    let s = common::start(Seed::None).await;
    let answer = expect(
        &s,
        post(
            &s,
            &body(
                &s,
                "inserir_cliente",
                json!({"dados": {"login": "com espaço", "cnpj": "11.111.111/1111-11", "faixa_min": 10, "faixa_max": 5}}),
            ),
        )
        .await,
        400,
    )
    .await;
    for field in ["login", "cnpj", "nome", "faixa_max"] {
        assert!(answer["dados"][field].as_str().is_some_and(|m| !m.is_empty()), "{field}: {answer}");
    }
    // Through the client's raw call the field errors come back typed.
    let client = common::client(&s);
    let mut fields = serde_json::Map::new();
    fields
        .insert("dados".into(), json!({"login": "ok", "senha": "segredo123", "nome": "Ok", "faixa_min": 1, "faixa_max": 9, "cep": "123"}));
    let error = client.call("inserir_cliente", fields).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    assert_eq!(error.field_errors()[0].field, "cep");

    // 404: empty list (dados is an empty array), alter and delete of missing ids.
    let answer = expect(&s, post(&s, &body(&s, "listar_ramais", json!({"cliente_id": 999}))).await, 404).await;
    assert_eq!(answer["dados"], json!([]));
    assert_eq!(answer["qtd_total_resultados"], 0);
    let mut missing = cliente("fantasma", (100, 199), 10);
    missing["dados"]["cliente_id"] = json!(4242);
    expect(&s, post(&s, &body(&s, "alterar_cliente", missing)).await, 404).await;
    for (acao, keys) in [
        ("deletar_cliente", json!({"cliente_id": 4242})),
        ("deletar_ramal", json!({"cliente_id": 1, "ramal_id": 4242})),
        ("deletar_did", json!({"cliente_id": 1, "did_id": 4242})),
        ("deletar_tronco", json!({"cliente_id": 1, "tronco_id": 4242})),
        ("deletar_plano_discagem", json!({"dados": {"cliente_id": 1, "plano_discagem_id": 4242}})),
    ] {
        expect(&s, delete(&s, &body(&s, acao, keys)).await, 404).await;
    }
    expect(&s, post(&s, &body(&s, "alterar_regras_roteamento", json!({"plano_discagem_id": 4242, "dados": {"regioes": []}}))).await, 404)
        .await;
    s.stop().await;
}

#[tokio::test]
async fn integrity_refusals() {
    let s = common::start(Seed::None).await;
    let id_of = |answer: &Value, key: &str| answer["dados"][key].as_i64().unwrap();
    let a = id_of(&expect(&s, post(&s, &body(&s, "inserir_cliente", cliente("alfa", (100, 199), 2))).await, 200).await, "cliente_id");
    let b = id_of(&expect(&s, post(&s, &body(&s, "inserir_cliente", cliente("beta", (100, 199), 5))).await, 200).await, "cliente_id");
    // Logins are unique.
    let answer = expect(&s, post(&s, &body(&s, "inserir_cliente", cliente("ALFA", (100, 199), 2))).await, 400).await;
    assert!(answer["dados"]["login"].is_string());

    // Ramais: existing customer, inside the range, unique per customer, at most qtd_ramais_max.
    let answer = expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(999, "100"))).await, 400).await;
    assert!(answer["dados"]["cliente_id"].is_string(), "{answer}");
    let answer = expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(a, "250"))).await, 400).await;
    assert!(answer["dados"]["numero"].as_str().unwrap().contains("faixa"), "{answer}");
    expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(a, "100"))).await, 200).await;
    let answer = expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(a, "100"))).await, 400).await;
    assert!(answer["dados"]["numero"].is_string());
    expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(b, "100"))).await, 200).await; // another customer: fine
    expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(a, "101"))).await, 200).await;
    let answer = expect(&s, post(&s, &body(&s, "inserir_ramal", ramal(a, "102"))).await, 400).await;
    // The limit, said with the field's label (never its JSON key).
    assert!(answer["dados"]["cliente_id"].as_str().unwrap().contains("2 de 2 ramais permitidos"), "{answer}");
    assert!(!answer["mensagem"].as_str().unwrap().contains("qtd_ramais_max"), "{answer}");
    // Shrinking the range below existing ramais is refused.
    let mut shrink = cliente("alfa", (150, 199), 2);
    shrink["dados"]["cliente_id"] = json!(a);
    expect(&s, post(&s, &body(&s, "alterar_cliente", shrink)).await, 400).await;

    // A ramal's dial plan must exist and be the same customer's.
    let plano_b = id_of(
        &expect(&s, post(&s, &body(&s, "inserir_plano_discagem", json!({"dados": {"cliente_id": b, "nome": "B"}}))).await, 200).await,
        "plano_discagem_id",
    );
    let mut other_plan = ramal(b, "150");
    other_plan["dados"]["plano_discagem_id"] = json!(777);
    expect(&s, post(&s, &body(&s, "inserir_ramal", other_plan)).await, 400).await;
    let plano_a = id_of(
        &expect(&s, post(&s, &body(&s, "inserir_plano_discagem", json!({"dados": {"cliente_id": a, "nome": "A"}}))).await, 200).await,
        "plano_discagem_id",
    );
    let mut foreign = ramal(b, "150");
    foreign["dados"]["plano_discagem_id"] = json!(plano_a);
    let answer = expect(&s, post(&s, &body(&s, "inserir_ramal", foreign)).await, 400).await;
    assert!(answer["dados"]["plano_discagem_id"].is_string());
    let mut uses_plan = ramal(b, "151");
    uses_plan["dados"]["plano_discagem_id"] = json!(plano_b);
    expect(&s, post(&s, &body(&s, "inserir_ramal", uses_plan)).await, 200).await;
    let answer = expect(
        &s,
        delete(&s, &body(&s, "deletar_plano_discagem", json!({"dados": {"cliente_id": b, "plano_discagem_id": plano_b}}))).await,
        400,
    )
    .await;
    assert!(answer["mensagem"].as_str().unwrap().contains("ramal"), "{answer}");

    // DIDs: unique platform-wide.
    let did = |cliente_id: i64| json!({"cliente_id": cliente_id, "dados": {"cliente_id": cliente_id, "numero": "1130001234"}});
    expect(&s, post(&s, &body(&s, "inserir_did", did(a))).await, 200).await;
    let answer = expect(&s, post(&s, &body(&s, "inserir_did", did(b))).await, 400).await;
    assert!(answer["dados"]["numero"].is_string());

    // Tariffs and routing rules name existing regions and trunks.
    let tronco = json!({"dados": {"cliente_id": a, "nome": "T", "endereco": "10.0.0.1", "tarifas": [{"regiao_id": 42, "tarifa": 0.1, "fracionamento": "0/30/6"}]}});
    let answer = expect(&s, post(&s, &body(&s, "inserir_tronco", tronco)).await, 400).await;
    assert!(answer["dados"]["tarifas[0].regiao_id"].is_string(), "{answer}");
    let regras = |regiao_id: i64, tronco_id: i64| json!({"plano_discagem_id": plano_b, "dados": {"regioes": [{"regiao_id": regiao_id, "roteamentos": [{"prioridade": 1, "tronco_id": tronco_id}]}]}});
    let answer = expect(&s, post(&s, &body(&s, "alterar_regras_roteamento", regras(1, 999))).await, 400).await;
    assert!(answer["dados"]["regioes[0].roteamentos[0].tronco_id"].is_string(), "{answer}");
    let tronco = json!({"dados": {"cliente_id": a, "nome": "T", "endereco": "10.0.0.1", "tarifas": []}});
    let tronco_id = id_of(&expect(&s, post(&s, &body(&s, "inserir_tronco", tronco)).await, 200).await, "tronco_id");
    expect(&s, post(&s, &body(&s, "alterar_regras_roteamento", regras(99, tronco_id))).await, 400).await;
    expect(&s, post(&s, &body(&s, "alterar_regras_roteamento", regras(2, tronco_id))).await, 200).await;
    let answer = expect(&s, delete(&s, &body(&s, "deletar_tronco", json!({"cliente_id": a, "tronco_id": tronco_id}))).await, 400).await;
    assert!(answer["mensagem"].as_str().unwrap().contains("regra"), "{answer}");

    // A customer with records cannot be deleted; the message says which.
    let answer = expect(&s, delete(&s, &body(&s, "deletar_cliente", json!({"cliente_id": a}))).await, 400).await;
    let mensagem = answer["mensagem"].as_str().unwrap();
    // Counted in pt-BR, each noun agreeing with its number (never "ramal(is)").
    for kind in ["2 ramais", "1 DID", "1 tronco", "1 plano de discagem"] {
        assert!(mensagem.contains(kind), "{mensagem}");
    }
    assert!(!mensagem.contains("(s)") && !mensagem.contains("(is)"), "{mensagem}");
    s.stop().await;
}

#[tokio::test]
async fn faults_are_injected_and_can_be_turned_off() {
    let s = common::start(Seed::None).await;
    // One try: the fault itself, not the client's retries through it, is under test.
    let mut config = pabx_api::ClientConfig::new(s.url(), s.credentials());
    config.retry.max_attempts = 1;
    let client = pabx_api::Client::new(config).expect("client");
    let request = ListarClientes::default();

    s.set_faults(Faults { error_rate: 1.0, ..Faults::default() });
    let error = client.listar_clientes(&request).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Server, "{error}");

    s.set_faults(Faults { malformed_rate: 1.0, ..Faults::default() });
    let error = client.listar_clientes(&request).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::MalformedResponse, "{error}");

    s.set_faults(Faults { drop_rate: 1.0, ..Faults::default() });
    let error = client.listar_clientes(&request).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");

    s.set_faults(Faults { latency_ms: 300, ..Faults::default() });
    let started = std::time::Instant::now();
    client.listar_regioes(&Default::default()).await.unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    s.set_faults(Faults::default());
    client.listar_regioes(&Default::default()).await.unwrap();
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_keep_the_rules() {
    let s = common::start(Seed::None).await;
    let answer = expect(&s, post(&s, &body(&s, "inserir_cliente", cliente("corrida", (100, 199), 5))).await, 200).await;
    let cliente_id = answer["dados"]["cliente_id"].as_i64().unwrap();
    // 20 clients race for the same number: exactly one wins.
    let same = (0..20).map(|_| body(&s, "inserir_ramal", ramal(cliente_id, "150"))).collect();
    let codes = concurrently(&s.url(), same).await;
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    assert!(codes.iter().all(|c| *c == 200 || *c == 400));
    // 20 different numbers against a limit of 5 ramais: exactly 4 more fit.
    let many = (0..20).map(|n| body(&s, "inserir_ramal", ramal(cliente_id, &(160 + n).to_string()))).collect();
    let codes = concurrently(&s.url(), many).await;
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 4, "{codes:?}");
    s.stop().await;
}

/// POSTs every body at the same time; their status codes.
async fn concurrently(url: &str, bodies: Vec<Value>) -> Vec<u16> {
    let http = reqwest::Client::new();
    let handles: Vec<_> = bodies
        .into_iter()
        .map(|b| {
            let (http, url) = (http.clone(), url.to_owned());
            tokio::spawn(async move { http.post(url).json(&b).send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut codes = Vec::new();
    for handle in handles {
        codes.push(handle.await.unwrap());
    }
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_lets_a_request_in_flight_finish() {
    let s = common::start(Seed::None).await;
    s.set_faults(Faults { latency_ms: 400, ..Faults::default() });
    let client = common::client(&s);
    let in_flight = tokio::spawn(async move { client.listar_regioes(&Default::default()).await });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let url = s.url();
    s.stop().await;
    let page = in_flight.await.unwrap().expect("the request in flight is answered");
    assert_eq!(page.records.len(), pabx_sandbox::REGIOES.len());
    // And nothing listens any more.
    assert!(reqwest::Client::new().post(url).body("{}").send().await.is_err());
}
