//! DIDs: inbound numbers, pointed at a destination, with optional SIP registration and
//! business hours.


model! {
    id = did_id;
    /// An inbound number.
    pub struct Did {
        pub did_id: i64,
        pub cliente_id: i64,
        pub numero: String,
        pub audio_antes_encaminhar: String,
        /// Kind of destination (ramal, grupo, URA...), as the platform numbers them.
        pub apontar_para: i64,
        pub destino: String,
        pub habilitar_registro: i64,
        pub registro_dominio: String,
        pub registro_usuario: String,
        pub registro_senha: String,
        pub gravar_chamadas: i64,
        pub maximo_chamadas_simultaneas: i64,
        pub habilitar_horario_funcionamento: i64,
        /// Holidays, one per item (`"25/12"`): the document shows one string, servers send a
        /// list of strings; a comma-separated string is read as a list and sent back as one.
        pub horario_funcionamento_lista_feriados: Vec<String> = Virgulas,
        /// HH:MM
        pub horario_funcionamento_inicio: String,
        /// HH:MM
        pub horario_funcionamento_fim: String,
        /// Weekdays, 0 = Sunday .. 6 = Saturday; read from numbers, numeric strings or "1,2,3".
        pub horario_funcionamento_dias_semana: Vec<i64>,
        pub horario_funcionamento_audio_fora_horario: String,
    }
}

request! {
    /// `inserir_did`: `cliente_id` both at the top and inside `dados`.
    pub struct InserirDid { pub cliente_id: i64, pub dados: Did }
}

request! {
    /// `alterar_did`: `cliente_id` both at the top and inside `dados`.
    pub struct AlterarDid { pub cliente_id: i64, pub dados: Did }
}

request! {
    /// `listar_dids`.
    pub struct ListarDids { pub cliente_id: i64 }
}

request! {
    /// `deletar_did` (DELETE).
    pub struct DeletarDid { pub did_id: i64, pub cliente_id: i64 }
}

impl InserirDid {
    /// Builds the body with the top-level `cliente_id` taken from the record.
    pub fn new(dados: Did) -> Self {
        Self { cliente_id: dados.cliente_id, dados }
    }
}

impl AlterarDid {
    /// Builds the body with the top-level `cliente_id` taken from the record.
    pub fn new(dados: Did) -> Self {
        Self { cliente_id: dados.cliente_id, dados }
    }
}
