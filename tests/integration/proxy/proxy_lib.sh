# Sourced by the proxy integration tests (and benchmarks/proxy) with $here set
# to this directory and $govern and $src set: a PostgreSQL 15 to test against,
# result lines, free ports, proxy.toml files and proxies.
# start_proxy_env: starts PostgreSQL (exit 77 without it or psycopg), sets $w
# (its temporary directory), $py, $pgbin, fail=0, and stops the proxies
# started by start_proxy and PostgreSQL on exit. write_config sets $port and
# $admin_port; start_proxy sets $proxy_pid.
# write_config NAME UPSTREAM_USER MODE [EXTRA_TOML]: EXTRA_TOML is appended;
# $proxy_threads (default 2) and $extra_catalog (more catalog sources) apply.
source "$here/../../lib/postgres.sh"
py=/usr/bin/python3   # Debian's python3-psycopg
proxy_pids=()
start_proxy_env() {
  "$py" -c 'import psycopg' 2>/dev/null || { echo "python3-psycopg not installed (skipped)"; exit 77; }
  start_postgres
  w=$pg_work
  trap stop_proxy_env EXIT
  fail=0
}
stop_proxy_env() {
  for p in "${proxy_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_postgres
}
# load_schemas [FILE...]: the standard catalog, other_schema.sql and FILEs into
# the test database; govern_up, the proxies' upstream login ($w/upstream.pw).
load_schemas() {
  for f in "$src/policies/catalog/schema.sql" "$here/other_schema.sql" "$@"; do
    "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -f "$f"
  done
  "$pgbin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres \
    -c "CREATE ROLE govern_up LOGIN SUPERUSER PASSWORD 'upstream-secret'"
  echo upstream-secret > "$w/upstream.pw"
}
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
write_config() {
  port=$(free_port)
  admin_port=$(free_port)
  cat > "$w/$1.toml" <<TOML
[proxy]
listen = "127.0.0.1:$port"
env = "prod"
mode = "$3"
admin_listen = "127.0.0.1:$admin_port"
threads = ${proxy_threads:-2}
startup_timeout_ms = 1500
max_failed_logins = 5
drain_timeout_ms = 5000
[upstream]
host = "127.0.0.1"
port = $PGPORT
database = "postgres"
user = "$2"
password_file = "upstream.pw"
[policies]
bundle = "std.bundle"
[catalog]
sources = ["$src/policies/catalog/schema.sql", "$here/other_schema.sql", "$src/policies/catalog/tags.tsv"${extra_catalog:+, $extra_catalog}]
[identities]
file = "identities.toml"
${4:-}
TOML
}
# start_proxy NAME: starts it, waits until it listens; sets $proxy_pid.
# GOVERN_PROXY_BIN (e.g. an AddressSanitizer build of govern-proxy) replaces `govern proxy`.
proxy_cmd=("$govern" proxy)
[ -n "${GOVERN_PROXY_BIN:-}" ] && proxy_cmd=("$(readlink -f "$GOVERN_PROXY_BIN")")
start_proxy() {
  : > "$w/$1.log"  # never mistake an earlier proxy's "listening" line for this one's
  "${proxy_cmd[@]}" --config "$w/$1.toml" 2> "$w/$1.log" &
  proxy_pid=$!
  proxy_pids+=("$proxy_pid")
  for _ in $(seq 100); do
    grep -q '"event":"listening"' "$w/$1.log" 2>/dev/null && return 0
    kill -0 "$proxy_pid" 2>/dev/null || { cat "$w/$1.log"; return 1; }
    sleep 0.05
  done
  return 1
}
via_proxy() { PGPASSWORD="pw-$1" "$pgbin/psql" -X -h 127.0.0.1 -p "$port" -U "$1" -d postgres "${@:2}"; }
