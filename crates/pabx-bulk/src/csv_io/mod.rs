//! CSV dialects shared by every import and export of the app and the CLI (call history
//! included): detection when reading, one streaming writer per dialect.

mod headers;
mod read;
mod write;

pub use headers::{map_headers, normalize, Column, HeaderMapping};
pub use read::{decode, detect_separator, parse_decimal, read_table, FileFormat, ReadError, Row, Table, TextEncoding};
pub use write::{Cell, CsvWriter, Dialect};

#[cfg(test)]
mod tests;
