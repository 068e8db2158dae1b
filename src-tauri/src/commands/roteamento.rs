//! The routing editor's commands, thin over `pabx_api::roteamento`: load a plan's routing, analyse
//! an edit (prices, cheapest, warnings), the diff shown before saving, the save with its read-back
//! check, the copy to another plan and the route and cost simulator.

use pabx_api::regiao::Regiao;
use pabx_api::roteamento::{
    self, AnaliseRoteamento, Classificacao, DestinoSimulacao, DiffRegiao, PlanoRoteamento, ResultadoCopia, SalvamentoRoteamento, Simulacao,
};
use pabx_api::RegrasRoteamento;
use serde::Serialize;
use tauri::State;

use crate::core::Core;
use crate::error::{CommandError, CommandResult};

/// A plan with its rules, every region and the trunks it can route through (with tariffs).
#[tauri::command]
#[specta::specta]
pub async fn carregar_roteamento(core: State<'_, Core>, plano_discagem_id: i64) -> CommandResult<PlanoRoteamento> {
    Ok(roteamento::carregar(&core.client().await?, plano_discagem_id).await?)
}

/// Every region of an edited routing priced over a call of `duracao` seconds, and its warnings.
#[tauri::command]
#[specta::specta]
pub fn analisar_roteamento(dados: PlanoRoteamento, duracao: u32) -> AnaliseRoteamento {
    roteamento::analisar(&dados.regras, &dados.regioes, &dados.troncos, duracao)
}

/// What an edit changes, region by region (shown before saving).
#[tauri::command]
#[specta::specta]
pub fn diff_regras_roteamento(antes: RegrasRoteamento, depois: RegrasRoteamento) -> Vec<DiffRegiao> {
    roteamento::diff(&antes, &depois)
}

/// Saves every region of the plan (emptied ones included), then reads the rules back and
/// returns what differs from what was sent.
#[tauri::command]
#[specta::specta]
pub async fn salvar_regras_roteamento(
    core: State<'_, Core>,
    plano_discagem_id: i64,
    regioes: Vec<Regiao>,
    original: RegrasRoteamento,
    editado: RegrasRoteamento,
) -> CommandResult<SalvamentoRoteamento> {
    let corpo = roteamento::para_salvar(&regioes, &editado, &original);
    Ok(roteamento::salvar(&core.client().await?, plano_discagem_id, corpo).await?)
}

/// Copies a plan's routing onto another, trunks matched by name: a dry run unless `aplicar`.
#[tauri::command]
#[specta::specta]
pub async fn copiar_regras_roteamento(
    core: State<'_, Core>,
    origem_plano_id: i64,
    destino_plano_id: i64,
    aplicar: bool,
) -> CommandResult<ResultadoCopia> {
    Ok(roteamento::copiar_plano(&core.client().await?, origem_plano_id, destino_plano_id, aplicar).await?)
}

/// The simulator's answer: the route and, for a typed number, how it was classified.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ResultadoSimulacao {
    pub simulacao: Simulacao,
    pub classificacao: Option<Classificacao>,
}

/// The trunks a call to a region (or a typed number) would try, each with billed seconds and cost.
#[tauri::command]
#[specta::specta]
pub fn simular_roteamento(dados: PlanoRoteamento, destino: DestinoSimulacao, duracao: u32) -> CommandResult<ResultadoSimulacao> {
    let (regiao, classificacao) = roteamento::regiao_do_destino(&destino, &dados.regioes)
        .map_err(|mensagem| CommandError::invalid_input(vec![pabx_api::FieldError::new("destino", mensagem)]))?;
    let simulacao = roteamento::simular(&dados.regras, &regiao, &dados.troncos, duracao);
    Ok(ResultadoSimulacao { simulacao, classificacao })
}
