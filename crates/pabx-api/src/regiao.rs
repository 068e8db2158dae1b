//! Regiões: the destination regions that tariffs and routing rules refer to (read-only).

model! {
    id = regiao_id;
    /// A destination region (local, long distance, mobile...).
    pub struct Regiao {
        pub regiao_id: i64,
        pub nome: String,
    }
}

request! {
    /// `listar_regioes`.
    pub struct ListarRegioes { pub regiao_id: i64 }
}

/// A trunk's price for a region.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrecoRegiao {
    pub tronco_id: i64,
    pub tronco_nome: String,
    pub tarifa: f64,
    pub fracionamento: String,
}

/// A dial plan's route for a region: its trunks by priority, and those of them without a price
/// for the region.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RotaRegiao {
    pub plano_discagem_id: i64,
    pub plano_nome: String,
    pub cliente_id: i64,
    pub troncos: Vec<String>,
    pub troncos_sem_preco: Vec<String>,
}

/// Who prices and who routes a region, and the gaps: no trunk prices it, no plan routes it, or
/// a plan routes it through a trunk with no price for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CoberturaRegiao {
    pub regiao_id: i64,
    pub nome: String,
    pub precos: Vec<PrecoRegiao>,
    pub rotas: Vec<RotaRegiao>,
    pub sem_preco: bool,
    pub sem_rota: bool,
    pub rota_sem_preco: bool,
}

/// The coverage of every region (in the order given) by the trunks' tariffs and the plans' rules.
pub fn cobertura(
    regioes: &[Regiao],
    troncos: &[crate::Tronco],
    planos: &[crate::PlanoDiscagem],
    regras: &[crate::RegraRoteamento],
) -> Vec<CoberturaRegiao> {
    let nome_tronco = |id: i64| troncos.iter().find(|t| t.tronco_id == id).map_or_else(|| format!("Tronco #{id}"), |t| t.nome.clone());
    let precifica = |tronco_id: i64, regiao_id: i64| {
        troncos.iter().any(|t| t.tronco_id == tronco_id && t.tarifas.iter().any(|x| x.regiao_id == regiao_id))
    };
    regioes
        .iter()
        .map(|regiao| {
            let id = regiao.regiao_id;
            let precos: Vec<PrecoRegiao> = troncos
                .iter()
                .filter_map(|t| {
                    let tarifa = t.tarifas.iter().find(|x| x.regiao_id == id)?;
                    Some(PrecoRegiao {
                        tronco_id: t.tronco_id,
                        tronco_nome: t.nome.clone(),
                        tarifa: tarifa.tarifa,
                        fracionamento: tarifa.fracionamento.clone(),
                    })
                })
                .collect();
            let mut plano_ids: Vec<i64> = regras.iter().filter(|r| r.regiao_id == id).map(|r| r.plano_discagem_id).collect();
            plano_ids.sort_unstable();
            plano_ids.dedup();
            let rotas: Vec<RotaRegiao> = plano_ids
                .into_iter()
                .map(|plano_id| {
                    let mut linhas: Vec<&crate::RegraRoteamento> =
                        regras.iter().filter(|r| r.regiao_id == id && r.plano_discagem_id == plano_id).collect();
                    linhas.sort_by_key(|r| r.prioridade);
                    let plano = planos.iter().find(|p| p.plano_discagem_id == plano_id);
                    RotaRegiao {
                        plano_discagem_id: plano_id,
                        plano_nome: plano.map_or_else(|| format!("Plano #{plano_id}"), |p| p.nome.clone()),
                        cliente_id: plano.map_or(0, |p| p.cliente_id),
                        troncos: linhas.iter().map(|r| nome_tronco(r.tronco_id)).collect(),
                        troncos_sem_preco: linhas
                            .iter()
                            .filter(|r| !precifica(r.tronco_id, id))
                            .map(|r| nome_tronco(r.tronco_id))
                            .collect(),
                    }
                })
                .collect();
            CoberturaRegiao {
                regiao_id: id,
                nome: regiao.nome.clone(),
                sem_preco: precos.is_empty(),
                sem_rota: rotas.is_empty(),
                rota_sem_preco: rotas.iter().any(|r| !r.troncos_sem_preco.is_empty()),
                precos,
                rotas,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PlanoDiscagem, RegraRoteamento, Tarifa, Tronco};

    #[test]
    fn coverage_shows_missing_prices_and_routes() {
        let regioes = [1, 2, 3].map(|id| Regiao { regiao_id: id, nome: format!("R{id}"), ..Default::default() });
        let troncos = [Tronco {
            tronco_id: 10,
            nome: "Alfa".into(),
            tarifas: vec![Tarifa { regiao_id: 1, tarifa: 0.1, fracionamento: "0/30/6".into(), ..Default::default() }],
            ..Default::default()
        }];
        let planos = [PlanoDiscagem { plano_discagem_id: 5, cliente_id: 2, nome: "Padrão".into(), ..Default::default() }];
        let regra = |regiao_id| RegraRoteamento { plano_discagem_id: 5, regiao_id, prioridade: 1, tronco_id: 10, ..Default::default() };
        let c = cobertura(&regioes, &troncos, &planos, &[regra(1), regra(2)]);
        assert!(!c[0].sem_preco && !c[0].sem_rota && !c[0].rota_sem_preco);
        assert_eq!(c[0].precos[0].tronco_nome, "Alfa");
        assert!(c[1].sem_preco && c[1].rota_sem_preco);
        assert_eq!(c[1].rotas[0].troncos_sem_preco, vec!["Alfa".to_owned()]);
        assert!(c[2].sem_preco && c[2].sem_rota);
    }
}
