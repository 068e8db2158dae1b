//! The routing editor's calls over the real client and the sandbox: load a plan, save a new
//! order and read it back, copy one plan onto another by trunk name (dry run, then apply).

mod common;

use pabx_api::plano_discagem::{InserirPlanoDiscagem, ListarPlanosDiscagem};
use pabx_api::regra_roteamento::RegrasRoteamento;
use pabx_api::roteamento::{self, DestinoSimulacao};
use pabx_api::tronco::{InserirTronco, ListarTroncos};
use pabx_api::{PlanoDiscagem, Tarifa, Tronco};
use pabx_sandbox::Seed;

fn ordem(regras: &RegrasRoteamento, regiao_id: i64) -> Vec<String> {
    regras
        .regioes
        .iter()
        .find(|r| r.regiao_id == regiao_id)
        .map(|r| r.roteamentos.iter().map(|x| x.tronco_nome.clone()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn save_reorders_and_clears_regions_and_the_read_back_agrees() {
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    let dados = roteamento::carregar(&client, 1).await.unwrap();
    assert_eq!(dados.regioes.len(), 6);
    assert_eq!(dados.regras.regioes.len(), 6, "the demo plan routes every region");
    let antes = ordem(&dados.regras, 1);
    assert_eq!(antes.len(), 3);
    for nome in &antes {
        assert!(dados.troncos.iter().any(|t| &t.nome == nome), "every routed trunk is loaded with its tariffs, {nome}");
    }

    let mut editado = dados.regras.clone();
    // The order is the priorities': reverse them, as the editor does when it renumbers.
    editado.regioes[0].roteamentos.reverse();
    for (rota, prioridade) in editado.regioes[0].roteamentos.iter_mut().zip(1..) {
        rota.prioridade = prioridade;
    }
    editado.regioes[1].roteamentos.clear();
    let mudancas = roteamento::diff(&dados.regras, &editado);
    assert_eq!(mudancas.len(), 2);
    let corpo = roteamento::para_salvar(&dados.regioes, &editado, &dados.regras);
    let salvo = roteamento::salvar(&client, 1, corpo).await.unwrap();
    assert!(salvo.diferencas.is_empty(), "{:?}", salvo.diferencas);

    let relido = roteamento::regras(&client, 1).await.unwrap();
    let mut esperado = antes.clone();
    esperado.reverse();
    assert_eq!(ordem(&relido, 1), esperado);
    assert!(ordem(&relido, 2).is_empty(), "the emptied region has no route any more");
    assert_eq!(ordem(&relido, 3).len(), 3, "untouched regions are kept");
    sandbox.stop().await;
}

#[tokio::test]
async fn copy_by_trunk_name_is_a_dry_run_until_applied() {
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    // Customer 3 (owner of Gama Fibra Voz) gets its own "Alfa Telecom SIP" (another spelling) and a
    // new empty plan.
    let tronco = Tronco {
        cliente_id: 3,
        nome: "ALFA TELECOM  SIP".into(),
        endereco: "sip.alfa.example".into(),
        tarifas: vec![Tarifa { regiao_id: 1, tarifa: 0.05, fracionamento: "0/30/6".into(), ..Default::default() }],
        ..Default::default()
    };
    client.inserir_tronco(&InserirTronco { dados: tronco }).await.unwrap();
    let alfa_3 = client
        .listar_troncos(&ListarTroncos { cliente_id: 3, ..Default::default() })
        .await
        .unwrap()
        .records
        .into_iter()
        .find(|t| t.nome == "ALFA TELECOM  SIP")
        .unwrap();
    let plano = PlanoDiscagem { cliente_id: 3, nome: "Cópia".into(), ..Default::default() };
    client.inserir_plano_discagem(&InserirPlanoDiscagem { dados: plano }).await.unwrap();
    let destino = client
        .list_all(ListarPlanosDiscagem { cliente_id: 3, ..Default::default() }, |_| {})
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.nome == "Cópia")
        .unwrap();

    let seco = roteamento::copiar_plano(&client, 1, destino.plano_discagem_id, false).await.unwrap();
    assert!(seco.salvamento.is_none());
    assert_eq!(seco.copia.mudancas.len(), 6, "every region gets a route");
    // Beta is customer 2's: customer 3 has no trunk of that name.
    assert_eq!(seco.copia.sem_par.len(), 6);
    assert!(seco.copia.sem_par.iter().all(|s| s.tronco_nome == "Beta Voz IP"));
    assert!(roteamento::regras(&client, destino.plano_discagem_id).await.unwrap().regioes.is_empty(), "a dry run writes nothing");

    let aplicado = roteamento::copiar_plano(&client, 1, destino.plano_discagem_id, true).await.unwrap();
    let salvo = aplicado.salvamento.expect("applied");
    assert!(salvo.diferencas.is_empty(), "{:?}", salvo.diferencas);
    let relido = roteamento::regras(&client, destino.plano_discagem_id).await.unwrap();
    assert_eq!(relido.regioes.len(), 6);
    let gama = client.listar_troncos(&ListarTroncos { cliente_id: 3, ..Default::default() }).await.unwrap().records;
    let gama = gama.iter().find(|t| t.nome == "Gama Fibra Voz").unwrap();
    for regiao in &relido.regioes {
        let ids: Vec<i64> = regiao.roteamentos.iter().map(|r| r.tronco_id).collect();
        assert_eq!(ids, vec![alfa_3.tronco_id, gama.tronco_id], "Alfa then Gama, Beta left out");
    }

    let mesmo = roteamento::copiar_plano(&client, 1, 1, false).await.unwrap_err();
    assert_eq!(mesmo.kind(), pabx_api::ErrorKind::InvalidInput);
    sandbox.stop().await;
}

#[tokio::test]
async fn simulate_a_typed_number_over_the_demo_plan() {
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    let dados = roteamento::carregar(&client, 1).await.unwrap();
    let destino = DestinoSimulacao::Numero { numero: "+55 21 98765-4321".into(), ddd_origem: "11".into() };
    let (regiao, classe) = roteamento::regiao_do_destino(&destino, &dados.regioes).unwrap();
    assert_eq!(regiao.regiao_id, 4, "a mobile in another DDD is long-distance mobile");
    assert!(classe.is_some());
    let sim = roteamento::simular(&dados.regras, &regiao, &dados.troncos, 95);
    assert_eq!(sim.tentativas.len(), 3);
    assert!(sim.tentativas.iter().all(|t| t.custo.is_some()), "{sim:?}");
    assert_eq!(sim.tentativas.iter().filter(|t| t.mais_barato).count(), 1);
    // Alfa: 3/30/6 at 0.29 -> 96 s, R$ 0.464; Beta: 0/30/6 at 0.31 -> 96 s, R$ 0.496;
    // Gama: 6/60/6 at 0.27 -> 96 s, R$ 0.432, the cheapest.
    let alfa = sim.tentativas.iter().find(|t| t.tronco_nome == "Alfa Telecom SIP").unwrap();
    assert_eq!((alfa.segundos_cobrados, alfa.custo, alfa.mais_barato), (Some(96), Some(0.464), false));
    let gama = sim.tentativas.iter().find(|t| t.tronco_nome == "Gama Fibra Voz").unwrap();
    assert_eq!((gama.segundos_cobrados, gama.custo, gama.mais_barato), (Some(96), Some(0.432), true));

    let unknown = roteamento::carregar(&client, 999).await.unwrap_err();
    assert_eq!(unknown.kind(), pabx_api::ErrorKind::NotFound);
    sandbox.stop().await;
}
