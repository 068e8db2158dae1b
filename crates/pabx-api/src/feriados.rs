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

/// One holiday: a day and month, every year (`ano` None) or of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Feriado {
    /// 1..=31; 0 when the entry did not read (then `nome` holds the entry as received).
    pub dia: u8,
    pub mes: u8,
    /// None: every year.
    pub ano: Option<i16>,
    pub nome: String,
}

/// Longest name kept in an entry.
pub const MAX_NOME: usize = 60;

/// Years the national calendar is computed for.
pub const ANOS: std::ops::RangeInclusive<i16> = 1950..=2200;

impl Feriado {
    /// A holiday every year.
    pub fn anual(dia: u8, mes: u8, nome: &str) -> Self {
        Feriado { dia, mes, ano: None, nome: nome.to_owned() }
    }

    /// Reads one entry (`25/12`, `25/12 Natal`, `03/04/2026 - Sexta-feira Santa`). An entry
    /// that does not read comes back with `dia` 0 and the whole entry as `nome`.
    pub fn ler(entrada: &str) -> Self {
        Self::parse(entrada).unwrap_or_else(|_| Feriado { dia: 0, mes: 0, ano: None, nome: entrada.trim().to_owned() })
    }

    fn parse(entrada: &str) -> Result<Self, ()> {
        let texto = entrada.trim();
        let fim_data = texto.find(|c: char| !(c.is_ascii_digit() || c == '/')).unwrap_or(texto.len());
        let (data, resto) = texto.split_at(fim_data);
        let partes: Vec<&str> = data.split('/').collect();
        let numero = |s: &str, max: usize| (!s.is_empty() && s.len() <= max).then(|| s.parse::<i16>().ok()).flatten();
        let (dia, mes, ano) = match partes.as_slice() {
            [d, m] => (numero(d, 2), numero(m, 2), None),
            [d, m, a] if a.len() == 4 => (numero(d, 2), numero(m, 2), Some(numero(a, 4).ok_or(())?)),
            _ => return Err(()),
        };
        let (Some(dia), Some(mes)) = (dia, mes) else { return Err(()) };
        let nome = resto.trim().trim_start_matches(['-', '–', '=', '|']).trim();
        let feriado = Feriado {
            dia: u8::try_from(dia).map_err(|_| ())?,
            mes: u8::try_from(mes).map_err(|_| ())?,
            ano,
            nome: nome.to_owned(),
        };
        // Day 0 marks an unreadable entry; any other wrong day is kept for validation to name.
        if feriado.dia == 0 {
            return Err(());
        }
        Ok(feriado)
    }

    /// The entry as sent to the platform.
    pub fn entrada(&self) -> String {
        if self.dia == 0 {
            return self.nome.clone();
        }
        let data = match self.ano {
            Some(ano) => format!("{:02}/{:02}/{ano:04}", self.dia, self.mes),
            None => format!("{:02}/{:02}", self.dia, self.mes),
        };
        if self.nome.trim().is_empty() {
            data
        } else {
            format!("{data} {}", self.nome.trim())
        }
    }

    /// `25/12` or `25/12/2026`, for messages.
    pub fn data(&self) -> String {
        match self.ano {
            Some(ano) => format!("{:02}/{:02}/{ano:04}", self.dia, self.mes),
            None => format!("{:02}/{:02}", self.dia, self.mes),
        }
    }

    /// A real day (29/02 every year is allowed: it happens in leap years), and a name the
    /// list's text form can carry (no comma).
    pub fn validar(&self) -> Result<(), String> {
        if self.dia == 0 {
            return Err(format!("Feriado não reconhecido (\"{}\"): use dd/mm ou dd/mm/aaaa e um nome", self.nome));
        }
        let ano = self.ano.unwrap_or(2024); // a leap year: 29/02 exists
        let mes = i8::try_from(self.mes).map_err(|_| "Mês inválido".to_owned())?;
        let dia = i8::try_from(self.dia).map_err(|_| "Dia inválido".to_owned())?;
        if !ANOS.contains(&ano) {
            return Err(format!("Ano inválido: use de {} a {}", ANOS.start(), ANOS.end()));
        }
        if Date::new(ano, mes, dia).is_err() {
            return Err(format!("Data inexistente ({}): confira o dia e o mês", self.data()));
        }
        if self.nome.contains(',') {
            return Err("Nome do feriado sem vírgula: a plataforma separa os feriados por vírgula".to_owned());
        }
        if self.nome.chars().count() > MAX_NOME {
            return Err(format!("Nome do feriado com no máximo {MAX_NOME} caracteres"));
        }
        Ok(())
    }

    /// Whether the holiday falls on `date`.
    pub fn cai_em(&self, date: Date) -> bool {
        i8::try_from(self.dia).is_ok_and(|d| d == date.day())
            && i8::try_from(self.mes).is_ok_and(|m| m == date.month())
            && self.ano.is_none_or(|a| a == date.year())
    }

    /// Sort key: yearly ones by day of the year first, then dated ones in date order.
    fn chave(&self) -> (bool, i16, u8, u8) {
        (self.ano.is_some(), self.ano.unwrap_or(0), self.mes, self.dia)
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
pub fn validar(feriados: &[Feriado]) -> Vec<(usize, String)> {
    let mut erros = Vec::new();
    for (i, feriado) in feriados.iter().enumerate() {
        if let Err(erro) = feriado.validar() {
            erros.push((i, erro));
        } else if feriados[..i].iter().any(|f| f.dia == feriado.dia && f.mes == feriado.mes && f.ano == feriado.ano) {
            erros.push((i, format!("Feriado repetido ({}): deixe uma vez só", feriado.data())));
        }
    }
    erros
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
pub fn nacionais(ano: i16) -> Result<Vec<Feriado>, String> {
    if !ANOS.contains(&ano) {
        return Err(format!("Ano inválido: use de {} a {}", ANOS.start(), ANOS.end()));
    }
    let dated = |dia: i8, mes: i8, nome: &str| Feriado {
        dia: u8::try_from(dia).unwrap_or(0),
        mes: u8::try_from(mes).unwrap_or(0),
        ano: Some(ano),
        nome: nome.to_owned(),
    };
    let sexta_santa = pascoa(ano).checked_sub(jiff::Span::new().days(2)).map_err(|e| e.to_string())?;
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
        let coberto = lista.iter().any(|f| f.dia == novo.dia && f.mes == novo.mes && (f.ano.is_none() || f.ano == novo.ano));
        if !coberto {
            lista.push(novo);
        }
    }
    // Unreadable entries (dia 0) stay first, where they are seen.
    lista.sort_by_key(|f| (f.dia != 0, f.chave()));
    lista
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_and_write_back() {
        let natal = Feriado::ler("25/12 Natal");
        assert_eq!(natal, Feriado::anual(25, 12, "Natal"));
        assert_eq!(natal.entrada(), "25/12 Natal");
        let santa = Feriado::ler(" 3/4/2026 - Sexta-feira Santa ");
        assert_eq!(santa, Feriado { dia: 3, mes: 4, ano: Some(2026), nome: "Sexta-feira Santa".into() });
        assert_eq!(santa.entrada(), "03/04/2026 Sexta-feira Santa");
        assert_eq!(Feriado::ler("01/01").entrada(), "01/01");
        assert_eq!(Feriado::ler("29/02 Bissexto").validar(), Ok(()));
        let estranho = Feriado::ler("natal");
        assert_eq!((estranho.dia, estranho.entrada().as_str()), (0, "natal"));
        assert!(estranho.validar().unwrap_err().contains("não reconhecido"));
        assert_eq!(Feriado::ler("31/02").validar().unwrap_err(), "Data inexistente (31/02): confira o dia e o mês");
        assert_eq!(Feriado::ler("00/02").dia, 0);
        assert_eq!(Feriado::ler("12/2026").dia, 0);
    }

    #[test]
    fn a_list_flags_unreadable_and_repeated_days() {
        let lista = ler(&["25/12 Natal", "", "xx", "25/12 Natal de novo", "25/12/2026"]);
        assert_eq!(lista.len(), 4);
        let erros = validar(&lista);
        assert_eq!(erros.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![1, 2]);
        assert!(erros[1].1.contains("repetido"));
        let virgula = Feriado { nome: "Natal, ceia".into(), ..Feriado::anual(25, 12, "") };
        assert!(virgula.validar().unwrap_err().contains("vírgula"));
    }

    #[test]
    fn merging_skips_days_already_covered() {
        let atuais = vec![Feriado::anual(25, 12, "Natal"), Feriado::anual(20, 1, "São Sebastião")];
        let lista = mesclar(&atuais, nacionais(2026).unwrap());
        assert_eq!(lista.len(), 2 + 10 - 1);
        assert_eq!(lista[0], Feriado::anual(20, 1, "São Sebastião"));
        assert_eq!(lista.iter().filter(|f| f.mes == 12 && f.dia == 25).count(), 1);
        assert_eq!(mesclar(&lista, nacionais(2026).unwrap()), lista);
    }

    #[test]
    fn twentieth_of_november_only_from_2024() {
        assert!(!nacionais(2023).unwrap().iter().any(|f| f.mes == 11 && f.dia == 20));
        assert!(nacionais(2024).unwrap().iter().any(|f| f.mes == 11 && f.dia == 20));
        assert!(nacionais(1900).is_err());
    }
}
