//! Bulk work over the typed client, shared by the `pabx` CLI and the desktop app: reading and
//! writing CSV files in the dialects Brazilian users meet (Excel pt-BR and RFC 4180), and the
//! import, export, range and clone operations built on them. Knows nothing of Tauri.
//!
//! An import is: [`csv_io::read_table`] → [`plan::dry_run`] (a [`plan::Plan`] whose report says
//! what each row would do; nothing sent) → [`apply::apply`] (the plan's writes, bounded
//! concurrency, progress, cancel, the [`journal`], unknown outcomes settled by [`reconcile`]).

pub mod apply;
pub mod clone;
pub mod csv_io;
pub mod entity;
pub mod excel;
pub mod export;
pub mod historico;
pub mod journal;
pub mod plan;
pub mod range;
pub mod reconcile;
pub mod report;
pub mod schema;
pub mod session;
pub mod tarifas;

pub use csv_io::{Cell, CsvWriter, Dialect};
pub use entity::{BulkEntity, Clientes, Dids, Kind, Ramais};
