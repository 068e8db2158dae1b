//! Values Excel mangles when it opens and saves a CSV, caught before anything is sent: numbers
//! shown in scientific notation (`5,51199E+12`: the last digits are gone for good), leading
//! zeros dropped from CEPs and CNPJs, document numbers turned into decimals (`11222333000181,0`).

/// A pt-BR message when `text`, in column `key`, looks mangled by a spreadsheet.
pub fn mangled(key: &str, text: &str) -> Option<String> {
    let t = text.trim();
    if is_scientific(t) {
        return Some(format!(
            "\"{t}\" está em notação científica: o Excel converteu o número e os últimos dígitos se perderam. \
             Formate a coluna como Texto, digite os números de novo e salve outra vez"
        ));
    }
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let digits_only = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match leaf {
        "cep" if digits_only && t.len() < 8 => Some(format!(
            "CEP \"{t}\" com {} dígitos: o Excel removeu o zero à esquerda (seria {:0>8}?). Formate a coluna como Texto e corrija",
            t.len(),
            t
        )),
        "cnpj" if digits_only && t.len() < 14 && t.len() >= 11 => Some(format!(
            "CNPJ \"{t}\" com {} dígitos: o Excel tratou o CNPJ como número e removeu zeros à esquerda. Formate a coluna como Texto e corrija",
            t.len()
        )),
        "cnpj" | "cep" | "numero" | "tel" | "cel" | "caller_id_externo" if is_decimal_of_integer(t) => Some(format!(
            "\"{t}\" virou um número decimal no Excel; formate a coluna como Texto e digite o valor de novo"
        )),
        _ => None,
    }
}

/// `5,51199E+12`, `1.1E13`, `5E+12`.
fn is_scientific(t: &str) -> bool {
    let Some(e) = t.find(['E', 'e']) else { return false };
    let (mantissa, exponent) = (&t[..e], &t[e + 1..]);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.' || b == b'-')
        && mantissa.bytes().filter(|b| *b == b',' || *b == b'.').count() <= 1;
    mantissa_ok && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// `11222333000181,0` or `1310100.00`: an integer Excel wrote with decimals.
fn is_decimal_of_integer(t: &str) -> bool {
    let Some((int, frac)) = t.split_once([',', '.']) else { return false };
    int.len() >= 5 && int.bytes().all(|b| b.is_ascii_digit()) && !frac.is_empty() && frac.bytes().all(|b| b == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_what_excel_does() {
        assert!(mangled("numero", "5,51199E+12").unwrap().contains("notação científica"));
        assert!(mangled("caller_id_externo", "1.1E13").is_some());
        assert!(mangled("nome", "5E+12").is_some());
        assert!(mangled("cep", "1310100").unwrap().contains("01310100"));
        assert!(mangled("cnpj", "1234567000189").unwrap().contains("13 dígitos"));
        assert!(mangled("cnpj", "11222333000181,0").unwrap().contains("decimal"));
    }

    #[test]
    fn leaves_good_values_alone() {
        for (key, value) in [
            ("numero", "551130000000"),
            ("cep", "01310-100"),
            ("cep", "01310100"),
            ("cnpj", "11.222.333/0001-81"),
            ("cnpj", "11222333000181"),
            ("nome", "Recepção E1"),
            ("nome", "Sala E"),
            ("tarifa", "0,12"),
            ("cep", ""),
        ] {
            assert_eq!(mangled(key, value), None, "{key}={value}");
        }
    }
}
