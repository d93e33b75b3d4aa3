#!/usr/bin/env bash
# CLI contract tests: exit codes, signing and --verify-key, bad input.
# usage: smoke.sh GOVERN_BINARY SOURCE_DIR
set -u
govern=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
expect() {  # expect NAME EXPECTED_EXIT CMD...
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $got, wanted $want"
    sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
  fi
}
lacks() {  # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then fail=$((fail + 1)); echo "FAIL $1: '$3' in output"; sed 's/^/  | /' "$2" | head -20; else pass=$((pass + 1)); fi
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: '$3' not in output"; sed 's/^/  | /' "$2" | head -20; fi
}

cat >"$tmp/p.policy" <<'POLICY'
policy destructive {
  rule unbounded_write {
    when statement.kind in {delete, update} and not statement.has_where
    deny "{statement.kind} without WHERE on {statement.targets}"
  }
}
POLICY

expect version 0 "$govern" --version
contains version "$tmp/out" "govern "
expect help 0 "$govern" --help
expect no-subcommand 2 "$govern"
expect unknown-flag 2 "$govern" build --bogus
expect check-ok 0 "$govern" check "$tmp/p.policy"
expect check-missing 2 "$govern" check "$tmp/missing.policy"
contains check-missing "$tmp/err" "no such file"
printf 'policy p { rule r { when env == 1 deny "x" } }\n' >"$tmp/bad.policy"
expect check-type-error 2 "$govern" check "$tmp/bad.policy"
contains check-type-error "$tmp/err" "bad.policy:1:26: error: cannot compare string with number"
expect build 0 "$govern" build "$tmp/p.policy" -o "$tmp/a.bundle"
expect build-again 0 "$govern" build "$tmp/p.policy" -o "$tmp/b.bundle"
expect deterministic 0 cmp "$tmp/a.bundle" "$tmp/b.bundle"
expect inspect 0 "$govern" inspect "$tmp/a.bundle"
contains inspect "$tmp/out" "rule destructive.unbounded_write"
contains inspect "$tmp/out" "kinds: {update, delete}"

# Signing: build --sign, inspect --verify-key; refuse unsigned, wrong key, tampered.
openssl genpkey -algorithm ed25519 -out "$tmp/k.pem" 2>/dev/null
openssl pkey -in "$tmp/k.pem" -pubout -out "$tmp/k.pub"
openssl genpkey -algorithm ed25519 -out "$tmp/o.pem" 2>/dev/null
openssl pkey -in "$tmp/o.pem" -pubout -out "$tmp/o.pub"
expect build-signed 0 "$govern" build "$tmp/p.policy" -o "$tmp/s.bundle" --sign "$tmp/k.pem"
expect verify-ok 0 "$govern" inspect "$tmp/s.bundle" --verify-key "$tmp/k.pub"
contains verify-ok "$tmp/out" "(verified)"
expect verify-unsigned 2 "$govern" inspect "$tmp/a.bundle" --verify-key "$tmp/k.pub"
contains verify-unsigned "$tmp/err" "not signed"
expect verify-wrong-key 2 "$govern" inspect "$tmp/s.bundle" --verify-key "$tmp/o.pub"
cp "$tmp/s.bundle" "$tmp/t.bundle"
printf '\x00' | dd of="$tmp/t.bundle" bs=1 seek=100 conv=notrunc 2>/dev/null
expect tampered 2 "$govern" inspect "$tmp/t.bundle" --verify-key "$tmp/k.pub"
contains tampered "$tmp/err" "SHA-256 does not match"
expect sign-with-public-key 2 "$govern" build "$tmp/p.policy" -o "$tmp/x.bundle" --sign "$tmp/k.pub"
expect not-a-bundle 2 "$govern" inspect "$tmp/p.policy"
contains not-a-bundle "$tmp/err" "not a govern bundle"
head -c 50 "$tmp/a.bundle" >"$tmp/short.bundle"
expect truncated 2 "$govern" inspect "$tmp/short.bundle"

# The shipped policy library compiles and its tests pass.
expect policies-check 0 "$govern" check "$src/policies"
expect policies-test 0 "$govern" test "$src/policies"
contains policies-test "$tmp/out" " 0 failed"

# govern test fails on a wrong expectation, with a clear diff.
cat >"$tmp/failing.policy" <<'POLICY'
policy p { rule r { when statement.kind == delete deny "no" } }
test "wrong expectation" {
  sql "DELETE FROM t WHERE id = 1"
  expect allow
}
test "bad sql" {
  sql "SELEC 1"
  expect allow
}
POLICY
expect test-fails 1 "$govern" test "$tmp/failing.policy"
contains test-fails "$tmp/out" "expected allow, got deny (fired: p.r)"
contains test-fails "$tmp/out" "sql does not parse"
contains test-fails "$tmp/out" "0 passed, 2 failed"

# govern decide: JSON contract, fail closed on unparsable SQL, bad identity.
expect decide 0 "$govern" decide --policy "$src/policies" --catalog "$src/policies/catalog/schema.sql" \
  --catalog "$src/policies/catalog/tags.tsv" --identity '{"user":"ana","groups":["analyst"],"kind":"human"}' \
  --env prod --sql "SELECT email FROM customers; DELETE FROM orders; SELEC 1"
contains decide-verdict "$tmp/out" '{"decision":"deny","statements":['
contains decide-mask "$tmp/out" '"masks":[{"output":"email","position":0,"source":"public.customers.email","method":"email"'
contains decide-rule "$tmp/out" '{"id":"destructive.unbounded_write","effect":"deny","message":"delete without WHERE on public.orders"}'
contains decide-error "$tmp/out" '"kind":"error","decision":"deny"'
expect decide-bundle 0 "$govern" decide --bundle "$tmp/s.bundle" --verify-key "$tmp/k.pub" --env prod --sql "UPDATE t SET a = 1"
contains decide-bundle "$tmp/out" '"decision":"deny"'
expect decide-bundle-unsigned 2 "$govern" decide --bundle "$tmp/a.bundle" --verify-key "$tmp/k.pub" --sql "SELECT 1"
expect decide-bad-identity 2 "$govern" decide --policy "$tmp/p.policy" --identity '{"usr":"x"}' --sql "SELECT 1"
contains decide-bad-identity "$tmp/err" 'unknown key "usr"'
expect decide-identity-not-json 2 "$govern" decide --policy "$tmp/p.policy" --identity '{' --sql "SELECT 1"
expect decide-no-policy 2 "$govern" decide --sql "SELECT 1"

# decide without --env: a warning when the policies test env; --help lists every identity key.
printf 'policy p { rule r { when env == "prod" deny "x" } }\n' >"$tmp/env.policy"
expect decide-no-env 0 "$govern" decide --policy "$tmp/env.policy" --sql "SELECT 1"
contains decide-no-env "$tmp/err" 'warning: no --env given: env is ""'
expect decide-empty-env 0 "$govern" decide --policy "$tmp/env.policy" --env "" --sql "SELECT 1"
lacks decide-empty-env "$tmp/err" 'no --env given'
expect decide-no-env-unused 0 "$govern" decide --policy "$tmp/p.policy" --sql "SELECT 1"
lacks decide-no-env-unused "$tmp/err" 'no --env given'
expect explain-no-env 0 "$govern" explain --policy "$tmp/env.policy" --sql "SELECT 1"
contains explain-no-env "$tmp/err" 'no --env given'
for c in decide explain; do
  expect "$c-help" 0 "$govern" "$c" --help
  for key in user groups roles purpose kind attr database application; do contains "$c-help-$key" "$tmp/out" "  $key "; done
  contains "$c-help-session" "$tmp/out" "-> session.application"
done

# --catalog: warnings for selectors that match nothing; the catalog embedded in a bundle.
printf 'policy p { rule r { when reads(tag "pii.emial") deny "x" } }\n' >"$tmp/typo.policy"
expect check-catalog-warning 0 "$govern" check "$tmp/typo.policy" --catalog "$src/policies/catalog/tags.tsv"
contains check-catalog-warning "$tmp/err" 'warning: selector tag "pii.emial" matches no column of the catalog'
contains check-catalog-did-you-mean "$tmp/err" 'help: did you mean tag "pii.email"? (the closest tag in the catalog)'
expect build-embedded 0 "$govern" build "$src/policies" -o "$tmp/e.bundle" --catalog "$src/policies/catalog/schema.sql" \
  --catalog "$src/policies/catalog/tags.tsv"
expect inspect-embedded 0 "$govern" inspect "$tmp/e.bundle"
contains inspect-embedded "$tmp/out" "catalog: embedded"
expect decide-embedded 0 "$govern" decide --bundle "$tmp/e.bundle" --identity '{"purpose":"training"}' \
  --sql "SELECT c.email FROM customers c"
contains decide-embedded "$tmp/out" '"id":"pii.no_pii_in_training"'
expect build-missing-catalog 2 "$govern" build "$src/policies" -o "$tmp/x.bundle" --catalog "$tmp/nope.sql"

# govern explain: facts, rules, condition values.
expect explain 0 "$govern" explain --policy "$src/policies" --catalog "$src/policies/catalog/schema.sql" \
  --catalog "$src/policies/catalog/tags.tsv" --identity '{"purpose":"training","kind":"service"}' --env prod \
  --sql "SELECT email FROM customer_contacts"
contains explain-verdict "$tmp/out" "select -> deny"
contains explain-fired "$tmp/out" "FIRED pii.no_pii_in_training"
contains explain-condition "$tmp/out" 'identity.purpose == "training"  -> true'
contains explain-facts "$tmp/out" "public.customer_contacts.email (projected,view), public.customers.email (projected)"
# Every rule is still listed; one whose context test fails says why decisions skip it.
contains explain-all-rules "$tmp/out" "agents.read_only"
contains explain-skipped "$tmp/out" "skipped for this context"

# Tag policies without a catalog: check/build warn, decide/explain refuse unless
# --allow-no-catalog, govern test names the cause of a failure.
expect check-no-catalog 0 "$govern" check "$src/policies"
contains check-no-catalog "$tmp/err" "warning: no catalog: tag selectors match nothing without one"
expect check-with-catalog 0 "$govern" check "$src/policies" --catalog "$src/policies/catalog/schema.sql" \
  --catalog "$src/policies/catalog/tags.tsv"
lacks check-with-catalog "$tmp/err" "no catalog"
expect build-no-catalog 0 "$govern" build "$src/policies" -o "$tmp/nocat.bundle"
contains build-no-catalog "$tmp/err" "warning: no catalog"
expect decide-no-catalog 2 "$govern" decide --policy "$src/policies" --identity '{"user":"bob","groups":["contractor"]}' \
  --env prod --sql "SELECT email FROM customers"
contains decide-no-catalog "$tmp/err" 'no catalog: the policies select columns by tag (tag "pii.*" in pii.no_pii_in_training'
contains decide-no-catalog-how "$tmp/err" "--allow-no-catalog"
expect decide-bundle-no-catalog 2 "$govern" decide --bundle "$tmp/nocat.bundle" --env prod --sql "SELECT 1"
expect decide-allow-no-catalog 0 "$govern" decide --bundle "$tmp/nocat.bundle" --allow-no-catalog --env prod --sql "SELECT 1"
contains decide-allow-no-catalog "$tmp/out" '"decision":"allow"'
expect decide-catalog-at-decide 0 "$govern" decide --bundle "$tmp/nocat.bundle" --catalog "$src/policies/catalog/schema.sql" \
  --catalog "$src/policies/catalog/tags.tsv" --identity '{"purpose":"training"}' --env prod --sql "SELECT email FROM customers"
contains decide-catalog-at-decide "$tmp/out" '"id":"pii.no_pii_in_training"'
expect explain-no-catalog 2 "$govern" explain --policy "$src/policies" --env prod --sql "SELECT 1"
contains explain-no-catalog "$tmp/err" "no catalog"
cat >"$tmp/nocat_test.policy" <<'POLICY'
policy pii { rule m { mask tag "pii.email" with email } rule t { when reads(tag "pii.*") deny "pii" } }
policy other { rule d { when statement.kind == delete deny "no" } }
test "mask without a catalog" {
  sql "SELECT email FROM customers"
  expect mask "email" with email
}
test "tag rule without a catalog" {
  sql "SELECT email FROM customers"
  expect deny by pii.t
}
test "unrelated failure" {
  sql "DELETE FROM customers"
  expect allow
}
POLICY
expect test-no-catalog 1 "$govern" test "$tmp/nocat_test.policy"
contains test-no-catalog-mask "$tmp/out" 'expected "email" masked with email, got no mask (no catalog: tag "pii.email", tag "pii.*" match no column without one'
contains test-no-catalog-rule "$tmp/out" 'expected pii.t to fire, got allow (fired: pii.m) (no catalog:'
contains test-no-catalog-verdict "$tmp/out" 'expected deny, got allow (fired: pii.m) (no catalog:'
contains test-no-catalog-unrelated "$tmp/out" 'expected allow, got deny (fired: pii.m, other.d)'
lacks test-no-catalog-unrelated "$tmp/out" 'expected allow, got deny (fired: pii.m, other.d) (no catalog'

# Catalog folders (migration order) and globs; a source that matches nothing is an error.
mkdir -p "$tmp/repo/migrations" "$tmp/repo/db"
printf 'CREATE TABLE employees (id int);\n' >"$tmp/repo/migrations/1_employees.sql"
printf 'ALTER TABLE employees ADD COLUMN salary numeric;\n' >"$tmp/repo/migrations/2_salary.sql"
printf 'ALTER TABLE employees ADD COLUMN email text;\n' >"$tmp/repo/migrations/10_email.sql"
printf 'public.employees.salary\tfinance.salary\n' >"$tmp/repo/db/tags.tsv"
expect catalog-folder 0 "$govern" catalog show "$tmp/repo/migrations/" "$tmp/repo/db/tags.tsv"
contains catalog-folder-order "$tmp/out" '"name": "salary"'
contains catalog-folder-tag "$tmp/out" '"finance.salary"'
contains catalog-folder-late "$tmp/out" '"name": "email"'
expect catalog-glob 0 "$govern" catalog show "$tmp/repo/migrations/*.sql" "$tmp/repo/db/*.tsv"
contains catalog-glob "$tmp/out" '"finance.salary"'
expect catalog-glob-none 2 "$govern" catalog show "$tmp/repo/migrations/*.json"
contains catalog-glob-none "$tmp/err" 'catalog source matches no file'
expect catalog-folder-empty 2 "$govern" catalog show "$tmp/repo/db"
contains catalog-folder-empty "$tmp/err" 'catalog folder holds no .sql files'

echo "cli smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
