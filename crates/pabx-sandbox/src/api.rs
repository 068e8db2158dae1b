//! From a request body to an answer: authentication, the action's name and method, the typed
//! body of that action (the pabx-api request types), validation, and the action itself, run
//! in one SQLite transaction that is committed only when the answer is a success. The suite
//! dialect only takes the credentials and the action's name from elsewhere (headers, path).

use pabx_api::actions::{Action, Method};
use pabx_api::chamada::ListarHistoricoChamada;
use pabx_api::cliente::*;
use pabx_api::did::*;
use pabx_api::plano_discagem::*;
use pabx_api::ramal::*;
use pabx_api::regiao::*;
use pabx_api::regra_roteamento::*;
use pabx_api::tronco::*;
use pabx_api::validation::{Contexto, Validate};
use pabx_api::ACTIONS;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::entities::{owner, Rules};
use crate::reply::{Outcome, Reply};
use crate::store::{self, Entity, Filter};
use crate::{historico, regioes};

/// Page size when a list request does not say.
pub const DEFAULT_PAGE: i64 = 100;
/// The largest page served.
pub const MAX_PAGE: i64 = 1000;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Post,
    Delete,
    /// With a JSON body, as axios clients of the suite dialect send their lists.
    Get,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Post => "POST",
            Verb::Delete => "DELETE",
            Verb::Get => "GET",
        }
    }

    /// The action's own method; a list (a read) also answers GET.
    fn allowed<A: Action>(self) -> bool {
        match self {
            Verb::Get => A::IDEMPOTENT,
            Verb::Post => A::METHOD == Method::Post,
            Verb::Delete => A::METHOD == Method::Delete,
        }
    }
}

impl From<Method> for Verb {
    fn from(method: Method) -> Self {
        match method {
            Method::Post => Verb::Post,
            Method::Delete => Verb::Delete,
        }
    }
}

/// The accepted `autenticacao`.
pub(crate) struct Auth {
    pub usuario: String,
    pub token: String,
}

impl Auth {
    fn accepts(&self, autenticacao: Option<&Value>) -> bool {
        let Some(Value::Object(map)) = autenticacao else { return false };
        self.accepts_pair(map.get("usuario").and_then(Value::as_str), map.get("token").and_then(Value::as_str))
    }

    fn accepts_pair(&self, usuario: Option<&str>, token: Option<&str>) -> bool {
        usuario == Some(self.usuario.as_str()) && token.is_some_and(|t| constant_time_eq(t.as_bytes(), self.token.as_bytes()))
    }
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Answers one request body (already size-checked) sent with `method`.
pub(crate) fn answer(conn: &mut Connection, auth: &Auth, method: Verb, body: &[u8]) -> Reply {
    let mut fields = match object(body, "autenticacao, acao e os campos da ação") {
        Ok(fields) => fields,
        Err(refusal) => return refusal,
    };
    if !auth.accepts(fields.get("autenticacao")) {
        return Reply::unauthorized();
    }
    fields.remove("autenticacao");
    let acao = match fields.remove("acao") {
        Some(Value::String(acao)) => acao,
        _ => return Reply::bad_request("Informe a ação no campo acao, por exemplo \"listar_ramais\"."),
    };
    perform(conn, &acao, method, fields)
}

/// Answers a suite-dialect request: `acao` from the path, the credentials from the `usuario`
/// and `token` headers, the body (empty allowed) holding only the action's keys.
pub(crate) fn answer_suite(
    conn: &mut Connection,
    auth: &Auth,
    method: Verb,
    acao: &str,
    (usuario, token): (Option<&str>, Option<&str>),
    body: &[u8],
) -> Reply {
    if !auth.accepts_pair(usuario, token) {
        let mut refusal = Reply::unauthorized();
        refusal.mensagem =
            "Usuário ou token inválidos. Envie-os nos cabeçalhos usuario e token: o sandbox mostra os dois ao iniciar.".into();
        return refusal;
    }
    let mut fields = if body.trim_ascii().is_empty() {
        Map::new()
    } else {
        match object(body, "os campos da ação") {
            Ok(fields) => fields,
            Err(refusal) => return refusal,
        }
    };
    fields.remove("autenticacao");
    fields.remove("acao");
    perform(conn, acao, method, fields)
}

/// The body as a JSON object; the refusal says what it should hold (`expected`).
fn object(body: &[u8], expected: &str) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(Reply::bad_request(format!("O corpo deve ser um objeto JSON com {expected}."))),
        Err(error) => Err(Reply::bad_request(format!("O corpo não é um JSON válido ({error}). Envie um objeto JSON com {expected}."))),
    }
}

/// Runs the action in one transaction, committed only on success.
fn perform(conn: &mut Connection, acao: &str, method: Verb, fields: Map<String, Value>) -> Reply {
    let tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(error) => return Reply::from(error),
    };
    let reply = dispatch(acao, method, fields, &tx).unwrap_or_else(|refusal| refusal);
    if reply.code < 300 {
        if let Err(error) = tx.commit() {
            return Reply::from(error);
        }
    }
    reply
}

/// An action the sandbox implements, on its typed body.
pub(crate) trait Handle: Action {
    fn handle(self, conn: &Connection) -> Outcome;
}

fn run<A: Handle>(method: Verb, fields: Map<String, Value>, conn: &Connection) -> Outcome {
    if !method.allowed::<A>() {
        return Err(Reply::method_not_allowed(format!(
            "A ação {} usa o método {}, não {}. Envie de novo com {}.",
            A::ACAO,
            A::METHOD.as_str(),
            method.as_str(),
            A::METHOD.as_str()
        )));
    }
    let request: A = match serde_json::from_value(Value::Object(fields.clone())) {
        Ok(request) => request,
        Err(error) => {
            return Err(match locate_type_error::<A>(&fields) {
                Some((field, message)) => Reply::field(&field, format!("Tipo inválido: {message}")),
                None => Reply::bad_request(format!(
                    "Campo com tipo inválido em {}: {error}. Confira os tipos na documentação da ação.",
                    A::ACAO
                )),
            })
        }
    };
    request.handle(conn)
}

/// Finds which key (or which key of a record such as `dados`, named as the validation names
/// it) made the body fail to decode, by decoding each alone: every field has a default.
fn locate_type_error<A: Action>(fields: &Map<String, Value>) -> Option<(String, String)> {
    let fails = |key: &str, value: Value| -> Option<String> {
        let mut single = Map::new();
        single.insert(key.to_owned(), value);
        serde_json::from_value::<A>(Value::Object(single)).err().map(|e| e.to_string())
    };
    for (key, value) in fields {
        let Some(message) = fails(key, value.clone()) else { continue };
        // Descend only into keys that hold a record (an empty object decodes there).
        let is_record = fails(key, Value::Object(Map::new())).is_none();
        if let (Value::Object(inner), true) = (value, is_record) {
            for (sub, sub_value) in inner {
                let mut one = Map::new();
                one.insert(sub.clone(), sub_value.clone());
                if let Some(message) = fails(key, Value::Object(one)) {
                    return Some((sub.clone(), message));
                }
            }
        }
        return Some((key.clone(), message));
    }
    None
}

fn dispatch(acao: &str, method: Verb, fields: Map<String, Value>, conn: &Connection) -> Outcome {
    macro_rules! route {
        ($($ty:ty),* $(,)?) => {
            $( if acao == <$ty as Action>::ACAO { return run::<$ty>(method, fields, conn); } )*
        };
    }
    route!(
        ListarClientes,
        InserirCliente,
        AlterarCliente,
        DeletarCliente,
        ListarDids,
        InserirDid,
        AlterarDid,
        DeletarDid,
        ListarTroncos,
        InserirTronco,
        AlterarTronco,
        DeletarTronco,
        ListarRamais,
        InserirRamal,
        AlterarRamal,
        DeletarRamal,
        ListarPlanosDiscagem,
        InserirPlanoDiscagem,
        AlterarPlanoDiscagem,
        DeletarPlanoDiscagem,
        ListarRegioes,
        ListarRegrasRoteamento,
        AlterarRegrasRoteamento,
        ListarHistoricoChamada,
    );
    let known: Vec<&str> = ACTIONS.iter().map(|a| a.acao).collect();
    Err(Reply::bad_request(format!(
        "Ação desconhecida: \"{}\". Use uma destas: {}.",
        acao.chars().take(60).collect::<String>(),
        known.join(", ")
    )))
}

/// `(offset, limit)` from `pos_registro_inicial` and `quantidade` (absent or 0: [`DEFAULT_PAGE`]).
pub(crate) fn paging(pos_registro_inicial: i64, quantidade: Option<i64>) -> Result<(i64, i64), Reply> {
    if pos_registro_inicial < 0 {
        return Err(Reply::field("pos_registro_inicial", "Use 0 ou mais (a posição do primeiro registro)"));
    }
    match quantidade.unwrap_or(0) {
        0 => Ok((pos_registro_inicial, DEFAULT_PAGE)),
        q if (1..=MAX_PAGE).contains(&q) => Ok((pos_registro_inicial, q)),
        _ => Err(Reply::field("quantidade", format!("Use de 1 a {MAX_PAGE} registros por página"))),
    }
}

/// Every record, unpaged (lists the documentation does not page).
const ALL: (i64, i64) = (0, -1);

fn listar<E: Entity>(conn: &Connection, filter: Filter, (offset, limit): (i64, i64)) -> Outcome {
    let (total, records) = store::list_json::<E>(conn, &filter, offset, limit)?;
    Ok(Reply::page_json(total, &records))
}

fn not_found<E: Entity>(id: i64, cliente_id: i64) -> Reply {
    let no_cliente = if cliente_id > 0 { format!(" no cliente {cliente_id}") } else { String::new() };
    Reply::not_found(format!("{} {id} não encontrado{no_cliente}. Confira o id; ele pode ter sido removido.", E::NOUN))
}

fn field_errors(errors: Vec<pabx_api::FieldError>) -> Result<(), Reply> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Reply::field_errors(&errors))
    }
}

/// pabx-api's validation contract, with the context read from the database: the same rules
/// and messages the client checks before sending, every field error at once.
fn validated<B: Validate>(body: &B, conn: &Connection) -> Result<(), Reply> {
    let necessidade = body.necessidade();
    let mut contexto = Contexto::default();
    if let Some(cliente_id) = necessidade.cliente.filter(|id| *id > 0) {
        let cliente = store::get::<Cliente>(conn, cliente_id)?;
        if necessidade.ramais_do_cliente && cliente.is_some() {
            contexto.ramais_do_cliente = Some(store::count_for_cliente::<Ramal>(conn, cliente_id)?);
        }
        contexto.cliente = Some(cliente);
    }
    field_errors(body.validate(&contexto))
}

fn inserir<E: Rules>(conn: &Connection, mut record: E) -> Outcome {
    record.set_id(0);
    record.check(conn, None)?;
    let stored = store::insert(conn, record)?;
    Ok(Reply::written(format!("{} inserido com sucesso.", E::NOUN), &stored))
}

fn alterar<E: Rules>(conn: &Connection, record: E) -> Outcome {
    let previous = store::get::<E>(conn, record.id())?
        .filter(|previous| previous.cliente_id() == record.cliente_id())
        .ok_or_else(|| not_found::<E>(record.id(), record.cliente_id()))?;
    record.check(conn, Some(&previous))?;
    store::update(conn, &record)?;
    Ok(Reply::written(format!("{} alterado com sucesso.", E::NOUN), &record))
}

/// `cliente_id` 0 means "whichever customer owns it".
fn deletar<E: Rules>(conn: &Connection, id: i64, cliente_id: i64) -> Outcome {
    let record = store::get::<E>(conn, id)?
        .filter(|record| cliente_id == 0 || record.cliente_id() == cliente_id)
        .ok_or_else(|| not_found::<E>(id, cliente_id))?;
    record.check_delete(conn)?;
    store::delete::<E>(conn, id)?;
    record.after_delete(conn)?;
    Ok(Reply::written(format!("{} removido com sucesso.", E::NOUN), &record))
}

/// DIDs carry `cliente_id` at the top and in `dados`; they must agree (an absent one is filled in).
fn did_body(cliente_id: i64, mut dados: Did) -> Result<Did, Reply> {
    if dados.cliente_id == 0 {
        dados.cliente_id = cliente_id;
    } else if cliente_id != 0 && cliente_id != dados.cliente_id {
        return Err(Reply::field("cliente_id", "O cliente_id do corpo e o de dados são diferentes; envie o mesmo nos dois"));
    }
    Ok(dados)
}

/// Bodies that are `{ dados: Record }`, inserted or altered as that record.
macro_rules! dados_writes {
    ($( $body:ty => $operation:ident; )*) => {
        $(
            impl Handle for $body {
                fn handle(self, conn: &Connection) -> Outcome {
                    validated(&self, conn)?;
                    $operation(conn, self.dados)
                }
            }
        )*
    };
}

dados_writes! {
    InserirCliente => inserir;
    AlterarCliente => alterar;
    InserirTronco => inserir;
    AlterarTronco => alterar;
    InserirRamal => inserir;
    AlterarRamal => alterar;
    InserirPlanoDiscagem => inserir;
    AlterarPlanoDiscagem => alterar;
}

impl Handle for ListarClientes {
    fn handle(self, conn: &Connection) -> Outcome {
        let filter = Filter { id: self.cliente_id, cliente_id: 0, nome: self.nome };
        listar::<Cliente>(conn, filter, paging(self.pos_registro_inicial, self.quantidade)?)
    }
}
impl Handle for DeletarCliente {
    fn handle(self, conn: &Connection) -> Outcome {
        validated(&self, conn)?;
        deletar::<Cliente>(conn, self.cliente_id, 0)
    }
}

impl Handle for ListarDids {
    fn handle(self, conn: &Connection) -> Outcome {
        listar::<Did>(conn, Filter { cliente_id: self.cliente_id, ..Filter::default() }, ALL)
    }
}
impl Handle for InserirDid {
    fn handle(self, conn: &Connection) -> Outcome {
        let body = InserirDid { cliente_id: self.cliente_id, dados: did_body(self.cliente_id, self.dados)? };
        validated(&body, conn)?;
        inserir(conn, body.dados)
    }
}
impl Handle for AlterarDid {
    fn handle(self, conn: &Connection) -> Outcome {
        let body = AlterarDid { cliente_id: self.cliente_id, dados: did_body(self.cliente_id, self.dados)? };
        validated(&body, conn)?;
        alterar(conn, body.dados)
    }
}
impl Handle for DeletarDid {
    fn handle(self, conn: &Connection) -> Outcome {
        validated(&self, conn)?;
        deletar::<Did>(conn, self.did_id, self.cliente_id)
    }
}

impl Handle for ListarTroncos {
    fn handle(self, conn: &Connection) -> Outcome {
        listar::<Tronco>(conn, Filter { id: self.tronco_id, cliente_id: self.cliente_id, ..Filter::default() }, ALL)
    }
}
impl Handle for DeletarTronco {
    fn handle(self, conn: &Connection) -> Outcome {
        validated(&self, conn)?;
        deletar::<Tronco>(conn, self.tronco_id, self.cliente_id)
    }
}

impl Handle for ListarRamais {
    fn handle(self, conn: &Connection) -> Outcome {
        let filter = Filter { id: self.ramal_id, cliente_id: self.cliente_id, nome: self.nome };
        listar::<Ramal>(conn, filter, paging(self.pos_registro_inicial, self.quantidade)?)
    }
}
impl Handle for DeletarRamal {
    fn handle(self, conn: &Connection) -> Outcome {
        validated(&self, conn)?;
        deletar::<Ramal>(conn, self.ramal_id, self.cliente_id)
    }
}

impl Handle for ListarPlanosDiscagem {
    fn handle(self, conn: &Connection) -> Outcome {
        let filter = Filter { id: self.plano_discagem_id, cliente_id: self.cliente_id, ..Filter::default() };
        listar::<PlanoDiscagem>(conn, filter, paging(self.pos_registro_inicial, self.quantidade)?)
    }
}
impl Handle for DeletarPlanoDiscagem {
    fn handle(self, conn: &Connection) -> Outcome {
        validated(&self, conn)?;
        deletar::<PlanoDiscagem>(conn, self.dados.plano_discagem_id, self.dados.cliente_id)
    }
}

impl Handle for ListarRegioes {
    fn handle(self, _conn: &Connection) -> Outcome {
        let records: Vec<_> = regioes::all().into_iter().filter(|r| self.regiao_id == 0 || r.regiao_id == self.regiao_id).collect();
        Ok(Reply::page(i64::try_from(records.len()).unwrap_or(0), &records))
    }
}

/// Flat rules matching the four keys (0 = any), in plan, region, priority order.
fn regras(conn: &Connection, filter: &ListarRegrasRoteamento) -> rusqlite::Result<Vec<RegraRoteamento>> {
    let mut statement = conn.prepare_cached(
        "SELECT r.plano_discagem_id, r.regiao_id, r.prioridade, r.tronco_id, COALESCE(json_extract(t.json, '$.nome'), '')
         FROM regras r LEFT JOIN troncos t ON t.id = r.tronco_id
         WHERE (?1 = 0 OR r.plano_discagem_id = ?1) AND (?2 = 0 OR r.regiao_id = ?2)
           AND (?3 = 0 OR r.tronco_id = ?3) AND (?4 = 0 OR r.prioridade = ?4)
         ORDER BY r.plano_discagem_id, r.regiao_id, r.prioridade",
    )?;
    let rows = statement.query_map([filter.plano_discagem_id, filter.regiao_id, filter.tronco_id, filter.prioridade], |row| {
        let regiao_id: i64 = row.get(1)?;
        Ok(RegraRoteamento {
            plano_discagem_id: row.get(0)?,
            regiao_id,
            regiao_nome: regioes::nome(regiao_id).unwrap_or_default().to_owned(),
            prioridade: row.get(2)?,
            tronco_id: row.get(3)?,
            tronco_nome: row.get(4)?,
            ..Default::default()
        })
    })?;
    rows.collect()
}

impl Handle for ListarRegrasRoteamento {
    fn handle(self, conn: &Connection) -> Outcome {
        let records = regras(conn, &self)?;
        Ok(Reply::page(i64::try_from(records.len()).unwrap_or(0), &records))
    }
}

impl Handle for AlterarRegrasRoteamento {
    fn handle(self, conn: &Connection) -> Outcome {
        validated(&self, conn)?;
        let plano_id = self.plano_discagem_id;
        let plano = store::get::<PlanoDiscagem>(conn, plano_id)?.ok_or_else(|| not_found::<PlanoDiscagem>(plano_id, 0))?;
        owner(conn, plano.cliente_id)?;
        let mut errors = Vec::new();
        let mut rows = Vec::new();
        for (i, regiao) in self.dados.regioes.iter().enumerate() {
            if regioes::nome(regiao.regiao_id).is_none() {
                errors.push(pabx_api::FieldError::new(
                    format!("regioes[{i}].regiao_id"),
                    format!("Região {} não existe; consulte listar_regioes", regiao.regiao_id),
                ));
            } else if self.dados.regioes[..i].iter().any(|r| r.regiao_id == regiao.regiao_id) {
                errors.push(pabx_api::FieldError::new(format!("regioes[{i}].regiao_id"), "Região repetida: junte as rotas dela numa só"));
            }
            let mut seen: Vec<(i64, i64)> = Vec::new();
            for (j, rota) in regiao.roteamentos.iter().enumerate() {
                let field = format!("regioes[{i}].roteamentos[{j}]");
                let prioridade = if rota.prioridade > 0 { rota.prioridade } else { i64::try_from(j).unwrap_or(0) + 1 };
                if store::get::<Tronco>(conn, rota.tronco_id)?.is_none() {
                    errors.push(pabx_api::FieldError::new(
                        format!("{field}.tronco_id"),
                        format!("Tronco {} não existe; consulte listar_troncos", rota.tronco_id),
                    ));
                } else if seen.iter().any(|(p, _)| *p == prioridade) {
                    errors.push(pabx_api::FieldError::new(format!("{field}.prioridade"), "Prioridade repetida na região; use 1, 2, 3..."));
                } else if seen.iter().any(|(_, t)| *t == rota.tronco_id) {
                    errors.push(pabx_api::FieldError::new(format!("{field}.tronco_id"), "Tronco repetido na região"));
                }
                seen.push((prioridade, rota.tronco_id));
                rows.push((regiao.regiao_id, prioridade, rota.tronco_id));
            }
        }
        field_errors(errors)?;
        let mut clear = conn.prepare_cached("DELETE FROM regras WHERE plano_discagem_id = ?1 AND regiao_id = ?2")?;
        for regiao in &self.dados.regioes {
            clear.execute([plano_id, regiao.regiao_id])?;
        }
        let mut insert =
            conn.prepare_cached("INSERT INTO regras (plano_discagem_id, regiao_id, prioridade, tronco_id) VALUES (?1, ?2, ?3, ?4)")?;
        for (regiao_id, prioridade, tronco_id) in rows {
            insert.execute([plano_id, regiao_id, prioridade, tronco_id])?;
        }
        let stored = regras(conn, &ListarRegrasRoteamento { plano_discagem_id: plano_id, ..Default::default() })?;
        Ok(Reply::written("Regras de roteamento atualizadas com sucesso.", &agrupar(&stored)))
    }
}

impl Handle for ListarHistoricoChamada {
    fn handle(self, conn: &Connection) -> Outcome {
        historico::listar(conn, &self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_of_the_table_is_routed() {
        let (mut conn, _) = store::open(None).unwrap();
        let tx = conn.transaction().unwrap();
        for action in ACTIONS {
            let method = action.method;
            let reply = dispatch(action.acao, method.into(), Map::new(), &tx).unwrap_or_else(|r| r);
            assert!(!reply.mensagem.contains("desconhecida"), "{}: {}", action.acao, reply.mensagem);
            assert_ne!(reply.code, 405, "{}", action.acao);
        }
    }

    #[test]
    fn paging_bounds() {
        assert_eq!(paging(0, None).unwrap(), (0, DEFAULT_PAGE));
        assert_eq!(paging(5, Some(1000)).unwrap(), (5, 1000));
        assert_eq!(paging(0, Some(1001)).unwrap_err().code, 400);
        assert_eq!(paging(-1, None).unwrap_err().code, 400);
    }
}
