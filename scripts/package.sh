#!/usr/bin/env bash
# Builds the Linux packages (.deb and .rpm) with the Tauri CLI (release profile, LTO), installs
# the .deb with apt as root, starts the installed program under Xvfb until it reports its first
# screen, checks the desktop entry, icons and pt-BR description, and runs actionlint on the
# release workflow. Prints the packages' sizes and the time of each step.
# `--lint-only`: actionlint alone (what scripts/test.sh runs unless PABX_PACKAGES=1).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

TOOLS="${PABX_TOOLS_DIR:-/var/tmp/pabx-tools}"
started=$SECONDS
step() { say "package: $* ($((SECONDS - started)) s so far)"; }

step "actionlint .github/workflows"
# The same checks whether or not shellcheck/pyflakes happen to be installed.
"$TOOLS/bin/actionlint" -no-color -shellcheck= -pyflakes= .github/workflows/*.yml
echo "actionlint: no problem in $(ls .github/workflows/*.yml | wc -l) workflow(s)"
[ "${1:-}" = "--lint-only" ] && exit 0

step "tauri build --bundles deb,rpm (release)"
t0=$SECONDS
(cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --bundles deb,rpm)
build_s=$((SECONDS - t0))
bundle="$(target_dir)/release/bundle"
deb=$(ls -t "$bundle"/deb/*.deb | head -1)
rpm=$(ls -t "$bundle"/rpm/*.rpm | head -1)

step "apt-get install $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "$deb"
installed=/usr/bin/pabx-desktop
test -x "$installed"
desktop=$(dpkg -L pabx-desktop | grep '\.desktop$' | head -1)
grep -q '^Exec=pabx-desktop' "$desktop"
grep -q '^Comment=Gestão de PABX em nuvem para revendas' "$desktop"
sizes=$(dpkg -L pabx-desktop | grep -c '/usr/share/icons/hicolor/.*/apps/pabx-desktop.png')
[ "$sizes" -ge 6 ] || { echo "ícones instalados: só $sizes tamanhos" >&2; exit 1; }
dpkg-query -W -f='${Description}\n' pabx-desktop | grep -q 'Gerencie clientes, ramais'
echo "installed: $installed, $desktop, icons at $sizes sizes"

step "start the installed program under Xvfb"
home=$(mktemp -d)
log="$home/start.log"
# The checks' results go to a file of their own: the program's stdout/stderr file is written at
# the program's own offset, so a line appended to it by this script is overwritten by anything the
# program (or its WebKit processes, still ending after the kill) prints later.
checks="$home/checks.txt"
# with-keyring.sh gives the program scratch HOME/XDG dirs: its log file is looked for in there.
set +e
PABX_DESKTOP_REPORT_READY=1 timeout 120 "$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1280x800x24" \
  bash -c "\"$installed\" > \"$log\" 2>&1 & pid=\$!; for _ in \$(seq 1 200); do grep -q 'ready_ms=' \"$log\" && break; sleep 0.5; done; f=\"\$XDG_DATA_HOME/br.com.pabxdesktop.desktop/logs/pabx-desktop.log\"; for _ in \$(seq 1 20); do grep -q 'iniciado' \"\$f\" 2>/dev/null && echo log_file=ok >> \"$checks\" && break; sleep 0.5; done; cat \"\$f\" > \"$home/app.log\" 2>/dev/null; kill \$pid; wait \$pid 2>/dev/null; true"
set -e
if ! grep -q 'ready_ms=' "$log"; then
  echo "o programa instalado não chegou à primeira tela:" >&2
  cat "$log" >&2
  exit 1
fi
echo "installed program reached its first screen: $(grep -o 'ready_ms=[0-9]*' "$log")"
# The program's own log file is in the OS log directory and starts with its start line.
if ! grep -q 'log_file=ok' "$checks" 2>/dev/null; then
  echo "o programa instalado não escreveu a linha de início no arquivo de log (pabx-desktop.log) na pasta de logs do sistema em 10 s. Arquivo de log:" >&2
  cat "$home/app.log" >&2 || echo "(não existe)" >&2
  echo "Saída do programa:" >&2
  cat "$log" >&2
  exit 1
fi
echo "installed program's log file starts with: $(head -1 "$home/app.log")"
rm -rf "$home"

printf '\n==== packages ====\n'
printf '%-60s %8s KB\n' "$(basename "$deb")" "$(( $(stat -c %s "$deb") / 1024 ))" "$(basename "$rpm")" "$(( $(stat -c %s "$rpm") / 1024 ))"
echo "release build and bundles: ${build_s} s; whole packaging step: $((SECONDS - started)) s"
