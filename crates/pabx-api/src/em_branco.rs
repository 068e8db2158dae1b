//! The records a "new" form starts from, written once here for every caller (the app gets them
//! as the generated constant `EM_BRANCO` in its bindings): every documented field at its
//! default, so a screen never completes a record by hand.

use serde::Serialize;

use crate::{Cliente, Did, PlanoDiscagem, Ramal, Tronco};

/// One blank record per editable entity.
#[derive(Debug, Clone, Serialize)]
pub struct EmBranco {
    pub cliente: Cliente,
    pub ramal: Ramal,
    pub did: Did,
    pub tronco: Tronco,
    pub plano_discagem: PlanoDiscagem,
}

/// The blank records; a new DID points to a ramal (`apontar_para` 1), the common case.
pub fn em_branco() -> EmBranco {
    EmBranco {
        cliente: Cliente::default(),
        ramal: Ramal::default(),
        did: Did { apontar_para: 1, ..Did::default() },
        tronco: Tronco::default(),
        plano_discagem: PlanoDiscagem::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_field_is_written_for_the_app() {
        let blank = serde_json::to_value(em_branco()).unwrap();
        for (entity, fields) in [
            ("cliente", Cliente::FIELDS),
            ("ramal", Ramal::FIELDS),
            ("did", Did::FIELDS),
            ("tronco", Tronco::FIELDS),
            ("plano_discagem", PlanoDiscagem::FIELDS),
        ] {
            for field in fields {
                assert!(blank[entity].get(field).is_some(), "{entity}.{field}");
            }
        }
        let regra = &blank["ramal"]["encaminhar_todas_chamadas"];
        assert!(regra.get("encaminhamento_destinos").is_some(), "{regra}");
    }
}
