//! Columns of records as one binary message, for a webview that holds 100,000 of them: numbers
//! as little-endian `f64`s the page reads in place (a typed array over the bytes, nothing to
//! parse), texts as one UTF-8 block with their offsets. A JSON parse of the same calls cost the
//! webview about as much CPU as fetching them; this costs it a text decode per text column.
//!
//! Layout: a `u32` (LE) with the header's length, the header ([`Cabecalho`], JSON: row count,
//! each column's name, kind and place, and the message's `meta`), then the columns, each at an
//! offset that is a multiple of 8 from the message's start (a typed array needs its alignment).
//! `ui/src/api/colunar.ts` reads it; `tests/fixtures/colunar.bin` is written by the test below
//! and read by that file's test, so both sides are held to one layout.

use serde::Serialize;

/// How a column's values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TipoColuna {
    /// `quantidade` × f64 LE (integers exact below 2^53).
    Numero,
    /// `quantidade` × f64 LE, NaN for none.
    NumeroOpcional,
    /// `quantidade` × u32 LE.
    Indice,
    /// `quantidade` × u8, 0 or 1.
    Logico,
    /// `quantidade + 1` × u32 LE offsets in UTF-16 units (what a JavaScript string counts), then
    /// the texts' UTF-8, one after another: text `i` is `[offset i, offset i+1)` of it decoded.
    Texto,
}

/// Where a column is in the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coluna {
    pub nome: String,
    pub tipo: TipoColuna,
    /// Values (a text column's own count; the others have the message's `linhas`).
    pub quantidade: u32,
    /// Byte offset from the message's start, a multiple of 8.
    pub inicio: u32,
    /// Bytes the column takes.
    pub bytes: u32,
}

/// The message's header.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cabecalho<M> {
    pub linhas: u32,
    pub colunas: Vec<Coluna>,
    pub meta: M,
}

/// Builds a message column by column; [`Colunar::fim`] gives its bytes.
#[derive(Debug, Default)]
pub struct Colunar {
    colunas: Vec<Coluna>,
    /// The columns' bytes, each column's start a multiple of 8 from this buffer's start.
    dados: Vec<u8>,
    linhas: u32,
}

fn u32_de(n: usize) -> u32 {
    u32::try_from(n).expect("a column message under 4 GiB")
}

impl Colunar {
    /// A message of `linhas` records.
    pub fn new(linhas: usize) -> Self {
        Self { linhas: u32_de(linhas), ..Self::default() }
    }

    fn coluna(&mut self, nome: &str, tipo: TipoColuna, quantidade: usize, escrever: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        self.dados.resize(self.dados.len().next_multiple_of(8), 0);
        let inicio = self.dados.len();
        escrever(&mut self.dados);
        let bytes = self.dados.len() - inicio;
        // `inicio` is made absolute in `fim`, once the header's length is known.
        self.colunas.push(Coluna {
            nome: nome.to_owned(),
            tipo,
            quantidade: u32_de(quantidade),
            inicio: u32_de(inicio),
            bytes: u32_de(bytes),
        });
        self
    }

    fn conferir(&self, nome: &str, quantidade: usize) {
        debug_assert_eq!(quantidade, self.linhas as usize, "column {nome} has {quantidade} values for {} rows", self.linhas);
    }

    fn f64s(&mut self, nome: &str, tipo: TipoColuna, valores: impl ExactSizeIterator<Item = f64>) -> &mut Self {
        self.conferir(nome, valores.len());
        let quantidade = valores.len();
        self.coluna(nome, tipo, quantidade, |dados| {
            dados.reserve(quantidade * 8);
            valores.for_each(|v| dados.extend_from_slice(&v.to_le_bytes()));
        })
    }

    pub fn numeros(&mut self, nome: &str, valores: &[f64]) -> &mut Self {
        self.f64s(nome, TipoColuna::Numero, valores.iter().copied())
    }

    /// Integers as `f64` (exact below 2^53: ids, seconds, `yyyymmddHHMMSS`).
    pub fn inteiros(&mut self, nome: &str, valores: &[i64]) -> &mut Self {
        self.f64s(nome, TipoColuna::Numero, valores.iter().map(|&v| v as f64))
    }

    pub fn opcionais(&mut self, nome: &str, valores: &[Option<f64>]) -> &mut Self {
        self.f64s(nome, TipoColuna::NumeroOpcional, valores.iter().map(|v| v.unwrap_or(f64::NAN)))
    }

    pub fn indices(&mut self, nome: &str, valores: &[u32]) -> &mut Self {
        self.conferir(nome, valores.len());
        self.coluna(nome, TipoColuna::Indice, valores.len(), |dados| {
            dados.reserve(valores.len() * 4);
            valores.iter().for_each(|v| dados.extend_from_slice(&v.to_le_bytes()));
        })
    }

    pub fn logicos(&mut self, nome: &str, valores: &[bool]) -> &mut Self {
        self.conferir(nome, valores.len());
        self.coluna(nome, TipoColuna::Logico, valores.len(), |dados| dados.extend(valores.iter().map(|&v| u8::from(v))))
    }

    /// Texts of the rows (`linhas` of them).
    pub fn textos<S: AsRef<str>>(&mut self, nome: &str, valores: &[S]) -> &mut Self {
        self.conferir(nome, valores.len());
        self.lista_de_textos(nome, valores)
    }

    /// Texts that are not one per row (a dictionary the rows index).
    pub fn lista_de_textos<S: AsRef<str>>(&mut self, nome: &str, valores: &[S]) -> &mut Self {
        self.coluna(nome, TipoColuna::Texto, valores.len(), |dados| {
            let offsets = dados.len();
            dados.resize(offsets + (valores.len() + 1) * 4, 0);
            let mut unidades = 0u32;
            for (i, valor) in valores.iter().enumerate() {
                let valor = valor.as_ref();
                dados.extend_from_slice(valor.as_bytes());
                unidades += u32_de(if valor.is_ascii() { valor.len() } else { valor.encode_utf16().count() });
                let at = offsets + (i + 1) * 4;
                dados[at..at + 4].copy_from_slice(&unidades.to_le_bytes());
            }
        })
    }

    /// The message: header (with `meta`), then the columns.
    pub fn fim<M: Serialize>(mut self, meta: M) -> Vec<u8> {
        // The header's length depends on the offsets written in it, and they on its length: take
        // a generous start for the columns (the header with offsets as wide as they can get).
        let largo = serde_json::to_vec(&Cabecalho { linhas: self.linhas, colunas: self.colunas.clone(), meta: &meta })
            .expect("a header of numbers and names serialises");
        let folga = self.colunas.len() * 10;
        let base = (4 + largo.len() + folga).next_multiple_of(8);
        for coluna in &mut self.colunas {
            coluna.inicio += u32_de(base);
        }
        let cabecalho = serde_json::to_vec(&Cabecalho { linhas: self.linhas, colunas: self.colunas, meta: &meta })
            .expect("a header of numbers and names serialises");
        assert!(4 + cabecalho.len() <= base, "the header fits before the columns");
        let mut mensagem = Vec::with_capacity(base + self.dados.len());
        mensagem.extend_from_slice(&u32_de(cabecalho.len()).to_le_bytes());
        mensagem.extend_from_slice(&cabecalho);
        // Spaces after the JSON: still one JSON text, whatever reads it.
        mensagem.resize(base, b' ');
        mensagem.extend_from_slice(&self.dados);
        mensagem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message the UI's test reads (`ui/src/api/colunar.test.ts`).
    fn exemplo() -> Vec<u8> {
        let mut c = Colunar::new(3);
        c.inteiros("id", &[1, 20_261_126_140_322, -7])
            .numeros("preco", &[0.5, 0.0, 1234.25])
            .opcionais("custo", &[Some(0.25), None, Some(-1.5)])
            .indices("status", &[2, 0, 1])
            .logicos("divergente", &[true, false, true])
            .textos("origem", &["1131000000", "", "São Paulo ✓ 𝄞"])
            .lista_de_textos("textos", &["ATENDIDA", "OCUPADO", "Ligação não atendida"]);
        c.fim(serde_json::json!({ "carregadas": 3, "total": null }))
    }

    fn fixture() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/colunar.bin")
    }

    #[test]
    fn the_ui_fixture_is_what_this_writes() {
        let bytes = exemplo();
        if std::env::var_os("PABX_WRITE_FIXTURES").is_some() {
            std::fs::write(fixture(), &bytes).unwrap();
        }
        let committed = std::fs::read(fixture()).expect("tests/fixtures/colunar.bin (PABX_WRITE_FIXTURES=1 writes it)");
        assert!(committed == bytes, "tests/fixtures/colunar.bin is stale: run this test with PABX_WRITE_FIXTURES=1");
    }

    #[test]
    fn columns_are_aligned_and_placed_as_the_header_says() {
        let bytes = exemplo();
        let h = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        let header: serde_json::Value = serde_json::from_slice(&bytes[4..4 + h]).unwrap();
        assert_eq!(header["linhas"], 3);
        assert_eq!(header["meta"]["carregadas"], 3);
        let col = |nome: &str| header["colunas"].as_array().unwrap().iter().find(|c| c["nome"] == nome).unwrap().clone();
        for c in header["colunas"].as_array().unwrap() {
            assert_eq!(c["inicio"].as_u64().unwrap() % 8, 0, "{c}");
            assert!(c["inicio"].as_u64().unwrap() as usize >= 4 + h);
        }
        let at = |c: &serde_json::Value| c["inicio"].as_u64().unwrap() as usize;
        let f64_at = |o: usize| f64::from_le_bytes(bytes[o..o + 8].try_into().unwrap());
        let id = col("id");
        assert_eq!(id["tipo"], "numero");
        assert_eq!(f64_at(at(&id) + 8), 20_261_126_140_322.0);
        let custo = col("custo");
        assert_eq!(custo["tipo"], "numero_opcional");
        assert!(f64_at(at(&custo) + 8).is_nan());
        let origem = col("origem");
        let o = at(&origem);
        let offsets: Vec<u32> = (0..4).map(|i| u32::from_le_bytes(bytes[o + i * 4..o + i * 4 + 4].try_into().unwrap())).collect();
        // UTF-16 units: "ã" and "✓" are one, "𝄞" two.
        assert_eq!(offsets, [0, 10, 10, 10 + "São Paulo ✓ 𝄞".encode_utf16().count() as u32]);
        let texto = std::str::from_utf8(&bytes[o + 16..o + origem["bytes"].as_u64().unwrap() as usize]).unwrap();
        assert_eq!(texto, "1131000000São Paulo ✓ 𝄞");
    }
}
