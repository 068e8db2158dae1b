//! Call pricing from a trunk's tariff.
//!
//! A tariff's `fracionamento` is `G/M/I` in seconds: calls of at most G seconds (the grace
//! period) are free; any longer call is billed at least M seconds (the minimum); beyond M it is
//! billed in steps of I seconds (the increment), rounded up. Cost = tarifa (reais per minute) ×
//! billed seconds / 60, rounded to 4 decimals. "30/6" is the Brazilian regulated norm; that the
//! first number is the grace period is an inference from the documentation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::mensagens::Mensagem;
use crate::tronco::Tarifa;

/// The largest value accepted in each part: an hour. Larger values are typing mistakes, and the
/// bound keeps every computation far from overflow.
pub const MAX_SEGUNDOS: u32 = 3600;

/// The code of a fracionamento that is not `G/M/I`.
const FORMATO: &str = "fracionamento_formato";

/// A parsed `G/M/I`. Build it with [`Fracionamento::parse`], which enforces `incremento > 0`
/// and `carencia <= minimo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fracionamento {
    /// G: calls of at most this many seconds are free.
    pub carencia: u32,
    /// M: any billed call is billed at least this many seconds.
    pub minimo: u32,
    /// I: beyond the minimum, billing goes up in steps of this many seconds.
    pub incremento: u32,
}

impl Fracionamento {
    /// Parses `"G/M/I"` (whitespace around the parts allowed); the error is the rule's message.
    pub fn parse(text: &str) -> Result<Self, Mensagem> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(Mensagem::new("fracionamento_obrigatorio"));
        }
        let parts: Vec<&str> = trimmed.split('/').map(str::trim).collect();
        let [carencia, minimo, incremento] = parts.as_slice() else {
            return Err(Mensagem::new(FORMATO));
        };
        let fracionamento = Self { carencia: part(carencia)?, minimo: part(minimo)?, incremento: part(incremento)? };
        if fracionamento.incremento == 0 {
            return Err(Mensagem::new("fracionamento_incremento"));
        }
        if fracionamento.carencia > fracionamento.minimo {
            return Err(Mensagem::new("fracionamento_carencia"));
        }
        Ok(fracionamento)
    }

    /// Seconds billed for a call of `duracao` seconds.
    pub fn segundos_cobrados(&self, duracao: u32) -> u32 {
        if duracao <= self.carencia {
            return 0;
        }
        if duracao <= self.minimo {
            return self.minimo;
        }
        // u64: a call near u32::MAX seconds rounded up to the next step could overflow u32.
        let alem = u64::from(duracao - self.minimo);
        // The fields are public, so a 0 built by hand must not divide by zero.
        let passo = u64::from(self.incremento.max(1));
        let cobrados = u64::from(self.minimo) + alem.div_ceil(passo) * passo;
        u32::try_from(cobrados).unwrap_or(u32::MAX)
    }
}

/// One part of `G/M/I`: plain digits (no sign), at most [`MAX_SEGUNDOS`].
fn part(text: &str) -> Result<u32, Mensagem> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Mensagem::new(FORMATO));
    }
    match text.parse::<u32>() {
        Ok(value) if value <= MAX_SEGUNDOS => Ok(value),
        _ => Err(Mensagem::new("fracionamento_maximo").com("max", MAX_SEGUNDOS)),
    }
}

impl FromStr for Fracionamento {
    type Err = Mensagem;

    fn from_str(text: &str) -> Result<Self, Mensagem> {
        Self::parse(text)
    }
}

impl fmt::Display for Fracionamento {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.carencia, self.minimo, self.incremento)
    }
}

/// The highest per-minute price accepted, in reais: far above any real tariff, low enough that
/// a day-long call still has a finite, exact cost.
pub const MAX_TARIFA: f64 = 10_000.0;

/// Checks a per-minute price: finite, not negative and at most [`MAX_TARIFA`].
pub fn valor_por_minuto(tarifa: f64) -> Result<(), Mensagem> {
    if tarifa.is_finite() && (0.0..=MAX_TARIFA).contains(&tarifa) {
        Ok(())
    } else {
        Err(Mensagem::new("tarifa_valor").com("max", MAX_TARIFA))
    }
}

/// The price in reais of a call of `duracao` seconds under `tarifa`, rounded to 4 decimals.
/// Fails, with the rule's message, when the tariff's price or fracionamento is invalid.
pub fn custo(tarifa: &Tarifa, duracao: u32) -> Result<f64, Mensagem> {
    valor_por_minuto(tarifa.tarifa)?;
    let fracionamento = Fracionamento::parse(&tarifa.fracionamento)?;
    custo_cobrado(tarifa.tarifa, fracionamento.segundos_cobrados(duracao))
}

/// The price of `cobrados` seconds at `por_minuto` reais a minute, to 4 decimals (a price already
/// checked by [`valor_por_minuto`], its fracionamento already applied).
pub fn custo_cobrado(por_minuto: f64, cobrados: u32) -> Result<f64, Mensagem> {
    // Scale before rounding so only one rounding step touches the result.
    let custo = (por_minuto * f64::from(cobrados) * 10_000.0 / 60.0).round() / 10_000.0;
    if custo.is_finite() {
        Ok(custo)
    } else {
        Err(Mensagem::new("custo_limite"))
    }
}

/// Common fracionamentos offered as presets: `(G/M/I, name)`.
pub const COMUNS: [(&str, &str); 3] = [
    ("0/30/6", "30/6 (mínimo 30 s, depois de 6 em 6 s)"),
    ("0/60/60", "60/60 (minuto cheio)"),
    ("0/60/6", "60/6 (mínimo 60 s, depois de 6 em 6 s)"),
];

/// A preset of [`COMUNS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FracionamentoComum {
    pub fracionamento: String,
    pub nome: String,
}

pub fn comuns() -> Vec<FracionamentoComum> {
    COMUNS.iter().map(|(f, n)| FracionamentoComum { fracionamento: (*f).to_owned(), nome: (*n).to_owned() }).collect()
}

/// What a call of some duration costs under one tariff: billed seconds and reais, or why the
/// tariff cannot price it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviaCusto {
    pub regiao_id: i64,
    pub segundos_cobrados: Option<u32>,
    /// Reais, rounded to 4 decimals.
    pub custo: Option<f64>,
    /// Why the tariff cannot price it, as the field's error (`tarifa` or `fracionamento`), so the
    /// app words it in its language.
    pub erro: Option<FieldError>,
}

/// The cost of a call of `duracao` seconds under each tariff, in the tariffs' order.
pub fn previa(tarifas: &[Tarifa], duracao: u32) -> Vec<PreviaCusto> {
    tarifas
        .iter()
        .map(|tarifa| {
            let cobrados = Fracionamento::parse(&tarifa.fracionamento).map(|f| f.segundos_cobrados(duracao));
            let erro = |mensagem: Mensagem| {
                let field = if mensagem.code.starts_with("fracionamento") { "fracionamento" } else { "tarifa" };
                Some(FieldError::de(field, &mensagem))
            };
            match (cobrados, custo(tarifa, duracao)) {
                (Ok(s), Ok(c)) => PreviaCusto { regiao_id: tarifa.regiao_id, segundos_cobrados: Some(s), custo: Some(c), erro: None },
                (cobrados, Err(e)) => {
                    PreviaCusto { regiao_id: tarifa.regiao_id, segundos_cobrados: cobrados.ok(), custo: None, erro: erro(e) }
                }
                (Err(e), Ok(_)) => PreviaCusto { regiao_id: tarifa.regiao_id, segundos_cobrados: None, custo: None, erro: erro(e) },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_prices_each_tariff_or_says_why_not() {
        let tarifa = |regiao_id, tarifa, fracionamento: &str| Tarifa {
            regiao_id,
            tarifa,
            fracionamento: fracionamento.into(),
            ..Default::default()
        };
        let rows = previa(&[tarifa(1, 0.12, "0/30/6"), tarifa(2, 0.60, "0/60/60"), tarifa(3, 0.1, "30/6")], 61);
        assert_eq!((rows[0].segundos_cobrados, rows[0].custo), (Some(66), Some(0.132)));
        assert_eq!((rows[1].segundos_cobrados, rows[1].custo), (Some(120), Some(1.2)));
        assert_eq!((rows[2].regiao_id, rows[2].custo), (3, None));
        let erro = rows[2].erro.clone().unwrap_or_else(|| FieldError::new("-", "-"));
        assert_eq!((erro.field.as_str(), erro.code.as_str()), ("fracionamento", "fracionamento_formato"));
        assert!(erro.message.contains("G/M/I"), "{erro:?}");
        for (f, _) in COMUNS {
            assert!(Fracionamento::parse(f).is_ok(), "{f}");
        }
    }

    #[test]
    fn display_round_trips() {
        let f: Fracionamento = " 4 / 30 / 6 ".parse().unwrap();
        assert_eq!(f, Fracionamento { carencia: 4, minimo: 30, incremento: 6 });
        assert_eq!(f.to_string(), "4/30/6");
        assert_eq!(Fracionamento::parse(&f.to_string()), Ok(f));
    }

    #[test]
    fn huge_durations_saturate_instead_of_overflowing() {
        let f = Fracionamento::parse("0/0/3600").unwrap();
        assert_eq!(f.segundos_cobrados(u32::MAX), u32::MAX);
        let f = Fracionamento::parse("0/30/7").unwrap();
        assert!(f.segundos_cobrados(u32::MAX - 1) >= u32::MAX - 1);
    }

    #[test]
    fn a_zero_increment_built_by_hand_does_not_panic() {
        let f = Fracionamento { carencia: 0, minimo: 30, incremento: 0 };
        assert_eq!(f.segundos_cobrados(31), 31);
    }

    #[test]
    fn a_tarifa_that_is_not_finite_and_sane_is_refused() {
        for bad in [f64::INFINITY, f64::NAN, 1e308, -0.01, MAX_TARIFA + 0.01] {
            let tarifa = Tarifa { tarifa: bad, fracionamento: "0/30/6".into(), ..Default::default() };
            assert!(custo(&tarifa, 86_400).unwrap_err().to_string().contains("Tarifa inválida"), "{bad}");
        }
        let tarifa = Tarifa { tarifa: MAX_TARIFA, fracionamento: "0/30/6".into(), ..Default::default() };
        let worst = custo(&tarifa, u32::MAX).unwrap();
        assert!(worst.is_finite() && worst > 0.0);
    }

    #[test]
    fn sign_and_overlong_parts_are_rejected() {
        assert_eq!(Fracionamento::parse("+4/30/6").unwrap_err().code, FORMATO);
        assert!(Fracionamento::parse("0/30/3601").unwrap_err().to_string().contains("3600"));
        assert!(Fracionamento::parse("0/30/99999999999").unwrap_err().to_string().contains("3600"));
    }
}
