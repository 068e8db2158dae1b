//! Regras de roteamento: for each dial plan and region, the trunks to try in priority order.
//!
//! `listar_regras_roteamento` returns one flat row per (region, priority, trunk);
//! `alterar_regras_roteamento` sends the whole plan grouped by region. [`agrupar`] turns the
//! first shape into the second.

model! {
    /// One row of `listar_regras_roteamento`.
    pub struct RegraRoteamento {
        pub plano_discagem_id: i64,
        pub regiao_id: i64,
        pub regiao_nome: String,
        pub prioridade: i64,
        pub tronco_id: i64,
        pub tronco_nome: String,
    }
}

model! {
    /// One trunk in a region's priority list.
    pub struct Roteamento {
        pub prioridade: i64,
        pub tronco_id: i64,
        pub tronco_nome: String,
    }
}

model! {
    /// A region's routing: trunks by priority.
    pub struct RegiaoRoteamento {
        pub regiao_id: i64,
        pub regiao_nome: String,
        pub roteamentos: Vec<Roteamento>,
    }
}

model! {
    /// The `dados` of `alterar_regras_roteamento`.
    pub struct RegrasRoteamento {
        pub regioes: Vec<RegiaoRoteamento>,
    }
}

request! {
    /// `listar_regras_roteamento`: 0 means "any".
    pub struct ListarRegrasRoteamento {
        pub plano_discagem_id: i64,
        pub regiao_id: i64,
        pub tronco_id: i64,
        pub prioridade: i64,
    }
}

request! {
    /// `alterar_regras_roteamento`: `plano_discagem_id` at the top, the regions in `dados`.
    pub struct AlterarRegrasRoteamento {
        pub plano_discagem_id: i64,
        pub dados: RegrasRoteamento,
    }
}

/// Groups flat rows by region (in order of first appearance), trunks sorted by priority.
pub fn agrupar(regras: &[RegraRoteamento]) -> RegrasRoteamento {
    let mut regioes: Vec<RegiaoRoteamento> = Vec::new();
    for regra in regras {
        let index = match regioes.iter().position(|r| r.regiao_id == regra.regiao_id) {
            Some(index) => index,
            None => {
                regioes.push(RegiaoRoteamento { regiao_id: regra.regiao_id, regiao_nome: regra.regiao_nome.clone(), ..Default::default() });
                regioes.len() - 1
            }
        };
        regioes[index].roteamentos.push(Roteamento {
            prioridade: regra.prioridade,
            tronco_id: regra.tronco_id,
            tronco_nome: regra.tronco_nome.clone(),
            ..Default::default()
        });
    }
    for regiao in &mut regioes {
        regiao.roteamentos.sort_by_key(|r| r.prioridade);
    }
    RegrasRoteamento { regioes, ..Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(regiao_id: i64, prioridade: i64, tronco_id: i64) -> RegraRoteamento {
        RegraRoteamento { plano_discagem_id: 1, regiao_id, prioridade, tronco_id, ..Default::default() }
    }

    #[test]
    fn groups_rows_by_region_in_priority_order() {
        let grouped = agrupar(&[row(2, 2, 7), row(1, 1, 5), row(2, 1, 8)]);
        assert_eq!(grouped.regioes.len(), 2);
        assert_eq!(grouped.regioes[0].regiao_id, 2);
        let trunks: Vec<i64> = grouped.regioes[0].roteamentos.iter().map(|r| r.tronco_id).collect();
        assert_eq!(trunks, vec![8, 7]);
        assert_eq!(grouped.regioes[1].roteamentos[0].tronco_id, 5);
    }
}
