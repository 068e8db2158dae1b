//! Imports against a real sandbox on loopback: the dry run names exactly the bad lines, the apply
//! creates exactly the good rows, a second run creates nothing, an interrupted run finishes
//! without duplicates, export then import is a no-op, Windows-1252 and Excel-mangled files.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use pabx_api::ramal::{InserirRamal, ListarRamais};
use pabx_api::{Client, Ramal};
use pabx_bulk::apply::{apply, ApplyOptions, Outcome};
use pabx_bulk::csv_io::{read_table, Dialect};
use pabx_bulk::journal::{self, Journal, JournalState};
use pabx_bulk::plan::{dry_run, ImportOptions, RowAction};
use pabx_bulk::{export, report, BulkEntity, Clientes, Ramais};
use pabx_sandbox::Faults;

mod common;

use common::{new_cliente, start};

async fn ramais(client: &Client, cliente_id: i64) -> Vec<Ramal> {
    client.list_all(ListarRamais { cliente_id, ..Default::default() }, |_| {}).await.unwrap()
}

fn numeros(list: &[Ramal]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for r in list {
        *counts.entry(r.numero.clone()).or_insert(0) += 1;
    }
    counts
}

async fn run_import(
    client: &Client,
    bytes: &[u8],
    options: ImportOptions,
    journal_path: Option<&std::path::Path>,
) -> pabx_bulk::apply::ApplyReport {
    let table = read_table(bytes).unwrap();
    let account = pabx_bulk::session::account_id(client);
    let state = journal_path.map(|p| JournalState::load(p, &account)).unwrap_or_default();
    let plan = dry_run::<Ramais>(client, &table, None, &options, &state).await.unwrap();
    let journal = journal_path.map(|p| Journal::open(p, &account).unwrap());
    apply::<Ramais>(client, plan, ApplyOptions::default(), journal, &AtomicBool::new(false), &|_| {}).await
}

const MIXED: &str = "\
numero;nome;senha_sip;usuario_autenticacao
1000;Recepção;Segredo!2026a;r1000
1001;Já existe;Segredo!2026b;r1001
1003;Vendas;Segredo!2026c;r1003
1003;Vendas de novo;Segredo!2026d;r1003b
2000;Fora da faixa;Segredo!2026e;r2000
1004;;Segredo!2026f;r1004
1005;Senha curta;abc;r1005
1006;Suporte;Segredo!2026g;r1006
";

#[tokio::test]
async fn mixed_file_reports_exactly_the_bad_lines_and_applies_exactly_the_good_rows() {
    let (_sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "mista", 1000, 1099, 50).await;
    let existing =
        Ramal { cliente_id, numero: "1001".into(), nome: "Original".into(), senha_sip: "Original!2026".into(), ..Default::default() };
    client.inserir_ramal(&InserirRamal { dados: existing }).await.unwrap();

    let options = ImportOptions { cliente_id, atualizar: false };
    let table = read_table(MIXED.as_bytes()).unwrap();
    let plan = dry_run::<Ramais>(&client, &table, None, &options, &JournalState::default()).await.unwrap();
    let by_action = |action| plan.report.rows.iter().filter(|r| r.action == action).map(|r| r.line).collect::<Vec<_>>();
    assert_eq!(by_action(RowAction::Invalid), [5, 6, 7, 8], "{:#?}", plan.report.rows);
    assert_eq!(by_action(RowAction::Insert), [2, 4, 9]);
    assert_eq!(by_action(RowAction::Skip), [3]);
    let issue = |line: u32| plan.report.rows.iter().find(|r| r.line == line).unwrap().issues[0].clone();
    assert_eq!(issue(5).field, "numero");
    assert!(issue(5).message.contains("linha 4"), "{:?}", issue(5));
    assert_eq!(issue(6).field, "numero");
    assert!(issue(6).message.contains("fora da faixa"), "{:?}", issue(6));
    assert_eq!(issue(7).field, "nome");
    assert_eq!(issue(8).field, "senha_sip");
    // Nothing was sent by the dry run.
    assert_eq!(ramais(&client, cliente_id).await.len(), 1);

    // The report as CSV names the same lines.
    let csv = String::from_utf8(report::write_dry_run(Vec::new(), Dialect::Rfc4180, &plan.report.rows).unwrap()).unwrap();
    assert!(csv.starts_with("linha,chave,acao,campo,mensagem\r\n"));
    assert!(csv.contains("\r\n6,2000,inválida,numero,"), "{csv}");

    let result = apply::<Ramais>(&client, plan, ApplyOptions::default(), None, &AtomicBool::new(false), &|_| {}).await;
    assert_eq!((result.created, result.invalid, result.untouched, result.failed), (3, 4, 1, 0));
    let after = ramais(&client, cliente_id).await;
    let mut numbers: Vec<_> = after.iter().map(|r| r.numero.clone()).collect();
    numbers.sort();
    assert_eq!(numbers, ["1000", "1001", "1003", "1006"]);
    assert_eq!(after.iter().find(|r| r.numero == "1001").unwrap().nome, "Original");
    assert_eq!(after.iter().find(|r| r.numero == "1003").unwrap().nome, "Vendas");
    let failed = report::write_failed_rows(Vec::new(), Dialect::Rfc4180, &table, &result).unwrap();
    assert_eq!(failed.0, 4);

    // The same file again creates nothing.
    let again = run_import(&client, MIXED.as_bytes(), options, None).await;
    assert_eq!((again.created, again.failed), (0, 0));
    assert_eq!(ramais(&client, cliente_id).await.len(), 4);
}

#[tokio::test]
async fn limit_of_the_customer_is_checked_across_the_file() {
    let (_sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "limite", 100, 199, 2).await;
    let file = "numero;nome;senha_sip\n100;A;Segredo!2026a\n101;B;Segredo!2026b\n102;C;Segredo!2026c\n";
    let table = read_table(file.as_bytes()).unwrap();
    let options = ImportOptions { cliente_id, atualizar: false };
    let plan = dry_run::<Ramais>(&client, &table, None, &options, &JournalState::default()).await.unwrap();
    let row = &plan.report.rows[2];
    assert_eq!((row.line, row.action), (4, RowAction::Invalid));
    assert!(row.issues[0].message.contains("qtd_ramais_max"), "{:?}", row.issues);
}

#[tokio::test]
async fn windows_1252_file_is_read_and_applied_with_its_accents() {
    let (_sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "latin", 100, 199, 10).await;
    // As Excel pt-BR saves "CSV (separado por vírgulas)": Windows-1252, `;`, labels as headers.
    let (bytes, _, unmappable) =
        encoding_rs::WINDOWS_1252.encode("Número;Nome;Senha SIP\r\n100;Recepção;Segredo!2026a\r\n101;Diretoria Técnica;Segredo!2026b\r\n");
    assert!(!unmappable);
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.format.encoding, pabx_bulk::csv_io::TextEncoding::Windows1252);
    let result = run_import(&client, &bytes, ImportOptions { cliente_id, atualizar: false }, None).await;
    assert_eq!(result.created, 2, "{result:#?}");
    let names: Vec<String> = ramais(&client, cliente_id).await.into_iter().map(|r| r.nome).collect();
    assert!(names.contains(&"Recepção".to_owned()) && names.contains(&"Diretoria Técnica".to_owned()), "{names:?}");
}

#[tokio::test]
async fn excel_mangled_clientes_are_reported_not_sent() {
    let (_sandbox, client) = start().await;
    let file = "\
login;nome;senha;email_cliente;qtd_ramais_max;faixa_min;faixa_max;cnpj;cep;estado;cidade
bom;Empresa Boa;segredo123;ti@bom.com.br;10;100;199;11222333000181;01310200;SP;São Paulo
cep;Empresa Cep;segredo123;ti@cep.com.br;10;100;199;11222333000181;1310200;SP;São Paulo
cnpj;Empresa Cnpj;segredo123;ti@cnpj.com.br;10;100;199;1,12223E+13;01310200;SP;São Paulo
zeros;Empresa Zeros;segredo123;ti@zeros.com.br;10;100;199;1222333000181;01310200;SP;São Paulo
";
    let table = read_table(file.as_bytes()).unwrap();
    let options = ImportOptions { cliente_id: 0, atualizar: false };
    let plan = dry_run::<Clientes>(&client, &table, None, &options, &JournalState::default()).await.unwrap();
    let rows = &plan.report.rows;
    assert_eq!(
        rows.iter().map(|r| r.action).collect::<Vec<_>>(),
        [RowAction::Insert, RowAction::Invalid, RowAction::Invalid, RowAction::Invalid]
    );
    assert_eq!((rows[1].issues[0].field.as_str(), rows[1].line), ("cep", 3));
    assert!(rows[1].issues[0].message.contains("zero à esquerda"));
    assert_eq!(rows[2].issues[0].field, "cnpj");
    assert!(rows[2].issues[0].message.contains("notação científica"));
    assert_eq!(rows[3].issues[0].field, "cnpj");
    let result = apply::<Clientes>(&client, plan, ApplyOptions::default(), None, &AtomicBool::new(false), &|_| {}).await;
    assert_eq!((result.created, result.invalid), (1, 3));
}

#[tokio::test]
async fn export_then_import_changes_nothing() {
    let (_sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "redonda", 100, 199, 50).await;
    let file = "numero;nome;senha_sip;caller_id_externo;codigo_area;encaminhar_todas_chamadas.encaminhamento_destino;encaminhar_todas_chamadas.encaminhamento_destinos\n\
        100;Recepção;Segredo!2026a;551130000000;11;;\n\
        101;Vendas, SP;Segredo!2026b;;21;1002;[{\"encaminhamento_tipo\":1,\"encaminhamento_destino\":\"1003\"}]\n";
    let created = run_import(&client, file.as_bytes(), ImportOptions { cliente_id, atualizar: false }, None).await;
    assert_eq!(created.created, 2, "{created:#?}");
    for dialect in [Dialect::ExcelBr, Dialect::Rfc4180] {
        let mut out = Vec::new();
        let count = export::export::<Ramais, _>(&client, cliente_id, &mut out, dialect, false).await.unwrap();
        assert_eq!(count, 2);
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(!text.contains("senha_sip"), "passwords left out unless asked");
        for atualizar in [true, false] {
            let table = read_table(&out).unwrap();
            let plan =
                dry_run::<Ramais>(&client, &table, None, &ImportOptions { cliente_id, atualizar }, &JournalState::default()).await.unwrap();
            let expected = if atualizar { RowAction::Unchanged } else { RowAction::Skip };
            assert!(plan.report.rows.iter().all(|r| r.action == expected), "{dialect:?} {atualizar}: {:#?}\n{text}", plan.report.rows);
            assert!(plan.records.iter().all(Option::is_none));
        }
    }
    // With passwords, on request.
    let mut out = Vec::new();
    export::export::<Ramais, _>(&client, cliente_id, &mut out, Dialect::Rfc4180, true).await.unwrap();
    assert!(String::from_utf8(out).unwrap().contains("Segredo!2026a"));
}

#[tokio::test]
async fn updates_change_only_what_the_file_gives() {
    let (_sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "altera", 100, 199, 50).await;
    run_import(&client, b"numero;nome;senha_sip\n100;Antes;Segredo!2026a\n", ImportOptions { cliente_id, atualizar: false }, None).await;
    let result = run_import(&client, b"numero;nome\n100;Depois\n", ImportOptions { cliente_id, atualizar: true }, None).await;
    assert_eq!(result.updated, 1, "{result:#?}");
    let after = ramais(&client, cliente_id).await;
    assert_eq!((after[0].nome.as_str(), after[0].senha_sip.as_str()), ("Depois", "Segredo!2026a"));
}

fn numbered_file(from: i64, to: i64) -> String {
    let mut file = String::from("numero;nome;senha_sip\n");
    for n in from..=to {
        file.push_str(&format!("{n};Ramal {n};Segredo!{n}x\n"));
    }
    file
}

#[tokio::test]
async fn cancelled_run_then_rerun_has_every_row_exactly_once() {
    let (sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "cancela", 100, 199, 100).await;
    sandbox.set_faults(Faults { latency_ms: 20, ..Faults::default() });
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ramais.csv");
    let file = numbered_file(100, 159);
    std::fs::write(&csv, &file).unwrap();
    let journal_path = journal::path_for(&csv, pabx_bulk::Kind::Ramais, cliente_id);
    let options = ImportOptions { cliente_id, atualizar: false };

    let account = pabx_bulk::session::account_id(&client);
    let table = read_table(file.as_bytes()).unwrap();
    let plan = dry_run::<Ramais>(&client, &table, None, &options, &JournalState::default()).await.unwrap();
    let cancel = AtomicBool::new(false);
    let on_progress = |p: pabx_bulk::apply::ApplyProgress| {
        if p.done >= 20 {
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    };
    let first = apply::<Ramais>(
        &client,
        plan,
        ApplyOptions::default(),
        Some(Journal::open(&journal_path, &account).unwrap()),
        &cancel,
        &on_progress,
    )
    .await;
    assert!(first.cancelled > 0 && first.created >= 20, "{} created, {} cancelled", first.created, first.cancelled);
    assert!(journal_path.exists(), "the journal stays for the re-run");

    let second = run_import(&client, file.as_bytes(), options, Some(&journal_path)).await;
    assert_eq!(second.created as usize, 60 - first.created as usize);
    assert_eq!(second.untouched, first.created);
    assert!(second.rows.iter().filter(|r| r.outcome == Outcome::Untouched).all(|r| r.action == RowAction::AlreadyApplied));
    let counts = numeros(&ramais(&client, cliente_id).await);
    assert_eq!(counts.len(), 60);
    assert!(counts.values().all(|&n| n == 1));
    assert!(!journal_path.exists(), "a run where every row settled removes its journal");
}

#[tokio::test]
async fn dropped_connections_are_reconciled_never_duplicated() {
    let (sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "quedas", 100, 199, 100).await;
    sandbox.set_faults(Faults { drop_rate: 0.3, ..Faults::default() });
    let file = numbered_file(100, 139);
    let first = run_import(&client, file.as_bytes(), ImportOptions { cliente_id, atualizar: false }, None).await;
    sandbox.set_faults(Faults::default());
    let counts = numeros(&ramais(&client, cliente_id).await);
    assert_eq!(counts.len(), first.created as usize, "{first:#?}");
    assert!(counts.values().all(|&n| n == 1));
    let second = run_import(&client, file.as_bytes(), ImportOptions { cliente_id, atualizar: false }, None).await;
    assert_eq!((first.created + second.created) as usize, 40);
    let counts = numeros(&ramais(&client, cliente_id).await);
    assert_eq!(counts.len(), 40);
    assert!(counts.values().all(|&n| n == 1));
}

#[test]
fn schema_columns_come_from_the_model_and_labels_from_the_ui_dictionary() {
    let schema = Ramais::schema();
    assert!(schema.get("ramal_id").is_none());
    assert!(schema.get("encaminhar_todas_chamadas.encaminhamento_destino").is_some());
    let columns = schema.header_columns();
    let numero = columns.iter().find(|c| c.key == "numero").unwrap();
    assert!(numero.labels.contains(&"Número".to_owned()));
    let nested = columns.iter().find(|c| c.key == "encaminhar_todas_chamadas.encaminhamento_destino").unwrap();
    assert_eq!(nested.labels, ["Encaminhar todas as chamadas: Destino"]);
    assert!(Clientes::schema()
        .header_columns()
        .iter()
        .any(|c| c.key == "faixa_min" && c.labels.contains(&"Faixa de ramais: início".to_owned())));
}

#[tokio::test]
async fn dids_in_use_by_another_customer_are_reported() {
    use pabx_api::did::{InserirDid, ListarDids};
    use pabx_api::Did;
    use pabx_bulk::Dids;
    let (_sandbox, client) = start().await;
    let a = new_cliente(&client, "dida", 100, 199, 10).await;
    let b = new_cliente(&client, "didb", 200, 299, 10).await;
    let did = Did { cliente_id: b, numero: "551130000002".into(), ..Default::default() };
    client.inserir_did(&InserirDid::new(did)).await.unwrap();
    // The numbers as Excel writes them when the column is formatted as text: plain digits.
    let file = "numero;apontar_para;destino;horario_funcionamento_dias_semana\n551130000001;1;100;1,2,3,4,5\n551130000002;1;101;\n5,5113E+11;1;102;\n";
    let table = read_table(file.as_bytes()).unwrap();
    let options = ImportOptions { cliente_id: a, atualizar: false };
    let plan = dry_run::<Dids>(&client, &table, None, &options, &JournalState::default()).await.unwrap();
    let actions: Vec<_> = plan.report.rows.iter().map(|r| (r.line, r.action)).collect();
    assert_eq!(actions, [(2, RowAction::Insert), (3, RowAction::Invalid), (4, RowAction::Invalid)], "{:#?}", plan.report.rows);
    assert!(plan.report.rows[1].issues[0].message.contains(&format!("cliente {b}")));
    let result = apply::<Dids>(&client, plan, ApplyOptions::default(), None, &AtomicBool::new(false), &|_| {}).await;
    assert_eq!(result.created, 1);
    let dids = client.list(&ListarDids { cliente_id: a }).await.unwrap().records;
    assert_eq!(dids.len(), 1);
    assert_eq!(dids[0].horario_funcionamento_dias_semana, [1, 2, 3, 4, 5]);
}

/// A DID's holidays (a list of texts) export as `25/12 Natal,01/01` and import back unchanged;
/// the record's wire forms are no column.
#[tokio::test]
async fn did_holidays_export_as_text_and_import_back_unchanged() {
    use pabx_api::did::{InserirDid, ListarDids};
    use pabx_api::Did;
    use pabx_bulk::Dids;
    let schema = Dids::schema();
    assert!(schema.columns.iter().all(|c| !c.key.starts_with('_')), "{:?}", schema.columns);
    let (_sandbox, client) = start().await;
    let cliente_id = new_cliente(&client, "feriados", 100, 199, 10).await;
    let file = "numero;apontar_para;destino;habilitar_horario_funcionamento;horario_funcionamento_inicio;horario_funcionamento_fim;horario_funcionamento_dias_semana;horario_funcionamento_lista_feriados\n\
        551130000003;1;100;1;08:00;18:00;1,2,3,4,5;25/12 Natal,01/01 Confraternização Universal\n";
    let created = run_import_dids(&client, file, cliente_id).await;
    assert_eq!(created, 1);
    let dids = client.list(&ListarDids { cliente_id }).await.unwrap().records;
    assert_eq!(dids[0].horario_funcionamento_lista_feriados, ["25/12 Natal", "01/01 Confraternização Universal"]);
    // One more, a copy of the first as the client read it.
    let listed = Did { did_id: 0, numero: "551130000004".into(), ..dids[0].clone() };
    client.inserir_did(&InserirDid::new(listed)).await.unwrap();
    let mut out = Vec::new();
    export::export::<Dids, _>(&client, cliente_id, &mut out, Dialect::Rfc4180, false).await.unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("25/12 Natal,01/01 Confraternização Universal"), "{text}");
    let table = read_table(&out).unwrap();
    let options = ImportOptions { cliente_id, atualizar: true };
    let plan = dry_run::<Dids>(&client, &table, None, &options, &JournalState::default()).await.unwrap();
    assert!(plan.report.rows.iter().all(|r| r.action == RowAction::Unchanged), "{:#?}\n{text}", plan.report.rows);
}

async fn run_import_dids(client: &Client, file: &str, cliente_id: i64) -> u32 {
    let table = read_table(file.as_bytes()).unwrap();
    let options = ImportOptions { cliente_id, atualizar: false };
    let plan = pabx_bulk::plan::dry_run::<pabx_bulk::Dids>(client, &table, None, &options, &JournalState::default()).await.unwrap();
    assert!(plan.report.rows.iter().all(|r| r.action == RowAction::Insert), "{:#?}", plan.report.rows);
    apply::<pabx_bulk::Dids>(client, plan, ApplyOptions::default(), None, &AtomicBool::new(false), &|_| {}).await.created
}
