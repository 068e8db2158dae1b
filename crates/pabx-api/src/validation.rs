//! Checks made before anything is sent, so a form can mark the wrong field with a pt-BR message
//! that says what to do, instead of a round trip and a vague 400.
//!
//! Three layers: primitives (`cnpj`, `hora`, `email`...) returning a [`Regra`] (a coded [`Mensagem`]); one
//! `validar_*` per record returning every [`FieldError`] (at most one per field: the first
//! check that fails); and [`Validate`], implemented for every write body, which
//! [`Client::write`](crate::Client) runs before sending. Field names are the record's JSON keys,
//! nested ones as paths (`tarifas[0].fracionamento`). Optional fields are checked only when
//! filled. Passwords are only ever measured, never quoted in a message.

use std::collections::HashSet;
use std::hash::Hash;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::chamada::{ListarHistoricoChamada, MAX_QUANTIDADE};
use crate::cliente::{AlterarCliente, Cliente, DeletarCliente, InserirCliente};
use crate::did::{AlterarDid, DeletarDid, Did, InserirDid};
use crate::error::{Error, FieldError, Result};
pub use crate::mensagens::{Frase, Mensagem};

/// What a rule answers: fine, or its message (a code and parameters, see [`crate::mensagens`]).
pub type Regra = std::result::Result<(), Mensagem>;
use crate::plano_discagem::{AlterarPlanoDiscagem, DeletarPlanoDiscagem, InserirPlanoDiscagem, PlanoDiscagem};
use crate::ramal::{AlterarRamal, DeletarRamal, Encaminhamento, InserirRamal, Ramal};
use crate::regra_roteamento::AlterarRegrasRoteamento;
use crate::tarifas::{self, Fracionamento};
use crate::tronco::{AlterarTronco, DeletarTronco, InserirTronco, Tronco};

/// Whether a record is being created (id 0, the server assigns one) or changed (id > 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Operacao {
    Inserir,
    Alterar,
}

/// What the rules of a write need to know besides its own body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Necessidade {
    /// The cliente the record belongs to (a ramal's faixa and `qtd_ramais_max`).
    pub cliente: Option<i64>,
    /// Also how many ramais that cliente has now (its limit, on insert).
    pub ramais_do_cliente: bool,
}

/// The context of one write, gathered once before it is validated: by [`crate::Client`] from
/// the server (cached per account, see [`Efeito`]), by the sandbox from its database. A
/// default `Contexto` looked nothing up: the rules that need it are skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contexto {
    /// The cliente of [`Necessidade::cliente`]: `None` when not looked up, `Some(None)` when
    /// looked up and absent.
    pub cliente: Option<Option<Cliente>>,
    /// How many ramais that cliente has, when [`Necessidade::ramais_do_cliente`].
    pub ramais_do_cliente: Option<i64>,
}

/// What a successful write changes of the cached contexts; a failed write whose outcome is
/// unknown forgets its cliente's context instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Efeito {
    /// Nothing another write's rules read.
    Nenhum,
    /// The cliente itself (its faixa, its limit) or its existence.
    Cliente(i64),
    /// One more ramal of that cliente.
    RamalInserido(i64),
    /// One ramal fewer.
    RamalRemovido(i64),
}

/// The validation contract of a write body, the one place the CLI, the app and the sandbox
/// go through: say what context the rules need, then check body and context together and
/// return every field error at once.
pub trait Validate {
    /// The context [`Validate::validate`] needs; nothing by default.
    fn necessidade(&self) -> Necessidade {
        Necessidade::default()
    }
    /// Every problem found, empty when the body may be sent.
    fn validate(&self, contexto: &Contexto) -> Vec<FieldError>;
    /// What this write changes of the contexts other writes need.
    fn efeito(&self) -> Efeito {
        Efeito::Nenhum
    }
}

/// `Ok` when there are no errors, otherwise [`Error::InvalidInput`] with all of them.
pub fn check(errors: Vec<FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidInput(errors))
    }
}

/// Longest texts accepted; the platform's columns are not documented, these fit real use.
pub mod max {
    pub const NOME: usize = 80;
    pub const LOGIN: usize = 50;
    pub const SENHA: usize = 64;
    pub const EMAIL: usize = 254;
    pub const TEXTO_LONGO: usize = 150;
    pub const TEXTO_CURTO: usize = 60;
    pub const PREFIXO: usize = 10;
    pub const DIGITOS_RAMAL: usize = 8;
    /// Largest extension number, so that `faixa_max` has at most [`DIGITOS_RAMAL`] digits.
    pub const FAIXA: i64 = 99_999_999;
    pub const DIGITOS_CORTADOS: i64 = 20;
}

/// Shortest passwords accepted: SIP passwords are brute-forced for toll fraud, so they get more.
pub mod min {
    pub const SENHA: usize = 6;
    pub const SENHA_SIP: usize = 8;
}

// ---------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------

/// Not empty nor only spaces; `o_que` completes "Informe ...", e.g. [`Frase::Nome`].
pub fn obrigatorio(valor: &str, o_que: Frase) -> Regra {
    if valor.trim().is_empty() {
        Err(m!("obrigatorio", o_que = o_que.chave()))
    } else {
        Ok(())
    }
}

/// At most `max` characters (not bytes: accents count once).
pub fn tamanho_maximo(valor: &str, max: usize) -> Regra {
    if valor.chars().count() > max {
        Err(m!("tamanho_maximo", max = max))
    } else {
        Ok(())
    }
}

/// Required text of at most `max` characters.
pub fn texto_obrigatorio(valor: &str, o_que: Frase, max: usize) -> Regra {
    obrigatorio(valor, o_que).and_then(|()| tamanho_maximo(valor, max))
}

/// Runs `check` only when the field is filled: an empty optional field is fine.
pub fn opcional(valor: &str, check: impl FnOnce(&str) -> Regra) -> Regra {
    if valor.trim().is_empty() {
        Ok(())
    } else {
        check(valor)
    }
}

/// A login or SIP user: letters, digits, `.`, `-`, `_`, `@`; no spaces; at most [`max::LOGIN`].
pub fn identificador(valor: &str) -> Regra {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    if !valor.chars().all(allowed) {
        return Err(m!("identificador"));
    }
    tamanho_maximo(valor, max::LOGIN)
}

/// A password of `minimo..=`[`max::SENHA`] characters. The message never repeats it.
pub fn senha(valor: &str, minimo: usize) -> Regra {
    let length = valor.chars().count();
    if length < minimo {
        Err(m!("senha_curta", min = minimo))
    } else if length > max::SENHA {
        Err(m!("senha_longa", max = max::SENHA))
    } else {
        Ok(())
    }
}

/// Either plain (`12345678000195`) or the mask (`12.345.678/0001-95`); with the 2026
/// alphanumeric CNPJ, the first 12 characters may also be capital letters.
fn cnpj_caracteres(valor: &str) -> Option<Vec<u8>> {
    const MASK: &[u8] = b"##.###.###/####-##";
    let bytes = valor.as_bytes();
    let kept: Vec<u8> = if bytes.len() == 14 {
        bytes.to_vec()
    } else if bytes.len() == MASK.len() && bytes.iter().zip(MASK).all(|(b, m)| *m == b'#' || b == m) {
        bytes.iter().zip(MASK).filter(|(_, m)| **m == b'#').map(|(b, _)| *b).collect()
    } else {
        return None;
    };
    let (base, dv) = kept.split_at(12);
    let base_ok = base.iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    let dv_ok = dv.iter().all(u8::is_ascii_digit);
    (base_ok && dv_ok).then_some(kept)
}

/// One CNPJ check digit over `chars` (each valued ASCII − 48, so digits keep their value).
fn cnpj_dv(chars: &[u8]) -> u8 {
    let weights = [2u32, 3, 4, 5, 6, 7, 8, 9];
    let sum: u32 = chars.iter().rev().zip(weights.iter().cycle()).map(|(c, w)| u32::from(c - b'0') * w).sum();
    match sum % 11 {
        0 | 1 => 0,
        r => (11 - r) as u8,
    }
}

/// A CNPJ with correct check digits: 14 digits, plain or formatted.
pub fn cnpj(valor: &str) -> Regra {
    let Some(chars) = cnpj_caracteres(valor) else {
        return Err(m!("cnpj_formato"));
    };
    if chars.iter().all(|c| *c == chars[0]) {
        return Err(m!("cnpj_iguais"));
    }
    let first = cnpj_dv(&chars[..12]);
    let second = cnpj_dv(&[&chars[..12], &[b'0' + first]].concat());
    if chars[12] - b'0' != first || chars[13] - b'0' != second {
        return Err(m!("cnpj_dv"));
    }
    Ok(())
}

/// A CEP: `01310-100` or `01310100` (never all zeros).
pub fn cep(valor: &str) -> Regra {
    let digits: String = match valor.len() {
        8 => valor.to_owned(),
        9 if valor.as_bytes()[5] == b'-' => valor.replacen('-', "", 1),
        _ => String::new(),
    };
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) || digits == "00000000" {
        return Err(m!("cep"));
    }
    Ok(())
}

/// An e-mail address `nome@dominio.tld`, without display names or spaces.
pub fn email(valor: &str) -> Regra {
    let invalid = || Err(m!("email"));
    if valor.len() > max::EMAIL {
        return invalid();
    }
    let Some((local, domain)) = valor.split_once('@') else { return invalid() };
    let local_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(local_char)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let tld_ok = labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if local_ok && labels.len() >= 2 && labels.iter().all(|l| host_label(l)) && tld_ok {
        Ok(())
    } else {
        invalid()
    }
}

/// The 27 federative units.
pub const UFS: [&str; 27] = [
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO",
    "RR", "SC", "SP", "SE", "TO",
];

/// A Brazilian state's two capital letters.
pub fn uf(valor: &str) -> Regra {
    if UFS.contains(&valor) {
        Ok(())
    } else {
        Err(m!("uf"))
    }
}

/// Two ASCII digits as a number.
fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// `HH:MM` as minutes since midnight.
fn parse_hora(valor: &str) -> Option<u32> {
    let (h, m) = valor.split_once(':')?;
    let (h, m) = (two_digits(h)?, two_digits(m)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A time of day, `HH:MM` from 00:00 to 23:59.
pub fn hora(valor: &str) -> Regra {
    parse_hora(valor).map(|_| ()).ok_or_else(|| m!("hora"))
}

/// A calendar date, ordered as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: u32,
    month: u32,
    day: u32,
}

impl Date {
    // `%` rather than `is_multiple_of`, which needs Rust 1.87 (the workspace allows 1.85).
    #[allow(clippy::manual_is_multiple_of)]
    fn days_in_month(year: u32, month: u32) -> u32 {
        match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// The same day `months` later, clamped to the month's end (31/12 + 2 → 28/02 or 29/02).
    fn plus_months(self, months: u32) -> Date {
        let index = self.month - 1 + months;
        let (year, month) = (self.year + index / 12, index % 12 + 1);
        Date { year, month, day: self.day.min(Self::days_in_month(year, month)) }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

/// `dd/mm/yyyy`: Err(true) when well formed but not in the calendar, Err(false) when malformed.
fn parse_data(valor: &str) -> Result<Date, bool> {
    let parts: Vec<&str> = valor.split('/').collect();
    let [d, m, y] = parts.as_slice() else { return Err(false) };
    let (Some(day), Some(month)) = (two_digits(d), two_digits(m)) else { return Err(false) };
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(false);
    }
    let year: u32 = y.parse().map_err(|_| false)?;
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > Date::days_in_month(year, month) {
        return Err(true);
    }
    Ok(Date { year, month, day })
}

/// A real date written `dd/mm/aaaa`.
pub fn data(valor: &str) -> Regra {
    match parse_data(valor) {
        Ok(_) => Ok(()),
        Err(true) => Err(m!("data_inexistente")),
        Err(false) => Err(m!("data_formato")),
    }
}

/// Indexes of the items whose key already appeared earlier in the list.
fn repeated<T, K: Eq + Hash>(items: &[T], key: impl Fn(&T) -> K) -> Vec<usize> {
    let mut seen = HashSet::new();
    items.iter().enumerate().filter(|(_, item)| !seen.insert(key(item))).map(|(i, _)| i).collect()
}

/// Weekdays 0 (Sunday) to 6 (Saturday), each at most once.
pub fn dias_semana(dias: &[i64]) -> Regra {
    if dias.iter().any(|d| !(0..=6).contains(d)) {
        return Err(m!("dia_semana"));
    }
    match repeated(dias, |d| *d).first() {
        Some(&i) => Err(m!("dia_semana_repetido", dia = dias[i])),
        None => Ok(()),
    }
}

/// A dotted IPv4 address such as `192.168.0.10` (no leading zeros).
pub fn ipv4(valor: &str) -> Regra {
    valor.parse::<Ipv4Addr>().map(|_| ()).map_err(|_| m!("ip"))
}

/// A netmask: dotted with contiguous bits (`255.255.255.0`) or a prefix length `0`..=`32`.
pub fn mascara(valor: &str) -> Regra {
    let prefix_ok = !valor.is_empty()
        && valor.len() <= 2
        && valor.bytes().all(|b| b.is_ascii_digit())
        && valor.parse::<u8>().is_ok_and(|bits| bits <= 32);
    let dotted_ok = valor.parse::<Ipv4Addr>().is_ok_and(|ip| {
        let bits = u32::from(ip);
        bits.leading_ones() + bits.trailing_zeros() >= 32
    });
    if prefix_ok || dotted_ok {
        Ok(())
    } else {
        Err(m!("mascara"))
    }
}

/// A Brazilian number with area code, as people write it (see [`crate::numero::NumeroBr`]):
/// DDD + 8 digits (fixed) or 9 (mobile), `+55` accepted; or a non-geographic 0800 / 4004 number.
pub fn numero_did(valor: &str) -> Regra {
    crate::numero::NumeroBr::parse(valor).map(|_| ())
}

/// A phone number as people write it, `(11) 3333-4444` or `+55 11 99999-8888`: digits, spaces,
/// `()-.`, an optional leading `+55`, 10 to 13 digits.
pub fn telefone(valor: &str) -> Regra {
    let invalid = || Err(m!("telefone"));
    let (international, rest) = match valor.trim_start().strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, valor),
    };
    if !rest.chars().all(|c| c.is_ascii_digit() || " ()-.".contains(c)) {
        return invalid();
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if (international && !digits.starts_with("55")) || !(10..=13).contains(&digits.len()) {
        return invalid();
    }
    Ok(())
}

/// An extension number: 1 to [`max::DIGITOS_RAMAL`] digits.
pub fn numero_ramal(valor: &str) -> Regra {
    if valor.is_empty() || valor.len() > max::DIGITOS_RAMAL || !valor.bytes().all(|b| b.is_ascii_digit()) {
        Err(m!("ramal", max = max::DIGITOS_RAMAL))
    } else {
        Ok(())
    }
}

/// Only digits (a prefix), at most `max`.
pub fn digitos(valor: &str, max: usize) -> Regra {
    if !valor.bytes().all(|b| b.is_ascii_digit()) {
        Err(m!("digitos"))
    } else {
        tamanho_maximo(valor, max)
    }
}

/// One label of a host name.
fn host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// A SIP host: a name (`sip.operadora.com.br`) or an IPv4, with an optional `:porta`.
pub fn host(valor: &str) -> Regra {
    let invalid = || Err(m!("host"));
    let (name, port) = match valor.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (valor, None),
    };
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|p| p > 0));
    let labels: Vec<&str> = name.split('.').collect();
    // All-numeric labels can only be an IP address.
    let name_ok = if labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())) {
        name.parse::<Ipv4Addr>().is_ok()
    } else {
        name.len() <= 253 && labels.iter().all(|l| host_label(l))
    };
    if port_ok && name_ok {
        Ok(())
    } else {
        invalid()
    }
}

/// The area codes (DDD) in use in Brazil.
pub const DDDS: [i64; 67] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55,
    61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/// A Brazilian area code, such as 11 or 21.
pub fn ddd(valor: i64) -> Regra {
    if DDDS.contains(&valor) {
        Ok(())
    } else {
        Err(m!("ddd"))
    }
}

/// A yes/no flag: 0 or 1.
pub fn sim_nao(valor: i64) -> Regra {
    if valor == 0 || valor == 1 {
        Ok(())
    } else {
        Err(m!("sim_nao"))
    }
}

/// A count or optional reference: 0 or more.
pub fn nao_negativo(valor: i64) -> Regra {
    if valor >= 0 {
        Ok(())
    } else {
        Err(m!("nao_negativo"))
    }
}

/// A required reference to another record; `o_que` completes "Escolha ...", e.g. [`Frase::Cliente`].
pub fn referencia(id: i64, o_que: Frase) -> Regra {
    if id > 0 {
        Ok(())
    } else {
        Err(m!("referencia", o_que = o_que.chave()))
    }
}

/// The record's own id: 0 to insert, > 0 to change. `do_que` is e.g. [`Frase::DoRamal`].
pub fn id_para(operacao: Operacao, id: i64, do_que: Frase) -> Regra {
    match operacao {
        Operacao::Inserir if id != 0 => Err(m!("id_inserir")),
        Operacao::Alterar if id <= 0 => Err(m!("id_alterar", do_que = do_que.chave())),
        _ => Ok(()),
    }
}

/// The id of a record to delete: > 0.
pub fn id_para_excluir(id: i64, do_que: Frase) -> Regra {
    if id > 0 {
        Ok(())
    } else {
        Err(m!("id_excluir", do_que = do_que.chave()))
    }
}

/// A customer's extension range: both ends set, at most [`max::FAIXA`], start <= end.
/// Reported on `faixa_max`; a missing start is reported by [`validar_cliente`] on `faixa_min`.
pub fn faixa(faixa_min: i64, faixa_max: i64) -> Regra {
    if faixa_max <= 0 {
        Err(m!("faixa_fim"))
    } else if faixa_max > max::FAIXA || faixa_min > max::FAIXA {
        Err(m!("faixa_digitos", max = max::DIGITOS_RAMAL))
    } else if faixa_min > faixa_max {
        Err(m!("faixa_invertida"))
    } else {
        Ok(())
    }
}

/// `qtd_ramais_max` fits the range `faixa_min..=faixa_max` (0 allowed).
pub fn qtd_ramais_max(qtd: i64, faixa_min: i64, faixa_max: i64) -> Regra {
    let size = faixa_max.saturating_sub(faixa_min).saturating_add(1).max(0);
    if qtd < 0 {
        Err(m!("nao_negativo"))
    } else if qtd > size {
        Err(m!("faixa_comporta", min = faixa_min, max = faixa_max, n = size))
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// Field errors being gathered, at most one per field: the first check that fails.
#[derive(Default)]
struct Erros(Vec<FieldError>);

impl Erros {
    fn campo(&mut self, field: impl Into<String>, result: Regra) {
        if let Err(message) = result {
            let field = field.into();
            if !self.0.iter().any(|e| e.field == field) {
                self.0.push(FieldError::de(field, &message));
            }
        }
    }

    /// Several 0/1 flags at once.
    fn flags(&mut self, flags: &[(&str, i64)]) {
        for (field, value) in flags {
            self.campo(*field, sim_nao(*value));
        }
    }

    /// Marks every repeated item's field with the same message.
    fn repetidos<T, K: Eq + Hash>(&mut self, items: &[T], key: impl Fn(&T) -> K, field: impl Fn(usize) -> String, code: &'static str) {
        for i in repeated(items, key) {
            self.campo(field(i), Err(Mensagem::new(code)));
        }
    }
}

/// A customer. Required: nome, login, the range; senha on insert.
pub fn validar_cliente(c: &Cliente, operacao: Operacao) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("cliente_id", id_para(operacao, c.cliente_id, Frase::DoCliente));
    e.campo("nome", texto_obrigatorio(&c.nome, Frase::Nome, max::NOME));
    e.campo("login", obrigatorio(&c.login, Frase::Login).and_then(|()| identificador(&c.login)));
    if operacao == Operacao::Inserir {
        e.campo("senha", obrigatorio(&c.senha, Frase::Senha));
    }
    e.campo("senha", opcional(&c.senha, |s| senha(s, min::SENHA)));
    e.campo("email_cliente", opcional(&c.email_cliente, email));
    e.campo("faixa_min", if c.faixa_min > 0 { Ok(()) } else { Err(m!("faixa_inicio")) });
    e.campo("faixa_max", faixa(c.faixa_min, c.faixa_max));
    if faixa(c.faixa_min, c.faixa_max).is_ok() {
        e.campo("qtd_ramais_max", qtd_ramais_max(c.qtd_ramais_max, c.faixa_min, c.faixa_max));
    }
    e.campo("qtd_ramais_max", nao_negativo(c.qtd_ramais_max));
    e.campo("prefixo", digitos(&c.prefixo, max::PREFIXO));
    e.campo("razao_social", tamanho_maximo(&c.razao_social, max::TEXTO_LONGO));
    e.campo("cnpj", opcional(&c.cnpj, cnpj));
    e.campo("end", tamanho_maximo(&c.end, max::TEXTO_LONGO));
    e.campo("compl", tamanho_maximo(&c.compl, max::TEXTO_CURTO));
    e.campo("cep", opcional(&c.cep, cep));
    e.campo("bairro", tamanho_maximo(&c.bairro, max::TEXTO_CURTO));
    e.campo("cidade", tamanho_maximo(&c.cidade, max::TEXTO_CURTO));
    e.campo("estado", opcional(&c.estado, uf));
    e.campo("resp", tamanho_maximo(&c.resp, max::NOME));
    e.campo("tel", opcional(&c.tel, telefone));
    e.campo("cel", opcional(&c.cel, telefone));
    e.campo("ramal_resp", opcional(&c.ramal_resp, numero_ramal));
    e.campo("salas_conf_num_max", nao_negativo(c.salas_conf_num_max));
    e.campo("espaco_disco", nao_negativo(c.espaco_disco));
    e.flags(&[("ignorar_limite_espaco", c.ignorar_limite_espaco)]);
    e.campo("usuario_padrao_id", nao_negativo(c.usuario_padrao_id));
    e.0
}

/// One forwarding rule: with a tipo, the main destination and each listed one need a destino.
/// A slot with tipo 0 is unused (integrations send five, empty or holding placeholders): any
/// destino is accepted there and sent back as it came.
fn validar_encaminhamento(e: &mut Erros, campo: &str, regra: &Encaminhamento) {
    let destino = |tipo: i64, destino: &str| {
        if tipo > 0 {
            texto_obrigatorio(destino, Frase::DestinoEncaminhamento, max::TEXTO_CURTO)
        } else {
            Ok(())
        }
    };
    e.campo(format!("{campo}.encaminhamento_tipo"), nao_negativo(regra.encaminhamento_tipo));
    e.campo(format!("{campo}.encaminhamento_destino"), destino(regra.encaminhamento_tipo, &regra.encaminhamento_destino));
    for (i, item) in regra.encaminhamento_destinos.iter().enumerate() {
        let path = format!("{campo}.encaminhamento_destinos[{i}]");
        e.campo(format!("{path}.encaminhamento_tipo"), nao_negativo(item.encaminhamento_tipo));
        e.campo(format!("{path}.encaminhamento_destino"), destino(item.encaminhamento_tipo, &item.encaminhamento_destino));
    }
}

/// An extension. Required: cliente_id, numero, nome; senha_sip on insert. With the customer,
/// the number must lie in its range.
pub fn validar_ramal(r: &Ramal, cliente: Option<&Cliente>, operacao: Operacao) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("ramal_id", id_para(operacao, r.ramal_id, Frase::DoRamal));
    e.campo("cliente_id", referencia(r.cliente_id, Frase::Cliente));
    if let Some(c) = cliente.filter(|c| c.cliente_id > 0 && r.cliente_id > 0 && c.cliente_id != r.cliente_id) {
        e.campo("cliente_id", Err(m!("ramal_outro_cliente", cliente = c.cliente_id)));
    }
    e.campo("nome", texto_obrigatorio(&r.nome, Frase::Nome, max::NOME));
    e.campo("numero", obrigatorio(&r.numero, Frase::NumeroRamal).and_then(|()| numero_ramal(&r.numero)));
    if let Some(c) = cliente {
        let in_range = r.numero.parse::<i64>().is_ok_and(|n| (c.faixa_min..=c.faixa_max).contains(&n));
        if !in_range {
            e.campo("numero", Err(m!("ramal_fora_da_faixa", min = c.faixa_min, max = c.faixa_max)));
        }
    }
    e.campo("usuario_autenticacao", opcional(&r.usuario_autenticacao, identificador));
    if operacao == Operacao::Inserir {
        e.campo("senha_sip", obrigatorio(&r.senha_sip, Frase::SenhaSip));
    }
    e.campo("senha_sip", opcional(&r.senha_sip, |s| senha(s, min::SENHA_SIP)));
    if !r.senha_sip.is_empty() && (r.senha_sip == r.numero || r.senha_sip == r.usuario_autenticacao) {
        e.campo("senha_sip", Err(m!("senha_sip_obvia")));
    }
    e.campo("senha_web", opcional(&r.senha_web, |s| senha(s, min::SENHA)));
    e.campo("caller_id_externo", opcional(&r.caller_id_externo, numero_did));
    e.campo("grupo_ramais", tamanho_maximo(&r.grupo_ramais, max::TEXTO_CURTO));
    e.campo("centro_custo", tamanho_maximo(&r.centro_custo, max::TEXTO_CURTO));
    e.campo("plano_discagem_id", nao_negativo(r.plano_discagem_id));
    e.campo("grupo_musica_espera", tamanho_maximo(&r.grupo_musica_espera, max::TEXTO_CURTO));
    e.flags(&[
        ("puxar_chamadas", r.puxar_chamadas),
        ("habilitar_timers", r.habilitar_timers),
        ("habilitar_blf", r.habilitar_blf),
        ("escutar_chamadas", r.escutar_chamadas),
        ("gravar_chamadas", r.gravar_chamadas),
        ("bloquear_ramal", r.bloquear_ramal),
        ("habilitar_dupla_autenticacao", r.habilitar_dupla_autenticacao),
        ("habilitar_caixa_postal", r.habilitar_caixa_postal),
    ]);
    if r.codigo_area != 0 {
        e.campo("codigo_area", ddd(r.codigo_area));
    }
    // A feature switched off keeps whatever its fields hold (integrations fill them with
    // placeholders such as "1"): they are checked only when it is on.
    if r.habilitar_dupla_autenticacao == 1 {
        let ip = &r.dupla_autenticacao_ip_permitido;
        e.campo("dupla_autenticacao_ip_permitido", obrigatorio(ip, Frase::IpPermitido).and_then(|()| ipv4(ip)));
        let mask = &r.dupla_autenticacao_mascara;
        e.campo("dupla_autenticacao_mascara", obrigatorio(mask, Frase::Mascara).and_then(|()| mascara(mask)));
    }
    if r.habilitar_caixa_postal == 1 {
        e.campo("caixa_postal_email", opcional(&r.caixa_postal_email, email));
    }
    validar_encaminhamento(&mut e, "encaminhar_todas_chamadas", &r.encaminhar_todas_chamadas);
    validar_encaminhamento(&mut e, "encaminhar_offline_sem_atendimento", &r.encaminhar_offline_sem_atendimento);
    validar_encaminhamento(&mut e, "encaminhar_ocupado_indisponivel", &r.encaminhar_ocupado_indisponivel);
    e.0
}

/// An inbound number. Required: cliente_id, numero; a destino when apontar_para is set; the
/// registration fields when registration is on; hours and days when business hours are on.
pub fn validar_did(d: &Did, operacao: Operacao) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("did_id", id_para(operacao, d.did_id, Frase::DoDid));
    e.campo("cliente_id", referencia(d.cliente_id, Frase::Cliente));
    e.campo("numero", obrigatorio(&d.numero, Frase::NumeroDid).and_then(|()| numero_did(&d.numero)));
    e.campo("audio_antes_encaminhar", tamanho_maximo(&d.audio_antes_encaminhar, max::TEXTO_LONGO));
    e.campo("apontar_para", nao_negativo(d.apontar_para));
    if d.apontar_para > 0 {
        e.campo("destino", obrigatorio(&d.destino, Frase::Destino));
    }
    e.campo("destino", tamanho_maximo(&d.destino, max::TEXTO_CURTO));
    e.flags(&[
        ("habilitar_registro", d.habilitar_registro),
        ("gravar_chamadas", d.gravar_chamadas),
        ("habilitar_horario_funcionamento", d.habilitar_horario_funcionamento),
    ]);
    // Registration and business hours switched off: their fields are kept as they came, unchecked.
    if d.habilitar_registro == 1 {
        e.campo("registro_dominio", obrigatorio(&d.registro_dominio, Frase::RegistroDominio).and_then(|()| host(&d.registro_dominio)));
        e.campo(
            "registro_usuario",
            obrigatorio(&d.registro_usuario, Frase::RegistroUsuario).and_then(|()| identificador(&d.registro_usuario)),
        );
        if operacao == Operacao::Inserir {
            e.campo("registro_senha", obrigatorio(&d.registro_senha, Frase::RegistroSenha));
        }
        e.campo("registro_senha", tamanho_maximo(&d.registro_senha, max::SENHA));
    }
    e.campo("maximo_chamadas_simultaneas", nao_negativo(d.maximo_chamadas_simultaneas));
    if d.habilitar_horario_funcionamento == 1 {
        validar_horario(&mut e, d);
    }
    e.0
}

/// Business hours (checked only when on): both hours, different, and at least one weekday.
fn validar_horario(e: &mut Erros, d: &Did) {
    let (inicio, fim) = (&d.horario_funcionamento_inicio, &d.horario_funcionamento_fim);
    e.campo("horario_funcionamento_inicio", obrigatorio(inicio, Frase::HoraInicio).and_then(|()| hora(inicio)));
    e.campo("horario_funcionamento_fim", obrigatorio(fim, Frase::HoraFim).and_then(|()| hora(fim)));
    if parse_hora(inicio).is_some() && parse_hora(inicio) == parse_hora(fim) {
        e.campo("horario_funcionamento_fim", Err(m!("hora_fim_igual")));
    }
    let dias = &d.horario_funcionamento_dias_semana;
    if dias.is_empty() {
        e.campo("horario_funcionamento_dias_semana", Err(m!("dias_vazio")));
    }
    e.campo("horario_funcionamento_dias_semana", dias_semana(dias));
    for (i, erro) in crate::feriados::validar(&d.feriados()) {
        e.campo(format!("horario_funcionamento_lista_feriados[{i}]"), Err(erro));
    }
    e.campo("horario_funcionamento_audio_fora_horario", tamanho_maximo(&d.horario_funcionamento_audio_fora_horario, max::TEXTO_LONGO));
}

/// A trunk. Required: cliente_id, nome; endereco unless the host is dynamic; usuario (and senha
/// on insert) when it authenticates. Each tariff: a region, a price >= 0, a valid fracionamento,
/// one tariff per region.
pub fn validar_tronco(t: &Tronco, operacao: Operacao) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("tronco_id", id_para(operacao, t.tronco_id, Frase::DoTronco));
    e.campo("cliente_id", referencia(t.cliente_id, Frase::Cliente));
    e.campo("nome", texto_obrigatorio(&t.nome, Frase::Nome, max::NOME));
    e.flags(&[("host_dinamico", t.host_dinamico), ("autentica_user_pass", t.autentica_user_pass)]);
    if t.host_dinamico != 1 {
        e.campo("endereco", obrigatorio(&t.endereco, Frase::EnderecoTronco));
    }
    e.campo("endereco", opcional(&t.endereco, host));
    let cortados = if (0..=max::DIGITOS_CORTADOS).contains(&t.qtd_digitos_cortados) {
        Ok(())
    } else {
        Err(m!("digitos_cortados", max = max::DIGITOS_CORTADOS))
    };
    e.campo("qtd_digitos_cortados", cortados);
    e.campo("insere_digitos", nao_negativo(t.insere_digitos));
    if t.autentica_user_pass == 1 {
        e.campo("usuario", obrigatorio(&t.usuario, Frase::UsuarioTronco));
        if operacao == Operacao::Inserir {
            e.campo("senha", obrigatorio(&t.senha, Frase::SenhaTronco));
        }
    }
    e.campo("usuario", opcional(&t.usuario, identificador));
    e.campo("senha", tamanho_maximo(&t.senha, max::SENHA));
    for (i, tarifa) in t.tarifas.iter().enumerate() {
        e.campo(format!("tarifas[{i}].regiao_id"), referencia(tarifa.regiao_id, Frase::Regiao));
        e.campo(format!("tarifas[{i}].tarifa"), tarifas::valor_por_minuto(tarifa.tarifa));
        e.campo(format!("tarifas[{i}].fracionamento"), Fracionamento::parse(&tarifa.fracionamento).map(|_| ()));
    }
    e.repetidos(&t.tarifas, |t| t.regiao_id, |i| format!("tarifas[{i}].regiao_id"), "regiao_repetida_tarifa");
    e.0
}

/// A dial plan: cliente_id and nome.
pub fn validar_plano_discagem(p: &PlanoDiscagem, operacao: Operacao) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("plano_discagem_id", id_para(operacao, p.plano_discagem_id, Frase::DoPlanoDiscagem));
    e.campo("cliente_id", referencia(p.cliente_id, Frase::Cliente));
    e.campo("nome", texto_obrigatorio(&p.nome, Frase::Nome, max::NOME));
    e.0
}

/// A dial plan's routing: each region once, each with its trunks, no trunk or priority twice.
pub fn validar_regras_roteamento(request: &AlterarRegrasRoteamento) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("plano_discagem_id", referencia(request.plano_discagem_id, Frase::PlanoDiscagem));
    let regioes = &request.dados.regioes;
    for (i, regiao) in regioes.iter().enumerate() {
        e.campo(format!("regioes[{i}].regiao_id"), referencia(regiao.regiao_id, Frase::Regiao));
        for (j, rota) in regiao.roteamentos.iter().enumerate() {
            let path = format!("regioes[{i}].roteamentos[{j}]");
            e.campo(format!("{path}.prioridade"), nao_negativo(rota.prioridade));
            e.campo(format!("{path}.tronco_id"), referencia(rota.tronco_id, Frase::Tronco));
        }
        let path = |field: &'static str| move |j: usize| format!("regioes[{i}].roteamentos[{j}].{field}");
        e.repetidos(&regiao.roteamentos, |r| r.prioridade, path("prioridade"), "prioridade_repetida");
        e.repetidos(&regiao.roteamentos, |r| r.tronco_id, path("tronco_id"), "tronco_repetido");
    }
    e.repetidos(regioes, |r| r.regiao_id, |i| format!("regioes[{i}].regiao_id"), "regiao_repetida_rota");
    e.0
}

/// A call-history query: both dates, a real window of at most two months, hours HH:MM, and a
/// page of 1 to 1000 records when `quantidade` is set.
pub fn validar_historico(h: &ListarHistoricoChamada) -> Vec<FieldError> {
    historico(h, true)
}

/// A call-history period of any length (split into windows by [`crate::historico::janelas`]):
/// the same checks as [`validar_historico`] except the two-month limit.
pub fn validar_periodo_historico(h: &ListarHistoricoChamada) -> Vec<FieldError> {
    historico(h, false)
}

fn historico(h: &ListarHistoricoChamada, limite_dois_meses: bool) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo("cliente_id", nao_negativo(h.cliente_id));
    e.campo("tronco_id", nao_negativo(h.tronco_id));
    e.campo("data_inicial", obrigatorio(&h.data_inicial, Frase::DataInicial).and_then(|()| data(&h.data_inicial)));
    e.campo("data_final", obrigatorio(&h.data_final, Frase::DataFinal).and_then(|()| data(&h.data_final)));
    let dates = (parse_data(&h.data_inicial), parse_data(&h.data_final));
    if let (Ok(inicial), Ok(final_)) = dates {
        let limite = inicial.plus_months(2);
        if final_ < inicial {
            e.campo("data_final", Err(m!("data_final_anterior")));
        } else if limite_dois_meses && final_ > limite {
            e.campo("data_final", Err(m!("periodo_longo", limite = limite)));
        }
    }
    e.campo("hora_inicial", opcional(&h.hora_inicial, hora));
    e.campo("hora_final", opcional(&h.hora_final, hora));
    let same_day = dates.0.is_ok() && dates.0 == dates.1;
    if let (true, Some(inicio), Some(fim)) = (same_day, parse_hora(&h.hora_inicial), parse_hora(&h.hora_final)) {
        if fim < inicio {
            e.campo("hora_final", Err(m!("hora_final_anterior")));
        }
    }
    if h.quantidade != 0 && !(1..=MAX_QUANTIDADE).contains(&h.quantidade) {
        e.campo("quantidade", Err(m!("quantidade", max = MAX_QUANTIDADE)));
    }
    e.campo("pos_registro_inicial", nao_negativo(h.pos_registro_inicial));
    e.campo("email", opcional(&h.email, email));
    e.0
}

// ---------------------------------------------------------------------------------------------
// Write bodies
// ---------------------------------------------------------------------------------------------

/// Bodies that are `{ dados: Record }` and validated as that record alone.
macro_rules! validate_dados {
    ($( $body:ty => |$d:ident| $check:expr, $efeito:expr; )*) => {
        $(
            impl Validate for $body {
                fn validate(&self, _: &Contexto) -> Vec<FieldError> {
                    let $d = &self.dados;
                    $check
                }
                fn efeito(&self) -> Efeito {
                    let $d = &self.dados;
                    let _ = $d;
                    $efeito
                }
            }
        )*
    };
}

validate_dados! {
    InserirCliente => |d| validar_cliente(d, Operacao::Inserir), Efeito::Nenhum;
    AlterarCliente => |d| validar_cliente(d, Operacao::Alterar), Efeito::Cliente(d.cliente_id);
    InserirTronco => |d| validar_tronco(d, Operacao::Inserir), Efeito::Nenhum;
    AlterarTronco => |d| validar_tronco(d, Operacao::Alterar), Efeito::Nenhum;
    InserirPlanoDiscagem => |d| validar_plano_discagem(d, Operacao::Inserir), Efeito::Nenhum;
    AlterarPlanoDiscagem => |d| validar_plano_discagem(d, Operacao::Alterar), Efeito::Nenhum;
}

/// A ramal against its cliente, when it was looked up: the faixa always, the limit on insert;
/// a cliente that does not exist is an error on `cliente_id`. Every error at once.
pub fn validar_ramal_no_contexto(r: &Ramal, contexto: &Contexto, operacao: Operacao) -> Vec<FieldError> {
    let cliente = contexto.cliente.as_ref().and_then(Option::as_ref);
    let mut e = Erros(validar_ramal(r, cliente, operacao));
    match (&contexto.cliente, cliente) {
        (Some(None), _) if r.cliente_id > 0 => {
            e.campo("cliente_id", Err(m!("cliente_inexistente", cliente = r.cliente_id)));
        }
        (_, Some(c)) if operacao == Operacao::Inserir => {
            if let Some(ramais) = contexto.ramais_do_cliente.filter(|n| *n >= c.qtd_ramais_max) {
                e.campo("cliente_id", Err(m!("limite_ramais", n = ramais, max = c.qtd_ramais_max)));
            }
        }
        _ => {}
    }
    e.0
}

fn necessidade_ramal(r: &Ramal, operacao: Operacao) -> Necessidade {
    Necessidade {
        cliente: (r.cliente_id > 0).then_some(r.cliente_id),
        ramais_do_cliente: operacao == Operacao::Inserir && r.cliente_id > 0,
    }
}

impl Validate for InserirRamal {
    fn necessidade(&self) -> Necessidade {
        necessidade_ramal(&self.dados, Operacao::Inserir)
    }
    fn validate(&self, contexto: &Contexto) -> Vec<FieldError> {
        validar_ramal_no_contexto(&self.dados, contexto, Operacao::Inserir)
    }
    fn efeito(&self) -> Efeito {
        Efeito::RamalInserido(self.dados.cliente_id)
    }
}

impl Validate for AlterarRamal {
    fn necessidade(&self) -> Necessidade {
        necessidade_ramal(&self.dados, Operacao::Alterar)
    }
    fn validate(&self, contexto: &Contexto) -> Vec<FieldError> {
        validar_ramal_no_contexto(&self.dados, contexto, Operacao::Alterar)
    }
}

/// The DID bodies repeat `cliente_id` outside `dados`: both must name the same customer.
fn validar_did_body(cliente_id: i64, did: &Did, operacao: Operacao) -> Vec<FieldError> {
    let mut e = Erros(validar_did(did, operacao));
    if cliente_id != did.cliente_id {
        e.campo("cliente_id", Err(m!("cliente_difere")));
    }
    e.0
}

impl Validate for InserirDid {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_did_body(self.cliente_id, &self.dados, Operacao::Inserir)
    }
}

impl Validate for AlterarDid {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_did_body(self.cliente_id, &self.dados, Operacao::Alterar)
    }
}

/// A delete: the record's id and its customer's, both > 0.
fn validar_exclusao(id_field: &str, id: i64, do_que: Frase, cliente_id: Option<i64>) -> Vec<FieldError> {
    let mut e = Erros::default();
    e.campo(id_field, id_para_excluir(id, do_que));
    if let Some(cliente_id) = cliente_id {
        e.campo("cliente_id", referencia(cliente_id, Frase::Cliente));
    }
    e.0
}

impl Validate for DeletarCliente {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_exclusao("cliente_id", self.cliente_id, Frase::DoCliente, None)
    }
    fn efeito(&self) -> Efeito {
        Efeito::Cliente(self.cliente_id)
    }
}

impl Validate for DeletarDid {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_exclusao("did_id", self.did_id, Frase::DoDid, Some(self.cliente_id))
    }
}

impl Validate for DeletarTronco {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_exclusao("tronco_id", self.tronco_id, Frase::DoTronco, Some(self.cliente_id))
    }
}

impl Validate for DeletarRamal {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_exclusao("ramal_id", self.ramal_id, Frase::DoRamal, Some(self.cliente_id))
    }
    fn efeito(&self) -> Efeito {
        Efeito::RamalRemovido(self.cliente_id)
    }
}

impl Validate for DeletarPlanoDiscagem {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        let d = &self.dados;
        validar_exclusao("plano_discagem_id", d.plano_discagem_id, Frase::DoPlanoDiscagem, Some(d.cliente_id))
    }
}

impl Validate for AlterarRegrasRoteamento {
    fn validate(&self, _: &Contexto) -> Vec<FieldError> {
        validar_regras_roteamento(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_months_clamp_to_the_end_of_the_month() {
        let date = |text| parse_data(text).unwrap();
        assert_eq!(date("31/12/2025").plus_months(2), date("28/02/2026"));
        assert_eq!(date("31/12/2027").plus_months(2), date("29/02/2028"));
        assert_eq!(date("15/11/2026").plus_months(2), date("15/01/2027"));
        assert_eq!(date("01/02/2026").to_string(), "01/02/2026");
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(data("29/02/2024").is_ok());
        assert!(data("29/02/2000").is_ok());
        assert!(data("29/02/1900").is_err());
        assert!(data("29/02/2026").is_err());
    }

    #[test]
    fn repeated_reports_later_occurrences_only() {
        assert_eq!(repeated(&[1, 2, 1, 3, 2, 1], |x| *x), vec![2, 4, 5]);
    }

    #[test]
    fn one_error_per_field_the_first() {
        let mut e = Erros::default();
        e.campo("a", Err(Mensagem::texto("primeiro")));
        e.campo("a", Err(Mensagem::texto("segundo")));
        e.campo("b", Ok(()));
        assert_eq!(e.0, vec![FieldError::de("a", &Mensagem::texto("primeiro"))]);
    }

    #[test]
    fn check_maps_errors_to_invalid_input() {
        assert!(check(Vec::new()).is_ok());
        let error = check(vec![FieldError::new("nome", "Informe o nome")]).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::InvalidInput);
        assert_eq!(error.field_errors().len(), 1);
    }
}
