#!/usr/bin/env bash
# Runs the release binary from dist/ (scripts/release.sh) on the bundled samples, from a
# directory outside the checkout, and checks its exit statuses: what a user of the tarball sees.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
release=$(ls -d dist/verdict-*-linux-*/ | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp samples/trivy-fails.sarif samples/trivy-passes.sarif "$work/"
cd "$work"
bin="$root/$release/bin/verdict"

expect() { # status command...
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  if [ "$got" -ne "$want" ]; then
    echo "release-check: '$*' exited $got, expected $want"; cat out.txt err.txt; exit 1
  fi
}
expect 0 "$bin" version
expect 1 "$bin" check trivy-fails.sarif --now 2026-11-21T12:00:00Z --markdown report.md --record decision.json
grep -q '^<!-- verdict:report -->' report.md
expect 0 "$bin" check trivy-passes.sarif --now 2026-11-21T12:00:00Z
expect 0 "$bin" replay decision.json
expect 2 "$bin" check missing.sarif
expect 0 "$bin" policy lint "$root/$release/policies/default.yaml"
echo "release-check: 6 passed, 0 failed ($release)"
