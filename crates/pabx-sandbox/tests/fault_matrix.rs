//! The fault matrix: every fault {refused, timeout, 5xx, malformed body, dropped, lost answer
//! after the write was applied, redirect to another host, 401, 400, 404} against every operation
//! {list all, insert, alter, delete}, through the real client over loopback against the sandbox
//! (and, for the redirect, a small server in the test pointing at a second loopback address).
//! Each cell asserts the error kind, that the message is pt-BR, and for writes how many records
//! exist afterwards: never 2. Faults on writes hit writes only (`Faults::writes_only`), so the
//! lookup that follows a lost answer can see the truth; the timeout slows reads too, so there
//! the lookup fails and the answer is "cannot tell".

mod common;

use std::time::Duration;

use pabx_api::cliente::{DeletarCliente, InserirCliente};
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use pabx_api::validation::Necessidade;
use pabx_api::{Client, ClientConfig, Credentials, Error, ErrorKind, Ramal, RetryPolicy, WriteState};
use pabx_sandbox::{Faults, Sandbox, Seed};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const RETRY: RetryPolicy = RetryPolicy {
    max_attempts: 4,
    base_delay: Duration::from_millis(5),
    max_delay: Duration::from_millis(20),
    max_retry_after: Duration::from_secs(2),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Refused,
    Timeout,
    ServerError,
    Malformed,
    Dropped,
    LostAnswer,
    Redirect,
    Unauthorized,
    BadRequest,
    NotFound,
}

const FAULTS: [Fault; 10] = [
    Fault::Refused,
    Fault::Timeout,
    Fault::ServerError,
    Fault::Malformed,
    Fault::Dropped,
    Fault::LostAnswer,
    Fault::Redirect,
    Fault::Unauthorized,
    Fault::BadRequest,
    Fault::NotFound,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    ListAll,
    Insert,
    Alter,
    Delete,
}

/// What a cell must show.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// The list succeeds with this many records.
    ListOk(usize),
    /// This error kind (and for `outcome_unknown`, this state).
    Fails(ErrorKind, Option<WriteState>),
}

/// A customer with three ramais (101, 102, 103), made for one cell.
struct Fixture {
    cliente_id: i64,
    ramais: Vec<Ramal>,
}

async fn fixture(client: &Client, login: &str) -> Fixture {
    // Room for the fourth ramal an insert adds.
    let cliente = pabx_api::Cliente { qtd_ramais_max: 10, ..common::novo_cliente(login) };
    let outcome = client.inserir_cliente(&InserirCliente { dados: cliente }).await.expect("cliente");
    let cliente_id = outcome.id("cliente_id").expect("cliente id");
    let mut ramais = Vec::new();
    for numero in ["101", "102", "103"] {
        let ramal = novo_ramal(cliente_id, numero);
        let outcome = client.inserir_ramal(&InserirRamal { dados: ramal.clone() }).await.expect("ramal");
        ramais.push(Ramal { ramal_id: outcome.id("ramal_id").expect("ramal id"), ..ramal });
    }
    Fixture { cliente_id, ramais }
}

fn novo_ramal(cliente_id: i64, numero: &str) -> Ramal {
    Ramal { cliente_id, nome: format!("Ramal {numero}"), numero: numero.into(), senha_sip: "SenhaSip#2026".into(), ..Default::default() }
}

fn client_at(url: &str, credentials: Credentials, timeout: Duration) -> Client {
    let mut config = ClientConfig::new(url, credentials);
    config.retry = RETRY;
    config.request_timeout = timeout;
    config.connect_timeout = Duration::from_secs(2);
    Client::new(config).expect("client")
}

/// A server on 127.0.0.1 that answers every request with a 307 to 127.0.0.2 (where nothing
/// listens); counts the requests it got.
async fn redirecting_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/pabx/api.php", listener.local_addr().expect("addr"));
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 64 * 1024];
                let _ = stream.read(&mut buffer).await;
                let answer = "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.2:9/pabx/api.php\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (url, count)
}

fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    format!("http://{}/pabx/api.php", listener.local_addr().expect("addr"))
}

/// The faults for one cell; writes-only for writes, so the lookup still sees the sandbox.
fn faults(fault: Fault, op: Op) -> Faults {
    let writes_only = op != Op::ListAll;
    match fault {
        Fault::Timeout => Faults { latency_ms: 1_500, ..Faults::default() },
        Fault::ServerError => Faults { error_rate: 1.0, writes_only, ..Faults::default() },
        Fault::Malformed => Faults { malformed_rate: 1.0, writes_only, ..Faults::default() },
        Fault::Dropped => Faults { drop_rate: 1.0, writes_only, ..Faults::default() },
        Fault::LostAnswer => Faults { lost_answer_rate: 1.0, writes_only, ..Faults::default() },
        _ => Faults::default(),
    }
}

fn expected(fault: Fault, op: Op) -> Expect {
    use ErrorKind as K;
    let write = |kind, state| if op == Op::ListAll { None } else { Some(Expect::Fails(kind, state)) };
    let unknown = |state| write(K::OutcomeUnknown, Some(state));
    let cell = match fault {
        Fault::Refused => Some(Expect::Fails(K::Connect, None)),
        Fault::Timeout => unknown(WriteState::Unknown { reason: String::new() }).or(Some(Expect::Fails(K::Timeout, None))),
        Fault::ServerError => Some(Expect::Fails(K::Server, None)),
        Fault::Malformed => unknown(WriteState::NotApplied).or(Some(Expect::Fails(K::MalformedResponse, None))),
        Fault::Dropped => unknown(WriteState::NotApplied).or(Some(Expect::Fails(K::Connect, None))),
        Fault::LostAnswer => unknown(WriteState::Applied { id: None }).or(Some(Expect::Fails(K::Connect, None))),
        Fault::Redirect => Some(Expect::Fails(K::Redirect, None)),
        Fault::Unauthorized => Some(Expect::Fails(K::Unauthorized, None)),
        Fault::BadRequest => Some(Expect::Fails(K::Validation, None)),
        // A wrong path answers 404: a list reads it as empty, a write as "not found"; a ramal's
        // insert or alter reads its cliente first, finds none and sends nothing.
        Fault::NotFound if matches!(op, Op::Insert | Op::Alter) => Some(Expect::Fails(K::InvalidInput, None)),
        Fault::NotFound => write(K::NotFound, None).or(Some(Expect::ListOk(0))),
    };
    cell.unwrap_or(Expect::ListOk(0))
}

/// Portuguese, and none of the transport's English.
fn assert_pt_br(text: &str) {
    let portuguese = ["servidor", "não", "Não", "conta", "registro", "de novo", "Confira", "dados", "Corrija"];
    assert!(portuguese.iter().any(|word| text.contains(word)), "not pt-BR: {text}");
    for english in ["error sending", "connection closed", "timed out", "client error", "operation", "request"] {
        assert!(!text.contains(english), "English in: {text}");
    }
}

/// Runs the operation; returns the outcome and, for writes, the records afterwards (counted
/// by natural key for an insert, by id for a delete; for an alter, 1 when the change landed).
async fn run(op: Op, fault: Fault, client: &Client, fixture: &Fixture) -> Result<usize, Error> {
    let target = &fixture.ramais[0];
    match op {
        Op::ListAll => {
            let request = if fault == Fault::BadRequest {
                // Past the sandbox's largest page: the server refuses the list.
                ListarRamais { cliente_id: fixture.cliente_id, quantidade: Some(5_000), ..Default::default() }
            } else {
                ListarRamais { cliente_id: fixture.cliente_id, quantidade: Some(2), ..Default::default() }
            };
            client.list_all(request, |_| {}).await.map(|records| records.len())
        }
        Op::Insert => {
            // 400: the number is already used by ramal 101.
            let numero = if fault == Fault::BadRequest { "101" } else { "150" };
            client.inserir_ramal(&InserirRamal { dados: novo_ramal(fixture.cliente_id, numero) }).await.map(|_| 0)
        }
        Op::Alter => {
            let mut altered = Ramal { nome: "Nome alterado".into(), ..target.clone() };
            if fault == Fault::BadRequest {
                altered.numero = "102".into(); // taken by another ramal
            }
            client.alterar_ramal(&AlterarRamal { dados: altered }).await.map(|_| 0)
        }
        Op::Delete if fault == Fault::BadRequest => {
            // A customer that still has ramais cannot be deleted.
            client.deletar_cliente(&DeletarCliente { cliente_id: fixture.cliente_id }).await.map(|_| 0)
        }
        Op::Delete => client.deletar_ramal(&DeletarRamal { cliente_id: fixture.cliente_id, ramal_id: target.ramal_id }).await.map(|_| 0),
    }
}

/// Records that exist after a write, seen through a clean client.
async fn records_after(op: Op, fault: Fault, clean: &Client, fixture: &Fixture) -> usize {
    let ramais = clean.list_all(ListarRamais { cliente_id: fixture.cliente_id, ..Default::default() }, |_| {}).await.expect("clean list");
    let target = &fixture.ramais[0];
    match op {
        Op::ListAll => ramais.len(),
        Op::Insert if fault == Fault::BadRequest => ramais.iter().filter(|r| r.numero == "101").count(),
        Op::Insert => ramais.iter().filter(|r| r.numero == "150").count(),
        Op::Alter => ramais.iter().filter(|r| r.ramal_id == target.ramal_id && r.nome == "Nome alterado").count(),
        Op::Delete if fault == Fault::BadRequest => {
            let clientes = clean
                .list_all(pabx_api::cliente::ListarClientes { cliente_id: fixture.cliente_id, ..Default::default() }, |_| {})
                .await
                .expect("clean list");
            clientes.iter().filter(|c| c.cliente_id == fixture.cliente_id).count()
        }
        Op::Delete => ramais.iter().filter(|r| r.ramal_id == target.ramal_id).count(),
    }
}

/// What the records afterwards must be, given what the client said.
fn allowed_records(op: Op, fault: Fault, outcome: &Result<usize, Error>) -> Vec<usize> {
    let state = outcome.as_ref().err().and_then(Error::write_state);
    let applied = match state {
        Some(WriteState::Applied { .. }) => Some(true),
        Some(WriteState::NotApplied) => Some(false),
        Some(_) => None, // cannot tell: either, but never 2
        None => Some(false),
    };
    match (op, applied) {
        (Op::ListAll, _) => vec![3],
        // The duplicate number stays one record; the undeletable customer stays; the refused
        // alter changed nothing.
        (Op::Alter, _) if fault == Fault::BadRequest => vec![0],
        (_, _) if fault == Fault::BadRequest => vec![1],
        (Op::Insert | Op::Alter, Some(true)) => vec![1],
        (Op::Insert | Op::Alter, Some(false)) => vec![0],
        (Op::Delete, Some(true)) => vec![0],
        (Op::Delete, Some(false)) => vec![1],
        (_, None) => vec![0, 1],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_every_operation() {
    let sandbox = common::start(Seed::None).await;
    let credentials = sandbox.credentials();
    let clean = client_at(&sandbox.url(), credentials.clone(), Duration::from_secs(10));
    let (redirect_url, redirect_count) = redirecting_server().await;
    let mut table = Vec::new();
    for (f, fault) in FAULTS.iter().copied().enumerate() {
        for op in [Op::ListAll, Op::Insert, Op::Alter, Op::Delete] {
            let fixture = fixture(&clean, &format!("matriz{f}{}", op as u8)).await;
            let (url, credentials, timeout) = match fault {
                Fault::Refused => (closed_port_url(), credentials.clone(), Duration::from_secs(5)),
                Fault::Redirect => (redirect_url.clone(), credentials.clone(), Duration::from_secs(5)),
                Fault::Unauthorized => (sandbox.url(), Credentials::new("sandbox", "token-errado-123"), Duration::from_secs(5)),
                Fault::NotFound => {
                    (sandbox.url().replace("/pabx/api.php", "/pabx/errado.php"), credentials.clone(), Duration::from_secs(5))
                }
                Fault::Timeout => (sandbox.url(), credentials.clone(), Duration::from_millis(300)),
                _ => (sandbox.url(), credentials.clone(), Duration::from_secs(5)),
            };
            let client = client_at(&url, credentials, timeout);
            if fault == Fault::Timeout && matches!(op, Op::Insert | Op::Alter) {
                // A ramal's write first reads its cliente and count (the validation contract's
                // context, cached per account): fetched before the fault, so the write itself
                // meets the timeout, not the read before it.
                let necessidade = Necessidade { cliente: Some(fixture.cliente_id), ramais_do_cliente: true };
                client.contexto(necessidade).await.expect("context before the fault");
            }
            sandbox.set_faults(faults(fault, op));
            let outcome = run(op, fault, &client, &fixture).await;
            sandbox.set_faults(Faults::default());
            if fault == Fault::Timeout {
                // Let a request still sleeping in the sandbox finish before counting.
                tokio::time::sleep(Duration::from_millis(1_700)).await;
            }
            let after = records_after(op, fault, &clean, &fixture).await;
            let cell = format!("{fault:?} x {op:?}");
            match (expected(fault, op), &outcome) {
                (Expect::ListOk(n), Ok(got)) => assert_eq!(*got, n, "{cell}"),
                (Expect::Fails(kind, state), Err(error)) => {
                    assert_eq!(error.kind(), kind, "{cell}: {error:?}");
                    match (state, error.write_state()) {
                        (Some(WriteState::Applied { .. }), Some(WriteState::Applied { id })) => {
                            assert!(id.is_some(), "{cell}: the lookup names the id")
                        }
                        (Some(WriteState::Unknown { .. }), Some(WriteState::Unknown { .. })) => {}
                        (Some(expected), Some(got)) => assert_eq!(got, &expected, "{cell}"),
                        (None, None) => {}
                        (expected, got) => panic!("{cell}: state {got:?}, expected {expected:?}"),
                    }
                    assert_pt_br(&error.to_string());
                }
                (expected, got) => panic!("{cell}: expected {expected:?}, got {got:?}"),
            }
            let allowed = allowed_records(op, fault, &outcome);
            assert!(allowed.contains(&after), "{cell}: {after} records afterwards, allowed {allowed:?}; {outcome:?}");
            assert!(after < 2 || op == Op::ListAll, "{cell}: a write doubled");
            let shown = match &outcome {
                Ok(n) => format!("ok ({n})"),
                Err(error) => match error.write_state() {
                    Some(state) => format!("{:?} {}", error.kind(), state_name(state)),
                    None => format!("{:?}", error.kind()),
                },
            };
            table.push((fault, op, shown, after));
        }
    }
    assert!(redirect_count.load(std::sync::atomic::Ordering::SeqCst) >= 4, "the redirecting server was asked");
    eprintln!("\nfault matrix (cell: outcome / records afterwards)");
    for fault in FAULTS {
        let row: Vec<String> =
            table.iter().filter(|(f, ..)| *f == fault).map(|(_, op, shown, after)| format!("{op:?}: {shown} / {after}")).collect();
        eprintln!("{fault:?}: {}", row.join(" | "));
    }
    stop(sandbox).await;
}

fn state_name(state: &WriteState) -> &'static str {
    match state {
        WriteState::Unchecked => "unchecked",
        WriteState::Applied { .. } => "applied",
        WriteState::NotApplied => "not_applied",
        WriteState::Unknown { .. } => "unknown",
    }
}

async fn stop(sandbox: Sandbox) {
    sandbox.stop().await;
}
