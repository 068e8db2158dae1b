#!/usr/bin/env bash
# Measures the app's list of a customer with 10,000 ramais beside the CLI's `ramais list --all`
# for the same customer, in one run (release builds, a pabx-sandbox process, the app over
# WebDriver under Xvfb and a throw-away keyring). Prints medians and ratios to the CLI.
# Usage: scripts/measure-list.sh [runs]   (env SKIP_BUILD=1 reuses the binaries; SANDBOX_SEED;
# PROFILE=debug measures debug binaries while iterating: the UI's JS is the same as release;
# BASELINE_BIN=path/to/an/older/pabx-desktop alternates launches with it, an A/B in one run)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

export RUNS="${1:-${RUNS:-3}}"
target="$(target_dir)"
PROFILE="${PROFILE:-release}"
flag=()
[ "$PROFILE" = release ] && flag=(--release)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  build_app "${flag[@]}"
  say "cargo build ${flag[*]} -p pabx-sandbox -p pabx-cli"
  (cd "$ROOT" && cargo build "${flag[@]}" -p pabx-sandbox -p pabx-cli)
fi
export PABX_DESKTOP_BIN="$(app_binary "$PROFILE")"
export PABX_SANDBOX_BIN="$target/$PROFILE/pabx-sandbox"
export PABX_CLI_BIN="$target/$PROFILE/pabx"
command -v tauri-driver >/dev/null || { echo "tauri-driver missing: run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$ROOT/tests/artifacts"
out="$target/measure-list.json"
say "measuring: $RUNS app launches"
"$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1440x900x24" \
  node "$ROOT/scripts/measure-list.mjs" "$out" 2>"$ROOT/tests/artifacts/measure-list.log"
say "JSON: $out"
