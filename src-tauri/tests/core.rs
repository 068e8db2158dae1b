//! The core against a real pabx-sandbox on loopback: lists over every page, writes checked
//! before sending, errors by kind, the built-in sandbox account, and no token in any output.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{core_on, input, keyring_value, new_cliente, sandbox, unique_secrets};
use pabx_api::cliente::{InserirCliente, ListarClientes};
use pabx_api::plano_discagem::ListarPlanosDiscagem;
use pabx_api::ramal::{InserirRamal, ListarRamais, Ramal};
use pabx_api::{Dialeto, ErrorKind, Progress};
use pabx_desktop::accounts::SANDBOX_ID;
use pabx_desktop::core::UiStage;
use pabx_desktop::{CommandErrorKind, Core};

fn api(kind: ErrorKind) -> CommandErrorKind {
    CommandErrorKind::Api(kind)
}

#[tokio::test]
async fn lists_every_cliente_with_progress() {
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    let progress: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let seen = progress.clone();
    let clientes =
        core.list_all(ListarClientes { quantidade: Some(2), ..Default::default() }, move |p| seen.lock().unwrap().push(p)).await.unwrap();
    assert!(clientes.len() >= 2, "demo seed has clientes: {}", clientes.len());
    let progress = progress.lock().unwrap().clone();
    assert!(progress.len() >= 2, "one event per page of 2: {progress:?}");
    assert_eq!(progress.last().unwrap().loaded as usize, clientes.len());
    sandbox.stop().await;
}

#[tokio::test]
async fn inserts_a_cliente_then_lists_it() {
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    let outcome = core.write(InserirCliente { dados: new_cliente("acme", 7000, 7099) }).await.unwrap();
    let id = outcome.id("cliente_id").expect("new id");
    let found = core.list_all(ListarClientes { cliente_id: id, ..Default::default() }, |_| {}).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].login.as_str(), found[0].faixa_min, found[0].faixa_max), ("acme", 7000, 7099));

    // Invalid cliente: local field errors, nothing sent.
    let before = core.list_all(ListarClientes::default(), |_| {}).await.unwrap().len();
    let error = core.write(InserirCliente { dados: new_cliente("", 7200, 7100) }).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::InvalidInput));
    assert!(error.field_errors.iter().any(|e| e.field == "login"), "{:?}", error.field_errors);
    assert!(error.field_errors.iter().any(|e| e.field == "faixa_max"), "{:?}", error.field_errors);
    assert_eq!(core.list_all(ListarClientes::default(), |_| {}).await.unwrap().len(), before);
    sandbox.stop().await;
}

#[tokio::test]
async fn ramal_outside_the_clientes_faixa_is_refused_before_sending() {
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    let cliente_id = core.write(InserirCliente { dados: new_cliente("faixa", 2000, 2009) }).await.unwrap().id("cliente_id").unwrap();
    let ramal = |numero: &str| Ramal {
        cliente_id,
        nome: format!("Ramal {numero}"),
        numero: numero.to_owned(),
        senha_sip: "Sip-senha-4321".to_owned(),
        ..Default::default()
    };
    let error = core.write(InserirRamal { dados: ramal("3000") }).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::InvalidInput), "{error:?}");
    let numero = error.field_errors.iter().find(|e| e.field == "numero").expect("error on numero");
    assert!(numero.message.contains("2000") && numero.message.contains("2009"), "{}", numero.message);
    let filtro = ListarRamais { cliente_id, ..Default::default() };
    assert!(core.list_all(filtro.clone(), |_| {}).await.unwrap().is_empty(), "nothing was sent");

    // The same ramal inside the faixa goes through.
    core.write(InserirRamal { dados: ramal("2005") }).await.unwrap();
    assert_eq!(core.list_all(filtro, |_| {}).await.unwrap().len(), 1);

    // A cliente that does not exist is a field error on cliente_id.
    let mut orphan = ramal("2006");
    orphan.cliente_id = 987_654;
    let error = core.write(InserirRamal { dados: orphan }).await.unwrap_err();
    assert!(error.field_errors.iter().any(|e| e.field == "cliente_id"), "{:?}", error.field_errors);
    sandbox.stop().await;
}

#[tokio::test]
async fn suite_account_lists_clientes_from_the_sandbox() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let core = Core::new(&dir.path().join("config"), &dir.path().join("data"), unique_secrets(), Instant::now());
    let credentials = sandbox.credentials();
    let mut typed = input("Suite", &sandbox.url(), &credentials.usuario, Some(credentials.token.expose()));
    typed.dialeto = Dialeto::Suite;

    // The connection test speaks the dialect being typed, before anything is saved.
    let report = core.test_connection(None, &typed).await.unwrap();
    assert!(report.ok && report.regioes > 0, "{report:?}");
    let account = core.save_account(None, &typed).await.unwrap();
    assert_eq!(account.dialeto, Dialeto::Suite);

    let client = core.client().await.unwrap();
    assert_eq!(client.dialeto(), Dialeto::Suite);
    assert!(!client.endpoint().path().contains("api.php"), "suite base: {}", client.endpoint());
    let clientes = core.list_all(ListarClientes::default(), |_| {}).await.unwrap();
    assert!(!clientes.is_empty(), "demo seed has clientes");
    let id = core.write(InserirCliente { dados: new_cliente("suite", 7100, 7109) }).await.unwrap().id("cliente_id");
    let found = core.list_all(ListarClientes { cliente_id: id.unwrap(), ..Default::default() }, |_| {}).await.unwrap();
    assert_eq!(found.first().map(|c| c.login.as_str()), Some("suite"));

    // Switching the account back to legado rebuilds its client; the same data answers.
    typed.dialeto = Dialeto::Legado;
    typed.token = None;
    core.save_account(Some(&account.id), &typed).await.unwrap();
    assert_eq!(core.client().await.unwrap().dialeto(), Dialeto::Legado);
    assert_eq!(core.list_all(ListarClientes::default(), |_| {}).await.unwrap().len(), clientes.len() + 1);

    // An edit is tested as typed, with the stored token: a suite-only address answers in the
    // suite dialect and not in the legacy one.
    let suite_only = sandbox.url().replace("/pabx/api.php", "/suite/api");
    let mut edit = input("Suite", &suite_only, &credentials.usuario, None);
    edit.dialeto = Dialeto::Suite;
    let suite = core.test_connection(Some(&account.id), &edit).await.unwrap();
    assert!(suite.ok && suite.regioes > 0, "{suite:?}");
    // The legacy call lands on an unknown path, whose 404 reads as "no records".
    edit.dialeto = Dialeto::Legado;
    let legado = core.test_connection(Some(&account.id), &edit).await;
    assert!(legado.as_ref().map_or(true, |r| r.regioes == 0), "legado at {suite_only}: {legado:?}");

    // A wrong token in the suite headers is refused and not echoed.
    let mut wrong = input("S", &sandbox.url(), &credentials.usuario, Some("suite-errado-000"));
    wrong.dialeto = Dialeto::Suite;
    let error = core.test_connection(None, &wrong).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::Unauthorized));
    assert!(!serde_json::to_string(&error).unwrap().contains("suite-errado-000"));
    sandbox.stop().await;
}

#[tokio::test]
async fn a_ramals_plan_is_among_its_clientes_plans() {
    // What the ramal form's plan select relies on: listar_planos_discagem by cliente_id gives
    // the plans its ramais use, by name.
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    let ramais = core.list_all(ListarRamais::default(), |_| {}).await.unwrap();
    let ramal = ramais.iter().find(|r| r.plano_discagem_id > 0).expect("demo ramal with a plan");
    let filtro = ListarPlanosDiscagem { cliente_id: ramal.cliente_id, ..Default::default() };
    let planos = core.list_all(filtro, |_| {}).await.unwrap();
    assert!(planos.iter().all(|p| p.cliente_id == ramal.cliente_id && !p.nome.is_empty()), "{planos:?}");
    assert!(planos.iter().any(|p| p.plano_discagem_id == ramal.plano_discagem_id), "{planos:?}");
    sandbox.stop().await;
}

#[tokio::test]
async fn wrong_token_is_unauthorized() {
    let sandbox = sandbox().await;
    let (_dir, core, account) = core_on(&sandbox, Some("token-errado-000")).await;
    let error = core.list_all(ListarClientes::default(), |_| {}).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::Unauthorized));
    assert!(!error.message.contains("token-errado-000"), "{}", error.message);
    let error = core.test_account(&account.id).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::Unauthorized));
    sandbox.stop().await;
}

#[tokio::test]
async fn nothing_listening_is_connect() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let core = Core::new(dir.path(), dir.path(), unique_secrets(), Instant::now());
    core.save_account(None, &input("Nada", &format!("http://127.0.0.1:{port}"), "u", Some("token-123456"))).await.unwrap();
    let error = core.list_all(ListarClientes::default(), |_| {}).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::Connect));
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["kind"], "connect");
    assert!(json["message"].as_str().unwrap().contains("Verifique"), "{json}");
    assert_eq!(json["field_errors"], serde_json::json!([]));
    assert_eq!(json.as_object().unwrap().len(), 3, "{json}");
}

#[tokio::test]
async fn no_active_account_is_no_account() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::new(dir.path(), dir.path(), unique_secrets(), Instant::now());
    let error = core.list_all(ListarClientes::default(), |_| {}).await.unwrap_err();
    assert_eq!(serde_json::to_value(&error).unwrap()["kind"], "no_account");
}

#[tokio::test]
async fn no_output_contains_the_token() {
    let sandbox = sandbox().await;
    let (dir, core, account) = core_on(&sandbox, None).await;
    let credentials = sandbox.credentials();
    let token = credentials.token.expose().clone();
    let typed = input("Revenda", &sandbox.url(), &credentials.usuario, Some(&token));
    let outputs = [
        serde_json::to_string(&core.app_state().await.unwrap()).unwrap(),
        serde_json::to_string(&core.save_account(Some(&account.id), &typed).await.unwrap()).unwrap(),
        serde_json::to_string(&core.save_account(None, &typed).await.unwrap()).unwrap(),
        serde_json::to_string(&core.test_connection(None, &typed).await.unwrap()).unwrap(),
        serde_json::to_string(&core.test_account(&account.id).await.unwrap()).unwrap(),
        serde_json::to_string(&core.app_state().await.unwrap()).unwrap(),
        std::fs::read_to_string(dir.path().join("config/accounts.json")).unwrap(),
    ];
    for output in &outputs {
        assert!(!output.contains(&token), "token leaked: {output}");
    }
    let report: serde_json::Value = serde_json::from_str(&outputs[3]).unwrap();
    assert_eq!(report["ok"], true);
    assert!(report["regioes"].as_u64().unwrap() > 0, "{report}");
    // A wrong token in a test is reported, not echoed.
    let error = core.test_connection(None, &input("R", &sandbox.url(), &credentials.usuario, Some("nao-e-este-1234"))).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::Unauthorized));
    assert!(!serde_json::to_string(&error).unwrap().contains("nao-e-este-1234"));
    sandbox.stop().await;
}

#[tokio::test]
async fn built_in_sandbox_starts_keeps_its_data_and_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let (config, data) = (dir.path().join("config"), dir.path().join("data"));
    let secrets = unique_secrets();
    let core = Core::new(&config, &data, secrets.clone(), Instant::now());
    assert!(core.app_state().await.unwrap().accounts.is_empty());

    let account = core.use_sandbox().await.unwrap();
    assert!(account.is_sandbox);
    assert_eq!(account.id, SANDBOX_ID);
    let state = core.app_state().await.unwrap();
    assert!(state.sandbox_running);
    assert_eq!(state.active, Some(account.clone()));
    assert!(data.join("sandbox.db").exists(), "DB in the data dir");
    assert_eq!(keyring_value(secrets.service(), SANDBOX_ID), None, "sandbox token is memory-only");
    let demo = core.list_all(ListarClientes::default(), |_| {}).await.unwrap();
    assert!(!demo.is_empty(), "demo seed");
    core.write(InserirCliente { dados: new_cliente("persistente", 8000, 8009) }).await.unwrap();
    core.stop_sandbox().await;
    assert!(!core.app_state().await.unwrap().sandbox_running);

    // Next start: the active account is the sandbox, so it starts again with the same data
    // (seeded only the first time).
    let core = Core::new(&config, &data, secrets, Instant::now());
    core.restore().await.unwrap();
    assert!(core.app_state().await.unwrap().sandbox_running);
    let again = core.list_all(ListarClientes::default(), |_| {}).await.unwrap();
    assert_eq!(again.len(), demo.len() + 1);
    assert!(again.iter().any(|c| c.login == "persistente"));

    // Removing the sandbox account stops it.
    core.remove_account(SANDBOX_ID).await.unwrap();
    assert!(!core.app_state().await.unwrap().sandbox_running);
}

#[tokio::test]
async fn ready_times_are_recorded_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::new(dir.path(), dir.path(), unique_secrets(), Instant::now());
    assert_eq!((core.ready_ms(), core.interactive_ms()), (None, None));
    let painted = core.mark_ready(UiStage::Painted);
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert_eq!(core.mark_ready(UiStage::Painted), painted);
    let interactive = core.mark_ready(UiStage::Interactive);
    assert!(interactive >= painted + 5, "{interactive} vs {painted}");
    assert_eq!((core.ready_ms(), core.interactive_ms()), (Some(painted), Some(interactive)));

    // Without a prerendered screen the first stage reported is `interactive`: drawn at once too.
    let direct = Core::new(dir.path(), dir.path(), unique_secrets(), Instant::now());
    let at = direct.mark_ready(UiStage::Interactive);
    assert_eq!((direct.ready_ms(), direct.interactive_ms()), (Some(at), Some(at)));
}

#[tokio::test]
async fn boot_state_is_the_accounts_without_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::new(dir.path(), dir.path(), unique_secrets(), Instant::now());
    let first_run = core.boot_state().expect("an empty store reads");
    assert!(first_run.accounts.is_empty() && first_run.active.is_none());
    core.use_sandbox().await.unwrap();
    let returning = Core::new(dir.path(), dir.path(), unique_secrets(), Instant::now()).boot_state().unwrap();
    assert_eq!(returning.accounts.len(), 1);
    assert_eq!(returning.active.map(|a| a.id), Some(SANDBOX_ID.to_owned()));
    core.stop_sandbox().await;
}

#[tokio::test]
async fn connection_test_fails_on_an_address_that_is_not_the_api() {
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    let credentials = sandbox.credentials();
    let token = credentials.token.expose().clone();
    let right = core.test_connection(None, &input("ok", &sandbox.url(), &credentials.usuario, Some(&token))).await;
    assert!(right.expect("the sandbox's own address passes").regioes > 0);

    // Same server, a path that is not the API: it answers 404, which must not read as "0 regions".
    let wrong_path = sandbox.url().replace("/pabx/api.php", "/outra/coisa.php");
    let error = core
        .test_connection(None, &input("errado", &wrong_path, &credentials.usuario, Some(&token)))
        .await
        .expect_err("a wrong path fails the test");
    assert_eq!(error.kind, api(ErrorKind::MalformedResponse), "{error:?}");
    assert!(error.message.contains("Confira o endereço"), "{}", error.message);
    assert!(!error.message.contains(&token));
    sandbox.stop().await;
}

#[tokio::test]
async fn switching_away_from_the_built_in_sandbox_stops_it_and_back_restarts_it() {
    let external = sandbox().await;
    let (_dir, core, other) = core_on(&external, None).await;
    core.use_sandbox().await.unwrap();
    core.write(InserirCliente { dados: new_cliente("fica", 8100, 8109) }).await.unwrap();
    assert!(core.app_state().await.unwrap().sandbox_running);

    let active = core.switch_account(&other.id).await.unwrap();
    assert_eq!(active.id, other.id);
    let state = core.app_state().await.unwrap();
    assert!(!state.sandbox_running, "the built-in sandbox stops when another account is active");
    assert_eq!(state.active.map(|a| a.id), Some(other.id.clone()));
    let on_other = core.list_all(ListarClientes::default(), |_| {}).await.unwrap();
    assert!(!on_other.iter().any(|c| c.login == "fica"), "lists now come from the other account");

    core.switch_account(SANDBOX_ID).await.unwrap();
    assert!(core.app_state().await.unwrap().sandbox_running);
    let back = core.list_all(ListarClientes::default(), |_| {}).await.unwrap();
    assert!(back.iter().any(|c| c.login == "fica"), "same data after the restart");
    external.stop().await;
}

#[tokio::test]
async fn streamed_pages_arrive_in_order_each_record_once() {
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    let never = std::sync::atomic::AtomicBool::new(false);
    let mut pages = Vec::new();
    let (progress, complete) = core
        .list_pages(ListarRamais { cliente_id: 1, quantidade: Some(7), ..Default::default() }, &never, |records, progress| {
            pages.push((records.iter().map(|r: &Ramal| r.ramal_id).collect::<Vec<_>>(), progress));
            std::ops::ControlFlow::Continue(())
        })
        .await
        .unwrap();
    assert!(complete);
    assert!(pages.len() >= 3, "pages of 7 of a demo customer's ramais: {pages:?}");
    let ids: Vec<i64> = pages.iter().flat_map(|(ids, _)| ids.clone()).collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "each record once");
    assert_eq!(progress.loaded as usize, ids.len());
    assert_eq!(progress.total, Some(progress.loaded));
    sandbox.stop().await;
}

/// A load cancelled after its first page sends nothing more: no request reaches the server
/// after the cancel, even the pages already in flight are dropped.
#[tokio::test]
async fn a_cancelled_load_sends_no_further_request() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let sandbox = sandbox().await;
    let (_dir, core, _) = core_on(&sandbox, None).await;
    sandbox.set_faults(pabx_sandbox::Faults { latency_ms: 300, ..Default::default() });
    let cancel = AtomicBool::new(false);
    // Pages of 2 with 4 in flight: without the cancel this runs for several rounds. Cancelled
    // as the first page arrives, while the next pages are in flight.
    let filtro = ListarRamais { cliente_id: 1, quantidade: Some(2), ..Default::default() };
    let (progress, complete) = core
        .list_pages(filtro, &cancel, |_, _| {
            cancel.store(true, Ordering::Relaxed);
            std::ops::ControlFlow::Continue(())
        })
        .await
        .unwrap();
    assert!(!complete, "cancelled");
    assert!(progress.total.unwrap() > progress.loaded, "{progress:?}");
    // Requests written before the cancel may still be reaching the server on a busy machine.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let sent = sandbox.requests();
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_eq!(sandbox.requests(), sent, "no request after the cancel");
    sandbox.stop().await;
}

#[tokio::test]
async fn a_changed_address_is_tested_before_it_is_saved() {
    let sandbox = sandbox().await;
    let (_dir, core, account) = core_on(&sandbox, None).await;
    let credentials = sandbox.credentials();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let moved = input("Revenda", &format!("http://127.0.0.1:{port}"), &credentials.usuario, None);
    let error = core.save_account(Some(&account.id), &moved).await.unwrap_err();
    assert_eq!(error.kind, api(ErrorKind::Connect), "{error:?}");
    assert_eq!(core.accounts().get(&account.id).unwrap().base_url, account.base_url, "nothing saved");
    // The same address, only renamed: saved without a test.
    let renamed = input("Outro nome", &account.base_url, &credentials.usuario, None);
    assert_eq!(core.save_account(Some(&account.id), &renamed).await.unwrap().label, "Outro nome");
    sandbox.stop().await;
}
