#!/usr/bin/env bash
# `govern catalog discover` and `govern init` against a real PostgreSQL 15
# holding generated data, including columns whose names lie (`notes` holds
# e-mail addresses, `email_count` integers, `mail` parcel labels): proposals
# carry evidence and confidence, never sampled values; a repository set up by
# `govern init --dsn --sample` lints only after the proposals were reviewed,
# and then catches a training job reading the lying column.
# usage: discover_init.sh GOVERN SOURCE_DIR
set -euo pipefail
govern=$(readlink -f "$1")
src=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/postgres.sh"
start_postgres
psql=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -d postgres)
"${psql[@]}" <<'SQL'
CREATE TABLE customers (
  id            integer PRIMARY KEY,
  email         text,
  email_count   integer,        -- a name that lies: a count
  notes         text,           -- a name that lies: e-mail addresses
  full_name     text,
  phone         text,
  mail          text,           -- "mail" here is post: parcel labels
  payment_ref   text,           -- card numbers (Luhn-valid test numbers)
  payout        text,           -- IBANs
  remote        text,           -- IP addresses
  last_seen_ip  inet,
  birth_date    date,
  password_hash text,
  country       text
);
INSERT INTO customers
SELECT i,
       'user' || i || '@example.com',
       i % 7,
       'contact' || i || '@mail.example.org',
       'Person ' || i,
       '+33 6 12 34 ' || lpad((i % 100)::text, 2, '0') || ' 00',
       'parcel ' || i,
       (ARRAY['4111111111111111','5500000000000004','378282246310005','6011111111111117','4012888888881881'])[1 + i % 5],
       (ARRAY['DE89370400440532013000','GB82WEST12345698765432','FR1420041010050500013M02606','NL91ABNA0417164300'])[1 + i % 4],
       '10.0.' || (i % 256) || '.' || (i % 200),
       ('192.168.0.' || (i % 250))::inet,
       date '1970-01-01' + i,
       md5(i::text),
       'FR'
FROM generate_series(1, 200) AS i;
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, amount numeric, status text);
INSERT INTO orders SELECT i, i % 200 + 1, i * 1.5, 'open' FROM generate_series(1, 50) AS i;
CREATE VIEW customer_emails AS SELECT id, email FROM customers;
SQL
dsn="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
work=$pg_work/t
mkdir -p "$work"
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
has() {  # NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: '$3' not in $2"; sed 's/^/  | /' "$2" | head -40; fi
}
lacks() {
  if grep -qF -- "$3" "$2"; then bad "$1: '$3' in $2"; else ok "$1"; fi
}

# --- discover with sampling ---
"$govern" catalog discover --dsn "$dsn" --sample 50 -o "$work/proposed.tsv" 2>"$work/err"
T=$'\t'
has review-header "$work/proposed.tsv" "REVIEW BEFORE USE"
has nothing-enforced "$work/err" "Nothing is enforced"
has email-confirmed "$work/proposed.tsv" "public.customers.email${T}pii.email${T}# confidence 0.95 (high): name \`email\` (dictionary: \"email\"); 50/50 sampled values are e-mail addresses"
has notes-lies "$work/proposed.tsv" "public.customers.notes${T}pii.email${T}# confidence 0.85 (high): 50/50 sampled values are e-mail addresses (name \`notes\` says nothing about it)"
has email-count-lies "$work/proposed.tsv" "# not proposed: public.customers.email_count pii.email: name holds \"email\" but \`count\` says"
lacks email-count-not-tagged "$work/proposed.tsv" "public.customers.email_count${T}"
has mail-contradicted "$work/proposed.tsv" "# not proposed: public.customers.mail pii.email: name suggests it but only 0/50 sampled values are e-mail addresses"
has card "$work/proposed.tsv" "public.customers.payment_ref${T}pii.card${T}# confidence 0.85 (high): 50/50 sampled values are card numbers (Luhn)"
has iban "$work/proposed.tsv" "public.customers.payout${T}pii.bank_account${T}# confidence 0.85 (high): 50/50 sampled values are IBANs (mod-97)"
has ip-values "$work/proposed.tsv" "public.customers.remote${T}pii.ip${T}# confidence 0.85"
has ip-name-type "$work/proposed.tsv" "public.customers.last_seen_ip${T}pii.ip${T}# confidence 0.95"
has name "$work/proposed.tsv" "public.customers.full_name${T}pii.name${T}# confidence 0.80 (high)"
has phone "$work/proposed.tsv" "public.customers.phone${T}pii.phone${T}"
has birth "$work/proposed.tsv" "public.customers.birth_date${T}pii.birth_date${T}"
has secret "$work/proposed.tsv" "public.customers.password_hash${T}secret${T}"
lacks country "$work/proposed.tsv" "public.customers.country${T}"
lacks view-skipped "$work/proposed.tsv" "public.customer_emails."
lacks orders "$work/proposed.tsv" "public.orders."
# Sampled values never leave the database.
for value in user1@example.com contact7@mail.example.org 4111111111111111 DE89370400440532013000 10.0.3.3 "parcel 1"; do
  lacks "no-value-$value" "$work/proposed.tsv" "$value"
done
# Every active line has evidence and a confidence; the file loads as a tags file.
if awk -F'\t' '!/^#/ && NF && $3 !~ /^# confidence [0-9.]+ \((high|medium|low)\): ./ {bad=1} END {exit bad}' "$work/proposed.tsv"
then ok every-line-has-evidence; else bad every-line-has-evidence; fi
"$govern" catalog pull --dsn "$dsn" -o "$work/pulled.json" 2>/dev/null
"$govern" catalog show "$work/pulled.json" "$work/proposed.tsv" >"$work/merged.json" 2>"$work/err"
if python3 - "$work/merged.json" <<'PY'
import json, sys
cat = json.load(open(sys.argv[1]))
cols = {(t["name"], c["name"]): c.get("tags", []) for t in cat["tables"] for c in t["columns"]}
assert cols[("customers", "notes")] == ["pii.email"], cols[("customers", "notes")]
assert cols[("customers", "email_count")] == [], cols[("customers", "email_count")]
PY
then ok proposals-load-as-tags; else bad proposals-load-as-tags; fi

# --- without sampling: names only, the lying column is not found ---
"$govern" catalog discover --dsn "$dsn" >"$work/names.tsv" 2>/dev/null
has names-email "$work/names.tsv" "public.customers.email${T}pii.email${T}# confidence 0.80 (high): name \`email\` (dictionary: \"email\")"
lacks names-notes "$work/names.tsv" "public.customers.notes${T}"
# ... and from DDL sources (no database)
"$govern" catalog discover "$src/examples/pipeline/catalog/schema.sql" >"$work/ddl.tsv" 2>/dev/null
has ddl-email "$work/ddl.tsv" "public.customers.email${T}pii.email"
# Usage errors
if "$govern" catalog discover "$src/examples/pipeline/catalog/schema.sql" --sample 5 >/dev/null 2>"$work/err"; then
  bad "sample without dsn accepted"; else has sample-needs-dsn "$work/err" "--sample reads values from a database"; fi
if "$govern" catalog discover --dsn "postgresql://postgres@127.0.0.1:1/x" >/dev/null 2>"$work/err"; then
  bad "unreachable database accepted"; else has unreachable "$work/err" "cannot connect"; fi

# --- govern init in a repository, then lint ---
repo=$work/repo
mkdir -p "$repo/migrations" "$repo/pipelines/training" "$repo/etl" "$repo/reports"
printf 'ALTER TABLE customers ADD COLUMN segment text;\n' >"$repo/migrations/0001_segment.sql"
printf 'SELECT id, notes FROM customers;\n' >"$repo/pipelines/training/contacts.sql"
printf 'SELECT id, amount FROM orders WHERE id = 1;\n' >"$repo/pipelines/training/orders.sql"
printf 'INSERT INTO orders SELECT * FROM orders WHERE id = 1;\n' >"$repo/etl/copy.sql"
printf 'SELECT country, count(*) FROM customers GROUP BY country;\n' >"$repo/reports/by_country.sql"
printf 'SELECT 1;\n' >"$repo/adhoc.sql"
(cd "$repo" && "$govern" init --dsn "$dsn" --sample 50 --policies "$src/policies") >"$work/init.out" 2>&1 || { bad "init failed"; cat "$work/init.out"; }
has init-found "$work/init.out" "found 6 SQL files"
has init-review "$work/init.out" "nothing is enforced until you have reviewed"
has init-training "$repo/govern.toml" 'paths = ["pipelines/training/**"]'
has init-migrations "$repo/govern.toml" 'paths = ["migrations/**"]'
has init-etl "$repo/govern.toml" 'name = "etl"'
has init-analytics "$repo/govern.toml" 'name = "analytics"'
has init-default "$repo/govern.toml" 'name = "default"'
has init-marked "$repo/govern.toml" '[[profile]]   # review'
has init-catalog "$repo/govern.toml" 'sources = ["migrations/", "govern/catalog.json", "govern/tags.tsv"]'
has init-proposals "$repo/govern/tags.proposed.tsv" "public.customers.notes${T}pii.email"
if [ "$(grep -c '^\[\[profile\]\]   # review' "$repo/govern.toml")" -eq "$(grep -c '^\[\[profile\]\]' "$repo/govern.toml")" ]
then ok every-profile-marked; else bad every-profile-marked; fi
# Training's profile must come before the catch-all (first match wins).
if awk '/pipelines\/training/ {t=NR} /paths = \["\*\*"\]/ {d=NR} END {exit !(t && d && t < d)}' "$repo/govern.toml"
then ok profile-order; else bad profile-order; fi
# Before review, lint refuses to run on an unreviewed catalog: the proposals are not a source yet.
if (cd "$repo" && "$govern" lint) >"$work/lint.out" 2>&1; then bad "lint ran before review"; else
  has lint-needs-review "$work/lint.out" "tags.tsv"; fi
# After review (accepting the file as is), the lying column is caught in the training job.
mv "$repo/govern/tags.proposed.tsv" "$repo/govern/tags.tsv"
set +e
(cd "$repo" && "$govern" lint --no-color) >"$work/lint.out" 2>&1
status=$?
set -e
if [ "$status" -eq 1 ]; then ok lint-fails-on-finding; else bad "lint exit $status, wanted 1"; cat "$work/lint.out"; fi
has lint-training "$work/lint.out" "pipelines/training/contacts.sql:1:12: error [pii.no_pii_in_training]"
has lint-profile "$work/lint.out" "(as profile training)"
lacks lint-orders "$work/lint.out" "orders.sql"
# init never replaces a config silently.
if (cd "$repo" && "$govern" init --policies "$src/policies") >/dev/null 2>"$work/err"; then bad "init replaced govern.toml"; else
  has init-refuses "$work/err" "exists"; fi
(cd "$repo" && "$govern" init --force --policies "$src/policies") >/dev/null 2>&1 && ok init-force || bad init-force
[ "$fail" -eq 0 ] && echo "discover and init: all passed"
exit "$fail"
