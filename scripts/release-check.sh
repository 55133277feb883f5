#!/usr/bin/env bash
# Runs the release binary from dist/ (scripts/release.sh) on the bundled samples, from a
# directory outside the checkout, and checks its exit statuses: what a user of the tarball sees.
# Every part that loads a bundled library runs once: YAML policies (libyaml), a jq rule with a
# regular expression (libjq, oniguruma), a Cobertura report (libxml2), a signature (Ed25519) and a
# ledger (SQLite); `verdict comment` runs the bundled verdict-comment (libcurl).
# scripts/release-check-minimal.sh runs this same script inside a minimal Debian root.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
release=$(ls -d dist/verdict-*-linux-*/ | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp samples/trivy-fails.sarif samples/trivy-passes.sarif "$work/"
cd "$work"
bin="$root/$release/bin/verdict"
now=(--now 2026-11-21T12:00:00Z)
passed=0

expect() { # status command...
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  if [ "$got" -ne "$want" ]; then
    echo "release-check: '$*' exited $got, expected $want"; cat out.txt err.txt; exit 1
  fi
  passed=$((passed + 1))
}
contains() { # file text: the text must be in the file
  grep -qF -- "$2" "$1" || { echo "release-check: '$2' not found in $1"; cat "$1"; exit 1; }
}

expect 0 "$bin" version
expect 1 "$bin" check trivy-fails.sarif "${now[@]}" --markdown report.md --record decision.json
grep -q '^<!-- verdict:report -->' report.md
expect 0 "$bin" check trivy-passes.sarif "${now[@]}"
expect 0 "$bin" replay decision.json
expect 2 "$bin" check missing.sarif
expect 0 "$bin" policy lint "$root/$release/policies/default.yaml"
# `verdict comment` runs the bundled verdict-comment (FoundationNetworking, libcurl): it starts and
# refuses to post without a token.
expect 2 env -u GH_TOKEN -u GITHUB_TOKEN -u CI_SERVER_URL "$bin" comment --markdown report.md --repo acme/shop --pr 1
contains err.txt "neither GH_TOKEN nor GITHUB_TOKEN is set"

# A jq rule whose regular expression runs in oniguruma (libonig, loaded by libjq).
cat > jq-policy.yaml <<'EOF'
version: 1
name: release-check-jq
rules:
  - id: no-critical-cve
    kind: jq
    requires: [findings]
    query: '.findings[] | select(.level == "critical" and (.rule_id | test("^CVE-[0-9]{4}-[0-9]+$"))) | "critical \(.rule_id) in \(.package)"'
    on_true: fail
EOF
expect 0 "$bin" policy lint jq-policy.yaml
expect 1 "$bin" check trivy-fails.sarif --policy jq-policy.yaml "${now[@]}" --markdown jq-report.md
contains jq-report.md "critical CVE-2023-36665 in protobufjs"
expect 0 "$bin" check trivy-passes.sarif --policy jq-policy.yaml "${now[@]}"

# A Cobertura report read by libxml2, in ISO-8859-1 with a character reference: 3 of 4 lines.
cat > coverage.xml <<'EOF'
<?xml version="1.0" encoding="ISO-8859-1"?>
<coverage line-rate="0.75" branch-rate="0" lines-covered="3" lines-valid="4" version="1" timestamp="0">
  <packages><package name="app"><classes>
    <class name="caf&#233;" filename="src/caf&#233;.py" line-rate="0.75"><methods/><lines>
      <line number="1" hits="1"/><line number="2" hits="1"/><line number="3" hits="0"/><line number="4" hits="2"/>
    </lines></class>
  </classes></package></packages>
</coverage>
EOF
printf 'version: 1\nname: release-check-coverage\nrules:\n  - { id: coverage, kind: coverage, line: 80 }\n' > coverage-policy.yaml
expect 1 "$bin" check coverage.xml --policy coverage-policy.yaml --markdown coverage-report.md
contains coverage-report.md "| src/café.py | 75.00% (3/4) |"

# A signed record appended to a ledger; a record changed after signing is refused.
expect 0 "$bin" keygen --out signing-key
expect 1 "$bin" check trivy-fails.sarif "${now[@]}" --record signed.json --sign-key signing-key \
  --ledger ledger.sqlite --context repository=acme/shop-api
expect 0 "$bin" check trivy-passes.sarif "${now[@]}" --ledger ledger.sqlite --context repository=acme/shop-api
expect 0 "$bin" verify signed.json --public-key signing-key.pub
sed 's/"outcome": "fail"/"outcome": "pass"/' signed.json > tampered.json
expect 1 "$bin" verify tampered.json --public-key signing-key.pub
expect 0 "$bin" ledger verify ledger.sqlite
contains out.txt "intact, 2 decisions"
expect 0 "$bin" log --ledger ledger.sqlite --outcome fail --json
contains out.txt "acme/shop-api"
echo "release-check: $passed passed, 0 failed ($release)"
