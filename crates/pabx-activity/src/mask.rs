//! Secrets out of everything the app keeps: values of secret keys in records, and tokens or
//! passwords inside free text (log lines).

use std::sync::{LazyLock, RwLock};

use serde_json::Value;

/// What a masked secret shows.
pub const MASK: &str = "***";

/// Keys whose values are secrets (`senha`, `senha_sip`, `token`, `password`, ...).
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["senha", "token", "password", "passwd", "secret", "autenticacao", "authorization"].iter().any(|s| key.contains(s))
}

/// Replaces every non-empty value of a secret key, at any depth, with [`MASK`].
pub fn mask_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if is_secret_key(key) && !matches!(item, Value::Null) && item.as_str() != Some("") {
                    *item = Value::String(MASK.into());
                } else {
                    mask_secrets(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

/// The secrets this process knows (the tokens of its accounts): removed from any text.
static KNOWN: LazyLock<RwLock<Vec<String>>> = LazyLock::new(|| RwLock::new(Vec::new()));

/// Remembers a secret so [`redact_text`] removes it wherever it appears. Short values are not
/// kept (they would mask ordinary words).
pub fn register_secret(secret: &str) {
    let secret = secret.trim();
    if secret.len() < 4 {
        return;
    }
    if let Ok(mut known) = KNOWN.write() {
        if !known.iter().any(|s| s == secret) {
            known.push(secret.to_owned());
            // Longest first, so a secret containing another is removed whole.
            known.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }
}

/// A line with the known secrets and the values of secret keys masked: `token=abc`,
/// `"senha": "abc"`, `Authorization: Bearer abc`, `PABX_TOKEN=abc`.
pub fn redact_text(text: &str) -> String {
    let mut out = text.to_owned();
    if let Ok(known) = KNOWN.read() {
        for secret in known.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
    }
    mask_key_values(&out)
}

/// Masks the value after a secret key followed by `=`, `:` or `":"`, up to the next separator.
fn mask_key_values(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(word_end) = secret_word_at(&lower, i) else {
            i += 1;
            continue;
        };
        // Skip the rest of the key (senha_sip), closing quote, spaces, then `=` or `:`.
        let mut j = word_end;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] == b'-') {
            j += 1;
        }
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b' ') {
            j += 1;
        }
        if j >= bytes.len() || !matches!(bytes[j], b'=' | b':') {
            i = word_end;
            continue;
        }
        j += 1;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'"' | b'\'') {
            j += 1;
        }
        // `Bearer xyz`: the scheme stays, the credential goes.
        if lower[j..].starts_with("bearer ") || lower[j..].starts_with("basic ") {
            j += 6 + usize::from(lower[j..].starts_with("bearer "));
        }
        let start = j;
        while j < bytes.len() && !matches!(bytes[j], b'"' | b'\'' | b',' | b';' | b'&' | b' ' | b'}' | b'\n' | b'\r' | b'\t') {
            j += 1;
        }
        if j > start && &text[start..j] != MASK {
            out.push_str(&text[copied..start]);
            out.push_str(MASK);
            copied = j;
        }
        i = j.max(i + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// The end of a secret word starting at `i` (at a word boundary), if any.
fn secret_word_at(lower: &str, i: usize) -> Option<usize> {
    if !lower.is_char_boundary(i) {
        return None;
    }
    let before = lower[..i].chars().next_back();
    if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    ["senha", "token", "password", "passwd", "secret", "authorization"].iter().find(|w| lower[i..].starts_with(**w)).map(|w| i + w.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_secret_keys_at_any_depth() {
        let mut value = json!({"nome": "Ana", "senha_sip": "s1p-secreta", "senha_web": "", "token": null,
            "encaminhar": [{"password": "x"}], "autenticacao": {"usuario": "u", "token": "t0k3n"}});
        mask_secrets(&mut value);
        assert_eq!(
            value,
            json!({"nome": "Ana", "senha_sip": "***", "senha_web": "", "token": null,
            "encaminhar": [{"password": "***"}], "autenticacao": "***"})
        );
    }

    #[test]
    fn redacts_known_secrets_and_key_values_in_text() {
        register_secret("tok-planted-8c1f9");
        let line = r#"POST body {"autenticacao":{"usuario":"rev","token":"abc123"},"dados":{"senha_sip":"s3cr3t","nome":"Ana"}} via tok-planted-8c1f9"#;
        let redacted = redact_text(line);
        assert!(!redacted.contains("abc123"), "{redacted}");
        assert!(!redacted.contains("s3cr3t"), "{redacted}");
        assert!(!redacted.contains("tok-planted-8c1f9"), "{redacted}");
        assert!(redacted.contains(r#""nome":"Ana""#), "{redacted}");
        assert_eq!(redact_text("PABX_TOKEN=xyz9 next"), "PABX_TOKEN=*** next");
        assert_eq!(redact_text("Authorization: Bearer abc.def"), "Authorization: Bearer ***");
        assert_eq!(redact_text("senha: 1234; ok"), "senha: ***; ok");
        assert_eq!(redact_text("nenhum token novo"), "nenhum token novo");
        assert_eq!(redact_text("sem segredo, ação inserir_ramal"), "sem segredo, ação inserir_ramal");
    }
}
