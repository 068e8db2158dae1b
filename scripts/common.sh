# Shared helpers for the scripts in this folder (sourced, not run): paths, the cargo target dir,
# running as root (sudo when needed), progress lines and the app build.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# Cargo tools installed by rustup/cargo install live here on a user's machine.
if [ -d "$HOME/.cargo/bin" ]; then PATH="$HOME/.cargo/bin:$PATH"; fi
export PATH

# Where cargo puts binaries: CARGO_TARGET_DIR wins, then the workspace's target/.
target_dir() {
  echo "${CARGO_TARGET_DIR:-$ROOT/target}"
}

# The app binary the e2e tests and the measurement drive; $1 = cargo profile dir (debug).
app_binary() {
  echo "$(target_dir)/${1:-debug}/pabx-desktop"
}

# Runs a command as root: directly when already root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Progress lines on stderr, bold only on a terminal.
say() {
  if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi
}

# Builds the desktop app with ui/dist embedded (build the UI first); extra arguments go to cargo
# (e.g. --release).
build_app_binary() {
  say "App: cargo build -p pabx-desktop --features tauri/custom-protocol $*"
  (cd "$ROOT" && cargo build -p pabx-desktop --features tauri/custom-protocol "$@")
}

# Builds the UI (ui/dist), then the app with it embedded.
build_app() {
  say "UI: npm run build"
  (cd "$ROOT/ui" && npm run build)
  build_app_binary "$@"
}
