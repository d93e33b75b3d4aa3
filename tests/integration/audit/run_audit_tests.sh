#!/usr/bin/env bash
# The audit trail against a real PostgreSQL 15 (docs/audit.md): records of a
# scripted scenario, verify and exposure (files and the PostgreSQL store, two
# proxies into one store), tampering found by `govern audit verify`, kill -9
# during pgbench loses no record of an answered transaction, audit-write
# failures in both on_failure modes (a full disk, an unreachable store).
# usage: run_audit_tests.sh GOVERN SOURCE_DIR      (exit 77: PostgreSQL 15 missing)
set -euo pipefail
govern=$(readlink -f "$1")
src=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../lib/postgres.sh"
py=/usr/bin/python3
"$py" -c 'import psycopg' 2>/dev/null || { echo "python3-psycopg not installed (skipped)"; exit 77; }
start_postgres
w=$pg_work
proxy_pids=()
cleanup() {
  for p in "${proxy_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  stop_postgres
}
trap cleanup EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

psql_direct=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
"${psql_direct[@]}" -f "$src/policies/catalog/schema.sql"
"${psql_direct[@]}" <<'SQL'
INSERT INTO customers (id, email, full_name, phone, country)
  VALUES (1, 'alice@example.com', 'Alice', '1', 'FR'), (2, 'bob@example.com', 'Bob', '2', 'DE'),
         (3, 'carol@example.com', 'Carol', '3', 'US');
CREATE TABLE probe (x int);
CREATE DATABASE auditstore;
SQL
"$pgbin/pgbench" -i -q -s 1 -h 127.0.0.1 -p "$PGPORT" -U postgres postgres >/dev/null 2>&1
store_dsn="host=127.0.0.1 port=$PGPORT user=postgres dbname=auditstore"

"$govern" build "$here/audit_test.policy" --catalog "$src/policies/catalog/schema.sql" --catalog "$src/policies/catalog/tags.tsv" -o "$w/t.bundle" >/dev/null
for spec in "dev --kind human --groups dev" "trainer --kind service --purpose training" \
            "analyst --kind human --groups analyst"; do
  set -- $spec
  echo "pw-$1" | "$govern" identity add "$@" --file "$w/identities.toml" --password-stdin >/dev/null
done
echo unused > "$w/upstream.pw"
openssl genpkey -algorithm ed25519 -out "$w/audit.key" 2>/dev/null
openssl pkey -in "$w/audit.key" -pubout -out "$w/audit.pub"

# write_config NAME ENV [AUDIT KEY=VALUE LINES...] -> $w/NAME.toml listening on $port
write_config() {
  local name=$1 env=$2
  shift 2
  port=$(free_port)
  cat > "$w/$name.toml" <<TOML
[proxy]
listen = "127.0.0.1:$port"
env = "$env"
threads = 2
drain_timeout_ms = 3000
[upstream]
host = "127.0.0.1"
port = $PGPORT
database = "postgres"
user = "postgres"
password_file = "upstream.pw"
[policies]
bundle = "t.bundle"
[catalog]
sources = ["$src/policies/catalog/schema.sql", "$src/policies/catalog/tags.tsv"]
[identities]
file = "identities.toml"
[audit]
TOML
  for line in "$@"; do echo "$line" >> "$w/$name.toml"; done
}
start_proxy() {
  rm -f "$w/$1.log"   # a restarted proxy of the same name: its old log says "listening" already
  "$govern" proxy --config "$w/$1.toml" 2> "$w/$1.log" &
  proxy_pid=$!
  proxy_pids+=("$proxy_pid")
  for _ in $(seq 100); do
    grep -q '"event":"listening"' "$w/$1.log" 2>/dev/null && return 0
    kill -0 "$proxy_pid" 2>/dev/null || { cat "$w/$1.log"; return 1; }
    sleep 0.05
  done
  return 1
}
stop_proxy() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }
via() { PGPASSWORD="pw-$1" "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U "$1" -d postgres "${@:2}"; }

# ---------------------------------------------------------------- scenario
write_config p1 prod 'dir = "audit1"' 'proxy_id = "p1"' 'signing_key = "audit.key"' "dsn = \"$store_dsn\""
start_proxy p1 || { bad "proxy p1 did not start"; exit 1; }
p1=$proxy_pid
via trainer -c "SELECT email FROM customer_contacts" >/dev/null
via trainer -c "SELECT c.email FROM customer_contacts c ORDER BY 1" >/dev/null
via trainer -c "SELECT id FROM customers WHERE email = 'alice@example.com'" >/dev/null
out=$(via analyst -c "SELECT email FROM customers" 2>&1 || true)
grep -q "@example.com" <<<"$out" && ! grep -q "alice@" <<<"$out" && ok "analyst: e-mails masked on the wire" || bad "analyst: $out"
mode=$(stat -c %a "$w/audit1")
[ "$mode" = 700 ] && ok "the audit directory the proxy created is 0700" || bad "audit directory mode $mode"
out=$(via dev -c "DELETE FROM probe" 2>&1 || true)
grep -q "no_unbounded_delete" <<<"$out" && ok "dev: unbounded delete refused" || bad "dev delete: $out"
via dev -c "SELECT * FROM nonexistent_table" >/dev/null 2>&1 || true
PGPASSWORD=wrong "$pgbin/psql" -X -h 127.0.0.1 -p "$port" -U trainer -d postgres -c "SELECT 1" >/dev/null 2>&1 || true
# Extended protocol (psycopg prepares and executes) and the upstream application_name.
app=$("$py" - "$port" <<'PY'
import sys, psycopg
with psycopg.connect(host="127.0.0.1", port=sys.argv[1], user="dev", password="pw-dev", dbname="postgres",
                     application_name="etl-job") as c:
    for i in range(3):
        c.execute("SELECT x FROM probe WHERE x = %s", (i,), prepare=True).fetchall()
    print(c.execute("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()").fetchone()[0])
PY
)
[[ $app =~ ^govern:[0-9a-f]{8}\.[0-9]+:etl-job$ ]] && ok "upstream application_name carries the session id: $app" \
  || bad "upstream application_name: $app"
stop_proxy "$p1"
"$py" "$here/check_records.py" "$w/audit1" "alice@example.com" || fail=1
grep -q "\"session\":\"${app#govern:}\"" "$w"/audit1/*.jsonl 2>/dev/null || \
  grep -q "\"session\":\"$(cut -d: -f2 <<<"$app")\"" "$w"/audit1/*.jsonl && ok "pgaudit-style join: the session id names records" \
  || bad "no record of session $app"

"$govern" audit verify "$w/audit1" --verify-key "$w/audit.pub" > "$w/v.out" && grep -q "p1: intact" "$w/v.out" \
  && ok "audit verify: intact, checkpoints signed" || bad "audit verify: $(cat "$w/v.out")"
csv=$("$govern" exposure "$w/audit1" --tag 'pii.*' --format csv)
grep -q '^trainer,prod,public.customers.email,pii.email,false,2,6,' <<<"$csv" \
  && ok "exposure: trainer received public.customers.email clear, 2 statements, 6 rows" || bad "exposure: $csv"
grep -q '^analyst,prod,public.customers.email,pii.email,true,1,3,' <<<"$csv" \
  && ok "exposure: analyst received public.customers.email masked, 1 statement, 3 rows" || bad "exposure (analyst): $csv"
[ "$("$govern" exposure "$w/audit1" --identity dev --format csv | wc -l)" = 1 ] && ok "exposure --identity filters" || bad "exposure --identity"
"$govern" exposure "$w/audit1" --since 1h --format json | "$py" -c 'import json,sys; d=json.load(sys.stdin); assert any(r["identity"]=="trainer" for r in d["exposure"])' \
  && ok "exposure --since --format json" || bad "exposure json"

# Tampering through the CLI (the unit tests cover every kind).
cp -r "$w/audit1" "$w/tampered"
seg=$(ls "$w"/tampered/p1-*.jsonl | head -1)
sed -i '3s/"env":"prod"/"env":"prox"/' "$seg"
if "$govern" audit verify "$w/tampered" > "$w/t.out"; then bad "verify accepted an edited record"
elif grep -q "$(basename "$seg"):3: record seq 3: hash does not match its content (edited)" "$w/t.out"; then ok "verify names the edited record"
else bad "verify message: $(cat "$w/t.out")"; fi

# ---------------------------------------------------------------- two proxies, one store
write_config p2 staging 'dir = "audit2"' 'proxy_id = "p2"' 'signing_key = "audit.key"' "dsn = \"$store_dsn\""
start_proxy p2 || { bad "proxy p2 did not start"; exit 1; }
p2=$proxy_pid
via dev -c "SELECT count(*) FROM orders" >/dev/null
stop_proxy "$p2"
write_config p1 prod 'dir = "audit1"' 'proxy_id = "p1"' 'signing_key = "audit.key"' "dsn = \"$store_dsn\""
start_proxy p1 || { bad "proxy p1 did not restart"; exit 1; }
p1=$proxy_pid
via dev -c "SELECT 1" >/dev/null
stop_proxy "$p1"
"$govern" audit verify --dsn "$store_dsn" --verify-key "$w/audit.pub" > "$w/vd.out" \
  && grep -q "p1: intact" "$w/vd.out" && grep -q "p2: intact" "$w/vd.out" \
  && ok "verify --dsn: two proxies' chains in one store, intact" || bad "verify --dsn: $(cat "$w/vd.out")"
n_files=$(cat "$w"/audit1/*.jsonl | wc -l)
n_store=$("${psql_direct[@]}" -d auditstore -tAc "SELECT count(*) FROM govern_audit_records WHERE proxy_id = 'p1'")
[ "$n_files" = "$n_store" ] && ok "the store holds every record of the files ($n_store)" || bad "store $n_store vs files $n_files"
csv=$("$govern" exposure --dsn "$store_dsn" --identity trainer --format csv)
grep -q '^trainer,prod,public.customers.email,pii.email,false,2,6,' <<<"$csv" && ok "exposure --dsn" || bad "exposure --dsn: $csv"
"${psql_direct[@]}" -d auditstore -c "UPDATE govern_audit_records SET line = replace(line, '\"rows\":3', '\"rows\":1') WHERE proxy_id = 'p2' AND type = 'outcome'" >/dev/null
"${psql_direct[@]}" -d auditstore -c "UPDATE govern_audit_records SET line = replace(line, '\"rows\":3', '\"rows\":1') WHERE proxy_id = 'p1' AND type = 'outcome'" >/dev/null
if "$govern" audit verify --dsn "$store_dsn" > "$w/vd2.out"; then bad "verify --dsn accepted an edited row"
elif grep -q "dsn:p1/segment 1:.*hash does not match its content (edited)" "$w/vd2.out"; then ok "verify --dsn names the edited row"
else bad "verify --dsn message: $(cat "$w/vd2.out")"; fi

# ---------------------------------------------------------------- kill -9 during pgbench
write_config kill prod 'dir = "audit3"' 'proxy_id = "p3"'
start_proxy kill || { bad "proxy for pgbench did not start"; exit 1; }
pk=$proxy_pid
"${psql_direct[@]}" -c "TRUNCATE pgbench_history"
( cd "$w" && PGPASSWORD=pw-dev "$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U dev -c 4 -j 2 -T 20 -n -l \
    --log-prefix=pgb postgres > "$w/pgbench.out" 2>&1 ) &
bench=$!
sleep 3
kill -9 "$pk"
wait "$bench" || true
answered=$(cat "$w"/pgb.* 2>/dev/null | wc -l)
history=$("${psql_direct[@]}" -tAc "SELECT count(*) FROM pgbench_history")
read -r commits inserts < <("$py" - "$w/audit3" <<'PY'
import glob, json, sys
c = i = 0
for p in glob.glob(sys.argv[1] + "/*.jsonl"):
    for l in open(p):
        r = json.loads(l)
        if r["type"] == "statement" and r["identity"]["user"] == "dev":
            c += r["sql"].upper().startswith("END")
            i += r["sql"].startswith("INSERT INTO pgbench_history")
print(c, i)
PY
)
echo "     pgbench answered $answered transactions; $history committed inserts; records: $commits END, $inserts INSERT"
[ "$answered" -gt 0 ] && [ "$commits" -ge "$answered" ] && ok "every transaction pgbench saw answered has its statement records" \
  || bad "answered $answered > END records $commits"
[ "$inserts" -ge "$history" ] && ok "every committed pgbench_history row has its INSERT record" || bad "inserts $inserts < rows $history"
"$govern" audit verify "$w/audit3" > "$w/vk.out" && grep -q "open segment" "$w/vk.out" \
  && ok "after kill -9: chain intact, last segment open" || bad "verify after kill: $(cat "$w/vk.out")"
start_proxy kill || { bad "proxy did not restart after kill -9"; exit 1; }
via dev -c "SELECT 1" >/dev/null
stop_proxy "$proxy_pid"
"$govern" audit verify "$w/audit3" > "$w/vk2.out" && ! grep -q "open segment" "$w/vk2.out" \
  && grep -q '"closed_by":"recovery"' "$w"/audit3/p3-00000001.checkpoint \
  && ok "restart closes the killed segment (recovery checkpoint), chain continues" || bad "after restart: $(cat "$w/vk2.out")"

# ---------------------------------------------------------------- audit-write failures
# A full disk: once the proxy runs, every segment from the 2nd on is /dev/full
# (segments rotate every 4 KiB here).
full_disk() {
  for i in $(seq 2 60); do ln -sf /dev/full "$w/$1/$2-$(printf %08d "$i").jsonl"; done
}
write_config deny prod 'dir = "audit4"' 'proxy_id = "p4"' 'segment_max_bytes = 4096' 'on_failure = "deny"'
start_proxy deny || { bad "proxy (deny) did not start"; exit 1; }
pd=$proxy_pid
full_disk audit4 p4
refused=0 ran_anyway=0
for i in $(seq 1 30); do
  if out=$(via dev -c "INSERT INTO probe VALUES ($i)" 2>&1); then :; else
    if grep -q "govern.audit_unavailable" <<<"$out"; then
      refused=$((refused + 1))
      [ "$("${psql_direct[@]}" -tAc "SELECT count(*) FROM probe WHERE x = $i")" = 0 ] || ran_anyway=$((ran_anyway + 1))
    fi
  fi
done
[ "$refused" -gt 0 ] && [ "$ran_anyway" = 0 ] && ok "on_failure deny: $refused statements refused (govern.audit_unavailable), none ran" \
  || bad "deny: refused $refused, ran anyway $ran_anyway"
stop_proxy "$pd"
write_config allow prod 'dir = "audit5"' 'proxy_id = "p5"' 'segment_max_bytes = 4096' 'on_failure = "allow"'
start_proxy allow || { bad "proxy (allow) did not start"; exit 1; }
pa=$proxy_pid
full_disk audit5 p5
errs=0
for i in $(seq 101 130); do via dev -c "INSERT INTO probe VALUES ($i)" >/dev/null 2>&1 || errs=$((errs + 1)); done
[ "$errs" = 0 ] && grep -q '"event":"audit_failed"' "$w/allow.log" && ok "on_failure allow: statements run, failures logged" \
  || bad "allow: $errs errors"
stop_proxy "$pa"
write_config store_down prod 'dir = "audit6"' 'proxy_id = "p6"' "dsn = \"host=127.0.0.1 port=$(free_port) user=x dbname=x connect_timeout=1\"" 'on_failure = "deny"'
start_proxy store_down || { bad "proxy (store down) did not start"; exit 1; }
ps=$proxy_pid
sleep 2
out=$(via dev -c "SELECT 1" 2>&1 || true)
grep -q "govern.audit_unavailable" <<<"$out" && ok "store unreachable, on_failure deny: refused" || bad "store down deny: $out"
stop_proxy "$ps"
sed -i 's/on_failure = "deny"/on_failure = "allow"/; s/^proxy_id = "p6"/proxy_id = "p7"/; s/audit6/audit7/' "$w/store_down.toml"
start_proxy store_down || { bad "proxy (store down, allow) did not start"; exit 1; }
ps=$proxy_pid
sleep 2
via dev -c "SELECT 1" >/dev/null 2>&1 && ok "store unreachable, on_failure allow: runs" || bad "store down allow"
stop_proxy "$ps"
"$govern" audit verify "$w/audit7" >/dev/null && ok "the files stay whole while the store is down" || bad "audit7 verify"

exit $fail
