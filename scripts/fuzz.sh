#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS seconds.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]
#   scripts/fuzz.sh list                 # the targets
#   scripts/fuzz.sh build                # build only
#   scripts/fuzz.sh regress              # replay Tests/Fixtures/hostile/fuzz/* through every target
#
# TARGET: sarif lcov jacoco cobertura k6-summary k6-stream tfplan-text tfplan-json policy markdown
#
# The fuzz package (Fuzz/) depends on the main package by path and is built with
# -sanitize=fuzzer,address into .build-fuzz/, apart from .build/: `swift build` and `swift test`
# never see it. The corpus starts from Tests/Fixtures, samples/, policies/ and, when present,
# ../shared/corpus; it grows in .build-fuzz/corpus/TARGET. Crashes land in
# .build-fuzz/artifacts/TARGET/; the log, with libFuzzer's final stats, in .build-fuzz/logs/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
scratch="$root/.build-fuzz"
targets=(sarif lcov jacoco cobertura k6-summary k6-stream tfplan-text tfplan-json policy markdown)

build() {
    # FUZZ_SKIP_BUILD=1 runs the binary already built (a queue of runs while the sources change).
    [ "${FUZZ_SKIP_BUILD:-0}" = 1 ] && [ -x "$(binary)" ] && return 0
    (cd "$root/Fuzz" && swift build -c release --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing >&2)
}
binary() { echo "$scratch/release/VerdictFuzz"; }

# The seed files of a target, one path per line.
seeds() {
    local fixtures="$root/Tests/Fixtures" shared="$root/../shared/corpus"
    [ -d "$shared" ] || shared="$root/../../shared/corpus"
    local dirs=() files=()
    case "$1" in
        sarif) dirs=("$fixtures/sarif" "$shared/sarif"); files=("$root"/samples/*.sarif "$fixtures"/hostile/*.sarif) ;;
        lcov) dirs=("$fixtures/lcov" "$shared/lcov"); files=("$root"/samples/*.info "$fixtures"/patch/coverage.info "$fixtures"/hostile/*.info) ;;
        jacoco) dirs=("$fixtures/jacoco" "$shared/jacoco" "$fixtures/xml-attacks"); files=("$fixtures"/hostile/*jacoco*.xml) ;;
        cobertura) dirs=("$fixtures/cobertura" "$shared/cobertura" "$fixtures/xml-attacks"); files=("$fixtures"/hostile/*cobertura*.xml) ;;
        k6-summary) dirs=("$fixtures/k6-summary" "$fixtures/k6-machine-readable" "$shared/k6-summary"); files=("$root"/samples/k6-summary*.json) ;;
        k6-stream) dirs=("$fixtures/k6-ndjson" "$shared/k6-ndjson"); files=("$root"/samples/k6-stream*) ;;
        tfplan-text) dirs=("$fixtures/tfplan-text" "$shared/tfplan-text"); files=("$root"/samples/terraform*.txt "$fixtures"/hostile/*tfplan*) ;;
        tfplan-json) dirs=("$fixtures/tfplan-json" "$shared/tfplan-json") ;;
        policy) dirs=("$root/policies"); files=("$fixtures"/hostile/policy-*.yaml) ;;
        markdown) dirs=("$root/Fuzz/Seeds/markdown") ;;
    esac
    dirs+=("$fixtures/hostile/fuzz/$1")
    for dir in "${dirs[@]}"; do [ -d "$dir" ] && find "$dir" -type f ! -name '*.md' -size -4M; done
    for file in "${files[@]}"; do [ -f "$file" ] && echo "$file"; done
    return 0
}

case "${1:-}" in
    ""|-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    list) printf '%s\n' "${targets[@]}"; exit 0 ;;
    build) build; exit 0 ;;
    regress)
        build
        status=0
        for target in "${targets[@]}"; do
            dir="$root/Tests/Fixtures/hostile/fuzz/$target"
            [ -d "$dir" ] || continue
            echo "regress $target: $(ls "$dir" | wc -l) files" >&2
            VERDICT_FUZZ_TARGET=$target "$(binary)" -runs=0 "$dir" >/dev/null 2>&1 || { echo "regress $target: FAILED" >&2; status=1; }
        done
        exit $status ;;
esac

target=$1
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
printf '%s\n' "${targets[@]}" | grep -qx "$target" || { echo "unknown target '$target'; expected one of: ${targets[*]}" >&2; exit 2; }

build
corpus="$scratch/corpus/$target"
artifacts="$scratch/artifacts/$target"
mkdir -p "$corpus" "$artifacts" "$scratch/logs"
seeds "$target" | while read -r seed; do
    cp -n "$seed" "$corpus/seed-$(sha1sum "$seed" | cut -c1-16)" 2>/dev/null || true
done
log="$scratch/logs/$target.log"
echo "fuzzing $target for ${seconds}s: $(ls "$corpus" | wc -l) corpus files; log $log" >&2
set +e
started=$(date +%s)
VERDICT_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$(binary)" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -max_len=262144 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$corpus" >"$log" 2>&1
status=$?
elapsed=$(( $(date +%s) - started ))
set -e
executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
crashes=$(find "$artifacts" -type f | wc -l)
echo "$target: exit $status, ${elapsed}s of ${seconds}s, $executions executions, $crashes artifacts in $artifacts" | tee -a "$scratch/logs/summary.txt"
exit $status
