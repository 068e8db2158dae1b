//! Accounts: label, URL and usuario in a JSON file in the app's config dir (written atomically);
//! the token only in the OS keyring, one entry per account id under a service name that differs
//! between debug and release builds, so a developer's runs never touch a user's tokens.
//! Keyring calls block (D-Bus on Linux), so they run on `spawn_blocking`. Each account names the
//! API dialect it speaks; files written before the field existed read as `Legado`.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pabx_api::{Dialeto, FieldError, Sensitive};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{CommandError, CommandErrorKind, CommandResult};

/// The keyring service of release builds.
pub const RELEASE_SERVICE: &str = "pabx-desktop";
/// The keyring service of debug builds.
pub const DEV_SERVICE: &str = "pabx-desktop-dev";
/// The sandbox account's fixed id.
pub const SANDBOX_ID: &str = "sandbox";
/// The accounts file inside the config dir.
pub const ACCOUNTS_FILE: &str = "accounts.json";

/// An account as the UI sees it: no token field, ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Account {
    pub id: String,
    pub label: String,
    pub base_url: String,
    pub usuario: String,
    pub is_sandbox: bool,
    /// Absent in files from before the field: those accounts spoke the legacy dialect.
    #[serde(default)]
    pub dialeto: Dialeto,
}

/// An account being created or edited. The token only comes in; `None` on edit keeps the
/// stored one. No Serialize: it cannot be written anywhere by accident.
#[derive(Clone, Deserialize, specta::Type)]
pub struct AccountInput {
    pub label: String,
    pub base_url: String,
    pub usuario: String,
    pub token: Option<String>,
    #[serde(default)]
    pub dialeto: Dialeto,
}

impl fmt::Debug for AccountInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountInput")
            .field("label", &self.label)
            .field("base_url", &self.base_url)
            .field("usuario", &self.usuario)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("dialeto", &self.dialeto)
            .finish()
    }
}

impl AccountInput {
    /// The new token, when one was typed (blank means "keep").
    pub fn new_token(&self) -> Option<Sensitive<String>> {
        self.token.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(Sensitive::from)
    }

    /// Checks the fields; `token_required` for a new account.
    pub fn field_errors(&self, token_required: bool) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.label.trim().is_empty() {
            errors.push(FieldError::new("label", "Informe um nome para a conta."));
        }
        if let Err(error) = pabx_api::client::endpoint_url(&self.base_url) {
            let message = match error {
                pabx_api::Error::InvalidUrl(text) => format!("Endereço inválido: {text}."),
                other => other.to_string(),
            };
            errors.push(FieldError::new("base_url", message));
        }
        if self.usuario.trim().is_empty() {
            errors.push(FieldError::new("usuario", "Informe o usuário da API."));
        }
        if token_required && self.new_token().is_none() {
            errors.push(FieldError::new("token", "Informe o token da API."));
        }
        errors
    }
}

/// Where tokens live: one keyring service, entry user = account id.
#[derive(Debug, Clone)]
pub struct SecretStore {
    service: String,
    /// Failures injected by tests (shared by the clones); empty in the app.
    faults: Arc<Mutex<HashMap<SecretOp, SecretFault>>>,
}

impl PartialEq for SecretStore {
    fn eq(&self, other: &Self) -> bool {
        self.service == other.service
    }
}

impl Eq for SecretStore {}

/// A keyring operation, for fault injection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretOp {
    Set,
    Get,
    Delete,
}

/// How an injected keyring failure looks: as the platform reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretFault {
    /// The keyring is locked (or refused access).
    Locked,
    /// No keyring service can be reached.
    Unreachable,
}

impl SecretFault {
    fn error(self) -> keyring::Error {
        match self {
            SecretFault::Locked => keyring::Error::NoStorageAccess("coleção bloqueada".into()),
            SecretFault::Unreachable => keyring::Error::PlatformFailure("serviço de chaves ausente".into()),
        }
    }
}

impl SecretStore {
    pub fn new(service: impl Into<String>) -> Self {
        Self { service: service.into(), faults: Arc::default() }
    }

    /// Makes every `op` fail with `fault` from now on (`None`: works again). For tests of the
    /// account store's consistency; the real keyring is still used for the other operations.
    pub fn inject(&self, op: SecretOp, fault: Option<SecretFault>) {
        let mut faults = self.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match fault {
            Some(fault) => faults.insert(op, fault),
            None => faults.remove(&op),
        };
    }

    fn fault(&self, op: SecretOp) -> CommandResult<()> {
        let faults = self.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match faults.get(&op) {
            Some(fault) => Err(CommandError::keyring(&fault.error())),
            None => Ok(()),
        }
    }

    /// `pabx-desktop-dev` in debug builds, `pabx-desktop` in release builds.
    pub fn for_build() -> Self {
        Self::new(service_name(cfg!(debug_assertions)))
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    async fn blocking<T: Send + 'static>(
        &self,
        id: &str,
        op: impl FnOnce(keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        let (service, id) = (self.service.clone(), id.to_owned());
        tokio::task::spawn_blocking(move || keyring::Entry::new(&service, &id).and_then(op))
            .await
            .map_err(|_| CommandError::new(CommandErrorKind::KEYRING, "O acesso ao chaveiro do sistema foi interrompido. Tente de novo."))?
            .map_err(|e| CommandError::keyring(&e))
    }

    pub async fn set(&self, id: &str, token: Sensitive<String>) -> CommandResult<()> {
        self.fault(SecretOp::Set)?;
        self.blocking(id, move |entry| entry.set_password(token.expose())).await
    }

    /// The token, or None when the entry does not exist.
    pub async fn get(&self, id: &str) -> CommandResult<Option<Sensitive<String>>> {
        self.fault(SecretOp::Get)?;
        self.blocking(id, |entry| match entry.get_password() {
            Ok(token) => Ok(Some(Sensitive::new(token))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(other),
        })
        .await
    }

    /// Deletes the entry; a missing entry is fine.
    pub async fn delete(&self, id: &str) -> CommandResult<()> {
        self.fault(SecretOp::Delete)?;
        self.blocking(id, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(other) => Err(other),
        })
        .await
    }
}

/// The keyring service name for a debug or a release build.
pub fn service_name(debug: bool) -> &'static str {
    if debug {
        DEV_SERVICE
    } else {
        RELEASE_SERVICE
    }
}

/// The accounts file as stored. Entries stay raw JSON, so what this version does not know (keys
/// and whole entries written by a newer version, a dialect it does not speak) goes back to disk
/// unchanged.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct AccountsFile {
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    accounts: Vec<Value>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl AccountsFile {
    /// The active account, read alone (the others are not parsed).
    fn active_account(&self) -> Option<Account> {
        self.active.as_deref().and_then(|id| self.account(id).ok()).map(|(_, account)| account)
    }

    /// The entries this version can read.
    fn readable(&self) -> Vec<Account> {
        self.accounts.iter().filter_map(|raw| read_entry(raw).ok()).collect()
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.accounts.iter().position(|raw| raw.get("id").and_then(Value::as_str) == Some(id))
    }

    /// The account with `id`; one this version cannot read is an error that says why.
    fn account(&self, id: &str) -> CommandResult<(usize, Account)> {
        let index = self.position(id).ok_or_else(CommandError::unknown_account)?;
        let raw = &self.accounts[index];
        read_entry(raw).map(|account| (index, account)).map_err(|detail| unreadable(raw, &detail))
    }

    /// Writes `account` over the entry at `index` (or adds it), keeping the keys it does not know.
    fn put(&mut self, index: Option<usize>, account: &Account) {
        let Ok(Value::Object(fields)) = serde_json::to_value(account) else { return };
        match index.and_then(|i| self.accounts.get_mut(i)) {
            Some(Value::Object(raw)) => raw.extend(fields),
            Some(other) => *other = Value::Object(fields),
            None => self.accounts.push(Value::Object(fields)),
        }
    }
}

fn read_entry(raw: &Value) -> Result<Account, String> {
    Account::deserialize(raw).map_err(|e| e.to_string())
}

/// An entry this version cannot use: kept in the file as it is, refused with a message.
fn unreadable(raw: &Value, detail: &str) -> CommandError {
    let label = raw.get("label").and_then(Value::as_str).unwrap_or("sem nome");
    CommandError::storage(format!(
        "A conta \"{label}\" não pode ser usada nesta versão do PABX Desktop ({detail}): foi gravada por uma \
         versão mais nova ou editada à mão. Ela continua guardada como está; atualize o aplicativo, ou remova \
         a conta e cadastre-a de novo."
    ))
}

/// Accounts on disk plus their tokens in the keyring. Writes are serialized by a lock so two
/// commands never lose each other's change, and ordered so that after any one failure the file
/// and the keyring agree: the keyring first when a token comes in (undone if the file cannot be
/// written), the file first when an account goes.
#[derive(Debug)]
pub struct AccountStore {
    path: PathBuf,
    secrets: SecretStore,
    lock: tokio::sync::Mutex<()>,
}

impl AccountStore {
    /// A store whose file is `<config_dir>/accounts.json`.
    pub fn new(config_dir: &Path, secrets: SecretStore) -> Self {
        Self { path: config_dir.join(ACCOUNTS_FILE), secrets, lock: tokio::sync::Mutex::new(()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn secrets(&self) -> &SecretStore {
        &self.secrets
    }

    /// The temporary file a write goes through before it replaces the accounts file.
    pub fn temp_path(&self) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        dir.join(format!(".{ACCOUNTS_FILE}.{}.tmp", std::process::id()))
    }

    fn load(&self) -> CommandResult<AccountsFile> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AccountsFile::default()),
            Err(e) => {
                return Err(CommandError::storage(format!(
                    "Não foi possível ler o arquivo de contas {} ({e}). Confira as permissões da pasta.",
                    self.path.display()
                )))
            }
        };
        // A damaged file is never written over: every change starts by reading it.
        serde_json::from_str(&text).map_err(|e| {
            CommandError::storage(format!(
                "O arquivo de contas {} está corrompido ({e}) e não foi alterado. Corrija-o num editor de \
                 texto, ou renomeie-o e cadastre as contas de novo (os tokens continuam no chaveiro do sistema).",
                self.path.display()
            ))
        })
    }

    /// Temp file + fsync + rename (+ fsync of the folder): a crash leaves the old file or the
    /// new one, never half.
    fn store(&self, file: &AccountsFile) -> CommandResult<()> {
        let fail = |e: std::io::Error| {
            CommandError::storage(format!(
                "Não foi possível gravar o arquivo de contas {} ({e}); nada foi alterado. Confira o espaço em \
                 disco e as permissões e tente de novo.",
                self.path.display()
            ))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let json = serde_json::to_vec_pretty(file).map_err(|e| fail(std::io::Error::other(e)))?;
        let temp = self.temp_path();
        let mut out = std::fs::File::create(&temp).map_err(fail)?;
        if let Err(e) = out.write_all(&json).and_then(|()| out.sync_all()) {
            drop(out);
            let _ = std::fs::remove_file(&temp);
            return Err(fail(e));
        }
        drop(out);
        std::fs::rename(&temp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            fail(e)
        })?;
        // The rename itself survives a power cut once the folder is synced (not possible on
        // every platform; the file is already complete either way).
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }

    /// The accounts this version can use (an entry it cannot read stays in the file, unlisted).
    pub fn list(&self) -> CommandResult<Vec<Account>> {
        Ok(self.load()?.readable())
    }

    pub fn get(&self, id: &str) -> CommandResult<Account> {
        Ok(self.load()?.account(id)?.1)
    }

    /// The active account, if any (an id that no longer exists, or that this version cannot
    /// read, reads as none).
    pub fn active(&self) -> CommandResult<Option<Account>> {
        Ok(self.load()?.active_account())
    }

    /// [`list`](Self::list) and [`active`](Self::active) from one read of the file, so the two agree.
    pub fn list_and_active(&self) -> CommandResult<(Vec<Account>, Option<Account>)> {
        let file = self.load()?;
        Ok((file.readable(), file.active_account()))
    }

    /// Creates (`id` None) or edits an account. A new account needs a token; on edit a blank
    /// token keeps the stored one. The first account becomes the active one.
    pub async fn save(&self, id: Option<&str>, input: &AccountInput) -> CommandResult<Account> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let existing = match id {
            Some(id) => Some(file.account(id)?),
            None => None,
        };
        let is_sandbox = existing.as_ref().is_some_and(|(_, a)| a.is_sandbox);
        let errors = if is_sandbox {
            // The sandbox's address and credentials come from the running sandbox; only the
            // label can change.
            input.field_errors(false).into_iter().filter(|e| e.field == "label").collect()
        } else {
            input.field_errors(existing.is_none())
        };
        if !errors.is_empty() {
            return Err(CommandError::invalid_input(errors));
        }
        let index = existing.as_ref().map(|(index, _)| *index);
        let account = match existing {
            Some((_, mut account)) => {
                account.label = input.label.trim().to_owned();
                if !is_sandbox {
                    account.base_url = input.base_url.trim().to_owned();
                    account.usuario = input.usuario.trim().to_owned();
                    account.dialeto = input.dialeto;
                }
                account
            }
            None => Account {
                id: new_id(),
                label: input.label.trim().to_owned(),
                base_url: input.base_url.trim().to_owned(),
                usuario: input.usuario.trim().to_owned(),
                is_sandbox: false,
                dialeto: input.dialeto,
            },
        };
        file.put(index, &account);
        if file.active.is_none() {
            file.active = Some(account.id.clone());
        }
        let new_token = if is_sandbox { None } else { input.new_token() };
        let Some(token) = new_token else {
            self.store(&file)?;
            return Ok(account);
        };
        // The token replaced on edit is kept, to be put back if the file cannot be written.
        let previous = if index.is_some() { self.secrets.get(&account.id).await? } else { None };
        self.secrets.set(&account.id, token).await?;
        if let Err(mut error) = self.store(&file) {
            let undone = match previous {
                Some(old) => self.secrets.set(&account.id, old).await,
                None => self.secrets.delete(&account.id).await,
            };
            if undone.is_err() {
                error.message.push_str(" O token novo ficou no chaveiro do sistema: salve a conta de novo.");
            }
            return Err(error);
        }
        Ok(account)
    }

    /// Removes the account, then its keyring entry; the active account moves to the first left.
    /// The removal stands when the keyring cannot be reached: the returned warning says the
    /// token may remain there.
    pub async fn remove(&self, id: &str) -> CommandResult<Option<String>> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let index = file.position(id).ok_or_else(CommandError::unknown_account)?;
        let removed = file.accounts.remove(index);
        if file.active.as_deref() == Some(id) {
            file.active = file.readable().first().map(|a| a.id.clone());
        }
        self.store(&file)?;
        // The sandbox's token never reaches the keyring.
        if removed.get("is_sandbox").and_then(Value::as_bool) == Some(true) {
            return Ok(None);
        }
        Ok(self.secrets.delete(id).await.err().map(|error| {
            format!(
                "A conta foi removida, mas o token dela pode ter ficado no chaveiro do sistema ({}). \
                 Apague-o pelo gerenciador de senhas do sistema (serviço \"{}\", conta \"{id}\").",
                error.message.trim_end_matches('.'),
                self.secrets.service()
            )
        }))
    }

    pub async fn set_active(&self, id: &str) -> CommandResult<Account> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let (_, account) = file.account(id)?;
        file.active = Some(account.id.clone());
        self.store(&file)?;
        Ok(account)
    }

    /// Registers (or refreshes the address of) the sandbox account and makes it active.
    pub async fn activate_sandbox(&self, base_url: &str, usuario: &str) -> CommandResult<Account> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let existing = file.position(SANDBOX_ID);
        let label = existing
            .and_then(|i| read_entry(&file.accounts[i]).ok())
            .map_or_else(|| "Sandbox (dados de demonstração)".to_owned(), |a| a.label);
        let account = Account {
            id: SANDBOX_ID.to_owned(),
            label,
            base_url: base_url.to_owned(),
            usuario: usuario.to_owned(),
            is_sandbox: true,
            // The built-in sandbox client always speaks the legacy dialect.
            dialeto: Dialeto::Legado,
        };
        file.put(existing, &account);
        file.active = Some(account.id.clone());
        self.store(&file)?;
        Ok(account)
    }

    /// The stored token of an account.
    pub async fn token(&self, id: &str) -> CommandResult<Sensitive<String>> {
        self.secrets.get(id).await?.ok_or_else(|| CommandError::keyring(&keyring::Error::NoEntry))
    }
}

/// A fresh account id: time plus randomness, so two saves never collide.
fn new_id() -> String {
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("acc-{millis:x}-{:08x}", rand::random::<u32>())
}
