//! A faithful local emulator of the PABX API: the desktop app's first-run default and the
//! server every integration test talks to.
//!
//! # Library API
//!
//! ```no_run
//! # async fn demo() -> Result<(), pabx_sandbox::SandboxError> {
//! use pabx_sandbox::{Faults, Sandbox, SandboxConfig, Seed};
//!
//! let mut config = SandboxConfig::in_memory(); // or SandboxConfig::with_file("sandbox.db")
//! config.seed = Seed::Demo;                    // None | Demo | Large | Grande ("none"/"demo"/"large"/"grande")
//! let sandbox = Sandbox::start(config).await?;
//! let url = sandbox.url();                     // http://127.0.0.1:PORT/pabx/api.php
//! let credentials = sandbox.credentials();     // pabx_api::Credentials
//! sandbox.set_faults(Faults { latency_ms: 50, error_rate: 0.1, ..Faults::default() });
//! sandbox.stop().await;                        // graceful; dropping also stops it
//! # let _ = (url, credentials); Ok(()) }
//! ```
//!
//! [`SandboxConfig`] fields: `bind` (default `127.0.0.1:0`, a free port), `path` (`None` =
//! memory), `seed` (default [`Seed::Demo`]), `usuario` (default `"sandbox"`), `token` (random
//! when `None`), `faults` ([`Faults`]: `latency_ms`, `error_rate`, `malformed_rate`,
//! `drop_rate`; all off by default). A file database is seeded only on its first run.
//! Also: `sandbox.addr()`, [`data_relativa`] (a `dd/mm/yyyy` date N days back in Brasília,
//! for call-history queries over seeded data), [`MAX_BODY`], [`DEFAULT_PAGE`], [`MAX_PAGE`].
//!
//! # Behaviour
//!
//! One endpoint, `/pabx/api.php` (and `/`): POST for every action, DELETE for the five
//! `deletar_*`, body `{"autenticacao": {"usuario", "token"}, "acao", ...}` decoded into the
//! pabx-api body type of the action. Answers are the platform's envelope `{http_response_code,
//! mensagem, qtd_total_resultados, qtd_resultados_retornados, dados}` with the HTTP status equal
//! to the code: 200 with `dados`; 404 for an empty list or a missing id on alter/delete; 400
//! with a pt-BR `mensagem` (and `dados: {"campo": "mensagem"}` for field errors, from
//! `pabx_api::validation` and the integrity rules); 401 for wrong credentials; 405 for the
//! wrong method; 413 for a body over 1 MiB. Inserts answer the stored record with its new id.
//!
//! Integrity: ramais, DIDs, troncos and planos belong to an existing cliente; a ramal's
//! `plano_discagem_id` (when not 0) exists and is the same customer's; its `numero` lies in
//! `faixa_min..=faixa_max`, is unique within the customer, and the customer has at most
//! `qtd_ramais_max` ramais; DID numbers and customer logins are unique platform-wide; tariffs
//! and routing rules name existing regions and trunks. A cliente with ramais, DIDs, troncos or
//! planos, a tronco used by routing rules, and a plano used by ramais cannot be deleted.
//! Unknown fields of a record are stored and returned.
//!
//! Lists: filters as documented (0 / "" = any; `nome` is a case-insensitive substring).
//! `listar_clientes`, `listar_ramais`, `listar_planos_discagem` and `listar_historico_chamada`
//! page with `pos_registro_inicial` and `quantidade` (default 100, at most 1000); the other
//! lists return everything.
//!
//! Regions (fixed; see [`REGIOES`]): 1 Local fixo, 2 Longa distância fixo (DDD), 3 Local móvel
//! (VC1), 4 Longa distância móvel (VC2/VC3), 5 Internacional, 6 Serviços especiais (0800,
//! 0300, 4004).
//!
//! Call history: see the `historico` module (Brasília time, two-month window, filters).

mod api;
mod config;
mod entities;
mod historico;
mod regioes;
mod reply;
mod seed;
mod server;
mod store;

pub use api::{DEFAULT_PAGE, MAX_PAGE};
pub use config::{Faults, SandboxConfig, Seed};
pub use historico::{data_relativa, RETENCAO_DIAS};
pub use regioes::REGIOES;
pub use server::{Sandbox, SandboxError, MAX_BODY};
