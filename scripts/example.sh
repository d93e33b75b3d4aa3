#!/usr/bin/env bash
# The main job on the bundled example: install dependencies, build govern,
# check the standard policies, and lint the example pipeline with them.
# Exits with govern lint's status: 1, because the example has violations.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target govern
echo
echo "\$ govern test policies"
build/cli/govern test policies | tail -n 1
echo
echo "\$ govern lint --config examples/pipeline/govern.toml examples/pipeline"
set +e
build/cli/govern lint --config examples/pipeline/govern.toml examples/pipeline
status=$?
set -e
echo
echo "govern lint exited with $status (0 clean, 1 violations, 2 errors)"
exit "$status"
