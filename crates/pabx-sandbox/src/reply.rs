//! The platform's envelope as the sandbox writes it: `{http_response_code, mensagem,
//! qtd_total_resultados, qtd_resultados_retornados, dados}`, with the HTTP status equal to the
//! body's code.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use pabx_api::FieldError;
use serde::Serialize;
use serde_json::{Map, Value};

/// One answer. Handlers return `Result<Reply, Reply>` so `?` can stop at the first refusal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    pub code: u16,
    pub mensagem: String,
    pub total: i64,
    pub returned: i64,
    pub dados: Dados,
    /// Numbers of the envelope written as strings, as some servers do.
    pub todos_texto: bool,
}

/// `dados`: a value, or JSON text already rendered (list pages are spliced from the stored
/// records, which are already the serialized models, instead of being decoded and re-encoded).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Dados {
    Value(Value),
    Json(String),
}

pub(crate) type Outcome = Result<Reply, Reply>;

impl Reply {
    fn new(code: u16, mensagem: impl Into<String>, dados: Value) -> Self {
        Self { code, mensagem: mensagem.into(), total: 0, returned: 0, dados: Dados::Value(dados), todos_texto: false }
    }

    /// A write that succeeded; `dados` is the stored record, written in the thread's mode (the
    /// shape it was received in, or all strings).
    pub fn written(mensagem: impl Into<String>, record: &impl Serialize) -> Self {
        let dados = serde_json::to_value(record).unwrap_or(Value::Null);
        Self { total: 1, returned: 1, ..Self::new(200, mensagem, dados) }
    }

    /// One page of a list, each record already JSON text: 200 with records, 404 when empty.
    pub fn page_json(total: i64, records: &[String]) -> Self {
        let returned = i64::try_from(records.len()).unwrap_or(i64::MAX);
        if records.is_empty() {
            return Self { total, ..Self::new(404, "Nenhum registro encontrado.", Value::Array(Vec::new())) };
        }
        let mensagem = format!("{} de {total}.", pabx_api::campos::contagem(returned, "registro", "registros"));
        let dados = Dados::Json(format!("[{}]", records.join(",")));
        Self { total, returned, dados, ..Self::new(200, mensagem, Value::Null) }
    }

    /// One page of a list of typed records.
    pub fn page<T: Serialize>(total: i64, records: &[T]) -> Self {
        let rendered: Vec<String> = records.iter().filter_map(|r| serde_json::to_string(r).ok()).collect();
        Self::page_json(total, &rendered)
    }

    pub fn bad_request(mensagem: impl Into<String>) -> Self {
        Self::new(400, mensagem, Value::Object(Map::new()))
    }

    /// 400 with `dados: {"campo": "mensagem"}`; the first message per field wins.
    pub fn field_errors(errors: &[FieldError]) -> Self {
        let mut dados = Map::new();
        for error in errors {
            dados.entry(error.field.clone()).or_insert_with(|| Value::String(error.message.clone()));
        }
        // Fields by their labels, as the platform's panel names them, never by JSON key.
        let mensagem = match errors {
            [one] => format!("{}: {}", pabx_api::campos::rotulo(&one.field), one.message),
            _ => {
                let labels: Vec<String> = dados.keys().map(|field| pabx_api::campos::rotulo(field)).collect();
                format!("Corrija os {} campos {}", labels.len(), pabx_api::campos::lista(&labels))
            }
        };
        Self::new(400, mensagem, Value::Object(dados))
    }

    /// A single field refused.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::field_errors(&[FieldError::new(field, message)])
    }

    pub fn unauthorized() -> Self {
        Self::new(
            401,
            "Usuário ou token inválidos. Confira a autenticacao: o sandbox mostra o usuário e o token ao iniciar.",
            Value::Object(Map::new()),
        )
    }

    pub fn not_found(mensagem: impl Into<String>) -> Self {
        Self::new(404, mensagem, Value::Object(Map::new()))
    }

    pub fn method_not_allowed(mensagem: impl Into<String>) -> Self {
        Self::new(405, mensagem, Value::Object(Map::new()))
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            413,
            format!("Corpo da requisição acima do limite de {} KiB. Envie menos dados por chamada.", limit / 1024),
            Value::Object(Map::new()),
        )
    }

    pub fn internal(mensagem: impl Into<String>) -> Self {
        Self::new(500, mensagem, Value::Object(Map::new()))
    }

    /// The envelope as JSON text, keys in the platform's order.
    pub fn render(&self) -> String {
        let mensagem = Value::String(self.mensagem.clone()).to_string();
        let dados = match &self.dados {
            Dados::Value(value) => value.to_string(),
            Dados::Json(text) => text.clone(),
        };
        let number = |n: i64| if self.todos_texto { format!("\"{n}\"") } else { n.to_string() };
        format!(
            r#"{{"http_response_code":{},"mensagem":{mensagem},"qtd_total_resultados":{},"qtd_resultados_retornados":{},"dados":{dados}}}"#,
            number(i64::from(self.code)),
            number(self.total),
            number(self.returned)
        )
    }
}

impl From<rusqlite::Error> for Reply {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "erro no banco do sandbox");
        Reply::internal("Erro interno no banco de dados do sandbox. Tente de novo; se persistir, reinicie o sandbox.")
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = self.render();
        (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_envelopes_are_valid_json() {
        let page = Reply::page_json(7, &[r#"{"a":1}"#.to_owned(), r#"{"a":"\"x\""}"#.to_owned()]);
        let value: Value = serde_json::from_str(&page.render()).unwrap();
        assert_eq!(value["http_response_code"], 200);
        assert_eq!(value["qtd_total_resultados"], 7);
        assert_eq!(value["qtd_resultados_retornados"], 2);
        assert_eq!(value["dados"][1]["a"], "\"x\"");
        let empty: Value = serde_json::from_str(&Reply::page::<Value>(0, &[]).render()).unwrap();
        assert_eq!((empty["http_response_code"].as_i64(), empty["dados"].as_array().map(Vec::len)), (Some(404), Some(0)));
        let error: Value = serde_json::from_str(&Reply::field("nome", "Informe \"o nome\"").render()).unwrap();
        assert_eq!(error["dados"]["nome"], "Informe \"o nome\"");
    }
}
