//! How WebKitGTK draws the window on Linux. Without a GPU, WebKit still composites its layers,
//! through software OpenGL (llvmpipe), which costs more than plain painting: measured under Xvfb,
//! turning compositing off halved the web process's CPU at start, brought a list's scroll p95 from
//! 404 to 80 ms and the memory (PSS) from 477 to 262 MB. So when the machine has no GPU render node
//! (`/dev/dri/renderD*`) and the user has not chosen, compositing is turned off before WebKit
//! starts. A user's own `WEBKIT_DISABLE_COMPOSITING_MODE` (any value, "0" included) is left alone.
//! What compositing-off loses: WebGL and accelerated CSS 3D, which the app does not use.

use std::ffi::OsString;
use std::path::Path;
use std::sync::OnceLock;

/// The variable WebKitGTK reads (set and not "0": no accelerated compositing).
pub const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// Where Linux lists the GPU's render nodes.
pub const DRI_DIR: &str = "/dev/dri";

/// What was decided at start, for the log and the start-up measurement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compositing {
    /// The user set the variable: kept as it is.
    UserChoice(String),
    /// No GPU render node: turned off by the app.
    DisabledNoGpu,
    /// A render node exists: WebKit's default (composited on the GPU).
    Default,
}

impl Compositing {
    /// Whether WebKit composites with this decision.
    pub fn composites(&self) -> bool {
        match self {
            // WebKitGTK turns compositing off for any value but "0", the empty one included.
            Compositing::UserChoice(value) => value == "0",
            Compositing::DisabledNoGpu => false,
            Compositing::Default => true,
        }
    }

    /// One line for the log (no path beyond /dev/dri, nothing private).
    pub fn describe(&self) -> String {
        match self {
            Compositing::UserChoice(value) => format!("composição do WebKit como o usuário definiu ({VARIABLE}={value})"),
            Compositing::DisabledNoGpu => {
                format!("composição do WebKit desligada: sem GPU ({DRI_DIR}/renderD* ausente), pintura direta é mais leve que OpenGL por software ({VARIABLE}=1)")
            }
            Compositing::Default => format!("composição do WebKit ligada: GPU presente ({DRI_DIR}/renderD*)"),
        }
    }
}

/// The decision from the user's variable (if set) and whether a render node exists.
pub fn decide(user: Option<OsString>, has_render_node: bool) -> Compositing {
    match user {
        Some(value) => Compositing::UserChoice(value.to_string_lossy().into_owned()),
        None if has_render_node => Compositing::Default,
        None => Compositing::DisabledNoGpu,
    }
}

/// Whether `dir` lists a render node (`renderD128`...); unreadable or absent: none.
pub fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
}

static DECISION: OnceLock<Compositing> = OnceLock::new();

/// Decides and, when compositing is to be off, sets the variable. Call first thing in `main`,
/// before any thread exists (the environment is process-wide) and before GTK and WebKit start.
pub fn apply() -> &'static Compositing {
    DECISION.get_or_init(|| {
        if !cfg!(target_os = "linux") {
            return Compositing::Default;
        }
        let decision = decide(std::env::var_os(VARIABLE), has_render_node(Path::new(DRI_DIR)));
        if decision == Compositing::DisabledNoGpu {
            std::env::set_var(VARIABLE, "1");
        }
        decision
    })
}

/// The decision taken at start (None before [`apply`]).
pub fn decision() -> Option<&'static Compositing> {
    DECISION.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_without_a_render_node_and_the_users_choice_kept() {
        assert_eq!(decide(None, false), Compositing::DisabledNoGpu);
        assert!(!decide(None, false).composites());
        assert_eq!(decide(None, true), Compositing::Default);
        assert!(decide(None, true).composites());
        // The user's value wins either way, "0" (keep compositing) included.
        assert_eq!(decide(Some("0".into()), false), Compositing::UserChoice("0".into()));
        assert!(decide(Some("0".into()), false).composites());
        assert!(!decide(Some("1".into()), true).composites());
        assert!(!decide(Some("".into()), true).composites(), "set but empty is off, as WebKit reads it");
    }

    #[test]
    fn a_render_node_is_found_by_name() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dir.path()), "a card node alone is no render node");
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("absent")));
    }
}
