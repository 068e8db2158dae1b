//! The cost check: each call's price recomputed from its trunk's tariff for its region and the
//! tariff's fracionamento ([`crate::tarifas`]), and flagged when the platform's `preco` differs
//! by more than [`TOLERANCIA`].
//!
//! A call record carries no `tronco_id`: its trunk is the one whose `nome` is the call's
//! `recurso` (what the platform and the sandbox write there for outgoing calls), or, when the
//! query was filtered by one trunk, that trunk. A call whose trunk or region tariff is unknown
//! (incoming calls, trunks of another reseller) is not checked: `custo_calculado` is `None`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::chamada::Chamada;
use crate::tarifas::{self, Fracionamento};
use crate::tronco::{Tarifa, Tronco};

/// A price differing from the tariff's by more than this (reais) is flagged.
pub const TOLERANCIA: f64 = 0.01;

/// What the check found for one call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conferencia {
    /// The trunk the call was matched to.
    pub tronco_id: Option<i64>,
    /// The price by the tariff (reais, 4 decimals); `None` when no tariff applies.
    pub custo_calculado: Option<f64>,
    /// Seconds billed under the tariff's fracionamento.
    pub segundos_cobrados: Option<u32>,
    /// `preco - custo_calculado` (0 when not checked).
    pub diferenca: f64,
    /// The difference is larger than [`TOLERANCIA`].
    pub divergente: bool,
}

/// A call and its check, as the app's table and the export show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChamadaConferida {
    pub chamada: Chamada,
    pub conferencia: Conferencia,
}

struct TarifaPronta {
    tarifa: Tarifa,
    fracionamento: Fracionamento,
}

/// The tariffs of every known trunk, ready to price calls.
#[derive(Default)]
pub struct Tarifario {
    por_id: HashMap<i64, HashMap<i64, TarifaPronta>>,
    por_nome: HashMap<String, i64>,
}

fn chave_nome(nome: &str) -> String {
    nome.trim().to_lowercase()
}

impl Tarifario {
    /// Tariffs with an invalid price or fracionamento are left out (their calls stay unchecked).
    pub fn new(troncos: &[Tronco]) -> Self {
        let mut tarifario = Self::default();
        for tronco in troncos {
            let tarifas = tronco
                .tarifas
                .iter()
                .filter(|t| tarifas::valor_por_minuto(t.tarifa).is_ok())
                .filter_map(|t| {
                    let fracionamento = Fracionamento::parse(&t.fracionamento).ok()?;
                    Some((t.regiao_id, TarifaPronta { tarifa: t.clone(), fracionamento }))
                })
                .collect();
            tarifario.por_id.insert(tronco.tronco_id, tarifas);
            if !tronco.nome.trim().is_empty() {
                tarifario.por_nome.insert(chave_nome(&tronco.nome), tronco.tronco_id);
            }
        }
        tarifario
    }

    /// Checks one call; `tronco_filtro` is the query's `tronco_id` (0 = any).
    pub fn conferir(&self, chamada: &Chamada, tronco_filtro: i64) -> Conferencia {
        let tronco_id = self.por_nome.get(&chave_nome(&chamada.recurso)).copied().or((tronco_filtro > 0).then_some(tronco_filtro));
        let Some(tronco_id) = tronco_id else { return Conferencia::default() };
        let tarifa = self.por_id.get(&tronco_id).and_then(|tarifas| tarifas.get(&chamada.regiao_id));
        let Some(pronta) = tarifa else { return Conferencia { tronco_id: Some(tronco_id), ..Default::default() } };
        let duracao = u32::try_from(chamada.duracao_chamada.max(0)).unwrap_or(u32::MAX);
        // The fracionamento was parsed once for the tariff, not once per call.
        let segundos = pronta.fracionamento.segundos_cobrados(duracao);
        let custo = tarifas::custo_cobrado(pronta.tarifa.tarifa, segundos).unwrap_or(0.0);
        let diferenca = arredondar(chamada.preco - custo);
        Conferencia {
            tronco_id: Some(tronco_id),
            custo_calculado: Some(custo),
            segundos_cobrados: Some(segundos),
            diferenca,
            // A hair over the tolerance: 0.01 itself, after float noise, is not a divergence.
            divergente: diferenca.abs() > TOLERANCIA + 1e-9,
        }
    }

    /// The call with its check.
    pub fn conferida(&self, chamada: Chamada, tronco_filtro: i64) -> ChamadaConferida {
        let conferencia = self.conferir(&chamada, tronco_filtro);
        ChamadaConferida { chamada, conferencia }
    }
}

/// Reais to 4 decimals, as [`tarifas::custo`] rounds.
pub(crate) fn arredondar(valor: f64) -> f64 {
    (valor * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tronco(id: i64, nome: &str, tarifas: &[(i64, f64, &str)]) -> Tronco {
        Tronco {
            tronco_id: id,
            nome: nome.into(),
            tarifas: tarifas
                .iter()
                .map(|(regiao_id, tarifa, fracionamento)| Tarifa {
                    regiao_id: *regiao_id,
                    tarifa: *tarifa,
                    fracionamento: (*fracionamento).into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn chamada(recurso: &str, regiao_id: i64, duracao: i64, preco: f64) -> Chamada {
        Chamada { recurso: recurso.into(), regiao_id, duracao_chamada: duracao, preco, ..Default::default() }
    }

    fn tarifario() -> Tarifario {
        Tarifario::new(&[
            tronco(1, "Alfa Telecom SIP", &[(1, 0.06, "3/30/6"), (3, 0.19, "3/30/6"), (9, 0.5, "30/6")]),
            tronco(2, "Beta Voz IP", &[(1, 0.05, "0/30/6")]),
        ])
    }

    #[test]
    fn a_correct_price_passes_and_a_wrong_one_is_flagged() {
        let t = tarifario();
        // 61 s under 3/30/6: 66 s billed; 0.19 × 66 / 60 = 0.209.
        let ok = t.conferir(&chamada("Alfa Telecom SIP", 3, 61, 0.209), 0);
        assert_eq!(
            ok,
            Conferencia {
                tronco_id: Some(1),
                custo_calculado: Some(0.209),
                segundos_cobrados: Some(66),
                diferenca: 0.0,
                divergente: false
            }
        );
        let caro = t.conferir(&chamada("alfa telecom sip ", 3, 61, 0.35), 0);
        assert!(caro.divergente);
        assert_eq!(caro.diferenca, 0.141);
        let barato = t.conferir(&chamada("Beta Voz IP", 1, 30, 0.0), 0);
        assert_eq!((barato.custo_calculado, barato.diferenca, barato.divergente), (Some(0.025), -0.025, true));
    }

    #[test]
    fn one_cent_is_tolerated_and_a_bit_more_is_not() {
        let t = tarifario();
        // 0.06 × 30 / 60 = 0.03.
        assert!(!t.conferir(&chamada("Alfa Telecom SIP", 1, 20, 0.04), 0).divergente);
        assert!(!t.conferir(&chamada("Alfa Telecom SIP", 1, 20, 0.02), 0).divergente);
        assert!(t.conferir(&chamada("Alfa Telecom SIP", 1, 20, 0.0401), 0).divergente);
        // Within the grace period the call is free.
        assert_eq!(t.conferir(&chamada("Alfa Telecom SIP", 1, 3, 0.0), 0).custo_calculado, Some(0.0));
    }

    #[test]
    fn unknown_trunks_regions_and_bad_tariffs_are_not_checked() {
        let t = tarifario();
        assert_eq!(t.conferir(&chamada("4133331000", 0, 40, 0.0), 0), Conferencia::default());
        let sem_regiao = t.conferir(&chamada("Beta Voz IP", 4, 40, 9.0), 0);
        assert_eq!((sem_regiao.tronco_id, sem_regiao.custo_calculado, sem_regiao.divergente), (Some(2), None, false));
        // "30/6" is refused by the tariff parser, so region 9 of Alfa has no usable tariff.
        assert_eq!(t.conferir(&chamada("Alfa Telecom SIP", 9, 40, 1.0), 0).custo_calculado, None);
        // With a trunk filter, a call whose recurso names no trunk is priced by that trunk.
        assert_eq!(t.conferir(&chamada("", 1, 30, 0.025), 2).custo_calculado, Some(0.025));
    }
}
