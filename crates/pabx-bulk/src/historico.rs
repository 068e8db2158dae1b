//! Export of the call history: every call of a filter (any period, all customers or one), with
//! its cost check and its customer's name, written through [`CsvWriter`] while the pages
//! arrive, so memory does not grow with the number of calls. The CLI's `chamadas export` and the
//! app's export both run [`exportar`]; the file appears only when complete (written beside it
//! under a temporary name, then renamed).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::historico::{self, ChamadaConferida, Opcoes, ProgressoHistorico, Resumo};
use pabx_api::{Client, Regiao};
use serde::Serialize;

use crate::csv_io::{Cell, CsvWriter, Dialect};

/// The columns: the key (the RFC 4180 header, for scripts) and the pt-BR label (the Excel
/// header, for people). The reader maps either back to the key.
pub const COLUNAS: &[(&str, &str)] = &[
    ("data", "Data"),
    ("cliente_id", "Código do cliente"),
    ("cliente_nome", "Cliente"),
    ("origem", "Origem"),
    ("destino", "Destino"),
    ("regiao_id", "Código da região"),
    ("regiao", "Região"),
    ("recurso", "Tronco ou recurso"),
    ("status", "Status"),
    ("status_descricao", "Descrição do status"),
    ("duracao_chamada", "Duração (s)"),
    ("preco", "Preço (R$)"),
    ("custo_tarifa", "Custo pela tarifa (R$)"),
    ("diferenca", "Diferença (R$)"),
    ("divergente", "Divergente"),
    ("link_gravacao", "Gravação"),
    ("chamada_id", "Identificador da chamada"),
    ("cdr_id", "CDR"),
    ("sip_code", "Código SIP"),
];

/// Writes calls as rows of [`COLUNAS`].
pub struct Exportador<W: Write> {
    csv: CsvWriter<W>,
    regioes: HashMap<i64, String>,
    linhas: u64,
}

impl<W: Write> Exportador<W> {
    /// Starts the file: BOM (Excel) and header. `regioes` name the `regiao` column.
    pub fn new(out: W, dialect: Dialect, regioes: &[Regiao]) -> std::io::Result<Self> {
        let header: Vec<&str> = COLUNAS.iter().map(|(chave, rotulo)| if dialect == Dialect::ExcelBr { *rotulo } else { *chave }).collect();
        Ok(Self {
            csv: CsvWriter::new(out, dialect, &header)?,
            regioes: regioes.iter().map(|r| (r.regiao_id, r.nome.clone())).collect(),
            linhas: 0,
        })
    }

    pub fn escrever(&mut self, item: &ChamadaConferida) -> std::io::Result<()> {
        let (c, conf) = (&item.chamada, &item.conferencia);
        let regiao = match c.regiao_id {
            0 => "",
            id => self.regioes.get(&id).map(String::as_str).unwrap_or_default(),
        };
        let custo = conf.custo_calculado.map_or(Cell::Text(""), |v| Cell::Decimal(v, 4));
        let diferenca = conf.custo_calculado.map_or(Cell::Text(""), |_| Cell::Decimal(conf.diferenca, 4));
        self.csv.write_row(&[
            Cell::Text(&c.data),
            Cell::Int(c.cliente_id),
            Cell::Text(&c.cliente_nome),
            Cell::Text(&c.origem),
            Cell::Text(&c.destino),
            Cell::Int(c.regiao_id),
            Cell::Text(regiao),
            Cell::Text(&c.recurso),
            Cell::Text(&c.status),
            Cell::Text(&c.status_descricao),
            Cell::Int(c.duracao_chamada),
            Cell::Decimal(c.preco, 4),
            custo,
            diferenca,
            Cell::Text(if conf.divergente { "sim" } else { "não" }),
            Cell::Text(&c.link_gravacao),
            Cell::Text(&c.chamada_id),
            Cell::Int(c.cdr_id),
            Cell::Text(&c.sip_code),
        ])?;
        self.linhas += 1;
        Ok(())
    }

    pub fn linhas(&self) -> u64 {
        self.linhas
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.csv.finish()
    }
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelatorioExportacao {
    /// Rows written (calls).
    pub linhas: u32,
    /// Stopped by the user before the end; no file was left.
    pub cancelado: bool,
    /// Totals of the exported calls (the same as `pabx chamadas resumo`).
    pub resumo: Resumo,
}

/// Why an export failed; pt-BR messages.
#[derive(Debug, thiserror::Error)]
pub enum ErroExportacao {
    #[error(transparent)]
    Api(#[from] pabx_api::Error),
    #[error("Não foi possível gravar {caminho}: {causa}. Confira a pasta, as permissões e o espaço em disco.")]
    Arquivo { caminho: String, causa: std::io::Error },
}

/// Exports every call of `filtro` to `caminho` in `dialect`. Progress after each page;
/// `cancelar` is checked between pages. The file is written as `<caminho>.parcial` and renamed
/// at the end; on cancel or error nothing is left at either path.
pub async fn exportar(
    client: &Client,
    filtro: &ListarHistoricoChamada,
    dialect: Dialect,
    caminho: &Path,
    opcoes: Opcoes,
    mut on_progress: impl FnMut(ProgressoHistorico),
    cancelar: &AtomicBool,
) -> Result<RelatorioExportacao, ErroExportacao> {
    let erro_arquivo = |causa| ErroExportacao::Arquivo { caminho: caminho.display().to_string(), causa };
    // Filters are checked before anything is sent or created.
    historico::janelas(filtro).map_err(pabx_api::Error::InvalidInput)?;
    let regioes = client.list_all(pabx_api::regiao::ListarRegioes::default(), |_| ()).await?;
    let parcial = parcial(caminho);
    let arquivo = File::create(&parcial).map_err(erro_arquivo)?;
    let mut exportador: Option<Exportador<BufWriter<File>>> = None;
    let mut falha: Option<std::io::Error> = None;
    // Stops the fetch on the user's cancel or on a write error.
    let parar = AtomicBool::new(false);
    let resultado = match Exportador::new(BufWriter::with_capacity(64 * 1024, arquivo), dialect, &regioes) {
        Ok(e) => {
            let exportador = exportador.insert(e);
            historico::carregar(client, filtro, opcoes, &parar, |pagina, progresso| {
                for item in &pagina {
                    if let Err(error) = exportador.escrever(item) {
                        falha.get_or_insert(error);
                        parar.store(true, Ordering::Relaxed);
                        return;
                    }
                }
                on_progress(progresso);
                if cancelar.load(Ordering::Relaxed) {
                    parar.store(true, Ordering::Relaxed);
                }
            })
            .await
            .map_err(ErroExportacao::from)
        }
        Err(error) => Err(erro_arquivo(error)),
    };
    let fechado = exportador.map(|e| (e.linhas(), e.finish().and_then(|mut w| w.flush())));
    let resultado = match (resultado, falha, fechado) {
        (Err(error), ..) => Err(error),
        (_, Some(error), _) | (_, None, Some((_, Err(error)))) => Err(erro_arquivo(error)),
        (Ok(resultado), None, Some((linhas, Ok(())))) => Ok(RelatorioExportacao {
            linhas: u32::try_from(linhas).unwrap_or(u32::MAX),
            cancelado: resultado.cancelado,
            resumo: resultado.resumo,
        }),
        (Ok(_), None, None) => Err(erro_arquivo(std::io::Error::other("arquivo não iniciado"))),
    };
    match resultado {
        Ok(relatorio) if !relatorio.cancelado => {
            std::fs::rename(&parcial, caminho).map_err(|causa| {
                let _ = std::fs::remove_file(&parcial);
                erro_arquivo(causa)
            })?;
            Ok(relatorio)
        }
        other => {
            let _ = std::fs::remove_file(&parcial);
            other
        }
    }
}

fn parcial(caminho: &Path) -> PathBuf {
    let mut nome = caminho.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    nome.push(".parcial");
    caminho.with_file_name(nome)
}

/// The totals of every call of `filtro`, without writing anything (`pabx chamadas resumo`).
pub async fn resumir(
    client: &Client,
    filtro: &ListarHistoricoChamada,
    opcoes: Opcoes,
    mut on_progress: impl FnMut(ProgressoHistorico),
) -> Result<Resumo, pabx_api::Error> {
    let never = AtomicBool::new(false);
    let resultado = historico::carregar(client, filtro, opcoes, &never, |_, progresso| on_progress(progresso)).await?;
    Ok(resultado.resumo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_io::{map_headers, read_table, Column};
    use pabx_api::historico::Conferencia;
    use pabx_api::Chamada;

    fn item() -> ChamadaConferida {
        ChamadaConferida {
            chamada: Chamada {
                data: "26/11/2026 08:10:00".into(),
                cliente_id: 3,
                cliente_nome: "Clínica Sorriso; Carioca".into(),
                origem: "2001".into(),
                destino: "011987654321".into(),
                regiao_id: 4,
                recurso: "Alfa".into(),
                status: "ATENDIDA".into(),
                duracao_chamada: 61,
                preco: 0.35,
                cdr_id: 9,
                ..Default::default()
            },
            conferencia: Conferencia {
                tronco_id: Some(1),
                custo_calculado: Some(0.209),
                segundos_cobrados: Some(66),
                diferenca: 0.141,
                divergente: true,
            },
        }
    }

    fn exportado(dialect: Dialect) -> Vec<u8> {
        let regioes = [Regiao { regiao_id: 4, nome: "Móvel longa distância".into(), ..Default::default() }];
        let mut e = Exportador::new(Vec::new(), dialect, &regioes).unwrap();
        e.escrever(&item()).unwrap();
        e.escrever(&ChamadaConferida {
            chamada: Chamada { status: "FALHA".into(), ..Default::default() },
            conferencia: Conferencia::default(),
        })
        .unwrap();
        assert_eq!(e.linhas(), 2);
        e.finish().unwrap()
    }

    #[test]
    fn both_dialects_read_back_to_the_same_cells() {
        let excel = exportado(Dialect::ExcelBr);
        let rfc = exportado(Dialect::Rfc4180);
        assert!(excel.starts_with("\u{feff}Data;".as_bytes()));
        assert!(rfc.starts_with(b"data,cliente_id,"));
        let text = String::from_utf8(excel.clone()).unwrap();
        assert!(text.contains(";0,3500;0,2090;0,1410;sim;"), "{text}");
        assert!(String::from_utf8(rfc.clone()).unwrap().contains(",0.3500,0.2090,0.1410,sim,"));
        let columns: Vec<Column> =
            COLUNAS.iter().map(|(key, label)| Column { key: (*key).into(), labels: vec![(*label).into()] }).collect();
        let rows = |bytes: &[u8]| {
            let table = read_table(bytes).unwrap();
            let mapping = map_headers(&table.headers, &columns);
            assert!(mapping.unknown.is_empty() && mapping.duplicated.is_empty());
            let keys: Vec<&str> = mapping.columns.iter().map(|k| k.as_deref().unwrap_or("?")).collect();
            assert_eq!(keys, COLUNAS.iter().map(|(k, _)| *k).collect::<Vec<_>>());
            table.rows.into_iter().map(|r| r.fields).collect::<Vec<_>>()
        };
        let (excel_rows, rfc_rows) = (rows(&excel), rows(&rfc));
        assert_eq!(excel_rows.len(), 2);
        for (a, b) in excel_rows.iter().zip(&rfc_rows) {
            for (x, y) in a.iter().zip(b) {
                // Only the decimal separator differs.
                assert_eq!(x.replace(',', "."), y.replace(',', "."));
            }
        }
        assert_eq!(excel_rows[0][2], "Clínica Sorriso; Carioca");
        assert_eq!(excel_rows[0][4], "011987654321");
        assert_eq!(excel_rows[0][6], "Móvel longa distância");
        assert_eq!(excel_rows[1][12], "", "an unchecked call has no tariff cost");
    }
}
