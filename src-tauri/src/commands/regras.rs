//! Rules the screens need while the user types, computed by pabx-api (never re-implemented in
//! TypeScript): Brazilian numbers, business hours and holidays, destination kinds, tariff
//! previews. Pure and local: no account, no network.

use pabx_api::destino::{self, TipoDestino};
use pabx_api::did::{self, VistaDid};
use pabx_api::feriados::{self, Feriado};
use pabx_api::horario::{self, EstadoHorario, Semana};
use pabx_api::numero::NumeroBr;
use pabx_api::regiao::{self, CoberturaRegiao};
use pabx_api::tarifas::{self, FracionamentoComum, PreviaCusto};
use pabx_api::{Did, FieldError, PlanoDiscagem, Regiao, RegraRoteamento, Tarifa, Tronco};

/// The weekdays in the platform's (assumed) numbering, the sentence that states it, and the
/// default time zone.
#[tauri::command]
#[specta::specta]
pub fn semana() -> Semana {
    horario::semana()
}

/// A DID number read as typed: canonical, E.164 and formatted forms, or why it is not valid
/// (as the `numero` field's error, so the UI words it in its language).
#[tauri::command]
#[specta::specta]
pub fn ler_numero_did(texto: String) -> Result<NumeroBr, FieldError> {
    NumeroBr::parse(&texto).map_err(|mensagem| FieldError::de("numero", &mensagem))
}

/// What the DID list shows per row, judged now in `fuso` (empty: America/Sao_Paulo).
#[tauri::command]
#[specta::specta]
pub fn vistas_dids(dids: Vec<Did>, fuso: String) -> Result<Vec<VistaDid>, FieldError> {
    did::vistas_agora(&dids, &fuso).map_err(|mensagem| FieldError::de("fuso", &mensagem))
}

/// "Aberto agora?" for a DID being edited, with the holidays of the editor.
#[tauri::command]
#[specta::specta]
pub fn estado_horario(did: Did, feriados: Vec<Feriado>, fuso: String) -> Result<EstadoHorario, FieldError> {
    horario::estado_agora(&did, &feriados, &fuso).map_err(|mensagem| FieldError::de("fuso", &mensagem))
}

/// `atuais` plus Brazil's national holidays of `ano` not already in it, sorted.
#[tauri::command]
#[specta::specta]
pub fn adicionar_feriados_nacionais(atuais: Vec<Feriado>, ano: i16) -> Result<Vec<Feriado>, FieldError> {
    let nacionais = feriados::nacionais(ano).map_err(|mensagem| FieldError::de("ano", &mensagem))?;
    Ok(feriados::mesclar(&atuais, nacionais))
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
