#!/usr/bin/env bash
# Benchmarks `verdict check` on a large generated k6 --out json stream, plain and gzip.
#
#   scripts/bench-k6.sh [BYTES]     (default 2000000000: about 6.7 million points, 590,000
#                                    http_req_duration samples, as measured in issue 4)
#
# The stream is generated deterministically by scripts/gen_k6_stream.py into bench-data/ (kept
# between runs), gzip'd with gzip -6, and judged with policies/load-latency-slo.yaml (p(95),
# p(99) and an error rate: the samples of one Trend are kept). Prints seconds, MB/s and peak
# RSS (GNU time's "Maximum resident set size"), and the time of `zcat` alone on the .gz.
# Targets: >= 400 MB/s, < 100 MB peak, gzip no slower than zcat. Runs are with a warm page
# cache (the file is read once before timing), so the figures are the reader's, not the disk's.
set -euo pipefail
cd "$(dirname "$0")/.."
bytes=${1:-2000000000}
data=bench-data
mkdir -p "$data"
stream="$data/stream-$bytes.ndjson"

[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product verdict >/dev/null
verdict=.build/release/verdict

if [ ! -s "$stream" ]; then
  echo "generating $stream ..." >&2
  python3 scripts/gen_k6_stream.py "$bytes" > "$stream.tmp" && mv "$stream.tmp" "$stream"
fi
if [ ! -s "$stream.gz" ]; then
  echo "compressing $stream.gz ..." >&2
  gzip -6 -c "$stream" > "$stream.gz.tmp" && mv "$stream.gz.tmp" "$stream.gz"
fi
size=$(stat -c %s "$stream")
lines=$(wc -l < "$stream")
samples=$(grep -c '"metric":"http_req_duration","type":"Point"' "$stream")
echo "stream: $size bytes, $lines lines, $samples http_req_duration samples; gzip: $(stat -c %s "$stream.gz") bytes"
cat "$stream" > /dev/null

measure() {  # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" > /dev/null 2> "$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  awk -v l="$label" -v w="$wall" -v r="$rss" -v b="$size" \
    'BEGIN { printf "%-28s %7.2f s  %8.1f MB/s  peak RSS %6.1f MB\n", l, w, b / 1e6 / w, r / 1024 }'
  rm -f "$log"
}

for run in 1 2 3; do
  measure "verdict (plain) #$run" "$verdict" check --quiet --policy policies/load-latency-slo.yaml --now 2026-11-21T12:00:00Z --k6 "$stream"
done
for run in 1 2 3; do
  measure "verdict (gzip) #$run" "$verdict" check --quiet --policy policies/load-latency-slo.yaml --now 2026-11-21T12:00:00Z --k6 "$stream.gz"
done
measure "zcat alone" zcat "$stream.gz"
"$verdict" check --policy policies/load-latency-slo.yaml --now 2026-11-21T12:00:00Z --k6 "$stream" || true
