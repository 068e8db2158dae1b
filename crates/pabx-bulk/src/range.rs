//! Ranges of ramais: N..M for a customer from a name pattern ("Ramal {numero}"), each with strong
//! generated SIP and web passwords, written once (a new file, readable by its owner only) before
//! anything is sent, so no password exists only on the server. Checked and applied by the same
//! plan as an import.

use std::io::Write;
use std::path::Path;

use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::csv_io::{CsvWriter, Dialect};
use crate::plan::Input;

/// Longest range accepted at once (the largest faixa the platform shows is 10,000 numbers).
pub const MAX_RANGE: i64 = 10_000;

/// A range to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RangeSpec {
    pub cliente_id: i64,
    pub de: i64,
    pub ate: i64,
    /// The ramal's name; `{numero}` is replaced by its number.
    pub nome: String,
}

/// The generated credentials of one ramal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub numero: String,
    pub nome: String,
    pub senha_sip: String,
    pub senha_web: String,
}

/// A random password of `len` letters and digits from the OS-seeded CSPRNG (20 characters: ~119
/// bits). No symbols: some SIP phones and provisioning files mangle them.
pub fn strong_password(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), len)
}

/// The rows of a range, with fresh passwords; an error (pt-BR) for a range that makes no sense.
pub fn generate(spec: &RangeSpec) -> Result<Vec<Generated>, String> {
    if spec.de <= 0 || spec.ate < spec.de {
        return Err(format!("faixa inválida: {}..{}; use início > 0 e fim ≥ início", spec.de, spec.ate));
    }
    if spec.ate - spec.de + 1 > MAX_RANGE {
        return Err(format!("faixa grande demais: no máximo {MAX_RANGE} ramais de uma vez"));
    }
    let pattern = if spec.nome.trim().is_empty() { "Ramal {numero}" } else { spec.nome.trim() };
    Ok((spec.de..=spec.ate)
        .map(|n| Generated {
            numero: n.to_string(),
            nome: pattern.replace("{numero}", &n.to_string()),
            senha_sip: strong_password(20),
            senha_web: strong_password(16),
        })
        .collect())
}

/// The generated rows as plan inputs (line = position in the range, from 1).
pub fn inputs(rows: &[Generated]) -> Vec<Input> {
    rows.iter()
        .enumerate()
        .map(|(i, g)| Input {
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            values: vec![
                ("numero".to_owned(), Value::String(g.numero.clone())),
                ("nome".to_owned(), Value::String(g.nome.clone())),
                ("senha_sip".to_owned(), Value::String(g.senha_sip.clone())),
                ("senha_web".to_owned(), Value::String(g.senha_web.clone())),
            ],
            issues: Vec::new(),
        })
        .collect()
}

/// Writes the passwords to a new file (never over an existing one), readable only by its owner.
pub fn write_passwords(path: &Path, rows: &[Generated]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    let mut writer = CsvWriter::new(std::io::BufWriter::new(file), Dialect::ExcelBr, &["numero", "nome", "senha_sip", "senha_web"])?;
    for g in rows {
        writer.write_texts(&[&g.numero, &g.nome, &g.senha_sip, &g.senha_web])?;
    }
    let mut out = writer.finish()?;
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_names_and_distinct_strong_passwords() {
        let rows = generate(&RangeSpec { cliente_id: 1, de: 2000, ate: 2009, nome: "Sala {numero}".into() }).unwrap();
        assert_eq!(rows.len(), 10);
        assert_eq!((rows[0].numero.as_str(), rows[0].nome.as_str()), ("2000", "Sala 2000"));
        let mut all: Vec<&str> = rows.iter().flat_map(|g| [g.senha_sip.as_str(), g.senha_web.as_str()]).collect();
        assert!(rows.iter().all(|g| g.senha_sip.len() == 20 && g.senha_web.len() == 16));
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 20);
        assert!(generate(&RangeSpec { cliente_id: 1, de: 10, ate: 9, nome: String::new() }).is_err());
        assert!(generate(&RangeSpec { cliente_id: 1, de: 1, ate: MAX_RANGE + 1, nome: String::new() }).is_err());
    }

    #[test]
    fn the_passwords_file_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("senhas.csv");
        let rows = generate(&RangeSpec { cliente_id: 1, de: 100, ate: 101, nome: String::new() }).unwrap();
        write_passwords(&path, &rows).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&rows[1].senha_sip) && text.contains("Ramal 101"));
        assert!(write_passwords(&path, &rows).is_err(), "never overwritten");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
