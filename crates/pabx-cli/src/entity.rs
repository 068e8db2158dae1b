//! The table that maps each writable entity to the client's types: its record, the body of
//! each verb, the list filters it accepts and the validation it runs. [`crate::commands`] drives
//! list/insert/alter/delete once for all of them through [`Entity`].

use pabx_api::actions::{ListAction, WriteAction};
use pabx_api::chamada::Chamada;
use pabx_api::cliente::{AlterarCliente, DeletarCliente, InserirCliente, ListarClientes};
use pabx_api::did::{AlterarDid, DeletarDid, InserirDid, ListarDids};
use pabx_api::plano_discagem::{
    AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem, ListarPlanosDiscagem,
};
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use pabx_api::regra_roteamento::RegraRoteamento;
use pabx_api::tronco::{AlterarTronco, DeletarTronco, InserirTronco, ListarTroncos};
use pabx_api::validation::{self, Operacao};
use pabx_api::{Cliente, Did, FieldError, PlanoDiscagem, Ramal, Record, Regiao, Tronco};
use serde::{de::DeserializeOwned, Serialize};

use crate::cli::ListArgs;

/// The main fields of a record, shown by `--format table`.
pub trait Columns {
    const COLUMNS: &'static [&'static str];
}

/// Which `list` options an entity's list action takes.
#[derive(Debug, Clone, Copy)]
pub struct Filters {
    pub cliente: bool,
    pub id: bool,
    pub nome: bool,
    pub quantidade: bool,
}

/// A writable entity of the API.
pub trait Entity {
    /// The subcommand, plural ("ramais").
    const NAME: &'static str;
    /// For messages ("ramal").
    const SINGULAR: &'static str;
    const FILTERS: Filters;
    /// Whether `delete` needs `--cliente` besides `--id`.
    const DELETE_NEEDS_CLIENTE: bool;
    /// Whether insert/alter validate the record against its customer (the ramal's faixa).
    const CHECKS_CLIENTE: bool;

    type Record: Record + Columns + Serialize + DeserializeOwned + Send;
    type List: ListAction<Item = Self::Record>;
    type Insert: WriteAction;
    type Alter: WriteAction;
    type Delete: WriteAction;

    fn list(filter: &ListArgs) -> Self::List;
    fn insert(record: Self::Record) -> Self::Insert;
    fn alter(record: Self::Record) -> Self::Alter;
    fn delete(cliente_id: i64, id: i64) -> Self::Delete;
    fn validate(record: &Self::Record, cliente: Option<&Cliente>, operacao: Operacao) -> Vec<FieldError>;
    /// The customer the record belongs to (0 when none).
    fn cliente_id(record: &Self::Record) -> i64;
}

/// The table itself: one row per entity, naming its types and how each body is built.
macro_rules! entities {
    ($(
        $entity:ident: $record:ty {
            name: $name:literal,
            singular: $singular:literal,
            filters: $filters:expr,
            delete_needs_cliente: $delete_needs_cliente:literal,
            checks_cliente: $checks_cliente:literal,
            list: $list:ty = |$filter:ident| $list_body:expr,
            insert: $insert:ty = |$inserted:ident| $insert_body:expr,
            alter: $alter:ty = |$altered:ident| $alter_body:expr,
            delete: $delete:ty = |$cliente_id:pat_param, $id:ident| $delete_body:expr,
            validate: |$record_arg:ident, $cliente:pat_param, $operacao:ident| $validate_body:expr,
        }
    )*) => {$(
        pub struct $entity;

        impl Entity for $entity {
            const NAME: &'static str = $name;
            const SINGULAR: &'static str = $singular;
            const FILTERS: Filters = $filters;
            const DELETE_NEEDS_CLIENTE: bool = $delete_needs_cliente;
            const CHECKS_CLIENTE: bool = $checks_cliente;
            type Record = $record;
            type List = $list;
            type Insert = $insert;
            type Alter = $alter;
            type Delete = $delete;

            fn list($filter: &ListArgs) -> $list {
                $list_body
            }
            fn insert($inserted: $record) -> $insert {
                $insert_body
            }
            fn alter($altered: $record) -> $alter {
                $alter_body
            }
            fn delete($cliente_id: i64, $id: i64) -> $delete {
                $delete_body
            }
            fn validate($record_arg: &$record, $cliente: Option<&Cliente>, $operacao: Operacao) -> Vec<FieldError> {
                $validate_body
            }
            fn cliente_id(record: &$record) -> i64 {
                record.cliente_id
            }
        }
    )*};
}

const fn filters(cliente: bool, id: bool, nome: bool, quantidade: bool) -> Filters {
    Filters { cliente, id, nome, quantidade }
}

entities! {
    Clientes: Cliente {
        name: "clientes",
        singular: "cliente",
        filters: filters(false, true, true, true),
        delete_needs_cliente: false,
        checks_cliente: false,
        list: ListarClientes = |f| ListarClientes {
            cliente_id: f.id.unwrap_or(0),
            nome: f.nome.clone().unwrap_or_default(),
            pos_registro_inicial: 0,
            quantidade: f.quantidade,
        },
        insert: InserirCliente = |dados| InserirCliente { dados },
        alter: AlterarCliente = |dados| AlterarCliente { dados },
        delete: DeletarCliente = |_, id| DeletarCliente { cliente_id: id },
        validate: |r, _, op| validation::validar_cliente(r, op),
    }
    Ramais: Ramal {
        name: "ramais",
        singular: "ramal",
        filters: filters(true, true, true, true),
        delete_needs_cliente: true,
        checks_cliente: true,
        list: ListarRamais = |f| ListarRamais {
            cliente_id: f.cliente.unwrap_or(0),
            ramal_id: f.id.unwrap_or(0),
            nome: f.nome.clone().unwrap_or_default(),
            pos_registro_inicial: 0,
            quantidade: f.quantidade,
        },
        insert: InserirRamal = |dados| InserirRamal { dados },
        alter: AlterarRamal = |dados| AlterarRamal { dados },
        delete: DeletarRamal = |cliente_id, id| DeletarRamal { cliente_id, ramal_id: id },
        validate: |r, cliente, op| validation::validar_ramal(r, cliente, op),
    }
    Dids: Did {
        name: "dids",
        singular: "DID",
        filters: filters(true, false, false, false),
        delete_needs_cliente: true,
        checks_cliente: false,
        list: ListarDids = |f| ListarDids { cliente_id: f.cliente.unwrap_or(0) },
        insert: InserirDid = |dados| InserirDid::new(dados),
        alter: AlterarDid = |dados| AlterarDid::new(dados),
        delete: DeletarDid = |cliente_id, id| DeletarDid { did_id: id, cliente_id },
        validate: |r, _, op| validation::validar_did(r, op),
    }
    Troncos: Tronco {
        name: "troncos",
        singular: "tronco",
        filters: filters(true, true, false, false),
        delete_needs_cliente: true,
        checks_cliente: false,
        list: ListarTroncos = |f| ListarTroncos { tronco_id: f.id.unwrap_or(0), cliente_id: f.cliente.unwrap_or(0) },
        insert: InserirTronco = |dados| InserirTronco { dados },
        alter: AlterarTronco = |dados| AlterarTronco { dados },
        delete: DeletarTronco = |cliente_id, id| DeletarTronco { tronco_id: id, cliente_id },
        validate: |r, _, op| validation::validar_tronco(r, op),
    }
    Planos: PlanoDiscagem {
        name: "planos",
        singular: "plano de discagem",
        filters: filters(true, true, false, true),
        delete_needs_cliente: true,
        checks_cliente: false,
        list: ListarPlanosDiscagem = |f| ListarPlanosDiscagem {
            plano_discagem_id: f.id.unwrap_or(0),
            cliente_id: f.cliente.unwrap_or(0),
            pos_registro_inicial: 0,
            quantidade: f.quantidade,
        },
        insert: InserirPlanoDiscagem = |dados| InserirPlanoDiscagem { dados },
        alter: AlterarPlanoDiscagem = |dados| AlterarPlanoDiscagem { dados },
        // The only delete whose keys sit in `dados`.
        delete: DeletarPlanoDiscagem = |cliente_id, id| DeletarPlanoDiscagem {
            dados: PlanoDiscagem { plano_discagem_id: id, cliente_id, ..Default::default() },
        },
        validate: |r, _, op| validation::validar_plano_discagem(r, op),
    }
}

impl Columns for Cliente {
    const COLUMNS: &'static [&'static str] =
        &["cliente_id", "nome", "login", "email_cliente", "faixa_min", "faixa_max", "qtd_ramais_max", "cnpj"];
}
impl Columns for Ramal {
    const COLUMNS: &'static [&'static str] =
        &["ramal_id", "cliente_id", "numero", "nome", "usuario_autenticacao", "plano_discagem_id", "bloquear_ramal"];
}
impl Columns for Did {
    const COLUMNS: &'static [&'static str] =
        &["did_id", "cliente_id", "numero", "apontar_para", "destino", "gravar_chamadas"];
}
impl Columns for Tronco {
    const COLUMNS: &'static [&'static str] = &["tronco_id", "cliente_id", "nome", "endereco", "host_dinamico", "tarifas"];
}
impl Columns for PlanoDiscagem {
    const COLUMNS: &'static [&'static str] = &["plano_discagem_id", "cliente_id", "nome"];
}
impl Columns for Regiao {
    const COLUMNS: &'static [&'static str] = &["regiao_id", "nome"];
}
impl Columns for RegraRoteamento {
    const COLUMNS: &'static [&'static str] =
        &["plano_discagem_id", "regiao_id", "regiao_nome", "prioridade", "tronco_id", "tronco_nome"];
}
impl Columns for Chamada {
    const COLUMNS: &'static [&'static str] =
        &["cdr_id", "data", "origem", "destino", "duracao_chamada", "status", "preco", "recurso"];
}
