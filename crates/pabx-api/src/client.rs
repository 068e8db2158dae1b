//! The HTTP transport: one pooled reqwest client per account, rustls, timeouts, `http://` only
//! for loopback hosts, retries only for reads (paging is in [`crate::paging`]). Two
//! dialects ([`Dialeto`]) share all of it; only the URL, headers and body of a call differ.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use crate::actions::{self, Action, ListAction, Method, WriteAction};
use crate::envelope::{interpret, Envelope, Page};
use crate::error::{Error, FieldError, Result};
use crate::observe::{WriteEvent, WriteObserver};
use crate::sensitive::Credentials;
use crate::paging::{PageSizes, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};

/// The platform's path, appended when an account's URL names only the host.
pub const LEGACY_PATH: &str = "/pabx/api.php";
/// The suite dialect's prefix; the action's name follows it.
pub const SUITE_PATH: &str = "/suite/api";

/// Which dialect of the platform's API an account speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Dialeto {
    /// One endpoint (`/pabx/api.php`); `autenticacao` and `acao` in the JSON body (Viacel).
    #[default]
    Legado,
    /// One URL per action (`/suite/api/<acao>`); credentials in the `usuario` and `token` headers.
    Suite,
}

/// How to reach one account.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://host`, `https://host/pabx/api.php`, or `http://127.0.0.1:port` for the sandbox.
    pub base_url: String,
    pub credentials: Credentials,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub dialeto: Dialeto,
    /// Pages of a list fetched at once once the first page gave a total (1: one at a time).
    pub list_concurrency: usize,
    /// The `quantidade` asked for when a list request leaves it unset.
    pub max_page_size: i64,
}

impl ClientConfig {
    /// A legacy-dialect account with the default timeouts.
    pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Self {
        Self {
            base_url: base_url.into(),
            credentials,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            dialeto: Dialeto::Legado,
            list_concurrency: DEFAULT_CONCURRENCY,
            max_page_size: MAX_PAGE_SIZE,
        }
    }
}

/// What a write returned: the server's text and, when sent, the record (with its new id).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WriteOutcome {
    pub mensagem: String,
    pub dados: Value,
    /// A warning from the write's observer (the activity log could not record it); the write
    /// itself succeeded.
    /// Not in the TypeScript type yet: the UI reads it where present.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(skip))]
    pub aviso: Option<String>,
}

impl WriteOutcome {
    /// The id the server gave a new record, read from `dados.<id_field>`.
    pub fn id(&self, id_field: &str) -> Option<i64> {
        let value = match &self.dados {
            Value::Object(map) => map.get(id_field)?.clone(),
            Value::Array(items) => items.first()?.get(id_field)?.clone(),
            _ => return None,
        };
        <i64 as crate::de::Tolerant>::from_json(value).ok().filter(|id| *id != 0)
    }
}

/// Progress of a multi-page read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    pub loaded: u32,
    /// `qtd_total_resultados` when known.
    pub total: Option<u32>,
}

/// A client for one account. Cheap to clone: the connection pool is shared.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: Url,
    credentials: Credentials,
    transport: Transport,
    pub(crate) list_concurrency: usize,
    pub(crate) max_page_size: i64,
    /// What paging learned of this server's page sizes; shared by the clones.
    pub(crate) page_sizes: Arc<PageSizes>,
    observer: Option<Arc<dyn WriteObserver>>,
}

/// What the dialect changes in a call, and nothing more.
#[derive(Debug, Clone)]
enum Transport {
    /// Every call to the endpoint; credentials and action in the body.
    Legado,
    /// The action appended to the endpoint; credentials in headers, the token marked sensitive
    /// so no debug output or log shows it.
    Suite { headers: HeaderMap },
}

/// One call as it goes on the wire, built once and sent again on a retry.
struct Wire {
    url: Url,
    body: Value,
}

impl Transport {
    fn for_dialeto(dialeto: Dialeto, credentials: &Credentials) -> Result<Self> {
        Ok(match dialeto {
            Dialeto::Legado => Transport::Legado,
            Dialeto::Suite => Transport::Suite { headers: suite_headers(credentials)? },
        })
    }

    fn wire(&self, endpoint: &Url, credentials: &Credentials, acao: &str, fields: Map<String, Value>) -> Result<Wire> {
        Ok(match self {
            Transport::Legado => Wire { url: endpoint.clone(), body: actions::raw_body(acao, fields, credentials) },
            Transport::Suite { .. } => Wire { url: suite_url(endpoint, acao)?, body: actions::suite_body(fields) },
        })
    }

    fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Transport::Legado => None,
            Transport::Suite { headers } => Some(headers),
        }
    }
}

/// Delays before the retries of a read after a transient failure.
const READ_RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(200), Duration::from_millis(800)];

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self> {
        let endpoint = endpoint_url(&config.base_url)?;
        let transport = Transport::for_dialeto(config.dialeto, &config.credentials)?;
        let endpoint = match config.dialeto {
            Dialeto::Legado => endpoint,
            Dialeto::Suite => suite_base(endpoint),
        };
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("pabx-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::from_transport(&e))?;
        Ok(Self {
            http,
            endpoint,
            credentials: config.credentials,
            transport,
            list_concurrency: config.list_concurrency.max(1),
            max_page_size: config.max_page_size.max(1),
            page_sizes: Arc::default(),
            observer: None,
        })
    }

    /// The URL every call is sent to (legacy), or the one each action's name is appended to (suite).
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    pub fn dialeto(&self) -> Dialeto {
        match self.transport {
            Transport::Legado => Dialeto::Legado,
            Transport::Suite { .. } => Dialeto::Suite,
        }
    }

    pub fn usuario(&self) -> &str {
        &self.credentials.usuario
    }

    /// One attempt: send the call, read the envelope.
    async fn send_once(&self, method: Method, wire: &Wire) -> Result<Envelope> {
        let mut builder = match method {
            Method::Post => self.http.post(wire.url.clone()),
            Method::Delete => self.http.delete(wire.url.clone()),
        };
        if let Some(headers) = self.transport.headers() {
            builder = builder.headers(headers.clone());
        }
        let response = builder.json(&wire.body).send().await.map_err(|e| Error::from_transport(&e))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| Error::from_transport(&e))?;
        interpret(status, &bytes, &|text| self.credentials.redact(text))
    }

    async fn send_with_policy(&self, acao: &str, method: Method, idempotent: bool, fields: Map<String, Value>) -> Result<Envelope> {
        let wire = self.transport.wire(&self.endpoint, &self.credentials, acao, fields)?;
        let mut attempt = 0;
        loop {
            match self.send_once(method, &wire).await {
                Err(error) if idempotent && error.is_transient() && attempt < READ_RETRY_DELAYS.len() => {
                    tokio::time::sleep(READ_RETRY_DELAYS[attempt]).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Sends a typed action and returns its envelope.
    pub async fn send<A: Action>(&self, request: &A) -> Result<Envelope> {
        self.send_with_policy(A::ACAO, A::METHOD, A::IDEMPOTENT, actions::fields(request)).await
    }

    /// One page of a list; a 404 is an empty page.
    pub async fn list<A: ListAction>(&self, request: &A) -> Result<Page<A::Item>> {
        match self.send(request).await {
            // A record that fails to decode is quoted in the error: redact it like any body.
            Ok(envelope) => envelope.page().map_err(|error| match error {
                Error::MalformedResponse { status, excerpt } => {
                    Error::MalformedResponse { status, excerpt: self.credentials.redact(&excerpt) }
                }
                other => other,
            }),
            Err(Error::NotFound { .. }) => Ok(Page { records: Vec::new(), total: Some(0) }),
            Err(error) => Err(error),
        }
    }

    /// A write; never retried, since the server may have applied it before failing.
    /// Invalid input is refused here, before anything is sent.
    /// The observer, when installed, sees it (and the record before it) whatever the outcome.
    pub async fn write<A: WriteAction>(&self, request: &A) -> Result<WriteOutcome> {
        crate::validation::check(request.validate())?;
        let Some(observer) = &self.observer else {
            let envelope = self.send(request).await?;
            return Ok(WriteOutcome { mensagem: envelope.mensagem, dados: envelope.dados, aviso: None });
        };
        let fields = actions::fields(request);
        let before = observer.before(self, A::ACAO, &fields).await;
        let result = self
            .send_with_policy(A::ACAO, A::METHOD, A::IDEMPOTENT, fields.clone())
            .await
            .map(|envelope| WriteOutcome { mensagem: envelope.mensagem, dados: envelope.dados, aviso: None });
        let recorded = observer.after(WriteEvent { acao: A::ACAO, fields: &fields, before, result: result.as_ref() });
        let mut outcome = result?;
        outcome.aviso = recorded.err();
        Ok(outcome)
    }

    /// The same client with `observer` watching its writes.
    pub fn with_observer(mut self, observer: Arc<dyn WriteObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Sends any action as given: `fields` are the keys beside `autenticacao` and `acao`
    /// (in the suite dialect, the whole body).
    /// The method is DELETE for `deletar_*`, POST otherwise; only known reads are retried.
    pub async fn call(&self, acao: &str, fields: Map<String, Value>) -> Result<Envelope> {
        let info = actions::ActionInfo::find(acao);
        let method = info.map(|i| i.method).unwrap_or(if acao.starts_with("deletar_") {
            Method::Delete
        } else {
            Method::Post
        });
        let idempotent = info.is_some_and(|i| i.is_list);
        self.send_with_policy(acao, method, idempotent, fields).await
    }
}

/// Parses an account URL: https anywhere, http only on loopback; the platform's path when
/// only a host is given.
pub fn endpoint_url(base_url: &str) -> Result<Url> {
    let trimmed = base_url.trim();
    if trimmed.is_empty() {
        return Err(Error::InvalidUrl("informe o endereço do servidor (https://...)".into()));
    }
    let mut url = Url::parse(trimmed)
        .map_err(|_| Error::InvalidUrl(format!("\"{}\" não é um endereço válido; use https://servidor", crate::de::excerpt(trimmed))))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::InvalidUrl(
                "http:// sem criptografia só é aceito para o próprio computador (127.0.0.1); use https://".into(),
            ))
        }
        other => return Err(Error::InvalidUrl(format!("protocolo \"{other}\" não suportado; use https://"))),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::InvalidUrl("o endereço não tem servidor".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InvalidUrl("não coloque usuário ou senha no endereço; use os campos da conta".into()));
    }
    if url.path() == "/" || url.path().is_empty() {
        url.set_path(LEGACY_PATH);
    }
    Ok(url)
}

/// The suite base from a parsed account URL: its path prefix, without the legacy endpoint
/// (or a suite prefix the user already typed), followed by [`SUITE_PATH`].
fn suite_base(mut url: Url) -> Url {
    let path = url.path().trim_end_matches('/');
    let prefix = path.strip_suffix(LEGACY_PATH).or_else(|| path.strip_suffix(SUITE_PATH)).unwrap_or(path);
    let path = format!("{}{SUITE_PATH}", prefix.trim_end_matches('/'));
    url.set_path(&path);
    url
}

/// `<base>/<acao>`; the name goes into the path, so only names shaped like the API's pass.
fn suite_url(base: &Url, acao: &str) -> Result<Url> {
    if acao.is_empty() || !acao.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(Error::InvalidInput(vec![FieldError::new(
            "acao",
            format!(
                "\"{}\" não é um nome de ação; use letras minúsculas, números e _ (ex.: listar_ramais)",
                crate::de::excerpt(acao)
            ),
        )]));
    }
    let mut url = base.clone();
    let path = format!("{}/{acao}", base.path());
    url.set_path(&path);
    Ok(url)
}

/// The suite's credential headers; the token's is sensitive (hidden from Debug and logs).
fn suite_headers(credentials: &Credentials) -> Result<HeaderMap> {
    let invalid = |field: &str, what: &str| {
        Error::InvalidInput(vec![FieldError::new(
            field,
            format!("{what} tem caracteres que não podem ir num cabeçalho HTTP (quebra de linha ou de controle); digite-o de novo"),
        )])
    };
    let usuario = HeaderValue::from_str(&credentials.usuario).map_err(|_| invalid("usuario", "o usuário"))?;
    let mut token = HeaderValue::from_str(credentials.token.expose()).map_err(|_| invalid("token", "o token"))?;
    token.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(HeaderName::from_static("usuario"), usuario);
    headers.insert(HeaderName::from_static("token"), token);
    Ok(headers)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_rules() {
        assert_eq!(endpoint_url("https://pabx.example.com").unwrap().as_str(), "https://pabx.example.com/pabx/api.php");
        assert_eq!(endpoint_url("https://h/x/api.php").unwrap().path(), "/x/api.php");
        assert_eq!(endpoint_url("http://127.0.0.1:8080").unwrap().path(), "/pabx/api.php");
        assert!(endpoint_url("http://localhost:1/").is_ok());
        assert!(endpoint_url("http://[::1]:1/").is_ok());
        for bad in ["http://pabx.example.com", "ftp://h", "", "pabx.example.com", "https://u:p@h/"] {
            let error = endpoint_url(bad).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidUrl, "{bad}");
        }
    }

    #[test]
    fn suite_base_keeps_the_prefix_and_drops_the_legacy_path() {
        let base = |url: &str| suite_base(endpoint_url(url).unwrap()).to_string();
        assert_eq!(base("https://h"), "https://h/suite/api");
        assert_eq!(base("https://h:8443/pabx/api.php"), "https://h:8443/suite/api");
        assert_eq!(base("https://h/revenda/"), "https://h/revenda/suite/api");
        assert_eq!(base("https://h/revenda/pabx/api.php"), "https://h/revenda/suite/api");
        assert_eq!(base("https://h/suite/api/"), "https://h/suite/api");
        assert_eq!(base("http://127.0.0.1:9/pabx/api.php"), "http://127.0.0.1:9/suite/api");
    }

    #[test]
    fn suite_url_takes_only_action_names() {
        let base = suite_base(endpoint_url("https://h").unwrap());
        assert_eq!(suite_url(&base, "listar_ramais").unwrap().as_str(), "https://h/suite/api/listar_ramais");
        for bad in ["", "../x", "listar ramais", "a/b", "a?b", "Listar"] {
            assert_eq!(suite_url(&base, bad).unwrap_err().kind(), crate::ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn suite_headers_hide_the_token() {
        let headers = suite_headers(&Credentials::new("revenda", "tok-XYZ")).unwrap();
        assert!(headers["token"].is_sensitive());
        assert!(!format!("{headers:?}").contains("tok-XYZ"));
        assert_eq!(headers["usuario"], "revenda");
        let error = suite_headers(&Credentials::new("revenda", "tok\nXYZ")).unwrap_err();
        assert!(!format!("{error} {error:?}").contains("XYZ"));
    }

    #[test]
    fn dialeto_is_snake_case_and_legado_by_default() {
        assert_eq!(serde_json::to_string(&Dialeto::Suite).unwrap(), "\"suite\"");
        assert_eq!(serde_json::from_str::<Dialeto>("\"legado\"").unwrap(), Dialeto::Legado);
        assert_eq!(Dialeto::default(), Dialeto::Legado);
        assert_eq!(ClientConfig::new("https://h", Credentials::new("u", "t")).dialeto, Dialeto::Legado);
    }
}
