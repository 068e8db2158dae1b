//! The activity log over the real client and the sandbox on loopback: each kind of write
//! recorded with its diff and masked secrets, restore of an alter, a log that survives a
//! restart, and a log that cannot be written not failing the write.

use std::sync::Arc;

use pabx_activity::{current_record, restore_fields, ActivityLog, Filter, Outcome, Recorder};
use pabx_api::cliente::{AlterarCliente, DeletarCliente, InserirCliente};
use pabx_api::{Client, ClientConfig, Cliente};
use pabx_sandbox::{Faults, Sandbox, SandboxConfig, Seed};

async fn sandbox() -> Sandbox {
    let mut config = SandboxConfig::in_memory();
    config.seed = Seed::None;
    Sandbox::start(config).await.expect("sandbox starts")
}

fn client(sandbox: &Sandbox, log: &Arc<ActivityLog>) -> Client {
    Client::new(ClientConfig::new(sandbox.url(), sandbox.credentials())).expect("client").with_observer(Arc::new(Recorder::new(
        log.clone(),
        "cli",
        "Revenda teste",
    )))
}

fn cliente(login: &str) -> Cliente {
    Cliente {
        login: login.into(),
        senha: "senha-original-77".into(),
        nome: "Padaria Pão Quente".into(),
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

#[tokio::test]
async fn every_kind_of_write_is_recorded_with_its_diff_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atividade").join("activity.sqlite3");
    let log = Arc::new(ActivityLog::new(&path));
    let sandbox = sandbox().await;
    let client = client(&sandbox, &log);
    let token = sandbox.credentials().token.expose().to_owned();

    let created = client.write(&InserirCliente { dados: cliente("padaria") }).await.expect("insert");
    assert_eq!(created.aviso, None);
    let id = created.id("cliente_id").expect("new id");
    let mut changed = cliente("padaria");
    changed.cliente_id = id;
    changed.nome = "Padaria Pão Quentinho".into();
    changed.senha = "senha-nova-88".into();
    client.write(&AlterarCliente { dados: changed.clone() }).await.expect("alter");
    // Refused by the server: the same login again.
    let refused = client.write(&InserirCliente { dados: cliente("padaria") }).await.expect_err("duplicate login");
    // Unknown: the server fails after receiving it.
    sandbox.set_faults(Faults { error_rate: 1.0, ..Faults::default() });
    let failed = client.write(&AlterarCliente { dados: changed.clone() }).await.expect_err("simulated failure");
    sandbox.set_faults(Faults::default());
    client.write(&DeletarCliente { cliente_id: id }).await.expect("delete");

    let entries = log.list(&Filter::default()).unwrap();
    let kinds: Vec<_> = entries.iter().rev().map(|e| (e.acao.as_str(), e.outcome)).collect();
    assert_eq!(
        kinds,
        [
            ("inserir_cliente", Outcome::Ok),
            ("alterar_cliente", Outcome::Ok),
            ("inserir_cliente", Outcome::Refused),
            ("alterar_cliente", Outcome::Unknown),
            ("deletar_cliente", Outcome::Ok),
        ]
    );
    let [delete, unknown, refusal, alter, insert] = &entries[..] else { panic!("5 entries") };
    assert!(entries.iter().all(|e| e.account == "Revenda teste" && e.source == "cli" && e.entity == "cliente"));
    assert_eq!(
        (insert.operation.as_str(), insert.record_id, insert.record_name.as_deref()),
        ("inserir", Some(id), Some("Padaria Pão Quente"))
    );
    assert!(insert.changes.iter().any(|c| c.path == "nome" && c.before.is_none()));
    assert_eq!(refusal.message, refused.to_string());
    assert_eq!(unknown.message, failed.to_string());
    assert_eq!(delete.record_id, Some(id));
    assert!(delete.before.is_some(), "the deleted record is kept");

    // The alter: its diff names the changed name and the changed password, never its value.
    let paths: Vec<_> = alter.changes.iter().map(|c| c.path.as_str()).collect();
    assert!(paths.contains(&"nome") && paths.contains(&"senha"), "{paths:?}");
    let senha = alter.changes.iter().find(|c| c.path == "senha").unwrap();
    assert_eq!((senha.before.clone(), senha.after.clone()), (Some("***".into()), Some("***".into())));
    assert_eq!(alter.before.as_ref().and_then(|b| b["nome"].as_str()), Some("Padaria Pão Quente"));

    // No secret anywhere in the file (nor in its WAL).
    for suffix in ["", "-wal"] {
        let bytes = std::fs::read(format!("{}{suffix}", path.display())).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["senha-original-77", "senha-nova-88", token.as_str()] {
            assert!(!text.contains(secret), "{secret} in the log file{suffix}");
        }
    }

    // Filters.
    let ok = log.list(&Filter { outcome: Some(Outcome::Ok), ..Filter::default() }).unwrap();
    assert_eq!(ok.len(), 3);
    assert!(log.list(&Filter { entity: Some("ramal".into()), ..Filter::default() }).unwrap().is_empty());
    assert_eq!(log.list(&Filter { since_ms: Some(alter.at_ms + 1_000_000), ..Filter::default() }).unwrap().len(), 0);

    // CSV through pabx-bulk's writer.
    let mut csv = Vec::new();
    assert_eq!(log.write_csv(&Filter::default(), &mut csv, pabx_bulk::Dialect::ExcelBr).unwrap(), 5);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("\u{feff}id;quando;origem;conta;acao"), "{csv}");
    assert!(csv.contains("nome: Padaria Pão Quente → Padaria Pão Quentinho"), "{csv}");
    assert!(!csv.contains("senha-nova-88"));

    // The log survives a restart: a new handle on the same file sees everything.
    drop(client);
    let reopened = ActivityLog::new(&path);
    assert_eq!(reopened.list(&Filter::default()).unwrap().len(), 5);
    sandbox.stop().await;
}

#[tokio::test]
async fn restore_puts_back_the_previous_values_of_an_alter() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(ActivityLog::new(dir.path().join("activity.sqlite3")));
    let sandbox = sandbox().await;
    let client = client(&sandbox, &log);
    let id = client.write(&InserirCliente { dados: cliente("oficina") }).await.unwrap().id("cliente_id").unwrap();
    let mut changed = cliente("oficina");
    changed.cliente_id = id;
    changed.nome = "Oficina Nova".into();
    changed.cidade = "Campinas".into();
    client.write(&AlterarCliente { dados: changed }).await.unwrap();
    let alter = log.list(&Filter::default()).unwrap().into_iter().find(|e| e.acao == "alterar_cliente").unwrap();

    let fields = serde_json::Map::from_iter([("dados".to_owned(), serde_json::json!({"cliente_id": id}))]);
    let current = current_record(&client, "alterar_cliente", &fields).await;
    let body = restore_fields(&alter, current.as_ref()).expect("an alter can be restored");
    let action: AlterarCliente = serde_json::from_value(serde_json::Value::Object(body)).unwrap();
    assert_eq!(action.dados.senha, "senha-original-77", "the password is left as it is now");
    client.write(&action).await.expect("restore");

    let now = current_record(&client, "alterar_cliente", &fields).await.unwrap();
    assert_eq!((now["nome"].as_str(), now["cidade"].as_str()), (Some("Padaria Pão Quente"), Some("São Paulo")));
    // The restore is itself an alter in the log, the reverse of the first.
    let latest = &log.list(&Filter::default()).unwrap()[0];
    let nome = latest.changes.iter().find(|c| c.path == "nome").unwrap();
    assert_eq!((nome.before.clone(), nome.after.clone()), (Some("Oficina Nova".into()), Some("Padaria Pão Quente".into())));
    sandbox.stop().await;
}

#[tokio::test]
async fn an_unwritable_log_does_not_fail_the_write_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the log's directory should be: it can never be created.
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").unwrap();
    let log = Arc::new(ActivityLog::new(blocker.join("activity.sqlite3")));
    let sandbox = sandbox().await;
    let client = client(&sandbox, &log);
    let done = client.write(&InserirCliente { dados: cliente("mercado") }).await.expect("the write still happens");
    assert!(done.id("cliente_id").is_some());
    let aviso = done.aviso.expect("the user is told");
    assert!(aviso.contains("não ficou registrada em Atividade"), "{aviso}");
    sandbox.stop().await;
}

/// A write whose answer was lost is still recorded, with what the client's lookup found:
/// applied (with the id it found) or not applied.
#[tokio::test]
async fn a_lost_answer_is_recorded_as_the_lookup_settled_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(ActivityLog::new(dir.path().join("activity.sqlite3")));
    let sandbox = sandbox().await;
    let client = client(&sandbox, &log);

    // Applied, then the answer lost: the lookup finds the new record.
    sandbox.set_faults(Faults { lost_answer_rate: 1.0, writes_only: true, ..Faults::default() });
    let lost = client.write(&InserirCliente { dados: cliente("acougue") }).await.expect_err("the answer is lost");
    assert_eq!(lost.kind(), pabx_api::ErrorKind::OutcomeUnknown);
    // Dropped before it was applied: the lookup finds nothing.
    sandbox.set_faults(Faults { drop_rate: 1.0, writes_only: true, ..Faults::default() });
    let dropped = client.write(&InserirCliente { dados: cliente("farmacia") }).await.expect_err("dropped");
    sandbox.set_faults(Faults::default());

    let saved = client.list_all(pabx_api::cliente::ListarClientes::default(), |_| {}).await.unwrap();
    let saved_id = saved.iter().find(|c| c.login == "acougue").expect("the first insert was applied").cliente_id;
    let entries = log.list(&Filter::default()).unwrap();
    let [not_applied, applied] = &entries[..] else { panic!("2 entries: {entries:?}") };
    assert_eq!((applied.outcome, applied.record_id), (Outcome::Ok, Some(saved_id)));
    assert_eq!(applied.message, lost.to_string());
    assert_eq!(dropped.write_state(), Some(&pabx_api::WriteState::NotApplied));
    assert_eq!((not_applied.outcome, not_applied.record_id), (Outcome::Refused, None));
    sandbox.stop().await;
}

/// The export streams its rows and reads through its own connection: a write recorded while a
/// long export is being written (here, from inside the export's own writer) neither waits for it
/// nor fails, and the export holds exactly the entries that existed when it began.
#[test]
fn a_write_during_an_export_is_recorded_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(ActivityLog::new(dir.path().join("activity.sqlite3")));
    for n in 0..3000 {
        log.record(&plain_entry(n, &format!("Cliente {n}"))).unwrap();
    }

    /// Records one more entry once rows are flowing (past the header); the bytes go to `out`.
    struct RecordingWriter {
        log: Arc<ActivityLog>,
        recorded: Option<i64>,
        out: Vec<u8>,
    }
    impl std::io::Write for RecordingWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.recorded.is_none() && self.out.len() > 1000 {
                let log = Arc::clone(&self.log);
                // On another thread, as the app's commands do; a lock held by the export would hang here.
                let (done, recorded) = std::sync::mpsc::channel();
                std::thread::spawn(move || done.send(log.record(&plain_entry(9999, "Durante a exportação"))));
                let id = recorded.recv_timeout(std::time::Duration::from_secs(10)).expect("the write waited for the export");
                self.recorded = Some(id.expect("recorded during the export"));
            }
            self.out.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = RecordingWriter { log: Arc::clone(&log), recorded: None, out: Vec::new() };
    let written = log.write_csv(&Filter::default(), &mut writer, pabx_bulk::Dialect::Rfc4180).unwrap();
    assert!(writer.recorded.is_some());
    assert_eq!(written, 3000, "the export holds the entries that existed when it began");
    let text = String::from_utf8(writer.out).unwrap();
    assert_eq!(text.lines().count(), 3001, "header and one line per entry");
    assert!(!text.contains("Durante a exportação"));
    assert_eq!(log.list(&Filter { limit: Some(10_000), ..Filter::default() }).unwrap().len(), 3001);
}

/// An alter recorded without a diff, `n` milliseconds into the log.
fn plain_entry(n: i64, name: &str) -> pabx_activity::Entry {
    pabx_activity::Entry {
        id: 0,
        at_ms: 1_700_000_000_000 + n,
        source: "cli".into(),
        account: "conta".into(),
        acao: "alterar_cliente".into(),
        operation: "alterar".into(),
        entity: "cliente".into(),
        record_id: Some(n),
        record_name: Some(name.into()),
        cliente_id: Some(n),
        before: None,
        after: None,
        changes: Vec::new(),
        outcome: Outcome::Ok,
        message: String::new(),
    }
}
