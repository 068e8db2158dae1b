//! A new customer from an existing one: its dial plans, routing rules, trunks with tariffs and
//! ramais (renumbered into the new faixa), without DIDs or passwords: ramais get new generated
//! passwords (written to a file before anything is sent), trunks lose their credentials (and so
//! their user/password authentication, which the report names). Dry run first; then the steps in
//! order with progress, the ramais through the import's apply.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use pabx_api::cliente::{InserirCliente, ListarClientes};
use pabx_api::plano_discagem::{InserirPlanoDiscagem, ListarPlanosDiscagem};
use pabx_api::ramal::ListarRamais;
use pabx_api::regra_roteamento::{agrupar, AlterarRegrasRoteamento, ListarRegrasRoteamento, RegrasRoteamento};
use pabx_api::tronco::{InserirTronco, ListarTroncos};
use pabx_api::validation::{self, Operacao};
use pabx_api::{Client, Cliente, FieldError, PlanoDiscagem, Ramal, Tronco};
use serde::{Deserialize, Serialize};

use crate::apply::{apply, ApplyOptions, ApplyProgress};
use crate::entity::Ramais;
use crate::journal::JournalState;
use crate::plan::{fetch_state, ImportOptions, Input, PlanError};
use crate::range::{strong_password, write_passwords, Generated};

/// What the clone would create, and what stops it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CloneReport {
    pub planos: u32,
    pub troncos: u32,
    /// Dial plans whose routing rules are copied.
    pub regras: u32,
    pub ramais: u32,
    /// Problems that stop the clone (field = `cliente.<key>`, `ramal <numero>.<key>`...).
    pub issues: Vec<FieldError>,
    /// Worth knowing, not blocking (pt-BR).
    pub warnings: Vec<String>,
    /// After an apply: the new customer's id (0 in a dry run or when it failed first).
    pub cliente_id: i64,
    /// After an apply: ramais created, and steps that failed (pt-BR).
    pub ramais_criados: u32,
    pub falhas: Vec<String>,
}

/// The source read and the new records prepared.
#[derive(Debug, Clone)]
pub struct ClonePlan {
    pub report: CloneReport,
    cliente: Cliente,
    planos: Vec<PlanoDiscagem>,
    troncos: Vec<Tronco>,
    regras: Vec<(i64, RegrasRoteamento)>,
    ramais: Vec<Ramal>,
}

/// Reads the source customer and checks the new one (nothing is sent).
pub async fn plan_clone(client: &Client, origem_id: i64, novo: Cliente) -> Result<ClonePlan, PlanError> {
    let clientes = client.list_all(ListarClientes { quantidade: Some(1000), ..Default::default() }, |_| {}).await?;
    let origem = clientes.iter().find(|c| c.cliente_id == origem_id).cloned().ok_or(PlanError::NoCliente(origem_id))?;
    let mut report = CloneReport::default();
    let mut cliente = Cliente { cliente_id: 0, ..novo };
    for error in validation::validar_cliente(&cliente, Operacao::Inserir) {
        report.issues.push(FieldError::new(format!("cliente.{}", error.field), error.message));
    }
    let login = cliente.login.trim().to_lowercase();
    if let Some(other) = clientes.iter().find(|c| c.login.trim().to_lowercase() == login) {
        report.issues.push(FieldError::new("cliente.login", format!("o login já é usado pelo cliente {}", other.cliente_id)));
    }
    cliente.cliente_id = 0;

    let planos: Vec<PlanoDiscagem> = client
        .list_all(ListarPlanosDiscagem { cliente_id: origem_id, ..Default::default() }, |_| {})
        .await?
        .into_iter()
        .filter(|p| p.cliente_id == origem_id)
        .collect();
    let mut troncos: Vec<Tronco> = client
        .list_all(ListarTroncos { cliente_id: origem_id, ..Default::default() }, |_| {})
        .await?
        .into_iter()
        .filter(|t| t.cliente_id == origem_id)
        .collect();
    for tronco in &mut troncos {
        if tronco.autentica_user_pass == 1 {
            report.warnings.push(format!(
                "O tronco \"{}\" é copiado sem senha e sem autenticação por usuário e senha; informe a senha e ligue a autenticação no tronco novo",
                tronco.nome
            ));
            tronco.autentica_user_pass = 0;
        }
        tronco.senha.clear();
    }
    let mut regras = Vec::new();
    for plano in &planos {
        let request = ListarRegrasRoteamento { plano_discagem_id: plano.plano_discagem_id, ..Default::default() };
        let rows = client.list(&request).await?.records;
        if !rows.is_empty() {
            regras.push((plano.plano_discagem_id, agrupar(&rows)));
        }
    }
    let mut ramais: Vec<Ramal> = client
        .list_all(ListarRamais { cliente_id: origem_id, quantidade: Some(1000), ..Default::default() }, |_| {})
        .await?
        .into_iter()
        .filter(|r| r.cliente_id == origem_id)
        .collect();
    ramais.sort_by_key(|r| r.numero.parse::<i64>().unwrap_or(i64::MAX));
    let limit = cliente.qtd_ramais_max;
    if i64::try_from(ramais.len()).unwrap_or(i64::MAX) > limit {
        report.issues.push(FieldError::new(
            "cliente.qtd_ramais_max",
            format!("o cliente de origem tem {} ramais e o novo permite {limit}", ramais.len()),
        ));
    }
    for ramal in &mut ramais {
        let old = ramal.numero.parse::<i64>().unwrap_or(0);
        let new = cliente.faixa_min + (old - origem.faixa_min);
        if new < cliente.faixa_min || new > cliente.faixa_max {
            report.issues.push(FieldError::new(
                format!("ramal {}", ramal.numero),
                format!("renumerado para {new}, fora da faixa nova {}..{}; aumente a faixa", cliente.faixa_min, cliente.faixa_max),
            ));
        }
        ramal.numero = new.to_string();
        ramal.ramal_id = 0;
        ramal.senha_sip.clear();
        ramal.senha_web.clear();
    }
    report.planos = u32::try_from(planos.len()).unwrap_or(u32::MAX);
    report.troncos = u32::try_from(troncos.len()).unwrap_or(u32::MAX);
    report.regras = u32::try_from(regras.len()).unwrap_or(u32::MAX);
    report.ramais = u32::try_from(ramais.len()).unwrap_or(u32::MAX);
    Ok(ClonePlan { report, cliente, planos, troncos, regras, ramais })
}

/// Applies a clean plan: customer, plans, trunks, rules, then the ramais (passwords to `passwords`,
/// a new file). Progress counts every record; cancel stops between steps and between ramais.
pub async fn apply_clone(
    client: &Client,
    plan: ClonePlan,
    passwords: &Path,
    concurrency: usize,
    cancel: &AtomicBool,
    on_progress: &(dyn Fn(ApplyProgress) + Sync),
) -> Result<CloneReport, PlanError> {
    let ClonePlan { mut report, cliente, planos, troncos, regras, ramais } = plan;
    if !report.issues.is_empty() {
        return Ok(report);
    }
    let total = 1 + planos.len() + troncos.len() + regras.len() + ramais.len();
    let started = std::time::Instant::now();
    let mut done = 0u32;
    let step = |done: &mut u32| {
        *done += 1;
        let elapsed = started.elapsed().as_secs_f64().max(1e-6);
        let rate = f64::from(*done) / elapsed;
        on_progress(ApplyProgress {
            done: *done,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            failed: 0,
            rate,
            eta_seconds: Some((total as f64 - f64::from(*done)) / rate),
        });
    };
    // The passwords exist in a file before any ramal exists on the server.
    let generated: Vec<Generated> = ramais
        .iter()
        .map(|r| Generated {
            numero: r.numero.clone(),
            nome: r.nome.clone(),
            senha_sip: strong_password(20),
            senha_web: strong_password(16),
        })
        .collect();
    if !generated.is_empty() {
        write_passwords(passwords, &generated).map_err(|e| {
            PlanError::File(format!("Não foi possível criar o arquivo de senhas {} (ele não pode existir ainda): {e}", passwords.display()))
        })?;
    }
    let outcome = client.inserir_cliente(&InserirCliente { dados: cliente.clone() }).await?;
    let Some(cliente_id) = outcome.id("cliente_id") else {
        report.falhas.push("o servidor não devolveu o id do cliente novo; confira a lista de clientes".into());
        return Ok(report);
    };
    report.cliente_id = cliente_id;
    step(&mut done);

    let mut plano_ids = HashMap::new();
    for plano in planos {
        if cancel.load(Ordering::SeqCst) {
            report.falhas.push("cancelado antes de terminar os planos".into());
            return Ok(report);
        }
        let dados = PlanoDiscagem { plano_discagem_id: 0, cliente_id, ..plano.clone() };
        match client.inserir_plano_discagem(&InserirPlanoDiscagem { dados }).await.map(|o| o.id("plano_discagem_id")) {
            Ok(Some(id)) => {
                plano_ids.insert(plano.plano_discagem_id, id);
            }
            Ok(None) => report.falhas.push(format!("plano \"{}\": o servidor não devolveu o id", plano.nome)),
            Err(error) => report.falhas.push(format!("plano \"{}\": {error}", plano.nome)),
        }
        step(&mut done);
    }
    let mut tronco_ids = HashMap::new();
    for tronco in troncos {
        let dados = Tronco { tronco_id: 0, cliente_id, ..tronco.clone() };
        match client.inserir_tronco(&InserirTronco { dados }).await.map(|o| o.id("tronco_id")) {
            Ok(Some(id)) => {
                tronco_ids.insert(tronco.tronco_id, id);
            }
            Ok(None) => report.falhas.push(format!("tronco \"{}\": o servidor não devolveu o id", tronco.nome)),
            Err(error) => report.falhas.push(format!("tronco \"{}\": {error}", tronco.nome)),
        }
        step(&mut done);
    }
    for (origem_plano, mut dados) in regras {
        let Some(&plano_discagem_id) = plano_ids.get(&origem_plano) else { continue };
        for regiao in &mut dados.regioes {
            regiao.roteamentos.retain_mut(|r| match tronco_ids.get(&r.tronco_id) {
                Some(&id) => {
                    r.tronco_id = id;
                    true
                }
                None => false,
            });
        }
        let body = AlterarRegrasRoteamento { plano_discagem_id, dados };
        if let Err(error) = client.alterar_regras_roteamento(&body).await {
            report.falhas.push(format!("regras do plano {plano_discagem_id}: {error}"));
        }
        step(&mut done);
    }

    // The ramais through the import's plan and apply (journal-free: the customer is brand new).
    let inputs: Vec<Input> = ramais
        .iter()
        .zip(&generated)
        .enumerate()
        .map(|(i, (ramal, g))| {
            let mut record = Ramal { cliente_id, senha_sip: g.senha_sip.clone(), senha_web: g.senha_web.clone(), ..ramal.clone() };
            record.plano_discagem_id = plano_ids.get(&ramal.plano_discagem_id).copied().unwrap_or(0);
            let values = match serde_json::to_value(&record) {
                Ok(serde_json::Value::Object(map)) => map.into_iter().filter(|(k, _)| k != "ramal_id").collect(),
                _ => Vec::new(),
            };
            Input { line: u32::try_from(i + 1).unwrap_or(u32::MAX), values, issues: Vec::new() }
        })
        .collect();
    if !inputs.is_empty() {
        let options = ImportOptions { cliente_id, atualizar: false };
        let state = fetch_state::<Ramais>(client, &options).await?;
        let planned = crate::plan::plan::<Ramais>(&inputs, &state, &options, &JournalState::default());
        let offset = done;
        let shifted =
            |p: ApplyProgress| on_progress(ApplyProgress { done: p.done + offset, total: u32::try_from(total).unwrap_or(u32::MAX), ..p });
        let applied = apply::<Ramais>(client, planned, ApplyOptions { concurrency }, None, cancel, &shifted).await;
        report.ramais_criados = applied.created;
        for row in applied.rows.iter().filter(|r| r.outcome != crate::apply::Outcome::Created) {
            report.falhas.push(format!("ramal {}: {}", row.key, if row.message.is_empty() { row.outcome.label() } else { &row.message }));
        }
    }
    Ok(report)
}
