#!/usr/bin/env bash
# Installs govern's build and test dependencies from Debian's packages.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -euo pipefail
pkgs=(
  cmake g++ make pkg-config
  libpg-query-dev            # PostgreSQL parser (15-4.0.0)
  libantlr4-runtime-dev antlr4 default-jre-headless  # policy grammar: runtime + generator
  llvm-15-dev libncurses-dev zlib1g-dev  # ADT (edit distance); LLVMSupport links tinfo and z
  libcli11-dev nlohmann-json3-dev doctest-dev
  libsimdjson-dev            # reads pg_query_parse JSON on the hot path
  libssl-dev                 # SHA-256 and Ed25519 for bundles; SCRAM and TLS in the proxy
  openssl                    # proxy integration test: a throwaway TLS certificate
  libtomlplusplus-dev        # govern.toml, proxy.toml, identities.toml
  libpq-dev                  # live catalogs; the proxy's libpq test client
  libasio-dev                # govern proxy: standalone Asio event loops
  libsqlite3-dev             # govern proxy: the embedded approval store
  python3-psycopg            # proxy integration tests (psycopg 3)
  libpostgresql-jdbc-java default-jdk-headless  # proxy integration tests (pgjdbc)
  postgresql-15 postgresql-client-15  # oracle and integration tests (pgbench: proxy benchmark)
  pgbouncer                  # proxy benchmark baseline (benchmarks/proxy/proxy_bench.sh)
  python3 python3-jsonschema git     # test runners, SARIF schema validation, lint --since
  graphviz                   # lineage tests: `dot -Tsvg` renders `govern lineage --format dot`
  dpkg-dev file fakeroot     # the .deb: CPack's dpkg-shlibdeps (Depends from linked libraries)
  man-db groff-base          # package test: `man -l` renders every page without warnings
  systemd zsh                # package test: `systemd-analyze verify` of the unit, zsh completion syntax
  pre-commit python3-yaml    # CI integration tests: .pre-commit-hooks.yaml via pre-commit, action.yml parsed
  chromium                   # console tests: the web console in headless Chromium
)
# Node + npm drive Chromium (puppeteer-core, tests/console/package.json); a
# Node from elsewhere that already brings npm is kept.
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# puppeteer-core into tests/console/node_modules (pinned by its package-lock.json; never global).
npm_console() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/console"
  [ -d "$dir/node_modules/puppeteer-core" ] || (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}
if [ ${#missing[@]} -eq 0 ]; then
  npm_console
  exit 0
fi
echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
npm_console
