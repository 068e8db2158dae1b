#!/usr/bin/env bash
# Runs a command against a real, throw-away OS keyring (Secret Service via gnome-keyring) in a
# private D-Bus session with scratch HOME/XDG dirs, so tests never touch a user's keyring.
# Usage: scripts/with-keyring.sh cargo test -p pabx-desktop
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "uso: $0 <comando> [argumentos...]" >&2
    exit 2
fi

if [ -z "${PABX_WITH_KEYRING_INNER:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$tool não encontrado: instale gnome-keyring, dbus e dbus-x11 (apt-get install gnome-keyring dbus dbus-x11)." >&2
            exit 2
        fi
    done
    export PABX_WITH_KEYRING_INNER=1
    exec dbus-run-session -- "$0" "$@"
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/pabx-keyring.XXXXXX")"
keyring_pid=""
cleanup() {
    if [ -n "$keyring_pid" ]; then kill "$keyring_pid" 2>/dev/null || true; fi
    rm -rf "$scratch"
}
trap cleanup EXIT

# Cargo and rustup live under the real HOME; keep them reachable after HOME moves.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export HOME="$scratch/home"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_DATA_HOME="$scratch/data"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# --unlock creates and unlocks the login keyring with this password (read from stdin).
eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
keyring_pid="${GNOME_KEYRING_PID:-}"
export GNOME_KEYRING_CONTROL

"$@"
