#!/usr/bin/env python3
"""Oracle comparison (run by run_oracle.sh with a live PostgreSQL in PG* env).

For each pipeline: create a database, load the schema, create each pipeline
query as a view (in dependency order: retry until no progress), pull the
catalog from the live database with govern (libpq), then analyse every view's
query with govern *without view expansion* -- PostgreSQL's
view_column_usage lists the columns of the relations a view references
directly (views included, not their base columns), so govern must stop at the
same level -- and compare per view:
  reads   vs information_schema.view_column_usage
  tables  vs information_schema.view_table_usage
"""
import argparse, json, os, re, subprocess, sys

def psql(args, db, sql, check=True, stop=True):
    p = subprocess.run([args.psql, "-X", "-q", "-v", "ON_ERROR_STOP=%d" % stop, "-d", db, "-At", "-F", "\t"],
                       input=sql, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(p.stderr)
    return p

def strip_sql(text):
    return text.strip().rstrip(";").strip()

def jaffle_views(corpus):
    base = os.path.join(corpus, "pipelines/jaffle_shop/models")
    views = []
    for sub in ["staging", ""]:
        d = os.path.join(base, sub)
        for f in sorted(os.listdir(d)):
            if f.endswith(".sql"):
                views.append(("public", f[:-4], strip_sql(open(os.path.join(d, f)).read()), f))
    return views

def pagila_views(corpus):
    d = os.path.join(corpus, "pipelines/pagila/queries")
    views = []
    for f in sorted(os.listdir(d)):
        text = open(os.path.join(d, f)).read()
        m = re.match(r"\s*CREATE\s+VIEW\s+(\w+)\.(\w+)\s+AS\s+(.*)$", text, re.S | re.I)
        if m:
            views.append((m.group(1), m.group(2), strip_sql(m.group(3)), f))
    return views

def mimic_views(corpus):
    d = os.path.join(corpus, "pipelines/mimic-iv/queries")
    views = []
    for root, _, files in sorted(os.walk(d)):
        for f in sorted(files):
            if not f.endswith(".sql"):
                continue
            text = open(os.path.join(root, f)).read()
            m = re.search(r"CREATE\s+TABLE\s+(\w+)\.(\w+)\s+AS\s+(.*)$", text, re.S | re.I)
            if m:
                views.append((m.group(1), m.group(2), strip_sql(m.group(3)), os.path.relpath(os.path.join(root, f), d)))
    return views

PIPELINES = [
    ("jaffle_shop", "pipelines/jaffle_shop/schema.sql", jaffle_views, []),
    ("pagila", "pipelines/pagila/schema.sql", pagila_views, []),
    ("mimic", "pipelines/mimic-iv/schema.sql", mimic_views, ["CREATE SCHEMA IF NOT EXISTS mimiciv_derived;"]),
]

SYSTEM_COLUMNS = {"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid"}

def run_pipeline(args, name, schema, views_fn, prelude):
    db = "oracle_" + name
    psql(args, "postgres", f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db};")
    text = open(os.path.join(args.corpus, schema)).read()
    # pagila's dump comes from PostgreSQL 18 (uuidv7()); PostgreSQL 15 has gen_random_uuid().
    text = text.replace("uuidv7()", "gen_random_uuid()")
    p = psql(args, db, text + "\n" + "\n".join(prelude), check=False, stop=False)
    errors = [l for l in p.stderr.splitlines() if "ERROR" in l]
    if errors:
        print(f"  [{name}] schema: {len(errors)} errors, first: {errors[0]}")
    views = views_fn(args.corpus)
    pending = list(views)
    created = []
    while pending:
        progress = False
        rest = []
        for v in pending:
            schema_name, view, query, src = v
            r = psql(args, db, f'CREATE VIEW "{schema_name}"."{view}" AS {query};', check=False)
            if r.returncode == 0:
                created.append(v)
                progress = True
            else:
                rest.append((v, r.stderr.strip().splitlines()[0] if r.stderr.strip() else "?"))
        pending = [v for v, _ in rest]
        if not progress:
            for v, err in rest:
                print(f"  [{name}] PostgreSQL rejects {v[3]}: {err}")
            break
    # govern: catalog pulled from the live database (libpq), saved as JSON.
    cat = os.path.join(args.work, f"{name}.catalog.json")
    dsn = f"host={os.environ['PGHOST']} port={os.environ['PGPORT']} user=postgres dbname={db}"
    subprocess.run([args.tool, "--pull", dsn, "--save", cat], check=True)
    sql_path = os.path.join(args.work, f"{name}.views.sql")
    with open(sql_path, "w") as f:
        for v in created:
            f.write(v[2] + ";\n")
    out = subprocess.run([args.tool, "--catalog", cat, "--no-expand-views", sql_path], capture_output=True, text=True)
    if out.returncode not in (0,):
        print("rc", out.returncode, out.stderr[-3000:], [l for l in out.stdout.splitlines() if '"error"' in l][:5])
        raise SystemExit(f"govern failed on {name}")
    facts = json.loads(out.stdout)["statements"]
    assert len(facts) == len(created), (len(facts), len(created))
    cols = {}
    for line in psql(args, db, "SELECT view_schema||'.'||view_name, table_schema||'.'||table_name||'.'||column_name "
                                "FROM information_schema.view_column_usage WHERE view_schema NOT IN ('pg_catalog','information_schema')").stdout.splitlines():
        v, c = line.split("\t")
        cols.setdefault(v, set()).add(c)
    tabs = {}
    for line in psql(args, db, "SELECT view_schema||'.'||view_name, table_schema||'.'||table_name "
                                "FROM information_schema.view_table_usage WHERE view_schema NOT IN ('pg_catalog','information_schema')").stdout.splitlines():
        v, t = line.split("\t")
        tabs.setdefault(v, set()).add(t)
    agree = 0
    ncols = ntabs = 0
    for v, f in zip(created, facts):
        key = f"{v[0]}.{v[1]}"
        g_cols = {c for c in f["reads"] if c.rsplit(".", 1)[1] not in SYSTEM_COLUMNS}
        g_tabs = {t["name"] for t in f["tables"]}
        p_cols = cols.get(key, set())
        p_tabs = tabs.get(key, set())
        ncols += len(p_cols)
        ntabs += len(p_tabs)
        ok = g_cols == p_cols and g_tabs == p_tabs and not f["unresolved"]
        if ok:
            agree += 1
        else:
            print(f"  [{name}] MISMATCH {v[3]} ({key})")
            if g_cols - p_cols: print(f"      govern only columns: {sorted(g_cols - p_cols)}")
            if p_cols - g_cols: print(f"      postgres only columns: {sorted(p_cols - g_cols)}")
            if g_tabs - p_tabs: print(f"      govern only tables: {sorted(g_tabs - p_tabs)}")
            if p_tabs - g_tabs: print(f"      postgres only tables: {sorted(p_tabs - g_tabs)}")
            if f["unresolved"]: print(f"      unresolved: {f['unresolved']}")
    print(f"{name}: {agree}/{len(created)} views agree on {ncols} column and {ntabs} table dependencies "
          f"({len(views) - len(created)} queries rejected by PostgreSQL)")
    return agree, len(created)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--psql", required=True)
    args = ap.parse_args()
    total_ok = total = 0
    for p in PIPELINES:
        a, n = run_pipeline(args, *p)
        total_ok += a
        total += n
    pct = 100.0 * total_ok / total if total else 0
    print(f"oracle: {total_ok}/{total} views agree ({pct:.1f}%)")
    return 0 if total_ok == total and total > 0 else 1

if __name__ == "__main__":
    sys.exit(main())
