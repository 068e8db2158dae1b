#!/usr/bin/env bash
# Measures PABX Desktop's start-up (to its first rendered screen) and memory beside a bare Tauri
# window (tools/bare-window), both debug builds with the page embedded, N runs each, alternating,
# under Xvfb and a throw-away keyring. Prints medians and app/bare ratios.
# Usage: scripts/measure-startup.sh [runs]   (env SKIP_BUILD=1 to reuse the binaries, SETTLE_MS)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

export RUNS="${1:-${RUNS:-5}}"
target="$(target_dir)"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  build_app
  say "bare window: cargo build --manifest-path tools/bare-window/Cargo.toml"
  # Same target dir as the workspace, so tauri and its deps are compiled once for both.
  CARGO_TARGET_DIR="$target" cargo build --manifest-path "$ROOT/tools/bare-window/Cargo.toml" \
    --features tauri/custom-protocol
fi

out="$target/measure-startup.json"
say "measuring: $RUNS runs each"
"$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1440x900x24" \
  node "$ROOT/scripts/measure-startup.mjs" "$(app_binary)" "$target/debug/bare-window" "$out"
