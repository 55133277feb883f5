#!/usr/bin/env bash
# Benchmarks jq rules (a benchmark, not a test): building the facts document (`verdict facts`)
# and `verdict check` with jq rules, each query run in its own worker process.
#
#   scripts/bench-jq.sh          # 50 MB SARIF (32,000 results) and a 20 MB plan, 5 runs each
#   RUNS=9 scripts/bench-jq.sh
#
# Prints the median wall time, throughput and peak resident memory (/usr/bin/time's maximum
# RSS, which covers the worker processes too) of a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
mkdir -p bench-data

[ -f bench-data/trivy-32k.sarif ] || python3 scripts/gen_trivy_sarif.py --results 32000 --out bench-data/trivy-32k.sarif
[ -f bench-data/tfplan-20m.txt ] || python3 scripts/gen_tfplan_text.py bench-data/tfplan-20m.txt 20
cat > bench-data/jq-policy.yaml <<'YAML'
version: 1
rules:
  - id: few-replacements
    kind: jq
    requires: [plan]
    query: '[.plan.changes[] | select(.actions | index("replace"))] | length > 1000'
  - id: no-critical-unfixed
    kind: jq
    requires: [findings]
    query: '.findings[] | select(.level == "critical" and .fixed_version == null and (.waived | not)) | "\(.rule_id) in \(.package)"'
    timeout: 10s
YAML

swift build -c release --product verdict >/dev/null
bin=.build/release/verdict

measure() { # name bytes command...
  local name=$1 size=$2; shift 2
  local times=() peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -o bench-data/.time -f "%e %M" "$@" >/dev/null 2>&1 || true
    local out; out=$(tail -1 bench-data/.time)
    times+=("${out% *}")
    local rss=${out#* }
    if (( rss > peak )); then peak=$rss; fi
  done
  local median; median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  awk -v n="$name" -v s="$size" -v t="$median" -v p="$peak" 'BEGIN {
    mb = s / 1e6; rate = (t > 0) ? mb / t : 0
    printf "%-34s %8.1f MB  %6.3f s  %7.1f MB/s  peak RSS %7.1f MB\n", n, mb, t, rate, p * 1024 / 1e6
  }'
}

sarif=$(stat -c %s bench-data/trivy-32k.sarif)
plan=$(stat -c %s bench-data/tfplan-20m.txt)
now=(--now 2026-11-21T12:00:00Z)
echo "release build, median of $runs runs:"
measure "facts: sarif 32k" "$sarif" "$bin" facts bench-data/trivy-32k.sarif "${now[@]}"
measure "facts: plan 20 MB" "$plan" "$bin" facts bench-data/tfplan-20m.txt "${now[@]}"
measure "check: 2 jq rules, sarif + plan" $((sarif + plan)) "$bin" check --policy bench-data/jq-policy.yaml bench-data/trivy-32k.sarif bench-data/tfplan-20m.txt --quiet "${now[@]}"
measure "check: 1 jq rule, tiny (start-up)" 0 "$bin" check --policy policies/custom-jq.yaml samples/terraform-db-replacements.txt --quiet "${now[@]}"
