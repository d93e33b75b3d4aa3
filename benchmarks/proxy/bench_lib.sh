# Sourced by benchmarks/proxy/*_bench.sh with $src (the repository) and
# $govern set: a PostgreSQL 15 to measure against, free ports, proxy.toml files
# and govern proxies, stopped on exit.
#   start_bench_env           starts PostgreSQL; sets $w (its work directory), $pgbin, $PGPORT;
#                             an empty upstream.pw (the bench cluster trusts loopback)
#   bench_config NAME BUNDLE SOURCES [EXTRA]
#                             writes $w/NAME.toml listening on a free port ($gport),
#                             upstream user postgres, identities in $w/ids.toml;
#                             SOURCES is the TOML list's inside, EXTRA is appended;
#                             $bench_env (default prod), $bench_threads (default 1) and
#                             $bench_proxy_extra (more [proxy] lines) apply
#   start_govern NAME         runs govern proxy on $w/NAME.toml until it listens; sets $gpid
# PostgreSQL, free ports and starting a proxy are the integration tests' own
# (tests/integration/proxy/proxy_lib.sh).
here=$src/tests/integration/proxy
source "$here/proxy_lib.sh"
bench_pids=()
start_bench_env() {
  start_postgres
  w=$pg_work
  trap stop_bench_env EXIT
  : > "$w/upstream.pw"
}
stop_bench_env() {
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_postgres
}
bench_config() {
  gport=$(free_port)
  cat > "$w/$1.toml" <<TOML
[proxy]
listen = "127.0.0.1:$gport"
env = "${bench_env:-prod}"
threads = ${bench_threads:-1}
${bench_proxy_extra:-}
[upstream]
host = "127.0.0.1"
port = $PGPORT
database = "postgres"
user = "postgres"
password_file = "upstream.pw"
[policies]
bundle = "$2"
[catalog]
sources = [$3]
[identities]
file = "ids.toml"
${4:-}
TOML
}
start_govern() {
  start_proxy "$1" || { cat "$w/$1.log" >&2; return 1; }
  gpid=$proxy_pid
  bench_pids+=("$gpid")
}
