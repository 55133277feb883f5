#!/usr/bin/env bash
# Benchmark: Verdict reading a generated 100 MB `terraform plan` text (about 90,000 resource
# blocks) completely — every header, address, action, `# forces replacement` attribute and the
# summary line cross-check — then judging it with policies/terraform.yaml.
#
# Usage: scripts/bench-terraform.sh [SIZE_MB]      Target: >= 300 MB/s (release build).
# Prints seconds, MB/s and peak RSS (best of 3 runs, GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb="${1:-100}"
work="${TMPDIR:-/tmp}/verdict-bench-terraform"
mkdir -p "$work"
plan="$work/plan-${size_mb}mb.txt"

[ -f "$plan" ] || python3 scripts/gen_tfplan_text.py "$plan" "$size_mb"
swift build -c release --product verdict >/dev/null
binary="$(swift build -c release --show-bin-path)/verdict"
bytes=$(stat -c %s "$plan")

best=""
best_rss=""
best_cpu=""
for run in 1 2 3; do
    # exit 0 (pass) or 1 (critical changes fail the gate) are both complete reads; 2 is not.
    set +e
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$binary" check --quiet --tfplan "$plan" \
        --policy policies/terraform.yaml --now 2026-11-21T12:00:00Z >"$work/out.txt" 2>"$work/err.txt"
    status=$?
    set -e
    if [ "$status" -eq 2 ]; then
        echo "verdict could not judge the plan:" >&2
        cat "$work/err.txt" >&2
        exit 2
    fi
    read -r seconds rss_kb user system <"$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then
        best=$seconds; best_rss=$rss_kb; best_cpu=$(awk "BEGIN { print $user + $system }")
    fi
done

cat "$work/out.txt"
awk -v b="$bytes" -v s="$best" -v r="$best_rss" -v c="$best_cpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    mb = b / 1048576
    printf "plan: %.1f MB\nseconds: %.3f (best of 3; CPU user+sys %.3f s; load average %s)\n", mb, s, c, load
    printf "throughput: %.0f MB/s\npeak RSS: %.0f MB\n", (s > 0 ? mb / s : 0), r / 1024
}'
