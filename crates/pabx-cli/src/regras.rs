//! `pabx regras copy` and `pabx regras simular`: the routing copy (dry run unless `--aplicar`)
//! and the route and cost simulator, both from pabx-api's [`roteamento`].

use pabx_api::roteamento::{self, DestinoSimulacao, ResultadoCopia};

use crate::cli::Format;
use crate::commands::Context;
use crate::failure::Failure;

/// Copies plan `de`'s routing onto plan `para`, trunks matched by name; writes only with `aplicar`.
pub async fn copiar(ctx: &Context, de: i64, para: i64, aplicar: bool) -> Result<String, Failure> {
    let resultado = roteamento::copiar_plano(&ctx.client, de, para, aplicar).await?;
    Ok(match ctx.printer.format {
        Format::Json => json(&resultado),
        Format::Table => texto_copia(&resultado, aplicar),
    })
}

fn texto_copia(r: &ResultadoCopia, aplicar: bool) -> String {
    let mut texto = format!(
        "Cópia das regras do plano {} ({}) para o plano {} ({}):\n",
        r.origem.plano_discagem_id, r.origem.nome, r.destino.plano_discagem_id, r.destino.nome
    );
    if r.copia.mudancas.is_empty() {
        texto.push_str("  nada muda: o plano de destino já tem estas rotas.\n");
    }
    for mudanca in &r.copia.mudancas {
        texto.push_str(&format!("  {}\n", mudanca.resumo()));
    }
    for sem_par in &r.copia.sem_par {
        texto.push_str(&format!(
            "  sem par: tronco \"{}\" ({}) não existe no cliente de destino; fica fora da rota.\n",
            sem_par.tronco_nome, sem_par.regiao_nome
        ));
    }
    match (&r.salvamento, aplicar) {
        (Some(s), _) if s.diferencas.is_empty() => texto.push_str("Gravado e conferido: o servidor guardou exatamente estas rotas.\n"),
        (Some(s), _) => {
            texto.push_str("Gravado, mas o servidor devolveu rotas diferentes do enviado:\n");
            for d in &s.diferencas {
                texto.push_str(&format!("  {}\n", d.resumo()));
            }
        }
        (None, true) => {}
        (None, false) => texto.push_str("Simulação: nada foi gravado. Use --aplicar para gravar.\n"),
    }
    texto
}

/// The trunks a call to a region (or number) would try, with billed seconds and cost.
pub async fn simular(ctx: &Context, plano: i64, destino: DestinoSimulacao, duracao: u32) -> Result<String, Failure> {
    let dados = roteamento::carregar(&ctx.client, plano).await?;
    let (regiao, _) = roteamento::regiao_do_destino(&destino, &dados.regioes).map_err(Failure::Input)?;
    let simulacao = roteamento::simular(&dados.regras, &regiao, &dados.troncos, duracao);
    Ok(match ctx.printer.format {
        Format::Json => json(&simulacao),
        Format::Table => {
            let mut texto = format!("{} · {} s\n", simulacao.regiao_nome, duracao);
            if let Some(aviso) = &simulacao.aviso {
                texto.push_str(&format!("{aviso}\n"));
            }
            let linhas: Vec<serde_json::Value> = simulacao
                .tentativas
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "ordem": t.ordem,
                        "tronco": t.tronco_nome,
                        "tarifa": t.tarifa.map(|v| format!("R$ {}", reais(v))).unwrap_or_default(),
                        "fracionamento": t.fracionamento.clone().unwrap_or_default(),
                        "segundos_cobrados": t.segundos_cobrados,
                        "custo": t.custo.map(|v| format!("R$ {}", reais(v))).unwrap_or_default(),
                        "aviso": if t.mais_barato { "mais barato".to_owned() } else { t.aviso.clone().unwrap_or_default() },
                    })
                })
                .collect();
            texto.push_str(
                &ctx.printer.records(&["ordem", "tronco", "tarifa", "fracionamento", "segundos_cobrados", "custo", "aviso"], &linhas),
            );
            texto
        }
    })
}

/// Reais with a decimal comma and 4 places, as pt-BR users read prices per minute.
fn reais(valor: f64) -> String {
    format!("{valor:.4}").replace('.', ",")
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
