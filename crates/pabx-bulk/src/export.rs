//! Export of a list to CSV with the import's columns, so that importing the file back changes
//! nothing. Passwords only when asked.

use std::io::Write;

use pabx_api::Client;
use serde_json::Value;

use crate::csv_io::{CsvWriter, Dialect};
use crate::entity::BulkEntity;
use crate::schema::record_cells;

/// Writes `records` as CSV; returns how many rows were written.
pub fn write_records<E: BulkEntity, W: Write>(
    out: W,
    dialect: Dialect,
    secrets: bool,
    records: &[E::Record],
) -> std::io::Result<(usize, W)> {
    let schema = E::schema();
    let keys = schema.export_keys(secrets);
    let mut writer = CsvWriter::new(out, dialect, &keys)?;
    let mut texts = Vec::with_capacity(keys.len());
    for record in records {
        let value = serde_json::to_value(record).unwrap_or(Value::Null);
        let cells = record_cells(&schema, &keys, &value, &mut texts);
        writer.write_row(&cells)?;
    }
    Ok((records.len(), writer.finish()?))
}

/// A failed export (pt-BR).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Api(#[from] pabx_api::Error),
    #[error("Não foi possível gravar o arquivo: {0}")]
    Io(#[from] std::io::Error),
}

/// Lists the scope's records (a cliente's ramais or DIDs, or every cliente) and writes them.
pub async fn export<E: BulkEntity, W: Write>(
    client: &Client,
    cliente_id: i64,
    out: W,
    dialect: Dialect,
    secrets: bool,
) -> Result<usize, ExportError> {
    let mut records = E::list(client, cliente_id).await?;
    if E::SCOPED {
        records.retain(|r| E::cliente_id(r) == cliente_id);
    }
    let (count, mut out) = write_records::<E, W>(out, dialect, secrets, &records)?;
    out.flush()?;
    Ok(count)
}
