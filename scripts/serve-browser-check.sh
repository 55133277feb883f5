#!/usr/bin/env bash
# End to end in a real browser: fills a ledger and archive with `verdict check` (the debug build,
# or VERDICT_BIN) on generated and bundled scans, starts `verdict serve` on a loopback port, loads
# the list, a decision, the ledger and the trends pages in headless Chromium (Debian's
# `chromium`), checks the rendered DOM (--dump-dom), saves screenshots under
# .build/serve-screenshots/, presses "Replay now" as a form POST with the CSRF token scraped from
# the decision page, then does the same through the sign-in form of a second server started with
# --token-file, and stops each server with SIGTERM (it must exit 0: graceful shutdown).
# Exits non-zero on any mismatch. Called by .ci/run after `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "serve-browser-check: chromium is not installed (scripts/install-deps.sh)" >&2; exit 2; }
command -v curl >/dev/null || { echo "serve-browser-check: curl is not installed (scripts/install-deps.sh)" >&2; exit 2; }
if [[ -z "${VERDICT_BIN:-}" ]]; then
  swift build --product verdict >/dev/null
  swift build --product verdict-serve >/dev/null
fi
bin=${VERDICT_BIN:-$(swift build --show-bin-path)}
out=.build/serve-screenshots
work=$(mktemp -d)
rm -rf "$out"; mkdir -p "$out"
server=""
cleanup() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "serve-browser-check: $*" >&2; exit 1; }

# Chromium's sandbox cannot start as root (CI containers): only then is it turned off.
sandbox=()
[[ "$(id -u)" == 0 ]] && sandbox=(--no-sandbox)

"$bin/verdict" keygen --out "$work/key" >/dev/null
n=0
# Generated scans (a critical finding whose message carries markup) and the bundled samples.
python3 - "$work/generated.sarif" <<'PY'
import json, sys
results = [{"ruleId": "GEN-1", "level": "error", "message": {"text": "<script>alert(1)</script> in login"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/login.swift"}, "region": {"startLine": 7}}}],
            "properties": {"security-severity": "9.8"}}]
json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "generator", "rules": []}}, "results": results}]}, open(sys.argv[1], "w"))
PY
for input in samples/trivy-passes.sarif samples/trivy-fails.sarif samples/semgrep-payments.sarif samples/trivy-fails.sarif "$work/generated.sarif"; do
  n=$((n + 1))
  "$bin/verdict" check "$input" --policy policies/production.yaml --now "2026-11-1${n}T10:00:00Z" \
    --archive "$work/archive" --ledger "$work/ledger.sqlite" --sign-key "$work/key" \
    --context repository=acme/shop-api --context "ref=refs/heads/feature-$n" --context commit=c0ffee$n >/dev/null || true
done

# Two coverage decisions in two weeks, so the trends page draws a coverage line too.
for pair in coverage-fails.info:2026-11-20 coverage-passes.info:2026-11-24; do
  "$bin/verdict" check "samples/${pair%%:*}" --policy policies/coverage.yaml --now "${pair#*:}T10:00:00Z" \
    --archive "$work/archive" --ledger "$work/ledger.sqlite" --context repository=acme/shop-web >/dev/null || true
done

start() { # ARGS…: starts verdict serve on a random loopback port; sets $server and $base
  local port=$((20000 + RANDOM % 20000))
  "$bin/verdict" serve --ledger "$work/ledger.sqlite" --archive "$work/archive" --public-key "$work/key.pub" \
    --listen "127.0.0.1:$port" "$@" 2>"$work/serve.log" &
  server=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -s -o /dev/null "$base/static/verdict.css" && return 0; sleep 0.2; done
  cat "$work/serve.log" >&2; fail "verdict serve did not start"
}
stop() {
  kill -TERM "$server"
  local code=0
  wait "$server" || code=$?
  server=""
  [[ "$code" == 0 ]] || { cat "$work/serve.log" >&2; fail "verdict serve exited $code after SIGTERM"; }
}
browse() { # URL NAME: dump the rendered DOM and take a screenshot
  chromium --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size=1400,1000 \
    --dump-dom "$1" 2>/dev/null >"$out/$2.html"
  chromium --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size=1400,1000 \
    --screenshot="$out/$2.png" "$1" >/dev/null 2>&1
  [[ -s "$out/$2.png" ]] || fail "$2: no screenshot"
}
expect() { grep -qF -- "$2" "$out/$1.html" || fail "$1: expected '$2'"; }
refuse() { ! grep -qF -- "$2" "$out/$1.html" || fail "$1: did not expect '$2'"; }

start
browse "$base/decisions" decisions
expect decisions '7 decisions match'
expect decisions 'href="/decisions/5"'
browse "$base/decisions/2" decision
expect decision 'Deciding findings'
expect decision '✓ valid'
expect decision 'href="/decisions/2/report.md"'
browse "$base/decisions/5" generated
expect generated '&lt;script&gt;alert(1)&lt;/script&gt; in login'
refuse generated '<script>alert'
browse "$base/ledger" ledger
expect ledger '✓ Chain intact · 7 decisions'
browse "$base/trends" trends
expect trends 'Decisions per week by outcome'
expect trends '<svg'
expect trends 'Line coverage per week by repository</h2><svg'
expect trends 'acme/shop-web'
expect trends 'Blocking findings per week by level</h2><svg'

# "Replay now" as the browser posts it: the hidden csrf field of the decision page's form.
token=$(sed -n 's/.*action="\/decisions\/2\/replay"><input type="hidden" name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$out/decision.html" | head -1)
[[ -n "$token" ]] || fail "decision: no CSRF token in the replay form"
curl -sf -X POST --data-urlencode "csrf=$token" "$base/decisions/2/replay" >"$out/replay.html"
expect replay '✓ Replay: identical'
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data 'csrf=forged' "$base/decisions/2/replay")
[[ "$status" == 403 ]] || fail "a forged replay answered $status, not 403"
curl -sf -o "$work/report.md" "$base/decisions/2/report.md" || fail "the report download failed"
grep -q 'vulnerabilities' "$work/report.md" || fail "the report download has no rule"
stop

# With --token-file: no credentials, a bearer token, then the sign-in form with a cookie jar.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/token"
chmod 600 "$work/token"
start --token-file "$work/token"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/decisions")
[[ "$status" == 401 ]] || fail "an API call without a token answered $status, not 401"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$work/token")" "$base/api/v1/decisions")
[[ "$status" == 200 ]] || fail "an API call with the token answered $status, not 200"
browse "$base/decisions" signin
expect signin 'name="token"'
refuse signin 'href="/decisions/5"'
jar="$work/cookies"
form=$(curl -s -c "$jar" "$base/sign-in?next=%2Fdecisions%2F2")
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' <<<"$form" | head -1)
location=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" -c "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "token=$(cat "$work/token")" --data-urlencode "next=/decisions/2" "$base/sign-in")
[[ "$location" == "$base/decisions/2" ]] || fail "signing in redirected to '$location'"
curl -sf -b "$jar" "$base/decisions/2" >"$out/signed-in.html"
expect signed-in 'Sign out'
token=$(sed -n 's/.*action="\/decisions\/2\/replay"><input type="hidden" name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$out/signed-in.html" | head -1)
curl -sf -b "$jar" -X POST --data-urlencode "csrf=$token" "$base/decisions/2/replay" >"$out/signed-in-replay.html"
expect signed-in-replay '✓ Replay: identical'
stop
echo "serve-browser-check: ok; screenshots in $out"
