//! Long operations under way (call-history loads and exports, bulk applies), by the id the UI
//! gave them, each with its own cancel flag: one mechanism for every cancel button.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tauri::State;

/// The operations under way and their cancel flags.
#[derive(Default)]
pub struct Operacoes(Mutex<HashMap<String, Arc<AtomicBool>>>);

impl Operacoes {
    /// Registers `id` (a fresh flag, replacing any left by an earlier one of the same id).
    pub(crate) fn iniciar(&self, id: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_owned(), Arc::clone(&flag));
        flag
    }

    pub(crate) fn terminar(&self, id: &str) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
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

    #[test]
    fn each_operation_has_its_own_flag_and_ends_unregistered() {
        let operacoes = Operacoes::default();
        let a = operacoes.iniciar("bulk-1");
        let b = operacoes.iniciar("historico-1");
        assert!(operacoes.cancelar("bulk-1"));
        assert!(a.load(Ordering::Relaxed));
        assert!(!b.load(Ordering::Relaxed), "cancelling one operation leaves the others running");
        operacoes.terminar("bulk-1");
        assert!(!operacoes.cancelar("bulk-1"), "an ended operation is not found");
    }
}
