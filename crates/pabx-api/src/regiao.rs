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
