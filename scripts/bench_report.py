#!/usr/bin/env python3
"""Turns the raw output of scripts/bench.sh into BENCHMARKS.md's tables, a
JSON summary and an SVG plot of latency percentiles per path.

usage: bench_report.py RESULTS_DIR REPO_ROOT
Reads RESULTS_DIR/*.json (Google Benchmark, govern bench, govern_bench_lint,
hyperfine, Cedar), writes REPO_ROOT/benchmarks/results/{results.json,latency.svg}
and replaces the text between <!-- bench:NAME --> and <!-- /bench:NAME --> in
REPO_ROOT/BENCHMARKS.md. Every number comes from those files; nothing is typed in.
"""
import json
import math
import os
import re
import sys

out_dir, root = sys.argv[1], sys.argv[2]


def load(name):
    path = os.path.join(out_dir, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


machine = load("machine.json") or {}
gbench = load("gbench.json") or {"benchmarks": []}
peers = load("peers.json") or {}
cli = {k: load("cli_%s.json" % k) for k in ("pipelines", "gen100", "shop", "scoped100", "scoped1000")}
inproc = load("inprocess_lint_files.json")
inproc_sf = load("inprocess_sqlfluff_files.json")
procs = load("lint_processes.json")
procs_sf = load("lint_sqlfluff.json")
cedar = {n: load("cedar_%d.json" % n) for n in (10, 1000)}
commands = {}
if os.path.exists(os.path.join(out_dir, "commands.tsv")):
    for line in open(os.path.join(out_dir, "commands.tsv")):
        name, _, cmd = line.rstrip("\n").partition("\t")
        commands[name] = cmd.strip()
alloc = open(os.path.join(out_dir, "alloc.txt")).read() if os.path.exists(os.path.join(out_dir, "alloc.txt")) else ""

UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def gb(name):
    """The median over repetitions when the run has them, else the single run."""
    single = None
    for b in gbench["benchmarks"]:
        if b.get("run_name", b["name"]) != name:
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
            return b
        if b.get("run_type", "iteration") == "iteration" and single is None:
            single = b
    return single


def gb_ns(name):
    b = gb(name)
    return b["real_time"] * UNIT[b["time_unit"]] if b else None


def per_statement(name):
    b = gb(name)
    return b["real_time"] * UNIT[b["time_unit"]] / b["statements"] if b and b.get("statements") else None


def fmt_ns(ns):
    if ns is None:
        return "n/a"
    if ns < 1e3:
        return "%.0f ns" % ns
    if ns < 1e6:
        return "%.2f us" % (ns / 1e3)
    if ns < 1e9:
        return "%.2f ms" % (ns / 1e6)
    return "%.2f s" % (ns / 1e9)


def fmt_rate(r):
    return "n/a" if r is None else "{:,.0f}/s".format(r)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt_x(x):
    if x is None:
        return "n/a"
    return "%.0fx" % x if x >= 20 else "%.2fx" % x


def cmd(name):
    c = commands.get(name)
    return "`%s`" % c if c else "(not run)"


def status(value, target, lower_is_better=True):
    if value is None:
        return "not measured"
    ok = value < target if lower_is_better else value > target
    if ok:
        return "**met**"
    # Under 1%, one decimal: "0% over" would read as met.
    if lower_is_better:
        over = 100 * (value / target - 1)
        return "**missed**: %s%% over" % ("%.1f" % over if over < 1 else "%.0f" % over)
    short = 100 * (1 - value / target)
    return "**missed**: %s%% short" % ("%.1f" % short if short < 1 else "%.0f" % short)


figures = {}  # name -> {"value", "unit", "command"}


def figure(name, value, unit, command):
    figures[name] = {"value": value, "unit": unit, "command": command}
    return value


# ---------------------------------------------------------------- figures
vm100_p50 = figure("vm_100_rules_p50_ns", cli["gen100"]["paths"]["vm"]["p50_ns"] if cli["gen100"] else None, "ns",
                   commands.get("cli_gen100"))
vm100_mean = figure("vm_100_rules_mean_ns", gb_ns("BM_VmDecision/rules:100"), "ns", commands.get("gbench"))
parse_ns = gb_ns("BM_PipelinesParseOnly")
facts_ns = gb_ns("BM_PipelinesFacts")
full_ns = gb_ns("BM_PipelinesFull")
# Preferred: BM_PipelinesRatios, the median of back-to-back (parse, facts, full) pass ratios.
paired = gb("BM_PipelinesRatios")
full_ratio = figure("full_over_parse", paired["full_over_parse"] if paired else ratio(full_ns, parse_ns), "x",
                    commands.get("gbench"))
facts_ratio = figure("facts_over_parse", paired["facts_over_parse"] if paired else ratio(facts_ns, parse_ns), "x",
                     commands.get("gbench"))
hit_short = figure("cache_hit_p50_ns_short", cli["shop"]["paths"]["cached"]["p50_ns"] if cli["shop"] else None, "ns",
                   commands.get("cli_shop"))
hit_long = figure("cache_hit_p50_ns_pipelines",
                  cli["pipelines"]["paths"]["cached"]["p50_ns"] if cli["pipelines"] else None, "ns",
                  commands.get("cli_pipelines"))
# The untimed throughput passes: the mean cost of a hit without a clock read
# around each call (the per-call p50 is read with a clock whose step is
# timer_resolution_ns, 10 ns on some VMs).
def untimed_ns(name):
    c = cli[name]["paths"]["cached"] if cli[name] else None
    return 1e9 / c["per_second"] if c and c.get("per_second") else None


hit_short_mean = figure("cache_hit_untimed_mean_ns_short", untimed_ns("shop"), "ns", commands.get("cli_shop"))
hit_long_mean = figure("cache_hit_untimed_mean_ns_pipelines", untimed_ns("pipelines"), "ns",
                       commands.get("cli_pipelines"))
hit_step = cli["pipelines"].get("timer_resolution_ns") if cli["pipelines"] else None
lint_rate = figure("lint_statements_per_second", inproc["govern_per_second"] if inproc else None, "1/s",
                   commands.get("inprocess_lint_files"))
lint_ratio = figure("lint_over_parse", inproc["ratio_to_parse"] if inproc else None, "x",
                    commands.get("inprocess_lint_files"))
compile_ns = figure("compile_1000_rules_ns", gb_ns("BM_Compile/rules:1000"), "ns", commands.get("gbench"))

# Whole processes on the same files.
def proc_rows(data, statements):
    rows = []
    if not data:
        return rows
    for r in data["results"]:
        tool = r["command"]  # hyperfine --command-name (bench_time.py: NAME=COMMAND)
        t = r.get("median", r["mean"])
        rows.append({"tool": tool, "seconds": t, "per_second": statements / t if statements else None})
    return rows


lint_procs = proc_rows(procs, inproc["statements"] if inproc else 0)
lint_procs_sf = proc_rows(procs_sf, inproc_sf["statements"] if inproc_sf else 0)
govern_proc = next((r for r in lint_procs if r["tool"] == "govern"), None)
for r in lint_procs + lint_procs_sf:
    base = next((g for g in (lint_procs if r in lint_procs else lint_procs_sf) if g["tool"] == "govern"), None)
    r["govern_speedup"] = ratio(r["seconds"], base["seconds"]) if base else None
    figure("process_%s_%s" % ("corpus" if r in lint_procs else "authelia", r["tool"]), r["per_second"], "1/s",
           commands.get("lint_processes" if r in lint_procs else "lint_sqlfluff"))

cedar_rows = []
for n, c in cedar.items():
    g = gb_ns("BM_VmDecision/rules:%d" % n)
    if c:
        cedar_rows.append({"policies": n, "govern_ns": g, "cedar_stateful_p50_ns": c["stateful"]["p50_ns"],
                           "cedar_stateful_mean_ns": c["stateful"]["mean_ns"],
                           "cedar_parse_each_p50_ns": c["parse_each_call"]["p50_ns"], "agreement": c["agreement"],
                           "agreement_checked": c.get("agreement_checked"), "requests": c["requests"],
                           "version": c["cedar_version"], "node": c["node"]})
        figure("cedar_%d_over_govern" % n, ratio(c["stateful"]["mean_ns"], g), "x", commands.get("cedar_%d" % n))

alloc_lines = re.findall(r"MESSAGE: (.*)", alloc)

# ---------------------------------------------------------------- tables
tables = {}
m = machine
tables["machine"] = (
    "Machine: %s, `nproc` = %s, Linux %s, %s. Run of %s (commit `%s`), load average before the run: %s. "
    "The whole-process lint comparison was pinned to one CPU (`taskset -c 0`); in-process benchmarks are single-threaded. Google Benchmark: Debian's libbenchmark 1.7.1 "
    "(it prints \"Library was built as DEBUG\"; that affects its own bookkeeping, not the code under test)."
    % (m.get("cpu", "?"), m.get("nproc", "?"), m.get("kernel", "?"), m.get("compiler", "?"), m.get("date", "?"),
       m.get("commit", "?"), " ".join(m.get("loadavg_before", []))))

shop_sql = "benchmarks/queries/shop.sql"
rows = [
    ("VM decision, 100 rules: median < 0.5 us", "p50 %s per decision (mean %s)" % (fmt_ns(vm100_p50), fmt_ns(vm100_mean)),
     status(vm100_p50, 500), "%s the target" % fmt_x(ratio(vm100_p50, 500)), "cli_gen100"),
    ("no allocation per VM decision / per cache hit", "; ".join(alloc_lines) or "not run",
     "**met**" if alloc_lines and all(" 0 operator new, 0 malloc" in l for l in alloc_lines) else "not measured",
     "counting allocator", "alloc"),
    ("parse + facts + decide < 1.5x `pg_query_parse` (pipelines)", "%s per statement vs %s" % (
        fmt_ns(per_statement("BM_PipelinesFull")), fmt_ns(per_statement("BM_PipelinesParseOnly"))),
     status(full_ratio, 1.5), "%s `pg_query_parse` (median of back-to-back pass ratios, `BM_PipelinesRatios`)" % fmt_x(full_ratio), "gbench"),
    ("facts alone vs `pg_query_parse` (pipelines)", "", "(no target)", "%s `pg_query_parse`" % fmt_x(facts_ratio), "gbench"),
    ("repeated text (cache hit) < 0.1 us", "p50 %s on %s, %s on the pipelines' long statements" % (
        fmt_ns(hit_short), shop_sql, fmt_ns(hit_long)), status(hit_short, 100),
     "%s the target (short), %s (long)" % (fmt_x(ratio(hit_short, 100)), fmt_x(ratio(hit_long, 100))), "cli_shop"),
    ("lint > 200,000 statements/s on one core", fmt_rate(lint_rate), status(lint_rate, 200000, lower_is_better=False),
     "%s the target" % fmt_x(ratio(lint_rate, 200000)), "inprocess_lint_files"),
    ("lint within 2x of the bare parse (same files)", "%s vs %s bare parse" % (
        fmt_rate(lint_rate), fmt_rate(inproc["parse_per_second"] if inproc else None)), status(lint_ratio, 2.0),
     "%s the bare parse" % fmt_x(lint_ratio), "inprocess_lint_files"),
]
# Issue 13's targets.
def cli_p50(key, path):
    return cli[key]["paths"][path]["p50_ns"] if cli.get(key) else None


def lint_pair(lint, parse):
    lb, pb = gb(lint), gb(parse)
    if not lb or not pb:
        return None, None
    return ratio(gb_ns(lint), gb_ns(parse)), lb.get("items_per_second")


for n, target in ((100, 100), (1000, 300)):
    p50 = figure("vm_scoped_%d_p50_ns" % n, cli_p50("scoped%d" % n, "vm"), "ns", commands.get("cli_scoped%d" % n))
    spec = gb("BM_VmDecisionScoped/rules:%d" % n)
    generic = gb_ns("BM_VmDecisionScopedGeneric/rules:%d" % n)
    rows.append(("VM, %d generated rules, a context 10%% of them concern: p50 <= %d ns" % (n, target),
                 "p50 %s (specialized; mean %s over 4 identities, %s%% of the rules survive); generic VM mean %s" % (
                     fmt_ns(p50), fmt_ns(gb_ns("BM_VmDecisionScoped/rules:%d" % n)),
                     "%.1f" % spec["surviving_rules_pct"] if spec and "surviving_rules_pct" in spec else "?",
                     fmt_ns(generic)),
                 status(p50, target + 0.001), "%s the target; specialized %s faster than generic (means)" % (
                     fmt_x(ratio(p50, target)), fmt_x(ratio(generic, gb_ns("BM_VmDecisionScoped/rules:%d" % n)))),
                 "cli_scoped%d" % n))
rows.append(("parse + facts + decide <= 1.25x `pg_query_parse` (pipelines)", "", status(full_ratio, 1.25 + 1e-9),
             "%s `pg_query_parse`" % fmt_x(full_ratio), "gbench"))
rows.append(("lint <= 1.5x the bare parse, corpus (same files)", "", status(lint_ratio, 1.5 + 1e-9),
             "%s the bare parse" % fmt_x(lint_ratio), "inprocess_lint_files"))
# Preferred: BM_LintRatios/set:N, the median of back-to-back (bare parse,
# lint pass, flow + lint pass) ratios over the same files; separate
# benchmarks (BM_LintX / BM_ParseX) move with the machine's load between them.
LINT_SETS = {"corpus": 0, "pipelines": 1, "migrations": 2}


def paired_lint(label, counter):
    n = LINT_SETS[label]
    b = gb("BM_LintRatios/set:%d/iterations:%d" % (n, 7 if n == 0 else 31))
    return b.get(counter) if b else None


def lint_row(title, figure_name, label, lint, parse, counter):
    """A lint target row: the paired ratio when the run has it, else lint / parse."""
    r, rate = lint_pair(lint, parse)
    p = paired_lint(label, counter)
    how = "%s (`%s` / `%s`)" % (fmt_rate(rate), lint, parse)
    if p is not None:
        how = "%s (median of back-to-back pass ratios, `BM_LintRatios/set:%d`; %s separately: %s)" % (
            fmt_x(p), LINT_SETS[label], how, fmt_x(r))
        r = p
    figure(figure_name, r, "x", commands.get("gbench"))
    rows.append((title, how, status(r, 1.5 + 1e-9), "%s the bare parse" % fmt_x(r), "gbench"))


for label, lint, parse in (("pipelines", "BM_LintPipelines", "BM_ParsePipelines"),
                           ("migrations", "BM_LintMigrations", "BM_ParseMigrations")):
    lint_row("lint <= 1.5x the bare parse, %s" % label, "lint_over_parse_%s" % label, label, lint, parse,
             "lint_over_parse")
for label, parse in (("corpus", "BM_ParseCorpus"), ("pipelines", "BM_ParsePipelines"),
                     ("migrations", "BM_ParseMigrations")):
    # What `govern lint` runs by default: the repository flow, then the lint pass.
    lint = "BM_LintFlow%s/keep_parses:0" % label.capitalize()  # lint/repository.cpp keeps no parses
    lint_row("lint with the repository flow <= 1.5x the bare parse, %s" % label, "lint_flow_over_parse_%s" % label,
             label, lint, parse, "flow_over_parse")
rows.append(("lint >= 250,000 statements/s on one core", fmt_rate(lint_rate),
             status(lint_rate, 250000 - 1e-9, lower_is_better=False), "%s the target" % fmt_x(ratio(lint_rate, 250000)),
             "inprocess_lint_files"))
rows.append(("cache hit p50 <= 50 ns, short and long texts",
             "p50 %s (short), %s (long), per call with a clock of %s steps; untimed throughput passes: %s (short), "
             "%s (long) per hit on average; a frozen context, as the proxy's (BM_CachedDecision/stamped:0 for "
             "an unstamped one)" % (fmt_ns(hit_short), fmt_ns(hit_long), fmt_ns(hit_step),
                                               fmt_ns(hit_short_mean), fmt_ns(hit_long_mean)),
             status(max(hit_short or 0, hit_long or 0) or None, 50 + 0.001),
             "%s the target (short), %s (long)" % (fmt_x(ratio(hit_short, 50)), fmt_x(ratio(hit_long, 50))), "cli_shop"))
for r in lint_procs:
    if r["tool"] != "govern":
        rows.append(("lint ahead of %s (whole processes, same files)" % r["tool"], "%s vs govern %s" % (
            fmt_rate(r["per_second"]), fmt_rate(govern_proc["per_second"] if govern_proc else None)),
            "**met**" if r["govern_speedup"] and r["govern_speedup"] > 1 else "**missed**",
            "govern %s faster" % fmt_x(r["govern_speedup"]), "lint_processes"))
rows.append(("compile 1,000 rules < 100 ms", fmt_ns(compile_ns), status(compile_ns, 100e6),
             "%s the target" % fmt_x(ratio(compile_ns, 100e6)), "gbench"))
for c in cedar_rows:
    rows.append(("ahead of Cedar, %d policies (same decisions)" % c["policies"],
                 "Cedar %s (p50, preparsed) vs govern VM %s (mean)" % (fmt_ns(c["cedar_stateful_p50_ns"]),
                                                                       fmt_ns(c["govern_ns"])),
                 "**met**" if c["govern_ns"] and c["cedar_stateful_mean_ns"] > c["govern_ns"] else "**missed**",
                 "govern %s faster (mean vs mean)" % fmt_x(ratio(c["cedar_stateful_mean_ns"], c["govern_ns"])),
                 "cedar_%d" % c["policies"]))
t = ["| target (DESIGN 6) | measured | status | ratio | command |", "|---|---|---|---|---|"]
for name, value, st, rt, c in rows:
    t.append("| %s | %s | %s | %s | %s |" % (name, value, st, rt,
                                            "`build/tests/test_alloc -s`" if c == "alloc" else "[%s](#commands)" % c))
tables["targets"] = "\n".join(t)

t = ["| workload | path | p50 | p90 | p99 | p99.9 | max | decisions/s | samples |", "|---|---|---|---|---|---|---|---|---|"]
labels = {"pipelines": "pipelines corpus, standard policies", "gen100": "pipelines corpus, 100 generated rules",
          "shop": "short statements (%s), standard policies" % shop_sql,
          "scoped100": "pipelines corpus, 100 generated rules scoped to 10 applications (app0)",
          "scoped1000": "pipelines corpus, 1,000 generated rules scoped to 10 applications (app0)"}
for k in ("pipelines", "gen100", "shop", "scoped100", "scoped1000"):
    d = cli[k]
    if not d:
        continue
    for path in ("vm", "full", "cached"):
        p = d["paths"][path]
        t.append("| %s (%d statements) | %s | %s | %s | %s | %s | %s | %s | %d |" % (
            labels[k], d["statements"], path, fmt_ns(p["p50_ns"]), fmt_ns(p["p90_ns"]), fmt_ns(p["p99_ns"]),
            fmt_ns(p["p999_ns"]), fmt_ns(p["max_ns"]), fmt_rate(p["per_second"]), p["samples"]))
if cli["pipelines"]:
    t.append("")
    t.append("Clock: %s, resolution %.1f ns, timer overhead %.1f ns (subtracted from each sample). Commands: "
             "[cli_pipelines](#commands), [cli_gen100](#commands), [cli_shop](#commands), [cli_scoped100](#commands), [cli_scoped1000](#commands)." % (
                 cli["pipelines"]["clock"], cli["pipelines"].get("timer_resolution_ns", 0),
                 cli["pipelines"]["timer_overhead_ns"]))
tables["latency"] = "\n".join(t)

t = []
if inproc:
    t.append("In process, one thread, median of %d passes over %d files (%s statements, %.1f MB): "
             "[inprocess_lint_files](#commands)." % (inproc["repeat"], inproc["files"],
                                                     "{:,}".format(inproc["statements"]), inproc["bytes"] / 1e6))
    t.append("")
    t.append("| | time per pass | statements/s | ratio |")
    t.append("|---|---|---|---|")
    t.append("| govern: parse + facts + decide | %s | %s | %s the bare parse |" % (
        fmt_ns(inproc["govern_seconds"] * 1e9), fmt_rate(inproc["govern_per_second"]), fmt_x(inproc["ratio_to_parse"])))
    t.append("| bare `pg_query_parse` | %s | %s | 1x |" % (fmt_ns(inproc["parse_seconds"] * 1e9),
                                                         fmt_rate(inproc["parse_per_second"])))
if lint_procs:
    t.append("")
    t.append("Whole processes (start-up, compiling the policies, loading the catalog and printing findings included; "
             "`govern lint -j 1`), same %d files, one CPU, median of the runs: [lint_processes](#commands). "
             "statements/s = %s statements / time." % (
                 inproc["files"] if inproc else 0, "{:,}".format(inproc["statements"]) if inproc else "?"))
    t.append("")
    t.append("| tool | time | statements/s | govern is |")
    t.append("|---|---|---|---|")
    for r in lint_procs:
        t.append("| %s | %s | %s | %s |" % (r["tool"], fmt_ns(r["seconds"] * 1e9), fmt_rate(r["per_second"]),
                                            "-" if r["tool"] == "govern" else "%s faster" % fmt_x(r["govern_speedup"])))
if lint_procs_sf:
    t.append("")
    t.append("sqlfluff is too slow for the whole corpus; on migrations/authelia (%d files, %s statements): "
             "[lint_sqlfluff](#commands)." % (inproc_sf["files"], "{:,}".format(inproc_sf["statements"])))
    t.append("")
    t.append("| tool | time | statements/s | govern is |")
    t.append("|---|---|---|---|")
    for r in lint_procs_sf:
        t.append("| %s | %s | %s | %s |" % (r["tool"], fmt_ns(r["seconds"] * 1e9), fmt_rate(r["per_second"]),
                                            "-" if r["tool"] == "govern" else "%s faster" % fmt_x(r["govern_speedup"])))
t.append("")
t.append("Peers: " + "; ".join("%s: %s (%s)" % (k, v["status"], v["detail"]) for k, v in sorted(peers.items())))
crashes = os.path.join(out_dir, "squawk_crashes.txt")
if os.path.exists(crashes) and os.path.getsize(crashes):
    t.append("")
    t.append("Files left out for every tool because squawk crashes on them:")
    t.append("")
    for line in open(crashes):
        f, _, why = line.rstrip("\n").partition("\t")
        t.append("- `%s`: %s" % (f, why.strip()))
tables["lint"] = "\n".join(t)

t = ["| policies | govern VM (mean per decision) | Cedar, preparsed (p50 / mean) | Cedar, policies parsed per call (p50) | govern is | agreement |",
     "|---|---|---|---|---|---|"]
for c in cedar_rows:
    t.append("| %d | %s | %s / %s | %s | %s faster | %.1f%% of %s requests |" % (
        c["policies"], fmt_ns(c["govern_ns"]), fmt_ns(c["cedar_stateful_p50_ns"]), fmt_ns(c["cedar_stateful_mean_ns"]),
        fmt_ns(c["cedar_parse_each_p50_ns"]), fmt_x(ratio(c["cedar_stateful_mean_ns"], c["govern_ns"])),
        100 * c["agreement"], c["agreement_checked"]))
if cedar_rows:
    t.append("")
    t.append("Cedar %s (cedar-wasm) in Node %s; %d requests (every pipelines statement x 4 identities). Commands: "
             "[cedar_10](#commands), [cedar_1000](#commands), govern: [gbench](#commands) `BM_VmDecision`."
             % (cedar_rows[0]["version"], cedar_rows[0]["node"], cedar_rows[0]["requests"]))
tables["cedar"] = "\n".join(t)

reps = next((b.get("repetitions") for b in gbench["benchmarks"] if b.get("run_type") == "aggregate"), None)
t = ["Median of %s repetitions run in random interleaved order; cv = coefficient of variation over the "
     "repetitions." % reps if reps else "Single repetition.", "",
     "| benchmark | time per iteration | cv | items/s | counters |", "|---|---|---|---|---|"]
names = []
for b in gbench["benchmarks"]:
    n = b.get("run_name", b["name"])
    if n not in names:
        names.append(n)
order = ["BM_VmDecision/", "BM_VmDecisionStandard", "BM_CachedDecision", "BM_PipelinesParseOnly", "BM_PipelinesFacts",
         "BM_PipelinesFull", "BM_PipelinesRatios", "BM_LintRatios", "BM_Compile/", "BM_CompileAndBind", "BM_LintCorpus", "BM_ParseCorpus", "BM_LintPipelines",
         "BM_ParsePipelines", "BM_LintMigrations", "BM_ParseMigrations"]


def rank(n):
    r = next((i for i, p in enumerate(order) if n.startswith(p)), len(order))
    arg = re.search(r":(\d+)$", n)
    return (r, int(arg.group(1)) if arg else 0, n)


for n in sorted(names, key=rank):
    b = gb(n)
    cv = next((x for x in gbench["benchmarks"] if x.get("run_name") == n and x.get("aggregate_name") == "cv"), None)
    counters = {k: v for k, v in b.items() if k in ("statements", "rules", "fired_per_decision", "files", "texts",
                                                     "full_over_parse", "facts_over_parse", "pairs")}
    t.append("| %s | %s | %s | %s | %s |" % (n, fmt_ns(b["real_time"] * UNIT[b["time_unit"]]),
                                             "%.1f%%" % (100 * cv["real_time"]) if cv else "-",
                                             fmt_rate(b.get("items_per_second")),
                                             ", ".join("%s=%g" % kv for kv in sorted(counters.items()))))
tables["gbench"] = "\n".join(t)

t = ["| name | command |", "|---|---|"]
for name, c in commands.items():
    t.append("| %s | `%s` |" % (name, c.replace("|", "\\|")))
tables["commands"] = "\n".join(t)

# ---------------------------------------------------------------- plot
def svg_plot(path):
    series = []
    colors = {"vm": "#1f77b4", "full": "#d62728", "cached": "#2ca02c"}
    for k, dash in (("pipelines", ""), ("shop", "6,4")):
        d = cli[k]
        if not d:
            continue
        for p in ("vm", "full", "cached"):
            v = d["paths"][p]
            vals = [v["p50_ns"], v["p90_ns"], v["p99_ns"], v["p999_ns"], v["max_ns"]]
            series.append(("%s, %s" % (p, "pipelines" if k == "pipelines" else "short statements"), colors[p], dash,
                           [max(x, 1.0) for x in vals]))
    if not series:
        return
    cats = ["p50", "p90", "p99", "p99.9", "max"]
    lo = 10 ** math.floor(math.log10(min(min(s[3]) for s in series)))
    hi = 10 ** math.ceil(math.log10(max(max(s[3]) for s in series)))
    W, H, L, R, T, B = 860, 460, 80, 330, 50, 50
    pw, ph = W - L - R, H - T - B

    def x(i):
        return L + pw * (i + 0.5) / len(cats)

    def y(v):
        return T + ph * (1 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
         'font-family="sans-serif" font-size="12">' % (W, H, W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="22" font-size="15" font-weight="bold">govern bench: latency per decision (log scale)</text>' % L,
         '<text x="%d" y="38" fill="#555">%s, %s CPUs, %s, commit %s</text>' % (
             L, machine.get("cpu", "?"), machine.get("nproc", "?"), machine.get("date", "?"), machine.get("commit", "?"))]
    e = int(math.log10(lo))
    while 10 ** e <= hi:
        v = 10 ** e
        o.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (L, L + pw, y(v), y(v)))
        unit = ("ns", 1) if v < 1e3 else ("us", 1e3) if v < 1e6 else ("ms", 1e6) if v < 1e9 else ("s", 1e9)
        o.append('<text x="%d" y="%.1f" text-anchor="end" fill="#333">%g %s</text>' % (L - 6, y(v) + 4, v / unit[1], unit[0]))
        e += 1
    for i, c in enumerate(cats):
        o.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x(i), T + ph + 20, c))
    o.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>' % (L, T, pw, ph))
    for li, (label, color, dash, vals) in enumerate(series):
        pts = " ".join("%.1f,%.1f" % (x(i), y(v)) for i, v in enumerate(vals))
        o.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>' % (
            pts, color, ' stroke-dasharray="%s"' % dash if dash else ""))
        for i, v in enumerate(vals):
            o.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s %s: %s</title></circle>' % (
                x(i), y(v), color, label, cats[i], fmt_ns(v)))
        ly = T + 10 + li * 20
        o.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>' % (
            L + pw + 15, L + pw + 45, ly, ly, color, ' stroke-dasharray="%s"' % dash if dash else ""))
        o.append('<text x="%d" y="%d">%s (p50 %s)</text>' % (L + pw + 50, ly + 4, label, fmt_ns(vals[0])))
    o.append('<text x="%d" y="%d" fill="#555">generated by scripts/bench_report.py from govern bench --format json</text>'
             % (L, H - 8))
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


res_dir = os.path.join(root, "benchmarks", "results")
os.makedirs(res_dir, exist_ok=True)
svg_plot(os.path.join(res_dir, "latency.svg"))
with open(os.path.join(res_dir, "results.json"), "w") as f:
    json.dump({"machine": machine, "figures": figures, "latency": {k: v for k, v in cli.items() if v},
               "lint_in_process": inproc, "lint_processes": lint_procs, "lint_sqlfluff": lint_procs_sf,
               "cedar": cedar_rows, "peers": peers, "commands": commands}, f, indent=1)

md_path = os.path.join(root, "BENCHMARKS.md")
if os.path.exists(md_path):
    md = open(md_path).read()
    for name, body in tables.items():
        begin, end = "<!-- bench:%s -->" % name, "<!-- /bench:%s -->" % name
        pat = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        if not pat.search(md):
            print("BENCHMARKS.md: no %s marker" % begin, file=sys.stderr)
            continue
        md = pat.sub(lambda mo: begin + "\n" + body + "\n" + end, md)
    open(md_path, "w").write(md)
print("wrote benchmarks/results/results.json, benchmarks/results/latency.svg, BENCHMARKS.md tables", file=sys.stderr)
for name, body in tables.items():
    if name in ("targets",):
        print(body)
