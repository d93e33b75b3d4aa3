#!/usr/bin/env bash
# Console page load with a large trail: N statements (default 100,000; each
# with its outcome record, so 2N records) over three envs, `govern console`
# over them, then headless Chromium loads the page five times, logged in, and
# times navigation -> first page of statements, charts, facets, approvals and
# exposure shown (body[data-ready]). Prints the times and the median (ms), and
# how long the console took to index the trail.
# usage: benchmarks/console/console_load.sh build/cli/govern [N]
set -euo pipefail
govern=$(readlink -f "$1")
n=${2:-100000}
src=$(cd "$(dirname "$0")/../.." && pwd)
here="$src/tests/console"
[ -d "$here/node_modules/puppeteer-core" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
w=$(mktemp -d /tmp/govern-console-bench.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$w"' EXIT
echo 'pw-ana' | "$govern" identity add ana --file "$w/identities.toml" --password-stdin --groups analyst >/dev/null
python3 "$here/make_records.py" "$w/audit" --statements "$n"
echo "trail: $(cat "$w"/audit/*.jsonl | wc -l) records, $(du -sh "$w/audit" | cut -f1)"
t0=$(date +%s.%N)
"$govern" console --dir "$w/audit" --identities "$w/identities.toml" --listen 127.0.0.1:0 2> "$w/console.log" &
pid=$!
for _ in $(seq 200); do grep -q 'listening on' "$w/console.log" && break; sleep 0.05; done
url=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/console/.*|\1|p' "$w/console.log")
# Indexed when the facets count every statement.
curl -s -c "$w/cj" -H 'Content-Type: application/json' -d '{"user":"ana","password":"pw-ana"}' "$url/api/console/login" >/dev/null
want=$(( n / 3 * 3 ))
until [ "$(curl -s -b "$w/cj" "$url/api/console/facets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["statements"])')" -ge "$want" ]; do sleep 0.1; done
echo "indexed $want statements in $(python3 -c "import time; print(round(time.time() - $t0, 2))") s (start to last facet count), RSS $(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status)"
for api in "records?limit=50" "stats" "facets" "exposure" "records?tag=pii.*&decision=deny&limit=50"; do
  curl -s -b "$w/cj" -o /dev/null -w "GET /api/console/$api: %{time_total} s, %{size_download} bytes\n" "$url/api/console/$api"
done
cd "$here"
CONSOLE_URL=$url CONSOLE_USER=ana CONSOLE_PASSWORD=pw-ana ARTIFACTS="${ARTIFACTS:-$src/build/artifacts/console}" MODE=bench node console_test.mjs
