//! A bare Tauri 2 window: a static page that calls `ready` once painted, which prints
//! `bare ready_ms=<n>` (time since `main` started), the baseline for scripts/measure-startup.sh.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Prints the time from start to the first rendered page, once.
#[tauri::command]
fn ready() {
    static REPORTED: OnceLock<()> = OnceLock::new();
    if REPORTED.set(()).is_ok() {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        let mut out = std::io::stdout().lock();
        // A closed stdout only loses the report; nothing to recover.
        let _ = writeln!(out, "bare ready_ms={ms}");
        let _ = out.flush();
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    if let Err(err) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
    {
        eprintln!("bare-window: {err}");
        std::process::exit(1);
    }
}
