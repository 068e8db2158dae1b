//! Histórico de chamadas: call detail records (`listar_historico_chamada`, named in the
//! introduction of the documentation and known from public client code of the platform).

model! {
    id = cdr_id;
    /// A call record.
    pub struct Chamada {
        pub cdr_id: i64,
        pub cliente_id: i64,
        pub regiao_id: i64,
        /// As the server writes it, e.g. `26/11/2026 14:03:22`.
        pub data: String,
        pub origem: String,
        pub destino: String,
        pub recurso: String,
        pub preco: f64,
        pub status: String,
        pub status_descricao: String,
        /// Seconds.
        pub duracao_chamada: i64,
        pub link_gravacao: String,
        pub chamada_id: String,
        /// `HH:MM:SS`, sent by some servers.
        pub duracao: String,
        pub sip_code: String,
        pub cliente_nome: String,
    }
}

request! {
    /// `listar_historico_chamada`: dates `dd/mm/yyyy`, hours `HH:MM`; at most a two-month
    /// window and 1000 records per page.
    pub struct ListarHistoricoChamada {
        pub cliente_id: i64,
        pub tronco_id: i64,
        pub data_inicial: String,
        pub data_final: String,
        pub hora_inicial: String,
        pub hora_final: String,
        pub ramal_origem: String,
        pub ramal_destino: String,
        pub numero_origem: String,
        pub numero_destino: String,
        pub chamada_id: String,
        pub status: String,
        /// `"tela"` for on-screen results.
        pub tipo_exibicao: String,
        pub email: String,
        pub pos_registro_inicial: i64,
        pub quantidade: i64,
    }
}

/// The largest page the platform serves for call history.
pub const MAX_QUANTIDADE: i64 = 1000;
