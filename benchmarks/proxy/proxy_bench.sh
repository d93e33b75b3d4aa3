#!/usr/bin/env bash
# pgbench -S through govern proxy vs direct vs pgbouncer (session mode), same
# run, simple and prepared protocol, 1/8/32 clients; p50 added latency at 1
# client from per-transaction logs; the proxy's CPU per statement from
# /proc; memory per idle connection and 1,000 concurrent connections.
# A benchmark, never a test: numbers depend on the machine (on 2 cores the
# proxy, pgbouncer, pgbench and the server share the CPU).
#
# usage: benchmarks/proxy/proxy_bench.sh GOVERN [SECONDS_PER_RUN=8] [PROXY_THREADS=1]
#   (SECONDS_PER_RUN=0: only the 1,000-connection memory measurement)
set -euo pipefail
govern=$(readlink -f "$1")
secs=${2:-8}
threads=${3:-1}
src=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/bench_lib.sh"
start_bench_env
"$pgbin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "ALTER SYSTEM SET max_connections = 1100" >/dev/null
"$pgbin/pg_ctl" -D "$w/data" restart -w -m fast -l "$w/pg.log" \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $w -c fsync=off" >/dev/null 2>&1 \
  || runuser -u postgres -- "$pgbin/pg_ctl" -D "$w/data" restart -w -m fast -l "$w/pg.log" \
     -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $w -c fsync=off" >/dev/null
pgbench -i -q -s 10 -h 127.0.0.1 -p "$PGPORT" -U postgres postgres >/dev/null 2>&1

"$govern" build "$src/policies" -o "$w/std.bundle" >/dev/null
echo pw-bench | "$govern" identity add bench --file "$w/ids.toml" --password-stdin --kind service >/dev/null
bench_threads=$threads bench_proxy_extra="max_connections = 2000" \
  bench_config proxy std.bundle "\"$src/policies/catalog/schema.sql\", \"$src/policies/catalog/tags.tsv\""
start_govern proxy

bport=$(free_port)
cat > "$w/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$PGPORT dbname=postgres user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
auth_type = trust
auth_file = $w/userlist.txt
pool_mode = session
max_client_conn = 2000
default_pool_size = 64
logfile = $w/pgbouncer.log
pidfile = $w/pgbouncer.pid
unix_socket_dir =
INI
echo '"bench" ""' > "$w/userlist.txt"
chmod 755 "$w"; chown -R postgres "$w/pgbouncer.ini" "$w/userlist.txt" 2>/dev/null || true
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- pgbouncer -d "$w/pgbouncer.ini"; else pgbouncer -d "$w/pgbouncer.ini"; fi
sleep 0.5
bench_pids+=("$(cat "$w/pgbouncer.pid")")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# run TARGET MODE CLIENTS -> "tps p50_us proxy_cpu_us_per_tx"
run() {
  local port user env=()
  case $1 in
    direct) port=$PGPORT user=postgres ;;
    govern) port=$gport user=bench env=(PGPASSWORD=pw-bench) ;;
    pgbouncer) port=$bport user=bench ;;
  esac
  local jobs=$(( $3 < 2 ? 1 : 2 ))
  local before=0
  [ "$1" = govern ] && before=$(cpu_ticks "$gpid")
  rm -f "$w"/pgbench_log.*
  local out
  out=$(cd "$w" && env "${env[@]}" pgbench -n -S -M "$2" -c "$3" -j "$jobs" -T "$secs" -h 127.0.0.1 -p "$port" \
        -U "$user" ${4:+-l} postgres 2>&1)
  local tps tx cpu="-" p50="-"
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
  tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  if [ "$1" = govern ]; then
    cpu=$(awk -v a="$before" -v b="$(cpu_ticks "$gpid")" -v hz="$hz" -v tx="$tx" 'BEGIN{printf "%.1f", (b-a)/hz*1e6/tx}')
  fi
  if [ -n "${4:-}" ]; then
    p50=$(cat "$w"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  fi
  echo "$tps $p50 $cpu"
}

if [ "$secs" != 0 ]; then
echo "| mode | clients | direct tps | govern tps | pgbouncer tps | govern/direct | govern/pgbouncer | govern CPU us/stmt |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A p50s
for mode in simple prepared; do
  for c in 1 8 32; do
    log=""; [ "$c" = 1 ] && log=1
    read -r d dp50 _ < <(run direct "$mode" "$c" $log)
    read -r g gp50 gcpu < <(run govern "$mode" "$c" $log)
    read -r b bp50 _ < <(run pgbouncer "$mode" "$c" $log)
    printf "| %s | %s | %.0f | %.0f | %.0f | %.2f | %.2f | %s |\n" "$mode" "$c" "$d" "$g" "$b" \
      "$(awk -v a="$g" -v b="$d" 'BEGIN{print a/b}')" "$(awk -v a="$g" -v b="$b" 'BEGIN{print a/b}')" "$gcpu"
    [ "$c" = 1 ] && p50s[$mode]="$dp50 $gp50 $bp50"
  done
done
echo
echo "| mode (1 client) | direct p50 us | govern p50 us | pgbouncer p50 us | govern added p50 us | pgbouncer added p50 us |"
echo "|---|---:|---:|---:|---:|---:|"
for mode in simple prepared; do
  read -r d g b <<<"${p50s[$mode]}"
  echo "| $mode | $d | $g | $b | $((g - d)) | $((b - d)) |"
done
fi

# Memory per idle connection: RSS of the proxy with N idle sessions, minus with none.
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
base=$(rss "$gpid")
python3 - "$gport" 1000 > "$w/idle.out" <<'PY' &
import socket, struct, sys, time, hashlib, hmac, base64, os
port, n = int(sys.argv[1]), int(sys.argv[2])
def msg(t, b): return t + struct.pack(">I", len(b) + 4) + b
def recv_msg(s):
    h = b""
    while len(h) < 5: h += s.recv(5 - len(h))
    n = struct.unpack(">I", h[1:])[0] - 4
    b = b""
    while len(b) < n: b += s.recv(n - len(b))
    return h[:1], b
def login(user, pw):
    s = socket.create_connection(("127.0.0.1", port))
    body = struct.pack(">I", 196608) + b"user\0" + user + b"\0database\0postgres\0\0"
    s.sendall(struct.pack(">I", len(body) + 4) + body)
    recv_msg(s)  # AuthenticationSASL
    nonce = base64.b64encode(os.urandom(18))
    first_bare = b"n=,r=" + nonce
    s.sendall(msg(b"p", b"SCRAM-SHA-256\0" + struct.pack(">I", len(first_bare) + 3) + b"n,," + first_bare))
    t, b = recv_msg(s)
    server_first = b[4:]
    attrs = dict(x.split(b"=", 1) for x in server_first.split(b","))
    salted = hashlib.pbkdf2_hmac("sha256", pw, base64.b64decode(attrs[b"s"]), int(attrs[b"i"]))
    ck = hmac.new(salted, b"Client Key", "sha256").digest()
    without = b"c=biws,r=" + attrs[b"r"]
    am = first_bare + b"," + server_first + b"," + without
    sig = hmac.new(hashlib.sha256(ck).digest(), am, "sha256").digest()
    proof = base64.b64encode(bytes(a ^ b for a, b in zip(ck, sig)))
    s.sendall(msg(b"p", without + b",p=" + proof))
    while True:
        t, b = recv_msg(s)
        if t == b"Z": return s
        if t == b"E": raise SystemExit("login failed: %r" % b)
socks = [login(b"bench", b"pw-bench") for _ in range(n)]
# All sessions are up: prove each one still answers, then hold them idle.
for s in socks:
    s.sendall(msg(b"Q", b"SELECT 1\0"))
ok = 0
for s in socks:
    while True:
        t, b = recv_msg(s)
        if t == b"Z": ok += 1; break
print(ok, flush=True)
time.sleep(30)
PY
hold=$!
for _ in $(seq 600); do [ -s "$w/idle.out" ] && break; sleep 0.1; done
held=$(cat "$w/idle.out" 2>/dev/null || echo 0)
loaded=$(rss "$gpid")
kill "$hold" 2>/dev/null || true
echo
echo "concurrent sessions held and answering: $held (each a SCRAM login, an upstream session and one query)"
echo "proxy RSS: ${base} KiB before, ${loaded} KiB with them idle: $(( (loaded - base) * 1024 / (held > 0 ? held : 1) )) bytes per idle connection"
