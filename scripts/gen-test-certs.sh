#!/usr/bin/env bash
# Makes throwaway TLS material for the PostgreSQL TLS tests in DIR (created if missing):
#   ca.pem            a test certificate authority
#   server.crt/.key   a server certificate signed by it, for the host name 'localhost' only
#   other-ca.pem      an unrelated authority (a client trusting only it must refuse the server)
# Valid for two days; nothing here is secret or reused.
set -euo pipefail
dir=${1:?usage: scripts/gen-test-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
quiet() { "$@" >/dev/null 2>&1 || { echo "gen-test-certs.sh: failed: $*" >&2; "$@"; exit 1; }; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Verdict test CA" -keyout ca.key -out ca.pem
quiet openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Another test CA" -keyout other-ca.key -out other-ca.pem
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
printf "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" > server.ext
quiet openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt
chmod 600 server.key ca.key other-ca.key
