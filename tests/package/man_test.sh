#!/usr/bin/env bash
# The man pages in the source tree: govern(1) documents every subcommand and
# option of `govern --help` (man_check.py, which must also catch a missing
# section), and every page renders without a groff warning.
# usage: man_test.sh GOVERN SOURCE_DIR
set -u
govern=$1
src=$2
here=$src/tests/package
fail=0
python3 "$here/man_check.py" "$govern" "$src/packaging/man/govern.1" || fail=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed '/^\.SS "govern init"/,/^\.SS "govern lint"/{/^\.SS "govern lint"/!d}' "$src/packaging/man/govern.1" >"$tmp/govern.1"
if python3 "$here/man_check.py" "$govern" "$tmp/govern.1" >/dev/null 2>&1; then
  echo "FAIL man_check.py accepted a page without the init section"; fail=1
fi
for page in "$src"/packaging/man/*.[0-9]; do
  warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
  if [ -n "$warnings" ]; then echo "FAIL $page: $warnings"; fail=1; else echo "ok   $(basename "$page") renders"; fi
done
exit "$fail"
