//! Writes whose answer was lost. A write sent but never answered (timeout, dropped connection,
//! a 2xx with a broken body) may or may not have been applied, and sending it again blindly can
//! create a second record. [`Client::reconcile`] looks the record up instead:
//!
//! - an insert, by its natural key: ramal by cliente + numero, cliente by login, DID by numero
//!   (in its cliente), tronco and plano de discagem by cliente + nome;
//! - an alter, by its id, comparing the stored record with what was sent (passwords aside, since
//!   a server may not return them);
//! - a delete, by its id (gone = applied);
//! - routing rules, by listing the plan's rules and comparing them with what was sent.
//!
//! [`Client::write`] runs it on its own when the outcome is unknown, so the CLI, the app and the
//! bulk importer all get the same answer. Nothing is ever sent again on its own.

use std::future::Future;

use serde::Serialize;
use serde_json::Value;

use crate::actions::ListAction;
use crate::cliente::{AlterarCliente, DeletarCliente, InserirCliente, ListarClientes};
use crate::did::{AlterarDid, DeletarDid, InserirDid, ListarDids};
use crate::plano_discagem::{AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem, ListarPlanosDiscagem};
use crate::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use crate::regra_roteamento::{AlterarRegrasRoteamento, ListarRegrasRoteamento, RegrasRoteamento};
use crate::tronco::{AlterarTronco, DeletarTronco, InserirTronco, ListarTroncos};
use crate::{Client, Cliente, Did, PlanoDiscagem, Ramal, Record, Tronco};

/// What is known about a write whose answer was lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WriteState {
    /// Not looked up (yet): the transport's own report, or a raw `call`.
    Unchecked,
    /// The lookup shows the write was applied: the record exists as sent (insert, alter; `id`
    /// is the record's) or is gone (delete).
    Applied { id: Option<i64> },
    /// The lookup shows it was not applied: sending it again is safe.
    NotApplied,
    /// The lookup itself failed; `reason` is its pt-BR error.
    Unknown { reason: String },
}

/// A write that can be checked after its answer was lost. Every write action implements it.
pub trait Reconcile {
    /// Looks up whether this write was applied. Never sends the write.
    fn reconcile<'a>(&'a self, client: &'a Client) -> impl Future<Output = WriteState> + Send + 'a;
}

impl Client {
    /// Whether `request`, sent once with no answer, was applied: found by its natural key (an
    /// insert), compared by id (an alter), or missing (a delete). Reads only.
    pub async fn reconcile<A: Reconcile>(&self, request: &A) -> WriteState {
        request.reconcile(self).await
    }
}

/// The message of [`crate::Error::OutcomeUnknown`]: the cause, then what the lookup found and
/// what to do.
pub(crate) fn outcome_message(acao: &str, cause: &str, state: &WriteState) -> String {
    let lost = format!("A resposta do servidor se perdeu depois do envio ({cause})");
    let done = match acao.split('_').next() {
        Some("inserir") => "o registro foi criado",
        Some("deletar") => "o registro foi excluído",
        _ => "a alteração foi salva",
    };
    let not_done = match acao.split('_').next() {
        Some("inserir") => "o registro não foi criado",
        Some("deletar") => "o registro não foi excluído",
        _ => "a alteração não foi salva",
    };
    match state {
        WriteState::Unchecked => {
            format!("{lost}: a alteração pode ter sido salva. Confira a lista antes de enviar de novo, para não duplicar o registro.")
        }
        WriteState::Applied { id: Some(id) } => {
            format!("{lost}, mas a consulta mostra que {done} (id {id}). Não envie de novo.")
        }
        WriteState::Applied { id: None } => format!("{lost}, mas a consulta mostra que {done}. Não envie de novo."),
        WriteState::NotApplied => format!("{lost} e a consulta mostra que {not_done}. Você pode enviar de novo."),
        WriteState::Unknown { reason } => format!(
            "{lost} e não foi possível confirmar se foi salvo: a consulta também falhou ({reason}). \
             A alteração pode ter sido salva: confira a lista antes de enviar de novo, para não duplicar o registro."
        ),
    }
}

/// Keys a server may leave out or mask in what it returns.
const SECRET_KEYS: &[&str] = &["senha", "senha_sip", "senha_web", "registro_senha"];

/// How a model is found again.
trait Lookup: Record + Clone + Sized + Send + Sync {
    type List: ListAction<Item = Self> + Send + Sync;
    /// A list narrowed to where this record's natural key is unique (its cliente, or all).
    fn scope(&self) -> Self::List;
    /// A list narrowed to this record's id (as far as the list's filters allow).
    fn by_id(&self) -> Self::List;
    /// Same natural key.
    fn same_key(&self, other: &Self) -> bool;
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Lookup for Ramal {
    type List = ListarRamais;
    fn scope(&self) -> ListarRamais {
        ListarRamais { cliente_id: self.cliente_id, ..Default::default() }
    }
    fn by_id(&self) -> ListarRamais {
        ListarRamais { cliente_id: self.cliente_id, ramal_id: self.ramal_id, ..Default::default() }
    }
    fn same_key(&self, other: &Self) -> bool {
        self.cliente_id == other.cliente_id && self.numero.trim() == other.numero.trim()
    }
}

impl Lookup for Cliente {
    type List = ListarClientes;
    fn scope(&self) -> ListarClientes {
        ListarClientes::default()
    }
    fn by_id(&self) -> ListarClientes {
        ListarClientes { cliente_id: self.cliente_id, ..Default::default() }
    }
    fn same_key(&self, other: &Self) -> bool {
        same_text(&self.login, &other.login)
    }
}

impl Lookup for Did {
    type List = ListarDids;
    fn scope(&self) -> ListarDids {
        ListarDids { cliente_id: self.cliente_id }
    }
    fn by_id(&self) -> ListarDids {
        self.scope()
    }
    fn same_key(&self, other: &Self) -> bool {
        digits(&self.numero) == digits(&other.numero)
    }
}

fn digits(numero: &str) -> String {
    numero.chars().filter(char::is_ascii_digit).collect()
}

impl Lookup for Tronco {
    type List = ListarTroncos;
    fn scope(&self) -> ListarTroncos {
        ListarTroncos { cliente_id: self.cliente_id, ..Default::default() }
    }
    fn by_id(&self) -> ListarTroncos {
        ListarTroncos { cliente_id: self.cliente_id, tronco_id: self.tronco_id }
    }
    fn same_key(&self, other: &Self) -> bool {
        self.cliente_id == other.cliente_id && same_text(&self.nome, &other.nome)
    }
}

impl Lookup for PlanoDiscagem {
    type List = ListarPlanosDiscagem;
    fn scope(&self) -> ListarPlanosDiscagem {
        ListarPlanosDiscagem { cliente_id: self.cliente_id, ..Default::default() }
    }
    fn by_id(&self) -> ListarPlanosDiscagem {
        ListarPlanosDiscagem { cliente_id: self.cliente_id, plano_discagem_id: self.plano_discagem_id, ..Default::default() }
    }
    fn same_key(&self, other: &Self) -> bool {
        self.cliente_id == other.cliente_id && same_text(&self.nome, &other.nome)
    }
}

/// Every record the list returns, or the lookup's failure as [`WriteState::Unknown`].
async fn fetch<T: Lookup>(client: &Client, request: T::List) -> Result<Vec<T>, WriteState> {
    client.list_all(request, |_| {}).await.map_err(|error| WriteState::Unknown { reason: error.to_string() })
}

/// An insert: applied when a record with the same natural key exists (the newest, if several).
async fn inserted<T: Lookup>(client: &Client, sent: &T) -> WriteState {
    match fetch::<T>(client, sent.scope()).await {
        Ok(records) => match records.iter().filter(|r| sent.same_key(r)).map(Record::record_id).max() {
            Some(id) => WriteState::Applied { id: (id != 0).then_some(id) },
            None => WriteState::NotApplied,
        },
        Err(state) => state,
    }
}

/// An alter: applied when the record holds every value sent (secrets aside).
async fn altered<T: Lookup + Serialize>(client: &Client, sent: &T) -> WriteState {
    let id = sent.record_id();
    match fetch::<T>(client, sent.by_id()).await {
        Ok(records) => match records.iter().find(|r| r.record_id() == id) {
            Some(stored) if holds(stored, sent) => WriteState::Applied { id: Some(id) },
            // Gone, or not as sent: the alter did not land (sending it again is harmless).
            _ => WriteState::NotApplied,
        },
        Err(state) => state,
    }
}

/// A delete: applied when the record is gone.
async fn deleted<T: Lookup>(client: &Client, sent: &T) -> WriteState {
    let id = sent.record_id();
    match fetch::<T>(client, sent.by_id()).await {
        Ok(records) if records.iter().any(|r| r.record_id() == id) => WriteState::NotApplied,
        Ok(_) => WriteState::Applied { id: Some(id) },
        Err(state) => state,
    }
}

/// True when every key sent (but the secrets) has the same value in the stored record.
fn holds<T: Serialize>(stored: &T, sent: &T) -> bool {
    let (Ok(Value::Object(stored)), Ok(Value::Object(sent))) = (serde_json::to_value(stored), serde_json::to_value(sent)) else {
        return false;
    };
    sent.iter().filter(|(key, _)| !SECRET_KEYS.contains(&key.as_str())).all(|(key, value)| stored.get(key) == Some(value))
}

/// Routing rules as comparable rows: (região, prioridade, tronco), sorted.
fn rows(regras: &RegrasRoteamento) -> Vec<(i64, i64, i64)> {
    let mut rows: Vec<_> =
        regras.regioes.iter().flat_map(|r| r.roteamentos.iter().map(move |t| (r.regiao_id, t.prioridade, t.tronco_id))).collect();
    rows.sort_unstable();
    rows
}

macro_rules! reconcile_writes {
    ($( $insert:ty, $alter:ty, $delete:ty => |$d:ident| $deleted:expr; )*) => {$(
        impl Reconcile for $insert {
            fn reconcile<'a>(&'a self, client: &'a Client) -> impl Future<Output = WriteState> + Send + 'a {
                inserted(client, &self.dados)
            }
        }
        impl Reconcile for $alter {
            fn reconcile<'a>(&'a self, client: &'a Client) -> impl Future<Output = WriteState> + Send + 'a {
                altered(client, &self.dados)
            }
        }
        impl Reconcile for $delete {
            fn reconcile<'a>(&'a self, client: &'a Client) -> impl Future<Output = WriteState> + Send + 'a {
                let $d = self;
                async move { deleted(client, &$deleted).await }
            }
        }
    )*};
}

reconcile_writes! {
    InserirCliente, AlterarCliente, DeletarCliente => |d| Cliente { cliente_id: d.cliente_id, ..Default::default() };
    InserirRamal, AlterarRamal, DeletarRamal => |d| Ramal { cliente_id: d.cliente_id, ramal_id: d.ramal_id, ..Default::default() };
    InserirDid, AlterarDid, DeletarDid => |d| Did { cliente_id: d.cliente_id, did_id: d.did_id, ..Default::default() };
    InserirTronco, AlterarTronco, DeletarTronco => |d| Tronco { cliente_id: d.cliente_id, tronco_id: d.tronco_id, ..Default::default() };
    InserirPlanoDiscagem, AlterarPlanoDiscagem, DeletarPlanoDiscagem => |d| d.dados.clone();
}

impl Reconcile for AlterarRegrasRoteamento {
    async fn reconcile(&self, client: &Client) -> WriteState {
        let request = ListarRegrasRoteamento { plano_discagem_id: self.plano_discagem_id, ..Default::default() };
        match client.list(&request).await {
            Ok(page) if rows(&crate::regra_roteamento::agrupar(&page.records)) == rows(&self.dados) => {
                WriteState::Applied { id: Some(self.plano_discagem_id) }
            }
            Ok(_) => WriteState::NotApplied,
            Err(error) => WriteState::Unknown { reason: error.to_string() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_the_lookup_found_and_what_to_do() {
        let cause = "tempo esgotado";
        let saved = outcome_message("inserir_ramal", cause, &WriteState::Applied { id: Some(42) });
        assert!(saved.contains("foi criado (id 42)") && saved.contains("Não envie de novo"), "{saved}");
        let not_saved = outcome_message("inserir_ramal", cause, &WriteState::NotApplied);
        assert!(not_saved.contains("não foi criado") && not_saved.contains("pode enviar de novo"), "{not_saved}");
        let unknown = outcome_message("deletar_ramal", cause, &WriteState::Unknown { reason: "sem rede".into() });
        assert!(unknown.contains("não foi possível confirmar") && unknown.contains("sem rede"), "{unknown}");
        let unchecked = outcome_message("alterar_cliente", cause, &WriteState::Unchecked);
        assert!(unchecked.contains("pode ter sido salva") && unchecked.contains(cause), "{unchecked}");
        for text in [saved, not_saved, unknown, unchecked] {
            assert!(!text.contains(".."), "{text}");
        }
    }

    #[test]
    fn an_alter_holds_when_every_sent_value_is_stored_secrets_aside() {
        let sent = Ramal { ramal_id: 3, nome: "Recepção".into(), senha_sip: "typed".into(), ..Default::default() };
        let stored = Ramal { senha_sip: "***".into(), ..sent.clone() };
        assert!(holds(&stored, &sent));
        let other = Ramal { nome: "Outro".into(), ..stored };
        assert!(!holds(&other, &sent));
    }
}
