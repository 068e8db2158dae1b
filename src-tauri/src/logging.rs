//! The app's own log: tauri-plugin-log into a rotating file in the OS log directory, every line
//! through the redaction of pabx-activity (known tokens, values of secret keys), so no token or
//! password is ever written. The level is chosen in the app and kept in the config directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::plugin::TauriPlugin;
use tauri::Runtime;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

/// The log file's name, without extension (`pabx-desktop.log`).
pub const FILE_NAME: &str = "pabx-desktop";
const LEVEL_FILE: &str = "log-level.txt";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
}

impl LogLevel {
    fn filter(self) -> log::LevelFilter {
        match self {
            LogLevel::Error => log::LevelFilter::Error,
            LogLevel::Warn => log::LevelFilter::Warn,
            LogLevel::Info => log::LevelFilter::Info,
            LogLevel::Debug => log::LevelFilter::Debug,
        }
    }

    fn name(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug].into_iter().find(|l| l.name() == text.trim())
    }

    /// The level kept in `config_dir` (Info when none or unreadable).
    pub fn load(config_dir: &Path) -> Self {
        std::fs::read_to_string(config_dir.join(LEVEL_FILE)).ok().and_then(|t| Self::parse(&t)).unwrap_or_default()
    }

    /// Applies the level now and keeps it for the next start.
    pub fn save(self, config_dir: &Path) -> std::io::Result<()> {
        self.apply();
        std::fs::create_dir_all(config_dir)?;
        std::fs::write(config_dir.join(LEVEL_FILE), self.name())
    }

    pub fn apply(self) {
        log::set_max_level(self.filter());
    }
}

/// The first line of every run, written as soon as the level is set: the version, the level and
/// the system's language (no account, address or secret), so the log file exists from the start
/// and says which build wrote it (scripts/package.sh checks it on the installed app).
pub fn log_start(level: LogLevel) {
    let lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "-".into());
    log::info!("PABX Desktop {} iniciado (log {}, idioma do sistema {lang})", env!("CARGO_PKG_VERSION"), level.name());
    log::logger().flush();
}

/// The plugin writing to the OS log directory (and to stderr in debug builds).
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let mut targets = vec![Target::new(TargetKind::LogDir { file_name: Some(FILE_NAME.into()) })];
    if cfg!(debug_assertions) {
        targets.push(Target::new(TargetKind::Stderr));
    }
    plugin_with(targets)
}

/// The plugin with the given targets: rotation at 1 MB keeping 5 files, every line redacted.
pub fn plugin_with<R: Runtime>(targets: Vec<Target>) -> TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets(targets)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        // Everything reaches the dispatcher; `LogLevel::apply` sets what is kept.
        .level(log::LevelFilter::Debug)
        // Dependencies' chatter stays out below warnings.
        .level_for("tao", log::LevelFilter::Warn)
        .level_for("wry", log::LevelFilter::Warn)
        .level_for("reqwest", log::LevelFilter::Warn)
        .level_for("hyper_util", log::LevelFilter::Warn)
        .format(|out, message, record| {
            let line = pabx_activity::mask::redact_text(&message.to_string());
            out.finish(format_args!("{} {} {}: {}", jiff::Timestamp::now(), record.level(), record.target(), line))
        })
        .build()
}

/// Where the log files are (for "Abrir pasta de logs").
pub fn log_dir<R: Runtime>(app: &tauri::AppHandle<R>) -> Option<PathBuf> {
    use tauri::Manager;
    app.path().app_log_dir().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_token_never_reaches_the_log_file() {
        let dir = tempfile::tempdir().unwrap();
        let planted = "tok-PLANTED-9f27c1e5";
        pabx_activity::mask::register_secret(planted);
        let target = Target::new(TargetKind::Folder { path: dir.path().to_path_buf(), file_name: Some("teste".into()) });
        let _app = tauri::test::mock_builder()
            .plugin(plugin_with(vec![target]))
            .build(tauri::test::mock_context(tauri::test::noop_assets()))
            .expect("app with the log plugin");
        LogLevel::Debug.apply();
        log_start(LogLevel::Debug);
        log::info!("conta ativa com o token {planted}");
        log::warn!(r#"corpo enviado: {{"autenticacao":{{"usuario":"rev","token":"{planted}"}},"dados":{{"senha_sip":"sip-77x"}}}}"#);
        log::error!("PABX_TOKEN={planted} Authorization: Bearer {planted}");
        log::debug!("linha sem segredo");
        LogLevel::Warn.apply();
        log::info!("abaixo do nível: não aparece");
        log::logger().flush();

        let text = std::fs::read_to_string(dir.path().join("teste.log")).expect("log file written");
        assert!(!text.contains(planted), "{text}");
        assert!(!text.contains("PLANTED"), "{text}");
        assert!(!text.contains("sip-77x"), "{text}");
        assert!(text.contains("linha sem segredo"), "{text}");
        assert!(!text.contains("abaixo do nível"), "{text}");
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains(&format!("PABX Desktop {} iniciado (log debug", env!("CARGO_PKG_VERSION"))), "{text}");
        assert_eq!(text.lines().count(), 5, "{text}");
    }
}
