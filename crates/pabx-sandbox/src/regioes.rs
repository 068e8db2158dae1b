//! The fixed set of destination regions, as Brazilian carriers price them.

use pabx_api::Regiao;

/// `(regiao_id, nome)`, in id order.
pub const REGIOES: &[(i64, &str)] = &[
    (1, "Local fixo"),
    (2, "Longa distância fixo (DDD)"),
    (3, "Local móvel (VC1)"),
    (4, "Longa distância móvel (VC2/VC3)"),
    (5, "Internacional"),
    (6, "Serviços especiais (0800, 0300, 4004)"),
];

pub fn nome(regiao_id: i64) -> Option<&'static str> {
    REGIOES.iter().find(|(id, _)| *id == regiao_id).map(|(_, nome)| *nome)
}

pub fn all() -> Vec<Regiao> {
    REGIOES.iter().map(|(id, nome)| Regiao { regiao_id: *id, nome: (*nome).to_owned(), ..Default::default() }).collect()
}
