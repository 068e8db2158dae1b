//! Shared by the integration tests and the benchmark: an empty sandbox with its client, and a
//! valid customer with a given faixa.

#![allow(dead_code)]

use pabx_api::cliente::InserirCliente;
use pabx_api::{Client, ClientConfig, Cliente};
use pabx_sandbox::{Sandbox, SandboxConfig, Seed};

pub async fn start() -> (Sandbox, Client) {
    let mut config = SandboxConfig::in_memory();
    config.seed = Seed::None;
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let client = Client::new(ClientConfig::new(sandbox.url(), sandbox.credentials())).expect("client");
    (sandbox, client)
}

pub fn cliente(login: &str, faixa_min: i64, faixa_max: i64, qtd: i64) -> Cliente {
    Cliente {
        login: login.into(),
        senha: "segredo123".into(),
        nome: format!("Empresa {login}"),
        email_cliente: format!("ti@{login}.com.br"),
        qtd_ramais_max: qtd,
        faixa_min,
        faixa_max,
        cnpj: "11.222.333/0001-81".into(),
        cep: "01310-200".into(),
        estado: "SP".into(),
        cidade: "São Paulo".into(),
        ..Default::default()
    }
}

pub async fn new_cliente(client: &Client, login: &str, faixa_min: i64, faixa_max: i64, qtd: i64) -> i64 {
    let outcome = client.inserir_cliente(&InserirCliente { dados: cliente(login, faixa_min, faixa_max, qtd) }).await.expect("cliente");
    outcome.id("cliente_id").expect("id")
}
