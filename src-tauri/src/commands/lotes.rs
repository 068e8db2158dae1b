//! Pages bound for the webview: gathered into fewer messages, and for long lists sent as binary
//! columns ([`PaginaColunar`]). Each channel message costs the
//! webview a script and a fetch of the `ipc:` protocol (15-60 ms a hop here, on the same two cores
//! as the fetching), so a fast server's pages cross together: each message waits [`JANELA`] after
//! its first page for those that follow. The first page waits too: a server that answers 10 pages
//! in 60 ms then costs one hop, not three, and the screens draw nothing before 200 ms anyway.
//! The message still gathering when the load ends rides on the command's answer instead: no hop
//! of its own (for a fast server, the whole list).

use std::time::Duration;

use tauri::ipc::{InvokeResponseBody, IpcResponse};
use tokio::sync::mpsc;

/// A page of records as a binary column message (`pabx_api::colunar`), the page's progress in
/// its header. It reaches the page as an `ArrayBuffer` (`ui/src/api/colunar.ts` reads it): no
/// JSON to write in Rust or to parse in the webview, about half the bytes.
#[derive(Debug)]
pub struct PaginaColunar(pub Vec<u8>);

impl IpcResponse for PaginaColunar {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

impl specta::Type for PaginaColunar {
    fn definition(_: &mut specta::Types) -> specta::datatype::DataType {
        specta::datatype::DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}

/// How long a page waits for others to share its message.
pub(crate) const JANELA: Duration = Duration::from_millis(100);

/// Sends the pages from `paginas` through `enviar` (records and the progress after them),
/// gathered as above with at most `maximo` records a message, until `paginas` closes or `enviar`
/// says the window is gone (false). The message still gathering when `paginas` closes is not
/// sent: it is [`Envio::ultimas`], for the command's answer to carry (the answer is already
/// awaited; a channel message of that size costs the webview a script and a fetch more).
pub(crate) async fn enviar_em_lotes<T, P>(
    mut paginas: mpsc::UnboundedReceiver<(Vec<T>, P)>,
    maximo: usize,
    mut enviar: impl FnMut(Vec<T>, P) -> bool,
) -> Envio<T, P> {
    let mut enviadas = 0u32;
    // A page that arrived after a full message: the first of the next one.
    let mut seguinte: Option<(Vec<T>, P)> = None;
    loop {
        let Some((mut registros, mut progresso)) = (match seguinte.take() {
            Some(pagina) => Some(pagina),
            None => paginas.recv().await,
        }) else {
            return Envio { enviadas, fechada: false, ultimas: None };
        };
        let ate = tokio::time::Instant::now() + JANELA;
        loop {
            match tokio::time::timeout_at(ate, paginas.recv()).await {
                Ok(Some((mais, depois))) if registros.len() < maximo => {
                    registros.extend(mais);
                    progresso = depois;
                }
                // Full: this one goes, the page starts the next (a full message that turns out
                // to be the last still rides on the answer).
                Ok(Some(pagina)) => {
                    seguinte = Some(pagina);
                    break;
                }
                Ok(None) => return Envio { enviadas, fechada: false, ultimas: Some((registros, progresso)) },
                // The window passed: send what there is.
                Err(_) => break,
            }
        }
        if !enviar(registros, progresso) {
            return Envio { enviadas, fechada: true, ultimas: None };
        }
        enviadas += 1;
    }
}

/// How [`enviar_em_lotes`] ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Envio<T, P> {
    /// Messages sent on the channel.
    pub enviadas: u32,
    /// Whether `enviar` said the window was gone.
    pub fechada: bool,
    /// The last message, gathered but not sent: the load ended while it waited for company.
    pub ultimas: Option<(Vec<T>, P)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pagina(n: u32) -> (Vec<u32>, u32) {
        ((0..n).collect(), n)
    }

    fn ultimas(envio: &Envio<u32, u32>) -> Option<(usize, u32)> {
        envio.ultimas.as_ref().map(|(registros, progresso)| (registros.len(), *progresso))
    }

    #[tokio::test]
    async fn pages_that_follow_at_once_go_together_on_the_answer_when_the_load_ends() {
        let (tx, rx) = mpsc::unbounded_channel();
        for n in [10, 20, 30, 40] {
            tx.send(pagina(n)).unwrap();
        }
        drop(tx);
        let mut vistos = Vec::new();
        let fim = enviar_em_lotes(rx, 1000, |registros, progresso| {
            vistos.push((registros.len(), progresso));
            true
        })
        .await;
        assert!(vistos.is_empty());
        assert_eq!((fim.enviadas, fim.fechada), (0, false));
        // Gathered with the progress after its last page.
        assert_eq!(ultimas(&fim), Some((100, 40)));
    }

    #[tokio::test]
    async fn a_message_holds_at_most_maximo_records() {
        let (tx, rx) = mpsc::unbounded_channel();
        for n in [5, 5, 5, 5, 5] {
            tx.send(pagina(n)).unwrap();
        }
        drop(tx);
        let mut vistos = Vec::new();
        let fim = enviar_em_lotes(rx, 10, |registros, _| {
            vistos.push(registros.len());
            true
        })
        .await;
        assert_eq!(vistos, vec![10, 10]);
        assert_eq!(fim.enviadas, 2);
        assert_eq!(ultimas(&fim), Some((5, 5)));
    }

    #[tokio::test]
    async fn a_full_last_message_rides_on_the_answer_too() {
        let (tx, rx) = mpsc::unbounded_channel();
        for n in [5, 5] {
            tx.send(pagina(n)).unwrap();
        }
        drop(tx);
        let fim = enviar_em_lotes(rx, 10, |_, _| panic!("nothing goes on the channel")).await;
        assert_eq!(fim.enviadas, 0);
        assert_eq!(ultimas(&fim), Some((10, 5)));
    }

    #[tokio::test]
    async fn pages_further_apart_than_the_window_go_one_by_one() {
        let (tx, rx) = mpsc::unbounded_channel();
        let produtor = tokio::spawn(async move {
            for n in [5, 6, 7] {
                tx.send(pagina(n)).unwrap();
                tokio::time::sleep(JANELA * 3).await;
            }
        });
        let mut vistos = Vec::new();
        let fim = enviar_em_lotes(rx, 1000, |registros, _| {
            vistos.push(registros.len());
            true
        })
        .await;
        produtor.await.unwrap();
        assert_eq!(fim, Envio { enviadas: 3, fechada: false, ultimas: None });
        assert_eq!(vistos, vec![5, 6, 7]);
    }

    #[tokio::test]
    async fn a_window_gone_stops_the_sending_and_says_so() {
        let (tx, rx) = mpsc::unbounded_channel();
        tx.send(pagina(3)).unwrap();
        tx.send(pagina(4)).unwrap();
        let mut tentativas = 0;
        // The load goes on (tx open): the message goes when its window passes.
        let fim = enviar_em_lotes(rx, 1000, |_, _| {
            tentativas += 1;
            false
        })
        .await;
        drop(tx);
        assert_eq!(fim, Envio { enviadas: 0, fechada: true, ultimas: None });
        assert_eq!(tentativas, 1);
    }
}
