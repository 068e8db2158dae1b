//! Call history: dates in Brasília time (UTC-3, no daylight saving since 2019), the query
//! behind `listar_historico_chamada`, and the generator of plausible call records for seeds.
//!
//! Filters: `cliente_id`, `tronco_id` (0 = any); `data_inicial` + `hora_inicial` to
//! `data_final` + `hora_final` is one continuous window (both dates required, as
//! `pabx_api::validation` says; hours default to 00:00 and 23:59), at most two calendar
//! months long; `ramal_origem` / `ramal_destino` exact; `numero_origem` /
//! `numero_destino` a substring of the origin / destination; `chamada_id` exact; `status`
//! exact, ignoring case and the tilde (`NÃO ATENDIDA` = `NAO ATENDIDA`). `tipo_exibicao` and
//! `email` are accepted and ignored. Newest calls first.

use std::time::{SystemTime, UNIX_EPOCH};

use pabx_api::chamada::{Chamada, ListarHistoricoChamada, MAX_QUANTIDADE};
use pabx_api::{tarifas, validation, Tarifa};
use rand::Rng;
use rusqlite::{params, Connection};

use crate::api::paging;
use crate::reply::{Outcome, Reply};
use crate::store::Where;

const DAY: i64 = 86_400;
/// Days of history the sandbox keeps (generates): about six months, like a hosted PBX that
/// keeps a semester of call records.
pub const RETENCAO_DIAS: i64 = 183;
/// About one priced call in this many is billed off its tariff, for the cost check to find.
const UM_EM_DIVERGENTE: u32 = 150;
/// Brasília is UTC-3 all year.
const UTC_OFFSET: i64 = -3 * 3600;

/// Seconds since 1970-01-01 00:00 on a Brasília wall clock.
pub(crate) fn now_local() -> i64 {
    let utc = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    i64::try_from(utc).unwrap_or(0) + UTC_OFFSET
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1) - days_from_civil(y, m, 1)
}

/// `dd/mm/yyyy` to days since 1970.
pub(crate) fn parse_data(text: &str) -> Option<i64> {
    let mut parts = text.trim().split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let (d, m, y): (i64, i64, i64) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// `HH:MM` or `HH:MM:SS` to seconds since midnight; `end` fills absent seconds with 59.
fn parse_hora(text: &str, end: bool) -> Option<i64> {
    let parts: Vec<i64> = text.trim().split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (*h, *m, if end { 59 } else { 0 }),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..60).contains(&s)).then_some(h * 3600 + m * 60 + s)
}

/// Same day of the month two months later (clamped to the month's end).
fn two_months_after(days: i64) -> i64 {
    let (y, m, d) = civil_from_days(days);
    let (y2, m2) = if m > 10 { (y + 1, m - 10) } else { (y, m + 2) };
    days_from_civil(y2, m2, d.min(days_in_month(y2, m2)))
}

/// `dd/mm/yyyy HH:MM:SS`.
pub(crate) fn format_instante(instante: i64) -> String {
    let (y, m, d) = civil_from_days(instante.div_euclid(DAY));
    let s = instante.rem_euclid(DAY);
    format!("{d:02}/{m:02}/{y:04} {:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

/// Today minus `dias_atras` days in Brasília, as `dd/mm/yyyy`: a call-history date that
/// falls inside the seeded data.
pub fn data_relativa(dias_atras: i64) -> String {
    format_instante((now_local().div_euclid(DAY) - dias_atras) * DAY)[..10].to_owned()
}

fn hms(seconds: i64) -> String {
    format!("{:02}:{:02}:{:02}", seconds / 3600, seconds % 3600 / 60, seconds % 60)
}

/// Upper case without the tilde, so `Não atendida` finds `NAO ATENDIDA`.
fn normalize_status(status: &str) -> String {
    status.trim().to_uppercase().replace('Ã', "A")
}

/// The window `[start, end]` in local seconds, or the 400 that explains what is wrong.
fn window(request: &ListarHistoricoChamada) -> Result<(i64, i64), Reply> {
    let date = |field: &str, text: &str, default: i64| -> Result<i64, Reply> {
        if text.trim().is_empty() {
            return Ok(default);
        }
        parse_data(text).ok_or_else(|| Reply::field(field, "Data inválida; use dd/mm/aaaa, como 26/11/2026"))
    };
    let hour = |field: &str, text: &str, end: bool| -> Result<i64, Reply> {
        if text.trim().is_empty() {
            return Ok(if end { DAY - 1 } else { 0 });
        }
        parse_hora(text, end).ok_or_else(|| Reply::field(field, "Hora inválida; use HH:MM, como 08:30"))
    };
    let final_day = date("data_final", &request.data_final, now_local().div_euclid(DAY))?;
    let initial_day = date("data_inicial", &request.data_inicial, final_day - 30)?;
    if final_day < initial_day {
        return Err(Reply::field("data_final", "A data final é anterior à inicial; inverta as datas"));
    }
    if final_day > two_months_after(initial_day) {
        return Err(Reply::field("data_final", "O período pode ter no máximo dois meses; consulte em partes"));
    }
    let start = initial_day * DAY + hour("hora_inicial", &request.hora_inicial, false)?;
    let end = final_day * DAY + hour("hora_final", &request.hora_final, true)?;
    if end < start {
        return Err(Reply::field("hora_final", "O fim do período é anterior ao início; confira as horas"));
    }
    Ok((start, end))
}

/// `listar_historico_chamada`.
pub(crate) fn listar(conn: &Connection, request: &ListarHistoricoChamada) -> Outcome {
    let errors = validation::validar_historico(request);
    if !errors.is_empty() {
        return Err(Reply::field_errors(&errors));
    }
    if request.quantidade > MAX_QUANTIDADE {
        return Err(Reply::field("quantidade", format!("Use no máximo {MAX_QUANTIDADE} registros por página")));
    }
    let (offset, limit) = paging(request.pos_registro_inicial, Some(request.quantidade))?;
    let (start, end) = window(request)?;
    let condition = Where::default()
        .always("instante BETWEEN ? AND ?", [start.into(), end.into()])
        .filter("cliente_id = ?", request.cliente_id)
        .filter("tronco_id = ?", request.tronco_id)
        .filter("ramal_origem = ?", request.ramal_origem.trim().to_owned())
        .filter("ramal_destino = ?", request.ramal_destino.trim().to_owned())
        .filter("instr(origem, ?) > 0", request.numero_origem.trim().to_owned())
        .filter("instr(destino, ?) > 0", request.numero_destino.trim().to_owned())
        .filter("chamada_id = ?", request.chamada_id.trim().to_owned())
        .filter("status = ?", normalize_status(&request.status));
    let total = condition.count(conn, "chamadas")?;
    let select = "SELECT cdr_id, cliente_id, regiao_id, instante, origem, destino, recurso, preco, status, status_descricao,
                duracao, CASE link_gravacao WHEN '' THEN '' ELSE (SELECT valor FROM temp.servidor WHERE chave = 'base') || '/' || link_gravacao END,
                chamada_id, sip_code, cliente_nome
         FROM chamadas {where} ORDER BY instante DESC, cdr_id DESC LIMIT ? OFFSET ?";
    let records = condition.page(conn, select, (offset, limit), |row| {
        let duracao: i64 = row.get(10)?;
        Ok(Chamada {
            cdr_id: row.get(0)?,
            cliente_id: row.get(1)?,
            regiao_id: row.get(2)?,
            data: format_instante(row.get(3)?),
            origem: row.get(4)?,
            destino: row.get(5)?,
            recurso: row.get(6)?,
            preco: row.get(7)?,
            status: row.get(8)?,
            status_descricao: row.get(9)?,
            duracao_chamada: duracao,
            link_gravacao: row.get(11)?,
            chamada_id: row.get(12)?,
            duracao: hms(duracao),
            sip_code: row.get(13)?,
            cliente_nome: row.get(14)?,
            ..Default::default()
        })
    })?;
    Ok(Reply::page(total, &records))
}

/// What the generator needs to know of one customer.
pub(crate) struct Origem {
    pub cliente_id: i64,
    pub cliente_nome: String,
    /// Area code, e.g. "11".
    pub ddd: &'static str,
    pub ramais: Vec<String>,
    pub dids: Vec<String>,
    /// Trunks the customer's dial plan routes through, by priority: (id, nome, tarifas).
    pub troncos: Vec<(i64, String, Vec<Tarifa>)>,
}

const OUTROS_DDDS: [&str; 12] = ["11", "19", "21", "27", "31", "41", "48", "51", "61", "71", "81", "85"];
/// Carrier selection codes used for long distance.
const CSPS: [&str; 4] = ["15", "21", "31", "41"];

fn digits(rng: &mut impl Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
}

fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A number a Brazilian extension would dial to reach `regiao_id`.
fn destino(rng: &mut impl Rng, regiao_id: i64, ddd: &str) -> String {
    let outro = loop {
        let candidate = *pick(rng, &OUTROS_DDDS);
        if candidate != ddd {
            break candidate;
        }
    };
    let csp = *pick(rng, &CSPS);
    match regiao_id {
        1 => format!("{}{}", rng.random_range(2..=5), digits(rng, 7)),
        2 => format!("0{csp}{outro}{}{}", rng.random_range(2..=5), digits(rng, 7)),
        3 => format!("9{}{}", rng.random_range(6..=9), digits(rng, 7)),
        4 => format!("0{csp}{outro}9{}{}", rng.random_range(6..=9), digits(rng, 7)),
        5 => match rng.random_range(0..3) {
            0 => format!("00{csp}1{}{}", pick(rng, &["212", "305", "415", "646"]), digits(rng, 7)),
            1 => format!("00{csp}3519{}", digits(rng, 8)),
            _ => format!("00{csp}5411{}", digits(rng, 8)),
        },
        _ => match rng.random_range(0..3) {
            0 => format!("0800{}", digits(rng, 7)),
            1 => format!("4004{}", digits(rng, 4)),
            _ => format!("0300{}", digits(rng, 7)),
        },
    }
}

/// Region weights of outgoing calls (ids 1..=6), in percent.
const PESOS_REGIAO: [(i64, u32); 6] = [(1, 34), (2, 15), (3, 30), (4, 12), (5, 3), (6, 6)];
/// `(status, descricao, sip_code, percent)`.
const STATUS: [(&str, &str, &str, u32); 4] = [
    ("ATENDIDA", "Chamada atendida", "200", 70),
    ("NAO ATENDIDA", "Chamada não atendida (sem resposta)", "487", 15),
    ("OCUPADO", "Destino ocupado", "486", 8),
    ("FALHA", "Falha ao completar a chamada (tronco indisponível)", "503", 7),
];

fn weighted<T: Copy>(rng: &mut impl Rng, items: &[T], weight: impl Fn(&T) -> u32) -> T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if roll < w {
            return *item;
        }
        roll -= w;
    }
    items[items.len() - 1]
}

/// Writes `count` calls spread over the [`RETENCAO_DIAS`] days up to `now` (local seconds),
/// mostly in business hours, for the given customers (those without ramais are skipped).
/// Outgoing calls take the customer's first trunk, sometimes a fallback one; about one priced
/// call in [`UM_EM_DIVERGENTE`] is billed off its tariff (a rounding to whole minutes or a
/// doubled price), as the cost check must find. A third of answered calls have a recording.
pub(crate) fn gerar(conn: &Connection, rng: &mut impl Rng, origens: &[Origem], count: usize, now: i64) -> rusqlite::Result<()> {
    let origens: Vec<&Origem> = origens.iter().filter(|o| !o.ramais.is_empty()).collect();
    if origens.is_empty() {
        return Ok(());
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO chamadas (cliente_id, tronco_id, regiao_id, instante, origem, destino, ramal_origem, ramal_destino,
             recurso, preco, status, status_descricao, duracao, link_gravacao, chamada_id, sip_code, cliente_nome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let today = now.div_euclid(DAY);
    for n in 0..count {
        let origem = *pick(rng, &origens);
        let day = today - rng.random_range(0..RETENCAO_DIAS);
        // Office hours most of the time, the rest of the day now and then.
        let hour = if rng.random_bool(0.85) { rng.random_range(8..18) } else { rng.random_range(0..24) };
        let instante = (day * DAY + hour * 3600 + rng.random_range(0..3600)).min(now);
        let (status, descricao, sip_code, _) = weighted(rng, &STATUS, |s| s.3);
        let duracao = if status == "ATENDIDA" {
            // Mostly short calls, a long tail up to an hour.
            let u: f64 = rng.random_range(0.0..1.0);
            ((-(1.0 - u).ln() * 140.0) as i64 + 5).min(3600)
        } else {
            0
        };
        let chamada_id = format!("{}.{}", instante - UTC_OFFSET, n);
        let link = if status == "ATENDIDA" && rng.random_bool(0.3) {
            format!("gravacoes/{}/{chamada_id}.wav", format_instante(instante)[..10].replace('/', "-"))
        } else {
            String::new()
        };
        let ramal = pick(rng, &origem.ramais).clone();
        let inbound = !origem.dids.is_empty() && rng.random_bool(0.2);
        let (tronco_id, regiao_id, origem_num, destino_num, ramal_origem, ramal_destino, recurso, preco);
        if inbound || origem.troncos.is_empty() {
            let externo = if rng.random_bool(0.6) {
                format!("{}9{}{}", pick(rng, &OUTROS_DDDS), rng.random_range(6..=9), digits(rng, 7))
            } else {
                format!("{}{}{}", pick(rng, &OUTROS_DDDS), rng.random_range(2..=5), digits(rng, 7))
            };
            tronco_id = 0;
            regiao_id = 0;
            origem_num = externo;
            destino_num = ramal.clone();
            ramal_origem = String::new();
            ramal_destino = ramal;
            recurso = if origem.dids.is_empty() { String::new() } else { pick(rng, &origem.dids).clone() };
            preco = 0.0;
        } else {
            regiao_id = weighted(rng, &PESOS_REGIAO, |r| r.1).0;
            let fallback = if origem.troncos.len() > 1 && rng.random_bool(0.2) { rng.random_range(1..origem.troncos.len()) } else { 0 };
            let (id, nome, tarifas) = &origem.troncos[fallback];
            tronco_id = *id;
            origem_num = ramal.clone();
            destino_num = destino(rng, regiao_id, origem.ddd);
            ramal_origem = ramal;
            ramal_destino = String::new();
            recurso = nome.clone();
            let tarifa = tarifas.iter().find(|t| t.regiao_id == regiao_id);
            let custo = tarifa.and_then(|t| tarifas::custo(t, u32::try_from(duracao).unwrap_or(0)).ok()).unwrap_or(0.0);
            preco = match tarifa {
                Some(t) if custo >= 0.02 && rng.random_range(0..UM_EM_DIVERGENTE) == 0 => {
                    if rng.random_bool(0.5) {
                        // Billed by the whole minute instead of the fracionamento.
                        let minutos = (duracao + 59) / 60;
                        let cobrado = (t.tarifa * minutos as f64 * 10_000.0).round() / 10_000.0;
                        if (cobrado - custo).abs() > 0.011 {
                            cobrado
                        } else {
                            custo * 2.0
                        }
                    } else {
                        custo * 2.0
                    }
                }
                _ => custo,
            };
        }
        insert.execute(params![
            origem.cliente_id,
            tronco_id,
            regiao_id,
            instante,
            origem_num,
            destino_num,
            ramal_origem,
            ramal_destino,
            recurso,
            preco,
            status,
            descricao,
            duracao,
            link,
            chamada_id,
            sip_code,
            origem.cliente_nome,
        ])?;
    }
    Ok(())
}

/// A 1.5 s, 440 Hz tone as 8 kHz 16-bit mono WAV: what every sandbox recording plays.
pub(crate) fn tom_wav() -> &'static [u8] {
    static WAV: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    WAV.get_or_init(|| {
        const TAXA: u32 = 8000;
        let amostras: Vec<i16> = (0..TAXA * 3 / 2)
            .map(|n| {
                let t = f64::from(n) / f64::from(TAXA);
                // Fade in and out so the tone does not click.
                let envelope = (t / 0.05).min(1.0).min((1.5 - t) / 0.05).max(0.0);
                ((t * 440.0 * std::f64::consts::TAU).sin() * envelope * 8000.0) as i16
            })
            .collect();
        let dados = u32::try_from(amostras.len() * 2).unwrap_or(0);
        let mut wav = Vec::with_capacity(44 + amostras.len() * 2);
        wav.extend_from_slice(b"RIFF");
        wav.extend_from_slice(&(36 + dados).to_le_bytes());
        wav.extend_from_slice(b"WAVEfmt ");
        wav.extend_from_slice(&16u32.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
        wav.extend_from_slice(&1u16.to_le_bytes()); // mono
        wav.extend_from_slice(&TAXA.to_le_bytes());
        wav.extend_from_slice(&(TAXA * 2).to_le_bytes());
        wav.extend_from_slice(&2u16.to_le_bytes());
        wav.extend_from_slice(&16u16.to_le_bytes());
        wav.extend_from_slice(b"data");
        wav.extend_from_slice(&dados.to_le_bytes());
        for amostra in amostras {
            wav.extend_from_slice(&amostra.to_le_bytes());
        }
        wav
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for days in [-1, 0, 59, 365, 11_016, 20_000, 20_418] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_data("26/11/2026"), Some(days_from_civil(2026, 11, 26)));
        assert_eq!(parse_data("29/02/2025"), None);
        assert_eq!(parse_data("29/02/2024"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_data("2026-11-26"), None);
        assert_eq!(format_instante(days_from_civil(2026, 1, 5) * DAY + 3723), "05/01/2026 01:02:03");
    }

    #[test]
    fn two_months_clamps_to_month_end() {
        assert_eq!(two_months_after(days_from_civil(2026, 12, 31)), days_from_civil(2027, 2, 28));
        assert_eq!(two_months_after(days_from_civil(2026, 1, 15)), days_from_civil(2026, 3, 15));
    }

    #[test]
    fn hours_parse() {
        assert_eq!(parse_hora("08:30", false), Some(8 * 3600 + 1800));
        assert_eq!(parse_hora("08:30", true), Some(8 * 3600 + 1800 + 59));
        assert_eq!(parse_hora("24:00", false), None);
        assert_eq!(normalize_status("Não atendida"), "NAO ATENDIDA");
    }
}
