#!/usr/bin/env bash
# Call-history export against the plain listing, same run, same server: a release pabx-sandbox with
# the large seed (100,000 calls over six months, 50 customers) on loopback; alternately
# `pabx chamadas list --all --todos-clientes` over the whole period to /dev/null and
# `pabx chamadas export` of the same filter to a file, RUNS times each; then the export's peak
# memory (max RSS) for the 100,000 calls against an export of about 1,000 calls.
# Usage: scripts/bench-historico.sh [runs=3]   (PROFILE=debug for debug binaries, SKIP_BUILD=1 to use
# the binaries already built)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set -euo pipefail
RUNS="${1:-3}"
PROFILE="${PROFILE:-release}"
if [ -z "${SKIP_BUILD:-}" ]; then
  if [ "$PROFILE" = release ]; then cargo build --release -p pabx-cli -p pabx-sandbox >&2; else cargo build -p pabx-cli -p pabx-sandbox >&2; fi
fi
BIN="$(target_dir)/$PROFILE"
WORK="$(mktemp -d)"
trap 'kill "$SANDBOX_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export PABX_SANDBOX_TOKEN="bench-$RANDOM$RANDOM"
"$BIN/pabx-sandbox" --port 0 --seed large --data "$WORK/sandbox.db" >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 600); do grep -qo 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" && break; sleep 0.1; done
export PABX_URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" | head -1)"
export PABX_USUARIO=sandbox PABX_TOKEN="$PABX_SANDBOX_TOKEN"

# The sandbox's dates are Brasília's (UTC-3).
day() { TZ=America/Sao_Paulo date -d "-$1 days" +%d/%m/%Y; }
DE="$(day 190)"; ATE="$(day 0)"
# `/usr/bin/time`: wall seconds and max RSS (KiB) of one run.
measure() { /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null; cat "$WORK/time"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

: >"$WORK/list"; : >"$WORK/export"
for run in $(seq "$RUNS"); do
  measure "$BIN/pabx" chamadas list --todos-clientes --de "$DE" --ate "$ATE" --all >>"$WORK/list"
  measure "$BIN/pabx" chamadas export --todos-clientes --de "$DE" --ate "$ATE" --file "$WORK/all.csv" >>"$WORK/export"
  echo "run $run: list $(tail -1 "$WORK/list"), export $(tail -1 "$WORK/export") (seconds, max RSS KiB)" >&2
done
ROWS=$(($(wc -l <"$WORK/all.csv") - 1))
list_s=$(cut -d' ' -f1 "$WORK/list" | median)
export_s=$(cut -d' ' -f1 "$WORK/export" | median)
export_kib=$(cut -d' ' -f2 "$WORK/export" | median)

# About 1,000 calls: one customer over three months.
CLIENTE=$("$BIN/pabx" clientes list | grep -o '"cliente_id": *[0-9]*' | head -1 | grep -o '[0-9]*$')
: >"$WORK/small"
for run in $(seq "$RUNS"); do
  measure "$BIN/pabx" chamadas export --cliente "$CLIENTE" --de "$(day 90)" --ate "$ATE" --file "$WORK/small.csv" >>"$WORK/small"
done
SMALL_ROWS=$(($(wc -l <"$WORK/small.csv") - 1))
small_kib=$(cut -d' ' -f2 "$WORK/small" | median)

printf '`pabx chamadas list --all` to /dev/null: %d calls in %.2f s (median of %d)\n' "$ROWS" "$list_s" "$RUNS"
printf '`pabx chamadas export` to a file:       %d calls in %.2f s\n' "$ROWS" "$export_s"
printf 'ratio export/list: %.2fx (goal <= 1.2x)\n' "$(echo "$export_s / $list_s" | bc -l)"
printf 'export peak memory: %.1f MB for %d calls vs %.1f MB for %d calls: +%.1f MB (goal < 50 MB)\n' \
  "$(echo "$export_kib / 1024" | bc -l)" "$ROWS" "$(echo "$small_kib / 1024" | bc -l)" "$SMALL_ROWS" \
  "$(echo "($export_kib - $small_kib) / 1024" | bc -l)"
