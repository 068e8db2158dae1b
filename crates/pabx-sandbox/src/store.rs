//! SQLite storage: the schema, and one generic store for the five editable entities.
//!
//! Every entity table has the same shape: `id`, `cliente_id`, `nome_busca` (lower-cased name
//! for the substring filter), `chave` (the value that must be unique: a ramal's or DID's
//! number, a customer's login) and `json`, the whole record as received (each field in the
//! form it came in), so fields the documentation does not name and the client's shapes
//! survive a round trip.

use std::path::Path;

use pabx_api::de::{escrita, to_string_in, Escrita};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

/// A record kept in its own table.
pub(crate) trait Entity: Serialize + DeserializeOwned + Clone {
    const TABLE: &'static str;
    /// For messages: "Ramal", "Plano de discagem"...
    const NOUN: &'static str;
    fn id(&self) -> i64;
    fn set_id(&mut self, id: i64);
    /// The owning customer; a customer's own id.
    fn cliente_id(&self) -> i64;
    fn nome(&self) -> &str;
    /// The value kept unique (see the module doc); empty when none.
    fn chave(&self) -> String {
        String::new()
    }
}

const ENTITY_TABLES: [&str; 5] = ["clientes", "ramais", "dids", "troncos", "planos"];

/// Opens (and creates) the database; returns whether it was never seeded (first run).
pub(crate) fn open(path: Option<&Path>) -> rusqlite::Result<(Connection, bool)> {
    let conn = match path {
        Some(path) => {
            let conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn
        }
        None => Connection::open_in_memory()?,
    };
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // One statement per combination of filters in use, per table.
    conn.set_prepared_statement_cache_capacity(256);
    let mut sql = String::from(
        "CREATE TABLE IF NOT EXISTS meta (chave TEXT PRIMARY KEY, valor TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS servidor (chave TEXT PRIMARY KEY, valor TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS regras (
             plano_discagem_id INTEGER NOT NULL, regiao_id INTEGER NOT NULL,
             prioridade INTEGER NOT NULL, tronco_id INTEGER NOT NULL,
             PRIMARY KEY (plano_discagem_id, regiao_id, prioridade));
         CREATE INDEX IF NOT EXISTS regras_tronco ON regras (tronco_id);
         CREATE TABLE IF NOT EXISTS chamadas (
             cdr_id INTEGER PRIMARY KEY, cliente_id INTEGER NOT NULL, tronco_id INTEGER NOT NULL,
             regiao_id INTEGER NOT NULL, instante INTEGER NOT NULL, origem TEXT NOT NULL,
             destino TEXT NOT NULL, ramal_origem TEXT NOT NULL, ramal_destino TEXT NOT NULL,
             recurso TEXT NOT NULL, preco REAL NOT NULL, status TEXT NOT NULL,
             status_descricao TEXT NOT NULL, duracao INTEGER NOT NULL, link_gravacao TEXT NOT NULL,
             chamada_id TEXT NOT NULL, sip_code TEXT NOT NULL, cliente_nome TEXT NOT NULL);
         CREATE INDEX IF NOT EXISTS chamadas_instante ON chamadas (instante);
         CREATE INDEX IF NOT EXISTS chamadas_cliente ON chamadas (cliente_id, instante);",
    );
    for table in ENTITY_TABLES {
        sql.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (
                 id INTEGER PRIMARY KEY AUTOINCREMENT, cliente_id INTEGER NOT NULL,
                 nome_busca TEXT NOT NULL, chave TEXT NOT NULL, json TEXT NOT NULL);
             CREATE INDEX IF NOT EXISTS {table}_cliente ON {table} (cliente_id);
             CREATE INDEX IF NOT EXISTS {table}_chave ON {table} (chave);"
        ));
    }
    conn.execute_batch(&sql)?;
    // The seed's mark is written in the seed's own transaction: a seed cut short runs again.
    let fresh: bool = conn.query_row("SELECT COUNT(*) = 0 FROM meta WHERE chave = 'seed'", [], |row| row.get(0))?;
    Ok((conn, fresh))
}

/// The record as the client sent it (every field in the form it came in).
fn to_json<E: Entity>(record: &E) -> rusqlite::Result<String> {
    to_string_in(Escrita::Plataforma, record).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn from_json<E: Entity>(json: &str) -> rusqlite::Result<E> {
    serde_json::from_str(json).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

/// Stores a new record under a fresh id (the id it came with is ignored) and returns it.
pub(crate) fn insert<E: Entity>(conn: &Connection, mut record: E) -> rusqlite::Result<E> {
    conn.prepare_cached(&format!("INSERT INTO {} (cliente_id, nome_busca, chave, json) VALUES (0, '', '', '')", E::TABLE))?.execute([])?;
    record.set_id(conn.last_insert_rowid());
    update(conn, &record)?;
    Ok(record)
}

/// Overwrites the record with the same id.
pub(crate) fn update<E: Entity>(conn: &Connection, record: &E) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!("UPDATE {} SET cliente_id = ?2, nome_busca = ?3, chave = ?4, json = ?5 WHERE id = ?1", E::TABLE))?
        .execute(params![record.id(), record.cliente_id(), record.nome().to_lowercase(), record.chave(), to_json(record)?])?;
    Ok(())
}

pub(crate) fn get<E: Entity>(conn: &Connection, id: i64) -> rusqlite::Result<Option<E>> {
    let json: Option<String> =
        conn.prepare_cached(&format!("SELECT json FROM {} WHERE id = ?1", E::TABLE))?.query_row([id], |row| row.get(0)).optional()?;
    json.map(|json| from_json(&json)).transpose()
}

pub(crate) fn delete<E: Entity>(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", E::TABLE))?.execute([id])?;
    Ok(())
}

/// How many records of `E` a customer has.
pub(crate) fn count_for_cliente<E: Entity>(conn: &Connection, cliente_id: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(&format!("SELECT COUNT(*) FROM {} WHERE cliente_id = ?1", E::TABLE))?.query_row([cliente_id], |row| row.get(0))
}

/// The id of a record of `E` holding `chave` (within `cliente_id` when non-zero), other than `except_id`.
pub(crate) fn find_chave<E: Entity>(conn: &Connection, chave: &str, cliente_id: i64, except_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(&format!("SELECT id FROM {} WHERE chave = ?1 AND (?2 = 0 OR cliente_id = ?2) AND id <> ?3 LIMIT 1", E::TABLE))?
        .query_row(params![chave, cliente_id, except_id], |row| row.get(0))
        .optional()
}

/// A WHERE clause holding only the filters in use, so SQLite can pick an index (a
/// `(? = 0 OR col = ?)` pattern forces a full scan).
#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    values: Vec<rusqlite::types::Value>,
}

impl Where {
    /// Adds `clause` (with one `?`) bound to `value`, unless `value` is 0 or "" (any).
    pub fn filter(mut self, clause: &str, value: impl Into<rusqlite::types::Value>) -> Self {
        use rusqlite::types::Value;
        let value = value.into();
        if !matches!(&value, Value::Integer(0)) && !matches!(&value, Value::Text(t) if t.is_empty()) {
            self.clauses.push(clause.to_owned());
            self.values.push(value);
        }
        self
    }

    /// Adds a clause that always applies.
    pub fn always(mut self, clause: &str, values: impl IntoIterator<Item = rusqlite::types::Value>) -> Self {
        self.clauses.push(clause.to_owned());
        self.values.extend(values);
        self
    }

    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// COUNT(*) of `table` under this clause.
    pub fn count(&self, conn: &Connection, table: &str) -> rusqlite::Result<i64> {
        conn.prepare_cached(&format!("SELECT COUNT(*) FROM {table} {}", self.sql()))?
            .query_row(rusqlite::params_from_iter(&self.values), |row| row.get(0))
    }

    /// Runs `select` (which must contain `{where}` once and end with `LIMIT ? OFFSET ?`) for
    /// the page `offset..offset+limit` (`limit` -1: all) and maps each row.
    pub fn page<T>(
        &self,
        conn: &Connection,
        select: &str,
        (offset, limit): (i64, i64),
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        let mut statement = conn.prepare_cached(&select.replace("{where}", &self.sql()))?;
        let values = self.values.iter().cloned().chain([limit.into(), offset.into()]);
        let rows = statement.query_map(rusqlite::params_from_iter(values), map)?;
        rows.collect()
    }
}

/// List filters: 0 / "" mean any.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    pub id: i64,
    pub cliente_id: i64,
    pub nome: String,
}

/// Records matching `filter`, ordered by id: the total and the page `offset..offset+limit`.
#[cfg(test)]
pub(crate) fn list<E: Entity>(conn: &Connection, filter: &Filter, offset: i64, limit: i64) -> rusqlite::Result<(i64, Vec<E>)> {
    let (total, rows) = list_json::<E>(conn, filter, offset, limit)?;
    Ok((total, rows.iter().map(|json| from_json(json)).collect::<rusqlite::Result<_>>()?))
}

/// As [`list`], each record as its stored JSON text (the shape it was sent in), or with every
/// field as a string when the thread writes [`Escrita::TudoTexto`].
pub(crate) fn list_json<E: Entity>(conn: &Connection, filter: &Filter, offset: i64, limit: i64) -> rusqlite::Result<(i64, Vec<String>)> {
    let condition = Where::default()
        .filter("id = ?", filter.id)
        .filter("cliente_id = ?", filter.cliente_id)
        .filter("instr(nome_busca, ?) > 0", filter.nome.trim().to_lowercase());
    let total = condition.count(conn, E::TABLE)?;
    let select = format!("SELECT json FROM {} {{where}} ORDER BY id LIMIT ? OFFSET ?", E::TABLE);
    let rows: Vec<String> = condition.page(conn, &select, (offset, limit), |row| row.get(0))?;
    if escrita() != Escrita::TudoTexto {
        return Ok((total, rows));
    }
    let as_text = |json: &String| {
        to_string_in(Escrita::TudoTexto, &from_json::<E>(json)?).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
    };
    Ok((total, rows.iter().map(as_text).collect::<rusqlite::Result<_>>()?))
}
