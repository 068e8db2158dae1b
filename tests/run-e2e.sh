#!/usr/bin/env bash
# Runs the end-to-end tests against the real built app: Xvfb for the window, a throw-away keyring
# (scripts/with-keyring.sh) for the tokens, tauri-driver + WebKitWebDriver for WebDriver.
# The app must be built first with the UI embedded (scripts/test.sh does it; or build_app in common.sh).
# Arguments: test files to run (default: all of tests/e2e/*.test.mjs) and options for `node --test`
# (e.g. --test-name-pattern=ramal).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"

export PABX_DESKTOP_BIN="${PABX_DESKTOP_BIN:-$(app_binary)}"
if [ ! -x "$PABX_DESKTOP_BIN" ]; then
  echo "App binary not found at $PABX_DESKTOP_BIN: build it first (build_app in scripts/common.sh:" >&2
  echo "  (cd ui && npm run build) && cargo build -p pabx-desktop --features tauri/custom-protocol)" >&2
  exit 1
fi
# The account test runs a pabx-sandbox process as the "real" server.
export PABX_SANDBOX_BIN="${PABX_SANDBOX_BIN:-$(target_dir)/debug/pabx-sandbox}"
if [ ! -x "$PABX_SANDBOX_BIN" ]; then
  echo "pabx-sandbox not found at $PABX_SANDBOX_BIN: build it with cargo build -p pabx-sandbox" >&2
  exit 1
fi
command -v tauri-driver >/dev/null || { echo "tauri-driver missing: run scripts/setup.sh" >&2; exit 1; }

files=()
options=()
for arg in "$@"; do
  case "$arg" in
    *.mjs) files+=("$arg") ;;
    *) options+=("$arg") ;;
  esac
done
[ ${#files[@]} -gt 0 ] || files=("$ROOT"/tests/e2e/*.test.mjs)

rm -rf "$ROOT/tests/artifacts"
mkdir -p "$ROOT/tests/artifacts"
cd "$ROOT"
# One app at a time: each test file launches its own first-run app, and the machine may be small.
# The test report goes to stdout; the desktop session's chatter (D-Bus activations, portal
# warnings) goes to a log, shown only when something fails.
session_log="$ROOT/tests/artifacts/session.log"
rc=0
"$ROOT/scripts/with-keyring.sh" \
  xvfb-run -a -s "-screen 0 1440x900x24" \
  node --test --test-concurrency=1 --test-reporter=spec "${options[@]}" "${files[@]}" 2>"$session_log" || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "---- last lines of $session_log ----" >&2
  tail -n 40 "$session_log" >&2
  echo "e2e failed: screenshots, page sources and driver logs are in tests/artifacts/" >&2
fi
exit "$rc"
