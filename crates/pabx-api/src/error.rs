//! One error type for every way a call can fail, each with a pt-BR message fit to show a user
//! and a stable [`ErrorKind`] so callers (CLI exit codes, the app's screens) can tell
//! "wrong token" from "network down" from "invalid input".

use serde::{Deserialize, Serialize};

use crate::reconcile::WriteState;

/// An error tied to one field of a record (`field` is the JSON key, e.g. `faixa_max`, or a
/// path such as `tarifas[0].fracionamento`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldError {
    pub field: String,
    /// The field's pt-BR label ([`crate::campos::rotulo`]), what a person reads instead of
    /// `field`; filled from `field` when absent on the wire.
    #[serde(default)]
    pub label: String,
    /// The pt-BR text (the CLI's, the sandbox's, the log's).
    pub message: String,
    /// The rule's stable code ([`crate::mensagens`]), so the app says it in its own language;
    /// empty for a server's field error, which only has its text.
    #[serde(default)]
    pub code: String,
    /// The code's parameters (`{max}`, `{min}`...).
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
}

impl FieldError {
    /// A field error with its text only (a server's 400).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        Self { label: crate::campos::rotulo(&field), field, message: message.into(), code: String::new(), params: Default::default() }
    }

    /// A rule's field error: its code and parameters, and their pt-BR text.
    pub fn de(field: impl Into<String>, mensagem: &crate::mensagens::Mensagem) -> Self {
        Self { code: mensagem.code.to_owned(), params: mensagem.params_map(), ..Self::new(field, mensagem.to_string()) }
    }
}

/// What kind of failure, without the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input failed validation here; nothing was sent.
    InvalidInput,
    /// The account's URL cannot be used.
    InvalidUrl,
    /// The server could not be reached (refused, reset, no route).
    Connect,
    /// The host name could not be resolved.
    Dns,
    /// The TLS handshake or certificate failed.
    Tls,
    /// No answer in time.
    Timeout,
    /// The server refused the credentials (401).
    Unauthorized,
    /// The server refused the input (400).
    Validation,
    /// The record does not exist (404 on a read of one record or a write).
    NotFound,
    /// Any other error reported by the server.
    Server,
    /// The answer was not the platform's JSON.
    MalformedResponse,
    /// The server answered with a redirect; credentials never follow one.
    Redirect,
    /// The answer was larger than the client accepts.
    ResponseTooLarge,
    /// A write was sent but its answer was lost; `Error::write_state` tells what a lookup found.
    OutcomeUnknown,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", summary(.0))]
    InvalidInput(Vec<FieldError>),

    #[error("Endereço da conta inválido: {0}")]
    InvalidUrl(String),

    #[error("Não foi possível conectar ao servidor ({detail}). Verifique a internet e o endereço da conta.")]
    Connect { detail: String },

    #[error("O nome do servidor não foi encontrado ({detail}). Confira o endereço da conta.")]
    Dns { detail: String },

    #[error("Falha na conexão segura com o servidor ({detail}). Confira se o endereço usa o certificado certo.")]
    Tls { detail: String },

    #[error("O servidor não respondeu a tempo. Tente de novo em instantes.")]
    Timeout,

    #[error("Usuário ou token recusados pelo servidor{}. Confira as credenciais da conta.", with_server_text(.mensagem))]
    Unauthorized { mensagem: String },

    #[error("{}", validation_message(.mensagem))]
    Validation { mensagem: String, fields: Vec<FieldError> },

    #[error("Registro não encontrado{}. Ele pode ter sido removido; atualize a lista.", with_server_text(.mensagem))]
    NotFound { mensagem: String },

    #[error("O servidor respondeu com erro {code}{}. Tente de novo; se persistir, fale com o suporte da plataforma.", with_server_text(.mensagem))]
    Server { code: i64, mensagem: String },

    #[error("Resposta inesperada do servidor (HTTP {status}): \"{excerpt}\". Confira se o endereço aponta para a API do PABX.")]
    MalformedResponse { status: u16, excerpt: String },

    #[error("O servidor redirecionou o pedido (HTTP {status}) para \"{target}\". Por segurança, as credenciais nunca seguem um redirecionamento: corrija o endereço da conta para o endereço final da API (https://).")]
    Redirect { status: u16, target: String },

    #[error("A resposta do servidor passou do limite de {limit_mib} MiB e foi descartada. Filtre a consulta ou peça páginas menores; se persistir, confira o endereço da conta.")]
    ResponseTooLarge { limit_mib: u64 },

    /// `state` is [`WriteState::Unchecked`] as the transport reports it; [`crate::Client::write`]
    /// replaces it with what the lookup found.
    #[error("{}", crate::reconcile::outcome_message(.acao, .cause, .state))]
    OutcomeUnknown { acao: String, cause: String, state: WriteState },
}

/// The 400 text: the server's words, then the advice, said once and with one final period
/// (servers often end their text with their own advice or a period).
fn validation_message(mensagem: &str) -> String {
    let text = or_default(mensagem, "sem detalhes").trim_end_matches(['.', ' ', '!']);
    let lower = text.to_lowercase();
    if lower.contains("envie de novo") || lower.contains("corrija") {
        format!("O servidor recusou os dados: {text}.")
    } else {
        format!("O servidor recusou os dados: {text}. Corrija e envie de novo.")
    }
}

/// One sentence naming the fields by their labels, each once: what to fix, and that nothing
/// was sent. Each field's own message goes with the field (under the input, or listed).
fn summary(fields: &[FieldError]) -> String {
    let mut labels: Vec<String> = Vec::new();
    for field in fields {
        let label = crate::campos::rotulo(&field.field);
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    match labels.len() {
        0 => "Dados inválidos; nada foi enviado.".to_owned(),
        1 => format!("Corrija o campo {}; nada foi enviado.", labels[0]),
        n => format!("Corrija os {n} campos {}; nada foi enviado.", crate::campos::lista(&labels)),
    }
}

fn with_server_text(mensagem: &str) -> String {
    if mensagem.trim().is_empty() {
        String::new()
    } else {
        format!(" (\"{}\")", mensagem.trim())
    }
}

fn or_default<'a>(text: &'a str, default: &'a str) -> &'a str {
    if text.trim().is_empty() {
        default
    } else {
        text.trim()
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::InvalidUrl(_) => ErrorKind::InvalidUrl,
            Error::Connect { .. } => ErrorKind::Connect,
            Error::Dns { .. } => ErrorKind::Dns,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::Timeout => ErrorKind::Timeout,
            Error::Unauthorized { .. } => ErrorKind::Unauthorized,
            Error::Validation { .. } => ErrorKind::Validation,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Server { .. } => ErrorKind::Server,
            Error::MalformedResponse { .. } => ErrorKind::MalformedResponse,
            Error::Redirect { .. } => ErrorKind::Redirect,
            Error::ResponseTooLarge { .. } => ErrorKind::ResponseTooLarge,
            Error::OutcomeUnknown { .. } => ErrorKind::OutcomeUnknown,
        }
    }

    /// For a write whose answer was lost: what the lookup found (or `Unchecked`).
    pub fn write_state(&self) -> Option<&WriteState> {
        match self {
            Error::OutcomeUnknown { state, .. } => Some(state),
            _ => None,
        }
    }

    /// The field errors, local or from the server, that a form can mark.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::InvalidInput(fields) | Error::Validation { fields, .. } => fields,
            _ => &[],
        }
    }

    /// True when trying a read again may succeed: no connection, no answer in time, a dropped
    /// connection, or a server error that says "later" (500, 502, 503, 504, 429). Writes are
    /// never retried, whatever this says.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Connect { .. } | Error::Timeout)
            || matches!(self, Error::Server { code, .. } if matches!(*code, 429 | 500 | 502 | 503 | 504))
    }

    /// The failure in a few words, for the cause of [`Error::OutcomeUnknown`].
    pub(crate) fn cause(&self) -> String {
        match self {
            Error::Connect { detail } | Error::Dns { detail } | Error::Tls { detail } => detail.clone(),
            Error::Timeout => "o servidor não respondeu a tempo".to_owned(),
            Error::MalformedResponse { status, .. } => format!("resposta ilegível, HTTP {status}"),
            Error::ResponseTooLarge { limit_mib } => format!("resposta maior que {limit_mib} MiB"),
            other => other.to_string().trim_end_matches('.').to_owned(),
        }
    }

    /// Classifies a reqwest failure; the message never contains a body, so never the token.
    pub(crate) fn from_transport(error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            return Error::Timeout;
        }
        let chain = source_chain(error).to_lowercase();
        let detail = transport_detail(&chain);
        if chain.contains("dns") || chain.contains("resolve") || chain.contains("lookup") {
            Error::Dns { detail }
        } else if ["certificate", "tls", "handshake", "corrupt message", "invalidcontenttype"].iter().any(|n| chain.contains(n)) {
            Error::Tls { detail }
        } else {
            Error::Connect { detail }
        }
    }
}

fn source_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.join(": ")
}

/// The cause in pt-BR: the failures a user meets by name, any other by its kind. The library's
/// English text is never shown (it goes to the log when one is kept).
fn transport_detail(chain: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("connection refused", "conexão recusada: nada atende nesse endereço e porta"),
        ("connection reset", "conexão interrompida pelo servidor"),
        ("connection closed", "conexão encerrada pelo servidor antes da resposta"),
        ("broken pipe", "conexão encerrada pelo servidor antes da resposta"),
        ("unexpected eof", "conexão encerrada pelo servidor antes da resposta"),
        ("network is unreachable", "rede inacessível"),
        ("no route to host", "sem rota até o servidor"),
        ("host is unreachable", "servidor inacessível"),
        ("address not available", "endereço indisponível neste computador"),
        ("failed to lookup", "nome não encontrado no DNS"),
        ("name or service not known", "nome não encontrado no DNS"),
        ("dns error", "nome não encontrado no DNS"),
        // https:// to a server that answers in plain http (rustls reads its text as a record).
        ("invalidcontenttype", "o servidor não fala HTTPS nesse endereço; confira o protocolo (https://) e a porta"),
        ("corrupt message", "o servidor não fala HTTPS nesse endereço; confira o protocolo (https://) e a porta"),
        ("expired", "certificado do servidor vencido"),
        ("notvalidforname", "o certificado do servidor é de outro nome"),
        ("not valid for name", "o certificado do servidor é de outro nome"),
        ("unknownissuer", "certificado do servidor emitido por autoridade desconhecida"),
        ("unknown issuer", "certificado do servidor emitido por autoridade desconhecida"),
        ("certificate", "certificado do servidor não aceito"),
        ("handshake", "a negociação TLS falhou"),
        ("tls", "a conexão segura falhou"),
        ("dns", "nome não encontrado no DNS"),
    ];
    KNOWN
        .iter()
        .find(|(needle, _)| chain.contains(needle))
        .map(|(_, text)| (*text).to_owned())
        .unwrap_or_else(|| "a conexão falhou antes da resposta".to_owned())
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_causes_are_told_in_portuguese() {
        let refused = "error sending request for url (http://127.0.0.1:9/): client error (connect): tcp connect error: connection refused (os error 111)";
        assert_eq!(transport_detail(refused), "conexão recusada: nada atende nesse endereço e porta");
        let plain_http = "error sending request: client error (connect): received corrupt message of type invalidcontenttype";
        assert!(transport_detail(plain_http).contains("não fala HTTPS"));
        assert_eq!(transport_detail("something odd in english"), "a conexão falhou antes da resposta");
    }

    #[test]
    fn messages_are_portuguese_and_say_what_to_do() {
        let e = Error::Unauthorized { mensagem: "Token inválido".into() };
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert!(e.to_string().contains("Confira as credenciais"), "{e}");
        let e = Error::InvalidInput(vec![FieldError::new("cnpj", "CNPJ inválido")]);
        assert_eq!(e.to_string(), "Corrija o campo CNPJ; nada foi enviado.");
        assert_eq!(e.field_errors().len(), 1);
    }

    #[test]
    fn invalid_input_names_fields_by_label_in_one_sentence() {
        let e = Error::InvalidInput(vec![
            FieldError::new("faixa_min", "Informe o início da faixa de ramais"),
            FieldError::new("faixa_max", "Informe o fim da faixa de ramais"),
            FieldError::new("tarifas[0].fracionamento", "Fracionamento inválido"),
        ]);
        assert_eq!(
            e.to_string(),
            "Corrija os 3 campos Início da faixa de ramais, Fim da faixa de ramais e Fracionamento (tarifa 1); nada foi enviado."
        );
        assert!(!e.to_string().contains('_'), "{e}");
    }

    #[test]
    fn a_400_says_its_advice_once_with_one_period() {
        let text = |mensagem: &str| Error::Validation { mensagem: mensagem.into(), fields: Vec::new() }.to_string();
        assert_eq!(text("Faixa inválida"), "O servidor recusou os dados: Faixa inválida. Corrija e envie de novo.");
        assert_eq!(text("Faixa inválida."), "O servidor recusou os dados: Faixa inválida. Corrija e envie de novo.");
        let own_advice = text("Dados inválidos. Corrija os campos e envie de novo.");
        assert_eq!(own_advice, "O servidor recusou os dados: Dados inválidos. Corrija os campos e envie de novo.");
        assert_eq!(text(""), "O servidor recusou os dados: sem detalhes. Corrija e envie de novo.");
        for message in [text("x.."), own_advice] {
            assert!(!message.contains(".."), "{message}");
        }
    }
}
