//! Call history: pages streamed to the UI through a channel as they arrive, each call with its
//! cost check, totals at the end; the export to a CSV file the user chose; cancel by operation
//! id. The work is `pabx_api::historico` and `pabx_bulk::historico`; these only translate.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::historico::{self, ColunasHistorico, Opcoes, ProgressoHistorico, ResultadoHistorico};
use pabx_bulk::historico::{ErroExportacao, RelatorioExportacao};
use pabx_bulk::Dialect;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use super::operacoes::Operacoes;
use crate::core::Core;
use crate::error::{CommandError, CommandErrorKind, CommandResult};

/// One page of calls for the table, column by column (compact to send and to parse), with the
/// progress of the whole query.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PaginaHistorico {
    pub colunas: ColunasHistorico,
    pub progresso: ProgressoHistorico,
}

/// What a load ends with: the totals, and how many pages went on the channel. Channel messages
/// can reach the webview after the command's answer, so the UI waits for `paginas` of them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CargaHistorico {
    pub resultado: ResultadoHistorico,
    pub paginas: u32,
}

/// Every call of `filtro` (any period; split into windows under two months), each page sent on
/// `canal` as it arrives; returns the totals. `cancelar_operacao(operacao)` stops it.
#[tauri::command]
#[specta::specta]
pub async fn carregar_historico_chamada(
    core: State<'_, Core>,
    operacoes: State<'_, Operacoes>,
    filtro: ListarHistoricoChamada,
    operacao: String,
    canal: Channel<PaginaHistorico>,
) -> CommandResult<CargaHistorico> {
    let client = core.client().await?;
    let cancelar = operacoes.iniciar(&operacao);
    let mut paginas = 0u32;
    let resultado = historico::carregar(&client, &filtro, Opcoes::default(), &cancelar, |chamadas, progresso| {
        // A closed window cannot take pages; stop fetching for it.
        if canal.send(PaginaHistorico { colunas: ColunasHistorico::from(chamadas), progresso }).is_err() {
            cancelar.store(true, Ordering::Relaxed);
        } else {
            paginas += 1;
        }
    })
    .await;
    Ok(CargaHistorico { resultado: resultado?, paginas })
}

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
