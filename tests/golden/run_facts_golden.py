#!/usr/bin/env python3
"""Golden facts tests: SQL in, facts JSON out.

Each tests/golden/facts/*.sql file holds:
  -- catalog: PATH        (repeatable; relative to the file, or $CORPUS/...)
  -- search-path: a,b     (optional)
  -- source: $CORPUS/...  (optional: analyse that file instead of the inline SQL)
  SQL...
  -- expect:
  -- {"index":0,...}      (one JSON line per statement, as `govern analyze --usage` prints them)
Run with --update to rewrite the expectations from the current output.
"""
import argparse, json, os, subprocess, sys

def parse(path, corpus):
    catalogs, search, source, sql, expect = [], None, None, [], []
    in_expect = False
    for line in open(path, encoding="utf-8").read().splitlines():
        if in_expect:
            if line.startswith("-- "):
                expect.append(line[3:])
            continue
        if line.startswith("-- catalog:"):
            catalogs.append(resolve(line.split(":", 1)[1].strip(), path, corpus))
        elif line.startswith("-- search-path:"):
            search = line.split(":", 1)[1].strip()
        elif line.startswith("-- source:"):
            source = resolve(line.split(":", 1)[1].strip(), path, corpus)
        elif line.strip() == "-- expect:":
            in_expect = True
        else:
            sql.append(line)
    return catalogs, search, source, "\n".join(sql), expect

def resolve(p, path, corpus):
    if p.startswith("$CORPUS/"):
        return os.path.join(corpus, p[len("$CORPUS/"):])
    return os.path.normpath(os.path.join(os.path.dirname(path), p))

def run(tool, catalogs, search, source, sql):
    cmd = [tool, "--usage"]
    for c in catalogs:
        cmd += ["--catalog", c]
    if search:
        cmd += ["--search-path", search]
    if source:
        cmd.append(source)
        out = subprocess.run(cmd, capture_output=True, text=True)
    else:
        cmd.append("-")
        out = subprocess.run(cmd, input=sql, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"exit {out.returncode}: {out.stderr}")
    lines = [l.rstrip(",") for l in out.stdout.splitlines() if l.startswith("{\"index\"")]
    for l in lines:
        json.loads(l)
    return lines

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".sql"))
        else:
            files.append(p)
    failed = 0
    for path in files:
        catalogs, search, source, sql, expect = parse(path, args.corpus)
        got = run(args.tool, catalogs, search, source, sql)
        if args.update:
            text = open(path, encoding="utf-8").read()
            head = text.split("\n-- expect:\n")[0].rstrip("\n")
            with open(path, "w", encoding="utf-8") as f:
                f.write(head + "\n-- expect:\n" + "".join(f"-- {l}\n" for l in got))
            continue
        if got != expect:
            failed += 1
            print(f"FAIL {path}")
            for i in range(max(len(got), len(expect))):
                g = got[i] if i < len(got) else "<none>"
                e = expect[i] if i < len(expect) else "<none>"
                if g != e:
                    print(f"  statement {i}:\n    expected {e}\n    got      {g}")
    if args.update:
        print(f"updated {len(files)} files")
        return 0
    print(f"golden facts: {len(files) - failed}/{len(files)} files pass")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
