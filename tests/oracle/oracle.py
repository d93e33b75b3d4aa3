#!/usr/bin/env python3
"""Oracle comparison (run by run_oracle.sh with a live PostgreSQL in PG* env).

For each pipeline: create a database, load the schema, create each pipeline
query as a view (in dependency order: retry until no progress), pull the
catalog from the live database with govern (libpq), then:

1. reads/tables: analyse every view's query with govern *without view
   expansion* -- PostgreSQL's view_column_usage lists the columns of the
   relations a view references directly (views included, not their base
   columns), so govern must stop at the same level -- and compare per view:
     reads   vs information_schema.view_column_usage (+ whole-row references)
     tables  vs information_schema.view_table_usage
2. lineage: per output column, govern's outputs[i].sources (views expanded,
   view columns dropped) and its CTAS write_sources vs the base columns
   PostgreSQL's stored query tree of the view resolves that column to
   (lineage.py). See docs/catalog.md, "6. The oracle test".
"""
import argparse, json, os, re, subprocess, sys
from lineage import Resolver, Skip

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

HERE = os.path.dirname(os.path.abspath(__file__))

def derivation_views(corpus):
    """tests/oracle/derivations/views.sql: one `CREATE VIEW s.v AS ...;` a line."""
    views = []
    for line in open(os.path.join(HERE, "derivations/views.sql")):
        m = re.match(r"CREATE\s+VIEW\s+(\w+)\.(\w+)\s+(\([^)]*\)\s+)?AS\s+(.*);\s*$", line, re.I)
        if m:
            views.append((m.group(1), m.group(2), strip_sql(m.group(4)), m.group(2), m.group(3)))
    return views

PIPELINES = [
    ("jaffle_shop", "pipelines/jaffle_shop/schema.sql", jaffle_views, []),
    ("pagila", "pipelines/pagila/schema.sql", pagila_views, []),
    ("mimic", "pipelines/mimic-iv/schema.sql", mimic_views, ["CREATE SCHEMA IF NOT EXISTS mimiciv_derived;"]),
    ("derivations", os.path.join(HERE, "derivations/schema.sql"), derivation_views, []),
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
            schema_name, view, query, src = v[:4]
            collist = v[4] if len(v) > 4 and v[4] else ""
            r = psql(args, db, f'CREATE VIEW "{schema_name}"."{view}" {collist}AS {query};', check=False)
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
    if name == "derivations" and len(created) != len(views):
        # The oracle's own cases must all exist, or a rule goes untested.
        raise SystemExit("derivations: PostgreSQL rejects some cases (see above)")
    # One empty table per view with the view's columns (names and order),
    # the target of the INSERT ... SELECT lineage comparison.
    psql(args, db, "CREATE SCHEMA oracle_sink;\n" + "".join(
        f'CREATE TABLE oracle_sink."{v[0]}__{v[1]}" AS SELECT * FROM "{v[0]}"."{v[1]}" WITH NO DATA;\n'
        for v in created))
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
    resolver, rels = pg_resolver(args, db)
    by_name = {f"{ns}.{rel}": oid for oid, (ns, rel, kind) in rels.items()}
    agree = known = stale = 0
    ncols = ntabs = 0
    for v, f in zip(created, facts):
        key = f"{v[0]}.{v[1]}"
        g_cols = {c for c in f["reads"] if c.rsplit(".", 1)[1] not in SYSTEM_COLUMNS}
        g_tabs = {t["name"] for t in f["tables"]}
        p_cols = set(cols.get(key, set()))
        # A whole-row reference is a dependency on the relation itself, which
        # view_column_usage does not list; govern (rightly) reads every
        # column. Taken from the view's stored query tree (lineage.py).
        for rel in resolver.whole_row_relations(by_name[key]):
            ns, rn, _ = rels[rel]
            p_cols |= {f"{ns}.{rn}.{a}" for a in resolver.attrs[rel].values()}
        p_tabs = tabs.get(key, set())
        ncols += len(p_cols)
        ntabs += len(p_tabs)
        ok = g_cols == p_cols and g_tabs == p_tabs and not f["unresolved"]
        bug = KNOWN_GOVERN_BUGS.get((name, v[1], READS))
        if ok:
            agree += 1
            if bug:
                stale += 1
                print(f"  [{name}] KNOWN GOVERN BUG NOW AGREES {v[3]} ({key}) reads: remove it from KNOWN_GOVERN_BUGS")
        else:
            if bug:
                known += 1
                print(f"  [{name}] KNOWN GOVERN BUG (reads) {v[3]} ({key}) ({bug})")
            else:
                print(f"  [{name}] MISMATCH {v[3]} ({key})")
            if g_cols - p_cols: print(f"      govern only columns: {sorted(g_cols - p_cols)}")
            if p_cols - g_cols: print(f"      postgres only columns: {sorted(p_cols - g_cols)}")
            if g_tabs - p_tabs: print(f"      govern only tables: {sorted(g_tabs - p_tabs)}")
            if p_tabs - g_tabs: print(f"      postgres only tables: {sorted(p_tabs - g_tabs)}")
            if f["unresolved"]: print(f"      unresolved: {f['unresolved']}")
    print(f"{name}: {agree}/{len(created)} views agree on {ncols} column and {ntabs} table dependencies "
          f"({len(views) - len(created)} queries rejected by PostgreSQL"
          f"{f', {known} views differ by known govern bugs' if known else ''})")
    lin = lineage_pipeline(args, name, cat, sql_path, created, resolver, rels)
    return agree, len(created), known, stale, lin

def rows(args, db, sql):
    """Rows of a query, fields split on unit separators (names may hold tabs)."""
    p = subprocess.run([args.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-At", "-F", "\x1f", "-R", "\x1e"],
                       input=sql, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)
    out = p.stdout[:-1] if p.stdout.endswith("\n") else p.stdout
    return [r.split("\x1f") for r in out.split("\x1e") if r != ""]

def pg_resolver(args, db):
    rels = {oid: (ns, rel, kind) for oid, ns, rel, kind in rows(args, db,
            "SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','v','m','p','f')")}
    attrs = {}
    for rel, num, att in rows(args, db, "SELECT attrelid, attnum, attname FROM pg_attribute "
                                        "WHERE attnum > 0 AND NOT attisdropped"):
        attrs.setdefault(rel, {})[int(num)] = att
    rules = dict(rows(args, db, "SELECT ev_class, ev_action FROM pg_rewrite WHERE rulename = '_RETURN'"))
    counts = {r[0] for r in rows(args, db, "SELECT oid FROM pg_proc WHERE proname = 'count' "
                                           "AND pronamespace = 'pg_catalog'::regnamespace")}
    ordered = {r[0] for r in rows(args, db, "SELECT aggfnoid::oid FROM pg_aggregate WHERE aggkind IN ('o','h')")}
    return Resolver(rels, attrs, rules, counts, ordered), rels

# Real govern bugs the derivation cases expose, printed on every run as
# "KNOWN GOVERN BUG". Strict: an entry whose column now agrees fails the
# oracle until it is removed here, and any mismatch not listed fails it.
# Key: (pipeline, view, column) -- column WHOLE_VIEW: every difference in
# that view's columns (e.g. the number of columns, or INSERT's positional
# shift it causes); column READS: the view-level reads/tables comparison.
READS = "(reads)"
WHOLE_VIEW = "(view)"
KNOWN_GOVERN_BUGS = {
    ("derivations", "srf_rows_from", "a"):
        "ROWS FROM (f1(x), f2(y)): each column comes from its own function; govern unions all arguments",
    ("derivations", "srf_rows_from", "b"):
        "ROWS FROM (f1(x), f2(y)): each column comes from its own function; govern unions all arguments",
}

def compare_lineage(name, label, created, pg_cols, govern_cols, is_view_col):
    """pg_cols[i] / govern_cols[i]: per view, list of (column name, sources or Skip)."""
    n = compared = agree = uncounted = 0
    skipped = {}
    mismatches, known, stale = [], [], []
    for v, pcols, gcols in zip(created, pg_cols, govern_cols):
        key = f"{v[0]}.{v[1]}"
        differs = []  # (column or WHOLE_VIEW, message)
        if len(pcols) != len(gcols):
            n += len(pcols)
            uncounted += len(pcols)
            differs.append((WHOLE_VIEW, f"{v[3]} ({key}): {len(gcols)} columns in govern "
                                        f"{[c for c, _ in gcols]}, {len(pcols)} in PostgreSQL {[c for c, _ in pcols]}"))
            pcols = gcols = []
        for (pname, truth), (gname, gsrc) in zip(pcols, gcols):
            n += 1
            if isinstance(truth, Skip):
                reason = str(truth)
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            compared += 1
            g = {s for s in gsrc if not is_view_col(s)}
            # A view with a column list (`CREATE VIEW v (a, b) AS q`) renames
            # q's columns; govern analysed q itself, so names are not compared.
            renamed = len(v) > 4 and v[4] and label == "lineage"
            if os.environ.get("ORACLE_VERBOSE"):
                print(f"    {label} {key}.{pname}: {sorted(truth)}")
            if g == truth and (gname == pname or renamed):
                agree += 1
                if (name, v[1], pname) in KNOWN_GOVERN_BUGS:
                    stale.append(f"{v[3]} ({key}) column {pname}")
            else:
                msg = f"{v[3]} ({key}) column {pname}"
                if gname != pname: msg += f": govern names it {gname!r}"
                if g - truth: msg += f"\n        govern only: {sorted(g - truth)}"
                if truth - g: msg += f"\n        postgres only: {sorted(truth - g)}"
                differs.append((pname, msg))
        whole = KNOWN_GOVERN_BUGS.get((name, v[1], WHOLE_VIEW))
        if whole and not differs:
            stale.append(f"{v[3]} ({key})")
        for column, msg in differs:
            bug = KNOWN_GOVERN_BUGS.get((name, v[1], column)) or whole
            if bug:
                known.append(f"{msg}\n        ({bug})")
            else:
                mismatches.append(msg)
    for m in known:
        print(f"  [{name}] KNOWN GOVERN BUG ({label}) {m}")
    for m in mismatches:
        print(f"  [{name}] LINEAGE MISMATCH ({label}) {m}")
    for m in stale:
        print(f"  [{name}] KNOWN GOVERN BUG NOW AGREES ({label}) {m}: remove it from KNOWN_GOVERN_BUGS")
    why = ", ".join(f"{k}: {c}" for k, c in sorted(skipped.items())) or "none"
    shape = f" ({uncounted} in views whose number of columns differs)" if uncounted else ""
    print(f"{name} {label}: {n} columns{shape}, compared {compared}, agree {agree}, "
          f"skipped {sum(skipped.values())} ({why}), mismatches {len(mismatches)}, known govern bugs {len(known)}")
    return compared, agree, len(mismatches) + len(stale), len(known)

def lineage_pipeline(args, name, cat, sql_path, created, resolver, rels):
    """Per-column lineage: govern's outputs[i].sources (views expanded, view
    columns dropped) vs the base columns PostgreSQL's stored query tree of the
    view resolves column i to (lineage.py); also govern's write_sources of
    `CREATE TABLE x AS query` vs the same truth (the view created from that
    query is the equivalent view; mimic-iv's pipeline statements are these
    CTAS, the other pipelines' queries are wrapped) and of
    `INSERT INTO sink query` (positional)."""
    by_name = {f"{ns}.{rel}": (oid, kind) for oid, (ns, rel, kind) in rels.items()}
    def is_view_col(src):
        rel = by_name.get(src.rsplit(".", 1)[0])
        return rel is not None and rel[1] == "v"
    pg_cols = [resolver.view_columns(by_name[f"{v[0]}.{v[1]}"][0]) for v in created]
    # How much the truth holds: columns with sources, and columns whose truth
    # the count rule changes (resolved again with count treated as a value).
    truths = [t for cols in pg_cols for _, t in cols]
    saved = resolver.count_oids
    resolver.count_oids, resolver._queries = set(), {}
    plain = [t for v in created for _, t in resolver.view_columns(by_name[f"{v[0]}.{v[1]}"][0])]
    resolver.count_oids, resolver._queries = saved, {}
    resolved = [t for t in truths if not isinstance(t, Skip)]
    changed = sum(1 for a, b in zip(truths, plain) if not isinstance(a, Skip) and a != b)
    print(f"{name} PostgreSQL truth: {sum(1 for t in resolved if t)} columns with sources "
          f"({sum(1 for t in resolved if len(t) > 1)} with several), {changed} changed by the count rule")
    out = subprocess.run([args.tool, "--catalog", cat, sql_path], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"govern failed on {name} (views expanded): {out.stderr[-2000:]}")
    facts = json.loads(out.stdout)["statements"]
    assert len(facts) == len(created), (len(facts), len(created))
    g_cols = [[(o["name"], o["sources"]) for o in f["outputs"]] for f in facts]
    results = [compare_lineage(name, "lineage", created, pg_cols, g_cols, is_view_col)]
    ctas_path = os.path.join(args.work, f"{name}.ctas.sql")
    with open(ctas_path, "w") as f:
        for v in created:
            collist = v[4] if len(v) > 4 and v[4] else ""
            f.write(f'CREATE TABLE "{v[0]}"."{v[1]}" {collist}AS {v[2]};\n')
    out = subprocess.run([args.tool, "--catalog", cat, ctas_path], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"govern failed on {name} (CTAS): {out.stderr[-2000:]}")
    facts = json.loads(out.stdout)["statements"]
    assert len(facts) == len(created), (len(facts), len(created))
    g_cols = []
    for v, f, pcols in zip(created, facts, pg_cols):
        ws = f.get("write_sources", {})
        # CTAS columns are the query's output columns, in order; written
        # columns without value sources are absent from write_sources.
        names = [c for c, _ in pcols] if len(v) > 4 and v[4] else [o["name"] for o in f["outputs"]]
        if len(names) != len(f["outputs"]):
            names = [o["name"] for o in f["outputs"]]
        g_cols.append([(n, ws.get(f"{v[0]}.{v[1]}.{n}", [])) for n in names])
    results.append(compare_lineage(name, "CTAS write_sources", created, pg_cols, g_cols, is_view_col))
    # INSERT INTO sink SELECT ... (no column list): positional, the sink's
    # columns are the view's (oracle_sink tables, created from the views).
    ins_path = os.path.join(args.work, f"{name}.insert.sql")
    with open(ins_path, "w") as f:
        for v in created:
            f.write(f'INSERT INTO oracle_sink."{v[0]}__{v[1]}" {v[2]};\n')
    out = subprocess.run([args.tool, "--catalog", cat, ins_path], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"govern failed on {name} (INSERT): {out.stderr[-2000:]}")
    facts = json.loads(out.stdout)["statements"]
    assert len(facts) == len(created), (len(facts), len(created))
    g_cols = []
    for v, f, pcols in zip(created, facts, pg_cols):
        ws = f.get("write_sources", {})
        sink = f"oracle_sink.{v[0]}__{v[1]}"
        # govern maps the query's columns to the sink's positionally (an
        # INSERT has no outputs of its own): compared per sink column.
        g_cols.append([(n, ws.get(f"{sink}.{n}", [])) for n, _ in pcols])
    results.append(compare_lineage(name, "INSERT ... SELECT write_sources", created, pg_cols, g_cols, is_view_col))
    return results

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--psql", required=True)
    args = ap.parse_args()
    total_ok = total = total_known = total_stale = 0
    l_cmp = l_ok = l_bad = l_known = 0
    for p in PIPELINES:
        a, n, kn, st, lin = run_pipeline(args, *p)
        total_ok += a
        total += n
        total_known += kn
        total_stale += st
        for c, ok, bad, kn in lin:
            l_cmp += c
            l_ok += ok
            l_bad += bad
            l_known += kn
    pct = 100.0 * total_ok / total if total else 0
    print(f"oracle: {total_ok}/{total} views agree ({pct:.1f}%), {total_known} differ by known govern bugs")
    print(f"oracle lineage: {l_ok}/{l_cmp} compared columns agree, {l_bad} unexpected mismatches, "
          f"{l_known} mismatches from known govern bugs")
    ok = (total_ok + total_known == total and total_stale == 0 and total > 0
          and l_bad == 0 and l_cmp > 0)
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
