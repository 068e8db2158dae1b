#!/usr/bin/env bash
# The import against the CLI a reseller would otherwise script: a sequential loop of
# `pabx ramais insert` (one process per ramal) vs `pabx ramais import` of 1,000 rows, both release
# builds against a release pabx-sandbox on loopback, in the same run; then `cargo bench -p pabx-bulk`
# (apply vs a plain concurrent insert loop, and the 10,000-row local dry run).
# Usage: scripts/bench-bulk.sh [rows=1000] [sequential sample=200]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set -euo pipefail
ROWS="${1:-1000}"
SAMPLE="${2:-200}"
cargo build --release -p pabx-cli -p pabx-sandbox >&2
BIN="$(target_dir)/release"
WORK="$(mktemp -d)"
trap 'kill "$SANDBOX_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export PABX_SANDBOX_TOKEN="bench-$RANDOM$RANDOM"
"$BIN/pabx-sandbox" --port 0 --seed none --data "$WORK/sandbox.db" >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 100); do grep -qo 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" && break; sleep 0.1; done
export PABX_URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" | head -1)"
export PABX_USUARIO=sandbox PABX_TOKEN="$PABX_SANDBOX_TOKEN"
pabx() { "$BIN/pabx" "$@"; }

cliente() { # login faixa_min faixa_max -> id
  printf '{"login":"%s","senha":"segredo123","nome":"Bench %s","email_cliente":"ti@%s.com.br","qtd_ramais_max":%d,"faixa_min":%d,"faixa_max":%d,"cnpj":"11.222.333/0001-81","cep":"01310-200","estado":"SP","cidade":"São Paulo"}' \
    "$1" "$1" "$1" $(($3 - $2 + 1)) "$2" "$3" >"$WORK/c.json"
  pabx clientes insert --file "$WORK/c.json" | grep -o '"cliente_id": *[0-9]*' | grep -o '[0-9]*$'
}
now() { date +%s.%N; }

SEQ=$(cliente seq 10000 19999)
start=$(now)
for n in $(seq 10000 $((10000 + SAMPLE - 1))); do
  printf '{"cliente_id":%d,"numero":"%d","nome":"Ramal %d","senha_sip":"Segredo!%dx"}' "$SEQ" "$n" "$n" "$n" >"$WORK/r.json"
  pabx ramais insert --file "$WORK/r.json" >/dev/null
done
seq_s=$(echo "$(now) - $start" | bc -l)

IMP=$(cliente imp 10000 19999)
{ echo "numero;nome;senha_sip"; for n in $(seq 10000 $((10000 + ROWS - 1))); do echo "$n;Ramal $n;Segredo!${n}x"; done; } >"$WORK/ramais.csv"
start=$(now)
pabx ramais import --cliente "$IMP" --file "$WORK/ramais.csv" --concorrencia 4 >/dev/null
imp_s=$(echo "$(now) - $start" | bc -l)

seq_rate=$(echo "$SAMPLE / $seq_s" | bc -l)
imp_rate=$(echo "$ROWS / $imp_s" | bc -l)
printf 'sequential `pabx ramais insert` loop: %d ramais in %.2f s = %.0f/s\n' "$SAMPLE" "$seq_s" "$seq_rate"
printf '`pabx ramais import` (concorrencia 4): %d ramais in %.2f s = %.0f/s\n' "$ROWS" "$imp_s" "$imp_rate"
printf 'ratio import/sequential: %.1fx (goal >= 4x)\n' "$(echo "$imp_rate / $seq_rate" | bc -l)"
kill "$SANDBOX_PID"
wait "$SANDBOX_PID" 2>/dev/null || true

cargo bench -p pabx-bulk --bench apply 2>/dev/null
