#!/usr/bin/env bash
# The web console end to end in Debian's headless Chromium (puppeteer-core):
# `govern console` over a two-env audit trail (tests/console/make_records.py,
# with a statement whose SQL carries <img onerror> and <script>), log in,
# filters, charts, exposure, injection inert, cookie flags, CSRF, live tail,
# logout. Then two real proxies (dev, prod) before PostgreSQL 15 and, on prod's
# admin listener and in a fleet `govern console --approvals-dsn`, approvals:
# a client's statement gets VG001 with a request, an approver approves it in
# the page and the client's retry runs once; a reject; a POST without the CSRF
# token and the requester's own approval refused.
# Screenshots go to ARTIFACTS (default: build/artifacts/console).
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
(cd "$here" && CONSOLE_URL=$url CONSOLE_USER=ana CONSOLE_PASSWORD=pw-ana ARTIFACTS=$artifacts \
  APPEND_CMD="python3 $here/make_records.py $w/audit --statements 2 --envs dev --append --start 2026-03-02T00:00:00Z --extra-sql 'SELECT live_marker'" \
  node console_test.mjs)
kill "$console_pid"; console_pid=""

# Two real proxies (envs dev and prod) in front of PostgreSQL 15 write one
# audit directory; the console on prod's admin listener shows both.
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pgbin/initdb" ]; then echo "PostgreSQL 15 not found: proxy phase skipped"; exit 0; fi
source "$src/tests/lib/postgres.sh"
start_postgres
proxy_pids=()
trap 'for p in "${proxy_pids[@]}"; do kill "$p" 2>/dev/null || true; done; stop_postgres; rm -rf "$w"' EXIT
approvals_schema="$src/tests/integration/proxy/approvals_schema.sql"  # scratch, race_t: what approvals hold
for f in "$src/policies/catalog/schema.sql" "$approvals_schema"; do
  "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -f "$f"
done
approvals_dsn="host=127.0.0.1 port=$PGPORT dbname=postgres user=postgres application_name=govern-console-approvals"
"$govern" build "$src/policies" -o "$w/std.bundle" >/dev/null
echo 'pw-dev' | "$govern" identity add dev --file "$w/identities.toml" --password-stdin --groups dev --kind human >/dev/null
echo unused > "$w/upstream.pw"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for env in dev prod; do
  port=$(free_port) admin=$(free_port)
  cat > "$w/$env.toml" <<TOML
[proxy]
listen = "127.0.0.1:$port"
env = "$env"
admin_listen = "127.0.0.1:$admin"
threads = 1
[upstream]
host = "127.0.0.1"
port = $PGPORT
database = "postgres"
user = "postgres"
password_file = "upstream.pw"
[policies]
bundle = "std.bundle"
[catalog]
sources = ["$src/policies/catalog/schema.sql", "$approvals_schema", "$src/policies/catalog/tags.tsv"]
[identities]
file = "identities.toml"
[audit]
dir = "proxy-audit"
proxy_id = "$env-proxy"
sync = "write"
TOML
  # prod holds destructive statements for a dba's approval, in the PostgreSQL store the fleet console shares.
  [ "$env" = prod ] && printf '[approvals]\nttl = "10m"\ndsn = "%s"\n' "$approvals_dsn" >> "$w/$env.toml"
  "$govern" proxy --config "$w/$env.toml" 2> "$w/$env.log" &
  proxy_pids+=($!)
  for _ in $(seq 100); do grep -q '"event":"listening"' "$w/$env.log" && break; sleep 0.05; done
  for sql in "SELECT count(*) FROM orders" "DELETE FROM orders" 'SELECT 1 AS "<img src=x onerror=window.__pwned=3>"'; do
    PGPASSWORD=pw-dev "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U dev -d postgres -c "$sql" >/dev/null 2>&1 || true
  done
  [ "$env" = prod ] && prod_admin=$admin prod_port=$port
done
# The fleet view: records from the shared audit directory, approvals on the shared store.
"$govern" console --dir "$w/proxy-audit" --identities "$w/identities.toml" --listen 127.0.0.1:0 \
  --approvals-dsn "$approvals_dsn" 2> "$w/fleet.log" &
proxy_pids+=($!)
for _ in $(seq 100); do grep -q 'listening on' "$w/fleet.log" && break; sleep 0.05; done
fleet_url=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/console/.*|\1|p' "$w/fleet.log")
[ -n "$fleet_url" ] || { cat "$w/fleet.log"; exit 1; }
(cd "$here" && CONSOLE_URL=http://127.0.0.1:$prod_admin CONSOLE_USER=ana CONSOLE_PASSWORD=pw-ana ARTIFACTS=$artifacts \
  MODE=proxy PROXY_PORT=$prod_port PSQL="$pgbin/psql" PGPORT_DIRECT=$PGPORT FLEET_URL=$fleet_url node console_test.mjs)
