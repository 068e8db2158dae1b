//! The platform's envelope as the sandbox writes it: `{http_response_code, mensagem,
//! qtd_total_resultados, qtd_resultados_retornados, dados}`, with the HTTP status equal to the
//! body's code.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use pabx_api::FieldError;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// One answer. Handlers return `Result<Reply, Reply>` so `?` can stop at the first refusal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    pub code: u16,
    pub mensagem: String,
    pub total: i64,
    pub returned: i64,
    pub dados: Value,
}

pub(crate) type Outcome = Result<Reply, Reply>;

impl Reply {
    fn new(code: u16, mensagem: impl Into<String>, dados: Value) -> Self {
        Self { code, mensagem: mensagem.into(), total: 0, returned: 0, dados }
    }

    /// A write that succeeded; `dados` is the stored record.
    pub fn written(mensagem: impl Into<String>, record: &impl Serialize) -> Self {
        let dados = serde_json::to_value(record).unwrap_or(Value::Null);
        Self { total: 1, returned: 1, ..Self::new(200, mensagem, dados) }
    }

    /// One page of a list: 200 with records, 404 when the page is empty.
    pub fn page(total: i64, records: Vec<Value>) -> Self {
        let returned = i64::try_from(records.len()).unwrap_or(i64::MAX);
        if records.is_empty() {
            return Self { total, ..Self::new(404, "Nenhum registro encontrado.", Value::Array(Vec::new())) };
        }
        let mensagem = format!("{returned} registro(s) de {total}.");
        Self { total, returned, ..Self::new(200, mensagem, Value::Array(records)) }
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
        let resumo: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        let mensagem = format!("Dados inválidos ({}). Corrija os campos indicados e envie de novo.", resumo.join("; "));
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

    pub fn to_json(&self) -> Value {
        json!({
            "http_response_code": self.code,
            "mensagem": self.mensagem,
            "qtd_total_resultados": self.total,
            "qtd_resultados_retornados": self.returned,
            "dados": self.dados,
        })
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
        let body = self.to_json().to_string();
        (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response()
    }
}
