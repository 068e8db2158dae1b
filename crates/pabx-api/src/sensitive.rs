//! Secrets that must never be printed: [`Sensitive`] shows `***` in Debug and Display and has
//! no Serialize, so a token cannot reach a log, an error message or a file by accident.

use std::fmt;

/// A value whose Debug and Display hide it. Read it with [`Sensitive::expose`], only where it is
/// put on the wire or in the keyring.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// The `autenticacao` of every call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    pub usuario: String,
    pub token: Sensitive<String>,
}

impl Credentials {
    pub fn new(usuario: impl Into<String>, token: impl Into<Sensitive<String>>) -> Self {
        Self { usuario: usuario.into(), token: token.into() }
    }

    /// Replaces every occurrence of the token in `text` (for excerpts of foreign bodies).
    pub fn redact(&self, text: &str) -> String {
        let token = self.token.expose();
        if token.len() < 4 {
            return text.to_owned();
        }
        text.replace(token.as_str(), "***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_token() {
        let credentials = Credentials::new("revenda", "tok-123456");
        let shown = format!("{credentials:?} {}", credentials.token);
        assert!(!shown.contains("tok-123456"), "{shown}");
        assert!(shown.contains("revenda"));
        assert_eq!(credentials.redact("x tok-123456 y"), "x *** y");
    }
}
