//! A page of checked calls column by column, for a table that holds 100,000 of them: one array
//! per field instead of one object per call, so the page is small on the wire to the webview,
//! cheap to parse there (arrays of plain values, no object per row) and appended in place.
//! Customer names, trunks and statuses, a few dozen texts repeated over thousands of calls, go
//! once per page (`textos`) and each call holds their indexes.

use std::collections::HashMap;

use serde::Serialize;

use super::custo::ChamadaConferida;
use crate::colunar::Colunar;

/// The fields of the calls a table shows, one array per field, the same length each; call `i`
/// is index `i` of every array. `cliente_nome`, `recurso` and `status` are indexes into `textos`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColunasHistorico {
    pub cdr_id: Vec<i64>,
    /// As the server writes it (`26/11/2026 14:03:22`) when `instante` does not give it back
    /// exactly; empty when it does (the UI writes it from `instante`: 19 bytes fewer a call).
    pub data: Vec<String>,
    /// `data` as the number `yyyymmddHHMMSS` (0 when unreadable): sorts in time order.
    pub instante: Vec<i64>,
    /// The page's distinct customer names, trunks and statuses.
    pub textos: Vec<String>,
    pub cliente_nome: Vec<u32>,
    pub origem: Vec<String>,
    pub destino: Vec<String>,
    pub regiao_id: Vec<i64>,
    pub recurso: Vec<u32>,
    /// Seconds.
    pub duracao_chamada: Vec<i64>,
    pub status: Vec<u32>,
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

    /// The columns as one binary message ([`crate::colunar`]), each under its field's name, with
    /// `meta` in the header.
    pub fn em_bytes<M: Serialize>(&self, meta: M) -> Vec<u8> {
        let mut c = Colunar::new(self.len());
        c.inteiros("cdr_id", &self.cdr_id)
            .textos("data", &self.data)
            .inteiros("instante", &self.instante)
            .lista_de_textos("textos", &self.textos)
            .indices("cliente_nome", &self.cliente_nome)
            .textos("origem", &self.origem)
            .textos("destino", &self.destino)
            .inteiros("regiao_id", &self.regiao_id)
            .indices("recurso", &self.recurso)
            .inteiros("duracao_chamada", &self.duracao_chamada)
            .indices("status", &self.status)
            .numeros("preco", &self.preco)
            .textos("link_gravacao", &self.link_gravacao)
            .logicos("divergente", &self.divergente)
            .opcionais("custo_calculado", &self.custo_calculado)
            .numeros("diferenca", &self.diferenca);
        c.fim(meta)
    }

    /// The text of an index of `cliente_nome`, `recurso` or `status`.
    pub fn texto(&self, indice: u32) -> &str {
        self.textos.get(indice as usize).map_or("", String::as_str)
    }
}

/// The page's texts and where each is in them.
#[derive(Default)]
struct Textos {
    textos: Vec<String>,
    indices: HashMap<String, u32>,
}

impl Textos {
    fn indice(&mut self, texto: String) -> u32 {
        if let Some(&indice) = self.indices.get(texto.as_str()) {
            return indice;
        }
        let indice = u32::try_from(self.textos.len()).unwrap_or(u32::MAX);
        self.textos.push(texto.clone());
        self.indices.insert(texto, indice);
        indice
    }
}

impl From<Vec<ChamadaConferida>> for ColunasHistorico {
    fn from(pagina: Vec<ChamadaConferida>) -> Self {
        let mut c = ColunasHistorico::default();
        let mut textos = Textos::default();
        for ChamadaConferida { chamada, conferencia } in pagina {
            c.cdr_id.push(chamada.cdr_id);
            let quando = instante(&chamada.data);
            c.instante.push(quando);
            let reescrita = data_de_instante(quando).is_some_and(|texto| texto.as_slice() == chamada.data.as_bytes());
            c.data.push(if reescrita { String::new() } else { chamada.data });
            c.cliente_nome.push(textos.indice(chamada.cliente_nome));
            c.origem.push(chamada.origem);
            c.destino.push(chamada.destino);
            c.regiao_id.push(chamada.regiao_id);
            c.recurso.push(textos.indice(chamada.recurso));
            c.duracao_chamada.push(chamada.duracao_chamada);
            c.status.push(textos.indice(chamada.status));
            c.preco.push(chamada.preco);
            c.link_gravacao.push(chamada.link_gravacao);
            c.divergente.push(conferencia.divergente);
            c.custo_calculado.push(conferencia.custo_calculado);
            c.diferenca.push(conferencia.diferenca);
        }
        c.textos = textos.textos;
        c
    }
}

/// `dd/mm/yyyy HH:MM:SS` (seconds or the time optional) as `yyyymmddHHMMSS`; 0 otherwise.
/// `yyyymmddHHMMSS` written back as `dd/mm/yyyy HH:MM:SS` (none for 0 or a number not of 14 digits).
fn data_de_instante(instante: i64) -> Option<[u8; 19]> {
    let mut n = u64::try_from(instante).ok().filter(|n| (10_000_000_000_000..100_000_000_000_000).contains(n))?;
    let mut d = [b'0'; 14];
    for digito in d.iter_mut().rev() {
        *digito = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut texto = *b"dd/mm/yyyy HH:MM:SS";
    for (destino, origem) in
        [(0, 6), (1, 7), (3, 4), (4, 5), (6, 0), (7, 1), (8, 2), (9, 3), (11, 8), (12, 9), (14, 10), (15, 11), (17, 12), (18, 13)]
    {
        texto[destino] = d[origem];
    }
    Some(texto)
}

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
    fn a_date_that_instante_gives_back_is_left_out() {
        assert_eq!(data_de_instante(20261126140322).as_ref().map(|t| std::str::from_utf8(t).unwrap()), Some("26/11/2026 14:03:22"));
        assert_eq!(data_de_instante(0), None);
        let page = |data: &str| {
            let chamada = Chamada { data: data.into(), ..Default::default() };
            ColunasHistorico::from(vec![ChamadaConferida { chamada, conferencia: Conferencia::default() }]).data
        };
        assert_eq!(page("26/11/2026 14:03:22"), [""]);
        // Not written the way the UI would write it: sent as it is.
        assert_eq!(page("26/11/2026 14:03"), ["26/11/2026 14:03"]);
        assert_eq!(page(" 26/11/2026 14:03:22"), [" 26/11/2026 14:03:22"]);
        assert_eq!(page("ontem"), ["ontem"]);
    }

    #[test]
    fn columns_keep_every_call_in_order() {
        let call = |id: i64, data: &str, divergente: bool| ChamadaConferida {
            chamada: Chamada { cdr_id: id, data: data.into(), origem: format!("20{id}"), preco: id as f64 / 10.0, ..Default::default() },
            conferencia: Conferencia { divergente, custo_calculado: divergente.then_some(0.5), diferenca: 0.1, ..Default::default() },
        };
        let named = |mut item: ChamadaConferida, recurso: &str, status: &str| {
            item.chamada.cliente_nome = "Padaria".into();
            item.chamada.recurso = recurso.into();
            item.chamada.status = status.into();
            item
        };
        let c = ColunasHistorico::from(vec![
            named(call(1, "02/01/2026 10:00:00", false), "Alfa", "ATENDIDA"),
            named(call(2, "01/01/2026 09:00:00", true), "Beta", "ATENDIDA"),
        ]);
        assert_eq!(c.len(), 2);
        // Each distinct text once; the calls hold indexes.
        assert_eq!(c.textos, ["Padaria", "Alfa", "ATENDIDA", "Beta"]);
        let textos = |col: &[u32]| col.iter().map(|&i| c.texto(i).to_owned()).collect::<Vec<_>>();
        assert_eq!(textos(&c.cliente_nome), ["Padaria", "Padaria"]);
        assert_eq!(textos(&c.recurso), ["Alfa", "Beta"]);
        assert_eq!(textos(&c.status), ["ATENDIDA", "ATENDIDA"]);
        assert_eq!(c.cdr_id, [1, 2]);
        assert_eq!(c.instante, [20260102100000, 20260101090000]);
        assert_eq!(c.origem, ["201", "202"]);
        assert_eq!(c.divergente, [false, true]);
        assert_eq!(c.custo_calculado, [None, Some(0.5)]);
        let json = serde_json::to_value(&c).unwrap();
        for (name, field) in json.as_object().unwrap() {
            if name == "textos" {
                continue;
            }
            assert_eq!(field.as_array().unwrap().len(), 2, "every column has every call");
        }
    }

    #[test]
    fn the_binary_message_has_every_field_under_its_name() {
        let c = ColunasHistorico::from(vec![ChamadaConferida { chamada: Chamada::default(), conferencia: Conferencia::default() }]);
        let bytes = c.em_bytes(serde_json::json!(null));
        let h = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        let header: serde_json::Value = serde_json::from_slice(&bytes[4..4 + h]).unwrap();
        let mut nomes: Vec<String> = header["colunas"].as_array().unwrap().iter().map(|c| c["nome"].as_str().unwrap().to_owned()).collect();
        let mut campos: Vec<String> = serde_json::to_value(&c).unwrap().as_object().unwrap().keys().cloned().collect();
        nomes.sort();
        campos.sort();
        assert_eq!(nomes, campos, "the UI reads the message as a ColunasHistorico");
    }
}
