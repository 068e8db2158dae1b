#!/usr/bin/env bash
# Sets up what is missing, builds the UI and the desktop app (UI embedded) and opens it.
# With no account yet, the app offers the built-in sandbox (no server needed).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup.sh"
build_app
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Nenhuma tela gráfica encontrada (DISPLAY/WAYLAND_DISPLAY vazios): rode em uma sessão gráfica," >&2
  echo "ou sob um servidor X virtual: xvfb-run -a ./scripts/run.sh" >&2
  exit 1
fi
say "opening $(app_binary)"
exec "$(app_binary)" "$@"
