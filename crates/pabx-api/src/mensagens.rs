//! The words of every validation message, one table per language: a rule names its message by a
//! stable code and parameters ([`Mensagem`]), never by a sentence. This is the pt-BR table (what
//! the CLI and the sandbox say, and the app in Portuguese; exported to the app as the bindings
//! constant `MENSAGENS_VALIDACAO`); the app's English table is `ui/src/i18n/en.ts`, typed by
//! these codes so none is missing.

use std::collections::BTreeMap;
use std::fmt;

/// One rule's message: its code and parameters, rendered per language from a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mensagem {
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
}

/// The code of a text that came without one (a number's or a holiday's own check): the text is
/// its parameter `texto`, shown as it is in every language.
pub const TEXTO: &str = "texto";

impl Mensagem {
    pub fn new(code: &'static str) -> Self {
        Self { code, params: Vec::new() }
    }

    /// Adds a parameter (`{name}` in the templates).
    pub fn com(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    /// A pt-BR text from a check that has no code of its own.
    pub fn texto(text: impl Into<String>) -> Self {
        Self::new(TEXTO).com("texto", text.into())
    }

    /// The parameters by name, as a [`crate::FieldError`] carries them.
    pub fn params_map(&self) -> BTreeMap<String, String> {
        self.params.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }
}

/// The pt-BR text (a [`Frase`] parameter in its pt-BR words).
impl fmt::Display for Mensagem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let template = PT_BR.iter().find(|(code, _)| *code == self.code).map_or("{texto}", |(_, text)| *text);
        let params: Vec<(&str, String)> = self
            .params
            .iter()
            .map(|(name, value)| match FRASES_PT_BR.iter().find(|(key, _)| FRASE_PARAMS.contains(name) && key == value) {
                Some((_, words)) => (*name, (*words).to_owned()),
                None => (*name, value.clone()),
            })
            .collect();
        f.write_str(&preencher(template, &params))
    }
}

/// The parameters whose value is a [`Frase`] key, worded per language.
pub const FRASE_PARAMS: [&str; 2] = ["o_que", "do_que"];

macro_rules! frases {
    ($($variant:ident = $key:literal => $pt:literal),* $(,)?) => {
        /// What a message names in words ("Informe {o_que}", "o código {do_que}"): a key carried
        /// as the parameter, worded by each language's table (pt-BR here, English in en.ts), so no
        /// Portuguese phrase reaches another language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Frase { $($variant),* }

        impl Frase {
            /// The key the parameter carries.
            pub fn chave(self) -> &'static str {
                match self { $(Frase::$variant => $key),* }
            }
        }

        /// key → pt-BR words (exported to the app as `FRASES_VALIDACAO`).
        pub const FRASES_PT_BR: &[(&str, &str)] = &[$(($key, $pt)),*];
    };
}

frases! {
    Nome = "nome" => "o nome",
    Login = "login" => "o login",
    Senha = "senha" => "a senha",
    DestinoEncaminhamento = "destino_encaminhamento" => "o destino do encaminhamento",
    Cliente = "cliente" => "o cliente",
    NumeroRamal = "numero_ramal" => "o número do ramal",
    SenhaSip = "senha_sip" => "a senha SIP",
    IpPermitido = "ip_permitido" => "o IP permitido",
    Mascara = "mascara" => "a máscara",
    NumeroDid = "numero_did" => "o número do DID",
    Destino = "destino" => "o destino",
    RegistroDominio = "registro_dominio" => "o domínio do registro",
    RegistroUsuario = "registro_usuario" => "o usuário do registro",
    RegistroSenha = "registro_senha" => "a senha do registro",
    HoraInicio = "hora_inicio" => "a hora de início",
    HoraFim = "hora_fim" => "a hora de fim",
    EnderecoTronco = "endereco_tronco" => "o endereço do tronco",
    UsuarioTronco = "usuario_tronco" => "o usuário do tronco",
    SenhaTronco = "senha_tronco" => "a senha do tronco",
    Regiao = "regiao" => "a região",
    PlanoDiscagem = "plano_discagem" => "o plano de discagem",
    Tronco = "tronco" => "o tronco",
    DataInicial = "data_inicial" => "a data inicial",
    DataFinal = "data_final" => "a data final",
    DoCliente = "do_cliente" => "do cliente",
    DoRamal = "do_ramal" => "do ramal",
    DoDid = "do_did" => "do DID",
    DoTronco = "do_tronco" => "do tronco",
    DoPlanoDiscagem = "do_plano_discagem" => "do plano de discagem",
}

/// The pt-BR words by key, for the app's bindings.
pub fn frases_pt_br() -> BTreeMap<&'static str, &'static str> {
    FRASES_PT_BR.iter().copied().collect()
}

/// `{name}` replaced by the parameter of that name (left as is when there is none).
pub fn preencher(template: &str, params: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// code → pt-BR template. Parameters in words (`o_que`, `do_que`) carry a [`Frase`] key, worded
/// per language; numbers and values are the same in every language.
pub const PT_BR: &[(&str, &str)] = &[
    (TEXTO, "{texto}"),
    ("obrigatorio", "Informe {o_que}"),
    ("tamanho_maximo", "Use no máximo {max} caracteres"),
    ("identificador", "Use só letras sem acento, números, ponto, hífen, sublinhado ou @, sem espaços"),
    ("senha_curta", "Use uma senha de pelo menos {min} caracteres"),
    ("senha_longa", "Use uma senha de no máximo {max} caracteres"),
    ("cnpj_formato", "CNPJ inválido: use 14 dígitos, como 12.345.678/0001-95"),
    ("cnpj_iguais", "CNPJ inválido: todos os dígitos são iguais"),
    ("cnpj_dv", "CNPJ inválido: confira os dígitos verificadores"),
    ("cep", "CEP inválido: use 8 dígitos, como 01310-100"),
    ("email", "E-mail inválido: use o formato nome@empresa.com.br"),
    ("uf", "UF inválida: use a sigla do estado em maiúsculas, como SP"),
    ("hora", "Hora inválida: use HH:MM, de 00:00 a 23:59"),
    ("data_inexistente", "Data inexistente: confira o dia e o mês"),
    ("data_formato", "Data inválida: use dd/mm/aaaa, como 31/01/2026"),
    ("dia_semana", "Dia da semana inválido: use 0 (domingo) a 6 (sábado)"),
    ("dia_semana_repetido", "Dia da semana repetido ({dia}): marque cada dia uma vez só"),
    ("ip", "IP inválido: use quatro números de 0 a 255, como 192.168.0.10"),
    ("mascara", "Máscara inválida: use 255.255.255.0 ou um número de 0 a 32"),
    ("telefone", "Telefone inválido: informe DDD e número, como (11) 3333-4444"),
    ("ramal", "Ramal inválido: use só dígitos, no máximo {max}"),
    ("digitos", "Use só dígitos"),
    ("host", "Endereço inválido: use um nome como sip.operadora.com.br ou um IP, com :porta opcional"),
    ("ddd", "DDD inválido: use o código de área com 2 dígitos, como 11"),
    ("sim_nao", "Use 0 (não) ou 1 (sim)"),
    ("nao_negativo", "Use 0 ou mais"),
    ("referencia", "Escolha {o_que}"),
    ("id_inserir", "Deixe o código vazio ao inserir: o servidor cria um novo"),
    ("id_alterar", "Informe o código {do_que} a alterar"),
    ("id_excluir", "Informe o código {do_que} a excluir"),
    ("faixa_inicio", "Informe o início da faixa de ramais"),
    ("faixa_fim", "Informe o fim da faixa de ramais"),
    ("faixa_digitos", "Use ramais de no máximo {max} dígitos"),
    ("faixa_invertida", "O fim da faixa deve ser maior ou igual ao início"),
    ("faixa_comporta", "A faixa {min} a {max} comporta no máximo {n} ramais"),
    ("ramal_outro_cliente", "O ramal é de outro cliente: escolha o cliente {cliente}"),
    ("ramal_fora_da_faixa", "Ramal fora da faixa do cliente: use de {min} a {max}"),
    ("senha_sip_obvia", "A senha SIP não pode ser o número nem o usuário do ramal"),
    ("hora_fim_igual", "A hora de fim deve ser diferente da de início"),
    ("dias_vazio", "Marque ao menos um dia da semana"),
    ("digitos_cortados", "Use de 0 a {max} dígitos"),
    ("regiao_repetida_tarifa", "Região repetida: cada região tem uma tarifa só"),
    ("prioridade_repetida", "Prioridade repetida nesta região"),
    ("tronco_repetido", "Tronco repetido nesta região"),
    ("regiao_repetida_rota", "Região repetida: junte as rotas numa região só"),
    ("data_final_anterior", "A data final deve ser igual ou posterior à inicial"),
    ("periodo_longo", "Período maior que dois meses: escolha uma data final até {limite}"),
    ("hora_final_anterior", "A hora final deve ser igual ou posterior à inicial"),
    ("quantidade", "Use de 1 a {max} registros por página"),
    ("cliente_inexistente", "Cliente {cliente} não encontrado: escolha um cliente da lista"),
    ("limite_ramais", "O cliente já tem {n} de {max} ramais permitidos: aumente o máximo de ramais do cliente ou exclua um ramal"),
    ("cliente_difere", "O cliente do pedido difere do cliente do DID: use o mesmo nos dois"),
    ("numero_obrigatorio", "Informe o número, com DDD"),
    ("numero_invalido", "Número inválido: informe DDD e número, como (11) 3333-4444 ou +55 11 99999-8888"),
    ("numero_estrangeiro", "Número inválido: só números do Brasil (+55)"),
    ("numero_digitos", "Número inválido: {n} dígitos; use DDD + 8 dígitos (fixo) ou DDD + 9 dígitos (celular)"),
    ("ddd_inexistente", "DDD {ddd} não existe no Brasil: confira o código de área"),
    ("celular_invalido", "Celular inválido: com 9 dígitos, o número começa com 9"),
    ("fixo_invalido", "Fixo inválido: com 8 dígitos, o número começa com 2, 3, 4 ou 5"),
    ("feriado_data_obrigatoria", "Informe a data do feriado: dd/mm (todo ano) ou dd/mm/aaaa (só nesse dia)"),
    ("feriado_data_formato", "Data do feriado não reconhecida (\"{data}\"): use dd/mm (todo ano) ou dd/mm/aaaa"),
    ("feriado_ano", "Ano inválido: use de {min} a {max}"),
    ("feriado_inexistente", "Data inexistente ({data}): confira o dia e o mês"),
    ("feriado_virgula", "Nome do feriado sem vírgula: a plataforma separa os feriados por vírgula"),
    ("feriado_nome_longo", "Nome do feriado com no máximo {max} caracteres"),
    ("feriado_repetido", "Feriado repetido ({data}): deixe uma vez só"),
    ("tarifa_valor", "Tarifa inválida: informe o preço por minuto em reais, de 0 a {max}"),
    ("custo_limite", "Custo fora do limite: confira a tarifa e a duração da chamada"),
    ("fracionamento_obrigatorio", "Informe o fracionamento, como 4/30/6"),
    ("fracionamento_formato", "Fracionamento inválido: use G/M/I em segundos, como 4/30/6"),
    ("fracionamento_maximo", "Fracionamento inválido: use no máximo {max} segundos em cada parte"),
    ("fracionamento_incremento", "O incremento (I) do fracionamento deve ser maior que zero"),
    ("fracionamento_carencia", "A carência (G) do fracionamento não pode ser maior que o mínimo (M)"),
    ("fuso_desconhecido", "Fuso horário desconhecido: \"{fuso}\"; use um nome como {padrao}"),
];

/// The pt-BR table by code, for the app's bindings.
pub fn tabela_pt_br() -> BTreeMap<&'static str, &'static str> {
    PT_BR.iter().copied().collect()
}

/// `Mensagem::new(code)` with parameters: `m!("faixa_comporta", min = 1, max = 9, n = 9)`.
#[macro_export]
#[doc(hidden)]
macro_rules! m {
    ($code:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::mensagens::Mensagem::new($code)$(.com(stringify!($name), $value))*
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_render_with_their_parameters() {
        let codes: std::collections::HashSet<_> = PT_BR.iter().map(|(c, _)| c).collect();
        assert_eq!(codes.len(), PT_BR.len());
        assert_eq!(m!("faixa_comporta", min = 100, max = 199, n = 100).to_string(), "A faixa 100 a 199 comporta no máximo 100 ramais");
        assert_eq!(Mensagem::texto("Número inválido").to_string(), "Número inválido");
    }

    #[test]
    fn a_phrase_travels_as_its_key_and_reads_in_pt_br() {
        let m = m!("id_alterar", do_que = Frase::DoPlanoDiscagem.chave());
        assert_eq!(m.params_map().get("do_que").map(String::as_str), Some("do_plano_discagem"));
        assert_eq!(m.to_string(), "Informe o código do plano de discagem a alterar");
        assert_eq!(m!("obrigatorio", o_que = Frase::SenhaSip.chave()).to_string(), "Informe a senha SIP");
        // A key is only worded in a phrase parameter; other parameters stay as they are.
        assert_eq!(m!("ddd_inexistente", ddd = "nome").to_string(), "DDD nome não existe no Brasil: confira o código de área");
        let keys: std::collections::HashSet<_> = FRASES_PT_BR.iter().map(|(k, _)| k).collect();
        assert_eq!(keys.len(), FRASES_PT_BR.len());
    }
}
