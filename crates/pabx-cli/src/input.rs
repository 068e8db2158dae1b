//! Reading the JSON a command sends: a file or standard input (`-`), decoded into the
//! client's types with the failing field named, so a typo gets a message, never a panic.

use std::io::Read;
use std::path::Path;

use pabx_api::FieldError;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::failure::Failure;
use crate::output::{SECRET_FIELDS, SECRET_MASK};

/// Files larger than this are refused: no record of the API comes near it.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn shown(path: &Path) -> String {
    if is_stdin(path) {
        "entrada padrão".to_owned()
    } else {
        format!("arquivo {}", path.display())
    }
}

/// The file's JSON.
pub fn read_json(path: &Path) -> Result<Value, Failure> {
    let mut text = String::new();
    let read = if is_stdin(path) {
        std::io::stdin().lock().take(MAX_FILE_BYTES).read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(MAX_FILE_BYTES).read_to_string(&mut text))
    };
    read.map_err(|e| Failure::Input(format!("não foi possível ler o {} ({e}). Confira o caminho e as permissões.", shown(path))))?;
    if text.trim().is_empty() {
        return Err(Failure::Input(format!("o {} está vazio; ele deve conter um objeto JSON.", shown(path))));
    }
    serde_json::from_str(&text).map_err(|e| {
        Failure::Input(format!(
            "o {} não é um JSON válido (linha {}, coluna {}: {}). Corrija a sintaxe e tente de novo.",
            shown(path),
            e.line(),
            e.column(),
            e
        ))
    })
}

/// A record from a file: the record itself, or a full body whose `dados` holds it.
pub fn read_record<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T, Failure> {
    let value = unwrap_dados(read_json(path)?);
    if !value.is_object() {
        return Err(Failure::Input(format!("o {} deve conter um objeto JSON com um {what}.", shown(path))));
    }
    reject_masked_secrets(&value)?;
    decode(value, path, what)
}

/// Decodes `value` as `T`, naming the field that does not fit.
pub fn decode<T: DeserializeOwned>(value: Value, path: &Path, what: &str) -> Result<T, Failure> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        if field.is_empty() || field == "." {
            Failure::Input(format!("o {} não descreve um {what}: {inner}.", shown(path)))
        } else {
            Failure::Invalid(vec![FieldError::new(field, inner.to_string())])
        }
    })
}

/// `{"dados": {...}}` (the body as the API documents it) is accepted as well as the record.
pub fn unwrap_dados(value: Value) -> Value {
    match value {
        Value::Object(mut map) if map.get("dados").is_some_and(|d| d.is_object() || d.is_array()) => {
            map.remove("dados").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// A password still masked as `***` (copied from our own listing) would overwrite the real one.
fn reject_masked_secrets(value: &Value) -> Result<(), Failure> {
    let mut fields = Vec::new();
    find_masked(value, "", &mut fields);
    if fields.is_empty() {
        return Ok(());
    }
    Err(Failure::Invalid(
        fields
            .into_iter()
            .map(|field| FieldError::new(field, "a senha está ocultada como \"***\"; informe a senha real ou liste com --revelar-senhas"))
            .collect(),
    ))
}

fn find_masked(value: &Value, prefix: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                if SECRET_FIELDS.contains(&key.as_str()) && inner.as_str() == Some(SECRET_MASK) {
                    found.push(path);
                } else {
                    find_masked(inner, &path, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                find_masked(inner, &format!("{prefix}[{index}]"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pabx_api::Ramal;
    use serde_json::json;

    #[test]
    fn names_the_field_that_does_not_fit() {
        let Err(Failure::Invalid(fields)) = decode::<Ramal>(json!({"ramal_id": "abc"}), Path::new("r.json"), "ramal") else { panic!() };
        assert_eq!(fields[0].field, "ramal_id");
        assert!(fields[0].message.contains("inteiro"), "{}", fields[0].message);
    }

    #[test]
    fn accepts_a_body_with_dados() {
        let value = unwrap_dados(json!({"dados": {"nome": "x"}}));
        assert_eq!(value, json!({"nome": "x"}));
        assert_eq!(unwrap_dados(json!({"nome": "x"})), json!({"nome": "x"}));
    }

    #[test]
    fn masked_passwords_are_refused() {
        let Err(Failure::Invalid(fields)) = reject_masked_secrets(&json!({"nome": "a", "senha_sip": "***"})) else { panic!() };
        assert_eq!(fields[0].field, "senha_sip");
        assert!(reject_masked_secrets(&json!({"senha_sip": "s3gr3d0"})).is_ok());
    }

    #[test]
    fn unreadable_and_broken_files_are_input_errors() {
        let missing = read_json(Path::new("/nonexistent/pabx.json")).unwrap_err();
        assert_eq!(missing.code(), 3);
        let dir = std::env::temp_dir().join(format!("pabx-cli-input-{}", std::process::id()));
        std::fs::write(&dir, "{\"nome\": ").unwrap();
        let broken = read_json(&dir).unwrap_err();
        std::fs::remove_file(&dir).ok();
        assert!(broken.message().contains("linha 1"), "{}", broken.message());
    }
}
