//! Long operations under way (call-history loads and exports, bulk applies), by the id the UI
//! gave them, each with its own cancel flag: one mechanism for every cancel button.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tauri::State;

/// The operations under way and their cancel flags.
#[derive(Default)]
pub struct Operacoes(Mutex<HashMap<String, Arc<AtomicBool>>>);

impl Operacoes {
    /// Registers `id` with a fresh flag (replacing any left by an earlier one of the same id);
    /// the operation stays registered until the returned guard is dropped, whichever way the
    /// command ends (returned, failed, or its future dropped).
    pub(crate) fn iniciar(&self, id: &str) -> Operacao<'_> {
        let flag = Arc::new(AtomicBool::new(false));
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_owned(), Arc::clone(&flag));
        Operacao { operacoes: self, id: id.to_owned(), flag }
    }

    /// Raises the flag of `id`; false when no such operation runs.
    pub(crate) fn cancelar(&self, id: &str) -> bool {
        match self.0.lock().unwrap_or_else(PoisonError::into_inner).get(id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// One operation under way: its cancel flag (through `Deref`), unregistered on drop.
pub(crate) struct Operacao<'a> {
    operacoes: &'a Operacoes,
    id: String,
    flag: Arc<AtomicBool>,
}

impl Deref for Operacao<'_> {
    type Target = AtomicBool;

    fn deref(&self) -> &AtomicBool {
        &self.flag
    }
}

impl Drop for Operacao<'_> {
    fn drop(&mut self) {
        let mut running = self.operacoes.0.lock().unwrap_or_else(PoisonError::into_inner);
        // A newer operation that reused the id keeps its own registration.
        if running.get(&self.id).is_some_and(|flag| Arc::ptr_eq(flag, &self.flag)) {
            running.remove(&self.id);
        }
    }
}

/// Asks a running operation (history load or export, bulk apply) to stop after its current
/// page or writes in flight; false when it already ended.
#[tauri::command]
#[specta::specta]
pub fn cancelar_operacao(operacoes: State<'_, Operacoes>, operacao: String) -> bool {
    operacoes.cancelar(&operacao)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;

    #[test]
    fn each_operation_has_its_own_flag_and_ends_unregistered() {
        let operacoes = Operacoes::default();
        let a = operacoes.iniciar("bulk-1");
        let b = operacoes.iniciar("historico-1");
        assert!(operacoes.cancelar("bulk-1"));
        assert!(a.load(Ordering::Relaxed));
        assert!(!b.load(Ordering::Relaxed), "cancelling one operation leaves the others running");
        drop(a);
        assert!(!operacoes.cancelar("bulk-1"), "an ended operation is not found");
        assert!(operacoes.cancelar("historico-1"));
    }

    #[test]
    fn an_earlier_operation_ending_leaves_a_newer_one_of_the_same_id_registered() {
        let operacoes = Operacoes::default();
        let older = operacoes.iniciar("lista-1");
        let newer = operacoes.iniciar("lista-1");
        drop(older);
        assert!(operacoes.cancelar("lista-1"), "the newer one is still cancellable");
        assert!(newer.load(Ordering::Relaxed));
    }

    #[test]
    fn a_command_whose_future_is_dropped_unregisters_its_operation() {
        let operacoes = Operacoes::default();
        let future = async {
            let _operacao = operacoes.iniciar("export-1");
            std::future::pending::<()>().await;
        };
        let mut future = Box::pin(future);
        let waker = std::task::Waker::noop();
        assert!(future.as_mut().poll(&mut std::task::Context::from_waker(waker)).is_pending());
        assert!(operacoes.cancelar("export-1"), "registered while it runs");
        drop(future);
        assert!(!operacoes.cancelar("export-1"), "gone with its future");
    }
}
