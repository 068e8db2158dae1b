//! Realistic, valid records shared by the tests (a real CNPJ, a CEP, numbers inside the
//! customer's range), so local validation never stops them before they reach the server.

use pabx_api::regra_roteamento::{RegiaoRoteamento, Roteamento};
use pabx_api::{Cliente, DestinoEncaminhamento, Did, Encaminhamento, PlanoDiscagem, Ramal, RegrasRoteamento, Tarifa, Tronco};
use serde_json::{json, Value};

/// Customer 1042 ("Acme", extensions 2000..=2049); a non-zero id gives the altered version.
pub fn cliente(cliente_id: i64) -> Cliente {
    let altered = cliente_id != 0;
    Cliente {
        cliente_id,
        login: "acme".into(),
        senha: "Acme#Senha2026".into(),
        nome: "Acme Comércio".into(),
        email_cliente: "ti@acme.com.br".into(),
        qtd_ramais_max: if altered { 80 } else { 50 },
        faixa_min: 2000,
        faixa_max: if altered { 2079 } else { 2049 },
        prefixo: "20".into(),
        razao_social: "Acme Comércio de Equipamentos Ltda".into(),
        cnpj: "11.222.333/0001-81".into(),
        end: "Avenida Paulista, 1578".into(),
        compl: "Conjunto 42".into(),
        cep: "01310-100".into(),
        bairro: "Bela Vista".into(),
        cidade: "São Paulo".into(),
        estado: "SP".into(),
        resp: "Maria Souza".into(),
        tel: "(11) 3251-4000".into(),
        cel: "(11) 98765-4321".into(),
        ramal_resp: "2000".into(),
        salas_conf_num_max: 5,
        espaco_disco: if altered { 4096 } else { 2048 },
        ignorar_limite_espaco: i64::from(altered),
        usuario_padrao_id: 1,
        ..Default::default()
    }
}

pub fn did(did_id: i64) -> Did {
    Did {
        did_id,
        cliente_id: 1042,
        numero: "1130042000".into(),
        audio_antes_encaminhar: "boas_vindas.wav".into(),
        apontar_para: 1,
        destino: "2001".into(),
        habilitar_registro: 1,
        registro_dominio: "sip.operadora.com.br".into(),
        registro_usuario: "1130042000".into(),
        registro_senha: "Reg#Did2026".into(),
        gravar_chamadas: 1,
        maximo_chamadas_simultaneas: 10,
        habilitar_horario_funcionamento: 1,
        horario_funcionamento_lista_feriados: ["01/01", "21/04", "01/05", "07/09", "12/10", "02/11", "15/11", "25/12"]
            .map(String::from)
            .to_vec(),
        horario_funcionamento_inicio: "08:00".into(),
        horario_funcionamento_fim: "18:00".into(),
        horario_funcionamento_dias_semana: vec![1, 2, 3, 4, 5],
        horario_funcionamento_audio_fora_horario: "fora_do_horario.wav".into(),
        ..Default::default()
    }
}

pub fn tarifa(regiao_id: i64, preco: f64) -> Tarifa {
    Tarifa { regiao_id, tarifa: preco, fracionamento: "3/30/6".into(), ..Default::default() }
}

pub fn tronco(tronco_id: i64) -> Tronco {
    Tronco {
        tronco_id,
        cliente_id: 1042,
        nome: "Operadora SIP Principal".into(),
        host_dinamico: 0,
        endereco: "200.155.80.10".into(),
        qtd_digitos_cortados: 1,
        insere_digitos: 0,
        autentica_user_pass: 1,
        usuario: "acme_tronco".into(),
        senha: "Tr0nco#2026".into(),
        tarifas: vec![tarifa(1, 0.05), tarifa(2, 0.12), tarifa(3, 0.45)],
        ..Default::default()
    }
}

pub fn destino(encaminhamento_tipo: i64, encaminhamento_destino: &str) -> DestinoEncaminhamento {
    DestinoEncaminhamento { encaminhamento_tipo, encaminhamento_destino: encaminhamento_destino.into(), ..Default::default() }
}

pub fn encaminhamento(tipo: i64, destino_principal: &str, destinos: Vec<DestinoEncaminhamento>) -> Encaminhamento {
    Encaminhamento {
        encaminhamento_tipo: tipo,
        encaminhamento_destino: destino_principal.into(),
        encaminhamento_destinos: destinos,
        ..Default::default()
    }
}

pub fn ramal(ramal_id: i64) -> Ramal {
    Ramal {
        ramal_id,
        cliente_id: 1042,
        nome: "Recepção".into(),
        usuario_autenticacao: "acme2001".into(),
        numero: "2001".into(),
        senha_sip: "Sip#Recepcao2026".into(),
        senha_web: "Web#Recepcao2026".into(),
        caller_id_externo: "1130042000".into(),
        grupo_ramais: "atendimento".into(),
        centro_custo: "administrativo".into(),
        plano_discagem_id: 7,
        grupo_musica_espera: "padrao".into(),
        puxar_chamadas: 1,
        habilitar_timers: 0,
        habilitar_blf: 1,
        escutar_chamadas: 0,
        gravar_chamadas: 1,
        bloquear_ramal: 0,
        codigo_area: 11,
        habilitar_dupla_autenticacao: 1,
        dupla_autenticacao_ip_permitido: "200.155.80.0".into(),
        dupla_autenticacao_mascara: "255.255.255.0".into(),
        habilitar_caixa_postal: 1,
        caixa_postal_email: "recepcao@acme.com.br".into(),
        encaminhar_todas_chamadas: encaminhamento(0, "", vec![]),
        encaminhar_offline_sem_atendimento: encaminhamento(1, "2002", vec![destino(1, "2003")]),
        encaminhar_ocupado_indisponivel: encaminhamento(2, "11987654321", vec![destino(1, "2002"), destino(2, "1132514000")]),
        ..Default::default()
    }
}

pub fn plano(plano_discagem_id: i64) -> PlanoDiscagem {
    PlanoDiscagem { plano_discagem_id, cliente_id: 1042, nome: "Nacional sem celular".into(), ..Default::default() }
}

pub fn roteamento(prioridade: i64, tronco_id: i64, tronco_nome: &str) -> Roteamento {
    Roteamento { prioridade, tronco_id, tronco_nome: tronco_nome.into(), ..Default::default() }
}

pub fn regras() -> RegrasRoteamento {
    RegrasRoteamento {
        regioes: vec![
            RegiaoRoteamento {
                regiao_id: 1,
                regiao_nome: "Fixo local".into(),
                roteamentos: vec![roteamento(1, 12, "Operadora SIP Principal"), roteamento(2, 13, "Operadora Reserva")],
                ..Default::default()
            },
            RegiaoRoteamento {
                regiao_id: 3,
                regiao_nome: "Móvel".into(),
                roteamentos: vec![roteamento(1, 13, "Operadora Reserva")],
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

/// A `listar_ramais` record as the platform sends it, every field, some numbers as strings:
/// ramal `id` is number `2000 + id`, forwarding when offline to the next two numbers.
pub fn ramal_json(id: usize) -> Value {
    let numero = |n: usize| (2000 + n).to_string();
    json!({
        "ramal_id": id.to_string(),
        "cliente_id": 1042,
        "nome": format!("Ramal {id} - Atendimento São Paulo"),
        "usuario_autenticacao": format!("acme{}", 2000 + id),
        "numero": numero(id),
        "senha_sip": "Sip#Recepcao2026",
        "senha_web": "Web#Recepcao2026",
        "caller_id_externo": "1130042000",
        "grupo_ramais": "atendimento",
        "centro_custo": "administrativo",
        "plano_discagem_id": "7",
        "grupo_musica_espera": "padrao",
        "puxar_chamadas": 1,
        "habilitar_timers": "0",
        "habilitar_blf": 1,
        "escutar_chamadas": 0,
        "gravar_chamadas": "1",
        "bloquear_ramal": 0,
        "codigo_area": "11",
        "habilitar_dupla_autenticacao": id % 2,
        "dupla_autenticacao_ip_permitido": "200.155.80.0",
        "dupla_autenticacao_mascara": "255.255.255.0",
        "habilitar_caixa_postal": 1,
        "caixa_postal_email": format!("ramal{id}@acme.com.br"),
        "encaminhar_todas_chamadas": {"encaminhamento_tipo": 0, "encaminhamento_destino": "", "encaminhamento_destinos": []},
        "encaminhar_offline_sem_atendimento": {
            "encaminhamento_tipo": "1",
            "encaminhamento_destino": numero(id + 1),
            "encaminhamento_destinos": [{"encaminhamento_tipo": 1, "encaminhamento_destino": numero(id + 2)}]
        },
        "encaminhar_ocupado_indisponivel": {
            "encaminhamento_tipo": 1,
            "encaminhamento_destino": "2999",
            "encaminhamento_destinos": [{"encaminhamento_tipo": "2", "encaminhamento_destino": "11987654321"}]
        }
    })
}
