//! The HTTP side: our own accept loop (so a fault can close a connection without answering,
//! and stop can drain connections gracefully), fault injection, the axum router, and the body
//! limit. Database work runs on the blocking pool behind one mutex. Both dialects are served:
//! `/pabx/api.php` (legacy) and `/suite/api/{acao}` (suite), with the same dispatch.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method as HttpMethod, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use pabx_api::de::{com_escrita, Escrita};
use pabx_api::Credentials;
use rand::Rng;
use rusqlite::Connection;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::api::{self, Auth, Verb};
use crate::config::{Faults, SandboxConfig};
use crate::reply::Reply;
use crate::{seed, store};

/// Largest request body accepted.
pub const MAX_BODY: usize = 1024 * 1024;
/// How long `stop` waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(5);

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("Não foi possível abrir o banco do sandbox: {0}. Confira o caminho e as permissões do arquivo.")]
    Database(#[from] rusqlite::Error),
    #[error("Não foi possível escutar em {addr}: {source}. Escolha outra porta ou feche o programa que a usa.")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("Falha interna ao iniciar o sandbox: {0}")]
    Internal(String),
}

/// State shared by every request.
pub(crate) struct Shared {
    db: Mutex<Connection>,
    auth: Auth,
    faults: RwLock<Faults>,
    /// How records are written in answers: as received, or every field as a string.
    escrita: Escrita,
    /// Requests received so far (tests: "nothing more reached the server").
    requests: AtomicU64,
    /// Print one line per request on stdout (`--registrar-pedidos`).
    log_requests: AtomicBool,
}

impl Shared {
    fn faults(&self) -> Faults {
        *self.faults.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running sandbox. Stops with [`Sandbox::stop`], or on drop (without waiting).
pub struct Sandbox {
    addr: SocketAddr,
    credentials: Credentials,
    shared: Arc<Shared>,
    shutdown: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("addr", &self.addr).field("credentials", &self.credentials).finish_non_exhaustive()
    }
}

fn random_token() -> String {
    let mut rng = rand::rng();
    (0..32).map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)])).collect()
}

impl Sandbox {
    /// Opens (creating and seeding on first run) the database, binds and starts serving.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let SandboxConfig { bind, path, seed, usuario, token, faults, todos_texto } = config;
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, SandboxError> {
            let (mut conn, fresh) = store::open(path.as_deref())?;
            if fresh {
                seed::run(&mut conn, seed)?;
            }
            Ok(conn)
        })
        .await
        .map_err(|e| SandboxError::Internal(e.to_string()))??;
        let listener = TcpListener::bind(bind).await.map_err(|source| SandboxError::Bind { addr: bind, source })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind { addr: bind, source })?;
        // Recording links point at this server, whatever port it got; kept out of the file.
        conn.execute("INSERT OR REPLACE INTO temp.servidor (chave, valor) VALUES ('base', ?1)", [base_url(addr)])?;
        let token = token.filter(|t| !t.is_empty()).unwrap_or_else(random_token);
        let credentials = Credentials::new(usuario.clone(), token.clone());
        let shared = Arc::new(Shared {
            db: Mutex::new(conn),
            auth: Auth { usuario, token },
            faults: RwLock::new(faults.sanitized()),
            escrita: if todos_texto { Escrita::TudoTexto } else { Escrita::Plataforma },
            requests: AtomicU64::new(0),
            log_requests: AtomicBool::new(false),
        });
        let (shutdown, signal) = watch::channel(false);
        let task = tokio::spawn(serve(listener, shared.clone(), signal));
        tracing::info!(%addr, "sandbox PABX no ar");
        Ok(Sandbox { addr, credentials, shared, shutdown: Some(shutdown), task: Some(task) })
    }

    /// The full endpoint, `http://127.0.0.1:PORT/pabx/api.php`.
    pub fn url(&self) -> String {
        format!("{}/pabx/api.php", base_url(self.addr))
    }

    /// The address actually bound (the port chosen when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The `autenticacao` the sandbox accepts.
    pub fn credentials(&self) -> Credentials {
        self.credentials.clone()
    }

    /// Replaces the injected faults; applies to the next request.
    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.write().unwrap_or_else(PoisonError::into_inner) = faults.sanitized();
    }

    /// How many requests reached the sandbox so far (faults included).
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Prints one line per request on stdout from now on: `pedido N acao cliente_id=C pos=P`.
    pub fn log_requests(&self, on: bool) {
        self.shared.log_requests.store(on, Ordering::Relaxed);
    }

    /// Stops accepting, lets requests in flight finish (up to 5 s) and closes the database.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // The serving task sees the channel close and winds down on its own.
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(true);
        }
    }
}

/// Returned by the service to make hyper close the connection without writing anything.
/// `http://host:port` of a bound address. Bound to every interface, this machine still reaches
/// it on loopback.
fn base_url(mut addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    format!("http://{addr}")
}

#[derive(Debug)]
struct DroppedByFault;

impl std::fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("conexão derrubada de propósito (falha simulada)")
    }
}

impl std::error::Error for DroppedByFault {}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/pabx/api.php", any(endpoint))
        .route("/", any(endpoint))
        .route("/suite/api/{acao}", any(suite_endpoint))
        .route("/gravacoes/{*caminho}", axum::routing::get(gravacao))
        .fallback(|| async {
            Reply::not_found("Caminho desconhecido. O sandbox atende em /pabx/api.php (ou /) e em /suite/api/<acao>.").into_response()
        })
        .with_state(shared)
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, mut signal: watch::Receiver<bool>) {
    let router = router(shared.clone());
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        // E.g. out of file descriptors: wait a little instead of spinning.
                        tracing::warn!(%error, "falha ao aceitar conexão");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                let shared = shared.clone();
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let router = router.clone();
                    let shared = shared.clone();
                    async move { with_faults(&shared, router, request).await }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = signal.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
}

async fn with_faults(shared: &Shared, router: Router, request: Request<Incoming>) -> Result<Response, DroppedByFault> {
    let faults = shared.faults();
    let request = request.map(Body::new);
    let n = shared.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let request = if shared.log_requests.load(Ordering::Relaxed) { log_request(n, request).await } else { request };
    let (faults, request) = if faults.writes_only && faults != Faults::default() {
        let (is_write, request) = is_write(request).await;
        (if is_write { faults } else { Faults::default() }, request)
    } else {
        (faults, request)
    };
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let (drop, error, malformed, lost) = {
        let mut rng = rand::rng();
        (
            rng.random_bool(faults.drop_rate),
            rng.random_bool(faults.error_rate),
            rng.random_bool(faults.malformed_rate),
            rng.random_bool(faults.lost_answer_rate),
        )
    };
    if drop {
        return Err(DroppedByFault);
    }
    if error {
        return Ok(Reply::internal("Falha simulada pelo sandbox (error_rate). Tente de novo.").into_response());
    }
    if malformed {
        let body = r#"{"http_response_code":200,"mensagem":"ok","dados":[{"ramal_id":1,"nome":"#;
        return Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    let response = match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if lost {
        // Carried out; only the answer goes missing.
        return Err(DroppedByFault);
    }
    Ok(response)
}

/// Prints `pedido N acao cliente_id=C pos=P` for the request (what it asks, never who asks);
/// the request comes back whole.
async fn log_request(n: u64, request: Request<Body>) -> Request<Body> {
    let path_acao = request.uri().path().strip_prefix("/suite/api/").map(str::to_owned);
    let (parts, body) = request.into_parts();
    let bytes = Limited::new(body, MAX_BODY).collect().await.map(|c| c.to_bytes()).unwrap_or_default();
    let json = serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_default();
    let field = |key: &str| json.get(key).map_or_else(|| "-".to_owned(), |v| v.to_string().trim_matches('"').to_owned());
    let acao = path_acao.unwrap_or_else(|| field("acao"));
    println!("pedido {n} {acao} cliente_id={} pos={}", field("cliente_id"), field("pos_registro_inicial"));
    Request::from_parts(parts, Body::from(bytes))
}

/// Whether the request is a write (any action but `listar_*`), read from the suite path or the
/// legacy body's `acao`; the request comes back whole. An unreadable body counts as a write.
async fn is_write(request: Request<Body>) -> (bool, Request<Body>) {
    let path_acao = request.uri().path().strip_prefix("/suite/api/").map(str::to_owned);
    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return (true, Request::from_parts(parts, Body::empty())),
    };
    let acao = path_acao.or_else(|| serde_json::from_slice::<serde_json::Value>(&bytes).ok()?.get("acao")?.as_str().map(str::to_owned));
    let is_write = !acao.is_some_and(|acao| acao.starts_with("listar_"));
    (is_write, Request::from_parts(parts, Body::from(bytes)))
}

async fn endpoint(State(shared): State<Arc<Shared>>, method: HttpMethod, body: Body) -> Response {
    let (method, bytes) = match read(method, body).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    on_database(shared, move |conn, auth| api::answer(conn, auth, method, &bytes)).await
}

/// The suite dialect: the action in the path, the credentials in the `usuario`/`token` headers.
async fn suite_endpoint(
    State(shared): State<Arc<Shared>>,
    acao: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    method: HttpMethod,
    body: Body,
) -> Response {
    let Ok(Path(acao)) = acao else {
        return Reply::bad_request("Nome de ação ilegível no caminho. Use /suite/api/<acao>, ex.: /suite/api/listar_ramais.")
            .into_response();
    };
    let (method, bytes) = match read(method, body).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (usuario, token) = (header("usuario"), header("token"));
    on_database(shared, move |conn, auth| api::answer_suite(conn, auth, method, &acao, (usuario.as_deref(), token.as_deref()), &bytes))
        .await
}

/// A call's recording (`link_gravacao`): the same short tone for every call that has one, 404
/// for any other path. No credentials, as the platform's links are opened by a browser.
async fn gravacao(State(shared): State<Arc<Shared>>, Path(caminho): Path<String>) -> Response {
    let link = format!("gravacoes/{caminho}");
    let existe = tokio::task::spawn_blocking(move || {
        let conn = shared.db.lock().unwrap_or_else(PoisonError::into_inner);
        conn.query_row("SELECT EXISTS (SELECT 1 FROM chamadas WHERE link_gravacao = ?1)", [link], |row| row.get::<_, bool>(0))
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    if !existe {
        return Reply::not_found("Gravação não encontrada.").into_response();
    }
    ([(header::CONTENT_TYPE, "audio/wav"), (header::CACHE_CONTROL, "max-age=3600")], crate::historico::tom_wav()).into_response()
}

/// The request's method and its whole body (up to [`MAX_BODY`]), or the refusal to send back.
async fn read(method: HttpMethod, body: Body) -> Result<(Verb, Bytes), Response> {
    let method = match method {
        HttpMethod::POST => Verb::Post,
        HttpMethod::DELETE => Verb::Delete,
        HttpMethod::GET => Verb::Get,
        other => {
            return Err(Reply::method_not_allowed(format!(
                "Método {other} não aceito. Use POST (ou DELETE para as ações deletar_*; GET também lista) com um corpo JSON."
            ))
            .into_response())
        }
    };
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok((method, collected.to_bytes())),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(Reply::too_large(MAX_BODY).into_response()),
        Err(_) => Err(Reply::bad_request("O corpo da requisição chegou incompleto. Envie de novo.").into_response()),
    }
}

/// Runs `answer` on the blocking pool with the database locked.
async fn on_database(shared: Arc<Shared>, answer: impl FnOnce(&mut Connection, &Auth) -> Reply + Send + 'static) -> Response {
    let reply = tokio::task::spawn_blocking(move || {
        let mut conn = shared.db.lock().unwrap_or_else(PoisonError::into_inner);
        let mut reply = com_escrita(shared.escrita, || answer(&mut conn, &shared.auth));
        reply.todos_texto = shared.escrita == Escrita::TudoTexto;
        reply
    })
    .await
    .unwrap_or_else(|_| Reply::internal("Erro interno do sandbox ao atender a ação. Tente de novo."));
    reply.into_response()
}
