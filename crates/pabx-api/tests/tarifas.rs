//! Call pricing at the boundaries of each fracionamento: 0, G, G+1, M, M+1, M+I, M+I+1 and long
//! calls, with the billed seconds and the cost in reais; and every malformed `G/M/I` refused.

use pabx_api::tarifas::{custo, Fracionamento};
use pabx_api::Tarifa;

fn tarifa(preco: f64, fracionamento: &str) -> Tarifa {
    Tarifa { regiao_id: 1, tarifa: preco, fracionamento: fracionamento.to_owned(), ..Default::default() }
}

/// (fracionamento, price per minute, duration, billed seconds, cost in reais)
const TABLE: &[(&str, f64, u32, u32, f64)] = &[
    // The platform's example: 4 s free, then at least 30 s, then 6 s steps.
    ("4/30/6", 0.15, 0, 0, 0.0),
    ("4/30/6", 0.15, 4, 0, 0.0),
    ("4/30/6", 0.15, 5, 30, 0.075),
    ("4/30/6", 0.15, 30, 30, 0.075),
    ("4/30/6", 0.15, 31, 36, 0.09),
    ("4/30/6", 0.15, 36, 36, 0.09),
    ("4/30/6", 0.15, 37, 42, 0.105),
    ("4/30/6", 0.15, 125, 126, 0.315),
    ("4/30/6", 0.15, 3600, 3600, 9.0),
    ("4/30/6", 0.15, 3601, 3606, 9.015),
    // The regulated 30/6 without grace: a 1 s call costs 30 s.
    ("0/30/6", 0.30, 0, 0, 0.0),
    ("0/30/6", 0.30, 1, 30, 0.15),
    ("0/30/6", 0.30, 30, 30, 0.15),
    ("0/30/6", 0.30, 31, 36, 0.18),
    ("0/30/6", 0.30, 36, 36, 0.18),
    ("0/30/6", 0.30, 37, 42, 0.21),
    ("0/30/6", 0.30, 7200, 7200, 36.0),
    // Per minute, 3 s grace.
    ("3/60/60", 0.35, 0, 0, 0.0),
    ("3/60/60", 0.35, 3, 0, 0.0),
    ("3/60/60", 0.35, 4, 60, 0.35),
    ("3/60/60", 0.35, 60, 60, 0.35),
    ("3/60/60", 0.35, 61, 120, 0.7),
    ("3/60/60", 0.35, 120, 120, 0.7),
    ("3/60/60", 0.35, 121, 180, 1.05),
    ("3/60/60", 0.35, 3599, 3600, 21.0),
    // Per second: rounding to 4 decimals shows (0.0999 × 31 / 60 = 0.051615).
    ("0/1/1", 0.0999, 0, 0, 0.0),
    ("0/1/1", 0.0999, 1, 1, 0.0017),
    ("0/1/1", 0.0999, 2, 2, 0.0033),
    ("0/1/1", 0.0999, 31, 31, 0.0516),
    ("0/1/1", 0.19, 7, 7, 0.0222),
    ("0/1/1", 0.19, 86_400, 86_400, 273.6),
    // Grace equal to the minimum: the first billed call already goes past M.
    ("6/6/6", 0.60, 6, 0, 0.0),
    ("6/6/6", 0.60, 7, 12, 0.12),
    ("6/6/6", 0.60, 12, 12, 0.12),
    ("6/6/6", 0.60, 13, 18, 0.18),
    // No minimum: billed from zero in 10 s steps.
    ("0/0/10", 0.12, 0, 0, 0.0),
    ("0/0/10", 0.12, 1, 10, 0.02),
    ("0/0/10", 0.12, 10, 10, 0.02),
    ("0/0/10", 0.12, 11, 20, 0.04),
    // Free tariff: billed seconds still counted, cost zero.
    ("4/30/6", 0.0, 100, 102, 0.0),
];

#[test]
fn billed_seconds_and_cost_at_every_boundary() {
    for &(fracionamento, preco, duracao, cobrados, esperado) in TABLE {
        let parsed = Fracionamento::parse(fracionamento).unwrap();
        assert_eq!(parsed.segundos_cobrados(duracao), cobrados, "{fracionamento} {duracao}s");
        let valor = custo(&tarifa(preco, fracionamento), duracao).unwrap();
        assert_eq!(valor, esperado, "{fracionamento} R$ {preco}/min {duracao}s");
    }
}

#[test]
fn the_table_covers_each_boundary_of_each_fracionamento() {
    for fracionamento in ["4/30/6", "0/30/6", "3/60/60"] {
        let f = Fracionamento::parse(fracionamento).unwrap();
        let (g, m, i) = (f.carencia, f.minimo, f.incremento);
        for duracao in [0, g, g + 1, m, m + 1, m + i, m + i + 1] {
            assert!(TABLE.iter().any(|row| row.0 == fracionamento && row.2 == duracao), "{fracionamento}: falta a duração {duracao}");
        }
    }
}

#[test]
fn billing_never_undercharges_nor_overshoots_one_step() {
    for fracionamento in ["4/30/6", "0/30/6", "3/60/60", "0/1/1", "6/6/6", "0/0/10", "30/30/1", "0/60/7"] {
        let f = Fracionamento::parse(fracionamento).unwrap();
        let mut previous = 0;
        for duracao in 0..5000 {
            let cobrados = f.segundos_cobrados(duracao);
            assert!(cobrados >= previous, "{fracionamento}: diminuiu em {duracao}s");
            previous = cobrados;
            if duracao <= f.carencia {
                assert_eq!(cobrados, 0, "{fracionamento} {duracao}s");
            } else {
                assert!(cobrados >= duracao.max(f.minimo), "{fracionamento} {duracao}s");
                if duracao > f.minimo {
                    assert!(cobrados - duracao < f.incremento, "{fracionamento} {duracao}s");
                    assert_eq!((cobrados - f.minimo) % f.incremento, 0, "{fracionamento} {duracao}s");
                }
            }
        }
    }
}

#[test]
fn malformed_fracionamentos_are_refused_with_a_message() {
    let formato = "Fracionamento inválido: use G/M/I em segundos, como 4/30/6";
    let cases = [
        ("", "Informe o fracionamento, como 4/30/6"),
        ("   ", "Informe o fracionamento, como 4/30/6"),
        ("30/6", formato),
        ("4/30/6/1", formato),
        ("a/30/6", formato),
        ("-4/30/6", formato),
        ("4/30/-6", formato),
        ("4.5/30/6", formato),
        ("4//6", formato),
        ("4 30 6", formato),
        ("4/30/6s", formato),
        ("4/30/0", "O incremento (I) do fracionamento deve ser maior que zero"),
        ("31/30/6", "A carência (G) do fracionamento não pode ser maior que o mínimo (M)"),
        ("0/30/3601", "Fracionamento inválido: use no máximo 3600 segundos em cada parte"),
    ];
    for (text, message) in cases {
        let text_of = |result: Result<_, pabx_api::mensagens::Mensagem>| result.map_err(|m| m.to_string());
        assert_eq!(text_of(Fracionamento::parse(text)), Err(message.to_owned()), "{text:?}");
        assert_eq!(text_of(text.parse::<Fracionamento>()), Err(message.to_owned()), "{text:?}");
        assert_eq!(custo(&tarifa(0.1, text), 60).map_err(|m| m.to_string()), Err(message.to_owned()), "{text:?}");
    }
}

#[test]
fn invalid_prices_are_refused() {
    let message = "Tarifa inválida: informe o preço por minuto em reais, de 0 a 10000".to_owned();
    for preco in [-0.01, f64::NAN, f64::INFINITY, 1e308, 10_000.01] {
        assert_eq!(custo(&tarifa(preco, "4/30/6"), 60).map_err(|m| m.to_string()), Err(message.clone()), "{preco}");
        // The same rule refuses the trunk before it is sent, on the tariff's own field.
        let tronco = pabx_api::Tronco { tarifas: vec![tarifa(preco, "4/30/6")], ..Default::default() };
        let errors = pabx_api::validation::validar_tronco(&tronco, pabx_api::validation::Operacao::Inserir);
        assert!(errors.iter().any(|e| e.field == "tarifas[0].tarifa" && e.message == message), "{preco}: {errors:?}");
    }
    // The dearest tariff accepted still prices the longest call finitely.
    assert!(custo(&tarifa(10_000.0, "4/30/6"), u32::MAX).is_ok_and(f64::is_finite));
}

#[test]
fn parse_display_and_fields_agree() {
    let f = Fracionamento::parse("4/30/6").unwrap();
    assert_eq!((f.carencia, f.minimo, f.incremento), (4, 30, 6));
    assert_eq!(f.to_string(), "4/30/6");
    assert_eq!("3/60/60".parse::<Fracionamento>().unwrap().to_string(), "3/60/60");
}
