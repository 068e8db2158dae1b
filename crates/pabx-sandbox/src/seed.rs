//! Initial data. `demo`: three customers in São Paulo, Rio de Janeiro and Belo Horizonte
//! (valid CNPJs and CEPs), 60 ramais, two DIDs each (business hours with named holidays, SIP
//! registration, overnight hours, a voicemail box, an unknown destination code), three trunks
//! pricing most regions (no trunk prices "Serviços especiais", Beta has no international price,
//! so the screens show both gaps), per customer a dial plan routing every region through the
//! three trunks and a second one, unused, routing local calls only, and 9,000 calls over the retention window (about six months; every status, inbound
//! and outbound, recordings, a few prices off their tariff). `large`: 50 customers of 200
//! ramais (10,000) and 100,000 calls. Everything comes from a fixed-seed RNG, so the records are the same on every
//! run; only call dates follow the current day. One transaction, prepared statements.

use pabx_api::{Cliente, Did, Encaminhamento, PlanoDiscagem, Ramal, Tarifa, Tronco};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;

use crate::config::Seed;
use crate::historico::{self, Origem};
use crate::regioes::REGIOES;
use crate::store;

/// A customer template: (nome, razão social, login, CNPJ base of 12 digits, endereço, bairro,
/// CEP, cidade, UF, DDD).
struct Empresa {
    nome: &'static str,
    razao_social: &'static str,
    login: &'static str,
    cnpj_base: &'static str,
    end: &'static str,
    bairro: &'static str,
    cep: &'static str,
    cidade: &'static str,
    estado: &'static str,
    ddd: &'static str,
}

const EMPRESAS: [Empresa; 3] = [
    Empresa {
        nome: "Padaria Pão Quente",
        razao_social: "Padaria Pão Quente Ltda",
        login: "paoquente",
        cnpj_base: "112223330001",
        end: "Avenida Paulista, 1578",
        bairro: "Bela Vista",
        cep: "01310-200",
        cidade: "São Paulo",
        estado: "SP",
        ddd: "11",
    },
    Empresa {
        nome: "Clínica Sorriso Carioca",
        razao_social: "Clínica Odontológica Sorriso Carioca Ltda",
        login: "sorrisocarioca",
        cnpj_base: "223334440001",
        end: "Rua da Assembleia, 10",
        bairro: "Centro",
        cep: "20011-901",
        cidade: "Rio de Janeiro",
        estado: "RJ",
        ddd: "21",
    },
    Empresa {
        nome: "Transportes Serra Verde",
        razao_social: "Transportes Serra Verde S.A.",
        login: "serraverde",
        cnpj_base: "334445550001",
        end: "Avenida Afonso Pena, 1212",
        bairro: "Centro",
        cep: "30130-005",
        cidade: "Belo Horizonte",
        estado: "MG",
        ddd: "31",
    },
];

const NOMES: [&str; 24] = [
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Eduarda",
    "Felipe",
    "Gabriela",
    "Heitor",
    "Isabela",
    "João",
    "Larissa",
    "Marcos",
    "Natália",
    "Otávio",
    "Patrícia",
    "Rafael",
    "Sofia",
    "Thiago",
    "Valéria",
    "Wagner",
    "Yasmin",
    "Luiz",
    "Beatriz",
    "Caio",
];
const SOBRENOMES: [&str; 12] =
    ["Silva", "Souza", "Oliveira", "Santos", "Lima", "Pereira", "Costa", "Rodrigues", "Almeida", "Nascimento", "Carvalho", "Ribeiro"];
const SETORES: [&str; 5] = ["Atendimento", "Comercial", "Financeiro", "Logística", "Diretoria"];

/// The two CNPJ check digits appended to a 12-digit base, formatted `##.###.###/####-##`.
fn cnpj(base: &str) -> String {
    let dv = |digits: &[u32]| {
        let sum: u32 = digits.iter().rev().zip([2, 3, 4, 5, 6, 7, 8, 9].iter().cycle()).map(|(d, w)| d * w).sum();
        match sum % 11 {
            0 | 1 => 0,
            r => 11 - r,
        }
    };
    let mut digits: Vec<u32> = base.chars().filter_map(|c| c.to_digit(10)).collect();
    digits.push(dv(&digits));
    digits.push(dv(&digits));
    let s: String = digits.iter().map(|d| char::from(b'0' + d.to_le_bytes()[0])).collect();
    format!("{}.{}.{}/{}-{}", &s[0..2], &s[2..5], &s[5..8], &s[8..12], &s[12..14])
}

fn senha(rng: &mut impl Rng, len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..len).map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())])).collect()
}

/// Three trunks, each with a tariff for most regions (reais per minute, `G/M/I`): none prices
/// "Serviços especiais" (6) and Beta has no international price (5), so the screens show a
/// region without a price and routes through a trunk without one. Calls there cost 0.
fn troncos(cliente_a: i64, cliente_b: i64, cliente_c: i64) -> [Tronco; 3] {
    let tarifas = |precos: [(f64, &str); 6], sem: &[i64]| -> Vec<Tarifa> {
        REGIOES
            .iter()
            .zip(precos)
            .filter(|((regiao_id, _), _)| !sem.contains(regiao_id))
            .map(|((regiao_id, _), (tarifa, fracionamento))| Tarifa {
                regiao_id: *regiao_id,
                tarifa,
                fracionamento: fracionamento.to_owned(),
                ..Default::default()
            })
            .collect()
    };
    [
        Tronco {
            cliente_id: cliente_a,
            nome: "Alfa Telecom SIP".into(),
            endereco: "sip.alfatelecom.com.br:5060".into(),
            autentica_user_pass: 1,
            usuario: "revenda-alfa".into(),
            senha: "Alfa#2026sip".into(),
            tarifas: tarifas(
                [(0.06, "3/30/6"), (0.12, "3/30/6"), (0.19, "3/30/6"), (0.29, "3/30/6"), (0.89, "0/60/60"), (0.10, "0/30/6")],
                &[6],
            ),
            ..Default::default()
        },
        Tronco {
            cliente_id: cliente_b,
            nome: "Beta Voz IP".into(),
            endereco: "200.155.12.34".into(),
            host_dinamico: 0,
            qtd_digitos_cortados: 1,
            tarifas: tarifas(
                [(0.05, "0/30/6"), (0.10, "0/30/6"), (0.22, "0/30/6"), (0.31, "0/30/6"), (0.99, "0/30/6"), (0.12, "0/30/6")],
                &[5, 6],
            ),
            ..Default::default()
        },
        Tronco {
            cliente_id: cliente_c,
            nome: "Gama Fibra Voz".into(),
            endereco: "voz.gamafibra.net.br".into(),
            host_dinamico: 1,
            tarifas: tarifas(
                [(0.07, "6/60/6"), (0.14, "6/60/6"), (0.17, "6/60/6"), (0.27, "6/60/6"), (0.79, "0/60/60"), (0.09, "6/60/6")],
                &[6],
            ),
            ..Default::default()
        },
    ]
}

fn cliente(empresa: &Empresa, suffix: &str, faixa_min: i64, qtd: i64, rng: &mut impl Rng) -> Cliente {
    Cliente {
        login: format!("{}{suffix}", empresa.login),
        senha: senha(rng, 12),
        nome: format!("{}{}", empresa.nome, if suffix.is_empty() { String::new() } else { format!(" {suffix}") }),
        email_cliente: format!("contato@{}.com.br", empresa.login),
        qtd_ramais_max: qtd + 20,
        faixa_min,
        faixa_max: faixa_min + 99 + (qtd / 100) * 100,
        prefixo: empresa.ddd.into(),
        razao_social: empresa.razao_social.into(),
        cnpj: cnpj(empresa.cnpj_base),
        end: empresa.end.into(),
        compl: "Sala 12".into(),
        cep: empresa.cep.into(),
        bairro: empresa.bairro.into(),
        cidade: empresa.cidade.into(),
        estado: empresa.estado.into(),
        resp: format!("{} {}", NOMES[rng.random_range(0..NOMES.len())], SOBRENOMES[rng.random_range(0..SOBRENOMES.len())]),
        tel: format!("({}) 3{}-{}", empresa.ddd, rng.random_range(100..999), rng.random_range(1000..9999)),
        cel: format!("({}) 9{}-{}", empresa.ddd, rng.random_range(6000..9999), rng.random_range(1000..9999)),
        ramal_resp: faixa_min.to_string(),
        salas_conf_num_max: 5,
        espaco_disco: 2048,
        ..Default::default()
    }
}

fn ramal(c: &Cliente, numero: i64, plano_id: i64, caller_id: &str, ddd: &str, rng: &mut impl Rng) -> Ramal {
    let nome = format!("{} {}", NOMES[rng.random_range(0..NOMES.len())], SOBRENOMES[rng.random_range(0..SOBRENOMES.len())]);
    let setor = SETORES[rng.random_range(0..SETORES.len())];
    let caixa_postal = rng.random_bool(0.3);
    let sem_resposta = if rng.random_bool(0.2) {
        Encaminhamento { encaminhamento_tipo: 1, encaminhamento_destino: c.faixa_min.to_string(), ..Default::default() }
    } else {
        Encaminhamento::default()
    };
    Ramal {
        cliente_id: c.cliente_id,
        nome,
        usuario_autenticacao: format!("{}{numero}", c.login),
        numero: numero.to_string(),
        senha_sip: senha(rng, 16),
        senha_web: senha(rng, 10),
        caller_id_externo: caller_id.into(),
        grupo_ramais: setor.into(),
        centro_custo: setor.into(),
        plano_discagem_id: plano_id,
        grupo_musica_espera: "padrao".into(),
        puxar_chamadas: 1,
        habilitar_timers: 0,
        habilitar_blf: i64::from(rng.random_bool(0.5)),
        escutar_chamadas: 0,
        gravar_chamadas: i64::from(rng.random_bool(0.4)),
        codigo_area: ddd.parse().unwrap_or(11),
        habilitar_caixa_postal: i64::from(caixa_postal),
        caixa_postal_email: if caixa_postal { format!("ramal{numero}@{}.com.br", c.login) } else { String::new() },
        encaminhar_offline_sem_atendimento: sem_resposta,
        ..Default::default()
    }
}

/// Holidays written as the platform keeps them: one text, entries separated by commas, each a
/// date (every year) and a name.
const FERIADOS_DEMO: [&str; 9] = [
    "01/01 Confraternização Universal",
    "21/04 Tiradentes",
    "01/05 Dia do Trabalho",
    "07/09 Independência do Brasil",
    "12/10 Nossa Senhora Aparecida",
    "02/11 Finados",
    "15/11 Proclamação da República",
    "20/11 Dia Nacional de Zumbi e da Consciência Negra",
    "25/12 Natal",
];

/// The customer's DIDs: the first answers business hours and rings a ramal; the second differs
/// per customer (SIP registration and an external number; a voicemail box all day; a code the
/// app does not know by name), so the DID screens show every kind of record.
fn dids(c: &Cliente, index: usize, numeros: &[String]) -> Vec<Did> {
    let principal = Did {
        cliente_id: c.cliente_id,
        numero: numeros[0].clone(),
        audio_antes_encaminhar: "boas-vindas.wav".into(),
        apontar_para: 1,
        destino: c.faixa_min.to_string(),
        gravar_chamadas: 1,
        maximo_chamadas_simultaneas: 10,
        habilitar_horario_funcionamento: 1,
        horario_funcionamento_lista_feriados: FERIADOS_DEMO.map(String::from).to_vec(),
        horario_funcionamento_inicio: "08:00".into(),
        horario_funcionamento_fim: "18:00".into(),
        horario_funcionamento_dias_semana: if index == 1 { vec![1, 2, 3, 4, 5, 6] } else { vec![1, 2, 3, 4, 5] },
        horario_funcionamento_audio_fora_horario: "fora-do-horario.wav".into(),
        ..Default::default()
    };
    let segundo = Did { numero: numeros[1].clone(), ..principal.clone() };
    let segundo = match index % 3 {
        0 => Did {
            apontar_para: 8,
            destino: format!("{}987650000", &numeros[1][..2]),
            habilitar_registro: 1,
            registro_dominio: "sip.alfatelecom.com.br".into(),
            registro_usuario: numeros[1].clone(),
            registro_senha: "Reg#2026did".into(),
            gravar_chamadas: 0,
            maximo_chamadas_simultaneas: 4,
            horario_funcionamento_dias_semana: vec![1, 2, 3, 4, 5],
            horario_funcionamento_inicio: "22:00".into(),
            horario_funcionamento_fim: "06:00".into(),
            horario_funcionamento_lista_feriados: Vec::new(),
            ..segundo
        },
        1 => Did {
            apontar_para: 9,
            destino: (c.faixa_min + 1).to_string(),
            habilitar_horario_funcionamento: 0,
            horario_funcionamento_lista_feriados: Vec::new(),
            horario_funcionamento_inicio: String::new(),
            horario_funcionamento_fim: String::new(),
            horario_funcionamento_dias_semana: Vec::new(),
            horario_funcionamento_audio_fora_horario: String::new(),
            maximo_chamadas_simultaneas: 2,
            ..segundo
        },
        _ => Did { apontar_para: 5, destino: "fila-atendimento".into(), maximo_chamadas_simultaneas: 0, ..segundo },
    };
    vec![principal, segundo]
}

/// Writes the seed into an empty database.
pub(crate) fn run(conn: &mut Connection, seed: Seed) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    // Marks the database as seeded, even with `none`, so a later run never seeds over the user's data.
    tx.execute("INSERT OR REPLACE INTO meta (chave, valor) VALUES ('seed', ?1)", [seed.to_string()])?;
    let (customers, ramais_each, calls) = match seed {
        Seed::None => return tx.commit(),
        Seed::Demo => (3, 0, 9_000),
        Seed::Large => (50, 200, 100_000),
        Seed::Grande => (1, 10_000, 10_000),
    };
    let mut rng = StdRng::seed_from_u64(0x5A4D_B0C5);
    let mut origens = Vec::new();
    let mut clientes = Vec::new();
    for i in 0..customers {
        let empresa = &EMPRESAS[i % EMPRESAS.len()];
        let demo_ramais = [25, 20, 15][i % 3];
        let qtd = if ramais_each > 0 { ramais_each } else { demo_ramais };
        let suffix = if customers > EMPRESAS.len() { format!("{}", i + 1) } else { String::new() };
        let faixa_min = if ramais_each > 0 { 1000 } else { 2000 + 1000 * i64::try_from(i).unwrap_or(0) };
        let c = store::insert(&tx, cliente(empresa, &suffix, faixa_min, i64::from(qtd), &mut rng))?;
        clientes.push((c, empresa, qtd));
    }
    let ids: Vec<i64> = clientes.iter().map(|(c, _, _)| c.cliente_id).collect();
    let [alfa, beta, gama] = troncos(ids[0], ids[ids.len().min(2) - 1], ids[ids.len().min(3) - 1]);
    let (alfa, beta, gama) = (store::insert(&tx, alfa)?, store::insert(&tx, beta)?, store::insert(&tx, gama)?);
    let mut regra =
        tx.prepare_cached("INSERT INTO regras (plano_discagem_id, regiao_id, prioridade, tronco_id) VALUES (?1, ?2, ?3, ?4)")?;
    for (index, (c, empresa, qtd)) in clientes.iter().enumerate() {
        let plano =
            store::insert(&tx, PlanoDiscagem { cliente_id: c.cliente_id, nome: format!("Padrão {}", empresa.nome), ..Default::default() })?;
        // Customers alternate which trunk comes first; the third is the last resort.
        let ordem = if index % 2 == 0 { [&alfa, &beta, &gama] } else { [&beta, &alfa, &gama] };
        for (regiao_id, _) in REGIOES {
            for (prioridade, tronco) in (1..).zip(ordem) {
                regra.execute([plano.plano_discagem_id, *regiao_id, prioridade, tronco.tronco_id])?;
            }
        }
        // A second plan no ramal uses yet, routing only local calls: deletable, and regions it
        // does not route show as such.
        let plantao =
            store::insert(&tx, PlanoDiscagem { cliente_id: c.cliente_id, nome: "Plantão (só locais)".into(), ..Default::default() })?;
        for (regiao_id, _) in REGIOES.iter().filter(|(id, _)| [1, 3].contains(id)) {
            regra.execute([plantao.plano_discagem_id, *regiao_id, 1, ordem[0].tronco_id])?;
        }
        let base = format!("{}3{:04}", empresa.ddd, 1000 + index);
        let dids: Vec<String> = (0..2).map(|n| format!("{base}{:03}", n * 100)).collect();
        let mut numeros = Vec::new();
        for n in 0..*qtd {
            let numero = c.faixa_min + i64::from(n);
            store::insert(&tx, ramal(c, numero, plano.plano_discagem_id, &dids[0], empresa.ddd, &mut rng))?;
            numeros.push(numero.to_string());
        }
        for did in self::dids(c, index, &dids) {
            store::insert(&tx, did)?;
        }
        origens.push(Origem {
            cliente_id: c.cliente_id,
            cliente_nome: c.nome.clone(),
            ddd: empresa.ddd,
            ramais: numeros,
            dids,
            troncos: ordem.iter().map(|t| (t.tronco_id, t.nome.clone(), t.tarifas.clone())).collect(),
        });
    }
    drop(regra);
    historico::gerar(&tx, &mut rng, &origens, calls, historico::now_local())?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pabx_api::validation::{self, Operacao};
    use store::Filter;

    #[test]
    fn cnpj_check_digits() {
        assert_eq!(cnpj("112223330001"), "11.222.333/0001-81");
        for e in &EMPRESAS {
            assert_eq!(validation::cnpj(&cnpj(e.cnpj_base)), Ok(()));
        }
    }

    #[test]
    fn demo_records_pass_the_clients_validation() {
        let (mut conn, _) = store::open(None).unwrap();
        run(&mut conn, Seed::Demo).unwrap();
        let all = Filter::default();
        let (n, clientes) = store::list::<Cliente>(&conn, &all, 0, -1).unwrap();
        assert_eq!(n, 3);
        for c in &clientes {
            assert_eq!(validation::validar_cliente(c, Operacao::Alterar), vec![], "{c:?}");
        }
        let (n, ramais) = store::list::<Ramal>(&conn, &all, 0, -1).unwrap();
        assert_eq!(n, 60);
        for r in &ramais {
            let c = clientes.iter().find(|c| c.cliente_id == r.cliente_id);
            assert_eq!(validation::validar_ramal(r, c, Operacao::Alterar), vec![], "{r:?}");
        }
        for d in store::list::<Did>(&conn, &all, 0, -1).unwrap().1 {
            assert_eq!(validation::validar_did(&d, Operacao::Alterar), vec![], "{d:?}");
        }
        let (n, troncos) = store::list::<Tronco>(&conn, &all, 0, -1).unwrap();
        assert_eq!(n, 3);
        for t in &troncos {
            assert_eq!(validation::validar_tronco(t, Operacao::Alterar), vec![], "{t:?}");
            assert!(t.tarifas.len() >= 4 && t.tarifas.len() < REGIOES.len(), "{t:?}");
        }
        let calls: i64 = conn.query_row("SELECT COUNT(*) FROM chamadas", [], |r| r.get(0)).unwrap();
        assert_eq!(calls, 9000);
        let priced: i64 = conn.query_row("SELECT COUNT(*) FROM chamadas WHERE preco > 0", [], |r| r.get(0)).unwrap();
        assert!(priced > 1000, "{priced}");
    }
}
