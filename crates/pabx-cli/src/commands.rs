//! Running a parsed command: one generic driver for list/insert/alter/delete of every
//! [`Entity`], plus regiões, regras, chamadas and the raw `call`. Each returns the text for
//! stdout; validation runs before anything is sent.

use std::io::{BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use pabx_api::actions::{ActionInfo, ListAction};
use pabx_api::chamada::{ListarHistoricoChamada, MAX_QUANTIDADE};
use pabx_api::historico::{self, Opcoes, ProgressoHistorico};
use pabx_api::regiao::ListarRegioes;
use pabx_api::regra_roteamento::{agrupar, AlterarRegrasRoteamento, ListarRegrasRoteamento, RegraRoteamento, RegrasRoteamento};
use pabx_api::roteamento::DestinoSimulacao;
use pabx_api::validation::{self, Operacao};
use pabx_api::{Chamada, Client, Envelope, Error, FieldError, Progress, Record};
use pabx_bulk::historico::ErroExportacao;
use serde_json::Value;

use pabx_bulk::Kind;

use crate::bulk;
use crate::cli::{BulkVerb, ChamadasArgs, ChamadasVerb, Command, Crud, DeleteArgs, Format, ListArgs, RegioesVerb, RegrasVerb, TroncoVerb};
use crate::entity::{Clientes, Columns, Dids, Entity, Planos, Ramais, Troncos};
use crate::failure::{settle, Failure};
use crate::input;
use crate::output::{Printer, RecordWriter};

pub struct Context {
    pub client: Client,
    pub printer: Printer,
}

pub async fn run(ctx: &Context, command: Command) -> Result<String, Failure> {
    match command {
        Command::Clientes { verb: BulkVerb::Crud(verb) } => crud::<Clientes>(ctx, verb).await,
        Command::Ramais { verb: BulkVerb::Crud(verb) } => crud::<Ramais>(ctx, verb).await,
        Command::Dids { verb: BulkVerb::Crud(verb) } => crud::<Dids>(ctx, verb).await,
        Command::Clientes { verb } => bulk::run(ctx, Kind::Clientes, verb).await,
        Command::Ramais { verb } => bulk::run(ctx, Kind::Ramais, verb).await,
        Command::Dids { verb } => bulk::run(ctx, Kind::Dids, verb).await,
        Command::Troncos { verb: TroncoVerb::Crud(verb) } => crud::<Troncos>(ctx, verb).await,
        Command::Troncos { verb: TroncoVerb::Tarifas { verb } } => bulk::tarifas(ctx, verb).await,
        Command::Planos { verb } => crud::<Planos>(ctx, verb).await,
        Command::Regioes { verb: RegioesVerb::List { id } } => {
            list(ctx, ListarRegioes { regiao_id: id.unwrap_or(0) }, false, "regiões").await
        }
        Command::Regras { verb } => regras(ctx, verb).await,
        Command::Chamadas { verb } => chamadas(ctx, verb).await,
        Command::Call { acao, file } => call(ctx, &acao, file.as_deref()).await,
    }
}

/// list/insert/alter/delete, the same for every entity.
async fn crud<E: Entity>(ctx: &Context, verb: Crud) -> Result<String, Failure> {
    match verb {
        Crud::List(args) => {
            check_filters::<E>(&args)?;
            list(ctx, E::list(&args), args.all, E::NAME).await
        }
        Crud::Insert(file) => write_record::<E>(ctx, &file.file, Operacao::Inserir).await,
        Crud::Alter(file) => write_record::<E>(ctx, &file.file, Operacao::Alterar).await,
        Crud::Delete(args) => delete::<E>(ctx, &args).await,
    }
}

fn check_filters<E: Entity>(args: &ListArgs) -> Result<(), Failure> {
    let f = E::FILTERS;
    let given = [
        ("--cliente", args.cliente.is_some(), f.cliente),
        ("--id", args.id.is_some(), f.id),
        ("--nome", args.nome.is_some(), f.nome),
        ("--quantidade", args.quantidade.is_some(), f.quantidade),
    ];
    if let Some((flag, ..)) = given.iter().find(|(_, used, accepted)| *used && !*accepted) {
        let accepted: Vec<&str> = given.iter().filter(|(.., accepted)| *accepted).map(|(flag, ..)| *flag).collect();
        let accepted = if accepted.is_empty() { "nenhum".to_owned() } else { accepted.join(", ") };
        return Err(Failure::Usage(format!("a opção {flag} não se aplica a `pabx {} list`; filtros aceitos: {accepted}.", E::NAME)));
    }
    Ok(())
}

async fn write_record<E: Entity>(ctx: &Context, file: &Path, operacao: Operacao) -> Result<String, Failure> {
    let record: E::Record = input::read_record(file, E::SINGULAR)?;
    // `Client::write` validates once, with the context the body needs (a ramal's cliente).
    let outcome = match operacao {
        Operacao::Inserir => settle(ctx.client.write(&E::insert(record)).await)?,
        Operacao::Alterar => settle(ctx.client.write(&E::alter(record)).await)?,
    };
    Ok(ctx.printer.outcome(&outcome))
}

async fn delete<E: Entity>(ctx: &Context, args: &DeleteArgs) -> Result<String, Failure> {
    let cliente_id = match args.cliente {
        Some(id) => id,
        None if E::DELETE_NEEDS_CLIENTE => {
            return Err(Failure::Usage(format!(
                "informe o cliente dono do {}: `pabx {} delete --cliente ID --id {}`.",
                E::SINGULAR,
                E::NAME,
                args.id
            )))
        }
        None => 0,
    };
    if let Some(reason) = E::delete_blockers(&ctx.client, args.id).await? {
        return Err(Failure::Blocked(reason));
    }
    // Ids <= 0 are refused by the body's `Validate`, run by `Client::write` before sending.
    let outcome = settle(ctx.client.write(&E::delete(cliente_id, args.id)).await)?;
    Ok(ctx.printer.outcome(&outcome))
}

fn ensure_valid(errors: Vec<FieldError>) -> Result<(), Failure> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Invalid(errors))
    }
}

/// One page, or every page with progress on stderr when it is a terminal. Written to stdout
/// as the pages arrive; returns no text.
async fn list<A>(ctx: &Context, mut request: A, all: bool, what: &str) -> Result<String, Failure>
where
    A: ListAction,
    A::Item: Record + Columns,
{
    let mut out = stdout_records(ctx, A::Item::COLUMNS);
    // A closed pipe (`pabx ... | head`) ends the listing quietly.
    let mut closed = false;
    if all {
        let mut progress = ProgressLine::new(what);
        let listed = ctx
            .client
            .list_pages(request, |records, p| {
                progress.show(p);
                if out.page(&records).is_ok() {
                    ControlFlow::Continue(())
                } else {
                    closed = true;
                    ControlFlow::Break(())
                }
            })
            .await;
        progress.finish();
        listed?;
    } else {
        let page = ctx.client.list(&request).await?;
        let pages = request.offset_mut().is_some();
        if let Some(total) = page.total.filter(|total| pages && *total > page.records.len() as u64) {
            eprintln!("Mostrando {} de {total} {what}; use --all para buscar o restante.", page.records.len());
        }
        closed = out.page(&page.records).is_err();
    }
    if !closed {
        let _ = out.finish();
    }
    Ok(String::new())
}

/// Records to stdout as they come. Stdout is line-buffered, which would make a write per
/// line: buffered here, and flushed after each page.
fn stdout_records(ctx: &Context, columns: &[&str]) -> RecordWriter<BufWriter<std::io::StdoutLock<'static>>> {
    let columns = columns.iter().map(|c| (*c).to_owned()).collect();
    RecordWriter::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock()), ctx.printer, columns)
}

/// `Carregando ramais: 120 de 500` rewritten in place on a terminal; silent otherwise.
struct ProgressLine<'a> {
    what: &'a str,
    enabled: bool,
    shown: bool,
}

impl<'a> ProgressLine<'a> {
    fn new(what: &'a str) -> Self {
        Self { what, enabled: std::io::stderr().is_terminal(), shown: false }
    }

    fn show(&mut self, progress: Progress) {
        if !self.enabled {
            return;
        }
        let total = progress.total.map(|t| format!(" de {t}")).unwrap_or_default();
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\rCarregando {}: {}{total}…", self.what, progress.loaded);
        let _ = stderr.flush();
        self.shown = true;
    }

    fn show_historico(&mut self, progress: ProgressoHistorico) {
        self.show(Progress { loaded: progress.carregadas, total: progress.total });
    }

    fn finish(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}

async fn regras(ctx: &Context, verb: RegrasVerb) -> Result<String, Failure> {
    match verb {
        RegrasVerb::List { plano, regiao, tronco, prioridade } => {
            let request = ListarRegrasRoteamento {
                plano_discagem_id: plano,
                regiao_id: regiao.unwrap_or(0),
                tronco_id: tronco.unwrap_or(0),
                prioridade: prioridade.unwrap_or(0),
            };
            // Not paged, and its rows have no id of their own: one call is the whole plan.
            let page = ctx.client.list(&request).await?;
            Ok(ctx.printer.records(RegraRoteamento::COLUMNS, &page.records))
        }
        RegrasVerb::Alter { plano, file } => {
            let dados = match input::unwrap_dados(input::read_json(&file)?) {
                rows @ Value::Array(_) => agrupar(&input::decode::<Vec<RegraRoteamento>>(rows, &file, "lista de regras")?),
                other => input::decode::<RegrasRoteamento>(other, &file, "conjunto de regras")?,
            };
            let body = AlterarRegrasRoteamento { plano_discagem_id: plano, dados };
            let outcome = settle(ctx.client.alterar_regras_roteamento(&body).await)?;
            Ok(ctx.printer.outcome(&outcome))
        }
        RegrasVerb::Copy { de, para, aplicar } => crate::regras::copiar(ctx, de, para, aplicar).await,
        RegrasVerb::Simular { plano, regiao, numero, ddd_origem, duracao } => {
            let destino = match (regiao, numero) {
                (Some(regiao), _) => DestinoSimulacao::Regiao(regiao),
                (None, Some(numero)) => DestinoSimulacao::Numero { numero, ddd_origem },
                (None, None) => return Err(Failure::Usage("informe --regiao ou --numero".into())),
            };
            crate::regras::simular(ctx, plano, destino, duracao).await
        }
    }
}

/// The filters as the action's body: dates as given (any period; [`historico::janelas`] splits
/// it), hours 00:00 to 23:59 unless given, pages of 1000.
fn filtro(args: ChamadasArgs) -> ListarHistoricoChamada {
    ListarHistoricoChamada {
        cliente_id: if args.todos_clientes { 0 } else { args.cliente.unwrap_or(0) },
        tronco_id: args.tronco.unwrap_or(0),
        data_inicial: args.de,
        data_final: args.ate,
        hora_inicial: args.hora_de.unwrap_or_else(|| "00:00".into()),
        hora_final: args.hora_ate.unwrap_or_else(|| "23:59".into()),
        ramal_origem: args.ramal_origem.unwrap_or_default(),
        ramal_destino: args.ramal_destino.unwrap_or_default(),
        numero_origem: args.numero_origem.unwrap_or_default(),
        numero_destino: args.numero_destino.unwrap_or_default(),
        status: args.status.unwrap_or_default(),
        tipo_exibicao: "tela".into(),
        quantidade: MAX_QUANTIDADE,
        ..Default::default()
    }
}

fn opcoes(args: &ChamadasArgs) -> Opcoes {
    Opcoes { concorrencia: args.concorrencia.max(1), ..Opcoes::default() }
}

async fn chamadas(ctx: &Context, verb: ChamadasVerb) -> Result<String, Failure> {
    match verb {
        ChamadasVerb::List(args) => {
            let opcoes = opcoes(&args.filtro);
            let mut request = filtro(args.filtro);
            request.quantidade = args.quantidade.unwrap_or(MAX_QUANTIDADE);
            if !args.all {
                // One page of one window, as the server answers it.
                ensure_valid(validation::validar_historico(&request))?;
                return list(ctx, request, false, "chamadas").await;
            }
            ensure_valid(validation::validar_periodo_historico(&request))?;
            let mut progress = ProgressLine::new("chamadas");
            let mut busca = historico::buscar(&ctx.client, &request, opcoes)?;
            let mut out = stdout_records(ctx, Chamada::COLUMNS);
            let mut open = true;
            while let Some(page) = busca.proxima().await? {
                progress.show_historico(busca.progresso());
                if out.page(&page).is_err() {
                    // A closed pipe ends the listing quietly.
                    open = false;
                    break;
                }
            }
            progress.finish();
            if open {
                let _ = out.finish();
            }
            Ok(String::new())
        }
        ChamadasVerb::Export(args) => {
            let opcoes = opcoes(&args.filtro);
            let request = filtro(args.filtro);
            ensure_valid(validation::validar_periodo_historico(&request))?;
            let mut progress = ProgressLine::new("chamadas");
            let never = AtomicBool::new(false);
            let report = pabx_bulk::historico::exportar(
                &ctx.client,
                &request,
                args.formato.into(),
                &args.file,
                opcoes,
                |p| progress.show_historico(p),
                &never,
            )
            .await;
            progress.finish();
            let report = report.map_err(|error| match error {
                ErroExportacao::Api(error) => Failure::from(error),
                other => Failure::Input(other.to_string()),
            })?;
            let summary = serde_json::json!({
                "arquivo": args.file.display().to_string(),
                "linhas": report.linhas,
                "divergentes": report.resumo.totais.divergentes,
            });
            Ok(match ctx.printer.format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&summary).unwrap_or_default()),
                Format::Table => format!(
                    "{} chamadas exportadas para {} ({} com preço divergente da tarifa).\n",
                    report.linhas,
                    args.file.display(),
                    report.resumo.totais.divergentes
                ),
            })
        }
        ChamadasVerb::Resumo(args) => {
            let opcoes = opcoes(&args);
            let request = filtro(args);
            ensure_valid(validation::validar_periodo_historico(&request))?;
            let mut progress = ProgressLine::new("chamadas");
            let resumo = pabx_bulk::historico::resumir(&ctx.client, &request, opcoes, |p| progress.show_historico(p)).await;
            progress.finish();
            Ok(ctx.printer.resumo(&resumo?))
        }
    }
}

/// Any action, keys as given. A list's 404 is "no records", as for the typed commands.
async fn call(ctx: &Context, acao: &str, file: Option<&Path>) -> Result<String, Failure> {
    let fields = match file {
        None => serde_json::Map::new(),
        Some(path) => match input::read_json(path)? {
            Value::Object(map) => map,
            _ => return Err(Failure::Input("o arquivo de `pabx call` deve conter um objeto JSON com as chaves da ação.".into())),
        },
    };
    let envelope = match ctx.client.call(acao, fields).await {
        Ok(envelope) => envelope,
        Err(Error::NotFound { mensagem }) if ActionInfo::find(acao).is_some_and(|a| a.is_list) => Envelope {
            http_response_code: 404,
            mensagem,
            qtd_total_resultados: Some(0),
            dados: Value::Array(Vec::new()),
            ..Default::default()
        },
        Err(error) => return Err(error.into()),
    };
    Ok(ctx.printer.envelope(&envelope))
}
