//! `pabx`: the command line over the typed PABX client (`pabx-api`).
//!
//! Parses the command, resolves the account (the token only from `PABX_TOKEN` or stdin), runs
//! it and maps the outcome to an exit code: 0 ok, 2 usage, 3 invalid input, 4 API error,
//! 5 network error, 6 a write's outcome cannot be told. Results go to stdout, messages in pt-BR to stderr.

mod bulk;
mod cli;
mod commands;
mod credentials;
mod entity;
mod failure;
mod input;
mod json;
mod output;
mod regras;

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;
use pabx_api::{Client, ClientConfig};

use crate::cli::{BulkVerb, Cli, Command, Crud, RegrasVerb, TroncoVerb};
use crate::commands::Context;
use crate::credentials::Sources;
use crate::failure::Failure;
use crate::output::Printer;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_failure(&error),
    };
    match run(cli) {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`pabx ... | head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Err(failure) => {
            if let Failure::Partial { output, .. } = &failure {
                let _ = std::io::stdout().lock().write_all(output.as_bytes());
            }
            eprintln!("{}", failure.message());
            failure.exit_code()
        }
    }
}

/// Help and version go to stdout with exit 0; a usage error to stderr, in pt-BR, with exit 2.
fn usage_failure(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("{}", cli::usage_message(error));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<String, Failure> {
    let sources = Sources {
        url: cli.url.as_deref(),
        usuario: cli.usuario.as_deref(),
        token_stdin: cli.token_stdin,
        token_env: std::env::var("PABX_TOKEN").ok(),
        stdin_is_terminal: credentials::stdin_is_terminal(),
        file_uses_stdin: file_uses_stdin(&cli.command),
    };
    let (url, credentials) = credentials::resolve(sources, credentials::read_stdin)?;
    pabx_activity::mask::register_secret(credentials.token.expose());
    let account =
        format!("{}@{}", credentials.usuario, url::Url::parse(&url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default());
    let mut config = ClientConfig::new(url, credentials);
    config.dialeto = cli.dialeto.into();
    config.list_concurrency = usize::from(list_concurrency(&cli.command));
    let mut client = Client::new(config)?;
    // Every write goes into the activity log the desktop app shows (PABX_ACTIVITY_DB to move it).
    if let Some(path) = pabx_activity::ActivityLog::default_path() {
        let log = std::sync::Arc::new(pabx_activity::ActivityLog::new(path));
        client = client.with_observer(std::sync::Arc::new(pabx_activity::Recorder::new(log, "cli", account)));
    }
    let ctx = Context { client, printer: Printer { format: cli.format, reveal_secrets: cli.revelar_senhas } };
    // One worker beside the main thread: pages are fetched (and large ones decoded on the
    // blocking pool) while the main thread writes the ones before to stdout.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("não foi possível iniciar o cliente ({e}); tente de novo.")))?;
    runtime.block_on(commands::run(&ctx, cli.command))
}

/// `--concorrencia` of an entity's list; the default for the other commands (the call
/// history's `--concorrencia` counts its windows).
fn list_concurrency(command: &Command) -> u16 {
    match command {
        Command::Clientes { verb: BulkVerb::Crud(Crud::List(args)) }
        | Command::Ramais { verb: BulkVerb::Crud(Crud::List(args)) }
        | Command::Dids { verb: BulkVerb::Crud(Crud::List(args)) }
        | Command::Troncos { verb: TroncoVerb::Crud(Crud::List(args)) }
        | Command::Planos { verb: Crud::List(args) } => args.concorrencia,
        _ => cli::CONCORRENCIA_LISTAS,
    }
}

/// True when the command reads its file from stdin (`--file -`).
fn file_uses_stdin(command: &Command) -> bool {
    let file = match command {
        Command::Clientes { verb: BulkVerb::Crud(verb) }
        | Command::Ramais { verb: BulkVerb::Crud(verb) }
        | Command::Dids { verb: BulkVerb::Crud(verb) }
        | Command::Troncos { verb: TroncoVerb::Crud(verb) }
        | Command::Planos { verb } => match verb {
            Crud::Insert(args) | Crud::Alter(args) => Some(&args.file),
            Crud::List(_) | Crud::Delete(_) => None,
        },
        Command::Regras { verb: RegrasVerb::Alter { file, .. } } => Some(file),
        Command::Call { file, .. } => file.as_ref(),
        Command::Clientes { verb: BulkVerb::Import(args) }
        | Command::Ramais { verb: BulkVerb::Import(args) }
        | Command::Dids { verb: BulkVerb::Import(args) } => Some(&args.file),
        Command::Clientes { .. } | Command::Ramais { .. } | Command::Dids { .. } | Command::Troncos { .. } => None,
        Command::Regras { verb: RegrasVerb::List { .. } | RegrasVerb::Copy { .. } | RegrasVerb::Simular { .. } }
        | Command::Regioes { .. }
        | Command::Chamadas { .. } => None,
    };
    file.is_some_and(|path| input::is_stdin(path))
}
