#!/usr/bin/env bash
# Runs every test: the UI's unit tests and build, the Rust workspace's tests (under a throw-away
# keyring: the desktop crate's tests use the Secret Service), then the end-to-end tests on the
# real app. Stops at the first failing part and prints a summary of the parts and their times.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

summary=()
part() {
  local name=$1; shift
  say "$name"
  local start=$SECONDS
  if "$@"; then
    summary+=("PASS  $(printf '%4ds' $((SECONDS - start)))  $name")
  else
    local rc=$?
    summary+=("FAIL  $(printf '%4ds' $((SECONDS - start)))  $name (exit $rc)")
    report
    exit "$rc"
  fi
}
report() {
  printf '\n==== scripts/test.sh summary ====\n'
  printf '%s\n' "${summary[@]}"
}

cd "$ROOT"
part "setup (scripts/setup.sh)" "$ROOT/scripts/setup.sh"
part "ui: npm test (vitest)" bash -c 'cd ui && npm test'
part "ui: npm run build" bash -c 'cd ui && npm run build'
part "rust: cargo fmt --check (rustfmt.toml)" cargo fmt --all -- --check
part "rust: cargo test --workspace (with a keyring)" "$ROOT/scripts/with-keyring.sh" cargo test --workspace
build_binaries() { build_app_binary && cargo build -p pabx-sandbox; }
part "app (UI embedded) and pabx-sandbox: cargo build" build_binaries
part "e2e: tests/run-e2e.sh (WebDriver on the real app)" "$ROOT/tests/run-e2e.sh"
# The packages need a release (LTO) build: on by default, PABX_PACKAGES=0 skips them locally.
if [ "${PABX_PACKAGES:-1}" = 1 ]; then
  part "packages: .deb/.rpm built, .deb installed and started, actionlint (scripts/package.sh)" "$ROOT/scripts/package.sh"
else
  part "workflows: actionlint (scripts/package.sh --lint-only)" "$ROOT/scripts/package.sh" --lint-only
fi
report
echo "all parts passed"
