//! The HTTP transport: one pooled reqwest client per account, rustls, timeouts, `http://` only
//! for loopback hosts, no redirects (credentials never follow one), a cap on the size of an
//! answer, retries with backoff only for reads, paging in [`crate::paging`]. A write
//! whose answer was lost is reported as [`Error::OutcomeUnknown`] and looked up
//! ([`crate::reconcile`]), never sent again. Two dialects ([`Dialeto`]) share all of it; only
//! the URL, headers and body of a call differ.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use crate::actions::{self, Action, ListAction, Method, WriteAction};
use crate::envelope::{decode_page, interpret, Envelope, Page};
use crate::error::{Error, FieldError, Result};
use crate::observe::{WriteEvent, WriteObserver};
use crate::paging::{PageSizes, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};
use crate::reconcile::WriteState;
use crate::sensitive::Credentials;
use crate::validation::{Contexto, Efeito, Necessidade, Validate};
use crate::Cliente;

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
    /// How reads are tried again after a transient failure.
    pub retry: RetryPolicy,
    /// The largest answer read, in bytes ([`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub max_response_bytes: u64,
}

/// The default cap on an answer: 32 MiB, about 30 times a 1000-record page of ramais.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Retries of reads: up to `max_attempts` tries in all, waiting an exponential backoff
/// (`base_delay`, doubled each time, at most `max_delay`) with jitter between them, or the
/// server's `Retry-After` on a 429 or 503 (given up when it asks for more than
/// `max_retry_after`). Writes are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 8 tries over about 25 s of backoff: a page survives a bad minute of 500s and drops.
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// For a person waiting on a screen: 4 tries within about 2 s, then the error and its
    /// "try again" button (a server that is down is said so at once, not after 25 s).
    pub fn interactive() -> Self {
        Self { max_attempts: 4, base_delay: Duration::from_millis(250), max_delay: Duration::from_secs(1), ..Self::default() }
    }

    /// The wait before try `attempt + 1` (attempt 1 is the first try): half the exponential
    /// delay fixed, half random, so many clients do not retry in step.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self.base_delay.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(self.max_delay);
        let half = exponential / 2;
        half + half.mul_f64(jitter())
    }
}

/// A random number in `0.0..1.0` without a dependency: std's per-process random hash keys.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(u64::from(std::process::id()));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
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
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
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
    #[serde(skip_serializing_if = "Option::is_none")]
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
    retry: RetryPolicy,
    max_response_bytes: u64,
    /// Retries made by this client and its clones, for figures and tests.
    retries: Arc<AtomicU64>,
    /// What writes looked up to be validated, shared by the clones (one account).
    contexts: Arc<Mutex<ContextCache>>,
    /// One context lookup at a time per cliente: concurrent writes of one cliente (a bulk apply)
    /// wait for the first lookup and use its answer instead of each sending their own.
    context_turns: Arc<Mutex<ContextTurns>>,
}

type ContextTurns = HashMap<i64, Arc<tokio::sync::Mutex<()>>>;

/// A cliente's turn at a context lookup. Its entry leaves the map with its last user, so an app
/// open for days over hundreds of customers keeps no lock per customer it ever wrote to.
struct ContextTurn {
    turns: Arc<Mutex<ContextTurns>>,
    cliente_id: i64,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl ContextTurn {
    async fn take(turns: &Arc<Mutex<ContextTurns>>, cliente_id: i64) -> Self {
        let lock = {
            let mut map = turns.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(map.entry(cliente_id).or_default())
        };
        let mut turn = Self { turns: Arc::clone(turns), cliente_id, guard: None };
        turn.guard = Some(lock.lock_owned().await);
        turn
    }
}

impl Drop for ContextTurn {
    fn drop(&mut self) {
        self.guard.take();
        // Clones are made under the map's lock: a count of one (the map's) means no one waits.
        let mut map = self.turns.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.get(&self.cliente_id).is_some_and(|lock| Arc::strong_count(lock) == 1) {
            map.remove(&self.cliente_id);
        }
    }
}

/// The validation contexts fetched for writes (a cliente, its ramal count), kept for the
/// account until a write changes them ([`Efeito`]) or for [`CONTEXT_TTL`], since someone else
/// (the web panel, another machine) may change them too.
#[derive(Debug, Default)]
struct ContextCache {
    clientes: HashMap<i64, (Instant, Option<Cliente>)>,
    ramais: HashMap<i64, (Instant, i64)>,
}

/// How long a fetched validation context is trusted.
const CONTEXT_TTL: Duration = Duration::from_secs(60);

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

/// Reads an answer (HTTP status, body, redaction) into what the call returns.
type Decode<R> = fn(u16, &[u8], &dyn Fn(&str) -> String) -> Result<R>;

/// Answers from this size on are decoded on tokio's blocking pool, so a large page (a
/// 1,000-ramal page is about 1 MiB) does not hold up the runtime's worker, and pages decode in
/// parallel with whatever consumes them.
const BLOCKING_DECODE_BYTES: usize = 128 * 1024;

/// A failed try, with the server's `Retry-After` when it sent one.
struct Failed {
    error: Error,
    retry_after: Option<Duration>,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Self { error, retry_after: None }
    }
}

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
            // A redirect would carry the token (body or header) to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
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
            retry: config.retry,
            max_response_bytes: config.max_response_bytes,
            retries: Arc::default(),
            contexts: Arc::default(),
            context_turns: Arc::default(),
        })
    }

    /// How many times reads were tried again, by this client and its clones.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
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

    /// One try: send the call, read the answer with `decode`. For a write (`idempotent` false),
    /// a failure after the request may have reached the server is [`Error::OutcomeUnknown`].
    async fn send_once<R: Send + 'static>(
        &self,
        acao: &str,
        method: Method,
        wire: &Wire,
        idempotent: bool,
        decode: Decode<R>,
    ) -> Result<R, Failed> {
        let unknown = |error: Error| -> Failed {
            if idempotent {
                error.into()
            } else {
                Error::OutcomeUnknown { acao: acao.to_owned(), cause: error.cause(), state: WriteState::Unchecked }.into()
            }
        };
        let mut builder = match method {
            Method::Post => self.http.post(wire.url.clone()),
            Method::Delete => self.http.delete(wire.url.clone()),
        };
        if let Some(headers) = self.transport.headers() {
            builder = builder.headers(headers.clone());
        }
        let mut response = match builder.json(&wire.body).send().await {
            Ok(response) => response,
            // No connection was made: nothing reached the server.
            Err(e) if e.is_connect() || e.is_builder() => return Err(Error::from_transport(&e).into()),
            Err(e) => return Err(unknown(Error::from_transport(&e))),
        };
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            return Err(Error::Redirect { status, target: redirect_target(&response, &self.credentials) }.into());
        }
        let retry_after = retry_after(&response);
        let failed = |error: Error| Failed { error, retry_after };
        let too_large = || Error::ResponseTooLarge { limit_mib: self.max_response_bytes.div_ceil(1024 * 1024) };
        if response.content_length().is_some_and(|length| length > self.max_response_bytes) {
            return Err(unknown(too_large()));
        }
        // Sized from the header when there is one: a 1 MB page is not grown by doubling.
        let announced = response.content_length().unwrap_or(0).min(self.max_response_bytes);
        let mut bytes = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > self.max_response_bytes {
                        return Err(unknown(too_large()));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(unknown(Error::from_transport(&e))),
            }
        }
        let decoded = if bytes.len() < BLOCKING_DECODE_BYTES {
            decode(status, &bytes, &|text| self.credentials.redact(text))
        } else {
            let credentials = self.credentials.clone();
            tokio::task::spawn_blocking(move || decode(status, &bytes, &|text| credentials.redact(text)))
                .await
                .unwrap_or_else(|_| Err(Error::MalformedResponse { status, excerpt: "a leitura da resposta foi interrompida".into() }))
        };
        match decoded {
            // A 2xx whose body cannot be read: the write may have been applied.
            Err(error @ Error::MalformedResponse { .. }) if (200..300).contains(&status) => Err(unknown(error)),
            other => other.map_err(failed),
        }
    }

    /// Sends once, and again for a read after a transient failure, per [`RetryPolicy`].
    async fn send_with_policy<R: Send + 'static>(
        &self,
        acao: &str,
        method: Method,
        idempotent: bool,
        fields: Map<String, Value>,
        decode: Decode<R>,
    ) -> Result<R> {
        let wire = self.transport.wire(&self.endpoint, &self.credentials, acao, fields)?;
        let mut attempt = 1;
        loop {
            let failed = match self.send_once(acao, method, &wire, idempotent, decode).await {
                Ok(envelope) => return Ok(envelope),
                Err(failed) => failed,
            };
            if !idempotent || !failed.error.is_transient() || attempt >= self.retry.max_attempts {
                return Err(failed.error);
            }
            let delay = match failed.retry_after {
                Some(asked) if asked > self.retry.max_retry_after => return Err(failed.error),
                Some(asked) => asked,
                None => self.retry.backoff(attempt),
            };
            self.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Sends a typed action and returns its envelope.
    pub async fn send<A: Action>(&self, request: &A) -> Result<Envelope> {
        self.send_with_policy(A::ACAO, A::METHOD, A::IDEMPOTENT, actions::fields(request), interpret).await
    }

    /// One page of a list, decoded in one pass ([`decode_page`]; a record that fails is quoted
    /// in the error, redacted like any body); a 404 is an empty page.
    pub async fn list<A: ListAction>(&self, request: &A) -> Result<Page<A::Item>> {
        let fields = actions::fields(request);
        match self.send_with_policy(A::ACAO, A::METHOD, A::IDEMPOTENT, fields, decode_page::<A::Item>).await {
            Ok(page) => Ok(page),
            Err(Error::NotFound { .. }) => Ok(Page { records: Vec::new(), total: Some(0) }),
            Err(error) => Err(error),
        }
    }

    /// A write; never retried, since the server may have applied it before failing.
    /// Validated once, with the context its rules need ([`Client::contexto`]); invalid input
    /// is refused with every field error at once, before anything is sent. When the answer is
    /// lost, the record is looked up ([`Client::reconcile`]) and the error says what was found.
    /// The observer, when installed, sees it (and the record before it) whatever the outcome,
    /// a lost answer included, once it has been looked up.
    pub async fn write<A: WriteAction>(&self, request: &A) -> Result<WriteOutcome> {
        self.validate(request).await?;
        let result = self.send_write(request).await;
        self.after_write(request.efeito(), &result);
        result
    }

    /// The validation of a write as [`Client::write`] runs it, nothing sent: its context fetched
    /// (or taken from the cache), then every field error at once as [`Error::InvalidInput`].
    pub async fn validate<B: Validate>(&self, body: &B) -> Result<()> {
        let contexto = self.contexto(body.necessidade()).await?;
        crate::validation::check(body.validate(&contexto))
    }

    async fn send_write<A: WriteAction>(&self, request: &A) -> Result<WriteOutcome> {
        let Some(observer) = &self.observer else {
            let envelope = self.reconciled(request, self.send(request).await).await?;
            return Ok(WriteOutcome { mensagem: envelope.mensagem, dados: envelope.dados, aviso: None });
        };
        let fields = actions::fields(request);
        let before = observer.before(self, A::ACAO, &fields).await;
        let sent = self.send_with_policy(A::ACAO, A::METHOD, A::IDEMPOTENT, fields.clone(), interpret).await;
        let result = self.reconciled(request, sent).await.map(|envelope| WriteOutcome {
            mensagem: envelope.mensagem,
            dados: envelope.dados,
            aviso: None,
        });
        let recorded = observer.after(WriteEvent { acao: A::ACAO, fields: &fields, before, result: result.as_ref() });
        let mut outcome = result?;
        outcome.aviso = recorded.err();
        Ok(outcome)
    }

    /// The context a write's rules need: its cliente and that cliente's ramal count, from the
    /// account's cache or fetched (one request each, only what is asked for).
    pub async fn contexto(&self, necessidade: Necessidade) -> Result<Contexto> {
        let mut contexto = Contexto::default();
        let Some(cliente_id) = necessidade.cliente.filter(|id| *id > 0) else { return Ok(contexto) };
        let _turn = ContextTurn::take(&self.context_turns, cliente_id).await;
        let cliente = match self.cached(|c| c.clientes.get(&cliente_id).cloned()) {
            Some(cliente) => cliente,
            None => {
                let page = self.list(&crate::cliente::ListarClientes { cliente_id, ..Default::default() }).await?;
                let cliente = page.records.into_iter().find(|c| c.cliente_id == cliente_id);
                self.store(|c| c.clientes.insert(cliente_id, (Instant::now(), cliente.clone())));
                cliente
            }
        };
        if necessidade.ramais_do_cliente && cliente.is_some() {
            contexto.ramais_do_cliente = match self.cached(|c| c.ramais.get(&cliente_id).copied()) {
                Some(count) => Some(count),
                None => {
                    let request = crate::ramal::ListarRamais { cliente_id, quantidade: Some(1), ..Default::default() };
                    let page = self.list(&request).await?;
                    // A server that gives no total: the limit is left to it.
                    let total = page.total.and_then(|t| i64::try_from(t).ok());
                    if let Some(total) = total {
                        self.store(|c| c.ramais.insert(cliente_id, (Instant::now(), total)));
                    }
                    total
                }
            };
        }
        contexto.cliente = Some(cliente);
        Ok(contexto)
    }

    fn cached<T>(&self, get: impl FnOnce(&ContextCache) -> Option<(Instant, T)>) -> Option<T> {
        let cache = self.contexts.lock().ok()?;
        get(&cache).filter(|(at, _)| at.elapsed() < CONTEXT_TTL).map(|(_, value)| value)
    }

    fn store<T>(&self, put: impl FnOnce(&mut ContextCache) -> T) {
        if let Ok(mut cache) = self.contexts.lock() {
            put(&mut cache);
        }
    }

    /// Keeps the cached contexts true after a write: a ramal inserted or removed moves its
    /// cliente's count, a cliente changed is fetched again next time. A write that failed
    /// changed nothing, unless its outcome is unknown: then its cliente is forgotten.
    fn after_write(&self, efeito: Efeito, result: &Result<WriteOutcome>) {
        let cliente_id = match efeito {
            Efeito::Nenhum => return,
            Efeito::Cliente(id) | Efeito::RamalInserido(id) | Efeito::RamalRemovido(id) => id,
        };
        self.store(|cache| match (result, efeito) {
            (Ok(_), Efeito::RamalInserido(_)) => {
                if let Some((_, count)) = cache.ramais.get_mut(&cliente_id) {
                    *count += 1;
                }
            }
            (Ok(_), Efeito::RamalRemovido(_)) => {
                if let Some((_, count)) = cache.ramais.get_mut(&cliente_id) {
                    *count = (*count - 1).max(0);
                }
            }
            (Err(error), _) if error.kind() != crate::ErrorKind::OutcomeUnknown => {}
            _ => {
                cache.clientes.remove(&cliente_id);
                cache.ramais.remove(&cliente_id);
            }
        });
    }

    /// A lost answer looked up by the record's natural key; any other result as it came.
    async fn reconciled<A: WriteAction>(&self, request: &A, sent: Result<Envelope>) -> Result<Envelope> {
        match sent {
            Err(Error::OutcomeUnknown { acao, cause, state: WriteState::Unchecked }) => {
                let state = self.reconcile(request).await;
                Err(Error::OutcomeUnknown { acao, cause, state })
            }
            other => other,
        }
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
        let method = info.map(|i| i.method).unwrap_or(if acao.starts_with("deletar_") { Method::Delete } else { Method::Post });
        let idempotent = info.is_some_and(|i| i.is_list);
        self.send_with_policy(acao, method, idempotent, fields, interpret).await
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
            format!("\"{}\" não é um nome de ação; use letras minúsculas, números e _ (ex.: listar_ramais)", crate::de::excerpt(acao)),
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

/// Where a redirect points, token removed, cut to a readable length.
fn redirect_target(response: &reqwest::Response, credentials: &Credentials) -> String {
    let location = response.headers().get(reqwest::header::LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    match location {
        Some(location) => {
            let shown: String = credentials.redact(location.trim()).chars().take(120).collect();
            shown.replace(['\r', '\n'], " ")
        }
        None => "(sem endereço)".to_owned(),
    }
}

/// `Retry-After` on a 429 or 503: seconds or an HTTP date.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    if !matches!(response.status().as_u16(), 429 | 503) {
        return None;
    }
    let text = response.headers().get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(text).ok()?;
    let seconds = when.as_second().saturating_sub(jiff::Timestamp::now().as_second());
    Some(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
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

    #[tokio::test]
    async fn a_context_turn_leaves_the_map_with_its_last_user() {
        let turns: Arc<Mutex<ContextTurns>> = Arc::default();
        let first = ContextTurn::take(&turns, 7).await;
        let waiting = tokio::spawn({
            let turns = Arc::clone(&turns);
            async move { ContextTurn::take(&turns, 7).await }
        });
        // The second user holds its clone while it waits for the first.
        while Arc::strong_count(&turns.lock().unwrap()[&7]) < 3 {
            tokio::task::yield_now().await;
        }
        drop(first);
        assert!(turns.lock().unwrap().contains_key(&7), "kept while someone waits");
        drop(waiting.await.unwrap());
        assert!(turns.lock().unwrap().is_empty(), "gone with its last user");
    }

    #[test]
    fn interactive_retries_give_up_within_seconds() {
        let worst = |policy: RetryPolicy| -> Duration { (1..policy.max_attempts).map(|a| policy.backoff(a)).sum() };
        let interactive = RetryPolicy::interactive();
        assert!(interactive.max_attempts > 1, "a blip is still retried");
        assert!(worst(interactive) <= Duration::from_millis(1750), "{:?}", worst(interactive));
        assert!(worst(RetryPolicy::default()) > Duration::from_secs(10));
    }

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
