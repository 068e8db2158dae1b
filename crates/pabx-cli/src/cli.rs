//! The command line: global options, one subcommand per entity, verbs named after the API
//! (`list`, `insert`, `alter`, `delete`). The five writable entities share one [`Crud`] verb
//! set; which filters each accepts is decided by its [`crate::entity::Entity`] impl.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::failure::EXIT_CODES_HELP;

#[derive(Debug, Parser)]
#[command(
    name = "pabx",
    version,
    about = "Gerencia clientes, ramais, DIDs, troncos, planos de discagem, regras de roteamento e o histórico de chamadas do PABX pela API JSON.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true
)]
pub struct Cli {
    /// Endereço da API (https://servidor ou https://servidor/pabx/api.php).
    #[arg(long, env = "PABX_URL", global = true, value_name = "URL")]
    pub url: Option<String>,

    /// Usuário da revenda na API.
    #[arg(long, env = "PABX_USUARIO", global = true, value_name = "USUARIO")]
    pub usuario: Option<String>,

    /// Lê o token da entrada padrão (primeira linha). Sem esta opção, usa PABX_TOKEN ou, se
    /// ausente, a entrada padrão quando ela não é um terminal.
    #[arg(long, global = true)]
    pub token_stdin: bool,

    /// Dialeto da API: legado (/pabx/api.php, credenciais no corpo) ou suite (/suite/api/<acao>,
    /// credenciais nos cabeçalhos usuario e token).
    #[arg(long, env = "PABX_DIALETO", value_enum, default_value_t = Dialeto::Legado, global = true)]
    pub dialeto: Dialeto,

    /// Formato da saída.
    #[arg(long, value_enum, default_value_t = Format::Json, global = true)]
    pub format: Format,

    /// Mostra as senhas (senha, senha_sip, senha_web, registro_senha) na saída; por padrão
    /// aparecem como "***".
    #[arg(long, global = true)]
    pub revelar_senhas: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// [`pabx_api::Dialeto`] as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dialeto {
    /// Um endereço para todas as ações (Viacel).
    Legado,
    /// Um endereço por ação.
    Suite,
}

impl From<Dialeto> for pabx_api::Dialeto {
    fn from(dialeto: Dialeto) -> Self {
        match dialeto {
            Dialeto::Legado => pabx_api::Dialeto::Legado,
            Dialeto::Suite => pabx_api::Dialeto::Suite,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON indentado.
    Json,
    /// Colunas alinhadas com os campos principais.
    Table,
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clientes da revenda (listar_clientes, inserir_cliente, alterar_cliente, deletar_cliente).
    Clientes {
        #[command(subcommand)]
        verb: BulkVerb,
    },
    /// Ramais de um cliente (listar_ramais, inserir_ramal, alterar_ramal, deletar_ramal).
    Ramais {
        #[command(subcommand)]
        verb: BulkVerb,
    },
    /// Números de entrada (listar_dids, inserir_did, alterar_did, deletar_did).
    Dids {
        #[command(subcommand)]
        verb: BulkVerb,
    },
    /// Troncos e tarifas (listar_troncos, inserir_tronco, alterar_tronco, deletar_tronco).
    Troncos {
        #[command(subcommand)]
        verb: TroncoVerb,
    },
    /// Planos de discagem (listar_planos_discagem, inserir_/alterar_/deletar_plano_discagem).
    Planos {
        #[command(subcommand)]
        verb: Crud,
    },
    /// Regiões de destino (listar_regioes), somente leitura.
    Regioes {
        #[command(subcommand)]
        verb: RegioesVerb,
    },
    /// Regras de roteamento de um plano (listar_regras_roteamento, alterar_regras_roteamento).
    Regras {
        #[command(subcommand)]
        verb: RegrasVerb,
    },
    /// Histórico de chamadas (listar_historico_chamada).
    Chamadas {
        #[command(subcommand)]
        verb: ChamadasVerb,
    },
    /// Envia qualquer ação como está: as chaves do arquivo vão ao lado de autenticacao e acao.
    Call {
        /// Nome da ação, ex.: listar_ramais.
        acao: String,
        /// Arquivo JSON com as chaves da ação (objeto); "-" lê da entrada padrão. Sem arquivo,
        /// envia só autenticacao e acao.
        #[arg(long, value_name = "ARQUIVO")]
        file: Option<PathBuf>,
    },
}

/// The verbs of the lists bulk work covers: the four of [`Crud`] plus import and export.
#[derive(Debug, Subcommand)]
pub enum BulkVerb {
    #[command(flatten)]
    Crud(Crud),
    /// Importa um CSV (`;` ou `,`, UTF-8 ou Windows-1252; cabeçalhos = chaves JSON ou rótulos do
    /// aplicativo). Valida tudo antes (mesmas regras de um envio e o estado atual) e só envia as
    /// linhas válidas; um diário ao lado do arquivo permite rodar de novo sem duplicar nada.
    Import(ImportArgs),
    /// Exporta a lista para CSV com as mesmas colunas da importação (importar de volta não muda nada).
    Export(ExportArgs),
    /// (ramais) Cria os ramais de --de a --ate com nomes de um modelo e senhas fortes geradas,
    /// gravadas uma única vez em --senhas-arquivo (um arquivo novo) antes de qualquer envio.
    Faixa(FaixaArgs),
    /// (clientes) Cria um cliente novo (dados em --file, JSON) copiando de --origem os planos de
    /// discagem, as regras de roteamento, os troncos com tarifas e os ramais renumerados na faixa
    /// nova; sem DIDs e sem senhas (as dos ramais são geradas e gravadas em --senhas-arquivo).
    Clone(CloneArgs),
}

/// The trunk verbs: the four of [`Crud`] plus its tariff table as CSV.
#[derive(Debug, Subcommand)]
pub enum TroncoVerb {
    #[command(flatten)]
    Crud(Crud),
    /// A tabela de tarifas de um tronco em CSV (regiao_id ou regiao; tarifa; fracionamento).
    Tarifas {
        #[command(subcommand)]
        verb: TarifasVerb,
    },
}

#[derive(Debug, Subcommand)]
pub enum TarifasVerb {
    /// Importa a tabela: valida cada linha e altera o tronco uma vez (regiões fora do arquivo ficam como estão).
    Import(TarifasArgs),
    /// Exporta a tabela do tronco (importar de volta não muda nada).
    Export(TarifasArgs),
}

#[derive(Debug, Clone, Args)]
pub struct TarifasArgs {
    /// Id do cliente dono do tronco.
    #[arg(long, value_name = "ID")]
    pub cliente: i64,
    /// Id do tronco.
    #[arg(long, value_name = "ID")]
    pub tronco: i64,
    /// Arquivo CSV.
    #[arg(long, value_name = "ARQUIVO")]
    pub file: PathBuf,
    /// (import) Só valida; nada é enviado. Sai com 3 se houver linhas inválidas.
    #[arg(long)]
    pub dry_run: bool,
    /// (export) excel ou rfc4180.
    #[arg(long, value_enum, default_value_t = CsvFormat::Excel)]
    pub formato: CsvFormat,
}

#[derive(Debug, Clone, Args)]
pub struct CloneArgs {
    /// Id do cliente de origem.
    #[arg(long, value_name = "ID")]
    pub origem: i64,
    /// Arquivo JSON com o cliente novo (login, nome, faixa_min, faixa_max, qtd_ramais_max...).
    #[arg(long, value_name = "ARQUIVO")]
    pub file: PathBuf,
    /// Arquivo CSV (novo) onde as senhas geradas dos ramais são gravadas.
    #[arg(long, value_name = "ARQUIVO")]
    pub senhas_arquivo: PathBuf,
    /// Só mostra o que seria copiado e os problemas; nada é enviado.
    #[arg(long)]
    pub dry_run: bool,
    /// Envios simultâneos (ramais).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concorrencia: u16,
}

#[derive(Debug, Clone, Args)]
pub struct FaixaArgs {
    /// Id do cliente.
    #[arg(long, value_name = "ID")]
    pub cliente: i64,
    /// Primeiro número.
    #[arg(long, value_name = "N")]
    pub de: i64,
    /// Último número.
    #[arg(long, value_name = "M")]
    pub ate: i64,
    /// Modelo do nome; {numero} vira o número do ramal.
    #[arg(long, default_value = "Ramal {numero}")]
    pub nome: String,
    /// Arquivo CSV (novo) onde as senhas geradas são gravadas; guarde-o.
    #[arg(long, value_name = "ARQUIVO")]
    pub senhas_arquivo: PathBuf,
    /// Só valida; nada é enviado nem gravado.
    #[arg(long)]
    pub dry_run: bool,
    /// Envios simultâneos.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concorrencia: u16,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Id do cliente dono dos registros (obrigatório para ramais e dids).
    #[arg(long, value_name = "ID")]
    pub cliente: Option<i64>,
    /// Arquivo CSV.
    #[arg(long, value_name = "ARQUIVO")]
    pub file: PathBuf,
    /// Só valida e mostra o que seria feito; nada é enviado. Sai com 3 se houver linhas inválidas.
    #[arg(long)]
    pub dry_run: bool,
    /// Grava o relatório por linha em CSV (validação, ou resultado quando aplica).
    #[arg(long, value_name = "ARQUIVO")]
    pub report: Option<PathBuf>,
    /// Envios simultâneos.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concorrencia: u16,
    /// Altera os registros que já existem (mesmo número de ramal, de DID ou login); sem esta
    /// opção eles são ignorados.
    #[arg(long)]
    pub atualizar: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Id do cliente dono dos registros (obrigatório para ramais e dids).
    #[arg(long, value_name = "ID")]
    pub cliente: Option<i64>,
    /// Arquivo CSV a gravar.
    #[arg(long, value_name = "ARQUIVO")]
    pub file: PathBuf,
    /// excel (`;`, vírgula decimal, UTF-8 com BOM; abre direto no Excel) ou rfc4180 (`,`, ponto decimal).
    #[arg(long, value_enum, default_value_t = CsvFormat::Excel)]
    pub formato: CsvFormat,
    /// Inclui as senhas (por padrão as colunas de senha ficam de fora).
    #[arg(long)]
    pub senhas: bool,
}

/// [`pabx_bulk::Dialect`] as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvFormat {
    /// Excel pt-BR.
    Excel,
    /// RFC 4180.
    Rfc4180,
}

impl From<CsvFormat> for pabx_bulk::Dialect {
    fn from(format: CsvFormat) -> Self {
        match format {
            CsvFormat::Excel => pabx_bulk::Dialect::ExcelBr,
            CsvFormat::Rfc4180 => pabx_bulk::Dialect::Rfc4180,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Crud {
    /// Lista registros (uma página, ou todas com --all).
    List(ListArgs),
    /// Insere o registro do arquivo JSON.
    Insert(FileArgs),
    /// Altera o registro do arquivo JSON (o id do registro vai no arquivo).
    Alter(FileArgs),
    /// Remove um registro.
    Delete(DeleteArgs),
}

#[derive(Debug, Clone, Default, Args)]
pub struct ListArgs {
    /// Id do cliente dono dos registros (ramais, dids, troncos, planos).
    #[arg(long, value_name = "ID")]
    pub cliente: Option<i64>,
    /// Id do próprio registro.
    #[arg(long, value_name = "ID")]
    pub id: Option<i64>,
    /// Filtra pelo nome (clientes, ramais).
    #[arg(long)]
    pub nome: Option<String>,
    /// Busca todas as páginas.
    #[arg(long)]
    pub all: bool,
    /// Tamanho da página pedido ao servidor (clientes, ramais, planos); sem esta opção, com
    /// --all, pede a maior página que o servidor atende (até 1000).
    #[arg(long, value_name = "N")]
    pub quantidade: Option<i64>,
    /// Com --all: páginas buscadas ao mesmo tempo depois da primeira (quando o servidor informa o total).
    #[arg(long, value_name = "N", default_value_t = CONCORRENCIA_LISTAS, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concorrencia: u16,
}

/// Pages of a list fetched at once by default (`pabx_api::paging::DEFAULT_CONCURRENCY`).
pub const CONCORRENCIA_LISTAS: u16 = 4;

#[derive(Debug, Clone, Args)]
pub struct FileArgs {
    /// Arquivo JSON com o registro; "-" lê da entrada padrão.
    #[arg(long, value_name = "ARQUIVO")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    /// Id do cliente dono do registro (obrigatório para ramais, dids, troncos, planos).
    #[arg(long, value_name = "ID")]
    pub cliente: Option<i64>,
    /// Id do registro a remover.
    #[arg(long, value_name = "ID")]
    pub id: i64,
}

#[derive(Debug, Subcommand)]
pub enum RegioesVerb {
    /// Lista as regiões.
    List {
        /// Id da região.
        #[arg(long, value_name = "ID")]
        id: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegrasVerb {
    /// Lista as regras de um plano, uma linha por região, prioridade e tronco.
    List {
        /// Id do plano de discagem.
        #[arg(long, value_name = "ID")]
        plano: i64,
        #[arg(long, value_name = "ID")]
        regiao: Option<i64>,
        #[arg(long, value_name = "ID")]
        tronco: Option<i64>,
        #[arg(long)]
        prioridade: Option<i64>,
    },
    /// Substitui as regras de um plano. O arquivo traz {"regioes": [...]} ou as linhas de
    /// `pabx regras list`.
    Alter {
        /// Id do plano de discagem.
        #[arg(long, value_name = "ID")]
        plano: i64,
        /// Arquivo JSON; "-" lê da entrada padrão.
        #[arg(long, value_name = "ARQUIVO")]
        file: PathBuf,
    },
    /// Copia as regras de um plano para outro (do mesmo ou de outro cliente), casando os troncos
    /// pelo nome. Sem --aplicar, só mostra o que seria gravado e os troncos sem par.
    Copy {
        /// Id do plano de origem.
        #[arg(long, value_name = "ID")]
        de: i64,
        /// Id do plano de destino.
        #[arg(long, value_name = "ID")]
        para: i64,
        /// Grava no plano de destino (depois relê e confere o que o servidor guardou).
        #[arg(long)]
        aplicar: bool,
    },
    /// Mostra os troncos que uma chamada tentaria, em ordem, com segundos cobrados e custo.
    Simular {
        /// Id do plano de discagem.
        #[arg(long, value_name = "ID")]
        plano: i64,
        /// Id da região de destino.
        #[arg(long, value_name = "ID", required_unless_present = "numero", conflicts_with = "numero")]
        regiao: Option<i64>,
        /// Ou um número de destino, classificado numa das regiões (local, DDD, móvel, internacional...).
        #[arg(long, value_name = "NUMERO")]
        numero: Option<String>,
        /// DDD de quem liga, para saber se o número é local ou de longa distância.
        #[arg(long, value_name = "DDD", default_value = "11")]
        ddd_origem: String,
        /// Duração da chamada em segundos.
        #[arg(long, value_name = "SEGUNDOS")]
        duracao: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChamadasVerb {
    /// Lista as chamadas de um período (uma página de no máximo dois meses, ou, com --all, todas
    /// as chamadas de um período de qualquer tamanho).
    List(ChamadasListArgs),
    /// Exporta todas as chamadas do período (qualquer tamanho) para um arquivo CSV, com a
    /// conferência do custo pela tarifa e o nome do cliente em cada linha.
    Export(ChamadasExportArgs),
    /// Totais do período (chamadas, atendidas, duração, minutos cobrados, custo, divergências)
    /// e os mesmos por dia, hora, região, ramal e tronco.
    Resumo(ChamadasArgs),
}

/// The filters of `listar_historico_chamada`, shared by list, export and resumo.
#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("quem").required(true).args(["cliente", "todos_clientes"])))]
pub struct ChamadasArgs {
    /// Id do cliente.
    #[arg(long, value_name = "ID")]
    pub cliente: Option<i64>,
    /// Todos os clientes da revenda.
    #[arg(long)]
    pub todos_clientes: bool,
    /// Data inicial, dd/mm/aaaa.
    #[arg(long, value_name = "DATA")]
    pub de: String,
    /// Data final, dd/mm/aaaa.
    #[arg(long, value_name = "DATA")]
    pub ate: String,
    /// Hora inicial, HH:MM (no primeiro dia).
    #[arg(long, value_name = "HORA")]
    pub hora_de: Option<String>,
    /// Hora final, HH:MM (no último dia).
    #[arg(long, value_name = "HORA")]
    pub hora_ate: Option<String>,
    #[arg(long, value_name = "ID")]
    pub tronco: Option<i64>,
    #[arg(long, value_name = "RAMAL")]
    pub ramal_origem: Option<String>,
    #[arg(long, value_name = "RAMAL")]
    pub ramal_destino: Option<String>,
    #[arg(long, value_name = "NUMERO")]
    pub numero_origem: Option<String>,
    #[arg(long, value_name = "NUMERO")]
    pub numero_destino: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// Períodos de dois meses buscados ao mesmo tempo (períodos longos).
    #[arg(long, value_name = "N", default_value_t = pabx_api::historico::CONCORRENCIA_PADRAO)]
    pub concorrencia: usize,
}

#[derive(Debug, Clone, Args)]
pub struct ChamadasListArgs {
    #[command(flatten)]
    pub filtro: ChamadasArgs,
    /// Registros por página (até 1000).
    #[arg(long, value_name = "N")]
    pub quantidade: Option<i64>,
    /// Busca todas as páginas.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ChamadasExportArgs {
    #[command(flatten)]
    pub filtro: ChamadasArgs,
    /// Arquivo CSV a criar (substituído se existir).
    #[arg(long, value_name = "ARQUIVO")]
    pub file: PathBuf,
    /// excel: Excel em português (";", vírgula decimal, UTF-8 com BOM); csv: RFC 4180 (",",
    /// ponto decimal) para scripts.
    #[arg(long, value_enum, default_value_t = Formato::Excel)]
    pub formato: Formato,
}

/// The CSV dialect as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Formato {
    /// Excel pt-BR.
    Excel,
    /// RFC 4180.
    Csv,
}

impl From<Formato> for pabx_bulk::Dialect {
    fn from(formato: Formato) -> Self {
        match formato {
            Formato::Excel => pabx_bulk::Dialect::ExcelBr,
            Formato::Csv => pabx_bulk::Dialect::Rfc4180,
        }
    }
}

/// clap's usage errors in pt-BR, from the error's context; its own English text only for kinds
/// we do not name.
pub fn usage_message(error: &clap::Error) -> String {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let mut message = match error.kind() {
        ErrorKind::InvalidSubcommand => format!("subcomando desconhecido \"{}\"", text(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument => format!("opção desconhecida \"{arg}\""),
        ErrorKind::MissingRequiredArgument => format!("falta informar: {arg}"),
        ErrorKind::InvalidValue => {
            format!("valor \"{}\" inválido para {arg}; use um destes: {}", text(ContextKind::InvalidValue), text(ContextKind::ValidValue))
        }
        ErrorKind::ValueValidation => {
            format!("valor \"{}\" inválido para {arg}; confira o tipo (números para ids)", text(ContextKind::InvalidValue))
        }
        ErrorKind::ArgumentConflict => format!("{arg} não pode ser usada junto com {}", text(ContextKind::PriorArg)),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("número de valores errado em {arg}")
        }
        _ => error.render().to_string().trim_start_matches("error: ").trim_end().to_owned(),
    };
    let suggestion = [text(ContextKind::SuggestedSubcommand), text(ContextKind::SuggestedArg)].join("");
    let token_flag = arg.starts_with("--token") && error.kind() == ErrorKind::UnknownArgument;
    if !suggestion.is_empty() && !token_flag {
        message.push_str(&format!("; você quis dizer \"{}\"?", suggestion.trim()));
    }
    if token_flag {
        message.push_str(
            "\nO token nunca é aceito como argumento (ficaria visível no ps e no histórico): \
             defina PABX_TOKEN ou envie-o pela entrada padrão com --token-stdin.",
        );
    }
    let usage = text(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut rendered = format!("erro: {message}\n");
    if !usage.is_empty() {
        rendered.push_str(&format!("Uso: {usage}\n"));
    }
    rendered.push_str("Use --help para ver as opções.");
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn message(args: &[&str]) -> String {
        usage_message(&Cli::try_parse_from(args).unwrap_err())
    }

    #[test]
    fn usage_errors_in_portuguese() {
        let text = message(&["pabx", "ramais", "lsit"]);
        assert!(text.starts_with("erro: subcomando desconhecido \"lsit\"; você quis dizer \"list\"?"), "{text}");
        assert!(text.contains("Uso: pabx ramais"), "{text}");
        let text = message(&["pabx", "--token", "x", "regioes", "list"]);
        assert!(text.contains("opção desconhecida \"--token\"") && text.contains("PABX_TOKEN"), "{text}");
        let text = message(&["pabx", "ramais", "insert"]);
        assert!(text.contains("falta informar: --file <ARQUIVO>"), "{text}");
        let text = message(&["pabx", "ramais", "delete", "--id", "abc"]);
        assert!(text.contains("valor \"abc\" inválido para --id <ID>"), "{text}");
        let text = message(&["pabx", "--format", "xml", "regioes", "list"]);
        assert!(text.contains("use um destes: json, table"), "{text}");
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_the_documented_forms() {
        let cli = Cli::try_parse_from(["pabx", "ramais", "list", "--cliente", "12", "--all"]).unwrap();
        let Command::Ramais { verb: BulkVerb::Crud(Crud::List(args)) } = cli.command else { panic!("{cli:?}") };
        assert_eq!((args.cliente, args.all), (Some(12), true));
        let cli = Cli::try_parse_from(["pabx", "--format", "table", "regras", "alter", "--plano", "3", "--file", "-"]);
        assert!(cli.is_ok());
        // No way to pass the token as an argument.
        assert!(Cli::try_parse_from(["pabx", "--token", "x", "regioes", "list"]).is_err());
    }
}
