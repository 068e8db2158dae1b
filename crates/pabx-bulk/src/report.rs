//! The reports as CSV files: the dry run (one line per issue, or per row without issues), the
//! apply's result per row, and the rows that failed, as they were in the file plus an `erro`
//! column, ready to fix and import again (the import ignores the `erro` column).

use std::io::Write;

use crate::apply::{ApplyReport, Outcome};
use crate::csv_io::{Cell, CsvWriter, Dialect, Table};
use crate::plan::RowReport;

pub fn write_dry_run<W: Write>(out: W, dialect: Dialect, rows: &[RowReport]) -> std::io::Result<W> {
    let mut w = CsvWriter::new(out, dialect, &["linha", "chave", "acao", "campo", "mensagem"])?;
    for row in rows {
        let line = i64::from(row.line);
        if row.issues.is_empty() {
            w.write_row(&[Cell::Int(line), Cell::Text(&row.key), Cell::Text(row.action.label()), Cell::Text(""), Cell::Text("")])?;
        }
        for issue in &row.issues {
            w.write_row(&[
                Cell::Int(line),
                Cell::Text(&row.key),
                Cell::Text(row.action.label()),
                Cell::Text(&issue.field),
                Cell::Text(&issue.message),
            ])?;
        }
    }
    w.finish()
}

pub fn write_results<W: Write>(out: W, dialect: Dialect, report: &ApplyReport) -> std::io::Result<W> {
    let mut w = CsvWriter::new(out, dialect, &["linha", "chave", "resultado", "id", "mensagem"])?;
    for row in &report.rows {
        w.write_row(&[
            Cell::Int(i64::from(row.line)),
            Cell::Text(&row.key),
            Cell::Text(row.outcome.label()),
            Cell::Int(row.id),
            Cell::Text(&row.message),
        ])?;
    }
    w.finish()
}

/// The file's rows that did not go through (invalid, failed or cancelled), with the reason.
pub fn write_failed_rows<W: Write>(out: W, dialect: Dialect, table: &Table, report: &ApplyReport) -> std::io::Result<(usize, W)> {
    let mut header = table.headers.clone();
    header.push("erro".to_owned());
    let mut w = CsvWriter::new(out, dialect, &header)?;
    let mut count = 0;
    for result in report.rows.iter().filter(|r| matches!(r.outcome, Outcome::Invalid | Outcome::Failed | Outcome::Cancelled)) {
        let Some(row) = table.rows.iter().find(|row| row.line == result.line) else { continue };
        let mut fields: Vec<&str> = row.fields.iter().map(String::as_str).collect();
        fields.resize(table.headers.len(), "");
        let reason = if result.message.is_empty() { result.outcome.label() } else { result.message.as_str() };
        fields.push(reason);
        w.write_texts(&fields)?;
        count += 1;
    }
    Ok((count, w.finish()?))
}
