//! A page of checked calls column by column, for a table that holds 100,000 of them: one array
//! per field instead of one object per call, so the page is small on the wire to the webview,
//! cheap to parse there (arrays of plain values, no object per row) and appended in place.

use serde::Serialize;

use super::custo::ChamadaConferida;

/// The fields of the calls a table shows, one array per field, the same length each; call `i`
/// is index `i` of every array.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColunasHistorico {
    pub cdr_id: Vec<i64>,
    /// As the server writes it (`26/11/2026 14:03:22`).
    pub data: Vec<String>,
    /// `data` as the number `yyyymmddHHMMSS` (0 when unreadable): sorts in time order.
    pub instante: Vec<i64>,
    pub cliente_nome: Vec<String>,
    pub origem: Vec<String>,
    pub destino: Vec<String>,
    pub regiao_id: Vec<i64>,
    pub recurso: Vec<String>,
    /// Seconds.
    pub duracao_chamada: Vec<i64>,
    pub status: Vec<String>,
    pub preco: Vec<f64>,
    pub link_gravacao: Vec<String>,
    /// The price differs from the tariff's ([`super::Conferencia::divergente`]).
    pub divergente: Vec<bool>,
    /// The price by the tariff; `None` when no tariff applies.
    pub custo_calculado: Vec<Option<f64>>,
    pub diferenca: Vec<f64>,
}

impl ColunasHistorico {
    pub fn len(&self) -> usize {
        self.cdr_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cdr_id.is_empty()
    }
}

impl From<Vec<ChamadaConferida>> for ColunasHistorico {
    fn from(pagina: Vec<ChamadaConferida>) -> Self {
        let mut c = ColunasHistorico::default();
        for ChamadaConferida { chamada, conferencia } in pagina {
            c.cdr_id.push(chamada.cdr_id);
            c.instante.push(instante(&chamada.data));
            c.data.push(chamada.data);
            c.cliente_nome.push(chamada.cliente_nome);
            c.origem.push(chamada.origem);
            c.destino.push(chamada.destino);
            c.regiao_id.push(chamada.regiao_id);
            c.recurso.push(chamada.recurso);
            c.duracao_chamada.push(chamada.duracao_chamada);
            c.status.push(chamada.status);
            c.preco.push(chamada.preco);
            c.link_gravacao.push(chamada.link_gravacao);
            c.divergente.push(conferencia.divergente);
            c.custo_calculado.push(conferencia.custo_calculado);
            c.diferenca.push(conferencia.diferenca);
        }
        c
    }
}

/// `dd/mm/yyyy HH:MM:SS` (seconds or the time optional) as `yyyymmddHHMMSS`; 0 otherwise.
pub fn instante(data: &str) -> i64 {
    let b = data.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        part.iter().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let date = (|| {
        (b.get(2) == Some(&b'/') && b.get(5) == Some(&b'/')).then_some(())?;
        Some(digits(6..10)? * 10_000 + digits(3..5)? * 100 + digits(0..2)?)
    })();
    let Some(date) = date else { return 0 };
    let hh = digits(11..13).unwrap_or(0);
    let mm = digits(14..16).unwrap_or(0);
    let ss = digits(17..19).unwrap_or(0);
    date * 1_000_000 + hh * 10_000 + mm * 100 + ss
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chamada::Chamada;
    use crate::historico::Conferencia;

    #[test]
    fn instante_sorts_in_time_order() {
        assert_eq!(instante("26/11/2026 14:03:22"), 20261126140322);
        assert_eq!(instante("01/02/2026"), 20260201000000);
        assert_eq!(instante("01/02/2026 09:05"), 20260201090500);
        assert_eq!(instante("ontem"), 0);
        assert_eq!(instante(""), 0);
        assert!(instante("31/01/2026 23:59:59") < instante("01/02/2026 00:00:00"));
    }

    #[test]
    fn columns_keep_every_call_in_order() {
        let call = |id: i64, data: &str, divergente: bool| ChamadaConferida {
            chamada: Chamada { cdr_id: id, data: data.into(), origem: format!("20{id}"), preco: id as f64 / 10.0, ..Default::default() },
            conferencia: Conferencia { divergente, custo_calculado: divergente.then_some(0.5), diferenca: 0.1, ..Default::default() },
        };
        let c = ColunasHistorico::from(vec![call(1, "02/01/2026 10:00:00", false), call(2, "01/01/2026 09:00:00", true)]);
        assert_eq!(c.len(), 2);
        assert_eq!(c.cdr_id, [1, 2]);
        assert_eq!(c.instante, [20260102100000, 20260101090000]);
        assert_eq!(c.origem, ["201", "202"]);
        assert_eq!(c.divergente, [false, true]);
        assert_eq!(c.custo_calculado, [None, Some(0.5)]);
        let json = serde_json::to_value(&c).unwrap();
        for field in json.as_object().unwrap().values() {
            assert_eq!(field.as_array().unwrap().len(), 2, "every column has every call");
        }
    }
}
