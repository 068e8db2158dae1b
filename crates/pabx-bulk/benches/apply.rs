//! `cargo bench -p pabx-bulk`: the import's apply against the sandbox on loopback, as a ratio to a
//! plain concurrent insert loop at the same concurrency in the same run (what the sandbox sustains),
//! and the local part of a 10,000-row dry run (read, map, Excel checks, validation, plan).
//! The sequential `pabx ramais insert` loop is in scripts/bench-bulk.sh (it needs the binary).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pabx_api::ramal::InserirRamal;
use pabx_api::{Client, Ramal};
use pabx_bulk::apply::{apply, ApplyOptions};
use pabx_bulk::csv_io::read_table;
use pabx_bulk::journal::{Journal, JournalState};
use pabx_bulk::plan::{dry_run, fetch_state, plan, prepare, ImportOptions};
use pabx_bulk::Ramais;

const ROWS: i64 = 1000;
const CONCURRENCY: usize = 4;
const ROUNDS: usize = 3;

#[path = "../tests/common/mod.rs"]
mod common;

async fn new_cliente(client: &Client, login: &str, faixa_min: i64, faixa_max: i64) -> i64 {
    common::new_cliente(client, login, faixa_min, faixa_max, faixa_max - faixa_min + 1).await
}

fn ramal(cliente_id: i64, n: i64) -> Ramal {
    Ramal { cliente_id, numero: n.to_string(), nome: format!("Ramal {n}"), senha_sip: format!("Segredo!{n}x"), ..Default::default() }
}

/// The baseline: CONCURRENCY tasks sending `inserir_ramal` back to back, nothing else.
async fn plain_loop(client: &Client, cliente_id: i64, base: i64) -> Duration {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let worker = || async {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst) as i64;
            if i >= ROWS {
                break;
            }
            client.inserir_ramal(&InserirRamal { dados: ramal(cliente_id, base + i) }).await.expect("insert");
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

/// The import: dry run (reads the live state) then apply with the journal.
async fn bulk_apply(client: &Client, cliente_id: i64, base: i64, dir: &std::path::Path) -> Duration {
    let file = csv(base, ROWS);
    let started = Instant::now();
    let table = read_table(file.as_bytes()).expect("table");
    let options = ImportOptions { cliente_id, atualizar: false };
    let plan = dry_run::<Ramais>(client, &table, None, &options, &JournalState::default()).await.expect("plan");
    let journal = Journal::open(&dir.join(format!("bench-{cliente_id}.jsonl")), "bench").expect("journal");
    let report = apply::<Ramais>(client, plan, ApplyOptions { concurrency: CONCURRENCY }, Some(journal), &AtomicBool::new(false), &|_| {}).await;
    assert_eq!(report.created as i64, ROWS, "{} failed", report.failed);
    started.elapsed()
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
        let (mut plain, mut bulk) = (Vec::new(), Vec::new());
        // Alternate the two, a fresh customer each time, so both see the same database size.
        for round in 0..ROUNDS {
            let base = 10_000 + round as i64 * 10_000;
            let a = new_cliente(&client, &format!("plain{round}"), base, base + ROWS - 1).await;
            let b = new_cliente(&client, &format!("bulk{round}"), base, base + ROWS - 1).await;
            plain.push(ROWS as f64 / plain_loop(&client, a, base).await.as_secs_f64());
            bulk.push(ROWS as f64 / bulk_apply(&client, b, base, dir.path()).await.as_secs_f64());
        }
        let (plain, bulk) = (median(plain), median(bulk));
        println!("apply {ROWS} ramais, concurrency {CONCURRENCY}, median of {ROUNDS}:");
        println!("  plain concurrent inserir_ramal loop: {plain:8.0} rows/s");
        println!("  pabx-bulk dry run + apply + journal: {bulk:8.0} rows/s");
        println!("  ratio bulk/plain: {:.2}x (goal >= 0.8x)", bulk / plain);

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
