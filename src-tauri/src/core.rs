//! The app's core, plain Rust with no window: the account store, one pooled `pabx_api::Client`
//! per account (rebuilt when the account changes), the built-in sandbox, and the generic list
//! and write operations every entity command goes through. Commands only translate to this.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use pabx_api::actions::{ListAction, WriteAction};
use pabx_api::{Client, ClientConfig, Credentials, Dialeto, Progress, Record, RetryPolicy, Sensitive, WriteOutcome};
use serde::Serialize;

use pabx_activity::{ActivityLog, Recorder};

use crate::accounts::{Account, AccountInput, AccountStore, SecretStore, SANDBOX_ID};
use crate::error::{CommandError, CommandErrorKind, CommandResult};

/// What the UI needs at start: the accounts, the active one, whether the sandbox runs.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AppState {
    pub accounts: Vec<Account>,
    pub active: Option<Account>,
    pub sandbox_running: bool,
}

/// How far the first screen got: drawn (a prerendered page, before the app's script runs) or
/// answering input (the app's script has taken it over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum UiStage {
    Painted,
    Interactive,
}

/// The result of a connection test (a `listar_regioes` call).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ConnectionReport {
    pub ok: bool,
    pub latency_ms: u32,
    pub regioes: u32,
}

/// The in-process sandbox and the client that reaches it. Its token is random per start and
/// lives only here, in memory; the sandbox account has no keyring entry.
struct RunningSandbox {
    sandbox: pabx_sandbox::Sandbox,
    client: Client,
}

/// A cached client and the account snapshot it was built from.
struct CachedClient {
    account: Account,
    client: Client,
}

pub struct Core {
    accounts: AccountStore,
    sandbox_db: PathBuf,
    clients: tokio::sync::Mutex<HashMap<String, CachedClient>>,
    sandbox: tokio::sync::Mutex<Option<RunningSandbox>>,
    started: Instant,
    ready_ms: OnceLock<u64>,
    interactive_ms: OnceLock<u64>,
    /// Every write of every account goes into it (shared with the CLI on this machine).
    activity: Arc<ActivityLog>,
}

impl Core {
    /// `config_dir` holds accounts.json, `data_dir` the sandbox database; `started` is when the
    /// process began (for the startup measurement).
    pub fn new(config_dir: &Path, data_dir: &Path, secrets: SecretStore, started: Instant) -> Self {
        Self {
            accounts: AccountStore::new(config_dir, secrets),
            sandbox_db: data_dir.join("sandbox.db"),
            clients: tokio::sync::Mutex::new(HashMap::new()),
            sandbox: tokio::sync::Mutex::new(None),
            started,
            ready_ms: OnceLock::new(),
            interactive_ms: OnceLock::new(),
            activity: Arc::new(ActivityLog::new(data_dir.join(pabx_activity::store::FILE_NAME))),
        }
    }

    pub fn activity(&self) -> &ActivityLog {
        &self.activity
    }

    /// `client` with this account's writes recorded in the activity log.
    fn recorded(&self, client: Client, account: &Account) -> Client {
        client.with_observer(Arc::new(Recorder::new(self.activity.clone(), "app", account.label.clone())))
    }

    pub fn accounts(&self) -> &AccountStore {
        &self.accounts
    }

    pub async fn app_state(&self) -> CommandResult<AppState> {
        let (accounts, active) = self.accounts.list_and_active()?;
        Ok(AppState { accounts, active, sandbox_running: self.sandbox.lock().await.is_some() })
    }

    /// Tests the account being typed; without a token, the stored one of `id` (an edit).
    pub async fn test_connection(&self, id: Option<&str>, input: &AccountInput) -> CommandResult<ConnectionReport> {
        let mut errors = input.field_errors(false);
        let token = match (input.new_token(), id) {
            (Some(token), _) => Some(token),
            (None, Some(id)) => {
                if self.accounts.get(id)?.is_sandbox {
                    // Its token lives only in memory and its address is not editable.
                    return self.test_account(id).await;
                }
                Some(self.accounts.token(id).await?)
            }
            (None, None) => {
                errors.push(pabx_api::FieldError::new("token", "Informe o token da API para testar a conexão."));
                None
            }
        };
        let Some(token) = token.filter(|_| errors.is_empty()) else {
            return Err(CommandError::invalid_input(errors));
        };
        let client = api_client(input.base_url.trim(), input.usuario.trim(), token, input.dialeto)?;
        probe(&client).await
    }

    /// Tests a saved account with its stored credentials.
    pub async fn test_account(&self, id: &str) -> CommandResult<ConnectionReport> {
        let client = self.client_for(&self.accounts.get(id)?).await?;
        probe(&client).await
    }

    /// Creates or edits an account. An edit that changes where or how it connects (address,
    /// dialect, usuario or token) is tested first and not saved when the test fails: the old
    /// server's data must not pass for the new one's.
    pub async fn save_account(&self, id: Option<&str>, input: &AccountInput) -> CommandResult<Account> {
        if let Some(id) = id {
            let old = self.accounts.get(id)?;
            let changed = old.base_url != input.base_url.trim()
                || old.usuario != input.usuario.trim()
                || old.dialeto != input.dialeto
                || input.new_token().is_some();
            if changed && !old.is_sandbox {
                self.test_connection(Some(id), input).await?;
            }
        }
        let account = self.accounts.save(id, input).await?;
        self.clients.lock().await.remove(&account.id);
        Ok(account)
    }

    /// Removes an account; a warning when its token may have stayed in the keyring.
    pub async fn remove_account(&self, id: &str) -> CommandResult<Option<String>> {
        let aviso = self.accounts.remove(id).await?;
        self.clients.lock().await.remove(id);
        if id == SANDBOX_ID {
            self.stop_sandbox().await;
        }
        Ok(aviso)
    }

    pub async fn switch_account(&self, id: &str) -> CommandResult<Account> {
        let account = self.accounts.get(id)?;
        if account.is_sandbox {
            return self.use_sandbox().await;
        }
        let active = self.accounts.set_active(id).await?;
        // Nothing reaches the built-in sandbox once another account is active; free its port and
        // memory. Switching back starts it again on the same data.
        self.stop_sandbox().await;
        Ok(active)
    }

    /// Starts the sandbox if needed (DB in the data dir, demo seed on first run) and makes its
    /// account the active one.
    pub async fn use_sandbox(&self) -> CommandResult<Account> {
        let mut running = self.sandbox.lock().await;
        if running.is_none() {
            *running = Some(self.start_sandbox().await?);
        }
        let Some(sandbox) = running.as_ref() else {
            return Err(CommandError::sandbox("O sandbox não iniciou. Tente de novo."));
        };
        let url = sandbox.sandbox.url();
        let account = self.accounts.activate_sandbox(&url, sandbox.client.usuario()).await?;
        self.clients
            .lock()
            .await
            .insert(account.id.clone(), CachedClient { account: account.clone(), client: self.recorded(sandbox.client.clone(), &account) });
        Ok(account)
    }

    async fn start_sandbox(&self) -> CommandResult<RunningSandbox> {
        if let Some(dir) = self.sandbox_db.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                CommandError::sandbox(format!(
                    "Não foi possível criar a pasta de dados {} ({e}). Confira as permissões e o espaço em disco.",
                    dir.display()
                ))
            })?;
        }
        let mut config = pabx_sandbox::SandboxConfig::with_file(&self.sandbox_db);
        config.bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        config.seed = pabx_sandbox::Seed::Demo;
        config.token = None;
        // The sandbox's own message already says what to check.
        let sandbox = pabx_sandbox::Sandbox::start(config)
            .await
            .map_err(|e| CommandError::sandbox(format!("Não foi possível iniciar o sandbox: {e}")))?;
        pabx_activity::mask::register_secret(sandbox.credentials().token.expose());
        let client = Client::new(ClientConfig::new(sandbox.url(), sandbox.credentials()))?;
        Ok(RunningSandbox { sandbox, client })
    }

    /// On startup: when the active account is the sandbox, start it again.
    pub async fn restore(&self) -> CommandResult<()> {
        match self.accounts.active()? {
            Some(account) if account.is_sandbox => self.use_sandbox().await.map(|_| ()),
            _ => Ok(()),
        }
    }

    pub async fn stop_sandbox(&self) {
        if let Some(running) = self.sandbox.lock().await.take() {
            self.clients.lock().await.remove(SANDBOX_ID);
            running.sandbox.stop().await;
        }
    }

    /// The pooled client of an account, built on first use and whenever the account changed.
    async fn client_for(&self, account: &Account) -> CommandResult<Client> {
        if let Some(cached) = self.clients.lock().await.get(&account.id) {
            if cached.account == *account || account.is_sandbox {
                return Ok(cached.client.clone());
            }
        }
        if account.is_sandbox {
            // Not running (e.g. it failed at startup): start it now.
            self.use_sandbox().await?;
            return self
                .clients
                .lock()
                .await
                .get(SANDBOX_ID)
                .map(|c| c.client.clone())
                .ok_or_else(|| CommandError::sandbox("O sandbox não iniciou. Tente de novo."));
        }
        let token = self.accounts.token(&account.id).await?;
        pabx_activity::mask::register_secret(token.expose());
        let client = self.recorded(api_client(&account.base_url, &account.usuario, token, account.dialeto)?, account);
        self.clients.lock().await.insert(account.id.clone(), CachedClient { account: account.clone(), client: client.clone() });
        Ok(client)
    }

    /// The active account's client.
    pub async fn client(&self) -> CommandResult<Client> {
        let account = self.accounts.active()?.ok_or_else(CommandError::no_account)?;
        self.client_for(&account).await
    }

    /// The active account's client for a list whose filter passed its checks.
    async fn list_client<A: ListAction>(&self, request: &A) -> CommandResult<Client> {
        let errors = request.filter_errors();
        if !errors.is_empty() {
            return Err(CommandError::invalid_input(errors));
        }
        self.client().await
    }

    /// Every page of a list, reporting progress after each page.
    pub async fn list_all<A>(&self, request: A, on_progress: impl FnMut(Progress) + Send) -> CommandResult<Vec<A::Item>>
    where
        A: ListAction,
        A::Item: Record,
    {
        let client = self.list_client(&request).await?;
        Ok(client.list_all(request, on_progress).await?)
    }

    /// Every page of a list handed to `on_page` as it arrives (only records not seen before, with
    /// the progress so far), until the last page, `on_page` breaking, or `cancel` being set. A
    /// cancel takes effect at once: the requests in flight are dropped and no other is sent.
    /// Returns the final progress and whether every page came.
    pub async fn list_pages<A>(
        &self,
        request: A,
        cancel: &AtomicBool,
        mut on_page: impl FnMut(Vec<A::Item>, Progress) -> ControlFlow<()> + Send,
    ) -> CommandResult<(Progress, bool)>
    where
        A: ListAction,
        A::Item: Record,
    {
        let client = self.list_client(&request).await?;
        let mut last = Progress { loaded: 0, total: None };
        let mut stopped = false;
        let listing = client.list_pages(request, |records, progress| {
            last = progress;
            let flow = if cancel.load(Ordering::Relaxed) { ControlFlow::Break(()) } else { on_page(records, progress) };
            stopped |= flow.is_break();
            flow
        });
        // The flag is polled, not awaited: it is shared with the other long operations.
        let cancelled = async {
            while !cancel.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(15)).await;
            }
        };
        let outcome = tokio::select! {
            outcome = listing => Some(outcome),
            () = cancelled => None,
        };
        match outcome {
            Some(outcome) => {
                let progress = outcome?;
                Ok((progress, !stopped))
            }
            None => Ok((last, false)),
        }
    }

    /// A list the server answers in one unpaged reply (rows without ids of their own).
    pub async fn list_single<A: ListAction>(
        &self,
        request: A,
        mut on_progress: impl FnMut(Progress) + Send,
    ) -> CommandResult<Vec<A::Item>> {
        let errors = request.filter_errors();
        if !errors.is_empty() {
            return Err(CommandError::invalid_input(errors));
        }
        let page = self.client().await?.list(&request).await?;
        let loaded = u32::try_from(page.records.len()).unwrap_or(u32::MAX);
        on_progress(Progress { loaded, total: Some(loaded) });
        Ok(page.records)
    }

    /// Sends a write: `pabx_api::Client::write` validates it once (with the context its rules
    /// need, cached per account) and sends nothing when invalid.
    pub async fn write<A: WriteAction>(&self, request: A) -> CommandResult<WriteOutcome> {
        Ok(self.client().await?.write(&request).await?)
    }

    /// Re-applies the values an "alterar" entry of the activity log replaced, over the record as
    /// it is now (secrets, never stored, stay as they are), with the active account, which must
    /// be the entry's. The restore is itself a write, recorded like any other.
    pub async fn restore_activity(&self, id: i64) -> CommandResult<WriteOutcome> {
        use pabx_api::{cliente::AlterarCliente, did::AlterarDid, plano_discagem::AlterarPlanoDiscagem};
        use pabx_api::{ramal::AlterarRamal, tronco::AlterarTronco};
        let cannot = |why: &str| CommandError::storage(format!("Esta entrada não pode ser restaurada: {why}."));
        let entry =
            self.activity.get(id).map_err(|e| CommandError::storage(e.to_string()))?.ok_or_else(|| cannot("ela não existe mais"))?;
        let account = self.accounts.active()?.ok_or_else(CommandError::no_account)?;
        if account.label != entry.account {
            return Err(cannot(&format!("ela é da conta “{}”; ative essa conta e tente de novo", entry.account)));
        }
        let client = self.client_for(&account).await?;
        let Some(serde_json::Value::Object(sent)) = &entry.after else { return Err(cannot("faltam os valores enviados")) };
        let current = pabx_activity::current_record(&client, &entry.acao, sent).await;
        let body = pabx_activity::restore_fields(&entry, current.as_ref())
            .ok_or_else(|| cannot("só uma alteração bem-sucedida de um registro que ainda existe pode ser restaurada"))?;
        let body = serde_json::Value::Object(body);
        fn typed<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> CommandResult<T> {
            serde_json::from_value(body).map_err(|e| CommandError::storage(format!("Valores anteriores ilegíveis ({e}).")))
        }
        match entry.acao.as_str() {
            "alterar_cliente" => self.write(typed::<AlterarCliente>(body)?).await,
            "alterar_ramal" => self.write(typed::<AlterarRamal>(body)?).await,
            "alterar_did" => self.write(typed::<AlterarDid>(body)?).await,
            "alterar_tronco" => self.write(typed::<AlterarTronco>(body)?).await,
            "alterar_plano_discagem" => self.write(typed::<AlterarPlanoDiscagem>(body)?).await,
            other => Err(cannot(&format!("a ação {other} não tem restauração"))),
        }
    }

    /// What the page needs before its first script runs (the boot script in ui/index.html picks
    /// the first screen with it): the state as it is when the window opens, or `None` when the
    /// accounts cannot be read (the UI then asks through `app_state` and shows the error).
    pub fn boot_state(&self) -> Option<AppState> {
        let (accounts, active) = self.accounts.list_and_active().ok()?;
        Some(AppState { accounts, active, sandbox_running: false })
    }

    /// ms from process start to the first screen drawn, once recorded.
    pub fn ready_ms(&self) -> Option<u64> {
        self.ready_ms.get().copied()
    }

    /// ms from process start to the first screen answering input, once recorded.
    pub fn interactive_ms(&self) -> Option<u64> {
        self.interactive_ms.get().copied()
    }

    /// Records a start-up stage (the first of each counts) and returns ms since the process
    /// started. A screen that answers input is drawn too: `Interactive` also marks `Painted`.
    pub fn mark_ready(&self, stage: UiStage) -> u64 {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let painted = *self.ready_ms.get_or_init(|| now);
        match stage {
            UiStage::Painted => painted,
            UiStage::Interactive => *self.interactive_ms.get_or_init(|| now),
        }
    }
}

/// A client for an account's address, usuario, token and dialect (default timeouts, the
/// interactive retries: someone is waiting on the screen).
fn api_client(base_url: &str, usuario: &str, token: Sensitive<String>, dialeto: Dialeto) -> CommandResult<Client> {
    let mut config = ClientConfig::new(base_url, Credentials::new(usuario, token));
    config.dialeto = dialeto;
    config.retry = RetryPolicy::interactive();
    Ok(Client::new(config)?)
}

/// One `listar_regioes` call, timed. Unlike a list screen, a 404 here is a failure: every
/// platform has regions, so "none found" means the address or dialect points elsewhere.
async fn probe(client: &Client) -> CommandResult<ConnectionReport> {
    let started = Instant::now();
    let regioes = match client.send(&pabx_api::regiao::ListarRegioes::default()).await {
        Ok(envelope) => envelope.page::<pabx_api::Regiao>()?.records.len(),
        Err(pabx_api::Error::NotFound { .. }) => {
            return Err(CommandError::new(
                CommandErrorKind::Api(pabx_api::ErrorKind::MalformedResponse),
                "O servidor respondeu, mas não como a API do PABX: nenhuma região foi encontrada (404). \
                 Confira o endereço e o dialeto da conta.",
            ))
        }
        Err(error) => return Err(error.into()),
    };
    Ok(ConnectionReport {
        ok: true,
        latency_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
        regioes: u32::try_from(regioes).unwrap_or(u32::MAX),
    })
}
