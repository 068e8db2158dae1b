//! Bulk work over the typed client, shared by the `pabx` CLI and the desktop app: reading and
//! writing CSV files in the dialects Brazilian users meet (Excel pt-BR and RFC 4180), and the
//! import, export, range and clone operations built on them. Knows nothing of Tauri.

pub mod csv_io;

pub use csv_io::{Cell, CsvWriter, Dialect};
