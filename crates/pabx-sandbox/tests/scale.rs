//! Paging across the large seed with `list_all`, and a file database across restarts.

mod common;

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::{InserirCliente, ListarClientes};
use pabx_api::ramal::ListarRamais;
use pabx_api::Cliente;
use pabx_sandbox::{Sandbox, SandboxConfig, Seed};

#[tokio::test]
async fn list_all_pages_through_ten_thousand_ramais() {
    let started = std::time::Instant::now();
    let sandbox = common::start(Seed::Large).await;
    let seeded_in = started.elapsed();
    let client = common::client(&sandbox);
    let mut pages = 0;
    let ramais = client.list_all(ListarRamais::default(), |_| pages += 1).await.unwrap();
    assert_eq!(ramais.len(), 10_000);
    assert_eq!(pages, 10, "list_all asks for the largest page, 1000");
    let mut ids: Vec<i64> = ramais.iter().map(|r| r.ramal_id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 10_000, "ordered by id, no repeats");

    // An explicit page size, and the last partial page.
    let page =
        client.listar_ramais(&ListarRamais { pos_registro_inicial: 9_990, quantidade: Some(1000), ..Default::default() }).await.unwrap();
    assert_eq!((page.records.len(), page.total), (10, Some(10_000)));
    let mut pages = 0;
    let smaller = client.list_all(ListarRamais { quantidade: Some(250), ..Default::default() }, |_| pages += 1).await.unwrap();
    assert_eq!((smaller.len(), pages), (10_000, 40), "the caller's page size is kept");
    assert!(smaller.iter().map(|r| r.ramal_id).eq(ramais.iter().map(|r| r.ramal_id)), "same records, same order");

    let clientes = client.list_all(ListarClientes::default(), |_| ()).await.unwrap();
    assert_eq!(clientes.len(), 50);
    let calls: i64 = {
        let request = ListarHistoricoChamada { data_inicial: "01/01/2000".into(), data_final: "01/01/2000".into(), ..Default::default() };
        client.listar_historico_chamada(&request).await.unwrap().records.len() as i64
    };
    assert_eq!(calls, 0);
    eprintln!("large seed in {seeded_in:?} (debug build)");
    sandbox.stop().await;
}

#[tokio::test]
async fn grande_is_one_customer_with_ten_thousand_ramais_listed_four_pages_at_a_time() {
    let sandbox = common::start(Seed::Grande).await;
    let client = common::client(&sandbox);
    let clientes = client.list_all(ListarClientes::default(), |_| ()).await.unwrap();
    assert_eq!(clientes.len(), 1);
    let mut progress = Vec::new();
    let request = ListarRamais { cliente_id: clientes[0].cliente_id, ..Default::default() };
    let ramais = client.list_all(request, |p| progress.push(p.loaded)).await.unwrap();
    assert_eq!(progress, (1..=10).map(|p| p * 1000).collect::<Vec<u32>>(), "ten pages of 1000, in order");
    let numeros: Vec<i64> = ramais.iter().map(|r| r.numero.parse().unwrap()).collect();
    assert_eq!(numeros, (1000..11_000).collect::<Vec<i64>>(), "every ramal once, in order");
}

#[tokio::test]
async fn file_database_keeps_data_and_is_seeded_once() {
    let path = common::temp_db("persist");
    let mut config = SandboxConfig::with_file(&path);
    config.token = Some("token-fixo-de-teste".into());
    let first = Sandbox::start(config.clone()).await.unwrap();
    let client = common::client(&first);
    assert_eq!(client.list_all(ListarClientes::default(), |_| ()).await.unwrap().len(), 3);
    let novo = Cliente {
        login: "persistente".into(),
        senha: "segredo123".into(),
        nome: "Persistente".into(),
        faixa_min: 500,
        faixa_max: 599,
        qtd_ramais_max: 10,
        ..Default::default()
    };
    client.inserir_cliente(&InserirCliente { dados: novo }).await.unwrap();
    first.stop().await;

    // Restart on the same file: the new record is there and the seed did not run again.
    let second = Sandbox::start(config.clone()).await.unwrap();
    let client = common::client(&second);
    let clientes = client.list_all(ListarClientes::default(), |_| ()).await.unwrap();
    assert_eq!(clientes.len(), 4);
    assert!(clientes.iter().any(|c| c.login == "persistente"));
    drop(second); // stopping by drop must not panic and must free the file

    let third = Sandbox::start(config).await.unwrap();
    let client = common::client(&third);
    assert_eq!(client.list_all(ListarClientes::default(), |_| ()).await.unwrap().len(), 4);
    third.stop().await;
    common::remove_db(&path);
}

#[tokio::test]
async fn unusable_file_is_a_clear_error() {
    let config = SandboxConfig::with_file("/nonexistent-dir/sub/sandbox.db");
    let error = Sandbox::start(config).await.unwrap_err();
    assert!(error.to_string().contains("banco do sandbox"), "{error}");
}

#[tokio::test]
async fn a_port_in_use_is_a_clear_error() {
    let first = common::start(Seed::None).await;
    let mut config = SandboxConfig::in_memory();
    config.seed = Seed::None;
    config.bind = first.addr();
    let error = Sandbox::start(config).await.unwrap_err();
    assert!(error.to_string().contains("outra porta"), "{error}");
    first.stop().await;
}

#[tokio::test]
async fn what_blocks_a_customers_delete_is_counted_as_the_lists_hold_it() {
    use pabx_api::did::ListarDids;
    use pabx_api::plano_discagem::ListarPlanosDiscagem;
    use pabx_api::tronco::ListarTroncos;
    let sandbox = common::start(Seed::Demo).await;
    let client = common::client(&sandbox);
    let clientes = client.list_all(ListarClientes::default(), |_| ()).await.unwrap();
    let mut with_everything = 0;
    for c in &clientes {
        let id = c.cliente_id;
        let counted = client.dependentes_cliente(id).await.unwrap();
        let len = |n: usize| u32::try_from(n).unwrap();
        let ramais = client.list_all(ListarRamais { cliente_id: id, ..Default::default() }, |_| ()).await.unwrap();
        let dids = client.list_all(ListarDids { cliente_id: id }, |_| ()).await.unwrap();
        let troncos = client.list_all(ListarTroncos { cliente_id: id, tronco_id: 0 }, |_| ()).await.unwrap();
        let planos = client.list_all(ListarPlanosDiscagem { cliente_id: id, ..Default::default() }, |_| ()).await.unwrap();
        assert_eq!(counted.ramais, len(ramais.len()), "ramais of {id}");
        assert_eq!(counted.dids, len(dids.len()), "DIDs of {id}");
        assert_eq!(counted.troncos, len(troncos.len()), "troncos of {id}");
        assert_eq!(counted.planos_discagem, len(planos.len()), "planos of {id}");
        if counted.ramais > 0 && counted.dids > 0 && counted.planos_discagem > 0 {
            with_everything += 1;
        }
    }
    assert!(with_everything > 0, "the demo seed has a customer with ramais, DIDs and plans");

    // A new customer has nothing yet.
    let id =
        client.inserir_cliente(&InserirCliente { dados: common::novo_cliente("dependentes") }).await.unwrap().id("cliente_id").unwrap();
    assert!(client.dependentes_cliente(id).await.unwrap().nenhum());
    sandbox.stop().await;
}
