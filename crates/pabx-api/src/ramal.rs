//! Ramais: a customer's extensions, with SIP credentials, features, dual authentication,
//! voicemail and three forwarding rules.


model! {
    // Some clients send a slot as its destination alone (`"1002"`): read so, sent back so.
    text = encaminhamento_destino;
    /// One destination in a forwarding rule's list.
    pub struct DestinoEncaminhamento {
        pub encaminhamento_tipo: i64,
        pub encaminhamento_destino: String,
    }
}

model! {
    /// A forwarding rule: a main destination and a list of further destinations.
    pub struct Encaminhamento {
        pub encaminhamento_tipo: i64,
        pub encaminhamento_destino: String,
        pub encaminhamento_destinos: Vec<DestinoEncaminhamento>,
    }
}

model! {
    id = ramal_id;
    /// An extension.
    pub struct Ramal {
        pub ramal_id: i64,
        pub cliente_id: i64,
        pub nome: String,
        pub usuario_autenticacao: String,
        pub numero: String,
        pub senha_sip: String,
        pub senha_web: String,
        pub caller_id_externo: String,
        pub grupo_ramais: String,
        pub centro_custo: String,
        pub plano_discagem_id: i64,
        pub grupo_musica_espera: String,
        pub puxar_chamadas: i64,
        pub habilitar_timers: i64,
        pub habilitar_blf: i64,
        pub escutar_chamadas: i64,
        pub gravar_chamadas: i64,
        pub bloquear_ramal: i64,
        pub codigo_area: i64,
        pub habilitar_dupla_autenticacao: i64,
        pub dupla_autenticacao_ip_permitido: String,
        pub dupla_autenticacao_mascara: String,
        pub habilitar_caixa_postal: i64,
        pub caixa_postal_email: String,
        /// Forward every call.
        pub encaminhar_todas_chamadas: Encaminhamento,
        /// Forward when offline or unanswered.
        pub encaminhar_offline_sem_atendimento: Encaminhamento,
        /// Forward when busy or unavailable.
        pub encaminhar_ocupado_indisponivel: Encaminhamento,
    }
}

request! {
    /// `inserir_ramal`.
    pub struct InserirRamal { pub dados: Ramal }
}

request! {
    /// `alterar_ramal`: all three `encaminhar_*` inside `dados` (the documentation's braces
    /// put two outside by a page-break error).
    pub struct AlterarRamal { pub dados: Ramal }
}

request! {
    /// `listar_ramais`: 0 / "" mean "any".
    pub struct ListarRamais {
        pub cliente_id: i64,
        pub ramal_id: i64,
        pub nome: String,
        pub pos_registro_inicial: i64,
        /// Page size; not documented for this list, sent only when set.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quantidade: Option<i64>,
    }
}

request! {
    /// `deletar_ramal` (DELETE).
    pub struct DeletarRamal { pub cliente_id: i64, pub ramal_id: i64 }
}

/// What a list of ramais shows of each one (its columns and what its search reads): a few
/// dozen bytes instead of the whole record, for lists of thousands. The form opens the whole
/// [`Ramal`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RamalLinha {
    pub ramal_id: i64,
    pub cliente_id: i64,
    pub numero: String,
    pub nome: String,
    pub usuario_autenticacao: String,
    pub caller_id_externo: String,
    pub grupo_ramais: String,
    pub bloquear_ramal: i64,
}

impl From<Ramal> for RamalLinha {
    fn from(r: Ramal) -> Self {
        Self {
            ramal_id: r.ramal_id,
            cliente_id: r.cliente_id,
            numero: r.numero,
            nome: r.nome,
            usuario_autenticacao: r.usuario_autenticacao,
            caller_id_externo: r.caller_id_externo,
            grupo_ramais: r.grupo_ramais,
            bloquear_ramal: r.bloquear_ramal,
        }
    }
}
