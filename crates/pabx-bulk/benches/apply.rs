//! `cargo bench -p pabx-bulk`: the import's apply against the sandbox on loopback, as a ratio to a
//! plain concurrent insert loop at the same concurrency in the same run (what the sandbox sustains),
//! and the local part of a 10,000-row dry run (read, map, Excel checks, validation, plan).
//! The sequential `pabx ramais insert` loop is in scripts/bench-bulk.sh (it needs the binary).
//!
//! Fairness: both sides use the same Client and sandbox, the same concurrency, and send the same
//! records (the baseline sends what the import's plan builds from the same file, planned before
//! its clock starts); each round gives both a fresh customer, and which goes first alternates.
//! The import side is `session::apply_file`, as the CLI and the app run it: read the file, plan
//! again against the live state, open the journal, write, settle the journal.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pabx_api::ramal::InserirRamal;
use pabx_api::{Client, Ramal};
use pabx_bulk::apply::ApplyOptions;
use pabx_bulk::csv_io::read_table;
use pabx_bulk::journal::JournalState;
use pabx_bulk::plan::{dry_run, fetch_state, plan, prepare, ImportOptions};
use pabx_bulk::{session, Kind, Ramais};

const ROWS: i64 = 1000;
const CONCURRENCY: usize = 4;
const ROUNDS: usize = 7;

#[path = "../tests/common/mod.rs"]
mod common;

async fn new_cliente(client: &Client, login: &str, faixa_min: i64, faixa_max: i64) -> i64 {
    common::new_cliente(client, login, faixa_min, faixa_max, faixa_max - faixa_min + 1).await
}

/// The baseline: CONCURRENCY tasks sending `inserir_ramal` back to back with `records`, nothing else.
async fn plain_loop(client: &Client, records: Vec<Ramal>) -> Duration {
    let records = Mutex::new(records.into_iter());
    let started = Instant::now();
    let worker = || async {
        loop {
            let Some(dados) = records.lock().expect("lock").next() else { break };
            client.inserir_ramal(&InserirRamal { dados }).await.expect("insert");
        }
    };
    futures_util::future::join_all((0..CONCURRENCY).map(|_| worker())).await;
    started.elapsed()
}

fn csv(from: i64, rows: i64) -> String {
    let mut file = String::from("numero;nome;senha_sip;caller_id_externo;codigo_area\n");
    for n in from..from + rows {
        file.push_str(&format!("{n};Ramal {n};Segredo!{n}x;551130000000;11\n"));
    }
    file
}

/// The records the import would send for `file` into `cliente_id` (planned outside any clock).
async fn planned_records(client: &Client, cliente_id: i64, file: &str) -> Vec<Ramal> {
    let table = read_table(file.as_bytes()).expect("table");
    let options = ImportOptions { cliente_id, atualizar: false };
    let plan = dry_run::<Ramais>(client, &table, None, &options, &JournalState::default()).await.expect("plan");
    plan.records.into_iter().flatten().collect()
}

/// The import of `path` as the CLI and the app run it: read, plan again, journal, apply.
async fn bulk_apply(client: &Client, cliente_id: i64, path: &std::path::Path) -> Duration {
    let options = ImportOptions { cliente_id, atualizar: false };
    let started = Instant::now();
    let apply_options = ApplyOptions { concurrency: CONCURRENCY };
    let (_, report) = session::apply_file(client, Kind::Ramais, path, &options, None, apply_options, &AtomicBool::new(false), &|_| {})
        .await
        .expect("apply");
    let elapsed = started.elapsed();
    assert_eq!(report.created as i64, ROWS, "{} failed", report.failed);
    elapsed
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let (sandbox, client) = common::start().await;
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut plain, mut bulk, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let base = 10_000 + round as i64 * 10_000;
            let file = csv(base, ROWS);
            let path = dir.path().join(format!("ramais-{round}.csv"));
            std::fs::write(&path, &file).expect("csv");
            let a = new_cliente(&client, &format!("plain{round}"), base, base + ROWS - 1).await;
            let b = new_cliente(&client, &format!("bulk{round}"), base, base + ROWS - 1).await;
            let records = planned_records(&client, a, &file).await;
            assert_eq!(records.len() as i64, ROWS);
            let (p, q) = if round % 2 == 0 {
                let p = plain_loop(&client, records).await;
                (p, bulk_apply(&client, b, &path).await)
            } else {
                let q = bulk_apply(&client, b, &path).await;
                (plain_loop(&client, records).await, q)
            };
            let (p, q) = (ROWS as f64 / p.as_secs_f64(), ROWS as f64 / q.as_secs_f64());
            plain.push(p);
            bulk.push(q);
            ratios.push(q / p);
        }
        let spread = {
            let mut r = ratios.clone();
            r.sort_by(f64::total_cmp);
            format!("{:.2}..{:.2}", r[0], r[r.len() - 1])
        };
        println!("apply {ROWS} ramais, concurrency {CONCURRENCY}, median of {ROUNDS} alternating rounds:");
        println!("  plain concurrent inserir_ramal loop (same records): {:8.0} rows/s", median(plain));
        println!("  pabx-bulk apply_file (read + plan + journal + writes): {:8.0} rows/s", median(bulk));
        println!("  ratio bulk/plain: {:.2}x median of per-round ratios (range {spread}; goal >= 0.8x)", median(ratios));

        // The local part of a 10,000-row dry run: the live state is fetched once, outside.
        let c = new_cliente(&client, "dry", 100_000, 109_999).await;
        let file = csv(100_000, 10_000);
        let options = ImportOptions { cliente_id: c, atualizar: false };
        let state = fetch_state::<Ramais>(&client, &options).await.expect("state");
        let mut times = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            let table = read_table(file.as_bytes()).expect("table");
            let (inputs, _) = prepare::<Ramais>(&table, None).expect("inputs");
            let planned = plan::<Ramais>(&inputs, &state, &options, &JournalState::default());
            assert_eq!(planned.report.counts.insert, 10_000);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!("dry run of 10,000 rows, local checks (read + map + check + plan): {:.0} ms median of 5 (goal < 1000 ms)", median(times));
        sandbox.stop().await;
    });
}
