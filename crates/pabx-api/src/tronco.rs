//! Troncos: outbound trunks, each with a tariff per region.

model! {
    /// The price of calls to one region over a trunk.
    pub struct Tarifa {
        pub regiao_id: i64,
        /// Price per minute, in reais.
        pub tarifa: f64,
        /// `G/M/I` in seconds: see [`crate::tarifas::Fracionamento`].
        pub fracionamento: String,
    }
}

model! {
    id = tronco_id;
    /// A trunk.
    pub struct Tronco {
        pub tronco_id: i64,
        pub cliente_id: i64,
        pub nome: String,
        pub host_dinamico: i64,
        pub endereco: String,
        pub qtd_digitos_cortados: i64,
        pub insere_digitos: i64,
        pub autentica_user_pass: i64,
        pub usuario: String,
        pub senha: String,
        pub tarifas: Vec<Tarifa>,
    }
}

request! {
    /// `inserir_tronco`.
    pub struct InserirTronco { pub dados: Tronco }
}

request! {
    /// `alterar_tronco`.
    pub struct AlterarTronco { pub dados: Tronco }
}

request! {
    /// `listar_troncos`.
    pub struct ListarTroncos { pub tronco_id: i64, pub cliente_id: i64 }
}

request! {
    /// `deletar_tronco` (DELETE).
    pub struct DeletarTronco { pub tronco_id: i64, pub cliente_id: i64 }
}
