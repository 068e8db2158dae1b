//! Clientes: the reseller's customers (tenants). `faixa_min..=faixa_max` is the range of
//! extension numbers the customer may use.

model! {
    id = cliente_id;
    /// A customer, as sent by `inserir_cliente` / `alterar_cliente` and listed by `listar_clientes`.
    pub struct Cliente {
        pub cliente_id: i64,
        pub login: String,
        pub senha: String,
        pub nome: String,
        pub email_cliente: String,
        pub qtd_ramais_max: i64,
        pub faixa_min: i64,
        pub faixa_max: i64,
        pub prefixo: String,
        pub razao_social: String,
        pub cnpj: String,
        pub end: String,
        pub compl: String,
        pub cep: String,
        pub bairro: String,
        pub cidade: String,
        pub estado: String,
        pub resp: String,
        pub tel: String,
        pub cel: String,
        pub ramal_resp: String,
        pub salas_conf_num_max: i64,
        pub espaco_disco: i64,
        pub ignorar_limite_espaco: i64,
        pub usuario_padrao_id: i64,
    }
}

request! {
    /// `inserir_cliente`: the new customer in `dados`.
    pub struct InserirCliente { pub dados: Cliente }
}

request! {
    /// `alterar_cliente`: the whole customer in `dados`.
    pub struct AlterarCliente { pub dados: Cliente }
}

request! {
    /// `listar_clientes`: 0 / "" mean "any".
    pub struct ListarClientes {
        pub cliente_id: i64,
        pub nome: String,
        pub pos_registro_inicial: i64,
        /// Page size; not documented for this list, sent only when set.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quantidade: Option<i64>,
    }
}

request! {
    /// `deletar_cliente` (DELETE).
    pub struct DeletarCliente { pub cliente_id: i64 }
}

/// What still belongs to a customer: the server refuses its delete while any is left, so the
/// app and the CLI say so, and link to them, before asking to confirm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DependentesCliente {
    pub ramais: u32,
    pub dids: u32,
    pub troncos: u32,
    pub planos_discagem: u32,
}

impl DependentesCliente {
    pub fn nenhum(&self) -> bool {
        *self == Self::default()
    }
}

impl crate::Client {
    /// Counts a customer's ramais, DIDs, troncos and dial plans at once ([`crate::Client::count`]:
    /// one request each when the server reports totals).
    pub async fn dependentes_cliente(&self, cliente_id: i64) -> crate::Result<DependentesCliente> {
        use crate::{did::ListarDids, plano_discagem::ListarPlanosDiscagem, ramal::ListarRamais, tronco::ListarTroncos};
        let (ramais, dids, troncos, planos) = tokio::try_join!(
            self.count(ListarRamais { cliente_id, ..ListarRamais::default() }),
            self.count(ListarDids { cliente_id }),
            self.count(ListarTroncos { cliente_id, tronco_id: 0 }),
            self.count(ListarPlanosDiscagem { cliente_id, ..ListarPlanosDiscagem::default() }),
        )?;
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(DependentesCliente { ramais: small(ramais), dids: small(dids), troncos: small(troncos), planos_discagem: small(planos) })
    }
}
