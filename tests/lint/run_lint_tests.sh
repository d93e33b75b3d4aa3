#!/usr/bin/env bash
# govern lint: golden output of every format on the example project, SARIF
# schema validation, exit codes, suppressions, baselines, --since, --stdin,
# govern-lint, and the whole shared corpus.
# usage: run_lint_tests.sh GOVERN SOURCE_DIR CORPUS_DIR [--update]
set -u
govern=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
corpus=$3
update=${4:-}
here=$src/tests/lint
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

cd "$src"
# --- golden output of each format (timing normalised) on the example and on
# tests/lint/fixtures/findings (where findings point, block-comment
# suppressions, rule descriptions, approval groups and masks as fields) ---
for fixture in example:examples/pipeline findings:tests/lint/fixtures/findings; do
  name=${fixture%%:*}
  dir=${fixture#*:}
  for format in text json sarif github gitlab junit; do
    NO_COLOR=1 "$govern" lint --config "$dir/govern.toml" "$dir" --format "$format" -j 1 \
      >"$tmp/$name.$format" 2>"$tmp/err"
    status=$?
    if [ "$format" = sarif ]; then
      if /usr/bin/python3 "$here/validate_sarif.py" "$here/sarif-2.1.0.json" "$tmp/$name.sarif" >"$tmp/v" 2>&1; then ok; else
        bad "sarif schema ($name)"; cat "$tmp/v"; fi
    fi
    if [ "$format" = gitlab ]; then
      if /usr/bin/python3 "$here/validate_gitlab.py" "$here/gitlab-codequality.schema.json" "$tmp/$name.gitlab" \
        >"$tmp/v" 2>&1; then ok; else bad "gitlab schema ($name)"; cat "$tmp/v"; fi
    fi
    if [ "$format" = junit ]; then
      failing=$("$govern" lint --config "$dir/govern.toml" "$dir" --format json -j 1 2>/dev/null |
        /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["failing"])')
      if /usr/bin/python3 "$here/validate_junit.py" "$tmp/$name.junit" --failures "$failing" >"$tmp/v" 2>&1; then ok; else
        bad "junit structure ($name)"; cat "$tmp/v"; fi
    fi
    sed -E -i 's/[0-9]+\.[0-9]+ s/T s/' "$tmp/$name.$format"
    # helpUri: the docs URL is a build setting (GOVERN_DOCS_URL)
    sed -E -i 's#"helpUri": "[^"]*/([a-z-]+\.md[^"]*)"#"helpUri": "DOCS/\1"#' "$tmp/$name.$format"
    echo "exit: $status" >>"$tmp/$name.$format"
    if [ "$update" = "--update" ]; then
      cp "$tmp/$name.$format" "$here/golden/$name.$format"
      ok
    elif diff -u "$here/golden/$name.$format" "$tmp/$name.$format" >"$tmp/diff"; then
      ok
    else
      bad "golden $name.$format"
      head -40 "$tmp/diff"
    fi
  done
done

# --- SARIF validates against the SARIF 2.1.0 schema ---
"$govern" lint --config examples/pipeline/govern.toml examples/pipeline --format sarif >"$tmp/out.sarif"
if /usr/bin/python3 "$here/validate_sarif.py" "$here/sarif-2.1.0.json" "$tmp/out.sarif" >"$tmp/v" 2>&1; then ok; else
  bad "sarif schema"; cat "$tmp/v"; fi
# A deliberately broken SARIF must fail validation (the validator is real).
sed 's/"version": "2.1.0"/"version": "9.9"/' "$tmp/out.sarif" >"$tmp/broken.sarif"
if /usr/bin/python3 "$here/validate_sarif.py" "$here/sarif-2.1.0.json" "$tmp/broken.sarif" >/dev/null 2>&1; then
  bad "the SARIF validator accepted a broken file"; else ok; fi

# The GitLab and JUnit validators are real: broken reports fail them.
sed 's/"severity": "major"/"severity": "fatal"/' "$here/golden/example.gitlab" | sed '$d' >"$tmp/broken.gitlab"
if /usr/bin/python3 "$here/validate_gitlab.py" "$here/gitlab-codequality.schema.json" "$tmp/broken.gitlab" >/dev/null 2>&1; then
  bad "the GitLab validator accepted an unknown severity"; else ok; fi
/usr/bin/python3 - "$here/golden/example.gitlab" "$tmp/dup.gitlab" <<'PY'
import json, sys
doc = json.loads(open(sys.argv[1]).read().rsplit("exit:", 1)[0])
doc.append(dict(doc[0]))
json.dump(doc, open(sys.argv[2], "w"))
PY
if /usr/bin/python3 "$here/validate_gitlab.py" "$here/gitlab-codequality.schema.json" "$tmp/dup.gitlab" >/dev/null 2>&1; then
  bad "the GitLab validator accepted a repeated fingerprint"; else ok; fi
sed '$d' "$here/golden/example.junit" | sed '0,/failures="1"/s//failures="7"/' >"$tmp/broken.junit"
if /usr/bin/python3 "$here/validate_junit.py" "$tmp/broken.junit" >/dev/null 2>&1; then
  bad "the JUnit validator accepted wrong counts"; else ok; fi
# Hostile text stays well-formed XML: markup in paths and names, control
# characters, U+FFFF, invalid UTF-8 (the parser rejects any of them).
mkdir -p "$tmp/x"
printf 'DELETE FROM "o<r>&\x01\x7f\xef\xbf\xbf";\n\xc9 SELECT 1;\n' >"$tmp/x/a&<b>.sql"
"$govern" lint --config examples/pipeline/govern.toml "$tmp/x/a&<b>.sql" --format junit >"$tmp/hostile.junit" 2>/dev/null
if /usr/bin/python3 "$here/validate_junit.py" "$tmp/hostile.junit" --failures 3 >"$tmp/v" 2>&1; then ok; else
  bad "junit of hostile input"; cat "$tmp/v" "$tmp/hostile.junit"; fi
contains junit-escaped "$tmp/hostile.junit" 'public.o&lt;r&gt;&amp;'
"$govern" lint --config examples/pipeline/govern.toml "$tmp/x/a&<b>.sql" --format gitlab >"$tmp/hostile.gitlab" 2>/dev/null
if /usr/bin/python3 "$here/validate_gitlab.py" "$here/gitlab-codequality.schema.json" "$tmp/hostile.gitlab" >"$tmp/v" 2>&1
then bad "gitlab: an absolute path outside the repository passed the schema (relative paths only)"; else ok; fi

# --- a small project for exit codes and suppressions ---
mkdir -p "$tmp/p/sql"
cat >"$tmp/p/govern.toml" <<TOML
[policies]
sources = ["$src/policies"]
[catalog]
sources = ["$src/policies/catalog/schema.sql", "$src/policies/catalog/tags.tsv"]
[[profile]]
name = "dev"
paths = ["**"]
env = "dev"
identity = { user = "etl", kind = "service" }
TOML
printf 'SELECT id, amount FROM orders WHERE id = 1;\n' >"$tmp/p/sql/clean.sql"
expect_exit clean 0 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/sql/clean.sql"
contains clean-summary "$tmp/out" "0 errors, 0 warnings in 0 of 1 files"
printf 'DELETE FROM orders;\n' >"$tmp/p/sql/bad.sql"
expect_exit violation 1 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/sql"
contains violation-text "$tmp/out" "bad.sql:1:1: error [destructive.unbounded_write] delete without WHERE on public.orders"
contains violation-excerpt "$tmp/out" " 1 | DELETE FROM orders;"
printf 'SELECT * FROM customers WHERE id = 1;\n' >"$tmp/p/sql/warn.sql"
expect_exit warning-passes 0 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/sql/warn.sql"
expect_exit warning-fails-at-warning 1 "$govern" lint --config "$tmp/p/govern.toml" --fail-level warning "$tmp/p/sql/warn.sql"
printf 'SELEC 1;\nSELECT 1;\n' >"$tmp/p/sql/syntax.sql"
expect_exit syntax 1 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/sql/syntax.sql"
contains syntax-rule "$tmp/out" 'syntax.sql:1:1: error [syntax] syntax error at or near "SELEC"'
expect_exit missing-path 2 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/nope.sql"
expect_exit bad-format 2 "$govern" lint --config "$tmp/p/govern.toml" --format xml "$tmp/p/sql"
printf '[policies]\nsources = 3\n' >"$tmp/bad.toml"
expect_exit bad-config 2 "$govern" lint --config "$tmp/bad.toml" "$tmp/p/sql"
contains bad-config-position "$tmp/err" "bad.toml:2:"
printf '[policies]\nsources = ["x", ""]\n' >"$tmp/empty.toml"
expect_exit empty-path 2 "$govern" lint --config "$tmp/empty.toml" "$tmp/p/sql"
contains empty-path "$tmp/err" "empty.toml:2:17: policies.sources must not contain an empty string"
printf '[policies]\nbundle = 3\n' >"$tmp/nonstring.toml"
expect_exit non-string-bundle 2 "$govern" lint --config "$tmp/nonstring.toml" "$tmp/p/sql"
contains non-string-bundle "$tmp/err" "nonstring.toml:2:10: policies.bundle must be a non-empty string"
expect_exit missing-config 2 "$govern" lint --config "$tmp/none.toml" "$tmp/p/sql"
contains missing-config "$tmp/err" "none.toml: cannot be read (No such file or directory)"
printf '[policies\n' >"$tmp/broken.toml"
expect_exit broken-toml 2 "$govern" lint --config "$tmp/broken.toml" "$tmp/p/sql"
printf '[policies]\nsources = ["x"]\n[lnt]\n' >"$tmp/unknown.toml"
expect_exit unknown-section 2 "$govern" lint --config "$tmp/unknown.toml" "$tmp/p/sql"
contains unknown-section "$tmp/err" "unknown key \`lnt\`"
printf 'policy p { rule r { when env == 1 deny "x" } }\n' >"$tmp/bad.policy"
printf '[policies]\nsources = ["%s"]\n' "$tmp/bad.policy" >"$tmp/badpolicy.toml"
expect_exit bad-policy 2 "$govern" lint --config "$tmp/badpolicy.toml" "$tmp/p/sql"
contains bad-policy "$tmp/err" "cannot compare string with number"
(cd "$tmp/p" && "$govern" lint sql/clean.sql >"$tmp/out" 2>&1)
if [ $? -eq 0 ]; then ok; else bad "config found upward from the working directory"; fi

# --- configuration mistakes are reported, not ignored ---
printf 'public.customers.emial  pii.email\n' >"$tmp/typo.tsv"
sed "s|sources = \[\"$src/policies/catalog/schema.sql\", \"$src/policies/catalog/tags.tsv\"\]|sources = [\"$src/policies/catalog/schema.sql\", \"$tmp/typo.tsv\"]|" \
  "$tmp/p/govern.toml" >"$tmp/typo.toml"
expect_exit catalog-typo-refused 2 "$govern" lint --config "$tmp/typo.toml" "$tmp/p/sql/clean.sql"
contains catalog-typo-refused "$tmp/err" 'no tagged column: the policies select columns by tag (tag "pii.*" in pii.no_pii_in_training'
expect_exit catalog-typo 0 "$govern" lint --allow-no-catalog --config "$tmp/typo.toml" "$tmp/p/sql/clean.sql"
contains catalog-typo-line "$tmp/err" "typo.tsv:1:1: warning:"
contains catalog-typo-selector "$tmp/err" 'selector tag "pii.email" (pii.mask_for_analysts) matches no column of the catalog'
printf '[policies]\nsources = ["%s"]\n[lint]\ndisable = ["destructive.unbouned_write"]\n' "$src/policies" >"$tmp/disable.toml"
expect_exit no-catalog 2 "$govern" lint --config "$tmp/disable.toml" "$tmp/p/sql/clean.sql"
contains no-catalog "$tmp/err" "no catalog: the policies select columns by tag"
contains no-catalog-how "$tmp/err" "--allow-no-catalog"
expect_exit disable-unknown 2 "$govern" lint --allow-no-catalog --config "$tmp/disable.toml" "$tmp/p/sql/clean.sql"
contains disable-unknown "$tmp/err" "unknown rule \`destructive.unbouned_write\`"
printf '[policies]\nsources = ["%s"]\nbundle = "x.bundle"\n' "$src/policies" >"$tmp/both.toml"
expect_exit sources-and-bundle 2 "$govern" lint --config "$tmp/both.toml" "$tmp/p/sql/clean.sql"
expect_exit jobs-zero 2 "$govern" lint --config "$tmp/p/govern.toml" -j 0 "$tmp/p/sql/clean.sql"
expect_exit stdin-with-paths 2 "$govern" lint --config "$tmp/p/govern.toml" --stdin "$tmp/p/sql/clean.sql"

# --- hostile input: invalid UTF-8 and NUL bytes never break the output ---
printf '\xc9 SELECT 1;\nDELETE FROM orders;\n' >"$tmp/p/sql/latin1.sql"
expect_exit invalid-utf8-json 1 "$govern" lint --config "$tmp/p/govern.toml" --format json "$tmp/p/sql/latin1.sql"
if /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"; then ok; else bad "invalid-utf8-json: not JSON"; fi
expect_exit invalid-utf8-sarif 1 "$govern" lint --config "$tmp/p/govern.toml" --format sarif "$tmp/p/sql/latin1.sql"
printf 'SELECT 1 \x00 ;\nDELETE FROM orders;\n' >"$tmp/p/sql/nul.sql"
expect_exit nul-byte 1 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/sql/nul.sql"
contains nul-summary "$tmp/out" "errors"
rm -f "$tmp/p/sql/latin1.sql" "$tmp/p/sql/nul.sql"

# --- suppressions ---
cat >"$tmp/p/sql/suppress.sql" <<'SQL'
-- govern:ignore destructive.unbounded_write the staging copy is rebuilt nightly
DELETE FROM orders;
UPDATE orders SET status = 'x'; -- govern:ignore destructive.unbounded_write reset of a scratch table
-- govern:ignore destructive.unbounded_write
DELETE FROM orders;
-- govern:ignore destructive.unbounded_writ typo in the rule id
SELECT 1;
-- govern:ignore pii.no_pii_in_training nothing to suppress here
SELECT 2;
SQL
expect_exit suppressions 1 "$govern" lint --config "$tmp/p/govern.toml" "$tmp/p/sql/suppress.sql" --format json
contains suppressed-count "$tmp/out" '"suppressed": 2'
contains reason-required "$tmp/out" 'needs a reason'
contains unknown-rule "$tmp/out" 'names an unknown rule `destructive.unbounded_writ`'
contains unused "$tmp/out" '"rule": "unused-suppression"'
contains unsuppressed-still-reported "$tmp/out" '"line": 5'

# --- baselines: match by rule, file and fingerprint, not by line ---
mkdir -p "$tmp/b"
cp "$tmp/p/govern.toml" "$tmp/b/govern.toml"
printf 'DELETE FROM orders;\nUPDATE orders SET status = %s;\n' "'old'" >"$tmp/b/legacy.sql"
(cd "$tmp/b" && "$govern" lint --write-baseline baseline.json legacy.sql >/dev/null 2>&1)
expect_exit baseline-clean 0 "$govern" lint --config "$tmp/b/govern.toml" --baseline "$tmp/b/baseline.json" "$tmp/b/legacy.sql"
contains baseline-count "$tmp/out" "2 in the baseline"
printf -- '-- a comment moves everything down\n\nDELETE   FROM orders;\nUPDATE orders SET status = %s;\n' "'new'" >"$tmp/b/legacy.sql"
expect_exit baseline-survives-edits 0 "$govern" lint --config "$tmp/b/govern.toml" --baseline "$tmp/b/baseline.json" "$tmp/b/legacy.sql"
printf 'DELETE FROM orders;\nUPDATE orders SET status = %s;\nDELETE FROM customers;\n' "'x'" >"$tmp/b/legacy.sql"
expect_exit baseline-new-finding 1 "$govern" lint --config "$tmp/b/govern.toml" --baseline "$tmp/b/baseline.json" "$tmp/b/legacy.sql"
contains baseline-new-finding "$tmp/out" "public.customers"
printf 'not json' >"$tmp/b/bad.json"
expect_exit baseline-bad 2 "$govern" lint --config "$tmp/b/govern.toml" --baseline "$tmp/b/bad.json" "$tmp/b/legacy.sql"

# --- --since: only files changed since a git ref ---
mkdir -p "$tmp/g"
cp "$tmp/p/govern.toml" "$tmp/g/"
printf 'DELETE FROM orders;\n' >"$tmp/g/old.sql"
(cd "$tmp/g" && git init -q && git add . && git -c user.email=t@t -c user.name=t commit -qm init)
printf 'DELETE FROM customers;\n' >"$tmp/g/new.sql"
expect_exit since 1 "$govern" lint --config "$tmp/g/govern.toml" --since HEAD "$tmp/g"
contains since-new "$tmp/out" "new.sql"
lacks since-old "$tmp/out" "old.sql"
expect_exit since-bad-ref 2 "$govern" lint --config "$tmp/g/govern.toml" --since no-such-ref "$tmp/g"

# --- --stdin with a filename that selects the profile; govern-lint ---
printf 'SELECT email FROM customers;\n' |
  "$govern" lint --config examples/pipeline/govern.toml --stdin --stdin-filename pipelines/training/x.sql >"$tmp/out" 2>&1
if [ $? -eq 1 ] && grep -q "pii.no_pii_in_training" "$tmp/out"; then ok; else bad "stdin with a training path"; cat "$tmp/out"; fi
lint_bin=$(dirname "$govern")/govern-lint
expect_exit govern-lint 0 "$lint_bin" --config "$tmp/p/govern.toml" "$tmp/p/sql/clean.sql"

# --- where findings point (fixture goldens above show the text; here the fields) ---
fx=tests/lint/fixtures/findings
expect_exit findings-json 1 "$govern" lint --config "$fx/govern.toml" "$fx" --format json
if /usr/bin/python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {(f["file"].rsplit("/", 1)[1], f["rule"], f["line"]): f for f in d["findings"]}
f = by[("features.sql", "pii.no_pii_in_training", 6)]
assert f["column"] == 11 and f["statement_span"] == {"start_line": 2, "start_column": 1, "end_line": 13, "end_column": 15}, f
f = by[("features.sql", "pii.no_pii_in_training", 16)]
assert f["column"] == 18 and f["statement_span"]["start_column"] == 11, f
f = by[("cleanup.sql", "exfiltration.server_side_io", 5)]
assert f["column"] == 8 and f["statement_span"]["start_line"] == 4, f
f = by[("cleanup.sql", "destructive.prod_ddl_needs_approval", 23)]
assert f["approval_group"] == "dba" and f["column"] == 1, f
f = by[("cleanup.sql", "exports.phone_numbers", 25)]
assert {"output": "phone", "source": "public.customers.phone", "method": "redact", "rule": "pii.mask_for_analysts"} in f["masks"], f
assert "approval_group" not in f, f
assert by[("cleanup.sql", "exports.sleeping", 29)]["approval_group"] == "sre"
assert d["summary"]["suppressed"] == 3, d["summary"]
assert by[("cleanup.sql", "exports.phone_numbers", 32)]["column"] == 18
PY
then ok; else bad "findings-json fields"; fi
expect_exit findings-sarif 1 "$govern" lint --config "$fx/govern.toml" "$fx" --format sarif
if /usr/bin/python3 - "$tmp/out" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
assert rules["exports.phone_numbers"]["shortDescription"]["text"] == "Phone numbers never leave through exports"
assert rules["exports.sleeping"]["shortDescription"]["text"] == 'pg_sleep holds a connection (needs approval from "sre")'
assert rules["pii.no_pii_in_training"]["shortDescription"]["text"] == 'training pipelines may not read personal data: {reads(tag "pii.*")}'
descriptions = [r["shortDescription"]["text"] for r in rules.values()]
assert len(set(descriptions)) == len(descriptions), descriptions  # each rule its own
assert all(r["helpUri"].endswith(("lint.md#policy-rules", "lint.md#rule-" + r["id"])) for r in rules.values())
res = [r for r in run["results"] if r["ruleId"] == "pii.no_pii_in_training"][0]
loc = res["locations"][0]["physicalLocation"]
assert loc["region"] == {"startLine": 6, "startColumn": 11}, loc
assert loc["contextRegion"]["startLine"] == 2 and loc["contextRegion"]["endLine"] == 13, loc
# SARIF columns are UTF-16 code units ('héllo' before it: 17, where text and JSON say byte 18)
res = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 32][0]
assert res["locations"][0]["physicalLocation"]["region"]["startColumn"] == 17, res
PY
then ok; else bad "findings-sarif rules and regions"; fi
# rule descriptions survive a compiled bundle
"$govern" build "$src/policies" "$src/$fx/policies" -o "$tmp/fx.bundle" >/dev/null 2>&1
sed -e 's|^sources = \["../../../../policies", "policies/"\]|bundle = "'"$tmp"'/fx.bundle"|' \
  -e 's|"\.\./\.\./\.\./\.\./|"'"$src"'/|g' "$fx/govern.toml" >"$tmp/fx-bundle.toml"
expect_exit findings-bundle 1 "$govern" lint --config "$tmp/fx-bundle.toml" "$fx" --format sarif
contains findings-bundle-description "$tmp/out" '"text": "Phone numbers never leave through exports"'
"$govern" inspect "$tmp/fx.bundle" >"$tmp/out" 2>&1
contains inspect-rule-description "$tmp/out" "  description: Phone numbers never leave through exports"

# --- paths: relative to the repository root (else the config's folder), the same in every format ---
mkdir -p "$tmp/r/repo/db/queries"
cp "$tmp/p/govern.toml" "$tmp/r/repo/db/govern.toml"
printf 'DELETE FROM orders;\n' >"$tmp/r/repo/db/queries/x.sql"
(cd "$tmp/r/repo" && git init -q)
for format in text json sarif github; do
  (cd "$tmp/r/repo/db/queries" && NO_COLOR=1 "$govern" lint x.sql --format "$format" >"$tmp/paths.$format" 2>&1)
done
contains paths-text "$tmp/paths.text" "db/queries/x.sql:1:1: error"
contains paths-json "$tmp/paths.json" '"file": "db/queries/x.sql"'
contains paths-sarif "$tmp/paths.sarif" '"uri": "db/queries/x.sql"'
contains paths-github "$tmp/paths.github" "file=db/queries/x.sql,"
lacks paths-no-dotdot "$tmp/paths.github" "../"
rm -rf "$tmp/r/repo/.git"  # no git: relative to the config's folder
(cd "$tmp/r/repo/db/queries" && "$govern" lint x.sql --format github >"$tmp/paths.nogit" 2>&1)
contains paths-config-folder "$tmp/paths.nogit" "file=queries/x.sql,"
# the profile note: only when the whole tree is linted; the config named without /./
printf '[[profile]]\nname = "nightly"\npaths = ["jobs/**"]\n' >>"$tmp/r/repo/db/govern.toml"
(cd "$tmp/r/repo/db/queries" && "$govern" lint x.sql >"$tmp/out" 2>"$tmp/err")
lacks profile-note-subset "$tmp/err" "matches none of the linted files"
(cd "$tmp/r/repo/db/queries" && "$govern" lint >"$tmp/out" 2>"$tmp/err")
contains profile-note-whole-tree "$tmp/err" "$tmp/r/repo/db/govern.toml: warning: profile \`nightly\` matches none of the linted files"
lacks config-path-normal "$tmp/err" "/./"
# one "error:" per line: compiler diagnostics are not prefixed a second time
expect_exit error-prefix 2 "$govern" lint --config "$tmp/badpolicy.toml" "$tmp/p/sql"
contains error-prefix-head "$tmp/err" "govern lint: error: policies do not compile:"
if grep -q "error:.*error:" "$tmp/err"; then bad "error-prefix: doubled on one line"; sed 's/^/  | /' "$tmp/err"; else ok; fi

# --- baselines: an entry that matches nothing any more is named ---
mkdir -p "$tmp/s"
cp "$tmp/p/govern.toml" "$tmp/s/govern.toml"
printf 'DELETE FROM orders;\nUPDATE orders SET status = %s;\n' "'old'" >"$tmp/s/legacy.sql"
printf 'DELETE FROM customers;\n' >"$tmp/s/other.sql"
(cd "$tmp/s" && "$govern" lint --write-baseline baseline.json >/dev/null 2>&1)
printf 'DELETE FROM orders WHERE id = 1;\nUPDATE orders SET status = %s;\n' "'old'" >"$tmp/s/legacy.sql"
expect_exit baseline-stale 0 "$govern" lint --config "$tmp/s/govern.toml" --baseline "$tmp/s/baseline.json"
contains baseline-stale-headline "$tmp/out" "1 entry of the baseline $tmp/s/baseline.json matches nothing any more"
contains baseline-stale-entry "$tmp/out" "  legacy.sql: destructive.unbounded_write (delete without WHERE on public.orders)"
expect_exit baseline-stale-json 0 "$govern" lint --config "$tmp/s/govern.toml" --baseline "$tmp/s/baseline.json" --format json
if /usr/bin/python3 -c '
import json, sys
u = json.load(open(sys.argv[1]))["summary"]["baseline_unmatched"]
assert [(e["file"], e["rule"]) for e in u] == [("legacy.sql", "destructive.unbounded_write")], u' "$tmp/out"; then ok; else
  bad "baseline-stale-json"; fi
expect_exit baseline-stale-sarif 0 "$govern" lint --config "$tmp/s/govern.toml" --baseline "$tmp/s/baseline.json" --format sarif
if /usr/bin/python3 "$here/validate_sarif.py" "$here/sarif-2.1.0.json" "$tmp/out" >"$tmp/v" 2>&1; then ok; else
  bad "baseline-stale-sarif schema"; cat "$tmp/v"; fi
contains baseline-stale-sarif-note "$tmp/out" "baseline entry matches nothing: legacy.sql: destructive.unbounded_write"
expect_exit baseline-stale-github 0 "$govern" lint --config "$tmp/s/govern.toml" --baseline "$tmp/s/baseline.json" --format github
contains baseline-stale-github "$tmp/out" "::notice title=baseline::baseline entry matches nothing any more: legacy.sql"
# linting another file says nothing about legacy.sql's entries; a deleted file's entries are named
expect_exit baseline-subset 0 "$govern" lint --config "$tmp/s/govern.toml" --baseline "$tmp/s/baseline.json" "$tmp/s/other.sql"
lacks baseline-subset-quiet "$tmp/out" "legacy.sql: destructive.unbounded_write"
rm "$tmp/s/other.sql"
expect_exit baseline-gone 0 "$govern" lint --config "$tmp/s/govern.toml" --baseline "$tmp/s/baseline.json" "$tmp/s/legacy.sql"
contains baseline-gone "$tmp/out" "other.sql: destructive.unbounded_write (delete without WHERE on public.customers)"
contains baseline-gone-count "$tmp/out" "2 entries of the baseline"

# --- the whole shared corpus: no crash, every parse failure is a `syntax` finding ---
if [ -d "$corpus" ]; then
  cat >"$tmp/corpus.toml" <<TOML
[policies]
sources = ["$src/policies"]
[catalog]
allow_no_catalog = true   # the corpus has no catalog: this run is about parsing
[[profile]]
name = "ci"
paths = ["**"]
env = "prod"
identity = { user = "ci", kind = "service", purpose = "training" }
TOML
  "$govern" lint --config "$tmp/corpus.toml" "$corpus" --format json >"$tmp/corpus.json" 2>"$tmp/err"
  status=$?
  if [ "$status" -le 1 ]; then ok; else bad "corpus lint exit $status"; head "$tmp/err"; fi
  if /usr/bin/python3 - "$tmp/corpus.json" "$corpus/expected_parse_failures.tsv" <<'PY'
import collections, csv, json, sys
d = json.load(open(sys.argv[1]))
got = collections.Counter(f["file"].split("corpus/", 1)[1] for f in d["findings"] if f["rule"] == "syntax")
exp = collections.Counter()
with open(sys.argv[2]) as fh:
    rows = csv.reader(fh, delimiter="\t")
    next(rows)
    for row in rows:
        exp[row[0]] += 1
wrong = [f for f in set(got) | set(exp) if (got[f] > 0) != (exp[f] > 0) or got[f] > exp[f]]
total_got, total_exp = sum(got.values()), sum(exp.values())
print(f"corpus: {d['summary']['files']} files, {d['summary']['statements']} statements, "
      f"{total_got} syntax findings for {total_exp} expected parse failures")
# Every file with failures reports them, no file without reports any; a run of
# adjacent broken statements may be one finding (psql.sql: 5 findings for 6).
if wrong or total_exp - total_got > total_exp // 100:
    print("mismatch:", {f: (exp[f], got[f]) for f in wrong}, file=sys.stderr)
    sys.exit(1)
PY
  then ok; else bad "corpus syntax findings"; fi
fi

# --- repository flow: tags follow the data from an ETL step into training ---
mkdir -p "$tmp/flow/catalog" "$tmp/flow/etl" "$tmp/flow/training"
cat >"$tmp/flow/catalog/schema.sql" <<'SQL'
CREATE TABLE customers (id int, email text, country text);
COMMENT ON COLUMN customers.email IS 'govern:tags=pii.email';
SQL
echo "CREATE TABLE features AS SELECT id, lower(email) AS e FROM customers;" >"$tmp/flow/etl/build_features.sql"
echo "SELECT e FROM features;" >"$tmp/flow/training/train.sql"
# A two-step chain and a cycle: step2 reads step1's table; loop feeds back.
echo "CREATE TABLE stage2 AS SELECT e AS mail FROM features;" >"$tmp/flow/etl/z_step2.sql"
echo "INSERT INTO features (id, e) SELECT 1, mail FROM stage2;" >"$tmp/flow/etl/a_loop.sql"
echo "SELECT mail FROM stage2;" >"$tmp/flow/training/train2.sql"
echo "SELECT country FROM customers;" >"$tmp/flow/training/clean.sql"
cat >"$tmp/flow/govern.toml" <<TOML
[policies]
sources = ["$src/policies"]
[catalog]
sources = ["catalog/schema.sql"]
[lint]
exclude = ["catalog/**"]
[[profile]]
name = "training"
paths = ["training/**"]
env = "prod"
identity = { user = "svc-trainer", kind = "service", purpose = "training" }
[[profile]]
name = "etl"
paths = ["**"]
env = "prod"
identity = { user = "svc-etl", kind = "service", purpose = "etl" }
TOML
expect_exit flow-catches-laundering 1 "$govern" lint --config "$tmp/flow/govern.toml" -j 1
contains flow-chain "$tmp/out" "training/train.sql:1:8: error [pii.no_pii_in_training] training pipelines may not read personal data: public.features.e (<- public.customers.email at etl/build_features.sql:1)"
contains flow-two-steps "$tmp/out" "training/train2.sql:1:8: error [pii.no_pii_in_training] training pipelines may not read personal data: public.stage2.mail (<- public.features.e at etl/z_step2.sql:1 <- public.customers.email at etl/build_features.sql:1)"
lacks flow-clean "$tmp/out" "training/clean.sql"
cp "$tmp/out" "$tmp/flow.forward"
# The same files named in the opposite order give the same findings.
(cd "$tmp/flow" && "$govern" lint --config govern.toml -j 1 training/train2.sql training/train.sql training/clean.sql \
   etl/z_step2.sql etl/build_features.sql etl/a_loop.sql >"$tmp/flow.reverse" 2>&1)
(cd "$tmp/flow" && "$govern" lint --config govern.toml -j 1 etl/a_loop.sql etl/build_features.sql etl/z_step2.sql \
   training/clean.sql training/train.sql training/train2.sql >"$tmp/flow.sorted" 2>&1)
if diff <(grep -v ' s)' "$tmp/flow.reverse") <(grep -v ' s)' "$tmp/flow.sorted") >/dev/null; then ok; else
  bad "flow depends on file order"; diff "$tmp/flow.reverse" "$tmp/flow.sorted" | head; fi
contains flow-reverse-order "$tmp/flow.reverse" "public.features.e (<- public.customers.email at etl/build_features.sql:1)"
# flow = false: the configured catalog alone (features is unknown; integrity says so).
sed -i 's/^exclude = \["catalog\/\*\*"\]/exclude = ["catalog\/**"]\nflow = false/' "$tmp/flow/govern.toml"
expect_exit flow-off 1 "$govern" lint --config "$tmp/flow/govern.toml" -j 1
lacks flow-off-no-chain "$tmp/out" "<- public.customers.email"
contains flow-off-unknown "$tmp/out" "training/train.sql:1:1: error [integrity.unresolved_for_protected]"
sed -i 's/^flow = false/flow = "no"/' "$tmp/flow/govern.toml"
expect_exit flow-bad-value 2 "$govern" lint --config "$tmp/flow/govern.toml"
contains flow-bad-value-message "$tmp/err" "lint.flow must be true or false"

# --- a DELETE without WHERE inside a function body is a finding at its line ---
mkdir -p "$tmp/body"
cat >"$tmp/body/purge.sql" <<'SQL'
CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM orders WHERE id < 10;
  DELETE FROM orders;
END $$;
SQL
sed -i 's/^flow = "no"/flow = true/' "$tmp/flow/govern.toml"
expect_exit body-statement 1 "$govern" lint --config "$tmp/flow/govern.toml" "$tmp/body/purge.sql"
contains body-statement-line "$tmp/out" "purge.sql:4:3: error [destructive.unbounded_write] delete without WHERE on public.orders"
lacks body-statement-bounded "$tmp/out" "purge.sql:3:3: error"
# A suppression before the enclosing statement covers the statements of its body.
sed -i '1i -- govern:ignore destructive.unbounded_write scratch table, emptied on purpose' "$tmp/body/purge.sql"
expect_exit body-statement-suppressed 0 "$govern" lint --config "$tmp/flow/govern.toml" "$tmp/body/purge.sql"

echo "lint tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
