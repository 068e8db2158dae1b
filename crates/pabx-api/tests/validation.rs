//! Local validation: a table of invalid inputs, each starting from a valid record with one
//! field spoiled and expecting exactly one error (field and pt-BR message); valid inputs,
//! including the boundaries, that must pass; and `Client::write` refusing invalid input without
//! opening a connection.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::{AlterarCliente, DeletarCliente, InserirCliente};
use pabx_api::did::{AlterarDid, DeletarDid, InserirDid};
use pabx_api::plano_discagem::{AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem};
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal};
use pabx_api::regra_roteamento::{AlterarRegrasRoteamento, RegiaoRoteamento, Roteamento};
use pabx_api::tronco::{AlterarTronco, DeletarTronco, InserirTronco};
use pabx_api::validation::{self, *};
use pabx_api::{
    Client, ClientConfig, Cliente, Credentials, DestinoEncaminhamento, Did, Encaminhamento, ErrorKind, FieldError, PlanoDiscagem, Ramal,
    RegrasRoteamento, Tarifa, Tronco,
};

// ------------------------------------------------------------------ valid records

fn cliente_valido() -> Cliente {
    Cliente {
        login: "padaria.sol".into(),
        senha: "Sol#2026pabx".into(),
        nome: "Padaria Sol Nascente".into(),
        email_cliente: "contato@padariasol.com.br".into(),
        qtd_ramais_max: 100,
        faixa_min: 100,
        faixa_max: 199,
        prefixo: "0".into(),
        razao_social: "Padaria Sol Nascente Ltda".into(),
        cnpj: "12.345.678/0001-95".into(),
        end: "Rua Augusta, 1000".into(),
        cep: "01310-100".into(),
        bairro: "Consolação".into(),
        cidade: "São Paulo".into(),
        estado: "SP".into(),
        resp: "João Pereira".into(),
        tel: "(11) 3333-4444".into(),
        cel: "+55 11 98765-4321".into(),
        ramal_resp: "100".into(),
        salas_conf_num_max: 2,
        espaco_disco: 1024,
        ..Default::default()
    }
}

fn encaminhamento(tipo: i64, destino: &str, destinos: &[(i64, &str)]) -> Encaminhamento {
    Encaminhamento {
        encaminhamento_tipo: tipo,
        encaminhamento_destino: destino.into(),
        encaminhamento_destinos: destinos
            .iter()
            .map(|(tipo, destino)| DestinoEncaminhamento {
                encaminhamento_tipo: *tipo,
                encaminhamento_destino: (*destino).into(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn ramal_valido() -> Ramal {
    Ramal {
        cliente_id: 7,
        nome: "Caixa".into(),
        usuario_autenticacao: "sol150".into(),
        numero: "150".into(),
        senha_sip: "Kx9#mq2Lw".into(),
        senha_web: "web#150x".into(),
        caller_id_externo: "1133334444".into(),
        codigo_area: 11,
        habilitar_dupla_autenticacao: 1,
        dupla_autenticacao_ip_permitido: "200.150.10.1".into(),
        dupla_autenticacao_mascara: "255.255.255.0".into(),
        habilitar_caixa_postal: 1,
        caixa_postal_email: "caixa@padariasol.com.br".into(),
        encaminhar_todas_chamadas: encaminhamento(0, "", &[]),
        encaminhar_offline_sem_atendimento: encaminhamento(1, "151", &[(1, "152")]),
        encaminhar_ocupado_indisponivel: encaminhamento(2, "11987654321", &[(0, ""), (1, "153")]),
        ..Default::default()
    }
}

fn did_valido() -> Did {
    Did {
        cliente_id: 7,
        numero: "1133334444".into(),
        apontar_para: 1,
        destino: "150".into(),
        habilitar_registro: 1,
        registro_dominio: "sip.operadora.com.br".into(),
        registro_usuario: "1133334444".into(),
        registro_senha: "reg#2026".into(),
        habilitar_horario_funcionamento: 1,
        horario_funcionamento_inicio: "08:00".into(),
        horario_funcionamento_fim: "18:00".into(),
        horario_funcionamento_dias_semana: vec![1, 2, 3, 4, 5],
        ..Default::default()
    }
}

fn tarifa(regiao_id: i64, preco: f64, fracionamento: &str) -> Tarifa {
    Tarifa { regiao_id, tarifa: preco, fracionamento: fracionamento.into(), ..Default::default() }
}

fn tronco_valido() -> Tronco {
    Tronco {
        cliente_id: 7,
        nome: "Operadora A".into(),
        endereco: "sip.operadora.com.br:5060".into(),
        qtd_digitos_cortados: 1,
        autentica_user_pass: 1,
        usuario: "padaria_sol".into(),
        senha: "tronco#2026".into(),
        tarifas: vec![tarifa(1, 0.05, "4/30/6"), tarifa(2, 0.35, "0/60/60")],
        ..Default::default()
    }
}

fn plano_valido() -> PlanoDiscagem {
    PlanoDiscagem { cliente_id: 7, nome: "Nacional".into(), ..Default::default() }
}

fn rota(prioridade: i64, tronco_id: i64) -> Roteamento {
    Roteamento { prioridade, tronco_id, tronco_nome: format!("Tronco {tronco_id}"), ..Default::default() }
}

fn regiao(regiao_id: i64, roteamentos: Vec<Roteamento>) -> RegiaoRoteamento {
    RegiaoRoteamento { regiao_id, regiao_nome: format!("Região {regiao_id}"), roteamentos, ..Default::default() }
}

fn regras_validas() -> AlterarRegrasRoteamento {
    AlterarRegrasRoteamento {
        plano_discagem_id: 3,
        dados: RegrasRoteamento {
            regioes: vec![regiao(1, vec![rota(1, 10), rota(2, 11)]), regiao(2, vec![rota(1, 11)])],
            ..Default::default()
        },
    }
}

fn historico_valido() -> ListarHistoricoChamada {
    ListarHistoricoChamada {
        cliente_id: 7,
        data_inicial: "01/11/2026".into(),
        data_final: "26/11/2026".into(),
        hora_inicial: "08:00".into(),
        hora_final: "18:00".into(),
        tipo_exibicao: "tela".into(),
        quantidade: 1000,
        ..Default::default()
    }
}

// ------------------------------------------------------------------ one field spoiled

fn cliente(change: impl FnOnce(&mut Cliente)) -> Vec<FieldError> {
    let mut c = cliente_valido();
    change(&mut c);
    validar_cliente(&c, Operacao::Inserir)
}

fn cliente_alterado(change: impl FnOnce(&mut Cliente)) -> Vec<FieldError> {
    let mut c = Cliente { cliente_id: 7, ..cliente_valido() };
    change(&mut c);
    validar_cliente(&c, Operacao::Alterar)
}

/// A ramal checked against the valid customer (range 100..=199).
fn ramal(change: impl FnOnce(&mut Ramal)) -> Vec<FieldError> {
    let mut r = ramal_valido();
    change(&mut r);
    validar_ramal(&r, Some(&Cliente { cliente_id: 7, ..cliente_valido() }), Operacao::Inserir)
}

fn did(change: impl FnOnce(&mut Did)) -> Vec<FieldError> {
    let mut d = did_valido();
    change(&mut d);
    validar_did(&d, Operacao::Inserir)
}

fn tronco(change: impl FnOnce(&mut Tronco)) -> Vec<FieldError> {
    let mut t = tronco_valido();
    change(&mut t);
    validar_tronco(&t, Operacao::Inserir)
}

fn plano(operacao: Operacao, change: impl FnOnce(&mut PlanoDiscagem)) -> Vec<FieldError> {
    let mut p = plano_valido();
    change(&mut p);
    validar_plano_discagem(&p, operacao)
}

fn regras(change: impl FnOnce(&mut AlterarRegrasRoteamento)) -> Vec<FieldError> {
    let mut r = regras_validas();
    change(&mut r);
    validar_regras_roteamento(&r)
}

fn historico(change: impl FnOnce(&mut ListarHistoricoChamada)) -> Vec<FieldError> {
    let mut h = historico_valido();
    change(&mut h);
    validar_historico(&h)
}

const CNPJ_DV: &str = "CNPJ inválido: confira os dígitos verificadores";
const CNPJ_FORMATO: &str = "CNPJ inválido: use 14 dígitos, como 12.345.678/0001-95";
const CEP: &str = "CEP inválido: use 8 dígitos, como 01310-100";
const EMAIL: &str = "E-mail inválido: use o formato nome@empresa.com.br";
const UF: &str = "UF inválida: use a sigla do estado em maiúsculas, como SP";
const TELEFONE: &str = "Telefone inválido: informe DDD e número, como (11) 3333-4444";
const SIM_NAO: &str = "Use 0 (não) ou 1 (sim)";
const IDENTIFICADOR: &str = "Use só letras sem acento, números, ponto, hífen, sublinhado ou @, sem espaços";
const IP: &str = "IP inválido: use quatro números de 0 a 255, como 192.168.0.10";
const MASCARA: &str = "Máscara inválida: use 255.255.255.0 ou um número de 0 a 32";
const HORA: &str = "Hora inválida: use HH:MM, de 00:00 a 23:59";
const HOST: &str = "Endereço inválido: use um nome como sip.operadora.com.br ou um IP, com :porta opcional";
const DATA: &str = "Data inválida: use dd/mm/aaaa, como 31/01/2026";
const FRACIONAMENTO: &str = "Fracionamento inválido: use G/M/I em segundos, como 4/30/6";

/// (what is spoiled, the errors found, the field expected, the message expected)
fn invalid_table() -> Vec<(&'static str, Vec<FieldError>, &'static str, &'static str)> {
    vec![
        // --- cliente
        ("cliente sem nome", cliente(|c| c.nome = String::new()), "nome", "Informe o nome"),
        ("cliente nome só espaços", cliente(|c| c.nome = "   ".into()), "nome", "Informe o nome"),
        ("cliente nome longo", cliente(|c| c.nome = "é".repeat(81)), "nome", "Use no máximo 80 caracteres"),
        ("cliente sem login", cliente(|c| c.login = String::new()), "login", "Informe o login"),
        ("cliente login com espaço", cliente(|c| c.login = "padaria sol".into()), "login", IDENTIFICADOR),
        ("cliente login acentuado", cliente(|c| c.login = "padaria.são".into()), "login", IDENTIFICADOR),
        ("cliente sem senha", cliente(|c| c.senha = String::new()), "senha", "Informe a senha"),
        ("cliente senha curta", cliente(|c| c.senha = "12345".into()), "senha", "Use uma senha de pelo menos 6 caracteres"),
        ("cliente e-mail sem domínio", cliente(|c| c.email_cliente = "contato@".into()), "email_cliente", EMAIL),
        ("cliente e-mail com espaço", cliente(|c| c.email_cliente = "con tato@sol.com.br".into()), "email_cliente", EMAIL),
        ("cliente e-mail sem ponto", cliente(|c| c.email_cliente = "contato@localhost".into()), "email_cliente", EMAIL),
        ("cliente e-mail com dois @", cliente(|c| c.email_cliente = "a@b@sol.com.br".into()), "email_cliente", EMAIL),
        ("cnpj dígito errado", cliente(|c| c.cnpj = "12.345.678/0001-96".into()), "cnpj", CNPJ_DV),
        ("cnpj sem máscara errado", cliente(|c| c.cnpj = "11222333000180".into()), "cnpj", CNPJ_DV),
        ("cnpj dígitos iguais", cliente(|c| c.cnpj = "11111111111111".into()), "cnpj", "CNPJ inválido: todos os dígitos são iguais"),
        ("cnpj curto", cliente(|c| c.cnpj = "1234567800019".into()), "cnpj", CNPJ_FORMATO),
        ("cnpj máscara errada", cliente(|c| c.cnpj = "12.345.678/0001_95".into()), "cnpj", CNPJ_FORMATO),
        ("cnpj com letras no DV", cliente(|c| c.cnpj = "12ABC34501DEAB".into()), "cnpj", CNPJ_FORMATO),
        ("cnpj alfanumérico DV errado", cliente(|c| c.cnpj = "12.ABC.345/01DE-36".into()), "cnpj", CNPJ_DV),
        ("cep com hífen fora do lugar", cliente(|c| c.cep = "0131-0100".into()), "cep", CEP),
        ("cep com 7 dígitos", cliente(|c| c.cep = "1310100".into()), "cep", CEP),
        ("cep zerado", cliente(|c| c.cep = "00000-000".into()), "cep", CEP),
        ("uf inexistente", cliente(|c| c.estado = "XX".into()), "estado", UF),
        ("uf minúscula", cliente(|c| c.estado = "sp".into()), "estado", UF),
        ("faixa sem início", cliente(|c| c.faixa_min = 0), "faixa_min", "Informe o início da faixa de ramais"),
        ("faixa sem fim", cliente(|c| c.faixa_max = 0), "faixa_max", "Informe o fim da faixa de ramais"),
        (
            "faixa invertida",
            cliente(|c| (c.faixa_min, c.faixa_max, c.qtd_ramais_max) = (200, 100, 0)),
            "faixa_max",
            "O fim da faixa deve ser maior ou igual ao início",
        ),
        ("faixa com 9 dígitos", cliente(|c| c.faixa_max = 100_000_000), "faixa_max", "Use ramais de no máximo 8 dígitos"),
        (
            "mais ramais que a faixa",
            cliente(|c| c.qtd_ramais_max = 101),
            "qtd_ramais_max",
            "A faixa 100 a 199 comporta no máximo 100 ramais",
        ),
        ("qtd de ramais negativa", cliente(|c| c.qtd_ramais_max = -1), "qtd_ramais_max", "Use 0 ou mais"),
        ("prefixo com letra", cliente(|c| c.prefixo = "0x".into()), "prefixo", "Use só dígitos"),
        ("telefone sem DDD", cliente(|c| c.tel = "3333-4444".into()), "tel", TELEFONE),
        ("celular estrangeiro", cliente(|c| c.cel = "+1 212 555 0100".into()), "cel", TELEFONE),
        ("telefone com letras", cliente(|c| c.tel = "(11) 3333-ABCD".into()), "tel", TELEFONE),
        ("ramal do responsável", cliente(|c| c.ramal_resp = "1x".into()), "ramal_resp", "Ramal inválido: use só dígitos, no máximo 8"),
        ("flag fora de 0/1", cliente(|c| c.ignorar_limite_espaco = 2), "ignorar_limite_espaco", SIM_NAO),
        ("espaço em disco negativo", cliente(|c| c.espaco_disco = -10), "espaco_disco", "Use 0 ou mais"),
        (
            "cliente com código ao inserir",
            cliente(|c| c.cliente_id = 5),
            "cliente_id",
            "Deixe o código vazio ao inserir: o servidor cria um novo",
        ),
        ("cliente sem código ao alterar", cliente_alterado(|c| c.cliente_id = 0), "cliente_id", "Informe o código do cliente a alterar"),
        // --- ramal
        ("ramal sem cliente", ramal(|r| r.cliente_id = 0), "cliente_id", "Escolha o cliente"),
        ("ramal de outro cliente", ramal(|r| r.cliente_id = 8), "cliente_id", "O ramal é de outro cliente: escolha o cliente 7"),
        ("ramal sem nome", ramal(|r| r.nome = String::new()), "nome", "Informe o nome"),
        ("ramal sem número", ramal(|r| r.numero = String::new()), "numero", "Informe o número do ramal"),
        ("ramal com letra", ramal(|r| r.numero = "15a".into()), "numero", "Ramal inválido: use só dígitos, no máximo 8"),
        ("ramal acima da faixa", ramal(|r| r.numero = "200".into()), "numero", "Ramal fora da faixa do cliente: use de 100 a 199"),
        ("ramal abaixo da faixa", ramal(|r| r.numero = "99".into()), "numero", "Ramal fora da faixa do cliente: use de 100 a 199"),
        ("ramal sem senha SIP", ramal(|r| r.senha_sip = String::new()), "senha_sip", "Informe a senha SIP"),
        ("senha SIP curta", ramal(|r| r.senha_sip = "Kx9#mq2".into()), "senha_sip", "Use uma senha de pelo menos 8 caracteres"),
        ("senha SIP longa", ramal(|r| r.senha_sip = "k".repeat(65)), "senha_sip", "Use uma senha de no máximo 64 caracteres"),
        (
            "senha SIP igual ao usuário",
            ramal(|r| (r.usuario_autenticacao, r.senha_sip) = ("sol150xy".into(), "sol150xy".into())),
            "senha_sip",
            "A senha SIP não pode ser o número nem o usuário do ramal",
        ),
        ("usuário SIP com espaço", ramal(|r| r.usuario_autenticacao = "sol 150".into()), "usuario_autenticacao", IDENTIFICADOR),
        ("DDD inexistente", ramal(|r| r.codigo_area = 20), "codigo_area", "DDD inválido: use o código de área com 2 dígitos, como 11"),
        (
            "dupla autenticação sem IP",
            ramal(|r| r.dupla_autenticacao_ip_permitido = String::new()),
            "dupla_autenticacao_ip_permitido",
            "Informe o IP permitido",
        ),
        (
            "dupla autenticação sem máscara",
            ramal(|r| r.dupla_autenticacao_mascara = String::new()),
            "dupla_autenticacao_mascara",
            "Informe a máscara",
        ),
        ("IP com octeto 256", ramal(|r| r.dupla_autenticacao_ip_permitido = "192.168.0.256".into()), "dupla_autenticacao_ip_permitido", IP),
        ("IP com três octetos", ramal(|r| r.dupla_autenticacao_ip_permitido = "192.168.0".into()), "dupla_autenticacao_ip_permitido", IP),
        ("máscara não contígua", ramal(|r| r.dupla_autenticacao_mascara = "255.0.255.0".into()), "dupla_autenticacao_mascara", MASCARA),
        ("máscara /33", ramal(|r| r.dupla_autenticacao_mascara = "33".into()), "dupla_autenticacao_mascara", MASCARA),
        ("flag de bloqueio 3", ramal(|r| r.bloquear_ramal = 3), "bloquear_ramal", SIM_NAO),
        ("caixa postal e-mail", ramal(|r| r.caixa_postal_email = "caixa@sol".into()), "caixa_postal_email", EMAIL),
        (
            "caller id curto",
            ramal(|r| r.caller_id_externo = "33334444".into()),
            "caller_id_externo",
            "Número inválido: 8 dígitos; use DDD + 8 dígitos (fixo) ou DDD + 9 dígitos (celular)",
        ),
        (
            "encaminhamento sem destino",
            ramal(|r| r.encaminhar_todas_chamadas = encaminhamento(1, "", &[])),
            "encaminhar_todas_chamadas.encaminhamento_destino",
            "Informe o destino do encaminhamento",
        ),
        (
            "destino da lista sem destino",
            ramal(|r| r.encaminhar_ocupado_indisponivel.encaminhamento_destinos[1].encaminhamento_destino.clear()),
            "encaminhar_ocupado_indisponivel.encaminhamento_destinos[1].encaminhamento_destino",
            "Informe o destino do encaminhamento",
        ),
        (
            "tipo de encaminhamento negativo",
            ramal(|r| r.encaminhar_offline_sem_atendimento.encaminhamento_tipo = -1),
            "encaminhar_offline_sem_atendimento.encaminhamento_tipo",
            "Use 0 ou mais",
        ),
        // --- did
        ("did sem cliente", did(|d| d.cliente_id = 0), "cliente_id", "Escolha o cliente"),
        ("did sem número", did(|d| d.numero = String::new()), "numero", "Informe o número do DID"),
        ("did estrangeiro", did(|d| d.numero = "+12125550100".into()), "numero", "Número inválido: só números do Brasil (+55)"),
        (
            "did fixo começando com 1",
            did(|d| d.numero = "11 1333-4444".into()),
            "numero",
            "Fixo inválido: com 8 dígitos, o número começa com 2, 3, 4 ou 5",
        ),
        (
            "did celular sem 9",
            did(|d| d.numero = "11 83333-4444".into()),
            "numero",
            "Celular inválido: com 9 dígitos, o número começa com 9",
        ),
        (
            "did com DDD inexistente",
            did(|d| d.numero = "(20) 3333-4444".into()),
            "numero",
            "DDD 20 não existe no Brasil: confira o código de área",
        ),
        (
            "did com 9 dígitos",
            did(|d| d.numero = "113333444".into()),
            "numero",
            "Número inválido: 9 dígitos; use DDD + 8 dígitos (fixo) ou DDD + 9 dígitos (celular)",
        ),
        (
            "did com 14 dígitos",
            did(|d| d.numero = "55119876543210".into()),
            "numero",
            "Número inválido: 12 dígitos; use DDD + 8 dígitos (fixo) ou DDD + 9 dígitos (celular)",
        ),
        (
            "did +55 curto",
            did(|d| d.numero = "+55113333444".into()),
            "numero",
            "Número inválido: 9 dígitos; use DDD + 8 dígitos (fixo) ou DDD + 9 dígitos (celular)",
        ),
        (
            "did com feriado inexistente",
            did(|d| d.horario_funcionamento_lista_feriados = vec!["25/12 Natal".into(), "31/02 Nunca".into()]),
            "horario_funcionamento_lista_feriados[1]",
            "Data inexistente (31/02): confira o dia e o mês",
        ),
        (
            "did com feriado repetido",
            did(|d| d.horario_funcionamento_lista_feriados = vec!["25/12 Natal".into(), "25/12".into()]),
            "horario_funcionamento_lista_feriados[1]",
            "Feriado repetido (25/12): deixe uma vez só",
        ),
        ("did sem destino", did(|d| d.destino = String::new()), "destino", "Informe o destino"),
        ("registro sem domínio", did(|d| d.registro_dominio = String::new()), "registro_dominio", "Informe o domínio do registro"),
        ("domínio com ponto duplo", did(|d| d.registro_dominio = "sip..operadora.com".into()), "registro_dominio", HOST),
        ("registro sem senha", did(|d| d.registro_senha = String::new()), "registro_senha", "Informe a senha do registro"),
        (
            "horário sem início",
            did(|d| d.horario_funcionamento_inicio = String::new()),
            "horario_funcionamento_inicio",
            "Informe a hora de início",
        ),
        ("hora 24:00", did(|d| d.horario_funcionamento_inicio = "24:00".into()), "horario_funcionamento_inicio", HORA),
        ("hora 12:60", did(|d| d.horario_funcionamento_inicio = "12:60".into()), "horario_funcionamento_inicio", HORA),
        ("hora sem zero", did(|d| d.horario_funcionamento_fim = "8:00".into()), "horario_funcionamento_fim", HORA),
        (
            "fim igual ao início",
            did(|d| d.horario_funcionamento_fim = "08:00".into()),
            "horario_funcionamento_fim",
            "A hora de fim deve ser diferente da de início",
        ),
        (
            "horário sem dias",
            did(|d| d.horario_funcionamento_dias_semana.clear()),
            "horario_funcionamento_dias_semana",
            "Marque ao menos um dia da semana",
        ),
        (
            "dia 7",
            did(|d| d.horario_funcionamento_dias_semana = vec![1, 7]),
            "horario_funcionamento_dias_semana",
            "Dia da semana inválido: use 0 (domingo) a 6 (sábado)",
        ),
        (
            "dia repetido",
            did(|d| d.horario_funcionamento_dias_semana = vec![1, 2, 1]),
            "horario_funcionamento_dias_semana",
            "Dia da semana repetido (1): marque cada dia uma vez só",
        ),
        ("gravar chamadas -1", did(|d| d.gravar_chamadas = -1), "gravar_chamadas", SIM_NAO),
        // --- tronco
        ("tronco sem nome", tronco(|t| t.nome = String::new()), "nome", "Informe o nome"),
        ("tronco sem cliente", tronco(|t| t.cliente_id = 0), "cliente_id", "Escolha o cliente"),
        ("tronco sem endereço", tronco(|t| t.endereco = String::new()), "endereco", "Informe o endereço do tronco"),
        ("porta 70000", tronco(|t| t.endereco = "sip.operadora.com.br:70000".into()), "endereco", HOST),
        ("IP 300.1.1.1", tronco(|t| t.endereco = "300.1.1.1".into()), "endereco", HOST),
        ("endereço com espaço", tronco(|t| t.endereco = "sip operadora".into()), "endereco", HOST),
        ("tronco sem usuário", tronco(|t| t.usuario = String::new()), "usuario", "Informe o usuário do tronco"),
        ("tronco sem senha", tronco(|t| t.senha = String::new()), "senha", "Informe a senha do tronco"),
        ("dígitos cortados 21", tronco(|t| t.qtd_digitos_cortados = 21), "qtd_digitos_cortados", "Use de 0 a 20 dígitos"),
        ("tarifa sem região", tronco(|t| t.tarifas[0].regiao_id = 0), "tarifas[0].regiao_id", "Escolha a região"),
        (
            "tarifa negativa",
            tronco(|t| t.tarifas[1].tarifa = -0.1),
            "tarifas[1].tarifa",
            "Tarifa inválida: informe o preço por minuto em reais, de 0 a 10000",
        ),
        ("fracionamento 30/6", tronco(|t| t.tarifas[0].fracionamento = "30/6".into()), "tarifas[0].fracionamento", FRACIONAMENTO),
        (
            "fracionamento vazio",
            tronco(|t| t.tarifas[0].fracionamento = String::new()),
            "tarifas[0].fracionamento",
            "Informe o fracionamento, como 4/30/6",
        ),
        (
            "incremento zero",
            tronco(|t| t.tarifas[1].fracionamento = "0/60/0".into()),
            "tarifas[1].fracionamento",
            "O incremento (I) do fracionamento deve ser maior que zero",
        ),
        (
            "carência maior que o mínimo",
            tronco(|t| t.tarifas[1].fracionamento = "61/60/60".into()),
            "tarifas[1].fracionamento",
            "A carência (G) do fracionamento não pode ser maior que o mínimo (M)",
        ),
        (
            "região repetida nas tarifas",
            tronco(|t| t.tarifas[1].regiao_id = 1),
            "tarifas[1].regiao_id",
            "Região repetida: cada região tem uma tarifa só",
        ),
        // --- plano de discagem
        ("plano sem nome", plano(Operacao::Inserir, |p| p.nome = " ".into()), "nome", "Informe o nome"),
        ("plano sem cliente", plano(Operacao::Inserir, |p| p.cliente_id = -1), "cliente_id", "Escolha o cliente"),
        (
            "plano sem código ao alterar",
            plano(Operacao::Alterar, |_| ()),
            "plano_discagem_id",
            "Informe o código do plano de discagem a alterar",
        ),
        // --- regras de roteamento
        ("regras sem plano", regras(|r| r.plano_discagem_id = 0), "plano_discagem_id", "Escolha o plano de discagem"),
        ("região sem id", regras(|r| r.dados.regioes[1].regiao_id = 0), "regioes[1].regiao_id", "Escolha a região"),
        (
            "região repetida",
            regras(|r| r.dados.regioes[1].regiao_id = 1),
            "regioes[1].regiao_id",
            "Região repetida: junte as rotas numa região só",
        ),
        (
            "rota sem tronco",
            regras(|r| r.dados.regioes[0].roteamentos[1].tronco_id = 0),
            "regioes[0].roteamentos[1].tronco_id",
            "Escolha o tronco",
        ),
        (
            "prioridade repetida",
            regras(|r| r.dados.regioes[0].roteamentos[1].prioridade = 1),
            "regioes[0].roteamentos[1].prioridade",
            "Prioridade repetida nesta região",
        ),
        (
            "tronco repetido",
            regras(|r| r.dados.regioes[0].roteamentos[1].tronco_id = 10),
            "regioes[0].roteamentos[1].tronco_id",
            "Tronco repetido nesta região",
        ),
        (
            "prioridade negativa",
            regras(|r| r.dados.regioes[1].roteamentos[0].prioridade = -1),
            "regioes[1].roteamentos[0].prioridade",
            "Use 0 ou mais",
        ),
        // --- histórico
        ("histórico sem data inicial", historico(|h| h.data_inicial.clear()), "data_inicial", "Informe a data inicial"),
        ("histórico sem data final", historico(|h| h.data_final.clear()), "data_final", "Informe a data final"),
        ("data ISO", historico(|h| h.data_inicial = "2026-11-01".into()), "data_inicial", DATA),
        ("data sem zero", historico(|h| h.data_inicial = "1/11/2026".into()), "data_inicial", DATA),
        ("ano com 2 dígitos", historico(|h| h.data_final = "26/11/26".into()), "data_final", DATA),
        ("31 de abril", historico(|h| h.data_final = "31/04/2026".into()), "data_final", "Data inexistente: confira o dia e o mês"),
        (
            "29/02 fora de bissexto",
            historico(|h| h.data_inicial = "29/02/2026".into()),
            "data_inicial",
            "Data inexistente: confira o dia e o mês",
        ),
        ("mês 13", historico(|h| h.data_inicial = "01/13/2026".into()), "data_inicial", "Data inexistente: confira o dia e o mês"),
        (
            "final antes da inicial",
            historico(|h| h.data_final = "31/10/2026".into()),
            "data_final",
            "A data final deve ser igual ou posterior à inicial",
        ),
        (
            "período de dois meses e um dia",
            historico(|h| (h.data_inicial, h.data_final) = ("01/01/2026".into(), "02/03/2026".into())),
            "data_final",
            "Período maior que dois meses: escolha uma data final até 01/03/2026",
        ),
        (
            "período a partir de 31/12",
            historico(|h| (h.data_inicial, h.data_final) = ("31/12/2025".into(), "01/03/2026".into())),
            "data_final",
            "Período maior que dois meses: escolha uma data final até 28/02/2026",
        ),
        ("hora 7h", historico(|h| h.hora_inicial = "7h".into()), "hora_inicial", HORA),
        (
            "hora final antes no mesmo dia",
            historico(|h| (h.data_final, h.hora_inicial, h.hora_final) = ("01/11/2026".into(), "18:00".into(), "08:00".into())),
            "hora_final",
            "A hora final deve ser igual ou posterior à inicial",
        ),
        ("quantidade 1001", historico(|h| h.quantidade = 1001), "quantidade", "Use de 1 a 1000 registros por página"),
        ("quantidade negativa", historico(|h| h.quantidade = -5), "quantidade", "Use de 1 a 1000 registros por página"),
        ("offset negativo", historico(|h| h.pos_registro_inicial = -1), "pos_registro_inicial", "Use 0 ou mais"),
        ("e-mail do relatório", historico(|h| h.email = "relatorio".into()), "email", EMAIL),
        // --- write bodies
        (
            "did com cliente diferente fora de dados",
            InserirDid { cliente_id: 8, dados: did_valido() }.validate(&Contexto::default()),
            "cliente_id",
            "O cliente do pedido difere do cliente do DID: use o mesmo nos dois",
        ),
        (
            "excluir cliente sem código",
            DeletarCliente { cliente_id: 0 }.validate(&Contexto::default()),
            "cliente_id",
            "Informe o código do cliente a excluir",
        ),
        (
            "excluir ramal sem código",
            DeletarRamal { cliente_id: 7, ramal_id: 0 }.validate(&Contexto::default()),
            "ramal_id",
            "Informe o código do ramal a excluir",
        ),
        (
            "excluir did sem cliente",
            DeletarDid { did_id: 3, cliente_id: 0 }.validate(&Contexto::default()),
            "cliente_id",
            "Escolha o cliente",
        ),
        (
            "excluir tronco negativo",
            DeletarTronco { tronco_id: -2, cliente_id: 7 }.validate(&Contexto::default()),
            "tronco_id",
            "Informe o código do tronco a excluir",
        ),
        (
            "excluir plano sem código",
            DeletarPlanoDiscagem { dados: plano_valido() }.validate(&Contexto::default()),
            "plano_discagem_id",
            "Informe o código do plano de discagem a excluir",
        ),
        (
            "alterar ramal sem código",
            AlterarRamal { dados: ramal_valido() }.validate(&Contexto::default()),
            "ramal_id",
            "Informe o código do ramal a alterar",
        ),
        (
            "alterar tronco sem código",
            AlterarTronco { dados: tronco_valido() }.validate(&Contexto::default()),
            "tronco_id",
            "Informe o código do tronco a alterar",
        ),
        (
            "alterar did sem código",
            AlterarDid::new(did_valido()).validate(&Contexto::default()),
            "did_id",
            "Informe o código do DID a alterar",
        ),
    ]
}

#[test]
fn every_invalid_input_gives_exactly_its_field_and_message() {
    let table = invalid_table();
    assert!(table.len() >= 40, "{} linhas", table.len());
    let mut failures = Vec::new();
    for (case, errors, field, message) in &table {
        // The pt-BR text the code renders (what the CLI and the sandbox say), by field.
        let expected = vec![(field.to_string(), message.to_string())];
        let got: Vec<(String, String)> = errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
        if got != expected {
            failures.push(format!("{case}: esperado {expected:?}, obtido {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{} de {} casos falharam:\n{}", failures.len(), table.len(), failures.join("\n"));
}

// ------------------------------------------------------------------ valid inputs

#[test]
fn valid_records_pass_on_insert_and_update() {
    assert_eq!(validar_cliente(&cliente_valido(), Operacao::Inserir), vec![]);
    assert_eq!(cliente_alterado(|_| ()), vec![]);
    // On update a password left empty is kept by the server, so it is not required.
    assert_eq!(cliente_alterado(|c| c.senha.clear()), vec![]);
    assert_eq!(ramal(|_| ()), vec![]);
    assert_eq!(validar_ramal(&ramal_valido(), None, Operacao::Inserir), vec![]);
    assert_eq!(validar_ramal(&Ramal { ramal_id: 9, senha_sip: String::new(), ..ramal_valido() }, None, Operacao::Alterar), vec![]);
    assert_eq!(did(|_| ()), vec![]);
    assert_eq!(tronco(|_| ()), vec![]);
    assert_eq!(plano(Operacao::Inserir, |_| ()), vec![]);
    assert_eq!(plano(Operacao::Alterar, |p| p.plano_discagem_id = 3), vec![]);
    assert_eq!(regras(|_| ()), vec![]);
    assert_eq!(historico(|_| ()), vec![]);
}

#[test]
fn optional_fields_left_empty_pass() {
    let minimal = Cliente { login: "m".into(), senha: "123456".into(), nome: "M".into(), faixa_min: 1, faixa_max: 1, ..Default::default() };
    assert_eq!(validar_cliente(&minimal, Operacao::Inserir), vec![]);
    let minimal = Ramal { cliente_id: 1, nome: "R".into(), numero: "1".into(), senha_sip: "abcdefgh".into(), ..Default::default() };
    assert_eq!(validar_ramal(&minimal, None, Operacao::Inserir), vec![]);
    let minimal = Did { cliente_id: 1, numero: "1133334444".into(), ..Default::default() };
    assert_eq!(validar_did(&minimal, Operacao::Inserir), vec![]);
    let minimal = Tronco { cliente_id: 1, nome: "T".into(), host_dinamico: 1, ..Default::default() };
    assert_eq!(validar_tronco(&minimal, Operacao::Inserir), vec![]);
    let minimal = ListarHistoricoChamada { data_inicial: "26/11/2026".into(), data_final: "26/11/2026".into(), ..Default::default() };
    assert_eq!(validar_historico(&minimal), vec![]);
}

#[test]
fn boundaries_that_must_pass() {
    // Exactly two months, including the clamp at the end of February.
    assert_eq!(historico(|h| (h.data_inicial, h.data_final) = ("01/01/2026".into(), "01/03/2026".into())), vec![]);
    assert_eq!(historico(|h| (h.data_inicial, h.data_final) = ("31/12/2025".into(), "28/02/2026".into())), vec![]);
    assert_eq!(historico(|h| (h.data_inicial, h.data_final) = ("31/12/2027".into(), "29/02/2028".into())), vec![]);
    assert_eq!(historico(|h| (h.data_inicial, h.data_final) = ("15/11/2026".into(), "15/01/2027".into())), vec![]);
    // Same day, same hour; and a later day with an earlier hour.
    assert_eq!(historico(|h| (h.data_final, h.hora_final) = ("01/11/2026".into(), "08:00".into())), vec![]);
    assert_eq!(historico(|h| (h.hora_inicial, h.hora_final) = ("23:59".into(), "00:00".into())), vec![]);
    assert_eq!(historico(|h| h.quantidade = 1), vec![]);
    assert_eq!(historico(|h| h.quantidade = 0), vec![]);
    // Range ends, a full range, an empty range count.
    assert_eq!(ramal(|r| r.numero = "100".into()), vec![]);
    assert_eq!(ramal(|r| r.numero = "199".into()), vec![]);
    assert_eq!(cliente(|c| c.qtd_ramais_max = 0), vec![]);
    assert_eq!(cliente(|c| (c.faixa_min, c.faixa_max, c.qtd_ramais_max) = (2000, 2000, 1)), vec![]);
    assert_eq!(cliente(|c| c.faixa_max = 99_999_999), vec![]);
    // Lengths at the limit count characters, not bytes.
    assert_eq!(cliente(|c| c.nome = "é".repeat(80)), vec![]);
    assert_eq!(ramal(|r| r.senha_sip = "k".repeat(64)), vec![]);
    // A forwarding rule without a tipo needs no destino; one at 0 in a list neither.
    assert_eq!(ramal(|r| r.encaminhar_todas_chamadas = encaminhamento(0, "", &[(0, "")])), vec![]);
    // Priority 0 and a free tariff are allowed.
    assert_eq!(regras(|r| r.dados.regioes[1].roteamentos[0].prioridade = 0), vec![]);
    assert_eq!(tronco(|t| t.tarifas[0].tarifa = 0.0), vec![]);
    // A dynamic host needs no address; no authentication needs no user.
    assert_eq!(tronco(|t| (t.host_dinamico, t.endereco) = (1, String::new())), vec![]);
    assert_eq!(tronco(|t| (t.autentica_user_pass, t.usuario, t.senha) = (0, String::new(), String::new())), vec![]);
    // Business hours off: hours and days may be empty.
    assert_eq!(
        did(|d| {
            d.habilitar_horario_funcionamento = 0;
            d.horario_funcionamento_inicio.clear();
            d.horario_funcionamento_fim.clear();
            d.horario_funcionamento_dias_semana.clear();
        }),
        vec![]
    );
    assert_eq!(did(|d| d.horario_funcionamento_dias_semana = vec![0, 1, 2, 3, 4, 5, 6]), vec![]);
    assert_eq!(did(|d| (d.horario_funcionamento_inicio, d.horario_funcionamento_fim) = ("22:00".into(), "06:00".into())), vec![]);
}

/// Integrations fill the fields of a feature they leave off with placeholders; the platform
/// accepts them, so validation checks those fields only when the feature is on.
#[test]
fn switched_off_features_and_unused_slots_are_not_checked() {
    // Dual authentication off: "1" as IP and mask, as an integration sends.
    let placeholders = |r: &mut Ramal| {
        r.habilitar_dupla_autenticacao = 0;
        r.dupla_autenticacao_ip_permitido = "1".into();
        r.dupla_autenticacao_mascara = "1".into();
    };
    assert_eq!(ramal(placeholders), vec![]);
    // With the feature on, the IP "1" is refused (a mask "1" is a valid /1 prefix).
    let on = ramal(|r| {
        placeholders(r);
        r.habilitar_dupla_autenticacao = 1;
    });
    let fields: Vec<&str> = on.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["dupla_autenticacao_ip_permitido"]);
    // Voicemail off: whatever the e-mail holds; on: checked.
    assert_eq!(ramal(|r| (r.habilitar_caixa_postal, r.caixa_postal_email) = (0, "nenhum".into())), vec![]);
    assert_eq!(ramal(|r| r.caixa_postal_email = "nenhum".into())[0].field, "caixa_postal_email");
    assert_eq!(ramal(|r| r.caixa_postal_email = "default@default.com".into()), vec![]);
    // Unused slots (tipo 0): any destino, of any length, in the main rule and in the list.
    let long = "x".repeat(200);
    assert_eq!(ramal(|r| r.encaminhar_todas_chamadas = encaminhamento(0, &long, &[(0, ""), (0, "153"), (0, &long)])), vec![]);
    let five_empty: Vec<(i64, &str)> = vec![(0, ""); 5];
    assert_eq!(ramal(|r| r.encaminhar_todas_chamadas = encaminhamento(0, "", &five_empty)), vec![]);
    // A used slot still needs its destino, and a short one.
    let errors = ramal(|r| r.encaminhar_todas_chamadas = encaminhamento(0, "", &[(0, ""), (8, &long)]));
    assert_eq!(errors[0].field, "encaminhar_todas_chamadas.encaminhamento_destinos[1].encaminhamento_destino");
    // DID registration off: domain, user and password as they came.
    let sem_registro = did(|d| {
        d.habilitar_registro = 0;
        d.registro_dominio = "sip..nada".into();
        d.registro_usuario = "com espaço".into();
        d.registro_senha = "s".repeat(100);
    });
    assert_eq!(sem_registro, vec![]);
    // Business hours off: bad hours, days out of range, any holidays.
    let sem_horario = did(|d| {
        d.habilitar_horario_funcionamento = 0;
        d.horario_funcionamento_inicio = "25:00".into();
        d.horario_funcionamento_fim = "25:00".into();
        d.horario_funcionamento_dias_semana = vec![9, 9];
        d.horario_funcionamento_lista_feriados = vec!["x".repeat(100)];
    });
    assert_eq!(sem_horario, vec![]);
    // On, a holiday that does not read is reported on its item.
    let errors = did(|d| d.horario_funcionamento_lista_feriados = vec!["25/12".into(), "x".repeat(100)]);
    assert_eq!(errors[0].field, "horario_funcionamento_lista_feriados[1]");
    let errors = did(|d| d.horario_funcionamento_lista_feriados = vec!["25/12".into(), format!("01/01 {}", "x".repeat(100))]);
    assert_eq!(errors[0].field, "horario_funcionamento_lista_feriados[1]");
}

#[test]
fn primitives_accept_the_usual_forms() {
    for ok in ["12.345.678/0001-95", "12345678000195", "11.222.333/0001-81", "11222333000181", "12.ABC.345/01DE-35", "12ABC34501DE35"] {
        assert_eq!(cnpj(ok), Ok(()), "{ok}");
    }
    for ok in ["01310-100", "01310100", "99999-999"] {
        assert_eq!(cep(ok), Ok(()), "{ok}");
    }
    for ok in ["a@b.co", "fulano.tal+pabx@empresa.com.br", "TI_2@sub-dominio.empresa.org"] {
        assert_eq!(email(ok), Ok(()), "{ok}");
    }
    assert_eq!(UFS.len(), 27);
    for ok in UFS {
        assert_eq!(uf(ok), Ok(()), "{ok}");
    }
    for ok in ["00:00", "23:59", "12:30"] {
        assert_eq!(hora(ok), Ok(()), "{ok}");
    }
    for ok in ["29/02/2024", "29/02/2000", "31/12/2026", "01/01/2026"] {
        assert_eq!(data(ok), Ok(()), "{ok}");
    }
    assert_eq!(data("29/02/1900").map_err(|m| m.to_string()), Err("Data inexistente: confira o dia e o mês".to_owned()));
    assert_eq!(dias_semana(&[]), Ok(()));
    assert_eq!(dias_semana(&[6, 0, 3]), Ok(()));
    for ok in ["0.0.0.0", "192.168.0.10", "255.255.255.255"] {
        assert_eq!(ipv4(ok), Ok(()), "{ok}");
    }
    assert_eq!(ipv4("192.168.000.010").map_err(|m| m.to_string()), Err(IP.to_owned()));
    for ok in ["255.255.255.0", "255.255.128.0", "255.255.255.255", "0.0.0.0", "0", "24", "32"] {
        assert_eq!(mascara(ok), Ok(()), "{ok}");
    }
    for bad in ["255.255.255.1", "/24", "-1", "024", "255.255.255"] {
        assert_eq!(mascara(bad).map_err(|m| m.to_string()), Err(MASCARA.to_owned()), "{bad}");
    }
    for ok in ["1133334444", "11987654321", "551133334444", "5511987654321", "+551133334444", "+5511987654321", "08001234567"] {
        assert_eq!(numero_did(ok), Ok(()), "{ok}");
    }
    for ok in ["(11) 3333-4444", "11 98765-4321", "+55 (11) 98765-4321", "11.3333.4444", "0800 123 4567"] {
        assert_eq!(telefone(ok), Ok(()), "{ok}");
    }
    for ok in ["sip.operadora.com.br", "200.150.10.1:5060", "pbx-01.local", "voip:5061", "localhost"] {
        assert_eq!(host(ok), Ok(()), "{ok}");
    }
    for bad in ["-pbx.com", "pbx.com:", "pbx.com:0", "1.2.3", ":5060", "sip_op.com"] {
        assert_eq!(host(bad).map_err(|m| m.to_string()), Err(HOST.to_owned()), "{bad}");
    }
    assert_eq!(ddd(11), Ok(()));
    assert_eq!(ddd(99), Ok(()));
    assert!(ddd(10).is_err() && ddd(23).is_err() && ddd(0).is_err() && ddd(100).is_err());
    assert_eq!(faixa(100, 100), Ok(()));
    assert_eq!(qtd_ramais_max(100, 100, 199), Ok(()));
    assert_eq!(obrigatorio("x", Frase::Nome), Ok(()));
    assert_eq!(tamanho_maximo("ação", 4), Ok(()));
    assert_eq!(sim_nao(0), Ok(()));
    assert_eq!(sim_nao(1), Ok(()));
}

#[test]
fn messages_never_quote_a_password() {
    let secret = "segredo muito longo que passa do limite de sessenta e quatro caracteres!!";
    let mut all = cliente(|c| c.senha = secret.into());
    all.extend(ramal(|r| r.senha_sip = secret.into()));
    all.extend(ramal(|r| r.senha_web = secret.into()));
    all.extend(tronco(|t| t.senha = secret.into()));
    all.extend(did(|d| d.registro_senha = secret.into()));
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all.iter().all(|e| !e.message.contains("segredo")), "{all:?}");
}

// ------------------------------------------------------------------ every write body

#[test]
fn every_write_body_validates() {
    let valid: Vec<(&str, Vec<FieldError>)> = vec![
        ("inserir_cliente", InserirCliente { dados: cliente_valido() }.validate(&Contexto::default())),
        ("alterar_cliente", AlterarCliente { dados: Cliente { cliente_id: 7, ..cliente_valido() } }.validate(&Contexto::default())),
        ("deletar_cliente", DeletarCliente { cliente_id: 7 }.validate(&Contexto::default())),
        ("inserir_did", InserirDid::new(did_valido()).validate(&Contexto::default())),
        ("alterar_did", AlterarDid::new(Did { did_id: 4, ..did_valido() }).validate(&Contexto::default())),
        ("deletar_did", DeletarDid { did_id: 4, cliente_id: 7 }.validate(&Contexto::default())),
        ("inserir_tronco", InserirTronco { dados: tronco_valido() }.validate(&Contexto::default())),
        ("alterar_tronco", AlterarTronco { dados: Tronco { tronco_id: 2, ..tronco_valido() } }.validate(&Contexto::default())),
        ("deletar_tronco", DeletarTronco { tronco_id: 2, cliente_id: 7 }.validate(&Contexto::default())),
        ("inserir_ramal", InserirRamal { dados: ramal_valido() }.validate(&Contexto::default())),
        ("alterar_ramal", AlterarRamal { dados: Ramal { ramal_id: 9, ..ramal_valido() } }.validate(&Contexto::default())),
        ("deletar_ramal", DeletarRamal { cliente_id: 7, ramal_id: 9 }.validate(&Contexto::default())),
        ("inserir_plano_discagem", InserirPlanoDiscagem { dados: plano_valido() }.validate(&Contexto::default())),
        (
            "alterar_plano_discagem",
            AlterarPlanoDiscagem { dados: PlanoDiscagem { plano_discagem_id: 3, ..plano_valido() } }.validate(&Contexto::default()),
        ),
        (
            "deletar_plano_discagem",
            DeletarPlanoDiscagem { dados: PlanoDiscagem { plano_discagem_id: 3, ..plano_valido() } }.validate(&Contexto::default()),
        ),
        ("alterar_regras_roteamento", regras_validas().validate(&Contexto::default())),
    ];
    let writes = pabx_api::ACTIONS.iter().filter(|a| !a.is_list).count();
    assert_eq!(valid.len(), writes, "um caso por ação de escrita");
    for (acao, errors) in &valid {
        assert_eq!(errors, &Vec::<FieldError>::new(), "{acao}");
    }
    // The same bodies with their record emptied all fail.
    let empty: Vec<(&str, usize)> = vec![
        ("inserir_cliente", InserirCliente::default().validate(&Contexto::default()).len()),
        ("alterar_cliente", AlterarCliente::default().validate(&Contexto::default()).len()),
        ("deletar_cliente", DeletarCliente::default().validate(&Contexto::default()).len()),
        ("inserir_did", InserirDid::default().validate(&Contexto::default()).len()),
        ("alterar_did", AlterarDid::default().validate(&Contexto::default()).len()),
        ("deletar_did", DeletarDid::default().validate(&Contexto::default()).len()),
        ("inserir_tronco", InserirTronco::default().validate(&Contexto::default()).len()),
        ("alterar_tronco", AlterarTronco::default().validate(&Contexto::default()).len()),
        ("deletar_tronco", DeletarTronco::default().validate(&Contexto::default()).len()),
        ("inserir_ramal", InserirRamal::default().validate(&Contexto::default()).len()),
        ("alterar_ramal", AlterarRamal::default().validate(&Contexto::default()).len()),
        ("deletar_ramal", DeletarRamal::default().validate(&Contexto::default()).len()),
        ("inserir_plano_discagem", InserirPlanoDiscagem::default().validate(&Contexto::default()).len()),
        ("alterar_plano_discagem", AlterarPlanoDiscagem::default().validate(&Contexto::default()).len()),
        ("deletar_plano_discagem", DeletarPlanoDiscagem::default().validate(&Contexto::default()).len()),
        ("alterar_regras_roteamento", AlterarRegrasRoteamento::default().validate(&Contexto::default()).len()),
    ];
    for (acao, count) in empty {
        assert!(count > 0, "{acao} vazio deveria falhar");
    }
    assert_eq!(
        InserirCliente::default().validate(&Contexto::default()).iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        vec!["nome", "login", "senha", "faixa_min", "faixa_max"]
    );
}

#[test]
fn check_turns_errors_into_invalid_input() {
    assert!(validation::check(vec![]).is_ok());
    let error = validation::check(InserirCliente::default().validate(&Contexto::default())).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.field_errors().len(), 5);
    // One sentence naming the fields by label; each field's message stays with its field.
    assert_eq!(
        error.to_string(),
        "Corrija os 5 campos Nome, Login, Senha, Início da faixa de ramais e Fim da faixa de ramais; nada foi enviado.",
    );
    assert_eq!(error.field_errors()[0].label, "Nome");
}

// ------------------------------------------------------------------ the client refuses to send

/// A loopback server that answers each request with a fixed envelope and counts connections.
fn serve(listener: TcpListener, answers: usize) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut served = 0;
        for stream in listener.incoming().take(answers) {
            let Ok(mut stream) = stream else { break };
            stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            // Read the headers, then the body of Content-Length bytes.
            while let Ok(read) = stream.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..read]);
                let text = String::from_utf8_lossy(&request).to_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let body = r#"{"http_response_code":200,"mensagem":"Cliente inserido","dados":{"cliente_id":77}}"#;
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).ok();
            served += 1;
        }
        served
    })
}

#[tokio::test]
async fn client_write_refuses_invalid_input_without_connecting() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let client = Client::new(ClientConfig::new(format!("http://{address}"), Credentials::new("revenda", "tok-abcdef"))).unwrap();

    // Invalid: refused here. The listener is non-blocking, so accept() tells if anyone connected.
    let invalid = InserirCliente { dados: Cliente { cnpj: "12.345.678/0001-96".into(), ..cliente_valido() } };
    let error = client.inserir_cliente(&invalid).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    let [only] = error.field_errors() else { panic!("{error:?}") };
    assert_eq!((only.field.as_str(), only.message.as_str()), ("cnpj", "CNPJ inválido: confira os dígitos verificadores"));
    // The code the app renders in its language, with the same words in pt-BR.
    assert_eq!(only.code, "cnpj_dv");
    assert!(error.to_string().contains("nada foi enviado"), "{error}");
    listener.set_nonblocking(true).unwrap();
    let attempt = listener.accept();
    assert!(
        matches!(&attempt, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nenhuma conexão deveria ter sido aberta: {attempt:?}"
    );

    // Valid: sent and answered (the control that the server above would have seen a call).
    listener.set_nonblocking(false).unwrap();
    let server = serve(listener, 1);
    let outcome = client.inserir_cliente(&InserirCliente { dados: cliente_valido() }).await.unwrap();
    assert_eq!(outcome.mensagem, "Cliente inserido");
    assert_eq!(outcome.id("cliente_id"), Some(77));
    assert_eq!(server.join().unwrap(), 1);
}
