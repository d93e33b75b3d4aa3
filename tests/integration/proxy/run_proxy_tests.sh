#!/usr/bin/env bash
# govern proxy against a real PostgreSQL 15 with real clients: psql, a libpq C
# client, psycopg 3 (simple, prepared, pipelined, COPY, cancel), the bypass
# corpus, upstream login by SCRAM, md5 and cleartext, shadow mode, --check,
# /metrics and /healthz, SIGTERM drain.
# usage: run_proxy_tests.sh GOVERN LIBPQ_CLIENT SOURCE_DIR      (exit 77: PostgreSQL 15 missing)
set -euo pipefail
govern=$(readlink -f "$1")
libpq_client=$(readlink -f "$2")
src=$(readlink -f "$3")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/proxy_lib.sh"   # start_proxy_env, ok, bad, free_port, write_config, start_proxy, via_proxy
start_proxy_env

psql_direct=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
"${psql_direct[@]}" -f "$src/policies/catalog/schema.sql"
"${psql_direct[@]}" -f "$here/other_schema.sql"
"${psql_direct[@]}" <<'SQL'
CREATE TABLE probe (x int);
SET password_encryption = 'scram-sha-256';
CREATE ROLE govern_up LOGIN SUPERUSER PASSWORD 'upstream-secret';
SET password_encryption = 'md5';
CREATE ROLE govern_md5 LOGIN SUPERUSER PASSWORD 'upstream-secret';
CREATE ROLE govern_plain LOGIN SUPERUSER PASSWORD 'upstream-secret';
SQL
hba=$w/data/pg_hba.conf
{ printf 'host all govern_up 127.0.0.1/32 scram-sha-256\nhost all govern_md5 127.0.0.1/32 md5\n'
  printf 'host all govern_plain 127.0.0.1/32 password\n'; cat "$hba"; } > "$w/hba.new"
cat "$w/hba.new" > "$hba"
"${psql_direct[@]}" -c "SELECT pg_reload_conf()" >/dev/null

"$govern" build "$src/policies" -o "$w/std.bundle" >/dev/null
for spec in "dev --kind human --groups dev" "trainer --kind service --purpose training" \
            "analyst --kind human --groups analyst" "bot --kind agent" "locked --kind human"; do
  set -- $spec
  echo "pw-$1" | "$govern" identity add "$@" --file "$w/identities.toml" --password-stdin >/dev/null
done
grep -q 'pw-' "$w/identities.toml" && bad "identities file holds a password" || ok "identities file holds verifiers only"
echo upstream-secret > "$w/upstream.pw"


# --check
write_config main govern_up enforce
"$govern" proxy --config "$w/main.toml" --check >/dev/null && ok "--check accepts a good config" || bad "--check on a good config"
sed 's/^threads = 2$/threads = 2\nthreds = 3/' "$w/main.toml" > "$w/typo.toml"
if "$govern" proxy --config "$w/typo.toml" --check 2>"$w/typo.err"; then bad "--check accepted an unknown key"
elif grep -q 'unknown key `threds`' "$w/typo.err"; then ok "--check: unknown keys are errors"; else bad "--check message: $(cat "$w/typo.err")"; fi

start_proxy main || { bad "proxy did not start"; exit 1; }
main_pid=$proxy_pid
main_port=$port
main_admin=$admin_port

# psql
out=$(via_proxy dev -c "SELECT 40 + 2 AS answer" 2>&1) && grep -q 42 <<<"$out" && ok "psql: allowed query" || bad "psql: $out"
out=$(via_proxy dev -c "DELETE FROM orders" 2>&1 || true)
grep -q 'ERROR:  destructive.unbounded_write: delete without WHERE on public.orders' <<<"$out" \
  && ok "psql: refused with \`rule ID: message\`" || bad "psql refusal: $out"
out=$(via_proxy dev -v ON_ERROR_STOP=0 -f - 2>&1 <<'SQL'
BEGIN;
INSERT INTO probe VALUES (7);
DELETE FROM orders;
COMMIT;
SQL
)
n=$("${psql_direct[@]}" -At -c "SELECT count(*) FROM probe WHERE x = 7")
[ "$n" = 0 ] && grep -q ROLLBACK <<<"$out" && ok "psql: deny inside BEGIN, then COMMIT rolls back" || bad "psql BEGIN/deny/COMMIT: $n rows; $out"

# libpq C client
if "$libpq_client" "host=127.0.0.1 port=$port user=dev password=pw-dev dbname=postgres"; then ok "libpq client"; else bad "libpq client"; fi

# pgjdbc (Debian libpostgresql-jdbc-java, run with the JDK's source launcher)
jar=/usr/share/java/postgresql.jar
if [ -f "$jar" ] && command -v java >/dev/null; then
  if java -cp "$jar" "$here/JdbcClient.java" "jdbc:postgresql://127.0.0.1:$port/postgres" dev pw-dev; then
    ok "pgjdbc client"; else bad "pgjdbc client"; fi
else
  echo "skip pgjdbc (no $jar or java)"
fi

# psycopg 3 and the bypass corpus
if PROXY_LOG="$w/main.log" ADMIN_PORT="$admin_port" "$py" "$here/proxy_test.py" "$port" "$PGPORT" "$here/bypass_corpus.txt"; then
  ok "psycopg driver and bypass corpus"; else bad "psycopg driver and bypass corpus"; fi
if "$py" "$here/catalog_flow_test.py" "$port" "$PGPORT"; then
  ok "catalog changes and transactions through the proxy"; else bad "catalog changes and transactions through the proxy"; fi

# SIGHUP reloads bundle, catalog and identities after verifying them; a bad bundle keeps the old one.
port=$main_port
mkdir -p "$w/extra"
cat > "$w/extra/probe.policy" <<'POLICY'
policy extra "A closed table" {
  rule no_probe {
    when reads(table "public.probe")
    deny "probe is closed"
  }
}
POLICY
echo "pw-late" | "$govern" identity add late --file "$w/identities.toml" --password-stdin --kind human >/dev/null
cp "$w/std.bundle" "$w/std.bundle.orig"
"$govern" build "$src/policies" "$w/extra/probe.policy" -o "$w/std.bundle" >/dev/null
# A session prepared before the reload is decided again after it.
kill -HUP "$main_pid"
for _ in $(seq 100); do grep -q '"event":"reloaded"' "$w/main.log" && break; sleep 0.05; done
grep -q '"event":"reloaded"' "$w/main.log" && ok "SIGHUP: reloaded" || bad "SIGHUP: no reloaded line"
out=$(via_proxy late -At -c "SELECT 1" 2>&1) && [ "$out" = 1 ] && ok "SIGHUP: a new identity can log in" || bad "SIGHUP identity: $out"
out=$(via_proxy dev -c "SELECT x FROM probe" 2>&1 || true)
grep -q "extra.no_probe: probe is closed" <<<"$out" && ok "SIGHUP: the new bundle decides" || bad "SIGHUP bundle: $out"
out=$(via_proxy dev -c "BEGIN; DECLARE c CURSOR FOR SELECT x FROM probe; FETCH ALL FROM c; COMMIT" 2>&1 || true)
grep -q "extra.no_probe: probe is closed" <<<"$out" && ok "a DECLARE's query is decided: refused like the SELECT" \
  || bad "DECLARE of a refused query: $out"
echo "not a bundle" > "$w/std.bundle"
kill -HUP "$main_pid"
for _ in $(seq 100); do grep -q '"event":"reload_failed"' "$w/main.log" && break; sleep 0.05; done
grep -q '"event":"reload_failed".*"kept":"previous"' "$w/main.log" && ok "SIGHUP: a bad bundle is refused, logged" \
  || bad "SIGHUP: no reload_failed line"
out=$(via_proxy dev -c "SELECT x FROM probe" 2>&1 || true)
grep -q "extra.no_probe" <<<"$out" && ok "SIGHUP: the previous bundle still decides" || bad "SIGHUP after bad bundle: $out"
cp "$w/std.bundle.orig" "$w/std.bundle"
kill -HUP "$main_pid"
sleep 0.3
out=$(via_proxy dev -At -c "SELECT count(*) >= 0 FROM probe" 2>&1) && [ "$out" = t ] && ok "SIGHUP: back to the standard bundle" \
  || bad "SIGHUP restore: $out"

# Upstream login by md5 and cleartext password; a wrong upstream password.
for user in govern_md5 govern_plain; do
  write_config "$user" "$user" enforce
  start_proxy "$user"
  out=$(via_proxy dev -At -c "SELECT current_user" 2>&1) && [ "$out" = "$user" ] \
    && ok "upstream login as $user" || bad "upstream login as $user: $out"
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
done
write_config badpw govern_up enforce
sed -i 's/upstream.pw/wrong.pw/' "$w/badpw.toml"
echo not-the-password > "$w/wrong.pw"
start_proxy badpw
out=$(via_proxy dev -c "SELECT 1" 2>&1 || true)
grep -q "could not log in to the upstream database" <<<"$out" && ok "wrong upstream password: 08006 to the client" \
  || bad "wrong upstream password: $out"
grep -q "not-the-password\|upstream-secret" "$w/badpw.log" && bad "upstream password in the log" || ok "upstream password never logged"
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true

# [catalog] pull = true: the live catalog (read with the proxy's own login) plus the tags file.
write_config pull govern_up enforce
sed -i "s|^sources = \[.*schema.sql.*\]$|pull = true\nsources = [\"$src/policies/catalog/tags.tsv\"]|" "$w/pull.toml"
grep -q '^pull = true' "$w/pull.toml" || bad "pull config not written"
start_proxy pull
out=$(via_proxy trainer -c "SELECT email FROM customer_contacts" 2>&1 || true)
grep -q "pii.no_pii_in_training" <<<"$out" && ok "catalog pull: the view from the live catalog is expanded and tagged" \
  || bad "catalog pull: $out"
ls /tmp/govern-proxy-catalog-* >/dev/null 2>&1 && bad "catalog pull left a temporary file" || ok "catalog pull: no temporary file left"
grep -q "upstream-secret" "$w/pull.log" && bad "catalog pull logged the password" || ok "catalog pull: password not logged"
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true

# Shadow mode: decides and logs, blocks nothing.
write_config shadow govern_up shadow
start_proxy shadow
"${psql_direct[@]}" -c "INSERT INTO probe VALUES (99)"
out=$(via_proxy dev -c "DELETE FROM probe" 2>&1) && ok "shadow: refused statement runs" || bad "shadow: $out"
n=$("${psql_direct[@]}" -At -c "SELECT count(*) FROM probe WHERE x = 99")
[ "$n" = 0 ] && ok "shadow: the DELETE ran" || bad "shadow: DELETE did not run"
grep -q '"event":"would_deny".*"shadow":true' "$w/shadow.log" && ok "shadow: would_deny logged" || bad "shadow: no would_deny line"
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true

# TLS on the client side: sslmode=require works, plain text is refused; client certificates chaining
# to [tls] client_ca log in identities marked cert = true. Upstream: require, verify-ca, verify-full.
if command -v openssl >/dev/null; then
  # A test CA, a server certificate for 127.0.0.1 (proxy and PostgreSQL), client certificates, a rogue CA.
  mkca() { openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=$2" -days 2 -keyout "$w/$1.key" -out "$w/$1.crt" >/dev/null 2>&1; }
  # mkcert NAME CN CA [SAN]
  mkcert() {
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$w/$1.key" -out "$w/$1.csr" >/dev/null 2>&1
    printf '%s\n' "${4:-basicConstraints=CA:FALSE}" > "$w/$1.ext"
    openssl x509 -req -in "$w/$1.csr" -CA "$w/$3.crt" -CAkey "$w/$3.key" -CAcreateserial -days 2 \
      -extfile "$w/$1.ext" -out "$w/$1.crt" >/dev/null 2>&1
    chmod 600 "$w/$1.key"
  }
  mkca ca govern-test-ca
  mkca rogue rogue-ca
  mkcert tls localhost ca "subjectAltName=IP:127.0.0.1,DNS:localhost"
  mkcert elsewhere elsewhere.example ca "subjectAltName=DNS:elsewhere.example"
  mkcert certbot certbot ca
  mkcert certdev dev ca
  mkcert roguebot certbot rogue
  "$govern" identity add certbot --cert --kind service --file "$w/identities.toml" >/dev/null
  write_config tls govern_up enforce
  printf '[tls]\ncert = "tls.crt"\nkey = "tls.key"\nclient_ca = "ca.crt"\n' >> "$w/tls.toml"
  start_proxy tls
  out=$(PGSSLMODE=require via_proxy dev -At -c "SELECT 'over tls'" 2>&1) && [ "$out" = "over tls" ] \
    && ok "TLS: sslmode=require through the proxy" || bad "TLS: $out"
  out=$(PGSSLMODE=require via_proxy dev -c "DELETE FROM orders" 2>&1 || true)
  grep -q "destructive.unbounded_write" <<<"$out" && ok "TLS: statements decided over TLS" || bad "TLS decide: $out"
  out=$(PGSSLMODE=disable via_proxy dev -c "SELECT 1" 2>&1 || true)
  grep -q "requires TLS" <<<"$out" && ok "TLS: plain text refused when [tls] is set" || bad "TLS plain: $out"
  # cert_login NAME USER: psql with client certificate NAME as USER, no password (-w never prompts)
  cert_login() {
    PGSSLMODE=verify-ca PGSSLROOTCERT="$w/ca.crt" PGSSLCERT="$w/$1.crt" PGSSLKEY="$w/$1.key" \
      "$pgbin/psql" -X -w -h 127.0.0.1 -p "$port" -U "$2" -d postgres -At "${@:3}"
  }
  out=$(cert_login certbot certbot -c "SELECT 'cert login'" 2>&1) && [ "$out" = "cert login" ] \
    && ok "client certificate: CN=certbot logs in identity certbot (cert = true) without a password" \
    || bad "client certificate login: $out"
  out=$(cert_login certbot certbot -c "DELETE FROM orders" 2>&1 || true)
  grep -q "destructive.unbounded_write" <<<"$out" && ok "client certificate: its statements are decided" \
    || bad "client certificate decide: $out"
  out=$(PGSSLMODE=require PGPASSWORD=guess "$pgbin/psql" -X -w -h 127.0.0.1 -p "$port" -U certbot -d postgres -c "SELECT 1" 2>&1 || true)
  grep -q "28P01\|password authentication failed" <<<"$out" && ok "client certificate: certbot without a certificate is refused" \
    || bad "certbot without certificate: $out"
  out=$(cert_login certdev dev -c "SELECT 1" 2>&1 || true)
  grep -q "password" <<<"$out" && ok "client certificate: CN=dev does not log in dev (no cert = true): a password is asked" \
    || bad "CN=dev without cert = true: $out"
  out=$(cert_login certbot dev -c "SELECT 1" 2>&1 || true)
  grep -q "password" <<<"$out" && ok "client certificate: a certificate for certbot does not log in dev" \
    || bad "certificate for another name: $out"
  out=$(cert_login roguebot certbot -c "SELECT 1" 2>&1 || true)
  [ "$out" != 1 ] && ! grep -q "^1$" <<<"$out" && ok "client certificate: one from another CA is refused at the handshake" \
    || bad "rogue certificate: $out"
  grep -q '"event":"login_certificate".*"user":"certbot"' "$w/tls.log" && ok "client certificate login logged" \
    || bad "no login_certificate log line"
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
  # Upstream TLS: the server accepts govern_tls over TLS only (hostssl).
  cp "$w/tls.crt" "$w/data/server.crt"; cp "$w/tls.key" "$w/data/server.key"
  chmod 600 "$w/data/server.key"; [ "$(id -u)" = 0 ] && chown postgres "$w/data/server.crt" "$w/data/server.key"
  { printf 'hostssl all govern_tls 127.0.0.1/32 scram-sha-256\nhostnossl all govern_tls 127.0.0.1/32 reject\n'
    cat "$hba"; } > "$w/hba.new"
  cat "$w/hba.new" > "$hba"
  "${psql_direct[@]}" -c "CREATE ROLE govern_tls LOGIN SUPERUSER PASSWORD 'upstream-secret'" \
    -c "ALTER SYSTEM SET ssl = on" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.3
  # upstream_case MODE CA EXPECT(ok|refused) WHAT
  # Each case has a config and log of its own: start_proxy waits for "listening" in the log, which must
  # not be an earlier proxy's.
  up_n=0
  upstream_case() {
    up_n=$((up_n + 1))
    local name="up_${1}_$up_n"
    write_config "$name" govern_tls enforce
    local extra="tls = \"$1\""
    [ -n "$2" ] && extra="$extra\nca_file = \"$2\""
    sed -i "s/^password_file = \"upstream.pw\"$/password_file = \"upstream.pw\"\n$extra/" "$w/$name.toml"
    start_proxy "$name"
    out=$(via_proxy dev -At -c "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()" 2>&1 || true)
    if [ "$3" = ok ]; then
      [ "$out" = t ] && ok "upstream tls = $1: $4" || bad "upstream tls = $1: $out"
    else
      grep -q "could not log in to the upstream" <<<"$out" && ok "upstream tls = $1: $4" || bad "upstream tls = $1 ($4): $out"
    fi
    kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
  }
  upstream_case require "" ok "encrypted (certificate not checked)"
  upstream_case disable "" refused "refused by a TLS-only server"
  upstream_case verify-full ca.crt ok "certificate chains to ca_file and names 127.0.0.1"
  upstream_case verify-ca rogue.crt refused "a certificate not from ca_file is refused"
  cp "$w/elsewhere.crt" "$w/data/server.crt"; cp "$w/elsewhere.key" "$w/data/server.key"
  [ "$(id -u)" = 0 ] && chown postgres "$w/data/server.crt" "$w/data/server.key"
  "${psql_direct[@]}" -c "SELECT pg_reload_conf()" >/dev/null; sleep 0.3
  upstream_case verify-full ca.crt refused "a certificate for another host name is refused"
  upstream_case verify-ca ca.crt ok "verify-ca does not check the host name"
  grep -q "certificate verify failed" "$w/up_verify-full_5.log" && ok "upstream verify failure logged with its reason" \
    || bad "no certificate verify failed in the log"
else
  echo "skip TLS (no openssl command)"
fi

# Masking on the wire (masking/masking.policy, masking_test.py, MaskingJdbc.java): every method x
# (text, binary) x (simple, extended, named re-executed, portal paging, COPY); lineage; scrubbing; fail closed.
"${psql_direct[@]}" -f "$here/masking/schema.sql" -f "$here/masking/data.sql" >/dev/null
"$govern" build "$here/masking/masking.policy" -o "$w/masking.bundle" >/dev/null
for spec in "masker --kind human --groups masked" "plain --kind human"; do
  set -- $spec
  echo "pw-$1" | "$govern" identity add "$@" --file "$w/identities.toml" --password-stdin >/dev/null
done
write_config masking govern_up enforce
sed -i -e 's/^bundle = "std.bundle"$/bundle = "masking.bundle"/' \
  -e "s|^sources = \[\(.*\)\]$|sources = [\1, \"$here/masking/schema.sql\"]|" "$w/masking.toml"
if "$govern" proxy --config "$w/masking.toml" --check 2>"$w/nokey.err"; then bad "--check: hash masks without a key accepted"
elif grep -q 'set \[masking\] hash_key_file' "$w/nokey.err"; then ok "--check: hash masks need [masking] hash_key_file"
else bad "--check without a key: $(cat "$w/nokey.err")"; fi
printf 'short\n' > "$w/short.key"
# recheck: mask_origins_test.py replaces a view in place and waits past it.
printf '[masking]\nhash_key_file = "short.key"\nrecheck = "1s"\n' >> "$w/masking.toml"
"$govern" proxy --config "$w/masking.toml" --check 2>"$w/short.err" && bad "--check: short hash key accepted" \
  || { grep -q 'at least 32 bytes' "$w/short.err" && ok "--check: short hash key refused" || bad "short key: $(cat "$w/short.err")"; }
openssl rand -hex 32 > "$w/hash.key" 2>/dev/null || python3 -c 'import secrets; print(secrets.token_hex(32))' > "$w/hash.key"
sed -i 's/short.key/hash.key/' "$w/masking.toml"
"$govern" proxy --config "$w/masking.toml" --check >/dev/null && ok "--check: hash key accepted" || bad "--check with a key"
start_proxy masking || bad "masking proxy did not start"
if "$py" "$here/masking_test.py" "$port" "$PGPORT" "$w/hash.key"; then ok "masking (psycopg)"; else bad "masking (psycopg)"; fi
if [ -f "$jar" ] && command -v java >/dev/null; then
  if java -cp "$jar" "$here/MaskingJdbc.java" "jdbc:postgresql://127.0.0.1:$port/postgres" masker pw-masker; then
    ok "masking (pgjdbc)"; else bad "masking (pgjdbc)"; fi
fi
if "$py" "$here/mask_cursors_test.py" "$port" "$PGPORT" "$pgbin/psql"; then ok "mask cursors (psycopg, psql)"; else bad "mask cursors (psycopg, psql)"; fi
# Origins last: it changes relations behind the proxy's back.
if "$py" "$here/mask_origins_test.py" "$port" "$PGPORT"; then ok "mask origins (psycopg)"; else bad "mask origins (psycopg)"; fi
grep -q "$(cat "$w/hash.key")" "$w/masking.log" && bad "hash key in the log" || ok "hash key never logged"
grep -q '"event":"view_drift".*"view":"public.mask_origin_r"' "$w/masking.log" && ok "a replaced view is logged (view_drift)" \
  || bad "no view_drift log line for mask_origin_r"
grep -q '"event":"view_drift".*"view":"public.mask_origin_w"' "$w/masking.log" \
  && ok "the sweep logs a replaced view nothing read (view_drift)" || bad "no view_drift log line for mask_origin_w"
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true

# SIGTERM drains: a running statement finishes, then the proxy exits 0.
port=$main_port
via_proxy dev -At -c "SELECT pg_sleep(1), 'drained'" > "$w/drain.out" 2>&1 &
client=$!
sleep 0.4
kill -TERM "$main_pid"
wait "$client" || true
grep -q drained "$w/drain.out" && ok "SIGTERM: the running statement completed" || bad "SIGTERM drain: $(cat "$w/drain.out")"
if wait "$main_pid"; then ok "SIGTERM: proxy exited 0"; else bad "SIGTERM: proxy exit status $?"; fi
grep -q '"event":"draining"' "$w/main.log" && ok "SIGTERM: draining logged" || bad "no draining log line"

[ "$fail" -eq 0 ] && echo "proxy integration: all passed"
exit "$fail"
