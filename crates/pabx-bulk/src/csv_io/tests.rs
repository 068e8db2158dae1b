use super::*;

fn written(dialect: Dialect, header: &[&str], rows: &[Vec<Cell<'_>>]) -> Vec<u8> {
    let mut w = CsvWriter::new(Vec::new(), dialect, header).unwrap();
    for row in rows {
        w.write_row(row).unwrap();
    }
    w.finish().unwrap()
}

#[test]
fn excel_br_has_bom_semicolon_decimal_comma_and_crlf() {
    let out = written(
        Dialect::ExcelBr,
        &["nome", "custo", "qtd"],
        &[vec![Cell::Text("Recepção; térreo"), Cell::Decimal(1234.5, 4), Cell::Int(-3)]],
    );
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text, "\u{feff}nome;custo;qtd\r\n\"Recepção; térreo\";1234,5000;-3\r\n");
}

#[test]
fn rfc4180_has_comma_decimal_point_no_bom() {
    let out = written(
        Dialect::Rfc4180,
        &["nome", "custo"],
        &[vec![Cell::Text("Silva, \"Zé\""), Cell::Decimal(0.125, 2)], vec![Cell::Text("01310100"), Cell::Decimal(-2.0, 1)]],
    );
    let text = String::from_utf8(out).unwrap();
    // Rounding is Rust's (to even at the exact half), the same in both dialects.
    assert_eq!(text, "nome,custo\r\n\"Silva, \"\"Zé\"\"\",0.12\r\n01310100,-2.0\r\n");
}

#[test]
fn excel_br_protects_digit_text_that_excel_would_mangle_and_reader_unwraps_it() {
    let out = written(
        Dialect::ExcelBr,
        &["cep", "cnpj", "numero", "ddd"],
        &[vec![Cell::Text("01310100"), Cell::Text("11222333000181"), Cell::Text("1001"), Cell::Text("0")]],
    );
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("\"=\"\"01310100\"\"\";\"=\"\"11222333000181\"\"\";1001;0\r\n"), "{text}");
    let table = read_table(&out).unwrap();
    assert_eq!(table.rows[0].fields, ["01310100", "11222333000181", "1001", "0"]);
    assert_eq!(table.format.encoding, TextEncoding::Utf8Bom);
    assert_eq!(table.format.separator, ";");
}

#[test]
fn a_row_of_the_wrong_width_is_refused() {
    let mut w = CsvWriter::new(Vec::new(), Dialect::Rfc4180, &["a", "b"]).unwrap();
    assert!(w.write_row(&[Cell::Int(1)]).is_err());
}

#[test]
fn writer_streams_to_its_sink() {
    // A sink that only counts: if the writer kept rows, memory would grow; here we check it
    // hands bytes over as it goes (csv's buffer is 8 KiB), long before finish.
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = CsvWriter::new(Counter(0), Dialect::ExcelBr, &["a", "b"]).unwrap();
    for i in 0..10_000 {
        w.write_row(&[Cell::Int(i), Cell::Text("texto de exemplo")]).unwrap();
    }
    let sink = w.finish().unwrap();
    assert!(sink.0 > 200_000);
}

#[test]
fn reads_utf8_without_bom_with_comma() {
    let table = read_table(b"numero,nome\n1001,Recep\xc3\xa7\xc3\xa3o\n1002,\"Silva, Z\xc3\xa9\"\n").unwrap();
    assert_eq!(table.format, FileFormat { encoding: TextEncoding::Utf8, separator: ",".into() });
    assert_eq!(table.headers, ["numero", "nome"]);
    assert_eq!(table.rows[0], Row { line: 2, fields: vec!["1001".into(), "Recepção".into()] });
    assert_eq!(table.rows[1].fields[1], "Silva, Zé");
}

#[test]
fn reads_windows_1252_as_excel_pt_br_saves_it() {
    // "Recepção;São Paulo" in Windows-1252: ç = 0xE7, ã = 0xE3.
    let bytes = b"nome;cidade\r\nRecep\xe7\xe3o;S\xe3o Paulo\r\n";
    let table = read_table(bytes).unwrap();
    assert_eq!(table.format.encoding, TextEncoding::Windows1252);
    assert_eq!(table.format.separator, ";");
    assert_eq!(table.rows[0].fields, ["Recepção", "São Paulo"]);
}

#[test]
fn reads_utf16_with_bom() {
    let mut bytes = vec![0xff, 0xfe];
    for unit in "a\tb\r\n1\tç\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.format.encoding, TextEncoding::Utf16);
    assert_eq!(table.rows[0].fields, ["1", "ç"]);
}

#[test]
fn line_numbers_skip_blank_rows_and_count_multiline_fields() {
    let table = read_table(b"a;b\n1;\"x\ny\"\n\n;\n2;z\n").unwrap();
    assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 6]);
    assert_eq!(table.rows[0].fields[1], "x\ny");
}

#[test]
fn line_numbers_of_crlf_files_are_the_editors() {
    let table = read_table(b"a;b\r\n1;x\r\n2;\"y\r\nz\"\r\n3;w\r\n").unwrap();
    assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 5]);
}

#[test]
fn unreadable_files_say_why() {
    assert_eq!(read_table(b""), Err(ReadError::Empty));
    assert_eq!(read_table(b" \r\n"), Err(ReadError::Empty));
    assert_eq!(read_table(b"a;b\r\n"), Err(ReadError::NoRows));
    assert_eq!(read_table(b"PK\x03\x04\x14\x00"), Err(ReadError::NotText));
    assert!(ReadError::NotText.to_string().contains("CSV"));
}

#[test]
fn separator_detection() {
    assert_eq!(detect_separator("a;b;c\n1,5;2,5;3"), b';');
    assert_eq!(detect_separator("a,b,c\n"), b',');
    assert_eq!(detect_separator("\"a;x\",b,c"), b',');
    assert_eq!(detect_separator("a\tb"), b'\t');
    assert_eq!(detect_separator("nome"), b';');
}

#[test]
fn decimals_in_both_dialects() {
    assert_eq!(parse_decimal("1234.5"), Some(1234.5));
    assert_eq!(parse_decimal("1234,5"), Some(1234.5));
    assert_eq!(parse_decimal("1.234,56"), Some(1234.56));
    assert_eq!(parse_decimal("1,234.56"), Some(1234.56));
    assert_eq!(parse_decimal(" -0,07 "), Some(-0.07));
    assert_eq!(parse_decimal("abc"), None);
    assert_eq!(parse_decimal(""), None);
    for dialect in [Dialect::ExcelBr, Dialect::Rfc4180] {
        assert_eq!(parse_decimal(&dialect.decimal(0.1234, 4)), Some(0.1234));
    }
}

#[test]
fn headers_map_by_key_or_label_ignoring_case_accents_and_punctuation() {
    let columns = vec![
        Column { key: "faixa_min".into(), labels: vec!["Faixa de ramais: início".into()] },
        Column { key: "nome".into(), labels: vec!["Nome".into()] },
        Column {
            key: "encaminhar_todas_chamadas.encaminhamento_destino".into(),
            labels: vec!["Encaminhar todas as chamadas: Destino".into()],
        },
    ];
    let headers: Vec<String> =
        ["FAIXA DE RAMAIS - INICIO", " nome ", "Encaminhar todas as chamadas – destino", "extra", "Nome"].map(String::from).to_vec();
    let m = map_headers(&headers, &columns);
    assert_eq!(
        m.columns,
        [Some("faixa_min".into()), Some("nome".into()), Some("encaminhar_todas_chamadas.encaminhamento_destino".into()), None, None]
    );
    assert_eq!(m.unknown, ["extra"]);
    assert_eq!(m.duplicated, ["nome"]);
    assert_eq!(m.index_of("nome"), Some(1));
    assert_eq!(normalize("encaminhar_todas_chamadas.encaminhamento_destino"), "encaminhar_todas_chamadas.encaminhamento_destino");
}
