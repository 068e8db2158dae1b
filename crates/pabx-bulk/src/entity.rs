//! What bulk work needs to know of each entity: its columns, natural key, validation, how to
//! list the live state and how to write one record.

use std::future::Future;

use pabx_api::cliente::{AlterarCliente, InserirCliente, ListarClientes};
use pabx_api::did::{AlterarDid, InserirDid, ListarDids};
use pabx_api::ramal::{AlterarRamal, InserirRamal, ListarRamais};
use pabx_api::validation::{self, Operacao};
use pabx_api::{Client, Cliente, Did, FieldError, Ramal, Result, WriteOutcome};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::schema::Schema;

/// The lists bulk work covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ramais,
    Dids,
    Clientes,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ramais => "ramais",
            Kind::Dids => "dids",
            Kind::Clientes => "clientes",
        }
    }
}

/// One entity of bulk work.
pub trait BulkEntity: Send + Sync + 'static {
    type Record: Serialize + DeserializeOwned + Default + Clone + Send + Sync + 'static;
    const KIND: Kind;
    /// The record's own id key, left out of files (the server assigns it).
    const ID_KEY: &'static str;
    /// Whether records belong to a cliente (`cliente_id` set from the import's scope).
    const SCOPED: bool;

    fn schema() -> Schema;
    /// The identity that must stay unique: ramal numero (within its cliente), DID digits
    /// (platform-wide), cliente login (lowercase).
    fn natural_key(record: &Self::Record) -> String;
    fn id(record: &Self::Record) -> i64;
    fn set_id(record: &mut Self::Record, id: i64);
    fn cliente_id(record: &Self::Record) -> i64;
    fn set_cliente_id(record: &mut Self::Record, cliente_id: i64);
    /// The customer's dial plan the record points at (ramais); 0 when none.
    fn plano_discagem_id(_record: &Self::Record) -> i64 {
        0
    }
    /// The same checks a single write runs (pabx_api::validation).
    fn validate(record: &Self::Record, cliente: Option<&Cliente>, operacao: Operacao) -> Vec<FieldError>;
    /// The live records the import is checked against: a cliente's ramais, every DID of the
    /// platform (their numbers are unique across customers), every cliente.
    fn list(client: &Client, cliente_id: i64) -> impl Future<Output = Result<Vec<Self::Record>>> + Send;
    fn insert(client: &Client, record: Self::Record) -> impl Future<Output = Result<WriteOutcome>> + Send;
    fn alter(client: &Client, record: Self::Record) -> impl Future<Output = Result<WriteOutcome>> + Send;
}

pub struct Ramais;
pub struct Dids;
pub struct Clientes;

impl BulkEntity for Ramais {
    type Record = Ramal;
    const KIND: Kind = Kind::Ramais;
    const ID_KEY: &'static str = "ramal_id";
    const SCOPED: bool = true;

    fn schema() -> Schema {
        Schema::of::<Ramal>("ramais", &[Self::ID_KEY])
    }
    fn natural_key(r: &Ramal) -> String {
        r.numero.trim().to_owned()
    }
    fn id(r: &Ramal) -> i64 {
        r.ramal_id
    }
    fn set_id(r: &mut Ramal, id: i64) {
        r.ramal_id = id;
    }
    fn cliente_id(r: &Ramal) -> i64 {
        r.cliente_id
    }
    fn set_cliente_id(r: &mut Ramal, id: i64) {
        r.cliente_id = id;
    }
    fn plano_discagem_id(r: &Ramal) -> i64 {
        r.plano_discagem_id
    }
    fn validate(r: &Ramal, cliente: Option<&Cliente>, op: Operacao) -> Vec<FieldError> {
        validation::validar_ramal(r, cliente, op)
    }
    async fn list(client: &Client, cliente_id: i64) -> Result<Vec<Ramal>> {
        let request = ListarRamais { cliente_id, quantidade: Some(1000), ..Default::default() };
        client.list_all(request, |_| {}).await
    }
    async fn insert(client: &Client, dados: Ramal) -> Result<WriteOutcome> {
        client.inserir_ramal(&InserirRamal { dados }).await
    }
    async fn alter(client: &Client, dados: Ramal) -> Result<WriteOutcome> {
        client.alterar_ramal(&AlterarRamal { dados }).await
    }
}

impl BulkEntity for Dids {
    type Record = Did;
    const KIND: Kind = Kind::Dids;
    const ID_KEY: &'static str = "did_id";
    const SCOPED: bool = true;

    fn schema() -> Schema {
        Schema::of::<Did>("dids", &[Self::ID_KEY])
    }
    fn natural_key(d: &Did) -> String {
        d.numero.chars().filter(char::is_ascii_digit).collect()
    }
    fn id(d: &Did) -> i64 {
        d.did_id
    }
    fn set_id(d: &mut Did, id: i64) {
        d.did_id = id;
    }
    fn cliente_id(d: &Did) -> i64 {
        d.cliente_id
    }
    fn set_cliente_id(d: &mut Did, id: i64) {
        d.cliente_id = id;
    }
    fn validate(d: &Did, _cliente: Option<&Cliente>, op: Operacao) -> Vec<FieldError> {
        validation::validar_did(d, op)
    }
    async fn list(client: &Client, _cliente_id: i64) -> Result<Vec<Did>> {
        // Every customer's: a DID number is unique on the whole platform.
        client.list_all(ListarDids { cliente_id: 0 }, |_| {}).await
    }
    async fn insert(client: &Client, dados: Did) -> Result<WriteOutcome> {
        client.inserir_did(&InserirDid::new(dados)).await
    }
    async fn alter(client: &Client, dados: Did) -> Result<WriteOutcome> {
        client.alterar_did(&AlterarDid::new(dados)).await
    }
}

impl BulkEntity for Clientes {
    type Record = Cliente;
    const KIND: Kind = Kind::Clientes;
    const ID_KEY: &'static str = "cliente_id";
    const SCOPED: bool = false;

    fn schema() -> Schema {
        Schema::of::<Cliente>("clientes", &[Self::ID_KEY])
    }
    fn natural_key(c: &Cliente) -> String {
        c.login.trim().to_lowercase()
    }
    fn id(c: &Cliente) -> i64 {
        c.cliente_id
    }
    fn set_id(c: &mut Cliente, id: i64) {
        c.cliente_id = id;
    }
    fn cliente_id(c: &Cliente) -> i64 {
        c.cliente_id
    }
    fn set_cliente_id(_c: &mut Cliente, _id: i64) {}
    fn validate(c: &Cliente, _cliente: Option<&Cliente>, op: Operacao) -> Vec<FieldError> {
        validation::validar_cliente(c, op)
    }
    async fn list(client: &Client, _cliente_id: i64) -> Result<Vec<Cliente>> {
        let request = ListarClientes { quantidade: Some(1000), ..Default::default() };
        client.list_all(request, |_| {}).await
    }
    async fn insert(client: &Client, dados: Cliente) -> Result<WriteOutcome> {
        client.inserir_cliente(&InserirCliente { dados }).await
    }
    async fn alter(client: &Client, dados: Cliente) -> Result<WriteOutcome> {
        client.alterar_cliente(&AlterarCliente { dados }).await
    }
}
