//! Every action of the API in one table: its name (`acao`), HTTP method, body type and what it
//! returns. The table generates the [`Action`] impls, the [`Client`](crate::Client) method of
//! the same name, and [`ACTIONS`] for tools that take an action by name.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};

use crate::chamada::*;
use crate::cliente::*;
use crate::did::*;
use crate::plano_discagem::*;
use crate::ramal::*;
use crate::regiao::*;
use crate::regra_roteamento::*;
use crate::sensitive::Credentials;
use crate::tronco::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    /// With a JSON body, as the five `deletar_*` require.
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A documented action: its body is `Self` serialized beside `autenticacao` and `acao`.
pub trait Action: Serialize + DeserializeOwned + Send + Sync {
    const ACAO: &'static str;
    const METHOD: Method;
    /// Reads may be retried after a transient failure; writes never are.
    const IDEMPOTENT: bool;
}

/// An action that returns records.
pub trait ListAction: Action + Clone + Send + 'static {
    type Item: DeserializeOwned + Serialize + Send + 'static;
    /// `pos_registro_inicial`, for the lists that page.
    fn offset_mut(&mut self) -> Option<&mut i64> {
        None
    }
    /// `quantidade`, the page size asked for; None when unset (the server's default).
    fn page_size(&self) -> Option<i64> {
        None
    }
    /// Sets `quantidade` (None: leave it to the server); a no-op for lists that do not page.
    fn set_page_size(&mut self, _size: Option<i64>) {}
    /// The filter's own field errors, checked before a screen asks for the first page (the
    /// call history's dates); none for most lists.
    fn filter_errors(&self) -> Vec<crate::FieldError> {
        Vec::new()
    }
}

/// A `quantidade` field: optional in most bodies, a plain number (0 = unset) in the call history.
pub trait PageSizeField {
    fn get(&self) -> Option<i64>;
    fn set(&mut self, size: Option<i64>);
}

impl PageSizeField for Option<i64> {
    fn get(&self) -> Option<i64> {
        self.filter(|size| *size > 0)
    }
    fn set(&mut self, size: Option<i64>) {
        *self = size;
    }
}

impl PageSizeField for i64 {
    fn get(&self) -> Option<i64> {
        Some(*self).filter(|size| *size > 0)
    }
    fn set(&mut self, size: Option<i64>) {
        *self = size.unwrap_or(0);
    }
}

/// An action that changes data; returns the server's `mensagem` and whatever `dados` it sends.
/// Checked with [`Validate`](crate::validation::Validate) before it is sent.
/// When its answer is lost, [`Reconcile`](crate::reconcile::Reconcile) finds out whether it was applied.
pub trait WriteAction: Action + crate::validation::Validate + crate::reconcile::Reconcile {}

/// The shape of an action, for callers that only have its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    pub acao: &'static str,
    pub method: Method,
    pub is_list: bool,
}

impl ActionInfo {
    pub fn find(acao: &str) -> Option<&'static ActionInfo> {
        ACTIONS.iter().find(|a| a.acao == acao)
    }
}

/// The full body of a call, `autenticacao` first, then `acao`, then the action's keys.
pub fn body<A: Action>(request: &A, credentials: &Credentials) -> Value {
    raw_body(A::ACAO, fields(request), credentials)
}

/// The action's own keys, as the platform gets them: every record field in the form it came in.
pub fn fields<A: Action>(request: &A) -> Map<String, Value> {
    match crate::de::to_wire(request) {
        Ok(Value::Object(map)) => map,
        // Every request type is a struct, so this is unreachable; keep the call well-formed.
        _ => Map::new(),
    }
}

/// The body in the suite dialect: the action's keys only, since the credentials travel in
/// headers and the action in the URL.
pub fn suite_body(fields: Map<String, Value>) -> Value {
    Value::Object(fields.into_iter().filter(|(key, _)| !is_reserved(key)).collect())
}

/// Keys the legacy body owns; a caller's copy is never sent.
fn is_reserved(key: &str) -> bool {
    key == "autenticacao" || key == "acao"
}

/// The full body for an action given by name with its keys as given.
pub fn raw_body(acao: &str, fields: Map<String, Value>, credentials: &Credentials) -> Value {
    let mut body = Map::new();
    body.insert("autenticacao".into(), serde_json::json!({ "usuario": credentials.usuario, "token": credentials.token.expose() }));
    body.insert("acao".into(), Value::String(acao.to_owned()));
    body.extend(fields.into_iter().filter(|(key, _)| !is_reserved(key)));
    Value::Object(body)
}

macro_rules! actions {
    (
        lists { $( $l_acao:ident ( $l_req:ty ) -> $l_item:ty $( , paged $paged:ident / $sized:ident )? $( , checked by $check:path )? ; )* }
        writes { $( $w_acao:ident ( $w_req:ty ) $w_method:ident ; )* }
    ) => {
        $(
            impl Action for $l_req {
                const ACAO: &'static str = stringify!($l_acao);
                const METHOD: Method = Method::Post;
                const IDEMPOTENT: bool = true;
            }
            impl ListAction for $l_req {
                type Item = $l_item;
                $(
                    fn offset_mut(&mut self) -> Option<&mut i64> { Some(&mut self.$paged) }
                    fn page_size(&self) -> Option<i64> { PageSizeField::get(&self.$sized) }
                    fn set_page_size(&mut self, size: Option<i64>) { PageSizeField::set(&mut self.$sized, size) }
                )?
                $(
                    fn filter_errors(&self) -> Vec<crate::FieldError> { $check(self) }
                )?
            }
        )*
        $(
            impl Action for $w_req {
                const ACAO: &'static str = stringify!($w_acao);
                const METHOD: Method = Method::$w_method;
                const IDEMPOTENT: bool = false;
            }
            impl WriteAction for $w_req {}
        )*

        /// All documented actions plus `listar_historico_chamada`.
        pub const ACTIONS: &[ActionInfo] = &[
            $( ActionInfo { acao: stringify!($l_acao), method: Method::Post, is_list: true }, )*
            $( ActionInfo { acao: stringify!($w_acao), method: Method::$w_method, is_list: false }, )*
        ];

        /// One method per action, named as the action: one page for lists, the outcome for writes.
        impl crate::Client {
            $(
                #[doc = concat!("`", stringify!($l_acao), "`: one page (404 reads as empty).")]
                pub async fn $l_acao(&self, request: &$l_req) -> crate::Result<crate::Page<$l_item>> {
                    self.list(request).await
                }
            )*
            $(
                #[doc = concat!("`", stringify!($w_acao), "` (", stringify!($w_method), "); never retried.")]
                pub async fn $w_acao(&self, request: &$w_req) -> crate::Result<crate::WriteOutcome> {
                    self.write(request).await
                }
            )*
        }
    };
}

actions! {
    lists {
        listar_clientes(ListarClientes) -> Cliente, paged pos_registro_inicial / quantidade;
        listar_dids(ListarDids) -> Did;
        listar_troncos(ListarTroncos) -> Tronco;
        listar_ramais(ListarRamais) -> Ramal, paged pos_registro_inicial / quantidade;
        listar_regioes(ListarRegioes) -> Regiao;
        listar_planos_discagem(ListarPlanosDiscagem) -> PlanoDiscagem, paged pos_registro_inicial / quantidade;
        listar_regras_roteamento(ListarRegrasRoteamento) -> RegraRoteamento;
        listar_historico_chamada(ListarHistoricoChamada) -> Chamada, paged pos_registro_inicial / quantidade,
            checked by crate::validation::validar_historico;
    }
    writes {
        inserir_cliente(InserirCliente) Post;
        alterar_cliente(AlterarCliente) Post;
        deletar_cliente(DeletarCliente) Delete;
        inserir_did(InserirDid) Post;
        alterar_did(AlterarDid) Post;
        deletar_did(DeletarDid) Delete;
        inserir_tronco(InserirTronco) Post;
        alterar_tronco(AlterarTronco) Post;
        deletar_tronco(DeletarTronco) Delete;
        inserir_ramal(InserirRamal) Post;
        alterar_ramal(AlterarRamal) Post;
        deletar_ramal(DeletarRamal) Delete;
        inserir_plano_discagem(InserirPlanoDiscagem) Post;
        alterar_plano_discagem(AlterarPlanoDiscagem) Post;
        deletar_plano_discagem(DeletarPlanoDiscagem) Delete;
        alterar_regras_roteamento(AlterarRegrasRoteamento) Post;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_four_actions_and_five_deletes() {
        assert_eq!(ACTIONS.len(), 24);
        let deletes: Vec<_> = ACTIONS.iter().filter(|a| a.method == Method::Delete).map(|a| a.acao).collect();
        // ACTIONS.md says "the four deletar_*", but the document has five, all DELETE.
        assert_eq!(deletes.len(), 5);
        assert!(deletes.iter().all(|a| a.starts_with("deletar_")));
    }
}
