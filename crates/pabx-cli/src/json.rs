//! Pretty JSON written straight into a byte buffer, passwords masked on the way: the CLI's
//! output for records and answers.
//!
//! The bytes are serde_json's pretty layout (two spaces; the same escapes, numbers and keys),
//! so nothing a script reads changes. It is a serializer of its own rather than a
//! `serde_json::ser::Formatter` because a formatter sees every fragment through an
//! `io::Write` and escapes byte by byte; here a key is written with its indentation in one
//! copy, a text with no character to escape (nearly all of them) in one copy, and a key is
//! compared with the password fields once. That halves the CLI's instructions for a long list.

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};
use serde_json::Error;

use crate::output::{SECRET_FIELDS, SECRET_MASK};

type Result<T = ()> = std::result::Result<T, Error>;

/// Writes `value` as pretty JSON at the end of `out`, as if nested `indent` levels deep (its
/// first line is not indented). With `mask`, the value of a password field ([`SECRET_FIELDS`])
/// is written `"***"` when it is a non-empty text or a number; an empty text stays `""`, so an
/// unset password shows as unset.
pub fn write_pretty<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T, indent: usize, mask: bool) -> Result {
    value.serialize(&mut Json { out, indent, mask, secret: false })
}

struct Json<'a> {
    out: &'a mut Vec<u8>,
    indent: usize,
    mask: bool,
    /// The value about to be written is a password field's.
    secret: bool,
}

/// `,\n` then enough spaces for most depths: a new line is one copy.
const NEWLINE: &[u8; 66] = b",\n                                                                ";

impl Json<'_> {
    /// Starts the next item of an array or object on its own line.
    #[inline]
    fn newline(&mut self, first: bool) {
        const ROOM: usize = NEWLINE.len() - 2;
        let line: &[u8] = if first { &NEWLINE[1..] } else { NEWLINE };
        let spaces = self.indent * 2;
        // `\n` or `,\n`.
        let head = line.len() - ROOM;
        if spaces <= ROOM {
            self.out.extend_from_slice(&line[..head + spaces]);
        } else {
            self.out.extend_from_slice(&line[..head]);
            self.out.resize(self.out.len() + spaces, b' ');
        }
    }

    fn open(&mut self, bracket: u8) {
        // A password field holding an array or object: its contents go by their own keys.
        self.secret = false;
        self.indent += 1;
        self.out.push(bracket);
    }

    fn close(&mut self, bracket: u8, empty: bool) {
        self.indent -= 1;
        if !empty {
            // The line break and indentation, without the comma.
            let spaces = self.indent * 2;
            self.out.push(b'\n');
            self.out.resize(self.out.len() + spaces, b' ');
        }
        self.out.push(bracket);
    }

    /// A scalar is about to be written: whether it is a password to mask (the flag is used up).
    #[inline]
    fn take_secret(&mut self) -> bool {
        std::mem::take(&mut self.secret)
    }

    #[inline]
    fn text(&mut self, text: &str) {
        write_string(self.out, text);
    }

    fn number(&mut self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result {
        if self.take_secret() {
            self.masked();
            return Ok(());
        }
        write(self.out).map_err(Error::io)
    }

    fn masked(&mut self) {
        self.out.extend_from_slice(b"\"");
        self.out.extend_from_slice(SECRET_MASK.as_bytes());
        self.out.extend_from_slice(b"\"");
    }

    /// `{` `"variant": ` for the enum variants serde_json writes as a one-key object.
    fn open_variant(&mut self, variant: &str) {
        self.open(b'{');
        self.newline(true);
        self.key_text(variant);
    }

    /// A key and the `: ` after it; whether the value that follows is a password's.
    #[inline]
    fn key_text(&mut self, key: &str) {
        write_string(self.out, key);
        self.out.push(b':');
        self.out.push(b' ');
        // Lengths first: most keys are told apart without comparing a byte.
        self.secret = self.mask && SECRET_FIELDS.iter().any(|field| field.len() == key.len() && *field == key);
    }
}

/// `text` as a JSON string: the escapes serde_json writes (`\"`, `\\`, `\b \t \n \f \r`, and
/// `\u00XX` for the other control characters), nothing else escaped.
#[inline]
pub fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        let mut start = 0;
        for (index, &byte) in bytes.iter().enumerate() {
            let escape: &[u8] = match byte {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                0x0c => b"\\f",
                b'\r' => b"\\r",
                0x00..=0x1f => b"",
                _ => continue,
            };
            out.extend_from_slice(&bytes[start..index]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]]);
            } else {
                out.extend_from_slice(escape);
            }
            start = index + 1;
        }
        out.extend_from_slice(&bytes[start..]);
    }
    out.push(b'"');
}

/// Whether `bytes` holds a control character, `"` or `\`: eight bytes at a time.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` below `n` (n <= 0x80) sets that byte's high bit.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if below(x, 0x20) | below(x ^ (ONES * u64::from(b'"')), 1) | below(x ^ (ONES * u64::from(b'\\')), 1) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

macro_rules! numbers {
    ($($method:ident: $ty:ty => $write:ident),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result {
            self.number(|out| CompactFormatter.$write(out, value))
        }
    )*};
}

impl<'s, 'a> ser::Serializer for &'s mut Json<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'s, 'a>;
    type SerializeTuple = Compound<'s, 'a>;
    type SerializeTupleStruct = Compound<'s, 'a>;
    type SerializeTupleVariant = Compound<'s, 'a>;
    type SerializeMap = Compound<'s, 'a>;
    type SerializeStruct = Compound<'s, 'a>;
    type SerializeStructVariant = Compound<'s, 'a>;

    numbers!(
        serialize_i8: i8 => write_i8, serialize_i16: i16 => write_i16, serialize_i32: i32 => write_i32,
        serialize_i64: i64 => write_i64, serialize_i128: i128 => write_i128,
        serialize_u8: u8 => write_u8, serialize_u16: u16 => write_u16, serialize_u32: u32 => write_u32,
        serialize_u64: u64 => write_u64, serialize_u128: u128 => write_u128,
    );

    fn serialize_f32(self, value: f32) -> Result {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        self.number(|out| CompactFormatter.write_f32(out, value))
    }

    fn serialize_f64(self, value: f64) -> Result {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        self.number(|out| CompactFormatter.write_f64(out, value))
    }

    fn serialize_bool(self, value: bool) -> Result {
        self.secret = false;
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result {
        self.serialize_str(value.encode_utf8(&mut [0u8; 4]))
    }

    fn serialize_str(self, value: &str) -> Result {
        if self.take_secret() && !value.is_empty() {
            self.masked();
        } else {
            self.text(value);
        }
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result {
        let mut seq = ser::Serializer::serialize_seq(self, Some(value.len()))?;
        for byte in value {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        ser::SerializeSeq::end(seq)
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.secret = false;
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close(b'}', false);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'s, 'a>> {
        self.open(b'[');
        Ok(Compound { json: self, first: true, close: b']', variant: false })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'s, 'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'s, 'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'s, 'a>> {
        self.open_variant(variant);
        self.open(b'[');
        Ok(Compound { json: self, first: true, close: b']', variant: true })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'s, 'a>> {
        self.open(b'{');
        Ok(Compound { json: self, first: true, close: b'}', variant: false })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'s, 'a>> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'s, 'a>> {
        self.open_variant(variant);
        self.open(b'{');
        Ok(Compound { json: self, first: true, close: b'}', variant: true })
    }
}

/// An array or object being written (in an enum variant's one-key object when `variant`).
pub struct Compound<'s, 'a> {
    json: &'s mut Json<'a>,
    first: bool,
    close: u8,
    variant: bool,
}

impl Compound<'_, '_> {
    #[inline]
    fn item(&mut self) {
        self.json.newline(self.first);
        self.first = false;
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.item();
        value.serialize(&mut *self.json)
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.item();
        self.json.key_text(key);
        value.serialize(&mut *self.json)
    }

    fn finish(self) -> Result {
        self.json.close(self.close, self.first);
        if self.variant {
            self.json.close(b'}', false);
        }
        Ok(())
    }
}

/// The array kinds serde has, all written as arrays.
macro_rules! arrays {
    ($($kind:ident::$method:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }

            fn end(self) -> Result {
                self.finish()
            }
        }
    )*};
}

arrays!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    // The key is written with its `: `.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.item();
        key.serialize(Key(&mut *self.json))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.json)
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) -> Result {
        self.item();
        key.serialize(Key(&mut *self.json))?;
        value.serialize(&mut *self.json)
    }

    fn end(self) -> Result {
        self.finish()
    }
}

/// Structs and struct variants, written as objects.
macro_rules! structs {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
                self.field(key, value)
            }

            fn end(self) -> Result {
                self.finish()
            }
        }
    )*};
}

structs!(SerializeStruct, SerializeStructVariant);

/// An object's key: a text, or what serde_json writes as one (numbers, booleans, a char, a
/// unit variant, in quotes); anything else is the error serde_json gives.
struct Key<'s, 'a>(&'s mut Json<'a>);

impl Key<'_, '_> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result {
        self.0.secret = false;
        self.0.out.push(b'"');
        write(self.0.out).map_err(Error::io)?;
        self.0.out.extend_from_slice(b"\": ");
        Ok(())
    }
}

fn not_a_key() -> Error {
    ser::Error::custom("key must be a string")
}

macro_rules! number_keys {
    ($($method:ident: $ty:ty => $write:ident),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result {
            self.quoted(|out| CompactFormatter.$write(out, value))
        }
    )*};
}

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    number_keys!(
        serialize_i8: i8 => write_i8, serialize_i16: i16 => write_i16, serialize_i32: i32 => write_i32,
        serialize_i64: i64 => write_i64, serialize_i128: i128 => write_i128,
        serialize_u8: u8 => write_u8, serialize_u16: u16 => write_u16, serialize_u32: u32 => write_u32,
        serialize_u64: u64 => write_u64, serialize_u128: u128 => write_u128, serialize_bool: bool => write_bool,
    );

    fn serialize_f32(self, value: f32) -> Result {
        if !value.is_finite() {
            return Err(ser::Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        self.quoted(|out| CompactFormatter.write_f32(out, value))
    }

    fn serialize_f64(self, value: f64) -> Result {
        if !value.is_finite() {
            return Err(ser::Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        self.quoted(|out| CompactFormatter.write_f64(out, value))
    }

    fn serialize_char(self, value: char) -> Result {
        self.serialize_str(value.encode_utf8(&mut [0u8; 4]))
    }

    fn serialize_str(self, value: &str) -> Result {
        self.0.key_text(value);
        Ok(())
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result {
        Err(not_a_key())
    }

    fn serialize_none(self) -> Result {
        Err(not_a_key())
    }

    fn serialize_unit(self) -> Result {
        Err(not_a_key())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(not_a_key())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(not_a_key())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_a_key())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(not_a_key())
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct> {
        Err(not_a_key())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_a_key())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(not_a_key())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(not_a_key())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::{json, Value};

    use super::write_pretty;
    use crate::output::mask_secrets;

    fn pretty<T: Serialize + ?Sized>(value: &T, indent: usize, mask: bool) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, value, indent, mask).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// What the CLI printed before: serde_json's pretty text of the masked JSON tree.
    fn reference(value: &Value, mask: bool) -> String {
        let mut value = value.clone();
        if mask {
            mask_secrets(&mut value);
        }
        serde_json::to_string_pretty(&value).unwrap()
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let text = prop_oneof![any::<String>(), "[ -~\\x00-\\x1f\\x7f\"\\\\é€😀]{0,40}", Just(String::new()),];
        let key = prop_oneof![
            Just("senha".to_owned()),
            Just("senha_sip".to_owned()),
            Just("senha_web".to_owned()),
            Just("registro_senha".to_owned()),
            Just("senha_web_extra".to_owned()),
            "[a-z_\"\\\\\\n]{0,16}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text.prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|fields| Value::Object(fields.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_json_is_written_as_serde_json_pretty_prints_it_masked_or_not(value in any_json()) {
            prop_assert_eq!(pretty(&value, 0, false), reference(&value, false));
            let masked = reference(&value, true);
            prop_assert_eq!(pretty(&value, 0, true), masked.clone());
            // Nested: every line after the first two spaces further in.
            prop_assert_eq!(pretty(&value, 1, true), masked.replace('\n', "\n  "));
        }
    }

    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    #[allow(non_camel_case_types)]
    #[derive(Serialize)]
    enum Kind {
        Unit,
        Newtype(i32),
        Tuple(u8, String),
        EmptyTuple(),
        Struct { senha: String, nota: f32 },
        EmptyStruct {},
        senha(String),
    }

    #[derive(Serialize)]
    struct Everything {
        bytes: Bytes,
        no_bytes: Bytes,
        letter: char,
        quote: char,
        small: i8,
        big: i128,
        huge: u128,
        single: f32,
        not_a_number: f64,
        infinite: f32,
        none: Option<i32>,
        some: Option<&'static str>,
        kinds: Vec<Kind>,
        unit: (),
        pair: (i32, &'static str),
        numbered: BTreeMap<i64, bool>,
        flags: BTreeMap<bool, u8>,
        decimals: BTreeMap<String, f64>,
        nothing: Vec<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<i32>,
    }

    fn everything() -> Everything {
        Everything {
            bytes: Bytes(b"\x00\xff"),
            no_bytes: Bytes(b""),
            letter: 'é',
            quote: '"',
            small: -8,
            big: i128::MIN,
            huge: u128::MAX,
            single: 0.1,
            not_a_number: f64::NAN,
            infinite: f32::INFINITY,
            none: None,
            some: Some("x\u{7f}\u{1b}"),
            kinds: vec![
                Kind::Unit,
                Kind::Newtype(3),
                Kind::Tuple(1, "a".into()),
                Kind::EmptyTuple(),
                Kind::Struct { senha: "segredo".into(), nota: 1.5 },
                Kind::EmptyStruct {},
                Kind::senha("oculta".into()),
            ],
            unit: (),
            pair: (-1, "b"),
            numbered: BTreeMap::from([(-2, true), (10, false)]),
            flags: BTreeMap::from([(true, 1)]),
            decimals: BTreeMap::from([("x".into(), 2.5e-10)]),
            nothing: Vec::new(),
            skipped: None,
        }
    }

    #[test]
    fn every_serde_shape_is_written_as_serde_json_writes_it() {
        let value = everything();
        assert_eq!(pretty(&value, 0, false), serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(pretty(&Kind::senha("x".into()), 0, false), serde_json::to_string_pretty(&Kind::senha("x".into())).unwrap());
    }

    #[test]
    fn enum_variants_and_nested_secrets_are_masked_by_their_keys() {
        let kinds = [Kind::Struct { senha: "segredo".into(), nota: 1.5 }, Kind::senha("oculta".into()), Kind::Tuple(1, "senha".into())];
        let text = pretty(&kinds, 0, true);
        assert_eq!(text, reference(&serde_json::to_value(&kinds).unwrap(), true));
        assert!(!text.contains("segredo") && !text.contains("oculta"), "{text}");
        // A password that is a number, a boolean, null, or a list or object.
        let value = json!({"senha": 1234, "senha_sip": true, "senha_web": null, "registro_senha": [{"senha": 5}, "a"], "x": {"senha": ""}});
        assert_eq!(
            pretty(&value, 0, true),
            "{\n  \"senha\": \"***\",\n  \"senha_sip\": true,\n  \"senha_web\": null,\n  \"registro_senha\": [\n    {\n      \"senha\": \"***\"\n    },\n    \"a\"\n  ],\n  \"x\": {\n    \"senha\": \"\"\n  }\n}"
        );
    }

    #[test]
    fn deep_nesting_indents_past_the_prepared_spaces() {
        let mut value = json!("fundo");
        for _ in 0..40 {
            value = json!([value]);
        }
        assert_eq!(pretty(&value, 0, true), reference(&value, true));
        assert_eq!(
            pretty(&json!({"a": [1]}), 40, false),
            serde_json::to_string_pretty(&json!({"a": [1]})).unwrap().replace('\n', &format!("\n{}", " ".repeat(80)))
        );
    }

    #[test]
    fn keys_that_are_not_texts_fail_as_in_serde_json() {
        let map = BTreeMap::from([(vec![1], 2)]);
        assert!(serde_json::to_string_pretty(&map).is_err());
        assert!(write_pretty(&mut Vec::new(), &map, 0, false).is_err());
        let nan = std::collections::HashMap::from([(OrderedNan, 1)]);
        assert!(serde_json::to_string_pretty(&nan).is_err());
        assert!(write_pretty(&mut Vec::new(), &nan, 0, false).is_err());
    }

    #[derive(PartialEq, Eq, Hash)]
    struct OrderedNan;

    impl Serialize for OrderedNan {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_f64(f64::NAN)
        }
    }
}
