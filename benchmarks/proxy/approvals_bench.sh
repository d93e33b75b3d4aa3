#!/usr/bin/env bash
# What an approval lookup costs a client: the round trip of a statement the
# proxy answers itself with VG001 (a pending request: the approval worker runs
# a claim UPDATE and a pending SELECT) with the SQLite store and with the
# PostgreSQL store, next to an allowed SELECT 1 forwarded to the server, on one
# connection each (simple protocol, medians and p99 of N round trips). The
# event loop never waits for the store (the worker does), so the difference is
# the worker's store time plus two thread hand-offs.
# usage: approvals_bench.sh GOVERN [N]
set -euo pipefail
govern=$(readlink -f "$1")
n=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
here=$src/tests/integration/proxy
source "$here/proxy_lib.sh"
start_proxy_env
load_schemas "$here/approvals_schema.sql"
"$govern" build "$src/policies" -o "$w/std.bundle" >/dev/null 2>&1
echo "pw-ana" | "$govern" identity add ana --file "$w/identities.toml" --password-stdin --groups dev >/dev/null
extra_catalog="\"$here/approvals_schema.sql\""
proxy_threads=1 write_config sqlite govern_up enforce '[approvals]
store = "approvals.db"'
start_proxy sqlite
sqlite_port=$port
proxy_threads=1 write_config pg govern_up enforce "[approvals]
dsn = \"host=127.0.0.1 port=$PGPORT dbname=postgres user=postgres\""
start_proxy pg
pg_port=$port
/usr/bin/python3 - "$sqlite_port" "$pg_port" "$n" <<'PY'
import statistics, sys, time
import psycopg
sqlite_port, pg_port, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])

def measure(port, sql):
    with psycopg.connect(host="127.0.0.1", port=port, user="ana", password="pw-ana", dbname="postgres",
                         autocommit=True) as c:
        times = []
        for i in range(n + 50):
            t0 = time.perf_counter_ns()
            try:
                c.execute(sql)
            except psycopg.Error as e:
                assert e.sqlstate == "VG001", e.sqlstate
            if i >= 50:
                times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1000, times[int(len(times) * 0.99)] / 1000

for label, port, sql in [("allowed SELECT 1 (forwarded)", sqlite_port, "SELECT 1"),
                         ("VG001, SQLite store", sqlite_port, "TRUNCATE race_t"),
                         ("allowed SELECT 1 (forwarded)", pg_port, "SELECT 1"),
                         ("VG001, PostgreSQL store", pg_port, "TRUNCATE race_t")]:
    p50, p99 = measure(port, sql)
    print(f"{label:32s} p50 {p50:8.1f} us   p99 {p99:8.1f} us   ({n} round trips)")
PY
