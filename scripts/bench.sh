#!/usr/bin/env bash
# Benchmarks `verdict check` on generated Trivy SARIF inputs (a benchmark, not a test).
#
#   scripts/bench.sh            # 50 MB (32,000 results) and a ~3 KB file, 5 runs each
#   RUNS=9 scripts/bench.sh
#
# Inputs are generated deterministically by scripts/gen_trivy_sarif.py into bench-data/
# (git-ignored). Prints the median wall time, throughput and peak resident memory
# (/usr/bin/time's maximum RSS) of a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
mkdir -p bench-data

[ -f bench-data/trivy-32k.sarif ] || python3 scripts/gen_trivy_sarif.py --results 32000 --out bench-data/trivy-32k.sarif
[ -f bench-data/trivy-tiny.sarif ] || python3 scripts/gen_trivy_sarif.py --results 3 --compact --out bench-data/trivy-tiny.sarif

swift build -c release --product verdict >/dev/null
bin=.build/release/verdict

measure() { # name file [extra args...]
  local name=$1 file=$2; shift 2
  local size; size=$(stat -c %s "$file")
  local times=() cpus=() peak=0
  for _ in $(seq "$runs"); do
    local out
    # verdict exits 1 on these failing inputs: that is the answer, not an error of the benchmark.
    /usr/bin/time -o bench-data/.time -f "%e %M %U %S" "$bin" check "$file" --now 2026-11-21T12:00:00Z --quiet "$@" >/dev/null 2>&1 || true
    out=$(tail -1 bench-data/.time)
    read -r wall rss user system <<<"$out"
    times+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}')")
    if (( rss > peak )); then peak=$rss; fi
  done
  local median; median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local cpu; cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  awk -v n="$name" -v s="$size" -v t="$median" -v c="$cpu" -v p="$peak" 'BEGIN {
    mb = s / 1e6; rate = (t > 0) ? mb / t : 0
    printf "%-28s %9.1f MB  %6.3f s (cpu %5.2f s)  %8.1f MB/s  peak RSS %6.1f MB (%.2fx file)\n", n, mb, t, c, rate, p * 1024 / 1e6, (p * 1024) / s
  }'
}

echo "verdict check, release build, median of $runs runs:"
measure "sarif 32k results" bench-data/trivy-32k.sarif
measure "sarif 32k + md + record" bench-data/trivy-32k.sarif --markdown /dev/null --record /dev/null
measure "sarif tiny (start-up)" bench-data/trivy-tiny.sarif
