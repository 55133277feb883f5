#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the ledger tests and prints its URL on stdout
# (export it as VERDICT_TEST_POSTGRES_URL). Idempotent: a cluster already running on the port is
# reused. PostgreSQL refuses to run as root, so the cluster runs as the 'postgres' user, on
# loopback only, with its socket in /tmp. Authentication: trust for everyone but the role
# 'verdict_pw' (password 'verdict-pw-secret', scram-sha-256), which the tests use to check that a
# password never reaches output. Stop it with: scripts/start-postgres.sh --stop
# TLS: with VERDICT_PG_TLS_DIR set to a folder holding server.crt and server.key (the TLS tests
# make them with scripts/gen-test-certs.sh), the cluster is started with ssl=on and that
# certificate; use it with its own VERDICT_PG_PORT and VERDICT_PG_DATA. The key is copied into the
# data folder, owned by postgres with mode 0600, as the server demands.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${VERDICT_PG_PORT:-55432}
data=${VERDICT_PG_DATA:-/tmp/verdict-postgres-$port}
tls=${VERDICT_PG_TLS_DIR:-}
scripts/install-deps.sh postgresql libpq-dev >&2
bin=$(printf "%s\n" /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
if [ "${1:-}" = "--stop" ]; then
  as_postgres "$bin/pg_ctl" -D "$data" -m fast stop >&2 || true
  exit 0
fi
if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data" && chown postgres "$data" && chmod 700 "$data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust >&2
    { echo "host all verdict_pw 127.0.0.1/32 scram-sha-256"
      echo "local all all trust"
      echo "host all all 127.0.0.1/32 trust"; } | as_postgres tee "$data/pg_hba.conf" >/dev/null
  fi
  options="-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
  if [ -n "$tls" ]; then
    install -o postgres -m 600 "$tls/server.key" "$data/server.key"
    install -o postgres -m 644 "$tls/server.crt" "$data/server.crt"
    options="$options -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
  fi
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o "$options" start >&2
fi
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >&2 <<SQL
SELECT 'CREATE DATABASE verdict_test' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'verdict_test')\gexec
SELECT 'CREATE ROLE verdict_pw LOGIN SUPERUSER PASSWORD ''verdict-pw-secret''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'verdict_pw')\gexec
SQL
echo "postgres://postgres@127.0.0.1:$port/verdict_test?sslmode=disable"
