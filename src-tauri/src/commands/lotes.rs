//! Pages bound for the webview: gathered into fewer messages, and for long lists sent as binary
//! columns ([`PaginaColunar`]). Each channel message costs the
//! webview a script and a fetch of the `ipc:` protocol (15-60 ms a hop here, on the same two cores
//! as the fetching), so a fast server's pages cross together: each message waits [`JANELA`] after
//! its first page for those that follow. The first page waits too: a server that answers 10 pages
//! in 60 ms then costs one hop, not three, and the screens draw nothing before 200 ms anyway.

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
/// says the window is gone (false). Returns how many messages went, and whether it was stopped.
pub(crate) async fn enviar_em_lotes<T, P>(
    mut paginas: mpsc::UnboundedReceiver<(Vec<T>, P)>,
    maximo: usize,
    mut enviar: impl FnMut(Vec<T>, P) -> bool,
) -> (u32, bool) {
    let mut enviadas = 0u32;
    while let Some((mut registros, mut progresso)) = paginas.recv().await {
        let ate = tokio::time::Instant::now() + JANELA;
        while registros.len() < maximo {
            match tokio::time::timeout_at(ate, paginas.recv()).await {
                Ok(Some((mais, depois))) => {
                    registros.extend(mais);
                    progresso = depois;
                }
                // The window passed, or the load ended: send what there is.
                Ok(None) | Err(_) => break,
            }
        }
        if !enviar(registros, progresso) {
            return (enviadas, true);
        }
        enviadas += 1;
    }
    (enviadas, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pagina(n: u32) -> (Vec<u32>, u32) {
        ((0..n).collect(), n)
    }

    #[tokio::test]
    async fn pages_that_follow_at_once_go_together_with_the_first() {
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
        assert_eq!(fim, (1, false));
        // The message carries the progress after its last page.
        assert_eq!(vistos, vec![(100, 40)]);
    }

    #[tokio::test]
    async fn a_message_holds_at_most_maximo_records() {
        let (tx, rx) = mpsc::unbounded_channel();
        for n in [5, 5, 5, 5, 5] {
            tx.send(pagina(n)).unwrap();
        }
        drop(tx);
        let mut vistos = Vec::new();
        enviar_em_lotes(rx, 10, |registros, _| {
            vistos.push(registros.len());
            true
        })
        .await;
        assert_eq!(vistos, vec![10, 10, 5]);
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
        assert_eq!(fim, (3, false));
        assert_eq!(vistos, vec![5, 6, 7]);
    }

    #[tokio::test]
    async fn a_window_gone_stops_the_sending_and_says_so() {
        let (tx, rx) = mpsc::unbounded_channel();
        tx.send(pagina(3)).unwrap();
        tx.send(pagina(4)).unwrap();
        drop(tx);
        let mut tentativas = 0;
        let fim = enviar_em_lotes(rx, 1000, |_, _| {
            tentativas += 1;
            false
        })
        .await;
        assert_eq!(fim, (0, true));
        assert_eq!(tentativas, 1);
    }
}
