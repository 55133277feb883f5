#!/usr/bin/env bash
# Installs the Debian packages Verdict builds against (libyaml, libxml2, libjq, zlib, SQLite) and the
# sqlite3 CLI its ledger tests use, when missing.
# Runs apt-get as root, or through sudo when present.
set -euo pipefail
packages=(libyaml-dev libxml2-dev libjq-dev zlib1g-dev libsqlite3-dev sqlite3 "$@")  # extra packages as arguments
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
