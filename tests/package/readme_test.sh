#!/usr/bin/env bash
# Runs the README's five-minute path (the ```sh blocks between
# <!-- five-minute:begin --> and <!-- five-minute:end -->) as one bash script
# with -e, from the repository root, as root on this machine: install the .deb,
# start the system PostgreSQL, govern init, lint, the proxy with an analyst and
# a training identity. Every `# ERROR:  ...` line the README shows must appear
# in the output, and lint must exit 1 as the README says. Afterwards the
# package, the database `shop` and the role `govern` are removed again (and
# the cluster stopped if this test started it).
# usage: readme_test.sh SOURCE_DIR [BUILD_DIR]
#   BUILD_DIR: run the install step with this build directory instead of
#   `build` (CI reuses its build tree: same commands, no second build).
set -u
src=$(readlink -f "$1")
build_dir=${2:-build}
if [ "$(id -u)" -ne 0 ]; then echo "the README path installs a package (root): skipped"; exit 77; fi
exec 9>/tmp/govern-package-test.lock
flock 9
tmp=$(mktemp -d)
chmod 755 "$tmp"
script=$tmp/five-minutes.sh
awk '/<!-- five-minute:begin -->/ {on = 1} /<!-- five-minute:end -->/ {on = 0}
     on && /^```sh$/ {code = 1; next} on && /^```$/ {code = 0; next} on && code' "$src/README.md" >"$script"
if [ "$(grep -c . "$script")" -lt 10 ]; then echo "FAIL no five-minute block in README.md"; exit 1; fi
if [ "$build_dir" != build ]; then
  sed -i -e "s# -B build # -B $build_dir #g" -e "s#--build build #--build $build_dir #g" -e "s#\./build/#./$build_dir/#g" "$script"
fi
if runuser -u postgres -- psql -XtAc "SELECT 1 FROM pg_database WHERE datname = 'shop'" 2>/dev/null | grep -q 1; then
  echo "FAIL a database \`shop\` exists here: the README path creates it"; exit 1
fi
was_running=$(pg_lsclusters -h 2>/dev/null | awk '$1 == 15 && $2 == "main" {print $4}')
cleanup() {
  # The script ran in its own process group: end what it left running (a proxy, if it failed early).
  [ -n "${pgid:-}" ] && kill -- "-$pgid" 2>/dev/null
  runuser -u postgres -- psql -Xq -c "DROP DATABASE IF EXISTS shop" -c "DROP ROLE IF EXISTS govern" >/dev/null 2>&1
  [ "$was_running" = online ] || pg_ctlcluster 15 main stop >/dev/null 2>&1
  dpkg -P govern >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
echo "---- the README's commands ($(grep -c . "$script") lines)"
cat "$script"
echo "----"
mkdir -p "$tmp/home"
(cd "$src" && HOME=$tmp/home setsid bash -e -o pipefail "$script") >"$tmp/out" 2>&1 &
pgid=$!   # setsid: the script leads its own process group, whose id is its pid
wait "$pgid"
status=$?
cat "$tmp/out"
fail=0
[ "$status" -eq 0 ] && echo "ok   the five-minute path ran (exit 0)" || { echo "FAIL the five-minute path exited $status"; fail=1; }
while IFS= read -r line; do
  want=${line#\# }
  grep -qF -- "$want" "$tmp/out" && echo "ok   output has: $want" || { echo "FAIL output lacks: $want"; fail=1; }
done < <(grep -E '^# ERROR:' "$script")
grep -qF "govern lint exited with 1" "$tmp/out" && echo "ok   lint exits 1" || { echo "FAIL lint did not exit 1"; fail=1; }
grep -qF "pipelines/training/contacts.sql:1:12: error [pii.no_pii_in_training]" "$tmp/out" &&
  echo "ok   lint finds the e-mails behind notes" || { echo "FAIL lint finding missing"; fail=1; }
grep -qE '^ FR +\| +100$' "$tmp/out" && echo "ok   the analyst's query ran through the proxy" ||
  { echo "FAIL the analyst's query result is missing"; fail=1; }
[ "$fail" -eq 0 ] && echo "README five-minute path: all passed"
exit "$fail"
