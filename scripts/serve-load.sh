#!/usr/bin/env bash
# Load figures for docs/performance.md: a ledger of N decisions (default 100,000: one real
# `verdict check`, extended by scripts/gen_ledger.py), `verdict serve` on a loopback port, then
# C concurrent closed-loop clients (default 200) for S seconds (default 30) against the list
# (random offsets up to 2,000) and decision pages: wrk when installed (apt-get install wrk), else
# scripts/serve_load.py (VERDICT_LOAD_CLIENT=python forces it). Prints requests/s and latency
# percentiles per page.
# Never a timed assertion: it fails only if the server cannot start or answers with errors.
# usage: scripts/serve-load.sh [N] [C] [S]   (VERDICT_BIN: the build to measure; default release)
# PostgreSQL: VERDICT_LOAD_POSTGRES=postgres://USER@HOST:PORT (a role that may create databases,
# e.g. scripts/start-postgres.sh's) makes a throwaway database there, copies the ledger into it
# with `verdict ledger migrate`, serves that, and drops the database at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000} clients=${2:-200} seconds=${3:-30}
if [[ -z "${VERDICT_BIN:-}" ]]; then
  swift build -c release --product verdict >/dev/null
  swift build -c release --product verdict-serve >/dev/null
fi
bin=${VERDICT_BIN:-$(swift build -c release --show-bin-path)}
work=$(mktemp -d)
server=""
pg=${VERDICT_LOAD_POSTGRES:-}
pg_database="verdict_load_$$"
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [[ -n "$pg" ]]; then psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $pg_database" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/verdict" check samples/trivy-fails.sarif --ledger "$work/ledger.sqlite" --now 2026-01-01T00:00:00Z >/dev/null || true
python3 scripts/gen_ledger.py "$work/ledger.sqlite" "$n" >/dev/null
ledger="$work/ledger.sqlite"
if [[ -n "$pg" ]]; then
  psql -q "$pg/postgres" -c "CREATE DATABASE $pg_database" >/dev/null
  "$bin/verdict" ledger init "$pg/$pg_database" >/dev/null
  "$bin/verdict" ledger migrate "$work/ledger.sqlite" "$pg/$pg_database" >/dev/null
  psql -q "$pg/$pg_database" -c "ANALYZE" >/dev/null
  ledger="$pg/$pg_database"
fi
port=$((20000 + RANDOM % 20000))
# Open files: 200 clients plus the server's own.
ulimit -n 4096 2>/dev/null || true
"$bin/verdict" serve --ledger "$ledger" --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/static/verdict.css" && break; sleep 0.2; done
echo "serve-load: $n decisions ($([[ -n "$pg" ]] && echo PostgreSQL || echo SQLite)), $clients clients, $seconds s, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), bin $bin"
if command -v wrk >/dev/null && [[ "${VERDICT_LOAD_CLIENT:-wrk}" == wrk ]]; then
  # wrk (Debian's `wrk`, C, one thread each) leaves the cores to the server far more than the
  # Python client does: half the clients on the list, half on decision pages, one histogram each.
  half=$((clients / 2))
  VERDICT_LOAD_MAX_ID=$n wrk -t1 -c"$half" -d"${seconds}s" --latency -s scripts/serve-load/list.lua "http://127.0.0.1:$port" >"$work/list.txt" &
  list=$!
  VERDICT_LOAD_MAX_ID=$n wrk -t1 -c"$((clients - half))" -d"${seconds}s" --latency -s scripts/serve-load/decision.lua "http://127.0.0.1:$port" >"$work/decision.txt"
  wait "$list"
  for kind in list decision; do
    echo "== $kind (wrk)"
    grep -E "Requests/sec|requests in|Latency +[0-9]|^ +(50|75|90|99)%|Non-2xx|Socket errors" "$work/$kind.txt"
    if grep -qE "Non-2xx|Socket errors" "$work/$kind.txt"; then echo "serve-load: errors on $kind" >&2; exit 1; fi
  done
else
  python3 scripts/serve_load.py 127.0.0.1 "$port" "$seconds" "$clients" "$n"
fi
kill -TERM "$server"; wait "$server" || true; server=""
