//! How a sandbox starts: where its data lives, what it is seeded with, the credentials it
//! accepts and the faults it injects.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

/// Initial data written on the first run of a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// Only the fixed regions.
    None,
    /// 3 customers, about 60 ramais, DIDs, 2 trunks with tariffs, dial plans with routing
    /// rules and a few thousand call records from the last two months.
    #[default]
    Demo,
    /// 10,000 ramais across 50 customers and 100,000 call records, for benchmarks.
    Large,
    /// One customer with 10,000 ramais (and 10,000 call records): the list benchmarks' customer.
    Grande,
}

impl FromStr for Seed {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Seed::None),
            "demo" => Ok(Seed::Demo),
            "large" => Ok(Seed::Large),
            "grande" => Ok(Seed::Grande),
            other => Err(format!("semente \"{other}\" desconhecida; use none, demo, large ou grande")),
        }
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Seed::None => "none",
            Seed::Demo => "demo",
            Seed::Large => "large",
            Seed::Grande => "grande",
        })
    }
}

/// Faults injected into answers, all off by default. Rates are probabilities in `0.0..=1.0`,
/// drawn independently per request in this order: drop, error, malformed, lost answer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Faults {
    /// Added before every answer.
    pub latency_ms: u64,
    /// Share of requests answered `500` with an envelope saying the failure is simulated.
    pub error_rate: f64,
    /// Share of requests answered `200` with a truncated, unparsable JSON body.
    pub malformed_rate: f64,
    /// Share of connections closed without any answer.
    pub drop_rate: f64,
    /// Share of requests carried out (a write is applied) and then answered by closing the
    /// connection: the answer is lost after the fact.
    pub lost_answer_rate: f64,
    /// Faults hit only writes (every action but `listar_*`), so reads (a lookup after a lost
    /// answer) still work.
    pub writes_only: bool,
}

impl Faults {
    /// The longest latency injected: ten minutes.
    pub const MAX_LATENCY_MS: u64 = 600_000;

    /// Rates clamped into `0.0..=1.0` (NaN counts as 0) and latency to [`Self::MAX_LATENCY_MS`],
    /// so a bad flag cannot break the server.
    pub fn sanitized(self) -> Self {
        let clamp = |rate: f64| if rate.is_nan() { 0.0 } else { rate.clamp(0.0, 1.0) };
        Self {
            latency_ms: self.latency_ms.min(Self::MAX_LATENCY_MS),
            error_rate: clamp(self.error_rate),
            malformed_rate: clamp(self.malformed_rate),
            drop_rate: clamp(self.drop_rate),
            lost_answer_rate: clamp(self.lost_answer_rate),
            writes_only: self.writes_only,
        }
    }
}

/// Everything [`crate::Sandbox::start`] needs. Its Debug hides the token.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Address to listen on; the default `127.0.0.1:0` picks a free port.
    pub bind: SocketAddr,
    /// SQLite file; `None` keeps everything in memory.
    pub path: Option<PathBuf>,
    /// Applied only when the database is new (always for memory).
    pub seed: Seed,
    /// The `usuario` of `autenticacao`.
    pub usuario: String,
    /// The `token` of `autenticacao`; random when `None`.
    pub token: Option<String>,
    pub faults: Faults,
    /// Answer every field as a string (lists as lists of strings), as some production servers
    /// do; records are still stored in the shape they were sent in.
    pub todos_texto: bool,
}

impl SandboxConfig {
    /// Data in memory, lost on stop; demo seed.
    pub fn in_memory() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            path: None,
            seed: Seed::Demo,
            usuario: "sandbox".to_owned(),
            token: None,
            faults: Faults::default(),
            todos_texto: false,
        }
    }

    /// Data in a SQLite file, created and seeded on first run, kept across restarts.
    pub fn with_file(path: impl Into<PathBuf>) -> Self {
        Self { path: Some(path.into()), ..Self::in_memory() }
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("bind", &self.bind)
            .field("path", &self.path)
            .field("seed", &self.seed)
            .field("usuario", &self.usuario)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("faults", &self.faults)
            .field("todos_texto", &self.todos_texto)
            .finish()
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self::in_memory()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_parse_and_print() {
        for seed in [Seed::None, Seed::Demo, Seed::Large, Seed::Grande] {
            assert_eq!(seed.to_string().parse::<Seed>().unwrap(), seed);
        }
        assert_eq!(" DEMO ".parse::<Seed>().unwrap(), Seed::Demo);
        assert!("big".parse::<Seed>().unwrap_err().contains("none, demo, large ou grande"));
    }

    #[test]
    fn rates_are_clamped() {
        let faults = Faults {
            error_rate: 3.0,
            drop_rate: f64::NAN,
            malformed_rate: -1.0,
            latency_ms: u64::MAX,
            lost_answer_rate: 2.0,
            writes_only: false,
        }
        .sanitized();
        assert_eq!(faults.lost_answer_rate, 1.0);
        assert_eq!((faults.error_rate, faults.drop_rate, faults.malformed_rate), (1.0, 0.0, 0.0));
        assert_eq!(faults.latency_ms, Faults::MAX_LATENCY_MS);
    }

    #[test]
    fn debug_hides_the_token() {
        let config = SandboxConfig { token: Some("segredo-do-token".into()), ..SandboxConfig::in_memory() };
        let shown = format!("{config:?}");
        assert!(!shown.contains("segredo-do-token") && shown.contains("***"), "{shown}");
    }
}
