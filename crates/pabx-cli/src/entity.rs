//! The table that maps each writable entity to the client's types: its record, the body of
//! each verb, the list filters it accepts and the validation it runs. [`crate::commands`] drives
//! list/insert/alter/delete once for all of them through [`Entity`].

use pabx_api::actions::{ListAction, WriteAction};
use pabx_api::chamada::Chamada;
use pabx_api::cliente::{AlterarCliente, DeletarCliente, InserirCliente, ListarClientes};
use pabx_api::did::{AlterarDid, DeletarDid, InserirDid, ListarDids};
use pabx_api::plano_discagem::{AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem, ListarPlanosDiscagem};
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use pabx_api::regra_roteamento::RegraRoteamento;
use pabx_api::tronco::{AlterarTronco, DeletarTronco, InserirTronco, ListarTroncos};
use pabx_api::{Client, Cliente, Did, Error, PlanoDiscagem, Ramal, Record, Regiao, Tronco};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

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

    type Record: Record + Columns + Serialize + DeserializeOwned + Send;
    type List: ListAction<Item = Self::Record>;
    type Insert: WriteAction;
    type Alter: WriteAction;
    type Delete: WriteAction;

    fn list(filter: &ListArgs) -> Self::List;
    fn insert(record: Self::Record) -> Self::Insert;
    fn alter(record: Self::Record) -> Self::Alter;
    fn delete(cliente_id: i64, id: i64) -> Self::Delete;
    /// Why the server would refuse this delete, said before anything is sent (a customer that
    /// still has ramais, DIDs, troncos or plans); `None` sends it.
    fn delete_blockers(_client: &Client, _id: i64) -> impl Future<Output = Result<Option<String>, Error>> + Send {
        async { Ok(None) }
    }
}

/// "o cliente 5 ainda tem 12 ramais e 1 plano de discagem": counted by
/// [`Client::dependentes_cliente`] (one request per list when the server reports totals).
async fn cliente_delete_blockers(client: &Client, id: i64) -> Result<Option<String>, Error> {
    let left = client.dependentes_cliente(id).await?;
    if left.nenhum() {
        return Ok(None);
    }
    let counts = [
        (left.ramais, "ramal", "ramais"),
        (left.dids, "DID", "DIDs"),
        (left.troncos, "tronco", "troncos"),
        (left.planos_discagem, "plano de discagem", "planos de discagem"),
    ];
    let parts: Vec<String> =
        counts.into_iter().filter(|(n, ..)| *n > 0).map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many })).collect();
    let listed = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} e {last}", rest.join(", ")),
        None => String::new(),
    };
    Ok(Some(format!(
        "o cliente {id} ainda tem {listed}, e o servidor recusa remover um cliente assim; nada foi enviado. \
         Remova-os antes (por exemplo, `pabx ramais list --cliente {id}` mostra os ramais) e rode o comando de novo."
    )))
}

/// The table itself: one row per entity, naming its types and how each body is built.
macro_rules! entities {
    ($(
        $entity:ident: $record:ty {
            name: $name:literal,
            singular: $singular:literal,
            filters: $filters:expr,
            delete_needs_cliente: $delete_needs_cliente:literal,
            list: $list:ty = |$filter:ident| $list_body:expr,
            insert: $insert:ty = |$inserted:ident| $insert_body:expr,
            alter: $alter:ty = |$altered:ident| $alter_body:expr,
            delete: $delete:ty = |$cliente_id:pat_param, $id:ident| $delete_body:expr,
            $(delete_blockers: $blockers:path,)?
        }
    )*) => {$(
        pub struct $entity;

        impl Entity for $entity {
            const NAME: &'static str = $name;
            const SINGULAR: &'static str = $singular;
            const FILTERS: Filters = $filters;
            const DELETE_NEEDS_CLIENTE: bool = $delete_needs_cliente;
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
            $(
                fn delete_blockers(client: &Client, id: i64) -> impl Future<Output = Result<Option<String>, Error>> + Send {
                    $blockers(client, id)
                }
            )?
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
        list: ListarClientes = |f| ListarClientes {
            cliente_id: f.id.unwrap_or(0),
            nome: f.nome.clone().unwrap_or_default(),
            pos_registro_inicial: 0,
            quantidade: f.quantidade,
        },
        insert: InserirCliente = |dados| InserirCliente { dados },
        alter: AlterarCliente = |dados| AlterarCliente { dados },
        delete: DeletarCliente = |_, id| DeletarCliente { cliente_id: id },
        delete_blockers: cliente_delete_blockers,
    }
    Ramais: Ramal {
        name: "ramais",
        singular: "ramal",
        filters: filters(true, true, true, true),
        delete_needs_cliente: true,
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
    }
    Dids: Did {
        name: "dids",
        singular: "DID",
        filters: filters(true, false, false, false),
        delete_needs_cliente: true,
        list: ListarDids = |f| ListarDids { cliente_id: f.cliente.unwrap_or(0) },
        insert: InserirDid = |dados| InserirDid::new(dados),
        alter: AlterarDid = |dados| AlterarDid::new(dados),
        delete: DeletarDid = |cliente_id, id| DeletarDid { did_id: id, cliente_id },
    }
    Troncos: Tronco {
        name: "troncos",
        singular: "tronco",
        filters: filters(true, true, false, false),
        delete_needs_cliente: true,
        list: ListarTroncos = |f| ListarTroncos { tronco_id: f.id.unwrap_or(0), cliente_id: f.cliente.unwrap_or(0) },
        insert: InserirTronco = |dados| InserirTronco { dados },
        alter: AlterarTronco = |dados| AlterarTronco { dados },
        delete: DeletarTronco = |cliente_id, id| DeletarTronco { tronco_id: id, cliente_id },
    }
    Planos: PlanoDiscagem {
        name: "planos",
        singular: "plano de discagem",
        filters: filters(true, true, false, true),
        delete_needs_cliente: true,
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
    const COLUMNS: &'static [&'static str] = &["did_id", "cliente_id", "numero", "apontar_para", "destino", "gravar_chamadas"];
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
    const COLUMNS: &'static [&'static str] = &["plano_discagem_id", "regiao_id", "regiao_nome", "prioridade", "tronco_id", "tronco_nome"];
}
impl Columns for Chamada {
    const COLUMNS: &'static [&'static str] = &["cdr_id", "data", "origem", "destino", "duracao_chamada", "status", "preco", "recurso"];
}
