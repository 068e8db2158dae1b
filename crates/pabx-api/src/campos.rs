//! The pt-BR label of every field a [`FieldError`](crate::FieldError) can name, so messages
//! say "Fim da faixa" and never `faixa_max`. Nested paths are labelled from their last key,
//! with where they sit: `tarifas[0].fracionamento` is "Fracionamento (tarifa 1)".

/// Labels of the keys of every record, request and account field, as the forms show them.
const ROTULOS: &[(&str, &str)] = &[
    // Cliente
    ("cliente_id", "Cliente"),
    ("login", "Login"),
    ("senha", "Senha"),
    ("nome", "Nome"),
    ("email_cliente", "E-mail"),
    ("qtd_ramais_max", "Quantidade máxima de ramais"),
    ("faixa_min", "Início da faixa de ramais"),
    ("faixa_max", "Fim da faixa de ramais"),
    ("prefixo", "Prefixo"),
    ("razao_social", "Razão social"),
    ("cnpj", "CNPJ"),
    ("end", "Endereço"),
    ("compl", "Complemento"),
    ("cep", "CEP"),
    ("bairro", "Bairro"),
    ("cidade", "Cidade"),
    ("estado", "UF"),
    ("resp", "Responsável"),
    ("tel", "Telefone"),
    ("cel", "Celular"),
    ("ramal_resp", "Ramal do responsável"),
    ("salas_conf_num_max", "Salas de conferência"),
    ("espaco_disco", "Espaço em disco"),
    ("ignorar_limite_espaco", "Ignorar limite de espaço"),
    ("usuario_padrao_id", "Usuário padrão"),
    // Ramal
    ("ramal_id", "Código do ramal"),
    ("numero", "Número"),
    ("usuario_autenticacao", "Usuário de autenticação"),
    ("senha_sip", "Senha SIP"),
    ("senha_web", "Senha web"),
    ("caller_id_externo", "Caller ID externo"),
    ("grupo_ramais", "Grupo de ramais"),
    ("centro_custo", "Centro de custo"),
    ("plano_discagem_id", "Plano de discagem"),
    ("grupo_musica_espera", "Grupo de música de espera"),
    ("puxar_chamadas", "Puxar chamadas"),
    ("habilitar_timers", "Habilitar timers"),
    ("habilitar_blf", "Habilitar BLF"),
    ("escutar_chamadas", "Escutar chamadas"),
    ("gravar_chamadas", "Gravar chamadas"),
    ("bloquear_ramal", "Bloquear ramal"),
    ("codigo_area", "Código de área (DDD)"),
    ("habilitar_dupla_autenticacao", "Dupla autenticação"),
    ("dupla_autenticacao_ip_permitido", "IP permitido"),
    ("dupla_autenticacao_mascara", "Máscara"),
    ("habilitar_caixa_postal", "Caixa postal"),
    ("caixa_postal_email", "E-mail da caixa postal"),
    ("encaminhar_todas_chamadas", "Encaminhar todas as chamadas"),
    ("encaminhar_offline_sem_atendimento", "Encaminhar se offline ou sem atendimento"),
    ("encaminhar_ocupado_indisponivel", "Encaminhar se ocupado ou indisponível"),
    ("encaminhamento_tipo", "Encaminhar para"),
    ("encaminhamento_destino", "Destino"),
    ("encaminhamento_destinos", "Destinos adicionais"),
    // DID
    ("did_id", "Código do DID"),
    ("audio_antes_encaminhar", "Áudio antes de encaminhar"),
    ("apontar_para", "Apontar para"),
    ("destino", "Destino"),
    ("habilitar_registro", "Registro SIP"),
    ("registro_dominio", "Domínio do registro"),
    ("registro_usuario", "Usuário do registro"),
    ("registro_senha", "Senha do registro"),
    ("maximo_chamadas_simultaneas", "Máximo de chamadas simultâneas"),
    ("habilitar_horario_funcionamento", "Horário de funcionamento"),
    ("horario_funcionamento_inicio", "Início do horário"),
    ("horario_funcionamento_fim", "Fim do horário"),
    ("horario_funcionamento_dias_semana", "Dias da semana"),
    ("horario_funcionamento_lista_feriados", "Feriado"),
    ("horario_funcionamento_audio_fora_horario", "Áudio fora do horário"),
    // Tronco, tarifas, regras
    ("tronco_id", "Tronco"),
    ("host_dinamico", "Host dinâmico"),
    ("endereco", "Endereço"),
    ("qtd_digitos_cortados", "Dígitos cortados"),
    ("insere_digitos", "Dígitos inseridos"),
    ("autentica_user_pass", "Autenticar com usuário e senha"),
    ("usuario", "Usuário"),
    ("tarifas", "Tarifa"),
    ("regiao_id", "Região"),
    ("tarifa", "Preço por minuto"),
    ("fracionamento", "Fracionamento"),
    ("regioes", "Região"),
    ("roteamentos", "Rota"),
    ("prioridade", "Prioridade"),
    // Call history
    ("data_inicial", "Data inicial"),
    ("data_final", "Data final"),
    ("hora_inicial", "Hora inicial"),
    ("hora_final", "Hora final"),
    ("quantidade", "Registros por página"),
    ("pos_registro_inicial", "Posição inicial"),
    ("email", "E-mail"),
    // Accounts
    ("label", "Nome da conta"),
    ("base_url", "Endereço da API"),
    ("token", "Token"),
    ("dialeto", "Dialeto da API"),
    ("acao", "Ação"),
];

/// The pt-BR labels by key, for the app's bindings (`ROTULOS_CAMPOS`; its English ones are in
/// `ui/src/i18n/en.ts`, typed by these keys).
pub fn tabela() -> std::collections::BTreeMap<&'static str, &'static str> {
    ROTULOS.iter().copied().collect()
}

fn rotulo_da_chave(key: &str) -> Option<&'static str> {
    ROTULOS.iter().find(|(k, _)| *k == key).map(|(_, label)| *label)
}

/// The label of a field path: the last key's label, with each enclosing list item and
/// record named in parentheses; an unknown key shows as itself, underscores as spaces.
pub fn rotulo(field: &str) -> String {
    let mut parts: Vec<String> = field
        .split('.')
        .map(|part| {
            let (key, index) = match part.split_once('[') {
                Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let label = rotulo_da_chave(key).map(str::to_owned).unwrap_or_else(|| key.replace('_', " "));
            match index {
                Some(i) => format!("{} {}", label.to_lowercase(), i + 1),
                None => label,
            }
        })
        .collect();
    let Some(last) = parts.pop() else { return field.to_owned() };
    if parts.is_empty() {
        // A list item alone ("horario_funcionamento_lista_feriados[2]"): capitalised.
        let mut chars = last.chars();
        return chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or(last);
    }
    let context: Vec<String> = parts.into_iter().rev().map(|p| lower_first(&p)).collect();
    format!("{last} ({})", context.join(", "))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return String::new() };
    // "CNPJ", "BLF": acronyms keep their case.
    if chars.clone().next().is_some_and(char::is_uppercase) {
        return text.to_owned();
    }
    first.to_lowercase().chain(chars).collect()
}

/// Labels joined as people write them: "A", "A e B", "A, B e C".
pub fn lista(labels: &[String]) -> String {
    match labels {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} e {last}", rest.join(", ")),
    }
}

/// A count with its noun in pt-BR: "1 ramal", "3 ramais", "0 ramais" (never "ramal(is)").
pub fn contagem(n: i64, singular: &str, plural: &str) -> String {
    if n == 1 || n == -1 {
        format!("{n} {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_labels_with_where_they_sit() {
        assert_eq!(rotulo("faixa_max"), "Fim da faixa de ramais");
        assert_eq!(rotulo("base_url"), "Endereço da API");
        assert_eq!(rotulo("tarifas[0].fracionamento"), "Fracionamento (tarifa 1)");
        assert_eq!(
            rotulo("encaminhar_todas_chamadas.encaminhamento_destinos[1].encaminhamento_destino"),
            "Destino (destinos adicionais 2, encaminhar todas as chamadas)"
        );
        assert_eq!(rotulo("horario_funcionamento_lista_feriados[2]"), "Feriado 3");
        assert_eq!(rotulo("campo_novo"), "Campo novo");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(contagem(1, "registro", "registros"), "1 registro");
        assert_eq!(contagem(0, "registro", "registros"), "0 registros");
        assert_eq!(contagem(2, "plano de discagem", "planos de discagem"), "2 planos de discagem");
    }

    #[test]
    fn lists_read_as_sentences() {
        let l = |items: &[&str]| lista(&items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(l(&["Nome"]), "Nome");
        assert_eq!(l(&["Nome", "CNPJ"]), "Nome e CNPJ");
        assert_eq!(l(&["Nome", "CNPJ", "CEP"]), "Nome, CNPJ e CEP");
    }
}
