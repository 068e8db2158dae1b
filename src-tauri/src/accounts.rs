//! Accounts: label, URL and usuario in a JSON file in the app's config dir (written atomically);
//! the token only in the OS keyring, one entry per account id under a service name that differs
//! between debug and release builds, so a developer's runs never touch a user's tokens.
//! Keyring calls block (D-Bus on Linux), so they run on `spawn_blocking`. Each account names the
//! API dialect it speaks; files written before the field existed read as `Legado`.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use pabx_api::{Dialeto, FieldError, Sensitive};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretStore {
    service: String,
}

impl SecretStore {
    pub fn new(service: impl Into<String>) -> Self {
        Self { service: service.into() }
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
            .map_err(|_| {
                CommandError::new(
                    CommandErrorKind::KEYRING,
                    "O acesso ao chaveiro do sistema foi interrompido. Tente de novo.",
                )
            })?
            .map_err(|e| CommandError::keyring(&e))
    }

    pub async fn set(&self, id: &str, token: Sensitive<String>) -> CommandResult<()> {
        self.blocking(id, move |entry| entry.set_password(token.expose())).await
    }

    /// The token, or None when the entry does not exist.
    pub async fn get(&self, id: &str) -> CommandResult<Option<Sensitive<String>>> {
        self.blocking(id, |entry| match entry.get_password() {
            Ok(token) => Ok(Some(Sensitive::new(token))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(other),
        })
        .await
    }

    /// Deletes the entry; a missing entry is fine.
    pub async fn delete(&self, id: &str) -> CommandResult<()> {
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

/// The accounts file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct AccountsFile {
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    accounts: Vec<Account>,
}

/// Accounts on disk plus their tokens in the keyring. Writes are serialized by a lock so two
/// commands never lose each other's change.
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
        serde_json::from_str(&text).map_err(|e| {
            CommandError::storage(format!(
                "O arquivo de contas {} está corrompido ({e}). Corrija-o ou apague-o e cadastre as contas de novo.",
                self.path.display()
            ))
        })
    }

    /// Temp file + fsync + rename: a crash leaves the old file or the new one, never half.
    fn store(&self, file: &AccountsFile) -> CommandResult<()> {
        let fail = |e: std::io::Error| {
            CommandError::storage(format!(
                "Não foi possível gravar o arquivo de contas {} ({e}). Confira o espaço em disco e as permissões.",
                self.path.display()
            ))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let json = serde_json::to_vec_pretty(file).map_err(|e| fail(std::io::Error::other(e)))?;
        let temp = dir.join(format!(".{ACCOUNTS_FILE}.{}.tmp", std::process::id()));
        let mut out = std::fs::File::create(&temp).map_err(fail)?;
        out.write_all(&json).and_then(|()| out.sync_all()).map_err(fail)?;
        drop(out);
        std::fs::rename(&temp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            fail(e)
        })
    }

    pub fn list(&self) -> CommandResult<Vec<Account>> {
        Ok(self.load()?.accounts)
    }

    pub fn get(&self, id: &str) -> CommandResult<Account> {
        self.load()?.accounts.into_iter().find(|a| a.id == id).ok_or_else(CommandError::unknown_account)
    }

    /// The active account, if any (an id that no longer exists reads as none).
    pub fn active(&self) -> CommandResult<Option<Account>> {
        let file = self.load()?;
        Ok(file.active.and_then(|id| file.accounts.into_iter().find(|a| a.id == id)))
    }

    /// Creates (`id` None) or edits an account. A new account needs a token; on edit a blank
    /// token keeps the stored one. The first account becomes the active one.
    pub async fn save(&self, id: Option<&str>, input: &AccountInput) -> CommandResult<Account> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let existing = match id {
            Some(id) => Some(file.accounts.iter().position(|a| a.id == id).ok_or_else(CommandError::unknown_account)?),
            None => None,
        };
        let is_sandbox = existing.is_some_and(|i| file.accounts[i].is_sandbox);
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
        let account = match existing {
            Some(index) => {
                let account = &mut file.accounts[index];
                account.label = input.label.trim().to_owned();
                if !is_sandbox {
                    account.base_url = input.base_url.trim().to_owned();
                    account.usuario = input.usuario.trim().to_owned();
                    account.dialeto = input.dialeto;
                }
                account.clone()
            }
            None => {
                let account = Account {
                    id: new_id(),
                    label: input.label.trim().to_owned(),
                    base_url: input.base_url.trim().to_owned(),
                    usuario: input.usuario.trim().to_owned(),
                    is_sandbox: false,
                    dialeto: input.dialeto,
                };
                file.accounts.push(account.clone());
                account
            }
        };
        if file.active.is_none() {
            file.active = Some(account.id.clone());
        }
        let new_token = if is_sandbox { None } else { input.new_token() };
        if let Some(token) = new_token {
            self.secrets.set(&account.id, token).await?;
        }
        if let Err(error) = self.store(&file) {
            if existing.is_none() {
                // Do not leave an orphan token behind for an account that was never saved.
                let _ = self.secrets.delete(&account.id).await;
            }
            return Err(error);
        }
        Ok(account)
    }

    /// Removes the account and its keyring entry; the active account moves to the first left.
    pub async fn remove(&self, id: &str) -> CommandResult<()> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let index = file.accounts.iter().position(|a| a.id == id).ok_or_else(CommandError::unknown_account)?;
        let removed = file.accounts.remove(index);
        // The sandbox's token never reaches the keyring, so its removal works without one.
        if !removed.is_sandbox {
            self.secrets.delete(id).await?;
        }
        if file.active.as_deref() == Some(id) {
            file.active = file.accounts.first().map(|a| a.id.clone());
        }
        self.store(&file)
    }

    pub async fn set_active(&self, id: &str) -> CommandResult<Account> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let account = file.accounts.iter().find(|a| a.id == id).cloned().ok_or_else(CommandError::unknown_account)?;
        file.active = Some(account.id.clone());
        self.store(&file)?;
        Ok(account)
    }

    /// Registers (or refreshes the address of) the sandbox account and makes it active.
    pub async fn activate_sandbox(&self, base_url: &str, usuario: &str) -> CommandResult<Account> {
        let _guard = self.lock.lock().await;
        let mut file = self.load()?;
        let account = match file.accounts.iter_mut().find(|a| a.id == SANDBOX_ID) {
            Some(account) => {
                account.base_url = base_url.to_owned();
                account.usuario = usuario.to_owned();
                account.is_sandbox = true;
                // The built-in sandbox client always speaks the legacy dialect.
                account.dialeto = Dialeto::Legado;
                account.clone()
            }
            None => {
                let account = Account {
                    id: SANDBOX_ID.to_owned(),
                    label: "Sandbox (dados de demonstração)".to_owned(),
                    base_url: base_url.to_owned(),
                    usuario: usuario.to_owned(),
                    is_sandbox: true,
                    dialeto: Dialeto::Legado,
                };
                file.accounts.push(account.clone());
                account
            }
        };
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
    let millis =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("acc-{millis:x}-{:08x}", rand::random::<u32>())
}
