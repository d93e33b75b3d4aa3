#!/usr/bin/env bash
# Approvals through govern proxy against a real PostgreSQL 15 (psycopg 3 and
# `govern approvals`): a SQLite store in reject mode (request ID in the
# error, single use, replay, changed text or parameter, another identity,
# another session context, a multi-statement query, self-approval and
# non-members refused, the webhook's payload), a short ttl (expiry), hold mode
# (pass, reject, 57014 timeout; other connections on the same event loop keep
# working; a CancelRequest ends a hold with 57014 and the connection goes on),
# SIGHUP applying a changed [approvals] (ttl, mode, hold_timeout, webhook; a
# new store refused), and two proxies sharing a PostgreSQL store racing for
# one approval. The main, short-ttl and hold proxies write one audit
# directory: their `approval` records are checked request by request, in
# order (approval_records.py), and `govern audit verify` accepts the chains.
# usage: run_approval_tests.sh GOVERN SOURCE_DIR      (exit 77: PostgreSQL 15 or psycopg missing)
set -euo pipefail
govern=$(readlink -f "$1")
src=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/proxy_lib.sh"
start_proxy_env

load_schemas "$here/approvals_schema.sql"
psql_direct=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
"${psql_direct[@]}" -c "INSERT INTO customers (id, email) VALUES (1, 'a@example.com'); INSERT INTO orders (id, customer_id, status) VALUES (1, 1, 'new'), (2, 1, 'new')" >/dev/null

"$govern" build "$src/policies" "$here/approvals.policy" -o "$w/std.bundle" >/dev/null
# ana asks (and is a dba herself: she still cannot approve her own requests);
# dora approves DDL, fin approves refunds, eve approves nothing.
for spec in "ana --kind human --groups dev,dba" "bob --kind human --groups dev" "dora --kind human --groups dba" \
            "fin --kind human --groups finance" "eve --kind human --groups analyst"; do
  set -- $spec
  echo "pw-$1" | "$govern" identity add "$@" --file "$w/identities.toml" --password-stdin >/dev/null
done
extra_catalog="\"$here/approvals_schema.sql\""
hook_port=$(free_port)

write_config main govern_up enforce "[approvals]
ttl = \"10m\"
store = \"approvals.db\"
webhook = \"http://127.0.0.1:$hook_port/hooks/govern?token=s3cret\"
[audit]
dir = \"audit\"
proxy_id = \"main\"
sync = \"write\""
start_proxy main || { bad "proxy with [approvals] did not start"; exit 1; }
main_port=$port main_admin=$admin_port main_pid=$proxy_pid

write_config short govern_up enforce '[audit]
dir = "audit"
proxy_id = "short"
sync = "write"
[approvals]
ttl = "8s"
store = "short.db"'
start_proxy short || { bad "short-ttl proxy did not start"; exit 1; }
short_port=$port short_admin=$admin_port short_pid=$proxy_pid

proxy_threads=1 write_config hold govern_up enforce '[approvals]
ttl = "10m"
store = "hold.db"
mode = "hold"
hold_timeout = "6s"
poll_interval = "50ms"
[audit]
dir = "audit"
proxy_id = "hold"
sync = "write"'
start_proxy hold || { bad "hold-mode proxy did not start"; exit 1; }
hold_port=$port hold_admin=$admin_port hold_pid=$proxy_pid

dsn="host=127.0.0.1 port=$PGPORT dbname=postgres user=postgres application_name=govern-approvals"
for name in p1 p2; do
  write_config $name govern_up enforce "[approvals]
ttl = \"10m\"
dsn = \"$dsn\""
  start_proxy $name || { bad "proxy $name with a PostgreSQL store did not start"; exit 1; }
  eval "${name}_port=$port ${name}_admin=$admin_port"
done

if GOVERN="$govern" PGPORT="$PGPORT" HOOK_PORT="$hook_port" \
   MAIN="$main_port:$main_admin" SHORT="$short_port:$short_admin" HOLD="$hold_port:$hold_admin" \
   P1="$p1_port:$p1_admin" P2="$p2_port:$p2_admin" IDS="$w/approval_ids.json" \
   SHORT_PID="$short_pid" SHORT_TOML="$w/short.toml" SHORT_LOG="$w/short.log" "$py" "$here/approvals_test.py"; then
  ok "approvals"
else
  bad "approvals"
  for name in main short hold p1 p2; do echo "--- $name.log"; tail -20 "$w/$name.log"; done
fi
# The audit trail: stop the two proxies that write it (their segments are closed), then check it.
for p in "$main_pid" "$hold_pid" "$short_pid"; do kill -TERM "$p"; wait "$p" 2>/dev/null || true; done
if "$py" "$here/approval_records.py" "$w/audit" "$w/approval_ids.json"; then ok "approval audit records"
else bad "approval audit records"; fi
if "$govern" audit verify "$w/audit" > "$w/verify.out" && grep -q "main: intact" "$w/verify.out" \
   && grep -q "hold: intact" "$w/verify.out" && grep -q "short: intact" "$w/verify.out"; then ok "govern audit verify: the chains with approval records are intact"
else bad "govern audit verify: $(cat "$w/verify.out")"; fi
grep -q 's3cret' "$w/main.log" && bad "the webhook's token reached the log" || ok "the webhook URL's query (token) is not logged"
n=$("${psql_direct[@]}" -At -c "SELECT count(*) FROM govern_approvals")
[ "$n" -gt 0 ] && ok "the shared store is a PostgreSQL table ($n requests)" || bad "no requests in the PostgreSQL store"
exit $fail
