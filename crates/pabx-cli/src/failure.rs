//! Every way a command can fail, its exit code and its pt-BR message for stderr.
//!
//! Exit codes are part of the CLI's contract with scripts: 0 ok, 2 usage, 3 invalid input,
//! 4 the API refused or failed, 5 the server could not be reached (or a write's answer was lost
//! and the lookup shows it was not applied), 6 a write's answer was lost and nobody can tell
//! whether it was applied. Messages never contain the token: they are built from
//! `pabx_api::Error` (which never holds it) and from our own text.

use std::process::ExitCode;

use pabx_api::{Error, ErrorKind, FieldError, WriteOutcome, WriteState};

/// The exit codes, as shown at the end of `pabx --help`.
pub const EXIT_CODES_HELP: &str = "\
Códigos de saída:
  0  sucesso
  2  uso incorreto (opção inválida ou faltando, URL, usuário ou token não informados)
  3  dados inválidos (validação local, arquivo ilegível ou JSON inválido) ou remoção que o
     servidor recusaria (cliente que ainda tem ramais, DIDs, troncos ou planos); nada foi enviado
  4  erro da API (401 credenciais recusadas, 400 dados recusados, 404 não encontrado, outros)
  5  erro de rede (conexão recusada, DNS, TLS, tempo esgotado); numa gravação cuja resposta
     se perdeu, a consulta mostrou que ela não foi salva: pode enviar de novo
  6  não é possível saber se a gravação foi salva: a resposta se perdeu e a consulta também
     falhou; confira a lista antes de enviar de novo (uma gravação nunca é reenviada sozinha)

Numa gravação cuja resposta se perdeu, o registro é procurado (ramal por cliente e número,
cliente por login, DID por número, tronco e plano por cliente e nome): se foi salva, a saída
é 0 e a mensagem diz o id.

Credenciais: URL e usuário por --url/--usuario ou PABX_URL/PABX_USUARIO; o token vem de
PABX_TOKEN ou da entrada padrão (--token-stdin), nunca de um argumento.";

#[derive(Debug)]
pub enum Failure {
    /// Wrong or missing options, URL, usuario or token: exit 2.
    Usage(String),
    /// A file that cannot be read or is not the expected JSON: exit 3.
    Input(String),
    /// Local validation failed; nothing was sent: exit 3.
    Invalid(Vec<FieldError>),
    /// A write the server would refuse, said before sending (a customer that still has
    /// ramais); nothing was sent: exit 3.
    Blocked(String),
    /// What the client returned.
    Api(Error),
    /// A bulk import that ran but left rows behind: its report goes to stdout, `message` to
    /// stderr; exit 3 for rows refused before sending, 4 for rows the server refused.
    Partial { output: String, message: String, code: u8 },
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        match error {
            Error::InvalidInput(fields) => Failure::Invalid(fields),
            other => Failure::Api(other),
        }
    }
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }

    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Partial { code, .. } => *code,
            Failure::Input(_) | Failure::Invalid(_) | Failure::Blocked(_) => 3,
            Failure::Api(error) => match error.kind() {
                ErrorKind::InvalidUrl | ErrorKind::Redirect => 2,
                ErrorKind::OutcomeUnknown => match error.write_state() {
                    Some(WriteState::Applied { .. }) => 0,
                    Some(WriteState::NotApplied) => 5,
                    _ => 6,
                },
                ErrorKind::InvalidInput => 3,
                ErrorKind::Connect | ErrorKind::Dns | ErrorKind::Tls | ErrorKind::Timeout => 5,
                ErrorKind::Unauthorized
                | ErrorKind::Validation
                | ErrorKind::NotFound
                | ErrorKind::Server
                | ErrorKind::MalformedResponse
                | ErrorKind::ResponseTooLarge => 4,
            },
        }
    }

    /// The text for stderr: what went wrong and what to do next.
    pub fn message(&self) -> String {
        match self {
            Failure::Usage(text) => format!("erro: {text}\nUse `pabx --help` para ver as opções."),
            Failure::Input(text) | Failure::Blocked(text) => format!("erro: {text}"),
            Failure::Partial { message, .. } => message.clone(),
            Failure::Invalid(fields) => {
                let mut text = String::from("erro: dados inválidos; nada foi enviado.\n");
                text.push_str(&field_lines(fields));
                text.push_str("Corrija os campos indicados e rode o comando de novo.");
                text
            }
            Failure::Api(error) => {
                let mut text = format!("erro: {error}");
                if !error.field_errors().is_empty() && error.kind() != ErrorKind::InvalidInput {
                    text.push_str("\nCampos recusados pelo servidor:\n");
                    text.push_str(field_lines(error.field_errors()).trim_end());
                }
                text
            }
        }
    }
}

/// A write whose answer was lost but which the lookup shows was applied is a success: its
/// outcome is the pt-BR explanation and the id found. Any other error stays a failure.
pub fn settle(result: Result<WriteOutcome, Error>) -> Result<WriteOutcome, Failure> {
    match result {
        Ok(outcome) => Ok(outcome),
        Err(error) => match error.write_state() {
            Some(WriteState::Applied { id }) => {
                Ok(WriteOutcome { mensagem: error.to_string(), dados: serde_json::json!({ "id": id }), aviso: None })
            }
            _ => Err(error.into()),
        },
    }
}

fn field_lines(fields: &[FieldError]) -> String {
    fields.iter().map(|f| format!("  - {}: {}\n", f.field, f.message)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_error_kind() {
        assert_eq!(Failure::Usage("x".into()).code(), 2);
        assert_eq!(Failure::Input("x".into()).code(), 3);
        assert_eq!(Failure::from(Error::InvalidInput(vec![FieldError::new("cnpj", "inválido")])).code(), 3);
        assert_eq!(Failure::from(Error::Timeout).code(), 5);
        assert_eq!(Failure::from(Error::Dns { detail: String::new() }).code(), 5);
        assert_eq!(Failure::from(Error::Unauthorized { mensagem: String::new() }).code(), 4);
        assert_eq!(Failure::from(Error::Server { code: 500, mensagem: String::new() }).code(), 4);
        assert_eq!(Failure::from(Error::InvalidUrl("x".into())).code(), 2);
        assert_eq!(Failure::from(Error::Redirect { status: 301, target: "https://outro".into() }).code(), 2);
        assert_eq!(Failure::from(Error::ResponseTooLarge { limit_mib: 32 }).code(), 4);
        let lost = |state| Error::OutcomeUnknown { acao: "inserir_ramal".into(), cause: "x".into(), state };
        assert_eq!(Failure::from(lost(WriteState::NotApplied)).code(), 5);
        assert_eq!(Failure::from(lost(WriteState::Unknown { reason: "x".into() })).code(), 6);
        assert_eq!(Failure::from(lost(WriteState::Unchecked)).code(), 6);
        let saved = settle(Err(lost(WriteState::Applied { id: Some(7) }))).expect("applied is a success");
        assert!(saved.mensagem.contains("id 7"), "{}", saved.mensagem);
        assert_eq!(saved.dados["id"], 7);
    }

    #[test]
    fn field_errors_are_listed_one_per_line() {
        let text = Failure::Invalid(vec![FieldError::new("faixa_max", "menor que faixa_min")]).message();
        assert!(text.contains("  - faixa_max: menor que faixa_min\n"), "{text}");
        assert!(text.contains("nada foi enviado"));
        let server = Error::Validation { mensagem: "dados".into(), fields: vec![FieldError::new("numero", "já existe")] };
        assert!(Failure::from(server).message().contains("  - numero: já existe"));
    }
}
