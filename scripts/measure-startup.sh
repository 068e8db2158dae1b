#!/usr/bin/env bash
# Measures PABX Desktop's start-up (to its first rendered screen) and memory beside a bare Tauri
# window (tools/bare-window), same profile, page embedded, N runs each, alternating,
# under Xvfb and a throw-away keyring. Prints medians and app/bare ratios.
# Usage: scripts/measure-startup.sh [runs] [--release]
#   env SKIP_BUILD=1 reuses the binaries; SETTLE_MS is the wait before the memory sample.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

profile=debug
cargo_args=()
for arg in "$@"; do
  case "$arg" in
    --release) profile=release; cargo_args=(--release) ;;
    *[!0-9]*|'') echo "uso: $0 [execuções] [--release]" >&2; exit 2 ;;
    *) RUNS=$arg ;;
  esac
done
export RUNS="${RUNS:-5}"
target="$(target_dir)"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  build_app "${cargo_args[@]}"
  say "bare window: cargo build --manifest-path tools/bare-window/Cargo.toml ${cargo_args[*]}"
  # Same target dir as the workspace, so tauri and its deps are compiled once for both.
  CARGO_TARGET_DIR="$target" cargo build --manifest-path "$ROOT/tools/bare-window/Cargo.toml" \
    --features tauri/custom-protocol "${cargo_args[@]}"
fi

out="$target/measure-startup-$profile.json"
say "measuring $profile builds: $RUNS runs each"
"$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1440x900x24" \
  node "$ROOT/scripts/measure-startup.mjs" "$(app_binary "$profile")" "$target/$profile/bare-window" "$out"
