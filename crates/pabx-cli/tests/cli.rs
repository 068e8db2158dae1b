//! The built `pabx` binary against a pabx-sandbox on loopback: real HTTP, real SQLite. Each
//! test starts its own in-memory sandbox (demo seed), runs the binary as a user would and checks
//! stdout, stderr, the exit code and the server's records through the typed client. Every run
//! also checks that the token appears in neither stdout nor stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::ListarClientes;
use pabx_api::did::ListarDids;
use pabx_api::plano_discagem::ListarPlanosDiscagem;
use pabx_api::ramal::ListarRamais;
use pabx_api::{Client, ClientConfig, Cliente, Credentials, Did, Ramal};
use pabx_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_pabx");

/// A sandbox with the runtime that serves it; the binary runs on the test thread meanwhile.
struct Harness {
    runtime: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    url: String,
    credentials: Credentials,
    client: Client,
    /// The activity log the binary writes to (PABX_ACTIVITY_DB), never the user's own.
    activity: TempFile,
}

impl Harness {
    fn start() -> Self {
        Self::start_with(SandboxConfig::in_memory())
    }

    fn start_with(config: SandboxConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let sandbox = runtime.block_on(Sandbox::start(config)).expect("sandbox starts");
        let url = sandbox.url().to_string();
        let credentials = sandbox.credentials();
        let client = Client::new(ClientConfig::new(url.clone(), credentials.clone())).unwrap();
        Self { runtime, sandbox: Some(sandbox), url, credentials, client, activity: TempFile::new("") }
    }

    fn token(&self) -> &str {
        self.credentials.token.expose()
    }

    /// `pabx <args>` with URL, usuario and token in the environment.
    fn pabx(&self, args: &[&str]) -> Run {
        self.run(args, Env::Token, None)
    }

    fn run(&self, args: &[&str], env: Env, stdin: Option<&str>) -> Run {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env_remove("PABX_TOKEN")
            .env("PABX_URL", &self.url)
            .env("PABX_USUARIO", &self.credentials.usuario)
            .env("PABX_ACTIVITY_DB", &self.activity.0)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match env {
            Env::Token => {
                command.env("PABX_TOKEN", self.token());
            }
            Env::BadToken => {
                command.env("PABX_TOKEN", "token-errado-123");
            }
            Env::NoToken => {}
        }
        let mut child = command.spawn().expect("the binary runs");
        if let Some(text) = stdin {
            // The binary may exit before reading (a usage error): a broken pipe is fine.
            let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
        }
        let run = Run(child.wait_with_output().unwrap());
        // The token must never be echoed, whatever happened.
        assert!(!run.stdout().contains(self.token()), "token in stdout: {}", run.stdout());
        assert!(!run.stderr().contains(self.token()), "token in stderr: {}", run.stderr());
        run
    }

    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    fn clientes(&self) -> Vec<Cliente> {
        self.block_on(self.client.list_all(ListarClientes::default(), |_| {})).unwrap()
    }

    fn ramais(&self, cliente_id: i64) -> Vec<Ramal> {
        self.block_on(self.client.list_all(ListarRamais { cliente_id, ..Default::default() }, |_| {})).unwrap()
    }

    /// A customer that has ramais and room in its faixa for one more.
    fn cliente_with_room(&self) -> (Cliente, Vec<Ramal>) {
        for cliente in self.clientes() {
            let ramais = self.ramais(cliente.cliente_id);
            let room = (cliente.faixa_max - cliente.faixa_min + 1) as usize > ramais.len()
                && (cliente.qtd_ramais_max == 0 || cliente.qtd_ramais_max as usize > ramais.len());
            if !ramais.is_empty() && room {
                return (cliente, ramais);
            }
        }
        panic!("the demo seed has a customer with ramais and room for more")
    }

    /// A new ramal for `cliente`, modelled on one of its ramais, with a free number.
    fn new_ramal(&self, cliente: &Cliente, ramais: &[Ramal]) -> Value {
        let used: Vec<String> = ramais.iter().map(|r| r.numero.clone()).collect();
        let numero = (cliente.faixa_min..=cliente.faixa_max).map(|n| n.to_string()).find(|n| !used.contains(n)).unwrap();
        let mut ramal = ramais[0].clone();
        ramal.ramal_id = 0;
        ramal.nome = "Ramal do teste".into();
        ramal.numero = numero.clone();
        ramal.usuario_autenticacao = format!("teste{numero}");
        ramal.senha_sip = "Sip#Forte2026x".into();
        ramal.senha_web = "Web#Forte2026x".into();
        ramal.caller_id_externo = "1133334444".into();
        serde_json::to_value(ramal).unwrap()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.runtime.block_on(sandbox.stop());
        }
    }
}

#[derive(Clone, Copy)]
enum Env {
    Token,
    BadToken,
    NoToken,
}

struct Run(Output);

impl Run {
    fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout()).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout()))
    }
    #[track_caller]
    fn expect(self, code: i32) -> Self {
        assert_eq!(self.code(), code, "exit code; stdout: {}\nstderr: {}", self.stdout(), self.stderr());
        self
    }
}

/// A file in the temp dir, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(contents: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("pabx-cli-test-{}-{n}.json", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        Self(path)
    }
    fn json(value: &Value) -> Self {
        Self::new(&serde_json::to_string_pretty(value).unwrap())
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `pabx regioes list` against `url`, no sandbox: the exit code and stderr.
fn pabx_at(url: &str, token: &str) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(["--url", url, "--usuario", "revenda", "regioes", "list"])
        .env("PABX_TOKEN", token)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn lists_customers_as_json_with_passwords_masked() {
    let h = Harness::start();
    let clientes = h.clientes();
    let out = h.pabx(&["clientes", "list", "--all"]).expect(0).json();
    let listed = out.as_array().unwrap();
    assert_eq!(listed.len(), clientes.len());
    let ids: Vec<i64> = listed.iter().map(|c| c["cliente_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, clientes.iter().map(|c| c.cliente_id).collect::<Vec<_>>());
    for (shown, real) in listed.iter().zip(&clientes) {
        if !real.senha.is_empty() {
            assert_eq!(shown["senha"], "***");
        }
    }
    let revealed = h.pabx(&["clientes", "list", "--all", "--revelar-senhas"]).expect(0).json();
    assert_eq!(revealed[0]["senha"], clientes[0].senha.as_str());
}

#[test]
fn lists_every_ramal_of_a_customer_with_all() {
    let h = Harness::start();
    let (cliente, ramais) = h.cliente_with_room();
    let id = cliente.cliente_id.to_string();
    let out = h.pabx(&["ramais", "list", "--cliente", &id, "--all"]).expect(0).json();
    let mut listed: Vec<i64> = out.as_array().unwrap().iter().map(|r| r["ramal_id"].as_i64().unwrap()).collect();
    let mut expected: Vec<i64> = ramais.iter().map(|r| r.ramal_id).collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    // One small page without --all, with a hint on stderr about the rest.
    let run = h.pabx(&["ramais", "list", "--cliente", &id, "--quantidade", "2"]).expect(0);
    if ramais.len() > 2 {
        assert!(run.json().as_array().unwrap().len() <= 2);
        assert!(run.stderr().contains("--all"), "{}", run.stderr());
    }
}

#[test]
fn table_output_aligns_the_main_fields() {
    let h = Harness::start();
    let (cliente, ramais) = h.cliente_with_room();
    let run = h.pabx(&["--format", "table", "ramais", "list", "--cliente", &cliente.cliente_id.to_string(), "--all"]).expect(0);
    let text = run.stdout();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ramais.len() + 1, "{text}");
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(&header[..3], &["ramal_id", "cliente_id", "numero"]);
    let numero_at = lines[0].find("numero").unwrap();
    for (line, ramal) in lines[1..].iter().zip(&ramais) {
        assert!(line[numero_at..].starts_with(&ramal.numero), "{line}");
        assert!(!line.contains(&ramal.senha_sip) || ramal.senha_sip.is_empty(), "{line}");
    }
    let empty = h.pabx(&["--format", "table", "ramais", "list", "--cliente", "999999"]).expect(0);
    assert_eq!(empty.stdout(), "Nenhum registro encontrado.\n");
}

#[test]
fn insert_alter_and_delete_a_ramal_from_files() {
    let h = Harness::start();
    let (cliente, ramais) = h.cliente_with_room();
    let new = h.new_ramal(&cliente, &ramais);
    let file = TempFile::json(&new);
    let out = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(0).json();
    assert!(out["mensagem"].is_string(), "{out}");
    let after = h.ramais(cliente.cliente_id);
    assert_eq!(after.len(), ramais.len() + 1);
    let created = after.iter().find(|r| r.numero == new["numero"].as_str().unwrap()).expect("inserted");
    assert_eq!(created.nome, "Ramal do teste");
    assert_eq!(created.senha_sip, "Sip#Forte2026x", "the password from the file is the one stored");
    assert!(!serde_json::to_string(&out).unwrap().contains("Sip#Forte2026x"), "passwords are masked in output");

    // Alter through stdin, as a full body with `dados`.
    let mut changed = serde_json::to_value(created).unwrap();
    changed["nome"] = json!("Recepção alterada");
    let body = json!({ "dados": changed }).to_string();
    h.run(&["ramais", "alter", "--file", "-"], Env::Token, Some(&body)).expect(0);
    let altered = h.ramais(cliente.cliente_id).into_iter().find(|r| r.ramal_id == created.ramal_id).unwrap();
    assert_eq!(altered.nome, "Recepção alterada");

    let (cid, rid) = (cliente.cliente_id.to_string(), created.ramal_id.to_string());
    h.pabx(&["ramais", "delete", "--cliente", &cid, "--id", &rid]).expect(0);
    let remaining = h.ramais(cliente.cliente_id);
    assert_eq!(remaining.len(), ramais.len());
    assert!(remaining.iter().all(|r| r.ramal_id != created.ramal_id));

    // The three writes are in the activity log the app shows, from the CLI, passwords masked.
    let log = pabx_activity::ActivityLog::new(&h.activity.0);
    let entries = log.list(&pabx_activity::Filter::default()).unwrap();
    let acoes: Vec<_> = entries.iter().rev().map(|e| (e.acao.as_str(), e.source.as_str(), e.record_id)).collect();
    let id = Some(created.ramal_id);
    assert_eq!(acoes, [("inserir_ramal", "cli", id), ("alterar_ramal", "cli", id), ("deletar_ramal", "cli", id)]);
    assert!(entries[1].changes.iter().any(|c| c.path == "nome" && c.after == Some(json!("Recepção alterada"))));
    assert!(!serde_json::to_string(&entries).unwrap().contains("Sip#Forte2026x"));
}

#[test]
fn all_pages_alters_and_server_refusals() {
    let h = Harness::start();
    let (cliente, ramais) = h.cliente_with_room();
    assert!(ramais.len() > 5, "enough ramais for several pages of 5");
    let cid = cliente.cliente_id.to_string();
    let out = h.pabx(&["ramais", "list", "--cliente", &cid, "--all", "--quantidade", "5"]).expect(0).json();
    assert_eq!(out.as_array().unwrap().len(), ramais.len());

    // The generic alter, for two more entities.
    let mut changed = serde_json::to_value(&cliente).unwrap();
    changed["nome"] = json!("Cliente renomeado pelo teste");
    let file = TempFile::json(&changed);
    h.pabx(&["clientes", "alter", "--file", file.path()]).expect(0);
    let renamed = h.clientes().into_iter().find(|c| c.cliente_id == cliente.cliente_id).unwrap();
    assert_eq!(renamed.nome, "Cliente renomeado pelo teste");
    let troncos = h.block_on(h.client.listar_troncos(&Default::default())).unwrap().records;
    let mut tronco = serde_json::to_value(troncos.first().expect("the demo seed has trunks")).unwrap();
    tronco["nome"] = json!("Tronco renomeado");
    let file = TempFile::json(&tronco);
    h.pabx(&["troncos", "alter", "--file", file.path()]).expect(0);
    let after = h.block_on(h.client.listar_troncos(&Default::default())).unwrap().records;
    assert_eq!(after[0].nome, "Tronco renomeado");
    assert_eq!(after[0].tarifas, troncos[0].tarifas, "the tariffs went back unchanged");

    // A customer with ramais cannot be deleted: said before sending, with the counts, exit 3.
    let run = h.pabx(&["clientes", "delete", "--id", &cid]).expect(3);
    let expected = format!("erro: o cliente {cid} ainda tem {} ramais", ramais.len());
    assert!(run.stderr().starts_with(&expected), "{}", run.stderr());
    assert!(
        run.stderr().contains("nada foi enviado") && run.stderr().contains(&format!("pabx ramais list --cliente {cid}")),
        "{}",
        run.stderr()
    );
    assert!(h.clientes().iter().any(|c| c.cliente_id == cliente.cliente_id));
    // A customer with nothing left goes.
    let novo = TempFile::json(
        &json!({"login": "sem_ramais_cli", "senha": "segredo123", "nome": "Sem ramais", "email_cliente": "ti@semramais.com.br", "faixa_min": 9100, "faixa_max": 9199, "qtd_ramais_max": 5, "estado": "SP", "cidade": "São Paulo"}),
    );
    h.pabx(&["clientes", "insert", "--file", novo.path()]).expect(0);
    let vazio = h.clientes().into_iter().find(|c| c.login == "sem_ramais_cli").expect("inserted");
    h.pabx(&["clientes", "delete", "--id", &vazio.cliente_id.to_string()]).expect(0);
    assert!(!h.clientes().iter().any(|c| c.cliente_id == vazio.cliente_id));
    // Altering a ramal that does not exist: 404, exit 4.
    let mut missing = serde_json::to_value(&ramais[0]).unwrap();
    missing["ramal_id"] = json!(987_654);
    let file = TempFile::json(&missing);
    let run = h.pabx(&["ramais", "alter", "--file", file.path()]).expect(4);
    assert!(run.stderr().contains("não encontrado"), "{}", run.stderr());
    // An id of zero is refused before sending.
    h.pabx(&["ramais", "delete", "--cliente", &cid, "--id", "0"]).expect(3);
    assert_eq!(h.ramais(cliente.cliente_id).len(), ramais.len());
}

#[test]
fn insert_and_delete_a_dial_plan() {
    let h = Harness::start();
    let (cliente, _) = h.cliente_with_room();
    let list = |h: &Harness| {
        let request = ListarPlanosDiscagem { cliente_id: cliente.cliente_id, ..Default::default() };
        h.block_on(h.client.list_all(request, |_| {})).unwrap()
    };
    let before = list(&h);
    let file = TempFile::json(&json!({"cliente_id": cliente.cliente_id, "nome": "Plano do teste"}));
    let out = h.pabx(&["--format", "table", "planos", "insert", "--file", file.path()]).expect(0);
    assert!(!out.stdout().trim().is_empty());
    let after = list(&h);
    assert_eq!(after.len(), before.len() + 1);
    let created = after.iter().find(|p| p.nome == "Plano do teste").unwrap();
    let (cid, pid) = (cliente.cliente_id.to_string(), created.plano_discagem_id.to_string());
    h.pabx(&["planos", "delete", "--cliente", &cid, "--id", &pid]).expect(0);
    assert_eq!(list(&h).len(), before.len());
}

#[test]
fn invalid_ramal_is_refused_locally_and_nothing_is_sent() {
    let h = Harness::start();
    let (cliente, ramais) = h.cliente_with_room();
    // A number outside the customer's faixa: only the fetched customer can tell.
    let mut outside = h.new_ramal(&cliente, &ramais);
    outside["numero"] = json!((cliente.faixa_max + 1).to_string());
    let file = TempFile::json(&outside);
    let run = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(3);
    assert!(run.stderr().contains("nada foi enviado"), "{}", run.stderr());
    assert!(run.stderr().contains("numero"), "{}", run.stderr());
    assert!(run.stdout().is_empty());

    // A value of the wrong type names its field.
    let mut wrong = h.new_ramal(&cliente, &ramais);
    wrong["plano_discagem_id"] = json!("abc");
    let file = TempFile::json(&wrong);
    let run = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(3);
    assert!(run.stderr().contains("plano_discagem_id"), "{}", run.stderr());

    // Broken JSON, a missing file, a password still masked.
    let broken = TempFile::new("{\"nome\": ");
    let run = h.pabx(&["ramais", "insert", "--file", broken.path()]).expect(3);
    assert!(run.stderr().contains("não é um JSON válido"), "{}", run.stderr());
    h.pabx(&["ramais", "insert", "--file", "/nao/existe/ramal.json"]).expect(3);
    let mut masked = h.new_ramal(&cliente, &ramais);
    masked["senha_sip"] = json!("***");
    let file = TempFile::json(&masked);
    let run = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(3);
    assert!(run.stderr().contains("senha_sip"), "{}", run.stderr());

    // What only the server knows (a number already in use) comes back as its field errors: exit 4.
    let mut taken = h.new_ramal(&cliente, &ramais);
    taken["numero"] = json!(ramais[0].numero);
    let file = TempFile::json(&taken);
    let run = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(4);
    assert!(run.stderr().contains("Campos recusados pelo servidor:\n  - numero:"), "{}", run.stderr());

    assert_eq!(h.ramais(cliente.cliente_id), ramais, "the server's records are unchanged");
}

#[test]
fn raw_call_sends_any_action() {
    let h = Harness::start();
    let out = h.pabx(&["call", "listar_regioes"]).expect(0).json();
    assert_eq!(out["http_response_code"], 200);
    assert!(!out["dados"].as_array().unwrap().is_empty());
    let (cliente, ramais) = h.cliente_with_room();
    let body = TempFile::json(&json!({"cliente_id": cliente.cliente_id}));
    let out = h.pabx(&["call", "listar_ramais", "--file", body.path()]).expect(0).json();
    assert_eq!(out["qtd_total_resultados"].as_i64(), Some(ramais.len() as i64));
    let table = h.pabx(&["--format", "table", "call", "listar_regioes"]).expect(0);
    assert!(table.stdout().starts_with("regiao_id"), "{}", table.stdout());
    // An unknown action is the server's error: exit 4.
    let run = h.pabx(&["call", "acao_inexistente"]).expect(4);
    assert!(run.stderr().starts_with("erro:"), "{}", run.stderr());
}

#[test]
fn regions_rules_and_call_history() {
    let h = Harness::start();
    let regioes = h.pabx(&["regioes", "list"]).expect(0).json();
    assert!(!regioes.as_array().unwrap().is_empty());

    let (cliente, _) = h.cliente_with_room();
    let planos = h.block_on(h.client.list_all(ListarPlanosDiscagem::default(), |_| {})).unwrap();
    let plano = planos.first().expect("the demo seed has dial plans").plano_discagem_id.to_string();
    let rows = h.pabx(&["regras", "list", "--plano", &plano]).expect(0).json();
    // Writing back what was listed is accepted and changes nothing.
    let file = TempFile::json(&rows);
    h.pabx(&["regras", "alter", "--plano", &plano, "--file", file.path()]).expect(0);
    assert_eq!(h.pabx(&["regras", "list", "--plano", &plano]).expect(0).json(), rows);

    // The demo seed has calls from the last two months: ask for the last 20 days.
    let (de, ate) = (pabx_sandbox::data_relativa(20), pabx_sandbox::data_relativa(0));
    let cid = cliente.cliente_id.to_string();
    let out = h.pabx(&["chamadas", "list", "--cliente", &cid, "--de", &de, "--ate", &ate, "--all"]).expect(0).json();
    let request = ListarHistoricoChamada {
        cliente_id: cliente.cliente_id,
        data_inicial: de.clone(),
        data_final: ate.clone(),
        hora_inicial: "00:00".into(),
        hora_final: "23:59".into(),
        tipo_exibicao: "tela".into(),
        quantidade: 1000,
        ..Default::default()
    };
    let expected = h.block_on(h.client.list_all(request, |_| {})).unwrap();
    assert!(!expected.is_empty(), "the demo seed has recent calls");
    let listed: Vec<i64> = out.as_array().unwrap().iter().map(|c| c["cdr_id"].as_i64().unwrap()).collect();
    assert_eq!(listed, expected.iter().map(|c| c.cdr_id).collect::<Vec<_>>());
    let table = h.pabx(&["--format", "table", "chamadas", "list", "--cliente", &cid, "--de", &de, "--ate", &ate]).expect(0);
    assert!(table.stdout().starts_with("cdr_id"), "{}", table.stdout());
    let run = h.pabx(&["chamadas", "list", "--cliente", &cid, "--de", "32/13/2026", "--ate", &ate]).expect(3);
    assert!(run.stderr().contains("data_inicial"), "{}", run.stderr());
}

#[test]
fn suite_dialect_by_flag_or_environment() {
    let h = Harness::start();
    // Through a suite address only the suite dialect reaches the records: the legacy one posts
    // to /suite/api itself, an unknown path (a 404, read as an empty list).
    let suite_url = h.url.replace("/pabx/api.php", "/suite/api");
    let pabx = |dialeto_env: Option<&str>, args: &[&str]| {
        let mut command = Command::new(BIN);
        command
            .args(["--url", suite_url.as_str()])
            .args(args)
            .env_remove("PABX_DIALETO")
            .env("PABX_USUARIO", &h.credentials.usuario)
            .env("PABX_TOKEN", h.token())
            .stdin(Stdio::null());
        if let Some(dialeto) = dialeto_env {
            command.env("PABX_DIALETO", dialeto);
        }
        let run = Run(command.output().unwrap());
        assert!(!run.stdout().contains(h.token()) && !run.stderr().contains(h.token()), "token shown");
        run
    };
    let clientes = h.clientes().len();
    let out = pabx(None, &["--dialeto", "suite", "clientes", "list", "--all"]).expect(0).json();
    assert_eq!(out.as_array().unwrap().len(), clientes);
    let out = pabx(Some("suite"), &["call", "listar_regioes"]).expect(0).json();
    assert!(!out["dados"].as_array().unwrap().is_empty(), "{out}");
    let out = pabx(Some("suite"), &["--dialeto", "legado", "clientes", "list"]).expect(0).json();
    assert_eq!(out, json!([]), "the flag wins over PABX_DIALETO");
    let run = pabx(Some("xml"), &["clientes", "list"]).expect(2);
    assert!(run.stderr().contains("legado") && run.stderr().contains("suite"), "{}", run.stderr());
}

#[test]
fn bad_token_is_an_api_error() {
    let h = Harness::start();
    let run = h.run(&["clientes", "list"], Env::BadToken, None).expect(4);
    assert!(run.stderr().contains("Confira as credenciais"), "{}", run.stderr());
    assert!(!run.stderr().contains("token-errado-123"));
    assert!(run.stdout().is_empty());
}

#[test]
fn nothing_listening_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (code, stderr) = pabx_at(&format!("http://127.0.0.1:{port}"), "segredo-da-rede-1");
    assert_eq!(code, Some(5), "{stderr}");
    assert!(stderr.contains("Não foi possível conectar"), "{stderr}");
    assert!(!stderr.contains("segredo-da-rede-1"));
}

#[test]
fn token_from_stdin() {
    let h = Harness::start();
    let piped = format!("{}\n", h.token());
    let out = h.run(&["--token-stdin", "regioes", "list"], Env::NoToken, Some(&piped)).expect(0).json();
    assert!(!out.as_array().unwrap().is_empty());
    // Without the flag, a piped stdin is read when PABX_TOKEN is absent.
    h.run(&["regioes", "list"], Env::NoToken, Some(&piped)).expect(0);
    // The token and the file cannot both come from stdin.
    let run = h.run(&["--token-stdin", "planos", "insert", "--file", "-"], Env::NoToken, Some(&piped)).expect(2);
    assert!(run.stderr().contains("ao mesmo tempo"), "{}", run.stderr());
}

#[test]
fn missing_token_says_how_to_give_it() {
    let h = Harness::start();
    let run = h.run(&["regioes", "list"], Env::NoToken, None).expect(2);
    assert!(run.stderr().contains("PABX_TOKEN"), "{}", run.stderr());
    assert!(run.stderr().contains("--token-stdin"), "{}", run.stderr());
    assert!(run.stdout().is_empty());
}

#[test]
fn usage_errors_and_help() {
    let h = Harness::start();
    let run = h.pabx(&["ramais", "frobnicate"]).expect(2);
    assert!(run.stderr().starts_with("erro: subcomando desconhecido \"frobnicate\""), "{}", run.stderr());
    let run = h.pabx(&["--token", "x", "regioes", "list"]).expect(2);
    assert!(run.stderr().contains("nunca é aceito como argumento"), "{}", run.stderr());
    let run = h.pabx(&["dids", "list", "--nome", "x"]).expect(2);
    assert!(run.stderr().contains("--nome"), "{}", run.stderr());
    let run = h.pabx(&["ramais", "delete", "--id", "5"]).expect(2);
    assert!(run.stderr().contains("--cliente"), "{}", run.stderr());
    let help = h.pabx(&["--help"]).expect(0);
    for code in ["0  sucesso", "2  uso", "3  dados inválidos", "4  erro da API", "5  erro de rede", "6  não é possível saber"] {
        assert!(help.stdout().contains(code), "{code}: {}", help.stdout());
    }
    let (code, stderr) = pabx_at("http://pabx.example.com", "t0k3n-qualquer");
    assert_eq!(code, Some(2), "plain http to a remote host is refused: {stderr}");
}

/// The rows of an exported CSV keyed by column, whatever the dialect.
fn exported_rows(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    use pabx_bulk::csv_io::{map_headers, read_table, Column};
    use pabx_bulk::historico::COLUNAS;
    let bytes = std::fs::read(path).expect("the export wrote its file");
    let table = read_table(&bytes).expect("the export parses");
    let columns: Vec<Column> = COLUNAS.iter().map(|(key, label)| Column { key: (*key).into(), labels: vec![(*label).into()] }).collect();
    let mapping = map_headers(&table.headers, &columns);
    assert!(mapping.unknown.is_empty(), "{:?}", mapping.unknown);
    table
        .rows
        .into_iter()
        .map(|row| mapping.columns.iter().zip(row.fields).filter_map(|(key, value)| Some((key.clone()?, value))).collect())
        .collect()
}

fn decimal(text: &str) -> f64 {
    pabx_bulk::csv_io::parse_decimal(text).unwrap_or_else(|| panic!("not a number: {text:?}"))
}

#[test]
fn chamadas_export_of_the_whole_retention_window_with_every_customer() {
    let h = Harness::start();
    let (de, ate) = (pabx_sandbox::data_relativa(pabx_sandbox::RETENCAO_DIAS), pabx_sandbox::data_relativa(0));
    let dir = std::env::temp_dir().join(format!("pabx-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("chamadas.csv");
    let out = h
        .pabx(&["chamadas", "export", "--de", &de, "--ate", &ate, "--todos-clientes", "--file", file.to_str().unwrap(), "--formato", "csv"])
        .expect(0)
        .json();
    let rows = exported_rows(&file);
    // The seed's whole history: longer than two months, every customer, each call once.
    let request = ListarHistoricoChamada { data_inicial: de.clone(), data_final: ate.clone(), ..Default::default() };
    let expected: Vec<i64> = h.block_on(async {
        let mut busca = pabx_api::historico::buscar(&h.client, &request, Default::default()).unwrap();
        let mut ids = Vec::new();
        while let Some(page) = busca.proxima().await.unwrap() {
            ids.extend(page.iter().map(|c| c.cdr_id));
        }
        ids
    });
    assert_eq!(expected.len(), 9000);
    let exported: Vec<i64> = rows.iter().map(|r| r["cdr_id"].parse().unwrap()).collect();
    assert_eq!(exported, expected, "every call, in the server's order");
    assert_eq!(out["linhas"], 9000);
    let clientes: std::collections::HashSet<&str> = rows.iter().map(|r| r["cliente_nome"].as_str()).collect();
    assert_eq!(clientes.len(), 3, "{clientes:?}");
    assert!(!clientes.contains(""), "every row names its customer");
    assert!(!dir.join("chamadas.csv.parcial").exists());

    // The totals of `resumo` are those of the exported rows.
    let resumo = h.pabx(&["chamadas", "resumo", "--de", &de, "--ate", &ate, "--todos-clientes"]).expect(0).json();
    let t = &resumo["totais"];
    let count = |f: &dyn Fn(&std::collections::HashMap<String, String>) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    assert_eq!(t["chamadas"], rows.len() as u64);
    assert_eq!(t["atendidas"], count(&|r| r["status"] == "ATENDIDA"));
    assert_eq!(t["nao_atendidas"], count(&|r| r["status"] == "NAO ATENDIDA" || r["status"] == "OCUPADO"));
    assert_eq!(t["falhas"], count(&|r| r["status"] == "FALHA"));
    assert_eq!(t["divergentes"], count(&|r| r["divergente"] == "sim"));
    assert_eq!(t["divergentes"], out["divergentes"]);
    assert!(t["divergentes"].as_u64().unwrap() > 0, "the seed has calls billed off their tariff");
    let duracao: i64 = rows.iter().map(|r| r["duracao_chamada"].parse::<i64>().unwrap()).sum();
    assert_eq!(t["duracao_total"], duracao);
    let custo: f64 = rows.iter().map(|r| decimal(&r["preco"])).sum();
    assert!((t["custo_total"].as_f64().unwrap() - custo).abs() < 0.001, "{t} vs {custo}");
    let diferenca: f64 = rows.iter().filter(|r| r["divergente"] == "sim").map(|r| decimal(&r["diferenca"])).sum();
    assert!((t["diferenca_divergentes"].as_f64().unwrap() - diferenca).abs() < 0.001);
    let por_dia: u64 = resumo["por_dia"].as_array().unwrap().iter().map(|g| g["totais"]["chamadas"].as_u64().unwrap()).sum();
    assert_eq!(por_dia, 9000);
    let table = h.pabx(&["--format", "table", "chamadas", "resumo", "--de", &de, "--ate", &ate, "--todos-clientes"]).expect(0);
    for title in ["Totais", "Por dia", "Por hora", "Por região", "Por ramal", "Por tronco", "custo_total"] {
        assert!(table.stdout().contains(title), "{title}: {}", table.stdout());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn chamadas_export_formats_parse_back_to_the_same_records() {
    let h = Harness::start();
    let cliente = h.clientes()[0].cliente_id.to_string();
    let (de, ate) = (pabx_sandbox::data_relativa(70), pabx_sandbox::data_relativa(0));
    let dir = std::env::temp_dir().join(format!("pabx-cli-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (excel, csv) = (dir.join("excel.csv"), dir.join("rfc.csv"));
    for (file, formato) in [(&excel, "excel"), (&csv, "csv")] {
        h.pabx(&[
            "chamadas",
            "export",
            "--cliente",
            &cliente,
            "--de",
            &de,
            "--ate",
            &ate,
            "--file",
            file.to_str().unwrap(),
            "--formato",
            formato,
        ])
        .expect(0);
    }
    let bytes = std::fs::read(&excel).unwrap();
    assert!(bytes.starts_with("\u{feff}Data;".as_bytes()), "Excel pt-BR: BOM, labels, semicolons");
    assert!(std::fs::read(&csv).unwrap().starts_with(b"data,cliente_id,"));
    let (a, b) = (exported_rows(&excel), exported_rows(&csv));
    assert!(a.len() > 100, "{}", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for (key, value) in x {
            match key.as_str() {
                "preco" | "custo_tarifa" | "diferenca" if !value.is_empty() => assert_eq!(decimal(value), decimal(&y[key])),
                _ => assert_eq!(value, &y[key], "{key}"),
            }
        }
    }
    assert!(a.iter().all(|r| r["cliente_id"] == cliente));

    // A period the server refuses in one piece is no error; a bad date is, before anything is written.
    let run =
        h.pabx(&["chamadas", "export", "--cliente", &cliente, "--de", "31/02/2026", "--ate", &ate, "--file", excel.to_str().unwrap()]);
    assert!(run.expect(3).stderr().contains("data_inicial"));
    let run = h.pabx(&["chamadas", "resumo", "--cliente", &cliente, "--todos-clientes", "--de", &de, "--ate", &ate]);
    run.expect(2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn routing_copy_is_a_dry_run_until_aplicar_and_simular_prices_the_route() {
    let h = Harness::start();
    // Plan 3 (customer 2's "Padrão") routes every region in another order: copying plan 1 changes it.
    let seco = h.pabx(&["--format", "table", "regras", "copy", "--de", "1", "--para", "3"]);
    assert_eq!(seco.code(), 0, "{}", seco.stderr());
    assert!(seco.stdout().contains("Simulação: nada foi gravado"), "{}", seco.stdout());
    assert!(seco.stdout().contains(" -> "), "the changes are listed: {}", seco.stdout());
    let antes = h.pabx(&["regras", "list", "--plano", "3"]).json();

    let aplicado = h.pabx(&["regras", "copy", "--de", "1", "--para", "3", "--aplicar"]);
    assert_eq!(aplicado.code(), 0, "{}", aplicado.stderr());
    let resultado = aplicado.json();
    assert_eq!(resultado["salvamento"]["diferencas"], json!([]), "{resultado}");
    let depois = h.pabx(&["regras", "list", "--plano", "3"]).json();
    let um = h.pabx(&["regras", "list", "--plano", "1"]).json();
    let trunks =
        |rows: &Value| rows.as_array().unwrap().iter().map(|r| (r["regiao_id"].clone(), r["tronco_id"].clone())).collect::<Vec<_>>();
    assert_ne!(trunks(&antes), trunks(&depois));
    assert_eq!(trunks(&depois), trunks(&um), "plan 3 now routes as plan 1");

    let sim = h.pabx(&["regras", "simular", "--plano", "1", "--regiao", "1", "--duracao", "45"]);
    assert_eq!(sim.code(), 0, "{}", sim.stderr());
    let sim = sim.json();
    assert_eq!(sim["tentativas"].as_array().unwrap().len(), 3, "the demo plan routes three trunks");
    assert!(sim["tentativas"][0]["custo"].is_number());

    let por_numero = h.pabx(&["--format", "table", "regras", "simular", "--plano", "1", "--numero", "0800 123 4567", "--duracao", "60"]);
    assert_eq!(por_numero.code(), 0, "{}", por_numero.stderr());
    assert!(por_numero.stdout().contains("Serviços especiais"), "{}", por_numero.stdout());

    let ruim = h.pabx(&["regras", "simular", "--plano", "1", "--numero", "abc", "--duracao", "60"]);
    assert_eq!(ruim.code(), 3, "{}", ruim.stderr());
    assert!(ruim.stderr().contains("Número inválido"), "{}", ruim.stderr());
}

/// A write whose answer is lost: the CLI looks the record up and exits 0 (it was saved, with
/// its id), 5 (it was not: send again) or 6 (cannot tell); the insert is never sent twice.
#[test]
fn a_lost_answer_exits_by_what_the_lookup_found() {
    let h = Harness::start();
    let (cliente, ramais) = h.cliente_with_room();
    let faults = |faults: pabx_sandbox::Faults| h.sandbox.as_ref().expect("sandbox").set_faults(faults);
    let insert = |numero: &str| {
        let mut ramal = h.new_ramal(&cliente, &ramais);
        ramal["numero"] = json!(numero);
        ramal["usuario_autenticacao"] = json!(format!("perdido{numero}"));
        TempFile::json(&ramal)
    };
    let count = |numero: &str| h.ramais(cliente.cliente_id).iter().filter(|r| r.numero == numero).count();
    let free: Vec<String> =
        (cliente.faixa_min..=cliente.faixa_max).map(|n| n.to_string()).filter(|n| ramais.iter().all(|r| &r.numero != n)).take(3).collect();

    // Applied, answer lost: exit 0, the id on stdout, one record.
    faults(pabx_sandbox::Faults { lost_answer_rate: 1.0, writes_only: true, ..Default::default() });
    let file = insert(&free[0]);
    let run = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(0);
    assert!(run.stdout().contains("foi criado (id"), "{}", run.stdout());
    faults(pabx_sandbox::Faults::default());
    assert_eq!(count(&free[0]), 1);

    // Dropped before it was applied: exit 5, "send again", nothing stored.
    faults(pabx_sandbox::Faults { drop_rate: 1.0, writes_only: true, ..Default::default() });
    let file = insert(&free[1]);
    let run = h.pabx(&["ramais", "insert", "--file", file.path()]).expect(5);
    assert!(run.stderr().contains("pode enviar de novo"), "{}", run.stderr());
    faults(pabx_sandbox::Faults::default());
    assert_eq!(count(&free[1]), 0);

    // A broken answer and a broken lookup: exit 6, "cannot tell". (A cliente: a ramal's
    // insert would stop earlier, at the read of its cliente.)
    let novo = Cliente { cliente_id: 0, login: "perdido6".into(), ..cliente.clone() };
    let file = TempFile::json(&serde_json::to_value(&novo).unwrap());
    faults(pabx_sandbox::Faults { malformed_rate: 1.0, ..Default::default() });
    let run = h.pabx(&["clientes", "insert", "--file", file.path()]).expect(6);
    assert!(run.stderr().contains("não foi possível confirmar"), "{}", run.stderr());
    faults(pabx_sandbox::Faults::default());
    assert_eq!(h.clientes().iter().filter(|c| c.login == "perdido6").count(), 0, "the broken answer came before the insert");
    assert_eq!(count(&free[2]), 0);
}

/// A server that answers every field as a string (`--todos-texto`): the CLI lists typed values
/// (with the forms beside them), and a DID and a ramal altered from that output are accepted.
#[test]
fn lists_and_alters_dids_and_ramais_of_a_server_that_answers_all_strings() {
    let h = Harness::start_with(SandboxConfig { todos_texto: true, ..SandboxConfig::in_memory() });
    let (cliente, _) = h.cliente_with_room();
    let cid = cliente.cliente_id.to_string();
    let dids = h.pabx(&["dids", "list", "--cliente", &cid, "--all"]).expect(0).json();
    let did = dids.as_array().and_then(|d| d.first()).cloned().expect("the demo customer has DIDs");
    assert!(did["did_id"].is_i64(), "typed for the user: {did}");
    assert_eq!(did["_forma"]["did_id"], "texto", "{did}");
    assert!(did["horario_funcionamento_lista_feriados"].as_array().is_some_and(|f| !f.is_empty()), "{did}");
    let mut changed = did.clone();
    changed["maximo_chamadas_simultaneas"] = json!(7);
    let file = TempFile::json(&changed);
    h.pabx(&["dids", "alter", "--file", file.path()]).expect(0);
    let id = did["did_id"].as_i64().unwrap();
    let after: Vec<Did> = h.block_on(h.client.listar_dids(&ListarDids { cliente_id: cliente.cliente_id })).unwrap().records;
    let altered = after.iter().find(|d| d.did_id == id).expect("still listed");
    assert_eq!(altered.maximo_chamadas_simultaneas, 7);
    assert_eq!(serde_json::to_value(&altered.horario_funcionamento_lista_feriados).unwrap(), did["horario_funcionamento_lista_feriados"]);

    let table = h.pabx(&["--format", "table", "dids", "list", "--cliente", &cid, "--all"]).expect(0);
    assert_eq!(table.stdout().lines().count(), dids.as_array().unwrap().len() + 1, "{}", table.stdout());
    let ramais = h.pabx(&["ramais", "list", "--cliente", &cid, "--all", "--revelar-senhas"]).expect(0).json();
    let mut ramal = ramais[0].clone();
    assert!(ramal["ramal_id"].is_i64() && ramal["encaminhar_todas_chamadas"]["encaminhamento_tipo"].is_i64(), "{ramal}");
    ramal["nome"] = json!("Renomeado (servidor todo texto)");
    let file = TempFile::json(&ramal);
    h.pabx(&["ramais", "alter", "--file", file.path()]).expect(0);
    let renamed = h.ramais(cliente.cliente_id).into_iter().find(|r| Some(r.ramal_id) == ramal["ramal_id"].as_i64()).unwrap();
    assert_eq!(renamed.nome, "Renomeado (servidor todo texto)");
}

/// A DID written by an integration (ids as strings, weekdays and holidays as lists of strings),
/// listed and altered with the CLI, is stored back in that shape.
#[test]
fn a_did_altered_from_the_cli_goes_back_in_the_shape_it_came() {
    let h = Harness::start();
    let (cliente, _) = h.cliente_with_room();
    let fixture: Value = serde_json::from_str(include_str!("../../../tests/replay/pedidos/04_inserir_did_texto_e_listas.json")).unwrap();
    let mut dados = fixture["corpo"]["dados"].clone();
    dados["cliente_id"] = json!(cliente.cliente_id.to_string());
    dados["destino"] = json!(cliente.faixa_min.to_string());
    let fields = json!({"cliente_id": cliente.cliente_id.to_string(), "dados": dados});
    h.block_on(h.client.call("inserir_did", fields.as_object().unwrap().clone())).expect("the integration's body is accepted");
    let raw = || {
        let fields = json!({"cliente_id": cliente.cliente_id}).as_object().unwrap().clone();
        let envelope = h.block_on(h.client.call("listar_dids", fields)).unwrap();
        envelope.records().into_iter().find(|d| d["numero"] == "1130042000").expect("the DID is listed")
    };
    let before = raw();
    assert!(before["cliente_id"].is_string(), "{before}");

    let listed = h.pabx(&["dids", "list", "--cliente", &cliente.cliente_id.to_string(), "--all", "--revelar-senhas"]).expect(0).json();
    let mut did = listed.as_array().unwrap().iter().find(|d| d["numero"] == "1130042000").cloned().unwrap();
    did["maximo_chamadas_simultaneas"] = json!(12);
    did["horario_funcionamento_lista_feriados"].as_array_mut().unwrap().push(json!("07/09 Independência"));
    let file = TempFile::json(&did);
    h.pabx(&["dids", "alter", "--file", file.path()]).expect(0);

    let after = raw();
    assert_eq!((&after["did_id"], &after["cliente_id"]), (&before["did_id"], &before["cliente_id"]));
    assert_eq!(after["maximo_chamadas_simultaneas"], json!("12"));
    assert_eq!(after["horario_funcionamento_dias_semana"], json!(["1", "2", "3", "4", "5"]));
    assert_eq!(after["horario_funcionamento_lista_feriados"], json!(["01/01", "21/04", "25/12", "07/09 Independência"]));
    assert_eq!(after["habilitar_registro"], json!("0"));
}
