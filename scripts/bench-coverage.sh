#!/usr/bin/env bash
# Benchmarks Verdict's coverage readers on large generated files (release build, one run each).
#
#   scripts/bench-coverage.sh [LCOV_MB] [XML_MB]      defaults: 500 and 300
#
# Prints, per input: wall and CPU (user + system) seconds and MB/s, peak RSS (from
# /usr/bin/time -v; it includes the memory-mapped input) and peak anonymous memory, with references:
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

# peak_anon COMMAND…: the largest RssAnon seen while COMMAND runs (sampled every 20 ms), in MB.
# Peak RSS from /usr/bin/time counts the memory-mapped input file's clean pages too; this is
# the memory Verdict allocates.
peak_anon() {
  "$@" >/dev/null 2>&1 &
  local pid=$! peak=0 value
  while kill -0 "$pid" 2>/dev/null; do
    value="$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    [ -n "$value" ] && [ "$value" -gt "$peak" ] && peak="$value"
    sleep 0.02
  done
  wait "$pid" || true
  echo $((peak / 1024))
}

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
  local user system anon
  user="$(awk -F': ' '/User time/ {print $2}' "$log")"
  system="$(awk -F': ' '/System time/ {print $2}' "$log")"
  anon="$(peak_anon "$@")"
  python3 - "$label" "$wall" "$rss" "$bytes" "$status" "$user" "$system" "$anon" <<'PY'
import sys
label, wall, rss, size, status, user, system, anon = sys.argv[1:9]
rss, size = int(rss), int(size)
parts = [float(p) for p in wall.split(":")]
seconds = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
cpu = float(user) + float(system)
print(f"{label:<34} {size / 1e6:>6.0f} MB {seconds:>7.2f} s {size / 1e6 / seconds:>7.1f} MB/s {cpu:>7.2f} s {size / 1e6 / cpu:>7.1f} MB/s {rss / 1024:>7.0f} MB {anon:>7} MB  exit {status}")
PY
  rm -f "$log"
}

echo "machine: $(nproc) cores, $(uname -sr); verdict $("$verdict" --version)"
printf '%-34s %9s %9s %12s %9s %12s %10s %10s\n' input size wall "wall MB/s" cpu "cpu MB/s" "peak RSS" "peak anon"
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
