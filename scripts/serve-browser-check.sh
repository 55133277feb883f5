#!/usr/bin/env bash
# End to end in a real browser: builds verdict and verdict-serve, fills a ledger and archive with
# `verdict check` on the samples, starts `verdict serve` on a loopback port, loads the list, a
# decision and the ledger page in headless Chromium (Debian's `chromium`), checks the rendered DOM,
# saves screenshots under .build/serve-screenshots/, presses "Replay now" as a form POST, and stops
# the server with SIGTERM (it must exit 0: graceful shutdown).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "serve-browser-check: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
if [[ -z "${VERDICT_BIN:-}" ]]; then
  swift build --product verdict >/dev/null
  swift build --product verdict-serve >/dev/null
fi
bin=${VERDICT_BIN:-$(swift build --show-bin-path)}
out=.build/serve-screenshots
work=$(mktemp -d)
rm -rf "$out"; mkdir -p "$out"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$bin/verdict" keygen --out "$work/key" >/dev/null
n=0
for input in trivy-passes.sarif trivy-fails.sarif semgrep-payments.sarif trivy-fails.sarif; do
  n=$((n + 1))
  "$bin/verdict" check "samples/$input" --policy policies/production.yaml --now "2026-11-1${n}T10:00:00Z" \
    --archive "$work/archive" --ledger "$work/ledger.sqlite" --sign-key "$work/key" \
    --context repository=acme/shop-api --context "ref=refs/heads/feature-$n" --context commit=c0ffee$n >/dev/null || true
done

port=$((20000 + RANDOM % 20000))
"$bin/verdict" serve --ledger "$work/ledger.sqlite" --archive "$work/archive" --public-key "$work/key.pub" \
  --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/ledger" >/dev/null && break; sleep 0.2; done

browse() { # URL NAME: dump the DOM and take a screenshot
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
    --dump-dom "$1" 2>/dev/null >"$out/$2.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
    --screenshot="$out/$2.png" "$1" >/dev/null 2>&1
}
expect() { grep -qF -- "$2" "$out/$1.html" || { echo "serve-browser-check: $1: expected '$2'" >&2; exit 1; }; }

browse "http://127.0.0.1:$port/decisions" decisions
expect decisions '4 decisions match'
expect decisions 'href="/decisions/4"'
browse "http://127.0.0.1:$port/decisions/2" decision
expect decision 'Deciding findings'
expect decision '✓ valid'
browse "http://127.0.0.1:$port/ledger" ledger
expect ledger '✓ Chain intact · 4 decisions'

token=$(curl -sf "http://127.0.0.1:$port/api/v1/ledger" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
curl -sf -X POST --data-urlencode "csrf=$token" "http://127.0.0.1:$port/decisions/2/replay" >"$out/replay.html"
expect replay '✓ Replay: identical'
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data 'csrf=forged' "http://127.0.0.1:$port/decisions/2/replay")
[[ "$status" == 403 ]] || { echo "serve-browser-check: a forged replay answered $status, not 403" >&2; exit 1; }

kill -TERM "$server"
wait "$server" && code=0 || code=$?
server=""
[[ "$code" == 0 ]] || { echo "serve-browser-check: verdict serve exited $code after SIGTERM" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "serve-browser-check: ok; screenshots in $out"
