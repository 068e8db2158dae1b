//! Holidays of a DID's business hours, and Brazil's national holidays computed locally.
//!
//! The platform keeps a DID's holidays as a list of texts (a list, or one comma-separated text,
//! see ACTIONS.md) whose format is not documented. Each entry here is `dd/mm` (every year) or
//! `dd/mm/aaaa` (that day only), optionally followed by a space and a name:
//! `25/12 Natal`, `03/04/2026 Sexta-feira Santa`. A server that reads only the date still finds
//! it first. An entry that does not read is kept as it came and flagged, never dropped.
//!
//! National holidays (Lei 662/1949 and later, Lei 6.802/1980, Lei 14.759/2023 for 20 de
//! novembro from 2024; Sexta-feira Santa, two days before Easter, by Lei 9.093/1995 and kept
//! nationally): Carnaval and Corpus Christi are "pontos facultativos", not holidays, and are not
//! added.

use jiff::civil::{self, Date};
use serde::{Deserialize, Serialize};

use crate::mensagens::Mensagem;

/// One holiday as the editor shows it: its date as typed and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Feriado {
    /// `dd/mm` (every year) or `dd/mm/aaaa` (that day only); an entry that did not read keeps
    /// its whole text here, for validation to flag.
    pub data: String,
    pub nome: String,
}

/// A date read from `dd/mm[/aaaa]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Dia {
    dia: i8,
    mes: i8,
    ano: Option<i16>,
}

/// Longest name kept in an entry.
pub const MAX_NOME: usize = 60;

/// Years the national calendar is computed for.
pub const ANOS: std::ops::RangeInclusive<i16> = 1950..=2200;

/// `dd/mm` or `dd/mm/aaaa` (one-digit day and month allowed) as numbers, not yet checked
/// against the calendar.
fn ler_data(texto: &str) -> Option<Dia> {
    let partes: Vec<&str> = texto.trim().split('/').collect();
    let numero = |s: &str, max: usize| {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i16>().ok()).flatten()
    };
    let (dia, mes, ano) = match partes.as_slice() {
        [d, m] => (numero(d, 2)?, numero(m, 2)?, None),
        [d, m, a] if a.len() == 4 => (numero(d, 2)?, numero(m, 2)?, Some(numero(a, 4)?)),
        _ => return None,
    };
    Some(Dia { dia: i8::try_from(dia).ok()?, mes: i8::try_from(mes).ok()?, ano })
}

impl Feriado {
    /// A holiday every year.
    pub fn anual(dia: u8, mes: u8, nome: &str) -> Self {
        Feriado { data: format!("{dia:02}/{mes:02}"), nome: nome.to_owned() }
    }

    /// Reads one entry (`25/12`, `25/12 Natal`, `03/04/2026 - Sexta-feira Santa`). An entry
    /// that does not start with a date keeps its whole text as `data`.
    pub fn ler(entrada: &str) -> Self {
        let texto = entrada.trim();
        let fim = texto.find(|c: char| !(c.is_ascii_digit() || c == '/')).unwrap_or(texto.len());
        let (data, resto) = texto.split_at(fim);
        if data.is_empty() || ler_data(data).is_none() {
            return Feriado { data: texto.to_owned(), nome: String::new() };
        }
        let nome = resto.trim().trim_start_matches(['-', '–', '=', '|']).trim();
        Feriado { data: data.to_owned(), nome: nome.to_owned() }
    }

    fn dia(&self) -> Option<Dia> {
        ler_data(&self.data)
    }

    /// The entry as sent to the platform: the date with two-digit day and month, a space, the name.
    pub fn entrada(&self) -> String {
        let data = match self.dia() {
            Some(Dia { dia, mes, ano: Some(ano) }) => format!("{dia:02}/{mes:02}/{ano:04}"),
            Some(Dia { dia, mes, ano: None }) => format!("{dia:02}/{mes:02}"),
            None => self.data.trim().to_owned(),
        };
        if self.nome.trim().is_empty() {
            data
        } else {
            format!("{data} {}", self.nome.trim())
        }
    }

    /// Every year (the date has no year).
    pub fn todo_ano(&self) -> bool {
        self.dia().is_some_and(|d| d.ano.is_none())
    }

    /// A real day (29/02 every year is allowed: it happens in leap years), and a name the
    /// list's text form can carry (no comma).
    pub fn validar(&self) -> Result<(), Mensagem> {
        let Some(dia) = self.dia() else {
            return Err(if self.data.trim().is_empty() {
                Mensagem::new("feriado_data_obrigatoria")
            } else {
                Mensagem::new("feriado_data_formato").com("data", self.data.trim())
            });
        };
        let ano = dia.ano.unwrap_or(2024); // a leap year: 29/02 exists
        if !ANOS.contains(&ano) {
            return Err(ano_invalido());
        }
        if Date::new(ano, dia.mes, dia.dia).is_err() {
            return Err(Mensagem::new("feriado_inexistente").com("data", self.data.trim()));
        }
        if self.nome.contains(',') {
            return Err(Mensagem::new("feriado_virgula"));
        }
        if self.nome.chars().count() > MAX_NOME {
            return Err(Mensagem::new("feriado_nome_longo").com("max", MAX_NOME));
        }
        Ok(())
    }

    /// Whether the holiday falls on `date`.
    pub fn cai_em(&self, date: Date) -> bool {
        self.dia().is_some_and(|d| d.dia == date.day() && d.mes == date.month() && d.ano.is_none_or(|a| a == date.year()))
    }

    /// Sort key: unreadable first (where they are seen), then yearly ones by day of the year,
    /// then dated ones in date order.
    fn chave(&self) -> (u8, i16, i8, i8) {
        match self.dia() {
            None => (0, 0, 0, 0),
            Some(Dia { dia, mes, ano: None }) => (1, 0, mes, dia),
            Some(Dia { dia, mes, ano: Some(ano) }) => (2, ano, mes, dia),
        }
    }
}

/// Reads a list of entries; none is dropped (see [`Feriado::ler`]).
pub fn ler<S: AsRef<str>>(entradas: &[S]) -> Vec<Feriado> {
    entradas.iter().map(|e| e.as_ref()).filter(|e| !e.trim().is_empty()).map(Feriado::ler).collect()
}

/// The entries to send, in the order given.
pub fn entradas(feriados: &[Feriado]) -> Vec<String> {
    feriados.iter().map(Feriado::entrada).collect()
}

/// Every problem of a list, by index: an entry that does not read, a day that does not exist,
/// a day listed twice.
pub fn validar(feriados: &[Feriado]) -> Vec<(usize, Mensagem)> {
    let mut erros = Vec::new();
    for (i, feriado) in feriados.iter().enumerate() {
        if let Err(erro) = feriado.validar() {
            erros.push((i, erro));
        } else if feriados[..i].iter().any(|f| f.dia().is_some() && f.dia() == feriado.dia()) {
            erros.push((i, Mensagem::new("feriado_repetido").com("data", feriado.data.trim())));
        }
    }
    erros
}

fn ano_invalido() -> Mensagem {
    Mensagem::new("feriado_ano").com("min", ANOS.start()).com("max", ANOS.end())
}

/// Easter Sunday of a Gregorian year (anonymous algorithm: Meeus/Jones/Butcher).
pub fn pascoa(ano: i16) -> Date {
    let y = i32::from(ano);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let mes = (h + l - 7 * m + 114) / 31;
    let dia = (h + l - 7 * m + 114) % 31 + 1;
    // Both are small by construction (month 3 or 4, day 1..=31).
    civil::date(ano, i8::try_from(mes).unwrap_or(4), i8::try_from(dia).unwrap_or(1))
}

/// Brazil's national holidays of `ano`, each dated that year, in date order.
pub fn nacionais(ano: i16) -> Result<Vec<Feriado>, Mensagem> {
    if !ANOS.contains(&ano) {
        return Err(ano_invalido());
    }
    let dated = |dia: i8, mes: i8, nome: &str| Feriado { data: format!("{dia:02}/{mes:02}/{ano:04}"), nome: nome.to_owned() };
    // In range for every year of ANOS; out of it, the year is what is wrong.
    let sexta_santa = pascoa(ano).checked_sub(jiff::Span::new().days(2)).map_err(|_| ano_invalido())?;
    let mut lista = vec![
        dated(1, 1, "Confraternização Universal"),
        dated(sexta_santa.day(), sexta_santa.month(), "Sexta-feira Santa"),
        dated(21, 4, "Tiradentes"),
        dated(1, 5, "Dia do Trabalho"),
        dated(7, 9, "Independência do Brasil"),
        dated(12, 10, "Nossa Senhora Aparecida"),
        dated(2, 11, "Finados"),
        dated(15, 11, "Proclamação da República"),
    ];
    if ano >= 2024 {
        lista.push(dated(20, 11, "Dia Nacional de Zumbi e da Consciência Negra"));
    }
    lista.push(dated(25, 12, "Natal"));
    lista.sort_by_key(Feriado::chave);
    Ok(lista)
}

/// `atuais` plus the `novos` that no holiday of `atuais` already covers (the same day, or a
/// yearly one on that day and month), sorted: yearly ones first, then by date.
pub fn mesclar(atuais: &[Feriado], novos: Vec<Feriado>) -> Vec<Feriado> {
    let mut lista = atuais.to_vec();
    for novo in novos {
        let Some(n) = novo.dia() else { continue };
        let coberto =
            lista.iter().filter_map(Feriado::dia).any(|f| f.dia == n.dia && f.mes == n.mes && (f.ano.is_none() || f.ano == n.ano));
        if !coberto {
            lista.push(novo);
        }
    }
    lista.sort_by_key(Feriado::chave);
    lista
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_and_write_back() {
        let natal = Feriado::ler("25/12 Natal");
        assert_eq!(natal, Feriado::anual(25, 12, "Natal"));
        assert!(natal.todo_ano());
        assert_eq!(natal.entrada(), "25/12 Natal");
        let santa = Feriado::ler(" 3/4/2026 - Sexta-feira Santa ");
        assert_eq!(santa, Feriado { data: "3/4/2026".into(), nome: "Sexta-feira Santa".into() });
        assert!(!santa.todo_ano());
        assert_eq!(santa.entrada(), "03/04/2026 Sexta-feira Santa");
        assert_eq!(Feriado::ler("01/01").entrada(), "01/01");
        assert_eq!(Feriado::ler("29/02 Bissexto").validar(), Ok(()));
        let estranho = Feriado::ler("natal");
        assert_eq!((estranho.data.as_str(), estranho.entrada().as_str()), ("natal", "natal"));
        assert!(estranho.validar().unwrap_err().to_string().contains("não reconhecida"));
        assert_eq!(Feriado::ler("31/02").validar().unwrap_err().to_string(), "Data inexistente (31/02): confira o dia e o mês");
        assert!(Feriado::ler("12/2026").validar().is_err());
        assert!(Feriado { data: String::new(), nome: "x".into() }.validar().unwrap_err().to_string().starts_with("Informe"));
    }

    #[test]
    fn a_list_flags_unreadable_and_repeated_days() {
        let lista = ler(&["25/12 Natal", "", "xx", "25/12 Natal de novo", "25/12/2026"]);
        assert_eq!(lista.len(), 4);
        let erros = validar(&lista);
        assert_eq!(erros.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![1, 2]);
        assert!(erros[1].1.to_string().contains("repetido"));
        let virgula = Feriado { nome: "Natal, ceia".into(), ..Feriado::anual(25, 12, "") };
        assert!(virgula.validar().unwrap_err().to_string().contains("vírgula"));
    }

    #[test]
    fn merging_skips_days_already_covered() {
        let atuais = vec![Feriado::anual(25, 12, "Natal"), Feriado::anual(20, 1, "São Sebastião")];
        let lista = mesclar(&atuais, nacionais(2026).unwrap());
        assert_eq!(lista.len(), 2 + 10 - 1);
        assert_eq!(lista[0], Feriado::anual(20, 1, "São Sebastião"));
        assert_eq!(lista.iter().filter(|f| f.data.starts_with("25/12")).count(), 1);
        assert_eq!(mesclar(&lista, nacionais(2026).unwrap()), lista);
    }

    #[test]
    fn twentieth_of_november_only_from_2024() {
        assert!(!nacionais(2023).unwrap().iter().any(|f| f.data == "20/11/2023"));
        assert!(nacionais(2024).unwrap().iter().any(|f| f.data == "20/11/2024"));
        assert_eq!(nacionais(1900).unwrap_err().code, "feriado_ano");
    }
}
