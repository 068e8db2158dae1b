//! The `pabx-sandbox` binary: starts, prints its URL and credentials once, serves, keeps a
//! file database across restarts, and stops cleanly on SIGINT (Ctrl-C) and SIGTERM.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pabx_api::cliente::{InserirCliente, ListarClientes};
use pabx_api::{Client, ClientConfig, Cliente, Credentials};

struct Running {
    child: Child,
    url: String,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

fn spawn(args: &[&str], token: &str) -> Running {
    let (running, shown) = spawn_with(args, Some(token));
    // A token the user gave is never printed.
    assert_eq!(shown, "token: o de PABX_SANDBOX_TOKEN (não mostrado)");
    running
}

/// Starts the binary (with `PABX_SANDBOX_TOKEN` when `token` is given); returns the banner's
/// token line.
fn spawn_with(args: &[&str], token: Option<&str>) -> (Running, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pabx-sandbox"));
    command.env_remove("PABX_SANDBOX_TOKEN");
    if let Some(token) = token {
        command.env("PABX_SANDBOX_TOKEN", token);
    }
    let mut child = command.args(["--port", "0"]).args(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let url = first.split_whitespace().last().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/pabx/api.php"), "{first}");
    assert_eq!(lines.next().unwrap().unwrap(), "usuario: sandbox");
    let shown = lines.next().unwrap().unwrap();
    (Running { child, url, lines }, shown)
}

fn signal(running: &Running, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &running.child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

/// Waits for a clean exit (code 0 and the farewell line) within 10 s.
fn wait_clean_exit(mut running: Running) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
    let rest: Vec<String> = running.lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l == "Sandbox parado."), "{rest:?}");
}

fn client(url: &str, token: &str) -> Client {
    let mut config = ClientConfig::new(url, Credentials::new("sandbox", token));
    // The fault test wants the server's error, not a minute of retries.
    config.retry.max_attempts = 1;
    Client::new(config).unwrap()
}

#[tokio::test]
async fn the_banner_shows_only_a_token_it_generated() {
    let (running, shown) = spawn_with(&["--seed", "none"], Some("token-do-ambiente-42"));
    assert!(!shown.contains("token-do-ambiente-42"), "{shown}");
    signal(&running, "TERM");
    let rest: Vec<String> = {
        let mut running = running;
        let _ = running.child.wait();
        running.lines.map_while(Result::ok).collect()
    };
    assert!(rest.iter().all(|line| !line.contains("token-do-ambiente-42")), "{rest:?}");

    let (running, shown) = spawn_with(&["--seed", "none"], None);
    let generated = shown.strip_prefix("token: ").expect("the generated token is shown").to_owned();
    assert_eq!(generated.len(), 32, "{shown}");
    // It is the one the sandbox accepts.
    client(&running.url, &generated).listar_regioes(&Default::default()).await.expect("accepted");
    signal(&running, "TERM");
    wait_clean_exit(running);
}

#[tokio::test]
async fn serves_and_stops_on_sigint_and_sigterm_keeping_file_data() {
    let path = common::temp_db("bin");
    let data = path.to_str().unwrap();
    let token = "token-do-teste-binario";

    let running = spawn(&["--data", data, "--seed", "none"], token);
    let api = client(&running.url, token);
    assert!(api.listar_clientes(&ListarClientes::default()).await.unwrap().records.is_empty());
    let cliente = Cliente {
        login: "binario".into(),
        senha: "segredo123".into(),
        nome: "Binário".into(),
        faixa_min: 10,
        faixa_max: 20,
        qtd_ramais_max: 5,
        ..Default::default()
    };
    api.inserir_cliente(&InserirCliente { dados: cliente }).await.unwrap();
    signal(&running, "INT");
    wait_clean_exit(running);

    let running = spawn(&["--data", data, "--seed", "demo"], token);
    let api = client(&running.url, token);
    let clientes = api.listar_clientes(&ListarClientes::default()).await.unwrap().records;
    assert_eq!(clientes.len(), 1, "kept, and not seeded again");
    assert_eq!(clientes[0].login, "binario");
    signal(&running, "TERM");
    wait_clean_exit(running);
    common::remove_db(&path);
}

#[test]
fn a_signal_right_after_the_banner_still_stops_cleanly() {
    for name in ["TERM", "INT"] {
        let running = spawn(&["--seed", "none"], "token-imediato");
        signal(&running, name);
        wait_clean_exit(running);
    }
}

#[tokio::test]
async fn fault_flags_apply() {
    let running = spawn(&["--seed", "none", "--error-rate", "1"], "token-falhas");
    let error = client(&running.url, "token-falhas").listar_clientes(&ListarClientes::default()).await.unwrap_err();
    assert_eq!(error.kind(), pabx_api::ErrorKind::Server, "{error}");
    signal(&running, "TERM");
    wait_clean_exit(running);
}

#[test]
fn bad_flags_are_refused_with_a_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_pabx-sandbox")).args(["--seed", "enorme"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("none, demo, large ou grande"));
    let output = Command::new(env!("CARGO_BIN_EXE_pabx-sandbox")).args(["--port", "0", "--error-rate", "2"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("entre 0 e 1"));
}
