//! Contract tests: the real `pabx_api::Client` runs the full cycle (insert, list, alter,
//! delete) of every entity against the sandbox over loopback HTTP.

mod common;

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::*;
use pabx_api::did::*;
use pabx_api::plano_discagem::*;
use pabx_api::ramal::*;
use pabx_api::regiao::ListarRegioes;
use pabx_api::regra_roteamento::*;
use pabx_api::tronco::*;
use pabx_api::{Client, ErrorKind, Tarifa};
use pabx_sandbox::{data_relativa, Seed, REGIOES};
use serde_json::json;

fn novo_ramal(cliente_id: i64, numero: &str, plano_discagem_id: i64) -> Ramal {
    Ramal {
        cliente_id,
        nome: format!("Ramal {numero}"),
        numero: numero.into(),
        senha_sip: "SenhaSip#2026".into(),
        plano_discagem_id,
        ..Default::default()
    }
}

fn novo_tronco(cliente_id: i64, nome: &str) -> Tronco {
    Tronco {
        cliente_id,
        nome: nome.into(),
        endereco: "sip.operadora.com.br".into(),
        tarifas: vec![
            Tarifa { regiao_id: 1, tarifa: 0.07, fracionamento: "3/30/6".into(), ..Default::default() },
            Tarifa { regiao_id: 3, tarifa: 0.25, fracionamento: "0/30/6".into(), ..Default::default() },
        ],
        ..Default::default()
    }
}

/// The call failed with a 404 from the server.
fn assert_not_found<T: std::fmt::Debug>(result: pabx_api::Result<T>) {
    let error = result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
}

async fn inserir_cliente(client: &Client, login: &str) -> i64 {
    let outcome = client.inserir_cliente(&InserirCliente { dados: common::novo_cliente(login) }).await.unwrap();
    outcome.id("cliente_id").expect("new id")
}

#[tokio::test]
async fn cliente_full_cycle() {
    let sandbox = common::start(Seed::None).await;
    let client = common::client(&sandbox);
    let id = inserir_cliente(&client, "acme").await;
    let page = client.listar_clientes(&ListarClientes { nome: "ACME".into(), ..Default::default() }).await.unwrap();
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.total, Some(1));
    let mut cliente = page.records[0].clone();
    assert_eq!(cliente.cliente_id, id);
    assert_eq!(cliente.cnpj, "11.222.333/0001-81");
    cliente.nome = "Acme Telecom".into();
    client.alterar_cliente(&AlterarCliente { dados: cliente.clone() }).await.unwrap();
    let page = client.listar_clientes(&ListarClientes { cliente_id: id, ..Default::default() }).await.unwrap();
    assert_eq!(page.records[0].nome, "Acme Telecom");
    client.deletar_cliente(&DeletarCliente { cliente_id: id }).await.unwrap();
    let page = client.listar_clientes(&ListarClientes { cliente_id: id, ..Default::default() }).await.unwrap();
    assert!(page.records.is_empty());
    assert_not_found(client.alterar_cliente(&AlterarCliente { dados: cliente }).await);
    assert_not_found(client.deletar_cliente(&DeletarCliente { cliente_id: id }).await);
    sandbox.stop().await;
}

#[tokio::test]
async fn ramal_full_cycle_with_unknown_fields_kept() {
    let sandbox = common::start(Seed::None).await;
    let client = common::client(&sandbox);
    let cliente_id = inserir_cliente(&client, "ramais").await;
    let plano = client
        .inserir_plano_discagem(&InserirPlanoDiscagem { dados: PlanoDiscagem { cliente_id, nome: "Padrão".into(), ..Default::default() } })
        .await
        .unwrap();
    let plano_id = plano.id("plano_discagem_id").unwrap();
    let mut ramal = novo_ramal(cliente_id, "101", plano_id);
    ramal.extra.insert("campo_futuro".into(), json!({"a": 1}));
    let outcome = client.inserir_ramal(&InserirRamal { dados: ramal }).await.unwrap();
    let ramal_id = outcome.id("ramal_id").unwrap();
    assert_eq!(outcome.dados["numero"], "101");
    assert_eq!(outcome.dados["campo_futuro"], json!({"a": 1}));

    let page = client.listar_ramais(&ListarRamais { cliente_id, ..Default::default() }).await.unwrap();
    assert_eq!(page.records.len(), 1);
    let mut stored = page.records[0].clone();
    assert_eq!(stored.ramal_id, ramal_id);
    assert_eq!(stored.extra["campo_futuro"], json!({"a": 1}));

    stored.nome = "Recepção".into();
    stored.encaminhar_ocupado_indisponivel =
        Encaminhamento { encaminhamento_tipo: 1, encaminhamento_destino: "102".into(), ..Default::default() };
    client.alterar_ramal(&AlterarRamal { dados: stored.clone() }).await.unwrap();
    let page = client.listar_ramais(&ListarRamais { nome: "recep".into(), ..Default::default() }).await.unwrap();
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.records[0].encaminhar_ocupado_indisponivel.encaminhamento_destino, "102");

    client.deletar_ramal(&DeletarRamal { cliente_id, ramal_id }).await.unwrap();
    let page = client.listar_ramais(&ListarRamais { ramal_id, ..Default::default() }).await.unwrap();
    assert!(page.records.is_empty());
    assert_not_found(client.deletar_ramal(&DeletarRamal { cliente_id, ramal_id }).await);
    assert_not_found(client.alterar_ramal(&AlterarRamal { dados: stored }).await);
    sandbox.stop().await;
}

#[tokio::test]
async fn did_full_cycle() {
    let sandbox = common::start(Seed::None).await;
    let client = common::client(&sandbox);
    let cliente_id = inserir_cliente(&client, "dids").await;
    let did = Did {
        cliente_id,
        numero: "1130001234".into(),
        apontar_para: 1,
        destino: "100".into(),
        habilitar_horario_funcionamento: 1,
        horario_funcionamento_inicio: "08:00".into(),
        horario_funcionamento_fim: "18:00".into(),
        horario_funcionamento_dias_semana: vec![1, 2, 3, 4, 5],
        ..Default::default()
    };
    let did_id = client.inserir_did(&InserirDid::new(did)).await.unwrap().id("did_id").unwrap();
    let page = client.listar_dids(&ListarDids { cliente_id }).await.unwrap();
    assert_eq!(page.records.len(), 1);
    let mut stored = page.records[0].clone();
    assert_eq!(stored.horario_funcionamento_dias_semana, vec![1, 2, 3, 4, 5]);
    stored.horario_funcionamento_fim = "17:30".into();
    client.alterar_did(&AlterarDid::new(stored.clone())).await.unwrap();
    let page = client.listar_dids(&ListarDids { cliente_id }).await.unwrap();
    assert_eq!(page.records[0].horario_funcionamento_fim, "17:30");
    client.deletar_did(&DeletarDid { did_id, cliente_id }).await.unwrap();
    assert!(client.listar_dids(&ListarDids { cliente_id }).await.unwrap().records.is_empty());
    assert_not_found(client.alterar_did(&AlterarDid::new(stored)).await);
    assert_not_found(client.deletar_did(&DeletarDid { did_id, cliente_id }).await);
    sandbox.stop().await;
}

#[tokio::test]
async fn tronco_plano_and_routing_full_cycle() {
    let sandbox = common::start(Seed::None).await;
    let client = common::client(&sandbox);
    let cliente_id = inserir_cliente(&client, "rotas").await;
    let alfa = client.inserir_tronco(&InserirTronco { dados: novo_tronco(cliente_id, "Alfa") }).await.unwrap();
    let alfa_id = alfa.id("tronco_id").unwrap();
    assert_eq!(alfa.dados["tarifas"].as_array().unwrap().len(), 2);
    let beta_id = client.inserir_tronco(&InserirTronco { dados: novo_tronco(cliente_id, "Beta") }).await.unwrap().id("tronco_id").unwrap();

    let page = client.listar_troncos(&ListarTroncos { tronco_id: alfa_id, cliente_id: 0 }).await.unwrap();
    let mut tronco = page.records[0].clone();
    assert_eq!(tronco.tarifas[1].fracionamento, "0/30/6");
    tronco.tarifas.push(Tarifa { regiao_id: 5, tarifa: 1.2, fracionamento: "0/60/60".into(), ..Default::default() });
    client.alterar_tronco(&AlterarTronco { dados: tronco.clone() }).await.unwrap();
    let page = client.listar_troncos(&ListarTroncos { tronco_id: alfa_id, cliente_id }).await.unwrap();
    assert_eq!(page.records[0].tarifas.len(), 3);

    let plano = PlanoDiscagem { cliente_id, nome: "Comercial".into(), ..Default::default() };
    let plano_id = client.inserir_plano_discagem(&InserirPlanoDiscagem { dados: plano }).await.unwrap().id("plano_discagem_id").unwrap();
    let mut plano = client
        .listar_planos_discagem(&ListarPlanosDiscagem { plano_discagem_id: plano_id, ..Default::default() })
        .await
        .unwrap()
        .records
        .remove(0);
    plano.nome = "Comercial SP".into();
    client.alterar_plano_discagem(&AlterarPlanoDiscagem { dados: plano.clone() }).await.unwrap();

    let rota = |prioridade, tronco_id| Roteamento { prioridade, tronco_id, ..Default::default() };
    let regras = RegrasRoteamento {
        regioes: vec![
            RegiaoRoteamento { regiao_id: 1, roteamentos: vec![rota(1, alfa_id), rota(2, beta_id)], ..Default::default() },
            RegiaoRoteamento { regiao_id: 3, roteamentos: vec![rota(1, beta_id)], ..Default::default() },
        ],
        ..Default::default()
    };
    client.alterar_regras_roteamento(&AlterarRegrasRoteamento { plano_discagem_id: plano_id, dados: regras }).await.unwrap();
    let all = client.listar_regras_roteamento(&ListarRegrasRoteamento { plano_discagem_id: plano_id, ..Default::default() }).await.unwrap();
    assert_eq!(all.records.len(), 3);
    assert_eq!(all.records[0].regiao_nome, "Local fixo");
    assert_eq!(all.records[0].tronco_nome, "Alfa");
    let by_tronco = client.listar_regras_roteamento(&ListarRegrasRoteamento { tronco_id: beta_id, ..Default::default() }).await.unwrap();
    assert_eq!(by_tronco.records.len(), 2);
    let by_priority = client
        .listar_regras_roteamento(&ListarRegrasRoteamento { plano_discagem_id: plano_id, regiao_id: 1, prioridade: 2, tronco_id: 0 })
        .await
        .unwrap();
    assert_eq!(by_priority.records.len(), 1);
    assert_eq!(by_priority.records[0].tronco_id, beta_id);

    // Replacing region 1 only leaves region 3 alone.
    let regras = RegrasRoteamento {
        regioes: vec![RegiaoRoteamento { regiao_id: 1, roteamentos: vec![rota(1, beta_id)], ..Default::default() }],
        ..Default::default()
    };
    client.alterar_regras_roteamento(&AlterarRegrasRoteamento { plano_discagem_id: plano_id, dados: regras }).await.unwrap();
    let all = client.listar_regras_roteamento(&ListarRegrasRoteamento { plano_discagem_id: plano_id, ..Default::default() }).await.unwrap();
    let rows: Vec<(i64, i64, i64)> = all.records.iter().map(|r| (r.regiao_id, r.prioridade, r.tronco_id)).collect();
    assert_eq!(rows, vec![(1, 1, beta_id), (3, 1, beta_id)]);

    // Alfa is no longer routed: it can go; Beta cannot.
    client.deletar_tronco(&DeletarTronco { tronco_id: alfa_id, cliente_id }).await.unwrap();
    let error = client.deletar_tronco(&DeletarTronco { tronco_id: beta_id, cliente_id }).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation, "{error}");
    assert!(error.to_string().contains("regra"), "{error}");

    // Deleting the plan removes its rules, then the trunk can go.
    client.deletar_plano_discagem(&DeletarPlanoDiscagem { dados: plano.clone() }).await.unwrap();
    assert!(client
        .listar_regras_roteamento(&ListarRegrasRoteamento { plano_discagem_id: plano_id, ..Default::default() })
        .await
        .unwrap()
        .records
        .is_empty());
    client.deletar_tronco(&DeletarTronco { tronco_id: beta_id, cliente_id }).await.unwrap();
    assert_not_found(client.alterar_tronco(&AlterarTronco { dados: tronco }).await);
    assert_not_found(client.alterar_plano_discagem(&AlterarPlanoDiscagem { dados: plano.clone() }).await);
    assert_not_found(client.deletar_plano_discagem(&DeletarPlanoDiscagem { dados: plano }).await);
    client.deletar_cliente(&DeletarCliente { cliente_id }).await.unwrap();
    sandbox.stop().await;
}

#[tokio::test]
async fn regioes_are_the_documented_set() {
    let sandbox = common::start(Seed::None).await;
    let client = common::client(&sandbox);
    let page = client.listar_regioes(&ListarRegioes::default()).await.unwrap();
    assert_eq!(page.records.len(), REGIOES.len());
    assert_eq!(page.records[4].nome, "Internacional");
    let one = client.listar_regioes(&ListarRegioes { regiao_id: 3 }).await.unwrap();
    assert_eq!(one.records.len(), 1);
    assert!(client.listar_regioes(&ListarRegioes { regiao_id: 99 }).await.unwrap().records.is_empty());
    sandbox.stop().await;
}

#[tokio::test]
async fn demo_seed_and_call_history() {
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    let clientes = client.list_all(ListarClientes::default(), |_| ()).await.unwrap();
    assert_eq!(clientes.len(), 3);
    let ramais = client.list_all(ListarRamais::default(), |_| ()).await.unwrap();
    assert_eq!(ramais.len(), 60);
    let troncos = client.listar_troncos(&ListarTroncos::default()).await.unwrap().records;
    assert_eq!(troncos.len(), 3);
    // Region 6 is priced by no trunk, region 5 not by Beta: the screens show both gaps.
    assert!(troncos.iter().all(|t| !t.tarifas.is_empty() && t.tarifas.iter().all(|x| x.regiao_id != 6)));
    assert_eq!(troncos.iter().filter(|t| t.tarifas.iter().any(|x| x.regiao_id == 5)).count(), 2);

    let base =
        ListarHistoricoChamada { data_inicial: data_relativa(58), data_final: data_relativa(0), quantidade: 1000, ..Default::default() };
    let calls = client.list_all(base.clone(), |_| ()).await.unwrap();
    assert!(calls.len() > 2000, "{}", calls.len());
    let statuses: std::collections::HashSet<&str> = calls.iter().map(|c| c.status.as_str()).collect();
    for status in ["ATENDIDA", "NAO ATENDIDA", "OCUPADO", "FALHA"] {
        assert!(statuses.contains(status), "{status}");
    }
    assert!(calls.iter().any(|c| c.preco > 0.0));
    assert!(calls.iter().filter(|c| c.status != "ATENDIDA").all(|c| c.preco == 0.0 && c.duracao_chamada == 0));

    // Filters: customer, trunk, status, origin extension, chamada_id.
    let one = &calls[0];
    let by_id =
        client.listar_historico_chamada(&ListarHistoricoChamada { chamada_id: one.chamada_id.clone(), ..base.clone() }).await.unwrap();
    assert_eq!(by_id.records.len(), 1);
    assert_eq!(by_id.records[0], *one);
    let cliente_id = clientes[1].cliente_id;
    let mine = client.list_all(ListarHistoricoChamada { cliente_id, ..base.clone() }, |_| ()).await.unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|c| c.cliente_id == cliente_id));
    let ocupado = client
        .listar_historico_chamada(&ListarHistoricoChamada { status: "ocupado".into(), quantidade: 50, ..base.clone() })
        .await
        .unwrap();
    assert_eq!(ocupado.records.len(), 50);
    assert!(ocupado.records.iter().all(|c| c.status == "OCUPADO" && c.sip_code == "486"));
    let tronco = troncos[0].tronco_id;
    let by_trunk =
        client.listar_historico_chamada(&ListarHistoricoChamada { tronco_id: tronco, quantidade: 20, ..base.clone() }).await.unwrap();
    assert!(by_trunk.records.iter().all(|c| c.recurso == troncos[0].nome));
    let ramal = ramais[0].numero.clone();
    let from_ramal =
        client.listar_historico_chamada(&ListarHistoricoChamada { ramal_origem: ramal.clone(), ..base.clone() }).await.unwrap();
    assert!(from_ramal.records.iter().all(|c| c.origem == ramal));

    // Too wide a window and too large a page are refused.
    let error =
        client.listar_historico_chamada(&ListarHistoricoChamada { data_inicial: data_relativa(100), ..base.clone() }).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    assert!(error.field_errors().iter().any(|f| f.field == "data_final"), "{error}");
    let error = client.listar_historico_chamada(&ListarHistoricoChamada { quantidade: 1001, ..base }).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    sandbox.stop().await;
}
