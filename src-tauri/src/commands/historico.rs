//! Call history: pages streamed to the UI through a channel as they arrive, each call with its
//! cost check, totals at the end; the export to a CSV file the user chose; cancel by operation
//! id. The work is `pabx_api::historico` and `pabx_bulk::historico`; these only translate.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::historico::{self, ColunasHistorico, Opcoes, ProgressoHistorico, ResultadoHistorico};
use pabx_bulk::historico::{ErroExportacao, RelatorioExportacao};
use pabx_bulk::Dialect;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use tokio::sync::mpsc;

use super::lotes::{enviar_em_lotes, PaginaColunar};
use super::operacoes::Operacoes;
use crate::core::Core;
use crate::error::{CommandError, CommandErrorKind, CommandResult};

/// One page of calls for the table: [`ColunasHistorico`]'s fields under their names, with the
/// [`ProgressoHistorico`] of the whole query as the header's `meta` (the JSON of 100,000 calls
/// cost the webview as much CPU as fetching them).
fn pagina_historico(colunas: &ColunasHistorico, progresso: &ProgressoHistorico) -> PaginaColunar {
    PaginaColunar(colunas.em_bytes(progresso))
}

/// What a load ends with: the totals, and how many messages went on the channel (pages, some
/// gathered in one). Channel messages can reach the webview after the command's answer, so the
/// UI waits for `paginas` of them before it takes the answer's own calls. The `meta` of the
/// answer's column message.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CargaHistorico {
    pub resultado: ResultadoHistorico,
    pub paginas: u32,
}

/// Every call of `filtro` (any period; split into windows under two months), sent on `canal` as
/// the pages arrive (gathered: [`enviar_em_lotes`]); answers with the calls still gathering when
/// the load ended, as one more column message whose `meta` is the [`CargaHistorico`] (no hop of
/// their own). `cancelar_operacao(operacao)` stops it.
#[tauri::command]
#[specta::specta]
pub async fn carregar_historico_chamada(
    core: State<'_, Core>,
    operacoes: State<'_, Operacoes>,
    filtro: ListarHistoricoChamada,
    operacao: String,
    canal: Channel<PaginaColunar>,
) -> CommandResult<PaginaColunar> {
    let client = core.client().await?;
    let cancelar = operacoes.iniciar(&operacao);
    let (paginas_tx, paginas_rx) = mpsc::unbounded_channel();
    let janela_fechada = AtomicBool::new(false);
    let carga = async {
        let paginas_tx = paginas_tx;
        let resultado = historico::carregar(&client, &filtro, Opcoes::default(), &cancelar, |chamadas, progresso| {
            // A closed window cannot take pages; stop fetching for it.
            if janela_fechada.load(Ordering::Relaxed) {
                cancelar.store(true, Ordering::Relaxed);
            } else {
                let _ = paginas_tx.send((chamadas, progresso));
            }
        })
        .await;
        drop(paginas_tx);
        resultado
    };
    let envio = async {
        let envio = enviar_em_lotes(paginas_rx, MAXIMO_LOTE, |chamadas, progresso| {
            canal.send(pagina_historico(&ColunasHistorico::from(chamadas), &progresso)).is_ok()
        })
        .await;
        janela_fechada.store(envio.fechada, Ordering::Relaxed);
        envio
    };
    let (resultado, envio) = tokio::join!(carga, envio);
    let carga = CargaHistorico { resultado: resultado?, paginas: envio.enviadas };
    let ultimas = envio.ultimas.map(|(chamadas, _)| chamadas).unwrap_or_default();
    Ok(PaginaColunar(ColunasHistorico::from(ultimas).em_bytes(&carga)))
}

/// The most calls in one message (about 2 MB).
const MAXIMO_LOTE: usize = 20_000;

/// Exports every call of `filtro` to `caminho` (chosen in the save dialog) in `formato`,
/// progress on `canal`; the file appears only when complete.
#[tauri::command]
#[specta::specta]
pub async fn exportar_historico_chamada(
    core: State<'_, Core>,
    operacoes: State<'_, Operacoes>,
    filtro: ListarHistoricoChamada,
    caminho: String,
    formato: Dialect,
    operacao: String,
    canal: Channel<ProgressoHistorico>,
) -> CommandResult<RelatorioExportacao> {
    let client = core.client().await?;
    let cancelar = operacoes.iniciar(&operacao);
    let caminho = PathBuf::from(caminho);
    let relatorio = pabx_bulk::historico::exportar(
        &client,
        &filtro,
        formato,
        &caminho,
        Opcoes::default(),
        |progresso| {
            let _ = canal.send(progresso);
        },
        &cancelar,
    )
    .await;
    relatorio.map_err(|error| match error {
        ErroExportacao::Api(error) => error.into(),
        arquivo @ ErroExportacao::Arquivo { .. } => CommandError::new(CommandErrorKind::STORAGE, arquivo.to_string()),
    })
}
