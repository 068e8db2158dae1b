//! Requests per second on loopback for `listar_ramais` and `inserir_ramal`, beside two
//! baselines measured in the same run: a trivial axum handler (the floor of HTTP on this
//! machine) and `listar_regioes` (the sandbox's whole pipeline without SQL). Bounded: each
//! scenario runs for a fixed time with a fixed number of concurrent clients.
//!
//! `cargo bench -p pabx-sandbox --bench throughput` (env `BENCH_SECONDS`, default 2).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::post;
use pabx_sandbox::{Sandbox, SandboxConfig, Seed};
use serde_json::{json, Value};

struct Outcome {
    requests: u64,
    rps: f64,
    p50: Duration,
    p99: Duration,
}

/// Runs `concurrency` loops for `seconds`, each sending the body made by `make_body`.
async fn measure(
    http: &reqwest::Client,
    url: &str,
    concurrency: usize,
    seconds: f64,
    make_body: Arc<dyn Fn() -> Vec<u8> + Send + Sync>,
) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (http, url, make_body) = (http.clone(), url.to_owned(), make_body.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let response = http.post(&url).header("content-type", "application/json").body(make_body()).send().await;
                let ok = match response {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                assert!(ok, "request failed during the benchmark");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("bench task"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
    Outcome { requests: latencies.len() as u64, rps: latencies.len() as f64 / elapsed, p50: at(0.5), p99: at(0.99) }
}

fn body(sandbox: &Sandbox, acao: &str, fields: Value) -> Value {
    let c = sandbox.credentials();
    let mut body = json!({"autenticacao": {"usuario": c.usuario, "token": c.token.expose()}, "acao": acao});
    if let (Some(map), Value::Object(fields)) = (body.as_object_mut(), fields) {
        map.extend(fields);
    }
    body
}

fn main() {
    let seconds: f64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(2.0).clamp(0.2, 30.0);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async move {
        // Baseline: the smallest axum handler answering a small JSON.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let trivial_url = format!("http://{}/", listener.local_addr().unwrap());
        let trivial = axum::Router::new().route(
            "/",
            post(|| async { ([("content-type", "application/json")], r#"{"http_response_code":200,"mensagem":"ok","dados":[]}"#) }),
        );
        let server = tokio::spawn(async move { axum::serve(listener, trivial).await });

        let started = Instant::now();
        let sandbox = Sandbox::start(SandboxConfig { seed: Seed::Demo, ..SandboxConfig::in_memory() }).await.unwrap();
        println!("demo seed: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
        let http = reqwest::Client::new();

        // A customer with room for every ramal the insert benchmark may create.
        let cliente = body(
            &sandbox,
            "inserir_cliente",
            json!({"dados": {"login": "bench", "senha": "segredo123", "nome": "Bench", "faixa_min": 1_000_000, "faixa_max": 9_999_999, "qtd_ramais_max": 9_000_000}}),
        );
        let answer: Value = http.post(sandbox.url()).json(&cliente).send().await.unwrap().json().await.unwrap();
        let cliente_id = answer["dados"]["cliente_id"].as_i64().expect("bench customer");

        let regioes = body(&sandbox, "listar_regioes", json!({})).to_string().into_bytes();
        let ramais = body(&sandbox, "listar_ramais", json!({"cliente_id": 1})).to_string().into_bytes();
        let ramais_all = body(&sandbox, "listar_ramais", json!({"quantidade": 60})).to_string().into_bytes();
        let counter = Arc::new(AtomicU64::new(1_000_000));
        let template = body(
            &sandbox,
            "inserir_ramal",
            json!({"dados": {"cliente_id": cliente_id, "nome": "Bench", "numero": "0", "senha_sip": "SenhaSip#2026"}}),
        );
        let inserir: Arc<dyn Fn() -> Vec<u8> + Send + Sync> = Arc::new(move || {
            let mut b = template.clone();
            b["dados"]["numero"] = json!(counter.fetch_add(1, Ordering::Relaxed).to_string());
            b.to_string().into_bytes()
        });
        let fixed = |bytes: Vec<u8>| -> Arc<dyn Fn() -> Vec<u8> + Send + Sync> { Arc::new(move || bytes.clone()) };

        println!("{:<52} {:>4} {:>9} {:>10} {:>9} {:>9} {:>8}", "scenario", "conc", "requests", "req/s", "p50", "p99", "ratio");
        for concurrency in [1, 4] {
            let base = measure(&http, &trivial_url, concurrency, seconds, fixed(b"{}".to_vec())).await;
            let rows = [
                ("baseline: trivial axum handler", base),
                ("baseline: listar_regioes (no SQL)", measure(&http, &sandbox.url(), concurrency, seconds, fixed(regioes.clone())).await),
                ("listar_ramais (cliente 1: 25 records)", measure(&http, &sandbox.url(), concurrency, seconds, fixed(ramais.clone())).await),
                ("listar_ramais (page of 60, all customers)", measure(&http, &sandbox.url(), concurrency, seconds, fixed(ramais_all.clone())).await),
                ("inserir_ramal", measure(&http, &sandbox.url(), concurrency, seconds, inserir.clone()).await),
            ];
            let floor = rows[0].1.rps;
            for (name, o) in rows {
                println!(
                    "{name:<52} {concurrency:>4} {:>9} {:>10.0} {:>7.2}ms {:>7.2}ms {:>7.2}x",
                    o.requests,
                    o.rps,
                    o.p50.as_secs_f64() * 1000.0,
                    o.p99.as_secs_f64() * 1000.0,
                    o.rps / floor
                );
            }
        }
        sandbox.stop().await;
        server.abort();

        let started = Instant::now();
        let large = Sandbox::start(SandboxConfig { seed: Seed::Large, ..SandboxConfig::in_memory() }).await.unwrap();
        println!("large seed (10,000 ramais, 100,000 calls): {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
        let history = body(&large, "listar_historico_chamada", json!({"data_inicial": pabx_sandbox::data_relativa(59), "data_final": pabx_sandbox::data_relativa(0), "quantidade": 100}));
        let ramais_large = body(&large, "listar_ramais", json!({"cliente_id": 25, "pos_registro_inicial": 100})).to_string().into_bytes();
        for (name, bytes) in [
            ("large: listar_ramais (cliente 25, 2nd page of 100)", ramais_large),
            ("large: listar_historico_chamada (page of 100)", history.to_string().into_bytes()),
        ] {
            let o = measure(&http, &large.url(), 4, seconds, fixed(bytes)).await;
            println!("{name:<52} {:>4} {:>9} {:>10.0} {:>7.2}ms {:>7.2}ms", 4, o.requests, o.rps, o.p50.as_secs_f64() * 1000.0, o.p99.as_secs_f64() * 1000.0);
        }
        large.stop().await;
    });
}
