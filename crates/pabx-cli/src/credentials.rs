//! Where the account comes from: URL and usuario from flags or environment, the token only from
//! `PABX_TOKEN` or standard input, so it never appears in `ps`, shell history or our output.

use std::io::{IsTerminal, Read};

use pabx_api::{Credentials, Sensitive};

use crate::failure::Failure;

/// What the command line and the environment say about the account.
pub struct Sources<'a> {
    pub url: Option<&'a str>,
    pub usuario: Option<&'a str>,
    pub token_stdin: bool,
    /// `PABX_TOKEN`, read by the caller.
    pub token_env: Option<String>,
    pub stdin_is_terminal: bool,
    /// True when a `--file -` needs standard input for itself.
    pub file_uses_stdin: bool,
}

/// The URL and the credentials, or a usage error saying how to give what is missing.
pub fn resolve(sources: Sources<'_>, read_stdin: impl FnOnce() -> std::io::Result<String>) -> Result<(String, Credentials), Failure> {
    let url = non_empty(sources.url)
        .ok_or_else(|| Failure::Usage("endereço da API não informado. Use --url https://servidor ou defina PABX_URL.".into()))?;
    let usuario = non_empty(sources.usuario)
        .ok_or_else(|| Failure::Usage("usuário não informado. Use --usuario NOME ou defina PABX_USUARIO.".into()))?;
    let token = token(sources, read_stdin)?;
    Ok((url.to_owned(), Credentials::new(usuario, token)))
}

fn token(sources: Sources<'_>, read_stdin: impl FnOnce() -> std::io::Result<String>) -> Result<Sensitive<String>, Failure> {
    let env = sources.token_env.filter(|t| !t.trim().is_empty());
    let from_stdin = sources.token_stdin || (env.is_none() && !sources.stdin_is_terminal);
    if !from_stdin {
        return env.map(|t| Sensitive::new(t.trim().to_owned())).ok_or_else(|| {
            Failure::Usage(
                "token não informado. Defina PABX_TOKEN ou envie o token pela entrada padrão com --token-stdin \
                 (ex.: `cat token.txt | pabx --token-stdin ...`). Por segurança o token não é aceito como argumento."
                    .into(),
            )
        });
    }
    if sources.file_uses_stdin {
        return Err(Failure::Usage(
            "a entrada padrão não pode trazer o token e o arquivo (--file -) ao mesmo tempo. \
             Defina PABX_TOKEN ou passe o arquivo pelo caminho."
                .into(),
        ));
    }
    let text =
        read_stdin().map_err(|e| Failure::Usage(format!("não foi possível ler o token da entrada padrão ({e}). Defina PABX_TOKEN.")))?;
    // The first line only: a trailing newline from `echo` or a password manager is not part of it.
    let first = text.lines().next().unwrap_or("").trim().to_owned();
    if first.is_empty() {
        return Err(Failure::Usage(
            "token não informado: a entrada padrão veio vazia. Envie o token pela entrada padrão \
             (ex.: `cat token.txt | pabx --token-stdin ...`) ou defina PABX_TOKEN."
                .into(),
        ));
    }
    Ok(Sensitive::new(first))
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Reads all of standard input (a token is short; the limit keeps a mistaken pipe harmless).
pub fn read_stdin() -> std::io::Result<String> {
    let mut text = String::new();
    std::io::stdin().lock().take(64 * 1024).read_to_string(&mut text)?;
    Ok(text)
}

pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(token_stdin: bool, token_env: Option<&str>, terminal: bool) -> Sources<'static> {
        Sources {
            url: Some("http://127.0.0.1:1"),
            usuario: Some("revenda"),
            token_stdin,
            token_env: token_env.map(str::to_owned),
            stdin_is_terminal: terminal,
            file_uses_stdin: false,
        }
    }

    fn never() -> std::io::Result<String> {
        panic!("stdin must not be read")
    }

    #[test]
    fn env_token_when_stdin_is_a_terminal() {
        let (_, credentials) = resolve(sources(false, Some("abc123\n"), true), never).unwrap();
        assert_eq!(credentials.token.expose(), "abc123");
    }

    #[test]
    fn env_wins_over_a_piped_stdin_unless_asked() {
        let (_, credentials) = resolve(sources(false, Some("env-token"), false), never).unwrap();
        assert_eq!(credentials.token.expose(), "env-token");
        let (_, credentials) = resolve(sources(true, Some("env-token"), false), || Ok("piped\nrest".into())).unwrap();
        assert_eq!(credentials.token.expose(), "piped");
    }

    #[test]
    fn stdin_without_env_when_not_a_terminal() {
        let (_, credentials) = resolve(sources(false, None, false), || Ok("  tok  \n".into())).unwrap();
        assert_eq!(credentials.token.expose(), "tok");
    }

    #[test]
    fn missing_token_is_a_usage_error_that_says_what_to_do() {
        let Err(failure) = resolve(sources(false, None, true), never) else { panic!() };
        assert_eq!(failure.code(), 2);
        assert!(failure.message().contains("PABX_TOKEN"), "{}", failure.message());
        let Err(failure) = resolve(sources(false, Some("  "), false), || Ok(String::new())) else { panic!() };
        assert!(failure.message().contains("vazia"));
    }

    #[test]
    fn stdin_cannot_carry_token_and_file() {
        let mut s = sources(true, None, false);
        s.file_uses_stdin = true;
        let Err(failure) = resolve(s, never) else { panic!() };
        assert_eq!(failure.code(), 2);
    }

    #[test]
    fn url_and_usuario_are_required() {
        let mut s = sources(false, Some("t"), true);
        s.url = Some(" ");
        assert!(resolve(s, never).is_err_and(|f| f.message().contains("PABX_URL")));
        let mut s = sources(false, Some("t"), true);
        s.usuario = None;
        assert!(resolve(s, never).is_err_and(|f| f.message().contains("PABX_USUARIO")));
    }
}
