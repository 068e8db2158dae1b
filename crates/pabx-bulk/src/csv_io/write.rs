//! Writing CSV in the two dialects users meet, streaming: each row goes straight to the
//! underlying writer through a fixed buffer, so memory does not grow with the number of rows.

use std::io::Write;

use serde::{Deserialize, Serialize};

/// A CSV dialect for writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// What Excel on Brazilian Windows opens with a double click: `;` between fields, UTF-8 with a
    /// BOM (so accents survive), decimal comma, CRLF line ends. Digit-only text that Excel would
    /// turn into a number (leading zeros, 12+ digits) is written as `="..."`, which Excel shows as
    /// text and our reader unwraps.
    #[default]
    ExcelBr,
    /// RFC 4180: `,` between fields, UTF-8 without BOM, decimal point, CRLF line ends; for scripts
    /// and other tools.
    Rfc4180,
}

impl Dialect {
    pub fn separator(self) -> u8 {
        match self {
            Dialect::ExcelBr => b';',
            Dialect::Rfc4180 => b',',
        }
    }

    pub fn writes_bom(self) -> bool {
        self == Dialect::ExcelBr
    }

    pub fn decimal_separator(self) -> char {
        match self {
            Dialect::ExcelBr => ',',
            Dialect::Rfc4180 => '.',
        }
    }

    /// `value` with `places` decimals in this dialect (`1234,5000` / `1234.5000`); no thousands
    /// separator, so the reader and spreadsheets read it back exactly.
    pub fn decimal(self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        match self.decimal_separator() {
            '.' => text,
            sep => text.replace('.', &sep.to_string()),
        }
    }
}

/// One cell of a row: typed so that numbers get the dialect's decimal separator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Int(i64),
    /// A decimal number and how many places to write.
    Decimal(f64, usize),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(value: &'a str) -> Self {
        Cell::Text(value)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(value: &'a String) -> Self {
        Cell::Text(value)
    }
}

impl From<i64> for Cell<'_> {
    fn from(value: i64) -> Self {
        Cell::Int(value)
    }
}

/// Text Excel would read as a number and mangle: digits only, and a leading zero (CEP, a
/// number with a trunk prefix) or 12+ digits (CNPJ, phone numbers become `5,51199E+12`).
fn excel_would_mangle(text: &str) -> bool {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits && ((text.len() > 1 && text.starts_with('0')) || text.len() >= 12)
}

/// A streaming CSV writer: header first, then rows; `finish` flushes and returns the writer.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
    dialect: Dialect,
    columns: usize,
    scratch: Vec<String>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a file: the BOM (Excel pt-BR) and the header row.
    pub fn new<H: AsRef<str>>(mut out: W, dialect: Dialect, header: &[H]) -> std::io::Result<Self> {
        if dialect.writes_bom() {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut inner = csv::WriterBuilder::new().delimiter(dialect.separator()).terminator(csv::Terminator::CRLF).from_writer(out);
        inner.write_record(header.iter().map(AsRef::as_ref)).map_err(into_io)?;
        Ok(Self { inner, dialect, columns: header.len(), scratch: Vec::new() })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Writes one row; it must have as many cells as the header.
    pub fn write_row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        if cells.len() != self.columns {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("linha com {} colunas, o cabeçalho tem {}", cells.len(), self.columns),
            ));
        }
        // Reuse the strings of the previous row: no allocation per row once warmed up.
        self.scratch.resize_with(cells.len(), String::new);
        for (slot, cell) in self.scratch.iter_mut().zip(cells) {
            slot.clear();
            match *cell {
                Cell::Text(text) if self.dialect == Dialect::ExcelBr && excel_would_mangle(text) => {
                    slot.push_str("=\"");
                    slot.push_str(text);
                    slot.push('"');
                }
                Cell::Text(text) => slot.push_str(text),
                Cell::Int(n) => {
                    use std::fmt::Write as _;
                    let _ = write!(slot, "{n}");
                }
                Cell::Decimal(value, places) => slot.push_str(&self.dialect.decimal(value, places)),
            }
        }
        self.inner.write_record(&self.scratch).map_err(into_io)
    }

    /// Writes a row of plain text cells.
    pub fn write_texts<S: AsRef<str>>(&mut self, cells: &[S]) -> std::io::Result<()> {
        let cells: Vec<Cell<'_>> = cells.iter().map(|c| Cell::Text(c.as_ref())).collect();
        self.write_row(&cells)
    }

    /// Flushes everything and gives the underlying writer back.
    pub fn finish(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

fn into_io(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
