#!/usr/bin/env bash
# `govern catalog pull` against a real PostgreSQL 15: the pulled catalog has
# the tables, views and comment tags, and decisions made with it match those
# made with the DDL it came from.
# usage: catalog_pull.sh GOVERN SOURCE_DIR
set -euo pipefail
govern=$(readlink -f "$1")
src=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/postgres.sh"
start_postgres
psql=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -d postgres)
"${psql[@]}" -f "$src/policies/catalog/schema.sql"
"${psql[@]}" -c "COMMENT ON COLUMN customers.email IS 'contact address govern:tags=pii.email'"
"${psql[@]}" -c "COMMENT ON COLUMN api_keys.secret IS 'govern:tags=secret'"
out=$pg_work/pulled.json
"$govern" catalog pull --dsn "postgresql://postgres@127.0.0.1:$PGPORT/postgres" -o "$out"
fail=0
check() { if grep -qF -- "$2" "$out"; then echo "ok   $1"; else echo "FAIL $1: '$2' not in the pulled catalog"; fail=1; fi; }
check table '"customers"'
check view '"customer_contacts"'
check email-tag '"pii.email"'
check secret-tag '"secret"'
decision=$("$govern" decide --policy "$src/policies" --catalog "$out" --identity '{"purpose":"training","kind":"service"}' \
  --env prod --sql "SELECT email FROM customer_contacts")
if grep -qF '"id":"pii.no_pii_in_training"' <<<"$decision"; then echo "ok   decide with the pulled catalog (view expanded)";
else echo "FAIL decide with the pulled catalog: $decision"; fail=1; fi
if "$govern" catalog pull --dsn "postgresql://postgres@127.0.0.1:1/nope" -o "$pg_work/x.json" 2>"$pg_work/err"; then
  echo "FAIL pull from a closed port succeeded"; fail=1
else
  grep -q "error" "$pg_work/err" && echo "ok   unreachable server is an error"
fi
[ "$fail" -eq 0 ] && echo "catalog pull: all passed"
exit "$fail"
