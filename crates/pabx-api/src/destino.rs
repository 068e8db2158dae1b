//! The destination kinds a DID points at (`apontar_para`) and a forwarding rule uses
//! (`encaminhamento_tipo`). Undocumented: the codes below are those seen in public client code of
//! the platform (ACTIONS.md); any other code is kept as it came and shown as "código N".

use serde::{Deserialize, Serialize};

/// One known destination kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TipoDestino {
    pub codigo: i64,
    pub nome: String,
    /// The destination is one of the customer's ramais (picked from them).
    pub ramal: bool,
    /// The kind takes a destination at all (0, "nenhum", does not).
    pub com_destino: bool,
}

/// `(código, nome, é ramal, tem destino)`.
pub const TIPOS: [(i64, &str, bool, bool); 4] =
    [(0, "Nenhum", false, false), (1, "Ramal", true, true), (8, "Número externo", false, true), (9, "Caixa postal", true, true)];

pub fn tipos() -> Vec<TipoDestino> {
    TIPOS
        .iter()
        .map(|(codigo, nome, ramal, com_destino)| TipoDestino {
            codigo: *codigo,
            nome: (*nome).to_owned(),
            ramal: *ramal,
            com_destino: *com_destino,
        })
        .collect()
}

/// The name of a code; an unknown one as "código N".
pub fn nome(codigo: i64) -> String {
    TIPOS.iter().find(|t| t.0 == codigo).map_or_else(|| format!("código {codigo}"), |t| t.1.to_owned())
}

/// A destination value as shown: an external number (8) formatted, anything else trimmed; none
/// for kind 0.
pub fn formatar(codigo: i64, destino: &str) -> String {
    match codigo {
        0 => String::new(),
        8 => crate::numero::formatar(destino.trim()),
        _ => destino.trim().to_owned(),
    }
}

/// "Ramal 2001", "Número externo +55 11 3333-4444", "Nenhum": a destination in words.
pub fn descrever(codigo: i64, destino: &str) -> String {
    match formatar(codigo, destino) {
        valor if valor.is_empty() => nome(codigo),
        valor => format!("{} {valor}", nome(codigo)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes_in_words() {
        assert_eq!(descrever(1, "2001"), "Ramal 2001");
        assert_eq!(descrever(8, "11987654321"), "Número externo +55 11 98765-4321");
        assert_eq!(descrever(0, "x"), "Nenhum");
        assert_eq!(descrever(42, "fila-3"), "código 42 fila-3");
    }
}
