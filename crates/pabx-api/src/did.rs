//! DIDs: inbound numbers, pointed at a destination, with optional SIP registration and
//! business hours.

use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

use crate::feriados::Feriado;
use crate::horario::{self, EstadoHorario};

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

impl Did {
    /// The holidays of the business hours (in whichever form the server sent the list);
    /// unreadable entries kept, see [`crate::feriados`].
    pub fn feriados(&self) -> Vec<crate::feriados::Feriado> {
        crate::feriados::ler(&self.horario_funcionamento_lista_feriados)
    }

    /// The DID with its holiday list replaced by `feriados`; the list goes back to the platform
    /// in the form it came in (see [`crate::de`]).
    pub fn com_feriados(mut self, feriados: &[crate::feriados::Feriado]) -> Did {
        self.horario_funcionamento_lista_feriados = crate::feriados::entradas(feriados);
        self
    }

    /// The DID with its number in the canonical form (DDD + number, digits only) when it reads
    /// as a Brazilian number; otherwise unchanged, for validation to report.
    pub fn normalizado(mut self) -> Did {
        self.numero = crate::numero::normalizar(&self.numero);
        self
    }
}

/// Everything the DID list shows that needs a rule: the number formatted, the hours summary,
/// open now, and the holidays read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VistaDid {
    pub did_id: i64,
    pub numero_formatado: String,
    /// The destination in words, in pt-BR: `Ramal 2001` (the app words it from `apontar_para`
    /// and `destino_formatado`).
    pub destino: String,
    /// The destination value as shown: an external number formatted, anything else trimmed.
    pub destino_formatado: String,
    /// The hours summary in pt-BR (the app words `estado.horario`).
    pub resumo_horario: String,
    pub estado: EstadoHorario,
    pub feriados: Vec<Feriado>,
}

/// [`VistaDid`] of each DID, judged at `agora`.
pub fn vista(did: &Did, agora: &ZonedDateTime) -> VistaDid {
    let feriados = did.feriados();
    VistaDid {
        did_id: did.did_id,
        numero_formatado: crate::numero::formatar(&did.numero),
        destino: crate::destino::descrever(did.apontar_para, &did.destino),
        destino_formatado: crate::destino::formatar(did.apontar_para, &did.destino),
        resumo_horario: horario::resumo(did, &feriados),
        estado: horario::estado(did, &feriados, agora),
        feriados,
    }
}

/// [`vista`] of every DID, now, in the named time zone.
pub fn vistas_agora(dids: &[Did], fuso_nome: &str) -> Result<Vec<VistaDid>, crate::mensagens::Mensagem> {
    let agora = Timestamp::now().to_zoned_datetime(horario::fuso(fuso_nome)?);
    Ok(dids.iter().map(|d| vista(d, &agora)).collect())
}
