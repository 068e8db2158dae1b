//! Totals of a set of calls, and the same grouped by day, hour, region, ramal and trunk. Built
//! one call at a time by [`Acumulador`] (pages are added as they arrive), so the CLI's
//! `resumo`, the export and the app's totals are one computation.
//!
//! Definitions: a call is *atendida*, *não atendida* (no answer, busy, cancelled) or a *falha*
//! by its `status` ([`Desfecho`]). Average duration is over answered calls. Billed minutes are
//! the tariff's billed seconds / 60 for checked calls, the call's own duration for priced calls
//! that could not be checked, 0 otherwise. Money is in reais, rounded to 4 decimals.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::custo::{arredondar, ChamadaConferida};
use crate::regiao::Regiao;

/// The outcome of a call, from its `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Desfecho {
    Atendida,
    NaoAtendida,
    Falha,
}

impl Desfecho {
    /// Upper case, without accents: `Não atendida`, `NAO ATENDIDA` and `no answer` all count as
    /// not answered. Unknown statuses count as failures.
    pub fn de_status(status: &str) -> Self {
        let status = status.trim();
        // Most statuses are plain ASCII words: compared as they are, without a normalized copy.
        if status.is_ascii() && !status.contains(['_', '-']) {
            return Self::de_normal(|nome| status.eq_ignore_ascii_case(nome));
        }
        let normal: String = status
            .to_uppercase()
            .chars()
            .map(|c| match c {
                'Ã' | 'Á' | 'Â' | 'À' => 'A',
                'É' | 'Ê' => 'E',
                'Í' => 'I',
                'Ó' | 'Õ' | 'Ô' => 'O',
                'Ú' => 'U',
                'Ç' => 'C',
                '_' | '-' => ' ',
                other => other,
            })
            .collect();
        Self::de_normal(|nome| normal == nome)
    }

    /// The outcome whose upper-case name `igual` accepts.
    fn de_normal(igual: impl Fn(&str) -> bool) -> Self {
        const ATENDIDA: [&str; 3] = ["ATENDIDA", "ANSWERED", "ANSWER"];
        const NAO_ATENDIDA: [&str; 7] = ["NAO ATENDIDA", "NO ANSWER", "NOANSWER", "OCUPADO", "BUSY", "CANCELADA", "CANCEL"];
        if ATENDIDA.into_iter().any(&igual) {
            Desfecho::Atendida
        } else if NAO_ATENDIDA.into_iter().any(&igual) {
            Desfecho::NaoAtendida
        } else {
            Desfecho::Falha
        }
    }
}

/// The totals of a set of calls.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Totais {
    pub chamadas: u32,
    pub atendidas: u32,
    pub nao_atendidas: u32,
    pub falhas: u32,
    /// Seconds, all calls.
    pub duracao_total: u32,
    /// Seconds, over answered calls.
    pub duracao_media: f64,
    pub minutos_cobrados: f64,
    /// Sum of the platform's `preco`.
    pub custo_total: f64,
    /// Sum of the tariff's price over checked calls.
    pub custo_calculado: f64,
    /// Calls checked against a tariff.
    pub conferidas: u32,
    /// Calls whose price differs from the tariff by more than R$ 0,01.
    pub divergentes: u32,
    /// Sum of `preco - custo_calculado` over the divergent calls (positive: billed too much).
    pub diferenca_divergentes: f64,
}

impl Totais {
    fn adicionar(&mut self, item: &ChamadaConferida, desfecho: Desfecho) {
        let (c, conf) = (&item.chamada, &item.conferencia);
        self.chamadas += 1;
        match desfecho {
            Desfecho::Atendida => self.atendidas += 1,
            Desfecho::NaoAtendida => self.nao_atendidas += 1,
            Desfecho::Falha => self.falhas += 1,
        }
        let duracao = u32::try_from(c.duracao_chamada.max(0)).unwrap_or(u32::MAX);
        self.duracao_total = self.duracao_total.saturating_add(duracao);
        self.custo_total += c.preco;
        self.minutos_cobrados += match conf.segundos_cobrados {
            Some(segundos) if conf.custo_calculado.is_some() => f64::from(segundos) / 60.0,
            _ if c.preco > 0.0 => f64::from(duracao) / 60.0,
            _ => 0.0,
        };
        if let Some(custo) = conf.custo_calculado {
            self.conferidas += 1;
            self.custo_calculado += custo;
        }
        if conf.divergente {
            self.divergentes += 1;
            self.diferenca_divergentes += conf.diferenca;
        }
    }

    fn fechar(&mut self, duracao_atendidas: u64) {
        self.duracao_media =
            if self.atendidas == 0 { 0.0 } else { (duracao_atendidas as f64 / f64::from(self.atendidas) * 10.0).round() / 10.0 };
        self.minutos_cobrados = arredondar(self.minutos_cobrados);
        self.custo_total = arredondar(self.custo_total);
        self.custo_calculado = arredondar(self.custo_calculado);
        self.diferenca_divergentes = arredondar(self.diferenca_divergentes);
    }
}

/// The totals of one group (a day, an hour, a region, a ramal, a trunk).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Grupo {
    /// Sortable key: `2026-11-26`, `08`, the region id, `cliente_id:ramal`, the trunk's name.
    pub chave: String,
    /// What a person reads: `26/11/2026`, `08h`, `Móvel local`, `2001 (Padaria)`, the trunk.
    pub rotulo: String,
    pub totais: Totais,
}

/// Totals of a set of calls and the same grouped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Resumo {
    pub totais: Totais,
    /// Oldest day first.
    pub por_dia: Vec<Grupo>,
    /// The 24 hours of the day, 00 to 23, every hour present.
    pub por_hora: Vec<Grupo>,
    pub por_regiao: Vec<Grupo>,
    pub por_ramal: Vec<Grupo>,
    /// Outgoing calls by trunk (`recurso`); incoming calls under `entrada`.
    pub por_tronco: Vec<Grupo>,
}

#[derive(Default)]
struct Acumulado {
    rotulo: String,
    totais: Totais,
    duracao_atendidas: u64,
}

impl Acumulado {
    fn adicionar(&mut self, item: &ChamadaConferida, desfecho: Desfecho) {
        self.totais.adicionar(item, desfecho);
        if desfecho == Desfecho::Atendida {
            self.duracao_atendidas += u64::try_from(item.chamada.duracao_chamada.max(0)).unwrap_or(0);
        }
    }

    fn grupo(mut self, chave: String) -> Grupo {
        self.totais.fechar(self.duracao_atendidas);
        Grupo { chave, rotulo: self.rotulo, totais: self.totais }
    }
}

/// Builds a [`Resumo`] call by call.
#[derive(Default)]
pub struct Acumulador {
    regioes: BTreeMap<i64, String>,
    todas: Acumulado,
    // Hashed while calls arrive (five lookups a call, where a tree compares strings along its
    // path; memcmp led a profile of the app's history load), sorted by key once in `resumo`.
    por_dia: HashMap<String, Acumulado>,
    por_hora: HashMap<String, Acumulado>,
    por_regiao: HashMap<String, Acumulado>,
    por_ramal: HashMap<String, Acumulado>,
    por_tronco: HashMap<String, Acumulado>,
    /// Where a formatted group key is written (one buffer for every call, not one per call).
    chave: String,
}

/// The group key of incoming calls (no trunk, region 0).
pub const ENTRADA: &str = "entrada";

impl Acumulador {
    /// `regioes` names the regions in `por_regiao` (an unknown id shows as `Região N`).
    pub fn new(regioes: &[Regiao]) -> Self {
        Self { regioes: regioes.iter().map(|r| (r.regiao_id, r.nome.clone())).collect(), ..Default::default() }
    }

    /// One call into every group it belongs to. Keys are looked up as borrowed text and labels
    /// made only for a new group: a hundred thousand calls fall into a few hundred groups.
    pub fn adicionar(&mut self, item: &ChamadaConferida) {
        let c = &item.chamada;
        let desfecho = Desfecho::de_status(&c.status);
        self.todas.adicionar(item, desfecho);
        let (dia, hora) = dia_e_hora(&c.data);
        let dia = dia.as_ref().map_or("", |d| std::str::from_utf8(d).unwrap_or_default());
        entrada(&mut self.por_dia, dia, || c.data.get(..10).unwrap_or_default().to_owned()).adicionar(item, desfecho);
        entrada(&mut self.por_hora, hora, || format!("{hora}h")).adicionar(item, desfecho);
        let regioes = &self.regioes;
        let regiao = || match c.regiao_id {
            0 => "Recebidas".to_owned(),
            id => regioes.get(&id).cloned().unwrap_or_else(|| format!("Região {id}")),
        };
        self.chave.clear();
        let _ = write!(self.chave, "{:04}", c.regiao_id);
        entrada(&mut self.por_regiao, &self.chave, regiao).adicionar(item, desfecho);
        let ramal = ramal_da_chamada(c.origem.as_str(), c.destino.as_str());
        if !ramal.is_empty() {
            let rotulo = || if c.cliente_nome.is_empty() { ramal.to_owned() } else { format!("{ramal} ({})", c.cliente_nome) };
            self.chave.clear();
            let _ = write!(self.chave, "{}:{ramal}", c.cliente_id);
            entrada(&mut self.por_ramal, &self.chave, rotulo).adicionar(item, desfecho);
        }
        let tronco = if c.regiao_id == 0 || c.recurso.trim().is_empty() { ENTRADA } else { c.recurso.trim() };
        let rotulo = || if tronco == ENTRADA { "Recebidas".to_owned() } else { tronco.to_owned() };
        entrada(&mut self.por_tronco, tronco, rotulo).adicionar(item, desfecho);
    }

    pub fn resumo(self) -> Resumo {
        let grupos = |mapa: HashMap<String, Acumulado>| {
            let mut grupos = mapa.into_iter().collect::<Vec<_>>();
            grupos.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
            grupos.into_iter().map(|(k, a)| a.grupo(k)).collect::<Vec<_>>()
        };
        let mut por_hora = self.por_hora;
        for hora in 0..24 {
            let chave = format!("{hora:02}");
            por_hora.entry(chave.clone()).or_insert_with(|| Acumulado { rotulo: format!("{chave}h"), ..Default::default() });
        }
        // Calls with an unreadable date sort under the empty key; keep hours to the 24 of a day.
        por_hora.retain(|k, _| k.len() == 2);
        Resumo {
            totais: self.todas.grupo(String::new()).totais,
            por_dia: grupos(self.por_dia),
            por_hora: grupos(por_hora),
            por_regiao: grupos(self.por_regiao),
            por_ramal: grupos(self.por_ramal),
            por_tronco: grupos(self.por_tronco),
        }
    }
}

/// The group under `chave`, made with its label when new (the key copied only then).
fn entrada<'m>(mapa: &'m mut HashMap<String, Acumulado>, chave: &str, rotulo: impl FnOnce() -> String) -> &'m mut Acumulado {
    if !mapa.contains_key(chave) {
        mapa.insert(chave.to_owned(), Acumulado { rotulo: rotulo(), ..Default::default() });
    }
    mapa.get_mut(chave).unwrap_or_else(|| unreachable!("inserted above"))
}

/// `dd/mm/yyyy HH:MM:SS` to (`yyyy-mm-dd`, `HH`); none and an empty hour when the date is not
/// in that form.
fn dia_e_hora(data: &str) -> (Option<[u8; 10]>, &str) {
    let b = data.trim().as_bytes();
    let digitos = |r: std::ops::Range<usize>| b.get(r).filter(|s| s.iter().all(u8::is_ascii_digit));
    match (digitos(0..2), digitos(3..5), digitos(6..10)) {
        (Some(d), Some(m), Some(y)) => {
            let mut dia = *b"yyyy-mm-dd";
            dia[..4].copy_from_slice(y);
            dia[5..7].copy_from_slice(m);
            dia[8..].copy_from_slice(d);
            let hora = digitos(11..13).and_then(|h| std::str::from_utf8(h).ok()).unwrap_or_default();
            (Some(dia), hora)
        }
        _ => (None, ""),
    }
}

/// The extension of a call: its origin when it is an extension (digits only, at most 6 of them,
/// shorter than any phone number), else its destination when that is one, else empty.
pub fn ramal_da_chamada<'a>(origem: &'a str, destino: &'a str) -> &'a str {
    let ramal = |n: &str| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit());
    if ramal(origem.trim()) {
        origem.trim()
    } else if ramal(destino.trim()) {
        destino.trim()
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::historico::custo::Conferencia;
    use crate::Chamada;

    fn item(data: &str, status: &str, duracao: i64, preco: f64, conf: Conferencia) -> ChamadaConferida {
        ChamadaConferida {
            chamada: Chamada {
                data: data.into(),
                status: status.into(),
                duracao_chamada: duracao,
                preco,
                origem: "2001".into(),
                destino: "11987654321".into(),
                regiao_id: 3,
                recurso: "Alfa".into(),
                cliente_id: 1,
                cliente_nome: "Padaria".into(),
                ..Default::default()
            },
            conferencia: conf,
        }
    }

    fn conferida(custo: f64, segundos: u32, diferenca: f64) -> Conferencia {
        Conferencia {
            tronco_id: Some(1),
            custo_calculado: Some(custo),
            segundos_cobrados: Some(segundos),
            diferenca,
            divergente: diferenca.abs() > 0.01,
        }
    }

    #[test]
    fn statuses_map_to_three_outcomes() {
        assert_eq!(Desfecho::de_status("ATENDIDA"), Desfecho::Atendida);
        assert_eq!(Desfecho::de_status("Não atendida"), Desfecho::NaoAtendida);
        assert_eq!(Desfecho::de_status("NAO ATENDIDA"), Desfecho::NaoAtendida);
        assert_eq!(Desfecho::de_status("ocupado"), Desfecho::NaoAtendida);
        assert_eq!(Desfecho::de_status("FALHA"), Desfecho::Falha);
        assert_eq!(Desfecho::de_status("???"), Desfecho::Falha);
        assert_eq!(Desfecho::de_status(" Busy "), Desfecho::NaoAtendida);
        assert_eq!(Desfecho::de_status("no_answer"), Desfecho::NaoAtendida);
        assert_eq!(Desfecho::de_status("Answered"), Desfecho::Atendida);
        assert_eq!(Desfecho::de_status("ANSWERED!"), Desfecho::Falha);
    }

    #[test]
    fn totals_and_groups_add_up() {
        let regioes = [Regiao { regiao_id: 3, nome: "Móvel local".into(), ..Default::default() }];
        let mut a = Acumulador::new(&regioes);
        a.adicionar(&item("26/11/2026 08:10:00", "ATENDIDA", 61, 0.209, conferida(0.209, 66, 0.0)));
        a.adicionar(&item("26/11/2026 08:50:00", "ATENDIDA", 29, 0.5, conferida(0.095, 30, 0.405)));
        a.adicionar(&item("27/11/2026 14:00:00", "NAO ATENDIDA", 0, 0.0, conferida(0.0, 0, 0.0)));
        a.adicionar(&item("27/11/2026 14:05:00", "FALHA", 0, 0.0, Conferencia::default()));
        let r = a.resumo();
        let t = &r.totais;
        assert_eq!((t.chamadas, t.atendidas, t.nao_atendidas, t.falhas), (4, 2, 1, 1));
        assert_eq!((t.duracao_total, t.duracao_media), (90, 45.0));
        assert_eq!((t.custo_total, t.custo_calculado, t.conferidas), (0.709, 0.304, 3));
        assert_eq!((t.divergentes, t.diferenca_divergentes), (1, 0.405));
        assert_eq!(t.minutos_cobrados, 1.6);
        let dias: Vec<(&str, &str, u32)> = r.por_dia.iter().map(|g| (g.chave.as_str(), g.rotulo.as_str(), g.totais.chamadas)).collect();
        assert_eq!(dias, [("2026-11-26", "26/11/2026", 2), ("2026-11-27", "27/11/2026", 2)]);
        assert_eq!(r.por_hora.len(), 24);
        assert_eq!((r.por_hora[8].rotulo.as_str(), r.por_hora[8].totais.chamadas, r.por_hora[14].totais.chamadas), ("08h", 2, 2));
        assert_eq!((r.por_regiao[0].rotulo.as_str(), r.por_regiao[0].totais.chamadas), ("Móvel local", 4));
        assert_eq!((r.por_ramal[0].chave.as_str(), r.por_ramal[0].rotulo.as_str()), ("1:2001", "2001 (Padaria)"));
        assert_eq!((r.por_tronco[0].chave.as_str(), r.por_tronco[0].totais.custo_total), ("Alfa", 0.709));
        // Each grouping partitions the calls.
        for grupos in [&r.por_dia, &r.por_hora, &r.por_regiao, &r.por_ramal, &r.por_tronco] {
            assert_eq!(grupos.iter().map(|g| g.totais.chamadas).sum::<u32>(), 4);
        }
    }

    #[test]
    fn the_ramal_is_the_short_number() {
        assert_eq!(ramal_da_chamada("2001", "1133334444"), "2001");
        assert_eq!(ramal_da_chamada("21987654321", "2001"), "2001");
        assert_eq!(ramal_da_chamada("21987654321", "1133334444"), "");
    }
}
