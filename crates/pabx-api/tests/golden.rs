//! Golden bodies: each action's request, built with the typed structs, sent through a real
//! `Client` to a server on 127.0.0.1, must equal (as JSON values) the body written by hand
//! from the vendor's documentation in `tests/golden/<acao>.json`, page-break errors mended.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::fixtures::{cliente, did, plano, ramal, regras, tronco};
use common::Server;
use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::{AlterarCliente, DeletarCliente, InserirCliente, ListarClientes};
use pabx_api::did::{AlterarDid, DeletarDid, InserirDid, ListarDids};
use pabx_api::plano_discagem::{AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem, ListarPlanosDiscagem};
use pabx_api::ramal::{AlterarRamal, DeletarRamal, InserirRamal, ListarRamais};
use pabx_api::regiao::ListarRegioes;
use pabx_api::regra_roteamento::{AlterarRegrasRoteamento, ListarRegrasRoteamento};
use pabx_api::tronco::{AlterarTronco, DeletarTronco, InserirTronco, ListarTroncos};
use pabx_api::ACTIONS;
use serde_json::Value;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Paths where two JSON values differ, for a readable failure.
fn differences(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                match a.get(key) {
                    Some(other) => differences(&format!("{path}.{key}"), value, other, out),
                    None => out.push(format!("{path}.{key}: missing")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}.{key}: unexpected"));
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (index, (x, y)) in e.iter().zip(a).enumerate() {
                differences(&format!("{path}[{index}]"), x, y, out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, sent {actual}")),
        _ => {}
    }
}

/// Compares the one request the server got with `tests/golden/<acao>.json`.
fn assert_golden(acao: &str, server: &Server) {
    let file = golden_dir().join(format!("{acao}.json"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let golden: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    // A ramal's write first looks up its cliente and count (the validation contract's context).
    let requests: Vec<_> = server.requests().into_iter().filter(|r| r.acao() == acao).collect();
    assert_eq!(requests.len(), 1, "{acao}: one request expected");
    let request = &requests[0];
    assert_eq!(request.path, "/pabx/api.php", "{acao}");
    assert_eq!(Some(request.method.as_str()), golden["method"].as_str(), "{acao}: HTTP method");
    assert_eq!(request.header("content-type"), Some("application/json"), "{acao}");
    let mut diffs = Vec::new();
    differences("body", &golden["body"], &request.body, &mut diffs);
    assert!(diffs.is_empty(), "{acao} differs from its golden body:\n{}", diffs.join("\n"));
    assert_eq!(request.body, golden["body"], "{acao}");
}

/// One test per action, and the list of actions covered.
macro_rules! golden_tests {
    ($( $acao:ident => $request:expr; )*) => {
        $(
            #[tokio::test]
            async fn $acao() {
                let server = Server::start(|request, _| common::context_or_ok(request, stringify!($acao))).await;
                let request = $request;
                server.client().$acao(&request).await.expect(stringify!($acao));
                assert_golden(stringify!($acao), &server);
            }
        )*

        const COVERED: &[&str] = &[$( stringify!($acao) ),*];
    };
}

golden_tests! {
    inserir_cliente => InserirCliente { dados: cliente(0) };
    alterar_cliente => AlterarCliente { dados: cliente(1042) };
    listar_clientes => ListarClientes { cliente_id: 1042, nome: "Acme".into(), pos_registro_inicial: 100, ..Default::default() };
    deletar_cliente => DeletarCliente { cliente_id: 1042 };

    inserir_did => InserirDid::new(did(0));
    alterar_did => AlterarDid::new(did(310));
    listar_dids => ListarDids { cliente_id: 1042 };
    deletar_did => DeletarDid { did_id: 310, cliente_id: 1042 };

    inserir_tronco => InserirTronco { dados: tronco(0) };
    alterar_tronco => AlterarTronco { dados: tronco(12) };
    listar_troncos => ListarTroncos { tronco_id: 12, cliente_id: 1042 };
    deletar_tronco => DeletarTronco { tronco_id: 12, cliente_id: 1042 };

    inserir_ramal => InserirRamal { dados: ramal(0) };
    alterar_ramal => AlterarRamal { dados: ramal(5501) };
    listar_ramais => ListarRamais { cliente_id: 1042, nome: "Recep".into(), pos_registro_inicial: 200, ..Default::default() };
    deletar_ramal => DeletarRamal { cliente_id: 1042, ramal_id: 5501 };

    listar_regioes => ListarRegioes { regiao_id: 3 };

    inserir_plano_discagem => InserirPlanoDiscagem { dados: plano(0) };
    alterar_plano_discagem => AlterarPlanoDiscagem { dados: plano(7) };
    listar_planos_discagem => ListarPlanosDiscagem { plano_discagem_id: 7, cliente_id: 1042, ..Default::default() };
    deletar_plano_discagem => DeletarPlanoDiscagem { dados: plano(7) };

    listar_regras_roteamento => ListarRegrasRoteamento { plano_discagem_id: 7, regiao_id: 1, tronco_id: 12, prioridade: 1 };
    alterar_regras_roteamento => AlterarRegrasRoteamento { plano_discagem_id: 7, dados: regras() };

    listar_historico_chamada => ListarHistoricoChamada {
        cliente_id: 1042,
        tronco_id: 12,
        data_inicial: "01/10/2026".into(),
        data_final: "30/11/2026".into(),
        hora_inicial: "08:00".into(),
        hora_final: "18:00".into(),
        ramal_origem: "2001".into(),
        numero_destino: "11987654321".into(),
        tipo_exibicao: "tela".into(),
        quantidade: 1000,
        ..Default::default()
    };
}

#[test]
fn every_action_has_a_golden_file_and_a_test() {
    let files: BTreeSet<String> = std::fs::read_dir(golden_dir())
        .expect("tests/golden")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
        .collect();
    let actions: BTreeSet<String> = ACTIONS.iter().map(|a| a.acao.to_owned()).collect();
    let covered: BTreeSet<String> = COVERED.iter().map(|a| (*a).to_owned()).collect();
    assert_eq!(actions.len(), 24);
    assert_eq!(files, actions, "tests/golden must hold exactly one file per action");
    assert_eq!(covered, actions, "every action needs a golden test");
}

#[test]
fn golden_methods_match_the_actions_table() {
    for action in ACTIONS {
        let file = golden_dir().join(format!("{}.json", action.acao));
        let golden: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("golden file")).expect("JSON");
        assert_eq!(golden["method"].as_str(), Some(action.method.as_str()), "{}", action.acao);
        assert_eq!(golden["body"]["acao"].as_str(), Some(action.acao), "{}", action.acao);
        // The documentation: DELETE for exactly the deletar_* actions.
        assert_eq!(action.acao.starts_with("deletar_"), action.method.as_str() == "DELETE", "{}", action.acao);
    }
}
