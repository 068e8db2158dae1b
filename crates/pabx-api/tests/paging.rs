//! The paging engine (`Client::list_pages`, `Client::list_all`) over loopback against servers
//! that misbehave in the ways real ones do: one that caps `quantidade` at 50, one that ignores
//! it, one that ignores the offset, one that gives no total, one that refuses the page size.
//! Every list comes complete, in order and exactly once, with four pages in flight.

mod common;

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::time::Duration;

use common::fixtures::ramal_json;
use common::{Reply, Request, Server};
use pabx_api::ramal::ListarRamais;
use pabx_api::{Progress, Ramal};
use serde_json::{json, Value};

const CONCURRENCY: usize = 4;

/// How a test server pages.
#[derive(Clone, Copy)]
struct Rules {
    records: usize,
    /// The page size when the request sends none.
    default: usize,
    /// The most records in a page, whatever was asked.
    cap: usize,
    honours_quantidade: bool,
    honours_offset: bool,
    sends_total: bool,
}

const WELL_BEHAVED: Rules =
    Rules { records: 1000, default: 100, cap: 1000, honours_quantidade: true, honours_offset: true, sends_total: true };

fn serve(rules: Rules) -> impl Fn(&Request, usize) -> Reply {
    move |request, _| {
        let offset = if rules.honours_offset { usize::try_from(request.int("pos_registro_inicial")).unwrap_or(0) } else { 0 };
        let asked = usize::try_from(request.int("quantidade")).unwrap_or(0);
        let size = if rules.honours_quantidade && asked > 0 { asked } else { rules.default }.min(rules.cap);
        let records: Vec<Value> = (offset..rules.records.min(offset + size)).map(|i| ramal_json(i + 1)).collect();
        if records.is_empty() {
            return Reply::json(404, json!({"http_response_code": 404, "mensagem": "Nenhum registro encontrado"}));
        }
        let mut body = json!({"http_response_code": 200, "mensagem": "ok", "dados": records});
        if rules.sends_total {
            body["qtd_total_resultados"] = json!(rules.records.to_string());
        }
        Reply::json(200, body)
    }
}

/// Later pages answer first, so pages arrive out of order.
fn slow(request: &Request) -> Duration {
    let offset = u64::try_from(request.int("pos_registro_inicial")).unwrap_or(0);
    Duration::from_millis(60u64.saturating_sub(offset / 25).max(5))
}

async fn start(rules: Rules) -> Server {
    Server::start_slow(slow, serve(rules)).await
}

fn listar() -> ListarRamais {
    ListarRamais { cliente_id: 1042, ..Default::default() }
}

fn ids(ramais: &[Ramal]) -> Vec<i64> {
    ramais.iter().map(|r| r.ramal_id).collect()
}

fn asked_sizes(server: &Server) -> Vec<i64> {
    server.requests().iter().map(|r| r.int("quantidade")).collect()
}

fn assert_complete(all: &[Ramal], records: usize) {
    assert_eq!(ids(all), (1..=records as i64).collect::<Vec<_>>(), "every record, in order");
    assert_eq!(ids(all).into_iter().collect::<HashSet<_>>().len(), records, "exactly once");
}

#[tokio::test]
async fn a_well_behaved_server_gives_the_largest_pages_four_at_a_time() {
    let server = start(Rules { records: 5_000, ..WELL_BEHAVED }).await;
    let mut progress = Vec::new();
    let all = server.client_with_concurrency(CONCURRENCY).list_all(listar(), |p| progress.push(p)).await.unwrap();
    assert_complete(&all, 5_000);
    assert_eq!(server.count(), 5, "pages of 1000");
    assert!(asked_sizes(&server).iter().all(|q| *q == 1000));
    let offsets: HashSet<i64> = server.requests().iter().map(|r| r.int("pos_registro_inicial")).collect();
    assert_eq!(offsets, (0..5).map(|p| p * 1000).collect());
    assert_eq!(server.max_in_flight(), CONCURRENCY, "the remaining pages overlap, never more than the bound");
    let loaded: Vec<u32> = progress.iter().map(|p| p.loaded).collect();
    assert_eq!(loaded, (1..=5).map(|p| p * 1000).collect::<Vec<u32>>(), "progress after each page, in order");
    assert!(progress.iter().all(|p| p.total == Some(5_000)));
}

#[tokio::test]
async fn a_server_that_caps_quantidade_at_50() {
    let server = start(Rules { cap: 50, ..WELL_BEHAVED }).await;
    let client = server.client_with_concurrency(CONCURRENCY);
    assert_complete(&client.list_all(listar(), |_| {}).await.unwrap(), 1000);
    assert_eq!(server.count(), 20);
    assert!(server.max_in_flight() > 1 && server.max_in_flight() <= CONCURRENCY, "{}", server.max_in_flight());
    assert_eq!(asked_sizes(&server)[0], 1000);

    // Learned for this account: the next list asks for 50 from the start.
    let before = server.count();
    assert_complete(&client.list_all(listar(), |_| {}).await.unwrap(), 1000);
    assert!(asked_sizes(&server)[before..].iter().all(|q| *q == 50), "{:?}", &asked_sizes(&server)[before..]);
    // A clone shares what was learned.
    let before = server.count();
    client.clone().list_all(listar(), |_| {}).await.unwrap();
    assert_eq!(asked_sizes(&server)[before], 50);
}

#[tokio::test]
async fn a_server_that_ignores_quantidade() {
    let server = start(Rules { honours_quantidade: false, records: 2345, ..WELL_BEHAVED }).await;
    let all = server.client_with_concurrency(CONCURRENCY).list_all(listar(), |_| {}).await.unwrap();
    assert_complete(&all, 2345);
    assert_eq!(server.count(), 24, "its own pages of 100");
    assert!(server.max_in_flight() > 1 && server.max_in_flight() <= CONCURRENCY);
}

#[tokio::test]
async fn a_server_that_ignores_the_offset() {
    // Always the first page of 100 and a total of 1000.
    let server = start(Rules { honours_offset: false, honours_quantidade: false, ..WELL_BEHAVED }).await;
    let all = server.client_with_concurrency(CONCURRENCY).list_all(listar(), |_| {}).await.unwrap();
    assert_complete(&all, 100);
    // The first page, then at most one round of pages in flight before the repeat is seen.
    assert!((2..=1 + CONCURRENCY).contains(&server.count()), "{}", server.count());
}

#[tokio::test]
async fn a_server_that_reports_no_total_is_read_one_page_at_a_time() {
    let server = start(Rules { sends_total: false, records: 2500, ..WELL_BEHAVED }).await;
    let client = server.client_with_concurrency(CONCURRENCY);
    let mut last = None;
    let all = client.list_all(listar(), |p| last = Some(p)).await.unwrap();
    assert_complete(&all, 2500);
    assert_eq!(server.count(), 3, "1000 + 1000 + 500: a short page is the last");
    assert_eq!(server.max_in_flight(), 1);
    assert_eq!(last, Some(Progress { loaded: 2500, total: None }));

    // Once it served the 1000 asked for, a shorter first page is known to be the whole list.
    let (full, filtered) =
        (Rules { sends_total: false, records: 1030, ..WELL_BEHAVED }, Rules { sends_total: false, records: 30, ..WELL_BEHAVED });
    let small = Server::start(
        move |request, index| {
            if request.body["nome"] == "x" {
                serve(filtered)(request, index)
            } else {
                serve(full)(request, index)
            }
        },
    )
    .await;
    let client = small.client_with_concurrency(CONCURRENCY);
    let named = ListarRamais { nome: "x".into(), ..listar() };
    assert_complete(&client.list_all(named.clone(), |_| {}).await.unwrap(), 30);
    assert_eq!(small.count(), 2, "not known yet: the page after a short first page is asked for");
    assert_complete(&client.list_all(listar(), |_| {}).await.unwrap(), 1030);
    let before = small.count();
    assert_complete(&client.list_all(named, |_| {}).await.unwrap(), 30);
    assert_eq!(small.count() - before, 1, "it was seen to honour quantidade: one request");

    // No total and a cap: pages of 50 one after the other, to the 404 past the end.
    let capped = start(Rules { sends_total: false, cap: 50, records: 120, ..WELL_BEHAVED }).await;
    assert_complete(&capped.client_with_concurrency(CONCURRENCY).list_all(listar(), |_| {}).await.unwrap(), 120);
    assert_eq!(capped.count(), 3);
    assert_eq!(capped.max_in_flight(), 1);
}

#[tokio::test]
async fn a_server_that_refuses_the_page_size_gets_none() {
    let rules = Rules { records: 250, ..WELL_BEHAVED };
    let server = Server::start(move |request, index| {
        if request.int("quantidade") > 100 {
            return Reply::json(
                400,
                json!({"http_response_code": 400, "mensagem": "Dados inválidos", "dados": {"quantidade": "máximo 100"}}),
            );
        }
        serve(rules)(request, index)
    })
    .await;
    let client = server.client_with_concurrency(CONCURRENCY);
    assert_complete(&client.list_all(listar(), |_| {}).await.unwrap(), 250);
    assert_eq!(asked_sizes(&server), vec![1000, 0, 0, 0], "refused once, then the server's default");
    let before = server.count();
    assert_complete(&client.list_all(listar(), |_| {}).await.unwrap(), 250);
    assert!(asked_sizes(&server)[before..].iter().all(|q| *q == 0), "learned: not asked again");
}

#[tokio::test]
async fn a_page_size_the_caller_chose_is_sent_as_is() {
    let server = start(Rules { records: 95, ..WELL_BEHAVED }).await;
    let request = ListarRamais { quantidade: Some(10), ..listar() };
    let all = server.client_with_concurrency(CONCURRENCY).list_all(request, |_| {}).await.unwrap();
    assert_complete(&all, 95);
    assert!(asked_sizes(&server).iter().all(|q| *q == 10));
    assert_eq!(server.count(), 10);
}

#[tokio::test]
async fn pages_stream_in_order_and_a_break_stops_them() {
    let server = start(Rules { records: 3000, cap: 100, ..WELL_BEHAVED }).await;
    let client = server.client_with_concurrency(CONCURRENCY);
    let mut pages: Vec<Vec<i64>> = Vec::new();
    let progress = client
        .list_pages(listar(), |page, progress| {
            assert_eq!(progress.loaded as usize, pages.iter().map(Vec::len).sum::<usize>() + page.len());
            pages.push(ids(&page));
            ControlFlow::Continue(())
        })
        .await
        .unwrap();
    assert_eq!(progress, Progress { loaded: 3000, total: Some(3000) });
    assert_eq!(pages.len(), 30);
    assert!(pages.iter().enumerate().all(|(p, ids)| ids[0] == (p * 100 + 1) as i64 && ids.len() == 100));

    let before = server.count();
    let mut seen = 0;
    let progress = client
        .list_pages(listar(), |page, _| {
            seen += page.len();
            if seen >= 300 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .await
        .unwrap();
    assert_eq!((seen, progress.loaded), (300, 300));
    assert!(server.count() - before <= 3 + CONCURRENCY, "no page asked for after the break's round");
}

#[tokio::test]
async fn a_count_is_the_first_pages_total_and_without_one_every_record_counted() {
    let server = start(Rules { records: 5_000, ..WELL_BEHAVED }).await;
    assert_eq!(server.client_with_concurrency(CONCURRENCY).count(listar()).await.unwrap(), 5_000);
    assert_eq!(server.count(), 1, "one request, however long the list");

    let no_total = start(Rules { sends_total: false, records: 2_500, ..WELL_BEHAVED }).await;
    assert_eq!(no_total.client_with_concurrency(CONCURRENCY).count(listar()).await.unwrap(), 2_500);
    assert_eq!(no_total.count(), 3, "read to the end");

    // Records repeated by a server that ignores the offset are counted once.
    let repeats = start(Rules { sends_total: false, honours_offset: false, honours_quantidade: false, ..WELL_BEHAVED }).await;
    assert_eq!(repeats.client_with_concurrency(CONCURRENCY).count(listar()).await.unwrap(), 100);

    let empty = start(Rules { records: 0, ..WELL_BEHAVED }).await;
    assert_eq!(empty.client_with_concurrency(CONCURRENCY).count(listar()).await.unwrap(), 0);
}
