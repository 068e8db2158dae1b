//! The response envelope (not in the vendor's document; known from public client code):
//! `http_response_code` in the body is the outcome, `mensagem` its text, `dados` the records.

use serde_json::Value;

use crate::credentials_free_excerpt;
use crate::error::{Error, FieldError, Result};

model! {
    /// Every answer of the platform.
    pub struct Envelope {
        pub http_response_code: i64,
        pub mensagem: String,
        pub qtd_total_resultados: Option<i64>,
        pub qtd_resultados_retornados: Option<i64>,
        pub dados: serde_json::Value,
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub records: Vec<T>,
    /// `qtd_total_resultados`, when the server sends it.
    pub total: Option<u64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self { records: Vec::new(), total: None }
    }
}

impl Envelope {
    /// Records in `dados`: an array, a PHP object keyed "0", "1"..., or one object.
    pub fn records(&self) -> Vec<Value> {
        match &self.dados {
            Value::Array(items) => items.clone(),
            Value::Object(map) if !map.is_empty() && map.keys().all(|k| k.parse::<u64>().is_ok()) => map.values().cloned().collect(),
            Value::Object(map) if !map.is_empty() => vec![Value::Object(map.clone())],
            _ => Vec::new(),
        }
    }

    /// Decodes `dados` as a list of records, consuming the envelope so no record is copied.
    /// A record that fails is quoted in the error: use [`Envelope::page_redacted`] when the
    /// body may hold a secret.
    pub fn page<T: serde::de::DeserializeOwned>(self) -> Result<Page<T>> {
        self.page_redacted(&|text| text.to_owned())
    }

    /// [`Envelope::page`], with `redact` applied to the decoder's text before it is cut, so no
    /// piece of a secret survives in the excerpt.
    pub fn page_redacted<T: serde::de::DeserializeOwned>(self, redact: &dyn Fn(&str) -> String) -> Result<Page<T>> {
        let total = self.qtd_total_resultados.and_then(|t| u64::try_from(t).ok());
        let values: Vec<Value> = match self.dados {
            Value::Array(items) => items,
            Value::Object(map) if !map.is_empty() && map.keys().all(|k| k.parse::<u64>().is_ok()) => {
                map.into_iter().map(|(_, v)| v).collect()
            }
            Value::Object(map) if !map.is_empty() => vec![Value::Object(map)],
            _ => Vec::new(),
        };
        let records = values
            .into_iter()
            .enumerate()
            .map(|(index, value)| {
                let id = redact(&record_label(&value));
                serde_json::from_value::<T>(value).map_err(|e| Error::MalformedResponse {
                    status: 200,
                    // Longer than the usual excerpt: the decoder's text names the expected type.
                    // Redact first: a token cut in half by the excerpt would escape redaction.
                    excerpt: format!("registro {}{id}: {}", index + 1, crate::de::excerpt_long(&redact(&e.to_string()))),
                })
            })
            .collect::<Result<Vec<T>>>()?;
        Ok(Page { records, total })
    }
}

/// One page of records from an HTTP answer, the same records and errors as [`interpret`] then
/// [`Envelope::page_redacted`], read in one pass: a success whose `dados` is a JSON array goes
/// from the bytes straight into the typed records (no `Value` tree for the page, no copy).
/// Anything else (an error code, a PHP object-list, a record that does not decode) takes the
/// general path, which names the record that failed.
pub fn decode_page<T: serde::de::DeserializeOwned>(status: u16, body: &[u8], redact: &dyn Fn(&str) -> String) -> Result<Page<T>> {
    // UTF-8 checked once for the whole body, not once per key and per text (about a third of
    // the decode); a body that is not UTF-8 is the general path's to report.
    let fast = std::str::from_utf8(body).ok().and_then(|text| {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde::de::DeserializeSeed::deserialize(PageSeed::<T>(std::marker::PhantomData), &mut deserializer)
            .ok()
            .filter(|_| deserializer.end().is_ok())
    });
    if let Some(FastPage { code, total, records: Some(records) }) = fast {
        if (200..=299).contains(&code.unwrap_or(i64::from(status))) {
            return Ok(Page { records, total: total.and_then(|t| u64::try_from(t).ok()) });
        }
    }
    interpret(status, body, redact)?.page_redacted(redact)
}

/// What the one-pass read found; `records` is None when `dados` was not an array.
struct FastPage<T> {
    code: Option<i64>,
    total: Option<i64>,
    records: Option<Vec<T>>,
}

struct PageSeed<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::de::DeserializeOwned> serde::de::DeserializeSeed<'de> for PageSeed<T> {
    type Value = FastPage<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for PageSeed<T> {
    type Value = FastPage<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("o envelope de uma página")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        use crate::de::{Key, Seed};
        let mut page = FastPage { code: None, total: None, records: Some(Vec::new()) };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "http_response_code" => page.code = Some(map.next_value_seed(Seed::<i64>::new())?.0),
                "qtd_total_resultados" => page.total = map.next_value_seed(Seed::<Option<i64>>::new())?.0,
                "dados" => page.records = map.next_value_seed(Dados::<T>(std::marker::PhantomData))?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// `dados`: an array of records, nothing (no records), or anything else (None: the general path).
struct Dados<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::de::DeserializeOwned> serde::de::DeserializeSeed<'de> for Dados<T> {
    type Value = Option<Vec<T>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for Dados<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a lista de registros")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
        let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(crate::paging::MAX_PAGE_SIZE as usize));
        while let Some(record) = seq.next_element::<T>()? {
            records.push(record);
        }
        Ok(Some(records))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }

    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<Self::Value, E> {
        Ok(Some(Vec::new()))
    }
}

/// ` (ramal_id 12)`: the first `*_id` of a raw record, to point at the record that failed.
fn record_label(value: &Value) -> String {
    value
        .as_object()
        .and_then(|map| map.iter().find(|(key, v)| key.ends_with("_id") && !v.is_null()))
        .map(|(key, v)| format!(" ({key} {v})"))
        .unwrap_or_default()
}

/// Turns an HTTP answer into an envelope or the error it reports. A 404 is returned as
/// [`Error::NotFound`]; list calls read it as an empty list.
pub fn interpret(status: u16, body: &[u8], redact: &dyn Fn(&str) -> String) -> Result<Envelope> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let envelope = match parsed {
        Some(Value::Object(map)) => {
            let had_code = map.contains_key("http_response_code");
            let mut envelope: Envelope = serde_json::from_value(Value::Object(map))
                .map_err(|e| Error::MalformedResponse { status, excerpt: crate::de::excerpt(&redact(&e.to_string())) })?;
            if !had_code {
                envelope.http_response_code = i64::from(status);
            }
            envelope
        }
        _ => {
            // Not the platform's JSON: judge by the HTTP status alone.
            let excerpt = credentials_free_excerpt(body, redact);
            return Err(match status {
                401 | 403 => Error::Unauthorized { mensagem: String::new() },
                // 429 "too many requests" is the server saying "later", like a 503.
                429 | 500..=599 => Error::Server { code: i64::from(status), mensagem: excerpt },
                _ => Error::MalformedResponse { status, excerpt },
            });
        }
    };
    if (200..=299).contains(&envelope.http_response_code) {
        return Ok(envelope);
    }
    // A server may echo the request (token included) in its error text.
    let mensagem = redact(&envelope.mensagem);
    match envelope.http_response_code {
        400 | 422 => {
            let fields = field_errors(&envelope.dados).into_iter().map(|f| FieldError::new(redact(&f.field), redact(&f.message))).collect();
            Err(Error::Validation { mensagem, fields })
        }
        401 | 403 => Err(Error::Unauthorized { mensagem }),
        404 => Err(Error::NotFound { mensagem }),
        code => Err(Error::Server { code, mensagem }),
    }
}

/// A 400 may carry `dados: {"campo": "mensagem"}` or `dados: [{"field", "message"}]`.
fn field_errors(dados: &Value) -> Vec<FieldError> {
    match dados {
        Value::Object(map) => map.iter().filter_map(|(field, message)| message.as_str().map(|m| FieldError::new(field, m))).collect(),
        Value::Array(items) => items.iter().filter_map(|item| serde_json::from_value(item.clone()).ok()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn run(status: u16, body: &str) -> Result<Envelope> {
        interpret(status, body.as_bytes(), &|s| s.replace("SECRET", "***"))
    }

    #[test]
    fn ok_envelope_with_string_numbers() {
        let env = run(200, r#"{"http_response_code":"200","mensagem":"ok","qtd_total_resultados":"57","dados":[{"a":1}]}"#).unwrap();
        assert_eq!(env.qtd_total_resultados, Some(57));
        assert_eq!(env.records().len(), 1);
    }

    #[test]
    fn body_code_wins_over_http_status() {
        let e = run(200, r#"{"http_response_code":401,"mensagem":"Token inválido"}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        let e = run(200, r#"{"http_response_code":400,"mensagem":"faixa","dados":{"faixa_max":"menor que mínimo"}}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.field_errors()[0].field, "faixa_max");
        assert_eq!(run(200, r#"{"http_response_code":404}"#).unwrap_err().kind(), ErrorKind::NotFound);
        let e = run(200, r#"{"http_response_code":500,"mensagem":"falhou"}"#).unwrap_err();
        assert!(matches!(e, Error::Server { code: 500, .. }));
    }

    #[test]
    fn non_json_bodies_are_judged_by_status_and_redacted() {
        let e = run(200, "<html>SECRET token</html>").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedResponse);
        assert!(!e.to_string().contains("SECRET"), "{e}");
        assert_eq!(run(502, "Bad Gateway").unwrap_err().kind(), ErrorKind::Server);
        assert_eq!(run(401, "").unwrap_err().kind(), ErrorKind::Unauthorized);
    }

    #[test]
    fn missing_code_takes_http_status() {
        assert!(run(200, r#"{"dados":[]}"#).is_ok());
        assert_eq!(run(500, r#"{"mensagem":"x"}"#).unwrap_err().kind(), ErrorKind::Server);
    }

    /// The one-pass page read gives what the general path gives, for every shape.
    #[test]
    fn decode_page_matches_the_general_path() {
        use crate::Ramal;
        let general = |status: u16, body: &str| -> Result<Page<Ramal>> {
            interpret(status, body.as_bytes(), &|s| s.replace("SECRET", "***"))?.page_redacted(&|s| s.replace("SECRET", "***"))
        };
        let fast = |status: u16, body: &str| decode_page::<Ramal>(status, body.as_bytes(), &|s| s.replace("SECRET", "***"));
        let bodies = [
            (
                200,
                json!({"http_response_code":"200","qtd_total_resultados":"57","dados":[{"ramal_id":"1","nome":"A"},{"ramal_id":2}]})
                    .to_string(),
            ),
            (200, json!({"dados":[{"ramal_id":1}],"http_response_code":200,"mensagem":"ok","extra":{"a":[1,2]}}).to_string()),
            (200, json!({"http_response_code":200,"dados":{"0":{"ramal_id":1},"1":{"ramal_id":2}}}).to_string()),
            (200, json!({"http_response_code":200,"dados":{"ramal_id":3}}).to_string()),
            (200, json!({"http_response_code":200,"dados":null}).to_string()),
            (200, json!({"http_response_code":200,"dados":"nada"}).to_string()),
            (200, json!({"http_response_code":200}).to_string()),
            (200, json!({"dados":[{"ramal_id":4}]}).to_string()),
            (500, json!({"dados":[{"ramal_id":4}]}).to_string()),
            (200, json!({"dados":[{"ramal_id":5}],"http_response_code":404,"mensagem":"nada"}).to_string()),
            (200, json!({"dados":{"nome":"obrigatório"},"http_response_code":400,"mensagem":"erro"}).to_string()),
            (200, json!({"http_response_code":200,"dados":[{"ramal_id":6},{"ramal_id":{"x":"SECRET"}}]}).to_string()),
            (200, "<html>SECRET</html>".to_owned()),
            (200, r#"{"http_response_code":200,"dados":[]} trailing"#.to_owned()),
        ];
        for (status, body) in bodies {
            let (a, b) = (general(status, &body), fast(status, &body));
            match (&a, &b) {
                (Ok(x), Ok(y)) => assert_eq!(x, y, "{body}"),
                (Err(x), Err(y)) => {
                    assert_eq!(x.kind(), y.kind(), "{body}");
                    assert_eq!(x.to_string(), y.to_string(), "{body}");
                    assert!(!y.to_string().contains("SECRET"), "{y}");
                }
                _ => panic!("{body}: {a:?} vs {b:?}"),
            }
        }
        let page = fast(200, &json!({"qtd_total_resultados":"2","dados":[{"ramal_id":"1"},{"ramal_id":2}]}).to_string()).unwrap();
        assert_eq!(page.total, Some(2));
        assert_eq!(page.records.iter().map(|r| r.ramal_id).collect::<Vec<_>>(), [1, 2]);
    }

    /// The one-pass read checks UTF-8 once for the whole body: escaped keys and texts, unknown
    /// fields, DID fields sent as strings and lists (the real platform's shapes), and a body that
    /// is not UTF-8 still come out as the general path reads them.
    #[test]
    fn decode_page_reads_escapes_unknown_fields_did_shapes_and_non_utf8_as_the_general_path() {
        use crate::de::{shape_differences, to_wire};
        use crate::{Did, Ramal};
        fn both<T: serde::de::DeserializeOwned + std::fmt::Debug + PartialEq>(body: &[u8]) -> Result<Page<T>> {
            let general = interpret(200, body, &|s| s.to_owned()).and_then(|e| e.page_redacted::<T>(&|s| s.to_owned()));
            let fast = decode_page::<T>(200, body, &|s| s.to_owned());
            match (&general, &fast) {
                (Ok(x), Ok(y)) => assert_eq!(x, y),
                (Err(x), Err(y)) => assert_eq!(x.to_string(), y.to_string()),
                _ => panic!("{general:?} vs {fast:?}"),
            }
            fast
        }
        let escaped =
            br#"{"http_response_code":200,"dados":[{"ramal_\u0069d":"7","nome":"Jo\u00e3o \"J\"\n","desconhecido":{"k":[1,"2"]}}]}"#;
        let page = both::<Ramal>(escaped).unwrap();
        let ramal = &page.records[0];
        assert_eq!((ramal.ramal_id, ramal.nome.as_str()), (7, "João \"J\"\n"));
        assert_eq!(ramal.extra["desconhecido"], json!({"k": [1, "2"]}));

        let wire = json!({"did_id": "12", "cliente_id": "3", "gravar_chamadas": "1", "horario_funcionamento_dias_semana": ["1", "2"],
            "horario_funcionamento_lista_feriados": ["25/12", "01/01"], "campo_novo": "x"});
        let body = json!({"http_response_code": 200, "qtd_total_resultados": "1", "dados": [wire.clone()]}).to_string();
        let page = both::<Did>(body.as_bytes()).unwrap();
        let did = &page.records[0];
        assert_eq!((did.did_id, did.horario_funcionamento_dias_semana.as_slice()), (12, &[1, 2][..]));
        assert_eq!(did.horario_funcionamento_lista_feriados, ["25/12", "01/01"]);
        assert!(shape_differences(&wire, &to_wire(did).unwrap()).is_empty(), "{}", to_wire(did).unwrap());

        let not_utf8 = b"{\"http_response_code\":200,\"dados\":[{\"ramal_id\":1,\"nome\":\"\xff\"}]}";
        assert_eq!(both::<Ramal>(not_utf8).unwrap_err().kind(), ErrorKind::MalformedResponse);
    }

    #[test]
    fn php_object_lists_and_single_objects() {
        let env = run(200, &json!({"http_response_code":200,"dados":{"0":{"x":1},"1":{"x":2}}}).to_string()).unwrap();
        assert_eq!(env.records().len(), 2);
        let env = run(200, &json!({"http_response_code":200,"dados":{"ramal_id":3}}).to_string()).unwrap();
        assert_eq!(env.records().len(), 1);
    }
}
