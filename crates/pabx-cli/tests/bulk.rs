//! `pabx ramais import|export` as a user runs it, against a sandbox on loopback: exit codes, the
//! report, and an import killed halfway (SIGKILL) then run again: every row exactly once.

use std::collections::HashMap;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use pabx_api::cliente::InserirCliente;
use pabx_api::ramal::ListarRamais;
use pabx_api::{Client, ClientConfig, Cliente};
use pabx_sandbox::{Faults, Sandbox, SandboxConfig, Seed};

const BIN: &str = env!("CARGO_BIN_EXE_pabx");

struct Harness {
    runtime: tokio::runtime::Runtime,
    sandbox: Sandbox,
    client: Client,
    dir: tempfile::TempDir,
}

impl Harness {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let mut config = SandboxConfig::in_memory();
        config.seed = Seed::None;
        let sandbox = runtime.block_on(Sandbox::start(config)).expect("sandbox starts");
        let client = Client::new(ClientConfig::new(sandbox.url(), sandbox.credentials())).unwrap();
        Harness { runtime, sandbox, client, dir: tempfile::tempdir().unwrap() }
    }

    fn command(&self, args: &[&str]) -> Command {
        let credentials = self.sandbox.credentials();
        let mut command = Command::new(BIN);
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("PABX_URL", self.sandbox.url())
            .env("PABX_USUARIO", &credentials.usuario)
            .env("PABX_TOKEN", credentials.token.expose())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn pabx(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn cliente(&self, login: &str, qtd: i64) -> i64 {
        let dados = Cliente {
            login: login.into(),
            senha: "segredo123".into(),
            nome: format!("Empresa {login}"),
            email_cliente: format!("ti@{login}.com.br"),
            qtd_ramais_max: qtd,
            faixa_min: 1000,
            faixa_max: 1999,
            cnpj: "11.222.333/0001-81".into(),
            cep: "01310-200".into(),
            estado: "SP".into(),
            cidade: "São Paulo".into(),
            ..Default::default()
        };
        let outcome = self.runtime.block_on(self.client.inserir_cliente(&InserirCliente { dados })).unwrap();
        outcome.id("cliente_id").unwrap()
    }

    fn numeros(&self, cliente_id: i64) -> HashMap<String, usize> {
        let list = self.runtime.block_on(self.client.list_all(ListarRamais { cliente_id, ..Default::default() }, |_| {})).unwrap();
        let mut counts = HashMap::new();
        for r in list {
            *counts.entry(r.numero).or_insert(0) += 1;
        }
        counts
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn dry_run_apply_rerun_and_export_round_trip() {
    let h = Harness::start();
    let cliente = h.cliente("cli", 100).to_string();
    let file = h.file(
        "ramais.csv",
        "numero;nome;senha_sip\n1000;Recepção;Segredo!2026a\n1001;Vendas;Segredo!2026b\n1001;Repetida;Segredo!2026c\n5000;Fora;Segredo!2026d\n",
    );
    let out = h.pabx(&[
        "--format",
        "table",
        "ramais",
        "import",
        "--cliente",
        &cliente,
        "--file",
        &file,
        "--dry-run",
        "--report",
        "relatorio.csv",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("linha 4: numero: repetida") && stdout.contains("linha 5: numero:"), "{stdout}");
    let named: Vec<&str> = stdout.lines().filter_map(|l| l.split(':').next()).filter(|l| l.starts_with("linha ")).collect();
    assert_eq!(named, ["linha 4", "linha 5"], "{stdout}");
    let report = std::fs::read_to_string(h.dir.path().join("relatorio.csv")).unwrap();
    assert!(report.starts_with("\u{feff}linha;chave;acao;campo;mensagem"), "{report}");
    assert!(h.numeros(cliente.parse().unwrap()).is_empty(), "a dry run sends nothing");

    // Applying sends the good rows and exits 3 for the refused ones, which go to a file to fix.
    let out = h.pabx(&["--format", "table", "ramais", "import", "--cliente", &cliente, "--file", &file]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 criados"), "{}", text(&out.stdout));
    let failed = std::fs::read_to_string(h.dir.path().join("ramais.falhas.csv")).unwrap();
    assert_eq!(failed.lines().count(), 3, "{failed}");
    let numeros = h.numeros(cliente.parse().unwrap());
    assert_eq!(numeros.len(), 2);

    // Export, then import the export: nothing to do, exit 0.
    let out = h.pabx(&["ramais", "export", "--cliente", &cliente, "--file", "export.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = h.pabx(&["ramais", "import", "--cliente", &cliente, "--file", "export.csv", "--atualizar", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["counts"]["unchanged"], 2, "{report}");
    let out = h.pabx(&["--format", "table", "ramais", "import", "--cliente", &cliente, "--file", "export.csv", "--atualizar"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 criados, 0 alterados"), "{}", text(&out.stdout));

    // Usage: ramais need a cliente.
    let out = h.pabx(&["ramais", "import", "--file", &file]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_killed_halfway_then_run_again_has_every_row_exactly_once() {
    let h = Harness::start();
    let cliente_id = h.cliente("kill", 500);
    let cliente = cliente_id.to_string();
    let mut csv = String::from("numero;nome;senha_sip\n");
    for n in 1000..1200 {
        csv.push_str(&format!("{n};Ramal {n};Segredo!{n}x\n"));
    }
    let file = h.file("grande.csv", &csv);
    let journal = h.dir.path().join(format!(".grande.csv.ramais-{cliente_id}.diario.jsonl"));
    h.sandbox.set_faults(Faults { latency_ms: 25, ..Faults::default() });
    let mut child = h.command(&["ramais", "import", "--cliente", &cliente, "--file", &file, "--concorrencia", "4"]).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let done = std::fs::read_to_string(&journal).map(|j| j.matches("\"done\"").count()).unwrap_or(0);
        if done >= 40 {
            break;
        }
        assert!(Instant::now() < deadline, "the import did not progress");
        assert!(child.try_wait().unwrap().is_none(), "the import ended before it could be killed");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    h.sandbox.set_faults(Faults::default());
    let partial = h.numeros(cliente_id).len();
    assert!((40..200).contains(&partial), "{partial} rows before the kill");

    let out = h.pabx(&["--format", "table", "ramais", "import", "--cliente", &cliente, "--file", &file]);
    assert_eq!(out.status.code(), Some(0), "{}\n{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("{} criados", 200 - partial)), "{stdout}");
    let numeros = h.numeros(cliente_id);
    assert_eq!(numeros.len(), 200);
    assert!(numeros.values().all(|&n| n == 1), "a row applied twice");
    assert!(!journal.exists(), "the journal goes once every row settled");
}

#[test]
fn a_range_of_ramais_with_generated_passwords_written_once() {
    let h = Harness::start();
    let cliente_id = h.cliente("faixa", 50);
    let cliente = cliente_id.to_string();
    let args = ["--format", "table", "ramais", "faixa", "--cliente", &cliente, "--de", "1100", "--ate", "1109", "--nome", "Sala {numero}"];
    let out = h.pabx(&[&args[..], &["--senhas-arquivo", "senhas.csv", "--dry-run"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("10 a criar"), "{}", text(&out.stdout));
    assert!(!h.dir.path().join("senhas.csv").exists(), "a dry run writes no passwords");

    let out = h.pabx(&[&args[..], &["--senhas-arquivo", "senhas.csv"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("10 criados"), "{}", text(&out.stdout));
    let senhas = std::fs::read_to_string(h.dir.path().join("senhas.csv")).unwrap();
    let list = h.runtime.block_on(h.client.list_all(ListarRamais { cliente_id, ..Default::default() }, |_| {})).unwrap();
    assert_eq!(list.len(), 10);
    for ramal in &list {
        assert!(ramal.nome == format!("Sala {}", ramal.numero));
        assert!(
            ramal.senha_sip.len() >= 16
                && senhas.contains(&format!("{};{};{};{}", ramal.numero, ramal.nome, ramal.senha_sip, ramal.senha_web))
        );
    }
    assert!(!text(&out.stdout).contains(&list[0].senha_sip), "passwords only in the file");

    // Again: nothing to create, no new file, the old one untouched.
    let out = h.pabx(&[&args[..], &["--senhas-arquivo", "senhas2.csv"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!h.dir.path().join("senhas2.csv").exists());
    assert_eq!(h.numeros(cliente_id).len(), 10);
}
