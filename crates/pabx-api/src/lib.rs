//! Typed client for the Viacel PABX JSON API.
//!
//! One module per entity (model and the bodies of its actions), [`actions`] with the table of
//! all 24 actions, [`envelope`] for the platform's answer, [`error`] for every failure with a
//! pt-BR message, [`validation`] for checks before anything is sent, and [`tarifas`] for call
//! pricing. Knows nothing of Tauri; the sandbox, the CLI and the desktop app all build on it.

#[macro_use]
pub mod de;

pub mod actions;
pub mod campos;
pub mod chamada;
pub mod client;
pub mod cliente;
pub mod colunar;
pub mod destino;
pub mod did;
pub mod em_branco;
pub mod envelope;
pub mod error;
pub mod feriados;
pub mod historico;
pub mod horario;
#[macro_use]
pub mod mensagens;
pub mod numero;
pub mod observe;
pub mod paging;
pub mod plano_discagem;
pub mod ramal;
pub mod reconcile;
pub mod regiao;
pub mod regra_roteamento;
pub mod roteamento;
pub mod sensitive;
pub mod tarifas;
pub mod tronco;
pub mod validation;

pub use actions::{Action, ActionInfo, ListAction, Method, WriteAction, ACTIONS};
pub use chamada::Chamada;
pub use client::{Client, ClientConfig, Dialeto, Progress, RetryPolicy, WriteOutcome};
pub use cliente::Cliente;
pub use did::Did;
pub use envelope::{Envelope, Page};
pub use error::{Error, ErrorKind, FieldError, Result};
pub use observe::{WriteEvent, WriteObserver};
pub use paging::Pages;
pub use plano_discagem::PlanoDiscagem;
pub use ramal::{DestinoEncaminhamento, Encaminhamento, Ramal};
pub use reconcile::{Reconcile, WriteState};
pub use regiao::Regiao;
pub use regra_roteamento::{RegraRoteamento, RegrasRoteamento};
pub use sensitive::{Credentials, Sensitive};
pub use tronco::{Tarifa, Tronco};

/// A record with an id, used by paging to recognise a record seen before.
pub trait Record: serde::Serialize {
    /// The record's id field (`ramal_id`, `cliente_id`...); 0 when the server sent none.
    fn record_id(&self) -> i64;
}

/// An excerpt of a foreign body, token removed, for an error message.
pub(crate) fn credentials_free_excerpt(body: &[u8], redact: &dyn Fn(&str) -> String) -> String {
    let text = String::from_utf8_lossy(body);
    // Redact before cutting, or a token cut in half would escape the redaction.
    de::excerpt(&redact(text.trim()))
}
