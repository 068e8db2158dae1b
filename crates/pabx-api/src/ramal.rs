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

impl RamalLinha {
    /// Rows as one binary column message ([`crate::colunar`]), each field a column under its
    /// name, `meta` in the header: a customer's 10,000 reach the webview in about half the bytes
    /// of their JSON, with no JSON to write or parse (`ui/src/screens/ramais/colunas.ts` reads it).
    pub fn em_colunas<M: serde::Serialize>(linhas: &[RamalLinha], meta: M) -> Vec<u8> {
        let inteiros = |campo: fn(&RamalLinha) -> i64| linhas.iter().map(campo).collect::<Vec<_>>();
        let textos = |campo: fn(&RamalLinha) -> &str| linhas.iter().map(campo).collect::<Vec<_>>();
        let mut c = crate::colunar::Colunar::new(linhas.len());
        c.inteiros("ramal_id", &inteiros(|r| r.ramal_id))
            .inteiros("cliente_id", &inteiros(|r| r.cliente_id))
            .textos("numero", &textos(|r| &r.numero))
            .textos("nome", &textos(|r| &r.nome))
            .textos("usuario_autenticacao", &textos(|r| &r.usuario_autenticacao))
            .textos("caller_id_externo", &textos(|r| &r.caller_id_externo))
            .textos("grupo_ramais", &textos(|r| &r.grupo_ramais))
            .inteiros("bloquear_ramal", &inteiros(|r| r.bloquear_ramal));
        c.fim(meta)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Progress;

    /// The message `ui/src/screens/ramais/colunas.test.ts` reads.
    fn exemplo() -> Vec<u8> {
        let linha = |ramal_id, numero: &str, nome: &str, bloquear_ramal| RamalLinha {
            ramal_id,
            cliente_id: 7,
            numero: numero.into(),
            nome: nome.into(),
            usuario_autenticacao: format!("u{numero}"),
            caller_id_externo: "1131000000".into(),
            grupo_ramais: String::new(),
            bloquear_ramal,
        };
        RamalLinha::em_colunas(&[linha(101, "1001", "Recepção ✓", 0), linha(102, "1002", "", 1)], Progress { loaded: 2, total: Some(10) })
    }

    #[test]
    fn the_column_message_has_every_field_under_its_name() {
        let bytes = exemplo();
        let h = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        let header: serde_json::Value = serde_json::from_slice(&bytes[4..4 + h]).unwrap();
        let mut nomes: Vec<String> = header["colunas"].as_array().unwrap().iter().map(|c| c["nome"].as_str().unwrap().to_owned()).collect();
        let uma = RamalLinha {
            ramal_id: 0,
            cliente_id: 0,
            numero: String::new(),
            nome: String::new(),
            usuario_autenticacao: String::new(),
            caller_id_externo: String::new(),
            grupo_ramais: String::new(),
            bloquear_ramal: 0,
        };
        let mut campos: Vec<String> = serde_json::to_value(&uma).unwrap().as_object().unwrap().keys().cloned().collect();
        nomes.sort();
        campos.sort();
        assert_eq!(nomes, campos, "the UI reads the message as RamalLinha records");
        assert_eq!(header["meta"], serde_json::json!({ "loaded": 2, "total": 10 }));
    }

    #[test]
    fn the_ui_fixture_is_what_this_writes() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ramais-colunar.bin");
        let bytes = exemplo();
        if std::env::var_os("PABX_WRITE_FIXTURES").is_some() {
            std::fs::write(&fixture, &bytes).unwrap();
        }
        let committed = std::fs::read(&fixture).expect("tests/fixtures/ramais-colunar.bin (PABX_WRITE_FIXTURES=1 writes it)");
        assert!(committed == bytes, "tests/fixtures/ramais-colunar.bin is stale: run this test with PABX_WRITE_FIXTURES=1");
    }
}
