#!/usr/bin/env bash
# A list against the wire: `pabx ramais list --cliente N --all > /dev/null` (release) against
# curl fetching the same 10,000 ramais at the server's default page size (100) over one
# keep-alive connection, both against a release pabx-sandbox seeded with `grande` (one customer
# of 10,000 ramais), runs alternated, medians; the CLI's peak memory (/usr/bin/time -v); then the
# typed decode ratio from `cargo bench -p pabx-api` (skip it with BENCH_DECODE=0).
# Usage: scripts/bench-lists.sh [runs=7]   (BIN=dir with pabx and pabx-sandbox to measure other
# binaries, e.g. an older build, without building)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set -euo pipefail
RUNS="${1:-7}"
if [ -z "${BIN:-}" ]; then
  cargo build --release -p pabx-cli -p pabx-sandbox >&2
  BIN="$(target_dir)/release"
fi
WORK="$(mktemp -d)"
trap 'kill "$SANDBOX_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export PABX_SANDBOX_TOKEN="bench-$RANDOM$RANDOM"
"$BIN/pabx-sandbox" --port 0 --seed grande >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 300); do grep -q 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" && break; sleep 0.1; done
URL="$(grep -o 'http://127.0.0.1:[0-9]*/pabx/api.php' "$WORK/sandbox.log" | head -1)"
export PABX_URL="$URL" PABX_USUARIO=sandbox PABX_TOKEN="$PABX_SANDBOX_TOKEN"
AUTH="{\"usuario\":\"sandbox\",\"token\":\"$PABX_SANDBOX_TOKEN\"}"
CLIENTE="$(curl -s "$URL" -H 'Content-Type: application/json' \
  -d "{\"autenticacao\":$AUTH,\"acao\":\"listar_clientes\"}" | grep -o '"cliente_id": *"\?[0-9]*' | head -1 | grep -o '[0-9]*$')"
TOTAL=10000
PAGE=100

# One curl, one connection (`next` keeps it), one POST per page of the server's default size;
# each transfer prints how many connections it opened. $1: where the bodies go.
curl_config() {
  for ((offset = 0; offset < TOTAL; offset += PAGE)); do
    [ "$offset" -gt 0 ] && echo next
    echo "url = \"$URL\""
    echo 'header = "Content-Type: application/json"'
    echo "data = \"{\\\"autenticacao\\\":{\\\"usuario\\\":\\\"sandbox\\\",\\\"token\\\":\\\"$PABX_SANDBOX_TOKEN\\\"},\\\"acao\\\":\\\"listar_ramais\\\",\\\"cliente_id\\\":$CLIENTE,\\\"pos_registro_inicial\\\":$offset}\""
    echo "output = \"$1\""
    echo 'write-out = "%{num_connects}\\n"'
  done
}
curl_config /dev/null >"$WORK/curl.cfg"
chmod 600 "$WORK/curl.cfg"

run_curl() { curl -s -K "$WORK/curl.cfg" | awk '{c += $1} END {print c}'; }
run_cli() { "$BIN/pabx" ramais list --cliente "$CLIENTE" --all >/dev/null; }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Both fetch the same records: count them once.
curl_config - | grep -v '^write-out' >"$WORK/count.cfg"
curl_records=$(curl -s -K "$WORK/count.cfg" | grep -o '"ramal_id"' | wc -l)
cli_records=$("$BIN/pabx" ramais list --cliente "$CLIENTE" --all | grep -c '"ramal_id"')
connects=$(run_curl)
say "records: curl $curl_records in $((TOTAL / PAGE)) pages over $connects connection(s), pabx $cli_records"
[ "$curl_records" -eq "$TOTAL" ] && [ "$cli_records" -eq "$TOTAL" ] || { echo "record counts differ" >&2; exit 1; }

run_cli; run_curl >/dev/null # warm-up
: >"$WORK/curl.ms"; : >"$WORK/cli.ms"; : >"$WORK/cli.kb"
for ((i = 0; i < RUNS; i++)); do
  # Alternate which goes first.
  for which in $( ((i % 2)) && echo "cli curl" || echo "curl cli"); do
    start=$(now)
    if [ "$which" = curl ]; then run_curl >/dev/null; else run_cli; fi
    echo $((($(now) - start) / 1000000)) >>"$WORK/$which.ms"
  done
  /usr/bin/time -f '%M' -o "$WORK/time.out" "$BIN/pabx" ramais list --cliente "$CLIENTE" --all >/dev/null
  cat "$WORK/time.out" >>"$WORK/cli.kb"
done

curl_ms=$(median <"$WORK/curl.ms")
cli_ms=$(median <"$WORK/cli.ms")
peak_kb=$(sort -n "$WORK/cli.kb" | tail -1)
echo
echo "10,000 ramais of one customer, release builds, $RUNS alternating runs, medians:"
printf '  curl, pages of %d over one connection: %6s ms   (runs: %s)\n' "$PAGE" "$curl_ms" "$(tr '\n' ' ' <"$WORK/curl.ms")"
printf '  pabx ramais list --all > /dev/null:    %6s ms   (runs: %s)\n' "$cli_ms" "$(tr '\n' ' ' <"$WORK/cli.ms")"
printf '  ratio pabx/curl: %.2fx (goal <= 1.0x)\n' "$(echo "$cli_ms / $curl_ms" | bc -l)"
printf '  pabx peak memory (max RSS, worst of %d): %.1f MiB (goal: well under 85 MiB)\n' "$RUNS" "$(echo "$peak_kb / 1024" | bc -l)"
kill "$SANDBOX_PID"
wait "$SANDBOX_PID" 2>/dev/null || true

if [ "${BENCH_DECODE:-1}" != 0 ]; then
  echo
  cargo bench -p pabx-api --bench listar_ramais -- --warm-up-time 1 --measurement-time 3 listar_ramais/page_1000 2>/dev/null |
    tee "$WORK/bench.txt" | grep -E '^listar_ramais|time:' || true
  typed=$(grep -A1 'typed_page' "$WORK/bench.txt" | grep -o 'time: *\[[^]]*' | awk '{print $4, $5}')
  value=$(grep -A1 'baseline_value' "$WORK/bench.txt" | grep -o 'time: *\[[^]]*' | awk '{print $4, $5}')
  to_ms() { awk '{v = $1; u = $2; if (u == "µs" || u == "us") v /= 1000; else if (u == "ns") v /= 1e6; else if (u == "s") v *= 1000; printf "%.4f", v}'; }
  if [ -n "$typed" ] && [ -n "$value" ]; then
    printf 'typed decode of a 1,000-record page: %s vs Value parse %s = %.2fx (goal <= 1.5x)\n' \
      "$typed" "$value" "$(echo "$(echo "$typed" | to_ms) / $(echo "$value" | to_ms)" | bc -l)"
  fi
fi
