//! The client over real HTTP on 127.0.0.1: the envelope's outcomes, errors that never show
//! the token, tolerant decoding, unknown fields kept, transport failures, retries only for
//! reads, and `list_all` against servers that page well and servers that do not.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::fixtures::{cliente, ramal_json};
use common::{assert_no_token, client_for, Reply, Request, Server, TOKEN};
use pabx_api::cliente::InserirCliente;
use pabx_api::did::ListarDids;
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use pabx_api::regiao::ListarRegioes;
use pabx_api::{Client, ClientConfig, Credentials, Error, ErrorKind, Progress};
use serde_json::{json, Value};

/// A page of the envelope; `total` omitted when `None`.
fn page(records: Vec<Value>, total: Option<usize>) -> Reply {
    let mut body = json!({
        "http_response_code": 200,
        "mensagem": "Consulta realizada",
        "qtd_resultados_retornados": records.len(),
        "dados": records,
    });
    if let Some(total) = total {
        // As the platform often does: the total as a string.
        body["qtd_total_resultados"] = json!(total.to_string());
    }
    Reply::json(200, body)
}

fn not_found() -> Reply {
    Reply::json(404, json!({"http_response_code": 404, "mensagem": "Nenhum registro encontrado"}))
}

fn listar_ramais() -> ListarRamais {
    ListarRamais { cliente_id: 1042, ..Default::default() }
}

fn inserir_cliente() -> InserirCliente {
    InserirCliente { dados: cliente(0) }
}

// ---------------------------------------------------------------- envelope

#[tokio::test]
async fn a_page_decodes_numbers_sent_as_strings() {
    let server = Server::start(|_, _| {
        Reply::json(
            200,
            json!({
                "http_response_code": "200",
                "mensagem": "Consulta realizada",
                "qtd_total_resultados": "57",
                "qtd_resultados_retornados": "2",
                "dados": [ramal_json(1), ramal_json(2)],
            }),
        )
    })
    .await;
    let page = server.client().listar_ramais(&listar_ramais()).await.expect("page");
    assert_eq!(page.total, Some(57));
    assert_eq!(page.records.len(), 2);
    let first = &page.records[0];
    assert_eq!((first.ramal_id, first.plano_discagem_id, first.codigo_area, first.gravar_chamadas), (1, 7, 11, 1));
    assert_eq!(first.numero, "2001");
    assert_eq!(first.encaminhar_offline_sem_atendimento.encaminhamento_tipo, 1);
    assert_eq!(first.encaminhar_offline_sem_atendimento.encaminhamento_destinos[0].encaminhamento_destino, "2003");
    assert_eq!(page.records[1].ramal_id, 2);
    assert!(first.extra.is_empty(), "no unknown fields here: {:?}", first.extra);
}

#[tokio::test]
async fn a_404_on_a_list_is_an_empty_list() {
    // HTTP 404 with the envelope, and HTTP 200 whose body says 404: both mean "no records".
    for reply in [not_found(), Reply::json(200, json!({"http_response_code": 404, "mensagem": "Nenhum registro"}))] {
        let server = Server::always(reply).await;
        let page = server.client().listar_ramais(&listar_ramais()).await.expect("empty page");
        assert!(page.records.is_empty());
        assert_eq!(server.count(), 1);
    }
}

#[tokio::test]
async fn a_404_on_a_write_is_not_found() {
    let server = Server::always(Reply::json(404, json!({"http_response_code": 404, "mensagem": "Ramal não encontrado"}))).await;
    let error = server.client().deletar_ramal(&DeletarRamal { cliente_id: 1042, ramal_id: 5501 }).await.expect_err("404 on a delete");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(error.to_string().contains("Ramal não encontrado"), "{error}");
    assert_eq!(server.requests()[0].method, "DELETE");
}

#[tokio::test]
async fn a_400_gives_the_server_text_and_field_errors() {
    let server = Server::always(Reply::json(
        400,
        json!({
            "http_response_code": 400,
            "mensagem": "Faixa de ramais inválida",
            "dados": {"faixa_max": "deve ser maior que faixa_min", "login": "já está em uso"}
        }),
    ))
    .await;
    let error = server.client().inserir_cliente(&inserir_cliente()).await.expect_err("400");
    assert_eq!(error.kind(), ErrorKind::Validation);
    match &error {
        Error::Validation { mensagem, .. } => assert_eq!(mensagem, "Faixa de ramais inválida"),
        other => panic!("expected Validation, got {other:?}"),
    }
    let fields: Vec<(&str, &str)> = error.field_errors().iter().map(|f| (f.field.as_str(), f.message.as_str())).collect();
    assert_eq!(fields, vec![("faixa_max", "deve ser maior que faixa_min"), ("login", "já está em uso")]);
    assert!(error.to_string().contains("Faixa de ramais inválida"), "{error}");
    assert_no_token(&error);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_401_is_unauthorized_and_not_retried() {
    let replies = [
        Reply::json(401, json!({"http_response_code": 401, "mensagem": "Token inválido"})),
        Reply::json(200, json!({"http_response_code": "401", "mensagem": "Token inválido"})),
        Reply::raw(401, "text/html", "<html><body>401 Unauthorized</body></html>"),
    ];
    for reply in replies {
        let server = Server::always(reply).await;
        let error = server.client().listar_ramais(&listar_ramais()).await.expect_err("401");
        assert_eq!(error.kind(), ErrorKind::Unauthorized, "{error:?}");
        assert!(error.to_string().contains("Confira as credenciais"), "{error}");
        assert_no_token(&error);
        assert_eq!(server.count(), 1, "a refused token is not retried");
    }
}

#[tokio::test]
async fn a_500_is_a_server_error() {
    let server = Server::always(Reply::json(500, json!({"http_response_code": 500, "mensagem": "Erro ao consultar o banco"}))).await;
    let error = server.client().listar_ramais(&listar_ramais()).await.expect_err("500");
    assert!(matches!(&error, Error::Server { code: 500, mensagem } if mensagem == "Erro ao consultar o banco"), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_no_token(&error);
    // A read is tried again on a 500, up to the policy's attempts.
    assert_eq!(server.count(), common::TEST_RETRY.max_attempts as usize);
}

#[tokio::test]
async fn an_html_page_is_malformed_with_a_short_excerpt_and_no_token() {
    // A PHP warning echoing the request, token placed across the excerpt's 40-character cut.
    let html = format!("<b>Warning</b>: token inválido {TOKEN} em /var/www/pabx/api.php linha 12<br/>{}", "x".repeat(5000));
    let server = Server::always(Reply::raw(200, "text/html; charset=UTF-8", html)).await;
    let error = server.client().listar_ramais(&listar_ramais()).await.expect_err("HTML");
    assert_eq!(error.kind(), ErrorKind::MalformedResponse);
    let Error::MalformedResponse { status, excerpt } = &error else { panic!("{error:?}") };
    assert_eq!(*status, 200);
    assert!(excerpt.starts_with("<b>Warning</b>"), "{excerpt}");
    assert!(excerpt.chars().count() <= 41, "excerpt too long: {excerpt}");
    assert!(error.to_string().len() < 300, "{error}");
    assert_no_token(&error);
    // Not even the start of the token.
    assert!(!format!("{error} {error:?}").contains("tok-SE"), "{error:?}");
}

#[tokio::test]
async fn truncated_json_is_malformed_and_never_shows_the_token() {
    let truncated = format!(r#"{{"http_response_code":200,"dados":[{{"ramal_id":1,"senha_sip":"{TOKEN}","nome":"Recep"#);
    let server = Server::always(Reply::raw(200, "application/json", truncated)).await;
    let error = server.client().listar_ramais(&listar_ramais()).await.expect_err("truncated");
    assert_eq!(error.kind(), ErrorKind::MalformedResponse);
    assert_no_token(&error);
    // Same when the token sits at the very start of the body.
    let server = Server::always(Reply::raw(200, "application/json", format!("{TOKEN}{{\"http_response"))).await;
    let error = server.client().listar_ramais(&listar_ramais()).await.expect_err("garbage");
    assert_eq!(error.kind(), ErrorKind::MalformedResponse);
    assert_no_token(&error);
}

#[tokio::test]
async fn a_token_echoed_by_the_server_never_reaches_an_error() {
    let echo = format!("Token {TOKEN} expirado");
    let replies = [
        Reply::json(401, json!({"http_response_code": 401, "mensagem": echo})),
        Reply::json(400, json!({"http_response_code": 400, "mensagem": echo, "dados": {"token": echo}})),
        Reply::json(500, json!({"http_response_code": 500, "mensagem": echo})),
        Reply::json(418, json!({"http_response_code": 418, "mensagem": echo})),
        Reply::raw(503, "text/plain", echo.clone()),
        // A record that cannot be decoded, whose bad value is the token.
        Reply::json(200, json!({"http_response_code": 200, "dados": [{"ramal_id": TOKEN}]})),
    ];
    for reply in replies {
        let server = Server::always(reply.clone()).await;
        let error = server.client().listar_ramais(&listar_ramais()).await.expect_err("error");
        assert_no_token(&error);
        for field in error.field_errors() {
            assert!(!field.message.contains(TOKEN) && !field.field.contains(TOKEN), "{field:?}");
        }
    }
}

#[tokio::test]
async fn unknown_fields_survive_a_list_then_alter_round_trip() {
    let mut record = ramal_json(1);
    record["campo_novo"] = json!("valor que a documentação não cita");
    record["configuracao_avancada"] = json!({"codecs": ["g729", "alaw"], "nat": 1});
    record["encaminhar_todas_chamadas"]["encaminhamento_timeout"] = json!(20);
    let listed = record.clone();
    let server = Server::start(common::with_context(move |request, _| {
        if request.body["acao"] == "listar_ramais" {
            page(vec![listed.clone()], Some(1))
        } else {
            Reply::json(200, json!({"http_response_code": 200, "mensagem": "Ramal alterado"}))
        }
    }))
    .await;
    let client = server.client();
    let ramal = client.listar_ramais(&listar_ramais()).await.expect("list").records.remove(0);
    assert_eq!(ramal.extra["campo_novo"], record["campo_novo"]);
    let outcome = client.alterar_ramal(&AlterarRamal { dados: ramal }).await.expect("alter");
    assert_eq!(outcome.mensagem, "Ramal alterado");

    let sent = &common::without_context(server.requests())[1].body["dados"];
    assert_eq!(sent["campo_novo"], record["campo_novo"]);
    assert_eq!(sent["configuracao_avancada"], record["configuracao_avancada"]);
    assert_eq!(sent["encaminhar_todas_chamadas"]["encaminhamento_timeout"], json!(20));
    // Known fields go back in the form they came: the "1" the server sent stays "1".
    assert_eq!((&record["ramal_id"], &sent["ramal_id"]), (&json!("1"), &json!("1")));
    assert_eq!(sent["numero"], json!("2001"));
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let server = Server::always(Reply::json(200, json!({"http_response_code": 200, "mensagem": "Cliente inserido"}))).await;
    let mut request = inserir_cliente();
    request.dados.cnpj = "11.222.333/0001-82".into(); // wrong check digit
    request.dados.cep = "1310-100".into();
    let error = server.client().inserir_cliente(&request).await.expect_err("invalid input");
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    let fields: Vec<&str> = error.field_errors().iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"cnpj") && fields.contains(&"cep"), "{fields:?}");
    assert!(error.to_string().contains("nada foi enviado"), "{error}");
    assert_eq!(server.count(), 0, "nothing may reach the server");
}

// ---------------------------------------------------------------- transport

#[tokio::test]
async fn connection_refused_is_connect() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = client_for(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5));
    let started = Instant::now();
    let error = client.inserir_cliente(&inserir_cliente()).await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Connect, "{error:?}");
    assert!(error.to_string().contains("Não foi possível conectar"), "{error}");
    // The cause in Portuguese, not reqwest's English chain.
    assert!(error.to_string().contains("conexão recusada"), "{error}");
    assert!(!error.to_string().contains("error sending request"), "{error}");
    assert_no_token(&error);
    let error = client.listar_ramais(&listar_ramais()).await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Connect, "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn no_answer_is_a_timeout() {
    let server = Server::always(Reply::Hang).await;
    let client = client_for(&server.url, Duration::from_millis(300));
    let started = Instant::now();
    let error = client.inserir_cliente(&inserir_cliente()).await.expect_err("timeout");
    // Sent, never answered: the write may have been applied; the lookup timed out as well.
    assert_eq!(error.kind(), ErrorKind::OutcomeUnknown, "{error:?}");
    assert!(matches!(error.write_state(), Some(pabx_api::WriteState::Unknown { .. })), "{error:?}");
    assert!(error.to_string().contains("não respondeu a tempo"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    let inserts = server.requests().iter().filter(|r| r.body["acao"] == "inserir_cliente").count();
    assert_eq!(inserts, 1, "a write is never retried");

    // A read is tried up to the policy's attempts before giving up.
    let before = server.count();
    let error = client.listar_ramais(&listar_ramais()).await.expect_err("timeout");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert_eq!(server.count() - before, common::TEST_RETRY.max_attempts as usize);
}

#[tokio::test]
async fn an_unresolvable_host_fails_fast() {
    let config = ClientConfig::new("https://nonexistent.invalid", Credentials::new("revenda01", TOKEN));
    let client = Client::new(config).expect("client");
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(20), client.listar_regioes(&ListarRegioes::default()))
        .await
        .expect("must fail fast offline, not hang");
    let error = result.expect_err("no such host");
    assert!(matches!(error.kind(), ErrorKind::Dns | ErrorKind::Connect), "{error:?}");
    assert_no_token(&error);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn plain_http_to_another_host_is_refused_before_anything_is_sent() {
    for url in ["http://pabx.example.com", "http://localhost.example.com:8080", "http://10.0.0.5/pabx/api.php", "http://127.0.0.1.nip.io"] {
        let error = Client::new(ClientConfig::new(url, Credentials::new("revenda01", TOKEN))).expect_err(url);
        assert_eq!(error.kind(), ErrorKind::InvalidUrl, "{url}");
        assert!(error.to_string().contains("https://"), "{error}");
        assert_no_token(&error);
    }
    for url in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "https://pabx.example.com"] {
        assert!(Client::new(ClientConfig::new(url, Credentials::new("revenda01", TOKEN))).is_ok(), "{url}");
    }
}

#[tokio::test]
async fn raw_calls_use_delete_for_deletar_actions() {
    let server = Server::always(Reply::json(200, json!({"http_response_code": 200, "mensagem": "Removido"}))).await;
    let client = server.client();
    let mut fields = serde_json::Map::new();
    fields.insert("cliente_id".into(), json!(1042));
    fields.insert("ramal_id".into(), json!(5501));
    let envelope = client.call("deletar_ramal", fields.clone()).await.expect("call");
    assert_eq!(envelope.mensagem, "Removido");
    client.call("listar_ramais", fields).await.expect("call");
    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[1].method.as_str()), ("DELETE", "POST"));
    assert_eq!(requests[0].body["acao"], "deletar_ramal");
    assert_eq!(requests[0].body["autenticacao"], json!({"usuario": "revenda01", "token": TOKEN}));
}

// ---------------------------------------------------------------- retries

fn fails_first(first: Reply) -> impl Fn(&Request, usize) -> Reply {
    move |_, index| if index == 0 { first.clone() } else { page(vec![ramal_json(1)], Some(1)) }
}

#[tokio::test]
async fn a_list_is_retried_after_a_transient_failure() {
    let transient = [
        Reply::raw(503, "text/html", "<html>503 Service Unavailable</html>"),
        Reply::json(200, json!({"http_response_code": 503, "mensagem": "Serviço indisponível"})),
        Reply::raw(502, "text/html", "Bad Gateway"),
        Reply::Drop,
    ];
    for first in transient {
        let server = Server::start(common::with_context(fails_first(first.clone()))).await;
        let page = server.client().listar_ramais(&listar_ramais()).await.unwrap_or_else(|e| panic!("{first:?}: {e:?}"));
        assert_eq!(page.records.len(), 1);
        assert_eq!(server.count(), 2, "{first:?}");
    }
}

#[tokio::test]
async fn a_list_gives_up_after_the_policys_attempts() {
    let server = Server::always(Reply::raw(503, "text/html", "Service Unavailable")).await;
    let client = server.client();
    let error = client.listar_ramais(&listar_ramais()).await.expect_err("503");
    assert!(matches!(error, Error::Server { code: 503, .. }), "{error:?}");
    assert_eq!(server.count(), common::TEST_RETRY.max_attempts as usize);
    assert_eq!(client.retries(), u64::from(common::TEST_RETRY.max_attempts - 1));
}

#[tokio::test]
async fn a_write_is_never_retried() {
    for first in [Reply::raw(503, "text/html", "Service Unavailable"), Reply::Drop] {
        let server = Server::start(common::with_context(fails_first(first.clone()))).await;
        let client = server.client();
        let error = client.inserir_cliente(&inserir_cliente()).await.expect_err("transient failure");
        assert!(matches!(error.kind(), ErrorKind::Server | ErrorKind::OutcomeUnknown), "{error:?}");
        assert_no_token(&error);
        let error = client.inserir_ramal(&InserirRamal { dados: common::fixtures::ramal(0) }).await;
        // The second call is a new request (the server now answers), proving the first was not repeated.
        assert!(error.is_ok(), "{error:?}");
        // Only reads (the lookup of a lost answer) come between the two writes.
        let requests = common::without_context(server.requests());
        let acoes: Vec<Value> = requests.iter().map(|r| r.body["acao"].clone()).filter(|a| a != "listar_clientes").collect();
        assert_eq!(acoes, vec![json!("inserir_cliente"), json!("inserir_ramal")], "{first:?}");
    }
}

// ---------------------------------------------------------------- paging

/// A server holding `total` ramais, serving `page_size` from `pos_registro_inicial`.
fn paging_server(total: usize, page_size: usize, send_total: bool) -> impl Fn(&Request, usize) -> Reply {
    move |request, _| {
        let offset = usize::try_from(request.int("pos_registro_inicial")).unwrap_or(0);
        let records: Vec<Value> = (offset..total.min(offset + page_size)).map(|i| ramal_json(i + 1)).collect();
        if records.is_empty() && !send_total {
            return not_found();
        }
        page(records, send_total.then_some(total))
    }
}

fn ids(ramais: &[pabx_api::Ramal]) -> Vec<i64> {
    ramais.iter().map(|r| r.ramal_id).collect()
}

#[tokio::test]
async fn list_all_reads_every_page_in_order() {
    // One page at a time, so the server sees the offsets in order (tests/paging.rs has the
    // concurrent runs).
    let server = Server::start(paging_server(2345, 100, true)).await;
    let mut progress = Vec::new();
    let all = server.client_with_concurrency(1).list_all(listar_ramais(), |p| progress.push(p)).await.expect("all pages");
    assert_eq!(ids(&all), (1..=2345).collect::<Vec<i64>>());
    assert_eq!(ids(&all).into_iter().collect::<HashSet<_>>().len(), 2345, "no duplicates");
    let offsets: Vec<i64> = server.requests().iter().map(|r| r.int("pos_registro_inicial")).collect();
    assert_eq!(offsets, (0..24).map(|p| p * 100).collect::<Vec<i64>>());
    assert_eq!(progress.len(), 24);
    assert!(progress.windows(2).all(|w| w[0].loaded < w[1].loaded), "progress only grows");
    assert_eq!(progress[0], Progress { loaded: 100, total: Some(2345) });
    assert_eq!(progress.last(), Some(&Progress { loaded: 2345, total: Some(2345) }));
}

#[tokio::test]
async fn list_all_stops_when_the_server_ignores_the_offset() {
    // Always the first page, whatever the offset, claiming 1000 records.
    let server = Server::start(|_, _| page((1..=100).map(ramal_json).collect(), Some(1000))).await;
    let all = server.client_with_concurrency(1).list_all(listar_ramais(), |_| {}).await.expect("list");
    assert_eq!(ids(&all), (1..=100).collect::<Vec<i64>>());
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn list_all_without_a_total_stops_at_a_short_or_missing_page() {
    let server = Server::start(paging_server(250, 100, false)).await;
    let mut last = None;
    let all = server.client().list_all(listar_ramais(), |p| last = Some(p)).await.expect("list");
    assert_eq!(ids(&all), (1..=250).collect::<Vec<i64>>());
    assert_eq!(server.count(), 3, "100 + 100 + 50, then stop");
    assert_eq!(last, Some(Progress { loaded: 250, total: None }));

    // An exact multiple: the page past the end is a 404, read as empty.
    let server = Server::start(paging_server(200, 100, false)).await;
    let all = server.client().list_all(listar_ramais(), |_| {}).await.expect("list");
    assert_eq!(ids(&all), (1..=200).collect::<Vec<i64>>());
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn list_all_stops_on_empty_pages_despite_a_total() {
    let server = Server::start(|_, _| page(Vec::new(), Some(1000))).await;
    let mut progress = Vec::new();
    let all = server.client().list_all(listar_ramais(), |p| progress.push(p)).await.expect("list");
    assert!(all.is_empty());
    assert_eq!(server.count(), 1);
    assert_eq!(progress, vec![Progress { loaded: 0, total: Some(1000) }]);

    // A first page, then nothing although the total promises more.
    let server = Server::start(|request, _| {
        if request.int("pos_registro_inicial") == 0 {
            page((1..=100).map(ramal_json).collect(), Some(1000))
        } else {
            page(Vec::new(), Some(1000))
        }
    })
    .await;
    let all = server.client_with_concurrency(1).list_all(listar_ramais(), |_| {}).await.expect("list");
    assert_eq!(all.len(), 100);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn list_all_of_an_unpaged_list_makes_one_request() {
    let server = Server::start(|_, _| {
        page(
            vec![json!({"did_id": "310", "cliente_id": 1042, "numero": "1130042000", "horario_funcionamento_dias_semana": "1,2,3,4,5"})],
            None,
        )
    })
    .await;
    let dids = server.client().list_all(ListarDids { cliente_id: 1042 }, |_| {}).await.expect("dids");
    assert_eq!(dids.len(), 1);
    assert_eq!(dids[0].did_id, 310);
    assert_eq!(dids[0].horario_funcionamento_dias_semana, vec![1, 2, 3, 4, 5]);
    assert_eq!(server.count(), 1);
}

/// https:// to a server that answers plain http: a TLS error told in pt-BR, not rustls' English.
#[tokio::test]
async fn https_to_a_plain_http_server_is_explained_in_portuguese() {
    // A plain HTTP server that answers whatever arrives (here a TLS hello) at once.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/pabx/api.php", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer).await;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
        }
    });
    let error = common::client_for(&url, std::time::Duration::from_secs(5))
        .listar_regioes(&pabx_api::regiao::ListarRegioes::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), pabx_api::ErrorKind::Tls, "{error:?}");
    let text = error.to_string();
    assert!(text.contains("não fala HTTPS"), "{text}");
    for english in ["received", "corrupt", "message of type", "error sending"] {
        assert!(!text.to_lowercase().contains(english), "{text}");
    }
}
