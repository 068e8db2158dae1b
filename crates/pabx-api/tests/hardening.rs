//! Hardening over real HTTP on loopback: credentials never follow a redirect (both dialects, to a
//! second loopback address), answers are capped in size, `Retry-After` is honoured, a write
//! whose answer is lost is looked up instead of resent, and no piece of the token reaches an
//! error (a property test).

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::fixtures::{cliente, ramal, ramal_json};
use common::{assert_no_token, Reply, Server, TEST_RETRY, TOKEN, USUARIO};
use pabx_api::cliente::InserirCliente;
use pabx_api::envelope::interpret;
use pabx_api::ramal::{InserirRamal, ListarRamais};
use pabx_api::{Client, ClientConfig, Credentials, Dialeto, ErrorKind, Ramal, WriteState};
use proptest::prelude::*;
use serde_json::{json, Value};

fn client(url: &str, dialeto: Dialeto, max_response_bytes: u64) -> Client {
    let mut config = ClientConfig::new(url, Credentials::new(USUARIO, TOKEN));
    config.dialeto = dialeto;
    config.retry = TEST_RETRY;
    config.request_timeout = Duration::from_secs(10);
    config.max_response_bytes = max_response_bytes;
    Client::new(config).expect("loopback client")
}

// ---------------------------------------------------------------- redirects

#[tokio::test]
async fn credentials_never_follow_a_redirect_in_either_dialect() {
    // The target: another loopback address, which must never see a request.
    let elsewhere = Server::start_on("127.0.0.2", |_, _| Reply::ok(json!([]))).await;
    let target = elsewhere.url.clone();
    for dialeto in [Dialeto::Legado, Dialeto::Suite] {
        for status in [301, 302, 303, 307, 308] {
            for plain_http in [true, false] {
                let location = if plain_http { target.clone() } else { target.replace("http://", "https://") };
                let server =
                    Server::always(Reply::WithHeaders { status, headers: vec![("Location", location.clone())], body: Vec::new() }).await;
                let client = client(&server.url, dialeto, pabx_api::client::DEFAULT_MAX_RESPONSE_BYTES);
                let read = client.listar_ramais(&ListarRamais { cliente_id: 1, ..Default::default() }).await;
                let write = client.inserir_cliente(&InserirCliente { dados: cliente(0) }).await;
                for error in [read.expect_err("redirect"), write.expect_err("redirect")] {
                    assert_eq!(error.kind(), ErrorKind::Redirect, "{dialeto:?} {status}: {error:?}");
                    let text = error.to_string();
                    assert!(text.contains(&location) && text.contains("corrija o endereço da conta"), "{text}");
                    assert_no_token(&error);
                }
                // One request each, not retried, and never sent on.
                assert_eq!(server.count(), 2, "{dialeto:?} {status}");
            }
        }
    }
    assert_eq!(elsewhere.count(), 0, "the redirect target never got a request");
}

#[tokio::test]
async fn a_token_in_the_redirect_target_is_not_shown() {
    let server = Server::always(Reply::WithHeaders {
        status: 302,
        headers: vec![("Location", format!("https://127.0.0.2/login?token={TOKEN}"))],
        body: Vec::new(),
    })
    .await;
    let error = server.client().listar_ramais(&ListarRamais::default()).await.expect_err("redirect");
    assert_eq!(error.kind(), ErrorKind::Redirect);
    assert_no_token(&error);
}

// ---------------------------------------------------------------- size cap

#[tokio::test]
async fn an_answer_over_the_cap_is_refused_with_a_clear_error() {
    const MIB: u64 = 1024 * 1024;
    let cases = [
        // Announced as 300 MB: refused before reading, with the default cap.
        (Reply::Huge { declared: Some(300 * 1024 * MIB), sent: 1024 }, pabx_api::client::DEFAULT_MAX_RESPONSE_BYTES),
        // No length, 5 MiB streamed: stopped while reading, past a 1 MiB cap.
        (Reply::Huge { declared: None, sent: 5 * MIB as usize }, MIB),
        // A length that lies low does not help.
        (Reply::Huge { declared: Some(100), sent: 5 * MIB as usize }, MIB),
    ];
    for (reply, cap) in cases {
        let server = Server::always(reply.clone()).await;
        let client = client(&server.url, Dialeto::Legado, cap);
        let started = Instant::now();
        let error = client.listar_ramais(&ListarRamais::default()).await.expect_err("too large");
        if matches!(reply, Reply::Huge { declared: Some(100), .. }) {
            // The body ends at the declared 100 bytes of filler: unreadable, not large.
            assert_eq!(error.kind(), ErrorKind::MalformedResponse, "{error:?}");
            continue;
        }
        assert_eq!(error.kind(), ErrorKind::ResponseTooLarge, "{reply:?}: {error:?}");
        assert!(error.to_string().contains(&format!("limite de {} MiB", cap / MIB)), "{error}");
        assert_eq!(server.count(), 1, "a too-large answer is not retried");
        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    }
}

// ---------------------------------------------------------------- Retry-After

#[tokio::test]
async fn retry_after_is_honoured_on_429_and_503_and_a_long_one_gives_up() {
    for status in [429, 503] {
        let server = Server::start(move |_, index| match index {
            0 => Reply::WithHeaders { status, headers: vec![("Retry-After", "1".into())], body: Vec::new() },
            _ => Reply::ok(json!([ramal_json(1)])),
        })
        .await;
        let started = Instant::now();
        let page = server.client().listar_ramais(&ListarRamais::default()).await.expect("after the wait");
        assert_eq!(page.records.len(), 1);
        assert!(started.elapsed() >= Duration::from_millis(950), "waited only {:?}", started.elapsed());
    }
    // Asked to wait an hour: the client gives up at once rather than hang.
    let server = Server::always(Reply::WithHeaders { status: 503, headers: vec![("Retry-After", "3600".into())], body: Vec::new() }).await;
    let error = server.client().listar_ramais(&ListarRamais::default()).await.expect_err("gives up");
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_eq!(server.count(), 1);
}

// ---------------------------------------------------------------- lost answers

/// A tiny platform holding ramais in memory that applies an insert and then loses the answer
/// (closes the connection), as a proxy timing out would.
fn losing_server(lose_answer: bool) -> impl Fn(&common::Request, usize) -> Reply {
    let stored: Arc<Mutex<Vec<Value>>> = Arc::default();
    move |request, _| {
        let mut stored = stored.lock().expect("stored");
        match request.body["acao"].as_str() {
            Some("inserir_ramal") => {
                let mut record = request.body["dados"].clone();
                record["ramal_id"] = json!(700 + stored.len());
                stored.push(record);
                if lose_answer {
                    Reply::Drop
                } else {
                    Reply::ok(json!({"ramal_id": 700}))
                }
            }
            Some("listar_ramais") => Reply::ok(Value::Array(stored.clone())),
            _ => Reply::json(400, json!({"http_response_code": 400, "mensagem": "ação desconhecida"})),
        }
    }
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_and_never_resent() {
    let server = Server::start(common::with_context(losing_server(true))).await;
    let error = server.client().inserir_ramal(&InserirRamal { dados: ramal(0) }).await.expect_err("answer lost");
    assert_eq!(error.kind(), ErrorKind::OutcomeUnknown, "{error:?}");
    assert_eq!(error.write_state(), Some(&WriteState::Applied { id: Some(700) }));
    assert!(error.to_string().contains("foi criado (id 700)"), "{error}");
    assert_no_token(&error);
    // The cliente and its count were looked up before (the validation contract's context).
    let acoes: Vec<Value> = common::without_context(server.requests()).iter().map(|r| r.body["acao"].clone()).collect();
    assert_eq!(acoes[0], "inserir_ramal");
    assert!(acoes[1..].iter().all(|a| a == "listar_ramais") && acoes.len() > 1, "one insert, then only the lookup: {acoes:?}");
}

#[tokio::test]
async fn a_write_dropped_before_it_was_applied_reads_as_not_applied() {
    // Drops every insert without storing it.
    let server = Server::start(common::with_context(|request, _| match request.body["acao"].as_str() {
        Some("inserir_ramal") => Reply::Drop,
        _ => Reply::json(404, json!({"http_response_code": 404, "mensagem": "Nenhum registro"})),
    }))
    .await;
    let error = server.client().inserir_ramal(&InserirRamal { dados: ramal(0) }).await.expect_err("dropped");
    assert_eq!(error.write_state(), Some(&WriteState::NotApplied), "{error:?}");
    assert!(error.to_string().contains("pode enviar de novo"), "{error}");
    // A 2xx with a broken body is the same case: the write may have landed.
    let broken = Reply::raw(200, "application/json", r#"{"http_response_code":200,"dados":{"ram"#);
    let server = Server::start(common::with_context(move |_, _| broken.clone())).await;
    let error = server.client().inserir_ramal(&InserirRamal { dados: ramal(0) }).await.expect_err("broken body");
    assert_eq!(error.kind(), ErrorKind::OutcomeUnknown, "{error:?}");
    // The lookup got the same broken body: it cannot tell.
    assert!(matches!(error.write_state(), Some(WriteState::Unknown { .. })), "{error:?}");
}

#[tokio::test]
async fn reconcile_is_public_for_callers_that_send_on_their_own() {
    let server = Server::start(common::with_context(losing_server(false))).await;
    let client = server.client();
    let request = InserirRamal { dados: ramal(0) };
    assert_eq!(client.reconcile(&request).await, WriteState::NotApplied);
    client.inserir_ramal(&request).await.expect("stored");
    assert_eq!(client.reconcile(&request).await, WriteState::Applied { id: Some(700) });
    let other = InserirRamal { dados: Ramal { numero: "2049".into(), ..ramal(0) } };
    assert_eq!(client.reconcile(&other).await, WriteState::NotApplied);
}

// ---------------------------------------------------------------- redaction (property)

/// No run of 6 or more consecutive characters of `token` appears in `text`.
fn no_piece_of(token: &str, text: &str) -> Result<(), TestCaseError> {
    let chars: Vec<char> = token.chars().collect();
    for window in chars.windows(6) {
        let piece: String = window.iter().collect();
        prop_assert!(!text.contains(&piece), "piece {piece:?} of the token in: {text}");
    }
    Ok(())
}

/// Where the server puts the text holding the token.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// A record field of the wrong type: the decoder quotes it.
    RecordField,
    /// The `mensagem` of an error envelope.
    Mensagem,
    /// A field error of a 400.
    FieldError,
    /// A body that is not JSON (HTML error page), under a 200 or a 500.
    Html(u16),
    /// A record's id, used to name the record that failed.
    RecordId,
}

fn body_for(place: Place, text: &str) -> (u16, String) {
    match place {
        Place::RecordField => (200, json!({"http_response_code": 200, "dados": [{"ramal_id": 1, "codigo_area": [text]}]}).to_string()),
        Place::RecordId => (200, json!({"http_response_code": 200, "dados": [{"ramal_id": text, "numero": {"x": text}}]}).to_string()),
        Place::Mensagem => (200, json!({"http_response_code": 500, "mensagem": text}).to_string()),
        Place::FieldError => (400, json!({"http_response_code": 400, "mensagem": text, "dados": {"numero": text}}).to_string()),
        Place::Html(status) => (status, format!("<html><body>{text}</body></html>")),
    }
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::RecordField),
        Just(Place::RecordId),
        Just(Place::Mensagem),
        Just(Place::FieldError),
        Just(Place::Html(200)),
        Just(Place::Html(500)),
    ]
}

/// A random token, and a random text around it with the token at a random offset.
fn token_in_text() -> impl Strategy<Value = (String, String)> {
    ("[A-Za-z0-9_-]{12,40}", "[ a-zà-ú0-9.,:;!?\"{}()=/-]{0,400}", any::<prop::sample::Index>()).prop_map(|(token, filler, at)| {
        let chars: Vec<char> = filler.chars().collect();
        let cut = at.index(chars.len() + 1);
        let text: String = chars[..cut].iter().chain(token.chars().collect::<Vec<_>>().iter()).chain(chars[cut..].iter()).collect();
        (token, text)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_piece_of_the_token_reaches_an_error((token, text) in token_in_text(), place in place()) {
        let credentials = Credentials::new(USUARIO, token.as_str());
        let redact = |t: &str| credentials.redact(t);
        let (status, body) = body_for(place, &text);
        let outcome = interpret(status, body.as_bytes(), &redact).and_then(|envelope| envelope.page_redacted::<Ramal>(&redact));
        if let Err(error) = outcome {
            no_piece_of(&token, &format!("{error} | {error:?}"))?;
        }
    }
}

proptest! {
    // Over real HTTP, through the client as the CLI and the app use it.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_piece_of_the_token_reaches_an_error_over_http((token, text) in token_in_text(), place in place()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let (status, body) = body_for(place, &text);
            let server = Server::always(Reply::raw(status, "application/json", body)).await;
            let mut config = ClientConfig::new(server.url.as_str(), Credentials::new(USUARIO, token.as_str()));
            config.retry = pabx_api::RetryPolicy { max_attempts: 1, ..TEST_RETRY };
            let client = Client::new(config).expect("client");
            let read = client.listar_ramais(&ListarRamais::default()).await.err();
            let write = client.inserir_ramal(&InserirRamal { dados: ramal(0) }).await.err();
            for error in read.into_iter().chain(write) {
                no_piece_of(&token, &format!("{error} | {error:?}"))?;
            }
            Ok::<(), TestCaseError>(())
        })?;
    }
}
