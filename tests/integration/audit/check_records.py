#!/usr/bin/env python3
"""Checks the audit records of the integration test's scenario.
usage: check_records.py AUDIT_DIR SECRET_LITERAL"""
import glob, json, sys

recs = []
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    with open(path) as f:
        recs += [json.loads(l) for l in f]
secret = sys.argv[2]
fail = []
def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fail.append(what)

raw = "".join(open(p).read() for p in glob.glob(sys.argv[1] + "/*"))
check(secret not in raw, "no literal of a statement appears in the audit files")
check("pw-" not in raw, "no password appears in the audit files")
types = {r["type"] for r in recs}
for t in ["proxy_start", "connection_start", "connection_end", "statement", "outcome", "login_failed", "proxy_stop"]:
    check(t in types, f"a {t} record is written")
stmts = [r for r in recs if r["type"] == "statement"]
outs = {(r["session"], r["stmt"]): r for r in recs if r["type"] == "outcome"}
trainer = [s for s in stmts if s["identity"]["user"] == "trainer" and "customer_contacts" in s["sql"]]
check(len(trainer) == 2, "two statement records of the trainer reading the view")
if trainer:
    s = trainer[0]
    check(s["identity"]["purpose"] == "training" and s["decision"] == "allow", "identity and decision recorded")
    check(s["reads"] and "public.customers.email" in s["reads"], "columns read recorded through the view")
    e = [x for x in s["exposed"] if x["output"] == "email"]
    check(e and e[0]["tags"] == ["pii.email"] and e[0]["masked"] is False, "exposed column with its tag, not masked")
    o = outs.get((s["session"], s["stmt"]))
    check(o is not None and o["status"] == "ok" and o["rows"] == 3 and o["command"] == "SELECT",
          "outcome with rows from CommandComplete")
    check(o is not None and o["bytes"] > 0, "outcome counts the answer's bytes")
    check(isinstance(s.get("decide_ns"), int) and 0 < s["decide_ns"] < 10**9,
          f"the statement record says how long deciding took (decide_ns {s.get('decide_ns')})")
lit = [s for s in stmts if s["identity"]["user"] == "trainer" and "WHERE" in s["sql"]]
check(lit and "$1" in lit[0]["sql"], "normalized SQL has constants replaced: " + (lit[0]["sql"] if lit else "none"))
analyst = [s for s in stmts if s["identity"]["user"] == "analyst" and "email" in s["sql"]]
check(analyst and any(x["masked"] and x.get("method") == "email" for x in analyst[0]["exposed"]),
      "the analyst's e-mail column is marked masked (method email)")
denied = [s for s in stmts if s["decision"] == "deny" and s.get("rule") == "audit_test.no_unbounded_delete"]
check(denied and outs.get((denied[0]["session"], denied[0]["stmt"]), {}).get("status") == "refused",
      "a refused statement: decision deny, rule, outcome refused")
failed = [s for s in stmts if "nonexistent_table" in s["sql"]]
check(failed and outs.get((failed[0]["session"], failed[0]["stmt"]), {}).get("sqlstate") == "42P01",
      "a statement the server failed: outcome error with its SQLSTATE")
lf = [r for r in recs if r["type"] == "login_failed"]
check(lf and lf[0]["user"] == "trainer" and lf[0]["reason"] == "password", "failed login recorded")
ex = [s for s in stmts if s["via"] == "execute"]
check(len(ex) > 0, "extended protocol: Execute recorded")
starts = {r["session"]: r for r in recs if r["type"] == "connection_start"}
check(all(s["session"] in starts for s in stmts), "every statement belongs to a started session")
sys.exit(1 if fail else 0)
