#!/usr/bin/env bash
# govern bench: the JSON contract (DESIGN.md section 4) and exit codes. No timing
# assertions: only that every field is there and the values are sane.
# usage: bench.sh GOVERN_BINARY SOURCE_DIR
set -u
govern=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

cat >"$tmp/q.sql" <<'SQL'
SELECT email, full_name FROM customers WHERE id = 1;
SELECT o.amount FROM orders o JOIN customers c ON c.id = o.customer_id;
DELETE FROM orders;
SELEC broken;
DO $$ BEGIN EXECUTE 'DROP TABLE ' || name; END $$;
SQL
engine=(--policy "$src/policies" --catalog "$src/policies/catalog/schema.sql" --catalog "$src/policies/catalog/tags.tsv")

if ! "$govern" bench "${engine[@]}" --identity '{"user":"ana","groups":["analyst"],"kind":"human"}' --env prod \
    "$tmp/q.sql" --format json --iterations 3 >"$tmp/out.json" 2>"$tmp/err"; then
  echo "FAIL bench json: exit $?"; cat "$tmp/err"; fail=1
fi
python3 - "$tmp/out.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
errors = []
def want(cond, what):
    if not cond: errors.append(what)
want(r.get("statements") == 4, "statements == 4 (one statement does not parse): %r" % r.get("statements"))
want(r.get("parse_errors") == 1, "parse_errors == 1")
want(r.get("cacheable") == 3, "cacheable == 3 (the dynamic DO block is not cached)")
for path in ("vm", "full", "cached"):
    p = r.get("paths", {}).get(path)
    if p is None:
        errors.append("missing path " + path); continue
    keys = ["p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "per_second"]
    for k in keys:
        want(isinstance(p.get(k), (int, float)) and p[k] >= 0, "%s.%s is a number >= 0" % (path, k))
    if all(isinstance(p.get(k), (int, float)) for k in keys):
        want(p["p50_ns"] <= p["p90_ns"] <= p["p99_ns"] <= p["p999_ns"] <= p["max_ns"], path + " percentiles ordered")
        want(p["max_ns"] > 0 and p["per_second"] > 0, path + " measured something")
    want(p.get("iterations") == 3, path + ".iterations == 3")
want(r["paths"]["vm"].get("samples") == 12, "vm samples == 4 statements x 3")
want(r["paths"]["cached"].get("samples") == 9, "cached samples == 3 texts x 3")
want(r["paths"]["cached"].get("misses") == 0, "cached path: no misses")
for e in errors: print("FAIL bench json:", e)
sys.exit(1 if errors else 0)
PY

# Text for people; a bundle (with its embedded catalog) works as well as policies.
"$govern" build "$src/policies" -o "$tmp/p.bundle" --catalog "$src/policies/catalog/schema.sql" \
  --catalog "$src/policies/catalog/tags.tsv" >/dev/null 2>&1 || { echo "FAIL build"; fail=1; }
if ! "$govern" bench --bundle "$tmp/p.bundle" --env dev "$tmp/q.sql" --iterations 1 >"$tmp/out.txt" 2>"$tmp/err"; then
  echo "FAIL bench text: exit $?"; cat "$tmp/err"; fail=1
fi
for word in vm full cached p99.9 decisions/s; do
  grep -qF -- "$word" "$tmp/out.txt" || { echo "FAIL bench text: '$word' missing"; cat "$tmp/out.txt"; fail=1; }
done

# The file may follow --catalog / --policy directly (each takes one value per flag).
if ! "$govern" bench --policy "$src/policies/pii.policy" --policy "$src/policies/destructive.policy" \
    --catalog "$src/policies/catalog/schema.sql" --allow-no-catalog --iterations 1 "$tmp/q.sql" >"$tmp/out.txt" 2>"$tmp/err"; then
  echo "FAIL bench: file after --catalog: exit $?"; cat "$tmp/err"; fail=1
fi

# A bundle whose tag selectors can match nothing (no catalog) is refused unless allowed.
"$govern" build "$src/policies" -o "$tmp/nocat.bundle" >/dev/null 2>&1 || { echo "FAIL build without catalog"; fail=1; }
if "$govern" bench --bundle "$tmp/nocat.bundle" --env dev "$tmp/q.sql" --iterations 1 >/dev/null 2>"$tmp/err"; then
  echo "FAIL bench without catalog: accepted"; fail=1
fi
grep -qF "no catalog: the policies select columns by tag" "$tmp/err" || { echo "FAIL bench no-catalog message"; cat "$tmp/err"; fail=1; }
"$govern" bench --bundle "$tmp/nocat.bundle" --allow-no-catalog --env dev "$tmp/q.sql" --iterations 1 >/dev/null 2>"$tmp/err" \
  || { echo "FAIL bench --allow-no-catalog"; cat "$tmp/err"; fail=1; }

# Usage and input errors exit 2.
expect2() {
  "$@" >/dev/null 2>"$tmp/err"
  local rc=$?
  [ "$rc" -eq 2 ] || { echo "FAIL exit $rc (wanted 2): $*"; fail=1; }
}
printf 'SELEC 1;\n' >"$tmp/bad.sql"
expect2 "$govern" bench "${engine[@]}" "$tmp/bad.sql"
expect2 "$govern" bench "${engine[@]}" "$tmp/missing.sql"
expect2 "$govern" bench "${engine[@]}" "$tmp/q.sql" --format yaml
expect2 "$govern" bench "$tmp/q.sql"

[ "$fail" -eq 0 ] && echo "cli bench: ok"
exit "$fail"
