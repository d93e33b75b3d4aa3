#!/usr/bin/env bash
# CI integrations at the repository root: action.yml (a composite GitHub
# Action) is well-formed, uploads with github/codeql-action/upload-sarif,
# passes inputs through env (no ${{ }} inside scripts), and its steps' scripts
# do what they say when run here (install skipped with govern on PATH; the lint
# step writes valid SARIF and reports the exit status); .pre-commit-hooks.yaml
# works through pre-commit itself (`pre-commit try-repo`) on a scratch repo.
# usage: ci_integrations_test.sh GOVERN SOURCE_DIR
set -u
govern=$(readlink -f "$1")
src=$(readlink -f "$2")
bindir=$(dirname "$govern")   # has govern and govern-lint
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

# --- action.yml: structure, and each step's script extracted for running ---
if python3 - "$src/action.yml" "$tmp" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
out = sys.argv[2]
problems = []
runs = action.get("runs", {})
if runs.get("using") != "composite":
    problems.append("runs.using is not composite")
steps = runs.get("steps", [])
uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
if len(uploads) != 1 or uploads[0].get("with", {}).get("sarif_file") != "${{ inputs.sarif-file }}":
    problems.append("no upload-sarif step uploading inputs.sarif-file")
for s in steps:
    if "run" in s:
        if "${{" in s["run"]:
            problems.append(f"step {s.get('name')}: ${{{{ }}}} inside a script (pass inputs through env)")
        if s.get("shell") != "bash":
            problems.append(f"step {s.get('name')}: composite run steps need shell: bash")
by_id = {s.get("id"): s for s in steps}
lint = by_id.get("lint", {})
if "--format sarif" not in lint.get("run", ""):
    problems.append("the lint step does not run govern lint --format sarif")
open(f"{out}/install.sh", "w").write(steps[0]["run"])
open(f"{out}/lint.sh", "w").write(lint.get("run", "exit 9"))
for name in ("paths", "config", "args", "sarif-file", "upload", "fail-on-findings"):
    if name not in action.get("inputs", {}):
        problems.append(f"input {name} missing")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
then ok "action.yml structure"; else bad "action.yml structure"; fi
export PATH="$bindir:$PATH"
if GOVERN_DEB="" bash "$tmp/install.sh" >"$tmp/out" 2>&1 && grep -q "govern already installed" "$tmp/out"; then
  ok "action install step: govern on PATH is used"; else bad "action install step"; cat "$tmp/out"; fi
run_lint_step() {  # CONFIG ARGS PATHS
  : >"$tmp/github_output"
  (cd "$src" && GOVERN_CONFIG=$1 GOVERN_ARGS=$2 GOVERN_PATHS=$3 GOVERN_SARIF="$tmp/action.sarif" \
    GITHUB_OUTPUT="$tmp/github_output" bash "$tmp/lint.sh") >"$tmp/out" 2>&1
}
run_lint_step examples/pipeline/govern.toml "-j 1" ""
status=$?
if [ "$status" -eq 0 ] && grep -qx "status=1" "$tmp/github_output"; then ok "action lint step: findings -> status=1, step passes"; else
  bad "action lint step: exit $status, output $(cat "$tmp/github_output")"; cat "$tmp/out"; fi
if python3 "$src/tests/lint/validate_sarif.py" "$src/tests/lint/sarif-2.1.0.json" "$tmp/action.sarif" >/dev/null 2>&1; then
  ok "action lint step: valid SARIF"; else bad "action lint step: SARIF invalid"; fi
run_lint_step examples/pipeline/govern.toml "" "examples/pipeline/pipelines/training/order_features.sql"
grep -qx "status=0" "$tmp/github_output" && ok "action lint step: paths input, clean -> status=0" || bad "action lint step with paths"
run_lint_step /nonexistent/govern.toml "" ""
status=$?
[ "$status" -eq 2 ] && grep -qx "status=2" "$tmp/github_output" && ok "action lint step: config error fails the step (2)" ||
  bad "action lint step on a config error: exit $status"

# --- .pre-commit-hooks.yaml through pre-commit ---
if ! command -v pre-commit >/dev/null; then
  echo "SKIP pre-commit hooks: pre-commit not installed (scripts/deps.sh installs it)"
elif ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  echo "SKIP pre-commit hooks: $src is not a git work tree (pre-commit try-repo clones it)"
else
  repo=$tmp/repo
  mkdir -p "$repo/pipelines/training"
  cp -r "$src/examples/pipeline/catalog" "$repo/"
  sed "s#\.\./\.\./policies#$src/policies#" "$src/examples/pipeline/govern.toml" >"$repo/govern.toml"
  printf 'SELECT c.email FROM customers c;\n' >"$repo/pipelines/training/bad.sql"
  printf 'SELECT id, amount FROM orders WHERE id = 1;\n' >"$repo/pipelines/training/good.sql"
  (cd "$repo" && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm init)
  export PRE_COMMIT_HOME=$tmp/pre-commit-home
  (cd "$repo" && pre-commit try-repo "$src" govern-lint --files pipelines/training/bad.sql) >"$tmp/out" 2>&1
  status=$?
  if [ "$status" -eq 1 ] && grep -qF "pipelines/training/bad.sql:1:8: error [pii.no_pii_in_training]" "$tmp/out"; then
    ok "pre-commit govern-lint fails on a finding"; else bad "pre-commit govern-lint on bad.sql: exit $status"; cat "$tmp/out"; fi
  (cd "$repo" && pre-commit try-repo "$src" govern-lint --files pipelines/training/good.sql) >"$tmp/out" 2>&1 &&
    ok "pre-commit govern-lint passes a clean file" || { bad "pre-commit govern-lint on good.sql"; cat "$tmp/out"; }
  (cd "$repo" && pre-commit try-repo "$src" govern-lint-all --all-files) >"$tmp/out" 2>&1
  [ $? -eq 1 ] && grep -qF "bad.sql" "$tmp/out" && ok "pre-commit govern-lint-all lints the repository" ||
    { bad "pre-commit govern-lint-all"; cat "$tmp/out"; }
fi
[ "$fail" -eq 0 ] && echo "CI integrations: all passed"
exit "$fail"
