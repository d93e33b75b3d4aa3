#!/usr/bin/env python3
"""Runs the analyzer over every file of the shared parser corpus: no crash, no
hang (timeout), every parse failure a diagnostic; the number of failing
statements per file is compared with expected_parse_failures.tsv.

The expected counts come from a psql-style splitter like ours; small
differences come from splitting details (e.g. psql leftovers that glue
statements together), so the test allows a 5% difference in total and lists
per-file differences."""
import argparse, collections, json, os, subprocess, sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--corpus", required=True)
    args = ap.parse_args()
    expected = collections.Counter()
    with open(os.path.join(args.corpus, "expected_parse_failures.tsv")) as f:
        next(f)
        for line in f:
            expected[line.split("\t", 1)[0]] += 1
    root = os.path.join(args.corpus, "parser")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".sql"))
    crashes, total_errors, total_statements, diffs = [], 0, 0, []
    for path in files:
        rel = os.path.relpath(path, args.corpus)
        try:
            out = subprocess.run([args.tool, path], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            crashes.append((rel, "timeout"))
            continue
        if out.returncode not in (0, 1):
            crashes.append((rel, f"exit {out.returncode}"))
            continue
        stmts = json.loads(out.stdout)["statements"]
        errors = sum(1 for s in stmts if s["kind"] == "error")
        if (errors > 0) != (out.returncode == 1):
            crashes.append((rel, "exit code does not match diagnostics"))
        total_errors += errors
        total_statements += len(stmts)
        if errors != expected[rel]:
            diffs.append((rel, expected[rel], errors))
    exp_total = sum(expected[k] for k in expected if k.startswith("parser/"))
    for rel, e, g in diffs:
        print(f"  {rel}: expected {e} failures, got {g}")
    for rel, why in crashes:
        print(f"CRASH {rel}: {why}")
    print(f"parser corpus: {len(files)} files, {total_statements} statements, {total_errors} diagnostics "
          f"(expected {exp_total}); {len(diffs)} files differ; {len(crashes)} crashes")
    ok = not crashes and abs(total_errors - exp_total) <= 0.05 * exp_total
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
