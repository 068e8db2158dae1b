//! Applying a plan: bounded concurrency, progress with rate and time left, cancel (rows not
//! started stay untouched; writes in flight finish), one result per row, the journal, and writes
//! of unknown outcome settled by lookup.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pabx_api::{Client, FieldError};
use serde::{Deserialize, Serialize};

use crate::entity::BulkEntity;
use crate::journal::Journal;
use crate::plan::{Plan, RowAction};
use crate::reconcile;

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    /// Nothing to do: unchanged, skipped, or applied by an earlier run.
    Untouched,
    /// Refused by the dry run; not sent.
    Invalid,
    /// Sent and refused, or its outcome could not be settled.
    Failed,
    /// Not started: the run was cancelled first.
    Cancelled,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Created => "criado",
            Outcome::Updated => "alterado",
            Outcome::Untouched => "sem envio",
            Outcome::Invalid => "inválida",
            Outcome::Failed => "falhou",
            Outcome::Cancelled => "cancelada",
        }
    }
}

/// The result of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowResult {
    pub line: u32,
    pub key: String,
    pub action: RowAction,
    pub outcome: Outcome,
    /// The record's id (new or existing), 0 when none.
    pub id: i64,
    /// Why it failed or was left alone (pt-BR).
    pub message: String,
    pub field_errors: Vec<FieldError>,
}

/// Progress of an apply, sent every ~100 ms and at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplyProgress {
    /// Writes finished (ok or not) of `total`.
    pub done: u32,
    pub total: u32,
    pub failed: u32,
    /// Writes per second so far.
    pub rate: f64,
    /// Seconds left at that rate; None before the first write ends.
    pub eta_seconds: Option<f64>,
}

/// The results of an apply, per row and summed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplyReport {
    pub rows: Vec<RowResult>,
    pub created: u32,
    pub updated: u32,
    pub untouched: u32,
    pub invalid: u32,
    pub failed: u32,
    pub cancelled: u32,
    /// Wall time of the writes, milliseconds.
    pub elapsed_ms: u64,
}

/// How to apply.
#[derive(Debug, Clone, Copy)]
pub struct ApplyOptions {
    /// Writes in flight at once (at least 1).
    pub concurrency: usize,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions { concurrency: 4 }
    }
}

const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// What the workers share about the rows they finished.
struct Finished {
    results: Vec<(usize, RowResult)>,
    done: u32,
    failed: u32,
    /// When progress was last sent.
    sent: Instant,
}

/// Runs the plan's writes. `cancel` stops taking new rows; `journal` (when given) records each
/// write before it is sent and when it ends.
pub async fn apply<E: BulkEntity>(
    client: &Client,
    plan: Plan<E::Record>,
    options: ApplyOptions,
    journal: Option<Journal>,
    cancel: &AtomicBool,
    on_progress: &(dyn Fn(ApplyProgress) + Sync),
) -> ApplyReport {
    let cliente_id = plan.report.cliente_id;
    let mut results: Vec<RowResult> = plan
        .report
        .rows
        .iter()
        .map(|row| {
            let (outcome, message) = match row.action {
                RowAction::Invalid => (Outcome::Invalid, issues_text(&row.issues)),
                RowAction::Insert | RowAction::Update => (Outcome::Cancelled, String::new()),
                other => (Outcome::Untouched, other.label().to_owned()),
            };
            RowResult {
                line: row.line,
                key: row.key.clone(),
                action: row.action,
                outcome,
                id: row.existing_id,
                message,
                field_errors: if row.action == RowAction::Invalid { row.issues.clone() } else { Vec::new() },
            }
        })
        .collect();
    let work: Vec<(usize, E::Record)> = plan.records.into_iter().enumerate().filter_map(|(i, r)| r.map(|r| (i, r))).collect();
    let total = work.len();
    let next = AtomicUsize::new(0);
    // One lock per finished row: its result, the counts, and when progress was last sent.
    let finished = Mutex::new(Finished { results: Vec::with_capacity(total), done: 0, failed: 0, sent: Instant::now() });
    let started = Instant::now();
    on_progress(progress(0, total, 0, Duration::ZERO));
    let (next, finished, work, rows) = (&next, &finished, &work, &plan.report.rows);
    let journal_ref = journal.as_ref();
    let worker = move || async move {
        loop {
            if cancel.load(Ordering::SeqCst) {
                break;
            }
            let index = next.fetch_add(1, Ordering::SeqCst);
            let Some((row_index, record)) = work.get(index) else { break };
            let result = write_one::<E>(client, cliente_id, results_template(&rows[*row_index]), record, journal_ref).await;
            let Ok(mut f) = finished.lock() else { continue };
            f.done += 1;
            f.failed += u32::from(result.outcome == Outcome::Failed);
            f.results.push((*row_index, result));
            if f.sent.elapsed() >= PROGRESS_EVERY || f.done as usize == total {
                f.sent = Instant::now();
                on_progress(progress(f.done, total, f.failed, started.elapsed()));
            }
        }
    };
    let workers = (0..options.concurrency.max(1)).map(|_| worker());
    futures_util::future::join_all(workers).await;
    let finished = std::mem::take(&mut finished.lock().unwrap_or_else(std::sync::PoisonError::into_inner).results);
    for (index, result) in finished {
        results[index] = result;
    }
    let mut report = ApplyReport { elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX), ..Default::default() };
    for row in &results {
        match row.outcome {
            Outcome::Created => report.created += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Untouched => report.untouched += 1,
            Outcome::Invalid => report.invalid += 1,
            Outcome::Failed => report.failed += 1,
            Outcome::Cancelled => report.cancelled += 1,
        }
    }
    report.rows = results;
    if let Some(journal) = journal {
        // Rows refused by the server are settled too (nothing of theirs is pending); cancelled
        // and unknown ones keep the journal for the next run.
        let settled = report.cancelled == 0 && report.rows.iter().all(|r| r.outcome != Outcome::Failed || !r.message.contains(UNKNOWN));
        let _ = journal.finish(settled);
    }
    report
}

fn results_template(row: &crate::plan::RowReport) -> RowResult {
    RowResult {
        line: row.line,
        key: row.key.clone(),
        action: row.action,
        outcome: Outcome::Failed,
        id: row.existing_id,
        message: String::new(),
        field_errors: Vec::new(),
    }
}

fn progress(done: u32, total: usize, failed: u32, elapsed: Duration) -> ApplyProgress {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 { f64::from(done) / seconds } else { 0.0 };
    let remaining = total.saturating_sub(done as usize) as f64;
    let eta_seconds = (rate > 0.0).then(|| remaining / rate);
    ApplyProgress { done, total: u32::try_from(total).unwrap_or(u32::MAX), failed, rate, eta_seconds }
}

const UNKNOWN: &str = "resultado desconhecido";

/// One write: journal, send, and on an unknown outcome a lookup; when the lookup shows the write
/// did not land, it is sent once more (the natural key stays unique on the server, so even a late
/// first request cannot make a duplicate).
async fn write_one<E: BulkEntity>(
    client: &Client,
    cliente_id: i64,
    mut result: RowResult,
    record: &E::Record,
    journal: Option<&Journal>,
) -> RowResult {
    if let Some(journal) = journal {
        if let Err(error) = journal.started(&result.key) {
            result.message = format!("não foi possível gravar o diário ao lado do arquivo ({error}); nada foi enviado");
            return result;
        }
    }
    let update = result.action == RowAction::Update;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let sent = if update { E::alter(client, record.clone()).await } else { E::insert(client, record.clone()).await };
        match sent {
            Ok(outcome) => {
                let id = if update { E::id(record) } else { outcome.id(E::ID_KEY).unwrap_or(0) };
                return settle(result, journal, id, update);
            }
            Err(error) if reconcile::outcome_unknown(&error) => match reconcile::lookup::<E>(client, cliente_id, &result.key).await {
                Ok(Some(found)) if !update || same(&found, record) => {
                    return settle(result, journal, E::id(&found), update);
                }
                Ok(_) if attempts < 2 => continue,
                Ok(_) => {
                    result.message = format!("{error} (verificado: não foi aplicado)");
                    if let Some(journal) = journal {
                        let _ = journal.failed(&result.key);
                    }
                    return result;
                }
                Err(lookup_error) => {
                    result.message = format!(
                            "{UNKNOWN}: {error}; a consulta para conferir também falhou ({lookup_error}). Rode de novo: a próxima execução confere antes de enviar"
                        );
                    return result;
                }
            },
            Err(error) => {
                result.field_errors = error.field_errors().to_vec();
                result.message = error.to_string();
                if let Some(journal) = journal {
                    let _ = journal.failed(&result.key);
                }
                return result;
            }
        }
    }
}

fn same<R: Serialize>(a: &R, b: &R) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

fn settle(mut result: RowResult, journal: Option<&Journal>, id: i64, update: bool) -> RowResult {
    if let Some(journal) = journal {
        let _ = journal.done(&result.key, id);
    }
    result.outcome = if update { Outcome::Updated } else { Outcome::Created };
    result.id = id;
    result
}

fn issues_text(issues: &[FieldError]) -> String {
    issues
        .iter()
        .map(|i| if i.field.is_empty() { i.message.clone() } else { format!("{}: {}", i.field, i.message) })
        .collect::<Vec<_>>()
        .join("; ")
}
