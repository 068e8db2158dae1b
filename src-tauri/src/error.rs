//! The one error every command returns: a stable kind the UI can branch on, a pt-BR message fit
//! to show, and the field errors a form can mark. Built from `pabx_api::Error` and from the
//! app's own failures (no account, keyring, storage, sandbox); never carries a token.

use pabx_api::{ErrorKind, FieldError};
use serde::{Deserialize, Serialize};

/// What kind of failure: every `pabx_api::ErrorKind` plus the app's own, all one snake_case
/// string on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum CommandErrorKind {
    Api(ErrorKind),
    App(AppErrorKind),
}

/// The failures of the app itself, beside the API's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorKind {
    /// No account is active (or the id given does not exist).
    NoAccount,
    /// The OS keyring refused or is missing.
    Keyring,
    /// The accounts file could not be read or written.
    Storage,
    /// The built-in sandbox could not start.
    Sandbox,
}

impl CommandErrorKind {
    pub const NO_ACCOUNT: Self = Self::App(AppErrorKind::NoAccount);
    pub const KEYRING: Self = Self::App(AppErrorKind::Keyring);
    pub const STORAGE: Self = Self::App(AppErrorKind::Storage);
    pub const SANDBOX: Self = Self::App(AppErrorKind::Sandbox);
}

/// A failed command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub kind: CommandErrorKind,
    /// pt-BR, says what to do next.
    pub message: String,
    pub field_errors: Vec<FieldError>,
}

impl CommandError {
    pub fn new(kind: CommandErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), field_errors: Vec::new() }
    }

    /// Local validation failed: nothing was sent.
    pub fn invalid_input(field_errors: Vec<FieldError>) -> Self {
        pabx_api::Error::InvalidInput(field_errors).into()
    }

    pub fn no_account() -> Self {
        Self::new(CommandErrorKind::NO_ACCOUNT, "Nenhuma conta ativa. Adicione uma conta ou use o sandbox embutido.")
    }

    pub fn unknown_account() -> Self {
        Self::new(CommandErrorKind::NO_ACCOUNT, "Conta não encontrada. Atualize a lista de contas e tente de novo.")
    }

    pub fn storage(message: impl Into<String>) -> Self {
        Self::new(CommandErrorKind::STORAGE, message)
    }

    pub fn sandbox(message: impl Into<String>) -> Self {
        Self::new(CommandErrorKind::SANDBOX, message)
    }

    /// The keyring's error, with what the user can do about it. keyring's own texts name the
    /// platform failure, never the secret.
    pub fn keyring(error: &keyring::Error) -> Self {
        let message = match error {
            keyring::Error::NoStorageAccess(detail) => format!(
                "O chaveiro do sistema está bloqueado ou recusou o acesso ({detail}). \
                 Desbloqueie o chaveiro (GNOME Keyring, KWallet, Keychain) e tente de novo."
            ),
            keyring::Error::PlatformFailure(detail) => format!(
                "O chaveiro do sistema não está disponível ({detail}). Instale e inicie um \
                 serviço de chaves (Secret Service, como o GNOME Keyring ou o KWallet) e tente de novo."
            ),
            keyring::Error::NoEntry => {
                "O token desta conta não está no chaveiro do sistema. Edite a conta e informe o token de novo.".to_owned()
            }
            other => {
                format!("O chaveiro do sistema recusou a operação ({other}). Edite a conta e informe o token de novo.")
            }
        };
        Self::new(CommandErrorKind::KEYRING, message)
    }
}

impl From<pabx_api::Error> for CommandError {
    fn from(error: pabx_api::Error) -> Self {
        Self { kind: CommandErrorKind::Api(error.kind()), message: error.to_string(), field_errors: error.field_errors().to_vec() }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_is_snake_case_kind_message_and_fields() {
        let error = CommandError::invalid_input(vec![FieldError::new("numero", "fora da faixa")]);
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["kind"], "invalid_input");
        assert_eq!(json["field_errors"][0]["field"], "numero");
        assert!(json["message"].as_str().unwrap().contains("nada foi enviado"));
        let json = serde_json::to_value(CommandError::no_account()).unwrap();
        assert_eq!(json["kind"], "no_account");
        assert_eq!(json["field_errors"], serde_json::json!([]));
    }

    #[test]
    fn keyring_messages_say_what_to_do() {
        let error = CommandError::keyring(&keyring::Error::NoEntry);
        assert_eq!(error.kind, CommandErrorKind::KEYRING);
        assert!(error.message.contains("informe o token"));
    }
}
