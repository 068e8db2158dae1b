//! A DID's business hours: the weekday numbering (the one place it is defined), whether a DID
//! is open at an instant in a time zone, and a one-line summary.
//!
//! The platform does not document which weekday is 1. This crate assumes 0 = domingo ..
//! 6 = sábado (the numbering of JavaScript, PHP's `date('w')` and Asterisk's `GotoIfTime`
//! lists); [`DIAS_SEMANA`] is the only table (the UI names the days in its language and states
//! the numbering).

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

use crate::feriados::Feriado;
use crate::mensagens::Mensagem;
use crate::Did;

/// The time zone assumed when the account names none.
pub const FUSO_PADRAO: &str = "America/Sao_Paulo";

/// `(número, sigla)` of each weekday in the platform's (assumed) numbering; the pt-BR sigla is
/// the CLI's wording.
pub const DIAS_SEMANA: [(i64, &str); 7] = [(0, "dom"), (1, "seg"), (2, "ter"), (3, "qua"), (4, "qui"), (5, "sex"), (6, "sáb")];

/// The weekdays in the platform's numbering, in order, and the time zone assumed by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Semana {
    pub dias: Vec<i64>,
    pub fuso_padrao: String,
}

pub fn semana() -> Semana {
    Semana { dias: DIAS_SEMANA.iter().map(|(numero, _)| *numero).collect(), fuso_padrao: FUSO_PADRAO.to_owned() }
}

/// The platform's number of a date's weekday.
pub fn numero_do_dia(date: Date) -> i64 {
    i64::from(date.weekday().to_sunday_zero_offset())
}

fn sigla(numero: i64) -> &'static str {
    DIAS_SEMANA.iter().find(|(n, _)| *n == numero).map_or("?", |(_, s)| s)
}

/// A schedule's days as its summary groups them: a run of three or more days as `de`..`ate`,
/// any other day alone (`de == ate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GrupoDias {
    pub de: i64,
    pub ate: i64,
}

/// A DID's hours in parts, so each language words its summary (`seg-sex 08:00-18:00, 2
/// feriados` is [`resumo`], the pt-BR one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Horario {
    /// Business hours off: the DID answers at any time.
    pub sempre: bool,
    /// All seven days (then `grupos` is the one run dom-sáb).
    pub todos_os_dias: bool,
    pub grupos: Vec<GrupoDias>,
    pub inicio: String,
    pub fim: String,
    pub feriados: u32,
}

/// Why a DID is open or closed at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RazaoHorario {
    /// Business hours off: open at any time.
    SemHorario,
    /// Closed for a holiday (`EstadoHorario::feriado`).
    Feriado,
    /// Hours on without a valid start and end: closed.
    Incompleto,
    Dentro,
    Fora,
}

/// Open or closed at an instant, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EstadoHorario {
    pub aberto: bool,
    pub razao: RazaoHorario,
    /// The holiday's name (its date when unnamed) when closed for one.
    pub feriado: Option<String>,
    /// The hours judged by.
    pub horario: Horario,
    /// Why, in pt-BR ("Aberto: dentro do horário (seg-sex 08:00-18:00)"): the CLI's wording; the
    /// app words `razao` in its language.
    pub motivo: String,
    /// The time zone used.
    pub fuso: String,
    /// The local weekday (platform numbering) and time (`14:05`) it was judged at.
    pub dia: i64,
    pub hora: String,
    /// The same in pt-BR: `qua 14:05`.
    pub agora: String,
}

fn hora_de(texto: &str) -> Option<Time> {
    let (h, m) = texto.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

/// The time zone of a name, or why not (`fuso_desconhecido`).
pub fn fuso(nome: &str) -> Result<TimeZone, Mensagem> {
    let nome = if nome.trim().is_empty() { FUSO_PADRAO } else { nome.trim() };
    TimeZone::get(nome).map_err(|_| Mensagem::new("fuso_desconhecido").com("fuso", nome).com("padrao", FUSO_PADRAO))
}

/// Whether the DID answers at `agora`. Holidays are those given (read from the DID by the
/// caller). Hours that end before they start run overnight: 22:00-06:00 on a Monday covers
/// Monday 22:00 to Tuesday 06:00.
pub fn estado(did: &Did, feriados: &[Feriado], agora: &ZonedDateTime) -> EstadoHorario {
    let fuso = agora.time_zone().iana_name().unwrap_or(FUSO_PADRAO).to_owned();
    let (date, time) = (agora.date(), agora.time());
    let dia = numero_do_dia(date);
    let hora = format!("{:02}:{:02}", time.hour(), time.minute());
    let horario = horario(did, feriados);
    let resultado = |aberto: bool, razao: RazaoHorario, feriado: Option<String>| {
        let motivo = match (razao, &feriado) {
            (RazaoHorario::SemHorario, _) => "Sem horário de funcionamento: atende a qualquer hora".to_owned(),
            (RazaoHorario::Feriado, nome) => format!("Fechado: feriado ({})", nome.as_deref().unwrap_or_default()),
            (RazaoHorario::Incompleto, _) => "Horário incompleto: informe início e fim (HH:MM)".to_owned(),
            (RazaoHorario::Dentro, _) => format!("Aberto: dentro do horário ({})", resumo_horario(did)),
            (RazaoHorario::Fora, _) => format!("Fechado: fora do horário ({})", resumo_horario(did)),
        };
        EstadoHorario {
            aberto,
            razao,
            feriado,
            horario: horario.clone(),
            motivo,
            fuso: fuso.clone(),
            dia,
            hora: hora.clone(),
            agora: format!("{} {hora}", sigla(dia)),
        }
    };
    if horario.sempre {
        return resultado(true, RazaoHorario::SemHorario, None);
    }
    if let Some(feriado) = feriados.iter().find(|f| f.cai_em(date)) {
        let nome = if feriado.nome.is_empty() { feriado.data.trim().to_owned() } else { feriado.nome.clone() };
        return resultado(false, RazaoHorario::Feriado, Some(nome));
    }
    let (Some(inicio), Some(fim)) = (hora_de(&did.horario_funcionamento_inicio), hora_de(&did.horario_funcionamento_fim)) else {
        return resultado(false, RazaoHorario::Incompleto, None);
    };
    let dias = &did.horario_funcionamento_dias_semana;
    let hoje = dias.contains(&dia);
    let ontem = date.yesterday().is_ok_and(|d| dias.contains(&numero_do_dia(d)));
    let aberto = if inicio < fim { hoje && inicio <= time && time < fim } else { (hoje && time >= inicio) || (ontem && time < fim) };
    if aberto {
        resultado(true, RazaoHorario::Dentro, None)
    } else {
        resultado(false, RazaoHorario::Fora, None)
    }
}

/// The parts of a DID's hours (see [`Horario`]).
pub fn horario(did: &Did, feriados: &[Feriado]) -> Horario {
    let (grupos, todos_os_dias) = grupos_dias(&did.horario_funcionamento_dias_semana);
    Horario {
        sempre: did.habilitar_horario_funcionamento != 1,
        todos_os_dias,
        grupos,
        inicio: did.horario_funcionamento_inicio.trim().to_owned(),
        fim: did.horario_funcionamento_fim.trim().to_owned(),
        feriados: u32::try_from(feriados.len()).unwrap_or(u32::MAX),
    }
}

/// [`estado`] now, in the named time zone (empty: [`FUSO_PADRAO`]).
pub fn estado_agora(did: &Did, feriados: &[Feriado], fuso_nome: &str) -> Result<EstadoHorario, Mensagem> {
    let tz = fuso(fuso_nome)?;
    Ok(estado(did, feriados, &Timestamp::now().to_zoned_datetime(tz)))
}

/// The days in platform order, grouped (see [`GrupoDias`]), and whether they are all seven.
pub fn grupos_dias(dias: &[i64]) -> (Vec<GrupoDias>, bool) {
    let mut sorted: Vec<i64> = dias.iter().copied().filter(|d| (0..=6).contains(d)).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut grupos = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            grupos.push(GrupoDias { de: sorted[i], ate: sorted[j] });
        } else {
            grupos.extend(sorted[i..=j].iter().map(|&d| GrupoDias { de: d, ate: d }));
        }
        i = j + 1;
    }
    (grupos, sorted.len() == 7)
}

/// `seg-sex`, `seg, qua, sex`, `todos os dias`: [`grupos_dias`] in pt-BR.
pub fn resumo_dias(dias: &[i64]) -> String {
    let (grupos, todos) = grupos_dias(dias);
    if todos {
        return "todos os dias".to_owned();
    }
    if grupos.is_empty() {
        return "nenhum dia".to_owned();
    }
    let partes: Vec<String> =
        grupos.iter().map(|g| if g.de == g.ate { sigla(g.de).to_owned() } else { format!("{}-{}", sigla(g.de), sigla(g.ate)) }).collect();
    partes.join(", ")
}

/// `seg-sex 08:00-18:00`.
fn resumo_horario(did: &Did) -> String {
    format!(
        "{} {}-{}",
        resumo_dias(&did.horario_funcionamento_dias_semana),
        did.horario_funcionamento_inicio.trim(),
        did.horario_funcionamento_fim.trim()
    )
}

/// The list's summary: `seg-sex 08:00-18:00, 9 feriados`, or `sem horário (atende sempre)`.
pub fn resumo(did: &Did, feriados: &[Feriado]) -> String {
    if did.habilitar_horario_funcionamento != 1 {
        return "sem horário (atende sempre)".to_owned();
    }
    match feriados.len() {
        0 => resumo_horario(did),
        1 => format!("{}, 1 feriado", resumo_horario(did)),
        n => format!("{}, {n} feriados", resumo_horario(did)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn did(dias: &[i64], inicio: &str, fim: &str) -> Did {
        Did {
            habilitar_horario_funcionamento: 1,
            horario_funcionamento_dias_semana: dias.to_vec(),
            horario_funcionamento_inicio: inicio.into(),
            horario_funcionamento_fim: fim.into(),
            ..Default::default()
        }
    }

    fn at(text: &str) -> ZonedDateTime {
        format!("{text}[{FUSO_PADRAO}]").parse().unwrap()
    }

    #[test]
    fn weekday_numbering_starts_on_sunday() {
        assert_eq!(numero_do_dia(jiff::civil::date(2026, 3, 1)), 0); // a Sunday
        assert_eq!(numero_do_dia(jiff::civil::date(2026, 3, 2)), 1);
        assert_eq!(numero_do_dia(jiff::civil::date(2026, 3, 7)), 6);
        assert_eq!(semana().dias, [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(sigla(1), "seg");
    }

    #[test]
    fn open_inside_the_hours_of_a_listed_day() {
        let d = did(&[1, 2, 3, 4, 5], "08:00", "18:00");
        assert!(estado(&d, &[], &at("2026-03-02T08:00")).aberto); // Monday
        assert!(estado(&d, &[], &at("2026-03-02T17:59")).aberto);
        assert!(!estado(&d, &[], &at("2026-03-02T18:00")).aberto);
        assert!(!estado(&d, &[], &at("2026-03-02T07:59")).aberto);
        let domingo = estado(&d, &[], &at("2026-03-01T10:00"));
        assert!(!domingo.aberto);
        assert_eq!((domingo.fuso.as_str(), domingo.agora.as_str()), (FUSO_PADRAO, "dom 10:00"));
        assert!(domingo.motivo.contains("seg-sex 08:00-18:00"), "{}", domingo.motivo);
        assert_eq!((domingo.razao, domingo.dia, domingo.hora.as_str()), (RazaoHorario::Fora, 0, "10:00"));
        assert_eq!(domingo.horario.grupos, vec![GrupoDias { de: 1, ate: 5 }]);
        assert_eq!(estado(&d, &[], &at("2026-03-02T09:00")).razao, RazaoHorario::Dentro);
    }

    #[test]
    fn overnight_hours_cover_the_next_morning() {
        let d = did(&[5], "22:00", "06:00"); // Friday night
        assert!(estado(&d, &[], &at("2026-03-06T23:00")).aberto);
        assert!(estado(&d, &[], &at("2026-03-07T05:59")).aberto); // Saturday morning
        assert!(!estado(&d, &[], &at("2026-03-07T06:00")).aberto);
        assert!(!estado(&d, &[], &at("2026-03-06T05:00")).aberto);
    }

    #[test]
    fn holidays_close_and_hours_off_means_always_open() {
        let d = did(&[1, 2, 3, 4, 5], "08:00", "18:00");
        let natal = [Feriado::anual(25, 12, "Natal")];
        let e = estado(&d, &natal, &at("2026-12-25T10:00")); // a Friday
        assert!(!e.aberto);
        assert!(e.motivo.contains("Natal"));
        assert_eq!((e.razao, e.feriado.as_deref(), e.horario.feriados), (RazaoHorario::Feriado, Some("Natal"), 1));
        let off = Did { habilitar_horario_funcionamento: 0, ..d.clone() };
        let sempre = estado(&off, &natal, &at("2026-12-25T03:00"));
        assert!(sempre.aberto && sempre.horario.sempre);
        assert_eq!(sempre.razao, RazaoHorario::SemHorario);
        let sem_fim = Did { horario_funcionamento_fim: "18h".into(), ..d };
        assert_eq!(estado(&sem_fim, &[], &at("2026-03-02T09:00")).razao, RazaoHorario::Incompleto);
    }

    #[test]
    fn summaries() {
        assert_eq!(resumo_dias(&[5, 1, 2, 3, 4]), "seg-sex");
        assert_eq!(resumo_dias(&[1, 3, 5]), "seg, qua, sex");
        assert_eq!(resumo_dias(&[0, 1, 6]), "dom, seg, sáb");
        assert_eq!(resumo_dias(&[0, 1, 2, 3, 4, 5, 6]), "todos os dias");
        assert_eq!(
            grupos_dias(&[0, 1, 6]),
            (vec![GrupoDias { de: 0, ate: 0 }, GrupoDias { de: 1, ate: 1 }, GrupoDias { de: 6, ate: 6 }], false)
        );
        assert_eq!(grupos_dias(&[6, 5, 4, 3, 2, 1, 0, 9]), (vec![GrupoDias { de: 0, ate: 6 }], true));
        assert_eq!(resumo_dias(&[]), "nenhum dia");
        let d = did(&[1, 2, 3, 4, 5], "08:00", "18:00");
        assert_eq!(resumo(&d, &[Feriado::anual(1, 1, ""), Feriado::anual(25, 12, "")]), "seg-sex 08:00-18:00, 2 feriados");
        assert_eq!(resumo(&d, &[]), "seg-sex 08:00-18:00");
        let erro = fuso("Marte/Olimpo").unwrap_err();
        assert_eq!(erro.code, "fuso_desconhecido");
        assert_eq!(erro.to_string(), "Fuso horário desconhecido: \"Marte/Olimpo\"; use um nome como America/Sao_Paulo");
    }
}
