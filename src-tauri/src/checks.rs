//! Checks before a write is sent: `pabx_api::validation` for every body, and for a ramal also
//! its cliente's faixa, which needs the cliente fetched first. One trait, so the generic
//! write in `core` treats every entity alike.

use pabx_api::actions::WriteAction;
use pabx_api::chamada::*;
use pabx_api::cliente::*;
use pabx_api::did::*;
use pabx_api::plano_discagem::*;
use pabx_api::ramal::*;
use pabx_api::regra_roteamento::*;
use pabx_api::tronco::*;
use pabx_api::validation::{self, Validate};
use pabx_api::{Client, FieldError};

use crate::error::CommandResult;

/// A write body and how to check it.
pub trait Precheck: WriteAction {
    /// The cliente whose record (faixa) the check needs, when any.
    fn cliente_id(&self) -> Option<i64> {
        None
    }
    /// The field errors; `cliente` is the fetched record of [`Precheck::cliente_id`].
    fn field_errors(&self, cliente: Option<&Cliente>) -> Vec<FieldError>;
}

/// Bodies whose `Validate` impl in pabx-api says everything.
macro_rules! by_validate {
    ($($body:ty),* $(,)?) => {$(
        impl Precheck for $body {
            fn field_errors(&self, _: Option<&Cliente>) -> Vec<FieldError> {
                self.validate()
            }
        }
    )*};
}

by_validate!(
    DeletarCliente,
    DeletarRamal,
    InserirDid,
    AlterarDid,
    DeletarDid,
    InserirTronco,
    AlterarTronco,
    DeletarTronco,
    InserirPlanoDiscagem,
    AlterarPlanoDiscagem,
    DeletarPlanoDiscagem,
    AlterarRegrasRoteamento,
);

impl Precheck for InserirCliente {
    fn field_errors(&self, _: Option<&Cliente>) -> Vec<FieldError> {
        validation::validar_cliente(&self.dados, validation::Operacao::Inserir)
    }
}

impl Precheck for AlterarCliente {
    fn field_errors(&self, _: Option<&Cliente>) -> Vec<FieldError> {
        validation::validar_cliente(&self.dados, validation::Operacao::Alterar)
    }
}

impl Precheck for InserirRamal {
    fn cliente_id(&self) -> Option<i64> {
        Some(self.dados.cliente_id)
    }
    fn field_errors(&self, cliente: Option<&Cliente>) -> Vec<FieldError> {
        validation::validar_ramal(&self.dados, cliente, validation::Operacao::Inserir)
    }
}

impl Precheck for AlterarRamal {
    fn cliente_id(&self) -> Option<i64> {
        Some(self.dados.cliente_id)
    }
    fn field_errors(&self, cliente: Option<&Cliente>) -> Vec<FieldError> {
        validation::validar_ramal(&self.dados, cliente, validation::Operacao::Alterar)
    }
}

/// A list filter and how to check it before the first page is asked for.
pub trait ListPrecheck: pabx_api::ListAction {
    fn field_errors(&self) -> Vec<FieldError> {
        Vec::new()
    }
}

impl ListPrecheck for ListarClientes {}
impl ListPrecheck for ListarRamais {}
impl ListPrecheck for ListarDids {}
impl ListPrecheck for ListarTroncos {}
impl ListPrecheck for pabx_api::regiao::ListarRegioes {}
impl ListPrecheck for ListarPlanosDiscagem {}
impl ListPrecheck for ListarRegrasRoteamento {}

/// Call history: dates, hours, the two-month window and the page size.
impl ListPrecheck for ListarHistoricoChamada {
    fn field_errors(&self) -> Vec<FieldError> {
        validation::validar_historico(self)
    }
}

/// Fetches the cliente when the body needs it, then checks. A cliente id that does not exist
/// is a field error on `cliente_id`; a failed fetch (network, token) is the error itself.
pub async fn field_errors<A: Precheck>(client: &Client, request: &A) -> CommandResult<Vec<FieldError>> {
    let Some(id) = request.cliente_id().filter(|id| *id > 0) else {
        return Ok(request.field_errors(None));
    };
    let cliente = fetch_cliente(client, id).await?;
    let mut errors = request.field_errors(cliente.as_ref());
    if cliente.is_none() && !errors.iter().any(|e| e.field == "cliente_id") {
        errors.push(FieldError::new("cliente_id", "Cliente não encontrado. Escolha um cliente da lista."));
    }
    Ok(errors)
}

/// One cliente by id, or None when the server has no such cliente.
pub async fn fetch_cliente(client: &Client, cliente_id: i64) -> CommandResult<Option<Cliente>> {
    let page = client.listar_clientes(&ListarClientes { cliente_id, ..Default::default() }).await?;
    Ok(page.records.into_iter().find(|c| c.cliente_id == cliente_id))
}
