#!/usr/bin/env bash
# The web console end to end in Debian's headless Chromium (puppeteer-core):
# `govern console` over a two-env audit trail (tests/console/make_records.py,
# with a statement whose SQL carries <img onerror> and <script>), log in,
# filters, charts, exposure, injection inert, cookie flags, CSRF, live tail,
# logout. Screenshots go to ARTIFACTS (default: build/artifacts/console).
# usage: run_console_tests.sh GOVERN SOURCE_DIR [ARTIFACTS]     (exit 77: chromium/node missing)
set -euo pipefail
govern=$(readlink -f "$1")
src=$(readlink -f "$2")
artifacts=${3:-$(dirname "$govern")/../artifacts/console}
here="$src/tests/console"
command -v chromium >/dev/null || { echo "chromium not installed (skipped)"; exit 77; }
command -v node >/dev/null || { echo "node not installed (skipped)"; exit 77; }
# puppeteer-core from npm into tests/console/node_modules (scripts/deps.sh does it too).
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed (skipped)"; exit 77; }
fi
w=$(mktemp -d /tmp/govern-console.XXXXXX)
console_pid=""
cleanup() { [ -n "$console_pid" ] && kill "$console_pid" 2>/dev/null; rm -rf "$w"; }
trap cleanup EXIT
mkdir -p "$artifacts"
echo 'pw-ana' | "$govern" identity add ana --file "$w/identities.toml" --password-stdin --groups analyst,dba --kind human >/dev/null
python3 "$here/make_records.py" "$w/audit" --statements 600 --envs dev,prod \
  --extra-sql "SELECT '<img src=x onerror=\"window.__pwned=1\">' AS a, '<script>window.__pwned=2</script>' AS b"
"$govern" console --dir "$w/audit" --identities "$w/identities.toml" --listen 127.0.0.1:0 2> "$w/console.log" &
console_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$w/console.log" && break; sleep 0.05; done
url=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/console/.*|\1|p' "$w/console.log")
[ -n "$url" ] || { cat "$w/console.log"; exit 1; }
cd "$here"
CONSOLE_URL=$url CONSOLE_USER=ana CONSOLE_PASSWORD=pw-ana ARTIFACTS=$artifacts \
  APPEND_CMD="python3 $here/make_records.py $w/audit --statements 2 --envs dev --append --start 2026-03-02T00:00:00Z --extra-sql 'SELECT live_marker'" \
  node console_test.mjs
