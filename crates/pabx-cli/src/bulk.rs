//! `pabx ramais|dids|clientes import|export`: the CLI face of pabx-bulk. Progress (rate, time
//! left) on stderr when it is a terminal; Ctrl-C stops taking new rows, lets the writes in flight
//! finish and keeps the journal, so running the command again resumes.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use pabx_bulk::apply::{ApplyOptions, ApplyProgress, ApplyReport, Outcome};
use pabx_bulk::plan::{Counts, ImportOptions, PlanError, RowAction, RowReport};
use pabx_bulk::range::RangeSpec;
use pabx_bulk::{clone, tarifas};
use pabx_bulk::{report, session, Dialect, Kind};

use crate::cli::{BulkVerb, CloneArgs, ExportArgs, FaixaArgs, ImportArgs, TarifasVerb};
use crate::commands::Context;
use crate::failure::Failure;

pub async fn run(ctx: &Context, kind: Kind, verb: BulkVerb) -> Result<String, Failure> {
    match verb {
        BulkVerb::Crud(_) => Err(Failure::Usage("verbo não suportado aqui".into())),
        BulkVerb::Import(args) => import(ctx, kind, &args).await,
        BulkVerb::Export(args) => export(ctx, kind, &args).await,
        BulkVerb::Faixa(args) if kind == Kind::Ramais => faixa(ctx, &args).await,
        BulkVerb::Clone(args) if kind == Kind::Clientes => clone(ctx, &args).await,
        BulkVerb::Clone(_) => Err(Failure::Usage(format!("`clone` só existe para clientes, não para {}.", kind.name()))),
        BulkVerb::Faixa(_) => Err(Failure::Usage(format!("`faixa` só existe para ramais, não para {}.", kind.name()))),
    }
}

fn cliente_of(kind: Kind, cliente: Option<i64>, verb: &str) -> Result<i64, Failure> {
    match (kind, cliente) {
        (Kind::Clientes, _) => Ok(0),
        (_, Some(id)) if id > 0 => Ok(id),
        _ => Err(Failure::Usage(format!("informe o cliente: `pabx {} {verb} --cliente ID --file ARQUIVO.csv`.", kind.name()))),
    }
}

fn plan_failure(error: PlanError) -> Failure {
    match error {
        PlanError::Api(error) => Failure::Api(error),
        other => Failure::Input(other.to_string()),
    }
}

async fn import(ctx: &Context, kind: Kind, args: &ImportArgs) -> Result<String, Failure> {
    let cliente_id = cliente_of(kind, args.cliente, "import")?;
    let options = ImportOptions { cliente_id, atualizar: args.atualizar };
    if args.dry_run {
        let (_, report) = session::dry_run_file(&ctx.client, kind, &args.file, &options, None).await.map_err(plan_failure)?;
        if let Some(path) = &args.report {
            write_report(path, |out| report::write_dry_run(out, Dialect::ExcelBr, &report.rows).map(drop))?;
        }
        let output = rows_text(ctx, &report, &report.rows, &report.counts, &report.ignored_columns);
        return if report.counts.invalid > 0 {
            let message =
                format!("{} linha(s) inválida(s); nada foi enviado. Corrija as linhas indicadas e rode de novo.", report.counts.invalid);
            Err(Failure::Partial { output, message, code: 3 })
        } else {
            Ok(output)
        };
    }
    let apply_options = ApplyOptions { concurrency: usize::from(args.concorrencia) };
    let (cancel, progress) = (AtomicBool::new(false), Progress::new());
    let on_progress = |p: ApplyProgress| progress.show(&p);
    let work = session::apply_file(&ctx.client, kind, &args.file, &options, None, apply_options, &cancel, &on_progress);
    let (table, report) = drive(&cancel, &progress, work).await.map_err(plan_failure)?;
    if let Some(path) = &args.report {
        write_report(path, |out| report::write_results(out, Dialect::ExcelBr, &report).map(drop))?;
    }
    let failed_file = if report.invalid + report.failed + report.cancelled > 0 {
        let path = args.file.with_extension("falhas.csv");
        write_report(&path, |out| report::write_failed_rows(out, Dialect::ExcelBr, &table, &report).map(drop))?;
        Some(path)
    } else {
        None
    };
    let output = apply_text(ctx, &report);
    let code = if report.failed > 0 {
        4
    } else if report.invalid > 0 || report.cancelled > 0 {
        3
    } else {
        0
    };
    if code == 0 {
        return Ok(output);
    }
    let mut message = format!(
        "{} criado(s), {} alterado(s); {} inválida(s), {} recusada(s) pelo servidor, {} não enviada(s) (cancelado).",
        report.created, report.updated, report.invalid, report.failed, report.cancelled
    );
    if let Some(path) = failed_file {
        message
            .push_str(&format!("\nAs linhas que não entraram estão em {} (coluna erro); corrija e importe esse arquivo.", path.display()));
    }
    Err(Failure::Partial { output, message, code })
}

/// Drives an apply with progress on stderr; the first Ctrl-C sets `cancel` (writes in flight finish).
async fn drive<T>(cancel: &AtomicBool, progress: &Progress, work: impl std::future::Future<Output = T>) -> T {
    tokio::pin!(work);
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            _ = tokio::signal::ctrl_c(), if !cancel.load(Ordering::SeqCst) => {
                cancel.store(true, Ordering::SeqCst);
                eprintln!("\nCancelando: os envios em andamento terminam; rode o mesmo comando para continuar.");
            }
        }
    };
    progress.finish();
    result
}

async fn faixa(ctx: &Context, args: &FaixaArgs) -> Result<String, Failure> {
    let spec = RangeSpec { cliente_id: args.cliente, de: args.de, ate: args.ate, nome: args.nome.clone() };
    let apply_options = ApplyOptions { concurrency: usize::from(args.concorrencia) };
    let (cancel, progress) = (AtomicBool::new(false), Progress::new());
    let on_progress = |p: ApplyProgress| progress.show(&p);
    let work = session::range(&ctx.client, &spec, &args.senhas_arquivo, args.dry_run, apply_options, &cancel, &on_progress);
    let (plan, applied) = drive(&cancel, &progress, work).await.map_err(plan_failure)?;
    let Some(report) = applied else {
        let output = rows_text(ctx, &plan, &plan.rows, &plan.counts, &plan.ignored_columns);
        return if plan.counts.invalid > 0 {
            Err(Failure::Partial {
                output, message: format!("{} número(s) inválido(s); nada foi enviado.", plan.counts.invalid), code: 3
            })
        } else {
            Ok(output)
        };
    };
    let mut output = apply_text(ctx, &report);
    output.push_str(&format!(
        "Senhas gravadas em {} (guarde este arquivo; elas não são mostradas de novo).\n",
        args.senhas_arquivo.display()
    ));
    match report.failed + report.invalid + report.cancelled {
        0 => Ok(output),
        _ => Err(Failure::Partial {
            output,
            message: "alguns ramais não foram criados; veja as linhas acima.".into(),
            code: if report.failed > 0 { 4 } else { 3 },
        }),
    }
}

async fn clone(ctx: &Context, args: &CloneArgs) -> Result<String, Failure> {
    let novo: pabx_api::Cliente = crate::input::read_record(&args.file, "cliente")?;
    let plan = clone::plan_clone(&ctx.client, args.origem, novo).await.map_err(plan_failure)?;
    let report = if args.dry_run {
        plan.report.clone()
    } else {
        let (cancel, progress) = (AtomicBool::new(false), Progress::new());
        let on_progress = |p: ApplyProgress| progress.show(&p);
        let work = clone::apply_clone(&ctx.client, plan, &args.senhas_arquivo, usize::from(args.concorrencia), &cancel, &on_progress);
        drive(&cancel, &progress, work).await.map_err(plan_failure)?
    };
    let mut output = if ctx.printer.format == crate::cli::Format::Json {
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
    } else {
        let mut text = format!(
            "{} plano(s), {} tronco(s), {} conjunto(s) de regras, {} ramal(is)\n",
            report.planos, report.troncos, report.regras, report.ramais
        );
        for issue in &report.issues {
            text.push_str(&format!("{}: {}\n", issue.field, issue.message));
        }
        for warning in &report.warnings {
            text.push_str(&format!("aviso: {warning}\n"));
        }
        if report.cliente_id > 0 {
            text.push_str(&format!("cliente novo: {}; {} ramal(is) criados\n", report.cliente_id, report.ramais_criados));
        }
        for falha in &report.falhas {
            text.push_str(&format!("falhou: {falha}\n"));
        }
        text
    };
    if !report.issues.is_empty() {
        return Err(Failure::Partial { output, message: "o clone não pode ser feito assim; nada foi enviado.".into(), code: 3 });
    }
    if !report.falhas.is_empty() {
        return Err(Failure::Partial { output, message: "o cliente foi criado, mas parte da cópia falhou (veja acima).".into(), code: 4 });
    }
    if report.cliente_id > 0 && report.ramais > 0 {
        output.push_str(&format!("Senhas dos ramais em {} (guarde este arquivo).\n", args.senhas_arquivo.display()));
    }
    Ok(output)
}

pub async fn tarifas(ctx: &Context, verb: TarifasVerb) -> Result<String, Failure> {
    match verb {
        TarifasVerb::Export(args) => {
            let file = std::fs::File::create(&args.file)
                .map_err(|e| Failure::Input(format!("não foi possível gravar {}: {e}", args.file.display())))?;
            let count = tarifas::export_tarifas(&ctx.client, args.cliente, args.tronco, std::io::BufWriter::new(file), args.formato.into())
                .await
                .map_err(plan_failure)?;
            Ok(format!("{count} tarifa(s) exportada(s) para {}\n", args.file.display()))
        }
        TarifasVerb::Import(args) => {
            let table = session::read_file(&args.file).map_err(plan_failure)?;
            let plan = tarifas::plan_tarifas(&ctx.client, args.cliente, args.tronco, &table).await.map_err(plan_failure)?;
            let report = &plan.report;
            let mut output = rows_text(ctx, report, &report.rows, &report.counts, &report.ignored_columns);
            if report.counts.invalid > 0 {
                let message = format!("{} linha(s) inválida(s); nada foi enviado. Corrija e rode de novo.", report.counts.invalid);
                return Err(Failure::Partial { output, message, code: 3 });
            }
            if !args.dry_run && tarifas::apply_tarifas(&ctx.client, &plan).await.map_err(plan_failure)?.is_some() {
                output.push_str(&format!("tronco {} alterado\n", args.tronco));
            }
            Ok(output)
        }
    }
}

fn write_report(
    path: &std::path::Path,
    write: impl FnOnce(std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let file = std::fs::File::create(path).map_err(|e| Failure::Input(format!("não foi possível gravar {}: {e}", path.display())))?;
    write(std::io::BufWriter::new(file)).map_err(|e| Failure::Input(format!("não foi possível gravar {}: {e}", path.display())))
}

/// A dry run's report: JSON, or the invalid lines and the counts.
fn rows_text(ctx: &Context, report: &impl serde::Serialize, rows: &[RowReport], c: &Counts, ignored: &[String]) -> String {
    if ctx.printer.format == crate::cli::Format::Json {
        return serde_json::to_string_pretty(report).unwrap_or_default() + "\n";
    }
    let mut text = String::new();
    for row in rows.iter().filter(|r| r.action == RowAction::Invalid) {
        for issue in &row.issues {
            let field = if issue.field.is_empty() { String::new() } else { format!("{}: ", issue.field) };
            text.push_str(&format!("linha {}: {field}{}\n", row.line, issue.message));
        }
    }
    if !ignored.is_empty() {
        text.push_str(&format!("colunas ignoradas: {}\n", ignored.join(", ")));
    }
    text.push_str(&format!(
        "{} a criar, {} a alterar, {} sem mudança, {} já existentes (ignoradas), {} já aplicadas, {} inválidas\n",
        c.insert, c.update, c.unchanged, c.skip, c.already_applied, c.invalid
    ));
    text
}

fn apply_text(ctx: &Context, report: &ApplyReport) -> String {
    if ctx.printer.format == crate::cli::Format::Json {
        return serde_json::to_string_pretty(report).unwrap_or_default() + "\n";
    }
    let mut text = String::new();
    for row in report.rows.iter().filter(|r| matches!(r.outcome, Outcome::Invalid | Outcome::Failed)) {
        text.push_str(&format!("linha {}: {}: {}\n", row.line, row.outcome.label(), row.message));
    }
    text.push_str(&format!(
        "{} criados, {} alterados, {} sem envio, {} inválidas, {} falharam, {} canceladas em {:.1} s\n",
        report.created,
        report.updated,
        report.untouched,
        report.invalid,
        report.failed,
        report.cancelled,
        report.elapsed_ms as f64 / 1000.0
    ));
    text
}

async fn export(ctx: &Context, kind: Kind, args: &ExportArgs) -> Result<String, Failure> {
    let cliente_id = cliente_of(kind, args.cliente, "export")?;
    let count = session::export_file(&ctx.client, kind, cliente_id, &args.file, args.formato.into(), args.senhas).await.map_err(
        |error| match error {
            pabx_bulk::export::ExportError::Api(error) => Failure::Api(error),
            other => Failure::Input(other.to_string()),
        },
    )?;
    Ok(format!("{count} registro(s) exportado(s) para {}\n", args.file.display()))
}

/// `Aplicando: 120 de 500 (35/s, faltam 11 s)` rewritten in place on a terminal.
struct Progress {
    enabled: bool,
}

impl Progress {
    fn new() -> Self {
        Progress { enabled: std::io::stderr().is_terminal() }
    }

    fn show(&self, p: &ApplyProgress) {
        if !self.enabled || p.total == 0 {
            return;
        }
        let eta = p.eta_seconds.map(|s| format!(", faltam {s:.0} s")).unwrap_or_default();
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\rAplicando: {} de {} ({:.0}/s{eta})   ", p.done, p.total, p.rate);
        let _ = stderr.flush();
    }

    fn finish(&self) {
        if self.enabled {
            eprintln!();
        }
    }
}
