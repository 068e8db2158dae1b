//! `listar_ramais` hot paths: building a request body, and decoding a 1,000-record page
//! through the client's own path ([`decode_page`]: one pass from the bytes into `Page<Ramal>`,
//! as `Client::list` does), beside a baseline that only
//! parses the same bytes into `serde_json::Value`, so the cost of typing can be read as a ratio.

use std::hint::black_box;

// The tests' records, so the bench parses what the tests check.
#[allow(dead_code)]
#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pabx_api::envelope::decode_page;
use pabx_api::ramal::ListarRamais;
use pabx_api::{actions, Credentials, Page, Ramal};
use serde_json::{json, Value};

const RECORDS: usize = 1000;

fn page_bytes() -> Vec<u8> {
    let body = json!({
        "http_response_code": 200,
        "mensagem": "Consulta realizada com sucesso",
        "qtd_total_resultados": "2345",
        "qtd_resultados_retornados": RECORDS,
        "dados": (1..=RECORDS).map(fixtures::ramal_json).collect::<Vec<_>>(),
    });
    serde_json::to_vec(&body).expect("page JSON")
}

fn decode(bytes: &[u8], credentials: &Credentials) -> Page<Ramal> {
    decode_page::<Ramal>(200, bytes, &|text| credentials.redact(text)).expect("a valid page")
}

fn benches(c: &mut Criterion) {
    let credentials = Credentials::new("revenda01", "tok-bench-0123456789");
    let request = ListarRamais { cliente_id: 1042, nome: "Recep".into(), pos_registro_inicial: 200, ..Default::default() };
    c.bench_function("listar_ramais/request_body", |b| {
        b.iter(|| serde_json::to_vec(&actions::body(black_box(&request), &credentials)).expect("body"))
    });

    let bytes = page_bytes();
    assert_eq!(decode(&bytes, &credentials).records.len(), RECORDS);
    let mut group = c.benchmark_group("listar_ramais/page_1000");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed_page", |b| b.iter(|| decode(black_box(&bytes), &credentials)));
    group.bench_function("baseline_value", |b| b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON")));
    group.finish();
}

criterion_group!(listar_ramais, benches);
criterion_main!(listar_ramais);
