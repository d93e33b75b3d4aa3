#!/usr/bin/env bash
# Reruns every benchmark of BENCHMARKS.md in a few minutes, then regenerates its
# tables and the latency plot (benchmarks/results/latency.svg).
#
# usage: scripts/bench.sh [--quick] [--no-build] [--no-peers] [--build-dir DIR]
#   (or: cmake --build build --target bench, with -DGOVERN_BENCHMARKS=ON)
#
# Environment:
#   GOVERN_CORPUS_DIR  the shared SQL corpus (default: ../shared/corpus beside the repository)
#   PEERS_DIR          where npm peers are installed (default: ~/.cache/govern-bench-peers);
#                      installed there with npm when missing, never into the repository
#   BENCH_CPU          the CPU the whole-process lint comparison is pinned to, so multi-threaded
#                      peers run on one core like govern (default 0; "" to not pin). In-process
#                      benchmarks are single-threaded and not pinned (the machine is shared).
#   GOVERN_JOBS        build parallelism (default 2)
#
# Outputs: build/bench-results/*.json (raw), benchmarks/results/results.json
# (every figure + the commands), benchmarks/results/latency.svg, and the
# tables of BENCHMARKS.md between its <!-- bench:... --> markers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=0 build=1 peers=1 build_dir="$root/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --no-peers) peers=0 ;;
    --build-dir) build_dir=$2; shift ;;
    *) echo "usage: scripts/bench.sh [--quick] [--no-build] [--no-peers] [--build-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done
corpus=${GOVERN_CORPUS_DIR:-$root/../shared/corpus}
corpus=$(cd "$corpus" && pwd)
export GOVERN_CORPUS_DIR=$corpus
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)  # absolute: later steps run from the corpus
peers_dir=${PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/govern-bench-peers}
out="$build_dir/bench-results"
mkdir -p "$out"
pin=()
if [ -n "${BENCH_CPU-0}" ] && command -v taskset >/dev/null; then pin=(taskset -c "${BENCH_CPU:-0}"); fi
min_time=0.2 reps=5 lint_repeat=7 cedar_seconds=2 runs=5
if [ "$quick" = 1 ]; then min_time=0.05 reps=3 lint_repeat=3 cedar_seconds=0.5 runs=2; fi

step() { printf '\n==== %s ====\n' "$*" >&2; }
: >"$out/commands.tsv"
# rec NAME ARGS...: records the exact command line of a figure (the repository
# as $REPO, the corpus as $CORPUS, the npm peers as $PEERS_DIR, a file list as
# "$(cat $REPO/build/bench-results/LIST.txt)"), pasteable into a shell.
rec() {
  local name=$1 line="" a
  shift
  for a in "$@"; do
    if [ "$a" = "&&" ]; then line+="&& "
    elif [[ "$a" == *" "* ]]; then line+="\"$a\" "  # a whole command (hyperfine): "$(cat LIST)" expands when pasted
    else line+="$(printf '%q' "$a") "; fi
  done
  line=${line//"$corpus"/\$CORPUS}
  line=${line//"$peers_dir"/\$PEERS_DIR}
  line=${line//"$root"/\$REPO}
  printf '%s\t%s\n' "$name" "$line" >>"$out/commands.tsv"
}

if [ "$build" = 1 ]; then
  step "build (Release, benchmarks on)"
  # No -Werror here: GCC 12 at -O3 reports false -Wrestrict/-Wuse-after-free in
  # libstdc++; the warnings gate is the CI build (scripts/test.sh).
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DGOVERN_WERROR=OFF -DGOVERN_BENCHMARKS=ON -DGOVERN_CORPUS_DIR="$corpus" >/dev/null
  cmake --build "$build_dir" -j "${GOVERN_JOBS:-2}" --target govern govern_benchmarks govern_bench_lint govern_bench_export
  cmake --build "$build_dir" -j "${GOVERN_JOBS:-2}" --target test_alloc || echo "test_alloc not built (sanitizer build?)" >&2
fi
govern="$build_dir/cli/govern"
bdir="$build_dir/benchmarks"

step "machine"
python3 - "$out/machine.json" "$root" <<'PY'
import json, os, platform, subprocess, sys, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def run(*cmd):
    try: return subprocess.run(cmd, capture_output=True, text=True, cwd=sys.argv[2]).stdout.strip()
    except OSError: return "?"
json.dump({"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
           "loadavg_before": open("/proc/loadavg").read().split()[:3],
           "compiler": run("c++", "--version").splitlines()[0],
           "commit": run("git", "rev-parse", "--short", "HEAD")}, open(sys.argv[1], "w"), indent=1)
PY

step "counting allocator (zero heap allocations per VM decision and per cache hit)"
if [ -x "$build_dir/tests/test_alloc" ]; then
  rec alloc "$build_dir/tests/test_alloc" -s
  "$build_dir/tests/test_alloc" -s >"$out/alloc.txt" 2>&1 || echo "test_alloc FAILED (see $out/alloc.txt)" >&2
fi

step "google benchmarks (one process: every ratio is from one run)"
# Repetitions in random interleaved order, medians reported: load from other
# processes hits every benchmark alike instead of one of a pair.
gb=("$bdir/govern_benchmarks" --benchmark_min_time="$min_time" --benchmark_repetitions="$reps"
    --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
    --benchmark_format=console --benchmark_out_format=json --benchmark_out="$out/gbench.json")
rec gbench "${gb[@]}"
"${gb[@]}" >&2

step "govern bench (per-decision percentiles: vm, full, cached)"
pipelines_sql="$out/pipelines.sql"
find "$corpus/pipelines" -name '*.sql' | sort | while read -r f; do cat "$f"; printf '\n;\n'; done >"$pipelines_sql"
catalogs=(--catalog "$root/policies/catalog/schema.sql" --catalog "$root/policies/catalog/tags.tsv")
for p in pagila mimic-iv jaffle_shop; do catalogs+=(--catalog "$corpus/pipelines/$p/schema.sql"); done
awk -F'\t' 'NR > 1 && ($1 == "pagila" || $1 == "mimic-iv") { print $2 "\t" $3 }' "$corpus/pii_tags.tsv" >"$out/pipelines_tags.tsv"
catalogs+=(--catalog "$out/pipelines_tags.tsv")
analyst='{"user":"ana","groups":["analyst"],"kind":"human"}'
rec export_100 "$bdir/govern_bench_export" --rules 100 --out "$out"
"$bdir/govern_bench_export" --rules 100 --out "$out" >&2
rec export_1000_scoped "$bdir/govern_bench_export" --rules 1000 --out "$out"
"$bdir/govern_bench_export" --rules 1000 --out "$out" >&2
min_cli=$( [ "$quick" = 1 ] && echo 0.1 || echo 0.5 )
cli() {  # cli NAME POLICY QUERIES [IDENTITY]
  local c=("$govern" bench --policy "$2" "${catalogs[@]}" --identity "${4:-$analyst}" --env prod "$3"
           --format json --min-time "$min_cli")
  rec "$1" "${c[@]}"
  "${c[@]}" >"$out/$1.json"
}
cli cli_pipelines "$root/policies" "$pipelines_sql"
cli cli_gen100 "$out/gen_100.policy" "$pipelines_sql"
cli cli_shop "$root/policies" "$root/benchmarks/queries/shop.sql"
# The generated rules scoped to ten applications, for the analyst in app0:
# a context that 10% of the rules concern (benchmarks/policy_gen.h).
analyst_app0='{"user":"ana","groups":["analyst"],"kind":"human","application":"app0"}'
cli cli_scoped100 "$out/gen_100_scoped.policy" "$pipelines_sql" "$analyst_app0"
cli cli_scoped1000 "$out/gen_1000_scoped.policy" "$pipelines_sql" "$analyst_app0"

# The lint comparison's file set: the whole corpus minus the files squawk
# crashes on (when squawk is there), so every tool reads the same files.
( cd "$corpus" && find . -name '*.sql' | sed 's|^\./||' | sort ) >"$out/corpus_files.txt"
cp "$out/corpus_files.txt" "$out/lint_files.txt"
( cd "$corpus" && find migrations/authelia -name '*.sql' | sort ) >"$out/sqlfluff_files.txt"

peer_status="$out/peers.json"
echo '{}' >"$peer_status"
note() {  # note NAME STATUS DETAIL
  python3 - "$peer_status" "$1" "$2" "$3" <<'PY'
import json, sys
p, name, status, detail = sys.argv[1:]
d = json.load(open(p)); d[name] = {"status": status, "detail": detail}
json.dump(d, open(p, "w"), indent=1)
PY
}
squawk="" pgls="" cedar=""
if [ "$peers" = 1 ]; then
  step "peers: install (npm into $peers_dir) and locate"
  if command -v npm >/dev/null; then
    mkdir -p "$peers_dir"
    if [ ! -d "$peers_dir/node_modules/@cedar-policy/cedar-wasm" ] || [ ! -d "$peers_dir/node_modules/squawk-cli" ] ||
       [ ! -d "$peers_dir/node_modules/@postgres-language-server/cli" ]; then
      ( cd "$peers_dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
        npm install --no-audit --no-fund squawk-cli@2.66.0 @postgres-language-server/cli@0.25.5 \
          @cedar-policy/cedar-wasm@4.13.0 >&2 ) || note npm failed "npm install failed (see the log above)"
    fi
  else
    note npm missing "npm not found: squawk, postgres-language-server and Cedar not run"
  fi
  squawk=$(ls "$peers_dir"/node_modules/@squawk-cli/linux-x64/bin/squawk 2>/dev/null || true)
  pgls=$(ls "$peers_dir"/node_modules/@postgres-language-server/cli-x86_64-linux-gnu/postgres-language-server 2>/dev/null || true)
  cedar=$(ls -d "$peers_dir"/node_modules/@cedar-policy/cedar-wasm/nodejs 2>/dev/null || true)
  if [ -n "$squawk" ]; then
    step "squawk: files it cannot process"
    : >"$out/squawk_crashes.txt"
    while read -r f; do
      set +e; ( cd "$corpus" && RAYON_NUM_THREADS=1 "$squawk" "$f" >/dev/null 2>"$out/squawk_err.txt" ); rc=$?; set -e
      if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        echo "$f	exit $rc: $(grep -m1 -E 'panicked|error' "$out/squawk_err.txt" | head -c 200)" >>"$out/squawk_crashes.txt"
      fi
    done <"$out/corpus_files.txt"
    cut -f1 "$out/squawk_crashes.txt" | grep -vxFf - "$out/corpus_files.txt" >"$out/lint_files.txt" || true
    note squawk ok "$("$squawk" --version); crashes on $(wc -l <"$out/squawk_crashes.txt") files (left out for every tool)"
  else
    note squawk missing "squawk-cli's linux-x64 binary not found under $peers_dir"
  fi
  [ -n "$pgls" ] && note postgres-language-server ok "$("$pgls" --version 2>&1 | head -1)" ||
    note postgres-language-server missing "binary not found under $peers_dir"
  if command -v sqlfluff >/dev/null; then note sqlfluff ok "$(sqlfluff --version)"; else
    note sqlfluff missing "sqlfluff not installed (Debian: apt-get install -y sqlfluff)"; fi
fi

step "lint throughput (in process, one thread): govern vs bare pg_query_parse"
for set in lint_files sqlfluff_files; do
  c=("$bdir/govern_bench_lint" --json --repeat "$lint_repeat" @"$out/$set.txt")
  rec "inprocess_$set" cd "$corpus" '&&' "${c[@]}"
  ( cd "$corpus" && "${c[@]}" ) >"$out/inprocess_$set.json"
done

# Whole-process timings (hyperfine, or a small Python timer when it is missing).
time_cmds() {  # time_cmds OUT.json RUNS LIST NAME=CMD...
  local json=$1 n=$2 list=$3
  shift 3
  local shown=() names=() cmds=() flist nc
  flist=$(tr '\n' ' ' <"$out/$list.txt")
  for nc in "$@"; do
    names+=(-n "${nc%%=*}")
    cmds+=("${nc#*=}")
    shown+=(-n "${nc%%=*}" "${nc#*=}")
  done
  for i in "${!shown[@]}"; do shown[$i]=${shown[$i]//"$flist"/\$(cat $out/$list.txt) }; done
  if command -v hyperfine >/dev/null; then
    rec "$(basename "$json" .json)" cd "$corpus" '&&' hyperfine --style basic -N --warmup 1 --runs "$n" -i "${shown[@]}"
    ( cd "$corpus" && hyperfine --style none -N --warmup 1 --runs "$n" -i --export-json "$json" "${names[@]}" "${cmds[@]}" >&2 )
  else
    rec "$(basename "$json" .json)" cd "$corpus" '&&' python3 scripts/bench_time.py OUT.json "$n" "$@"
    ( cd "$corpus" && python3 "$root/scripts/bench_time.py" "$json" "$n" "$@" )
  fi
}
step "lint, whole processes on the same files (one core)"
# govern lint as CI runs it: the standard policies, the pipelines' catalog, one
# profile (a developer in dev), one job (-j 1) so it uses one core like the others.
cat >"$out/govern.toml" <<TOML
[policies]
sources = ["$root/policies"]
[catalog]
sources = [$(for c in "${catalogs[@]}"; do [ "$c" != --catalog ] && printf '"%s", ' "$c"; done | sed 's/, $//')]
[[profile]]
name = "developer"
paths = ["**"]
env = "dev"
identity = { user = "dev", kind = "human" }
TOML
pinned="${pin[*]}"
files=$(tr '\n' ' ' <"$out/lint_files.txt")
cmds=("govern=$pinned $govern lint --config $out/govern.toml -j 1 $files")
[ -n "$squawk" ] && cmds+=("squawk=env RAYON_NUM_THREADS=1 $pinned $squawk $files")
[ -n "$pgls" ] && cmds+=("postgres-language-server=$pinned $pgls check --disable-db $files")
time_cmds "$out/lint_processes.json" "$runs" lint_files "${cmds[@]}"
if [ "$peers" = 1 ] && command -v sqlfluff >/dev/null; then
  step "sqlfluff (slow: migrations/authelia only), govern on the same files"
  sf_files=$(tr '\n' ' ' <"$out/sqlfluff_files.txt")
  time_cmds "$out/lint_sqlfluff.json" 2 sqlfluff_files "govern=$pinned $govern lint --config $out/govern.toml -j 1 $sf_files" \
    "sqlfluff=$pinned sqlfluff lint --dialect postgres --processes 1 $sf_files"
fi

if [ -n "$cedar" ] && command -v node >/dev/null; then
  step "Cedar (cedar-wasm in Node) on the same decisions: 10 and 1,000 policies"
  for n in 10 1000; do
    rec "export_$n" "$bdir/govern_bench_export" --rules "$n" --out "$out"
    "$bdir/govern_bench_export" --rules "$n" --out "$out" >&2
    ok=0
    for attempt in 1 2 3; do  # Node 20's deoptimizer has crashed here once ("unreachable code"): retry
      c=(node "$root/benchmarks/peers/cedar_bench.cjs" "$cedar" "$out/gen_$n.cedar" "$out/requests.json"
         "$cedar_seconds")
      rec "cedar_$n" "${c[@]}"
      if "${c[@]}" >"$out/cedar_$n.json" 2>"$out/cedar_$n.err"; then ok=1; break; fi
      echo "cedar $n: attempt $attempt failed: $(head -c 300 "$out/cedar_$n.err")" >&2
    done
    [ "$ok" = 1 ] && note "cedar_$n" ok "attempts: $attempt" || { note "cedar_$n" failed "$(head -c 500 "$out/cedar_$n.err")"; rm -f "$out/cedar_$n.json"; }
  done
elif [ "$peers" = 1 ]; then
  note cedar missing "cedar-wasm or node not found"
fi

step "report"
python3 "$root/scripts/bench_report.py" "$out" "$root"
