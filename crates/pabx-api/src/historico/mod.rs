//! Call history over any period: the server answers at most a two-month window (and 1000
//! records a page), so a longer period is split into [`janelas`] and fetched window by window
//! with bounded concurrency by [`buscar`], pages delivered in order (newest first) as they
//! arrive. [`custo`] checks each call's price against its trunk's tariff; [`resumo`] totals
//! and groups the calls. All of it is plain Rust, shared by the CLI and the desktop app.

pub mod colunas;
pub mod custo;
pub mod resumo;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use jiff::Span;
use serde::Serialize;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;

use crate::chamada::{Chamada, ListarHistoricoChamada, MAX_QUANTIDADE};
use crate::cliente::ListarClientes;
use crate::error::{Error, FieldError, Result};
use crate::regiao::{ListarRegioes, Regiao};
use crate::tronco::ListarTroncos;
use crate::validation;
use crate::Client;

pub use colunas::ColunasHistorico;
pub use custo::{ChamadaConferida, Conferencia, Tarifario, TOLERANCIA};
pub use resumo::{Acumulador, Desfecho, Grupo, Resumo, Totais};

/// The longest window the platform answers, in calendar months.
pub const MESES_POR_JANELA: i64 = 2;
/// Windows fetched at the same time by default: enough to hide latency, few enough to be
/// polite to a shared server.
pub const CONCORRENCIA_PADRAO: usize = 3;
/// Pages a window fetches ahead of the consumer. With [`CONCORRENCIA_PADRAO`] windows, at most
/// `3 × (2 + 1)` pages of 1000 records are held at once, whatever the period's size.
pub const PAGINAS_ADIANTADAS: usize = 2;

const FORMATO_DATA: &str = "%d/%m/%Y";

fn parse_data(text: &str) -> Option<Date> {
    Date::strptime(FORMATO_DATA, text.trim()).ok()
}

fn format_data(date: Date) -> String {
    date.strftime(FORMATO_DATA).to_string()
}

/// Splits a query of any length into queries of at most two months, newest first (the order
/// the server sorts calls in). Each window is strictly shorter than two months (from its first
/// day to the day before the same day two months later), so no reading of "two months" by a
/// server refuses it. Hours apply to the two ends of the period, as the server applies them to
/// the ends of one window: the first window keeps `hora_inicial`, the last `hora_final`, the
/// windows between run from 00:00 to 23:59. `pos_registro_inicial` starts at 0 and `quantidade`
/// is 1000 when unset. Invalid filters give the same field errors as
/// [`validation::validar_historico`], minus the two-month limit.
pub fn janelas(filtro: &ListarHistoricoChamada) -> std::result::Result<Vec<ListarHistoricoChamada>, Vec<FieldError>> {
    let errors = validation::validar_periodo_historico(filtro);
    if !errors.is_empty() {
        return Err(errors);
    }
    let invalid = |field: &str| vec![FieldError::new(field, "Data inválida: use dd/mm/aaaa, como 31/01/2026")];
    let inicio = parse_data(&filtro.data_inicial).ok_or_else(|| invalid("data_inicial"))?;
    let fim = parse_data(&filtro.data_final).ok_or_else(|| invalid("data_final"))?;
    let mut janelas = Vec::new();
    let mut de = inicio;
    loop {
        let limite = de.checked_add(Span::new().months(MESES_POR_JANELA)).and_then(|d| d.yesterday()).unwrap_or(fim);
        let ate = limite.min(fim);
        janelas.push(ListarHistoricoChamada {
            data_inicial: format_data(de),
            data_final: format_data(ate),
            hora_inicial: if de == inicio { filtro.hora_inicial.clone() } else { "00:00".into() },
            hora_final: if ate == fim { filtro.hora_final.clone() } else { "23:59".into() },
            pos_registro_inicial: 0,
            quantidade: if filtro.quantidade == 0 { MAX_QUANTIDADE } else { filtro.quantidade },
            ..filtro.clone()
        });
        match ate.tomorrow() {
            Ok(next) if ate < fim => de = next,
            _ => break,
        }
    }
    janelas.reverse();
    Ok(janelas)
}

/// What pricing, naming and totalling calls needs besides the calls: every trunk's tariffs,
/// the regions' and customers' names. Fetched once per history query by [`contexto`].
pub struct Contexto {
    pub tarifario: Tarifario,
    pub regioes: Vec<Regiao>,
    pub clientes: HashMap<i64, String>,
}

impl Contexto {
    /// A call with its cost check, and its customer's name when the server left it out.
    pub fn conferida(&self, mut chamada: Chamada, tronco_filtro: i64) -> ChamadaConferida {
        if chamada.cliente_nome.is_empty() {
            if let Some(nome) = self.clientes.get(&chamada.cliente_id) {
                chamada.cliente_nome.clone_from(nome);
            }
        }
        self.tarifario.conferida(chamada, tronco_filtro)
    }

    /// An empty [`Acumulador`] that names this context's regions.
    pub fn acumulador(&self) -> Acumulador {
        Acumulador::new(&self.regioes)
    }
}

/// Trunks, regions and customers, fetched at the same time.
pub async fn contexto(client: &Client) -> Result<Contexto> {
    let (troncos, regioes, clientes) = tokio::join!(
        client.list_all(ListarTroncos::default(), |_| ()),
        client.list_all(ListarRegioes::default(), |_| ()),
        client.list_all(ListarClientes::default(), |_| ()),
    );
    let clientes = clientes?
        .into_iter()
        .map(|c| {
            let nome = if c.nome.trim().is_empty() { c.razao_social } else { c.nome };
            (c.cliente_id, nome)
        })
        .collect();
    Ok(Contexto { tarifario: Tarifario::new(&troncos?), regioes: regioes?, clientes })
}

/// What [`carregar`] ends with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResultadoHistorico {
    /// Totals of the calls delivered (all of them unless cancelled).
    pub resumo: Resumo,
    /// Stopped by `cancelar` before the last page.
    pub cancelado: bool,
}

/// Every call of `filtro` (any period), checked against the tariffs and totalled: each page goes
/// to `on_page` as it arrives with the progress so far; `cancelar` is read between pages.
pub async fn carregar(
    client: &Client,
    filtro: &ListarHistoricoChamada,
    opcoes: Opcoes,
    cancelar: &AtomicBool,
    mut on_page: impl FnMut(Vec<ChamadaConferida>, ProgressoHistorico),
) -> Result<ResultadoHistorico> {
    let mut busca = buscar(client, filtro, opcoes)?;
    let contexto = contexto(client).await?;
    let mut acumulador = contexto.acumulador();
    let mut cancelado = false;
    while let Some(pagina) = busca.proxima().await? {
        let pagina: Vec<ChamadaConferida> = pagina.into_iter().map(|c| contexto.conferida(c, filtro.tronco_id)).collect();
        pagina.iter().for_each(|item| acumulador.adicionar(item));
        on_page(pagina, busca.progresso());
        if cancelar.load(Ordering::Relaxed) {
            busca.cancelar();
            cancelado = true;
            break;
        }
    }
    Ok(ResultadoHistorico { resumo: acumulador.resumo(), cancelado })
}

/// How [`buscar`] fetches.
#[derive(Debug, Clone, Copy)]
pub struct Opcoes {
    /// Windows fetched at the same time (at least 1).
    pub concorrencia: usize,
    /// Pages each window may fetch ahead of the consumer (at least 1).
    pub paginas_adiantadas: usize,
}

impl Default for Opcoes {
    fn default() -> Self {
        Self { concorrencia: CONCORRENCIA_PADRAO, paginas_adiantadas: PAGINAS_ADIANTADAS }
    }
}

/// Progress of a history fetch over all its windows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProgressoHistorico {
    /// Calls delivered so far.
    pub carregadas: u32,
    /// Sum of the windows' `qtd_total_resultados`, once every window has reported one.
    pub total: Option<u32>,
    pub janelas: u32,
    /// Windows delivered to the end.
    pub janelas_concluidas: u32,
}

type Mensagem = Result<Vec<Chamada>>;

/// A history fetch under way: [`Busca::proxima`] gives the next page in order. Dropping it
/// cancels every request still running.
pub struct Busca {
    canais: VecDeque<mpsc::Receiver<Mensagem>>,
    tarefas: JoinSet<()>,
    totais: Arc<Mutex<Vec<Option<u64>>>>,
    progresso: ProgressoHistorico,
}

/// Starts fetching every call of `filtro`, a period of any length (see [`janelas`]). Invalid
/// filters fail here with `Error::InvalidInput`, before anything is sent.
pub fn buscar(client: &Client, filtro: &ListarHistoricoChamada, opcoes: Opcoes) -> Result<Busca> {
    let janelas = janelas(filtro).map_err(Error::InvalidInput)?;
    let quantas = janelas.len();
    let semaforo = Arc::new(Semaphore::new(opcoes.concorrencia.max(1)));
    let totais = Arc::new(Mutex::new(vec![None; quantas]));
    let mut canais = VecDeque::with_capacity(quantas);
    let mut envios = Vec::with_capacity(quantas);
    for _ in 0..quantas {
        let (tx, rx) = mpsc::channel(opcoes.paginas_adiantadas.max(1));
        canais.push_back(rx);
        envios.push(tx);
    }
    let mut tarefas = JoinSet::new();
    let (client, totais_tarefas) = (client.clone(), Arc::clone(&totais));
    // One driver starts the windows in order as permits free up, so the oldest windows never
    // wait behind newer ones for a permit.
    tarefas.spawn(async move {
        let mut janelas_em_curso = JoinSet::new();
        for (indice, (janela, tx)) in janelas.into_iter().zip(envios).enumerate() {
            let Ok(permissao) = Arc::clone(&semaforo).acquire_owned().await else { return };
            let (client, totais) = (client.clone(), Arc::clone(&totais_tarefas));
            janelas_em_curso.spawn(async move {
                buscar_janela(&client, janela, indice, &totais, &tx).await;
                drop(permissao);
            });
        }
        while janelas_em_curso.join_next().await.is_some() {}
    });
    let progresso = ProgressoHistorico { janelas: u32::try_from(quantas).unwrap_or(u32::MAX), ..Default::default() };
    Ok(Busca { canais, tarefas, totais, progresso })
}

/// Every page of one window into its channel; stops when the consumer is gone.
async fn buscar_janela(
    client: &Client,
    janela: ListarHistoricoChamada,
    indice: usize,
    totais: &Mutex<Vec<Option<u64>>>,
    tx: &mpsc::Sender<Mensagem>,
) {
    let mut pages = client.pages(janela);
    loop {
        match pages.next().await {
            Ok(Some(records)) => {
                if let Ok(mut totais) = totais.lock() {
                    totais[indice] = Some(pages.total().unwrap_or(0).max(pages.progress().loaded.into()));
                }
                if tx.send(Ok(records)).await.is_err() {
                    return;
                }
            }
            Ok(None) => return,
            Err(error) => {
                let _ = tx.send(Err(error)).await;
                return;
            }
        }
    }
}

impl Busca {
    /// The next page of calls (newest window first, pages in the server's order); `None` at the
    /// end. After an error the fetch is over.
    pub async fn proxima(&mut self) -> Result<Option<Vec<Chamada>>> {
        while let Some(canal) = self.canais.front_mut() {
            match canal.recv().await {
                Some(Ok(records)) => {
                    let carregadas = u64::from(self.progresso.carregadas) + records.len() as u64;
                    self.progresso.carregadas = u32::try_from(carregadas).unwrap_or(u32::MAX);
                    self.atualizar_total();
                    return Ok(Some(records));
                }
                Some(Err(error)) => {
                    self.cancelar();
                    return Err(error);
                }
                None => {
                    self.canais.pop_front();
                    self.progresso.janelas_concluidas += 1;
                    self.atualizar_total();
                }
            }
        }
        Ok(None)
    }

    pub fn progresso(&self) -> ProgressoHistorico {
        self.progresso
    }

    /// Stops every request still running; [`Busca::proxima`] then returns `None`.
    pub fn cancelar(&mut self) {
        self.canais.clear();
        self.tarefas.abort_all();
    }

    fn atualizar_total(&mut self) {
        let Ok(totais) = self.totais.lock() else { return };
        self.progresso.total =
            totais.iter().try_fold(0u64, |soma, total| total.map(|t| soma + t)).map(|t| u32::try_from(t).unwrap_or(u32::MAX));
    }
}

impl Drop for Busca {
    fn drop(&mut self) {
        self.tarefas.abort_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtro(de: &str, ate: &str) -> ListarHistoricoChamada {
        ListarHistoricoChamada {
            data_inicial: de.into(),
            data_final: ate.into(),
            hora_inicial: "08:00".into(),
            hora_final: "18:30".into(),
            cliente_id: 7,
            status: "ATENDIDA".into(),
            ..Default::default()
        }
    }

    fn periodos(janelas: &[ListarHistoricoChamada]) -> Vec<(String, String, String, String)> {
        janelas.iter().map(|j| (j.data_inicial.clone(), j.hora_inicial.clone(), j.data_final.clone(), j.hora_final.clone())).collect()
    }

    #[test]
    fn a_short_period_is_one_window_with_both_hours() {
        let janelas = janelas(&filtro("01/03/2026", "31/03/2026")).unwrap();
        assert_eq!(periodos(&janelas), [("01/03/2026".into(), "08:00".into(), "31/03/2026".into(), "18:30".into())]);
        assert_eq!((janelas[0].quantidade, janelas[0].cliente_id, janelas[0].status.as_str()), (1000, 7, "ATENDIDA"));
    }

    #[test]
    fn a_year_is_six_windows_newest_first_covering_every_day_once() {
        let janelas = janelas(&filtro("01/01/2026", "31/12/2026")).unwrap();
        let esperado = [
            ("01/11/2026", "00:00", "31/12/2026", "18:30"),
            ("01/09/2026", "00:00", "31/10/2026", "23:59"),
            ("01/07/2026", "00:00", "31/08/2026", "23:59"),
            ("01/05/2026", "00:00", "30/06/2026", "23:59"),
            ("01/03/2026", "00:00", "30/04/2026", "23:59"),
            ("01/01/2026", "08:00", "28/02/2026", "23:59"),
        ];
        let esperado: Vec<_> = esperado.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
        assert_eq!(periodos(&janelas), esperado);
        for janela in &janelas {
            assert_eq!(validation::validar_historico(janela), vec![], "{janela:?}");
        }
    }

    #[test]
    fn month_ends_and_leap_years_leave_no_gap() {
        // Every day from the start to the end is in exactly one window, and each window passes
        // the server's two-month rule.
        for (de, ate) in [("31/12/2023", "15/07/2024"), ("29/02/2024", "01/03/2025"), ("30/01/2026", "30/01/2026")] {
            let janelas = janelas(&filtro(de, ate)).unwrap();
            let mut dias = Vec::new();
            for janela in janelas.iter().rev() {
                assert_eq!(validation::validar_historico(janela), vec![], "{janela:?}");
                let mut dia = parse_data(&janela.data_inicial).unwrap();
                let fim = parse_data(&janela.data_final).unwrap();
                while dia <= fim {
                    dias.push(dia);
                    dia = dia.tomorrow().unwrap();
                }
            }
            let (primeiro, ultimo) = (parse_data(de).unwrap(), parse_data(ate).unwrap());
            assert_eq!(dias.first(), Some(&primeiro));
            assert_eq!(dias.last(), Some(&ultimo));
            assert!(dias.windows(2).all(|par| par[0].tomorrow().unwrap() == par[1]), "{de}..{ate}");
        }
    }

    #[test]
    fn invalid_filters_give_the_validation_errors() {
        let errors = janelas(&filtro("31/02/2026", "")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["data_inicial", "data_final"]);
        let errors = janelas(&filtro("10/03/2026", "01/03/2026")).unwrap_err();
        assert_eq!(errors[0].field, "data_final");
        // Longer than two months is no error here.
        assert!(janelas(&filtro("01/01/2020", "31/12/2026")).unwrap().len() > 40);
    }
}
