//! `listar_ramais` hot paths: building a request body, and decoding a 1,000-record page
//! through the client's own path (envelope, then `Page<Ramal>`), beside a baseline that only
//! parses the same bytes into `serde_json::Value`, so the cost of typing can be read as a ratio.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pabx_api::envelope::interpret;
use pabx_api::ramal::ListarRamais;
use pabx_api::{actions, Credentials, Page, Ramal};
use serde_json::{json, Value};

const RECORDS: usize = 1000;

/// A realistic record with every field; some numbers come as strings, as the platform sends them.
fn ramal(id: usize) -> Value {
    let encaminhamento = |tipo: &str, destino: String| {
        json!({
            "encaminhamento_tipo": tipo,
            "encaminhamento_destino": destino,
            "encaminhamento_destinos": [
                {"encaminhamento_tipo": 1, "encaminhamento_destino": (2000 + (id + 1) % 1000).to_string()},
                {"encaminhamento_tipo": "2", "encaminhamento_destino": "11987654321"}
            ]
        })
    };
    json!({
        "ramal_id": (5000 + id).to_string(),
        "cliente_id": 1042,
        "nome": format!("Ramal {id} - Atendimento São Paulo"),
        "usuario_autenticacao": format!("acme{}", 2000 + id),
        "numero": (2000 + id).to_string(),
        "senha_sip": "Sip#Recepcao2026",
        "senha_web": "Web#Recepcao2026",
        "caller_id_externo": "1130042000",
        "grupo_ramais": "atendimento",
        "centro_custo": "administrativo",
        "plano_discagem_id": "7",
        "grupo_musica_espera": "padrao",
        "puxar_chamadas": 1,
        "habilitar_timers": "0",
        "habilitar_blf": 1,
        "escutar_chamadas": 0,
        "gravar_chamadas": "1",
        "bloquear_ramal": 0,
        "codigo_area": "11",
        "habilitar_dupla_autenticacao": id % 2,
        "dupla_autenticacao_ip_permitido": "200.155.80.0",
        "dupla_autenticacao_mascara": "255.255.255.0",
        "habilitar_caixa_postal": 1,
        "caixa_postal_email": format!("ramal{id}@acme.com.br"),
        "encaminhar_todas_chamadas": encaminhamento("0", String::new()),
        "encaminhar_offline_sem_atendimento": encaminhamento("1", (2000 + (id + 2) % 1000).to_string()),
        "encaminhar_ocupado_indisponivel": encaminhamento("1", "2999".to_owned())
    })
}

fn page_bytes() -> Vec<u8> {
    let body = json!({
        "http_response_code": 200,
        "mensagem": "Consulta realizada com sucesso",
        "qtd_total_resultados": "2345",
        "qtd_resultados_retornados": RECORDS,
        "dados": (0..RECORDS).map(ramal).collect::<Vec<_>>(),
    });
    serde_json::to_vec(&body).expect("page JSON")
}

fn decode(bytes: &[u8], credentials: &Credentials) -> Page<Ramal> {
    interpret(200, bytes, &|text| credentials.redact(text))
        .and_then(|envelope| envelope.page::<Ramal>())
        .expect("a valid page")
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
    group.bench_function("baseline_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"))
    });
    group.finish();
}

criterion_group!(listar_ramais, benches);
criterion_main!(listar_ramais);
