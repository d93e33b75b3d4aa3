#!/usr/bin/env bash
# ORACLE: govern's column/table facts vs PostgreSQL's own dependency tracking.
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 (free port, temp data dir),
# loads each pipeline schema, creates every pipeline query as a view and
# compares information_schema.view_column_usage / view_table_usage with what
# govern reports. Fails below 100% agreement (see docs/catalog.md, "Oracle").
#   run_oracle.sh GOVERN_FACTS_BINARY [CORPUS_DIR]
set -euo pipefail
tool=$(readlink -f "$1")
corpus=${2:-/work/shared/corpus}
here=$(cd "$(dirname "$0")" && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$pgbin/initdb" ] || { echo "oracle: PostgreSQL 15 not found in $pgbin (skipped)"; exit 77; }

work=$(mktemp -d /tmp/govern-oracle.XXXXXX)
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -A trust -U postgres --no-sync >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; exit 1; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -w -l "$work/pg.log" \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $work -c fsync=off" start >/dev/null \
  || { cat "$work/pg.log"; exit 1; }
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
python3 "$here/oracle.py" --tool "$tool" --corpus "$corpus" --work "$work" --psql "$pgbin/psql"
