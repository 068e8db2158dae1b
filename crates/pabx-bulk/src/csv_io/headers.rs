//! Mapping a file's header row to the record's keys. A header may be the JSON key
//! (`faixa_min`, nested dotted: `encaminhar_todas_chamadas.encaminhamento_destino`) or one of the
//! app's pt-BR labels (`Faixa de ramais: início`); case, accents, blanks and punctuation do not
//! matter.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A column the import understands: its key and the labels also accepted for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub key: String,
    pub labels: Vec<String>,
}

/// Which key each column of the file feeds (None: ignored), with what could not be mapped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeaderMapping {
    /// One entry per column of the file, in order.
    pub columns: Vec<Option<String>>,
    /// Headers that matched no key (their columns are ignored).
    pub unknown: Vec<String>,
    /// Keys fed by more than one column (the first wins).
    pub duplicated: Vec<String>,
}

impl HeaderMapping {
    /// The index of the file column feeding `key`.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.as_deref() == Some(key))
    }
}

/// Lowercase ASCII without accents, every run of other characters turned into one `_`, dots kept
/// (they separate nesting levels): `"Faixa de ramais: início"` -> `"faixa_de_ramais_inicio"`.
pub fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut gap = false;
    for c in header.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() || c == '.' {
            if gap && !out.is_empty() && !out.ends_with('.') && c != '.' {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// Maps each header to a column's key, by key first, then by label.
pub fn map_headers(headers: &[String], columns: &[Column]) -> HeaderMapping {
    let mut by_name: HashMap<String, &str> = HashMap::new();
    for column in columns {
        for label in &column.labels {
            by_name.entry(normalize(label)).or_insert(&column.key);
        }
    }
    // Keys win over labels when a label happens to equal another column's key.
    for column in columns {
        by_name.insert(normalize(&column.key), &column.key);
    }
    let mut mapping = HeaderMapping::default();
    for header in headers {
        match by_name.get(&normalize(header)) {
            Some(key) if mapping.index_of(key).is_some() => {
                mapping.duplicated.push((*key).to_owned());
                mapping.columns.push(None);
            }
            Some(key) => mapping.columns.push(Some((*key).to_owned())),
            None => {
                if !header.trim().is_empty() {
                    mapping.unknown.push(header.clone());
                }
                mapping.columns.push(None);
            }
        }
    }
    mapping
}
