//! Planos de discagem: a customer's dial plans; each ramal uses one, and routing rules hang
//! off them.


model! {
    id = plano_discagem_id;
    /// A dial plan.
    pub struct PlanoDiscagem {
        pub plano_discagem_id: i64,
        pub cliente_id: i64,
        pub nome: String,
    }
}

request! {
    /// `inserir_plano_discagem`.
    pub struct InserirPlanoDiscagem { pub dados: PlanoDiscagem }
}

request! {
    /// `alterar_plano_discagem`.
    pub struct AlterarPlanoDiscagem { pub dados: PlanoDiscagem }
}

request! {
    /// `listar_planos_discagem`.
    pub struct ListarPlanosDiscagem {
        pub plano_discagem_id: i64,
        pub cliente_id: i64,
        pub pos_registro_inicial: i64,
        /// Page size; not documented for this list, sent only when set.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quantidade: Option<i64>,
    }
}

request! {
    /// `deletar_plano_discagem` (DELETE): unlike the other deletes, the keys sit in `dados`.
    pub struct DeletarPlanoDiscagem { pub dados: PlanoDiscagem }
}
