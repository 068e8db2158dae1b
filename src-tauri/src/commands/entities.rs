//! The API's commands, named as the actions: every list fetches all pages and emits
//! `ListProgress`; every write is checked first and sends nothing when invalid. The list
//! screens load through `carregar_*`, which stream pages over a channel and are cancelled with
//! `cancelar_operacao`. One macro per shape, over the generic `Core::list_all` /
//! `Core::list_pages` / `Core::write`.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use pabx_api::chamada::*;
use pabx_api::cliente::*;
use pabx_api::did::*;
use pabx_api::plano_discagem::*;
use pabx_api::ramal::*;
use pabx_api::regiao::*;
use pabx_api::regra_roteamento::*;
use pabx_api::tronco::*;
use pabx_api::{Progress, WriteOutcome};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::core::Core;
use crate::error::CommandResult;
use crate::events::list_progress;

use tokio::sync::mpsc;

use super::lotes::{enviar_em_lotes, PaginaColunar};
use super::operacoes::Operacoes;

/// One page of a streamed list: its new records and the progress after them. A tuple, the
/// smallest form on the wire: tauri-specta cannot name a generic struct inside a `Channel`.
pub type PaginaLista<T> = (Vec<T>, Progress);

/// How a streamed load ended. Channel messages can reach the webview after the answer, so the
/// UI waits for `paginas` of them before it takes the answer's own rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct CargaLista {
    pub paginas: u32,
    pub progresso: Progress,
    /// False when cancelled (`cancelar_operacao`) or when the window went away.
    pub completa: bool,
}

/// The most records in one message of a streamed list: a customer's 10,000 ramais (about 1 MB
/// of `RamalLinha` columns) cross in one when the server is fast.
const MAXIMO_LOTE_LISTA: usize = 10_000;

/// A page of a long list as binary columns ([`PaginaColunar`]) instead of a [`PaginaLista`].
impl From<(Vec<RamalLinha>, Progress)> for PaginaColunar {
    fn from((linhas, progresso): (Vec<RamalLinha>, Progress)) -> Self {
        PaginaColunar(RamalLinha::em_colunas(&linhas, progresso))
    }
}

/// The answer of a `carregar_*` whose pages go as `Self`: how the load ended and the rows of the
/// message still gathering when it ended ([`Envio::ultimas`](super::lotes::Envio)), which ride
/// on the answer (for a fast server, the whole list) instead of costing the webview a hop.
pub trait ComResposta<Row>: From<(Vec<Row>, Progress)> {
    type Resposta;
    fn resposta(ultimas: Vec<Row>, carga: CargaLista) -> Self::Resposta;
}

/// The answer of a list streamed as [`PaginaLista`]s: `[CargaLista, last rows]`.
pub type RespostaLista<T> = (CargaLista, Vec<T>);

impl<T> ComResposta<T> for PaginaLista<T> {
    type Resposta = RespostaLista<T>;
    fn resposta(ultimas: Vec<T>, carga: CargaLista) -> RespostaLista<T> {
        (carga, ultimas)
    }
}

/// A list streamed as [`PaginaColunar`]s answers with one more, the [`CargaLista`] as its `meta`.
impl ComResposta<RamalLinha> for PaginaColunar {
    type Resposta = PaginaColunar;
    fn resposta(ultimas: Vec<RamalLinha>, carga: CargaLista) -> PaginaColunar {
        PaginaColunar(RamalLinha::em_colunas(&ultimas, carga))
    }
}

/// `carregar_*`: every page of the list, sent on `canal` as it arrives (pages that follow at once
/// gathered in one message: [`enviar_em_lotes`]; the last one on the answer: [`ComResposta`]); the load's id is
/// `operacao`, and `cancelar_operacao(operacao)` stops it at once (no further request). Each
/// record goes as `$row` (`From<$item>`): the record itself, or for long lists only what the
/// list shows; a page goes as `$message` (`From<(Vec<$row>, Progress)>`): a [`PaginaLista`], or
/// for lists of thousands a [`PaginaColunar`].
macro_rules! stream_commands {
    ($( $name:ident ( $filter:ty ) -> $item:ty => $row:ty as $message:ty ; )*) => {$(
        #[doc = concat!("`", stringify!($name), "`: every page, streamed on `canal` as it arrives; cancelled by `cancelar_operacao`.")]
        #[tauri::command]
        #[specta::specta]
        pub async fn $name(
            core: State<'_, Core>,
            operacoes: State<'_, Operacoes>,
            filtro: $filter,
            operacao: String,
            canal: Channel<$message>,
        ) -> CommandResult<<$message as ComResposta<$row>>::Resposta> {
            let cancel = operacoes.iniciar(&operacao);
            let (paginas_tx, paginas_rx) = mpsc::unbounded_channel::<(Vec<$row>, Progress)>();
            let janela_fechada = AtomicBool::new(false);
            let carga = async {
                let paginas_tx = paginas_tx;
                let outcome = core
                    .list_pages(filtro, &cancel, |records, progress| {
                        // A window that is gone cannot show the pages: stop asking for more.
                        // Rows made here: pages gathered into one message then move the light
                        // rows, not the whole records.
                        let rows: Vec<$row> = records.into_iter().map(<$row>::from).collect();
                        if janela_fechada.load(Ordering::Relaxed) || paginas_tx.send((rows, progress)).is_err() {
                            return ControlFlow::Break(());
                        }
                        ControlFlow::Continue(())
                    })
                    .await;
                drop(paginas_tx);
                outcome
            };
            let envio = async {
                let envio = enviar_em_lotes(paginas_rx, MAXIMO_LOTE_LISTA, |rows, progress| {
                    canal.send(<$message>::from((rows, progress))).is_ok()
                })
                .await;
                janela_fechada.store(envio.fechada, Ordering::Relaxed);
                envio
            };
            let (outcome, envio) = tokio::join!(carga, envio);
            let (progresso, completa) = outcome?;
            let ultimas = envio.ultimas.map(|(rows, _)| rows).unwrap_or_default();
            Ok(<$message>::resposta(ultimas, CargaLista { paginas: envio.enviadas, progresso, completa }))
        }
    )*};
}

stream_commands! {
    carregar_clientes(ListarClientes) -> Cliente => Cliente as PaginaLista<Cliente>;
    // Thousands per customer: the list gets its columns only, in binary columns; the form asks
    // `obter_ramal`.
    carregar_ramais(ListarRamais) -> Ramal => RamalLinha as PaginaColunar;
    carregar_dids(ListarDids) -> Did => Did as PaginaLista<Did>;
    carregar_troncos(ListarTroncos) -> Tronco => Tronco as PaginaLista<Tronco>;
    carregar_planos_discagem(ListarPlanosDiscagem) -> PlanoDiscagem => PlanoDiscagem as PaginaLista<PlanoDiscagem>;
}

/// One ramal, whole, as the server has it now (the form of a row of `carregar_ramais`); a
/// ramal gone from the server is `not_found`.
#[tauri::command]
#[specta::specta]
pub async fn obter_ramal(core: State<'_, Core>, cliente_id: i64, ramal_id: i64) -> CommandResult<Ramal> {
    let filtro = ListarRamais { cliente_id, ramal_id, ..ListarRamais::default() };
    let ramais = core.list_all(filtro, |_| ()).await?;
    ramais.into_iter().find(|r| r.ramal_id == ramal_id).ok_or_else(|| pabx_api::Error::NotFound { mensagem: String::new() }.into())
}

/// What still belongs to a customer (`Client::dependentes_cliente`): counted in Rust, one
/// request per list when the server reports totals, so a delete is explained before it is
/// confirmed without sending the customer's records to the webview.
#[tauri::command]
#[specta::specta]
pub async fn dependentes_cliente(core: State<'_, Core>, cliente_id: i64) -> CommandResult<DependentesCliente> {
    Ok(core.client().await?.dependentes_cliente(cliente_id).await?)
}

/// How many of the customer's ramais use each dial plan (`pabx_api::plano_discagem::usos`):
/// the ramais are fetched here and only the counts reach the webview.
#[tauri::command]
#[specta::specta]
pub async fn usos_planos_discagem(core: State<'_, Core>, cliente_id: i64) -> CommandResult<Vec<UsoPlano>> {
    let ramais = core.list_all(ListarRamais { cliente_id, ..ListarRamais::default() }, |_| ()).await?;
    Ok(usos(&ramais))
}

/// `listar_*`: every page, with progress events. `$all` is `list_all` for lists of records
/// with ids (paging skips records seen before) or `list_single` for an unpaged list.
macro_rules! list_commands {
    ($( $name:ident ( $filter:ty ) -> $item:ty , $all:ident ; )*) => {$(
        #[doc = concat!("`", stringify!($name), "`: every page; emits `ListProgress` after each.")]
        #[tauri::command]
        #[specta::specta]
        pub async fn $name<R: Runtime>(app: AppHandle<R>, filtro: $filter) -> CommandResult<Vec<$item>> {
            let core = app.state::<Core>();
            core.$all(filtro, list_progress(&app, stringify!($name))).await
        }
    )*};
}

/// Writes: the command's arguments build the action's body.
macro_rules! write_commands {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) => $body:expr ; )*) => {$(
        #[doc = concat!("`", stringify!($name), "`: validated once by pabx-api; nothing is sent when invalid.")]
        #[tauri::command]
        #[specta::specta]
        pub async fn $name(core: State<'_, Core>, $($arg: $ty),*) -> CommandResult<WriteOutcome> {
            core.write($body).await
        }
    )*};
}

list_commands! {
    listar_clientes(ListarClientes) -> Cliente, list_all;
    listar_ramais(ListarRamais) -> Ramal, list_all;
    listar_regioes(ListarRegioes) -> Regiao, list_all;
    listar_dids(ListarDids) -> Did, list_all;
    listar_troncos(ListarTroncos) -> Tronco, list_all;
    listar_planos_discagem(ListarPlanosDiscagem) -> PlanoDiscagem, list_all;
    // Rows without an id of their own, in one unpaged answer.
    listar_regras_roteamento(ListarRegrasRoteamento) -> RegraRoteamento, list_single;
    listar_historico_chamada(ListarHistoricoChamada) -> Chamada, list_all;
}

write_commands! {
    inserir_cliente(cliente: Cliente) => InserirCliente { dados: cliente };
    alterar_cliente(cliente: Cliente) => AlterarCliente { dados: cliente };
    deletar_cliente(cliente_id: i64) => DeletarCliente { cliente_id };
    inserir_ramal(ramal: Ramal) => InserirRamal { dados: ramal };
    alterar_ramal(ramal: Ramal) => AlterarRamal { dados: ramal };
    deletar_ramal(cliente_id: i64, ramal_id: i64) => DeletarRamal { cliente_id, ramal_id };
    // The number goes in its canonical form (DDD + number), however it was typed.
    inserir_did(cliente_id: i64, did: Did) => InserirDid { cliente_id, dados: did.normalizado() };
    alterar_did(cliente_id: i64, did: Did) => AlterarDid { cliente_id, dados: did.normalizado() };
    deletar_did(cliente_id: i64, did_id: i64) => DeletarDid { cliente_id, did_id };
    inserir_tronco(tronco: Tronco) => InserirTronco { dados: tronco };
    alterar_tronco(tronco: Tronco) => AlterarTronco { dados: tronco };
    deletar_tronco(cliente_id: i64, tronco_id: i64) => DeletarTronco { cliente_id, tronco_id };
    inserir_plano_discagem(plano: PlanoDiscagem) => InserirPlanoDiscagem { dados: plano };
    alterar_plano_discagem(plano: PlanoDiscagem) => AlterarPlanoDiscagem { dados: plano };
    deletar_plano_discagem(plano: PlanoDiscagem) => DeletarPlanoDiscagem { dados: plano };
    alterar_regras_roteamento(plano_discagem_id: i64, regras: RegrasRoteamento)
        => AlterarRegrasRoteamento { plano_discagem_id, dados: regras };
}
