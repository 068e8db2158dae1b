//! Planos de discagem: a customer's dial plans; each ramal uses one, and routing rules hang
//! off them.

model! {
    id = plano_discagem_id;
    /// A dial plan.
    pub struct PlanoDiscagem {
        pub plano_discagem_id: i64,
        pub cliente_id: i64,
        pub nome: String,
    }
}

request! {
    /// `inserir_plano_discagem`.
    pub struct InserirPlanoDiscagem { pub dados: PlanoDiscagem }
}

request! {
    /// `alterar_plano_discagem`.
    pub struct AlterarPlanoDiscagem { pub dados: PlanoDiscagem }
}

request! {
    /// `listar_planos_discagem`.
    pub struct ListarPlanosDiscagem {
        pub plano_discagem_id: i64,
        pub cliente_id: i64,
        pub pos_registro_inicial: i64,
        /// Page size; not documented for this list, sent only when set.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quantidade: Option<i64>,
    }
}

request! {
    /// `deletar_plano_discagem` (DELETE): unlike the other deletes, the keys sit in `dados`.
    pub struct DeletarPlanoDiscagem { pub dados: PlanoDiscagem }
}

/// How many of a customer's ramais use a dial plan, and the first of them by name (a plan in
/// use cannot be deleted: the app says so, naming them, before the confirmation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UsoPlano {
    pub plano_discagem_id: i64,
    pub ramais: u32,
    /// "2001 Ana Silva" of the first [`EXEMPLOS_USO`] ramais, in the server's order.
    pub exemplos: Vec<String>,
}

/// Ramais named per plan in [`UsoPlano::exemplos`].
pub const EXEMPLOS_USO: usize = 10;

/// The plans `ramais` use (0, "no plan", left out), in order of first use.
pub fn usos(ramais: &[crate::ramal::Ramal]) -> Vec<UsoPlano> {
    let mut usos: Vec<UsoPlano> = Vec::new();
    let mut indice = std::collections::HashMap::new();
    for r in ramais.iter().filter(|r| r.plano_discagem_id != 0) {
        let i = *indice.entry(r.plano_discagem_id).or_insert_with(|| {
            usos.push(UsoPlano { plano_discagem_id: r.plano_discagem_id, ramais: 0, exemplos: Vec::new() });
            usos.len() - 1
        });
        let uso = &mut usos[i];
        uso.ramais = uso.ramais.saturating_add(1);
        if uso.exemplos.len() < EXEMPLOS_USO {
            uso.exemplos.push(format!("{} {}", r.numero, r.nome).trim().to_string());
        }
    }
    usos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ramal::Ramal;

    fn ramal(numero: &str, plano: i64) -> Ramal {
        Ramal { numero: numero.into(), nome: format!("R{numero}"), plano_discagem_id: plano, ..Ramal::default() }
    }

    #[test]
    fn counts_every_ramal_and_names_the_first_ten() {
        let mut ramais: Vec<Ramal> = (0..12).map(|i| ramal(&format!("20{i:02}"), 7)).collect();
        ramais.push(ramal("3000", 0));
        ramais.push(ramal("3001", 9));
        let usos = usos(&ramais);
        assert_eq!(usos.len(), 2, "plan 0 is no plan");
        assert_eq!((usos[0].plano_discagem_id, usos[0].ramais, usos[0].exemplos.len()), (7, 12, EXEMPLOS_USO));
        assert_eq!(usos[0].exemplos[0], "2000 R2000");
        assert_eq!(usos[1], UsoPlano { plano_discagem_id: 9, ramais: 1, exemplos: vec!["3001 R3001".into()] });
    }
}
