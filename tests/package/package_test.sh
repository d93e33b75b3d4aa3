#!/usr/bin/env bash
# The Debian package on this machine (needs root; CI runs as root): dpkg -i,
# govern-lint from PATH on the bundled example, govern init with the installed
# policies, every man page renders without warnings and documents the installed
# program, the bash completion loads and completes, the zsh completion parses,
# systemd-analyze accepts the unit (and rates its exposure OK), the service
# user exists, and dpkg -r removes every file.
# usage: package_test.sh DEB SOURCE_DIR
set -u
deb=$(readlink -f "$1")
src=$(readlink -f "$2")
if [ "$(id -u)" -ne 0 ]; then echo "package test needs root (dpkg -i): skipped"; exit 77; fi
exec 9>/tmp/govern-package-test.lock
flock 9   # one dpkg -i/-r of govern at a time on this machine
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then ok "dpkg -i $(basename "$deb")"; else bad "dpkg -i"; cat "$tmp/dpkg.log"; exit 1; fi
[ "$(command -v govern)" = /usr/bin/govern ] && ok "govern on PATH" || bad "govern is $(command -v govern)"
[ "$(command -v govern-lint)" = /usr/bin/govern-lint ] && ok "govern-lint on PATH" || bad "govern-lint not on PATH"

# govern-lint from PATH on the bundled example: the example's findings, exit 1.
(cd /usr/share/govern/examples/pipeline && NO_COLOR=1 govern-lint) >"$tmp/lint.out" 2>&1
status=$?
if [ "$status" -eq 1 ] && grep -q '^3 errors, 2 warnings in 4 of 6 files' "$tmp/lint.out" &&
   grep -qF 'error [pii.no_pii_in_training]' "$tmp/lint.out"; then ok "govern-lint on the example"; else
  bad "govern-lint on the example: exit $status"; cat "$tmp/lint.out"; fi
# govern init finds the installed standard policies.
mkdir -p "$tmp/repo/pipelines/training" && printf 'SELECT 1;\n' >"$tmp/repo/pipelines/training/a.sql"
if (cd "$tmp/repo" && govern init >/dev/null) && grep -qF 'sources = ["/usr/share/govern/policies"]' "$tmp/repo/govern.toml"
then ok "govern init uses /usr/share/govern/policies"; else bad "govern init"; cat "$tmp/repo/govern.toml"; fi

# Man pages: each renders without warnings; govern(1) matches the installed program.
pages=$(dpkg -L govern | grep -E '^/usr/share/man/man[0-9]/.*\.gz$')
[ "$(echo "$pages" | wc -l)" -ge 4 ] && ok "4 man pages installed" || bad "man pages: $pages"
for page in $pages; do
  warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >"$tmp/page.txt")
  if [ -z "$warnings" ] && [ -s "$tmp/page.txt" ]; then ok "man -l $page"; else bad "man -l $page: $warnings"; fi
done
for name in govern govern-lint govern.toml proxy.toml; do
  man -w "$name" >/dev/null 2>&1 && ok "man -w $name" || bad "man cannot find $name"
done
zcat /usr/share/man/man1/govern.1.gz >"$tmp/govern.1"
python3 "$src/tests/package/man_check.py" /usr/bin/govern "$tmp/govern.1" && ok "govern(1) matches govern --help" ||
  bad "govern(1) does not match the installed govern --help"

# Completions.
if out=$(bash -c 'source /usr/share/bash-completion/completions/govern && complete -p govern govern-lint' 2>&1); then
  ok "bash completion loads: $(echo "$out" | tr '\n' ';')"; else bad "bash completion: $out"; fi
words=$(bash -c 'source /usr/share/bash-completion/completions/govern; COMP_WORDS=(govern catalog di); COMP_CWORD=2; _govern; echo "${COMPREPLY[@]}"')
[ "$words" = discover ] && ok "bash completes govern catalog di -> discover" || bad "bash completion gave '$words'"
words=$(bash -c 'source /usr/share/bash-completion/completions/govern; COMP_WORDS=(govern lint --format g); COMP_CWORD=3; _govern; echo "${COMPREPLY[@]}"')
[ "$words" = "github gitlab" ] && ok "bash completes --format values" || bad "bash --format completion gave '$words'"
if command -v zsh >/dev/null; then
  zsh -n /usr/share/zsh/vendor-completions/_govern && ok "zsh completion parses" || bad "zsh completion syntax"
else
  echo "skip zsh completion: zsh not installed"
fi

# The service: systemd accepts the unit; the hardening rates OK; its user exists.
unit=/usr/lib/systemd/system/govern-proxy.service
if systemd-analyze --version >/dev/null 2>&1; then
  if systemd-analyze verify "$unit" >"$tmp/verify" 2>&1; then ok "systemd-analyze verify"; else bad "systemd-analyze verify"; cat "$tmp/verify"; fi
  if systemd-analyze security --offline=yes "$unit" >"$tmp/security" 2>&1; then
    level=$(grep -o 'Overall exposure level for govern-proxy.service: [0-9.]* [A-Z]*' "$tmp/security")
    case $level in *" OK") ok "$level" ;; *) bad "exposure: $level"; tail -30 "$tmp/security" ;; esac
  else
    echo "skip systemd-analyze security --offline: not supported by this systemd"
  fi
else
  echo "SKIP systemd-analyze verify: systemd-analyze cannot run in this container"
fi
getent passwd govern >/dev/null && ok "user govern exists" || bad "no user govern"

# Removal leaves nothing of the package's files.
files=$(dpkg -L govern | grep -v '/\.$')
if dpkg -r govern >"$tmp/dpkg.log" 2>&1; then ok "dpkg -r govern"; else bad "dpkg -r"; cat "$tmp/dpkg.log"; fi
left=""
for f in $files; do
  [ -f "$f" ] || [ -L "$f" ] && left="$left $f"
done
for d in /usr/share/govern /usr/share/doc/govern; do [ -e "$d" ] && left="$left $d"; done
[ -z "$left" ] && ok "nothing left after dpkg -r" || bad "left after dpkg -r:$left"
[ ! -e /usr/bin/govern ] && ok "/usr/bin/govern removed" || bad "/usr/bin/govern still there"
dpkg -P govern >/dev/null 2>&1 && ok "dpkg -P govern (purge)" || bad "dpkg -P"
[ "$fail" -eq 0 ] && echo "package: all passed"
exit "$fail"
