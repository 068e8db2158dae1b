//! A minimal HTTP/1.1 server on 127.0.0.1 for the integration tests: it records every request
//! (method, path, headers, JSON body) and answers what the test's handler says, including
//! answers no real framework would give (a dropped connection, no answer at all, broken JSON).
#![allow(dead_code)] // each test binary uses a different part

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pabx_api::{Client, ClientConfig, Credentials, Error, RetryPolicy};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub mod fixtures;

/// The token every test uses; no error message may ever contain it.
pub const TOKEN: &str = "tok-SECRET-123";
pub const USUARIO: &str = "revenda01";

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub raw_body: Vec<u8>,
    /// `Value::Null` when the body was not JSON.
    pub body: Value,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// An integer key at the top of the body, 0 when absent.
    pub fn int(&self, key: &str) -> i64 {
        self.body.get(key).and_then(Value::as_i64).unwrap_or(0)
    }

    /// The action: in the body (legado dialect) or the path's last segment (suite).
    pub fn acao(&self) -> &str {
        self.body.get("acao").and_then(Value::as_str).unwrap_or_else(|| self.path.rsplit('/').next().unwrap_or_default())
    }
}

/// The platform's answer to the lookups a ramal's write makes first (the validation contract's
/// context): the cliente asked for, taking numbers 1..=99999999 and 1000 ramais, and its ramal
/// count, 0. `None` for any other request, which the test's own handler answers.
pub fn context_reply(request: &Request) -> Option<Reply> {
    let envelope = |total: usize, dados: Value| {
        Reply::json(200, serde_json::json!({"http_response_code": 200, "mensagem": "ok", "qtd_total_resultados": total, "dados": dados}))
    };
    match request.acao() {
        "listar_clientes" if request.int("cliente_id") > 0 => {
            let cliente_id = request.int("cliente_id");
            let cliente = pabx_api::Cliente { faixa_min: 1, faixa_max: 99_999_999, qtd_ramais_max: 1000, ..fixtures::cliente(cliente_id) };
            Some(envelope(1, serde_json::json!([cliente])))
        }
        // The count asks for one record; a listing asks for pages.
        "listar_ramais" if request.int("quantidade") == 1 => Some(envelope(0, serde_json::json!([]))),
        _ => None,
    }
}

/// `handler` behind [`context_reply`]: a server for writes that answers their context lookups.
pub fn with_context(
    handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Request, usize) -> Reply + Send + Sync + 'static {
    move |request, n| context_reply(request).unwrap_or_else(|| handler(request, n))
}

/// For a server testing `acao`: its write's context lookups answered, an empty success otherwise
/// (a list under test is never taken for a lookup).
pub fn context_or_ok(request: &Request, acao: &str) -> Reply {
    let context = if acao.starts_with("listar_") { None } else { context_reply(request) };
    context.unwrap_or_else(|| Reply::ok(serde_json::json!([])))
}

/// The requests that are not context lookups: what a write test is about.
pub fn without_context(requests: Vec<Request>) -> Vec<Request> {
    requests.into_iter().filter(|r| context_reply(r).is_none()).collect()
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Reply {
    Respond {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// An answer with extra header lines (`Location`, `Retry-After`...).
    WithHeaders {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// A 200 whose body is `sent` bytes of JSON-ish filler; `declared` is the Content-Length
    /// sent (none: the body ends when the connection closes).
    Huge {
        declared: Option<u64>,
        sent: usize,
    },
    /// Closes the connection without answering.
    Drop,
    /// Keeps the connection open and never answers.
    Hang,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Reply::Respond { status, content_type: "application/json; charset=utf-8", body: body.to_string().into_bytes() }
    }

    pub fn raw(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply::Respond { status, content_type, body: body.into() }
    }

    /// The platform's success envelope around `dados`.
    pub fn ok(dados: Value) -> Self {
        Reply::json(200, serde_json::json!({"http_response_code": 200, "mensagem": "Sucesso", "dados": dados}))
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;
type Delay = dyn Fn(&Request) -> Duration + Send + Sync;

/// A running server; stops when dropped.
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    in_flight: Arc<InFlight>,
    accept: tokio::task::JoinHandle<()>,
}

/// Requests being answered now, and the most ever at once.
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Server {
    /// Starts a server whose handler gets each request and its index (0 for the first).
    pub async fn start(handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_slow(|_| Duration::ZERO, handler).await
    }

    /// The same on another loopback address (`127.0.0.2` is loopback on Linux too).
    pub async fn start_on(ip: &str, handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::bind(ip, |_| Duration::ZERO, handler).await
    }

    /// Like [`Server::start`], each answer sent after `delay(request)`, so requests overlap.
    pub async fn start_slow(
        delay: impl Fn(&Request) -> Duration + Send + Sync + 'static,
        handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::bind("127.0.0.1", delay, handler).await
    }

    async fn bind(
        ip: &str,
        delay: impl Fn(&Request) -> Duration + Send + Sync + 'static,
        handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind(format!("{ip}:0")).await.expect("bind a loopback address");
        let url = format!("http://{}/pabx/api.php", listener.local_addr().expect("local addr"));
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let delay: Arc<Delay> = Arc::new(delay);
        let in_flight: Arc<InFlight> = Arc::default();
        let recorded = Arc::clone(&requests);
        let counted = Arc::clone(&in_flight);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                let recorded = Arc::clone(&recorded);
                let (delay, counted) = (Arc::clone(&delay), Arc::clone(&counted));
                tokio::spawn(serve(stream, handler, recorded, delay, counted));
            }
        });
        Self { url, requests, in_flight, accept }
    }

    /// The most requests this server was answering at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.in_flight.max.load(Ordering::SeqCst)
    }

    /// Answers every request with the same reply.
    pub async fn always(reply: Reply) -> Self {
        Self::start(move |_, _| reply.clone()).await
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("requests lock").clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().expect("requests lock").len()
    }

    /// A client for this server with the test credentials.
    pub fn client(&self) -> Client {
        client_for(&self.url, Duration::from_secs(10))
    }

    /// A client fetching up to `concurrency` pages at once (a long timeout: large pages built
    /// and decoded by a debug build on a busy machine, never a timeout test).
    pub fn client_with_concurrency(&self, concurrency: usize) -> Client {
        let mut config = config_for(&self.url, Duration::from_secs(120));
        config.list_concurrency = concurrency;
        Client::new(config).expect("client for a loopback URL")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Retries as the default policy makes them, with short waits so the tests stay quick.
pub const TEST_RETRY: RetryPolicy = RetryPolicy {
    max_attempts: 4,
    base_delay: Duration::from_millis(10),
    max_delay: Duration::from_millis(40),
    max_retry_after: Duration::from_secs(5),
};

pub fn client_for(url: &str, request_timeout: Duration) -> Client {
    Client::new(config_for(url, request_timeout)).expect("client for a loopback URL")
}

fn config_for(url: &str, request_timeout: Duration) -> ClientConfig {
    let mut config = ClientConfig::new(url, Credentials::new(USUARIO, TOKEN));
    config.connect_timeout = Duration::from_secs(5);
    config.request_timeout = request_timeout;
    config.retry = TEST_RETRY;
    config
}

/// Fails when the token shows in the error's Display or Debug.
pub fn assert_no_token(error: &Error) {
    let shown = format!("{error} | {error:?}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
}

/// One connection: one request, one answer, then close (`Connection: close`).
async fn serve(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    recorded: Arc<Mutex<Vec<Request>>>,
    delay: Arc<Delay>,
    in_flight: Arc<InFlight>,
) {
    let Some(request) = read_request(&mut stream).await else { return };
    let index = {
        let mut all = recorded.lock().expect("requests lock");
        all.push(request.clone());
        all.len() - 1
    };
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.max.fetch_max(now, Ordering::SeqCst);
    let pause = delay(&request);
    if !pause.is_zero() {
        tokio::time::sleep(pause).await;
    }
    let reply = handler(&request, index);
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
    match reply {
        Reply::Respond { status, content_type, body } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reason(status),
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::WithHeaders { status, headers, body } => {
            let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                reason(status),
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::Huge { declared, sent } => {
            let length = declared.map(|n| format!("Content-Length: {n}\r\n")).unwrap_or_default();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}Connection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = vec![b' '; 64 * 1024];
            let mut left = sent;
            while left > 0 {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).await.is_err() {
                    break; // the client stopped reading: that is the point
                }
                left -= n;
            }
            let _ = stream.shutdown().await;
        }
        Reply::Drop => drop(stream),
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            drop(stream);
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split_whitespace();
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, value)| value.parse().ok()).unwrap_or(0);
    let mut raw_body = buffer[head_end..].to_vec();
    while raw_body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        raw_body.extend_from_slice(&chunk[..read]);
    }
    raw_body.truncate(length);
    let body = serde_json::from_slice(&raw_body).unwrap_or(Value::Null);
    Some(Request { method, path, headers, raw_body, body })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
