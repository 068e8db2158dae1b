//! Tolerant decoding of the platform's JSON, and the shape each field came in.
//!
//! The platform is loose about types: integers arrive as strings (`"15"`), strings as numbers,
//! lists as comma-separated strings, fields go missing or come as `null`. Every model field is
//! read through [`Tolerant`], straight from the parser (no intermediate `Value`), which accepts
//! those forms and falls back to the default; only a value that cannot mean the field's type
//! (an object where a number belongs) is an error. Fields the document does not name are kept
//! in [`Extra`] and written back unchanged.
//!
//! Each record remembers the [`Forma`] of every field that did not come in its documented
//! shape, and is written back to the platform in that shape ([`to_wire`]): a server that
//! sends `"ramal_id": "12"` gets `"12"` on update. Inside the app (the Tauri IPC, the CLI's
//! output) records are written in their typed shape, with those forms under [`FORMA_KEY`], so a
//! record that goes to the webview and back keeps them.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Fields of a record that the documentation does not name, in the order received.
pub type Extra = Map<String, Value>;

/// The key under which a record written for the app carries the forms of its fields.
pub const FORMA_KEY: &str = "_forma";

/// The JSON shape of a field's value on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Forma {
    /// A JSON number: `15`.
    Numero,
    /// A JSON string: `"15"`, `"Recepção"`.
    Texto,
    /// `true` / `false` for a 0/1 flag.
    Booleano,
    /// A JSON array, items in their own shape: `[1, 2]`, `["25/12"]`.
    Lista,
    /// An array of numbers written as strings: `["1", "2"]`.
    ListaTexto,
    /// A list written as one comma-separated string: `"1,2,3"`.
    Virgulas,
    /// An object (a nested record, or any JSON kept as it came).
    Objeto,
}

/// The fields of one record whose form differs from the documented one.
#[derive(Debug, Clone, Default)]
pub struct Formas(Vec<(&'static str, Forma)>);

impl Formas {
    #[inline]
    pub fn get(&self, field: &str) -> Option<Forma> {
        self.0.iter().find(|(name, _)| *name == field).map(|(_, forma)| *forma)
    }

    /// Records `forma` for `field`, or forgets it when it is the documented one.
    #[inline]
    pub fn set(&mut self, field: &'static str, forma: Forma, documented: Forma) {
        // Called for every field decoded: nothing to look through in the usual, empty case.
        if !self.0.is_empty() {
            self.0.retain(|(name, _)| *name != field);
        }
        if forma != documented {
            self.0.push((field, forma));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Forma)> + '_ {
        self.0.iter().copied()
    }
}

/// The wire shape is not data: two records with the same values are equal.
impl PartialEq for Formas {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

/// How records are written by the current thread's serializer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escrita {
    /// For the app: typed values, the forms under [`FORMA_KEY`].
    App,
    /// For the platform: each field in the form it came in (documented form otherwise).
    Plataforma,
    /// Every scalar as a string, lists as lists of strings (as some servers answer).
    TudoTexto,
}

thread_local! {
    static ESCRITA: Cell<Escrita> = const { Cell::new(Escrita::App) };
}

/// The mode records are written in right now.
pub fn escrita() -> Escrita {
    ESCRITA.with(Cell::get)
}

/// Runs `f` with records written in `modo` on this thread (serialization is synchronous, so
/// every record reached by `f`'s serializer sees it), then restores the previous mode.
pub fn com_escrita<R>(modo: Escrita, f: impl FnOnce() -> R) -> R {
    struct Restore(Escrita);
    impl Drop for Restore {
        fn drop(&mut self) {
            ESCRITA.with(|cell| cell.set(self.0));
        }
    }
    let _restore = Restore(ESCRITA.with(|cell| cell.replace(modo)));
    f()
}

/// `value` as the platform gets it: every field in the form it came in.
pub fn to_wire<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Value> {
    com_escrita(Escrita::Plataforma, || serde_json::to_value(value))
}

/// `value` as JSON text in `modo`.
pub fn to_string_in<T: Serialize + ?Sized>(modo: Escrita, value: &T) -> serde_json::Result<String> {
    com_escrita(modo, || serde_json::to_string(value))
}

/// A type that can be read from any JSON shape the platform is known to send for it, and
/// written back in the shape it came in.
pub trait Tolerant: Sized {
    /// The type's shape in the app's JSON (and its documented one, unless the field says).
    const SHAPE: Forma;

    /// The value and the form it came in.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error>;

    /// Writes the value in `forma` (one that [`Tolerant::read`] returns for this type; any
    /// other writes [`Tolerant::SHAPE`]).
    fn write<S: Serializer>(&self, forma: Forma, serializer: S) -> Result<S::Ok, S::Error>;

    /// Writes every scalar inside as a string.
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// One item of a comma-separated list, as text.
    fn item_text(&self) -> String;

    /// Reads a value already parsed.
    fn from_json(value: Value) -> Result<Self, String> {
        Self::read(value).map(|(value, _)| value).map_err(|e| e.to_string())
    }
}

/// serde `deserialize_with` entry point for the fields of request bodies.
pub fn tolerant<'de, D: Deserializer<'de>, T: Tolerant>(deserializer: D) -> Result<T, D::Error> {
    T::read(deserializer).map(|(value, _)| value)
}

/// A [`Tolerant`] read as a serde seed (for map values and list items).
pub struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Tolerant> DeserializeSeed<'de> for Seed<T> {
    type Value = (T, Forma);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::read(deserializer)
    }
}

/// A field being written: its value, the form to use and the current mode.
pub struct Field<'a, T>(pub &'a T, pub Forma, pub Escrita);

impl<T: Tolerant> Serialize for Field<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.2 {
            Escrita::TudoTexto => self.0.write_text(serializer),
            _ => self.0.write(self.1, serializer),
        }
    }
}

/// A kept unknown value, as strings in [`Escrita::TudoTexto`].
pub struct ExtraValue<'a>(pub &'a Value, pub Escrita);

impl Serialize for ExtraValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Escrita::TudoTexto => self.0.write_text(serializer),
            _ => self.0.serialize(serializer),
        }
    }
}

/// Integer fields: numbers, integral floats, numeric strings, booleans; null and "" are 0.
struct IntVisitor;

const INT_EXPECTED: &str = "número inteiro esperado";

impl<'de> Visitor<'de> for IntVisitor {
    type Value = (i64, Forma);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("um número inteiro")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok((v, Forma::Numero))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v).map(|v| (v, Forma::Numero)).map_err(|_| E::custom(format!("{INT_EXPECTED}, recebido {v}")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok((v as i64, Forma::Numero))
        } else {
            Err(E::custom(format!("{INT_EXPECTED}, recebido {v}")))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok((0, Forma::Texto));
        }
        t.parse::<i64>().map(|n| (n, Forma::Texto)).map_err(|_| E::custom(format!("{INT_EXPECTED}, recebido {}", quote(t))))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok((i64::from(v), Forma::Booleano))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((0, Forma::Numero))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((0, Forma::Numero))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(format!("{INT_EXPECTED}, recebido lista")))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(format!("{INT_EXPECTED}, recebido objeto")))
    }
}

impl Tolerant for i64 {
    const SHAPE: Forma = Forma::Numero;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error> {
        deserializer.deserialize_any(IntVisitor)
    }
    fn write<S: Serializer>(&self, forma: Forma, serializer: S) -> Result<S::Ok, S::Error> {
        match forma {
            Forma::Texto => serializer.collect_str(self),
            Forma::Booleano if *self == 0 || *self == 1 => serializer.serialize_bool(*self == 1),
            _ => serializer.serialize_i64(*self),
        }
    }
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
    fn item_text(&self) -> String {
        self.to_string()
    }
}

/// Decimal fields: numbers, numeric strings with a dot or a decimal comma.
struct FloatVisitor;

impl<'de> Visitor<'de> for FloatVisitor {
    type Value = (f64, Forma);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("um número")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok((v as f64, Forma::Numero))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok((v as f64, Forma::Numero))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok((v, Forma::Numero))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok((0.0, Forma::Texto));
        }
        // Brazilian servers may write a decimal comma.
        t.replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|f| (f, Forma::Texto))
            .ok_or_else(|| E::custom(format!("número esperado, recebido {}", quote(t))))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok((f64::from(u8::from(v)), Forma::Booleano))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((0.0, Forma::Numero))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((0.0, Forma::Numero))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom("número esperado, recebido lista"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom("número esperado, recebido objeto"))
    }
}

impl Tolerant for f64 {
    const SHAPE: Forma = Forma::Numero;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
    fn write<S: Serializer>(&self, forma: Forma, serializer: S) -> Result<S::Ok, S::Error> {
        match forma {
            Forma::Texto => serializer.collect_str(self),
            _ => serializer.serialize_f64(*self),
        }
    }
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
    fn item_text(&self) -> String {
        self.to_string()
    }
}

/// Text fields: strings, numbers (kept as written), booleans as "1"/"0"; null is "".
struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = (String, Forma);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("um texto")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((v.to_owned(), Forma::Texto))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok((v, Forma::Texto))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok((v.to_string(), Forma::Numero))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok((v.to_string(), Forma::Numero))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok((serde_json::Number::from_f64(v).map(|n| n.to_string()).unwrap_or_default(), Forma::Numero))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok((if v { "1" } else { "0" }.to_owned(), Forma::Booleano))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((String::new(), Forma::Texto))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((String::new(), Forma::Texto))
    }
    // Some servers send a ramal's `encaminhamento_destino` as a list of texts: read as one text,
    // items joined by commas, written back as the list.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items: Vec<String> = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            match item {
                Value::String(text) => items.push(text),
                Value::Number(n) => items.push(n.to_string()),
                Value::Null => {}
                _ => return Err(de::Error::custom("texto esperado, recebido lista de objetos")),
            }
        }
        Ok((items.join(","), Forma::Lista))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom("texto esperado, recebido objeto"))
    }
}

impl Tolerant for String {
    const SHAPE: Forma = Forma::Texto;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error> {
        deserializer.deserialize_any(StringVisitor)
    }
    fn write<S: Serializer>(&self, forma: Forma, serializer: S) -> Result<S::Ok, S::Error> {
        match forma {
            // Back as a number only while the text still is one.
            Forma::Numero => {
                if let Ok(n) = self.parse::<i64>() {
                    return serializer.serialize_i64(n);
                }
                match self.parse::<f64>() {
                    Ok(f) if f.is_finite() && !self.trim().is_empty() => serializer.serialize_f64(f),
                    _ => serializer.serialize_str(self),
                }
            }
            Forma::Booleano if self == "1" || self == "0" => serializer.serialize_bool(self == "1"),
            Forma::Lista => serializer.collect_seq(self.split(',').map(str::trim).filter(|item| !item.is_empty())),
            _ => serializer.serialize_str(self),
        }
    }
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
    fn item_text(&self) -> String {
        self.clone()
    }
}

impl<T: Tolerant> Tolerant for Option<T> {
    const SHAPE: Forma = T::SHAPE;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);
        impl<'de, T: Tolerant> Visitor<'de> for OptionVisitor<T> {
            type Value = (Option<T>, Forma);
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("um valor ou null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok((None, T::SHAPE))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok((None, T::SHAPE))
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
                T::read(deserializer).map(|(value, forma)| (Some(value), forma))
            }
        }
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
    fn write<S: Serializer>(&self, forma: Forma, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write(forma, serializer),
            None => serializer.serialize_none(),
        }
    }
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write_text(serializer),
            None => serializer.serialize_none(),
        }
    }
    fn item_text(&self) -> String {
        self.as_ref().map(Tolerant::item_text).unwrap_or_default()
    }
}

/// Lists: arrays, PHP object-lists (`{"0": .., "1": ..}`), comma-separated strings; null is empty.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Tolerant> Visitor<'de> for ListVisitor<T> {
    type Value = (Vec<T>, Forma);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("uma lista")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut forma = Forma::Lista;
        while let Some((item, item_forma)) = seq.next_element_seed(Seed::<T>::new())? {
            if items.is_empty() && T::SHAPE == Forma::Numero && item_forma == Forma::Texto {
                forma = Forma::ListaTexto;
            }
            items.push(item);
        }
        Ok((items, forma))
    }
    // PHP encodes a list with gaps as an object keyed "0", "1", ...
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some((_, (item, _))) = map.next_entry_seed(PhantomData::<de::IgnoredAny>, Seed::<T>::new())? {
            items.push(item);
        }
        Ok((items, Forma::Lista))
    }
    // Weekday and holiday lists are sometimes sent as "1,2,3".
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let items = v
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| T::read(de::value::StrDeserializer::<E>::new(part)).map(|(item, _)| item))
            .collect::<Result<Vec<T>, E>>()?;
        Ok((items, Forma::Virgulas))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((Vec::new(), Forma::Lista))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((Vec::new(), Forma::Lista))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(E::custom("lista esperada, recebido número"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(E::custom("lista esperada, recebido número"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::custom("lista esperada, recebido número"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(E::custom("lista esperada, recebido booleano"))
    }
}

impl<T: Tolerant> Tolerant for Vec<T> {
    const SHAPE: Forma = Forma::Lista;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
    fn write<S: Serializer>(&self, forma: Forma, serializer: S) -> Result<S::Ok, S::Error> {
        match forma {
            Forma::Virgulas => serializer.collect_str(&self.iter().map(Tolerant::item_text).collect::<Vec<_>>().join(",")),
            _ => {
                let item_forma = if forma == Forma::ListaTexto { Forma::Texto } else { T::SHAPE };
                let mut seq = serializer.serialize_seq(Some(self.len()))?;
                for item in self {
                    seq.serialize_element(&Field(item, item_forma, Escrita::Plataforma))?;
                }
                seq.end()
            }
        }
    }
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Field(item, T::SHAPE, Escrita::TudoTexto))?;
        }
        seq.end()
    }
    fn item_text(&self) -> String {
        self.iter().map(Tolerant::item_text).collect::<Vec<_>>().join(",")
    }
}

impl Tolerant for Value {
    const SHAPE: Forma = Forma::Objeto;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(Self, Forma), D::Error> {
        Value::deserialize(deserializer).map(|value| (value, Forma::Objeto))
    }
    fn write<S: Serializer>(&self, _: Forma, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
    fn write_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(n) => serializer.collect_str(n),
            Value::Bool(b) => serializer.serialize_str(if *b { "1" } else { "0" }),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&ExtraValue(item, Escrita::TudoTexto))?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    out.serialize_entry(key, &ExtraValue(value, Escrita::TudoTexto))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
    fn item_text(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// A map key, borrowed from the input when it has no escapes.
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("o nome de um campo")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The key in [`Formas`] (and `_forma`) for the form of the record itself: [`Forma::Texto`] when
/// it came as one text (see `model!`'s `text = campo;`).
pub const RECORD_KEY: &str = "_registro";

/// Reads the forms a record written for the app carries (unknown names and forms are ignored).
pub fn read_formas(value: Value, fields: &[&'static str]) -> Vec<(&'static str, Forma)> {
    let Value::Object(map) = value else { return Vec::new() };
    map.into_iter()
        .filter_map(|(name, forma)| {
            let field = if name == RECORD_KEY { RECORD_KEY } else { fields.iter().find(|f| **f == name)? };
            Some((field, serde_json::from_value::<Forma>(forma).ok()?))
        })
        .collect()
}

/// The error for a record that came as something else than an object.
pub fn not_a_record<E: de::Error>(received: &str) -> E {
    E::custom(format!("objeto esperado, recebido {received}"))
}

/// Writes the `_forma` map of a record for the app: each field whose wire form is not the
/// shape the app sees.
pub struct FormasApp<'a>(pub &'a [(&'static str, Forma)]);

impl Serialize for FormasApp<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, forma) in self.0 {
            map.serialize_entry(name, forma)?;
        }
        map.end()
    }
}

/// Where `written` does not keep `original`'s shape: every key of `original` must be in
/// `written` (recursively) with the same JSON value, so `"12"` and `12` differ; keys only in
/// `written` are not reported. Used to check that records go back as they came.
pub fn shape_differences(original: &Value, written: &Value) -> Vec<String> {
    fn walk(path: &str, original: &Value, written: &Value, out: &mut Vec<String>) {
        match (original, written) {
            (Value::Object(o), Value::Object(w)) => {
                for (key, value) in o {
                    match w.get(key) {
                        Some(other) => walk(&format!("{path}.{key}"), value, other, out),
                        None => out.push(format!("{path}.{key}: ausente")),
                    }
                }
            }
            (Value::Array(o), Value::Array(w)) if o.len() == w.len() => {
                for (index, (x, y)) in o.iter().zip(w).enumerate() {
                    walk(&format!("{path}[{index}]"), x, y, out);
                }
            }
            _ if original != written => out.push(format!("{path}: veio {original}, sai {written}")),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", original, written, &mut out);
    out
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

/// The documented form of a field: its type's shape, or the one the field names (`= Virgulas`).
#[macro_export]
#[doc(hidden)]
macro_rules! __documented {
    ($ty:ty) => {
        <$ty as $crate::de::Tolerant>::SHAPE
    };
    ($ty:ty, $doc:ident) => {
        $crate::de::Forma::$doc
    };
}

/// `Some("campo")` for `model!`'s `text = campo;`, else `None`.
#[macro_export]
#[doc(hidden)]
macro_rules! __text_field {
    () => {
        None
    };
    ($text:ident) => {
        Some(stringify!($text))
    };
}

/// Declares a record of the API: every field tolerant and defaulted, unknown fields kept, the
/// form of each field remembered (see the module doc). A field documented in another shape
/// than its type's says so: `pub feriados: Vec<String> = Virgulas`.
///
/// `model! { id = ramal_id; pub struct Ramal { pub ramal_id: i64, ... } }` also implements
/// [`crate::Record`] with that id field, used by paging to recognise records already seen;
/// `model! { text = campo; pub struct ... }` reads a record sent as one text into that field.
#[macro_export]
#[doc(hidden)]
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::model! { @text [] $(#[$meta])* pub struct $name { $($body)* } }
    };
    (
        text = $text:ident;
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::model! { @text [$text] $(#[$meta])* pub struct $name { $($body)* } }
    };
    (
        @text [$($text:ident)?]
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty $(= $doc:ident)? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub struct $name {
            $(
                $(#[$field_meta])*
                // The tolerant reader accepts more shapes, but the type in the app is `$ty`;
                // required there, since `Serialize` below always writes every documented field.
                #[cfg_attr(feature = "specta", specta(type = $ty))]
                pub $field: $ty,
            )*
            /// Fields the documentation does not name: kept and sent back on update.
            #[cfg_attr(feature = "specta", specta(skip))]
            pub extra: $crate::de::Extra,
            /// The form each field came in, when not its documented one.
            #[cfg_attr(feature = "specta", specta(skip))]
            pub formas: $crate::de::Formas,
        }

        impl $name {
            /// The documented fields, in the document's order.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The field a record sent as one text fills (`text = campo;`), if any.
            const TEXT_FIELD: Option<&'static str> = $crate::__text_field!($($text)?);

            /// The documented form of `field` ([`Forma::Objeto`](crate::de::Forma) when unknown).
            pub fn documented_forma(field: &str) -> $crate::de::Forma {
                match field {
                    $( stringify!($field) => $crate::__documented!($ty $(, $doc)?), )*
                    _ => $crate::de::Forma::Objeto,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                use $crate::de::{Escrita, Forma, Tolerant};
                let mode = $crate::de::escrita();
                let came_as_text = self.formas.get($crate::de::RECORD_KEY) == Some(Forma::Texto);
                if mode != Escrita::App && came_as_text {
                    $(
                        if $name::TEXT_FIELD == Some(stringify!($field)) {
                            // Nothing but that text set since: back as the text it came as.
                            let only = $name { $field: self.$field.clone(), extra: self.extra.clone(), ..$name::default() };
                            if &only == self {
                                return serde::Serialize::serialize(&$crate::de::Field(&self.$field, Forma::Texto, mode), serializer);
                            }
                        }
                    )*
                }
                let mut map = serializer.serialize_map(None)?;
                // Forms the app must carry: where the wire form is not the typed shape.
                let mut app: Vec<(&'static str, Forma)> = Vec::new();
                if mode == Escrita::App && came_as_text {
                    app.push(($crate::de::RECORD_KEY, Forma::Texto));
                }
                $(
                    let wire = self.formas.get(stringify!($field)).unwrap_or($crate::__documented!($ty $(, $doc)?));
                    let shape = <$ty as Tolerant>::SHAPE;
                    let forma = if mode == Escrita::App { shape } else { wire };
                    if mode == Escrita::App && wire != shape {
                        app.push((stringify!($field), wire));
                    }
                    map.serialize_entry(stringify!($field), &$crate::de::Field(&self.$field, forma, mode))?;
                )*
                for (key, value) in &self.extra {
                    if key != $crate::de::FORMA_KEY {
                        map.serialize_entry(key, &$crate::de::ExtraValue(value, mode))?;
                    }
                }
                if !app.is_empty() {
                    map.serialize_entry($crate::de::FORMA_KEY, &$crate::de::FormasApp(&app))?;
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RecordVisitor;
                impl<'de> serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("um objeto")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut record = $name::default();
                        let mut app_formas = None;
                        while let Some(key) = map.next_key::<$crate::de::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    stringify!($field) => {
                                        let (value, forma) = map.next_value_seed($crate::de::Seed::<$ty>::new())?;
                                        record.$field = value;
                                        record.formas.set(stringify!($field), forma, $crate::__documented!($ty $(, $doc)?));
                                    }
                                )*
                                $crate::de::FORMA_KEY => app_formas = Some(map.next_value::<serde_json::Value>()?),
                                _ => {
                                    let value = map.next_value::<serde_json::Value>()?;
                                    record.extra.insert(key.into_string(), value);
                                }
                            }
                        }
                        // A record written for the app says which forms its typed values stand for.
                        if let Some(formas) = app_formas {
                            for (field, forma) in $crate::de::read_formas(formas, $name::FIELDS) {
                                record.formas.set(field, forma, $name::documented_forma(field));
                            }
                        }
                        Ok(record)
                    }

                    fn visit_unit<E: serde::de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }

                    fn visit_none<E: serde::de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }

                    // PHP writes an empty object as `[]`.
                    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<$name, A::Error> {
                        match seq.next_element::<serde::de::IgnoredAny>()? {
                            None => Ok($name::default()),
                            Some(_) => Err($crate::de::not_a_record("lista")),
                        }
                    }

                    // Some clients type a slot of a list as its text alone (`"1002"`).
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        if v.trim().is_empty() {
                            return Ok($name::default());
                        }
                        $(
                            if $name::TEXT_FIELD == Some(stringify!($field)) {
                                let deserializer = serde::de::value::StrDeserializer::<E>::new(v);
                                let (value, _) = <$ty as $crate::de::Tolerant>::read(deserializer)?;
                                let mut record = $name::default();
                                record.$field = value;
                                record.formas.set($crate::de::RECORD_KEY, $crate::de::Forma::Texto, $crate::de::Forma::Objeto);
                                return Ok(record);
                            }
                        )*
                        Err($crate::de::not_a_record("texto"))
                    }

                    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<$name, E> {
                        Err($crate::de::not_a_record("número"))
                    }

                    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<$name, E> {
                        Err($crate::de::not_a_record("número"))
                    }

                    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<$name, E> {
                        Err($crate::de::not_a_record("número"))
                    }

                    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<$name, E> {
                        Err($crate::de::not_a_record("booleano"))
                    }
                }
                deserializer.deserialize_any(RecordVisitor)
            }
        }

        impl $crate::de::Tolerant for $name {
            const SHAPE: $crate::de::Forma = $crate::de::Forma::Objeto;

            fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<(Self, $crate::de::Forma), D::Error> {
                <Self as serde::Deserialize>::deserialize(deserializer).map(|record| (record, $crate::de::Forma::Objeto))
            }

            // A record writes itself in the thread's mode (see `com_escrita`).
            fn write<S: serde::Serializer>(&self, _: $crate::de::Forma, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(self, serializer)
            }

            fn write_text<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(self, serializer)
            }

            fn item_text(&self) -> String {
                serde_json::to_string(self).unwrap_or_default()
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
        }
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
        assert!(String::from_json(json!([{"tipo": 1}])).is_err());
    }

    #[test]
    fn forwarding_slots_sent_as_texts_go_back_as_texts_until_edited() {
        use crate::ramal::{DestinoEncaminhamento, Encaminhamento};
        let wire = json!({"encaminhamento_tipo": "1", "encaminhamento_destino": ["1002"], "encaminhamento_destinos": ["1003", "1004"]});
        let regra: Encaminhamento = serde_json::from_value(wire.clone()).unwrap();
        let slot = |tipo, destino: &str| DestinoEncaminhamento {
            encaminhamento_tipo: tipo,
            encaminhamento_destino: destino.into(),
            ..Default::default()
        };
        assert_eq!(regra.encaminhamento_destinos, [slot(0, "1003"), slot(0, "1004")]);
        assert_eq!(
            to_wire(&regra).unwrap(),
            json!({"encaminhamento_tipo": "1", "encaminhamento_destino": ["1002"], "encaminhamento_destinos": ["1003", "1004"]})
        );
        let app = serde_json::to_value(&regra).unwrap();
        assert_eq!(app["encaminhamento_destinos"][0]["_forma"], json!({"_registro": "texto"}));
        let mut back: Encaminhamento = serde_json::from_value(app).unwrap();
        assert_eq!(to_wire(&back).unwrap()["encaminhamento_destinos"], json!(["1003", "1004"]));
        // A slot given a kind goes out whole, as an object.
        back.encaminhamento_destinos[1].encaminhamento_tipo = 8;
        assert_eq!(
            to_wire(&back).unwrap()["encaminhamento_destinos"][1],
            json!({"encaminhamento_tipo": 8, "encaminhamento_destino": "1004"})
        );
        // A record without a text field still refuses a text.
        assert!(serde_json::from_value::<Encaminhamento>(json!("1002")).is_err());
    }

    #[test]
    fn a_text_sent_as_a_list_goes_back_as_the_list() {
        assert_eq!(read::<String>(json!(["1002", 1003])), ("1002,1003".to_owned(), Forma::Lista));
        let wire = |text: &str| {
            com_escrita(Escrita::Plataforma, || serde_json::to_value(Field(&text.to_owned(), Forma::Lista, Escrita::Plataforma)))
        };
        assert_eq!(wire("1002,1003").unwrap(), json!(["1002", "1003"]));
        assert_eq!(wire("").unwrap(), json!([]));
    }

    fn read<T: Tolerant>(value: Value) -> (T, Forma) {
        T::read(value).unwrap()
    }

    #[test]
    fn each_read_says_the_form_it_came_in() {
        assert_eq!(read::<i64>(json!("15")), (15, Forma::Texto));
        assert_eq!(read::<i64>(json!(15)), (15, Forma::Numero));
        assert_eq!(read::<i64>(json!(true)), (1, Forma::Booleano));
        assert_eq!(read::<String>(json!(1001)), ("1001".to_owned(), Forma::Numero));
        assert_eq!(read::<Vec<i64>>(json!(["1", "2"])), (vec![1, 2], Forma::ListaTexto));
        assert_eq!(read::<Vec<i64>>(json!("1,2")), (vec![1, 2], Forma::Virgulas));
        assert_eq!(read::<Vec<String>>(json!(["25/12"])), (vec!["25/12".to_owned()], Forma::Lista));
        assert_eq!(read::<Option<i64>>(json!("3")), (Some(3), Forma::Texto));
    }

    #[test]
    fn records_go_back_as_they_came_and_carry_their_forms_through_the_app() {
        use crate::did::Did;
        let wire = json!({"did_id": "12", "numero": 1130042000, "gravar_chamadas": true,
            "horario_funcionamento_dias_semana": ["1", "2"], "horario_funcionamento_lista_feriados": ["25/12"],
            "fluxo": {"id": "4"}});
        let did: Did = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!((did.did_id, did.numero.as_str(), did.gravar_chamadas), (12, "1130042000", 1));
        assert!(shape_differences(&wire, &to_wire(&did).unwrap()).is_empty(), "{}", to_wire(&did).unwrap());
        // The app sees typed values and the forms; sent back from the app, the record keeps them.
        let app = serde_json::to_value(&did).unwrap();
        assert_eq!((app["did_id"].clone(), app["_forma"]["did_id"].clone()), (json!(12), json!("texto")));
        let back: Did = serde_json::from_value(app).unwrap();
        assert!(shape_differences(&wire, &to_wire(&back).unwrap()).is_empty());
        // The holidays' documented form is one string: a record built in code sends one; a list
        // with no form said goes out as the list it is.
        let fresh: Did = serde_json::from_value(json!({"horario_funcionamento_lista_feriados": ["01/01", "25/12"], "_forma": {}})).unwrap();
        assert_eq!(to_wire(&fresh).unwrap()["horario_funcionamento_lista_feriados"], json!(["01/01", "25/12"]));
        let documented = Did { horario_funcionamento_lista_feriados: vec!["01/01".into(), "25/12".into()], ..Did::default() };
        assert_eq!(to_wire(&documented).unwrap()["horario_funcionamento_lista_feriados"], "01/01,25/12");
        let app = serde_json::to_value(&documented).unwrap();
        assert_eq!(app["_forma"]["horario_funcionamento_lista_feriados"], "virgulas");
        let back: Did = serde_json::from_value(app).unwrap();
        assert_eq!(to_wire(&back).unwrap()["horario_funcionamento_lista_feriados"], "01/01,25/12");
        // All strings: scalars as strings, lists as lists of strings, unknown keys too.
        let text: Value = serde_json::from_str(&to_string_in(Escrita::TudoTexto, &did).unwrap()).unwrap();
        assert_eq!((text["did_id"].clone(), text["numero"].clone()), (json!("12"), json!("1130042000")));
        assert_eq!(text["horario_funcionamento_dias_semana"], json!(["1", "2"]));
        assert_eq!(text["horario_funcionamento_lista_feriados"], json!(["25/12"]));
        assert_eq!(text["fluxo"], json!({"id": "4"}));
    }

    #[test]
    fn records_read_php_empty_objects_and_refuse_scalars() {
        use crate::ramal::Encaminhamento;
        assert_eq!(serde_json::from_value::<Encaminhamento>(json!([])).unwrap(), Encaminhamento::default());
        assert_eq!(serde_json::from_value::<Encaminhamento>(json!(null)).unwrap(), Encaminhamento::default());
        let error = serde_json::from_value::<Encaminhamento>(json!(3)).unwrap_err().to_string();
        assert!(error.contains("objeto esperado, recebido número"), "{error}");
    }

    #[test]
    fn lists_accept_php_objects_and_comma_strings() {
        assert_eq!(Vec::<i64>::from_json(json!([1, "2"])).unwrap(), vec![1, 2]);
        assert_eq!(Vec::<i64>::from_json(json!({"0": 1, "1": 5})).unwrap(), vec![1, 5]);
        assert_eq!(Vec::<i64>::from_json(json!("1, 2,3")).unwrap(), vec![1, 2, 3]);
        assert_eq!(Vec::<i64>::from_json(json!(null)).unwrap(), Vec::<i64>::new());
    }
}
