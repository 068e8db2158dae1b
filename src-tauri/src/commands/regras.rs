//! Rules the screens need while the user types, computed by pabx-api (never re-implemented in
//! TypeScript): Brazilian numbers, business hours and holidays, destination kinds, tariff
//! previews. Pure and local: no account, no network.

use pabx_api::destino::{self, TipoDestino};
use pabx_api::feriados::{self, Feriado};
use pabx_api::did::{self, VistaDid};
use pabx_api::horario::{self, EstadoHorario, Semana};
use pabx_api::numero::NumeroBr;
use pabx_api::tarifas::{self, FracionamentoComum, PreviaCusto};
use pabx_api::regiao::{self, CoberturaRegiao};
use pabx_api::{Did, PlanoDiscagem, RegraRoteamento, Regiao, Tarifa, Tronco};

/// The weekdays in the platform's (assumed) numbering, the sentence that states it, and the
/// default time zone.
#[tauri::command]
#[specta::specta]
pub fn semana() -> Semana {
    horario::semana()
}

/// A DID number read as typed: canonical, E.164 and formatted forms, or why it is not valid.
#[tauri::command]
#[specta::specta]
pub fn ler_numero_did(texto: String) -> Result<NumeroBr, String> {
    NumeroBr::parse(&texto)
}

/// What the DID list shows per row, judged now in `fuso` (empty: America/Sao_Paulo).
#[tauri::command]
#[specta::specta]
pub fn vistas_dids(dids: Vec<Did>, fuso: String) -> Result<Vec<VistaDid>, String> {
    did::vistas_agora(&dids, &fuso)
}

/// "Aberto agora?" for a DID being edited, with the holidays of the editor.
#[tauri::command]
#[specta::specta]
pub fn estado_horario(did: Did, feriados: Vec<Feriado>, fuso: String) -> Result<EstadoHorario, String> {
    horario::estado_agora(&did, &feriados, &fuso)
}

/// `atuais` plus Brazil's national holidays of `ano` not already in it, sorted.
#[tauri::command]
#[specta::specta]
pub fn adicionar_feriados_nacionais(atuais: Vec<Feriado>, ano: i16) -> Result<Vec<Feriado>, String> {
    Ok(feriados::mesclar(&atuais, feriados::nacionais(ano)?))
}

/// The DID with its holiday list written from `feriados`, in the form the field has.
#[tauri::command]
#[specta::specta]
pub fn did_com_feriados(did: Did, feriados: Vec<Feriado>) -> Did {
    did.com_feriados(&feriados)
}

/// The destination kinds known by name (`apontar_para`, `encaminhamento_tipo`).
#[tauri::command]
#[specta::specta]
pub fn tipos_destino() -> Vec<TipoDestino> {
    destino::tipos()
}

/// The common fracionamentos offered as presets.
#[tauri::command]
#[specta::specta]
pub fn fracionamentos_comuns() -> Vec<FracionamentoComum> {
    tarifas::comuns()
}

/// Billed seconds and cost of a call of `duracao` seconds under each tariff.
#[tauri::command]
#[specta::specta]
pub fn previa_custo(tarifas: Vec<Tarifa>, duracao: u32) -> Vec<PreviaCusto> {
    tarifas::previa(&tarifas, duracao)
}

/// For each region: the trunks that price it, the plans that route it, and the gaps.
#[tauri::command]
#[specta::specta]
pub fn cobertura_regioes(
    regioes: Vec<Regiao>,
    troncos: Vec<Tronco>,
    planos: Vec<PlanoDiscagem>,
    regras: Vec<RegraRoteamento>,
) -> Vec<CoberturaRegiao> {
    regiao::cobertura(&regioes, &troncos, &planos, &regras)
}
