#!/usr/bin/env bash
# Installs what Verdict builds against and what its tests run, when missing:
#  - Debian packages: libyaml, libxml2, libjq, zlib, SQLite (and the sqlite3 CLI the ledger
#    tests use); pkg-config, which the system-library targets use; python3-jsonschema and
#    python3-yaml for the schema tests; shellcheck and python3-venv for the docs' pipelines;
#    time (/usr/bin/time) for scripts/bench's peak RSS; chromium and curl for
#    scripts/serve-browser-check.sh (verdict serve in a real, headless browser).
#  - check-jsonschema (PyPI only, pinned) in a virtual environment at .build/tools/venv:
#    Debian's python3 is externally managed, so pip must not install into it (no
#    --break-system-packages); scripts/check-ci-examples.py looks there when it is not on PATH.
# Runs apt-get as root, or through sudo when present.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libyaml-dev libxml2-dev libjq-dev zlib1g-dev libsqlite3-dev sqlite3 pkg-config
  python3-jsonschema python3-yaml python3-venv shellcheck time chromium curl "$@")  # extra packages as arguments
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

check_jsonschema_version=0.39.0
venv=.build/tools/venv
if [ "$("$venv/bin/check-jsonschema" --version 2>/dev/null)" != "check-jsonschema, version $check_jsonschema_version" ]; then
  echo "install-deps: installing check-jsonschema $check_jsonschema_version into $venv" >&2
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$check_jsonschema_version"
fi

# The attestation tests verify Verdict's DSSE envelopes with tools that are not Verdict:
# securesystemslib (DSSE, Ed25519) and in-toto-attestation (Statement v1), pinned, same venv.
securesystemslib_version=1.6.0
in_toto_attestation_version=0.9.3
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if (m.version('securesystemslib'), m.version('in-toto-attestation')) == ('$securesystemslib_version', '$in_toto_attestation_version') else 1)" 2>/dev/null; then
  echo "install-deps: installing securesystemslib $securesystemslib_version and in-toto-attestation $in_toto_attestation_version into $venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "securesystemslib[crypto]==$securesystemslib_version" "in-toto-attestation==$in_toto_attestation_version"
fi
