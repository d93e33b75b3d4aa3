#!/usr/bin/env bash
# The audit's cost (docs/audit.md): pgbench through govern proxy with the
# audit off, on with sync = "write" (survives kill -9 of the proxy) and on
# with sync = "fdatasync" (survives the machine's crash); each mode runs in
# turn, twice, and the best run counts. Select-only (-S, one statement per
# transaction: the audit's worst case relative to the work) and TPC-B-like
# (7 statements per transaction). Prints tps and the ratio to audit off.
# A benchmark, never a test: on 2 shared cores pgbench, the proxy, its writer
# thread and the server compete for the CPU; the disk is whatever /tmp is.
#
# usage: benchmarks/proxy/audit_bench.sh GOVERN [SECONDS_PER_RUN=8] [CLIENTS=8]
set -euo pipefail
govern=$(readlink -f "$1")
secs=${2:-8}
clients=${3:-8}
src=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/bench_lib.sh"
start_bench_env
pgbench -i -q -s 10 -h 127.0.0.1 -p "$PGPORT" -U postgres postgres >/dev/null 2>&1
"$govern" build "$src/policies" -o "$w/std.bundle" >/dev/null
echo pw-bench | "$govern" identity add bench --file "$w/ids.toml" --password-stdin --kind service >/dev/null
audit_dir=${AUDIT_DIR:-$w}   # AUDIT_DIR: put the segments on another disk

# start MODE -> $gport ; MODE: off | write | fdatasync
start() {
  bench_env=dev bench_config "$1" std.bundle "\"$src/policies/catalog/schema.sql\", \"$src/policies/catalog/tags.tsv\""
  if [ "$1" != off ]; then
    printf '[audit]\ndir = "%s/audit-%s-%s"\nproxy_id = "bench"\nsync = "%s"\n' "$audit_dir" "$1" "$RANDOM" "$1" >> "$w/$1.toml"
  fi
  start_govern "$1"
}
run() {  # run PORT ARGS... -> tps
  PGPASSWORD=pw-bench pgbench -h 127.0.0.1 -p "$1" -U bench -n -c "$clients" -j 2 -T "$secs" "${@:2}" postgres 2>/dev/null \
    | awk '/^tps/ {print int($3); exit}'
}
declare -A best
for workload in "-S" "-N"; do
  for round in 1 2; do
    for mode in off write fdatasync; do
      start "$mode"
      tps=$(run "$gport" $workload)
      kill "$gpid"; wait "$gpid" 2>/dev/null || true
      key="$workload $mode"
      [ "${best[$key]:-0}" -lt "$tps" ] && best[$key]=$tps
    done
  done
done
printf '| workload | clients | audit off tps | sync = "write" tps (ratio) | sync = "fdatasync" tps (ratio) |\n|---|---|---|---|---|\n'
for workload in "-S" "-N"; do
  off=${best["$workload off"]}; wr=${best["$workload write"]}; fs=${best["$workload fdatasync"]}
  name=$([ "$workload" = -S ] && echo "pgbench -S (1 statement/txn)" || echo "pgbench -N (5 statements/txn)")
  printf '| %s | %d | %d | %d (%.2fx) | %d (%.2fx) |\n' "$name" "$clients" "$off" "$wr" "$(echo "$wr/$off" | bc -l)" \
    "$fs" "$(echo "$fs/$off" | bc -l)"
done
