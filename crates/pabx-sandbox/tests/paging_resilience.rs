//! Paging that survives a bad minute: 10 runs of a 100-page `list_all` (what `pabx ramais list
//! --all` runs) against the sandbox answering 5% of requests with a 500 and dropping 20% of
//! connections. Every run must end with every record exactly once; the retries it took are
//! printed (the figures in the README come from here). Short backoff keeps it quick.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use pabx_api::ramal::ListarRamais;
use pabx_api::{Client, ClientConfig, RetryPolicy};
use pabx_sandbox::{Faults, Seed};

const RUNS: usize = 10;
/// Small pages of one customer's 200 ramais: 100 pages, quick to decode.
const PAGE: i64 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_runs_of_a_hundred_pages_through_500s_and_drops_get_every_record_once() {
    let sandbox = common::start(Seed::Large).await;
    let mut config = ClientConfig::new(sandbox.url(), sandbox.credentials());
    // The default policy's shape (8 tries, exponential with jitter), with millisecond waits.
    config.retry = RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
    };
    let clean = Client::new(config.clone()).expect("client");
    let clientes = clean.listar_clientes(&Default::default()).await.expect("clientes");
    let cliente_id = clientes.records.first().expect("a customer").cliente_id;
    let request = ListarRamais { cliente_id, quantidade: Some(PAGE), ..Default::default() };
    let expected = clean.list_all(request.clone(), |_| {}).await.expect("a clean run").len();
    assert_eq!(expected as i64 / PAGE, 100, "the large seed gives a customer 200 ramais: 100 pages");

    sandbox.set_faults(Faults { error_rate: 0.05, drop_rate: 0.20, latency_ms: 1, ..Faults::default() });
    let mut retries = Vec::new();
    let started = Instant::now();
    for run in 0..RUNS {
        let client = Client::new(config.clone()).expect("client");
        let ramais = client.list_all(request.clone(), |_| {}).await.unwrap_or_else(|e| panic!("run {run}: {e}"));
        let ids: HashSet<i64> = ramais.iter().map(|r| r.ramal_id).collect();
        assert_eq!(ramais.len(), expected, "run {run}: every record");
        assert_eq!(ids.len(), expected, "run {run}: each exactly once");
        retries.push(client.retries());
    }
    let total: u64 = retries.iter().sum();
    eprintln!(
        "paging resilience: {RUNS} runs x {} pages at 5% 500s + 20% drops: all complete, {total} retries \
         (per run {retries:?}, {:.1} per 100 pages), {:.1} s",
        expected as i64 / PAGE,
        total as f64 * 100.0 / (RUNS as f64 * expected as f64 / PAGE as f64),
        started.elapsed().as_secs_f64()
    );
    sandbox.stop().await;
}
