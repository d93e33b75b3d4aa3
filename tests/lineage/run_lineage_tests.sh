#!/usr/bin/env bash
# govern lineage: golden output of each format on the fixture repository
# (tests/lineage/repo: an ETL step, a training step, a multi-step chain, a
# cycle, a derivation inside the catalog, a column name that needs escaping),
# `dot -Tsvg` accepts the DOT, the Mermaid is the flowchart subset GitHub
# renders, the JSON matches its schema, --tag filtering, PATHS, exit codes.
# usage: run_lineage_tests.sh GOVERN SOURCE_DIR [--update]
set -u
govern=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
update=${3:-}
here=$src/tests/lineage
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect_exit() {  # NAME WANT CMD...
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, wanted $want"; sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20; fi
}
contains() {  # NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ok; else bad "$1: '$3' not in output"; sed 's/^/  | /' "$2" | head -20; fi
}
lacks() {
  if grep -qF -- "$3" "$2"; then bad "$1: '$3' should not be in output"; else ok; fi
}
check() {  # NAME CMD... (exit 0 wanted)
  local name=$1
  shift
  if "$@" >"$tmp/check" 2>&1; then ok; else bad "$name"; sed 's/^/  | /' "$tmp/check" | head -20; fi
}
refuses() {  # NAME CMD... (a checker must reject this)
  local name=$1
  shift
  if "$@" >/dev/null 2>&1; then bad "$name: the checker accepted a broken file"; else ok; fi
}
config=tests/lineage/repo/govern.toml

cd "$src"
# --- golden output of each format (and of --tag) ---
golden() {  # NAME ARGS...
  local name=$1
  shift
  "$govern" lineage --config "$config" "$@" >"$tmp/$name" 2>"$tmp/err"
  local status=$?
  if [ "$status" -ne 0 ]; then bad "golden $name: exit $status"; cat "$tmp/err"; return; fi
  if [ "$update" = "--update" ]; then
    cp "$tmp/$name" "$here/golden/$name"
    ok
  elif diff -u "$here/golden/$name" "$tmp/$name" >"$tmp/diff"; then
    ok
  else
    bad "golden $name"
    head -40 "$tmp/diff"
  fi
}
golden repo.dot --format dot
golden repo.mmd --format mermaid
golden repo.json --format json
golden pii-email.dot --format dot --tag pii.email
golden pii-email.json --format json --tag 'pii.e*'

# --- the same repository, run from elsewhere, gives the same bytes ---
(cd "$tmp" && "$govern" lineage --config "$src/$config" --format json >"$tmp/elsewhere.json" 2>/dev/null)
if cmp -s "$tmp/elsewhere.json" "$tmp/repo.json"; then ok; else bad "output depends on the working directory"; fi

# --- what the graph says ---
j=$tmp/repo.json
contains etl-step "$j" '"where": "pipelines/etl/build_features.sql:2"'
contains training-step "$tmp/repo.dot" '"public.features.e" -> "public.training_set.email_feature" [label="pipelines/training/train.sql:2\npii.email"]'
contains chain-1 "$tmp/repo.dot" '"public.customers.email" -> "public.staging_contacts.contact"'
contains chain-2 "$tmp/repo.dot" '"public.staging_contacts.contact" -> "public.contact_features.domain"'
contains chain-3 "$tmp/repo.dot" '"public.contact_features.domain" -> "public.training_set.domain"'
lacks no-shortcut-past-the-view "$tmp/repo.dot" '"public.staging_contacts.contact" -> "public.training_set.domain"'
contains cycle-1 "$tmp/repo.dot" '"public.ping.v" -> "public.pong.w" [label="pipelines/loop/pong.sql:2\npii.name"]'
contains cycle-2 "$tmp/repo.dot" '"public.pong.w" -> "public.ping.v" [label="pipelines/loop/ping.sql:3\npii.name"]'
contains catalog-view "$tmp/repo.dot" '"public.customers.full_name" -> "public.customer_directory.full_name" [label="catalog/schema.sql:20\npii.name"]'
contains catalog-two-sources-1 "$tmp/repo.dot" '"public.customers.email" -> "public.customer_contacts.contact" [label="catalog/schema.sql:23\npii.email"]'
contains catalog-two-sources-2 "$tmp/repo.dot" '"public.customers.alt_email" -> "public.customer_contacts.contact" [label="catalog/schema.sql:23\npii.email"]'
contains declared "$tmp/repo.dot" '"public.customers.email" [label="email\ndeclared: pii.email", style="rounded,filled,bold"'
contains derived "$tmp/repo.dot" '"public.features.e" [label="e\nderived: pii.email", style="rounded,filled,dashed"'
contains migration-tag "$tmp/repo.dot" 'declared: pii.free_text'
contains escaped-dot "$tmp/repo.dot" '"public.Weird \"Notes\".note|<b>#1 & `x`"'
contains escaped-mermaid "$tmp/repo.mmd" 'note#124;#lt;b#gt;#35;1 #amp; #96;x#96;'
contains matview "$tmp/repo.dot" 'label="public.country_emails (materialized_view)";'
contains aggregate-carries "$tmp/repo.dot" '"public.customers.email" -> "public.country_emails.emails" [label="pipelines/etl/build_features.sql:11\npii.email"]'
lacks untagged "$j" 'public.features.id'
lacks matview-untagged "$j" 'public.country_emails.country'
lacks untagged-country "$j" 'public.features.country'
lacks count-carries-nothing "$j" 'n_customers'
python3 - "$j" <<'PY' && ok || bad "derived tag provenance"
import json, sys
d = json.load(open(sys.argv[1]))
n = {x["id"]: x for x in d["nodes"]}
assert n["public.training_set.email_feature"]["derived_tags"] == [
    {"tag": "pii.email", "from": "public.features.e", "where": "pipelines/training/train.sql:2"}]
assert n["public.customers.email"]["declared_tags"] == ["pii.email"] and not n["public.customers.email"]["derived_tags"]
label = n["public.staging_contacts.label"]
assert sorted(t["tag"] for t in label["derived_tags"]) == ["pii.email", "pii.name"]
PY

# --- lint and lineage see the same catalog: every link of the chains lint's
# findings name ("X (<- Y at F:L <- Z at G:M)") is an edge of the graph ---
"$govern" lint --config "$config" --format json >"$tmp/lint.json" 2>/dev/null
python3 - "$tmp/lint.json" "$j" <<'PY' && ok || bad "lint's derivation chains are lineage edges"
import json, re, sys
lint = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
edges = {(e["from"], e["to"], e["where"]) for e in graph["edges"]}
links = 0
for f in lint["findings"]:
    if f["rule"] != "pii.no_pii_in_training":
        continue
    for column, chain in re.findall(r"([\w.]+) \(<- ([^)]*)\)", f["message"]):
        to = column
        for step in chain.split(" <- "):
            source, where = step.split(" at ")
            assert (source, to, where) in edges, (source, to, where)
            links += 1
            to = source
assert links >= 5, links
PY

# --- --tag: only what flows from a matching tag ---
t=$tmp/pii-email.dot
contains tag-keeps "$t" '"public.features.e" -> "public.training_set.email_feature"'
lacks tag-drops-other-tag "$t" 'finance.amount'
lacks tag-drops-name "$t" 'pii.name'
lacks tag-drops-cycle "$t" 'public.ping'
contains tag-mixed-edge "$t" '"public.staging_contacts.label" -> "public.contact_features.label" [label="pipelines/etl/stage_contacts.sql:5\npii.email"]'
contains tag-filter-recorded "$tmp/pii-email.json" '"tag_filter": "pii.e*"'
expect_exit tag-no-match 0 "$govern" lineage --config "$config" --format json --tag 'nothing.*'
contains tag-no-match-empty "$tmp/out" '"edges": []'

# --- DOT renders with Graphviz ---
for f in repo.dot pii-email.dot; do
  if dot -Tsvg "$tmp/$f" >"$tmp/$f.svg" 2>"$tmp/dot.err" && [ ! -s "$tmp/dot.err" ] && grep -q '<svg' "$tmp/$f.svg"; then ok; else
    bad "dot -Tsvg $f"; cat "$tmp/dot.err"; fi
done
contains svg-has-edge-label "$tmp/repo.dot.svg" 'pipelines/training/train.sql:2'
"$govern" lineage --config "$config" --format dot --tag 'nothing.*' 2>/dev/null | dot -Tsvg >/dev/null 2>"$tmp/dot.err"
if [ $? -eq 0 ] && [ ! -s "$tmp/dot.err" ]; then ok; else bad "dot -Tsvg on an empty graph"; cat "$tmp/dot.err"; fi
# A --tag with a line break stays inside the DOT comment.
"$govern" lineage --config "$config" --format dot --tag "$(printf 'x\n}\ndigraph {')" 2>/dev/null | dot -Tsvg >/dev/null 2>"$tmp/dot.err"
if [ $? -eq 0 ] && [ ! -s "$tmp/dot.err" ]; then ok; else bad "dot -Tsvg with a line break in --tag"; cat "$tmp/dot.err"; fi
"$govern" lineage --config "$config" --format mermaid --tag "$(printf 'x\ny')" >"$tmp/nl.mmd" 2>/dev/null
check mermaid-newline-tag python3 "$here/check_outputs.py" mermaid "$tmp/nl.mmd"
printf 'digraph { "a -> b }\n' >"$tmp/broken.dot"
refuses dot-broken dot -Tsvg "$tmp/broken.dot"

# --- Mermaid: the flowchart subset, labels escaped, ids sanitised ---
check mermaid python3 "$here/check_outputs.py" mermaid "$tmp/repo.mmd"
"$govern" lineage --config "$config" --format mermaid --tag 'pii.*' >"$tmp/pii.mmd" 2>/dev/null
check mermaid-tag python3 "$here/check_outputs.py" mermaid "$tmp/pii.mmd"
sed 's/#quot;Notes#quot;/"Notes"/' "$tmp/repo.mmd" >"$tmp/broken.mmd"
refuses mermaid-raw-quote python3 "$here/check_outputs.py" mermaid "$tmp/broken.mmd"
sed 's/#lt;b#gt;/<b>/' "$tmp/repo.mmd" >"$tmp/broken2.mmd"
refuses mermaid-raw-html python3 "$here/check_outputs.py" mermaid "$tmp/broken2.mmd"

# --- JSON: the documented schema, consistent ---
check json-schema python3 "$here/check_outputs.py" json "$here/lineage.schema.json" "$tmp/repo.json"
check json-schema-tag python3 "$here/check_outputs.py" json "$here/lineage.schema.json" "$tmp/pii-email.json"
sed 's/"to": "public.features.e"/"to": "public.nowhere.e"/' "$tmp/repo.json" >"$tmp/broken.json"
refuses json-unknown-node python3 "$here/check_outputs.py" json "$here/lineage.schema.json" "$tmp/broken.json"

# --- PATHS: only the files given join the flow ---
expect_exit paths 0 "$govern" lineage --config "$config" --format dot tests/lineage/repo/pipelines/etl
contains paths-etl "$tmp/out" 'public.features.e'
lacks paths-no-training "$tmp/out" 'training_set'
lacks paths-no-cycle "$tmp/out" 'public.pong'
# The config found upward from the working directory; default paths: its directory.
(cd tests/lineage/repo/pipelines && "$govern" lineage --format json >"$tmp/up.json" 2>/dev/null)
if cmp -s "$tmp/up.json" "$tmp/repo.json"; then ok; else bad "config found upward"; fi

# --- [lint] flow = false does not hide the flow from lineage ---
mkdir -p "$tmp/r"
cp -r tests/lineage/repo/. "$tmp/r/"
sed -i "s|\"../../../policies\"|\"$src/policies\"|; s|^exclude = .*|exclude = [\"catalog/**\"]\nflow = false|" "$tmp/r/govern.toml"
expect_exit flow-off 0 "$govern" lineage --config "$tmp/r/govern.toml" --format json
if cmp -s "$tmp/out" "$tmp/repo.json"; then ok; else bad "flow = false changed the lineage"; diff "$tmp/repo.json" "$tmp/out" | head; fi

# --- docs/lineage.md's examples are what govern writes for the issue's example ---
mkdir -p "$tmp/doc/pipelines/etl" "$tmp/doc/pipelines/training"
printf 'CREATE TABLE customers (id int, email text);\n' >"$tmp/doc/schema.sql"
printf 'public.customers.email pii.email\n' >"$tmp/doc/tags.tsv"
printf '[policies]\nsources = ["%s/policies"]\n[catalog]\nsources = ["schema.sql", "tags.tsv"]\n' "$src" >"$tmp/doc/govern.toml"
echo 'CREATE TABLE features AS SELECT id, lower(email) AS e FROM customers;' >"$tmp/doc/pipelines/etl/build_features.sql"
echo 'SELECT e FROM features;' >"$tmp/doc/pipelines/training/train.sql"
"$govern" lineage --config "$tmp/doc/govern.toml" --format mermaid >"$tmp/doc.mmd" 2>/dev/null
awk '/^```mermaid$/{on=1; next} /^```$/{on=0} on' docs/lineage.md >"$tmp/doc-example.mmd"
if cmp -s "$tmp/doc.mmd" "$tmp/doc-example.mmd"; then ok; else bad "docs/lineage.md Mermaid example"; diff "$tmp/doc-example.mmd" "$tmp/doc.mmd"; fi
"$govern" lineage --config "$tmp/doc/govern.toml" --format json 2>/dev/null >"$tmp/doc.json"
awk '/^```json$/{on=1; next} /^```$/{on=0} on' docs/lineage.md >"$tmp/doc-example.json"
if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$tmp/doc.json" "$tmp/doc-example.json"; then
  ok; else bad "docs/lineage.md JSON example"; fi

# --- hostile names: invalid UTF-8 and a line break inside identifiers ---
mkdir -p "$tmp/h"
printf 'CREATE TABLE "caf\xc3\xa9" (id int, "e\nmail" text);\nCOMMENT ON COLUMN "caf\xc3\xa9"."e\nmail" IS %s;\nCREATE TABLE "x""y" AS SELECT "e\nmail" AS "a\\b" FROM "caf\xc3\xa9";\n' \
  "'govern:tags=pii.email'" >"$tmp/h/etl.sql"
printf '[policies]\nsources = ["%s/policies"]\n' "$src" >"$tmp/h/govern.toml"
for f in dot mermaid json; do
  "$govern" lineage --config "$tmp/h/govern.toml" --format $f >"$tmp/h.$f" 2>"$tmp/err"
  [ $? -eq 0 ] && ok || { bad "hostile names: $f exit"; cat "$tmp/err"; }
done
contains hostile-edge "$tmp/h.json" '"where": "etl.sql:5"'
contains hostile-dot-escapes "$tmp/h.dot" '"public.café.e\nmail" -> "public.x\"y.a\\b"'
if dot -Tsvg "$tmp/h.dot" >/dev/null 2>"$tmp/dot.err" && [ ! -s "$tmp/dot.err" ]; then ok; else bad "hostile names: dot -Tsvg"; cat "$tmp/dot.err"; fi
check hostile-mermaid python3 "$here/check_outputs.py" mermaid "$tmp/h.mermaid"
check hostile-json python3 "$here/check_outputs.py" json "$here/lineage.schema.json" "$tmp/h.json"

# --- errors ---
expect_exit no-format 2 "$govern" lineage --config "$config"
expect_exit bad-format 2 "$govern" lineage --config "$config" --format svg
expect_exit missing-path 2 "$govern" lineage --config "$config" --format dot tests/lineage/repo/nope.sql
contains missing-path-msg "$tmp/err" "nope.sql: no such file or directory"
printf '[policies\n' >"$tmp/broken.toml"
expect_exit broken-config 2 "$govern" lineage --config "$tmp/broken.toml" --format dot
mkdir -p "$tmp/none"
(cd "$tmp/none" && "$govern" lineage --format dot >"$tmp/out" 2>"$tmp/err")
if [ $? -eq 2 ] && grep -q "no govern.toml" "$tmp/err"; then ok; else bad "no config"; fi
expect_exit help 0 "$govern" lineage --help
contains help-formats "$tmp/out" "dot (Graphviz), mermaid (GitHub flowchart) or json"
expect_exit top-help 0 "$govern" --help
contains top-help-lists "$tmp/out" "lineage"

echo "lineage tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
