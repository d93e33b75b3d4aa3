# Sourced by integration tests: starts a throwaway PostgreSQL 15 on 127.0.0.1
# (free port, temporary data directory, trust auth) and stops it on exit.
# After `start_postgres`, PGHOST, PGPORT and PGUSER are exported, $pg_work is
# the temporary directory and $pgbin holds the server binaries. Exits 77
# (ctest: skipped) when PostgreSQL 15 is not installed.
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}

start_postgres() {
  [ -x "$pgbin/initdb" ] || { echo "PostgreSQL 15 not found in $pgbin (skipped)"; exit 77; }
  pg_work=$(mktemp -d /tmp/govern-pg.XXXXXX)
  chmod 755 "$pg_work"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pg_work"
    as_pg=(runuser -u postgres --)
  fi
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  trap stop_postgres EXIT
  "${as_pg[@]}" "$pgbin/initdb" -D "$pg_work/data" -A trust -U postgres --no-sync >"$pg_work/initdb.log" 2>&1 \
    || { cat "$pg_work/initdb.log"; exit 1; }
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pg_work/data" -w -l "$pg_work/pg.log" \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $pg_work -c fsync=off" start >/dev/null \
    || { cat "$pg_work/pg.log"; exit 1; }
  export PGHOST=127.0.0.1 PGPORT PGUSER=postgres
}

stop_postgres() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pg_work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_work"
}
