#!/usr/bin/env bash
# Leak check of the jq rule path under valgrind: the worker process (libjq wrapper, JV reference
# counting, result reading) on several queries, and `policy lint` (in-process compiles, compile
# errors). Prints valgrind's "definitely lost" line per run; exits 1 when a run loses memory that
# jq 1.6's own CLI does not also lose on the same query (libjq's leaks are not Verdict's).
#
# valgrind 3.19 cannot read the DWARF 5 of a Swift debug build, so the binary is copied with
# `strip --strip-debug` (symbols stay, so stacks still name Swift and libjq functions).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp .build/debug/verdict "$work/verdict"
strip --strip-debug "$work/verdict"
"$work/verdict" facts --compact --now 2026-11-21T12:00:00Z \
  samples/semgrep-payments.sarif samples/terraform-db-replacements.txt samples/k6-summary-passes.json > "$work/facts.json"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
# The sandbox's definitions (JQSandbox.program), so the worker runs what a rule runs.
names = ["env", "input", "inputs", "input_filename", "input_line_number", "debug", "stderr", "modulemeta", "get_search_list", "localtime"]
prefix = "".join(f'def {n}: error("\'{n}\' is not allowed in a policy query"); ' for n in names)
prefix += 'def strflocaltime($_1): error("not allowed"); def now: 1795348800; null as $ENV | '
queries = {
    "strings": '.findings[] | select(.location.uri // "" | startswith("services/payments/")) | select(.waived | not) | "\\(.rule_id) in \\(.location.uri)"',
    "objects": '.plan.changes[] | {msg: .address, level: (if .actions == ["replace"] then "fail" else "warn" end)}',
    "true": '[.plan.changes[] | select(.module == "module.db" and (.actions | index("replace")))] | length > 3',
    "count": '[.plan.changes[] | select(.module == "module.db" and (.actions == ["replace"]))] | length > 3',
    "invalid": '.load.metrics.http_req_duration.values, {msg: 1}, {msg: "x", extra: 2}, {msg: "y", level: "bad"}',
    "runtime-error": '.findings[0].message, error({code: 1})',
    "halt-error": '"bye" | halt_error',
    "compile-error": '.foo bar | nosuch(1)',
    "budget": 'range(5000) | false',
    "shadowed": 'env',
}
facts = open(f"{work}/facts.json").read().encode()
for name, query in queries.items():
    program = (prefix + query).encode()
    header = f"verdict-jq/1 {len(program)} 1000 1048576 0 120\n".encode()
    open(f"{work}/{name}.req", "wb").write(header + program + facts)
    open(f"{work}/{name}.jq", "w").write(query)
PY

status=0
lost() { grep -E "definitely lost:" "$1" | sed -E 's/^==[0-9]+== +//'; }
for request in "$work"/*.req; do
  name=$(basename "$request" .req)
  valgrind --leak-check=full "$work/verdict" __jq-worker < "$request" > /dev/null 2> "$work/$name.vg"
  ours=$(lost "$work/$name.vg")
  echo "worker $name: $ours"
  if [[ "$ours" != "definitely lost: 0 bytes in 0 blocks" ]]; then
    # The same query through jq 1.6's own CLI (same libjq): a leak there is libjq's.
    valgrind --leak-check=full jq -c "$(cat "$work/$name.jq")" "$work/facts.json" > /dev/null 2> "$work/$name.jq.vg" || true
    theirs=$(lost "$work/$name.jq.vg")
    echo "  jq 1.6 CLI on the same query: $theirs"
    [[ "$ours" == "$theirs" ]] || status=1
  fi
done
printf 'version: 1\nrules:\n  - {id: a, kind: jq, query: ".foo bar"}\n  - {id: b, kind: jq, query: "[.x[] | nosuch]"}\n  - {id: c, kind: jq, query: "env"}\n' > "$work/bad.yaml"
for policy in policies/custom-jq.yaml "$work/bad.yaml"; do
  valgrind --leak-check=full "$work/verdict" policy lint "$policy" > /dev/null 2> "$work/lint.vg" || true
  ours=$(lost "$work/lint.vg")
  echo "policy lint $(basename "$policy"): $ours"
  [[ "$ours" == "definitely lost: 0 bytes in 0 blocks" ]] || status=1
done
exit $status
