#!/usr/bin/env bash
# The main thread's busy time after a customer switch in the release app (scripts/measure-switch.mjs).
# Usage: scripts/measure-switch.sh [runs=3]   (SKIP_BUILD=1 to use the binaries already built;
# BASELINE_BIN=path/to/an/older/pabx-desktop to alternate launches with it, an A/B in one run)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set -euo pipefail
export RUNS="${1:-${RUNS:-3}}"
target="$(target_dir)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  build_app --release
  (cd "$ROOT" && cargo build --release -p pabx-sandbox)
fi
export PABX_DESKTOP_BIN="$(app_binary release)"
export PABX_SANDBOX_BIN="$target/release/pabx-sandbox"
command -v tauri-driver >/dev/null || { echo "tauri-driver missing: run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$ROOT/tests/artifacts"
say "measuring: $RUNS launches per binary"
"$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1440x900x24" \
  node "$ROOT/scripts/measure-switch.mjs" 2>"$ROOT/tests/artifacts/measure-switch.log"
