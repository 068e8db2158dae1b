#!/usr/bin/env bash
# The app's call history against the CLI, same run, same server: a pabx-sandbox with the large seed
# (100,000 calls over six months) on loopback; the real app (under Xvfb, driven like the e2e tests)
# loads six months of every customer into its table, alternated with `pabx chamadas list --all` of
# the same period to /dev/null; medians, ratio, then the p95 frame time of scrolling the table.
# Usage: scripts/bench-historico-app.sh [runs=3]   (PROFILE=debug for debug binaries, SKIP_BUILD=1
# to use the binaries already built; the app must then have the UI embedded; SCROLL_PX=300 scrolls
# at the list benchmark's speed instead of 600 px per frame; PABX_DESKTOP_BIN=path measures another
# build of the app; BASELINE_BIN=path then measures an older build the same way in the same run;
# SANDBOX_LATENCY_MS=n delays every answer of the sandbox by n ms, as a remote server's)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set -euo pipefail
export RUNS="${1:-3}"
export SANDBOX_LATENCY_MS="${SANDBOX_LATENCY_MS:-0}"
[[ "$SANDBOX_LATENCY_MS" =~ ^[0-9]+$ ]] || { echo "SANDBOX_LATENCY_MS must be a whole number of milliseconds, not \"$SANDBOX_LATENCY_MS\"" >&2; exit 2; }
PROFILE="${PROFILE:-release}"
if [ -z "${SKIP_BUILD:-}" ]; then
  if [ "$PROFILE" = release ]; then
    build_app --release && cargo build --release -p pabx-cli -p pabx-sandbox >&2
  else
    build_app && cargo build -p pabx-cli -p pabx-sandbox >&2
  fi
fi
BIN="$(target_dir)/$PROFILE"
WORK="$(mktemp -d)"
trap 'kill "$SANDBOX_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export PABX_SANDBOX_TOKEN="bench-$RANDOM$RANDOM"
"$BIN/pabx-sandbox" --port 0 --seed large --latency-ms "$SANDBOX_LATENCY_MS" --usuario bench --data "$WORK/sandbox.db" >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 600); do grep -qo 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" 2>/dev/null && break; sleep 0.1; done
export PABX_URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" | head -1)"
export PABX_USUARIO=bench PABX_TOKEN="$PABX_SANDBOX_TOKEN" PABX_CLI="$BIN/pabx" SANDBOX_PID
export PABX_DESKTOP_BIN="${PABX_DESKTOP_BIN:-$(app_binary "$PROFILE")}"
mkdir -p "$ROOT/tests/artifacts"
"$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1440x900x24" \
  node "$ROOT/scripts/bench-historico-app.mjs" 2>"$WORK/session.log" || { tail -n 30 "$WORK/session.log" >&2; exit 1; }
grep -E '^([a-z]+ run |  from the click)' "$WORK/session.log" >&2 || true
