//! The demo seed's call history over its whole retention window, fetched through
//! `pabx_api::historico` (windows of under two months, bounded concurrency), priced against
//! the trunks' tariffs, totalled, and its recordings served.

mod common;

use std::collections::HashSet;

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::historico::{self, Acumulador, Opcoes, Tarifario};
use pabx_api::regiao::ListarRegioes;
use pabx_api::tronco::ListarTroncos;
use pabx_api::{Chamada, Client};
use pabx_sandbox::{data_relativa, Seed, RETENCAO_DIAS};

fn retencao() -> ListarHistoricoChamada {
    ListarHistoricoChamada { data_inicial: data_relativa(RETENCAO_DIAS), data_final: data_relativa(0), ..Default::default() }
}

async fn todas(client: &Client, filtro: &ListarHistoricoChamada, opcoes: Opcoes) -> Vec<Chamada> {
    let mut busca = historico::buscar(client, filtro, opcoes).expect("valid filter");
    let mut calls = Vec::new();
    while let Some(page) = busca.proxima().await.expect("page") {
        calls.extend(page);
    }
    let progresso = busca.progresso();
    assert_eq!(progresso.janelas_concluidas, progresso.janelas);
    assert_eq!(progresso.total, Some(u32::try_from(calls.len()).unwrap()));
    calls
}

/// `dd/mm/yyyy HH:MM:SS` as a sortable `yyyymmddHHMMSS`.
fn instante(data: &str) -> String {
    format!("{}{}{}{}", &data[6..10], &data[3..5], &data[0..2], &data[11..].replace(':', ""))
}

#[tokio::test]
async fn the_whole_retention_window_in_windows_priced_and_totalled() {
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    let filtro = retencao();
    assert!(historico::janelas(&filtro).unwrap().len() >= 3, "six months are several windows");

    let calls = todas(&client, &filtro, Opcoes::default()).await;
    assert_eq!(calls.len(), 9000, "every seeded call, none twice");
    assert_eq!(calls.iter().map(|c| c.cdr_id).collect::<HashSet<_>>().len(), 9000);
    // Newest first across windows, as the server orders one window.
    assert!(calls.windows(2).all(|w| instante(&w[0].data) >= instante(&w[1].data)));
    // The same with one window at a time.
    let serial = todas(&client, &filtro, Opcoes { concorrencia: 1, paginas_adiantadas: 1 }).await;
    assert_eq!(serial, calls);

    // Varied enough: every status, three trunks, six regions and incoming calls, recordings,
    // calls in the oldest month of the retention window.
    let statuses: HashSet<&str> = calls.iter().map(|c| c.status.as_str()).collect();
    assert_eq!(statuses, HashSet::from(["ATENDIDA", "NAO ATENDIDA", "OCUPADO", "FALHA"]));
    let regioes: HashSet<i64> = calls.iter().map(|c| c.regiao_id).collect();
    assert_eq!(regioes, (0..=6).collect());
    let troncos = client.listar_troncos(&ListarTroncos::default()).await.unwrap().records;
    let recursos: HashSet<&str> = calls.iter().filter(|c| c.regiao_id > 0).map(|c| c.recurso.as_str()).collect();
    assert_eq!(recursos, troncos.iter().map(|t| t.nome.as_str()).collect::<HashSet<_>>());
    assert_eq!(troncos.len(), 3);
    let antigas = ListarHistoricoChamada { data_final: data_relativa(RETENCAO_DIAS - 30), ..filtro.clone() };
    assert!(todas(&client, &antigas, Opcoes::default()).await.len() > 500);

    // The cost check finds the few calls billed off their tariff, and only those.
    let tarifario = Tarifario::new(&troncos);
    let regioes = client.listar_regioes(&ListarRegioes::default()).await.unwrap().records;
    let mut acumulador = Acumulador::new(&regioes);
    for call in &calls {
        acumulador.adicionar(&tarifario.conferida(call.clone(), 0));
    }
    let resumo = acumulador.resumo();
    let t = &resumo.totais;
    assert_eq!(t.chamadas, 9000);
    assert_eq!(t.atendidas + t.nao_atendidas + t.falhas, 9000);
    assert!(t.conferidas > 4000, "outgoing calls are checked: {t:?}");
    assert!((10..=100).contains(&t.divergentes), "a few divergent calls: {t:?}");
    assert!(t.diferenca_divergentes > 0.0);
    let preco: f64 = calls.iter().map(|c| c.preco).sum();
    assert!((t.custo_total - preco).abs() < 0.001);
    assert_eq!(resumo.por_regiao.len(), 7);
    assert_eq!(resumo.por_tronco.iter().map(|g| g.totais.chamadas).sum::<u32>(), 9000);
    assert!(resumo.por_dia.len() > 150, "{}", resumo.por_dia.len());

    // Recordings: absolute links to this server, served without credentials.
    let gravadas: Vec<&Chamada> = calls.iter().filter(|c| !c.link_gravacao.is_empty()).collect();
    assert!(gravadas.len() > 1000 && gravadas.iter().all(|c| c.status == "ATENDIDA"));
    let base = sandbox.url().replace("/pabx/api.php", "/gravacoes/");
    let link = &gravadas[0].link_gravacao;
    assert!(link.starts_with(&base), "{link}");
    let http = reqwest::Client::new();
    let response = http.get(link).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "audio/wav");
    assert_eq!(&response.bytes().await.unwrap()[..4], b"RIFF");
    assert_eq!(http.get(format!("{base}nao-existe.wav")).send().await.unwrap().status(), 404);
    sandbox.stop().await;
}

#[tokio::test]
async fn dropping_a_fetch_stops_it_and_bad_filters_send_nothing() {
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    let filtro = ListarHistoricoChamada { quantidade: 100, ..retencao() };
    let mut busca = historico::buscar(&client, &filtro, Opcoes::default()).unwrap();
    let first = busca.proxima().await.unwrap().unwrap();
    assert!((1..=100).contains(&first.len()), "{}", first.len());
    busca.cancelar();
    assert_eq!(busca.proxima().await.unwrap(), None);
    drop(busca);

    let invalid = ListarHistoricoChamada { data_final: "31/02/2026".into(), ..filtro };
    let Err(error) = historico::buscar(&client, &invalid, Opcoes::default()) else { panic!("invalid date accepted") };
    assert_eq!(error.field_errors()[0].field, "data_final");
    sandbox.stop().await;
}
