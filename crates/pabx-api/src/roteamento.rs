//! Working with a dial plan's routing (`listar_regras_roteamento` / `alterar_regras_roteamento`):
//! what an edit changes ([`diff`]), whether the server kept what was sent ([`verificar`]), copying
//! a plan's routing to another plan with trunks matched by name ([`copiar`]), and the route and
//! cost simulator ([`simular`], with [`classificar_numero`] for a typed destination number).
//! Pure functions over the models, so the CLI, the app and the tests share them.

use serde::{Deserialize, Serialize};

use crate::regiao::Regiao;
use crate::regra_roteamento::{RegiaoRoteamento, RegrasRoteamento, Roteamento};
use crate::tarifas::{self, Fracionamento};
use crate::tronco::{Tarifa, Tronco};

/// A trunk as a routing names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TroncoRota {
    pub tronco_id: i64,
    pub tronco_nome: String,
}

/// What changes in one region between two routings of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffRegiao {
    pub regiao_id: i64,
    pub regiao_nome: String,
    /// Trunks in priority order before and after.
    pub antes: Vec<TroncoRota>,
    pub depois: Vec<TroncoRota>,
    /// Trunks only in `depois` / only in `antes`.
    pub adicionados: Vec<TroncoRota>,
    pub removidos: Vec<TroncoRota>,
    /// The trunks present in both are in another order.
    pub reordenado: bool,
    /// The change in one pt-BR line, as the CLI and the app show it (see [`DiffRegiao::resumo`]).
    pub texto: String,
}

impl DiffRegiao {
    /// One line in pt-BR: `Região X: A, B -> B, A` or `Região Y: + C, - D`.
    pub fn resumo(&self) -> String {
        let nomes = |troncos: &[TroncoRota]| {
            if troncos.is_empty() {
                "(sem rota)".to_owned()
            } else {
                troncos.iter().map(|t| t.tronco_nome.as_str()).collect::<Vec<_>>().join(", ")
            }
        };
        let mut partes = Vec::new();
        if self.reordenado || (!self.adicionados.is_empty() && !self.antes.is_empty()) || !self.removidos.is_empty() {
            partes.push(format!("{} -> {}", nomes(&self.antes), nomes(&self.depois)));
        } else {
            partes.extend(self.adicionados.iter().map(|t| format!("+ {}", t.tronco_nome)));
        }
        let regiao = if self.regiao_nome.is_empty() { format!("Região {}", self.regiao_id) } else { self.regiao_nome.clone() };
        format!("{regiao}: {}", partes.join(", "))
    }
}

fn troncos_da(regiao: Option<&RegiaoRoteamento>) -> Vec<TroncoRota> {
    let Some(regiao) = regiao else { return Vec::new() };
    let mut rotas: Vec<&Roteamento> = regiao.roteamentos.iter().collect();
    // A priority of 0 (unset) keeps its place in the list, as the sandbox and the server read it.
    rotas.sort_by_key(|r| if r.prioridade > 0 { r.prioridade } else { i64::MAX });
    rotas.into_iter().map(|r| TroncoRota { tronco_id: r.tronco_id, tronco_nome: r.tronco_nome.clone() }).collect()
}

/// The regions whose trunks or their order differ, in the order they first appear (`depois`
/// first). A region absent from one side counts as a region with no route.
pub fn diff(antes: &RegrasRoteamento, depois: &RegrasRoteamento) -> Vec<DiffRegiao> {
    let mut ids: Vec<i64> = Vec::new();
    for regiao in depois.regioes.iter().chain(&antes.regioes) {
        if !ids.contains(&regiao.regiao_id) {
            ids.push(regiao.regiao_id);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            let a = antes.regioes.iter().find(|r| r.regiao_id == id);
            let d = depois.regioes.iter().find(|r| r.regiao_id == id);
            let (antes_t, depois_t) = (troncos_da(a), troncos_da(d));
            let ids_de = |t: &[TroncoRota]| t.iter().map(|x| x.tronco_id).collect::<Vec<_>>();
            if ids_de(&antes_t) == ids_de(&depois_t) {
                return None;
            }
            let adicionados: Vec<TroncoRota> =
                depois_t.iter().filter(|t| !antes_t.iter().any(|x| x.tronco_id == t.tronco_id)).cloned().collect();
            let removidos: Vec<TroncoRota> =
                antes_t.iter().filter(|t| !depois_t.iter().any(|x| x.tronco_id == t.tronco_id)).cloned().collect();
            let comuns_antes: Vec<i64> =
                antes_t.iter().map(|t| t.tronco_id).filter(|id| depois_t.iter().any(|x| x.tronco_id == *id)).collect();
            let comuns_depois: Vec<i64> =
                depois_t.iter().map(|t| t.tronco_id).filter(|id| antes_t.iter().any(|x| x.tronco_id == *id)).collect();
            let nome = d.or(a).map(|r| r.regiao_nome.clone()).unwrap_or_default();
            let mut mudanca = DiffRegiao {
                regiao_id: id,
                regiao_nome: nome,
                reordenado: comuns_antes != comuns_depois,
                antes: antes_t,
                depois: depois_t,
                adicionados,
                removidos,
                texto: String::new(),
            };
            mudanca.texto = mudanca.resumo();
            Some(mudanca)
        })
        .collect()
}

/// The body to save a plan's routing: every region the user sees, each with its trunks numbered
/// 1, 2, 3... in the order given, regions emptied by the user included (sent with no trunk), so
/// that nothing the user did not touch is lost whatever the server does with absent regions.
pub fn para_salvar(regioes: &[Regiao], editado: &RegrasRoteamento, original: &RegrasRoteamento) -> RegrasRoteamento {
    let mut saida: Vec<RegiaoRoteamento> = Vec::new();
    let mut incluir = |id: i64, nome: &str| {
        if saida.iter().any(|r| r.regiao_id == id) {
            return;
        }
        let editada = editado.regioes.iter().find(|r| r.regiao_id == id);
        let tinha = original.regioes.iter().any(|r| r.regiao_id == id && !r.roteamentos.is_empty());
        let troncos = troncos_da(editada);
        if troncos.is_empty() && !tinha && editada.is_none() {
            return;
        }
        saida.push(RegiaoRoteamento {
            regiao_id: id,
            regiao_nome: editada.map(|r| r.regiao_nome.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| nome.to_owned()),
            roteamentos: troncos
                .into_iter()
                .zip(1..)
                .map(|(t, prioridade)| Roteamento { prioridade, tronco_id: t.tronco_id, tronco_nome: t.tronco_nome, ..Default::default() })
                .collect(),
            ..Default::default()
        });
    };
    for regiao in regioes {
        incluir(regiao.regiao_id, &regiao.nome);
    }
    for regiao in editado.regioes.iter().chain(&original.regioes) {
        incluir(regiao.regiao_id, &regiao.regiao_nome);
    }
    RegrasRoteamento { regioes: saida, ..Default::default() }
}

/// What the server kept against what was sent: the regions that differ (empty when it kept
/// everything). Regions sent empty and absent in the answer agree.
pub fn verificar(enviado: &RegrasRoteamento, lido: &RegrasRoteamento) -> Vec<DiffRegiao> {
    diff(enviado, lido)
}

/// A trunk of the source plan that has no trunk of the same name at the destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TroncoSemPar {
    pub regiao_id: i64,
    pub regiao_nome: String,
    pub tronco_id: i64,
    pub tronco_nome: String,
}

/// A copy of one plan's routing onto another: what would be written and what could not be mapped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CopiaRoteamento {
    /// The destination plan's routing after the copy (the body of `alterar_regras_roteamento`).
    pub regras: RegrasRoteamento,
    /// Source trunks left out, with their region: no destination trunk has their name.
    pub sem_par: Vec<TroncoSemPar>,
    /// What the copy changes in the destination plan.
    pub mudancas: Vec<DiffRegiao>,
}

fn chave_nome(nome: &str) -> String {
    sem_acentos(nome.trim()).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Copies `origem` (routing of a plan whose trunks are `troncos_origem`) onto a plan whose trunks
/// are `troncos_destino`, matching trunks by name (case, accents and spacing ignored). Regions of
/// the destination that the source does not route are kept as they are in `destino_atual`.
pub fn copiar(
    origem: &RegrasRoteamento,
    troncos_origem: &[Tronco],
    troncos_destino: &[Tronco],
    destino_atual: &RegrasRoteamento,
) -> CopiaRoteamento {
    let nome_origem = |rota: &Roteamento| {
        troncos_origem.iter().find(|t| t.tronco_id == rota.tronco_id).map(|t| t.nome.clone()).unwrap_or_else(|| rota.tronco_nome.clone())
    };
    let mut sem_par = Vec::new();
    let mut regioes: Vec<RegiaoRoteamento> = Vec::new();
    for regiao in &origem.regioes {
        let mut roteamentos = Vec::new();
        for (rota, _) in troncos_da_regiao(regiao) {
            let nome = nome_origem(rota);
            match troncos_destino.iter().find(|t| chave_nome(&t.nome) == chave_nome(&nome)) {
                Some(destino) if !roteamentos.iter().any(|r: &Roteamento| r.tronco_id == destino.tronco_id) => {
                    roteamentos.push(Roteamento {
                        prioridade: i64::try_from(roteamentos.len()).unwrap_or(0) + 1,
                        tronco_id: destino.tronco_id,
                        tronco_nome: destino.nome.clone(),
                        ..Default::default()
                    });
                }
                Some(_) => {}
                None => sem_par.push(TroncoSemPar {
                    regiao_id: regiao.regiao_id,
                    regiao_nome: regiao.regiao_nome.clone(),
                    tronco_id: rota.tronco_id,
                    tronco_nome: nome,
                }),
            }
        }
        regioes.push(RegiaoRoteamento {
            regiao_id: regiao.regiao_id,
            regiao_nome: regiao.regiao_nome.clone(),
            roteamentos,
            ..Default::default()
        });
    }
    for regiao in &destino_atual.regioes {
        if !regioes.iter().any(|r| r.regiao_id == regiao.regiao_id) {
            regioes.push(regiao.clone());
        }
    }
    let regras = RegrasRoteamento { regioes, ..Default::default() };
    let mudancas = diff(destino_atual, &regras);
    CopiaRoteamento { regras, sem_par, mudancas }
}

fn troncos_da_regiao(regiao: &RegiaoRoteamento) -> Vec<(&Roteamento, usize)> {
    let mut rotas: Vec<(&Roteamento, usize)> = regiao.roteamentos.iter().enumerate().map(|(i, r)| (r, i)).collect();
    rotas.sort_by_key(|(r, i)| if r.prioridade > 0 { (r.prioridade, *i) } else { (i64::MAX, *i) });
    rotas
}

/// The tariff a trunk has for a region, if any.
pub fn tarifa_de(tronco: &Tronco, regiao_id: i64) -> Option<&Tarifa> {
    tronco.tarifas.iter().find(|t| t.regiao_id == regiao_id)
}

/// One trunk as the simulator would try it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Tentativa {
    /// 1 for the first trunk tried.
    pub ordem: u32,
    pub tronco_id: i64,
    pub tronco_nome: String,
    /// The trunk's tariff for the region (None: the trunk does not price it).
    pub tarifa: Option<f64>,
    pub fracionamento: Option<String>,
    pub segundos_cobrados: Option<u32>,
    /// Reais, 4 decimals.
    pub custo: Option<f64>,
    /// Why the cost is unknown (no tariff for the region, invalid tariff, unknown trunk).
    pub aviso: Option<String>,
    /// The cheapest priced trunk of the region (ties: the first tried).
    pub mais_barato: bool,
}

/// The route a call would take: region, duration and the trunks in the order tried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Simulacao {
    pub regiao_id: i64,
    pub regiao_nome: String,
    pub duracao: u32,
    pub tentativas: Vec<Tentativa>,
    /// Set when the plan has no route for the region: the call would fail.
    pub aviso: Option<String>,
}

/// Trunks of a region in the order they would be tried, each priced with its tariff for the
/// region over a call of `duracao` seconds (pabx-api's [`tarifas`]).
pub fn simular(regras: &RegrasRoteamento, regiao: &Regiao, troncos: &[Tronco], duracao: u32) -> Simulacao {
    let rotas = regras.regioes.iter().find(|r| r.regiao_id == regiao.regiao_id);
    let mut tentativas: Vec<Tentativa> = rotas
        .map(troncos_da_regiao)
        .unwrap_or_default()
        .into_iter()
        .zip(1..)
        .map(|((rota, _), ordem)| avaliar(ordem, rota, troncos, regiao.regiao_id, duracao))
        .collect();
    let mais_barato = tentativas.iter().enumerate().filter_map(|(i, t)| t.custo.map(|c| (i, c))).fold(
        None::<(usize, f64)>,
        |melhor, (i, c)| match melhor {
            Some((_, m)) if m <= c => melhor,
            _ => Some((i, c)),
        },
    );
    if let Some((i, _)) = mais_barato {
        tentativas[i].mais_barato = true;
    }
    let aviso = tentativas.is_empty().then(|| format!("O plano não tem rota para {}: a chamada falharia.", regiao.nome));
    Simulacao { regiao_id: regiao.regiao_id, regiao_nome: regiao.nome.clone(), duracao, tentativas, aviso }
}

fn avaliar(ordem: u32, rota: &Roteamento, troncos: &[Tronco], regiao_id: i64, duracao: u32) -> Tentativa {
    let mut tentativa = Tentativa {
        ordem,
        tronco_id: rota.tronco_id,
        tronco_nome: rota.tronco_nome.clone(),
        tarifa: None,
        fracionamento: None,
        segundos_cobrados: None,
        custo: None,
        aviso: None,
        mais_barato: false,
    };
    let Some(tronco) = troncos.iter().find(|t| t.tronco_id == rota.tronco_id) else {
        tentativa.aviso = Some(format!("Tronco {} não existe mais: remova-o da rota.", rota.tronco_id));
        return tentativa;
    };
    tentativa.tronco_nome = tronco.nome.clone();
    let Some(tarifa) = tarifa_de(tronco, regiao_id) else {
        tentativa.aviso = Some("Sem tarifa para esta região: cadastre-a no tronco.".to_owned());
        return tentativa;
    };
    tentativa.tarifa = Some(tarifa.tarifa);
    tentativa.fracionamento = Some(tarifa.fracionamento.clone());
    match (Fracionamento::parse(&tarifa.fracionamento), tarifas::custo(tarifa, duracao)) {
        (Ok(fracionamento), Ok(custo)) => {
            tentativa.segundos_cobrados = Some(fracionamento.segundos_cobrados(duracao));
            tentativa.custo = Some(custo);
        }
        (Err(erro), _) | (_, Err(erro)) => tentativa.aviso = Some(erro.to_string()),
    }
    tentativa
}

/// Warnings of a plan's routing for the editor: regions without any route, trunks routed in a
/// region they do not price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AvisosRoteamento {
    pub regioes_sem_rota: Vec<i64>,
    /// `(regiao_id, tronco_id)` pairs routed without a tariff.
    pub sem_tarifa: Vec<(i64, i64)>,
}

pub fn avisos(regras: &RegrasRoteamento, regioes: &[Regiao], troncos: &[Tronco]) -> AvisosRoteamento {
    let regioes_sem_rota = regioes
        .iter()
        .filter(|r| !regras.regioes.iter().any(|x| x.regiao_id == r.regiao_id && !x.roteamentos.is_empty()))
        .map(|r| r.regiao_id)
        .collect();
    let sem_tarifa = regras
        .regioes
        .iter()
        .flat_map(|r| r.roteamentos.iter().map(move |rota| (r.regiao_id, rota.tronco_id)))
        .filter(|(regiao_id, tronco_id)| !troncos.iter().any(|t| t.tronco_id == *tronco_id && tarifa_de(t, *regiao_id).is_some()))
        .collect();
    AvisosRoteamento { regioes_sem_rota, sem_tarifa }
}

/// The editor's view of a routing: for every region (in the order of `regioes`), its trunks in
/// priority order, priced over a reference call of `duracao` seconds with the cheapest marked;
/// and the routing's warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AnaliseRoteamento {
    pub regioes: Vec<Simulacao>,
    pub avisos: AvisosRoteamento,
}

pub fn analisar(regras: &RegrasRoteamento, regioes: &[Regiao], troncos: &[Tronco], duracao: u32) -> AnaliseRoteamento {
    AnaliseRoteamento {
        regioes: regioes.iter().map(|regiao| simular(regras, regiao, troncos, duracao)).collect(),
        avisos: avisos(regras, regioes, troncos),
    }
}

/// The kind of a dialled number, as Brazilian carriers price it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TipoDestinoNumero {
    LocalFixo,
    LongaDistanciaFixo,
    LocalMovel,
    LongaDistanciaMovel,
    Internacional,
    ServicoEspecial,
}

/// A destination number classified: its kind and the plan's region it falls in, when the region
/// names allow telling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Classificacao {
    pub tipo: TipoDestinoNumero,
    /// The number's area code, when it has one (or the caller's, for a local number).
    pub ddd: Option<String>,
    pub regiao_id: Option<i64>,
}

/// Classifies a dialled number (`+55 11 98765-4321`, `0 21 11 3333-4444` with a carrier code,
/// `0800 ...`, `00 1 ...`) relative to the caller's DDD, and finds the region among `regioes`
/// whose name matches its kind. Errors in pt-BR when the text is not a phone number.
pub fn classificar_numero(numero: &str, ddd_origem: &str, regioes: &[Regiao]) -> Result<Classificacao, String> {
    let bruto = numero.trim();
    let internacional_mais = bruto.starts_with('+');
    let digitos: String = bruto.chars().filter(char::is_ascii_digit).collect();
    if digitos.len() < 3 || bruto.chars().any(|c| !(c.is_ascii_digit() || " +-().".contains(c))) {
        return Err("Número inválido: use só dígitos, como 11987654321, +55 11 3333-4444 ou 0800 123 4567".to_owned());
    }
    let classe = |tipo, ddd: Option<String>| Classificacao { regiao_id: regiao_para(tipo, regioes), tipo, ddd };
    let especial = ["0800", "0300", "0500", "0303", "4004", "4003", "4020", "3003", "3004"];
    if especial.iter().any(|p| digitos.starts_with(p)) && (8..=11).contains(&digitos.len()) {
        return Ok(classe(TipoDestinoNumero::ServicoEspecial, None));
    }
    let nacional = if internacional_mais {
        match digitos.strip_prefix("55") {
            Some(resto) => resto.to_owned(),
            None => return Ok(classe(TipoDestinoNumero::Internacional, None)),
        }
    } else if let Some(resto) = digitos.strip_prefix("00") {
        if resto.starts_with("55") && resto.len() >= 12 {
            resto[2..].to_owned()
        } else {
            return Ok(classe(TipoDestinoNumero::Internacional, None));
        }
    } else if digitos.starts_with('0') && digitos.len() >= 12 {
        // 0 + carrier code (2 digits) + DDD + number.
        digitos[3..].to_owned()
    } else if digitos.starts_with('0') && (11..=12).contains(&digitos.len()) {
        digitos[1..].to_owned()
    } else {
        digitos
    };
    let (ddd, assinante) = match nacional.len() {
        10 | 11 => (Some(nacional[..2].to_owned()), &nacional[2..]),
        8 | 9 => (None, nacional.as_str()),
        _ => return Err("Número inválido: um número brasileiro tem DDD e 8 dígitos (fixo) ou 9 (celular)".to_owned()),
    };
    let movel = assinante.len() == 9 && assinante.starts_with('9');
    let origem = ddd_origem.trim();
    let local = ddd.as_deref().is_none_or(|d| d == origem);
    let tipo = match (movel, local) {
        (false, true) => TipoDestinoNumero::LocalFixo,
        (false, false) => TipoDestinoNumero::LongaDistanciaFixo,
        (true, true) => TipoDestinoNumero::LocalMovel,
        (true, false) => TipoDestinoNumero::LongaDistanciaMovel,
    };
    Ok(classe(tipo, ddd.or_else(|| (!origem.is_empty()).then(|| origem.to_owned()))))
}

/// The region whose name best matches a kind of number: the one with the most matching words
/// and none that contradicts (e.g. "móvel" for a fixed line). None when no name tells.
fn regiao_para(tipo: TipoDestinoNumero, regioes: &[Regiao]) -> Option<i64> {
    use TipoDestinoNumero::*;
    let (sim, nao): (&[&str], &[&str]) = match tipo {
        LocalFixo => (&["local", "fixo", "vc1"], &["movel", "celular", "longa", "ddd", "ld", "internacional", "vc2", "vc3", "0800"]),
        LongaDistanciaFixo => {
            (&["longa", "ddd", "ld", "interurbano", "fixo"], &["movel", "celular", "local", "internacional", "vc1", "0800"])
        }
        LocalMovel => (&["movel", "celular", "vc1", "local"], &["fixo", "longa", "ld", "internacional", "vc2", "vc3", "0800"]),
        LongaDistanciaMovel => (&["movel", "celular", "vc2", "vc3", "longa", "ld"], &["fixo", "vc1", "internacional", "0800"]),
        Internacional => (&["internacional", "ddi", "exterior"], &[]),
        ServicoEspecial => (&["especia", "servico", "0800", "0300", "4004", "nao geografico"], &["internacional"]),
    };
    regioes
        .iter()
        .filter_map(|r| {
            let nome = sem_acentos(&r.nome).to_lowercase();
            let palavras: Vec<&str> = nome.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
            let tem = |chave: &str| palavras.iter().any(|p| p.starts_with(chave));
            if nao.iter().any(|n| tem(n)) {
                return None;
            }
            let pontos = sim.iter().filter(|s| tem(s)).count();
            (pontos > 0).then_some((pontos, r.regiao_id))
        })
        .max_by_key(|(pontos, id)| (*pontos, -id))
        .map(|(_, id)| id)
}

fn sem_acentos(texto: &str) -> String {
    texto
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
            'é' | 'ê' | 'è' | 'ë' => 'e',
            'É' | 'Ê' | 'È' | 'Ë' => 'E',
            'í' | 'î' | 'ì' | 'ï' => 'i',
            'Í' | 'Î' | 'Ì' | 'Ï' => 'I',
            'ó' | 'ô' | 'õ' | 'ò' | 'ö' => 'o',
            'Ó' | 'Ô' | 'Õ' | 'Ò' | 'Ö' => 'O',
            'ú' | 'û' | 'ù' | 'ü' => 'u',
            'Ú' | 'Û' | 'Ù' | 'Ü' => 'U',
            'ç' => 'c',
            'Ç' => 'C',
            other => other,
        })
        .collect()
}

// ---- Over the client: what the CLI and the app run -------------------------------------------

use crate::client::Client;
use crate::error::{Error, FieldError, Result};
use crate::plano_discagem::{ListarPlanosDiscagem, PlanoDiscagem};
use crate::regiao::ListarRegioes;
use crate::regra_roteamento::{agrupar, AlterarRegrasRoteamento, ListarRegrasRoteamento};
use crate::tronco::ListarTroncos;
use crate::validation;

/// Everything the editor and the simulator need about one plan, read in four calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanoRoteamento {
    pub plano: PlanoDiscagem,
    pub regras: RegrasRoteamento,
    pub regioes: Vec<Regiao>,
    /// The plan's customer's trunks, with their tariffs, and any other trunk the plan routes through.
    pub troncos: Vec<Tronco>,
}

/// A plan by id (its customer comes with it); a clear error when it does not exist.
pub async fn plano(client: &Client, plano_discagem_id: i64) -> Result<PlanoDiscagem> {
    let pedido = ListarPlanosDiscagem { plano_discagem_id, ..Default::default() };
    let planos = client.list_all(pedido, |_| {}).await?;
    planos
        .into_iter()
        .find(|p| p.plano_discagem_id == plano_discagem_id)
        .ok_or_else(|| Error::NotFound { mensagem: format!("plano de discagem {plano_discagem_id}") })
}

/// A plan's current rules, grouped by region with trunks in priority order.
pub async fn regras(client: &Client, plano_discagem_id: i64) -> Result<RegrasRoteamento> {
    let pedido = ListarRegrasRoteamento { plano_discagem_id, ..Default::default() };
    Ok(agrupar(&client.listar_regras_roteamento(&pedido).await?.records))
}

/// The plan, its rules, every region and its customer's trunks.
pub async fn carregar(client: &Client, plano_discagem_id: i64) -> Result<PlanoRoteamento> {
    let plano = plano(client, plano_discagem_id).await?;
    let regras = regras(client, plano_discagem_id).await?;
    let regioes = client.listar_regioes(&ListarRegioes::default()).await?.records;
    let mut troncos = client.listar_troncos(&ListarTroncos { cliente_id: plano.cliente_id, ..Default::default() }).await?.records;
    // A plan may route through a trunk shared from another customer: read those one by one.
    let mut faltam: Vec<i64> = regras.regioes.iter().flat_map(|r| r.roteamentos.iter().map(|x| x.tronco_id)).collect();
    faltam.sort_unstable();
    faltam.dedup();
    for tronco_id in faltam {
        if !troncos.iter().any(|t| t.tronco_id == tronco_id) {
            let pedido = ListarTroncos { tronco_id, ..Default::default() };
            troncos.extend(client.listar_troncos(&pedido).await?.records.into_iter().filter(|t| t.tronco_id == tronco_id));
        }
    }
    Ok(PlanoRoteamento { plano, regras, regioes, troncos })
}

/// What a save did: the differences between what was sent and what the server then returned
/// (empty when it kept everything).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SalvamentoRoteamento {
    pub mensagem: String,
    pub enviado: RegrasRoteamento,
    pub lido: RegrasRoteamento,
    pub diferencas: Vec<DiffRegiao>,
}

/// Sends a plan's routing (validated first; never retried: it is a write), then reads the rules
/// back and compares them with what was sent.
pub async fn salvar(client: &Client, plano_discagem_id: i64, enviado: RegrasRoteamento) -> Result<SalvamentoRoteamento> {
    let corpo = AlterarRegrasRoteamento { plano_discagem_id, dados: enviado };
    validation::check(validation::validar_regras_roteamento(&corpo))?;
    let resposta = client.alterar_regras_roteamento(&corpo).await?;
    let lido = regras(client, plano_discagem_id).await?;
    let diferencas = verificar(&corpo.dados, &lido);
    Ok(SalvamentoRoteamento { mensagem: resposta.mensagem, enviado: corpo.dados, lido, diferencas })
}

/// The copy of one plan's routing onto another (same or another customer), and, when `aplicar`,
/// its save with the read-back check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResultadoCopia {
    pub origem: PlanoDiscagem,
    pub destino: PlanoDiscagem,
    pub copia: CopiaRoteamento,
    /// None for a dry run.
    pub salvamento: Option<SalvamentoRoteamento>,
}

pub async fn copiar_plano(client: &Client, origem_id: i64, destino_id: i64, aplicar: bool) -> Result<ResultadoCopia> {
    if origem_id == destino_id {
        return Err(Error::InvalidInput(vec![FieldError::new("destino", "Origem e destino são o mesmo plano: escolha outro plano")]));
    }
    let origem = carregar(client, origem_id).await?;
    let destino = carregar(client, destino_id).await?;
    let copia = copiar(&origem.regras, &origem.troncos, &destino.troncos, &destino.regras);
    let salvamento = if aplicar && !copia.mudancas.is_empty() {
        let corpo = para_salvar(&destino.regioes, &copia.regras, &destino.regras);
        Some(salvar(client, destino_id, corpo).await?)
    } else {
        None
    };
    Ok(ResultadoCopia { origem: origem.plano, destino: destino.plano, copia, salvamento })
}

/// The destination of a simulation: a region, or a number to classify into one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DestinoSimulacao {
    Regiao(i64),
    /// The number and the caller's DDD (for local vs long distance).
    Numero {
        numero: String,
        ddd_origem: String,
    },
}

/// Resolves a simulation's destination to one of `regioes`.
pub fn regiao_do_destino(destino: &DestinoSimulacao, regioes: &[Regiao]) -> std::result::Result<(Regiao, Option<Classificacao>), String> {
    match destino {
        DestinoSimulacao::Regiao(id) => regioes
            .iter()
            .find(|r| r.regiao_id == *id)
            .map(|r| (r.clone(), None))
            .ok_or_else(|| format!("Região {id} não existe; consulte `pabx regioes list`.")),
        DestinoSimulacao::Numero { numero, ddd_origem } => {
            let classe = classificar_numero(numero, ddd_origem, regioes)?;
            let regiao = classe
                .regiao_id
                .and_then(|id| regioes.iter().find(|r| r.regiao_id == id))
                .cloned()
                .ok_or_else(|| "Não foi possível saber a região deste número pelos nomes das regiões: escolha a região.".to_owned())?;
            Ok((regiao, Some(classe)))
        }
    }
}
