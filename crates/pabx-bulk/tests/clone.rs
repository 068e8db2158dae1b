//! Cloning a customer's setup against the sandbox: plans, rules, trunks with tariffs and ramais
//! renumbered into the new faixa; no DIDs, no copied passwords.

use std::sync::atomic::AtomicBool;

use pabx_api::cliente::InserirCliente;
use pabx_api::did::InserirDid;
use pabx_api::plano_discagem::{InserirPlanoDiscagem, ListarPlanosDiscagem};
use pabx_api::ramal::{InserirRamal, ListarRamais};
use pabx_api::regra_roteamento::{AlterarRegrasRoteamento, ListarRegrasRoteamento, RegiaoRoteamento, RegrasRoteamento, Roteamento};
use pabx_api::tronco::{InserirTronco, ListarTroncos};
use pabx_api::{Client, Did, PlanoDiscagem, Ramal, Tarifa, Tronco};
use pabx_bulk::clone::{apply_clone, plan_clone};
use pabx_sandbox::Sandbox;

mod common;

use common::cliente;

async fn setup() -> (Sandbox, Client, i64) {
    let (sandbox, client) = common::start().await;
    let id = |o: pabx_api::WriteOutcome, key: &str| o.id(key).unwrap();
    let origem = id(client.inserir_cliente(&InserirCliente { dados: cliente("origem", 200, 299, 10) }).await.unwrap(), "cliente_id");
    let plano = id(
        client
            .inserir_plano_discagem(&InserirPlanoDiscagem {
                dados: PlanoDiscagem { cliente_id: origem, nome: "Padrão".into(), ..Default::default() },
            })
            .await
            .unwrap(),
        "plano_discagem_id",
    );
    let tronco = Tronco {
        cliente_id: origem,
        nome: "Operadora".into(),
        endereco: "sip.operadora.com.br".into(),
        autentica_user_pass: 1,
        usuario: "conta1".into(),
        senha: "SenhaDoTronco1".into(),
        tarifas: vec![Tarifa { regiao_id: 1, tarifa: 0.05, fracionamento: "0/30/6".into(), ..Default::default() }],
        ..Default::default()
    };
    let tronco = id(client.inserir_tronco(&InserirTronco { dados: tronco }).await.unwrap(), "tronco_id");
    let regras = RegrasRoteamento {
        regioes: vec![RegiaoRoteamento {
            regiao_id: 1,
            roteamentos: vec![Roteamento { prioridade: 1, tronco_id: tronco, ..Default::default() }],
            ..Default::default()
        }],
        ..Default::default()
    };
    client.alterar_regras_roteamento(&AlterarRegrasRoteamento { plano_discagem_id: plano, dados: regras }).await.unwrap();
    for n in [200, 201, 210] {
        let dados = Ramal {
            cliente_id: origem,
            numero: n.to_string(),
            nome: format!("Ramal {n}"),
            senha_sip: format!("Origem!{n}x"),
            plano_discagem_id: plano,
            ..Default::default()
        };
        client.inserir_ramal(&InserirRamal { dados }).await.unwrap();
    }
    let did = Did { cliente_id: origem, numero: "551130000001".into(), ..Default::default() };
    client.inserir_did(&InserirDid::new(did)).await.unwrap();
    (sandbox, client, origem)
}

#[tokio::test]
async fn clones_plans_rules_trunks_and_renumbered_ramais_without_dids_or_passwords() {
    let (_sandbox, client, origem) = setup().await;
    let dry = plan_clone(&client, origem, cliente("copia", 500, 599, 10)).await.unwrap();
    assert!(dry.report.issues.is_empty(), "{:?}", dry.report.issues);
    assert_eq!((dry.report.planos, dry.report.troncos, dry.report.regras, dry.report.ramais), (1, 1, 1, 3));
    assert_eq!(dry.report.warnings.len(), 1, "the trunk's authentication is named");

    let dir = tempfile::tempdir().unwrap();
    let senhas = dir.path().join("senhas.csv");
    let report = apply_clone(&client, dry, &senhas, 4, &AtomicBool::new(false), &|_| {}).await.unwrap();
    assert!(report.falhas.is_empty(), "{:?}", report.falhas);
    let novo = report.cliente_id;
    assert!(novo > 0 && report.ramais_criados == 3);

    let ramais = client.list_all(ListarRamais { cliente_id: novo, ..Default::default() }, |_| {}).await.unwrap();
    let mut numeros: Vec<String> = ramais.iter().map(|r| r.numero.clone()).collect();
    numeros.sort();
    assert_eq!(numeros, ["500", "501", "510"]);
    let planos = client.list_all(ListarPlanosDiscagem { cliente_id: novo, ..Default::default() }, |_| {}).await.unwrap();
    assert_eq!(planos.len(), 1);
    assert!(ramais.iter().all(|r| r.plano_discagem_id == planos[0].plano_discagem_id), "ramais point at the copied plan");
    let texto = std::fs::read_to_string(&senhas).unwrap();
    for r in &ramais {
        assert!(!r.senha_sip.starts_with("Origem!"), "no password copied");
        assert!(texto.contains(&r.senha_sip));
    }
    let troncos = client.list_all(ListarTroncos { cliente_id: novo, ..Default::default() }, |_| {}).await.unwrap();
    assert_eq!(troncos.len(), 1);
    assert!(troncos[0].senha.is_empty());
    assert_eq!(troncos[0].tarifas.len(), 1);
    assert_eq!(troncos[0].tarifas[0].fracionamento, "0/30/6");
    let regras =
        client.list(&ListarRegrasRoteamento { plano_discagem_id: planos[0].plano_discagem_id, ..Default::default() }).await.unwrap();
    assert_eq!(regras.records.len(), 1);
    assert_eq!(regras.records[0].tronco_id, troncos[0].tronco_id);
    let dids = client.list(&pabx_api::did::ListarDids { cliente_id: novo }).await.unwrap();
    assert!(dids.records.is_empty(), "no DIDs");
}

#[tokio::test]
async fn a_clone_that_does_not_fit_is_refused_before_sending() {
    let (_sandbox, client, origem) = setup().await;
    let dry = plan_clone(&client, origem, cliente("origem", 500, 505, 2)).await.unwrap();
    let fields: Vec<&str> = dry.report.issues.iter().map(|i| i.field.as_str()).collect();
    assert!(fields.contains(&"cliente.login"), "{fields:?}");
    assert!(fields.contains(&"cliente.qtd_ramais_max"), "{fields:?}");
    assert!(fields.contains(&"ramal 210"), "{fields:?}");
    let dir = tempfile::tempdir().unwrap();
    let report = apply_clone(&client, dry, &dir.path().join("s.csv"), 4, &AtomicBool::new(false), &|_| {}).await.unwrap();
    assert_eq!(report.cliente_id, 0);
    assert!(!dir.path().join("s.csv").exists());
}

#[tokio::test]
async fn a_trunks_tariff_table_imports_with_a_dry_run_and_exports_back_unchanged() {
    use pabx_bulk::csv_io::{read_table, Dialect};
    use pabx_bulk::plan::RowAction;
    use pabx_bulk::tarifas::{apply_tarifas, export_tarifas, plan_tarifas};
    let (_sandbox, client, origem) = setup().await;
    let tronco = client.list_all(ListarTroncos { cliente_id: origem, ..Default::default() }, |_| {}).await.unwrap()[0].tronco_id;
    // Windows-1252, region names with accents, decimal comma; a bad row and a repeated region.
    let file = "Região;Tarifa;Fracionamento\r\nLocal fixo;0,0450;30/30/6\r\nLocal móvel;0,35;0/30/6\r\nLua;0,1;0/30/6\r\n3;0,36;0/30/6\r\nLonga distância fixo;abc;0/30/6\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(file);
    let table = read_table(&bytes).unwrap();
    let plan = plan_tarifas(&client, origem, tronco, &table).await.unwrap();
    let actions: Vec<(u32, RowAction)> = plan.report.rows.iter().map(|r| (r.line, r.action)).collect();
    assert_eq!(
        actions,
        [(2, RowAction::Update), (3, RowAction::Insert), (4, RowAction::Invalid), (5, RowAction::Invalid), (6, RowAction::Invalid)],
        "{:#?}",
        plan.report.rows
    );
    assert!(plan.report.rows[3].issues[0].message.contains("linha 3"));
    assert_eq!(plan.report.rows[4].issues[0].field, "tarifa");
    apply_tarifas(&client, &plan).await.unwrap().unwrap();
    let now = client.list_all(ListarTroncos { cliente_id: origem, ..Default::default() }, |_| {}).await.unwrap();
    let tarifas = &now[0].tarifas;
    assert_eq!(tarifas.len(), 2);
    assert_eq!((tarifas[0].tarifa, tarifas[0].fracionamento.as_str()), (0.045, "30/30/6"));
    assert_eq!((tarifas[1].regiao_id, tarifas[1].tarifa), (3, 0.35));

    for dialect in [Dialect::ExcelBr, Dialect::Rfc4180] {
        let mut out = Vec::new();
        assert_eq!(export_tarifas(&client, origem, tronco, &mut out, dialect).await.unwrap(), 2);
        let again = plan_tarifas(&client, origem, tronco, &read_table(&out).unwrap()).await.unwrap();
        assert!(again.report.rows.iter().all(|r| r.action == RowAction::Unchanged), "{dialect:?}: {:#?}", again.report.rows);
        assert!(again.tronco.is_none(), "nothing to send");
    }
}
