//! The five editable entities: where each is stored and the integrity rules the platform
//! enforces on insert, update and delete.

use pabx_api::{Cliente, Did, FieldError, PlanoDiscagem, Ramal, Tronco};
use rusqlite::Connection;

use crate::regioes;
use crate::reply::Reply;
use crate::store::{self, Entity};

/// An entity with the platform's rules beyond pabx-api's validation contract (which the
/// handlers run first, with the context from the database): integrity against stored data.
pub(crate) trait Rules: Entity {
    /// Integrity against stored data; `previous` is the stored version on update.
    fn check(&self, conn: &Connection, previous: Option<&Self>) -> Result<(), Reply>;
    /// Refuses a delete that would leave other records pointing nowhere.
    fn check_delete(&self, _conn: &Connection) -> Result<(), Reply> {
        Ok(())
    }
    /// Removes what belongs to the record and nothing else refers to.
    fn after_delete(&self, _conn: &Connection) -> rusqlite::Result<()> {
        Ok(())
    }
}

macro_rules! entity {
    ($ty:ty, $table:literal, $id:ident, $noun:literal, |$s:ident| nome = $nome:expr, chave = $chave:expr) => {
        impl Entity for $ty {
            const TABLE: &'static str = $table;
            const NOUN: &'static str = $noun;
            fn id(&self) -> i64 {
                self.$id
            }
            fn set_id(&mut self, id: i64) {
                self.$id = id;
            }
            fn cliente_id(&self) -> i64 {
                self.cliente_id
            }
            fn nome(&self) -> &str {
                let $s = self;
                $nome
            }
            #[allow(unused_variables)]
            fn chave(&self) -> String {
                let $s = self;
                $chave
            }
        }
    };
}

entity!(Cliente, "clientes", cliente_id, "Cliente", |c| nome = &c.nome, chave = c.login.trim().to_lowercase());
entity!(Ramal, "ramais", ramal_id, "Ramal", |r| nome = &r.nome, chave = r.numero.trim().to_owned());
// A DID has no name; its number stands in.
entity!(Did, "dids", did_id, "DID", |d| nome = &d.numero, chave = digits(&d.numero));
entity!(Tronco, "troncos", tronco_id, "Tronco", |t| nome = &t.nome, chave = String::new());
entity!(PlanoDiscagem, "planos", plano_discagem_id, "Plano de discagem", |p| nome = &p.nome, chave = String::new());

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The customer a record belongs to, or a 400 on `cliente_id` when there is none.
pub(crate) fn owner(conn: &Connection, cliente_id: i64) -> Result<Cliente, Reply> {
    if cliente_id <= 0 {
        return Err(Reply::field("cliente_id", "Informe o cliente (cliente_id) a que o registro pertence"));
    }
    store::get::<Cliente>(conn, cliente_id)?
        .ok_or_else(|| Reply::field("cliente_id", format!("Cliente {cliente_id} não existe; cadastre o cliente primeiro")))
}

/// "Cannot delete: still has N xs" for each dependent kind with records.
fn refuse_if_used(what: &str, uses: &[(i64, &str, &str)]) -> Result<(), Reply> {
    let used: Vec<String> = uses.iter().filter(|(n, ..)| *n > 0).map(|(n, one, many)| pabx_api::campos::contagem(*n, one, many)).collect();
    if used.is_empty() {
        Ok(())
    } else {
        Err(Reply::bad_request(format!("{what} não pode ser removido: ainda tem {}. Remova-os antes.", used.join(", "))))
    }
}

impl Rules for Cliente {
    fn check(&self, conn: &Connection, previous: Option<&Self>) -> Result<(), Reply> {
        let login = self.chave();
        if login.is_empty() {
            return Err(Reply::field("login", "Informe o login do cliente"));
        }
        if let Some(other) = store::find_chave::<Cliente>(conn, &login, 0, self.cliente_id)? {
            return Err(Reply::field("login", format!("O login já é usado pelo cliente {other}; escolha outro")));
        }
        if previous.is_some() {
            // Shrinking the limits must not strand existing extensions.
            let ramais = store::count_for_cliente::<Ramal>(conn, self.cliente_id)?;
            if ramais > self.qtd_ramais_max {
                return Err(Reply::field(
                    "qtd_ramais_max",
                    format!("O cliente já tem {ramais} ramais; o máximo não pode ficar abaixo disso"),
                ));
            }
            let outside: i64 = conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM ramais WHERE cliente_id = ?1
                     AND (CAST(chave AS INTEGER) < ?2 OR CAST(chave AS INTEGER) > ?3)",
                )?
                .query_row([self.cliente_id, self.faixa_min, self.faixa_max], |row| row.get(0))?;
            if outside > 0 {
                return Err(Reply::field(
                    "faixa_min",
                    format!(
                        "{} do cliente {} fora da faixa {}..{}; ajuste a faixa ou os ramais",
                        pabx_api::campos::contagem(outside, "ramal", "ramais"),
                        if outside == 1 { "ficaria" } else { "ficariam" },
                        self.faixa_min,
                        self.faixa_max
                    ),
                ));
            }
        }
        Ok(())
    }

    fn check_delete(&self, conn: &Connection) -> Result<(), Reply> {
        let id = self.cliente_id;
        refuse_if_used(
            &format!("O cliente {id}"),
            &[
                (store::count_for_cliente::<Ramal>(conn, id)?, "ramal", "ramais"),
                (store::count_for_cliente::<Did>(conn, id)?, "DID", "DIDs"),
                (store::count_for_cliente::<Tronco>(conn, id)?, "tronco", "troncos"),
                (store::count_for_cliente::<PlanoDiscagem>(conn, id)?, "plano de discagem", "planos de discagem"),
            ],
        )
    }
}

impl Rules for Ramal {
    fn check(&self, conn: &Connection, _previous: Option<&Self>) -> Result<(), Reply> {
        // The faixa and the limit are the contract's (validated before); the number's
        // uniqueness needs the stored ramais.
        owner(conn, self.cliente_id)?;
        let numero = self.numero.trim();
        if store::find_chave::<Ramal>(conn, &self.chave(), self.cliente_id, self.ramal_id)?.is_some() {
            return Err(Reply::field("numero", format!("O cliente já tem um ramal {numero}; escolha outro número")));
        }
        if self.plano_discagem_id != 0 {
            match store::get::<PlanoDiscagem>(conn, self.plano_discagem_id)? {
                Some(plano) if plano.cliente_id == self.cliente_id => {}
                Some(_) => {
                    return Err(Reply::field(
                        "plano_discagem_id",
                        "O plano de discagem pertence a outro cliente; escolha um do mesmo cliente",
                    ))
                }
                None => {
                    return Err(Reply::field(
                        "plano_discagem_id",
                        format!("Plano de discagem {} não existe; escolha um plano do cliente ou 0", self.plano_discagem_id),
                    ))
                }
            }
        }
        Ok(())
    }
}

impl Rules for Did {
    fn check(&self, conn: &Connection, _previous: Option<&Self>) -> Result<(), Reply> {
        owner(conn, self.cliente_id)?;
        if let Some(other) = store::find_chave::<Did>(conn, &self.chave(), 0, self.did_id)? {
            return Err(Reply::field("numero", format!("O número já está no DID {other}; cada DID é único na plataforma")));
        }
        Ok(())
    }
}

impl Rules for Tronco {
    fn check(&self, conn: &Connection, _previous: Option<&Self>) -> Result<(), Reply> {
        owner(conn, self.cliente_id)?;
        let mut errors = Vec::new();
        for (index, tarifa) in self.tarifas.iter().enumerate() {
            let field = format!("tarifas[{index}].regiao_id");
            if regioes::nome(tarifa.regiao_id).is_none() {
                errors.push(FieldError::new(field, format!("Região {} não existe; consulte listar_regioes", tarifa.regiao_id)));
            } else if self.tarifas[..index].iter().any(|t| t.regiao_id == tarifa.regiao_id) {
                errors.push(FieldError::new(field, "Região repetida: informe uma tarifa por região"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Reply::field_errors(&errors))
        }
    }

    fn check_delete(&self, conn: &Connection) -> Result<(), Reply> {
        let planos: i64 = conn
            .prepare_cached("SELECT COUNT(DISTINCT plano_discagem_id) FROM regras WHERE tronco_id = ?1")?
            .query_row([self.tronco_id], |row| row.get(0))?;
        refuse_if_used(
            &format!("O tronco {}", self.tronco_id),
            &[(planos, "regra de roteamento em plano de discagem", "regras de roteamento em planos de discagem")],
        )
    }
}

impl Rules for PlanoDiscagem {
    fn check(&self, conn: &Connection, _previous: Option<&Self>) -> Result<(), Reply> {
        owner(conn, self.cliente_id)?;
        Ok(())
    }

    fn check_delete(&self, conn: &Connection) -> Result<(), Reply> {
        let ramais: i64 = conn
            .prepare_cached(
                "SELECT COUNT(*) FROM ramais WHERE cliente_id = ?1 AND CAST(json_extract(json, '$.plano_discagem_id') AS INTEGER) = ?2",
            )?
            .query_row([self.cliente_id, self.plano_discagem_id], |row| row.get(0))?;
        refuse_if_used(
            &format!("O plano de discagem {}", self.plano_discagem_id),
            &[(ramais, "ramal usando o plano", "ramais usando o plano")],
        )
    }

    fn after_delete(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.prepare_cached("DELETE FROM regras WHERE plano_discagem_id = ?1")?.execute([self.plano_discagem_id])?;
        Ok(())
    }
}
