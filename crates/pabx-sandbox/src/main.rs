//! `pabx-sandbox`: runs the PABX API emulator until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use pabx_sandbox::{Faults, Sandbox, SandboxConfig, Seed};

/// Local emulator of the PABX API (SQLite), for development and tests.
#[derive(Debug, Parser)]
#[command(
    name = "pabx-sandbox",
    version,
    after_help = "O token aceito vem da variável PABX_SANDBOX_TOKEN; sem ela, um token aleatório é criado e mostrado ao iniciar (um token dado pela variável nunca é mostrado)."
)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// SQLite file, created and seeded on first run; in memory when absent.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Initial data of a new database: none, demo, large (50 customers, 10,000 ramais) or grande
    /// (one customer with 10,000 ramais).
    #[arg(long, default_value = "demo")]
    seed: Seed,
    /// The `usuario` accepted in `autenticacao`.
    #[arg(long, default_value = "sandbox")]
    usuario: String,
    /// Delay added to every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of requests answered with a 500 (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Share of requests answered with a broken JSON body (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    malformed_rate: f64,
    /// Share of connections closed without an answer (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Share of requests carried out and then closed without an answer (0 to 1): a write is
    /// applied but its answer is lost.
    #[arg(long, default_value_t = 0.0)]
    lost_answer_rate: f64,
    /// The faults hit only writes; reads (listar_*) answer normally.
    #[arg(long)]
    faults_writes_only: bool,
    /// Answer every field as a string (lists as lists of strings), as some production servers do.
    #[arg(long)]
    todos_texto: bool,
    /// Print one line per request (`pedido N acao cliente_id=C pos=P`), for tests and
    /// measurements that check what reached the server.
    #[arg(long)]
    registrar_pedidos: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    for (flag, rate) in [
        ("--error-rate", args.error_rate),
        ("--malformed-rate", args.malformed_rate),
        ("--drop-rate", args.drop_rate),
        ("--lost-answer-rate", args.lost_answer_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            eprintln!("{flag} deve estar entre 0 e 1 (recebido {rate}).");
            return ExitCode::from(2);
        }
    }
    let mut config = match &args.data {
        Some(path) => SandboxConfig::with_file(path),
        None => SandboxConfig::in_memory(),
    };
    config.bind = SocketAddr::from(([127, 0, 0, 1], args.port));
    config.seed = args.seed;
    config.usuario = args.usuario.clone();
    config.todos_texto = args.todos_texto;
    // From the environment only: a token on the command line would show in `ps`.
    config.token = std::env::var("PABX_SANDBOX_TOKEN").ok().filter(|t| !t.trim().is_empty());
    let token_given = config.token.is_some();
    config.faults = Faults {
        latency_ms: args.latency_ms,
        error_rate: args.error_rate,
        malformed_rate: args.malformed_rate,
        drop_rate: args.drop_rate,
        lost_answer_rate: args.lost_answer_rate,
        writes_only: args.faults_writes_only,
    };
    let stop = shutdown_signal();
    let sandbox = match Sandbox::start(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    sandbox.log_requests(args.registrar_pedidos);
    let credentials = sandbox.credentials();
    let storage = match &args.data {
        Some(path) => format!("arquivo {}", path.display()),
        None => "memória (perdido ao sair)".to_owned(),
    };
    // A generated token is printed once, on purpose: this is how the user learns it. One given
    // by the environment is the user's already, and a banner may end up in a log.
    println!("Sandbox PABX no ar: {}", sandbox.url());
    println!("usuario: {}", credentials.usuario);
    if token_given {
        println!("token: o de PABX_SANDBOX_TOKEN (não mostrado)");
    } else {
        println!("token: {}", credentials.token.expose());
    }
    println!("dados: {storage}; semente: {}. Ctrl-C para parar.", args.seed);
    stop.await;
    sandbox.stop().await;
    println!("Sandbox parado.");
    ExitCode::SUCCESS
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are registered here, before the URL is printed,
/// so a signal sent as soon as the sandbox answers is never missed (the default action would
/// kill the process without a clean stop).
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let term = signal(SignalKind::terminate());
    let interrupt = signal(SignalKind::interrupt());
    async move {
        match (term, interrupt) {
            (Ok(mut term), Ok(mut interrupt)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = interrupt.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
