//! Brazilian telephone numbers as DIDs: read from any way people write them (`(11) 3333-4444`,
//! `+55 11 99999-8888`, `5511999998888`), checked (a DDD in use; 8 digits for a fixed line,
//! starting 2-5; 9 for a mobile, starting 9), kept in one canonical form (DDD + number, digits
//! only, as the platform lists them) and shown as `+55 11 3333-4444`. Non-geographic numbers
//! (`0800 123 4567`, `4004-1234`) are DIDs too and have no DDD.

use serde::{Deserialize, Serialize};

use crate::mensagens::Mensagem;
use crate::validation::DDDS;

/// Fixed line or mobile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TipoNumero {
    Fixo,
    Movel,
    /// 0800, 0300, 0303, 0500, 0900 or a 300X/400X "número único": no DDD.
    NaoGeografico,
}

/// A valid Brazilian number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NumeroBr {
    /// Area code, e.g. 11; 0 for a non-geographic number.
    pub ddd: u8,
    /// The subscriber's 8 (fixed) or 9 (mobile) digits.
    pub assinante: String,
    pub tipo: TipoNumero,
    /// DDD + number, digits only: what is stored and sent (`1133334444`).
    pub nacional: String,
    /// `+5511333344444` form.
    pub e164: String,
    /// `+55 11 3333-4444` / `+55 11 99999-8888`.
    pub formatado: String,
}

/// The code of a number that does not read as one.
const INVALIDO: &str = "numero_invalido";

impl NumeroBr {
    /// Reads a number as typed: digits with spaces, `()`, `-`, `.`; `+55` or `55` in front for
    /// the international form, a `0` in front (long-distance prefix) dropped.
    pub fn parse(texto: &str) -> Result<NumeroBr, Mensagem> {
        let texto = texto.trim();
        if texto.is_empty() {
            return Err(Mensagem::new("numero_obrigatorio"));
        }
        let (internacional, resto) = match texto.strip_prefix('+') {
            Some(resto) => (true, resto),
            None => (false, texto),
        };
        if !resto.chars().all(|c| c.is_ascii_digit() || " ()-.".contains(c)) {
            return Err(Mensagem::new(INVALIDO));
        }
        let digitos: String = resto.chars().filter(char::is_ascii_digit).collect();
        if let Some(numero) = nao_geografico(digitos.strip_prefix("55").filter(|_| internacional).unwrap_or(&digitos)) {
            return Ok(numero);
        }
        let nacional = if internacional {
            match digitos.strip_prefix("55") {
                Some(n) => n,
                None => return Err(Mensagem::new("numero_estrangeiro")),
            }
        } else if digitos.len() >= 12 && digitos.starts_with("55") {
            &digitos[2..]
        } else if digitos.len() >= 11 && digitos.starts_with('0') {
            &digitos[1..]
        } else {
            &digitos
        };
        if !(10..=11).contains(&nacional.len()) {
            return Err(Mensagem::new("numero_digitos").com("n", nacional.len()));
        }
        let (ddd, assinante) = nacional.split_at(2);
        let ddd: u8 = ddd.parse().map_err(|_| Mensagem::new(INVALIDO))?;
        if !DDDS.contains(&i64::from(ddd)) {
            return Err(Mensagem::new("ddd_inexistente").com("ddd", format!("{ddd:02}")));
        }
        let tipo = match (assinante.len(), assinante.as_bytes()[0]) {
            (9, b'9') => TipoNumero::Movel,
            (9, _) => return Err(Mensagem::new("celular_invalido")),
            (8, b'2'..=b'5') => TipoNumero::Fixo,
            (8, _) => return Err(Mensagem::new("fixo_invalido")),
            _ => return Err(Mensagem::new(INVALIDO)),
        };
        let (cabeca, cauda) = assinante.split_at(assinante.len() - 4);
        Ok(NumeroBr {
            ddd,
            assinante: assinante.to_owned(),
            tipo,
            nacional: nacional.to_owned(),
            e164: format!("+55{nacional}"),
            formatado: format!("+55 {ddd:02} {cabeca}-{cauda}"),
        })
    }
}

/// `0800 123 4567` (0800, 0300, 0303, 0500, 0900 and 7 digits) or `4004-1234` (300X/400X and
/// 4 digits); None for any other digits.
fn nao_geografico(d: &str) -> Option<NumeroBr> {
    let servico = ["0800", "0300", "0303", "0500", "0900"].iter().any(|p| d.starts_with(p)) && d.len() == 11;
    let unico = d.len() == 8 && (d.starts_with("300") || d.starts_with("400")) && !d.starts_with("3000") && !d.starts_with("4000");
    let formatado = if servico {
        format!("{} {} {}", &d[..4], &d[4..7], &d[7..])
    } else if unico {
        format!("{}-{}", &d[..4], &d[4..])
    } else {
        return None;
    };
    let sem_zero = d.trim_start_matches('0');
    Some(NumeroBr {
        ddd: 0,
        assinante: d.to_owned(),
        tipo: TipoNumero::NaoGeografico,
        nacional: d.to_owned(),
        e164: format!("+55{sem_zero}"),
        formatado,
    })
}

/// The canonical form of a DID number (DDD + number); a number that does not read is left as
/// it was, for validation to report.
pub fn normalizar(texto: &str) -> String {
    NumeroBr::parse(texto).map(|n| n.nacional).unwrap_or_else(|_| texto.to_owned())
}

/// How a number is shown: `+55 11 3333-4444`, or the text as it came when it does not read.
pub fn formatar(texto: &str) -> String {
    NumeroBr::parse(texto).map(|n| n.formatado).unwrap_or_else(|_| texto.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_reads_to_one_number() {
        for texto in
            ["1133334444", "(11) 3333-4444", "+55 11 3333-4444", "+551133334444", "551133334444", "011 3333-4444", " 11.3333.4444 "]
        {
            let n = NumeroBr::parse(texto).unwrap_or_else(|e| panic!("{texto}: {e}"));
            assert_eq!(n.nacional, "1133334444", "{texto}");
            assert_eq!(n.formatado, "+55 11 3333-4444");
            assert_eq!(n.e164, "+551133334444");
            assert_eq!(n.tipo, TipoNumero::Fixo);
        }
        let movel = NumeroBr::parse("+55 (21) 99876-5432").unwrap();
        assert_eq!((movel.ddd, movel.tipo, movel.formatado.as_str()), (21, TipoNumero::Movel, "+55 21 99876-5432"));
        assert_eq!(normalizar("(31) 98765-4321"), "31987654321");
        assert_eq!(formatar("31987654321"), "+55 31 98765-4321");
        assert_eq!(formatar(" abc "), "abc");
        let gratuito = NumeroBr::parse("0800 123 4567").unwrap();
        assert_eq!(
            (gratuito.tipo, gratuito.nacional.as_str(), gratuito.formatado.as_str()),
            (TipoNumero::NaoGeografico, "08001234567", "0800 123 4567")
        );
        assert_eq!(NumeroBr::parse("4004-1234").unwrap().formatado, "4004-1234");
    }

    #[test]
    fn wrong_numbers_say_what_is_wrong() {
        let cases = [
            ("", "Informe"),
            ("11 3333-444", "9 dígitos"),
            ("20 3333-4444", "DDD 20"),
            ("11 83333-4444", "começa com 9"),
            ("11 9333-4444", "começa com 2, 3, 4 ou 5"),
            ("+1 212 555 0100", "+55"),
            ("11 3333-4444 r. 2", "Número inválido"),
            ("113333444455", "12 dígitos"),
        ];
        for (texto, esperado) in cases {
            let erro = NumeroBr::parse(texto).unwrap_err().to_string();
            assert!(erro.contains(esperado), "{texto}: {erro}");
        }
    }
}
