//! Tolerant decoding of the platform's JSON.
//!
//! The platform is loose about types: integers arrive as strings (`"15"`), strings as numbers,
//! fields go missing or come as `null`. Every model field is decoded through [`Tolerant`], which
//! accepts those forms and falls back to the default; only a value that cannot mean the field's
//! type (an object where a number belongs) is an error. Fields the document does not name are
//! kept in [`Extra`] and written back unchanged.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// Fields of a record that the documentation does not name, in the order received.
pub type Extra = Map<String, Value>;

/// A type that can be read from any JSON shape the platform is known to send for it.
pub trait Tolerant: Sized {
    fn from_json(value: Value) -> Result<Self, String>;
}

/// serde `deserialize_with` entry point for every model field.
pub fn tolerant<'de, D: Deserializer<'de>, T: Tolerant>(deserializer: D) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    T::from_json(value).map_err(serde::de::Error::custom)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "booleano",
        Value::Number(_) => "número",
        Value::String(_) => "texto",
        Value::Array(_) => "lista",
        Value::Object(_) => "objeto",
    }
}

impl Tolerant for i64 {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(0),
            Value::Bool(b) => Ok(i64::from(b)),
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
                .ok_or_else(|| format!("número inteiro esperado, recebido {n}")),
            Value::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Ok(0);
                }
                t.parse::<i64>().map_err(|_| format!("número inteiro esperado, recebido {}", quote(t)))
            }
            other => Err(format!("número inteiro esperado, recebido {}", kind(&other))),
        }
    }
}

impl Tolerant for f64 {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(0.0),
            Value::Bool(b) => Ok(f64::from(u8::from(b))),
            Value::Number(n) => n.as_f64().ok_or_else(|| format!("número esperado, recebido {n}")),
            Value::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Ok(0.0);
                }
                // Brazilian servers may write a decimal comma.
                t.replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| format!("número esperado, recebido {}", quote(t)))
            }
            other => Err(format!("número esperado, recebido {}", kind(&other))),
        }
    }
}

impl Tolerant for String {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(String::new()),
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(if b { "1" } else { "0" }.to_owned()),
            other => Err(format!("texto esperado, recebido {}", kind(&other))),
        }
    }
}

impl<T: Tolerant> Tolerant for Option<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: Tolerant> Tolerant for Vec<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            // PHP encodes a list with gaps as an object keyed "0", "1", ...
            Value::Object(map) => map.into_iter().map(|(_, v)| T::from_json(v)).collect(),
            // Weekday lists are sometimes sent as "1,2,3".
            Value::String(s) => s
                .split(',')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(|part| T::from_json(Value::String(part.to_owned())))
                .collect(),
            other => Err(format!("lista esperada, recebido {}", kind(&other))),
        }
    }
}

impl Tolerant for Value {
    fn from_json(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

/// Quotes a short foreign value whole, so a later redaction can still find a secret in it;
/// a long one is only described, never cut (a cut secret could not be redacted).
fn quote(text: &str) -> String {
    const MAX_QUOTED: usize = 16;
    let count = text.chars().count();
    if count <= MAX_QUOTED {
        format!("\"{text}\"")
    } else {
        format!("um texto de {count} caracteres")
    }
}

/// Shortens a foreign value before it goes into a message.
pub(crate) fn excerpt(text: &str) -> String {
    cut(text, 40)
}

/// Like [`excerpt`], for texts of our own decoder that name a type and position.
pub(crate) fn excerpt_long(text: &str) -> String {
    cut(text, 160)
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let head: String = text.chars().take(max).collect();
        format!("{head}…")
    }
}

/// Declares a record of the API: every field tolerant and defaulted, unknown fields kept.
///
/// `model! { id = ramal_id; pub struct Ramal { pub ramal_id: i64, ... } }` also implements
/// [`crate::Record`] with that id field, used by paging to recognise records already seen.
#[macro_export]
#[doc(hidden)]
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::request! {
            @define [
                /// Fields the documentation does not name: kept and sent back on update.
                #[serde(flatten)]
                #[cfg_attr(feature = "specta", specta(skip))]
                pub extra: $crate::de::Extra,
            ]
            $(#[$meta])*
            pub struct $name { $($body)* }
        }

        impl $crate::de::Tolerant for $name {
            fn from_json(value: serde_json::Value) -> Result<Self, String> {
                if value.is_null() {
                    return Ok(Self::default());
                }
                serde_json::from_value(value).map_err(|e| e.to_string())
            }
        }
    };
    (
        id = $id:ident;
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::model! { $(#[$meta])* pub struct $name { $($body)* } }

        impl $crate::Record for $name {
            fn record_id(&self) -> i64 {
                self.$id
            }
        }
    };
}

/// Declares the body of an action (the keys beside `autenticacao` and `acao`): exact keys only,
/// tolerant on the way in so the sandbox can read what any client sends.
#[macro_export]
#[doc(hidden)]
macro_rules! request {
    (
        @define [$($extra:tt)*]
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(default)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(deserialize_with = "crate::de::tolerant")]
                // The tolerant reader accepts more shapes, but the type on the wire is `$ty`.
                #[cfg_attr(feature = "specta", specta(type = $ty))]
                pub $field: $ty,
            )*
            $($extra)*
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::request! { @define [] $(#[$meta])* pub struct $name { $($body)* } }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_accept_strings_nulls_and_integral_floats() {
        assert_eq!(i64::from_json(json!("15")).unwrap(), 15);
        assert_eq!(i64::from_json(json!(" 7 ")).unwrap(), 7);
        assert_eq!(i64::from_json(json!("")).unwrap(), 0);
        assert_eq!(i64::from_json(json!(null)).unwrap(), 0);
        assert_eq!(i64::from_json(json!(3.0)).unwrap(), 3);
        assert_eq!(i64::from_json(json!(true)).unwrap(), 1);
        assert!(i64::from_json(json!("abc")).is_err());
        assert!(i64::from_json(json!(2.5)).is_err());
        assert!(i64::from_json(json!({})).is_err());
    }

    #[test]
    fn floats_accept_decimal_comma() {
        assert_eq!(f64::from_json(json!("0,15")).unwrap(), 0.15);
        assert_eq!(f64::from_json(json!("0.2")).unwrap(), 0.2);
        assert!(f64::from_json(json!("NaN")).is_err());
    }

    #[test]
    fn strings_accept_numbers() {
        assert_eq!(String::from_json(json!(1234)).unwrap(), "1234");
        assert_eq!(String::from_json(json!(null)).unwrap(), "");
        assert!(String::from_json(json!([1])).is_err());
    }

    #[test]
    fn lists_accept_php_objects_and_comma_strings() {
        assert_eq!(Vec::<i64>::from_json(json!([1, "2"])).unwrap(), vec![1, 2]);
        assert_eq!(Vec::<i64>::from_json(json!({"0": 1, "1": 5})).unwrap(), vec![1, 5]);
        assert_eq!(Vec::<i64>::from_json(json!("1, 2,3")).unwrap(), vec![1, 2, 3]);
        assert_eq!(Vec::<i64>::from_json(json!(null)).unwrap(), Vec::<i64>::new());
    }
}
