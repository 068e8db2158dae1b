//! Reading the CSV files users bring: the separator (`;` from Excel pt-BR, `,` from RFC 4180
//! tools, tab) and the encoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 from
//! Excel on Brazilian Windows) are detected, not asked.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1252,
}

/// What a read found out about the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileFormat {
    pub encoding: TextEncoding,
    /// The separator, as text (`;`, `,` or a tab).
    pub separator: String,
}

/// One data row: its line number in the file (the header is line 1; a quoted field spanning lines
/// makes the next row's number jump, as a text editor shows it) and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Row {
    pub line: u32,
    pub fields: Vec<String>,
}

/// A whole file read into memory (import files are small: thousands of rows at most).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub format: FileFormat,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// A file that cannot be read as a table at all (pt-BR messages).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("O arquivo está vazio.")]
    Empty,
    #[error("O arquivo não tem linhas de dados, só o cabeçalho.")]
    NoRows,
    #[error("O arquivo parece não ser um CSV (conteúdo binário, por exemplo uma planilha .xlsx). Salve-o como \"CSV (separado por vírgulas)\" e tente de novo.")]
    NotText,
    #[error("Linha {line}: {message}")]
    Malformed { line: u32, message: String },
}

/// Decodes the bytes of a file: BOM first, then strict UTF-8, else Windows-1252 (every byte means
/// a character there, so it never fails; Excel pt-BR's "CSV" save uses it).
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), ReadError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let kind = if encoding == encoding_rs::UTF_8 { TextEncoding::Utf8Bom } else { TextEncoding::Utf16 };
        return Ok((text, kind));
    }
    // A zip (xlsx) or other binary: NUL bytes never occur in a text CSV.
    if bytes.starts_with(b"PK\x03\x04") || bytes.iter().take(4096).any(|&b| b == 0) {
        return Err(ReadError::NotText);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), TextEncoding::Utf8)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, TextEncoding::Windows1252))
        }
    }
}

/// The separator of the first line: the most frequent of `;`, `,` and tab outside quotes; a tie
/// goes to `;` (a pt-BR header rarely holds one, and values with commas are common).
pub fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Undoes what our Excel dialect writes for digit-only text (`="01310100"`) and trims the blanks
/// spreadsheets leave around values.
fn clean_field(field: &str) -> String {
    let trimmed = field.trim();
    if let Some(inner) = trimmed.strip_prefix("=\"").and_then(|s| s.strip_suffix('"')) {
        return inner.to_owned();
    }
    trimmed.to_owned()
}

/// Reads a whole CSV file: encoding and separator detected, header row, then the rows (fully
/// blank rows, as spreadsheets leave at the end, skipped). Rows may have fewer or more fields than
/// the header; the import reports those per line.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    let (text, encoding) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    // csv counts a CRLF record end one line short; Excel writes CRLF, so count on plain LF.
    let text = if text.contains("\r\n") { Cow::Owned(text.replace("\r\n", "\n")) } else { text };
    let separator = detect_separator(&text);
    let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line()) as u32;
                return Err(ReadError::Malformed { line, message: malformed_message(&error) });
            }
        }
        let line = record.position().map_or(0, |p| p.line()) as u32;
        let fields: Vec<String> = record.iter().map(clean_field).collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if headers.is_none() {
            headers = Some(fields);
        } else {
            rows.push(Row { line, fields });
        }
    }
    let headers = headers.ok_or(ReadError::Empty)?;
    if rows.is_empty() {
        return Err(ReadError::NoRows);
    }
    let separator = char::from(separator).to_string();
    Ok(Table { format: FileFormat { encoding, separator }, headers, rows })
}

fn malformed_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "caracteres inválidos".to_owned(),
        _ => "não foi possível ler a linha (aspas sem fechamento?)".to_owned(),
    }
}

/// A number as spreadsheets write it in either dialect: `1234.5`, `1234,5`, `1.234,56`, `1,234.56`.
/// The last of `.`/`,` is the decimal separator when both occur.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    let normalized = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(_)) => t.replace(',', "."),
        _ => t.to_owned(),
    };
    normalized.parse::<f64>().ok().filter(|f| f.is_finite())
}
