//! Random and mangled bodies (a bounded number of cases): the server never crashes, never
//! answers success to garbage, always answers with a consistent envelope, and keeps serving.

mod common;

use std::sync::OnceLock;

use pabx_api::actions::{body as action_body, Action};
use pabx_api::cliente::InserirCliente;
use pabx_api::ramal::{AlterarRamal, ListarRamais};
use pabx_api::regra_roteamento::{AlterarRegrasRoteamento, RegiaoRoteamento, RegrasRoteamento, Roteamento};
use pabx_api::tronco::InserirTronco;
use pabx_api::{chamada::ListarHistoricoChamada, plano_discagem::DeletarPlanoDiscagem};
use pabx_api::{Cliente, Ramal, Tarifa, Tronco};
use pabx_sandbox::{Sandbox, Seed};
use proptest::prelude::*;
use serde_json::Value;
use tokio::runtime::Runtime;

struct World {
    runtime: Runtime,
    sandbox: Sandbox,
    http: reqwest::Client,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = Runtime::new().unwrap();
        let sandbox = runtime.block_on(common::start(Seed::Demo));
        World { runtime, sandbox, http: reqwest::Client::new() }
    })
}

/// Valid bodies of several shapes, with the right credentials.
fn valid_bodies() -> Vec<(Value, bool)> {
    let credentials = world().sandbox.credentials();
    fn entry<A: Action>(request: &A, credentials: &pabx_api::Credentials) -> (Value, bool) {
        (action_body(request, credentials), A::METHOD == pabx_api::Method::Delete)
    }
    let cliente = Cliente {
        login: "fuzz".into(),
        senha: "segredo123".into(),
        nome: "Fuzz".into(),
        faixa_min: 1,
        faixa_max: 9,
        qtd_ramais_max: 2,
        ..Default::default()
    };
    let ramal = Ramal {
        ramal_id: 1,
        cliente_id: 1,
        nome: "R".into(),
        numero: "2000".into(),
        senha_sip: "SenhaSip#2026".into(),
        ..Default::default()
    };
    let tronco = Tronco {
        cliente_id: 1,
        nome: "T".into(),
        endereco: "10.0.0.1".into(),
        tarifas: vec![Tarifa { regiao_id: 1, tarifa: 0.1, fracionamento: "0/30/6".into(), ..Default::default() }],
        ..Default::default()
    };
    let regras = AlterarRegrasRoteamento {
        plano_discagem_id: 1,
        dados: RegrasRoteamento {
            regioes: vec![RegiaoRoteamento {
                regiao_id: 1,
                roteamentos: vec![Roteamento { prioridade: 1, tronco_id: 1, ..Default::default() }],
                ..Default::default()
            }],
            ..Default::default()
        },
    };
    vec![
        entry(&ListarRamais { cliente_id: 1, ..Default::default() }, &credentials),
        entry(&InserirCliente { dados: cliente }, &credentials),
        entry(&AlterarRamal { dados: ramal }, &credentials),
        entry(&InserirTronco { dados: tronco }, &credentials),
        entry(&regras, &credentials),
        entry(
            &ListarHistoricoChamada { data_inicial: "01/11/2026".into(), data_final: "20/11/2026".into(), ..Default::default() },
            &credentials,
        ),
        entry(&DeletarPlanoDiscagem::default(), &credentials),
    ]
}

/// Sends; returns (status, body). The body must always be the envelope with the same code.
fn send(method: reqwest::Method, bytes: Vec<u8>) -> u16 {
    let w = world();
    w.runtime.block_on(async {
        let response = w.http.request(method, w.sandbox.url()).body(bytes).send().await.expect("server alive and answering");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("always a JSON envelope");
        assert_eq!(body["http_response_code"].as_u64(), Some(u64::from(status)), "{body}");
        assert!(body["mensagem"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
        status
    })
}

fn method(delete: bool) -> reqwest::Method {
    if delete {
        reqwest::Method::DELETE
    } else {
        reqwest::Method::POST
    }
}

/// Every key path of the object (top level, and one level inside `dados`).
fn paths(body: &Value) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    if let Value::Object(map) = body {
        for (key, value) in map {
            if key == "autenticacao" || key == "acao" {
                continue;
            }
            out.push((key.clone(), None));
            if let Value::Object(inner) = value {
                out.extend(inner.keys().map(|k| (key.clone(), Some(k.clone()))));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_succeed(bytes in proptest::collection::vec(any::<u8>(), 0..600), delete in any::<bool>()) {
        let status = send(method(delete), bytes);
        prop_assert!(status >= 400, "{status}");
    }

    #[test]
    fn truncated_bodies_never_succeed(index in 0usize..7, cut in 0.0f64..1.0) {
        let (body, delete) = valid_bodies().swap_remove(index);
        let text = body.to_string();
        let len = ((text.len() as f64) * cut) as usize;
        let status = send(method(delete), text.as_bytes()[..len.min(text.len() - 1)].to_vec());
        prop_assert_eq!(status, 400);
    }

    #[test]
    fn a_field_of_the_wrong_type_never_succeeds(index in 0usize..7, pick in any::<prop::sample::Index>()) {
        let (mut body, delete) = valid_bodies().swap_remove(index);
        let paths = paths(&body);
        prop_assume!(!paths.is_empty());
        let (outer, inner) = pick.get(&paths).clone();
        let garbage = serde_json::json!([[1, "x"]]);
        match inner {
            Some(inner) => body[&outer][&inner] = garbage,
            None => body[&outer] = garbage,
        }
        let status = send(method(delete), body.to_string().into_bytes());
        prop_assert_eq!(status, 400, "{} {}", outer, body);
    }

    #[test]
    fn wrong_method_acao_or_token_never_succeeds(index in 0usize..7, what in 0u8..3, noise in "[a-z_]{0,20}") {
        let (mut body, delete) = valid_bodies().swap_remove(index);
        let mut delete_method = delete;
        match what {
            0 => delete_method = !delete,
            1 => body["acao"] = Value::String(format!("x{noise}")),
            _ => body["autenticacao"]["token"] = Value::String(noise),
        }
        let status = send(method(delete_method), body.to_string().into_bytes());
        prop_assert!(status == 405 || status == 400 || status == 401, "{status}");
    }

    #[test]
    fn flipped_bytes_get_a_consistent_answer(index in 0usize..7, flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let (body, delete) = valid_bodies().swap_remove(index);
        let mut bytes = body.to_string().into_bytes();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        // Any answer is fine as long as it is a consistent envelope (checked in send).
        send(method(delete), bytes);
    }
}

#[test]
fn still_serving_after_the_storm() {
    let body = valid_bodies().swap_remove(0).0;
    assert_eq!(send(reqwest::Method::POST, body.to_string().into_bytes()), 200);
}
