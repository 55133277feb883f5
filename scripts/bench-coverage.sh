#!/usr/bin/env bash
# Benchmarks Verdict's coverage readers on large generated files (release build, one run each).
#
#   scripts/bench-coverage.sh [LCOV_MB] [XML_MB]      defaults: 500 and 300
#
# Prints, per input: seconds, MB/s and peak RSS (from /usr/bin/time -v), with references:
# `xmllint --stream --noout` (libxml2 parse only) when installed, and `lcov --summary` when
# BENCH_LCOV_REFERENCE=1 (slow: minutes and gigabytes on 500 MB). Generated files are cached
# in bench-data/ (git-ignored); delete it to regenerate.
set -euo pipefail
cd "$(dirname "$0")/.."
lcov_mb="${1:-500}"
xml_mb="${2:-300}"
data=bench-data
mkdir -p "$data"

swift build -c release --product verdict >/dev/null
verdict="$(swift build -c release --show-bin-path)/verdict"

generate() { # kind size file
  [ -s "$3" ] || { echo "generating $3 ($2 MB)…" >&2; python3 scripts/gen_coverage.py "$1" "$2" "$3"; }
}
generate lcov "$lcov_mb" "$data/bench-$lcov_mb.info"
generate jacoco "$xml_mb" "$data/bench-$xml_mb-jacoco.xml"
generate cobertura "$xml_mb" "$data/bench-$xml_mb-cobertura.xml"

cat > "$data/policy.yaml" <<'YAML'
version: 1
rules:
  - id: coverage
    kind: coverage
    line: 1
YAML

# measure LABEL FILE COMMAND…: runs COMMAND under /usr/bin/time -v, prints one table row.
measure() {
  local label="$1" file="$2"; shift 2
  local log; log="$(mktemp)"
  set +e
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local status=$?
  set -e
  local wall rss bytes
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
  bytes="$(stat -c %s "$file")"
  python3 - "$label" "$wall" "$rss" "$bytes" "$status" <<'PY'
import sys
label, wall, rss, size, status = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
parts = [float(p) for p in wall.split(":")]
seconds = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
print(f"{label:<34} {size / 1e6:>8.0f} MB {seconds:>8.2f} s {size / 1e6 / seconds:>9.1f} MB/s {rss / 1024:>9.0f} MB RSS  exit {status}")
PY
  rm -f "$log"
}

echo "machine: $(nproc) cores, $(uname -sr); verdict $("$verdict" --version)"
printf '%-34s %11s %10s %14s %13s\n' input size time throughput "peak memory"
measure "verdict lcov" "$data/bench-$lcov_mb.info" "$verdict" check --policy "$data/policy.yaml" --quiet --lcov "$data/bench-$lcov_mb.info"
measure "verdict jacoco (SAX2)" "$data/bench-$xml_mb-jacoco.xml" "$verdict" check --policy "$data/policy.yaml" --quiet --jacoco "$data/bench-$xml_mb-jacoco.xml"
measure "verdict jacoco (text reader)" "$data/bench-$xml_mb-jacoco.xml" "$verdict" check --policy "$data/policy.yaml" --quiet --xml-interface text-reader --jacoco "$data/bench-$xml_mb-jacoco.xml"
measure "verdict cobertura (SAX2)" "$data/bench-$xml_mb-cobertura.xml" "$verdict" check --policy "$data/policy.yaml" --quiet --cobertura "$data/bench-$xml_mb-cobertura.xml"
measure "verdict cobertura (text reader)" "$data/bench-$xml_mb-cobertura.xml" "$verdict" check --policy "$data/policy.yaml" --quiet --xml-interface text-reader --cobertura "$data/bench-$xml_mb-cobertura.xml"
if command -v xmllint >/dev/null; then
  measure "xmllint --stream --noout (jacoco)" "$data/bench-$xml_mb-jacoco.xml" xmllint --stream --noout "$data/bench-$xml_mb-jacoco.xml"
fi
measure "awk LF/LH sums (lcov)" "$data/bench-$lcov_mb.info" awk -F: '/^LF:/ {f += $2} /^LH:/ {h += $2} END {print h, f}' "$data/bench-$lcov_mb.info"
if [ "${BENCH_LCOV_REFERENCE:-0}" = 1 ] && command -v lcov >/dev/null; then
  measure "lcov --summary" "$data/bench-$lcov_mb.info" lcov --summary "$data/bench-$lcov_mb.info"
fi
