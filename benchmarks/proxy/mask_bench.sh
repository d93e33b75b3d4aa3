#!/usr/bin/env bash
# Masking cost: pgbench running `SELECT id, email, name, country FROM mask_bench`
# (10,000 rows, email masked with `email`, name with `redact`) direct, through
# govern proxy as an identity without masks, and through it as a masked
# identity; simple and prepared protocol, one client; tps and ratios.
# A benchmark, never a test: numbers depend on the machine (on 2 cores the
# proxy, pgbench and the server share the CPU).
#
# usage: benchmarks/proxy/mask_bench.sh GOVERN [SECONDS_PER_RUN=8]
set -euo pipefail
govern=$(readlink -f "$1")
secs=${2:-8}
src=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$src/tests/integration/proxy/masking
source "$(dirname "$0")/bench_lib.sh"
start_bench_env
"$pgbin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -f "$fixtures/schema.sql" -f "$fixtures/data.sql" >/dev/null

"$govern" build "$fixtures/masking.policy" -o "$w/mask.bundle" >/dev/null
echo pw-masker | "$govern" identity add masker --file "$w/ids.toml" --password-stdin --kind human --groups masked >/dev/null
echo pw-plain | "$govern" identity add plain --file "$w/ids.toml" --password-stdin --kind human >/dev/null
python3 -c 'import secrets; print(secrets.token_hex(32))' > "$w/hash.key"
bench_config proxy mask.bundle "\"$fixtures/schema.sql\"" '[masking]
hash_key_file = "hash.key"'
start_govern proxy
echo "SELECT id, email, name, country FROM mask_bench;" > "$w/q.sql"

# Check that the masked run really masks (and the plain one does not) before timing.
masked=$(PGPASSWORD=pw-masker "$pgbin/psql" -X -At -h 127.0.0.1 -p "$gport" -U masker -d postgres -c "SELECT email, name FROM mask_bench WHERE id = 1")
plain=$(PGPASSWORD=pw-plain "$pgbin/psql" -X -At -h 127.0.0.1 -p "$gport" -U plain -d postgres -c "SELECT email, name FROM mask_bench WHERE id = 1")
[ "$masked" = "***@example.com|***" ] && [ "$plain" = "user1@example.com|Name 1" ] \
  || { echo "masking check failed: masked=$masked plain=$plain" >&2; exit 1; }

tps() {  # MODE PORT USER PASSWORD
  PGPASSWORD=$4 pgbench -n -f "$w/q.sql" -M "$1" -c 1 -T "$secs" -h 127.0.0.1 -p "$2" -U "$3" postgres 2>/dev/null \
    | awk '/^tps = / {print $3}'
}
printf '| protocol | direct tps | proxy, unmasked tps | proxy, masked tps | unmasked / direct | masked / direct | masked / unmasked |\n'
printf '|---|---|---|---|---|---|---|\n'
for mode in simple prepared; do
  d=$(tps "$mode" "$PGPORT" postgres "")
  u=$(tps "$mode" "$gport" plain pw-plain)
  m=$(tps "$mode" "$gport" masker pw-masker)
  python3 -c "import sys; d,u,m=map(float,sys.argv[2:]); print(f'| {sys.argv[1]} | {d:.1f} | {u:.1f} | {m:.1f} | {u/d:.2f} | {m/d:.2f} | {m/u:.2f} |')" \
    "$mode" "$d" "$u" "$m"
done
