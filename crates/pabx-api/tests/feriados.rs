//! Brazil's national holidays computed locally, against a table written from the official
//! calendars (Sexta-feira Santa from Easter; 20 de novembro from 2024, Lei 14.759/2023).

use pabx_api::feriados::{nacionais, pascoa, Feriado};

/// Per year: Easter Sunday and every national holiday (dd/mm).
const TABELA: [(i16, &str, [&str; 10]); 7] = [
    (2024, "31/03", ["01/01", "29/03", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
    (2025, "20/04", ["01/01", "18/04", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
    (2026, "05/04", ["01/01", "03/04", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
    (2027, "28/03", ["01/01", "26/03", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
    (2028, "16/04", ["01/01", "14/04", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
    (2029, "01/04", ["01/01", "30/03", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
    (2030, "21/04", ["01/01", "19/04", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "20/11", "25/12"]),
];

fn ddmm(f: &Feriado) -> String {
    f.data[..5].to_owned()
}

#[test]
fn national_holidays_2024_to_2030_match_the_table() {
    for (ano, pascoa_esperada, esperados) in TABELA {
        let p = pascoa(ano);
        assert_eq!(format!("{:02}/{:02}", p.day(), p.month()), pascoa_esperada, "Páscoa de {ano}");
        let lista = nacionais(ano).unwrap();
        let datas: Vec<String> = lista.iter().map(ddmm).collect();
        assert_eq!(datas, esperados, "{ano}");
        assert!(
            lista.iter().all(|f| f.data.ends_with(&format!("/{ano}")) && !f.todo_ano() && !f.nome.is_empty() && f.validar().is_ok()),
            "{ano}"
        );
        let santa = lista.iter().find(|f| f.nome == "Sexta-feira Santa").unwrap();
        assert_eq!(ddmm(santa), esperados[1], "Sexta-feira Santa de {ano}");
        assert!(lista.iter().any(|f| ddmm(f) == "20/11" && f.nome.contains("Consciência Negra")), "{ano}");
        // Sexta-feira Santa is a Friday, always.
        let dia = jiff::civil::date(ano, santa.data[3..5].parse().unwrap(), santa.data[..2].parse().unwrap());
        assert_eq!(dia.weekday(), jiff::civil::Weekday::Friday);
    }
}

#[test]
fn in_2030_tiradentes_and_good_friday_differ_but_easter_falls_on_tiradentes() {
    // 21/04/2030 is Easter Sunday itself; Sexta-feira Santa is 19/04: two distinct entries.
    let lista = nacionais(2030).unwrap();
    assert_eq!(lista.iter().filter(|f| f.data[3..5] == *"04").count(), 2);
}

#[test]
fn before_lei_14759_no_twentieth_of_november() {
    let datas: Vec<String> = nacionais(2023).unwrap().iter().map(ddmm).collect();
    assert_eq!(datas, ["01/01", "07/04", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "25/12"]);
}
