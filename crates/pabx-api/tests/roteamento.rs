//! The routing editor's logic: diff, save body, read-back check, copy by trunk name, simulator
//! and number classification.

use pabx_api::regra_roteamento::{RegiaoRoteamento, RegrasRoteamento, Roteamento};
use pabx_api::roteamento::{self, TipoDestinoNumero};
use pabx_api::{Regiao, Tarifa, Tronco};

fn regiao(regiao_id: i64, nome: &str) -> Regiao {
    Regiao { regiao_id, nome: nome.to_owned(), ..Default::default() }
}

/// The sandbox's six regions (crates/pabx-sandbox/src/regioes.rs).
fn regioes() -> Vec<Regiao> {
    vec![
        regiao(1, "Local fixo"),
        regiao(2, "Longa distância fixo (DDD)"),
        regiao(3, "Local móvel (VC1)"),
        regiao(4, "Longa distância móvel (VC2/VC3)"),
        regiao(5, "Internacional"),
        regiao(6, "Serviços especiais (0800, 0300, 4004)"),
    ]
}

fn rota(regiao_id: i64, troncos: &[(i64, &str)]) -> RegiaoRoteamento {
    RegiaoRoteamento {
        regiao_id,
        regiao_nome: format!("R{regiao_id}"),
        roteamentos: troncos
            .iter()
            .zip(1..)
            .map(|((id, nome), prioridade)| Roteamento {
                prioridade,
                tronco_id: *id,
                tronco_nome: (*nome).to_owned(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn regras(regioes: Vec<RegiaoRoteamento>) -> RegrasRoteamento {
    RegrasRoteamento { regioes, ..Default::default() }
}

fn tronco(tronco_id: i64, nome: &str, tarifas: &[(i64, f64, &str)]) -> Tronco {
    Tronco {
        tronco_id,
        nome: nome.to_owned(),
        tarifas: tarifas
            .iter()
            .map(|(regiao_id, tarifa, fracionamento)| Tarifa {
                regiao_id: *regiao_id,
                tarifa: *tarifa,
                fracionamento: (*fracionamento).to_owned(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn diff_names_reorders_additions_and_removals_and_nothing_else() {
    let antes = regras(vec![rota(1, &[(10, "A"), (11, "B")]), rota(2, &[(10, "A")]), rota(3, &[(12, "C")])]);
    let depois = regras(vec![rota(1, &[(11, "B"), (10, "A")]), rota(2, &[(10, "A"), (12, "C")]), rota(3, &[(12, "C")])]);
    let diff = roteamento::diff(&antes, &depois);
    assert_eq!(diff.len(), 2, "{diff:?}");
    assert_eq!(diff[0].regiao_id, 1);
    assert!(diff[0].reordenado);
    assert!(diff[0].adicionados.is_empty() && diff[0].removidos.is_empty());
    assert_eq!(diff[0].resumo(), "R1: A, B -> B, A");
    assert_eq!(diff[1].regiao_id, 2);
    assert!(!diff[1].reordenado);
    assert_eq!(diff[1].adicionados[0].tronco_nome, "C");
    assert_eq!(diff[1].resumo(), "R2: A -> A, C");
    assert!(roteamento::diff(&antes, &antes).is_empty());
}

#[test]
fn a_region_added_from_nothing_reads_as_plus_and_an_emptied_one_as_no_route() {
    let antes = regras(vec![rota(1, &[(10, "A")])]);
    let depois = regras(vec![rota(1, &[]), rota(4, &[(12, "C")])]);
    let diff = roteamento::diff(&antes, &depois);
    assert_eq!(diff.len(), 2);
    let novo = diff.iter().find(|d| d.regiao_id == 4).unwrap();
    assert_eq!(novo.resumo(), "R4: + C");
    let vazio = diff.iter().find(|d| d.regiao_id == 1).unwrap();
    assert_eq!(vazio.removidos.len(), 1);
    assert_eq!(vazio.resumo(), "R1: A -> (sem rota)");
    // An empty region and an absent one are the same routing.
    assert!(roteamento::diff(&regras(vec![rota(5, &[])]), &regras(vec![])).is_empty());
}

#[test]
fn priorities_come_from_the_numbers_not_from_the_order_of_the_rows() {
    let mut fora_de_ordem = rota(1, &[(10, "A"), (11, "B")]);
    fora_de_ordem.roteamentos[0].prioridade = 2;
    fora_de_ordem.roteamentos[1].prioridade = 1;
    let em_ordem = rota(1, &[(11, "B"), (10, "A")]);
    assert!(roteamento::diff(&regras(vec![fora_de_ordem]), &regras(vec![em_ordem])).is_empty());
}

#[test]
fn the_save_body_has_every_routed_region_numbered_in_order_and_emptied_ones_sent_empty() {
    let original = regras(vec![rota(1, &[(10, "A")]), rota(2, &[(10, "A")]), rota(5, &[(11, "B")])]);
    let editado = regras(vec![rota(1, &[(11, "B"), (10, "A")]), rota(2, &[]), rota(5, &[(11, "B")])]);
    let corpo = roteamento::para_salvar(&regioes(), &editado, &original);
    let ids: Vec<i64> = corpo.regioes.iter().map(|r| r.regiao_id).collect();
    assert_eq!(ids, vec![1, 2, 5], "regions never routed and untouched are not sent; the others all are");
    assert_eq!(corpo.regioes[0].roteamentos.iter().map(|r| (r.prioridade, r.tronco_id)).collect::<Vec<_>>(), vec![(1, 11), (2, 10)]);
    assert!(corpo.regioes[1].roteamentos.is_empty(), "an emptied region is sent with no trunk, so it is cleared");
    assert_eq!(corpo.regioes[0].regiao_nome, "R1");
    // The read-back check: the server kept everything, or says where it did not.
    assert!(roteamento::verificar(&corpo, &regras(vec![rota(1, &[(11, "B"), (10, "A")]), rota(5, &[(11, "B")])])).is_empty());
    let perdido = roteamento::verificar(&corpo, &regras(vec![rota(1, &[(10, "A"), (11, "B")]), rota(5, &[(11, "B")])]));
    assert_eq!(perdido.len(), 1);
    assert_eq!(perdido[0].regiao_id, 1);
}

#[test]
fn copy_maps_trunks_by_name_reports_the_unmatched_and_keeps_other_regions() {
    let origem = regras(vec![rota(1, &[(10, "Operadora A"), (11, "Operadora B")]), rota(3, &[(12, "Só na origem"), (10, "Operadora A")])]);
    let troncos_origem = vec![tronco(10, "Operadora A", &[]), tronco(11, "Operadora B", &[]), tronco(12, "Só na origem", &[])];
    let troncos_destino = vec![tronco(20, "operadora  a", &[]), tronco(21, "OPERADORA B", &[])];
    let destino_atual = regras(vec![rota(5, &[(21, "OPERADORA B")])]);
    let copia = roteamento::copiar(&origem, &troncos_origem, &troncos_destino, &destino_atual);
    let por_regiao: Vec<(i64, Vec<(i64, i64)>)> =
        copia.regras.regioes.iter().map(|r| (r.regiao_id, r.roteamentos.iter().map(|x| (x.prioridade, x.tronco_id)).collect())).collect();
    assert_eq!(por_regiao, vec![(1, vec![(1, 20), (2, 21)]), (3, vec![(1, 20)]), (5, vec![(1, 21)])]);
    assert_eq!(copia.sem_par.len(), 1);
    assert_eq!((copia.sem_par[0].regiao_id, copia.sem_par[0].tronco_nome.as_str()), (3, "Só na origem"));
    assert_eq!(copia.mudancas.iter().map(|m| m.regiao_id).collect::<Vec<_>>(), vec![1, 3]);
}

#[test]
fn the_simulator_prices_every_trunk_in_order_marks_the_cheapest_and_warns() {
    let troncos = vec![
        tronco(10, "Caro", &[(1, 0.20, "0/30/6")]),
        tronco(11, "Barato", &[(1, 0.05, "0/60/60")]),
        tronco(12, "Sem tarifa", &[(2, 0.10, "0/30/6")]),
    ];
    let plano = regras(vec![rota(1, &[(10, "Caro"), (12, "Sem tarifa"), (11, "Barato")])]);
    let sim = roteamento::simular(&plano, &regiao(1, "Local fixo"), &troncos, 45);
    assert_eq!(sim.tentativas.iter().map(|t| t.tronco_id).collect::<Vec<_>>(), vec![10, 12, 11]);
    let caro = &sim.tentativas[0];
    assert_eq!((caro.ordem, caro.segundos_cobrados, caro.custo), (1, Some(48), Some(0.16)));
    assert!(!caro.mais_barato);
    assert!(sim.tentativas[1].custo.is_none());
    assert!(sim.tentativas[1].aviso.as_deref().unwrap().contains("Sem tarifa"));
    let barato = &sim.tentativas[2];
    assert_eq!((barato.segundos_cobrados, barato.custo, barato.mais_barato), (Some(60), Some(0.05), true));
    assert!(sim.aviso.is_none());

    let sem_rota = roteamento::simular(&plano, &regiao(5, "Internacional"), &troncos, 45);
    assert!(sem_rota.tentativas.is_empty());
    assert!(sem_rota.aviso.unwrap().contains("Internacional"));
}

#[test]
fn warnings_list_regions_without_route_and_trunks_without_tariff() {
    let troncos = vec![tronco(10, "A", &[(1, 0.1, "0/30/6")]), tronco(11, "B", &[])];
    let plano = regras(vec![rota(1, &[(10, "A"), (11, "B")]), rota(2, &[])]);
    let avisos = roteamento::avisos(&plano, &regioes(), &troncos);
    assert_eq!(avisos.regioes_sem_rota, vec![2, 3, 4, 5, 6]);
    assert_eq!(avisos.sem_tarifa, vec![(1, 11)]);
}

#[test]
fn numbers_are_classified_into_the_plans_regions() {
    let regioes = regioes();
    let casos: &[(&str, TipoDestinoNumero, Option<i64>)] = &[
        ("3333-4444", TipoDestinoNumero::LocalFixo, Some(1)),
        ("11 3333-4444", TipoDestinoNumero::LocalFixo, Some(1)),
        ("(21) 3333-4444", TipoDestinoNumero::LongaDistanciaFixo, Some(2)),
        ("0 21 21 3333 4444", TipoDestinoNumero::LongaDistanciaFixo, Some(2)),
        ("021 3333 4444", TipoDestinoNumero::LongaDistanciaFixo, Some(2)),
        ("98765-4321", TipoDestinoNumero::LocalMovel, Some(3)),
        ("+55 11 98765-4321", TipoDestinoNumero::LocalMovel, Some(3)),
        ("+55 31 98765-4321", TipoDestinoNumero::LongaDistanciaMovel, Some(4)),
        ("00 1 212 555 0100", TipoDestinoNumero::Internacional, Some(5)),
        ("+1 212 555 0100", TipoDestinoNumero::Internacional, Some(5)),
        ("0800 123 4567", TipoDestinoNumero::ServicoEspecial, Some(6)),
        ("4004-1234", TipoDestinoNumero::ServicoEspecial, Some(6)),
    ];
    for (numero, tipo, regiao_id) in casos {
        let c = roteamento::classificar_numero(numero, "11", &regioes).unwrap_or_else(|e| panic!("{numero}: {e}"));
        assert_eq!((c.tipo, c.regiao_id), (*tipo, *regiao_id), "{numero}");
    }
    assert!(roteamento::classificar_numero("abc", "11", &regioes).unwrap_err().contains("Número inválido"));
    assert!(roteamento::classificar_numero("12345", "11", &regioes).is_err());
    // Regions whose names do not tell: the kind is known, the region is not.
    let opacas = vec![regiao(1, "Tabela A"), regiao(2, "Tabela B")];
    let c = roteamento::classificar_numero("11 98765-4321", "11", &opacas).unwrap();
    assert_eq!((c.tipo, c.regiao_id), (TipoDestinoNumero::LocalMovel, None));
}
